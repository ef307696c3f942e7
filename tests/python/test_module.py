"""The Python module `jaring` (python/) against the `jaring` executable (ctest python.module).

Every expectation is what `jaring eval` or `jaring check`, run here, prints for the same input:
one record (the JSON text byte for byte, and parsed), populations with quotas, budgets and a
shared quota (so waitlists depend on the whole population) given as a CSV path, a list of dicts
and a pandas DataFrame, rejected records, unknown keys and columns, bad policies and dates.

    PYTHONPATH=build/python python3 tests/python/test_module.py --jaring build/jaring --root .
"""
import argparse
import csv
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings

import jaring

try:
    import pandas
except ImportError:  # the CMake configuration warns: run setup.sh
    pandas = None
needs_pandas = unittest.skipUnless(pandas is not None, "no pandas (Debian package python3-pandas, setup.sh)")

JARING = ""
ROOT = ""
WORK = ""
# Scenarios whose decisions depend on the population as a whole.
ALLOCATING = ["quota", "budget", "shared-quota"]


def run(*args, ok=True):
    """Runs the executable; returns the completed process (text)."""
    p = subprocess.run([JARING, *args], capture_output=True, text=True, check=False)
    if ok and p.returncode != 0:
        raise AssertionError(f"jaring {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


def cli_message(p):
    """The message of a failed command, without the program's name."""
    text = p.stderr.strip()
    return text[len("jaring: "):] if text.startswith("jaring: ") else text


def scenario(name):
    """(policy path, as-of date, records path) of examples/eval/NAME."""
    folder = os.path.join(ROOT, "examples", "eval", name)
    with open(os.path.join(folder, "args"), encoding="utf-8") as f:
        args = shlex.split(f.read())
    return os.path.join(folder, "policy.policy"), args[args.index("--as-of") + 1], os.path.join(folder, "records.csv")


def cli_population(policy, as_of, records, ext="jsonl"):
    """`jaring eval --records RECORDS --out x.EXT`: the decisions (dicts), or the CSV's path."""
    out = tempfile.mktemp(suffix="." + ext, dir=WORK)
    run("eval", policy, "--as-of", as_of, "--records", records, "--out", out, "--threads", "2")
    if ext == "csv":
        return out
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def write_jsonl(dicts):
    """The records as a JSON Lines file written here, independently of the module."""
    path = tempfile.mktemp(suffix=".jsonl", dir=WORK)
    with open(path, "w", encoding="utf-8") as f:
        for d in dicts:
            f.write(json.dumps(d) + "\n")
    return path


def csv_dicts(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_decisions_csv(path):
    """A decisions CSV as the module's DataFrame has it: amounts, lines and ranks as pandas Int64,
    the rest as pandas strings, an empty cell NA."""
    with open(path, encoding="utf-8") as f:
        names = f.readline().rstrip("\n").split(",")
    dtypes = {n: "Int64" if n in ("line", "total_sen", "rank") or n.endswith("_sen") else "string" for n in names}
    return pandas.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])


def shifted(decisions, by):
    """The decisions with `line` moved by `by` (a CSV's first record is on line 2, a list's 1)."""
    return [{**d, "line": d["line"] + by} for d in decisions]


