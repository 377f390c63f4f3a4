/*
 * sweep_file.c — a sensitivity analysis in memory and in its HDF5 file: the
 * /sweep group of a caresim result file (layout in cs_sweep_file.h and
 * docs/output.md). The file itself (temporary name, status, provenance) is
 * output.c's; this module only fills and reads the group.
 */
#include "cs_sweep_file.h"

#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "cs_util.h"

/* ---- memory ---------------------------------------------------------------- */

void cs_sweep_data_free(struct cs_sweep_data *d)
{
    void *p[] = {d->factor, d->kind, d->factor_units, d->lo, d->hi, d->nominal, d->table_lo, d->table_hi,
                 d->rescaled, d->clipped, d->outcome, d->outcome_units, d->u, d->x, d->moved, d->y[0], d->y[1],
                 d->y_reform, d->ee[0], d->ee[1], d->si[0], d->si[1], d->config[0], d->config[1]};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) free(p[i]);
    int method = d->method;
    memset(d, 0, sizeof *d);
    d->method = method;
}

int cs_sweep_data_alloc(struct cs_sweep_data *d)
{
    size_t k = (size_t)d->k, m = (size_t)d->m, runs = (size_t)d->runs, cmp = d->has_reform ? 2 : 1;
    int ok = 1;
#define ALLOC(field, n) ok &= (d->field = calloc((n) + 1, sizeof *d->field)) != NULL
    ALLOC(factor, k); ALLOC(kind, k); ALLOC(factor_units, k);
    ALLOC(lo, k); ALLOC(hi, k); ALLOC(nominal, k); ALLOC(table_lo, k); ALLOC(table_hi, k);
    ALLOC(rescaled, k); ALLOC(clipped, k);
    ALLOC(outcome, m); ALLOC(outcome_units, m);
    ALLOC(u, runs * k); ALLOC(x, runs * k); ALLOC(moved, runs);
    for (size_t c = 0; c < cmp; c++) {
        ALLOC(y[c], runs * m);
        if (d->method == CS_SENS_MORRIS) ALLOC(ee[c], m * (k + (size_t)d->noise));
        else ALLOC(si[c], m * k);
    }
    if (d->has_reform) ALLOC(y_reform, runs * m);
#undef ALLOC
    if (!ok) cs_sweep_data_free(d);
    return ok ? 0 : -1;
}

void cs_sweep_ranked(const struct cs_sweep_data *d, int c, int j, int *idx)
{
    double *v = malloc((size_t)d->k * sizeof *v);
    for (int i = 0; v && i < d->k; i++)
        v[i] = d->method == CS_SENS_MORRIS ? d->ee[c][j * (d->k + d->noise) + i].mu_star : d->si[c][j * d->k + i].st;
    if (v) cs_sens_order(v, d->k, idx);
    else for (int i = 0; i < d->k; i++) idx[i] = i;
    free(v);
}

/* ---- writing ---------------------------------------------------------------- */

static hid_t vlen_utf8(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

/* n names as a 1-D dataset of UTF-8 strings; 0 or -1 */
static int put_strings(hid_t g, const char *name, int n, const char (*s)[CS_SWEEP_NAME])
{
    const char **p = malloc((size_t)(n > 0 ? n : 1) * sizeof *p);
    hsize_t dim = (hsize_t)n;
    hid_t t = vlen_utf8(), sp = H5Screate_simple(1, &dim, NULL), ds = -1;
    int rc = -1;
    if (p && t >= 0 && sp >= 0) {
        for (int i = 0; i < n; i++) p[i] = s[i];
        ds = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = ds >= 0 && H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, p) >= 0 ? 0 : -1;
    }
    if (ds >= 0) H5Dclose(ds);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    free(p);
    return rc;
}

/* A scalar UTF-8 string, as the attribute name of g (name given) or as the
 * dataset dset in g: variable-length like the root attributes, so h5py reads
 * str, not bytes. 0 or -1 */
