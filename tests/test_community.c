/*
 * test_community.c — community assets and connectors (sim/community.c):
 * capacity by deprivation and rurality, growth and investment over time,
 * connector allocation (monotone in FTE, rural first, bounded by spare
 * capacity), determinism and cost.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "cs_community.h"
#include "cs_params.h"

#define NB_MAX 16

static int close_to(double a, double b, double rel)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= rel * (m > 1 ? m : 1);
}

static int setup(struct cs_community *c, const struct cs_params *p, int n, const uint8_t *q,
                 const uint8_t *rural, const double *adults)
{
    char err[256];
    double total = 0;
    for (int i = 0; i < n; i++)
        total += adults[i];
    int rc = cs_community_init(c, p, n, q, rural, adults, total, err, sizeof err);
    CHECK(rc == 0, "cs_community_init failed: %s", err);
    return rc;
}

static void test_capacity(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_community c;
    uint8_t q[4] = {0, 4, 2, 2}, r[4] = {0, 0, 0, 1};
    double a[4] = {8000, 8000, 8000, 8000};
    if (setup(&c, &p, 4, q, r, a) != 0)
        return;

    CHECK(c.capacity[0] < c.capacity[1],
          "most deprived capacity %g not below least deprived %g (all else equal)", c.capacity[0],
          c.capacity[1]);
    CHECK(c.capacity[0] < c.capacity[2] && c.capacity[2] < c.capacity[1],
          "middle quintile capacity %g not between %g and %g", c.capacity[2], c.capacity[0],
          c.capacity[1]);
    CHECK(close_to(c.capacity[2], p.comm_capacity * 8.0, 1e-12),
          "middle urban capacity %g, expected capacity_per_1000 x 8 = %g", c.capacity[2],
          p.comm_capacity * 8.0);
    CHECK(close_to(c.capacity[0], p.comm_capacity * 8.0 * p.comm_depr_grad * p.comm_depr_grad,
                   1e-12),
          "most deprived capacity %g is not gradient^2 times the middle", c.capacity[0]);
    CHECK(close_to(c.capacity[3] / c.capacity[2], p.comm_rural_mult, 1e-12),
          "rural/urban capacity ratio %g, expected rural_multiplier %g",
          c.capacity[3] / c.capacity[2], p.comm_rural_mult);
    cs_community_free(&c);

    /* A different rural multiplier is honoured. */
    p.comm_rural_mult = 0.5;
    if (setup(&c, &p, 4, q, r, a) != 0)
        return;
    CHECK(close_to(c.capacity[3], 0.5 * c.capacity[2], 1e-12),
          "rural multiplier 0.5: rural %g vs urban %g", c.capacity[3], c.capacity[2]);
    /* Capacity scales with adults. */
    cs_community_free(&c);
    double a2[4] = {8000, 8000, 16000, 8000};
    p.comm_rural_mult = 1.0;
    if (setup(&c, &p, 4, q, r, a2) != 0)
        return;
    CHECK(close_to(c.capacity[2], 2 * c.capacity[3], 1e-12),
          "twice the adults should give twice the capacity: %g vs %g", c.capacity[2],
          c.capacity[3]);
    cs_community_free(&c);
    cs_community_free(&c); /* harmless twice */
    CHECK(c.capacity == NULL && c.n == 0, "free leaves the struct zeroed");

    /* Bad arguments are refused. */
    char err[256] = "";
    uint8_t badq[1] = {5}, r1[1] = {0};
    double a1[1] = {100};
    CHECK(cs_community_init(&c, &p, 1, badq, r1, a1, 100, err, sizeof err) == -1 &&
              strstr(err, "quintile") != NULL,
          "quintile 5 accepted (%s)", err);
    uint8_t q1[1] = {2};
    CHECK(cs_community_init(&c, &p, 1, q1, r1, a1, 0, err, sizeof err) == -1,
          "zero total adults accepted");
    CHECK(cs_community_init(&c, &p, 0, q1, r1, a1, 100, err, sizeof err) == -1,
          "zero neighbourhoods accepted");
}

