/*
 * report.c — `caresim report`: one self-contained HTML file (inline CSS and
 * SVG, no scripts, nothing fetched) that a commissioner can read without
 * help: provenance, how to read the charts, fan charts of key outcomes per
 * scenario, differences from the baseline with paired 95% intervals, the
 * business case when the file has one, and each scenario's configuration with
 * what differs from the baseline highlighted.
 *
 * It reads through cs_h5read.h (and HDF5 directly for the business_case
 * group and the numeric seed), draws through cs_svg.h, and writes the report
 * under a temporary name that is renamed onto the target only when complete.
 */
#define _GNU_SOURCE
#include "cs_cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "cs_compare.h"
#include "cs_h5read.h"
#include "cs_stats.h"
#include "cs_svg.h"
#include "cs_sweep_file.h"

#define LEVEL 0.95

/* Okabe & Ito's colour-blind-safe palette (yellow left out: too pale on white) */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                      "#CC79A7", "#56B4E9", "#000000"};
#define N_PALETTE (int)(sizeof palette / sizeof palette[0])
static const char *colour(int i) { return palette[i % N_PALETTE]; }

/* The key outcomes, in the order shown. better: -1 lower is better, +1 higher
 * is better, 0 neither (a cost is not better or worse by itself). unless: show
 * only when that metric is absent (an alternative measure of the same thing). */
static const struct outcome {
    const char *metric, *label;
    int better;
    const char *unless;
} outcomes[] = {
    {"unmet_need_hours", "Unmet need: hours of care needed but not received", -1, NULL},
    {"waiting_list", "People waiting for a care assessment", -1, NULL},
    {"council_spend", "Council spending on adult social care", 0, NULL},
    {"nhs_cost", "Cost to the NHS", -1, NULL},
    {"wellbeing_mean", "Wellbeing: average care-related quality of life", +1, NULL},
    {"isolated_share", "Adults who are socially isolated", -1, NULL},
    {"residential_admissions", "Moves into care homes", -1, NULL},
    {"vacancy_rate", "Home-care vacancy rate", -1, NULL},
    {"turnover_rate", "Home-care staff turnover", -1, "vacancy_rate"},
    {"delayed_discharge_bed_days", "Hospital bed-days lost to delayed discharge", -1, NULL},
};
#define N_OUTCOMES (int)(sizeof outcomes / sizeof outcomes[0])

/* ---- small helpers ------------------------------------------------------ */

static void esc(FILE *f, const char *s) { cs_svg_escape(f, s); }

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* v with about three significant figures of ref (the largest magnitude
 * shown beside it, so that a mean and its interval get the same decimals),
 * commas between thousands */
static void fmt_num(double v, double ref, char *buf, size_t n)
{
    if (!isfinite(v)) { snprintf(buf, n, "n/a"); return; }
    ref = fabs(ref) > 0 && isfinite(ref) ? fabs(ref) : fabs(v);
    double step = ref > 0 ? pow(10, floor(log10(ref)) - 2) : 1;
    cs_svg_fmt(v, step > 1 ? 1 : step, buf, n);
}

/* How a quantity with these units is shown: the values times mul, with an
 * axis label, and a prefix and suffix for a single value ("£" "m per week").
 * total: summed over weeks (units "X/week" become "X"); diff: a difference
 * (fractions become percentage points); maxabs: the largest magnitude shown,
 * in the file's units, to choose thousands or millions. */
struct disp { double mul; char label[128], prefix[8], suffix[136]; };

static void display_units(const char *units, double maxabs, int total, int diff, struct disp *d)
{
    char u[96];
    snprintf(u, sizeof u, "%s", units ? units : "");
    if (total && ends_with(u, "/week")) u[strlen(u) - 5] = '\0';
    const char *per = "";
    char base[96];
    snprintf(base, sizeof base, "%s", u);
    char *slash = strstr(base, "/week");
    if (slash) { *slash = '\0'; per = " per week"; }
    d->mul = 1;
    d->prefix[0] = '\0';
    if (!strcmp(base, "fraction")) {
        d->mul = 100;
        snprintf(d->label, sizeof d->label, "%s%s", diff ? "percentage points" : "%", per);
        snprintf(d->suffix, sizeof d->suffix, "%s%s", diff ? " percentage points" : "%", per);
    } else if (!strncmp(base, "GBP", 3)) {
        const char *big = "";
        if (maxabs >= 1e9) d->mul = 1e-9, big = "bn";
        else if (maxabs >= 1e6) d->mul = 1e-6, big = "m";
        else if (maxabs >= 1e4) d->mul = 1e-3, big = "k";
        const char *rest = base + 3;
        snprintf(d->prefix, sizeof d->prefix, "£");
        if (*rest == '/') {
            snprintf(d->label, sizeof d->label, "£%s per %s%s", big, rest + 1, per);
            snprintf(d->suffix, sizeof d->suffix, "%s per %s%s", big, rest + 1, per);
        } else {
            snprintf(d->label, sizeof d->label, "£%s%s%s", big, rest, per);
            snprintf(d->suffix, sizeof d->suffix, "%s%s%s", big, rest, per);
        }
    } else if (!strcmp(base, "0-1")) {
        snprintf(d->label, sizeof d->label, "score from 0 to 1%s", per);
        snprintf(d->suffix, sizeof d->suffix, "%s", per);
    } else {
        const char *big = "";
        if (maxabs >= 1e6) d->mul = 1e-6, big = "million ";
        else if (maxabs >= 1e4) d->mul = 1e-3, big = "thousand ";
        snprintf(d->label, sizeof d->label, "%s%s%s", big, base[0] ? base : "value", per);
        snprintf(d->suffix, sizeof d->suffix, " %s", d->label);
    }
}

/* a value in display units: prefix, number, suffix (e.g. "£574m", "-£2.1m") */
static void fmt_value(double v, double ref, const struct disp *d, int with_suffix, char *buf, size_t n)
{
    char num[64];
    fmt_num(fabs(d->mul * v), d->mul * ref, num, sizeof num);
    int neg = v < 0 && strspn(num, "0.,") != strlen(num);
    snprintf(buf, n, "%s%s%s%s", neg ? "-" : "", d->prefix, num, with_suffix ? d->suffix : "");
}

/* the q-quantile (type 7, as numpy's default) of the finite values of x[0..n-1];
 * x is sorted in place */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *x, int n, double q)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i])) x[m++] = x[i];
    if (m == 0) return NAN;
    qsort(x, (size_t)m, sizeof *x, cmp_double);
    double h = (m - 1) * q;
    int lo = (int)floor(h);
    if (lo >= m - 1) return x[m - 1];
    return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
}

/* ---- the configuration text ---------------------------------------------- */

/* One line of a resolved configuration: key is the dotted path of a
 * "name = value;" line (NULL for other lines), value and units its parts. */
struct cline { char *raw, *key, *value, *units; };
struct config { int n; struct cline *l; };

static char *trim_dup(const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == ';')) b--;
    return strndup(a, (size_t)(b - a));
}

