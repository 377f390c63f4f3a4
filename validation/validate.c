/*
 * validate.c — `caresim validate TARGETS FILE...`: each published figure of a
 * targets file (cs_validate.h) against the same measure computed from result
 * files, as a table with a pass/fail verdict; the exit status says whether any
 * figure failed. The rules are in cs_validate.h, the figures and why each
 * mapping is what it is in validation/README.md.
 */
#define _GNU_SOURCE
#include "cs_validate.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_calendar.h"
#include "cs_cli.h"
#include "cs_h5read.h"
#include "cs_metrics.h"
#include "cs_util.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

static const char *HEADER = "key,label,published,unit,year,source,run,run_year,measure,tolerance,why";
enum { F_KEY, F_LABEL, F_PUB, F_UNIT, F_YEAR, F_SOURCE, F_RUN, F_RUN_YEAR, F_MEASURE, F_TOL, F_WHY, N_FIELDS };

/* ---- reading the targets file --------------------------------------------- */

/* Split a CSV line in place into at most max fields ("..." quoting, "" for a
 * quote). Returns the number of fields, or -1 for an unterminated quote. */
static int split_csv(char *s, char **f, int max)
{
    int n = 0;
    for (;;) {
        if (n == max) return max + 1;
        char *o = s;
        f[n++] = s;
        if (*s == '"') {
            for (s++;; s++) {
                if (!*s) return -1;
                if (*s == '"' && s[1] == '"') { *o++ = '"'; s++; }
                else if (*s == '"') { s++; break; }
                else *o++ = *s;
            }
            if (*s && *s != ',') return -1;
        } else {
            while (*s && *s != ',') *o++ = *s++;
        }
        int more = *s == ',';
        *o = '\0';
        if (!more) return n;
        s++;
    }
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

static int metric_index(const char *name, size_t len)
{
    for (int k = 0; k < CS_N_METRICS; k++)
        if (strlen(cs_metric_table[k].name) == len && !strncmp(cs_metric_table[k].name, name, len)) return k;
    return -1;
}

/* AGG(m1+m2+...) at *sp, advancing it. 0, or -1 with a message in err. */
static int parse_term(const char **sp, struct cs_vterm *t, char *err, size_t errlen)
{
    static const char *aggs[] = {"sum", "mean", "end"};
    const char *s = *sp;
    while (isspace((unsigned char)*s)) s++;
    size_t len = strcspn(s, "(");
    t->agg = -1;
    for (int a = 0; a < 3; a++)
        if (strlen(aggs[a]) == len && !strncmp(s, aggs[a], len)) t->agg = a;
    if (t->agg < 0 || s[len] != '(') {
        cs_errf(err, errlen, "measure must be sum(...), mean(...) or end(...), param(...) or 'not modelled'");
        return -1;
    }
    s += len + 1;
    t->n = 0;
    for (;;) {
        while (isspace((unsigned char)*s)) s++;
        size_t m = strcspn(s, "+) \t");
        int k = metric_index(s, m);
        if (k < 0) { cs_errf(err, errlen, "unknown metric '%.*s' (see caresim --list-metrics)", (int)m, s); return -1; }
        if (t->n == CS_VTERM_MAX) { cs_errf(err, errlen, "more than %d metrics in one sum", CS_VTERM_MAX); return -1; }
        t->metric[t->n++] = k;
        s += m;
        while (isspace((unsigned char)*s)) s++;
        if (*s == '+') { s++; continue; }
        if (*s == ')') { s++; break; }
        cs_errf(err, errlen, "expected '+' or ')' in the measure");
        return -1;
    }
    *sp = s;
    return 0;
}

static int parse_measure(struct cs_target *t, char *err, size_t errlen)
{
    const char *s = t->measure;
    if (!strcmp(s, "not modelled")) { t->kind = CS_VK_NONE; return 0; }
    size_t n = strlen(s);
    if (!strncmp(s, "param(", 6) && n > 7 && s[n - 1] == ')') {
        t->kind = CS_VK_PARAM;
        snprintf(t->param, sizeof t->param, "%.*s", (int)(n - 7), s + 6);
        return 0;
    }
    t->kind = CS_VK_SERIES;
    if (parse_term(&s, &t->num, err, errlen)) return -1;
    while (isspace((unsigned char)*s)) s++;
    if (*s == '/') {
        s++;
        t->has_den = 1;
        if (parse_term(&s, &t->den, err, errlen)) return -1;
        while (isspace((unsigned char)*s)) s++;
    }
    if (*s) { cs_errf(err, errlen, "unexpected '%s' after the measure", s); return -1; }
    return 0;
}

/* One data row into t. 0, or -1 with a message (no location) in err. */
static int parse_row(char **f, struct cs_target *t, char *err, size_t errlen)
{
    char *end;
    struct { char *dst; size_t n; int i; } text[] = {
        {t->key, sizeof t->key, F_KEY}, {t->label, sizeof t->label, F_LABEL}, {t->unit, sizeof t->unit, F_UNIT},
        {t->year, sizeof t->year, F_YEAR}, {t->source, sizeof t->source, F_SOURCE}, {t->run, sizeof t->run, F_RUN},
        {t->measure, sizeof t->measure, F_MEASURE}, {t->why, sizeof t->why, F_WHY}};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        if (strlen(f[text[i].i]) >= text[i].n) {
            cs_errf(err, errlen, "column %d is longer than %zu characters", text[i].i + 1, text[i].n - 1);
            return -1;
        }
        snprintf(text[i].dst, text[i].n, "%s", f[text[i].i]);
    }
    if (!t->key[0] || !t->label[0]) { cs_errf(err, errlen, "key and label must not be empty"); return -1; }
    if (!t->source[0]) { cs_errf(err, errlen, "'%s' has no source", t->key); return -1; }
    errno = 0;
    t->published = strtod(f[F_PUB], &end);
    if (!f[F_PUB][0] || *end || errno || !isfinite(t->published)) {
        cs_errf(err, errlen, "published value '%s' is not a number", f[F_PUB]);
        return -1;
    }
    if (parse_measure(t, err, errlen)) return -1;
    if (t->kind == CS_VK_NONE) return 0;
    if (!t->run[0]) { cs_errf(err, errlen, "'%s' names no run", t->key); return -1; }
    if (strlen(f[F_RUN_YEAR]) >= sizeof t->run_year ||
        cs_run_year_weeks(f[F_RUN_YEAR], &t->week0, &t->n_weeks)) {
        cs_errf(err, errlen, "run_year '%s' is not a financial year (2023-24) or a mid-year (mid-2021)",
                f[F_RUN_YEAR]);
        return -1;
    }
    snprintf(t->run_year, sizeof t->run_year, "%s", f[F_RUN_YEAR]);
    char *tol = f[F_TOL];
    size_t tl = strlen(tol);
    t->tol_rel = tl > 0 && tol[tl - 1] == '%';
    if (t->tol_rel) tol[tl - 1] = '\0';
    t->tol = strtod(tol, &end);
    if (!tol[0] || *end || !(t->tol >= 0) || !isfinite(t->tol)) {
        cs_errf(err, errlen, "tolerance '%s%s' is not a number or a percentage", tol, t->tol_rel ? "%" : "");
        return -1;
    }
    if (t->tol_rel) t->tol /= 100;
    return 0;
}

