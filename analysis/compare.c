/*
 * compare.c — `caresim compare`: each scenario of a result file against a
 * baseline, as an aligned text table, CSV or JSON. The numbers come from
 * cs_compare.h (paired differences of key outcomes) and cs_bizcase.h (the
 * business case); this file only parses the command line and prints.
 */
#define _GNU_SOURCE
#include "cs_cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_bizcase.h"
#include "cs_compare.h"
#include "cs_h5read.h"
#include "cs_params.h"

#define EXIT_IO 1

static void usage(FILE *f)
{
    fprintf(f,
"Usage: caresim compare FILE [--baseline NAME] [--csv | --json] [--level L] [--discount R]\n"
"\n"
"Compare every scenario in the result FILE with a baseline scenario of the same\n"
"file. For each key outcome it shows the baseline's and the scenario's mean and\n"
"the paired difference (scenario minus baseline, replicate by replicate: the\n"
"scenarios of one run share their random numbers) with its t interval over\n"
"replicates, over the projection window and year by year; then the business\n"
"case (savings by budget holder, NPV, ROI, payback; docs/business_case.md).\n"
"\n"
"The projection window runs from the policy start (the file's policy_start_week,\n"
"1 April 2024 by default) to the end of the run; its years are financial years\n"
"(2024-25, 2025-26, ...). The dated weeks before it are history, the same\n"
"status quo in every scenario, and are not compared. A file written before the\n"
"calendar (no policy_start_week) is compared over all its weeks, in years\n"
"counted from its first week (year1, year2, ...).\n"
"\n"
"Over a period (a year, or the horizon), metrics in money or events per week\n"
"(units ending in /week) are summed; the others (people, rates, shares, means)\n"
"are averaged over its weeks. Outcomes absent from the file are skipped.\n"
"\n"
"Options:\n"
"  --baseline NAME   the scenario to compare with (default: the first one run,\n"
"                    which is said on stderr)\n"
"  --csv             CSV, one row per scenario, outcome and period (horizon,\n"
"                    2024-25, 2025-26, ...); business-case rows are named business_case.*\n"
"  --json            JSON\n"
"  --level L         confidence level of the intervals (default 0.95)\n"
"  --discount R      discount rate a year for the business case (default: each\n"
"                    scenario's business_case.discount_rate, 0.035 unless set)\n"
"  -h, --help        this text\n"
"\n"
"Exit status: 0 success; 1 FILE cannot be opened or read, or output fails;\n"
"2 a bad command line or unusable input (not a complete caresim result file,\n"
"an unknown baseline, a single scenario, scenarios with different replicates\n"
"or weeks).\n");
}

/* ---- numbers and tables --------------------------------------------------- */

/* Decimals that show about four significant digits of the largest magnitude m. */
static int decimals_for(double m)
{
    if (!(m > 0) || !isfinite(m)) return 0;
    int d = 3 - (int)floor(log10(m));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* v with dec decimals and thousands separators; "n/a" for NaN. */
static const char *num(char *buf, size_t n, double v, int dec)
{
    char tmp[64];
    if (!isfinite(v)) { snprintf(buf, n, "n/a"); return buf; }
    snprintf(tmp, sizeof tmp, "%.*f", dec, fabs(v));
    size_t intlen = strcspn(tmp, "."), o = 0;
    char out[96];
    if (v < 0 && strspn(tmp, "0.") < strlen(tmp)) out[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0) out[o++] = ',';
        out[o++] = tmp[i];
    }
    snprintf(out + o, sizeof out - o, "%s", tmp + intlen);
    snprintf(buf, n, "%s", out);
    return buf;
}

struct table {
    int ncol, nleft, n, cap;   /* the first nleft columns are left-aligned */
    char **cell;
};

static void t_add(struct table *t, const char *fmt, ...)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        char **c = realloc(t->cell, (size_t)t->cap * sizeof *c);
        if (!c) { perror("caresim compare"); exit(EXIT_IO); }
        t->cell = c;
    }
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&t->cell[t->n], fmt, ap) < 0) { perror("caresim compare"); exit(EXIT_IO); }
    va_end(ap);
    t->n++;
}

