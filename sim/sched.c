/*
 * sched.c — event scheduling: only people with something due cost work.
 *
 * Most adults, in most weeks, have nothing happen to them: no care need, no
 * service, no hospital stay, no carer under strain, wellbeing settled. Such a
 * person is *quiet*. Their weekly chances of anything happening (death, onset
 * of need, becoming isolated or not, joining or leaving a community group, an
 * emergency admission, a Homeshare match) are then fixed between the points
 * where the model's tables change, and what they add to the week's totals
 * (alive, 65+, isolated, wellbeing, community counts) does not change either.
 *
 * So instead of a coin flip every week, a quiet person gets a wake-up week drawn
 * from the geometric distribution with weekly probability H, an upper bound on
 * the sum of their event probabilities (thinning, Lewis & Shedler 1979, in
 * discrete time). At the wake-up week the person is processed like anyone else,
 * with the week's uniform draw u scaled to u·H: an event happens when u·H falls
 * in its own interval of actual probabilities, and nothing happens otherwise. The
 * chance of an event in any week is then exactly its probability that week, as
 * with a weekly coin flip, though the individual draws differ. Meanwhile the
 * quiet people's standing sums (cs_sim.quiet) are added to every week's totals.
 *
 * Why H is a bound and not the exact sum: a connector's linking chance and the
 * Homeshare match chance change weekly, so H uses bounds on them that hold
 * whatever the policy levers are (set_bounds), and H is rounded up to a coarse
 * grid. So a reform changes a quiet person's wake-up weeks only where it
 * changes their own state, and replicate k of two scenarios keeps common random
 * numbers. Every quiet person's wake-up is redrawn whenever the tables change:
 * every 13 weeks (the mortality rescaling, ageing at the year start) and when
 * the parameters switch after the warm-up; that is exact because the geometric
 * distribution has no memory.
 *
 * A quiet person's state changes only when they are processed, with one
 * exception: the death of a partner (the survivor then lives alone). The
 * survivor is made active at the end of the week of the death.
 *
 * Everything is per person or summed in integers, so results do not depend on
 * the number of threads.
 */
#include "model_internal.h"

#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

int cs_psum_init(struct cs_psum *ps, int n_nbhd)
{
    memset(ps, 0, sizeof *ps);
    ps->n_iso = calloc((size_t)n_nbhd + 1, sizeof *ps->n_iso);
    ps->n_mem = calloc((size_t)n_nbhd + 1, sizeof *ps->n_mem);
    return ps->n_iso && ps->n_mem ? 0 : -1;
}

void cs_psum_clear(struct cs_psum *ps, int n_nbhd)
{
    int64_t *iso = ps->n_iso, *mem = ps->n_mem;
    memset(ps, 0, sizeof *ps);
    ps->n_iso = iso;
    ps->n_mem = mem;
    memset(iso, 0, (size_t)n_nbhd * sizeof *iso);
    memset(mem, 0, (size_t)n_nbhd * sizeof *mem);
}

void cs_psum_add(struct cs_psum *dst, const struct cs_psum *src, int n_nbhd)
{
    for (int k = 0; k < CS_N_METRICS; k++) dst->acc[k] += src->acc[k];
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) dst->wb_sum[a][b] += src->wb_sum[a][b];
    dst->minority_wb += src->minority_wb;
    dst->minority_n += src->minority_n;
    dst->hs_elig += src->hs_elig;
    for (int l = 0; l < CS_NEED_LEVELS; l++) dst->by_need[l] += src->by_need[l];
    dst->strain_sum += src->strain_sum;
    dst->strain_n += src->strain_n;
    for (int nb = 0; nb < n_nbhd; nb++) {
        dst->n_iso[nb] += src->n_iso[nb];
        dst->n_mem[nb] += src->n_mem[nb];
    }
}

void cs_psum_free(struct cs_psum *ps)
{
    free(ps->n_iso);
    free(ps->n_mem);
    ps->n_iso = ps->n_mem = NULL;
}

/* The wellbeing a quiet person settles at (person_care's target with no need,
 * no care and no care home). */
static int settled_wellbeing(const struct cs_params *p, int iso)
{
    double target = p->wb_base - p->wb_iso * iso;
    return (int)lround(255 * (target < 0 ? 0 : target > 1 ? 1 : target));
}

/* 1 when processing person i next week would change nothing but what their
 * events do: the conditions under which cs_sched_share() is exactly what
 * person_events() and person_care() add for them. */
