# telestat - plain GNU make with pkg-config.
#
#   make            build everything into build/
#   make deps       install missing Debian packages (no-op when present)
#   make demo       run the whole pipeline on bundled synthetic data
#   make check      normal + ASan/UBSan builds, whole suite on both, fuzz runs
#   make bench      time telestat against DuckDB, gawk and Miller (installs
#                   them first: apt for gawk, miller, time and node; npm
#                   for DuckDB into build/bench/node)
#   make install    PREFIX=/usr/local

BUILD    ?= build
PREFIX   ?= /usr/local
CC       ?= cc
SAN      ?=

# pkg-config is asked once, when make reads this file. On a fresh machine
# that is before `make deps` has installed the -dev packages, so the targets
# that install first (demo, check, test) build through a second make, which
# reads this file again and asks again. A build with nothing from pkg-config
# stops at once with the reason instead of failing at link time.
PKGS      = libcjson libpcre2-8 zlib libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter
ifeq ($(CI),true)
WARN     += -Werror
endif
ifeq ($(WERROR),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
ifeq ($(SAN),1)
OPT       = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
endif

SHAREDIR  = $(CURDIR)/share
TS_CFLAGS = -std=c11 $(WARN) $(OPT) -D_DEFAULT_SOURCE -Ilib $(PKG_CFLAGS) \
            -DTS_SHAREDIR='"$(SHAREDIR)"' -pthread -MMD -MP $(CFLAGS)
TS_LDFLAGS = $(OPT) -pthread $(LDFLAGS)
TS_LIBS   = $(PKG_LIBS) -lcsv -lm

LIB_SRC   = $(wildcard lib/*.c)
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBA      = $(BUILD)/libtelestat.a
# cmd/cli.c (how a command stops) is linked into every command.
CMD_SRC   = $(filter-out cmd/telestat.c cmd/cli.c,$(wildcard cmd/*.c))
CLI_OBJ   = $(BUILD)/cmd/cli.o
CMDS      = $(CMD_SRC:cmd/%.c=$(BUILD)/bin/telestat-%) $(BUILD)/bin/telestat
UNIT_SRC  = $(wildcard tests/unit/*.c)
UNITS     = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
FUZZ_SRC  = $(wildcard tests/fuzz/*.c)
FUZZERS   = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
MANPAGES  = $(wildcard man/*.[1-9])
# The commands again, linked with the fault-injection shim
# (tests/faultinject.c) for tests/faultinject.t; never installed.
FAULT_WRAP = read write open openat fopen mkstemp rename fsync close fclose \
             malloc calloc realloc posix_spawn posix_spawnp
comma     := ,
FAULT_LDFLAGS = $(foreach f,$(FAULT_WRAP),-Wl$(comma)--wrap=$(f))
FAULTS    = $(CMD_SRC:cmd/%.c=$(BUILD)/fault/bin/telestat-%)

DEPS_PKGS = libcsv-dev libcjson-dev libpcre2-dev zlib1g-dev libsodium-dev \
            gnuplot-nox mandoc pkg-config clang libclang-rt-14-dev perl \
            libxml2-utils sqlite3 postgresql

.PHONY: all deps demo check check-builds check-build check-build-asan check-build-fuzz test fuzz bench bench-peers duckdb-node browser-deps install clean lint pkgcheck

all: $(CMDS) $(UNITS) $(FAULTS)

# Objects and the fuzzing library are intermediate files that make would
# otherwise delete, so that `make` right after `make demo` rebuilt them.
.SECONDARY:

pkgcheck:
	@if [ -z "$(PKG_LIBS)" ]; then \
	  echo "make: pkg-config finds no flags for $(PKGS)." >&2; \
	  pkg-config --print-errors --exists $(PKGS) 2>&1 | sed 's/^/make:   /' >&2; \
	  echo "make: run 'make deps' (or 'make demo', which runs it) first." >&2; \
	  exit 1; \
	fi

# pkgcheck only when pkg-config found nothing, so that a finished build is
# up to date for `make -q` and `make` after `make demo` does nothing.
PKGCHECK = $(if $(strip $(PKG_LIBS)),,pkgcheck)

$(BUILD)/%.o: %.c | $(PKGCHECK)
	@mkdir -p $(@D)
	$(CC) $(TS_CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/bin/telestat-%: $(BUILD)/cmd/%.o $(CLI_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(TS_LDFLAGS) -o $@ $< $(CLI_OBJ) $(LIBA) $(TS_LIBS)

$(BUILD)/bin/telestat: $(BUILD)/cmd/telestat.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(TS_LDFLAGS) -o $@ $< $(LIBA) $(TS_LIBS)

$(BUILD)/fault/bin/telestat-%: $(BUILD)/cmd/%.o $(CLI_OBJ) $(BUILD)/tests/faultinject.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(TS_LDFLAGS) $(FAULT_LDFLAGS) -o $@ $< $(CLI_OBJ) \
	  $(BUILD)/tests/faultinject.o $(LIBA) $(TS_LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(TS_LDFLAGS) -o $@ $< $(LIBA) $(TS_LIBS)

# libFuzzer targets: the library is compiled once with clang's fuzzer
# instrumentation (build/fuzz/lib.a), then each target links against it.
FUZZ_CFLAGS = -std=c11 -g -O1 -D_DEFAULT_SOURCE -Ilib $(PKG_CFLAGS) \
              -DTS_SHAREDIR='"$(SHAREDIR)"' -pthread -MMD -MP \
              -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJ = $(LIB_SRC:lib/%.c=build/fuzz/lib/%.o)
build/fuzz/lib/%.o: lib/%.c | $(PKGCHECK)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build/fuzz/lib.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^
build/fuzz/%: tests/fuzz/%.c build/fuzz/lib.a
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/lib.a $(TS_LIBS)

fuzz: $(FUZZERS)

deps:
	@missing=; for p in $(DEPS_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The three builds run side by side, sharing CHECK_JOBS jobs (one per
# core), then the suite (tests/run keeps every core busy too).
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check: deps
	$(MAKE) -j$(CHECK_JOBS) check-builds
	tests/run build build/asan

check-builds: check-build check-build-asan check-build-fuzz
check-build:
	$(MAKE) all
check-build-asan:
	$(MAKE) BUILD=build/asan SAN=1 all
check-build-fuzz:
	$(MAKE) fuzz

# The quick suite: normal build only, no ASan build and no fuzz runs.
test: deps
	$(MAKE) all
	@echo "make test: the quick suite (normal build; no ASan, no fuzz; 'make check' runs all)"
	TELESTAT_NO_FUZZ=1 TELESTAT_NO_BROWSER=1 tests/run build

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)

demo: deps
	$(MAKE) all
	tools/demo.sh

# The benchmark's peers. DuckDB is its npm package, pinned to a release
# that runs on Node 18 and 20, installed under build/ (nothing outside the
# repository); gawk, Miller and GNU time come from apt like make deps.
DUCKDB_NODE_API = 1.4.1-r.4
BENCH_PKGS = gawk miller time
BENCH_NODE = build/bench/node/node_modules/@duckdb/node-api/package.json

bench: deps
	$(MAKE) all
	$(MAKE) bench-peers
	bench/run

bench-peers: $(BENCH_NODE)
	@missing=; for p in $(BENCH_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make bench-peers: installing$$missing"; \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# chromium (Debian's) for tests/browser.t, which looks at the HTML report
# at desktop and phone widths; make check runs it, make test does not.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "make browser-deps: installing chromium"; \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium; \
	fi

# DuckDB for tests/duckdb.t (reads report -f csv) and for the bench.
duckdb-node: $(BENCH_NODE)

$(BENCH_NODE):
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "make bench-peers: installing nodejs npm"; \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi
	mkdir -p build/bench/node
	npm install --prefix build/bench/node --no-audit --no-fund --silent \
	  @duckdb/node-api@$(DUCKDB_NODE_API)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/telestat \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/man/man7 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(CMDS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 completion/telestat.bash \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/telestat
	cp -R share/. $(DESTDIR)$(PREFIX)/share/telestat/
	install -d $(DESTDIR)$(PREFIX)/share/doc/telestat/examples
	install -m 755 examples/nightly.sh $(DESTDIR)$(PREFIX)/share/doc/telestat/examples/
	for m in $(MANPAGES); do \
	  install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$${m##*.}/; done

clean:
	rm -rf build demo

-include $(LIB_OBJ:.o=.d) $(wildcard build/fuzz/lib/*.d) $(wildcard $(BUILD)/cmd/*.d) $(wildcard $(BUILD)/tests/unit/*.d) $(wildcard $(BUILD)/tests/*.d)
