/*
 * bizcase.c — the business case of a scenario against the baseline
 * (cs_bizcase.h; method in docs/business_case.md): savings by budget holder,
 * discounting, NPV, ROI and payback per replicate, summarised over replicates.
 */
#include "cs_bizcase.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_compare.h"
#include "cs_metrics.h"
#include "cs_output.h"
#include "cs_params.h"
#include "cs_util.h"

const char *const cs_bc_holder_name[CS_BC_N_HOLDERS] = {
    "council", "nhs", "self_funders", "unpaid_carers", "central_government"};

const char *const cs_bc_input_metric[CS_BC_N_INPUTS] = {
    "council_spend", "reform_grant", "nhs_cost", "self_funder_spend", "unpaid_care_value",
    "reform_investment"};

const char *const cs_bc_measure_name[CS_BC_N_MEASURES] = {
    "npv", "pv_investment", "roi", "payback_year",
    "pv_savings_council", "pv_savings_nhs", "pv_savings_self_funders",
    "pv_savings_unpaid_carers", "pv_savings_central_government", "share_paid_back"};

const char *const cs_bc_measure_units[CS_BC_N_MEASURES] = {
    "GBP", "GBP", "GBP/GBP", "year", "GBP", "GBP", "GBP", "GBP", "GBP", "fraction"};

double cs_bc_discount(double rate, int week)
{
    return pow(1 + rate, -(week + 0.5) / 52.0);
}

/* Weekly cost of each holder in week w of replicate r. */
static void holder_costs(const double *const in[CS_BC_N_INPUTS], size_t i, double cost[CS_BC_N_HOLDERS])
{
    double x[CS_BC_N_INPUTS];
    for (int k = 0; k < CS_BC_N_INPUTS; k++) x[k] = in[k] ? in[k][i] : 0;
    cost[CS_BC_COUNCIL] = x[CS_BC_IN_COUNCIL_SPEND] - x[CS_BC_IN_REFORM_GRANT];
    cost[CS_BC_NHS] = x[CS_BC_IN_NHS_COST];
    cost[CS_BC_SELF_FUNDERS] = x[CS_BC_IN_SELF_FUNDER_SPEND];
    cost[CS_BC_UNPAID_CARERS] = x[CS_BC_IN_UNPAID_CARE_VALUE];
    cost[CS_BC_CENTRAL_GOVERNMENT] = x[CS_BC_IN_REFORM_GRANT];
}

void cs_bizcase_free(struct cs_bizcase *bc)
{
    if (!bc) return;
    free(bc->savings);
    free(bc->investment);
    free(bc->npv);
    free(bc->pv_savings);
    memset(bc, 0, sizeof *bc);
}

