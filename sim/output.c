/*
 * output.c — writes the HDF5 result file described in cs_output.h and
 * docs/output.md: provenance attributes on the root, one group per scenario
 * with its resolved configuration and its weekly time series, and the
 * temp-file-then-rename dance that keeps a killed run from ever leaving a
 * half-written file under the name the user asked for.
 */
#include "cs_output.h"
#include "cs_calendar.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef CS_MPI
#include <mpi.h>
#endif
#include <hdf5.h>
#include <hdf5_hl.h>

/* Variable-length strings for one dataset, written after the parallel close
 * (see struct cs_out). */
struct later {
    char *path;    /* the dataset's path in the file */
    int n;
    char **vals;
};

struct cs_out {
    hid_t file;
    char *target;
    char *temp;
    char *order;   /* scenario names in the order written, one per line */
    char err[512];
    /* Parallel files (cs_out_create_mpi, MPI build only): every rank holds
     * the file and makes every call below with the same arguments, except
     * that each writes its own rows of the series. Parallel HDF5 1.10 cannot
     * write variable-length data (the strings of config, place, place_name
     * and the business case's scales), so those datasets are created with
     * the rest and their strings kept in `later`; cs_out_finish writes them
     * from rank 0 after the parallel close, in a serial reopen, before status
     * becomes "complete". */
    int par, rank;
    struct later *later;
    int n_later;
#ifdef CS_MPI
    MPI_Comm comm;
#endif
};

/* Keep each chunk well under HDF5's default 1 MiB chunk cache so that reading
 * one replicate never thrashes; 64 KiB also gives deflate enough to work on
 * when series are short (a 52-week series alone is only 416 bytes). */
#define CHUNK_TARGET_BYTES (64u * 1024u)
#define CHUNK_MAX_BYTES (1024u * 1024u)

#define PATH_BUF 1024

static void close_attr(hid_t id) { if (id >= 0) H5Aclose(id); }
static void close_dset(hid_t id) { if (id >= 0) H5Dclose(id); }
static void close_group(hid_t id) { if (id >= 0) H5Gclose(id); }
static void close_space(hid_t id) { if (id >= 0) H5Sclose(id); }
static void close_type(hid_t id) { if (id >= 0) H5Tclose(id); }
static void close_plist(hid_t id) { if (id >= 0) H5Pclose(id); }

struct walk_buf {
    char *buf;
    size_t len;
};

/* Walking upward visits the most specific entry first (n == 0), which is the
 * one that says what actually went wrong, e.g. the errno text of open(2). */
static herr_t walk_first(unsigned n, const H5E_error2_t *e, void *data)
{
    struct walk_buf *w = data;
    if (n == 0 && e->desc)
        snprintf(w->buf, w->len, "%s", e->desc);
    return 0;
}

/* The innermost HDF5 error message, then clear the stack so the next failure
 * is not reported with stale detail. */
static void h5_detail(char *buf, size_t len)
{
    struct walk_buf w = {buf, len};
    buf[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk_first, &w);
    H5Eclear2(H5E_DEFAULT);
    if (buf[0] == '\0')
        snprintf(buf, len, "unknown HDF5 error");
}

static void set_err(cs_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->err, sizeof o->err, fmt, ap);
    va_end(ap);
}

/* set_err followed by ": <HDF5 detail>". */
static void set_h5err(cs_out *o, const char *fmt, ...)
{
    char detail[256];
    va_list ap;
    size_t n;
    h5_detail(detail, sizeof detail);
    va_start(ap, fmt);
    vsnprintf(o->err, sizeof o->err, fmt, ap);
    va_end(ap);
    n = strlen(o->err);
    snprintf(o->err + n, sizeof o->err - n, ": %s", detail);
}

/* UTF-8 variable-length strings: no length limit to pick, and h5py returns
 * them as str rather than bytes. */
static hid_t str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return -1;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

/* Create or overwrite a scalar string attribute. */
static int attr_str(hid_t obj, const char *name, const char *val)
{
    const char *v = val ? val : "";
    hid_t t = str_type(), s = H5Screate(H5S_SCALAR), a = -1;
    int rc = -1;
    htri_t ex;
    if (t < 0 || s < 0)
        goto out;
    ex = H5Aexists(obj, name);
    if (ex < 0)
        goto out;
    a = ex ? H5Aopen(obj, name, H5P_DEFAULT) : H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, t, &v) < 0)
        goto out;
    rc = 0;
out:
    close_attr(a);
    close_space(s);
    close_type(t);
    return rc;
}

/* Read the string attribute name of obj into buf. Returns 0, or -1. */
static int attr_read_str(hid_t obj, const char *name, char *buf, size_t len)
{
    hid_t t = str_type(), a = t < 0 ? -1 : H5Aopen(obj, name, H5P_DEFAULT);
    char *v = NULL;
    int rc = -1;
    if (a >= 0 && H5Aread(a, t, &v) >= 0 && v) {
        snprintf(buf, len, "%s", v);
        rc = 0;
    }
    if (v)
        H5free_memory(v);
    close_attr(a);
    close_type(t);
    return rc;
}

/* Read the scalar integer attribute name of obj. Returns 0, or -1. */
static int attr_read_int(hid_t obj, const char *name, int *out)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    int rc = a >= 0 && H5Aread(a, H5T_NATIVE_INT, out) >= 0 ? 0 : -1;
    close_attr(a);
    return rc;
}

/* Scalar numeric attribute; file type is fixed little-endian so files compare
 * byte-for-byte across machines. */
static int attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *val)
{
    hid_t s = H5Screate(H5S_SCALAR), a = -1;
    int rc = -1;
    if (s < 0)
        goto out;
    a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, mtype, val) < 0)
        goto out;
    rc = 0;
out:
    close_attr(a);
    close_space(s);
    return rc;
}

/* Names become path components, so '/' would silently create nested groups and
 * '.' is HDF5's name for the current group. */
