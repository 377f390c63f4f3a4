#!/usr/bin/env python3
"""Build the caresim seed files from public data.

This script turns the official statistics in the shared public data directory
(ONS mid-year estimates mid-2020, ONS Open Geography LTLA->UTLA lookup, MHCLG
English Indices of Deprivation 2019, ONS Rural-Urban Classification 2011, ONS
Census 2021 table TS039 and ONS National life tables UK) into the CSV seed
files that caresim reads for the 153 English councils with adult social care
responsibility since April 2023 (the 152 of the 2021 geography, with Cumbria
split into Cumberland and Westmorland and Furness, and North Yorkshire and
Somerset recoded as unitaries on the same areas; see REORG_2023):

    seeds/places.csv        one row per council
    seeds/population.csv    mid-2020 population by sex and single year of age
    seeds/districts.csv     lower-tier districts, with IMD quintile estimates
    seeds/unpaid_care.csv   Census 2021 unpaid care, by council
    seeds/former_codes.csv  2021 council codes replaced in April 2023, and their successors
    seeds/lifetable.csv     UK national life tables (mx, qx)
    seeds/migration.csv     net migration per head by model year, sex and age

The population is rebased to ONS's Census-consistent England series (Table 11,
July 2024), from which, with the life tables, net migration is derived by the
residual method (seeds/README.md, "Demography").

See seeds/README.md for every column, the method and the sources.

Usage (from the repository root):

    python3 seeds/build_seeds.py [--data DIR] [--out DIR]

--data defaults to ../shared/data/public relative to the repository root and
--out to seeds/ in the repository root. Standard library only; the output is
deterministic (rows in a fixed order, fixed float formatting). The script prints
a short summary and exits non-zero with a message if any sanity check fails.
"""

import argparse
import csv
import math
import os
import sys

COUNCIL_PREFIXES = ("E06", "E08", "E09", "E10")
ENGLAND_LTLA_PREFIXES = ("E06", "E07", "E08", "E09")
N_AGES = 91  # 0..89 and 90+
ADULT_MIN_AGE = 18

SIGMA_DEFAULT = 0.45
SIGMA_MIN = 0.20
SIGMA_MAX = 0.90
CUT_TOL = 1e-6
MAX_OUTER_ITER = 50
CUT_PROBS = (0.2, 0.4, 0.6, 0.8, 0.9)

# 2011 districts that have since been merged: old code -> (expected 2011 name
# in the rural-urban file, current district/unitary code). Checked against the
# files at run time (names must match, targets must exist in the 2022 lookup).
RECODE_2011 = {
    # Bournemouth, Christchurch and Poole (April 2019)
    "E06000028": ("Bournemouth", "E06000058"),
    "E06000029": ("Poole", "E06000058"),
    "E07000048": ("Christchurch", "E06000058"),
    # Dorset unitary (April 2019)
    "E07000049": ("East Dorset", "E06000059"),
    "E07000050": ("North Dorset", "E06000059"),
    "E07000051": ("Purbeck", "E06000059"),
    "E07000052": ("West Dorset", "E06000059"),
    "E07000053": ("Weymouth and Portland", "E06000059"),
    # Buckinghamshire unitary (April 2020)
    "E07000004": ("Aylesbury Vale", "E06000060"),
    "E07000005": ("Chiltern", "E06000060"),
    "E07000006": ("South Bucks", "E06000060"),
    "E07000007": ("Wycombe", "E06000060"),
    # North Northamptonshire (April 2021)
    "E07000150": ("Corby", "E06000061"),
    "E07000152": ("East Northamptonshire", "E06000061"),
    "E07000153": ("Kettering", "E06000061"),
    "E07000156": ("Wellingborough", "E06000061"),
    # West Northamptonshire (April 2021)
    "E07000151": ("Daventry", "E06000062"),
    "E07000154": ("Northampton", "E06000062"),
    "E07000155": ("South Northamptonshire", "E06000062"),
    # Somerset West and Taunton (April 2019)
    "E07000190": ("Taunton Deane", "E07000246"),
    "E07000191": ("West Somerset", "E07000246"),
    # West Suffolk and East Suffolk (April 2019)
    "E07000201": ("Forest Heath", "E07000245"),
    "E07000204": ("St Edmundsbury", "E07000245"),
    "E07000205": ("Suffolk Coastal", "E07000244"),
    "E07000206": ("Waveney", "E07000244"),
}

# The April 2023 reorganisation (the Cumbria, North Yorkshire and Somerset
# Structural Changes Orders 2022; codes and names as in the ONS Open Geography
# Portal's "Counties and Unitary Authorities (April 2023)"). 2021 council ->
# its successors: (2023 code, 2023 name, the 2021 council's districts that make
# it up as {code: expected name in the 2022 lookup}, or None for all of them).
# A 2021 council with one successor covering the same area keeps its 2021 code
# as the key of its random streams (places.csv stream_key), so its results do
# not change; a split council's successors are keyed on their own codes.
REORG_2023 = {
    "E10000006": [  # Cumbria
        ("E06000063", "Cumberland",
         {"E07000026": "Allerdale", "E07000028": "Carlisle", "E07000029": "Copeland"}),
        ("E06000064", "Westmorland and Furness",
         {"E07000027": "Barrow-in-Furness", "E07000030": "Eden", "E07000031": "South Lakeland"}),
    ],
    "E10000023": [("E06000065", "North Yorkshire", None)],
    "E10000027": [("E06000066", "Somerset", None)],
}
N_COUNCILS_2021 = 152
N_COUNCILS = 153

CENSUS_COLS = {
    "residents_5plus": "Provision of unpaid care: Total: All usual residents aged 5 and over",
    "no_care": "Provision of unpaid care: Provides no unpaid care",
    "h1_19": "Provision of unpaid care: Provides 19 hours or less unpaid care a week",
    "h20_49": "Provision of unpaid care: Provides 20 to 49 hours unpaid care a week",
    "h50plus": "Provision of unpaid care: Provides 50 or more hours unpaid care a week",
}

UTLA19_SCORE_COL = "IMD - Average score"
UTLA19_CODE_COL = "Upper Tier Local Authority District code (2019)"


