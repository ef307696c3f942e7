// A CSV cell as decisions write it: quoted only when it holds a comma, a quote or a line end;
// and rows so written given another delimiter (--out-delimiter).
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

TEST_CASE("CSV rows redelimited: the same cells, with the delimiter between them", "[csv][out_delimiter]") {
  // Plain cells: the commas between them become the delimiter; empty cells stay empty.
  CHECK(redelimited_csv("a,b,,c\n", ';') == "a;b;;c\n");
  CHECK(redelimited_csv(",\n,,\n", '\t') == "\t\n\t\t\n");
  CHECK(redelimited_csv("", ';').empty());
  // A cell holding the delimiter is quoted (payers and reasons hold `;`).
  CHECK(redelimited_csv("1,kpu=1680000;apbd=5,age;role\n", ';') == "1;\"kpu=1680000;apbd=5\";\"age;role\"\n");
  CHECK(redelimited_csv("x|y,z\n", '|') == "\"x|y\"|z\n");
  CHECK(redelimited_csv("t\tab,z\n", '\t') == "\"t\tab\"\tz\n");
  CHECK(redelimited_csv("x|y,z\n", ';') == "x|y;z\n");  // not the delimiter: as it is
  // A quoted cell is kept whole: its commas, quotes and line ends are its own.
  CHECK(redelimited_csv("\"a,b\",\"say \"\"hi\"\"\",\"l\nm\",e\n", ';') == "\"a,b\";\"say \"\"hi\"\"\";\"l\nm\";e\n");
  CHECK(redelimited_csv("\"\"\"\",\";\"\n", ';') == "\"\"\"\";\";\"\n");  // a quote alone; a `;` quoted
  // Comma, the default, changes nothing; and every cell read back is the one written.
  const std::string rows = "id,line\n\"1,2\",3\n\"a\"\"b\",4\np;q,5\n";
  CHECK(redelimited_csv(rows, ',') == rows);
  CHECK(redelimited_csv(rows, ';') == "id;line\n\"1,2\";3\n\"a\"\"b\";4\n\"p;q\";5\n");
  // Appended to what `out` holds.
  std::string out = "head\n";
  redelimit_csv("a,b\n", '|', out);
  CHECK(out == "head\na|b\n");
}

}  // namespace jaring::test
