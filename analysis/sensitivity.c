/*
 * sensitivity.c — sampling designs and sensitivity estimators for
 * `caresim sweep` (cs_sensitivity.h says which and why). Pure mathematics:
 * the tests check it on functions whose indices are known exactly.
 */
#include "cs_sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cs_util.h"

void cs_sens_design_free(struct cs_sens_design *d)
{
    free(d->u);
    free(d->moved);
    memset(d, 0, sizeof *d);
}

/* Room for runs x k values; 0, or -1 with err. */
static int design_alloc(struct cs_sens_design *d, int method, int k, int n, int per, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    if ((double)n * per * k > 1e9) { cs_errf(err, errlen, "the design would have too many points"); return -1; }
    d->method = method;
    d->k = k;
    d->n = n;
    d->per_group = per;
    d->runs = n * per;
    d->u = malloc((size_t)d->runs * k * sizeof *d->u);
    d->moved = malloc((size_t)d->runs * sizeof *d->moved);
    if (!d->u || !d->moved) { cs_sens_design_free(d); cs_errf(err, errlen, "out of memory"); return -1; }
    return 0;
}

/* The first n points of a dim-dimensional Sobol sequence shifted by a random
 * vector modulo 1 (a Cranley-Patterson rotation keeps the sequence's spread
 * and makes every point a uniform draw), point t's coordinates written to
 * out[perm[t] * stride + j]. The sequence starts at its point 0, the origin,
 * which GSL's generator skips: with it the first 2^m points are a net (every
 * factor's range cut into 2^m equal parts holds one point in each), without
 * it they are not. */
static int shifted_sobol(gsl_rng *g, int dim, int n, const size_t *perm, double *out, int stride)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q) return -1;
    double shift[CS_SENS_MAX_QRNG_DIM], x[CS_SENS_MAX_QRNG_DIM];
    for (int j = 0; j < dim; j++) shift[j] = gsl_rng_uniform(g);
    for (int t = 0; t < n; t++) {
        if (t == 0) memset(x, 0, sizeof x);
        else gsl_qrng_get(q, x);
        for (int j = 0; j < dim; j++) {
            double v = x[j] + shift[j];
            out[perm[t] * (size_t)stride + j] = v >= 1 ? v - 1 : v;
        }
    }
    gsl_qrng_free(q);
    return 0;
}

int cs_sens_morris_design(int k, int r, int noise, unsigned long seed, struct cs_sens_design *d,
                          char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    if (k < 1) { cs_errf(err, errlen, "no factors to vary"); return -1; }
    if (r < 2) { cs_errf(err, errlen, "Morris screening needs at least 2 trajectories (got %d)", r); return -1; }
    noise = noise ? 1 : 0;
    if (design_alloc(d, CS_SENS_MORRIS, k, r, k + 1 + noise, err, errlen)) return -1;
    d->noise = noise;
    double *a = malloc((size_t)r * k * sizeof *a);
    size_t *perm = malloc((size_t)r * sizeof *perm);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = a && perm && g ? 0 : -1;
    if (g) gsl_rng_set(g, seed);
    /* blocks of at most 40 factors; from the second on, the r points in a
     * random order of the block's own (Latin supercube sampling) */
    for (int b0 = 0; b0 < k && rc == 0; b0 += CS_SENS_MAX_QRNG_DIM) {
        int dim = k - b0 < CS_SENS_MAX_QRNG_DIM ? k - b0 : CS_SENS_MAX_QRNG_DIM;
        for (int t = 0; t < r; t++) perm[t] = (size_t)t;
        if (b0 > 0) gsl_ran_shuffle(g, perm, (size_t)r, sizeof *perm);
        rc = shifted_sobol(g, dim, r, perm, a + b0, k);
    }
    for (int t = 0; t < r && rc == 0; t++) {
        const double *at = a + (size_t)t * k;
        for (int j = 0; j < d->per_group; j++) {
            int row = t * d->per_group + j;
            double *u = d->u + (size_t)row * k;
            memcpy(u, at, (size_t)k * sizeof *u);
            if (j == 0) d->moved[row] = CS_SENS_ROW_BASE;
            else if (j <= k) {
                int i = j - 1;
                u[i] = u[i] < CS_SENS_STEP ? u[i] + CS_SENS_STEP : u[i] - CS_SENS_STEP;
                d->moved[row] = i;
            } else d->moved[row] = CS_SENS_ROW_NOISE;
        }
    }
    if (rc) { cs_errf(err, errlen, "out of memory"); cs_sens_design_free(d); }
    gsl_rng_free(g);
    free(perm);
    free(a);
    return rc;
}