static int can_quiet(const struct cs_sim *s, uint32_t i)
{
    const struct cs_pop *pp = &s->pop;
    uint8_t fl = pp->flags[i];
    if (!(fl & CS_F_ALIVE) || (fl & (CS_F_QUEUED | CS_F_UNMET))) return 0;
    if (pp->need[i] || pp->svc[i] != CS_SVC_NONE || pp->prov[i] >= 0 || pp->home[i] >= 0) return 0;
    if (pp->ext[i] & (CS_X_HOSP | CS_X_REABLE | CS_X_DREF | CS_X_HOMESHARE | CS_X_RESIDENT | CS_X_DP)) return 0;
    if (pp->strain[i]) return 0;
    /* a self-funder known to the council re-arranges care when need changes */
    if (pp->wealth[i] == CS_W_UPPER && (fl & CS_F_KNOWN) && pp->assessed[i]) return 0;
    /* with no need, nobody needs any hours (a scenario could say otherwise) */
    if (s->p->need_hours[0] != 0) return 0;
    return pp->wellbeing[i] == settled_wellbeing(s->p, (fl & CS_F_ISOLATED) ? 1 : 0);
}

/* What a quiet person adds to the week's totals, times sg (+1 or -1): the
 * same as person_care(), count_community() and homeshare() add for them. */
static void share(const struct cs_sim *s, uint32_t i, int64_t sg, struct cs_psum *ps)
{
    const struct cs_pop *pp = &s->pop;
    uint8_t fl = pp->flags[i];
    int64_t w = pp->wellbeing[i];
    int q = s->nbhd[pp->nbhd[i]].quintile;
    ps->acc[CS_M_people_alive] += sg;
    if (pp->age[i] >= 65) ps->acc[CS_M_people_65plus] += sg;
    if (fl & CS_F_ISOLATED) ps->acc[CS_M_isolated_share] += sg;
    ps->acc[CS_M_wellbeing_mean] += sg * w;
    ps->acc[CS_M_living_at_home] += sg;
    if (q == 0) { ps->wb_sum[0][0] += sg * w; ps->wb_sum[0][1] += sg; }
    if (q == 4) { ps->wb_sum[1][0] += sg * w; ps->wb_sum[1][1] += sg; }
    if (fl & CS_F_MINORITY) { ps->minority_wb += sg * w; ps->minority_n += sg; }
    if (pp->ext[i] & CS_X_CONNECTED) ps->n_mem[pp->nbhd[i]] += sg;
    else if (fl & CS_F_ISOLATED) ps->n_iso[pp->nbhd[i]] += sg;
    if (cs_hs_ok(s, i, fl)) ps->hs_elig += sg;
}

/* h rounded up to a coarse grid (mantissa to sixteenths): scenarios whose
 * chances differ a little (the mortality mix, say) then get the same bound, so
 * the same wake-up weeks from the same draws, and common random numbers stay
 * common. Exact in binary floating point. */
static double coarse_up(double h)
{
    int e;
    double m = frexp(h, &e);   /* h = m 2^e, m in [0.5, 1) */
    return ldexp(ceil(m * 16) / 16, e);
}

double cs_sched_bound(const struct cs_sim *s, uint32_t i, double *he, double *hs)
{
    const struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    uint8_t fl = pp->flags[i];
    int sex = (fl & CS_F_FEMALE) ? 1 : 0, age = pp->age[i] < 111 ? pp->age[i] : 110;
    int q = s->nbhd[pp->nbhd[i]].quintile, iso = (fl & CS_F_ISOLATED) ? 1 : 0;
    int conn = (pp->ext[i] & CS_X_CONNECTED) ? 1 : 0;
    /* the terms of person_events() for need 0, added in its order (adding its
     * zero terms changes nothing), so rounding keeps the actual sum <= this */
    double c = s->p_death[sex][age][0][0];
    c += s->p_onset[age][q][iso];
    c += iso ? s->p_iso_out : s->p_iso_in[pp->household[i] == CS_HH_ALONE][0][q] * (conn ? p->comm_iso_hr : 1.0);
    c += iso && !conn ? s->link_bound : 0.0;
    c += conn ? s->p_comm_exit : 0.0;
    c += s->p_admit[0];
    *he = c;
    *hs = cs_hs_ok(s, i, fl) ? s->hs_bound : 0.0;
    return coarse_up(c + *hs);
}

/* Weeks from now to the first week with a candidate event, at weekly
 * probability h (geometric, 0 with probability h). */
static uint32_t weeks_to_candidate(double h, double u)
{
    if (h >= 1) return 0;
    if (h <= 0) return CS_WAKE_NEVER;
    double g = floor(log(u) / log1p(-h));
    return g < CS_WAKE_NEVER ? (uint32_t)g : CS_WAKE_NEVER;
}

