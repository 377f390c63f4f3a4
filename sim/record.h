/*
 * record.h — the person-record API every mechanism shares: the record's
 * layout and flags (struct cs_person in include/cs_model.h), the accessors
 * that read what a record means (in a care home, placed, eligible for
 * Homeshare), and the one way to change a record from outside the people
 * phases, cs_touch (the seam: defined in sched.c, which must wake a quiet
 * person first). Also the small helpers of the weekly step's thread
 * buffers that the mechanisms use: requests, provider sums, the thread
 * team. Depends on nothing in sim/ but the public headers.
 */
#ifndef CS_RECORD_H
#define CS_RECORD_H

#include "cs_model.h"
#include "cs_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define PENCE(x) ((int64_t)cs_llround((x) * 100.0))

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

/* The ages from which a person counts among the 65s, 75s and 85s and over
 * in the week's sums (cs_person_sums; 65 also for the 65-plus requests and
 * spending); the scheduler's birthdays (sched.c) recount a quiet person's
 * sums on reaching one. */
enum { CS_AGE_65 = 65, CS_AGE_75 = 75, CS_AGE_85 = 85 };

/* Homeshare: an older owner living alone, with at most moderate need and not
 * in a placement or bound for a care home, can be matched with a homesharer. */
static inline int cs_hs_ok(const struct cs_sim *s, uint32_t i, uint8_t fl)
{
    const struct cs_pop *pp = &s->pop;
    return (fl & CS_F_OWNER) && pp->rec[i].household == CS_HH_ALONE && pp->rec[i].age >= s->p->hs_min_age &&
           pp->rec[i].need <= CS_NEED_MODERATE && !cs_placed(pp, i) && !cs_svc_res(pp->rec[i].svc);
}

/* THE SEAM: the one way for anything outside the people phases (the
 * council, placements, matching, a test) to change person i's record.
 * Returns the record to write. A quiet person is woken first: they leave the
 * quiet people's standing sums (the scheduler counted them as they were) and
 * are due next week, when their new record counts. For someone active it
 * only returns the record. Call it before the change, and only from serial
 * code or for people who cannot be quiet (matching a home-care client, who
 * never is, runs beside the placements). The people phases themselves write
 * only the record of the person being processed, whom cs_sched_due has
 * already woken. With checks on (invariants.c), a quiet record changed any other
 * way stops the run, naming the person and the field. */
struct cs_person *cs_touch(struct cs_sim *s, uint32_t i);

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
/* The dated week: 0 starts 2020-07-01 (cs_calendar.h), negative in the spin-up. */
static inline int cs_report_week(const struct cs_sim *s) { return s->week - s->p->warmup_weeks; }
/* Weeks since the policy start (calendar.policy_start), when the scenario's
 * levers act: the programmes' phasing-in and growth count from it. */
static inline int cs_policy_week(const struct cs_sim *s) { return cs_report_week(s) - s->policy_week; }

#endif
