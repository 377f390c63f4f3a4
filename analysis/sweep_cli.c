/*
 * sweep_cli.c — `caresim sweep`: sensitivity analysis over the parameter
 * table's plausible ranges. Reads and checks everything first (a bad option,
 * scenario or parameter exits 2 before any file exists), builds the design
 * (sensitivity.c), runs it (sweep.c), estimates the indices, writes the
 * result file (sweep_file.c) and prints the top parameters per outcome.
 * docs/sensitivity.md explains the method and how to read the results.
 */
#define _GNU_SOURCE
#include "cs_cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cs_seed.h"
#include "cs_sensitivity.h"
#include "cs_sweep.h"
#include "cs_sweep_file.h"

#define N_BOOT 1000
#define LEVEL 0.95

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int sig) { (void)sig; g_stop = 1; }

static void usage(FILE *f)
{
    fputs("Usage: caresim sweep BASELINE.cfg [--compare REFORM.cfg] [options] -o FILE.h5\n"
          "\n"
          "Sensitivity analysis: which uncertain parameters (those with a plausible range in\n"
          "the parameter table, caresim params) move the key outcomes most, for the baseline\n"
          "and, with --compare, for the reform's effect (reform minus baseline, both run at\n"
          "every point with the same seed). Writes the design, every run's outcomes and the\n"
          "indices to FILE.h5 (caresim report FILE.h5 draws the top ten) and prints the top\n"
          "parameters per outcome. Method and reading: docs/sensitivity.md.\n"
          "\n"
          "  -o, --output FILE     result file (default out/sweep.h5)\n"
          "      --compare FILE    a reform scenario; its own settings are kept at every point\n"
          "      --method M        morris (default): elementary effects, mu* and sigma, radial\n"
          "                        design with half-range steps, r (k + 2) runs for k parameters;\n"
          "                        sobol: first-order and total Sobol indices, N (k + 2) runs,\n"
          "                        at most 20 parameters (--params)\n"
          "      --samples N       Morris trajectories r (default 10), or Sobol samples N (64)\n"
          "      --params LIST     comma-separated parameter paths (default: every one with a range)\n"
          "      --outcomes LIST   comma-separated metrics (default " CS_SWEEP_OUTCOMES ")\n"
          "      --no-noise        Morris: leave out the noise row (the base point with another\n"
          "                        seed, the yardstick of what chance alone moves)\n"
          "      --design-seed N   seed of the design and the bootstrap (default: the run seed)\n"
          "      --scale F --years N --reps N --seed N   override both scenarios\n"
          "      --threads N       runs at a time (default: all available); results do not depend on it\n"
          "      --top N           parameters printed per outcome (default 10)\n"
          "      --csv             print every index as CSV instead of the top-N table\n"
          "      --dry-run         check everything, print the parameters and ranges, run nothing\n"
          "  -q, --quiet           no progress or notes on stderr\n"
          "  -h, --help            this help\n"
          "\n"
          "Exit status: 0 done, 1 a run or the output failed, 2 bad command line, scenario or\n"
          "parameter (before any file is written), 130 interrupted (no file is left).\n",
          f);
}

struct opts {
    const char *out, *reform, *params, *outcomes;
    int method, samples, noise, top, csv, dry, quiet;
    long threads, design_seed;
    int have_design_seed;
    /* overrides: value and whether given */
    double scale, years, reps, seed;
    int have_scale, have_years, have_reps, have_seed;
};

static int num(const char *opt, const char *s, double *v, int integer)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(*v) || (integer && *v != floor(*v))) {
        fprintf(stderr, "caresim sweep: %s expects %s, got '%s'\n", opt, integer ? "a whole number" : "a number", s);
        return -1;
    }
    return 0;
}

