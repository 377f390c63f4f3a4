/*
 * calibrate.c — `caresim calibrate`: the free parameters of a run fitted to
 * published figures by a simplex search, written as a calibration file that
 * scenarios take with  calibration = "...";  (rules in cs_calibrate.h).
 *
 * Why Nelder-Mead on a logit scale: the objective is a model run, with no
 * gradient and small steps where a person's event flips; a simplex search
 * needs only values, and the logit keeps every trial inside the ranges the
 * calibration file allows, so no run is wasted on an invalid parameter.
 * Common random numbers (one seed for every trial) make those steps small.
 */
#define _GNU_SOURCE
#include "cs_calibrate.h"

#include <errno.h>
#include <getopt.h>
#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "cs_cli.h"
#include "cs_metrics.h"
#include "cs_run.h"
#include "cs_util.h"

#define EXIT_FAILED 1

/* ---- reading the calibration file ------------------------------------------ */

static int at(char *err, size_t errlen, const char *path, const config_setting_t *s, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int at(char *err, size_t errlen, const char *path, const config_setting_t *s, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (s && config_setting_source_line(s))
        cs_errf(err, errlen, "%s:%d: %s", path, config_setting_source_line(s), msg);
    else
        cs_errf(err, errlen, "%s: %s", path, msg);
    return -1;
}

/* path relative to the directory of the calibration file */
static void beside(char *out, size_t n, const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    if (rel[0] == '/' || !slash) snprintf(out, n, "%s", rel);
    else snprintf(out, n, "%.*s/%s", (int)(slash - file), file, rel);
}

static int get_string(const char *path, const config_setting_t *root, const char *name, int required, char *out,
                      size_t n, char *err, size_t errlen)
{
    const config_setting_t *s = config_setting_get_member(root, name);
    if (!s) return required ? at(err, errlen, path, NULL, "'%s' is missing", name) : 1;
    if (config_setting_type(s) != CONFIG_TYPE_STRING || !config_setting_get_string(s)[0])
        return at(err, errlen, path, s, "'%s' must be a non-empty string", name);
    beside(out, n, path, config_setting_get_string(s));
    return 0;
}

static int get_number(const char *path, const config_setting_t *root, const char *name, double lo, double hi,
                      double *v, char *err, size_t errlen)
{
    const config_setting_t *s = config_setting_get_member(root, name);
    if (!s) return 1;   /* keep the default */
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64 && t != CONFIG_TYPE_FLOAT)
        return at(err, errlen, path, s, "'%s' must be a number", name);
    double x = config_setting_get_float(s);
    if (t != CONFIG_TYPE_FLOAT) x = (double)config_setting_get_int64(s);
    if (!(x >= lo && x <= hi)) return at(err, errlen, path, s, "'%s' = %g is outside [%g, %g]", name, x, lo, hi);
    *v = x;
    return 0;
}

/* An array's value as a multiplier of the table's defaults: the ratio at its
 * first element with a non-zero default (a scenario that scaled the whole
 * array, as a calibration file does, gives exactly that scale). */
static double realv_multiplier(const struct cs_param_info *pi, const struct cs_params *p, const struct cs_params *def)
{
    const double *v = (const double *)(const void *)((const char *)p + pi->offset);
    const double *d = (const double *)(const void *)((const char *)def + pi->offset);
    for (int k = 0; k < pi->n; k++)
        if (d[k] != 0) return v[k] / d[k];
    return 1.0;
}

