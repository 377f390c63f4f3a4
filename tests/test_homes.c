/*
 * test_homes.c — care homes (sim/homes.c): the initial stock (beds for the
 * starting residents, small and large homes), admission (type, capacity,
 * district, the council-acceptance rule), weekly finances, closures under
 * losses and a fee cut (small homes first), entry when beds are short,
 * decommissioning at year boundaries, pay and costs, and determinism.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cs_homes.h"
#include "cs_params.h"
#include "cs_rng.h"

static int close_to(double a, double b, double rel)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= rel * (m > 1 ? m : 1);
}

static cs_key key1(void) { return cs_rng_key(1, 0, "E10000027"); }

static int setup(struct cs_homes *h, const struct cs_params *p, int nd, const int32_t *res)
{
    char err[256] = "";
    int rc = cs_homes_init(h, p, key1(), nd, res, err, sizeof err);
    CHECK(rc == 0, "cs_homes_init failed: %s", err);
    return rc;
}

/* Beds (or residents) of alive homes of type t, in district d (-1: all). */
static long sum_beds(const struct cs_homes *h, int t, int d)
{
    long s = 0;
    for (int32_t i = 0; i < h->n; i++)
        if (h->alive[i] && h->nursing[i] == t && (d < 0 || h->district[i] == d))
            s += h->beds[i];
    return s;
}

/* The model's weekly recount, held constant: each alive home at occupancy
 * occ (rounded), a share cshare of them council-funded. */
static void recount(struct cs_homes *h, double occ, double cshare)
{
    for (int32_t i = 0; i < h->n; i++) {
        if (!h->alive[i])
            continue;
        h->occupied[i] = (int32_t)lround(occ * h->beds[i]);
        h->council[i] = (int32_t)lround(cshare * h->occupied[i]);
    }
}

