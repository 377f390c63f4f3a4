/*
 * market.c — home-care providers and their workers (see cs_market.h for the
 * causal chain). Matching runs serially; the market week works out each
 * worker's and each provider's own verdicts on every thread, then applies
 * whatever touches shared state (the staff lists, worker slots, closures,
 * hires) serially in a fixed order, so results do not depend on the thread
 * count. Random draws come from counter streams keyed on the provider or
 * worker id and the week.
 */
#include "cs_market.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_model.h"
#include "model_internal.h"

static double per_worker_hours(const struct cs_params *p, int t) { return p->mk_hours[t] * p->mk_contact[t]; }

/* Cost of one contact hour at squeeze level sq (pay, on-costs, the paid share of
 * travel, overheads and margin). */
static double cost_at(const struct cs_sim *s, int32_t pr, double sq)
{
    const struct cs_params *p = s->p;
    int t = s->mk.type[pr];
    double denom = 1.0 - p->mk_overhead[t] - p->mk_margin;
    return s->mk.pay[pr] * (1 + p->mk_oncost) * (1 - sq * p->mk_unpaid) / p->mk_contact[t] /
           (denom > 0.05 ? denom : 0.05);
}

/* A week's revenue of one fully used worker at the council price: the scale
 * for reserves and losses of a provider that has little revenue yet. */
static double weekly_floor(const struct cs_sim *s, int t) { return per_worker_hours(s->p, t) * s->price_hc; }

static void grow_providers(struct cs_sim *s, int32_t need)
{
    struct cs_market *m = &s->mk;
    if (need <= m->cap) return;
    int32_t nc = m->cap ? m->cap : 256;
    while (nc < need) nc *= 2;
#define G(f) m->f = cs_xrealloc(m->f, (size_t)nc * sizeof *m->f)
    G(type); G(alive); G(pay); G(reserves); G(revenue); G(rev_avg); G(hours_avg); G(committed);
    G(capacity); G(ratio); G(squeeze); G(clients); G(staff); G(live); G(act); G(tgt); G(vac); G(n_hire); G(hire_j); G(wp_lo); G(wp_hi); G(q_bound); G(q_commit); G(s_hours); G(s_zero);
#undef G
    memset(m->staff + m->cap, 0, (size_t)(nc - m->cap) * sizeof *m->staff);
    for (int t = 0; t < s->n_threads; t++) {
        struct cs_thread_buf *tb = &s->tb[t];
        tb->p_commit = cs_xrealloc(tb->p_commit, (size_t)nc * sizeof *tb->p_commit);
        tb->p_hours = cs_xrealloc(tb->p_hours, (size_t)nc * sizeof *tb->p_hours);
        tb->p_rev = cs_xrealloc(tb->p_rev, (size_t)nc * sizeof *tb->p_rev);
        tb->p_clients = cs_xrealloc(tb->p_clients, (size_t)nc * sizeof *tb->p_clients);
    }
    m->cap = nc;
}

static int32_t add_provider(struct cs_sim *s, int type)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    grow_providers(s, m->n + 1);
    int32_t pr = m->n++;
    m->type[pr] = (uint8_t)type;
    m->alive[pr] = 1;
    /* start paying what the council price supports, never below the floor */
    double target = s->price_hc * (1 - p->mk_overhead[type] - p->mk_margin) * p->mk_contact[type] / (1 + p->mk_oncost);
    if (type == CS_PT_MICRO) target = s->price_hc_private * (1 - p->mk_overhead[type] - p->mk_margin) * p->mk_contact[type] / (1 + p->mk_oncost);
    if (type == CS_PT_PA) target = s->price_pa * (1 - p->mk_overhead[type]) / (1 + p->mk_oncost);
    m->pay[pr] = target > p->wf_floor ? target : p->wf_floor;
    double weekly = weekly_floor(s, type);
    m->reserves[pr] = p->mk_reserve * weekly * (type == CS_PT_AGENCY ? 10 : type == CS_PT_MICRO ? 0.25 : 1);
    m->revenue[pr] = 0;
    /* both averages start empty, so their ratio (the price actually earned) is
     * unbiased from the first week */
    m->rev_avg[pr] = 0;
    m->hours_avg[pr] = 0;
    m->committed[pr] = m->capacity[pr] = 0;
    m->ratio[pr] = 1;
    m->squeeze[pr] = 0;
    m->clients[pr] = 0;
    m->staff[pr].n = 0;
    m->wp_lo[pr] = INFINITY;
    m->wp_hi[pr] = -INFINITY;
    m->s_hours[pr] = m->s_zero[pr] = 0;
    m->live[m->n_live++] = pr;   /* ids only grow: id order kept */
    return pr;
}

static int32_t hire(struct cs_sim *s, int32_t pr, uint32_t draw_id, int start_week)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    int32_t w;
    if (m->n_free) {
        w = m->free_w[--m->n_free];
    } else {
        if (m->nw == m->capw) {
            int32_t nc = m->capw ? m->capw * 2 : 1024;
            m->w_prov = cs_xrealloc(m->w_prov, (size_t)nc * sizeof *m->w_prov);
            m->w_pay = cs_xrealloc(m->w_pay, (size_t)nc * sizeof *m->w_pay);
            m->w_hours = cs_xrealloc(m->w_hours, (size_t)nc);
            m->w_zero = cs_xrealloc(m->w_zero, (size_t)nc);
            m->w_start = cs_xrealloc(m->w_start, (size_t)nc * sizeof *m->w_start);
            m->free_w = cs_xrealloc(m->free_w, (size_t)nc * sizeof *m->free_w);
            m->capw = nc;
        }
        w = m->nw++;
    }
    int t = m->type[pr];
    cs_ctr r = cs_rng_draw4(s->key, draw_id, (uint32_t)s->week, CS_P_WORKER, 1);
    m->w_prov[w] = pr;
    m->w_pay[w] = (float)m->pay[pr];
    m->wp_lo[pr] = fminf(m->wp_lo[pr], m->w_pay[w]);
    m->wp_hi[pr] = fmaxf(m->wp_hi[pr], m->w_pay[w]);
    m->w_hours[w] = (uint8_t)lround(p->mk_hours[t]);
    /* a squeezed agency hires more of its new staff on zero-hours contracts */
    double zs = p->mk_zero[t] + m->squeeze[pr] * (1 - p->mk_zero[t]) * 0.5;
    m->w_zero[w] = cs_u01(r.v[0]) < zs;
    m->s_hours[pr] += m->w_hours[w];
    m->s_zero[pr] += m->w_zero[w] ? m->w_hours[w] : 0;
    m->w_start[w] = start_week;
    struct cs_plist *l = &m->staff[pr];
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->w = cs_xrealloc(l->w, (size_t)l->cap * sizeof *l->w);
    }
    l->w[l->n++] = w;
    return w;
}

static void leave(struct cs_market *m, int32_t w)
{
    int32_t pr = m->w_prov[w];
    struct cs_plist *l = &m->staff[pr];
    for (int32_t k = 0; k < l->n; k++)
        if (l->w[k] == w) { l->w[k] = l->w[--l->n]; break; }
    m->s_hours[pr] -= m->w_hours[w];
    m->s_zero[pr] -= m->w_zero[w] ? m->w_hours[w] : 0;
    m->w_prov[w] = -1;
    m->free_w[m->n_free++] = w;
}

