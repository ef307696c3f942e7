#!/usr/bin/env python3
"""Random policies decide alike in the fast lane and in the generic runtime, byte for byte.

usage: policy_differential.py JARING WORKDIR [POLICIES] [SEED] [RECORD_LANE_COMPARE]
       (default 150 policies, seed 1)

fast_lane.py compares the two runtimes on fixed policies over many records; this compares them
on many policies over one population with every edge of value a field can take (0, negative, the
largest amounts, a missing value taking its default, an optional value missing where rules read it, a key no
table has). Each policy is drawn,
typed, from the language's expressions: money, unrounded amounts and percentages with their
arithmetic, divisions by constants and by a value of the record, min, max and `if` (of money and
unrounded amounts together too), rounding, whole numbers, dates and the calendar functions,
comparisons and `between`, text and region codes (fields, constants, lets and `if`s of them),
`in`, `within`, parameters (changing during the year, or without a value on the earlier dates,
or 0 as a divisor) and tables of percentages and of text, lets (now and then more than 64);
programmes with a PU scheme's employer and worker parts beside the BPU contribution; groups
covering either scheme, with quotas (per a field, ranked by a field, an optional date among
them, either way), waived requirements, a validity that ends, and paying lines shared by
percentage, by part, per account of a field, or changing during the year; payers with budgets.
Each policy is decided on a date drawn from inside its validity and one after it. A policy the
checker refuses is drawn again (counted; none should be).

For each policy `jaring eval` runs with JARING_RUNTIME=generic, then as users run it (the fast
lane wherever it applies) at 1 and 2 threads, writing decisions as CSV and as JSON Lines, the
summary and the rejects, and once more in the fast lane with --no-decisions and a summary (a run
that only counts); every file must be identical. Nine policies in ten must be taken by
the fast lane (JARING_RUNTIME=fast succeeds; every one drawn is, when this was written), so the
comparison cannot pass by falling back, and the kernel's reach cannot shrink unnoticed. With RECORD_LANE_COMPARE (tests/runtime/record_lane_compare.cpp) each record is
also decided alone through the policy's record lane, as `jaring serve` decides it, against the
generic runtime's decision. A run that refuses the population as a whole (a summary total
beyond an amount's range) must be refused alike by every runtime, with the same words; a
sanitizer's report fails the comparison. A policy that differs is kept in WORKDIR with both
outputs, and named.
"""
import os
import random
import subprocess
import sys

ROLES = ["ketua_rt", "ketua_rw", "kader_kcm", "nelayan", "linmas", "marbot", "adhoc_kpu", "pedagang", "pns"]
DOMICILES = ["36.72", "36.72.01", "36.72.01.1001", "36.04", "36.71.02"]
INCOMES = ["0", "1", "999999", "1000000", "1000001", "2500000", "3333333", "12345678", "100000000",
           "999999999999", "9223372036854775807", "4611686018427387904"]
NS = ["", "", "0", "1", "2", "3", "-1", "-2", "7", "100", "-100", "1000000"]


def population(rng, path, rows=400):
    with open(path, "w") as f:
        f.write("nik,name,birth_date,role,domicile,declared_income,registered_pu,n,registered_on,village,flag,extra\n")
        niks = []
        for i in range(rows):
            nik = "3672%012d" % rng.randrange(10**12)
            if niks and rng.random() < 0.01:
                nik = rng.choice(niks)  # a repeated id: both copies are the generic runtime's
            niks.append(nik)
            year = rng.choice([rng.randint(1940, 2015), 1959, 1964, 2009, 1994])
            date = "%04d-%02d-%02d" % (year, rng.choice([1, 2, 7, 8, 12]), rng.choice([1, 15, 28, 31 if year % 2 else 1]))
            f.write(",".join([nik, "Nama %d" % i, date, rng.choice(ROLES), rng.choice(DOMICILES),
                              rng.choice(INCOMES) if rng.random() < 0.3 else str(rng.randrange(0, 9_000_000)),
                              rng.choice(["true", "false"]), rng.choice(NS),
                              rng.choice(["", "2023-05-01", "2024-01-15", "2024-01-15", "2024-07-31", "2024-08-02"]),
                              rng.choice(["", "36.72.01.1001", "36.72.02.1003", "36.04.01.2001"]),
                              rng.choice(["", "true", "false", "false"]),
                              rng.choice(["", "0", "150000", "2500000", "9223372036854775807"])])
                    + "\n")


