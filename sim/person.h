/*
 * person.h — one person's week (person.c): the weekly chances, the unpaid
 * care available (phase 1), events and requests (phase 2a), the care
 * received and what it does (phase 2b), and what a person adds to the
 * week's sums. Writes only the record of the person it is given and the
 * calling thread's buffer; calls neither the scheduler nor the weekly step
 * (the scheduler calls it to know what a quiet person stands for).
 */
#ifndef CS_PERSON_H
#define CS_PERSON_H

#include "record.h"

void cs_person_tables(struct cs_sim *s);        /* weekly chances from the parameters */
void cs_person_year_tables(struct cs_sim *s);   /* mortality normalised to the life table */
/* Phase 1 for one person: the unpaid care available to them this week. Reads
 * the partner's record, writes only the person's own. */
void cs_person_carers(struct cs_sim *s, uint32_t i);
/* Phase 1 for ids [lo, hi): unpaid care available to each person alive. */
void cs_phase_carers(struct cs_sim *s, uint32_t lo, uint32_t hi);

/* The unpaid care available to person i in week `week` (hours, with
 * CS_CAP_CORESIDENT), their partner being alive. */
uint8_t cs_carer_cap(const struct cs_sim *s, uint32_t i, int week);

/* The care a person receives this week. */
struct cs_care {
    int32_t pr;            /* home-care provider delivering, or -1 */
    int hosp, placed;
    double paid, unmet, given;   /* hours */
    double rushed;               /* hours of the week's planned contact lost to rushed visits */
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
/* How far person i's home care falls short of continuity, 0..2: 0 with one
 * worker, no complete 12-week window yet, or no home care delivered this week
 * (in hospital, no provider); (workers - 1) / (need.continuity_ref_workers - 1)
 * for the distinct workers of their last complete 12-week window, up to 2. It
 * scales the low-continuity effects on progression, recovery and wellbeing. */
double cs_discontinuity(const struct cs_sim *s, uint32_t i);
void cs_person_sums(const struct cs_sim *s, uint32_t i, const struct cs_care *c, int64_t sg, struct cs_psum *ps);
/* Count person i, times sg, among their neighbourhood's isolated people (not
 * group members) or group members, for next week's community chances. */
void cs_count_community(const struct cs_sim *s, uint32_t i, int64_t sg, struct cs_psum *ps);

/* A week's competing events in the order they are drawn, and the weekly
 * chance of each for person i; link is the chance that an isolated
 * person not in a group joins one this week (the community module's, or a
 * bound on it). */
enum { CS_EV_DEATH, CS_EV_UP, CS_EV_DOWN, CS_EV_ISO, CS_EV_LINK, CS_EV_LEAVE, CS_EV_BREAK, CS_EV_ADMIT,
       CS_EV_SPEND, CS_EV_CRISIS, CS_EV_N };
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

#endif
