// The command line of the language server, from the `jaring.server` settings:
//
//     jaring lsp [--lang en|id] [-I DIR]...
//
// spoken to over its standard input and output (no `--stdio` flag: `jaring lsp` has only that
// transport). Nothing here needs VS Code, so that it reads as the command it makes.
import { isAbsolute, resolve, sep } from "node:path";

export const languages = ["en", "id"];

// settings: {path, language, includePaths} as read from `jaring.server`; folder: the first
// workspace folder's path, or undefined when no folder is open. Relative paths are taken from
// the workspace folder, as they would be in a terminal there; a bare name (`jaring`) is looked
// up on PATH. The server runs in the folder too, so that what it reports reads the same.
export function serverCommand(settings, folder) {
  const fromFolder = (path) => (folder && !isAbsolute(path) ? resolve(folder, path) : path);
  const path = settings.path?.trim() || "jaring";
  const bare = !path.includes("/") && !path.includes(sep);
  const args = ["lsp"];
  if (languages.includes(settings.language)) args.push("--lang", settings.language);
  for (const dir of settings.includePaths ?? []) if (dir.trim()) args.push("-I", fromFolder(dir.trim()));
  return { command: bare ? path : fromFolder(path), args, options: folder ? { cwd: folder } : {} };
}
