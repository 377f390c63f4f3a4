/*
 * demography.c — people joining and leaving a place through the year, and
 * which life table a year uses.
 *
 * The dated years (from 2020-07-01): at each mid-year, after birthdays,
 * the year is planned from a census of the living by sex and age: the
 * cohort that turns 18 during the year (the seed's mid-2020 count of that
 * cohort, with its own net migration), and net migration of every older
 * age and sex as England's rate per head (seeds/migration.csv, scaled by
 * demography.migration_scale) times the place's own count. A positive net
 * number joins, a negative one leaves; both are spread evenly over the 52
 * weeks, so 18-year-olds join on their birthdays through the year and the
 * population has no sawtooth. Who leaves is drawn at random within their
 * sex and age, so migration does not by itself move need prevalence.
 *
 * The spin-up (weeks before 2020-07-01) holds demography at mid-2020:
 * people age and die as usual, and at the end of each spin-up year every
 * sex and age is brought back to the count it will have after the
 * birthdays (the seed's mid-2020 count): the missing are added as new
 * people, the extra leave at random. So the care system settles on the
 * population of mid-2020 and week 0 starts from exactly the seed's counts,
 * while need keeps its age structure (people grow older through it).
 *
 * Limitation, stated in docs/model.md: migration rates are national,
 * applied to every council alike.
 *
 * Everything here runs serially between weeks; a person leaves through
 * cs_touch (the seam), their partner is woken too (their unpaid care
 * changes), and records are appended by cs_pop_add.
 */
#include "cs_calendar.h"
#include "model_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cells: sex x age 17 .. top, the last holding everyone older. Migration
 * uses top = 90 (the seed's 90+), re-anchoring top = 89 (who will be 90+
 * after the birthdays). */
enum { AGE0 = CS_MIG_AGE0, NCELL = CS_AGE_MAX - CS_MIG_AGE0 + 1 };

struct cs_demog {
    int year;                       /* model year planned (INT_MIN: none) */
    /* the place's expected population by sex and cell at mid-(e_year), the
     * whole place (not the sample): the seed carried forward by the life
     * tables and migration, without the run's chance. Net migration is a
     * rate times this, so how many join or leave in a year does not depend
     * on the run's own deaths: ids of the people who join are the same in
     * every scenario and replicate of a place (common random numbers). */
    double e[2][NCELL];
    int e_year;
    uint32_t join[2][NCELL];        /* joining this year, by sex and cell */
    struct leaver { uint32_t id; int week; } *leave;   /* leaving this year, in week order */
    uint32_t n_leave, cap_leave;
    uint32_t next_leave;            /* the first not yet gone (the list is in week order) */
    uint32_t *ids;                  /* census: the living grouped by cell, in id order */
    uint32_t cap_ids;
};

static struct cs_demog *state(struct cs_sim *s)
{
    if (!s->demog) {
        s->demog = calloc(1, sizeof *s->demog);
        if (!s->demog) { perror("caresim: out of memory"); exit(3); }
        s->demog->year = INT_MIN;
        s->demog->e_year = INT_MIN;
    }
    return s->demog;
}

void cs_demog_free(struct cs_sim *s)
{
    if (!s->demog) return;
    free(s->demog->leave);
    free(s->demog->ids);
    free(s->demog);
    s->demog = NULL;
}

/* The living aged 17 or over by sex and cell (age capped at top): counts
 * in first[sex][c+1] - first[sex][c] (offsets into d->ids, male cells
 * first), ids in id order within a cell. */
static void census(struct cs_sim *s, struct cs_demog *d, int top, uint32_t first[2][NCELL + 1])
{
    const struct cs_pop *pp = &s->pop;
    uint32_t cnt[2 * NCELL + 1];
    memset(cnt, 0, sizeof cnt);
    for (uint32_t i = 0; i < pp->n; i++) {
        const struct cs_person *r = &pp->rec[i];
        if (!(r->flags & CS_F_ALIVE) || r->age < AGE0) continue;
        int a = r->age > top ? top : r->age;
        cnt[((r->flags & CS_F_FEMALE) ? NCELL : 0) + a - AGE0 + 1]++;
    }
    for (int k = 0; k < 2 * NCELL; k++) cnt[k + 1] += cnt[k];
    if (cnt[2 * NCELL] > d->cap_ids) {
        d->cap_ids = cnt[2 * NCELL] + cnt[2 * NCELL] / 8;
        d->ids = cs_xrealloc(d->ids, (size_t)d->cap_ids * sizeof *d->ids);
    }
    for (int sx = 0; sx < 2; sx++)
        for (int c = 0; c <= NCELL; c++) first[sx][c] = cnt[sx * NCELL + c];
    uint32_t at[2 * NCELL];
    memcpy(at, cnt, sizeof at);
    for (uint32_t i = 0; i < pp->n; i++) {
        const struct cs_person *r = &pp->rec[i];
        if (!(r->flags & CS_F_ALIVE) || r->age < AGE0) continue;
        int a = r->age > top ? top : r->age;
        d->ids[at[((r->flags & CS_F_FEMALE) ? NCELL : 0) + a - AGE0]++] = i;
    }
}

