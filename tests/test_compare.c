/*
 * test_compare.c — the aggregation rule from units, the reader of result
 * files (analysis/h5read.c), paired comparisons (analysis/compare_core.c), and the
 * business case written by cs_bizcase_write (cs_out_business_case) against the one recomputed
 * from the file's series. Files are written with cs_out_* in a temporary
 * directory.
 */
#include "check.h"
#include "cs_bizcase.h"
#include "cs_cli.h"
#include "cs_compare.h"
#include "cs_h5read.h"
#include "cs_metrics.h"
#include "cs_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

#include <hdf5.h>

void test_compare(void);

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

static const char *metric_units(const char *name)
{
    for (int k = 0; k < CS_N_METRICS; k++)
        if (!strcmp(cs_metric_table[k].name, name)) return cs_metric_table[k].units;
    return NULL;
}

static void aggregation_rule(void)
{
    const char *sum[] = {"GBP/week", "people/week", "hours/week", "events/week", "bed-days/week"};
    const char *mean[] = {"people", "fraction", "per year", "GBP/hour", "weeks", "0-1",
                          "per 100k 65+ per year", "", "/week"};
    for (size_t i = 0; i < sizeof sum / sizeof *sum; i++)
        CHECK(cs_agg_of_units(sum[i]) == CS_AGG_SUM, "'%s' should be summed", sum[i]);
    for (size_t i = 0; i < sizeof mean / sizeof *mean; i++)
        CHECK(cs_agg_of_units(mean[i]) == CS_AGG_MEAN, "'%s' should be averaged", mean[i]);
    CHECK(cs_agg_of_units(NULL) == CS_AGG_MEAN, "no units: averaged");
    /* the rule applied to the metrics table */
    const char *tsum[] = {"council_spend", "nhs_cost", "unpaid_care_value", "residential_admissions",
                          "carer_breakdowns", "unmet_need_hours", "delayed_discharge_bed_days"};
    const char *tmean[] = {"waiting_list", "isolated_share", "wellbeing_mean", "turnover_rate",
                           "vacancy_rate", "wait_weeks_mean", "micro_enterprises", "mean_hourly_pay"};
    for (size_t i = 0; i < sizeof tsum / sizeof *tsum; i++)
        CHECK(cs_agg_of_units(metric_units(tsum[i])) == CS_AGG_SUM, "%s should be summed", tsum[i]);
    for (size_t i = 0; i < sizeof tmean / sizeof *tmean; i++)
        CHECK(cs_agg_of_units(metric_units(tmean[i])) == CS_AGG_MEAN, "%s should be averaged", tmean[i]);
    char buf[48];
    CHECK(!strcmp(cs_agg_units("GBP/week", buf, sizeof buf), "GBP"), "GBP/week -> '%s'", buf);
    CHECK(!strcmp(cs_agg_units("bed-days/week", buf, sizeof buf), "bed-days"), "bed-days/week -> '%s'", buf);
    CHECK(!strcmp(cs_agg_units("fraction", buf, sizeof buf), "fraction"), "fraction -> '%s'", buf);
    double x[5] = {1, 2, 3, 4, 10};
    CHECK(cs_agg_period(CS_AGG_SUM, x, 1, 4) == 9, "sum of weeks 1..3");
    CHECK(cs_agg_period(CS_AGG_MEAN, x, 0, 5) == 4, "mean of weeks 0..4");
    CHECK(isnan(cs_agg_period(CS_AGG_MEAN, x, 2, 2)), "empty period is NaN");
}

/* ---- a small result file ----------------------------------------------------- */

enum { R = 2, W = 60 };   /* 60 weeks: year 2 is partial (8 weeks) */

/* Weekly series of scenario s (0 = zeta, the baseline; 1 = alpha). */
static void fill(int s, const char *metric, double *x)
{
    for (int r = 0; r < R; r++)
        for (int w = 0; w < W; w++) {
            double v = 0;
            if (!strcmp(metric, "council_spend")) v = s ? 110 + 2 * r + (w < 52 ? 5 : 0) : 100 + r;
            else if (!strcmp(metric, "reform_investment")) v = s && w < 52 ? 5 : 0;
            else if (!strcmp(metric, "nhs_cost")) v = s ? 200 - 3 * w % 7 - r : 200;
            else if (!strcmp(metric, "self_funder_spend")) v = 50 + s * (w % 3);
            else if (!strcmp(metric, "unpaid_care_value")) v = 400 - s * 20 - r;
            else if (!strcmp(metric, "isolated_share")) v = s ? 0.125 : 0.25;
            x[r * W + w] = v;
        }
}

