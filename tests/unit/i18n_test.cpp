#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/i18n.hpp"
#include "engine/base/messages_id.hpp"

using namespace jaring;

namespace {

struct Field {
  std::optional<unsigned> index;  // `{0}`; nothing for `{}`
  std::string spec;               // after `:`
};

// The replacement fields of a fmt format string; nothing if it is not one (a plain message
// such as "expected `{`", which is never formatted).
std::optional<std::vector<Field>> fields_of(std::string_view s) {
  std::vector<Field> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '}') {
      if (i + 1 < s.size() && s[i + 1] == '}') {
        ++i;
        continue;
      }
      return std::nullopt;
    }
    if (s[i] != '{') continue;
    if (i + 1 < s.size() && s[i + 1] == '{') {
      ++i;
      continue;
    }
    const auto close = s.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view body = s.substr(i + 1, close - i - 1);
    const auto colon = body.find(':');
    const std::string_view id = body.substr(0, colon);
    Field f;
    if (!id.empty()) {
      if (id.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
      f.index = static_cast<unsigned>(std::stoul(std::string(id)));
    }
    if (colon != std::string_view::npos) f.spec = std::string(body.substr(colon + 1));
    out.push_back(f);
    i = close;
  }
  return out;
}

// Why `id` cannot stand for `en`, or empty: the same fields in order, or all numbered, each
// naming one of the English arguments with its format spec (an argument may be left out, such
// as an English plural ending).
std::string incompatible(std::string_view en, std::string_view id) {
  const auto e = fields_of(en);
  const auto t = fields_of(id);
  if (!e) return t && !t->empty() ? "the English is a plain message but the translation has fields" : "";
  if (!t) return "the translation is not a valid format string";
  bool numbered = false, automatic = false;
  for (const auto& f : *t) (f.index ? numbered : automatic) = true;
  if (numbered && automatic) return "the translation mixes `{}` and `{0}`";
  if (automatic) {
    if (t->size() != e->size()) return "the translation has another number of `{}`";
    for (std::size_t i = 0; i < e->size(); ++i)
      if ((*e)[i].spec != (*t)[i].spec || (*e)[i].index) return "a field's format differs";
    return "";
  }
  for (const auto& f : *t) {
    if (*f.index >= e->size()) return "a numbered field names no English argument";
    if ((*e)[*f.index].spec != f.spec) return "a numbered field's format differs";
  }
  return "";
}

}  // namespace

TEST_CASE("i18n: every catalog entry keeps its English template's fields", "[i18n]") {
  std::size_t n = 0;
  for (const auto part : messages_id::all_parts())
    for (const auto& t : part) {
      INFO(t.en << " => " << t.id);
      CHECK(!t.en.empty());
      CHECK(!t.id.empty());
      CHECK(incompatible(t.en, t.id).empty());
      ++n;
    }
  CHECK(n > 0);
}

TEST_CASE("i18n: the catalog has no duplicate entry", "[i18n]") {
  std::set<std::string_view> seen;
  for (const auto part : messages_id::all_parts())
    for (const auto& t : part) {
      INFO(t.en);
      CHECK(seen.insert(t.en).second);
    }
}

TEST_CASE("i18n: the field check itself", "[i18n]") {
  CHECK(incompatible("`{}` is {}", "`{}` adalah {}").empty());
  CHECK(incompatible("`{}` is {}", "{1} `{0}`").empty());
  CHECK(incompatible("{} file{}", "{0} berkas").empty());  // a plural ending left out
  CHECK(!incompatible("`{}` is {}", "`{}`").empty());
  CHECK(!incompatible("{} and {}", "{0} dan {}").empty());
  CHECK(!incompatible("{:>5}", "{}").empty());
  CHECK(!incompatible("{}", "{2}").empty());
  CHECK(incompatible("expected `{`", "diharapkan `{`").empty());
}

TEST_CASE("i18n: messages in the language set, English by default", "[i18n]") {
  REQUIRE(message_language() == Lang::en);
  REQUIRE(find_translation("did you mean `{}`?"));
  CHECK(!find_translation("no such message, surely"));
  CHECK(say("did you mean `{}`?", "uang2") == "did you mean `uang2`?");
  set_message_language(Lang::id);
  const std::string id = say("did you mean `{}`?", "uang2");
  const std::string missing = say_text("no such message, surely");
  set_message_language(Lang::en);
  CHECK(id == fmt::format(fmt::runtime(*find_translation("did you mean `{}`?")), "uang2"));
  CHECK(id != "did you mean `uang2`?");
  CHECK(missing.find("no such message, surely") != std::string::npos);
  CHECK(lang_from_code("id") == Lang::id);
  CHECK(lang_from_code("en") == Lang::en);
  CHECK(!lang_from_code("fr"));
}

TEST_CASE("i18n: a message made again in place says what say_later says", "[i18n]") {
  Message m;
  say_later_in(m, "rank {} for {}", std::int64_t{12}, std::string_view("36.72.01.2001"));
  CHECK(render(m, Lang::en) == render(say_later("rank {} for {}", 12, "36.72.01.2001"), Lang::en));
  CHECK(render(m, Lang::id) == render(say_later("rank {} for {}", 12, "36.72.01.2001"), Lang::id));
  // Fewer arguments the next time: none of the last left over.
  say_later_in(m, "rank {}", std::int64_t{7});
  CHECK(m.args.size() == 1);
  CHECK(render(m, Lang::en) == "rank 7");
  // Appended to what is there; past six arguments too.
  std::string out = "> ";
  render_to(out, m, Lang::en);
  render_to(out, Message{"{}{}{}{}{}{}{}", {"a", "b", "c", "d", "e", "f", "g"}}, Lang::en);
  render_to(out, Message{}, Lang::en);
  CHECK(out == "> rank 7abcdefg");
}
