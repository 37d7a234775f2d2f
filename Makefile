# nskit: Linux namespace inspection and debugging toolkit.
#
#   make                 build the tools into build/
#   make check           install missing dependencies, build, run every test
#   make asan check      the same with AddressSanitizer and UBSan (build-asan/)
#   make help            every target
#
# V=1 shows full commands, WERROR=1 turns warnings into errors.

VERSION     := 0.1.0

PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBEXECDIR  ?= $(PREFIX)/libexec
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# zsh's own directory for local additions under /usr/local, and the one
# it keeps for distributions' packages under /usr (Debian's fpath has both)
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
# the JSON Schemas of the tools' output (docs/json/)
SCHEMADIR   ?= $(PREFIX)/share/nskit/json
DESTDIR     ?=

PKG_CONFIG  ?= pkg-config
INSTALL     ?= install

# Sanitizer builds live in a tree of their own so that they never mix with
# normal objects.
ifneq ($(filter asan,$(MAKECMDGOALS)),)
ASAN        := 1
endif
ifeq ($(ASAN),1)
O           ?= build-asan
SANITIZE    := -fsanitize=address,undefined -fno-omit-frame-pointer \
	       -fno-sanitize-recover=undefined
else
O           ?= build
SANITIZE    :=
endif

CFLAGS      ?= -O2 -g
WARNINGS    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	       -Wmissing-prototypes -Wpointer-arith -Wundef -Wwrite-strings -Wvla
ifeq ($(WERROR),1)
WARNINGS    += -Werror
endif

# pkg-config is asked lazily (=, not :=): `make check` installs missing
# packages first and then re-enters make, which must see them.
PKGS         = libproc2 smartcols ncursesw libmnl libcap json-c libarchive nettle
PKG_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS     = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

NSKIT_CFLAGS = -std=gnu11 -D_GNU_SOURCE -Icommon -Itools/cli -DNSKIT_VERSION=\"$(VERSION)\" \
	       -DNSKIT_LIBEXECDIR=\"$(LIBEXECDIR)/nskit\" \
	       $(WARNINGS) $(SANITIZE) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
NSKIT_LDLIBS = $(PKG_LIBS) -lpthread $(LDLIBS)
# -z now: every symbol bound at start, and the GOT read-only after: no lazy
# binding writes into memory that nsrun's launcher shares with its child.
# --as-needed: a tool loads only the libraries it calls (libcap probes the
# kernel at every start, ncursesw is nstop's alone).
NSKIT_LDFLAGS = -Wl,-z,relro,-z,now -Wl,--as-needed $(SANITIZE) $(LDFLAGS)

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

TOOLS       := nsls nsdiff nsjoin nsrun nstop
TOOLS_BUILT  = $(foreach t,$(TOOLS),$(if $(wildcard tools/$(t).c tools/$(t)/*.c),$(t)))

LIB_SRC      = $(sort $(wildcard common/*.c))
LIB_OBJ      = $(patsubst %.c,$(O)/%.o,$(LIB_SRC))
LIB          = $(O)/libnskit.a

# tests/unit/test_*.c test common/; tests/unit/TOOL/test_*.c test the
# modules of tools/TOOL/, which they link from that tool's archive.
UNIT_SRC     = $(sort $(wildcard tests/unit/test_*.c tests/unit/*/test_*.c))
UNIT_BIN     = $(patsubst tests/unit/%.c,$(O)/tests/unit/%,$(UNIT_SRC))
UNIT_HELPERS = $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c))
UNIT_HELPER_OBJ = $(patsubst %.c,$(O)/%.o,$(UNIT_HELPERS))

BINS         = $(addprefix $(O)/,$(TOOLS_BUILT))

