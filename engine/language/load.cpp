#include "engine/language/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>

#include "engine/base/i18n.hpp"
#include "engine/base/install_dirs.hpp"
#include "engine/base/literate.hpp"
#include "engine/base/read_file.hpp"
#include "engine/base/suggest.hpp"
#include "engine/language/parse.hpp"

namespace jaring {

namespace fs = std::filesystem;

namespace {

const char* kind_word(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Group: return "group";
    case ast::DeclKind::Require: return "requirement";
    case ast::DeclKind::Parameter: return "parameter";
    case ast::DeclKind::Programme: return "programme";
    case ast::DeclKind::Payer: return "payer";
    case ast::DeclKind::Let: return "let";
    case ast::DeclKind::Quota: return "quota";
  }
  return "declaration";
}

// The same in the message language.
std::string kind_said(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Group: return say_text("group");
    case ast::DeclKind::Require: return say_text("requirement");
    case ast::DeclKind::Parameter: return say_text("parameter");
    case ast::DeclKind::Programme: return say_text("programme");
    case ast::DeclKind::Payer: return say_text("payer");
    case ast::DeclKind::Let: return say_text("let");
    case ast::DeclKind::Quota: return say_text("quota");
  }
  return say_text("declaration");
}

// `national/bpjstk` -> `national/bpjstk.policy`: the relative file a `use` looks for (and,
// when there is none, its literate form `national/bpjstk.policy.md`); a name written with
// either ending is looked for as written.
std::string policy_file_name(const std::string& written) {
  fs::path rel(written);
  if (rel.extension() != ".policy" && !is_literate(written)) rel += ".policy";
  return rel.string();
}

template <typename T>
T* find_named(std::vector<T>& items, const std::string& name) {
  for (auto& item : items)
    if (item.name.name == name) return &item;
  return nullptr;
}

class Loader {
 public:
  Loader(SourceMap& sources, Diagnostics& diags, const LoadOptions& options)
      : sources_(sources), diags_(diags), options_(options) {}

  std::optional<Policy> load_main(const std::string& name, std::string text) {
    const SourceId id = sources_.add(name, std::move(text));
    auto file = parse(sources_, id, diags_);
    if (!file) return std::nullopt;
    Policy policy;
    policy.source = id;
    stack_.push_back(canonical(name));
    included_.insert(stack_.back());
    merge_file(policy, std::move(*file), /*header=*/true, /*tests=*/true);
    stack_.pop_back();
    return policy;
  }

 private:
  static std::string canonical(const fs::path& p) {
    std::error_code ec;
    auto c = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal().string() : c.string();
  }

  std::string where(const Span& s) const {
    const Source& src = sources_.get(s.source);
    return fmt::format("{}:{}", src.name(), src.line_col(s.begin).line);
  }

  // Where a `use` written in `from_file` is looked for, in order: the file's own folder; its
  // rules root, the nearest enclosing folder that holds `national/` (or whose `rules/` does, or
  // that is named `rules`); the -I folders; the folders of JARING_PATH (`:`-separated); the
  // installed rule packs beside the running program (`<bin>/../share/jaring/rules`). Never
  // the current folder: the same file finds the same rules wherever it is run from.
  std::vector<fs::path> search_dirs(const fs::path& from_file) const {
    std::vector<fs::path> dirs;
    const fs::path dir = from_file.parent_path();
    dirs.push_back(dir.empty() ? fs::path(".") : dir);
    std::error_code ec;
    std::error_code cwd_error;
    const fs::path here = fs::current_path(cwd_error);
    auto shown = [&](const fs::path& p) { return cwd_error ? p : p.lexically_proximate(here); };  // as messages say
    for (fs::path p = fs::absolute(dirs.front(), ec).lexically_normal(); !p.empty(); p = p.parent_path()) {
      if (fs::is_directory(p / "national", ec) || p.filename() == "rules") {
        dirs.push_back(shown(p));
        break;
      }
      if (fs::is_directory(p / "rules" / "national", ec)) {
        dirs.push_back(shown(p / "rules"));
        break;
      }
      if (p == p.parent_path()) break;
    }
    for (const auto& s : options_.search_paths) dirs.push_back(s);
    if (const char* env = std::getenv("JARING_PATH"))
      for (std::string_view rest = env; !rest.empty();) {
        const auto colon = rest.find(':');
        const std::string_view one = rest.substr(0, colon);
        if (!one.empty()) dirs.emplace_back(std::string(one));
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
      }
    if (options_.installed_rules && !options_.installed_rules_dir.empty()) {
      if (fs::is_directory(options_.installed_rules_dir, ec)) dirs.push_back(options_.installed_rules_dir);
    } else if (options_.installed_rules) {
      if (auto installed = installed_rules_dir()) dirs.push_back(std::move(*installed));
    }
    return dirs;
  }

