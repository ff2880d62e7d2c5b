#!/bin/sh
# scripts/reentry.sh: the reentrancy fuzzer (fuzz/reentry.lua) under
# ASan+UBSan, on lua5.4 and luajit, for a bounded time per runtime.
#
#   sh scripts/reentry.sh [RUNTIME...]      default: lua5.4 luajit
#
# Environment:
#   REENTRY_SECONDS  time per runtime (default 60)
#   REENTRY_SEED     first seed (default: from the clock); a run that ends
#                    early (a sanitizer abort, a hang) is restarted with
#                    the next seed until the time is used up
#   REENTRY_ITERATIONS, REENTRY_FROM, REENTRY_ONLY, REENTRY_NOHOSTILE,
#   REENTRY_TRACE    passed to the fuzzer; with REENTRY_ITERATIONS set the
#                    fuzzer runs once (no restarts): replaying a finding
#   VARIANT          build directory suffix (default -asan, as make check)
#   REENTRY_KEEP=1   keep each round's log under build/reentry/
#
# A sanitizer report ends a round, and the commonest one (environ()
# while a finalizer calls putenv) can end every round within seconds. So
# the rounds take turns over three profiles (REENTRY_PROFILE=N fixes one):
#   0  everything
#   1  no environ snapshots in hostile code, no environ target
#   2  hostile code leaves the environment alone (no envread, envchurn)
#
# The build and preload are scripts/check.sh's: VARIANT=-asan, OPT with
# -fsanitize=address,undefined, LD_PRELOAD of libasan and
# build/check/nodlclose.so. ASAN_OPTIONS adds max_free_fill_size, so that
# freed memory a child still receives (argv, envp) is scribbled over and
# the child's output shows it. Exit status: 0 when every round ended clean,
# 1 on any finding (sanitizer report, hang, wrong result), 2 on a setup
# failure. One line per runtime at the end:
#   reentry: RUNTIME N rounds, S s, F findings
set -u
cd "$(dirname "$0")/.." || exit 2
root=$PWD
runtimes=${*:-"lua5.4 luajit"}
seconds=${REENTRY_SECONDS:-60}
seed=${REENTRY_SEED:-$(( $(date +%s) % 1000000 ))}
variant=${VARIANT:--asan}
once=${REENTRY_ITERATIONS:-}
status=0
# what the caller fixed, repeated in the replay lines
fixed=""
for var in REENTRY_ONLY REENTRY_SKIP REENTRY_NOHOSTILE REENTRY_JIT; do
  eval "val=\${$var:-}"
  [ -n "$val" ] && fixed="$fixed $var=$val"
done

mkdir -p build/check build/reentry
cc -shared -fPIC -O1 -o build/check/nodlclose.so scripts/nodlclose.c || exit 2
preload="$(cc -print-file-name=libasan.so) $root/build/check/nodlclose.so"

# The first frame of a report that is in pyos's own source, else the first
# frame with a function name.
firstframe() {
  f=$(grep -a -E '^ +#[0-9]+ .* in [^ ]+ src/[a-z_]+\.[ch]:[0-9]+' "$1" | head -n 1)
  [ -z "$f" ] && f=$(grep -a -E '^ +#[0-9]+ .* in ' "$1" | head -n 1)
  echo "$f" | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //'
}

