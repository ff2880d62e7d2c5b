#!/bin/sh
# The thread host (spec/threadhost.c): NTHREADS threads, each with its own
# lua_State, run spec/threadwork.lua (stat, scandir, walk, files, pipes,
# buffers, posix_spawn + waitpid, the environment) COUNT rounds each and
# check every result and that no fd is left open.
#   sh scripts/threads.sh [native|asan|tsan ...]    (default: all three)
# on lua5.4 and luajit (THREAD_RUNTIMES). THREADS (8) and ROUNDS (200; 40
# under the sanitizers) size the run. Prints ok/FAIL per run and exits
# nonzero on a failure or on any sanitizer report.
set -u
cd "$(dirname "$0")/.." || exit 2
modes=${*:-native asan tsan}
runtimes=${THREAD_RUNTIMES:-"lua5.4 luajit"}
threads=${THREADS:-8}
status=0
mkdir -p build/threads build/check
cc -shared -fPIC -O1 -o build/check/nodlclose.so scripts/nodlclose.c || exit 2

for mode in $modes; do
  case $mode in
    native) opt="-O2 -g" variant="" rounds=${ROUNDS:-200} preload="" ;;
    asan) opt="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
          variant=-asan rounds=${ROUNDS:-40} preload="$(cc -print-file-name=libasan.so)" ;;
    tsan) opt="-O1 -g -fno-omit-frame-pointer -fsanitize=thread"
          variant=-tsan rounds=${ROUNDS:-40} preload="" ;;
    *) echo "threads: unknown mode $mode" >&2; exit 2 ;;
  esac
  for rt in $runtimes; do
    v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
    pkg=$rt
    host=build/threads/host-$v$variant
    if ! make -s LUA="$rt" VARIANT="$variant" OPT="$opt" >&2 ||
       ! cc -std=c99 $opt -Wall -Wextra -Werror -pthread $(pkg-config --cflags "$pkg") \
           spec/threadhost.c -o "$host" $(pkg-config --libs "$pkg") -ldl -lm; then
      echo "FAIL $mode $rt: build"; status=1; continue
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/pyos-threads.XXXXXX")
    log=$dir.log
    # nodlclose keeps the module's symbols for the sanitizers' reports;
    # the children the workload spawns (sh) get a clean environment.
    LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" \
    LUA_CPATH="build/$v$variant/?.so;;" \
    LD_PRELOAD="$preload $PWD/build/check/nodlclose.so" \
    ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$PWD/scripts/tsan.supp" \
      timeout 600 "$host" spec/threadwork.lua "$threads" "$rounds" "$dir" >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && ! grep -q "Sanitizer\|runtime error" "$log"; then
      echo "ok   $mode $rt: $(tail -n 1 "$log")"
    else
      echo "FAIL $mode $rt (exit $rc)"; sed -n '1,60p' "$log" | sed 's/^/     | /'
      status=1
    fi
    rm -rf "$dir" "$log"
  done
done
exit $status
