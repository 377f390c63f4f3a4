/*
 * test_schemes.c — Shared Lives (sim/sharedlives.c) and Homeshare
 * (sim/homeshare.c): initial carers by district, matching by mutual choice,
 * carers leaving and being recruited, the growth and expansion levers, cost;
 * the Homeshare sharer pool, match probability, programme funding and cost;
 * determinism of both.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "cs_homeshare.h"
#include "cs_params.h"
#include "cs_rng.h"
#include "cs_sharedlives.h"

void test_schemes(void);

static int close_to(double a, double b, double rel)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= rel * (m > 1 ? m : 1);
}

static cs_key test_key(void) { return cs_rng_key(7, 0, "E10000027"); }

static int sl_setup(struct cs_sharedlives *sl, const struct cs_params *p, cs_key key, int nd,
                    const double *adults)
{
    char err[256] = "";
    int rc = cs_sl_init(sl, p, key, nd, adults, err, sizeof err);
    if (rc != 0) /* a failure only: setup is not a check of its own */
        CHECK(0, "cs_sl_init failed: %s", err);
    return rc;
}

static int count_alive(const struct cs_sharedlives *sl, int district)
{
    int k = 0;
    for (int32_t c = 0; c < sl->n; c++)
        k += sl->alive[c] && (district < 0 || sl->district[c] == district);
    return k;
}

/* ---- Shared Lives: rule 1 ------------------------------------------------ */

static void test_sl_init(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    cs_key key = test_key();
    struct cs_sharedlives sl;
    double a[5] = {100000, 250000, 40000, 0, 610000};
    if (sl_setup(&sl, &p, key, 5, a) != 0)
        return;

    int by_rate = 1, ids_in_order = 1, fresh = 1;
    double c0_sum = 0;
    for (int d = 0; d < 5; d++) {
        double c0 = p.sl_carers * a[d] / 1e5;
        int k = count_alive(&sl, d);
        c0_sum += c0;
        by_rate &= k == (int)floor(c0) || k == (int)floor(c0) + 1;
    }
    for (int32_t c = 0; c < sl.n; c++) {
        if (c > 0 && sl.district[c] < sl.district[c - 1])
            ids_in_order = 0;
        fresh &= sl.alive[c] == 1 && sl.used[c] == 0 && sl.start_week[c] == 0 &&
                 sl.places[c] >= 1 && sl.places[c] <= 3;
    }
    CHECK(by_rate, "a district's initial carers are not carers_per_100k x adults rounded");
    CHECK(fabs((double)sl.n - c0_sum) <= 5, "%d initial carers, expected %g within rounding",
          sl.n, c0_sum);
    CHECK(count_alive(&sl, 3) == 0, "a district with no adults has %d carers",
          count_alive(&sl, 3));
    CHECK(ids_in_order, "carer ids are not in district order");
    CHECK(fresh, "initial carers: alive, empty, 1-3 places, start week 0");
    double places = 0;
    for (int32_t c = 0; c < sl.n; c++)
        places += sl.places[c];
    CHECK(sl.carers_active == sl.n && sl.places_total == places,
          "initial totals: %g carers (n %d), %g places (sum %g)", sl.carers_active, sl.n,
          sl.places_total, places);
    cs_sl_free(&sl);
    cs_sl_free(&sl); /* harmless twice */
    CHECK(sl.n == 0 && sl.alive == NULL && sl.adults == NULL, "free leaves the struct zeroed");

    /* Rounding by draws is unbiased: 400 districts of 0.4 expected carers. */
    double small[400];
    for (int d = 0; d < 400; d++)
        small[d] = 0.4 * 1e5 / p.sl_carers;
    if (sl_setup(&sl, &p, key, 256, small) != 0)
        return;
    int n256 = sl.n;
    /* Recruitment credits start at random fractions: the first five weeks
     * bring about their expected 1 recruit, not one per district. */
    int first = 0;
    for (int w = 0; w < 5; w++) {
        cs_sl_week(&sl, &p, key, w, w - 10);
        first += sl.recruits;
    }
    CHECK(first <= 6, "%d recruits in the first five weeks across 256 small districts", first);
    cs_sl_free(&sl);
    /* 256 districts at most (district ids are bytes): expected 102.4, sd 7.8. */
    CHECK(fabs(n256 - 102.4) < 4 * 7.84, "256 districts of 0.4 carers gave %d (expected 102.4)",
          n256);
    CHECK(n256 > 0 && n256 < 256, "rounding is not all down or all up (%d)", n256);

    /* Places follow sharedlives.places_mix. */
    double big[1] = {1e7};
    if (sl_setup(&sl, &p, key, 1, big) != 0)
        return;
    int hist[4] = {0, 0, 0, 0};
    for (int32_t c = 0; c < sl.n; c++)
        hist[sl.places[c]]++;
    double n = sl.n;
    CHECK(sl.n == 1900, "10 million adults at 19 per 100k: %d carers", sl.n);
    CHECK(fabs(hist[1] / n - 0.55) < 0.05 && fabs(hist[2] / n - 0.35) < 0.05 &&
              fabs(hist[3] / n - 0.10) < 0.03,
          "places mix %g / %g / %g, expected 0.55 / 0.35 / 0.10", hist[1] / n, hist[2] / n,
          hist[3] / n);
    cs_sl_free(&sl);
    p.sl_places_mix[0] = 0;
    p.sl_places_mix[1] = 1;
    p.sl_places_mix[2] = 0;
    if (sl_setup(&sl, &p, key, 1, big) != 0)
        return;
    int all2 = 1;
    for (int32_t c = 0; c < sl.n; c++)
        all2 &= sl.places[c] == 2;
    CHECK(all2, "places_mix 0, 1, 0 should give every carer 2 places");
    cs_sl_free(&sl);

    /* Bad arguments are refused, leaving the struct freed. */
    char err[256] = "";
    cs_params_defaults(&p);
    CHECK(cs_sl_init(&sl, &p, key, 0, a, err, sizeof err) == -1 && err[0],
          "zero districts accepted");
    CHECK(cs_sl_init(&sl, &p, key, 257, small, err, sizeof err) == -1,
          "257 districts accepted");
    double bad[2] = {1000, -5};
    CHECK(cs_sl_init(&sl, &p, key, 2, bad, err, sizeof err) == -1 && strstr(err, "district 1"),
          "negative adults accepted (%s)", err);
    bad[1] = NAN;
    CHECK(cs_sl_init(&sl, &p, key, 2, bad, err, sizeof err) == -1, "NaN adults accepted");
    p.sl_places_mix[0] = p.sl_places_mix[1] = p.sl_places_mix[2] = 0;
    CHECK(cs_sl_init(&sl, &p, key, 1, big, err, sizeof err) == -1 && sl.alive == NULL,
          "a places_mix of zeros accepted");
}