int cs_bizcase_compute(const double *const base[CS_BC_N_INPUTS],
                       const double *const scen[CS_BC_N_INPUTS], int n_reps, int n_weeks,
                       const struct cs_window *win, double rate, double level, struct cs_bizcase *bc)
{
    memset(bc, 0, sizeof *bc);
    struct cs_window all = cs_window_make(n_weeks, 0, -1);
    if (!win) win = &all;
    if (n_reps < 1 || win->n_weeks < 1 || win->start < 0 || win->start + win->n_weeks != n_weeks) return -1;
    /* W: the series' length (its row stride); the weeks before a = win->start
     * are history and count for nothing; w below counts from a */
    int R = n_reps, W = n_weeks, a = win->start, H = CS_BC_N_HOLDERS;
    n_weeks = win->n_weeks;
    int Y = win->n_years;
    bc->win = *win;
    bc->n_reps = R;
    bc->n_weeks = n_weeks;
    bc->n_years = Y;
    bc->discount_rate = rate;
    bc->level = level;
    bc->savings = calloc((size_t)R * Y * H, sizeof *bc->savings);
    bc->investment = calloc((size_t)R * Y, sizeof *bc->investment);
    bc->npv = calloc((size_t)R * 4, sizeof *bc->npv);   /* npv, pv_investment, roi, payback */
    bc->pv_savings = calloc((size_t)R * H, sizeof *bc->pv_savings);
    double *cum = calloc((size_t)Y, sizeof *cum);
    double *disc = malloc((size_t)n_weeks * sizeof *disc);
    if (!bc->savings || !bc->investment || !bc->npv || !bc->pv_savings || !cum || !disc) {
        free(cum);
        free(disc);
        cs_bizcase_free(bc);
        return -1;
    }
    bc->pv_investment = bc->npv + R;
    bc->roi = bc->npv + 2 * R;
    bc->payback_year = bc->npv + 3 * R;
    for (int w = 0; w < n_weeks; w++) disc[w] = cs_bc_discount(rate, w);

    for (int r = 0; r < R; r++) {
        double npv = 0, pvi = 0, *pvs = bc->pv_savings + (size_t)r * H;
        for (int w = 0; w < n_weeks; w++) {
            size_t i = (size_t)r * W + a + w;
            int y = w / 52;
            double cb[CS_BC_N_HOLDERS], cs[CS_BC_N_HOLDERS], net = 0;
            holder_costs(base, i, cb);
            holder_costs(scen, i, cs);
            double *sav = bc->savings + ((size_t)r * Y + y) * H;
            for (int h = 0; h < H; h++) {
                double s = cb[h] - cs[h];
                sav[h] += s;
                pvs[h] += s * disc[w];
                net += s;
            }
            const double *ib = base[CS_BC_IN_REFORM_INVESTMENT], *is = scen[CS_BC_IN_REFORM_INVESTMENT];
            double inv = (is ? is[i] : 0) - (ib ? ib[i] : 0);
            bc->investment[(size_t)r * Y + y] += inv;
            pvi += inv * disc[w];
            npv += net * disc[w];
            cum[y] = npv;   /* at the end of the year once its last week is in */
        }
        bc->npv[r] = npv;
        bc->pv_investment[r] = pvi;
        bc->roi[r] = fabs(pvi) < 1e-6 ? NAN : npv / pvi;
        /* the earliest year from which every year-end cumulative is >= 0 */
        double pay = NAN;
        for (int y = Y - 1; y >= 0 && cum[y] >= 0; y--) pay = y + 1;
        bc->payback_year[r] = pay;
    }
    free(cum);
    free(disc);

    bc->summary[CS_BC_NPV] = cs_stats_mean_ci(bc->npv, R, level);
    bc->summary[CS_BC_PV_INVESTMENT] = cs_stats_mean_ci(bc->pv_investment, R, level);
    bc->summary[CS_BC_ROI] = cs_stats_mean_ci(bc->roi, R, level);
    bc->summary[CS_BC_PAYBACK_YEAR] = cs_stats_mean_ci(bc->payback_year, R, level);
    double col[R];
    for (int h = 0; h < H; h++) {
        for (int r = 0; r < R; r++) col[r] = bc->pv_savings[(size_t)r * H + h];
        bc->summary[CS_BC_PV_SAVINGS + h] = cs_stats_mean_ci(col, R, level);
    }
    int paid = bc->summary[CS_BC_PAYBACK_YEAR].n;
    double share = (double)paid / R;
    bc->summary[CS_BC_SHARE_PAID_BACK] = (struct cs_ci){share, 0, share, share, R};
    return 0;
}

struct cs_ci cs_bizcase_year_ci(const struct cs_bizcase *bc, int h, int y)
{
    int R = bc->n_reps, Y = bc->n_years, H = CS_BC_N_HOLDERS;
    double *x = malloc((size_t)(R > 0 ? R : 1) * sizeof *x);
    struct cs_ci c = {NAN, 0, NAN, NAN, 0};
    if (!x || y < 1 || y > Y || h < -1 || h > H) { free(x); return c; }
    for (int r = 0; r < R; r++) {
        const double *sav = bc->savings + ((size_t)r * Y + (y - 1)) * H;
        if (h < 0) x[r] = bc->investment[(size_t)r * Y + (y - 1)];
        else if (h < H) x[r] = sav[h];
        else {
            x[r] = 0;
            for (int k = 0; k < H; k++) x[r] += sav[k];
        }
    }
    c = cs_stats_mean_ci(x, R, bc->level);
    free(x);
    return c;
}

