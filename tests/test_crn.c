/*
 * test_crn.c — what common random numbers buy. Replicate k of every scenario
 * in a run shares its random streams (cs_rng.h), and the levers a reform
 * changes act only from week 0 (cs_params.h, CS_LEVERS), so the warm-up is the
 * same for both. The paired difference between a reform and the baseline then
 * varies far less across replicates than it would with independent streams.
 * The issue asks for at least a fourfold reduction in the variance of the
 * difference in unmet need and in council spend; docs/comparison.md quotes
 * the ratios this test prints.
 */
#include "check.h"
#include "cs_config.h"
#include "cs_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_crn(void);

static int load(const char *path, struct cs_scenario *sc, long seed)
{
    char err[1024];
    if (cs_scenario_load(path, sc, err, sizeof err)) { CHECK(0, "%s", err); return -1; }
    sc->p.scale = 0.02;
    sc->p.years = 2;
    sc->p.warmup_weeks = 156;
    sc->p.replicates = 6;
    sc->p.seed = (int)seed;
    return 0;
}

/* horizon total of metric k in each replicate */
static void totals(const struct cs_results *r, int k, double *out)
{
    for (int i = 0; i < r->n_reps; i++) {
        out[i] = 0;
        for (int w = 0; w < r->n_weeks; w++) out[i] += r->series[k][(size_t)i * r->n_weeks + w];
    }
}

static double var_of_diff(const struct cs_results *a, const struct cs_results *b, int k)
{
    double x[64], y[64], m = 0, v = 0;
    int n = a->n_reps;
    totals(a, k, x);
    totals(b, k, y);
    for (int i = 0; i < n; i++) m += (x[i] - y[i]) / n;
    for (int i = 0; i < n; i++) v += (x[i] - y[i] - m) * (x[i] - y[i] - m) / (n - 1);
    return v;
}

static void pair(const char *reform_path)
{
    struct cs_scenario base, same, ind;
    if (load("scenarios/baseline.cfg", &base, 1) || load(reform_path, &same, 1) ||
        load(reform_path, &ind, 1 + 1000003))
        return;
    struct cs_results rb, rs, ri;
    char err[512];
    if (cs_run_scenario(&base, 2, NULL, NULL, &rb, err, sizeof err) ||
        cs_run_scenario(&same, 2, NULL, NULL, &rs, err, sizeof err) ||
        cs_run_scenario(&ind, 2, NULL, NULL, &ri, err, sizeof err)) {
        CHECK(0, "run: %s", err);
        return;
    }
    const int ks[2] = {CS_M_unmet_need_hours, CS_M_council_spend};
    for (int j = 0; j < 2; j++) {
        double vc = var_of_diff(&rs, &rb, ks[j]), vi = var_of_diff(&ri, &rb, ks[j]);
        double ratio = vc > 0 ? vi / vc : INFINITY;
        printf("  crn: %s vs baseline, %s: variance of the difference %.3g (common) vs %.3g "
               "(independent), ratio %.1f\n", reform_path, cs_metric_table[ks[j]].name, vc, vi, ratio);
        CHECK(ratio >= 4, "%s: common random numbers cut the variance of the difference in %s "
              "at least fourfold (ratio %.2f)", reform_path, cs_metric_table[ks[j]].name, ratio);
    }
    cs_results_free(&rb);
    cs_results_free(&rs);
    cs_results_free(&ri);
}

void test_crn(void)
{
    pair("scenarios/funding_cut.cfg");
    pair("scenarios/community_connect.cfg");
}
