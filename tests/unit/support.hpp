// Helpers shared by the unit tests: load a policy from text and collect its diagnostics.
#pragma once

#include <string>
#include <vector>

#include "engine/language/check.hpp"
#include "engine/language/load.hpp"

namespace jaring::test {

struct Result {
  SourceMap sources;
  Diagnostics diags;
  std::shared_ptr<const Policy> policy;  // as loaded, even when it does not check
  std::optional<CheckedPolicy> checked;  // when it checks

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags.all()) out.push_back(d.code);
    return out;
  }
  bool has(const std::string& code) const {
    for (const auto& d : diags.all())
      if (d.code == code) return true;
    return false;
  }
  // The source text under the first diagnostic with `code`.
  std::string underlined(const std::string& code) const {
    for (const auto& d : diags.all())
      if (d.code == code) return std::string(sources.get(d.span.source).slice(d.span));
    return "<no " + code + ">";
  }
};

inline std::shared_ptr<const Policy> shared(std::optional<Policy>&& p) {
  return p ? std::make_shared<const Policy>(std::move(*p)) : nullptr;
}

// Loads `text` as `name` (default: in the repository's tests/unit folder) and checks it.
inline std::unique_ptr<Result> check_text(const std::string& text, const std::string& name = "test.policy") {
  auto r = std::make_unique<Result>();
  r->policy =
      shared(load_policy_text(std::string(JARING_SOURCE_DIR) + "/tests/unit/" + name, text, r->sources, r->diags));
  if (r->policy) r->checked = check(r->policy, r->sources, r->diags);
  r->diags.sort();
  return r;
}

// A minimal valid policy that tests extend with extra declarations.
inline const char* const base_policy = R"(
policy "Uji"
region 36.72 "Kota Cilegon"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik : nik
  birth_date : date
  role : text
  domicile : region
  village : region optional
  declared_income : money = Rp 1.000.000
  registered_pu : bool = false
  registered_on : date optional
}
let age = years_between(birth_date, as_of)
programme JKK "Jaminan Kecelakaan Kerja"
  contribution = round(declared_income * 1%)
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd_kota "APBD Kota"
payer kpu "KPU"
require in_region "Berdomisili di Cilegon" [Pasal 3 huruf a]
  domicile within 36.72
)";

}  // namespace jaring::test
