/*
 * cs_sharedlives.h — Shared Lives: approved carer households who share their
 * home and family life with an adult who needs support, as a long-term
 * alternative to a care home.
 *
 * Carer households are agents, kept as a struct-of-arrays indexed by carer id.
 * Ids are never reused: a carer who leaves keeps its slot with alive = 0, so
 * a placement held by the model (person -> carer id) can never end up pointing
 * at a different household. The model, not this module, keeps who is placed
 * with whom; this module keeps the carers, matches people to them and costs
 * the scheme.
 *
 * Units. Counts (adults, carers, places, people placed) are counts of
 * *simulated* people, i.e. already multiplied by the sampling fraction
 * `scale`, like every other count the model keeps; money is in the same
 * simulated units (weight back by 1/scale for reporting).
 *
 * Rules:
 *
 *  1. Initial carers (cs_sl_init). District d with A_d simulated adults
 *     starts with C0_d = sharedlives.carers_per_100k × A_d / 1e5 carers,
 *     rounded to floor(C0_d) or floor(C0_d) + 1 by a keyed draw with
 *     P(up) = C0_d − floor(C0_d), so small samples are unbiased. Each carer's
 *     places (1, 2 or 3: people it can have living with it at once) are drawn
 *     from sharedlives.places_mix, keyed on the carer id. Nobody is placed at
 *     the start (used = 0); placements build up in warm-up.
 *  2. Suitability is decided by the model, not here: when the council would
 *     otherwise place a person in a care home, Shared Lives is suitable with
 *     probability sharedlives.suitability[condition group] (frailty,
 *     dementia, learning disability, mental health, physical disability). The
 *     model draws this with the sub-stream CS_SL_S_SUITABLE below.
 *  3. Matching by mutual choice (cs_sl_match). A suitable person meets up to
 *     sharedlives.introductions carers that are alive and have a free place
 *     (used < places): first those in the person's own district, then, if
 *     there are fewer of them than introductions, those in other districts.
 *     Within each group the order is random: each candidate gets a keyed
 *     priority draw on (person, week, carer id) and the lowest come first.
 *     Each introduction succeeds when both sides choose each other, with
 *     probability sharedlives.mutual_choice (a keyed draw per introduction);
 *     the first success takes the place (used++) and its carer id is
 *     returned. If every introduction fails, or no carer has a free place,
 *     the result is −1 and the person goes to the alternative (the care home).
 *     A second call for the same person in the same week repeats the same
 *     draws, so it fails again unless the free places have changed.
 *  4. The week (cs_sl_week), after the model has overwritten used[] with its
 *     recount of last week's placements. In order:
 *     a. exits: each alive carer leaves with probability
 *        1 − exp(−sharedlives.exit_rate / 52) (keyed on carer id and week).
 *        A leaving carer gets alive = 0; its used[] is left as counted, and
 *        those people (`displaced`) must be re-planned by the model.
 *     b. the scheme's size. Levers act only in reported weeks
 *        (report_week >= 0); in warm-up G = 1 and A = 0:
 *          G(w) = (1 + sharedlives.growth)^((w + 1)/52)   (growth per reported
 *                  year, phased in weekly, so G = 1 + growth at the end of
 *                  the first reported year)
 *          A(w) = sharedlives.added_per_100k × adults / 1e5 × min(1, (w + 1)/52)
 *                  (the expansion scenario: extra carers recruited over the
 *                  first reported year, then kept)
 *        The development target of district d is
 *          D_d(w) = (G(w) − 1) × C0_d + A(w) × A_d / adults,
 *        and this week's development recruits are max(0, D_d(w) − D_d(w − 1)).
 *        Negative growth only lowers recruitment (rule 4c; nobody is asked to
 *        leave), so the scheme shrinks at most as fast as carers leave.
 *     c. recruitment. Expected recruits in district d this week:
 *          R × A_d / 1e5 / 52 × G(w)            status-quo recruitment
 *        + weekly(exit_rate) × A(w) × A_d / adults   replacing the added
 *                                                   carers' own leavers
 *        + max(0, D_d(w) − D_d(w − 1))           development recruits
 *        where R = sharedlives.recruit_per_100k per year, or, when that is
 *        negative (the default), R = carers_per_100k × 52 × weekly(exit_rate),
 *        the recruitment that replaces expected leavers exactly at the initial
 *        level. The expected number is added to a per-district credit (which
 *        starts at a keyed random fraction, so districts are not in phase);
 *        floor(credit) new carers join and the credit keeps the remainder.
 *        So recruits follow the expected flow exactly in the long run, with no
 *        random error. New carers get places by rule 1 and start_week = week.
 *     d. cost (rule 5) and totals over alive carers.
 *  5. Cost to the council this week:
 *       cost_week = places used (alive carers, after the recount)
 *                   × sharedlives.fee_week
 *                 + alive carers × sharedlives.overhead_week
 *                 + development recruits (expected, rule 4b) × recruit_cost
 *     reform_week is the last term: the reform investment in growing the
 *     scheme. The model adds cost_week to council spend and reform_week to
 *     reform investment. A placement made by cs_sl_match is paid from the
 *     next cs_sl_week (after the next recount).
 *  6. Everything is serial; random draws are Philox draws with purpose
 *     CS_P_SCHEMES keyed on (carer id, person id or district; week;
 *     sub-stream), so the same inputs give bit-identical results, and a
 *     carer's or person's draws do not depend on the order of the calls.
 */
