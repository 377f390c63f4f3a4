/*
 * cs_stats.h — the few statistics the comparison tools need: the mean of a
 * sample with a t-based confidence interval, paired over replicates.
 *
 * Why paired: replicate k of every scenario in one file shares its random
 * numbers (common random numbers, cs_rng.h), so the right interval for a
 * difference between two scenarios is the interval of the per-replicate
 * differences, not of two separate means.
 */
#ifndef CS_STATS_H
#define CS_STATS_H

struct cs_ci {
    double mean;   /* sample mean (NaN when n == 0) */
    double sd;     /* sample standard deviation (0 when n < 2) */
    double lo, hi; /* confidence interval; equal to mean when n < 2 */
    int n;         /* number of finite values used */
};

/* Mean and two-sided t interval at the given level (e.g. 0.95) of the finite
 * values among x[0..n-1] (NaNs are skipped, so "not reached" can be NaN). */
struct cs_ci cs_stats_mean_ci(const double *x, int n, double level);

/* The same for the paired differences a[k] - b[k]. */
struct cs_ci cs_stats_paired_ci(const double *a, const double *b, int n, double level);

#endif