static int load_free(const char *path, struct cs_calib *c, const config_setting_t *list, char *err, size_t errlen)
{
    if (config_setting_type(list) != CONFIG_TYPE_LIST && config_setting_type(list) != CONFIG_TYPE_ARRAY)
        return at(err, errlen, path, list, "'free' must be a list of groups ( { path = \"...\"; lo = ...; hi = ...; }, ... )");
    int n = config_setting_length(list);
    if (n < 1) return at(err, errlen, path, list, "'free' names no parameter");
    if (n > CS_CALIB_MAX_FREE) return at(err, errlen, path, list, "more than %d free parameters", CS_CALIB_MAX_FREE);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        struct cs_calib_param *f = &c->fr[i];
        const char *p;
        if (config_setting_type(g) != CONFIG_TYPE_GROUP || !config_setting_lookup_string(g, "path", &p))
            return at(err, errlen, path, g, "free parameter %d must be a group with a 'path'", i + 1);
        f->pi = cs_param_find(p);
        if (!f->pi) {
            const char *sug = cs_param_suggest(p);
            return at(err, errlen, path, g, "unknown parameter '%s'%s%s%s", p, sug ? " (did you mean '" : "",
                      sug ? sug : "", sug ? "'?)" : "");
        }
        if (f->pi->kind == CS_STR || f->pi->kind == CS_BOOL)
            return at(err, errlen, path, g, "'%s' is not a number that can be fitted", p);
        if (cs_param_is_lever(f->pi))
            return at(err, errlen, path, g, "'%s' is a policy lever; calibration fits only the world a policy acts in", p);
        for (int j = 0; j < i; j++)
            if (c->fr[j].pi == f->pi) return at(err, errlen, path, g, "'%s' is free twice", p);
        if (get_number(path, g, "lo", -1e300, 1e300, &f->lo, err, errlen) ||
            get_number(path, g, "hi", -1e300, 1e300, &f->hi, err, errlen))
            return at(err, errlen, path, g, "free parameter '%s' needs numbers lo and hi", p);
        if (!(f->lo < f->hi)) return at(err, errlen, path, g, "'%s': lo must be below hi", p);
        struct cs_params probe = c->ref;
        if (cs_param_set(f->pi, &probe, &c->def, f->lo) || cs_param_set(f->pi, &probe, &c->def, f->hi))
            return at(err, errlen, path, g, "'%s': the range [%g, %g] leaves the parameter's valid range [%g, %g]%s", p,
                      f->lo, f->hi, f->pi->min, f->pi->max, f->pi->kind == CS_REALV ? " (as multipliers)" : "");
        f->start = f->pi->kind == CS_REALV ? realv_multiplier(f->pi, &c->ref, &c->def) : cs_param_get(f->pi, &c->ref);
        int r = get_number(path, g, "start", -1e300, 1e300, &f->start, err, errlen);
        if (r < 0) return -1;
        if (!(f->start > f->lo && f->start < f->hi))
            return at(err, errlen, path, g, "'%s' starts at %g, outside (%g, %g)%s; give a 'start' inside", p, f->start,
                      f->lo, f->hi, f->pi->kind == CS_REALV ? " (multiplier of the table's defaults)" : "");
    }
    c->n_free = n;
    return 0;
}

static int load_fit(const char *path, struct cs_calib *c, const config_setting_t *list, char *err, size_t errlen)
{
    c->n_fit = 0;
    if (!list) {   /* every series target of this run */
        for (int i = 0; i < c->ts.n && c->n_fit < CS_CALIB_MAX_FIT; i++)
            if (c->ts.t[i].kind == CS_VK_SERIES && !strcmp(c->ts.t[i].run, c->sc.name)) c->fit[c->n_fit++] = i;
        if (!c->n_fit) return at(err, errlen, path, NULL, "%s has no target for the run '%s'", c->targets_path, c->sc.name);
        return 0;
    }
    if (config_setting_type(list) != CONFIG_TYPE_ARRAY && config_setting_type(list) != CONFIG_TYPE_LIST)
        return at(err, errlen, path, list, "'fit' must be a list of target keys [ \"key\", ... ]");
    int n = config_setting_length(list);
    if (n < 1 || n > CS_CALIB_MAX_FIT) return at(err, errlen, path, list, "'fit' must name 1 to %d targets", CS_CALIB_MAX_FIT);
    for (int i = 0; i < n; i++) {
        const char *key = config_setting_get_string_elem(list, i);
        if (!key) return at(err, errlen, path, list, "'fit' element %d is not a string", i + 1);
        int k = -1;
        for (int j = 0; j < c->ts.n; j++)
            if (!strcmp(c->ts.t[j].key, key)) k = j;
        if (k < 0) return at(err, errlen, path, list, "no target '%s' in %s", key, c->targets_path);
        const struct cs_target *t = &c->ts.t[k];
        if (t->kind != CS_VK_SERIES)
            return at(err, errlen, path, list, "target '%s' is %s, not a measure of the run's output", key,
                      t->kind == CS_VK_PARAM ? "a model input" : "not modelled");
        if (strcmp(t->run, c->sc.name))
            return at(err, errlen, path, list, "target '%s' is measured on the run '%s', not '%s' (the scenario's name)", key,
                      t->run, c->sc.name);
        for (int j = 0; j < c->n_fit; j++)
            if (c->fit[j] == k) return at(err, errlen, path, list, "target '%s' is named twice", key);
        c->fit[c->n_fit++] = k;
    }
    return 0;
}

