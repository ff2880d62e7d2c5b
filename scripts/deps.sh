#!/bin/sh
# Install (as root) or name (otherwise) the Debian packages a make goal needs.
#   sh scripts/deps.sh build|test|check|bench|embed|fuzz|all
set -eu

build="make gcc pkg-config lua5.4 liblua5.4-dev"
test="$build lua5.1 lua5.2 lua5.3 luajit2 liblua5.1-0-dev liblua5.2-dev
      liblua5.3-dev libluajit2-5.1-dev lua-busted"
check="$test valgrind"
bench="$build lua5.3 luajit2 libluajit2-5.1-dev lua-posix lua-filesystem lua-luv lua-penlight"
embed="$test luarocks neovim nginx-light libnginx-mod-http-lua curl"
fuzz="$build clang libclang-rt-14-dev"

case "${1:-test}" in
  build) want=$build ;;
  test) want=$test ;;
  check) want=$check ;;
  bench) want=$bench ;;
  embed) want=$embed ;;
  fuzz) want=$fuzz ;;
  all) want="$check $bench $embed $fuzz" ;;
  *) echo "usage: $0 build|test|check|bench|embed|fuzz|all" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  case " $missing " in *" $p "*) continue ;; esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
command -v python3 >/dev/null 2>&1 || missing="$missing python3"

[ -z "$missing" ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "pyos: missing packages:$missing" >&2
  echo "pyos: install them with:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "pyos: installing$missing" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
