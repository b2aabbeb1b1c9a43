# icpcheck — one non-recursive GNU Makefile.
# `make run` and `make test` do every set-up step themselves (see README.md).

PKGS       = vips tesseract lept zbar libexif libcjson glib-2.0
# Only the program (icpcheck serve) links these, not the library.
CLI_PKGS   = libmicrohttpd
PKG_CONFIG ?= pkg-config
CC         ?= cc
PREFIX     ?= /usr/local
BUILD      ?= build
VERSION    = 0.1.0

STD      = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Werror
OPT      ?= -O2 -g
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) $(CLI_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) $(CLI_PKGS) 2>/dev/null)
ALL_CPPFLAGS = -Iinclude -Isrc $(PKG_CFLAGS) \
               -DICP_VERSION='"$(VERSION)"' \
               -DICP_MODELS_DIR='"$(MODELS_DIR)"' $(CPPFLAGS)
ALL_CFLAGS = $(STD) $(WARN) $(OPT) -MMD -MP $(CFLAGS)
LDLIBS    += $(PKG_LIBS) -lpthread -lm

# The program finds its models beside the source tree until installed.
MODELS_DIR ?= $(CURDIR)/models

LIB_SRC  = $(sort $(wildcard src/core/*.c src/ocr/*.c src/checks/*.c src/report/*.c))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
# The program's own modules without main(), so tests can link its parsers.
CLI_LIB  = $(BUILD)/libicpcheck-cli.a
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/replay_%)
DEPS     = $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d) $(REPLAY_BIN:=.d)

DEBIAN_PKGS = build-essential pkg-config libvips-dev libtesseract-dev \
  libleptonica-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim \
  tesseract-ocr-osd libzbar-dev libexif-dev libcjson-dev libglib2.0-dev \
  opencv-data libmicrohttpd-dev
# Only the generator, the benchmark and the tests need these.
DEBIAN_TEST_PKGS = python3 python3-pil python3-numpy python3-qrcode \
  fonts-ocr-b fonts-wqy-microhei fonts-noto-cjk zbar-tools \
  libimage-exiftool-perl time chromium curl clang libclang-rt-dev valgrind

.PHONY: all deps deps-test run test check test-bins asan bench install clean format \
        samples fuzz valgrind soak
all: $(BUILD)/icpcheck $(BUILD)/icpcheck.pc

deps:
	@tools/install-deps.sh $(DEBIAN_PKGS)

deps-test:
	@tools/install-deps.sh $(DEBIAN_PKGS) $(DEBIAN_TEST_PKGS)

$(BUILD)/libicpcheck.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(CLI_LIB): $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/icpcheck: $(CLI_OBJ) $(BUILD)/libicpcheck.a
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(CLI_LIB) $(BUILD)/libicpcheck.a
	@mkdir -p $(@D)
	@echo "  TEST    $<"
	@$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -Itests/unit -o $@ $< \
	    $(CLI_LIB) $(BUILD)/libicpcheck.a $(LDFLAGS) $(LDLIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/%.c tests/fuzz/replay_main.c $(CLI_LIB) $(BUILD)/libicpcheck.a
	@mkdir -p $(@D)
	@echo "  REPLAY  $<"
	@$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay_main.c \
	    $(CLI_LIB) $(BUILD)/libicpcheck.a $(LDFLAGS) $(LDLIBS)

# A libFuzzer target (make fuzz builds these with clang into build-fuzz/).
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(CLI_LIB) $(BUILD)/libicpcheck.a
	@mkdir -p $(@D)
	@echo "  FUZZ    $<"
	@$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(CLI_LIB) $(BUILD)/libicpcheck.a $(LDFLAGS) $(LDLIBS)

$(BUILD)/icpcheck.pc: icpcheck.pc.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@PKGS@|$(PKGS)|' $< > $@

# The set-up `make run` and `make test` need: packages, then the build.
run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/icpcheck scan --today 2026-11-24 samples/ || test $$? -eq 1

# make test also runs the unit tests, fuzz replays and the hostile-input e2e
# tests under AddressSanitizer and UBSan (a minute or two); `make asan` runs
# the whole suite that way (README, "Testing"). Reports go
# to files under SAN_LOG, which tests/run-tests.sh checks after every suite:
# a report fails the suite even where the test looked only at the exit
# status (the sanitizers exit 1, icpcheck's own "a file failed" status).
# GCC's -fsanitize=undefined leaves out float-cast-overflow (a double cast
# to an integer type it does not fit), which image arithmetic can hit.
SAN_OPT = -O1 -g -fsanitize=address,undefined,float-cast-overflow \
          -fno-sanitize-recover=all \
          -fno-omit-frame-pointer
SAN_LOG = $(CURDIR)/build-asan/sanitizer-reports
SAN_ENV = ICP_SAN_LOG=$(SAN_LOG) \
          ASAN_OPTIONS=detect_leaks=1:log_path=$(SAN_LOG)/asan \
          LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
          UBSAN_OPTIONS=print_stacktrace=1:log_path=$(SAN_LOG)/ubsan

test check: deps-test
	@$(MAKE) --no-print-directory all test-bins
	@$(MAKE) --no-print-directory BUILD=build-asan OPT='$(SAN_OPT)' \
	    LDFLAGS='-fsanitize=address,undefined' build-asan/icpcheck test-bins
	@$(SAN_ENV) tests/run-tests.sh $(BUILD) build-asan

.PHONY: test-bins
test-bins: $(UNIT_BIN) $(REPLAY_BIN)

asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan OPT='$(SAN_OPT)' \
	    LDFLAGS='-fsanitize=address,undefined' all test-bins
	$(SAN_ENV) ICP_TIMEOUT=0 tests/run-tests.sh build-asan

# `icpcheck scan samples/` and the bad inputs under memcheck: any memory
# error or definite leak fails it (tests/valgrind.sh). memcheck's own status
# (99) differs from icpcheck's 1 for a failing file; the program re-runs
# itself to set OMP_THREAD_LIMIT, which the script presets (and
# --trace-children follows the re-run if it ever happens).
VALGRIND = valgrind --error-exitcode=99 --leak-check=full \
           --errors-for-leak-kinds=definite --show-leak-kinds=definite \
           --trace-children=yes --suppressions=tests/valgrind.supp --quiet
valgrind: deps-test
	@$(MAKE) --no-print-directory all
	tests/valgrind.sh "$(VALGRIND)" $(BUILD)/icpcheck

# libFuzzer on every tests/fuzz/fuzz_*.c for FUZZ_SECONDS each, corpora
# grown in build-fuzz/corpus/, crashes saved in build-fuzz/crashes/.
FUZZ_SECONDS ?= 60
# (the reports go to each target's log, beside the crash libFuzzer saves)
FUZZ_ENV = ASAN_OPTIONS=detect_leaks=1 \
           LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
           UBSAN_OPTIONS=print_stacktrace=1
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/%.c=%)
fuzz: deps-test
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	    OPT='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=address,undefined' \
	    $(FUZZ_NAMES:%=build-fuzz/fuzz/%)
	$(FUZZ_ENV) tests/fuzz/run-fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

# A long batch (not part of `make test`): SOAK_FILES small generated photos
# at -j 2, memory, open files and records sampled every second (tests/soak.sh).
SOAK_FILES ?= 10000
soak: deps-test
	@$(MAKE) --no-print-directory all
	tests/soak.sh $(BUILD)/icpcheck $(SOAK_FILES)

bench: deps-test
	@$(MAKE) --no-print-directory all
	tools/bench.sh $(BUILD)

samples: deps-test
	tools/make-samples.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/icpcheck \
	    $(DESTDIR)$(PREFIX)/share/icpcheck/models
	$(MAKE) --no-print-directory MODELS_DIR=$(PREFIX)/share/icpcheck/models \
	    BUILD=build-install all
	install -m 755 build-install/icpcheck $(DESTDIR)$(PREFIX)/bin/
	install -m 644 build-install/libicpcheck.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 build-install/icpcheck.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -m 644 include/icpcheck/*.h $(DESTDIR)$(PREFIX)/include/icpcheck/
	cp -r models/. $(DESTDIR)$(PREFIX)/share/icpcheck/models/

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) include/icpcheck/*.h src/*/*.h

clean:
	rm -rf build build-asan build-install build-fuzz

-include $(DEPS)
