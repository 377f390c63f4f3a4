#!/bin/sh
# debug.sh — the sanitizer build (make DEBUG=1: AddressSanitizer and
# UndefinedBehaviorSanitizer, -DCS_CHECKS; objects in build/debug, binaries in
# bin/debug) runs the unit tests and two short runs: a council's baseline (2
# years, 2 replicates, 2 threads) and a national quick run (every council,
# scale 0.005, a year). Each must exit 0 with no sanitizer report on stderr
# (-fno-sanitize-recover=all stops at the first; LeakSanitizer reports leaks
# at exit). OpenMP (libgomp, not instrumented) runs under ASan as it is: no
# suppressions are needed.
#
# Prints "ok - ..." or "FAIL - ...: why" per check and ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
# ok, bad, verdict, add, first
. tests/lib.sh
scratch
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

DBIN=${DEBUG_BIN:-bin/debug}
# halt at the first report, with the stack; leaks reported at exit
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export CARESIM_SEEDS="$PWD/seeds"

t0=$(date +%s)
${MAKE:-make} -j2 DEBUG=1 BIN="$DBIN" "$DBIN/caresim" "$DBIN/unit" >"$tmp/build.log" 2>&1
c=$?
verdict "make DEBUG=1 builds $DBIN/caresim and $DBIN/unit ($(($(date +%s) - t0)) s)" \
    "$([ "$c" -eq 0 ] || echo "exit status $c: $(grep -m 3 -E 'error|Error' "$tmp/build.log" | tr '\n' ' ')")"
[ "$c" -eq 0 ] || finish

# sanitized NAME CMD...: run CMD; it must exit 0 and leave no sanitizer report
sanitized() {
    name=$1; shift
    t0=$(date +%s)
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    why=
    [ "$rc" -eq 0 ] || why="exit status $rc"
    rep=$(grep -m 1 -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Undefined|Leak)' "$tmp/err")
    [ -z "$rep" ] || why=$(add "$why" "sanitizer: $rep")
    if [ -n "$why" ]; then
        echo "---- $name: stderr (last 30 lines)"; tail -n 30 "$tmp/err"; echo "----"
    fi
    verdict "$name ($(($(date +%s) - t0)) s)" "$why"
}

sanitized "bin/unit under ASan+UBSan: every unit test passes, no report" "$DBIN/unit"
grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/out" | tail -n 1 | sed 's/^/  unit: /'
sanitized "a baseline run under ASan+UBSan (scale 0.05, 2 years, 2 replicates, 2 threads)" \
    "$DBIN/caresim" run scenarios/baseline.cfg --scale 0.05 --years 2 --reps 2 --threads 2 -q -o "$tmp/b.h5"
sanitized "a national run under ASan+UBSan (every council, scale 0.005, a year; tests/fixtures/cli/quick.cfg)" \
    "$DBIN/caresim" run tests/fixtures/cli/quick.cfg --place all --scale 0.005 --years 1 --threads 2 -q -o "$tmp/n.h5"
finish
