/*
 * cs_need.h — need as a whole population carries it (sim/need.c): a census of
 * the living by sex, single year of age, need level and setting, for the
 * stationarity check (caresim drift, validation/drift.c) and validation.
 */
#ifndef CS_NEED_H
#define CS_NEED_H

#include <stdint.h>

#include "cs_params.h"

struct cs_sim;

#define CS_CENSUS_AGES 111   /* single years 0..110 (110 = 110 and over) */
enum { CS_AT_HOME, CS_IN_CARE_HOME };

/* People alive by sex (0 male, 1 female), age, need level and setting: a
 * private household (anyone not resident in a care home: at home, in
 * hospital, with a Shared Lives carer) or a care home. Unweighted counts. */
struct cs_census {
    int64_t n[2][CS_CENSUS_AGES][CS_NEED_LEVELS][2];
};

/* A pass over the records: s's living people into c (overwritten). */
void cs_need_census(const struct cs_sim *s, struct cs_census *c);

/* The dated week s is about to step (cs_report_week: negative during the
 * spin-up), for tools outside the engine that take censuses at year ends. */
int cs_need_week(const struct cs_sim *s);

/* caresim drift (validation/drift.c): the status quo's drift year by year. */
int cs_cmd_drift(int argc, char **argv);

#endif
