/*
 * h5read.c — reading result files back (cs_h5read.h). Kept apart from
 * output.c so that the writer never depends on the reader, and the tools that
 * read (compare, report) never pull in the model.
 */
#include "cs_h5read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <libconfig.h>

#include "cs_calendar.h"
#include "cs_output.h"
#include "cs_util.h"

struct cs_rfile {
    hid_t file;
    int n;
    char **names;
};

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g; (void)info;
    cs_rfile *f = data;
    char **nn = realloc(f->names, (size_t)(f->n + 1) * sizeof *nn);
    if (!nn) return -1;
    f->names = nn;
    f->names[f->n] = strdup(name);
    if (!f->names[f->n]) return -1;
    f->n++;
    return 0;
}

int cs_rfile_exists(const cs_rfile *f, const char *path)
{
    /* check each component, since H5Lexists fails on a missing parent */
    char buf[1024];
    if (strlen(path) >= sizeof buf) return 0;
    strcpy(buf, path);
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (H5Lexists(f->file, buf, H5P_DEFAULT) <= 0) return 0;
            if (!c) break;
            *p = c;
        }
    }
    return 1;
}

char *cs_rfile_string(const cs_rfile *f, const char *path, const char *name)
{
    char *out = NULL;
    if (!name && !cs_rfile_exists(f, path)) return NULL;
    if (name && strcmp(path, "/") && !cs_rfile_exists(f, path)) return NULL;
    if (name && H5Aexists_by_name(f->file, path, name, H5P_DEFAULT) <= 0) return NULL;
    hid_t obj = name ? H5Aopen_by_name(f->file, path, name, H5P_DEFAULT, H5P_DEFAULT)
                     : H5Dopen2(f->file, path, H5P_DEFAULT);
    if (obj < 0) return NULL;
    hid_t t = name ? H5Aget_type(obj) : H5Dget_type(obj);
    if (t >= 0 && H5Tget_class(t) == H5T_STRING) {
        hid_t mt = H5Tcopy(H5T_C_S1);
        if (H5Tis_variable_str(t) > 0) {
            char *s = NULL;
            H5Tset_size(mt, H5T_VARIABLE);
            H5Tset_cset(mt, H5T_CSET_UTF8);
            herr_t rc = name ? H5Aread(obj, mt, &s) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &s);
            if (rc >= 0 && s) {
                out = strdup(s);
                H5free_memory(s);
            }
        } else {
            size_t n = H5Tget_size(t);
            out = calloc(n + 1, 1);
            H5Tset_size(mt, n + 1);
            herr_t rc = name ? H5Aread(obj, mt, out) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
            if (rc < 0) { free(out); out = NULL; }
        }
        H5Tclose(mt);
    }
    if (t >= 0) H5Tclose(t);
    if (name) H5Aclose(obj); else H5Dclose(obj);
    return out;
}

cs_rfile *cs_rfile_open(const char *path, char *err, size_t errlen)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);   /* errors are reported by us */
    cs_rfile *f = calloc(1, sizeof *f);
    if (!f) { cs_errf(err, errlen, "out of memory"); return NULL; }
    f->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f->file < 0) {
        cs_errf(err, errlen, "%s: cannot open as an HDF5 file", path);
        free(f);
        return NULL;
    }
    int schema = -1;
    if (H5Aexists(f->file, "schema_version") > 0) {
        hid_t a = H5Aopen(f->file, "schema_version", H5P_DEFAULT);
        if (a < 0 || H5Aread(a, H5T_NATIVE_INT, &schema) < 0) schema = -1;
        if (a >= 0) H5Aclose(a);
    }
    char *status = cs_rfile_string(f, "/", "status");
    if (schema < 0) cs_errf(err, errlen, "%s: not a caresim result file (no schema_version)", path);
    else if (schema > CS_SCHEMA_VERSION)
        cs_errf(err, errlen, "%s: written with schema version %d, this caresim reads up to %d", path,
            schema, CS_SCHEMA_VERSION);
    else if (!status || strcmp(status, "complete"))
        cs_errf(err, errlen, "%s: the run that wrote it did not finish (status \"%s\")", path,
            status ? status : "missing");
    else if (!cs_rfile_exists(f, "/scenarios") ||
             H5Literate_by_name(f->file, "/scenarios", H5_INDEX_NAME, H5_ITER_INC, NULL,
                                 collect, f, H5P_DEFAULT) < 0)
        cs_errf(err, errlen, "%s: cannot list /scenarios", path);
    else if (f->n == 0 && !cs_rfile_exists(f, "/sweep"))   /* a sensitivity analysis has none */
        cs_errf(err, errlen, "%s: holds no scenarios", path);
    else {
        free(status);
        /* the order the scenarios were run in, when recorded */
        char *order = cs_rfile_string(f, "/scenarios", "scenario_order");
        if (order) {
            int pos = 0;
            for (char *tok = strtok(order, "\n"); tok; tok = strtok(NULL, "\n")) {
                int k = cs_rfile_find(f, tok);
                if (k >= pos) {
                    char *t = f->names[k];
                    memmove(f->names + pos + 1, f->names + pos, (size_t)(k - pos) * sizeof *f->names);
                    f->names[pos++] = t;
                }
            }
            free(order);
        }
        return f;
    }
    free(status);
    cs_rfile_close(f);
    return NULL;
}

void cs_rfile_close(cs_rfile *f)
{
    if (!f) return;
    for (int i = 0; i < f->n; i++) free(f->names[i]);
    free(f->names);
    if (f->file >= 0) H5Fclose(f->file);
    free(f);
}

