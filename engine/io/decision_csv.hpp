// Flat CSV renderings: one row per decision, and one row per field problem of a rejected record.
#pragma once

#include <string>
#include <string_view>

#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

// id,line,status,group,scheme,total_sen,payers,reasons,rank, then one `PROGRAMME_sen` column
// per programme of the policy in declaration order (the monthly amount, empty when not
// covered) — payers as `account=sen;...`, reasons as `rule;rule` (the first is the first
// failing). Fields are quoted per RFC 4180 where needed.
std::string decision_csv_header(const Program& program);
std::string decision_csv_row(const Program& program, const Decision& d);

// Whether `s` is a CSV cell as it is: no comma, quote or line end.
bool csv_plain(std::string_view s);

// `s` as one CSV cell, quoted per RFC 4180 when it holds a comma, a quote or a line end.
void append_csv_cell(std::string& out, std::string_view s);

// `csv`, complete rows as the functions here write them (cells between commas, quoted where
// needed, rows ended by LF), with `delimiter` between the cells instead (`--out-delimiter`):
// a quoted cell is kept as it is, and a cell that holds the delimiter is quoted. For a
// spreadsheet set to Indonesian, whose list separator is `;`: the payers and reasons cells,
// which hold `;`, are then quoted. Appended to `out`.
void redelimit_csv(std::string_view csv, char delimiter, std::string& out);
// The same as a string: `csv` itself when `delimiter` is a comma.
std::string redelimited_csv(std::string csv, char delimiter);

std::string rejects_csv_header();
// line,id,field,reason — one row per field error.
std::string rejects_csv_rows(const Decision& d);

}  // namespace jaring
