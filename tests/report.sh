#!/bin/sh
# report.sh — tests of `caresim report` and of the analysis/ examples. Runs a
# tiny two-scenario ensemble (the baseline, and one with half the social
# workers: both have a waiting list that moves, so every fan chart has lines
# to draw; with more social workers the waiting list is flat at zero),
# renders the HTML report, and checks it as headless Chromium sees it: the DOM
# after parsing (chart <svg>s with many-point lines and shaded bands, the
# business-case table, the configuration <details>; tests/report_check.py) and
# a 1280x4000 screenshot, kept as out/test-artifacts/report.png. Then the
# command's errors (missing or incomplete file, unknown baseline, unwritable
# output) and analysis/examples/plot_compare.py (and .R where R and hdf5r are installed).
#
# Needs bin/caresim, hdf5-tools, and chromium, python3-h5py, python3-matplotlib
# (`make test` installs them: mk/deps.sh --test). Prints "ok - ..." or
# "FAIL - ...: why" per check and ends with "N passed, N failed".

cd "$(dirname "$0")/.." || exit 1

CS=${CARESIM:-bin/caresim}
CHROMIUM=${CHROMIUM:-chromium}
PY=/usr/bin/python3      # Debian's, which has h5py and matplotlib
ART=out/test-artifacts
pass=0
fail=0

