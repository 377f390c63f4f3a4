/*
 * sched.c — event scheduling: only people with something due cost work.
 *
 * Most adults, in most weeks, have nothing happen to them. A person is *quiet*
 * when processing them next week could change nothing but what their own
 * events bring: they live at home with no service or placement, are not in
 * hospital or reablement (nor waiting for a discharge assessment), and their
 * care is settled (the unpaid care they get and their unmet need would come
 * out the same again; their wellbeing and their carer's strain may still be
 * on their way, below). That covers everyone with no care need and, in a
 * settled week, most people whose need is met, or not, by family alone, and
 * those waiting for the council's assessment. A quiet person's weekly chances
 * of anything happening (death, need rising or falling, isolation starting or
 * ending, joining or leaving a group, a carer breaking down, an emergency
 * admission, asking the council for help, a Homeshare match) are then fixed
 * between the points where the model's tables change (but for the carer's
 * breakdown, which follows their strain: below), and so is what they add to
 * the week's totals (people, need, unmet need, unpaid care, strain,
 * isolation, wellbeing, community counts; strain and wellbeing on their
 * paths): their standing sums (cs_sim.quiet) are added every week.
 *
 * Instead of a coin flip every week, a quiet person gets a wake-up week drawn
 * from the geometric distribution with weekly probability H, an upper bound on
 * the sum of those chances (thinning, Lewis & Shedler 1979, in discrete time).
 * At the wake-up week the week's uniform draw u is scaled to x = u·H: an event
 * happens when x falls in its own interval of actual chances (after an event
 * the week goes on as usual, with the week's own draws for a request or a
 * match), a request or a match when x falls in theirs, and nothing otherwise;
 * a wake-up that surely brings nothing is settled without processing the
 * person. Each week's chance of each outcome is then what it is with weekly
 * coin flips (to within the chance of an event and a request in the same week),
 * though the individual draws differ.
 *
 * Why H is a bound and not the exact sum: a connector's linking chance and the
 * Homeshare match chance change weekly, so H uses bounds on them
 * (cs_sched_week) set in the shared warm-up, and H is rounded up to a coarse
 * grid. So a reform changes a quiet person's wake-up weeks only where it
 * changes their own state (or outgrows the linking bound), and replicate k of
 * two scenarios keeps common random numbers. Every quiet person's wake-up is
 * redrawn at each year start (ageing) and when the parameters switch after the
 * warm-up; that is exact because the geometric distribution has no memory. In
 * between, the quarterly rescaling of the mortality table changes death
 * chances a little: H uses a bound per cell of that table, set with headroom
 * at the redraw, so a wake-up drawn with H stays valid (thinning only needs
 * the actual chances to stay below H), and only the people of a cell that
 * outgrows its bound are redrawn.
 *
 * Their wellbeing and their carer's strain need not have arrived: wellbeing
 * moves a quarter of the way to the level their circumstances support each
 * week (cs_wb_step), strain by a fixed step set by the hours of care given,
 * and while they are quiet those circumstances stay as they are. So the path
 * of both is known from the week they became quiet: the record keeps that
 * week's values (wb_from, wb_to, st_step), the standing sums hold them, and
 * a calendar (cs_sim.glide, by week) holds the changes the path makes to the
 * wellbeing and strain sums, added at each week's reduction
 * (cs_sched_glide). When they are processed again, their record is brought
 * to the week's values and their changes still to come leave the calendar
 * (glide_stop). Strain also sets the chance that the carer breaks down: the
 * bound H takes it at the path's most, so thinning stays exact as it moves.
 *
 * A quiet person's state changes only when they are processed, with two
 * exceptions. Their partner, whose need and placement set the unpaid care they
 * get and whose death leaves them alone: anyone quiet whose partner's standing
 * changed in a week is due the next week (cs_sched_partner_news, and
 * cs_sched_placed for a placement made after the people phases). And the
 * council: someone on its waiting list can be quiet while they wait, and
 * leaves the quiet, due the next week, when it assesses them
 * (cs_touch, the seam every change to a record outside the people phases
 * goes through).
 *
 * Everything is per person or summed in integers, so results do not depend on
 * the number of threads. CARESIM_SCHED=weekly in the environment turns it off
 * (everyone every week): the reference it is tested against.
 */
#include "sched.h"
#include "invariants.h"

