// Static checking of a resolved policy: names (with suggestions), types and units (exact
// money; money × percent must be rounded; money × money refused), parameter dates, payer
// shares and periods, groups, tests. Every problem is reported to `diags`; nothing throws.
#pragma once

#include "engine/base/diagnostic.hpp"
#include "engine/language/policy.hpp"

namespace jaring {

void check(const Policy& policy, const SourceMap& sources, Diagnostics& diags);

}  // namespace jaring
