#!/usr/bin/python3
"""report_check.py — checks of a caresim report as Chromium rendered it, for
tests/report.sh. Prints "ok - ..." or "FAIL - ...: why" per check.

  report_check.py dom DOM.html --scenarios A,B [--business-case N] [--lever KEY]
                  [--fans N] [--diffs N] [--min-points N] [--expect TEXT ...]
      DOM.html is the output of `chromium --dump-dom`: the document after the
      browser parsed it. Checks the chart <svg>s (lines with many points, the
      shaded bands, axes, legends), the business-case table or its note, one
      configuration <details> per scenario with the lever highlighted, and that
      nothing is fetched from outside (no scripts, no external src/href).

  report_check.py png SHOT.png --size 1280x4000 --colours '#0072B2,#E69F00'
      the screenshot: its size, not blank, many distinct colours, and enough
      pixels of each scenario's line colour to be drawn lines, not just the
      legend swatches.

  report_check.py bcase FILE.h5 SCENARIO BASELINE
      adds a /scenarios/SCENARIO/business_case group (the layout caresim
      run writes for several scenarios) with made-up numbers, so the table
      can be tested; leaves one that is already there alone.
"""
import sys
from html.parser import HTMLParser


def verdict(name, why):
    print(f"ok - {name}" if not why else f"FAIL - {name}: {'; '.join(why)}")


