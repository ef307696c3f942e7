#!/usr/bin/env python3
"""The fast lane decides exactly as the generic runtime does, byte for byte.

usage: fast_lane.py JARING ROOT WORKDIR [CLEAN_RECORDS]   (default 50.000)

With fewer than 50.000 clean records (the sanitizer build) the populations are smaller and
the cases that only repeat the Release run's at scale (12.000 rejections, the regions'
synthetic populations) are left out.

For each case (a policy, a CSV population, an as-of date) it runs `jaring eval` with
JARING_RUNTIME=generic at 1 thread and with JARING_RUNTIME=fast (which fails where the lane does
not apply, so a case cannot pass by falling back silently) at 1 and 3 threads, each writing
decisions as CSV with --rejects and --summary, as JSON Lines, and --no-decisions with --rejects,
and compares every output file and the summary on stderr.

The cases: the cilegon-bench policy on a population the test writes with every edge the lane
hands to the generic reader or runtime (blank and whitespace lines, CRLF, a byte order mark,
notations only the generic reader converts, missing and malformed values, a too-long line and
cell, wrong column counts, invalid UTF-8, duplicated NIKs, no final line end) and on a clean
one; shipped example and region policies (on their pinned synthetic populations), as they are
and with their quotas and budgets taken out; and a policy of quotas (per key, shared, ranked by
a date or a fraction, descending) and budgets (a payer's own, and one per account chosen by a
field) that run out part-way down a ranking, on records
some of which only the generic runtime decides, so both kinds of candidate share the allocation.
"""
import json
import os
import random
import re
import subprocess
import sys

ROLES = ["ketua_rt", "ketua_rw", "kader_kcm", "kader_posyandu", "adhoc_kpu", "adhoc_bawaslu", "nelayan",
         "petugas_kebersihan", "linmas", "marbot", "tukang_parkir", "ojek_pangkalan", "buruh_harian", "pedagang",
         "pns", "karyawan_swasta"]


def clean_rows(rng, n, start=0):
    rows = []
    for i in range(n):
        nik = f"{3672000000000000 + start + i:016d}"
        y, m, d = rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28)
        rows.append([nik, f"Nama {i}", f"{y:04d}-{m:02d}-{d:02d}", rng.choice(ROLES),
                     rng.choice(["36.72", "36.72", "36.72", "36.04", "31.74", "36.72.01"]),
                     str(rng.randrange(300_000, 6_000_001, 50_000)), rng.choice(["false"] * 9 + ["true"])])
    return rows


def edge_population(path):
    rng = random.Random(7)
    rows = [",".join(r) for r in clean_rows(rng, 3000)]
    edges = [
        "",                                                    # blank
        "   \t ",                                              # whitespace only
        "3672990000000001, Spasi ,1980-01-01 , marbot ,36.72, 1000000 ,false",   # trimmed cells
        "3672990000000002,Rp,1980-01-01,marbot,36.72,Rp 1.000.000,ya",          # generic notations
        "3672990000000003,Bool,1980-01-01,linmas,36.72,2000000,TIDAK",
        "3672990000000004,Sen,1980-01-01,linmas,36.72,\u00a0,false",            # non-breaking space
        "3672990000000005,Kosong,,linmas,36.72,2000000,false",                  # missing date
        "3672990000000006,Tanggal,1980-02-30,linmas,36.72,2000000,false",       # not a calendar date
        "3672990000000007,Wilayah,1980-01-01,linmas,3672,2000000,false",        # bad region
        "367299000000008,Pendek,1980-01-01,linmas,36.72,2000000,false",         # short NIK
        "3672990000000009,Kolom,1980-01-01,linmas,36.72,2000000",               # a column short
        "3672990000000010,Kolom,1980-01-01,linmas,36.72,2000000,false,extra",   # a column over
        "3672990000000011,Siti Nurhaliza Ñ,1980-01-01,kader_kcm,36.72,2000000,false",  # UTF-8
        "3672990000000012,Bad \xff name,1980-01-01,kader_kcm,36.72,2000000,false",     # invalid UTF-8
        "3672990000000013,Besar,1980-01-01,marbot,36.72,999999999999999,false",        # large income
        "3672990000000014,Kabisat,1960-02-29,linmas,36.72,1000000,false",              # leap day
        "3672990000000015,Muda,2009-08-01,linmas,36.72,1000000,false",                 # 15 on the day
        "3672990000000016,Tua,1958-08-02,linmas,36.72,1000000,false",                  # 65 the day before 66
        "3672990000000017," + "x" * 300 + ",1980-01-01,linmas,36.72,1000000,false",    # cell over the limit
        "3672990000000018," + "y" * 5000 + ",1980-01-01,linmas,36.72,1000000,false",   # line over the limit
        rows[10],                                                                       # a duplicated NIK
        "3672990000000019,Peran,1980-01-01,,36.72,1000000,false",                       # missing role
        "3672990000000020,Angka,1980-01-01,linmas,36.72,-5,false",                      # negative money
        "3672990000000021,Satu,1980-01-01,linmas,36.72,1000000,1",
        "3672990000000022,Nol,1980-01-01,linmas,36.72.01.2001,1000000,0",
        # What the lane's word-at-a-time tests must tell apart, each byte where a word ends.
        "3672990000000023,Tanggal,1980-0a-01,linmas,36.72,1000000,false",
        "3672990000000024,Tanggal,1980/01/01,linmas,36.72,1000000,false",
        "3672990000000025,Tanggal,0000-01-01,linmas,36.72,1000000,false",
        "3672990000000026,Tanggal,1980-01-0x,linmas,36.72,1000000,false",
        "3672990000000027,Tanggal,1980-01-011,linmas,36.72,1000000,false",
        "3672990000000028,Wilayah,1980-01-01,linmas,36.7a,1000000,false",
        "3672990000000029,Wilayah,1980-01-01,linmas,36.72.0,1000000,false",
        "3672990000000030,Wilayah,1980-01-01,linmas,36.72.01.00001,1000000,false",
        "3672990000000031,Wilayah,1980-01-01,linmas,36:72,1000000,false",
        "3672990000000032,Uang,1980-01-01,linmas,36.72,12a,false",
        "3672990000000033,Uang,1980-01-01,linmas,36.72,1234567890123456,false",
        # Money of up to 8 digits is read as one word: each length, a bad byte at either end.
        "3672990000000056,Uang,1980-01-01,linmas,36.72,7,false",
        "3672990000000057,Uang,1980-01-01,linmas,36.72,12345678,false",
        "3672990000000058,Uang,1980-01-01,linmas,36.72,00001000,false",
        "3672990000000059,Uang,1980-01-01,linmas,36.72,/2345678,false",
        "3672990000000060,Uang,1980-01-01,linmas,36.72,1234567:,false",
        "3672990000000061,Uang,1980-01-01,linmas,36.72,123456789,false",
        "3672990000000062,Uang,1980-01-01,linmas,36.72,99999999,false",
        "3672990000000063,Uang,1980-01-01,linmas,36.72,0,false",
        "3672990000000064,Uang,1980-01-01,linmas,36.72,1 000,false",
        "367299000000003/,Nik,1980-01-01,linmas,36.72,1000000,false",
        "36729900:0000034,Nik,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000035,Nama Panjang \xff,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000036,Nama Ñ,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000037,Nama,1980-01-01,ketua_r\xff,36.72,1000000,false",
        # Texts of 1 to 7 bytes are checked as two 4-byte words or byte by byte.
        "3672990000000065,\xff,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000066,Ab\xff,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000067,Abc\xffd,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000068,Ñ,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000069,Ñandu,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000070,Nama,1980-01-01,pn\xff,36.72,1000000,false",
        "3672990000000071,Nama Lengkap Sekali Ini \xff,1980-01-01,linmas,36.72,1000000,false",
        # Past 16 bytes the middle words are read too: a bad byte, and a good Ñ, in them.
        "3672990000000072,Nama Lengkap \xff Sekali Ini Juga,1980-01-01,linmas,36.72,1000000,false",
        "3672990000000073,Nama Lengkap Ñ Sekali Ini Juga,1980-01-01,linmas,36.72,1000000,false",
        # The ends of the lane's table of years (1900 to 2155) and the days of each month.
        "3672990000000038,Tanggal,1900-02-29,linmas,36.72,1000000,false",
        "3672990000000039,Tanggal,2000-02-29,linmas,36.72,1000000,false",
        "3672990000000040,Tanggal,2100-02-29,linmas,36.72,1000000,false",
        "3672990000000041,Tanggal,1904-02-29,linmas,36.72,1000000,false",
        "3672990000000042,Tanggal,2155-12-31,linmas,36.72,1000000,false",
        "3672990000000043,Tanggal,2156-01-01,linmas,36.72,1000000,false",
        "3672990000000044,Tanggal,2156-02-29,linmas,36.72,1000000,false",
        "3672990000000045,Tanggal,1899-12-31,linmas,36.72,1000000,false",
        "3672990000000046,Tanggal,0001-01-01,linmas,36.72,1000000,false",
        "3672990000000047,Tanggal,2023-02-29,linmas,36.72,1000000,false",
        "3672990000000048,Tanggal,2024-02-29,linmas,36.72,1000000,false",
        "3672990000000049,Tanggal,2024-04-31,linmas,36.72,1000000,false",
        "3672990000000050,Tanggal,2024-04-30,linmas,36.72,1000000,false",
        "3672990000000051,Tanggal,2024-00-10,linmas,36.72,1000000,false",
        "3672990000000052,Tanggal,2024-13-01,linmas,36.72,1000000,false",
        "3672990000000053,Tanggal,2024-01-00,linmas,36.72,1000000,false",
        "3672990000000054,Tanggal,2024-01-32,linmas,36.72,1000000,false",
        "3672990000000055,Tanggal,9999-12-31,linmas,36.72,1000000,false",
        # Lines over the cell limit (200 here), their cells at it, one over it, and all under it
        # (a cell's length is checked only when its line's is over the limit).
        "3672990000000080," + "z" * 200 + ",1980-01-01,linmas,36.72,1000000,false",
        "3672990000000081," + "z" * 201 + ",1980-01-01,linmas,36.72,1000000,false",
        "3672990000000082," + "w" * 150 + ",1980-01-01,linmas,36.72," + "1" * 7 + ",false",
        "3672990000000083,Akhir,1980-01-01,linmas,36.72,1000000," + "t" * 201,
    ]
    for k, e in enumerate(edges):
        rows.insert(100 + k * 97, e)
    text = "nik,name,birth_date,role,domicile,declared_income,registered_pu\r\n"
    text += "\r\n".join(rows[:1500]) + "\n" + "\n".join(rows[1500:])  # CRLF, then LF, no final end
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8", "surrogateescape").replace("\xff".encode(), b"\xff"))


