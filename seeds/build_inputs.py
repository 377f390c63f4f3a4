#!/usr/bin/env python3
"""Build seeds/council_inputs.csv: each council's own inputs.

caresim's scenario files hold policy; everything that differs by place comes
from the seeds. This script writes one row per council of seeds/places.csv
(the 153 councils of April 2023) with:

    minority_share          Census 2021 (ONS, TS021): non-White usual residents
                            / all usual residents, the council's districts summed
    micro_per_100k          micro-enterprises per 100,000 adults at the start,
                            where a per-council count is published (Somerset);
                            else the national default
    micro_starts_per_100k   new micro-enterprises a year per 100,000 adults
                            (a development programme); Somerset's is an
                            assumption, the rest the national default
    spend_share             the council's share of England's gross current
                            expenditure on adult social care in 2016-17 (NHS
                            Digital, ASC-FR 2016-17, "ASCFR Totals")
    budget_gbp              the council's budget in 2023-24 prices: spend_share
                            x England's 2023-24 spending on the lines the model
                            represents, net of client income (see BUDGET below)
    budget_basis            own | apportioned | default (how spend_share was found)
    defaults                the inputs of the row that are national defaults
                            (space-separated names), empty if none

Method, sources and limits: seeds/README.md, "council_inputs.csv".

Usage (from the repository root):

    python3 seeds/build_inputs.py [--data DIR] [--seeds DIR]

--data defaults to ../shared/data/public relative to the repository root,
--seeds (read places.csv and districts.csv from it, write council_inputs.csv
into it) to seeds/. Standard library only; deterministic output. Exits non-zero
with a message when a check fails.
"""

import argparse
import csv
import os
import sys

# ---- national defaults (used where no per-council figure is published) ----
# Micro-enterprises per 100,000 adults: Community Catalysts' national estimates
# (the parameter table's default for market.micro_per_100k, 5..20).
MICRO_DEFAULT = 10.0
# Starts a year per 100,000 adults without a development programme
# (market.micro_starts_per_100k's table default, 1..4).
MICRO_STARTS_DEFAULT = 2.0

# ---- the councils with their own published micro-enterprise count ----
# Somerset: 1,128 micro-enterprises in March 2023 (Somerset provider network /
# Community Catalysts; /work/shared/data/england_figures.csv
# micro_enterprises_somerset_2023), over its mid-2020 adults (places.csv). The
# start rate of its development programme, 30 a year per 100k, is an
# assumption (the count grew from 253 in 2019 to 1,128 in 2023, net of closures).
MICRO_OWN = {"E06000066": (1128, 30.0)}

# ---- BUDGET ----
# England 2023-24, GBP bn (NHS England, ASC-FR 2023-24; public data file
# ascfr_england_series_2015_2024.csv). The model's council spend
# (include/cs_metrics.h council_spend_*) covers long-term care (home care with
# direct payments, care homes, Shared Lives) net of the client charges it
# computes; reablement (ASC-FR short-term support to maximise independence,
# "ST-Max"); assessments and reviews by social workers and the connectors of
# Community Connect, which sit in ASC-FR's "other support" (with assistive
# equipment, commissioning, carers' support and more, not split in the data
# here). Other short-term support is not modelled.
OTHER_IN_SCOPE = 0.5   # share of "other support" the model represents (social
                       # care activities: assessment and care management,
                       # information and advice): an ASSUMPTION, plausible 0.3..0.7


def die(msg):
    print("build_inputs.py: " + msg, file=sys.stderr)
    sys.exit(1)