int cs_calib_load(const char *path, struct cs_calib *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    c->max_evals = 150;
    c->threads = 1;
    c->step = 1.0;
    c->size_tol = 0.02;
    FILE *fp = fopen(path, "r");
    if (!fp) { cs_errf(err, errlen, "%s: cannot open calibration file: %s", path, strerror(errno)); return -1; }
    fclose(fp);
    config_t cfg;
    config_init(&cfg);
    int rc = -1;
    if (!config_read_file(&cfg, path)) {
        cs_errf(err, errlen, "%s:%d: %s", config_error_file(&cfg) ? config_error_file(&cfg) : path,
                config_error_line(&cfg), config_error_text(&cfg));
        goto out;
    }
    const config_setting_t *root = config_root_setting(&cfg);
    static const char *known[] = {"scenario", "targets", "output", "scale", "replicates", "seed", "max_evals",
                                  "step", "size_tol", "fit", "free"};
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++) ok |= !strcmp(config_setting_name(s), known[k]);
        if (!ok) { at(err, errlen, path, s, "unknown setting '%s'", config_setting_name(s)); goto out; }
    }
    if (get_string(path, root, "scenario", 1, c->scenario_path, sizeof c->scenario_path, err, errlen) ||
        get_string(path, root, "targets", 1, c->targets_path, sizeof c->targets_path, err, errlen) ||
        get_string(path, root, "output", 1, c->output, sizeof c->output, err, errlen))
        goto out;
    if (cs_scenario_load(c->scenario_path, &c->sc, err, errlen)) goto out;
    if (c->sc.note[0]) fprintf(stderr, "%s\n", c->sc.note);
    double scale = c->sc.p.scale, reps = c->sc.p.replicates, seed = c->sc.p.seed, me = c->max_evals;
    if (get_number(path, root, "scale", 1e-4, 1, &scale, err, errlen) < 0 ||
        get_number(path, root, "replicates", 1, 1000, &reps, err, errlen) < 0 ||
        get_number(path, root, "seed", 0, 2147483647, &seed, err, errlen) < 0 ||
        get_number(path, root, "max_evals", 1, 100000, &me, err, errlen) < 0 ||
        get_number(path, root, "step", 1e-3, 10, &c->step, err, errlen) < 0 ||
        get_number(path, root, "size_tol", 1e-6, 10, &c->size_tol, err, errlen) < 0)
        goto out;
    c->sc.p.scale = scale;
    c->sc.p.replicates = (int)reps;
    c->sc.p.seed = (int)seed;
    c->max_evals = (int)me;
    c->ref = c->sc.p;
    cs_params_defaults(&c->def);
    if (cs_targets_load(c->targets_path, &c->ts, err, errlen)) goto out;
    if (load_fit(path, c, config_setting_get_member(root, "fit"), err, errlen)) goto out;
    const config_setting_t *fl = config_setting_get_member(root, "free");
    if (!fl) { at(err, errlen, path, NULL, "'free' is missing: the parameters to fit"); goto out; }
    if (load_free(path, c, fl, err, errlen)) goto out;
    /* the run lasts until the latest target period ends (dated weeks; at least
     * one projected year) */
    int need = 0;
    for (int j = 0; j < c->n_fit; j++) {
        const struct cs_target *t = &c->ts.t[c->fit[j]];
        if (t->week0 + t->n_weeks > need) need = t->week0 + t->n_weeks;
    }
    int years = 1;
    for (c->sc.p.years = years; cs_run_weeks(&c->sc.p, NULL) < need && years < 100;) c->sc.p.years = ++years;
    c->sc.p.years = years;
    c->ref.years = years;
    rc = 0;
out:
    config_destroy(&cfg);
    if (rc) cs_targets_free(&c->ts);
    return rc;
}

void cs_calib_free(struct cs_calib *c) { cs_targets_free(&c->ts); }

/* ---- one evaluation --------------------------------------------------------- */

static const double *res_series(void *ctx, const char *run, int k, int *R, int *W, char *err, size_t errlen)
{
    const struct cs_results *r = ctx;
    (void)run;
    (void)err;
    (void)errlen;
    *R = r->n_reps;
    *W = r->n_weeks;
    return r->series[k];
}