int cs_market_council_ok(const struct cs_sim *s, int32_t pr)
{
    const struct cs_params *p = s->p;
    int t = s->mk.type[pr];
    /* an agency bids what it can reach by cutting costs; small relational
     * providers cannot cut that way */
    return !p->cm_lowest || t == CS_PT_PA ||
           cost_at(s, pr, t == CS_PT_AGENCY ? 1.0 : s->mk.squeeze[pr]) <= s->price_hc;
}

static void close_provider(struct cs_sim *s, int32_t pr)
{
    struct cs_market *m = &s->mk;
    if (m->type[pr] == CS_PT_MICRO) m->micro_exits++;
    while (m->staff[pr].n) leave(m, m->staff[pr].w[m->staff[pr].n - 1]);
    m->alive[pr] = 0;
    m->capacity[pr] = 0;
    /* clients notice in the people phase (their provider is gone) and are re-matched */
}

static int32_t target_workers(const struct cs_sim *s, int32_t pr, double extra)
{
    const struct cs_params *p = s->p;
    const struct cs_market *m = &s->mk;
    int t = m->type[pr];
    double need = (m->committed[pr] + extra) * (1 + p->wf_buffer) / per_worker_hours(p, t);
    int32_t k = (int32_t)ceil(need - 1e-9);
    if (t == CS_PT_MICRO || t == CS_PT_PA) k = k < 1 ? 1 : k;   /* the owner / the PA */
    int32_t mx = (int32_t)p->mk_max[t];
    return k > mx ? mx : k;
}

void cs_market_set_ratio(struct cs_market *m, int32_t pr)
{
    double cap = m->capacity[pr];
    float r = m->committed[pr] > cap ? (float)(cap / m->committed[pr]) : 1.0f;
    /* float rounding must never let delivery exceed capacity */
    while (r > 0 && (double)r * m->committed[pr] > cap) r = nextafterf(r, 0);
    m->ratio[pr] = r;
}

static void update_capacity(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    for (int32_t k = 0; k < m->n_live; k++) {
        int32_t pr = m->live[k];
        if (m->alive[pr]) m->capacity[pr] = (double)m->s_hours[pr] * p->mk_contact[m->type[pr]];
    }
}

/* Room a provider has for a new client: planned capacity less commitments. */
static double room(const struct cs_sim *s, int32_t pr)
{
    const struct cs_market *m = &s->mk;
    int t = m->type[pr];
    double planned = m->capacity[pr];
    if (t == CS_PT_AGENCY) {
        /* agencies take work they are recruiting for, up to a tenth over staff */
        double tgt = target_workers(s, pr, 0) * per_worker_hours(s->p, t);
        planned = fmax(planned * 1.1, fmin(tgt, planned + per_worker_hours(s->p, t) * 2));
    } else if (t == CS_PT_MICRO || t == CS_PT_SMT || t == CS_PT_COOP) {
        planned = s->p->mk_max[t] * per_worker_hours(s->p, t);
        if (t != CS_PT_MICRO) planned = fmin(planned, m->capacity[pr] * 1.1 + per_worker_hours(s->p, t));
    }
    return planned - m->committed[pr];
}

/* A matching candidate's code: its type times two, plus one when it passes
 * lowest-cost tendering; the per-request tables below are indexed by it. */
#define MM_CODE(t, ok) ((t) * 2 + (ok))
#define MM_NCODE (CS_PT_N * 2)
#define MM_TYPE(code) ((code) >> 1)

/* The most room among the nc candidates of type t (-1: none). */
static double most_room(int t, const double *rm, const uint8_t *code, int32_t nc)
{
    double most = -1;
    for (int32_t c = 0; c < nc; c++)
        if (MM_TYPE(code[c]) == t && rm[c] > most) most = rm[c];
    return most;
}

/* Pass 1 of matching a request: the candidates whose room is at least the
 * threshold of their code (thr, where NaN passes none), in order, into ix,
 * with their weights, the room times mul of their code (the room itself
 * without mul); from candidate c0 on, after the ne0 found before it; returns
 * how many in all. Branch-free: about three in four pass, in no order a
 * branch could guess. */
