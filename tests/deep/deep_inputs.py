"""Stack safety end to end: `jaring` on generated policies (standard library only).

Long chains and deep nesting (100.000 terms, parentheses, minus signs, calls, `if`s, a
10.000-let chain) are refused by `check` with a `too-deep` error and exit 1, never a crash;
a policy at the limits (engine/language/limits.hpp) passes `check` and then `eval` (one
record, and a population on two threads), `dump`, `test`, `diff` and `serve` all run on it.

usage: deep_inputs.py JARING WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "server"))
import harness  # noqa: E402

JARING = None
WORK = None
MAX_EXPRESSION_DEPTH = 256
MAX_VALUE_DEPTH = 1024

HEAD = """policy "Uji kedalaman"
region 36.72 "Kota Cilegon"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik : nik
  birth_date : date
  role : text
  domicile : region
}
let age = years_between(birth_date, as_of)
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd_kota "APBD Kota"
group rt "Ketua RT" { when role == "ketua_rt" covers JKM paid_by apbd_kota }
"""
SITI = {"nik": "3672010105840001", "role": "ketua_rt", "birth_date": "1984-05-01", "domicile": "36.72"}


def chain(term, n, op=" + "):
    return op.join([term] * n)


def let_chain(n, step=""):
    """`let v0 = 1` and n - 1 lets, each `v{i} = v{i-1}{step}`; v{k} is k + 1 levels deep without a step."""
    return "let v0 = 1\n" + "".join(f"let v{i} = v{i - 1}{step}\n" for i in range(1, n))


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(*args, stdin=None):
    return subprocess.run([JARING, *args], capture_output=True, text=True, input=stdin, timeout=600)


# Deepest allowed: v1023 is 1024 deep, used at the bottom of a 256-deep requirement.
AT_LIMIT = (HEAD + let_chain(MAX_VALUE_DEPTH) + 'require deep "Dalam" ' +
            chain("v1023", MAX_EXPRESSION_DEPTH - 1) + " > 0\n" +
            'test "Ketua RT" on 2024-08-01 {\n'
            '  given { role: "ketua_rt", birth_date: 1984-05-01, domicile: 36.72 }\n'
            "  expect eligible, group rt\n}\n")


class Refused(unittest.TestCase):
    def refused(self, name, body, message):
        r = run("check", write(name, HEAD + body))
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 1, out[-2000:])
        if "[too-deep]" not in out or message not in out:
            self.fail(f"expected a too-deep error saying {message!r}; got:\n{out[:1000]}")
        self.assertNotIn("internal error", out)
        self.assertNotIn("Sanitizer", out)

    def test_flat_chain_in_a_let(self):
        self.refused("flat_let.policy", "let total = " + chain("age", 100000) + "\n",
                     "this expression is 100000 levels deep; at most 256 are allowed")

    def test_flat_chain_in_a_requirement(self):
        self.refused("flat_require.policy", 'require big "Besar" ' + chain("age", 100000) + " > 0\n",
                     "this expression is 100001 levels deep; at most 256 are allowed")

    def test_flat_or_chain_in_a_group(self):
        self.refused("flat_or.policy",
                     'group many "Banyak" { when ' + chain('role == "x"', 100000, " or ") +
                     " covers JKM paid_by apbd_kota }\n",
                     "this expression is 100001 levels deep; at most 256 are allowed")

    def test_nested_parentheses(self):
        self.refused("parens.policy", "let a = " + "(" * 100000 + "1" + ")" * 100000 + "\n",
                     "expression nested more than 100 levels deep")

    def test_unary_minus(self):
        self.refused("minus.policy", "let a = " + "- " * 100000 + "1\n", "expression nested more than 100 levels deep")

    def test_nested_calls(self):
        self.refused("calls.policy", "let a = " + "max(" * 100000 + "1" + ", 1)" * 100000 + "\n",
                     "expression nested more than 100 levels deep")

    def test_if_chain(self):
        self.refused("ifs.policy", "let a = " + "if age > 1 then 1 else " * 100000 + "0\n",
                     "expression nested more than 100 levels deep")

    def test_let_chain(self):
        self.refused("lets.policy", let_chain(10000, " + 1") + 'require big "Besar" v9999 > 0\n',
                     "`v512` is 1025 levels deep counting the lets and parameters it uses; at most 1024 are allowed")

    def test_one_past_the_limits(self):
        self.refused("wide.policy", "let total = " + chain("age", MAX_EXPRESSION_DEPTH + 1) + "\n",
                     "this expression is 257 levels deep")
        self.refused("long.policy", let_chain(MAX_VALUE_DEPTH + 1),
                     "`v1024` is 1025 levels deep")


class AtTheLimits(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.policy = write("at_limit.policy", AT_LIMIT)

    def ok(self, *args, stdin=None):
        r = run(*args, stdin=stdin)
        self.assertEqual(r.returncode, 0, (r.stdout + r.stderr)[-2000:])
        self.assertNotIn("Sanitizer", r.stderr)
        return r.stdout

    def test_check(self):
        self.ok("check", self.policy)

    def test_eval_one_record(self):
        decision = json.loads(self.ok("eval", self.policy, "--as-of", "2024-08-01", "--record", json.dumps(SITI)))
        self.assertEqual(decision["status"], "eligible")

    def test_eval_a_population_on_threads(self):
        rows = "".join(json.dumps(dict(SITI, nik="36720101058400%02d" % i)) + "\n" for i in range(40))
        out = self.ok("eval", self.policy, "--as-of", "2024-08-01", "--records", "-", "--input-format", "jsonl",
                      "--threads", "2", stdin=rows)
        self.assertEqual([json.loads(line)["status"] for line in out.splitlines()], ["eligible"] * 40)

    def test_dump(self):
        self.assertIn(chain("v1023", MAX_EXPRESSION_DEPTH - 1) + " > 0", self.ok("dump", self.policy))

    def test_own_tests(self):
        self.assertIn("1 passed, 0 failed", self.ok("test", self.policy))

    def test_diff(self):
        changed = write("at_limit_changed.policy", AT_LIMIT.replace("let v0 = 1\n", "let v0 = 2\n"))
        self.assertIn("v0", self.ok("diff", self.policy, changed))

    def test_serve(self):
        policies = os.path.join(WORK, "served")
        os.makedirs(policies, exist_ok=True)
        shutil.copy(self.policy, os.path.join(policies, "at_limit.policy"))
        with open(os.path.join(policies, "too_deep.policy"), "w") as f:
            f.write(HEAD + "let total = " + chain("age", 20000) + "\n")  # 15.000 crashed `serve` before
        server = harness.Server(policies)
        try:
            r = server.decide(SITI, policy="at_limit")
            self.assertEqual(r.status, 200, r.body[:2000])
            self.assertEqual(r.json()["status"], "eligible")
            self.assertEqual(server.request("POST", "/v1/policies/too_deep/decisions?as_of=2024-08-01", SITI,
                                            check=False).status, 404)
            self.assertTrue(server.alive())
        finally:
            server.stop()


if __name__ == "__main__":
    JARING, WORK = sys.argv[1], sys.argv[2]
    harness.JARING = JARING
    harness.START_TIMEOUT = 600  # loading is slow under the sanitizers on a busy machine
    os.makedirs(WORK, exist_ok=True)
    unittest.main(argv=[sys.argv[0], "-v"])
