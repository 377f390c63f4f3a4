# shellcheck shell=sh
# lib.sh — helpers shared by tests/cli.sh, tests/report.sh and tests/national.sh
# (sourced, after `cd` to the repository root and setting CS, the caresim under
# test, and tmp, a scratch directory). Each check prints "ok - NAME" or "FAIL - NAME: why" and
# counts itself in $pass or $fail.

# scratch: zero the counts, make $tmp (removed on exit, with any background run
# $bgpid killed) and turn INT/TERM/HUP into exit status 130
scratch() {
    pass=0
    fail=0
    bgpid=
    tmp=$(mktemp -d) || { echo "FAIL - setup: mktemp -d failed"; echo "0 passed, 1 failed"; exit 1; }
    trap 'if [ -n "$bgpid" ]; then kill -KILL "$bgpid" 2>/dev/null; fi; rm -rf "$tmp"' EXIT
    trap 'exit 130' INT TERM HUP
}

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

# leftovers PATH: print PATH and every PATH.part-* that exists (nothing if none)
leftovers() {
    [ -e "$1" ] && printf '%s ' "$1"
    for f in "$1".part-*; do [ -e "$f" ] && printf '%s ' "$f"; done
    return 0
}

# need_built: stop the script, as a failure, unless $CS is built
need_built() {
    [ -x "$CS" ] && return 0
    bad "$CS exists" "not built (run make all)"
    echo "$pass passed, $fail failed"
    exit 1
}

# refused_why WORD FILE: what is wrong with the last run as a refused
# command line (exit status 2, WORD literally on stderr, FILE not created);
# nothing when all is right
refused_why() {
    w=
    [ "$rc" -eq 2 ] || w=$(add "$w" "exit status $rc, expected 2")
    grep -qF -- "$1" "$tmp/err" || w=$(add "$w" "stderr lacks '$1': $(first "$tmp/err")")
    left=$(leftovers "$2")
    [ -z "$left" ] || w=$(add "$w" "output created: $left")
    printf '%s' "$w"
}

# line_starts FILE PREFIX: some line of FILE begins with PREFIX (literally)
line_starts() { awk -v p="$2" 'index($0, p) == 1 { found = 1 } END { exit !found }' "$1"; }

# h5status FILE: print the value of the root attribute status ("" if unreadable)
h5status() {
    h5dump -a /status "$1" 2>/dev/null | sed -n 's/^ *(0): "\(.*\)"$/\1/p' | head -n 1
}

# h5shape FILE DATASET: print the current dimensions, e.g. "2, 104"
h5shape() {
    h5dump -H -d "$2" "$1" 2>/dev/null |
        sed -n 's/^ *DATASPACE *SIMPLE { ( \([^)]*\) ).*/\1/p' | head -n 1
}

# wait_for FILE-GLOB-PREFIX PID SECONDS: wait until PREFIX.part-* exists or PID
# has gone; returns 0 when the file appeared
wait_for_part() {
    i=0
    while [ "$i" -lt $(($3 * 10)) ]; do
        for f in "$1".part-*; do [ -e "$f" ] && return 0; done
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# wait_gone PID SECONDS: poll until PID has exited (killing it after SECONDS);
# then reap it and leave its exit status in $rc; returns 1 if it had to be killed
wait_gone() {
    i=0 killed=0
    while kill -0 "$1" 2>/dev/null; do
        if [ "$i" -ge $(($2 * 10)) ]; then kill -KILL "$1" 2>/dev/null; killed=1; break; fi
        sleep 0.1
        i=$((i + 1))
    done
    wait "$1"
    rc=$?
    bgpid=
    return $killed
}

# interrupt_check NAME SECONDS: SIGINT to the background run $bgpid; it must
# exit with status 130 within SECONDS and leave nothing under $target
interrupt_check() {
    why=
    if kill -0 "$bgpid" 2>/dev/null; then
        kill -INT "$bgpid"
        wait_gone "$bgpid" "$2" || why=$(add "$why" "still running $2 s after SIGINT (killed)")
        [ "$rc" -eq 130 ] || why=$(add "$why" "exit status $rc, expected 130")
    else
        wait_gone "$bgpid" 0
        why=$(add "$why" "run ended (status $rc) before it could be interrupted: $(first "$tmp/err")")
    fi
    left=$(leftovers "$target")
    [ -z "$left" ] || why=$(add "$why" "left behind: $left")
    verdict "$1" "$why"
}
