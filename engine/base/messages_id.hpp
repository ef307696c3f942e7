// Internal to i18n.cpp and its test: the Indonesian catalog, in parts by the stage whose
// messages they translate (messages_id_*.cpp). An entry's English is the exact template the
// code passes to `say`/`say_text`/`say_later`; its Indonesian keeps the placeholders (in order, or all
// numbered as `{0}` `{1}` where the sentence needs another order), the names, keywords and
// values in backticks unchanged.
#pragma once

#include <span>

#include "engine/base/i18n.hpp"

namespace jaring::messages_id {

std::span<const Translation> base();
std::span<const Translation> parse();
std::span<const Translation> check();
std::span<const Translation> input();
std::span<const Translation> commands();
std::span<const Translation> decide();

// Every part, in the order above.
std::span<const std::span<const Translation>> all_parts();

}  // namespace jaring::messages_id