int cs_calib_within(const struct cs_calib *c, int j, double v)
{
    return cs_target_within(&c->ts.t[c->fit[j]], v);
}

double cs_calib_eval(const struct cs_calib *c, const double *theta, double *vals, volatile sig_atomic_t *stop,
                     int *stopped, char *err, size_t errlen)
{
    struct cs_scenario *sc = malloc(sizeof *sc);
    if (!sc) { cs_errf(err, errlen, "out of memory"); return NAN; }
    *sc = c->sc;
    *stopped = 0;
    for (int i = 0; i < c->n_free; i++)
        if (cs_param_set(c->fr[i].pi, &sc->p, &c->def, theta[i]) || cs_param_set(c->fr[i].pi, &sc->sq, &c->def, theta[i])) {
            cs_errf(err, errlen, "%s = %g is outside its valid range", c->fr[i].pi->path, theta[i]);
            free(sc);
            return NAN;
        }
    struct cs_results res, *use = &res;
    struct cs_national nat;
    int national = !strcmp(sc->p.place, "all"), rc;
    memset(&nat, 0, sizeof nat);
    memset(&res, 0, sizeof res);
    if (national) {
        rc = cs_run_national(sc, c->threads, NULL, stop, &nat, err, errlen);
        use = &nat.total;
    } else {
        rc = cs_run_scenario(sc, c->threads, NULL, stop, &res, err, errlen);
    }
    free(sc);
    double f = NAN;
    if (rc) {
        if (rc > 0) { *stopped = 1; cs_errf(err, errlen, "interrupted"); }
        goto out;
    }
    struct cs_vsource src = {res_series, NULL, use};
    double *v = malloc((size_t)use->n_reps * sizeof *v);
    if (!v) { cs_errf(err, errlen, "out of memory"); goto out; }
    f = 0;
    for (int j = 0; j < c->n_fit && isfinite(f); j++) {
        const struct cs_target *t = &c->ts.t[c->fit[j]];
        char e[512];
        int n = cs_target_values(t, &src, v, use->n_reps, e, sizeof e);
        if (n < 1) { cs_errf(err, errlen, "target '%s': %s", t->key, e); f = NAN; break; }
        double m = 0;
        for (int r = 0; r < n; r++) m += v[r];
        m /= n;
        vals[j] = m;
        double z = (m - t->published) / cs_target_band(t);
        f += z * z;
    }
    if (isfinite(f)) f /= c->n_fit;
    free(v);
out:
    if (national) cs_national_free(&nat);
    else cs_results_free(&res);
    return f;
}

/* ---- the search ------------------------------------------------------------- */

struct search {
    const struct cs_calib *c;
    struct cs_calib_result *res;
    void (*progress)(void *, int, double, double);
    void *ctx;
    volatile sig_atomic_t *stop;
    int failed, stopped;
    char *err;
    size_t errlen;
};

static double to_theta(const struct cs_calib_param *f, double x) { return f->lo + (f->hi - f->lo) / (1 + exp(-x)); }
static double to_x(const struct cs_calib_param *f, double th)
{
    double u = (th - f->lo) / (f->hi - f->lo);
    return log(u / (1 - u));
}

static double objective(const gsl_vector *x, void *params)
{
    struct search *s = params;
    const struct cs_calib *c = s->c;
    struct cs_calib_result *r = s->res;
    if (s->failed || s->stopped || r->evals >= c->max_evals) return GSL_POSINF;
    double th[CS_CALIB_MAX_FREE], vals[CS_CALIB_MAX_FIT];
    for (int i = 0; i < c->n_free; i++) th[i] = to_theta(&c->fr[i], gsl_vector_get(x, (size_t)i));
    double f = cs_calib_eval(c, th, vals, s->stop, &s->stopped, s->err, s->errlen);
    if (!isfinite(f)) {
        if (!s->stopped) s->failed = 1;
        return GSL_POSINF;
    }
    if (r->evals == 0) {
        r->f_start = f;
        memcpy(r->theta_start, th, sizeof th);
        memcpy(r->v_start, vals, sizeof vals);
    }
    r->evals++;
    if (r->evals == 1 || f < r->f_best) {
        r->f_best = f;
        memcpy(r->theta_best, th, sizeof th);
        memcpy(r->v_best, vals, sizeof vals);
    }
    if (s->progress) s->progress(s->ctx, r->evals, f, r->f_best);
    return f;
}

