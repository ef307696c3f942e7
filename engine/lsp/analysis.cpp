#include "engine/lsp/analysis.hpp"

#include <filesystem>

#include "engine/language/check.hpp"
#include "engine/language/parse.hpp"
#include "engine/runtime/compile.hpp"
#include "engine/runtime/lane_reach.hpp"

namespace jaring::lsp {

namespace {

void index_policy(const Policy& p, std::vector<Declared>& out) {
  if (p.record)
    for (const auto& f : p.record->fields) out.push_back({DeclaredKind::Field, f.name.name, f.name.span, f.span, &f});
  for (const auto& d : p.lets) out.push_back({DeclaredKind::Let, d.name.name, d.name.span, d.span, &d});
  for (const auto& d : p.parameters) out.push_back({DeclaredKind::Parameter, d.name.name, d.name.span, d.span, &d});
  for (const auto& d : p.programmes) out.push_back({DeclaredKind::Programme, d.name.name, d.name.span, d.span, &d});
  for (const auto& d : p.payers) out.push_back({DeclaredKind::Payer, d.name.name, d.name.span, d.span, &d});
  for (const auto& d : p.requires_) out.push_back({DeclaredKind::Requirement, d.name.name, d.name.span, d.span, &d});
  for (const auto& d : p.groups) {
    out.push_back({DeclaredKind::Group, d.name.name, d.name.span, d.span, &d});
    // A group's own requirements are named in `waive` and `because` like the general ones.
    for (const auto& r : d.requires_) out.push_back({DeclaredKind::Requirement, r.name.name, r.name.span, r.span, &r});
  }
  for (const auto& d : p.quotas) out.push_back({DeclaredKind::Quota, d.name.name, d.name.span, d.span, &d});
}

// `a/b/national/bpjstk.policy` without its ending: `a/b/national/bpjstk`.
std::filesystem::path without_policy_ending(const std::string& name) {
  std::string s = name;
  for (const std::string_view ending : {".policy.md", ".policy"})
    if (s.size() > ending.size() && s.compare(s.size() - ending.size(), ending.size(), ending) == 0) {
      s.resize(s.size() - ending.size());
      break;
    }
  return std::filesystem::path(s).lexically_normal();
}

}  // namespace

std::vector<const Declared*> Analysis::find(std::string_view name) const {
  std::vector<const Declared*> out;
  for (const auto& d : declared)
    if (d.name == name) out.push_back(&d);
  return out;
}

std::unique_ptr<Analysis> analyze(const std::string& name, std::string text, const LoadOptions& options) {
  auto a = std::make_unique<Analysis>();
  auto loaded = load_policy_text(name, std::move(text), a->sources, a->diags, options);
  if (loaded) {
    a->policy = std::make_shared<const Policy>(std::move(*loaded));
    // As `jaring check` (runtime/open_policy.cpp): a missing dependency is reported alone.
    if (!dependency_missing(a->diags))
      if (const auto checked = check(a->policy, a->sources, a->diags))
        note_slow_policy(*a->policy, *compile(*checked), a->diags);  // as `jaring check` notes it
    index_policy(*a->policy, a->declared);
  }
  Diagnostics scratch;  // the document's syntax errors are in `diags` already
  a->file = parse(a->sources, Analysis::document, scratch);
  a->diags.sort();
  return a;
}

std::optional<SourceId> source_of_path(const Analysis& a, std::string_view written) {
  const std::filesystem::path wanted = without_policy_ending(std::string(written));
  if (wanted.empty()) return std::nullopt;
  std::error_code ec;
  auto absolute = [&](const std::filesystem::path& p) { return std::filesystem::absolute(p, ec).lexically_normal(); };
  // Beside the document (`amends "../cilegon-2024.policy"`, `use local/extra`) first.
  const auto beside = absolute(std::filesystem::path(a.sources.get(Analysis::document).name()).parent_path() / wanted);
  for (SourceId id = 1; id < a.sources.size(); ++id)
    if (absolute(without_policy_ending(a.sources.get(id).name())) == beside) return id;
  // Else found in a rules root or search folder: `national/bpjstk` names
  // `…/rules/national/bpjstk.policy`, so its last parts are compared.
  for (SourceId id = 1; id < a.sources.size(); ++id) {
    const std::filesystem::path have = without_policy_ending(a.sources.get(id).name());
    auto h = have.end(), w = wanted.end();
    bool same = true;
    while (same && w != wanted.begin()) {
      --w;
      if (*w == "." || w->empty()) continue;
      same = h != have.begin() && *--h == *w;
    }
    if (same) return id;
  }
  return std::nullopt;
}

}  // namespace jaring::lsp
