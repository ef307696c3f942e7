#!/usr/bin/env python3
"""Where `use` finds its rules (issue 13, point 6), run from outside the repository.

Usage: use_paths.py JARING REPO_ROOT

A region's policy copied out of the repository with the national pack beside it finds the pack
from any current folder (its rules root: the nearest folder holding `national/`); without it,
`check` reports the one missing `use` (not every name the pack declares) and says how to name
the folder; `-I DIR` (before or after the policy) and JARING_PATH each find it."""
import os
import shutil
import subprocess
import sys
import tempfile

jaring, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
national = os.path.join(root, "rules", "national")
region = os.path.join(root, "rules", "regions", "cilegon-2024.policy")
failures = []


def check(args, cwd, env_path=None):
    env = dict(os.environ)
    env.pop("JARING_PATH", None)
    if env_path is not None:
        env["JARING_PATH"] = env_path
    r = subprocess.run([jaring, "check", *args], cwd=cwd, env=env, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def expect(name, ok, output):
    if not ok:
        failures.append(f"{name}:\n{output}")


with tempfile.TemporaryDirectory() as work:
    # A region folder of its own, with the national pack in a rules root above it.
    home = os.path.join(work, "serang")
    os.makedirs(os.path.join(home, "regions"))
    shutil.copytree(national, os.path.join(home, "national"))
    mine = os.path.join(home, "regions", "serang.policy")
    shutil.copy(region, mine)
    elsewhere = os.path.join(work, "elsewhere")
    os.makedirs(elsewhere)
    code, out = check([mine], cwd=elsewhere)
    expect("rules root above the policy, run from another folder", code == 0, out)

    # The same policy alone: one error for the missing pack, with the way out.
    alone = os.path.join(work, "alone", "serang.policy")
    os.makedirs(os.path.dirname(alone))
    shutil.copy(region, alone)
    code, out = check([alone], cwd=elsewhere)
    errors = out.count(": error: ")
    expect("a missing national pack is one error", code == 1 and errors == 1 and "[unknown-policy]" in out
           and "`-I DIR` or in JARING_PATH" in out, out)
    code, out = check(["-I", os.path.join(root, "rules"), alone], cwd=elsewhere)
    expect("-I before the policy", code == 0, out)
    code, out = check([alone, "-I", os.path.join(root, "rules")], cwd=elsewhere)
    expect("-I after the policy", code == 0, out)
    code, out = check([alone], cwd=elsewhere, env_path=f"/nonexistent:{os.path.join(root, 'rules')}")
    expect("JARING_PATH, second entry", code == 0, out)
    # The current folder is not searched: running from the repository root changes nothing.
    code, out = check([alone], cwd=root)
    expect("the current folder's rules/ is not searched", code == 1 and "[unknown-policy]" in out, out)

if failures:
    sys.exit("\n\n".join(failures))
print("use paths: rules root, -I, JARING_PATH, one error for a missing pack")
