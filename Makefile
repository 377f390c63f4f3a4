# caresim — build, run, test and benchmark. See README.md.
#   make run     build (installing missing Debian packages) and run the baseline
#   make test    the whole test suite; ends with "N passed, N failed"
#   make bench   throughput at 1 and 2 threads, speed-up, bytes per person
#   make bench-national   wall time and peak memory of a national run (--place all)
#   make calibrate  refit the national baseline's free parameters (validation/calibrate.cfg)
#   make validate  the national baseline against published England figures (validation/;
#                VALIDATE_SCALE, VALIDATE_REPS); exits non-zero if a figure fails
#   make docs    regenerate docs/parameters.md and the metrics table in docs/output.md

CC      ?= gcc
# HDF5: name the serial build explicitly (installing libhdf5-openmpi-dev would
# switch the plain `hdf5` pkg-config alias to the MPI build).
PKGS    := gsl libconfig hdf5-serial
VERSION := 0.1.0
GIT     := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)

# -ffp-contract=off: no fused multiply-add, so results do not depend on the CPU.
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -fopenmp -ffp-contract=off -D_POSIX_C_SOURCE=200809L \
           -Iinclude -Ibuild $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhdf5_hl -lm
LDFLAGS += -fopenmp

LIB_SRC := sim/rng.c sim/params.c sim/config.c sim/seed.c sim/population.c sim/model.c \
           sim/council.c sim/market.c sim/community.c sim/homes.c sim/sharedlives.c sim/homeshare.c sim/placement.c sim/sched.c sim/run.c sim/national.c sim/output.c sim/stats.c sim/h5read.c
# scenario comparison and the business case (caresim compare)
LIB_SRC += sim/bizcase.c sim/compare_core.c sim/compare.c
LIB_SRC += sim/svg.c sim/report.c
# checking runs against published figures (caresim validate)
LIB_SRC += sim/validate.c
# fitting free parameters to them (caresim calibrate)
LIB_SRC += sim/calibrate.c
# sensitivity analysis (caresim sweep): designs and estimators
LIB_SRC += sim/sensitivity.c sim/sweep.c sim/sweep_file.c sim/sweep_cli.c sim/sweep_report.c
LIB_OBJ := $(LIB_SRC:sim/%.c=build/%.o)
TEST_SRC := $(wildcard tests/test_*.c) tests/unit.c
TEST_OBJ := $(TEST_SRC:tests/%.c=build/tests/%.o)

.PHONY: all deps deps-test run test bench bench-national validate calibrate docs seeds clean
all: deps bin/caresim bin/unit

deps:
	@sh mk/deps.sh

deps-test:
	@sh mk/deps.sh --test

build/version.h: FORCE
	@mkdir -p build
	@printf '#define CS_VERSION "%s"\n#define CS_GIT_COMMIT "%s"\n' '$(VERSION)' '$(GIT)' > build/version.h.new
	@cmp -s build/version.h.new build/version.h && rm build/version.h.new || mv build/version.h.new build/version.h
FORCE:

build/%.o: sim/%.c | deps
	@mkdir -p build
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

build/main.o: build/version.h
build/main.o: CFLAGS += -include build/version.h
build/sweep_cli.o: build/version.h
build/sweep_cli.o: CFLAGS += -include build/version.h

build/tests/%.o: tests/%.c | deps
	@mkdir -p build/tests
	$(CC) $(CFLAGS) -Itests -Isim -MMD -MP -c $< -o $@

bin/caresim: build/main.o $(LIB_OBJ)
	@mkdir -p bin
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

bin/unit: $(TEST_OBJ) $(LIB_OBJ)
	@mkdir -p bin
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

run: all
	@mkdir -p out
	bin/caresim run scenarios/baseline.cfg -o out/baseline.h5

test: all deps-test
	@sh tests/run_all.sh

bench: all
	@sh tests/bench.sh

bench-national: all
	@sh tests/bench_national.sh

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

-include $(wildcard build/*.d build/tests/*.d)
