#!/bin/sh
# tests/mutants/run.sh — the mutation harness (make mutants; tests/run_all.sh).
#
# Each tests/mutants/*.patch is a small unified diff (git diff output, applied
# with patch -p1 from the repository root) that breaks one mechanism of the
# model. For each, in turn: a scratch copy of the tree (sources, and build/
# copied with its timestamps, so only the patched files recompile), the patch
# applied, bin/unit built there and run from there. The unit tests must fail:
#   ok - killed NAME (N unit failures)      the suite caught the mutant
#   not ok - NAME survived                  a defect the suite cannot see
#   not ok - NAME: patch does not apply     (a harness failure, never "killed")
#   not ok - NAME: does not build           (the mutant must compile)
# and the last line is "N passed, N failed" (a passed check is a killed mutant).
#
# Usage: sh tests/mutants/run.sh [NAME...]   NAME: a patch's file name, with or
# without .patch (01_breakdown_strain); none runs them all. MUTANT_JOBS=2 runs
# two at a time (default 1: bin/unit already uses two threads); MUTANT_TIMEOUT
# (seconds, default 600) stops a mutant whose tests hang, counted as killed.
# bin/unit runs with CARESIM_UNIT_STOP=1, stopping after the first module with a
# failure (a killed mutant costs only the modules up to it; MUTANT_FULL=1 runs
# them all); the verdict names that module and its first failed check.
# Needs the normal build up to date (make all builds it first).
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
jobs=${MUTANT_JOBS:-1}
limit=${MUTANT_TIMEOUT:-600}
MAKE=${MAKE:-make}
if [ "${MUTANT_FULL:-0}" = 1 ]; then stop=0; else stop=1; fi

tmp=$(mktemp -d) || { echo "not ok - setup: mktemp -d failed"; echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

if [ $# -eq 0 ]; then
    set -- tests/mutants/*.patch
else
    for a in "$@"; do
        n=${a##*/}; n=${n%.patch}
        set -- "$@" "tests/mutants/$n.patch"
        shift
    done
fi

# the commit the scratch builds report (no .git there): the same version.h,
# so nothing that includes it recompiles
git=$(sed -n 's/^#define CS_GIT_COMMIT "\(.*\)"$/\1/p' build/version.h 2>/dev/null)
if ! command -v patch >/dev/null 2>&1; then
    echo "not ok - setup: patch is not installed (Debian: patch; make deps-test)"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ ! -x bin/unit ] || [ -z "$git" ]; then
    echo "not ok - setup: bin/unit not built (make all first)"
    echo "0 passed, 1 failed"
    exit 1
fi

# one MUTANT: verdict line in $tmp/NAME.res
one() {
    p=$1
    name=$(basename "$p" .patch)
    d=$tmp/$name
    res=$tmp/$name.res
    if [ ! -f "$p" ]; then echo "not ok - $name: no such mutant ($p)" > "$res"; return; fi
    mkdir -p "$d"
    # the tree as make sees it (tracked and untracked sources alike), build/ with timestamps
    for f in Makefile mk include sim analysis validation tests scenarios; do
        [ -e "$f" ] && cp -a "$f" "$d/"
    done
    mkdir "$d/build" && cp -a build/*.o build/*.d build/version.h build/tests "$d/build/" 2>/dev/null
    ln -s "$root/seeds" "$d/seeds"
    if ! (cd "$d" && patch -p1 --batch --forward --no-backup-if-mismatch -r - < "$root/$p") > "$d.patch.log" 2>&1; then
        echo "not ok - $name: patch does not apply (tests/mutants/README.md says how to remake it): $(grep -v '^patching' "$d.patch.log" | head -n 2 | tr '\n' ' ')" > "$res"
        rm -rf "$d"; return
    fi
    if ! (cd "$d" && $MAKE -s GIT="$git" bin/unit) > "$d.build.log" 2>&1; then
        echo "not ok - $name: does not build: $(grep -m 2 -E 'error|Error' "$d.build.log" | tr '\n' ' ')" > "$res"
        rm -rf "$d"; return
    fi
    (cd "$d" && CARESIM_UNIT_STOP=$stop timeout "$limit" bin/unit) > "$d.unit.out" 2> "$d.unit.err"
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$d.unit.out" | tail -n 1)
    f=${line#*, }; f=${f%% failed*}
    if [ "$rc" -eq 124 ]; then
        echo "ok - killed $name (timed out after $limit s)" > "$res"
    elif [ -z "$line" ]; then
        if [ "$rc" -ne 0 ]; then echo "ok - killed $name (bin/unit crashed: exit status $rc)" > "$res"
        else echo "not ok - $name: bin/unit exited 0 without a result line" > "$res"; fi
    elif [ "$rc" -ne 0 ] || [ "$f" -gt 0 ]; then
        where=$(grep -m 1 '^FAIL ' "$d.unit.err" | cut -c 6-130)
        echo "ok - killed $name ($f unit failures; first: $where)" > "$res"
    else
        echo "not ok - $name survived (bin/unit: $line)" > "$res"
    fi
    rm -rf "$d"
}

pass=0; fail=0
running=0; batch=
report() {
    for n in $batch; do
        cat "$tmp/$n.res"
        if grep -q '^ok - ' "$tmp/$n.res"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
    done
    batch=; running=0
}
for p in "$@"; do
    n=$(basename "$p" .patch)
    one "$p" &
    batch="$batch $n"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait; report; fi
done
wait; report
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
