# pyos: Python's os module for Lua.
#   make                   build for Lua 5.4 (make LUA=lua5.1|lua5.2|lua5.3|luajit)
#   make test              every spec on every installed runtime
#   make check             the specs under ASan+UBSan, then under valgrind
#   make demo              build, then run examples/tour.lua
#   make env               build, then print LUA_PATH/LUA_CPATH exports for
#                          this checkout: eval "$(make -s env)" (LUA=luajit ...)
#   make bench             pyos against its peers and a plain C loop
#   make perf-check        instructions per operation against bench/perf/budgets.tsv
#   make test-embed        inside Neovim, nginx-lua, and from a luarocks tree
#   make fuzz              the libFuzzer target, for a bounded time

LUA       ?= lua5.4
RUNTIMES  ?= lua5.1 lua5.2 lua5.3 lua5.4 luajit
AREAS     := fs fd proc sched xattr sys

# lua5.4 -> 5.4, luajit -> luajit: one build directory per runtime.
V         := $(patsubst lua%,%,$(filter lua5.%,$(LUA)))$(filter luajit,$(LUA))
PKG       := $(if $(filter luajit,$(LUA)),luajit,$(LUA))
VARIANT   ?=
B         := build/$(V)$(VARIANT)

CC        ?= cc
OPT       ?= -O2
LUA_CFLAGS = $(shell pkg-config --cflags $(PKG))
CFLAGS_ALL = -std=c99 $(OPT) -fPIC -fvisibility=hidden -D_GNU_SOURCE \
             -Wall -Wextra -Werror $(LUA_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = -shared $(LDFLAGS)

HEADERS   := $(wildcard src/*.h)
MODULES   := $(AREAS:%=$(B)/pyos/%.so)

.PHONY: all deps test check demo env bench perf-check test-embed fuzz clean testkit
TESTKITS  := $(patsubst spec/%.c,$(B)/pyos_%.so,$(wildcard spec/testkit*.c))
all: $(MODULES) $(TESTKITS)

ifeq ($(V),)
$(error LUA must be one of lua5.1 lua5.2 lua5.3 lua5.4 luajit)
endif

$(B)/obj $(B)/pyos:
	@mkdir -p $@

$(B)/obj/%.o: src/%.c $(HEADERS) | $(B)/obj
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# An area module: src/AREA.c, its src/AREA_*.c parts, and the shared aux.c.
.SECONDEXPANSION:
$(B)/pyos/%.so: $(B)/obj/%.o $$(patsubst src/%.c,$(B)/obj/%.o,$$(wildcard src/$$*_*.c)) $(B)/obj/aux.o | $(B)/pyos
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^

# Test-only helpers (fd lists, signal handlers without SA_RESTART, ...),
# never part of pyos: spec/testkit*.c -> pyos_testkit*.so.
$(B)/pyos_%.so: spec/%.c src/compat.h | $(B)/obj
	$(CC) $(CFLAGS_ALL) -Isrc $(LDFLAGS_ALL) -o $@ $<

deps:
	@sh scripts/deps.sh test

test:
	@sh scripts/deps.sh test
	@sh scripts/test.sh $(RUNTIMES)

check:
	@sh scripts/deps.sh check
	@sh scripts/check.sh

demo:
	@sh scripts/deps.sh build
	@$(MAKE) -s LUA=lua5.4
	@LUA_CPATH='build/5.4/?.so;;' LUA_PATH='lua/?.lua;lua/?/init.lua;;' \
	  lua5.4 examples/tour.lua

# Absolute paths, so the exports work from any directory. Quoted for sh
# (a ' in the path becomes '\'').
ENV_ROOT   = $(subst ','\'',$(CURDIR))
env: all
	@printf '%s\n' "export LUA_PATH='$(ENV_ROOT)/lua/?.lua;$(ENV_ROOT)/lua/?/init.lua;;'; export LUA_CPATH='$(ENV_ROOT)/$(B)/?.so;;'"

bench:
	@sh scripts/deps.sh bench
	@sh bench/run.sh

perf-check:
	@sh scripts/deps.sh check
	@VARIANT='$(VARIANT)' sh scripts/perfcheck.sh

test-embed:
	@sh scripts/deps.sh embed
	@sh scripts/test-embed.sh

fuzz:
	@sh scripts/deps.sh fuzz
	@sh fuzz/run.sh

clean:
	rm -rf build *.o src/*.o *.so