/* ---- Shared Lives: rule 3 ------------------------------------------------ */

static void test_sl_match(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    cs_key key = test_key();
    struct cs_sharedlives sl;
    double a[2] = {100000, 100000};

    /* Always accepted: own district until it is full, then the other, then -1. */
    p.sl_mutual = 1.0;
    if (sl_setup(&sl, &p, key, 2, a) != 0)
        return;
    int64_t free0 = cs_sl_free_places(&sl, 0), free_all = cs_sl_free_places(&sl, -1);
    int own_first = 1, never_over = 1, got = 0;
    uint32_t person = 0;
    for (;; person++) {
        int64_t f0 = cs_sl_free_places(&sl, 0);
        int32_t c = cs_sl_match(&sl, &p, key, person, 10, 0);
        if (c < 0)
            break;
        got++;
        if ((f0 > 0) != (sl.district[c] == 0))
            own_first = 0;
        for (int32_t i = 0; i < sl.n; i++)
            never_over &= sl.used[i] <= sl.places[i];
        if (person > 10000)
            break;
    }
    CHECK(free0 > 0 && free_all > free0, "test needs free places in both districts");
    CHECK(own_first, "a match went to the other district while the own one had room");
    CHECK(never_over, "a carer has more people than places");
    CHECK(got == free_all, "%d matches with mutual choice 1, expected every free place (%lld)",
          got, (long long)free_all);
    CHECK(cs_sl_free_places(&sl, -1) == 0 && sl.matches == got && sl.requests == got + 1,
          "counters: %d matches, %d requests, %lld free", sl.matches, sl.requests,
          (long long)cs_sl_free_places(&sl, -1));
    int before = sl.introductions;
    CHECK(cs_sl_match(&sl, &p, key, 99999, 11, 1) == -1 && sl.introductions == before,
          "no free places: no introductions and -1");
    cs_sl_free(&sl);

    /* Carers who left are never matched. */
    if (sl_setup(&sl, &p, key, 2, a) != 0)
        return;
    for (int32_t c = 0; c < sl.n; c++)
        if (sl.district[c] == 0)
            sl.alive[c] = 0;
    int32_t c1 = cs_sl_match(&sl, &p, key, 5, 3, 0);
    CHECK(c1 >= 0 && sl.district[c1] == 1 && sl.alive[c1],
          "with district 0's carers gone, the match should come from district 1 (%d)", c1);
    CHECK(cs_sl_free_places(&sl, 0) == 0, "carers who left have no free places");
    cs_sl_free(&sl);

    /* Mutual choice 0: never matched, introductions still made. */
    p.sl_mutual = 0.0;
    if (sl_setup(&sl, &p, key, 2, a) != 0)
        return;
    int any = 0, unused = 1;
    for (uint32_t i = 0; i < 200; i++)
        any |= cs_sl_match(&sl, &p, key, i, 4, (int)(i % 2)) >= 0;
    for (int32_t c = 0; c < sl.n; c++)
        unused &= sl.used[c] == 0;
    CHECK(!any && unused && sl.matches == 0, "mutual choice 0 matched somebody");
    CHECK(sl.introductions == 200 * p.sl_intro, "%d introductions, expected %d",
          sl.introductions, 200 * p.sl_intro);
    cs_sl_free(&sl);

    /* The order of introductions is random, not by id. */
    p.sl_mutual = 1.0;
    double big[1] = {1e6};
    if (sl_setup(&sl, &p, key, 1, big) != 0)
        return;
    int first_free = 0;
    for (uint32_t i = 0; i < 20; i++) {
        int32_t low = 0;
        while (low < sl.n && sl.used[low] >= sl.places[low])
            low++;
        first_free += cs_sl_match(&sl, &p, key, i, 4, 0) == low;
    }
    CHECK(first_free < 5, "%d of 20 matches went to the lowest-id free carer: not a random order",
          first_free);
    cs_sl_free(&sl);

    /* The match rate rises with mutual_choice, and follows
     * 1 - (1 - m)^introductions when places are plentiful. */
    double big2[2] = {5e6, 5e6}, rate[5];
    double mc[5] = {0.1, 0.3, 0.5, 0.7, 0.9};
    int rising = 1;
    for (int k = 0; k < 5; k++) {
        p.sl_mutual = mc[k];
        if (sl_setup(&sl, &p, key, 2, big2) != 0)
            return;
        int m = 0;
        for (uint32_t i = 0; i < 600; i++)
            m += cs_sl_match(&sl, &p, key, i, 30, (int)(i % 2)) >= 0;
        rate[k] = m / 600.0;
        if (k > 0)
            rising &= rate[k] > rate[k - 1];
        cs_sl_free(&sl);
    }
    CHECK(rising, "match rate does not rise with mutual_choice: %g %g %g %g %g", rate[0], rate[1],
          rate[2], rate[3], rate[4]);
    CHECK(fabs(rate[2] - 0.875) < 0.045, "mutual 0.5, 3 introductions: rate %g, expected 0.875",
          rate[2]);
    p.sl_mutual = 0.5;
    p.sl_intro = 1;
    if (sl_setup(&sl, &p, key, 2, big2) != 0)
        return;
    int m1 = 0;
    for (uint32_t i = 0; i < 600; i++)
        m1 += cs_sl_match(&sl, &p, key, i, 30, 0) >= 0;
    CHECK(fabs(m1 / 600.0 - 0.5) < 0.065, "one introduction at 0.5: rate %g", m1 / 600.0);
    CHECK(sl.introductions == 600, "one introduction each: %d", sl.introductions);
    cs_sl_free(&sl);
}

