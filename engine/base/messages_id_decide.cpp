// Indonesian catalog: the details the engine gives a decision's reasons (why a value was
// missing, why no group or payer applied, a waitlist's rank and budget), said when the decision
// is shown (see messages_id.hpp).
#include "engine/base/messages_id.hpp"

namespace jaring::messages_id {

namespace {

// clang-format off
constexpr Translation decide_entries[] = {
    {"field `{}` is missing",
     "isian `{}` tidak ada"},
    {"parameter `{}` has no value on {}",
     "parameter `{}` tidak bernilai pada {}"},
    {"parameter `{}` has no value for `{}` = {}",
     "parameter `{}` tidak bernilai untuk `{}` = {}"},
    {"an amount is too large to compute exactly",
     "suatu jumlah terlalu besar untuk dihitung secara tepat"},
    {"division by zero",
     "pembagian dengan nol"},
    {"the contribution is not an amount of money",
     "iuran ini bukan jumlah uang"},
    {"the contribution is below zero ({})",
     "iuran ini di bawah nol ({})"},
    {"group `{}` is not valid on {}",
     "kelompok `{}` tidak berlaku pada {}"},
    {"no `paid_by` line of group `{}` covers {}",
     "tidak ada baris `paid_by` kelompok `{}` yang mencakup {}"},
    {"field `{}` is missing; it chooses the payer's account",
     "isian `{}` tidak ada; isian ini menentukan rekening pembayar"},
    {"the summary's total for payer `{}` is beyond an amount's range",
     "total ringkasan untuk pembayar `{}` melampaui batas jumlah uang"},
    {"what {} pays a month, {} months of {}, is beyond an amount's range",
     "yang dibayar {} per bulan, {} bulan pada {}, melampaui batas jumlah uang"},
    {"field `{}` is missing; the quota of group `{}` is counted per {}",
     "isian `{}` tidak ada; kuota kelompok `{}` dihitung per {}"},
    {"the policy is valid since {}",
     "kebijakan berlaku sejak {}"},
    {"the policy is valid from {} to {}",
     "kebijakan berlaku dari {} sampai {}"},
    {"rank {}",
     "urutan ke-{}"},
    {"rank {} for {}",
     "urutan ke-{} untuk {}"},
    {"budget {}: {} of {} used; this person costs {} in {}",
     "anggaran {}: {} dari {} terpakai; orang ini memerlukan {} pada {}"},
    {"more than {} candidates or payments for the allocation",
     "lebih dari {} calon atau pembayaran untuk alokasi"},
    {"a record's position past {} for the allocation",
     "posisi rekaman melewati {} untuk alokasi"},
};
// clang-format on

}  // namespace

std::span<const Translation> decide() { return decide_entries; }

}  // namespace jaring::messages_id
