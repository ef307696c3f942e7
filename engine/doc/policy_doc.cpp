#include "engine/doc/policy_doc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/base/date.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"
#include "engine/language/dump.hpp"

namespace jaring::doc {

using whatif::tr;

std::string article_of(std::string_view citation) {
  std::string_view c = citation.substr(0, citation.find(';'));
  while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
  for (std::string_view word : {"Pasal ", "pasal ", "Article "}) {
    const auto at = c.find(word);
    if (at == std::string_view::npos) continue;
    std::size_t end = at + word.size();
    while (end < c.size() && c[end] != ' ') ++end;  // the article's number: `3`, `3A`, `I`
    return std::string(c.substr(0, end));
  }
  return std::string(c);
}

namespace {

// The items of one article, in the order the policy declares them.
struct Article {
  std::string key;
  std::size_t first = 0;  // order of first appearance
  std::vector<std::string> lines;
};

class Builder {
 public:
  Builder(const Policy& p, const Program& program, whatif::Lang lang) : p_(p), program_(program), lang_(lang) {}

  Document build(const std::vector<TestResult>& examples) {
    d_.title = p_.name ? p_.name->text : std::string(tr(lang_, "Kebijakan", "Policy"));
    header();
    summary();
    articles();
    parameters();
    worked_examples(examples);
    return std::move(d_);
  }

 private:
  // Declared by the policy (or the policy it amends), not by a file it `use`s.
  bool own(const Span& s) const {
    return std::find(p_.used_sources.begin(), p_.used_sources.end(), s.source) == p_.used_sources.end();
  }

  std::string cite(const std::optional<ast::Text>& c) const { return c ? " (" + c->text + ")" : ""; }
  static std::string label_or(const std::optional<ast::Text>& label, const std::string& name) {
    return label ? label->text : name;
  }
  std::string payer_label(const std::string& name) const {
    for (const auto& py : p_.payers)
      if (py.name.name == name) return label_or(py.label, name);
    return name;
  }

  void add(const std::optional<ast::Text>& citation, std::string line) {
    const std::string key = citation ? article_of(citation->text) : std::string();
    auto it = std::find_if(arts_.begin(), arts_.end(), [&](const Article& a) { return a.key == key; });
    if (it == arts_.end()) {
      arts_.push_back({key, arts_.size(), {}});
      it = arts_.end() - 1;
    }
    it->lines.push_back(std::move(line));
  }

  std::string period(const Period& per) const {
    return per.open()
               ? fmt::format(trf(lang_, "sejak {}", "since {}"), format_date(per.start))
               : fmt::format(trf(lang_, "{} sampai {}", "{} to {}"), format_date(per.start), format_date(per.end));
  }

  std::string payers_of(const ast::PaidBy& pb) const {
    std::string out;
    for (const auto& s : pb.shares) {
      if (!out.empty()) out += ", ";
      out += payer_label(s.payer.name);
      if (s.share) out += " " + whatif::percent(*s.share);
      if (s.for_part)
        out += s.for_part == ast::Part::Employer ? tr(lang_, " (bagian pemberi kerja)", " (employer's part)")
                                                 : tr(lang_, " (bagian pekerja)", " (worker's part)");
      if (s.of_field)
        out += fmt::format(trf(lang_, " (rekening menurut `{}`)", " (an account per `{}`)"), s.of_field->name);
    }
    if (pb.since && pb.until) out += ", " + period({*pb.since, *pb.until});
    else if (pb.since) out += ", " + fmt::format(trf(lang_, "sejak {}", "since {}"), format_date(*pb.since));
    else if (pb.until) out += ", " + fmt::format(trf(lang_, "sampai {}", "until {}"), format_date(*pb.until));
    return out;
  }

