# lib.sh: sourced by each bench/NAME.sh. Register the implementations with
# c_item / lua_item / py_item / cmd_item, then call run_items: it runs every
# item BENCH_REPEAT times, round-robin (so drift hits all alike), each as its
# own process under `timeout` and build/bench/timeit, and prints one table
# row per item: the best time, its ratio to the first item (the C loop), the
# spread between best and worst run, and the check value the program printed.
#
# A benchmark program prints one line "NS_PER_OP [CHECK]" or "skip REASON".
# A cmd_item program prints nothing: its wall time over OPS is used.
#
# Environment (run.sh sets it; defaults allow `sh bench/NAME.sh` alone):
#   BUILD_VARIANT  pyos build dirs build/5.4$BUILD_VARIANT, build/luajit$...
#   BENCH_TMP      fixtures directory     BENCH_REPEAT  runs per item (3)
#   BENCH_TIMEOUT  seconds per run (120)  BENCH_TSV     results appended here

BB=${BB:-build/bench}
BENCH_TMP=${BENCH_TMP:-${TMPDIR:-/tmp}/pyos-bench}
BENCH_REPEAT=${BENCH_REPEAT:-3}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-120}
BUILD_VARIANT=${BUILD_VARIANT:-}
mkdir -p "$BENCH_TMP"
if [ ! -x "$BB/timeit" ]; then
  echo "bench: $BB/timeit is missing: run sh bench/run.sh" >&2
  exit 2
fi

_work=$(mktemp -d)
trap 'rm -rf "$_work"' EXIT
trap 'exit 130' INT TERM HUP
: >"$_work/items"
_n=0
BEFORE_EACH=${BEFORE_EACH:-}    # shell code run before every run of an item
ALT_REF=${ALT_REF:-}            # label of a second reference: extra ratio column
SHOW_RSS=${SHOW_RSS:-}          # 1: show each item's peak RSS
WARMUP=${WARMUP:-0}             # rounds run first and thrown away

# Quote one word for eval.
_q() {
  printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# item LABEL OPS WORD...: the general form (OPS 0: the program reports).
item() {
  _label=$1 _ops=$2
  shift 2
  _cmd=""
  for _w in "$@"; do _cmd="$_cmd$(_q "$_w")"; done
  _n=$((_n + 1))
  printf '%s\t%s\t%s\n' "$_label" "$_ops" "$_cmd" >>"$_work/items"
}

# skip_item LABEL REASON: a row that is not run.
skip_item() {
  item "$1" skip "$2"
}

c_item() {
  _label=$1 _prog=$2
  shift 2
  item "$_label" 0 "$BB/$_prog" "$@"
}

# lua_item LABEL RUNTIME SCRIPT ARGS...: bench/lua/SCRIPT.lua under RUNTIME,
# with pyos from its build directory (5.4 and luajit; 5.1-5.3 rows are for
# peers) and the benchclock module.
lua_item() {
  _label=$1 _rt=$2 _script=$3
  shift 3
  if ! command -v "$_rt" >/dev/null 2>&1; then
    skip_item "$_label" "$_rt not installed"
    return
  fi
  _v=${_rt#lua}
  [ "$_rt" = luajit ] && _v=luajit
  item "$_label" 0 env \
    "LUA_PATH=bench/lua/?.lua;lua/?.lua;lua/?/init.lua;;" \
    "LUA_CPATH=build/$_v$BUILD_VARIANT/?.so;$BB/$_v/?.so;;" \
    "$_rt" "bench/lua/$_script.lua" "$@"
}

py_item() {
  _label=$1 _script=$2
  shift 2
  if ! command -v python3 >/dev/null 2>&1; then
    skip_item "$_label" "python3 not installed"
    return
  fi
  item "$_label" 0 python3 "bench/py/$_script.py" "$@"
}

# cmd_item LABEL OPS CMD...: an outside command, timed from outside.
cmd_item() {
  item "$@"
}

# Run one item once; append "ns check rss" or "skip reason" to its file
# (to a scratch file in a warm-up round, unless it skipped or failed).
_runone() {
  _i=$1 _ops=$2 _cmd=$3
  if [ "$_rep" -le 0 ]; then
    _runone_to "$_work/w" "$_ops" "$_cmd"
    grep '^\(skip\|fail\)' "$_work/w" >>"$_work/r$_i"
    rm -f "$_work/w"
  else
    _runone_to "$_work/r$_i" "$_ops" "$_cmd"
  fi
}

_runone_to() {
  _rf=$1 _ops=$2 _cmd=$3
  [ -n "$BEFORE_EACH" ] && eval "$BEFORE_EACH"
  eval "set -- $_cmd"
  timeout "$BENCH_TIMEOUT" "$BB/timeit" "$_work/t" "$@" \
    >"$_work/out" 2>"$_work/err" </dev/null
  _rc=$?
  _line=$(head -n 1 "$_work/out")
  case $_rc in
    0) ;;
    124) echo "fail timeout after ${BENCH_TIMEOUT}s" >>"$_rf"; return ;;
    *) echo "fail exit $_rc: $(tail -n 1 "$_work/err" | cut -c1-60)" >>"$_rf"
       return ;;
  esac
  set -- $(cat "$_work/t")
  _wall=$1 _rss=$2
  case $_line in
    skip*) echo "$_line" >>"$_rf" ;;
    "") if [ "$_ops" -gt 0 ] 2>/dev/null; then
          echo "$(awk -v w="$_wall" -v o="$_ops" 'BEGIN{printf "%.2f", w/o}') - $_rss" >>"$_rf"
        else
          echo "fail no output" >>"$_rf"
        fi ;;
    *) set -- $_line
       echo "$1 ${2:--} $_rss" >>"$_rf" ;;
  esac
}

