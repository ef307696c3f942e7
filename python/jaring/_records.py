"""Python values to the record JSON the engine reads, and the engine's decision files back.

Only the shape changes here; what a value means is the engine's to say. A value is written as
the JSON `jaring eval` would read from a file:

  None, NaN, pandas NA/NaT           null: no value (the field's default applies)
  bool, numpy.bool_                  true / false
  int, numpy integers                a JSON number
  float                              a JSON number: a whole one as an integer (1500000.0 is
                                     1500000, as a pandas int column holding NaN stores it);
                                     otherwise as it is, which the engine rejects for money and
                                     whole numbers (`money must be written exactly`)
  str                                as it is (`Rp 1.000.000,50`, `ya`, `63.10`, `2024-01-15`)
  datetime.date                      YYYY-MM-DD
  datetime.datetime, pandas Timestamp  YYYY-MM-DD at midnight without a time zone; otherwise its
                                     ISO text, which the engine rejects as not a date (nothing
                                     is guessed: a time of day is not a date)
  decimal.Decimal                    a whole one as an integer; otherwise refused (TypeError):
                                     write such money as text, `Rp 1.000,50`
  dict, list, tuple                  a JSON object or array, its values written alike: as in a
                                     file, the engine rejects the record for such a field
                                     (`expected text, found an object`), refuses a key the
                                     record does not have (InputError naming --ignore-field),
                                     and reads past one ignore_fields names

Anything else is refused with TypeError naming the field.
"""

import datetime
import decimal
import json
import math
import os
import sys

_MIDNIGHT = datetime.time(0, 0)


def _pandas_missing(value):
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)


def json_value(value, field):
    """`value` as a JSON-ready Python value (see the module's docstring)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)  # an int subclass (an IntEnum) as the plain number
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if _pandas_missing(value):
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None and value.time() == _MIDNIGHT:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        nested = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"field `{field}`: a key inside it is text, not {type(key).__name__} ({key!r})")
            nested[key] = json_value(item, field)
        return nested
    if isinstance(value, (list, tuple)):
        return [json_value(item, field) for item in value]
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return None
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        raise TypeError(f"field `{field}`: {value} is not a whole amount; write money with sen as text, e.g. "
                        f"'Rp 1.000,50'")
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        if isinstance(value, numpy.datetime64):
            if numpy.isnat(value):
                return None
            return json_value(value.astype("datetime64[us]").item(), field)
        return json_value(value.item(), field)  # numpy int, float, bool, str as Python's
    raise TypeError(f"field `{field}`: a value of type {type(value).__name__} cannot be a record value "
                    "(give text, a number, a bool, a date or None)")


def record_json(record):
    """One record (a mapping of field name to value, or JSON text as it is) as JSON text."""
    if isinstance(record, str):
        return record
    if not hasattr(record, "items"):
        raise TypeError(f"a record is a dict of field name to value (or JSON text), not {type(record).__name__}")
    values = {}
    for name, value in record.items():
        if not isinstance(name, str):
            raise TypeError(f"a field name is text, not {type(name).__name__} ({name!r})")
        values[name] = json_value(value, name)
    # NaN and infinities are not JSON: a non-finite float left here is written as the engine
    # would find it in a file (`Infinity`), and that record is rejected as malformed JSON.
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def frame_rows(frame):
    """The rows of a pandas DataFrame as records, column by column converted (see above)."""
    names = list(frame.columns)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a column name is text, not {type(name).__name__} ({name!r})")
    seen = set()
    for name in names:
        if name in seen:
            from . import InputError  # the engine's error, as for a CSV header naming a column twice
            raise InputError(f"column `{name}` is given twice; give each field once")
        seen.add(name)
    columns = [[json_value(v, name) for v in frame[name].tolist()] for name in names]
    for row in zip(*columns):
        yield dict(zip(names, row))


def write_jsonl(records, path):
    """Writes `records` (mappings), one a line, to `path` by way of a temporary name. Returns how
    many were written."""
    temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".part")
    count = 0
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            for record in records:
                if isinstance(record, str) or not hasattr(record, "items"):
                    raise TypeError(f"record {count + 1}: a record is a dict of field name to value, "
                                    f"not {type(record).__name__}")
                out.write(record_json(record))  # json.dumps: one line, whatever the values hold
                out.write("\n")
                count += 1
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return count


def read_jsonl(path):
    """The decisions of a JSON Lines file, as dicts."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_decisions_csv(path, index=None):
    """The decisions of `jaring eval --out decisions.csv` as a DataFrame: every column as the file
    has it, `line`, `total_sen`, `rank` and each `PROGRAMME_sen` as nullable integers (pandas
    Int64), the others as text (pandas string); an empty cell is NA."""
    import pandas
    names = list(pandas.read_csv(path, nrows=0).columns)
    whole = {"line", "total_sen", "rank"}
    dtypes = {name: "Int64" if name in whole or name.endswith("_sen") else "string" for name in names}
    frame = pandas.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    if index is not None:
        frame.index = index
    return frame
