#!/usr/bin/env node
// The Markdown injection grammar on literate policies (ctest editor.markdown_tokens):
//
//     node editors/vscode/test/markdown.test.mjs
//
// syntaxes/jaring.markdown.tmLanguage.json is injected, as VS Code injects it (`injectTo`), into
// a small stand-in for VS Code's Markdown grammar (text.html.markdown: headings, inline code and
// fenced blocks of other languages; the real one is not an npm package). Then
// rules/regions/yogyakarta-2025.policy.md is tokenized: each line of its ```jaring blocks, as
// engine/base/literate.cpp finds them, must get the scopes that source.jaring gives the block on
// its own, token for token, and no line outside them (prose that says `policy`, `group`,
// `record`, the fences themselves) a jaring scope. Then the fences the engine reads that the file
// does not show: ~~~, info strings with attributes, longer fences, and what is not a block.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { repoRoot } from "../scripts/vocabulary.mjs";
import { createRegistry, extensionRoot, jaringGrammarPath, splitLines, tokenize } from "./tokenizer.mjs";

const manifest = JSON.parse(readFileSync(join(extensionRoot, "package.json"), "utf8"));
const injection = manifest.contributes.grammars.find((g) => g.injectTo);
assert.ok(injection, "package.json contributes no injection grammar");
const injectionPath = join(extensionRoot, injection.path);

// What the host grammar needs to show the injection's place: the real grammar's
// fenced_code_block_unknown (any other fenced block, whose text is not Markdown), headings and
// inline code.
const markdown = {
  scopeName: "text.html.markdown",
  patterns: [{ include: "#fenced" }, { include: "#heading" }, { include: "#raw" }],
  repository: {
    fenced: {
      name: "markup.fenced_code.block.markdown",
      begin: "(^|\\G)( {0,3})(`{3,}|~{3,})[ \\t]*([^ \\t`~]*).*$",
      end: "(^|\\G)( {0,3})(\\3)[ \\t]*$",
    },
    heading: { match: "^#{1,6}[ \\t].*$", name: "markup.heading.markdown" },
    raw: { match: "`[^`]*`", name: "markup.inline.raw.string.markdown" },
  },
};

const textmate = await createRegistry(
  { "text.html.markdown": markdown, "source.jaring": jaringGrammarPath, [injection.scopeName]: injectionPath },
  { "text.html.markdown": [injection.scopeName] },
);
const md = await textmate.load("text.html.markdown");
const jaring = await textmate.load("source.jaring");

const embedded = "meta.embedded.block.jaring";
const jaringScopes = (t) => t.scopes.filter((s) => s.endsWith(".jaring"));
const keywordScoped = (t) => t.scopes.some((s) => /^(keyword|constant\.language)\..*\.jaring$/.test(s));