static inline int32_t eligible(const double *rm, const uint8_t *code, int32_t c0, int32_t nc, const double *thr,
                               const double *mul, int32_t *ix, double *w, int32_t ne0)
{
    size_t ne = (size_t)ne0;
    for (int32_t c = c0; c < nc; c++) {
        int k = code[c];
        double rc = rm[c];
        ix[ne] = c;
        w[ne] = mul ? rc * mul[k] : rc;
        ne += rc >= thr[k];
    }
    return (int32_t)ne;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* eligible(), four candidates at a time: the same comparisons (>= is false
 * for NaN, as _CMP_GE_OQ) and products, so the same ix and w (the
 * thresholds are loaded one by one: with gathers this took longer than the
 * one-at-a-time loop on the development VM, session 11). Each group's
 * eligible are packed to the front by a permutation picked by the mask of
 * which passed (the words of each double, then each one's place), and
 * written past the end of those so far, as the one-at-a-time loop writes
 * ix[ne] and w[ne] before it knows. */
__attribute__((target("avx2")))
static int32_t eligible_avx2(const double *rm, const uint8_t *code, int32_t nc, const double *thr,
                             const double *mul, int32_t *ix, double *w)
{
    static const int32_t words[16][8] = {
        {0, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0}, {2, 3, 0, 0, 0, 0, 0, 0}, {0, 1, 2, 3, 0, 0, 0, 0},
        {4, 5, 0, 0, 0, 0, 0, 0}, {0, 1, 4, 5, 0, 0, 0, 0}, {2, 3, 4, 5, 0, 0, 0, 0}, {0, 1, 2, 3, 4, 5, 0, 0},
        {6, 7, 0, 0, 0, 0, 0, 0}, {0, 1, 6, 7, 0, 0, 0, 0}, {2, 3, 6, 7, 0, 0, 0, 0}, {0, 1, 2, 3, 6, 7, 0, 0},
        {4, 5, 6, 7, 0, 0, 0, 0}, {0, 1, 4, 5, 6, 7, 0, 0}, {2, 3, 4, 5, 6, 7, 0, 0}, {0, 1, 2, 3, 4, 5, 6, 7}};
    static const int32_t places[16][4] = {
        {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {2, 0, 0, 0}, {0, 2, 0, 0}, {1, 2, 0, 0}, {0, 1, 2, 0},
        {3, 0, 0, 0}, {0, 3, 0, 0}, {1, 3, 0, 0}, {0, 1, 3, 0}, {2, 3, 0, 0}, {0, 2, 3, 0}, {1, 2, 3, 0}, {0, 1, 2, 3}};
    int32_t ne = 0, c = 0;
    for (; c + 4 <= nc; c += 4) {
        const uint8_t *k = code + c;
        __m256d r = _mm256_loadu_pd(rm + c);
        __m256d v = mul ? _mm256_mul_pd(r, _mm256_setr_pd(mul[k[0]], mul[k[1]], mul[k[2]], mul[k[3]])) : r;
        __m256d t = _mm256_setr_pd(thr[k[0]], thr[k[1]], thr[k[2]], thr[k[3]]);
        int pass = _mm256_movemask_pd(_mm256_cmp_pd(r, t, _CMP_GE_OQ));
        __m256i perm = _mm256_loadu_si256((const __m256i *)words[pass]);
        _mm256_storeu_pd(w + ne, _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(v), perm)));
        __m128i at = _mm_add_epi32(_mm_loadu_si128((const __m128i *)places[pass]), _mm_set1_epi32(c));
        _mm_storeu_si128((__m128i *)(ix + ne), at);
        ne += __builtin_popcount((unsigned)pass);
    }
    return eligible(rm, code, c, nc, thr, mul, ix, w, ne);   /* the last few */
}
#define ELIGIBLE_AVX2 1
#endif

/* Where candidate c is among the n eligible ix, ascending, from lo on (it is
 * there, at or after lo): no further on than c - ix[lo], as they are distinct
 * and most candidates are eligible. */
static int32_t find_eligible(const int32_t *ix, int32_t lo, int32_t n, int32_t c)
{
    int32_t hi = lo + (c - ix[lo]);
    if (hi > n - 1) hi = n - 1;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (ix[mid] < c) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/* The first of the n non-decreasing running sums cum that exceeds x, or the
 * last (x beyond them all): where a walk adding one weight at a time stops. */
static int32_t first_above(const double *cum, int32_t n, double x)
{
    int32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (x < cum[mid]) hi = mid; else lo = mid + 1;
    }
    return lo;
}

/* The place in matching's list (the nc candidates) of the one of the nbk
 * providers bk with a block contract (commissioning.team_block_share) that is
 * furthest below its block, as a share of it (the first in id order of
 * equals), among those below it by hrs package hours' worth with room for
 * them; or -1. So a new team is filled first. */
static int32_t block_pick(const struct cs_sim *s, const int32_t *bk, int32_t nbk, double hrs, int32_t nc)
{
    const struct cs_params *p = s->p;
    const struct cs_market *m = &s->mk;
    int32_t best = -1;
    double most = 0;
    for (int32_t b = 0; b < nbk; b++) {
        int32_t pr = bk[b];
        double need = hrs * p->mk_hour_factor[m->type[pr]], block = p->cm_block * m->capacity[pr];
        if (m->committed[pr] + need > block) continue;
        double gap = 1 - m->committed[pr] / block;
        if (gap > most) { most = gap; best = pr; }
    }
    if (best < 0) return -1;
    for (int32_t c = 0; c < nc; c++)   /* (rare: few are below their block) */
        if (m->mm_cand[c] == best) return m->mm_room[c] >= hrs * p->mk_hour_factor[m->type[best]] ? c : -1;
    return -1;
}

void cs_market_match(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    struct cs_pop *pp = &s->pop;
    /* The providers that can take anyone (trading, not personal assistants)
     * and have room, in id order, with their room, type and whether they
     * pass lowest-cost tendering (code): none of that changes during matching
     * except the room of the provider just picked, so it is worked out once,
     * and a provider that runs out of room leaves the list (it could take
     * nobody: every need is positive). The weights and sums below are the
     * same, in the same order, as going through every provider each time;
     * most are full in most weeks, which made that the larger part of the
     * work.
     *
     * For each request, pass 1 gathers the eligible, in order, with their
     * weights, by one comparison each with a threshold for its code, and
     * pass 2 adds them up keeping each running sum; a council request that
     * finds both kinds (small/innovative and agencies) first takes the two
     * kinds' totals, to scale the weights to the commissioned shares. These
     * are the additions of going through the list adding each eligible
     * weight in turn, so every sum is the same double, and the pick (the
     * first whose running sum exceeds the draw, else the last with a
     * positive weight) is found by bisection of the running sums. */
    if (m->cap_mm < m->n) {
        m->cap_mm = m->cap;
        m->mm_cand = cs_xrealloc(m->mm_cand, (size_t)m->cap_mm * sizeof *m->mm_cand);
        m->mm_ix = cs_xrealloc(m->mm_ix, (size_t)m->cap_mm * sizeof *m->mm_ix);
        m->mm_ag = cs_xrealloc(m->mm_ag, (size_t)m->cap_mm * sizeof *m->mm_ag);
        m->mm_agp = cs_xrealloc(m->mm_agp, (size_t)(m->cap_mm + 1) * sizeof *m->mm_agp);
        m->mm_room = cs_xrealloc(m->mm_room, (size_t)m->cap_mm * sizeof *m->mm_room);
        m->mm_w = cs_xrealloc(m->mm_w, (size_t)m->cap_mm * sizeof *m->mm_w);
        m->mm_cum = cs_xrealloc(m->mm_cum, (size_t)m->cap_mm * sizeof *m->mm_cum);
        m->mm_code = cs_xrealloc(m->mm_code, (size_t)m->cap_mm);
        m->mm_bk = cs_xrealloc(m->mm_bk, (size_t)m->cap_mm * sizeof *m->mm_bk);
    }
    int32_t nc = 0, *cand = m->mm_cand, *ix = m->mm_ix;
    int32_t na = 0, *ag = m->mm_ag, *agp = m->mm_agp;
    double *rm = m->mm_room, *w = m->mm_w, *cum = m->mm_cum;
    uint8_t *code = m->mm_code;
    /* the most room of each type: most requests in most weeks find none
     * with room enough, and are told so without going through the list.
     * Above the most would do as well (a request let through finds nobody
     * eligible, with the same unmatched hours), so once the pick held it,
     * it is kept as such a bound (loose) and found again only when it alone
     * would let a request through */
    double most[CS_PT_N];
    uint8_t loose[CS_PT_N] = {0};
#ifdef ELIGIBLE_AVX2
    int avx2 = __builtin_cpu_supports("avx2");
#endif
    for (int t = 0; t < CS_PT_N; t++) most[t] = -1;
    /* the trading providers alive, ascending (the live list; most providers
     * ever made are closed) */
    for (int32_t j = 0; j < m->n_live; j++) {
        int32_t pr = m->live[j];
        int t = m->type[pr];
        if (!m->alive[pr] || t == CS_PT_PA) continue;
        double r = room(s, pr);
        if (!(r > 0)) continue;
        cand[nc] = pr;
        rm[nc] = r;
        code[nc] = (uint8_t)MM_CODE(t, cs_market_council_ok(s, pr) != 0);
        if (r > most[t]) most[t] = r;
        if (t == CS_PT_AGENCY) ag[na++] = nc;
        nc++;
    }
    /* the teams and cooperatives with block contracts (tendering allowing) */
    int32_t nbk = 0, *bk = m->mm_bk;
    m->block_placed = 0;
    if (p->cm_block > 0)
        for (int32_t c = 0; c < nc; c++) {
            int t = m->type[cand[c]];
            if ((t == CS_PT_SMT || t == CS_PT_COOP) && (code[c] & 1)) bk[nbk++] = cand[c];
        }
    for (int t = 0; t < s->n_threads; t++) {
        struct cs_thread_buf *tb = &s->tb[t];
        for (uint32_t k = 0; k < tb->n_req; k++) {
            if (tb->req[k].kind != CS_REQ_MATCH) continue;
            uint32_t i = tb->req[k].id;
            int svc = pp->rec[i].svc;
            if (!(pp->rec[i].flags & CS_F_ALIVE) || pp->rec[i].prov >= 0 ||
                (svc != CS_SVC_HOME_COUNCIL && svc != CS_SVC_HOME_SELF))
                continue;
            cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_MATCH, 0);
            int council = svc == CS_SVC_HOME_COUNCIL;
            double hrs = pp->rec[i].pkg;
            /* whether to take a direct payment is the person's own standing choice,
             * not redrawn each time a placement is sought */
            cs_ctr pref = cs_rng_draw4(s->key, i, 0, CS_P_MATCH, 1);
            if (council && cs_u01(pref.v[0]) < p->cm_dp) {
                /* a direct payment: the person employs a personal assistant */
                int32_t pr = add_provider(s, CS_PT_PA);
                struct cs_person *rec = cs_touch(s, i);
                rec->prov = pr;
                rec->ext |= CS_X_DP;
                m->committed[pr] += hrs;
                m->clients[pr]++;
                continue;
            }
            /* a block contract below its level takes a council client first */
            int32_t pick = council && nbk ? block_pick(s, bk, nbk, hrs, nc) : -1;
            if (pick >= 0) {
                m->block_placed++;
            } else {
                int rural = s->nbhd[pp->rec[i].nbhd].rural;
                int agency_ok = !rural || cs_u01(r.v[1]) < p->mk_rural_reach;
                double need[CS_PT_N];
                int any = 0, maybe = 0;
                for (int t = 0; t < CS_PT_N; t++) {
                    need[t] = hrs * p->mk_hour_factor[t];
                    int fits = !(most[t] < need[t]);
                    any |= fits & !loose[t];
                    maybe |= fits & loose[t];
                }
                if (!any && maybe)   /* only bounds let it through: find the most */
                    for (int t = 0; t < CS_PT_N; t++)
                        if (loose[t] && !(most[t] < need[t])) {
                            most[t] = most_room(t, rm, code, nc);
                            loose[t] = 0;
                            any |= !(most[t] < need[t]);
                        }
                if (!any) {   /* as the weights below would find: all zero */
                    if (council) m->unmatched_hours += hrs;
                    continue;
                }
                /* by code, the least room a provider needs to be eligible: NaN
                 * where this request may not go at all (agencies' rural reach,
                 * lowest-cost tendering, a self-funder's weight for micros not
                 * positive; no room is >= NaN), else its need (-inf for a NaN
                 * need, which no room was ever found below); and the weight per
                 * hour of room (1 but for self-funders' micro-enterprises) */
                double thr[MM_NCODE], mul[MM_NCODE];
                for (int c = 0; c < MM_NCODE; c++) {
                    int t = MM_TYPE(c);
                    mul[c] = !council && t == CS_PT_MICRO ? p->mk_sf_micro : 1.0;
                    int may = (t != CS_PT_AGENCY || agency_ok) && (!council || (c & 1)) && mul[c] > 0;
                    thr[c] = !may ? NAN : isnan(need[t]) ? -INFINITY : need[t];
                }
                /* pass 1: the eligible, in order. Rooms in the list are positive,
                 * so every weight is too, unless a weight below 1 makes one too
                 * small to be a double (then it counts for nothing, and pos sends
                 * the pick the slow way) */
                int32_t ne;
    #ifdef ELIGIBLE_AVX2
                if (avx2) ne = eligible_avx2(rm, code, nc, thr, council ? NULL : mul, ix, w);
                else
    #endif
                ne = council ? eligible(rm, code, 0, nc, thr, NULL, ix, w, 0) : eligible(rm, code, 0, nc, thr, mul, ix, w, 0);
                int pos = council || !(p->mk_sf_micro > 0 && p->mk_sf_micro < 1);   /* every weight positive */
                /* pass 2: the sums. A council request that finds both kinds
                 * (a kind's total is positive iff it has one eligible, weights
                 * being positive) gives the small/innovative ones their
                 * commissioned share: the two totals, in order, then the running
                 * sums of the scaled weights. The agencies are few, so they are
                 * found from their places in the list (agp, ending with ne), and
                 * the others are the runs between. Otherwise the weights are as
                 * they are (x * 1.0 is x) and so are their running sums */
                double tot = 0, fs = 1, fb = 1;
                int32_t nb = 0;
                if (council)
                    for (int32_t j = 0, from = 0; j < na; j++) {
                        int32_t c = ag[j];
                        if (rm[c] >= thr[code[c]]) from = agp[nb++] = find_eligible(ix, from, ne, c);
                    }
                agp[nb] = ne;
                int both = nb > 0 && nb < ne;
                if (both) {
                    double tot_small = 0, tot_big = 0;
                    for (int32_t j = 0; j < nb; j++) tot_big += w[agp[j]];
                    for (int32_t j = 0, e = 0; j <= nb; j++, e++)
                        for (; e < agp[j]; e++) tot_small += w[e];
                    fs = p->cm_small / tot_small;
                    fb = (1 - p->cm_small) / tot_big;
                    double least = INFINITY;   /* of those not NaN; a NaN makes tot NaN */
                    for (int32_t j = 0, e = 0; j <= nb; j++, e++) {
                        for (; e < agp[j]; e++) {
                            double v = w[e] * fs;
                            cum[e] = tot += v;
                            least = v < least ? v : least;
                        }
                        if (e < ne) {
                            double v = w[e] * fb;
                            cum[e] = tot += v;
                            least = v < least ? v : least;
                        }
                    }
                    pos = least > 0 && tot == tot;
                } else {
                    for (int32_t e = 0; e < ne; e++) cum[e] = tot += w[e];
                }
                if (tot <= 0) {
                    if (council) m->unmatched_hours += hrs;
                    continue;
                }
                if (!pos) {
                    /* a share of 0 (or a weight too small to scale): only the
                     * positive weights can be picked or add to the pick's sum */
                    int32_t n2 = 0;
                    double c2 = 0;
                    for (int32_t e = 0; e < ne; e++) {
                        double v = both ? w[e] * (MM_TYPE(code[ix[e]]) != CS_PT_AGENCY ? fs : fb) : w[e];
                        if (v > 0) { ix[n2] = ix[e]; cum[n2++] = c2 += v; }
                    }
                    ne = n2;
                }
                double x = cs_u01(r.v[2]) * tot;
                pick = ix[first_above(cum, ne, x)];
            }
            int32_t pr = cand[pick];
            int tp = m->type[pr];
            double was = rm[pick];
            struct cs_person *rec = cs_touch(s, i);
            rec->prov = pr;
            rec->ext &= (uint8_t)~CS_X_DP;
            m->committed[pr] += hrs * p->mk_hour_factor[tp];
            m->clients[pr]++;
            rm[pick] = room(s, pr);
            double now = rm[pick];
            if (!(now > 0)) {
                nc--;
                memmove(cand + pick, cand + pick + 1, (size_t)(nc - pick) * sizeof *cand);
                memmove(rm + pick, rm + pick + 1, (size_t)(nc - pick) * sizeof *rm);
                memmove(code + pick, code + pick + 1, (size_t)(nc - pick));
                int32_t n2 = 0;   /* the agencies after it move down one */
                for (int32_t j = 0; j < na; j++)
                    if (ag[j] != pick) ag[n2++] = ag[j] - (ag[j] > pick);
                na = n2;
            }
            /* only the pick's room changed, and it may rise as well as fall (an
             * agency's target_workers steps up with its commitments): the most
             * is the new room if that reaches it, else unchanged unless the pick
             * held it, when it stays a bound */
            if (now >= most[tp]) { most[tp] = now; loose[tp] = 0; }
            else if (was == most[tp]) loose[tp] = 1;
        }
    }
}

