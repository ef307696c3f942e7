#!/usr/bin/env node
// Writes the TextMate grammar of `.policy` files, syntaxes/jaring.tmLanguage.json, from the
// engine's own vocabulary (scripts/vocabulary.mjs: keywords, functions, types, region levels),
// and snippets/jaring.json (scripts/snippets.mjs: each snippet in English and Indonesian):
//
//     node editors/vscode/scripts/generate-grammar.mjs           # write both
//     node editors/vscode/scripts/generate-grammar.mjs --check   # exit 1 if a committed one differs
//
// What the grammar decides that the engine's tables do not say is here, in one place: the
// category of each keyword (a keyword added to grammar/keywords.hpp fails the generator until
// it is given one) and the literal rules, which follow engine/base/literals.cpp:
//   - a number with dots is a whole number when every group after the first has exactly three
//     digits (`1.528`, `11.658`, `36.720`), else a region code when its groups are 2.2[.2[.4]]
//     digits (`36.72`, `36.72.01`, `36.72.01.1001`); anything else (`1.5`) is marked invalid;
//   - a `[` is a citation when it follows, on the same line, a label ("…"), a name, a type or
//     a keyword that is not an operator of expressions (`in`, `within`, `and`, `if`, …), or when
//     what it holds reads as prose (a word, a space, then no operator or comma: `[Pasal 3]`);
//     any other `[` opens a list (`["ketua_rt", "ketua_rw"]`, `[63.10, 63.11]`, `x in [a, b]`).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { buildSnippets } from "./snippets.mjs";
import { readBuiltins, readKeywords, readLanguageVariables, readLevels, readTypes, repoRoot } from "./vocabulary.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const grammarPath = join(here, "..", "syntaxes", "jaring.tmLanguage.json");
export const snippetsPath = join(here, "..", "snippets", "jaring.json");

// Each keyword's category, by its name in JARING_KEYWORDS; the scope is
// `<category scope>.<name>.jaring`, the same for both spellings.
export const keywordCategories = {
  "keyword.declaration": [
    "policy", "region", "basis", "valid", "use", "record", "let", "parameter", "programme", "payer",
    "require", "group", "quota", "test", "amend", "add", "remove",
  ],
  "keyword.control": ["if", "then", "else", "when"],
  "keyword.operator.word": ["and", "or", "not", "in", "between", "within"],
  "constant.language.boolean": ["true", "false"],
  "keyword.other": [
    "amends", "optional", "since", "until", "by", "contribution", "scheme", "employer", "worker",
    "budget", "covers", "as", "paid_by", "of", "for", "during", "per", "rank", "asc", "desc", "waive",
    "priority", "on", "given", "others", "expect", "eligible", "waitlisted", "because", "rejected",
    "level",
  ],
};

// Declarations whose keyword is followed by the name they declare, and that name's scope.
const declaredNames = {
  group: "entity.name.type.group",
  programme: "entity.name.type.programme",
  payer: "entity.name.type.payer",
  quota: "entity.name.type.quota",
  record: "entity.name.type.record",
  require: "entity.name.function.require",
  let: "entity.name.variable.let",
  parameter: "entity.name.variable.parameter",
};

// Keywords after which a `[` opens a list, not a citation: those that precede an expression.
const expressionKeywords = ["in", "within", "between", "and", "or", "not", "if", "then", "else", "when"];

export function keywordScope(name) {
  for (const [category, names] of Object.entries(keywordCategories)) if (names.includes(name)) return `${category}.${name}.jaring`;
  return undefined;
}

const alt = (words) => words.join("|");
const unique = (words) => [...new Set(words)];

