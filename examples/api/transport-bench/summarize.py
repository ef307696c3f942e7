#!/usr/bin/env python3
"""Medians over the 3 interleaved rounds in results/."""
import json, re, statistics as st, glob

def lat_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v)
    return float(m[1]) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m[2]]

def wrk(path):
    t = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t)[1])
    p99 = lat_ms(re.search(r"^\s+99%\s+(\S+)", t, re.M)[1])
    reqs = int(re.search(r"(\d+) requests in", t)[1])
    se = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    errs = sum(map(int, se.groups())) if se else 0
    n2 = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    errs += int(n2[1]) if n2 else 0
    return rps, p99, reqs, errs

rows = {}
import os, sys
R = os.environ.get("R", "results")
for srv in os.environ.get("SERVERS", "beast_server mhd_server restinio_server").split():
    r = {k: [] for k in ["rps1", "p99_1", "rps2", "p99_2", "err1", "err2", "hwm1", "hwm2", "us1", "us2", "fds", "closed"]}
    for rnd in (1, 2, 3):
        tag = f"{R}/r{rnd}_{srv}"
        meta = open(tag + ".meta").read()
        a, b, n1, e1 = wrk(tag + ".run1.txt")
        c, d, n2, e2 = wrk(tag + ".run2.txt")
        cpu = {k: int(v) for k, v in re.findall(r"(cpu_\w+) (\d+)", meta)}
        r["rps1"].append(a); r["p99_1"].append(b); r["rps2"].append(c); r["p99_2"].append(d)
        r["err1"].append(e1); r["err2"].append(e2)
        h = re.findall(r"(after_run\d) VmHWM:\s+(\d+) kB", meta)
        r["hwm1"].append(int(h[0][1]) / 1024); r["hwm2"].append(int(h[1][1]) / 1024)
        r["us1"].append((cpu["cpu_after_run1"] - cpu["cpu_before_run1"]) * 1e4 / n1)  # ticks->us per request
        r["us2"].append((cpu["cpu_after_run2"] - cpu["cpu_before_run2"]) * 1e4 / n2)
        r["fds"].append(int(re.search(r"server_fds=(\d+)", meta)[1]))
        r["closed"].append(json.load(open(tag + ".idle.json"))["closed_by_server"])
    rows[srv] = r
    print(srv, {k: [round(x, 2) for x in v] for k, v in r.items()})
print()
print("| library | req/s | p99 ms | req/s +2000 idle | p99 ms +2000 idle | wrk errors | VmHWM MiB after run1 | VmHWM MiB after idle run | server CPU us/req (run1 / idle run) | fds while idle | idle conns closed at 10 s |")
for srv, r in rows.items():
    med = lambda k: st.median(r[k])
    print(f"| {srv} | {med('rps1'):.0f} | {med('p99_1'):.2f} | {med('rps2'):.0f} | {med('p99_2'):.2f} | "
          f"{sum(r['err1'])}/{sum(r['err2'])} | {med('hwm1'):.1f} | {med('hwm2'):.1f} | {med('us1'):.1f} / {med('us2'):.1f} | "
          f"{min(r['fds'])} | {min(r['closed'])}/2000 |")