static void t_print(struct table *t)
{
    int w[t->ncol];
    memset(w, 0, sizeof w);
    for (int i = 0; i < t->n; i++) {
        int len = (int)strlen(t->cell[i]);
        if (len > w[i % t->ncol]) w[i % t->ncol] = len;
    }
    for (int i = 0; i < t->n; i++) {
        int c = i % t->ncol;
        if (c < t->nleft) printf("%s%-*s", c ? "  " : "", c == t->ncol - 1 ? 0 : w[c], t->cell[i]);
        else printf("  %*s", w[c], t->cell[i]);
        if (c == t->ncol - 1) putchar('\n');
        free(t->cell[i]);
    }
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* ---- what is printed -------------------------------------------------------- */

struct one {
    const char *name;
    struct cs_comparison cmp;
    int have_bc;
    struct cs_bizcase bc;
    char bc_note[1024];   /* why there is no business case */
};

struct run {
    const char *file, *baseline;
    double level;
    int n;
    struct one *sc;
};

/* "horizon" (the whole projection window), else year p's label: its
 * financial year ("2024-25"), or "year1" in a file without a calendar */
static const char *period_name(char *buf, size_t n, const struct cs_window *w, int p)
{
    if (p == 0) snprintf(buf, n, "horizon");
    else if (w->first_fy > 0) cs_window_label(w, p, buf, n);
    else snprintf(buf, n, "year%d", p);
    return buf;
}

/* One line saying which weeks are compared. */
static void print_window(const struct cs_window *w)
{
    char a[16], b[16];
    if (w->first_fy > 0)
        printf("Projection window: from the policy start (week %d of the dated series, financial year %s) "
               "to %s; the %d week%s before it are history and not compared.\n", w->start_week,
               cs_window_label(w, 1, a, sizeof a), cs_window_label(w, w->n_years, b, sizeof b),
               w->start, w->start == 1 ? "" : "s");
    else
        printf("This file has no calendar (no policy_start_week): every reported week is compared, "
               "years counted from its first week.\n");
}

static void print_text(const struct run *R)
{
    char a[64], b[64], c[64], d[64], e[64];
    double pct = 100 * R->level;
    const struct cs_comparison *c0 = &R->sc[0].cmp;
    printf("caresim compare %s: baseline '%s', %d replicate%s, %d week%s (%d year%s)\n", R->file,
           R->baseline, c0->n_reps, c0->n_reps == 1 ? "" : "s", c0->n_weeks,
           c0->n_weeks == 1 ? "" : "s", c0->n_years, c0->n_years == 1 ? "" : "s");
    print_window(&c0->win);
    printf("Differences are scenario minus baseline, replicate by replicate, with %g%% t intervals over\n"
           "replicates. Money and flows per week are summed over the period; stocks, rates and shares are\n"
           "averaged over its weeks.\n",
           pct);
    for (int s = 0; s < R->n; s++) {
        const struct one *o = &R->sc[s];
        const struct cs_comparison *cm = &o->cmp;
        printf("\n== %s vs %s: whole projection window\n", o->name, R->baseline);
        struct table t = {7, 2, 0, 0, NULL};
        t_add(&t, "outcome"); t_add(&t, "units"); t_add(&t, "baseline"); t_add(&t, "scenario");
        t_add(&t, "difference"); t_add(&t, "%g%% low", pct); t_add(&t, "%g%% high", pct);
        for (int i = 0; i < cm->n_outcomes; i++) {
            const struct cs_outcome_cmp *oc = &cm->outcome[i];
            const struct cs_period_cmp *p = &oc->period[0];
            double m = fmax(fmax(fabs(p->base.mean), fabs(p->scen.mean)), fmax(fabs(p->diff.lo), fabs(p->diff.hi)));
            int dec = decimals_for(m);
            t_add(&t, "%s", oc->name); t_add(&t, "%s", oc->agg_units);
            t_add(&t, "%s", num(a, sizeof a, p->base.mean, dec));
            t_add(&t, "%s", num(b, sizeof b, p->scen.mean, dec));
            t_add(&t, "%s", num(c, sizeof c, p->diff.mean, dec));
            t_add(&t, "%s", num(d, sizeof d, p->diff.lo, dec));
            t_add(&t, "%s", num(e, sizeof e, p->diff.hi, dec));
        }
        t_print(&t);

        printf("\n== %s vs %s: difference by year (%g%% interval below)\n", o->name, R->baseline, pct);
        t = (struct table){2 + cm->n_years, 2, 0, 0, NULL};
        t_add(&t, "outcome"); t_add(&t, "units");
        for (int y = 1; y <= cm->n_years; y++) t_add(&t, "%s", cs_window_label(&cm->win, y, a, sizeof a));
        for (int i = 0; i < cm->n_outcomes; i++) {
            const struct cs_outcome_cmp *oc = &cm->outcome[i];
            double m = 0;
            for (int y = 1; y <= cm->n_years; y++)
                m = fmax(m, fmax(fabs(oc->period[y].base.mean), fmax(fabs(oc->period[y].diff.lo), fabs(oc->period[y].diff.hi))));
            int dec = decimals_for(m);
            t_add(&t, "%s", oc->name); t_add(&t, "%s", oc->agg_units);
            for (int y = 1; y <= cm->n_years; y++) t_add(&t, "%s", num(a, sizeof a, oc->period[y].diff.mean, dec));
            t_add(&t, "%s", ""); t_add(&t, "%s", "");
            for (int y = 1; y <= cm->n_years; y++)
                t_add(&t, "[%s, %s]", num(a, sizeof a, oc->period[y].diff.lo, dec), num(b, sizeof b, oc->period[y].diff.hi, dec));
        }
        t_print(&t);

        if (!o->have_bc) {
            printf("\n== %s vs %s: no business case: %s\n", o->name, R->baseline, o->bc_note);
            continue;
        }
        const struct cs_bizcase *bc = &o->bc;
        printf("\n== %s vs %s: business case (discount rate %g%% a year; present values at the policy start, "
               "the start of %s)\n", o->name, R->baseline, 100 * bc->discount_rate,
               cs_window_label(&bc->win, 1, a, sizeof a));
        t = (struct table){5, 2, 0, 0, NULL};
        t_add(&t, "measure"); t_add(&t, "units"); t_add(&t, "mean"); t_add(&t, "%g%% low", pct); t_add(&t, "%g%% high", pct);
        for (int m = 0; m < CS_BC_N_MEASURES; m++) {
            const struct cs_ci *ci = &bc->summary[m];
            int dec = !strcmp(cs_bc_measure_units[m], "GBP") ? 0 : 2;
            t_add(&t, "%s", cs_bc_measure_name[m]); t_add(&t, "%s", cs_bc_measure_units[m]);
            t_add(&t, "%s", num(a, sizeof a, ci->mean, dec));
            t_add(&t, "%s", num(b, sizeof b, ci->lo, dec));
            t_add(&t, "%s", num(c, sizeof c, ci->hi, dec));
        }
        t_print(&t);
        printf("(payback_year: over the replicates that paid back, 1 = %s; roi: npv per pound of pv_investment)\n",
               cs_window_label(&bc->win, 1, a, sizeof a));

        printf("\n== %s vs %s: savings by budget holder and year (undiscounted GBP, mean over replicates)\n",
               o->name, R->baseline);
        t = (struct table){1 + bc->n_years, 1, 0, 0, NULL};
        t_add(&t, "holder");
        for (int y = 1; y <= bc->n_years; y++) t_add(&t, "%s", cs_window_label(&bc->win, y, a, sizeof a));
        for (int h = 0; h <= CS_BC_N_HOLDERS + 1; h++) {
            int k = h < CS_BC_N_HOLDERS ? h : h == CS_BC_N_HOLDERS ? CS_BC_N_HOLDERS : -1;
            t_add(&t, "%s", k < 0 ? "investment" : k == CS_BC_N_HOLDERS ? "net benefit" : cs_bc_holder_name[k]);
            for (int y = 1; y <= bc->n_years; y++)
                t_add(&t, "%s", num(a, sizeof a, cs_bizcase_year_ci(bc, k, y).mean, 0));
        }
        t_print(&t);
    }
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_str(const char *s, int last)
{
    if (strpbrk(s, ",\"\n\r")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"') putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static void csv_num(double v, int last)
{
    if (isfinite(v)) printf("%.17g", v);
    putchar(last ? '\n' : ',');
}

static void csv_row(const char *sc, const char *base, const char *outcome, const char *units,
                    const char *period, double bmean, double smean, const struct cs_ci *d)
{
    csv_str(sc, 0); csv_str(base, 0); csv_str(outcome, 0); csv_str(units, 0); csv_str(period, 0);
    csv_num(bmean, 0); csv_num(smean, 0);
    csv_num(d->mean, 0); csv_num(d->lo, 0); csv_num(d->hi, 0);
    printf("%d\n", d->n);
}

static void print_csv(const struct run *R)
{
    char per[32], name[96];
    printf("scenario,baseline,outcome,units,period,baseline_mean,scenario_mean,difference,ci_low,ci_high,n\n");
    for (int s = 0; s < R->n; s++) {
        const struct one *o = &R->sc[s];
        for (int i = 0; i < o->cmp.n_outcomes; i++) {
            const struct cs_outcome_cmp *oc = &o->cmp.outcome[i];
            for (int p = 0; p <= o->cmp.n_years; p++)
                csv_row(o->name, R->baseline, oc->name, oc->agg_units, period_name(per, sizeof per, &o->cmp.win, p),
                        oc->period[p].base.mean, oc->period[p].scen.mean, &oc->period[p].diff);
        }
        if (!o->have_bc) continue;
        const struct cs_bizcase *bc = &o->bc;
        struct cs_ci rate = {bc->discount_rate, 0, bc->discount_rate, bc->discount_rate, bc->n_reps};
        csv_row(o->name, R->baseline, "business_case.discount_rate", "per year", "horizon", NAN, NAN, &rate);
        for (int m = 0; m < CS_BC_N_MEASURES; m++) {
            snprintf(name, sizeof name, "business_case.%s", cs_bc_measure_name[m]);
            csv_row(o->name, R->baseline, name, cs_bc_measure_units[m], "horizon", NAN, NAN, &bc->summary[m]);
        }
        for (int k = -1; k <= CS_BC_N_HOLDERS; k++) {
            if (k < 0) snprintf(name, sizeof name, "business_case.investment");
            else if (k == CS_BC_N_HOLDERS) snprintf(name, sizeof name, "business_case.net_benefit");
            else snprintf(name, sizeof name, "business_case.savings_%s", cs_bc_holder_name[k]);
            for (int y = 1; y <= bc->n_years; y++) {
                struct cs_ci ci = cs_bizcase_year_ci(bc, k, y);
                csv_row(o->name, R->baseline, name, "GBP", period_name(per, sizeof per, &bc->win, y), NAN, NAN, &ci);
            }
        }
    }
}

/* ---- JSON --------------------------------------------------------------- */

static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
    putchar('"');
}

static void json_num(double v)
{
    if (isfinite(v)) printf("%.17g", v);
    else printf("null");
}

static void json_ci(const char *key, const struct cs_ci *c)
{
    printf("\"%s\": {\"mean\": ", key);
    json_num(c->mean);
    printf(", \"ci_low\": ");
    json_num(c->lo);
    printf(", \"ci_high\": ");
    json_num(c->hi);
    printf(", \"n\": %d}", c->n);
}

static void print_json(const struct run *R)
{
    const struct cs_comparison *c0 = &R->sc[0].cmp;
    printf("{\n  \"file\": ");
    json_str(R->file);
    printf(",\n  \"baseline\": ");
    json_str(R->baseline);
    printf(",\n  \"level\": ");
    json_num(R->level);
    printf(",\n  \"n_replicates\": %d,\n  \"n_weeks\": %d,\n  \"n_years\": %d,\n", c0->n_reps,
           c0->n_weeks, c0->n_years);
    /* the window: null policy start for a file without a calendar */
    printf("  \"policy_start_week\": ");
    if (c0->win.start_week >= 0) printf("%d", c0->win.start_week); else printf("null");
    printf(",\n  \"history_weeks\": %d,\n", c0->win.start);
    printf("  \"aggregation\": \"metrics whose units end in /week are summed over the period; the others are averaged over its weeks\",\n");
    printf("  \"scenarios\": [");
    for (int s = 0; s < R->n; s++) {
        const struct one *o = &R->sc[s];
        printf("%s\n    {\"name\": ", s ? "," : "");
        json_str(o->name);
        printf(",\n     \"outcomes\": [");
        for (int i = 0; i < o->cmp.n_outcomes; i++) {
            const struct cs_outcome_cmp *oc = &o->cmp.outcome[i];
            printf("%s\n      {\"name\": ", i ? "," : "");
            json_str(oc->name);
            printf(", \"units\": ");
            json_str(oc->agg_units);
            printf(", \"weekly_units\": ");
            json_str(oc->units);
            printf(", \"aggregation\": \"%s\", \"periods\": [", oc->agg == CS_AGG_SUM ? "sum" : "mean");
            for (int p = 0; p <= o->cmp.n_years; p++) {
                char per[32];
                printf("%s\n        {\"period\": \"%s\", ", p ? "," : "", period_name(per, sizeof per, &o->cmp.win, p));
                json_ci("baseline", &oc->period[p].base);
                printf(", ");
                json_ci("scenario", &oc->period[p].scen);
                printf(", ");
                json_ci("difference", &oc->period[p].diff);
                printf("}");
            }
            printf("]}");
        }
        printf("],\n     \"business_case\": ");
        if (!o->have_bc) {
            printf("null, \"business_case_note\": ");
            json_str(o->bc_note);
            printf("}");
            continue;
        }
        const struct cs_bizcase *bc = &o->bc;
        printf("{\"discount_rate\": ");
        json_num(bc->discount_rate);
        printf(", \"measures\": [");
        for (int m = 0; m < CS_BC_N_MEASURES; m++) {
            printf("%s\n        {\"name\": \"%s\", \"units\": \"%s\", ", m ? "," : "", cs_bc_measure_name[m],
                   cs_bc_measure_units[m]);
            json_ci("value", &bc->summary[m]);
            printf("}");
        }
        printf("],\n       \"by_year\": [");
        for (int y = 1; y <= bc->n_years; y++) {
            char fy[16];
            printf("%s\n        {\"year\": %d, \"period\": \"%s\", \"savings\": {", y > 1 ? "," : "", y,
                   period_name(fy, sizeof fy, &bc->win, y));
            for (int h = 0; h < CS_BC_N_HOLDERS; h++) {
                struct cs_ci ci = cs_bizcase_year_ci(bc, h, y);
                printf("%s", h ? ", " : "");
                json_ci(cs_bc_holder_name[h], &ci);
            }
            struct cs_ci net = cs_bizcase_year_ci(bc, CS_BC_N_HOLDERS, y), inv = cs_bizcase_year_ci(bc, -1, y);
            printf("}, ");
            json_ci("net_benefit", &net);
            printf(", ");
            json_ci("investment", &inv);
            printf("}");
        }
        printf("]}}");
    }
    printf("\n  ]\n}\n");
}

/* ---- the command ------------------------------------------------------------ */

static int parse_real(const char *opt, const char *s, double lo, double hi, int open, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    int bad = *s == '\0' || *end != '\0' || errno || !isfinite(v) ||
              (open ? !(v > lo && v < hi) : !(v >= lo && v <= hi));
    if (bad) {
        fprintf(stderr, "caresim compare: %s expects a number in %s%g, %g%s, got '%s'\n", opt,
                open ? "(" : "[", lo, hi, open ? ")" : "]", s);
        return -1;
    }
    *out = v;
    return 0;
}

int cs_cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"baseline", required_argument, 0, 'b'}, {"csv", no_argument, 0, 'c'},
        {"json", no_argument, 0, 'j'},           {"level", required_argument, 0, 'l'},
        {"discount", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *baseline = NULL;
    int csv = 0, json = 0, c, status = 0;
    double level = 0.95, discount = NAN;
    const struct cs_param_info *rate_pi = cs_param_find("business_case.discount_rate");
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': baseline = optarg; break;
        case 'c': csv = 1; break;
        case 'j': json = 1; break;
        case 'l': if (parse_real("--level", optarg, 0, 1, 1, &level)) return EXIT_USAGE; break;
        case 'd':
            if (parse_real("--discount", optarg, rate_pi ? rate_pi->min : 0, rate_pi ? rate_pi->max : 1, 0, &discount))
                return EXIT_USAGE;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (csv && json) { fprintf(stderr, "caresim compare: give --csv or --json, not both\n"); return EXIT_USAGE; }
    if (argc - optind != 1) {
        fprintf(stderr, "caresim compare: %s (try caresim compare --help)\n",
                argc - optind < 1 ? "no result file given" : "give one result file");
        return EXIT_USAGE;
    }
    const char *file = argv[optind];
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "caresim compare: %s: %s\n", file, strerror(errno));
        return EXIT_IO;
    }
    char err[1024];
    cs_rfile *f = cs_rfile_open(file, err, sizeof err);
    if (!f) { fprintf(stderr, "caresim compare: %s\n", err); return EXIT_USAGE; }

    int n = cs_rfile_n_scenarios(f);
    if (n == 0) {   /* only a sensitivity analysis (caresim sweep) has none */
        fprintf(stderr, "caresim compare: %s is a sensitivity analysis (caresim sweep): read it with caresim report\n", file);
        cs_rfile_close(f);
        return EXIT_USAGE;
    }
    if (n < 2) {
        fprintf(stderr, "caresim compare: %s holds only one scenario ('%s'); compare needs a baseline and "
                "at least one other (run several scenario files into one output file)\n", file,
                cs_rfile_scenario(f, 0));
        cs_rfile_close(f);
        return EXIT_USAGE;
    }
    if (baseline && cs_rfile_find(f, baseline) < 0) {
        fprintf(stderr, "caresim compare: %s has no scenario '%s'; it has:", file, baseline);
        for (int i = 0; i < n; i++) fprintf(stderr, " %s", cs_rfile_scenario(f, i));
        fputc('\n', stderr);
        cs_rfile_close(f);
        return EXIT_USAGE;
    }
    if (!baseline) {
        /* the baseline the run wrote its business cases against, else the first run */
        int k = cs_compare_recorded_baseline(f);
        if (k >= 0) baseline = cs_rfile_scenario(f, k);
        fprintf(stderr, "caresim compare: no --baseline given; comparing with '%s', %s\n",
                baseline ? baseline : cs_rfile_scenario(f, 0),
                baseline ? "the baseline of the run's business cases" : "the first scenario run");
        if (!baseline) baseline = cs_rfile_scenario(f, 0);
    }

    struct run R = {file, baseline, level, 0, calloc((size_t)n, sizeof(struct one))};
    if (!R.sc) { fprintf(stderr, "caresim compare: out of memory\n"); cs_rfile_close(f); return EXIT_IO; }
    for (int i = 0; i < n && status == 0; i++) {
        const char *name = cs_rfile_scenario(f, i);
        if (!strcmp(name, baseline)) continue;
        struct one *o = &R.sc[R.n];
        o->name = name;
        int rc = cs_compare_scenario(f, baseline, name, NULL, level, &o->cmp, err, sizeof err);
        if (rc) {
            fprintf(stderr, "caresim compare: %s: %s\n", file, err);
            status = rc;
            break;
        }
        R.n++;
        double rate = isnan(discount) ? cs_bizcase_file_rate(f, name) : discount;
        rc = cs_bizcase_from_file(f, baseline, name, rate, level, &o->bc, err, sizeof err);
        if (rc == 1) {
            fprintf(stderr, "caresim compare: %s: %s\n", file, err);
            status = rc;
        } else if (rc == 2) {
            snprintf(o->bc_note, sizeof o->bc_note, "%s", err);
            fprintf(stderr, "caresim compare: no business case for '%s': %s\n", name, err);
        } else {
            o->have_bc = 1;
        }
    }
    if (status == 0) {
        if (csv) print_csv(&R);
        else if (json) print_json(&R);
        else print_text(&R);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "caresim compare: cannot write the output: %s\n", strerror(errno));
            status = EXIT_IO;
        }
    }
    for (int i = 0; i < R.n; i++) {
        cs_comparison_free(&R.sc[i].cmp);
        cs_bizcase_free(&R.sc[i].bc);
    }
    free(R.sc);
    cs_rfile_close(f);
    return status;
}