def clean_population(path, n):
    rng = random.Random(11)
    with open(path, "w") as f:
        f.write("nik,name,birth_date,role,domicile,declared_income,registered_pu\n")
        for r in clean_rows(rng, n):
            f.write(",".join(r) + "\n")


def repeated(src, dst, seed, share=0.03):
    """`src` (a CSV file whose first cell is the id) with a `share` of its rows given the id of an
    earlier row, most of them far before it (another of the lane's blocks) and some ids three
    times or more: the copies are told apart by the lane's workers (Lane::exact_ids) as the
    generic scan tells them, and each names the lines of all of them; a run that only counts
    has the kernel decide the copies (Lane::count_copy), eligible or not, in a group or none,
    on a date the policy is valid or not."""
    rng = random.Random(seed)
    lines = open(src, "rb").read().split(b"\n")
    ids = []
    for n, line in enumerate(lines[1:], 1):
        cells = line.split(b",", 1)
        if len(cells) < 2 or not cells[0].strip():
            continue
        if ids and rng.random() < share:
            source = rng.choice(ids[:10]) if rng.random() < 0.1 else rng.choice(ids)  # a few very often
            lines[n] = source + b"," + cells[1]
        else:
            ids.append(cells[0])
    open(dst, "wb").write(b"\n".join(lines))


def late_repeats(src, dst, copies=12):
    """`src` (a CSV file whose first cell is the id) with `copies` rows of its last fifth given
    the id of a row between three fifths and four fifths in: no id repeats among the first
    rows, where an optimistic pass looks for repeats to stop early (EarlyRepeats), so the pass
    decides the whole file before it learns that ids repeat, and decides it again."""
    rng = random.Random(copies)
    lines = open(src, "rb").read().split(b"\n")
    rows = [n for n, line in enumerate(lines[1:], 1) if line.strip()]
    fifth = len(rows) // 5
    sources = rng.sample(rows[3 * fifth:4 * fifth], copies)
    for source, n in zip(sources, rng.sample(rows[4 * fifth:], copies)):
        lines[n] = lines[source].split(b",", 1)[0] + b"," + lines[n].split(b",", 1)[1]
    open(dst, "wb").write(b"\n".join(lines))


def rejected_run_ons(src, dst, every=40):
    """`src` (clean rows) with, every `every` rows, a row with an impossible date and then one
    whose quoted name runs on to a second line, its date impossible too: both rejected, in that
    order, in most of the lane's blocks. A run that only counts learns its blocks' first lines
    late (Lane::numbers_lazily) and keeps its generic records to the block's end, or to a row
    that runs on, which needs its number at once: the rejections stay in input order."""
    lines = open(src).read().split("\n")
    out = [lines[0]]
    for n, line in enumerate(lines[1:], 1):
        out.append(line)
        if line and n % every == 0:
            cells = line.split(",")
            out.append(",".join([f"3699{2 * n:012d}", "Tanggal", "1980-02-30"] + cells[3:]))  # ids unique:
            out.append(",".join([f"3699{2 * n + 1:012d}", '"Nama\nDua Baris"', "1980-13-01"] + cells[3:]))  # no rescan
    open(dst, "w").write("\n".join(out))


def long_start(path, long_column):
    """The header past the lane's first read (4 KiB): 3.000 blank lines before it, and a column of
    9.000 bytes in it (read past with --ignore-field)."""
    rng = random.Random(13)
    with open(path, "w") as f:
        f.write("\n" * 3000)
        f.write("nik,name,birth_date,role,domicile,declared_income," + long_column + ",registered_pu\n")
        for r in clean_rows(rng, 300):
            f.write(",".join(r[:6] + ["x"] + r[6:]) + "\n")


def without_allocation(src, dst):
    """The policy without its budgets and quotas (the lane decides no allocation)."""
    text = open(src).read()
    text = re.sub(r"(?m)^\s*(budget|quota)\b.*\n", "", text)
    open(dst, "w").write(text)


def many_rejections(path):
    """12.000 rejected rows among good ones: more than the optimistic pass holds back (10.000)."""
    rng = random.Random(5)
    with open(path, "w") as f:
        f.write("nik,name,birth_date,role,domicile,declared_income,registered_pu\n")
        for i, r in enumerate(clean_rows(rng, 15_000)):
            if i % 5:
                r[2] = "1980-02-31"
            f.write(",".join(r) + "\n")


