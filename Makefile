# omamori - one Makefile, two toolchains.
#   native (cc):    the portable core, its command-line tool and its unit tests
#   MinGW-w64:      the tray daemon omamori.exe and the Wine test programs
# Everything built goes under build/. Run `make help` for the targets.

CC        ?= cc
MINGW     ?= x86_64-w64-mingw32-
WCC       := $(MINGW)gcc
WINDRES   := $(MINGW)windres
WINDMC    := $(MINGW)windmc

B         := build
NATIVE    := $(B)/native
SAN       := $(B)/native-san
WIN       := $(B)/win
MINGWDEPS := $(B)/mingw

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD      := -std=c11
DEPFLAGS  = -MMD -MP

CORE_SRC  := $(sort $(wildcard src/core/*.c))
CORE_HDR  := $(wildcard src/core/*.h)

# config/omamori.yaml, built in as the defaults: a C source generated under build/gen,
# compiled into each of the three object sets below like a file of src/core.
GEN       := $(B)/gen
GEN_SRC   := $(GEN)/default_config.c

# ---- native -----------------------------------------------------------------
NATIVE_CFLAGS := $(CSTD) $(WARN) -O2 -g -D_POSIX_C_SOURCE=200809L -Isrc/core
SAN_FLAGS     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
NATIVE_LIBS   := -lyaml -lz -lm

CORE_OBJ      := $(CORE_SRC:src/core/%.c=$(NATIVE)/obj/core/%.o) $(NATIVE)/obj/gen/default_config.o
CORE_SAN_OBJ  := $(CORE_SRC:src/core/%.c=$(SAN)/obj/core/%.o) $(SAN)/obj/gen/default_config.o

UNIT_SRC      := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN      := $(UNIT_SRC:tests/unit/%.c=$(SAN)/tests/%)

SCORE_TOOL    := $(NATIVE)/omamori-score
TRAIN_TOOL    := $(NATIVE)/omamori-train
BENCH         := $(NATIVE)/bench-score

# ---- Windows ----------------------------------------------------------------
WIN_CFLAGS  := $(CSTD) $(WARN) -O2 -g -Isrc/core -Isrc/win -Ires -I$(MINGWDEPS)/include \
               -DYAML_DECLARE_STATIC -DUNICODE -D_UNICODE -D_WIN32_WINNT=0x0A00 \
               -DWINVER=0x0A00 -D__USE_MINGW_ANSI_STDIO=0
WIN_LDFLAGS := -static -municode -mwindows -L$(MINGWDEPS)/lib
WIN_LIBS    := -lyaml -lz -lshell32 -luser32 -lgdi32 -lcomctl32 -lole32 -luuid -ladvapi32 \
               -loleaut32 -loleacc

YAML_WIN    := $(MINGWDEPS)/lib/libyaml.a
WIN_SRC     := $(sort $(wildcard src/win/*.c))
WIN_OBJ     := $(WIN_SRC:src/win/%.c=$(WIN)/obj/win/%.o) \
               $(CORE_SRC:src/core/%.c=$(WIN)/obj/core/%.o) $(WIN)/obj/gen/default_config.o \
               $(WIN)/obj/res/omamori.res.o
DAEMON      := $(WIN)/omamori.exe

# Small Windows programs that play a browser (and a non-browser) in the Wine tests.
WINTEST_SRC := $(sort $(wildcard tests/wine/*.c))
WINTEST_BIN := $(WINTEST_SRC:tests/wine/%.c=$(WIN)/tests/%.exe)

SETUP_STAMP := $(B)/setup.stamp
# What the build needs set up first; MSYS2 builds pass SETUP= (their packages are in place).
SETUP       ?= $(SETUP_STAMP)

# Object files are kept even when make sees them only as steps to a test program.
.SECONDARY: $(CORE_OBJ) $(CORE_SAN_OBJ)

.PHONY: all native windows setup test unit-test wine-test demo check-imports bench clean help msi
.PHONY: fuzz fuzz-build valgrind perf-doc clean-robustness eval train
all: native windows

help:
	@echo "make setup   install packages and cross-build libyaml (idempotent)"
	@echo "make         build $(SCORE_TOOL) and $(DAEMON)"
	@echo "make test    unit tests (ASan+UBSan), tool tests and Wine integration tests"
	@echo "make demo    run the daemon under Wine against a fake Japanese alert"
	@echo "make bench   measure and print the figures (scoring, latency, idle cost under Wine,"
	@echo "             start-up, size) and write docs/performance.md; about 7 minutes"
	@echo "make eval    detection cross-validated by kit family on tests/corpus; writes docs/detection.md"
	@echo "make train   learn the scorer's weights from tests/corpus into config/omamori.yaml"
	@echo "make msi     build the installer build/omamori-VERSION-x64.msi (wixl)"
	@echo "make fuzz    run each libFuzzer target FUZZ_SECONDS (default 60); crashes kept in tests/fuzz/regressions"
	@echo "make valgrind  run every unit test under valgrind memcheck (no ASan build); any error fails"
	@echo "make perf-doc  the same as make bench"
	@echo "make clean   remove build/ (including the Wine prefix)"

# The stamp is remade when the set-up script changes; `make setup` always checks.
setup:
	sh tests/setup.sh
	@mkdir -p $(B) && touch $(SETUP_STAMP)
$(SETUP_STAMP): tests/setup.sh
	sh tests/setup.sh
	@mkdir -p $(B) && touch $@
$(YAML_WIN): | $(SETUP)

native: $(SCORE_TOOL) $(TRAIN_TOOL)
windows: $(DAEMON) $(WINTEST_BIN)

$(NATIVE)/obj/core/%.o: src/core/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(SAN)/obj/core/%.o: src/core/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) -c $< -o $@

$(GEN_SRC): config/omamori.yaml src/tools/embed.sh
	@mkdir -p $(@D)
	sh src/tools/embed.sh config/omamori.yaml omamori_default_config >$@.tmp
	mv $@.tmp $@
$(NATIVE)/obj/gen/%.o: $(GEN)/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(SAN)/obj/gen/%.o: $(GEN)/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) -c $< -o $@

$(SCORE_TOOL): src/tools/omamori-score.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) -Ires $(DEPFLAGS) $< $(CORE_OBJ) $(NATIVE_LIBS) -o $@

$(TRAIN_TOOL): src/tools/omamori-train.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(DEPFLAGS) $< $(CORE_OBJ) $(NATIVE_LIBS) -o $@

$(BENCH): tests/bench/bench-score.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(DEPFLAGS) $< $(CORE_OBJ) $(NATIVE_LIBS) -o $@

# Figures, not pass/fail: speed targets live here, never in timed tests. Prints every
# figure as it is measured and writes them, with the machine, to docs/performance.md:
# scoring speed, detection latency, the daemon's idle cost under Wine, start-up, size.
bench: $(BENCH) $(SCORE_TOOL) windows
	sh tests/bench/make-performance-doc.sh
perf-doc: bench

# Detection on families never learned from (tests/corpus/tools/eval.py): every fold's
# model is trained without the families it judges. `make train` learns from all of
# the corpus and writes the weights into config/omamori.yaml (the built-in defaults).
CORPUS_OBS := $(B)/corpus/observations.jsonl
$(CORPUS_OBS): tests/corpus/tools/make-observations.py $(wildcard tests/corpus/seed/* tests/corpus/collected/*/*.jsonl)
	python3 tests/corpus/tools/make-observations.py $(B)/corpus
eval: $(SCORE_TOOL) $(TRAIN_TOOL) $(CORPUS_OBS)
	python3 tests/corpus/tools/eval.py --doc docs/detection.md
train: $(SCORE_TOOL) $(TRAIN_TOOL) $(CORPUS_OBS)
	python3 tests/corpus/tools/train.py

$(SAN)/tests/%: tests/unit/%.c $(CORE_SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) $< $(CORE_SAN_OBJ) -lcmocka $(NATIVE_LIBS) -o $@

$(WIN)/obj/core/%.o: src/core/%.c $(YAML_WIN)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(WIN)/obj/gen/%.o: $(GEN)/%.c $(YAML_WIN)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(WIN)/obj/win/%.o: src/win/%.c $(YAML_WIN)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) $(DEPFLAGS) -c $< -o $@
# The Event Log's message table: res/messages.mc (UTF-8) -> messages.rc + one .bin per
# language, included by omamori.rc.
$(WIN)/gen/messages.rc: res/messages.mc | $(SETUP)
	@mkdir -p $(@D)
	$(WINDMC) -a -C 65001 -U -h $(@D) -r $(@D) $<

