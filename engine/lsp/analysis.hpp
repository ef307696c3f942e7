// One open document as the language server sees it: loaded with its `use` files and `amends`
// base and checked exactly as `jaring check` does, so the editor shows the same diagnostics;
// the main file's own syntax tree (for its outline and its `use` lines); and an index of every
// declaration the policy can name, wherever it was written (for hover, definition, completion).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/base/diagnostic.hpp"
#include "engine/language/ast.hpp"
#include "engine/language/load.hpp"
#include "engine/language/policy.hpp"

namespace jaring::lsp {

enum class DeclaredKind { Field, Let, Parameter, Programme, Payer, Requirement, Group, Quota };

// A declaration a name in the policy can refer to.
struct Declared {
  DeclaredKind kind = DeclaredKind::Field;
  std::string name;
  Span name_span;  // where it is declared (any source of the analysis)
  Span span;       // the whole declaration
  std::variant<const ast::FieldDecl*, const ast::LetDecl*, const ast::ParameterDecl*, const ast::ProgrammeDecl*,
               const ast::PayerDecl*, const ast::RequireDecl*, const ast::GroupDecl*, const ast::QuotaDecl*>
      decl;
};

struct Analysis {
  SourceMap sources;                     // the document is source 0
  Diagnostics diags;                     // sorted; what `jaring check` reports for the document
  std::shared_ptr<const Policy> policy;  // set when it loaded (possibly with errors)
  std::optional<ast::PolicyFile> file;   // the document's own syntax tree, when it parses
  std::vector<Declared> declared;        // from `policy`, in declaration order

  static constexpr SourceId document = 0;
  const std::string& text() const { return sources.get(document).text(); }
  // The declarations called `name`, of any kind.
  std::vector<const Declared*> find(std::string_view name) const;
};

// Loads and checks `text` as the policy file `name` (a path: `use` is resolved from its folder).
std::unique_ptr<Analysis> analyze(const std::string& name, std::string text, const LoadOptions& options);

// The source a `use` or `amends` path written in the document loaded, if it did.
std::optional<SourceId> source_of_path(const Analysis& a, std::string_view written);

}  // namespace jaring::lsp