int cs_calib_fit(const struct cs_calib *c, void (*progress)(void *ctx, int eval, double f, double best), void *ctx,
                 volatile sig_atomic_t *stop, struct cs_calib_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    struct search s = {c, res, progress, ctx, stop, 0, 0, err, errlen};
    size_t n = (size_t)c->n_free;
    gsl_vector *x = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    if (!x || !step || !m) {
        cs_errf(err, errlen, "out of memory");
        gsl_vector_free(x);
        gsl_vector_free(step);
        if (m) gsl_multimin_fminimizer_free(m);
        return -1;
    }
    for (size_t i = 0; i < n; i++) gsl_vector_set(x, i, to_x(&c->fr[i], c->fr[i].start));
    gsl_vector_set_all(step, c->step);
    gsl_multimin_function fn = {objective, n, &s};
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int status = gsl_multimin_fminimizer_set(m, &fn, x, step);
    while (status == GSL_SUCCESS && !s.failed && !s.stopped && res->evals < c->max_evals) {
        status = gsl_multimin_fminimizer_iterate(m);
        if (status) break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), c->size_tol) == GSL_SUCCESS) break;
    }
    gsl_set_error_handler(old);
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(step);
    if (s.stopped) return 1;
    if (s.failed) return -1;
    if (res->evals == 0) { cs_errf(err, errlen, "the search made no evaluation (%s)", gsl_strerror(status)); return -1; }
    return 0;
}

/* ---- writing the calibration file -------------------------------------------- */

/* A real as libconfig reads it back as a real (1 alone would be an integer,
 * and an array may not mix the two). */
static void put_real(FILE *f, double v)
{
    char b[64];
    snprintf(b, sizeof b, "%.10g", v);
    fprintf(f, "%s%s", b, strpbrk(b, ".eEn") ? "" : ".0");
}

static void put_value(FILE *f, const struct cs_calib *c, const struct cs_param_info *pi, double th)
{
    struct cs_params p = c->ref;
    cs_param_set(pi, &p, &c->def, th);
    const char *val = (const char *)&p + pi->offset;
    if (pi->kind == CS_INT) {
        fprintf(f, "%d", *(const int *)(const void *)val);
    } else if (pi->kind == CS_REAL) {
        put_real(f, *(const double *)(const void *)val);
    } else {
        const double *v = (const double *)(const void *)val;
        fprintf(f, "[");
        for (int k = 0; k < pi->n; k++) {
            if (k) fprintf(f, ", ");
            put_real(f, v[k]);
        }
        fprintf(f, "]");
    }
}

static int by_path(const void *a, const void *b)
{
    const struct cs_calib_param *x = *(const struct cs_calib_param *const *)a, *y = *(const struct cs_calib_param *const *)b;
    return strcmp(x->pi->path, y->pi->path);
}

/* Settings grouped by the first part of their path (libconfig refuses a group
 * named twice); the table's paths have at most one dot. */
static void put_settings(FILE *f, const struct cs_calib *c, const struct cs_calib_result *res)
{
    const struct cs_calib_param *order[CS_CALIB_MAX_FREE];
    for (int i = 0; i < c->n_free; i++) order[i] = &c->fr[i];
    qsort(order, (size_t)c->n_free, sizeof *order, by_path);
    const char *open = NULL;
    size_t open_len = 0;
    for (int i = 0; i < c->n_free; i++) {
        const struct cs_param_info *pi = order[i]->pi;
        double th = res->theta_best[order[i] - c->fr];
        const char *dot = strchr(pi->path, '.');
        size_t gl = dot ? (size_t)(dot - pi->path) : 0;
        if (open && (!dot || gl != open_len || strncmp(open, pi->path, gl))) { fprintf(f, "};\n"); open = NULL; }
        if (dot && !open) { fprintf(f, "%.*s: {\n", (int)gl, pi->path); open = pi->path; open_len = gl; }
        fprintf(f, "%s%s = ", dot ? "  " : "", dot ? dot + 1 : pi->path);
        put_value(f, c, pi, th);
        fprintf(f, ";\n");
    }
    if (open) fprintf(f, "};\n");
}