/* Move person i, a home-care client of provider `from`, to provider `to`,
 * with the commitments both see until the people phase counts them again. */
static void move_client(struct cs_sim *s, uint32_t i, int32_t from, int32_t to)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    double pkg = s->pop.rec[i].pkg;
    struct cs_person *rec = cs_touch(s, i);
    rec->prov = to;
    m->committed[from] -= pkg * p->mk_hour_factor[m->type[from]];
    m->clients[from]--;
    m->committed[to] += pkg * p->mk_hour_factor[m->type[to]];
    m->clients[to]++;
}

/* A self-managing team at its largest size (market.max_workers) whose
 * clients call for all its workers' hours splits in two, as such teams grow:
 * a new team takes every second worker and every second client, and the
 * reserves and recent revenue in proportion. */
static void split_team(struct cs_sim *s, int32_t pr)
{
    struct cs_market *m = &s->mk;
    const struct cs_pop *pp = &s->pop;
    int32_t nw = add_provider(s, CS_PT_SMT);
    m->pay[nw] = m->pay[pr];
    struct cs_plist *l = &m->staff[pr];
    int32_t moved = 0, before = l->n;
    /* from the end, so the old list's order is kept for those who stay */
    for (int32_t k = l->n - 1; k >= 0; k -= 2) {
        int32_t w = l->w[k];
        l->w[k] = l->w[--l->n];
        m->s_hours[pr] -= m->w_hours[w];
        m->s_zero[pr] -= m->w_zero[w] ? m->w_hours[w] : 0;
        struct cs_plist *to = &m->staff[nw];
        if (to->n == to->cap) {
            to->cap = to->cap ? to->cap * 2 : 4;
            to->w = cs_xrealloc(to->w, (size_t)to->cap * sizeof *to->w);
        }
        to->w[to->n++] = w;
        m->w_prov[w] = nw;
        m->s_hours[nw] += m->w_hours[w];
        m->s_zero[nw] += m->w_zero[w] ? m->w_hours[w] : 0;
        m->wp_lo[nw] = fminf(m->wp_lo[nw], m->w_pay[w]);
        m->wp_hi[nw] = fmaxf(m->wp_hi[nw], m->w_pay[w]);
        moved++;
    }
    double f = before > 0 ? (double)moved / before : 0.5;
    m->reserves[nw] = m->reserves[pr] * f;
    m->reserves[pr] -= m->reserves[nw];
    m->rev_avg[nw] = m->rev_avg[pr] * f;
    m->rev_avg[pr] -= m->rev_avg[nw];
    m->hours_avg[nw] = m->hours_avg[pr] * f;
    m->hours_avg[pr] -= m->hours_avg[nw];
    int odd = 0;
    for (uint32_t i = 0; i < pp->n; i++)
        if ((pp->rec[i].flags & CS_F_ALIVE) && pp->rec[i].prov == pr && (odd ^= 1)) move_client(s, i, pr, nw);
    m->team_splits++;
    m->entries++;
}

