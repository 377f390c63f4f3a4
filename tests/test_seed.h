/*
 * test_seed.h — loading a council's seed data and the 2017-2019 life table
 * for the tests that build a population directly (test_model.c defines it).
 */
#ifndef CS_TEST_SEED_H
#define CS_TEST_SEED_H

#include "cs_seed.h"

/* Returns 0, or -1 after recording a failed check with the reason. */
int test_load_seed(struct cs_place *pl, struct cs_demography *lt, const char *code);

/* A scratch seeds directory: the real seed files linked in, with
 * council_inputs.csv written from inputs (its header line included) instead.
 * dir (at least 64 bytes) receives the path. Returns 0, or -1 after recording a
 * failed check. test_seed_dir_free removes it. */
int test_seed_dir(char *dir, const char *inputs);
void test_seed_dir_free(const char *dir);

#endif
