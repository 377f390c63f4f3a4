/*
 * cs_validate.h — checking result files against published figures
 * (`caresim validate`, validation/validate.c; validation/README.md).
 *
 * A targets file is CSV with the header
 *     key,label,published,unit,year,source,run,run_year,measure,tolerance,why
 * (lines starting with # are comments). Each row is one published figure and
 * how to get the same measure from a run:
 *   run       the scenario name in the result files (e.g. england)
 *   run_year  the reported year of that run (1 = weeks 0-51)
 *   measure   AGG(m1+m2+...) or AGG(...)/AGG(...), AGG one of
 *               sum   the weekly values summed over the year (flows: requests, GBP)
 *               mean  the weekly values averaged over the year (stocks, rates)
 *               end   the value in the year's last week
 *             or param(path): the run's resolved setting (a figure the model
 *             takes as an input; it can only confirm the run used it)
 *             or "not modelled" (the why column says what is missing)
 *   tolerance "N%" of the published value, or an absolute amount in its units
 * The measure is computed per replicate; the verdict uses the mean over
 * replicates, and the interval shown is the t interval of that mean.
 */
#ifndef CS_VALIDATE_H
#define CS_VALIDATE_H

#include <stddef.h>

#include "cs_stats.h"

enum { CS_VAGG_SUM, CS_VAGG_MEAN, CS_VAGG_END };
enum { CS_VK_SERIES, CS_VK_PARAM, CS_VK_NONE };   /* how a target is measured */
enum { CS_VS_PASS, CS_VS_FAIL, CS_VS_INPUT, CS_VS_NM };   /* verdicts */

#define CS_VTERM_MAX 8
struct cs_vterm {
    int agg, n;
    int metric[CS_VTERM_MAX];        /* indexes into cs_metric_table */
};

struct cs_target {
    char key[64], label[64], unit[32], year[16], source[256], run[64], measure[256], why[512];
    double published, tol;
    int tol_rel;                     /* 1: tol is a fraction of published */
    int run_year, kind, line;
    struct cs_vterm num, den;
    int has_den;
    char param[96];                  /* CS_VK_PARAM: the setting's path */
};

struct cs_targets { int n; struct cs_target *t; };

/* Read a targets file. 0, or -1 with "path:line: message" in err. */
int cs_targets_load(const char *path, struct cs_targets *ts, char *err, size_t errlen);
void cs_targets_free(struct cs_targets *ts);

/* Where a target's numbers come from (result files, or a test's arrays). */
struct cs_vsource {
    /* metric k of scenario run as data[r * n_weeks + w]; owned by the source */
    const double *(*series)(void *ctx, const char *run, int k, int *n_reps, int *n_weeks,
                            char *err, size_t errlen);
    /* a numeric setting of run's resolved configuration; 0, or -1 with err */
    int (*param)(void *ctx, const char *run, const char *path, double *v, char *err, size_t errlen);
    void *ctx;
};

/* The measure of target t in each replicate, into vals (at most max). Returns
 * the number of replicates, or -1 with a message in err (unknown run, a year
 * the run does not reach, a zero denominator). Not for CS_VK_NONE. */
int cs_target_values(const struct cs_target *t, const struct cs_vsource *src, double *vals, int max,
                     char *err, size_t errlen);

/* The tolerance of t in its own units (a percentage taken of the published
 * value), and whether v lies within it of the published value (the verdict's
 * rule; calibration uses it too). */
double cs_target_band(const struct cs_target *t);
int cs_target_within(const struct cs_target *t, double v);

/* The verdict on n replicate values: PASS when their mean is within the
 * tolerance of the published value (INPUT for a param target), else FAIL;
 * NM for a target that is not modelled. ci gets the mean and its interval. */
int cs_target_judge(const struct cs_target *t, const double *vals, int n, double level, struct cs_ci *ci);

#endif
