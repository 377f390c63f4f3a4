/*
 * sweep.c — the model side of `caresim sweep` (cs_sweep.h): the factors and
 * their ranges, turning a design point into a scenario, and running all the
 * points in parallel, each run on one thread with its own scenario, so a
 * run's outcomes depend only on its point.
 */
#include "cs_sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_seed.h"
#include "cs_util.h"

/* The parameters a factor's nominal value is read from: a lever's status quo
 * (what the baseline world does before any reform), any other's value. */
static const struct cs_params *nominal_params(const struct cs_param_info *pi, const struct cs_scenario *base)
{
    return cs_param_is_lever(pi) ? &base->sq : &base->p;
}

/* The range of one factor (cs_sweep.h, "Ranges"). 0, or -1 with err. */
static int factor_range(const struct cs_param_info *pi, const struct cs_scenario *base, struct cs_sweep_factor *f,
                        char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->pi = pi;
    f->lo = pi->lo;
    f->hi = pi->hi;
    const struct cs_params *p = nominal_params(pi, base);
    if (pi->kind == CS_REALV) {
        /* a multiplier of the list: every element must stay valid */
        const double *v = (const double *)(const void *)((const char *)p + pi->offset);
        f->nominal = 1;
        for (int j = 0; j < pi->n; j++) {
            if (v[j] == 0) continue;
            double a = pi->min / v[j], b = pi->max / v[j];
            double mlo = fmin(a, b), mhi = fmax(a, b);
            if (f->lo < mlo) { f->lo = mlo; f->clipped = 1; }
            if (f->hi > mhi) { f->hi = mhi; f->clipped = 1; }
        }
    } else if (pi->kind == CS_REAL && pi->def == -1 && pi->min == -1) {
        /* a place input (cs_seed.h): the scenario's value, or at -1 the
         * place's own; the table's range multiplies it */
        struct cs_place_inputs in;
        double v = cs_param_get(pi, p);
        if (v < 0) {
            if (cs_seed_load_inputs(cs_seed_dir(), base->p.place, &in, err, errlen)) return -1;
            v = cs_place_input_value(&in, pi->path);
        }
        f->nominal = v;
        f->lo = v * pi->lo;
        f->hi = v * pi->hi;
        f->rescaled = 1;
        if (f->hi > pi->max) { f->hi = pi->max; f->clipped = 1; }
    } else if (pi->kind == CS_REAL || pi->kind == CS_INT) {
        double v = cs_param_get(pi, p);
        f->nominal = v;
        if (v != pi->def && pi->def != 0 && v / pi->def > 0) {
            f->lo *= v / pi->def;
            f->hi *= v / pi->def;
            f->rescaled = 1;
        }
        if (f->lo < pi->min) { f->lo = pi->min; f->clipped = 1; }
        if (f->hi > pi->max) { f->hi = pi->max; f->clipped = 1; }
        if (pi->kind == CS_INT) {
            f->lo = ceil(f->lo - 1e-9);
            f->hi = floor(f->hi + 1e-9);
        }
    } else {
        cs_errf(err, errlen, "'%s' is not a number and cannot be varied", pi->path);
        return -1;
    }
    if (!(f->hi > f->lo)) {
        cs_errf(err, errlen, "'%s' has no room to vary (range %g..%g once kept within its valid range)", pi->path,
                f->lo, f->hi);
        return -1;
    }
    return 0;
}

static int has_range(const struct cs_param_info *pi) { return pi->lo != 0 || pi->hi != 0; }