static const char *metrics[] = {"council_spend", "reform_investment", "nhs_cost", "self_funder_spend",
                                "unpaid_care_value", "isolated_share"};
#define N_METRICS (int)(sizeof metrics / sizeof *metrics)

static int write_file(const char *path, struct cs_bizcase *bc_written)
{
    char err[512];
    struct cs_provenance prov = {"0.1.0", "abc123", "gcc", "caresim run test", 7};
    cs_out *o = cs_out_create(path, &prov, err, sizeof err);
    CHECK(o != NULL, "cs_out_create: %s", err);
    if (!o) return -1;
    const char *names[2] = {"zeta", "alpha"};   /* run order differs from name order */
    const char *cfg[2] = {"name = \"zeta\";\n", "name = \"alpha\";\nbusiness_case = { discount_rate = 0.02; };\n"};
    double x[2][N_METRICS][R * W];
    int bad = 0;
    for (int s = 0; s < 2; s++) {
        bad |= cs_out_scenario(o, names[s], cfg[s], R, W, 0, "2020-07-01");
        for (int m = 0; m < N_METRICS; m++) {
            fill(s, metrics[m], x[s][m]);
            bad |= cs_out_series(o, names[s], metrics[m], metric_units(metrics[m]), "test", x[s][m], R, W);
        }
    }
    /* a third scenario with fewer weeks, for the shape check */
    bad |= cs_out_scenario(o, "short", "", R, 52, 0, "2020-07-01");
    bad |= cs_out_series(o, "short", "council_spend", "GBP/week", "test", x[0][0], R, 52);
    /* and one with the right shape but only council_spend */
    bad |= cs_out_scenario(o, "bare", "", R, W, 0, "2020-07-01");
    bad |= cs_out_series(o, "bare", "council_spend", "GBP/week", "test", x[0][0], R, W);
    CHECK(!bad, "writing the test file: %s", cs_out_errmsg(o));

    const double *in[2][CS_BC_N_INPUTS] = {{0}};
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < CS_BC_N_INPUTS; k++)
            for (int m = 0; m < N_METRICS; m++)
                if (!strcmp(metrics[m], cs_bc_input_metric[k])) in[s][k] = x[s][m];
    CHECK(cs_bizcase_compute(in[0], in[1], R, W, NULL, 0.02, 0.95, bc_written) == 0, "compute");
    CHECK(cs_bizcase_write(o, "alpha", "zeta", bc_written) == 0, "cs_bizcase_write: %s", cs_out_errmsg(o));
    CHECK(cs_out_open_ids(o) == 0, "HDF5 ids left open after cs_bizcase_write: %d", cs_out_open_ids(o));
    CHECK(cs_bizcase_write(o, "alpha", "zeta", bc_written) != 0, "a second business case for alpha accepted");
    CHECK(cs_bizcase_write(o, "nosuch", "zeta", bc_written) != 0, "a business case for a missing scenario accepted");
    CHECK(cs_out_open_ids(o) == 0, "HDF5 ids left open after failures: %d", cs_out_open_ids(o));
    if (cs_out_finish(o, err, sizeof err)) {
        CHECK(0, "cs_out_finish: %s", err);
        return -1;
    }
    return 0;
}

