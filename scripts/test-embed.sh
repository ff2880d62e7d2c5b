#!/bin/sh
# make test-embed: pyos where its users live.
#   1. inside Neovim's own LuaJIT (embed/nvim_test.lua, headless, -u NONE;
#      embed/nvim_raise.lua for uncaught errors);
#   2. inside nginx + lua-nginx-module, on 127.0.0.1 only: started from
#      embed/nginx.conf (the configuration doc/embedding.md shows, checked
#      to be the same) with only its port changed, plus the test server of
#      embed/nginx_test.conf.in; under load too: 32 requests at once on
#      the pool of 4 threads while /plain answers (load_check);
#   3. installed by `luarocks make` into a temp tree, on Lua 5.4, 5.1, LuaJIT.
# Prints one line per check (ok / FAIL / skip), then `N passed, N failed,
# N skipped`; exits nonzero on any failure.
# EMBED_ALLOW_MISSING=1 turns "pyos lacks a function a check uses" from a
# failure into a skip (for development). VARIANT=-x builds into build/*-x.
# A missing tool (nvim, nginx, curl, luarocks) fails the run under CI=true,
# else its checks are skipped. EMBED_RUNS=N sets how many times the spawn
# recipe runs in an nginx worker (100); EMBED_LOAD_N=N how many requests
# load_check sends at once (32; the checks expect them all in the handler
# together). Figures (times, counts) come out as indented "|" lines.
set -u
cd "$(dirname "$0")/.." || exit 2
root=$(pwd)
variant=${VARIANT:-}
allow_missing=${EMBED_ALLOW_MISSING:-}
passed=0 failed=0 skipped=0
ngx_pid=""

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pyos-embed.XXXXXX") || exit 2
chmod 755 "$tmp"    # nginx workers may run as another user

stop_nginx() {
  [ -n "$ngx_pid" ] || return 0
  kill -QUIT "$ngx_pid" 2>/dev/null
  i=0
  while [ $i -lt 150 ] && [ -d "/proc/$ngx_pid" ] &&
        [ "$(awk '{print $3}' "/proc/$ngx_pid/stat" 2>/dev/null)" != Z ]; do
    sleep 0.1; i=$((i + 1))
  done
  [ $i -ge 150 ] && kill -KILL "$ngx_pid" 2>/dev/null
  wait "$ngx_pid"
  ngx_rc=$?
  ngx_pid=""
  return $ngx_rc
}
cleanup() { stop_nginx; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "skip $1${2:+: $2}"; skipped=$((skipped + 1)); }
# A check whose pyos function does not exist (yet).
missing() {
  if [ "$allow_missing" = 1 ]; then skip "$1" "$2"; else fail "$1" "$2"; fi
}
# A tool the checks need: true when present.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "${CI:-}" = true ]; then fail "$2" "$1 is not installed"
  else skip "$2" "$1 is not installed"; fi
  return 1
}
# Indented lines of a log, for a failure's context.
show() { sed -n "${2:-1,40}p" "$1" | sed 's/^/     | /'; }
# Check that $2 (what we got) equals $3, reporting "missing pyos.X" bodies.
expect() {
  case $2 in
    "missing pyos."*) missing "$1" "$2" ;;
    "$3") ok "$1" ;;
    *) fail "$1" "expected '$3', got '$2'" ;;
  esac
}

# ---- builds -------------------------------------------------------------
built=""
for rt in luajit lua5.1 lua5.4; do
  if ! command -v "$rt" >/dev/null 2>&1 && [ "$rt" != luajit ]; then
    skip "build $rt" "$rt is not installed"; continue
  fi
  if make -s LUA="$rt" VARIANT="$variant" >"$tmp/build.log" 2>&1; then
    ok "build $rt"; built="$built $rt"
  else
    fail "build $rt"; show "$tmp/build.log"
  fi
done
jitbuild="$root/build/luajit$variant"