static int name_ok(const char *name)
{
    return name && name[0] != '\0' && name[0] != '.' && !strchr(name, '/') &&
           strlen(name) < 256;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void free_out(cs_out *o)
{
    for (int i = 0; i < o->n_later; i++) {
        for (int j = 0; j < o->later[i].n; j++)
            free(o->later[i].vals[j]);
        free(o->later[i].vals);
        free(o->later[i].path);
    }
    free(o->later);
#ifdef CS_MPI
    if (o->par)
        MPI_Comm_free(&o->comm);
#endif
    free(o->target);
    free(o->temp);
    free(o->order);
    free(o);
}

/* In a parallel file, rank 0's value of *v for every rank (a no-op otherwise):
 * what only one rank can know, or what might differ between ranks (the clock,
 * the pid), must be the same in every rank's calls. */
static void bcast_long(cs_out *o, long long *v)
{
#ifdef CS_MPI
    if (o->par)
        MPI_Bcast(v, 1, MPI_LONG_LONG, 0, o->comm);
#else
    (void)o;
    (void)v;
#endif
}

/* cs_out_create, and cs_out_create_mpi when comm (an MPI_Comm *) is not NULL. */
static cs_out *create(const char *target_path, const struct cs_provenance *prov, const void *comm,
                      char *err, size_t errlen)
{
    cs_out *o;
    hid_t fapl = -1, g = -1;
    size_t n;
    int v = CS_SCHEMA_VERSION;
    char created[32];
    long long now = (long long)time(NULL), pid = (long long)getpid(), open_errno = 0;
    time_t now_t;
    struct tm tm;
    uint64_t seed = prov ? prov->seed : 0;

    if (err && errlen)
        err[0] = '\0';
    if (!target_path || !*target_path) {
        if (err && errlen)
            snprintf(err, errlen, "output: empty output path");
        return NULL;
    }
    o = calloc(1, sizeof *o);
    if (!o)
        goto oom;
    o->file = -1;
#ifdef CS_MPI
    if (comm) {
        o->par = 1;
        MPI_Comm_dup(*(const MPI_Comm *)comm, &o->comm);
        MPI_Comm_rank(o->comm, &o->rank);
    }
#else
    (void)comm;
#endif
    o->target = dup_str(target_path);
    n = strlen(target_path) + 32;
    o->temp = malloc(n);
    if (!o->target || !o->temp)
        goto oom;
    /* a parallel file is named after rank 0's pid, and dated by its clock */
    bcast_long(o, &pid);
    bcast_long(o, &now);
    snprintf(o->temp, n, "%s.part-%lld", target_path, pid);

    /* This module reports every failure itself; the default handler would
     * print a multi-screen stack trace for something like a missing directory. */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);

    /* Create the file ourselves first: strerror() gives a far clearer message
     * for the usual mistakes (no such directory, no permission) than HDF5's
     * stack. O_TRUNC because a leftover .part with our pid can only be from an
     * earlier killed run (PIDs repeat, notably 1 in containers). */
    if (o->rank == 0) {
        int fd = open(o->temp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0)
            open_errno = errno;
        else
            close(fd);
    }
    bcast_long(o, &open_errno);
    if (open_errno) {
        if (err && errlen)
            snprintf(err, errlen, "output: cannot create '%s' (temporary file for '%s'): %s",
                     o->temp, target_path, strerror((int)open_errno));
        free_out(o);
        return NULL;
    }

    /* STRONG: H5Fclose really closes, so the data are on disk before the
     * rename even if some identifier were left open. */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        set_h5err(o, "output: cannot set up file access for '%s'", o->temp);
        goto fail;
    }
#ifdef CS_MPI
    if (o->par && H5Pset_fapl_mpio(fapl, o->comm, MPI_INFO_NULL) < 0) {
        set_h5err(o, "output: cannot set up parallel file access for '%s'", o->temp);
        goto fail;
    }
#endif
    o->file = H5Fcreate(o->temp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (o->file < 0) {
        set_h5err(o, "output: cannot create HDF5 file '%s' (temporary file for '%s')",
                  o->temp, target_path);
        goto fail;
    }

    now_t = (time_t)now;
    gmtime_r(&now_t, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);

    if (attr_num(o->file, "schema_version", H5T_STD_I32LE, H5T_NATIVE_INT, &v) < 0 ||
        attr_str(o->file, "caresim_version", prov ? prov->caresim_version : NULL) < 0 ||
        attr_str(o->file, "git_commit", prov ? prov->git_commit : NULL) < 0 ||
        attr_str(o->file, "compiler", prov ? prov->compiler : NULL) < 0 ||
        attr_str(o->file, "created", created) < 0 ||
        attr_str(o->file, "command_line", prov ? prov->command_line : NULL) < 0 ||
        attr_num(o->file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &seed) < 0 ||
        attr_str(o->file, "status", "incomplete") < 0) {
        set_h5err(o, "output: cannot write root attributes to '%s'", o->temp);
        goto fail;
    }
    g = H5Gcreate2(o->file, "scenarios", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) {
        set_h5err(o, "output: cannot create /scenarios in '%s'", o->temp);
        goto fail;
    }
    H5Gclose(g);
    H5Pclose(fapl);
    return o;

fail:
    if (err && errlen)
        snprintf(err, errlen, "%s", o->err);
    close_plist(fapl);
    if (o->file >= 0)
        H5Fclose(o->file);
    if (o->rank == 0)
        unlink(o->temp);
    free_out(o);
    return NULL;
oom:
    if (err && errlen)
        snprintf(err, errlen, "output: out of memory");
    if (o)
        free_out(o);
    return NULL;
}

cs_out *cs_out_create(const char *target_path, const struct cs_provenance *prov,
                      char *err, size_t errlen)
{
    return create(target_path, prov, NULL, err, errlen);
}

#ifdef CS_MPI
cs_out *cs_out_create_mpi(const char *target_path, const struct cs_provenance *prov, MPI_Comm comm,
                          char *err, size_t errlen)
{
    return create(target_path, prov, &comm, err, errlen);
}
#endif

/* Write n variable-length strings (memory type t) into dataset d, whole: at
 * once in a serial file; in a parallel one, kept for cs_out_finish (struct
 * cs_out says why). Returns 0, or -1 (no message set). */
static int write_strings(cs_out *o, hid_t d, hid_t t, int n, const char *const *vals)
{
    if (!o->par)
        return H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, vals) < 0 ? -1 : 0;
    struct later *l = realloc(o->later, (size_t)(o->n_later + 1) * sizeof *l);
    if (!l)
        return -1;
    o->later = l;
    l = &o->later[o->n_later];
    memset(l, 0, sizeof *l);
    ssize_t len = H5Iget_name(d, NULL, 0);
    l->vals = calloc((size_t)n, sizeof *l->vals);
    if (len > 0)
        l->path = malloc((size_t)len + 1);
    if (!l->vals || !l->path || H5Iget_name(d, l->path, (size_t)len + 1) != len) {
        free(l->vals);
        free(l->path);
        return -1;
    }
    o->n_later++;   /* counted now, so free_out frees what is copied below */
    l->n = n;
    for (int i = 0; i < n; i++)
        if (!(l->vals[i] = dup_str(vals[i] ? vals[i] : "")))
            return -1;
    return 0;
}

/* A 1-D dataset of n values (file type ftype, memory type mtype) made into a
 * dimension scale, with its units (none when NULL) and description. */
