# caresim — build, run, test and benchmark. See README.md.
#   make run     build (installing missing Debian packages) and run the baseline
#   make test    the whole test suite; ends with "N passed, N failed"
#   make bench   throughput at 1 and 2 threads, speed-up, bytes per person
#   make bench-national   wall time and peak memory of a national run (--place all)
#   make calibrate  refit the national baseline's free parameters (validation/calibrate.cfg)
#   make bench-mpi   speed-up of a small national run from 1 to 2 MPI ranks (tests/bench_mpi.sh)
#   make validate  the national baseline against published England figures (validation/;
#                VALIDATE_SCALE, VALIDATE_REPS); exits non-zero if a figure fails
#   make docs    regenerate docs/parameters.md and the metrics table in docs/output.md
#   make MPI=1   build bin/caresim against Open MPI and parallel HDF5 (installing Debian's
#                libopenmpi-dev, libhdf5-openmpi-dev, openmpi-bin if missing) for
#                `mpirun -np P bin/caresim run ...` (README.md, "Running on a cluster");
#                compiled with mpicc and -DCS_MPI into build/mpi/, apart from the serial
#                objects in build/, so switching flavours never links stale objects (bin/
#                is relinked whenever the flavour changes). The default build is serial and
#                needs no MPI; `make test` runs tests/mpi.sh, which builds this flavour
#                into build/mpi/bin (BIN=DIR: the binaries elsewhere) when MPI is installed
#                and skips otherwise.
#   make DEBUG=1 the sanitizer flavour: AddressSanitizer and UndefinedBehaviorSanitizer
#                (-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all) with the
#                engine's runtime invariant checks (-DCS_CHECKS), objects in build/debug/
#                and binaries in bin/debug/ (BIN=DIR: elsewhere), apart from the normal
#                ones; `make test` runs tests/debug.sh, which builds it and runs its unit
#                tests and two short runs, failing on any sanitizer report
#   make mutants the mutation harness (tests/mutants/README.md): each tests/mutants/*.patch
#                breaks one mechanism in a scratch copy of the tree, and the unit tests
#                must fail; MUTANT=NAME (or several, space-separated) runs only those.
#                Also part of `make test`

CC      ?= gcc
# HDF5: name the serial build explicitly (installing libhdf5-openmpi-dev would
# switch the plain `hdf5` pkg-config alias to the MPI build).
PKGS    := gsl libconfig hdf5-serial
MPI     ?= 0
DEBUG   ?= 0
ifeq ($(DEBUG),1)
BIN     ?= bin/debug
endif
BIN     ?= bin
ifeq ($(MPI)$(DEBUG),11)
$(error MPI=1 and DEBUG=1 together are not a flavour: build one or the other)
endif
ifeq ($(MPI),1)
CC      := mpicc
PKGS    := gsl libconfig hdf5-openmpi
OBJ     := build/mpi
FLAVOUR := mpi
else ifeq ($(DEBUG),1)
OBJ     := build/debug
FLAVOUR := debug
else
OBJ     := build
FLAVOUR := serial
endif
VERSION := 0.1.0
GIT     := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)

# -ffp-contract=off: no fused multiply-add, so results do not depend on the CPU.
ifeq ($(DEBUG),1)
# -O1 keeps the sanitizers' cost down (bin/unit at -O0 is several times slower);
# recover=all off: the first report stops the program with a non-zero status
CFLAGS  ?= -O1 -g
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -DCS_CHECKS
LDFLAGS += -fsanitize=address,undefined
endif
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -fopenmp -ffp-contract=off -D_POSIX_C_SOURCE=200809L \
           -Iinclude -Ibuild $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhdf5_hl -lm
LDFLAGS += -fopenmp
ifeq ($(MPI),1)
CFLAGS  += -DCS_MPI
ifneq ($(filter test,$(MAKECMDGOALS)),)
$(error make test checks the serial build and builds the MPI one itself (tests/mpi.sh): run it without MPI=1)
endif
endif
ifeq ($(DEBUG),1)
ifneq ($(filter test mutants,$(MAKECMDGOALS)),)
$(error make test and make mutants check the normal build (make test builds the DEBUG=1 one itself, tests/debug.sh): run them without DEBUG=1)
endif
endif

# The simulation engine (sim/): people, need, carers, services, the weekly step,
# replicates, national and MPI runs, configuration, seed data and output.
ENGINE_SRC := sim/rng.c sim/calendar.c sim/params.c sim/config.c sim/seed.c sim/population.c sim/person.c sim/need.c sim/demography.c sim/invariants.c sim/model.c \
           sim/council.c sim/market.c sim/community.c sim/homes.c sim/sharedlives.c sim/homeshare.c \
           sim/placement.c sim/sched.c sim/run.c sim/national.c sim/output.c