static int put_text(hid_t g, const char *attr, const char *dset, const char *text)
{
    hid_t t = vlen_utf8(), sp = H5Screate(H5S_SCALAR), obj = -1;
    int rc = -1;
    if (t >= 0 && sp >= 0) {
        obj = attr ? H5Acreate2(g, attr, t, sp, H5P_DEFAULT, H5P_DEFAULT)
                   : H5Dcreate2(g, dset, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = obj >= 0 && (attr ? H5Awrite(obj, t, &text) : H5Dwrite(obj, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text)) >= 0
                 ? 0 : -1;
    }
    if (obj >= 0) { if (attr) H5Aclose(obj); else H5Dclose(obj); }
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    return rc;
}

/* rows x cols (cols 0: a vector of rows) */
static int put_doubles(hid_t g, const char *name, int rows, int cols, const double *v)
{
    hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
    return H5LTmake_dataset_double(g, name, cols ? 2 : 1, dims, v) < 0 ? -1 : 0;
}

static int put_ints(hid_t g, const char *name, int rows, int cols, const int *v)
{
    hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
    return H5LTmake_dataset_int(g, name, cols ? 2 : 1, dims, v) < 0 ? -1 : 0;
}

static int indices_io(hid_t g, struct cs_sweep_data *d, int c, int write);

int cs_sweep_write(cs_out *o, const struct cs_sweep_data *d, char *err, size_t errlen)
{
    hid_t file = (hid_t)cs_out_hid(o), g = -1, sub = -1;
    int rc = file >= 0 ? 0 : -1;
    if (rc == 0) rc = (g = H5Gcreate2(file, "sweep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0 ? -1 : 0;
    struct { const char *name; const char *v; } sattr[] = {
        {"method", d->method == CS_SENS_MORRIS ? "morris" : "sobol"},
        {"baseline", d->baseline}, {"reform", d->reform}, {"place", d->place},
        {"step", d->method == CS_SENS_MORRIS ? "half of each range (radial one-at-a-time)" : "Saltelli A, B, AB_i"},
        {"outcome_summary", "mean over replicates and reported weeks; a weekly flow times 52 (per year)"},
    };
    for (size_t i = 0; i < sizeof sattr / sizeof sattr[0] && rc == 0; i++)
        rc = put_text(g, sattr[i].name, NULL, sattr[i].v);
    struct { const char *name; int v; } iattr[] = {
        {"samples", d->n}, {"runs", d->runs}, {"n_factors", d->k}, {"n_outcomes", d->m}, {"noise_row", d->noise},
        {"years", d->years}, {"replicates", d->reps}, {"warmup_weeks", d->warmup},
    };
    for (size_t i = 0; i < sizeof iattr / sizeof iattr[0] && rc == 0; i++)
        rc = H5LTset_attribute_int(file, "/sweep", iattr[i].name, &iattr[i].v, 1) < 0 ? -1 : 0;
    if (rc == 0) rc = H5LTset_attribute_double(file, "/sweep", "scale", &d->scale, 1) < 0 ? -1 : 0;
    if (rc == 0) rc = H5LTset_attribute_ulong(file, "/sweep", "design_seed", &d->design_seed, 1) < 0 ? -1 : 0;
    for (int c = 0; c < (d->has_reform ? 2 : 1) && rc == 0; c++)
        rc = put_text(g, NULL, c ? "config_reform" : "config_baseline", d->config[c] ? d->config[c] : "");

    if (rc == 0) rc = (sub = H5Gcreate2(g, "factors", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0 ? -1 : 0;
    if (rc == 0) rc = put_strings(sub, "name", d->k, d->factor) | put_strings(sub, "kind", d->k, d->kind) |
                      put_strings(sub, "units", d->k, d->factor_units) | put_doubles(sub, "lo", d->k, 0, d->lo) |
                      put_doubles(sub, "hi", d->k, 0, d->hi) | put_doubles(sub, "nominal", d->k, 0, d->nominal) |
                      put_doubles(sub, "table_lo", d->k, 0, d->table_lo) |
                      put_doubles(sub, "table_hi", d->k, 0, d->table_hi) |
                      put_ints(sub, "rescaled", d->k, 0, d->rescaled) | put_ints(sub, "clipped", d->k, 0, d->clipped);
    if (sub >= 0) H5Gclose(sub);
    sub = -1;
    if (rc == 0) rc = (sub = H5Gcreate2(g, "outcomes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0 ? -1 : 0;
    if (rc == 0) rc = put_strings(sub, "name", d->m, d->outcome) | put_strings(sub, "units", d->m, d->outcome_units);
    if (sub >= 0) H5Gclose(sub);
    sub = -1;
    if (rc == 0) rc = (sub = H5Gcreate2(g, "design", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0 ? -1 : 0;
    if (rc == 0) rc = put_doubles(sub, "u", d->runs, d->k, d->u) | put_doubles(sub, "x", d->runs, d->k, d->x) |
                      put_ints(sub, "moved", d->runs, 0, d->moved);
    if (sub >= 0) H5Gclose(sub);
    for (int c = 0; c < (d->has_reform ? 2 : 1) && rc == 0; c++) {
        sub = H5Gcreate2(g, c ? "effect" : "baseline", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = sub < 0 ? -1 : put_doubles(sub, "y", d->runs, d->m, d->y[c]) | indices_io(sub, (struct cs_sweep_data *)d, c, 1);
        if (rc == 0 && c) rc = put_doubles(sub, "reform_y", d->runs, d->m, d->y_reform);
        if (sub >= 0) H5Gclose(sub);
    }
    if (g >= 0) H5Gclose(g);
    if (rc) cs_errf(err, errlen, "output: cannot write the sensitivity analysis (/sweep)");
    return rc ? -1 : 0;
}

/* ---- reading ---------------------------------------------------------------- */

int cs_sweep_in_file(const cs_rfile *f) { return cs_rfile_exists(f, "/sweep"); }

/* A dataset of exactly n values (any shape); 0 or -1 */
static int get_size(hid_t g, const char *name, size_t n)
{
    int rank;
    hsize_t dims[4] = {0};
    if (H5LTget_dataset_ndims(g, name, &rank) < 0 || rank < 1 || rank > 4) return -1;
    if (H5LTget_dataset_info(g, name, dims, NULL, NULL) < 0) return -1;
    size_t have = 1;
    for (int i = 0; i < rank; i++) have *= (size_t)dims[i];
    return have == n ? 0 : -1;
}

static int get_doubles(hid_t g, const char *name, size_t n, double *v)
{
    return get_size(g, name, n) || H5LTread_dataset_double(g, name, v) < 0 ? -1 : 0;
}

static int get_ints(hid_t g, const char *name, size_t n, int *v)
{
    return get_size(g, name, n) || H5LTread_dataset_int(g, name, v) < 0 ? -1 : 0;
}

static int get_strings(hid_t g, const char *name, int n, char (*s)[CS_SWEEP_NAME])
{
    if (get_size(g, name, (size_t)n)) return -1;
    char **p = calloc((size_t)(n > 0 ? n : 1), sizeof *p);
    hid_t t = vlen_utf8(), ds = H5Dopen2(g, name, H5P_DEFAULT);
    int rc = p && t >= 0 && ds >= 0 && H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, p) >= 0 ? 0 : -1;
    for (int i = 0; p && i < n; i++) {
        if (rc == 0) snprintf(s[i], CS_SWEEP_NAME, "%s", p[i] ? p[i] : "");
        if (p[i]) H5free_memory(p[i]);
    }
    if (ds >= 0) H5Dclose(ds);
    if (t >= 0) H5Tclose(t);
    free(p);
    return rc;
}

/* The indices of comparison c as datasets of g: written from d (write 1) or
 * read into it (write 0), one loop for both so the two cannot drift apart. */
static int indices_io(hid_t g, struct cs_sweep_data *d, int c, int write)
{
    int k = d->k, m = d->m, K = k + d->noise, rc = 0;
    size_t n = (size_t)m * k;
    double *v = malloc(n * sizeof *v);
    int *cnt = malloc(n * sizeof *cnt);
    if (!v || !cnt) { free(v); free(cnt); return -1; }
    if (d->method == CS_SENS_MORRIS) {
        static const char *names[] = {"mu", "mu_star", "sigma", "mu_star_lo", "mu_star_hi"};
        if (!write) rc = get_ints(g, "n", n, cnt);
        for (int f = 0; f < 5 && rc == 0; f++) {
            if (!write) rc = get_doubles(g, names[f], n, v);
            for (int j = 0; j < m && rc == 0; j++)
                for (int i = 0; i < k; i++) {
                    struct cs_sens_ee *e = &d->ee[c][j * K + i];
                    double *a[] = {&e->mu, &e->mu_star, &e->sigma, &e->lo, &e->hi};
                    if (write) { v[j * k + i] = *a[f]; cnt[j * k + i] = e->n; }
                    else { *a[f] = v[j * k + i]; e->n = cnt[j * k + i]; }
                }
            if (write && rc == 0) rc = put_doubles(g, names[f], m, k, v);
        }
        if (write && rc == 0) rc = put_ints(g, "n", m, k, cnt);
        static const char *noise[] = {"noise_mu_star", "noise_sigma", "noise_lo", "noise_hi"};
        for (int f = 0; f < 4 && rc == 0 && d->noise; f++) {
            if (!write) rc = get_doubles(g, noise[f], (size_t)m, v);
            for (int j = 0; j < m && rc == 0; j++) {
                struct cs_sens_ee *e = &d->ee[c][j * K + k];
                double *a[] = {&e->mu_star, &e->sigma, &e->lo, &e->hi};
                if (write) v[j] = *a[f];
                else {
                    *a[f] = v[j];
                    e->mu = 0;   /* not kept: the noise's sign means nothing */
                    e->n = d->n;
                }
            }
            if (write && rc == 0) rc = put_doubles(g, noise[f], m, 0, v);
        }
    } else {
        static const char *names[] = {"s1", "st", "s1_lo", "s1_hi", "st_lo", "st_hi"};
        for (int f = 0; f < 6 && rc == 0; f++) {
            if (!write) rc = get_doubles(g, names[f], n, v);
            for (size_t i = 0; i < n && rc == 0; i++) {
                struct cs_sens_si *s = &d->si[c][i];
                double *a[] = {&s->s1, &s->st, &s->s1_lo, &s->s1_hi, &s->st_lo, &s->st_hi};
                if (write) v[i] = *a[f];
                else *a[f] = v[i];
            }
            if (write && rc == 0) rc = put_doubles(g, names[f], m, k, v);
        }
    }
    free(v);
    free(cnt);
    return rc;
}

int cs_sweep_read(const cs_rfile *f, struct cs_sweep_data *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    hid_t file = (hid_t)cs_rfile_hid(f);
    char *method = cs_rfile_string(f, "/sweep", "method");
    int rc = method && (!strcmp(method, "morris") || !strcmp(method, "sobol")) ? 0 : -1;
    d->method = method && !strcmp(method, "sobol") ? CS_SENS_SOBOL : CS_SENS_MORRIS;
    free(method);
    struct { const char *name; int *v; } iattr[] = {
        {"samples", &d->n}, {"runs", &d->runs}, {"n_factors", &d->k}, {"n_outcomes", &d->m},
        {"noise_row", &d->noise}, {"years", &d->years}, {"replicates", &d->reps}, {"warmup_weeks", &d->warmup},
    };
    for (size_t i = 0; i < sizeof iattr / sizeof iattr[0] && rc == 0; i++)
        rc = H5LTget_attribute_int(file, "/sweep", iattr[i].name, iattr[i].v) < 0 ? -1 : 0;
    if (rc == 0) rc = H5LTget_attribute_double(file, "/sweep", "scale", &d->scale) < 0 ? -1 : 0;
    if (rc == 0) rc = H5LTget_attribute_ulong(file, "/sweep", "design_seed", &d->design_seed) < 0 ? -1 : 0;
    struct { const char *name; char *v; size_t n; } sattr[] = {
        {"baseline", d->baseline, sizeof d->baseline}, {"reform", d->reform, sizeof d->reform},
        {"place", d->place, sizeof d->place},
    };
    for (size_t i = 0; i < sizeof sattr / sizeof sattr[0] && rc == 0; i++) {
        char *s = cs_rfile_string(f, "/sweep", sattr[i].name);
        if (!s) rc = -1;
        else snprintf(sattr[i].v, sattr[i].n, "%s", s);
        free(s);
    }
    if (rc == 0 && (d->k < 1 || d->m < 1 || d->runs < 1 || d->n < 1 || (d->noise != 0 && d->noise != 1))) rc = -1;
    d->has_reform = d->reform[0] != '\0';
    if (rc == 0 && cs_sweep_data_alloc(d)) { cs_errf(err, errlen, "out of memory"); return -1; }
    hid_t g = rc == 0 ? H5Gopen2(file, "/sweep/factors", H5P_DEFAULT) : -1;
    if (rc == 0) rc = g < 0 || get_strings(g, "name", d->k, d->factor) || get_strings(g, "kind", d->k, d->kind) ||
                      get_strings(g, "units", d->k, d->factor_units) || get_doubles(g, "lo", d->k, d->lo) ||
                      get_doubles(g, "hi", d->k, d->hi) || get_doubles(g, "nominal", d->k, d->nominal) ||
                      get_doubles(g, "table_lo", d->k, d->table_lo) || get_doubles(g, "table_hi", d->k, d->table_hi) ||
                      get_ints(g, "rescaled", d->k, d->rescaled) || get_ints(g, "clipped", d->k, d->clipped) ? -1 : 0;
    if (g >= 0) H5Gclose(g);
    g = rc == 0 ? H5Gopen2(file, "/sweep/outcomes", H5P_DEFAULT) : -1;
    if (rc == 0) rc = g < 0 || get_strings(g, "name", d->m, d->outcome) || get_strings(g, "units", d->m, d->outcome_units) ? -1 : 0;
    if (g >= 0) H5Gclose(g);
    g = rc == 0 ? H5Gopen2(file, "/sweep/design", H5P_DEFAULT) : -1;
    size_t rk = (size_t)d->runs * d->k, rm = (size_t)d->runs * d->m;
    if (rc == 0) rc = g < 0 || get_doubles(g, "u", rk, d->u) || get_doubles(g, "x", rk, d->x) ||
                      get_ints(g, "moved", (size_t)d->runs, d->moved) ? -1 : 0;
    if (g >= 0) H5Gclose(g);
    for (int c = 0; c < (d->has_reform ? 2 : 1) && rc == 0; c++) {
        g = H5Gopen2(file, c ? "/sweep/effect" : "/sweep/baseline", H5P_DEFAULT);
        rc = g < 0 || get_doubles(g, "y", rm, d->y[c]) || indices_io(g, d, c, 0) ||
             (c && get_doubles(g, "reform_y", rm, d->y_reform)) ? -1 : 0;
        if (g >= 0) H5Gclose(g);
        d->config[c] = cs_rfile_string(f, c ? "/sweep/config_reform" : "/sweep/config_baseline", NULL);
    }
    H5Eclear2(H5E_DEFAULT);
    if (rc) {
        cs_errf(err, errlen, "the sensitivity analysis (/sweep) is incomplete or unreadable");
        cs_sweep_data_free(d);
        return -1;
    }
    return 0;
}