static void test_growth_investment(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.comm_growth = 0.10;
    struct cs_community c;
    uint8_t q[3] = {0, 2, 4}, r[3] = {0, 1, 0};
    double a[3] = {5000, 8000, 3000};
    int64_t iso[3] = {300, 500, 100}, mem[3] = {0, 0, 0};
    if (setup(&c, &p, 3, q, r, a) != 0)
        return;
    double cap0[3];
    memcpy(cap0, c.capacity, sizeof cap0);

    /* Warm-up, including week -52 (a multiple of 52): no growth. */
    for (int w = -104; w < 0; w++)
        cs_community_week(&c, &p, iso, mem, w);
    int same = 1;
    for (int i = 0; i < 3; i++)
        same &= c.capacity[i] == cap0[i];
    CHECK(same, "capacity changed during warm-up: %g vs %g", c.capacity[1], cap0[1]);

    /* The first reported year: no growth yet (week 0 is not a boundary). */
    for (int w = 0; w < 52; w++)
        cs_community_week(&c, &p, iso, mem, w);
    same = 1;
    for (int i = 0; i < 3; i++)
        same &= c.capacity[i] == cap0[i];
    CHECK(same, "capacity grew before the first year boundary: %g vs %g", c.capacity[1],
          cap0[1]);

    cs_community_week(&c, &p, iso, mem, 52);
    int grown = 1;
    for (int i = 0; i < 3; i++)
        grown &= close_to(c.capacity[i], cap0[i] * 1.10, 1e-12);
    CHECK(grown, "capacity after week 52 is %g, expected %g", c.capacity[1], cap0[1] * 1.1);
    for (int w = 53; w <= 104; w++)
        cs_community_week(&c, &p, iso, mem, w);
    CHECK(close_to(c.capacity[0], cap0[0] * 1.21, 1e-12),
          "capacity after two boundaries is %g, expected %g", c.capacity[0], cap0[0] * 1.21);
    cs_community_free(&c);

    /* Investment: investment / cost_per_place places over the first reported year. */
    cs_params_defaults(&p);
    p.comm_invest = 1e6;
    p.comm_cost_place = 500;
    if (setup(&c, &p, 3, q, r, a) != 0)
        return;
    double base_sum = 0;
    for (int i = 0; i < 3; i++)
        base_sum += c.capacity[i];
    for (int w = -10; w < 0; w++)
        cs_community_week(&c, &p, iso, mem, w);
    double sum = 0;
    for (int i = 0; i < 3; i++)
        sum += c.capacity[i];
    CHECK(sum == base_sum, "investment added places during warm-up: %g vs %g", sum, base_sum);
    CHECK(c.cost_reform_week == 0, "reform cost %g during warm-up", c.cost_reform_week);

    cs_community_week(&c, &p, iso, mem, 0);
    sum = 0;
    for (int i = 0; i < 3; i++)
        sum += c.capacity[i];
    CHECK(close_to(sum - base_sum, 2000.0 / 52, 1e-9),
          "week 0 adds %g places, expected a 52nd of 2000", sum - base_sum);
    double prev = sum;
    int rising = 1;
    for (int w = 1; w < 52; w++) {
        cs_community_week(&c, &p, iso, mem, w);
        double s = 0;
        for (int i = 0; i < 3; i++)
            s += c.capacity[i];
        rising &= s > prev;
        prev = s;
    }
    CHECK(rising, "invested places do not rise week by week over the first year");
    CHECK(close_to(prev - base_sum, 2000.0, 1e-9),
          "a year of 1e6 GBP at 500 GBP a place adds %g places, expected 2000", prev - base_sum);
    CHECK(close_to(c.invested_places, 2000.0, 1e-12), "invested_places %g", c.invested_places);
    for (int w = 52; w < 104; w++)
        cs_community_week(&c, &p, iso, mem, w);
    sum = 0;
    for (int i = 0; i < 3; i++)
        sum += c.capacity[i];
    CHECK(close_to(sum - base_sum, 2000.0, 1e-9),
          "invested places should be sustained, not accumulate: %g after two years",
          sum - base_sum);
    /* Spread by adults: equal places per adult. */
    double per0 = (c.capacity[0] - c.base[0]) / a[0], per2 = (c.capacity[2] - c.base[2]) / a[2];
    CHECK(close_to(per0, per2, 1e-9), "invested places per adult differ: %g vs %g", per0, per2);
    cs_community_free(&c);

    /* A sample (scale 0.5) gets half the places. */
    p.scale = 0.5;
    if (setup(&c, &p, 3, q, r, a) != 0)
        return;
    for (int w = 0; w < 52; w++)
        cs_community_week(&c, &p, iso, mem, w);
    CHECK(close_to(c.invested_places, 1000.0, 1e-12), "scale 0.5: %g invested places, expected 1000",
          c.invested_places);
    cs_community_free(&c);
}