static void test_init(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_homes h;
    int32_t res[8] = {400, 150, 0, 80, 1200, 0, 1, 1};
    if (setup(&h, &p, 4, res) != 0)
        return;
    int near = 1, empty = 1, sizes = 1;
    int maxb = (int)lround(2 * p.hm_large_beds) - p.hm_small_beds - 1;
    for (int d = 0; d < 4; d++)
        for (int t = 0; t < 2; t++) {
            long b = sum_beds(&h, t, d), need = (long)ceil(res[2 * d + t] / p.hm_occ0);
            /* whole homes: the last one is kept or dropped, so the beds are
             * within one home of the target */
            near &= b > need - maxb && b < need + maxb;
            if (res[2 * d + t] == 0)
                empty &= b == 0;
        }
    CHECK(near, "some district/type's beds are a whole home or more from residents / occupancy");
    CHECK(empty, "a district/type with no residents got homes");
    int zero = 1;
    for (int32_t i = 0; i < h.n; i++) {
        zero &= h.alive[i] && h.occupied[i] == 0 && h.council[i] == 0 && h.reserves[i] >= 0;
        int b = h.beds[i];
        sizes &= h.small[i] ? (b >= p.hm_small_beds / 4 && b <= p.hm_small_beds)
                            : (b > p.hm_small_beds && b <= maxb);
    }
    CHECK(zero, "init must leave homes open, empty, with reserves >= 0");
    CHECK(sizes, "a home's size is outside its class's range");
    CHECK(h.pay_index == 1.0 && h.occ_smooth[0] == p.hm_occ0, "initial pay index / smoothing");
    cs_homes_free(&h);
    cs_homes_free(&h);
    CHECK(h.n == 0 && h.beds == NULL, "free leaves the struct zeroed");

    /* Expected beds per resident do not depend on how many residents a
     * district has (the sample's size at --scale): 250 districts of 4
     * residential and 30 nursing residents get, in all, the beds the same
     * residents would get in a large district, residents / occupancy, with
     * homes of their real sizes (the same small share). */
    int32_t few[500];
    for (int d = 0; d < 250; d++) { few[2 * d] = 4; few[2 * d + 1] = 30; }
    if (setup(&h, &p, 250, few) != 0)
        return;
    for (int t = 0; t < 2; t++) {
        double want = 250 * (double)(t ? 30 : 4) / p.hm_occ0, got = (double)sum_beds(&h, t, -1);
        /* keeping or dropping a home of b beds for the last g needed has
         * variance g b - g^2 < target x the largest home: 4 sd of the sum */
        double tol = 4 * sqrt(250 * ceil((t ? 30 : 4) / p.hm_occ0) * maxb);
        CHECK(fabs(got - want) < tol,
              "districts of few %s residents got %g beds, expected about %g",
              t ? "nursing" : "residential", got, want);
    }
    int few_small = 0;
    for (int32_t i = 0; i < h.n; i++) few_small += h.small[i];
    CHECK(fabs((double)few_small / h.n - p.hm_small_share) < 0.1,
          "small districts' homes are %.2f small, homes.small_share %.2f", (double)few_small / h.n,
          p.hm_small_share);
    cs_homes_free(&h);

    /* The small share and the large mean, over many homes. */
    int32_t big[2] = {30000, 30000};
    if (setup(&h, &p, 1, big) != 0)
        return;
    long n_small = 0, n_large = 0, large_beds = 0;
    for (int32_t i = 0; i < h.n; i++) {
        if (h.small[i]) n_small++;
        else { n_large++; large_beds += h.beds[i]; }
    }
    double share = (double)n_small / (double)h.n, mean = (double)large_beds / (double)n_large;
    CHECK(fabs(share - p.hm_small_share) < 0.05, "small share %g, parameter %g", share,
          p.hm_small_share);
    CHECK(fabs(mean - p.hm_large_beds) < 2, "large homes average %g beds, parameter %g", mean,
          p.hm_large_beds);
    /* Starting reserves: uniform in [0, 2 × start_reserve_weeks] weeks of
     * the home's cost at normal occupancy. */
    double ratio_sum = 0;
    int in_range = 1;
    for (int32_t i = 0; i < h.n; i++) {
        double r = (h.small[i] ? p.hm_small_cost : 1.0) * (h.nursing[i] ? p.hm_nurse_cost : 1.0);
        double normal = (p.hm_fixed * r +
                         p.hm_var * (h.nursing[i] ? p.hm_nurse_cost : 1.0) * p.hm_occ0) * h.beds[i];
        double weeks = h.reserves[i] / normal;
        in_range &= weeks >= 0 && weeks <= 2 * p.hm_reserve0;
        ratio_sum += weeks;
    }
    CHECK(in_range, "a home's starting reserves are outside [0, 2 x start_reserve_weeks]");
    CHECK(fabs(ratio_sum / h.n - p.hm_reserve0) < 0.3, "homes start with %g weeks of reserves "
          "on average, expected %g", ratio_sum / h.n, p.hm_reserve0);
    long small_beds = 0;
    for (int32_t i = 0; i < h.n; i++) small_beds += h.small[i] ? h.beds[i] : 0;
    CHECK(small_beds * 3 < (sum_beds(&h, 0, -1) + sum_beds(&h, 1, -1)),
          "small homes should hold few of the beds (%ld)", small_beds);
    cs_homes_free(&h);
    p.hm_small_share = 0.7;
    if (setup(&h, &p, 1, big) != 0)
        return;
    n_small = 0;
    for (int32_t i = 0; i < h.n; i++) n_small += h.small[i];
    CHECK(fabs((double)n_small / h.n - 0.7) < 0.05, "small share %g at parameter 0.7",
          (double)n_small / h.n);
    cs_homes_free(&h);

    /* Bad arguments are refused. */
    char err[256] = "";
    int32_t neg[2] = {10, -1};
    CHECK(cs_homes_init(&h, &p, key1(), 1, neg, err, sizeof err) == -1 &&
              strstr(err, "nursing") != NULL, "negative residents accepted (%s)", err);
    CHECK(cs_homes_init(&h, &p, key1(), 0, neg, err, sizeof err) == -1, "0 districts accepted");
    CHECK(cs_homes_init(&h, &p, key1(), 256, neg, err, sizeof err) == -1,
          "256 districts accepted");
}

