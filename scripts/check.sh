#!/bin/sh
# make check: the whole spec suite built with ASan+UBSan, and under
# valgrind memcheck, on lua5.4 and luajit; then the thread host (8 threads,
# one lua_State each) natively, under ASan+UBSan and under ThreadSanitizer;
# then the reentrancy fuzzer under ASan+UBSan, a fixed seed and number of
# iterations (10-30 s per runtime; the calls differ a little from run to
# run, where a choice follows a result such as a pid). Any report from
# pyos fails it.
set -u
cd "$(dirname "$0")/.." || exit 2
runtimes=${CHECK_RUNTIMES:-"lua5.4 luajit"}
status=0
mkdir -p build/check
cc -shared -fPIC -O1 -o build/check/nodlclose.so scripts/nodlclose.c || exit 2

# The halves are single-threaded busted runs, each into its own log,
# printed when all are done. Valgrind on the first runtime is the long
# pole (lua5.4: ~16 min), so it has a core to itself; the other core runs
# the ASan half and then valgrind on the other runtimes (~8 + ~9 min).
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

asan() {
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
  VARIANT=-asan TEST_JOBS=1 \
  TEST_PRELOAD="$(cc -print-file-name=libasan.so) $PWD/build/check/nodlclose.so" \
    sh scripts/test.sh "$@"
}

VGOPT="-O1 -g"
memcheck() {
  OPT="$VGOPT" VARIANT=-vg TEST_JOBS=1 \
  TEST_PRELOAD="$PWD/build/check/nodlclose.so" \
  TEST_WRAPPER="valgrind -q --child-silent-after-fork=yes --leak-check=full --keep-debuginfo=yes --errors-for-leak-kinds=definite --error-exitcode=99 --suppressions=$PWD/scripts/valgrind.supp" \
    sh scripts/test.sh "$@"
}

# scripts/test.sh builds lua5.4 and luajit too: build the valgrind
# variant here first, so the two lanes' makes find it up to date and never
# write one directory at once.
for rt in $runtimes lua5.4 luajit; do
  command -v "$rt" >/dev/null 2>&1 || continue
  make -s LUA="$rt" VARIANT=-vg OPT="$VGOPT" >/dev/null 2>&1
done

set -- $runtimes
first=$1
shift
rest=$*

lanea() {
  st=0
  asan $runtimes >"$logs/asan" 2>&1 || st=1
  if [ -n "$rest" ]; then memcheck $rest >"$logs/vg-rest" 2>&1 || st=1; fi
  return $st
}

lanea &
apid=$!
memcheck "$first" >"$logs/vg" 2>&1 &
vpid=$!
wait $apid || status=1
wait $vpid || status=1
echo "== ASan + UBSan" >&2
cat "$logs/asan" >&2
echo "== valgrind memcheck" >&2
cat "$logs/vg" >&2
[ -f "$logs/vg-rest" ] && cat "$logs/vg-rest" >&2

echo "== threads: the thread host, native, ASan+UBSan and ThreadSanitizer" >&2
sh scripts/threads.sh native asan tsan || status=1

echo "== reentry: the reentrancy fuzzer under ASan+UBSan" >&2
REENTRY_SEED=${REENTRY_SEED:-1} REENTRY_ITERATIONS=${REENTRY_ITERATIONS:-1000} \
  sh scripts/reentry.sh $runtimes || status=1

[ $status -eq 0 ] && echo "check: ASan+UBSan, valgrind, the thread host and the reentrancy fuzzer clean" >&2
exit $status