int cs_sens_sobol_design(int k, int n, unsigned long seed, struct cs_sens_design *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    if (k < 1) { cs_errf(err, errlen, "no factors to vary"); return -1; }
    if (k > CS_SENS_SOBOL_MAX_K) {
        cs_errf(err, errlen, "Sobol indices take at most %d parameters (got %d): choose them with --params",
                CS_SENS_SOBOL_MAX_K, k);
        return -1;
    }
    if (n < 2) { cs_errf(err, errlen, "Sobol indices need at least 2 samples (got %d)", n); return -1; }
    if (design_alloc(d, CS_SENS_SOBOL, k, n, k + 2, err, errlen)) return -1;
    double *ab = malloc((size_t)n * 2 * k * sizeof *ab);
    size_t *perm = malloc((size_t)n * sizeof *perm);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = ab && perm && g ? 0 : -1;
    if (g) gsl_rng_set(g, seed);
    for (int t = 0; t < n && perm; t++) perm[t] = (size_t)t;
    if (rc == 0) rc = shifted_sobol(g, 2 * k, n, perm, ab, 2 * k);
    for (int t = 0; t < n && rc == 0; t++) {
        const double *A = ab + (size_t)t * 2 * k, *B = A + k;
        for (int j = 0; j < k + 2; j++) {
            int row = t * (k + 2) + j;
            double *u = d->u + (size_t)row * k;
            memcpy(u, j == 1 ? B : A, (size_t)k * sizeof *u);
            d->moved[row] = j == 0 ? CS_SENS_ROW_BASE : j == 1 ? CS_SENS_ROW_B : j - 2;
            if (j >= 2) u[j - 2] = B[j - 2];
        }
    }
    if (rc) { cs_errf(err, errlen, "out of memory"); cs_sens_design_free(d); }
    gsl_rng_free(g);
    free(perm);
    free(ab);
    return rc;
}

/* ---- estimators ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The percentile interval of b sorted values at the two-sided level. */
static void percentile(double *v, int b, double level, double *lo, double *hi)
{
    qsort(v, (size_t)b, sizeof *v, cmp_double);
    double tail = (1 - level) / 2;
    int i = (int)floor(tail * (b - 1)), j = (int)ceil((1 - tail) * (b - 1));
    *lo = v[i < 0 ? 0 : i];
    *hi = v[j > b - 1 ? b - 1 : j];
}

/* mu, mu*, sigma and the bootstrap interval of mu* of the n values e. */
static void ee_summary(const double *e, int n, int n_boot, double level, gsl_rng *g, double *boot,
                       struct cs_sens_ee *out)
{
    double s = 0, sa = 0, ss = 0;
    for (int t = 0; t < n; t++) { s += e[t]; sa += fabs(e[t]); }
    out->n = n;
    out->mu = n ? s / n : NAN;
    out->mu_star = n ? sa / n : NAN;
    for (int t = 0; t < n; t++) ss += (e[t] - out->mu) * (e[t] - out->mu);
    out->sigma = n > 1 ? sqrt(ss / (n - 1)) : n ? 0 : NAN;
    out->lo = out->hi = out->mu_star;
    if (n < 2 || n_boot < 1) return;
    for (int b = 0; b < n_boot; b++) {
        double m = 0;
        for (int t = 0; t < n; t++) m += fabs(e[gsl_rng_uniform_int(g, (unsigned long)n)]);
        boot[b] = m / n;
    }
    percentile(boot, n_boot, level, &out->lo, &out->hi);
}

