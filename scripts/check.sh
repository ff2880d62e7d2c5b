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

# The two halves are single-threaded busted runs: they run side by side
# (one core each), each into its own log, printed when both are done.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

asan() {
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
  VARIANT=-asan TEST_JOBS=1 \
  TEST_PRELOAD="$(cc -print-file-name=libasan.so) $PWD/build/check/nodlclose.so" \
    sh scripts/test.sh $runtimes
}

memcheck() {
  OPT="-O1 -g" VARIANT=-vg TEST_JOBS=1 \
  TEST_PRELOAD="$PWD/build/check/nodlclose.so" \
  TEST_WRAPPER="valgrind -q --child-silent-after-fork=yes --leak-check=full --keep-debuginfo=yes --errors-for-leak-kinds=definite --error-exitcode=99 --suppressions=$PWD/scripts/valgrind.supp" \
    sh scripts/test.sh $runtimes
}

asan >"$logs/asan" 2>&1 &
apid=$!
memcheck >"$logs/vg" 2>&1 &
vpid=$!
wait $apid || status=1
wait $vpid || status=1
echo "== ASan + UBSan" >&2
cat "$logs/asan" >&2
echo "== valgrind memcheck" >&2
cat "$logs/vg" >&2

echo "== threads: the thread host, native, ASan+UBSan and ThreadSanitizer" >&2
sh scripts/threads.sh native asan tsan || status=1

echo "== reentry: the reentrancy fuzzer under ASan+UBSan" >&2
REENTRY_SEED=${REENTRY_SEED:-1} REENTRY_ITERATIONS=${REENTRY_ITERATIONS:-1000} \
  sh scripts/reentry.sh $runtimes || status=1

[ $status -eq 0 ] && echo "check: ASan+UBSan, valgrind, the thread host and the reentrancy fuzzer clean" >&2
exit $status
