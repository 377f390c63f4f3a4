/*
 * test_demography.c — the calendar and the demography of a run (calendar.c,
 * demography.c): financial years of weeks; the spin-up holding the
 * population at mid-2020 (each sex and age brought back to the seed's count
 * at the end of every spin-up year); 18-year-olds joining through the year,
 * not on one day; and a dated year's population equal to the seed carried
 * forward by the year's life table and net migration, cohort by cohort.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cs_calendar.h"
#include "cs_model.h"
#include "cs_seed.h"
#include "model_internal.h"

static const char *SOMERSET = "E06000066";

static void calendar(void)
{
    int y, m, d;
    cs_cal_date(0, &y, &m, &d);
    CHECK(y == 2020 && m == 7 && d == 1, "week 0 starts 2020-07-01 (%04d-%02d-%02d)", y, m, d);
    cs_cal_date(52 * 4, &y, &m, &d);
    CHECK(y == 2024 && m == 7 && d == 1, "week 208 starts 2024-07-01: 52 weeks are a year (%04d-%02d-%02d)", y, m, d);
    int ok = 1;
    for (int fy = 2020; fy < 2060; fy++) {
        int w0 = cs_cal_fy_first_week(fy), w1 = cs_cal_fy_first_week(fy + 1);
        ok &= w1 - w0 == 52 && cs_cal_fy(w0) == fy && cs_cal_fy(w0 - 1) == fy - 1;
        cs_cal_date(w0, &y, &m, &d);
        ok &= (m == 3 && d == 31 && y == fy) || (m == 4 && d <= 2 && y == fy);
    }
    CHECK(ok, "every financial year is 52 weeks starting within a day of 1 April");
    CHECK(cs_cal_fy_first_week(2024) == cs_cal_week_of_date(2024, 4, 1), "the default policy start opens 2024-25");
    char b[16];
    cs_cal_fy_label(2023, b, sizeof b);
    CHECK(!strcmp(b, "2023-24"), "label %s", b);
    CHECK(cs_cal_parse("2024-02-30", &y, &m, &d) != 0 && cs_cal_parse("2024-4-01x", &y, &m, &d) != 0 &&
          cs_cal_parse("2024-02-29", &y, &m, &d) == 0, "dates are checked");
}

struct world {
    struct cs_place pl;
    struct cs_demography lt;
};

static struct world *load(void)
{
    static struct world w;
    static int loaded;
    char err[512];
    if (!loaded && (cs_seed_load_place(cs_seed_dir(), SOMERSET, &w.pl, err, sizeof err) ||
                    cs_seed_load_demography(cs_seed_dir(), "calendar", &w.lt, err, sizeof err))) {
        CHECK(0, "seed data: %s", err);
        return NULL;
    }
    loaded = 1;
    return &w;
}

/* living people by sex and age (ages above top counted at top) */
static void count(const struct cs_sim *s, long n[2][112], int top)
{
    memset(n, 0, sizeof(long) * 2 * 112);
    for (uint32_t i = 0; i < s->pop.n; i++) {
        const struct cs_person *r = &s->pop.rec[i];
        if (!(r->flags & CS_F_ALIVE)) continue;
        n[(r->flags & CS_F_FEMALE) ? 1 : 0][r->age > top ? top : r->age]++;
    }
}

/* The spin-up: at the end of its last week every sex and age is at the
 * count it has after the coming birthdays (the seed's mid-2020 count), and
 * in between the population stays close to it (deaths take about 1.5%
 * within a year, made up at its end). */
static void spin_up_holds_mid_2020(void)
{
    struct world *w = load();
    if (!w) return;
    struct cs_params p;
    cs_params_defaults(&p);
    p.scale = 0.05;
    p.warmup_weeks = 104;
    struct cs_sim s;
    char err[512];
    if (cs_sim_init(&s, &p, &w->pl, &w->lt, 0, 2, err, sizeof err)) { CHECK(0, "init: %s", err); return; }
    uint32_t start = cs_sim_alive(&s), lo = start, hi = start;
    for (int k = 0; k < p.warmup_weeks; k++) {
        cs_sim_step(&s);
        uint32_t a = cs_sim_alive(&s);
        lo = a < lo ? a : lo;
        hi = a > hi ? a : hi;
    }
    long n[2][112];
    count(&s, n, CS_AGE_MAX - 1);
    int ok = 1, bad_sex = 0, bad_age = 0;
    for (int sx = 0; sx < 2; sx++)
        for (int a = 17; a < CS_AGE_MAX; a++) {
            long want = cs_pop_seed_count(&s, sx, a + 1);
            if (n[sx][a] != want && ok) { ok = 0; bad_sex = sx; bad_age = a; }
        }
    CHECK(ok, "after the spin-up each sex and age is at its mid-2020 count (first miss: sex %d age %d: %ld, want %ld)",
          bad_sex, bad_age, n[bad_sex][bad_age], cs_pop_seed_count(&s, bad_sex, bad_age + 1));
    CHECK(lo > 0.975 * start && hi < 1.025 * start, "the population stays within 2.5%% of mid-2020 through the spin-up "
          "(%u .. %u, start %u)", lo, hi, start);
    CHECK(s.total_left > 0 && s.total_entrants > 0, "the spin-up both adds and removes people (%lld, %lld)",
          (long long)s.total_entrants, (long long)s.total_left);
    cs_sim_free(&s);
}

