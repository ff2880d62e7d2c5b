#!/bin/sh
# Run every spec (or $SPECS) on each runtime given, then print one line:
#   N passed, N failed, N skipped
# A runtime that is missing fails the run under CI (CI=true), else it is
# skipped with a note. VARIANT=-x builds into build/5.4-x (a private build
# directory, for running several test sessions side by side); OPT is passed
# to make; TEST_PRELOAD becomes busted's LD_PRELOAD and TEST_WRAPPER its
# command prefix (make check uses them for ASan and valgrind).
set -u
cd "$(dirname "$0")/.." || exit 2
specs=${SPECS:-spec}
variant=${VARIANT:-}
passed=0 failed=0 skipped=0 status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for rt in "$@"; do
  v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
  if ! command -v "$rt" >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
      echo "test: runtime $rt is missing" >&2; failed=$((failed + 1)); status=1
    else
      echo "test: runtime $rt is not installed, skipped" >&2
    fi
    continue
  fi
  if ! make -s LUA="$rt" VARIANT="$variant" ${OPT:+OPT="$OPT"} >&2; then
    echo "test: build for $rt failed" >&2; failed=$((failed + 1)); status=1
    continue
  fi
  echo "== $rt" >&2
  LUA_CPATH="build/$v$variant/?.so;;" LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" \
    PYOS_TEST_RUNTIME="$rt" LD_PRELOAD="${TEST_PRELOAD:-}" \
    ${TEST_WRAPPER:-} "$rt" /usr/bin/busted --output=utfTerminal $specs >"$log" 2>&1
  rc=$?
  cat "$log"
  # busted's closing line: N successes / N failures / N errors / N pending
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[0-9]+ success' | tail -n 1)
  if [ -z "$line" ]; then
    echo "test: $rt: busted ended without a summary (exit $rc)" >&2
    failed=$((failed + 1)); status=1
    continue
  fi
  s=$(echo "$line" | awk '{print $1}'); f=$(echo "$line" | awk '{print $4}')
  e=$(echo "$line" | awk '{print $7}'); p=$(echo "$line" | awk '{print $10}')
  passed=$((passed + s)); failed=$((failed + f + e)); skipped=$((skipped + p))
  [ "$rc" -ne 0 ] && status=1
  [ $((f + e)) -ne 0 ] && status=1
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
