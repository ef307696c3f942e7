#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <sstream>

#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/record.hpp"
#include "support.hpp"

using namespace jaring;

namespace {

FieldSpec field(std::string name, ValueKind type, bool optional = false, std::optional<Value> def = {}) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  f.default_value = std::move(def);
  return f;
}

// nik, name, birth, income (default Rp 1.000.000), member (optional), village (optional).
Schema people() {
  Schema s;
  s.name = "participant";
  s.fields = {
      field("nik", ValueKind::Nik),           field("name", ValueKind::Text),
      field("birth", ValueKind::Date),        field("income", ValueKind::Money, false, Value::money(100'000'000)),
      field("member", ValueKind::Bool, true), field("village", ValueKind::Region, true)};
  s.id_field = 0;
  return s;
}

// people() plus an int, a percent and a text `id` that is not the id (the NIK is).
Schema wide() {
  Schema s = people();
  s.fields.push_back(field("children", ValueKind::Int, true));
  s.fields.push_back(field("rate", ValueKind::Percent, true));
  return s;
}

struct Read {
  std::uint64_t count = 0;
  InputCounts counts;
  std::vector<Record> records;
  std::vector<Rejection> rejections;
  std::vector<std::uint64_t> lines;  // of every result, in order
};

Read read(const std::string& text, InputFormat format, const Schema& schema = people(),
          const ReadOptions& options = {}) {
  std::istringstream in(text);
  Read r;
  r.count = read_records(
      in, format, schema,
      [&](ReadResult&& res) {
        if (auto* rec = std::get_if<Record>(&res)) {
          r.lines.push_back(rec->line);
          r.records.push_back(std::move(*rec));
        } else {
          auto& rej = std::get<Rejection>(res);
          r.lines.push_back(rej.line);
          r.rejections.push_back(std::move(rej));
        }
      },
      options, &r.counts);
  return r;
}

// Every input record came out once, as a Record or a Rejection.
void reconciles(const Read& r, std::uint64_t expected) {
  CHECK(r.records.size() + r.rejections.size() == r.count);
  CHECK(r.count == expected);
  CHECK(r.counts.rows == r.count);
  CHECK(r.counts.holds());
}

