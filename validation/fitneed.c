/*
 * fitneed.c — `caresim fit-need`: fits the rates of need to the published
 * prevalence of need by age (NHS Digital, Health Survey for England 2021),
 * through the engine's own settled distribution (sim/need.c), the one every
 * person of a run is drawn from.
 *
 * The mapping (validation/README.md, Need): need of level low or above is
 * "needs help with at least one ADL or IADL"; moderate or above is "two or
 * more"; private households (the settled distribution has nobody in a care
 * home: see README for what that leaves out). Fixed before fitting:
 *   targets   HSE 2021, ADL or IADL, 65-69 and 80+, at >=1 and >=2
 *             (21%, 15%, 52%, 40%), each with a tolerance of 3 points
 *   free      need.onset_rate_at_75, need.onset_age_slope, and one factor on
 *             every need.progression_rate (bounds below)
 *   held back HSE 2021's 65+ by sex (>=1 ADL: men 24%, women 28%) and HSE
 *             2014's 85+ (>=1 ADL: men 46%, women 59%): ADL alone, so lower
 *             bounds of the model's ADL-or-IADL figure; reported, not fitted
 * The model's figure for an age band is the settled share at each single year
 * of age and sex, averaged over quintiles (a fifth each: national quintiles),
 * living alone or not (population.alone_share) and England's people of that
 * age and sex (seeds: every council's mid-2020 count). The search is
 * Nelder-Mead on the logs of the three values, within bounds; a value that
 * ends at a bound is reported as a structural problem, not a fit.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_config.h"
#include "cs_model.h"
#include "cs_need.h"
#include "cs_seed.h"

struct band { const char *label; int lo, hi, sex, lvl; double pub, tol; const char *source; };

/* fitted: fixed before fitting (see the file's comment) */
static const struct band fit_rows[] = {
    {"65-69, >=1 ADL/IADL", 65, 69, -1, CS_NEED_LOW, 0.21, 0.03, "HSE 2021"},
    {"65-69, >=2 ADL/IADL", 65, 69, -1, CS_NEED_MODERATE, 0.15, 0.03, "HSE 2021"},
    {"80+, >=1 ADL/IADL", 80, 110, -1, CS_NEED_LOW, 0.52, 0.03, "HSE 2021"},
    {"80+, >=2 ADL/IADL", 80, 110, -1, CS_NEED_MODERATE, 0.40, 0.03, "HSE 2021"},
};
/* held back: ADL alone, a lower bound of the model's figure */
static const struct band check_rows[] = {
    {"men 65+, >=1 ADL (lower bound)", 65, 110, 0, CS_NEED_LOW, 0.24, 0, "HSE 2021"},
    {"women 65+, >=1 ADL (lower bound)", 65, 110, 1, CS_NEED_LOW, 0.28, 0, "HSE 2021"},
    {"men 85+, >=1 ADL (lower bound)", 85, 110, 0, CS_NEED_LOW, 0.46, 0, "HSE 2014"},
    {"women 85+, >=1 ADL (lower bound)", 85, 110, 1, CS_NEED_LOW, 0.59, 0, "HSE 2014"},
};
enum { NFIT = sizeof fit_rows / sizeof fit_rows[0], NCHK = sizeof check_rows / sizeof check_rows[0], NP = 3 };
static const char *pname[NP] = {"need.onset_rate_at_75", "need.onset_age_slope", "need.progression_rate (factor)"};
static const double lo_b[NP] = {0.005, 0.02, 0.25}, hi_b[NP] = {0.5, 0.2, 8.0};

struct fit {
    struct cs_sim *s;
    struct cs_params p;          /* the scenario's; the free values set per evaluation */
    double prog0[3];
    double w[2][CS_CENSUS_AGES]; /* England's people by sex and age (90+ over 90..94) */
    int evals;
};

static double share(const struct cs_need_settled *t, int sex, int q, int al, int a, int lvl)
{
    return 1.0 - t->cum[sex][q][al][a][cs_settle_state(lvl - 1, lvl > 1 ? CS_C_N - 1 : 0, 1)];
}

static double band_value(struct fit *f, const struct cs_need_settled *t, const struct band *b)
{
    double num = 0, den = 0;
    for (int sex = 0; sex < 2; sex++) {
        if (b->sex >= 0 && b->sex != sex) continue;
        for (int a = b->lo; a <= b->hi && a < CS_CENSUS_AGES; a++) {
            double w = f->w[sex][a];
            if (w <= 0) continue;
            int band6 = a < 35 ? 0 : a < 50 ? 1 : a < 65 ? 2 : a < 75 ? 3 : a < 85 ? 4 : 5;
            double al = f->p.alone_share[band6], v = 0;
            for (int q = 0; q < 5; q++)
                v += 0.2 * ((1 - al) * share(t, sex, q, 0, a, b->lvl) + al * share(t, sex, q, 1, a, b->lvl));
            num += w * v;
            den += w;
        }
    }
    return den > 0 ? num / den : NAN;
}

