/*
 * sched.h — event scheduling (sched.c): only people with something due
 * cost work. Quiet people's standing sums, wake-up weeks drawn by thinning,
 * the calendar of their wellbeing's and strain's paths, waking them (a
 * partner's news, a placement, cs_touch: declared in record.h), and the
 * check of its own invariants. Uses person.c to know what a quiet person
 * stands for; the design and its reasoning are at the top of sched.c.
 */
#ifndef CS_SCHED_H
#define CS_SCHED_H

#include "person.h"

/* A week's sums (struct cs_psum), with per-neighbourhood counts for n_nbhd. */
int  cs_psum_init(struct cs_psum *ps, int n_nbhd);
void cs_psum_clear(struct cs_psum *ps, int n_nbhd);
void cs_psum_add(struct cs_psum *dst, const struct cs_psum *src, int n_nbhd);
void cs_psum_free(struct cs_psum *ps);
int  cs_sched_init(struct cs_sim *s);
void cs_sched_free(struct cs_sim *s);
/* A year start: everyone alive is a year older, and the quiet people's
 * standing sums follow where age counts in them. */
void cs_sched_birthdays(struct cs_sim *s);
/* Before the people phase: redraw the wake-up weeks when the tables or the
 * bounds change. */
void cs_sched_week(struct cs_sim *s);
/* The thinning bound H of a quiet person (returned): at least *he, a bound on
 * their weekly chance of an event, plus *hr, their chance of asking the
 * council for support, plus *hs, a bound on their chance of a Homeshare
 * match. */
double cs_sched_bound(const struct cs_sim *s, uint32_t i, double *he, double *hr, double *hs);
/* A quiet person's wake-up week, with u the week's draw (CS_P_WEEK, 0): when
 * the candidate surely brings no event, schedule the next wake-up and return 1
 * (processing them would change nothing); else return 0. */
int cs_sched_reject(struct cs_sim *s, uint32_t i, double u);
/* Person i is due this week (phase 2a): someone quiet, at their wake-up week,
 * leaves the standing sums, and *th receives the bounds their week was drawn
 * with (returned); NULL for someone active. */
const struct cs_thin *cs_sched_due(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, struct cs_thin *th);
/* The second half of cs_sched_due: quiet person i leaves the standing sums. */
void cs_sched_leave(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i);
/* The end of a person's week: quiet with a wake-up week, or due next week.
 * settled: this week's care when it left their unmet need as it was (their
 * wellbeing and carer's strain may still move, on known paths), else NULL. */
void cs_sched_after(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, const struct cs_care *settled);
/* At the week's reduction: the quiet people's wellbeing and strain as they
 * stand this week (the calendar of their changes, cs_sim.glide) into their
 * standing sums. */
void cs_sched_glide(struct cs_sim *s);
/* Person i's standing as a partner, as phase 1 reads it: dead, need none, low
 * or higher, in a placement. */
uint8_t cs_sched_partner_class(const struct cs_pop *pp, uint32_t i);
/* After phase 2a, for due person i whose standing as a partner changed this
 * week (death, need, a placement: cs_sched_partner_class at the end of their
 * events against the start of the week): a quiet partner is due next week.
 * Race-free between phases 2a and 2b: a partner still quiet is not due this
 * week, and only i's thread touches them. Not in phase 2a itself, where a
 * partner at their wake-up week may be leaving quiet on another thread. */
void cs_sched_partner_news(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i);
/* Person i was placed after the people phases (serial): the same. */
void cs_sched_placed(struct cs_sim *s, uint32_t i);

#endif
