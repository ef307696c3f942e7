// The language of user-facing messages (diagnostics, rejections, usage errors), gettext-like:
// the English format string is the message id, and an Indonesian catalog (messages_id*.cpp)
// maps it to its translation. English is the default; the CLI sets the language once, before
// any work starts (`--lang`, else JARING_LANG); threads read it.
#pragma once

#include <fmt/format.h>

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jaring {

enum class Lang { en, id };

// The process-wide message language (English until set).
Lang message_language();
void set_message_language(Lang lang);
// `en` or `id`; nothing for anything else.
std::optional<Lang> lang_from_code(std::string_view code);
// The language JARING_LANG names (`en` or `id`), if it names one.
std::optional<Lang> lang_from_env();

// The Indonesian template for an English one, or nothing when the catalog has none.
std::optional<std::string_view> find_translation(std::string_view english);

// `english` in the message language: itself, or its translation. A missing translation falls
// back to English; with JARING_I18N_STRICT=1 it is wrapped as `[UNTRANSLATED: ...]` so tests
// that run in Indonesian find it.
std::string_view in_language(std::string_view english);

// A plain message (not a format string) in the message language, e.g. a syntax error from the
// grammar's table or a fragment such as a type's description.
inline std::string say_text(std::string_view english) { return std::string(in_language(english)); }

// Formats a message in the message language. fmt checks `english` against `args` at compile
// time; a translation is formatted at run time (the catalog test checks its placeholders).
template <class... A>
std::string say(fmt::format_string<A...> english, A&&... args) {
  const fmt::string_view en = english;
  if (message_language() == Lang::en) return fmt::vformat(en, fmt::make_format_args(args...));
  return fmt::vformat(in_language({en.data(), en.size()}), fmt::make_format_args(args...));
}

// A message kept to be said later, in a language chosen then: a decision's detail is made once
// and shown in the message language (JSON, CSV, reports) or in an explanation's own language.
// Its template takes plain `{}` placeholders only: the arguments are kept already formatted.
struct Message {
  std::string_view en;            // the English template, a string literal (the catalog id)
  std::vector<std::string> args;  // each argument as `{}` formats it
  bool empty() const { return en.empty(); }
};

// A message to say later, made in `m` itself, which keeps its buffers (the arguments' text):
// no allocation once they have grown, for a message made again and again (a waitlisted
// decision's reason). fmt checks `english` against `args` at compile time, as `say` does.
template <class... A>
void say_later_in(Message& m, fmt::format_string<A...> english, A&&... args) {
  const fmt::string_view en = english;
  m.en = {en.data(), en.size()};
  m.args.resize(sizeof...(A));
  std::size_t i = 0;
  ((m.args[i].clear(), fmt::format_to(std::back_inserter(m.args[i]), "{}", args), ++i), ...);
}

// The same in a new message.
template <class... A>
Message say_later(fmt::format_string<A...> english, A&&... args) {
  Message m;
  say_later_in(m, english, std::forward<A>(args)...);
  return m;
}

// `m` in `lang` (its English template when the catalog has no translation); empty for none.
std::string render(const Message& m, Lang lang);
// The same appended to `out`: no allocation when `out` has room and `m` has at most 6
// arguments.
void render_to(std::string& out, const Message& m, Lang lang);
// `m` in the message language.
inline std::string render(const Message& m) { return render(m, message_language()); }

// Marks an English message id kept in a table and translated later with `say_text`, so that
// tools/i18n/catalog.py finds it (gettext's N_).
#define JARING_MSG(text) text

// One entry of the Indonesian catalog.
struct Translation {
  std::string_view en;
  std::string_view id;
};

}  // namespace jaring