def fmt(x):
    """6 significant digits, fixed point, trailing zeros stripped (as build_seeds.py)."""
    if x == 0:
        return "0"
    s = "%.6g" % x
    if "e" in s:
        s = ("%.12f" % float(s)).rstrip("0").rstrip(".")
    elif "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def read(path):
    if not os.path.exists(path):
        die("missing input file " + path)
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def num(row, key, path):
    try:
        return float(row[key])
    except (KeyError, ValueError):
        die("%s: row %s: column %s is missing or not a number" % (path, row.get("code") or row, key))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "public"))
    ap.add_argument("--seeds", default=here)
    a = ap.parse_args()

    places = read(os.path.join(a.seeds, "places.csv"))
    districts = read(os.path.join(a.seeds, "districts.csv"))
    if len(places) != 153:
        die("places.csv has %d councils, expected 153" % len(places))
    adults = {p["code"]: num(p, "adults_18plus", "places.csv") for p in places}
    council_of = {d["district_code"]: d["place_code"] for d in districts}

    # ---- minority-ethnic share: Census 2021 TS021 by district ----
    epath = os.path.join(a.data, "census2021_ethnic_group_ltla.csv")
    tot, nonw = {}, {}
    for r in read(epath):
        c = council_of.get(r["code"])
        if c is None:
            die("%s: district %s (%s) is in no council of seeds/districts.csv" % (epath, r["code"], r["name"]))
        tot[c] = tot.get(c, 0) + num(r, "total_residents", epath)
        nonw[c] = nonw.get(c, 0) + num(r, "non_white", epath)
    for p in places:
        if p["code"] not in tot:
            die("%s: no district of %s (%s)" % (epath, p["code"], p["name"]))

    # ---- spending shares: ASC-FR 2016-17 by council ----
    spath = os.path.join(a.data, "ascfr_2016_17_spend_by_council.csv")
    rows = read(spath)
    gce = {r["ons_code_2016"]: num(r, "gross_current_expenditure_gbp000", spath) for r in rows}
    total16 = sum(gce.values())
    lt16 = sum(num(r, "gce_long_term_gbp000", spath) for r in rows)
    net16 = sum(num(r, "net_current_expenditure_gbp000", spath) for r in rows)
    if abs(total16 / 1e6 - 17.53) > 0.01:
        die("%s: England gross current expenditure %.3f bn, expected 17.53" % (spath, total16 / 1e6))
    share = {}
    basis = {}
    for r in rows:
        cur = r["ons_code_current"]
        if cur:
            share[cur] = gce[r["ons_code_2016"]] / total16
            basis[cur] = "own"
    # Reorganised since 2016-17, apportioned by population:
    #  Northamptonshire E10000021 -> North (E06000061) and West (E06000062)
    #    Northamptonshire by mid-2020 adults 18+ (places.csv);
    #  Bournemouth E06000028 and Poole E06000029 -> Bournemouth, Christchurch
    #    and Poole E06000058 whole; Dorset county E10000009 -> Christchurch's part
    #    to E06000058 and the rest to Dorset E06000059, by 2011 population (ONS
    #    Rural-Urban Classification file: Christchurch's is the only published
    #    population of the old district on its own);
    #  Cumbria E10000006 -> Cumberland E06000063 and Westmorland and Furness
    #    E06000064 by mid-2020 adults 18+;
    #  North Yorkshire E10000023 -> E06000065 and Somerset E10000027 ->
    #    E06000066, the same areas.
    def split(code16, parts):
        s = gce[code16] / total16
        w = sum(parts.values())
        for c, x in parts.items():
            share[c] = share.get(c, 0) + s * x / w
            basis[c] = "apportioned"

    for c16 in ("E10000021", "E06000028", "E06000029", "E10000009", "E10000006", "E10000023", "E10000027"):
        if c16 not in gce:
            die("%s: no row for %s" % (spath, c16))
    split("E10000021", {"E06000061": adults["E06000061"], "E06000062": adults["E06000062"]})
    split("E06000028", {"E06000058": 1})
    split("E06000029", {"E06000058": 1})
    rpath = os.path.join(a.data, "rural_urban_2011_lad.csv")
    pop11 = {r["LAD11CD"]: num(r, "Total population 2011", rpath) for r in read(rpath)}
    dorset11 = ("E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053")
    for d in dorset11:
        if d not in pop11:
            die("%s: no 2011 population of Dorset district %s" % (rpath, d))
    christ = pop11["E07000048"]
    rest = sum(pop11[d] for d in dorset11) - christ
    split("E10000009", {"E06000058": christ, "E06000059": rest})
    split("E10000006", {"E06000063": adults["E06000063"], "E06000064": adults["E06000064"]})
    split("E10000023", {"E06000065": 1})
    split("E10000027", {"E06000066": 1})
    for c in ("E06000058", "E06000059", "E06000061", "E06000062", "E06000063", "E06000064",
              "E06000065", "E06000066"):
        basis[c] = "apportioned" if c not in ("E06000065", "E06000066") else "own"
    # E10000006/23/27 rows also carry their 2021 codes in ons_code_current: drop them
    for c16 in ("E10000006", "E10000023", "E10000027"):
        share.pop(c16, None)
        basis.pop(c16, None)

    # ---- England 2023-24 budget in the model's scope ----
    npath = os.path.join(a.data, "ascfr_england_series_2015_2024.csv")
    ser = {(r["measure"], r["financial_year"]): num(r, "value", npath) for r in read(npath)}
    try:
        lt, stmax, other = (ser[(m, "2023-24")] for m in ("gce_long_term_support", "gce_st_max", "gce_other_support"))
    except KeyError as e:
        die("%s: no 2023-24 row for %s" % (npath, e))
    # Client income: ASC-FR 2016-17's income netted from gross current
    # expenditure (gross current - net current expenditure: client
    # contributions and other income), taken as a share of long-term spending,
    # where the model's charges fall, and applied to 2023-24.
    income_share = (total16 - net16) / lt16
    england = (lt * (1 - income_share) + stmax + OTHER_IN_SCOPE * other) * 1e9

    # ---- rows ----
    england_minority = sum(nonw.values()) / sum(tot.values())
    england_adults = sum(adults.values())
    out = []
    known = sum(share.values())
    for p in places:
        c = p["code"]
        defaults = []
        mic = MICRO_OWN.get(c)
        if mic:
            micro, starts = mic[0] / adults[c] * 1e5, mic[1]
        else:
            micro, starts = MICRO_DEFAULT, MICRO_STARTS_DEFAULT
            defaults += ["micro_per_100k", "micro_starts_per_100k"]
        if c in share:
            sh, bs = share[c], basis[c]
        else:
            # no 2016-17 row (the Isles of Scilly): England's budget per adult
            sh, bs = adults[c] / england_adults * known, "default"
            defaults.append("budget")
        m = nonw[c] / tot[c]
        if not 0 <= m <= 1:
            die("minority share of %s is %g" % (c, m))
        out.append([c, p["name"], fmt(m), fmt(micro), fmt(starts), fmt(sh), "%.0f" % (sh * england), bs,
                    " ".join(defaults)])
    extra = set(share) - set(adults)
    if extra:
        die("%s: spending rows for councils not in places.csv: %s" % (spath, " ".join(sorted(extra))))
    s = sum(float(r[5]) for r in out)
    if abs(s - 1) > 0.002:
        die("the councils' spending shares add up to %.5f, not 1" % s)

    path = os.path.join(a.seeds, "council_inputs.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "minority_share", "micro_per_100k", "micro_starts_per_100k", "spend_share",
                    "budget_gbp", "budget_basis", "defaults"])
        w.writerows(out)
    print("council_inputs.csv: %d councils; England minority share %.4f (all ages)" % (len(out), england_minority))
    print("England 2023-24 in scope: long-term %.2f bn x (1 - income %.4f) + ST-Max %.2f + %.2f x other %.2f "
          "= %.3f bn; sum of councils' budgets %.3f bn" % (lt, income_share, stmax, OTHER_IN_SCOPE, other,
                                                          england / 1e9, sum(float(r[6]) for r in out) / 1e9))
    som = [r for r in out if r[0] == "E06000066"][0]
    print("Somerset: share %s, budget %s GBP, minority %s, micro %s per 100k" % (som[5], som[6], som[2], som[3]))


if __name__ == "__main__":
    main()