# ---- 1. Neovim ------------------------------------------------------------
# nvim_lua NAME FILE [VAR=value...]: run FILE in a headless Neovim, count
# the ok/FAIL/skip lines it prints, and check it ran to its end and that
# its exit code agrees.
nvim_lua() {
  name=$1 file=$2; shift 2
  env "$@" PYOS_EMBED_ROOT="$root" PYOS_EMBED_BUILD="$jitbuild" \
    EMBED_ALLOW_MISSING="$allow_missing" \
    timeout 60 nvim --headless -u NONE -i NONE -n \
      -c "luafile $file" -c 'qa!' </dev/null >"$tmp/nvim.out" 2>"$tmp/nvim.err"
  rc=$?
  done_seen="" nvim_failed=0
  while IFS= read -r line; do
    case $line in
      "ok "*) ok "${line#ok }" ;;
      "FAIL "*) fail "${line#FAIL }"; nvim_failed=1 ;;
      "skip "*) skip "${line#skip }" ;;
      "note "*) echo "     | ${line#note }" ;;
      "done nvim") done_seen=1 ;;
    esac
  done <"$tmp/nvim.out"
  if [ -z "$done_seen" ]; then
    fail "$name: ran to its end" "exit $rc"; show "$tmp/nvim.out"; show "$tmp/nvim.err"
  elif [ "$rc" -ne 0 ] && [ "$nvim_failed" -eq 0 ]; then
    fail "$name: exit code" "$rc with no failed check"; show "$tmp/nvim.err"
  elif [ "$rc" -eq 0 ] && [ "$nvim_failed" -ne 0 ]; then
    fail "$name: exit code" "0 despite failed checks"
  fi
}

# nvim_raise NAME RAISE HOW PATTERN: run embed/nvim_raise.lua with
# PYOS_EMBED_RAISE=RAISE, started by HOW (luafile, dofile: `:lua
# dofile(...)`, schedule: from a vim.schedule callback), and check that
# Neovim's error message matches the extended regex PATTERN.
nvim_raise() {
  name=$1 raise=$2 how=$3 pattern=$4
  file=$root/embed/nvim_raise.lua
  case $how in
    luafile) cmd="luafile $file" ;;
    dofile) cmd="lua dofile('$file')" ;;
    schedule) cmd="lua vim.schedule(function() dofile('$file') end)" ;;
  esac
  PYOS_EMBED_ROOT="$root" PYOS_EMBED_BUILD="$jitbuild" PYOS_EMBED_RAISE="$raise" \
    timeout 60 nvim --headless -u NONE -i NONE -n -c "$cmd" -c 'sleep 100m' -c 'qa!' \
      </dev/null >"$tmp/raise.out" 2>"$tmp/raise.err"
  # Neovim ends its messages with CR LF or nothing: one message a line.
  tr '\r' '\n' <"$tmp/raise.err" | sed 's/Error detected while/\nError detected while/g' >"$tmp/raise.msg"
  if grep -qE -- "$pattern" "$tmp/raise.msg"; then ok "$name"
  else fail "$name" "no line matches: $pattern"; show "$tmp/raise.msg" 1,10; show "$tmp/raise.out" 1,5; fi
}