static void test_admission(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_homes h;
    int32_t res[4] = {100, 50, 100, 50};
    if (setup(&h, &p, 2, res) != 0)
        return;
    cs_key k = key1();
    long free_r0 = sum_beds(&h, 0, 0), free_r1 = sum_beds(&h, 0, 1);
    long free_n0 = sum_beds(&h, 1, 0), free_n1 = sum_beds(&h, 1, 1);

    /* Residential self-funders from district 0: their district's residential
     * homes, then residential elsewhere, then nursing here, then anywhere. */
    int order = 1, over = 0;
    long placed = 0;
    int32_t got;
    uint32_t person = 0;
    while ((got = cs_homes_admit(&h, &p, k, person++, 5, 0, 0, 0)) >= 0) {
        int stage = placed < free_r0 ? 0 : placed < free_r0 + free_r1 ? 1
                  : placed < free_r0 + free_r1 + free_n0 ? 2 : 3;
        int want_t = stage >= 2, want_d = stage % 2;
        order &= h.nursing[got] == want_t && h.district[got] == want_d;
        placed++;
    }
    for (int32_t i = 0; i < h.n; i++) over |= h.occupied[i] > h.beds[i];
    CHECK(order, "admissions did not follow district then type fall-back");
    CHECK(placed == free_r0 + free_r1 + free_n0 + free_n1,
          "placed %ld residents, beds %ld", placed, free_r0 + free_r1 + free_n0 + free_n1);
    CHECK(!over, "a home has more residents than beds");
    CHECK(cs_homes_admit(&h, &p, k, 99999, 5, 1, 0, 1) == -1, "full homes still admit");
    cs_homes_free(&h);

    /* A nursing person never goes to a residential home. */
    int32_t res2[2] = {100, 20};
    if (setup(&h, &p, 1, res2) != 0)
        return;
    int only_nursing = 1;
    while ((got = cs_homes_admit(&h, &p, k, person++, 5, 1, 0, 0)) >= 0)
        only_nursing &= h.nursing[got] == 1;
    CHECK(only_nursing, "a nursing admission went to a residential home");
    CHECK(cs_homes_admit(&h, &p, k, person++, 5, 0, 0, 0) >= 0,
          "residential beds were free but a residential person was refused");
    /* occupied always rises; council only for a council-funded person. */
    int32_t a1 = cs_homes_admit(&h, &p, k, person++, 6, 0, 1, 0);
    int32_t c1 = a1 >= 0 ? h.council[a1] : -1, o1 = a1 >= 0 ? h.occupied[a1] : -1;
    int32_t a2 = a1 >= 0 ? cs_homes_admit(&h, &p, k, person++, 6, 0, 0, 0) : -1;
    CHECK(a1 >= 0 && c1 == 1 && o1 >= 1, "a council admission did not count (home %d, council %d)",
          a1, c1);
    CHECK(a2 >= 0 && h.council[a2] == (a2 == a1 ? 1 : 0),
          "a self-funder admission changed the council count");
    /* No district preference when the district is out of range. */
    CHECK(cs_homes_admit(&h, &p, k, person++, 5, 0, 0, 7) >= 0, "district 7 refused");
    cs_homes_free(&h);

    /* Weighted by free beds: two residential homes, 40 and 10 free. */
    int32_t res3[2] = {120, 0};
    p.hm_small_share = 0;
    if (setup(&h, &p, 1, res3) != 0)
        return;
    int ok = h.n >= 2;
    CHECK(ok, "expected at least two homes, got %d", h.n);
    if (!ok) { cs_homes_free(&h); return; }
    for (int32_t i = 2; i < h.n; i++) h.alive[i] = 0;
    h.beds[0] = 50; h.occupied[0] = 10;
    h.beds[1] = 50; h.occupied[1] = 40;
    long to0 = 0, trials = 4000, same = 1;
    for (long j = 0; j < trials; j++) {
        int32_t a = cs_homes_admit(&h, &p, k, (uint32_t)(1000 + j), 3, 0, 0, 0);
        if (a < 0) { same = 0; break; }
        h.occupied[a]--; /* undo, so every trial sees the same homes */
        to0 += a == 0;
        int32_t b = cs_homes_admit(&h, &p, k, (uint32_t)(1000 + j), 3, 0, 0, 0);
        same &= a == b;
        h.occupied[b]--;
    }
    CHECK(fabs((double)to0 / trials - 0.8) < 0.03,
          "home with 40 of 50 free beds got %g of admissions, expected 0.8", (double)to0 / trials);
    CHECK(same, "the same person in the same week went to different homes");
    cs_homes_free(&h);
}

