/*
 * model_internal.h — functions shared by the model's source files (population,
 * weekly dynamics, council); not part of the public interface.
 */
#ifndef CS_MODEL_INTERNAL_H
#define CS_MODEL_INTERNAL_H

#include "cs_model.h"
#include "cs_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif


#define PENCE(x) ((int64_t)cs_llround((x) * 100.0))

/* population.c: the people of a place (ids in age order, partners paired,
 * neighbourhoods) for cs_sim_init; the cohort turning 18 at a year start. */
int  cs_pop_build(struct cs_sim *s, char *err, size_t errlen);
void cs_add_entrants(struct cs_sim *s, int year);
void cs_pop_free(struct cs_pop *pp);

/* person.c: one person's week */
void cs_person_tables(struct cs_sim *s);        /* weekly chances from the parameters */
void cs_person_year_tables(struct cs_sim *s);   /* mortality normalised to the life table */
/* Phase 1 for one person: the unpaid care available to them this week. Reads
 * the partner's record, writes only the person's own. */
void cs_person_carers(struct cs_sim *s, uint32_t i);
/* Phase 1 for ids [lo, hi): unpaid care available to each person alive. */
void cs_phase_carers(struct cs_sim *s, uint32_t lo, uint32_t hi);

/* placement.c: care homes, Shared Lives and Homeshare wired to the people */
int  cs_placement_init(struct cs_sim *s, char *err, size_t errlen);
void cs_placement_prepare_week(struct cs_sim *s);
void cs_placement_homeshare(struct cs_sim *s, int64_t active);
void cs_placement_week(struct cs_sim *s);
void cs_placement_match(struct cs_sim *s);
void cs_placement_free(struct cs_sim *s);

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

/* Append a request to a thread's list (grown as needed; the list is reused
 * every week, so growth stops once it is large enough). */
static inline void cs_push_req(struct cs_thread_buf *tb, uint32_t id, int kind)
{
    if (tb->n_req == tb->cap_req) {
        tb->cap_req *= 2;
        tb->req = cs_xrealloc(tb->req, tb->cap_req * sizeof *tb->req);
    }
    tb->req[tb->n_req++] = (struct cs_request){id, (uint8_t)kind};
}

/* Decided on a care home (council or self-funded), placed or still waiting. */
static inline int cs_svc_res(int svc) { return svc == CS_SVC_RES_COUNCIL || svc == CS_SVC_RES_SELF; }
/* Living in a care home now (not waiting for a bed). */
static inline int cs_in_care_home(const struct cs_pop *pp, uint32_t i)
{
    return cs_svc_res(pp->rec[i].svc) && pp->rec[i].home >= 0;
}
/* Living in a placement (care home or Shared Lives household): the care there
 * meets their need, and no unpaid carer is called on. */
static inline int cs_placed(const struct cs_pop *pp, uint32_t i)
{
    return (cs_svc_res(pp->rec[i].svc) || pp->rec[i].svc == CS_SVC_SHARED_LIVES) && pp->rec[i].home >= 0;
}

/* The age from which a person counts among the 65s and over in the week's
 * sums (cs_person_sums, the 65-plus requests and spending); the scheduler's
 * birthdays (sched.c) recount a quiet person's sums on reaching it. */
enum { CS_AGE_65 = 65 };

/* Homeshare: an older owner living alone, with at most moderate need and not
 * in a placement or bound for a care home, can be matched with a homesharer. */
static inline int cs_hs_ok(const struct cs_sim *s, uint32_t i, uint8_t fl)
{
    const struct cs_pop *pp = &s->pop;
    return (fl & CS_F_OWNER) && pp->rec[i].household == CS_HH_ALONE && pp->rec[i].age >= s->p->hs_min_age &&
           pp->rec[i].need <= CS_NEED_MODERATE && !cs_placed(pp, i) && !cs_svc_res(pp->rec[i].svc);
}

/* The unpaid care available to person i in week `week` (hours, with
 * CS_CAP_CORESIDENT), their partner being alive (model.c). */
uint8_t cs_carer_cap(const struct cs_sim *s, uint32_t i, int week);

/* The care a person receives this week (model.c). */
struct cs_care {
    int32_t pr;            /* home-care provider delivering, or -1 */
    int hosp, placed;
    double paid, unmet, given;   /* hours */
    int strain, wellbeing;       /* this week's new values */
    int wb_target;               /* the wellbeing this week's circumstances support */
    int strain_step;             /* the change in strain this week's care makes (before
                                  * the scale's ends; within -255..255) */
    uint8_t unmet_flag;          /* CS_F_UNMET or 0 */
};
/* A week's move of wellbeing w towards target tw (both 0..255): a quarter of
 * the way, rounded away from w, so it arrives (in at most 17 weeks). */
static inline int cs_wb_step(int w, int tw)
{
    return w + (tw - w) / 4 + ((tw - w) % 4 != 0 ? ((tw > w) ? 1 : -1) : 0);
}
void cs_care_received(const struct cs_sim *s, uint32_t i, struct cs_care *c);
void cs_person_sums(const struct cs_sim *s, uint32_t i, const struct cs_care *c, int64_t sg, struct cs_psum *ps);
/* Count person i, times sg, among their neighbourhood's isolated people (not
 * group members) or group members, for next week's community chances. */
void cs_count_community(const struct cs_sim *s, uint32_t i, int64_t sg, struct cs_psum *ps);

