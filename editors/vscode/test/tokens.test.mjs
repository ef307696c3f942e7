#!/usr/bin/env node
// The grammar on real text (ctest editor.grammar_tokens):
//
//     node editors/vscode/test/tokens.test.mjs
//
// Every .policy file under rules/, examples/ and tests/golden/ is tokenized with vscode-textmate
// (golden files may be malformed on purpose: those only have to tokenize). On the shipped rules
// and examples: every keyword, in either language, has its keyword's scope and nothing else
// has one; nothing is marked invalid; known lines get their literal, citation, list, comment,
// type and function scopes; a list never holds prose and a citation is never a list of values;
// examples/bilingual/en.policy and id.policy get the same scopes token for token. Then edge
// cases the files do not show, the snippets in both languages, and the language configuration.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

import { keywordScope } from "../scripts/generate-grammar.mjs";
import { readBuiltins, readKeywords, readLevels, readTypes, repoRoot } from "../scripts/vocabulary.mjs";
import { extensionRoot, loadGrammar, tokenize } from "./tokenizer.mjs";

const tm = await loadGrammar();
const keywords = readKeywords();
const spellingOf = new Map(keywords.flatMap((k) => [[k.en, k], [k.id, k]]));

function policyFiles(dir) {
  const out = [];
  for (const name of readdirSync(join(repoRoot, dir)).sort()) {
    const path = join(dir, name);
    if (statSync(join(repoRoot, path)).isDirectory()) out.push(...policyFiles(path));
    else if (name.endsWith(".policy")) out.push(path);
  }
  return out;
}
const shipped = [...policyFiles("rules"), ...policyFiles("examples")];
const golden = policyFiles("tests/golden");

const tokenized = new Map();
const tokensOf = (path) => {
  if (!tokenized.has(path)) tokenized.set(path, tokenize(tm, readFileSync(join(repoRoot, path), "utf8")));
  return tokenized.get(path);
};
const lex = (text) => tokenize(tm, text);

const has = (token, prefix) => token.scopes.some((s) => s === prefix || s.startsWith(prefix + "."));
const innermost = (token) => token.scopes[token.scopes.length - 1];
// Tokens that are text of the writer's, not code: comments, strings, citations, `use` paths.
const prose = (t) => has(t, "comment") || has(t, "string");
const keywordScoped = (t) =>
  t.scopes.some((s) => /^(keyword\.(declaration|control|operator\.word|other)|constant\.language)\./.test(s) && !s.startsWith("keyword.other.unit."));

// The scopes of `text`'s token (its last one on the line when `last`) on the first line of
// `path` that `lineRe` matches.
function scopeOn(path, lineRe, text, last) {
  const line = tokensOf(path).find((l) => lineRe.test(l.line));
  assert.ok(line, `${path}: no line matches ${lineRe}`);
  const matching = line.tokens.filter((t) => t.text.trim() === text);
  const token = last ? matching.at(-1) : matching[0];
  assert.ok(token, `${path}: no token \`${text}\` on line ${JSON.stringify(line.line)}: ${line.tokens.map((t) => t.text).join("|")}`);
  return token.scopes;
}
function expectScope(path, lineRe, text, scope, last = false) {
  const scopes = scopeOn(path, lineRe, text, last);
  assert.ok(scopes.includes(scope), `${path}: \`${text}\` on the line matching ${lineRe} should be ${scope}, has ${scopes.join(" ")}`);
}

// The scopes of a line's tokens, `text => scope` for checks that read like the line.
function scopesOf(line) {
  const [only] = lex(line);
  return only.tokens.filter((t) => t.text.trim()).map((t) => [t.text.trim(), innermost(t)]);
}
function expectTokens(line, expected) {
  const got = scopesOf(line);
  for (const [text, scope] of expected) {
    const token = got.find(([t]) => t === text);
    assert.ok(token, `${JSON.stringify(line)}: no token \`${text}\` in ${JSON.stringify(got)}`);
    assert.equal(token[1], scope, `${JSON.stringify(line)}: \`${text}\``);
  }
}