$(WIN)/obj/res/omamori.res.o: res/omamori.rc $(WIN)/gen/messages.rc \
		$(wildcard res/*.h res/*.ico res/*.manifest) | $(SETUP)
	@mkdir -p $(@D)
	$(WINDRES) -c 65001 -Ires -Isrc/win -I$(WIN)/gen -O coff $< -o $@

$(DAEMON): $(WIN_OBJ)
	$(WCC) $(WIN_LDFLAGS) $(WIN_OBJ) $(WIN_LIBS) -o $@

# test-audiomon.exe drives the audio monitor itself through COM test doubles, so unlike
# the other test programs it links the monitor's sources, COM and the IIDs.
AUDIOMON_TEST_SRC := src/win/audiomon.c src/win/proctree.c src/win/procsnap.c src/core/browser.c
$(WIN)/tests/test-audiomon.exe: tests/wine/test-audiomon.c tests/wine/tap.h tests/wine/programs.h $(AUDIOMON_TEST_SRC) \
		$(wildcard src/win/audio*.h src/win/proctree.h src/win/procsnap.h src/core/audio.h src/core/browser.h) \
		tests/wine/testprog.h | $(SETUP)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) -static -municode -mwindows $< $(AUDIOMON_TEST_SRC) \
		-lole32 -luuid -luser32 -o $@

# test-winscan.exe drives the window scan itself, so it links the scan, the text
# conversions and the core modules an observation needs.
WINSCAN_TEST_SRC := src/win/winscan.c src/win/wintext.c
WINSCAN_TEST_OBJ := $(patsubst %,$(WIN)/obj/core/%.o,browser memo observation jsonbuf yamlutil ppm screen)
$(WIN)/tests/test-winscan.exe: tests/wine/test-winscan.c tests/wine/tap.h tests/wine/programs.h \
		tests/wine/testprog.h $(WINSCAN_TEST_SRC) src/win/winscan.h src/win/wintext.h \
		$(WINSCAN_TEST_OBJ) | $(SETUP)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) -static -municode -mwindows $< $(WINSCAN_TEST_SRC) $(WINSCAN_TEST_OBJ) \
		-L$(MINGWDEPS)/lib -lyaml -luser32 -o $@

# fakeaccessible.exe serves an accessibility tree (tests/wine/fakeacc.h) and
# test-pagetext.exe reads trees with src/win/pagetext.c: both need COM, OLE Automation
# and oleacc. -luuid comes before -loleacc so that IID_IAccessible is libuuid's GUID,
# not the code stub of the same name in oleacc's import library.
ACC_TEST_LIBS     := -lole32 -loleaut32 -luuid -loleacc -luser32
PAGETEXT_TEST_SRC := src/win/pagetext.c src/win/wintext.c
$(WIN)/tests/fakeaccessible.exe: tests/wine/fakeaccessible.c tests/wine/fakeacc.h \
		tests/wine/testprog.h | $(SETUP)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) -static -municode -mwindows $< $(ACC_TEST_LIBS) -o $@
$(WIN)/tests/test-pagetext.exe: tests/wine/test-pagetext.c tests/wine/tap.h tests/wine/programs.h $(PAGETEXT_TEST_SRC) \
		src/win/pagetext.h src/win/wintext.h tests/wine/fakeacc.h tests/wine/testprog.h \
		| $(SETUP)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) -static -municode -mwindows $< $(PAGETEXT_TEST_SRC) \
		$(ACC_TEST_LIBS) -o $@

SCREENCAP_TEST_SRC := src/win/screencap.c src/core/screen.c
$(WIN)/tests/test-screencap.exe: tests/wine/test-screencap.c tests/wine/tap.h $(SCREENCAP_TEST_SRC) \
		src/win/screencap.h src/core/screen.h | $(SETUP)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) -static -municode -mwindows $< $(SCREENCAP_TEST_SRC) -lgdi32 -luser32 -o $@

$(WIN)/tests/%.exe: tests/wine/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(WCC) $(WIN_CFLAGS) $(DEPFLAGS) -static -municode -mwindows $< -lwinmm -lgdi32 -luser32 -o $@

# omamori.exe must run on a bare Windows: only DLLs that ship with it.
check-imports: $(DAEMON)
	sh tests/check-imports.sh $(DAEMON)

unit-test: $(UNIT_BIN) $(SCORE_TOOL)
test: all $(UNIT_BIN)
	sh tests/run-all.sh
demo: all
	sh tests/demo.sh

clean:
	rm -rf $(B)/native $(B)/native-san $(B)/win $(B)/gen $(B)/wineprefix $(B)/demo $(B)/test-runs \
		$(B)/omamori-*.msi

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---- installer --------------------------------------------------------------
# The MSI, versioned from res/resource.h (the one place the version lives). wixl builds
# installer/omamori.wxs; installer/build-msi.sh then sets what wixl cannot express.
MSI_VERSION := $(shell sed -n 's/^\#define OMAMORI_VERSION_TEXT "\(.*\)"$$/\1/p' res/resource.h)
MSI         := $(B)/omamori-$(MSI_VERSION)-x64.msi

msi: $(MSI)
$(MSI): installer/omamori.wxs installer/build-msi.sh $(DAEMON) config/omamori.yaml \
		res/omamori.ico res/resource.h | $(SETUP)
	EXE=$(DAEMON) sh installer/build-msi.sh $@ $(MSI_VERSION)

# ---- robustness: fuzzing, valgrind, allocation failures (issue 7) -------------------
# libFuzzer targets, one per tests/fuzz/fuzz_*.c. The core is built once more with clang
# and the fuzzer's instrumentation (build/fuzz/obj); `make fuzz` makes the seed corpora
# from tests/data (tests/fuzz/make-seeds.py) and runs each target FUZZ_SECONDS, failing
# on any crash, leak or sanitizer report and keeping the input under
# tests/fuzz/regressions/. The same targets linked with tests/fuzz/replay.c and the
# ASan objects (no libFuzzer) replay the seeds and regressions in `make test`.
FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 60
FUZZ          := $(B)/fuzz
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC      := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS  := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN      := $(FUZZ_TARGETS:%=$(FUZZ)/fuzz_%)
FUZZ_CORE_OBJ := $(CORE_SRC:src/core/%.c=$(FUZZ)/obj/core/%.o) $(FUZZ)/obj/gen/default_config.o
REPLAY_BIN    := $(FUZZ_TARGETS:%=$(SAN)/fuzz/replay_%)

# Unit tests without ASan, for valgrind (it cannot run ASan binaries): the plain core
# objects of build/native, linked like the unit tests.
VG            := $(B)/native-vg
VG_BIN        := $(UNIT_SRC:tests/unit/%.c=$(VG)/tests/%)

# test_alloc_failure fails the Nth allocation: malloc, calloc, realloc and strdup are
# wrapped at link time (ld --wrap; the wrappers are in the test), and libyaml is linked
# statically so that its allocations are wrapped too. The core itself is unchanged.
ALLOC_TEST    := test_alloc_failure
ALLOC_LINK    := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup \
                 -lcmocka -l:libyaml.a -lz -lm

.SECONDARY: $(FUZZ_CORE_OBJ)

$(FUZZ)/obj/core/%.o: src/core/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(NATIVE_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(DEPFLAGS) -c $< -o $@
$(FUZZ)/obj/gen/%.o: $(GEN)/%.c | $(SETUP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(NATIVE_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(DEPFLAGS) -c $< -o $@
$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_CORE_OBJ)
	$(FUZZ_CC) $(NATIVE_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(DEPFLAGS) $< $(FUZZ_CORE_OBJ) \
		$(NATIVE_LIBS) -o $@
$(SAN)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(CORE_SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) $< tests/fuzz/replay.c $(CORE_SAN_OBJ) \
		$(NATIVE_LIBS) -o $@

fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_BIN)
	python3 tests/fuzz/make-seeds.py $(FUZZ)/corpus
	sh tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(VG)/tests/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(DEPFLAGS) $< $(CORE_OBJ) -lcmocka $(NATIVE_LIBS) -o $@
$(SAN)/tests/$(ALLOC_TEST): tests/unit/$(ALLOC_TEST).c $(CORE_SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) $< $(CORE_SAN_OBJ) $(ALLOC_LINK) -o $@
$(VG)/tests/$(ALLOC_TEST): tests/unit/$(ALLOC_TEST).c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) $(DEPFLAGS) $< $(CORE_OBJ) $(ALLOC_LINK) -o $@

valgrind: $(VG_BIN)
	sh tests/valgrind.sh $(VG_BIN)

test: $(REPLAY_BIN)
clean: clean-robustness
clean-robustness:
	rm -rf $(FUZZ) $(VG)
