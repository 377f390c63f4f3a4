/*
 * cs_community.h — community assets and connectors, per neighbourhood.
 *
 * Community assets (groups, volunteers, mutual aid) are counted as *places*: the
 * number of people they can support at once. Connectors (Village Agents, local
 * area coordinators, social prescribing link workers) find isolated people and
 * link them to a place. This module keeps the places of every neighbourhood and,
 * once a week, turns them and the connectors' time into two weekly
 * probabilities per neighbourhood that the model applies to each isolated person:
 *
 *   link_p[nb]  linked to a group by a connector this week;
 *   join_p[nb]  joining a group unaided this week.
 *
 * An isolated person who is linked or joins stops being isolated and becomes
 * "connected" (a member). The model applies the per-person effects, not this
 * module: a connected person's isolation-entry hazard is multiplied by
 * community.connected_iso_hr and their need-progression hazard by
 * community.connected_progression_hr, and they stop taking part at
 * community.membership_exit_rate a year.
 *
 * Units. Counts (adults, isolated people, members, places) are counts of
 * *simulated* people, i.e. already multiplied by the sampling fraction `scale`,
 * like every other count the model keeps. The whole-place investment
 * community.investment_gbp is multiplied by `scale` here, so places bought and
 * cost_week are in the same simulated units; weight money back by 1/scale for
 * reporting, as for all other money.
 *
 * Rules, in the order cs_community_week applies them:
 *
 *  1. Base capacity (cs_community_init), for a neighbourhood of A adults in IMD
 *     quintile q (0 = most deprived .. 4 = least):
 *       base = capacity_per_1000 × A/1000 × deprivation_gradient^(2 − q)
 *              × (rural ? rural_multiplier : 1)
 *  2. Growth: at every reported year boundary (report_week > 0 and
 *     report_week % 52 == 0) base is multiplied by (1 + community.growth).
 *     Never in warm-up (report_week < 0).
 *  3. Investment: places bought = investment_gbp × scale / cost_per_place in
 *     all, phased in evenly over the first reported year (in reported week w,
 *     a share min(1, (w + 1)/52) of them exists) and kept at that level after;
 *     spread over neighbourhoods in proportion to adults (equal places per
 *     adult, so investment narrows the relative gap between places). These
 *     places do not grow with community.growth. None in warm-up.
 *     capacity = base + invested places.
 *  4. spare = max(0, capacity − members), members being last week's count.
 *  5. Unaided joining: join_p = weekly(self_join_rate) × spare/capacity (0 when
 *     capacity is 0), so joining slows as groups fill, and is capped so that
 *     the expected joiners join_p × isolated do not exceed spare.
 *     weekly(r) = 1 − exp(−r/52).
 *  6. Connector FTE = fte_per_100k × adults_total / 1e5, plus
 *     added_fte_per_100k × adults_total / 1e5 in reported weeks. Their weekly
 *     throughput (people started this week) is FTE × caseload / weeks_per_person.
 *     Only the start of the work is modelled; the weeks of work are not lagged.
 *  7. Each neighbourhood can usefully absorb
 *       demand = min(isolated, room / success),  room = spare − expected joiners,
 *     i.e. no more than every isolated person, and no more work than would fill
 *     the room left. Throughput is shared out by water-filling in proportion to
 *     isolated counts: every neighbourhood gets λ × isolated, capped at its
 *     demand, with λ as large as the throughput allows. With
 *     connectors.rural_first the rural neighbourhoods are served first and
 *     only what they cannot absorb goes to the urban ones; otherwise all
 *     neighbourhoods share together. Throughput nobody can absorb is unused.
 *  8. link_p = success × allocated / isolated (0 where isolated is 0), capped
 *     at 1 − join_p. So link_p ≤ success, link_p is 0 where spare is 0,
 *     expected new members (link_p + join_p) × isolated never exceed spare, and
 *     link_p never falls when FTE rises.
 *  9. cost_week = FTE × annual_cost / 52, plus investment_gbp × scale / 52 in
 *     reported weeks.
 *
 * All arithmetic is serial, in neighbourhood order, with no random numbers, so
 * the same inputs give bit-identical outputs.
 */
#ifndef CS_COMMUNITY_H
#define CS_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>

#include "cs_params.h"

struct cs_community {
    int n;                  /* neighbourhoods */
    double *capacity;       /* supported places in each neighbourhood this week
                             * (base + invested) */
    double *link_p;         /* weekly probability that an isolated person in nb is
                             * linked to a group by a connector this week */
    double *join_p;         /* weekly probability that an isolated person in nb
                             * joins a group unaided this week */
    double *spare;          /* capacity minus members at the last update, at least 0 */
    double *allocated;      /* connector throughput given to nb this week (people
                             * started) */
    double connector_fte;   /* connector FTE this week (simulated units) */
    double throughput;      /* people connectors can start working with this week */
    double allocated_total; /* throughput actually used (the rest had nowhere to go) */
    double linked_expected; /* expected links this week, all neighbourhoods:
                             * sum of link_p × isolated */
    double joined_expected; /* expected unaided joiners this week: sum of
                             * join_p × isolated */
    double invested_places; /* places bought by investment that exist this week */
    double cost_week;       /* GBP this week: connectors' cost + community
                             * investment */
    double cost_reform_week;/* the part of cost_week that is reform investment:
                             * added connectors + community investment */

    /* Private: set by cs_community_init. */
    double *base;           /* capacity before investment (grows with growth) */
    double *adult_share;    /* adults[nb] / adults_total */
    uint8_t *rural;         /* copy of the rural flags */
    uint8_t *open;          /* scratch for the allocation */
    double *iso;            /* scratch: isolated counts as reals */
    double *demand;         /* scratch: what each neighbourhood can absorb (rule 7) */
    double adults_total;
};

/* Set up c for n_nbhd neighbourhoods with the given IMD quintiles (0..4),
 * rural flags (0/1) and simulated adults (adults_total is their sum or the
 * figure connectors are staffed on). Base capacities follow rule 1; the weekly
 * outputs start at 0 until the first cs_community_week. Returns 0, or -1 with
 * a message in err (bad arguments or out of memory; c is then left freed). */
int cs_community_init(struct cs_community *c, const struct cs_params *p, int n_nbhd,
                      const uint8_t *quintile, const uint8_t *rural, const double *adults,
                      double adults_total, char *err, size_t errlen);

/* Called exactly once a week, serially, before people act. isolated[nb] and
 * members[nb] are last week's counts of isolated people (those who can be
 * linked) and of connected people in each neighbourhood. report_week < 0
 * during warm-up (no growth, investment or added connectors then); growth
 * applies at each report_week % 52 == 0, > 0; investment is phased in weekly
 * over the first reported year (rules 2-9 above). */
void cs_community_week(struct cs_community *c, const struct cs_params *p,
                       const int64_t *isolated, const int64_t *members, int report_week);

/* Free everything c owns; c is zeroed, so freeing twice is harmless. */
void cs_community_free(struct cs_community *c);

#endif