/* ---- Shared Lives: rules 4-5 --------------------------------------------- */

static void test_sl_turnover(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    cs_key key = test_key();
    struct cs_sharedlives sl;
    double a[4] = {500000, 700000, 300000, 500000};

    /* Baseline: exits and recruitment keep the carer count level. */
    if (sl_setup(&sl, &p, key, 4, a) != 0)
        return;
    double n0 = sl.carers_active;
    int warm = 156, steady = 1;
    long leavers = 0, recruits = 0;
    double late = 0, worst = 0;
    for (int w = 0; w < warm + 520; w++) {
        cs_sl_week(&sl, &p, key, w, w - warm);
        leavers += sl.leavers;
        recruits += sl.recruits;
        if ((w + 1) % 52 == 0) {
            double dev = fabs(sl.carers_active / n0 - 1);
            worst = dev > worst ? dev : worst;
            steady &= dev < 0.12;
        }
        if (w >= warm + 260)
            late += sl.carers_active / 260.0;
    }
    CHECK(n0 > 300, "stability test needs a few hundred carers (%g)", n0);
    CHECK(steady, "carer count strays %.0f%% from the start over 13 years", 100 * worst);
    CHECK(fabs(late / n0 - 1) < 0.07, "mean carers over the last 5 years %g vs %g at the start",
          late, n0);
    CHECK(leavers > 300 && fabs((double)recruits - leavers) < 0.25 * leavers,
          "%ld leavers and %ld recruits over 13 years should balance", leavers, recruits);
    int new_ok = 1;
    for (int32_t c = (int32_t)n0; c < sl.n; c++)
        new_ok &= sl.start_week[c] >= sl.start_week[c - 1] && sl.district[c] < 4 && sl.places[c] >= 1 &&
                  sl.places[c] <= 3;
    CHECK(new_ok && sl.n > (int32_t)n0 && sl.start_week[sl.n - 1] > warm, "recruits have start weeks in order, a district and 1-3 places");
    cs_sl_free(&sl);

    /* A leaving carer is marked gone and its people are to be re-planned. */
    p.sl_exit = 52; /* about 63% leave each week */
    if (sl_setup(&sl, &p, key, 4, a) != 0)
        return;
    for (int32_t c = 0; c < sl.n; c++)
        sl.used[c] = (uint8_t)(c % 2 ? sl.places[c] : 0);
    uint8_t was_alive[2000];
    int32_t n_before = sl.n < 2000 ? sl.n : 2000;
    memcpy(was_alive, sl.alive, (size_t)n_before);
    cs_sl_week(&sl, &p, key, 3, -10);
    int gone = 0, displaced = 0;
    double used_alive = 0;
    for (int32_t c = 0; c < n_before; c++) {
        if (was_alive[c] && !sl.alive[c]) {
            gone++;
            displaced += sl.used[c];
        }
    }
    for (int32_t c = 0; c < sl.n; c++)
        if (sl.alive[c])
            used_alive += sl.used[c];
    CHECK(gone == sl.leavers && gone > 0, "%d carers gone, leavers says %d", gone, sl.leavers);
    CHECK(displaced == sl.displaced && displaced > 0, "%d people displaced, module says %d",
          displaced, sl.displaced);
    CHECK(sl.places_used == used_alive, "places used %g counts only carers still there (%g)",
          sl.places_used, used_alive);
    cs_sl_free(&sl);

    /* No exits and no recruitment: nothing changes. */
    p.sl_exit = 0;
    p.sl_recruit = 0;
    if (sl_setup(&sl, &p, key, 4, a) != 0)
        return;
    int32_t n_start = sl.n;
    int still = 1;
    for (int w = 0; w < 200; w++) {
        cs_sl_week(&sl, &p, key, w, w - 100);
        still &= sl.leavers == 0 && sl.recruits == 0;
    }
    CHECK(still && sl.n == n_start && sl.carers_active == n_start,
          "no exits and no recruitment, yet %d carers became %d", n_start, sl.n);
    cs_sl_free(&sl);
}

