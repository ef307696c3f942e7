// Indonesian catalog: the checker's diagnostics (see messages_id.hpp).
#include "engine/base/messages_id.hpp"

namespace jaring::messages_id {

std::span<const Translation> check() { return {}; }

}  // namespace jaring::messages_id
