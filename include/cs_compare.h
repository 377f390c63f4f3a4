/*
 * cs_compare.h — comparing each scenario of a result file with a baseline:
 * the paired difference of key outcomes (scenario minus baseline, replicate by
 * replicate, then the mean and t interval over replicates) over the
 * projection window (the weeks from the policy start: cs_h5read.h) and year
 * by year, years being financial years from the policy start. Used by `caresim compare` (analysis/compare.c) and
 * meant for `caresim report`; the business case is in cs_bizcase.h.
 *
 * Aggregation over a period (a year, or the horizon) follows from a metric's
 * units and nothing else, so it cannot drift from the metrics table: flows and
 * money per week (units ending in "/week": "GBP/week", "people/week",
 * "hours/week", ...) are SUMMED over the weeks of the period; everything else
 * (stocks such as "people", rates such as "per year", shares, means) is
 * AVERAGED over them.
 */
#ifndef CS_COMPARE_H
#define CS_COMPARE_H

#include <stddef.h>

#include "cs_h5read.h"
#include "cs_stats.h"

enum cs_agg { CS_AGG_MEAN, CS_AGG_SUM };

/* The rule for a metric with these units (NULL or "" averages). */
enum cs_agg cs_agg_of_units(const char *units);
/* The units of the aggregate: for a sum the part before "/week" ("GBP/week"
 * -> "GBP"), for a mean the units unchanged. Writes into buf; returns buf. */
const char *cs_agg_units(const char *units, char *buf, size_t len);
/* The aggregate of x[w0 .. w1-1] under rule a (NaN when w1 <= w0). */
double cs_agg_period(enum cs_agg a, const double *x, int w0, int w1);

/* The key outcomes compared when none are named, NULL-terminated: unmet need,
 * waiting list and wait, people receiving home care, wellbeing, isolation,
 * carer breakdowns, care-home admissions, delayed discharge, the money of each
 * budget holder, reform investment and grant, and the workforce. */
extern const char *const cs_compare_key_outcomes[];

struct cs_period_cmp {
    struct cs_ci base;   /* the baseline's aggregate: mean and interval over replicates */
    struct cs_ci scen;   /* the scenario's */
    struct cs_ci diff;   /* paired: scenario minus baseline, replicate by replicate */
};

struct cs_outcome_cmp {
    char name[64];
    char units[48];              /* of the weekly series, e.g. "GBP/week" */
    char agg_units[48];          /* of its aggregate, e.g. "GBP" */
    enum cs_agg agg;
    struct cs_period_cmp *period; /* [1 + n_years]: [0] the horizon (the whole window), [y] year y (1-based) */
};

struct cs_comparison {
    int n_reps;
    struct cs_window win;        /* the projection window of the series (cs_h5read.h) */
    int n_weeks;                 /* weeks of the window (the history before it is not compared) */
    int n_years;                 /* ceil(n_weeks / 52); year y holds the window's weeks 52(y-1) .. 52y-1,
                                    financial year win.first_fy + y - 1 (cs_window_label) */
    double level;
    int n_outcomes;
    struct cs_outcome_cmp *outcome; /* those of the list present in both scenarios, in its order */
};

/* The common projection window of two scenarios (names[0], names[1]) whose
 * series have n_weeks: 0, or 2 with a message when either cannot be read or
 * they differ. */
int cs_window_pair(const cs_rfile *f, const char *const names[2], int n_weeks, struct cs_window *win,
                   char *err, size_t errlen);

/* Compare scenario with baseline in f for the metrics listed (NULL-terminated;
 * NULL means cs_compare_key_outcomes), skipping any absent from either. Fills c
 * (free with cs_comparison_free). Returns 0; 1 when a series cannot be read;
 * 2 when the input is unusable (no such scenario, none of the metrics present,
 * or the scenarios differ in replicates or weeks), with a message in err. */
int cs_compare_scenario(const cs_rfile *f, const char *baseline, const char *scenario,
                        const char *const *metrics, double level, struct cs_comparison *c,
                        char *err, size_t errlen);
void cs_comparison_free(struct cs_comparison *c);

/* Index of the scenario the run wrote its business cases against (the
 * baseline it recorded), or -1 when the file holds no business case. compare
 * and report use it as the default baseline, else the first scenario run. */
int cs_compare_recorded_baseline(const cs_rfile *f);

#endif
