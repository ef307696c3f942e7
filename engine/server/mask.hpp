// Masking personal data before it is logged. A NIK keeps its first 6 digits (province,
// regency/city, district: enough to tell the region) followed by `**********`; a person's
// name becomes its initials (`Siti Aminah` -> `S. A.`).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/runtime/record.hpp"

namespace jaring::server {

std::string mask_nik(std::string_view nik);
std::string initials(std::string_view name);

// Whether a field holds a person's name: a text field called `name` or `nama`, or ending in
// `_name` or starting with `nama_`.
bool is_name_field(const FieldSpec& field);

// Masks, in a record as given in the input, every `nik` field and every name field.
void mask_record(nlohmann::json& record, const Schema& schema);

}  // namespace jaring::server
