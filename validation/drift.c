/*
 * drift.c — `caresim drift`: does the status quo hold still? Runs a scenario
 * in-process (one place: its spin-up, the dated history, then the projected
 * years from the policy start), takes a
 * census of the living at the start and at each year's end (cs_need_census),
 * and prints year by year the age-standardised prevalence of need within the
 * bands 18-64, 65-74, 75-84 and 85+ (level low or above, and moderate or
 * above), the waiting list per 1,000 adults and spend against budget, with a
 * verdict: prevalence holds when every band stays within a tolerance
 * (default ±3% relative) of its starting value (issue 22, items 3 and 7).
 *
 * Age-standardised: each band's prevalence is the mean of the single-year ×
 * sex prevalences weighted by the starting population of that year of age
 * and sex, so a changing age structure (more people at 85 than at 80) moves
 * totals but not the verdict; only a change of need at a given age does.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cs_config.h"
#include "cs_metrics.h"
#include "cs_model.h"
#include "cs_run.h"
#include "cs_need.h"
#include "cs_seed.h"

enum { NB = 4 };
static const int band_lo[NB] = {18, 65, 75, 85}, band_hi[NB] = {64, 74, 84, CS_CENSUS_AGES - 1};
static const char *band_name[NB] = {"18-64", "65-74", "75-84", "85+"};

static void usage(FILE *f)
{
    fprintf(f,
"Usage: caresim drift [SCENARIO.cfg] [--years N] [--scale F] [--reps N] [--seed N]\n"
"                     [--place CODE] [--threads N] [--tolerance PCT] [--by-age]\n"
"\n"
"Runs SCENARIO (default scenarios/baseline.cfg) for one place and reports its\n"
"drift year by year: the age-standardised prevalence of need (sex x single year\n"
"of age, standardised to the population at the start of the projection) in the\n"
"bands 18-64, 65-74, 75-84 and 85+, for need of level low or above (>=L) and\n"
"moderate or above (>=M), among all adults (private households and care homes);\n"
"the waiting list per 1,000 adults at the year's end; council spend against\n"
"budget over the year. Year 0 is the start of the projection (calendar.policy_start,\n"
"2024-04-01 by default), after the spin-up and the dated history from 2020-07-01.\n"
"\n"
"--by-age also prints, for year 0 and the last year, the prevalence at each single\n"
"year of age (both sexes), all adults and private households only.\n"
"\n"
"Verdict: prevalence HOLDS when every band's prevalence in the last year is\n"
"within --tolerance percent (default 3) of its year-0 value, relative.\n"
"Exit status: 0 holds, 3 drifts, 1 run error, 2 bad command line or scenario.\n");
}

struct year_flow { double wait_end, adults_end, spend, budget; };

/* Age-standardised prevalence of need >= lvl in band b of census c, with the
 * weights (people by sex and age) of census w0. Cells empty in c are left out
 * and the weights renormalised over the rest. */
static double std_prev(const struct cs_census *c, const struct cs_census *w0, int b, int lvl)
{
    double num = 0, den = 0;
    for (int sex = 0; sex < 2; sex++)
        for (int a = band_lo[b]; a <= band_hi[b]; a++) {
            double n = 0, k = 0, w = 0;
            for (int l = 0; l < CS_NEED_LEVELS; l++)
                for (int r = 0; r < 2; r++) {
                    n += (double)c->n[sex][a][l][r];
                    if (l >= lvl) k += (double)c->n[sex][a][l][r];
                    w += (double)w0->n[sex][a][l][r];
                }
            if (n <= 0 || w <= 0) continue;
            num += w * k / n;
            den += w;
        }
    return den > 0 ? num / den : NAN;
}

static void add_census(struct cs_census *to, const struct cs_census *c)
{
    int64_t *a = &to->n[0][0][0][0];
    const int64_t *b = &c->n[0][0][0][0];
    for (size_t k = 0; k < sizeof to->n / sizeof(int64_t); k++) a[k] += b[k];
}

static int set_num(struct cs_scenario *sc, const char *path, const char *opt, const char *val)
{
    const struct cs_param_info *pi = cs_param_find(path);
    char *end;
    double v = strtod(val, &end);
    if (!pi || *val == '\0' || *end != '\0' || v < pi->min || v > pi->max ||
        (pi->kind == CS_INT && v != floor(v))) {
        fprintf(stderr, "caresim drift: %s expects a value in [%g, %g] for '%s', got '%s'\n", opt,
                pi ? pi->min : 0, pi ? pi->max : 0, path, val);
        return -1;
    }
    char *f = (char *)&sc->p + pi->offset;
    if (pi->kind == CS_INT) *(int *)f = (int)v;
    else *(double *)f = v;
    return 0;
}