static void reader(const char *path, const char *dir)
{
    char err[512];
    cs_rfile *f = cs_rfile_open(path, err, sizeof err);
    CHECK(f != NULL, "cs_rfile_open: %s", err);
    if (!f) return;
    CHECK(cs_rfile_n_scenarios(f) == 4, "%d scenarios", cs_rfile_n_scenarios(f));
    CHECK(!strcmp(cs_rfile_scenario(f, 0), "zeta") && !strcmp(cs_rfile_scenario(f, 1), "alpha") &&
          !strcmp(cs_rfile_scenario(f, 2), "short"), "run order: %s %s %s", cs_rfile_scenario(f, 0),
          cs_rfile_scenario(f, 1), cs_rfile_scenario(f, 2));
    CHECK(cs_rfile_find(f, "alpha") == 1 && cs_rfile_find(f, "nope") == -1, "find");
    int nr = 0, nw = 0;
    double *x = cs_rfile_series(f, "alpha", "council_spend", &nr, &nw, err, sizeof err);
    CHECK(x && nr == R && nw == W, "series shape %d x %d", nr, nw);
    if (x) CHECK(x[0] == 115 && x[W + 59] == 112, "series values %g %g", x[0], x[W + 59]);
    free(x);
    x = cs_rfile_series(f, "alpha", "no_such_metric", &nr, &nw, err, sizeof err);
    CHECK(!x && strstr(err, "no_such_metric"), "missing metric: '%s'", err);
    char *s = cs_rfile_string(f, "/", "git_commit");
    CHECK(s && !strcmp(s, "abc123"), "git_commit '%s'", s ? s : "(null)");
    free(s);
    s = cs_rfile_string(f, "/scenarios/alpha/timeseries/council_spend", "units");
    CHECK(s && !strcmp(s, "GBP/week"), "units '%s'", s ? s : "(null)");
    free(s);
    s = cs_rfile_string(f, "/scenarios/zeta/config", NULL);
    CHECK(s && !strcmp(s, "name = \"zeta\";\n"), "config '%s'", s ? s : "(null)");
    free(s);
    CHECK(cs_rfile_string(f, "/scenarios/zeta", "nope") == NULL, "absent attribute");
    CHECK(cs_rfile_exists(f, "/scenarios/alpha/business_case") && !cs_rfile_exists(f, "/scenarios/zeta/business_case"),
          "business_case only for alpha");
    cs_rfile_close(f);

    /* refused: a missing file, an HDF5 file that is not a result file, an incomplete one */
    char other[600];
    CHECK(cs_rfile_open("/nonexistent/x.h5", err, sizeof err) == NULL && strstr(err, "cannot open"),
          "missing file: '%s'", err);
    snprintf(other, sizeof other, "%s/plain.h5", dir);
    hid_t h = H5Fcreate(other, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(h);
    CHECK(cs_rfile_open(other, err, sizeof err) == NULL && strstr(err, "not a caresim result file"),
          "plain HDF5 file: '%s'", err);
    unlink(other);
    snprintf(other, sizeof other, "%s/incomplete.h5", dir);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, other);
    CHECK(system(cmd) == 0, "copy");
    h = H5Fopen(other, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t a = H5Aopen(h, "status", H5P_DEFAULT), t = H5Aget_type(a);
    const char *inc = "incomplete";
    CHECK(H5Awrite(a, t, &inc) >= 0, "rewrite status");
    H5Tclose(t);
    H5Aclose(a);
    H5Fclose(h);
    CHECK(cs_rfile_open(other, err, sizeof err) == NULL && strstr(err, "did not finish"), "incomplete file: '%s'", err);
    unlink(other);
}

static void comparisons(const char *path)
{
    char err[512];
    cs_rfile *f = cs_rfile_open(path, err, sizeof err);
    if (!f) return;
    struct cs_comparison c;
    const char *list[] = {"isolated_share", "no_such_metric", "council_spend", NULL};
    int rc = cs_compare_scenario(f, "zeta", "alpha", list, 0.95, &c, err, sizeof err);
    CHECK(rc == 0, "cs_compare_scenario: %d %s", rc, err);
    if (rc == 0) {
        CHECK(c.n_outcomes == 2 && c.n_reps == R && c.n_weeks == W && c.n_years == 2,
              "%d outcomes, %d reps, %d weeks, %d years", c.n_outcomes, c.n_reps, c.n_weeks, c.n_years);
        const struct cs_outcome_cmp *iso = &c.outcome[0], *cs = &c.outcome[1];
        CHECK(!strcmp(iso->name, "isolated_share") && iso->agg == CS_AGG_MEAN && !strcmp(iso->agg_units, "fraction"),
              "isolated_share: %s %d %s", iso->name, iso->agg, iso->agg_units);
        CHECK(iso->period[0].diff.mean == -0.125 && iso->period[0].diff.lo == -0.125 &&
              iso->period[2].base.mean == 0.25, "isolated_share averaged: %g", iso->period[0].diff.mean);
        CHECK(!strcmp(cs->name, "council_spend") && cs->agg == CS_AGG_SUM && !strcmp(cs->agg_units, "GBP"),
              "council_spend: %s %d %s", cs->name, cs->agg, cs->agg_units);
        /* per replicate: year 1 52*(15 + r), year 2 8*(10 + r), horizon the sum */
        CHECK(cs->period[1].diff.mean == 52 * 15.5 && cs->period[2].diff.mean == 8 * 10.5 &&
              cs->period[0].diff.mean == 52 * 15.5 + 8 * 10.5, "council_spend summed: %g %g %g",
              cs->period[0].diff.mean, cs->period[1].diff.mean, cs->period[2].diff.mean);
        CHECK(cs->period[1].base.mean == 52 * 100.5 && cs->period[1].scen.mean == 52 * 116,
              "baseline and scenario means %g %g", cs->period[1].base.mean, cs->period[1].scen.mean);
        /* differences 780 and 832: sd 36.77, t(0.975, 1) = 12.7062 -> half width 330.4 */
        double half = 12.706204736 * sqrt(2 * 26.0 * 26.0) / sqrt(2.0);
        CHECK(NEAR(cs->period[1].diff.lo, 806 - half, 1e-4) && NEAR(cs->period[1].diff.hi, 806 + half, 1e-4),
              "paired interval [%g, %g], want 806 -/+ %g", cs->period[1].diff.lo, cs->period[1].diff.hi, half);
        cs_comparison_free(&c);
    }
    rc = cs_compare_scenario(f, "zeta", "short", NULL, 0.95, &c, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "weeks"), "different weeks: rc %d '%s'", rc, err);
    rc = cs_compare_scenario(f, "zeta", "nope", NULL, 0.95, &c, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "nope"), "unknown scenario: rc %d '%s'", rc, err);

    /* the business case recomputed from the file equals the stored one */
    CHECK(cs_bizcase_file_rate(f, "alpha") == 0.02 && cs_bizcase_file_rate(f, "zeta") == 0.035,
          "rates from the configurations: %g %g", cs_bizcase_file_rate(f, "alpha"), cs_bizcase_file_rate(f, "zeta"));
    struct cs_bizcase bc;
    rc = cs_bizcase_from_file(f, "zeta", "alpha", 0.02, 0.95, &bc, err, sizeof err);
    CHECK(rc == 0, "cs_bizcase_from_file: %s", err);
    if (rc == 0) {
        hid_t h = (hid_t)cs_rfile_hid(f);
        double npv[R], summary[CS_BC_N_MEASURES * 3], sav[R * 2 * CS_BC_N_HOLDERS], rate = 0;
        int year[2] = {0, 0};
        hid_t d = H5Dopen2(h, "/scenarios/alpha/business_case/npv", H5P_DEFAULT);
        CHECK(d >= 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, npv) >= 0, "read npv");
        H5Dclose(d);
        d = H5Dopen2(h, "/scenarios/alpha/business_case/summary", H5P_DEFAULT);
        CHECK(d >= 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, summary) >= 0, "read summary");
        H5Dclose(d);
        d = H5Dopen2(h, "/scenarios/alpha/business_case/savings", H5P_DEFAULT);
        CHECK(d >= 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sav) >= 0, "read savings");
        H5Dclose(d);
        d = H5Dopen2(h, "/scenarios/alpha/business_case/year", H5P_DEFAULT);
        CHECK(d >= 0 && H5Dread(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, year) >= 0, "read year");
        H5Dclose(d);
        hid_t a = H5Aopen_by_name(h, "/scenarios/alpha/business_case", "discount_rate", H5P_DEFAULT, H5P_DEFAULT);
        CHECK(a >= 0 && H5Aread(a, H5T_NATIVE_DOUBLE, &rate) >= 0 && rate == 0.02, "discount_rate attribute %g", rate);
        H5Aclose(a);
        for (int r = 0; r < R; r++) CHECK(npv[r] == bc.npv[r], "stored npv[%d] %.17g, recomputed %.17g", r, npv[r], bc.npv[r]);
        for (int m = 0; m < CS_BC_N_MEASURES; m++) {
            double s[3] = {bc.summary[m].mean, bc.summary[m].lo, bc.summary[m].hi};
            for (int j = 0; j < 3; j++)
                CHECK((isnan(s[j]) && isnan(summary[m * 3 + j])) || s[j] == summary[m * 3 + j],
                      "summary %s[%d]: stored %.17g, recomputed %.17g", cs_bc_measure_name[m], j, summary[m * 3 + j], s[j]);
        }
        CHECK(!memcmp(sav, bc.savings, sizeof sav), "stored savings differ from recomputed");
        CHECK(year[0] == 1 && year[1] == 2, "year scale %d %d", year[0], year[1]);
        char *hold = cs_rfile_string(f, "/scenarios/alpha/business_case", "baseline");
        CHECK(hold && !strcmp(hold, "zeta"), "baseline attribute '%s'", hold ? hold : "(null)");
        free(hold);
        /* council saving in year 1 of replicate 0: 52 * (100 - 115) */
        CHECK(bc.savings[CS_BC_COUNCIL] == 52 * -15.0, "council saving %g", bc.savings[CS_BC_COUNCIL]);
        CHECK(bc.investment[0] == 52 * 5.0 && bc.investment[1] == 0, "investment %g %g", bc.investment[0], bc.investment[1]);
        cs_bizcase_free(&bc);
    }
    rc = cs_bizcase_from_file(f, "zeta", "short", 0.02, 0.95, &bc, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "short"), "different shape: rc %d '%s'", rc, err);
    rc = cs_bizcase_from_file(f, "zeta", "bare", 0.02, 0.95, &bc, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "nhs_cost"), "missing input: rc %d '%s'", rc, err);
    const char *iso[] = {"isolated_share", NULL};
    rc = cs_compare_scenario(f, "zeta", "bare", iso, 0.95, &c, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "none of the outcomes"), "no outcome in common: rc %d '%s'", rc, err);
    cs_rfile_close(f);
}

