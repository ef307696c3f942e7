// Flat CSV renderings: one row per decision, and one row per field problem of a rejected record.
#pragma once

#include <string>

#include "engine/runtime/decision.hpp"

namespace jaring {

std::string decision_csv_header();
// id,line,status,group,scheme,total_sen,payers,reasons,rank — payers as `account=sen;...`,
// reasons as `rule;rule`. Fields are quoted per RFC 4180 where needed.
std::string decision_csv_row(const Decision& d);

std::string rejects_csv_header();
// line,id,field,reason — one row per field error.
std::string rejects_csv_rows(const Decision& d);

}  // namespace jaring