# running across MPI ranks (make MPI=1 only)
ifeq ($(MPI),1)
ENGINE_SRC += sim/mpi.c
endif
# The tools on result files (analysis/): reading them, intervals, scenario comparison
# and the business case (caresim compare), the HTML report and its SVG charts
# (caresim report), sensitivity analysis (caresim sweep): designs and estimators
ANALYSIS_SRC := analysis/h5read.c analysis/stats.c analysis/bizcase.c analysis/compare_core.c \
           analysis/compare.c analysis/svg.c analysis/report.c analysis/sensitivity.c \
           analysis/sweep.c analysis/sweep_file.c analysis/sweep_cli.c analysis/sweep_report.c
# Runs against published figures (caresim validate) and fitting free parameters to
# them (caresim calibrate), beside their targets (validation/)
VALIDATION_SRC := validation/validate.c validation/calibrate.c validation/drift.c validation/fitneed.c
LIB_SRC := $(ENGINE_SRC) $(ANALYSIS_SRC) $(VALIDATION_SRC)
LIB_OBJ := $(patsubst %.c,$(OBJ)/%.o,$(notdir $(LIB_SRC)))
vpath %.c sim analysis validation
TEST_SRC := $(wildcard tests/test_*.c) tests/unit.c
TEST_OBJ := $(TEST_SRC:tests/%.c=$(OBJ)/tests/%.o)

.PHONY: all deps deps-test run test mutants bench bench-national bench-mpi validate calibrate docs seeds clean
all: deps $(BIN)/caresim $(BIN)/unit

deps:
	@sh mk/deps.sh
ifeq ($(MPI),1)
	@sh mk/deps.sh --mpi
endif

# MPI packages too, if they can be installed (tests/mpi.sh skips without them)
deps-test:
	@sh mk/deps.sh --test
	@sh mk/deps.sh --mpi || echo "caresim: MPI packages not installed: tests/mpi.sh will skip" >&2

build/version.h: FORCE
	@mkdir -p build
	@printf '#define CS_VERSION "%s"\n#define CS_GIT_COMMIT "%s"\n' '$(VERSION)' '$(GIT)' > build/version.h.new
	@cmp -s build/version.h.new build/version.h && rm build/version.h.new || mv build/version.h.new build/version.h
FORCE:

# the flavour the binaries in $(BIN) were linked as; rewritten (and so
# relinking them) only when it changes
$(BIN)/.flavour: FORCE
	@mkdir -p $(BIN)
	@[ "$$(cat $@ 2>/dev/null)" = $(FLAVOUR) ] || echo $(FLAVOUR) > $@

$(OBJ)/%.o: %.c | deps
	@mkdir -p $(OBJ)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(OBJ)/main.o: build/version.h
$(OBJ)/main.o: CFLAGS += -include build/version.h
$(OBJ)/sweep_cli.o: build/version.h
$(OBJ)/sweep_cli.o: CFLAGS += -include build/version.h

$(OBJ)/tests/%.o: tests/%.c | deps
	@mkdir -p $(OBJ)/tests
	$(CC) $(CFLAGS) -Itests -Isim -MMD -MP -c $< -o $@

$(BIN)/caresim: $(OBJ)/main.o $(LIB_OBJ) $(BIN)/.flavour
	$(CC) $(LDFLAGS) $(filter %.o,$^) $(LDLIBS) -o $@

$(BIN)/unit: $(TEST_OBJ) $(LIB_OBJ) $(BIN)/.flavour
	$(CC) $(LDFLAGS) $(filter %.o,$^) $(LDLIBS) -o $@

run: all
	@mkdir -p out
	bin/caresim run scenarios/baseline.cfg -o out/baseline.h5

test: all deps-test
	@sh tests/run_all.sh

# MUTANT=NAME: only that mutant (tests/mutants/NAME.patch)
mutants: all
	@sh tests/mutants/run.sh $(MUTANT)

# the machine's own 2-thread speed-up, which make bench measures beside caresim's
$(BIN)/bench_ref: tests/bench_ref.c $(BIN)/.flavour
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

bench: all $(BIN)/bench_ref
	@sh tests/bench.sh

bench-national: all
	@sh tests/bench_national.sh

bench-mpi: all
	@sh tests/bench_mpi.sh

validate: all
	@sh validation/run.sh

calibrate: all
	bin/caresim calibrate validation/calibrate.cfg --threads $${CALIBRATE_THREADS:-2}

docs: bin/caresim
	bin/caresim params --markdown > docs/parameters.md
	python3 mk/fill_metrics.py docs/output.md bin/caresim

seeds:
	python3 seeds/build_seeds.py

clean:
	rm -rf build bin

-include $(wildcard $(OBJ)/*.d $(OBJ)/tests/*.d)
