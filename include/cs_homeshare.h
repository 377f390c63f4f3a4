/*
 * cs_homeshare.h — Homeshare: a programme that matches older householders who
 * have a spare room with (usually younger) homesharers, who give about ten
 * hours a week of practical help and company in exchange for free or low-cost
 * accommodation. Homesharers give no personal care.
 *
 * Like cs_community, the module holds no people. It keeps the pool of
 * homesharers registered and waiting, and once a week turns it into a
 * probability that the model applies to each eligible householder:
 *
 *   match_p           weekly probability that an eligible householder who has
 *                     registered with the programme is matched;
 *   match_p_eligible  = match_p × homeshare.register_share: the same per
 *                     eligible householder, for a model that does not keep
 *                     who has registered (equal in expectation).
 *
 * The model decides who is eligible: owns their home, lives alone, aged at
 * least homeshare.min_age, need none, low or moderate, not in a care home and
 * not already matched. While matched, the model gives the householder
 * homeshare.hours of help a week, multiplies their isolation-entry hazard by
 * homeshare.iso_hr, and ends the match at homeshare.end_rate a year (or on
 * death, a move to a care home, or need rising above moderate, since
 * homesharers give no personal care).
 *
 * Units. Counts (adults, eligible householders, sharers, matches) are counts
 * of *simulated* people, i.e. already multiplied by the sampling fraction
 * `scale`. The whole-place programme budget homeshare.programme_gbp is
 * multiplied by `scale` here, so sharers funded and cost_week are in the same
 * simulated units; weight money back by 1/scale for reporting.
 *
 * Rules, in the order cs_hs_week applies them:
 *
 *  1. The pool starts empty (cs_hs_init) and fills during warm-up.
 *  2. Last week's matches leave the pool: pool −= min(pool, matched_last_week).
 *     Matches beyond the pool (possible only through chance in the model's
 *     draws) are counted in `shortfall`, never taken below 0.
 *  3. Sharers give up waiting: leavers = pool × weekly(sharer_exit_rate),
 *     weekly(r) = 1 − exp(−r/52).
 *  4. Inflow this week:
 *       homeshare.sharers_per_100k × adults / 1e5 / 52   (status quo)
 *     + homeshare.programme_gbp × scale / cost_per_match / 52
 *                                                   (programme; reported
 *                                                    weeks only)
 *     pool += inflow. So, exactly, pool(t) = pool(t − 1) − matched − leavers
 *     + inflow, and the pool never goes negative.
 *  5. registered = eligible × homeshare.register_share;
 *     cap = 1 − exp(−1 / homeshare.match_weeks) (how fast a registered
 *     householder is matched when sharers are plentiful);
 *     match_p = min(cap, pool / registered) × homeshare.match_success
 *     (cap × match_success when nobody is registered; 0 when the pool is
 *     empty). Expected matches match_p × registered are therefore at most
 *     match_success × pool, never more than the pool.
 *     When householders are the scarcer side (pool ≥ cap × registered) match_p
 *     sits at its cap and more sharers add no matches.
 *  6. cost_week = reform_week = programme_gbp × scale / 52 in reported weeks,
 *     0 in warm-up. Homeshare in the status quo is paid for by the
 *     participants' fees, not by the council.
 *
 * All arithmetic is serial and uses no random numbers, so the same inputs give
 * bit-identical outputs. The model's per-person draws for Homeshare may use
 * purpose CS_P_SCHEMES with the sub-streams below.
 */
#ifndef CS_HOMESHARE_H
#define CS_HOMESHARE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_params.h"

/* Sub-streams of purpose CS_P_SCHEMES for the model's Homeshare draws, keyed
 * on (person, week): draw index CS_SCHEMES_INDEX(stream, 0) (cs_sharedlives.h).
 * Shared Lives uses streams 0..7. */
enum cs_hs_stream {
    CS_HS_S_MATCH = 8,      /* an eligible householder is matched this week */
    CS_HS_S_END,            /* a match ends this week */
    CS_HS_S_REGISTER        /* a householder is registered (if the model keeps it) */
};

struct cs_homeshare {
    double sharers;          /* homesharers registered and waiting (the pool),
                              * after this week's rules 2-4 */
    double match_p;          /* weekly probability a registered eligible
                              * householder is matched (rule 5) */
    double match_p_eligible; /* match_p × register_share: per eligible householder */
    double cost_week;        /* GBP this week (rule 6) */
    double reform_week;      /* the reform-investment part of cost_week (all of it) */

    /* This week (set by cs_hs_week). */
    double registered;       /* eligible × register_share */
    double expected_matches; /* match_p × registered (≤ sharers) */
    double matched;          /* last week's matches taken from the pool (rule 2) */
    double shortfall;        /* last week's matches beyond the pool (rule 2) */
    double leavers;          /* sharers who gave up waiting (rule 3) */
    double inflow;           /* new sharers (rule 4), funded ones included */
    double funded;           /* of which funded by the programme */
    int64_t eligible, active;/* the model's counts passed in this week */

    /* Totals since cs_hs_init, for accounting: sharers = inflow_total −
     * matched_total − leavers_total. */
    double inflow_total, matched_total, leavers_total;

    /* Private: set by cs_hs_init. */
    double adults_total;
};

/* Set up the programme for a place of adults_total simulated adults. The pool
 * starts empty. Returns 0, or −1 with a message in err. */
int cs_hs_init(struct cs_homeshare *hs, const struct cs_params *p, double adults_total,
               char *err, size_t errlen);

/* Called once a week, serially, before people act. eligible: eligible
 * householders not matched (last week's count); matched_last_week: matches the
 * model made last week; active: matches going on (reported back as is);
 * report_week < 0 in warm-up (no programme then). Rules 2-6 above. */
void cs_hs_week(struct cs_homeshare *hs, const struct cs_params *p, int64_t eligible,
                int64_t matched_last_week, int64_t active, int report_week);

/* Nothing is allocated; hs is zeroed. Kept for symmetry with the other modules. */
void cs_hs_free(struct cs_homeshare *hs);

#endif
