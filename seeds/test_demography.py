#!/usr/bin/env python3
"""Tests of build_seeds.py's demography on synthetic data (standard library only).

  * the residual method gives back the net migration a synthetic population
    was built with (every model year, sex and age, the 89/90+ group included);
  * the life table of each model year, and the improvement of the projection;
  * rounding to a total keeps every cell within one of its value;
  * the rebase scales every council by England's factor and adds up to it.

Run from the repository root: /usr/bin/python3 seeds/test_demography.py
(tests/run_all.sh runs it). Prints "N passed, N failed"; exit status 1 on a failure.
"""

import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True   # keep the tree clean
import build_seeds as bs  # noqa: E402

passed = failed = 0


def check(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {msg}")


def life_tables():
    """Four periods whose mx differ, so using the wrong one shows."""
    lt = {}
    for k, per in enumerate(("2017-2019", "2018-2020", "2019-2021", "2020-2022")):
        for sx in ("m", "f"):
            for a in range(101):
                mx = (1 + 0.1 * k) * (0.0002 * math.exp(0.075 * a) + (0.002 if sx == "m" else 0.0))
                mx = min(mx, 0.9)
                lt[(per, sx, a)] = (mx, mx / (1 + 0.5 * mx))   # qx as a life table would give it
    return lt


def test_tables(lt):
    m, q = lt[("2019-2021", "f", 80)]
    check(bs.qx_year(lt, "f", 80, 2020) == q, "2020 uses the 2019-2021 table's qx as published")
    check(bs.qx_year(lt, "m", 70, 2021) == lt[("2020-2022", "m", 70)][1] and
          bs.qx_year(lt, "m", 70, 2022) == lt[("2020-2022", "m", 70)][1], "2021 and 2022 use 2020-2022")
    mx = lt[("2017-2019", "m", 75)][0]
    want = 1 - math.exp(-mx * 0.99 ** (2023 + 0.5 - 2018))
    check(abs(bs.qx_year(lt, "m", 75, 2023) - want) < 1e-15, "2023: 2017-2019 improved 1% a year for 5.5 years")
    back = 1 - math.exp(-mx * 0.99 ** (2012 + 0.5 - 2018))
    check(abs(bs.qx_year(lt, "m", 75, 2012) - back) < 1e-15 and back > bs.qx_year(lt, "m", 75, 2017),
          "2012: the same rule run backwards gives higher mortality")
    check(bs.qx_year(lt, "f", 105, 2030) == bs.qx_year(lt, "f", 100, 2030), "ages above 100 take 100's")
    q90 = bs.qx_open(lt, "m", 2020)
    check(bs.qx_year(lt, "m", 90, 2020) < q90 < bs.qx_year(lt, "m", 100, 2020),
          "the 90+ group's qx lies between 90's and 100's")


def test_residuals(lt):
    """Build England forward from 2011 with known net migration, then recover it."""
    rng = random.Random(7)
    eng = {}
    for sx in ("m", "f"):
        for a in range(91):
            eng[(sx, a, 2011)] = 300000.0 + 1000 * rng.random() - (2500 * (a - 60) if a > 60 else 0)
    truth = {}
    for y in range(2011, 2023):
        for sx in ("m", "f"):
            for a in range(91):   # children: any cohort, not checked
                if a < 17:
                    eng[(sx, a + 1, y + 1)] = eng[(sx, a, y)]
            eng[(sx, 0, y + 1)] = 300000.0
            for a in range(17, 89):
                r = 0.02 * rng.random() - 0.005
                truth[(y, sx, a)] = r
                eng[(sx, a + 1, y + 1)] = eng[(sx, a, y)] * (1 - bs.qx_year(lt, sx, a, y) + r)
            r = 0.01 * rng.random() - 0.005     # one rate for those 89 and 90+ at mid-y
            truth[(y, sx, 89)] = truth[(y, sx, 90)] = r
            eng[(sx, 90, y + 1)] = (eng[(sx, 89, y)] * (1 - bs.qx_year(lt, sx, 89, y) + r)
                                    + eng[(sx, 90, y)] * (1 - bs.qx_open(lt, sx, y) + r))
    worst = 0.0
    for y in range(2011, 2023):
        got = bs.migration_rates(eng, lt, y)
        for (sx, a), r in got.items():
            worst = max(worst, abs(r - truth[(y, sx, a)]))
        check(set(got) == {(sx, a) for sx in ("m", "f") for a in range(17, 91)}, f"{y}: rates for ages 17..90")
    check(worst < 1e-12, f"the residuals give back the migration the series was built with (worst error {worst:g})")
    # and a series without migration gives none
    still = dict(eng)
    for sx in ("m", "f"):
        for a in range(17, 89):
            still[(sx, a + 1, 2016)] = still[(sx, a, 2015)] * (1 - bs.qx_year(lt, sx, a, 2015))
        still[(sx, 90, 2016)] = (still[(sx, 89, 2015)] * (1 - bs.qx_year(lt, sx, 89, 2015))
                                 + still[(sx, 90, 2015)] * (1 - bs.qx_open(lt, sx, 2015)))
    check(max(abs(r) for r in bs.migration_rates(still, lt, 2015).values()) < 1e-12, "no migration, no residual")


def test_rounding():
    vals = [0.4, 1.5, 2.5, 10.49, 3.6]
    out = bs.round_to_total(vals, 19)
    check(sum(out) == 19 and all(math.floor(v) <= o <= math.floor(v) + 1 for v, o in zip(vals, out)),
          f"rounding to a total: {out}")
    check(out == [0, 2, 3, 10, 4], f"the largest remainders get the extra units: {out}")
    try:
        bs.round_to_total([1.2, 1.3], 5)
        check(False, "a total out of reach is an error")
    except bs.SeedError:
        check(True, "")


def test_rebase():
    """Three councils, England 3% fewer at 70 and 5% more at 30 than their sum."""
    n = bs.N_AGES
    pop = {"A": ([1000] * n, [1200] * n), "B": ([333] * n, [7] * n), "C": ([50001] * n, [20] * n)}
    order = ["A", "B", "C"]
    target = {(sx, a): sum(pop[c][k][a] for c in order) for k, sx in enumerate(("m", "f")) for a in range(n)}
    target[("m", 70)] = round(0.97 * target[("m", 70)])
    target[("f", 30)] = round(1.05 * target[("f", 30)])
    out, f = bs.rebase_population(pop, order, target)
    for k, sx in enumerate(("m", "f")):
        for a in range(n):
            check(sum(out[c][k][a] for c in order) == target[(sx, a)], f"{sx} {a}: the councils add up to England")
    check(abs(f[("m", 70)] - 0.97) < 1e-4 and f[("f", 30)] > 1.04 and f[("m", 40)] == 1.0, "the factors")
    check(all(abs(out[c][0][70] - 0.97 * pop[c][0][70]) <= 1 for c in order), "each council scaled by England's factor")
    check(out["A"][0][40] == 1000 and out["C"][1][5] == 20, "unchanged where England matches")


def main():
    lt = life_tables()
    test_tables(lt)
    test_residuals(lt)
    test_rounding()
    test_rebase()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
