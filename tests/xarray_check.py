#!/usr/bin/python3
"""Checks that xarray opens caresim result files with default arguments, for
tests/xarray.sh. Run with Debian's python3 (python3-xarray, python3-h5netcdf).

    xarray_check.py series FILE SCENARIO DATE0
        xarray.open_dataset(FILE, group="scenarios/SCENARIO/timeseries",
        engine="h5netcdf") has the dimensions (replicate, time) of the file's
        metrics, the coordinates replicate (0 .. n-1), time (dates, DATE0 =
        YYYY-MM-DD for week 0, then every 7 days) and week (0 .. n-1, along
        time), every metric as a data variable on (replicate, time), and a
        metric's values equal h5py's
    xarray_check.py places FILE SCENARIO PLACES.csv
        the same for scenarios/SCENARIO/by_place of a national run, with the
        dimension place: the codes of PLACES.csv in order as the coordinate
        place and their names as place_name; time equals the timeseries'
    xarray_check.py bizcase FILE SCENARIO
        scenarios/SCENARIO/business_case opens, with its coordinates

Prints "ok - NAME" or "FAIL - NAME: why" per check (tests/xarray.sh counts them).
"""
import csv
import sys

import h5py
import numpy as np
import xarray as xr


def verdict(name, why):
    print(f"ok - {name}" if not why else f"FAIL - {name}: " + "; ".join(" ".join(str(w).split()) for w in why[:4]))


def metrics(group):
    """The metrics of an h5py timeseries or by_place group: its datasets of
    two or more dimensions (the coordinates are 1-D)."""
    return sorted(k for k, d in group.items() if d.ndim >= 2)


def open_group(path, group, name, why):
    try:
        return xr.open_dataset(path, group=group, engine="h5netcdf")
    except Exception as e:     # report, don't crash: the shell counts the lines
        why.append(f"open_dataset failed: {type(e).__name__}: {e}")
        verdict(name, why)
        return None


def check_common(ds, f, group, dims, why):
    """Dimensions, replicate and week, every metric a data variable, values of
    people_alive equal h5py's."""
    g = f[group]
    names = metrics(g)
    shape = g[names[0]].shape if names else ()
    want_dims = dict(zip(dims, shape))
    if dict(ds.sizes) != want_dims:
        why.append(f"dims {dict(ds.sizes)}, want {want_dims}")
    if any(d.startswith("phony_dim") for d in ds.dims):
        why.append(f"phony dimensions: {list(ds.dims)}")
    if sorted(ds.data_vars) != names:
        why.append(f"data variables differ from the file's metrics ({len(ds.data_vars)} vs {len(names)})")
    bad = [v for v in ds.data_vars if ds[v].dims != tuple(dims)]
    if bad:
        why.append(f"{bad[0]} has dims {ds[bad[0]].dims}")
    R, W = shape[0], shape[1]
    if "replicate" not in ds.coords or ds["replicate"].dims != ("replicate",) or \
            not np.array_equal(ds["replicate"].values, np.arange(R)):
        why.append("replicate is not the coordinate 0 .. n-1")
    if "week" not in ds.coords or ds["week"].dims != ("time",) or not np.array_equal(ds["week"].values, np.arange(W)):
        why.append("week is not a coordinate 0 .. n-1 along time")
    if "people_alive" in ds:
        a, b = ds["people_alive"].values, g["people_alive"][()]
        if a.dtype != np.float64 or a.shape != b.shape or a.tobytes() != b.tobytes():
            why.append("people_alive differs from h5py's")
    else:
        why.append("no people_alive")
    return names