/* The wake-up week of quiet person i, counting from week `from`, with the
 * uniform draw r (CS_P_SCHED: index 0 in a redraw, 1 after being processed). */
static uint16_t wake_week(const struct cs_sim *s, uint32_t i, int from, uint32_t r)
{
    double he, hs, h = cs_sched_bound(s, i, &he, &hs);
    uint32_t w = (uint32_t)from + weeks_to_candidate(h, cs_u01(r));
    return (uint16_t)(w < CS_WAKE_NEVER - 1 ? w : CS_WAKE_NEVER - 1);
}

int cs_sched_reject(struct cs_sim *s, uint32_t i, double u)
{
    const struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    double he, hs, h = cs_sched_bound(s, i, &he, &hs);
    double x = u * h;   /* as person_events() scales it */
    uint8_t fl = pp->flags[i];
    int sex = (fl & CS_F_FEMALE) ? 1 : 0, age = pp->age[i] < 111 ? pp->age[i] : 110;
    int q = s->nbhd[pp->nbhd[i]].quintile, iso = (fl & CS_F_ISOLATED) ? 1 : 0;
    int conn = (pp->ext[i] & CS_X_CONNECTED) ? 1 : 0, nb = pp->nbhd[i];
    /* this week's actual chances, as person_events() adds them; the margin
     * leaves any doubt from rounding to person_events() itself */
    double c = s->p_death[sex][age][0][0];
    c += s->p_onset[age][q][iso];
    c += iso ? s->p_iso_out : s->p_iso_in[pp->household[i] == CS_HH_ALONE][0][q] * (conn ? p->comm_iso_hr : 1.0);
    c += iso && !conn ? s->comm.link_p[nb] + s->comm.join_p[nb] : 0.0;
    c += conn ? s->p_comm_exit : 0.0;
    c += s->p_admit[0];
    if (x < c * (1 + 1e-12)) return 0;
    if (hs > 0 && x >= he && x - he < s->hs.match_p_eligible * (1 + 1e-12)) return 0;
    /* nothing happens: what processing them would leave is what they have,
     * and the same next wake-up week */
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_SCHED, 1);
    s->pop.wake[i] = wake_week(s, i, s->week + 1, r.v[0]);
    return 1;
}

void cs_sched_leave(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    share(s, i, -1, &tb->ps);   /* processed now: their own sums count this week */
    share(s, i, -1, &tb->dq);
    s->pop.ext[i] &= (uint8_t)~CS_X_QUIET;
}

void cs_sched_after(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    if (s->sched_weekly || !can_quiet(s, i)) { pp->wake[i] = (uint16_t)(s->week + 1); return; }
    pp->ext[i] |= CS_X_QUIET;
    pp->carer_cap[i] = 0;   /* what phase 1 would give someone with no need */
    share(s, i, 1, &tb->dq);
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_SCHED, 1);
    pp->wake[i] = wake_week(s, i, s->week + 1, r.v[0]);
}

/* Redraw every quiet person's wake-up week from this week, and recount their
 * standing sums (ages and eligibility may have changed). */
static void rebuild(struct cs_sim *s)
{
    struct cs_pop *pp = &s->pop;
    uint32_t n = pp->n;
    int T = s->n_threads;
#pragma omp parallel num_threads(T)
    {
#ifdef _OPENMP
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        int t = 0, nt = 1;
#endif
        uint32_t lo = (uint32_t)((uint64_t)n * t / nt), hi = (uint32_t)((uint64_t)n * (t + 1) / nt);
        struct cs_psum *ps = &s->tb[t].dq;
        cs_psum_clear(ps, s->n_nbhd);
        enum { B = 512 };
        uint32_t id[B];
        cs_ctr r[B];
        for (uint32_t i = lo; i < hi;) {
            uint32_t m = 0;   /* the next batch of quiet people */
            for (; i < hi && m < B; i++)
                if (pp->ext[i] & CS_X_QUIET) id[m++] = i;
            cs_rng_draw4_batch(s->key, id, m, (uint32_t)s->week, CS_P_SCHED, 0, r);
            for (uint32_t k = 0; k < m; k++) {
                share(s, id[k], 1, ps);
                pp->wake[id[k]] = wake_week(s, id[k], s->week, r[k].v[0]);
            }
        }
    }
    cs_psum_clear(&s->quiet, s->n_nbhd);
    for (int t = 0; t < T; t++) {
        cs_psum_add(&s->quiet, &s->tb[t].dq, s->n_nbhd);
        cs_psum_clear(&s->tb[t].dq, s->n_nbhd);
    }
    s->sched_rebuilds++;
}

