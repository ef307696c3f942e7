// Reading a claims scenario file (claims.hpp parse_assumptions). The JSON is read with a SAX
// handler so a decimal number keeps its exact digits (nlohmann hands them over next to the
// double, which is never used).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "engine/base/literals.hpp"
#include "engine/base/suggest.hpp"
#include "engine/whatif/claims.hpp"

namespace jaring::whatif {

namespace {

struct Token {
  enum Kind { Integer, Decimal, Text, Other } kind = Other;
  std::int64_t integer = 0;
  bool negative = false;  // Integer: the value is below zero
  std::string text;       // Decimal: the digits as written; Text: the string
};

// Collects the members of one flat JSON object; anything nested is kept as `Other`.
class FlatObject : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::map<std::string, Token> members;
  std::vector<std::string> duplicates;
  std::string error;

  bool null() override { return put({}); }
  bool boolean(bool) override { return put({}); }
  bool number_integer(number_integer_t v) override { return put({Token::Integer, v, v < 0, {}}); }
  bool number_unsigned(number_unsigned_t v) override {
    if (v > static_cast<number_unsigned_t>(INT64_MAX)) return put({Token::Decimal, 0, false, std::to_string(v)});
    return put({Token::Integer, static_cast<std::int64_t>(v), false, {}});
  }
  bool number_float(number_float_t, const string_t& s) override { return put({Token::Decimal, 0, false, s}); }
  bool string(string_t& s) override { return put({Token::Text, 0, false, s}); }
  bool binary(binary_t&) override { return put({}); }
  bool start_object(std::size_t) override { return open(); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    if (depth_ == 0) error = "the assumptions must be a JSON object";
    return depth_ != 0 && open();
  }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    error = fmt::format("malformed JSON at byte {}", position);
    return false;
  }

 private:
  int depth_ = 0;
  std::string key_;

  bool put(Token t) {
    if (depth_ == 0) error = "the assumptions must be a JSON object";
    if (depth_ != 1) return depth_ != 0;
    if (!members.emplace(key_, std::move(t)).second) duplicates.push_back(key_);
    return true;
  }
  bool open() {
    if (depth_ == 1) put({});
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
};

// `0.0035`, `3,5‰`, `0,35%` (a space before the sign is allowed) -> millionths of one.
std::optional<std::int64_t> millionths_of(std::string text, std::string& why) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  std::int64_t unit = 1'000'000;  // a plain decimal: millionths of one
  int decimals = 6;
  if (text.size() >= 3 && text.compare(text.size() - 3, 3, "‰") == 0) {
    unit = 1'000, decimals = 3, text.resize(text.size() - 3);
  } else if (!text.empty() && text.back() == '%') {
    unit = 10'000, decimals = 4, text.pop_back();
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  const auto sep = text.find_first_of(",.");
  const std::string whole = text.substr(0, sep);
  const std::string frac = sep == std::string::npos ? "" : text.substr(sep + 1);
  auto digits = [](const std::string& s) { return s.find_first_not_of("0123456789") == std::string::npos; };
  if (whole.empty() || !digits(whole) || !digits(frac) || (sep != std::string::npos && frac.empty()) ||
      whole.size() > 9) {
    why = "is not a rate: write `\"3,5‰\"`, `\"0,35%\"` or `0.0035`";
    return std::nullopt;
  }
  if (static_cast<int>(frac.size()) > decimals) {
    why = "is more precise than a millionth";
    return std::nullopt;
  }
  std::int64_t part = frac.empty() ? 0 : std::stoll(frac);
  for (int i = static_cast<int>(frac.size()); i < decimals; ++i) part *= 10;
  return std::stoll(whole) * unit + part;
}

class Reader {
 public:
  Reader(const FlatObject& obj, Assumptions& out, std::string& error) : obj_(obj), out_(out), error_(error) {}

  // A rate or share: at least 0, at most 1.
  void rate(const char* key, std::int64_t& field) {
    const Token* t = find(key);
    if (!t) return;
    std::string why;
    std::optional<std::int64_t> v;
    if (t->kind == Token::Integer) v = t->negative ? -1 : (t->integer > 1 ? 1'000'001 : t->integer * 1'000'000);
    else if (t->kind == Token::Decimal || t->kind == Token::Text) v = signed_millionths(t->text, why);
    else why = "must be a rate: `\"3,5‰\"`, `\"0,35%\"` or `0.0035`";
    if (v && *v < 0) why = "must not be negative";
    else if (v && *v > 1'000'000) why = "is above 1 (100 %): a yearly rate or a share cannot exceed it";
    if (!why.empty()) return fail(key, *t, why);
    field = *v;
  }

