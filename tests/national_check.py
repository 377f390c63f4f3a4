#!/usr/bin/env python3
"""Checks of a national result file (caresim run --place all), for tests/national.sh.

    national_check.py slice NAT.h5 SCENARIO SINGLE.h5 CODE
        every metric of the single-council file SINGLE.h5 equals, bit for bit,
        the council CODE's slice of NAT.h5's by_place (and has the same units
        and description)
    national_check.py combine NAT.h5 SCENARIO METRICS.md
        every national series (timeseries) is the sum over councils of by_place,
        added in place order, or, for a metric METRICS.md (the table of
        `caresim --list-metrics`) says is a "mean weighted by `W`", the mean of
        the councils' values weighted by W's by_place values, in place order
        (0 where every weight is 0): exactly, as float64
    national_check.py places NAT.h5 SCENARIO PLACES.csv
        by_place/place holds the codes of PLACES.csv in its order, place_name
        their names; place is a dimension scale attached to dimension 2 of
        every by_place metric, with by_place's own replicate and time scales on
        dimensions 0 and 1

Prints "ok - NAME" or "FAIL - NAME: why" per check (tests/national.sh counts them).
"""
import csv
import re
import sys

import h5py
import numpy as np

def verdict(name, why):
    print(f"ok - {name}" if not why else f"FAIL - {name}: {'; '.join(why[:4])}")


def metrics(group):
    """The metrics of a timeseries or by_place group: every dataset but the
    coordinates (replicate, time, week, place, place_name), which are 1-D."""
    return sorted(k for k, d in group.items() if d.ndim >= 2)


def check_slice(nat, scen, single, code):
    why = []
    with h5py.File(nat, "r") as f, h5py.File(single, "r") as g:
        bp = f[f"scenarios/{scen}/by_place"]
        codes = list(bp["place"].asstr()[:])
        if code not in codes:
            verdict(f"by_place slice of {code} equals a run of {code} alone", [f"{code} not in the place scale"])
            return
        i = codes.index(code)
        ts = g[f"scenarios/{scen}/timeseries"]
        names = metrics(ts)
        if names != metrics(bp):
            why.append("the single run's metrics and by_place's differ")
        n = 0
        for m in names:
            if m not in bp:
                continue
            a, b = bp[m][:, :, i], ts[m][:]
            n += 1
            if a.shape != b.shape:
                why.append(f"{m}: shape {a.shape} vs {b.shape}")
            elif a.tobytes() != b.tobytes():
                k = np.argwhere(a != b)
                why.append(f"{m}: {len(k)} values differ, first at {tuple(k[0])}: {a[tuple(k[0])]!r} vs {b[tuple(k[0])]!r}")
            for attr in ("units", "description"):
                if bp[m].attrs.get(attr) != ts[m].attrs.get(attr):
                    why.append(f"{m}: attribute {attr} differs")
        if n < 50:
            why.append(f"only {n} metrics compared")
    verdict(f"by_place slice of {code} equals a run of {code} alone ({n} metrics, bit for bit)", why)


def read_rules(path):
    rules = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^\| `([a-z0-9_]+)` \|.*\| (sum|mean weighted by `([a-z0-9_]+)`) \|$", line.strip())
        if m:
            rules[m.group(1)] = m.group(3)     # None: sum
    return rules


