# shellcheck shell=sh
# bench_lib.sh — set-up shared by tests/bench.sh, bench_national.sh and bench_mpi.sh
# (sourced from the repository root after they define die, RUNS and YEARS).

# bench_count NAME VALUE: stop unless VALUE (of the variable NAME) is digits
bench_count() {
    case $2 in '' | *[!0-9]*) die "$1 must be a positive integer, got '$2'" ;; esac
}

# bench_setup: check RUNS and YEARS, make $tmp (removed on exit) and set CS to
# a snapshot of bin/caresim in it, so that a rebuild during the benchmark cannot
# mix two programs; seeds/ beside it keeps the <bin>/../seeds lookup.
bench_setup() {
    bench_count BENCH_RUNS "$RUNS"
    [ "$RUNS" -ge 1 ] || die "BENCH_RUNS must be at least 1"
    bench_count BENCH_YEARS "$YEARS"
    [ -x bin/caresim ] || die "bin/caresim is not built (make all)"
    tmp=$(mktemp -d) || die "mktemp -d failed"
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 130' INT TERM HUP
    mkdir "$tmp/bin" && cp bin/caresim "$tmp/bin/caresim" || die "cannot copy bin/caresim"
    [ -d seeds ] && ln -s "$PWD/seeds" "$tmp/seeds"
    CS="$tmp/bin/caresim"
}

# bench_run WHAT ARGS...: run caresim with ARGS (output in $tmp); stop with a
# message naming WHAT unless it succeeds with a --stats line, which is printed
bench_run() {
    what=$1
    shift
    "$CS" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    line=$(grep '^caresim-stats:' "$tmp/out" | tail -n 1)
    if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
        cat "$tmp/err" >&2
        die "$what failed (exit status $rc, stats line: '${line:-none}')"
    fi
    echo "$line"
}