# run_items NAME: run everything registered, then print the rows.
run_items() {
  _name=$1
  _rep=$((1 - WARMUP))
  while [ "$_rep" -le "$BENCH_REPEAT" ]; do
    _i=0
    while IFS='	' read -r _label _ops _cmd; do
      _i=$((_i + 1))
      [ "$_ops" = skip ] && continue
      # a row that skipped or failed once is not run again
      if [ -s "$_work/r$_i" ] && grep -q '^\(skip\|fail\)' "$_work/r$_i"; then
        continue
      fi
      _runone "$_i" "$_ops" "$_cmd" </dev/null
    done <"$_work/items"
    _rep=$((_rep + 1))
  done
  _i=0
  while IFS='	' read -r _label _ops _cmd; do
    _i=$((_i + 1))
    if [ "$_ops" = skip ]; then
      printf '%s\t%s\n' "$_label" "skip $_cmd"
    else
      printf '%s\t%s\n' "$_label" "$(tr '\n' '|' <"$_work/r$_i" 2>/dev/null)"
    fi
  done <"$_work/items" | _table "$_name"
}

# Rows "LABEL<TAB>run|run|..." -> the formatted table (and BENCH_TSV lines).
_table() {
  awk -F'\t' -v name="$1" -v alt="$ALT_REF" -v showrss="$SHOW_RSS" \
      -v tsv="${BENCH_TSV:-}" '
    function fmt(x) { return x >= 1000 ? sprintf("%.0f", x) : sprintf("%.1f", x) }
    {
      label[NR] = $1; n = split($2, runs, "|"); best[NR] = ""; note[NR] = ""
      for (i = 1; i <= n; i++) {
        if (runs[i] == "") continue
        split(runs[i], f, " ")
        if (f[1] == "skip" || f[1] == "fail") { note[NR] = runs[i]; continue }
        v = f[1] + 0
        if (best[NR] == "" || v < best[NR]) { best[NR] = v; rss[NR] = f[3] }
        if (worst[NR] == "" || v > worst[NR]) worst[NR] = v
        check[NR] = f[2]
      }
      if (alt != "" && $1 == alt) altrow = NR
    }
    END {
      ref = best[1]; rcheck = check[1]
      hdr = sprintf("%-9s %-30s %12s %7s", "name", "implementation", "ns/op", "x C")
      if (alt != "") hdr = hdr sprintf(" %7s", "x " alt)
      hdr = hdr sprintf(" %7s", "spread")
      if (showrss) hdr = hdr sprintf(" %9s", "peak RSS")
      print hdr
      for (r = 1; r <= NR; r++) {
        line = sprintf("%-9s %-30s", name, label[r])
        if (best[r] == "") {
          printf "%s %12s   %s\n", line, "-", note[r]
          if (tsv != "") printf "%s\t%s\t\t\t%s\n", name, label[r], note[r] >>tsv
          continue
        }
        ratio = ref != "" && ref > 0 ? sprintf("%.2f", best[r] / ref) : "-"
        line = line sprintf(" %12s %7s", fmt(best[r]), ratio)
        if (alt != "") {
          a = best[altrow]
          line = line sprintf(" %7s", a != "" && a > 0 ? sprintf("%.2f", best[r] / a) : "-")
        }
        line = line sprintf(" %6.1f%%", 100 * (worst[r] - best[r]) / best[r])
        if (showrss) line = line sprintf(" %6.1f MiB", rss[r] / 1024)
        if (check[r] != "-" && rcheck != "-" && rcheck != "" && check[r] != rcheck)
          line = line "  CHECK " check[r] " != " rcheck
        print line
        if (tsv != "") printf "%s\t%s\t%s\t%s\t%s\n", name, label[r], fmt(best[r]), ratio, rss[r] >>tsv
      }
      print ""
    }'
}
