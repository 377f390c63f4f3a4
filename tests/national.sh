#!/bin/sh
# national.sh — tests of national runs (caresim run --place all): each
# council's by_place series equals a run of that council alone, the national
# series are the sums (or weighted means) of the councils' in place order, the
# results do not depend on the thread count, the place scale, place = "all" in
# a scenario file, compare and report on a national file, --stats, Ctrl-C, and
# bad usage. Tiny runs only (scale 0.005, one year, a 26-week warm-up): about
# half a minute on 2 cores.
#
# Needs bin/caresim, hdf5-tools and python3-h5py (make test installs it).
# Prints "ok - ..." or "FAIL - ...: why" per check and ends with "N passed, N failed".

cd "$(dirname "$0")/.." || exit 1

CS=${CARESIM:-bin/caresim}
PY=/usr/bin/python3      # Debian's, which has h5py
FIX=tests/fixtures/cli
# ok, bad, verdict, add, first, run, leftovers, refused_why, h5status, wait_for_part, wait_gone,
# interrupt_check
. tests/lib.sh
scratch
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
# check ARGS...: run tests/national_check.py and count its ok/FAIL lines
check() {
    "$PY" tests/national_check.py "$@" >"$tmp/check" 2>&1
    c=$?
    cat "$tmp/check"
    pass=$((pass + $(grep -c '^ok - ' "$tmp/check")))
    fail=$((fail + $(grep -c '^FAIL - ' "$tmp/check")))
    if [ "$c" -ne 0 ] || ! grep -q '^\(ok\|FAIL\) - ' "$tmp/check"; then
        bad "national_check.py $1" "exit status $c: $(tail -n 1 "$tmp/check")"
    fi
}

why=
[ -x "$CS" ] || why=$(add "$why" "$CS not built (make all)")
"$PY" -c 'import h5py, numpy' 2>/dev/null || why=$(add "$why" "$PY lacks h5py (make deps-test installs it)")
verdict "prerequisites: caresim, python3-h5py" "$why"
[ -z "$why" ] || finish
# test a snapshot (see cli.sh); seeds/ beside it keeps the <bin>/../seeds lookup
mkdir "$tmp/bin" && cp "$CS" "$tmp/bin/caresim" && ln -s "$PWD/seeds" "$tmp/seeds" ||
    { bad "snapshot of $CS" "cannot copy it to $tmp/bin"; finish; }
CS="$tmp/bin/caresim"

tiny="--scale 0.005 --years 1 --reps 2 --seed 5"

# ---- the national run, at 2 threads, and the same from a scenario file at 1 ----

nat2="$tmp/nat2.h5"
# shellcheck disable=SC2086
run run "$FIX/quick.cfg" --place all $tiny --threads 2 -q --stats -o "$nat2"
cp "$tmp/out" "$tmp/stats2"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
[ "$(h5status "$nat2")" = complete ] || why=$(add "$why" "status is not complete")
grep -q '^caresim-stats: .* places=153 at_once=2 people_all=[1-9]' "$tmp/stats2" ||
    why=$(add "$why" "stats line: $(first "$tmp/stats2")")
verdict "--place all --threads 2 writes a complete file; --stats says places=153 at_once=2" "$why"

cat >"$tmp/allcfg.cfg" <<CFG
base = "$PWD/$FIX/quick.cfg";
name = "quick";
place = "all";
CFG
nat1="$tmp/nat1.h5"
# shellcheck disable=SC2086
run run "$tmp/allcfg.cfg" $tiny --threads 1 -q -o "$nat1"
verdict "place = \"all\" in a scenario file runs nationally at --threads 1" \
    "$([ "$rc" -eq 0 ] || echo "exit status $rc: $(first "$tmp/err")")"

# (the configurations differ only in the comment naming the scenario file)
why=
for g in timeseries by_place; do
    h5diff -q "$nat1" "$nat2" "/scenarios/quick/$g" "/scenarios/quick/$g" >"$tmp/diff" 2>&1
    d=$?
    [ "$d" -eq 0 ] || why=$(add "$why" "h5diff of $g: exit $d $(first "$tmp/diff")")
done
verdict "national results identical at --threads 1 and --threads 2 (timeseries and by_place)" "$why"

h5dump -d /scenarios/quick/config "$nat2" 2>/dev/null | grep -q '^ *place = "all";' 
verdict "the stored configuration records place \"all\"" "$([ $? -eq 0 ] || echo "no place = \"all\" in /scenarios/quick/config")"

# ---- each council's slice equals a run of that council alone ----------------------

for code in E06000066 E06000064 E08000025; do
    # shellcheck disable=SC2086
    run run "$FIX/quick.cfg" --place "$code" $tiny -q -o "$tmp/$code.h5"
    if [ "$rc" -ne 0 ]; then bad "single run of $code" "exit status $rc: $(first "$tmp/err")"; continue; fi
    check slice "$nat2" quick "$tmp/$code.h5" "$code"
done
h5dump -n "$tmp/E06000066.h5" 2>/dev/null | grep -q by_place
verdict "a single-council file has no by_place" "$([ $? -ne 0 ] || echo "by_place found")"

# ---- national series from the councils', and the place scale ----------------------

"$CS" --list-metrics >"$tmp/metrics.md"
check combine "$nat2" quick "$tmp/metrics.md"
check places "$nat2" quick seeds/places.csv

# ---- compare and report read a national file ------------------------------------

cat >"$tmp/twin.cfg" <<CFG
base = "$PWD/$FIX/quick.cfg";
name = "twin";
CFG
multi="$tmp/multi.h5"
run run "$FIX/quick.cfg" "$tmp/twin.cfg" --place all --scale 0.002 --years 1 --reps 2 -q -o "$multi"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "run: exit status $rc: $(first "$tmp/err")")
run compare "$multi" --baseline quick --csv
[ "$rc" -eq 0 ] || why=$(add "$why" "compare: exit status $rc: $(first "$tmp/err")")
rows=$(awk -F, '$1 == "twin" && $3 !~ /^business_case/' "$tmp/out" | wc -l)
[ "$rows" -ge 30 ] || why=$(add "$why" "only $rows outcome rows for twin")
nonzero=$(awk -F, '$1 == "twin" && $3 !~ /^business_case/ && ($8 != "0" || $9 != "0" || $10 != "0")' "$tmp/out" | head -n 1)
[ -z "$nonzero" ] || why=$(add "$why" "the twin differs: $nonzero")
run report "$multi" -o "$tmp/multi.html"
[ "$rc" -eq 0 ] && [ -s "$tmp/multi.html" ] || why=$(add "$why" "report: exit status $rc: $(first "$tmp/err")")
verdict "compare and report read a two-scenario national file (the twin differs by 0)" "$why"

# ---- Ctrl-C mid national run -----------------------------------------------------

target="$tmp/interrupted.h5"
"$CS" run scenarios/baseline.cfg --place all --scale 0.05 -q -o "$target" >/dev/null 2>"$tmp/err" &
bgpid=$!
wait_for_part "$target" "$bgpid" 10
sleep 1.5
interrupt_check "SIGINT mid national run exits 130 and removes all output" 20

# ---- bad usage ---------------------------------------------------------------------

for p in nonsense ALL E99999999; do
    run run "$FIX/quick.cfg" --place "$p" --scale 0.005 --years 1 -o "$tmp/bad.h5"
    verdict "--place $p exits 2, names it, writes nothing" "$(refused_why "$p" "$tmp/bad.h5")"
done

finish
