/*
 * cs_need.h — need as a whole population carries it (sim/need.c): the
 * settled distribution of need by age that the model's own rates imply, from
 * which every person made is drawn (population.c), and a census of the living
 * by sex, single year of age, need level and setting, for the stationarity
 * check (caresim drift, validation/drift.c) and validation.
 */
#ifndef CS_NEED_H
#define CS_NEED_H

#include <stdint.h>

#include "cs_model.h"
#include "cs_params.h"

struct cs_sim;

#define CS_CENSUS_AGES 111   /* single years 0..110 (110 = 110 and over) */

/* A person's need state as the settled distribution holds it: need level,
 * primary condition (only with need) and isolation. */
#define CS_SETTLE_STATES (2 + 2 * CS_C_N * (CS_NEED_LEVELS - 1))
static inline int cs_settle_state(int need, int cond, int iso)
{
    return need == 0 ? iso : 2 + 2 * ((need - 1) * CS_C_N + cond) + iso;
}
static inline void cs_settle_unpack(int st, int *need, int *cond, int *iso)
{
    *iso = st & 1;
    if (st < 2) { *need = 0; *cond = -1; return; }
    *need = 1 + (st - 2) / (2 * CS_C_N);
    *cond = ((st - 2) / 2) % CS_C_N;
}

/* The settled distribution: for each sex, IMD quintile, living alone or not
 * and single year of age, the share of the living in each state (mean over
 * the year of age), as a cumulative distribution; and the state of someone
 * turning 18 (need.entry_*; isolation at its equilibrium odds), by quintile
 * and living alone or not. */
struct cs_need_settled {
    float cum[2][5][2][CS_CENSUS_AGES][CS_SETTLE_STATES];
    float entry[5][2][CS_SETTLE_STATES];
};

/* How the care system moves the rates of need, measured (the settling
 * pilot, cs_sim_init): for need level l and age group g (18-44, 45-64,
 * 65-74, 75-84, 85+), the ratio of the events seen in a run to those the
 * settled distribution's own chances predict for the same people, for a
 * rise of need (up), a fall (down) and death. Care homes (residents die at
 * mortality.care_home_hr), reablement (a level lower after a hospital stay),
 * weeks in hospital and the care actually received all show in them; none
 * is in the cohort's chances otherwise. */
enum { CS_SETTLE_GROUPS = 5 };
static inline int cs_settle_group(int age)
{
    return age < 45 ? 0 : age < 65 ? 1 : age < 75 ? 2 : age < 85 ? 3 : 4;
}
struct cs_need_factors {
    double up[CS_NEED_LEVELS][CS_SETTLE_GROUPS], down[CS_NEED_LEVELS][CS_SETTLE_GROUPS],
        death[CS_NEED_LEVELS][CS_SETTLE_GROUPS];
};

/* The pilot's tally: a look at everyone alive before a week's step (their
 * need, age group and the settled distribution's chances of each event,
 * summed as expected events), then what became of them after it (observed
 * events). Looks and sees alternate; people joining in between are left out. */
struct cs_need_tally {
    double obs[3][CS_NEED_LEVELS][CS_SETTLE_GROUPS], exp[3][CS_NEED_LEVELS][CS_SETTLE_GROUPS];
    double pend[3][CS_NEED_LEVELS][CS_SETTLE_GROUPS];   /* the last look's expected events */
    uint8_t *was;   /* per id: 0 not looked at, else 1 + need + CS_NEED_LEVELS * group */
    uint32_t n, cap;
    int64_t left0;  /* people who had left the place at the look */
};
/* Returns 0, or -1 when out of memory. */
int cs_need_tally_look(const struct cs_sim *s, struct cs_need_tally *t);
void cs_need_tally_see(const struct cs_sim *s, struct cs_need_tally *t);
/* The factors: (observed + k F) / (expected + k), with k = CS_SETTLE_PRIOR
 * events and F the level's ratio over all age groups ((observed + k) /
 * (expected + k) summed over them), so that a cell with few events stays near
 * its level's ratio rather than following the noise of a small sample. */
#define CS_SETTLE_PRIOR 20.0
void cs_need_tally_factors(const struct cs_need_tally *t, struct cs_need_factors *f);
void cs_need_tally_free(struct cs_need_tally *t);

/* The settled distribution of s's rates (s->p, s->lt): a cohort followed
 * from 18 week by week with the chances the events use (cs_person_tables:
 * onset, progression, recovery, isolation; hospital admissions that raise
 * need; death by need level normalised to the life table over the cohorts
 * mixed by the place's quintile shares, from the neighbourhoods' cumulative
 * adult weights nbhd_cum, and the living-alone shares by age). Need largely
 * unmet for a share need.settled_unmet_share of those with need. With
 * factors f (the settling pilot's; NULL for none), each event's chance at
 * each need level and age group is scaled by its factor, death's within the
 * normalisation to the life table (so that the cohort still dies at the life
 * table's rate, and the care system moves only who dies). Writes s->p_*
 * (cs_person_tables) as a side effect. Returns a new table (caller frees),
 * or NULL when out of memory. */
struct cs_need_settled *cs_need_settle(struct cs_sim *s, const double *nbhd_cum, const struct cs_need_factors *f);

/* The state of a new person (sex female, IMD quintile q, living alone or not,
 * age; entrant: just turned 18) for the uniform draw u. */
int cs_need_draw(const struct cs_need_settled *t, int female, int q, int alone, int age, int entrant, double u);
enum { CS_AT_HOME, CS_IN_CARE_HOME };

/* People alive by sex (0 male, 1 female), age, need level and setting: a
 * private household (anyone not resident in a care home: at home, in
 * hospital, with a Shared Lives carer) or a care home. Unweighted counts. */
struct cs_census {
    int64_t n[2][CS_CENSUS_AGES][CS_NEED_LEVELS][2];
};

/* A pass over the records: s's living people into c (overwritten). */
void cs_need_census(const struct cs_sim *s, struct cs_census *c);

/* The metrics counted by a census once a model year (at_home_*: people in
 * private households by the Health Survey for England's bands): at the first
 * step and whenever a model year starts, a census; every step, its counts
 * into s->m. Called by the weekly step after the year's birthdays. */
void cs_need_metrics(struct cs_sim *s);

/* The dated week s is about to step (cs_report_week: negative during the
 * spin-up), for tools outside the engine that take censuses at year ends. */
int cs_need_week(const struct cs_sim *s);

/* caresim drift (validation/drift.c): the status quo's drift year by year. */
int cs_cmd_drift(int argc, char **argv);
/* caresim fit-need (validation/fitneed.c): the rates of need fitted to the
 * Health Survey for England through the settled distribution. */
int cs_cmd_fitneed(int argc, char **argv);

#endif
