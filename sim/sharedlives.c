/*
 * sharedlives.c — Shared Lives carer households: initial carers, matching by
 * mutual choice, carers leaving and being recruited, and the scheme's cost.
 * The rules are documented in include/cs_sharedlives.h and docs/model.md; the
 * numbers of the rules are quoted below. Everything here is serial; the
 * random draws are keyed Philox draws (purpose CS_P_SCHEMES).
 */
#include "cs_sharedlives.h"
#include "cs_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most introductions one match can make (the valid maximum of
 * sharedlives.introductions). */
#define SL_MAX_INTRO 100

static double u01(cs_key key, uint32_t id, uint32_t week, int stream, uint32_t k)
{
    return cs_u01(cs_rng_draw4(key, id, week, CS_P_SCHEMES, CS_SCHEMES_INDEX(stream, k)).v[0]);
}

void cs_sl_free(struct cs_sharedlives *sl)
{
    if (!sl)
        return;
    free(sl->alive);
    free(sl->district);
    free(sl->places);
    free(sl->used);
    free(sl->start_week);
    free(sl->adults);
    free(sl->c0);
    free(sl->credit);
    memset(sl, 0, sizeof *sl);
}

static void grow(struct cs_sharedlives *sl, int32_t need)
{
    if (need <= sl->cap)
        return;
    int32_t nc = sl->cap > 0 ? sl->cap : 16;
    while (nc < need)
        nc = nc > CS_SL_MAX_CARERS / 2 ? CS_SL_MAX_CARERS : nc * 2;
    size_t n = (size_t)nc;
    sl->alive = cs_xrealloc(sl->alive, n);
    sl->district = cs_xrealloc(sl->district, n);
    sl->places = cs_xrealloc(sl->places, n);
    sl->used = cs_xrealloc(sl->used, n);
    sl->start_week = cs_xrealloc(sl->start_week, n * sizeof *sl->start_week);
    sl->cap = nc;
}

/* Rule 1: places of carer id from sharedlives.places_mix (1, 2 or 3). */
static uint8_t draw_places(const struct cs_params *p, cs_key key, int32_t id)
{
    double sum = p->sl_places_mix[0] + p->sl_places_mix[1] + p->sl_places_mix[2];
    double u = u01(key, (uint32_t)id, 0, CS_SL_S_PLACES, 0) * sum, c = 0;
    for (int k = 0; k < 2; k++) {
        c += p->sl_places_mix[k];
        if (u < c)
            return (uint8_t)(k + 1);
    }
    return 3;
}

/* Add count carers in district d, joining in week (ids never reused). Stops
 * silently at CS_SL_MAX_CARERS, which no place comes near. */
static int add_carers(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key, int d,
                      int64_t count, int week)
{
    int added = 0;
    if (count > (int64_t)CS_SL_MAX_CARERS - sl->n)
        count = (int64_t)CS_SL_MAX_CARERS - sl->n;
    if (count <= 0)
        return 0;
    grow(sl, sl->n + (int32_t)count);
    for (int64_t j = 0; j < count; j++) {
        int32_t id = sl->n++;
        sl->alive[id] = 1;
        sl->district[id] = (uint8_t)d;
        sl->places[id] = draw_places(p, key, id);
        sl->used[id] = 0;
        sl->start_week[id] = week;
        added++;
    }
    return added;
}

int cs_sl_init(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key,
               int n_districts, const double *district_adults, char *err, size_t errlen)
{
    memset(sl, 0, sizeof *sl);
    if (!p || !district_adults || n_districts <= 0 || n_districts > CS_SL_MAX_DISTRICTS) {
        snprintf(err, errlen, "sharedlives: need 1 to %d districts, got %d", CS_SL_MAX_DISTRICTS,
                 n_districts);
        return -1;
    }
    double total = 0;
    for (int d = 0; d < n_districts; d++) {
        if (!(district_adults[d] >= 0) || !isfinite(district_adults[d])) {
            snprintf(err, errlen, "sharedlives: district %d has %g adults", d, district_adults[d]);
            return -1;
        }
        total += district_adults[d];
    }
    double mix = p->sl_places_mix[0] + p->sl_places_mix[1] + p->sl_places_mix[2];
    if (!(mix > 0)) {
        snprintf(err, errlen, "sharedlives: sharedlives.places_mix sums to 0");
        return -1;
    }

    size_t n = (size_t)n_districts;
    sl->adults = calloc(n, sizeof *sl->adults);
    sl->c0 = calloc(n, sizeof *sl->c0);
    sl->credit = calloc(n, sizeof *sl->credit);
    if (!sl->adults || !sl->c0 || !sl->credit) {
        cs_sl_free(sl);
        snprintf(err, errlen, "sharedlives: out of memory for %d districts", n_districts);
        return -1;
    }
    sl->n_districts = n_districts;
    sl->adults_total = total;
    sl->g_prev = 1.0;
    sl->a_prev = 0.0;

    /* Rule 1, district by district, so ids are in district order. */
    for (int d = 0; d < n_districts; d++) {
        sl->adults[d] = district_adults[d];
        sl->c0[d] = p->sl_carers * district_adults[d] / 1e5;
        sl->c0_total += sl->c0[d];
        double whole = floor(sl->c0[d]);
        int64_t count = (int64_t)whole;
        if (u01(key, (uint32_t)d, 0, CS_SL_S_INIT_ROUND, 0) < sl->c0[d] - whole)
            count++;
        add_carers(sl, p, key, d, count, 0);
        /* Rule 4c: the credit starts at a random fraction, so that the
         * expected recruits of a district are unbiased from the first week. */
        sl->credit[d] = u01(key, (uint32_t)d, 0, CS_SL_S_PHASE, 0);
    }

    /* Totals before the first week, so a caller can read them at once. */
    for (int32_t i = 0; i < sl->n; i++) {
        sl->carers_active += 1;
        sl->places_total += sl->places[i];
    }
    return 0;
}