#include <float.h>
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

/* 1 when person i, whose care is settled, has nothing due in week `next`
 * but what their own events bring: at home with no service, not waiting for
 * anything, their unpaid care as it was. */
static int nothing_due(const struct cs_sim *s, uint32_t i, int next)
{
    const struct cs_pop *pp = &s->pop;
    uint8_t fl = pp->rec[i].flags;
    if (!(fl & CS_F_ALIVE)) return 0;
    if (pp->rec[i].svc != CS_SVC_NONE || pp->rec[i].prov >= 0 || pp->rec[i].home >= 0) return 0;
    if (pp->rec[i].ext & (CS_X_HOSP | CS_X_REABLE | CS_X_DREF | CS_X_HOMESHARE | CS_X_RESIDENT | CS_X_DP)) return 0;
    /* a self-funder known to the council re-arranges care when need changes */
    if (pp->rec[i].wealth == CS_W_UPPER && (fl & CS_F_KNOWN) && pp->rec[i].need != pp->rec[i].assessed) return 0;
    int32_t pt = pp->rec[i].partner;
    if (pt >= 0 && !(pp->rec[pt].flags & CS_F_ALIVE)) return 0;   /* phase 1 has news for them */
    /* unpaid care stays as it is (not a carer on a break, who comes back) */
    return !(pp->rec[i].need && pp->rec[i].carer_back > next) && cs_carer_cap(s, i, next) == pp->rec[i].carer_cap;
}

/* nothing_due, and their care settled but for wellbeing and strain: then
 * share() is exactly what person_events() and person_care() would add for
 * them, with those two on their known path. c receives their care. */
static int can_quiet(const struct cs_sim *s, uint32_t i, int next, struct cs_care *c)
{
    const struct cs_pop *pp = &s->pop;
    if (!nothing_due(s, i, next)) return 0;
    cs_care_received(s, i, c);
    return c->unmet_flag == (pp->rec[i].flags & CS_F_UNMET);
}

/* Where a carer's strain stops: at the top or the bottom of its scale, or
 * where it is when it does not move. */
static int strain_end(int st, int step)
{
    return step > 0 ? 255 : step < 0 ? 0 : st;
}

/* Quiet person r's wellbeing *w and carer's strain *st in week t (from
 * wb_from on): wellbeing by its weekly steps, strain by a fixed step a week
 * within its scale. */
static void path_at(const struct cs_person *r, int t, int *w, int *st)
{
    int v = r->wellbeing, tw = r->wb_to;
    for (int k = r->wb_from; k < t && v != tw; k++) v = cs_wb_step(v, tw);
    *w = v;
    int64_t x = r->strain + (int64_t)r->st_step * (t - r->wb_from);
    *st = x < 0 ? 0 : x > 255 ? 255 : (int)x;
}

/* Quiet person r's record brought to its values of week t on its path (t
 * from wb_from on), which it then holds. */
static void path_rebase(struct cs_person *r, int t)
{
    int w, st;
    path_at(r, t, &w, &st);
    r->wellbeing = (uint8_t)w;
    r->strain = (uint8_t)st;
    r->wb_from = (uint16_t)t;
}

/* Calendar columns: the sums a quiet person's path changes (cs_person_sums):
 * wellbeing of all, of the most and least deprived quintile, of minority
 * ethnic adults; strain of carers giving care. */
enum { G_WB, G_WB_Q0, G_WB_Q4, G_WB_MINORITY, G_STRAIN };

/* Add sg times the changes that person i's path makes to the sums, week by
 * week from `week`, to calendar g: wellbeing w and strain st in week `week`
 * - 1, on their way to tw and strain_end(st, step); strain counts when
 * their carer gives care (given). */
static void glide_plan(const struct cs_sim *s, uint32_t i, int w, int tw, int st, int step, int given, int week,
                       int64_t sg, int64_t (*g)[CS_GLIDE_COLS])
{
    const struct cs_person *r = &s->pop.rec[i];
    int q = s->nbhd[r->nbhd].quintile, minority = (r->flags & CS_F_MINORITY) != 0, end = strain_end(st, step);
    if (!given) st = end;   /* counted nowhere: only its chance of breakdown (bounds) */
    for (int k = week; w != tw || st != end; k++) {
        int nw = cs_wb_step(w, tw), ns = st + step < 0 ? 0 : st + step > 255 ? 255 : st + step;
        int64_t d = sg * (nw - w), *e = g[k & (CS_GLIDE_WEEKS - 1)];
        e[G_WB] += d;
        if (q == 0) e[G_WB_Q0] += d;
        if (q == 4) e[G_WB_Q4] += d;
        if (minority) e[G_WB_MINORITY] += d;
        e[G_STRAIN] += sg * (ns - st);
        w = nw;
        st = ns;
    }
}