  std::string quota_text(const ast::Quota& q) const {
    if (q.shared) {
      for (const auto& sq : p_.quotas)
        if (sq.name.name == q.shared->name)
          return fmt::format(trf(lang_, "kuota bersama {}: {}", "the shared quota {}: {}"),
                             label_or(sq.label, sq.name.name), quota_text(sq.quota));
      return q.shared->name;
    }
    std::string out = fmt::format(trf(lang_, "{} orang", "{} persons"), format_int(q.count));
    if (q.per) out += fmt::format(trf(lang_, " per `{}`", " per `{}`"), q.per->name);
    if (q.rank_by)
      out += fmt::format(q.descending
                             ? trf(lang_, ", urut menurut `{}`, terbesar lebih dulu", ", ranked by `{}`, largest first")
                             : trf(lang_, ", urut menurut `{}`, terkecil (paling awal) lebih dulu",
                                   ", ranked by `{}`, smallest (earliest) first"),
                         dump_expr(*q.rank_by));
    return out;
  }

  void header() {
    std::vector<std::string> facts;
    if (p_.region_code)
      facts.push_back(fmt::format(trf(lang_, "**Wilayah:** {} ({})", "**Region:** {} ({})"),
                                  p_.region_name ? p_.region_name->text : "", p_.region_code->text));
    if (p_.valid)
      facts.push_back(fmt::format(trf(lang_, "**Berlaku:** {}", "**Valid:** {}"), period(p_.valid->period)));
    for (const auto& b : p_.basis) facts.push_back(fmt::format(trf(lang_, "**Dasar:** {}", "**Basis:** {}"), b.text));
    if (p_.amends) facts.push_back(fmt::format(trf(lang_, "**Mengubah:** `{}`", "**Amends:** `{}`"), p_.amends->text));
    facts.push_back(fmt::format(trf(lang_, "**Versi aturan:** `{}`", "**Rules version:** `{}`"), program_.hash));
    d_.list(std::move(facts));
    d_.paragraph(tr(lang_,
                    "Dokumen ini dibuat oleh `jaring doc` dari aturan kebijakan itu sendiri. Setiap aturan "
                    "menyebut pasal yang dikodekannya; contoh-contoh di akhir diputuskan oleh mesin yang sama "
                    "yang memutus data peserta, sehingga dokumen dan keputusan tidak dapat berbeda.",
                    "This document was written by `jaring doc` from the policy's own rules. Every rule names "
                    "the article it encodes; the examples at the end are decided by the same engine that "
                    "decides the participants' records, so the document and the decisions cannot differ."));
  }

  void summary() {
    d_.heading(2, tr(lang_, "Ringkasan", "Summary"), "summary");
    whatif::Table groups{
        "groups",
        tr(lang_, "Kelompok penerima", "Groups covered"),
        {tr(lang_, "Kelompok", "Group"), tr(lang_, "Pasal", "Article"), tr(lang_, "Program", "Programmes"),
         tr(lang_, "Dibayar oleh", "Paid by"), tr(lang_, "Kuota", "Quota"), tr(lang_, "Berlaku", "Valid")},
        {false, false, false, false, false, false},
        {},
        {},
        {}};
    for (const auto& g : p_.groups) {
      std::string covers;
      for (const auto& c : g.covers) covers += (covers.empty() ? "" : ", ") + c.name;
      covers += " (" + ast::scheme_of(g) + ")";
      std::string paid;
      for (const auto& pb : g.paid_by) paid += (paid.empty() ? "" : "; ") + payers_of(pb);
      groups.add({label_or(g.label, g.name.name), g.citation ? g.citation->text : "", covers, paid,
                  g.quota ? quota_text(*g.quota) : tr(lang_, "tanpa batas", "no limit"),
                  g.valid ? period(g.valid->period) : tr(lang_, "selama kebijakan", "as the policy")});
    }
    d_.table(std::move(groups));
    whatif::Table budgets{"budgets",
                          tr(lang_, "Anggaran", "Budgets"),
                          {tr(lang_, "Pembayar", "Payer"), tr(lang_, "Tahun", "Year"), tr(lang_, "Anggaran", "Budget")},
                          {false, false, true},
                          {},
                          {},
                          tr(lang_,
                             "Peserta yang biayanya setahun tidak lagi muat dalam anggaran pembayarnya masuk daftar "
                             "tunggu, berurutan seperti kuota.",
                             "A participant whose cost for the year no longer fits the payer's budget is "
                             "waitlisted, in the same order as a quota.")};
    for (const auto& py : p_.payers)
      if (own(py.span))
        for (const auto& b : py.budgets)
          budgets.add({label_or(py.label, py.name.name), std::to_string(b.year), dump_expr(*b.amount)});
    d_.table(std::move(budgets));
  }

