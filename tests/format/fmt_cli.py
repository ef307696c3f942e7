#!/usr/bin/env python3
"""`jaring fmt` from the command line (README "Formatting"): the layout of messy.policy is pinned
in messy.fmt (and with `--keywords id` in messy.id.fmt); in place, a file is replaced whole and
only when it changes; `--check` prints a diff and exits 1; formatting keeps the policy's dump
(hence its hash); a file with a syntax error is left as it is, with check's diagnostic and exit 2;
`jaring new` writes a formatted skeleton.

Usage: fmt_cli.py JARING REPO_ROOT"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

jaring, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
here = os.path.join(root, "tests", "format")
failures = []


def run(*args, stdin=None, cwd=None):
    r = subprocess.run([jaring, *args], input=stdin, cwd=cwd, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def expect(name, ok, output=""):
    if not ok:
        failures.append(f"{name}:\n{output}")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def code_lines(text):
    """The lines of a policy that are not comments, blanks made single (a comment after code keeps
    its column, which a keyword of another length moves)."""
    return [" ".join(line.split()) for line in text.splitlines() if not line.lstrip().startswith("#")]


messy = os.path.join(here, "messy.policy")
pinned, pinned_id = read(os.path.join(here, "messy.fmt")), read(os.path.join(here, "messy.id.fmt"))

code, out, err = run("fmt", "--stdout", messy)
expect("--stdout prints the pinned layout", code == 0 and out == pinned, out + err)
code, out, err = run("fmt", "--stdout", "--keywords", "id", messy)
expect("--keywords id converts every keyword", code == 0 and out == pinned_id, out + err)
code, out, err = run("fmt", "--stdout", "--keywords", "en", os.path.join(here, "messy.id.fmt"))
expect("--keywords en converts back", code == 0 and code_lines(out) == code_lines(run("fmt", "--stdout", "--keywords",
                                                                                       "en", messy)[1]), out + err)
code, out, err = run("fmt", "-", stdin=read(messy))
expect("`-` formats standard input to standard output", code == 0 and out == pinned, out + err)

# The bilingual example: its Indonesian file in English keywords is its English file (comments aside).
bilingual = os.path.join(root, "examples", "bilingual")
code, out, err = run("fmt", "--stdout", "--keywords", "en", os.path.join(bilingual, "id.policy"))
expect("examples/bilingual/id.policy in English keywords is en.policy", code == 0 and
       code_lines(out) == code_lines(read(os.path.join(bilingual, "en.policy"))), out + err)

with tempfile.TemporaryDirectory() as work:
    copy = os.path.join(work, "messy.policy")
    shutil.copyfile(messy, copy)
    os.chmod(copy, 0o640)
    code, out, err = run("fmt", "--check", copy)
    expect("--check on an unformatted file: exit 1, a unified diff, the file unchanged",
           code == 1 and out.startswith(f"--- {copy}\n+++ {copy} (formatted)\n@@ -1,") and
           "\n-      role : teks          # the role code\n" in out and
           "\n+  role            : teks   # the role code\n" in out and
           err == "1 of 1 file not formatted; `jaring fmt FILE` rewrites them\n" and read(copy) == read(messy),
           out + err)
    code, out, err = run("fmt", "--check", "--lang", "id", copy)
    expect("--lang id says it in Indonesian", code == 1 and "1 dari 1 berkas belum diformat" in err, err)

    code, out, err = run("fmt", copy)
    mode = stat.S_IMODE(os.stat(copy).st_mode)
    expect("in place: the pinned layout, the file's mode kept, no temporary file left",
           code == 0 and read(copy) == pinned and err == f"formatted `{copy}`\n" and mode == 0o640 and
           os.listdir(work) == ["messy.policy"], f"{out}{err}mode {oct(mode)} {os.listdir(work)}")
    inode = os.stat(copy).st_ino
    code, out, err = run("fmt", copy)
    expect("a formatted file is not written again", code == 0 and out == err == "" and os.stat(copy).st_ino == inode,
           out + err)
    code, out, err = run("fmt", "--check", copy)
    expect("--check on a formatted file: exit 0, no diff", code == 0 and out == "" and
           err == "0 of 1 file not formatted\n", out + err)

    # Formatting never changes the policy: the dump (whose SHA-256 is the hash) is the same.
    id_copy = os.path.join(work, "messy_id.policy")
    shutil.copyfile(messy, id_copy)
    run("fmt", "--keywords", "id", id_copy)
    dumps = [run("dump", path)[1] for path in (messy, copy, id_copy)]
    expect("the dump of the original, formatted and Indonesian files is the same",
           dumps[0] != "" and dumps[0] == dumps[1] == dumps[2], "\n=====\n".join(dumps))

    # A syntax error: check's diagnostic, exit 2, the file untouched (also with another file given).
    broken = os.path.join(work, "broken.policy")
    shutil.copyfile(os.path.join(root, "tests", "golden", "add_bad_target.policy"), broken)
    before = read(broken)
    other = os.path.join(work, "other.policy")
    shutil.copyfile(messy, other)
    code, out, err = run("fmt", broken, other)
    check_err = run("check", broken)[2]
    left = "1 file not read or not parsed (see above): left unchanged\n"  # and counted
    expect("a syntax error: check's diagnostic, exit 2, the file untouched, the other file formatted",
           code == 2 and "[syntax]" in err and err.endswith(left) and
           check_err.startswith(err.replace(f"formatted `{other}`\n", "").replace(left, "")) and
           read(broken) == before and read(other) == pinned and
           sorted(os.listdir(work)) == ["broken.policy", "messy.policy", "messy_id.policy", "other.policy"],
           f"{err}\n--- check:\n{check_err}")
    code, out, err = run("fmt", "--check", broken)
    expect("--check on a syntax error: exit 2, not 1", code == 2 and out == "", out + err)

    code, out, err = run("fmt", os.path.join(work, "no_such.policy"))
    expect("an unreadable file: exit 2", code == 2 and "cannot read" in err, err)
    code, out, err = run("fmt", "--check", os.path.join(work, "no_such.policy"), other)
    expect("--check counts the files it read; the unreadable one is said apart, exit 2",
           code == 2 and err.endswith("0 of 1 file not formatted\n1 file not read or not parsed (see above): left "
                                      "unchanged\n"), err)
    code, out, err = run("fmt", "--stdout", copy, other)
    expect("--stdout with two files: exit 2", code == 2 and "--stdout prints one file" in err, err)
    code, out, err = run("fmt", "--stdout", "--check", copy)
    expect("--stdout with --check: exit 2", code == 2, err)

    # `jaring new` writes its skeleton formatted.
    skeleton = os.path.join(work, "serang.policy")
    run("new", "--region", "36.73", "--year", "2026", "--out", skeleton, "-I", os.path.join(root, "rules"))
    code, out, err = run("fmt", "--check", skeleton)
    expect("the skeleton of `jaring new` is formatted", code == 0, out + err)

# A literate policy: each `jaring` block formatted as the same code alone would be, the prose
# (and a block in another language) byte for byte as written, in either keyword language.
with tempfile.TemporaryDirectory() as work:
    prose = "# Pasal 1\n\nProse   with  `group   x {`  spacing\n\n```sh\njaring   fmt  x\n```\n\n"
    md = os.path.join(work, "messy.policy.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write(prose + "```jaring\n" + read(messy) + "```\n\nAfter.\n")
    code, out, err = run("fmt", "--stdout", md)
    expect("a literate policy: the prose kept, the block formatted",
           code == 0 and out == prose + "```jaring\n" + pinned + "```\n\nAfter.\n", out + err)
    code, out, err = run("fmt", "--stdout", "--keywords", "id", md)
    expect("a literate policy in Indonesian keywords", code == 0 and out == prose + "```jaring\n" + pinned_id + "```\n\nAfter.\n",
           out + err)
    code, out, err = run("fmt", md)
    expect("a literate policy rewritten, then formatted", code == 0 and run("fmt", "--check", md)[0] == 0, out + err)

for f in failures:
    print("FAILED", f, sep=" ")
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
