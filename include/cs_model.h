/*
 * cs_model.h — one council, one replicate: the people (a 64-byte record each), the
 * council's state, and the weekly step.
 *
 * A week has three phases. The two people phases touch only the people due
 * this week: everyone with something going on, plus quiet people (no need, no
 * care, nothing changing) whose scheduled wake-up week it is (sched.c).
 *   1. carers  (parallel over people): each person reads their partner's state
 *      and works out how many hours of unpaid care they can get; writes only
 *      their own record, so it is race-free.
 *   2. people  (parallel over people): the weekly competing-events draw (death,
 *      need up/down, isolation, carer breakdown, spend-down), care received,
 *      unmet need, carer strain, wellbeing, requests for support. Each thread
 *      handles one contiguous block of ids, so the requests it collects,
 *      concatenated in thread order, are in id order whatever the thread count.
 *   3. council (serial, deterministic): the front door, the assessment queue
 *      limited by social-worker time, eligibility, means test, care plans,
 *      reviews, spend against budget, and the rationing rule.
 * All accumulators are integers (people, hours, pence) so sums are exact and
 * independent of the thread count.
 */
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include <stdint.h>

#include "cs_community.h"
#include "cs_homes.h"
#include "cs_homeshare.h"
#include "cs_sharedlives.h"
#include "cs_market.h"
#include "cs_metrics.h"
#include "cs_params.h"
#include "cs_rng.h"
#include "cs_seed.h"

/* Where a person is supported. */
enum cs_service {
    CS_SVC_NONE,         /* at home, no paid care (maybe unpaid care) */
    CS_SVC_HOME_COUNCIL, /* council-funded home care (personal budget) */
    CS_SVC_HOME_SELF,    /* self-funded home care */
    CS_SVC_RES_COUNCIL,  /* council-funded care-home place */
    CS_SVC_RES_SELF,     /* self-funded care-home place */
    CS_SVC_SHARED_LIVES, /* council-funded Shared Lives placement */
    CS_SVC_N
};

enum cs_household { CS_HH_ALONE, CS_HH_PARTNER, CS_HH_FAMILY };
enum cs_wealth { CS_W_LOW, CS_W_MIDDLE, CS_W_UPPER };
enum cs_condition { CS_C_FRAILTY, CS_C_DEMENTIA, CS_C_LD, CS_C_MH, CS_C_PD, CS_C_N };
/* Family carer (a linked record, not an agent). */
enum cs_family { CS_FAM_NONE, CS_FAM_COHABIT, CS_FAM_APART };

/* Bits of cs_person.flags */
#define CS_F_ALIVE     0x01
#define CS_F_FEMALE    0x02
#define CS_F_MINORITY  0x04
#define CS_F_ISOLATED  0x08
#define CS_F_OWNER     0x10
#define CS_F_QUEUED    0x20   /* on the assessment waiting list */
#define CS_F_KNOWN     0x40   /* assessed by the council at least once */
#define CS_F_UNMET     0x80   /* less than half of needed hours covered last week */

/* Bits of cs_person.ext */
#define CS_X_DP        0x01   /* council package taken as a direct payment */
#define CS_X_CONNECTED 0x02   /* takes part in a community group */
#define CS_X_HOSP      0x04   /* in hospital (ep_end: last week of treatment) */
#define CS_X_REABLE    0x08   /* in reablement (ep_end: last week of the episode) */
#define CS_X_DREF      0x10   /* in hospital, waiting for a discharge assessment */
#define CS_X_HOMESHARE 0x20   /* a homesharer lives with the person */
#define CS_X_RESIDENT  0x40   /* has moved into a care home (cleared on leaving care-home
                               * care), so re-placement after a closure is not a new admission */
#define CS_X_QUIET     0x80   /* quiet: nothing due until week pop.wake (see sched.c) */

#define CS_CAP_CORESIDENT 0x80
#define CS_CAP_HOURS(c)   ((c) & 0x7F)

/* One person's record. Why records and not an array per field: a week
 * processes a few per cent of people, spread over all ids, and processing
 * one reads and writes most of their fields; as arrays that is a cache line
 * per field per person (the whole population's arrays every week, at county
 * scale more than the cache holds), as a record one line. 64 bytes, aligned:
 * never split over two lines. The one field every week scans for everyone,
 * the wake-up week, stays an array of its own (struct cs_pop). */
