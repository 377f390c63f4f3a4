/*
 * model_internal.h — the engine's internal interfaces in one include: the
 * person-record API (record.h), one person's week (person.h), event
 * scheduling (sched.h), the runtime invariants (invariants.h), and the
 * population, placements and council as the weekly step (model.c) calls
 * them. Not part of the public interface (include/). Which module may call
 * which: docs/architecture.md.
 */
#ifndef CS_MODEL_INTERNAL_H
#define CS_MODEL_INTERNAL_H

#include "record.h"
#include "person.h"
#include "sched.h"
#include "invariants.h"

/* population.c: the people of a place (ids in age order, partners paired,
 * neighbourhoods) for cs_sim_init; the cohort turning 18 at a year start. */
int  cs_pop_build(struct cs_sim *s, char *err, size_t errlen);
/* Add n people of sex female aged age (spread > 1: ages age .. age+spread-1
 * in turn), made with draws of `purpose`, at the end of the ids; they are
 * due at once. Returns the first new id. */
uint32_t cs_pop_add(struct cs_sim *s, int female, int age, int spread, uint32_t n, uint32_t purpose);
/* n ids that never hold a person (not alive, never due): room kept so that
 * the ids after them do not depend on how many people a step added
 * (demography.c). */
void cs_pop_holes(struct cs_sim *s, uint32_t n);
/* count (expected people at full scale) at the run's scale, rounded
 * stochastically with a draw keyed on cell (reproducible). */
long cs_pop_scaled(struct cs_sim *s, double count, uint32_t cell);
/* The seed's mid-2020 count of a sex and age (CS_AGE_MAX: 90+) at the run's
 * scale: the same number the population was built with. */
long cs_pop_seed_count(struct cs_sim *s, int female, int age);
/* demography.c: the year's life table, joiners and leavers (at each year
 * start, after birthdays), and the week's share of them (at the week's end). */
void cs_demog_year(struct cs_sim *s);
void cs_demog_week_end(struct cs_sim *s);
void cs_demog_free(struct cs_sim *s);
void cs_pop_free(struct cs_pop *pp);

/* placement.c: care homes, Shared Lives and Homeshare wired to the people */
int  cs_placement_init(struct cs_sim *s, char *err, size_t errlen);
void cs_placement_prepare_week(struct cs_sim *s);
void cs_placement_homeshare(struct cs_sim *s, int64_t active);
void cs_placement_week(struct cs_sim *s);
void cs_placement_match(struct cs_sim *s);
void cs_placement_free(struct cs_sim *s);

/* council.c: the front door, assessments, budget and rationing */
void cs_council_init(struct cs_sim *s);
void cs_council_free(struct cs_sim *s);
/* The council's week in two parts: the front door and assessments, which
 * make the week's match and placement requests; then its books (the waiting
 * list, spending, rationing for next week), which nothing else this week
 * reads and which read nothing that placements and matching change. */
void cs_council_week(struct cs_sim *s);
void cs_council_close(struct cs_sim *s);
/* Decide a person's care after an assessment (also used at initialisation);
 * how: CS_ASSESS_COUNTED to count it in the week's assessments, and
 * CS_ASSESS_CRISIS for a crisis (the crisis lane: council.crisis_residential_hr). */
enum { CS_ASSESS_COUNTED = 1, CS_ASSESS_CRISIS = 2 };
void cs_council_assess(struct cs_sim *s, uint32_t i, int how);

#endif
