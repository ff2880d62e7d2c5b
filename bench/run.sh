#!/bin/sh
# make bench: pyos against its peers and a plain C loop, in one run.
#   sh bench/run.sh                  every benchmark
#   BENCH=stat sh bench/run.sh       only some (names: stat pipe copy kcopy
#                                    listdir walk tree spawn capture path statmiss threads)
# Knobs: BENCH_REPEAT (runs per item, best kept; 3), BENCH_TIMEOUT (s per
# run; 120), BENCH_TMP (fixtures; a fresh dir under $TMPDIR, removed after),
# BUILD_VARIANT (pyos from build/5.4$BUILD_VARIANT: a private build), and
# the per-benchmark sizes named in bench/README.md.
set -u
cd "$(dirname "$0")/.." || exit 2

ALL="stat statmiss pipe copy kcopy listdir walk tree spawn capture path threads"
want=$(echo "${BENCH:-$ALL}" | tr ',' ' ')
BUILD_VARIANT=${BUILD_VARIANT:-}
BB=build/bench
export BUILD_VARIANT BB

# pyos for lua5.4 and luajit: the ordinary build (make bench), or a private
# one with BUILD_VARIANT.
for rt in lua5.4 luajit; do
  if command -v "$rt" >/dev/null 2>&1; then
    make -s LUA="$rt" VARIANT="$BUILD_VARIANT" || echo "bench: pyos build for $rt failed" >&2
  fi
done

# The C baselines, the timeit wrapper, and the benchclock and benchfloor
# modules per runtime.
mkdir -p "$BB"
for src in bench/c/*.c; do
  prog=$BB/$(basename "$src" .c)
  if [ ! -x "$prog" ] || [ "$src" -nt "$prog" ] || [ bench/c/bench.h -nt "$prog" ]; then
    ${CC:-cc} -std=c99 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$prog" "$src" \
      || { echo "bench: cannot build $prog" >&2; exit 1; }
  fi
done
for rt in lua5.1 lua5.2 lua5.3 lua5.4 luajit; do
  v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
  command -v "$rt" >/dev/null 2>&1 || continue
  pkg-config --exists "$rt" 2>/dev/null || continue
  mkdir -p "$BB/$v"
  for mod in benchclock benchfloor; do
    so=$BB/$v/$mod.so
    [ -f "$so" ] && [ "$so" -nt bench/$mod.c ] && continue
    ${CC:-cc} -std=c99 -O2 -fPIC -shared -D_GNU_SOURCE -Wall -Wextra -Werror \
      $(pkg-config --cflags "$rt") -o "$so" bench/$mod.c \
      || echo "bench: $mod for $rt failed (its rows skip)" >&2
  done
done

if [ -z "${BENCH_TMP:-}" ]; then
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pyos-bench.XXXXXX")
  [ "${BENCH_KEEP:-}" = 1 ] || trap 'rm -rf "$BENCH_TMP"' EXIT
fi
# A signal ends the run through the EXIT trap (which removes the fixtures).
trap 'exit 130' INT TERM HUP
trap 'exit 141' PIPE
BENCH_TSV=$BB/results.tsv
: >"$BENCH_TSV"
export BENCH_TMP BENCH_TSV

echo "pyos bench: $(nproc) CPUs, $(uname -sr), best of ${BENCH_REPEAT:-3} runs;" \
  "ratios to the first row of each table (the C loop)"
echo
status=0
for b in $want; do
  case " $ALL " in
    *" $b "*) ;;
    *) echo "bench: unknown benchmark '$b' (known: $ALL)" >&2; status=2; continue ;;
  esac
  if [ "$b" = path ]; then
    # bench/path_bench* belong to pyos.path's own suite: run them when
    # present: the .sh scripts with sh, or when there is none, each .lua
    # under lua5.4 and luajit with pyos on the paths and each .py.
    set -- bench/path_bench*.sh
    [ -f "$1" ] || set -- bench/path_bench*.lua bench/path_bench*.py
    for p in "$@"; do
      [ -f "$p" ] || continue
      case $p in
        *.sh) sh "$p" || status=1 ;;
        *.lua)
          for rt in lua5.4 luajit; do
            command -v "$rt" >/dev/null 2>&1 || continue
            v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
            echo "== $p ($rt)"
            LUA_PATH="bench/lua/?.lua;lua/?.lua;lua/?/init.lua;;" \
              LUA_CPATH="build/$v$BUILD_VARIANT/?.so;$BB/$v/?.so;;" \
              timeout "${BENCH_TIMEOUT:-120}" "$rt" "$p" || status=1
          done ;;
        *.py)
          echo "== $p (python3)"
          timeout "${BENCH_TIMEOUT:-120}" python3 "$p" || status=1 ;;
      esac
    done
    continue
  fi
  sh "bench/$b.sh" || status=1
done
echo "results also in $BENCH_TSV"
exit $status
