#!/usr/bin/env node
// The language client (ctest editor.client):
//
//     node editors/vscode/test/client.test.mjs
//
// src/extension.mjs is bundled as scripts/bundle.mjs bundles it for the package, except that
// vscode-languageclient/node is left a require() too; the bundle is then run with stand-ins for
// it and for `vscode` (settings read with the manifest's defaults, folders, commands, messages).
// Checked: the command line built from the settings (`jaring lsp --lang id -I DIR`...), the
// document selector, no client when turned off, a restart on a `jaring.server` change and on the
// command, one error message naming `jaring.server.path` when the server cannot start (and no
// restarts), and that the real bundle needs nothing but `vscode` and Node's own modules.
import assert from "node:assert/strict";
import { builtinModules, createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";

import { bundle, bundlePath } from "../scripts/bundle.mjs";
import { checkPinned, extensionRoot } from "./tokenizer.mjs";

checkPinned("esbuild"); // fails with "run ./setup.sh" when missing or not the pinned version
checkPinned("vscode-languageclient");
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(extensionRoot, "package.json"), "utf8"));
const defaults = Object.fromEntries(
  Object.entries(manifest.contributes.configuration.properties).map(([key, p]) => [key.replace(/^jaring\.server\./, ""), p.default]),
);

const { code: testBundle } = await bundle(["vscode-languageclient/node"]);
const { code: shippedBundle } = await bundle();

// Runs a bundle as a CommonJS module whose require() gives `stubs` first.
function run(code, stubs) {
  const module = { exports: {} };
  const load = (name) => (name in stubs ? stubs[name] : require(name));
  new Function("exports", "require", "module", "__filename", "__dirname", code)(module.exports, load, module, bundlePath, dirname(bundlePath));
  return module.exports;
}

const State = { Stopped: 1, Running: 2, Starting: 3 };
const CloseAction = { DoNotRestart: 1, Restart: 2 };
const ErrorAction = { Continue: 1, Shutdown: 2 };
const spawnFailure = "Launching server using command jaring failed. Error: spawn jaring ENOENT";

// A fresh extension with stand-ins; `settings` are the user's, over the manifest's defaults.
// `startFails`: each client's start() fails as vscode-languageclient's does when the process
// cannot be spawned (it forces a notification of its own, then rejects).
// `constructorFails`: how many clients the library refuses to make (it throws) before it works.
async function extension({ settings = {}, folder = "/work/project", startFails = false, constructorFails = 0 } = {}) {
  const world = { settings: { ...settings }, clients: [], errors: [], commands: new Map(), executed: [], listeners: [] };
  const vscode = {
    window: {
      createOutputChannel: (name) => ({ name, error() {}, show() {}, dispose() {} }),
      showErrorMessage: (message, ...items) => {
        world.errors.push({ message, items });
        return Promise.resolve(world.choice);
      },
    },
    commands: {
      registerCommand: (id, f) => (world.commands.set(id, f), { dispose() {} }),
      executeCommand: (...args) => (world.executed.push(args), Promise.resolve()),
    },
    workspace: {
      workspaceFolders: folder ? [{ uri: { scheme: "file", fsPath: folder } }] : undefined, // null: none open
      getConfiguration: (section) => {
        assert.equal(section, "jaring.server");
        return { get: (key, fallback) => world.settings[key] ?? defaults[key] ?? fallback };
      },
      onDidChangeConfiguration: (f) => (world.listeners.push(f), { dispose() {} }),
    },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      if (constructorFails-- > 0) throw new Error("The language client requires VS Code version ^1.91.0");
      Object.assign(this, { id, name, serverOptions, clientOptions, state: State.Starting, disposed: false, notified: [] });
      world.clients.push(this);
    }
    async start() {
      if (!startFails) return void (this.state = State.Running);
      this.error("Jaring language server client: couldn't create connection to server.", spawnFailure, "force");
      throw spawnFailure; // the library rejects with a string here
    }
    error(message, data, showNotification) {
      if (showNotification === "force") this.notified.push(message);
    }
    async dispose() {
      this.disposed = true;
    }
    createDefaultErrorHandler() {
      return { error: () => ({ action: ErrorAction.Continue }), closed: () => ({ action: CloseAction.Restart }) };
    }
  }
  const ext = run(testBundle, { vscode, "vscode-languageclient/node": { LanguageClient, State, CloseAction, ErrorAction } });
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  world.change = async (settings, section = "jaring.server") => {
    Object.assign(world.settings, settings);
    for (const f of world.listeners) f({ affectsConfiguration: (s) => section === s || section.startsWith(s + ".") });
    await settled();
  };
  await ext.activate({ subscriptions: [] });
  await settled();
  return { ext, world, settled };
}

const selector = [
  { scheme: "file", language: "jaring" },
  { scheme: "file", language: "markdown", pattern: "**/*.policy.md" },
];

test("the server's command line and documents, from the defaults", async () => {
  const { world } = await extension();
  assert.equal(world.clients.length, 1);
  const [client] = world.clients;
  // `auto`: no --lang, so the server follows the locale the client sends in `initialize`.
  assert.deepEqual(client.serverOptions, { command: "jaring", args: ["lsp"], options: { cwd: "/work/project" } });
  assert.equal(client.serverOptions.transport, undefined, "a stdio transport would add --stdio, which jaring lsp does not take");
  assert.deepEqual(client.clientOptions.documentSelector, selector);
  assert.equal(client.state, State.Running);
  assert.deepEqual(world.errors, []);
});

