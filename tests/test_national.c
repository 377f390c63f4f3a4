/*
 * test_national.c — national aggregation (sim/national.c): every unweighted
 * metric has a weight in CS_NATIONAL_WEIGHT_TABLE, and cs_national_combine sums
 * weighted metrics and averages the others with those weights, in place order.
 * (Whole national runs are tested in tests/national.sh.)
 */
#include "check.h"
#include "cs_metrics.h"
#include "cs_run.h"

#include <string.h>

void test_national(void);

static const struct { int metric, weight; } rows[] = {
#define ROW(m, w) {CS_M_##m, CS_M_##w},
    CS_NATIONAL_WEIGHT_TABLE(ROW)
#undef ROW
};
enum { N_ROWS = sizeof rows / sizeof rows[0] };

static void test_table(void)
{
    for (int k = 0; k < CS_N_METRICS; k++) {
        int n = 0;
        for (int i = 0; i < N_ROWS; i++) n += rows[i].metric == k;
        if (cs_metric_table[k].weighted) {
            CHECK(n == 0, "%s is summed (weighted = 1) but has a national weight", cs_metric_table[k].name);
            CHECK(cs_metric_national_weight(k) == -1, "%s: weight %d, want -1 (sum)", cs_metric_table[k].name,
                  cs_metric_national_weight(k));
        } else {
            CHECK(n == 1, "unweighted metric %s has %d rows in CS_NATIONAL_WEIGHT_TABLE, want 1",
                  cs_metric_table[k].name, n);
        }
    }
    for (int i = 0; i < N_ROWS; i++) {
        const char *m = cs_metric_table[rows[i].metric].name, *w = cs_metric_table[rows[i].weight].name;
        CHECK(cs_metric_table[rows[i].weight].weighted, "%s is weighted by %s, which is not a weighted metric", m, w);
        CHECK(cs_metric_national_weight(rows[i].metric) == rows[i].weight, "%s: weight %d, want %s", m,
              cs_metric_national_weight(rows[i].metric), w);
    }
    CHECK(cs_metric_national_weight(CS_M_isolated_share) == CS_M_people_alive, "isolated_share not by people_alive");
    CHECK(cs_metric_national_weight(CS_M_care_home_occupancy) == CS_M_care_home_beds,
          "care_home_occupancy not by care_home_beds");
    CHECK(cs_metric_national_weight(-1) == -1 && cs_metric_national_weight(CS_N_METRICS) == -1, "out of range");
}

static void test_combine(void)
{
    enum { P = 3, R = 2, W = 2 };
    struct cs_results pl[P], out;
    for (int p = 0; p < P; p++) {
        CHECK(cs_results_alloc(&pl[p], R, W) == 0, "alloc");
        for (int k = 0; k < CS_N_METRICS; k++)
            for (int i = 0; i < R * W; i++) pl[p].series[k][i] = 0.1 * (p + 1) + i + k;
        pl[p].initial_people = 100 * (p + 1);
        pl[p].deaths = p;
        pl[p].person_weeks = 1000;
    }
    /* weights: people_alive 1, 2, 3 in cell 0; all zero in cell 1 */
    for (int p = 0; p < P; p++) {
        pl[p].series[CS_M_people_alive][0] = p + 1;
        pl[p].series[CS_M_people_alive][1] = 0;
        pl[p].series[CS_M_isolated_share][0] = 0.5 * p;      /* 0, 0.5, 1 */
    }
    CHECK(cs_national_combine(pl, P, &out) == 0, "combine failed");
    CHECK(out.n_reps == R && out.n_weeks == W, "shape [%d, %d]", out.n_reps, out.n_weeks);
    for (int k = 0; k < CS_N_METRICS; k++) {
        if (!cs_metric_table[k].weighted) continue;
        for (int i = 0; i < R * W; i++) {
            double s = 0;
            for (int p = 0; p < P; p++) s += pl[p].series[k][i];
            CHECK(out.series[k][i] == s, "%s[%d] = %.17g, sum %.17g", cs_metric_table[k].name, i, out.series[k][i], s);
        }
    }
    double want = (0 * 1 + 0.5 * 2 + 1.0 * 3) / 6.0;
    CHECK(out.series[CS_M_isolated_share][0] == want, "isolated_share %.17g, want %.17g",
          out.series[CS_M_isolated_share][0], want);
    CHECK(out.series[CS_M_isolated_share][1] == 0, "zero weights give %g, want 0", out.series[CS_M_isolated_share][1]);
    /* wellbeing_mean, also by people_alive, in cell 2 (weights i + k = 2) */
    {
        double num = 0, den = 0;
        for (int p = 0; p < P; p++) {
            num += pl[p].series[CS_M_wellbeing_mean][2] * pl[p].series[CS_M_people_alive][2];
            den += pl[p].series[CS_M_people_alive][2];
        }
        CHECK(out.series[CS_M_wellbeing_mean][2] == num / den, "wellbeing_mean %.17g, want %.17g",
              out.series[CS_M_wellbeing_mean][2], num / den);
    }
    CHECK(out.initial_people == 600 && out.deaths == 3 && out.person_weeks == 3000,
          "totals %g %g %g", out.initial_people, out.deaths, out.person_weeks);
    cs_results_free(&out);

    /* shapes must agree */
    cs_results_free(&pl[2]);
    CHECK(cs_results_alloc(&pl[2], R, W + 1) == 0, "alloc");
    CHECK(cs_national_combine(pl, P, &out) != 0, "different shapes combined");
    CHECK(cs_national_combine(pl, 0, &out) != 0, "no places combined");
    for (int p = 0; p < P; p++) cs_results_free(&pl[p]);
}

void test_national(void)
{
    test_table();
    test_combine();
}