class SeedError(Exception):
    pass


def fail(msg):
    raise SeedError(msg)


def check(cond, msg):
    if not cond:
        fail(msg)


# ---------------------------------------------------------------- formatting

def fmt_sig(x, sig=6):
    """x to `sig` significant digits, fixed-point (no exponent), trailing
    zeros stripped. Deterministic for a given double."""
    if not math.isfinite(x):
        fail(f"non-finite value {x!r} in output")
    if x == 0.0:
        return "0"
    exp = math.floor(math.log10(abs(x)))
    decimals = sig - 1 - exp
    xr = round(x, decimals)
    if xr == 0.0:
        return "0"
    # rounding may carry into the next power of ten (e.g. 9.999996 -> 10)
    exp = math.floor(math.log10(abs(xr)))
    decimals = max(0, min(15, sig - 1 - exp))
    s = f"{xr:.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def fmt_shares_sum1(shares, sig=6):
    """Format shares that sum to 1 so that the *printed* values also sum to 1
    within 1e-6: round all, then give the rounding residual to the largest."""
    out = [fmt_sig(s, sig) for s in shares]
    big = max(range(len(shares)), key=lambda i: (shares[i], -i))
    rest = sum(float(out[i]) for i in range(len(out)) if i != big)
    out[big] = fmt_sig(min(1.0, max(0.0, 1.0 - rest)), sig)
    return out


# ---------------------------------------------------------------- reading

def read_csv_dicts(path, encoding="utf-8"):
    if not os.path.isfile(path):
        fail(f"missing input file {path}")
    with open(path, newline="", encoding=encoding) as fh:
        rdr = csv.reader(fh)
        header = [h.strip() for h in next(rdr)]
        rows = []
        for rec in rdr:
            if not rec or all(not f.strip() for f in rec):
                continue
            check(len(rec) == len(header),
                  f"{os.path.basename(path)}: row has {len(rec)} fields, header {len(header)}: {rec[:3]}")
            rows.append(dict(zip(header, (f.strip() for f in rec))))
    return header, rows


def to_int(s, where):
    try:
        return int(s.replace(",", ""))
    except ValueError:
        fail(f"{where}: not an integer: {s!r}")


def to_float(s, where):
    try:
        v = float(s)
    except ValueError:
        fail(f"{where}: not a number: {s!r}")
    check(math.isfinite(v), f"{where}: not finite: {s!r}")
    return v


def read_mye2(path):
    header, rows = read_csv_dicts(path)
    age_cols = [str(a) for a in range(90)] + ["90+"]
    for col in ["Code", "Name", "Geography", "All ages"] + age_cols:
        check(col in header, f"{os.path.basename(path)}: missing column {col!r}")
    out = {}
    for r in rows:
        code = r["Code"]
        check(code not in out, f"{os.path.basename(path)}: duplicate code {code}")
        ages = [to_int(r[c], f"{os.path.basename(path)} {code} age {c}") for c in age_cols]
        total = to_int(r["All ages"], f"{os.path.basename(path)} {code} All ages")
        check(sum(ages) == total,
              f"{os.path.basename(path)} {code}: ages sum {sum(ages)} != All ages {total}")
        out[code] = {"name": r["Name"], "geography": r["Geography"], "ages": ages}
    return out


def adults(ages):
    return sum(ages[ADULT_MIN_AGE:])


# ---------------------------------------------------------------- lognormal model

SQRT2 = math.sqrt(2.0)


def ln_cdf(x, mu, sigma):
    """P(X <= x) for X lognormal(mu, sigma)."""
    if x <= 0.0:
        return 0.0
    z = (math.log(x) - mu) / sigma
    return 0.5 * math.erfc(-z / SQRT2)


def ln_tail(x, mu, sigma):
    """P(X > x) for X lognormal(mu, sigma); erfc keeps the tail accurate."""
    if x <= 0.0:
        return 1.0
    z = (math.log(x) - mu) / sigma
    return 0.5 * math.erfc(z / SQRT2)


def mu_for(mean, sigma):
    # lognormal with E[X] = mean
    return math.log(mean) - 0.5 * sigma * sigma


def fit_sigma(mean, prop, c90):
    """Choose sigma so that P(X > c90) = prop for X lognormal with mean `mean`.

    With the mean fixed, the tail t(sigma) = P(X > c90) rises with sigma up
    to sigma* = sqrt(2 ln(c90/mean)) (sigma* = 0 when c90 <= mean) and falls
    after it, so on [0.20, 0.90] it has at most one root on each side of
    sigma*. Each branch is solved by bisection; if both give a root, the one
    closer to the 0.45 default is taken. If there is no root, sigma is the
    point of [0.20, 0.90] whose tail is closest to prop (an end point, or
    sigma* when prop exceeds the largest attainable tail).
    Returns (sigma, status): 'fit', 'unfit' (prop == 0 -> 0.45), 'clamp_lo'
    (0.20), 'clamp_hi' (0.90) or 'clamp_max' (sigma* strictly inside)."""
    if prop <= 0.0:
        return SIGMA_DEFAULT, "unfit"

    def tail(s):
        return ln_tail(c90, mu_for(mean, s), s)

    def status_of(s):
        if s <= SIGMA_MIN:
            return "clamp_lo"
        if s >= SIGMA_MAX:
            return "clamp_hi"
        return "clamp_max"

    def bisect(lo, hi, rising):
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if (tail(mid) < prop) == rising:
                lo = mid
            else:
                hi = mid
            if hi - lo < 1e-13:
                break
        return 0.5 * (lo + hi)

    sstar = math.sqrt(2.0 * math.log(c90 / mean)) if c90 > mean else 0.0
    speak = min(SIGMA_MAX, max(SIGMA_MIN, sstar))
    t_lo, t_peak, t_hi = tail(SIGMA_MIN), tail(speak), tail(SIGMA_MAX)
    roots = []
    if speak > SIGMA_MIN and t_lo <= prop <= t_peak:       # rising branch
        roots.append(bisect(SIGMA_MIN, speak, True))
    if speak < SIGMA_MAX and t_hi <= prop <= t_peak:       # falling branch
        roots.append(bisect(speak, SIGMA_MAX, False))
    if roots:
        return min(roots, key=lambda s: (abs(s - SIGMA_DEFAULT), s)), "fit"
    if prop > t_peak:
        return speak, status_of(speak)
    # prop below the tail everywhere: take the end point with the smaller tail
    s = SIGMA_MIN if t_lo <= t_hi else SIGMA_MAX
    return s, status_of(s)