class OneRecord(unittest.TestCase):
    policy_path = os.path.join("rules", "regions", "cilegon-2024.policy")
    as_of = "2024-08-01"
    siti = {"nik": "3672010105840001", "name": "Siti", "role": "ketua_rt", "birth_date": "1984-05-01",
            "domicile": "36.72", "registered_pu": True}

    @classmethod
    def setUpClass(cls):
        cls.path = os.path.join(ROOT, cls.policy_path)
        cls.policy = jaring.Policy(cls.path)

    def cli(self, record):
        return run("eval", self.path, "--as-of", self.as_of, "--record", json.dumps(record), ok=False)

    def test_decision_is_the_cli_s(self):
        records = [self.siti, {**self.siti, "registered_pu": False}, {**self.siti, "domicile": "36.73"},
                   {**self.siti, "role": "kader_posyandu", "birth_date": "1950-01-01"}]
        statuses = set()
        for record in records:
            p = self.cli(record)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(self.policy.decide_json(json.dumps(record), self.as_of), p.stdout.rstrip("\n"))
            self.assertEqual(self.policy.decide(record, self.as_of), json.loads(p.stdout))
            statuses.add(json.loads(p.stdout)["status"])
        self.assertEqual(statuses, {"eligible", "not_eligible"})

    def test_date_format_is_the_cli_s(self):
        # A birth date as a spreadsheet writes it, read as `jaring eval --record … --date-format`.
        dated = {**self.siti, "birth_date": "1/5/1984"}
        p = run("eval", self.path, "--as-of", self.as_of, "--record", json.dumps(dated), "--date-format", "DD/MM/YYYY")
        self.assertEqual(self.policy.decide_json(dated, self.as_of, date_format="DD/MM/YYYY"), p.stdout.rstrip("\n"))
        self.assertEqual(self.policy.decide(dated, self.as_of, date_format="DD/MM/YYYY"), self.policy.decide(
            self.siti, self.as_of))
        # Without it: rejected, the reason naming the flag, as the executable says.
        refused = self.policy.decide(dated, self.as_of)
        self.assertEqual(refused, json.loads(self.cli(dated).stdout))
        self.assertEqual(refused["status"], "rejected")
        self.assertIn("--date-format DD/MM/YYYY", refused["errors"][0]["reason"])
        with self.assertRaises(jaring.InputError) as caught:
            self.policy.decide(dated, self.as_of, date_format="dd/mm/yyyy")
        self.assertIn("is not a date format", str(caught.exception))
        with self.assertRaises(ValueError):
            self.policy.decide(dated, self.as_of, date_format=1)

    def test_ignore_fields_is_the_cli_s(self):
        # Keys the record does not have: InputError, as `jaring eval --record` exits 2; read past
        # with ignore_fields, as with `--ignore-field`.
        with self.assertRaises(jaring.InputError) as caught:
            self.policy.decide({**self.siti, "rt": "003"}, self.as_of)
        self.assertIn("--ignore-field rt", str(caught.exception))
        # A dict or a list is written as JSON, as a file holds it: read past when ignored, the
        # key refused when not, and a record whose field holds one rejected with the engine's reason.
        extra = {**self.siti, "alamat": {"jalan": "Jl. Mawar", "no": [1, datetime.date(2024, 1, 2)]}, "rt": "003"}
        with self.assertRaises(jaring.InputError) as caught:
            self.policy.decide(extra, self.as_of, ignore_fields=["rt"])
        self.assertIn("--ignore-field alamat", str(caught.exception))
        nested = {**self.siti, "name": {"first": "Siti"}}
        self.assertEqual(self.policy.decide(nested, self.as_of), json.loads(self.cli(nested).stdout))
        self.assertEqual(self.policy.decide(nested, self.as_of)["status"], "rejected")
        # In a population that record alone is rejected; the others are decided (no TypeError).
        many = self.policy.decide_many([self.siti, nested], self.as_of, frame=False)
        self.assertEqual([d["status"] for d in many], [self.policy.decide(self.siti, self.as_of)["status"], "rejected"])
        with self.assertRaises(TypeError):
            self.policy.decide({**self.siti, "name": {1: "Siti"}}, self.as_of)
        p = run("eval", self.path, "--as-of", self.as_of, "--record", json.dumps(extra, default=str), "--ignore-field",
                "alamat", "--ignore-field", "rt")
        self.assertEqual(self.policy.decide_json(extra, self.as_of, ignore_fields=["alamat", "rt"]),
                         p.stdout.rstrip("\n"))
        self.assertEqual(self.policy.decide(extra, self.as_of, ignore_fields=("alamat", "rt")),
                         self.policy.decide(self.siti, self.as_of))
        with self.assertRaises(ValueError):
            self.policy.decide(extra, self.as_of, ignore_fields="alamat")

    def test_python_values(self):
        # Dates, bools and numpy/float numbers are the record the text says.
        typed = {**self.siti, "birth_date": datetime.date(1984, 5, 1), "registered_pu": False}
        text = {**self.siti, "registered_pu": "tidak"}
        self.assertEqual(self.policy.decide(typed, datetime.date(2024, 8, 1)), self.policy.decide(text, self.as_of))
        self.assertEqual(self.policy.decide(typed, datetime.datetime(2024, 8, 1)),
                         json.loads(self.cli({**self.siti, "registered_pu": False}).stdout))
        with self.assertRaises(jaring.InputError):
            self.policy.decide(typed, datetime.datetime(2024, 8, 1, 9, 30))
        with self.assertRaises(TypeError):
            self.policy.decide({**self.siti, "name": object()}, self.as_of)

    def test_none_is_no_value(self):
        without = {k: v for k, v in self.siti.items() if k != "birth_date"}
        d = self.policy.decide({**self.siti, "birth_date": None}, self.as_of)
        self.assertEqual(d, json.loads(self.cli(without).stdout))
        self.assertEqual(d, self.policy.decide({**self.siti, "birth_date": float("nan")}, self.as_of))

    def test_bad_value_is_rejected_with_reason(self):
        bad = {**self.siti, "nik": "12"}
        p = self.cli(bad)
        d = self.policy.decide(bad, self.as_of)
        self.assertEqual(d, json.loads(p.stdout))
        self.assertEqual(d["status"], "rejected")
        self.assertTrue(any(e.get("field") == "nik" for e in d["errors"]), d["errors"])

    def test_unknown_key_is_input_error(self):
        p = self.cli({**self.siti, "nama": "Siti"})
        self.assertEqual(p.returncode, 2)
        with self.assertRaises(jaring.InputError) as caught:
            self.policy.decide({**self.siti, "nama": "Siti"}, self.as_of)
        self.assertEqual(str(caught.exception), cli_message(p))
        self.assertIsInstance(caught.exception, ValueError)

    def test_bad_date_is_input_error(self):
        p = run("eval", self.path, "--as-of", "2024-13-01", "--record", json.dumps(self.siti), ok=False)
        self.assertEqual(p.returncode, 2)
        with self.assertRaises(jaring.InputError) as caught:
            self.policy.decide(self.siti, "2024-13-01")
        self.assertIn("2024-13-01", str(caught.exception))

    def test_hash_version_and_path_types(self):
        d = json.loads(self.cli(self.siti).stdout)
        self.assertEqual(self.policy.hash, d["policy"]["hash"])
        self.assertEqual(jaring.Policy(os.fsencode(self.path).decode()).hash, self.policy.hash)
        self.assertEqual(self.policy.warnings, "")
        version = run("--version").stdout.split()[1]
        self.assertEqual(jaring.version(), version)
        self.assertEqual(jaring.__version__, version)


