#!/usr/bin/env node
// The shipped client with the real vscode-languageclient and real processes (ctest
// editor.client_process):
//
//     node editors/vscode/test/client-process.test.mjs
//
// The bundle as scripts/bundle.mjs makes it for the package runs with a stand-in `vscode` (what
// the extension reads is given; anything else the library touches is a harmless stub) against
// stand-ins for `jaring lsp`, small Node scripts: one that answers `initialize` and `shutdown`,
// one that exits at once as a `jaring` without `lsp` would, and a path that does not exist.
// Checked: the process gets `lsp --lang id -I DIR` and runs in the workspace folder, and is shut
// down on deactivation; a server that cannot start gives one message naming
// `jaring.server.path` and is not started again. test/client.test.mjs checks the client's own
// logic more closely; this checks that the library does what it counts on.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";

import { bundle, bundlePath } from "../scripts/bundle.mjs";
import { checkPinned, extensionRoot } from "./tokenizer.mjs";

checkPinned("esbuild"); // fails with "run ./setup.sh" when missing or not the pinned version
checkPinned("vscode-languageclient");
const require = createRequire(import.meta.url);
const { code } = await bundle();
const manifest = JSON.parse(readFileSync(join(extensionRoot, "package.json"), "utf8"));
const defaults = manifest.contributes.configuration.properties;

const dir = mkdtempSync(join(tmpdir(), "jaring-client-"));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, "workspace"));
const journal = join(dir, "journal.txt"); // each stand-in server appends what it saw

function script(name, body) {
  const path = join(dir, name);
  writeFileSync(path, `#!${process.execPath}\nconst fs = require("fs");\nconst note = (s) => fs.appendFileSync(${JSON.stringify(journal)}, s + "\\n");\n${body}`);
  chmodSync(path, 0o755);
  return path;
}

// Speaks just enough LSP (Content-Length framing, JSON-RPC 2.0) for a client to start and stop.
const server = script(
  "jaring-lsp",
  `note("argv " + JSON.stringify(process.argv.slice(2)) + " cwd " + process.cwd());
let buffer = Buffer.alloc(0);
const send = (message) => {
  const text = JSON.stringify(message);
  process.stdout.write("Content-Length: " + Buffer.byteLength(text) + "\\r\\n\\r\\n" + text);
};
process.stdin.on("data", (data) => {
  buffer = Buffer.concat([buffer, data]);
  for (;;) {
    const head = buffer.indexOf("\\r\\n\\r\\n");
    if (head < 0) return;
    const length = Number(/Content-Length: (\\d+)/i.exec(buffer.subarray(0, head).toString())[1]);
    if (buffer.length < head + 4 + length) return;
    const message = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString());
    buffer = buffer.subarray(head + 4 + length);
    note(message.method);
    if (message.method === "initialize") send({ jsonrpc: "2.0", id: message.id, result: { capabilities: { textDocumentSync: 1 } } });
    if (message.method === "shutdown") send({ jsonrpc: "2.0", id: message.id, result: null });
    if (message.method === "exit") process.exit(0);
  }
});
`,
);
const withoutLsp = script("jaring-old", `note("started"); process.stderr.write("jaring: unknown command 'lsp'\\n"); process.exit(2);`);

// A `vscode` that answers what the extension asks and stubs the rest: any other property is a
// function, a class and an object at once, whose every use gives the same again.
const anything = new Proxy(function () {}, {
  get: (_, key) => (key === "then" ? undefined : key === Symbol.iterator ? function* () {} : key === Symbol.toPrimitive ? () => "" : anything),
  apply: () => anything,
  construct: () => anything,
});
const orAnything = (object) => new Proxy(object, { get: (target, key) => (key in target ? target[key] : anything) });

const journalLines = () => {
  try {
    return readFileSync(journal, "utf8").trim().split("\n");
  } catch {
    return []; // no server started
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Activates the extension with `settings`, waits until `settled(seen)` (a loaded machine may
// take seconds to start a process; at most 20 s), then a second more for anything that should
// not happen (a second message, a restart), and deactivates it.
async function run(settings, settled) {
  const seen = { errors: [] };
  // As VS Code reads settings: the user's, else the manifest's default.
  const settingsFor = (section) => (key, fallback) => settings[key] ?? defaults[`${section}.${key}`]?.default ?? fallback;
  const vscode = orAnything({
    version: "1.91.0",
    window: orAnything({
      createOutputChannel: () => orAnything({ error() {}, warn() {}, info() {}, debug() {}, trace() {}, appendLine() {}, show() {}, dispose() {} }),
      showErrorMessage: (message, ...items) => (seen.errors.push({ message, items }), Promise.resolve(undefined)),
      showWarningMessage: (message) => (seen.errors.push({ message }), Promise.resolve(undefined)),
      showInformationMessage: () => Promise.resolve(undefined),
    }),
    workspace: orAnything({
      workspaceFolders: [{ uri: orAnything({ scheme: "file", fsPath: join(dir, "workspace") }), name: "workspace", index: 0 }],
      getConfiguration: (section) => orAnything({ get: settingsFor(section) }),
      textDocuments: [],
    }),
    commands: orAnything({ registerCommand: () => anything, executeCommand: () => Promise.resolve() }),
    env: orAnything({ language: "en" }),
  });
  const module = { exports: {} };
  const load = (name) => (name === "vscode" ? vscode : require(name));
  new Function("exports", "require", "module", "__filename", "__dirname", code)(module.exports, load, module, bundlePath, dirname(bundlePath));
  rmSync(journal, { force: true });
  await module.exports.activate({ subscriptions: [] });
  for (const start = Date.now(); !settled({ ...seen, journal: journalLines() }) && Date.now() - start < 20_000; ) await sleep(50);
  await sleep(1000);
  await module.exports.deactivate();
  return { ...seen, journal: journalLines() };
}

test("a server that starts gets `lsp --lang id -I DIR` in the workspace folder, and is shut down", async () => {
  const { errors, journal } = await run({ path: server, language: "id", includePaths: ["shared"] }, (s) => s.journal.includes("initialized"));
  assert.deepEqual(errors, []);
  const workspace = join(dir, "workspace");
  assert.equal(journal[0], `argv ${JSON.stringify(["lsp", "--lang", "id", "-I", join(workspace, "shared")])} cwd ${workspace}`);
  assert.deepEqual(journal.slice(1, 3), ["initialize", "initialized"]);
  assert.ok(journal.includes("shutdown"), `deactivation shuts the server down: ${journal.join(", ")}`);
});

test("a path that does not exist: one message, naming the setting", async () => {
  const { errors } = await run({ path: join(dir, "no-such-jaring") }, (s) => s.errors.length > 0);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0].message, /no-such-jaring` was not found.*jaring\.server\.path/);
});

test("a jaring without `lsp`: one message, and it is not started again", async () => {
  const { errors, journal } = await run({ path: withoutLsp }, (s) => s.errors.length > 0);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0].message, /jaring-old lsp` did not start.*jaring\.server\.path/);
  assert.deepEqual(journal, ["started"]);
});