def mixture_quantile(p, comps, wtot):
    """p-quantile of sum_i w_i lognormal(mu_i, sigma_i) / wtot, by bisection
    on log(score)."""
    def cdf(x):
        return sum(w * ln_cdf(x, mu, s) for (w, mu, s) in comps) / wtot

    lo, hi = math.log(1e-3), math.log(1e4)
    check(cdf(math.exp(lo)) < p < cdf(math.exp(hi)), "mixture quantile not bracketed")
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if cdf(math.exp(mid)) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-14:
            break
    return math.exp(0.5 * (lo + hi))


def fit_national(dists):
    """dists: list of dicts with keys mean, prop, w. Sets d['sigma'] and
    d['status']; returns (cuts, iterations)."""
    for d in dists:
        d["sigma"] = SIGMA_DEFAULT
        d["status"] = "unfit" if d["prop"] <= 0 else "init"
    wtot = float(sum(d["w"] for d in dists))

    def cuts_now():
        comps = [(d["w"], mu_for(d["mean"], d["sigma"]), d["sigma"]) for d in dists]
        return [mixture_quantile(p, comps, wtot) for p in CUT_PROBS]

    cuts = cuts_now()
    it = 0
    converged = False
    while it < MAX_OUTER_ITER:
        it += 1
        c90 = cuts[4]
        for d in dists:
            d["sigma"], d["status"] = fit_sigma(d["mean"], d["prop"], c90)
        new = cuts_now()
        delta = max(abs(a - b) for a, b in zip(new, cuts))
        cuts = new
        if delta < CUT_TOL:
            converged = True
            break
    return cuts, it, converged


def quintile_shares(mean, sigma, cuts):
    """(q1..q5): q1 = share above the 80th percentile cut (most deprived)."""
    mu = mu_for(mean, sigma)
    c20, c40, c60, c80 = cuts[0], cuts[1], cuts[2], cuts[3]
    f20, f40, f60, f80 = (ln_cdf(c, mu, sigma) for c in (c20, c40, c60, c80))
    q1 = ln_tail(c80, mu, sigma)
    q2 = f80 - f60
    q3 = f60 - f40
    q4 = f40 - f20
    q5 = f20
    return [max(0.0, q) for q in (q1, q2, q3, q4, q5)]


# ---------------------------------------------------------------- demography
#
# The engine's demographic conventions (seeds/README.md, "Demography"): a
# person's age is their age at the last mid-year (30 June); model year Y runs
# from mid-Y to mid-(Y+1); a person aged a at mid-Y dies during year Y with
# probability qx(sex, a) of the life table serving year Y. The rebase, the
# migration residuals and seeds/check_demography.py all use these rules.

SEED_YEAR = 2020            # the seed population is mid-2020
MIGR_FIRST_YEAR = 2011      # first model year with a residual (mid-2011 -> mid-2012)
MIGR_LAST_YEAR = 2022       # last: mid-2022 -> mid-2023, the last published mid-year
MIGR_AGE_MIN = 17           # the cohort that turns 18 during the year
# The projection's schedule: the mean per-head rate over these model years.
# 2019 (mid-2019 -> mid-2020) is left out because COVID's first wave (spring
# 2020) is in its deaths but not in the 2017-2019 life table, so its residual
# counts the excess deaths as emigration (65+: -63k against -2k..-28k before).
PROJ_FIRST_YEAR, PROJ_LAST_YEAR = 2011, 2018
# demography.mortality_improvement's default, used to derive the residuals of
# the years served by the improved 2017-2019 table (an assumption; see README)
MORTALITY_IMPROVEMENT = 0.01
BASE_TABLE = "2017-2019"
BASE_TABLE_CENTRE = 2018    # mx x (1 - i)^(Y + 0.5 - 2018): Y + 0.5 - 2018 = mid-year of Y's
                            # middle (1 January Y+1) minus the table's centre, mid-2018


def table_of_year(year):
    """The life table serving model year `year`, and whether it is improved."""
    if year == 2020:
        return "2019-2021", False
    if year in (2021, 2022):
        return "2020-2022", False
    return BASE_TABLE, True


def qx_year(lt, sex, age, year, improvement=MORTALITY_IMPROVEMENT):
    """Annual probability of death in model year `year` of a person aged `age`
    (at mid-year; ages above the table's last are its last). lt maps
    (period, sex, age) -> (mx, qx)."""
    period, improved = table_of_year(year)
    top = max(a for (p, s, a) in lt if p == period and s == sex)
    mx, qx = lt[(period, sex, min(age, top))]
    if not improved:
        return qx
    return 1.0 - math.exp(-mx * (1.0 - improvement) ** (year + 0.5 - BASE_TABLE_CENTRE))


def qx_open(lt, sex, year, first=90, improvement=MORTALITY_IMPROVEMENT):
    """Probability of death in the year of the open group first+ as a whole:
    the table's qx for ages first..last weighted by survivors lx of the same
    qx from age `first` (a stationary population within the group)."""
    period, _ = table_of_year(year)
    top = max(a for (p, s, a) in lt if p == period and s == sex)
    lx, num, den = 1.0, 0.0, 0.0
    for a in range(first, top + 1):
        q = qx_year(lt, sex, a, year, improvement)
        num += lx * q
        den += lx
        lx *= 1.0 - q
    return num / den