/* A uniform draw keyed on (what, k) for this replicate. */
static double draw(const struct cs_sim *s, uint32_t what, uint32_t k)
{
    return cs_u01(cs_rng_draw4(s->key, what, k, CS_P_DEMOG, 1).v[0]);
}

/* x rounded down or up with probability its fraction (x >= 0). */
static uint32_t round_draw(const struct cs_sim *s, double x, uint32_t what)
{
    uint32_t n = (uint32_t)x;
    return n + (draw(s, what, 0xFFFFFFFFu) < x - n);
}

/* The first n of ids[0..len) become a uniform random choice of n of them:
 * the n with the smallest of a draw keyed on each person and `what`, so a
 * person's chance of being chosen does not depend on who else is in the
 * list (a run where one more person of the cell died leaves the others'
 * fate alone: common random numbers survive small differences). */
struct ranked { uint32_t u, id; };

static int by_rank(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return x->u != y->u ? (x->u > y->u) - (x->u < y->u) : (x->id > y->id) - (x->id < y->id);
}

static void choose(const struct cs_sim *s, uint32_t *ids, uint32_t len, uint32_t n, uint32_t what)
{
    if (!n || !len) return;
    struct ranked *r = cs_xrealloc(NULL, (size_t)len * sizeof *r);
    for (uint32_t k = 0; k < len; k++)
        r[k] = (struct ranked){cs_rng_draw4(s->key, ids[k], what, CS_P_DEMOG, 2).v[0], ids[k]};
    qsort(r, len, sizeof *r, by_rank);
    for (uint32_t k = 0; k < len; k++) ids[k] = r[k].id;
    free(r);
}

/* Person i leaves the place alive: out of everyone's sums and services as
 * at a death, but not counted as one. */
static void leave(struct cs_sim *s, uint32_t i)
{
    struct cs_person *r = cs_touch(s, i);
    if (!(r->flags & CS_F_ALIVE)) return;
    if (r->partner >= 0) cs_touch(s, (uint32_t)r->partner);   /* their unpaid care changes */
    r = &s->pop.rec[i];
    r->flags &= (uint8_t)~(CS_F_ALIVE | CS_F_QUEUED);
    r->svc = CS_SVC_NONE;
    r->home = -1;
    r->ext &= (uint8_t)~(CS_X_HOSP | CS_X_REABLE | CS_X_DREF | CS_X_HOMESHARE | CS_X_RESIDENT);
    s->pop.wake[i] = CS_WAKE_NEVER;
    s->total_left++;
}

static void push_leaver(struct cs_demog *d, uint32_t id, int week)
{
    if (d->n_leave == d->cap_leave) {
        d->cap_leave = d->cap_leave ? 2 * d->cap_leave : 1024;
        d->leave = cs_xrealloc(d->leave, (size_t)d->cap_leave * sizeof *d->leave);
    }
    d->leave[d->n_leave++] = (struct leaver){id, week};
}

static int by_week(const void *a, const void *b)
{
    const struct leaver *x = a, *y = b;
    return x->week != y->week ? (x->week > y->week) - (x->week < y->week) : (x->id > y->id) - (x->id < y->id);
}

/* The cohort aged 17 at mid-y, whole place: the seed's cohort of mid-2020
 * (the youngest once the run outlasts the children it has), with the net
 * migration of the 17-year-olds. They join during year y. */
static double cohort17(const struct cs_sim *s, int y, int sx)
{
    int a20 = AGE0 - (y - CS_CAL_YEAR0);
    return s->place->pop[sx][a20 < 0 ? 0 : a20] * (1 + cs_demog_migration(s->lt, y, sx, AGE0) * s->p->mig_scale);
}

