#!/usr/bin/env python3
"""Check that the demography seeds reproduce England, without running the model.

Projects England's adults forward from the rebased mid-2020 population
(seeds/population.csv summed over councils) with the engine's rules, read from
the seed files the engine reads (seeds/README.md, "Demography"):

  * ages are ages at the last mid-year; model year Y runs mid-Y -> mid-(Y+1);
  * a person aged a at mid-Y dies during Y with qx(sex, a) of the life table
    serving Y (seeds/lifetable.csv): 2020 -> 2019-2021, 2021 and 2022 ->
    2020-2022, every other year -> 2017-2019 with mx x (1 - i)^(Y + 0.5 - 2018),
    qx = 1 - exp(-mx);
  * net migrants of the cohort aged a at mid-Y are net_rate x its size at mid-Y
    (seeds/migration.csv: period Y for 2011..2022, "projection" after, times
    --migration-scale); 90 is the rate of everyone 90+;
  * the cohort aged 17 at mid-Y joins during Y: its size is the seed's count
    of age 17 - (Y - 2020) at mid-2020 (children are not simulated, so their
    deaths and migration before 17 are not counted), times survival and
    migration at 17;
  * the seed's 90+ are spread over single ages and age one year each
    mid-year, dying at their own age's qx (ages above 100 take 100's), as the
    engine does. The engine first spreads them evenly over 90..94 and then
    lets the spin-up's years of ageing and dying settle the mix; by default
    (--spread-90 lx) the check spreads them as a stationary population of the
    2019-2021 table over 90..100, which that settling approaches;
    `--spread-90 uniform5` is the unsettled even spread. `--open-group`
    instead treats 90+ as one group with the table's stationary qx for 90+,
    the rule migration.csv's 89/90 rates were derived with; that variant
    reproduces the published 85+ exactly.

It prints 18+, 65+ and 85+ at mid-2021, mid-2022 and mid-2023 against ONS's
Census-consistent series (Table 11, July 2024), and the projection's growth
per year from mid-2023. For 2021-2023 this is close to an identity by
construction: the migration rates of those years are the residuals that make
the same arithmetic land on the published series, so a difference measures
what the engine's rules leave out (child cohorts before 17, the 90+ ages and
rounding), not the quality of a forecast. Exit status 1 if a difference is
1% or more.

Usage (from the repository root): /usr/bin/python3 seeds/check_demography.py
    [--seeds DIR] [--data DIR] [--improvement I] [--migration-scale S]
    [--years N] [--open-group]
"""

import argparse
import csv
import math
import os
import sys

SEED_YEAR = 2020
AGE_TOP = 90          # the seed's open group 90+
LT_TOP = 100          # the life tables' last age
BANDS = ((18, "18+"), (65, "65+"), (85, "85+"))


def die(msg):
    print(f"check_demography: {msg}", file=sys.stderr)
    sys.exit(2)


