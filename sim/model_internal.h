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
void cs_add_entrants(struct cs_sim *s, int year);
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
/* Decide a person's care after an assessment (also used at initialisation). */
void cs_council_assess(struct cs_sim *s, uint32_t i, int counted);

#endif