/* The bounds hold whatever the policy levers do, so every scenario on the
 * same base draws the same wake-up weeks (common random numbers): a connector
 * links at most connectors.success of the isolated people it works with and
 * unaided joining is at most its weekly rate (cs_community.h rule 8); a
 * Homeshare match is at most the programme's weekly cap times the success
 * rate (homeshare.c rule 5; the share registered is at most 1). Neither
 * connectors.success, community.self_join_rate nor the Homeshare match
 * parameters is a lever. The margins cover rounding. */
static void set_bounds(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    double b = (p->conn_success + cs_weekly(p->comm_self_join)) * (1 + 1e-9);
    s->link_bound = b < 1 ? b : 1;
    s->hs_bound = (1.0 - exp(-1.0 / p->hs_match_weeks)) * p->hs_success * (1 + 1e-9);
}

void cs_sched_week(struct cs_sim *s)
{
    int redraw = s->resched || s->week % 13 == 0;
    if (redraw) set_bounds(s);
    /* a guard: the bounds above should never be exceeded; if they are, the
     * chance itself becomes the bound, doubled, and everyone is redrawn */
    double worst = 0;
    for (int nb = 0; nb < s->n_nbhd; nb++)
        if (s->comm.link_p[nb] + s->comm.join_p[nb] > worst) worst = s->comm.link_p[nb] + s->comm.join_p[nb];
    if (worst > s->link_bound) { s->link_bound = 2 * worst < 1 ? 2 * worst : 1; redraw = 1; }
    if (s->hs.match_p_eligible > s->hs_bound) { s->hs_bound = 2 * s->hs.match_p_eligible; redraw = 1; }
    if (!redraw) return;
    s->resched = 0;
    rebuild(s);
}

void cs_sched_widowed(struct cs_sim *s)
{
    struct cs_pop *pp = &s->pop;
    for (int t = 0; t < s->n_threads; t++)
        for (uint32_t k = 0; k < s->tb[t].n_dead; k++) {
            int32_t pt = pp->partner[s->tb[t].dead[k]];
            if (pt < 0 || !(pp->ext[pt] & CS_X_QUIET)) continue;
            share(s, (uint32_t)pt, -1, &s->quiet);
            pp->ext[pt] &= (uint8_t)~CS_X_QUIET;
            pp->wake[pt] = (uint16_t)(s->week + 1);
        }
}

int cs_sched_init(struct cs_sim *s)
{
    if (cs_psum_init(&s->quiet, s->n_nbhd)) return -1;
    s->resched = 1;
    /* the reference the scheduling is checked against: everyone every week */
    const char *e = getenv("CARESIM_SCHED");
    s->sched_weekly = e && !strcmp(e, "weekly");
    return 0;
}

void cs_sched_free(struct cs_sim *s)
{
    cs_psum_free(&s->quiet);
}

int cs_sched_check(const struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_pop *pp = &s->pop;
    struct cs_psum sum;
    if (cs_psum_init(&sum, s->n_nbhd)) { snprintf(err, errlen, "out of memory"); return -1; }
    int rc = 0;
    for (uint32_t i = 0; i < pp->n && !rc; i++) {
        if (!(pp->ext[i] & CS_X_QUIET)) continue;
        if (!can_quiet(s, i)) { snprintf(err, errlen, "person %u is quiet but has something due", i); rc = -1; }
        else if (pp->wake[i] < s->week) { snprintf(err, errlen, "person %u: wake-up week %u passed", i, pp->wake[i]); rc = -1; }
        else if (pp->partner[i] >= 0 && !(pp->flags[pp->partner[i]] & CS_F_ALIVE)) {
            snprintf(err, errlen, "person %u is quiet but widowed", i);
            rc = -1;
        }
        share(s, i, 1, &sum);
    }
    if (!rc && (memcmp(sum.acc, s->quiet.acc, sizeof sum.acc) || memcmp(sum.wb_sum, s->quiet.wb_sum, sizeof sum.wb_sum) ||
                sum.minority_wb != s->quiet.minority_wb || sum.minority_n != s->quiet.minority_n ||
                sum.hs_elig != s->quiet.hs_elig ||
                memcmp(sum.n_iso, s->quiet.n_iso, (size_t)s->n_nbhd * sizeof *sum.n_iso) ||
                memcmp(sum.n_mem, s->quiet.n_mem, (size_t)s->n_nbhd * sizeof *sum.n_mem))) {
        snprintf(err, errlen, "the quiet people's standing sums differ from a recount");
        rc = -1;
    }
    cs_psum_free(&sum);
    return rc;
}