static void test_council_rule(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_small_share = 0; /* large homes only */
    struct cs_homes h;
    int32_t res[2] = {400, 0};
    if (setup(&h, &p, 1, res) != 0)
        return;
    cs_key k = key1();
    uint32_t person = 500;

    /* Nearly full, half council-funded. At default fees the mix is affordable. */
    for (int32_t i = 0; i < h.n; i++) {
        h.occupied[i] = h.beds[i] - 1;
        h.council[i] = h.occupied[i] / 2;
    }
    double uc = cs_homes_unit_cost(&h, &p, 0);
    CHECK(p.res_fee < uc && uc < p.res_fee_private,
          "default unit cost %g should lie between the council and private fees", uc);
    int32_t a = cs_homes_admit(&h, &p, k, person++, 1, 0, 1, 0);
    CHECK(a >= 0, "at default fees a half-council, nearly full home refused a council resident");
    if (a >= 0) { h.occupied[a]--; h.council[a]--; }

    /* A council fee well below cost: nearly full homes refuse council
     * residents but take a self-funder. */
    p.res_fee = 500;
    CHECK(cs_homes_admit(&h, &p, k, person++, 1, 0, 1, 0) == -1,
          "a fee far below cost, yet a nearly full home took a council resident");
    a = cs_homes_admit(&h, &p, k, person++, 1, 0, 0, 0);
    CHECK(a >= 0, "a nearly full home refused a self-funder");
    if (a >= 0) h.occupied[a]--;
    /* ... unless their council share is low, */
    for (int32_t i = 0; i < h.n; i++) h.council[i] = h.occupied[i] / 10;
    a = cs_homes_admit(&h, &p, k, person++, 1, 0, 1, 0);
    CHECK(a >= 0, "a home with 10%% council residents refused one at fee 500");
    if (a >= 0) { h.occupied[a]--; h.council[a]--; }
    /* ... or they have many empty beds (below accept_occupancy). */
    for (int32_t i = 0; i < h.n; i++) {
        h.occupied[i] = h.beds[i] / 2;
        h.council[i] = h.occupied[i];
    }
    a = cs_homes_admit(&h, &p, k, person++, 1, 0, 1, 0);
    CHECK(a >= 0, "a half-empty home refused a council resident at fee 500");
    if (a >= 0) { h.occupied[a]--; h.council[a]--; }
    /* A council fee that covers costs: accepted even when all are council. */
    for (int32_t i = 0; i < h.n; i++) {
        h.occupied[i] = h.beds[i] - 1;
        h.council[i] = h.occupied[i];
    }
    p.res_fee = p.res_fee_private + 100; /* above cost, and above the private fee */
    CHECK(cs_homes_admit(&h, &p, k, person++, 1, 0, 1, 0) >= 0,
          "a council fee above cost, yet a council resident was refused");
    for (int32_t i = 0; i < h.n; i++) h.occupied[i] = h.beds[i] - 1;
    p.res_fee = 908;
    CHECK(cs_homes_admit(&h, &p, k, person++, 1, 0, 1, 0) == -1,
          "all-council nearly full homes took another at the default fee");

    /* Pay raises unit cost (through the last pay_index given). */
    h.pay_index = 1.3;
    double uc13 = cs_homes_unit_cost(&h, &p, 0);
    double pf = (1 - p.hm_staff + p.hm_staff * 1.3) / 1.0;
    CHECK(close_to(uc13, uc * pf, 1e-12), "unit cost at pay 1.3 is %g, expected %g", uc13, uc * pf);
    CHECK(cs_homes_fee(&h, &p, 0, 1) == p.res_fee && cs_homes_fee(&h, &p, 0, 0) == p.res_fee_private,
          "cs_homes_fee of a residential home");
    cs_homes_free(&h);
}

static void test_finances(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_close_rate = 0;
    struct cs_homes h;
    int32_t res[2] = {40, 40};
    if (setup(&h, &p, 1, res) != 0)
        return;
    /* Hand-built: home 0 residential large 50 beds, home 1 nursing small 12. */
    for (int32_t i = 2; i < h.n; i++) { h.alive[i] = 0; h.beds[i] = 0; }
    h.nursing[0] = 0; h.small[0] = 0; h.beds[0] = 50; h.occupied[0] = 44; h.council[0] = 22;
    h.nursing[1] = 1; h.small[1] = 1; h.beds[1] = 12; h.occupied[1] = 10; h.council[1] = 7;
    h.reserves[0] = 1000; h.reserves[1] = 2000;
    cs_homes_week(&h, &p, key1(), 10, -5, 1.0);
    double rev0 = 22 * 908.0 + 22 * 1278.0, cost0 = p.hm_fixed * 50 + p.hm_var * 44;
    double fnc = 10 * 235.88;
    double rev1 = 7 * 1225.0 + 3 * 1594.0 + fnc;
    double cost1 = p.hm_fixed * p.hm_small_cost * p.hm_nurse_cost * 12 + p.hm_var * p.hm_nurse_cost * 10;
    CHECK(close_to(h.revenue[0], rev0, 1e-12), "residential revenue %g, expected %g", h.revenue[0], rev0);
    CHECK(close_to(h.cost[0], cost0, 1e-12), "residential cost %g, expected %g", h.cost[0], cost0);
    CHECK(close_to(h.revenue[1], rev1, 1e-12), "nursing revenue %g, expected %g", h.revenue[1], rev1);
    CHECK(close_to(h.cost[1], cost1, 1e-12), "nursing cost %g, expected %g", h.cost[1], cost1);
    CHECK(close_to(h.reserves[0], 1000 + rev0 - cost0, 1e-12), "reserves %g", h.reserves[0]);
    CHECK(close_to(h.fnc_week, fnc, 1e-12), "fnc_week %g, expected %g", h.fnc_week, fnc);
    CHECK(close_to(h.revenue_week, rev0 + rev1, 1e-12) && close_to(h.cost_week, cost0 + cost1, 1e-12),
          "weekly totals %g %g", h.revenue_week, h.cost_week);
    CHECK(h.occupied_total == 54 && h.nursing_occupied == 10 && h.beds_total == 62,
          "totals: occupied %d nursing %d beds %d", h.occupied_total, h.nursing_occupied,
          h.beds_total);
    /* The calibration: a thin margin for a large home, less for a small one. */
    double m0 = (rev0 - cost0) / rev0;
    CHECK(m0 > 0 && m0 < 0.10, "large residential margin %g at 88%% and half council", m0);
    h.small[0] = 1;
    cs_homes_week(&h, &p, key1(), 11, -4, 1.0);
    double ms = (h.revenue[0] - h.cost[0]) / h.revenue[0];
    CHECK(ms < m0 && ms > -0.02, "small residential margin %g, large %g", ms, m0);
    h.small[0] = 0;
    /* Pay: costs rise by the staff share, revenue does not. */
    cs_homes_week(&h, &p, key1(), 12, -3, 1.25);
    double pf = 1 - p.hm_staff + p.hm_staff * 1.25;
    CHECK(close_to(h.cost[0], cost0 * pf, 1e-12), "cost at pay 1.25 is %g, expected %g",
          h.cost[0], cost0 * pf);
    CHECK(close_to(h.revenue[0], rev0, 1e-12), "pay changed revenue");
    /* Residents beyond beds are costed like open beds. */
    h.beds[0] = 40;
    cs_homes_week(&h, &p, key1(), 13, -2, 1.0);
    CHECK(close_to(h.cost[0], cost0 - p.hm_fixed * 6, 1e-12), "cost with 44 residents in 40 beds %g",
          h.cost[0]);
    cs_homes_free(&h);
}

