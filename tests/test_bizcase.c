/*
 * test_bizcase.c — the business case (analysis/bizcase.c) on hand-made cash flows
 * with hand-computed NPV, PV investment, ROI and payback; and the coverage of
 * the paired t intervals (analysis/stats.c) by simulation.
 */
#include "check.h"
#include "cs_bizcase.h"
#include "cs_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

void test_bizcase(void);

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

/* One replicate of weekly flows: x[w] = v[w / 52] (a value per year). */
static double *yearly(int n_weeks, const double *per_year)
{
    double *x = malloc((size_t)n_weeks * sizeof *x);
    for (int w = 0; w < n_weeks; w++) x[w] = per_year[w / 52];
    return x;
}

/* Net benefit per week of -100 in year 1, then nhs savings of s2, s3, s4 a
 * week in the later years; the council invests 100 a week in year 1. */
static void dip_case(int years, double s2, double s3, double s4, struct cs_bizcase *bc)
{
    int W = 52 * years;
    double cs[4] = {100, 0, 0, 0}, nb[4] = {1000, 1000, 1000, 1000},
           ns[4] = {1000, 1000 - s2, 1000 - s3, 1000 - s4};
    double *council_s = yearly(W, cs), *nhs_b = yearly(W, nb), *nhs_s = yearly(W, ns);
    const double *base[CS_BC_N_INPUTS] = {0}, *scen[CS_BC_N_INPUTS] = {0};
    base[CS_BC_IN_NHS_COST] = nhs_b;
    scen[CS_BC_IN_NHS_COST] = nhs_s;
    scen[CS_BC_IN_COUNCIL_SPEND] = council_s;
    scen[CS_BC_IN_REFORM_INVESTMENT] = council_s;   /* the investment is the council's extra spend */
    int rc = cs_bizcase_compute(base, scen, 1, W, NULL, 0.0, 0.95, bc);
    CHECK(rc == 0, "cs_bizcase_compute failed");
    free(council_s);
    free(nhs_b);
    free(nhs_s);
}

