// JSON records: JSON Lines (one object per line; a bad line rejects that line only) and JSON
// documents (one object, or an array whose elements are split while streaming, so a large
// array never has to fit in memory). Keys are checked: a duplicated key rejects its record,
// a key the schema does not know rejects it too (or stops the read with `strict_keys`).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/io/json_fields.hpp"
#include "engine/io/json_refusal.hpp"
#include "engine/io/line_source.hpp"
#include "engine/io/record_draft.hpp"
#include "engine/language/types.hpp"

#include "engine/base/i18n.hpp"

namespace jaring::record_read {

namespace {

using nlohmann::json;

// A short reason for text that nlohmann refused, without echoing the input.
std::string json_error(std::string_view text) {
  const auto refusal = json_refusal(text);
  if (!refusal || refusal->id == 0) return say_text("malformed JSON");
  if (refusal->id >= 200) return say_text("malformed JSON: a number is too large");
  const std::string detail = refusal->detail();
  // The parser's detail is English: other languages name only the column.
  if (detail.empty() || message_language() != Lang::en) return say("malformed JSON at column {}", refusal->byte);
  return say("malformed JSON: {} (column {})", detail, refusal->byte);
}

std::string json_kind(const json& j) {
  if (j.is_boolean()) return say_text("true or false");
  if (j.is_number()) return say_text("a number");
  if (j.is_object()) return say_text("an object");
  if (j.is_array()) return say_text("a list");
  if (j.is_string()) return say_text("text");
  return "null";
}

// A JSON value that is not a string: numbers for int and money, true/false (or 0/1) for bool.
void put_json(const FieldSpec& spec, const json& j, Value& out, std::string& error) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const bool integer = j.is_number_integer();
  const bool fits = integer && (!j.is_number_unsigned() || j.get<std::uint64_t>() <= static_cast<std::uint64_t>(max));
  const std::int64_t n = fits ? j.get<std::int64_t>() : 0;
  if (spec.type == ValueKind::Bool && j.is_boolean()) {
    out = Value::boolean(j.get<bool>());
  } else if (spec.type == ValueKind::Bool && integer && (n == 0 || n == 1) && fits) {
    out = Value::boolean(n == 1);
  } else if (spec.type == ValueKind::Int && integer) {
    if (fits) out = Value::integer(n);
    else error = say("`{}` is too large for a whole number", j.dump());
  } else if (spec.type == ValueKind::Int && j.is_number_float()) {
    error = say("`{}` is not a whole number", j.dump());
  } else if (spec.type == ValueKind::Money && j.is_number_float()) {
    error = say_text("money must be written exactly, e.g. \"Rp 1.000,50\"");
  } else if (spec.type == ValueKind::Money && integer) {
    if (fits && n < 0) error = say("money cannot be negative, found `{}`", n);
    else if (!fits || n > max / 100) error = say("`{}` is too large for an amount of money", j.dump());
    else out = Value::money(n * 100);
  } else {
    error = say("expected {}, found {}", described(spec.type), json_kind(j));
  }
}

// put_json into field `field` of `draft`, its error (if any) kept as the field's.
void put_value(const Schema& schema, Draft& draft, std::size_t field, const json& value) {
  std::string error;
  put_json(schema.fields[field], value, draft.values[field], error);
  if (!error.empty()) draft.error(field) = std::move(error);
}

// Parses `text`, noting the first key an object of it holds twice (nlohmann keeps the last).
json parse_noting_duplicates(std::string_view text, std::string& duplicate) {
  std::vector<std::vector<std::string>> keys;  // per open object
  const json::parser_callback_t note = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!keys.empty()) keys.pop_back();
    } else if (event == json::parse_event_t::key && !keys.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      auto& seen = keys.back();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        if (duplicate.empty()) duplicate = key;
      } else {
        seen.push_back(key);
      }
    }
    return true;
  };
  return json::parse(text, note, false);
}

