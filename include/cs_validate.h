/*
 * cs_validate.h — checking result files against published figures
 * (`caresim validate`, validation/validate.c; validation/README.md).
 *
 * A targets file is CSV with the header
 *     key,label,published,unit,year,source,run,run_year,measure,tolerance,why
 * (lines starting with # are comments). Each row is one published figure and
 * how to get the same measure from a run:
 *   run       the scenario name in the result files (e.g. england)
 *   run_year  the simulated period the published figure belongs to, on the
 *             model's calendar (cs_calendar.h; week 0 starts 2020-07-01):
 *               2023-24   a financial year, 1 April to 31 March: its 52 weeks
 *                         (flows and averages: a year's spending, requests)
 *               mid-2021  the mid-year (30 June) of a population estimate: the
 *                         one week starting 1 July 2021, when everyone has
 *                         just aged a year (dated week 52 (2021 - 2020))
 *             Result files must be dated (schema 3: a timeseries attribute
 *             policy_start_week); a period before week 0 or after the run's
 *             last week is an error.
 *   measure   AGG(m1+m2+...) or AGG(...)/AGG(...), AGG one of
 *               sum   the weekly values summed over the year (flows: requests, GBP)
 *               mean  the weekly values averaged over the year (stocks, rates)
 *               end   the value in the year's last week
 *             or param(path): the run's resolved setting (a figure the model
 *             takes as an input; it can only confirm the run used it)
 *             or "not modelled" (the why column says what is missing)
 *   tolerance "N%" of the published value, or an absolute amount in its units
 * Over a mid-year's one week, sum, mean and end are that week's value.
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
    char run_year[16];               /* as written: "2023-24" or "mid-2021" */
    int week0, n_weeks;              /* its dated weeks: week0 .. week0 + n_weeks - 1 */
    int kind, line;
    struct cs_vterm num, den;
    int has_den;
    char param[96];                  /* CS_VK_PARAM: the setting's path */
};

struct cs_targets { int n; struct cs_target *t; };

/* The dated weeks of a run_year ("2023-24": a financial year's 52; "mid-2021":
 * the one week starting 1 July 2021) into *week0, *n_weeks: 0, or -1 when s
 * is neither form. */
int cs_run_year_weeks(const char *s, int *week0, int *n_weeks);

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
 * the number of replicates, or -1 with a message in err (unknown run, a
 * period the run does not cover, a zero denominator). Series are indexed by
 * dated week (0 = 2020-07-01). Not for CS_VK_NONE. */
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
