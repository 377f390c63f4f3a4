/*
 * unit.c — runs the C unit tests of every module and prints "N passed, N failed".
 * Run from the repository root (tests read fixtures and seeds relative to it).
 * bin/unit NAME runs one module's tests. With CARESIM_UNIT_STOP=1 in the
 * environment it stops after the first module with a failure (the mutation
 * harness, tests/mutants/run.sh, needs only to know that something failed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int cs_check_passed, cs_check_failed;

void test_rng(void);
void test_config(void);
void test_output(void);
void test_model(void);
void test_community(void);
void test_mechanisms(void);
void test_crn(void);
void test_schemes(void);
void test_homes(void);
void test_bizcase(void);
void test_compare(void);
void test_report(void);
void test_sched(void);
void test_national(void);
void test_validate(void);
void test_face(void);
void test_calibrate(void);
void test_sensitivity(void);
void test_sweep(void);
void test_behaviour(void);
void test_demography(void);
void test_need(void);

static const struct { const char *name; void (*fn)(void); } tests[] = {
    {"rng", test_rng}, {"config", test_config}, {"output", test_output}, {"model", test_model}, {"behaviour", test_behaviour}, {"demography", test_demography}, {"need", test_need}, {"sched", test_sched}, {"community", test_community},
    {"homes", test_homes}, {"schemes", test_schemes}, {"mechanisms", test_mechanisms}, {"crn", test_crn},
    {"bizcase", test_bizcase}, {"compare", test_compare}, {"report", test_report},
    {"national", test_national}, {"validate", test_validate}, {"face", test_face}, {"calibrate", test_calibrate},
    {"sensitivity", test_sensitivity}, {"sweep", test_sweep},
};

int main(int argc, char **argv)
{
    const char *e = getenv("CARESIM_UNIT_STOP");
    int stop = e && *e && strcmp(e, "0") != 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) continue;
        int p0 = cs_check_passed, f0 = cs_check_failed;
        tests[i].fn();
        fprintf(stderr, "  %-8s %5d passed, %d failed\n", tests[i].name, cs_check_passed - p0,
                cs_check_failed - f0);
        if (stop && cs_check_failed > f0) {
            fprintf(stderr, "  (CARESIM_UNIT_STOP: stopped after the first module with failures, %s)\n", tests[i].name);
            break;
        }
    }
    printf("%d passed, %d failed\n", cs_check_passed, cs_check_failed);
    return cs_check_failed ? 1 : 0;
}
