"""Jaring from Python: BPJS Ketenagakerjaan cover decided exactly as `jaring eval` decides it.

    import jaring
    policy = jaring.Policy("rules/regions/cilegon-2024.policy")
    policy.hash        # 'sha256:…', the policy hash every decision names
    policy.warnings    # the policy's warnings as `jaring check` prints them; '' when clean

    # One record (a dict, or JSON text), as of a date (YYYY-MM-DD text or a datetime.date):
    d = policy.decide({"nik": "3672010105840001", "name": "Siti", "role": "ketua_rt",
                       "birth_date": "1984-05-01", "domicile": "36.72", "registered_pu": True},
                      "2024-08-01")
    d["status"], d["total_sen"], d["reasons"]       # the decision of `jaring eval --record`
    policy.decide_json(record, "2024-08-01")        # its JSON text, byte for byte

    # A population: a CSV, JSON Lines or JSON file, a list of dicts, or a pandas DataFrame.
    policy.decide_many("workers.csv", "2024-08-01")   # [dict, …] as `--records … --out x.jsonl`
    policy.decide_many([{…}, {…}], "2024-08-01")      # the same for records given as dicts
    policy.decide_many(df, "2024-08-01")              # a DataFrame: the columns of `--out x.csv`

A population is decided as a whole, as `jaring eval --records` does: quotas and budgets are
allocated over all of its records, so a record may be `waitlisted` there that `decide` alone
would find `eligible`. Records given as dicts or a DataFrame are written to a temporary JSON
Lines file (removed afterwards) and decided from it; their decisions' `line` is the record's
place in the list, counted from 1.

Values: text as a CSV cell or a JSON string holds it (`Rp 1.000.000,50`, `ya`, `63.10`), ints,
bools, dates (datetime.date, or a Timestamp at midnight) are written as JSON; None, NaN and
pandas NA/NaT are no value (the field's default applies); a float that is a whole number is
that number (a pandas int column holding NaN stores its ints as floats). Read CSV files into a
DataFrame as text (`pandas.read_csv(path, dtype=str, keep_default_na=False)`): as numbers pandas
would turn the region code `63.10` into 63.1 and drop a NIK's leading zeros. A record the engine
cannot read is `rejected` with its reason, never guessed; a key or column the policy's record
does not know raises InputError, as `jaring eval` stops on it.

Errors carry the engine's message: PolicyError (a ValueError: the policy did not open; the
message is the diagnostics of `jaring check`), InputError (a ValueError: a bad date, an unknown
field, an unreadable records file), OutputError (an OSError). A population the fast lane does
not take (a file with lone CR line ends, a policy with more than 64 requirements in a group) is
decided the same by the generic runtime, many times slower: `decide_many` then warns with a
GenericRuntimeWarning naming why, as `jaring eval` ends with a note (not under
JARING_RUNTIME=generic, which chose it). The GIL is released while a policy opens and while
records are decided, and a Policy may be used from several threads at once.
"""

import datetime
import json
import os
import sys
import tempfile
import warnings as _warnings

from . import _jaring, _records

PolicyError = _jaring.PolicyError
InputError = _jaring.InputError
OutputError = _jaring.OutputError
for _error in (PolicyError, InputError, OutputError):
    _error.__module__ = __name__


class GenericRuntimeWarning(UserWarning):
    """A population was decided by the generic runtime, not the fast lane: the same decisions,
    many times slower. The message names why the lane did not apply."""


__all__ = ["Policy", "PolicyError", "InputError", "OutputError", "GenericRuntimeWarning", "version"]


def version():
    """The engine's version, e.g. '0.1.0' (`jaring --version`)."""
    return _jaring.version()


__version__ = version()


def _installed_rules_dir():
    """The rule packs installed with this module (PREFIX/share/jaring/rules for a module in
    PREFIX/lib/python3/dist-packages/jaring), as `jaring` finds them beside its executable."""
    relative = _jaring.RULES_FROM_MODULE
    if not relative:
        return ""
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(_jaring.__file__)), relative))


