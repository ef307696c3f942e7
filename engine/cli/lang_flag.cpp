#include "engine/cli/lang_flag.hpp"

#include <fmt/format.h>

#include "engine/base/i18n.hpp"

namespace jaring::cli {

void add_lang_flag(CLI::App* cmd, std::string& lang, const char* what) {
  cmd->add_option("--lang", lang, fmt::format("Language of {}: en or id (default: JARING_LANG, else en)", what))
      ->check(CLI::IsMember({"id", "en"}));
}

void add_lang_flag_for_reports(CLI::App* cmd, std::string& lang, const char* what) {
  cmd->add_option("--lang", lang,
                  fmt::format("Language of {} (default id) and of diagnostics and rejections (default en): en or "
                              "id; JARING_LANG sets both defaults",
                              what))
      ->check(CLI::IsMember({"id", "en"}));
}

void use_message_language(const std::string& lang) {
  set_message_language(lang_from_code(lang).value_or(lang_from_env().value_or(Lang::en)));
}

std::string report_language(const std::string& lang) {
  if (!lang.empty()) return lang;
  const auto env = lang_from_env();
  return env == Lang::en ? "en" : "id";
}

}  // namespace jaring::cli