/* ---- the projection window (a file with a calendar) ------------------------- */

/* Overwrite the attribute policy_start_week of a scenario's timeseries group
 * in a finished file with v (which the writer would refuse), or delete it
 * (v < 0) as in a file written before the calendar. */
static int set_start(const char *path, const char *scenario, int v)
{
    hid_t h = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    char g[256];
    snprintf(g, sizeof g, "/scenarios/%s/timeseries", scenario);
    /* deleted and created again: HDF5 1.10 cannot write over it in place in this file */
    int ok = h >= 0 && H5Adelete_by_name(h, g, "policy_start_week", H5P_DEFAULT) >= 0;
    if (ok && v >= 0) {
        hid_t sp = H5Screate(H5S_SCALAR);
        hid_t a = H5Acreate_by_name(h, g, "policy_start_week", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT,
                                    H5P_DEFAULT);
        ok = a >= 0 && H5Awrite(a, H5T_NATIVE_INT, &v) >= 0;
        if (a >= 0) H5Aclose(a);
        H5Sclose(sp);
    }
    if (h >= 0) H5Fclose(h);
    return ok ? 0 : -1;
}

enum { S0 = 39, WW = S0 + 2 * 52 + 10 };   /* week 39 starts 2021-22; 2023-24 is partial */

/* A file of five scenarios over WW weeks whose policy starts at week S0 (but
 * "old", without the attribute), with `hist` a week more in every scenario
 * but "base" before it. */