static void hand_made_flows(void)
{
    struct cs_bizcase bc;
    const int H = CS_BC_N_HOLDERS;

    /* rate 0: cumulative net benefit at year ends -5200, +2600, -520 */
    dip_case(3, 150, -60, 0, &bc);
    CHECK(bc.n_years == 3 && bc.n_reps == 1, "shape %d years %d reps", bc.n_years, bc.n_reps);
    CHECK(NEAR(bc.savings[0 * H + CS_BC_COUNCIL], -5200, 1e-9), "council saving y1 %g", bc.savings[CS_BC_COUNCIL]);
    CHECK(NEAR(bc.savings[1 * H + CS_BC_NHS], 7800, 1e-9), "nhs saving y2 %g", bc.savings[H + CS_BC_NHS]);
    CHECK(NEAR(bc.savings[2 * H + CS_BC_NHS], -3120, 1e-9), "nhs saving y3 %g", bc.savings[2 * H + CS_BC_NHS]);
    CHECK(NEAR(bc.investment[0], 5200, 1e-9) && bc.investment[1] == 0 && bc.investment[2] == 0,
          "investment %g %g %g", bc.investment[0], bc.investment[1], bc.investment[2]);
    CHECK(NEAR(bc.npv[0], -520, 1e-9), "npv %g, want -520", bc.npv[0]);
    CHECK(NEAR(bc.pv_investment[0], 5200, 1e-9), "pv investment %g", bc.pv_investment[0]);
    CHECK(NEAR(bc.roi[0], -0.1, 1e-12), "roi %g, want -0.1", bc.roi[0]);
    CHECK(isnan(bc.payback_year[0]), "paid back in year 2, dipped below 0 in year 3: payback %g, want NaN",
          bc.payback_year[0]);
    CHECK(bc.summary[CS_BC_SHARE_PAID_BACK].mean == 0, "share paid back %g", bc.summary[CS_BC_SHARE_PAID_BACK].mean);
    cs_bizcase_free(&bc);

    /* the same, but the dip is small: -5200, +2600, +1040 -> payback in year 2 */
    dip_case(3, 150, -30, 0, &bc);
    CHECK(NEAR(bc.npv[0], 1040, 1e-9), "npv %g, want 1040", bc.npv[0]);
    CHECK(NEAR(bc.roi[0], 0.2, 1e-12), "roi %g, want 0.2", bc.roi[0]);
    CHECK(bc.payback_year[0] == 2, "payback %g, want 2", bc.payback_year[0]);
    cs_bizcase_free(&bc);

    /* a dip in year 3 then recovery in year 4: -5200, 2600, -520, 4680 -> year 4 */
    dip_case(4, 150, -60, 100, &bc);
    CHECK(bc.payback_year[0] == 4, "payback %g, want 4 (the first year from which it stays >= 0)",
          bc.payback_year[0]);
    CHECK(bc.summary[CS_BC_SHARE_PAID_BACK].mean == 1, "share paid back %g", bc.summary[CS_BC_SHARE_PAID_BACK].mean);
    cs_bizcase_free(&bc);

    /* discounting at 3.5%: an investment of 200 in week 0 and an NHS saving
     * of 500 in week 52; factors 1.035^-(0.5/52) = 0.999669271753 and
     * 1.035^-(52.5/52) = 0.965864030680 */
    CHECK(NEAR(cs_bc_discount(0.035, 0), 0.999669271753, 1e-12), "discount week 0 %.12f", cs_bc_discount(0.035, 0));
    CHECK(NEAR(cs_bc_discount(0.035, 52), 0.965864030680, 1e-12), "discount week 52 %.12f", cs_bc_discount(0.035, 52));
    {
        enum { W = 104 };
        double inv[W] = {0}, nhs_b[W] = {0};
        inv[0] = 200;
        nhs_b[52] = 500;
        const double *base[CS_BC_N_INPUTS] = {0}, *scen[CS_BC_N_INPUTS] = {0};
        base[CS_BC_IN_NHS_COST] = nhs_b;
        scen[CS_BC_IN_COUNCIL_SPEND] = inv;
        scen[CS_BC_IN_REFORM_INVESTMENT] = inv;
        CHECK(cs_bizcase_compute(base, scen, 1, W, NULL, 0.035, 0.95, &bc) == 0, "compute failed");
        CHECK(NEAR(bc.npv[0], 282.9981609891, 1e-8), "npv %.10f, want 282.9981609891", bc.npv[0]);
        CHECK(NEAR(bc.pv_investment[0], 199.9338543507, 1e-8), "pv investment %.10f", bc.pv_investment[0]);
        CHECK(NEAR(bc.roi[0], 282.9981609891 / 199.9338543507, 1e-10), "roi %.10f", bc.roi[0]);
        CHECK(NEAR(bc.pv_savings[CS_BC_NHS], 500 * 0.965864030680, 1e-8), "pv nhs savings %.10f", bc.pv_savings[CS_BC_NHS]);
        /* undiscounted savings by year */
        CHECK(bc.savings[CS_BC_COUNCIL] == -200 && bc.savings[CS_BC_N_HOLDERS + CS_BC_NHS] == 500,
              "savings %g %g", bc.savings[CS_BC_COUNCIL], bc.savings[CS_BC_N_HOLDERS + CS_BC_NHS]);
        /* cumulative -199.9 at the end of year 1, +283.0 at the end of year 2 */
        CHECK(bc.payback_year[0] == 2, "payback %g, want 2", bc.payback_year[0]);
        cs_bizcase_free(&bc);
    }

    /* holders: a grant of 200 inside the scenario's council spend of 500 is
     * central government's cost, not the council's; self-funders and unpaid
     * carers map to their own metrics. No investment -> ROI NaN. */
    {
        enum { W = 52 };
        double cb[W], cs[W], gs[W], sfb[W], sfs[W], ucb[W], ucs[W];
        for (int w = 0; w < W; w++) {
            cb[w] = 400; cs[w] = 500; gs[w] = 200;
            sfb[w] = 300; sfs[w] = 290; ucb[w] = 1000; ucs[w] = 1003;
        }
        const double *base[CS_BC_N_INPUTS] = {0}, *scen[CS_BC_N_INPUTS] = {0};
        base[CS_BC_IN_COUNCIL_SPEND] = cb;
        base[CS_BC_IN_SELF_FUNDER_SPEND] = sfb;
        base[CS_BC_IN_UNPAID_CARE_VALUE] = ucb;
        scen[CS_BC_IN_COUNCIL_SPEND] = cs;
        scen[CS_BC_IN_REFORM_GRANT] = gs;
        scen[CS_BC_IN_SELF_FUNDER_SPEND] = sfs;
        scen[CS_BC_IN_UNPAID_CARE_VALUE] = ucs;
        CHECK(cs_bizcase_compute(base, scen, 1, W, NULL, 0.0, 0.95, &bc) == 0, "compute failed");
        CHECK(bc.savings[CS_BC_COUNCIL] == 52 * 100, "council saving %g, want 5200", bc.savings[CS_BC_COUNCIL]);
        CHECK(bc.savings[CS_BC_CENTRAL_GOVERNMENT] == -52 * 200, "central government saving %g, want -10400",
              bc.savings[CS_BC_CENTRAL_GOVERNMENT]);
        CHECK(bc.savings[CS_BC_SELF_FUNDERS] == 52 * 10, "self-funder saving %g", bc.savings[CS_BC_SELF_FUNDERS]);
        CHECK(bc.savings[CS_BC_UNPAID_CARERS] == -52 * 3, "unpaid carers saving %g", bc.savings[CS_BC_UNPAID_CARERS]);
        CHECK(bc.savings[CS_BC_NHS] == 0, "nhs saving %g", bc.savings[CS_BC_NHS]);
        /* the grant is a transfer: net = 400 - 500 + 10 - 3 a week */
        CHECK(NEAR(bc.npv[0], 52 * -93.0, 1e-9), "npv %g, want %g", bc.npv[0], 52 * -93.0);
        CHECK(bc.pv_investment[0] == 0 && isnan(bc.roi[0]), "zero investment: roi %g, want NaN", bc.roi[0]);
        CHECK(isnan(bc.payback_year[0]), "never pays back: %g", bc.payback_year[0]);
        struct cs_ci net = cs_bizcase_year_ci(&bc, CS_BC_N_HOLDERS, 1);
        CHECK(net.mean == 52 * -93.0, "net benefit of year 1 %g", net.mean);
        cs_bizcase_free(&bc);
    }

    /* several replicates: the summary is the interval over replicates, the
     * payback interval only over those that paid back */
    {
        enum { R = 3, W = 104 };
        double nb[R * W], ns[R * W], inv[R * W];
        double s2[R] = {150, 150, 20};   /* replicate 2 never pays back */
        for (int r = 0; r < R; r++)
            for (int w = 0; w < W; w++) {
                nb[r * W + w] = 1000;
                ns[r * W + w] = w < 52 ? 1000 : 1000 - s2[r] - r;
                inv[r * W + w] = w < 52 ? 100 : 0;
            }
        const double *base[CS_BC_N_INPUTS] = {0}, *scen[CS_BC_N_INPUTS] = {0};
        base[CS_BC_IN_NHS_COST] = nb;
        scen[CS_BC_IN_NHS_COST] = ns;
        scen[CS_BC_IN_COUNCIL_SPEND] = inv;
        scen[CS_BC_IN_REFORM_INVESTMENT] = inv;
        CHECK(cs_bizcase_compute(base, scen, R, W, NULL, 0.0, 0.95, &bc) == 0, "compute failed");
        double want[R] = {-5200 + 52 * 150.0, -5200 + 52 * 151.0, -5200 + 52 * 22.0};
        for (int r = 0; r < R; r++) CHECK(NEAR(bc.npv[r], want[r], 1e-9), "npv[%d] %g, want %g", r, bc.npv[r], want[r]);
        struct cs_ci c = cs_stats_mean_ci(want, R, 0.95);
        CHECK(NEAR(bc.summary[CS_BC_NPV].mean, c.mean, 1e-9) && NEAR(bc.summary[CS_BC_NPV].lo, c.lo, 1e-6) &&
              NEAR(bc.summary[CS_BC_NPV].hi, c.hi, 1e-6), "npv summary");
        CHECK(bc.payback_year[0] == 2 && bc.payback_year[1] == 2 && isnan(bc.payback_year[2]), "paybacks");
        CHECK(bc.summary[CS_BC_PAYBACK_YEAR].n == 2 && bc.summary[CS_BC_PAYBACK_YEAR].mean == 2,
              "payback summary over the 2 that paid back: n %d mean %g", bc.summary[CS_BC_PAYBACK_YEAR].n,
              bc.summary[CS_BC_PAYBACK_YEAR].mean);
        struct cs_ci sh = bc.summary[CS_BC_SHARE_PAID_BACK];
        CHECK(NEAR(sh.mean, 2.0 / 3, 1e-15) && sh.lo == sh.mean && sh.hi == sh.mean, "share paid back %g [%g, %g]",
              sh.mean, sh.lo, sh.hi);
        CHECK(!strcmp(cs_bc_measure_name[CS_BC_PV_SAVINGS + CS_BC_NHS], "pv_savings_nhs") &&
              !strcmp(cs_bc_measure_name[CS_BC_SHARE_PAID_BACK], "share_paid_back"), "measure names");
        cs_bizcase_free(&bc);
    }
}

