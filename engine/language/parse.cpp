#include "engine/language/parse.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/base/suggest.hpp"
#include "engine/base/utf8.hpp"
#include "engine/language/cst_to_ast.hpp"
#include "engine/language/limits.hpp"
#include "engine/language/parse_trees.hpp"
#include "engine/language/slips.hpp"
#include "grammar/grammar.hpp"

namespace jaring {

namespace {

namespace pegtl = tao::pegtl;

// Text-level checks before parsing: the file must be UTF-8 without NUL bytes.
bool check_encoding(const Source& src, SourceId id, Diagnostics& diags) {
  const std::string& t = src.text();
  for (std::size_t i = 0; i < t.size();) {
    const auto at = static_cast<std::uint32_t>(i);
    if (t[i] == '\0') {
      diags.error("nul-byte", {id, at, at + 1}, say_text("the file contains a NUL byte"),
                  say_text("policy files are plain UTF-8 text"));
      return false;
    }
    const std::size_t n = utf8_sequence_length(t, i);
    if (n == 0) {
      diags.error("invalid-utf8", {id, at, at + 1}, say("invalid UTF-8 at byte {}", i),
                  say_text("save the file as UTF-8"));
      return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

std::span<const KeywordSpelling> keyword_table() {
#define JARING_KEY_SPELLING(name, en, id) {en, id},
  static constexpr KeywordSpelling table[] = {JARING_KEYWORDS(JARING_KEY_SPELLING)};
#undef JARING_KEY_SPELLING
  return table;
}

namespace {

std::vector<std::string> keyword_spellings() {
  std::vector<std::string> out;
#define JARING_KEY_NAMES(name, en, id) \
  out.emplace_back(en);                \
  out.emplace_back(id);
  JARING_KEYWORDS(JARING_KEY_NAMES)
#undef JARING_KEY_NAMES
  return out;
}

// True for the syntax errors raised where the next token had to be a keyword.
bool expects_keyword(const std::string& message) {
  using grammar::errors;
  static const char* const keyword_points[] = {
      errors::message<grammar::end_of_file>,  errors::message<grammar::group_body>,
      errors::message<grammar::test_body>,    errors::message<grammar::amend_target>,
      errors::message<grammar::add_target>,   errors::message<grammar::remove_kind>,
      errors::message<grammar::expect_items>, errors::message<grammar::if_then>,
      errors::message<grammar::if_else>,      errors::message<grammar::between_and>,
      errors::message<grammar::rank_by>,      errors::message<grammar::test_on>,
      errors::message<grammar::given_block>,  errors::message<grammar::for_part>,
      errors::message<grammar::part_defs>,    errors::message<grammar::close_brace>};
  for (const char* m : keyword_points)
    if (message == m) return true;
  return false;
}

// The word at `offset`, for "did you mean" on a misspelt keyword.
std::string_view word_at(std::string_view text, std::size_t offset) {
  std::size_t end = offset;
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (end < text.size() && is_word(text[end])) ++end;
  return text.substr(offset, end - offset);
}

void report_syntax_error(const pegtl::parse_error& e, const Source& src, SourceId id, Diagnostics& diags) {
  const auto offset = static_cast<std::uint32_t>(e.positions().empty() ? 0 : e.positions().front().byte);
  // The grammar's table is English (the message ids); it is compared as such, shown translated.
  const std::string raw(e.message());
  std::string message = say_text(raw);
  DiagCode code = "syntax";
  std::optional<std::string> help;
  if (raw == "maximum parser rule nesting depth exceeded") {
    code = "too-deep";
    message = say("expression nested more than {} levels deep", max_nesting_depth);
    help = say_text("split the expression with `let` declarations");
  }
  const auto word = word_at(src.code(), offset);
  // Suggest a keyword only where a keyword was expected and the word is not one already.
  const auto spellings = keyword_spellings();
  const bool is_keyword = std::find(spellings.begin(), spellings.end(), word) != spellings.end();
  if (!help && word.size() >= 3 && !is_keyword && expects_keyword(raw)) {
    help = did_you_mean(word, spellings);
    if (help) message = say("`{}` is not a keyword; {}", word, message);
  }
  // Where a block's next item or a declaration was expected: after a condition, say.
  const bool after_item =
      raw == grammar::errors::message<grammar::close_brace> || raw == grammar::errors::message<grammar::end_of_file>;
  if (code == "syntax")
    if (auto slip = syntax_slip(src.code(), offset, after_item)) {
      diags.error(slip->code, {id, static_cast<std::uint32_t>(slip->begin), static_cast<std::uint32_t>(slip->end)},
                  std::move(slip->message), std::move(slip->help));
      return;
    }
  const auto end = static_cast<std::uint32_t>(offset + std::max<std::size_t>(word.size(), 1));
  diags.error(code, {id, offset, std::min<std::uint32_t>(end, static_cast<std::uint32_t>(src.code().size()))}, message,
              help);
}

}  // namespace

std::optional<ast::PolicyFile> parse(const SourceMap& sources, SourceId id, Diagnostics& diags) {
  const Source& src = sources.get(id);
  if (!check_encoding(src, id, diags)) return std::nullopt;
  std::unique_ptr<internal::Node> root;
  try {
    root = internal::parse_tree_for_ast(src.code(), src.name());
  } catch (const pegtl::parse_error& e) {
    report_syntax_error(e, src, id, diags);
    return std::nullopt;
  }
  if (!root) {
    diags.error("syntax", {id, 0, 0}, say_text("expected a policy declaration"));
    return std::nullopt;
  }
  const std::size_t before = diags.error_count();
  ast::PolicyFile file = internal::to_ast(*root, id, diags);
  if (diags.error_count() > before) return std::nullopt;
  return file;
}

}  // namespace jaring
