# shellcheck shell=sh
# lib.sh — helpers shared by tests/cli.sh and tests/report.sh (sourced, after
# `cd` to the repository root and setting CS, the caresim under test, and tmp,
# a scratch directory). Each check prints "ok - NAME" or "FAIL - NAME: why" and
# counts itself in $pass or $fail.

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1: $2"; }
# verdict NAME WHY: ok when WHY is empty
verdict() { if [ -z "$2" ]; then ok "$1"; else bad "$1" "$2"; fi; }
# add WHY MORE: append a reason to a "; "-separated list (prints the result)
add() { if [ -z "$1" ]; then printf '%s' "$2"; else printf '%s; %s' "$1" "$2"; fi; }

# first line of a file, for messages
first() { head -n 1 "$1" 2>/dev/null; }

# run ARGS...: run caresim, stdout to $tmp/out, stderr to $tmp/err, status in $rc
# shellcheck disable=SC2154,SC2034 # tmp is the caller's; rc is for the caller
run() { "$CS" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