static hid_t write_scale(cs_out *o, hid_t grp, const char *name, hid_t ftype, hid_t mtype, int n,
                         const void *vals, const char *units, const char *description)
{
    hsize_t dim = (hsize_t)n;
    hid_t s = H5Screate_simple(1, &dim, NULL), d = -1;
    if (s >= 0)
        d = H5Dcreate2(grp, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 ||
        (H5Tis_variable_str(mtype) > 0 ? write_strings(o, d, mtype, n, vals)
                                       : H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, vals)) < 0 ||
        H5DSset_scale(d, name) < 0 || (units && attr_str(d, "units", units) < 0) ||
        attr_str(d, "description", description) < 0) {
        set_h5err(o, "output: cannot write dimension scale '%s'", name);
        close_dset(d);
        d = -1;
    }
    close_space(s);
    return d;
}

/* A 1-D int32 dataset first..first+n-1 made into a dimension scale. */
static hid_t make_scale(cs_out *o, hid_t grp, const char *name, int n, int first,
                        const char *units, const char *description)
{
    hid_t d;
    int *vals = malloc((size_t)n * sizeof *vals);
    if (!vals) {
        set_err(o, "output: out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++)
        vals[i] = first + i;
    d = write_scale(o, grp, name, H5T_STD_I32LE, H5T_NATIVE_INT, n, vals, units, description);
    free(vals);
    return d;
}

/* ---- coordinates: replicate, time, week, financial_year (docs/output.md, "Coordinates") */

/* The calendar (include/cs_calendar.h): week 0 starts on 2020-07-01, the
 * day after the seed population's ONS mid-2020 reference date, and a model
 * week is 365.25/52 days, so 52 weeks are a year. time holds each week's
 * first day (the day in which it starts) as days since 2020-07-01. */
#define TIME_UNITS "days since " CS_CAL_ORIGIN

/* The coordinates and calendar of a group of series (timeseries, or
 * by_place): the dimension scales replicate (int32 0 .. n_reps-1) and time
 * (int32 days, CF units TIME_UNITS and calendar "standard", which xarray
 * decodes to dates), the int32 variables week (0 .. n_weeks-1) and
 * financial_year (2023 for 2023-24) along time, non-dimension coordinates
 * named in the metrics' coordinates attribute, and the group's attributes
 * calendar_origin, policy_start and policy_start_week. Returns 0, or -1
 * with the error set. */
/* The int32 variable name of n values along the time scale tm (a
 * non-dimension coordinate: unitless, tm attached to its dimension 0).
 * Returns 0, or -1 with the error set. */
static int along_time(cs_out *o, hid_t g, hid_t tm, const char *name, int n, const int *vals, const char *description)
{
    hsize_t dim = (hsize_t)n;
    hid_t s = H5Screate_simple(1, &dim, NULL), d = -1;
    if (s >= 0)
        d = H5Dcreate2(g, name, H5T_STD_I32LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = d < 0 || H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, vals) < 0 ||
                     attr_str(d, "units", "1") < 0 || attr_str(d, "description", description) < 0 ||
                     H5DSattach_scale(d, tm, 0) < 0 || H5DSset_label(d, 0, "time") < 0
                 ? -1 : 0;
    if (rc)
        set_h5err(o, "output: cannot write %s", name);
    close_dset(d);
    close_space(s);
    return rc;
}

static int write_coords(cs_out *o, hid_t g, int n_reps, int n_weeks, int policy_week, const char *policy_start)
{
    hid_t tm = -1, rp = -1;
    int *vals = malloc((size_t)n_weeks * sizeof *vals), rc = -1;
    if (!vals) {
        set_err(o, "output: out of memory");
        return -1;
    }
    if (attr_str(g, "calendar_origin", CS_CAL_ORIGIN) < 0 || attr_str(g, "policy_start", policy_start) < 0 ||
        attr_num(g, "policy_start_week", H5T_STD_I32LE, H5T_NATIVE_INT, &policy_week) < 0) {
        set_h5err(o, "output: cannot write the calendar's attributes");
        goto out;
    }
    for (int w = 0; w < n_weeks; w++)
        vals[w] = (int)floor(cs_cal_days(w) + 1e-9);
    rp = make_scale(o, g, "replicate", n_reps, 0, "1", "replicate index; each replicate uses its own random stream");
    if (rp < 0)
        goto out;
    tm = write_scale(o, g, "time", H5T_STD_I32LE, H5T_NATIVE_INT, n_weeks, vals, TIME_UNITS,
                     "first day of the week (week 0 starts on 2020-07-01, the day after the seed population's "
                     "ONS mid-2020 reference date; a model week is 365.25/52 days; see docs/output.md)");
    if (tm < 0)
        goto out;
    if (attr_str(tm, "calendar", "standard") < 0 || attr_str(tm, "standard_name", "time") < 0 ||
        attr_str(tm, "axis", "T") < 0) {
        set_h5err(o, "output: cannot write the attributes of time");
        goto out;
    }
    for (int w = 0; w < n_weeks; w++)
        vals[w] = w;
    if (along_time(o, g, tm, "week", n_weeks, vals,
                   "dated week, 0 = the week from 2020-07-01 (the spin-up before it is not reported); the "
                   "projection starts at the group's policy_start_week") < 0)
        goto out;
    for (int w = 0; w < n_weeks; w++)
        vals[w] = cs_cal_fy(w);
    if (along_time(o, g, tm, "financial_year", n_weeks, vals,
                   "financial year (1 April to 31 March) the week belongs to, by its middle day, named by its "
                   "first calendar year: 2023 is 2023-24") < 0)
        goto out;
    rc = 0;
out:
    free(vals);
    close_dset(tm);
    close_dset(rp);
    return rc;
}

/* /scenarios keeps group members sorted by name; readers that want the order
 * of the command line (the first scenario is usually the baseline) find it in
 * the attribute scenario_order, one name per line. */
static int record_order(cs_out *o, const char *name)
{
    size_t old = o->order ? strlen(o->order) : 0;
    char *n = realloc(o->order, old + strlen(name) + 2);
    if (!n)
        return -1;
    o->order = n;
    sprintf(n + old, "%s\n", name);
    hid_t g = H5Gopen2(o->file, "/scenarios", H5P_DEFAULT);
    int rc = g < 0 ? -1 : attr_str(g, "scenario_order", o->order);
    close_group(g);
    return rc;
}

int cs_out_scenario(cs_out *o, const char *name, const char *config_text,
                    int n_reps, int n_weeks, int policy_week, const char *policy_start)
{
    char path[PATH_BUF];
    hid_t g = -1, ts = -1, t = -1, s = -1, d = -1;
    const char *cfg = config_text ? config_text : "";
    int rc = -1;
    htri_t ex;

    if (!o)
        return -1;
    o->err[0] = '\0';
    if (!name_ok(name)) {
        set_err(o, "output: invalid scenario name '%s'", name ? name : "(null)");
        return -1;
    }
    if (n_reps < 1 || n_weeks < 1 || policy_week < 0 || policy_week >= n_weeks || !policy_start) {
        set_err(o, "output: scenario '%s': need at least one replicate, one week and a policy start within the "
                "weeks (got %d, %d, %d)", name, n_reps, n_weeks, policy_week);
        return -1;
    }
    snprintf(path, sizeof path, "/scenarios/%s", name);
    ex = H5Lexists(o->file, path, H5P_DEFAULT);
    if (ex != 0) {
        if (ex > 0)
            set_err(o, "output: scenario '%s' written twice", name);
        else
            set_h5err(o, "output: cannot look up scenario '%s'", name);
        return -1;
    }
    g = H5Gcreate2(o->file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) {
        set_h5err(o, "output: cannot create group %s", path);
        goto out;
    }
    t = str_type();
    s = H5Screate(H5S_SCALAR);
    if (t >= 0 && s >= 0)
        d = H5Dcreate2(g, "config", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || write_strings(o, d, t, 1, &cfg) < 0) {
        set_h5err(o, "output: cannot write %s/config", path);
        goto out;
    }
    if (record_order(o, name) != 0) {
        set_h5err(o, "output: cannot record the order of scenarios");
        goto out;
    }
    ts = H5Gcreate2(g, "timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ts < 0) {
        set_h5err(o, "output: cannot create group %s/timeseries", path);
        goto out;
    }
    if (write_coords(o, ts, n_reps, n_weeks, policy_week, policy_start) < 0)
        goto out;
    rc = 0;
out:
    close_dset(d);
    close_space(s);
    close_type(t);
    close_group(ts);
    close_group(g);
    return rc;
}

int cs_out_place_inputs(cs_out *o, const char *name, const char *csv_text)
{
    char path[PATH_BUF];
    hid_t t = -1, s = -1, d = -1;
    int rc = -1;
    if (!o) return -1;
    o->err[0] = '\0';
    if (!name_ok(name)) {
        set_err(o, "output: invalid scenario name '%s'", name ? name : "(null)");
        return -1;
    }
    snprintf(path, sizeof path, "/scenarios/%s/place_inputs", name);
    t = str_type();
    s = H5Screate(H5S_SCALAR);
    if (t >= 0 && s >= 0) d = H5Dcreate2(o->file, path, t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || write_strings(o, d, t, 1, &csv_text) < 0)
        set_h5err(o, "output: cannot write %s", path);
    else
        rc = 0;
    close_dset(d);
    close_space(s);
    close_type(t);
    return rc;
}

/* Length of a 1-D dataset, or -1. */
static long scale_len(hid_t d)
{
    hid_t s = H5Dget_space(d);
    hsize_t n = 0;
    long r = -1;
    if (s >= 0 && H5Sget_simple_extent_ndims(s) == 1 &&
        H5Sget_simple_extent_dims(s, &n, NULL) == 1)
        r = (long)n;
    close_space(s);
    return r;
}

/* 0 when scenario exists and has no group `group` yet, with its path in path;
 * else -1 with a message naming `what`. */
static int new_part(cs_out *o, const char *scenario, const char *group, const char *what, char *path, size_t len)
{
    snprintf(path, len, "/scenarios/%s", scenario);
    if (H5Lexists(o->file, path, H5P_DEFAULT) <= 0) {
        set_err(o, "output: %s: scenario '%s' not created", what, scenario);
        return -1;
    }
    snprintf(path, len, "/scenarios/%s/%s", scenario, group);
    if (H5Lexists(o->file, path, H5P_DEFAULT) != 0) {
        set_err(o, "output: %s of '%s' written twice", what, scenario);
        return -1;
    }
    return 0;
}

/* 0 when group g has no dataset named metric yet, else -1 with a message. */
static int not_written(cs_out *o, hid_t g, const char *metric, const char *what, const char *scenario)
{
    htri_t ex = H5Lexists(g, metric, H5P_DEFAULT);
    if (ex == 0)
        return 0;
    if (ex > 0)
        set_err(o, "output: %smetric '%s' of scenario '%s' already written", what, metric, scenario);
    else
        set_h5err(o, "output: cannot look up %smetric '%s'", what, metric);
    return -1;
}

/* Select rows row0 .. row0+nrows-1 (of the first dimension) of file space s,
 * and make m a memory space of just those rows (selecting nothing when there
 * are none: a rank with no rows still takes part in a collective write).
 * Returns 0, or -1. */
static int select_rows(hid_t s, int rank, const hsize_t *dims, hsize_t row0, hsize_t nrows, hid_t *m)
{
    hsize_t start[3] = {row0, 0, 0}, count[3];
    for (int k = 0; k < rank; k++)
        count[k] = k == 0 ? nrows : dims[k];
    if (nrows == 0) {
        count[0] = 1;
        *m = H5Screate_simple(rank, count, NULL);
        return *m < 0 || H5Sselect_none(*m) < 0 || H5Sselect_none(s) < 0 ? -1 : 0;
    }
    *m = H5Screate_simple(rank, count, NULL);
    return *m < 0 || H5Sselect_hyperslab(s, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ? -1 : 0;
}

/* One metric's dataset in group g: created chunked, shuffled and deflated,
 * written (data holds rows row0 .. row0+nrows-1 of the first dimension: in a
 * serial file normally all of them; in a parallel one each rank's own, in one
 * collective write, as parallel HDF5 needs for filtered datasets), given its
 * units and description, its CF coordinates attribute (the non-dimension
 * coordinates, e.g. "week") and the dimension scales with their labels. On
 * failure nothing is left behind to be mistaken for a real metric. what (""
 * or "by_place ") goes into messages. */
static int write_metric(cs_out *o, hid_t g, const char *metric, const char *what, int rank, const hsize_t *dims,
                        const hsize_t *chunk, const hid_t *scales, const char *const *labels, const double *data,
                        hsize_t row0, hsize_t nrows, const char *units, const char *description,
                        const char *coords)
{
    int rc = -1, created = 0;
    hid_t s = H5Screate_simple(rank, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE), d = -1;
    hid_t m = -1, x = H5P_DEFAULT;
    /* Shuffle before deflate: grouping the bytes of equal significance makes
     * slowly-varying doubles compress several times better. */
    if (s < 0 || dcpl < 0 || H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
        H5Pset_deflate(dcpl, 4) < 0) {
        set_h5err(o, "output: cannot set up %sdataset for metric '%s'", what, metric);
        goto out;
    }
    d = H5Dcreate2(g, metric, H5T_IEEE_F64LE, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0) {
        set_h5err(o, "output: cannot create %sdataset for metric '%s'", what, metric);
        goto out;
    }
    created = 1;
    if (row0 + nrows > dims[0]) {
        set_err(o, "output: %smetric '%s': rows %llu..%llu of %llu", what, metric, (unsigned long long)row0,
                (unsigned long long)(row0 + nrows - 1), (unsigned long long)dims[0]);
        goto out;
    }
#ifdef CS_MPI
    if (o->par) {
        x = H5Pcreate(H5P_DATASET_XFER);
        if (x < 0 || H5Pset_dxpl_mpio(x, H5FD_MPIO_COLLECTIVE) < 0) {
            set_h5err(o, "output: cannot set up the collective write of %smetric '%s'", what, metric);
            goto out;
        }
    }
#endif
    if ((o->par || row0 != 0 || nrows != dims[0]) && select_rows(s, rank, dims, row0, nrows, &m) < 0) {
        set_h5err(o, "output: cannot select rows of %smetric '%s'", what, metric);
        goto out;
    }
    if (H5Dwrite(d, H5T_NATIVE_DOUBLE, m >= 0 ? m : H5S_ALL, m >= 0 ? s : H5S_ALL, x, data) < 0) {
        set_h5err(o, "output: cannot write %smetric '%s'", what, metric);
        goto out;
    }
    if (attr_str(d, "units", units) < 0 || attr_str(d, "description", description) < 0 ||
        attr_str(d, "coordinates", coords) < 0) {
        set_h5err(o, "output: cannot write attributes of %smetric '%s'", what, metric);
        goto out;
    }
    for (int k = 0; k < rank; k++)
        if (H5DSattach_scale(d, scales[k], (unsigned)k) < 0 || H5DSset_label(d, (unsigned)k, labels[k]) < 0) {
            set_h5err(o, "output: cannot attach dimension scales to %smetric '%s'", what, metric);
            goto out;
        }
    rc = 0;
out:
    close_dset(d);
    if (rc < 0 && created) {
        H5Ldelete(g, metric, H5P_DEFAULT);
        H5Eclear2(H5E_DEFAULT);
    }
    if (x != H5P_DEFAULT)
        close_plist(x);
    close_space(m);
    close_plist(dcpl);
    close_space(s);
    return rc;
}

/* The names of a group's own datasets (its coordinates), which no metric may take. */
static const char *const ts_reserved[] = {"replicate", "time", "week", "financial_year", NULL};
static const char *const bp_reserved[] = {"replicate", "time", "week", "financial_year", "place", "place_name", NULL};

/* Start of a metric writer: clears the last error; 0 when the scenario and
 * metric names are usable (the metric not one of the names in reserved), else
 * -1 with the error set. */
static int names_ok(cs_out *o, const char *scenario, const char *metric, const char *const *reserved)
{
    int taken = 0;
    if (!o)
        return -1;
    o->err[0] = '\0';
    if (!name_ok(scenario)) {
        set_err(o, "output: invalid scenario name '%s'", scenario ? scenario : "(null)");
        return -1;
    }
    for (int i = 0; name_ok(metric) && reserved[i]; i++)
        taken |= !strcmp(metric, reserved[i]);
    if (!name_ok(metric) || taken) {
        set_err(o, "output: invalid metric name '%s'", metric ? metric : "(null)");
        return -1;
    }
    return 0;
}

int cs_out_series(cs_out *o, const char *scenario, const char *metric,
                  const char *units, const char *description,
                  const double *data, int n_reps, int n_weeks)
{
    return cs_out_series_rows(o, scenario, metric, units, description, data, n_reps, n_weeks, 0, n_reps);
}

/* rows r0 .. r0+n_rows-1 must lie within the n_reps replicates; data may be
 * NULL only when there are none. Returns 0, or -1 with the error set. */
static int rows_ok(cs_out *o, const char *what, const char *metric, const double *data, int n_reps, int r0, int n_rows)
{
    if (r0 < 0 || n_rows < 0 || r0 > n_reps - n_rows) {
        set_err(o, "output: %smetric '%s': rows %d..%d of %d replicates", what, metric, r0, r0 + n_rows - 1, n_reps);
        return -1;
    }
    if (!data && n_rows > 0) {
        set_err(o, "output: %smetric '%s': no data", what, metric);
        return -1;
    }
    return 0;
}

int cs_out_series_rows(cs_out *o, const char *scenario, const char *metric,
                       const char *units, const char *description,
                       const double *data, int n_reps, int n_weeks, int r0, int n_rows)
{
    char path[PATH_BUF];
    hid_t ts = -1, tm = -1, rp = -1;
    hsize_t dims[2], chunk[2];
    int rc = -1;
    long nw, nr;
    htri_t ex;

    if (names_ok(o, scenario, metric, ts_reserved) < 0 || rows_ok(o, "", metric, data, n_reps, r0, n_rows) < 0)
        return -1;
    snprintf(path, sizeof path, "/scenarios/%s", scenario);
    ex = H5Lexists(o->file, path, H5P_DEFAULT);
    if (ex <= 0) {
        if (ex == 0)
            set_err(o, "output: metric '%s': scenario '%s' not created", metric, scenario);
        else
            set_h5err(o, "output: cannot look up scenario '%s'", scenario);
        return -1;
    }
    snprintf(path, sizeof path, "/scenarios/%s/timeseries", scenario);
    ts = H5Gopen2(o->file, path, H5P_DEFAULT);
    if (ts < 0) {
        set_h5err(o, "output: cannot open %s", path);
        goto out;
    }
    if (not_written(o, ts, metric, "", scenario) < 0)
        goto out;
    tm = H5Dopen2(ts, "time", H5P_DEFAULT);
    rp = H5Dopen2(ts, "replicate", H5P_DEFAULT);
    if (tm < 0 || rp < 0) {
        set_h5err(o, "output: cannot open dimension scales of scenario '%s'", scenario);
        goto out;
    }
    nw = scale_len(tm);
    nr = scale_len(rp);
    if (nw != n_weeks || nr != n_reps) {
        set_err(o, "output: metric '%s' is [%d reps, %d weeks] but scenario '%s' has [%ld, %ld]",
                metric, n_reps, n_weeks, scenario, nr, nw);
        goto out;
    }

    dims[0] = (hsize_t)n_reps;
    dims[1] = (hsize_t)n_weeks;
    chunk[1] = dims[1];
    if (chunk[1] > CHUNK_MAX_BYTES / sizeof(double))
        chunk[1] = CHUNK_MAX_BYTES / sizeof(double);
    chunk[0] = CHUNK_TARGET_BYTES / (chunk[1] * sizeof(double));
    if (chunk[0] < 1)
        chunk[0] = 1;
    if (chunk[0] > dims[0])
        chunk[0] = dims[0];

    {
        const hid_t scales[2] = {rp, tm};
        const char *const labels[2] = {"replicate", "time"};
        rc = write_metric(o, ts, metric, "", 2, dims, chunk, scales, labels, data, (hsize_t)r0, (hsize_t)n_rows,
                          units, description, "week financial_year");
    }
out:
    close_dset(rp);
    close_dset(tm);
    close_group(ts);
    return rc;
}

/* ---- per-council series of a national run (docs/output.md, "by_place") --- */

/* A 1-D string dataset made into a dimension scale (defined below). */
static hid_t string_scale(cs_out *o, hid_t g, const char *name, int n, const char *const *vals,
                          const char *description);

int cs_out_places(cs_out *o, const char *scenario, int n_places, const char *const *codes,
                  const char *const *names)
{
    char path[PATH_BUF], start[32];
    int pw = -1;
    hid_t g = -1, sc = -1, t = -1, s = -1, d = -1, ts = -1, tm = -1, rp = -1;
    hsize_t dim = (hsize_t)n_places;
    int rc = -1;
    long n_reps, n_weeks;

    if (!o)
        return -1;
    o->err[0] = '\0';
    if (!name_ok(scenario) || n_places < 1 || !codes || !names) {
        set_err(o, "output: places of '%s': invalid arguments", scenario ? scenario : "(null)");
        return -1;
    }
    if (new_part(o, scenario, "by_place", "places", path, sizeof path) < 0)
        return -1;
    /* by_place has coordinates of its own, copies of timeseries's: netCDF
     * readers (xarray) see only the coordinates of the group they open. */
    snprintf(path, sizeof path, "/scenarios/%s/timeseries", scenario);
    ts = H5Gopen2(o->file, path, H5P_DEFAULT);
    tm = ts < 0 ? -1 : H5Dopen2(ts, "time", H5P_DEFAULT);
    rp = ts < 0 ? -1 : H5Dopen2(ts, "replicate", H5P_DEFAULT);
    n_weeks = tm < 0 ? -1 : scale_len(tm);
    n_reps = rp < 0 ? -1 : scale_len(rp);
    if (n_weeks < 1 || n_reps < 1 || attr_read_str(ts, "policy_start", start, sizeof start) < 0 ||
        attr_read_int(ts, "policy_start_week", &pw) < 0) {
        set_h5err(o, "output: places of '%s': cannot read the coordinates of its timeseries", scenario);
        goto out;
    }
    snprintf(path, sizeof path, "/scenarios/%s/by_place", scenario);
    g = H5Gcreate2(o->file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0 || attr_str(g, "description", "Each council's own series in a national run, "
                          "[replicate, time, place]; the national series are in timeseries") < 0) {
        set_h5err(o, "output: cannot create %s", path);
        goto out;
    }
    if (write_coords(o, g, (int)n_reps, (int)n_weeks, pw, start) < 0)
        goto out;
    sc = string_scale(o, g, "place", n_places, codes, "ONS code of the council (seeds/places.csv order)");
    if (sc < 0)
        goto out;
    t = str_type();
    s = H5Screate_simple(1, &dim, NULL);
    if (t >= 0 && s >= 0)
        d = H5Dcreate2(g, "place_name", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || write_strings(o, d, t, n_places, names) < 0 ||
        attr_str(d, "description", "name of the council") < 0 ||
        H5DSattach_scale(d, sc, 0) < 0 || H5DSset_label(d, 0, "place") < 0) {
        set_h5err(o, "output: cannot write %s/place_name", path);
        goto out;
    }
    rc = 0;
out:
    close_dset(d);
    close_space(s);
    close_type(t);
    close_dset(sc);
    close_group(g);
    close_dset(rp);
    close_dset(tm);
    close_group(ts);
    return rc;
}

int cs_out_place_series(cs_out *o, const char *scenario, const char *metric,
                        const char *units, const char *description,
                        const double *data, int n_reps, int n_weeks, int n_places)
{
    return cs_out_place_series_rows(o, scenario, metric, units, description, data, n_reps, n_weeks, n_places,
                                    0, n_reps);
}

int cs_out_place_series_rows(cs_out *o, const char *scenario, const char *metric,
                             const char *units, const char *description,
                             const double *data, int n_reps, int n_weeks, int n_places, int r0, int n_rows)
{
    char path[PATH_BUF];
    hid_t bp = -1, tm = -1, rp = -1, pl = -1;
    hsize_t dims[3], chunk[3];
    int rc = -1;

    if (names_ok(o, scenario, metric, bp_reserved) < 0 ||
        rows_ok(o, "by_place ", metric, data, n_reps, r0, n_rows) < 0)
        return -1;
    if (n_reps < 1 || n_weeks < 1 || n_places < 1) {
        set_err(o, "output: by_place metric '%s': no data", metric);
        return -1;
    }
    snprintf(path, sizeof path, "/scenarios/%s/by_place", scenario);
    if (H5Lexists(o->file, "/scenarios", H5P_DEFAULT) <= 0 ||
        H5Lexists(o->file, path, H5P_DEFAULT) <= 0) {
        set_err(o, "output: by_place metric '%s': the places of scenario '%s' are not written", metric, scenario);
        H5Eclear2(H5E_DEFAULT);
        return -1;
    }
    bp = H5Gopen2(o->file, path, H5P_DEFAULT);
    if (bp < 0) {
        set_h5err(o, "output: cannot open %s", path);
        goto out;
    }
    if (not_written(o, bp, metric, "by_place ", scenario) < 0)
        goto out;
    tm = H5Dopen2(bp, "time", H5P_DEFAULT);
    rp = H5Dopen2(bp, "replicate", H5P_DEFAULT);
    pl = H5Dopen2(bp, "place", H5P_DEFAULT);
    if (tm < 0 || rp < 0 || pl < 0) {
        set_h5err(o, "output: cannot open dimension scales of scenario '%s'", scenario);
        goto out;
    }
    if (scale_len(tm) != n_weeks || scale_len(rp) != n_reps || scale_len(pl) != n_places) {
        set_err(o, "output: by_place metric '%s' is [%d reps, %d weeks, %d places] but scenario '%s' has "
                "[%ld, %ld, %ld]", metric, n_reps, n_weeks, n_places, scenario, scale_len(rp),
                scale_len(tm), scale_len(pl));
        goto out;
    }

    dims[0] = (hsize_t)n_reps;
    dims[1] = (hsize_t)n_weeks;
    dims[2] = (hsize_t)n_places;
    /* One replicate, every place, as many whole weeks as fit in 1 MiB (all of
     * them for runs of up to 16 years of 153 councils). */
    chunk[0] = 1;
    chunk[2] = dims[2];
    if (chunk[2] > CHUNK_MAX_BYTES / sizeof(double))
        chunk[2] = CHUNK_MAX_BYTES / sizeof(double);
    chunk[1] = CHUNK_MAX_BYTES / (chunk[2] * sizeof(double));
    if (chunk[1] > dims[1])
        chunk[1] = dims[1];

    {
        const hid_t scales[3] = {rp, tm, pl};
        const char *const labels[3] = {"replicate", "time", "place"};
        rc = write_metric(o, bp, metric, "by_place ", 3, dims, chunk, scales, labels, data, (hsize_t)r0,
                          (hsize_t)n_rows, units, description, "week financial_year place_name");
    }
out:
    close_dset(pl);
    close_dset(rp);
    close_dset(tm);
    close_group(bp);
    return rc;
}

/* ---- business case (struct cs_out_bc; docs/output.md, "Business case") --- */

/* A small contiguous float64 dataset with its units (none when NULL) and
 * description; its dimensions get the given scales and labels. */
static int bc_dataset(cs_out *o, hid_t g, const char *name, int rank, const hsize_t *dims,
                      const hid_t *scales, const char *const *labels, const double *data,
                      const char *units, const char *description)
{
    hid_t s = H5Screate_simple(rank, dims, NULL), d = -1;
    int rc = -1;
    if (s >= 0)
        d = H5Dcreate2(g, name, H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0 ||
        (units && attr_str(d, "units", units) < 0) || attr_str(d, "description", description) < 0)
        goto out;
    for (int i = 0; i < rank; i++)
        if (scales[i] >= 0 && (H5DSattach_scale(d, scales[i], (unsigned)i) < 0 ||
                               H5DSset_label(d, (unsigned)i, labels[i]) < 0))
            goto out;
    rc = 0;
out:
    if (rc < 0)
        set_h5err(o, "output: cannot write business_case/%s", name);
    close_dset(d);
    close_space(s);
    return rc;
}

/* A 1-D string dataset made into a dimension scale. */
static hid_t string_scale(cs_out *o, hid_t g, const char *name, int n, const char *const *vals,
                          const char *description)
{
    hid_t t = str_type(), d = -1;
    if (t >= 0)
        d = write_scale(o, g, name, t, t, n, vals, NULL, description);
    else
        set_h5err(o, "output: cannot write dimension scale '%s'", name);
    close_type(t);
    return d;
}

int cs_out_business_case(cs_out *o, const char *scenario, const char *baseline,
                         const struct cs_out_bc *bc)
{
    char path[PATH_BUF];
    static const char *const stats[3] = {"mean", "ci_low", "ci_high"};
    hid_t g = -1, sc[5] = {-1, -1, -1, -1, -1};   /* replicate, year, holder, measure, statistic */
    enum { RP, YR, HO, ME, ST };
    int rc = -1, R, Y, H, M;

    if (!o)
        return -1;
    o->err[0] = '\0';
    if (!name_ok(scenario) || !baseline || !bc || bc->n_reps < 1 || bc->n_years < 1 || bc->n_holders < 1 ||
        bc->n_measures < 1 || !bc->holder_names || !bc->measure_names || !bc->savings || !bc->investment ||
        !bc->npv || !bc->pv_investment || !bc->roi || !bc->payback_year || !bc->summary) {
        set_err(o, "output: business case of '%s': invalid arguments", scenario ? scenario : "(null)");
        return -1;
    }
    R = bc->n_reps;
    Y = bc->n_years;
    H = bc->n_holders;
    M = bc->n_measures;
    if (new_part(o, scenario, "business_case", "business case", path, sizeof path) < 0)
        return -1;
    g = H5Gcreate2(o->file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0 || attr_str(g, "baseline", baseline) < 0 ||
        attr_num(g, "discount_rate", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &bc->discount_rate) < 0 ||
        attr_num(g, "level", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &bc->level) < 0) {
        set_h5err(o, "output: cannot create %s", path);
        goto out;
    }
    sc[RP] = make_scale(o, g, "replicate", R, 0, "1", "replicate index, as in timeseries");
    sc[YR] = make_scale(o, g, "year", Y, 1, "year", "year of the projection, 1 = the financial year of the policy start");
    sc[HO] = string_scale(o, g, "holder", H, bc->holder_names, "budget holder");
    sc[ME] = string_scale(o, g, "measure", M, bc->measure_names, "summary measure");
    sc[ST] = string_scale(o, g, "statistic", 3, stats, "columns of summary: the mean over replicates and "
                          "the ends of its interval at level");
    if (sc[RP] < 0 || sc[YR] < 0 || sc[HO] < 0 || sc[ME] < 0 || sc[ST] < 0)
        goto out;
    {
        static const char *const lab[] = {"replicate", "year", "holder"};
        static const char *const lab_sum[] = {"measure", "statistic"};
        const hid_t rys[] = {sc[RP], sc[YR], sc[HO]}, ms[] = {sc[ME], sc[ST]};
        const hsize_t d_ryh[] = {(hsize_t)R, (hsize_t)Y, (hsize_t)H}, d_m3[] = {(hsize_t)M, 3};
        if (bc_dataset(o, g, "savings", 3, d_ryh, rys, lab, bc->savings, "GBP",
                       "Undiscounted savings in each year: baseline cost minus scenario cost, by budget holder") ||
            bc_dataset(o, g, "investment", 2, d_ryh, rys, lab, bc->investment, "GBP",
                       "Undiscounted reform investment in each year: scenario minus baseline reform_investment (already part of the council's cost)") ||
            bc_dataset(o, g, "npv", 1, d_ryh, rys, lab, bc->npv, "GBP",
                       "Net present value of the net benefit (savings summed over holders)") ||
            bc_dataset(o, g, "pv_investment", 1, d_ryh, rys, lab, bc->pv_investment, "GBP",
                       "Present value of the investment") ||
            bc_dataset(o, g, "roi", 1, d_ryh, rys, lab, bc->roi, "GBP/GBP",
                       "Net return per pound invested: npv / pv_investment (NaN when no investment)") ||
            bc_dataset(o, g, "payback_year", 1, d_ryh, rys, lab, bc->payback_year, "year",
                       "First year at whose end the cumulative discounted net benefit is >= 0 and stays so (NaN when never)") ||
            bc_dataset(o, g, "summary", 2, d_m3, ms, lab_sum, bc->summary, NULL,
                       "Mean, ci_low, ci_high over replicates of each measure (share_paid_back: the share, three times). "
                       "Units: GBP for npv, pv_investment and pv_savings_*; GBP/GBP for roi; year for payback_year; fraction for share_paid_back"))
            goto out;
    }
    {
        hid_t d = H5Dopen2(g, "summary", H5P_DEFAULT);
        int bad = d < 0 || attr_str(d, "columns", "mean,ci_low,ci_high") < 0;
        close_dset(d);
        if (bad) {
            set_h5err(o, "output: cannot write business_case/summary");
            goto out;
        }
    }
    rc = 0;
out:
    for (int i = 0; i < 5; i++)
        close_dset(sc[i]);
    close_group(g);
    return rc;
}

/* HDF5's close does not fsync; without it a power cut soon after the rename
 * could leave a target name pointing at an empty or partial file. */
static int fsync_path(const char *path, int dir)
{
    int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    int r;
    if (fd < 0)
        return -1;
    r = fsync(fd);
    close(fd);
    return r;
}

/* The directory holding path (for fsync after rename). */
static void dir_of(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, len, ".");
    else if (slash == path)
        snprintf(buf, len, "/");
    else
        snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/* Write the strings kept by write_strings into their datasets. Returns 0, or
 * -1 with the error set. */
static int write_later(cs_out *o)
{
    hid_t t = o->n_later ? str_type() : -1;
    for (int i = 0; i < o->n_later; i++) {
        hid_t d = H5Dopen2(o->file, o->later[i].path, H5P_DEFAULT);
        int bad = d < 0 || t < 0 ||
                  H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, (const char *const *)o->later[i].vals) < 0;
        close_dset(d);
        if (bad) {
            set_h5err(o, "output: cannot write the strings of %s", o->later[i].path);
            close_type(t);
            return -1;
        }
    }
    close_type(t);
    return 0;
}

/* Finish the open file o->file: the deferred strings, status "complete", close,
 * sync, rename onto the target. Returns 0, or -1 with a message in err (the
 * temporary file deleted, unless only the rename failed). Does not free o. */
static int seal(cs_out *o, char *err, size_t errlen)
{
    char dir[PATH_BUF];

    /* "complete" is the last thing written, so a reader who somehow gets
     * hold of a .part file still sees that it is not finished. */
    if (write_later(o) < 0)
        goto fail;
    if (attr_str(o->file, "status", "complete") < 0 || H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
        set_h5err(o, "output: cannot finish '%s'", o->temp);
        goto fail;
    }
    if (H5Fclose(o->file) < 0) {
        o->file = -1;
        set_h5err(o, "output: cannot close '%s'", o->temp);
        goto fail;
    }
    o->file = -1;
    if (fsync_path(o->temp, 0) < 0) {
        set_err(o, "output: cannot sync '%s': %s", o->temp, strerror(errno));
        goto fail;
    }
    if (rename(o->temp, o->target) != 0) {
        /* The data are complete and valuable: leave them for the user. */
        if (err && errlen)
            snprintf(err, errlen, "output: cannot rename '%s' to '%s': %s (the complete results "
                     "are in the former)", o->temp, o->target, strerror(errno));
        return -1;
    }
    /* Best effort: makes the rename itself durable; some filesystems refuse
     * fsync on directories, and the file is already in place either way. */
    dir_of(o->target, dir, sizeof dir);
    fsync_path(dir, 1);
    return 0;

fail:
    if (err && errlen)
        snprintf(err, errlen, "%s", o->err);
    if (o->file >= 0)
        H5Fclose(o->file);
    o->file = -1;
    H5Eclear2(H5E_DEFAULT);
    unlink(o->temp);
    return -1;
}

#ifdef CS_MPI
/* A parallel file: the collective close, then rank 0 alone reopens it
 * serially and seals it; every rank returns rank 0's result and message. */
static int finish_par(cs_out *o, char *err, size_t errlen)
{
    char msg[1024] = "";
    int rc = 0, ok = H5Fclose(o->file) >= 0;
    o->file = -1;
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, o->comm);
    if (o->rank == 0) {
        hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
        if (!ok) {
            snprintf(msg, sizeof msg, "output: cannot close '%s' (parallel HDF5)", o->temp);
            unlink(o->temp);
            rc = -1;
        } else if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
                   (o->file = H5Fopen(o->temp, H5F_ACC_RDWR, fapl)) < 0) {
            set_h5err(o, "output: cannot reopen '%s' to finish it", o->temp);
            snprintf(msg, sizeof msg, "%s", o->err);
            unlink(o->temp);
            rc = -1;
        } else {
            rc = seal(o, msg, sizeof msg);
        }
        close_plist(fapl);
    }
    MPI_Bcast(&rc, 1, MPI_INT, 0, o->comm);
    MPI_Bcast(msg, sizeof msg, MPI_CHAR, 0, o->comm);
    if (rc && err && errlen)
        snprintf(err, errlen, "%s", msg);
    return rc;
}
#endif

