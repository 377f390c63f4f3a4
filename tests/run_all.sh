#!/bin/sh
# run_all.sh — the whole test suite: C unit tests (bin/unit), the seeds'
# demography on synthetic data (seeds/test_demography.py), command-line
# tests (tests/cli.sh), sensitivity analysis (tests/sweep.sh), national runs
# (tests/national.sh), per-capita answers at full scale and as a sample
# (tests/scale.sh), result files opened in xarray (tests/xarray.sh), the HTML
# report rendered in Chromium with the analysis/ examples (tests/report.sh), the
# module graph (tests/modules.sh), the MPI build against the serial one
# (tests/mpi.sh; skipped, counting nothing, where MPI is not installed), the
# sanitizer build's unit tests and short runs (tests/debug.sh) and the mutants
# (tests/mutants/run.sh: each must make the unit tests fail). Prints
# each part's result and a final "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
total_p=0; total_f=0
tally() {  # tally LOGFILE: add the last "N passed, N failed" line of a part
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
    if [ -z "$line" ]; then total_f=$((total_f + 1)); echo "  (no result line: counted as 1 failure)"; return; fi
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    total_p=$((total_p + p)); total_f=$((total_f + f))
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "== unit tests (bin/unit)"
bin/unit > "$tmp/unit.log"; cat "$tmp/unit.log"; tally "$tmp/unit.log"
echo "== seed demography tests (seeds/test_demography.py)"
/usr/bin/python3 seeds/test_demography.py > "$tmp/seeds.log" 2>&1; cat "$tmp/seeds.log"; tally "$tmp/seeds.log"
echo "== command-line tests (tests/cli.sh)"
sh tests/cli.sh > "$tmp/cli.log" 2>&1; cat "$tmp/cli.log"; tally "$tmp/cli.log"
echo "== sensitivity-analysis tests (tests/sweep.sh)"
sh tests/sweep.sh > "$tmp/sweep.log" 2>&1; cat "$tmp/sweep.log"; tally "$tmp/sweep.log"
echo "== national-run tests (tests/national.sh)"
sh tests/national.sh > "$tmp/national.log" 2>&1; cat "$tmp/national.log"; tally "$tmp/national.log"
echo "== answers that do not depend on --scale (tests/scale.sh)"
sh tests/scale.sh > "$tmp/scale.log" 2>&1; cat "$tmp/scale.log"; tally "$tmp/scale.log"
echo "== xarray tests (tests/xarray.sh)"
sh tests/xarray.sh > "$tmp/xarray.log" 2>&1; cat "$tmp/xarray.log"; tally "$tmp/xarray.log"
echo "== module graph (tests/modules.sh)"
sh tests/modules.sh > "$tmp/modules.log" 2>&1; cat "$tmp/modules.log"; tally "$tmp/modules.log"
echo "== report tests (tests/report.sh)"
sh tests/report.sh > "$tmp/report.log" 2>&1; cat "$tmp/report.log"; tally "$tmp/report.log"
echo "== MPI tests (tests/mpi.sh)"
sh tests/mpi.sh > "$tmp/mpi.log" 2>&1; cat "$tmp/mpi.log"; tally "$tmp/mpi.log"
echo "== sanitizer build (tests/debug.sh)"
sh tests/debug.sh > "$tmp/debug.log" 2>&1; cat "$tmp/debug.log"; tally "$tmp/debug.log"
echo "== mutants (tests/mutants/run.sh)"
sh tests/mutants/run.sh > "$tmp/mutants.log" 2>&1; cat "$tmp/mutants.log"; tally "$tmp/mutants.log"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