/* Run weeks with a constant recount; returns closures by size class. */
static void run_closures(const struct cs_params *p, double pay, int weeks, long *closed_small,
                         long *n_small, long *closed_large, long *n_large)
{
    struct cs_homes h;
    int32_t res[4] = {3000, 0, 3000, 0};
    *closed_small = *closed_large = *n_small = *n_large = 0;
    if (setup(&h, p, 2, res) != 0)
        return;
    for (int32_t i = 0; i < h.n; i++) (h.small[i] ? (*n_small)++ : (*n_large)++);
    for (int w = 0; w < weeks; w++) {
        recount(&h, 0.88, 0.5);
        cs_homes_week(&h, p, key1(), w, w, pay);
    }
    for (int32_t i = 0; i < h.n; i++)
        if (!h.alive[i]) (h.small[i] ? (*closed_small)++ : (*closed_large)++);
    cs_homes_free(&h);
}

static void test_closures(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_close_rate = 0;
    p.hm_small_share = 0.5;
    p.hm_entry_occ = 1.0; /* no openings here */
    struct cs_homes h;
    int32_t res[2] = {500, 0};

    /* Sustained losses close homes; the rule is reserves < −exit × cost. */
    p.res_fee = 300;
    if (setup(&h, &p, 1, res) != 0)
        return;
    int rule_ok = 1, zeroed = 1, disp_ok = 1;
    int32_t n0 = h.n;
    for (int w = 0; w < 300; w++) {
        recount(&h, 0.9, 0.5);
        uint8_t was[4096];
        int32_t occ[4096];
        for (int32_t i = 0; i < h.n && i < 4096; i++) { was[i] = h.alive[i]; occ[i] = h.occupied[i]; }
        cs_homes_week(&h, &p, key1(), w, w, 1.0);
        long disp = 0;
        for (int32_t i = 0; i < h.n && i < 4096; i++) {
            if (was[i] && !h.alive[i]) {
                rule_ok &= h.reserves[i] < -p.hm_exit * h.cost[i];
                zeroed &= h.beds[i] == 0 && h.occupied[i] == 0 && h.council[i] == 0;
                disp += occ[i];
            } else if (h.alive[i]) {
                rule_ok &= h.reserves[i] >= -p.hm_exit * h.cost[i];
            }
        }
        disp_ok &= disp == h.displaced;
    }
    int open = 0;
    for (int32_t i = 0; i < n0; i++) open += h.alive[i];
    CHECK(open == 0, "%d of the first %d homes still open after 300 weeks at a fee of 300", open,
          n0);
    CHECK(rule_ok, "a home closed above, or stayed open below, the reserve threshold");
    CHECK(zeroed, "a closed home kept beds or residents");
    CHECK(disp_ok, "displaced does not count the residents of closed homes");
    cs_homes_free(&h);

    /* A council fee cut: small homes close more, as a share, than large. */
    p.res_fee = 908;
    p.hm_reserve0 = 2;
    p.hm_exit = 2;
    long cs0, ns0, cl0, nl0, cs1, ns1, cl1, nl1;
    run_closures(&p, 1.0, 104, &cs0, &ns0, &cl0, &nl0);
    p.res_fee = 800;
    run_closures(&p, 1.0, 104, &cs1, &ns1, &cl1, &nl1);
    CHECK(ns1 > 20 && nl1 > 20, "too few homes (%ld small, %ld large)", ns1, nl1);
    CHECK(cl0 == 0, "%ld large homes closed at default fees", cl0);
    CHECK(cs1 + cl1 > cs0 + cl0, "a fee cut did not add closures (%ld vs %ld)", cs1 + cl1,
          cs0 + cl0);
    double s_small = (double)cs1 / (double)ns1, s_large = (double)cl1 / (double)nl1;
    CHECK(s_small > s_large + 0.1, "after the cut %g of small and %g of large homes closed",
          s_small, s_large);

    /* Pay above baseline at unchanged fees: closures do not fall, and rise. */
    p.res_fee = 908;
    long cs2, ns2, cl2, nl2;
    run_closures(&p, 1.15, 104, &cs2, &ns2, &cl2, &nl2);
    CHECK(cs2 + cl2 >= cs0 + cl0 && cs2 + cl2 > 0,
          "pay 1.15: %ld closures, pay 1.0: %ld", cs2 + cl2, cs0 + cl0);

    /* Background hazard: about 1 − exp(−rate) of homes close in a year. */
    cs_params_defaults(&p);
    p.hm_close_rate = 0.5;
    p.hm_entry_occ = 1.0;
    int32_t many[2] = {5000, 5000};
    if (setup(&h, &p, 1, many) != 0)
        return;
    n0 = h.n;
    long closed = 0;
    for (int w = 0; w < 52; w++) {
        recount(&h, 0.88, 0.3);
        cs_homes_week(&h, &p, key1(), w, w - 60, 1.0);
        closed += h.closures;
    }
    double share = (double)closed / n0;
    CHECK(fabs(share - (1 - exp(-0.5))) < 0.06, "background closures %g in a year, expected %g",
          share, 1 - exp(-0.5));
    cs_homes_free(&h);
}