class Draw:
    """Typed expressions: M money, U unrounded money, P percent, I whole number, D date, B truth."""

    def __init__(self, rng, lets):
        self.rng = rng
        self.lets = lets  # name -> type, those declared so far

    def pick(self, *options):
        return self.rng.choice(options)

    def let_of(self, t):
        names = [n for n, k in self.lets.items() if k == t]
        return self.rng.choice(names) if names else None

    def money_const(self):
        return self.pick("Rp 0", "Rp 1", "Rp 5.000", "Rp 6.800", "Rp 12.345,67", "Rp 1.000.000", "Rp 600.000",
                         "Rp 92.233.720.368.547.758,07", "floor_amount", "late_amount")

    def percent_const(self):
        return self.pick("0%", "1%", "2%", "2,5%", "0,24%", "33,3333%", "50%", "100%", "3,5‰", "rate_by_role")

    def int_const(self):
        return self.pick("0", "1", "2", "12", "-1", "30", "65", "1.000")

    def e(self, t, depth):
        rng = self.rng
        leaf = depth <= 0 or rng.random() < 0.3
        let = self.let_of(t)
        if let and rng.random() < 0.25:
            return let
        d = depth - 1
        if t == "M":
            if leaf:
                return self.pick("declared_income", self.money_const(), "declared_income", "extra")
            return self.pick(
                lambda: f"max({self.e('M', d)}, {self.e('M', d)})",
                lambda: f"min({self.e('M', d)}, {self.e('M', d)})",
                lambda: f"({self.e('M', d)} + {self.e('M', d)})",
                lambda: f"({self.e('M', d)} - {self.e('M', d)})",
                lambda: f"({self.e('M', d)} * {self.e('I', d)})",
                lambda: f"{self.pick('round', 'floor', 'ceil')}({self.e('U', d)})",
                lambda: f"(if {self.e('B', d)} then {self.e('M', d)} else {self.e('M', d)})",
            )()
        if t == "U":
            if leaf:
                return f"(declared_income * {self.percent_const()})"
            return self.pick(
                lambda: f"({self.e('M', d)} * {self.e('P', d)})",
                lambda: f"({self.e('M', d)} / {self.pick('12', '3', '-4', '7', 'divisor')})",
                lambda: f"({self.e('M', d)} / {self.pick('n', '(n + 1)', 'age', 'max(n, 1)')})",
                lambda: f"({self.e('U', d)} / {self.pick('n', '12', '(n - 2)')})",
                lambda: f"({self.e('U', d)} * {self.pick(self.percent_const(), '2', '-1')})",
                lambda: f"{self.pick('max', 'min')}({self.e('U', d)}, {self.e('M', d)})",
                lambda: f"{self.pick('max', 'min')}({self.e('M', d)}, {self.e('U', d)}, {self.e('U', d)})",
                lambda: f"(if {self.e('B', d)} then {self.e('U', d)} else {self.e('M', d)})",
                lambda: f"({self.e('U', d)} + {self.e('M', d)})",
            )()
        if t == "P":
            if leaf:
                return self.percent_const()
            return self.pick(
                lambda: f"({self.e('P', d)} * {self.e('P', d)})",
                lambda: f"{self.pick('max', 'min')}({self.e('P', d)}, {self.e('P', d)})",
                lambda: f"(if {self.e('B', d)} then {self.e('P', d)} else {self.e('P', d)})",
                lambda: f"({self.e('P', d)} / {self.pick('2', '3')})",
            )()
        if t == "I":
            if leaf:
                return self.pick("n", "age", self.int_const(), "n")
            return self.pick(
                lambda: f"({self.e('I', d)} + {self.e('I', d)})",
                lambda: f"({self.e('I', d)} - {self.e('I', d)})",
                lambda: f"({self.e('I', d)} * {self.e('I', d)})",
                lambda: f"-{self.e('I', d)}",
                lambda: f"{self.pick('max', 'min')}({self.e('I', d)}, {self.e('I', d)})",
                lambda: f"months_between(birth_date, {self.e('D', d)})",
                lambda: f"years_between({self.e('D', d)}, as_of)",
                lambda: f"(if {self.e('B', d)} then {self.e('I', d)} else {self.e('I', d)})",
            )()
        if t == "D":
            return self.pick("birth_date", "as_of", "2000-01-01", "2024-02-29", "start_date", "registered_on",
                             f"{self.pick('start_of_year', 'end_of_year', 'start_of_month', 'end_of_month')}"
                             f"({self.pick('birth_date', 'as_of')})")
        if t == "T":
            if leaf:
                return self.pick("role", "name", "kind_of", f'"{rng.choice(ROLES)}"', "role", "late_kind")
            return f"(if {self.e('B', d)} then {self.e('T', d)} else {self.e('T', d)})"
        if t == "R":
            if leaf:
                return self.pick("domicile", rng.choice(DOMICILES), "domicile", "village")
            return f"(if {self.e('B', d)} then {self.e('R', d)} else {self.e('R', d)})"
        if t == "B":
            if leaf:
                return self.pick("registered_pu", "not registered_pu", f'role == "{rng.choice(ROLES)}"',
                                 f"domicile within {rng.choice(DOMICILES)}", f'kind_of == "{self.pick("a", "b")}"',
                                 "age between 18 and 60", "flag", "not flag", "village within 36.72")
            kind = rng.choice("MMUPIIDBTT")
            cmp = self.pick("==", "!=", "<", "<=", ">", ">=")
            if kind == "M":
                return self.pick(f"{self.e('M', d)} {cmp} {self.e(self.pick('M', 'U'), d)}",
                                 f"round({self.e('M', d)}) in [declared_income, {self.money_const()}, "
                                 f"round({self.e('M', d)})]")
            if kind == "U":
                return self.pick(f"{self.e('U', d)} {cmp} {self.e('M', d)}",
                                 f"{self.e('U', d)} between {self.money_const()} and {self.e('M', d)}")
            if kind == "P":
                return f"{self.e('P', d)} {cmp} {self.percent_const()}"
            if kind == "I":
                return self.pick(f"{self.e('I', d)} {cmp} {self.e('I', d)}",
                                 f"{self.e('I', d)} between {self.int_const()} and {self.e('I', d)}",
                                 f"n in [1, 2, {self.int_const()}]",
                                 f"{self.e('I', d)} {self.pick('in', 'not in')} [{self.e('I', d)}, {self.int_const()}, "
                                 f"{self.e('I', d)}]")
            if kind == "D":
                return f"{self.e('D', d)} {cmp} {self.e('D', d)}"
            if kind == "T":
                return self.pick(f"{self.let_of('T') or 'role'} in [\"{rng.choice(ROLES)}\", \"{rng.choice(ROLES)}\"]",
                                 f"role not in [\"{rng.choice(ROLES)}\"]", 'name != ""', "kind_of == role",
                                 f"{self.e('T', d)} {self.pick('==', '!=')} {self.e('T', d)}",
                                 f"{self.e('R', d)} within {self.e('R', d)}",
                                 f"{self.e('T', d)} {self.pick('in', 'not in')} [{self.e('T', d)}, "
                                 f"\"{rng.choice(ROLES)}\", {self.e('T', d)}]",
                                 f"{self.e('R', d)} in [{self.e('R', d)}, {rng.choice(DOMICILES)}]")
            return self.pick(
                lambda: f"({self.e('B', d)} and {self.e('B', d)})",
                lambda: f"({self.e('B', d)} or {self.e('B', d)})",
                lambda: f"not ({self.e('B', d)})",
            )()
        raise ValueError(t)


