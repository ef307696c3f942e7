"""Population allocation over the API (POST /v1/policies/{id}/populations, GET /v1/jobs/...):
the decisions of a whole population with quotas and budgets applied, byte for byte what
`jaring eval --records` gives; small populations answered at once, large ones as a job."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import harness
from harness import ROOT, Server

QUOTA = os.path.join(ROOT, "examples", "eval", "quota")
RECORDS = os.path.join(QUOTA, "records.csv")
AS_OF = "2024-08-01"
POPULATION = f"/v1/policies/quota/populations?as_of={AS_OF}"


def eval_records(policy, *extra):
    out = subprocess.run([harness.JARING, "eval", policy, "--as-of", AS_OF, "--records", RECORDS, *extra],
                         capture_output=True, timeout=300)
    return out.stdout


class PopulationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="jaring-population-")
        cls.policies = os.path.join(cls.tmp, "policies")
        os.makedirs(cls.policies)
        cls.policy = os.path.join(cls.policies, "quota.policy")
        shutil.copy(os.path.join(QUOTA, "policy.policy"), cls.policy)
        with open(RECORDS, "rb") as f:
            cls.csv = f.read()
        cls.expected_jsonl = eval_records(cls.policy)
        csv_out = os.path.join(cls.tmp, "expected.csv")
        eval_records(cls.policy, "--out", csv_out)
        with open(csv_out, "rb") as f:
            cls.expected_csv = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def post(self, server, body, content_type="text/csv", query=""):
        return server.request("POST", POPULATION + query, body, {"Content-Type": content_type})

    def test_small_population_answered_at_once_as_eval_gives_it(self):
        server = Server(self.policies)
        try:
            r = self.post(server, self.csv)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.headers["content-type"], "application/x-ndjson")
            self.assertEqual(r.body, self.expected_jsonl)  # quotas applied: some are waitlisted
            self.assertIn(b'"status":"waitlisted"', r.body)
            self.assertEqual(r.headers["jaring-records"], "14")
            self.assertEqual(r.headers["jaring-reconciles"], "true")
            self.assertEqual(r.headers["jaring-runtime"], "fast_lane")
            self.assertNotIn("jaring-runtime-reason", r.headers)
            # Lone CR line ends: the same decisions from the generic runtime, which says why.
            r = self.post(server, self.csv.replace(b"\n", b"\r"))
            self.assertEqual((r.status, r.body), (200, self.expected_jsonl))
            self.assertEqual(r.headers["jaring-runtime"], "generic")
            self.assertIn("lone CR line ends", r.headers["jaring-runtime-reason"])
            r = self.post(server, self.csv, query="&format=csv")
            self.assertEqual((r.status, r.body), (200, self.expected_csv))
            self.assertTrue(r.headers["content-type"].startswith("text/csv"))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_large_population_is_a_job(self):
        server = Server(self.policies, "--population-inline", "100")
        try:
            r = self.post(server, self.csv, query="&format=csv")
            self.assertEqual(r.status, 202)
            status = r.json()
            self.assertEqual(r.headers["location"], status["status_url"])
            self.assertIn(status["state"], ("queued", "running", "done"))
            deadline = time.time() + 120
            while status["state"] not in ("done", "failed"):
                self.assertLess(time.time(), deadline, status)
                time.sleep(0.05)
                status = server.request("GET", r.headers["location"]).json()
            self.assertEqual(status["state"], "done")
            self.assertEqual((status["records"], status["reconciles"]), (14, True))
            self.assertEqual(status["runtime"], "fast_lane")
            self.assertNotIn("runtime_reason", status)
            self.assertEqual(status["summary"]["records"] if "records" in status["summary"] else 14, 14)
            result = server.request("GET", status["result_url"])
            self.assertEqual((result.status, result.body), (200, self.expected_csv))
            head = server.request("HEAD", status["result_url"])
            self.assertEqual((head.status, head.body, head.headers["content-length"]),
                             (200, b"", str(len(self.expected_csv))))
            self.assertEqual(server.request("GET", "/v1/jobs/0123456789abcdef0123456789abcdef").status, 404)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_semicolon_or_tab_separated_population_with_its_delimiter(self):
        server = Server(self.policies)
        try:
            # As `jaring eval --delimiter`: the same decisions from the same rows separated otherwise
            # (no cell of these holds a `,`, `;` or tab).
            self.assertNotIn(b";", self.csv)
            for name, byte in (("semicolon", b";"), ("tab", b"\t"), ("pipe", b"|"), ("comma", b",")):
                r = self.post(server, self.csv.replace(b",", byte), query="&delimiter=" + name)
                self.assertEqual((r.status, r.body), (200, self.expected_jsonl), name)
            # Without it, the header's message names the delimiter to give.
            r = self.post(server, self.csv.replace(b",", b";"))
            self.assertEqual((r.status, r.slug()), (422, "population-invalid"))
            self.assertIn("--delimiter semicolon", r.json()["detail"])
            # A column the record does not have: 422 naming it, read past when named (repeatable).
            header, rest = self.csv.split(b"\n", 1)
            extra = header + b",catatan,memo\n" + b"".join(line + b",x,y\n" for line in rest.splitlines())
            r = self.post(server, extra)
            self.assertEqual((r.status, r.slug()), (422, "population-invalid"))
            self.assertIn("catatan", r.json()["detail"])
            r = self.post(server, extra, query="&ignore_field=catatan&ignore_field=memo")
            self.assertEqual((r.status, r.body), (200, self.expected_jsonl))
            r = self.post(server, extra.replace(b",", b";"), query="&ignore_field=catatan&delimiter=semicolon"
                          "&ignore_field=memo")
            self.assertEqual((r.status, r.body), (200, self.expected_jsonl))
            self.assertEqual(self.post(server, extra, query="&ignore_field=").status, 400)
            r = self.post(server, self.csv.replace(b",", b";"), query="&delimiter=%3B")
            self.assertEqual((r.status, r.slug()), (400, "bad-parameter"))
            self.assertEqual(r.json()["errors"][0]["parameter"], "delimiter")
            # Decisions as CSV with another delimiter: what `jaring eval --out-delimiter` writes.
            for name in ("semicolon", "tab", "pipe"):
                out = os.path.join(self.tmp, f"expected-{name}.csv")
                eval_records(self.policy, "--out", out, "--out-delimiter", name)
                with open(out, "rb") as f:
                    expected = f.read()
                self.assertNotEqual(expected, self.expected_csv)
                r = self.post(server, self.csv, query="&format=csv&out_delimiter=" + name)
                self.assertEqual((r.status, r.body), (200, expected), name)
            r = self.post(server, self.csv, query="&out_delimiter=semicolon")  # JSON Lines: no cells
            self.assertEqual((r.status, r.slug()), (400, "bad-parameter"))
            self.assertEqual(r.json()["errors"][0]["parameter"], "out_delimiter")
            self.assertEqual(self.post(server, self.csv, query="&format=csv&out_delimiter=%3B").status, 400)
            # Dates as a spreadsheet writes them (`1/5/1984`), read with date_format.
            dated = re.sub(rb"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: b"%d/%s/%s" % (int(m[3]), m[2], m[1]), self.csv)
            self.assertNotEqual(dated, self.csv)
            r = self.post(server, dated, query="&date_format=DD/MM/YYYY")
            self.assertEqual((r.status, r.body), (200, self.expected_jsonl))
            r = self.post(server, dated)
            self.assertEqual(r.status, 200)
            self.assertIn(b"--date-format DD/MM/YYYY", r.body)  # the rows' reasons name it
            r = self.post(server, dated, query="&date_format=dd/mm/yyyy")
            self.assertEqual((r.status, r.json()["errors"][0]["parameter"]), (400, "date_format"))
            jsonl = b'{"nik":"6310010101800001"}\n'
            r = self.post(server, jsonl, content_type="application/x-ndjson", query="&delimiter=semicolon")
            self.assertEqual((r.status, r.slug()), (400, "bad-parameter"))
            self.assertIn("JSON Lines", r.json()["detail"])
        finally:
            self.assertEqual(server.stop(), 0)

    def test_bad_populations_are_refused_with_reasons(self):
        server = Server(self.policies, "--max-population", "4KB")
        try:
            r = self.post(server, b"nik,umur\n6310010101800001,40\n")
            self.assertEqual((r.status, r.slug()), (422, "population-invalid"))
            self.assertIn("umur", r.json()["detail"])
            self.assertEqual(self.post(server, self.csv, content_type="text/plain").status, 415)
            r = server.request("POST", "/v1/policies/quota/populations", self.csv, {"Content-Type": "text/csv"})
            self.assertEqual((r.status, r.slug()), (400, "bad-parameter"))
            self.assertEqual(self.post(server, self.csv, query="&format=xml").status, 400)
            self.assertEqual(self.post(server, b"x" * 5000).status, 413)
            r = server.request("POST", "/v1/policies/nope/populations?as_of=2024-08-01", self.csv,
                               {"Content-Type": "text/csv"})
            self.assertEqual(r.status, 404)
            self.assertEqual(server.decide({}, policy="quota").status, 422)  # still serving
        finally:
            self.assertEqual(server.stop(), 0)

    def test_single_decision_says_allocation_was_not_applied(self):
        server = Server(self.policies)
        try:
            record = {"nik": "6310010101800001", "birth_date": "1980-01-01", "role": "ketua_rt", "domicile": "63.10",
                      "village": "63.10.01.2001", "registered_pu": False, "registered_on": "2024-01-15"}
            r = server.decide(record, policy="quota")
            self.assertEqual(r.status, 200, r.body)
            self.assertEqual(r.headers.get("jaring-allocation"), "not-applied")
            r = server.decide(dict(record, role="nelayan"), policy="quota")  # in no group
            self.assertEqual(r.status, 200, r.body)
            self.assertNotIn("jaring-allocation", r.headers)
        finally:
            self.assertEqual(server.stop(), 0)
