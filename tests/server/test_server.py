"""Integration tests of `jaring serve` (the HTTP API), standard library only.

    python3 tests/server/test_server.py --jaring build/jaring [-k PATTERN] [-v]

Each test class starts its own server on an ephemeral port (port 0; the tests read the
`listening on` line) over a temporary copy of rules/ where it changes policies. Every response
is checked against engine/server/openapi.json (openapi_check.py).
"""
import argparse
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from openapi_check import self_test  # noqa: E402


class OpenApiCheckerTest(unittest.TestCase):
    def test_checker_can_fail(self):
        self_test(harness.API)

    def test_document_is_openapi_3(self):
        self.assertTrue(harness.API.doc["openapi"].startswith("3."))
        for path in ["/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/policies", "/v1/policies/{id}",
                     "/v1/policies/{id}/decisions", "/v1/admin/reload"]:
            self.assertIn(path, harness.API.doc["paths"])


# `openapi`: the checker's own tests in this file.
MODULES = ["openapi", "api_tests", "hostile_tests", "lifecycle_tests", "production_tests", "population_tests", "stress_tests"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jaring", required=True, help="the jaring executable")
    parser.add_argument("-k", dest="pattern", action="append", help="only tests whose name contains this")
    parser.add_argument("-v", dest="verbose", action="store_true")
    parser.add_argument("--module", action="append", choices=MODULES,
                        help="only the tests of this module (repeat for several; default: all)")
    args = parser.parse_args()
    harness.JARING = os.path.abspath(args.jaring)

    import importlib

    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = [f"*{p}*" for p in args.pattern]
    suite = unittest.TestSuite()
    for name in args.module or MODULES:
        module = sys.modules[__name__] if name == "openapi" else importlib.import_module(name)
        suite.addTests(loader.loadTestsFromModule(module))
    started = time.time()
    result = unittest.TextTestRunner(verbosity=2 if args.verbose else 1).run(suite)
    print(f"{result.testsRun} tests in {time.time() - started:.1f}s")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
