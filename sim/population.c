/*
 * population.c — building a place's adults from its seed data: neighbourhoods
 * (district x deprivation quintile x rural/urban), then each person's attributes
 * from their own counter-based stream, then partners, then initial care.
 * Also adding people during a run (cs_pop_add: demography.c decides who).
 */
#define _DEFAULT_SOURCE   /* madvise, MADV_HUGEPAGE (Linux) */
#include "cs_model.h"
#include "model_internal.h"
#include "cs_need.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

static int age_band(int age)
{
    return age < 35 ? 0 : age < 50 ? 1 : age < 65 ? 2 : age < 75 ? 3 : age < 85 ? 4 : 5;
}

static void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz);
    if (!p) { perror("caresim: out of memory"); exit(3); }
    return p;
}

static void pop_alloc(struct cs_pop *pp, uint32_t cap)
{
    _Static_assert(sizeof(struct cs_person) == 64, "a person's record is one cache line");
    pp->cap = cap;
    pp->n = 0;
    /* in 2 MiB pages where the system offers them: a week's people are
     * spread over all ids, and with 4 KiB pages each costs a page-table walk */
    const size_t huge = (size_t)2 << 20;
    size_t bytes = ((size_t)(cap ? cap : 1)) * sizeof *pp->rec;
    bytes = (bytes + huge - 1) / huge * huge;
    pp->rec = aligned_alloc(huge, bytes);
    if (!pp->rec) { perror("caresim: out of memory"); exit(3); }
#ifdef MADV_HUGEPAGE
    madvise(pp->rec, bytes, MADV_HUGEPAGE);   /* a hint: nothing to do if refused */
#endif
    memset(pp->rec, 0, bytes);
    pp->wake = xcalloc(cap, sizeof *pp->wake);   /* 0: everyone is due in week 0 */
}

void cs_pop_free(struct cs_pop *pp)
{
    free(pp->rec);
    free(pp->wake);
    memset(pp, 0, sizeof *pp);
}

/* Neighbourhoods: each district's adults split over national IMD quintiles and
 * rural/urban (taken as independent within a district), each cell cut into
 * neighbourhoods of about nbhd_size adults. Returns cumulative adult weights. */
static double *build_nbhds(struct cs_sim *s)
{
    const struct cs_place *pl = s->place;
    int cap = 0;
    for (int d = 0; d < pl->n_districts; d++)
        for (int q = 0; q < 5; q++)
            for (int r = 0; r < 2; r++) {
                double a = pl->d[d].adults * pl->d[d].q[q] *
                           (r ? pl->d[d].rural_share : 1.0 - pl->d[d].rural_share);
                if (a >= 0.5) cap += 1 + (int)(a / s->p->nbhd_size);
            }
    s->nbhd = xcalloc(cap, sizeof *s->nbhd);
    double *w = xcalloc(cap, sizeof *w);
    int k = 0;
    for (int d = 0; d < pl->n_districts; d++)
        for (int q = 0; q < 5; q++)
            for (int r = 0; r < 2; r++) {
                double a = pl->d[d].adults * pl->d[d].q[q] *
                           (r ? pl->d[d].rural_share : 1.0 - pl->d[d].rural_share);
                if (a < 0.5) continue;
                int m = (int)lround(a / s->p->nbhd_size);
                if (m < 1) m = 1;
                for (int j = 0; j < m; j++) {
                    s->nbhd[k] = (struct cs_nbhd){(uint8_t)q, (uint8_t)r, (uint8_t)d};
                    w[k] = a / m;
                    k++;
                }
            }
    s->n_nbhd = k;
    for (int i = 1; i < k; i++) w[i] += w[i - 1];
    return w;
}

static int nbhd_from_u(const double *cum, int n, double u)
{
    double x = u * cum[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (x < cum[mid]) hi = mid; else lo = mid + 1;
    }
    return lo;
}

/* What making people needs besides the sim: the neighbourhoods' cumulative
 * adult weights. */
struct maker {
    const double *nbhd_cum;
};

