#!/bin/sh
# sweep.sh — command-line tests of `caresim sweep` (sensitivity analysis):
# usage and exit statuses (a bad option, scenario, parameter or outcome exits
# 2 before any file exists), a tiny end-to-end sweep with a reform (few
# parameters, small scale, one year) whose file is complete and has the
# documented shapes, results that do not depend on the thread count, a
# parameter no mechanism reads scoring exactly 0, the report drawing the
# charts, and Ctrl-C leaving nothing behind. Needs bin/caresim and hdf5-tools.
# Ends with exactly one line "N passed, N failed".

cd "$(dirname "$0")/.." || exit 1
CS=${CARESIM:-bin/caresim}
. tests/lib.sh
scratch
need_built

# ---- usage and errors: exit 2, a message, no file -----------------------------

run sweep --help
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc, expected 0")
grep -q -- '--compare' "$tmp/out" || why=$(add "$why" "the help does not mention --compare")
verdict "sweep --help exits 0 and explains --compare" "$why"

# usage_error NAME TEXT ARGS...: exit 2, TEXT on stderr, no output file
usage_error() {
    name=$1 pattern=$2
    shift 2
    run sweep "$@" -o "$tmp/none.h5"
    verdict "$name" "$(refused_why "$pattern" "$tmp/none.h5")"
}
usage_error "sweep without a scenario exits 2" "no baseline scenario"
usage_error "sweep: an unknown parameter in --params exits 2 with a suggestion" \
    "did you mean 'council.home_care_price'" scenarios/baseline.cfg --params council.home_care_prise
usage_error "sweep: a parameter with no range exits 2" "no plausible range" scenarios/baseline.cfg --params years
usage_error "sweep: an unknown outcome exits 2" "unknown outcome 'spend'" scenarios/baseline.cfg --outcomes spend
usage_error "sweep: a missing scenario file exits 2" "tests/nothing.cfg" tests/nothing.cfg
printf 'name = "broken";\nyears = ;\n' >"$tmp/broken.cfg"
usage_error "sweep: a broken scenario exits 2 as file:line" "$tmp/broken.cfg:2" "$tmp/broken.cfg"
usage_error "sweep: Sobol indices on more than 20 parameters exit 2" "at most 20" scenarios/baseline.cfg --method sobol
usage_error "sweep: --samples 1 exits 2" "samples must be" scenarios/baseline.cfg --samples 1
printf 'base = "%s/scenarios/fair_pay.cfg";\nname = "long_pay";\nyears = 2;\n' "$PWD" >"$tmp/reform2.cfg"
usage_error "sweep: a reform over other years exits 2" "differ in 'years'" scenarios/baseline.cfg \
    --compare "$tmp/reform2.cfg" --params need.hours

run sweep scenarios/baseline.cfg --dry-run
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
n=$(grep -c '^[a-z_]*\.[a-z_0-9.]* ' "$tmp/out")
want=$("$CS" params --markdown | awk -F'|' '$6 ~ /[0-9]/' | wc -l)
[ "$n" -eq "$want" ] || why=$(add "$why" "lists $n parameters, the table has $want with a range")
grep -q "Morris design of 10 trajectories: $((10 * (want + 2))) runs" "$tmp/out" ||
    why=$(add "$why" "no plan line with $((10 * (want + 2))) runs: $(tail -n 1 "$tmp/out")")
verdict "sweep --dry-run lists every parameter with a range and the number of runs" "$why"

# ---- a tiny sweep with a reform -------------------------------------------------

P=council.home_care_price,need.hours,business_case.discount_rate
tiny() { run sweep scenarios/baseline.cfg --compare scenarios/fair_pay.cfg --params $P --samples 2 --scale 0.004 --years 1 -q "$@"; }
tiny --threads 1 --csv -o "$tmp/s1.h5"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
[ "$(h5status "$tmp/s1.h5")" = complete ] || why=$(add "$why" "status is not complete")
[ "$(h5shape "$tmp/s1.h5" /sweep/design/u)" = "10, 3" ] || why=$(add "$why" "design/u is $(h5shape "$tmp/s1.h5" /sweep/design/u), expected 10, 3")
[ "$(h5shape "$tmp/s1.h5" /sweep/effect/mu_star)" = "6, 3" ] || why=$(add "$why" "effect/mu_star is not 6, 3")
[ "$(h5shape "$tmp/s1.h5" /sweep/baseline/noise_mu_star)" = "6" ] || why=$(add "$why" "no noise_mu_star for 6 outcomes")
for f in "$tmp"/s1.h5.part-*; do [ -e "$f" ] && why=$(add "$why" "left behind: $f"); done
verdict "sweep: a tiny sweep with a reform writes a complete file of the documented shape" "$why"
cp "$tmp/out" "$tmp/s1.csv"