/* Invariants that must hold after any update. */
static int invariants(const struct cs_community *c, const int64_t *iso, const char *what)
{
    int ok = 1;
    for (int i = 0; i < c->n; i++) {
        double is = iso[i] > 0 ? (double)iso[i] : 0;
        double lp = c->link_p[i], jp = c->join_p[i];
        double new_members = (lp + jp) * is;
        int good = lp >= 0 && lp <= 1 && jp >= 0 && jp <= 1 && lp + jp <= 1 + 1e-12 &&
                   new_members <= c->spare[i] * (1 + 1e-12) + 1e-9 &&
                   (c->spare[i] > 0 || (lp == 0 && jp == 0));
        if (!good) {
            CHECK(0, "%s: nb %d link_p %g join_p %g isolated %g spare %g", what, i, lp, jp, is,
                  c->spare[i]);
            ok = 0;
        }
    }
    if (!(c->allocated_total <= c->throughput * (1 + 1e-12) + 1e-12)) {
        CHECK(0, "%s: allocated %g above throughput %g", what, c->allocated_total, c->throughput);
        ok = 0;
    }
    return ok;
}

static void test_connectors(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_community c;
    enum { N = 4 };
    uint8_t q[N] = {0, 1, 3, 4}, r[N] = {0, 1, 0, 1};
    double a[N] = {8000, 8000, 8000, 8000};
    int64_t iso[N] = {600, 400, 300, 200}, mem[N] = {50, 20, 10, 0};
    double adults = 32000;

    /* Zero connectors: no links anywhere. */
    p.conn_fte = 0;
    p.conn_added_fte = 0;
    if (setup(&c, &p, N, q, r, a) != 0)
        return;
    cs_community_week(&c, &p, iso, mem, 5);
    int zero = 1;
    for (int i = 0; i < N; i++)
        zero &= c.link_p[i] == 0;
    CHECK(zero && c.linked_expected == 0 && c.throughput == 0,
          "zero connectors still link people (link_p[0] = %g)", c.link_p[0]);
    CHECK(c.join_p[3] > 0, "unaided joining should not need connectors");
    cs_community_free(&c);

    /* More FTE, higher link_p, until capacity binds. */
    double ftes[] = {0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 1000, 10000};
    int nf = (int)(sizeof ftes / sizeof ftes[0]);
    double prev[N] = {0};
    int monotone = 1, strict_low = 1, bound_ok = 1;
    for (int k = 0; k < nf; k++) {
        p.conn_fte = ftes[k];
        if (setup(&c, &p, N, q, r, a) != 0)
            return;
        cs_community_week(&c, &p, iso, mem, 10);
        CHECK(close_to(c.connector_fte, ftes[k] * adults / 1e5, 1e-12), "FTE %g, expected %g",
              c.connector_fte, ftes[k] * adults / 1e5);
        CHECK(close_to(c.throughput, c.connector_fte * p.conn_caseload / p.conn_weeks, 1e-12),
              "throughput %g", c.throughput);
        for (int i = 0; i < N; i++) {
            monotone &= c.link_p[i] >= prev[i];
            if (k > 0 && ftes[k] <= 2)
                strict_low &= c.link_p[i] > prev[i];
            prev[i] = c.link_p[i];
        }
        bound_ok &= invariants(&c, iso, "FTE sweep");
        if (k == nf - 1) {
            /* With huge FTE every neighbourhood is limited by its capacity:
             * expected new members equal spare (or every isolated person is
             * worked with). */
            int binds = 1;
            for (int i = 0; i < N; i++) {
                double newm = (c.link_p[i] + c.join_p[i]) * (double)iso[i];
                binds &= close_to(newm, c.spare[i], 1e-9) ||
                         close_to(c.link_p[i], p.conn_success, 1e-12);
            }
            CHECK(binds, "with 10000 FTE per 100k capacity should bind: nb0 new %g spare %g",
                  (c.link_p[0] + c.join_p[0]) * (double)iso[0], c.spare[0]);
            CHECK(c.allocated_total < c.throughput,
                  "with 10000 FTE some connector time should be unused");
        }
        cs_community_free(&c);
    }
    CHECK(monotone, "link_p falls as connector FTE rises");
    CHECK(strict_low, "link_p does not rise with FTE while capacity is ample");
    CHECK(bound_ok, "invariants in the FTE sweep");

    /* Link probability follows the formula while nothing binds. */
    p.conn_fte = 1;
    if (setup(&c, &p, N, q, r, a) != 0)
        return;
    cs_community_week(&c, &p, iso, mem, 0);
    double total_iso = 600 + 400 + 300 + 200;
    double lp_expected = p.conn_success * c.throughput / total_iso;
    CHECK(close_to(c.link_p[0], lp_expected, 1e-12) && close_to(c.link_p[3], lp_expected, 1e-12),
          "proportional allocation: link_p %g / %g, expected %g", c.link_p[0], c.link_p[3],
          lp_expected);
    CHECK(close_to(c.linked_expected, p.conn_success * c.throughput, 1e-12),
          "linked_expected %g, expected success x throughput %g", c.linked_expected,
          p.conn_success * c.throughput);
    cs_community_free(&c);

    /* link_p is 0 where spare capacity is 0, and that work goes elsewhere. */
    p.conn_fte = 2;
    if (setup(&c, &p, N, q, r, a) != 0)
        return;
    int64_t full[N];
    memcpy(full, mem, sizeof full);
    full[1] = (int64_t)ceil(c.capacity[1]) + 5;
    cs_community_week(&c, &p, iso, full, 0);
    CHECK(c.spare[1] == 0 && c.link_p[1] == 0 && c.join_p[1] == 0,
          "full neighbourhood: spare %g link_p %g join_p %g", c.spare[1], c.link_p[1], c.join_p[1]);
    CHECK(c.link_p[0] > 0, "other neighbourhoods still get connector time");
    CHECK(close_to(c.allocated_total, c.throughput, 1e-12),
          "all throughput used when others have room: %g of %g", c.allocated_total, c.throughput);
    invariants(&c, iso, "full neighbourhood");
    cs_community_free(&c);

    /* Capacity binding in one neighbourhood sends the connector time it cannot
     * use to the others, so none of it is wasted while others have room. */
    p.conn_fte = 50;
    if (setup(&c, &p, N, q, r, a) != 0)
        return;
    int64_t nearly[N];
    memcpy(nearly, mem, sizeof nearly);
    nearly[0] = (int64_t)floor(c.capacity[0]) - 3; /* about 3 places left */
    cs_community_week(&c, &p, iso, nearly, 0);
    double share = p.conn_success * c.throughput / total_iso; /* link_p without binding */
    CHECK(c.link_p[0] * (double)iso[0] <= c.spare[0] + 1e-9 && c.link_p[0] < share,
          "nearly full neighbourhood: link_p %g should be bound by spare %g", c.link_p[0],
          c.spare[0]);
    CHECK(c.link_p[1] > share && c.link_p[3] > share,
          "the others should get the unused time: link_p %g, %g vs %g", c.link_p[1], c.link_p[3],
          share);
    CHECK(close_to(c.linked_expected, p.conn_success * c.throughput, 1e-9),
          "expected links %g, expected success x throughput %g (no time wasted)",
          c.linked_expected, p.conn_success * c.throughput);
    invariants(&c, iso, "nearly full neighbourhood");
    cs_community_free(&c);

    /* Unaided joining slows as groups fill. */
    p.conn_fte = 0;
    if (setup(&c, &p, N, q, r, a) != 0)
        return;
    int64_t none[N] = {0, 0, 0, 0};
    cs_community_week(&c, &p, iso, none, 0);
    double jp_empty = c.join_p[2];
    CHECK(close_to(jp_empty, 1 - exp(-p.comm_self_join / 52), 1e-12),
          "join_p with empty groups %g, expected weekly(self_join_rate) %g", jp_empty,
          1 - exp(-p.comm_self_join / 52));
    int64_t half[N] = {0, 0, (int64_t)(c.capacity[2] / 2), 0};
    cs_community_week(&c, &p, iso, half, 1);
    CHECK(c.join_p[2] < jp_empty && c.join_p[2] > 0, "join_p with half-full groups %g vs %g",
          c.join_p[2], jp_empty);
    cs_community_free(&c);
}

