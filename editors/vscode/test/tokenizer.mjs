// Loads syntaxes/jaring.tmLanguage.json (and, for test/markdown.test.mjs, the Markdown injection
// grammar) with vscode-textmate on vscode-oniguruma (the engine VS Code itself uses), the
// versions pinned in ../package-lock.json (installed by ./setup.sh).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const extensionRoot = join(here, "..");
const require = createRequire(import.meta.url);

function fail(message) {
  console.error(`editors/vscode: ${message}`);
  process.exit(1);
}

// The installed package must be the version the lock file pins.
export function checkPinned(name) {
  const lock = JSON.parse(readFileSync(join(extensionRoot, "package-lock.json"), "utf8"));
  const wanted = lock.packages[`node_modules/${name}`]?.version;
  let installed;
  try {
    installed = JSON.parse(readFileSync(join(extensionRoot, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    fail(`${name} is not installed in editors/vscode/node_modules: run ./setup.sh`);
  }
  if (installed !== wanted) fail(`editors/vscode/node_modules has ${name} ${installed}, package-lock.json pins ${wanted}: run ./setup.sh`);
}

export function requirePinned(name) {
  checkPinned(name);
  return require(join(extensionRoot, "node_modules", name));
}

// A vscode-textmate registry of grammars by scope name: a path (read as JSON) or a grammar
// object; `injections` maps a scope name to the injection grammars offered to it, as VS Code
// does for a grammar's `injectTo`.
export async function createRegistry(grammars, injections = {}) {
  const textmate = requirePinned("vscode-textmate");
  const oniguruma = requirePinned("vscode-oniguruma");
  const wasm = readFileSync(join(extensionRoot, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const grammar = grammars[scopeName];
      if (typeof grammar !== "string") return grammar ?? null;
      return textmate.parseRawGrammar(readFileSync(grammar, "utf8"), grammar);
    },
    getInjections: (scopeName) => injections[scopeName],
  });
  return {
    registry,
    INITIAL: textmate.INITIAL,
    async load(scopeName) {
      const grammar = await registry.loadGrammar(scopeName);
      if (!grammar) fail(`the grammar ${scopeName} did not load`);
      return { grammar, INITIAL: textmate.INITIAL };
    },
  };
}

export const jaringGrammarPath = join(extensionRoot, "syntaxes", "jaring.tmLanguage.json");

export async function loadGrammar() {
  const { load } = await createRegistry({ "source.jaring": jaringGrammarPath });
  return load("source.jaring");
}

// Lines as the engine reads them: LF, CRLF or a lone CR end a line.
export const splitLines = (text) => text.split(/\r\n|\r|\n/);

// [{line, tokens: [{text, start, end, scopes}]}]; throws if a line took too long (a runaway
// pattern), which vscode-textmate would otherwise report only as `stoppedEarly`.
export function tokenize({ grammar, INITIAL }, text, timeLimitMs = 1000) {
  let stack = INITIAL;
  return splitLines(text).map((line, i) => {
    const r = grammar.tokenizeLine(line, stack, timeLimitMs);
    if (r.stoppedEarly) throw new Error(`line ${i + 1}: tokenizing stopped early (over ${timeLimitMs} ms)`);
    stack = r.ruleStack;
    const tokens = r.tokens.map((t, k) => {
      const end = k + 1 < r.tokens.length ? r.tokens[k + 1].startIndex : Math.max(line.length, t.startIndex);
      return { text: line.slice(t.startIndex, end), start: t.startIndex, end, scopes: t.scopes };
    });
    return { line, tokens };
  });
}