int cs_calib_write(const struct cs_calib *c, const struct cs_calib_result *res, const char *path,
                   const char *version, const char *commit, const char *cmdline, char *err, size_t errlen)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) { cs_errf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno)); return -1; }
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    const char *base = strrchr(path, '/');
    fprintf(f, "# %s — fitted values of free parameters, written by `caresim calibrate`.\n", base ? base + 1 : path);
    fprintf(f, "# Scenarios take them with  calibration = \"%s\";  (include/cs_config.h).\n", base ? base + 1 : path);
    fprintf(f, "# Re-run the command below rather than editing by hand.\n#\n");
    fprintf(f, "# caresim %s, commit %s, compiler gcc %s, written %s\n", version, commit, __VERSION__, when);
    fprintf(f, "# command: %s\n", cmdline);
    fprintf(f, "# calibration file: %s; scenario %s (run '%s', place %s), scale %g, %d replicate%s, seed %d\n", c->path,
            c->scenario_path, c->sc.name, c->sc.p.place, c->sc.p.scale, c->sc.p.replicates,
            c->sc.p.replicates == 1 ? "" : "s", c->sc.p.seed);
    fprintf(f, "# method: Nelder-Mead simplex (GSL nmsimplex2) on logit-scaled parameters, common random\n");
    fprintf(f, "# numbers (one seed for every run); %d model runs (at most %d)\n", res->evals, c->max_evals);
    fprintf(f, "# objective (mean of ((simulated - published) / tolerance)^2): start %.4g, fitted %.4g\n#\n",
            res->f_start, res->f_best);
    fprintf(f, "# %-36s %14s %14s %14s %10s  %s\n", "target", "published", "start", "fitted", "tolerance", "within");
    int met = 0;
    for (int j = 0; j < c->n_fit; j++) {
        const struct cs_target *t = &c->ts.t[c->fit[j]];
        char tol[32];
        if (t->tol_rel) snprintf(tol, sizeof tol, "%g%%", 100 * t->tol);
        else snprintf(tol, sizeof tol, "%g", t->tol);
        int in = cs_calib_within(c, j, res->v_best[j]);
        met += in;
        fprintf(f, "# %-36.36s %14.6g %14.6g %14.6g %10s  %s\n", t->key, t->published, res->v_start[j], res->v_best[j], tol,
                in ? "yes" : "no");
    }
    fprintf(f, "# %d of %d targets within tolerance\n#\n", met, c->n_fit);
    fprintf(f, "# %-36s %14s %14s %22s\n", "parameter", "start", "fitted", "range");
    for (int i = 0; i < c->n_free; i++) {
        const struct cs_calib_param *fr = &c->fr[i];
        char range[48];
        snprintf(range, sizeof range, "[%g, %g]%s", fr->lo, fr->hi, fr->pi->kind == CS_REALV ? " x" : "");
        fprintf(f, "# %-36.36s %14.6g %14.6g %22s\n", fr->pi->path, res->theta_start[i], res->theta_best[i], range);
    }
    fprintf(f, "# (x: an array parameter, fitted as a multiplier of the parameter table's defaults)\n\n");
    put_settings(f, c, res);
    int bad = ferror(f);
    if (fclose(f) || bad || rename(tmp, path)) {
        cs_errf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* ---- the command ------------------------------------------------------------ */

static volatile sig_atomic_t g_stop;
static void on_sigint(int sig) { (void)sig; g_stop = 1; }

struct prog { int quiet, max; struct timespec t0; };
static void on_eval(void *ctx, int eval, double f, double best)
{
    struct prog *p = ctx;
    if (!p->quiet)
        fprintf(stderr, "calibrate: run %d of at most %d: objective %.4g (best %.4g), %.0f s\n", eval, p->max, f, best,
                cs_cli_since(&p->t0));
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: caresim calibrate CALIBRATION.cfg [-o OUT.cfg] [--max-evals N] [--threads N] [-q]\n"
"\n"
"Fit the free parameters named in CALIBRATION.cfg to the published figures of\n"
"its targets file, by a Nelder-Mead search over model runs that all use the same\n"
"seed, and write the fitted values as a calibration file that scenarios take with\n"
"  calibration = \"file.cfg\";\n"
"The file's format is in include/cs_calibrate.h; validation/calibrate.cfg fits\n"
"the national baseline (validation/README.md, \"Calibration\").\n"
"\n"
"  -o, --output FILE   where to write (default: the file's 'output' setting)\n"
"      --max-evals N   model runs at most (default: the file's max_evals, else 150)\n"
"      --threads N     OpenMP threads per run (default 1; results do not depend on it)\n"
"  -q, --quiet         no progress lines\n"
"\n"
"Prints each fitted target at the start and fitted, and whether it is within\n"
"its tolerance. Exit status: 0 written; 1 a run or the output failed; 2 a bad\n"
"command line or calibration file (file:line: message); 130 interrupted\n"
"(nothing written).\n");
}