def late_surprise(path, tail, rows=20_000):
    """A clean file whose last rows hold what the lane does not read (a quote, a lone CR): an
    optimistic pass must be undone and the generic path decide it all."""
    rng = random.Random(9)
    with open(path, "w", newline="") as f:
        f.write("nik,name,birth_date,role,domicile,declared_income,registered_pu\n")
        for r in clean_rows(rng, rows):
            f.write(",".join(r) + "\n")
        f.write(tail)


KERNEL_POLICY = """policy "kernel-check"
region 36.72 "Kota Cilegon"
basis  "tests/runtime/fast_lane.py"
valid  2024-01-01 .. 2024-12-31

record r {
  id : int
  n  : int
  m  : money
  d  : date
  t  : text
}

let pct = n * 0,5%
let age = years_between(d, as_of)

programme A "A"
  contribution = round(m * 1,5%)
programme B "B"
  contribution = floor(m * pct)
programme C "C"
  contribution = ceil(m * 0,25% * 3) + min(Rp 100, m) + round(m / 12) + floor(pct * m / -7)

payer p "P"
payer q "Q"

require r1 "r1" [T 1]
  n between -5 and 100
require r2 "r2" [T 2]
  age >= 18
require r3 "r3" [T 3]
  months_between(d, 2024-03-31) < 600
require r4 "r4" [T 4]
  years_between(d, start_of_year(as_of)) < 60 or d > end_of_month(as_of)
require r5 "r5" [T 5]
  end_of_month(d) > 1996-02-28 and months_between(start_of_year(d), end_of_year(d)) == 11 or start_of_month(d) == d
require r6 "r6" [T 6]
  m / 3 >= Rp 0,33 and pct / 4 < 12%

group g1 "G1" {
  when t in ["a", "b"]
  covers A, B, C
  paid_by p 60%, q 40%
}
group g2 "G2" {
  when t == "c" or n > 50
  covers A
  paid_by q
}
"""


ALLOC_POLICY = """policy "alloc-check"
region 36.72 "Kota Cilegon"
basis  "tests/runtime/fast_lane.py"
valid  2024-01-01 .. 2025-12-31

record r {
  id : int
  n  : int
  m  : money
  d  : date optional
  t  : text
}

programme A "A"
  contribution = round(m * 1,5%)
programme B "B"
  contribution = Rp 6.800

payer p "P" [T 7]
  budget 2024 = Rp 9.000.000
payer q "Q" [T 8]
payer v "V" [T 10]
  budget 2024 = Rp 150.000

require adult "adult" [T 1]
  n >= 0

quota shared "Shared places" [T 9] 150 rank by n * 0,5% desc

group g1 "G1" [T 5] {
  when t == "a"
  covers A, B
  paid_by p 60%, q 40%
  quota 3 per n rank by d
}
group g2 "G2" [T 6] {
  when t == "b"
  covers A
  paid_by p
  quota shared
}
group g3 "G3" [T 6] {
  when t == "c"
  covers B
  paid_by q
  quota shared
}
group g4 "G4" [T 6] {
  when t == "z"
  covers A, B
  paid_by q 50%, v 50% of n
}
"""


def alloc_case(work, rows=4000, optional_id=False):
    """Quotas and budgets: the kernel's candidates and the generic runtime's (a missing date,
    which ranks last) in one allocation; ties on every rank value, broken by id. With
    `optional_id` the id may be left empty, the record's id then its line number, which the
    next record's id spells (the two are one id, both `duplicate_id`, which the lane's hashes of
    id cells do not see)."""
    name = "alloc-optional-id" if optional_id else "alloc-check"
    policy = os.path.join(work, name + ".policy")
    open(policy, "w").write(ALLOC_POLICY.replace("  id : int\n", "  id : int optional\n") if optional_id
                            else ALLOC_POLICY)
    rng = random.Random(17)
    lines = ["id,n,m,d,t"]
    for i in range(rows):
        d = "" if rng.random() < 0.05 else f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        key = rng.randrange(10 * rows)
        if optional_id and i % 50 == 0:
            key = ""
        elif optional_id and i % 50 == 1:
            key = i + 1  # the line of the record before (the header is line 1)
        n, t = rng.randint(-3, 60), rng.choice(["a", "b", "c", "z", "a", "y"])
        if optional_id and i % 50 < 2:
            n, t = 20, "b"  # both candidates
        lines.append(f"{key},{n},{rng.choice([0, 5, 1000, 20000, 99999])},{d},{t}")
    records = os.path.join(work, name + ".csv")
    open(records, "w").write("\n".join(lines) + "\n")
    return policy, records


def kernel_case(work, rows=4000, text_ids=False):
    """A policy of the kernel's harder operations (negative percentages, floor and ceil, a
    product of fractions, min, months and years to month ends and leap days, shares that leave
    a remainder, date functions of `as_of` and of a record's date) and records that reach their edges. With `text_ids`
    the id is a text, and some ids are written escaped in JSON (a backslash, a tab, a control
    byte, UTF-8, invalid UTF-8)."""
    name = "kernel-text-ids" if text_ids else "kernel-check"
    policy = os.path.join(work, name + ".policy")
    open(policy, "w").write(KERNEL_POLICY.replace("  id : int", "  id : text") if text_ids else KERNEL_POLICY)
    forms = ["k{}", "back\\slash{}", "tab\tinside{}", "ctl\x01{}", "\u00fcml{}", "long id {} " + "x" * 40]
    rng = random.Random(13)
    lines = ["id,n,m,d,t"]
    for i in range(rows):
        y = rng.choice([1960, 1964, 1996, 2000, 2006, 2010])
        m, d = rng.choice([(2, 28), (2, 29), (3, 30), (3, 31), (4, 1), (12, 31)])
        if m == 2 and d == 29 and y % 4:
            d = 28
        key = rng.choice(forms).format(i) if text_ids else str(i)
        lines.append(f"{key},{rng.randint(-10, 120)},{rng.choice([0, 1, 5, 99, 333, 1000001, 999999999])},"
                     f"{y:04d}-{m:02d}-{d:02d},{rng.choice(['a', 'b', 'c', 'z', 'a'])}")
    records = os.path.join(work, name + ".csv")
    text = ("\n".join(lines) + "\n").encode()
    if text_ids:  # one id with a byte that is not UTF-8: the generic reader rejects it, as the lane must
        text += b"bad\xffid,1,1,2000-01-01,a\n"
    open(records, "wb").write(text)
    return policy, records


FIELDS_POLICY = """policy "field-forms"
region 36.72 "Kota Cilegon"
basis  "tests/runtime/fast_lane.py"
valid  2024-01-01 .. 2024-12-31

record r {
  nik      : nik
  risk     : int between 1 and 5 = 1
  status   : text in ["aktif", "nonaktif"] optional
  village  : region within [36.72, 36.04] level village optional
  desa     : region level village optional
  income   : money between Rp 0 and Rp 10.000.000 = Rp 1.000.000
  started  : date between 2020-01-01 and 2024-12-31 optional
  pu       : bool = false
  role     : text = "lain"
}

programme JKK "JKK"
  contribution = round(income * 1%) * risk
programme JKM "JKM"
  contribution = Rp 6.800

payer p "P"

require not_pu "not_pu" [T 1]
  not pu

group aktif "Aktif" {
  when role == "kader"
  covers JKK, JKM
  paid_by p
}
group lain "Lain" {
  when role != "kader"
  covers JKM
  paid_by p
}
"""


