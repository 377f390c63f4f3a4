#!/bin/sh
# modules.sh — which module calls which, derived from the object files, and
# the rules docs/architecture.md states for it. A module is one source file;
# module A depends on module B when a symbol A's object leaves undefined is
# defined by B's (nm). The rules:
#   1. no cycle among the engine's modules (sim/), so the weekly step calls
#      the mechanisms and no mechanism calls back into it;
#   2. no engine module uses analysis/ or validation/ (the command line,
#      sim/main.c, dispatches to every group, and it and sim/mpi.c, the two
#      fronts of `caresim run`, write the business case: both are left out);
#   3. analysis/ does not use validation/.
# Before that it checks itself: two objects made to call each other must be
# reported as a cycle, so a checker that cannot fail is caught.
# Usage: sh tests/modules.sh [OBJDIR] (default build). Ends "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
scratch
OBJ=${1:-build}

# edges OBJDIR MODULE...: "from to symbol" for every undefined symbol of a
# module's object that another of the modules defines
edges() {
    d=$1; shift
    for m in "$@"; do
        nm -g --defined-only "$d/$m.o" | awk -v m="$m" 'NF == 3 { print "D", $3, m }'
        nm -u "$d/$m.o" | awk -v m="$m" '{ print "U", $2, m }'
    done | awk '$1 == "D" { def[$2] = $3; next } { use[++n] = $3 " " $2 }
               END { for (k = 1; k <= n; k++) { split(use[k], a, " ");
                     if ((a[2] in def) && def[a[2]] != a[1]) print a[1], def[a[2]], a[2] } }' | sort -u
}

# cycle_why EDGEFILE: nothing when the graph of EDGEFILE has no cycle, else the
# modules of a cycle and the calls between them
cycle_why() {
    awk '{ print $1, $2 }' "$1" | sort -u > "$tmp/pairs"
    if tsort "$tmp/pairs" > "$tmp/order" 2> "$tmp/loop"; then return 0; fi
    loop=$(grep -v 'input contains a loop' "$tmp/loop" | sed 's/^tsort: //' | tr '\n' ' ')
    printf 'a cycle through: %s(' "$loop"
    for a in $loop; do for b in $loop; do
        awk -v a="$a" -v b="$b" '$1 == a && $2 == b { printf "%s -> %s: %s; ", $1, $2, $3; exit }' "$1"
    done; done
    printf ')'
}

# ---- the checker on objects made to call each other --------------------------
mkdir -p "$tmp/self"
printf 'int b(int);\nint a(int x) { return x ? b(x - 1) : 0; }\n' > "$tmp/self/a.c"
printf 'int a(int);\nint b(int x) { return x ? a(x - 1) : 1; }\n' > "$tmp/self/b.c"
printf 'int a(int);\nint c(int x) { return a(x); }\n' > "$tmp/self/c.c"
why=
if cc -c "$tmp/self/a.c" -o "$tmp/self/a.o" && cc -c "$tmp/self/b.c" -o "$tmp/self/b.o" &&
   cc -c "$tmp/self/c.c" -o "$tmp/self/c.o"; then
    edges "$tmp/self" a b c > "$tmp/self.edges"
    r=$(cycle_why "$tmp/self.edges")
    case "$r" in *"a -> b: b"*"b -> a: a"*) ;; *) why="a and b call each other, the checker said: '${r:-no cycle}'";; esac
    edges "$tmp/self" a c > "$tmp/self2.edges"
    r=$(cycle_why "$tmp/self2.edges")
    [ -z "$r" ] || why=$(add "$why" "c calls a only, the checker said: $r")
else
    why="cc failed on the self-test's sources"
fi
verdict "the checker finds a cycle between two objects that call each other, and none where the calls run one way" "$why"

# ---- the project's modules --------------------------------------------------
mods() { for f in "$1"/*.c; do m=$(basename "$f" .c); [ "$m" = main ] || [ "$m" = mpi ] || echo "$m"; done; }
ENGINE=$(mods sim); ANALYSIS=$(mods analysis); VALIDATION=$(mods validation)
missing=
# shellcheck disable=SC2086
for m in $ENGINE $ANALYSIS $VALIDATION; do [ -f "$OBJ/$m.o" ] || missing="$missing $m.o"; done
if [ -n "$missing" ]; then
    bad "objects built" "missing in $OBJ:$missing (run make all)"
    echo "$pass passed, $fail failed"; exit 1
fi
# shellcheck disable=SC2086
edges "$OBJ" $ENGINE > "$tmp/engine.edges"
verdict "no cycle among the engine's modules (sim/, $(echo $ENGINE | wc -w) modules)" "$(cycle_why "$tmp/engine.edges")"
echo "# engine modules, each before those it calls: $(tr '\n' ' ' < "$tmp/order")"

# shellcheck disable=SC2086
edges "$OBJ" $ENGINE $ANALYSIS $VALIDATION > "$tmp/all.edges"
in_list() { case " $(echo $2) " in *" $1 "*) return 0;; esac; return 1; }
up= ; an=
while read -r from to sym; do
    if in_list "$from" "$ENGINE" && ! in_list "$to" "$ENGINE"; then up="$up$from -> $to ($sym); "; fi
    if in_list "$from" "$ANALYSIS" && in_list "$to" "$VALIDATION"; then an="$an$from -> $to ($sym); "; fi
done < "$tmp/all.edges"
verdict "no engine module uses analysis/ or validation/" "$up"
verdict "analysis/ does not use validation/" "$an"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