struct cs_person {
    int32_t partner;       /* person id of partner, or -1 */
    int32_t prov;          /* home-care provider, or -1 */
    int32_t home;          /* where a placement lives: the care home (CS_SVC_RES_*) or
                            * Shared Lives carer (CS_SVC_SHARED_LIVES); -1 while
                            * waiting for a bed or a match, and for everyone else */
    int32_t primary;       /* main care worker, or -1 */
    uint16_t nbhd;
    uint16_t review_at;    /* week of the next review (council-funded) */
    uint16_t since;        /* week joined the waiting list */
    uint16_t carer_back;   /* week the main carer can care again after a breakdown */
    uint16_t ep_end;       /* last week of a hospital stay's treatment, or of reablement */
    uint8_t flags, age, household, wealth, need, cond, svc, fam;
    uint8_t strain;        /* strain of this person's main unpaid carer, 0..255 */
    uint8_t wellbeing;     /* 0..255 maps to 0..1 */
    uint8_t assessed;      /* need level at the last assessment or review */
    uint8_t pkg;           /* home-care hours a week in the care plan */
    uint8_t carer_cap;     /* hours of unpaid care available this week (phase 1); bit 7
                            * (CS_CAP_CORESIDENT) set when that carer lives with the person */
    uint8_t cont;          /* distinct workers seen in the current 12-week window */
    uint8_t cont_last;     /* ... in the last complete window */
    uint8_t lts_year;      /* stamp (struct cs_sim lts_stamp) of the reported year in which the
                            * person was last counted on council-funded long-term support; 0 never */
    uint8_t ext;           /* CS_X_* bits */
    uint32_t mix;          /* the household's fixed draw (CS_P_CARER_MIX, week 0): read
                            * most weeks, so kept here rather than drawn again */
    uint16_t wb_from;      /* quiet: the week whose wellbeing and strain the record
                            * holds; from then on they move on a known path (sched.c) */
    int16_t st_step;       /* quiet: their carer's strain's change a week */
    uint8_t wb_to;         /* quiet: the wellbeing their circumstances support */
    uint8_t spare_[11];    /* to 64 bytes */
};

/* People. Index = person id (stable for the whole run). */
struct cs_pop {
    uint32_t n, cap;
    struct cs_person *rec; /* 64-byte aligned */
    uint16_t *wake;        /* next week the person is processed: the current week or the
                            * next for someone active, a scheduled week for someone
                            * quiet (CS_X_QUIET), CS_WAKE_NEVER once dead */
};
#define CS_WAKE_NEVER 0xFFFF
/* Weeks ahead that a quiet person's wellbeing or their carer's strain can
 * still be changing (sched.c): wellbeing moves a quarter of the way to its
 * target each week, at least one point, so any distance on the 0..255 scale
 * closes within 17 weeks; strain moves a fixed step of at least one point, so
 * within 255. A power of 2. And the sums the changes go to (columns). */
#define CS_GLIDE_WEEKS 256
#define CS_GLIDE_COLS 5

struct cs_nbhd {
    uint8_t quintile;      /* 0 = most deprived national quintile .. 4 = least */
    uint8_t rural;
    uint8_t district;
};

/* A request for support collected in phase 2. */
enum cs_req_kind { CS_REQ_NEW, CS_REQ_CRISIS, CS_REQ_REVIEW, CS_REQ_MATCH,
                   CS_REQ_PLACE,       /* needs a care-home bed or a Shared Lives carer */
                   CS_REQ_DISCHARGE,   /* medically fit, needs an assessment to leave hospital */
                   CS_REQ_REABLED };   /* reablement ended: the team assesses long-term need */

/* A first-in first-out list of person ids (the council's lanes). */
struct cs_lane { uint32_t *id; uint32_t head, len, cap; };
struct cs_request { uint32_t id; uint8_t kind; };

/* What people add to the week's totals in the people phases, as integers
 * (pence for money) so sums are exact whatever the order. Kept together so a
 * quiet person's standing share (sched.c) can be added or taken away at once. */
struct cs_psum {
    int64_t acc[CS_N_METRICS];
    int64_t wb_sum[2][2];        /* [most/least deprived quintile][sum, count] */
    int64_t minority_wb, minority_n;
    int64_t hs_elig;             /* Homeshare: eligible householders */
    int64_t by_need[CS_NEED_LEVELS];   /* people by need level (with need, eligible) */
    int64_t strain_sum, strain_n;      /* strain of carers giving care */
    int64_t *n_iso, *n_mem;      /* per neighbourhood: isolated, connected */
};

