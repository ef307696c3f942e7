// The extension's entry point: a language client that runs `jaring lsp` (src/server.mjs) for
// `.policy` files and for literate policies (`.policy.md`, whose `jaring` blocks the server
// reads), starts it again when a `jaring.server` setting changes or on the command
// `Jaring: Restart language server`, and stops it when turned off.
import * as vscode from "vscode";
import { CloseAction, LanguageClient, State } from "vscode-languageclient/node";

import { serverCommand } from "./server.mjs";

const section = "jaring.server";

export const documentSelector = [
  { scheme: "file", language: "jaring" },
  { scheme: "file", language: "markdown", pattern: "**/*.policy.md" },
];

// A client that, while it starts, only logs the errors it would force on the user: a server that
// cannot start is reported once, by reportStartFailure, with the setting to change.
class JaringClient extends LanguageClient {
  #starting = false;

  async start() {
    this.#starting = true;
    try {
      return await super.start();
    } finally {
      this.#starting = false;
    }
  }

  error(message, data, showNotification) {
    super.error(message, data, this.#starting && showNotification === "force" ? false : showNotification);
  }
}

let output; // one output channel across restarts, so the server's earlier messages stay readable
let client; // the current client, running or starting; undefined when the server is off
let queue = Promise.resolve(); // restarts, one after another: a start never overlaps a stop

export function activate(context) {
  output = vscode.window.createOutputChannel("Jaring language server", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("jaring.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(section)) restart();
    }),
  );
  return restart();
}

export function deactivate() {
  return (queue = queue.then(stop));
}

function restart() {
  // Never left rejected, or no later restart would run: what start() did not expect (the library
  // refusing its options, say) is reported like a server that did not start.
  return (queue = queue
    .then(stop)
    .then(start)
    .catch((error) => {
      output.error(String(error?.stack ?? error));
      vscode.window.showErrorMessage(`Jaring: the language server could not be started: ${error?.message ?? error}`);
    }));
}

async function stop() {
  const old = client;
  client = undefined;
  // A client that failed to start, or is still starting, cannot be stopped and says so; its
  // server process is ended all the same, and the output channel already holds why.
  if (old) await old.dispose().catch(() => {});
}

function start() {
  const settings = vscode.workspace.getConfiguration(section);
  if (!settings.get("enabled", true)) return;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
  const server = serverCommand(
    { path: settings.get("path"), language: settings.get("language"), includePaths: settings.get("includePaths") },
    folder,
  );
  const started = new JaringClient("jaring", "Jaring language server", server, {
    documentSelector,
    outputChannel: output,
    // A failed `initialize` is reported once, by reportStartFailure; never retried.
    initializationFailedHandler: () => false,
    errorHandler: errorHandler(() => started),
  });
  client = started;
  // Not awaited: a server that never answers `initialize` must not hold up the next restart.
  started.start().catch((error) => {
    if (client === started) reportStartFailure(server, error);
  });
}

// A server that exits before it is running (an executable that is not a `jaring` with `lsp`, or
// one that stops on its arguments) is not started again and again: the start fails, once. One
// that crashes later is restarted as the library does by default (up to 4 times in 3 minutes).
function errorHandler(current) {
  let fallback;
  const defaults = () => (fallback ??= current().createDefaultErrorHandler());
  return {
    error: (error, message, count) => defaults().error(error, message, count),
    closed: () =>
      current().state === State.Running ? defaults().closed() : { action: CloseAction.DoNotRestart, handled: true },
  };
}

function reportStartFailure(server, error) {
  const detail = String(error?.message ?? error);
  const why = /ENOENT/.test(detail)
    ? `\`${server.command}\` was not found`
    : `\`${server.command} ${server.args.join(" ")}\` did not start`;
  const settings = "Open Settings";
  const log = "Show Output";
  vscode.window
    .showErrorMessage(
      `Jaring: the language server could not be started: ${why}. Set \`jaring.server.path\` to a ` +
        "`jaring` that has `jaring lsp`, or turn the server off with `jaring.server.enabled`.",
      settings,
      log,
    )
    .then((choice) => {
      if (choice === settings) vscode.commands.executeCommand("workbench.action.openSettings", section);
      if (choice === log) output.show(true);
    });
}
