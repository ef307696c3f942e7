// A CSV cell as decisions write it: quoted only when it holds a comma, a quote or a line end.
#include <catch2/catch.hpp>

#include "engine/io/decision_csv.hpp"

namespace jaring::test {

namespace {
std::string csv_cell(std::string_view s) {
  std::string out = "x";
  append_csv_cell(out, s);
  return out.substr(1);
}
}  // namespace

TEST_CASE("a CSV cell is quoted only when it must be", "[csv]") {
  CHECK(csv_cell("") == "");
  CHECK(csv_cell("3672010101900001") == "3672010101900001");
  // Every byte below ',' that is not special stays as it is, and so do bytes from 0x80.
  CHECK(csv_cell(" !#$%&'()*+\t") == " !#$%&'()*+\t");
  CHECK(csv_cell("Siti Nurhaliza \xC3\x91") == "Siti Nurhaliza \xC3\x91");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("line\nend") == "\"line\nend\"");
  CHECK(csv_cell("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_cell(",") == "\",\"");
}

}  // namespace jaring::test
