#!/bin/sh
# run.sh — `make validate`: run the national baseline (validation/england.cfg)
# and Somerset's micro-enterprises from 2019 (validation/somerset_2019.cfg), note
# each run's wall time and peak memory, then check them against the published
# figures (caresim validate validation/targets.csv). Exits with caresim
# validate's status: 0 all pass, 1 a figure failed, 2 a run or the check failed.
#   VALIDATE_SCALE           sample fraction of the national run (default 0.05)
#   VALIDATE_REPS            replicates of both runs (default 3)
#   VALIDATE_SOMERSET_SCALE  sample fraction of the Somerset run (default 0.25:
#                            at 0.05 its 253 micro-enterprises would be 13)
#   VALIDATE_THREADS         threads (default 1)
cd "$(dirname "$0")/.." || exit 2
scale=${VALIDATE_SCALE:-0.05}
reps=${VALIDATE_REPS:-3}
sscale=${VALIDATE_SOMERSET_SCALE:-0.25}
threads=${VALIDATE_THREADS:-1}
out=out/validate
mkdir -p "$out" || exit 2

# run NAME CFG SCALE: one run into $out/NAME.h5; prints its time and peak memory
# from caresim's --stats line
run() {
    bin/caresim run "$2" --scale "$3" --reps "$reps" --threads "$threads" -q --stats -o "$out/$1.h5" \
        >"$out/$1.stats" || { echo "validate: the run of $2 failed" >&2; exit 2; }
    awk -v name="$1" -v scale="$3" '/^caresim-stats:/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%s: scale %s, %d replicate(s), %s thread(s): %.1f s wall, peak memory %.0f MiB\n",
               name, scale, '"$reps"', v["threads"], v["total_seconds"], v["peak_rss_bytes"] / 1048576 }' "$out/$1.stats"
}
run england validation/england.cfg "$scale"
run somerset_2019 validation/somerset_2019.cfg "$sscale"
echo
bin/caresim validate validation/targets.csv "$out/england.h5" "$out/somerset_2019.h5"
