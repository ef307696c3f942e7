// Internal to policy_diff*.cpp: collecting changes of one section and printing items.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/whatif/policy_diff.hpp"

namespace jaring::whatif::internal {

// Collects one section's changes. Each is cited by the article of the amendment item that made
// it (`amend [Pasal I angka 2] group …`, Policy::articles of the proposal) when it has one, else
// by the citation the caller gives (the item's own).
class SectionDiff {
 public:
  SectionDiff(Section s, std::vector<Change>& out, const std::map<std::string, ast::Text>* articles = nullptr)
      : section_(s), out_(out), articles_(articles) {}
  void added(const std::string& name, std::string after, std::string citation) {
    out_.push_back({section_, ChangeKind::Added, name, "", "", std::move(after), cite(name, std::move(citation))});
  }
  void removed(const std::string& name, std::string before, std::string citation) {
    out_.push_back({section_, ChangeKind::Removed, name, "", std::move(before), "", cite(name, std::move(citation))});
  }
  // Recorded only when the two texts differ; an empty side means the aspect is absent there.
  void changed(const std::string& name, const std::string& aspect, const std::string& before, const std::string& after,
               const std::string& citation) {
    if (before != after)
      out_.push_back({section_, ChangeKind::Changed, name, aspect, before, after, cite(name, citation)});
  }

 private:
  std::string cite(const std::string& name, std::string citation) const {
    if (!articles_) return citation;
    const auto it = articles_->find(std::string(section_name(section_)) + " " + name);
    if (it == articles_->end()) return citation;
    return it->second.text;
  }

  Section section_;
  std::vector<Change>& out_;
  const std::map<std::string, ast::Text>* articles_;
};

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items)
    if (item.name.name == name) return &item;
  return nullptr;
}

std::string quoted(const std::string& s);
std::string text_of(const std::optional<ast::Text>& t);   // empty when absent
std::string requirement_text(const ast::RequireDecl& r);  // `"label" [citation] condition`

void diff_groups(const Policy& base, const Policy& proposal, std::vector<Change>& out);

}  // namespace jaring::whatif::internal
