#!/bin/sh
# cli.sh — command-line tests of bin/caresim: usage and exit statuses, scenario
# errors reported as file:line before any output exists, the HDF5 result file
# (docs/output.md), reproducibility across thread counts and seeds, and crash /
# Ctrl-C safety of the output. Run from anywhere (tests/run_all.sh runs it);
# needs bin/caresim (make all) and hdf5-tools (h5dump, h5diff).
#
# Prints "ok - name" or "FAIL - name: details" per check and ends with exactly
# one line "N passed, N failed"; exit status 1 if any check failed.
# Keep it quick (well under a minute on 2 cores): small runs only.

cd "$(dirname "$0")/.." || exit 1

# CARESIM: the binary under test (default bin/caresim; e.g. a wrapper to check
# that the checks themselves can fail)
CS=${CARESIM:-bin/caresim}
FIX=tests/fixtures/cli
# ok, bad, verdict, add, first, run, leftovers, refused_why, line_starts, h5status, h5shape,
# wait_for_part, wait_gone, interrupt_check
. tests/lib.sh
scratch

need_built
# Test a snapshot, so that a rebuild while the tests run cannot mix two programs
# (the reproducibility checks compare runs made seconds apart); seeds/ beside
# it keeps caresim's <bin>/../seeds lookup working.
mkdir "$tmp/bin" && cp "$CS" "$tmp/bin/caresim" && ln -s "$PWD/seeds" "$tmp/seeds" ||
    { bad "snapshot of $CS" "cannot copy it to $tmp/bin"; echo "$pass passed, $fail failed"; exit 1; }
CS="$tmp/bin/caresim"

# ---- usage ----------------------------------------------------------------

run --help
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc, expected 0")
grep -q 'run' "$tmp/out" || why=$(add "$why" "stdout does not mention 'run'")
verdict "--help exits 0 and mentions run" "$why"

run
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
[ -s "$tmp/err" ] || why=$(add "$why" "no usage message on stderr")
verdict "no arguments exits 2 with usage on stderr" "$why"

run frobnicate
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
grep -q 'frobnicate' "$tmp/err" || why=$(add "$why" "stderr does not name the command: $(first "$tmp/err")")
verdict "unknown command exits 2" "$why"

run --list-metrics
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
grep -q 'people_alive' "$tmp/out" || why=$(add "$why" "people_alive not listed")
verdict "--list-metrics lists people_alive" "$why"

run params --markdown
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
# shellcheck disable=SC2016 # the backquotes are literal Markdown
line_starts "$tmp/out" '| `council.budget_growth` |' || why=$(add "$why" "no table row for council.budget_growth")
verdict "params --markdown has a row for council.budget_growth" "$why"

# ---- scenario and option errors: status 2, file:line, no output -------------

