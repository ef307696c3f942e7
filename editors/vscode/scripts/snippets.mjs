// The snippets, written once with English keywords; the Indonesian variant of each is derived
// by spelling every keyword, type name and function name the Indonesian way (the engine's
// tables, scripts/vocabulary.mjs), so both stay the same policy text, as
// examples/bilingual/en.policy and id.policy are.
import { readBuiltins, readKeywords, readTypes } from "./vocabulary.mjs";

// prefix (English, Indonesian), description, body (English keywords).
const english = [
  {
    key: "policy",
    what: ["Policy skeleton: header, record, age", "Kerangka kebijakan: kepala, data, usia"],
    body: [
      'policy "${1:Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan}"',
      'region ${2:36.72} "${3:Kota Cilegon}"',
      'basis "${4:Peraturan Wali Kota Cilegon Nomor 41 Tahun 2024}"',
      "valid ${5:2024-01-01} .. ${6:2024-12-31}",
      "use national/bpjstk",
      "",
      "record participant {",
      "  nik           : nik",
      "  birth_date    : date",
      "  role          : text",
      "  domicile      : region",
      "  registered_pu : bool = false",
      "}",
      "",
      "let age = years_between(birth_date, as_of)",
      "",
      "$0",
    ],
  },
  {
    key: "group",
    what: ["Group: who is covered, by whom", "Kelompok: siapa ditanggung, oleh siapa"],
    body: [
      'group ${1:rt_rw} "${2:Ketua RT dan Ketua RW}" [${3:Pasal 4 huruf a}] {',
      '  when ${4:role in ["ketua_rt", "ketua_rw"]}',
      "  covers ${5:JKK, JKM}",
      "  paid_by ${6:apbd_kota}",
      "  quota ${7:1.528}",
      "  $0",
      "}",
    ],
  },
  {
    key: "require",
    what: ["Requirement with its article", "Syarat dengan pasalnya"],
    body: ['require ${1:in_region} "${2:Berdomisili di Kota Cilegon}" [${3:Pasal 3 ayat (1) huruf a}]', "  ${0:domicile within 36.72}"],
  },
  {
    key: "payer",
    what: ["Payer with a yearly budget", "Pembayar dengan anggaran tahunan"],
    body: ['payer ${1:apbd_kota} "${2:APBD Kota Cilegon}" [${3:Pasal 9}]', "  budget ${4:2024} = Rp ${5:1.300.000.000}"],
  },
  {
    key: "parameter",
    what: ["Dated parameter", "Besaran yang berlaku sejak tanggal"],
    body: [
      'parameter ${1:min_income} "${2:Penghasilan minimum BPU}" : ${3|money,percent,int|} [${4:PP 44/2015 Lampiran II}]',
      "  since ${5:2015-07-01} = ${6:Rp 1.000.000}",
    ],
  },
  {
    key: "test",
    what: ["Test: given a record, expect an outcome", "Uji: diberikan data, harapkan hasil"],
    body: [
      'test "${1:Ketua RT 40 tahun dibiayai APBD}" on ${2:2024-08-01} {',
      '  given { ${3:nik: "3672010105840001", role: "ketua_rt", birth_date: 1984-05-01, domicile: 36.72} }',
      "  expect ${4|eligible,not eligible,waitlisted|}",
      "  $0",
      "}",
    ],
  },
];

// English → Indonesian for every word the language spells in both.
function indonesianWords() {
  const map = new Map();
  for (const k of readKeywords()) map.set(k.en, k.id);
  for (const t of readTypes()) map.set(t.en, t.id);
  for (const b of readBuiltins()) if (b.id) map.set(b.en, b.id);
  return map;
}

// Words outside strings ("…") and citations ([…] that do not start a list) are translated.
function translate(line, words) {
  return line.replace(/"(?:[^"\\]|\\.)*"|\[(?![ \t]*["\]\d])[^\]]*\]|\b[A-Za-z_][A-Za-z0-9_]*\b/g, (m) => words.get(m) ?? m);
}

export function buildSnippets() {
  const words = indonesianWords();
  const out = {};
  for (const s of english) {
    const id = words.get(s.key);
    if (!id) throw new Error(`snippet \`${s.key}\` is not named after a keyword`);
    out[`${s.key} (English)`] = { prefix: s.key, description: `${s.what[0]} (English keywords)`, body: s.body };
    out[`${id} (Indonesia)`] = {
      prefix: id,
      description: `${s.what[1]} (kata kunci bahasa Indonesia)`,
      body: s.body.map((line) => translate(line, words)),
    };
  }
  return out;
}