/* ---- from a result file --------------------------------------------------- */

int cs_bizcase_from_file(const cs_rfile *f, const char *baseline, const char *scenario,
                         double rate, double level, struct cs_bizcase *bc, char *err,
                         size_t errlen)
{
    memset(bc, 0, sizeof *bc);
    struct cs_window win;
    const char *names[2] = {baseline, scenario};
    double *in[2][CS_BC_N_INPUTS] = {{0}};
    int shape[2] = {-1, -1}, rc = 0;   /* replicates and weeks of the baseline */
    char path[512];
    for (int s = 0; s < 2; s++)
        if (cs_rfile_find(f, names[s]) < 0) {
            cs_errf(err, errlen, "no scenario '%s' in the file", names[s]);
            return 2;
        }
    for (int s = 0; s < 2 && rc == 0; s++)
        for (int k = 0; k < CS_BC_N_INPUTS && rc == 0; k++) {
            snprintf(path, sizeof path, "/scenarios/%s/timeseries/%s", names[s], cs_bc_input_metric[k]);
            if (!cs_rfile_exists(f, path)) {
                if (CS_BC_INPUT_OPTIONAL(k)) continue;
                cs_errf(err, errlen, "scenario '%s' has no metric '%s' (needed for the business case)",
                    names[s], cs_bc_input_metric[k]);
                rc = 2;
                break;
            }
            int nr, nw;
            in[s][k] = cs_rfile_series(f, names[s], cs_bc_input_metric[k], &nr, &nw, err, errlen);
            if (!in[s][k]) { rc = 1; break; }
            if (shape[0] < 0) { shape[0] = nr; shape[1] = nw; }
            else if (nr != shape[0] || nw != shape[1]) {
                cs_errf(err, errlen, "scenario '%s' has %d replicates of %d weeks but '%s' has %d of %d: "
                    "compare scenarios run together (same replicates and years)",
                    names[s], nr, nw, baseline, shape[0], shape[1]);
                rc = 2;
            }
        }
    if (rc == 0) rc = cs_window_pair(f, names, shape[1], &win, err, errlen);
    if (rc == 0 &&
        cs_bizcase_compute((const double *const *)in[0], (const double *const *)in[1], shape[0],
                           shape[1], &win, rate, level, bc)) {
        cs_errf(err, errlen, "out of memory computing the business case of '%s'", scenario);
        rc = 1;
    }
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < CS_BC_N_INPUTS; k++) free(in[s][k]);
    return rc;
}

double cs_bizcase_file_rate(const cs_rfile *f, const char *scenario)
{
    const struct cs_param_info *pi = cs_param_find("business_case.discount_rate");
    double rate = pi ? pi->def : 0.035;
    /* the stored configuration writes every real as a float (config.c) */
    cs_rfile_setting(f, scenario, "business_case.discount_rate", &rate);
    return rate;
}

/* ---- for caresim run ------------------------------------------------------ */

struct kept {
    char *name;
    double rate;
    int n_reps, n_weeks;
    int policy_week;   /* index (and dated week) of the policy start in the series */
    double *in[CS_BC_N_INPUTS];
};

struct cs_bc_runset {
    int n;
    struct kept *sc;
};

cs_bc_runset *cs_bc_runset_new(int n_scenarios)
{
    cs_bc_runset *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->sc = calloc((size_t)(n_scenarios > 0 ? n_scenarios : 1), sizeof *s->sc);
    if (!s->sc) { free(s); return NULL; }
    s->n = n_scenarios;
    return s;
}

