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

void mask_record(nlohmann::json& record, const Schema& schema) {
  for (const auto& f : schema.fields) {
    const auto it = record.find(f.name);
    if (it == record.end() || it->is_null()) continue;
    const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    if (f.type == ValueKind::Nik) *it = mask_nik(text);
    else if (is_name_field(f)) *it = initials(text);
  }
}

}  // namespace jaring::server