  void articles() {
    for (const auto& r : p_.requires_)
      if (own(r.span))
        add(r.citation, fmt::format(trf(lang_, "**Syarat:** {}{} — `{}`", "**Requirement:** {}{} — `{}`"),
                                    label_or(r.label, r.name.name), cite(r.citation), dump_expr(*r.condition)));
    for (const auto& q : p_.quotas)
      if (own(q.span))
        add(q.citation, fmt::format(trf(lang_, "**Kuota bersama:** {}{} — {}", "**Shared quota:** {}{} — {}"),
                                    label_or(q.label, q.name.name), cite(q.citation), quota_text(q.quota)));
    for (const auto& g : p_.groups) {
      if (!own(g.span)) continue;
      std::string line = fmt::format(trf(lang_, "**Kelompok:** {}{} — bila `{}`", "**Group:** {}{} — when `{}`"),
                                     label_or(g.label, g.name.name), cite(g.citation), dump_expr(*g.when));
      std::string covers;
      for (const auto& c : g.covers) covers += (covers.empty() ? "" : ", ") + c.name;
      if (!covers.empty())
        line += fmt::format(trf(lang_, "; program {} (skema {})", "; programmes {} (scheme {})"), covers,
                            ast::scheme_of(g));
      for (const auto& pb : g.paid_by)
        line += fmt::format(trf(lang_, "; dibayar oleh {}", "; paid by {}"), payers_of(pb));
      if (g.quota) line += fmt::format(trf(lang_, "; kuota {}", "; quota {}"), quota_text(*g.quota));
      if (g.valid) line += fmt::format(trf(lang_, "; berlaku {}", "; valid {}"), period(g.valid->period));
      if (g.priority) line += fmt::format(trf(lang_, "; prioritas {}", "; priority {}"), *g.priority);
      for (const auto& w : g.waives)
        line += fmt::format(trf(lang_, "; syarat `{}` tidak berlaku", "; requirement `{}` waived"), w.name);
      for (const auto& r : g.requires_)
        line += fmt::format(trf(lang_, "; syarat tambahan: {}{} — `{}`", "; also requires: {}{} — `{}`"),
                            label_or(r.label, r.name.name), cite(r.citation), dump_expr(*r.condition));
      add(g.citation, std::move(line));
    }
    for (const auto& py : p_.payers) {
      if (!own(py.span)) continue;
      std::string line = fmt::format(trf(lang_, "**Pembayar:** {}{}", "**Payer:** {}{}"),
                                     label_or(py.label, py.name.name), cite(py.citation));
      for (const auto& b : py.budgets)
        line += fmt::format(trf(lang_, "; anggaran {}: {}", "; budget {}: {}"), b.year, dump_expr(*b.amount));
      add(py.citation, std::move(line));
    }
    for (const auto& pr : p_.programmes)
      if (own(pr.span))
        add(pr.citation, fmt::format(trf(lang_, "**Program:** {} `{}`{}", "**Programme:** {} `{}`{}"),
                                     label_or(pr.label, pr.name.name), pr.name.name, cite(pr.citation)));
    for (const auto& par : p_.parameters)
      if (own(par.span))
        add(par.citation, fmt::format(trf(lang_, "**Parameter:** {} `{}`{} (nilai berjangka di bawah)",
                                          "**Parameter:** {} `{}`{} (dated values below)"),
                                      label_or(par.label, par.name.name), par.name.name, cite(par.citation)));
    if (arts_.empty()) return;
    d_.heading(2, tr(lang_, "Pasal demi pasal", "Article by article"), "articles");
    for (const auto& a : arts_) {
      d_.heading(3, a.key.empty() ? tr(lang_, "Tanpa pasal", "No article cited") : a.key);
      d_.list(a.lines);
    }
  }

