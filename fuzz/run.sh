#!/bin/sh
# make fuzz: build the libFuzzer target (pyos's C compiled in with coverage,
# ASan and UBSan) and run it for FUZZ_TIME seconds (default 120) or
# FUZZ_RUNS executions. Crashes are written to fuzz/crash-*.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/fuzz fuzz/corpus
src="src/fs.c src/fd.c src/proc.c src/sched.c src/xattr.c src/sys.c"
for a in fs fd proc sched xattr sys; do
  for f in src/${a}_*.c; do [ -e "$f" ] && src="$src $f"; done
done
clang -g -O1 -std=c99 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -DPYOS_ROOT="\"$PWD\"" \
  $(pkg-config --cflags lua5.4) -Isrc \
  fuzz/fuzz_args.c $src src/aux.c \
  /usr/lib/x86_64-linux-gnu/liblua5.4.a -lm -ldl -o build/fuzz/fuzz_args
args="-max_total_time=${FUZZ_TIME:-120} -timeout=10 -rss_limit_mb=4096 -print_final_stats=1"
[ -n "${FUZZ_RUNS:-}" ] && args="-runs=$FUZZ_RUNS -timeout=10 -rss_limit_mb=4096 -print_final_stats=1"
exec build/fuzz/fuzz_args $args -artifact_prefix="$PWD/fuzz/crash-" "$PWD/fuzz/corpus" </dev/null
