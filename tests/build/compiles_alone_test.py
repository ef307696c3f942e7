#!/usr/bin/env python3
"""compiles_alone.py over a made-up configuration: a file that leans on an include it does not
make is named and fails the check (exit 1), a file that makes its own passes (exit 0), and a
configuration with unity batches or none of the folders asked for is refused (exit 2).

    tests/build/compiles_alone_test.py CXX
"""

import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
script = os.path.join(here, "compiles_alone.py")
cxx = sys.argv[1]


def configuration(root, files):
    build = os.path.join(root, "build")
    os.makedirs(build, exist_ok=True)
    entries = [{"directory": build, "file": f, "command": f"{cxx} -std=c++20 -o {os.path.basename(f)}.o -c {f}"}
               for f in files]
    with open(os.path.join(build, "compile_commands.json"), "w", encoding="utf-8") as out:
        json.dump(entries, out)
    return build


def run(build, root, *folders):
    r = subprocess.run([sys.executable, script, build, root, *folders], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


failures = []


def expect(what, got, code, *words):
    if got[0] != code or not all(w in got[1] for w in words):
        failures.append(f"{what}: exit {got[0]} (expected {code}), output:\n{got[1]}")


with tempfile.TemporaryDirectory() as root:
    os.makedirs(os.path.join(root, "tests"))
    leans = os.path.join(root, "tests", "leans.cpp")
    alone = os.path.join(root, "tests", "alone.cpp")
    with open(leans, "w", encoding="utf-8") as f:
        f.write("#include <string>\nstd::vector<int> numbers;\n")  # <vector> from a batch neighbour
    with open(alone, "w", encoding="utf-8") as f:
        f.write("#include <vector>\nstd::vector<int> numbers;\n")
    build = configuration(root, [leans, alone])
    expect("a file without its include", run(build, root, "tests"), 1, "tests/leans.cpp does not compile on its own",
           "1 of 2 files compile on their own")
    build = configuration(root, [alone])
    expect("a file with its includes", run(build, root, "tests"), 0, "1 of 1 files compile on their own")
    expect("a folder with no file", run(build, root, "engine"), 2, "no file of engine")
    batch = os.path.join(root, "build", "CMakeFiles", "t.dir", "Unity", "unity_0_cxx.cxx")
    os.makedirs(os.path.dirname(batch))
    build = configuration(root, [alone, batch])
    expect("unity batches", run(build, root, "tests"), 2, "-DJARING_UNITY_BUILD=OFF")
    expect("no configuration", run(os.path.join(root, "nowhere"), root, "tests"), 2, "cannot read")

for f in failures:
    print(f)
sys.exit(1 if failures else 0)