# tools/cli/: what the tools' main()s share (prints and exits, unlike common/),
# an archive, so that a tool links only the parts it calls
CLI_SRC      = $(wildcard tools/cli/*.c)
CLI_OBJ      = $(patsubst %.c,$(O)/%.o,$(CLI_SRC))
CLI_LIB      = $(O)/tools/cli/libcli.a

# A tool of several files keeps what only it uses in tools/TOOL/: those
# modules (all but main.c) also make an archive, lib-TOOL.a, for its tests.
# Its files and its tests see its headers.
TOOL_DIRS    = $(filter-out cli,$(patsubst tools/%/,%,$(wildcard tools/*/)))
tool_lib     = $(O)/tools/$(1)/lib-$(1).a
tool_lib_obj = $(patsubst %.c,$(O)/%.o,$(filter-out tools/$(1)/main.c,$(wildcard tools/$(1)/*.c)))
MANPAGES     = $(wildcard man/*.1 man/*.7)

.PHONY: all check check-unit test-run tests install uninstall clean asan valgrind bench \
	demo format help deps fuzz deb
.DEFAULT_GOAL := all

# nsrun-init: the init of nsrun's containers (tools/nsrun-init.c), which
# nsrun's container process execs. Static, so that it starts at little cost:
# on x86-64 without a C library at all, elsewhere on glibc; never with
# sanitizers, which cannot be static.
INIT_BIN     = $(O)/nsrun-init
INIT_FLAGS   = $(if $(filter x86_64%,$(shell $(CC) -dumpmachine)), \
		 -nostdlib -ffreestanding -fno-stack-protector,-DNSRUN_INIT_LIBC)

# nsrun-load: `nsrun image load` (tools/nsrun-load.c), which nsrun execs, so
# that libarchive and what it loads (libxml2, ICU, libstdc++) cost nsrun's
# other commands, and its containers' launches, nothing.
LOAD_BIN     = $(O)/nsrun-load

all: $(BINS) $(INIT_BIN) $(LOAD_BIN)

$(O)/tools/nsrun-load.o: NSKIT_CFLAGS += -Itools/nsrun
$(LOAD_BIN): $(O)/tools/nsrun-load.o $(call tool_lib,nsrun) $(CLI_LIB) $(LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(NSKIT_LDFLAGS) -o $@ $< $(call tool_lib,nsrun) $(CLI_LIB) $(LIB) $(NSKIT_LDLIBS)

$(INIT_BIN): tools/nsrun-init.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -D_GNU_SOURCE $(WARNINGS) $(CPPFLAGS) $(CFLAGS) $(INIT_FLAGS) -static \
		$(LDFLAGS) -o $@ $<

$(O)/%.o: %.c $(wildcard common/*.h tools/*/*.h tests/unit/*.h)
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(NSKIT_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(CLI_LIB): $(CLI_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

define tool_rules
$(call tool_lib,$(1)): $(call tool_lib_obj,$(1))
	$$(call msg,AR,$$@)
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^
$(O)/tools/$(1)/%.o $(O)/tests/unit/$(1)/%.o: NSKIT_CFLAGS += -Itools/$(1)
endef
$(foreach t,$(TOOL_DIRS),$(eval $(call tool_rules,$(t))))
$(O)/tests/unit/%.o: NSKIT_CFLAGS += -Itests/unit

# A tool is tools/NAME.c, or a directory tools/NAME/ of several files.
.SECONDEXPANSION:
# (no '%' inside: a static pattern would substitute the stem into it)
$(BINS): $(O)/%: $$(addprefix $(O)/,$$(subst .c,.o,$$(wildcard tools/$$*.c tools/$$*/*.c))) \
		$(CLI_LIB) $(LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(NSKIT_LDFLAGS) -o $@ $(filter %.o,$^) $(CLI_LIB) $(LIB) $(NSKIT_LDLIBS)

# Unit tests may replace functions of the syscall layer with the linker's
# --wrap: a test lists them in a line "WRAP: name name" of its source. A
# test in tests/unit/TOOL/ links that tool's archive and tools/cli first.
unit_tool    = $(if $(findstring /,$(1)),$(firstword $(subst /, ,$(1))))
$(UNIT_BIN): $(O)/tests/unit/%: $(O)/tests/unit/%.o $(UNIT_HELPER_OBJ) \
		$$(if $$(call unit_tool,$$*),$$(call tool_lib,$$(call unit_tool,$$*)) $(CLI_LIB)) $(LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(NSKIT_LDFLAGS) -o $@ $< $(UNIT_HELPER_OBJ) \
		$(addprefix -Wl$(comma)--wrap=,$(shell sed -n 's/.*WRAP: *//p' tests/unit/$*.c)) \
		$(filter %.a,$(filter-out $(LIB),$^)) \
		$(LIB) $(CMOCKA_LIBS) $(NSKIT_LDLIBS)

comma := ,

# The unit tests' fixtures are found from the source tree whatever the
# working directory (NSKIT_SRCDIR overrides).
$(UNIT_HELPER_OBJ): NSKIT_CFLAGS += -DNSKIT_TEST_SRCDIR=\"$(CURDIR)\"

tests: all $(UNIT_BIN)

deps:
	$(Q)scripts/deps.sh

# check: dependencies first, then a fresh make that sees them.
check:
	$(Q)scripts/deps.sh runtimes
	$(Q)$(MAKE) --no-print-directory test-run ASAN=$(ASAN)

# The unit tests run twice: as they are, and again as on a machine that
# booted 10 s ago (boot10: in tests/run.sh).
test-run: tests
	$(Q)NSKIT_BIN=$(abspath $(O)) tests/run.sh $(UNIT_BIN) $(addprefix boot10:,$(UNIT_BIN)) \
		$(sort $(filter-out tests/integration/lib.sh,$(wildcard tests/integration/*.sh)))

# The unit tests alone: nothing installed, no root needed, no integration
# test (the package's build runs these: debian/rules).
check-unit: $(UNIT_BIN)
	$(Q)NSKIT_BIN=$(abspath $(O)) tests/run.sh $(UNIT_BIN) $(addprefix boot10:,$(UNIT_BIN))

# deb: the Debian package (debian/), built offline by dpkg-buildpackage in
# a copy of the tree under $(DEBDIR): the package's clean step empties
# build/, and it writes its results beside the tree it builds. The .deb
# is copied to $(DEBOUT).
DEBDIR      ?= $(O)/deb
DEBOUT      ?= .
DEB_SRC      = $(DEBDIR)/nskit-$(VERSION)
DEB_FILE     = nskit_$(VERSION)_$(shell dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null).deb
deb:
	$(Q)command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
		{ echo "make deb needs dpkg-dev and debhelper (sudo make deps)" >&2; exit 1; }
	$(Q)v=$$(dpkg-parsechangelog -S Version) && [ "$$v" = $(VERSION) ] || \
		{ echo "debian/changelog is at $$v, the Makefile at $(VERSION)" >&2; exit 1; }
	$(Q)rm -rf $(DEBDIR) && mkdir -p $(DEB_SRC)
	$(Q)tar -c --exclude=./.git --exclude=./build --exclude=./build-asan --exclude=./build-fuzz \
		--exclude='./nskit_*' . | tar -x -C $(DEB_SRC)
	$(Q)cd $(DEB_SRC) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL dpkg-buildpackage -us -uc -b
	$(Q)cp $(DEBDIR)/$(DEB_FILE) $(DEBOUT)/
	$(call msg,DEB,$(DEBOUT)/$(DEB_FILE))

# `make asan check` builds into build-asan/; `make asan` alone just builds.
asan: $(if $(filter check,$(MAKECMDGOALS)),,all)

valgrind: tests
	$(Q)NSKIT_BIN=$(abspath $(O)) tests/valgrind.sh $(UNIT_BIN)


# bench/*.c: helper programs of the benchmarks (peers built on other libraries)
BENCH_BIN    = $(patsubst bench/%.c,$(O)/bench/%,$(wildcard bench/*.c))
$(O)/bench/%: bench/%.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(NSKIT_CFLAGS) $(NSKIT_LDFLAGS) -o $@ $< $(NSKIT_LDLIBS)

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BIN)
	$(Q)NSKIT_BIN=$(abspath $(O)) bench/run.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)NSKIT_BIN=$(abspath $(O)) scripts/demo.sh

FUZZ_SRC     = $(wildcard tests/fuzz/fuzz_*.c)
fuzz:
	$(Q)scripts/fuzz.sh $(FUZZ_SRC)

format:
	$(Q)clang-format -i common/*.[ch] tools/*.c $(wildcard tools/*/*.[ch]) \
		tests/unit/*.[ch] $(wildcard tests/unit/*/*.c tests/fuzz/*.c)

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(INSTALL) -m 0755 $(BINS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -D -m 0755 $(INIT_BIN) $(DESTDIR)$(LIBEXECDIR)/nskit/nsrun-init
	$(INSTALL) -D -m 0755 $(LOAD_BIN) $(DESTDIR)$(LIBEXECDIR)/nskit/nsrun-load
	$(if $(wildcard man/*.1),$(INSTALL) -m 0644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(wildcard man/*.7),$(INSTALL) -m 0644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7/)
	$(if $(wildcard completions/bash/*),$(INSTALL) -m 0644 $(wildcard completions/bash/*) $(DESTDIR)$(BASHCOMPDIR)/)
	$(if $(wildcard completions/zsh/_*),$(INSTALL) -m 0644 $(wildcard completions/zsh/_*) $(DESTDIR)$(ZSHCOMPDIR)/)
	$(INSTALL) -d $(DESTDIR)$(SCHEMADIR)
	$(INSTALL) -m 0644 $(wildcard docs/json/*.schema.json) $(DESTDIR)$(SCHEMADIR)/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(TOOLS))
	rm -f $(DESTDIR)$(LIBEXECDIR)/nskit/nsrun-init $(DESTDIR)$(LIBEXECDIR)/nskit/nsrun-load
	-rmdir $(DESTDIR)$(LIBEXECDIR)/nskit 2>/dev/null
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/*.7)))
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(notdir $(wildcard completions/bash/*)))
	rm -f $(addprefix $(DESTDIR)$(ZSHCOMPDIR)/,$(notdir $(wildcard completions/zsh/_*)))
	rm -f $(addprefix $(DESTDIR)$(SCHEMADIR)/,$(notdir $(wildcard docs/json/*.schema.json)))
	-rmdir $(DESTDIR)$(SCHEMADIR) $(DESTDIR)$(PREFIX)/share/nskit 2>/dev/null

clean:
	rm -rf build build-asan build-fuzz

help:
	@echo 'Targets:'
	@echo '  all        build the tools into $(O)/ (default)'
	@echo '  check      install missing dependencies, build, run unit and integration tests'
	@echo '  check-unit build and run the unit tests alone'
	@echo '  asan       with check: build with AddressSanitizer+UBSan into build-asan/ and test'
	@echo '  valgrind   run the unit tests and the tools under valgrind'
	@echo '  bench      run the benchmarks against lsns, nsenter, unshare and top'
	@echo '  demo       install dependencies, build, start demo containers, show the tools'
	@echo '  fuzz       build and briefly run the libFuzzer targets (clang)'
	@echo '  deb        build the Debian package nskit_$(VERSION)_ARCH.deb (dpkg-buildpackage)'
	@echo '  install    install into $$(DESTDIR)$$(PREFIX) (PREFIX=$(PREFIX))'
	@echo '  uninstall  remove what install installed'
	@echo '  format     clang-format the sources'
	@echo '  clean      remove build trees'
	@echo 'Variables: V=1 (full commands), WERROR=1, PREFIX, DESTDIR, CC, CFLAGS'