static void test_rural_first(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.comm_rural_mult = 1.0; /* equal capacity */
    p.conn_fte = 1;          /* limited throughput */
    struct cs_community c;
    uint8_t q[2] = {2, 2}, r[2] = {1, 0};
    double a[2] = {8000, 8000};
    int64_t iso[2] = {500, 500}, mem[2] = {0, 0};

    p.conn_rural_first = 0;
    if (setup(&c, &p, 2, q, r, a) != 0)
        return;
    cs_community_week(&c, &p, iso, mem, 0);
    CHECK(c.link_p[0] == c.link_p[1] && c.link_p[0] > 0,
          "without rural_first equal isolation should get equal link_p: %g vs %g", c.link_p[0],
          c.link_p[1]);
    cs_community_free(&c);

    p.conn_rural_first = 1;
    if (setup(&c, &p, 2, q, r, a) != 0)
        return;
    cs_community_week(&c, &p, iso, mem, 0);
    CHECK(c.link_p[0] > c.link_p[1], "rural_first: rural link_p %g not above urban %g",
          c.link_p[0], c.link_p[1]);
    CHECK(close_to(c.allocated[0], c.throughput, 1e-12) && c.link_p[1] == 0,
          "rural_first with limited throughput: rural gets it all (%g of %g), urban link_p %g",
          c.allocated[0], c.throughput, c.link_p[1]);
    invariants(&c, iso, "rural first");
    cs_community_free(&c);

    /* With plenty of throughput the urban neighbourhood gets what rural cannot absorb. */
    p.conn_fte = 1000;
    if (setup(&c, &p, 2, q, r, a) != 0)
        return;
    cs_community_week(&c, &p, iso, mem, 0);
    CHECK(c.link_p[1] > 0, "rural_first with ample throughput: urban link_p %g", c.link_p[1]);
    CHECK(close_to(c.allocated[0], c.demand[0], 1e-12),
          "rural_first with ample throughput: rural absorbs all it can (%g of %g)", c.allocated[0],
          c.demand[0]);
    invariants(&c, iso, "rural first, ample");
    cs_community_free(&c);
}