#ifndef CS_SHAREDLIVES_H
#define CS_SHAREDLIVES_H

#include <stddef.h>
#include <stdint.h>

#include "cs_params.h"
#include "cs_rng.h"

/* Sub-streams of purpose CS_P_SCHEMES: the draw index is
 * CS_SCHEMES_INDEX(stream, k). Shared Lives uses 0..7, Homeshare 8..11
 * (cs_homeshare.h). CS_SL_S_SUITABLE is for the model's suitability draw
 * (rule 2), keyed on (person, week). */
enum cs_sl_stream {
    CS_SL_S_INIT_ROUND = 0, /* rounding of initial carers: (district, 0) */
    CS_SL_S_PHASE,          /* initial recruitment credit: (district, 0) */
    CS_SL_S_PLACES,         /* places of a carer: (carer, 0) */
    CS_SL_S_EXIT,           /* carer leaving: (carer, week) */
    CS_SL_S_ORDER,          /* order of introductions: (person, week), k = carer id */
    CS_SL_S_CHOICE,         /* mutual choice: (person, week), k = introduction */
    CS_SL_S_SUITABLE        /* for the model: suitability (rule 2): (person, week) */
};
#define CS_SCHEMES_INDEX(stream, k) (((uint32_t)(stream) << 28) | ((uint32_t)(k) & 0x0FFFFFFFu))
#define CS_SL_MAX_CARERS 0x0FFFFFFF   /* ids must fit the low 28 bits of the index */
#define CS_SL_MAX_DISTRICTS 256       /* district ids are uint8_t */

struct cs_sharedlives {
    /* Carers, struct-of-arrays, id = index; n ever created, cap allocated.
     * The arrays may move when carers are recruited (cs_sl_week): do not keep
     * pointers to them across calls. */
    int32_t n, cap;
    uint8_t *alive;         /* 1 while approved and active; 0 after leaving */
    uint8_t *district;      /* district id, 0..n_districts − 1 */
    uint8_t *places;        /* people it can have living with it at once, 1..3 */
    uint8_t *used;          /* people living with it: the model's recount each
                             * week, plus cs_sl_match's placements since */
    int32_t *start_week;    /* absolute week it joined (0 for initial carers) */
    int n_districts;

    /* Since the start of the last cs_sl_week (cs_sl_week zeroes them first,
     * so read them after this week's matching). */
    int requests;           /* calls of cs_sl_match */
    int introductions;      /* introductions made */
    int matches;            /* successful matches */

    /* This week (set by cs_sl_week). */
    int leavers;            /* carers who left */
    int displaced;          /* people living with carers who left (to re-plan) */
    int recruits;           /* carers who joined */
    double carers_active;   /* alive carers after exits and recruitment */
    double places_total;    /* places of alive carers */
    double places_used;     /* used places of alive carers (the recount) */
    double dev_recruits;    /* expected development recruits (rule 4b) */
    double cost_week;       /* GBP: fees + overhead + development (rule 5) */
    double reform_week;     /* GBP: the development part of cost_week */

    /* Private: set by cs_sl_init. */
    double *adults;         /* simulated adults per district */
    double *c0;             /* carers per district at the initial rate (rule 1) */
    double *credit;         /* recruitment credit per district (rule 4c) */
    double adults_total, c0_total;
    double g_prev, a_prev;  /* G and A of the previous cs_sl_week */
};

/* Set up the scheme for n_districts (1..256) districts with the given
 * simulated adults (rule 1). Returns 0, or −1 with a message in err (bad
 * arguments, a places_mix that sums to 0, or out of memory; sl is then left
 * freed). */
int cs_sl_init(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key,
               int n_districts, const double *district_adults, char *err, size_t errlen);

/* Rule 3: try to match person (living in district) with a carer this week.
 * Returns the carer id (its used[] is incremented) or −1. Call serially. */
int32_t cs_sl_match(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key,
                    uint32_t person, int week, int district);

/* Rules 4-5. week is the absolute step (warm-up included), report_week is
 * week − warmup_weeks (negative in warm-up). Call once a week, serially,
 * after the model's recount of used[]. */
void cs_sl_week(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key, int week,
                int report_week);

/* Free places (places − used, alive carers) in district, or in all districts
 * when district < 0. */
int64_t cs_sl_free_places(const struct cs_sharedlives *sl, int district);

/* Free everything sl owns; sl is zeroed, so freeing twice is harmless. */
void cs_sl_free(struct cs_sharedlives *sl);

#endif
