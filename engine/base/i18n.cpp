#include "engine/base/i18n.hpp"

#include <fmt/args.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <vector>

#include "engine/base/messages_id.hpp"

namespace jaring {

namespace {

std::atomic<Lang> current{Lang::en};

// Every entry of every part, sorted by English for lookup. Built on first use (a function-local
// static is thread-safe); the parts themselves stay grouped by where their messages come from.
const std::vector<Translation>& sorted_catalog() {
  static const std::vector<Translation> table = [] {
    std::vector<Translation> out;
    for (const auto part : messages_id::all_parts()) out.insert(out.end(), part.begin(), part.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.en < b.en; });
    return out;
  }();
  return table;
}

bool strict() {
  static const bool on = [] {
    const char* v = std::getenv("JARING_I18N_STRICT");  // read once, before threads start
    return v && std::string_view(v) == "1";
  }();
  return on;
}

// The marked English for a missing translation, kept for the process so views stay valid.
std::string_view untranslated(std::string_view english) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> marked;
  const std::lock_guard lock(mutex);
  return *marked.insert("[UNTRANSLATED: " + std::string(english) + "]").first;
}

}  // namespace

Lang message_language() { return current.load(std::memory_order_relaxed); }

void set_message_language(Lang lang) { current.store(lang, std::memory_order_relaxed); }

std::optional<Lang> lang_from_code(std::string_view code) {
  if (code == "en") return Lang::en;
  if (code == "id") return Lang::id;
  return std::nullopt;
}

std::optional<Lang> lang_from_env() {
  const char* v = std::getenv("JARING_LANG");  // read by the CLI before any thread starts
  return v ? lang_from_code(v) : std::nullopt;
}

std::optional<std::string_view> find_translation(std::string_view english) {
  const auto& table = sorted_catalog();
  const auto it = std::lower_bound(table.begin(), table.end(), english,
                                   [](const Translation& t, std::string_view en) { return t.en < en; });
  if (it == table.end() || it->en != english) return std::nullopt;
  return it->id;
}

std::string_view in_language(std::string_view english) {
  if (message_language() == Lang::en) return english;
  if (auto id = find_translation(english)) return *id;
  return strict() ? untranslated(english) : english;
}

std::string render(const Message& m, Lang lang) {
  std::string out;
  render_to(out, m, lang);
  return out;
}

void render_to(std::string& out, const Message& m, Lang lang) {
  if (m.empty()) return;
  std::string_view tmpl = m.en;
  if (lang == Lang::id) {
    if (auto id = find_translation(m.en)) tmpl = *id;
    else if (strict()) tmpl = untranslated(m.en);
  }
  const fmt::string_view text(tmpl.data(), tmpl.size());
  auto to = std::back_inserter(out);
  const auto& a = m.args;
  // The arguments' references in a store of their number, on the stack; a dynamic store (a
  // copy of each argument) past six.
  switch (a.size()) {
    case 0: fmt::vformat_to(to, text, fmt::make_format_args()); return;
    case 1: fmt::vformat_to(to, text, fmt::make_format_args(a[0])); return;
    case 2: fmt::vformat_to(to, text, fmt::make_format_args(a[0], a[1])); return;
    case 3: fmt::vformat_to(to, text, fmt::make_format_args(a[0], a[1], a[2])); return;
    case 4: fmt::vformat_to(to, text, fmt::make_format_args(a[0], a[1], a[2], a[3])); return;
    case 5: fmt::vformat_to(to, text, fmt::make_format_args(a[0], a[1], a[2], a[3], a[4])); return;
    case 6: fmt::vformat_to(to, text, fmt::make_format_args(a[0], a[1], a[2], a[3], a[4], a[5])); return;
    default: break;
  }
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& arg : a) store.push_back(arg);
  fmt::vformat_to(to, text, store);
}

namespace messages_id {

std::span<const std::span<const Translation>> all_parts() {
  static const std::array<std::span<const Translation>, 6> parts = {base(),  parse(),    check(),
                                                                    input(), commands(), decide()};
  return parts;
}

}  // namespace messages_id

}  // namespace jaring
