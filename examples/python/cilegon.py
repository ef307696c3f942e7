# %% [markdown]
# # Cilegon 2024 from Python
#
# A notebook-style script: each `# %%` starts a cell (Jupyter, VS Code and Spyder run them one by
# one); run whole, it is the ctest `python.example`. It loads the Cilegon policy, decides a
# synthetic population of Cilegon-like workers as of 1 August 2024 and summarises the decisions
# by status, group and payer with pandas.
#
#     PYTHONPATH=build/python python3 examples/python/cilegon.py   # from a build tree
#     python3 examples/python/cilegon.py                           # with Jaring installed
#
# Environment: JARING, the `jaring` executable that writes the population (default
# build/jaring beside this checkout, else `jaring` on PATH); RECORDS (default 50000: twice the spec's size, so the quotas fill).

# %%
import os
import shutil
import subprocess
import tempfile

import pandas as pd

import jaring

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
policy = jaring.Policy(os.path.join(root, "rules", "regions", "cilegon-2024.policy"))
as_of = "2024-08-01"
print(f"jaring {jaring.version()}: {policy}")

# %% [markdown]
# ## A synthetic population
# `jaring synth` writes a seeded CSV shaped like Cilegon's workers (examples/synth/README.md):
# roles in their real proportions (here at twice the city's headcount, so that quotas fill), plus noise — people living outside the city, PU participants,
# a missing birth date, a malformed NIK. Read it as text, as the engine reads CSV: as numbers,
# pandas would turn the region code `36.72` into a float and drop the NIK's leading zeros.

# %%
executable = os.environ.get("JARING") or (
    os.path.join(root, "build", "jaring") if os.path.exists(os.path.join(root, "build", "jaring")) else
    shutil.which("jaring"))
records = int(os.environ.get("RECORDS", "50000"))
with tempfile.TemporaryDirectory(prefix="jaring-example-") as work:
    population = os.path.join(work, "cilegon.csv")
    subprocess.run([executable, "synth", os.path.join(root, "examples", "synth", "cilegon-2024.json"), "--out",
                    population, "--records", str(records)], check=True, stderr=subprocess.DEVNULL)
    people = pd.read_csv(population, dtype=str, keep_default_na=False)
print(people.head())

# %% [markdown]
# ## Decide the population as a whole
# The quotas (ketua RT/RW, kader, KPPS, …) and the city's budget are allocated over everyone at
# once, exactly as `jaring eval --records` does: whoever does not fit is `waitlisted`, with a rank.
# Given a DataFrame, `decide_many` answers with the columns of `jaring eval --out decisions.csv`,
# on the same index, so the decisions join the people.

# %%
decisions = policy.decide_many(people, as_of)
table = people[["nik", "role", "registered_on"]].join(decisions[["status", "group", "total_sen", "rank"]])
print(table.head(10))
assert len(decisions) == len(people) and (decisions["line"] == range(1, len(people) + 1)).all()

# %% [markdown]
# ## By status and group

# %%
by_status = decisions["status"].value_counts()
print(by_status)
assert by_status.sum() == records
assert by_status.get("waitlisted", 0) > 0, "the quotas should leave someone waiting"
print(pd.crosstab(decisions["group"].fillna("(none)"), decisions["status"]))

# %% [markdown]
# ## What each payer pays
# `payers` is `account=sen;…` for the eligible: one row per person and account, then the monthly
# total per account, in rupiah.

# %%
paid = decisions.loc[decisions["status"] == "eligible", ["payers"]].copy()
paid["payer"] = paid["payers"].str.split(";")
paid = paid.explode("payer")
paid[["account", "sen"]] = paid["payer"].str.split("=", expand=True)
paid["sen"] = paid["sen"].astype("int64")
by_payer = paid.groupby("account")["sen"].agg(people="count", monthly_sen="sum")
by_payer["monthly_rupiah"] = by_payer["monthly_sen"] / 100
print(by_payer)
# The payers' parts add up to every eligible person's monthly total.
assert by_payer["monthly_sen"].sum() == decisions.loc[decisions["status"] == "eligible", "total_sen"].sum()

# %% [markdown]
# ## Why people are refused
# `reasons` lists every failing rule, the first first.

# %%
refused = decisions[decisions["status"].isin(["not_eligible", "rejected"])]
print(refused["reasons"].fillna("(rejected: invalid record)").str.split(";").str[0].value_counts())

# %% [markdown]
# ## One person, in full
# `decide` gives one record's whole decision (programmes, payers, requirements, citations). Alone,
# a record meets no quota: the population's decision above is the one that counts for them.

# %%
person = people[decisions["status"] == "eligible"].iloc[0].to_dict()
one = policy.decide(person, as_of)
print(one["status"], one["group"]["label"], f"[{one['group']['citation']}]")
for programme in one["programmes"]:
    print(f"  {programme['programme']}: Rp {programme['total_sen'] / 100:,.0f} a month")
for payer in one["payers"]:
    print(f"  paid by {payer['label']}: Rp {payer['amount_sen'] / 100:,.0f}")