/* Quiet person i, whose care c has the wellbeing and strain the standing
 * sums hold for them in week t - 1, follows the path from there: their
 * record holds those as week t - 1's values and the calendar g their changes
 * from week t. */
static void glide_start(struct cs_sim *s, uint32_t i, const struct cs_care *c, int t,
                        int64_t (*g)[CS_GLIDE_COLS])
{
    struct cs_person *r = &s->pop.rec[i];
    r->wellbeing = (uint8_t)c->wellbeing;
    r->strain = (uint8_t)c->strain;
    r->wb_from = (uint16_t)(t - 1);
    r->wb_to = (uint8_t)c->wb_target;
    r->st_step = (int16_t)c->strain_step;
    glide_plan(s, i, c->wellbeing, c->wb_target, c->strain, c->strain_step, c->given > 0, t, 1, g);
}

/* Quiet person i leaves the standing sums after week t: c receives their
 * care with the wellbeing and strain those sums hold for them in week t,
 * their changes after week t leave calendar g, and their record is left
 * holding the values of week `at` (t - 1 to be processed in week t, t in
 * week t + 1). */
static void glide_stop(struct cs_sim *s, uint32_t i, int t, int at, struct cs_care *c,
                       int64_t (*g)[CS_GLIDE_COLS])
{
    struct cs_person *r = &s->pop.rec[i];
    int w, st;
    cs_care_received(s, i, c);   /* (whether their carer gives care: not on the path) */
    path_at(r, t, &w, &st);
    glide_plan(s, i, w, r->wb_to, st, r->st_step, c->given > 0, t + 1, -1, g);
    path_rebase(r, at);
    c->wellbeing = w;
    c->strain = st;
}

void cs_sched_glide(struct cs_sim *s)
{
    for (int t = 0; t < s->n_threads; t++) {
        for (int k = 0; k < CS_GLIDE_WEEKS; k++)
            for (int j = 0; j < CS_GLIDE_COLS; j++) s->glide[k][j] += s->tb[t].glide[k][j];
        memset(s->tb[t].glide, 0, sizeof s->tb[t].glide);
    }
    int64_t *e = s->glide[s->week & (CS_GLIDE_WEEKS - 1)];
    s->quiet.acc[CS_M_wellbeing_mean] += e[G_WB];
    s->quiet.wb_sum[0][0] += e[G_WB_Q0];
    s->quiet.wb_sum[1][0] += e[G_WB_Q4];
    s->quiet.minority_wb += e[G_WB_MINORITY];
    s->quiet.strain_sum += e[G_STRAIN];
    memset(e, 0, CS_GLIDE_COLS * sizeof *e);
}

/* What a quiet person adds to the week's totals, times sg (+1 or -1): the
 * same as person_care(), cs_count_community() and homeshare() add for them. c is
 * their settled care, with the wellbeing and strain of the week counted. */
static void share(const struct cs_sim *s, uint32_t i, int64_t sg, struct cs_psum *ps, const struct cs_care *c)
{
    const struct cs_pop *pp = &s->pop;
    cs_person_sums(s, i, c, sg, ps);
    cs_count_community(s, i, sg, ps);
    if (cs_hs_ok(s, i, pp->rec[i].flags)) ps->hs_elig += sg;
}

/* h rounded up to a coarse grid (mantissa to sixteenths): scenarios whose
 * chances differ a little (the mortality mix, say) then get the same bound, so
 * the same wake-up weeks from the same draws, and common random numbers stay
 * common. Exact in binary floating point. */
