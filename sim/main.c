/*
 * main.c — the caresim command line: argument parsing, scenario loading (all
 * validated before any output exists), running, writing the HDF5 file, the
 * progress bar and the closing summary. Model logic lives elsewhere.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cs_bizcase.h"
#include "cs_cli.h"
#include "cs_config.h"
#include "cs_metrics.h"
#include "cs_need.h"
#include "cs_output.h"
#include "cs_run.h"
#include "cs_calendar.h"
#include "cs_seed.h"
#ifdef CS_MPI
#include "cs_mpi.h"
#endif

#define MAX_SCENARIOS 64

static volatile sig_atomic_t g_stop = 0;
static void on_signal(int sig) { (void)sig; g_stop = 1; }

static void usage(FILE *f)
{
    fprintf(f,
"caresim %s — agent-based simulator of adult social care in England\n"
"\n"
"Usage:\n"
"  caresim run SCENARIO.cfg [SCENARIO.cfg ...] [options]\n"
"  caresim compare FILE [--baseline NAME] [--csv | --json]   scenarios against a baseline (--help)\n"
"  caresim params [--markdown]      print the parameter table (docs/parameters.md)\n"
"  caresim report FILE [-o report.html] [--baseline NAME] [--title T]   HTML report\n"
"  caresim validate TARGETS.csv FILE.h5 [FILE.h5 ...]   runs against published figures (--help)\n"
"  caresim calibrate CALIBRATION.cfg [-o OUT.cfg]   fit free parameters to published figures (--help)\n"
"  caresim drift [SCENARIO.cfg] [--years N] [--scale F]   the status quo's drift by year (--help)\n"
"  caresim fit-need [SCENARIO.cfg]   fit the rates of need to the Health Survey for England (--help)\n"
"  caresim sweep BASELINE.cfg [--compare REFORM.cfg] -o FILE.h5   sensitivity analysis (--help)\n"
"  caresim --list-metrics           print the output metrics with units\n"
"  caresim --help | --version\n"
"\n"
"Options for run (override the scenario file; validated like it):\n"
"  -o, --output FILE   HDF5 output (default out/<first scenario name>.h5)\n"
"      --reps N        replicates per scenario\n"
"      --seed N        base seed\n"
"      --threads N     OpenMP threads (default: all available); results do not depend on it\n"
"      --years N       projected years after the policy start (52 weekly steps each); a run\n"
"                      simulates an unreported spin-up, then dated weeks from 2020-07-01\n"
"                      through the history to calendar.policy_start (default 2024-04-01)\n"
"                      and the projected years (docs/model.md, \"Calendar and demography\")\n"
"      --place CODE    ONS code of the council (see seeds/places.csv), or 'all': a national\n"
"                      run of every council, with national and per-council series\n"
"      --scale F       simulate a sample fraction F of adults, weighted back (quick looks)\n"
"      --independent-streams  give each scenario its own random streams instead of\n"
"                      common random numbers (only to measure what CRN gains)\n"
"      --baseline NAME with several scenarios, the one each other's business case is\n"
"                      written against (default: the first given)\n"
"  -q, --quiet         no progress bar or summary\n"
"      --stats         print a machine-readable line of run statistics (for make bench)\n"
"\n"
"Exit status: 0 success, 1 run or output error, 2 bad command line or scenario\n"
"(reported as file:line: message, before any output file is created), 130 interrupted.\n"
"Seed data are read from $CARESIM_SEEDS, else <bin>/../seeds, else ./seeds.\n",
            CS_VERSION);
}

/* ---- progress bar ------------------------------------------------------- */

struct bar { struct timespec t0; const char *label; int tty; long last_pct; int places_done, places_total; };