int cs_sweep_factors(const struct cs_scenario *base, const struct cs_scenario *reform, const char *list,
                     struct cs_sweep_factor **f, int *k, char *err, size_t errlen)
{
    (void)reform;   /* values are set relative to the baseline's, so its ranges serve both */
    *f = calloc((size_t)cs_param_count, sizeof **f);
    *k = 0;
    if (!*f) { cs_errf(err, errlen, "out of memory"); return -1; }
    int rc = 0;
    if (!list || !*list) {
        for (int i = 0; i < cs_param_count && rc == 0; i++)
            if (has_range(&cs_param_table[i])) rc = factor_range(&cs_param_table[i], base, &(*f)[(*k)++], err, errlen);
    } else {
        char *copy = strdup(list), *save = NULL;
        if (!copy) { cs_errf(err, errlen, "out of memory"); rc = -1; }
        for (char *name = copy ? strtok_r(copy, ",", &save) : NULL; name && rc == 0; name = strtok_r(NULL, ",", &save)) {
            while (*name == ' ') name++;
            const struct cs_param_info *pi = cs_param_find(name);
            if (!pi) {
                const char *s = cs_param_suggest(name);
                cs_errf(err, errlen, "unknown parameter '%s'%s%s%s (see caresim params)", name, s ? " (did you mean '" : "",
                        s ? s : "", s ? "'?)" : "");
                rc = -1;
            } else if (!has_range(pi)) {
                cs_errf(err, errlen, "'%s' has no plausible range in the parameter table, so it is not uncertain", name);
                rc = -1;
            } else {
                for (int j = 0; j < *k && rc == 0; j++)
                    if ((*f)[j].pi == pi) { cs_errf(err, errlen, "'%s' is named twice", name); rc = -1; }
                if (rc == 0) rc = factor_range(pi, base, &(*f)[(*k)++], err, errlen);
            }
        }
        free(copy);
        if (rc == 0 && *k == 0) { cs_errf(err, errlen, "--params names no parameter"); rc = -1; }
    }
    if (rc) { free(*f); *f = NULL; *k = 0; }
    return rc;
}

int cs_sweep_outcomes(const char *list, struct cs_sweep_outcome **o, int *m, char *err, size_t errlen)
{
    char *copy = strdup(list ? list : CS_SWEEP_OUTCOMES), *save = NULL;
    *o = calloc(CS_N_METRICS, sizeof **o);
    *m = 0;
    int rc = copy && *o ? 0 : -1;
    if (rc) cs_errf(err, errlen, "out of memory");
    for (char *name = rc ? NULL : strtok_r(copy, ",", &save); name && rc == 0; name = strtok_r(NULL, ",", &save)) {
        while (*name == ' ') name++;
        int k = 0;
        while (k < CS_N_METRICS && strcmp(cs_metric_table[k].name, name)) k++;
        if (k == CS_N_METRICS) { cs_errf(err, errlen, "unknown outcome '%s' (see caresim --list-metrics)", name); rc = -1; break; }
        for (int j = 0; j < *m; j++)
            if ((*o)[j].metric == k) { cs_errf(err, errlen, "outcome '%s' is named twice", name); rc = -1; }
        if (rc || *m == CS_N_METRICS) break;
        struct cs_sweep_outcome *x = &(*o)[(*m)++];
        const char *u = cs_metric_table[k].units;
        size_t n = strlen(u);
        x->metric = k;
        /* a weekly flow is summarised per year, the way budgets are read */
        x->per_year = n > 5 && !strcmp(u + n - 5, "/week") ? 52 : 1;
        if (x->per_year == 52) snprintf(x->units, sizeof x->units, "%.*s/year", (int)(n - 5), u);
        else snprintf(x->units, sizeof x->units, "%s", u);
    }
    if (rc == 0 && *m == 0) { cs_errf(err, errlen, "no outcomes named"); rc = -1; }
    free(copy);
    if (rc) { free(*o); *o = NULL; *m = 0; }
    return rc;
}

double cs_sweep_value(const struct cs_sweep_factor *f, double u)
{
    if (f->pi->kind == CS_INT) {
        double levels = f->hi - f->lo + 1, v = f->lo + floor(u * levels);
        return v > f->hi ? f->hi : v;
    }
    return f->lo + u * (f->hi - f->lo);
}

double cs_sweep_unit(const struct cs_sweep_factor *f, double x) { return (x - f->lo) / (f->hi - f->lo); }

