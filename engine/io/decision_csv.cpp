#include "engine/io/decision_csv.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace jaring {

namespace {

std::string cell(const std::string& s) {
  std::string out;
  append_csv_cell(out, s);
  return out;
}

}  // namespace

bool csv_plain(std::string_view s) {
  // One comparison a byte for the usual cell (find_first_of called memchr over the four
  // specials for every byte: 7 % of writing decisions as CSV).
  return std::none_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ',' && (c == ',' || c == '"' || c == '\r' || c == '\n');
  });
}

void append_csv_cell(std::string& out, std::string_view s) {
  if (csv_plain(s)) {
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

void redelimit_csv(std::string_view csv, char delimiter, std::string& out) {
  out.reserve(out.size() + csv.size() + csv.size() / 8);
  const std::size_t n = csv.size();
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    if (csv[i] == '"') {  // quoted: through its closing quote (a doubled one is inside)
      for (++j; j < n; ++j)
        if (csv[j] == '"') {
          if (j + 1 < n && csv[j + 1] == '"') ++j;
          else break;
        }
      j = std::min(j + 1, n);
      out.append(csv.substr(i, j - i));
    } else {  // plain: up to the next comma or LF; no quote, CR or LF inside
      bool holds = false;
      for (; j < n && csv[j] != ',' && csv[j] != '\n'; ++j) holds = holds || csv[j] == delimiter;
      if (holds) out += '"';
      out.append(csv.substr(i, j - i));
      if (holds) out += '"';
    }
    if (j < n) out += csv[j] == ',' ? delimiter : csv[j];
    i = j + 1;
  }
}

std::string redelimited_csv(std::string csv, char delimiter) {
  if (delimiter == ',') return csv;
  std::string out;
  redelimit_csv(csv, delimiter, out);
  return out;
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
