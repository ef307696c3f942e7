#!/usr/bin/env node
// Bundles the extension's entry point, src/extension.mjs, with vscode-languageclient and what it
// needs into one file, dist/extension.js (the manifest's `main`), and writes the licences of
// the bundled packages to dist/THIRD-PARTY-NOTICES.txt:
//
//     node editors/vscode/scripts/bundle.mjs     # also run by `vsce package` (vscode:prepublish)
//
// One file, so that the .vsix needs no node_modules (`vsce package --no-dependencies`). Only
// `vscode`, which VS Code provides, and Node's own modules stay outside. Minified, which halves
// what VS Code loads at activation, but with the names kept, so that a stack trace still says
// which function it passed through.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const extensionRoot = join(here, "..");
export const bundlePath = join(extensionRoot, "dist", "extension.js");
export const noticesPath = join(extensionRoot, "dist", "THIRD-PARTY-NOTICES.txt");
const require = createRequire(import.meta.url);

// esbuild's options for the bundle; `external` adds modules to leave as require() calls (the
// client test stubs vscode-languageclient that way).
export function bundleOptions(external = []) {
  return {
    absWorkingDir: extensionRoot,
    entryPoints: ["src/extension.mjs"],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20", // the Node.js of VS Code 1.91, the oldest the client supports
    external: ["vscode", ...external],
    metafile: true,
    write: false,
    outfile: bundlePath,
    minify: true,
    keepNames: true,
    logLevel: "silent",
  };
}

// [{name, version, licence text}] of the packages under node_modules the bundle holds code of.
function bundledPackages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) names.add(m[1]);
  }
  return [...names].sort().map((name) => {
    const dir = join(extensionRoot, "node_modules", name);
    const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!file) throw new Error(`${name} has no licence file to ship with the bundle`);
    return { name, version, license, text: readFileSync(join(dir, file), "utf8").trim() };
  });
}

// {code, notices}: the bundle's text and that of its notices file.
export async function bundle(external = []) {
  const esbuild = require(join(extensionRoot, "node_modules", "esbuild"));
  const result = await esbuild.build(bundleOptions(external));
  const code = result.outputFiles.find((f) => f.path === bundlePath).text;
  const notices = bundledPackages(result.metafile)
    .map((p) => `${p.name} ${p.version} (${p.license})\n\n${p.text}\n`)
    .join(`\n${"-".repeat(78)}\n\n`);
  return { code, notices: `The extension's bundle, dist/extension.js, holds code of these packages.\n\n${notices}` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { code, notices } = await bundle();
    mkdirSync(dirname(bundlePath), { recursive: true });
    writeFileSync(bundlePath, code);
    writeFileSync(noticesPath, notices);
    console.log(`wrote ${relative(process.cwd(), bundlePath)} and ${relative(process.cwd(), noticesPath)}`);
  } catch (e) {
    // esbuild's errors name the file and line; a missing esbuild means ./setup.sh was not run.
    console.error(`bundle.mjs: ${e.message}${e.code === "MODULE_NOT_FOUND" ? " (run ./setup.sh)" : ""}`);
    process.exit(1);
  }
}
