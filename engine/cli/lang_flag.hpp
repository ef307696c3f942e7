// `--lang id|en`, which every command that prints diagnostics or rejections takes. Messages
// (diagnostics, rejections, usage errors) are English unless `--lang id` is given or
// JARING_LANG=id is set; explanations and what-if reports keep their Indonesian default, so an
// existing command line prints exactly what it printed before.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace jaring::cli {

// Adds `--lang` to `cmd` for its messages (`what`, e.g. "diagnostics"); `lang` stays empty
// unless the flag is given.
void add_lang_flag(CLI::App* cmd, std::string& lang, const char* what);
// The same for a command whose explanation or report (`what`) also follows `--lang`.
void add_lang_flag_for_reports(CLI::App* cmd, std::string& lang, const char* what);
// Sets the process's message language: `lang` if given, else JARING_LANG, else English. Called
// first in a command's callback, before any work or thread starts.
void use_message_language(const std::string& lang);
// The language of an explanation or a report: `lang` if given, else JARING_LANG, else `id`.
std::string report_language(const std::string& lang);

}  // namespace jaring::cli
