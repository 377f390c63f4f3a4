/*
 * community.c — community assets (places in groups, volunteering, mutual aid)
 * and connectors, per neighbourhood. The rules are documented in
 * include/cs_community.h and docs/model.md; the numbers of the rules are
 * quoted below. Everything here is serial and uses no random numbers.
 */
#include "cs_community.h"
#include "cs_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void cs_community_free(struct cs_community *c)
{
    if (!c)
        return;
    free(c->capacity);
    free(c->link_p);
    free(c->join_p);
    free(c->spare);
    free(c->allocated);
    free(c->base);
    free(c->adult_share);
    free(c->rural);
    free(c->open);
    free(c->iso);
    free(c->demand);
    memset(c, 0, sizeof *c);
}

int cs_community_init(struct cs_community *c, const struct cs_params *p, int n_nbhd,
                      const uint8_t *quintile, const uint8_t *rural, const double *adults,
                      double adults_total, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    if (!p || n_nbhd <= 0 || !quintile || !rural || !adults) {
        snprintf(err, errlen, "community: no neighbourhoods to set up");
        return -1;
    }
    if (!(adults_total > 0) || !isfinite(adults_total)) {
        snprintf(err, errlen, "community: total adults must be a positive number, got %g",
                 adults_total);
        return -1;
    }
    for (int i = 0; i < n_nbhd; i++) {
        if (quintile[i] > 4) {
            snprintf(err, errlen, "community: neighbourhood %d has IMD quintile %d (must be 0..4)",
                     i, quintile[i]);
            return -1;
        }
        if (!(adults[i] >= 0) || !isfinite(adults[i])) {
            snprintf(err, errlen, "community: neighbourhood %d has %g adults", i, adults[i]);
            return -1;
        }
    }

    size_t n = (size_t)n_nbhd;
    c->n = n_nbhd;
    c->capacity = calloc(n, sizeof *c->capacity);
    c->link_p = calloc(n, sizeof *c->link_p);
    c->join_p = calloc(n, sizeof *c->join_p);
    c->spare = calloc(n, sizeof *c->spare);
    c->allocated = calloc(n, sizeof *c->allocated);
    c->base = calloc(n, sizeof *c->base);
    c->adult_share = calloc(n, sizeof *c->adult_share);
    c->rural = calloc(n, sizeof *c->rural);
    c->open = calloc(n, sizeof *c->open);
    c->iso = calloc(n, sizeof *c->iso);
    c->demand = calloc(n, sizeof *c->demand);
    if (!c->capacity || !c->link_p || !c->join_p || !c->spare || !c->allocated || !c->base ||
        !c->adult_share || !c->rural || !c->open || !c->iso || !c->demand) {
        cs_community_free(c);
        snprintf(err, errlen, "community: out of memory for %d neighbourhoods", n_nbhd);
        return -1;
    }
    c->adults_total = adults_total;

    /* Rule 1. */
    for (int i = 0; i < n_nbhd; i++) {
        c->rural[i] = rural[i] ? 1 : 0;
        c->adult_share[i] = adults[i] / adults_total;
        c->base[i] = p->comm_capacity * adults[i] / 1000.0 *
                     pow(p->comm_depr_grad, 2.0 - (double)quintile[i]) *
                     (c->rural[i] ? p->comm_rural_mult : 1.0);
        c->capacity[i] = c->base[i];
        c->spare[i] = c->base[i];
    }
    return 0;
}

/* Rule 7: share throughput t among the neighbourhoods of one group (which = 1
 * rural, 0 urban, -1 all) by water-filling: each gets lambda × isolated,
 * capped at its demand, with lambda as large as t allows. Returns what is
 * left of t (throughput nobody could absorb). */
