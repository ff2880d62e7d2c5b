#!/bin/sh
# Run every spec (or $SPECS) on each runtime given, then print one line:
#   N passed, N failed, N skipped
# A runtime that is missing fails the run under CI (CI=true), else it is
# skipped with a note. VARIANT=-x builds into build/5.4-x (a private build
# directory, for running several test sessions side by side); OPT is passed
# to make; TEST_PRELOAD becomes busted's LD_PRELOAD and TEST_WRAPPER its
# command prefix (make check uses them for ASan and valgrind).
# TEST_JOBS runtimes run side by side (default: one per CPU, at most 2;
# each is a single-threaded busted), each into its own log; the logs are
# printed in the order given once all are done.
set -u
cd "$(dirname "$0")/.." || exit 2
specs=${SPECS:-spec}
variant=${VARIANT:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 2 ] && jobs=2
[ "$jobs" -lt 1 ] && jobs=1

# One runtime: its output in $work/$rt.log, "passed failed skipped status"
# in $work/$rt.res.
runone() {
  rt=$1 out=$work/$1.log res=$work/$1.res
  v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
  if ! command -v "$rt" >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
      echo "test: runtime $rt is missing" >"$out"; echo "0 1 0 1" >"$res"
    else
      echo "test: runtime $rt is not installed, skipped" >"$out"; echo "0 0 0 0" >"$res"
    fi
    return
  fi
  if ! make -s LUA="$rt" VARIANT="$variant" ${OPT:+OPT="$OPT"} >"$out" 2>&1; then
    echo "test: build for $rt failed" >>"$out"; echo "0 1 0 1" >"$res"
    return
  fi
  echo "== $rt" >>"$out"
  LUA_CPATH="build/$v$variant/?.so;;" LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" \
    PYOS_TEST_RUNTIME="$rt" LD_PRELOAD="${TEST_PRELOAD:-}" \
    ${TEST_WRAPPER:-} "$rt" /usr/bin/busted --output=utfTerminal $specs >>"$out" 2>&1
  rc=$?
  # busted's closing line: N successes / N failures / N errors / N pending
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^[0-9]+ success' | tail -n 1)
  if [ -z "$line" ]; then
    echo "test: $rt: busted ended without a summary (exit $rc)" >>"$out"
    echo "0 1 0 1" >"$res"
    return
  fi
  s=$(echo "$line" | awk '{print $1}'); f=$(echo "$line" | awk '{print $4}')
  e=$(echo "$line" | awk '{print $7}'); p=$(echo "$line" | awk '{print $10}')
  st=0
  [ "$rc" -ne 0 ] && st=1
  [ $((f + e)) -ne 0 ] && st=1
  echo "$s $((f + e)) $p $st" >"$res"
}

# Lane k runs runtimes k, k + jobs, ... one after the other.
lane() {
  k=$1 i=0
  shift
  for rt in "$@"; do
    [ $((i % jobs)) -eq "$k" ] && runone "$rt"
    i=$((i + 1))
  done
}

# Build first, one runtime after the other: the lanes then find every
# build (lua5.4 and luajit too, which doc_examples_spec runs examples
# on through `make env`) up to date, and no two makes write one directory.
for rt in "$@" lua5.4 luajit; do
  command -v "$rt" >/dev/null 2>&1 || continue
  make -s LUA="$rt" VARIANT="$variant" ${OPT:+OPT="$OPT"} >/dev/null 2>&1
done

k=0 pids=""
while [ "$k" -lt "$jobs" ]; do
  lane "$k" "$@" &
  pids="$pids $!"
  k=$((k + 1))
done
for pid in $pids; do wait "$pid"; done

passed=0 failed=0 skipped=0 status=0
for rt in "$@"; do
  [ -f "$work/$rt.log" ] && cat "$work/$rt.log"
  if [ -f "$work/$rt.res" ]; then
    read -r s f p st <"$work/$rt.res"
  else
    s=0 f=1 p=0 st=1
  fi
  passed=$((passed + s)); failed=$((failed + f)); skipped=$((skipped + p))
  [ "$st" -ne 0 ] && status=1
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
