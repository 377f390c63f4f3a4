/*
 * homeshare.c — the Homeshare programme: the pool of homesharers waiting for a
 * match, turned each week into the probability that an eligible householder
 * is matched. The rules are documented in include/cs_homeshare.h and
 * docs/model.md; the numbers of the rules are quoted below. Serial, no random
 * numbers.
 */
#include "cs_homeshare.h"
#include "cs_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


void cs_hs_free(struct cs_homeshare *hs)
{
    if (hs)
        memset(hs, 0, sizeof *hs);
}

int cs_hs_init(struct cs_homeshare *hs, const struct cs_params *p, double adults_total,
               char *err, size_t errlen)
{
    memset(hs, 0, sizeof *hs);
    if (!p || !(adults_total > 0) || !isfinite(adults_total)) {
        snprintf(err, errlen, "homeshare: total adults must be a positive number, got %g",
                 adults_total);
        return -1;
    }
    hs->adults_total = adults_total; /* rule 1: the pool starts empty */
    return 0;
}

void cs_hs_week(struct cs_homeshare *hs, const struct cs_params *p, int64_t eligible,
                int64_t matched_last_week, int64_t active, int report_week)
{
    int reported = report_week >= 0;
    hs->eligible = eligible > 0 ? eligible : 0;
    hs->active = active > 0 ? active : 0;

    /* Rule 2. */
    double m = matched_last_week > 0 ? (double)matched_last_week : 0.0;
    hs->matched = m < hs->sharers ? m : hs->sharers;
    hs->shortfall = m - hs->matched;
    hs->sharers -= hs->matched;

    /* Rule 3. */
    hs->leavers = hs->sharers * cs_weekly(p->hs_sharer_exit);
    hs->sharers -= hs->leavers;

    /* Rule 4. */
    hs->funded = reported ? p->hs_programme * p->scale / p->hs_cost_match / 52.0 : 0.0;
    hs->inflow = p->hs_sharers * hs->adults_total / 1e5 / 52.0 + hs->funded;
    hs->sharers += hs->inflow;
    hs->inflow_total += hs->inflow;
    hs->matched_total += hs->matched;
    hs->leavers_total += hs->leavers;

    /* Rule 5. */
    hs->registered = (double)hs->eligible * p->hs_register;
    double cap = 1.0 - exp(-1.0 / p->hs_match_weeks);
    double q = 0;
    if (hs->sharers > 0) {
        q = cap;
        if (hs->registered > 0 && hs->sharers / hs->registered < cap)
            q = hs->sharers / hs->registered;
    }
    hs->match_p = q * p->hs_success;
    hs->expected_matches = hs->match_p * hs->registered;
    if (hs->expected_matches > hs->sharers) { /* guard; rule 5 already implies it */
        hs->match_p = hs->sharers / hs->registered;
        hs->expected_matches = hs->sharers;
    }
    hs->match_p_eligible = hs->match_p * p->hs_register;

    /* Rule 6. */
    hs->cost_week = reported ? p->hs_programme * p->scale / 52.0 : 0.0;
    hs->reform_week = hs->cost_week;
}