/* The expected population at mid-2020 (the seed), then carried forward a
 * year at a time to mid-y. The 90+ cell survives at the death rate of 92. */
static void expect(struct cs_sim *s, struct cs_demog *d, int y)
{
    const struct cs_params *p = s->p;
    if (d->e_year == INT_MIN || d->e_year > y) {
        for (int sx = 0; sx < 2; sx++)
            for (int c = 1; c < NCELL; c++) d->e[sx][c] = (double)s->place->pop[sx][AGE0 + c];
        d->e_year = CS_CAL_YEAR0;
    }
    while (d->e_year < y) {
        int yy = d->e_year;
        double qx[2][CS_LT_AGE_MAX + 1];
        cs_demog_year_qx(s->lt, p->mort_improve, yy, qx);
        for (int sx = 0; sx < 2; sx++) {
            double *e = d->e[sx], keep[NCELL];
            for (int c = 1; c < NCELL; c++)
                keep[c] = 1 - qx[sx][c == NCELL - 1 ? 92 : AGE0 + c] +
                          cs_demog_migration(s->lt, yy, sx, AGE0 + c) * p->mig_scale;
            double top = e[NCELL - 1] * keep[NCELL - 1] + e[NCELL - 2] * keep[NCELL - 2];
            for (int c = NCELL - 2; c >= 2; c--) e[c] = e[c - 1] * keep[c - 1];
            e[NCELL - 1] = top;
            e[1] = cohort17(s, yy, sx);   /* the new 18-year-olds: the year's entrants */
        }
        d->e_year++;
    }
}

/* Model year y's joiners and leavers (at its first week, after birthdays). */
static void plan_year(struct cs_sim *s, int y)
{
    struct cs_demog *d = state(s);
    const struct cs_params *p = s->p;
    uint32_t first[2][NCELL + 1];
    census(s, d, CS_AGE_MAX, first);
    expect(s, d, y);
    memset(d->join, 0, sizeof d->join);
    d->n_leave = d->next_leave = 0;
    d->year = y;
    uint32_t yk = (uint32_t)(y - CS_CAL_YEAR0) * 1000u;
    for (int sx = 0; sx < 2; sx++) {
        d->join[sx][0] = (uint32_t)cs_pop_scaled(s, cohort17(s, y, sx), yk + (uint32_t)sx);
        for (int c = 1; c < NCELL; c++) {
            uint32_t what = yk + (uint32_t)(sx * NCELL + c) * 4 + 2;
            uint32_t len = first[sx][c + 1] - first[sx][c];
            double sample = p->scale < 1.0 ? p->scale : 1.0;
            double net = cs_demog_migration(s->lt, y, sx, AGE0 + c) * p->mig_scale * d->e[sx][c] * sample;
            uint32_t n = round_draw(s, net < 0 ? -net : net, what);
            if (net >= 0) {
                d->join[sx][c] = n;
                continue;
            }
            if (n > len) n = len;
            if (!n) continue;
            uint32_t *ids = d->ids + first[sx][c];
            choose(s, ids, len, n, what + 1);
            /* spread over the year in the order drawn */
            for (uint32_t k = 0; k < n; k++) push_leaver(d, ids[k], (int)((uint64_t)k * 52 / n));
        }
    }
    if (d->n_leave) qsort(d->leave, d->n_leave, sizeof *d->leave, by_week);   /* none: no list at all */
}

/* cs_pop_add and cs_pop_holes, with room in the runtime checks' shadow
 * records for the new ids */
static void add(struct cs_sim *s, int female, int age, int spread, uint32_t n, uint32_t purpose)
{
    cs_pop_add(s, female, age, spread, n, purpose);
    if (s->chk) cs_checks_grow(s);
}

static void holes(struct cs_sim *s, uint32_t n)
{
    cs_pop_holes(s, n);
    if (s->chk) cs_checks_grow(s);
}

/* End of a spin-up year: every sex and age brought to the count it has
 * after the birthdays at mid-2020 (the seed's).
 *
 * How many each cell lacks depends on the year's deaths, so on the run's
 * chance and parameters. The people added get ids from a block per cell
 * whose size does not: the cell's count at the year's start (the seed's,
 * which the last re-anchoring or the start left it at) less its expected
 * deaths and its target, plus six standard deviations of those deaths; the
 * block's unused ids stay empty (cs_pop_holes). So the ids of everyone who
 * joins later are the same whatever happened in the spin-up, and runs that
 * differ in a parameter keep their common random numbers. A block too small
 * (beyond six standard deviations) takes its extra people after all blocks. */