// The one-pass reader of a flat record (flat_record below): a SAX handler that puts each value
// straight into the draft. It gives up (returns false, so the parse stops) at anything the
// general reader must see to say what is wrong: a nested value, a key the schema does not know
// (even one --ignore-field names), a key given twice, malformed JSON.
struct FlatRecord {
  const Schema& schema;
  const ReadOptions& options;
  Draft& draft;
  std::vector<bool> seen;
  std::size_t field = 0;
  int depth = 0;
  bool done = false;

  // A value for the current key; non-text values as the general reader sees them (put_json).
  bool put(const json& value) {
    if (depth != 1) return false;
    if (options.ids_only && schema.id_field != field) return true;
    put_value(schema, draft, field, value);
    return true;
  }
  bool null() { return depth == 1; }  // absent, as the general reader takes it
  bool boolean(bool v) { return put(json(v)); }
  bool number_integer(json::number_integer_t v) { return put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(json(v)); }
  bool string(json::string_t& v) {
    if (depth != 1) return false;
    if (!options.ids_only || schema.id_field == field) draft.put_text(schema, options, field, v);
    return true;
  }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) { return depth++ == 0; }
  bool key(json::string_t& k) {
    const auto i = schema.index_of(k);
    if (!i || seen[*i]) return false;
    seen[*i] = true;
    field = *i;
    return true;
  }
  bool end_object() {
    done = --depth == 0;
    return true;
  }
  bool start_array(std::size_t) { return false; }
  bool end_array() { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

// A record's field names as plainest_json_fields asks for them, with no key to read past (an
// unknown key, even one --ignore-field names, is json_record's to say, as FlatRecord leaves it).
struct SchemaKeys {
  const Schema& schema_;
  const Schema& schema() const { return schema_; }
  bool is(std::size_t field, std::string_view key) const { return schema_.fields[field].name == key; }
  std::optional<std::size_t> ignored(std::string_view) const { return std::nullopt; }
};

// The plainest flat record, read by hand (json_fields.hpp: text without escapes in well-formed
// UTF-8, whole numbers, true, false and null). Such text means to nlohmann exactly its bytes,
// so the draft is what FlatRecord would fill. Anything else (an escape, a fraction, a number of
// more than 18 digits, -0, a key unknown or repeated, a nested value, malformed text) answers
// false, and the draft is to be thrown away: FlatRecord reads it then. A single decision over
// HTTP spent 19.000 of its 105.000 instructions in nlohmann's lexer and SAX calls for a
// 144-byte record (callgrind, `jaring serve`).
bool plain_flat_record(std::string_view text, const Schema& schema, const ReadOptions& options, Draft& draft) {
  return plainest_json_fields(text, SchemaKeys{schema}, [&](std::size_t field, JsonToken kind, std::string_view token) {
    if (options.ids_only && schema.id_field != field) return true;
    switch (kind) {
      case JsonToken::Null: return true;  // absent, as the general reader takes it
      case JsonToken::String: draft.put_text(schema, options, field, token); return true;
      case JsonToken::True:
      case JsonToken::False: put_value(schema, draft, field, json(kind == JsonToken::True)); return true;
      case JsonToken::Number: {
        // nlohmann's number_integer or number_unsigned of the same value: put_json reads either.
        std::int64_t v = 0;
        if (token.size() > 18 || token == "-0") return false;
        std::from_chars(token.data(), token.data() + token.size(), v);
        put_value(schema, draft, field, json(v));
        return true;
      }
    }
    return false;
  });
}

// A JSON Lines line longer than --max-record-bytes.
ReadResult too_long_line(std::uint64_t number, std::uint64_t length, const ReadOptions& options) {
  return reject(number, say("the line is {} bytes long, longer than the limit of {} (--max-record-bytes)", length,
                            options.max_record_bytes));
}

// A JSON object's text framed for json_record (reused buffers), or its rejection by `too_long`
// when it is longer than --max-record-bytes.
void frame_json_text(std::string_view text, std::uint64_t number, const ReadOptions& options, RawRow& out,
                     ReadResult (*too_long)(std::uint64_t, std::uint64_t, const ReadOptions&)) {
  out.line = number;
  out.ready.reset();
  out.count = 0;
  out.text_after_quote.reset();
  if (text.size() > options.max_record_bytes) {
    out.text.clear();
    out.ready = too_long(number, text.size(), options);
  } else {
    out.text.assign(text);
  }
}

}  // namespace

