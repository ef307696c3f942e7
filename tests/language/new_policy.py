#!/usr/bin/env python3
"""`jaring new` (issue 13, point 7): the skeleton checks clean, its tests pass, it decides records;
its region is a regency or city of the Kemendagri list, named as the list names it (point 3).

Usage: new_policy.py JARING REPO_ROOT"""
import os
import subprocess
import sys
import tempfile

jaring, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
rules = os.path.join(root, "rules")
failures = []


def run(*args, cwd=None):
    r = subprocess.run([jaring, *args], cwd=cwd, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def expect(name, ok, output):
    if not ok:
        failures.append(f"{name}:\n{output}")


with tempfile.TemporaryDirectory() as work:
    out = os.path.join(work, "serang.policy")
    code, text = run("new", "--region", "36.73", "--year", "2026", "--out", out, "-I", rules)
    expect("new writes a policy that checks and passes its tests, named from the Kemendagri list",
           code == 0 and "checks clean, 5 of 5 tests pass" in text, text)
    policy = open(out).read() if os.path.exists(out) else ""
    expect("the region's code and name, the national pack, the year", all(s in policy for s in [
        'region 36.73 "Kota Serang"', "use national/bpjstk", "valid  2026-01-01 .. 2026-12-31",
        'payer apbd_kota "APBD Kota Serang"', "domicile within 36.73", "budget 2026"]), policy)
    code, text = run("check", "--strict", out, "-I", rules)
    expect("check --strict is clean", code == 0 and "0 errors, 0 warnings" in text, text)
    code, text = run("test", "--coverage", out, "-I", rules)
    expect("its tests cover every group, requirement, payer line and citation",
           code == 0 and "5 passed, 0 failed" in text and "coverage: every group" in text, text)
    records = os.path.join(work, "records.csv")
    open(records, "w").write("nik,birth_date,role,domicile\n"
                             "3673010105850001,1985-05-01,pekerja_rentan,36.73.01.1001\n"
                             "3673010105850002,1985-05-01,pekerja_rentan,36.72\n")
    code, text = run("eval", out, "-I", rules, "--as-of", "2026-07-01", "--records", records)
    expect("eval decides a population with it", code == 0 and "2 rows: 1 eligible, 1 not eligible" in text, text)
    code, text = run("eval", out, "-I", rules, "--as-of", "2026-07-01", "--explain", "--lang", "en", "--record",
                     '{"nik":"3673010105850002","birth_date":"1985-05-01","role":"pekerja_rentan","domicile":"36.72"}')
    expect("and explains a decision", code == 0 and
           "Requirement not met: Berdomisili di Kota Serang (TODO Pasal 3 huruf a)" in text, text)
    code, text = run("new", "--region", "36.73", "--name", "Kota Serang", "--out", out)
    expect("an existing --out is kept without --force", code == 2 and "--force" in text, text)
    code, text = run("new", "--region", "36.73", "--name", "Kota Serang", "--year", "2027", "--out", out, "--force",
                     "-I", rules)
    expect("--force replaces it", code == 0 and "valid  2027-01-01" in open(out).read(), text)
    code, text = run("new", "--region", "36.7", "--name", "Kota Serang")
    expect("a malformed region code is refused", code == 2 and "PP.KK" in text, text)
    code, text = run("new", "--region", "36.73", "--name", 'Kota "Serang"')
    expect("a name with quotes is refused", code == 2, text)
    code, text = run("new", "--region", "36.99", "--year", "2026")
    expect("a code not in the Kemendagri list is refused with the nearest listed codes, named",
           code == 2 and "`36.99` is not a regency or city in the Kemendagri list" in text and
           "did you mean `36.74` (Kota Tangerang Selatan), `36.73` (Kota Serang) or `36.72` (Kota Cilegon)?" in text,
           text)
    code, text = run("new", "--region", "36.73", "--name", "Kota Cilegon", "--year", "2026")
    expect("a name that is not the code's is refused with the code's name",
           code == 2 and "not Kemendagri's name for 36.73, which is `Kota Serang`" in text, text)
    code, text = run("new", "--region", "63.10", "--name", "Kab. Tanah Bumbu", "--year", "2026")
    expect("the name may be spelt another way (`Kab.`); a regency's budget is the APBD Kabupaten",
           code == 0 and 'region 63.10 "Kab. Tanah Bumbu"' in text and "payer apbd_kabupaten" in text, text)
    code, text = run("new", "--region", "36.73", "--name", "Kota Serang", "--year", "2026")
    expect("without --out it prints the policy", code == 0 and text.startswith("# Kota Serang (36.73), 2026"), text)
    code, text = run("new", "--region", "36.73", "--name", "Kota Serang", "--year", "2026", "--out", "-", cwd=work)
    expect("--out - prints it too, and writes no file named `-`",
           code == 0 and text.startswith("# Kota Serang (36.73), 2026") and not os.path.exists(os.path.join(work, "-")),
           text)
    missing = os.path.join(work, "no-such-folder", "x.policy")
    code, text = run("new", "--region", "36.73", "--name", "Kota Serang", "--out", missing)
    expect("an --out that cannot be written", code == 2 and "jaring:" in text, text)

if failures:
    sys.exit("\n\n".join(failures))
print("jaring new: a skeleton that checks, passes its tests and decides")