int cs_run_year_weeks(const char *s, int *week0, int *n_weeks)
{
    int y, yy, n = 0;
    if (sscanf(s, "mid-%4d%n", &y, &n) == 1 && n == (int)strlen(s) && n == 8 && y >= 1900 && y <= 2200) {
        /* everyone ages at the mid-year, at the start of dated week 52 (y - 2020)
         * (which starts a few hours into 1 July: a week is 365.25 / 52 days) */
        *week0 = 52 * (y - CS_CAL_YEAR0);
        *n_weeks = 1;
        return 0;
    }
    n = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &yy, &n) == 2 && n == (int)strlen(s) && n == 7 && isdigit((unsigned char)s[5]) &&
        y >= 1900 && y <= 2200 && yy == (y + 1) % 100) {
        *week0 = cs_cal_fy_first_week(y);
        *n_weeks = 52;
        return 0;
    }
    return -1;
}

int cs_targets_load(const char *path, struct cs_targets *ts, char *err, size_t errlen)
{
    memset(ts, 0, sizeof *ts);
    FILE *fp = fopen(path, "r");
    if (!fp) { cs_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char *line = NULL, msg[512];
    size_t cap = 0;
    int lineno = 0, header = 0, rc = 0;
    while (rc == 0 && getline(&line, &cap, fp) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        if (!header) {
            header = 1;
            if (strcmp(s, HEADER)) {
                cs_errf(err, errlen, "%s:%d: expected the header '%s'", path, lineno, HEADER);
                rc = -1;
            }
            continue;
        }
        char *f[N_FIELDS + 1];
        int n = split_csv(s, f, N_FIELDS);
        if (n != N_FIELDS) {
            if (n < 0) cs_errf(err, errlen, "%s:%d: unterminated quote", path, lineno);
            else cs_errf(err, errlen, "%s:%d: %s%d columns, expected %d", path, lineno, n > N_FIELDS ? "more than " : "",
                         n > N_FIELDS ? N_FIELDS : n, N_FIELDS);
            rc = -1;
            break;
        }
        for (int i = 0; i < N_FIELDS; i++) f[i] = trim(f[i]);
        struct cs_target *nt = realloc(ts->t, (size_t)(ts->n + 1) * sizeof *nt);
        if (!nt) { cs_errf(err, errlen, "%s: out of memory", path); rc = -1; break; }
        ts->t = nt;
        struct cs_target *t = memset(&ts->t[ts->n], 0, sizeof *t);
        t->line = lineno;
        if (parse_row(f, t, msg, sizeof msg)) {
            cs_errf(err, errlen, "%s:%d: %s", path, lineno, msg);
            rc = -1;
            break;
        }
        for (int i = 0; i < ts->n && rc == 0; i++)
            if (!strcmp(ts->t[i].key, t->key)) {
                cs_errf(err, errlen, "%s:%d: key '%s' is also on line %d", path, lineno, t->key, ts->t[i].line);
                rc = -1;
            }
        ts->n++;
    }
    if (rc == 0 && !header) { cs_errf(err, errlen, "%s: no header line (empty file?)", path); rc = -1; }
    else if (rc == 0 && ts->n == 0) { cs_errf(err, errlen, "%s: no targets", path); rc = -1; }
    free(line);
    fclose(fp);
    if (rc) cs_targets_free(ts);
    return rc;
}

void cs_targets_free(struct cs_targets *ts)
{
    free(ts->t);
    memset(ts, 0, sizeof *ts);
}

/* ---- measures and verdicts -------------------------------------------------- */

/* One term for every replicate into v (n_reps values). Returns n_reps or -1. */
static int term_values(const struct cs_target *t, const struct cs_vterm *term, const struct cs_vsource *src,
                       double *v, int max, char *err, size_t errlen)
{
    int R = -1;
    for (int j = 0; j < term->n; j++) {
        int r, W;
        const double *x = src->series(src->ctx, t->run, term->metric[j], &r, &W, err, errlen);
        if (!x) return -1;
        int w0 = t->week0, nw = t->n_weeks;
        if (w0 < 0 || w0 + nw > W) {
            cs_errf(err, errlen, "run '%s' has dated weeks 0 .. %d (2020-07-01 on), which do not cover %s "
                    "(weeks %d .. %d)", t->run, W - 1, t->run_year, w0, w0 + nw - 1);
            return -1;
        }
        if (r > max) r = max;
        if (j == 0) { R = r; for (int i = 0; i < R; i++) v[i] = 0; }
        for (int i = 0; i < R; i++) {
            const double *y = x + (size_t)i * W + w0;
            double a = 0;
            if (term->agg == CS_VAGG_END) a = y[nw - 1];
            else {
                for (int w = 0; w < nw; w++) a += y[w];
                if (term->agg == CS_VAGG_MEAN) a /= nw;
            }
            v[i] += a;
        }
    }
    return R;
}

int cs_target_values(const struct cs_target *t, const struct cs_vsource *src, double *vals, int max,
                     char *err, size_t errlen)
{
    if (t->kind == CS_VK_PARAM) {
        if (max < 1 || src->param(src->ctx, t->run, t->param, vals, err, errlen)) return -1;
        return 1;
    }
    int R = term_values(t, &t->num, src, vals, max, err, errlen);
    if (R < 0 || !t->has_den) return R;
    double *d = malloc((size_t)(max > 0 ? max : 1) * sizeof *d);
    if (!d) { cs_errf(err, errlen, "out of memory"); return -1; }
    int Rd = term_values(t, &t->den, src, d, max, err, errlen);
    for (int i = 0; Rd >= 0 && i < R && i < Rd; i++) {
        if (d[i] == 0) { cs_errf(err, errlen, "the denominator is 0 in replicate %d", i); Rd = -1; break; }
        vals[i] /= d[i];
    }
    free(d);
    return Rd < 0 ? -1 : R < Rd ? R : Rd;
}

double cs_target_band(const struct cs_target *t)
{
    return t->tol_rel ? t->tol * fabs(t->published) : t->tol;
}

int cs_target_within(const struct cs_target *t, double v)
{
    return fabs(v - t->published) <= cs_target_band(t) * (1 + 1e-12);
}

int cs_target_judge(const struct cs_target *t, const double *vals, int n, double level, struct cs_ci *ci)
{
    *ci = (struct cs_ci){NAN, 0, NAN, NAN, 0};
    if (t->kind == CS_VK_NONE) return CS_VS_NM;
    *ci = cs_stats_mean_ci(vals, n, level);
    int within = ci->n > 0 && cs_target_within(t, ci->mean);
    if (!within) return CS_VS_FAIL;
    return t->kind == CS_VK_PARAM ? CS_VS_INPUT : CS_VS_PASS;
}

/* ---- the command ------------------------------------------------------------- */

struct cached { int file; char run[64]; int k, R, W; double *x; };
struct files { int n; cs_rfile **f; const char **path; int nc; struct cached *c; };

static int find_run(const struct files *fs, const char *run)
{
    for (int i = 0; i < fs->n; i++)
        if (cs_rfile_find(fs->f[i], run) >= 0) return i;
    return -1;
}

static const double *file_series(void *ctx, const char *run, int k, int *R, int *W, char *err, size_t errlen)
{
    struct files *fs = ctx;
    for (int i = 0; i < fs->nc; i++)
        if (fs->c[i].k == k && !strcmp(fs->c[i].run, run)) { *R = fs->c[i].R; *W = fs->c[i].W; return fs->c[i].x; }
    int fi = find_run(fs, run);
    if (fi < 0) { cs_errf(err, errlen, "no result file given holds the run '%s'", run); return NULL; }
    struct cached c = {fi, "", k, 0, 0, NULL};
    snprintf(c.run, sizeof c.run, "%s", run);
    c.x = cs_rfile_series(fs->f[fi], run, cs_metric_table[k].name, &c.R, &c.W, err, errlen);
    if (!c.x) return NULL;
    /* targets name dated periods: the series must start at dated week 0 */
    struct cs_window win;
    int rc = cs_rfile_window(fs->f[fi], run, c.W, &win, err, errlen);
    if (!rc && win.start_week < 0) {
        cs_errf(err, errlen, "%s: run '%s' has no calendar (written before schema 3): "
                "its weeks cannot be matched to dated periods; run it again", fs->path[fi], run);
        rc = 2;
    } else if (!rc && win.start_week != win.start) {
        cs_errf(err, errlen, "%s: run '%s' does not start at dated week 0", fs->path[fi], run);
        rc = 2;
    }
    if (rc) { free(c.x); return NULL; }
    struct cached *nc = realloc(fs->c, (size_t)(fs->nc + 1) * sizeof *nc);
    if (!nc) { free(c.x); cs_errf(err, errlen, "out of memory"); return NULL; }
    fs->c = nc;
    fs->c[fs->nc++] = c;
    *R = c.R;
    *W = c.W;
    return c.x;
}

static int file_param(void *ctx, const char *run, const char *path, double *v, char *err, size_t errlen)
{
    struct files *fs = ctx;
    int fi = find_run(fs, run);
    if (fi < 0) { cs_errf(err, errlen, "no result file given holds the run '%s'", run); return -1; }
    int rc = cs_rfile_setting(fs->f[fi], run, path, v);
    if (rc == -1) cs_errf(err, errlen, "%s: cannot read the configuration of '%s'", fs->path[fi], run);
    else if (rc == -2) cs_errf(err, errlen, "run '%s' has no numeric setting '%s'", run, path);
    return rc ? -1 : 0;
}

/* v in a short form: 27.06 bn, 2.086 m, 452,558, 0.0830. */
static const char *fmt(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (!isfinite(v)) snprintf(buf, n, "n/a");
    else if (a >= 1e9) snprintf(buf, n, "%.2f bn", v / 1e9);
    else if (a >= 1e6) snprintf(buf, n, "%.3f m", v / 1e6);
    else if (a >= 1e4) snprintf(buf, n, "%.0f,%03.0f", trunc(v / 1e3), fmod(a, 1e3) - fmod(a, 1.0));
    else if (a >= 100) snprintf(buf, n, "%.0f", v);
    else snprintf(buf, n, "%.4g", v);
    return buf;
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: caresim validate TARGETS.csv FILE.h5 [FILE.h5 ...] [--level L]\n"
"\n"
"Compare each published figure in TARGETS.csv with the same measure computed\n"
"from the runs in the result files (validation/README.md; the format is in\n"
"include/cs_validate.h). Prints figure, published value, simulated mean over\n"
"replicates with its t interval, tolerance and verdict: pass (the mean is within\n"
"the tolerance), FAIL, input (the figure is a model input and the run used it)\n"
"or not modelled.\n"
"\n"
"  --level L   confidence level of the intervals (default 0.95)\n"
"\n"
"Exit status: 0 no figure failed; 1 at least one failed; 2 a bad command line,\n"
"targets file (reported as file:line: message) or result file.\n");
}

