// Indonesian catalog: syntax errors (grammar/errors.hpp), everyday slips, building the AST and
// loading (`use`, `amends`) (see messages_id.hpp).
#include "engine/base/messages_id.hpp"

namespace jaring::messages_id {

std::span<const Translation> parse() { return {}; }

}  // namespace jaring::messages_id
