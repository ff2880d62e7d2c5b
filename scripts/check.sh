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

# The runs are single-threaded busted runs, each into its own log,
# printed when all are done. One lane per core, a runtime per lane (ASan
# then valgrind; measured on a 2-core VM: lua5.4 ~3 + ~15 min, LuaJIT
# ~5.5 + ~11 min), as balanced as two lanes get.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

ASANOPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
asan() {
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  OPT="$ASANOPT" VARIANT=-asan TEST_JOBS=1 \
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

# scripts/test.sh builds lua5.4 and luajit too: build both variants here
# first, so the lanes' makes find them up to date and never write one
# directory at once.
for rt in $runtimes lua5.4 luajit; do
  command -v "$rt" >/dev/null 2>&1 || continue
  make -s LUA="$rt" VARIANT=-asan OPT="$ASANOPT" >/dev/null 2>&1
  make -s LUA="$rt" VARIANT=-vg OPT="$VGOPT" >/dev/null 2>&1
done

# Lane k: runtimes k, k + 2, ...; ASan then valgrind on each.
lane() {
  k=$1 i=0 st=0
  for rt in $runtimes; do
    if [ $((i % 2)) -eq "$k" ]; then
      asan "$rt" >"$logs/asan-$rt" 2>&1 || st=1
      memcheck "$rt" >"$logs/vg-$rt" 2>&1 || st=1
    fi
    i=$((i + 1))
  done
  return $st
}

lane 0 &
l0=$!
lane 1 &
l1=$!
wait $l0 || status=1
wait $l1 || status=1
echo "== ASan + UBSan" >&2
for rt in $runtimes; do cat "$logs/asan-$rt" >&2; done
echo "== valgrind memcheck" >&2
for rt in $runtimes; do cat "$logs/vg-$rt" >&2; done

echo "== threads: the thread host, native, ASan+UBSan and ThreadSanitizer" >&2
sh scripts/threads.sh native asan tsan || status=1

echo "== reentry: the reentrancy fuzzer under ASan+UBSan" >&2
REENTRY_SEED=${REENTRY_SEED:-1} REENTRY_ITERATIONS=${REENTRY_ITERATIONS:-1000} \
  sh scripts/reentry.sh $runtimes || status=1

[ $status -eq 0 ] && echo "check: ASan+UBSan, valgrind, the thread host and the reentrancy fuzzer clean" >&2
exit $status