def _date_text(as_of):
    """An as-of date as YYYY-MM-DD: text as it is (the engine checks it), a date, or a datetime at
    midnight."""
    if isinstance(as_of, str):
        return as_of
    if isinstance(as_of, datetime.datetime):
        if as_of.tzinfo is None and as_of.time() == datetime.time(0, 0):
            return as_of.date().isoformat()
        raise InputError(f"the date `{as_of.isoformat()}` has a time of day; give a date (YYYY-MM-DD)")
    if isinstance(as_of, datetime.date):
        return as_of.isoformat()
    raise TypeError(f"as_of is a date (YYYY-MM-DD text or datetime.date), not {type(as_of).__name__}")


def _field_names(ignore_fields):
    """An ignore_fields option as a list of names; ValueError for anything else (a string alone
    too: it would be read as its letters)."""
    names = None
    if not isinstance(ignore_fields, (str, bytes)):
        try:
            names = list(ignore_fields)
        except TypeError:
            pass
    if names is None or not all(isinstance(n, str) for n in names):
        raise ValueError(f"ignore_fields is a list of field names, not {ignore_fields!r}")
    return names


def _date_format(date_format):
    """A date_format option as the engine takes it: its name ('' for None); the engine checks the
    name and raises InputError for one that is not a format."""
    if date_format is None:
        return ""
    if not isinstance(date_format, str):
        raise ValueError(f"date_format is 'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY' or 'MM/DD/YYYY', "
                         f"not {date_format!r}")
    return date_format


def _is_frame(records):
    pandas = sys.modules.get("pandas")  # a DataFrame can only be given once pandas is imported
    return pandas is not None and isinstance(records, pandas.DataFrame)


