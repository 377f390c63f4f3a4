#!/bin/sh
# bench.sh — throughput of the baseline scenario at 1 and 2 threads (make bench).
#
# Runs  caresim run scenarios/baseline.cfg -q --stats --threads T ...  RUNS times
# for each T, interleaved 1,2,1,2,... so that drift in the machine's speed
# affects both alike, and prints medians and ratios only:
#   - per thread count: median person-weeks per second (person_weeks /
#     sim_seconds, warm-up included) and median total seconds;
#   - the speed-up (median rate at 2 threads / median rate at 1 thread), and
#     the median of each round's own ratio (its 2-thread rate / its 1-thread
#     rate, runs a few seconds apart): the machine's speed drifted by as much
#     as 2x within one benchmark (session 10), so the rounds' rates are printed too;
#   - the machine's own speed-up from 1 to 2 threads in each round, measured
#     by bin/bench_ref (tests/bench_ref.c: a loop with no serial part, which
#     ranged 1.5-2.0x on the development VM within minutes), and caresim's
#     speed-up as a share of it, round by round: what the program loses, as
#     against what the machine does;
#   - the rate per core, peak resident bytes per simulated person
#     (peak_rss_bytes / people, the largest over all runs) and the HDF5 write
#     share of total time.
#
# Environment overrides:
#   BENCH_SCALE  sampling fraction of adults (default 1: Somerset at full scale)
#   BENCH_YEARS  simulated years after the warm-up (default 10)
#   BENCH_RUNS   runs per thread count (default 5: a median of 3 moved too
#                much with the machine's drift)
# With the defaults (13 simulated years each, warm-up included) one run took
# 10-17 s at 1 thread and 6-10 s at 2 threads on the 2-core development VM,
# the whole benchmark 2-3 minutes; so the defaults keep the full 10 years.
# The VM's CPUs are shared (a third of CPU time was stolen by the hypervisor
# while it was measured), so the script also reports the steal during the runs.
# A quick look:  BENCH_SCALE=0.1 BENCH_YEARS=2 BENCH_RUNS=3 sh tests/bench.sh

cd "$(dirname "$0")/.." || exit 1

SCENARIO=scenarios/baseline.cfg
SCALE=${BENCH_SCALE:-1}
YEARS=${BENCH_YEARS:-10}
RUNS=${BENCH_RUNS:-5}
THREADS="1 2"

die() { echo "bench: $*" >&2; exit 1; }
. tests/bench_lib.sh
bench_setup
[ -x bin/bench_ref ] || die "bin/bench_ref is not built (make bin/bench_ref)"

# cpu_ticks: "busy+idle steal" summed over all CPUs since boot (from /proc/stat),
# to report how much CPU time a hypervisor took away during the benchmark
cpu_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9; exit }' /proc/stat 2>/dev/null; }

cores=$(nproc 2>/dev/null || echo '?')
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
echo "caresim benchmark"
echo "  scenario : $SCENARIO (its place, Somerset E06000066), scale $SCALE, $YEARS years after the warm-up"
echo "  command  : bin/caresim run $SCENARIO -q --stats --threads T --scale $SCALE --years $YEARS -o TMP/b.h5"
echo "  runs     : $RUNS per thread count, interleaved 1,2,1,2,... ($((RUNS * 2)) runs in all)"
echo "  machine  : $cores cores; load average at start $load0"
echo "  version  : $("$CS" --version)"