# config_error NAME FILE LOCATION WORD...: `caresim run FILE -o X` exits 2,
# some stderr line starts with LOCATION, stderr has every WORD, X not created
config_error() {
    name=$1 cfg=$2 loc=$3
    shift 3
    target="$tmp/x.h5"
    run run "$cfg" -o "$target"
    why=
    [ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
    line_starts "$tmp/err" "$loc" || why=$(add "$why" "no stderr line starts with '$loc': $(first "$tmp/err")")
    for w in "$@"; do
        grep -qF -- "$w" "$tmp/err" || why=$(add "$why" "stderr lacks '$w'")
    done
    left=$(leftovers "$target")
    [ -z "$left" ] || why=$(add "$why" "output created: $left")
    rm -f "$target" "$target".part-*
    verdict "$name" "$why"
}

config_error "unknown key: status 2, file:line, did you mean" \
    "$FIX/unknown_key.cfg" "$FIX/unknown_key.cfg:5: " "yeers" "did you mean" "'years'"
config_error "wrong type: status 2, file:line, message" \
    "$FIX/wrong_type.cfg" "$FIX/wrong_type.cfg:6: " "replicates" "must be an integer"
config_error "out-of-range value: status 2, file:line, message" \
    "$FIX/out_of_range.cfg" "$FIX/out_of_range.cfg:7: " "scale" "outside the valid range"
# A file that cannot be opened has no line: "FILE: message"
config_error "missing scenario file: status 2, file: message" \
    "$FIX/no_such_scenario.cfg" "$FIX/no_such_scenario.cfg: " "cannot open"
config_error "missing base file: status 2, file:line, message" \
    "$FIX/missing_base.cfg" "$FIX/missing_base.cfg:4: " "cannot open base" "no_such_parent_scenario.cfg"
config_error "inheritance cycle: status 2, file:line of the closing base, message" \
    "$FIX/cycle_a.cfg" "$FIX/cycle_b.cfg:5: " "cycle" "cycle_a.cfg"

# the councils of April 2023 (seeds/former_codes.csv): Cumbria was split
config_error "Cumbria's 2021 code: status 2, file:line, names E06000063 and E06000064" \
    "$FIX/cumbria.cfg" "$FIX/cumbria.cfg:5: " "E10000006" "E06000063" "E06000064"

# opt_error NAME WORD ARGS...: `caresim run ARGS -o X` exits 2, stderr has WORD,
# X not created
opt_error() {
    name=$1 word=$2
    shift 2
    target="$tmp/x.h5"
    run run "$@" -o "$target"
    why=$(refused_why "$word" "$target")
    rm -f "$target" "$target".part-*
    verdict "$name" "$why"
}

opt_error "unknown place exits 2, no output" "E99999999" "$FIX/quick.cfg" --place E99999999
opt_error "--place E10000006 (Cumbria, split in 2023) exits 2 naming E06000063" "E06000063" "$FIX/quick.cfg" --place E10000006
opt_error "--place E10000006 (Cumbria, split in 2023) exits 2 naming E06000064" "E06000064" "$FIX/quick.cfg" --place E10000006
opt_error "--threads 0 exits 2, no output" "--threads" "$FIX/quick.cfg" --threads 0
opt_error "--years 0 exits 2, no output" "--years" "$FIX/quick.cfg" --years 0
# negative values were once taken for "not given" and silently ignored
opt_error "--scale -1 exits 2, no output" "--scale -1" "$FIX/quick.cfg" --scale -1
opt_error "--reps -1 exits 2, no output" "--reps -1" "$FIX/quick.cfg" --reps -1

# ---- a good run and the file it writes ----------------------------------------

good="$tmp/good.h5"
sc=/scenarios/quick
run run "$FIX/quick.cfg" -q --scale 0.01 --years 2 --reps 2 -o "$good"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
[ -f "$good" ] || why=$(add "$why" "$good not created")
[ -s "$tmp/out" ] && why=$(add "$why" "-q run printed on stdout: $(first "$tmp/out")")
for f in "$good".part-*; do [ -e "$f" ] && why=$(add "$why" "temporary file left: $f"); done
verdict "good run (-q) exits 0, creates the file, prints nothing" "$why"

# a 2021 code with one successor on the same area runs it, with a one-line
# note naming the file and line (or --place) it came from; the results are
# those of the 2023 code
for how in file option; do
    if [ "$how" = file ]; then
        run run "$FIX/somerset_2021.cfg" -q --scale 0.01 --years 2 --reps 2 -o "$tmp/alias.h5"
        loc="$FIX/somerset_2021.cfg:5: note: "
    else
        run run "$FIX/quick.cfg" --place E10000027 -q --scale 0.01 --years 2 --reps 2 -o "$tmp/alias.h5"
        loc="caresim: --place E10000027: note: "
    fi
    why=
    [ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || why=$(add "$why" "stderr has $(wc -l <"$tmp/err") lines, expected 1")
    line_starts "$tmp/err" "$loc" || why=$(add "$why" "no stderr line starts with '$loc': $(first "$tmp/err")")
    grep -qF E06000066 "$tmp/err" || why=$(add "$why" "the note does not name E06000066")
    for g in timeseries; do
        h5diff -q "$good" "$tmp/alias.h5" "/scenarios/quick/$g" "/scenarios/$([ "$how" = file ] && echo somerset_2021 || echo quick)/$g" >"$tmp/diff" 2>&1 ||
            why=$(add "$why" "$g differs from the run of E06000066: $(first "$tmp/diff")")
    done
    verdict "place E10000027 ($how) runs E06000066 with a one-line note at its origin, same results" "$why"
    rm -f "$tmp/alias.h5"
done

st=$(h5status "$good")
verdict "root attribute status is complete" "$([ "$st" = complete ] || echo "status is '$st'")"

h5dump -n "$good" >"$tmp/contents" 2>&1
why=
awk -v p="$sc/config" '$1 == "dataset" && $2 == p { f = 1 } END { exit !f }' "$tmp/contents" ||
    why=$(add "$why" "no dataset $sc/config")
metrics="people_alive deaths people_with_need people_with_eligible_need requests waiting_list
receiving_home_care in_residential_care unmet_need_people unpaid_care_hours carer_breakdowns
council_spend council_budget"
for m in $metrics; do
    awk -v p="$sc/timeseries/$m" '$1 == "dataset" && $2 == p { f = 1 } END { exit !f }' "$tmp/contents" ||
        why=$(add "$why" "no dataset $sc/timeseries/$m")
done
verdict "file has $sc/config and the core timeseries" "$why"

# where each of the place's inputs came from: its own (seeds) or a national default
why=
h5dump -d "$sc/place_inputs" "$good" >"$tmp/inputs" 2>&1 || why="no dataset $sc/place_inputs: $(first "$tmp/inputs")"
for row in 'E06000066,council.budget_gbp,' 'E06000066,population.minority_share,' 'E06000066,market.micro_per_100k,'; do
    grep -qF "$row" "$tmp/inputs" || why=$(add "$why" "no row $row")
done
verdict "file has $sc/place_inputs, a row for each of Somerset's inputs" "$why"

why=
for m in $metrics; do
    shape=$(h5shape "$good" "$sc/timeseries/$m")
    [ "$shape" = "2, 104" ] || why=$(add "$why" "$m has shape [$shape]")
done
verdict "--reps 2 --years 2 gives datasets of shape [2, 104]" "$why"

# ---- reproducibility -------------------------------------------------------------

# same_results NAME F1 F2: h5diff -r of /scenarios in both files exits 0
same_results() {
    h5diff -r "$2" "$3" /scenarios /scenarios >"$tmp/diff" 2>&1
    d=$?
    if [ "$d" -eq 0 ]; then
        ok "$1"
    else
        # name the objects that differ: the last "dataset:"/"attribute:" line
        # before each non-zero "N differences found"
        objs=$(awk '/^(dataset|attribute|group):/ { o = $2 }
                    /^[1-9][0-9]* differences? found/ { if (n++ < 3) printf "%s ", o }' "$tmp/diff")
        bad "$1" "h5diff exit $d: ${objs:-$(grep -v '^ *$' "$tmp/diff" | head -n 1)}"
    fi
}

rep="$FIX/quick.cfg -q --scale 0.01 --years 2 --reps 2 --seed 11"
# shellcheck disable=SC2086
run run $rep --threads 1 -o "$tmp/t1.h5"; rc1=$rc
# shellcheck disable=SC2086
run run $rep --threads 2 -o "$tmp/t2.h5"; rc2=$rc
# shellcheck disable=SC2086
run run $rep --threads 2 -o "$tmp/t2b.h5"; rc3=$rc
# shellcheck disable=SC2086
run run $rep --threads 2 --seed 12 -o "$tmp/s12.h5"; rc4=$rc
if [ "$rc1$rc2$rc3$rc4" != 0000 ]; then
    bad "reproducibility runs succeed" "exit statuses $rc1 $rc2 $rc3 $rc4: $(first "$tmp/err")"
else
    ok "reproducibility runs succeed"
fi
same_results "--threads 1 and --threads 2 give identical /scenarios" "$tmp/t1.h5" "$tmp/t2.h5"
same_results "the same seed twice gives identical /scenarios" "$tmp/t2.h5" "$tmp/t2b.h5"

why='' differ=''
for m in people_with_need deaths; do
    h5diff "$tmp/t2.h5" "$tmp/s12.h5" "$sc/timeseries/$m" "$sc/timeseries/$m" >/dev/null 2>&1
    d=$?
    [ "$d" -eq 1 ] && differ=1
    [ "$d" -gt 1 ] && why=$(add "$why" "h5diff on $m failed (exit $d)")
done
[ -n "$differ" ] || why=$(add "$why" "people_with_need and deaths are identical for seeds 11 and 12")
verdict "a different --seed gives different people_with_need or deaths" "$why"

# ---- interrupt safety ------------------------------------------------------------

# A run long enough to be stopped mid-way (Somerset at full scale, 8
# replicates: over a minute on 2 cores; it is stopped after ~1.5 s). At 0.3 of
# full scale and one replicate it once took 10 s, and by session 13 under 2 s.
long="scenarios/baseline.cfg -q --reps 8"

# Start the long run writing to $target in the background (its pid in bgpid),
# once its temporary file exists and it has run a while.
start_long() {
    # shellcheck disable=SC2086
    "$CS" run $long -o "$target" >/dev/null 2>"$tmp/err" &
    bgpid=$!
    wait_for_part "$target" "$bgpid" 10
    sleep 1.5
}

# SIGKILL: nothing under the target name; a leftover PART-PID is not complete
target="$tmp/killed.h5"
start_long
why=
if kill -0 "$bgpid" 2>/dev/null; then
    kill -KILL "$bgpid"
    wait_gone "$bgpid" 10
    [ "$rc" -eq 137 ] || why=$(add "$why" "exit status $rc, expected 137 (SIGKILL)")
else
    wait_gone "$bgpid" 0
    why=$(add "$why" "run ended (status $rc) before it could be killed: $(first "$tmp/err")")
fi
[ -e "$target" ] && why=$(add "$why" "$target exists after SIGKILL")
for f in "$target".part-*; do
    [ -e "$f" ] || continue
    case $f in
    *.part-[0-9]*) ;;
    *) why=$(add "$why" "odd temporary name $f") ;;
    esac
    st=$(h5status "$f")
    [ "$st" = complete ] && why=$(add "$why" "leftover $f has status complete")
    rm -f "$f"
done
verdict "SIGKILL mid-run leaves no file under the target name" "$why"

# SIGINT: exit status 130, target and temporary file both gone
target="$tmp/interrupted.h5"
start_long
interrupt_check "SIGINT mid-run exits 130 and removes all output" 10

# ---- output into a missing directory ---------------------------------------------

run run "$FIX/quick.cfg" -q --scale 0.01 --years 1 -o "$tmp/nodir/x.h5"
why=
[ "$rc" -ne 0 ] || why=$(add "$why" "exit status 0")
grep -qF "$tmp/nodir/x.h5" "$tmp/err" || why=$(add "$why" "stderr does not name the path: $(first "$tmp/err")")
[ -e "$tmp/nodir" ] && why=$(add "$why" "$tmp/nodir was created")
verdict "output into a missing directory fails, names the path, creates nothing" "$why"

# ---- compare and the business case ---------------------------------------------

# One small three-scenario run shared by the checks below: the quick baseline,
# its twin (identical but for the name) and a reform (more connectors).
cat > "$tmp/twin.cfg" <<CFG
base = "$PWD/$FIX/quick.cfg";
name = "twin";
CFG
cat > "$tmp/reform.cfg" <<CFG
base = "$PWD/$FIX/quick.cfg";
name = "reform";
connectors: { added_fte_per_100k = 20.0; };
CFG
multi="$tmp/multi.h5"
run run "$FIX/quick.cfg" "$tmp/twin.cfg" "$tmp/reform.cfg" -q --scale 0.01 --years 2 --reps 3 -o "$multi"
verdict "three scenarios run into one file" "$([ "$rc" -eq 0 ] || echo "exit status $rc: $(first "$tmp/err")")"

# has_group FILE GROUP: h5dump -n lists GROUP as a group
has_group() { h5dump -n "$1" 2>/dev/null | awk -v p="$2" '$1 == "group" && $2 == p { f = 1 } END { exit !f }'; }
why=
for s in twin reform; do
    has_group "$multi" "/scenarios/$s/business_case" || why=$(add "$why" "no business_case for $s")
done
has_group "$multi" /scenarios/quick/business_case && why=$(add "$why" "the baseline has a business_case")
for d in holder year replicate savings investment npv pv_investment roi payback_year measure summary; do
    h5dump -n "$multi" 2>/dev/null | grep -q "dataset */scenarios/reform/business_case/$d\$" ||
        why=$(add "$why" "no dataset business_case/$d")
done
shape=$(h5shape "$multi" /scenarios/reform/business_case/savings)
[ "$shape" = "3, 2, 5" ] || why=$(add "$why" "savings has shape [$shape], expected [3, 2, 5]")
h5dump -a /scenarios/reform/business_case/baseline "$multi" 2>/dev/null | grep -q '"quick"' ||
    why=$(add "$why" "baseline attribute is not quick")
verdict "multi-scenario run: business_case against the first scenario, for the others only" "$why"

has_group "$good" "$sc/business_case"
verdict "single-scenario run: no business_case" "$([ $? -ne 0 ] || echo "$sc/business_case exists")"

run compare "$multi" --baseline quick --csv
cp "$tmp/out" "$tmp/cmp.csv"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
rows=$(awk -F, '$1 == "twin" && $3 !~ /^business_case/' "$tmp/cmp.csv" | wc -l)
[ "$rows" -ge 45 ] || why=$(add "$why" "only $rows outcome rows for twin")
nonzero=$(awk -F, '$1 == "twin" && $3 !~ /^business_case/ && ($8 != "0" || $9 != "0" || $10 != "0") { print $3 " " $5 ": " $8 " [" $9 ", " $10 "]" }' "$tmp/cmp.csv" | head -n 3)
[ -z "$nonzero" ] || why=$(add "$why" "non-zero: $nonzero")
npv=$(awk -F, '$1 == "twin" && $3 == "business_case.npv" { print $8 " " $9 " " $10 }' "$tmp/cmp.csv")
[ "$npv" = "0 0 0" ] || why=$(add "$why" "twin npv '$npv'")
verdict "compare: a twin of the baseline differs by exactly 0 with interval [0, 0] everywhere" "$why"

why=
head -n 1 "$tmp/cmp.csv" | grep -q '^scenario,baseline,outcome,units,period,baseline_mean,scenario_mean,difference,ci_low,ci_high,n$' ||
    why=$(add "$why" "header: $(head -n 1 "$tmp/cmp.csv")")
bad_rows=$(awk -F, 'NR > 1 && NF != 11' "$tmp/cmp.csv" | wc -l)
[ "$bad_rows" -eq 0 ] || why=$(add "$why" "$bad_rows rows without 11 fields")
for p in horizon 2020-21 2021-22; do   # quick.cfg starts its policy on 2020-07-01: 52-week years named by the financial year they start in
    grep -q "^reform,quick,unmet_need_hours,hours,$p," "$tmp/cmp.csv" || why=$(add "$why" "no unmet_need_hours row for $p")
done
verdict "compare --csv: a header and 11 fields a row, periods horizon, 2020-21, 2021-22 (years from the policy start, named by financial year)" "$why"

# the business case recomputed by compare equals the one the run stored
stored=$(h5dump -m %.17g -d /scenarios/reform/business_case/summary "$multi" 2>/dev/null |
         sed -n 's/^ *(0,0): \([^,]*\),*$/\1/p' | head -n 1)
shown=$(awk -F, '$1 == "reform" && $3 == "business_case.npv" { print $8 }' "$tmp/cmp.csv")
why=
[ -n "$stored" ] && [ -n "$shown" ] || why="stored '$stored', compare '$shown'"
[ -z "$why" ] && ! awk -v a="$stored" -v b="$shown" 'BEGIN { d = a - b; if (d < 0) d = -d; s = a < 0 ? -a : a; exit !(d <= 1e-9 * s) }' &&
    why="stored npv $stored, compare $shown"
verdict "compare: the business case agrees with the one stored by run" "$why"

run compare "$multi" --baseline quick --csv --discount 0.05
other=$(awk -F, '$1 == "reform" && $3 == "business_case.npv" { print $8 }' "$tmp/out")
rate=$(awk -F, '$1 == "reform" && $3 == "business_case.discount_rate" { print $8 }' "$tmp/out")
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
[ "$rate" = 0.050000000000000003 ] || why=$(add "$why" "discount rate '$rate'")
[ -n "$other" ] && [ "$other" != "$shown" ] || why=$(add "$why" "npv '$other' unchanged from '$shown'")
verdict "compare --discount changes the rate of the business case" "$why"

run compare "$multi" --json
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
python3 -c 'import json, sys
d = json.load(sys.stdin)
assert d["baseline"] == "quick", d["baseline"]
assert [s["name"] for s in d["scenarios"]] == ["twin", "reform"]
assert d["scenarios"][1]["business_case"]["measures"][0]["name"] == "npv"' <"$tmp/out" 2>"$tmp/py" ||
    why=$(add "$why" "not the JSON expected: $(tail -n 1 "$tmp/py")")
grep -q "no --baseline given; comparing with 'quick'" "$tmp/err" || why=$(add "$why" "no note of the default baseline: $(first "$tmp/err")")
verdict "compare --json is well-formed JSON; the default baseline is said on stderr" "$why"

run compare "$multi" --baseline twin
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
grep -q "== reform vs twin: whole projection window" "$tmp/out" || why=$(add "$why" "no horizon table for reform vs twin")
grep -q "== quick vs twin: business case" "$tmp/out" || why=$(add "$why" "no business case table")
grep -q "^unmet_need_hours  *hours " "$tmp/out" || why=$(add "$why" "no unmet_need_hours row")
verdict "compare (text) against another baseline: tables per scenario" "$why"

# cmp_error NAME STATUS WORD ARGS...: `caresim compare ARGS` exits STATUS, stderr has WORD
cmp_error() {
    name=$1 want=$2 word=$3
    shift 3
    run compare "$@"
    why=
    [ "$rc" -eq "$want" ] || why=$(add "$why" "exit status $rc, expected $want")
    grep -qF -- "$word" "$tmp/err" || why=$(add "$why" "stderr lacks '$word': $(first "$tmp/err")")
    [ -s "$tmp/out" ] && why=$(add "$why" "printed on stdout: $(first "$tmp/out")")
    verdict "$name" "$why"
}
head -c 3000 "$multi" >"$tmp/truncated.h5"
h5copy -i "$good" -o "$tmp/bare.h5" -s /scenarios -d /scenarios >/dev/null 2>&1
cp "$good" "$tmp/mixed.h5"
h5copy -i "$multi" -o "$tmp/mixed.h5" -s /scenarios/reform -d /scenarios/reform >/dev/null 2>&1
cmp_error "compare: missing file exits 1" 1 "$tmp/none.h5" "$tmp/none.h5"
cmp_error "compare: a truncated file exits 2" 2 "truncated.h5" "$tmp/truncated.h5"
cmp_error "compare: an HDF5 file that is not a result exits 2" 2 "not a caresim result file" "$tmp/bare.h5"
cmp_error "compare: unknown baseline exits 2 and lists the scenarios" 2 "it has: quick twin reform" "$multi" --baseline nope
cmp_error "compare: a file with one scenario exits 2" 2 "only one scenario" "$good"
cmp_error "compare: scenarios with different replicates exit 2" 2 "replicates" "$tmp/mixed.h5"
cmp_error "compare: no file exits 2" 2 "no result file" --csv
cmp_error "compare: --csv with --json exits 2" 2 "not both" "$multi" --csv --json
cmp_error "compare: --level outside (0, 1) exits 2" 2 "--level" "$multi" --level 1.5
cmp_error "compare: a negative --discount exits 2" 2 "--discount" "$multi" --discount -0.01

run compare --help
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
for w in --baseline --csv --json --level --discount "Exit status"; do
    grep -qF -- "$w" "$tmp/out" || why=$(add "$why" "--help lacks $w")
done
verdict "compare --help exits 0 and lists its options" "$why"

opt_error "run --baseline that names no scenario exits 2, no output" "--baseline" \
    "$FIX/quick.cfg" "$tmp/twin.cfg" --baseline nope
run run "$FIX/quick.cfg" "$tmp/twin.cfg" -q --scale 0.005 --years 1 --reps 1 --baseline twin -o "$tmp/b.h5"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
has_group "$tmp/b.h5" /scenarios/quick/business_case || why=$(add "$why" "no business_case for quick")
has_group "$tmp/b.h5" /scenarios/twin/business_case && why=$(add "$why" "the baseline twin has a business_case")
verdict "run --baseline NAME writes the business cases against NAME" "$why"

# ---- caresim validate: exit status 0 all pass, 1 a figure failed, 2 bad input --------

VFIX=tests/fixtures/validate
run validate "$VFIX/pass.csv" "$good"
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
grep -q '^adults alive .* pass$' "$tmp/out" || why=$(add "$why" "no passing row for adults alive")
grep -q '^council fee, residential .* input$' "$tmp/out" || why=$(add "$why" "the fee is not shown as a confirmed input")
grep -q '^requests by age .* not modelled$' "$tmp/out" || why=$(add "$why" "no 'not modelled' row")
verdict "validate: figures that all pass exit 0, with pass, input and not modelled rows" "$why"

run validate "$VFIX/fail.csv" "$good"
why=
[ "$rc" -eq 1 ] || why=$(add "$why" "exit status $rc, expected 1: $(first "$tmp/err")")
grep -q '^adults alive (wrong) .* FAIL$' "$tmp/out" || why=$(add "$why" "the wrong figure is not marked FAIL")
grep -q '1 FAIL' "$tmp/out" || why=$(add "$why" "the summary does not count 1 FAIL")
verdict "validate: a failing figure exits 1 and is marked FAIL" "$why"

printf '# bad\nkey,label,published,unit,year,source,run,run_year,measure,tolerance,why\nx,x,1,u,y,s,quick,1,sum(nothing),5%%,w\n' >"$tmp/bad.csv"
run validate "$tmp/bad.csv" "$good"
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
line_starts "$tmp/err" "$tmp/bad.csv:3: " || why=$(add "$why" "stderr does not start with file:line: $(first "$tmp/err")")
[ -s "$tmp/out" ] && why=$(add "$why" "printed a table: $(first "$tmp/out")")
verdict "validate: a bad targets file exits 2 naming file and line" "$why"

sed 's/,quick,/,elsewhere,/' "$VFIX/pass.csv" >"$tmp/other.csv"
run validate "$tmp/other.csv" "$good"
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
grep -q "elsewhere" "$tmp/err" || why=$(add "$why" "stderr does not name the missing run: $(first "$tmp/err")")
verdict "validate: a run no file holds exits 2" "$why"

# ---- caresim calibrate: exit status 0 written, 2 bad input, nothing written on error --

printf 'name = "cal";\nplace = "E06000066";\nscale = 0.01;\nwarmup_weeks = 13;\nyears = 1;\n' >"$tmp/cal.cfg"
printf 'key,label,published,unit,year,source,run,run_year,measure,tolerance,why\nneed,need,7000,people,y,s,cal,2024-25,mean(people_with_need),50%%,w\n' >"$tmp/cal.csv"
printf 'scenario = "cal.cfg";\ntargets = "cal.csv";\noutput = "fitted.cfg";\nmax_evals = 4;\nfree = ( { path = "need.onset_rate_at_75"; lo = 0.03; hi = 0.12; } );\n' >"$tmp/calib.cfg"
run calibrate "$tmp/calib.cfg" -q
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc: $(first "$tmp/err")")
[ -s "$tmp/fitted.cfg" ] || why=$(add "$why" "no fitted.cfg beside the calibration file")
grep -q '^need: {' "$tmp/fitted.cfg" || why=$(add "$why" "fitted.cfg has no need group")
grep -q '^# caresim .*, commit ' "$tmp/fitted.cfg" || why=$(add "$why" "fitted.cfg carries no provenance")
grep -q 'within tolerance' "$tmp/out" || why=$(add "$why" "no table on stdout")
printf 'calibration = "fitted.cfg";\n' >>"$tmp/cal.cfg"
run run "$tmp/cal.cfg" -q -o "$tmp/cal.h5"
[ "$rc" -eq 0 ] || why=$(add "$why" "a scenario taking fitted.cfg does not run: $(first "$tmp/err")")
verdict "calibrate: writes a calibration file that a scenario takes" "$why"

printf 'scenario = "cal.cfg";\ntargets = "cal.csv";\noutput = "bad-out.cfg";\nfree = ( { path = "council.home_care_price"; lo = 20; hi = 30; } );\n' >"$tmp/badcal.cfg"
run calibrate "$tmp/badcal.cfg"
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
line_starts "$tmp/err" "$tmp/badcal.cfg:4: " || why=$(add "$why" "stderr does not start with file:line: $(first "$tmp/err")")
grep -q "policy lever" "$tmp/err" || why=$(add "$why" "does not say it is a policy lever")
[ -e "$tmp/bad-out.cfg" ] && why=$(add "$why" "wrote an output")
verdict "calibrate: a lever as a free parameter exits 2 naming file and line" "$why"

mkdir -p "$tmp/ca/a" "$tmp/ca/b"
printf 'calibration = "../b/c.cfg";\nplace = "E06000066";\n' >"$tmp/ca/a/s.cfg"
printf 'need: {\n  hours = [0, 1.0, 2.0, 3.0, 4.0];\n};\n' >"$tmp/ca/b/c.cfg"
CS_ABS=$(cd "$(dirname "$CS")" && pwd)/$(basename "$CS")
msg=$(cd "$tmp/ca" && "$CS_ABS" run a/s.cfg -q -o x.h5 2>&1)
why=
case "$msg" in "a/../b/c.cfg:2: "*) ;; *) why="a calibration file's error, named through a relative path, reads: $msg" ;; esac
verdict "calibrate: an error in a calibration file names it as reached from the scenario, with its line" "$why"