static double coarse_up(double h)
{
    if (!(h >= DBL_MIN)) {   /* zero, subnormal (never expected) */
        int e;
        double m = frexp(h, &e);   /* h = m 2^e, m in [0.5, 1) */
        return ldexp(ceil(m * 16) / 16, e);
    }
    /* the same for a normal number, on its bits: keep the top 3 of the 52
     * fraction bits, rounding up (a carry moves into the exponent) */
    const uint64_t low = (UINT64_C(1) << 49) - 1;
    uint64_t b;
    memcpy(&b, &h, sizeof b);
    b = (b + low) & ~low;
    memcpy(&h, &b, sizeof h);
    return h;
}

/* The first week from `from` with a candidate event, at weekly probability h
 * (geometric: `from` itself with probability h), with the uniform draw r
 * (CS_P_SCHED: index 0 in a redraw, 1 after being processed). */
static uint16_t wake_from(int from, double h, uint32_t r)
{
    double g = h >= 1 ? 0 : h <= 0 ? CS_WAKE_NEVER : floor(log(cs_u01(r)) / log1p(-h));
    double w = from + g;
    return (uint16_t)(w < CS_WAKE_NEVER - 1 ? w : CS_WAKE_NEVER - 1);
}

/* Person i's cell of the death table (s->p_death, s->death_bound), as an
 * offset into the flattened [sex][age][need][in a care home] array. */
static size_t death_cell(const struct cs_pop *pp, uint32_t i)
{
    int sex = (pp->rec[i].flags & CS_F_FEMALE) ? 1 : 0, age = pp->rec[i].age < 111 ? pp->rec[i].age : 110;
    return (((size_t)sex * 111 + (size_t)age) * CS_NEED_LEVELS + pp->rec[i].need) * 2 + (size_t)cs_in_care_home(pp, i);
}

static int linkable(const struct cs_pop *pp, uint32_t i)
{
    return (pp->rec[i].flags & CS_F_ISOLATED) && !(pp->rec[i].ext & CS_X_CONNECTED);
}

/* The bounds of cs_sched_bound, and in *actual (when not NULL) the sum of this
 * week's actual event chances as person_events() adds them. */
static double bounds(const struct cs_sim *s, uint32_t i, double *he, double *hr, double *hs, double *actual)
{
    const struct cs_pop *pp = &s->pop;
    int nb = pp->rec[i].nbhd;
    double link = s->comm.link_p[nb] + s->comm.join_p[nb];
    /* person_events() adds the same chances in the same order, with the
     * actual linking chance (<= the bound), so rounding keeps its sum <= he */
    double h[CS_EV_N];
    cs_event_chances(s, i, link, h);
    /* the bound must not depend on this week's value: it is the same at the
     * week the wake-up is drawn and the week it comes */
    int lk = linkable(pp, i);
    /* a quiet person's carer's strain is on its path (path_at): the bound
     * takes its breakdown chance at the path's most, where it starts or where
     * it stops (the chance rises with strain), and this week's chance is the
     * one at last week's strain, which person_events() reads from the record
     * brought up to date */
    double brk = h[CS_EV_BREAK];
    if ((pp->rec[i].ext & CS_X_QUIET) && CS_CAP_HOURS(pp->rec[i].carer_cap)) {
        int st0 = pp->rec[i].strain, end = strain_end(st0, pp->rec[i].st_step), most = st0 > end ? st0 : end;
        brk = most ? s->p_break[most] : 0.0;
        if (actual) {
            int w, st;
            path_at(&pp->rec[i], s->week - 1, &w, &st);
            h[CS_EV_BREAK] = st ? s->p_break[st] : 0.0;
        }
    }
    double c = (&s->death_bound[0][0][0][0])[death_cell(pp, i)], a = h[0];
    for (int k = 1; k < CS_EV_N; k++) {
        c += k == CS_EV_LINK ? (lk ? s->link_bound : 0.0) : k == CS_EV_BREAK ? brk : h[k];
        a += h[k];
    }
    if (actual) *actual = a;
    *he = c;
    int branch;
    *hr = pp->rec[i].need > 0 && !(pp->rec[i].flags & CS_F_QUEUED) ? cs_request_chance(s, i, &branch) : 0.0;
    *hs = cs_hs_ok(s, i, pp->rec[i].flags) ? s->hs_bound : 0.0;
    return coarse_up(c + *hr + *hs);
}

double cs_sched_bound(const struct cs_sim *s, uint32_t i, double *he, double *hr, double *hs)
{
    return bounds(s, i, he, hr, hs, NULL);
}

