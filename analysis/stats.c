/*
 * stats.c — means with t intervals (cs_stats.h). GSL gives the quantile of
 * Student's t; the rest is two passes over a short array.
 */
#include "cs_stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

struct cs_ci cs_stats_mean_ci(const double *x, int n, double level)
{
    struct cs_ci c = {NAN, 0, NAN, NAN, 0};
    double sum = 0;
    for (int k = 0; k < n; k++)
        if (isfinite(x[k])) { sum += x[k]; c.n++; }
    if (c.n == 0) return c;
    c.mean = sum / c.n;
    c.lo = c.hi = c.mean;
    if (c.n < 2) return c;
    double ss = 0;
    for (int k = 0; k < n; k++)
        if (isfinite(x[k])) ss += (x[k] - c.mean) * (x[k] - c.mean);
    c.sd = sqrt(ss / (c.n - 1));
    double t = gsl_cdf_tdist_Pinv(0.5 + level / 2, c.n - 1);
    double half = t * c.sd / sqrt((double)c.n);
    c.lo = c.mean - half;
    c.hi = c.mean + half;
    return c;
}

struct cs_ci cs_stats_paired_ci(const double *a, const double *b, int n, double level)
{
    double *d = malloc((size_t)(n > 0 ? n : 1) * sizeof *d);
    if (!d) { struct cs_ci c = {NAN, 0, NAN, NAN, 0}; return c; }
    for (int k = 0; k < n; k++) d[k] = a[k] - b[k];
    struct cs_ci c = cs_stats_mean_ci(d, n, level);
    free(d);
    return c;
}