def rows(path):
    if not os.path.isfile(path):
        die(f"missing file {path}")
    with open(path, newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def load(seeds, data):
    pop = {(s, a): 0 for s in "mf" for a in range(AGE_TOP + 1)}
    for r in rows(os.path.join(seeds, "population.csv")):
        for a in range(AGE_TOP + 1):
            pop[(r["sex"], a)] += int(r[f"a{a}"])
    lt = {}
    for r in rows(os.path.join(seeds, "lifetable.csv")):
        lt[(r["period"], r["sex"], int(r["age"]))] = (float(r["mx"]), float(r["qx"]))
    mig = {}
    for r in rows(os.path.join(seeds, "migration.csv")):
        mig[(r["period"], r["sex"], int(r["age"]))] = float(r["net_rate"])
    pub = {}
    for r in rows(os.path.join(data, "ons_mye_england_single_year_1971_2023.csv")):
        if r["sex"] in ("Males", "Females") and r["age"] != "All Ages":
            pub[(r["sex"][0].lower(), int(r["age"].rstrip("+")), int(r["year_mid"]))] = int(r["population"])
    return pop, lt, mig, pub


def qx(lt, sex, age, year, i):
    age = min(age, LT_TOP)
    if year == 2020:
        return lt[("2019-2021", sex, age)][1]
    if year in (2021, 2022):
        return lt[("2020-2022", sex, age)][1]
    mx = lt[("2017-2019", sex, age)][0]
    return 1.0 - math.exp(-mx * (1.0 - i) ** (year + 0.5 - 2018))


def qx_open(lt, sex, year, i):
    lx, num, den = 1.0, 0.0, 0.0
    for a in range(AGE_TOP, LT_TOP + 1):
        q = qx(lt, sex, a, year, i)
        num, den, lx = num + lx * q, den + lx, lx * (1.0 - q)
    return num / den


def rate(mig, sex, age, year, scale):
    if year <= 2022:
        return mig[(str(year), sex, age)]
    return scale * mig[("projection", sex, age)]


def spread_weights(lt, sex, how):
    """How the seed's 90+ are spread over single ages: 'uniform5' evenly over
    90..94 (the engine's rule), 'lx' over 90..100 by the survivors lx of the
    2019-2021 table (a stationary population)."""
    if how == "uniform5":
        return {a: 0.2 for a in range(AGE_TOP, AGE_TOP + 5)}
    lx, w = 1.0, {}
    for a in range(AGE_TOP, LT_TOP + 1):
        w[a] = lx
        lx *= 1.0 - lt[("2019-2021", sex, a)][1]
    tot = sum(w.values())
    return {a: v / tot for a, v in w.items()}


def project(pop, lt, mig, years, i, scale, open_group, spread="lx"):
    """Adults by sex and age (beyond 90 individually unless open_group) at
    mid-2020 .. mid-(2020+years): a list of dicts (sex, age) -> count."""
    n = {}
    for s in "mf":
        for a in range(18, AGE_TOP):
            n[(s, a)] = float(pop[(s, a)])
        if open_group:
            n[(s, AGE_TOP)] = float(pop[(s, AGE_TOP)])
        else:
            for a, w in spread_weights(lt, s, spread).items():
                n[(s, a)] = pop[(s, AGE_TOP)] * w
    out = [dict(n)]
    for k in range(years):
        y = SEED_YEAR + k
        nn = {}
        for s in "mf":
            c17 = float(pop[(s, 17 - k)]) if 17 - k >= 0 else 0.0
            nn[(s, 18)] = c17 * (1.0 - qx(lt, s, 17, y, i) + rate(mig, s, 17, y, scale))
            for (sx, a), v in n.items():
                if sx != s:
                    continue
                if open_group and a == AGE_TOP:
                    q, to = qx_open(lt, s, y, i), AGE_TOP
                else:
                    q, to = qx(lt, s, a, y, i), (min(a + 1, AGE_TOP) if open_group else a + 1)
                r = rate(mig, s, min(a, AGE_TOP), y, scale)
                nn[(s, to)] = nn.get((s, to), 0.0) + v * (1.0 - q + r)
        n = nn
        out.append(dict(n))
    return out


def band(n, lo):
    return sum(v for (s, a), v in n.items() if a >= lo)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default=os.path.join(root, "seeds"))
    ap.add_argument("--data", default="/work/shared/data/public"
                    if os.path.isdir("/work/shared/data/public")
                    else os.path.join(root, "..", "shared", "data", "public"))
    ap.add_argument("--improvement", type=float, default=0.01,
                    help="demography.mortality_improvement (default 0.01)")
    ap.add_argument("--migration-scale", type=float, default=1.0,
                    help="demography.migration_scale (default 1)")
    ap.add_argument("--years", type=int, default=13, help="model years to project (default 13: to mid-2033)")
    ap.add_argument("--open-group", action="store_true",
                    help="90+ as one group with the life table's qx for 90+")
    ap.add_argument("--spread-90", choices=("uniform5", "lx"), default="lx",
                    help="how the seed's 90+ are spread over ages 90..: by the life table's survivors over "
                         "90..100 (default: what the engine's spin-up approaches) or evenly over 90..94")
    a = ap.parse_args()
    if a.years < 3:
        die("--years must be at least 3 (to mid-2023)")
    pop, lt, mig, pub = load(a.seeds, a.data)
    traj = project(pop, lt, mig, a.years, a.improvement, a.migration_scale, a.open_group, a.spread_90)

    print(f"England from the rebased mid-2020 seeds ({a.seeds}); mortality improvement {a.improvement}, "
          f"migration scale {a.migration_scale}, 90+ "
          + ("as one group" if a.open_group else f"by single age, seed's 90+ spread {a.spread_90}"))
    print(f"{'mid-year':>8} {'band':>4} {'projected':>12} {'published':>12} {'diff':>8}")
    worst = 0.0
    for y in (2020, 2021, 2022, 2023):
        for lo, name in BANDS:
            p = band(traj[y - SEED_YEAR], lo)
            q = sum(v for (s, age, yy), v in pub.items() if yy == y and age >= lo)
            d = p / q - 1.0
            if y > SEED_YEAR:
                worst = max(worst, abs(d))
            print(f"{y:>8} {name:>4} {p:>12,.0f} {q:>12,.0f} {d:>+8.3%}")
    print("projection (mid-2023 onwards): growth per year")
    print(f"{'mid-year':>8} " + " ".join(f"{name:>14}" for _, name in BANDS))
    for y in range(2024, SEED_YEAR + a.years + 1):
        cur, prev = traj[y - SEED_YEAR], traj[y - 1 - SEED_YEAR]
        print(f"{y:>8} " + " ".join(f"{band(cur, lo) / band(prev, lo) - 1:>+14.2%}" for lo, _ in BANDS))
    last = SEED_YEAR + a.years
    for lo, name in BANDS:
        g = (band(traj[-1], lo) / band(traj[2023 - SEED_YEAR], lo)) ** (1.0 / (last - 2023)) - 1.0
        print(f"  {name}: mid-2023 {band(traj[2023 - SEED_YEAR], lo):,.0f} -> mid-{last} {band(traj[-1], lo):,.0f},"
              f" {g:+.2%} a year")
    verdict = "PASS" if worst < 0.01 else "FAIL"
    print(f"{verdict}: largest difference at mid-2021..2023 {worst:.3%} (limit 1%)")
    return 0 if worst < 0.01 else 1


if __name__ == "__main__":
    sys.exit(main())