/* The wake-up week of quiet person i, counting from week `from`. */
static uint16_t wake_week(const struct cs_sim *s, uint32_t i, int from, uint32_t r)
{
    double he, hr, hs;
    return wake_from(from, cs_sched_bound(s, i, &he, &hr, &hs), r);
}

int cs_sched_reject(struct cs_sim *s, uint32_t i, double u)
{
    double he, hr, hs, c, h = bounds(s, i, &he, &hr, &hs, &c);
    double x = u * h;   /* as person_events() scales it */
    if (x < he) {
        /* c: this week's actual chances, as person_events() adds them; the
         * margin leaves any doubt from rounding to person_events() itself */
        if (x < c * (1 + 1e-12)) return 0;
    } else if (x < he + hr) {
        return 0;   /* a request */
    } else if (hs > 0 && x - he - hr < s->hs.match_p_eligible * (1 + 1e-12)) {
        return 0;   /* a Homeshare match */
    }
    /* nothing happens: what processing them would leave is what they have,
     * and the same next wake-up week */
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_SCHED, 1);
    s->pop.wake[i] = wake_from(s->week + 1, h, r.v[0]);
    return 1;
}

void cs_sched_leave(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    if (s->chk) cs_check_waking(s, i);
    struct cs_care c;
    glide_stop(s, i, s->week, s->week - 1, &c, tb->glide);
    share(s, i, -1, &tb->ps, &c);   /* processed now: their own sums count this week */
    share(s, i, -1, &tb->dq, &c);
    s->pop.rec[i].ext &= (uint8_t)~CS_X_QUIET;
}

const struct cs_thin *cs_sched_due(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, struct cs_thin *th)
{
    if (!(s->pop.rec[i].ext & CS_X_QUIET)) return NULL;
    double hs;
    th->h = cs_sched_bound(s, i, &th->he, &th->hr, &hs);
    cs_sched_leave(s, tb, i);
    return th;
}

void cs_sched_after(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, const struct cs_care *settled)
{
    struct cs_pop *pp = &s->pop;
    /* care that changed nothing this week changes nothing next week either,
     * as long as nothing else is due */
    if (s->sched_weekly || !settled || !nothing_due(s, i, s->week + 1)) { pp->wake[i] = (uint16_t)(s->week + 1); return; }
    pp->rec[i].ext |= CS_X_QUIET;
    share(s, i, 1, &tb->dq, settled);
    glide_start(s, i, settled, s->week + 1, tb->glide);
    if (s->chk) cs_check_keep(s, i);   /* from here on, only cs_touch may change it */
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_SCHED, 1);
    pp->wake[i] = wake_week(s, i, s->week + 1, r.v[0]);
}

/* Every thread's sums in dq added to the quiet people's standing sums, and
 * emptied. */
static void take_thread_sums(struct cs_sim *s)
{
    for (int t = 0; t < s->n_threads; t++) {
        cs_psum_add(&s->quiet, &s->tb[t].dq, s->n_nbhd);
        cs_psum_clear(&s->tb[t].dq, s->n_nbhd);
    }
}

/* Whether person i's standing sums (share) depend on their being a year
 * older: they count as 65, 75 or 85 or over, or as old enough for Homeshare,
 * from next year on and not now. */
static int age_counts(const struct cs_sim *s, uint32_t i)
{
    int a = s->pop.rec[i].age, hmin = s->p->hs_min_age;
    return a + 1 == CS_AGE_65 || a + 1 == CS_AGE_75 || a + 1 == CS_AGE_85 || (a < hmin && a + 1 >= hmin);
}

/* Everyone alive a year older. Ageing changes a quiet person's chances (the
 * year start redraws their wake-up week) but their standing sums only where
 * age_counts: for those few the sums are taken away at the old age and added
 * at the new, so the year start need not recount everyone quiet (what made
 * them quiet is the same a year older: nothing_due and their care do not
 * depend on age). The sums go through each thread's dq (integers: exact in
 * any order). */