static int write_windowed(const char *path, double hist_diff)
{
    char err[512];
    struct cs_provenance prov = {"0.1.0", "abc123", "gcc", "caresim run test", 7};
    cs_out *o = cs_out_create(path, &prov, err, sizeof err);
    CHECK(o != NULL, "cs_out_create: %s", err);
    if (!o) return -1;
    const char *names[] = {"base", "scen", "late", "beyond", "old"};
    static double x[5][3][R * WW];
    const char *m3[] = {"council_spend", "nhs_cost", "isolated_share"};
    int bad = 0;
    for (int s = 0; s < 5; s++) {
        bad |= cs_out_scenario(o, names[s], "", R, WW, s == 2 ? S0 + 52 : S0, "2021-04-01");
        for (int m = 0; m < 3; m++) {
            for (int r = 0; r < R; r++)
                for (int w = 0; w < WW; w++) {
                    double hist = w < S0 ? hist_diff * (s > 0) : 0;
                    double v = m == 0 ? 100 + 10 * (s > 0) + r : m == 1 ? 200 : s > 0 ? 0.5 : 0.25;
                    x[s][m][r * WW + w] = v + (m == 2 ? 0 : hist);
                }
            bad |= cs_out_series(o, names[s], m3[m], metric_units(m3[m]), "test", x[s][m], R, WW);
        }
        bad |= cs_out_series(o, names[s], "self_funder_spend", "GBP/week", "test", x[s][1], R, WW);
        bad |= cs_out_series(o, names[s], "unpaid_care_value", "GBP/week", "test", x[s][1], R, WW);
        bad |= cs_out_series(o, names[s], "reform_investment", "GBP/week", "test", x[s][1], R, WW);
        bad |= cs_out_series(o, names[s], "people_alive", "people", "test", x[s][1], R, WW);   /* the report's shape */
    }
    CHECK(!bad, "writing the windowed file: %s", cs_out_errmsg(o));
    if (cs_out_finish(o, err, sizeof err)) { CHECK(0, "cs_out_finish: %s", err); return -1; }
    int rc = set_start(path, "beyond", WW) | set_start(path, "old", -1);
    CHECK(rc == 0, "changing policy_start_week");
    return rc;
}