/* Create the starting market around the initial home-care caseload. */
int cs_market_init(struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    struct cs_pop *pp = &s->pop;
    (void)err; (void)errlen;
    memset(m, 0, sizeof *m);
    grow_providers(s, 256);
    double hours = 0;
    for (uint32_t i = 0; i < pp->n; i++)
        if (pp->rec[i].svc == CS_SVC_HOME_COUNCIL || pp->rec[i].svc == CS_SVC_HOME_SELF) hours += pp->rec[i].pkg;
    double adults = s->initial_people;
    /* How many providers of each kind: the expected number (per adult, or
     * the caseload over a provider's hours), its fraction a provider with
     * that probability, so a sample's expected providers, workers and hours
     * are its share of the place's at any scale. (Rounding up gave a sample
     * a whole cooperative of 18 workers for 40 hours of work at scale 0.05,
     * and its agencies up to one agency's hours more than its caseload.) */
    double coop_h = hours * p->mk_coop_share, smt_h = hours * p->mk_smt_share;
    double rest = hours * (1 - p->mk_coop_share - p->mk_smt_share) * (1 - p->cm_dp);
    const double want[4] = {cs_place_value(p->mk_micro_init, s->place->in.micro_per_100k) * adults / 1e5, coop_h / (20 * per_worker_hours(p, CS_PT_COOP)),
                            smt_h / (10 * per_worker_hours(p, CS_PT_SMT)),
                            rest / (80 * per_worker_hours(p, CS_PT_AGENCY))};
    const int kind[4] = {CS_PT_MICRO, CS_PT_COOP, CS_PT_SMT, CS_PT_AGENCY};
    /* and their workers: a kind's providers together carry its expected
     * hours (want x a provider's usual workforce) once it has a whole
     * provider's worth; so a sample whose 1.4 agencies came out as one
     * starts that one with 1.4 agencies' staff, not 0.7 of the hours it
     * needs (a small sample's market never recovered from that). Below a
     * whole provider's worth, a provider drawn is whole (agencies: below). */
    double staff_each[4];
    int32_t first_of[5];
    for (int k = 0; k < 4; k++) {
        cs_ctr r = cs_rng_draw4(s->key, UINT32_MAX - (uint32_t)k, 0, CS_P_WORKER, 3);
        long n = (long)floor(want[k]) + (cs_u01(r.v[0]) < want[k] - floor(want[k]));
        int size = kind[k] == CS_PT_AGENCY ? 74 : kind[k] == CS_PT_COOP ? 18 : kind[k] == CS_PT_SMT ? 9 : 1;
        /* agencies carry the market's council packages: a sample with less
         * than one agency's worth of their hours starts one, as small as
         * those hours (not none, 30% of the time, at Hartlepool's 0.25) */
        if (kind[k] == CS_PT_AGENCY && want[k] > 0 && n == 0) n = 1;
        staff_each[k] = (want[k] >= 1 || kind[k] == CS_PT_AGENCY) && n > 0 ? want[k] * size / (double)n : size;
        first_of[k] = m->n;
        for (long j = 0; j < n; j++) add_provider(s, kind[k]);
    }
    first_of[4] = m->n;
    /* staff them for the hours they will be asked for, less the usual vacancies */
    for (int k = 0; k < 4; k++)
        for (int32_t pr = first_of[k]; pr < first_of[k + 1]; pr++) {
            cs_ctr f = cs_rng_draw4(s->key, (uint32_t)pr, 1, CS_P_WORKER, 3);
            int32_t n = (int32_t)floor(staff_each[k]) + (cs_u01(f.v[0]) < staff_each[k] - floor(staff_each[k]));
            for (int32_t j = 0; j < n; j++) {
                cs_ctr r = cs_rng_draw4(s->key, (uint32_t)(pr * 1000 + j), 0, CS_P_WORKER, 2);
                hire(s, pr, (uint32_t)(pr * 1000 + j), -(int)(r.v[0] % 260));
            }
        }
    update_capacity(s);
    return 0;
}

void cs_market_free(struct cs_market *m)
{
    for (int32_t pr = 0; pr < m->n; pr++) free(m->staff[pr].w);
    free(m->type); free(m->alive); free(m->pay); free(m->reserves); free(m->revenue);
    free(m->rev_avg); free(m->hours_avg); free(m->committed); free(m->capacity); free(m->ratio);
    free(m->squeeze);
    free(m->clients); free(m->staff); free(m->live); free(m->act); free(m->tgt);
    free(m->vac); free(m->n_hire); free(m->hire_j);
    free(m->wp_lo); free(m->wp_hi); free(m->q_bound); free(m->q_commit);
    free(m->s_hours); free(m->s_zero);
    free(m->w_prov); free(m->w_pay); free(m->w_hours); free(m->w_zero); free(m->w_start); free(m->free_w);
    free(m->draw_id); free(m->draw); free(m->quit);
    free(m->mm_cand); free(m->mm_ix); free(m->mm_ag); free(m->mm_agp); free(m->mm_room); free(m->mm_w); free(m->mm_cum); free(m->mm_code); free(m->mm_bk);
    memset(m, 0, sizeof *m);
}