static void config_parse(const char *text, struct config *c)
{
    memset(c, 0, sizeof *c);
    if (!text) return;
    char stack[8][64];
    int depth = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        struct cline *nl = realloc(c->l, (size_t)(c->n + 1) * sizeof *nl);
        if (!nl) break;
        c->l = nl;
        struct cline *L = &c->l[c->n++];
        memset(L, 0, sizeof *L);
        L->raw = strndup(p, (size_t)(e - p));
        const char *s = L->raw;
        while (*s == ' ' || *s == '\t') s++;
        const char *eq = strstr(s, " = ");
        size_t klen = eq ? (size_t)(eq - s) : 0;
        int ident = klen > 0 && klen < 64 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == klen;
        if (*s == '}' || *s == ')') {
            if (depth > 0) depth--;
        } else if (ident && (!strcmp(eq + 3, "{") || !strcmp(eq + 3, "("))) {
            if (depth < 8) snprintf(stack[depth], sizeof stack[depth], "%.*s", (int)klen, s);
            depth++;
        } else if (ident && *s != '#') {
            /* the value runs to the first '#' outside quotes */
            const char *v = eq + 3, *q = v;
            int inq = 0;
            for (; *q; q++) {
                if (*q == '"' && (q == v || q[-1] != '\\')) inq = !inq;
                else if (*q == '#' && !inq) break;
            }
            L->value = trim_dup(v, q);
            L->units = *q ? trim_dup(q + 1, q + strlen(q)) : strdup("");
            char key[600] = "";
            for (int i = 0; i < depth && i < 8; i++) {
                strncat(key, stack[i], sizeof key - strlen(key) - 2);
                strcat(key, ".");
            }
            strncat(key, s, klen < sizeof key - strlen(key) - 1 ? klen : sizeof key - strlen(key) - 1);
            L->key = strdup(key);
        }
        p = *e ? e + 1 : e;
    }
}

static void config_free(struct config *c)
{
    for (int i = 0; i < c->n; i++) {
        free(c->l[i].raw);
        free(c->l[i].key);
        free(c->l[i].value);
        free(c->l[i].units);
    }
    free(c->l);
    memset(c, 0, sizeof *c);
}

static const struct cline *config_find(const struct config *c, const char *key)
{
    for (int i = 0; i < c->n; i++)
        if (c->l[i].key && !strcmp(c->l[i].key, key)) return &c->l[i];
    return NULL;
}

static const char *config_value(const struct config *c, const char *key)
{
    const struct cline *l = config_find(c, key);
    return l ? l->value : NULL;
}

/* Does line i of c differ from the baseline b? A setting differs when the
 * baseline lacks it or has another value (the scenario's name never counts);
 * another line when the baseline has no identical line. Blank lines, comments
 * and braces never differ. */
static int line_differs(const struct config *c, int i, const struct config *b)
{
    const struct cline *L = &c->l[i];
    if (L->key) {
        if (!strcmp(L->key, "name")) return 0;
        const struct cline *o = config_find(b, L->key);
        return !o || strcmp(o->value, L->value) != 0;
    }
    const char *s = L->raw + strspn(L->raw, " \t");
    if (!*s || *s == '#' || *s == '}' || *s == ')') return 0;
    for (int j = 0; j < b->n; j++)
        if (!strcmp(b->l[j].raw, L->raw)) return 0;
    return 1;
}

/* settings of the baseline that the scenario does not have at all */
static int missing_in(const struct config *c, int j, const struct config *b)
{
    const struct cline *L = &b->l[j];
    return L->key && strcmp(L->key, "name") && !config_find(c, L->key);
}

static int count_differences(const struct config *c, const struct config *b)
{
    int n = 0;
    for (int i = 0; i < c->n; i++) n += c->l[i].key && line_differs(c, i, b);
    for (int j = 0; j < b->n; j++) n += missing_in(c, j, b);
    return n;
}

/* ---- reading ------------------------------------------------------------- */

struct scen {
    const char *name;
    char *config_text;
    struct config cfg;
};

struct report {
    const char *path, *out, *title;
    cs_rfile *f;
    int n_sc, base;              /* scenarios, and the baseline's index */
    struct scen *sc;
    int n_reps, n_weeks;         /* of the baseline's series (history and projection) */
    struct cs_window win;        /* the projection window: what the report shows (cs_h5read.h) */
};

static int read_seed(const cs_rfile *f, unsigned long long *seed)
{
    hid_t file = (hid_t)cs_rfile_hid(f);
    if (H5Aexists(file, "seed") <= 0) return -1;
    hid_t a = H5Aopen(file, "seed", H5P_DEFAULT);
    if (a < 0) return -1;
    int rc = H5Aread(a, H5T_NATIVE_ULLONG, seed) < 0 ? -1 : 0;
    H5Aclose(a);
    return rc;
}

static int read_double_attr(hid_t obj, const char *name, double *v)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    int rc = H5Aread(a, H5T_NATIVE_DOUBLE, v) < 0 ? -1 : 0;
    H5Aclose(a);
    return rc;
}

/* A scenario's business case: measure names and [mean, lo, hi] of each. */
struct bcase {
    char *baseline;
    double discount_rate, level;
    int n;
    char **measure;
    double *summary;
};

static void bcase_free(struct bcase *b)
{
    free(b->baseline);
    for (int i = 0; i < b->n; i++) free(b->measure[i]);
    free(b->measure);
    free(b->summary);
    memset(b, 0, sizeof *b);
}