std::optional<ReadResult> flat_record(std::string_view text, const Schema& schema, const ReadOptions& options,
                                      std::uint64_t line) {
  {
    Draft d(schema);
    if (plain_flat_record(text, schema, options, d)) return finish(schema, options, std::move(d), line);
  }
  return flat_record_sax(text, schema, options, line);
}

std::optional<ReadResult> flat_record_sax(std::string_view text, const Schema& schema, const ReadOptions& options,
                                          std::uint64_t line) {
  Draft d(schema);
  FlatRecord reader{schema, options, d, std::vector<bool>(schema.fields.size()), 0, 0, false};
  if (!json::sax_parse(text, &reader) || !reader.done) return std::nullopt;
  return finish(schema, options, std::move(d), line);
}

ReadResult json_record(std::string_view text, const Schema& schema, const ReadOptions& options, std::uint64_t line) {
  if (auto flat = flat_record(text, schema, options, line)) return std::move(*flat);
  std::string duplicate;
  const json j = parse_noting_duplicates(text, duplicate);
  if (j.is_discarded()) return reject(line, json_error(text));
  if (!j.is_object()) return reject(line, say("not a JSON object (found {})", json_kind(j)));
  Draft d(schema);
  if (!duplicate.empty())
    d.record_errors.push_back({duplicate, say("key `{}` is given more than once; give each field once", duplicate)});
  for (const auto& [key, value] : j.items()) {
    if (schema.index_of(key) || ignored(options, key)) continue;
    if (options.strict_keys)
      throw InputError(say("line {}: key {}; to read the records without it, pass --ignore-field {}", line,
                           unknown_field_message(schema, key), key));
    d.record_errors.push_back({key, say("unknown key: {}", unknown_field_message(schema, key))});
  }
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    if (options.ids_only && schema.id_field != i) continue;
    const auto it = j.find(schema.fields[i].name);
    if (it == j.end() || it->is_null()) continue;
    if (it->is_string()) d.put_text(schema, options, i, it->get_ref<const std::string&>());
    else put_value(schema, d, i, *it);
  }
  return finish(schema, options, std::move(d), line);
}

std::uint64_t read_json_lines(std::istream& in, const Schema&, const RowSink& row_sink, const ReadOptions& options,
                              InputCounts& counts) {
  const RowLayout layout{InputFormat::JsonLines, {}};
  LineSource source(in, options.max_record_bytes);
  PhysicalLine line;
  std::uint64_t rows = 0;
  while (source.next(line)) {
    if (!line.cut && trim(line.text).empty()) {
      ++counts.blank;
      continue;
    }
    ++rows;
    RawRow row = line.cut ? ready_row(line.number, too_long_line(line.number, line.length, options))
                          : json_row(line.number, line.text);
    row_sink(row, layout);
  }
  counts.rows = rows;
  counts.lines = source.lines();
  return rows;
}

void frame_json_line(std::string_view line, std::uint64_t number, const ReadOptions& options, RawRow& out) {
  frame_json_text(line, number, options, out, too_long_line);
}

