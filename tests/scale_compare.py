#!/usr/bin/python3
"""scale_compare.py — do per-capita answers agree across --scale?

Usage: scale_compare.py [--weeks N] [--tol R] [--z Z] [--markdown] [--check]
                        [--exclude M,M] FULL.h5 SAMPLE.h5 [SAMPLE.h5 ...]

Each file is one `caresim run` of the same scenario and place (replicates in
its first axis) at the scale named by its `scale` in /scenarios/<name>/config.
For each metric, each replicate's value over the last N weeks (default 52) is
reduced to one number: a weighted metric (a count, hours or money, weighted
back by 1/scale) as its mean per 1,000 adults alive; an unweighted one (a
rate, share, mean or level) as its mean. The sample's mean over replicates is
set against the full-scale mean: the ratio, and a z-score whose standard
error comes from the replicates' spread in both files (the Monte-Carlo noise;
nothing else).

--check turns the table into a verdict: a metric FAILs when it differs from
full scale both beyond the relative tolerance --tol (default 0.04, issue 22)
and beyond --z standard errors (default 4), i.e. when the difference is
neither small nor noise (a rare event's ratio may be far from 1 and still
noise: the z-score says so). Metrics that are zero at full scale are listed
but not judged, as are those named in --exclude (known not to be
scale-invariant: docs/scale.md); both are starred in the table.
Prints "ok - ..." / "FAIL - ..." lines (the test's format) with --check, a
table otherwise (--markdown: for docs/scale.md).
"""
import argparse
import re
import sys

import h5py
import numpy as np


def load(path, weeks):
    f = h5py.File(path, "r")
    names = [n for n in f["scenarios"].attrs["scenario_order"].split("\n") if n]
    g = f["scenarios"][names[0]]
    cfg = g["config"][()]
    cfg = cfg.decode() if isinstance(cfg, bytes) else str(cfg)
    m = re.search(r"^\s*scale\s*=\s*([0-9.eE+-]+)\s*;", cfg, re.M)
    scale = float(m.group(1)) if m else 1.0
    ts = g["timeseries"]
    adults = ts["people_alive"][:, -weeks:].astype(float)
    out = {}
    for k in ts:
        d = ts[k]
        if d.ndim != 2:   # the coordinates (replicate, time, week)
            continue
        x = d[:, -weeks:].astype(float)
        units = d.attrs.get("units", "")
        units = units.decode() if isinstance(units, bytes) else str(units)
        weighted = is_weighted(k)
        if weighted:
            v = (x / np.maximum(adults, 1) * 1000).mean(axis=1)
        else:
            v = x.mean(axis=1)
        out[k] = (v, weighted, units)
    f.close()
    return scale, out


# The weighted flags, from the metric table (include/cs_metrics.h), read once.
_W = None


def is_weighted(name):
    global _W
    if _W is None:
        _W = {}
        import os
        here = os.path.dirname(os.path.abspath(__file__))
        src = open(os.path.join(here, "..", "include", "cs_metrics.h")).read()
        for mm in re.finditer(r"^M\((\w+), ([01]),", src, re.M):
            _W[mm.group(1)] = mm.group(2) == "1"
    return _W.get(name, False)


def stats(v):
    n = len(v)
    return v.mean(), (v.std(ddof=1) / np.sqrt(n) if n > 1 else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--tol", type=float, default=0.04)
    ap.add_argument("--z", type=float, default=4.0)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated metrics to judge (default all)")
    ap.add_argument("--exclude", default="", help="comma-separated metrics listed but not judged")
    ap.add_argument("full")
    ap.add_argument("samples", nargs="+")
    a = ap.parse_args()

    s_full, full = load(a.full, a.weeks)
    samples = [load(p, a.weeks) for p in a.samples]
    only = set(x for x in a.only.split(",") if x)
    exclude = set(x for x in a.exclude.split(",") if x)
    names = sorted(full)
    if a.markdown:
        head = "| metric | units | full (±se) | " + " | ".join(
            "%g: ratio | z" % s for s, _ in samples) + " |"
        print(head)
        print("|---|---|---:|" + "---:|---:|" * len(samples))
    npass = nfail = 0
    for k in names:
        if k == "people_alive" or (only and k not in only):
            continue
        vf, w, units = full[k]
        mf, ef = stats(vf)
        unit = units + (" per 1,000 adults" if w else "")
        small = mf == 0 or k in exclude
        cells = []
        for s, d in samples:
            ms, es = stats(d[k][0])
            se = np.hypot(ef, es)
            ratio = ms / mf if mf != 0 else float("nan")
            z = (ms - mf) / se if se > 0 else (0.0 if ms == mf else float("inf"))
            cells.append((s, ms, ratio, z))
            if a.check and not small:
                off = abs(ms - mf) > a.tol * abs(mf) and abs(z) > a.z
                line = "%s at scale %g: %.4g against %.4g at full scale (ratio %.3f, z %+.1f) %s" % (
                    k, s, ms, mf, ratio, z, unit)
                if off:
                    print("FAIL - " + line)
                    nfail += 1
                else:
                    print("ok - " + line)
                    npass += 1
        if a.markdown:
            print("| %s%s | %s | %.4g (±%.2g) | " % (k, " *" if small else "", unit, mf, ef) +
                  " | ".join("%.3f | %+.1f" % (r, z) for _, _, r, z in cells) + " |")
        elif not a.check:
            print("%-36s %12.5g " % (k, mf) + " ".join(
                "%7.3f %+6.1f" % (r, z) for _, _, r, z in cells))
    if a.check:
        print("%d passed, %d failed" % (npass, nfail))
        return 1 if nfail else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