static void reanchor(struct cs_sim *s)
{
    struct cs_demog *d = state(s);
    enum { TOP = CS_AGE_MAX - 1 };   /* who will be 90+ after the birthdays */
    uint32_t first[2][NCELL + 1];
    census(s, d, TOP, first);
    uint32_t yk = 0x80000000u + (uint32_t)s->week * 1000u;
    uint32_t over[2][NCELL];
    memset(over, 0, sizeof over);
    for (int sx = 0; sx < 2; sx++)
        for (int c = 0; c <= TOP - AGE0; c++) {
            int top = c == TOP - AGE0, age = AGE0 + c;
            long target = cs_pop_seed_count(s, sx, top ? CS_AGE_MAX : age + 1);
            /* at the year's start: the seed's count of this age (none of 17;
             * the top cell holds 89 and the 90+) */
            double start = c == 0 ? 0 : (double)cs_pop_seed_count(s, sx, age) + (top ? cs_pop_seed_count(s, sx, CS_AGE_MAX) : 0);
            double q = s->qx_year[sx][top ? 91 : age], deaths = start * q;
            double want = target - start + deaths + 6 * sqrt(deaths * (1 - q)) + 3;
            uint32_t block = want > 0 ? (uint32_t)want : 0;
            uint32_t len = first[sx][c + 1] - first[sx][c];
            if (target > (long)len) {
                uint32_t k = (uint32_t)(target - (long)len), in = k < block ? k : block;
                add(s, sx, age, top ? 5 : 1, in, CS_P_MIGRANT);
                over[sx][c] = k - in;
                holes(s, block - in);
                continue;
            }
            holes(s, block);
            if (target < (long)len) {
                uint32_t *ids = d->ids + first[sx][c], n = len - (uint32_t)target;   /* len > 0: ids exist */
                choose(s, ids, len, n, yk + (uint32_t)(sx * NCELL + c));
                for (uint32_t k = 0; k < n; k++) leave(s, ids[k]);
            }
        }
    for (int sx = 0; sx < 2; sx++)
        for (int c = 0; c <= TOP - AGE0; c++)
            if (over[sx][c]) add(s, sx, AGE0 + c, c == TOP - AGE0 ? 5 : 1, over[sx][c], CS_P_MIGRANT);
}

void cs_demog_year(struct cs_sim *s)
{
    int rw = cs_report_week(s);
    int y = cs_cal_model_year(rw < 0 ? 0 : rw);   /* the spin-up lives in mid-2020 */
    cs_demog_year_qx(s->lt, s->p->mort_improve, y, s->qx_year);
    /* onset and progression of need fall with death rates, from the same
     * year and centre (cs_demog_year_qx), by demography.need_improvement */
    double hr = s->lt->fixed < 0 && y >= 2023 ? pow(1.0 - s->p->need_improve, y + 0.5 - 2018) : 1.0;
    if (hr != s->need_year_hr) {
        s->need_year_hr = hr;
        if (s->tb) cs_person_tables(s);   /* (before prepare(), it makes them) */
    }
    if (rw >= 0) plan_year(s, y);
}

void cs_demog_week_end(struct cs_sim *s)
{
    int rw = cs_report_week(s);
    if (rw < 0) {
        if ((rw + 1) % 52 == 0) reanchor(s);
        return;
    }
    struct cs_demog *d = state(s);
    if (d->year != cs_cal_model_year(rw)) return;   /* planned at the year's first week */
    int j = rw % 52;
    for (int sx = 0; sx < 2; sx++)
        for (int c = 0; c < NCELL; c++) {
            uint32_t n = d->join[sx][c];
            uint32_t k = (uint32_t)((uint64_t)n * (j + 1) / 52 - (uint64_t)n * j / 52);
            if (!k) continue;
            int top = c == NCELL - 1;
            add(s, sx, AGE0 + c, top ? 5 : 1, k, c ? CS_P_MIGRANT : CS_P_ENTRANT);
            s->m[c ? CS_M_immigrants : CS_M_entrants] += k;
        }
    for (; d->next_leave < d->n_leave && d->leave[d->next_leave].week <= j; d->next_leave++) {
        uint32_t i = d->leave[d->next_leave].id;
        if (!(s->pop.rec[i].flags & CS_F_ALIVE)) continue;   /* died before their turn */
        leave(s, i);
        s->m[CS_M_emigrants] += 1;
    }
}