class Policy:
    """A checked, compiled policy, ready to decide.

    Policy(path, include=(), installed_rules=True) loads the policy at `path` with its `use`
    files and `amends` base, checks and compiles it; PolicyError when it does not open.
    `include`: folders searched for `use` paths, as `jaring -I DIR` (after the policy's own folder
    and its rules root, before JARING_PATH). `installed_rules`: last of all, the rule packs
    installed with this module (PREFIX/share/jaring/rules), as the installed `jaring` does.
    A Policy is immutable.
    """

    def __init__(self, path, include=(), installed_rules=True):
        if isinstance(include, (str, os.PathLike)):
            include = [include]
        self._path = os.fspath(path)
        self._core = _jaring.Policy(self._path, [os.fspath(d) for d in include], _installed_rules_dir(),
                                    bool(installed_rules))

    def __repr__(self):
        return f"jaring.Policy({self._path!r})  # {self.hash}"

    @property
    def hash(self):
        """The policy hash every decision names (`sha256:…`)."""
        return self._core.hash

    @property
    def warnings(self):
        """The policy's warnings as `jaring check` prints them, one a line; '' when clean."""
        return self._core.warnings

    def decide_json(self, record, as_of, date_format=None, ignore_fields=()):
        """The decision of one record as JSON text, byte for byte what `jaring eval POLICY --as-of
        AS_OF --record JSON` prints (without the newline). `record`: a dict or JSON text.
        `date_format` and `ignore_fields` as in decide."""
        return self._core.decide_json(_records.record_json(record), _date_text(as_of), _date_format(date_format),
                                      _field_names(ignore_fields))

    def decide(self, record, as_of, date_format=None, ignore_fields=()):
        """The decision of one record (a dict, or JSON text) as of a date, as a dict: what
        `jaring eval --record` prints, parsed. A record that cannot be read is `rejected` with
        the reason in `errors`; a key the policy does not know raises InputError, unless named
        in `ignore_fields` (as `--ignore-field`). `date_format`: 'DD/MM/YYYY' (as a spreadsheet
        set to Indonesian writes dates), 'DD-MM-YYYY', 'DD.MM.YYYY' or 'MM/DD/YYYY': dates also
        read so (as `--date-format`)."""
        return json.loads(self.decide_json(record, as_of, date_format, ignore_fields))

    def decide_many(self, records, as_of, threads=0, input_format=None, frame=None, delimiter=None,
                    ignore_fields=(), date_format=None):
        """Decides a population as a whole, as `jaring eval POLICY --as-of AS_OF --records …` does.

        records       a path (str or os.PathLike) to a CSV, JSON Lines or JSON file; or an
                      iterable of dicts; or a pandas DataFrame (one record per row, its columns
                      the fields)
        as_of         YYYY-MM-DD text or a datetime.date
        threads       worker threads, 0 (the default) for the cores this process may use (its
                      CPU affinity, within its cgroup quota); the decisions do not depend on it
        input_format  'csv', 'jsonl' or 'json' for a path; by default its extension says
        delimiter     for a CSV file, the character between its cells: 'comma' (the default),
                      'semicolon' (a spreadsheet set to Indonesian saves CSV so), 'tab' or
                      'pipe', or the character itself (as `--delimiter`)
        ignore_fields names of CSV columns or JSON keys (dict keys, DataFrame columns) the
                      policy's record does not have, to read past (as `--ignore-field`); without
                      them an unknown one raises InputError
        date_format   'DD/MM/YYYY' (as a spreadsheet set to Indonesian writes dates), 'DD-MM-YYYY',
                      'DD.MM.YYYY' or 'MM/DD/YYYY': dates also read so (as `--date-format`);
                      YYYY-MM-DD is always read
        frame         True: a pandas DataFrame with the columns of `--out decisions.csv` (`id`,
                      `line`, `status`, `group`, `scheme`, `total_sen`, `payers`, `reasons`,
                      `rank`, then `PROGRAMME_sen` for each programme; amounts in sen, nullable
                      Int64; empty cells NA), indexed as the DataFrame given (or 0, 1, …);
                      False: a list of decision dicts as `--out decisions.jsonl` holds them, in
                      input order. By default a DataFrame exactly when `records` is one.

        Raises InputError when the records cannot be decided at all (as `jaring eval` exits 2),
        also when the input's rows do not reconcile (as it exits 1); OutputError when the
        temporary folder cannot be written.
        """
        as_of = _date_text(as_of)
        given_frame = _is_frame(records)
        if frame is None:
            frame = given_frame
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 0:
            raise ValueError(f"threads is a whole number ≥ 0 (0: the cores this process may use), not {threads!r}")
        date_format = _date_format(date_format)
        if delimiter is not None and not isinstance(delimiter, str):
            raise ValueError(f"delimiter is 'comma', 'semicolon', 'tab', 'pipe' or the character, not {delimiter!r}")
        ignore = _field_names(ignore_fields)
        with tempfile.TemporaryDirectory(prefix="jaring-") as work:
            if isinstance(records, (str, bytes, os.PathLike)):
                path = os.fsdecode(records)
                fmt = input_format or ""
            else:
                for name, value in (("input_format", input_format), ("delimiter", delimiter)):
                    if value is not None:
                        raise ValueError(f"{name} is for a records file; dicts and DataFrames are written as jsonl")
                path = os.path.join(work, "records.jsonl")
                _records.write_jsonl(_records.frame_rows(records) if given_frame else records, path)
                fmt = "jsonl"
            out = os.path.join(work, "decisions.csv" if frame else "decisions.jsonl")
            counts = self._core.decide_population(path, as_of, out, fmt, threads, delimiter or "", ignore,
                                                  date_format)
            if not counts["reconciles"]:
                raise InputError(f"the rows of `{path}` do not reconcile: {counts['records']} rows decided or "
                                 "rejected do not account for every input line (run `jaring eval --summary` "
                                 "to see the accounting)")
            reason = counts["runtime_reason"]
            if reason and counts["records"] > 0 and os.environ.get("JARING_RUNTIME") != "generic":
                _warnings.warn(f"the generic runtime decided these records, not the fast lane (the same decisions, "
                               f"many times slower), because {reason}", GenericRuntimeWarning, stacklevel=2)
            if frame:
                return _records.read_decisions_csv(out, records.index if given_frame else None)
            return _records.read_jsonl(out)