test("the server's command line from the settings", async () => {
  const { world } = await extension({
    settings: { path: "/opt/jaring/bin/jaring", language: "id", includePaths: ["rules/shared", "/srv/policies", " "] },
  });
  assert.deepEqual(world.clients[0].serverOptions, {
    command: "/opt/jaring/bin/jaring",
    args: ["lsp", "--lang", "id", "-I", "/work/project/rules/shared", "-I", "/srv/policies"],
    options: { cwd: "/work/project" },
  });
  const relative = await extension({ settings: { path: "build/jaring" } });
  assert.equal(relative.world.clients[0].serverOptions.command, "/work/project/build/jaring");
  const noFolder = await extension({ folder: null, settings: { includePaths: ["shared"] } });
  assert.deepEqual(noFolder.world.clients[0].serverOptions, { command: "jaring", args: ["lsp", "-I", "shared"], options: {} });
});

test("turned off, on again, and restarted when a jaring.server setting changes or on the command", async () => {
  const { ext, world, settled } = await extension({ settings: { enabled: false } });
  assert.equal(world.clients.length, 0, "no server when jaring.server.enabled is false");

  await world.change({ enabled: true });
  assert.equal(world.clients.length, 1);
  await world.change({ language: "id" });
  assert.equal(world.clients.length, 2);
  assert.ok(world.clients[0].disposed, "the old client is stopped before the new one starts");
  assert.deepEqual(world.clients[1].serverOptions.args, ["lsp", "--lang", "id"]);
  await world.change({}, "editor.fontSize");
  assert.equal(world.clients.length, 2, "other settings do not restart the server");

  assert.ok(manifest.contributes.commands.some((c) => c.command === "jaring.restartServer" && c.category === "Jaring"));
  await world.commands.get("jaring.restartServer")();
  await settled();
  assert.equal(world.clients.length, 3);
  assert.ok(world.clients[1].disposed && !world.clients[2].disposed);

  await world.change({ enabled: false });
  assert.equal(world.clients.length, 3);
  assert.ok(world.clients[2].disposed, "turned off: the server is stopped");
  await ext.deactivate();
});

test("a server that cannot start: one message naming jaring.server.path, no restarts", async () => {
  const { world, settled } = await extension({ startFails: true });
  assert.equal(world.clients.length, 1);
  assert.deepEqual(world.clients[0].notified, [], "the library's own notification is only logged");
  assert.equal(world.errors.length, 1, `messages: ${JSON.stringify(world.errors)}`);
  const [{ message, items }] = world.errors;
  assert.match(message, /`jaring` was not found/);
  assert.match(message, /jaring\.server\.path/);
  assert.deepEqual(items, ["Open Settings", "Show Output"]);

  const { clientOptions } = world.clients[0];
  assert.equal(clientOptions.initializationFailedHandler(new Error("closed")), false, "a failed initialize is not retried");
  world.clients[0].state = State.Starting;
  assert.equal(clientOptions.errorHandler.closed().action, CloseAction.DoNotRestart, "a server that exits while starting is not restarted");
  world.clients[0].state = State.Running;
  assert.equal(clientOptions.errorHandler.closed().action, CloseAction.Restart, "one that crashes later is, as by default");

  world.choice = "Open Settings";
  await world.commands.get("jaring.restartServer")();
  await settled();
  assert.equal(world.errors.length, 2, "a restart by hand tries, and reports, again");
  assert.deepEqual(world.executed, [["workbench.action.openSettings", "jaring.server"]]);
});

test("a client the library refuses to make: one message, and the next restart still runs", async () => {
  const { world, settled } = await extension({ constructorFails: 1 });
  assert.equal(world.clients.length, 0);
  assert.equal(world.errors.length, 1);
  assert.match(world.errors[0].message, /could not be started: The language client requires/);
  await world.commands.get("jaring.restartServer")();
  await settled();
  assert.equal(world.clients.length, 1);
  assert.equal(world.errors.length, 1);
});

test("the shipped bundle needs only vscode and Node's own modules", () => {
  const required = new Set([...shippedBundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
  const outside = [...required].filter((name) => name !== "vscode" && !builtinModules.includes(name.replace(/^node:/, "")));
  assert.deepEqual(outside, [], "modules the .vsix does not hold");
  assert.ok(shippedBundle.includes("Launching server using command"), "vscode-languageclient is in the bundle");
  // It loads with a `vscode` of empty classes: nothing runs at load but class definitions.
  const vscode = new Proxy({}, { get: () => class {} });
  const ext = run(shippedBundle, { vscode });
  assert.equal(typeof ext.activate, "function");
  assert.equal(typeof ext.deactivate, "function");
  assert.deepEqual(ext.documentSelector, selector);
});

test("package.json: the entry point and the VS Code the client needs", () => {
  assert.equal(manifest.main, "./dist/extension.js");
  const client = JSON.parse(readFileSync(join(extensionRoot, "node_modules", "vscode-languageclient", "package.json"), "utf8"));
  assert.equal(manifest.engines.vscode, client.engines.vscode, "engines.vscode must be what vscode-languageclient requires");
  assert.equal(manifest.scripts["vscode:prepublish"], "node scripts/bundle.mjs");
  assert.deepEqual(Object.keys(defaults).sort(), ["enabled", "includePaths", "language", "path"]);
  assert.deepEqual(defaults, { enabled: true, path: "jaring", language: "auto", includePaths: [] });
});
