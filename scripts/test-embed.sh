#!/bin/sh
# make test-embed: pyos where its users live.
#   1. inside Neovim's own LuaJIT (embed/nvim_test.lua, headless, -u NONE);
#   2. inside nginx + lua-nginx-module, on 127.0.0.1 only (embed/nginx.conf.in);
#   3. installed by `luarocks make` into a temp tree, on Lua 5.4, 5.1, LuaJIT.
# Prints one line per check (ok / FAIL / skip), then `N passed, N failed,
# N skipped`; exits nonzero on any failure.
# EMBED_ALLOW_MISSING=1 turns "pyos lacks a function a check uses" from a
# failure into a skip (for development). VARIANT=-x builds into build/*-x.
# A missing tool (nvim, nginx, curl, luarocks) fails the run under CI=true,
# else its checks are skipped.
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

run_nvim() {
  mkdir "$tmp/nvim" || return
  nvim_lua "nvim" embed/nvim_test.lua PYOS_EMBED_DIR="$tmp/nvim"
  # The plugin layout: lua/pyos/ on 'runtimepath' with the .so files in it.
  rtp=$tmp/rtp
  mkdir -p "$rtp/lua/pyos" || return
  ln -s "$root"/lua/pyos/*.lua "$jitbuild"/pyos/*.so "$rtp/lua/pyos/"
  nvim_lua "nvim runtimepath" embed/nvim_rtp.lua PYOS_EMBED_RTP="$rtp"
}
case " $built " in
  *" luajit "*) need nvim "nvim" && run_nvim ;;
  *) fail "nvim" "no LuaJIT build" ;;
esac

# ---- 2. nginx + lua-nginx-module -----------------------------------------
freeport() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

get() {
  curl -sS --noproxy '*' --max-time 30 "http://127.0.0.1:$port$1" 2>&1
}

start_nginx() {
  p=$tmp/nginx
  mkdir -p "$p/conf" "$p/logs" "$p/temp" "$p/data/sub"
  printf 'hello, nginx\n' >"$p/data/hello.txt"
  printf 'a' >"$p/data/a.txt"
  user=""
  [ "$(id -u)" -eq 0 ] && user="user $(id -un) $(id -gn);"
  for _ in 1 2 3; do
    port=$(freeport) || return 1
    sed -e "s|@PREFIX@|$p|g" -e "s|@ROOT@|$root|g" -e "s|@BUILD@|$jitbuild|g" \
        -e "s|@DATA@|$p/data|g" -e "s|@PORT@|$port|g" -e "s|@USER@|$user|g" \
        embed/nginx.conf.in >"$p/conf/nginx.conf"
    : >"$p/logs/error.log"
    PYOS_EMBED_TEST=passed-through PYOS_EMBED_HIDDEN=not-passed \
      nginx -p "$p/" -c "$p/conf/nginx.conf" -e "$p/logs/error.log" \
      >"$p/logs/stdout.log" 2>&1 &
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

run_nginx() {
  p=$tmp/nginx
  if ! start_nginx; then
    fail "nginx: starts with pyos on its Lua paths"
    if [ -s "$p/logs/error.log" ]; then show "$p/logs/error.log" 1,20
    else show "$p/logs/stdout.log" 1,20; fi
    return
  fi
  ok "nginx: starts on 127.0.0.1:$port"

  expect "nginx: stat of a file" "$(get /stat)" "size=13"
  expect "nginx: ngx.run_worker_thread runs pyos off the loop" "$(get /thread)" \
    "true size=13 nil"
  expect "nginx: nil, err, errno" "$(get /error)" \
    "nil 2 FileNotFoundError [Errno 2] No such file or directory: '$p/data/missing'"
  expect "nginx: scandir listing" "$(get /list)" \
    '[{"name": "a.txt", "dir": false}, {"name": "hello.txt", "dir": false}, {"name": "sub", "dir": true}]'
  expect "nginx: environ passed by env, others cleared" "$(get /env)" \
    "passed-through nil"

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
  expect "nginx: posix_spawn output through a pipe" "$(get /spawn)" \
    "$(printf 'hello\nexit=3')"

  workers=$(grep -l "^PPid:[[:space:]]*$ngx_pid\$" /proc/[0-9]*/status 2>/dev/null |
            sed 's|^/proc/\([0-9]*\)/status$|\1|' | tr '\n' ' ')
  # shellcheck disable=SC2086 # one argument per worker pid
  where=$(python3 embed/listeners.py "$ngx_pid" $workers 2>&1)
  expect "nginx: listens on 127.0.0.1 only" "$where" "127.0.0.1:$port"

  if grep -E '\[(error|alert|crit|emerg)\]' "$p/logs/error.log" >"$tmp/ngxerr"; then
    fail "nginx: error log clean"; show "$tmp/ngxerr" 1,20
  else
    ok "nginx: error log clean"
  fi

  pidfile=$(cat "$p/nginx.pid" 2>/dev/null)
  master=$ngx_pid
  if [ "$pidfile" != "$ngx_pid" ]; then
    fail "nginx: stops on QUIT" "pid file says '$pidfile', started $ngx_pid"
    stop_nginx; return
  fi
  if stop_nginx && [ ! -d "/proc/$master" ] && [ ! -e "$p/nginx.pid" ]; then
    left=""
    for w in $workers; do [ -d "/proc/$w" ] && left="$left $w"; done
    if [ -z "$left" ]; then ok "nginx: stops on QUIT"
    else fail "nginx: stops on QUIT" "workers left:$left"; fi
  else
    fail "nginx: stops on QUIT" "exit status $ngx_rc"; show "$p/logs/error.log" 1,20
  fi
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
