// The language's vocabulary as the engine defines it, read from the C++ sources so that the
// editor grammar cannot drift from them:
//   grammar/keywords.hpp            JARING_KEYWORDS: X(name, "english", "indonesian")
//   engine/language/builtins.cpp    `table` (function names) and `aliases` (Indonesian names)
//   engine/language/types.hpp       `type_table` (type names in both languages)
//   engine/language/constraint.cpp  `level_words` (region levels after `level`)
// Each reader checks the count its C++ array declares, so a change of layout fails loudly
// here instead of producing a grammar with words missing.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function source(path) {
  return readFileSync(join(repoRoot, path), "utf8");
}

function fail(path, message) {
  throw new Error(`${path}: ${message} (has its layout changed? update editors/vscode/scripts/vocabulary.mjs)`);
}

// The body of `constexpr std::array<T, N> NAME = {{ ... }};` and its declared N.
function arrayBody(path, text, name) {
  const m = new RegExp(`std::array<\\s*\\w+\\s*,\\s*(\\d+)\\s*>\\s+${name}\\s*=\\s*\\{\\{([\\s\\S]*?)\\}\\};`).exec(text);
  if (!m) fail(path, `no array \`${name}\``);
  return { size: Number(m[1]), body: m[2] };
}

function checkCount(path, what, found, declared) {
  if (found.length !== declared) fail(path, `read ${found.length} entries of \`${what}\`, the array declares ${declared}`);
}

// [{name, en, id}] in table order.
export function readKeywords() {
  const path = "grammar/keywords.hpp";
  const text = source(path);
  const start = text.indexOf("#define JARING_KEYWORDS(X)");
  if (start < 0) fail(path, "no `#define JARING_KEYWORDS(X)`");
  const lines = text.slice(start).split("\n");
  const out = [];
  // The macro's body: the continued lines after the #define.
  for (let i = 1; i < lines.length; ++i) {
    const line = lines[i];
    const m = /^\s*X\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)\s*\\?\s*$/.exec(line);
    if (!m) fail(path, `unexpected line in JARING_KEYWORDS: ${JSON.stringify(line)}`);
    out.push({ name: m[1], en: m[2], id: m[3] });
    if (!line.trimEnd().endsWith("\\")) break;
  }
  if (out.length < 2) fail(path, "JARING_KEYWORDS has no entries");
  return out;
}

// [{en, id}] in table order: every built-in function and its Indonesian name.
export function readBuiltins() {
  const path = "engine/language/builtins.cpp";
  const text = source(path);
  const table = arrayBody(path, text, "table");
  const names = [...table.body.matchAll(/\{\s*"(\w+)"\s*,/g)].map((m) => m[1]);
  checkCount(path, "table", names, table.size);
  const aliasArray = arrayBody(path, text, "aliases");
  const aliases = [...aliasArray.body.matchAll(/\{\s*"(\w+)"\s*,\s*"(\w+)"\s*\}/g)].map((m) => ({ en: m[1], id: m[2] }));
  checkCount(path, "aliases", aliases, aliasArray.size);
  for (const a of aliases) if (!names.includes(a.en)) fail(path, `alias \`${a.id}\` names no function \`${a.en}\``);
  return names.map((en) => ({ en, id: aliases.find((a) => a.en === en)?.id }));
}

// [{en, id}]: the type names.
export function readTypes() {
  const path = "engine/language/types.hpp";
  const text = source(path);
  const table = arrayBody(path, text, "type_table");
  const types = [...table.body.matchAll(/\{\s*ValueKind::\w+\s*,\s*"(\w+)"\s*,\s*"(\w+)"/g)].map((m) => ({ en: m[1], id: m[2] }));
  checkCount(path, "type_table", types, table.size);
  return types;
}

// [{level, word}]: the words for region levels after `level`/`tingkat`, by level.
export function readLevels() {
  const path = "engine/language/constraint.cpp";
  const text = source(path);
  const table = arrayBody(path, text, "level_words");
  const words = [...table.body.matchAll(/\{\s*"(\w+)"\s*,\s*RegionLevel::(\w+)\s*\}/g)].map((m) => ({ word: m[1], level: m[2].toLowerCase() }));
  checkCount(path, "level_words", words, table.size);
  return words;
}

// The one predefined value name. Not in a table of its own: the checker names it.
export function readLanguageVariables() {
  const path = "engine/language/check.cpp";
  if (!source(path).includes('"as_of"')) fail(path, "no longer defines the value `as_of`");
  return ["as_of"];
}
