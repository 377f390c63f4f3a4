/*
 * compare_core.c — paired comparisons of scenarios with a baseline
 * (cs_compare.h): the aggregation rule, aggregates per replicate and period,
 * and their intervals. No printing here (that is analysis/compare.c).
 */
#include "cs_compare.h"
#include "cs_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cs_compare_key_outcomes[] = {
    "unmet_need_hours", "unmet_need_people", "waiting_list", "wait_weeks_mean",
    "receiving_home_care", "wellbeing_mean", "isolated_share", "carer_breakdowns",
    "residential_admissions", "delayed_discharge_bed_days",
    "council_spend", "nhs_cost", "self_funder_spend", "unpaid_care_value",
    "reform_investment", "reform_grant",
    "vacancy_rate", "turnover_rate", "continuity_distinct_workers", "micro_enterprises",
    NULL};

#define PER_WEEK "/week"

enum cs_agg cs_agg_of_units(const char *units)
{
    size_t n = units ? strlen(units) : 0, k = strlen(PER_WEEK);
    return n > k && !strcmp(units + n - k, PER_WEEK) ? CS_AGG_SUM : CS_AGG_MEAN;
}

const char *cs_agg_units(const char *units, char *buf, size_t len)
{
    const char *u = units ? units : "";
    size_t n = strlen(u);
    if (cs_agg_of_units(u) == CS_AGG_SUM) n -= strlen(PER_WEEK);
    snprintf(buf, len, "%.*s", (int)n, u);
    return buf;
}

double cs_agg_period(enum cs_agg a, const double *x, int w0, int w1)
{
    if (w1 <= w0) return NAN;
    double s = 0;
    for (int w = w0; w < w1; w++) s += x[w];
    return a == CS_AGG_SUM ? s : s / (w1 - w0);
}

int cs_compare_recorded_baseline(const cs_rfile *f)
{
    for (int i = 0; i < cs_rfile_n_scenarios(f); i++) {
        char path[512];
        snprintf(path, sizeof path, "/scenarios/%s/business_case", cs_rfile_scenario(f, i));
        char *b = cs_rfile_string(f, path, "baseline");
        int k = b ? cs_rfile_find(f, b) : -1;
        free(b);
        if (k >= 0) return k;
    }
    return -1;
}

void cs_comparison_free(struct cs_comparison *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_outcomes; i++) free(c->outcome[i].period);
    free(c->outcome);
    memset(c, 0, sizeof *c);
}

/* Fill one outcome from the two series (both [R, W]) over the window's weeks
 * (the history before win->start is not compared); -1 when out of memory. */
static int fill_outcome(struct cs_outcome_cmp *o, const double *b, const double *s, int R, int W,
                        const struct cs_window *win, double level)
{
    int Y = win->n_years, a = win->start;
    o->period = calloc((size_t)Y + 1, sizeof *o->period);
    double *ab = malloc((size_t)R * 2 * sizeof *ab);
    if (!o->period || !ab) { free(ab); return -1; }
    double *as = ab + R;
    for (int p = 0; p <= Y; p++) {
        int w0 = a + (p == 0 ? 0 : 52 * (p - 1)), w1 = p == 0 ? W : (a + 52 * p < W ? a + 52 * p : W);
        for (int r = 0; r < R; r++) {
            ab[r] = cs_agg_period(o->agg, b + (size_t)r * W, w0, w1);
            as[r] = cs_agg_period(o->agg, s + (size_t)r * W, w0, w1);
        }
        o->period[p].base = cs_stats_mean_ci(ab, R, level);
        o->period[p].scen = cs_stats_mean_ci(as, R, level);
        o->period[p].diff = cs_stats_paired_ci(as, ab, R, level);
    }
    free(ab);
    return 0;
}

int cs_window_pair(const cs_rfile *f, const char *const names[2], int n_weeks, struct cs_window *win,
                   char *err, size_t errlen)
{
    struct cs_window w2;
    if (cs_rfile_window(f, names[0], n_weeks, win, err, errlen) ||
        cs_rfile_window(f, names[1], n_weeks, &w2, err, errlen))
        return 2;
    if (w2.start != win->start || w2.first_fy != win->first_fy) {
        cs_errf(err, errlen, "scenarios '%s' and '%s' start their policies in different weeks: "
                "compare scenarios run together", names[0], names[1]);
        return 2;
    }
    return 0;
}

int cs_compare_scenario(const cs_rfile *f, const char *baseline, const char *scenario,
                        const char *const *metrics, double level, struct cs_comparison *c,
                        char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->level = level;
    c->n_reps = c->n_weeks = -1;
    int W = -1;   /* series length (history and projection) */
    if (!metrics) metrics = cs_compare_key_outcomes;
    const char *names[2] = {baseline, scenario};
    for (int k = 0; k < 2; k++)
        if (cs_rfile_find(f, names[k]) < 0) {
            cs_errf(err, errlen, "no scenario '%s' in the file", names[k]);
            return 2;
        }
    int n = 0;
    while (metrics[n]) n++;
    c->outcome = calloc((size_t)(n > 0 ? n : 1), sizeof *c->outcome);
    if (!c->outcome) { cs_errf(err, errlen, "out of memory"); return 1; }
    int rc = 0;
    char path[2][512];
    for (int i = 0; i < n && rc == 0; i++) {
        for (int k = 0; k < 2; k++)
            snprintf(path[k], sizeof path[k], "/scenarios/%s/timeseries/%s", names[k], metrics[i]);
        if (!cs_rfile_exists(f, path[0]) || !cs_rfile_exists(f, path[1])) continue;
        int r[2], w[2];
        double *x[2];
        x[0] = cs_rfile_series(f, baseline, metrics[i], &r[0], &w[0], err, errlen);
        x[1] = x[0] ? cs_rfile_series(f, scenario, metrics[i], &r[1], &w[1], err, errlen) : NULL;
        if (!x[1]) rc = 1;
        else if (r[0] != r[1] || w[0] != w[1] || (c->n_reps >= 0 && (r[0] != c->n_reps || w[0] != W))) {
            cs_errf(err, errlen, "scenario '%s' has %d replicates of %d weeks but baseline '%s' has %d of %d: "
                "compare scenarios run together (same replicates and years)",
                scenario, r[1], w[1], baseline, r[0], w[0]);
            rc = 2;
        } else if (W < 0 && cs_window_pair(f, names, w[0], &c->win, err, errlen)) {
            rc = 2;
        } else {
            struct cs_outcome_cmp *o = &c->outcome[c->n_outcomes];
            char *units = cs_rfile_string(f, path[0], "units");
            snprintf(o->name, sizeof o->name, "%s", metrics[i]);
            snprintf(o->units, sizeof o->units, "%s", units ? units : "");
            free(units);
            o->agg = cs_agg_of_units(o->units);
            cs_agg_units(o->units, o->agg_units, sizeof o->agg_units);
            c->n_reps = r[0];
            W = w[0];
            c->n_weeks = c->win.n_weeks;
            c->n_years = c->win.n_years;
            c->n_outcomes++;
            if (fill_outcome(o, x[0], x[1], r[0], W, &c->win, level)) { cs_errf(err, errlen, "out of memory"); rc = 1; }
        }
        free(x[0]);
        free(x[1]);
    }
    if (rc == 0 && c->n_outcomes == 0) {
        cs_errf(err, errlen, "none of the outcomes to compare is in both '%s' and '%s'", baseline, scenario);
        rc = 2;
    }
    if (rc) cs_comparison_free(c);
    return rc;
}