/* The HTML of `caresim report` on path, its "differences" section only (caller frees). */
static char *report_differences(const char *path, const char *html)
{
    char *argv[] = {"report", (char *)path, "-o", (char *)html, "--baseline", "base", NULL};
    optind = 0;
    int rc = cs_cmd_report(6, argv);
    CHECK(rc == 0, "caresim report %s: %d", path, rc);
    FILE *f = fopen(html, "r");
    if (!f) return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    CHECK(strstr(buf, "(2021-22 to 2023-24)") != NULL, "the report names its window");
    char *a = strstr(buf, "<section id=\"differences\">"), *b = a ? strstr(a, "</section>") : NULL;
    return a && b ? strndup(a, (size_t)(b - a)) : NULL;
}

/* The history before the policy start differs wildly between the scenarios;
 * comparisons, the business case and the report must see only the weeks from
 * the start, in financial years named from it. */
static void windowed(const char *dir)
{
    char path[600], quiet[600], html[600], err[512];
    snprintf(path, sizeof path, "%s/window.h5", dir);
    snprintf(quiet, sizeof quiet, "%s/quiet.h5", dir);
    snprintf(html, sizeof html, "%s/report.html", dir);
    if (write_windowed(path, 1e6) || write_windowed(quiet, 0)) return;
    /* the report's differences do not depend on the history */
    char *d1 = report_differences(path, html), *d2 = report_differences(quiet, html);
    CHECK(d1 && d2 && !strcmp(d1, d2), "the report's differences change with the history before the policy start");
    free(d1);
    free(d2);
    unlink(quiet);

    cs_rfile *f = cs_rfile_open(path, err, sizeof err);
    CHECK(f != NULL, "cs_rfile_open: %s", err);
    if (!f) { unlink(path); return; }
    struct cs_window win;
    CHECK(cs_rfile_window(f, "scen", WW, &win, err, sizeof err) == 0 && win.start == S0 &&
          win.n_weeks == WW - S0 && win.n_years == 3 && win.first_fy == 2021 && win.start_week == S0,
          "window: start %d, %d weeks, %d years, FY %d", win.start, win.n_weeks, win.n_years, win.first_fy);
    char lab[16];
    CHECK(!strcmp(cs_window_label(&win, 1, lab, sizeof lab), "2021-22") &&
          !strcmp(cs_window_label(&win, 3, lab, sizeof lab), "2023-24"), "label '%s'", lab);
    CHECK(cs_rfile_window(f, "old", WW, &win, err, sizeof err) == 0 && win.start == 0 && win.first_fy == 0 &&
          !strcmp(cs_window_label(&win, 2, lab, sizeof lab), "year 2"), "no calendar: start %d, '%s'", win.start, lab);

    struct cs_comparison c;
    const char *list[] = {"council_spend", "isolated_share", NULL};
    int rc = cs_compare_scenario(f, "base", "scen", list, 0.95, &c, err, sizeof err);
    CHECK(rc == 0, "cs_compare_scenario: %s", err);
    if (rc == 0) {
        const struct cs_outcome_cmp *cs = &c.outcome[0], *iso = &c.outcome[1];
        CHECK(c.n_weeks == WW - S0 && c.n_years == 3 && c.win.first_fy == 2021, "%d weeks, %d years",
              c.n_weeks, c.n_years);
        /* the window only: 10 a week more in the scenario; none of the history's 1e6 */
        CHECK(cs->period[0].diff.mean == 10.0 * (WW - S0) && cs->period[1].diff.mean == 520 &&
              cs->period[3].diff.mean == 100, "council_spend: horizon %g, 2021-22 %g, 2023-24 %g",
              cs->period[0].diff.mean, cs->period[1].diff.mean, cs->period[3].diff.mean);
        CHECK(cs->period[1].base.mean == 52 * 100.5, "2021-22 baseline %g", cs->period[1].base.mean);
        CHECK(iso->period[0].diff.mean == 0.25, "a mean over the window: %g", iso->period[0].diff.mean);
        cs_comparison_free(&c);
    }
    rc = cs_compare_scenario(f, "base", "late", list, 0.95, &c, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "different weeks"), "different policy starts: rc %d '%s'", rc, err);
    rc = cs_compare_scenario(f, "beyond", "beyond", list, 0.95, &c, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "policy_start_week 153") && strstr(err, "outside"),
          "a start after the series: rc %d '%s'", rc, err);

    /* the business case: over the window, discounted from the policy start */
    struct cs_bizcase bc;
    rc = cs_bizcase_from_file(f, "base", "scen", 0.0, 0.95, &bc, err, sizeof err);
    CHECK(rc == 0, "cs_bizcase_from_file: %s", err);
    if (rc == 0) {
        CHECK(bc.n_years == 3 && bc.win.first_fy == 2021, "%d years, FY %d", bc.n_years, bc.win.first_fy);
        CHECK(bc.summary[CS_BC_NPV].mean == -10.0 * (WW - S0), "undiscounted npv %g", bc.summary[CS_BC_NPV].mean);
        CHECK(bc.savings[CS_BC_COUNCIL] == -520, "council saving in 2021-22: %g", bc.savings[CS_BC_COUNCIL]);
        cs_bizcase_free(&bc);
    }
    rc = cs_bizcase_from_file(f, "base", "scen", 0.05, 0.95, &bc, err, sizeof err);
    if (rc == 0) {
        double want = 0;
        for (int w = 0; w < WW - S0; w++) want -= 10 * cs_bc_discount(0.05, w);
        CHECK(NEAR(bc.summary[CS_BC_NPV].mean, want, 1e-6), "npv discounted from the policy start: %.10g, want %.10g",
              bc.summary[CS_BC_NPV].mean, want);
        cs_bizcase_free(&bc);
    }
    rc = cs_bizcase_from_file(f, "base", "late", 0.0, 0.95, &bc, err, sizeof err);
    CHECK(rc == 2 && strstr(err, "different weeks"), "business case, different starts: rc %d '%s'", rc, err);
    cs_rfile_close(f);
    unlink(path);
}

void test_compare(void)
{
    char tmpl[] = "/tmp/cs_test_compare_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL, "mkdtemp");
    if (!dir) return;
    char path[600];
    snprintf(path, sizeof path, "%s/cmp.h5", dir);
    aggregation_rule();
    struct cs_bizcase written;
    if (write_file(path, &written) == 0) {
        reader(path, dir);
        comparisons(path);
    }
    windowed(dir);
    cs_bizcase_free(&written);
    unlink(path);
    rmdir(dir);
}