/* Coverage of the paired interval: n pairs whose differences are normal with
 * mean delta (plus a shared term that pairing removes), many trials. */
static double coverage(gsl_rng *g, int trials, int n, double level)
{
    double a[64], b[64], delta = 2.5;
    int hit = 0;
    for (int t = 0; t < trials; t++) {
        for (int k = 0; k < n; k++) {
            double common = gsl_ran_gaussian(g, 10.0);
            b[k] = 50 + common + gsl_ran_gaussian(g, 1.0);
            a[k] = 50 + delta + common + gsl_ran_gaussian(g, 1.0);
        }
        struct cs_ci c = cs_stats_paired_ci(a, b, n, level);
        if (c.lo <= delta && delta <= c.hi) hit++;
    }
    return (double)hit / trials;
}

static void ci_coverage(void)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20240917);
    /* 4000 trials: the binomial SD of a 95% coverage is 0.0034, of 90% 0.0047;
     * the bounds are about 3 SD wide */
    double c5 = coverage(g, 4000, 5, 0.95), c20 = coverage(g, 4000, 20, 0.95), c90 = coverage(g, 4000, 5, 0.90);
    CHECK(c5 >= 0.94 && c5 <= 0.96, "95%% interval, n = 5: coverage %.4f", c5);
    CHECK(c20 >= 0.94 && c20 <= 0.96, "95%% interval, n = 20: coverage %.4f", c20);
    CHECK(c90 >= 0.886 && c90 <= 0.914, "90%% interval, n = 5: coverage %.4f", c90);
    gsl_rng_free(g);

    /* identical samples: a difference of exactly 0 with interval [0, 0] */
    double x[4] = {1.5, 2.25, 1e6, -3};
    struct cs_ci z = cs_stats_paired_ci(x, x, 4, 0.95);
    CHECK(z.mean == 0 && z.lo == 0 && z.hi == 0 && z.n == 4, "identical samples: %g [%g, %g]", z.mean, z.lo, z.hi);
    /* NaN skipped */
    double y[3] = {1, NAN, 3};
    struct cs_ci m = cs_stats_mean_ci(y, 3, 0.95);
    CHECK(m.n == 2 && m.mean == 2, "NaN skipped: n %d mean %g", m.n, m.mean);
}

void test_bizcase(void)
{
    hand_made_flows();
    ci_coverage();
}