def fields_case(work, rows=3000):
    """Fields with a constraint or a default, in the lane's usual notations and around them: a
    value inside or outside the constraint, an empty cell (the default, or missing), a cell with
    spaces around it. The lane converts the usual cell itself; a constraint it skipped, or a
    default it missed, would decide a record the generic runtime rejects."""
    policy = os.path.join(work, "field-forms.policy")
    open(policy, "w").write(FIELDS_POLICY)
    rng = random.Random(29)
    forms = {
        # and the generic reader's other notations (field_convert.cpp), which the lane reads
        # with its function (convert_written): separators, `Rp`, yes/no words in any case
        "risk": ["1", "3", "5", "0", "6", "9", "", " 2", "4 ", "-1", "0.003", "0_4", "1.000", "2_", "3.5", " 0.002 "],
        "status": ["aktif", "nonaktif", "lainnya", "", " aktif", "aktif "],
        "village": ["36.72.01.2001", "36.04.05.1002", "31.74.01.1001", "36.72", "", " 36.72.02.2002"],
        # a level alone: each level of code (the lane reads three of them), blank, spaced
        "desa": ["36.72.01.2001", "31.74.01.1001", "36.72.01", "36.72", "36", "", " 63.10.02.2003", "36.72.01.200"],
        "income": ["0", "500000", "10000000", "10000001", "99999999", "", " 2000000", "1500000 ", "Rp 1.500.000",
                   "1.000.000", '"Rp1.000.000,50"', "RP 2.000.000", "Rp. 500.000", '"rp 750.000,5"', "Rp 1_000_000",
                   "1.00.000", '"Rp 1.000.000,505"', "-500", "Rp -5", "10.000.001", '"Rp 10.000.000,01"', "Rp",
                   " Rp 3.000.000 ", "123456789012345678"],
        "started": ["2020-01-01", "2024-12-31", "2019-12-31", "2025-01-01", "2022-06-15", "", " 2021-01-01"],
        "pu": ["true", "false", "", "1", "0", " true", "ya", "tidak", "TRUE", "False", "Yes", "NO", "benar", "Salah",
               "yaa", "Y", " Tidak "],
        "role": ["kader", "lain", "", "kader ", " x"],
    }
    lines = ["nik," + ",".join(forms)]
    for i in range(rows):
        lines.append(f"{3672000000000000 + i}," + ",".join(rng.choice(v) for v in forms.values()))
    records = os.path.join(work, "field-forms.csv")
    open(records, "w").write("\n".join(lines) + "\n")
    return policy, records


def quoted(src, dst, seed, kept=()):
    """`src` with quotes as spreadsheets and CSV writers put them (every cell quoted, some cells,
    blanks around a quoted cell) and as people do (a comma or a doubled quote inside a quoted
    cell, a quote inside an unquoted one, text after a closing quote): each quoted field closes
    on its line, so the lane reads every line (JARING_RUNTIME=fast), framing those with quotes
    as read_csv does. Lines that already hold a quote are kept as they are; the columns `kept`
    are quoted whole or not at all (an int id in another notation stops the lane)."""
    rng = random.Random(seed)
    out = []
    for line in open(src, "rb").read().split(b"\n"):
        cr = line.endswith(b"\r")
        body = line[:-1] if cr else line
        style = rng.random()
        if b'"' in body or not body or style < 0.35:
            out.append(line)
            continue
        cells = body.split(b",")
        for i, cell in enumerate(cells):
            if style < 0.65 or rng.random() < 0.4:
                cells[i] = b'"' + cell + b'"'
                pick = 1 if i in kept else rng.random()
                if pick < 0.05:
                    cells[i] = b'  ' + cells[i] + b' \t'
                elif pick < 0.08:
                    cells[i] = b'"' + cell + b', ' + cell + b'"'
                elif pick < 0.10:
                    cells[i] = b'"' + cell[:1] + b'""' + cell[1:] + b'"'
                elif pick < 0.11:
                    cells[i] += b"x"
            elif rng.random() < 0.02 and cell[:1].strip() and i not in kept:  # after a blank the quote would open a field
                cells[i] = cell[:1] + b'"' + cell[1:]
        out.append(b",".join(cells) + (b"\r" if cr else b""))
    open(dst, "wb").write(b"\n".join(out))


def run_on(src, dst, seed, columns=(1,), long_cells=0, hostile=False):
    """`src` with quoted cells that run on past their line, as a spreadsheet writes a cell with line
    breaks (the line's own LF or CRLF inside, or the other), in the `columns`: some of two to
    five lines, and `long_cells` of 300 (18 KB: the lane's blocks then begin inside one, unless
    it knows where its rows begin). `hostile`: also cells whose quote opens and never closes,
    and run-ons that end with text after their closing quote or with a comma too many (read_csv
    makes each its first line alone, its rejection reading on, and resumes at the next line).
    The lane frames them all as read_csv does (JARING_RUNTIME=fast)."""
    rng = random.Random(seed)
    lines = open(src, "rb").read().split(b"\n")
    long_rows = set(rng.sample(range(1, max(2, len(lines) - 1)), min(long_cells, max(0, len(lines) - 2))))
    out = [lines[0]]
    for n, line in enumerate(lines[1:], 1):
        cr = line.endswith(b"\r")
        body = line[:-1] if cr else line
        cells = body.split(b",")
        if b'"' in body or len(cells) <= max(columns) or (n not in long_rows and rng.random() > 0.08):
            out.append(line)
            continue
        i = rng.choice(columns)
        breaks = 300 if n in long_rows else rng.randint(1, 4)
        parts = [cells[i]] + [b"Jl. Merdeka No. %d, RT %02d" % (rng.randint(1, 999), k) * (3 if n in long_rows else 1)
                              for k in range(breaks)]
        end = b"\r\n" if (cr if rng.random() < 0.8 else not cr) else b"\n"
        cells[i] = b'"' + end.join(parts) + b'"'
        if hostile and rng.random() < 0.1:
            cells[i] += rng.choice([b"x", b",extra"])
        if hostile and rng.random() < 0.02:
            cells[i] = b'"never closed ' + cells[i].replace(b'"', b"")
        out.append(b",".join(cells) + (b"\r" if cr else b""))
    open(dst, "wb").write(b"\n".join(out))


# Objects and arrays under a key read past: those the lane reads over (flatten_nested) and those
# it leaves to the generic reader (a key twice in one object, which json_read.cpp notes; an
# exponent; nine levels; more than 16 keys; an escaped key), and malformed ones both refuse. No
# `,{` and no bracket left open (the JSON array made of these lines would not frame as the lane
# frames an array's elements: json_elements.hpp).
NESTED_READ_PAST = [
    '{"rt":"001","rw":"002"}', '[]', '{}', '[[]]', '{ "a" : [ 1 , -2.5 , true , false , null , "x" ] }',
    '[{"a":1},[{"a":2}]]', '{"kel":"Cibeber","koordinat":[-6.0165,106.0482]}', '{"a":"RT 001\\/RW 002"}',
    '{"a":"Jos\\u00e9 \\ud83d\\ude00"}', '{"a":"\u00e9\u20ac"}', '[0,-0,10,0.0]', '[[[[[[[1]]]]]]]',
    '[[[[[[[[1]]]]]]]]', '[[[[[[[[[1]]]]]]]]]', '{"a":1,"a":2}', '{"a":{"b":1,"b":1}}', '[1e3]', '[1E-2]',
    '[12345678901234567890]', '[0.1234567890123456789]', '{"\\u0061":1,"a":2}',
    "{" + ",".join(f'"k{i}":{i}' for i in range(17)) + "}", '[1,]', '{"a":1,}', '[01]', '[1.]', '[-]', '[tru]',
    '{"a" 1}', '[1 2]', '["\x01"]', '["\\q"]', '["\\ud800"]', '{1:2}', '[.5]', '[+1]',
]


