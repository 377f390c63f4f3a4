#!/bin/sh
# bench_national.sh — wall time and memory of a national run (make bench-national).
#
# Runs  caresim run scenarios/baseline.cfg --place all -q --stats --threads T ...
# RUNS times and prints:
#   - the median wall time (total_seconds: simulation and writing) and the
#     median simulated person-weeks per second (person_weeks / sim_seconds,
#     warm-up included);
#   - peak resident memory (the largest over runs) in GiB, and per simulated
#     person alive at once (peak_rss_bytes / people, where people is the
#     population arrays of the T largest councils, which run together first);
#   - the size of the result file (national series and every council's);
#   - the CPU time the run got as a share of wall time x threads (low when
#     other work shared the machine: then the timings are pessimistic);
#   - the targets: all 153 councils at full scale for 10 years in under 15
#     minutes on the 2-core machine, within 24 GiB.
#
# Environment overrides:
#   BENCH_SCALE    sampling fraction of adults (default 1: about 45 million adults)
#   BENCH_YEARS    reported years after the warm-up (default 10)
#   BENCH_RUNS     runs (default 1: a full-scale run is long)
#   BENCH_THREADS  threads, i.e. councils run at once (default 2)
# A quick look:  BENCH_SCALE=0.02 BENCH_YEARS=1 sh tests/bench_national.sh

cd "$(dirname "$0")/.." || exit 1

SCENARIO=scenarios/baseline.cfg
SCALE=${BENCH_SCALE:-1}
YEARS=${BENCH_YEARS:-10}
RUNS=${BENCH_RUNS:-1}
THREADS=${BENCH_THREADS:-2}

die() { echo "bench-national: $*" >&2; exit 1; }
. tests/bench_lib.sh
bench_count BENCH_THREADS "$THREADS"
bench_setup

cores=$(nproc 2>/dev/null || echo '?')
echo "caresim national benchmark"
echo "  scenario : $SCENARIO --place all (153 councils), scale $SCALE, $YEARS years after the warm-up"
echo "  command  : bin/caresim run $SCENARIO --place all -q --stats --threads $THREADS --scale $SCALE --years $YEARS -o TMP/n.h5"
echo "  runs     : $RUNS"
echo "  machine  : $cores cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "  version  : $("$CS" --version)"

: >"$tmp/stats"
i=1
while [ "$i" -le "$RUNS" ]; do
    printf '  run %d/%d...\n' "$i" "$RUNS" >&2
    rm -f "$tmp/n.h5"
    line=$(bench_run "run $i" run "$SCENARIO" --place all -q --stats --threads "$THREADS" \
        --scale "$SCALE" --years "$YEARS" -o "$tmp/n.h5") || exit 1
    echo "$line size_bytes=$(wc -c <"$tmp/n.h5")" >>"$tmp/stats"
    i=$((i + 1))
done

awk -v load1="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" '
function median(a, n,    i, j, v) {   # a[1..n], sorted in place
    for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    delete kv
    for (f = 2; f <= NF; f++) { split($f, p, "="); kv[p[1]] = p[2] }
    if (kv["sim_seconds"] <= 0 || kv["total_seconds"] <= 0 || kv["people"] <= 0 || kv["places"] == "") { bad = 1; next }
    n++
    wall[n] = kv["total_seconds"]
    rate[n] = kv["person_weeks"] / kv["sim_seconds"]
    if (kv["peak_rss_bytes"] > rss) { rss = kv["peak_rss_bytes"]; people = kv["people"] }
    pw = kv["person_weeks"]; places = kv["places"]; at_once = kv["at_once"]; all = kv["people_all"]
    size = kv["size_bytes"]; wshare = kv["write_seconds"] / kv["total_seconds"]
    cpu[n] = kv["cpu_seconds"] / (kv["total_seconds"] * kv["threads"])
}
END {
    if (bad || !n) { print "bench-national: unusable statistics lines" > "/dev/stderr"; exit 1 }
    w = median(wall, n); r = median(rate, n)
    printf "\n"
    printf "wall time (median of %d)                   : %.1f s (%.1f min)\n", n, w, w / 60
    printf "person-weeks/s (median)                    : %.0f\n", r
    printf "person-weeks per run                       : %.0f (%d councils, warm-up included)\n", pw, places
    printf "peak resident memory (max over runs)       : %.2f GiB\n", rss / 2^30
    printf "peak bytes per person alive at once        : %.0f (%d councils at once: %.0f people; all councils: %.0f)\n", rss / people, at_once, people, all
    printf "result file size                           : %.1f MB\n", size / 1e6
    printf "HDF5 write share of wall time (last run)   : %.2f%%\n", 100 * wshare
    u = median(cpu, n)
    printf "CPU used / (wall x threads) (median)       : %.0f%%%s\n", 100 * u,
        u < 0.85 ? " (low: other work shared the machine, or threads idled; timings are pessimistic)" : ""
    printf "targets (full scale, 10 years, 2 cores)    : under 900 s and 24 GiB\n"
    printf "load average at end                        : %s\n", load1
}' "$tmp/stats"
