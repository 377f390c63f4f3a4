/*
 * homes.c — care homes (residential and nursing) as provider agents: the
 * initial stock, admissions, weekly finances, closures, entry of new homes
 * and the council's decommissioning lever. The rules are documented and
 * numbered in include/cs_homes.h; the numbers are quoted below. Everything
 * here is serial in home order, and the only random draws come from the
 * CS_P_HOMES stream, so the same inputs give bit-identical results.
 */
#include "cs_homes.h"
#include "cs_util.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Draw indices within CS_P_HOMES. The counter's first word is a person id for
 * admissions and a home id for closures; the index keeps the streams apart. */
enum { DRAW_ADMIT = 0, DRAW_CLOSE = 1, DRAW_INIT = 2, DRAW_ENTRY = 3 };

/* Occupancy entry looks at is capped here, so a type with demand and no beds
 * (every home closed) reads as over-full rather than as infinity. */
#define OCC_CAP 1.5

/* Share of costs that follow care pay, scaled by the pay index. */
static double pay_factor(const struct cs_params *p, double pay_index)
{
    return 1.0 - p->hm_staff + p->hm_staff * pay_index;
}

static double fixed_per_bed(const struct cs_homes *h, const struct cs_params *p, int small,
                            int nursing)
{
    return p->hm_fixed * (small ? p->hm_small_cost : 1.0) * (nursing ? p->hm_nurse_cost : 1.0) *
           pay_factor(p, h->pay_index);
}

static double per_resident(const struct cs_homes *h, const struct cs_params *p, int nursing)
{
    return p->hm_var * (nursing ? p->hm_nurse_cost : 1.0) * pay_factor(p, h->pay_index);
}

static double fee_of(const struct cs_homes *h, const struct cs_params *p, int nursing, int council_funded)
{
    double base = nursing ? (council_funded ? p->hm_nfee : p->hm_nfee_private)
                          : (council_funded ? p->res_fee : p->res_fee_private);
    return base * h->fee_mult[council_funded ? 1 : 0];
}

static double fnc_of(const struct cs_params *p, int nursing) { return nursing ? p->hm_fnc : 0.0; }

/* uc of a home of this kind: cost per resident at normal occupancy. */
static double unit_cost(const struct cs_homes *h, const struct cs_params *p, int small, int nursing)
{
    return fixed_per_bed(h, p, small, nursing) / p->hm_occ0 + per_resident(h, p, nursing);
}

/* A week's cost of home i at normal occupancy: the scale for reserves. */
static double normal_cost(const struct cs_homes *h, const struct cs_params *p, int32_t i)
{
    return (fixed_per_bed(h, p, h->small[i], h->nursing[i]) +
            per_resident(h, p, h->nursing[i]) * p->hm_occ0) * h->beds[i];
}

double cs_homes_fee(const struct cs_homes *h, const struct cs_params *p, int32_t home,
                    int council_funded)
{
    return fee_of(h, p, h->nursing[home], council_funded);
}

double cs_homes_unit_cost(const struct cs_homes *h, const struct cs_params *p, int32_t home)
{
    return unit_cost(h, p, h->small[home], h->nursing[home]);
}

/* Uniform integer in [0, m) from 32 random bits, in integer arithmetic. */
static int32_t uniform_int(uint32_t x, uint32_t m) { return (int32_t)(((uint64_t)x * m) >> 32); }

/* Size bounds of rule 1. */
static int small_lo(const struct cs_params *p)
{
    return p->hm_small_beds / 4 > 1 ? p->hm_small_beds / 4 : 1;
}
static int large_lo(const struct cs_params *p) { return p->hm_small_beds + 1; }
static int large_hi(const struct cs_params *p)
{
    long hi = lround(2.0 * p->hm_large_beds) - large_lo(p);
    return hi > large_lo(p) ? (int)hi : large_lo(p);
}
static int entrant_beds(const struct cs_params *p)
{
    long b = lround(p->hm_large_beds);
    return b > large_lo(p) ? (int)b : large_lo(p);
}