int cs_out_finish(cs_out *o, char *err, size_t errlen)
{
    int rc;
    if (err && errlen)
        err[0] = '\0';
    if (!o) {
        if (err && errlen)
            snprintf(err, errlen, "output: no file to finish");
        return -1;
    }
#ifdef CS_MPI
    if (o->par) {
        rc = finish_par(o, err, errlen);
        free_out(o);
        return rc;
    }
#endif
    rc = seal(o, err, errlen);
    free_out(o);
    return rc;
}

void cs_out_abort(cs_out *o)
{
    if (!o)
        return;
    /* collective in a parallel file: every rank aborts together */
    if (o->file >= 0)
        H5Fclose(o->file);
    H5Eclear2(H5E_DEFAULT);
#ifdef CS_MPI
    if (o->par)
        MPI_Barrier(o->comm);   /* closed everywhere before it goes */
#endif
    if (o->rank == 0)
        unlink(o->temp);
    free_out(o);
}

const char *cs_out_temp_path(const cs_out *o)
{
    return o ? o->temp : NULL;
}

long long cs_out_hid(const cs_out *o)
{
    return o ? (long long)o->file : -1;
}

const char *cs_out_errmsg(const cs_out *o)
{
    return o ? o->err : "output: no file";
}

int cs_out_open_ids(const cs_out *o)
{
    ssize_t n;
    if (!o || o->file < 0)
        return 0;
    n = H5Fget_obj_count(o->file, H5F_OBJ_ALL | H5F_OBJ_LOCAL);
    return n < 1 ? 0 : (int)(n - 1);
}