/* How far provider pr's commitments c exceed its workers' capacity (as a
 * share of it; 0 without capacity, negative below it). */
static double overload(const struct cs_market *m, int32_t pr, double c)
{
    return m->capacity[pr] > 0 ? c / m->capacity[pr] - 1 : 0;
}

/* The share of provider pr's capacity its clients use this week, with
 * commitments c (0 without capacity). */
static double used_share(const struct cs_market *m, int32_t pr, double c)
{
    return m->capacity[pr] > 0 ? fmin(1, c * m->ratio[pr] / m->capacity[pr]) : 0;
}

/* Whether worker w of provider pr leaves this week, at its weekly hazard;
 * owner: as a micro-enterprise's sole owner-worker (who earns only from the
 * hours clients buy, so idle hours cut what the business really pays them,
 * and who rarely walks out). */
static double quit_rate(const struct cs_sim *s, int32_t w, int32_t pr, int owner, double c)
{
    const struct cs_params *p = s->p;
    const struct cs_market *m = &s->mk;
    int t = m->type[pr];
    double load = overload(m, pr, c);
    /* unpaid travel lowers what the job really pays an hour */
    double eff_pay = m->w_pay[w] * (1 - m->squeeze[pr] * p->mk_unpaid);
    if (owner && m->capacity[pr] > 0) eff_pay *= used_share(m, pr, c);
    double rate = p->wf_turnover * exp(-p->wf_pay_el * (eff_pay / p->wf_market - 1)) * p->wf_autonomy[t] *
                  (m->w_zero[w] ? p->wf_zero_hr : 1) * (s->week - m->w_start[w] < 52 ? p->wf_new_hr : 1) *
                  (1 + p->wf_load_hr * (load > 0 ? load : 0));
    if (owner) rate *= 0.5;
    return rate;
}

static int quits(const struct cs_sim *s, int32_t w, int32_t pr, int owner, double c)
{
    return cs_weekly_hit(cs_u01(s->mk.draw[w].v[0]), quit_rate(s, w, pr, owner, c));
}

/* A bound, for the week, on the chance (as cs_weekly_hit compares it) that
 * any worker of provider pr leaves, with a margin far above rounding: a
 * draw above it is a stay with no exp(). The hazard of quit_rate() rises or
 * falls with pay alone among its factors, so its most is at one extreme of
 * the staff's pay, as it stands (effective pay, and a micro-enterprise
 * owner's cut of it), with the largest of the other factors. It saves work
 * only for a provider with several staff; 2 (no draw is above it) for the
 * others, and when a factor is negative. */
static double quit_bound(const struct cs_sim *s, int32_t pr, double c)
{
    const struct cs_params *p = s->p;
    const struct cs_market *m = &s->mk;
    int t = m->type[pr];
    if (m->staff[pr].n < 4 || !(m->wp_lo[pr] <= m->wp_hi[pr])) return 2;
    double load = overload(m, pr, c);
    double f = 1 - m->squeeze[pr] * p->mk_unpaid, e0 = m->wp_lo[pr] * f, e1 = m->wp_hi[pr] * f;
    double g = t == CS_PT_MICRO && m->capacity[pr] > 0 ? used_share(m, pr, c) : 1;
    double lo = fmin(fmin(e0, e1), fmin(e0 * g, e1 * g)), hi = fmax(fmax(e0, e1), fmax(e0 * g, e1 * g));
    double most = exp(-p->wf_pay_el * ((p->wf_pay_el >= 0 ? lo : hi) / p->wf_market - 1));
    double rest[] = {p->wf_turnover, p->wf_autonomy[t], 1 + p->wf_load_hr * (load > 0 ? load : 0)};
    for (size_t k = 0; k < sizeof rest / sizeof rest[0]; k++)
        if (!(rest[k] >= 0)) return 2;
    if (!(p->wf_zero_hr >= 0 && p->wf_new_hr >= 0 && most < INFINITY)) return 2;
    double rate = rest[0] * most * rest[1] * fmax(p->wf_zero_hr, 1) * fmax(p->wf_new_hr, 1) * rest[2];
    return rate / 52.0 * (1 + 1e-9) + 1e-15;
}

/* A worker's verdict for the week (struct cs_market quit): leaves, worked
 * out as a micro-enterprise's sole owner, works for a micro-enterprise. */
enum { QUIT_YES = 1, QUIT_AS_OWNER = 2, QUIT_MICRO = 4 };

/* Slot w's verdict, its worker being employed by pr, with pr's commitments
 * c and the bound b they give. For a micro-enterprise's worker it is worked
 * out as its sole owner-worker or not as it stands now, and again in the
 * rare case a colleague leaves first. */
static uint8_t verdict(const struct cs_sim *s, int32_t w, int32_t pr, double c, double b)
{
    const struct cs_market *m = &s->mk;
    int micro = m->type[pr] == CS_PT_MICRO, owner = micro && m->staff[pr].n == 1;
    int yes = cs_u01(m->draw[w].v[0]) > b ? 0 : quits(s, w, pr, owner, c);
    return (uint8_t)(yes * QUIT_YES | owner * QUIT_AS_OWNER | micro * QUIT_MICRO);
}

void cs_market_turnover_begin(struct cs_sim *s, uint32_t adds)
{
    struct cs_market *m = &s->mk;
    grow_providers(s, m->n + (int32_t)adds);
    if (m->cap_draw < m->nw) {
        m->cap_draw = m->capw;
        m->draw_id = cs_xrealloc(m->draw_id, (size_t)m->cap_draw * sizeof *m->draw_id);
        m->draw = cs_xrealloc(m->draw, (size_t)m->cap_draw * sizeof *m->draw);
        m->quit = cs_xrealloc(m->quit, (size_t)m->cap_draw);
        for (int32_t w = 0; w < m->cap_draw; w++) m->draw_id[w] = (uint32_t)w;
    }
    for (int32_t k = 0; k < m->n_live; k++) m->q_commit[m->live[k]] = m->committed[m->live[k]];
    m->q_live = m->n_live;
    m->q_next = 0;
    m->q_ready = 0;
}

/* Turnover: each worker's weekly hazard. A worker's draw depends only on
 * their slot and the week, and their hazard only on their own provider, which
 * nothing before the week's leaving changes but matching's commitments: so
 * every slot's draw and verdict can be worked out at once, by whichever
 * thread is free, as the commitments stood at the beginning (q_commit).
 * Matching, meanwhile, writes nothing read here and moves no array read
 * here: it changes commitments (read here from the copy) and adds providers
 * (past q_live, with room made for them). The slots go in chunks to
 * whichever thread asks: a slot costs an exp() only where its provider has
 * no bound (personal assistants, micro-enterprises), and those are not
 * spread evenly over the slots. */
