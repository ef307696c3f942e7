// The bilingual keyword table: every keyword has an English and an Indonesian spelling.
// X(name, english, indonesian). The grammar (grammar/lexical.hpp), the README table and
// "did you mean" suggestions are all generated from this one list.
#pragma once

// clang-format off
#define JARING_KEYWORDS(X)                        \
  X(policy,       "policy",       "kebijakan")    \
  X(amends,       "amends",       "mengubah")     \
  X(region,       "region",       "wilayah")      \
  X(basis,        "basis",        "dasar")        \
  X(valid,        "valid",        "berlaku")      \
  X(use,          "use",          "pakai")        \
  X(record,       "record",       "data")         \
  X(optional,     "optional",     "opsional")     \
  X(let,          "let",          "misalkan")     \
  X(parameter,    "parameter",    "besaran")      \
  X(since,        "since",        "sejak")        \
  X(until,        "until",        "sampai")       \
  X(by,           "by",           "menurut")      \
  X(programme,    "programme",    "program")      \
  X(contribution, "contribution", "iuran")        \
  X(scheme,       "scheme",       "skema")        \
  X(employer,     "employer",     "pemberi_kerja")\
  X(worker,       "worker",       "pekerja")      \
  X(payer,        "payer",        "pembayar")     \
  X(budget,       "budget",       "anggaran")     \
  X(require,      "require",      "syarat")       \
  X(group,        "group",        "kelompok")     \
  X(when,         "when",         "bila")         \
  X(covers,       "covers",       "menanggung")   \
  X(as,           "as",           "sebagai")      \
  X(paid_by,      "paid_by",      "dibayar_oleh") \
  X(of,           "of",           "dari")         \
  X(for,          "for",          "untuk")        \
  X(during,       "during",       "selama")       \
  X(quota,        "quota",        "kuota")        \
  X(per,          "per",          "setiap")       \
  X(rank,         "rank",         "urut")         \
  X(asc,          "asc",          "naik")         \
  X(desc,         "desc",         "turun")        \
  X(waive,        "waive",        "kecualikan")   \
  X(priority,     "priority",     "prioritas")    \
  X(test,         "test",         "uji")          \
  X(on,           "on",           "pada")         \
  X(given,        "given",        "diberikan")    \
  X(others,       "others",       "lainnya")      \
  X(expect,       "expect",       "harapkan")     \
  X(eligible,     "eligible",     "layak")        \
  X(waitlisted,   "waitlisted",   "daftar_tunggu")\
  X(because,      "because",      "karena")       \
  X(amend,        "amend",        "ubah")         \
  X(add,          "add",          "tambah")       \
  X(remove,       "remove",       "hapus")        \
  X(if,           "if",           "jika")         \
  X(then,         "then",         "maka")         \
  X(else,         "else",         "selainnya")    \
  X(and,          "and",          "dan")          \
  X(or,           "or",           "atau")         \
  X(not,          "not",          "tidak")        \
  X(in,           "in",           "dalam")        \
  X(between,      "between",      "antara")       \
  X(within,       "within",       "di_dalam")     \
  X(level,        "level",        "tingkat")      \
  X(rejected,     "rejected",     "ditolak")      \
  X(true,         "true",         "benar")        \
  X(false,        "false",        "salah")
// clang-format on