// The InputError message of reading `text`, or "" when it reads.
std::string input_error(const std::string& text, InputFormat format, const ReadOptions& options = {}) {
  try {
    read(text, format, people(), options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string reason(ValueKind type, std::string_view text) {
  std::string why;
  const auto v = convert_field(field("x", type), text, why);
  return v ? "<converted>" : why;
}

Value value(ValueKind type, std::string_view text) {
  std::string why;
  const auto v = convert_field(field("x", type), text, why);
  INFO(text << ": " << why);
  REQUIRE(v);
  return *v;
}

const std::string csv_header = "nik,name,birth,income,member,village\n";
const std::string ani = "3672010101900001,Ani,1990-01-01,Rp 2.000.000,ya,36.72.01\n";
const std::string budi = "3672010101900002,Budi,1985-05-05,,tidak,\n";

}  // namespace

// ---- field conversion ---------------------------------------------------------------------

TEST_CASE("record: whole numbers", "[record]") {
  CHECK(value(ValueKind::Int, "42").i == 42);
  CHECK(value(ValueKind::Int, " -7 ").i == -7);
  CHECK(value(ValueKind::Int, "1.528").i == 1528);
  CHECK(value(ValueKind::Int, "1_528").i == 1528);
  CHECK(value(ValueKind::Int, "9223372036854775807").i == 9223372036854775807LL);
  CHECK(reason(ValueKind::Int, "1.5") == "`1.5` is not a whole number");
  CHECK(reason(ValueKind::Int, "abc") == "`abc` is not a whole number");
  CHECK(reason(ValueKind::Int, "+5") == "`+5` is not a whole number");
  CHECK(reason(ValueKind::Int, "36.72") == "`36.72` is not a whole number");
  CHECK(reason(ValueKind::Int, "9223372036854775808") == "`9223372036854775808` is too large for a whole number");
}

TEST_CASE("record: money in rupiah or Rp notation", "[record]") {
  CHECK(value(ValueKind::Money, "1000000").i == 100'000'000);
  CHECK(value(ValueKind::Money, "Rp 1.000.000").i == 100'000'000);
  CHECK(value(ValueKind::Money, "Rp1.000.000,50").i == 100'000'050);
  CHECK(value(ValueKind::Money, "1.000.000").i == 100'000'000);
  CHECK(value(ValueKind::Money, "1.000.000,5").i == 100'000'050);
  CHECK(value(ValueKind::Money, "Rp 1_000_000").i == 100'000'000);
  CHECK(value(ValueKind::Money, "0").i == 0);
  CHECK(value(ValueKind::Money, "Rp. 1.000.000,00").i == 100'000'000);
  CHECK(value(ValueKind::Money, "RP 6.800").i == 680'000);
  CHECK(value(ValueKind::Money, "1000000").kind == ValueKind::Money);
  CHECK(reason(ValueKind::Money, "-1000") == "money cannot be negative, found `-1000`");
  CHECK(reason(ValueKind::Money, "Rp -1.000") == "money cannot be negative, found `Rp -1.000`");
  CHECK(reason(ValueKind::Money, "Rp 1,505") == "`Rp 1,505` has more than two digits of sen");
  CHECK(reason(ValueKind::Money, "Rp 100.000.000.000.000.000") ==
        "`Rp 100.000.000.000.000.000` is too large for an amount of money");
  CHECK(reason(ValueKind::Money, "1.5").find("`1.5` is not an amount of money") == 0);
  CHECK(reason(ValueKind::Money, "Rp").find("`Rp` is not an amount of money") == 0);
  CHECK(reason(ValueKind::Money, "Rp 1.000,").find("is not an amount of money") != std::string::npos);
  CHECK(reason(ValueKind::Money, "1 000 000").find("is not an amount of money") != std::string::npos);
  CHECK(reason(ValueKind::Money, "USD 5").find("is not an amount of money") != std::string::npos);
}

TEST_CASE("record: percentages", "[record]") {
  CHECK(compare(value(ValueKind::Percent, "0,24%").q, Rational{24, 10'000}) == 0);
  CHECK(compare(value(ValueKind::Percent, "0.24%").q, Rational{24, 10'000}) == 0);
  CHECK(compare(value(ValueKind::Percent, "100%").q, Rational{1, 1}) == 0);
  CHECK(compare(value(ValueKind::Percent, "3,5‰").q, Rational{35, 10'000}) == 0);
  CHECK(reason(ValueKind::Percent, "0,24").find("`0,24` is not a percentage") == 0);
  CHECK(reason(ValueKind::Percent, "%").find("is not a percentage") != std::string::npos);
  CHECK(reason(ValueKind::Percent, "-1%").find("is not a percentage") != std::string::npos);
  CHECK(reason(ValueKind::Percent, "1,23456%") == "`1,23456%` is more precise than a millionth");
}

TEST_CASE("record: dates", "[record]") {
  CHECK(value(ValueKind::Date, "2024-02-29").i == *parse_date("2024-02-29"));
  CHECK(reason(ValueKind::Date, "2024-02-30") == "`2024-02-30` is not a calendar date");
  CHECK(reason(ValueKind::Date, "2023-02-29") == "`2023-02-29` is not a calendar date");
  // A spreadsheet's date is not guessed at: named with the flag that reads it.
  CHECK(reason(ValueKind::Date, "30/02/2024") ==
        "`30/02/2024` is not a date (write `YYYY-MM-DD`, such as `2024-07-01`; a spreadsheet's dates are read with "
        "--date-format DD/MM/YYYY)");
  CHECK(reason(ValueKind::Date, "1.5.1984").find("--date-format DD.MM.YYYY)") != std::string::npos);
  CHECK(reason(ValueKind::Date, "12-03-1950").find("--date-format DD-MM-YYYY)") != std::string::npos);
  CHECK(reason(ValueKind::Date, "1984/05/01") ==
        "`1984/05/01` is not a date (write `YYYY-MM-DD`, such as `2024-07-01`)");
  CHECK(reason(ValueKind::Date, "12/3/50") == "`12/3/50` is not a date (write `YYYY-MM-DD`, such as `2024-07-01`)");
}

TEST_CASE("record: dates in a spreadsheet's notation (--date-format)", "[record][date_format]") {
  const auto date = [](std::string_view text, std::string_view format) {
    std::string why;
    const auto v = convert_field(field("x", ValueKind::Date), text, why, *date_format_named(format));
    return !v ? why : v->is_missing() ? std::string("<missing>") : format_date(static_cast<Day>(v->i));
  };
  CHECK(date("01/05/1984", "DD/MM/YYYY") == "1984-05-01");
  CHECK(date("1/5/1984", "DD/MM/YYYY") == "1984-05-01");
  CHECK(date(" 29/2/2024 ", "DD/MM/YYYY") == "2024-02-29");
  CHECK(date("31-12-1999", "DD-MM-YYYY") == "1999-12-31");
  CHECK(date("1.5.1984", "DD.MM.YYYY") == "1984-05-01");
  CHECK(date("5/1/1984", "MM/DD/YYYY") == "1984-05-01");
  CHECK(date("12/31/1999", "MM/DD/YYYY") == "1999-12-31");
  // YYYY-MM-DD is always read, whatever the format.
  CHECK(date("1984-05-01", "DD/MM/YYYY") == "1984-05-01");
  CHECK(date("1984-05-01", "DD-MM-YYYY") == "1984-05-01");
  // Not a calendar date, or not so written: rejected, never guessed.
  CHECK(date("29/02/2023", "DD/MM/YYYY") == "`29/02/2023` is not a calendar date");
  CHECK(date("12/31/1999", "DD/MM/YYYY") == "`12/31/1999` is not a calendar date");
  CHECK(date("00/05/1984", "DD/MM/YYYY") == "`00/05/1984` is not a calendar date");
  CHECK(date("1/5/84", "DD/MM/YYYY") == "`1/5/84` is not a date (write `DD/MM/YYYY` or `YYYY-MM-DD`)");
  CHECK(date("01-05-1984", "DD/MM/YYYY") == "`01-05-1984` is not a date (write `DD/MM/YYYY` or `YYYY-MM-DD`)");
  CHECK(date("001/05/1984", "DD/MM/YYYY").find("is not a date") != std::string::npos);
  CHECK(date("01/05/19845", "DD/MM/YYYY").find("is not a date") != std::string::npos);
  CHECK(date("01/05/1984/", "DD/MM/YYYY").find("is not a date") != std::string::npos);
  CHECK(date("/05/1984", "DD/MM/YYYY").find("is not a date") != std::string::npos);
  CHECK(date("", "DD/MM/YYYY") == "<missing>");  // the default applies, as for any field
  CHECK(!date_format_named("dd/mm/yyyy"));
  CHECK(date_format_name(*date_format_named("DD.MM.YYYY")) == "DD.MM.YYYY");
}

TEST_CASE("record: yes/no values", "[record]") {
  for (const char* yes : {"true", "TRUE", "Ya", "1", "yes", " Yes "}) CHECK(value(ValueKind::Bool, yes).i == 1);
  for (const char* no : {"false", "False", "tidak", "TIDAK", "0", "no"}) CHECK(value(ValueKind::Bool, no).i == 0);
  CHECK(value(ValueKind::Bool, "ya").kind == ValueKind::Bool);
  CHECK(reason(ValueKind::Bool, "maybe") == "`maybe` is not a yes/no value (use true/false, ya/tidak or 1/0)");
  CHECK(reason(ValueKind::Bool, "2").find("`2` is not a yes/no value") == 0);
}

TEST_CASE("record: region codes", "[record]") {
  CHECK(value(ValueKind::Region, "36.72").s == "36.72");
  CHECK(value(ValueKind::Region, "63.10.05.2001").s == "63.10.05.2001");
  CHECK(value(ValueKind::Region, "36.72").kind == ValueKind::Region);
  const std::string msg = "`36.7` is not a region code (write `PP.KK[.CC[.VVVV]]`, such as `36.72`)";
  CHECK(reason(ValueKind::Region, "36.7") == msg);
  CHECK(reason(ValueKind::Region, "3672").find("is not a region code") != std::string::npos);
  CHECK(reason(ValueKind::Region, "36.72.1").find("is not a region code") != std::string::npos);
  CHECK(reason(ValueKind::Region, "Cilegon").find("is not a region code") != std::string::npos);
}

TEST_CASE("record: NIK is exactly 16 digits", "[record]") {
  CHECK(value(ValueKind::Nik, "3672010101900001").s == "3672010101900001");
  CHECK(value(ValueKind::Nik, "3672010101900001").kind == ValueKind::Nik);
  CHECK(reason(ValueKind::Nik, "367201010190001") == "a NIK has 16 digits, found 15");
  CHECK(reason(ValueKind::Nik, "36720101019000011") == "a NIK has 16 digits, found 17");
  CHECK(reason(ValueKind::Nik, "3672-0101-0190-0001") == "`3672-0101-0190-0001` is not a NIK, which is 16 digits");
}

TEST_CASE("record: text is trimmed valid UTF-8", "[record]") {
  CHECK(value(ValueKind::Text, "  ketua_rt\t").s == "ketua_rt");
  CHECK(value(ValueKind::Text, "Désa ✓ 😀 tengah  spasi").s == "Désa ✓ 😀 tengah  spasi");
  CHECK(reason(ValueKind::Text, "ab\xff") == "invalid UTF-8");
  CHECK(reason(ValueKind::Text, "\xC0\xAF") == "invalid UTF-8");          // overlong
  CHECK(reason(ValueKind::Text, "\xED\xA0\x80") == "invalid UTF-8");      // surrogate
  CHECK(reason(ValueKind::Text, "\xF4\x90\x80\x80") == "invalid UTF-8");  // above U+10FFFF
  CHECK(reason(ValueKind::Text, "\xE2\x9C") == "invalid UTF-8");          // truncated
}

TEST_CASE("record: empty text is missing, not an error", "[record]") {
  for (ValueKind k : {ValueKind::Int, ValueKind::Money, ValueKind::Date, ValueKind::Nik, ValueKind::Text})
    CHECK(value(k, " \t ").is_missing());
}

TEST_CASE("record: a message quotes the text shortened and printable", "[record]") {
  const std::string why = reason(ValueKind::Bool, std::string(100, 'y') + "\n\xff");
  CHECK(why == "`" + std::string(40, 'y') + "…` is not a yes/no value (use true/false, ya/tidak or 1/0)");
  CHECK(reason(ValueKind::Date, "a\x01\xff") ==
        "`a\\x01\\xFF` is not a date (write `YYYY-MM-DD`, such as `2024-07-01`)");
}

// ---- schema -------------------------------------------------------------------------------

TEST_CASE("record: the schema of a checked policy", "[record]") {
  auto r = test::check_text(test::base_policy);
  REQUIRE(r->policy);
  REQUIRE(r->codes().empty());
  const Schema s = make_schema(*r->policy);
  CHECK(s.name == "participant");
  REQUIRE(s.fields.size() == 8);
  CHECK(s.fields[0].type == ValueKind::Nik);
  CHECK(s.fields[1].type == ValueKind::Date);
  CHECK(s.fields[3].type == ValueKind::Region);
  CHECK(s.fields[4].optional);
  CHECK_FALSE(s.fields[3].optional);
  REQUIRE(s.fields[5].default_value);
  CHECK(s.fields[5].default_value->kind == ValueKind::Money);
  CHECK(s.fields[5].default_value->i == 100'000'000);
  REQUIRE(s.fields[6].default_value);
  CHECK(s.fields[6].default_value->kind == ValueKind::Bool);
  CHECK(s.fields[6].default_value->i == 0);
  CHECK(s.id_field == std::optional<std::size_t>{0});
  CHECK(s.index_of("domicile") == std::optional<std::size_t>{3});
  CHECK_FALSE(s.index_of("nope"));
}

TEST_CASE("record: Indonesian type names, negative and text defaults, an `id` field", "[record]") {
  auto r = test::check_text(R"(
kebijakan "Uji"
wilayah 36.72 "Kota Cilegon"
berlaku 2024-01-01 .. 2024-12-31
data peserta {
  kode   : teks = "x"
  id     : bilangan
  saldo  : uang = -Rp 1.000,50
  tarif  : persen = 0,24%
  lahir  : tanggal = 2000-02-29
  aktif  : logika = benar
  desa   : wilayah = 36.72.01
  anak   : bilangan = -3
}
)");
  REQUIRE(r->policy);
  INFO(r->codes().size());
  REQUIRE(r->codes().empty());
  const Schema s = make_schema(*r->policy);
  REQUIRE(s.fields.size() == 8);
  CHECK(s.fields[0].default_value->s == "x");
  CHECK(s.fields[0].default_value->kind == ValueKind::Text);
  CHECK(s.fields[1].type == ValueKind::Int);
  CHECK(s.fields[2].default_value->i == -100'050);
  CHECK(compare(s.fields[3].default_value->q, Rational{24, 10'000}) == 0);
  CHECK(s.fields[4].default_value->i == *parse_date("2000-02-29"));
  CHECK(s.fields[5].default_value->i == 1);
  CHECK(s.fields[6].default_value->s == "36.72.01");
  CHECK(s.fields[7].default_value->i == -3);
  CHECK(s.id_field == std::optional<std::size_t>{1});
}

TEST_CASE("record: no id field means the line is the id", "[record]") {
  Schema s;
  s.fields = {field("role", ValueKind::Text)};
  const Read r = read("role\nmarbot\n\nketua_rt\n", InputFormat::Csv, s);
  reconciles(r, 2);
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].id == "2");
  CHECK(r.records[1].id == "4");
}

// ---- CSV ----------------------------------------------------------------------------------

TEST_CASE("record: csv reads typed values, defaults and missing optionals", "[record]") {
  const Read r = read(csv_header + ani + budi, InputFormat::Csv);
  reconciles(r, 2);
  REQUIRE(r.records.size() == 2);
  const Record& a = r.records[0];
  CHECK(a.line == 2);
  CHECK(a.id == "3672010101900001");
  CHECK(a.values[1].s == "Ani");
  CHECK(a.values[2].i == *parse_date("1990-01-01"));
  CHECK(a.values[3].i == 200'000'000);
  CHECK(a.values[4].i == 1);
  CHECK(a.values[5].s == "36.72.01");
  const Record& b = r.records[1];
  CHECK(b.line == 3);
  CHECK(b.values[3].i == 100'000'000);  // default
  CHECK(b.values[4].i == 0);
  CHECK(b.values[5].is_missing());
}

TEST_CASE("record: csv empty file and header only give no records", "[record]") {
  reconciles(read("", InputFormat::Csv), 0);
  reconciles(read("\xEF\xBB\xBF", InputFormat::Csv), 0);
  reconciles(read(csv_header, InputFormat::Csv), 0);
  reconciles(read("nik,name,birth", InputFormat::Csv), 0);
  reconciles(read(csv_header + "\n\n", InputFormat::Csv), 0);
}

TEST_CASE("record: csv header missing a required column stops the read", "[record]") {
  CHECK(input_error("nik,name,income\n3672010101900001,Ani,1000\n", InputFormat::Csv) ==
        "line 1: the header does not fit record `participant`:\n"
        "  - column `birth` is missing, and the policy requires the field");
}

TEST_CASE("record: csv columns with a default or optional may be left out", "[record]") {
  const Read r = read("name,nik,birth\nAni,3672010101900001,1990-01-01\n", InputFormat::Csv);
  reconciles(r, 1);
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].values[0].s == "3672010101900001");
  CHECK(r.records[0].values[3].i == 100'000'000);
  CHECK(r.records[0].values[4].is_missing());
}

TEST_CASE("record: csv duplicate header column stops the read", "[record]") {
  CHECK(input_error("nik,name,birth,name\n3672010101900001,Ani,1990-01-01,Ana\n", InputFormat::Csv) ==
        "line 1: the header does not fit record `participant`:\n  - column `name` appears 2 times");
  // Unnamed columns (a spreadsheet's trailing commas) are allowed while they stay empty.
  const Read r = read("nik,name,birth,,\n3672010101900001,Ani,1990-01-01,,\n3672010101900002,Budi,1990-01-01,,x\n",
                      InputFormat::Csv);
  reconciles(r, 2);
  REQUIRE(r.rejections.size() == 1);
  CHECK(r.rejections[0].errors.at(0).reason == "column 5 has no name in the header but holds a value on this row");
}

TEST_CASE("record: csv unknown header column stops the read with a suggestion", "[record]") {
  const std::string text = "nik,name,birht,notes\n3672010101900001,Ani,1990-01-01,x\n";
  CHECK(input_error(text, InputFormat::Csv) ==
        "line 1: the header does not fit record `participant`:\n"
        "  - column 3: `birht` is not a field of record `participant` (did you mean `birth`?); to read the file "
        "without it, pass --ignore-field birht\n"
        "  - column 4: `notes` is not a field of record `participant`; to read the file without it, pass "
        "--ignore-field notes\n"
        "  - column `birth` is missing, and the policy requires the field");
  ReadOptions o;
  o.ignore_fields = {"notes", "birht"};
  CHECK(input_error(text, InputFormat::Csv, o).find("column `birth` is missing") != std::string::npos);
  o.ignore_fields = {"birth"};
  CHECK(input_error(text, InputFormat::Csv, o).find("--ignore-field birth: `birth` is a field") == 0);
}

TEST_CASE("record: csv ignored columns are read past, extra cells are not", "[record]") {
  const std::string text =
      "nik,name,notes,birth,income,member,village\n"
      "3672010101900001,Ani,apa saja,1990-01-01,1000,ya,36.72\n"
      "3672010101900002,Budi,x,1990-01-01,1000,ya,36.72,extra\n"
      "3672010101900003,Cici,y,1990-01-01,1000,ya,36.72\n";
  ReadOptions o;
  o.ignore_fields = {"notes"};
  const Read r = read(text, InputFormat::Csv, people(), o);
  reconciles(r, 3);
  REQUIRE(r.records.size() == 2);
  REQUIRE(r.rejections.size() == 1);
  CHECK(r.rejections[0].line == 3);
  REQUIRE(r.rejections[0].errors.size() == 1);
  CHECK(r.rejections[0].errors[0].field.empty());
  CHECK(r.rejections[0].errors[0].reason == "row has 8 fields, the header has 7");
  CHECK(r.records[1].values[1].s == "Cici");
}

TEST_CASE("record: csv quoted fields hold commas, quotes and newlines", "[record]") {
  const std::string text = csv_header +
                           "3672010101900001,\"Siti, \"\"Ani\"\"\nbaris dua\",1990-01-01,\"Rp 1.000.000,50\",,\n" +
                           "3672010101900002, \"Budi\" ,1990-01-01,,,\n" + "\"3672010101900003\",\"\",1990-01-01,,,\n";
  const Read r = read(text, InputFormat::Csv);
  reconciles(r, 3);
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].values[1].s == "Siti, \"Ani\"\nbaris dua");
  CHECK(r.records[0].values[3].i == 100'000'050);
  CHECK(r.records[0].line == 2);
  CHECK(r.records[1].values[1].s == "Budi");
  CHECK(r.records[1].line == 4);
  REQUIRE(r.rejections.size() == 1);
  CHECK(r.rejections[0].line == 5);
  REQUIRE(r.rejections[0].errors.size() == 1);
  CHECK(r.rejections[0].errors[0].reason == "required field `name` is missing");
}

TEST_CASE("record: csv text after a closing quote is refused", "[record]") {
  const Read r = read(csv_header + "3672010101900001,\"Ani\"x,1990-01-01,,,\n" + ani, InputFormat::Csv);
  reconciles(r, 2);
  REQUIRE(r.rejections.size() == 1);
  CHECK(r.rejections[0].errors[0].field == "name");
  CHECK(r.rejections[0].errors[0].reason.find("unexpected text after the closing quote of field 2") == 0);
}

TEST_CASE("record: csv truncated last line", "[record]") {
  SECTION("an unterminated quote") {
    const Read r = read(csv_header + ani + "3672010101900002,\"Budi,1990-01-01,,,\n\n" + ani, InputFormat::Csv);
    reconciles(r, 3);
    REQUIRE(r.rejections.size() == 1);
    CHECK(r.rejections[0].line == 3);
    CHECK(r.rejections[0].errors[0].reason ==
          "the quote that opens field 2 does not close on this line and it is never closed; the row is this line "
          "alone and reading resumes at line 4");
    CHECK(r.lines == std::vector<std::uint64_t>{2, 3, 5});
    CHECK(r.records.size() == 2);
  }
  SECTION("too few cells without a final newline") {
    const Read r = read(csv_header + ani + "3672010101900002,Budi,19", InputFormat::Csv);
    reconciles(r, 2);
    REQUIRE(r.rejections.size() == 1);
    CHECK(r.rejections[0].line == 3);
    CHECK(r.rejections[0].errors[0].reason == "row has 3 fields, the header has 6");
    const Read one = read(csv_header + "x", InputFormat::Csv);
    reconciles(one, 1);
    CHECK(one.rejections.at(0).errors.at(0).reason == "row has 1 field, the header has 6");
  }
  SECTION("a complete last line without a newline") {
    std::string text = csv_header + ani;
    text.pop_back();
    const Read r = read(text, InputFormat::Csv);
    reconciles(r, 1);
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].values[5].s == "36.72.01");
  }
}

TEST_CASE("record: csv byte order mark and CRLF line ends", "[record]") {
  const std::string text =
      "\xEF\xBB\xBFnik,name,birth\r\n3672010101900001,Ani,1990-01-01\r\n\r\n"
      "3672010101900002,\"Budi\r\nBaru\",1990-01-01\r\n3672010101900003,Cici,1990-01-01";
  const Read r = read(text, InputFormat::Csv);
  reconciles(r, 3);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].values[1].s == "Ani");
  CHECK(r.records[0].values[2].i == *parse_date("1990-01-01"));
  CHECK(r.records[1].values[1].s == "Budi\r\nBaru");
  CHECK(r.records[1].line == 4);
  CHECK(r.records[2].line == 6);
}

TEST_CASE("record: csv blank lines are skipped and not counted", "[record]") {
  const Read r = read("\n" + csv_header + "\n" + ani + "\n  \n" + budi + "\n\n", InputFormat::Csv);
  reconciles(r, 2);
  CHECK(r.lines == std::vector<std::uint64_t>{4, 7});
  CHECK(r.records.size() == 2);
}

TEST_CASE("record: csv a 10 MB field", "[record]") {
  const std::string big(10 * 1024 * 1024, 'x');
  const std::string text = csv_header + "3672010101900001,\"" + big + "\",1990-01-01,,,\n" + "3672010101900002," + big +
                           ",1990-01-01,,,\n" + budi;
  ReadOptions o;
  o.max_field_bytes = o.max_record_bytes = std::size_t{11} << 20;
  const Read r = read(text, InputFormat::Csv, people(), o);
  reconciles(r, 3);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].values[1].s.size() == big.size());
  CHECK(r.records[1].values[1].s.size() == big.size());
  CHECK(r.lines == std::vector<std::uint64_t>{2, 3, 4});
  // The same in a column the schema does not have.
  o.ignore_fields = {"notes"};
  const Read ignored =
      read("nik,notes,name,birth\n3672010101900001," + big + ",Ani,1990-01-01\n", InputFormat::Csv, people(), o);
  reconciles(ignored, 1);
  CHECK(ignored.records.size() == 1);
}

TEST_CASE("record: csv bad values reject the record and name every field", "[record]") {
  const std::string text = csv_header + "367201010190001,Ani\xff,2024-02-30,\"Rp 1,505\",maybe,36.7\n" + ani;
  const Read r = read(text, InputFormat::Csv);
  reconciles(r, 2);
  REQUIRE(r.rejections.size() == 1);
  REQUIRE(r.records.size() == 1);
  const Rejection& rej = r.rejections[0];
  CHECK(rej.line == 2);
  CHECK(rej.id.empty());  // the NIK itself is bad
  REQUIRE(rej.errors.size() == 6);
  CHECK(rej.errors[0].field == "nik");
  CHECK(rej.errors[0].reason == "a NIK has 16 digits, found 15");
  CHECK(rej.errors[1].field == "name");
  CHECK(rej.errors[1].reason == "invalid UTF-8");
  CHECK(rej.errors[2].field == "birth");
  CHECK(rej.errors[2].reason == "`2024-02-30` is not a calendar date");
  CHECK(rej.errors[3].field == "income");
  CHECK(rej.errors[3].reason == "`Rp 1,505` has more than two digits of sen");
  CHECK(rej.errors[4].field == "member");
  CHECK(rej.errors[4].reason == "`maybe` is not a yes/no value (use true/false, ya/tidak or 1/0)");
  CHECK(rej.errors[5].field == "village");
}

TEST_CASE("record: csv each bad value on its own", "[record]") {
  const auto only_error = [](const std::string& row) {
    const Read r = read(csv_header + row + "\n", InputFormat::Csv);
    reconciles(r, 1);
    REQUIRE(r.rejections.size() == 1);
    REQUIRE(r.rejections[0].errors.size() == 1);
    return r.rejections[0].errors[0];
  };
  const FieldError maybe = only_error("3672010101900001,Ani,1990-01-01,,maybe,");
  CHECK(maybe.field == "member");
  CHECK(maybe.reason == "`maybe` is not a yes/no value (use true/false, ya/tidak or 1/0)");
  const FieldError date = only_error("3672010101900001,Ani,2024-02-30,,,");
  CHECK(date.field == "birth");
  CHECK(date.reason == "`2024-02-30` is not a calendar date");
  const FieldError nik = only_error("367201010190001,Ani,1990-01-01,,,");
  CHECK(nik.field == "nik");
  CHECK(nik.reason == "a NIK has 16 digits, found 15");
  const FieldError utf8 = only_error("3672010101900001,\"A\xC3\",1990-01-01,,,");
  CHECK(utf8.field == "name");
  CHECK(utf8.reason == "invalid UTF-8");
  const FieldError required = only_error("3672010101900001, ,1990-01-01,,,");
  CHECK(required.field == "name");
  CHECK(required.reason == "required field `name` is missing");
}

// ---- JSON Lines ---------------------------------------------------------------------------

TEST_CASE("record: json lines with strings, numbers, booleans and null", "[record]") {
  const std::string text =
      R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01","income":2000000,"member":true,"children":2})"
      "\n\n"
      R"({"nik":"3672010101900002","name":"Budi","birth":"1985-05-05","income":"Rp 1.500.000,50","member":"ya",)"
      R"("village":null,"rate":"0,24%","children":"1.528","extra":{"a":[1,2]}})"
      "\r\n";
  ReadOptions o;
  o.ignore_fields = {"extra"};
  const Read r = read(text, InputFormat::JsonLines, wide(), o);
  reconciles(r, 2);
  REQUIRE(r.records.size() == 2);
  CHECK(r.lines == std::vector<std::uint64_t>{1, 3});
  CHECK(r.records[0].id == "3672010101900001");
  CHECK(r.records[0].values[3].i == 200'000'000);
  CHECK(r.records[0].values[4].i == 1);
  CHECK(r.records[0].values[6].i == 2);
  CHECK(r.records[1].values[3].i == 150'000'050);
  CHECK(r.records[1].values[5].is_missing());
  CHECK(r.records[1].values[6].i == 1528);
  CHECK(compare(r.records[1].values[7].q, Rational{24, 10'000}) == 0);
}

TEST_CASE("record: json lines null and empty mean missing", "[record]") {
  const std::string text = R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01","income":null})"
                           "\n"
                           R"({"nik":"3672010101900002","name":"","birth":null})";
  const Read r = read(text, InputFormat::JsonLines);
  reconciles(r, 2);
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].values[3].i == 100'000'000);
  REQUIRE(r.rejections.size() == 1);
  REQUIRE(r.rejections[0].errors.size() == 2);
  CHECK(r.rejections[0].errors[0].reason == "required field `name` is missing");
  CHECK(r.rejections[0].errors[1].reason == "required field `birth` is missing");
  CHECK(r.rejections[0].id == "3672010101900002");
}

TEST_CASE("record: json lines malformed and non-object lines are rejected in place", "[record]") {
  const std::string good = R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01"})";
  const std::string text = good + "\n{\"nik\": x}\n[1, 2]\n42\n{\"name\":\"\xff\"}\n" + good + "\n{\"a\":1e400}\n";
  const Read r = read(text, InputFormat::JsonLines);
  reconciles(r, 7);
  CHECK(r.lines == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7});
  REQUIRE(r.rejections.size() == 5);
  CHECK(r.rejections[0].errors[0].reason == "malformed JSON: invalid literal (column 9)");
  CHECK(r.rejections[0].errors[0].field.empty());
  CHECK(r.rejections[1].errors[0].reason == "not a JSON object (found a list)");
  CHECK(r.rejections[2].errors[0].reason == "not a JSON object (found a number)");
  CHECK(r.rejections[3].errors[0].reason.find("malformed JSON: ") == 0);
  CHECK(r.rejections[3].errors[0].reason.find("UTF-8") != std::string::npos);
  CHECK(r.rejections[4].errors[0].reason == "malformed JSON: a number is too large");
}

TEST_CASE("record: json money must be exact", "[record]") {
  const auto one = [](const std::string& income) {
    const Read r = read(R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01","income":)" + income + "}",
                        InputFormat::JsonLines);
    reconciles(r, 1);
    return r;
  };
  const Read f = one("1.5");
  REQUIRE(f.rejections.size() == 1);
  CHECK(f.rejections[0].errors[0].field == "income");
  CHECK(f.rejections[0].errors[0].reason == "money must be written exactly, e.g. \"Rp 1.000,50\"");
  CHECK(one("-5").rejections.at(0).errors.at(0).reason == "money cannot be negative, found `-5`");
  CHECK(one("100000000000000000").rejections.at(0).errors.at(0).reason.find("too large") != std::string::npos);
  CHECK(one("\"Rp 1.000,5\"").records.at(0).values[3].i == 100'050);
}

TEST_CASE("record: json values of the wrong kind", "[record]") {
  const std::string base = R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01",)";
  const Read r = read(base + R"("children":1.5})" + "\n" + base + R"("children":18446744073709551615})" + "\n" + base +
                          R"("member":[true]})" + "\n" + R"({"nik":3672010101900001,"name":5,"birth":20240101})" +
                          "\n" + base + R"("member":1,"rate":0.5})",
                      InputFormat::JsonLines, wide());
  reconciles(r, 5);
  REQUIRE(r.rejections.size() == 5);
  CHECK(r.rejections[0].errors[0].reason == "`1.5` is not a whole number");
  CHECK(r.rejections[1].errors[0].reason == "`18446744073709551615` is too large for a whole number");
  CHECK(r.rejections[2].errors[0].reason == "expected true or false, found a list");
  REQUIRE(r.rejections[3].errors.size() == 3);
  CHECK(r.rejections[3].errors[0].reason == "expected a NIK written as text of 16 digits, found a number");
  CHECK(r.rejections[3].errors[1].reason == "expected text, found a number");
  CHECK(r.rejections[3].errors[2].reason == "expected a date written as text such as \"2024-07-01\", found a number");
  REQUIRE(r.rejections[4].errors.size() == 1);  // member 1 is fine
  CHECK(r.rejections[4].errors[0].field == "rate");
}

TEST_CASE("record: a single JSON object", "[record]") {
  ReadOptions o;
  o.ignore_fields = {"other"};
  const ReadResult ok =
      read_json_record(R"( {"nik":"3672010101900001","name":"Ani","birth":"1990-01-01","other":1} )", people(), o);
  REQUIRE(std::holds_alternative<Record>(ok));
  CHECK(std::get<Record>(ok).line == 1);
  CHECK(std::get<Record>(ok).id == "3672010101900001");
  const ReadResult bad = read_json_record("{\"nik\":", people());
  REQUIRE(std::holds_alternative<Rejection>(bad));
  CHECK(std::get<Rejection>(bad).errors.at(0).reason.find("malformed JSON") == 0);
  const ReadResult empty = read_json_record("", people());
  REQUIRE(std::holds_alternative<Rejection>(empty));
  // The same through the stream reader, where an empty input has no record.
  const Read one = read("{\n \"nik\": \"3672010101900001\",\n \"name\": \"Ani\",\n \"birth\": \"1990-01-01\"\n}\n",
                        InputFormat::Json);
  reconciles(one, 1);
  CHECK(one.records.size() == 1);
  reconciles(read(" \n", InputFormat::Json), 0);
  reconciles(read("", InputFormat::JsonLines), 0);
}

TEST_CASE("record: csv line ends CR, LF and CRLF in any mix", "[record]") {
  const std::string rows[] = {"3672010101900001,Ani,1990-01-01", "3672010101900002,Budi,1990-01-01",
                              "3672010101900003,Cici,1990-01-01"};
  SECTION("CR only") {
    const Read r = read("nik,name,birth\r" + rows[0] + "\r" + rows[1] + "\r" + rows[2] + "\r", InputFormat::Csv);
    reconciles(r, 3);
    CHECK(r.records.size() == 3);
    CHECK(r.lines == std::vector<std::uint64_t>{2, 3, 4});
    CHECK(r.counts.lines == 4);
  }
  SECTION("mixed, with blank lines of each kind and a CR inside a quoted field") {
    const Read r = read(
        "nik,name,birth\r\n" + rows[0] + "\r\r\n" + rows[1] + "\n\r" + "3672010101900003,\"Cici\rBaru\",1990-01-01",
        InputFormat::Csv);
    reconciles(r, 3);
    REQUIRE(r.records.size() == 3);
    CHECK(r.lines == std::vector<std::uint64_t>{2, 4, 6});
    CHECK(r.records[2].values[1].s == "Cici\rBaru");
    CHECK(r.counts.lines == 7);
    CHECK(r.counts.header == 1);
    CHECK(r.counts.blank == 2);
    CHECK(r.counts.continuation == 1);
  }
}

TEST_CASE("record: csv a stray quote costs one row", "[record]") {
  std::string text = csv_header;
  for (int i = 1; i <= 9; ++i)
    text += fmt::format("367201010190000{},{}Nama {},1990-01-01,,,\n", i, i == 3 ? "\"" : "", i);
  const Read r = read(text, InputFormat::Csv);
  reconciles(r, 9);
  CHECK(r.records.size() == 8);
  REQUIRE(r.rejections.size() == 1);
  CHECK(r.rejections[0].line == 4);
  CHECK(r.rejections[0].errors.at(0).reason.find("the quote that opens field 2 does not close on this line") == 0);
  CHECK(r.counts.lines == 10);
  CHECK(r.counts.continuation == 0);
  SECTION("a quote that closes on a later line, where the row would have too many fields") {
    const Read two =
        read(csv_header + "3672010101900001,\"Ani,1990-01-01,,,\n3672010101900002,Budi\",x,1990-01-01,,,\n" + ani,
             InputFormat::Csv);
    reconciles(two, 3);
    CHECK(two.lines == std::vector<std::uint64_t>{2, 3, 4});
    CHECK(two.rejections.size() == 2);
    CHECK(two.rejections.at(0).errors.at(0).reason.find("the row would have 7 fields, the header has 6") !=
          std::string::npos);
  }
}

TEST_CASE("record: limits on field and row bytes", "[record]") {
  ReadOptions o;
  o.max_field_bytes = 16;
  o.max_record_bytes = 64;
  const std::string long_row = "3672010101900002,Budi," + std::string(100, 'x') + "\n";
  const std::string run_on = "3672010101900003,\"Cici\n" + std::string(70, 'y') + "\",1990-01-01,,,\n";
  const Read r = read(csv_header + "3672010101900001,Ani Ani Ani Ani Ani,1990-01-01,,,\n" + long_row + run_on + ani,
                      InputFormat::Csv, people(), o);
  reconciles(r, 5);
  CHECK(r.lines == std::vector<std::uint64_t>{2, 3, 4, 5, 6});
  REQUIRE(r.rejections.size() == 4);
  CHECK(r.rejections[0].errors.at(0).field == "name");
  CHECK(r.rejections[0].errors.at(0).reason == "the field is longer than the limit of 16 bytes (--max-field-bytes)");
  CHECK(r.rejections[0].id == "3672010101900001");
  CHECK(r.rejections[1].errors.at(0).reason ==
        "the row is 122 bytes long, longer than the limit of 64 (--max-record-bytes)");
  CHECK(r.rejections[2].errors.at(0).reason.find("it is not closed within 64 bytes (--max-record-bytes)") !=
        std::string::npos);
  CHECK(r.rejections[3].line == 5);
  CHECK(r.records.size() == 1);
  const Read j = read(R"({"nik":"3672010101900001","name":")" + std::string(100, 'x') + "\"}\n" +
                          R"({"nik":"3672010101900002","name":"Budi","birth":"1990-01-01"})",
                      InputFormat::JsonLines, people(), [o]() mutable {
                        o.max_record_bytes = 96;
                        return o;
                      }());
  reconciles(j, 2);
  CHECK(j.rejections.at(0).errors.at(0).reason ==
        "the line is 136 bytes long, longer than the limit of 96 (--max-record-bytes)");
  CHECK(j.records.size() == 1);
}

TEST_CASE("record: a JSON document holding an array is one record per element", "[record]") {
  const std::string good = R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01"})";
  const Read r = read("[\n  " + good + ",\n  {\"nik\": x},\n  42,\n  " + good + "\n]\n", InputFormat::Json);
  reconciles(r, 4);
  CHECK(r.lines == std::vector<std::uint64_t>{2, 3, 4, 5});
  CHECK(r.records.size() == 2);
  CHECK(r.rejections.at(0).errors.at(0).reason.find("malformed JSON") == 0);
  CHECK(r.rejections.at(1).errors.at(0).reason == "not a JSON object (found a number)");
  CHECK_FALSE(r.counts.line_based);
  reconciles(read("[]", InputFormat::Json), 0);
  const Read cut = read("[" + good + "," + good.substr(0, 20), InputFormat::Json);
  reconciles(cut, 3);
  CHECK(cut.records.size() == 1);
  CHECK(cut.rejections.at(1).errors.at(0).reason.find("the JSON array is not closed") == 0);
  const Read trailing = read("[" + good + "] x", InputFormat::Json);
  reconciles(trailing, 2);
  CHECK(trailing.rejections.at(0).errors.at(0).reason == "text after the end of the JSON array");
  const Read empty = read("[" + good + ",," + good + ",]", InputFormat::Json);
  reconciles(empty, 4);
  CHECK(empty.rejections.size() == 2);
}

TEST_CASE("record: json duplicated and unknown keys", "[record]") {
  const Read r = read(R"({"nik":"3672010101900001","name":"Ani","name":"Ana","birth":"1990-01-01"})"
                      "\n"
                      R"({"nik":"3672010101900002","name":"Budi","birth":"1990-01-01","registred":true})",
                      InputFormat::JsonLines);
  reconciles(r, 2);
  REQUIRE(r.rejections.size() == 2);
  CHECK(r.rejections[0].errors.at(0).field == "name");
  CHECK(r.rejections[0].errors.at(0).reason == "key `name` is given more than once; give each field once");
  CHECK(r.rejections[1].errors.at(0).reason == "unknown key: `registred` is not a field of record `participant`");
  ReadOptions strict;
  strict.strict_keys = true;
  CHECK(input_error(R"({"nik":"3672010101900002","nme":"Budi"})", InputFormat::JsonLines, strict) ==
        "line 1: key `nme` is not a field of record `participant` (did you mean `name`?); to read the records "
        "without it, pass --ignore-field nme");
}

// ---- JSON objects read by hand ------------------------------------------------------------

namespace {

std::string described(const std::optional<ReadResult>& r) {
  if (!r) return "(the general reader)";
  std::string out;
  if (const auto* rec = std::get_if<Record>(&*r)) {
    out = fmt::format("record `{}` line {}:", rec->id, rec->line);
    for (const Value& v : rec->values) out += " [" + to_display(v) + "]";
  } else {
    const auto& rej = std::get<Rejection>(*r);
    out = fmt::format("rejection `{}` line {}:", rej.id, rej.line);
    for (const FieldError& e : rej.errors) out += " [" + e.field + ": " + e.reason + "]";
  }
  return out;
}

}  // namespace

TEST_CASE("record: a flat JSON object read by hand reads as nlohmann reads it", "[record]") {
  // Every text here, alone and with spaces around its tokens: the reader that tries the plain
  // ones by hand (flat_record) answers as nlohmann's SAX reader does (flat_record_sax), the
  // plain ones and those it hands on alike.
  const std::vector<std::string> texts = {
      R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01","member":true,"village":"36.72.01"})",
      R"({"nik":"3672010101900001","name":"Ani","birth":"1990-01-01","member":false,"village":null})",
      R"({"nik":"3672010101900001","name":"Ani","birth":"1990-13-01","member":"ya","income":"Rp 2.000.000"})",
      R"({"nik":"123","name":"","birth":"","member":null})",
      R"({"name":"Ani"})",
      R"({})",
      R"({"nik":"3672010101900001","name":"A\"ni","birth":"1990-01-01"})",  // an escape
      // Escapes, decoded by hand (decode_json_escapes) as nlohmann decodes them, or refused alike.
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"RT 001\/RW 002 \\ \b\f\n\r\t end"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"Jos\u00e9 Jos\u00E9 \u0041 \u20AC \ud83d\ude00 \uD83D\uDE00"})",
      R"({"nik":"36720101019\u00300001","birth":"1990-01-01","name":"\u0000\u0001\u001f"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\ud83d"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\ud83d\u0041"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\ud83dx"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\ud83d\n"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\ude00"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\u00g9"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\u00e"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\x41 \'"})",
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"a\)",
      "{\"nik\":\"3672010101900001\",\"birth\":\"1990-01-01\",\"name\":\"\\u00e9\xC3\xA9\x7F\"}",
      R"({"nik":"3672010101900001","birth":"1990-01-01","na\u006de":"Ani"})",  // an escape in a key
      R"({"nik":"3672010101900001","birth":"1990-01-01","name":"\u00e9","member":true,"name":"x"})",
      R"({"nik":"3672010101900001","name":"Añi","birth":"1990-01-01"})",  // not ASCII
      R"({"nik":"3672010101900001","name":"Ani","income":2000000})",      // a number
      // Numbers as nlohmann reads them or refuses them: the whole ones are read by hand.
      R"({"nik":"3672010101900001","income":0,"member":1,"children":-7})",
      R"({"nik":"3672010101900001","income":-5,"member":2,"children":123456789012345678})",
      R"({"nik":"3672010101900001","income":007})",
      R"({"nik":"3672010101900001","children":-0})",
      R"({"nik":"3672010101900001","children":-})",
      R"({"nik":"3672010101900001","income":1.5})",
      R"({"nik":"3672010101900001","income":1e3})",
      R"({"nik":"3672010101900001","children":99999999999999999999})",
      R"({"nik":"3672010101900001","children":-9223372036854775809})",
      R"({"nik":3672010101900001})",
      // UTF-8 well-formed and not (overlong, a surrogate, past U+10FFFF, cut short), and DEL.
      "{\"nik\":\"3672010101900001\",\"name\":\"\xF0\x9F\x98\x80 \xE2\x82\xAC\"}",
      "{\"nik\":\"3672010101900001\",\"name\":\"\xC0\x80\"}",
      "{\"nik\":\"3672010101900001\",\"name\":\"\xED\xA0\x80\"}",
      "{\"nik\":\"3672010101900001\",\"name\":\"\xF4\x90\x80\x80\"}",
      "{\"nik\":\"3672010101900001\",\"name\":\"\xE2\x82\"}",
      "{\"nik\":\"3672010101900001\",\"name\":\"A\x7F\"}",
      R"({"nik":"3672010101900001","name":"Ani","nik":"3672010101900002"})",  // a key twice
      R"({"nik":"3672010101900001","nama":"Ani"})",                           // an unknown key
      R"({"nik":"3672010101900001","name":{"first":"Ani"}})",                 // nested
      R"({"nik":"3672010101900001","name":["Ani"]})",
      R"({"nik":"3672010101900001","member":tru})",
      R"({"nik":"3672010101900001","member":truex})",
      R"({"nik":"3672010101900001","member":nul})",
      R"({"nik":"3672010101900001",})",
      R"({"nik":"3672010101900001" "name":"Ani"})",
      R"({"nik":"3672010101900001"}})",
      R"({"nik":"3672010101900001"} x)",
      R"({"nik":"3672010101900001")",
      R"({"nik":"3672010101900001)",
      R"({"nik")",
      R"({nik:"3672010101900001"})",
      R"([{"nik":"3672010101900001"}])",
      R"("nik")",
      "{\"nik\":\"36720101\t01900001\"}",  // a control byte in a string
      "",
      "{",
  };
  ReadOptions ids_only;
  ids_only.ids_only = true;
  std::size_t plain = 0;
  for (const Schema& schema : {people(), wide()}) {
    for (const ReadOptions& options : {ReadOptions{}, ids_only}) {
      for (const std::string& text : texts) {
        std::string spaced;  // " \t{ \n\"nik\" \r: ..." : whitespace around every token
        bool in_string = false;
        for (const char c : text) {
          if (c == '"') in_string = !in_string;
          if (!in_string && (c == '{' || c == '}' || c == ':' || c == ',' || c == '[' || c == ']')) {
            spaced += std::string(" \t") + c + "\n\r ";
          } else {
            spaced += c;
          }
        }
        for (const std::string& t : {text, spaced}) {
          INFO(t);
          const auto sax = record_read::flat_record_sax(t, schema, options, 7);
          CHECK(described(record_read::flat_record(t, schema, options, 7)) == described(sax));
          if (sax) ++plain;
        }
      }
    }
  }
  CHECK(plain >= 24);  // the plain texts (6 of them, spaced or not, two options) were read as records
}
