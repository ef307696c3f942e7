// The values a decision's requirements read, for explanations (issue 13, point 5): "age = 66,
// birth_date = 1958-03-02" beside "Berusia 15 sampai 65 tahun", so an officer sees why without
// reading the policy. Computed on request (an explanation), never on the batch path.
#pragma once

#include <map>
#include <string>

#include "engine/base/i18n.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

// Per requirement (general and every group's own, by rule name): each let and field its
// condition reads, lets first with the fields they read after them, as `name = value`
// (`missing`, in Indonesian `tidak ada`, for a value the record lacks), joined with ", ".
std::map<std::string, std::string> requirement_values(const Program& program, const Record& record, Day as_of,
                                                      Lang lang);

}  // namespace jaring
