#!/usr/bin/python3
"""plot_compare.py — one metric of every scenario in a caresim result file.

Only the projection window is drawn: the weeks from the policy start (the
timeseries attribute policy_start_week; 1 April 2024 by default), dated on the
model's calendar (week 0 starts 1 July 2020, a week is 365.25/52 days); the
history before it is the status quo in every scenario. A file written before
the calendar (no policy_start_week) is drawn whole, in years from its start.

Left: each scenario's median over replicates, week by week, with the 90% band
(5th to 95th percentile of the replicates). Right: each scenario minus the
baseline, replicate by replicate (replicate k of every scenario shares its
random numbers, so the paired difference is what to look at), with its median
and 90% band. Saves a PNG.

    analysis/examples/plot_compare.py out/run.h5 [--baseline NAME] [--metric waiting_list] [-o plot.png]

Needs Debian's python3-h5py and python3-matplotlib (hence /usr/bin/python3).
"""
import argparse
import sys

import h5py
import matplotlib
import matplotlib.ticker
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]


def scenarios_in_run_order(f):
    """Scenario names in the order they were run (attribute scenario_order)."""
    names = list(f["scenarios"])
    order = f["scenarios"].attrs.get("scenario_order", "")
    ranked = [n for n in order.split("\n") if n in names]
    return ranked + [n for n in names if n not in ranked]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("file")
    p.add_argument("--baseline", help="scenario to compare with (default: the first run)")
    p.add_argument("--metric", default="waiting_list")
    p.add_argument("-o", "--output", help="PNG to write (default: FILE_METRIC.png)")
    a = p.parse_args()

    with h5py.File(a.file, "r") as f:
        if f.attrs.get("status") != "complete":
            sys.exit(f"{a.file}: not a complete caresim result file")
        names = scenarios_in_run_order(f)
        base = a.baseline or names[0]
        if base not in names:
            sys.exit(f"no scenario {base!r} in {a.file}; it has {', '.join(names)}")
        ts = f[f"scenarios/{base}/timeseries"]
        if "policy_start_week" in ts.attrs:
            # dated weeks: the window starts at the policy start's week
            week = ts["week"][:]
            start = int(ts.attrs["policy_start_week"]) - int(week[0])
            years = 2020.5 + week[start:] / 52      # calendar years, 1 July 2020 = 2020.5
            xlabel = f"year (from the policy start, {ts.attrs['policy_start']}; the history before it is left out)"
        else:
            start = 0
            years = None
            xlabel = "years from the start"
        series = {}
        for n in names:
            path = f"scenarios/{n}/timeseries/{a.metric}"
            if path not in f:
                sys.exit(f"no metric {a.metric!r} in scenario {n!r} (see caresim --list-metrics)")
            series[n] = f[path][:, start:]  # [replicate, week of the window]
        units = f[path].attrs["units"]
        desc = f[path].attrs["description"]

    if years is None:
        years = np.arange(series[base].shape[1]) / 52
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True)
    for i, n in enumerate(names):
        c = COLOURS[i % len(COLOURS)]
        for ax, x in ((left, series[n]), (right, series[n] - series[base])):
            if ax is right and n == base:
                continue
            lo, mid, hi = np.percentile(x, [5, 50, 95], axis=0)
            ax.fill_between(years, lo, hi, color=c, alpha=0.2, linewidth=0)
            ax.plot(years, mid, color=c, label=n + (" (baseline)" if n == base else ""))
    right.axhline(0, color="black", linewidth=0.8)
    left.set_title(f"{a.metric}: median, 5th-95th percentile of {series[base].shape[0]} replicates")
    right.set_title(f"difference from {base}, paired by replicate")
    for ax in (left, right):
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_ylabel(units)
        ax.grid(alpha=0.3)
    left.legend(fontsize="small")
    fig.suptitle(desc, fontsize="medium")
    out = a.output or f"{a.file.rsplit('.h5', 1)[0]}_{a.metric}.png"
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