// The line ranges [first, last) of the `jaring` blocks' text, found as engine/base/literate.cpp
// finds them: a fence is 3 or more ` or ~ after at most 3 spaces; the info string's first word
// names the language; a block ends at a bare fence of its mark, at least as long.
function jaringBlocks(lines) {
  const blocks = [];
  let open;
  lines.forEach((line, i) => {
    const f = /^ {0,3}(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$/.exec(line);
    const fence = f && !(f[1][0] === "`" && f[2].includes("`")) ? { mark: f[1][0], size: f[1].length, info: f[2] } : undefined;
    if (!open) {
      if (!fence) return;
      open = { ...fence, start: i + 1 };
    } else if (fence && fence.mark === open.mark && fence.size >= open.size && fence.info === "") {
      if (/^jaring(?:$|[ \t{])/.test(open.info)) blocks.push([open.start, i]);
      open = undefined;
    }
  });
  return blocks;
}

// [[text, jaring scopes]] of each token of a line, but the scope of the whole (source.jaring on
// its own, meta.embedded.block.jaring in Markdown): what the comparison reads.
const shape = (line) =>
  line.tokens.filter((t) => t.text !== "").map((t) => [t.text, jaringScopes(t).filter((s) => s !== embedded && s !== "source.jaring")]);

test("rules/regions/yogyakarta-2025.policy.md: the jaring blocks are jaring, token for token, the prose is not", () => {
  const path = "rules/regions/yogyakarta-2025.policy.md";
  const text = readFileSync(join(repoRoot, path), "utf8");
  const lines = tokenize(md, text);
  const blocks = jaringBlocks(splitLines(text));
  assert.ok(blocks.length >= 10, `${path}: expected its ten or more jaring blocks, found ${blocks.length}`);

  const inside = new Set();
  let keywords = 0;
  for (const [first, last] of blocks) {
    const alone = tokenize(jaring, splitLines(text).slice(first, last).join("\n"));
    for (let i = first; i < last; ++i) {
      inside.add(i);
      const where = `${path}:${i + 1}`;
      for (const t of lines[i].tokens) assert.ok(t.scopes.includes(embedded), `${where}: \`${t.text}\` is not in ${embedded}: ${t.scopes.join(" ")}`);
      assert.deepEqual(shape(lines[i]), shape(alone[i - first]), `${where}: the block's scopes differ from source.jaring's on its own`);
      keywords += lines[i].tokens.filter(keywordScoped).length;
    }
    const fence = lines[first - 1].tokens.find((t) => t.text === "jaring");
    assert.ok(fence?.scopes.includes("fenced_code.block.language.markdown"), `${path}:${first}: the fence's language`);
  }
  assert.ok(keywords >= 100, `${path}: only ${keywords} keywords highlighted in the jaring blocks`);

  const scoped = (i) => lines[i].tokens.filter((t) => jaringScopes(t).length);
  const outside = lines.map((_, i) => i).filter((i) => !inside.has(i));
  for (const i of outside)
    assert.deepEqual(scoped(i).map((t) => t.text), [], `${path}:${i + 1} is outside the jaring blocks but has jaring scopes: ${JSON.stringify(lines[i].line)}`);
  // The check above means something: the prose uses the language's words.
  const wordy = outside.filter((i) => /\b(policy|group|record|require|test|use)\b/.test(lines[i].line));
  assert.ok(wordy.length >= 3, `${path}: expected prose lines that use keywords, found ${wordy.length}`);
});

// `source` with `|` marking nothing; returns the jaring-scoped lines' numbers (1-based) and
// checks each line's tokens are wholly in or out.
function jaringLines(source) {
  const lines = tokenize(md, source);
  const out = [];
  lines.forEach((l, i) => {
    const content = l.tokens.filter((t) => t.text.trim() !== "");
    if (content.length && content.every((t) => t.scopes.includes(embedded))) out.push(i + 1);
    else assert.ok(content.every((t) => !t.scopes.includes(embedded)), `line ${i + 1} ${JSON.stringify(l.line)} is partly jaring`);
  });
  return out;
}
const md2 = (...lines) => lines.join("\n");

test("fences the engine reads as jaring blocks", () => {
  assert.deepEqual(jaringLines(md2("Prose.", "~~~jaring", "group kader {", "}", "~~~", "After.")), [3, 4]);
  assert.deepEqual(jaringLines(md2('```jaring title="Pasal 3"', "policy \"x\"", "```")), [2]);
  assert.deepEqual(jaringLines(md2("```jaring{.numberLines}", "policy \"x\"", "```")), [2]);
  assert.deepEqual(jaringLines(md2("   ```   jaring", "kebijakan \"x\"", "   ```", "policy")), [2]);
  // A longer closing fence closes; a shorter one, or one of the other mark, is text of the block.
  assert.deepEqual(jaringLines(md2("````jaring", "policy \"x\"", "```", "region 34.71", "~~~", "use x", "`````", "policy")), [2, 4, 5, 6]);
  assert.deepEqual(jaringLines(md2("~~~~jaring", "policy \"x\"", "~~~~~~", "policy")), [2]);
  const [line] = tokenize(md, "```jaring");
  assert.deepEqual(line.tokens.map((t) => [t.text, t.scopes.at(-1)]), [
    ["```", "punctuation.definition.markdown"],
    ["jaring", "fenced_code.block.language.markdown"],
  ]);
  const [, policy] = tokenize(md, md2("```jaring", "kebijakan \"x\""));
  assert.ok(policy.tokens[0].scopes.includes("keyword.declaration.policy.jaring"), policy.tokens[0].scopes.join(" "));
});

test("what is not a jaring block", () => {
  for (const info of ["Jaring", "jaringan", "jaring-x", "python", "policy", ""])
    assert.deepEqual(jaringLines(md2("```" + info, "policy \"x\"", "```", "policy")), [], info);
  assert.deepEqual(jaringLines(md2("    ```jaring", "policy \"x\"")), [], "indented four spaces: indented code, not a fence");
  assert.deepEqual(jaringLines(md2("``jaring", "policy \"x\"")), [], "two backticks");
  assert.deepEqual(jaringLines(md2("```jaring `x`", "policy \"x\"")), [], "a backtick fence's info string holds no backtick");
  // Inside another fenced block, a ```jaring line is that block's text (a Markdown example).
  assert.deepEqual(jaringLines(md2("````markdown", "```jaring", "policy \"x\"", "```", "````", "policy")), []);
  assert.deepEqual(jaringLines(md2("Prose with `policy` and ```jaring inline.")), []);
});

test("package.json contributes the injection to Markdown, with jaring as the embedded language", () => {
  const grammar = JSON.parse(readFileSync(injectionPath, "utf8"));
  assert.equal(injection.scopeName, grammar.scopeName);
  assert.deepEqual(injection.injectTo, ["text.html.markdown"]);
  assert.deepEqual(injection.embeddedLanguages, { [embedded]: "jaring" });
  assert.match(grammar.injectionSelector, /^L:text\.html\.markdown\b/);
});