/* Deterministic pseudo-random stress of the invariants. */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void test_stress_and_determinism(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    uint64_t s = 12345;
    int all_ok = 1;
    for (int trial = 0; trial < 200; trial++) {
        int n = 1 + (int)(lcg(&s) % NB_MAX);
        uint8_t q[NB_MAX], r[NB_MAX];
        double a[NB_MAX];
        int64_t iso[NB_MAX], mem[NB_MAX];
        for (int i = 0; i < n; i++) {
            q[i] = (uint8_t)(lcg(&s) % 5);
            r[i] = (uint8_t)(lcg(&s) % 2);
            a[i] = (double)(lcg(&s) % 20000);
            iso[i] = (int64_t)(lcg(&s) % 2000);
            mem[i] = (int64_t)(lcg(&s) % 600);
        }
        p.conn_fte = (double)(lcg(&s) % 5000) / 10.0;
        p.conn_added_fte = (double)(lcg(&s) % 100) / 10.0;
        p.conn_success = (double)(lcg(&s) % 101) / 100.0;
        p.comm_self_join = (double)(lcg(&s) % 300) / 10.0;
        p.conn_rural_first = (int)(lcg(&s) % 2);
        p.comm_invest = (double)(lcg(&s) % 3) * 1e5;
        struct cs_community c;
        char err[256];
        double total = 1;
        for (int i = 0; i < n; i++)
            total += a[i];
        if (cs_community_init(&c, &p, n, q, r, a, total, err, sizeof err) != 0) {
            CHECK(0, "init failed: %s", err);
            return;
        }
        int week = (int)(lcg(&s) % 200) - 100;
        cs_community_week(&c, &p, iso, mem, week);
        all_ok &= invariants(&c, iso, "stress");
        cs_community_free(&c);
    }
    CHECK(all_ok, "invariants over 200 random configurations");

    /* Same inputs twice, bit-identical outputs. */
    cs_params_defaults(&p);
    p.comm_growth = 0.03;
    p.comm_invest = 2.5e5;
    p.conn_added_fte = 7;
    p.conn_rural_first = 1;
    uint8_t q[6] = {0, 1, 2, 3, 4, 0}, r[6] = {1, 0, 1, 0, 1, 0};
    double a[6] = {7000, 9000, 8100, 7700, 6500, 3000};
    int64_t iso[6] = {700, 650, 400, 300, 150, 420}, mem[6] = {20, 40, 60, 80, 90, 0};
    struct cs_community c1, c2;
    if (setup(&c1, &p, 6, q, r, a) != 0 || setup(&c2, &p, 6, q, r, a) != 0)
        return;
    for (int w = -20; w < 120; w++) {
        cs_community_week(&c1, &p, iso, mem, w);
        cs_community_week(&c2, &p, iso, mem, w);
    }
    size_t bytes = 6 * sizeof(double);
    int same = memcmp(c1.capacity, c2.capacity, bytes) == 0 &&
               memcmp(c1.link_p, c2.link_p, bytes) == 0 &&
               memcmp(c1.join_p, c2.join_p, bytes) == 0 &&
               memcmp(c1.spare, c2.spare, bytes) == 0 &&
               memcmp(c1.allocated, c2.allocated, bytes) == 0 &&
               memcmp(&c1.connector_fte, &c2.connector_fte, sizeof(double)) == 0 &&
               memcmp(&c1.linked_expected, &c2.linked_expected, sizeof(double)) == 0 &&
               memcmp(&c1.cost_week, &c2.cost_week, sizeof(double)) == 0;
    CHECK(same, "same inputs gave different outputs");
    CHECK(c1.link_p[0] > 0, "determinism test exercises connectors (link_p %g)", c1.link_p[0]);
    cs_community_free(&c1);
    cs_community_free(&c2);
}