  void parameters() {
    whatif::Table t{"parameters",
                    "",
                    {tr(lang_, "Parameter", "Parameter"), tr(lang_, "Sejak", "Since"), tr(lang_, "Sampai", "Until"),
                     tr(lang_, "Nilai", "Value")},
                    {false, false, false, true},
                    {},
                    {},
                    {}};
    for (const auto& par : p_.parameters) {
      if (!own(par.span)) continue;
      for (const auto& v : par.values) {
        t.add({label_or(par.label, par.name.name), format_date(v.since.day), v.until ? format_date(v.until->day) : "",
               value_of(v)});
      }
    }
    // The values of the files it uses (the national pack) in force at some time of the
    // policy's validity: what its decisions can read.
    whatif::Table national{"national",
                           "",
                           {tr(lang_, "Parameter", "Parameter"), tr(lang_, "Sejak", "Since"),
                            tr(lang_, "Sampai", "Until"), tr(lang_, "Nilai", "Value"), tr(lang_, "Dasar", "Basis")},
                           {false, false, false, true, false},
                           {},
                           {},
                           {}};
    for (const auto& par : p_.parameters) {
      if (own(par.span)) continue;
      for (std::size_t i = 0; i < par.values.size(); ++i) {
        const auto& v = par.values[i];
        // A value holds from its `since` to its `until`, else to the next value's `since`.
        const Day end = v.until ? v.until->day : i + 1 < par.values.size() ? par.values[i + 1].since.day - 1 : open_end;
        if (p_.valid && (end < p_.valid->period.start || v.since.day > p_.valid->period.end)) continue;
        national.add({label_or(par.label, par.name.name), format_date(v.since.day),
                      v.until ? format_date(v.until->day) : "", value_of(v), par.citation ? par.citation->text : ""});
      }
    }
    std::string used;
    for (const auto& u : p_.uses) used += (used.empty() ? "`" : ", `") + u + "`";
    if (t.rows.empty() && national.rows.empty()) return;
    d_.heading(2, tr(lang_, "Nilai berjangka", "Dated values"), "parameters");
    d_.table(std::move(t));
    if (national.rows.empty()) return;
    d_.paragraph(fmt::format(trf(lang_,
                                 "Tarif dan batas nasional dari {} yang berlaku selama kebijakan; setiap keputusan "
                                 "memakai nilai yang berlaku pada tanggalnya.",
                                 "The national rates and limits from {} in force during the policy; each decision "
                                 "reads the value in force on its date."),
                             used));
    d_.table(std::move(national));
  }

  static std::string value_of(const ast::ParamValue& v) {
    if (!v.is_table) return dump_expr(*v.value);
    std::string value;
    for (const auto& e : v.table) value += (value.empty() ? "" : ", ") + dump_expr(*e.key) + ": " + dump_expr(*e.value);
    return value;
  }

  std::string outcome(const Decision& dec) const {
    const char* status = dec.status == Status::Eligible     ? tr(lang_, "LAYAK", "ELIGIBLE")
                         : dec.status == Status::Waitlisted ? tr(lang_, "DAFTAR TUNGGU", "WAITLISTED")
                         : dec.status == Status::Rejected   ? tr(lang_, "DATA DITOLAK", "REJECTED")
                                                            : tr(lang_, "TIDAK LAYAK", "NOT ELIGIBLE");
    std::string out = fmt::format("**{}**", status);
    if (dec.group) out += fmt::format(trf(lang_, ", kelompok {}", ", group {}"), dec.group->label);
    return out;
  }

