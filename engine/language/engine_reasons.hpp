// The reasons the engine itself gives in decisions (README "Decisions"), beside the drafter's
// own requirements: their rule names (which a test may name in `because`) and their labels in
// Indonesian and English. Decisions carry the Indonesian label; explanations use the label of
// their language.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace jaring {

enum class EngineReason : std::uint8_t { PolicyValidity, NoGroup, NoPayer, Quota, Budget, DuplicateId, QuotaKey };

struct EngineReasonInfo {
  EngineReason reason;
  std::string_view rule;
  // For `quota` and `budget` a format: {0} is the group's or payer's label, {1} the quota.
  std::string_view indonesian;
  std::string_view english;
};

inline constexpr std::array<EngineReasonInfo, 7> engine_reasons = {{
    {EngineReason::PolicyValidity, "policy_validity", "Kebijakan tidak berlaku pada tanggal ini",
     "The policy is not in force on this date"},
    {EngineReason::NoGroup, "no_group", "Tidak termasuk kelompok sasaran mana pun", "Not in any target group"},
    {EngineReason::NoPayer, "no_payer", "Tidak ada pembayar pada tanggal ini", "Nobody pays on this date"},
    {EngineReason::Quota, "quota", "Kuota {0} ({1} orang) telah terpenuhi", "The quota of {0} ({1} people) is full"},
    {EngineReason::Budget, "budget", "Anggaran {0} tidak mencukupi", "The budget of {0} is not enough"},
    {EngineReason::DuplicateId, "duplicate_id", "Identitas (NIK) ganda dalam data",
     "Duplicate identity (NIK) in the data"},
    // A group whose quota is counted `per FIELD`, and a record without that field: not a full
    // quota, a missing value (e.g. no kelurahan for a quota per kelurahan).
    {EngineReason::QuotaKey, "quota_key", "Data yang menentukan kuota {0} tidak ada",
     "The field the quota of {0} is counted by is missing"},
}};

constexpr const EngineReasonInfo& engine_reason(EngineReason r) { return engine_reasons[static_cast<std::size_t>(r)]; }

constexpr bool is_engine_reason(std::string_view rule) {
  for (const auto& r : engine_reasons)
    if (r.rule == rule) return true;
  return false;
}

// Each entry's index is its enumerator, so engine_reason() is a lookup.
static_assert([] {
  for (std::size_t i = 0; i < engine_reasons.size(); ++i)
    if (static_cast<std::size_t>(engine_reasons[i].reason) != i) return false;
  return true;
}());

}  // namespace jaring