static void set_theta(struct fit *f, const double *x)
{
    f->p.onset75 = x[0];
    f->p.onset_slope = x[1];
    for (int l = 0; l < 3; l++) f->p.progress[l] = f->prog0[l] * x[2];
}

/* The settled distribution at x (NULL: out of memory). */
static struct cs_need_settled *settle_at(struct fit *f, const double *x)
{
    set_theta(f, x);
    f->s->p = &f->p;
    f->evals++;
    return cs_need_settle(f->s, f->s->nbhd_cum, f->s->need_factors);
}

static double objective(struct fit *f, const double *y)
{
    double x[NP];
    for (int k = 0; k < NP; k++) {
        x[k] = exp(y[k]);
        if (x[k] < lo_b[k] || x[k] > hi_b[k]) return INFINITY;
    }
    struct cs_need_settled *t = settle_at(f, x);
    if (!t) return INFINITY;
    double o = 0;
    for (int i = 0; i < NFIT; i++) {
        double z = (band_value(f, t, &fit_rows[i]) - fit_rows[i].pub) / fit_rows[i].tol;
        o += z * z;
    }
    free(t);
    return o;
}

/* Nelder-Mead in y = log x from y0; at most max_evals evaluations. */
static void nelder_mead(struct fit *f, double *y0, int max_evals)
{
    double v[NP + 1][NP], fv[NP + 1];
    for (int i = 0; i <= NP; i++) {
        for (int k = 0; k < NP; k++) v[i][k] = y0[k] + (i == k + 1 ? 0.3 : 0.0);
        fv[i] = objective(f, v[i]);
    }
    for (int it = 0; f->evals < max_evals; it++) {
        /* order: best first */
        for (int i = 1; i <= NP; i++)
            for (int j = i; j > 0 && fv[j] < fv[j - 1]; j--) {
                double t = fv[j]; fv[j] = fv[j - 1]; fv[j - 1] = t;
                for (int k = 0; k < NP; k++) { t = v[j][k]; v[j][k] = v[j - 1][k]; v[j - 1][k] = t; }
            }
        if (fabs(fv[NP] - fv[0]) < 1e-7 * (1 + fabs(fv[0]))) break;
        double c[NP] = {0}, xr[NP], xe[NP], xc[NP];
        for (int i = 0; i < NP; i++)
            for (int k = 0; k < NP; k++) c[k] += v[i][k] / NP;
        for (int k = 0; k < NP; k++) xr[k] = c[k] + (c[k] - v[NP][k]);
        double fr = objective(f, xr);
        if (fr < fv[0]) {
            for (int k = 0; k < NP; k++) xe[k] = c[k] + 2 * (c[k] - v[NP][k]);
            double fe = objective(f, xe);
            if (fe < fr) { memcpy(v[NP], xe, sizeof xe); fv[NP] = fe; }
            else { memcpy(v[NP], xr, sizeof xr); fv[NP] = fr; }
        } else if (fr < fv[NP - 1]) {
            memcpy(v[NP], xr, sizeof xr); fv[NP] = fr;
        } else {
            for (int k = 0; k < NP; k++) xc[k] = c[k] + 0.5 * (v[NP][k] - c[k]);
            double fc = objective(f, xc);
            if (fc < fv[NP]) { memcpy(v[NP], xc, sizeof xc); fv[NP] = fc; }
            else
                for (int i = 1; i <= NP; i++) {
                    for (int k = 0; k < NP; k++) v[i][k] = v[0][k] + 0.5 * (v[i][k] - v[0][k]);
                    fv[i] = objective(f, v[i]);
                }
        }
    }
    int b = 0;
    for (int i = 1; i <= NP; i++) if (fv[i] < fv[b]) b = i;
    memcpy(y0, v[b], sizeof v[b]);
}

static void report(struct fit *f, const double *x, const char *what)
{
    struct cs_need_settled *t = settle_at(f, x);
    if (!t) return;
    printf("%s: onset_rate_at_75 %.5f, onset_age_slope %.5f, progression factor %.4f (rates %.4f, %.4f, %.4f)\n", what,
           x[0], x[1], x[2], f->p.progress[0], f->p.progress[1], f->p.progress[2]);
    double o = 0;
    for (int i = 0; i < NFIT; i++) {
        double v = band_value(f, t, &fit_rows[i]);
        o += pow((v - fit_rows[i].pub) / fit_rows[i].tol, 2);
        printf("  fitted    %-34s model %.3f  %s %.2f ± %.2f  %s\n", fit_rows[i].label, v, fit_rows[i].source,
               fit_rows[i].pub, fit_rows[i].tol, fabs(v - fit_rows[i].pub) <= fit_rows[i].tol ? "within" : "OUTSIDE");
    }
    for (int i = 0; i < NCHK; i++) {
        double v = band_value(f, t, &check_rows[i]);
        printf("  held back %-34s model %.3f  %s %.2f  %s\n", check_rows[i].label, v, check_rows[i].source,
               check_rows[i].pub, v >= check_rows[i].pub ? "at or above: consistent" : "BELOW the ADL-only figure");
    }
    printf("  objective (sum of squared misses in tolerances) %.4f\n", o);
    free(t);
}

