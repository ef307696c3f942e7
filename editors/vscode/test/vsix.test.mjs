#!/usr/bin/env node
// The extension packages (ctest editor.vsix):
//
//     node editors/vscode/test/vsix.test.mjs
//
// Runs `vsce package --no-dependencies` (the @vscode/vsce pinned in ../package-lock.json) into a
// temporary folder, which first bundles the client (vscode:prepublish: scripts/bundle.mjs, with
// the pinned esbuild), then reads the .vsix (a zip) and checks that it is named
// jaring-<version>.vsix, holds the manifest's entry point (`main`: the bundle, as
// scripts/bundle.mjs makes it, and the licences of what it bundles), both grammars, the language
// configuration and snippets the manifest names, byte for byte as in the source tree, and none
// of the client's sources, the generator, tests or node_modules.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { inflateRawSync } from "node:zlib";

import { bundle, bundlePath, noticesPath } from "../scripts/bundle.mjs";
import { checkPinned, extensionRoot } from "./tokenizer.mjs";

// {name: Buffer} of every file in a zip archive (stored or deflated; no zip64).
function unzip(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, "not a zip archive: no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; ++i) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "bad central directory entry");
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressed);
    assert.ok(method === 0 || method === 8, `${name}: compression method ${method}`);
    files[name] = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

test("vsce packages the extension with its client bundle, grammars, language configuration and snippets", async () => {
  checkPinned("@vscode/vsce"); // fails with "run ./setup.sh" when missing or not the pinned version
  checkPinned("esbuild");
  const manifest = JSON.parse(readFileSync(join(extensionRoot, "package.json"), "utf8"));
  const out = mkdtempSync(join(tmpdir(), "jaring-vsix-"));
  try {
    const vsce = join(extensionRoot, "node_modules", "@vscode", "vsce", "vsce");
    // No repository and no LICENSE file yet: said so, or vsce would ask on standard input.
    const run = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out + "/"], {
      cwd: extensionRoot,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `vsce package failed:\n${run.stdout}\n${run.stderr}`);
    const expected = `${manifest.name}-${manifest.version}.vsix`;
    assert.deepEqual(readdirSync(out), [expected]);
    const files = unzip(readFileSync(join(out, expected)));

    // vsce ran the bundler into dist/; what it wrote is what the bundler makes now.
    const built = await bundle();
    assert.equal(readFileSync(bundlePath, "utf8"), built.code, "dist/extension.js is not what scripts/bundle.mjs makes");
    assert.equal(readFileSync(noticesPath, "utf8"), built.notices);
    assert.match(built.notices, /^vscode-languageclient \d/m);

    assert.ok(manifest.main, "package.json names no entry point (main)");
    const injection = manifest.contributes.grammars.find((g) => g.injectTo?.includes("text.html.markdown"));
    assert.ok(injection, "package.json contributes no grammar injected into Markdown");
    const shipped = {
      "package.json": "package.json",
      [manifest.main]: "entry point (main)",
      [noticesPath.slice(extensionRoot.length + 1)]: "licences of the bundled packages",
      [manifest.contributes.grammars[0].path]: "grammar",
      [injection.path]: "Markdown injection grammar",
      [manifest.contributes.languages[0].configuration]: "language configuration",
      [manifest.contributes.snippets[0].path]: "snippets",
    };
    for (const [path, what] of Object.entries(shipped)) {
      const inside = `extension/${path.replace(/^\.\//, "")}`;
      assert.ok(files[inside], `the .vsix has no ${what} (${inside}); it has ${Object.keys(files).join(", ")}`);
      assert.ok(files[inside].equals(readFileSync(join(extensionRoot, path))), `${inside} differs from the source tree`);
    }
    assert.ok(files["extension/readme.md"] && files["extension/changelog.md"], "README and CHANGELOG");
    const vsixManifest = files["extension.vsixmanifest"]?.toString("utf8") ?? "";
    assert.match(vsixManifest, new RegExp(`<Identity [^>]*Id="jaring"[^>]*Version="${manifest.version.replace(/\./g, "\\.")}"[^>]*Publisher="jaring"`));
    const stray = Object.keys(files).filter((f) => /^extension\/(node_modules|src|scripts|test)\/|package-lock\.json$|\.vsix$/.test(f));
    assert.deepEqual(stray, [], "files .vscodeignore should keep out");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
