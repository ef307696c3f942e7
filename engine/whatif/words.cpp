#include "engine/whatif/words.hpp"

namespace jaring::whatif {

const char* status_word(Status s, Lang l) {
  switch (s) {
    case Status::Eligible: return tr(l, "layak", "eligible");
    case Status::NotEligible: return tr(l, "tidak layak", "not eligible");
    case Status::Waitlisted: return tr(l, "daftar tunggu", "waitlisted");
    case Status::Rejected: return tr(l, "ditolak", "rejected");
  }
  return "?";
}

const char* transition_word(Transition t, Lang l) {
  switch (t) {
    case Transition::GainedCover: return tr(l, "mendapat perlindungan", "gained cover");
    case Transition::LostCover: return tr(l, "kehilangan perlindungan", "lost cover");
    case Transition::MovedGroup: return tr(l, "pindah kelompok", "moved group");
    case Transition::PayerChanged: return tr(l, "pembayar berubah", "payer changed");
    case Transition::ContributionChanged: return tr(l, "iuran berubah", "contribution changed");
    case Transition::NewlyWaitlisted: return tr(l, "baru masuk daftar tunggu", "newly waitlisted");
    case Transition::Unchanged: return tr(l, "tidak berubah", "unchanged");
  }
  return "?";
}

const char* section_word(Section s, Lang l) {
  switch (s) {
    case Section::Header: return tr(l, "kepala kebijakan", "header");
    case Section::Record: return tr(l, "kolom data", "record field");
    case Section::Let: return tr(l, "definisi (let)", "let");
    case Section::Parameter: return tr(l, "besaran", "parameter");
    case Section::Programme: return tr(l, "program", "programme");
    case Section::Payer: return tr(l, "pembayar", "payer");
    case Section::Requirement: return tr(l, "syarat umum", "requirement");
    case Section::Quota: return tr(l, "kuota bersama", "shared quota");
    case Section::Group: return tr(l, "kelompok", "group");
  }
  return "?";
}

const char* change_word(ChangeKind k, Lang l) {
  switch (k) {
    case ChangeKind::Added: return tr(l, "ditambah", "added");
    case ChangeKind::Removed: return tr(l, "dihapus", "removed");
    case ChangeKind::Changed: return tr(l, "diubah", "changed");
  }
  return "?";
}

std::string note_words(const std::string& note, Lang l) {
  if (l == Lang::En) return note;
  static const std::pair<const char*, const char*> words[] = {{"group added", "kelompok ditambah"},
                                                              {"group removed", "kelompok dihapus"},
                                                              {"programme added", "program ditambah"},
                                                              {"paid_by shares", "bagian pembayar"},
                                                              {"before: ", "sebelumnya: "},
                                                              {"from ", "dari "},
                                                              {"paid_by ", "dibayar oleh "}};
  for (const auto& [en, id] : words) {
    const std::string prefix = en;
    if (note.rfind(prefix, 0) == 0) return id + note.substr(prefix.size());
  }
  return note;
}

}  // namespace jaring::whatif