/* Rule 3: the (up to) k carers with a free place in district d (same = 1) or
 * outside it (same = 0) with the lowest priority draws, lowest first, in
 * pick[0..]. Returns how many. */
static int candidates(const struct cs_sharedlives *sl, cs_key key, uint32_t person,
                      uint32_t week, int d, int same, int k, int32_t *pick)
{
    uint32_t prio[SL_MAX_INTRO];
    int m = 0;
    if (k <= 0)
        return 0;
    for (int32_t c = 0; c < sl->n; c++) {
        if (!sl->alive[c] || sl->used[c] >= sl->places[c])
            continue;
        if ((sl->district[c] == d) != same)
            continue;
        uint32_t pr = cs_rng_draw4(key, person, week, CS_P_SCHEMES,
                                   CS_SCHEMES_INDEX(CS_SL_S_ORDER, (uint32_t)c)).v[0];
        /* Insert into the sorted list of the k lowest (ties: lower id first,
         * which holds because ids arrive in increasing order). */
        if (m == k && pr >= prio[m - 1])
            continue;
        int j = m < k ? m++ : k - 1;
        while (j > 0 && prio[j - 1] > pr) {
            prio[j] = prio[j - 1];
            pick[j] = pick[j - 1];
            j--;
        }
        prio[j] = pr;
        pick[j] = c;
    }
    return m;
}

int32_t cs_sl_match(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key,
                    uint32_t person, int week, int district)
{
    int32_t pick[SL_MAX_INTRO];
    int k = p->sl_intro < SL_MAX_INTRO ? p->sl_intro : SL_MAX_INTRO;
    uint32_t w = (uint32_t)week;

    sl->requests++;
    /* Own district first, then the others; a district outside the scheme's
     * range simply has no carers of its own. */
    int m = candidates(sl, key, person, w, district, 1, k, pick);
    if (m < k)
        m += candidates(sl, key, person, w, district, 0, k - m, pick + m);
    for (int j = 0; j < m; j++) {
        sl->introductions++;
        if (u01(key, person, w, CS_SL_S_CHOICE, (uint32_t)j) < p->sl_mutual) {
            int32_t c = pick[j];
            sl->used[c]++;
            sl->matches++;
            return c;
        }
    }
    return -1;
}

void cs_sl_week(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key, int week,
                int report_week)
{
    sl->requests = sl->introductions = sl->matches = 0;
    sl->leavers = sl->displaced = sl->recruits = 0;

    /* Rule 4a: exits. */
    double pe = cs_weekly(p->sl_exit);
    for (int32_t c = 0; c < sl->n; c++) {
        if (!sl->alive[c])
            continue;
        if (u01(key, (uint32_t)c, (uint32_t)week, CS_SL_S_EXIT, 0) < pe) {
            sl->alive[c] = 0;
            sl->leavers++;
            sl->displaced += sl->used[c];
        }
    }

    /* Rule 4b: the scheme's size; levers only in reported weeks. */
    double g = 1.0, a = 0.0;
    if (report_week >= 0) {
        double t = (double)(report_week + 1) / 52.0;
        g = pow(1.0 + p->sl_growth, t);
        a = p->sl_added * sl->adults_total / 1e5 * (t < 1.0 ? t : 1.0);
    }
    double dg = g - sl->g_prev, da = a - sl->a_prev;
    sl->g_prev = g;
    sl->a_prev = a;

    /* Rule 4c: recruitment. */
    double rate = p->sl_recruit >= 0 ? p->sl_recruit : p->sl_carers * 52.0 * pe;
    sl->dev_recruits = 0;
    for (int d = 0; d < sl->n_districts; d++) {
        double share = sl->adults_total > 0 ? sl->adults[d] / sl->adults_total : 0.0;
        double dev = dg * sl->c0[d] + da * share;
        if (dev < 0)
            dev = 0;
        double x = rate * sl->adults[d] / 1e5 / 52.0 * g + pe * a * share + dev;
        sl->dev_recruits += dev;
        sl->credit[d] += x;
        double whole = floor(sl->credit[d]);
        sl->credit[d] -= whole;
        sl->recruits += add_carers(sl, p, key, d, (int64_t)whole, week);
    }

    /* Rules 4d and 5. */
    sl->carers_active = sl->places_total = sl->places_used = 0;
    for (int32_t c = 0; c < sl->n; c++) {
        if (!sl->alive[c])
            continue;
        sl->carers_active += 1;
        sl->places_total += sl->places[c];
        sl->places_used += sl->used[c];
    }
    sl->reform_week = sl->dev_recruits * p->sl_recruit_cost;
    sl->cost_week = sl->places_used * p->sl_fee + sl->carers_active * p->sl_overhead +
                    sl->reform_week;
}

int64_t cs_sl_free_places(const struct cs_sharedlives *sl, int district)
{
    int64_t f = 0;
    for (int32_t c = 0; c < sl->n; c++)
        if (sl->alive[c] && (district < 0 || sl->district[c] == district) &&
            sl->used[c] < sl->places[c])
            f += sl->places[c] - sl->used[c];
    return f;
}
