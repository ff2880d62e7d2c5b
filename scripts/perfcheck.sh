#!/bin/sh
# make perf-check: instruction budgets per operation (issue 16). Each
# operation of bench/perf/ops.lua runs twice under cachegrind (user-space
# instructions, no cache simulation), COUNT and 2*COUNT times: the
# difference over COUNT (and over the entries per repetition) is the cost
# of one operation, start-up and set-up cancelled. Compared with
# bench/perf/budgets.tsv: more than 5% over budget fails. Prints the table.
#
#   PERF_RUNTIMES  runtimes (default: lua5.4 luajit)
#   PERF_OPS       operations (default: every one in the budgets file)
#   PERF_SLACK     allowed excess in percent (default 5)
#   PERF_WRITE=1   write the measured figures into the budgets file (3 runs
#                  a side; the rows not measured stay as they are)
#   VARIANT        build directories build/5.4$VARIANT, build/luajit$VARIANT
set -u
cd "$(dirname "$0")/.." || exit 2
runtimes=${PERF_RUNTIMES:-"lua5.4 luajit"}
slack=${PERF_SLACK:-5}
budgets=bench/perf/budgets.tsv
variant=${VARIANT:-}

command -v valgrind >/dev/null 2>&1 || { echo "perf-check: valgrind is missing" >&2; exit 2; }

# COUNT per operation and runtime: each counted run does ~20-40 million
# instructions of the operation, so that the start-up's own variation
# (~50k instructions from run to run) is under 0.5% of the difference;
# posix_spawn is bounded by the time a fork under valgrind takes.
count() {
  case $1 in
    stat|fstat|pipe) echo 25000 ;;
    lstat_missing) echo 5000 ;;
    listdir) echo 80 ;;
    scandir) echo 15 ;;
    walk) echo 50 ;;
    path_join) [ "$2" = luajit ] && echo 100000 || echo 8000 ;;
    path_normpath) echo 30000 ;;
    posix_spawn) echo 100 ;;
    *) echo 0 ;;
  esac
}

ops=${PERF_OPS:-$(awk -F'\t' '!/^#/ && NF >= 3 && !seen[$1]++ {print $1}' "$budgets")}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pyos-perf.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
mkdir "$tmp/fix"
results=$tmp/results

# The budget of op $1 on runtime $2 (empty if none).
budget() {
  awk -F'\t' -v o="$1" -v r="$2" '$1 == o && $2 == r {print $3}' "$budgets"
}

# The runtimes' hash seeds fixed (bench/perf/fixseed.c says why).
cc -O2 -shared -fPIC -o "$tmp/fixseed.so" bench/perf/fixseed.c -ldl ||
  { echo "perf-check: cannot build bench/perf/fixseed.c" >&2; exit 2; }

# Instructions of one run: cachegrind's "I refs" line. The environment is
# fixed too: posix_spawn copies it, so its size would be counted.
irefs() {
  env -i PATH=/usr/local/bin:/usr/bin:/bin LUA_PATH="$LUA_PATH" \
    LUA_CPATH="$LUA_CPATH" LD_PRELOAD="$tmp/fixseed.so" \
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    --child-silent-after-fork=yes "$@" 2>&1 >/dev/null |
    sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}

status=0
first=1
for rt in $runtimes; do
  v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
  command -v "$rt" >/dev/null 2>&1 || { echo "perf-check: $rt is missing" >&2; status=1; continue; }
  make -s LUA="$rt" VARIANT="$variant" >&2 || { echo "perf-check: build for $rt failed" >&2; status=1; continue; }
  export LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/$v$variant/?.so;;"
  if [ $first = 1 ]; then
    "$rt" bench/perf/ops.lua setup - "$tmp/fix" || exit 2
    first=0
  fi
  for op in $ops; do
    n=$(count "$op" "$rt")
    [ "$n" -gt 0 ] || { echo "perf-check: no COUNT for $op" >&2; status=1; continue; }
    units=$("$rt" bench/perf/ops.lua "$op" 1 "$tmp/fix" | sed -n 's/^units //p')
    [ -n "$units" ] || { echo "perf-check: $op fails on $rt" >&2; status=1; continue; }
    # With the seeds fixed two runs count the same; should anything else
    # ever vary (a kernel's answer), the extra work only adds: each side is
    # the least of its runs, and a figure more than 2% off its budget is
    # measured again, up to 3 runs a side.
    a= b= tries=0
    while :; do
      x=$(irefs "$rt" bench/perf/ops.lua "$op" "$n" "$tmp/fix")
      y=$(irefs "$rt" bench/perf/ops.lua "$op" $((2 * n)) "$tmp/fix")
      if [ -z "$x" ] || [ -z "$y" ]; then a=; break; fi
      { [ -z "$a" ] || [ "$x" -lt "$a" ]; } && a=$x
      { [ -z "$b" ] || [ "$y" -lt "$b" ]; } && b=$y
      per=$(awk -v a="$a" -v b="$b" -v n="$n" -v u="$units" 'BEGIN{printf "%.0f", (b - a) / (n * u)}')
      tries=$((tries + 1))
      [ $tries -ge 3 ] && break
      [ "${PERF_WRITE:-}" = 1 ] && continue    # new budgets: 3 runs a side
      awk -v m="$per" -v k="$(budget "$op" "$rt")" \
        'BEGIN{exit !(k > 0 && (m > 1.02 * k || m < 0.98 * k))}' || break
    done
    if [ -z "$a" ]; then
      echo "perf-check: $op on $rt: no count from valgrind" >&2; status=1; continue
    fi
    printf '%s\t%s\t%s\t%s\n' "$op" "$rt" "$per" "$tries" >>"$results"
  done
done
[ -s "$results" ] || exit 1

if [ "${PERF_WRITE:-}" = 1 ]; then
  # the measured rows replace their old ones; the others stay
  awk -F'\t' -v OFS='\t' 'NR == FNR { m[$1 "\t" $2] = $3; next }
    /^#/ || !(($1 "\t" $2) in m) { print; next }
    { print $1, $2, m[$1 "\t" $2]; delete m[$1 "\t" $2] }
    END { for (k in m) print k, m[k] }' "$results" "$budgets" >"$tmp/new" &&
    cp "$tmp/new" "$budgets"
  echo "perf-check: wrote $budgets" >&2
fi

# The table; exit 1 when an operation is over budget by more than slack%.
awk -F'\t' -v slack="$slack" '
  NR == FNR { if ($0 !~ /^#/ && NF >= 3) budget[$1 "\t" $2] = $3; next }
  FNR == 1 { printf "%-14s %-7s %9s %9s %6s %4s\n", "op", "runtime", "budget", "Ir/op", "ratio", "runs" }
  {
    k = $1 "\t" $2; m = $3 + 0
    if (!(k in budget)) { printf "%-14s %-7s %9s %9d %6s %4d  NO BUDGET\n", $1, $2, "-", m, "-", $4; bad = 1; next }
    r = m / budget[k]; note = ""
    if (r > 1 + slack / 100) { note = "  OVER BUDGET"; bad = 1 }
    else if (r < 0.9) note = "  (cheaper: lower the budget)"
    printf "%-14s %-7s %9d %9d %6.3f %4d%s\n", $1, $2, budget[k], m, r, $4, note
  }
  END { exit bad }' "$budgets" "$results" || status=1
[ $status -eq 0 ] && echo "perf-check: every operation within ${slack}% of its budget" >&2 \
  || echo "perf-check: FAILED" >&2
exit $status
