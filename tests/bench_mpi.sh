#!/bin/sh
# bench_mpi.sh — the speed-up from 1 to 2 MPI ranks (make bench-mpi;
# docs/performance.md, "MPI across ranks").
#
# Builds the MPI flavour into build/mpi/bin (as tests/mpi.sh does), then runs
#   mpirun --bind-to none --mca mpi_yield_when_idle 1 -np P build/mpi/bin/caresim
#          run scenarios/baseline.cfg --place all --scale S --years Y --reps R
#          --threads 1 -q --stats
# (a rank waiting for another gives up its core, which other work on a shared
# machine may need; waiting ranks otherwise spin) at P = 1 and 2, and the serial bin/caresim with --threads 2 (two councils side
# by side in one process, for reference), interleaved 1, 2, serial, 1, 2, ...
# RUNS times so drift in the machine's speed hits all alike, and prints the
# medians of wall time (total_seconds), simulation and writing time, the
# speed-up (median of the runs' wall-time ratios 1 rank / 2 ranks), the CPU
# time got as a share of wall time x cores used (below 100%: the machine was
# shared), simulated person-weeks per CPU second, and how evenly the 2 ranks
# were loaded (the least busy rank's time running units over the busiest's).
#
# Environment overrides:
#   BENCH_SCALE  sampling fraction (default 0.05)
#   BENCH_YEARS  reported years after the warm-up (default 3)
#   BENCH_REPS   replicates (default 2)
#   BENCH_RUNS   rounds (default 3)

cd "$(dirname "$0")/.." || exit 1

SCENARIO=scenarios/baseline.cfg
SCALE=${BENCH_SCALE:-0.05}
YEARS=${BENCH_YEARS:-3}
REPS=${BENCH_REPS:-2}
RUNS=${BENCH_RUNS:-3}

die() { echo "bench-mpi: $*" >&2; exit 1; }
. tests/bench_lib.sh
bench_count BENCH_REPS "$REPS"
command -v mpirun >/dev/null 2>&1 && command -v mpicc >/dev/null 2>&1 ||
    die "Open MPI is not installed (make MPI=1 installs it)"
bench_setup
${MAKE:-make} MPI=1 BIN=build/mpi/bin build/mpi/bin/caresim >"$tmp/build.log" 2>&1 ||
    { tail -n 5 "$tmp/build.log" >&2; die "make MPI=1 failed"; }
mkdir "$tmp/mbin" && cp build/mpi/bin/caresim "$tmp/mbin/caresim" || die "cannot copy build/mpi/bin/caresim"
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi

args="$SCENARIO --place all -q --stats --scale $SCALE --years $YEARS --reps $REPS -o $tmp/n.h5"
echo "caresim MPI benchmark"
echo "  command  : mpirun --bind-to none --mca mpi_yield_when_idle 1 -np P build/mpi/bin/caresim run $args --threads 1   (P = 1, 2)"
echo "  reference: bin/caresim run $args --threads 2"
echo "  rounds   : $RUNS"
echo "  machine  : $(nproc 2>/dev/null || echo '?') cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "  version  : $("$CS" --version)"

: >"$tmp/stats"
i=1
while [ "$i" -le "$RUNS" ]; do
    for np in 1 2; do
        printf '  round %d/%d: %d rank(s)...\n' "$i" "$RUNS" "$np" >&2
        # shellcheck disable=SC2086
        mpirun --bind-to none --mca mpi_yield_when_idle 1 -np "$np" "$tmp/mbin/caresim" run $args --threads 1 >"$tmp/out" 2>"$tmp/err"
        line=$(grep '^caresim-stats:' "$tmp/out" | tail -n 1)
        [ -n "$line" ] || { cat "$tmp/err" >&2; die "mpirun -np $np failed"; }
        echo "mpi$np $i $line" >>"$tmp/stats"
    done
    printf '  round %d/%d: serial, 2 threads...\n' "$i" "$RUNS" >&2
    # shellcheck disable=SC2086
    line=$(bench_run "serial run" run $args --threads 2) || exit 1
    echo "serial $i $line" >>"$tmp/stats"
    i=$((i + 1))
done

echo
echo "statistics lines (rounds in order):"
sed 's/^/  /' "$tmp/stats"
awk -v load1="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" '
function median(a, n,    i, j, v) {   # a[1..n], sorted in place
    for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    delete kv
    for (f = 4; f <= NF; f++) { split($f, p, "="); kv[p[1]] = p[2] }
    k = $1; r = $2
    n[k]++
    wall[k, n[k]] = kv["total_seconds"]; sim[k, n[k]] = kv["sim_seconds"]; wr[k, n[k]] = kv["write_seconds"]
    cores = k == "mpi1" ? 1 : 2
    cpu[k, n[k]] = kv["cpu_seconds"] / (kv["total_seconds"] * cores)
    pwc[k, n[k]] = kv["person_weeks"] / kv["cpu_seconds"] / 1e6
    if (k == "mpi2") bal[n[k]] = kv["busy_min"] / kv["busy_max"]
    w_of[k, r] = kv["total_seconds"]
    rounds = r
}
END {
    printf "\n%-26s %12s %12s %12s %12s\n", "", "1 rank", "2 ranks", "serial, 2 thr", ""
    split("mpi1 mpi2 serial", ks, " ")
    split("wall time (s)|simulation (s)|writing (s)|CPU / (wall x cores)|M person-weeks / CPU s", lab, "|")
    for (row = 1; row <= 5; row++) {
        printf "%-26s", lab[row] " (median)"
        for (c = 1; c <= 3; c++) {
            k = ks[c]
            for (j = 1; j <= n[k]; j++)
                v[j] = row == 1 ? wall[k, j] : row == 2 ? sim[k, j] : row == 3 ? wr[k, j] : row == 4 ? cpu[k, j] : pwc[k, j]
            m = median(v, n[k])
            printf row == 4 ? " %11.0f%%" : row == 5 ? " %12.2f" : " %12.1f", row == 4 ? 100 * m : m
        }
        printf "\n"
    }
    printf "2 ranks: least / most busy rank, time running units (median): %.3f\n", median(bal, n["mpi2"])
    for (r = 1; r <= rounds; r++) { s[r] = w_of["mpi1", r] / w_of["mpi2", r]; t[r] = w_of["serial", r] / w_of["mpi2", r] }
    printf "speed-up 1 -> 2 ranks (median of %d rounds, ratio each): %.2fx", rounds, median(s, rounds)
    printf "   (each round:"; for (r = 1; r <= rounds; r++) printf " %.2f", w_of["mpi1", r] / w_of["mpi2", r]; printf ")\n"
    printf "serial 2 threads / 2 ranks (median)            : %.2f\n", median(t, rounds)
    printf "load average at end                            : %s\n", load1
}' "$tmp/stats"