/* Run base and lever schemes side by side over weeks [from, to). */
static void run_pair(struct cs_sharedlives *b, struct cs_sharedlives *l, const struct cs_params *pb,
                     const struct cs_params *pl, cs_key key, int warm, int from, int to,
                     double *reform_sum, int *reform_warm)
{
    for (int w = from; w < to; w++) {
        cs_sl_week(b, pb, key, w, w - warm);
        cs_sl_week(l, pl, key, w, w - warm);
        *reform_sum += l->reform_week;
        if (w < warm && l->reform_week != 0)
            *reform_warm = 1;
    }
}

static void test_sl_levers(void)
{
    struct cs_params pb, pl;
    cs_params_defaults(&pb);
    cs_key key = test_key();
    struct cs_sharedlives b, l;
    double a[4] = {2e6, 3e6, 1e6, 4e6};
    double c0 = pb.sl_carers * 1e7 / 1e5; /* 1900 */
    int warm = 52;

    /* Growth of 10% a year: nothing in warm-up, then about 10% more carers. */
    pl = pb;
    pl.sl_growth = 0.10;
    if (sl_setup(&b, &pb, key, 4, a) != 0 || sl_setup(&l, &pl, key, 4, a) != 0)
        return;
    double reform = 0;
    int reform_warm = 0;
    run_pair(&b, &l, &pb, &pl, key, warm, 0, warm, &reform, &reform_warm);
    CHECK(b.n == l.n && memcmp(b.alive, l.alive, (size_t)b.n) == 0 &&
              b.cost_week == l.cost_week && !reform_warm && reform == 0,
          "growth acted in warm-up: %d vs %d carers, reform %g", b.n, l.n, reform);
    run_pair(&b, &l, &pb, &pl, key, warm, warm, warm + 52, &reform, &reform_warm);
    double diff = l.carers_active - b.carers_active;
    CHECK(fabs(diff - 0.1 * c0) < 0.15 * 0.1 * c0,
          "after a year of 10%% growth: %g more carers, expected about %g", diff, 0.1 * c0);
    CHECK(close_to(reform, 0.1 * c0 * pl.sl_recruit_cost, 1e-9),
          "first-year reform cost %g, expected 10%% of %g carers x %g", reform, c0,
          pl.sl_recruit_cost);
    cs_sl_free(&b);
    cs_sl_free(&l);

    /* Expansion: added_per_100k over the first reported year, then kept. */
    pl = pb;
    pl.sl_added = 5; /* 500 carers for 10 million adults */
    if (sl_setup(&b, &pb, key, 4, a) != 0 || sl_setup(&l, &pl, key, 4, a) != 0)
        return;
    reform = 0;
    reform_warm = 0;
    run_pair(&b, &l, &pb, &pl, key, warm, 0, warm, &reform, &reform_warm);
    CHECK(b.n == l.n && !reform_warm && reform == 0, "expansion acted in warm-up");
    run_pair(&b, &l, &pb, &pl, key, warm, warm, warm + 1, &reform, &reform_warm);
    CHECK(close_to(l.reform_week, 500.0 / 52 * pl.sl_recruit_cost, 1e-12) &&
              close_to(l.cost_week - b.cost_week,
                       l.reform_week + (l.carers_active - b.carers_active) * pl.sl_overhead +
                           (l.places_used - b.places_used) * pl.sl_fee,
                       1e-9),
          "week 0 of the expansion: reform %g, expected %g", l.reform_week,
          500.0 / 52 * pl.sl_recruit_cost);
    run_pair(&b, &l, &pb, &pl, key, warm, warm + 1, warm + 52, &reform, &reform_warm);
    diff = l.carers_active - b.carers_active;
    CHECK(fabs(diff - 500) < 40, "after the expansion year: %g more carers, expected about 500",
          diff);
    CHECK(close_to(reform, 500 * pl.sl_recruit_cost, 1e-9),
          "expansion reform cost %g, expected 500 x %g", reform, pl.sl_recruit_cost);
    double later = 0;
    run_pair(&b, &l, &pb, &pl, key, warm, warm + 52, warm + 260, &later, &reform_warm);
    diff = l.carers_active - b.carers_active;
    CHECK(later == 0, "reform cost %g after the expansion year", later);
    CHECK(diff > 440 && diff < 560, "added carers should be kept: %g more after 5 years", diff);
    cs_sl_free(&b);
    cs_sl_free(&l);

    /* Negative growth: no development cost, and the scheme shrinks. */
    pl = pb;
    pl.sl_growth = -0.2;
    if (sl_setup(&b, &pb, key, 4, a) != 0 || sl_setup(&l, &pl, key, 4, a) != 0)
        return;
    reform = 0;
    run_pair(&b, &l, &pb, &pl, key, warm, 0, warm + 260, &reform, &reform_warm);
    CHECK(reform == 0 && l.carers_active < 0.9 * b.carers_active,
          "negative growth: reform %g, carers %g vs %g", reform, l.carers_active,
          b.carers_active);
    cs_sl_free(&b);
    cs_sl_free(&l);
}