void cs_market_turnover(struct cs_sim *s, int lead)
{
    struct cs_market *m = &s->mk;
    enum { SLOTS = 512 };
    if (lead) {
        for (int32_t k = 0; k < m->q_live; k++) {
            int32_t pr = m->live[k];
            if (m->alive[pr]) m->q_bound[pr] = quit_bound(s, pr, m->q_commit[pr]);
        }
#pragma omp atomic write seq_cst
        m->q_ready = 1;
    } else {
        /* the bounds come first; the lead sets them straight away */
        for (int ready = 0; !ready;) {
#pragma omp atomic read seq_cst
            ready = m->q_ready;
        }
    }
    for (;;) {
        int32_t lo;
#pragma omp atomic capture seq_cst
        { lo = m->q_next; m->q_next += SLOTS; }
        if (lo >= m->nw) break;
        int32_t hi = m->nw - lo > SLOTS ? lo + SLOTS : m->nw;
        cs_rng_draw4_batch(s->key, m->draw_id + lo, (uint32_t)(hi - lo), (uint32_t)s->week, CS_P_WORKER, 0, m->draw + lo);
        for (int32_t w = lo; w < hi; w++) {
            int32_t pr = m->w_prov[w];
            m->quit[w] = pr < 0 ? 0 : verdict(s, w, pr, m->q_commit[pr], m->q_bound[pr]);
        }
    }
}

/* What the finances of provider pr decide this week (ACT_*): its reserves,
 * smoothed revenue, pay (quarterly, with its workers'), an agency's squeeze,
 * and, when it carries on, its target headcount in *tgt. It touches only
 * pr's own fields and workers. */
enum { ACT_CARRY_ON, ACT_CLOSE, ACT_FAIL };

static int finances(struct cs_sim *s, int32_t pr, double agency_size, int32_t *tgt)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    int t = m->type[pr], week = s->week;
    /* zero-hours staff, and micro-enterprise owners (who earn from the work
     * done, not a salary), cost only the hours used */
    double hc = m->s_hours[pr], hz = t == CS_PT_MICRO ? m->s_hours[pr] : m->s_zero[pr];
    double util = used_share(m, pr, m->committed[pr]);
    double wages = m->pay[pr] * (1 + p->mk_oncost) * ((hc - hz) + hz * util) * (1 - m->squeeze[pr] * p->mk_unpaid);
    double cost = wages + p->mk_overhead[t] * m->revenue[pr];
    m->reserves[pr] += m->revenue[pr] - cost;
    m->rev_avg[pr] = 0.9 * m->rev_avg[pr] + 0.1 * m->revenue[pr];

    if (t == CS_PT_PA && m->clients[pr] == 0) return ACT_CLOSE;   /* not a failure */
    if (m->reserves[pr] < p->mk_exit_weeks * fmax(m->rev_avg[pr], weekly_floor(s, t)) && t != CS_PT_PA)
        return ACT_FAIL;
    /* pay follows what the provider's price supports, quarterly, never below the floor */
    if (week % 13 == 0 && m->hours_avg[pr] > 1) {
        double price = m->rev_avg[pr] / m->hours_avg[pr];
        double target = price * (1 - p->mk_overhead[t] - p->mk_margin) * p->mk_contact[t] / (1 + p->mk_oncost);
        /* a cooperative's members and a self-managing team share what the
         * team earns over all the hours it pays them, idle ones included:
         * salaried, with no zero-hours staff to flex, below full use they
         * would otherwise pay themselves more than they earn */
        double paid = (hc - hz) + hz * util;
        if ((t == CS_PT_SMT || t == CS_PT_COOP) && paid > 0) target *= util * hc / paid;
        double np = m->pay[pr] + 0.5 * (target - m->pay[pr]);
        m->pay[pr] = np > p->wf_floor ? np : p->wf_floor;
        for (int32_t k = 0; k < m->staff[pr].n; k++) m->w_pay[m->staff[pr].w[k]] = (float)m->pay[pr];
        m->wp_lo[pr] = m->wp_hi[pr] = (float)m->pay[pr];
    }
    if (m->pay[pr] < p->wf_floor) m->pay[pr] = p->wf_floor;
    /* an agency whose earned price does not cover its costs cuts them; it
     * eases off once the price covers costs without the cuts */
    if (t == CS_PT_AGENCY && week % 4 == 0 && m->hours_avg[pr] > 1) {
        double price = m->rev_avg[pr] / m->hours_avg[pr];
        double sq = m->squeeze[pr];
        if (cost_at(s, pr, sq) > price) sq += p->mk_squeeze_step;
        else if (cost_at(s, pr, sq - p->mk_squeeze_step) < price) sq -= p->mk_squeeze_step;
        m->squeeze[pr] = (float)(sq < 0 ? 0 : sq > 1 ? 1 : sq);
    }
    double extra = (t == CS_PT_AGENCY && agency_size > 0) ? m->unmatched_hours * m->committed[pr] / agency_size : 0;
    *tgt = target_workers(s, pr, extra);
    return ACT_CARRY_ON;
}

void cs_market_reverdict(struct cs_sim *s)
{
    struct cs_market *m = &s->mk;
    /* the verdicts again where matching changed a provider's commitments
     * (its picks: the providers it added have no staff yet); each provider's
     * staff's own slots */
#pragma omp for schedule(dynamic, 64)
    for (int32_t k = 0; k < m->q_live; k++) {
        int32_t pr = m->live[k];
        if (!m->alive[pr] || m->committed[pr] == m->q_commit[pr]) continue;
        double c = m->committed[pr], b = quit_bound(s, pr, c);
        m->q_bound[pr] = b;
        for (int32_t j = 0; j < m->staff[pr].n; j++) m->quit[m->staff[pr].w[j]] = verdict(s, m->staff[pr].w[j], pr, c, b);
    }
}

/* Provider pr's weekly chance of filling each vacancy, from its pay. */
static double hire_chance(const struct cs_sim *s, int32_t pr)
{
    const struct cs_params *p = s->p;
    return cs_weekly(p->wf_recruit * exp(p->wf_recruit_el * (s->mk.pay[pr] / p->wf_market - 1)));
}

/* Whether provider pr's vacancy j is filled this week, at chance prate. */
static int hire_drawn(const struct cs_sim *s, int32_t pr, int32_t j, double prate)
{
    cs_ctr r = cs_rng_draw4(s->key, (uint32_t)pr, (uint32_t)s->week, CS_P_PROVIDER, (uint32_t)j);
    return cs_u01(r.v[0]) < prate;
}

/* Provider pr's recruitment this week, live position k, wanting tgt with
 * its staff as they stand: the vacancy numbers j (in order) whose draw
 * hires, as the ordered step hires them (each hire is one vacancy fewer,
 * so the draws stop sooner), the first CS_MK_HIRES of them kept in keep;
 * returns how many in all. Leaves m->vac[k] and m->tgt[k] (the larger of
 * the target and the staff) for the counts. */
static int recruit(struct cs_sim *s, int32_t pr, int32_t k, int32_t tgt, uint16_t *keep)
{
    struct cs_market *m = &s->mk;
    int32_t vac = tgt - m->staff[pr].n, n = 0;
    m->tgt[k] = tgt > m->staff[pr].n ? tgt : m->staff[pr].n;
    if (vac > 0) {
        double prate = hire_chance(s, pr);
        for (int32_t j = 0; j < vac; j++) {
            if (hire_drawn(s, pr, j, prate)) {
                if (n < CS_MK_HIRES) keep[n] = (uint16_t)j;
                n += j <= UINT16_MAX ? 1 : CS_MK_HIRES + 1;   /* (not kept: the ordered step draws again) */
                vac--;
            }
        }
    }
    m->vac[k] = vac > 0 ? vac : 0;
    return n;
}