/* Read /scenarios/<name>/business_case; -1 when absent or malformed. */
static int read_bcase(const cs_rfile *f, const char *scenario, struct bcase *b)
{
    memset(b, 0, sizeof *b);
    b->discount_rate = b->level = NAN;
    char path[512], mpath[600], spath[600];
    snprintf(path, sizeof path, "/scenarios/%s/business_case", scenario);
    snprintf(mpath, sizeof mpath, "%s/measure", path);
    snprintf(spath, sizeof spath, "%s/summary", path);
    if (!cs_rfile_exists(f, mpath) || !cs_rfile_exists(f, spath)) return -1;
    hid_t file = (hid_t)cs_rfile_hid(f);
    hid_t g = H5Gopen2(file, path, H5P_DEFAULT);
    if (g < 0) return -1;
    read_double_attr(g, "discount_rate", &b->discount_rate);
    read_double_attr(g, "level", &b->level);
    H5Gclose(g);
    b->baseline = cs_rfile_string(f, path, "baseline");

    int ok = 0;
    hid_t dm = H5Dopen2(file, mpath, H5P_DEFAULT), ds = H5Dopen2(file, spath, H5P_DEFAULT);
    hid_t sm = dm >= 0 ? H5Dget_space(dm) : -1, ss = ds >= 0 ? H5Dget_space(ds) : -1;
    hid_t tm = dm >= 0 ? H5Dget_type(dm) : -1;
    hsize_t nm = 0, sd[2] = {0, 0};
    if (sm >= 0 && ss >= 0 && tm >= 0 && H5Tget_class(tm) == H5T_STRING &&
        H5Sget_simple_extent_ndims(sm) == 1 && H5Sget_simple_extent_ndims(ss) == 2) {
        H5Sget_simple_extent_dims(sm, &nm, NULL);
        H5Sget_simple_extent_dims(ss, sd, NULL);
        ok = nm > 0 && nm < 1000 && sd[0] == nm && sd[1] == 3;
    }
    if (ok) {
        b->n = (int)nm;
        b->measure = calloc(nm, sizeof *b->measure);
        b->summary = malloc(nm * 3 * sizeof *b->summary);
        hid_t mt = H5Tcopy(H5T_C_S1);
        if (!b->measure || !b->summary) ok = 0;
        else if (H5Tis_variable_str(tm) > 0) {
            char **s = calloc(nm, sizeof *s);
            H5Tset_size(mt, H5T_VARIABLE);
            H5Tset_cset(mt, H5Tget_cset(tm));
            if (!s || H5Dread(dm, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0) ok = 0;
            for (hsize_t i = 0; s && i < nm; i++) {
                if (ok) b->measure[i] = strdup(s[i] ? s[i] : "");
                if (s[i]) H5free_memory(s[i]);
            }
            free(s);
        } else {
            size_t w = H5Tget_size(tm);
            char *buf = calloc(nm, w + 1);
            H5Tset_size(mt, w + 1);
            if (!buf || H5Dread(dm, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) ok = 0;
            for (hsize_t i = 0; ok && i < nm; i++) b->measure[i] = strndup(buf + i * (w + 1), w);
            free(buf);
        }
        H5Tclose(mt);
        if (ok && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, b->summary) < 0) ok = 0;
        for (int i = 0; ok && i < b->n; i++)
            if (!b->measure[i]) ok = 0;
    }
    if (tm >= 0) H5Tclose(tm);
    if (sm >= 0) H5Sclose(sm);
    if (ss >= 0) H5Sclose(ss);
    if (dm >= 0) H5Dclose(dm);
    if (ds >= 0) H5Dclose(ds);
    if (!ok) { bcase_free(b); return -1; }
    return 0;
}

static const double *bcase_get(const struct bcase *b, const char *measure)
{
    for (int i = 0; i < b->n; i++)
        if (!strcmp(b->measure[i], measure)) return b->summary + 3 * i;
    return NULL;
}

/* ---- the page -------------------------------------------------------------- */

static const char *css =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#222;"
    "background:#fff;margin:0;line-height:1.45}\n"
    "main{max-width:1240px;margin:0 auto;padding:1.2em 1.5em 3em}\n"
    "h1{font-size:1.7em;margin:.2em 0}h2{margin-top:1.8em;border-bottom:2px solid #ddd;"
    "padding-bottom:.2em}h3{font-size:1.02em;margin:.2em 0}\n"
    "table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;"
    "text-align:left;vertical-align:top}th{background:#f3f3f3}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "table.prov td:first-child{font-weight:600;white-space:nowrap}\n"
    "code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}\n"
    "pre.config{background:#fafafa;border:1px solid #ddd;padding:.6em;overflow-x:auto;line-height:1.3}\n"
    "mark.chg{background:#ffe08a;font-weight:600}\n"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:1.2em}\n"
    "figure{margin:0;border:1px solid #e2e2e2;border-radius:4px;padding:.6em}\n"
    "figcaption{font-size:.88em;color:#444;margin-top:.3em}\n"
    "svg{width:100%;height:auto;display:block}\n"
    "svg text{font-family:inherit;font-size:12px;fill:#333}\n"
    "svg text.axtitle{font-size:12px;fill:#222}svg text.legend{font-size:12px}\n"
    "svg line.grid{stroke:#e6e6e6}svg line.axis,svg line.tickmark{stroke:#555}\n"
    "svg line.zero{stroke:#222;stroke-width:1.5}\n"
    ".note{background:#f4f8fb;border-left:4px solid #0072B2;padding:.5em .8em}\n"
    "details{margin:.6em 0}summary{cursor:pointer;font-weight:600}\n"
    ".better{color:#006b4f}.worse{color:#a33b00}\n";

static void page_head(FILE *o, const struct report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", o);
    esc(o, r->title);
    fprintf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<header>\n<h1>", css);
    esc(o, r->title);
    fputs("</h1>\n<table class=\"prov\">\n", o);
    static const struct { const char *attr, *label; } prov[] = {
        {"caresim_version", "caresim version"}, {"git_commit", "git commit"},
        {"created", "run started (UTC)"},       {"command_line", "command line"},
    };
    fputs("<tr><td>result file</td><td><code>", o);
    esc(o, r->path);
    fputs("</code></td></tr>\n", o);
    for (size_t i = 0; i < sizeof prov / sizeof prov[0]; i++) {
        char *v = cs_rfile_string(r->f, "/", prov[i].attr);
        fprintf(o, "<tr><td>%s</td><td>", prov[i].label);
        if (i == 3) fputs("<code>", o);
        esc(o, v ? v : "(not recorded)");
        if (i == 3) fputs("</code>", o);
        fputs("</td></tr>\n", o);
        free(v);
    }
    unsigned long long seed;
    if (read_seed(r->f, &seed) == 0) fprintf(o, "<tr><td>seed</td><td>%llu</td></tr>\n", seed);
    else fputs("<tr><td>seed</td><td>(not recorded)</td></tr>\n", o);
    fputs("</table>\n</header>\n", o);
}

/* " (2024-25 to 2033-34)", or "" in a file without a calendar */
static const char *window_span(const struct cs_window *w, char *buf, size_t len)
{
    char a[16], b[16];
    if (w->first_fy > 0 && w->n_years > 0)
        snprintf(buf, len, " (%s to %s)", cs_window_label(w, 1, a, sizeof a), cs_window_label(w, w->n_years, b, sizeof b));
    else snprintf(buf, len, "%s", "");
    return buf;
}

static void how_to_read(FILE *o, const struct report *r)
{
    char years[32], span[80];
    cs_svg_fmt(r->win.n_weeks / 52.0, r->win.n_weeks % 52 ? 0.1 : 1, years, sizeof years);
    window_span(&r->win, span, sizeof span);
    fprintf(o, "<section id=\"how\">\n<h2>How to read this report</h2>\n"
               "<p>The model follows every adult in one council area week by week. This report "
               "shows the %s years from the policy start%s: the weeks simulated before it are the "
               "status quo's history, the same in every scenario, and are left out. "
               "Each scenario was simulated %d time%s (<em>replicates</em>). Replicates differ "
               "in the chance events the model draws, so together they show how much the results "
               "could vary by chance. Replicate 1 of every scenario uses the same chance events "
               "as replicate 1 of the others (and so on), so a difference between scenarios "
               "comes from the policy, not from luck.</p>\n",
            years, span, r->n_reps, r->n_reps == 1 ? "" : "s");
    fputs("<p><strong>Charts over time.</strong> The solid line is the middle result (the median "
          "of the replicates) week by week; the shaded band around it shows how far the "
          "replicates spread. A wide band means an uncertain projection. Where the bands of two "
          "scenarios overlap a lot, the chart alone does not show a real difference; the "
          "difference charts below answer that more precisely.</p>\n"
          "<p><strong>Difference from the baseline.</strong> For each outcome, a dot shows how "
          "much higher (right of the zero line) or lower (left of it) a scenario is than the "
          "baseline, added up over the whole period for weekly flows and money, or averaged "
          "over the weeks for everything else. The whiskers are a 95% confidence interval: "
          "when they do not cross zero, the difference is unlikely to be chance.</p>\n"
          "<p>These are projections from a model under the assumptions listed at the end of "
          "this report, not forecasts. The scenario settings that differ from the baseline are "
          "highlighted there, because those are what define each reform.</p>\n</section>\n", o);
}

