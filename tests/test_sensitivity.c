/*
 * test_sensitivity.c — the designs and estimators of `caresim sweep`
 * (analysis/sensitivity.c) on functions whose answers are known: a linear function
 * (mu* = |coefficient| x range, sigma 0, a factor with no effect 0), a product
 * (interaction shows as sigma), the Ishigami function's Sobol indices, and the
 * shape of the designs (each radial step moves exactly one factor by half its
 * range; the base points spread over every range; blocks beyond 40 factors).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cs_sensitivity.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Factors beyond the first block of 40, so the padding is exercised. */
#define K 45
#define R 16

static void morris_design_shape(void)
{
    struct cs_sens_design d;
    char err[256];
    CHECK(cs_sens_morris_design(K, R, 1, 7, &d, err, sizeof err) == 0, "design: %s", err);
    CHECK(d.runs == R * (K + 2) && d.per_group == K + 2 && d.noise == 1, "runs %d", d.runs);
    int bad_range = 0, bad_step = 0, bad_role = 0, bad_noise = 0;
    for (int row = 0; row < d.runs; row++) {
        int base = row - row % d.per_group, j = row % d.per_group;
        const double *u = d.u + (size_t)row * K, *a = d.u + (size_t)base * K;
        int changed = 0, which = -1;
        for (int i = 0; i < K; i++) {
            if (!(u[i] >= 0 && u[i] < 1)) bad_range++;
            if (u[i] != a[i]) { changed++; which = i; }
        }
        if (j == 0) bad_role += d.moved[row] != CS_SENS_ROW_BASE;
        else if (j <= K) {
            bad_role += d.moved[row] != j - 1;
            bad_step += changed != 1 || which != j - 1 || fabs(fabs(u[which] - a[which]) - 0.5) > 1e-12;
        } else {
            bad_role += d.moved[row] != CS_SENS_ROW_NOISE;
            bad_noise += changed != 0;
        }
    }
    CHECK(!bad_range, "%d values outside [0, 1)", bad_range);
    CHECK(!bad_step, "%d radial steps do not move exactly their one factor by half its range", bad_step);
    CHECK(!bad_role, "%d rows with the wrong role", bad_role);
    CHECK(!bad_noise, "%d noise rows differ from their base point", bad_noise);
    /* a shifted Sobol sequence of 16 points puts one point in each sixteenth
     * of every factor's range, in the padded block as in the first */
    int unspread = 0;
    for (int i = 0; i < K; i++) {
        int hit[R] = {0};
        for (int t = 0; t < R; t++) hit[(int)(d.u[(size_t)t * d.per_group * K + i] * R)]++;
        for (int s = 0; s < R; s++) unspread += hit[s] != 1;
    }
    CHECK(!unspread, "base points miss %d sixteenths of the factors' ranges", unspread);
    /* the second block is not a copy of the first in another order */
    int tied = 0;
    for (int t = 0; t + 1 < R; t++) {
        const double *a = d.u + (size_t)t * d.per_group * K, *b = d.u + (size_t)(t + 1) * d.per_group * K;
        tied += (a[0] < b[0]) == (a[40] < b[40]);
    }
    CHECK(tied > 0 && tied < R - 1, "blocks move together (%d of %d pairs in the same order)", tied, R - 1);
    struct cs_sens_design d2, d3;
    cs_sens_morris_design(K, R, 1, 7, &d2, err, sizeof err);
    cs_sens_morris_design(K, R, 1, 8, &d3, err, sizeof err);
    CHECK(!memcmp(d.u, d2.u, (size_t)d.runs * K * sizeof *d.u), "the same seed gives another design");
    CHECK(memcmp(d.u, d3.u, (size_t)d.runs * K * sizeof *d.u), "another seed gives the same design");
    cs_sens_design_free(&d3);
    cs_sens_design_free(&d2);
    cs_sens_design_free(&d);
    CHECK(cs_sens_morris_design(3, 1, 0, 1, &d, err, sizeof err) == -1 && strstr(err, "2 trajectories"), "r = 1: %s", err);
    CHECK(cs_sens_morris_design(0, 4, 0, 1, &d, err, sizeof err) == -1, "k = 0 accepted");
}