void cs_homes_free(struct cs_homes *h)
{
    if (!h)
        return;
    free(h->alive);
    free(h->nursing);
    free(h->small);
    free(h->district);
    free(h->beds);
    free(h->occupied);
    free(h->council);
    free(h->reserves);
    free(h->revenue);
    free(h->cost);
    free(h->frac);
    memset(h, 0, sizeof *h);
}

static int grow(struct cs_homes *h, int32_t need)
{
    if (need <= h->cap)
        return 0;
    int32_t nc = h->cap ? h->cap : 64;
    while (nc < need)
        nc *= 2;
    int ok = 1;
#define G(f)                                                                  \
    do {                                                                      \
        void *q = realloc(h->f, (size_t)nc * sizeof *h->f);                   \
        if (q) h->f = q; else ok = 0;                                         \
    } while (0)
    G(alive); G(nursing); G(small); G(district); G(beds); G(occupied); G(council);
    G(reserves); G(revenue); G(cost); G(frac);
#undef G
    if (!ok)
        return -1;
    h->cap = nc;
    return 0;
}

/* Append a home; the caller sets its reserves. Returns its id or -1. */
static int32_t add_home(struct cs_homes *h, const struct cs_params *p, int district, int nursing,
                        int32_t beds)
{
    if (grow(h, h->n + 1) != 0)
        return -1;
    int32_t i = h->n++;
    h->alive[i] = 1;
    h->nursing[i] = (uint8_t)(nursing != 0);
    h->small[i] = beds <= p->hm_small_beds;
    h->district[i] = (uint8_t)district;
    h->beds[i] = beds;
    h->occupied[i] = 0;
    h->council[i] = 0;
    h->reserves[i] = 0;
    h->revenue[i] = 0;
    h->cost[i] = 0;
    h->frac[i] = 0;
    return i;
}

int cs_homes_init(struct cs_homes *h, const struct cs_params *p, cs_key key, int n_districts,
                  const int32_t *residents, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    if (!p || !residents || n_districts < 1 || n_districts > 255) {
        snprintf(err, errlen, "homes: need 1 to 255 districts and their residents, got %d",
                 n_districts);
        return -1;
    }
    for (int k = 0; k < 2 * n_districts; k++) {
        if (residents[k] < 0) {
            snprintf(err, errlen, "homes: district %d has %d %s residents", k / 2,
                     (int)residents[k], k % 2 ? "nursing" : "residential");
            return -1;
        }
    }
    h->n_districts = n_districts;
    h->pay_index = 1.0;
    h->fee_mult[0] = h->fee_mult[1] = 1.0;
    for (int t = 0; t < CS_HOME_TYPES; t++) {
        h->occ_smooth[t] = p->hm_occ0;
        h->last_entry[t] = INT_MIN / 2; /* so the first opening is never held back */
    }

    /* Rule 1. */
    int slo = small_lo(p), shi = p->hm_small_beds, llo = large_lo(p), lhi = large_hi(p);
    double mean_beds = p->hm_small_share * 0.5 * (slo + shi) + (1 - p->hm_small_share) * 0.5 * (llo + lhi);
    for (int d = 0; d < n_districts; d++) {
        for (int t = 0; t < CS_HOME_TYPES; t++) {
            double target = (double)residents[2 * d + t] / p->hm_occ0, sum = 0;
            for (uint32_t j = 0; sum < target; j++) {
                cs_ctr r = cs_rng_draw4(key, (uint32_t)(2 * d + t), j, CS_P_HOMES, DRAW_INIT);
                /* Whole homes until less than a mean home's beds is still
                 * needed; then one more with probability (beds needed) / (mean
                 * beds), else none. The expected beds are the target at any
                 * scale, and every home's size is an unconditional draw (so
                 * the small share holds however few homes a district has).
                 * (Cutting the last home to fit, not below its class's
                 * smallest size, gave a sample with few residents per
                 * district many undersized homes and extra beds: at scale
                 * 0.05, 1.6 times the beds per person of a full-scale run.) */
                double gap = target - sum;
                int last = gap < mean_beds;
                if (last && cs_u01(r.v[3]) * mean_beds >= gap)
                    break;
                int small = cs_u01(r.v[0]) < p->hm_small_share;
                int32_t beds = small ? slo + uniform_int(r.v[1], (uint32_t)(shi - slo + 1))
                                     : llo + uniform_int(r.v[1], (uint32_t)(lhi - llo + 1));
                int32_t i = add_home(h, p, d, t, beds);
                if (i < 0) {
                    cs_homes_free(h);
                    snprintf(err, errlen, "homes: out of memory for the initial stock");
                    return -1;
                }
                /* Spread starting reserves so a common shock does not close
                 * every home of a kind in the same week. */
                h->reserves[i] = cs_u01(r.v[2]) * 2.0 * p->hm_reserve0 * normal_cost(h, p, i);
                sum += beds;
                if (last)
                    break;
            }
        }
    }
    return 0;
}