struct cs_thread_buf {
    struct cs_request *req;
    uint32_t n_req, cap_req;
    struct cs_psum ps;           /* this week's sums of the people this thread processed */
    struct cs_psum dq;           /* change to the quiet people's standing sums */
    uint32_t *due;               /* the people this thread processes this week, in id order */
    cs_ctr *r_week, *r_cont;     /* their draws (CS_P_WEEK, 0) and (CS_P_WEEK, 2), in batches */
    uint32_t n_due, cap_due, cap_r;
    uint8_t *cls;                /* their standing as a partner at the start of the week;
                                  * after their events, 1 where it changed */
    uint32_t cap_cls;
    int64_t *p_commit, *p_hours, *p_rev;   /* per provider: hundredths of hours, pence */
    int32_t *p_clients;
    int64_t cont_sum, cont_n;
    int64_t processed;           /* people processed this week */
    double busy;                 /* seconds this thread worked in this week's people
                                  * phases, not counting waits (for balance() only) */
    struct cs_chunk { uint32_t k0, req0, req1; int owner; } *chunk;   /* phase 2a's chunks this
                                  * thread did: whose list, from where, its requests req[req0, req1) */
    uint32_t n_chunk, cap_chunk;
    struct cs_request *req_new;  /* room to put requests back in id order (order_requests) */
    uint32_t cap_req_new;
    int32_t *h_occ, *h_council, *sl_used; /* recounts per care home and Shared Lives carer */
    int32_t h_cap, sl_cap;
    int64_t hs_new;                      /* Homeshare: new matches */
    int64_t glide[CS_GLIDE_WEEKS][CS_GLIDE_COLS];    /* changes to quiet people's wellbeing and strain
                                          * sums by week (sched.c), until the week's reduction */
    char pad[64];
};

struct cs_sim {
    const struct cs_params *p;
    const struct cs_place *place;
    const struct cs_demography *lt;
    cs_key key;
    struct cs_pop pop;
    int n_nbhd;
    struct cs_nbhd *nbhd;
    double *nbhd_cum;      /* cumulative adult weights of neighbourhoods */
    double minority_norm;  /* place-weighted mean of population.minority_by_quintile */
    struct cs_need_settled *need_settled;   /* need by age the rates imply (need.c): new people's draw */
    struct cs_need_factors *need_factors;   /* the settling pilot's (cs_sim_init), or NULL */
    double need_census_m[12];            /* the year's census of people at home (need.c, cs_need_metrics) */
    int need_census_set;
    int week;              /* absolute step from the start of the spin-up (cs_report_week: dated) */
    int n_threads;
    struct cs_thread_buf *tb;
    uint32_t *split;       /* thread t processes ids [split[t], split[t+1]) (last: to pop.n) */
    struct cs_claim { _Alignas(64) uint32_t next; } *claim;   /* per thread: the first of its
                            * people due not yet taken in phase 2a or 2b (one cache line each) */
    int share_others;      /* CARESIM_SHARE=others: threads do the others' people first
                            * (tests: every week's work shared, results the same) */

    /* weekly probabilities, rebuilt at each year start */
    float p_death[2][111][CS_NEED_LEVELS][2];   /* [sex][age][need][in a care home] */
    float p_onset[111][5][2];            /* [age][quintile][isolated] */
    float p_prog[3][CS_C_N][5][2][2];    /* [from level-1][cond][quintile][isolated][unmet] */
    float p_recover[CS_NEED_LEVELS];
    float p_iso_in[2][2][5];             /* [alone][need][quintile] */
    float p_iso_out;
    float p_break[256];
    float p_admit[CS_NEED_LEVELS];
    float p_unmet_crisis;        /* weekly chance of a crisis with largely unmet eligible need */
    float p_spend_down, p_request_hi, p_request_lo, p_reassess, p_carer_back;

    struct cs_market mk;
    struct cs_community comm;
    struct cs_homes homes;
    struct cs_sharedlives sl;
    struct cs_homeshare hs;
    int64_t hs_elig_last, hs_new_last, hs_active_last;   /* last week's Homeshare counts */
    int64_t hs_elig_week;                /* this week's eligible householders */

