#!/usr/bin/env python3
"""A policy read from standard input (`-`), as `jaring fmt -` reads one: `check`, `dump`, `test`
and `eval` take it, its `use` resolved from the current folder (here -I rules); standard input is
read once, so a second `-` (another policy, or `--records -` beside `eval -`) is refused.

Usage: stdin_policy.py JARING REPO_ROOT"""
import os
import subprocess
import sys

jaring, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
region = os.path.join(root, "rules", "regions", "cilegon-2024.policy")
records = os.path.join(root, "examples", "eval", "city", "records.csv")
failures = []


def run(*args, stdin=""):
    r = subprocess.run([jaring, *args], input=stdin, cwd=root, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def expect(name, ok, output):
    if not ok:
        failures.append(f"{name}:\n{output}")


policy = open(region, encoding="utf-8").read()
code, out, err = run("check", "-", "--lang", "en", stdin=policy)
expect("check -: the policy checks clean", code == 0 and err == "checked 1 file: 0 errors, 0 warnings\n", err)
code, out, err = run("check", "-", "--lang", "en", stdin=policy.replace("covers", "covres", 1))
expect("check -: a diagnostic names `-` and its line", code == 1 and err.startswith("-:"), err)
code, dumped, err = run("dump", "-", stdin=policy)
code_file, dumped_file, _ = run("dump", region)
expect("dump -: the same canonical form as the file's", code == 0 and code_file == 0 and dumped == dumped_file,
       err)
city = open(os.path.join(root, "examples", "eval", "city", "policy.policy"), encoding="utf-8").read()
code, out, err = run("eval", "-", "-I", "rules", "--as-of", "2024-03-21", "--records", records, "--lang", "en",
                     stdin=city)
code_file, out_file, _ = run("eval", os.path.join(root, "examples", "eval", "city", "policy.policy"), "-I", "rules",
                             "--as-of", "2024-03-21", "--records", records)
expect("eval -: the decisions of the file's policy", code == 0 and code_file == 0 and out == out_file, err)
shared = open(os.path.join(root, "examples", "eval", "shared-quota", "policy.policy"), encoding="utf-8").read()
code, out, err = run("test", "-", "--lang", "en", stdin=shared)
expect("test -: the policy's tests run", code == 0 and out.endswith("4 passed, 0 failed\n"), out + err)
code, out, err = run("check", "-", "-", "--lang", "en", stdin=policy)
expect("check - -: standard input is read once", code == 2 and "can be read once" in err, err)
code, out, err = run("eval", "-", "--as-of", "2024-03-21", "--records", "-", "--lang", "en", stdin=city)
expect("eval - --records -: refused", code == 2 and "can be read once" in err and out == "", out + err)

if failures:
    sys.exit("\n\n".join(failures))
print("a policy on standard input: check, dump, test and eval read it, once")
