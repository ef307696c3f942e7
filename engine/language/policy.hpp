// A resolved policy: one file with everything it `use`s merged in and, for an amendment,
// the amended policy with the amendment applied. Declarations keep the spans of the file they
// were written in. This is what the checker, `dump` and (later) compile consume.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/language/ast.hpp"

namespace jaring {

struct Policy {
  SourceId source = 0;  // the main file
  std::optional<ast::Text> name;
  std::optional<ast::Text> amends;
  std::optional<ast::Text> region_code;
  std::optional<ast::Text> region_name;
  std::vector<ast::Text> basis;
  std::optional<ast::DatedPeriod> valid;
  std::vector<std::string> uses;       // every file merged in, as written, in load order
  std::vector<SourceId> used_sources;  // the files merged in by `use` (not the main file or a base)

  std::optional<ast::RecordDecl> record;  // merged fields of every `record`
  std::vector<ast::LetDecl> lets;
  std::vector<ast::ParameterDecl> parameters;
  std::vector<ast::ProgrammeDecl> programmes;
  std::vector<ast::PayerDecl> payers;
  std::vector<ast::RequireDecl> requires_;
  std::vector<ast::GroupDecl> groups;
  std::vector<ast::QuotaDecl> quotas;  // shared quotas
  std::vector<ast::TestDecl> tests;    // the main file's own tests only
  // An amendment's: the tests of the policy it amends (and of that one's base, first), which
  // `jaring test` runs against the amendment to show what it changes. Not checked, not dumped.
  std::vector<ast::TestDecl> base_tests;
  // The amending article of every item an amendment changed, added or removed
  // (`amend [Pasal I angka 2] group rt_rw …`), by article_key(): what `diff` cites for it.
  std::map<std::string, ast::Text> articles;
};

// `group rt_rw`, `require in_region`, `parameter …`, `programme …`, `payer …`, `let …`, `quota …`.
inline std::string article_key(ast::DeclKind kind, const std::string& name) {
  static const char* const words[] = {"group", "require", "parameter", "programme", "payer", "let", "quota"};
  return std::string(words[static_cast<int>(kind)]) + " " + name;
}

}  // namespace jaring
