# lend: plain GNU make.  `make` builds liblend.a, liblend.so and lend into
# $(BUILD); `make check` runs every test plain and again under ASan+UBSan.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/lend
DESTDIR ?=

BUILD ?= build
SAN   ?=

VERSION := 0.1.0
SOMAJOR := 0

PKGS := sqlite3 libqrencode zlib libsodium
# The headers only of libcurl and libpq: mail.c and store/pg_api.c load
# them when they are first needed (dlopen), so that every other command
# starts without their many libraries.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libcurl libpq 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN   := -std=c11 -Wall -Wextra -Werror -pedantic
CFLAGS ?= -O2 -g
ifneq ($(SAN),)
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
# make fuzz's build: clang, the library instrumented for libFuzzer.
ifneq ($(FUZZ),)
CC      := clang
CFLAGS  := -O1 -g -fno-omit-frame-pointer \
           -fsanitize=fuzzer-no-link,address,undefined \
           -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS := $(WARN) $(CFLAGS) -Iinclude $(PKG_CFLAGS) -MMD -MP
# The library alone sees its internal header; the CLI and tests see lend.h.
LIB_CFLAGS := $(ALL_CFLAGS) -Isrc/lib -fPIC
LIBS := $(PKG_LIBS) -lhpdf -lm

LIB_SRC := $(wildcard src/lib/*.c src/lib/store/*.c src/lib/render/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
SQL := $(sort $(wildcard db/*.sql))
PGSQL := $(sort $(wildcard db/pg/*.sql))

# DejaVu with its composite glyphs decomposed (scripts/decompose-font.py):
# libharu draws "Trần" as "Tran" from the fonts as shipped.  An installed
# lend reads them from $(DATADIR)/fonts, an uninstalled one from the build.
FONT_SRC ?= /usr/share/fonts/truetype/dejavu
PYTHON   ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
FONTS    := $(BUILD)/fonts/DejaVuSans.ttf $(BUILD)/fonts/DejaVuSans-Bold.ttf
FONT_DIRS := -DLEND_DATA_FONTS='"$(DATADIR)/fonts/"' \
             -DLEND_BUILD_FONTS='"$(abspath $(BUILD))/fonts/"'

LABELS := $(sort $(wildcard labels/*.label))
# The desk's words (texts/ui-*.txt) go into lend-serve, not the library.
TEXTS := $(filter-out texts/ui-%,$(sort $(wildcard texts/*.txt)))
UI_TEXTS := texts/ui-en.txt texts/ui-cy.txt
STATIC := $(sort $(wildcard src/serve/static/*))

# lend-serve, the browser desk (src/serve/): its own program, so that every
# other command starts without libmicrohttpd.  `lend serve` runs it.
SERVE_SRC := $(wildcard src/serve/*.c)
SERVE_CFLAGS = $(ALL_CFLAGS) -Isrc/serve -D_POSIX_C_SOURCE=200809L \
               $(shell pkg-config --cflags libmicrohttpd libsodium 2>/dev/null)
SERVE_LIBS := $(shell pkg-config --libs libmicrohttpd libsodium 2>/dev/null) \
              -lpthread

LIB_OBJ := $(LIB_SRC:src/lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/lib/schema.o \
           $(BUILD)/lib/schema_pg.o $(BUILD)/lib/templates.o $(BUILD)/lib/texts.o
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/cli/%.o)
SERVE_OBJ := $(SERVE_SRC:src/serve/%.c=$(BUILD)/serve/%.o) \
             $(BUILD)/serve/ui_texts.o $(BUILD)/serve/static_files.o
TESTS   := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZERS := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
LIBFUZZERS := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/libfuzzer/%)

SONAME := liblend.so.$(SOMAJOR)
SHLIB  := $(BUILD)/liblend.so.$(VERSION)

.PHONY: all tests check deps demo bench install clean fuzz fuzzers \
        check-valgrind
all: $(BUILD)/liblend.a $(SHLIB) $(BUILD)/lend $(BUILD)/lend-serve $(FONTS)

$(BUILD)/lib $(BUILD)/lib/store $(BUILD)/lib/render $(BUILD)/cli $(BUILD)/tests \
$(BUILD)/serve \
$(BUILD)/fonts $(BUILD)/fuzz $(BUILD)/libfuzzer:
	mkdir -p $@

$(BUILD)/fonts/%.ttf: $(FONT_SRC)/%.ttf scripts/decompose-font.py | $(BUILD)/fonts
	$(PYTHON) scripts/decompose-font.py $< $@.tmp && mv $@.tmp $@

$(BUILD)/lib/drawing.o: src/lib/drawing.c | $(BUILD)/lib
	$(CC) $(LIB_CFLAGS) $(FONT_DIRS) -c -o $@ $<

$(BUILD)/lib/schema.c: $(SQL) scripts/sql2c.sh | $(BUILD)/lib
	sh scripts/sql2c.sh $(SQL) > $@.tmp && mv $@.tmp $@

# The PostgreSQL twin of each migration, db/pg/NNN-name.sql.
$(BUILD)/lib/schema_pg.c: $(PGSQL) scripts/sql2c.sh | $(BUILD)/lib
	sh scripts/sql2c.sh -n lend__pg_migrations $(PGSQL) > $@.tmp && mv $@.tmp $@

$(BUILD)/lib/schema_pg.o: $(BUILD)/lib/schema_pg.c
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/lib/templates.c: $(LABELS) scripts/embed.sh | $(BUILD)/lib
	sh scripts/embed.sh templates $(LABELS) > $@.tmp && mv $@.tmp $@

$(BUILD)/lib/templates.o: $(BUILD)/lib/templates.c
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/lib/texts.c: $(TEXTS) scripts/embed.sh | $(BUILD)/lib
	sh scripts/embed.sh texts $(TEXTS) > $@.tmp && mv $@.tmp $@

$(BUILD)/lib/texts.o: $(BUILD)/lib/texts.c
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/lib/schema.o: $(BUILD)/lib/schema.c
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/lib/%.o: src/lib/%.c | $(BUILD)/lib $(BUILD)/lib/store $(BUILD)/lib/render
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/cli/%.o: src/cli/%.c | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# `lend serve` finds lend-serve beside itself, else where it is installed.
$(BUILD)/cli/cmd_serve.o: src/cli/cmd_serve.c | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -DLEND_LIBEXEC='"$(LIBEXECDIR)/lend"' -c -o $@ $<

# The UI texts and static files, by embed.sh, in the server's own names.
EMBED_SERVE = sed -e 's/"internal.h"/"serve.h"/' -e 's/lend__/serve_/g'
$(BUILD)/serve/ui_texts.c: $(UI_TEXTS) scripts/embed.sh | $(BUILD)/serve
	sh scripts/embed.sh ui $(UI_TEXTS) | $(EMBED_SERVE) > $@.tmp && mv $@.tmp $@

$(BUILD)/serve/static_files.c: $(STATIC) scripts/embed.sh | $(BUILD)/serve
	sh scripts/embed.sh static $(STATIC) | $(EMBED_SERVE) > $@.tmp && \
	  mv $@.tmp $@

$(BUILD)/serve/ui_texts.o: $(BUILD)/serve/ui_texts.c
	$(CC) $(SERVE_CFLAGS) -c -o $@ $<

$(BUILD)/serve/static_files.o: $(BUILD)/serve/static_files.c
	$(CC) $(SERVE_CFLAGS) -c -o $@ $<

$(BUILD)/serve/%.o: src/serve/%.c | $(BUILD)/serve
	$(CC) $(SERVE_CFLAGS) -c -o $@ $<

$(BUILD)/lend-serve: $(SERVE_OBJ) $(BUILD)/liblend.a
	$(CC) $(LDFLAGS) -o $@ $(SERVE_OBJ) $(BUILD)/liblend.a $(LIBS) \
	  $(SERVE_LIBS)

$(BUILD)/liblend.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

# Only lend_* is exported: lend__* helpers stay inside (src/lib/liblend.map).
$(SHLIB): $(LIB_OBJ) src/lib/liblend.map
	$(CC) -shared -Wl,-soname,$(SONAME) \
	  -Wl,--version-script=src/lib/liblend.map $(LDFLAGS) \
	  -o $@ $(LIB_OBJ) $(LIBS)
	ln -sf liblend.so.$(VERSION) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/liblend.so

$(BUILD)/lend: $(CLI_OBJ) $(BUILD)/liblend.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/liblend.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h tests/unit/util.h $(BUILD)/liblend.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Isrc/lib $(LDFLAGS) -o $@ $< $(BUILD)/liblend.a $(LIBS)

# The fuzz harnesses with a plain main() that runs files through them:
# their seeds and kept crashes run in make check (tests/cli/024-fuzz.sh).
FUZZ_DEPS := tests/fuzz/fuzz.h tests/fuzz/driver.c tests/unit/util.h
$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_DEPS) $(BUILD)/liblend.a | $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Isrc/lib -Itests/unit $(LDFLAGS) -o $@ $< \
	  tests/fuzz/driver.c $(BUILD)/liblend.a $(LIBS)

$(BUILD)/libfuzzer/%: tests/fuzz/%.c $(FUZZ_DEPS) $(BUILD)/liblend.a | $(BUILD)/libfuzzer
	$(CC) $(ALL_CFLAGS) -Isrc/lib -Itests/unit $(LDFLAGS) -fsanitize=fuzzer \
	  -o $@ $< $(BUILD)/liblend.a $(LIBS)

# The UI texts' test runs the server's own reading of them, and of forms.
UI_TEST_SRC := src/serve/ui.c src/serve/buf.c src/serve/form.c \
               $(BUILD)/serve/ui_texts.c
$(BUILD)/tests/test_ui_texts: tests/unit/test_ui_texts.c tests/unit/t.h \
  $(UI_TEST_SRC) $(BUILD)/liblend.a | $(BUILD)/tests
	$(CC) $(SERVE_CFLAGS) $(LDFLAGS) -o $@ $< $(UI_TEST_SRC) \
	  $(BUILD)/liblend.a $(LIBS)

# The desk's parsing of requests (src/serve/form.c) under the fuzzers.
$(BUILD)/fuzz/fuzz_form: tests/fuzz/fuzz_form.c src/serve/form.c $(FUZZ_DEPS) \
  $(BUILD)/liblend.a | $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -Isrc/lib -Isrc/serve -Itests/unit \
	  -D_POSIX_C_SOURCE=200809L $(LDFLAGS) -o $@ \
	  $< src/serve/form.c tests/fuzz/driver.c $(BUILD)/liblend.a $(LIBS)

$(BUILD)/libfuzzer/fuzz_form: tests/fuzz/fuzz_form.c src/serve/form.c \
  $(FUZZ_DEPS) $(BUILD)/liblend.a | $(BUILD)/libfuzzer
	$(CC) $(ALL_CFLAGS) -Isrc/lib -Isrc/serve -Itests/unit \
	  -D_POSIX_C_SOURCE=200809L $(LDFLAGS) -fsanitize=fuzzer -o $@ $< src/serve/form.c $(BUILD)/liblend.a $(LIBS)

tests: all $(TESTS) $(FUZZERS)

fuzzers: all $(LIBFUZZERS)

# Each harness under libFuzzer for FUZZ_SECONDS (minutes in all: not part
# of make check); a crash is kept in tests/fuzz/regress/ and fails.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(MAKE) BUILD=build/libfuzz FUZZ=1 fuzzers
	sh tests/fuzz/run.sh build/libfuzz $(FUZZ_SECONDS)

# The unit tests and a subset of the CLI tests under valgrind's memcheck
# (tests/valgrind.sh says which and why): 0 errors, 0 leaks.
check-valgrind: deps
	$(MAKE) BUILD=build tests
	sh tests/valgrind.sh build

deps:
	@sh scripts/deps.sh

# The suite twice: as built for users, then under the sanitizers, where a
# leak, an overflow or undefined behaviour fails the test that caused it.
check: deps
	$(MAKE) BUILD=build tests
	$(MAKE) BUILD=build/san SAN=1 tests
	sh tests/run.sh build build/san

demo: deps
	$(MAKE) BUILD=build all
	sh scripts/demo.sh build/lend demo-out

bench: deps
	$(MAKE) BUILD=build all bench/bench bench/scan_pairs
	sh bench/run.sh build

bench/bench: bench/bench.c $(BUILD)/liblend.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblend.a $(LIBS) \
	  $(shell pkg-config --libs libpq)

# The desk's baseline: the scan lines wrk sends, through the library in
# one process (bench/serve.sh).
bench/scan_pairs: bench/scan_pairs.c $(BUILD)/liblend.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblend.a $(LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	  $(DESTDIR)$(LIBEXECDIR)/lend \
	  $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	  $(DESTDIR)$(DATADIR)/fonts
	install -m 755 $(BUILD)/lend $(DESTDIR)$(BINDIR)/lend
	install -m 755 $(BUILD)/lend-serve $(DESTDIR)$(LIBEXECDIR)/lend/lend-serve
	install -m 644 $(BUILD)/liblend.a $(DESTDIR)$(LIBDIR)/liblend.a
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/liblend.so.$(VERSION)
	ln -sf liblend.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/liblend.so
	install -m 644 include/lend.h $(DESTDIR)$(INCDIR)/lend.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCDIR@|$(INCDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@REQUIRES@|$(PKGS)|' lend.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/lend.pc
	install -m 644 man/lend.1 $(DESTDIR)$(MANDIR)/man1/lend.1
	install -m 644 man/liblend.3 $(DESTDIR)$(MANDIR)/man3/liblend.3
	install -m 644 $(FONTS) $(DESTDIR)$(DATADIR)/fonts/

clean:
	rm -rf build demo-out bench/bench

-include $(wildcard $(BUILD)/*/*.d $(BUILD)/*/*/*.d)