  std::optional<fs::path> resolve(const std::string& written, const fs::path& from_file) const {
    const bool bare = fs::path(written).extension() != ".policy" && !is_literate(written);
    const fs::path rel = policy_file_name(written);
    std::error_code ec;
    // In each folder, `x.policy`, then (for a name written without an ending) `x.policy.md`.
    auto in = [&](const fs::path& dir) -> std::optional<fs::path> {
      if (fs::is_regular_file(dir / rel, ec)) return (dir / rel).lexically_normal();
      fs::path md = dir / rel;
      md += ".md";
      if (bare && fs::is_regular_file(md, ec)) return md.lexically_normal();
      return std::nullopt;
    };
    if (rel.is_absolute()) return in("");
    for (const auto& dir : search_dirs(from_file))
      if (auto found = in(dir)) return found;
    return std::nullopt;
  }

  // Loads a dependency (`use` or `amends`) into `policy`; `span` is where it was named.
  void load_dependency(Policy& policy, const ast::Text& written, const fs::path& from, bool as_base) {
    const char* what = as_base ? "amends" : "use";
    auto path = resolve(written.text, from);
    if (!path) {
      std::string dirs;
      for (const auto& d : search_dirs(from)) dirs += (dirs.empty() ? "" : ", ") + d.string();
      diags_.error("unknown-policy", written.span, say("cannot find the policy `{}`", written.text),
                   say("looked for `{}` in {}; name the folder that holds it with `-I DIR` or in "
                       "JARING_PATH",
                       policy_file_name(written.text), dirs));
      return;
    }
    const std::string key = canonical(*path);
    if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
      diags_.error(as_base ? DiagCode("circular-amends") : DiagCode("circular-use"), written.span,
                   say("circular `{}`: `{}` is already being loaded", what, written.text),
                   say_text("a policy cannot use or amend itself, directly or through other files"));
      return;
    }
    if (!as_base && !included_.insert(key).second) return;  // already merged (diamond)
    std::string error;
    std::optional<std::string> text = options_.held_text ? options_.held_text(*path) : std::nullopt;
    if (!text) text = read_file(*path, error);
    if (!text) {
      diags_.error("unreadable-policy", written.span, say("cannot read `{}`: {}", path->string(), error));
      return;
    }
    const SourceId id = sources_.add(path->string(), std::move(*text));
    if (!as_base) policy.used_sources.push_back(id);
    auto file = parse(sources_, id, diags_);
    if (!file) return;
    if (as_base) included_.insert(key);
    stack_.push_back(key);
    merge_file(policy, std::move(*file), /*header=*/as_base, /*tests=*/false);
    stack_.pop_back();
  }

  // `header`: take the file's header (main file or amended base); `tests`: keep its tests.
  void merge_file(Policy& policy, ast::PolicyFile file, bool header, bool tests) {
    const fs::path name = sources_.get(file.source).name();
    auto& h = file.header;
    const bool amendment = h.amends.has_value();
    if (amendment) load_dependency(policy, *h.amends, name, true);
    for (const auto& u : h.uses) {
      policy.uses.push_back(u.text);
      load_dependency(policy, u, name, false);
    }
    if (header) {
      if (h.name) policy.name = h.name;
      if (h.amends) policy.amends = h.amends;
      if (h.region_code) policy.region_code = h.region_code, policy.region_name = h.region_name;
      for (auto& b : h.basis) policy.basis.push_back(std::move(b));
      if (h.valid) policy.valid = h.valid;
    }
    // An amended base's tests are kept apart: `jaring test` runs them against the amendment.
    const bool base_tests = header && !tests;
    for (auto& entry : file.decls) merge_decl(policy, std::move(entry), tests, amendment, base_tests);
  }

  template <typename T>
  void add_named(std::vector<T>& items, T item, ast::DeclKind kind, bool amendment, bool added) {
    if (const T* prior = find_named(items, item.name.name)) {
      std::string help = say("the first is at {}", where(prior->name.span));
      if (amendment && !added)
        help += say("; to change it here write `amend {} {}`",
                    kind == ast::DeclKind::Require ? "require" : kind_word(kind), item.name.name);
      diags_.error("duplicate-name", item.name.span, say("{} `{}` is declared twice", kind_said(kind), item.name.name),
                   help);
      return;
    }
    items.push_back(std::move(item));
  }

  void merge_record(Policy& policy, ast::RecordDecl r) {
    if (!policy.record) {
      policy.record = std::move(r);
      return;
    }
    for (auto& f : r.fields) {
      if (const auto* prior = find_named(policy.record->fields, f.name.name)) {
        diags_.error("duplicate-name", f.name.span, say("record field `{}` is declared twice", f.name.name),
                     say("the first is at {}", where(prior->name.span)));
        continue;
      }
      policy.record->fields.push_back(std::move(f));
    }
  }

  void merge_decl(Policy& policy, ast::DeclEntry entry, bool tests, bool amendment, bool base_tests) {
    const bool added = entry.added;
    if (entry.article && amendment)
      if (auto key = article_key_of(entry.decl)) policy.articles[*key] = *entry.article;
    std::visit(
        [&](auto& d) {  // `entry` is ours: its declaration is moved into the policy
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, ast::RecordDecl>) merge_record(policy, std::move(d));
          else if constexpr (std::is_same_v<T, ast::LetDecl>)
            add_named(policy.lets, std::move(d), ast::DeclKind::Let, amendment, added);
          else if constexpr (std::is_same_v<T, ast::ParameterDecl>)
            add_named(policy.parameters, std::move(d), ast::DeclKind::Parameter, amendment, added);
          else if constexpr (std::is_same_v<T, ast::ProgrammeDecl>)
            add_named(policy.programmes, std::move(d), ast::DeclKind::Programme, amendment, added);
          else if constexpr (std::is_same_v<T, ast::PayerDecl>)
            add_named(policy.payers, std::move(d), ast::DeclKind::Payer, amendment, added);
          else if constexpr (std::is_same_v<T, ast::RequireDecl>)
            add_named(policy.requires_, std::move(d), ast::DeclKind::Require, amendment, added);
          else if constexpr (std::is_same_v<T, ast::GroupDecl>)
            add_named(policy.groups, std::move(d), ast::DeclKind::Group, amendment, added);
          else if constexpr (std::is_same_v<T, ast::QuotaDecl>)
            add_named(policy.quotas, std::move(d), ast::DeclKind::Quota, amendment, added);
          else if constexpr (std::is_same_v<T, ast::TestDecl>) {
            if (tests) policy.tests.push_back(std::move(d));
            else if (base_tests) policy.base_tests.push_back(std::move(d));
          } else if constexpr (std::is_same_v<T, ast::AmendDecl>) apply_amend(policy, std::move(d), amendment);
          else apply_remove(policy, std::move(d), amendment);
        },
        entry.decl);
  }

  // The item an `amend`, `add` or `remove` is about, as Policy::articles keys it.
  static std::optional<std::string> article_key_of(const ast::Decl& decl) {
    return std::visit(
        [](const auto& d) -> std::optional<std::string> {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, ast::AmendDecl> || std::is_same_v<T, ast::RemoveDecl>)
            return article_key(d.target, d.name.name);
          else if constexpr (std::is_same_v<T, ast::LetDecl>) return article_key(ast::DeclKind::Let, d.name.name);
          else if constexpr (std::is_same_v<T, ast::ParameterDecl>)
            return article_key(ast::DeclKind::Parameter, d.name.name);
          else if constexpr (std::is_same_v<T, ast::ProgrammeDecl>)
            return article_key(ast::DeclKind::Programme, d.name.name);
          else if constexpr (std::is_same_v<T, ast::PayerDecl>) return article_key(ast::DeclKind::Payer, d.name.name);
          else if constexpr (std::is_same_v<T, ast::RequireDecl>)
            return article_key(ast::DeclKind::Require, d.name.name);
          else if constexpr (std::is_same_v<T, ast::GroupDecl>) return article_key(ast::DeclKind::Group, d.name.name);
          else if constexpr (std::is_same_v<T, ast::QuotaDecl>) return article_key(ast::DeclKind::Quota, d.name.name);
          else return std::nullopt;
        },
        decl);
  }

  bool require_base(bool amendment, const Span& span, const char* verb) {
    if (amendment) return true;
    diags_.error("amend-without-base", span, say("`{}` is only allowed in a policy that amends another", verb),
                 say_text("write `policy \"...\" amends \"base.policy\"` at the top"));
    return false;
  }

  void missing_target(const char* verb, ast::DeclKind kind, const ast::Ident& name,
                      const std::vector<std::string>& candidates) {
    diags_.error(DiagCode::of(fmt::format("unknown-{}-target", verb)), name.span,
                 say("cannot {} {} `{}`: the amended policy has no such {}",
                     say_text(std::string_view(verb) == "amend" ? "amend" : "remove"), kind_said(kind), name.name,
                     kind_said(kind)),
                 did_you_mean(name.name, candidates));
  }

  void apply_amend(Policy& p, ast::AmendDecl a, bool amendment) {
    if (!require_base(amendment, a.span, "amend")) return;
    switch (a.target) {
      case ast::DeclKind::Group: {
        auto* g = find_named(p.groups, a.name.name);
        if (!g) return missing_target("amend", a.target, a.name, names_of(p.groups));
        amend_group(*g, std::move(a.group));
        return;
      }
      case ast::DeclKind::Parameter: {
        auto* par = find_named(p.parameters, a.name.name);
        if (!par) return missing_target("amend", a.target, a.name, names_of(p.parameters));
        for (auto& v : a.values) {
          auto it = std::find_if(par->values.begin(), par->values.end(),
                                 [&](const auto& x) { return x.since.day >= v.since.day; });
          if (it != par->values.end() && it->since.day == v.since.day) *it = std::move(v);
          else par->values.insert(it, std::move(v));
        }
        return;
      }
      case ast::DeclKind::Require: {
        auto* r = find_named(p.requires_, a.name.name);
        if (!r) return missing_target("amend", a.target, a.name, names_of(p.requires_));
        r->condition = std::move(a.require.condition);
        if (a.require.label) r->label = a.require.label;
        if (a.require.citation) r->citation = a.require.citation;
        return;
      }
      case ast::DeclKind::Payer: {
        auto* pay = find_named(p.payers, a.name.name);
        if (!pay) return missing_target("amend", a.target, a.name, names_of(p.payers));
        for (auto& b : a.budgets) {
          auto it =
              std::find_if(pay->budgets.begin(), pay->budgets.end(), [&](const auto& x) { return x.year == b.year; });
          if (it != pay->budgets.end()) *it = std::move(b);
          else pay->budgets.push_back(std::move(b));
        }
        return;
      }
      case ast::DeclKind::Programme: {
        auto* prog = find_named(p.programmes, a.name.name);
        if (!prog) return missing_target("amend", a.target, a.name, names_of(p.programmes));
        for (auto& s : a.schemes) {
          auto it = std::find_if(prog->schemes.begin(), prog->schemes.end(),
                                 [&](const auto& x) { return x.scheme.name == s.scheme.name; });
          if (it != prog->schemes.end()) *it = std::move(s);
          else prog->schemes.push_back(std::move(s));
        }
        return;
      }
      case ast::DeclKind::Quota: {
        auto* q = find_named(p.quotas, a.name.name);
        if (!q) return missing_target("amend", a.target, a.name, names_of(p.quotas));
        q->quota = std::move(a.quota);
        return;
      }
      case ast::DeclKind::Let: return;
    }
  }

  static void amend_group(ast::GroupDecl& g, ast::GroupDecl a) {
    if (a.when) g.when = std::move(a.when);
    if (a.has_covers) g.covers = std::move(a.covers), g.scheme = std::move(a.scheme);
    if (!a.paid_by.empty()) g.paid_by = std::move(a.paid_by);
    if (a.quota) g.quota = std::move(a.quota);
    if (!a.waives.empty()) g.waives = std::move(a.waives);
    for (auto& r : a.requires_) {
      if (auto* prior = find_named(g.requires_, r.name.name)) *prior = std::move(r);
      else g.requires_.push_back(std::move(r));
    }
    if (a.priority) g.priority = a.priority;
    if (a.valid) g.valid = a.valid;
  }

  template <typename T>
  bool erase_named(std::vector<T>& items, const ast::RemoveDecl& r) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name.name == r.name.name; });
    if (it == items.end()) {
      missing_target("remove", r.target, r.name, names_of(items));
      return false;
    }
    items.erase(it);
    return true;
  }

  void apply_remove(Policy& p, const ast::RemoveDecl& r, bool amendment) {
    if (!require_base(amendment, r.span, "remove")) return;
    switch (r.target) {
      case ast::DeclKind::Group: erase_named(p.groups, r); break;
      case ast::DeclKind::Require: erase_named(p.requires_, r); break;
      case ast::DeclKind::Parameter: erase_named(p.parameters, r); break;
      case ast::DeclKind::Programme: erase_named(p.programmes, r); break;
      case ast::DeclKind::Payer: erase_named(p.payers, r); break;
      case ast::DeclKind::Let: erase_named(p.lets, r); break;
      case ast::DeclKind::Quota: erase_named(p.quotas, r); break;
    }
  }

  SourceMap& sources_;
  Diagnostics& diags_;
  const LoadOptions& options_;
  std::vector<std::string> stack_;
  std::set<std::string> included_;
};

}  // namespace

bool dependency_missing(const Diagnostics& diags) {
  for (const auto& d : diags.all())
    if (d.code == "unknown-policy" || d.code == "unreadable-policy") return true;
  return false;
}

std::optional<Policy> load_policy_text(const std::string& name, std::string text, SourceMap& sources,
                                       Diagnostics& diags, const LoadOptions& options) {
  return Loader(sources, diags, options).load_main(name, std::move(text));
}

std::optional<Policy> load_policy(const fs::path& path, SourceMap& sources, Diagnostics& diags,
                                  const LoadOptions& options) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    diags.error("unreadable-policy", {sources.add(path.string(), ""), 0, 0},
                say("`{}` is a folder, not a policy file", path.string()));
    return std::nullopt;
  }
  std::string error;
  auto text = read_file(path, error);
  if (!text) {
    diags.error("unreadable-policy", {sources.add(path.string(), ""), 0, 0},
                say("cannot read `{}`: {}", path.string(), error));
    return std::nullopt;
  }
  return load_policy_text(path.string(), std::move(*text), sources, diags, options);
}

}  // namespace jaring