int cs_sens_morris(const struct cs_sens_design *d, const double *y, int n_boot, double level,
                   unsigned long seed, struct cs_sens_ee *out)
{
    if (d->method != CS_SENS_MORRIS) return -1;
    for (int i = 0; i < d->runs; i++)
        if (!isfinite(y[i])) return -1;
    double *e = malloc((size_t)d->n * sizeof *e), *boot = malloc((size_t)(n_boot > 0 ? n_boot : 1) * sizeof *boot);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = e && boot && g ? 0 : -1;
    /* factor i's row in each group is 1 + i; the noise row is the last */
    for (int i = 0; i < d->k + d->noise && rc == 0; i++) {
        int n = 0;
        for (int t = 0; t < d->n; t++) {
            int base = t * d->per_group, row = base + 1 + i;
            double du = i < d->k ? d->u[(size_t)row * d->k + i] - d->u[(size_t)base * d->k + i] : CS_SENS_STEP;
            if (du != 0) e[n++] = (y[row] - y[base]) / du;
        }
        /* each factor its own bootstrap stream, so its interval does not
         * depend on which other factors were varied */
        gsl_rng_set(g, seed + 1000003UL * (unsigned long)i);
        ee_summary(e, n, n_boot, level, g, boot, &out[i]);
    }
    gsl_rng_free(g);
    free(boot);
    free(e);
    return rc;
}

/* S1 and ST of factor i over the groups idx[0..n-1] (a bootstrap resample or
 * all of them); -1 when the outputs do not vary. */
static int sobol_one(const struct cs_sens_design *d, const double *y, int i, const int *idx, int n,
                     double *s1, double *st)
{
    int per = d->per_group;
    /* centring on the mean of A and B changes no expectation and keeps the
     * products of large outputs (money) from losing precision */
    double m = 0, v = 0, a1 = 0, at = 0;
    for (int j = 0; j < n; j++) m += y[idx[j] * per] + y[idx[j] * per + 1];
    m /= 2.0 * n;
    for (int j = 0; j < n; j++) {
        double fa = y[idx[j] * per] - m, fb = y[idx[j] * per + 1] - m, fab = y[idx[j] * per + 2 + i] - m;
        v += fa * fa + fb * fb;
        a1 += fb * (fab - fa);
        at += (fa - fab) * (fa - fab);
    }
    v /= 2.0 * n - 1;
    if (!(v > 0)) return -1;
    *s1 = a1 / n / v;
    *st = at / (2.0 * n) / v;
    return 0;
}

int cs_sens_sobol(const struct cs_sens_design *d, const double *y, int n_boot, double level,
                  unsigned long seed, struct cs_sens_si *out)
{
    if (d->method != CS_SENS_SOBOL) return -1;
    for (int i = 0; i < d->runs; i++)
        if (!isfinite(y[i])) return -1;
    int n = d->n, B = n_boot > 0 ? n_boot : 0;
    int *idx = malloc((size_t)n * sizeof *idx);
    double *b1 = malloc((size_t)(B ? B : 1) * sizeof *b1), *bt = malloc((size_t)(B ? B : 1) * sizeof *bt);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = idx && b1 && bt && g ? 0 : -1;
    for (int i = 0; i < d->k && rc == 0; i++) {
        struct cs_sens_si *o = &out[i];
        for (int j = 0; j < n; j++) idx[j] = j;
        if (sobol_one(d, y, i, idx, n, &o->s1, &o->st)) { rc = -1; break; }
        o->s1_lo = o->s1_hi = o->s1;
        o->st_lo = o->st_hi = o->st;
        if (B < 1) continue;
        gsl_rng_set(g, seed + 1000003UL * (unsigned long)i);
        int nb = 0;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < n; j++) idx[j] = (int)gsl_rng_uniform_int(g, (unsigned long)n);
            if (sobol_one(d, y, i, idx, n, &b1[nb], &bt[nb]) == 0) nb++;
        }
        if (nb > 1) {
            percentile(b1, nb, level, &o->s1_lo, &o->s1_hi);
            percentile(bt, nb, level, &o->st_lo, &o->st_hi);
        }
    }
    gsl_rng_free(g);
    free(bt);
    free(b1);
    free(idx);
    return rc;
}

void cs_sens_order(const double *v, int n, int *idx)
{
    /* insertion sort: stable, and n is at most the parameter table's size */
    for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0) {
            double a = v[idx[j - 1]], b = v[i];
            int before = isnan(a) ? !isnan(b) : !isnan(b) && b > a;
            if (!before) break;
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
}