static void test_entry(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_close_rate = 0;
    struct cs_homes h;
    /* District 1 full, district 0 at about 0.93: overall above 0.95. */
    int32_t res[4] = {100, 100, 600, 600};
    if (setup(&h, &p, 2, res) != 0)
        return;
    int32_t n0 = h.n, size = (int32_t)lround(p.hm_large_beds);
    int rounds[2] = {0, 0}, first = -1, right = 1, lag_ok = 1, reserves_ok = 1, round_ok = 1;
    int last[2] = {-1000, -1000}, count_ok = 1;
    for (int w = 0; w < 52; w++) {
        for (int32_t i = 0; i < h.n; i++) {
            double o = h.district[i] == 0 ? 0.93 : 1.0;
            h.occupied[i] = i < n0 ? (int32_t)lround(o * h.beds[i]) : h.beds[i];
            h.council[i] = h.occupied[i] / 2;
        }
        int32_t before = h.n;
        cs_homes_week(&h, &p, key1(), w, w - 100, 1.0);
        count_ok &= h.openings == h.n - before;
        for (int t = 0; t < 2; t++) {
            int32_t n_new = 0, first_new = -1;
            for (int32_t i = before; i < h.n; i++) {
                if (h.nursing[i] != t) continue;
                n_new++;
                if (first_new < 0) first_new = i;
                right &= h.alive[i] && h.occupied[i] == 0 && h.beds[i] == size && !h.small[i];
                double r = t ? p.hm_nurse_cost : 1.0;
                double normal = (p.hm_fixed * r + p.hm_var * r * p.hm_occ0) * h.beds[i];
                reserves_ok &= close_to(h.reserves[i], p.hm_reserve0 * normal, 1e-12);
            }
            if (n_new == 0) continue;
            rounds[t]++;
            lag_ok &= w - last[t] >= p.hm_entry_lag;
            last[t] = w;
            if (first < 0) first = w;
            right &= h.district[first_new] == 1; /* the fullest district first */
            /* The round is the shortfall from normal occupancy in homes,
             * rounded down or up. */
            double after = h.beds_by_type[t], bef = after - (double)n_new * size;
            double x = (h.occ_smooth[t] * bef / p.hm_occ0 - bef) / size;
            round_ok &= n_new == (int32_t)floor(x) || n_new == (int32_t)floor(x) + 1;
        }
    }
    CHECK(count_ok, "openings does not count the homes added");
    CHECK(rounds[0] >= 1 && rounds[1] >= 1, "no opening at high occupancy (%d, %d)", rounds[0],
          rounds[1]);
    CHECK(rounds[0] <= 2 && rounds[1] <= 2 && lag_ok, "rounds of openings came faster than the lag");
    CHECK(first > 0, "opened in the first week (smoothing should delay entry)");
    CHECK(right, "a new home is not a large empty home, or a round did not start in the fullest district");
    CHECK(round_ok, "a round of openings is not the shortfall in homes, rounded down or up");
    CHECK(h.n - n0 > rounds[0] + rounds[1], "a round opened only one home each time (%d homes)",
          h.n - n0);
    CHECK(reserves_ok, "a new home's reserves are not start_reserve_weeks of its normal cost");
    cs_homes_free(&h);

    /* Low occupancy: no openings in two years. */
    if (setup(&h, &p, 2, res) != 0)
        return;
    int any = 0;
    for (int w = 0; w < 104; w++) {
        recount(&h, 0.85, 0.5);
        cs_homes_week(&h, &p, key1(), w, w, 1.0);
        any += h.openings;
    }
    CHECK(any == 0, "%d openings at 85%% occupancy", any);
    cs_homes_free(&h);

    /* Full, but self-funder fees below a new home's costs: no openings. */
    p.res_fee_private = 900;
    p.hm_nfee_private = 1000;
    p.hm_exit = 520;
    if (setup(&h, &p, 2, res) != 0)
        return;
    any = 0;
    for (int w = 0; w < 104; w++) {
        recount(&h, 1.0, 0.5);
        cs_homes_week(&h, &p, key1(), w, w, 1.0);
        any += h.openings;
    }
    CHECK(any == 0, "%d openings when private fees do not cover costs", any);
    cs_homes_free(&h);

    /* Demand with no beds at all (people waiting) brings a home. */
    cs_params_defaults(&p);
    int32_t none[2] = {0, 0};
    if (setup(&h, &p, 1, none) != 0)
        return;
    CHECK(h.n == 0, "homes without residents");
    CHECK(cs_homes_admit(&h, &p, key1(), 1, 0, 0, 0, 0) == -1, "admitted with no homes");
    for (int w = 0; w < 30 && h.n == 0; w++) {
        h.waiting[0] = 5;
        cs_homes_week(&h, &p, key1(), w, w, 1.0);
    }
    CHECK(h.n == 1 && h.nursing[0] == 0, "people waiting and no beds: no residential home opened");
    CHECK(h.waiting[0] == 0, "waiting is an input for one week and should be zeroed");
    cs_homes_free(&h);
}