static void test_sl_cost_determinism(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    cs_key key = test_key();
    struct cs_sharedlives sl;
    double a[1] = {100000};

    /* Hand-built case: no turnover, a few placements. */
    p.sl_exit = 0;
    p.sl_recruit = 0;
    p.sl_fee = 600;
    p.sl_overhead = 50;
    if (sl_setup(&sl, &p, key, 1, a) != 0)
        return;
    CHECK(sl.n >= 18 && sl.n <= 20, "19 carers expected for 100,000 adults, got %d", sl.n);
    sl.used[0] = 1;
    sl.used[1] = sl.places[1];
    sl.used[2] = 1;
    double used = 1 + sl.places[1] + 1;
    cs_sl_week(&sl, &p, key, 200, 44);
    CHECK(close_to(sl.cost_week, used * 600 + sl.n * 50.0, 1e-12) && sl.reform_week == 0,
          "cost_week %g, expected %g x 600 + %d x 50", sl.cost_week, used, sl.n);
    sl.alive[2] = 0; /* a carer who left is no longer paid */
    cs_sl_week(&sl, &p, key, 201, 45);
    CHECK(close_to(sl.cost_week, (used - 1) * 600 + (sl.n - 1) * 50.0, 1e-12),
          "cost_week %g after a carer left, expected %g", sl.cost_week,
          (used - 1) * 600 + (sl.n - 1) * 50.0);
    cs_sl_free(&sl);

    /* Determinism: the same inputs and calls give bit-identical state. */
    cs_params_defaults(&p);
    p.sl_growth = 0.05;
    p.sl_added = 3;
    double a3[3] = {300000, 150000, 50000};
    struct cs_sharedlives s1, s2;
    if (sl_setup(&s1, &p, key, 3, a3) != 0 || sl_setup(&s2, &p, key, 3, a3) != 0)
        return;
    uint64_t lcg = 99;
    int same = 1, matched = 0;
    for (int w = 0; w < 300; w++) {
        cs_sl_week(&s1, &p, key, w, w - 100);
        cs_sl_week(&s2, &p, key, w, w - 100);
        for (int j = 0; j < 3; j++) {
            lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
            uint32_t person = (uint32_t)(lcg >> 40);
            int d = (int)((lcg >> 20) % 3);
            int32_t r1 = cs_sl_match(&s1, &p, key, person, w, d);
            int32_t r2 = cs_sl_match(&s2, &p, key, person, w, d);
            same &= r1 == r2;
            matched += r1 >= 0;
        }
        /* Placements end now and then (the model's recount). */
        if (w % 26 == 0)
            for (int32_t c = 0; c < s1.n; c++)
                s1.used[c] = s2.used[c] = (uint8_t)(s1.used[c] / 2);
    }
    size_t n = (size_t)s1.n;
    same &= s1.n == s2.n && memcmp(s1.alive, s2.alive, n) == 0 &&
            memcmp(s1.places, s2.places, n) == 0 && memcmp(s1.used, s2.used, n) == 0 &&
            memcmp(s1.district, s2.district, n) == 0 &&
            memcmp(s1.credit, s2.credit, 3 * sizeof(double)) == 0 &&
            memcmp(&s1.cost_week, &s2.cost_week, sizeof(double)) == 0;
    CHECK(same, "two identical runs differ");
    CHECK(matched > 100, "determinism run should exercise matching (%d matches)", matched);

    /* Another key gives other carers and other draws. */
    struct cs_sharedlives s3;
    cs_key other = cs_rng_key(8, 0, "E10000027");
    if (sl_setup(&s3, &p, other, 3, a3) != 0)
        return;
    for (int w = 0; w < 300; w++)
        cs_sl_week(&s3, &p, other, w, w - 100);
    CHECK(s3.n != s1.n || memcmp(s3.alive, s1.alive, n) != 0 ||
              memcmp(s3.places, s1.places, n) != 0,
          "a different key gave the same carers");
    cs_sl_free(&s1);
    cs_sl_free(&s2);
    cs_sl_free(&s3);
}

