/*
 * cs_market.h — the home-care market: providers (agencies, micro-enterprises,
 * self-managing teams, cooperatives, personal assistants employed through direct
 * payments) and their care workers, as agents.
 *
 * Causal chain the module implements:
 *   council price and commissioning rules -> provider revenue -> pay (set from
 *   price, overheads and on-costs, never below the pay floor) -> worker turnover
 *   and recruitment (pay against the local market wage, autonomy by provider type,
 *   zero-hours, tenure, workload) -> vacancies -> deliverable hours -> hours each
 *   client actually receives (the rest is unmet need) ; turnover and rota churn ->
 *   distinct workers per client per 12 weeks (continuity) -> the client's
 *   progression, recovery and wellbeing (person.c) ; a price below an
 *   agency's costs -> squeeze (unpaid travel, zero-hours hiring, tighter rotas,
 *   rushed visits) -> lower effective pay, more churn, and less of each
 *   client's need met in the hours paid for ; revenue - costs ->
 *   reserves -> exit (clients must be re-matched) ; unmatched demand -> agency
 *   entry ; a development programme -> micro-enterprise starts ; reform starts
 *   of micro-enterprises, self-managing teams and cooperatives (paid start-up
 *   support into their reserves) ; a block contract with each team and
 *   cooperative (council clients first to it while below its block) -> a team that grows to its largest size, full, splits
 *   in two ; losses beyond reserves -> exit ; lowest-cost tendering -> council work only for providers whose
 *   cost is within the price, at new placements and again at each review.
 *
 * The weekly market step runs after the council; its parallel parts decide
 * only what each worker or provider owns, and everything shared is applied in
 * a fixed order, so it is deterministic whatever the thread count. The people
 * phase only reads provider and worker state.
 */
#ifndef CS_MARKET_H
#define CS_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "cs_rng.h"

enum cs_ptype { CS_PT_AGENCY, CS_PT_MICRO, CS_PT_SMT, CS_PT_COOP, CS_PT_PA, CS_PT_N };

struct cs_plist { int32_t *w; int32_t n, cap; };   /* a provider's workers */

struct cs_market {
    /* providers, struct-of-arrays */
    int32_t n, cap;
    uint8_t *type, *alive;
    double *pay;          /* GBP/hour paid to its workers */
    double *reserves;     /* GBP */
    double *revenue;      /* GBP this week (from the people phase) */
    double *rev_avg;      /* smoothed weekly revenue */
    double *hours_avg;    /* smoothed weekly paid hours delivered */
    double *committed;    /* hours/week its clients' packages call for */
    double *capacity;     /* contact hours/week its workers can give */
    float  *ratio;        /* share of committed hours delivered this week */
    float  *squeeze;      /* 0..1: how far an agency has cut costs under price pressure */
    int32_t *clients;
    struct cs_plist *staff;
    /* ids of every provider alive at the end of the last market week, and of
     * those added since, in id order (loops still check alive): ids are never
     * reused (they key providers' random streams), and most belong to
     * providers long closed, a personal assistant for every direct payment */
    int32_t *live, n_live;
    /* each provider's staff's contracted hours a week, and those of its
     * zero-hours staff (whole hours: kept as staff join and leave) */
    int32_t *s_hours, *s_zero;
    /* bounds on the pay of each provider's staff (w_pay; wp_lo > wp_hi with
     * none), and the week's bound on any of their chances of leaving */
    float *wp_lo, *wp_hi;
    double *q_bound;
    /* the market week's per-provider outcome (by position in live): what
     * its finances decide, its target headcount (or its staff, if more),
     * vacancies left after this week's hires, and the hires themselves
     * (the first CS_MK_HIRES hires' vacancy numbers; more are worked out
     * again in the ordered step) */
    uint8_t *act;
    int32_t *tgt, *vac;
#define CS_MK_HIRES 4
    uint8_t *n_hire;
    uint16_t (*hire_j)[CS_MK_HIRES];
    /* workers, struct-of-arrays (slots of leavers are reused) */
    int32_t nw, capw;
    int32_t *w_prov;      /* employer, or -1 for a free slot */
    float *w_pay;
    uint8_t *w_hours, *w_zero;
    int32_t *w_start;     /* week started */
    int32_t *free_w;
    int32_t n_free;
    /* the week's turnover draws, one per worker slot, made in one batch */
    uint32_t *draw_id;
    cs_ctr *draw;
    uint8_t *quit;        /* whether each slot's worker leaves this week (QUIT_*) */
    int32_t cap_draw;
    /* the turnover verdicts' view of the market (cs_market_turnover_begin):
     * each provider's commitments before matching, how many providers were
     * live, the next slot to take, and whether q_bound is set */
    double *q_commit;
    int32_t q_live, q_next;
    int q_ready;
    /* matching's list of providers with room (cs_market_match), kept between
     * weeks so the weekly step allocates nothing once it has grown: provider,
     * room, type and tendering (mm_code), the agencies' places in it (mm_ag),
     * then one request's eligible ones (mm_ix), their weights and running
     * sums, and the eligible agencies' places among them (mm_agp) */
    int32_t *mm_cand, *mm_ix, *mm_ag, *mm_agp, *mm_bk;
    double *mm_room, *mm_w, *mm_cum;
    uint8_t *mm_code;
    int32_t cap_mm;
    /* bookkeeping */
    double unmatched_hours;    /* council package hours waiting for a provider */
    int unmatched_weeks;
    /* fractional planned starts carried over: the status quo's micro-enterprise
     * programme, then the reform starts (extra micros, teams, cooperatives) */
#define CS_N_STARTS 4
    double start_carry[CS_N_STARTS];
    /* this week, for metrics */
    int entries, failures, micro_exits, team_failures, team_splits, block_placed;
    int fin_failures;          /* providers (not PAs) that failed on their finances this week */
    double dev_cost;           /* GBP spent developing new providers (reform levers) */
    double leavers, headcount, vacancies, targets, pay_sum;
};