# The dates each policy is decided on: inside its validity (before and after its payers and
# parameters change), and after it (every record `policy_validity`).
AS_OF = ["2024-08-01", "2024-08-01", "2024-03-15", "2024-12-31", "2025-02-01"]


def policy(rng, name):
    lets = {"age": "I"}
    draw = Draw(rng, lets)
    out = [f'policy "{name}"', 'region 36.72 "Kota Cilegon"', "valid 2024-01-01 .. 2024-12-31", "",
           "record participant {", "  nik : nik", "  name : text", "  birth_date : date", "  role : text",
           "  domicile : region", "  declared_income : money", "  registered_pu : bool", "  n : int = 1",
           "  registered_on : date optional", "  village : region optional", "  flag : bool optional",
           "  extra : money optional", "}", "",
           "let age = years_between(birth_date, as_of)",
           'parameter start_date "Mulai" : date', "  since 2024-01-01 = 2024-01-15", "  since 2024-07-01 = 2024-07-31",
           'parameter floor_amount "Batas bawah" : money', "  since 2023-01-01 = Rp 4.000",
           "  since 2024-06-01 = Rp 5.000", "  since 2024-09-01 = Rp 7.000",
           'parameter rate_by_role "Tarif" : percent by role',
           '  since 2024-01-01 = { "ketua_rt": 1%, "ketua_rw": 2,5%, "nelayan": 0,5%, "linmas": 100%, '
           '"marbot": 0%, "adhoc_kpu": 1%, "kader_kcm": 3,3333%, "pedagang": 1%, "pns": 2% }',
           'parameter kind_of "Jenis" : text by role',
           '  since 2024-01-01 = { "ketua_rt": "a", "ketua_rw": "b", "nelayan": "a", "linmas": "ketua_rt" }',
           # Without a value on the earlier dates: a record that needs one is the generic runtime's.
           'parameter late_amount "Tambahan" : money', "  since 2024-07-01 = Rp 2.500",
           # 0 until the second half of the year: a record that divides by it is the generic runtime's.
           'parameter divisor "Pembagi" : int', "  since 2024-01-01 = 0", "  since 2024-07-01 = 4",
           'parameter late_kind "Jenis baru" : text by role',
           '  since 2024-10-01 = { "ketua_rt": "a", "nelayan": "b" }']
    # Now and then more lets than one 64-bit word of the kernel's "computed" bits holds.
    for i in range(rng.randint(0, 3) if rng.random() < 0.9 else rng.randint(62, 80)):
        t = rng.choice("MUPIBTR")
        lets[f"l{i}"] = None  # not visible to its own expression
        value = draw.e(t, 2)
        lets[f"l{i}"] = t
        out.append(f"let l{i} = {value}")
    programmes = ["A", "B", "C"]
    # A and B have a PU scheme too (an employer and a worker part), C the default BPU only.
    for p in programmes:
        if p == "C":
            out += [f'programme {p} "{p}"', "  contribution = Rp 6.800"]
        else:
            out += [f'programme {p} "{p}"', f"  scheme PU: employer = {draw.e('M', 2)}, worker = {draw.e('M', 2)}",
                    f"  scheme BPU: worker = {draw.e('M', 3)}"]
    out += ['payer p1 "P1"']
    if rng.random() < 0.3:
        out.append(f"  budget 2024 = Rp {rng.choice(['1.000.000', '50.000.000', '0'])}")
    out += ['payer p2 "P2"']
    if rng.random() < 0.3:
        out.append(f"  budget 2024 = Rp {rng.choice(['700.000', '90.000.000'])}")
    requirements = rng.randint(1, 3)
    for i in range(requirements):
        out += [f'require r{i} "R{i}" [X {i}]', f"  {draw.e('B', 3)}"]
    roles = ROLES[:]
    rng.shuffle(roles)
    for g in range(3):
        when = f'role in ["{roles[2 * g]}", "{roles[2 * g + 1]}"]' if rng.random() < 0.6 else draw.e("B", 2)
        pu = rng.random() < 0.25
        covers = rng.sample(["A", "B"] if pu else programmes, rng.randint(1, 2 if pu else 3))
        body = [f"  when {when}", f"  covers {', '.join(covers)}{' as PU' if pu else ''}"]
        paying = rng.choice(["p1", "p2", "p1 50%, p2 50%", "p2 25%, p1 75%", "p1 of domicile", "p2 of role",
                             "p1 of village", "dated"] + (["p1 for employer, p2 for worker"] * 3 if pu else []))
        if paying == "dated":
            body += ["  paid_by p1 until 2024-06-30", f"  paid_by {rng.choice(['p2', 'p1 of domicile'])} since 2024-07-01"]
        else:
            body.append(f"  paid_by {paying}")
        if rng.random() < 0.35:
            per = rng.choice(["", "", " per domicile", " per role", " per village"])
            rank = rng.choice(["declared_income", "declared_income desc", "birth_date", "n", "registered_on",
                               "registered_on desc", "extra", "(extra + declared_income) desc"])
            body.append(f"  quota {rng.choice([1, 5, 40])}{per} rank by {rank}")
        if rng.random() < 0.3:
            body.append(f"  waive r{rng.randrange(requirements)}")
        if rng.random() < 0.1:
            body.append("  valid 2024-01-01 .. 2024-06-30")
        if rng.random() < 0.4:
            body += [f'  require g{g} "G{g}" [Y {g}]', f"    {draw.e('B', 2)}"]
        out += [f'group g{g} "G{g}" {{'] + body + ["}"]
    out += ['group rest "Lain" {', "  when not registered_pu or registered_pu", "  covers C", "  paid_by p2", "}"]
    return "\n".join(out) + "\n"