export function buildGrammar() {
  const keywords = readKeywords();
  const builtins = readBuiltins();
  const types = readTypes();
  const levels = readLevels();
  const variables = readLanguageVariables();

  const names = keywords.map((k) => k.name);
  for (const k of keywords)
    if (!keywordScope(k.name))
      throw new Error(`keyword \`${k.name}\` (${k.en}/${k.id}) has no category: add it to keywordCategories in ${relative(repoRoot, fileURLToPath(import.meta.url))}`);
  for (const n of Object.values(keywordCategories).flat())
    if (!names.includes(n)) throw new Error(`keywordCategories names \`${n}\`, which grammar/keywords.hpp does not define`);
  for (const n of [...Object.keys(declaredNames), ...expressionKeywords])
    if (!names.includes(n)) throw new Error(`\`${n}\` is not a keyword of grammar/keywords.hpp`);

  const spell = (name) => {
    const k = keywords.find((x) => x.name === name);
    return unique([k.en, k.id]);
  };
  // Longest first, so that an alternation never stops at a prefix.
  const byLength = (words) => unique(words).sort((a, b) => b.length - a.length || a.localeCompare(b));
  const allKeywords = byLength(keywords.flatMap((k) => [k.en, k.id]));
  const notKeyword = `(?!(?:${alt(allKeywords)})\\b)`;
  const ident = "[A-Za-z_][A-Za-z0-9_]*";
  const word = (words) => `\\b(?:${alt(byLength(words))})\\b`;

  const exprWords = byLength(expressionKeywords.flatMap(spell));

  const repository = {
    comment: {
      match: "(#).*$",
      name: "comment.line.number-sign.jaring",
      captures: { 1: { name: "punctuation.definition.comment.jaring" } },
    },
    string: {
      name: "string.quoted.double.jaring",
      begin: '"',
      beginCaptures: { 0: { name: "punctuation.definition.string.begin.jaring" } },
      // A string ends at its line's end (an unclosed one is an error there, not a whole file).
      end: '(")|$',
      endCaptures: { 1: { name: "punctuation.definition.string.end.jaring" } },
      patterns: [
        { match: '\\\\["\\\\n]', name: "constant.character.escape.jaring" },
        { match: "\\\\.?", name: "invalid.illegal.escape.jaring" },
      ],
    },
    // `[Pasal 3 ayat (1)]` after a label, a name, a type or a declaring keyword on the same line.
    "citation-after-word": {
      match: `(?<=[A-Za-z0-9_"])(?<!${exprWords.map((w) => `\\b${w}`).join("|")})[ \\t]*((\\[)[^\\]]*(\\]|$))`,
      captures: {
        1: { name: "string.other.citation.jaring" },
        2: { name: "punctuation.definition.citation.begin.jaring" },
        3: { name: "punctuation.definition.citation.end.jaring" },
      },
    },
    // `[Pasal 3]` anywhere else (a line of its own): a word (not a keyword, not the `Rp` of an
    // amount), blanks, then no operator or comma.
    "citation-prose": {
      match: `(\\[)(?=[ \\t]*${notKeyword}(?!Rp[ \\t]*\\d)[A-Za-z][^\\s\\],]*[ \\t]+(?![-+*/=<>!,\\]]|\\.\\.|(?:${alt(exprWords)})\\b))[^\\]]*(\\]|$)`,
      name: "string.other.citation.jaring",
      captures: {
        1: { name: "punctuation.definition.citation.begin.jaring" },
        2: { name: "punctuation.definition.citation.end.jaring" },
      },
    },
    set: {
      name: "meta.set.jaring",
      begin: "\\[",
      beginCaptures: { 0: { name: "punctuation.section.brackets.begin.jaring" } },
      end: "\\]",
      endCaptures: { 0: { name: "punctuation.section.brackets.end.jaring" } },
      patterns: [{ include: "#expression" }],
    },
    "type-annotation": {
      match: `(:)[ \\t]*(?:${types.map((t) => `(${alt(unique([t.en, t.id]))})`).join("|")})\\b`,
      captures: {
        1: { name: "punctuation.separator.type.jaring" },
        ...Object.fromEntries(types.map((t, i) => [i + 2, { name: `support.type.${t.en}.jaring` }])),
      },
    },
    "region-level": {
      match: `\\b(${alt(spell("level"))})[ \\t]+(?:${unique(levels.map((l) => l.level))
        .map((level) => `(${alt(levels.filter((l) => l.level === level).map((l) => l.word))})`)
        .join("|")})\\b`,
      captures: {
        1: { name: keywordScope("level") },
        ...Object.fromEntries(unique(levels.map((l) => l.level)).map((level, i) => [i + 2, { name: `support.constant.region-level.${level}.jaring` }])),
      },
    },
    "declared-name": {
      patterns: Object.entries(declaredNames).map(([kw, scope]) => ({
        // Not after a comma: `expect eligible, group rt_rw` names a group, it declares none.
        match: `(?<!,)(?<!,[ \\t])\\b(${alt(spell(kw))})[ \\t]+${notKeyword}(${ident})\\b`,
        captures: { 1: { name: keywordScope(kw) }, 2: { name: `${scope}.jaring` } },
      })),
    },
    "use-path": {
      match: `\\b(${alt(spell("use"))})[ \\t]+(${ident}(?:[-/.]+[A-Za-z0-9_]+)*)`,
      captures: { 1: { name: keywordScope("use") }, 2: { name: "string.unquoted.path.jaring" } },
    },
    literal: {
      patterns: [
        { match: "\\b\\d{4}-\\d{2}-\\d{2}(?![A-Za-z0-9_])", name: "constant.numeric.date.jaring" },
        {
          // Rp, then thousands in dots (or plain digits, or `_` groups), then `,` and two sen digits.
          match: "\\b(Rp)[ \\t]*(?:\\d{1,3}(?:\\.\\d{3})+|\\d+(?:_\\d+)*)(?:,\\d{2})?(?![A-Za-z0-9_]|[.,]\\d)",
          name: "constant.numeric.money.jaring",
          captures: { 1: { name: "keyword.other.unit.currency.jaring" } },
        },
        { match: "\\bRp[ \\t]*\\d[\\d._]*(?:,\\d+)?", name: "invalid.illegal.money.jaring" },
        {
          match: "\\b\\d+(?:[.,]\\d+)?(%|\u2030)",
          name: "constant.numeric.percent.jaring",
          captures: { 1: { name: "keyword.other.unit.percent.jaring" } },
        },
        { match: "\\b\\d{1,3}(?:\\.\\d{3})+(?![A-Za-z0-9_]|\\.\\d)", name: "constant.numeric.integer.jaring" },
        { match: "\\b\\d{2}\\.\\d{2}(?:\\.\\d{2}(?:\\.\\d{4})?)?(?![A-Za-z0-9_]|\\.\\d)", name: "constant.numeric.region.jaring" },
        { match: "\\b\\d+(?:_\\d+)*(?![A-Za-z0-9_]|[._]\\d)", name: "constant.numeric.integer.jaring" },
        { match: "\\b\\d[\\d._]*", name: "invalid.illegal.number.jaring" },
      ],
    },
    function: {
      patterns: builtins.map((b) => ({
        match: `\\b(?:${alt(unique([b.en, b.id].filter(Boolean)))})\\b(?=[ \\t]*\\()`,
        name: `support.function.${b.en}.jaring`,
      })),
    },
    "language-variable": { match: word(variables), name: "variable.language.as_of.jaring" },
    keyword: {
      patterns: keywords.map((k) => ({ match: word([k.en, k.id]), name: keywordScope(k.name) })),
    },
    operator: {
      patterns: [
        { match: "\\.\\.", name: "keyword.operator.range.jaring" },
        { match: "==|!=|<=|>=|<|>", name: "keyword.operator.comparison.jaring" },
        { match: "=", name: "keyword.operator.assignment.jaring" },
        { match: "[-+*/]", name: "keyword.operator.arithmetic.jaring" },
      ],
    },
    punctuation: {
      patterns: [
        { match: ",", name: "punctuation.separator.comma.jaring" },
        { match: ":", name: "punctuation.separator.colon.jaring" },
        { match: "\\{", name: "punctuation.section.block.begin.jaring" },
        { match: "\\}", name: "punctuation.section.block.end.jaring" },
        { match: "\\(", name: "punctuation.section.parens.begin.jaring" },
        { match: "\\)", name: "punctuation.section.parens.end.jaring" },
      ],
    },
    identifier: { match: `\\b${ident}\\b`, name: "variable.other.jaring" },
    expression: {
      patterns: [
        { include: "#comment" },
        { include: "#string" },
        { include: "#set" },
        { include: "#literal" },
        { include: "#function" },
        { include: "#language-variable" },
        { include: "#keyword" },
        { include: "#operator" },
        { include: "#punctuation" },
        { include: "#identifier" },
      ],
    },
  };

  return {
    information_for_contributors: [
      "Generated by editors/vscode/scripts/generate-grammar.mjs from grammar/keywords.hpp,",
      "engine/language/builtins.cpp, engine/language/types.hpp and engine/language/constraint.cpp.",
      "Do not edit: change the generator or the engine's tables and run it again.",
    ],
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "Jaring",
    scopeName: "source.jaring",
    fileTypes: ["policy"],
    patterns: [
      { include: "#comment" },
      { include: "#string" },
      { include: "#citation-after-word" },
      { include: "#citation-prose" },
      { include: "#type-annotation" },
      { include: "#region-level" },
      { include: "#declared-name" },
      { include: "#use-path" },
      { include: "#expression" },
    ],
    repository,
  };
}

const asText = (value) => JSON.stringify(value, null, 2) + "\n";

// [{path, text}]: every generated file.
export function generatedFiles() {
  return [
    { path: grammarPath, text: asText(buildGrammar()) },
    { path: snippetsPath, text: asText(buildSnippets()) },
  ];
}

function main(args) {
  const check = args.includes("--check");
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`usage: generate-grammar.mjs [--check]`);
    process.exit(2);
  }
  let stale = 0;
  for (const { path, text } of generatedFiles()) {
    const shown = relative(repoRoot, path);
    if (!check) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote ${shown}`);
      continue;
    }
    let committed = "";
    try {
      committed = readFileSync(path, "utf8");
    } catch {
      // missing: reported as a difference
    }
    if (committed === text) {
      console.log(`${shown}: up to date`);
    } else {
      console.error(`${shown} is not what the engine's vocabulary generates: run \`node editors/vscode/scripts/generate-grammar.mjs\` and commit the result`);
      ++stale;
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    // A table the generator cannot read, or a keyword without a category: the message says which.
    console.error(`generate-grammar.mjs: ${e.message}`);
    process.exit(1);
  }
}