tmp=$(mktemp -d) || { echo "FAIL - setup: mktemp -d failed"; echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# ok, bad, verdict, add, first, run
. tests/lib.sh
# tally FILE: count the "ok - " and "FAIL - " lines a helper printed
tally() {
    cat "$1"
    pass=$((pass + $(grep -c '^ok - ' "$1")))
    fail=$((fail + $(grep -c '^FAIL - ' "$1")))
}
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

# chromium ARGS...: headless, with a fresh profile, no network chatter
chromium_run() {
    prof=$(mktemp -d "$tmp/profile.XXXXXX")
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" "$@"
}

why=
[ -x "$CS" ] || why=$(add "$why" "$CS not built (make all)")
command -v "$CHROMIUM" >/dev/null 2>&1 || why=$(add "$why" "no $CHROMIUM (make deps-test installs it)")
"$PY" -c 'import h5py, matplotlib, PIL' 2>/dev/null ||
    why=$(add "$why" "$PY lacks h5py, matplotlib or PIL (make deps-test installs them)")
verdict "prerequisites: caresim, chromium, python3-h5py, python3-matplotlib" "$why"
[ -z "$why" ] || finish

# ---- a tiny two-scenario ensemble --------------------------------------------

base=$PWD/scenarios/baseline.cfg
cat >"$tmp/a.cfg" <<EOF
base = "$base";
name = "status_quo";
warmup_weeks = 52;
EOF
cat >"$tmp/b.cfg" <<EOF
base = "$base";
name = "fewer_social_workers";
warmup_weeks = 52;
council: { sw_per_100k = 13.0; };
EOF
h5="$tmp/ab.h5"
run run "$tmp/a.cfg" "$tmp/b.cfg" -q --scale 0.02 --years 2 --reps 3 --threads 2 -o "$h5"
verdict "tiny two-scenario ensemble runs" "$([ "$rc" -eq 0 ] || echo "exit $rc: $(first "$tmp/err")")"
[ "$rc" -eq 0 ] || finish
commit=$(h5dump -a /git_commit "$h5" 2>/dev/null | sed -n 's/^ *(0): "\(.*\)"$/\1/p' | head -n 1)
# has_group FILE GROUP: h5dump -n lists GROUP as a group
has_group() { h5dump -n "$1" 2>/dev/null | awk -v p="$2" '$1 == "group" && $2 == p { f = 1 } END { exit !f }'; }
# caresim run writes a business case for every scenario but the first, where
# it has that feature (caresim compare's branch); the report shows it if so
bc_rows=0
has_group "$h5" /scenarios/fewer_social_workers/business_case && bc_rows=1

# ---- usage --------------------------------------------------------------------

run report --help
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc")
grep -q -- '--baseline' "$tmp/out" || why=$(add "$why" "no --baseline in the help")
verdict "report --help exits 0 and documents --baseline" "$why"

run report
verdict "report without a file exits 2" "$([ "$rc" -eq 2 ] || echo "exit $rc")"

# ---- the report without a business case --------------------------------------

html="$tmp/plain.html"
run report "$h5" -o "$html"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(first "$tmp/err")")
[ -s "$html" ] || why=$(add "$why" "$html not written")
for f in "$html".part-*; do [ -e "$f" ] && why=$(add "$why" "temporary file left: $f"); done
verdict "report writes the HTML file and no temporary file" "$why"

chromium_run --dump-dom "file://$html" >"$tmp/plain.dom" 2>"$tmp/chromium.err"
"$PY" tests/report_check.py dom "$tmp/plain.dom" --scenarios status_quo,fewer_social_workers \
    --business-case "$bc_rows" --lever sw_per_100k --expect "$commit" >"$tmp/check" 2>&1 ||
    echo "FAIL - report_check.py dom: $(tail -n 1 "$tmp/check")" >>"$tmp/check"
tally "$tmp/check"

# ---- with a business case, a baseline and a title with markup ------------------

cp "$h5" "$tmp/bc.h5"
why=
"$PY" tests/report_check.py bcase "$tmp/bc.h5" fewer_social_workers status_quo 2>"$tmp/err" ||
    why="$(tail -n 1 "$tmp/err")"
verdict "a copy with a business_case group (added with h5py where run wrote none)" "$why"
html="$tmp/bc.html"
title='Somerset <b>test</b> & "report"'
run report "$tmp/bc.h5" -o "$html" --baseline status_quo --title "$title"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(first "$tmp/err")")
grep -qF '<title>Somerset &lt;b&gt;test&lt;/b&gt; &amp; &quot;report&quot;</title>' "$html" ||
    why=$(add "$why" "title not escaped in <title>")
grep -qF '<b>test</b>' "$html" && why=$(add "$why" "raw markup from --title in the page")
verdict "report with --baseline and --title escapes the title" "$why"

chromium_run --dump-dom "file://$html" >"$tmp/bc.dom" 2>"$tmp/chromium.err"
"$PY" tests/report_check.py dom "$tmp/bc.dom" --scenarios status_quo,fewer_social_workers \
    --business-case 1 --lever sw_per_100k --expect "$title" --expect "$commit" >"$tmp/check" 2>&1 ||
    echo "FAIL - report_check.py dom: $(tail -n 1 "$tmp/check")" >>"$tmp/check"
tally "$tmp/check"

mkdir -p "$ART"
shot="$ART/report.png"
rm -f "$shot"
cp "$html" "$ART/report.html"
chromium_run --screenshot="$PWD/$shot" --window-size=1280,4000 "file://$html" >/dev/null 2>"$tmp/chromium.err"
if [ -s "$shot" ]; then
    "$PY" tests/report_check.py png "$shot" --size 1280x4000 --colours '#0072B2,#E69F00' >"$tmp/check" 2>&1 ||
        echo "FAIL - report_check.py png: $(tail -n 1 "$tmp/check")" >>"$tmp/check"
    tally "$tmp/check"
    echo "# screenshot: $shot (report: $ART/report.html)"
else
    bad "chromium --screenshot writes $shot" "$(grep -v -e dbus -e '^ *$' "$tmp/chromium.err" | tail -n 1)"
fi

# text from the file is escaped: markup in a metric's units and description
cp "$h5" "$tmp/markup.h5"
"$PY" - "$tmp/markup.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    for s in ("status_quo", "fewer_social_workers"):
        ds = f[f"scenarios/{s}/timeseries/waiting_list"]
        ds.attrs["units"] = "<script>alert(1)</script>"
        ds.attrs["description"] = "Waiting & <b>bold</b>"
PY
run report "$tmp/markup.h5" -o "$tmp/markup.html"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(first "$tmp/err")")
grep -qi '<script' "$tmp/markup.html" && why=$(add "$why" "a <script> element in the page")
grep -q '<b>bold' "$tmp/markup.html" && why=$(add "$why" "raw <b> from a description")
grep -qF 'Waiting &amp; &lt;b&gt;bold&lt;/b&gt;' "$tmp/markup.html" || why=$(add "$why" "description not shown escaped")
grep -qF '&lt;script&gt;' "$tmp/markup.html" || why=$(add "$why" "units not shown escaped")
verdict "markup in the file's units and descriptions is escaped" "$why"

# without --baseline, the scenario the file's business cases are against
cp "$h5" "$tmp/rev.h5"
"$PY" tests/report_check.py bcase "$tmp/rev.h5" status_quo fewer_social_workers 2>"$tmp/err"
run report "$tmp/rev.h5" -o "$tmp/rev.html"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(first "$tmp/err")")
grep -qF 'minus the baseline, <strong>fewer_social_workers</strong>' "$tmp/rev.html" ||
    why=$(add "$why" "the baseline is not fewer_social_workers")
verdict "default baseline: the one the business cases are against" "$why"

# ---- errors ---------------------------------------------------------------------

# report_error NAME STATUS WORD ARGS...: exit STATUS, stderr has WORD, no output
report_error() {
    name=$1 want=$2 word=$3
    shift 3
    out="$tmp/err.html"
    rm -f "$out"
    run report "$@" -o "$out"
    why=
    [ "$rc" -eq "$want" ] || why=$(add "$why" "exit $rc, expected $want")
    grep -qF -- "$word" "$tmp/err" || why=$(add "$why" "stderr lacks '$word': $(first "$tmp/err")")
    [ -e "$out" ] && why=$(add "$why" "$out written")
    for f in "$out".part-*; do [ -e "$f" ] && why=$(add "$why" "temporary file left: $f"); done
    verdict "$name" "$why"
}
report_error "missing file: exit 1, named" 1 "$tmp/none.h5" "$tmp/none.h5"
cp "$h5" "$tmp/incomplete.h5"
"$PY" -c 'import h5py, sys; h5py.File(sys.argv[1], "r+").attrs["status"] = "incomplete"' "$tmp/incomplete.h5"
report_error "incomplete file: exit 1, says it did not finish" 1 "did not finish" "$tmp/incomplete.h5"
report_error "unknown baseline: exit 2, lists the scenarios" 2 "status_quo" "$h5" --baseline nosuch

echo "old report" >"$tmp/keep.html"
run report "$h5" --baseline nosuch -o "$tmp/keep.html"
verdict "a failed report leaves an existing file alone" \
    "$([ "$(cat "$tmp/keep.html")" = "old report" ] || echo "$tmp/keep.html changed")"

run report "$h5" -o "$tmp/nodir/r.html"
why=
[ "$rc" -eq 1 ] || why=$(add "$why" "exit $rc, expected 1")
grep -qF "$tmp/nodir/r.html" "$tmp/err" || why=$(add "$why" "stderr does not name the path: $(first "$tmp/err")")
[ -e "$tmp/nodir" ] && why=$(add "$why" "$tmp/nodir was created")
verdict "output into a missing directory: exit 1, names the path" "$why"

# ---- one scenario: no comparison, a note instead -----------------------------------

run run "$tmp/a.cfg" -q --scale 0.01 --years 1 --reps 2 --threads 2 -o "$tmp/one.h5"
if [ "$rc" -ne 0 ]; then
    bad "single-scenario run" "exit $rc: $(first "$tmp/err")"
else
    run report "$tmp/one.h5"
    html="$tmp/one.html"        # the default output: FILE with .h5 -> .html
    why=
    [ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(first "$tmp/err")")
    [ -s "$html" ] || why=$(add "$why" "default output $html not written")
    [ "$(grep -c '<svg [^>]*class="fan"' "$html" 2>/dev/null)" -eq 9 ] || why=$(add "$why" "not 9 fan charts")
    grep -q 'class="diff"' "$html" && why=$(add "$why" "difference charts with one scenario")
    grep -q 'nothing to compare' "$html" || why=$(add "$why" "no note that there is nothing to compare")
    grep -q 'no business case' "$html" || why=$(add "$why" "no note that there is no business case")
    verdict "single scenario: fan charts, no differences or business case, notes say so" "$why"
fi

# ---- analysis/ examples -------------------------------------------------------------

png="$tmp/plot.png"
"$PY" analysis/examples/plot_compare.py "$h5" --baseline status_quo --metric waiting_list -o "$png" >"$tmp/out" 2>"$tmp/err"
rc=$?
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(tail -n 1 "$tmp/err")")
[ "$(head -c 4 "$png" 2>/dev/null | tail -c 3)" = PNG ] || why=$(add "$why" "$png is not a PNG")
[ "$(wc -c <"$png" 2>/dev/null || echo 0)" -gt 20000 ] || why=$(add "$why" "$png is under 20 kB")
verdict "analysis/examples/plot_compare.py writes a PNG" "$why"
[ -z "$why" ] && cp "$png" "$ART/plot_compare.png"

"$PY" analysis/examples/plot_compare.py "$h5" --metric no_such_metric -o "$tmp/bad.png" >/dev/null 2>"$tmp/err"
rc=$?
why=
[ "$rc" -ne 0 ] || why=$(add "$why" "exit 0")
grep -q no_such_metric "$tmp/err" || why=$(add "$why" "stderr does not name the metric")
[ -e "$tmp/bad.png" ] && why=$(add "$why" "a PNG was written")
verdict "analysis/examples/plot_compare.py fails on an unknown metric" "$why"

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(hdf5r)' >/dev/null 2>&1; then
    Rscript analysis/examples/plot_compare.R "$h5" status_quo waiting_list "$tmp/plot_r.png" >/dev/null 2>"$tmp/err"
    rc=$?
    why=
    [ "$rc" -eq 0 ] || why=$(add "$why" "exit $rc: $(tail -n 1 "$tmp/err")")
    [ "$(head -c 4 "$tmp/plot_r.png" 2>/dev/null | tail -c 3)" = PNG ] || why=$(add "$why" "no PNG")
    verdict "analysis/examples/plot_compare.R writes a PNG" "$why"
else
    echo "# skipped analysis/examples/plot_compare.R: no Rscript with hdf5r (r-base-core, r-cran-hdf5r)"
fi

finish