/* Expected new beds in a round are the shortfall, whatever the market's size:
 * a small market (150 residential beds, a tenth of a full-scale one's, as at
 * --scale 0.1) short of 0.3 of a home opens one with probability 0.3, not one
 * every round. Each trial is the same market in a different week (the draw is
 * keyed on the week); the lag is reset between them. */
static void test_entry_expected(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_close_rate = 0;
    p.hm_small_share = 0;
    struct cs_homes h;
    int32_t res[2] = {132, 0};
    if (setup(&h, &p, 1, res) != 0)
        return;
    int32_t n0 = h.n, size = (int32_t)lround(p.hm_large_beds);
    long opened = 0;
    double expected = 0;
    int trials = 2000;
    for (int k = 0; k < trials; k++) {
        h.n = n0;   /* the homes a trial opened are forgotten */
        recount(&h, 1.0, 0.5);
        h.last_entry[0] = h.last_entry[1] = -1000000;
        double bef = (double)sum_beds(&h, 0, -1);
        /* smoothed occupancy 0.97 after this week's update at full occupancy */
        h.occ_smooth[0] = (0.97 * p.hm_smooth - 1.0) / (p.hm_smooth - 1.0);
        cs_homes_week(&h, &p, key1(), 1000 + k, 1000 + k, 1.0);
        expected += (h.occ_smooth[0] * bef / p.hm_occ0 - bef) / size;
        opened += h.openings;
    }
    double mean_x = expected / trials, mean = (double)opened / trials;
    CHECK(mean_x > 0.05 && mean_x < 0.95, "the test's shortfall is %g homes, meant to be a fraction",
          mean_x);
    /* Bernoulli(x): sd sqrt(x(1-x)/trials) < 0.012 */
    CHECK(fabs(mean - mean_x) < 0.05,
          "a round short of %.3f of a home opened %.3f homes on average", mean_x, mean);
    cs_homes_free(&h);
}