for rt in $runtimes; do
  v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
  if ! command -v "$rt" >/dev/null 2>&1; then
    echo "reentry: runtime $rt is not installed, skipped" >&2
    continue
  fi
  if ! make -s LUA="$rt" VARIANT="$variant" \
       OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" >&2; then
    echo "reentry: build for $rt failed" >&2; status=2; continue
  fi
  start=$(date +%s)
  end=$((start + seconds))
  round=0 found=0
  seenf=$(mktemp "${TMPDIR:-/tmp}/pyos-reentry-seen.XXXXXX")
  s=$seed
  while :; do
    now=$(date +%s)
    left=$((end - now))
    if [ -z "$once" ] && [ $left -le 0 ]; then break; fi
    [ $left -lt 1 ] && left=1
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/pyos-reentry-run.XXXXXX")
    log=$tmp/log
    trail=$tmp/trail
    # a hang (a corrupted LuaJIT heap can loop for ever) ends at the limit
    limit=$((left + 20))
    secs=$left
    [ -n "$once" ] && limit=$((seconds + 600)) && secs=100000
    profile=${REENTRY_PROFILE:-$((round % 3))}
    case $profile in
      1) nohostile=envread skip=environ ;;
      2) nohostile=envread,envchurn skip=environ ;;
      *) nohostile="" skip="" ;;
    esac
    LUA_CPATH="$root/build/$v$variant/?.so;;" \
    LUA_PATH="$root/lua/?.lua;$root/lua/?/init.lua;;" \
    LD_PRELOAD="$preload" \
    ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0:max_free_fill_size=65536 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    TMPDIR=$tmp REENTRY_TRAIL=$trail REENTRY_SEED=$s \
    REENTRY_NOHOSTILE=${REENTRY_NOHOSTILE:-$nohostile} REENTRY_SKIP=${REENTRY_SKIP:-$skip} \
      timeout -k 10 "$limit" "$rt" fuzz/reentry.lua "$s" "${once:-}" "$secs" >"$log" 2>&1
    rc=$?
    round=$((round + 1))
    before=$found
    where=""
    [ -s "$trail" ] && where=$(awk 'NR == 1 {printf "seed %s, iteration %s, target %s", $1, $2, $3}' "$trail")
    iter=$([ -s "$trail" ] && awk 'NR == 1 {print $2}' "$trail")
    target=$([ -s "$trail" ] && awk 'NR == 1 {print $3}' "$trail")
    summary=$(grep -a '^reentry: ' "$log" | tail -n 1)
    if grep -a -q -E 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error: ' "$log"; then
      kind=$(grep -a -m1 -E 'ERROR: AddressSanitizer|runtime error: ' "$log" \
             | sed -E 's/^==[0-9]+==//; s/ on (unknown )?address.*//; s/^.*runtime error: /UBSan: /')
      frame=$(firstframe "$log")
      key="$kind|$(echo "$frame" | sed -E 's/:[0-9]+.*//')"
      if ! grep -a -q -x -F "$key" "$seenf"; then
        echo "$key" >> "$seenf"
        echo "reentry: $rt: $kind in $frame ($where)"
        echo "  replay:$fixed REENTRY_PROFILE=$profile REENTRY_SEED=$s REENTRY_ITERATIONS=$iter sh scripts/reentry.sh $rt"
        echo "  alone: $fixed REENTRY_PROFILE=$profile REENTRY_SEED=$s REENTRY_FROM=$iter REENTRY_ITERATIONS=1 REENTRY_ONLY=$target sh scripts/reentry.sh $rt"
      fi
      found=$((found + 1))
    elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
      echo "reentry: $rt: no progress for ${limit}s, killed ($where): a hang, typically a heap corrupted earlier in the run"
      echo "  replay:$fixed REENTRY_PROFILE=$profile REENTRY_SEED=$s REENTRY_ITERATIONS=$iter sh scripts/reentry.sh $rt"
      found=$((found + 1))
    elif [ $rc -gt 128 ]; then
      echo "reentry: $rt: killed by signal $((rc - 128)) ($where)"
      echo "  replay:$fixed REENTRY_PROFILE=$profile REENTRY_SEED=$s REENTRY_ITERATIONS=$iter sh scripts/reentry.sh $rt"
      found=$((found + 1))
    fi
    if [ -z "$summary" ] && [ $rc -ne 0 ] && [ $found -eq $before ]; then
      echo "reentry: $rt: the fuzzer failed (exit $rc) ($where):"
      tail -n 20 "$log" | sed 's/^/  /'
      found=$((found + 1))
    fi
    if grep -a -q '^FINDING ' "$log"; then
      # each finding once per round (its detail without numbers and quotes)
      # each kind of finding once per runtime: its detail without numbers
      # and quoted strings is the key
      grep -a -A1 '^FINDING \[' "$log" | grep -a -v -- '^--$' | awk -v seenf="$seenf" -v rt="$rt" '
        BEGIN { while ((getline l < seenf) > 0) seen[l] = 1 }
        /^FINDING \[/ { d = $0; sub(/ [^ ]+ \(iteration[^)]*\): /, ": ", d)
                        gsub(/"[^"]*"/, "S", d); gsub(/[0-9]+/, "#", d)
                        show = !(d in seen) && d !~ /more of the same/
                        if (show) { seen[d] = 1; print d >> seenf; print "reentry: " rt ": " $0 }
                        next }
        /^  reproduce: / { if (show) print $0 }'
      n=$(grep -a -c '^FINDING \[' "$log")
      found=$((found + n))
    fi
    [ -n "$summary" ] && [ -n "${REENTRY_VERBOSE:-}$once" ] && echo "  $summary"
    if [ -n "${REENTRY_KEEP:-}" ]; then cp "$log" "build/reentry/$rt.$s.log"; fi
    if [ -n "${REENTRY_TRACE:-}" ]; then cat "$log" >&2; fi
    rm -rf "$tmp"
    s=$((s + 1))
    [ -n "$once" ] && break
  done
  rm -f "$seenf"
  echo "reentry: $rt $round rounds, $(( $(date +%s) - start )) s, $found findings"
  [ $found -ne 0 ] && [ $status -eq 0 ] && status=1
done
exit $status