/* A dated year: 18-year-olds join every week, not all at once, and the
 * population at its end is the seed carried forward by the year's life
 * table and net migration, cohort by cohort (within the noise of deaths). */
static void dated_year(void)
{
    struct world *w = load();
    if (!w) return;
    struct cs_params p;
    cs_params_defaults(&p);
    p.scale = 0.25;
    p.warmup_weeks = 0;
    struct cs_sim s;
    char err[512];
    if (cs_sim_init(&s, &p, &w->pl, &w->lt, 0, 2, err, sizeof err)) { CHECK(0, "init: %s", err); return; }
    long n0[2][112];
    count(&s, n0, 110);
    double lo = 1e9, hi = 0, total = 0;
    for (int k = 0; k < 52; k++) {
        cs_sim_step(&s);
        double e = s.m[CS_M_entrants];
        lo = e < lo ? e : lo;
        hi = e > hi ? e : hi;
        total += e;
    }
    long want18 = 0;
    for (int sx = 0; sx < 2; sx++) want18 += (long)(w->pl.pop[sx][17] * p.scale);
    CHECK(lo > 0 && hi - lo <= 3, "18-year-olds join every week in even numbers (%.0f .. %.0f a week)", lo, hi);
    CHECK(fabs(total - want18) < 0.05 * want18 + 10, "a year's 18-year-olds are the cohort aged 17 at mid-2020 "
          "(%.0f, seed %ld)", total, want18);
    /* the end of the year (before the birthdays): by sex and age band */
    long n1[2][112];
    count(&s, n1, 110);
    double qx[2][CS_LT_AGE_MAX + 1];
    cs_demog_year_qx(&w->lt, p.mort_improve, 2020, qx);
    static const int edge[] = {18, 45, 65, 85, 111};
    int ok = 1;
    char why[256] = "";
    for (int sx = 0; sx < 2; sx++)
        for (int b = 0; b < 4; b++) {
            double want = 0, var = 0, got = 0;
            for (int a = edge[b]; a < edge[b + 1]; a++) {
                double q = qx[sx][a <= CS_LT_AGE_MAX ? a : CS_LT_AGE_MAX];
                got += n1[sx][a];
                want += n0[sx][a] * (1 - q + cs_demog_migration(&w->lt, 2020, sx, a));
                var += n0[sx][a] * q * (1 - q);
            }
            /* deaths are random; migrants who arrive or leave during the
             * year are exposed to half a year's risk at most (0.3%) */
            double tol = 4 * sqrt(var) + 0.003 * want + 5;
            if (fabs(got - want) > tol && ok) {
                ok = 0;
                snprintf(why, sizeof why, "sex %d ages %d-%d: %.0f, want %.0f +- %.0f", sx, edge[b], edge[b + 1] - 1,
                         got, want, tol);
            }
        }
    CHECK(ok, "after a year each age band is the seed carried forward by the life table and net migration%s%s",
          why[0] ? ": " : "", why);
    cs_sim_free(&s);
}

/* demography.need_improvement: from mid-2023 the rates of onset and
 * progression fall by it a year from 2018, as death rates do by
 * demography.mortality_improvement; before, and with 0, they do not move. */
static void need_postponed(void)
{
    struct world *w = load();
    if (!w) return;
    struct cs_params p, q;
    cs_params_defaults(&p);
    p.scale = 0.02;
    p.warmup_weeks = 0;
    p.settle_pilot_w = 0;
    q = p;
    q.need_improve = 0.02;
    struct cs_sim a, b;
    char err[512];
    if (cs_sim_init(&a, &p, &w->pl, &w->lt, 0, 2, err, sizeof err)) { CHECK(0, "init: %s", err); return; }
    if (cs_sim_init(&b, &q, &w->pl, &w->lt, 0, 2, err, sizeof err)) { CHECK(0, "init: %s", err); cs_sim_free(&a); return; }
    double r0 = 0, r1 = 0, rp = 0;
    for (int k = 0; k <= 3 * 52; k++) {
        if (k == 52) r0 = b.p_onset[75][2][0] / a.p_onset[75][2][0];
        cs_sim_step(&a);
        cs_sim_step(&b);
    }
    /* mid-2023 to mid-2024: model year 2023, (1 - 0.02)^(2023.5 - 2018) */
    r1 = b.p_onset[75][2][0] / a.p_onset[75][2][0];
    rp = b.p_prog[1][0][2][0][0] / a.p_prog[1][0][2][0][0];
    double want = pow(0.98, 5.5);
    CHECK(fabs(r0 - 1) < 1e-6, "need's rates do not move before mid-2023 (ratio %.6f)", r0);
    CHECK(fabs(r1 / want - 1) < 0.01, "from mid-2023 onset falls as death does (ratio %.4f, want %.4f)", r1, want);
    CHECK(fabs(rp / want - 1) < 0.01, "and so does progression (ratio %.4f)", rp);
    cs_sim_free(&a);
    cs_sim_free(&b);
}

void test_demography(void)
{
    need_postponed();
    calendar();
    spin_up_holds_mid_2020();
    dated_year();
}