void cs_sched_birthdays(struct cs_sim *s)
{
    struct cs_pop *pp = &s->pop;
    int64_t n = pp->n;
    int T = s->n_threads;
    for (int t = 0; t < T; t++) cs_psum_clear(&s->tb[t].dq, s->n_nbhd);
#pragma omp parallel num_threads(T)
    {
        int t, nt;
        cs_omp_team(&t, &nt);
        struct cs_psum *ps = &s->tb[t].dq;
#pragma omp for schedule(static)
        for (int64_t i = 0; i < n; i++) {
            if (!(pp->rec[i].flags & CS_F_ALIVE) || pp->rec[i].age == 255) continue;
            if ((pp->rec[i].ext & CS_X_QUIET) && age_counts(s, (uint32_t)i)) {
                struct cs_care c;
                cs_care_received(s, (uint32_t)i, &c);
                share(s, (uint32_t)i, -1, ps, &c);
                pp->rec[i].age++;
                share(s, (uint32_t)i, 1, ps, &c);
            } else {
                pp->rec[i].age++;
            }
            if (s->chk && (pp->rec[i].ext & CS_X_QUIET)) cs_check_keep(s, (uint32_t)i);
        }
    }
    take_thread_sums(s);
}

/* Who a partial redraw is for: everyone quiet (0), or those whose bound has
 * the linking term (REDRAW_LINK) or a raised death bound (REDRAW_CELLS, the
 * cells marked in `cells`), or both. */
enum { REDRAW_LINK = 1, REDRAW_CELLS = 2 };

static int redraw_this(const struct cs_pop *pp, uint32_t i, int only, const uint8_t *cells)
{
    if (!only) return 1;
    if ((only & REDRAW_LINK) && linkable(pp, i)) return 1;
    return (only & REDRAW_CELLS) && cells[death_cell(pp, i)];
}

/* Redraw quiet people's wake-up weeks from this week (those redraw_this picks
 * by `only` and `cells`). full: redraw everyone quiet, check that they still
 * are (the levers may have changed), and recount their standing sums;
 * needed when the parameters switch (a year start redraws everyone quiet
 * without it: cs_sched_birthdays). */
static void rebuild(struct cs_sim *s, int full, int only, const uint8_t *cells)
{
    struct cs_pop *pp = &s->pop;
    uint32_t n = pp->n;
    int T = s->n_threads;
    /* the people in chunks handed to whichever thread is free (quiet people
     * are not spread evenly over the ids); the sums are integers, exact in
     * any order, and each person's draw is their own */
    enum { CHUNK = 8192 };
    uint32_t chunks = (n + CHUNK - 1) / CHUNK;
#pragma omp parallel num_threads(T)
    {
        int t, nt;
        cs_omp_team(&t, &nt);
        struct cs_psum *ps = &s->tb[t].dq;
        /* (and the sums of any thread asked for but not granted, which the
         * total below still reads) */
        for (int u = t; u < T && full; u += nt) cs_psum_clear(&s->tb[u].dq, s->n_nbhd);
        enum { B = 512 };
        uint32_t id[B];
        cs_ctr r[B];
#pragma omp for schedule(dynamic, 1)
        for (uint32_t ch = 0; ch < chunks; ch++) {
            uint32_t hi = (ch + 1) * CHUNK < n ? (ch + 1) * CHUNK : n;
            for (uint32_t i = ch * CHUNK; i < hi;) {
                uint32_t m = 0;   /* the next batch of quiet people */
                for (; i < hi && m < B; i++)
                    if ((pp->rec[i].ext & CS_X_QUIET) && (full || redraw_this(pp, i, only, cells))) id[m++] = i;
                cs_rng_draw4_batch(s->key, id, m, (uint32_t)s->week, CS_P_SCHED, 0, r);
                for (uint32_t k = 0; k < m; k++) {
                    struct cs_care c;
                    if (!full) {
                        pp->wake[id[k]] = wake_week(s, id[k], s->week, r[k].v[0]);
                        continue;
                    }
                    /* their wellbeing and strain as of last week, on the path
                     * they were on */
                    path_rebase(&pp->rec[id[k]], s->week - 1);
                    if (!can_quiet(s, id[k], s->week, &c)) {
                        /* the levers changed what settles them: due now */
                        pp->rec[id[k]].ext &= (uint8_t)~CS_X_QUIET;
                        pp->wake[id[k]] = (uint16_t)s->week;
                        continue;
                    }
                    c.wellbeing = pp->rec[id[k]].wellbeing;
                    c.strain = pp->rec[id[k]].strain;
                    share(s, id[k], 1, ps, &c);
                    glide_start(s, id[k], &c, s->week, s->tb[t].glide);
                    if (s->chk) cs_check_keep(s, id[k]);
                    pp->wake[id[k]] = wake_week(s, id[k], s->week, r[k].v[0]);
                }
            }
        }
    }
    s->sched_rebuilds++;
    if (!full) return;
    cs_psum_clear(&s->quiet, s->n_nbhd);
    memset(s->glide, 0, sizeof s->glide);   /* (each thread's is in its own, for the reduction) */
    take_thread_sums(s);
}