def migration_rates(eng, lt, year):
    """Net migration per head by the residual method for model year `year`:
    {(sex, age): rate} for age 17..90 (90 = 90+). eng maps (sex, age, mid-year)
    -> England's Census-consistent population. The cohort aged a < 89 at mid-Y
    is the one aged a+1 at mid-(Y+1). Those aged 89 and 90+ at mid-Y together
    make 90+ at mid-(Y+1), so their migrants cannot be told apart: both get
    the group's one rate, M / (N(89) + N(90+))."""
    out = {}
    for sx in ("m", "f"):
        for a in range(MIGR_AGE_MIN, 89):
            n = eng[(sx, a, year)]
            m = eng[(sx, a + 1, year + 1)] - n * (1.0 - qx_year(lt, sx, a, year))
            out[(sx, a)] = m / n
        n89, n90 = eng[(sx, 89, year)], eng[(sx, 90, year)]
        m = (eng[(sx, 90, year + 1)] - n89 * (1.0 - qx_year(lt, sx, 89, year))
             - n90 * (1.0 - qx_open(lt, sx, year)))
        out[(sx, 89)] = out[(sx, 90)] = m / (n89 + n90)
    return out


def read_england_series(path):
    """ONS Table 11 (Census-consistent, July 2024): {(sex, age, year): count}
    for males/females, age 0..90 (90 = 90+)."""
    header, rows = read_csv_dicts(path)
    for col in ("sex", "age", "year_mid", "population"):
        check(col in header, f"{os.path.basename(path)}: missing column {col!r}")
    sexmap = {"Males": "m", "Females": "f"}
    out = {}
    for r in rows:
        if r["sex"] not in sexmap or r["age"] == "All Ages":
            continue
        age = to_int(r["age"].rstrip("+"), f"{os.path.basename(path)} age")
        year = to_int(r["year_mid"], f"{os.path.basename(path)} year_mid")
        key = (sexmap[r["sex"]], age, year)
        check(key not in out, f"{os.path.basename(path)}: duplicate {key}")
        out[key] = to_int(r["population"], f"{os.path.basename(path)} {key}")
    for y in range(MIGR_FIRST_YEAR, MIGR_LAST_YEAR + 2):
        for sx in ("m", "f"):
            for a in range(N_AGES):
                check((sx, a, y) in out, f"{os.path.basename(path)}: no row for {sx} age {a} mid-{y}")
    return out


def rebase_population(pop, order, target):
    """Every council's counts rebased to a national total by sex and age.
    pop: {council: (males by age, females by age)}; target: {(sex, age):
    national count}. Each cell becomes f(sex, age) x its count, f = target /
    the councils' sum, rounded so the councils add up to the target exactly.
    Returns ({council: (males, females)}, {(sex, age): f})."""
    factors = {}
    out = {c: ([0] * N_AGES, [0] * N_AGES) for c in order}
    for k, sx in enumerate(("m", "f")):
        for a in range(N_AGES):
            seed_sum = sum(pop[c][k][a] for c in order)
            check(seed_sum > 0, f"no one of sex {sx} age {a} in MYE2 mid-2020")
            f = target[(sx, a)] / seed_sum
            check(0.8 <= f <= 1.2, f"rebase factor {f:.4f} for {sx} age {a}: series mismatch?")
            factors[(sx, a)] = f
            for c, v in zip(order, round_to_total([pop[c][k][a] * f for c in order], target[(sx, a)])):
                out[c][k][a] = v
    return out, factors


def round_to_total(values, total):
    """Integers, each floor or ceil of its value, adding up to `total`: the
    floors, plus one for the largest remainders (ties by position)."""
    floors = [math.floor(v) for v in values]
    rest = total - sum(floors)
    check(0 <= rest <= len(values), f"cannot round {sum(values):.1f} to {total}")
    order = sorted(range(len(values)), key=lambda k: (-(values[k] - floors[k]), k))
    for k in order[:rest]:
        floors[k] += 1
    return floors


# ---------------------------------------------------------------- main build