int cs_cmd_drift(int argc, char **argv)
{
    static const struct option opts[] = {
        {"years", required_argument, 0, 'y'}, {"scale", required_argument, 0, 's'},
        {"reps", required_argument, 0, 'r'},  {"seed", required_argument, 0, 'S'},
        {"place", required_argument, 0, 'p'}, {"threads", required_argument, 0, 't'},
        {"tolerance", required_argument, 0, 'T'}, {"by-age", no_argument, 0, 'a'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int by_age = 0;
    const char *ov[8] = {0};   /* years, scale, reps, seed */
    const char *place = NULL;
    int threads = 0;
    double tol = 3.0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'y': ov[0] = optarg; break;
        case 's': ov[1] = optarg; break;
        case 'r': ov[2] = optarg; break;
        case 'S': ov[3] = optarg; break;
        case 'p': place = optarg; break;
        case 't':
            threads = (int)strtol(optarg, &end, 10);
            if (*end || threads < 1) { fprintf(stderr, "caresim drift: --threads expects a positive integer, got '%s'\n", optarg); return 2; }
            break;
        case 'T':
            tol = strtod(optarg, &end);
            if (*end || !(tol > 0)) { fprintf(stderr, "caresim drift: --tolerance expects a positive percentage, got '%s'\n", optarg); return 2; }
            break;
        case 'a': by_age = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind > 1) { usage(stderr); return 2; }
    const char *path = optind < argc ? argv[optind] : "scenarios/baseline.cfg";
    struct cs_scenario *sc = malloc(sizeof *sc);
    struct cs_params *warm = malloc(sizeof *warm);
    struct cs_place *pl = malloc(sizeof *pl);
    char err[4608];
    if (!sc || !warm || !pl) { fprintf(stderr, "caresim drift: out of memory\n"); return 1; }
    int rc = 2;
    if (cs_scenario_load(path, sc, err, sizeof err)) { fprintf(stderr, "caresim: %s\n", err); goto out; }
    static const char *paths[4] = {"years", "scale", "replicates", "seed"};
    static const char *names[4] = {"--years", "--scale", "--reps", "--seed"};
    for (int k = 0; k < 4; k++)
        if (ov[k] && set_num(sc, paths[k], names[k], ov[k])) goto out;
    if (place) snprintf(sc->p.place, sizeof sc->p.place, "%s", place);
#ifdef _OPENMP
    if (threads < 1) threads = omp_get_max_threads();
#else
    if (threads < 1) threads = 1;
#endif
    rc = 1;
    const char *dir = cs_seed_dir();
    struct cs_demography lt;
    if (cs_seed_load_place(dir, sc->p.place, pl, err, sizeof err) ||
        cs_seed_load_demography(dir, sc->p.mort_period, &lt, err, sizeof err)) {
        fprintf(stderr, "caresim drift: %s\n", err);
        goto out;
    }
    const struct cs_params *p = &sc->p;
    int Y = p->years;
    struct cs_census *cen = calloc((size_t)Y + 1, sizeof *cen), *one = malloc(sizeof *one);
    struct year_flow *fl = calloc((size_t)Y + 1, sizeof *fl);
    if (!cen || !one || !fl) { fprintf(stderr, "caresim drift: out of memory\n"); free(cen); free(one); free(fl); goto out; }
    cs_scenario_warmup_params(sc, warm);
    int pw;
    cs_run_weeks(p, &pw);
    fprintf(stderr, "caresim drift: %s, place %s, scale %g, %d replicate%s, %d warm-up weeks, %d years\n",
            sc->name, p->place, p->scale, p->replicates, p->replicates > 1 ? "s" : "", p->warmup_weeks, Y);
    for (int r = 0; r < p->replicates; r++) {
        struct cs_sim sim;
        if (cs_sim_init(&sim, warm, pl, &lt, (uint32_t)r, threads, err, sizeof err)) {
            fprintf(stderr, "caresim drift: %s\n", err);
            free(cen); free(one); free(fl);
            goto out;
        }
        /* the spin-up and the history run the status quo's levers; the
         * scenario's act from the policy start, where year 0's census is
         * taken; projected year y ends 52 y weeks after it */
        for (;;) {
            int w = cs_need_week(&sim), v = w - pw;
            if (w == pw) cs_sim_set_params(&sim, p);
            if (v >= 0 && v % 52 == 0) {
                cs_need_census(&sim, one);
                add_census(&cen[v / 52], one);
                fprintf(stderr, "  replicate %d, year %d\n", r, v / 52);
            }
            if (v >= 52 * Y) break;
            cs_sim_step(&sim);
            if (v >= 0) {
                struct year_flow *f = &fl[v / 52 + 1];
                f->spend += sim.m[CS_M_council_spend];
                f->budget += sim.m[CS_M_council_budget];
                if (v % 52 == 51) {
                    f->wait_end += sim.m[CS_M_waiting_list];
                    f->adults_end += sim.m[CS_M_people_alive];
                }
            }
        }
        cs_sim_free(&sim);
    }

    double w = 1.0 / p->scale / p->replicates;
    printf("Drift of %s (%s): %s, scale %g, %d replicate%s, warm-up %d weeks\n", sc->name, path, p->place,
           p->scale, p->replicates, p->replicates > 1 ? "s" : "", p->warmup_weeks);
    printf("Age-standardised prevalence of need (sex x single year of age, weights: year 0), all adults\n");
    printf("%4s %10s", "year", "adults");
    for (int b = 0; b < NB; b++) printf(" %6s>=L %6s>=M", band_name[b], band_name[b]);
    printf(" %9s %8s\n", "wait/1000", "spend/bud");
    double prev[2][NB][2];   /* year 0 and the last year */
    for (int y = 0; y <= Y; y++) {
        double adults = 0;
        for (int sex = 0; sex < 2; sex++)
            for (int a = 18; a < CS_CENSUS_AGES; a++)
                for (int l = 0; l < CS_NEED_LEVELS; l++)
                    adults += (double)(cen[y].n[sex][a][l][0] + cen[y].n[sex][a][l][1]);
        printf("%4d %10.0f", y, adults * w);
        for (int b = 0; b < NB; b++)
            for (int k = 0; k < 2; k++) {
                double v = std_prev(&cen[y], &cen[0], b, k ? CS_NEED_MODERATE : CS_NEED_LOW);
                printf(" %10.4f", v);
                if (y == 0) prev[0][b][k] = v;
                if (y == Y) prev[1][b][k] = v;
            }
        if (y == 0) printf(" %9s %8s\n", "-", "-");
        else printf(" %9.2f %8.3f\n", fl[y].adults_end > 0 ? 1000.0 * fl[y].wait_end / fl[y].adults_end : NAN,
                    fl[y].budget > 0 ? fl[y].spend / fl[y].budget : NAN);
    }
    if (by_age) {
        printf("Prevalence by single year of age, year 0 and year %d: >=L, >=M all adults; >=L, >=M private households\n", Y);
        printf("%4s %8s %8s %8s %8s   %8s %8s %8s %8s\n", "age", "L0", "M0", "Lh0", "Mh0", "L", "M", "Lh", "Mh");
        for (int a = 18; a < CS_CENSUS_AGES; a++) {
            double v[2][4];
            int any = 1;
            for (int yy = 0; yy < 2; yy++) {
                const struct cs_census *cc = &cen[yy ? Y : 0];
                double n[2] = {0, 0}, k[2][2] = {{0, 0}, {0, 0}};
                for (int sex = 0; sex < 2; sex++)
                    for (int l = 0; l < CS_NEED_LEVELS; l++)
                        for (int r = 0; r < 2; r++) {
                            double x = (double)cc->n[sex][a][l][r];
                            n[0] += x;
                            if (r == CS_AT_HOME) n[1] += x;
                            for (int t = 0; t < 2; t++)
                                if (l >= 1 + t) { k[0][t] += x; if (r == CS_AT_HOME) k[1][t] += x; }
                        }
                if (n[0] <= 0 || n[1] <= 0) any = 0;
                for (int h = 0; h < 2; h++)
                    for (int t = 0; t < 2; t++) v[yy][2 * h + t] = n[h] > 0 ? k[h][t] / n[h] : NAN;
            }
            if (!any) continue;
            printf("%4d %8.4f %8.4f %8.4f %8.4f   %8.4f %8.4f %8.4f %8.4f\n", a, v[0][0], v[0][1], v[0][2], v[0][3],
                   v[1][0], v[1][1], v[1][2], v[1][3]);
        }
    }
    printf("Change, year 0 to year %d (relative):", Y);
    int holds = 1;
    for (int b = 0; b < NB; b++)
        for (int k = 0; k < 2; k++) {
            double rel = prev[0][b][k] > 0 ? 100.0 * (prev[1][b][k] / prev[0][b][k] - 1.0) : NAN;
            printf(" %s%s %+.1f%%", band_name[b], k ? ">=M" : ">=L", rel);
            if (!(fabs(rel) <= tol)) holds = 0;
        }
    printf("\nVerdict: prevalence %s (every band within %g%% of year 0 after %d year%s: %s)\n",
           holds ? "HOLDS" : "DRIFTS", tol, Y, Y == 1 ? "" : "s", holds ? "yes" : "no");
    rc = holds ? 0 : 3;
    free(cen); free(one); free(fl);
out:
    free(sc); free(warm); free(pl);
    return rc;
}