run calibrate
why=
[ "$rc" -eq 2 ] || why=$(add "$why" "exit status $rc, expected 2")
grep -q "Usage: caresim calibrate" "$tmp/err" || why=$(add "$why" "no usage on stderr")
run calibrate --help
[ "$rc" -eq 0 ] || why=$(add "$why" "--help exit status $rc")
verdict "calibrate: usage errors exit 2, --help exits 0" "$why"

# ---- drift and fit-need (validation/drift.c, validation/fitneed.c) ----------

run drift --help
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "--help exit status $rc")
grep -q "Verdict" "$tmp/out" || why=$(add "$why" "--help does not explain the verdict")
run drift --years
[ "$rc" -eq 2 ] || why=$(add "$why" "a missing value: exit status $rc, expected 2")
run drift "$tmp/no_such.cfg"
[ "$rc" -eq 2 ] || why=$(add "$why" "a missing scenario: exit status $rc, expected 2")
run drift scenarios/baseline.cfg --scale 0
[ "$rc" -eq 2 ] || why=$(add "$why" "--scale 0: exit status $rc, expected 2")
verdict "drift: --help exits 0, bad input exits 2" "$why"

# a tiny run: a row per year (0 and 1) and a verdict; a tolerance nothing can
# meet turns it into DRIFTS with exit status 3
run drift scenarios/baseline.cfg --scale 0.01 --years 1 --threads 1 --tolerance 1e-9
why=
[ "$rc" -eq 3 ] || why=$(add "$why" "exit status $rc, expected 3 (drifts)")
grep -q "^   0 " "$tmp/out" && grep -q "^   1 " "$tmp/out" || why=$(add "$why" "no rows for years 0 and 1")
grep -q "Verdict: prevalence DRIFTS" "$tmp/out" || why=$(add "$why" "no DRIFTS verdict")
verdict "drift: a year's run prints each year and a verdict, exit 3 when it drifts" "$why"

run fit-need --help
why=
[ "$rc" -eq 0 ] || why=$(add "$why" "exit status $rc")
grep -q "Health Survey for England" "$tmp/out" || why=$(add "$why" "--help does not name the survey")
verdict "fit-need: --help exits 0 and names what it fits to" "$why"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