int cs_cmd_fitneed(int argc, char **argv)
{
    static const struct option opts[] = {{"max-evals", required_argument, 0, 'm'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int max_evals = 400, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'm') max_evals = atoi(optarg);
        else if (c == 'h') {
            printf("Usage: caresim fit-need [SCENARIO.cfg] [--max-evals N]\n\n"
                   "Fits need.onset_rate_at_75, need.onset_age_slope and a factor on need.progression_rate\n"
                   "to the Health Survey for England 2021's prevalence of need for help with ADLs or IADLs\n"
                   "at 65-69 and 80+ (>=1 and >=2), through the settled distribution of need every run\n"
                   "draws from, with SCENARIO's other settings (default scenarios/baseline.cfg). Prints the\n"
                   "start and the fit, each target, the held-back checks and any value at its bound.\n"
                   "The mapping, targets and tolerances: validation/README.md, Need.\n");
            return 0;
        } else return 2;
    }
    const char *path = optind < argc ? argv[optind] : "scenarios/baseline.cfg";
    struct fit *f = calloc(1, sizeof *f);
    struct cs_scenario *sc = malloc(sizeof *sc);
    struct cs_place *pl = malloc(sizeof *pl), *one = malloc(sizeof *one);
    char (*codes)[16] = malloc(1024 * sizeof *codes);
    char err[4608];
    int rc = 1;
    if (!f || !sc || !pl || !one || !codes) { fprintf(stderr, "caresim fit-need: out of memory\n"); goto out; }
    if (cs_scenario_load(path, sc, err, sizeof err)) { fprintf(stderr, "caresim: %s\n", err); rc = 2; goto out; }
    const char *dir = cs_seed_dir();
    struct cs_demography lt;
    int n = cs_seed_list_places(dir, codes, 1024, err, sizeof err);
    if (n < 0 || cs_seed_load_place(dir, sc->p.place, pl, err, sizeof err) ||
        cs_seed_load_demography(dir, sc->p.mort_period, &lt, err, sizeof err)) {
        fprintf(stderr, "caresim fit-need: %s\n", err);
        goto out;
    }
    /* England's people by sex and age: every council's seed counts */
    for (int k = 0; k < n; k++) {
        if (cs_seed_load_place(dir, codes[k], one, err, sizeof err)) { fprintf(stderr, "caresim fit-need: %s\n", err); goto out; }
        for (int sex = 0; sex < 2; sex++)
            for (int a = 18; a <= CS_AGE_MAX; a++) {
                if (a < CS_AGE_MAX) f->w[sex][a] += (double)one->pop[sex][a];
                else for (int j = 0; j < 5; j++) f->w[sex][a + j] += one->pop[sex][a] / 5.0;   /* as population.c spreads 90+ */
            }
    }
    /* a small population of the scenario's place: its neighbourhoods and life
     * table (the normalisation to the life table mixes its quintiles) */
    f->p = sc->p;
    f->p.scale = 0.01;
    f->s = malloc(sizeof *f->s);
    if (!f->s || cs_sim_init(f->s, &f->p, pl, &lt, 0, 1, err, sizeof err)) { fprintf(stderr, "caresim fit-need: %s\n", err); free(f->s); f->s = NULL; goto out; }
    memcpy(f->prog0, sc->p.progress, sizeof f->prog0);
    printf("caresim fit-need: %s (place %s for the life-table mix; England's ages)\n", path, sc->p.place);
    double x0[NP] = {sc->p.onset75, sc->p.onset_slope, 1.0}, y[NP];
    report(f, x0, "start");
    for (int k = 0; k < NP; k++) y[k] = log(x0[k] < lo_b[k] ? lo_b[k] : x0[k] > hi_b[k] ? hi_b[k] : x0[k]);
    nelder_mead(f, y, max_evals);
    double x[NP];
    for (int k = 0; k < NP; k++) x[k] = exp(y[k]);
    report(f, x, "fitted");
    int at_bound = 0;
    for (int k = 0; k < NP; k++)
        if (x[k] <= lo_b[k] * 1.001 || x[k] >= hi_b[k] * 0.999) {
            printf("  STRUCTURAL: %s ended at its bound (%g..%g)\n", pname[k], lo_b[k], hi_b[k]);
            at_bound = 1;
        }
    printf("%d evaluations of the settled distribution%s\n", f->evals, at_bound ? "" : "; no value at a bound");
    printf("need: { onset_rate_at_75 = %.4f; onset_age_slope = %.4f; progression_rate = [%.4f, %.4f, %.4f]; };\n", x[0],
           x[1], f->prog0[0] * x[2], f->prog0[1] * x[2], f->prog0[2] * x[2]);
    rc = 0;
out:
    if (f && f->s) { f->s->p = &f->p; cs_sim_free(f->s); free(f->s); }
    free(f); free(sc); free(pl); free(one); free(codes);
    return rc;
}