run_nvim() {
  mkdir "$tmp/nvim" || return
  nvim_lua "nvim" embed/nvim_test.lua PYOS_EMBED_DIR="$tmp/nvim"
  # The plugin layout: lua/pyos/ on 'runtimepath' with the .so files in it.
  rtp=$tmp/rtp
  mkdir -p "$rtp/lua/pyos" || return
  ln -s "$root"/lua/pyos/*.lua "$jitbuild"/pyos/*.so "$rtp/lua/pyos/"
  nvim_lua "nvim runtimepath" embed/nvim_rtp.lua PYOS_EMBED_RTP="$rtp"
  # Uncaught errors: Neovim prints the raised string, or the OSError
  # object's __tostring, after its E-number.
  nvim_raise "nvim: uncaught assert(pyos.stat(missing)) shows Python's text (E5113)" \
    assert luafile \
    "^E5113: Error while calling lua chunk: .*:[0-9]+: \[Errno 2\] No such file or directory: '/no/such'"
  nvim_raise "nvim: uncaught mid-loop scandir raise shows Python's text (E5113)" \
    scandir luafile \
    "^E5113: Error while calling lua chunk: \[Errno 2\] No such file or directory: '/proc/[0-9]+/fd'"
  nvim_raise "nvim: uncaught mid-loop fwalk raise shows Python's text (E5108)" \
    fwalk dofile \
    "^E5108: Error executing lua \[Errno 2\] No such file or directory: [0-9]+"
  nvim_raise "nvim: uncaught mid-loop raise in vim.schedule shows Python's text" \
    scandir schedule \
    "^Error executing vim.schedule lua callback: \[Errno 2\] No such file or directory: '/proc/[0-9]+/fd'"
}
case " $built " in
  *" luajit "*) need nvim "nvim" && run_nvim ;;
  *) fail "nvim" "no LuaJIT build" ;;
esac

# ---- 2. nginx + lua-nginx-module -----------------------------------------
# nginx starts from embed/nginx.conf, the configuration doc/embedding.md
# shows, with one change: its port 8080 becomes a free port. The prefix is
# laid out as that file's header says. The test's own server (Host:
# pyos-test) and init_by_lua come in through the file's
# `include conf.d/*.conf` (embed/nginx_test.conf.in, @PORT@ replaced).

freeport() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# get PATH: the test server's answer; doc PATH: the documented server's;
# code PATH: the documented server's HTTP status.
get() {
  curl -sS --noproxy '*' --max-time 60 -H 'Host: pyos-test' "http://127.0.0.1:$port$1" 2>&1
}
doc() {
  curl -sS --noproxy '*' --max-time 60 "http://127.0.0.1:$port$1" 2>&1
}
code() {
  curl -sS --noproxy '*' --max-time 60 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$1" 2>&1
}

# docblock FILE: the fenced block under the line "<!-- file: FILE ..."
# in doc/embedding.md.
docblock() {
  awk -v f="$1" '
    state == 0 && index($0, "<!-- file: " f " ") == 1 { state = 1; next }
    state == 1 && /^```/ { state = 2; next }
    state == 2 && /^```[[:space:]]*$/ { exit }
    state == 2 { print }' doc/embedding.md
}

check_doc() {
  for f in embed/nginx.conf embed/pyos_nginx.lua; do
    docblock "$f" >"$tmp/docblock"
    if [ -s "$tmp/docblock" ] && cmp -s "$tmp/docblock" "$f"; then
      ok "doc/embedding.md shows $f verbatim"
    else
      fail "doc/embedding.md shows $f verbatim" \
        "$(diff "$tmp/docblock" "$f" | grep '^[<>]' | head -n 4 | tr '\n' ' ')"
    fi
  done
}

install_prefix() {
  rm -rf "$p"
  mkdir -p "$p/conf/conf.d" "$p/logs" "$p/temp" "$p/lua" "$p/lib/pyos" "$p/data/sub" &&
  cp -R lua/pyos "$p/lua/" &&
  cp embed/pyos_nginx.lua embed/pyos_embed.lua "$p/lua/" &&
  cp "$jitbuild"/pyos/*.so "$p/lib/pyos/" &&
  printf 'hello, nginx\n' >"$p/data/hello.txt" &&
  printf 'a' >"$p/data/a.txt"
}

start_nginx() {
  for _ in 1 2 3; do
    port=$(freeport) || return 1
    sed "s/^\( *listen 127\.0\.0\.1:\)8080;/\1$port;/" embed/nginx.conf >"$p/conf/nginx.conf"
    sed "s/@PORT@/$port/g" embed/nginx_test.conf.in >"$p/conf/conf.d/pyos-test.conf"
    : >"$p/logs/error.log"
    # The documented command line, from another directory.
    (cd / && MY_SETTING=passed-through PYOS_EMBED_HIDDEN=not-passed \
       exec nginx -p "$p" -c conf/nginx.conf) >"$p/logs/stdout.log" 2>&1 &
    ngx_pid=$!
    i=0
    while [ $i -lt 100 ]; do
      if [ ! -d "/proc/$ngx_pid" ] ||
         [ "$(awk '{print $3}' "/proc/$ngx_pid/stat" 2>/dev/null)" = Z ]; then
        break
      fi
      [ "$(get /ready)" = ready ] && return 0
      sleep 0.1; i=$((i + 1))
    done
    stop_nginx
    grep -q 'Address already in use' "$p/logs/error.log" "$p/logs/stdout.log" || break
  done
  return 1
}

# The error log, in windows: logmark, then requests, then logcheck.
logmark() { mark=$(wc -l <"$p/logs/error.log"); }
# logcheck NAME ERE: the lines since the mark hold exactly one [error]
# line, which matches ERE, no "unknown reason" and nothing at alert, crit
# or emerg. Moves the mark to the end.
logcheck() {
  tail -n "+$((mark + 1))" "$p/logs/error.log" >"$tmp/win"
  logmark
  n=$(grep -c '\[error\]' "$tmp/win")
  if [ "$n" -eq 1 ] && grep '\[error\]' "$tmp/win" | grep -qE -- "$2" &&
     ! grep -q 'unknown reason' "$tmp/win" &&
     ! grep -qE '\[(alert|crit|emerg)\]' "$tmp/win"; then
    ok "$1"
  else
    fail "$1" "$n [error] lines; want one matching $2"; show "$tmp/win" 1,12
  fi
}
# logclean NAME: no line since the mark at error level or above.
logclean() {
  tail -n "+$((mark + 1))" "$p/logs/error.log" >"$tmp/win"
  logmark
  if grep -E '\[(error|alert|crit|emerg)\]' "$tmp/win" >"$tmp/ngxerr"; then
    fail "$1"; show "$tmp/ngxerr" 1,20
  else
    ok "$1"
  fi
}

# alive PID: the process runs (a zombie does not: kill -0 would say yes).
alive() {
  [ -d "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
# now_ms: a clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Concurrency: $load_n (32) requests to /load at once (one curl runs
# them in parallel), each handler running pyos_embed.thread_load on the
# pool's 4 threads (walk + stat of a tree made here, stat of sizes/sI, the
# recipe's child with its output and status), while /plain is asked again
# and again from here and must answer during the load. Two rounds: in the
# first, each call in flight gets a new Lua VM for the pool, which nginx
# creates and loads the module into on the event loop; the second reuses
# them, so all 32 requests are in the handler at once.
load_check() {
  load_n=${EMBED_LOAD_N:-32}
  rm -rf "$p/tree" "$p/sizes"
  mkdir -p "$p/sizes" || { fail "nginx load: the tree"; return; }
  for a in 1 2 3 4; do
    for b in 1 2 3; do
      if ! { mkdir -p "$p/tree/d$a/e$b" &&
             head -c $((a * 100 + b)) /dev/zero >"$p/tree/d$a/e$b/f" &&
             printf x >"$p/tree/d$a/g$b"; }; then
        fail "nginx load: the tree"; return
      fi
    done
  done
  i=0
  while [ $i -lt "$load_n" ]; do
    head -c $((100 + i)) /dev/zero >"$p/sizes/s$i"; i=$((i + 1))
  done
  tdirs=$(find "$p/tree" -type d | wc -l)
  tfiles=$(find "$p/tree" -type f | wc -l)
  tbytes=$(find "$p/tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  logmark
  load_round "first round, new VMs"
  load_round "second round"
  expect "nginx load, second round: all $load_n requests in the handler at once" \
    "$max_inflight" "$load_n"
  logclean "nginx load: no [error], [alert], [crit] or [emerg] line in the log"
}

# load_round NAME: one round of load_check; sets max_inflight.
load_round() {
  rname=$1
  rm -rf "$tmp/load"; mkdir "$tmp/load" || return
  t0=$(now_ms)
  curl -sS --no-progress-meter --noproxy '*' --max-time 60 --parallel \
    --parallel-immediate --parallel-max "$load_n" -H 'Host: pyos-test' \
    -w '%{http_code}\n' -o "$tmp/load/#1" \
    "http://127.0.0.1:$port/load?i=[0-$((load_n - 1))]" \
    >"$tmp/load.codes" 2>"$tmp/load.err" &
  load_pid=$!
  # /plain, one request at a time, as long as the load runs (at most 600).
  plain_n=0 plain_busy=0 plain_bad="" plain_slow=0 k=0
  while [ $k -lt 600 ] && alive "$load_pid"; do
    r=$(curl -sS --noproxy '*' --max-time 10 -H 'Host: pyos-test' \
          -w ' %{time_total}' "http://127.0.0.1:$port/plain" 2>&1)
    k=$((k + 1))
    case $r in
      "plain size=13 inflight="*" running="*" "*)
        plain_n=$((plain_n + 1))
        # shellcheck disable=SC2086 # split into its words
        set -- $r      # plain size=13 inflight=N running=M SECONDS
        inflight=${3#inflight=} running=${4#running=}
        [ "$inflight" -gt 0 ] && [ "$running" -gt 0 ] && plain_busy=$((plain_busy + 1))
        ms=$(echo "$5" | awk '{printf "%d", $1 * 1000}')
        [ "$ms" -gt "$plain_slow" ] && plain_slow=$ms ;;
      *) plain_bad="$plain_bad [$r]" ;;
    esac
    sleep 0.02
  done
  wait "$load_pid"
  load_rc=$?
  t1=$(now_ms)

  # Every body: the report of thread_load for its i, then running= and
  # inflight= (kept for the maxima).
  bad="" max_running=0 max_inflight=0
  i=0
  while [ $i -lt "$load_n" ]; do
    want="i=$i dirs=$tdirs files=$tfiles bytes=$tbytes size=$((100 + i)) out=req-$i<LF> status=$((i + 3))"
    got=$(sed -n 1p "$tmp/load/$i" 2>/dev/null)
    r=$(sed -n 's/^running=//p' "$tmp/load/$i" 2>/dev/null)
    f=$(sed -n 's/^inflight=//p' "$tmp/load/$i" 2>/dev/null)
    case $r in ''|*[!0-9]*) r=0 ;; esac
    case $f in ''|*[!0-9]*) f=0 ;; esac
    [ "$r" -gt "$max_running" ] && max_running=$r
    [ "$f" -gt "$max_inflight" ] && max_inflight=$f
    if [ "$got" != "$want" ] && [ -z "$bad" ]; then
      bad="/load?i=$i: want '$want', got '$(head -c 200 "$tmp/load/$i" 2>/dev/null | tr '\n' ' ')'"
    fi
    i=$((i + 1))
  done
  codes=$(sort "$tmp/load.codes" | uniq -c | awk '{printf "%s%sx%s", sep, $1, $2; sep = " "}')
  name="nginx load, $rname: $load_n requests at once, walk + stat + the recipe's child on the pool: every body right"
  if [ "$load_rc" -ne 0 ] || [ "$codes" != "${load_n}x200" ]; then
    fail "$name" "curl exit $load_rc, HTTP codes: $codes"; show "$tmp/load.err" 1,5
  elif [ -n "$bad" ]; then fail "$name" "$bad"
  else ok "$name"; fi
  expect "nginx load, $rname: the pool ran pyos on 4 threads at once, never more" \
    "$max_running" 4
  name="nginx load, $rname: /plain answered during the load, while the pool was busy"
  if [ -n "$plain_bad" ]; then fail "$name" "wrong answers:$(echo "$plain_bad" | cut -c1-300)"
  elif [ "$plain_busy" -lt 5 ]; then
    fail "$name" "$plain_busy of $plain_n answers saw requests waiting and threads running (want 5 or more)"
  else ok "$name"; fi
  echo "     | nginx load, $rname: $load_n requests in $((t1 - t0)) ms, at most $max_inflight in the handler at once; /plain answered $plain_n times, $plain_busy while the pool was busy, slowest in ${plain_slow} ms"
}

# pyos.subprocess in a worker: $sub_n (200) runs of a mix on the event
# loop and as many on a thread of the pool (pyos_embed.subprocess_runs),
# every returncode, output and error right. nginx's SIGCHLD handler reaps
# every child of the worker it can; pyos sees the handler and starts each
# child through a reaper process that nginx never waits for
# (doc/embedding.md), so nginx must log nothing about them: no "unknown
# process" alert for the children killed by a signal, nothing at error
# level or above.
subprocess_check() {
  sub_n=${EMBED_SUBPROCESS_RUNS:-200}
  logmark
  t0=$(now_ms)
  body=$(get "/subprocess?n=$sub_n")
  t1=$(now_ms)
  name="nginx: pyos.subprocess, $sub_n runs on the loop and $sub_n on a thread: every result right"
  case $(echo "$body" | sed -n 1p) in
    "loop $sub_n/$sub_n thread $sub_n/$sub_n") ok "$name" ;;
    *) fail "$name" "$(echo "$body" | tr '\n' ' ' | cut -c1-400)" ;;
  esac
  expect "nginx: pyos.subprocess's child has fds 0 1 2 only, on the loop and on a thread" \
    "$(echo "$body" | sed -n 's/^fds //p')" "0 1 2 | 0 1 2"
  killed=$(echo "$body" | sed -n 's/^killed //p')
  tail -n "+$((mark + 1))" "$p/logs/error.log" >"$tmp/win"
  logmark
  alerts=$(grep -c '\[alert\]' "$tmp/win")
  name="nginx: pyos.subprocess: nothing in the log, no 'unknown process' alert for the killed children"
  case $killed in ''|*[!0-9]*) killed=-1 ;; esac
  if ! grep -qE '\[(error|alert|crit|emerg)\]|unknown process' "$tmp/win" && [ "$killed" -gt 0 ]; then
    ok "$name"
  else fail "$name" "$alerts alerts for $killed killed children"; show "$tmp/win" 1,12; fi
  echo "     | nginx subprocess: $((2 * sub_n)) runs in $((t1 - t0)) ms; $killed children died of a signal, nginx logged $alerts alerts"
}

run_nginx() {
  p=$tmp/nginx
  check_doc
  if ! install_prefix; then fail "nginx: lay out the prefix"; return; fi
  if ! start_nginx; then
    fail "nginx: starts from embed/nginx.conf"
    show "$p/logs/stdout.log" 1,20; show "$p/logs/error.log" 1,20
    return
  fi
  changed=$(diff embed/nginx.conf "$p/conf/nginx.conf" | grep -c '^>')
  if [ "$changed" -eq 1 ]; then
    ok "nginx: starts from embed/nginx.conf (port 8080 -> $port, nothing else)"
  else
    fail "nginx: starts from embed/nginx.conf (port 8080 -> $port, nothing else)" \
      "$changed lines differ"
  fi
  mark=0

  # The documented server.
  expect "nginx /size: a file's size" "$(doc '/size?name=hello.txt')" "13"
  expect "nginx /size: a missing file is 404" "$(code '/size?name=missing')" "404"
  expect "nginx /size: a name with a NUL byte is refused (400)" \
    "$(code '/size?name=a%00b')" "400"
  expect "nginx /size: a name with a slash is refused (400)" \
    "$(code '/size?name=..%2Fdata%2Fhello.txt')" "400"
  expect "nginx /size: a repeated name is refused (400)" \
    "$(code '/size?name=a.txt&name=hello.txt')" "400"
  st=$(python3 -c 'import os, sys; s = os.stat(sys.argv[1]); print("st_size=%d st_ino=%d st_mode=%d st_nlink=%d" % (s.st_size, s.st_ino, s.st_mode, s.st_nlink))' "$p/data/hello.txt")
  body=$(doc '/stat?name=hello.txt')
  got=""
  for field in $st; do
    case "
$body
" in *"
$field
"*) got="$got $field" ;; esac
  done
  if [ "$got" = " $st" ]; then ok "nginx /stat: st:totable() from a thread of the pool"
  elif ! LUA_PATH="lua/?.lua;lua/?/init.lua" LUA_CPATH="$jitbuild/?.so" \
       luajit -e 'os.exit(require("pyos").stat("/").totable and 0 or 1)'; then
    missing "nginx /stat: st:totable() from a thread of the pool" "missing st:totable"
  else
    fail "nginx /stat: st:totable() from a thread of the pool" \
      "want $st in: $(echo "$body" | tr '\n' ' ' | cut -c1-300)"
  fi
  expect "nginx /stat: a missing file is 404 (OSError.of(msg))" "$(code '/stat?name=missing')" "404"
  body=$(doc /disk)
  case $body in
    Filesystem*"$(printf '\nexit status 0')") ok "nginx /disk: the recipe's output and status from a thread" ;;
    *) fail "nginx /disk: the recipe's output and status from a thread" "$(echo "$body" | tr '\n' ' ')" ;;
  esac

  # The test server.
  expect "nginx: nil, msg, errno, err" "$(get /error)" \
    "nil string 2 FileNotFoundError true [Errno 2] No such file or directory: '$p/data/missing'"
  expect "nginx: scandir listing" "$(get /list)" \
    '[{"name": "a.txt", "dir": false}, {"name": "hello.txt", "dir": false}, {"name": "sub", "dir": true}]'
  expect "nginx: environ in a worker: only what env passes" "$(get /env)" \
    "passed-through nil"
  expect "nginx: init_by_lua runs in the master, sees its environment" "$(get /master)" \
    "passed-through not-passed true $ngx_pid"

  body=$(get /pid)
  case $body in
    "same "*)
      worker=${body#same }
      ppid=$(awk '/^PPid:/ {print $2}' "/proc/$worker/status" 2>/dev/null)
      if [ "$ppid" = "$ngx_pid" ]; then ok "nginx: pyos.getpid() == ngx.worker.pid()"
      else fail "nginx: pyos.getpid() == ngx.worker.pid()" "$worker is not a worker of $ngx_pid"; fi ;;
    *) expect "nginx: pyos.getpid() == ngx.worker.pid()" "$body" "same <worker pid>" ;;
  esac

  expect "nginx: the worker reaps children (waitpid: ChildProcessError)" \
    "$(get /reap)" "reaped ChildProcessError"
  expect "nginx: waitid on a pidfd after nginx reaped the child" "$(get /pidfd)" \
    "ChildProcessError"

  logmark
  expect "nginx: the recipe's output and status through the pipe" "$(get /run)" \
    "$(printf 'out=hello status=3\nmissing out=empty status=127\nexact status=0')"
  tail -n "+$((mark + 1))" "$p/logs/error.log" >"$tmp/win"
  if grep -qx 'pyos-embed-stderr' "$tmp/win"; then ok "nginx: the recipe's child writes stderr into the error log"
  else fail "nginx: the recipe's child writes stderr into the error log"; show "$tmp/win" 1,10; fi
  n=${EMBED_RUNS:-100}
  expect "nginx: the recipe's status, $n runs on the loop and $n on a thread" \
    "$(get "/runmany?n=$n")" "loop $n/$n thread $n/$n"

  subprocess_check

  body=$(get /fds)
  expect "nginx: the recipe's child has fds 0 1 2 only" \
    "$(echo "$body" | sed -n 's/^recipe //p')" "0 1 2"
  case $(echo "$body" | sed -n 's/^plain //p') in
    "0 1 2 | "*socket:*) ok "nginx: without the closefrom action the child has nginx's sockets" ;;
    *) fail "nginx: without the closefrom action the child has nginx's sockets" "$body" ;;
  esac
  body=$(get /threadchild)
  expect "nginx: the recipe's child on a thread: fds, signal mask, SIGPIPE" "$body" \
    "$(printf 'fds 0 1 2\nrecipe blocked=0000000000000000 pipe=default\nplain %s' \
       "$(echo "$body" | sed -n 's/^plain //p')")"
  case $(echo "$body" | sed -n 's/^plain //p') in
    "blocked=0000000000000000 "*|*"pipe=default") 
      fail "nginx: a plain spawn on a thread: signals blocked, SIGPIPE ignored" "$body" ;;
    "blocked="*) ok "nginx: a plain spawn on a thread: signals blocked, SIGPIPE ignored" ;;
    *) fail "nginx: a plain spawn on a thread: signals blocked, SIGPIPE ignored" "$body" ;;
  esac

  # A background grandchild: with the recipe it holds no socket of nginx;
  # without the closefrom action it holds the listening socket.
  bg_recipe=$(get '/background?closefrom=1')
  bg_plain=$(get '/background?closefrom=0')
  for g in $bg_recipe $bg_plain; do
    case $g in *[!0-9]*|"") fail "nginx: background pid" "$g"; return ;; esac
  done
  expect "nginx: a background grandchild of the recipe holds no listening socket" \
    "$(python3 embed/listeners.py "$bg_recipe" 2>&1)" ""
  expect "nginx: without the closefrom action it holds nginx's port" \
    "$(python3 embed/listeners.py "$bg_plain" 2>&1)" "127.0.0.1:$port"
  kill "$bg_recipe" "$bg_plain" 2>/dev/null

  expect "nginx: what crosses ngx.run_worker_thread" "$(get /cross)" \
    "$(printf 'true table true\ntrue nil string 2 FileNotFoundError true')"
  # (The function's name in the message is not checked here: see
  # spec/badargs_spec.lua.)
  body=$(get '/nul?name=a%00b')
  case $body in
    "3 false bad argument #1 to '"*"' (embedded null byte)
checkname nil") ok "nginx: a NUL byte in a path raises, checkname refuses it" ;;
    *) fail "nginx: a NUL byte in a path raises, checkname refuses it" "$body" ;;
  esac
  caught="false string FileNotFoundError 2 same-text"
  expect "nginx: a mid-loop raise caught: the text, OSError.of(e).name" \
    "$(get /midloop-caught)" "$caught; $caught"
  body=$(get /threadprobe)
  first=$(echo "$body" | sed -n 1p)
  expect "nginx: a thread's VM has ngx.config, so raise_text is on" "$first" "true table true"
  expect "nginx: a mid-loop raise caught in a thread's VM" "$(echo "$body" | sed -n 2p)" \
    "$caught; $caught"
  case $(echo "$body" | sed -n 3p) in
    "false string FileNotFoundError [Errno 2] No such file or directory: '/proc/"*"/fd'")
      ok "nginx: a mid-loop raise uncaught in a thread: run_worker_thread's message" ;;
    *) fail "nginx: a mid-loop raise uncaught in a thread: run_worker_thread's message" "$body" ;;
  esac

  workers=$(grep -l "^PPid:[[:space:]]*$ngx_pid\$" /proc/[0-9]*/status 2>/dev/null |
            sed 's|^/proc/\([0-9]*\)/status$|\1|' | tr '\n' ' ')
  # shellcheck disable=SC2086 # one argument per worker pid
  where=$(python3 embed/listeners.py "$ngx_pid" $workers 2>&1)
  expect "nginx: listens on 127.0.0.1 only" "$where" "127.0.0.1:$port"

  load_check

  # The error log: nothing at error level so far (the stat of a missing
  # file is a 404, not an error), then one known line per request below.
  mark=0
  logclean "nginx: error log clean"
  get /assert >/dev/null
  logcheck "nginx: uncaught assert(pyos.stat(missing)) logs Python's text" \
    "runtime error: .*\[Errno 2\] No such file or directory: '$p/data/missing-assert'"
  expect "nginx: ngx.log(ngx.ERR, msg)" "$(get /log)" "nil string"
  logcheck "nginx: ngx.log(ngx.ERR, msg) logs Python's text" \
    "\[lua\] .*\[Errno 2\] No such file or directory: '$p/data/missing-log'"
  get /midloop-scandir >/dev/null
  logcheck "nginx: an uncaught mid-loop scandir raise logs Python's text" \
    "runtime error: \[Errno 2\] No such file or directory: '/proc/[0-9]+/fd'"
  get /midloop-fwalk >/dev/null
  logcheck "nginx: an uncaught mid-loop fwalk raise logs Python's text" \
    "runtime error: \[Errno 2\] No such file or directory: [0-9]+"

  pidfile=$(cat "$p/logs/nginx.pid" 2>/dev/null)
  master=$ngx_pid
  if [ "$pidfile" != "$ngx_pid" ]; then
    fail "nginx: stops on QUIT" "pid file says '$pidfile', started $ngx_pid"
    stop_nginx; return
  fi
  if stop_nginx && [ ! -d "/proc/$master" ] && [ ! -e "$p/logs/nginx.pid" ]; then
    left=""
    for w in $workers; do [ -d "/proc/$w" ] && left="$left $w"; done
    if [ -z "$left" ]; then ok "nginx: stops on QUIT"
    else fail "nginx: stops on QUIT" "workers left:$left"; fi
  else
    fail "nginx: stops on QUIT" "exit status $ngx_rc"; show "$p/logs/error.log" 1,20
  fi
  logclean "nginx: error log clean after the checks"
}
case " $built " in
  *" luajit "*)
    need nginx "nginx" && need curl "nginx (curl)" && run_nginx ;;
  *) fail "nginx" "no LuaJIT build" ;;
