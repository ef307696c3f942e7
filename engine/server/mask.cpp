#include "engine/server/mask.hpp"

namespace jaring::server {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length of the UTF-8 sequence starting with `c` (1 for anything that does not start one).
std::size_t utf8_length(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string mask_nik(std::string_view nik) {
  constexpr std::size_t kept = 6;
  return std::string(nik.substr(0, std::min(kept, nik.size()))) + "**********";
}

std::string initials(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    if (is_space(name[i])) {
      ++i;
      continue;
    }
    const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(name[i])), name.size() - i);
    std::string letter(name.substr(i, n));
    if (n == 1 && letter[0] >= 'a' && letter[0] <= 'z') letter[0] = static_cast<char>(letter[0] - 'a' + 'A');
    out += (out.empty() ? "" : " ") + letter + ".";
    while (i < name.size() && !is_space(name[i])) ++i;
  }
  return out;
}

bool is_name_field(const FieldSpec& field) {
  if (field.type != ValueKind::Text) return false;
  const std::string_view n = field.name;
  return n == "name" || n == "nama" || ends_with(n, "_name") || starts_with(n, "nama_");
}

bool is_birth_date_field(const FieldSpec& field) {
  if (field.type != ValueKind::Date) return false;
  return field.name.find("birth") != std::string::npos || field.name.find("lahir") != std::string::npos;
}

std::string mask_digit_runs(std::string_view text) {
  constexpr std::size_t nik_digits = 16;
  constexpr std::size_t kept = 6;
  std::string out(text);
  for (std::size_t i = 0; i < out.size();) {
    if (out[i] < '0' || out[i] > '9') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < out.size() && out[end] >= '0' && out[end] <= '9') ++end;
    if (end - i >= nik_digits)
      for (std::size_t k = i + kept; k < end; ++k) out[k] = '*';
    i = end;
  }
  return out;
}

std::string birth_year(std::string_view date) {
  for (std::size_t i = 0; i < date.size();) {
    std::size_t end = i;
    while (end < date.size() && date[end] >= '0' && date[end] <= '9') ++end;
    if (end - i == 4) return std::string(date.substr(i, 4));
    i = end == i ? i + 1 : end;
  }
  std::string starred(date);
  for (char& c : starred)
    if (c >= '0' && c <= '9') c = '*';
  return starred;
}

std::string regency_part(std::string_view code) {
  const auto first = code.find('.');
  if (first == std::string_view::npos) return std::string(code);
  const auto second = code.find('.', first + 1);
  return std::string(code.substr(0, second));
}

void mask_record(nlohmann::json& record, const Schema& schema) {
  for (const auto& f : schema.fields) {
    const auto it = record.find(f.name);
    if (it == record.end() || it->is_null()) continue;
    const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    if (f.type == ValueKind::Nik) *it = mask_nik(text);
    else if (is_name_field(f)) *it = initials(text);
    else if (is_birth_date_field(f)) *it = birth_year(text);
    else if (f.type == ValueKind::Region) *it = regency_part(text);
    else if (it->is_string()) *it = mask_digit_runs(text);
  }
}

void mask_decision(nlohmann::json& decision) {
  if (decision.is_string()) {
    decision = mask_digit_runs(decision.get_ref<const std::string&>());
    return;
  }
  if (decision.is_array()) {
    for (auto& item : decision) mask_decision(item);
    return;
  }
  if (!decision.is_object()) return;
  for (auto& [key, value] : decision.items())
    if (key != "hash") mask_decision(value);
}

}  // namespace jaring::server