static void test_cost(void)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.conn_fte = 3;
    p.conn_added_fte = 5;
    p.conn_cost = 41000;
    p.comm_invest = 520000;
    struct cs_community c;
    uint8_t q[2] = {1, 3}, r[2] = {0, 1};
    double a[2] = {60000, 40000};
    int64_t iso[2] = {5000, 3000}, mem[2] = {100, 100};
    if (setup(&c, &p, 2, q, r, a) != 0)
        return;

    cs_community_week(&c, &p, iso, mem, -3); /* warm-up: status-quo connectors only */
    CHECK(close_to(c.connector_fte, 3.0, 1e-12), "warm-up FTE %g, expected 3", c.connector_fte);
    CHECK(close_to(c.cost_week, 3.0 * 41000 / 52, 1e-12),
          "warm-up cost_week %g, expected %g", c.cost_week, 3.0 * 41000 / 52);
    CHECK(c.cost_reform_week == 0, "warm-up reform cost %g", c.cost_reform_week);

    cs_community_week(&c, &p, iso, mem, 7);
    double expect = 8.0 * 41000 / 52 + 520000.0 / 52;
    CHECK(close_to(c.connector_fte, 8.0, 1e-12), "reported FTE %g, expected 8", c.connector_fte);
    CHECK(close_to(c.cost_week, expect, 1e-12), "cost_week %g, expected %g", c.cost_week, expect);
    CHECK(close_to(c.cost_reform_week, 5.0 * 41000 / 52 + 10000, 1e-12),
          "cost_reform_week %g", c.cost_reform_week);
    cs_community_free(&c);
}

void test_community(void)
{
    test_capacity();
    test_growth_investment();
    test_connectors();
    test_rural_first();
    test_stress_and_determinism();
    test_cost();
}