static void bar_update(void *ctx, long done, long total)
{
    struct bar *b = ctx;
    if (!b->tty) return;
    double el = cs_cli_since(&b->t0), frac = (double)done / total;
    double eta = frac > 0 ? el * (1 - frac) / frac : 0;
    int width = 30, fill = (int)(frac * width);
    char line[width + 1];
    for (int i = 0; i < width; i++) line[i] = i < fill ? '=' : i == fill ? '>' : ' ';
    line[width] = '\0';
    fprintf(stderr, "\r%-16.16s [%s] %3.0f%%  %6.1fs  ETA %6.1fs ", b->label, line, 100 * frac, el, eta);
    if (b->places_total > 0) fprintf(stderr, " %d/%d councils ", b->places_done, b->places_total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

/* national runs: councils finished so far (shown on the next update) */
static void bar_places(void *ctx, int done, int total)
{
    struct bar *b = ctx;
    b->places_done = done;
    b->places_total = total;
}

/* ---- helpers ------------------------------------------------------------ */

static int parse_long(const char *opt, const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno) {
        fprintf(stderr, "caresim: %s expects an integer, got '%s'\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Apply a command-line override with the table's validation. */
static int override_num(struct cs_scenario *sc, const char *path, double v, const char *opt)
{
    const struct cs_param_info *pi = cs_param_find(path);
    if (!pi) return -1;
    if (v < pi->min || v > pi->max) {
        fprintf(stderr, "caresim: %s %g is outside the valid range [%g, %g] of '%s'\n", opt, v,
                pi->min, pi->max, path);
        return -1;
    }
    char *f = (char *)&sc->p + pi->offset;
    if (pi->kind == CS_INT) *(int *)f = (int)v;
    else *(double *)f = v;
    return 0;
}

/* Projected year `year` (0: the first financial year from the policy
 * start) is weeks policy_week + 52 year .. + 51. */
static double year_sum(const struct cs_results *r, int k, int year)
{
    double s = 0;
    int w0 = r->policy_week + year * 52;
    for (int rep = 0; rep < r->n_reps; rep++)
        for (int w = w0; w < w0 + 52; w++) s += r->series[k][(size_t)rep * r->n_weeks + w];
    return s / r->n_reps;
}

static double year_end(const struct cs_results *r, int k, int year)
{
    double s = 0;
    for (int rep = 0; rep < r->n_reps; rep++)
        s += r->series[k][(size_t)rep * r->n_weeks + r->policy_week + year * 52 + 51];
    return s / r->n_reps;
}

static void summary(const struct cs_scenario *sc, const struct cs_results *r, int n_places)
{
    int Y = (r->n_weeks - r->policy_week) / 52;
    char fy0[16], fy1[16];
    cs_cal_fy_label(cs_cal_fy(r->policy_week), fy0, sizeof fy0);
    cs_cal_fy_label(cs_cal_fy(r->policy_week + 52 * (Y - 1)), fy1, sizeof fy1);
    char where[64];
    if (n_places > 0) snprintf(where, sizeof where, "England, %d councils", n_places);
    else snprintf(where, sizeof where, "%s", sc->p.place);
    printf("\nScenario %s — %s, %d replicate%s, mean over replicates\n", sc->name, where,
           r->n_reps, r->n_reps > 1 ? "s" : "");
    printf("%-34s %14s %14s\n", "projected financial year", fy0, Y > 1 ? fy1 : "");
    struct { const char *label; int k; int sum; double div; } rows[] = {
        {"adults alive (year end)", CS_M_people_alive, 0, 1},
        {"with care need", CS_M_people_with_need, 0, 1},
        {"with eligible need", CS_M_people_with_eligible_need, 0, 1},
        {"receiving home care", CS_M_receiving_home_care, 0, 1},
        {"in residential care", CS_M_in_residential_care, 0, 1},
        {"waiting for assessment", CS_M_waiting_list, 0, 1},
        {"mean wait (weeks)", CS_M_wait_weeks_mean, 0, 1},
        {"people with unmet need", CS_M_unmet_need_people, 0, 1},
        {"unpaid care hours/week", CS_M_unpaid_care_hours, 0, 1},
        {"deaths in year", CS_M_deaths, 1, 1},
        {"requests in year", CS_M_requests, 1, 1},
        {"carer breakdowns in year", CS_M_carer_breakdowns, 1, 1},
        {"council spend (GBP m/yr)", CS_M_council_spend, 1, 1e6},
        {"council budget (GBP m/yr)", CS_M_council_budget, 1, 1e6},
        {"rationing level (year end)", CS_M_rationing_level, 0, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double a = rows[i].sum ? year_sum(r, rows[i].k, 0) : year_end(r, rows[i].k, 0);
        double b = rows[i].sum ? year_sum(r, rows[i].k, Y - 1) : year_end(r, rows[i].k, Y - 1);
        /* national levels are means over councils */
        int frac = rows[i].div > 1 || rows[i].k == CS_M_wait_weeks_mean ||
                   (n_places > 0 && !cs_metric_table[rows[i].k].weighted);
        printf("%-34s %14.*f %14.*f\n", rows[i].label, frac ? 1 : 0, a / rows[i].div, frac ? 1 : 0,
               b / rows[i].div);
    }
}

static void print_params(int markdown)
{
    if (markdown) {
        printf("# caresim parameters\n\n"
               "Generated by `bin/caresim params --markdown` from the table in `include/cs_params.h`;\n"
               "do not edit by hand (`make docs` rewrites it). *Valid* is the range a scenario may set;\n"
               "*plausible* is the range sensitivity analysis samples (for lists, a multiplier on every value).\n"
               "Rows whose meaning starts **Lever.** are policy levers: the spin-up and the dated history up to the\n"
               "policy start (`calendar.policy_start`) always run their status-quo value (the root base scenario's,\n"
               "or a `status_quo` group's) and a scenario's own value applies from the policy start, so scenarios\n"
               "on the same base start their projected years from the same state.\n\n"
               "| parameter | default | units | valid | plausible | meaning | source |\n"
               "|---|---|---|---|---|---|---|\n");
    }
    for (int i = 0; i < cs_param_count; i++) {
        const struct cs_param_info *pi = &cs_param_table[i];
        char def[128];
        if (pi->kind == CS_STR || pi->kind == CS_REALV) snprintf(def, sizeof def, "%s", pi->defs);
        else snprintf(def, sizeof def, "%g", pi->def);
        char valid[64] = "", plaus[64] = "";
        if (pi->kind != CS_STR && pi->kind != CS_BOOL) snprintf(valid, sizeof valid, "%.10g .. %.10g", pi->min, pi->max);
        if (pi->lo != 0 || pi->hi != 0) snprintf(plaus, sizeof plaus, "%g .. %g", pi->lo, pi->hi);
        if (markdown)
            printf("| `%s` | %s | %s | %s | %s | %s%s | %s |\n", pi->path, def, pi->units, valid, plaus,
                   cs_param_is_lever(pi) ? "**Lever.** " : "", pi->desc, pi->source[0] ? pi->source : "structural");
        else
            printf("%-36s %-28s %s\n", pi->path, def, pi->units);
    }
}

/* ---- run ---------------------------------------------------------------- */

/* A national run's per-council series: /scenarios/<name>/by_place/<metric>,
 * [replicate, week, place]. Returns 0, or -1 with a message in err. */
static int write_by_place(cs_out *o, const char *name, const struct cs_national *nat, char *err, size_t errlen)
{
    int P = nat->n_places, R = nat->place[0].n_reps, W = nat->place[0].n_weeks, rc = 0;
    const char **codes = malloc((size_t)P * sizeof *codes), **names = malloc((size_t)P * sizeof *names);
    double *buf = malloc((size_t)R * W * P * sizeof *buf);
    if (!codes || !names || !buf) {
        free(codes); free(names); free(buf);
        snprintf(err, errlen, "out of memory writing the councils' series");
        return -1;
    }
    for (int p = 0; p < P; p++) { codes[p] = nat->code[p]; names[p] = nat->name[p]; }
    rc = cs_out_places(o, name, P, codes, names);
    for (int k = 0; k < CS_N_METRICS && rc == 0; k++) {
        const struct cs_metric_info *mi = &cs_metric_table[k];
        for (int p = 0; p < P; p++)
            for (size_t i = 0; i < (size_t)R * W; i++) buf[i * P + p] = nat->place[p].series[k][i];
        rc = cs_out_place_series(o, name, mi->name, mi->units, mi->desc, buf, R, W, P);
    }
    if (rc) snprintf(err, errlen, "%s", cs_out_errmsg(o));
    free(buf);
    free(names);
    free(codes);
    return rc;
}

/* Below this many simulated adults a council's sample has few care homes and
 * home-care agencies (homes and agencies keep their real sizes), and its
 * per-capita results drift from full scale by more than the 4% issue 22 allows
 * (measured in docs/scale.md: Somerset at 0.05, 23k adults, fails; at 0.25,
 * 113k, passes but for reablement). */
#define SAMPLE_ADULTS_RELIABLE 100000.0

/* Warn, before a sample run (scale < 1), about the answers that depend on the
 * sample's size (docs/scale.md): reablement at any scale below 1 (its places
 * are a fixed number, and a smaller pool of places turns a larger share of
 * people away), and, in a sample of fewer than SAMPLE_ADULTS_RELIABLE adults,
 * care homes, the home-care market and what follows from them. adults: the
 * council's adults, or 0 for a national run (each council its own sample). */
static void warn_sample(const struct cs_scenario *sc, long adults)
{
    double f = sc->p.scale;
    if (f >= 1.0) return;
    if (adults > 0) {
        double n = adults * f;
        fprintf(stderr, "caresim: warning: %s: at scale %g %s is a sample of about %.0f adults with %.0f "
                "reablement places; a smaller pool of places turns more people away, so reablement "
                "figures come out low (docs/scale.md)\n", sc->name, f, sc->p.place, n,
                sc->p.reab_places * n / 1e5);
        if (n < SAMPLE_ADULTS_RELIABLE) {
            char use[64];
            double need = SAMPLE_ADULTS_RELIABLE / adults;
            if (need < 1) snprintf(use, sizeof use, "use scale %.2g or more", need);
            else snprintf(use, sizeof use, "run it at full scale");
            fprintf(stderr, "caresim: warning: %s: a sample of fewer than %.0f adults has few care homes "
                    "and home-care agencies (they keep their real sizes): nursing-home residents, care-home "
                    "spend, NHS cost, unmet need, waiting for a placement and provider counts per adult differ from a "
                    "full-scale run by more than 4%%; %s for these (docs/scale.md)\n",
                    sc->name, SAMPLE_ADULTS_RELIABLE, use);
        }
    } else {
        fprintf(stderr, "caresim: warning: %s: at scale %g each council is a sample of its adults; "
                "reablement figures come out low, and councils sampled to fewer than %.0f adults have "
                "few care homes and agencies, biasing nursing-home residents, unmet need and provider "
                "counts (docs/scale.md)\n", sc->name, f, SAMPLE_ADULTS_RELIABLE);
    }
}

static int cmd_run(int argc, char **argv, const char *cmdline)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"reps", required_argument, 0, 'r'},
        {"seed", required_argument, 0, 's'},   {"threads", required_argument, 0, 't'},
        {"years", required_argument, 0, 'y'},  {"place", required_argument, 0, 'p'},
        {"scale", required_argument, 0, 'S'},  {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {"stats", no_argument, 0, 'T'},
        {"independent-streams", no_argument, 0, 'I'},
        {"baseline", required_argument, 0, 'B'},
        {0, 0, 0, 0}};
    const char *out_path = NULL, *place = NULL, *baseline = NULL;
    int base_i = 0;
    /* the values of --reps, --seed, --years and --scale, and which were given
     * (any value given is checked, negative ones included) */
    long reps = 0, seed = 0, threads = 0, years = 0;
    double scale = 0;
    int have_reps = 0, have_seed = 0, have_years = 0, have_scale = 0;
    int quiet = 0, stats = 0, independent = 0, c;
    double person_weeks = 0, processed_weeks = 0, peak_people = 0, sim_seconds = 0, write_seconds = 0, people_all = 0;
    int n_places_max = 0, at_once = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out_path = optarg; break;
        case 'r': if (parse_long("--reps", optarg, &reps)) return EXIT_USAGE; have_reps = 1; break;
        case 's': if (parse_long("--seed", optarg, &seed)) return EXIT_USAGE; have_seed = 1; break;
        case 't': if (parse_long("--threads", optarg, &threads)) return EXIT_USAGE;
                  if (threads < 1 || threads > 1024) { fprintf(stderr, "caresim: --threads must be 1..1024\n"); return EXIT_USAGE; }
                  break;
        case 'y': if (parse_long("--years", optarg, &years)) return EXIT_USAGE; have_years = 1; break;
        case 'p': place = optarg; break;
        case 'B': baseline = optarg; break;
        case 'S': {
            char *end;
            scale = strtod(optarg, &end);
            if (*end || end == optarg) { fprintf(stderr, "caresim: --scale expects a number, got '%s'\n", optarg); return EXIT_USAGE; }
            have_scale = 1;
            break;
        }
        case 'q': quiet = 1; break;
        case 'T': stats = 1; break;
        case 'I': independent = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    int n_sc = argc - optind;
    if (n_sc < 1) { fprintf(stderr, "caresim run: no scenario file given (try: caresim run scenarios/baseline.cfg)\n"); return EXIT_USAGE; }
    if (n_sc > MAX_SCENARIOS) { fprintf(stderr, "caresim run: at most %d scenarios\n", MAX_SCENARIOS); return EXIT_USAGE; }

    /* a 2021 council code replaced in April 2023: one successor runs it (with a
     * note), a split council is refused */
    char place23[16];
    if (place && strcmp(place, "all") != 0) {
        char msg[1024];
        int r = cs_seed_former_code(cs_seed_dir(), place, place23, sizeof place23, msg, sizeof msg);
        if (r != 0) fprintf(stderr, "caresim: --place %s: %s\n", place, msg);
        if (r == 1) place = place23;
        else if (r != 0) return EXIT_USAGE;
    }

    /* load and validate everything before any output exists */
    struct cs_scenario *sc = calloc((size_t)n_sc, sizeof *sc);
    char err[2048];
    for (int i = 0; i < n_sc; i++) {
        if (cs_scenario_load(argv[optind + i], &sc[i], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            free(sc);
            return EXIT_USAGE;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(sc[i].name, sc[j].name) == 0) {
                fprintf(stderr, "%s: scenario name '%s' is also used by %s\n", sc[i].path, sc[i].name, sc[j].path);
                free(sc);
                return EXIT_USAGE;
            }
        if (sc[i].note[0] && !place) fprintf(stderr, "%s\n", sc[i].note);
        int bad = 0;
        if (have_reps) bad |= override_num(&sc[i], "replicates", (double)reps, "--reps");
        if (have_seed) bad |= override_num(&sc[i], "seed", (double)seed, "--seed");
        if (have_years) bad |= override_num(&sc[i], "years", (double)years, "--years");
        if (have_scale) bad |= override_num(&sc[i], "scale", scale, "--scale");
        if (place) {
            if (strlen(place) >= sizeof sc[i].p.place) { fprintf(stderr, "caresim: --place '%s' is too long\n", place); bad = 1; }
            else snprintf(sc[i].p.place, sizeof sc[i].p.place, "%s", place);
        }
        /* without common random numbers each scenario gets its own seed (recorded
         * in its resolved configuration) */
        if (independent && i > 0)
            sc[i].p.seed = (sc[i].p.seed + 1000003L * i) % 2147483647L;
        if (bad) { free(sc); return EXIT_USAGE; }
        if (!quiet && strcmp(sc[i].p.place, "all") == 0) warn_sample(&sc[i], 0);
        /* measured (validation/README.md): below 0.02 each council's home-care
         * market is a handful of providers, and one failing leaves many
         * packages unplaced, so long-term support and spend come out low */
        if (!quiet && sc[i].p.scale < CS_SCALE_RELIABLE)
            fprintf(stderr, "caresim: warning: %s: at scale %g a council's home-care market has only a few providers, "
                    "which biases results low; use %g or more for figures (validation/README.md)\n",
                    sc[i].name, sc[i].p.scale, CS_SCALE_RELIABLE);
        int rc;
        if (strcmp(sc[i].p.place, "all") == 0) {
            /* a national run: every council of places.csv (each is loaded when the run starts) */
            char (*codes)[16] = malloc(CS_NATIONAL_MAX_PLACES * sizeof *codes);
            rc = codes ? cs_seed_list_places(cs_seed_dir(), codes, CS_NATIONAL_MAX_PLACES, err, sizeof err) : -1;
            if (!codes) snprintf(err, sizeof err, "out of memory");
            if (rc == 0 || rc >= CS_NATIONAL_MAX_PLACES)
                snprintf(err, sizeof err, "%s/places.csv lists %s places", cs_seed_dir(), rc ? "too many" : "no");
            rc = rc > 0 && rc < CS_NATIONAL_MAX_PLACES ? 0 : -1;
            free(codes);
        } else {
            struct cs_place *pl = malloc(sizeof *pl);
            rc = pl ? cs_seed_load_place(cs_seed_dir(), sc[i].p.place, pl, err, sizeof err) : -1;
            if (!pl) snprintf(err, sizeof err, "out of memory");
            if (rc == 0 && !quiet) warn_sample(&sc[i], pl->adults);
            free(pl);
        }
        if (rc) { fprintf(stderr, "%s: %s\n", sc[i].path, err); free(sc); return EXIT_USAGE; }
    }
    for (int i = 1; i < n_sc; i++)
        if (sc[i].p.replicates != sc[0].p.replicates || sc[i].p.years != sc[0].p.years) {
            fprintf(stderr, "caresim run: all scenarios in one file need the same replicates and years "
                            "(%s differs from %s); use --reps/--years\n", sc[i].path, sc[0].path);
            free(sc);
            return EXIT_USAGE;
        }

    for (base_i = 0; baseline && base_i < n_sc && strcmp(sc[base_i].name, baseline); base_i++) {}
    if (base_i == n_sc) {
        fprintf(stderr, "caresim run: --baseline '%s' is not the name of a scenario given\n", baseline);
        free(sc);
        return EXIT_USAGE;
    }

    char def_out[CS_NAME_MAX + 16];
    if (!out_path) {
        snprintf(def_out, sizeof def_out, "out/%s.h5", sc[0].name);
        out_path = def_out;
        if (cs_cli_mkdir_for(out_path)) { fprintf(stderr, "caresim: cannot create directory for %s: %s\n", out_path, strerror(errno)); free(sc); return 1; }
    }
#ifdef _OPENMP
    if (threads == 0) threads = omp_get_max_threads();
#else
    threads = 1;
#endif

    cs_cli_catch_stop(on_signal);

    struct cs_provenance prov = {CS_VERSION, CS_GIT_COMMIT, "gcc " __VERSION__, cmdline,
                                 (uint64_t)sc[0].p.seed};
#ifdef CS_MPI
    {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        /* every rank got this far, or none goes on (cs_mpi.h); then the run
         * is shared out between them (sim/mpi.c) */
        int rc = cs_mpi_agree(0);
        if (rc) { free(sc); return rc; }
        struct cs_mpi_job job = {sc, n_sc, base_i, (int)threads, quiet, out_path, &prov, &g_stop, summary};
        struct cs_mpi_stats st;
        memset(&st, 0, sizeof st);
        rc = cs_mpi_run(&job, &st);
        free(sc);
        if (rc || cs_mpi_rank() != 0) return rc;
        int P = cs_mpi_size();
        if (!quiet) printf("\nWrote %s in %.1f s (%d rank%s, %ld thread%s each)\n", out_path, cs_cli_since(&t0), P,
                           P > 1 ? "s" : "", threads, threads > 1 ? "s" : "");
        if (stats) {
            /* as below; peak_rss_bytes is the largest rank's, cpu_seconds all ranks' */
            printf("caresim-stats: threads=%ld person_weeks=%.0f sim_seconds=%.6f write_seconds=%.6f "
                   "total_seconds=%.6f peak_rss_bytes=%.0f people=%.0f", threads, st.person_weeks, st.sim_seconds,
                   st.write_seconds, cs_cli_since(&t0), st.peak_rss_bytes, st.peak_people);
            if (st.n_places_max > 0) printf(" places=%d", st.n_places_max);
            printf(" processed_share=%.4f cpu_seconds=%.3f ranks=%d busy_max=%.3f busy_min=%.3f\n",
                   st.person_weeks > 0 ? st.processed_weeks / st.person_weeks : 0, st.cpu_seconds, P,
                   st.busy_max, st.busy_min);
        }
        return 0;
    }
#endif
    cs_out *o = cs_out_create(out_path, &prov, err, sizeof err);
    if (!o) { fprintf(stderr, "caresim: %s\n", err); free(sc); return 1; }

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 0;
    cs_bc_runset *bcs = cs_bc_runset_new(n_sc);   /* inputs of the business cases */
    if (!bcs) status = 1;
    for (int i = 0; i < n_sc && status == 0; i++) {
        struct bar b = {t0, sc[i].name, !quiet && isatty(2), -1, 0, 0};
        clock_gettime(CLOCK_MONOTONIC, &b.t0);
        struct cs_progress prog = {bar_update, &b, bar_places};
        int national = strcmp(sc[i].p.place, "all") == 0;
        struct cs_national nat;
        struct cs_results res;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int rc;
        if (national) {
            rc = cs_run_national(&sc[i], (int)threads, &prog, &g_stop, &nat, err, sizeof err);
            res = nat.total;   /* the national series stand for the scenario */
            memset(&nat.total, 0, sizeof nat.total);
            if (rc == 0) {
                if (nat.n_places > n_places_max) n_places_max = nat.n_places;
                if (nat.people_all > people_all) people_all = nat.people_all;
                at_once = nat.at_once;
            }
        } else {
            memset(&nat, 0, sizeof nat);
            rc = cs_run_scenario(&sc[i], (int)threads, &prog, &g_stop, &res, err, sizeof err);
        }
        sim_seconds += cs_cli_since(&ts);
        person_weeks += res.person_weeks;
        processed_weeks += res.processed_weeks;
        if (res.peak_people > peak_people) peak_people = res.peak_people;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        if (rc != 0) {
            if (rc < 0) fprintf(stderr, "%s: %s\n", sc[i].path, err);
            status = rc < 0 ? 1 : 130;
            cs_results_free(&res);
            cs_national_free(&nat);
            break;
        }
        char *text = cs_scenario_resolved_text(&sc[i]);
        if (cs_out_scenario(o, sc[i].name, text, res.n_reps, res.n_weeks, res.policy_week, sc[i].p.policy_start)) {
            fprintf(stderr, "caresim: %s\n", cs_out_errmsg(o));
            status = 1;
        }
        free(text);
        /* which of the place's inputs are its own, national defaults or the scenario's */
        text = status == 0 ? cs_place_inputs_text(cs_seed_dir(), &sc[i].p, err, sizeof err) : NULL;
        if (status == 0 && (!text || cs_out_place_inputs(o, sc[i].name, text))) {
            fprintf(stderr, "caresim: %s\n", text ? cs_out_errmsg(o) : err);
            status = 1;
        }
        free(text);
        for (int k = 0; k < CS_N_METRICS && status == 0; k++) {
            const struct cs_metric_info *mi = &cs_metric_table[k];
            if (cs_out_series(o, sc[i].name, mi->name, mi->units, mi->desc, res.series[k], res.n_reps, res.n_weeks)) {
                fprintf(stderr, "caresim: %s\n", cs_out_errmsg(o));
                status = 1;
            }
        }
        if (status == 0 && national && write_by_place(o, sc[i].name, &nat, err, sizeof err)) {
            fprintf(stderr, "caresim: %s\n", err);
            status = 1;
        }
        cs_national_free(&nat);
        if (status == 0 && n_sc > 1 &&
            cs_bc_runset_keep(bcs, i, sc[i].name, sc[i].p.bc_discount_rate, res.series, res.n_reps, res.n_weeks, res.policy_week)) {
            fprintf(stderr, "caresim: out of memory keeping results for the business case\n");
            status = 1;
        }
        write_seconds += cs_cli_since(&ts);
        if (status == 0 && !quiet) summary(&sc[i], &res, national ? n_places_max : 0);
        cs_results_free(&res);
        if (g_stop) status = 130;
    }
    if (status == 0 && n_sc > 1 && cs_bc_runset_write(bcs, base_i, o, err, sizeof err)) {
        fprintf(stderr, "caresim: %s\n", err);
        status = 1;
    }
    cs_bc_runset_free(bcs);
    if (status != 0) {
        cs_out_abort(o);
        if (status == 130) fprintf(stderr, "\ncaresim: interrupted; no output written\n");
        free(sc);
        return status;
    }
    if (cs_out_finish(o, err, sizeof err)) { fprintf(stderr, "caresim: %s\n", err); free(sc); return 1; }
    if (!quiet) printf("\nWrote %s in %.1f s (%ld thread%s)\n", out_path, cs_cli_since(&t0), threads, threads > 1 ? "s" : "");
    if (stats) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("caresim-stats: threads=%ld person_weeks=%.0f sim_seconds=%.6f write_seconds=%.6f "
               "total_seconds=%.6f peak_rss_bytes=%ld people=%.0f",
               threads, person_weeks, sim_seconds, write_seconds, cs_cli_since(&t0), ru.ru_maxrss * 1024L, peak_people);
        /* national: people is what existed at once (the at_once largest councils'
         * population arrays); people_all is every council's, summed */
        if (n_places_max > 0) printf(" places=%d at_once=%d people_all=%.0f", n_places_max, at_once, people_all);
        /* the share of person-weeks in which someone was processed (sched.c) */
        printf(" processed_share=%.4f", person_weeks > 0 ? processed_weeks / person_weeks : 0);
        /* CPU time this process got, to tell a busy machine from a slow program */
        printf(" cpu_seconds=%.3f\n", ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    }
    free(sc);
    return 0;
}

int main(int argc, char **argv)
{
    /* the command line as typed, for the file's provenance */
    size_t len = 1;
    for (int i = 0; i < argc; i++) len += strlen(argv[i]) + 1;
    char *cmdline = calloc(len, 1);
    for (int i = 0; i < argc; i++) { strcat(cmdline, argv[i]); if (i + 1 < argc) strcat(cmdline, " "); }

    int rc;
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(argc < 2 ? stderr : stdout);
        rc = argc < 2 ? EXIT_USAGE : 0;
    } else if (!strcmp(argv[1], "--version")) {
        printf("caresim %s (commit %s, gcc %s)\n", CS_VERSION, CS_GIT_COMMIT, __VERSION__);
        rc = 0;
    } else if (!strcmp(argv[1], "--list-metrics")) {
        /* national: how a national run (--place all) combines councils */
        printf("| metric | units | description | national |\n|---|---|---|---|\n");
        for (int k = 0; k < CS_N_METRICS; k++) {
            int w = cs_metric_national_weight(k);
            char nat[96] = "sum";
            if (w >= 0) snprintf(nat, sizeof nat, "mean weighted by `%s`", cs_metric_table[w].name);
            printf("| `%s` | %s | %s | %s |\n", cs_metric_table[k].name, cs_metric_table[k].units,
                   cs_metric_table[k].desc, nat);
        }
        rc = 0;
    } else if (!strcmp(argv[1], "params")) {
        print_params(argc > 2 && !strcmp(argv[2], "--markdown"));
        rc = 0;
    } else if (!strcmp(argv[1], "run")) {
#ifdef CS_MPI
        /* the MPI build: run under mpirun (one rank without it) */
        if (cs_mpi_start(&argc, &argv)) { free(cmdline); return 1; }
        rc = cs_mpi_end(cmd_run(argc - 1, argv + 1, cmdline));
#else
        rc = cmd_run(argc - 1, argv + 1, cmdline);
#endif
    } else if (!strcmp(argv[1], "compare")) {
        rc = cs_cmd_compare(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "report")) {
        rc = cs_cmd_report(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "validate")) {
        rc = cs_cmd_validate(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "calibrate")) {
        rc = cs_cmd_calibrate(argc - 1, argv + 1, CS_VERSION, CS_GIT_COMMIT);
    } else if (!strcmp(argv[1], "fit-need")) {
        rc = cs_cmd_fitneed(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "drift")) {
        rc = cs_cmd_drift(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "sweep")) {
        rc = cs_cmd_sweep(argc - 1, argv + 1);
    } else {
        fprintf(stderr, "caresim: unknown command '%s' (try caresim --help)\n", argv[1]);
        rc = EXIT_USAGE;
    }
    free(cmdline);
    return rc;
}
