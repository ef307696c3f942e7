#!/usr/bin/env python3
"""Checks the Indonesian message catalog against the code, statically.

Every English message id in the code -- the literal first argument of `say(...)` and
`say_text(...)` and `say_later(...)`, the second of `say_later_in(message, ...)`, a
`JARING_MSG("...")` kept in a table for later, and every
syntax error of
grammar/errors.hpp -- must have an entry in engine/base/messages_id_*.cpp, and every entry must
still be used. Prints what is missing or stale and exits 1; `--missing` prints the missing ids
one per line (as C string literals) for a translator.

    tools/i18n/catalog.py ROOT [--missing]
"""
import pathlib
import re
import sys

STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def literals_at(text, i):
    """Adjacent C string literals starting at text[i] (after spaces); (value, end) or None."""
    parts = []
    while True:
        j = i
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        m = STRING.match(text, j)
        if not m:
            break
        parts.append(m.group(1))
        i = m.end()
    if not parts:
        return None
    return decode("".join(parts)), i


def decode(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            c = s[i + 1]
            if c == "x":
                m = re.match(r"[0-9a-fA-F]+", s[i + 2:])
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
                continue
            out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}.get(c, c))
            i += 2
            continue
        out.append(s[i])
        i += 1
    # \xE2\x80\xB0-style escapes are bytes of UTF-8
    return "".join(out).encode("latin-1", errors="surrogatepass").decode("utf-8", errors="replace") \
        if all(ord(ch) < 256 for ch in out) else "".join(out)


CALL = re.compile(r"\b(say|say_later|say_later_in|say_text|JARING_MSG)\s*\(")


def argument_end(text, i):
    """The index of the `)` closing the call whose arguments start at text[i]."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            i = STRING.match(text, i).end()
            continue
        if c == "'":
            i = text.index("'", i + 2 if text[i + 1] == "\\" else i + 1) + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return i


def call_literals(text, m):
    """The message ids of one call: the first argument of `say`; every literal of `say_text`
    and `JARING_MSG` (such as both arms of `say_text(c ? "a" : "b")`)."""
    if m.group(1) in ("say", "say_later"):
        lit = literals_at(text, m.end())
        return [lit[0]] if lit else []
    if m.group(1) == "say_later_in":  # the message it is made in, then the literal
        comma = text.find(",", m.end(), argument_end(text, m.end()))
        lit = literals_at(text, comma + 1) if comma >= 0 else None
        return [lit[0]] if lit else []
    end = argument_end(text, m.end())
    out, i = [], m.end()
    while i < end:
        j = text.find('"', i, end)
        if j < 0:
            break
        lit = literals_at(text, j)
        out.append(lit[0])
        i = lit[1]
    return out
GRAMMAR = re.compile(r"JARING_ERROR\(\s*\w+\s*,")


def used_ids(root):
    ids = {}
    files = sorted((root / "engine").rglob("*.[ch]pp"))
    for f in files:
        if f.name.startswith("messages_id") or f.name == "i18n.hpp":
            continue
        text = f.read_text(encoding="utf-8")
        for m in CALL.finditer(text):
            for lit in call_literals(text, m):
                ids.setdefault(lit, f"{f.relative_to(root)}:{text.count(chr(10), 0, m.start()) + 1}")
    errors = root / "grammar" / "errors.hpp"
    text = errors.read_text(encoding="utf-8")
    for m in GRAMMAR.finditer(text):
        lit = literals_at(text, m.end())
        if lit:
            ids.setdefault(lit[0], f"grammar/errors.hpp:{text.count(chr(10), 0, m.start()) + 1}")
    return ids


ENTRY = re.compile(r"\{\s*(?=\")")


def catalog(root):
    entries = {}
    for f in sorted((root / "engine" / "base").glob("messages_id_*.cpp")):
        text = f.read_text(encoding="utf-8")
        for m in ENTRY.finditer(text):
            en = literals_at(text, m.end())
            if not en:
                continue
            rest = text[en[1]:].lstrip()
            if not rest.startswith(","):
                continue
            idn = literals_at(text, en[1] + text[en[1]:].index(",") + 1)
            if idn:
                entries.setdefault(en[0], []).append((f.name, idn[0]))
    return entries


def main():
    root = pathlib.Path(sys.argv[1])
    used, cat = used_ids(root), catalog(root)
    missing = sorted(set(used) - set(cat))
    if "--missing" in sys.argv:
        for m in missing:
            print('"' + m.replace("\\", "\\\\").replace('"', '\\"') + '"  // ' + used[m])
        return 0
    stale = sorted(set(cat) - set(used))
    dups = sorted(k for k, v in cat.items() if len(v) > 1)
    for m in missing:
        print(f"{used[m]}: no Indonesian translation for \"{m}\"")
    for s in stale:
        print(f"{cat[s][0][0]}: entry \"{s}\" is used nowhere")
    for d in dups:
        print(f"{cat[d][0][0]}: \"{d}\" has {len(cat[d])} entries")
    print(f"{len(used)} message ids, {len(cat)} catalog entries, {len(missing)} missing, {len(stale)} stale")
    return 1 if missing or stale or dups else 0


if __name__ == "__main__":
    sys.exit(main())