/* Parse argv into o; the index of the baseline file, or -1 (exit 2), or 0 (--help). */
static int parse(int argc, char **argv, struct opts *o)
{
    static const struct option lo[] = {
        {"output", required_argument, 0, 'o'}, {"compare", required_argument, 0, 'c'},
        {"method", required_argument, 0, 'M'}, {"samples", required_argument, 0, 'n'},
        {"params", required_argument, 0, 'P'}, {"outcomes", required_argument, 0, 'O'},
        {"no-noise", no_argument, 0, 'N'},     {"design-seed", required_argument, 0, 'D'},
        {"scale", required_argument, 0, 'S'},  {"years", required_argument, 0, 'y'},
        {"reps", required_argument, 0, 'r'},   {"seed", required_argument, 0, 's'},
        {"threads", required_argument, 0, 't'}, {"top", required_argument, 0, 'T'},
        {"csv", no_argument, 0, 'C'},          {"dry-run", no_argument, 0, 'd'},
        {"quiet", no_argument, 0, 'q'},        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    *o = (struct opts){.out = "out/sweep.h5", .method = CS_SENS_MORRIS, .noise = 1, .top = 10};
    double v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", lo, NULL)) != -1) {
        switch (c) {
        case 'o': o->out = optarg; break;
        case 'c': o->reform = optarg; break;
        case 'M':
            if (!strcmp(optarg, "morris")) o->method = CS_SENS_MORRIS;
            else if (!strcmp(optarg, "sobol")) o->method = CS_SENS_SOBOL;
            else { fprintf(stderr, "caresim sweep: --method is morris or sobol, not '%s'\n", optarg); return -1; }
            break;
        case 'n':
            if (num("--samples", optarg, &v, 1)) return -1;
            if (v < 2 || v > 100000) { fprintf(stderr, "caresim sweep: --samples must be 2..100000\n"); return -1; }
            o->samples = (int)v;
            break;
        case 'P': o->params = optarg; break;
        case 'O': o->outcomes = optarg; break;
        case 'N': o->noise = 0; break;
        case 'D':
            if (num("--design-seed", optarg, &v, 1)) return -1;
            if (v < 0 || v > 4294967295.0) { fprintf(stderr, "caresim sweep: --design-seed must be 0..4294967295\n"); return -1; }
            o->design_seed = (long)v;
            o->have_design_seed = 1;
            break;
        case 'S': if (num("--scale", optarg, &o->scale, 0)) return -1; o->have_scale = 1; break;
        case 'y': if (num("--years", optarg, &o->years, 1)) return -1; o->have_years = 1; break;
        case 'r': if (num("--reps", optarg, &o->reps, 1)) return -1; o->have_reps = 1; break;
        case 's': if (num("--seed", optarg, &o->seed, 1)) return -1; o->have_seed = 1; break;
        case 't':
            if (num("--threads", optarg, &v, 1)) return -1;
            if (v < 1 || v > 1024) { fprintf(stderr, "caresim sweep: --threads must be 1..1024\n"); return -1; }
            o->threads = (long)v;
            break;
        case 'T':
            if (num("--top", optarg, &v, 1)) return -1;
            if (v < 1) { fprintf(stderr, "caresim sweep: --top must be at least 1\n"); return -1; }
            o->top = (int)v;
            break;
        case 'C': o->csv = 1; break;
        case 'd': o->dry = 1; break;
        case 'q': o->quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return -1;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "caresim sweep: %s (try caresim sweep --help)\n",
                argc - optind < 1 ? "no baseline scenario given" : "give one baseline scenario (the reform goes with --compare)");
        return -1;
    }
    if (!o->samples) o->samples = o->method == CS_SENS_MORRIS ? 10 : 64;
    return optind;
}

