// `jaring doc`: a policy as a document a DPRD member, an officer or a citizen can read: who
// qualifies, which groups with their quotas, who pays what from when, the dated parameters and
// budgets, article by article with each rule's citation, and the policy's tests decided as
// worked examples by the same engine that decides a population.
#pragma once

#include <string>
#include <vector>

#include "engine/doc/document.hpp"
#include "engine/language/policy.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/test_runner.hpp"

namespace jaring::doc {

// The document of `policy` (compiled as `program`), with `examples` (its tests, run) as worked
// examples. In Indonesian unless `lang` is English; the drafter's labels stay as written.
Document policy_document(const Policy& policy, const Program& program, const std::vector<TestResult>& examples,
                         whatif::Lang lang);

// The article a citation names, for grouping: `Perwal 41/2024 Pasal 3 ayat (1) huruf a` ->
// `Perwal 41/2024 Pasal 3`; a citation without `Pasal` is its own article; of several
// (`A; B`), the first.
std::string article_of(std::string_view citation);

}  // namespace jaring::doc