class Dom(HTMLParser):
    """Collects the parts of the report that the checks look at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svgs = []          # one dict per chart <svg>
        self.svg = None
        self.tables = {}        # class -> list of rows (list of cell texts)
        self.table = None
        self.row = None
        self.cell = None
        self.details = []       # (text, marked texts)
        self.detail = None
        self.mark = None
        self.external = []
        self.scripts = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href"):
            v = (a.get(k) or "").strip().lower()
            if v.startswith(("http:", "https:", "//", "data:", "ftp:")):
                self.external.append(f"{tag} {k}={v[:40]}")
        if tag in ("link", "img", "iframe", "object", "embed"):
            self.external.append(tag)
        if tag == "svg" and ("fan" in cls or "diff" in cls):
            self.svg = {"kind": "fan" if "fan" in cls else "diff", "lines": [], "bands": [],
                        "ci": 0, "ticks": 0, "texts": []}
            self.svgs.append(self.svg)
        elif self.svg is not None:
            if tag == "polyline":
                self.svg["lines"].append(points(a.get("points", "")))
            elif tag == "polygon" and "band" in cls:
                self.svg["bands"].append(points(a.get("points", "")))
            elif tag == "g" and "ci" in cls:
                self.svg["ci"] += 1
            elif tag == "text" and "tick" in cls:
                self.svg["ticks"] += 1
        if tag == "table":
            self.table = []
            self.tables.setdefault(cls[0] if cls else "", []).append(self.table)
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.row.append(self.cell)
        elif tag == "details" and "config" in cls:
            self.detail = {"text": [], "marks": []}
            self.details.append(self.detail)
        elif tag == "mark" and self.detail is not None:
            self.mark = []

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
        elif tag == "table":
            self.table = self.row = self.cell = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "details":
            self.detail = None
        elif tag == "mark" and self.mark is not None and self.detail is not None:
            self.detail["marks"].append("".join(self.mark))
            self.mark = None

    def handle_data(self, data):
        self.text.append(data)
        if self.svg is not None:
            self.svg["texts"].append(data)
        if self.cell is not None:
            self.cell.append(data)
        if self.detail is not None:
            self.detail["text"].append(data)
        if self.mark is not None:
            self.mark.append(data)


def points(s):
    out = []
    for p in s.split():
        try:
            x, y = p.split(",")
            out.append((float(x), float(y)))
        except ValueError:
            out.append(None)
    return out


def check_dom(path, scenarios, bcase, lever, fans, diffs, min_points, expect):
    with open(path, encoding="utf-8") as f:
        d = Dom()
        d.feed(f.read())
    n_sc = len(scenarios)
    fan = [s for s in d.svgs if s["kind"] == "fan"]
    dif = [s for s in d.svgs if s["kind"] == "diff"]
    verdict(f"dom: {fans} fan-chart <svg>s", [] if len(fan) == fans else [f"found {len(fan)}"])

    why = []
    for i, s in enumerate(fan):
        good = [ln for ln in s["lines"] if len(ln) >= min_points and None not in ln
                and len({round(y, 1) for _, y in ln}) >= 3]
        if len(good) < n_sc:
            why.append(f"chart {i + 1}: {len(good)} of {len(s['lines'])} lines have >= {min_points} "
                       f"valid, varying points (want {n_sc})")
    verdict(f"dom: every fan chart has a line of >= {min_points} points per scenario", why)

    why = []
    for i, s in enumerate(fan):
        good = [b for b in s["bands"] if len(b) >= 2 * min_points and None not in b]
        if len(good) < n_sc:
            why.append(f"chart {i + 1}: {len(good)} of {len(s['bands'])} bands have >= {2 * min_points} points")
    verdict("dom: every fan chart has a shaded band per scenario", why)

    why = []
    for i, s in enumerate(fan):
        text = " ".join(s["texts"])
        if s["ticks"] < 6:
            why.append(f"chart {i + 1}: {s['ticks']} tick labels")
        if "years" not in text:
            why.append(f"chart {i + 1}: no axis title in years")
        for name in scenarios:
            if name not in text:
                why.append(f"chart {i + 1}: legend lacks {name}")
    verdict("dom: fan charts have tick labels, a years axis and a legend", why)

    why = [] if len(dif) == diffs else [f"found {len(dif)}"]
    for i, s in enumerate(dif):
        if s["ci"] < n_sc - 1:
            why.append(f"chart {i + 1}: {s['ci']} error bars, want {n_sc - 1}")
    verdict(f"dom: {diffs} difference charts with an error bar per other scenario", why)

    rows = [r for t in d.tables.get("business-case", []) for r in t[1:]]
    if bcase:
        why = [] if len(rows) == bcase else [f"{len(rows)} rows in table.business-case, want {bcase}"]
        for r in rows:
            cells = ["".join(c) for c in r]
            if len(cells) < 6 or "£" not in cells[2] or "m" not in cells[2]:
                why.append(f"row {cells}: no NPV in £m")
        verdict(f"dom: business-case table with {bcase} row(s) in £m", why)
    else:
        text = " ".join(d.text)
        verdict("dom: no business case: a note says so",
                [] if not rows and "no business case" in text else ["no note, or a table"])

    why = [] if len(d.details) == n_sc else [f"{len(d.details)} <details class=config>, want {n_sc}"]
    for det, name in zip(d.details, scenarios):
        if f'name = "{name}"' not in "".join(det["text"]):
            why.append(f"details of {name} lack its config text")
    if lever and len(d.details) > 1 and not any(lever in m for m in d.details[1]["marks"]):
        why.append(f"{lever} not highlighted in the second scenario's config: {d.details[1]['marks'][:3]}")
    if d.details and d.details[0]["marks"]:
        why.append(f"the baseline's config has highlights: {d.details[0]['marks'][:3]}")
    verdict("dom: a config <details> per scenario, the lever highlighted", why)

    why = []
    if d.scripts:
        why.append(f"{d.scripts} <script> elements")
    why += d.external[:5]
    verdict("dom: self-contained (no scripts, nothing fetched)", why)

    text = " ".join(d.text)
    why = [f"'{e}' not in the page text" for e in expect if e not in text]
    verdict("dom: expected text present (provenance, title)", why)


def check_png(path, size, colours):
    from PIL import Image  # python3-pil: a dependency of python3-matplotlib
    import numpy as np
    why = []
    with open(path, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            verdict("png: a PNG image", ["bad signature"])
            return
    im = Image.open(path)
    w, h = (int(v) for v in size.split("x"))
    if im.size != (w, h):
        why.append(f"size {im.size[0]}x{im.size[1]}, want {size}")
    a = np.asarray(im.convert("RGB")).reshape(-1, 3).astype(np.int32)
    distinct = len(np.unique(a[:, 0] << 16 | a[:, 1] << 8 | a[:, 2]))
    inked = float((a.min(axis=1) < 200).mean())
    if distinct < 1000:
        why.append(f"only {distinct} distinct colours")
    if inked < 0.02:
        why.append(f"only {100 * inked:.1f}% of pixels are not near-white")
    verdict(f"png: {size}, not blank ({distinct} colours, {100 * inked:.0f}% inked)", why)
    why = []
    counts = []
    for c in colours.split(","):
        rgb = np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)])
        n = int((np.abs(a - rgb).max(axis=1) <= 24).sum())
        counts.append(f"{c}: {n}")
        if n < 4000:
            why.append(f"{c} covers {n} pixels (legend swatches alone are ~1,400)")
    verdict(f"png: each scenario's colour drawn as lines ({', '.join(counts)})", why)


def add_bcase(path, scenario, baseline):
    import h5py
    import numpy as np
    with h5py.File(path, "r+") as f:
        if f"scenarios/{scenario}/business_case" in f:
            return
        g = f.create_group(f"scenarios/{scenario}/business_case")
        g.attrs["baseline"] = baseline
        g.attrs["discount_rate"] = 0.035
        g.attrs["level"] = 0.95
        names = ["npv", "pv_investment", "roi", "payback_year", "pv_savings_council", "share_paid_back"]
        g.create_dataset("measure", data=names, dtype=h5py.string_dtype())
        g.create_dataset("summary", data=np.array([
            [12.5e6, 3.1e6, 21.9e6], [40.2e6, 39.0e6, 41.4e6], [0.31, 0.08, 0.54],
            [np.nan, np.nan, np.nan], [52.7e6, 45.0e6, 60.4e6], [0.4, 0.4, 0.4]]))


def main(argv):
    import argparse
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("dom")
    q.add_argument("file")
    q.add_argument("--scenarios", required=True)
    q.add_argument("--business-case", type=int, default=0)
    q.add_argument("--lever", default="")
    q.add_argument("--fans", type=int, default=9)
    q.add_argument("--diffs", type=int, default=9)
    q.add_argument("--min-points", type=int, default=52)
    q.add_argument("--expect", action="append", default=[])
    q = sub.add_parser("png")
    q.add_argument("file")
    q.add_argument("--size", default="1280x4000")
    q.add_argument("--colours", required=True)
    q = sub.add_parser("bcase")
    q.add_argument("file")
    q.add_argument("scenario")
    q.add_argument("baseline")
    a = p.parse_args(argv)
    if a.cmd == "dom":
        check_dom(a.file, a.scenarios.split(","), a.business_case, a.lever, a.fans, a.diffs,
                  a.min_points, a.expect)
    elif a.cmd == "png":
        check_png(a.file, a.size, a.colours)
    else:
        add_bcase(a.file, a.scenario, a.baseline)


if __name__ == "__main__":
    main(sys.argv[1:])