static void maker_init(struct maker *mk, const struct cs_params *p, const double *nbhd_cum)
{
    (void)p;
    mk->nbhd_cum = nbhd_cum;
}

/* Attributes of person i, aged age, sex female, from stream (purpose, week). */
static void person_create(struct cs_sim *s, uint32_t i, int age, int female, uint32_t purpose,
                          const struct maker *mk)
{
    const struct cs_params *p = s->p;
    struct cs_pop *pp = &s->pop;
    cs_ctr a = cs_rng_draw4(s->key, i, (uint32_t)s->week, purpose, 0);
    cs_ctr b = cs_rng_draw4(s->key, i, (uint32_t)s->week, purpose, 1);
    double u[8];
    for (int j = 0; j < 4; j++) { u[j] = cs_u01(a.v[j]); u[4 + j] = cs_u01(b.v[j]); }

    int nb = nbhd_from_u(mk->nbhd_cum, s->n_nbhd, u[0]);
    int q = s->nbhd[nb].quintile;
    uint8_t flags = CS_F_ALIVE | (female ? CS_F_FEMALE : 0);

    /* minority ethnicity: tilted towards deprived quintiles, normalised over
     * this place's quintile mix so the place keeps the configured share */
    double share = cs_place_value(p->minority_share, s->place->in.minority_share);   /* seeds, or the scenario's */
    double pmin = share * p->minority_q[q] / s->minority_norm;
    if (u[1] < pmin) flags |= CS_F_MINORITY;

    int band = age_band(age);
    double hh[3] = {p->alone_share[band], p->partner_share[band],
                    1.0 - p->alone_share[band] - p->partner_share[band]};
    if (hh[2] < 0) hh[2] = 0;
    int household = cs_pick(hh, 3, u[2]);

    double wl[3] = {1.0 - p->wealth_upper[q] - p->wealth_middle[q], p->wealth_middle[q],
                    p->wealth_upper[q]};
    if (wl[0] < 0) wl[0] = 0;
    int wealth = cs_pick(wl, 3, u[3]);
    if (u[4] < p->homeowner[q] * (age >= 65 ? 1.0 : p->owner_young)) flags |= CS_F_OWNER;

    /* need, its condition and isolation together, from the settled
     * distribution of the model's own rates at this person's age (need.c);
     * someone turning 18 joins as need.entry_* has them (with family) */
    int entrant = purpose == CS_P_ENTRANT, need, cond, iso0;
    cs_settle_unpack(cs_need_draw(s->need_settled, female, q, household == CS_HH_ALONE && !entrant, age, entrant, u[5]),
                     &need, &cond, &iso0);
    if (cond < 0) cond = cs_pick(age < 65 ? p->cond_young : p->cond_old, CS_C_N, u[7]);
    if (iso0) flags |= CS_F_ISOLATED;
    cs_ctr c = cs_rng_draw4(s->key, i, (uint32_t)s->week, purpose, 2);
    if (purpose == CS_P_ENTRANT) household = CS_HH_FAMILY;   /* 18-year-olds live with family */
    int fam = CS_FAM_NONE;
    if (cs_u01(c.v[1]) < p->family_share)
        fam = household == CS_HH_FAMILY ? CS_FAM_COHABIT : CS_FAM_APART;
    /* wellbeing starts where the person's circumstances put it (care not yet known) */
    double wb = p->wb_base - p->wb_need * need - p->wb_iso * iso0;

    pp->rec[i].flags = flags;
    pp->rec[i].age = (uint8_t)age;
    pp->rec[i].household = (uint8_t)household;
    pp->rec[i].wealth = (uint8_t)wealth;
    pp->rec[i].need = (uint8_t)need;
    pp->rec[i].cond = (uint8_t)cond;
    pp->rec[i].svc = CS_SVC_NONE;
    pp->rec[i].fam = (uint8_t)fam;
    pp->rec[i].strain = 0;
    pp->rec[i].wellbeing = (uint8_t)lround(255 * (wb < 0 ? 0 : wb > 1 ? 1 : wb));
    pp->rec[i].assessed = 0;
    pp->rec[i].pkg = 0;
    pp->rec[i].nbhd = (uint16_t)nb;
    pp->rec[i].partner = -1;
    pp->rec[i].prov = -1;
    pp->rec[i].home = -1;
    pp->rec[i].primary = -1;
    pp->rec[i].cont = pp->rec[i].cont_last = 0;
    pp->rec[i].lts_year = 0;
    pp->rec[i].ext = 0;
    pp->rec[i].since = 0;
    pp->rec[i].carer_back = 0;
    pp->rec[i].ep_end = 0;
    pp->rec[i].review_at = 0;
    pp->rec[i].mix = cs_rng_draw4(s->key, i, 0, CS_P_CARER_MIX, 0).v[0];
}