class Policies(unittest.TestCase):
    def golden(self, case):
        return os.path.join(ROOT, "tests", "golden", case + ".policy")

    def check_text(self, path):
        """The diagnostics `jaring check` prints, without its closing count line."""
        p = run("check", path, ok=False)
        text = p.stdout + p.stderr
        return p.returncode, text[:text.rindex("\nchecked ")] if "\nchecked " in text else text

    def test_bad_policy_is_policy_error_with_the_diagnostics(self):
        for case in ["add_bad_target", "all_semantic_errors_sorted"]:
            status, text = self.check_text(self.golden(case))
            self.assertEqual(status, 1)
            with self.assertRaises(jaring.PolicyError) as caught:
                jaring.Policy(self.golden(case))
            self.assertEqual(str(caught.exception).rstrip("\n"), text.rstrip("\n"))
            self.assertIn("error:", str(caught.exception))

    def test_unreadable_policy(self):
        with self.assertRaises(jaring.PolicyError) as caught:
            jaring.Policy(os.path.join(WORK, "no-such.policy"))
        self.assertIn("no-such.policy", str(caught.exception))

    def test_warnings(self):
        status, text = self.check_text(self.golden("missing_validity_warning"))
        self.assertEqual(status, 0)
        policy = jaring.Policy(self.golden("missing_validity_warning"))
        self.assertIn("warning:", policy.warnings)
        self.assertEqual(policy.warnings.rstrip("\n"), text.rstrip("\n"))

    def test_include(self):
        # A region alone in a folder finds `use national/bpjstk` only through `include`.
        alone = tempfile.mkdtemp(dir=WORK)
        with open(os.path.join(ROOT, "rules", "regions", "cilegon-2024.policy"), encoding="utf-8") as f:
            text = f.read()
        path = os.path.join(alone, "cilegon.policy")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        with self.assertRaises(jaring.PolicyError):
            jaring.Policy(path, installed_rules=False)
        rules = os.path.join(ROOT, "rules")
        record = json.dumps(OneRecord.siti)
        expected = run("eval", "-I", rules, path, "--as-of", "2024-08-01", "--record", record)
        self.assertEqual(jaring.Policy(path, include=[rules]).decide_json(record, "2024-08-01"),
                         expected.stdout.rstrip("\n"))


