#!/usr/bin/env python3
"""Checks that each C++ file under the given folders compiles on its own.

The build compiles each target's files in unity batches (CMakeLists.txt, JARING_UNITY_BUILD): a
file that forgot an include can borrow it from the file before it in its batch, and then breaks
only for whoever builds with -DJARING_UNITY_BUILD=OFF. clang-tidy (.ci/run) reads engine/'s files
one by one; this does the same for the rest (tests/, python/), with the compiler's
-fsyntax-only: each file parsed and type-checked alone, nothing generated.

    tests/build/compiles_alone.py BUILD_DIR SOURCE_DIR FOLDER... [--jobs N] [--compiler CXX]

BUILD_DIR is a configuration without unity batches (its compile_commands.json names each file
once, with its own flags); FOLDER is relative to SOURCE_DIR. Prints each file that does not
compile with the compiler's message, and exits 1 if any, 2 on bad usage.
"""

import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys


def syntax_only(command, compiler):
    """The file's compile command with -fsyntax-only in place of its object output (and another
    compiler in place of its own, when given)."""
    args = shlex.split(command)
    if compiler:
        args[0] = compiler
    out = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c" or a.startswith("-o") and len(a) > 2:
            continue
        out.append(a)
    return out + ["-fsyntax-only"]


def main():
    p = argparse.ArgumentParser(description="Check that each C++ file compiles on its own.")
    p.add_argument("build_dir")
    p.add_argument("source_dir")
    p.add_argument("folders", nargs="+")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--compiler", help="compile with this compiler instead of the configuration's")
    a = p.parse_args()
    try:
        with open(os.path.join(a.build_dir, "compile_commands.json"), encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError) as e:
        print(f"compiles_alone: cannot read {a.build_dir}/compile_commands.json: {e}", file=sys.stderr)
        return 2
    source = os.path.realpath(a.source_dir)
    prefixes = [os.path.join(source, d.strip("/")) + os.sep for d in a.folders]
    chosen = []
    for e in entries:
        path = os.path.realpath(os.path.join(e["directory"], e["file"]))
        if "/unity_" in path or "/Unity/" in path:
            print(f"compiles_alone: {a.build_dir} has unity batches ({path}): configure it with "
                  "-DJARING_UNITY_BUILD=OFF", file=sys.stderr)
            return 2
        if any(path.startswith(pre) for pre in prefixes):
            chosen.append((path, e["directory"], e["command"] if "command" in e else shlex.join(e["arguments"])))
    if not chosen:
        print(f"compiles_alone: no file of {', '.join(a.folders)} in {a.build_dir}/compile_commands.json",
              file=sys.stderr)
        return 2

    def check(item):
        path, directory, command = item
        r = subprocess.run(syntax_only(command, a.compiler), cwd=directory, capture_output=True, text=True)
        return path, r.returncode, r.stderr

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for path, code, err in pool.map(check, sorted(chosen)):
            if code != 0:
                failed += 1
                print(f"compiles_alone: {os.path.relpath(path, source)} does not compile on its own:\n{err}")
    print(f"compiles_alone: {len(chosen) - failed} of {len(chosen)} files compile on their own")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