: >"$tmp/stats"
ticks0=$(cpu_ticks)
i=1
while [ "$i" -le "$RUNS" ]; do
    for t in $THREADS; do
        printf '  run %d/%d at %d thread(s)...\n' "$i" "$RUNS" "$t" >&2
        line=$(bench_run "run $i at $t thread(s)" run "$SCENARIO" -q --stats --threads "$t" \
            --scale "$SCALE" --years "$YEARS" -o "$tmp/b.h5") || exit 1
        echo "$line" >>"$tmp/stats"
        rm -f "$tmp/b.h5"
    done
    printf '  run %d/%d of the machine reference (bin/bench_ref)...\n' "$i" "$RUNS" >&2
    bin/bench_ref | grep '^bench-ref:' >>"$tmp/stats" || die "bin/bench_ref failed"
    i=$((i + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
ticks1=$(cpu_ticks)

awk -v load1="$load1" -v ticks0="$ticks0" -v ticks1="$ticks1" '
function median(a, n,    i, j, v, s) {   # a[1..n], sorted in place
    for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    delete kv
    for (f = 2; f <= NF; f++) { split($f, p, "="); kv[p[1]] = p[2] }
    if ($1 == "bench-ref:") {
        if (kv["threads1_seconds"] <= 0 || kv["threads2_seconds"] <= 0) { bad = 1; next }
        nref++
        ref[nref] = kv["threads1_seconds"] / kv["threads2_seconds"]
        if (nref <= nr) share[nref] = ratio[nref] / ref[nref]
        refs = refs sprintf(" %.2f", ref[nref])
        next
    }
    t = kv["threads"] + 0
    if (kv["sim_seconds"] <= 0 || kv["total_seconds"] <= 0 || kv["people"] <= 0) { bad = 1; next }
    n[t]++
    rate[t, n[t]] = kv["person_weeks"] / kv["sim_seconds"]
    if (t == 1) r1 = rate[t, n[t]]
    else if (t == 2 && n[1] == n[2]) { nr++; ratio[nr] = rate[t, n[t]] / r1; rounds = rounds sprintf(" %.1f/%.1f", r1 / 1e6, rate[t, n[t]] / 1e6) }
    total[t, n[t]] = kv["total_seconds"]
    nall++
    wshare[nall] = kv["write_seconds"] / kv["total_seconds"]
    pshare[nall] = kv["processed_share"] + 0
    bpp = kv["peak_rss_bytes"] / kv["people"]
    if (bpp > maxbpp) maxbpp = bpp
    pw = kv["person_weeks"]
    if (nall == 1) pw0 = pw; else if (pw != pw0) pwdiff = 1
}
END {
    if (bad || !n[1] || !n[2]) { print "bench: unusable statistics lines" > "/dev/stderr"; exit 1 }
    for (t = 1; t <= 2; t++) {
        for (i = 1; i <= n[t]; i++) { r[i] = rate[t, i]; s[i] = total[t, i] }
        mr[t] = median(r, n[t]); ms[t] = median(s, n[t])
    }
    printf "\n%8s  %26s  %20s\n", "threads", "median person-weeks/s", "median total s"
    for (t = 1; t <= 2; t++) printf "%8d  %26.0f  %20.2f\n", t, mr[t], ms[t]
    printf "\n"
    printf "speed-up, 2 threads vs 1 (median rates)   : %.2fx (parallel efficiency %.0f%%)\n", mr[2] / mr[1], 50 * mr[2] / mr[1]
    if (nr) {
        for (i = 1; i <= nr; i++) q[i] = ratio[i]
        mq = median(q, nr)   # sorts q: the least and the most are at its ends
        printf "speed-up, median ratio of the rounds      : %.2fx (rounds %.2f-%.2fx)\n", mq, q[1], q[nr]
        printf "rounds, million person-weeks/s (1T/2T)    :%s\n", rounds
    }
    if (nref) {
        for (i = 1; i <= nref; i++) q[i] = ref[i]
        mq = median(q, nref)
        printf "machine speed-up, ideal loop (bench_ref)  : %.2fx median (rounds:%s)\n", mq, refs
    }
    if (nref && nr) {
        ns = nref < nr ? nref : nr
        for (i = 1; i <= ns; i++) q[i] = share[i]
        mq = median(q, ns)
        printf "caresim speed-up / machine speed-up       : %.0f%% median of the rounds (%.0f-%.0f%%)\n", 100 * mq, 100 * q[1], 100 * q[ns]
    }
    printf "person-weeks/s per core at 1 thread       : %.0f\n", mr[1]
    printf "person-weeks/s per core at 2 threads      : %.0f\n", mr[2] / 2
    printf "peak bytes per person (max over runs)     : %.0f (peak RSS / largest population)\n", maxbpp
    printf "HDF5 write share of total time (median)   : %.3f%%\n", 100 * median(wshare, nall)
    printf "person-weeks processed, not quiet (median): %.1f%% (the rest cost nothing; docs/performance.md)\n", 100 * median(pshare, nall)
    printf "person-weeks per run                      : %.0f%s\n", pw0,
        pwdiff ? "  WARNING: not the same in every run" : " (the same in every run)"
    printf "load average at end                       : %s\n", load1
    split(ticks0, a, " "); split(ticks1, b, " ")
    if (b[1] - a[1] > 0) {
        steal = (b[2] - a[2]) / (b[1] - a[1])
        note = (steal > 0.05) ? " (high: timings, the speed-up above all, are unreliable)" : ""
        printf "CPU time stolen by the hypervisor         : %.1f%% of all CPU time during the runs%s\n", 100 * steal, note
    }
}' "$tmp/stats"