static void morris_linear(void)
{
    /* y = sum c_i x_i with x_i = lo_i + u_i (hi_i - lo_i): every elementary
     * effect is c_i (hi_i - lo_i), whatever the base point */
    static const double c[] = {3, -2, 0, 0.5, 10}, lo[] = {0, 1, 5, -1, 100}, hi[] = {1, 3, 9, 1, 100.5};
    int k = 5;
    struct cs_sens_design d;
    char err[256];
    cs_sens_morris_design(k, 10, 1, 3, &d, err, sizeof err);
    double *y = malloc((size_t)d.runs * sizeof *y);
    for (int row = 0; row < d.runs; row++) {
        y[row] = 1;
        for (int i = 0; i < k; i++) y[row] += c[i] * (lo[i] + d.u[(size_t)row * k + i] * (hi[i] - lo[i]));
    }
    struct cs_sens_ee e[6];
    CHECK(cs_sens_morris(&d, y, 200, 0.95, 1, e) == 0, "morris failed");
    for (int i = 0; i < k; i++) {
        double want = fabs(c[i]) * (hi[i] - lo[i]);
        CHECK(fabs(e[i].mu_star - want) < 1e-9 * (1 + want), "factor %d: mu* %g, want %g", i, e[i].mu_star, want);
        CHECK(fabs(e[i].mu - c[i] * (hi[i] - lo[i])) < 1e-9 * (1 + want), "factor %d: mu %g", i, e[i].mu);
        CHECK(e[i].sigma < 1e-9 * (1 + want) && e[i].n == 10, "factor %d: sigma %g, n %d", i, e[i].sigma, e[i].n);
        CHECK(fabs(e[i].lo - want) < 1e-9 * (1 + want) && fabs(e[i].hi - want) < 1e-9 * (1 + want),
              "factor %d: interval [%g, %g]", i, e[i].lo, e[i].hi);
    }
    CHECK(e[2].mu_star == 0, "a factor with no effect has mu* %g", e[2].mu_star);
    CHECK(e[k].mu_star == 0 && e[k].n == 10, "noise of a deterministic function: %g", e[k].mu_star);
    /* noise: the noise row's output off by +-1 gives |EE| = 1 / 0.5 */
    for (int t = 0; t < d.n; t++) y[t * d.per_group + k + 1] += t % 2 ? 1 : -1;
    cs_sens_morris(&d, y, 0, 0.95, 1, e);
    CHECK(fabs(e[k].mu_star - 2) < 1e-9 && fabs(e[k].mu) < 1e-9, "noise mu* %g mu %g", e[k].mu_star, e[k].mu);
    y[3] = NAN;
    CHECK(cs_sens_morris(&d, y, 0, 0.95, 1, e) == -1, "a NaN output accepted");
    free(y);
    cs_sens_design_free(&d);
}

static void morris_interaction(void)
{
    /* y = x0 x1 on [0, 1]^3: both effects vary with the other factor
     * (sigma > 0), mean |EE| = E|x_other| = 1/2; x2 does nothing */
    struct cs_sens_design d;
    char err[256];
    cs_sens_morris_design(3, 64, 0, 11, &d, err, sizeof err);
    double *y = malloc((size_t)d.runs * sizeof *y);
    for (int row = 0; row < d.runs; row++) y[row] = d.u[(size_t)row * 3] * d.u[(size_t)row * 3 + 1];
    struct cs_sens_ee e[3];
    cs_sens_morris(&d, y, 500, 0.95, 2, e);
    CHECK(fabs(e[0].mu_star - 0.5) < 0.02 && fabs(e[1].mu_star - 0.5) < 0.02, "mu* %g %g", e[0].mu_star, e[1].mu_star);
    CHECK(e[0].sigma > 0.2 && e[1].sigma > 0.2 && e[2].sigma == 0 && e[2].mu_star == 0, "sigma %g %g %g",
          e[0].sigma, e[1].sigma, e[2].sigma);
    CHECK(e[0].lo < e[0].mu_star && e[0].mu_star < e[0].hi && e[0].hi - e[0].lo < 0.2, "interval [%g, %g]",
          e[0].lo, e[0].hi);
    free(y);
    cs_sens_design_free(&d);
}