/* ---- Homeshare ------------------------------------------------------------ */

static int hs_setup(struct cs_homeshare *hs, const struct cs_params *p, double adults)
{
    char err[256] = "";
    int rc = cs_hs_init(hs, p, adults, err, sizeof err);
    if (rc != 0)
        CHECK(0, "cs_hs_init failed: %s", err);
    return rc;
}

static double cap_p(const struct cs_params *p) { return 1.0 - exp(-1.0 / p->hs_match_weeks); }

static void test_hs_pool(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_homeshare hs;
    char err[256] = "";
    CHECK(cs_hs_init(&hs, &p, 0, err, sizeof err) == -1 && err[0], "zero adults accepted");
    CHECK(cs_hs_init(&hs, &p, NAN, err, sizeof err) == -1, "NaN adults accepted");

    /* No sharers: nobody can be matched. */
    p.hs_sharers = 0;
    if (hs_setup(&hs, &p, 1e6) != 0)
        return;
    CHECK(hs.sharers == 0 && hs.match_p == 0, "the pool should start empty");
    int none = 1;
    for (int w = -20; w < 30; w++) {
        cs_hs_week(&hs, &p, 50000, 0, 0, w);
        none &= hs.match_p == 0 && hs.match_p_eligible == 0 && hs.sharers == 0;
    }
    CHECK(none, "no sharers, yet match_p %g", hs.match_p);
    cs_hs_free(&hs);

    /* Inflow and the two branches of the match probability. */
    cs_params_defaults(&p);
    p.hs_sharers = 5.2;
    p.hs_sharer_exit = 0;
    p.hs_register = 0.01;
    if (hs_setup(&hs, &p, 1e6) != 0)
        return;
    cs_hs_week(&hs, &p, 20000, 0, 0, -5);
    double in = 5.2 * 10 / 52; /* 1 a week */
    CHECK(close_to(hs.inflow, in, 1e-12) && close_to(hs.sharers, in, 1e-12),
          "inflow %g and pool %g, expected %g", hs.inflow, hs.sharers, in);
    /* 200 registered, pool 1: limited by sharers. */
    CHECK(close_to(hs.match_p, 1.0 / 200 * p.hs_success, 1e-12) &&
              close_to(hs.expected_matches, p.hs_success * hs.sharers, 1e-12),
          "sharer-limited match_p %g, expected %g", hs.match_p, p.hs_success / 200);
    CHECK(close_to(hs.match_p_eligible, hs.match_p * 0.01, 1e-12), "match_p_eligible %g",
          hs.match_p_eligible);
    /* 2 registered: limited by how fast a householder can be matched. */
    cs_hs_week(&hs, &p, 200, 0, 0, -4);
    CHECK(close_to(hs.match_p, cap_p(&p) * p.hs_success, 1e-12),
          "householder-limited match_p %g, expected cap x success %g", hs.match_p,
          cap_p(&p) * p.hs_success);
    cs_hs_week(&hs, &p, 0, 0, 0, -3);
    CHECK(close_to(hs.match_p, cap_p(&p) * p.hs_success, 1e-12) && hs.expected_matches == 0,
          "nobody eligible: match_p %g, expected matches %g", hs.match_p, hs.expected_matches);
    cs_hs_free(&hs);
}