/* Number to create for a seed count under sampling fraction scale: stochastic
 * rounding with a draw keyed on the cell, so it is reproducible. */
static long scaled_count(struct cs_sim *s, long count, uint32_t cell)
{
    if (s->p->scale >= 1.0) return count;
    double x = count * s->p->scale;
    long n = (long)x;
    cs_ctr r = cs_rng_draw4(s->key, 0xFFFFFFFFu, cell, CS_P_INIT, 0);
    if (cs_u01(r.v[0]) < x - n) n++;
    return n;
}

/* Partners: people drawn as living with a partner are paired within their
 * neighbourhood, opposite sex, by age rank (so ages are similar). The unpaired
 * remainder live with family. Sort keys pack (neighbourhood, age, id). */
#define KEY_NB(k) ((uint16_t)((k) >> 40))
#define KEY_AGE(k) ((uint8_t)((k) >> 32))
#define KEY_ID(k) ((uint32_t)(k))

/* The n keys k, gathered in ascending id order, sorted ascending: a stable
 * counting sort by age, then one by neighbourhood (of n_nbhd), leaves equal
 * neighbourhoods in age order and equal ages in id order, the order of the
 * keys themselves (a comparison sort took a sixth of a second of the start
 * of a county's run, on one thread). tmp holds n keys. */
static void sort_keys(uint64_t *k, uint64_t *tmp, uint32_t n, int n_nbhd)
{
    uint32_t by_age[257] = {0}, *by_nb = xcalloc((size_t)n_nbhd + 1, sizeof *by_nb);
    for (uint32_t i = 0; i < n; i++) by_age[KEY_AGE(k[i]) + 1]++;
    for (int a = 0; a < 256; a++) by_age[a + 1] += by_age[a];
    for (uint32_t i = 0; i < n; i++) tmp[by_age[KEY_AGE(k[i])]++] = k[i];
    for (uint32_t i = 0; i < n; i++) by_nb[KEY_NB(tmp[i]) + 1]++;
    for (int b = 0; b < n_nbhd; b++) by_nb[b + 1] += by_nb[b];
    for (uint32_t i = 0; i < n; i++) k[by_nb[KEY_NB(tmp[i])]++] = tmp[i];
    free(by_nb);
}