namespace {

// Bytes of a JSON document with line numbers (LF, CR or CRLF) and one byte of look-ahead.
class JsonBytes {
 public:
  explicit JsonBytes(std::istream& in) : in_(in), buffer_(std::size_t{1} << 16) {
    fill();
    if (end_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') pos_ = 3;
  }
  static constexpr int eof = -1;
  int peek() {
    if (pos_ == end_ && !fill()) return eof;
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  int get() {
    const int c = peek();
    if (c == eof) return eof;
    ++pos_;
    if (c == '\n' && !after_cr_) ++line_;
    if (c == '\r') ++line_;
    after_cr_ = c == '\r';
    return c;
  }
  void skip_space() {
    for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) get();
  }
  std::uint64_t line() const { return line_; }

 private:
  bool fill() {
    pos_ = end_ = 0;
    if (!in_) return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    return end_ > 0;
  }
  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t line_ = 1;
  bool after_cr_ = false;
};

// Reads one JSON value's bytes up to (not including) a `,` or `]` outside strings and
// brackets at its own level, or the end of the input. Keeps at most `max` bytes; `length`
// is the full length.
void take_value(JsonBytes& bytes, std::size_t max, std::string& text, std::uint64_t& length) {
  text.clear();
  length = 0;
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (int c = bytes.peek(); c != JsonBytes::eof; c = bytes.peek()) {
    if (!in_string && depth == 0 && (c == ',' || c == ']')) break;
    bytes.get();
    ++length;
    if (text.size() < max) text += static_cast<char>(c);
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

ReadResult too_long_element(std::uint64_t line, std::uint64_t length, const ReadOptions& options) {
  return reject(line, say("the record is {} bytes long, longer than the limit of {} (--max-record-bytes)", length,
                          options.max_record_bytes));
}

RawRow element_row(std::string_view text, std::uint64_t length, const ReadOptions& options, std::uint64_t line) {
  if (length > options.max_record_bytes) return ready_row(line, too_long_element(line, length, options));
  if (trim(text).empty()) return ready_row(line, reject(line, say_text("an empty element in the JSON array")));
  return json_row(line, text);
}

}  // namespace

void frame_json_element(std::string_view text, std::uint64_t number, const ReadOptions& options, RawRow& out) {
  frame_json_text(text, number, options, out, too_long_element);
}

std::uint64_t read_json_document(std::istream& in, const Schema&, const RowSink& sink, const ReadOptions& options,
                                 InputCounts& counts) {
  const RowLayout layout{InputFormat::Json, {}};
  counts.line_based = false;
  JsonBytes bytes(in);
  bytes.skip_space();
  if (bytes.peek() == JsonBytes::eof) return 0;
  std::string text;
  std::uint64_t length = 0;
  std::uint64_t rows = 0;
  auto emit = [&](RawRow&& r) {
    ++rows;
    sink(r, layout);
  };
  if (bytes.peek() != '[') {
    // One object (or a malformed document): the whole input is one record.
    const std::uint64_t line = bytes.line();
    text.clear();
    for (int c = bytes.get(); c != JsonBytes::eof; c = bytes.get()) {
      ++length;
      if (text.size() < options.max_record_bytes) text += static_cast<char>(c);
    }
    emit(element_row(text, length, options, line));
    counts.rows = rows;
    return rows;
  }
  bytes.get();
  bytes.skip_space();
  if (bytes.peek() == ']') {
    bytes.get();
  } else {
    for (;;) {
      bytes.skip_space();
      const std::uint64_t line = bytes.line();
      take_value(bytes, options.max_record_bytes, text, length);
      const int stop = bytes.peek();
      if (stop == JsonBytes::eof) {
        // Cut short: the last element is decided if it is whole, and the missing `]` is a
        // row of its own, so a truncated file never passes as complete.
        if (!trim(text).empty()) emit(element_row(text, length, options, line));
        emit(ready_row(
            bytes.line(),
            reject(bytes.line(), say_text("the JSON array is not closed with `]`: the input may be cut short"))));
        counts.rows = rows;
        return rows;
      }
      emit(element_row(text, length, options, line));
      bytes.get();
      if (stop == ']') break;
    }
  }
  bytes.skip_space();
  if (bytes.peek() != JsonBytes::eof)
    emit(ready_row(bytes.line(), reject(bytes.line(), say_text("text after the end of the JSON array"))));
  counts.rows = rows;
  return rows;
}

}  // namespace jaring::record_read