esac

# ---- 3. luarocks ----------------------------------------------------------
run_luarocks() {
  bad=$(lua5.4 embed/rockspec_sources.lua pyos-scm-1.rockspec src/*.c 2>&1)
  if [ -z "$bad" ]; then ok "luarocks: the rockspec lists every C source"
  else fail "luarocks: the rockspec lists every C source" "$(echo "$bad" | tr '\n' ' ' | sed 's/ $//')"; fi

  # Build in a copy, so no .o or .so lands in src/.
  rock=$tmp/rock
  mkdir -p "$rock"
  cp -R pyos-*.rockspec src lua "$rock/" && rm -f "$rock"/src/*.o "$rock"/src/*.so
  for rt in lua5.4 lua5.1 luajit; do
    # luarocks knows LuaJIT as Lua 5.1 with LuaJIT's headers.
    v=${rt#lua} incdir="" b=$v
    [ "$rt" = luajit ] && v=5.1 incdir=LUA_INCDIR=/usr/include/luajit-2.1 b=luajit
    tree=$tmp/tree-$rt
    if ! command -v "$rt" >/dev/null 2>&1; then skip "luarocks $rt" "$rt is not installed"; continue; fi
    # shellcheck disable=SC2086 # $incdir is one word or none
    if (cd "$rock" && timeout 120 luarocks --lua-version="$v" --tree="$tree" \
          make pyos-scm-1.rockspec $incdir) >"$tmp/rock.log" 2>&1; then
      ok "luarocks $rt: make into a temp tree"
    else
      fail "luarocks $rt: make into a temp tree"
      grep -E 'rror|undefined' "$tmp/rock.log" | head -n 8 | sed 's/^/     | /'
      continue
    fi
    # Only the tree: no ;; so nothing else can satisfy the require.
    if LUA_PATH="$tree/share/lua/$v/?.lua;$tree/share/lua/$v/?/init.lua" \
       LUA_CPATH="$tree/lib/lua/$v/?.so" \
       "$rt" embed/rock_check.lua >"$tmp/names.rock" 2>"$tmp/rock.err"; then
      ok "luarocks $rt: require 'pyos' from the tree, pyos.stat('/')"
    else
      fail "luarocks $rt: require 'pyos' from the tree, pyos.stat('/')"; show "$tmp/rock.err" 1,10
      continue
    fi
    case " $built " in *" $rt "*) ;; *) continue ;; esac
    LUA_PATH="lua/?.lua;lua/?/init.lua" LUA_CPATH="build/$b$variant/?.so" \
      "$rt" embed/rock_check.lua >"$tmp/names.make" 2>&1
    if cmp -s "$tmp/names.rock" "$tmp/names.make"; then
      ok "luarocks $rt: same exports as the make build"
    else
      fail "luarocks $rt: same exports as the make build" \
        "$(diff "$tmp/names.make" "$tmp/names.rock" | grep '^[<>]' | head -n 10 | tr '\n' ' ')"
    fi
  done
}
need luarocks "luarocks" && need lua5.4 "luarocks (lua5.4)" && run_luarocks

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
