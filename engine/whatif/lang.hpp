// The language of a what-if report: Indonesian (the default) or English. Labels are chosen at
// the call site with `tr(lang, "Indonesian", "English")`, so each sentence reads in one place.
#pragma once

#include <fmt/format.h>

#include <string>

namespace jaring::whatif {

enum class Lang { Id, En };

// `en` is English; anything else is Indonesian (the CLI accepts only `id` and `en`).
inline Lang lang_of(const std::string& code) { return code == "en" ? Lang::En : Lang::Id; }

inline const char* tr(Lang lang, const char* id, const char* en) { return lang == Lang::En ? en : id; }

// The same for a format string chosen at run time (fmt checks only literal format strings).
inline auto trf(Lang lang, const char* id, const char* en) { return fmt::runtime(tr(lang, id, en)); }

}  // namespace jaring::whatif