int cs_cmd_calibrate(int argc, char **argv, const char *version, const char *commit)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'}, {"max-evals", required_argument, 0, 'm'},
                                         {"threads", required_argument, 0, 't'}, {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *out = NULL;
    long max_evals = 0, threads = 1;
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'h': usage(stdout); return 0;
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
        case 'm':
        case 't': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 100000) {
                fprintf(stderr, "caresim calibrate: --%s must be a whole number from 1\n", c == 'm' ? "max-evals" : "threads");
                return EXIT_USAGE;
            }
            if (c == 'm') max_evals = v;
            else threads = v;
            break;
        }
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) { usage(stderr); return EXIT_USAGE; }
    char err[2048];
    struct cs_calib *cal = malloc(sizeof *cal);
    if (!cal) { fprintf(stderr, "caresim calibrate: out of memory\n"); return EXIT_FAILED; }
    if (cs_calib_load(argv[optind], cal, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        free(cal);
        return EXIT_USAGE;
    }
    if (max_evals) cal->max_evals = (int)max_evals;
    cal->threads = (int)threads;
    const char *dest = out ? out : cal->output;
    char cmdline[2048] = "caresim";
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(cmdline);
        snprintf(cmdline + l, sizeof cmdline - l, " %s", argv[i]);
    }
    if (!quiet)
        fprintf(stderr, "calibrate: %d free parameters against %d targets; run '%s' (place %s) at scale %g, %d replicate%s\n",
                cal->n_free, cal->n_fit, cal->sc.name, cal->sc.p.place, cal->sc.p.scale, cal->sc.p.replicates,
                cal->sc.p.replicates == 1 ? "" : "s");
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old);
    struct prog pg = {quiet, cal->max_evals, {0, 0}};
    clock_gettime(CLOCK_MONOTONIC, &pg.t0);
    struct cs_calib_result *res = malloc(sizeof *res);
    int rc = res ? cs_calib_fit(cal, on_eval, &pg, &g_stop, res, err, sizeof err) : -1;
    sigaction(SIGINT, &old, NULL);
    int status = 0;
    if (!res) { fprintf(stderr, "caresim calibrate: out of memory\n"); status = EXIT_FAILED; }
    else if (rc > 0) { fprintf(stderr, "caresim calibrate: interrupted; nothing written\n"); status = 130; }
    else if (rc < 0) { fprintf(stderr, "caresim calibrate: %s\n", err); status = EXIT_FAILED; }
    else if (cs_calib_write(cal, res, dest, version, commit, cmdline, err, sizeof err)) {
        fprintf(stderr, "caresim calibrate: %s\n", err);
        status = EXIT_FAILED;
    }
    if (!status) {
        printf("%-40s %14s %14s %14s  %s\n", "target", "published", "start", "fitted", "within tolerance");
        int met = 0;
        for (int j = 0; j < cal->n_fit; j++) {
            int in = cs_calib_within(cal, j, res->v_best[j]);
            met += in;
            const struct cs_target *t = &cal->ts.t[cal->fit[j]];
            printf("%-40.40s %14.6g %14.6g %14.6g  %s\n", t->key, t->published, res->v_start[j], res->v_best[j], in ? "yes" : "no");
        }
        printf("\n%-40s %14s %14s\n", "parameter", "start", "fitted");
        for (int i = 0; i < cal->n_free; i++)
            printf("%-40s %14.6g %14.6g%s\n", cal->fr[i].pi->path, res->theta_start[i], res->theta_best[i],
                   cal->fr[i].pi->kind == CS_REALV ? " (multiplier)" : "");
        printf("\nobjective %.4g -> %.4g after %d runs; %d of %d targets within tolerance; wrote %s\n", res->f_start,
               res->f_best, res->evals, met, cal->n_fit, dest);
    }
    free(res);
    cs_calib_free(cal);
    free(cal);
    return status;
}
