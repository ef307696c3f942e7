// Internal to the checker (check*.cpp): the type lattice and the shared checking context.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/language/check.hpp"
#include "engine/language/types.hpp"

namespace jaring::internal {

// The checker speaks the language's types (types.hpp); `Base` is a type's kind.
using Base = ValueKind;
using jaring::join;
using jaring::moneyish;
using jaring::numeric;
using jaring::orderable;
using jaring::parse_type_name;
using jaring::Type;
using jaring::type_name;
using jaring::type_names;

class Checker {
 public:
  Checker(const Policy& p, const SourceMap& s, Diagnostics& d) : policy_(p), sources_(s), diags_(d) {}
  void run();

  // check_exprs.cpp
  Type type_of(const ast::Expr& e);
  // Reports unless `e` has type `want` (money also accepts nothing unrounded).
  void expect_type(const ast::Expr& e, Type want, const std::string& what);
  void expect_money(const ast::Expr& e, const std::string& what);
  bool is_constant(const ast::Expr& e) const;
  // Warns for each region code written in `area` (a code or a list of them) that lies outside
  // the policy's own `region`: a `within` left over from another region's policy.
  void check_area_in_region(const ast::Expr& area);

  // check_depth.cpp: reports lets and parameters too deep to evaluate; run before typing lets.
  void check_depths();
  // check_fields.cpp: the record's field constraints.
  void check_fields();
  // check_groups.cpp
  void check_groups();
  // check_tests.cpp
  void check_tests();
  // check_regions.cpp: every region code is in the Kemendagri list; the header's name is its.
  void check_region_codes();

  const Policy& policy_;
  const SourceMap& sources_;
  Diagnostics& diags_;

  // The value namespace: record fields, lets, parameters and `as_of`.
  std::map<std::string, Type> fields_;
  std::map<std::string, const ast::LetDecl*> lets_;
  std::map<std::string, Type> let_types_;
  std::set<std::string> lets_in_progress_;
  std::map<std::string, Type> parameters_;
  std::set<std::string> schemes_;            // every scheme some programme defines
  std::set<std::string> requirement_names_;  // general and group-own

  std::vector<std::string> value_names() const;
  std::string where(const Span& s) const;
  Type let_type(const ast::LetDecl& let);
};

}  // namespace jaring::internal
