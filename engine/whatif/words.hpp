// Names of report vocabulary in Indonesian and English (statuses, transitions, sections).
#pragma once

#include <string>

#include "engine/runtime/decision.hpp"
#include "engine/whatif/lang.hpp"
#include "engine/whatif/policy_diff.hpp"
#include "engine/whatif/transition.hpp"

namespace jaring::whatif {

const char* status_word(Status s, Lang lang);
const char* transition_word(Transition t, Lang lang);
const char* section_word(Section s, Lang lang);
const char* change_word(ChangeKind k, Lang lang);
// A cause note (transition.hpp: `group added`, `before: no_group`, `from rt_rw`, ...) in `lang`.
std::string note_words(const std::string& note, Lang lang);

}  // namespace jaring::whatif