    /* event scheduling (sched.c): quiet people's standing sums and the bounds
     * their wake-up weeks were drawn with */
    struct cs_psum quiet;
    int64_t glide[CS_GLIDE_WEEKS][CS_GLIDE_COLS];    /* changes to quiet people's sums, by week mod
                                          * CS_GLIDE_WEEKS: wellbeing of all, of the most and
                                          * least deprived quintile, of minority ethnic adults;
                                          * carers' strain (sched.c) */
    double link_bound;                   /* >= link_p + join_p in every neighbourhood */
    double hs_bound;                     /* >= the Homeshare match probability */
    float death_bound[2][111][CS_NEED_LEVELS][2];   /* >= p_death since the last redraw */
    int64_t *mort_counts;                /* cs_model_year_tables' per-thread counts (kept) */
    int resched;                         /* redraw every quiet person's wake at the next step */
    int sched_weekly;                    /* nobody quiet: everyone processed every week
                                          * (environment CARESIM_SCHED=weekly; for checks) */
    int64_t sched_rebuilds, sched_processed;   /* statistics (docs/performance.md) */
    int64_t *comm_iso, *comm_mem;        /* last week's counts per neighbourhood */
    float p_comm_exit, p_hs_end;

    /* council */
    struct cs_request *queue;   /* waiting list, circular buffer */
    uint32_t q_head, q_len, q_cap;
    struct cs_lane hospital;    /* discharge assessments: first */
    struct cs_lane crisis;      /* carer breakdowns: next */
    double reab_used;           /* reablement places in use (recounted weekly, plus starts) */
    double capacity_carry;       /* fractional assessment capacity carried over */
    int elig_level, ration_level;
    double budget_year;          /* GBP for the current year: core budget plus any grant */
    double budget_core;          /* the council's own budget for the year */
    double grant_year;           /* reform grant received this year (reform.grant_gbp) */
    double budget_settled;       /* annualised spend at the end of the spin-up (budget_rule "settled") */
    double budget_grown;         /* product of (1 + budget_growth) over the financial years after 2023-24 */
    int grant_fy0;               /* the first financial year with a grant (0: none yet) */
    int64_t spend_ytd_p;         /* pence spent this financial year */
    uint8_t lts_stamp;           /* this reported year's stamp (cs_pop lts_year): 1..255, cycling */
    int64_t lts_ytd, lts_ytd_65; /* distinct people on long-term support so far this year */
    int64_t last_week_spend_p;
    int64_t warmup_spend_p;      /* spend over the last 13 spin-up weeks (budget_rule "settled") */

    struct cs_checks *chk;               /* the runtime invariants' state when checks are on
                                          * (invariants.c), else NULL */
    /* the calendar and demography (demography.c) */
    int policy_week;                     /* dated week the scenario's levers act from */
    double qx_year[2][CS_LT_AGE_MAX + 1];   /* this model year's life table (cs_demog_year_qx) */
    double need_year_hr;   /* this model year's multiplier of onset and progression (cs_demog_year) */
    /* prices and fees in force this week (cs_prices_week, model.c): the
     * scenario's, with their pay component (council.prices_follow_pay) and the
     * council's response to failures (council.price_response) */
    double price_hc, price_hc_private, price_pa, pay_index;
    double resp_hc, resp_fee;      /* the council's responses so far (1: none yet) */
    int failed_hc, failed_home;    /* a home-care provider failed / a care home closed this quarter */
    struct cs_demog *demog;              /* this year's joiners and leavers */

    /* totals for conservation checks: everyone ever added (at the start:
     * initial_people; later: total_entrants, of every kind) is alive, dead
     * or has left the place alive (total_left) */
    int64_t total_entrants, total_deaths, total_left, initial_people;
    int64_t total_holes;                 /* ids kept empty (cs_pop_holes) */
    /* this week's metric values (unweighted) */
    double m[CS_N_METRICS];
};

/* Build the population of a place for replicate rep. Returns 0 or -1 (err). */
int cs_sim_init(struct cs_sim *s, const struct cs_params *p, const struct cs_place *pl,
                const struct cs_demography *lt, uint32_t rep, int n_threads,
                char *err, size_t errlen);
/* Advance one week; fills s->m. */
void cs_sim_step(struct cs_sim *s);
/* Switch to parameters p from the next week (the scenario's levers after the
 * warm-up); p must outlive the simulation. */
void cs_sim_set_params(struct cs_sim *s, const struct cs_params *p);
void cs_sim_free(struct cs_sim *s);

/* Exposed for tests. */
uint32_t cs_sim_alive(const struct cs_sim *s);
/* Check the event scheduling's invariants (every quiet person has nothing due
 * and a wake-up week not yet passed; the standing sums equal a recount).
 * Returns 0, or -1 with a message. */
int cs_sched_check(const struct cs_sim *s, char *err, size_t errlen);

#endif