/* The headroom of the death bounds over the death chances when they are set,
 * so that the quarterly rescaling of the mortality table (a few per cent in
 * a typical cell) rarely outgrows them: each quiet person's wake-up chance H
 * is higher by an eighth of their death chance, a few per cent more wake-ups
 * to reject, against redrawing everyone quiet every 13 weeks. */
#define DEATH_MARGIN 0.125

/* The smallest power of 2 at least x (at most 1). */
static double pow2_up(double x)
{
    int e;
    double m = frexp(x, &e);
    return x >= 1 ? 1 : m == 0.5 ? x : ldexp(1, e);
}

/* The Homeshare bound holds whatever the policy levers do: a match is at most
 * the programme's weekly cap times the success rate (homeshare.c rule 5; the
 * share registered is at most 1), and neither is a lever. So every scenario
 * on the same base draws the same wake-up weeks for the same people (common
 * random numbers). The linking bound (a connector's chance of linking an
 * isolated person plus unaided joining) is a power of 2 at least twice the
 * largest chance in any neighbourhood, and only ever rises: it is set in the
 * warm-up, which every scenario shares, and rises only in a scenario whose
 * chances outgrow it (more connectors, say), where only isolated people who
 * are not in a group get new wake-up weeks. The margin covers rounding. */
void cs_sched_week(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    /* full: recount too (the levers changed); all: redraw everyone quiet
     * (a year start: everyone's chances changed with age and the tables) */
    int full = s->resched, all = full || s->week % 52 == 0, only = 0;
    s->hs_bound = (1.0 - exp(-1.0 / p->hs_match_weeks)) * p->hs_success * (1 + 1e-9);
    if (s->hs.match_p_eligible > s->hs_bound) {   /* a guard: never expected */
        s->hs_bound = 2 * s->hs.match_p_eligible;
        full = all = 1;
    }
    double worst = 0;
    for (int nb = 0; nb < s->n_nbhd; nb++)
        if (s->comm.link_p[nb] + s->comm.join_p[nb] > worst) worst = s->comm.link_p[nb] + s->comm.join_p[nb];
    if (worst > s->link_bound) {
        s->link_bound = pow2_up(2 * worst > 1e-6 ? 2 * worst : 1e-6);
        only |= REDRAW_LINK;
    }
    /* death chances: a bound per cell of the table, reset at every full
     * redraw, raised (with the cell's people redrawn) only when the quarterly
     * rescaling outgrows it */
    float *pd = &s->p_death[0][0][0][0], *db = &s->death_bound[0][0][0][0];
    uint8_t raised[sizeof s->p_death / sizeof *pd] = {0};   /* by death_cell */
    for (size_t k = 0; k < sizeof raised; k++)
        if (all || pd[k] > db[k]) {
            db[k] = (float)coarse_up(pd[k] * (1 + DEATH_MARGIN));
            if (!all) { raised[k] = 1; only |= REDRAW_CELLS; }
        }
    if (full) rebuild(s, 1, 0, NULL);
    else if (all) rebuild(s, 0, 0, NULL);
    else if (only) rebuild(s, 0, only, raised);
    s->resched = 0;
}

uint8_t cs_sched_partner_class(const struct cs_pop *pp, uint32_t i)
{
    if (!(pp->rec[i].flags & CS_F_ALIVE)) return 0xFF;
    int n = pp->rec[i].need;
    return (uint8_t)((n < CS_NEED_LOW ? 0 : n == CS_NEED_LOW ? 1 : 2) + 3 * cs_placed(pp, i));
}

/* Person pt, if quiet, is due next week: their standing sums leave ps (the
 * quiet sums from next week), their path's changes to come calendar g. */