/* A week's competing events in the order they are drawn, and the weekly
 * chance of each for person i (model.c); link is the chance that an isolated
 * person not in a group joins one this week (the community module's, or a
 * bound on it). */
enum { CS_EV_DEATH, CS_EV_UP, CS_EV_DOWN, CS_EV_ISO, CS_EV_LINK, CS_EV_LEAVE, CS_EV_BREAK, CS_EV_ADMIT,
       CS_EV_SPEND, CS_EV_N };
void cs_event_chances(const struct cs_sim *s, uint32_t i, double link, double h[CS_EV_N]);
/* The weekly chance that person i, at home and not waiting, asks the council
 * for support unprompted; *branch is 1 (a reassessment), 2 (a first request)
 * or 0 (neither applies). */
double cs_request_chance(const struct cs_sim *s, uint32_t i, int *branch);

/* A quiet person's wake-up week, as the scheduler drew it (thinning, sched.c):
 * h the bound the week was drawn with, he its share for events, hr for a
 * request to the council (the rest for a Homeshare match). */
struct cs_thin { double h, he, hr; };
/* Phase 2a: person i's events and requests this week, with r the week's draw
 * (CS_P_WEEK, 0); thin, for a quiet person at their wake-up week, the bounds
 * it was drawn with (cs_sched_due), else NULL. */
void cs_person_events(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, cs_ctr r, const struct cs_thin *thin);
/* Phase 2b: the care person i receives this week and what it costs, written to
 * their record and the thread's sums; price: pence an hour of council, private
 * and direct-payment home care and a week of reablement; r_cont their draw
 * (CS_P_WEEK, 2). Returns 1 when this week's care left their unmet need as it
 * was, with that care in *out (their wellbeing and their carer's strain may
 * still be on their way to where the same care leads: sched.c follows them
 * while they are quiet). */
int cs_person_care(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, const int64_t *price,
                   const cs_ctr *r_cont, struct cs_care *out);

/* sched.c: event scheduling (quiet people cost nothing until their wake-up week) */
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
/* THE SEAM: the one way for anything outside the people phases (the
 * council, placements, matching, a test) to change person i's record.
 * Returns the record to write. A quiet person is woken first: they leave the
 * quiet people's standing sums (the scheduler counted them as they were) and
 * are due next week, when their new record counts. For someone active it
 * only returns the record. Call it before the change, and only from serial
 * code or for people who cannot be quiet (matching a home-care client, who
 * never is, runs beside the placements). The people phases themselves write
 * only the record of the person being processed, whom cs_sched_due has
 * already woken. With checks on (check.c), a quiet record changed any other
 * way stops the run, naming the person and the field. */
struct cs_person *cs_touch(struct cs_sim *s, uint32_t i);

/* check.c: the runtime invariants (see there), on in debug builds
 * (CS_CHECKS) or with CARESIM_CHECKS=1 in the environment */
int  cs_checks_wanted(void);
/* Turn checks on for s (every quiet record as it is now is taken as kept):
 * with stop, a failure aborts the run with its message on stderr; without,
 * the first is kept for cs_checks_failure. 0, or -1 out of memory. */
int  cs_checks_on(struct cs_sim *s, int stop);
void cs_checks_free(struct cs_sim *s);
/* The first failure ("week W: ...") of a run whose checks do not stop, or NULL. */
const char *cs_checks_failure(const struct cs_sim *s);
/* Run the checks due after the people phases (CS_CHECK_PEOPLE) or at the
 * week's end (CS_CHECK_WEEK), as cs_checks_on said. */
enum { CS_CHECK_PEOPLE, CS_CHECK_WEEK };
void cs_checks_run(struct cs_sim *s, int when);
/* The scheduler made person i quiet, or changed their quiet record itself. */
void cs_check_keep(struct cs_sim *s, uint32_t i);
/* The scheduler is waking quiet person i (cs_touch, a partner's news, their
 * wake-up week): their record must be as it was kept (else a failure). */
void cs_check_waking(struct cs_sim *s, uint32_t i);
/* Every quiet record as the scheduler left it: 0, or -1 naming the person and
 * the field that changed without cs_touch. */
int  cs_check_quiet(const struct cs_sim *s, char *err, size_t errlen);
/* After the people phases: care hours (providers within capacity, nobody
 * receiving more than they need). 0, or -1 with a message. */
int  cs_check_people_phases(const struct cs_sim *s, char *err, size_t errlen);
/* At the week's end: cs_check_quiet, people in = out + alive, the council's
 * spending the sum of its categories, nobody in two settings. 0 or -1. */
int  cs_check_week(const struct cs_sim *s, char *err, size_t errlen);

/* Empty thread buffer tb's people-phase sums for provider pr (commitments,
 * hours, revenue, clients): for the live providers at each week's start,
 * and for good when a provider closes. */
static inline void cs_tb_clear_provider(struct cs_thread_buf *tb, int32_t pr)
{
    tb->p_commit[pr] = tb->p_hours[pr] = tb->p_rev[pr] = tb->p_clients[pr] = 0;
}

/* This thread's number and the team's size (0 and 1 without OpenMP). */
static inline void cs_omp_team(int *t, int *nt)
{
#ifdef _OPENMP
    *t = omp_get_thread_num();
    *nt = omp_get_num_threads();
#else
    *t = 0;
    *nt = 1;
#endif
}

/* Week index within the reporting timeline (negative during warm-up). */
static inline int cs_report_week(const struct cs_sim *s) { return s->week - s->p->warmup_weeks; }

#endif