static void pair_partners(struct cs_sim *s)
{
    struct cs_pop *pp = &s->pop;
    uint64_t *m = xcalloc(pp->n, sizeof *m), *f = xcalloc(pp->n, sizeof *f), *tmp = xcalloc(pp->n, sizeof *tmp);
    uint32_t nm = 0, nf = 0;
    for (uint32_t i = 0; i < pp->n; i++) {
        if (pp->rec[i].household != CS_HH_PARTNER) continue;
        uint64_t k = ((uint64_t)pp->rec[i].nbhd << 40) | ((uint64_t)pp->rec[i].age << 32) | i;
        if (pp->rec[i].flags & CS_F_FEMALE) f[nf++] = k; else m[nm++] = k;
    }
    sort_keys(m, tmp, nm, s->n_nbhd);
    sort_keys(f, tmp, nf, s->n_nbhd);
    uint32_t a = 0, b = 0;
    while (a < nm && b < nf) {
        uint16_t na = KEY_NB(m[a]), nb = KEY_NB(f[b]);
        if (na < nb) { a++; continue; }
        if (nb < na) { b++; continue; }
        uint32_t a0 = a, b0 = b;
        while (a < nm && KEY_NB(m[a]) == na) a++;
        while (b < nf && KEY_NB(f[b]) == na) b++;
        /* rank matching: each of the smaller group takes the person at the same
         * age rank in the larger one */
        uint32_t cm = a - a0, cf = b - b0;
        uint32_t k = cm < cf ? cm : cf, big = cm < cf ? cf : cm;
        for (uint32_t j = 0; j < k; j++) {
            uint32_t jb = (uint32_t)(((uint64_t)j * big) / k);
            uint32_t x = KEY_ID(m[a0 + (cm <= cf ? j : jb)]);
            uint32_t y = KEY_ID(f[b0 + (cm <= cf ? jb : j)]);
            pp->rec[x].partner = (int32_t)y;
            pp->rec[y].partner = (int32_t)x;
        }
    }
    for (uint32_t i = 0; i < pp->n; i++)
        if (pp->rec[i].household == CS_HH_PARTNER && pp->rec[i].partner < 0)
            pp->rec[i].household = CS_HH_FAMILY;
    free(m);
    free(f);
    free(tmp);
}

/* The people of s->place at s->p's scale (s->p, place, lt, key and
 * n_threads set): neighbourhoods, every adult with their attributes, and
 * partners paired. Returns 0, or -1 with a message in err. */
int cs_pop_build(struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_params *p = s->p;
    const struct cs_place *pl = s->place;
    double *cum = build_nbhds(s);
    s->minority_norm = 0;
    for (int k = 0; k < s->n_nbhd; k++)
        s->minority_norm += (cum[k] - (k ? cum[k - 1] : 0)) / cum[s->n_nbhd - 1] * p->minority_q[s->nbhd[k].quintile];
    if (s->n_nbhd == 0 || s->n_nbhd > 65535) {
        snprintf(err, errlen, "place %s: %d neighbourhoods (need 1..65535; adjust population.neighbourhood_size)",
                 pl->code, s->n_nbhd);
        free(cum);
        return -1;
    }

    /* capacity: today's adults plus everyone who turns 18 during the run
     * (more room is made if migration needs it: pop_reserve) */
    int total_weeks = p->warmup_weeks + 52 * p->years;
    int n_years = total_weeks / 52 + 1;
    long cap = 0;
    for (int sex = 0; sex < 2; sex++) {
        for (int a = 18; a <= CS_AGE_MAX; a++) cap += pl->pop[sex][a];
        for (int y = 1; y <= n_years; y++) cap += pl->pop[sex][18 - y < 0 ? 0 : 18 - y];
    }
    if (p->scale < 1.0) cap = (long)(cap * p->scale) + 2L * (CS_AGE_MAX + 1) * (n_years + 1) + 16;
    if (cap > 0xFFFFFFF0L) {
        snprintf(err, errlen, "place %s: population too large", pl->code);
        free(cum);
        return -1;
    }
    pop_alloc(&s->pop, (uint32_t)cap);
    /* everyone made, now and during the run, is drawn from it */
    if (!s->need_settled && !(s->need_settled = cs_need_settle(s, cum, s->need_factors))) {
        snprintf(err, errlen, "out of memory");
        free(cum);
        return -1;
    }

    /* people 18+ by sex and single year (90 = 90+, spread over 90..94), ids
     * in that order: each cell's count first, then everyone's attributes on
     * every thread (a person's draws are keyed on their id) */
    enum { AGES = CS_AGE_MAX - 17, CELLS = 2 * AGES };
    long first[CELLS + 1];
    first[0] = 0;
    for (int c = 0; c < CELLS; c++) {
        int sex = c / AGES, a = 18 + c % AGES;
        first[c + 1] = first[c] + scaled_count(s, pl->pop[sex][a], (uint32_t)(sex * 1000 + a));
    }
    s->pop.n = (uint32_t)first[CELLS];
    struct maker mk;
    maker_init(&mk, p, cum);
#pragma omp parallel for schedule(dynamic, 1) num_threads(s->n_threads)
    for (int c = 0; c < CELLS; c++) {
        int sex = c / AGES, a = 18 + c % AGES;
        for (long j = 0; j < first[c + 1] - first[c]; j++) {
            int age = a < CS_AGE_MAX ? a : CS_AGE_MAX + (int)(j % 5);
            person_create(s, (uint32_t)(first[c] + j), age, sex, CS_P_INIT, &mk);
        }
    }
    s->initial_people = s->pop.n;
    pair_partners(s);
    s->nbhd_cum = cum;

    return 0;
}