static void test_hs_accounting(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hs_sharers = 20;
    p.hs_register = 0.002;
    p.hs_programme = 2e5;
    struct cs_homeshare hs;
    if (hs_setup(&hs, &p, 5e5) != 0)
        return;
    uint64_t s = 4242;
    int exact = 1, bounded = 1;
    for (int w = -100; w < 200; w++) {
        double pool0 = hs.sharers;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t eligible = (int64_t)(s >> 50); /* 0 .. 16383 */
        int64_t matched = (int64_t)floor(hs.expected_matches * (double)((s >> 30) % 200) / 100.0);
        if (matched > (int64_t)floor(pool0))
            matched = (int64_t)floor(pool0);
        cs_hs_week(&hs, &p, eligible, matched, 7, w);
        exact &= close_to(hs.sharers, pool0 - (double)matched - hs.leavers + hs.inflow, 1e-12) &&
                 hs.matched == (double)matched && hs.shortfall == 0;
        bounded &= hs.expected_matches <= hs.sharers * (1 + 1e-12) && hs.match_p >= 0 &&
                   hs.match_p <= 1;
    }
    CHECK(exact, "pool(t) != pool(t-1) - matched - leavers + inflow");
    CHECK(close_to(hs.sharers, hs.inflow_total - hs.matched_total - hs.leavers_total, 1e-9),
          "pool %g vs inflow - matched - leavers %g", hs.sharers,
          hs.inflow_total - hs.matched_total - hs.leavers_total);
    CHECK(bounded, "expected matches above the pool, or match_p outside [0, 1]");
    double before = hs.sharers;
    cs_hs_week(&hs, &p, 500, 0, 7, 200);
    CHECK(close_to(hs.leavers, before * (1 - exp(-p.hs_sharer_exit / 52)), 1e-12),
          "leavers %g, expected pool x weekly(sharer_exit_rate) = %g", hs.leavers,
          before * (1 - exp(-p.hs_sharer_exit / 52)));
    CHECK(hs.matched_total > 0 && hs.leavers_total > 0 && hs.active == 7,
          "accounting run should see matches (%g) and leavers (%g)", hs.matched_total,
          hs.leavers_total);

    /* Matches beyond the pool empty it and are reported, never negative. */
    double pool0 = hs.sharers;
    cs_hs_week(&hs, &p, 1000, (int64_t)pool0 + 5, 0, 200);
    CHECK(close_to(hs.matched, pool0, 1e-12) && close_to(hs.shortfall, (int64_t)pool0 + 5 - pool0, 1e-9) &&
              close_to(hs.sharers, hs.inflow, 1e-12),
          "overdrawn pool: matched %g of %g, shortfall %g, pool %g", hs.matched, pool0,
          hs.shortfall, hs.sharers);
    cs_hs_free(&hs);

    /* Stress: expected matches never exceed the pool. */
    int ok = 1;
    for (int t = 0; t < 300; t++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        cs_params_defaults(&p);
        p.hs_sharers = (double)((s >> 10) % 1000) / 10.0;
        p.hs_register = (double)((s >> 20) % 1001) / 1000.0;
        p.hs_success = (double)((s >> 30) % 101) / 100.0;
        p.hs_match_weeks = 1 + (double)((s >> 40) % 60);
        p.hs_sharer_exit = (double)((s >> 45) % 10);
        if (hs_setup(&hs, &p, 1 + (double)((s >> 8) % 100000)) != 0)
            return;
        for (int w = 0; w < 10; w++) {
            cs_hs_week(&hs, &p, (int64_t)((s >> (w + 3)) % 5000), (int64_t)(hs.expected_matches),
                       0, w - 5);
            ok &= hs.expected_matches <= hs.sharers * (1 + 1e-12) + 1e-12 && hs.match_p >= 0 &&
                  hs.match_p <= cap_p(&p) * p.hs_success * (1 + 1e-12) && hs.sharers >= 0 &&
                  (hs.sharers > 0 || hs.match_p == 0);
        }
    }
    CHECK(ok, "stress: expected matches above the pool or match_p above its cap");
}