/* Rule 2: would home i take this person now? */
static int accepts(const struct cs_homes *h, const struct cs_params *p, int32_t i,
                   int council_funded)
{
    if (!h->alive[i] || h->occupied[i] >= h->beds[i])
        return 0;
    if (!council_funded)
        return 1;
    int nu = h->nursing[i];
    double uc = unit_cost(h, p, h->small[i], nu);
    double fc = fee_of(h, p, nu, 1) + fnc_of(p, nu), fp = fee_of(h, p, nu, 0) + fnc_of(p, nu);
    if (fc >= uc)                                                  /* (a) */
        return 1;
    if ((double)h->occupied[i] < p->hm_accept_occ * h->beds[i])   /* (b) */
        return 1;
    double smax = fp > fc ? (fp - uc) / (fp - fc) : 0.0;           /* (c) */
    smax = smax < 0 ? 0 : smax > 1 ? 1 : smax;
    return (double)(h->council[i] + 1) <= smax * (double)(h->occupied[i] + 1);
}

int32_t cs_homes_admit(struct cs_homes *h, const struct cs_params *p, cs_key key,
                       uint32_t person, int week, int nursing, int council_funded, int district)
{
    int local_ok = district >= 0 && district < h->n_districts;
    /* Tiers: right type here, right type anywhere, then (residential only)
     * a nursing home here, a nursing home anywhere. */
    for (int tier = 0; tier < (nursing ? 2 : 4); tier++) {
        int type = nursing || tier >= 2 ? CS_HOME_NURSING : CS_HOME_RES;
        int local = tier % 2 == 0;
        if (local && !local_ok)
            continue;
        uint64_t total = 0;
        for (int32_t i = 0; i < h->n; i++)
            if (h->nursing[i] == type && (!local || h->district[i] == district) &&
                accepts(h, p, i, council_funded))
                total += (uint64_t)(h->beds[i] - h->occupied[i]);
        if (total == 0)
            continue;
        /* Weighted by free beds: a draw in [0, total) picks the bed. */
        cs_ctr r = cs_rng_draw4(key, person, (uint32_t)week, CS_P_HOMES, DRAW_ADMIT);
        uint64_t target = ((uint64_t)r.v[0] * (total < UINT32_MAX ? total : UINT32_MAX)) >> 32;
        uint64_t cum = 0;
        for (int32_t i = 0; i < h->n; i++) {
            if (h->nursing[i] != type || (local && h->district[i] != district) ||
                !accepts(h, p, i, council_funded))
                continue;
            cum += (uint64_t)(h->beds[i] - h->occupied[i]);
            if (target < cum) {
                h->occupied[i]++;
                if (council_funded)
                    h->council[i]++;
                return i;
            }
        }
    }
    return -1;
}