test("every .policy file of rules/, examples/ and tests/golden/ tokenizes", () => {
  assert.ok(shipped.length >= 20 && golden.length >= 100, `found only ${shipped.length} shipped and ${golden.length} golden policies`);
  for (const path of [...shipped, ...golden]) assert.doesNotThrow(() => tokensOf(path), path);
});

test("every spelling of every keyword has its keyword's scope", () => {
  for (const k of keywords)
    for (const spelling of [k.en, k.id]) {
      const [line] = lex(spelling);
      assert.equal(line.tokens.length, 1, spelling);
      assert.equal(innermost(line.tokens[0]), keywordScope(k.name), `\`${spelling}\` (${k.name})`);
    }
});

test("shipped policies: keywords have their scopes, nothing else has one, nothing is invalid", () => {
  let seen = 0;
  for (const path of shipped)
    tokensOf(path).forEach(({ tokens }, i) => {
      const where = `${path}:${i + 1}`;
      for (const t of tokens) {
        assert.ok(!has(t, "invalid"), `${where}: \`${t.text}\` is marked ${innermost(t)}`);
        if (prose(t)) continue;
        const k = spellingOf.get(t.text);
        // A type name after `:` may spell a keyword (`wilayah`): it is a type there.
        if (k && !has(t, "support.type")) {
          ++seen;
          assert.ok(t.scopes.includes(keywordScope(k.name)), `${where}: keyword \`${t.text}\` has ${t.scopes.join(" ")}`);
        } else {
          assert.ok(!keywordScoped(t), `${where}: \`${t.text}\` is not a keyword but has ${t.scopes.join(" ")}`);
        }
      }
    });
  assert.ok(seen > 1000, `only ${seen} keyword tokens in the shipped policies`);
});