static void scenario_table(FILE *o, const struct report *r)
{
    const struct scen *b = &r->sc[r->base];
    fputs("<section id=\"scenarios\">\n<h2>Scenarios</h2>\n<table>\n<tr><th>scenario</th>"
          "<th>place</th><th>replicates</th><th>years</th><th>sample</th>"
          "<th>what differs from the baseline</th></tr>\n", o);
    for (int s = 0; s < r->n_sc; s++) {
        const struct scen *c = &r->sc[s];
        fprintf(o, "<tr><td><svg viewBox=\"0 0 12 12\" width=\"12\" height=\"12\" "
                   "style=\"display:inline;width:12px\"><rect width=\"12\" height=\"12\" "
                   "fill=\"%s\"/></svg> <strong>", colour(s));
        esc(o, c->name);
        fputs("</strong></td><td>", o);
        const char *place = config_value(&c->cfg, "place");
        char *unq = place ? strndup(place + (*place == '"'), strcspn(place + (*place == '"'), "\"")) : NULL;
        esc(o, unq ? unq : "?");
        free(unq);
        fputs("</td><td class=\"num\">", o);
        esc(o, config_value(&c->cfg, "replicates"));
        fputs("</td><td class=\"num\">", o);
        esc(o, config_value(&c->cfg, "years"));
        fputs("</td><td class=\"num\">", o);
        const char *scale = config_value(&c->cfg, "scale");
        double sv = scale ? atof(scale) : 1;
        if (scale && sv < 1) fprintf(o, "%g%% of adults", 100 * sv);
        else fputs("every adult", o);
        fputs("</td><td>", o);
        if (s == r->base) fputs("<em>the baseline</em>", o);
        else {
            int n = count_differences(&c->cfg, &b->cfg), shown = 0;
            if (n == 0) fputs("nothing (same settings)", o);
            for (int i = 0; i < c->cfg.n && shown < 4; i++) {
                if (!c->cfg.l[i].key || !line_differs(&c->cfg, i, &b->cfg)) continue;
                const char *was = config_value(&b->cfg, c->cfg.l[i].key);
                fputs(shown ? "; " : "", o);
                fputs("<code>", o);
                esc(o, c->cfg.l[i].key);
                fputs("</code> ", o);
                esc(o, was ? was : "(unset)");
                fputs(" → ", o);
                esc(o, c->cfg.l[i].value);
                shown++;
            }
            if (n > shown) fprintf(o, "; and %d more (see <a href=\"#config\">Configuration</a>)", n - shown);
        }
        fputs("</td></tr>\n", o);
    }
    fputs("</table>\n</section>\n", o);
}

/* ---- fan charts ------------------------------------------------------------ */

/* the legend at the top of a chart; returns the height it took */
static double legend(FILE *o, const struct report *r, const int *present, double width)
{
    double x = 70, y = 16;
    for (int s = 0; s < r->n_sc; s++) {
        if (!present[s]) continue;
        double w = 28 + 7.0 * (double)strlen(r->sc[s].name) + (s == r->base ? 70 : 0);
        if (x + w > width - 10 && x > 70) { x = 70; y += 18; }
        cs_svg_swatch(o, x, y - 10, 12, colour(s));
        char lab[300];
        snprintf(lab, sizeof lab, "%s%s", r->sc[s].name, s == r->base ? " (baseline)" : "");
        cs_svg_text(o, x + 17, y, "start", 0, "legend", lab);
        x += w;
    }
    return y + 8;
}

/* Per-week median and band of weeks a .. a+nw-1 of one scenario's series (rows
 * of `stride` weeks), smoothed per replicate over a centred window of `win`
 * weeks; values times mul. */
static void fan_stats(const double *x0, int nr, int stride, int a, int nw, int win, double mul,
                      int range_band, double *med, double *lo, double *hi)
{
    double *sm = malloc((size_t)nr * (size_t)nw * sizeof *sm);
    double *col = malloc((size_t)(nr > 0 ? nr : 1) * sizeof *col);
    if (!sm || !col) { free(sm); free(col); return; }
    int before = win / 2, after = (win - 1) / 2;
    for (int rep = 0; rep < nr; rep++)
        for (int w = 0; w < nw; w++) {
            const double *x = x0 + (size_t)rep * stride + a;
            double s = 0;
            int k = 0;
            for (int v = w - before; v <= w + after; v++)
                if (v >= 0 && v < nw && isfinite(x[v])) { s += x[v]; k++; }
            sm[(size_t)rep * nw + w] = k ? mul * s / k : NAN;
        }
    for (int w = 0; w < nw; w++) {
        for (int rep = 0; rep < nr; rep++) col[rep] = sm[(size_t)rep * nw + w];
        med[w] = quantile(col, nr, 0.5);
        lo[w] = quantile(col, nr, range_band ? 0 : 0.05);
        hi[w] = quantile(col, nr, range_band ? 1 : 0.95);
    }
    free(sm);
    free(col);
}

/* One outcome's data: each scenario's series (NULL where absent). */
struct odata {
    const struct outcome *o;
    char *units, *desc;
    double **x;
    int *nr, *nw;
};