def escaped(text, rng):
    """JSON string `text` with an escape put in (in the short lines of json_lines): one the lane
    decodes as nlohmann does (a character escaped, `\\/`, a surrogate pair, U+0000) or one both
    refuse (a lone surrogate, a bad escape, too few hex digits)."""
    at = rng.randrange(1, len(text))
    if text[at - 1] == "\\" or text[at] in '"\\':
        return text
    escape = rng.choice(["\\u%04x" % ord(text[at]), "\\u%04X" % ord(text[at]), "\\/", "\\\\", "\\n", "\\t",
                         "\\ud83d\\ude00", "\\u00e9", "\\u0000", "\\ud83d", "\\ude00", "\\ud83d\\u0041", "\\x",
                         "\\u12"])
    itself = escape.lower() == "\\u%04x" % ord(text[at])  # the character, escaped
    return text[:at] + escape + text[at + (1 if itself else 0):]


def json_lines(src, dst, seed, numbers=(), bools=(), unknown=False, extra=(), kept=()):
    """`src` (a CSV file without quotes) as JSON Lines, written the ways systems write them: keys
    in the header's order or shuffled, spaces or none, an empty cell left out, null or "", the
    cells of the `numbers` columns as JSON numbers where they are digits (leading zeros and all,
    which is not JSON) and of the `bools` columns as true and false, some text escaped (the
    lane decodes escapes as nlohmann does: `escaped`) or non-ASCII, values JSON or the lane does not take
    (nested, fractions, exponents, -0), a key given twice, and lines that are no object at
    all. With `unknown`, a key the policy does not know on a few lines (the run stops on it:
    exit 2 from either runtime, so such a case runs on "auto"); the keys `extra` (for
    --ignore-field) on most lines, with text, numbers, null, a nested value or twice. The text
    of the `kept` columns is not changed (an int id in another notation stops the lane)."""
    rng = random.Random(seed)
    escapes = random.Random(seed + 1000)  # its own: the lines are otherwise as they were before it
    nests = random.Random(seed + 2000)  # the same, for the nested values read past
    raw = open(src, "rb").read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3 if bom else 0:].decode("utf-8", "surrogateescape").split("\n")
    header = lines[0].rstrip("\r").split(",")
    out = []
    for line in lines[1:]:
        cr = line.endswith("\r")
        cells = line.rstrip("\r").split(",")
        if not line.strip() or len(cells) != len(header) or rng.random() < 0.01:
            out.append(line)  # blank, whitespace, or no JSON object: kept as the line it was
            continue
        keys = list(range(len(header)))
        if rng.random() < 0.3:
            rng.shuffle(keys)
        parts = []
        for k in keys:
            cell, name = cells[k], header[k]
            if cell == "":
                pick = rng.random()
                if pick < 0.4:
                    continue
                parts.append((name, "null" if pick < 0.7 else '""'))
            elif name in numbers and re.fullmatch(r"-?[0-9]+", cell) and rng.random() < 0.7:
                parts.append((name, cell))
            elif name in bools and cell in ("true", "false") and rng.random() < 0.7:
                parts.append((name, cell))
            else:
                text = json.dumps(cell, ensure_ascii=rng.random() < 0.5)
                if name in kept:
                    pass
                elif rng.random() < 0.01:
                    text = text[:-1] + '\\"x"'  # an escaped quote inside
                elif rng.random() < 0.02:  # UTF-8 well-formed or not (overlong, surrogate, past U+10FFFF, cut), DEL
                    raw = rng.choice([b"\xc3\xa9", b"\xf0\x9f\x98\x80", b"\xe2\x82\xac", b"\xc0\x80", b"\xed\xa0\x80",
                                      b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x7f", b"\xc2"])
                    text = text[:-1] + raw.decode("utf-8", "surrogateescape") + '"'
                if name not in kept and len(line) < 1000 and escapes.random() < 0.04:
                    text = escaped(text, escapes)
                parts.append((name, text))
        for name in extra:
            if rng.random() < 0.8:
                value = rng.choice(['"Jl. Mawar 1"', "17", "null", '""', "-3", "1.5", '{"rt":1}', '"a\\"b"'])
                if escapes.random() < 0.2:  # PHP's json_encode escapes `/`; a bad escape both refuse
                    value = escapes.choice(['"RT 001\\/RW 002"', '"Jos\\u00e9"', '"\\x"'])
                if nests.random() < 0.3:  # an object or array read past (flatten_nested), or one it leaves
                    value = nests.choice(NESTED_READ_PAST)
                parts.insert(rng.randrange(len(parts) + 1), (name, value))
                if rng.random() < 0.01:
                    parts.append((name, "1"))  # given twice
        if parts and rng.random() < 0.03:
            k = rng.randrange(len(parts))
            parts[k] = (parts[k][0], rng.choice(['{"a":1}', "[1]", "1.5", "1e3", "-0", "0", "-7", "007", "-01", "true", "12 "]))
        spaced = rng.random() < 0.3
        sep, colon = (", ", ": ") if spaced else (",", ":")
        body = "{" + sep.join(f'"{name}"{colon}{value}' for name, value in parts) + "}"
        pick = rng.random()
        if pick < 0.005:
            body = body[:-1] + ',"' + header[0] + '":null}'  # a key given twice
        elif pick < 0.01 and unknown:
            body = body[:-1] + ',"nested":{"a":1}}'
        elif pick < 0.015:
            body = " \t" + body + "  "
        out.append(body + ("\r" if cr else ""))
    open(dst, "wb").write((b"\xef\xbb\xbf" if bom else b"") + "\n".join(out).encode("utf-8", "surrogateescape"))


def json_array(src, dst, seed, hostile=None):
    """The objects of JSON Lines file `src` (json_lines' output) as one JSON array, written the
    ways systems write one: on one line, or one element a line, or elements spread over lines
    (those that are JSON, indented by Python), with spaces, tabs and CRLF around the commas, the
    byte order mark kept. The lane guesses where elements begin (a `{` after a comma) and checks
    each guess by framing the elements (json_elements.hpp). `hostile`: "strings" puts `},{` and
    `, {` into text so that a block may begin inside a string, "nested" an array of objects into
    some values (a guess fails, and the lane frames the array from its start: row_starts.hpp);
    the others run on "auto" (the lane stops, or the generic reader's rejections follow):
    "scalar" an element that is no object; "open" drops
    the closing `]`, "comma" leaves a comma after the last element instead (a file cut short
    there: the generic reader's rejection of its own); "after" puts text after it."""
    rng = random.Random(seed)
    raw = open(src, "rb").read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3 if bom else 0:].decode("utf-8", "surrogateescape")
    elements = []
    for line in text.split("\n"):
        e = line.strip(" \t\r")
        if not (e.startswith("{") and e.endswith("}")):
            continue
        if hostile == "strings" and rng.random() < 0.3:
            e = e.replace('"name":"', '"name":"x},{\\"a\\": 1}, {y ', 1).replace('"name": "', '"name": "}, {"z"}, {', 1)
        elif hostile == "nested" and rng.random() < 0.01:
            e = e[:-1] + ', "kids": [{"a": 1}, {"b": 2}]}'
        elif hostile == "scalar" and rng.random() < 0.002:
            elements.append(rng.choice(["17", '"x"', "null", "[]", "[{}]"]))
        elif rng.random() < 0.05:
            try:  # not an element that is not JSON, nor one with a lone surrogate (Python reads one)
                indented = json.dumps(json.loads(e), indent=rng.choice([2, 4]), ensure_ascii=False)
                indented.encode("utf-8")
                e = indented
            except ValueError:
                pass
        elements.append(e)
    shape = seed % 3  # one line; one element a line; mixed
    out = []
    for i, e in enumerate(elements):
        if i:
            out.append("," if shape == 0 and rng.random() < 0.5 else
                       ", " if shape == 0 else
                       ",\n  " if shape == 1 else
                       rng.choice([",", ", ", ",\n", ",\r\n", " ,\n\t", "\n,\n", ",\t\n\n  "]))
        out.append(e)
    body = ("[" if shape == 0 else "[\n  ") + "".join(out) + ("]" if shape == 0 else "\n]\n")
    if hostile == "open":
        body = body.rstrip().rstrip("]")
    elif hostile == "comma":
        body = body.rstrip().rstrip("]").rstrip() + ",\n"
    elif hostile == "after":
        body += ' {"more": 1}\n'
    open(dst, "wb").write((b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8", "surrogateescape"))


def run(jaring, runtime, args, cwd):
    env = dict(os.environ, JARING_RUNTIME=runtime)
    r = subprocess.run([jaring, *args], capture_output=True, env=env, cwd=cwd)
    # The note a run the fast lane did not take ends with (eval_command.cpp) is no difference in
    # what was decided.
    said = b"".join(line for line in r.stderr.splitlines(True)
                    if not line.startswith(b"jaring: note: the generic runtime decided"))
    return r.returncode, r.stdout, said


def compare(jaring, root, work, name, policy, records, as_of, extra=(), lane="fast"):
    outputs = {}
    # The generic runtime once, at one thread: it is the reference, and its own sameness at any
    # thread count is batch_test's ("every row decided once, in input order, the same on 1 and 2
    # threads") and every CLI test's at the default threads. Run at 3 threads as well it was a
    # third of this test's time.
    for runtime, threads in [("generic", "1"), (lane, "1"), (lane, "3")]:
        tag = f"{runtime}-{threads}"
        base = ["eval", policy, "--as-of", as_of, "--records", records, "--threads", threads, *extra]
        # No output of an earlier run may stand in for one this run failed to write.
        for ext in ["csv", "rej", "s1", "jsonl", "s2", "rej2"]:
            if os.path.exists(f"{work}/{name}.{tag}.{ext}"):
                os.remove(f"{work}/{name}.{tag}.{ext}")
        got = []
        for mode, flags in [("csv", ["--out", f"{work}/{name}.{tag}.csv", "--rejects", f"{work}/{name}.{tag}.rej",
                                     "--summary", f"{work}/{name}.{tag}.s1"]),
                            ("jsonl", ["--out", f"{work}/{name}.{tag}.jsonl"]),
                            # No decision rendered: line numbers only for --rejects (a
                            # block's first line is then learnt only when one needs it).
                            ("none", ["--no-decisions", "--summary", f"{work}/{name}.{tag}.s2",
                                      "--rejects", f"{work}/{name}.{tag}.rej2"])]:
            code, out, err = run(jaring, runtime, base + flags, root)
            if runtime == "fast" and b"fast lane does not apply" in err:
                sys.exit(f"{name}: {err.decode(errors='replace').strip()}")
            got.append((mode, code, out, err))
        for ext in ["csv", "rej", "s1", "jsonl", "s2", "rej2"]:  # none when the run stopped (both must)
            path = f"{work}/{name}.{tag}.{ext}"
            got.append((ext, 0, open(path, "rb").read() if os.path.exists(path) else None, b""))
        outputs[tag] = got
    reference = outputs["generic-1"]
    for tag, got in outputs.items():
        for (mode, code, out, err), (_, rcode, rout, rerr) in zip(got, reference):
            if (code, out, err) != (rcode, rout, rerr):
                sys.exit(f"{name}: {mode} of {tag} differs from generic-1 (exit {code} vs {rcode})\n"
                         f"--- {tag}:\n{out[:2000]!r}\n{err[:2000]!r}\n--- generic-1:\n{rout[:2000]!r}\n{rerr[:2000]!r}")
    if reference[3][2] is None:
        print(f"{name}: stopped (exit {reference[0][1]}), alike (the lane at 1 and 3 threads)")
        return 0
    decided = len(reference[3][2].splitlines()) - 1
    print(f"{name}: {decided} decisions, identical in every output (the lane at 1 and 3 threads)")
    return decided


def compare_whatif(jaring, root, work, records):
    """`jaring diff --records` and `jaring project` read decisions from the lane (fast_decide_each):
    their reports must be the generic runtime's, byte for byte."""
    base = os.path.join(root, "rules/regions/cilegon-2024.policy")
    raperwal = os.path.join(root, "rules/regions/cilegon-2025-raperwal.policy")
    with_column = os.path.join(work, "whatif.csv")
    with open(records) as f, open(with_column, "w") as out:  # the column the Raperwal adds
        for i, line in enumerate(f):
            line = line.rstrip("\n")
            out.write(line + (",occupation_attested\n" if i == 0 else f",{'true' if i % 3 else 'false'}\n"))
    as_json = os.path.join(work, "whatif.jsonl")  # and as JSON Lines (the lane's scan, then its pass)
    json_lines(with_column, as_json, 8, numbers=("declared_income",),
               bools=("registered_pu", "kcm_roster", "occupation_attested"))
    as_array = os.path.join(work, "whatif.json")  # and as a JSON array, one element a line
    json_array(as_json, as_array, 4)
    with_run_ons = os.path.join(work, "whatif_run_on.csv")  # the scan before the pass, framing them whole
    run_on(with_column, with_run_ons, 9, long_cells=20, hostile=True)
    runs = {}
    for form, path in [("", with_column), (" jsonl", as_json), (" json", as_array), (" run-on", with_run_ons)]:
        runs["diff" + form] = ["diff", base, raperwal, "--records", path, "--base-as-of", "2024-08-01",
                               "--as-of", "2025-08-01", "--format", "json", "-I", "rules"]
        runs["project" + form] = ["project", base, "--records", path, "--ignore-field", "occupation_attested",
                                  "--from", "2024-01", "--to", "2024-12", "--format", "csv", "-I", "rules"]
    for name, args in runs.items():
        got = {runtime: run(jaring, runtime, args, root) for runtime in ["generic", "fast"]}
        if got["generic"][0] != 0 or got["generic"] != got["fast"]:
            sys.exit(f"whatif {name}: the fast lane's report differs from the generic runtime's\n"
                     f"generic: {got['generic'][0]} {got['generic'][2][:500]!r}\nfast: {got['fast'][0]} "
                     f"{got['fast'][2][:500]!r}")
        print(f"whatif {name}: identical")


def main():
    jaring, root, work = sys.argv[1:4]
    clean_records = int(sys.argv[4]) if len(sys.argv) > 4 else 50_000
    full = clean_records >= 50_000
    os.makedirs(work, exist_ok=True)
    bench = os.path.join(root, "examples/bench/cilegon-bench.policy")
    edge = os.path.join(work, "edge.csv")
    edge_population(edge)
    compare(jaring, root, work, "edge", bench, edge, "2024-08-01",
            ["--max-field-bytes", "200", "--max-record-bytes", "4000"])
    # The same with quotes: the header too, cells cut at the limit inside quotes, CRLF lines.
    quoted(edge, os.path.join(work, "edge_quoted.csv"), 1)
    compare(jaring, root, work, "edge_quoted", bench, os.path.join(work, "edge_quoted.csv"), "2024-08-01",
            ["--max-field-bytes", "200", "--max-record-bytes", "4000"])
    # With cells that run on past their line: the lane finds where its blocks' rows begin, and
    # frames them whole (or, cut at the limits, as read_csv rejects them).
    run_on(edge, os.path.join(work, "edge_run_on.csv"), 1, columns=(1, 3), hostile=True)
    compare(jaring, root, work, "edge_run_on", bench, os.path.join(work, "edge_run_on.csv"), "2024-08-01",
            ["--max-field-bytes", "200", "--max-record-bytes", "4000"])
    # As JSON Lines; and with a key the policy does not know on a few lines (the run stops).
    bench_types = {"numbers": ("declared_income",), "bools": ("registered_pu",)}
    json_lines(edge, os.path.join(work, "edge.jsonl"), 1, **bench_types)
    compare(jaring, root, work, "edge_jsonl", bench, os.path.join(work, "edge.jsonl"), "2024-08-01",
            ["--max-field-bytes", "200", "--max-record-bytes", "4000"])
    # As a JSON array, in each of its shapes; and with what makes the lane stop part-way or
    # leaves the generic reader rejections of its own.
    for seed in [1, 2, 3]:
        json_array(os.path.join(work, "edge.jsonl"), os.path.join(work, f"edge_{seed}.json"), seed)
        compare(jaring, root, work, f"edge_json_{seed}", bench, os.path.join(work, f"edge_{seed}.json"), "2024-08-01",
                ["--max-field-bytes", "200", "--max-record-bytes", "4000"])
    # (`, {` in strings and nested arrays of objects: the lane's guesses fail, and it frames
    # the array from its start; the others are the generic reader's.)
    for seed, hostile in enumerate(["strings", "nested", "scalar", "open", "comma", "after"]):
        json_array(os.path.join(work, "edge.jsonl"), os.path.join(work, f"edge_{hostile}.json"), seed, hostile)
        compare(jaring, root, work, f"edge_json_{hostile}", bench, os.path.join(work, f"edge_{hostile}.json"),
                "2024-08-01", ["--max-field-bytes", "200", "--max-record-bytes", "4000", "--ignore-field", "kids"],
                lane="fast" if hostile in ("strings", "nested") else "auto")
    json_lines(edge, os.path.join(work, "edge_unknown.jsonl"), 2, unknown=True, **bench_types)
    if compare(jaring, root, work, "edge_jsonl_unknown", bench, os.path.join(work, "edge_unknown.jsonl"),
               "2024-08-01", lane="auto") != 0:
        sys.exit("edge_jsonl_unknown: a key the policy does not know must stop the run")
    long_column = "c" * 9000
    start = os.path.join(work, "long_start.csv")
    long_start(start, long_column)
    compare(jaring, root, work, "long_start", bench, start, "2024-08-01", ["--ignore-field", long_column])
    clean = os.path.join(work, "clean.csv")
    clean_population(clean, clean_records)
    compare(jaring, root, work, "clean", bench, clean, "2024-08-01")
    compare(jaring, root, work, "clean_before_switch", bench, clean, "2024-06-30")
    run_on(clean, clean + ".run_on.csv", 2, long_cells=40)
    compare(jaring, root, work, "clean_run_on", bench, clean + ".run_on.csv", "2024-08-01")
    run_on(clean, clean + ".run_on_hostile.csv", 3, columns=(1, 3), long_cells=10, hostile=True)
    compare(jaring, root, work, "clean_run_on_hostile", bench, clean + ".run_on_hostile.csv", "2024-08-01")
    # As JSON Lines with keys the policy does not know, read past with --ignore-field.
    json_lines(clean, clean + ".jsonl", 7, extra=("alamat", "no_hp"), **bench_types)
    compare(jaring, root, work, "clean_jsonl_ignored", bench, clean + ".jsonl", "2024-08-01",
            ["--ignore-field", "alamat", "--ignore-field", "no_hp"])
    json_array(clean + ".jsonl", clean + ".json", 3)
    compare(jaring, root, work, "clean_json_ignored", bench, clean + ".json", "2024-08-01",
            ["--ignore-field", "alamat", "--ignore-field", "no_hp"])
    rejected_run_ons(clean, clean + ".rejected_run_ons.csv")
    compare(jaring, root, work, "clean_rejected_run_ons", bench, clean + ".rejected_run_ons.csv", "2024-08-01")
    # Ids that repeat, in every form the lane reads: their copies told apart by the workers.
    repeats = clean + ".repeated.csv"
    repeated(clean, repeats, 5)
    compare(jaring, root, work, "clean_repeated", bench, repeats, "2024-08-01")
    late_repeats(clean, clean + ".late_repeats.csv")
    compare(jaring, root, work, "clean_late_repeats", bench, clean + ".late_repeats.csv", "2024-08-01")
    compare(jaring, root, work, "clean_repeated_outside_validity", bench, repeats, "2025-01-01")
    quoted(repeats, repeats + ".quoted.csv", 5)
    compare(jaring, root, work, "clean_repeated_quoted", bench, repeats + ".quoted.csv", "2024-08-01")
    run_on(repeats, repeats + ".run_on.csv", 5, columns=(1, 3), long_cells=10)
    compare(jaring, root, work, "clean_repeated_run_on", bench, repeats + ".run_on.csv", "2024-08-01")
    json_lines(repeats, repeats + ".jsonl", 5, **bench_types)
    compare(jaring, root, work, "clean_repeated_jsonl", bench, repeats + ".jsonl", "2024-08-01")
    json_array(repeats + ".jsonl", repeats + ".json", 5)
    compare(jaring, root, work, "clean_repeated_json", bench, repeats + ".json", "2024-08-01")
    # A date the policy is not valid on: every record read and checked as on any other date,
    # none decided further (the lane's Outside; once the generic runtime's, record by record).
    compare(jaring, root, work, "clean_outside_validity", bench, clean, "2025-01-01")
    policy, records = kernel_case(work, 4000 if full else 1000)
    for as_of in ["2024-02-29", "2024-03-31"]:
        compare(jaring, root, work, f"kernel_{as_of}", policy, records, as_of)
    policy, records = kernel_case(work, 4000 if full else 1000, text_ids=True)
    compare(jaring, root, work, "kernel_text_ids", policy, records, "2024-03-31")
    quoted(records, records + ".quoted.csv", 4)
    compare(jaring, root, work, "kernel_text_ids_quoted", policy, records + ".quoted.csv", "2024-03-31")
    json_lines(records, records + ".jsonl", 5, numbers=("n", "m"))
    compare(jaring, root, work, "kernel_text_ids_jsonl", policy, records + ".jsonl", "2024-03-31")
    json_array(records + ".jsonl", records + ".json", 5)
    compare(jaring, root, work, "kernel_text_ids_json", policy, records + ".json", "2024-03-31")
    if full:
        rejections = os.path.join(work, "rejections.csv")
        many_rejections(rejections)
        compare(jaring, root, work, "many_rejections", bench, rejections, "2024-08-01")
        compare(jaring, root, work, "many_rejections_outside_validity", bench, rejections, "2023-12-31")
    for name, tail in [("late_quote", '3672990000000100,"Quoted, on\ntwo lines",1980-01-01,linmas,36.72,1000000,false\n'),
                       ("late_cr", "3672990000000101,Lone CR,1980-01-01,linmas,36.72,1000000,false\r"
                                   "3672990000000102,After,1980-01-01,linmas,36.72,1000000,false\n")]:
        late = os.path.join(work, f"{name}.csv")
        late_surprise(late, tail, 20_000 if full else 2_000)
        # The quote the lane finds late, then where the file's rows begin; a lone CR, the generic reader's.
        compare(jaring, root, work, name, bench, late, "2024-08-01", lane="fast" if name == "late_quote" else "auto")
    late = os.path.join(work, "late_quote_closed.csv")  # quotes the lane reads, after 20.000 rows without
    late_surprise(late, '3672990000000100,"Quoted, late",1980-01-01,linmas,36.72,1000000,false\n',
                  20_000 if full else 2_000)
    compare(jaring, root, work, "late_quote_closed", bench, late, "2024-08-01")
    policy, records = fields_case(work, 3000 if full else 1000)
    compare(jaring, root, work, "field_forms", policy, records, "2024-08-01")
    quoted(records, records + ".quoted.csv", 2)
    compare(jaring, root, work, "field_forms_quoted", policy, records + ".quoted.csv", "2024-08-01")
    json_lines(records, records + ".jsonl", 3, numbers=("risk", "income"), bools=("pu",))
    compare(jaring, root, work, "field_forms_jsonl", policy, records + ".jsonl", "2024-08-01")
    json_array(records + ".jsonl", records + ".json", 6)
    compare(jaring, root, work, "field_forms_json", policy, records + ".json", "2024-08-01")
    policy, records = alloc_case(work, 4000 if full else 1000)
    for as_of in ["2024-08-01", "2025-01-01"]:  # 2025: no budget for the year
        compare(jaring, root, work, f"alloc_{as_of}", policy, records, as_of)
    # Candidates from quoted lines among the others, and their ids hashed for repeats.
    quoted(records, records + ".quoted.csv", 3, kept=(0,))
    compare(jaring, root, work, "alloc_quoted", policy, records + ".quoted.csv", "2024-08-01")
    run_on(records, records + ".run_on.csv", 4, columns=(2, 4), long_cells=5)  # (lines alone would be ids)
    compare(jaring, root, work, "alloc_run_on", policy, records + ".run_on.csv", "2024-08-01")
    json_lines(records, records + ".jsonl", 4, numbers=("id", "n", "m"), kept=("id",))
    compare(jaring, root, work, "alloc_jsonl", policy, records + ".jsonl", "2024-08-01")
    json_array(records + ".jsonl", records + ".json", 7)
    compare(jaring, root, work, "alloc_json", policy, records + ".json", "2024-08-01")
    policy, records = alloc_case(work, 1000, optional_id=True)
    compare(jaring, root, work, "alloc_optional_id", policy, records, "2024-08-01")
    for case, as_of in [("sharing", "2024-08-01"), ("risk_class", "2024-08-01"), ("duplicate_ids", "2024-08-01")]:
        src = os.path.join(root, "examples/eval", case)
        policy = os.path.join(work, f"{case}.policy")
        without_allocation(os.path.join(src, "policy.policy"), policy)
        compare(jaring, root, work, case, policy, os.path.join(src, "records.csv"), as_of, ["-I", "rules"])
    # The shipped scenarios with quotas and budgets, as they are.
    for case, as_of in [("quota", "2024-08-01"), ("shared-quota", "2024-08-01"), ("budget", "2024-08-01"),
                        ("city", "2024-03-21"), ("duplicate_ids", "2024-08-01"), ("village_level", "2024-09-01")]:
        src = os.path.join(root, "examples/eval", case)
        compare(jaring, root, work, f"{case}_allocated", os.path.join(src, "policy.policy"),
                os.path.join(src, "records.csv"), as_of, ["-I", "rules"])
    # The shipped regions' policies on their pinned synthetic populations.
    regions = [("cilegon-2024", "rules/regions/cilegon-2024.policy", "2024-08-01"),
               ("yogyakarta-2025", "rules/regions/yogyakarta-2025.policy.md", "2025-03-01"),
               ("yogyakarta-2024-apbdp", "examples/populations/yogyakarta-2024-apbdp/policy.policy", "2024-11-01"),
               ("tanah-bumbu-2024", "rules/regions/tanah-bumbu-2024.policy", "2024-08-01"),
               # Optional fields its requirements read left empty: decided with the missing values.
               ("tanah-bumbu-2024-incomplete", "rules/regions/tanah-bumbu-2024.policy", "2024-09-01"),
               # 4 % of its rows carry an earlier row's NIK (synth's "repeated").
               ("cilegon-2024-repeated", "rules/regions/cilegon-2024.policy", "2024-03-01")]
    for name, policy, as_of in regions if full else []:
        records = os.path.join(work, f"{name}.csv")
        code, _, err = run(jaring, "auto", ["synth", f"examples/populations/{name}/spec.json", "--out", records], root)
        if code != 0:
            sys.exit(f"synth {name}: {err!r}")
        # The same ending as the original: a literate policy's quotas are stripped in its blocks.
        stripped = os.path.join(work, name + (".policy.md" if policy.endswith(".policy.md") else ".policy"))
        without_allocation(os.path.join(root, policy), stripped)
        compare(jaring, root, work, name, stripped, records, as_of, ["-I", "rules"])
        compare(jaring, root, work, name + "_allocated", os.path.join(root, policy), records, as_of, ["-I", "rules"])
        # Ids that repeat, among quotas, budgets and keyed accounts: the copies no candidate.
        repeated(records, records + ".repeated.csv", 6)
        compare(jaring, root, work, name + "_repeated_allocated", os.path.join(root, policy),
                records + ".repeated.csv", as_of, ["-I", "rules"])
        if name == "cilegon-2024":
            # January: the election groups are not valid yet (the lane passes them over and names
            # them when no group takes the record).
            compare(jaring, root, work, name + "_january", os.path.join(root, policy), records, "2024-01-15",
                    ["-I", "rules"])
            compare(jaring, root, work, name + "_2025", os.path.join(root, policy), records, "2025-01-15",
                    ["-I", "rules"])
            compare_whatif(jaring, root, work, records)
            compare_whatif(jaring, root, work, records + ".repeated.csv")  # copies handed on too
            # A few repeats, none among the first rows: found only after a whole collecting pass.
            late_repeats(records, records + ".late_repeats.csv")
            compare(jaring, root, work, name + "_late_repeats_allocated", os.path.join(root, policy),
                    records + ".late_repeats.csv", as_of, ["-I", "rules"])
            quoted(records, records + ".quoted.csv", 5, kept=(0,))
            compare(jaring, root, work, name + "_quoted_allocated", os.path.join(root, policy),
                    records + ".quoted.csv", as_of, ["-I", "rules"])
            json_lines(records, records + ".jsonl", 6, numbers=("declared_income",),
                       bools=("registered_pu", "kcm_roster"))
            compare(jaring, root, work, name + "_jsonl_allocated", os.path.join(root, policy), records + ".jsonl",
                    as_of, ["-I", "rules"])
            json_array(records + ".jsonl", records + ".json", 8)
            compare(jaring, root, work, name + "_json_allocated", os.path.join(root, policy), records + ".json",
                    as_of, ["-I", "rules"])
    # The shipped JSON array, in the lane.
    compare(jaring, root, work, "json_array", os.path.join(root, "examples/eval/json_array/policy.policy"),
            os.path.join(root, "examples/eval/json_array/records.json"), "2024-03-21", ["-I", "rules"])
    # Where the lane does not apply, JARING_RUNTIME=fast says why and decides nothing.
    one = os.path.join(work, "one_object.json")
    with open(one, "w") as f:
        f.write('{"nik": "3672010105840001", "birth_date": "1984-05-01", "role": "ketua_rt"}\n')
    code, _, err = run(jaring, "fast", ["eval", os.path.join(root, "examples/eval/json_array/policy.policy"),
                                        "-I", "rules", "--as-of", "2024-03-21", "--records", one, "--no-decisions"],
                       root)
    if code != 2 or b"the fast lane does not apply: the file is not a JSON array that begins with an object" not in err:
        sys.exit(f"JARING_RUNTIME=fast on one JSON object: exit {code}, {err!r}")
    code, _, err = run(jaring, "nonsense", ["eval", bench, "--as-of", "2024-08-01", "--records", clean,
                                            "--no-decisions"], root)
    if code != 2 or b"JARING_RUNTIME must be auto, fast or generic" not in err:
        sys.exit(f"JARING_RUNTIME=nonsense: exit {code}, {err!r}")


main()