def check_combine(nat, scen, rules_path):
    rules = read_rules(rules_path)
    why_sum, why_mean = [], []
    n_sum = n_mean = 0
    with h5py.File(nat, "r") as f:
        bp = f[f"scenarios/{scen}/by_place"]
        ts = f[f"scenarios/{scen}/timeseries"]
        names = metrics(ts)
        if set(names) != set(rules):
            why_sum.append(f"--list-metrics and the file disagree on the metrics ({len(rules)} vs {len(names)})")
        for m in names:
            if m not in rules or m not in bp:
                why_sum.append(f"{m}: no rule or no by_place series")
                continue
            x = bp[m][:]
            P = x.shape[2]
            if rules[m] is None:
                want = np.zeros(x.shape[:2])
                for p in range(P):
                    want = want + x[:, :, p]
                n_sum += 1
                why = why_sum
            else:
                w = bp[rules[m]][:]
                num, den = np.zeros(x.shape[:2]), np.zeros(x.shape[:2])
                for p in range(P):
                    num = num + x[:, :, p] * w[:, :, p]
                    den = den + w[:, :, p]
                with np.errstate(invalid="ignore", divide="ignore"):
                    want = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
                n_mean += 1
                why = why_mean
            got = ts[m][:]
            if got.tobytes() != want.tobytes():
                k = np.argwhere(got != want)
                at = tuple(k[0]) if len(k) else (0, 0)
                why.append(f"{m}: {len(k)} values differ, first at {at}: {got[at]!r} vs {want[at]!r}")
        # the national rule is not a plain sum for shares: make sure this file can tell
        if "isolated_share" in bp and float(ts["isolated_share"][0, 0]) > 1:
            why_mean.append("isolated_share above 1 (summed?)")
    verdict(f"national weighted metrics are the sum over councils in place order, exactly ({n_sum} metrics)",
            why_sum + ([] if n_sum >= 50 else [f"only {n_sum} summed metrics"]))
    verdict(f"national unweighted metrics are the weighted mean over councils, exactly ({n_mean} metrics)",
            why_mean + ([] if n_mean >= 10 else [f"only {n_mean} averaged metrics"]))


def check_places(nat, scen, places_csv):
    why = []
    with open(places_csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    want_codes = [r["code"] for r in rows]
    want_names = [r["name"] for r in rows]
    with h5py.File(nat, "r") as f:
        bp = f[f"scenarios/{scen}/by_place"]
        codes = list(bp["place"].asstr()[:])
        names = list(bp["place_name"].asstr()[:])
        if len(codes) != 153:
            why.append(f"{len(codes)} places, want 153")
        # the councils of April 2023: Cumbria's two successors, not Cumbria
        for c in ("E06000063", "E06000064", "E06000065", "E06000066"):
            if c not in codes:
                why.append(f"{c} missing")
        for c in ("E10000006", "E10000023", "E10000027"):
            if c in codes:
                why.append(f"2021 code {c} present")
        if codes != want_codes:
            k = next((i for i, (a, b) in enumerate(zip(codes, want_codes)) if a != b), min(len(codes), len(want_codes)))
            why.append(f"codes differ from {places_csv} at position {k}")
        if names != want_names:
            why.append("place_name differs from the names in places.csv")
        if bp["place"].attrs.get("CLASS") != b"DIMENSION_SCALE":
            why.append("place is not a dimension scale")
        for m in metrics(bp):
            d = bp[m]
            if d.ndim != 3 or d.shape[2] != len(codes):
                why.append(f"{m}: shape {d.shape}")
                continue
            scales = [[s.name for s in d.dims[i].values()] for i in range(3)]
            if scales[2][:1] != [bp["place"].name]:
                why.append(f"{m}: dimension 2 has scales {scales[2]}")
            if scales[0][:1] != [bp["replicate"].name] or scales[1][:1] != [bp["time"].name]:
                why.append(f"{m}: dimensions 0 and 1 have scales {scales[0]}, {scales[1]}")
            if [d.dims[i].label for i in range(3)] != ["replicate", "time", "place"]:
                why.append(f"{m}: labels {[d.dims[i].label for i in range(3)]}")
            if d.compression != "gzip" or not d.shuffle or d.chunks is None:
                why.append(f"{m}: not chunked, shuffled and deflated")
    verdict("by_place/place holds the 153 codes of seeds/places.csv (April 2023: E06000063 and E06000064, "
            "not Cumbria's E10000006) in order, attached to dimension 2", why)


def main(argv):
    if len(argv) == 6 and argv[1] == "slice":
        check_slice(*argv[2:])
    elif len(argv) == 5 and argv[1] == "combine":
        check_combine(*argv[2:])
    elif len(argv) == 5 and argv[1] == "places":
        check_places(*argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