static void test_decommission(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_close_rate = 0;
    p.hm_decom = 0.1;
    p.res_fee_private = p.hm_nfee_private = 2500; /* no losses, so no closures here */
    p.hm_entry_occ = 1.0;                       /* and no openings */
    struct cs_homes h;
    int32_t res[4] = {700, 300, 500, 200};
    if (setup(&h, &p, 2, res) != 0)
        return;
    long r0 = sum_beds(&h, 0, -1), n0 = sum_beds(&h, 1, -1);
    for (int w = -60; w <= 51; w++) { /* warm-up (week -52 included) and the first year */
        recount(&h, 0.8, 0.5);
        cs_homes_week(&h, &p, key1(), w + 200, w, 1.0);
    }
    CHECK(sum_beds(&h, 0, -1) == r0 && h.openings == 0 && h.closures == 0,
          "residential beds changed before the first year boundary: %ld vs %ld",
          sum_beds(&h, 0, -1), r0);
    recount(&h, 0.8, 0.5);
    int32_t occ_before = 0;
    for (int32_t i = 0; i < h.n; i++) occ_before += h.occupied[i];
    cs_homes_week(&h, &p, key1(), 252, 52, 1.0);
    long r1 = sum_beds(&h, 0, -1), want = lround(0.1 * (double)r0);
    CHECK(r1 == r0 - want, "residential beds %ld after decommissioning, expected %ld", r1,
          r0 - want);
    CHECK(h.decommissioned == want, "decommissioned %d, expected %ld", h.decommissioned, want);
    CHECK(sum_beds(&h, 1, -1) == n0, "nursing beds changed: %ld vs %ld", sum_beds(&h, 1, -1), n0);
    int32_t occ_after = 0;
    for (int32_t i = 0; i < h.n; i++) occ_after += h.occupied[i];
    CHECK(occ_after == occ_before, "decommissioning moved residents (%d vs %d)", occ_after,
          occ_before);
    /* Residents stay in withdrawn beds; no one is admitted there. */
    int32_t home = -1;
    for (int32_t i = 0; i < h.n && home < 0; i++)
        if (h.alive[i] && !h.nursing[i]) home = i;
    if (home >= 0) {
        h.occupied[home] = h.beds[home] + 3;
        for (int32_t i = 0; i < h.n; i++)
            if (i != home) h.alive[i] = 0;
        CHECK(cs_homes_admit(&h, &p, key1(), 77, 253, 0, 0, 0) == -1,
              "a home with more residents than beds admitted someone");
        CHECK(h.occupied[home] == h.beds[home] + 3, "residents above beds were changed");
    }
    cs_homes_free(&h);

    /* A share of 1 withdraws every residential bed; empty homes then close. */
    p.hm_decom = 1.0;
    if (setup(&h, &p, 2, res) != 0)
        return;
    recount(&h, 0.0, 0.0);
    cs_homes_week(&h, &p, key1(), 300, 104, 1.0);
    CHECK(sum_beds(&h, 0, -1) == 0 && h.beds_by_type[1] == n0, "share 1: %ld residential beds left",
          sum_beds(&h, 0, -1));
    int res_open = 0;
    for (int32_t i = 0; i < h.n; i++) res_open += h.alive[i] && !h.nursing[i];
    CHECK(res_open == 0, "%d empty residential homes with no beds stayed open", res_open);
    cs_homes_free(&h);
}

/* A busy run touching every rule, for determinism. */
static void busy_run(struct cs_homes *h, const struct cs_params *p, cs_key k)
{
    char err[256];
    int32_t res[6] = {300, 120, 250, 90, 80, 40};
    if (cs_homes_init(h, p, k, 3, res, err, sizeof err) != 0)
        return;
    uint32_t person = 0;
    for (int k2 = 0; k2 < 880; k2++)
        cs_homes_admit(h, p, k, person++, 0, k2 % 4 == 0, k2 % 2, k2 % 3);
    for (int w = 0; w < 160; w++) {
        for (int32_t i = 0; i < h->n; i++) /* departures */
            if (h->alive[i] && h->occupied[i] > 0 && (i + w) % 7 == 0) {
                h->occupied[i]--;
                if (h->council[i] > h->occupied[i]) h->council[i] = h->occupied[i];
            }
        for (int j = 0; j < 12; j++)
            cs_homes_admit(h, p, k, person++, w, j % 3 == 0, j % 2, j % 3);
        cs_homes_week(h, p, k, w, w - 52, 1.0 + 0.001 * w);
    }
}

static void test_determinism(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.hm_close_rate = 0.1;
    p.hm_decom = 0.05;
    p.res_fee = 850;
    struct cs_homes a, b;
    busy_run(&a, &p, key1());
    busy_run(&b, &p, key1());
    int same = a.n == b.n && a.n > 0;
    size_t n = (size_t)a.n;
    same = same && memcmp(a.alive, b.alive, n) == 0 && memcmp(a.beds, b.beds, n * 4) == 0 &&
           memcmp(a.occupied, b.occupied, n * 4) == 0 && memcmp(a.council, b.council, n * 4) == 0 &&
           memcmp(a.reserves, b.reserves, n * sizeof(double)) == 0 &&
           memcmp(a.occ_smooth, b.occ_smooth, sizeof a.occ_smooth) == 0 &&
           a.revenue_week == b.revenue_week && a.cost_week == b.cost_week;
    CHECK(same, "two identical runs differ (%d vs %d homes)", a.n, b.n);
    long closed = 0;
    for (int32_t i = 0; i < a.n; i++) closed += !a.alive[i];
    CHECK(closed > 0, "the determinism run closed no homes (rules not exercised)");
    cs_homes_free(&b);
    struct cs_homes c;
    busy_run(&c, &p, cs_rng_key(2, 0, "E10000027"));
    int differs = c.n != a.n || memcmp(c.beds, a.beds, (size_t)(c.n < a.n ? c.n : a.n) * 4) != 0;
    CHECK(differs, "a different seed gave the same homes");
    cs_homes_free(&a);
    cs_homes_free(&c);
}

void test_homes(void)
{
    test_init();
    test_admission();
    test_council_rule();
    test_finances();
    test_closures();
    test_entry();
    test_entry_expected();
    test_decommission();
    test_determinism();
}
