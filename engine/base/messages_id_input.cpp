// Indonesian catalog: record rejections and input errors (CSV, JSON Lines, JSON, field values) (see messages_id.hpp).
#include "engine/base/messages_id.hpp"

namespace jaring::messages_id {

std::span<const Translation> input() { return {}; }

}  // namespace jaring::messages_id