static double fill(struct cs_community *c, double t, int which)
{
    const double *iso = c->iso, *demand = c->demand;
    int n_open = 0;
    for (int i = 0; i < c->n; i++) {
        int in = which < 0 || c->rural[i] == which;
        c->open[i] = in && iso[i] > 0 && demand[i] > 0;
        n_open += c->open[i];
    }
    while (n_open > 0 && t > 0) {
        double s = 0;
        for (int i = 0; i < c->n; i++)
            if (c->open[i])
                s += iso[i];
        double lambda = t / s;
        int saturated = 0;
        for (int i = 0; i < c->n; i++) {
            if (c->open[i] && demand[i] <= lambda * iso[i]) {
                c->allocated[i] = demand[i];
                t -= demand[i];
                c->open[i] = 0;
                n_open--;
                saturated = 1;
            }
        }
        if (!saturated) {
            /* Nobody else reaches their cap: everyone open gets lambda × isolated. */
            for (int i = 0; i < c->n; i++) {
                if (c->open[i]) {
                    c->allocated[i] = lambda * iso[i];
                    c->open[i] = 0;
                }
            }
            t = 0;
            n_open = 0;
        }
    }
    return t > 0 ? t : 0;
}

void cs_community_week(struct cs_community *c, const struct cs_params *p,
                       const int64_t *isolated, const int64_t *members, int report_week)
{
    int reported = report_week >= 0;
    double success = p->conn_success;

    /* Rule 2: growth at each reported year boundary after the first. */
    if (report_week > 0 && report_week % 52 == 0)
        for (int i = 0; i < c->n; i++)
            c->base[i] *= 1.0 + p->comm_growth;

    /* Rule 3: investment, phased in evenly over the first reported year. */
    double bought = p->comm_invest * p->scale / p->comm_cost_place;
    double phase = 0;
    if (reported)
        phase = report_week >= 51 ? 1.0 : (double)(report_week + 1) / 52.0;
    c->invested_places = bought * phase;

    /* Rules 4, 5 and the demand of rule 7. */
    double wj = cs_weekly(p->comm_self_join);
    c->joined_expected = 0;
    for (int i = 0; i < c->n; i++) {
        double cap = c->base[i] + c->invested_places * c->adult_share[i];
        double mem = members[i] > 0 ? (double)members[i] : 0.0;
        double is = isolated[i] > 0 ? (double)isolated[i] : 0.0;
        double spare = cap - mem > 0 ? cap - mem : 0.0;
        double jp = cap > 0 ? wj * spare / cap : 0.0;
        if (is > 0 && jp * is > spare)
            jp = spare / is;
        double room = spare - jp * is;
        if (room < 0)
            room = 0;
        double d = success > 0 ? room / success : 0.0;
        c->capacity[i] = cap;
        c->spare[i] = spare;
        c->join_p[i] = jp;
        c->joined_expected += jp * is;
        c->iso[i] = is;
        c->demand[i] = d < is ? d : is;
        c->allocated[i] = 0;
    }

    /* Rule 6. */
    double base_fte = p->conn_fte * c->adults_total / 1e5;
    double added_fte = reported ? p->conn_added_fte * c->adults_total / 1e5 : 0.0;
    c->connector_fte = base_fte + added_fte;
    c->throughput = c->connector_fte * p->conn_caseload / p->conn_weeks;

    /* Rule 7. */
    if (p->conn_rural_first) {
        double left = fill(c, c->throughput, 1);
        fill(c, left, 0);
    } else {
        fill(c, c->throughput, -1);
    }

    /* Rule 8. */
    c->allocated_total = 0;
    c->linked_expected = 0;
    for (int i = 0; i < c->n; i++) {
        double is = c->iso[i];
        double lp = 0;
        if (is > 0) {
            lp = success * c->allocated[i] / is;
            /* Guards against rounding: the demand cap already implies both. */
            double room = c->spare[i] - c->join_p[i] * is;
            if (lp * is > room)
                lp = room > 0 ? room / is : 0.0;
            if (lp > 1.0 - c->join_p[i])
                lp = 1.0 - c->join_p[i];
        }
        c->link_p[i] = lp;
        c->allocated_total += c->allocated[i];
        c->linked_expected += lp * is;
    }

    /* Rule 9. */
    double invest_week = reported ? p->comm_invest * p->scale / 52.0 : 0.0;
    c->cost_week = c->connector_fte * p->conn_cost / 52.0 + invest_week;
    c->cost_reform_week = added_fte * p->conn_cost / 52.0 + invest_week;
}