int cs_cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {{"level", required_argument, 0, 'l'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    double level = 0.95;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        char *end;
        if (c == 'h') { usage(stdout); return 0; }
        if (c != 'l') { usage(stderr); return EXIT_USAGE; }
        level = strtod(optarg, &end);
        if (*end || !(level > 0 && level < 1)) { fprintf(stderr, "caresim validate: --level must be in (0, 1)\n"); return EXIT_USAGE; }
    }
    if (argc - optind < 2) { usage(stderr); return EXIT_USAGE; }
    char err[1024];
    struct cs_targets ts;
    if (cs_targets_load(argv[optind], &ts, err, sizeof err)) { fprintf(stderr, "%s\n", err); return EXIT_USAGE; }
    struct files fs = {argc - optind - 1, calloc((size_t)(argc - optind), sizeof(cs_rfile *)), (const char **)argv + optind + 1, 0, NULL};
    int status = fs.f ? 0 : EXIT_USAGE;
    for (int i = 0; i < fs.n && !status; i++)
        if (!(fs.f[i] = cs_rfile_open(fs.path[i], err, sizeof err))) { fprintf(stderr, "caresim validate: %s\n", err); status = EXIT_USAGE; }
    struct cs_vsource src = {file_series, file_param, &fs};
    for (int i = 0; i < fs.n && !status; i++)
        for (int s = 0; s < cs_rfile_n_scenarios(fs.f[i]); s++) {
            const char *run = cs_rfile_scenario(fs.f[i], s);
            double scale = NAN, reps = 0;
            file_param(&fs, run, "scale", &scale, err, sizeof err);
            file_param(&fs, run, "replicates", &reps, err, sizeof err);
            char *commit = cs_rfile_string(fs.f[i], "/", "git_commit");
            printf("%s: run %s, scale %g, %.0f replicate%s, commit %s\n", fs.path[i], run, scale, reps,
                   reps == 1 ? "" : "s", commit ? commit : "?");
            free(commit);
        }
    /* every figure first, so a bad row stops the command before any table */
    int count[4] = {0}, *verdict = calloc((size_t)ts.n, sizeof *verdict);
    struct cs_ci *ci = calloc((size_t)ts.n, sizeof *ci);
    double *vals = malloc(4096 * sizeof *vals);
    if (!vals || !ci || !verdict) { fprintf(stderr, "caresim validate: out of memory\n"); status = EXIT_USAGE; }
    for (int i = 0; i < ts.n && !status; i++) {
        const struct cs_target *t = &ts.t[i];
        int n = t->kind == CS_VK_NONE ? 0 : cs_target_values(t, &src, vals, 4096, err, sizeof err);
        if (n < 0) { fprintf(stderr, "caresim validate: %s:%d (%s): %s\n", argv[optind], t->line, t->key, err); status = EXIT_USAGE; }
        else count[verdict[i] = cs_target_judge(t, vals, n, level, &ci[i])]++;
    }
    if (!status) {
        printf("simulated: mean over replicates [%g%% t interval of the mean]; pass: the mean is within the tolerance\n\n",
               100 * level);
        printf("%-46s %12s %12s %-27s %9s  %s\n", "figure", "published", "simulated", "[interval]", "tolerance", "result");
    }
    for (int i = 0; i < ts.n && !status; i++) {
        const struct cs_target *t = &ts.t[i];
        int v = verdict[i];
        char pb[32], sb[32], lb[32], hb[32], iv[64] = "", tb[32];
        if (v == CS_VS_NM) snprintf(sb, sizeof sb, "-");
        else fmt(sb, sizeof sb, ci[i].mean);
        if (v != CS_VS_NM && t->kind == CS_VK_SERIES && ci[i].n > 1)
            snprintf(iv, sizeof iv, "[%s, %s]", fmt(lb, sizeof lb, ci[i].lo), fmt(hb, sizeof hb, ci[i].hi));
        if (t->tol_rel) snprintf(tb, sizeof tb, "±%g%%", 100 * t->tol);
        else snprintf(tb, sizeof tb, "±%s", fmt(lb, sizeof lb, t->tol));
        static const char *word[] = {"pass", "FAIL", "input", "not modelled"};
        printf("%-46.46s %12s %12s %-27s %9s  %s\n", t->label, fmt(pb, sizeof pb, t->published), sb, iv,
               v == CS_VS_NM ? "" : tb, word[v]);
    }
    if (!status && count[CS_VS_NM]) printf("\nnot modelled:\n");
    for (int i = 0; i < ts.n && !status; i++)
        if (ts.t[i].kind == CS_VK_NONE) printf("  %s: %s\n", ts.t[i].label, ts.t[i].why);
    if (!status) {
        printf("\n%d figures: %d pass, %d FAIL, %d inputs confirmed, %d not modelled\n", ts.n, count[CS_VS_PASS],
               count[CS_VS_FAIL], count[CS_VS_INPUT], count[CS_VS_NM]);
        status = count[CS_VS_FAIL] ? EXIT_FAILED : 0;
    }
    free(vals);
    free(ci);
    free(verdict);
    for (int i = 0; i < fs.nc; i++) free(fs.c[i].x);
    free(fs.c);
    for (int i = 0; fs.f && i < fs.n; i++) cs_rfile_close(fs.f[i]);
    free(fs.f);
    cs_targets_free(&ts);
    return status;
}
