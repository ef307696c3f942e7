#include "engine/io/decision_csv.hpp"

#include <fmt/format.h>

namespace jaring {

namespace {

std::string cell(const std::string& s) {
  std::string out;
  append_csv_cell(out, s);
  return out;
}

}  // namespace

void append_csv_cell(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string decision_csv_header(const Program& program) {
  std::string out = "id,line,status,group,scheme,total_sen,payers,reasons,rank";
  for (const auto& p : program.programmes) out += "," + cell(p.info.name + "_sen");
  return out + "\n";
}

std::string decision_csv_row(const Program& program, const Decision& d) {
  std::string payers, reasons;
  for (const auto& p : d.payers) payers += (payers.empty() ? "" : ";") + fmt::format("{}={}", p.account, p.sen);
  for (const auto& r : d.reasons) reasons += fmt::format("{}{}", reasons.empty() ? "" : ";", r.rule);
  std::string out = fmt::format("{},{},{},{},{},{},{},{},{}", cell(d.id), d.line, status_name(d.status),
                                d.group ? cell(std::string(d.group->rule)) : "", cell(d.scheme), d.total, cell(payers),
                                cell(reasons), d.rank ? std::to_string(*d.rank) : "");
  for (const auto& p : program.programmes) {
    out += ',';
    for (const auto& a : d.programmes)
      if (a.programme.rule == p.info.name) out += std::to_string(a.total);
  }
  return out + "\n";
}

std::string rejects_csv_header() { return "line,id,field,reason\n"; }

std::string rejects_csv_rows(const Decision& d) {
  std::string out;
  for (const auto& e : d.errors) out += fmt::format("{},{},{},{}\n", d.line, cell(d.id), cell(e.field), cell(e.reason));
  return out;
}

}  // namespace jaring