def build(data_dir, out_dir):
    P = lambda name: os.path.join(data_dir, name)
    notes = []  # summary lines

    # --- population
    persons = read_mye2(P("mye2_mid2020_2021geog_persons.csv"))
    males = read_mye2(P("mye2_mid2020_2021geog_males.csv"))
    females = read_mye2(P("mye2_mid2020_2021geog_females.csv"))

    councils = sorted(c for c in persons if c.startswith(COUNCIL_PREFIXES))
    check(len(councils) == N_COUNCILS_2021,
          f"expected {N_COUNCILS_2021} councils (2021 geography), found {len(councils)}")
    type_ok = {"E06": "Unitary Authority", "E08": "Metropolitan District",
               "E09": "London Borough", "E10": "County"}
    for c in councils:
        g = persons[c]["geography"]
        check(g == type_ok[c[:3]], f"{c}: unexpected Geography {g!r}")
    for c in persons:
        if c.startswith(ENGLAND_LTLA_PREFIXES + ("E10",)):
            check(c in males and c in females, f"{c}: missing from males/females file")
            for a in range(N_AGES):
                check(persons[c]["ages"][a] == males[c]["ages"][a] + females[c]["ages"][a],
                      f"{c}: persons != males + females at age index {a}")

    # --- lookup
    _, lk_rows = read_csv_dicts(P("ltla22_to_utla22_lookup.csv"), encoding="utf-8-sig")
    ltla_to_utla = {}
    ltla_name = {}
    for r in lk_rows:
        lt, ut = r["LTLA22CD"], r["UTLA22CD"]
        if not lt.startswith("E"):
            continue
        check(lt not in ltla_to_utla, f"lookup: duplicate LTLA {lt}")
        ltla_to_utla[lt] = ut
        ltla_name[lt] = r["LTLA22NM"]
    check(set(ltla_to_utla.values()) == set(councils),
          "lookup UTLAs differ from mye2 councils: "
          f"{sorted(set(ltla_to_utla.values()) ^ set(councils))}")
    england_ltlas = sorted(ltla_to_utla)
    for lt in england_ltlas:
        check(lt in persons, f"lookup LTLA {lt} not in mye2")

    # --- districts
    districts = {}  # council -> [district codes]
    for c in councils:
        if c.startswith("E10"):
            ds = sorted(lt for lt, ut in ltla_to_utla.items() if ut == c)
            for d in ds:
                check(persons[d]["geography"] == "Non-metropolitan District",
                      f"{d} (in {c}): Geography {persons[d]['geography']!r}")
        else:
            check(ltla_to_utla.get(c) == c, f"{c}: lookup does not map it to itself")
            ds = [c]
        check(len(ds) >= 1, f"{c}: no districts")
        districts[c] = ds
    all_nmd = sorted(c for c in persons if persons[c]["geography"] == "Non-metropolitan District")
    mapped_nmd = sorted(d for c in councils if c.startswith("E10") for d in districts[c])
    check(all_nmd == mapped_nmd,
          f"non-metropolitan districts not matched to counties: {sorted(set(all_nmd) ^ set(mapped_nmd))}")

    adults_of = {code: adults(persons[code]["ages"]) for code in persons}
    for c in councils:
        s = sum(adults_of[d] for d in districts[c])
        check(s == adults_of[c], f"{c}: district adults {s} != council adults {adults_of[c]}")
        for a in range(N_AGES):
            check(sum(persons[d]["ages"][a] for d in districts[c]) == persons[c]["ages"][a],
                  f"{c}: district population at age index {a} does not sum to council")

    # --- the councils of April 2023 (REORG_2023). Each gets its name, type,
    # districts, stream key and the 2021 council it comes from; a new council's
    # population is the sum of its districts' MYE2 rows.
    check(set(REORG_2023) <= set(councils), f"REORG_2023 names unknown councils: "
          f"{sorted(set(REORG_2023) - set(councils))}")
    council23 = {}   # 2023 code -> dict(name, type, districts, key, former)
    former_rows = []
    for c in councils:
        if c not in REORG_2023:
            council23[c] = {"name": persons[c]["name"], "type": persons[c]["geography"],
                            "districts": districts[c], "key": c, "former": c}
            continue
        succ = REORG_2023[c]
        covered = []
        for code, name, dmap in succ:
            check(code.startswith("E06") and code not in persons and code not in council23,
                  f"REORG_2023 {c}: successor {code} is not a new unitary code")
            if dmap is None:
                check(len(succ) == 1, f"REORG_2023 {c}: a split council must list its districts")
                ds = list(districts[c])
            else:
                for d, nm in dmap.items():
                    check(d in districts[c], f"REORG_2023 {c}: {d} is not one of its districts")
                    check(ltla_name[d] == nm, f"REORG_2023 {d}: lookup name {ltla_name[d]!r} != {nm!r}")
                ds = sorted(dmap)
            covered += ds
            council23[code] = {"name": name, "type": "Unitary Authority", "districts": ds,
                               "key": c if len(succ) == 1 else code, "former": c}
            former_rows.append([c, persons[c]["name"], code, name])
        check(sorted(covered) == sorted(districts[c]),
              f"REORG_2023 {c}: successors' districts {sorted(covered)} != its districts {districts[c]}")
    # the order of places.csv (and so of a national run's by_place columns): the
    # 2021 council each comes from, then code, so councils keep their 2021 places
    # and Cumbria's two successors take its place
    councils23 = sorted(council23, key=lambda c: (council23[c]["former"], c))
    check(len(councils23) == N_COUNCILS, f"expected {N_COUNCILS} councils, found {len(councils23)}")
    pop23 = {}   # 2023 code -> (males ages, females ages)
    for c in councils23:
        ds = council23[c]["districts"]
        if c in persons:
            pop23[c] = (males[c]["ages"], females[c]["ages"])
        else:
            pop23[c] = tuple([sum(src[d]["ages"][a] for d in ds) for a in range(N_AGES)]
                             for src in (males, females))
    for c, succ in REORG_2023.items():
        for k, src in enumerate((males, females)):
            check(all(sum(pop23[s[0]][k][a] for s in succ) == src[c]["ages"][a] for a in range(N_AGES)),
                  f"{c}: its successors' population does not add up to the 2021 council's")
    adults23 = {c: sum(adults_of[d] for d in council23[c]["districts"]) for c in councils23}
    for c in councils23:
        check(adults23[c] == adults(pop23[c][0]) + adults(pop23[c][1]),
              f"{c}: adults of its districts != adults of its males and females")

    name_diffs = [(lt, ltla_name[lt], persons[lt]["name"]) for lt in england_ltlas
                  if ltla_name[lt] != persons[lt]["name"]]

    # --- IMD by district
    imd_header, imd_rows = read_csv_dicts(P("imd2019_england_ltla22.csv"))
    for col in ("ltla22_code", "Score", "Proportion"):
        check(col in imd_header, f"imd2019_england_ltla22.csv: missing column {col!r}")
    imd = {}
    for r in imd_rows:
        code = r["ltla22_code"]
        check(code not in imd, f"imd: duplicate {code}")
        score = to_float(r["Score"], f"imd {code} Score")
        prop = to_float(r["Proportion"], f"imd {code} Proportion")
        check(score > 0, f"imd {code}: Score {score} <= 0")
        check(0.0 <= prop <= 1.0, f"imd {code}: Proportion {prop} outside [0,1]")
        imd[code] = (score, prop)
    imd_extra = sorted(set(imd) - set(england_ltlas))
    if imd_extra:
        notes.append(f"IMD rows not in the 2022 lookup (ignored): {imd_extra}")

    _, u19_rows = read_csv_dicts(P("iod2019_utla19_IMD.csv"))
    utla19_score = {}
    for r in u19_rows:
        utla19_score[r[UTLA19_CODE_COL]] = to_float(r[UTLA19_SCORE_COL], f"utla19 {r[UTLA19_CODE_COL]}")

    imd_fallback = []
    for lt in england_ltlas:
        if lt not in imd:
            ut = ltla_to_utla[lt]
            check(ut in utla19_score,
                  f"{lt}: no IMD district score and council {ut} not in iod2019_utla19_IMD.csv")
            imd[lt] = (utla19_score[ut], None)  # no Proportion: sigma unfitted
            imd_fallback.append(lt)

    # --- national lognormal-mixture fit over all England LTLAs
    dists = []
    for lt in england_ltlas:
        score, prop = imd[lt]
        dists.append({"code": lt, "mean": score, "prop": prop if prop is not None else 0.0,
                      "has_prop": prop is not None, "w": adults_of[lt]})
    cuts, n_iter, converged = fit_national(dists)
    check(converged, f"national cut points did not converge in {MAX_OUTER_ITER} iterations")
    check(all(cuts[i] < cuts[i + 1] for i in range(4)), f"cut points not increasing: {cuts}")
    dist_fit = {d["code"]: d for d in dists}
    status_counts = {}
    for d in dists:
        status_counts[d["status"]] = status_counts.get(d["status"], 0) + 1
    fitted = [d for d in dists if d["has_prop"]]
    errs = [abs(ln_tail(cuts[4], mu_for(d["mean"], d["sigma"]), d["sigma"]) - d["prop"])
            for d in fitted]
    errs_fit = [abs(ln_tail(cuts[4], mu_for(d["mean"], d["sigma"]), d["sigma"]) - d["prop"])
                for d in fitted if d["prop"] > 0]
    mae_all = sum(errs) / len(errs)
    mae_pos = sum(errs_fit) / len(errs_fit) if errs_fit else 0.0
    # national check: population-weighted q1 should be ~0.2 by construction
    wtot = sum(d["w"] for d in dists)
    nat_q = [0.0] * 5
    for d in dists:
        qs = quintile_shares(d["mean"], d["sigma"], cuts)
        for i in range(5):
            nat_q[i] += d["w"] * qs[i] / wtot

    # --- rural-urban 2011
    ru_header, ru_rows = read_csv_dicts(P("rural_urban_2011_lad.csv"))
    RUR, TOT = "Total Rural population 2011", "Total population 2011"
    for col in ("LAD11CD", "LAD18CD", "LAD18NM", RUR, TOT):
        check(col in ru_header, f"rural_urban_2011_lad.csv: missing column {col!r}")
    rural = {}  # current LTLA -> [rural, total]
    unmapped_2011 = []
    recoded = []
    used_recodes = set()
    for r in ru_rows:
        c11, c18, nm = r["LAD11CD"], r["LAD18CD"], r["LAD18NM"]
        if not c11.startswith("E"):
            continue
        rp = to_int(r[RUR], f"rural {c11} rural pop")
        tp = to_int(r[TOT], f"rural {c11} total pop")
        check(0 <= rp <= tp and tp > 0, f"rural {c11}: rural {rp} / total {tp} invalid")
        if c18 in ltla_to_utla:
            target = c18
        elif c11 in ltla_to_utla:
            target = c11
        elif c18 in RECODE_2011 or c11 in RECODE_2011:
            key = c18 if c18 in RECODE_2011 else c11
            exp_name, target = RECODE_2011[key]
            check(nm == exp_name, f"rural recode {key}: file name {nm!r} != expected {exp_name!r}")
            check(target in ltla_to_utla, f"rural recode {key}: target {target} not in 2022 lookup")
            used_recodes.add(key)
            recoded.append((key, nm, target))
        else:
            unmapped_2011.append((c11, c18, nm))
            continue
        acc = rural.setdefault(target, [0, 0])
        acc[0] += rp
        acc[1] += tp
    unused_recodes = sorted(set(RECODE_2011) - used_recodes)
    missing_rural = [lt for lt in england_ltlas if lt not in rural]
    for c11, c18, nm in unmapped_2011:
        print(f"WARNING: 2011 district {c11}/{c18} {nm} could not be mapped to a current district",
              file=sys.stderr)
    check(not missing_rural, f"current districts with no rural-urban data: {missing_rural}")
    check(not unmapped_2011, f"2011 districts not mapped to a current district: {unmapped_2011}")
    # catches a wrong recode: 2011 population vs mid-2020 population of the
    # current district (observed 0.67 for the City of London .. 1.04)
    for lt in england_ltlas:
        ratio = rural[lt][1] / sum(persons[lt]["ages"])
        check(0.6 <= ratio <= 1.1,
              f"{lt}: 2011 population / mid-2020 population = {ratio:.3f}, recoding suspect")

    # --- census unpaid care
    ce_header, ce_rows = read_csv_dicts(P("census2021_unpaid_care_ltla.csv"))
    CODE = "geography code"
    check(CODE in ce_header, "census: missing 'geography code' column")
    for col in CENSUS_COLS.values():
        check(col in ce_header, f"census: missing column {col!r}")
    care_d = {}  # district -> the five counts
    care_seen = set()
    census_unmapped = []
    for r in ce_rows:
        code = r[CODE]
        if not code.startswith("E"):
            continue
        if code not in ltla_to_utla:
            census_unmapped.append((code, r.get("geography", "")))
            continue
        check(code not in care_seen, f"census: duplicate district {code}")
        care_seen.add(code)
        vals = [to_int(r[CENSUS_COLS[k]], f"census {code} {k}") for k in CENSUS_COLS]
        check(vals[0] == sum(vals[1:]),
              f"census {code}: categories {sum(vals[1:])} != total {vals[0]}")
        care_d[code] = vals
    check(not census_unmapped, f"census districts not in the 2022 lookup: {census_unmapped}")
    missing_care = sorted(set(england_ltlas) - care_seen)
    check(not missing_care, f"districts with no census unpaid-care data: {missing_care}")
    care = {c: [sum(care_d[d][i] for d in council23[c]["districts"]) for i in range(5)]
            for c in councils23}
    for c in councils23:
        check(care[c][0] > 0, f"{c}: no unpaid-care data")

    # --- life tables
    lt_header, lt_rows = read_csv_dicts(P("ons_nltuk_2017_2022_long.csv"))
    for col in ("period", "sex", "age", "mx", "qx"):
        check(col in lt_header, f"life table: missing column {col!r}")
    sexmap = {"male": "m", "female": "f"}
    life = []
    seen = set()
    for r in lt_rows:
        check(r["sex"] in sexmap, f"life table: unknown sex {r['sex']!r}")
        age = to_int(r["age"], "life table age")
        mx = to_float(r["mx"], "life table mx")
        qx = to_float(r["qx"], "life table qx")
        check(0 <= qx <= 1 and mx >= 0, f"life table {r['period']} {r['sex']} {age}: mx/qx out of range")
        key = (r["period"], sexmap[r["sex"]], age)
        check(key not in seen, f"life table: duplicate {key}")
        seen.add(key)
        life.append((r["period"], sexmap[r["sex"]], age, r["mx"], r["qx"]))
    periods = sorted({x[0] for x in life})
    for per in periods:
        for sx in ("m", "f"):
            ages = sorted(x[2] for x in life if x[0] == per and x[1] == sx)
            check(ages == list(range(ages[0], ages[-1] + 1)) and ages[0] == 0,
                  f"life table {per} {sx}: ages not contiguous from 0")
    sex_order = {"m": 0, "f": 1}
    life.sort(key=lambda x: (x[0], sex_order[x[1]], x[2]))
    check(all(table_of_year(y)[0] in periods for y in range(MIGR_FIRST_YEAR, MIGR_LAST_YEAR + 2)),
          f"life table: the periods the demography needs are not all there (have {periods})")
    lt = {(x[0], x[1], x[2]): (float(x[3]), float(x[4])) for x in life}

    # --- rebase mid-2020 to the Census-consistent England series. MYE2 mid-2020
    # predates Census 2021; ONS's Table 11 revised it. Every council's count of a
    # sex and age is scaled by one England factor f(sex, age) = Table 11 /
    # the councils' MYE2 sum, then rounded so that the councils add up to
    # Table 11 exactly. Districts' adults (weights within a council) are
    # rebased by the same factors and rounded to add up to their council's.
    eng = read_england_series(P("ons_mye_england_single_year_1971_2023.csv"))
    popr, rebase = rebase_population(pop23, councils23,
                                     {(sx, a): eng[(sx, a, SEED_YEAR)] for sx in ("m", "f") for a in range(N_AGES)})
    adultsr = {c: adults(popr[c][0]) + adults(popr[c][1]) for c in councils23}
    dist_adults = {}
    for c in councils23:
        ds = council23[c]["districts"]
        fl = [sum(rebase[(sx, a)] * src[d]["ages"][a]
                  for sx, src in (("m", males), ("f", females)) for a in range(ADULT_MIN_AGE, N_AGES))
              for d in ds]
        # scaled to the council's rebased adults, which its rounding moved
        fl = [v * adultsr[c] / sum(fl) for v in fl]
        for d, v in zip(ds, round_to_total(fl, adultsr[c])):
            dist_adults[d] = v

    # --- net migration by the residual method (see migration_rates)
    mig = {y: migration_rates(eng, lt, y) for y in range(MIGR_FIRST_YEAR, MIGR_LAST_YEAR + 1)}
    proj_years = range(PROJ_FIRST_YEAR, PROJ_LAST_YEAR + 1)
    mig_proj = {k: sum(mig[y][k] for y in proj_years) / len(proj_years) for k in mig[MIGR_FIRST_YEAR]}
    mig_rows = []
    for per, rates in [(str(y), mig[y]) for y in sorted(mig)] + [("projection", mig_proj)]:
        for sx in ("m", "f"):
            for a in range(MIGR_AGE_MIN, N_AGES):
                r = rates[(sx, a)]
                check(-0.2 < r < 0.2, f"migration {per} {sx} {a}: rate {r:.4f} implausible")
                mig_rows.append([per, sx, a, fmt_sig(r)])
    mig_net = {y: sum(mig[y][(sx, a)] * eng[(sx, a, y)]
                      for sx in ("m", "f") for a in range(MIGR_AGE_MIN, N_AGES)) for y in mig}

    # --- assemble rows
    places_rows = []
    dist_rows = []
    for c in councils23:
        ds = council23[c]["districts"]
        a_c = adults23[c]
        imd_c = sum(adults_of[d] * imd[d][0] for d in ds) / a_c
        rr = sum(rural[d][0] for d in ds)
        rt = sum(rural[d][1] for d in ds)
        rs_c = rr / rt
        check(0.0 <= rs_c <= 1.0, f"{c}: rural share {rs_c} outside [0,1]")
        places_rows.append([c, council23[c]["name"], council23[c]["type"], adultsr[c],
                            fmt_sig(imd_c), fmt_sig(rs_c), council23[c]["key"]])
        for d in ds:
            f = dist_fit[d]
            qs = quintile_shares(f["mean"], f["sigma"], cuts)
            check(abs(sum(qs) - 1.0) < 1e-9, f"{d}: quintile shares sum {sum(qs)}")
            qtxt = fmt_shares_sum1(qs)
            qv = [float(q) for q in qtxt]
            check(all(0.0 <= q <= 1.0 for q in qv), f"{d}: quintile share outside [0,1]: {qtxt}")
            check(abs(sum(qv) - 1.0) <= 1e-6, f"{d}: printed quintile shares sum {sum(qv)}")
            rs_d = rural[d][0] / rural[d][1]
            check(0.0 <= rs_d <= 1.0, f"{d}: rural share outside [0,1]")
            dist_rows.append([c, d, persons[d]["name"], dist_adults[d], fmt_sig(imd[d][0])]
                             + qtxt + [fmt_sig(rs_d)])

    pop_rows = []
    for c in councils23:
        pop_rows.append([c, "m"] + popr[c][0])
        pop_rows.append([c, "f"] + popr[c][1])

    care_rows = [[c] + care[c] for c in councils23]

    eng_adults = sum(adults23[c] for c in councils23)
    check(eng_adults == adults_of.get("E92000001", eng_adults),
          f"council adults {eng_adults} != England row {adults_of.get('E92000001')}")
    eng_adultsr = sum(adultsr.values())
    check(eng_adultsr == sum(eng[(sx, a, SEED_YEAR)] for sx in ("m", "f")
                             for a in range(ADULT_MIN_AGE, N_AGES)),
          "rebased council adults do not add up to the England series")
    for c in councils23:
        check(sum(dist_adults[d] for d in council23[c]["districts"]) == adultsr[c],
              f"{c}: rebased district adults do not add up to the council's")

    # --- write
    os.makedirs(out_dir, exist_ok=True)

    def write(name, header, rows):
        path = os.path.join(out_dir, name)
        tmp = path + ".tmp"
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, path)
        return path

    write("places.csv", ["code", "name", "type", "adults_18plus", "imd_score", "rural_share",
                         "stream_key"], places_rows)
    write("population.csv", ["code", "sex"] + [f"a{a}" for a in range(N_AGES)], pop_rows)
    write("districts.csv", ["place_code", "district_code", "district_name", "adults_18plus",
                            "imd_score", "q1", "q2", "q3", "q4", "q5", "rural_share"], dist_rows)
    write("unpaid_care.csv", ["place_code", "residents_5plus", "no_care", "h1_19", "h20_49",
                              "h50plus"], care_rows)
    write("lifetable.csv", ["period", "sex", "age", "mx", "qx"],
          [list(x) for x in life])
    write("migration.csv", ["period", "sex", "age", "net_rate"], mig_rows)
    write("former_codes.csv", ["code", "name", "successor_code", "successor_name"], former_rows)

    # --- summary
    n_types = {}
    for c in councils23:
        n_types[council23[c]["type"]] = n_types.get(council23[c]["type"], 0) + 1
    print(f"caresim seeds: {data_dir} -> {out_dir}")
    print(f"  councils (April 2023): {len(councils23)} ("
          + ", ".join(f"{k} {v}" for k, v in sorted(n_types.items())) + ")")
    print(f"  districts.csv rows: {len(dist_rows)} "
          f"({len(mapped_nmd)} county districts + {len(dist_rows) - len(mapped_nmd)} single-tier)")
    print(f"  England adults 18+ (mid-2020): MYE2 {eng_adults:,}, rebased to the Census-consistent "
          f"series {eng_adultsr:,}; all ages {sum(sum(popr[c][0]) + sum(popr[c][1]) for c in councils23):,}")
    fs = sorted((f, k) for k, f in rebase.items())
    print(f"  rebase factors (Table 11 / MYE2, by sex and age): {fs[0][0]:.4f} ({fs[0][1][0]} {fs[0][1][1]})"
          f" .. {fs[-1][0]:.4f} ({fs[-1][1][0]} {fs[-1][1][1]})")
    for lo in (65, 85):
        old = sum(pop23[c][k][a] for c in councils23 for k in (0, 1) for a in range(lo, N_AGES))
        new = sum(popr[c][k][a] for c in councils23 for k in (0, 1) for a in range(lo, N_AGES))
        print(f"  England {lo}+ mid-2020: MYE2 {old:,} -> rebased {new:,} ({new / old - 1:+.2%})")
    print("  net migration 17+ by model year (residual, persons): "
          + ", ".join(f"{y} {mig_net[y]:+,.0f}" for y in sorted(mig_net)))
    print(f"  projection schedule: mean per-head rates of model years {PROJ_FIRST_YEAR}-{PROJ_LAST_YEAR}")
    print("  2021 councils replaced in April 2023: "
          + "; ".join(f"{c} {persons[c]['name']} -> "
                      + " + ".join(f"{s[0]} {s[1]}" for s in succ) for c, succ in REORG_2023.items()))
    print(f"  IMD: {len(dists)} England districts in national mixture; "
          f"fallback to 2019 council score: {imd_fallback if imd_fallback else 'none'}")
    diffs = sorted((abs(float(r[4]) - utla19_score[r[6]]), r[0], r[1]) for r in places_rows
                   if r[6] in utla19_score)
    if diffs:
        print(f"  council imd_score vs published 2019 council average ({len(diffs)} councils): "
              f"max |diff| {diffs[-1][0]:.3f} ({diffs[-1][2]})")
    print("  national LSOA score cut points (p20 p40 p60 p80 p90): "
          + " ".join(f"{x:.4f}" for x in cuts) + f"  [{n_iter} iterations]")
    print(f"  sigma: fitted {status_counts.get('fit', 0)}, Proportion=0 -> 0.45: "
          f"{status_counts.get('unfit', 0)}, clamped at 0.20: {status_counts.get('clamp_lo', 0)}, "
          f"clamped at 0.90: {status_counts.get('clamp_hi', 0)}, "
          f"at tail-maximising sigma (<0.90): {status_counts.get('clamp_max', 0)}")
    sig = sorted(d["sigma"] for d in dists if d["status"] != "unfit")
    if sig:
        print(f"  sigma range (districts with Proportion > 0) {sig[0]:.3f}..{sig[-1]:.3f}, median {sig[len(sig) // 2]:.3f}")
    print(f"  MAE fitted vs published Proportion: {mae_all:.5f} (all {len(errs)}), "
          f"{mae_pos:.5f} (the {len(errs_fit)} with Proportion > 0)")
    print("  national population-weighted quintile shares q1..q5: "
          + " ".join(f"{x:.4f}" for x in nat_q))
    print(f"  rural: {len(recoded)} merged 2011 districts recoded; unmapped 2011 districts: "
          f"{unmapped_2011 if unmapped_2011 else 'none'}; unused recode entries: "
          f"{unused_recodes if unused_recodes else 'none'}")
    tot_care = [sum(care[c][i] for c in councils23) for i in range(5)]
    print(f"  census 2021 unpaid care: residents 5+ {tot_care[0]:,}; providing care "
          f"{tot_care[0] - tot_care[1]:,} ({(tot_care[0] - tot_care[1]) / tot_care[0]:.2%}); "
          f"50+ h/week {tot_care[4]:,}")
    print(f"  life tables: periods {', '.join(periods)}; {len(life)} rows")
    if name_diffs:
        print(f"  note: lookup and mye2 district names differ for {len(name_diffs)}: "
              + "; ".join(f"{a} {b!r}/{c!r}" for a, b, c in name_diffs))
    for n in notes:
        print("  note: " + n)
    print("  all sanity checks passed; wrote places.csv population.csv districts.csv "
          "unpaid_care.csv lifetable.csv migration.csv former_codes.csv")


def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Build caresim seed files from public data.")
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "public"),
                    help="input directory (default: ../shared/data/public from the repo root)")
    ap.add_argument("--out", default=os.path.join(root, "seeds"),
                    help="output directory (default: seeds/ in the repo root)")
    args = ap.parse_args(argv)
    data_dir = os.path.normpath(args.data)
    out_dir = os.path.normpath(args.out)
    try:
        build(data_dir, out_dir)
    except SeedError as e:
        print(f"build_seeds: FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
