// Internal to policy_diff*.cpp: collecting changes of one section and printing items.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/whatif/policy_diff.hpp"

namespace jaring::whatif::internal {

class SectionDiff {
 public:
  SectionDiff(Section s, std::vector<Change>& out) : section_(s), out_(out) {}
  void added(const std::string& name, std::string after, std::string citation) {
    out_.push_back({section_, ChangeKind::Added, name, "", "", std::move(after), std::move(citation)});
  }
  void removed(const std::string& name, std::string before, std::string citation) {
    out_.push_back({section_, ChangeKind::Removed, name, "", std::move(before), "", std::move(citation)});
  }
  // Recorded only when the two texts differ; an empty side means the aspect is absent there.
  void changed(const std::string& name, const std::string& aspect, const std::string& before, const std::string& after,
               const std::string& citation) {
    if (before != after) out_.push_back({section_, ChangeKind::Changed, name, aspect, before, after, citation});
  }

 private:
  Section section_;
  std::vector<Change>& out_;
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