def check_time(ds, date0, why):
    t = ds.coords.get("time")
    if t is None or t.dims != ("time",):
        why.append("no time coordinate")
        return
    if not np.issubdtype(t.dtype, np.datetime64):
        why.append(f"time is {t.dtype}, not decoded to datetime64")
        return
    if t.values[0] != np.datetime64(date0):
        why.append(f"week 0 is {t.values[0]}, want {date0}")
    days = (t.values - t.values[0]) / np.timedelta64(1, "D")
    steps = np.unique(np.diff(days))
    if len(t) > 1 and not set(steps.tolist()) <= {7.0, 8.0}:
        why.append(f"time steps {steps[:3]} days, want 7 or 8")
    if len(t) > 52 and days[52] not in (365.0, 366.0):
        why.append(f"52 weeks span {days[52]} days, want a year")


def check_series(path, scen, date0):
    name = f"xarray opens {scen}/timeseries: dims (replicate, time), coordinates replicate, time from {date0}, week"
    why = []
    ds = open_group(path, f"scenarios/{scen}/timeseries", name, why)
    if ds is None:
        return
    with ds, h5py.File(path, "r") as f:
        names = check_common(ds, f, f"scenarios/{scen}/timeseries", ("replicate", "time"), why)
        check_time(ds, date0, why)
        if set(ds.coords) != {"replicate", "time", "week", "financial_year"}:
            why.append(f"coordinates {sorted(ds.coords)}")
        if len(names) < 50:
            why.append(f"only {len(names)} metrics")
    verdict(name, why)


def check_places(path, scen, places_csv):
    name = f"xarray opens {scen}/by_place: dims (replicate, time, place), place codes and names in places.csv order"
    why = []
    with open(places_csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ds = open_group(path, f"scenarios/{scen}/by_place", name, why)
    if ds is None:
        return
    ts = open_group(path, f"scenarios/{scen}/timeseries", name, why)
    if ts is None:
        return
    with ds, ts, h5py.File(path, "r") as f:
        check_common(ds, f, f"scenarios/{scen}/by_place", ("replicate", "time", "place"), why)
        if set(ds.coords) != {"replicate", "time", "week", "financial_year", "place", "place_name"}:
            why.append(f"coordinates {sorted(ds.coords)}")
        if "place" not in ds.coords or list(ds["place"].values) != [r["code"] for r in rows]:
            why.append("place is not the codes of places.csv in order")
        if "place_name" not in ds.coords or ds["place_name"].dims != ("place",) or \
                list(ds["place_name"].values) != [r["name"] for r in rows]:
            why.append("place_name is not the names of places.csv along place")
        if "time" not in ds.coords or "time" not in ts.coords or not np.array_equal(ds["time"].values, ts["time"].values):
            why.append("by_place's time differs from timeseries'")
        try:
            one = ds["people_alive"].sel(place="E06000066").values
            if one.tobytes() != f[f"scenarios/{scen}/by_place/people_alive"][:, :, [r["code"] for r in rows].index("E06000066")].tobytes():
                why.append("sel(place=...) differs from h5py's slice")
        except Exception as e:
            why.append(f"sel(place='E06000066') failed: {e}")
    verdict(name, why)


def check_bizcase(path, scen):
    name = f"xarray opens {scen}/business_case with its coordinates"
    why = []
    ds = open_group(path, f"scenarios/{scen}/business_case", name, why)
    if ds is None:
        return
    with ds:
        want = {"replicate", "year", "holder", "measure", "statistic"}
        if set(ds.dims) != want:
            why.append(f"dims {sorted(ds.dims)}")
        if not want <= set(ds.coords):
            why.append(f"coordinates {sorted(ds.coords)}")
        if "savings" not in ds or ds["savings"].dims != ("replicate", "year", "holder"):
            why.append("savings is not [replicate, year, holder]")
        try:
            float(ds["summary"].sel(measure="npv", statistic="mean"))
        except Exception as e:
            why.append(f"summary.sel(measure='npv', statistic='mean') failed: {e}")
    verdict(name, why)


def main(argv):
    if len(argv) == 5 and argv[1] == "series":
        check_series(*argv[2:])
    elif len(argv) == 5 and argv[1] == "places":
        check_places(*argv[2:])
    elif len(argv) == 4 and argv[1] == "bizcase":
        check_bizcase(*argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