void cs_bc_runset_free(cs_bc_runset *s)
{
    if (!s) return;
    for (int i = 0; i < s->n; i++) {
        free(s->sc[i].name);
        for (int k = 0; k < CS_BC_N_INPUTS; k++) free(s->sc[i].in[k]);
    }
    free(s->sc);
    free(s);
}

int cs_bc_runset_keep(cs_bc_runset *s, int i, const char *name, double rate,
                      double *const *series, int n_reps, int n_weeks, int policy_week)
{
    if (!s || i < 0 || i >= s->n) return -1;
    struct kept *k = &s->sc[i];
    size_t n = (size_t)n_reps * n_weeks;
    k->name = strdup(name);
    if (!k->name) return -1;
    k->rate = rate;
    k->n_reps = n_reps;
    k->n_weeks = n_weeks;
    k->policy_week = policy_week;
    for (int j = 0; j < CS_BC_N_INPUTS; j++)
        for (int m = 0; m < CS_N_METRICS; m++)
            if (!strcmp(cs_metric_table[m].name, cs_bc_input_metric[j]) && series[m]) {
                k->in[j] = malloc(n * sizeof *k->in[j]);
                if (!k->in[j]) return -1;
                memcpy(k->in[j], series[m], n * sizeof *k->in[j]);
            }
    return 0;
}

int cs_bizcase_write(struct cs_out *o, const char *scenario, const char *baseline, const struct cs_bizcase *bc)
{
    double summary[CS_BC_N_MEASURES * 3];
    for (int m = 0; m < CS_BC_N_MEASURES; m++) {
        summary[m * 3] = bc->summary[m].mean;
        summary[m * 3 + 1] = bc->summary[m].lo;
        summary[m * 3 + 2] = bc->summary[m].hi;
    }
    const struct cs_out_bc w = {
        .n_reps = bc->n_reps, .n_years = bc->n_years,
        .n_holders = CS_BC_N_HOLDERS, .n_measures = CS_BC_N_MEASURES,
        .holder_names = cs_bc_holder_name, .measure_names = cs_bc_measure_name,
        .discount_rate = bc->discount_rate, .level = bc->level,
        .savings = bc->savings, .investment = bc->investment,
        .npv = bc->npv, .pv_investment = bc->pv_investment, .roi = bc->roi, .payback_year = bc->payback_year,
        .summary = summary,
    };
    return cs_out_business_case(o, scenario, baseline, &w);
}

int cs_bc_runset_write(cs_bc_runset *s, int baseline, struct cs_out *o, char *err,
                       size_t errlen)
{
    if (!s || baseline < 0 || baseline >= s->n || !s->sc[baseline].name) {
        cs_errf(err, errlen, "business case: no baseline results kept");
        return -1;
    }
    const struct kept *b = &s->sc[baseline];
    for (int i = 0; i < s->n; i++) {
        const struct kept *k = &s->sc[i];
        if (i == baseline || !k->name) continue;
        if (k->n_reps != b->n_reps || k->n_weeks != b->n_weeks || k->policy_week != b->policy_week) {
            cs_errf(err, errlen, "business case: '%s' and baseline '%s' differ in shape or policy start",
                    k->name, b->name);
            return -1;
        }
        /* the series start at dated week 0, so the policy start's index is its week */
        struct cs_window win = cs_window_make(k->n_weeks, k->policy_week, k->policy_week);
        struct cs_bizcase bc;
        if (cs_bizcase_compute((const double *const *)b->in, (const double *const *)k->in,
                               k->n_reps, k->n_weeks, &win, k->rate, 0.95, &bc)) {
            cs_errf(err, errlen, "business case of '%s': out of memory", k->name);
            return -1;
        }
        int rc = cs_bizcase_write(o, k->name, b->name, &bc);
        cs_bizcase_free(&bc);
        if (rc) {
            cs_errf(err, errlen, "%s", cs_out_errmsg(o));
            return -1;
        }
    }
    return 0;
}
