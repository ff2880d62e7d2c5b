#!/bin/sh
# threadrun.sh HOST NTHREADS COUNT PATH: run the thread host on the stat
# workload and print "NS_PER_STAT NTHREADS" (wall time over all stats of
# all threads: the aggregate cost, so 2 threads that scale give half).
# The check field is "ok", as the C row's.
host=$1 n=$2 count=$3 path=$4
out=$("$host" bench/lua/threadstat.lua "$n" "$count" "$path") || exit 1
echo "$out" | awk -v n="$n" -v c="$count" '{ t = $(NF - 1); printf "%.1f ok\n", t * 1e9 / (n * c) }'