/* Rule 6: withdraw round(share × residential beds), proportionally with the
 * largest remainders taking the odd beds. */
static void decommission(struct cs_homes *h, const struct cs_params *p)
{
    double s = p->hm_decom > 1 ? 1 : p->hm_decom;
    int64_t total = 0, removed = 0;
    for (int32_t i = 0; i < h->n; i++)
        if (h->alive[i] && !h->nursing[i])
            total += h->beds[i];
    int64_t want = llround(s * (double)total);
    for (int32_t i = 0; i < h->n; i++) {
        h->frac[i] = -1; /* not a residential home: never picked below */
        if (!h->alive[i] || h->nursing[i])
            continue;
        double x = s * h->beds[i];
        int32_t k = (int32_t)floor(x);
        k = k > h->beds[i] ? h->beds[i] : k;
        h->frac[i] = x - k;
        h->beds[i] -= k;
        removed += k;
    }
    while (removed < want) {
        int32_t best = -1;
        for (int32_t i = 0; i < h->n; i++)
            if (h->frac[i] >= 0 && h->beds[i] > 0 && (best < 0 || h->frac[i] > h->frac[best]))
                best = i;
        if (best < 0)
            break;
        h->beds[best]--;
        h->frac[best] = -1;
        removed++;
    }
    h->decommissioned = (int32_t)removed;
}

/* Rule 5 helper: the district where type t's occupancy is highest (one with
 * residents and no beds first; ties to the lowest index). */
static int entry_district(const struct cs_homes *h, int t)
{
    int64_t beds[256] = {0}, occ[256] = {0};
    for (int32_t i = 0; i < h->n; i++)
        if (h->alive[i] && h->nursing[i] == t) {
            beds[h->district[i]] += h->beds[i];
            occ[h->district[i]] += h->occupied[i];
        }
    int best = 0;
    double best_occ = -1;
    for (int d = 0; d < h->n_districts; d++) {
        double o = beds[d] > 0 ? (double)occ[d] / (double)beds[d] : occ[d] > 0 ? INFINITY : 0;
        if (o > best_occ) {
            best_occ = o;
            best = d;
        }
    }
    return best;
}