int cs_sweep_apply(const struct cs_sweep_factor *f, int k, const double *x, const struct cs_scenario *sc,
                   const struct cs_scenario *base, struct cs_scenario *out, char *err, size_t errlen)
{
    *out = *sc;
    for (int i = 0; i < k; i++) {
        const struct cs_param_info *pi = f[i].pi;
        const struct cs_params *ref = nominal_params(pi, base);
        int rc = 0;
        if (cs_param_is_lever(pi)) {
            /* the status quo is the world; a lever moved from it is a choice */
            int at_sq = cs_param_equal(pi, &sc->p, &sc->sq);
            rc = cs_param_set(pi, &out->sq, ref, x[i]);
            if (rc == 0 && at_sq) rc = cs_param_set(pi, &out->p, ref, x[i]);
        } else if (sc == base || cs_param_equal(pi, &sc->p, &base->p)) {
            rc = cs_param_set(pi, &out->p, ref, x[i]);
        }
        if (rc) {
            cs_errf(err, errlen, "cannot set '%s' to %s%g: outside its valid range", pi->path,
                    pi->kind == CS_REALV ? "its list times " : "", x[i]);
            return -1;
        }
    }
    return 0;
}

double cs_sweep_outcome_value(const struct cs_results *r, const struct cs_sweep_outcome *o)
{
    /* the projection window only: the dated history before the policy start
     * is the status quo in every run (docs/comparison.md) */
    const double *s = r->series[o->metric];
    int a = r->policy_week > 0 && r->policy_week < r->n_weeks ? r->policy_week : 0;
    size_t n = 0;
    double sum = 0;
    for (int rep = 0; rep < r->n_reps; rep++)
        for (int w = a; w < r->n_weeks; w++, n++) sum += s[(size_t)rep * r->n_weeks + w];
    return n ? o->per_year * sum / (double)n : NAN;
}

long cs_sweep_noise_seed(long seed) { return (seed + 1000003L) % 2147483647L; }

int cs_sweep_run(const struct cs_sweep_job *job, int n_threads, const struct cs_progress *prog,
                 volatile sig_atomic_t *stop, double *y_base, double *y_reform, char *err, size_t errlen)
{
    const char *dir = cs_seed_dir();
    struct cs_place *pl = malloc(sizeof *pl);
    struct cs_demography *lt = malloc(sizeof *lt);
    if (!pl || !lt) { free(pl); free(lt); cs_errf(err, errlen, "out of memory"); return -1; }
    /* loaded once, before the threads start (the seed reader is not meant for
     * threads); place and life table are not parameters a sweep varies */
    if (cs_seed_load_place(dir, job->base->p.place, pl, err, errlen) ||
        cs_seed_load_demography(dir, job->base->p.mort_period, lt, err, errlen)) {
        free(pl);
        free(lt);
        return -1;
    }
    int S = job->reform ? 2 : 1;
    struct cs_team tm = {0, 0};
    long total = (long)job->runs * S, done = 0;
    int T = n_threads < 1 ? 1 : n_threads;
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
    for (long j = 0; j < total; j++) {
        if (cs_team_skip(&tm, stop)) continue;
        int row = (int)(j / S), reform = (int)(j % S);
        struct cs_scenario *run = malloc(sizeof *run);
        char e[1024] = "out of memory";
        int r = run ? cs_sweep_apply(job->f, job->k, job->x + (size_t)row * job->k, reform ? job->reform : job->base,
                                     job->base, run, e, sizeof e)
                    : -1;
        struct cs_results res;
        memset(&res, 0, sizeof res);
        if (r == 0 && job->noise && job->noise[row]) run->p.seed = cs_sweep_noise_seed(run->p.seed);
        if (r == 0) r = cs_run_place(run, pl, lt, 1, NULL, stop, &res, e, sizeof e);
        if (r == 0) {
            double *y = (reform ? y_reform : y_base) + (size_t)row * job->m;
            for (int i = 0; i < job->m; i++) y[i] = cs_sweep_outcome_value(&res, &job->o[i]);
            cs_results_free(&res);
        }
        free(run);
        if (cs_team_record(&tm, r, err, errlen, "point %d (%s): %s", row, reform ? "reform" : "baseline", e) == 0) {
#pragma omp critical(cs_sweep_progress)
            {
                done++;
                if (prog && prog->fn) prog->fn(prog->ctx, done, total);
            }
        }
    }
    free(pl);
    free(lt);
    if (tm.failed) return -1;
    return tm.stopped || (stop && *stop) ? 1 : 0;
}
