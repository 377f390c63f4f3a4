#!/bin/sh
# xarray.sh — result files open in xarray with default arguments
# (xarray.open_dataset(FILE, group=..., engine="h5netcdf")): a single-council
# run of two scenarios with different warm-ups and a small national run, each
# checked for its dimensions, its coordinates (replicate; time decoded to
# dates, week 0 on the date docs/output.md gives, 7 days apart; week; in
# by_place, the council codes and names), and values equal to h5py's. Tiny runs
# (a 26- or 52-week warm-up, one year, 2 replicates): about half a minute on 2 cores.
#
# Needs bin/caresim and Debian's python3-xarray and python3-h5netcdf (make test
# installs them). Prints "ok - ..." or "FAIL - ...: why" per check and ends
# with "N passed, N failed".

cd "$(dirname "$0")/.." || exit 1

CS=${CARESIM:-bin/caresim}
PY=/usr/bin/python3      # Debian's, which has xarray, h5netcdf and h5py
FIX=tests/fixtures/cli
# ok, bad, verdict, add, first, run
. tests/lib.sh
scratch
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
# check ARGS...: run tests/xarray_check.py and count its ok/FAIL lines
check() {
    "$PY" tests/xarray_check.py "$@" >"$tmp/check" 2>&1
    c=$?
    cat "$tmp/check"
    pass=$((pass + $(grep -c '^ok - ' "$tmp/check")))
    fail=$((fail + $(grep -c '^FAIL - ' "$tmp/check")))
    if [ "$c" -ne 0 ] || ! grep -q '^\(ok\|FAIL\) - ' "$tmp/check"; then
        bad "xarray_check.py $1" "exit status $c: $(tail -n 1 "$tmp/check")"
    fi
}

why=
[ -x "$CS" ] || why=$(add "$why" "$CS not built (make all)")
"$PY" -c 'import xarray, h5netcdf, h5py' 2>/dev/null ||
    why=$(add "$why" "$PY lacks xarray or h5netcdf (make deps-test installs python3-xarray, python3-h5netcdf)")
verdict "prerequisites: caresim, python3-xarray, python3-h5netcdf" "$why"
[ -z "$why" ] || finish

# Week 0 starts on 2020-07-01 whatever the spin-up (docs/output.md,
# "Coordinates"): quick.cfg's 26 weeks and later's 52 both date it so.
cat >"$tmp/later.cfg" <<CFG
base = "$PWD/$FIX/quick.cfg";
name = "later";
warmup_weeks = 52;
CFG

one="$tmp/one.h5"
run run "$FIX/quick.cfg" "$tmp/later.cfg" --scale 0.02 --years 1 --reps 2 --seed 3 -q -o "$one"
verdict "a single-council run of two scenarios" "$([ "$rc" -eq 0 ] || echo "exit status $rc: $(first "$tmp/err")")"
if [ "$rc" -eq 0 ]; then
    check series "$one" quick 2020-07-01
    check series "$one" later 2020-07-01
    check bizcase "$one" later
fi

nat="$tmp/nat.h5"
run run "$FIX/quick.cfg" --place all --scale 0.01 --years 1 --reps 2 --seed 3 -q -o "$nat"
verdict "a national run" "$([ "$rc" -eq 0 ] || echo "exit status $rc: $(first "$tmp/err")")"
if [ "$rc" -eq 0 ]; then
    check series "$nat" quick 2020-07-01
    check places "$nat" quick seeds/places.csv
fi

finish