why=
rows=$(grep -c '^baseline,\|^effect,' "$tmp/s1.csv")
[ "$rows" -eq 48 ] || why=$(add "$why" "$rows CSV rows, expected 2 x 6 x (3 + noise) = 48")
zero=$(awk -F, '$4 == "business_case.discount_rate" && $5 != 0' "$tmp/s1.csv" | wc -l)
[ "$zero" -eq 0 ] || why=$(add "$why" "the discount rate (no mechanism reads it) has mu* > 0 in $zero rows")
moved=$(awk -F, '$1 == "baseline" && $2 == "council_spend" && $4 == "need.hours" && $5 > 0' "$tmp/s1.csv" | wc -l)
[ "$moved" -eq 1 ] || why=$(add "$why" "need.hours does not move council spend")
verdict "sweep --csv: every index, a parameter that does nothing scores exactly 0" "$why"

tiny --threads 2 -o "$tmp/s2.h5"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
h5diff -q "$tmp/s1.h5" "$tmp/s2.h5" /sweep /sweep >/dev/null 2>&1 || why=$(add "$why" "/sweep differs between 1 and 2 threads")
grep -q 'need.hours' "$tmp/out" || why=$(add "$why" "the top table does not list need.hours")
verdict "sweep: results do not depend on the thread count" "$why"

run report "$tmp/s1.h5" -o "$tmp/s1.html"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
n=$(grep -c '<figure class="sens"' "$tmp/s1.html" 2>/dev/null)
[ "$n" = 12 ] || why=$(add "$why" "$n charts, expected 6 outcomes x (baseline, effect) = 12")
grep -q 'id="sens-effect-council_spend"' "$tmp/s1.html" || why=$(add "$why" "no chart of the effect on council_spend")
verdict "report on a sweep file draws the top-parameter charts" "$why"

run compare "$tmp/s1.h5"
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
grep -q 'sensitivity analysis' "$tmp/err" || why=$(add "$why" "stderr: $(first "$tmp/err")")
verdict "compare on a sweep file exits 2 and says what it is" "$why"

run sweep scenarios/baseline.cfg --method sobol --params need.hours,council.home_care_price --samples 4 \
    --scale 0.004 --years 1 -q -o "$tmp/sobol.h5"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
[ "$(h5shape "$tmp/sobol.h5" /sweep/baseline/st)" = "6, 2" ] || why=$(add "$why" "baseline/st is not 6, 2")
[ "$(h5shape "$tmp/sobol.h5" /sweep/design/u)" = "16, 2" ] || why=$(add "$why" "design/u is not N (k + 2) = 16 by 2")
grep -q ' ST ' "$tmp/out" || why=$(add "$why" "the table has no ST column")
"$CS" report "$tmp/sobol.h5" -o "$tmp/sobol.html" 2>"$tmp/err" && grep -q 'ST, total' "$tmp/sobol.html" ||
    why=$(add "$why" "the report does not draw ST: $(first "$tmp/err")")
verdict "sweep --method sobol: S1 and ST of two parameters, in the file and the report" "$why"

# ---- Ctrl-C ----------------------------------------------------------------------

target="$tmp/int.h5"
"$CS" sweep scenarios/baseline.cfg --params need.hours --samples 40 --scale 0.01 --years 2 --threads 1 -q \
    -o "$target" >"$tmp/out" 2>"$tmp/err" &
bgpid=$!
wait_for_part "$target" "$bgpid" 20
sleep 0.5
interrupt_check "sweep: SIGINT mid-sweep exits 130 and leaves no file" 20

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