  void worked_examples(const std::vector<TestResult>& examples) {
    if (examples.empty()) return;
    d_.heading(2, tr(lang_, "Contoh penerapan", "Worked examples"), "examples");
    d_.paragraph(tr(lang_,
                    "Setiap contoh adalah uji kebijakan (`jaring test`): data seseorang pada suatu tanggal, dan "
                    "keputusan mesin atasnya.",
                    "Each example is one of the policy's tests (`jaring test`): a person's data on a date, and "
                    "the engine's decision on it."));
    const Lang words = lang_ == whatif::Lang::En ? Lang::en : Lang::id;
    std::size_t passed = 0;
    for (const auto& ex : examples) {
      passed += ex.passed ? 1 : 0;
      d_.heading(3, ex.name);
      std::vector<std::string> lines;
      std::string given;
      for (const auto& t : p_.tests)
        if (t.name.text == ex.name && t.on.day == ex.written_on)
          for (const auto& g : t.given)
            given += (given.empty() ? "" : ", ") + fmt::format("{} = `{}`", g.field.name, dump_expr(*g.value));
      lines.push_back(fmt::format(trf(lang_, "**Tanggal:** {}", "**Date:** {}"), format_date(ex.on)));
      if (!given.empty()) lines.push_back(fmt::format(trf(lang_, "**Data:** {}", "**Data:** {}"), given));
      const Decision& dec = ex.decision;
      lines.push_back(fmt::format(trf(lang_, "**Keputusan:** {}", "**Decision:** {}"), outcome(dec)));
      if (dec.status == Status::Eligible || dec.status == Status::Waitlisted) {
        std::string parts;
        for (const auto& pr : dec.programmes)
          parts += (parts.empty() ? "" : ", ") + std::string(pr.programme.rule) + " " + format_money(pr.total);
        lines.push_back(
            fmt::format(trf(lang_, "**Iuran per bulan:** {}; jumlah {}", "**Monthly contribution:** {}; total {}"),
                        parts, format_money(dec.total)));
        for (const auto& py : dec.payers)
          lines.push_back(fmt::format(trf(lang_, "**Dibayar oleh:** {} {}", "**Paid by:** {} {}"), py.payer.label,
                                      format_money(py.sen)));
      }
      for (const auto& r : dec.reasons) {
        std::string why(lang_ == whatif::Lang::En && !r.label_en.empty() ? r.label_en : r.label);
        if (!r.citation.empty()) why += " (" + std::string(r.citation) + ")";
        if (!r.detail.empty()) why += " — " + render(r.detail, words);
        lines.push_back(fmt::format(trf(lang_, "**Alasan:** {}", "**Reason:** {}"), why));
      }
      for (const auto& e : dec.errors)
        lines.push_back(
            fmt::format(trf(lang_, "**Data ditolak:** `{}`: {}", "**Rejected:** `{}`: {}"), e.field, e.reason));
      if (!ex.passed)
        lines.push_back(tr(lang_, "**Perhatian:** keputusan ini tidak sesuai dengan yang diharapkan oleh uji.",
                           "**Note:** this decision is not what the test expects."));
      d_.list(std::move(lines));
    }
    d_.paragraph(fmt::format(
        trf(lang_, "{} dari {} contoh sesuai dengan yang diharapkan.", "{} of {} examples decide as expected."), passed,
        examples.size()));
  }

  const Policy& p_;
  const Program& program_;
  whatif::Lang lang_;
  Document d_;
  std::vector<Article> arts_;
};

}  // namespace

Document policy_document(const Policy& policy, const Program& program, const std::vector<TestResult>& examples,
                         whatif::Lang lang) {
  return Builder(policy, program, lang).build(examples);
}

}  // namespace jaring::doc