/* Load a scenario and apply the overrides; 0, or -1 after a message. */
static int load(const char *path, const struct opts *o, struct cs_scenario *sc)
{
    char err[2048];
    if (cs_scenario_load(path, sc, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
    if (sc->note[0]) fprintf(stderr, "%s\n", sc->note);
    struct { const char *path, *opt; double v; int have; } ov[] = {
        {"scale", "--scale", o->scale, o->have_scale}, {"years", "--years", o->years, o->have_years},
        {"replicates", "--reps", o->reps, o->have_reps}, {"seed", "--seed", o->seed, o->have_seed},
    };
    for (size_t i = 0; i < sizeof ov / sizeof ov[0]; i++) {
        const struct cs_param_info *pi = cs_param_find(ov[i].path);
        if (ov[i].have && cs_param_set(pi, &sc->p, &sc->p, ov[i].v)) {
            fprintf(stderr, "caresim sweep: %s %g is outside the valid range [%g, %g] of '%s'\n", ov[i].opt, ov[i].v,
                    pi->min, pi->max, ov[i].path);
            return -1;
        }
    }
    return 0;
}

/* The reform must be the same experiment as the baseline in everything a
 * sweep holds fixed; 0, or -1 after a message. */
static int same_setup(const struct cs_scenario *b, const struct cs_scenario *r)
{
    static const char *paths[] = {"place", "years", "replicates", "scale", "seed", "warmup_weeks", "mortality.life_table"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const struct cs_param_info *pi = cs_param_find(paths[i]);
        int same = pi->kind == CS_STR ? !strcmp((const char *)&b->p + pi->offset, (const char *)&r->p + pi->offset)
                                      : cs_param_equal(pi, &b->p, &r->p);
        if (!same) {
            fprintf(stderr, "caresim sweep: the reform %s and the baseline %s differ in '%s'; a comparison needs "
                            "the same (use --years, --reps, --scale, --seed)\n", r->path, b->path, paths[i]);
            return -1;
        }
    }
    if (!strcmp(b->name, r->name)) {
        fprintf(stderr, "caresim sweep: the reform and the baseline are both named '%s'\n", b->name);
        return -1;
    }
    return 0;
}

/* ---- progress ---------------------------------------------------------------- */

struct bar { struct timespec t0; int tty; };

static void bar_update(void *ctx, long done, long total)
{
    struct bar *b = ctx;
    if (!b->tty) return;
    double el = cs_cli_since(&b->t0), eta = done > 0 ? el * (total - done) / done : 0;
    fprintf(stderr, "\rsweep: %ld/%ld runs  %.0f s  ETA %.0f s   ", done, total, el, eta);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

/* ---- printing ---------------------------------------------------------------- */

static const char *cmp_name(int c) { return c == CS_SWEEP_BASELINE ? "baseline" : "effect"; }

static void print_top(const struct cs_sweep_data *d, int top)
{
    int *idx = malloc((size_t)d->k * sizeof *idx), K = d->k + d->noise;
    for (int c = 0; c < (d->has_reform ? 2 : 1); c++)
        for (int j = 0; j < d->m; j++) {
            double mean = 0;
            for (int r = 0; r < d->runs; r++) mean += d->y[c][(size_t)r * d->m + j];
            mean /= d->runs;
            if (c) printf("\nEffect of %s on %s (%s, %s minus %s), mean over the points %.4g\n", d->reform, d->outcome[j],
                          d->outcome_units[j], d->reform, d->baseline, mean);
            else printf("\n%s: %s (%s), mean over the points %.4g\n", d->baseline, d->outcome[j], d->outcome_units[j], mean);
            cs_sweep_ranked(d, c, j, idx);
            if (d->method == CS_SENS_MORRIS)
                printf("  %-4s %-40s %11s %25s %11s %11s\n", "rank", "parameter", "mu*", "[95% bootstrap]", "sigma", "mu");
            else
                printf("  %-4s %-40s %8s %19s %8s %19s\n", "rank", "parameter", "ST", "[95% bootstrap]", "S1", "[95% bootstrap]");
            for (int t = 0; t < top && t < d->k; t++) {
                int i = idx[t];
                if (d->method == CS_SENS_MORRIS) {
                    const struct cs_sens_ee *e = &d->ee[c][j * K + i];
                    printf("  %-4d %-40s %11.4g  [%10.4g, %10.4g] %11.4g %11.4g\n", t + 1, d->factor[i], e->mu_star,
                           e->lo, e->hi, e->sigma, e->mu);
                } else {
                    const struct cs_sens_si *s = &d->si[c][j * d->k + i];
                    printf("  %-4d %-40s %8.3f  [%7.3f, %7.3f] %8.3f  [%7.3f, %7.3f]\n", t + 1, d->factor[i], s->st,
                           s->st_lo, s->st_hi, s->s1, s->s1_lo, s->s1_hi);
                }
            }
            if (d->method == CS_SENS_MORRIS && d->noise) {
                const struct cs_sens_ee *e = &d->ee[c][j * K + d->k];
                printf("  %-4s %-40s %11.4g  [%10.4g, %10.4g]  (chance alone: below this, no signal)\n", "", "(noise: seed changed)",
                       e->mu_star, e->lo, e->hi);
            }
        }
    free(idx);
}

static void print_csv(const struct cs_sweep_data *d)
{
    int K = d->k + d->noise;
    if (d->method == CS_SENS_MORRIS)
        printf("comparison,outcome,units,parameter,mu_star,mu_star_lo,mu_star_hi,sigma,mu,n,lo,hi\n");
    else
        printf("comparison,outcome,units,parameter,st,st_lo,st_hi,s1,s1_lo,s1_hi,lo,hi\n");
    for (int c = 0; c < (d->has_reform ? 2 : 1); c++)
        for (int j = 0; j < d->m; j++)
            for (int i = 0; i < (d->method == CS_SENS_MORRIS ? K : d->k); i++) {
                int noise = i == d->k;
                printf("%s,%s,%s,%s,", cmp_name(c), d->outcome[j], d->outcome_units[j], noise ? "(noise)" : d->factor[i]);
                if (d->method == CS_SENS_MORRIS) {
                    const struct cs_sens_ee *e = &d->ee[c][j * K + i];
                    printf("%.6g,%.6g,%.6g,%.6g,%.6g,%d,", e->mu_star, e->lo, e->hi, e->sigma, noise ? NAN : e->mu, e->n);
                } else {
                    const struct cs_sens_si *s = &d->si[c][j * d->k + i];
                    printf("%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,", s->st, s->st_lo, s->st_hi, s->s1, s->s1_lo, s->s1_hi);
                }
                if (noise) printf(",\n");
                else printf("%.6g,%.6g\n", d->lo[i], d->hi[i]);
            }
}

static void print_factors(const struct cs_sweep_data *d, FILE *f)
{
    fprintf(f, "%-40s %-10s %12s %12s %12s  %s\n", "parameter", "kind", "nominal", "lo", "hi", "note");
    for (int i = 0; i < d->k; i++)
        fprintf(f, "%-40s %-10s %12.6g %12.6g %12.6g  %s%s\n", d->factor[i], d->kind[i], d->nominal[i], d->lo[i], d->hi[i],
                d->rescaled[i] ? "range moved to the scenario's value " : "", d->clipped[i] ? "cut to the valid range" : "");
}

/* ---- the command ---------------------------------------------------------------- */

/* Fill d's description of factors, outcomes and the design's values. */
static void describe(struct cs_sweep_data *d, const struct cs_sweep_factor *f, const struct cs_sweep_outcome *out,
                     const struct cs_sens_design *des)
{
    for (int i = 0; i < d->k; i++) {
        const struct cs_param_info *pi = f[i].pi;
        snprintf(d->factor[i], CS_SWEEP_NAME, "%s", pi->path);
        snprintf(d->kind[i], CS_SWEEP_NAME, "%s", pi->kind == CS_REALV ? "multiplier" : "value");
        snprintf(d->factor_units[i], CS_SWEEP_NAME, "%s", pi->kind == CS_REALV ? "x list" : pi->units);
        d->lo[i] = f[i].lo;
        d->hi[i] = f[i].hi;
        d->nominal[i] = f[i].nominal;
        d->table_lo[i] = pi->lo;
        d->table_hi[i] = pi->hi;
        d->rescaled[i] = f[i].rescaled;
        d->clipped[i] = f[i].clipped;
    }
    for (int j = 0; j < d->m; j++) {
        snprintf(d->outcome[j], CS_SWEEP_NAME, "%s", cs_metric_table[out[j].metric].name);
        snprintf(d->outcome_units[j], CS_SWEEP_NAME, "%s", out[j].units);
    }
    /* the values set; an integer parameter's step as really taken */
    for (int r = 0; r < d->runs; r++) {
        d->moved[r] = des->moved[r];
        for (int i = 0; i < d->k; i++) {
            size_t at = (size_t)r * d->k + i;
            d->x[at] = cs_sweep_value(&f[i], des->u[at]);
            d->u[at] = f[i].pi->kind == CS_INT ? cs_sweep_unit(&f[i], d->x[at]) : des->u[at];
        }
    }
}

/* The indices of every outcome and comparison; 0, or -1 (an output not finite). */
static int estimate(struct cs_sweep_data *d, struct cs_sens_design *des)
{
    double *col = malloc((size_t)d->runs * sizeof *col);
    int rc = col ? 0 : -1, K = d->k + d->noise;
    memcpy(des->u, d->u, (size_t)d->runs * d->k * sizeof *d->u);   /* the steps as taken */
    for (int c = 0; c < (d->has_reform ? 2 : 1) && rc == 0; c++)
        for (int j = 0; j < d->m && rc == 0; j++) {
            for (int r = 0; r < d->runs; r++) col[r] = d->y[c][(size_t)r * d->m + j];
            unsigned long s = d->design_seed + 7919UL * (unsigned long)(j + 1);
            if (d->method == CS_SENS_MORRIS) {
                rc = cs_sens_morris(des, col, N_BOOT, LEVEL, s, &d->ee[c][j * K]);
                if (rc) fprintf(stderr, "caresim sweep: %s %s: a run's outcome is not finite\n", cmp_name(c), d->outcome[j]);
            } else if (cs_sens_sobol(des, col, N_BOOT, LEVEL, s, &d->si[c][j * d->k])) {
                /* an outcome that does not vary (a reform with no effect on it)
                 * has no variance to share out: no indices, not a failure */
                fprintf(stderr, "caresim sweep: %s %s does not vary (or is not finite): no Sobol indices\n", cmp_name(c),
                        d->outcome[j]);
                for (int i = 0; i < d->k; i++)
                    d->si[c][j * d->k + i] = (struct cs_sens_si){NAN, NAN, NAN, NAN, NAN, NAN};
            }
        }
    free(col);
    return rc;
}

static char *join_args(int argc, char **argv)
{
    size_t n = 16;
    for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
    char *s = calloc(n, 1);
    if (!s) return NULL;
    strcat(s, "caresim");
    for (int i = 0; i < argc; i++) { strcat(s, " "); strcat(s, argv[i]); }
    return s;
}

int cs_cmd_sweep(int argc, char **argv)
{
    struct opts o;
    int at = parse(argc, argv, &o);
    if (at <= 0) return at == 0 ? 0 : EXIT_USAGE;
    struct cs_scenario *sc = calloc(2, sizeof *sc);
    struct cs_sweep_factor *f = NULL;
    struct cs_sweep_outcome *out = NULL;
    struct cs_sens_design des = {0};
    struct cs_sweep_data d = {0};
    cs_out *file = NULL;
    char err[2048], *cmdline = join_args(argc, argv);
    int k = 0, m = 0, status = EXIT_USAGE;
    if (!sc || !cmdline) { fprintf(stderr, "caresim sweep: out of memory\n"); goto done; }
    const struct cs_scenario *reform = o.reform ? &sc[1] : NULL;
    if (load(argv[at], &o, &sc[0]) || (reform && (load(o.reform, &o, &sc[1]) || same_setup(&sc[0], &sc[1])))) goto done;
    struct cs_place *pl = malloc(sizeof *pl);
    snprintf(err, sizeof err, "out of memory");
    int bad = !pl || cs_seed_load_place(cs_seed_dir(), sc[0].p.place, pl, err, sizeof err);
    free(pl);
    if (bad) { fprintf(stderr, "%s: %s\n", sc[0].path, err); goto done; }
    if (cs_sweep_factors(&sc[0], reform, o.params, &f, &k, err, sizeof err) ||
        cs_sweep_outcomes(o.outcomes, &out, &m, err, sizeof err)) {
        fprintf(stderr, "caresim sweep: %s\n", err);
        goto done;
    }
    unsigned long dseed = o.have_design_seed ? (unsigned long)o.design_seed : (unsigned long)sc[0].p.seed;
    int rc = o.method == CS_SENS_MORRIS ? cs_sens_morris_design(k, o.samples, o.noise, dseed, &des, err, sizeof err)
                                        : cs_sens_sobol_design(k, o.samples, dseed, &des, err, sizeof err);
    if (rc) { fprintf(stderr, "caresim sweep: %s\n", err); goto done; }
    d = (struct cs_sweep_data){.method = o.method, .n = des.n, .runs = des.runs, .k = k, .m = m, .noise = des.noise,
                               .has_reform = reform != NULL, .design_seed = dseed, .scale = sc[0].p.scale,
                               .years = sc[0].p.years, .reps = sc[0].p.replicates, .warmup = sc[0].p.warmup_weeks};
    if (cs_sweep_data_alloc(&d)) { fprintf(stderr, "caresim sweep: out of memory\n"); goto done; }
    snprintf(d.baseline, sizeof d.baseline, "%s", sc[0].name);
    snprintf(d.reform, sizeof d.reform, "%s", reform ? reform->name : "");
    snprintf(d.place, sizeof d.place, "%s", sc[0].p.place);
    describe(&d, f, out, &des);
    /* every point must make a valid scenario before anything runs */
    struct cs_scenario *probe = malloc(sizeof *probe);
    for (int r = 0; probe && r < d.runs && !bad; r++)
        for (int s = 0; s < (reform ? 2 : 1) && !bad; s++)
            if (cs_sweep_apply(f, k, d.x + (size_t)r * k, &sc[s], &sc[0], probe, err, sizeof err)) {
                fprintf(stderr, "caresim sweep: point %d of the design, %s: %s\n", r, sc[s].name, err);
                bad = 1;
            }
    free(probe);
    if (bad) goto done;
    long runs_total = (long)d.runs * (reform ? 2 : 1);
    if (o.dry) {
        print_factors(&d, stdout);
        printf("\n%d parameters, %d outcomes, %s design of %d %s: %ld runs\n", k, m,
               o.method == CS_SENS_MORRIS ? "Morris" : "Sobol", d.n, o.method == CS_SENS_MORRIS ? "trajectories" : "samples",
               runs_total);
        status = 0;
        goto done;
    }
    if (!o.quiet) {
        int notes = 0;
        for (int i = 0; i < k; i++) notes += d.rescaled[i] || d.clipped[i];
        if (notes) {
            fprintf(stderr, "caresim sweep: %d range%s adjusted (--dry-run lists them all):\n", notes, notes > 1 ? "s" : "");
            for (int i = 0; i < k; i++)
                if (d.rescaled[i] || d.clipped[i])
                    fprintf(stderr, "  %s: %g..%g%s%s\n", d.factor[i], d.lo[i], d.hi[i],
                            d.rescaled[i] ? ", around the scenario's own value" : "", d.clipped[i] ? ", cut to the valid range" : "");
        }
        fprintf(stderr, "caresim sweep: %d parameters, %s design, %ld runs of %s%s%s (scale %g, %d years + %d weeks warm-up)\n",
                k, o.method == CS_SENS_MORRIS ? "Morris" : "Sobol", runs_total, sc[0].name, reform ? " and " : "",
                reform ? reform->name : "", d.scale, d.years, d.warmup);
    }
    d.config[0] = cs_scenario_resolved_text(&sc[0]);
    if (reform) d.config[1] = cs_scenario_resolved_text(reform);

    long threads = o.threads;
#ifdef _OPENMP
    if (!threads) threads = omp_get_max_threads();
#else
    threads = 1;
#endif
    status = 1;
    if (cs_cli_mkdir_for(o.out)) { fprintf(stderr, "caresim sweep: cannot create the directory of %s: %s\n", o.out, strerror(errno)); goto done; }
    cs_cli_catch_stop(on_signal);
    struct cs_provenance prov = {CS_VERSION, CS_GIT_COMMIT, "gcc " __VERSION__, cmdline, (uint64_t)sc[0].p.seed};
    file = cs_out_create(o.out, &prov, err, sizeof err);
    if (!file) { fprintf(stderr, "caresim sweep: %s\n", err); goto done; }

    struct bar b = {{0, 0}, !o.quiet && isatty(2)};
    clock_gettime(CLOCK_MONOTONIC, &b.t0);
    struct cs_progress prog = {bar_update, &b, NULL};
    int *noise = calloc((size_t)d.runs, sizeof *noise);
    for (int r = 0; noise && r < d.runs; r++) noise[r] = d.moved[r] == CS_SENS_ROW_NOISE;
    struct cs_sweep_job job = {&sc[0], reform, f, k, out, m, d.runs, d.x, noise};
    rc = noise ? cs_sweep_run(&job, (int)threads, &prog, &g_stop, d.y[0], reform ? d.y_reform : NULL, err, sizeof err) : -1;
    free(noise);
    if (rc) {
        if (rc < 0) fprintf(stderr, "caresim sweep: %s\n", noise ? err : "out of memory");
        else fprintf(stderr, "\ncaresim sweep: interrupted; no output written\n");
        status = rc < 0 ? 1 : 130;
        goto done;
    }
    if (!o.quiet) fprintf(stderr, "caresim sweep: %ld runs in %.1f s (%ld thread%s)\n", runs_total, cs_cli_since(&b.t0), threads,
                          threads > 1 ? "s" : "");
    if (reform)
        for (size_t i = 0; i < (size_t)d.runs * m; i++) d.y[1][i] = d.y_reform[i] - d.y[0][i];
    err[0] = '\0';
    if (estimate(&d, &des) || cs_sweep_write(file, &d, err, sizeof err)) {
        if (err[0]) fprintf(stderr, "caresim sweep: %s\n", err);
        goto done;
    }
    rc = cs_out_finish(file, err, sizeof err);
    file = NULL;
    if (rc) { fprintf(stderr, "caresim sweep: %s\n", err); goto done; }
    if (o.csv) print_csv(&d);
    else {
        printf("Sensitivity of %s%s%s: %s, %d %s, %d parameters, %d runs per scenario\n", d.baseline,
               reform ? " and the effect of " : "", d.reform, o.method == CS_SENS_MORRIS ? "Morris elementary effects" : "Sobol indices",
               d.n, o.method == CS_SENS_MORRIS ? "trajectories" : "samples", k, d.runs);
        if (o.method == CS_SENS_MORRIS)
            printf("mu*: mean |change in the outcome| per whole plausible range of the parameter; sigma: how much that\n"
                   "change varies with the other parameters (interaction or non-linearity)\n");
        else
            printf("ST: share of the outcome's variance due to the parameter, interactions included; S1: alone\n");
        print_top(&d, o.top);
        printf("\nWrote %s\n", o.out);
    }
    status = 0;
done:
    if (file) cs_out_abort(file);
    cs_sweep_data_free(&d);
    cs_sens_design_free(&des);
    free(out);
    free(f);
    free(sc);
    free(cmdline);
    return status;
}
