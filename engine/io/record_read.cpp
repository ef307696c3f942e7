// Record reading: the parts every format shares (a draft record finished into a Record or a
// Rejection) and the dispatch to the CSV and JSON readers (csv_read.cpp, json_read.cpp).
#include "engine/io/record_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "engine/base/ascii.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/suggest.hpp"
#include "engine/io/record_draft.hpp"

namespace jaring {

namespace record_read {

// The canonical text of an identifying value; empty when it is missing.
std::string id_text(const Value& v) {
  switch (v.kind) {
    case ValueKind::Missing: return {};
    case ValueKind::Text:
    case ValueKind::Region:
    case ValueKind::Nik: return v.s;
    default: return to_display(v);
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

void Draft::put_text(const Schema& schema, const ReadOptions& options, std::size_t field, std::string_view text) {
  if (options.ids_only && schema.id_field != field) return;
  if (text.size() > options.max_field_bytes) {
    error(field) = say("the field is {} bytes long, longer than the limit of {} (--max-field-bytes)", text.size(),
                       options.max_field_bytes);
    return;
  }
  std::string reason;
  if (auto v = convert_field(schema.fields[field], text, reason, options.date_format)) values[field] = std::move(*v);
  else error(field) = std::move(reason);
}

ReadResult finish(const Schema& schema, const ReadOptions& options, Draft&& d, std::uint64_t line) {
  std::vector<FieldError> errors = std::move(d.record_errors);
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& f = schema.fields[i];
    if (options.ids_only && schema.id_field != i) continue;
    if (!d.fine(i)) {
      errors.push_back({f.name, d.take_error(i)});
    } else if (!d.values[i].is_missing() && f.constraint) {
      if (auto why = constraint_violation(*f.constraint, d.values[i])) errors.push_back({f.name, std::move(*why)});
    } else if (d.values[i].is_missing() && f.default_value) {
      d.values[i] = *f.default_value;
    } else if (d.values[i].is_missing() && !f.optional) {
      errors.push_back({f.name, say("required field `{}` is missing", f.name)});
    }
  }
  std::string id;
  if (schema.id_field && d.fine(*schema.id_field)) id = id_text(d.values[*schema.id_field]);
  if (!errors.empty()) return Rejection{line, std::move(id), std::move(errors)};
  if (id.empty()) id = std::to_string(line);
  return Record{std::move(d.values), std::move(id), line};
}

ReadResult reject(std::uint64_t line, std::string reason) {
  return Rejection{line, {}, {FieldError{{}, std::move(reason)}}};
}

std::vector<std::string> field_names(const Schema& schema) {
  std::vector<std::string> names;
  names.reserve(schema.fields.size());
  for (const auto& f : schema.fields) names.push_back(f.name);
  return names;
}

bool ignored(const ReadOptions& options, std::string_view name) {
  return std::find(options.ignore_fields.begin(), options.ignore_fields.end(), name) != options.ignore_fields.end();
}

void check_ignore_fields(const Schema& schema, const ReadOptions& options) {
  for (const auto& name : options.ignore_fields)
    if (schema.index_of(name))
      throw InputError(
          say("--ignore-field {}: `{}` is a field of record `{}`, it cannot be ignored", name, name, schema.name));
}

std::string unknown_field_message(const Schema& schema, std::string_view name) {
  std::string message = say("`{}` is not a field of record `{}`", name, schema.name);
  if (const auto hint = did_you_mean(name, field_names(schema))) message += fmt::format(" ({})", *hint);
  return message;
}

}  // namespace record_read

std::uint64_t read_records(std::istream& in, InputFormat format, const Schema& schema,
                           const std::function<void(ReadResult&&)>& sink, const ReadOptions& options,
                           InputCounts* counts) {
  return read_raw_rows(
      in, format, schema,
      [&](RawRow& row, const RowLayout& layout) { sink(decode_row(std::move(row), layout, schema, options)); }, options,
      counts);
}

ReadResult decode_row(RawRow&& row, const RowLayout& layout, const Schema& schema, const ReadOptions& options) {
  if (row.ready) return std::move(*row.ready);
  if (layout.format == InputFormat::Csv) return record_read::csv_decode(std::move(row), layout, schema, options);
  return record_read::json_record(row.text, schema, options, row.line);
}

bool csv_row_id(const RawRow& row, const RowLayout& layout, const Schema& schema, const ReadOptions& options,
                std::string& id) {
  if (layout.format != InputFormat::Csv) return false;
  id.clear();
  if (row.ready || !schema.id_field) return true;
  for (std::size_t c = 0; c < row.count && c < layout.field_of_column.size(); ++c) {
    if (layout.field_of_column[c] != *schema.id_field) continue;
    if (row.cut[c] || row.cells[c].size() > options.max_field_bytes) return true;
    std::string reason;
    if (const auto v = convert_field(schema.fields[*schema.id_field], row.cells[c], reason, options.date_format)) {
      if (v->kind == ValueKind::Text || v->kind == ValueKind::Region || v->kind == ValueKind::Nik) id.assign(v->s);
      else id = record_read::id_text(*v);
    }
    return true;
  }
  return true;
}

std::uint64_t read_raw_rows(std::istream& in, InputFormat format, const Schema& schema,
                            const std::function<void(RawRow&, const RowLayout&)>& sink, const ReadOptions& options,
                            InputCounts* counts) {
  record_read::check_ignore_fields(schema, options);
  InputCounts local;
  InputCounts& c = counts ? *counts : local;
  c = InputCounts{};
  switch (format) {
    case InputFormat::Csv: return record_read::read_csv(in, schema, sink, options, c);
    case InputFormat::JsonLines: return record_read::read_json_lines(in, schema, sink, options, c);
    case InputFormat::Json: return record_read::read_json_document(in, schema, sink, options, c);
  }
  return 0;
}

ReadResult read_json_record(std::string_view json_text, const Schema& schema, const ReadOptions& options) {
  if (json_text.size() > options.max_record_bytes)
    return record_read::reject(
        1, say("the record is {} bytes long, longer than the limit of {}", json_text.size(), options.max_record_bytes));
  return record_read::json_record(json_text, schema, options, 1);
}

std::optional<InputFormat> records_format(std::string_view path, std::string_view name) {
  if (name.empty()) {
    const std::string ext = std::filesystem::path(path).extension().string();
    name = ext == ".csv" ? "csv" : (ext == ".jsonl" || ext == ".ndjson") ? "jsonl" : ext == ".json" ? "json" : "";
  }
  if (name == "csv") return InputFormat::Csv;
  if (name == "jsonl") return InputFormat::JsonLines;
  if (name == "json") return InputFormat::Json;
  return std::nullopt;
}

std::string_view format_shown(InputFormat format) {
  switch (format) {
    case InputFormat::Csv: return "CSV";
    case InputFormat::JsonLines: return "JSON Lines";
    case InputFormat::Json: return "JSON";
  }
  return "CSV";
}

std::string not_a_delimiter(std::string_view given) {
  return "`" + std::string(given) + "` is not a delimiter: give comma, semicolon, tab or pipe";
}

std::string not_a_date_format(std::string_view given) {
  return "`" + std::string(given) +
         "` is not a date format: give DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, MM/DD/YYYY or YYYY-MM-DD";
}

}  // namespace jaring
