#!/bin/sh
# mpi.sh — tests of the MPI build (make MPI=1; sim/mpi.c): `mpirun -np P
# caresim run` gives files whose every dataset equals the serial run's
# (h5diff of /scenarios: the root holds only provenance, which differs by
# design), for a single council with two scenarios (several replicates split
# over the ranks, the business case) and for a national run (councils x
# replicates, by_place), with 1 and 2 threads and with more ranks than some
# have rows; a rank that cannot start, cannot load its data or fails while
# running makes the job exit non-zero with that rank's message and leaves no
# file; Ctrl-C to mpirun leaves nothing behind.
#
# Builds the MPI flavour into build/mpi/bin (the serial bin/ is untouched) and
# compares with bin/caresim, which must be the serial build (make all). Skips,
# counting nothing, when mpicc, mpirun or parallel HDF5 are missing (make
# deps-test installs them where it can). Runs mpirun with --oversubscribe so
# 3 ranks fit a 2-core machine, and as root with OMPI_ALLOW_RUN_AS_ROOT (for
# tests and containers only). About a minute on 2 cores, after the build.
#
# Prints "ok - ..." or "FAIL - ...: why" per check and ends with "N passed, N failed".

cd "$(dirname "$0")/.." || exit 1

SERIAL=${CARESIM:-bin/caresim}
FIX=tests/fixtures/cli
# ok, bad, verdict, add, first, leftovers, h5status, wait_for_part, wait_gone
. tests/lib.sh
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

missing=
command -v mpicc >/dev/null 2>&1 || missing="$missing mpicc"
command -v mpirun >/dev/null 2>&1 || missing="$missing mpirun"
pkg-config --exists hdf5-openmpi 2>/dev/null || missing="$missing hdf5-openmpi"
if [ -n "$missing" ]; then
    echo "skip - MPI tests: not installed:$missing (Debian: libopenmpi-dev libhdf5-openmpi-dev openmpi-bin; make deps-test)"
    echo "0 passed, 0 failed"
    exit 0
fi
scratch

why=
[ -x "$SERIAL" ] || why="$SERIAL not built (make all)"
[ "$(cat "$(dirname "$SERIAL")/.flavour" 2>/dev/null)" = serial ] || why=$(add "$why" "$SERIAL is not the serial build")
command -v h5diff >/dev/null 2>&1 || why=$(add "$why" "h5diff missing (hdf5-tools)")
verdict "prerequisites: serial caresim, h5diff" "$why"
[ -z "$why" ] || finish

${MAKE:-make} MPI=1 BIN=build/mpi/bin build/mpi/bin/caresim >"$tmp/build.log" 2>&1
c=$?
verdict "make MPI=1 builds build/mpi/bin/caresim" "$([ "$c" -eq 0 ] || echo "exit status $c: $(tail -n 3 "$tmp/build.log")")"
[ "$c" -eq 0 ] || finish

# snapshots (see cli.sh); seeds/ beside them keeps the <bin>/../seeds lookup
mkdir "$tmp/bin" "$tmp/mbin" && cp "$SERIAL" "$tmp/bin/caresim" && cp build/mpi/bin/caresim "$tmp/mbin/caresim" &&
    ln -s "$PWD/seeds" "$tmp/seeds" || { bad "snapshots" "cannot copy the binaries to $tmp"; finish; }
CS="$tmp/bin/caresim"
MCS="$tmp/mbin/caresim"

if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
# yield_when_idle: ranks waiting in a collective give their core to the others
# (this machine is shared); a hang fails after 5 minutes instead of blocking
MPIRUN="timeout 300 mpirun --oversubscribe --bind-to none --mca mpi_yield_when_idle 1"