static void fan_chart(FILE *o, const struct report *r, const struct odata *d)
{
    /* the window only: weeks a .. of each series, plotted against financial years */
    int S = r->n_sc, W = 640, H = 340, a = r->win.start;
    double maxabs = 0, x0 = 0;
    int *present = calloc((size_t)S, sizeof *present), *nws = calloc((size_t)S, sizeof *nws);
    for (int s = 0; s < S; s++) {
        nws[s] = d->x[s] ? d->nw[s] - a : 0;
        present[s] = nws[s] > 0;
        for (int rep = 0; present[s] && rep < d->nr[s]; rep++)
            for (int w = a; w < d->nw[s]; w++) {
                double v = d->x[s][(size_t)rep * d->nw[s] + w];
                if (isfinite(v)) maxabs = fmax(maxabs, fabs(v));
            }
    }
    struct disp u;
    display_units(d->units, maxabs, 0, 0, &u);
    int nw_max = 0;
    for (int s = 0; s < S; s++)
        if (present[s] && nws[s] > nw_max) nw_max = nws[s];
    int win = nw_max > 156 ? 13 : 4;
    int range_band = r->n_reps < 10;

    double *xs = malloc((size_t)nw_max * sizeof *xs);
    double **med = calloc((size_t)S, sizeof *med), **lo = calloc((size_t)S, sizeof *lo),
           **hi = calloc((size_t)S, sizeof *hi);
    double ymin = INFINITY, ymax = -INFINITY;
    for (int w = 0; w < nw_max; w++) xs[w] = x0 + w / 52.0;
    for (int s = 0; s < S; s++) {
        if (!present[s]) continue;
        int nw = nws[s];
        med[s] = malloc((size_t)nw * sizeof **med);
        lo[s] = malloc((size_t)nw * sizeof **lo);
        hi[s] = malloc((size_t)nw * sizeof **hi);
        fan_stats(d->x[s], d->nr[s], d->nw[s], a, nw, win, u.mul, range_band, med[s], lo[s], hi[s]);
        for (int w = 0; w < nw; w++) {
            if (isfinite(lo[s][w])) ymin = fmin(ymin, lo[s][w]);
            if (isfinite(hi[s][w])) ymax = fmax(ymax, hi[s][w]);
        }
    }
    if (!(ymin <= ymax)) ymin = 0, ymax = 1;

    fprintf(o, "<figure class=\"fan\" id=\"fan-%s\">\n<h3>", d->o->metric);
    esc(o, d->o->label);
    fputs("</h3>\n", o);
    cs_svg_begin(o, W, H, "fan", d->o->label);
    double top = legend(o, r, present, W);
    double yt[16], xt[16], ys, xstep;
    int ny = cs_svg_ticks(ymin, ymax, 5, yt, 16, &ys);
    int nx = cs_svg_ticks(x0, x0 + nw_max / 52.0, 6, xt, 16, &xstep);
    struct cs_svg_frame fr = {70, top + 8, W - 70 - 20, H - top - 8 - 48,
                              xt[0], xt[nx - 1], yt[0], yt[ny - 1]};
    char xlab[96] = "years from the start";
    if (r->win.first_fy > 0) {
        /* the date as the run stored it (its week starts a few hours earlier) */
        char fy[16], path[512];
        snprintf(path, sizeof path, "/scenarios/%s/timeseries", r->sc[r->base].name);
        char *date = cs_rfile_string(r->f, path, "policy_start");
        snprintf(xlab, sizeof xlab, "years from the policy start (%s; year 0-1 = %s)", date ? date : "?",
                 cs_window_label(&r->win, 1, fy, sizeof fy));
        free(date);
    }
    cs_svg_axes(o, &fr, xt, nx, xstep, yt, ny, ys, xlab, u.label);
    for (int s = 0; s < S; s++)
        if (present[s]) cs_svg_band(o, &fr, xs, lo[s], hi[s], nws[s], colour(s), 0.18);
    /* the baseline first and wider, so that it shows around a line on top of it */
    if (present[r->base]) cs_svg_polyline(o, &fr, xs, med[r->base], nws[r->base], colour(r->base), 3.5);
    for (int s = 0; s < S; s++)
        if (present[s] && s != r->base) cs_svg_polyline(o, &fr, xs, med[s], nws[s], colour(s), 2);
    cs_svg_end(o);

    fputs("<figcaption>", o);
    esc(o, d->desc);
    fputs(" (", o);
    esc(o, u.label);
    fprintf(o, "). Line: median of %d replicates, %d-week moving average; shaded: ", r->n_reps, win);
    if (range_band) fputs("their range (too few replicates for a 90% band).", o);
    else fputs("90% band (5th to 95th percentile).", o);
    fputs("</figcaption>\n</figure>\n", o);

    for (int s = 0; s < S; s++) { free(med[s]); free(lo[s]); free(hi[s]); }
    free(med); free(lo); free(hi); free(xs); free(present); free(nws);
}

/* ---- differences from the baseline -------------------------------------- */

struct diff {
    int ok;             /* computed (the scenario has the metric, same shape) */
    struct cs_ci ci;    /* scenario minus baseline, over replicates */
    double base_mean;   /* the baseline's own value, mean over replicates */
};

struct outcome_result {
    const struct outcome *o;
    char *units;
    int total;          /* summed over weeks (else averaged) */
    struct diff *d;     /* per scenario */
};

/* per replicate, the sum (total) or mean of the weekly values of the window
 * (weeks a .. nw-1), by the rule caresim compare uses (cs_compare.h) */
static void aggregate(const double *x, int nr, int nw, int a, int total, double *out)
{
    for (int rep = 0; rep < nr; rep++)
        out[rep] = cs_agg_period(total ? CS_AGG_SUM : CS_AGG_MEAN, x + (size_t)rep * nw, a, nw);
}

static void compute_diffs(const struct report *r, const struct odata *d, struct outcome_result *res)
{
    int b = r->base, nr = d->nr[b], nw = d->nw[b];
    res->o = d->o;
    res->units = strdup(d->units ? d->units : "");
    res->total = cs_agg_of_units(res->units) == CS_AGG_SUM;
    res->d = calloc((size_t)r->n_sc, sizeof *res->d);
    double *ab = malloc((size_t)nr * sizeof *ab), *as = malloc((size_t)nr * sizeof *as);
    aggregate(d->x[b], nr, nw, r->win.start, res->total, ab);
    struct cs_ci bm = cs_stats_mean_ci(ab, nr, LEVEL);
    for (int s = 0; s < r->n_sc; s++) {
        if (s == b || !d->x[s] || d->nr[s] != nr || d->nw[s] != nw) continue;
        aggregate(d->x[s], nr, nw, r->win.start, res->total, as);
        res->d[s].ci = cs_stats_paired_ci(as, ab, nr, LEVEL);
        res->d[s].base_mean = bm.mean;
        res->d[s].ok = res->d[s].ci.n > 0;
    }
    free(ab);
    free(as);
}

static void how_aggregated(FILE *o, const struct report *r, int total)
{
    char years[32], span[80];
    cs_svg_fmt(r->win.n_weeks / 52.0, r->win.n_weeks % 52 ? 0.1 : 1, years, sizeof years);
    window_span(&r->win, span, sizeof span);
    fprintf(o, total ? "total over the %s years%s" : "average over the %s years%s", years, span);
}