void cs_market_week(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    struct cs_market *m = &s->mk;
    int week = s->week, T = s->n_threads;
    m->entries = m->failures = m->micro_exits = m->team_failures = m->team_splits = m->fin_failures = 0;
    m->dev_cost = 0;
    m->leavers = m->vacancies = m->targets = 0;

    /* leaving, with the verdicts (cs_market_reverdict), in slot order: the
     * staff lists' order depends on it */
    for (int32_t w = 0; w < m->nw; w++) {
        int32_t pr = m->w_prov[w];
        uint8_t q = m->quit[w];
        if (!q || pr < 0) continue;   /* stays, a free slot, or their provider closed in this loop */
        int owner = 0;
        if (q & QUIT_MICRO) {
            owner = m->staff[pr].n == 1;
            if (owner != !!(q & QUIT_AS_OWNER)) q = (uint8_t)quits(s, w, pr, owner, m->committed[pr]);
            if (!(q & QUIT_YES)) continue;
        }
        if (owner) { close_provider(s, pr); m->failures++; m->leavers++; continue; }
        leave(m, w);
        m->leavers++;
    }

    /* finances, pay, recruitment, exit: each provider's own finances and
     * recruitment draws on every thread; closures and hires then in id
     * order, as they free and take worker slots */
    double agency_size = 0;
    for (int32_t k = 0; k < m->n_live; k++) {
        int32_t pr = m->live[k];
        if (m->alive[pr] && m->type[pr] == CS_PT_AGENCY) agency_size += m->committed[pr];
    }
#pragma omp parallel for schedule(static) num_threads(T)
    for (int32_t k = 0; k < m->n_live; k++) {
        int32_t pr = m->live[k], tgt = 0;
        if (!m->alive[pr]) continue;
        m->act[k] = (uint8_t)finances(s, pr, agency_size, &tgt);
        if (m->act[k] == ACT_CARRY_ON) {
            int n = recruit(s, pr, k, tgt, m->hire_j[k]);
            m->n_hire[k] = (uint8_t)(n < 255 ? n : 255);
        }
    }
    int32_t n_live = m->n_live;   /* this week's providers, not those starting below */
    for (int32_t k = 0; k < n_live; k++) {
        int32_t pr = m->live[k];
        if (!m->alive[pr]) continue;
        if (m->act[k] != ACT_CARRY_ON) {
            m->failures += m->act[k] == ACT_FAIL;
            m->fin_failures += m->act[k] == ACT_FAIL;
            m->team_failures += m->act[k] == ACT_FAIL && (m->type[pr] == CS_PT_SMT || m->type[pr] == CS_PT_COOP);
            close_provider(s, pr);
            continue;
        }
        /* (its staff as they were in finances(): closures and hires
         * before it in the loop are other providers') */
        m->targets += m->tgt[k];
        m->vacancies += m->vac[k];
        int n = m->n_hire[k];
        if (n <= CS_MK_HIRES) {
            for (int h = 0; h < n; h++) hire(s, pr, (uint32_t)(pr * 1000 + m->hire_j[k][h]), week);
        } else {   /* more than were kept: the same draws again, hiring as they go (rare;
                    * with vacancies, tgt[k] is the target itself) */
            int32_t vac = m->tgt[k] - m->staff[pr].n;
            double prate = hire_chance(s, pr);
            for (int32_t j = 0; j < vac; j++)
                if (hire_drawn(s, pr, j, prate)) { hire(s, pr, (uint32_t)(pr * 1000 + j), week); vac--; }
        }
    }
    /* teams at their largest size whose clients call for all their hours
     * split, in id order (the new ones are not among this week's) */
    for (int32_t k = 0; k < n_live; k++) {
        int32_t pr = m->live[k];
        if (m->alive[pr] && m->type[pr] == CS_PT_SMT && m->staff[pr].n >= (int32_t)p->mk_max[CS_PT_SMT] &&
            m->committed[pr] >= m->s_hours[pr] * p->mk_contact[CS_PT_SMT])
            split_team(s, pr);
    }

    /* entry: a new agency when council demand has gone unmatched for a while at a
     * price that covers an agency's costs at the pay floor */
    m->unmatched_weeks = m->unmatched_hours > 0 ? m->unmatched_weeks + 1 : 0;
    double agency_cost = p->wf_floor * (1 + p->mk_oncost) / p->mk_contact[CS_PT_AGENCY] /
                         (1 - p->mk_overhead[CS_PT_AGENCY] - p->mk_margin);
    if (m->unmatched_weeks >= p->mk_entry_weeks && agency_cost <= s->price_hc) {
        int32_t pr = add_provider(s, CS_PT_AGENCY);
        for (int32_t j = 0; j < p->mk_entry_size; j++) hire(s, pr, (uint32_t)(pr * 1000 + j), week);
        m->entries++;
        m->unmatched_weeks = 0;
    }
    /* planned starts, spread evenly over the weeks: the status quo's
     * micro-enterprise development programme (its cost is not modelled), and
     * reform starts with paid start-up support: an expanded programme's extra
     * micro-enterprises, new self-managing teams and cooperatives (each team
     * with 4 workers, recruiting towards its caseload) */
    const double rate[CS_N_STARTS] = {cs_place_value(p->mk_micro_starts, s->place->in.micro_starts_per_100k),
                                      p->mk_micro_added, p->mk_team_starts, p->mk_coop_starts};
    const double cost[CS_N_STARTS] = {0, p->mk_micro_cost, p->mk_team_cost, p->mk_team_cost};
    const int type[CS_N_STARTS] = {CS_PT_MICRO, CS_PT_MICRO, CS_PT_SMT, CS_PT_COOP};
    const int size[CS_N_STARTS] = {1, 1, 4, 4};
    for (int k = 0; k < CS_N_STARTS; k++) {
        m->start_carry[k] += rate[k] * s->initial_people / 1e5 / 52.0;
        while (m->start_carry[k] >= 1) {
            int32_t pr = add_provider(s, type[k]);
            for (int j = 0; j < size[k]; j++) hire(s, pr, (uint32_t)(pr * 1000 + j), week);
            /* start-up support is a new team's working capital */
            if (type[k] == CS_PT_SMT || type[k] == CS_PT_COOP) m->reserves[pr] += cost[k];
            m->entries++;
            m->dev_cost += cost[k];
            m->start_carry[k] -= 1;
        }
    }
    m->unmatched_hours = 0;
    /* this week's closures leave the live list, their people-phase sums
     * zeroed for good (they are zeroed weekly only for the live) */
    int32_t kept = 0;
    for (int32_t k = 0; k < m->n_live; k++) {
        int32_t pr = m->live[k];
        if (m->alive[pr]) { m->live[kept++] = pr; continue; }
        for (int t = 0; t < T; t++) cs_tb_clear_provider(&s->tb[t], pr);
    }
    m->n_live = kept;
    update_capacity(s);

    /* metrics */
    m->headcount = 0;
    m->pay_sum = 0;
    for (int32_t w = 0; w < m->nw; w++)
        if (m->w_prov[w] >= 0) { m->headcount++; m->pay_sum += m->w_pay[w]; }
}

int cs_market_check_bounds(const struct cs_sim *s)
{
    const struct cs_market *m = &s->mk;
    int bad = 0;
    for (int32_t w = 0; w < m->nw; w++) {
        int32_t pr = m->w_prov[w];
        if (pr < 0) continue;
        double b = quit_bound(s, pr, m->committed[pr]);
        for (int owner = 0; owner <= (m->type[pr] == CS_PT_MICRO); owner++)
            bad += !(b >= quit_rate(s, w, pr, owner, m->committed[pr]) / 52.0 * (1 + 1e-12) + 1e-15);
    }
    return bad;
}