static double ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

static void sobol_indices(void)
{
    struct cs_sens_design d;
    char err[256];
    CHECK(cs_sens_sobol_design(3, 4096, 5, &d, err, sizeof err) == 0, "design: %s", err);
    int bad = 0;
    for (int t = 0; t < d.n; t++) {
        const double *A = d.u + (size_t)t * d.per_group * 3, *B = A + 3;
        bad += d.moved[t * d.per_group] != CS_SENS_ROW_BASE || d.moved[t * d.per_group + 1] != CS_SENS_ROW_B;
        for (int i = 0; i < 3; i++) {
            const double *ab = A + (size_t)(2 + i) * 3;
            bad += d.moved[t * d.per_group + 2 + i] != i;
            for (int j = 0; j < 3; j++) bad += ab[j] != (j == i ? B[j] : A[j]);
        }
    }
    CHECK(!bad, "%d wrong values in the AB matrices", bad);
    double *y = malloc((size_t)d.runs * sizeof *y);
    for (int row = 0; row < d.runs; row++) y[row] = ishigami(d.u + (size_t)row * 3);
    struct cs_sens_si s[3];
    CHECK(cs_sens_sobol(&d, y, 200, 0.95, 9, s) == 0, "sobol failed");
    /* the analytic indices (a = 7, b = 0.1) */
    double b = 0.1, p4 = pow(M_PI, 4), p8 = p4 * p4;
    double V1 = 0.5 * (1 + b * p4 / 5) * (1 + b * p4 / 5), V2 = 49.0 / 8, V13 = 8 * b * b * p8 / 225;
    double V = 0.5 + 49.0 / 8 + b * p4 / 5 + b * b * p8 / 18;
    double s1[] = {V1 / V, V2 / V, 0}, st[] = {(V1 + V13) / V, V2 / V, V13 / V};
    for (int i = 0; i < 3; i++) {
        CHECK(fabs(s[i].s1 - s1[i]) < 0.03, "Ishigami S1[%d] %g, want %g", i, s[i].s1, s1[i]);
        CHECK(fabs(s[i].st - st[i]) < 0.03, "Ishigami ST[%d] %g, want %g", i, s[i].st, st[i]);
        CHECK(s[i].st_lo <= s[i].st && s[i].st <= s[i].st_hi && s[i].st_hi - s[i].st_lo < 0.15,
              "ST[%d] interval [%g, %g]", i, s[i].st_lo, s[i].st_hi);
    }
    /* an additive function: S1 = ST = each term's share of the variance */
    for (int row = 0; row < d.runs; row++) y[row] = d.u[(size_t)row * 3] + 2 * d.u[(size_t)row * 3 + 1];
    cs_sens_sobol(&d, y, 0, 0.95, 9, s);
    CHECK(fabs(s[0].s1 - 0.2) < 0.01 && fabs(s[1].s1 - 0.8) < 0.01 && fabs(s[2].s1) < 1e-12,
          "additive S1 %g %g %g", s[0].s1, s[1].s1, s[2].s1);
    CHECK(fabs(s[0].st - 0.2) < 0.01 && fabs(s[1].st - 0.8) < 0.01 && s[2].st == 0, "additive ST %g %g %g",
          s[0].st, s[1].st, s[2].st);
    for (int row = 0; row < d.runs; row++) y[row] = 4;
    CHECK(cs_sens_sobol(&d, y, 0, 0.95, 9, s) == -1, "constant output accepted");
    free(y);
    cs_sens_design_free(&d);
    CHECK(cs_sens_sobol_design(21, 64, 1, &d, err, sizeof err) == -1 && strstr(err, "at most 20"), "k = 21: %s", err);
}

static void ordering(void)
{
    double v[] = {1, NAN, 3, 3, 0, -1};
    int idx[6];
    cs_sens_order(v, 6, idx);
    int want[] = {2, 3, 0, 4, 5, 1};
    CHECK(!memcmp(idx, want, sizeof want), "order %d %d %d %d %d %d", idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]);
}

void test_sensitivity(void)
{
    morris_design_shape();
    morris_linear();
    morris_interaction();
    sobol_indices();
    ordering();
}