/* Room for `more` people beyond pop.n: the records move to a larger block
 * (ids stay; nothing keeps a pointer to a record across weeks). */
static void pop_reserve(struct cs_pop *pp, uint32_t more)
{
    if ((uint64_t)pp->n + more <= pp->cap) return;
    uint64_t want = (uint64_t)pp->n + more, cap = (uint64_t)pp->cap + pp->cap / 8 + 1024;
    if (cap < want) cap = want;
    if (cap > 0xFFFFFFF0u) { fprintf(stderr, "caresim: population too large\n"); exit(3); }
    struct cs_pop old = *pp;
    uint16_t *wake = old.wake;
    old.wake = NULL;
    pop_alloc(pp, (uint32_t)cap);
    memcpy(pp->rec, old.rec, (size_t)old.n * sizeof *old.rec);
    free(pp->wake);
    pp->wake = realloc(wake, (size_t)cap * sizeof *pp->wake);
    if (!pp->wake) { perror("caresim: out of memory"); exit(3); }
    memset(pp->wake + old.n, 0, (size_t)(cap - old.n) * sizeof *pp->wake);   /* due at once */
    pp->n = old.n;
    free(old.rec);
}

uint32_t cs_pop_add(struct cs_sim *s, int female, int age, int spread, uint32_t n, uint32_t purpose)
{
    if (!n) return s->pop.n;
    pop_reserve(&s->pop, n);
    uint32_t first = s->pop.n;
    s->pop.n += n;
    struct maker mk;
    maker_init(&mk, s->p, s->nbhd_cum);
    /* each from their own draws, keyed on their id: on every thread */
#pragma omp parallel for schedule(static) num_threads(s->n_threads)
    for (uint32_t id = first; id < first + n; id++) {
        person_create(s, id, age + (spread > 1 ? (int)((id - first) % (uint32_t)spread) : 0), female, purpose, &mk);
        /* nobody to pair with: someone drawn as living with a partner joins
         * a family household, as the unpaired do at the start */
        if (s->pop.rec[id].household == CS_HH_PARTNER) s->pop.rec[id].household = CS_HH_FAMILY;
    }
    s->total_entrants += n;
    return first;
}

void cs_pop_holes(struct cs_sim *s, uint32_t n)
{
    if (!n) return;
    pop_reserve(&s->pop, n);
    for (uint32_t i = s->pop.n; i < s->pop.n + n; i++) {
        struct cs_person *r = &s->pop.rec[i];
        memset(r, 0, sizeof *r);   /* not alive, never was */
        r->partner = r->prov = r->home = r->primary = -1;
        s->pop.wake[i] = CS_WAKE_NEVER;
    }
    s->pop.n += n;
    s->total_holes += n;
}

long cs_pop_scaled(struct cs_sim *s, double count, uint32_t cell)
{
    double x = count * (s->p->scale < 1.0 ? s->p->scale : 1.0);
    if (x <= 0) return 0;
    long n = (long)x;
    cs_ctr r = cs_rng_draw4(s->key, 0xFFFFFFFEu, cell, CS_P_DEMOG, 0);
    if (cs_u01(r.v[0]) < x - n) n++;
    return n;
}

long cs_pop_seed_count(struct cs_sim *s, int female, int age)
{
    return scaled_count(s, s->place->pop[female][age], (uint32_t)(female * 1000 + age));
}