static void test_hs_programme(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_homeshare hs;

    /* No programme cost or funded sharers in warm-up. */
    p.hs_programme = 1.04e6;
    p.hs_cost_match = 5200;
    if (hs_setup(&hs, &p, 4e5) != 0)
        return;
    int quiet = 1;
    for (int w = -30; w < 0; w++) {
        cs_hs_week(&hs, &p, 30000, 0, 0, w);
        quiet &= hs.cost_week == 0 && hs.reform_week == 0 && hs.funded == 0;
    }
    CHECK(quiet, "programme cost %g or funded sharers %g in warm-up", hs.cost_week, hs.funded);
    cs_hs_week(&hs, &p, 30000, 0, 0, 0);
    CHECK(close_to(hs.cost_week, 20000, 1e-12) && hs.reform_week == hs.cost_week,
          "programme cost %g a week, expected 1.04e6 / 52", hs.cost_week);
    CHECK(close_to(hs.funded, 200.0 / 52, 1e-12), "funded %g sharers a week, expected 200/52",
          hs.funded);
    cs_hs_free(&hs);
    p.scale = 0.5;
    if (hs_setup(&hs, &p, 2e5) != 0)
        return;
    cs_hs_week(&hs, &p, 15000, 0, 0, 3);
    CHECK(close_to(hs.cost_week, 10000, 1e-12) && close_to(hs.funded, 100.0 / 52, 1e-12),
          "scale 0.5: cost %g and funded %g should halve", hs.cost_week, hs.funded);
    cs_hs_free(&hs);

    /* Where sharers are scarce, match_p rises with the programme. */
    cs_params_defaults(&p);
    p.hs_register = 0.05; /* 500 registered of 10,000 eligible */
    double budgets[4] = {0, 5e4, 2e5, 1e6}, mp[4];
    int rising = 1;
    for (int k = 0; k < 4; k++) {
        p.hs_programme = budgets[k];
        if (hs_setup(&hs, &p, 4e5) != 0)
            return;
        for (int w = -52; w < 52; w++) /* no matches taken: the pool's equilibrium */
            cs_hs_week(&hs, &p, 10000, 0, 0, w);
        mp[k] = hs.match_p;
        if (k > 0)
            rising &= mp[k] > mp[k - 1];
        cs_hs_free(&hs);
    }
    CHECK(rising, "match_p does not rise with programme_gbp: %g %g %g %g", mp[0], mp[1], mp[2],
          mp[3]);
    CHECK(mp[3] <= cap_p(&p) * p.hs_success * (1 + 1e-12), "match_p %g above its cap", mp[3]);

    /* With the defaults householders are the scarcer side: match_p is at its
     * cap with or without the programme (documented behaviour). */
    cs_params_defaults(&p);
    double at[2];
    for (int k = 0; k < 2; k++) {
        p.hs_programme = k ? 1e6 : 0;
        if (hs_setup(&hs, &p, 4e5) != 0)
            return;
        for (int w = -156; w < 52; w++)
            cs_hs_week(&hs, &p, 15000, 0, 0, w);
        at[k] = hs.match_p;
        cs_hs_free(&hs);
    }
    CHECK(close_to(at[0], cap_p(&p) * p.hs_success, 1e-12) && at[1] == at[0],
          "default householder-limited match_p %g / %g, expected cap x success %g", at[0], at[1],
          cap_p(&p) * p.hs_success);

    /* Determinism. */
    cs_params_defaults(&p);
    p.hs_programme = 3e5;
    p.hs_register = 0.01;
    struct cs_homeshare h1, h2;
    if (hs_setup(&h1, &p, 3e5) != 0 || hs_setup(&h2, &p, 3e5) != 0)
        return;
    for (int w = -60; w < 150; w++) {
        cs_hs_week(&h1, &p, 8000 + w, (int64_t)h1.expected_matches, w, w);
        cs_hs_week(&h2, &p, 8000 + w, (int64_t)h2.expected_matches, w, w);
    }
    CHECK(memcmp(&h1, &h2, sizeof h1) == 0 && h1.match_p > 0,
          "two identical Homeshare runs differ (match_p %g)", h1.match_p);
    cs_hs_free(&h1);
    CHECK(h1.sharers == 0 && h1.adults_total == 0, "cs_hs_free zeroes the struct");
}

void test_schemes(void)
{
    test_sl_init();
    test_sl_match();
    test_sl_turnover();
    test_sl_levers();
    test_sl_cost_determinism();
    test_hs_pool();
    test_hs_accounting();
    test_hs_programme();
}