static void diff_chart(FILE *o, const struct report *r, const struct outcome_result *res)
{
    int S = r->n_sc, rows = 0;
    double maxabs = 0;
    for (int s = 0; s < S; s++) {
        if (!res->d[s].ok) continue;
        rows++;
        maxabs = fmax(maxabs, fmax(fabs(res->d[s].ci.lo), fabs(res->d[s].ci.hi)));
    }
    if (rows == 0) return;
    struct disp u;
    display_units(res->units, maxabs, res->total, 1, &u);
    double lo = 0, hi = 0;
    for (int s = 0; s < S; s++)
        if (res->d[s].ok) {
            lo = fmin(lo, u.mul * res->d[s].ci.lo);
            hi = fmax(hi, u.mul * res->d[s].ci.hi);
        }
    int W = 640, row_h = 34, top = 14, H = top + rows * row_h + 56;
    double xt[16], xs;
    int nx = cs_svg_ticks(lo, hi, 5, xt, 16, &xs);
    struct cs_svg_frame fr = {170, top, W - 170 - 24, rows * row_h, xt[0], xt[nx - 1], 0, 1};

    fprintf(o, "<figure class=\"diff\" id=\"diff-%s\">\n<h3>", res->o->metric);
    esc(o, res->o->label);
    fputs("</h3>\n", o);
    cs_svg_begin(o, W, H, "diff", res->o->label);
    char title[256];
    snprintf(title, sizeof title, "difference from %s, %s", r->sc[r->base].name, u.label);
    cs_svg_axes(o, &fr, xt, nx, xs, NULL, 0, 1, title, NULL);
    fprintf(o, "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            cs_svg_x(&fr, 0), fr.py, cs_svg_x(&fr, 0), fr.py + fr.ph);
    int row = 0;
    for (int s = 0; s < S; s++) {
        if (!res->d[s].ok) continue;
        double yc = top + row_h * (row + 0.5);
        const struct cs_ci *c = &res->d[s].ci;
        /* names are ASCII (config.c); long ones are cut to fit the margin */
        char name[32];
        const char *nm = r->sc[s].name;
        if (strlen(nm) > 24) snprintf(name, sizeof name, "%.21s…", nm);
        else snprintf(name, sizeof name, "%s", nm);
        cs_svg_text(o, fr.px - 10, yc + 4, "end", 0, "legend", name);
        cs_svg_hbar(o, &fr, yc, 16, 0, u.mul * c->mean, colour(s), 0.35);
        cs_svg_errorbar(o, &fr, yc, u.mul * c->lo, u.mul * c->mean, u.mul * c->hi, colour(s));
        row++;
    }
    cs_svg_end(o);
    fputs("<figcaption>Mean difference from ", o);
    esc(o, r->sc[r->base].name);
    fputs(" over the paired replicates, ", o);
    how_aggregated(o, r, res->total);
    fprintf(o, ", with its 95%% confidence interval (whiskers)%s.</figcaption>\n</figure>\n",
            r->n_reps < 2 ? "; one replicate gives no interval" : "");
}

static void diff_table(FILE *o, const struct report *r, const struct outcome_result *res, int n_res)
{
    fputs("<table class=\"differences\">\n<tr><th>outcome</th><th>how measured</th><th>scenario</th>"
          "<th>baseline</th><th>difference (95% interval)</th><th>reading</th></tr>\n", o);
    for (int k = 0; k < n_res; k++) {
        int rows = 0, first = 1;
        for (int s = 0; s < r->n_sc; s++) rows += res[k].d[s].ok;
        for (int s = 0; s < r->n_sc; s++) {
            const struct diff *d = &res[k].d[s];
            if (!d->ok) continue;
            /* the baseline and the difference each get their own scale */
            double ref = fmax(fabs(d->ci.mean), fmax(fabs(d->ci.lo), fabs(d->ci.hi)));
            struct disp ub, ud;
            display_units(res[k].units, fabs(d->base_mean), res[k].total, 0, &ub);
            display_units(res[k].units, ref, res[k].total, 1, &ud);
            char bm[160], m[160], l[160], h[160];
            fmt_value(d->base_mean, d->base_mean, &ub, 1, bm, sizeof bm);
            fmt_value(d->ci.mean, ref, &ud, 1, m, sizeof m);
            /* the interval repeats money's scale (£m), not the other units */
            fmt_value(d->ci.lo, ref, &ud, ud.prefix[0] != '\0', l, sizeof l);
            fmt_value(d->ci.hi, ref, &ud, ud.prefix[0] != '\0', h, sizeof h);
            fputs("<tr>", o);
            if (first) {
                fprintf(o, "<td rowspan=\"%d\">", rows);
                esc(o, res[k].o->label);
                fprintf(o, "</td><td rowspan=\"%d\">", rows);
                how_aggregated(o, r, res[k].total);
                fputs("</td>", o);
                first = 0;
            }
            fputs("<td>", o);
            esc(o, r->sc[s].name);
            fputs("</td><td class=\"num\">", o);
            esc(o, bm);
            fputs("</td><td class=\"num\">", o);
            esc(o, m);
            if (d->ci.n >= 2) {
                fputs(" (", o);
                esc(o, l);
                fputs(" to ", o);
                esc(o, h);
                fputc(')', o);
            }
            fputs("</td><td>", o);
            if (d->ci.n < 2) fputs("one replicate: no interval", o);
            else if (d->ci.mean == 0 && d->ci.sd == 0) fputs("the same in every replicate", o);
            else if (d->ci.lo > 0 || d->ci.hi < 0) {
                int up = d->ci.lo > 0, better = res[k].o->better;
                const char *cls = better == 0 ? "" : (up == (better > 0)) ? "better" : "worse";
                fprintf(o, "<span class=\"%s\">%s%s</span>", cls, up ? "higher" : "lower",
                        better == 0 ? "" : (up == (better > 0)) ? " (better)" : " (worse)");
            } else fputs("no clear difference", o);
            fputs("</td></tr>\n", o);
        }
    }
    fputs("</table>\n", o);
}

/* ---- business case ------------------------------------------------------- */

static void bc_cell(FILE *o, const struct bcase *b, const char *measure, int money)
{
    static const struct disp millions = {1e-6, "", "£", "m"}, plain = {1, "", "", ""};
    const struct disp *d = money ? &millions : &plain;
    const double *v = bcase_get(b, measure);
    fputs("<td class=\"num\">", o);
    if (!v || !isfinite(v[0])) {
        fputs(!strcmp(measure, "payback_year") && v ? "not within the horizon" : "—", o);
    } else {
        char m[160], l[160], h[160];
        double ref = fmax(fabs(v[0]), fmax(fabs(v[1]), fabs(v[2])));
        fmt_value(v[0], ref, d, 1, m, sizeof m);
        fmt_value(v[1], ref, d, 1, l, sizeof l);
        fmt_value(v[2], ref, d, 1, h, sizeof h);
        esc(o, m);
        if (isfinite(v[1]) && isfinite(v[2]) && (v[1] != v[0] || v[2] != v[0])) {
            fputs(" (", o);
            esc(o, l);
            fputs(" to ", o);
            esc(o, h);
            fputc(')', o);
        }
    }
    /* the payback year is over the replicates that paid back: say how many did */
    const double *share = bcase_get(b, "share_paid_back");
    if (!strcmp(measure, "payback_year") && share && isfinite(share[0]) && share[0] < 1 && v &&
        isfinite(v[0]))
        fprintf(o, "; %.0f%% of replicates paid back", 100 * share[0]);
    fputs("</td>", o);
}

static void business_case(FILE *o, const struct report *r)
{
    fputs("<section id=\"business-case\">\n<h2>Business case</h2>\n", o);
    int rows = 0;
    double rate = NAN, level = NAN;
    for (int s = 0; s < r->n_sc; s++) {
        struct bcase b;
        if (read_bcase(r->f, r->sc[s].name, &b)) continue;
        if (rows++ == 0) {
            fputs("<table class=\"business-case\">\n<tr><th>scenario</th><th>compared with</th>"
                  "<th>net present value</th><th>present value of the investment</th>"
                  "<th>return on investment (£ per £ invested)</th><th>pays back in year", o);
            char fy[16];
            if (r->win.first_fy > 0) fprintf(o, " (1 = %s)", cs_window_label(&r->win, 1, fy, sizeof fy));
            fputs("</th></tr>\n", o);
        }
        fputs("<tr><td>", o);
        esc(o, r->sc[s].name);
        fputs("</td><td>", o);
        esc(o, b.baseline ? b.baseline : "?");
        fputs("</td>", o);
        bc_cell(o, &b, "npv", 1);
        bc_cell(o, &b, "pv_investment", 1);
        bc_cell(o, &b, "roi", 0);
        bc_cell(o, &b, "payback_year", 0);
        fputs("</tr>\n", o);
        if (isfinite(b.discount_rate)) rate = b.discount_rate;
        if (isfinite(b.level)) level = b.level;
        bcase_free(&b);
    }
    if (rows) {
        fputs("</table>\n<p>Each cell is the mean over replicates with its ", o);
        if (isfinite(level)) fprintf(o, "%g%% ", 100 * level);
        fputs("confidence interval in brackets; money in £ million at present value", o);
        if (isfinite(rate)) fprintf(o, ", discounted at %g%% a year", 100 * rate);
        fputs(". The net present value adds up what the scenario saves every budget holder "
              "(council, NHS, people paying for their own care, unpaid carers) compared with "
              "the baseline, with the reform's own cost already taken off; above zero, the "
              "reform pays for itself within the period. The return on investment is the net "
              "present value per pound invested, and the payback year the first year from "
              "which the cumulative saving stays above zero.</p>\n", o);
    } else {
        fputs("<p class=\"note\">This file holds no business case", o);
        fputs(r->n_sc < 2 ? " (it has only one scenario, so there is nothing to compare)."
                          : " (it was not computed for this file).", o);
        fputs("</p>\n", o);
    }
    fputs("</section>\n", o);
}

/* ---- configuration ----------------------------------------------------------- */

/* a row of the table of settings that differ; NULL for a setting not set */
static void config_diff_row(FILE *o, const char *key, const char *was, const char *now, const char *units)
{
    fputs("<tr><td><code>", o);
    esc(o, key);
    fputs("</code></td><td><code>", o);
    esc(o, was ? was : "(not set)");
    fputs("</code></td><td><code><mark class=\"chg\">", o);
    esc(o, now ? now : "(not set)");
    fputs("</mark></code></td><td>", o);
    esc(o, units);
    fputs("</td></tr>\n", o);
}

static void config_section(FILE *o, const struct report *r)
{
    const struct scen *b = &r->sc[r->base];
    fputs("<section id=\"config\">\n<h2>Configuration of each scenario</h2>\n"
          "<p>The full settings each scenario ran with, as stored in the result file. In the "
          "scenarios other than the baseline, the settings that differ from the baseline are "
          "listed first and <mark class=\"chg\">highlighted</mark> in the full text.</p>\n", o);
    for (int s = 0; s < r->n_sc; s++) {
        const struct scen *c = &r->sc[s];
        fputs("<h3>", o);
        esc(o, c->name);
        fputs(s == r->base ? " (baseline)</h3>\n" : "</h3>\n", o);
        int n = s == r->base ? 0 : count_differences(&c->cfg, &b->cfg);
        if (s != r->base && n == 0) fputs("<p>Same settings as the baseline.</p>\n", o);
        if (n > 0) {
            fputs("<table class=\"config-diff\">\n<tr><th>setting</th><th>", o);
            esc(o, b->name);
            fputs("</th><th>", o);
            esc(o, c->name);
            fputs("</th><th>units</th></tr>\n", o);
            for (int i = 0; i < c->cfg.n; i++) {
                const struct cline *L = &c->cfg.l[i];
                if (L->key && line_differs(&c->cfg, i, &b->cfg))
                    config_diff_row(o, L->key, config_value(&b->cfg, L->key), L->value, L->units);
            }
            for (int j = 0; j < b->cfg.n; j++) {
                const struct cline *L = &b->cfg.l[j];
                if (missing_in(&c->cfg, j, &b->cfg)) config_diff_row(o, L->key, L->value, NULL, L->units);
            }
            fputs("</table>\n", o);
        }
        fprintf(o, "<details class=\"config\" id=\"config-%d\">\n<summary>Full configuration of ", s);
        esc(o, c->name);
        if (n > 0) fprintf(o, " (%d setting%s differ%s from the baseline)", n, n == 1 ? "" : "s",
                           n == 1 ? "s" : "");
        fputs("</summary>\n<pre class=\"config\">", o);
        if (!c->config_text) fputs("(no configuration stored)", o);
        for (int i = 0; i < c->cfg.n; i++) {
            int mark = s != r->base && line_differs(&c->cfg, i, &b->cfg);
            if (mark) fputs("<mark class=\"chg\">", o);
            esc(o, c->cfg.l[i].raw);
            if (mark) fputs("</mark>", o);
            fputc('\n', o);
        }
        fputs("</pre>\n</details>\n", o);
    }
    fputs("</section>\n", o);
}

/* ---- the command ----------------------------------------------------------- */

static void usage(FILE *f)
{
    fputs("Usage: caresim report FILE [-o report.html] [--baseline NAME] [--title T]\n"
          "\n"
          "Write a self-contained HTML report (inline CSS and SVG charts; nothing is fetched)\n"
          "on a result file of caresim run: provenance, fan charts of key outcomes per\n"
          "scenario, differences from the baseline with paired 95% intervals, the business\n"
          "case when the file has one, and each scenario's configuration with its differences\n"
          "from the baseline highlighted.\n"
          "\n"
          "  -o, --output FILE   the HTML file (default: FILE with .h5 replaced by .html)\n"
          "      --baseline NAME the scenario others are compared with (default: the one the\n"
"                      business cases in the file are against, else the first run)\n"
          "      --title T       the report's title\n"
          "  -h, --help          this help\n"
          "\n"
          "Exit status: 0 written, 1 the result file cannot be read or the report cannot be\n"
          "written (no partial report is left behind), 2 bad command line or unknown baseline.\n",
          f);
}

/* The page body after the header; returns 0, or -1 when a series cannot be read. */
static int write_body(FILE *o, struct report *r)
{
    /* a sensitivity analysis (caresim sweep) has sections of its own */
    if (cs_sweep_in_file(r->f)) {
        int rc = cs_sweep_report(o, r->f);
        fputs("<footer><p>Written by <code>caresim report</code>. Self-contained: no scripts, "
              "fonts or images are fetched.</p></footer>\n</main>\n</body>\n</html>\n", o);
        return rc;
    }
    how_to_read(o, r);
    scenario_table(o, r);

    struct outcome_result *res = calloc(N_OUTCOMES, sizeof *res);
    int n_res = 0;
    fputs("<section id=\"outcomes\">\n<h2>Outcomes over time</h2>\n<div class=\"grid\">\n", o);
    for (int k = 0; k < N_OUTCOMES; k++) {
        const struct outcome *oc = &outcomes[k];
        char path[512], err[512];
        snprintf(path, sizeof path, "/scenarios/%s/timeseries/%s", r->sc[r->base].name, oc->metric);
        if (!cs_rfile_exists(r->f, path)) continue;
        if (oc->unless) {
            char alt[512];
            snprintf(alt, sizeof alt, "/scenarios/%s/timeseries/%s", r->sc[r->base].name, oc->unless);
            if (cs_rfile_exists(r->f, alt)) continue;
        }
        struct odata d = {oc, cs_rfile_string(r->f, path, "units"),
                          cs_rfile_string(r->f, path, "description"),
                          calloc((size_t)r->n_sc, sizeof(double *)), calloc((size_t)r->n_sc, sizeof(int)),
                          calloc((size_t)r->n_sc, sizeof(int))};
        for (int s = 0; s < r->n_sc; s++)
            d.x[s] = cs_rfile_series(r->f, r->sc[s].name, oc->metric, &d.nr[s], &d.nw[s], err, sizeof err);
        if (!d.x[r->base] || d.nw[r->base] < 1) {
            fprintf(stderr, "caresim report: %s: %s\n", r->path, err);
            for (int s = 0; s < r->n_sc; s++) free(d.x[s]);
            free(d.x); free(d.nr); free(d.nw); free(d.units); free(d.desc);
            for (int i = 0; i < n_res; i++) { free(res[i].units); free(res[i].d); }
            free(res);
            return -1;
        }
        fan_chart(o, r, &d);
        compute_diffs(r, &d, &res[n_res++]);
        for (int s = 0; s < r->n_sc; s++) free(d.x[s]);
        free(d.x); free(d.nr); free(d.nw); free(d.units); free(d.desc);
    }
    if (n_res == 0) fputs("<p class=\"note\">None of the key outcomes is in this file.</p>\n", o);
    fputs("</div>\n</section>\n", o);

    fputs("<section id=\"differences\">\n<h2>Difference from the baseline</h2>\n", o);
    if (r->n_sc < 2) {
        fputs("<p class=\"note\">This file has one scenario, so there is nothing to compare "
              "with the baseline.</p>\n", o);
    } else {
        fputs("<p>Each scenario minus the baseline, <strong>", o);
        esc(o, r->sc[r->base].name);
        fputs("</strong>, replicate by replicate.</p>\n<div class=\"grid\">\n", o);
        for (int k = 0; k < n_res; k++) diff_chart(o, r, &res[k]);
        fputs("</div>\n", o);
        diff_table(o, r, res, n_res);
    }
    fputs("</section>\n", o);
    for (int i = 0; i < n_res; i++) { free(res[i].units); free(res[i].d); }
    free(res);

    business_case(o, r);
    config_section(o, r);
    fputs("<footer><p>Written by <code>caresim report</code>. Self-contained: no scripts, "
          "fonts or images are fetched.</p></footer>\n</main>\n</body>\n</html>\n", o);
    return 0;
}

/* Write the report under a temporary name beside out and rename it on success. */
static int write_report(struct report *r)
{
    size_t len = strlen(r->out) + 32;
    char *tmp = malloc(len);
    snprintf(tmp, len, "%s.part-%ld", r->out, (long)getpid());
    FILE *o = fopen(tmp, "w");
    if (!o) {
        fprintf(stderr, "caresim report: cannot write %s: %s\n", r->out, strerror(errno));
        free(tmp);
        return 1;
    }
    page_head(o, r);
    int rc = write_body(o, r);
    int werr = ferror(o) || fflush(o) != 0 || fsync(fileno(o)) != 0;
    int saved = errno;
    if (fclose(o) != 0 && !werr) { werr = 1; saved = errno; }
    if (!rc && werr) fprintf(stderr, "caresim report: cannot write %s: %s\n", r->out, strerror(saved));
    if (!rc && !werr && rename(tmp, r->out) != 0) {
        fprintf(stderr, "caresim report: cannot write %s: %s\n", r->out, strerror(errno));
        werr = 1;
    }
    if (rc || werr) unlink(tmp);
    free(tmp);
    return rc || werr ? 1 : 0;
}

int cs_cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"baseline", required_argument, 0, 'b'},
                                         {"title", required_argument, 0, 't'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL, *baseline = NULL, *title = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'b': baseline = optarg; break;
        case 't': title = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "caresim report: %s (try caresim report --help)\n",
                argc - optind < 1 ? "no result file given" : "give one result file");
        return EXIT_USAGE;
    }
    struct report r = {0};
    r.path = argv[optind];
    char *def_out = NULL, *def_title = NULL;
    if (!out) {
        size_t n = strlen(r.path);
        def_out = malloc(n + 6);
        snprintf(def_out, n + 6, "%.*s.html", (int)(ends_with(r.path, ".h5") ? n - 3 : n), r.path);
        out = def_out;
    }
    r.out = out;
    char err[1024];
    r.f = cs_rfile_open(r.path, err, sizeof err);
    if (!r.f) {
        fprintf(stderr, "caresim report: %s\n", err);
        free(def_out);
        return 1;
    }
    r.n_sc = cs_rfile_n_scenarios(r.f);
    /* by default, the baseline of the run's business cases, else the first run
     * (as caresim compare chooses) */
    int recorded = cs_compare_recorded_baseline(r.f);
    r.base = baseline ? cs_rfile_find(r.f, baseline) : recorded >= 0 ? recorded : 0;
    int rc = 0;
    if (r.base < 0) {
        fprintf(stderr, "caresim report: no scenario '%s' in %s; it has:", baseline, r.path);
        for (int s = 0; s < r.n_sc; s++) fprintf(stderr, " %s", cs_rfile_scenario(r.f, s));
        fputc('\n', stderr);
        rc = EXIT_USAGE;
    }
    if (!rc) {
        if (!title) {
            const char *slash = strrchr(r.path, '/');
            size_t n = strlen(r.path) + 32;
            def_title = malloc(n);
            snprintf(def_title, n, "caresim report: %s", slash ? slash + 1 : r.path);
            title = def_title;
        }
        r.title = title;
        r.sc = calloc((size_t)r.n_sc, sizeof *r.sc);
        for (int s = 0; s < r.n_sc; s++) {
            char path[512];
            r.sc[s].name = cs_rfile_scenario(r.f, s);
            snprintf(path, sizeof path, "/scenarios/%s/config", r.sc[s].name);
            r.sc[s].config_text = cs_rfile_string(r.f, path, NULL);
            config_parse(r.sc[s].config_text, &r.sc[s].cfg);
        }
        /* the shape of the baseline's series, for the text (a sweep file has no scenarios) */
        double *x = r.n_sc == 0 ? NULL : cs_rfile_series(r.f, r.sc[r.base].name, "people_alive", &r.n_reps, &r.n_weeks, err, sizeof err);
        if (!x && r.n_sc > 0) {
            const char *reps = config_value(&r.sc[r.base].cfg, "replicates");
            const char *years = config_value(&r.sc[r.base].cfg, "years");
            r.n_reps = reps ? atoi(reps) : 0;
            r.n_weeks = years ? 52 * atoi(years) : 0;
        }
        int have = x != NULL;
        free(x);
        r.win = cs_window_make(r.n_weeks, 0, -1);
        if (have && cs_rfile_window(r.f, r.sc[r.base].name, r.n_weeks, &r.win, err, sizeof err)) {
            fprintf(stderr, "caresim report: %s: %s\n", r.path, err);
            rc = 2;
        }
        if (!rc) rc = write_report(&r);
        for (int s = 0; s < r.n_sc; s++) {
            free(r.sc[s].config_text);
            config_free(&r.sc[s].cfg);
        }
        free(r.sc);
    }
    cs_rfile_close(r.f);
    free(def_out);
    free(def_title);
    return rc;
}