def run(jaring, args, runtime, env_extra=None):
    env = dict(os.environ, JARING_RUNTIME=runtime)
    if env_extra:
        env.update(env_extra)
    return subprocess.run([jaring] + args, env=env, capture_output=True, text=True)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    jaring, work = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 150
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    record_lane = sys.argv[5] if len(sys.argv) > 5 else None
    os.makedirs(work, exist_ok=True)
    rng = random.Random(seed)
    pop = os.path.join(work, "population.csv")
    population(rng, pop)
    taken = refused = refusals = 0
    for k in range(count):
        for _ in range(20):
            text = policy(rng, f"diff-{k}")
            path = os.path.join(work, f"p{k}.policy")
            with open(path, "w") as f:
                f.write(text)
            if run(jaring, ["check", path], "auto").returncode == 0:
                as_of = rng.choice(AS_OF)
                break
            refused += 1
        else:
            sys.exit(f"policy_differential: 20 policies in a row do not check; the last: {path}")
        outs = {}
        for runtime, threads in (("generic", "1"), ("auto", "1"), ("auto", "2")):
            tag = f"{runtime}{threads}"
            files = [os.path.join(work, f"p{k}.{tag}.{ext}") for ext in ("csv", "jsonl", "summary.json", "rejects.csv")]
            r1 = run(jaring, ["eval", path, "--as-of", as_of, "--records", pop, "--out", files[0], "--summary",
                              files[2], "--rejects", files[3], "--threads", threads], runtime)
            r2 = run(jaring, ["eval", path, "--as-of", as_of, "--records", pop, "--out", files[1], "--threads",
                              threads], runtime)
            # Under the sanitizers a report ends the run with exit 1, as a summary that does not
            # reconcile would: named as what it is.
            for r in (r1, r2):
                if "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
                    sys.exit(f"policy_differential: {path} ({tag}): {r.stderr[-3000:]}")
            # A run may refuse the population as a whole (a summary's total beyond an amount's
            # range): then every runtime must, with the same words, and write nothing.
            if r1.returncode not in (0, 1, 2) or r2.returncode not in (0, 1, 2) or (r1.returncode == 2) != (
                    r2.returncode == 2):
                sys.exit(f"policy_differential: {path} ({tag}) exit {r1.returncode}/{r2.returncode}: "
                         f"{r1.stderr[-2000:]}{r2.stderr[-2000:]}")
            # The note a run the fast lane did not take ends with (eval_command.cpp) is no
            # difference in what was decided.
            said = "".join(line for line in (r1.stderr + r2.stderr).splitlines(True)
                           if not line.startswith("jaring: note: the generic runtime decided"))
            outs[tag] = ([open(f, "rb").read() if os.path.exists(f) else None for f in files], said)
            if r1.returncode == 2:
                refusals += tag == "generic1"
        for tag in ("auto1", "auto2"):
            for i, name in enumerate(("CSV", "JSON Lines", "summary", "rejects")):
                if outs[tag][0][i] != outs["generic1"][0][i]:
                    a = (outs["generic1"][0][i] or b"(not written)").decode(errors="replace").splitlines()
                    b = (outs[tag][0][i] or b"(not written)").decode(errors="replace").splitlines()
                    first = next((j for j in range(min(len(a), len(b))) if a[j] != b[j]), min(len(a), len(b)))
                    sys.exit(f"policy_differential: {path}: the {name} of {tag} differs from the generic runtime's "
                             f"at line {first + 1}:\n  generic: {a[first] if first < len(a) else '(end)'}\n"
                             f"  {tag}:    {b[first] if first < len(b) else '(end)'}")
            if outs[tag][1] != outs["generic1"][1]:
                sys.exit(f"policy_differential: {path}: the summary on stderr of {tag} differs")
        # Taken by the fast lane with nothing rendered (a run that only counts), its summary the
        # generic runtime's too.
        counted = os.path.join(work, f"p{k}.counted.summary.json")
        r = run(jaring, ["eval", path, "--as-of", as_of, "--records", pop, "--no-decisions", "--summary", counted],
                "fast")
        if r.returncode in (0, 1):
            taken += 1
            if open(counted, "rb").read() != outs["generic1"][0][2]:
                sys.exit(f"policy_differential: {path}: the summary of a run with --no-decisions differs from the "
                         f"generic runtime's")
        if record_lane:
            r = subprocess.run([record_lane, path, pop, as_of], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"policy_differential: {path}: {r.stderr[-3000:]}")
        for name in os.listdir(work):
            if name.startswith(f"p{k}."):
                os.remove(os.path.join(work, name))
    print(f"policy_differential: {count} policies ({refused} drawn again), {taken} taken by the fast lane, "
          f"all alike ({refusals} refused the population, alike)")
    if taken * 10 < count * 9:
        sys.exit(f"policy_differential: only {taken} of {count} policies were taken by the fast lane (9 in 10 must)")


if __name__ == "__main__":
    main()