int cs_rfile_n_scenarios(const cs_rfile *f) { return f->n; }
const char *cs_rfile_scenario(const cs_rfile *f, int i) { return i >= 0 && i < f->n ? f->names[i] : NULL; }
long long cs_rfile_hid(const cs_rfile *f) { return (long long)f->file; }

int cs_rfile_find(const cs_rfile *f, const char *name)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->names[i], name)) return i;
    return -1;
}

double *cs_rfile_series(const cs_rfile *f, const char *scenario, const char *metric,
                        int *n_reps, int *n_weeks, char *err, size_t errlen)
{
    char path[1024];
    snprintf(path, sizeof path, "/scenarios/%s/timeseries/%s", scenario, metric);
    if (!cs_rfile_exists(f, path)) {
        cs_errf(err, errlen, "no metric '%s' for scenario '%s'", metric, scenario);
        return NULL;
    }
    hid_t d = H5Dopen2(f->file, path, H5P_DEFAULT);
    hid_t s = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t dims[2] = {0, 0};
    double *x = NULL;
    if (s >= 0 && H5Sget_simple_extent_ndims(s) == 2) {
        H5Sget_simple_extent_dims(s, dims, NULL);
        x = malloc((size_t)(dims[0] * dims[1] > 0 ? dims[0] * dims[1] : 1) * sizeof *x);
        if (x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
            free(x);
            x = NULL;
        }
    }
    if (!x) cs_errf(err, errlen, "cannot read %s", path);
    else { *n_reps = (int)dims[0]; *n_weeks = (int)dims[1]; }
    if (s >= 0) H5Sclose(s);
    if (d >= 0) H5Dclose(d);
    return x;
}

struct cs_window cs_window_make(int n_weeks, int start, int start_week)
{
    struct cs_window w = {start, n_weeks - start, 0, 0, start_week < 0 ? -1 : start_week};
    if (w.n_weeks < 0) w.n_weeks = 0;
    w.n_years = (w.n_weeks + 51) / 52;
    if (start_week >= 0) w.first_fy = cs_cal_fy(start_week);
    return w;
}

const char *cs_window_label(const struct cs_window *w, int y, char *buf, size_t len)
{
    if (w->first_fy > 0) cs_cal_fy_label(w->first_fy + y - 1, buf, len);
    else snprintf(buf, len, "year %d", y);
    return buf;
}

/* An int attribute of the object at path into *v: 1; 0 when absent; -1 when unreadable. */
static int int_attr(const cs_rfile *f, const char *path, const char *name, int *v)
{
    if (!cs_rfile_exists(f, path) || H5Aexists_by_name(f->file, path, name, H5P_DEFAULT) <= 0) return 0;
    hid_t a = H5Aopen_by_name(f->file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a >= 0 && H5Aread(a, H5T_NATIVE_INT, v) >= 0 ? 1 : -1;
    if (a >= 0) H5Aclose(a);
    return rc;
}

int cs_rfile_window(const cs_rfile *f, const char *scenario, int n_weeks, struct cs_window *w,
                    char *err, size_t errlen)
{
    char path[1024];
    snprintf(path, sizeof path, "/scenarios/%s/timeseries", scenario);
    int ps = 0, rc = int_attr(f, path, "policy_start_week", &ps);
    if (rc < 0) {
        cs_errf(err, errlen, "%s: cannot read the attribute policy_start_week", path);
        return 2;
    }
    if (rc == 0) {   /* written before the calendar: the whole series */
        *w = cs_window_make(n_weeks, 0, -1);
        return 0;
    }
    /* the series' first week is the first value of the week coordinate */
    int week0 = 0;
    char wpath[1100];
    snprintf(wpath, sizeof wpath, "%s/week", path);
    if (cs_rfile_exists(f, wpath)) {
        hid_t d = H5Dopen2(f->file, wpath, H5P_DEFAULT);
        hid_t s = d >= 0 ? H5Dget_space(d) : -1;
        hsize_t one = 1, zero = 0;
        hid_t m = H5Screate_simple(1, &one, NULL);
        int ok = s >= 0 && m >= 0 && H5Sget_simple_extent_npoints(s) > 0 &&
                 H5Sselect_hyperslab(s, H5S_SELECT_SET, &zero, NULL, &one, NULL) >= 0 &&
                 H5Dread(d, H5T_NATIVE_INT, m, s, H5P_DEFAULT, &week0) >= 0;
        if (m >= 0) H5Sclose(m);
        if (s >= 0) H5Sclose(s);
        if (d >= 0) H5Dclose(d);
        if (!ok) {
            cs_errf(err, errlen, "cannot read the first value of %s", wpath);
            return 2;
        }
    }
    int start = ps - week0;
    if (start < 0 || start >= n_weeks) {
        cs_errf(err, errlen, "%s: policy_start_week %d is outside its series (weeks %d .. %d): "
                "nothing projected to compare", path, ps, week0, week0 + n_weeks - 1);
        return 2;
    }
    *w = cs_window_make(n_weeks, start, ps);
    return 0;
}

int cs_rfile_setting(const cs_rfile *f, const char *scenario, const char *path, double *v)
{
    char where[512];
    snprintf(where, sizeof where, "/scenarios/%s/config", scenario);
    char *text = cs_rfile_string(f, where, NULL);
    config_t cfg;
    config_init(&cfg);
    int rc = -1;
    if (text && config_read_string(&cfg, text) == CONFIG_TRUE) {
        config_setting_t *s = config_lookup(&cfg, path);
        int type = s ? config_setting_type(s) : CONFIG_TYPE_NONE;
        rc = 0;
        if (type == CONFIG_TYPE_FLOAT) *v = config_setting_get_float(s);
        else if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) *v = (double)config_setting_get_int64(s);
        else rc = -2;
    }
    config_destroy(&cfg);
    free(text);
    return rc;
}
