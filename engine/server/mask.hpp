// Masking personal data before it is logged. A NIK keeps its first 6 digits (province,
// regency/city, district: enough to tell the region) followed by `**********`, wherever it
// appears (any run of 16 or more digits in any text, the decision's id included); a person's
// name becomes its initials (`Siti Aminah` -> `S. A.`); a birth date keeps its year (`1984`); a
// region code keeps its regency part (`36.72.01.1001` -> `36.72`).
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

// Whether a date field is a birth date: its name holds `birth` or `lahir`.
bool is_birth_date_field(const FieldSpec& field);

// Every run of 16 or more digits with all but its first 6 digits replaced by `*`.
std::string mask_digit_runs(std::string_view text);

// The year of a date as a record gives it: its first run of four digits (`1984-05-01`, and
// `1/5/1984` as a request's date_format reads it); with none, its digits starred.
std::string birth_year(std::string_view date);

// `36.72.01.1001` -> `36.72`; shorter codes stay as they are.
std::string regency_part(std::string_view code);

// Masks a record as given in the input: NIK, names, birth dates, region codes, and any
// NIK-like digits in other text.
void mask_record(nlohmann::json& record, const Schema& schema);

// Masks NIK-like digits in every text of a decision (its id, reasons, explanation), except the
// policy hash, which stays exact so that the decision can be traced to its policy.
void mask_decision(nlohmann::json& decision);

}  // namespace jaring::server