struct cs_sim;

int  cs_market_init(struct cs_sim *s, char *err, size_t errlen);
void cs_market_free(struct cs_market *m);
/* Match clients in s's unmatched list (id order) to providers with room. */
void cs_market_match(struct cs_sim *s);

/* The weekly step comes in three parts, so that the workers' turnover
 * verdicts (whether each leaves this week: a draw and, for some, an exp())
 * can be worked out while matching runs on another thread:
 *
 *   cs_market_turnover_begin   before matching, on one thread: notes each
 *                              provider's commitments, and makes room for
 *                              up to `adds` providers that matching may add
 *                              (so it moves no array another thread reads);
 *   cs_market_turnover         on any threads, at any time until the week:
 *                              the verdicts as the commitments stood at the
 *                              beginning. One caller leads (lead = 1: it
 *                              sets the bounds first); others help;
 *   cs_market_reverdict        after matching, by every thread of a team
 *                              (a worksharing loop): the verdicts again for
 *                              the providers whose commitments matching
 *                              changed;
 *   cs_market_week             then, on one thread: workforce, finances,
 *                              pay, entry and exit, capacity and delivery
 *                              ratios for next week.
 *
 * The verdicts are the same as working them all out after matching. */
void cs_market_turnover_begin(struct cs_sim *s, uint32_t adds);
void cs_market_turnover(struct cs_sim *s, int lead);
void cs_market_reverdict(struct cs_sim *s);
void cs_market_week(struct cs_sim *s);
/* 1 when provider pr may hold council-funded work: always, unless lowest-cost
 * tendering is on and its cost per hour (an agency's after squeezing) is above
 * the council price. */
int cs_market_council_ok(const struct cs_sim *s, int32_t pr);
/* Set provider pr's delivery ratio, min(1, capacity / committed hours), so
 * the hours its clients receive never exceed its workers' contact hours. */
void cs_market_set_ratio(struct cs_market *m, int32_t pr);
/* For tests: how many workers' chances of leaving this week are above their
 * provider's bound (cs_market_week decides draws above it without working the
 * chance out); 0 is right. */
int cs_market_check_bounds(const struct cs_sim *s);

#endif