static void wake(struct cs_sim *s, int32_t pt, struct cs_psum *ps, int64_t (*g)[CS_GLIDE_COLS])
{
    struct cs_pop *pp = &s->pop;
    if (pt < 0 || !(pp->rec[pt].ext & CS_X_QUIET)) return;
    if (s->chk) cs_check_waking(s, (uint32_t)pt);
    struct cs_care c;
    glide_stop(s, (uint32_t)pt, s->week, s->week, &c, g);
    share(s, (uint32_t)pt, -1, ps, &c);
    pp->rec[pt].ext &= (uint8_t)~CS_X_QUIET;
    pp->wake[pt] = (uint16_t)(s->week + 1);
}

void cs_sched_partner_news(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    wake(s, s->pop.rec[i].partner, &tb->dq, tb->glide);
}

void cs_sched_placed(struct cs_sim *s, uint32_t i)
{
    wake(s, s->pop.rec[i].partner, &s->quiet, s->glide);
}

struct cs_person *cs_touch(struct cs_sim *s, uint32_t i)
{
    wake(s, (int32_t)i, &s->quiet, s->glide);
    return &s->pop.rec[i];
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
    /* the calendar of the paths' changes to come, recounted (the sums hold
     * last week's wellbeing and strain) */
    int64_t glide[CS_GLIDE_WEEKS][CS_GLIDE_COLS] = {{0}};
    for (uint32_t i = 0; i < pp->n && !rc; i++) {
        if (!(pp->rec[i].ext & CS_X_QUIET)) continue;
        struct cs_care c;
        if (!can_quiet(s, i, s->week, &c)) { snprintf(err, errlen, "person %u is quiet but has something due", i); rc = -1; }
        else if (c.wb_target != pp->rec[i].wb_to || c.strain_step != pp->rec[i].st_step ||
                 pp->rec[i].wb_from >= s->week) {
            snprintf(err, errlen, "person %u: on a path from week %d to wellbeing %d by strain steps of %d, not to %d by %d",
                     i, pp->rec[i].wb_from, pp->rec[i].wb_to, pp->rec[i].st_step, c.wb_target, c.strain_step);
            rc = -1;
        }
        else if (pp->wake[i] < s->week) { snprintf(err, errlen, "person %u: wake-up week %u passed", i, pp->wake[i]); rc = -1; }
        else if (pp->rec[i].partner >= 0 && !(pp->rec[pp->rec[i].partner].flags & CS_F_ALIVE)) {
            snprintf(err, errlen, "person %u is quiet but widowed", i);
            rc = -1;
        }
        else {
            path_at(&pp->rec[i], s->week - 1, &c.wellbeing, &c.strain);
            share(s, i, 1, &sum, &c);
            glide_plan(s, i, c.wellbeing, c.wb_target, c.strain, c.strain_step, c.given > 0, s->week, 1, glide);
        }
    }
    for (int t = 0; t < s->n_threads && !rc; t++)
        for (int k = 0; k < CS_GLIDE_WEEKS; k++)
            for (int j = 0; j < CS_GLIDE_COLS; j++) glide[k][j] -= s->tb[t].glide[k][j];   /* not yet in s->glide */
    if (!rc && memcmp(glide, s->glide, sizeof glide)) {
        snprintf(err, errlen, "the calendar of quiet people's wellbeing and strain differs from a recount");
        rc = -1;
    }
    if (!rc && (memcmp(sum.acc, s->quiet.acc, sizeof sum.acc) || memcmp(sum.wb_sum, s->quiet.wb_sum, sizeof sum.wb_sum) ||
                sum.minority_wb != s->quiet.minority_wb || sum.minority_n != s->quiet.minority_n ||
                sum.hs_elig != s->quiet.hs_elig || sum.strain_sum != s->quiet.strain_sum ||
                sum.strain_n != s->quiet.strain_n || memcmp(sum.by_need, s->quiet.by_need, sizeof sum.by_need) ||
                memcmp(sum.n_iso, s->quiet.n_iso, (size_t)s->n_nbhd * sizeof *sum.n_iso) ||
                memcmp(sum.n_mem, s->quiet.n_mem, (size_t)s->n_nbhd * sizeof *sum.n_mem))) {
        snprintf(err, errlen, "the quiet people's standing sums differ from a recount");
        rc = -1;
    }
    cs_psum_free(&sum);
    return rc;
}