  void money(const char* key, std::int64_t& field) {
    const Token* t = find(key);
    if (!t) return;
    if (t->kind == Token::Integer) {
      if (t->negative) return fail(key, *t, "must not be negative");
      if (t->integer > INT64_MAX / 100) return fail(key, *t, "is too large");
      field = t->integer * 100;
      return;
    }
    if (t->kind == Token::Text && !t->text.empty() && t->text.front() == '-')
      return fail(key, *t, "must not be negative");
    if (t->kind == Token::Text && t->text.rfind("Rp", 0) == 0) {
      const IntResult r = decode_money(t->text);
      if (r.value) {
        field = *r.value;
        return;
      }
    }
    fail(key, *t, "must be whole rupiah (`42000000`) or text like `\"Rp 42.000.000\"` (`,50` for sen)");
  }

  void whole(const char* key, std::int64_t& field, std::int64_t max) {
    const Token* t = find(key);
    if (!t) return;
    if (t->kind != Token::Integer) return fail(key, *t, "must be a whole number");
    if (t->negative) return fail(key, *t, "must not be negative");
    if (t->integer > max) return fail(key, *t, fmt::format("must be at most {}", max));
    field = t->integer;
  }

  void text(const char* key, std::string& field) {
    const Token* t = find(key);
    if (!t) return;
    if (t->kind != Token::Text) return fail(key, *t, "must be text");
    field = t->text;
  }

 private:
  const FlatObject& obj_;
  Assumptions& out_;
  std::string& error_;

  const Token* find(const char* key) {
    auto it = obj_.members.find(key);
    if (it == obj_.members.end() || !error_.empty()) return nullptr;
    out_.from_file.insert(key);
    return &it->second;
  }
  std::optional<std::int64_t> signed_millionths(const std::string& s, std::string& why) {
    if (!s.empty() && s.front() == '-') {
      std::string rest = s.substr(1);
      auto v = millionths_of(rest, why);
      return v ? std::optional<std::int64_t>(-*v - 1) : std::nullopt;  // any negative text is refused
    }
    return millionths_of(s, why);
  }
  void fail(const char* key, const Token& t, const std::string& why) {
    const std::string shown = t.kind == Token::Integer ? std::to_string(t.integer) : t.text;
    error_ = shown.empty() ? fmt::format("`{}` {}", key, why) : fmt::format("`{}` {} (`{}`)", key, why, shown);
  }
};

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys = {"scenario",           "death_rate",
                                                "work_accident_rate", "work_accident_fatal_share",
                                                "jkm_benefit",        "jkk_death_income_multiple",
                                                "jkk_death_fixed",    "jkk_injury_benefit",
                                                "income_field",       "default_income"};
  return keys;
}

}  // namespace

std::optional<Assumptions> parse_assumptions(const std::string& json_text, std::string& error) {
  FlatObject obj;
  const bool parsed = nlohmann::json::sax_parse(json_text, &obj);
  if (!parsed || !obj.error.empty()) {
    error = obj.error.empty() ? "malformed JSON" : obj.error;
    return std::nullopt;
  }
  if (!obj.duplicates.empty()) {
    error = fmt::format("`{}` is given twice", obj.duplicates.front());
    return std::nullopt;
  }
  for (const auto& [key, token] : obj.members) {
    const auto& keys = known_keys();
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    const auto hint = suggest(key, keys);
    error = fmt::format("unknown key `{}`{}; the keys are: {}", key,
                        hint ? fmt::format(" (did you mean `{}`?)", *hint) : "", fmt::join(keys, ", "));
    return std::nullopt;
  }
  Assumptions a;
  Reader r(obj, a, error);
  r.text("scenario", a.scenario);
  r.rate("death_rate", a.death_rate);
  r.rate("work_accident_rate", a.work_accident_rate);
  r.rate("work_accident_fatal_share", a.work_accident_fatal_share);
  r.money("jkm_benefit", a.jkm_benefit);
  r.whole("jkk_death_income_multiple", a.jkk_death_income_multiple, 1'000);
  r.money("jkk_death_fixed", a.jkk_death_fixed);
  r.money("jkk_injury_benefit", a.jkk_injury_benefit);
  r.text("income_field", a.income_field);
  r.money("default_income", a.default_income);
  if (!error.empty()) return std::nullopt;
  return a;
}

}  // namespace jaring::whatif