void cs_homes_week(struct cs_homes *h, const struct cs_params *p, cs_key key, int week,
                   int report_week, double pay_index)
{
    h->pay_index = pay_index;
    h->openings = h->closures = 0;
    h->displaced = h->decommissioned = 0;
    h->occupied_total = h->nursing_occupied = h->beds_total = 0;
    h->revenue_week = h->cost_week = h->fnc_week = 0;
    int64_t demand[CS_HOME_TYPES] = {0}, beds[CS_HOME_TYPES] = {0};

    /* Rule 6: at reported year boundaries only. */
    if (report_week > 0 && report_week % 52 == 0 && p->hm_decom > 0)
        decommission(h, p);

    /* Rule 3. */
    for (int32_t i = 0; i < h->n; i++) {
        h->revenue[i] = h->cost[i] = 0;
        if (!h->alive[i])
            continue;
        int nu = h->nursing[i];
        int32_t o = h->occupied[i] > 0 ? h->occupied[i] : 0;
        int32_t c = h->council[i] < 0 ? 0 : h->council[i] > o ? o : h->council[i];
        double fnc = o * fnc_of(p, nu);
        h->revenue[i] = c * fee_of(h, p, nu, 1) + (o - c) * fee_of(h, p, nu, 0) + fnc;
        h->cost[i] = fixed_per_bed(h, p, h->small[i], nu) * (h->beds[i] > o ? h->beds[i] : o) +
                     per_resident(h, p, nu) * o;
        h->reserves[i] += h->revenue[i] - h->cost[i];
        h->revenue_week += h->revenue[i];
        h->cost_week += h->cost[i];
        h->fnc_week += fnc;
        h->occupied_total += o;
        h->nursing_occupied += nu ? o : 0;
        demand[nu] += o;
    }
    for (int t = 0; t < CS_HOME_TYPES; t++)
        h->occupied_by_type[t] = (int32_t)demand[t];

    /* Rule 4. */
    double q = cs_weekly(p->hm_close_rate);
    for (int32_t i = 0; i < h->n; i++) {
        if (!h->alive[i])
            continue;
        int shut = (h->beds[i] == 0 && h->occupied[i] <= 0) ||
                   h->reserves[i] < -p->hm_exit * h->cost[i];
        if (!shut && q > 0) {
            cs_ctr r = cs_rng_draw4(key, (uint32_t)i, (uint32_t)week, CS_P_HOMES, DRAW_CLOSE);
            shut = cs_u01(r.v[0]) < q;
        }
        if (shut) {
            h->displaced += h->occupied[i] > 0 ? h->occupied[i] : 0;
            h->alive[i] = 0;
            h->beds[i] = h->occupied[i] = h->council[i] = 0;
            h->closures++;
        } else {
            beds[h->nursing[i]] += h->beds[i];
        }
    }

    /* Rule 5. Demand counts this week's residents, the displaced included,
     * and anyone the model reports as waiting for a bed of the type. */
    for (int t = 0; t < CS_HOME_TYPES; t++) {
        double dem = (double)demand[t] + (h->waiting[t] > 0 ? h->waiting[t] : 0);
        h->waiting[t] = 0; /* an input for this week only */
        double occ = beds[t] > 0 ? dem / (double)beds[t] : dem > 0 ? OCC_CAP : 0.0;
        occ = occ < OCC_CAP ? occ : OCC_CAP;
        h->occ_smooth[t] += (occ - h->occ_smooth[t]) / p->hm_smooth;
        double fp = fee_of(h, p, t, 0) + fnc_of(p, t);
        if (!(h->occ_smooth[t] > p->hm_entry_occ &&
              (double)week - (double)h->last_entry[t] >= p->hm_entry_lag &&
              fp >= unit_cost(h, p, 0, t)))
            continue;
        /* A round of openings: as many homes as bring smoothed demand back to
         * normal occupancy, the fraction of a home opening with that
         * probability: the expected new beds are the shortfall at any scale.
         * (Opening at least one whole home, as many as cover the shortfall,
         * overshot by up to a home: at scale 0.05 a home is a large part of
         * a place's beds, and occupancy fell to 0.77 of a full-scale run's.)
         * A round that draws no home still counts as a round (the lag
         * applies), so a sample does not retry every week. With demand and
         * no beds of the type at all (only ever in a small sample) a round
         * opens at least one home: no one could be admitted otherwise. */
        double want = (beds[t] > 0 ? h->occ_smooth[t] * (double)beds[t] : dem) / p->hm_occ0;
        int32_t size = entrant_beds(p);
        double x = (want - (double)beds[t]) / size;
        cs_ctr r = cs_rng_draw4(key, (uint32_t)t, (uint32_t)week, CS_P_HOMES, DRAW_ENTRY);
        int64_t homes = x > 0 ? (int64_t)floor(x) + (cs_u01(r.v[0]) < x - floor(x)) : 0;
        if (beds[t] == 0 && dem > 0 && homes < 1)
            homes = 1;
        h->last_entry[t] = week;
        for (int64_t k = 0; k < homes; k++) {
            int32_t i = add_home(h, p, entry_district(h, t), t, size);
            if (i < 0) {
                perror("caresim: out of memory opening a care home");
                exit(3);
            }
            h->reserves[i] = p->hm_reserve0 * normal_cost(h, p, i);
            h->openings++;
            beds[t] += size;
        }
    }
    for (int t = 0; t < CS_HOME_TYPES; t++) {
        h->beds_by_type[t] = (int32_t)beds[t];
        h->beds_total += (int32_t)beds[t];
    }
}