test("shipped policies: literals, citations, lists, comments, types and functions on known lines", () => {
  const cilegon = "rules/regions/cilegon-2024.policy";
  const id = "examples/bilingual/id.policy";
  const national = "rules/national/bpjstk.policy";
  expectScope(cilegon, /^# Kota Cilegon/, "#", "punctuation.definition.comment.jaring");
  expectScope(cilegon, /^# Kota Cilegon/, "Kota Cilegon (Banten, 36.72), 2024: JKK + JKM (BPU) for community roles and ad hoc election", "comment.line.number-sign.jaring");
  expectScope(cilegon, /^region 36\.72 /, "36.72", "constant.numeric.region.jaring");
  expectScope(cilegon, /^valid /, "2024-01-01", "constant.numeric.date.jaring");
  expectScope(cilegon, /^\s*quota 1\.528 /, "1.528", "constant.numeric.integer.jaring");
  expectScope(cilegon, /^let kpu_adhoc_roles/, "set", "support.type.set.jaring");
  expectScope(cilegon, /^let kpu_adhoc_roles/, "[", "punctuation.section.brackets.begin.jaring");
  expectScope(cilegon, /^let kpu_adhoc_roles/, "ppk", "meta.set.jaring");
  expectScope(cilegon, /^let kpu_adhoc_roles/, "PPK, PPS, KPPS, TPS security, Pantarlih", "comment.line.number-sign.jaring");
  expectScope(cilegon, /^require in_region/, "Perwal 41/2024 Pasal 3 ayat (1) huruf a", "string.other.citation.jaring");
  expectScope(cilegon, /^require in_region/, "in_region", "entity.name.function.require.jaring");
  expectScope(cilegon, /village\s+: region level village/, "village", "support.constant.region-level.village.jaring", true);
  expectScope(cilegon, /village\s+: region level village/, "village", "variable.other.jaring");
  expectScope(cilegon, /^let age = years_between/, "years_between", "support.function.years_between.jaring");
  expectScope(cilegon, /^let age = years_between/, "as_of", "variable.language.as_of.jaring");
  expectScope(cilegon, /^use national\/bpjstk/, "national/bpjstk", "string.unquoted.path.jaring");
  expectScope(national, /^let jkk_pu_gross = round/, "round", "support.function.round.jaring");
  expectScope(id, /^wilayah 63\.10 /, "63.10", "constant.numeric.region.jaring");
  expectScope(id, /village: 63\.10\.01\.2005/, "63.10.01.2005", "constant.numeric.region.jaring");
  expectScope(id, /^\s*kuota 1\.395 /, "1.395", "constant.numeric.integer.jaring");
  expectScope(id, /^\s*anggaran 2024 = /, "1.592.136.000", "constant.numeric.money.jaring");
  expectScope(id, /^\s*anggaran 2024 = /, "Rp", "keyword.other.unit.currency.jaring");
  expectScope(id, /^\s*iuran = Rp 6\.800/, "6.800", "constant.numeric.money.jaring");
  expectScope(id, /^\s*dibayar_oleh apbd_kab 50%/, "50", "constant.numeric.percent.jaring");
  expectScope(id, /pemberi_kerja = round\(wage \* 0,30%\)/, "0,30", "constant.numeric.percent.jaring");
  expectScope(id, /^\s*diberikan \{ nik: "6310014506560001"/, "1956-06-05", "constant.numeric.date.jaring");
  expectScope(id, /^\s*diberikan \{ nik: "6310014506560001"/, "6310014506560001", "string.quoted.double.jaring");
  expectScope(id, /^misalkan rentan_roles = \[/, "buruh_tani", "string.quoted.double.jaring");
  expectScope(id, /^misalkan rentan_roles = \[/, "[", "punctuation.section.brackets.begin.jaring");
  expectScope(id, /^syarat in_region /, "Contoh Pasal 3 huruf a", "string.other.citation.jaring");
  expectScope(id, /^kelompok kader_posyandu /, "kader_posyandu", "entity.name.type.group.jaring");
  expectScope(id, /^misalkan age = selisih_tahun/, "selisih_tahun", "support.function.years_between.jaring");
  expectScope(id, /^\s*domicile\s+: wilayah$/, "wilayah", "support.type.region.jaring");
});

test("shipped policies: a list never holds prose, a citation is never a list of values", () => {
  const value = String.raw`(?:"(?:[^"\\]|\\.)*"|Rp ?[\d._]+(?:,\d\d)?|[\d._]+%?|\d{4}-\d\d-\d\d|true|false|benar|salah)`;
  const listOfValues = new RegExp(String.raw`^\s*(?:${value}(?:\s*,\s*${value})*\s*,?)?\s*$`);
  let citations = 0;
  let lists = 0;
  for (const path of shipped)
    tokensOf(path).forEach(({ tokens }, i) => {
      const where = `${path}:${i + 1}`;
      let previous = null;
      for (const t of tokens) {
        if (innermost(t) === "string.other.citation.jaring") {
          ++citations;
          assert.ok(!listOfValues.test(t.text), `${where}: the list [${t.text}] is read as a citation`);
        }
        if (innermost(t) === "punctuation.section.brackets.begin.jaring") ++lists;
        if (!t.text.trim()) continue;
        // Two names or numbers in a row inside a list: prose (`Pasal 3`) read as a list.
        const operand = (x) => x && has(x, "meta.set") && !prose(x) && /^(variable|constant\.numeric)\./.test(innermost(x));
        assert.ok(!(operand(previous) && operand(t)), `${where}: \`${previous?.text} ${t.text}\` inside a list: a citation read as a list?`);
        previous = t;
      }
    });
  assert.ok(citations > 200 && lists > 20, `only ${citations} citations and ${lists} lists`);
});

test("examples/bilingual: en.policy and id.policy get the same scopes, token for token", () => {
  const code = (path) =>
    tokensOf(`examples/bilingual/${path}`)
      .flatMap((l) => l.tokens)
      .filter((t) => t.text.trim() && !has(t, "comment"));
  const en = code("en.policy");
  const id = code("id.policy");
  const differing = en.filter((t, i) => id[i] && t.text !== id[i].text).length;
  assert.ok(differing >= 40, `the two files should differ in their keywords, they differ in ${differing} tokens`);
  assert.deepEqual(
    id.map((t) => innermost(t)),
    en.map((t) => innermost(t)),
  );
});

test("numbers: thousands, region codes and malformed numbers", () => {
  expectTokens("let n = 1.528 + 1_528 + 1528 + 11.658 + 36.720", [
    ["1.528", "constant.numeric.integer.jaring"],
    ["1_528", "constant.numeric.integer.jaring"],
    ["1528", "constant.numeric.integer.jaring"],
    ["11.658", "constant.numeric.integer.jaring"],
    ["36.720", "constant.numeric.integer.jaring"],
  ]);
  expectTokens("x within 36.72 or x within 36.72.01 or x within 36.72.01.1001", [
    ["36.72", "constant.numeric.region.jaring"],
    ["36.72.01", "constant.numeric.region.jaring"],
    ["36.72.01.1001", "constant.numeric.region.jaring"],
  ]);
  for (const bad of ["1.5", "36.7", "36.72.1", "36.72.01.100", "1.000_000", "36.72.01.1001.5"]) expectTokens(`let n = ${bad}`, [[bad, "invalid.illegal.number.jaring"]]);
  expectTokens("valid 2024-01-01 .. 2024-06-30", [
    ["2024-01-01", "constant.numeric.date.jaring"],
    ["..", "keyword.operator.range.jaring"],
    ["2024-06-30", "constant.numeric.date.jaring"],
  ]);
  for (const p of ["1%", "0,24%", "0.24%", "150%", "3,5\u2030"]) {
    const [line] = lex(`let p = ${p}`);
    const tokens = line.tokens.filter((t) => has(t, "constant.numeric.percent"));
    assert.equal(tokens.map((t) => t.text).join(""), p, p);
  }
});

test("money: Rp with thousands and sen", () => {
  for (const m of ["Rp 1.000.000", "Rp1.000.000,50", "Rp 1_000_000", "Rp 0", "Rp 10.000,50"]) {
    const [line] = lex(`let m = ${m} + 1`);
    const money = line.tokens.filter((t) => has(t, "constant.numeric.money"));
    assert.equal(money.map((t) => t.text).join(""), m, m);
  }
  expectTokens("let s = [Rp 10.000,50, Rp 2]", [["10.000,50", "constant.numeric.money.jaring"]]);
  for (const bad of ["Rp 1.5", "Rp 1,5", "Rp 1.00"]) {
    const [line] = lex(`let m = ${bad}`);
    assert.ok(line.tokens.some((t) => has(t, "invalid.illegal.money")), `${bad}: ${line.tokens.map((t) => innermost(t))}`);
  }
});

test("citations and lists", () => {
  const citation = "string.other.citation.jaring";
  const list = "punctuation.section.brackets.begin.jaring";
  expectTokens('require r "Label" [Pasal 3 ayat (1) huruf a] x', [["Pasal 3 ayat (1) huruf a", citation]]);
  expectTokens("require r [Lampiran] x within 36.72", [["Lampiran", citation]]);
  expectTokens('parameter p "L" : percent by risk_class [PP 44/2015 Lampiran I]', [["PP 44/2015 Lampiran I", citation]]);
  expectTokens("amend [Pasal I angka 2] group rt_rw { quota 2.000 }", [["Pasal I angka 2", citation]]);
  expectTokens("hapus [Pasal I angka 5] kelompok adhoc_kpu", [["Pasal I angka 5", citation], ["adhoc_kpu", "entity.name.type.group.jaring"]]);
  expectTokens("  [Pasal 4 huruf a] {", [["Pasal 4 huruf a", citation]]);
  expectTokens('let roles = ["ketua_rt", "ketua_rw"]', [["[", list], ["ketua_rt", "string.quoted.double.jaring"]]);
  expectTokens("  desa : region within [63.10, 63.11] level village", [["[", list], ["63.11", "constant.numeric.region.jaring"]]);
  expectTokens("  when role in [a, b] and x not in [c] or y dalam [d]", [["[", list], ["a", "variable.other.jaring"], ["c", "variable.other.jaring"], ["d", "variable.other.jaring"]]);
  expectTokens("let e = []", [["[", list]]);
  expectTokens('  given { roles: ["a"], n: [1, 2] }', [["[", list], ["a", "string.quoted.double.jaring"]]);
  expectTokens("let s = [x + 1, y]", [["x", "variable.other.jaring"]]);
  // An unclosed citation ends with its line; an unclosed list may go on to the next.
  const lines = lex("require r [Pasal 3\nx within 36.72");
  assert.equal(innermost(lines[1].tokens[0]), "variable.other.jaring");
});

test("strings, comments, declarations, types, functions", () => {
  expectTokens('basis "a \\"b\\" \\\\ \\n \\q" # note', [
    ['\\"', "constant.character.escape.jaring"],
    ["\\\\", "constant.character.escape.jaring"],
    ["\\n", "constant.character.escape.jaring"],
    ["\\q", "invalid.illegal.escape.jaring"],
    ["note", "comment.line.number-sign.jaring"],
  ]);
  // An unclosed string ends with its line.
  const lines = lex('basis "unclosed\ngroup g {');
  assert.equal(innermost(lines[1].tokens[0]), keywordScope("group"));
  expectTokens("let age = 1", [["age", "entity.name.variable.let.jaring"]]);
  expectTokens("besaran p : uang", [["p", "entity.name.variable.parameter.jaring"]]);
  expectTokens('programme JKK "L"', [["JKK", "entity.name.type.programme.jaring"]]);
  expectTokens('pembayar apbd "L"', [["apbd", "entity.name.type.payer.jaring"]]);
  expectTokens("quota q 12.000 per village", [["q", "entity.name.type.quota.jaring"], ["12.000", "constant.numeric.integer.jaring"]]);
  expectTokens("data participant {", [["participant", "entity.name.type.record.jaring"]]);
  expectTokens("  expect eligible, group rt_rw, paid_by apbd_kota", [["rt_rw", "variable.other.jaring"], ["apbd_kota", "variable.other.jaring"]]);
  for (const t of readTypes())
    for (const spelling of new Set([t.en, t.id])) expectTokens(`  f : ${spelling}`, [[spelling, `support.type.${t.en}.jaring`]]);
  for (const b of readBuiltins())
    for (const name of [b.en, b.id]) expectTokens(`let x = ${name}(a, b)`, [[name, `support.function.${b.en}.jaring`]]);
  expectTokens("let x = min + max", [["min", "variable.other.jaring"], ["max", "variable.other.jaring"]]);
  for (const l of readLevels()) expectTokens(`  v : region tingkat ${l.word}`, [[l.word, `support.constant.region-level.${l.level}.jaring`]]);
  expectTokens("x == 1 != 2 <= 3 >= 4 < 5 > 6 + 7 - 8 * 9 / 1", [
    ["==", "keyword.operator.comparison.jaring"],
    ["!=", "keyword.operator.comparison.jaring"],
    ["<=", "keyword.operator.comparison.jaring"],
    [">=", "keyword.operator.comparison.jaring"],
    ["+", "keyword.operator.arithmetic.jaring"],
    ["*", "keyword.operator.arithmetic.jaring"],
    ["/", "keyword.operator.arithmetic.jaring"],
  ]);
});

test("snippets: in both languages, the same scopes, keywords scoped", () => {
  const snippets = JSON.parse(readFileSync(join(extensionRoot, "snippets", "jaring.json"), "utf8"));
  // A snippet as inserted with its defaults: `${1:x}` → x, `${1|a,b|}` → a, `$0` → nothing.
  const expand = (body) =>
    body
      .join("\n")
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, "$1")
      .replace(/\$\{\d+:([^}]*)\}/g, "$1")
      .replace(/\$\d+/g, "");
  const code = (s) => lex(expand(s.body)).flatMap((l) => l.tokens).filter((t) => t.text.trim() && !has(t, "comment"));
  for (const key of ["policy", "group", "require", "payer", "parameter", "test"]) {
    const en = snippets[`${key} (English)`];
    const k = keywords.find((x) => x.name === key);
    const id = snippets[`${k.id} (Indonesia)`];
    assert.ok(en && id, `no snippet \`${key}\` or \`${k.id}\``);
    assert.equal(en.prefix, key);
    assert.equal(id.prefix, k.id);
    const enTokens = code(en);
    const idTokens = code(id);
    assert.equal(innermost(enTokens[0]), keywordScope(key), `${key}: starts with its keyword`);
    assert.deepEqual(idTokens.map(innermost), enTokens.map(innermost), `${key}: the Indonesian snippet reads differently`);
    for (const t of [...enTokens, ...idTokens]) assert.ok(!has(t, "invalid"), `${key}: \`${t.text}\` is invalid`);
    for (const t of idTokens) if (keywordScoped(t)) assert.equal(spellingOf.get(t.text)?.id, t.text, `${k.id}: \`${t.text}\` is not the Indonesian spelling`);
  }
  const test = expand(snippets["test (English)"].body);
  assert.match(test, /\bgiven \{/);
  assert.match(test, /\bexpect \w/);
});

test("language configuration: comments, brackets, auto-closing, indentation", () => {
  const config = JSON.parse(readFileSync(join(extensionRoot, "language-configuration.json"), "utf8"));
  assert.equal(config.comments.lineComment, "#");
  assert.deepEqual(config.brackets, [["{", "}"], ["[", "]"], ["(", ")"]]);
  assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close).sort(), ['""', "()", "[]", "{}"]);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const l of ['group adhoc_kpu "Badan Adhoc KPU" [Pasal 4 huruf d] {', "record participant {   # input", 'test "a }" on 2024-08-01 {', 'kelompok k { bila role == "kader"'])
    assert.ok(increase.test(l), `indent after ${JSON.stringify(l)}`);
  for (const l of ['  given { role: "ketua_rt" }', "# {", '  label "a {" x']) assert.ok(!increase.test(l), `no indent after ${JSON.stringify(l)}`);
  assert.ok(decrease.test("  }") && !decrease.test("  x }"));
  const words = new RegExp(config.wordPattern, "g");
  assert.deepEqual("x within 36.72.01 = Rp 1.000.000,50 * 0,30% since 2024-01-01".match(words), ["x", "within", "36.72.01", "Rp 1.000.000,50", "0,30%", "since", "2024-01-01"]);
});

test("package.json: the language, grammar, snippets and configuration it names exist", () => {
  const manifest = JSON.parse(readFileSync(join(extensionRoot, "package.json"), "utf8"));
  assert.equal(manifest.name, "jaring");
  assert.equal(manifest.publisher, "jaring");
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, "jaring");
  assert.deepEqual(language.extensions, [".policy"]);
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, "jaring");
  const grammarFile = JSON.parse(readFileSync(join(extensionRoot, grammar.path), "utf8"));
  assert.equal(grammarFile.scopeName, grammar.scopeName);
  const [snippets] = manifest.contributes.snippets;
  assert.equal(snippets.language, "jaring");
  for (const path of [language.configuration, snippets.path]) assert.doesNotThrow(() => JSON.parse(readFileSync(join(extensionRoot, path), "utf8")), path);
  assert.ok(manifest.engines?.vscode, "engines.vscode");
});

// Shown when a test fails: where the files were.
process.on("exit", (code) => {
  if (code) console.error(`tokenized ${tokenized.size} files under ${relative(process.cwd(), repoRoot) || "."}`);
});