class Populations(unittest.TestCase):
    def test_csv_path_is_the_cli_s(self):
        for name in ALLOCATING + ["city"]:
            with self.subTest(scenario=name):
                policy_path, as_of, records = scenario(name)
                expected = cli_population(policy_path, as_of, records)
                policy = jaring.Policy(policy_path)
                for threads in (1, 2):
                    self.assertEqual(policy.decide_many(records, as_of, threads=threads), expected)
                if name in ALLOCATING:  # the scenario really allocates: someone waits
                    self.assertIn("waitlisted", {d["status"] for d in expected})

    def test_generic_runtime_warns_with_the_lane_s_reason(self):
        # A file with lone CR line ends: the fast lane does not take it, the generic runtime
        # decides it the same, and decide_many says so (as `jaring eval` ends with a note).
        policy_path, as_of, records = scenario("line_ends_cr")
        expected = cli_population(policy_path, as_of, records)
        policy = jaring.Policy(policy_path)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self.assertEqual(policy.decide_many(records, as_of), expected)
        said = [str(w.message) for w in caught if issubclass(w.category, jaring.GenericRuntimeWarning)]
        self.assertEqual(len(said), 1, said)
        self.assertIn("the generic runtime decided these records, not the fast lane", said[0])
        self.assertIn("lone CR line ends", said[0])
        # The lane's own population says nothing; JARING_RUNTIME=generic, which chose it, neither.
        policy_path, as_of, records = scenario("city")
        policy = jaring.Policy(policy_path)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy.decide_many(records, as_of)
            os.environ["JARING_RUNTIME"] = "generic"
            try:
                policy.decide_many(records, as_of)
            finally:
                del os.environ["JARING_RUNTIME"]
        self.assertEqual([w for w in caught if issubclass(w.category, jaring.GenericRuntimeWarning)], [])

    def test_list_of_dicts_is_the_cli_s(self):
        for name in ALLOCATING:
            with self.subTest(scenario=name):
                policy_path, as_of, records = scenario(name)
                policy = jaring.Policy(policy_path)
                dicts = csv_dicts(records)
                # The same dicts as a JSON Lines file, decided by the executable.
                self.assertEqual(policy.decide_many(dicts, as_of), cli_population(policy_path, as_of, write_jsonl(dicts)))
                # Typed values are the same records: the decisions of the CSV, one line up.
                typed = [self.typed(d) for d in dicts]
                from_csv = shifted(cli_population(policy_path, as_of, records), -1)
                self.assertEqual(policy.decide_many(iter(typed), datetime.date.fromisoformat(as_of)), from_csv)

    @staticmethod
    def typed(row):
        out = {}
        for key, text in row.items():
            if text == "":
                out[key] = None
            elif key.endswith("_date") or key == "registered_on":
                out[key] = datetime.date.fromisoformat(text)
            elif text in ("ya", "tidak"):
                out[key] = text == "ya"
            else:
                out[key] = text
        return out

    @needs_pandas
    def test_dataframe_is_the_cli_s(self):
        for name in ALLOCATING:
            with self.subTest(scenario=name):
                policy_path, as_of, records = scenario(name)
                policy = jaring.Policy(policy_path)
                frame = pandas.read_csv(records, dtype=str, keep_default_na=False)
                frame.index = [f"r{i}" for i in range(len(frame))]
                got = policy.decide_many(frame, as_of)
                # Expected: the executable's CSV of the same records, one line up.
                want = read_decisions_csv(cli_population(policy_path, as_of, records, "csv"))
                want["line"] = want["line"] - 1
                want.index = frame.index
                pandas.testing.assert_frame_equal(got, want)
                self.assertEqual(list(got.columns[:9]), ["id", "line", "status", "group", "scheme", "total_sen",
                                                         "payers", "reasons", "rank"])
                self.assertGreater((got["status"] == "waitlisted").sum(), 0)
                # As dicts: the executable's JSON Lines, one line up.
                self.assertEqual(policy.decide_many(frame, as_of, frame=False),
                                 shifted(cli_population(policy_path, as_of, records), -1))
                # pandas' own types (Timestamps, NaT, NaN, floats) are the same records.
                dates = [c for c in ("birth_date", "registered_on") if c in frame.columns]
                parsed = pandas.read_csv(records, dtype={"nik": str, "domicile": str, "village": str},
                                         parse_dates=dates)
                self.assertTrue(parsed["registered_on"].isna().any())
                self.assertEqual(str(parsed["registered_on"].dtype), "datetime64[ns]")
                if "declared_income" in parsed:  # money as a float column holding NaN
                    parsed["declared_income"] = parsed["declared_income"].map(
                        lambda t: float(t.replace("Rp ", "").replace(".", "")) if isinstance(t, str) else t)
                    self.assertEqual(str(parsed["declared_income"].dtype), "float64")
                parsed.index = frame.index
                pandas.testing.assert_frame_equal(policy.decide_many(parsed, as_of), got)
                # A path can give a DataFrame too: the executable's CSV as it is.
                path_frame = policy.decide_many(records, as_of, frame=True)
                want.index = path_frame.index
                want["line"] = want["line"] + 1
                pandas.testing.assert_frame_equal(path_frame, want)

    @needs_pandas
    def test_bad_rows_are_rejected_with_reason(self):
        policy_path, as_of, records = scenario("quota")
        dicts = csv_dicts(records)
        dicts[1]["birth_date"] = "1980-02-30"
        dicts[2]["registered_pu"] = "mungkin"
        expected = cli_population(policy_path, as_of, write_jsonl(dicts))
        self.assertEqual([d["status"] for d in expected[1:3]], ["rejected", "rejected"])
        policy = jaring.Policy(policy_path)
        got = policy.decide_many(dicts, as_of)
        self.assertEqual(got, expected)
        self.assertEqual([e["field"] for e in got[1]["errors"]], ["birth_date"])
        frame = policy.decide_many(pandas.DataFrame(dicts), as_of)
        self.assertEqual(list(frame["status"][1:3]), ["rejected", "rejected"])

    @needs_pandas
    def test_unknown_column_is_input_error(self):
        policy_path, as_of, records = scenario("quota")
        dicts = [{**d, "nama": "x"} for d in csv_dicts(records)]
        p = run("eval", policy_path, "--as-of", as_of, "--records", write_jsonl(dicts), "--out",
                os.path.join(WORK, "never.jsonl"), ok=False)
        self.assertEqual(p.returncode, 2)
        policy = jaring.Policy(policy_path)
        for given in (dicts, pandas.DataFrame(dicts)):
            with self.assertRaises(jaring.InputError) as caught:
                policy.decide_many(given, as_of)
            self.assertEqual(str(caught.exception), cli_message(p))
        # A CSV path: the header's unknown column, as the executable says it.
        header = os.path.join(WORK, "unknown.csv")
        with open(records, encoding="utf-8") as f, open(header, "w", encoding="utf-8") as out:
            out.write(f.read().replace("nik,", "nama,nik,", 1).replace("\n", "\n,", 1))
        p = run("eval", policy_path, "--as-of", as_of, "--records", header, ok=False)
        with self.assertRaises(jaring.InputError) as caught:
            policy.decide_many(header, as_of)
        self.assertEqual(str(caught.exception), cli_message(p))
        with self.assertRaises(jaring.InputError):
            policy.decide_many(pandas.DataFrame([[1, 2]], columns=["nik", "nik"]), as_of)

    def test_delimiter_and_ignored_fields_are_the_cli_s(self):
        # As `jaring eval --delimiter` and `--ignore-field`: the same decisions from the same rows.
        policy_path, as_of, records = scenario("quota")
        expected = cli_population(policy_path, as_of, records)
        policy = jaring.Policy(policy_path)
        rows = csv_dicts(records)
        for name, char in (("semicolon", ";"), ("tab", "\t"), ("pipe", "|")):
            path = os.path.join(WORK, f"{name}.csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=char, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            for given in (name, char):
                self.assertEqual(policy.decide_many(path, as_of, delimiter=given), expected)
            # Without it, the header's message says which to give, as the executable says it.
            p = run("eval", policy_path, "--as-of", as_of, "--records", path, ok=False)
            with self.assertRaises(jaring.InputError) as caught:
                policy.decide_many(path, as_of)
            self.assertEqual(str(caught.exception), cli_message(p))
            self.assertIn(f"--delimiter {name}", str(caught.exception))
        with self.assertRaises(jaring.InputError) as caught:
            policy.decide_many(records, as_of, delimiter="x")
        self.assertIn("`x` is not a delimiter", str(caught.exception))
        jsonl = write_jsonl(rows)
        from_jsonl = cli_population(policy_path, as_of, jsonl)  # lines counted from 1, not 2
        self.assertEqual(policy.decide_many(jsonl, as_of, delimiter="comma"), from_jsonl)
        with self.assertRaises(jaring.InputError) as caught:
            policy.decide_many(jsonl, as_of, delimiter="semicolon")
        self.assertIn("is read as JSON Lines", str(caught.exception))
        with self.assertRaises(ValueError):
            policy.decide_many(rows, as_of, delimiter="semicolon")
        with self.assertRaises(ValueError):
            policy.decide_many(records, as_of, delimiter=1)
        # Columns and keys the policy does not have, read past when named.
        extra = [{"catatan": "x", **d} for d in rows]
        path = os.path.join(WORK, "extra.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(extra[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(extra)
        for given, decided in ((path, expected), (write_jsonl(extra), from_jsonl), (extra, from_jsonl)):
            with self.assertRaises(jaring.InputError):
                policy.decide_many(given, as_of)
            self.assertEqual(policy.decide_many(given, as_of, ignore_fields=["catatan"], frame=False), decided)
        for wrong in ("catatan", 5, [1]):
            with self.assertRaises(ValueError):
                policy.decide_many(path, as_of, ignore_fields=wrong)

    def test_date_format_is_the_cli_s(self):
        # As `jaring eval --date-format DD/MM/YYYY`: a spreadsheet's dates, the ISO file's decisions.
        policy_path, as_of, records = scenario("quota")
        expected = cli_population(policy_path, as_of, records)
        policy = jaring.Policy(policy_path)
        rows = csv_dicts(records)
        dated = [{k: re.sub(r"^(\d{4})-(\d{2})-(\d{2})$", lambda m: f"{int(m[3])}/{m[2]}/{m[1]}", v)
                  for k, v in d.items()} for d in rows]
        self.assertNotEqual(dated, rows)
        path = os.path.join(WORK, "dmy.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(dated)
        self.assertEqual(policy.decide_many(path, as_of, date_format="DD/MM/YYYY"), expected)
        # Without it: those rows rejected, as the executable rejects them.
        self.assertEqual(policy.decide_many(path, as_of), cli_population(policy_path, as_of, path))
        self.assertIn("rejected", {d["status"] for d in policy.decide_many(path, as_of)})
        with self.assertRaises(jaring.InputError) as caught:
            policy.decide_many(path, as_of, date_format="dd/mm/yyyy")
        self.assertIn("is not a date format", str(caught.exception))
        with self.assertRaises(ValueError):
            policy.decide_many(path, as_of, date_format=1)

    def test_empty_and_wrong_inputs(self):
        policy_path, as_of, _ = scenario("quota")
        policy = jaring.Policy(policy_path)
        self.assertEqual(policy.decide_many([], as_of), [])
        with self.assertRaises(TypeError):
            policy.decide_many([["not", "a", "dict"]], as_of)
        with self.assertRaises(jaring.InputError):
            policy.decide_many(os.path.join(WORK, "missing.csv"), as_of)
        with self.assertRaises(ValueError):
            policy.decide_many([], as_of, threads=-1)


class Threads(unittest.TestCase):
    def test_gil_released_while_deciding(self):
        # While a large population is decided on another thread, this one keeps running: with
        # the GIL held it would stop for the whole decision.
        records = os.path.join(WORK, "synth.csv")
        # Large enough to take well over 0,1 s on a fast machine (150.000 records took 0,085 s
        # once the national contributions' constant factors were multiplied at once).
        run("synth", os.path.join(ROOT, "examples", "synth", "cilegon-2024.json"), "--out", records,
            "--records", "500000")
        policy = jaring.Policy(os.path.join(ROOT, "rules", "regions", "cilegon-2024.policy"))
        result = {}

        def decide():
            begin = time.monotonic()
            result["counts"] = policy._core.decide_population(records, "2024-08-01", os.devnull, "", 1)
            result["seconds"] = time.monotonic() - begin

        worker = threading.Thread(target=decide)
        ticks = [time.monotonic()]
        worker.start()
        while worker.is_alive():
            time.sleep(0.001)
            ticks.append(time.monotonic())
        worker.join()
        gaps = [b - a for a, b in zip(ticks, ticks[1:])]
        self.assertEqual(result["counts"]["records"], 500000)
        self.assertGreater(result["seconds"], 0.1, "too small a population to tell")
        self.assertLess(max(gaps), result["seconds"] / 2, f"this thread stopped for {max(gaps):.3f} s")

    def test_several_threads_decide_alike(self):
        policy_path, as_of, records = scenario("shared-quota")
        policy = jaring.Policy(policy_path)
        expected = policy.decide_many(records, as_of)
        results = [None] * 4

        def decide(i):
            results[i] = policy.decide_many(records, as_of, threads=1)

        threads = [threading.Thread(target=decide, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [expected] * 4)


def main():
    global JARING, ROOT, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument("--jaring", required=True)
    parser.add_argument("--root", required=True)
    args, rest = parser.parse_known_args()
    JARING = os.path.abspath(args.jaring)
    ROOT = os.path.abspath(args.root)
    with tempfile.TemporaryDirectory(prefix="jaring-python-test-") as work:
        WORK = work
        program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    sys.exit(0 if program.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