# mrun NP ARGS...: caresim run ARGS under mpirun -np NP; stdout/stderr in $tmp/out, $tmp/err
mrun() { np=$1; shift; $MPIRUN -np "$np" "$MCS" run "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# same A B NAME: every dataset and attribute under /scenarios equal (and the same set)
same() {
    h5diff "$1" "$2" /scenarios /scenarios >"$tmp/diff" 2>&1
    d=$?
    [ "$d" -eq 0 ] || echo "h5diff exit $d: $(head -n 2 "$tmp/diff" | tr '\n' ' ')"
}
# complete FILE: exit status 0, status "complete", nothing left beside it
complete() {
    w=
    [ "$rc" -eq 0 ] || w=$(add "$w" "exit status $rc: $(grep -v '^ *$' "$tmp/err" | head -n 1)")
    [ "$(h5status "$1")" = complete ] || w=$(add "$w" "status is not complete")
    for f in "$1".part-*; do [ -e "$f" ] && w=$(add "$w" "left behind: $f"); done
    printf '%s' "$w"
}

cat >"$tmp/twin.cfg" <<CFG
base = "$PWD/$FIX/quick.cfg";
name = "twin";
council: { budget_growth = 0.02; };
CFG
two="$FIX/quick.cfg $tmp/twin.cfg"

# ---- a single council: replicates shared out, two scenarios, the business case ----

# (not -q: rank 0 prints the summaries, which must be the serial run's)
single="--place E06000001 --scale 0.05 --years 1 --reps 5 --seed 11"
# shellcheck disable=SC2086
"$CS" run $two $single -o "$tmp/s.h5" >"$tmp/out" 2>"$tmp/err"
rc=$?
grep -v '^Wrote ' "$tmp/out" >"$tmp/summary"
verdict "serial reference run (one council, 2 scenarios, 5 replicates)" "$(complete "$tmp/s.h5")"
# 2 ranks of 1 thread; 3 of 2 threads (the weekly step's own)
for np in 2 3; do
    # shellcheck disable=SC2086
    mrun $np $two $single --threads $((np - 1)) -o "$tmp/s$np.h5"
    why=$(complete "$tmp/s$np.h5")
    [ -n "$why" ] || why=$(same "$tmp/s.h5" "$tmp/s$np.h5")
    grep -v '^Wrote ' "$tmp/out" | cmp -s - "$tmp/summary" || why=$(add "$why" "the summary differs from the serial run's")
    verdict "mpirun -np $np --threads $((np - 1)), one council: every dataset and the summary equal the serial run's (business case included)" "$why"
done
h5dump -n "$tmp/s2.h5" 2>/dev/null | grep -q '/scenarios/twin/business_case/npv'
verdict "the MPI file has twin's business case" "$([ $? -eq 0 ] || echo "no /scenarios/twin/business_case/npv")"

# ---- national: councils x replicates -----------------------------------------------

nat="--place all --scale 0.002 --years 1 --reps 2 --seed 5 -q"
# shellcheck disable=SC2086
"$CS" run $two $nat --threads 2 -o "$tmp/n.h5" >"$tmp/out" 2>"$tmp/err"
rc=$?
verdict "serial reference run (national, 2 scenarios, 2 replicates)" "$(complete "$tmp/n.h5")"
# 2 ranks of 1 thread; 3 ranks of 2 threads, rank 0 writing no rows (2 replicates)
for run in "2 1" "3 2"; do
    set -- $run
    # shellcheck disable=SC2086
    mrun "$1" $two $nat --threads "$2" --stats -o "$tmp/n$1.h5"
    why=$(complete "$tmp/n$1.h5")
    [ -n "$why" ] || why=$(same "$tmp/n.h5" "$tmp/n$1.h5")
    grep -q "^caresim-stats: threads=$2 .* places=153 .*ranks=$1 busy_max=[0-9.]* busy_min=[0-9.]*\$" "$tmp/out" ||
        why=$(add "$why" "stats line: $(grep caresim-stats "$tmp/out")")
    verdict "mpirun -np $1 --threads $2, national: every dataset (timeseries, by_place, business case) equals the serial run's" "$why"
done

# ---- failing ranks -------------------------------------------------------------------

# fails MPMD-ARGS...: the job must exit non-zero (status in $rc) and leave
# nothing; sets why
fails() {
    $MPIRUN "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    why=
    [ "$rc" -ne 0 ] || why="exit status 0"
    [ "$rc" -ne 124 ] || why="hung (killed after 300 s)"
    left=$(leftovers "$tmp/f.h5")
    [ -z "$left" ] || why=$(add "$why" "left behind: $left")
}
small="--place E06000053 --years 1 --reps 2 -q -o $tmp/f.h5"
quick="$FIX/quick.cfg $small --scale 0.05"

# rank 1 cannot read its seed data while checking the scenario
# shellcheck disable=SC2086
fails -np 1 "$MCS" run $quick : -np 1 -x CARESIM_SEEDS="$tmp/nosuch" "$MCS" run $quick
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
grep -q "$tmp/nosuch" "$tmp/err" || why=$(add "$why" "no message naming $tmp/nosuch: $(first "$tmp/err")")
grep -q 'another rank could not start' "$tmp/err" || why=$(add "$why" "rank 0 does not say another rank stopped it")
verdict "rank 1 without seed data: the job exits 2 with its message, no file" "$why"

# rank 1's life table is broken: it fails loading the run's data
mkdir "$tmp/badseeds" && cp seeds/*.csv "$tmp/badseeds/" && head -n 1 seeds/lifetable.csv >"$tmp/badseeds/lifetable.csv"
# shellcheck disable=SC2086
fails -np 1 "$MCS" run $quick : -np 1 -x CARESIM_SEEDS="$tmp/badseeds" "$MCS" run $quick
[ "$rc" -eq 1 ] || why=$(add "$why" "exit status $rc, expected 1")
grep -q '^caresim: rank 1: .*lifetable' "$tmp/err" || why=$(add "$why" "no 'caresim: rank 1: ... lifetable' message: $(first "$tmp/err")")
verdict "rank 1 with a broken life table: the job exits 1 with rank 1's error, no file" "$why"

# rank 1 fails while running: at scale 0.0001 the Isles of Scilly have nobody
# to simulate (the serial run fails the same way)
# shellcheck disable=SC2086
fails -np 1 "$MCS" run $quick : -np 1 "$MCS" run "$FIX/quick.cfg" $small --scale 0.0001
[ "$rc" -eq 1 ] || why=$(add "$why" "exit status $rc, expected 1")
grep -q '^caresim: rank 1: .*E06000053.*replicate 1: community: total adults' "$tmp/err" ||
    why=$(add "$why" "no 'caresim: rank 1: ... E06000053 ... replicate 1: community...' message: $(first "$tmp/err")")
grep -q '^caresim: rank 0' "$tmp/err" && why=$(add "$why" "rank 0 reported an error of its own")
verdict "rank 1 failing mid-run: the job exits 1 with rank 1's error, no file" "$why"

# ---- Ctrl-C to mpirun ----------------------------------------------------------------

# mpirun passes SIGINT on as SIGTERM and kills what is left after
# odls_base_sigkill_timeout seconds (1 by default; 10 here, for a busy machine)
target="$tmp/interrupted.h5"
$MPIRUN --mca odls_base_sigkill_timeout 10 -np 2 "$MCS" run scenarios/baseline.cfg --place all --scale 0.05 -q \
    -o "$target" >/dev/null 2>"$tmp/err" &
bgpid=$!
why=
if wait_for_part "$target" "$bgpid" 30; then
    sleep 2
    # to mpirun itself, as Ctrl-C at a terminal reaches it (the ranks have
    # process groups of their own): $bgpid is the timeout wrapper, and relayed
    # through it the interrupt took mpirun 18 s to pass on, once so long that
    # the ranks were killed with a .part left; directly, they stop in 2 s
    mp=$(pgrep -P "$bgpid" -x mpirun 2>/dev/null | head -n 1)
    kill -INT "${mp:-$bgpid}"
    wait_gone "$bgpid" 30 || why="still running 30 s after SIGINT (killed)"
    [ "$rc" -ne 0 ] || why=$(add "$why" "exit status 0")
    grep -q 'interrupted; no output written' "$tmp/err" || why=$(add "$why" "no 'interrupted' message: $(first "$tmp/err")")
else
    wait_gone "$bgpid" 0
    why="no .part file appeared (exit status $rc: $(first "$tmp/err"))"
fi
left=$(leftovers "$target")
[ -z "$left" ] || why=$(add "$why" "left behind: $left")
verdict "SIGINT to mpirun mid national run: non-zero exit, ranks remove all output" "$why"

finish
