#!/bin/sh
# scale.sh — answers that do not depend on --scale (issue 22, item 6). A
# sample run (--scale F) simulates a random fraction F of the adults and
# weights its counts and money back by 1/F, so every per-capita answer
# (counts, hours and money per 1,000 adults; rates, shares and means) should
# agree with a full-scale run within Monte-Carlo noise. This runs one council
# at full scale and as a sample, several replicates each, and judges each
# metric of the last simulated year with tests/scale_compare.py: FAIL when it
# is off by more than 4% (the issue's tolerance) and by more than 4 standard
# errors of the replicates' spread (so noise alone does not fail it).
#
# The council (Hartlepool, E06000001: 74k adults, one district) and the scale
# (0.25: a sample of 18k adults) make the sample's care homes, agencies and
# reablement places few, where integer capacities bite; 5 years after the
# warm-up. About 30 seconds on 2 cores.
#
# Not judged (listed; docs/scale.md says why, and caresim run warns about
# them at such samples): reablement, a service with a fixed number of places,
# whose share of people turned away grows as the pool of places shrinks (a
# sample of 9 places turns more away than the council's 37);
# provider_entries, whose rule adds one agency per spell of unmatched demand
# whatever the market's size; and, in a sample of fewer than 100,000 adults,
# what follows from a care-home market of a handful of homes of real size:
# residential residents spilling into nursing homes while the few residential
# homes are full (in_nursing_care; council_spend_residential, as a nursing
# place costs the council more; nhs_cost, through nursing care and delayed
# discharges) and homes opened for a fraction of their beds closing
# (care_home_closures); and micro_enterprises, which a sample of Hartlepool
# starts with two (the national default density), whose survival on a handful
# of clients each makes the count per adult 0.83 of full scale after nine
# years (z -5; measured after the merge of issue 22's other parts). Their old values (before issue 22's scale fixes) failed
# as well; two that the fixes mended (care-home beds, occupancy) are judged.
# Since the settling pilot (less severe need, fewer residents) two more are
# listed: care_home_openings, which in such a sample follow the closures of
# homes opened for a fraction of their beds (0.0012 against 0.0003 homes a
# week per 1,000 adults); and waiting_list, near zero in Hartlepool's status
# quo (its budget does not bind), where a sample's few whole assessments a
# week leave a queue of a person or two in a week of many requests (0.034
# against 0.001 people per 1,000 adults, both about nothing). And
# awaiting_placement: people waiting for a care-home bed or a Shared Lives
# match, which a sample's handful of homes leaves about three times as many
# as full scale (0.74 against 0.26 per 1,000 adults before issue 23's
# changes, z +3.5, passing on the noise; 0.69 against 0.23, z +4.1, after);
# caresim run warns about it in such samples.
#
# Needs bin/caresim and python3-h5py. Prints "ok - ..." / "FAIL - ..." per
# check and ends with "N passed, N failed". CARESIM=path tests another build;
# SCALE_PLACE and SCALE_F another council and scale.
cd "$(dirname "$0")/.." || exit 1
CS=${CARESIM:-bin/caresim}   # used by tests/lib.sh (run, need_built)
PY=/usr/bin/python3
. tests/lib.sh
scratch
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
need_built
"$PY" -c 'import h5py, numpy' 2>/dev/null || { bad "prerequisites" "$PY lacks h5py"; finish; }

place=${SCALE_PLACE:-E06000001}
scale=${SCALE_F:-0.25}
common="scenarios/baseline.cfg --place $place --years 5 -q"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
# shellcheck disable=SC2086
run run $common --reps 8 --seed 1 -o "$tmp/full.h5"
verdict "full-scale run of $place" "$([ "$rc" -eq 0 ] || echo "exit status $rc: $(first "$tmp/err")")"
# shellcheck disable=SC2086
run run $common --reps 24 --seed 2 --scale "$scale" -o "$tmp/sample.h5"
verdict "run of $place at scale $scale" "$([ "$rc" -eq 0 ] || echo "exit status $rc: $(first "$tmp/err")")"
[ "$fail" -eq 0 ] || finish

# SCALE_KEEP=DIR keeps the two result files there (to look at them again)
[ -z "$SCALE_KEEP" ] || cp "$tmp/full.h5" "$tmp/sample.h5" "$SCALE_KEEP"/
not_judged=in_reablement,reablement_started,reablement_completed,reablement_independent,council_spend_reablement
not_judged=$not_judged,provider_entries,in_nursing_care,council_spend_residential,nhs_cost,care_home_closures
not_judged=$not_judged,micro_enterprises,care_home_openings,waiting_list,awaiting_placement
"$PY" tests/scale_compare.py --check --exclude "$not_judged" "$tmp/full.h5" "$tmp/sample.h5" >"$tmp/check" 2>&1
c=$?
grep -E '^(ok|FAIL) - ' "$tmp/check"
pass=$((pass + $(grep -c '^ok - ' "$tmp/check")))
fail=$((fail + $(grep -c '^FAIL - ' "$tmp/check")))
if ! grep -q '^[0-9]* passed, [0-9]* failed$' "$tmp/check"; then
    bad "scale_compare.py" "exit status $c: $(tail -n 1 "$tmp/check")"
fi
finish
