/*
 * test_model.c — the population and the weekly model against their contracts:
 * the initial population matches the seed data by sex and age; simulated deaths
 * match the life table (a statistical test); people and money are conserved;
 * results are identical at 1 and 2 threads; the rationing rule responds to the
 * budget in the documented direction.
 */
#define _GNU_SOURCE   /* realpath, mkdtemp */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_seed.h"
#include "cs_config.h"
#include "cs_model.h"
#include "cs_calendar.h"
#include "cs_run.h"
#include "cs_seed.h"
#include "model_internal.h"

static const char *SOMERSET = "E06000066";

int test_load_seed(struct cs_place *pl, struct cs_demography *lt, const char *code)
{
    char err[512];
    if (cs_seed_load_place(cs_seed_dir(), code, pl, err, sizeof err) ||
        cs_seed_load_demography(cs_seed_dir(), "2017-2019", lt, err, sizeof err)) {
        CHECK(0, "seed data: %s", err);
        return -1;
    }
    return 0;
}

static const char *SEED_FILES[] = {"places.csv", "population.csv", "districts.csv", "unpaid_care.csv",
                                   "lifetable.csv", "migration.csv", "former_codes.csv"};

int test_seed_dir(char *dir, const char *inputs)
{
    char real[PATH_MAX], from[PATH_MAX + 32], to[96];
    snprintf(dir, 64, "/tmp/cs_seeds_XXXXXX");
    if (!realpath(cs_seed_dir(), real) || !mkdtemp(dir)) {
        CHECK(0, "scratch seeds directory: cannot make %s", dir);
        return -1;
    }
    for (size_t k = 0; k < sizeof SEED_FILES / sizeof SEED_FILES[0]; k++) {
        snprintf(from, sizeof from, "%s/%s", real, SEED_FILES[k]);
        snprintf(to, sizeof to, "%s/%s", dir, SEED_FILES[k]);
        if (symlink(from, to)) { CHECK(0, "scratch seeds directory: cannot link %s", to); return -1; }
    }
    snprintf(to, sizeof to, "%s/council_inputs.csv", dir);
    FILE *f = fopen(to, "w");
    if (!f || fputs(inputs, f) < 0 || fclose(f)) { CHECK(0, "scratch seeds directory: cannot write %s", to); return -1; }
    return 0;
}

void test_seed_dir_free(const char *dir)
{
    char path[128];
    for (size_t k = 0; k <= sizeof SEED_FILES / sizeof SEED_FILES[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir,
                 k < sizeof SEED_FILES / sizeof SEED_FILES[0] ? SEED_FILES[k] : "council_inputs.csv");
        unlink(path);
    }
    rmdir(dir);
}

static int band_of(int age) { return age < 25 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : age < 85 ? 4 : 5; }

static void population_matches_seed(void)
{
    static struct cs_place pl;
    struct cs_demography lt;
    if (test_load_seed(&pl, &lt, SOMERSET)) return;
    struct cs_params p;
    cs_params_defaults(&p);
    struct cs_sim s;
    char err[512];
    CHECK(cs_sim_init(&s, &p, &pl, &lt, 0, 2, err, sizeof err) == 0, "init: %s", err);
    long seed_n[2][6] = {{0}}, sim_n[2][6] = {{0}};
    for (int sex = 0; sex < 2; sex++)
        for (int a = 18; a <= CS_AGE_MAX; a++) seed_n[sex][band_of(a)] += pl.pop[sex][a];
    for (uint32_t i = 0; i < s.pop.n; i++)
        sim_n[(s.pop.rec[i].flags & CS_F_FEMALE) ? 1 : 0][band_of(s.pop.rec[i].age)]++;
    int exact = 1;
    for (int sex = 0; sex < 2; sex++)
        for (int b = 0; b < 6; b++) exact &= seed_n[sex][b] == sim_n[sex][b];
    CHECK(exact, "full-scale population equals the seed by sex and age band");
    CHECK((long)s.pop.n == pl.adults, "people %u == seed adults %ld", s.pop.n, pl.adults);

    /* neighbourhoods: deprivation shares follow the districts' quintile shares */
    double want[5] = {0}, got[5] = {0};
    for (int d = 0; d < pl.n_districts; d++)
        for (int q = 0; q < 5; q++) want[q] += pl.d[d].adults * pl.d[d].q[q] / pl.adults;
    for (uint32_t i = 0; i < s.pop.n; i++) got[s.nbhd[s.pop.rec[i].nbhd].quintile] += 1.0 / s.pop.n;
    double worst = 0;
    for (int q = 0; q < 5; q++) worst = fmax(worst, fabs(want[q] - got[q]));
    CHECK(worst < 0.005, "people by IMD quintile match the seed (max abs diff %.4f)", worst);

    /* partners are mutual and of opposite sex */
    int mutual = 1;
    long partnered = 0;
    for (uint32_t i = 0; i < s.pop.n; i++) {
        int32_t pt = s.pop.rec[i].partner;
        if (pt < 0) continue;
        partnered++;
        mutual &= s.pop.rec[pt].partner == (int32_t)i &&
                  ((s.pop.rec[i].flags ^ s.pop.rec[pt].flags) & CS_F_FEMALE) && s.pop.rec[i].nbhd == s.pop.rec[pt].nbhd;
    }
    CHECK(mutual, "partner links are mutual, opposite sex, same neighbourhood");
    CHECK(partnered > (long)s.pop.n / 3, "a plausible share lives with a partner (%ld of %u)", partnered, s.pop.n);

    /* initial need rises with age (face validity) */
    long need_b[6] = {0}, n_b[6] = {0};
    for (uint32_t i = 0; i < s.pop.n; i++) {
        int b = band_of(s.pop.rec[i].age);
        n_b[b]++;
        need_b[b] += s.pop.rec[i].need > 0;
    }
    int rising = 1;
    for (int b = 1; b < 6; b++) rising &= (double)need_b[b] / n_b[b] > (double)need_b[b - 1] / n_b[b - 1];
    CHECK(rising, "share with care need rises across age bands");
    /* (how it compares with the Health Survey for England is validation's:
     * caresim fit-need and validation/targets.csv, not a unit test's) */
    cs_sim_free(&s);

    /* a sample: counts scaled with stochastic rounding */
    p.scale = 0.1;
    CHECK(cs_sim_init(&s, &p, &pl, &lt, 0, 1, err, sizeof err) == 0, "init at scale 0.1");
    CHECK(fabs(s.pop.n - 0.1 * pl.adults) < 0.002 * pl.adults, "sample of %u ~ 10%% of %ld", s.pop.n, pl.adults);
    cs_sim_free(&s);
}

/* Deaths over two years (after two settling years) by sex and age band against
 * the life table: for each
 * cell, observed O vs expected E = sum over person-weeks of the life table's
 * weekly probability. Tolerance: |O - E| / sqrt(E) < 4 per cell (a false alarm
 * about 1 in 15,000 per cell), and the total within 3%. */
static void mortality_matches_life_table(void)
{
    static struct cs_place pl;
    struct cs_demography lt;
    if (test_load_seed(&pl, &lt, SOMERSET)) return;
    struct cs_params p;
    cs_params_defaults(&p);
    p.scale = 0.25;
    p.warmup_weeks = 0;
    p.mig_scale = 0;   /* nobody leaves alive: everyone who stops being alive died */
    struct cs_sim s;
    char err[512];
    if (cs_sim_init(&s, &p, &pl, &lt, 0, 2, err, sizeof err)) { CHECK(0, "init: %s", err); return; }
    double E[2][6] = {{0}}, O[2][6] = {{0}};
    size_t room = (size_t)s.pop.cap * 2;   /* and room for who joins */
    uint8_t *alive = malloc(room);
    /* let need and care settle from their initial assignment first */
    for (int w = 0; w < 104; w++) cs_sim_step(&s);
    for (int w = 0; w < 104; w++) {
        /* people alive before the step (entrants join inside it, at a year
         * start, and are alive for its draw too) */
        uint32_t n = s.pop.n;
        if ((size_t)n > room) { CHECK(0, "the population outgrew its room (%u)", n); break; }
        for (uint32_t i = 0; i < n; i++) alive[i] = s.pop.rec[i].flags & CS_F_ALIVE;
        cs_sim_step(&s);
        for (uint32_t i = 0; i < n; i++) {
            if (!alive[i]) continue;
            int age = s.pop.rec[i].age;           /* after any birthday in this step: the age of the draw */
            int sex = (s.pop.rec[i].flags & CS_F_FEMALE) ? 1 : 0;
            double qx = s.qx_year[sex][age <= CS_LT_AGE_MAX ? age : CS_LT_AGE_MAX];   /* the year's table */
            E[sex][band_of(age)] += 1.0 - pow(1.0 - qx, 1.0 / 52.0);
            if (!(s.pop.rec[i].flags & CS_F_ALIVE)) O[sex][band_of(age)]++;
        }
    }
    double eo = 0, ee = 0;
    int ok = 1;
    for (int sex = 0; sex < 2; sex++)
        for (int b = 0; b < 6; b++) {
            eo += O[sex][b];
            ee += E[sex][b];
            if (E[sex][b] < 5) continue;
            double z = (O[sex][b] - E[sex][b]) / sqrt(E[sex][b]);
            if (fabs(z) >= 4) {
                ok = 0;
                fprintf(stderr, "  mortality sex %d band %d: observed %.0f expected %.1f (z = %.2f)\n", sex, b,
                        O[sex][b], E[sex][b], z);
            }
        }
    CHECK(ok, "deaths by sex and age band match the life table (|z| < 4)");
    CHECK(fabs(eo / ee - 1) < 0.03, "total deaths %.0f within 3%% of life-table expectation %.1f", eo, ee);
    free(alive);
    cs_sim_free(&s);
}

static void small_scenario(struct cs_scenario *sc, const char *place, double scale, int years, int warm)
{
    memset(sc, 0, sizeof *sc);
    snprintf(sc->name, sizeof sc->name, "test");
    cs_params_defaults(&sc->p);
    snprintf(sc->p.place, sizeof sc->p.place, "%s", place);
    sc->p.scale = scale;
    sc->p.years = years;
    sc->p.warmup_weeks = warm;
    /* the projection from the first dated week: levers set later by a test
     * act from week 0, and the run is only its years long */
    snprintf(sc->p.policy_start, sizeof sc->p.policy_start, "2020-07-01");
    sc->sq = sc->p;
}

static int same_results(const struct cs_results *a, const struct cs_results *b, int verbose)
{
    if (a->n_reps != b->n_reps || a->n_weeks != b->n_weeks) return 0;
    for (int k = 0; k < CS_N_METRICS; k++)
        if (memcmp(a->series[k], b->series[k], sizeof(double) * a->n_reps * a->n_weeks)) {
            if (verbose) fprintf(stderr, "  first differing metric: %s\n", cs_metric_table[k].name);
            return 0;
        }
    return 1;
}

static double total(const struct cs_results *r, int k)
{
    double s = 0;
    for (int i = 0; i < r->n_reps * r->n_weeks; i++) s += r->series[k][i];
    return s;
}

static void conservation_and_threads(void)
{
    struct cs_scenario sc;
    small_scenario(&sc, SOMERSET, 0.03, 3, 52);
    sc.p.replicates = 2;
    struct cs_results r1, r2, r3;
    char err[512];
    CHECK(cs_run_scenario(&sc, 1, NULL, NULL, &r1, err, sizeof err) == 0, "run 1 thread: %s", err);
    CHECK(cs_run_scenario(&sc, 2, NULL, NULL, &r2, err, sizeof err) == 0, "run 2 threads: %s", err);
    CHECK(same_results(&r1, &r2, 1), "identical results at 1 and 2 threads");
    CHECK(cs_run_scenario(&sc, 3, NULL, NULL, &r3, err, sizeof err) == 0, "run 3 threads");
    CHECK(same_results(&r1, &r3, 1), "identical results at 1 and 3 threads");
    cs_results_free(&r3);
    /* the people phases' work shared out every week (each thread starts on
     * the others' people): the requests still reach the council in id order */
    setenv("CARESIM_SHARE", "others", 1);
    for (int t = 2; t <= 3; t++) {
        CHECK(cs_run_scenario(&sc, t, NULL, NULL, &r3, err, sizeof err) == 0, "run %d threads, shared: %s", t, err);
        CHECK(same_results(&r1, &r3, 1), "identical results at 1 and %d threads, work shared every week", t);
        cs_results_free(&r3);
    }
    unsetenv("CARESIM_SHARE");

    /* people: in = out + alive */
    double lhs = r1.initial_people + r1.entrants, rhs = r1.deaths + r1.left + r1.final_alive;
    CHECK(fabs(lhs - rhs) < 1e-6 * lhs, "people conserved: initial %.0f + entrants %.0f = deaths %.0f + alive %.0f",
          r1.initial_people, r1.entrants, r1.deaths, r1.final_alive);
    CHECK(r1.deaths > 0 && r1.entrants > 0, "deaths and entrants both occur");
    /* the weekly series agree with the totals */
    double d = total(&r1, CS_M_deaths);
    CHECK(fabs(d - r1.deaths) < 1e-6 * d, "deaths series sums to the death total (%.0f vs %.0f)", d, r1.deaths);

    /* money: the council_spend_* categories (every metric so named) sum to the
     * total, every week */
    int ok = 1, ncat = 0;
    for (int i = 0; i < r1.n_reps * r1.n_weeks; i++) {
        double cat = 0;
        ncat = 0;
        for (int k = 0; k < CS_N_METRICS; k++)
            if (strncmp(cs_metric_table[k].name, "council_spend_", 14) == 0) { cat += r1.series[k][i]; ncat++; }
        ok &= fabs(cat - r1.series[CS_M_council_spend][i]) <= 1e-9 * r1.series[CS_M_council_spend][i] + 1e-6;
    }
    CHECK(ok && ncat >= 5, "council spend by %d categories sums to council_spend every week", ncat);
    /* settings: nobody counted in two places */
    ok = 1;
    for (int i = 0; i < r1.n_reps * r1.n_weeks; i++)
        ok &= r1.series[CS_M_receiving_home_care][i] + r1.series[CS_M_in_residential_care][i] <=
              r1.series[CS_M_people_with_need][i] + 1e-9;
    CHECK(ok, "people in paid care never exceed people with need");
    ok = 1;
    for (int i = 0; i < r1.n_reps * r1.n_weeks; i++) {
        double sh = r1.series[CS_M_at_home_share][i];
        double want = 1 - r1.series[CS_M_in_residential_care][i] / r1.series[CS_M_people_with_need][i];
        ok &= sh > 0 && sh < 1 && fabs(sh - want) < 1e-9;
        ok &= fabs(r1.series[CS_M_unpaid_care_value][i] - r1.series[CS_M_unpaid_care_hours][i] * sc.p.carer_value) <=
              1e-9 * r1.series[CS_M_unpaid_care_value][i];
    }
    CHECK(ok, "at_home_share and unpaid_care_value follow their definitions every week");
    CHECK(total(&r1, CS_M_assessments) > 0 && total(&r1, CS_M_reviews) > 0, "assessments and reviews happen");

    /* long-term support during the year: starts each reported year at the
     * week's count of people billed and never falls within a year; and
     * long-term spend by age adds up to the gross of home care and care homes */
    int ytd_ok = 1, grew = 0, whole = 0, spend_ok = 1;
    for (int r = 0; r < r1.n_reps; r++)
        for (int w = 0; w < r1.n_weeks; w++) {
            size_t i = (size_t)r * r1.n_weeks + w;
            double y = r1.series[CS_M_long_term_support_ytd][i], y65 = r1.series[CS_M_long_term_support_ytd_65plus][i];
            double now = r1.series[CS_M_council_home_care][i] + r1.series[CS_M_council_residential][i] +
                         r1.series[CS_M_in_shared_lives][i];
            ytd_ok &= y65 <= y && y65 > 0;
            /* years are financial years (cs_calendar.h): they start where
             * the financial year changes, and the first is partial */
            if (cs_cal_fy(w) != cs_cal_fy(w - 1)) ytd_ok &= y > 0.9 * now && y <= now * 1.02;
            else ytd_ok &= (w == 0 || y >= r1.series[CS_M_long_term_support_ytd][i - 1]) && y >= 0.9 * now;
            if (w >= 51 && cs_cal_fy(w + 1) != cs_cal_fy(w) && cs_cal_fy(w - 51) == cs_cal_fy(w)) {
                grew += y > 1.05 * r1.series[CS_M_long_term_support_ytd][i - 51];
                whole++;
            }
            double gross = r1.series[CS_M_council_spend_home_care][i] + r1.series[CS_M_council_spend_residential][i] +
                           r1.series[CS_M_client_charges][i];
            double by_age = r1.series[CS_M_long_term_spend_18_64][i] + r1.series[CS_M_long_term_spend_65plus][i];
            spend_ok &= fabs(by_age - gross) <= 1e-9 * gross + 1e-6 && r1.series[CS_M_long_term_spend_18_64][i] > 0;
        }
    CHECK(ytd_ok, "long_term_support_ytd restarts at each year's first week near that week's count and only grows within the year");
    CHECK(whole > 0 && grew == whole, "more people are supported during each whole financial year than in its first week "
          "(%d of %d years)", grew, whole);
    CHECK(spend_ok, "long-term spend by age sums to council home-care and care-home spend plus charges, every week");

    /* replicates differ from each other (independent streams) */
    CHECK(memcmp(r1.series[CS_M_deaths], r1.series[CS_M_deaths] + r1.n_weeks, sizeof(double) * r1.n_weeks) != 0,
          "replicates 0 and 1 differ");
    /* a different seed gives different results */
    sc.p.seed = 2;
    CHECK(cs_run_scenario(&sc, 2, NULL, NULL, &r3, err, sizeof err) == 0, "run seed 2");
    CHECK(!same_results(&r1, &r3, 0), "a different seed gives different results");
    cs_results_free(&r3);
    cs_results_free(&r1);
    cs_results_free(&r2);
}

/* cs_run_replicates (the MPI build runs single replicates, sim/mpi.c): each
 * row equals the same replicate's row of a run of all replicates, whatever
 * range it was run in; an empty range is refused. */
static void replicate_ranges(void)
{
    struct cs_scenario sc;
    small_scenario(&sc, SOMERSET, 0.01, 1, 26);
    sc.p.replicates = 3;
    struct cs_place *pl = malloc(sizeof *pl);
    struct cs_demography lt;
    if (!pl) { CHECK(0, "out of memory"); return; }
    if (test_load_seed(pl, &lt, SOMERSET)) { free(pl); return; }
    struct cs_results all, one, two;
    char err[512];
    CHECK(cs_run_place(&sc, pl, &lt, 2, NULL, NULL, &all, err, sizeof err) == 0, "all replicates: %s", err);
    CHECK(cs_run_replicates(&sc, pl, &lt, 2, 3, 1, NULL, NULL, &one, err, sizeof err) == 0, "replicate 2: %s", err);
    CHECK(cs_run_replicates(&sc, pl, &lt, 0, 2, 2, NULL, NULL, &two, err, sizeof err) == 0, "replicates 0-1: %s", err);
    CHECK(one.n_reps == 1 && two.n_reps == 2 && one.n_weeks == all.n_weeks, "shapes %d, %d reps", one.n_reps, two.n_reps);
    size_t W = (size_t)all.n_weeks;
    int same1 = 1, same2 = 1;
    for (int k = 0; k < CS_N_METRICS; k++) {
        same1 &= memcmp(one.series[k], all.series[k] + 2 * W, W * sizeof(double)) == 0;
        same2 &= memcmp(two.series[k], all.series[k], 2 * W * sizeof(double)) == 0;
    }
    CHECK(same1, "replicate 2 run alone equals row 2 of the full run");
    CHECK(same2, "replicates 0-1 run alone equal rows 0-1 of the full run");
    struct cs_results none;
    CHECK(cs_run_replicates(&sc, pl, &lt, 1, 1, 1, NULL, NULL, &none, err, sizeof err) == -1, "empty range accepted");
    cs_results_free(&all);
    cs_results_free(&one);
    cs_results_free(&two);
    free(pl);
}

/* The rationing rule: a budget well below spend raises the rationing level and
 * the eligibility threshold and lengthens the waiting list; a generous budget
 * does neither. Common random numbers make the comparison sharp. */
static void rationing_feedback(void)
{
    struct cs_scenario tight, loose;
    small_scenario(&tight, SOMERSET, 0.03, 3, 104);
    small_scenario(&loose, SOMERSET, 0.03, 3, 104);
    /* against the spend the care system settles at, whatever it is with
     * these (uncalibrated) defaults */
    snprintf(tight.p.budget_rule, sizeof tight.p.budget_rule, "settled");
    snprintf(loose.p.budget_rule, sizeof loose.p.budget_rule, "settled");
    tight.p.budget_cover = 0.8;
    loose.p.budget_cover = 2.0;
    struct cs_results rt, rl;
    char err[512];
    CHECK(cs_run_scenario(&tight, 2, NULL, NULL, &rt, err, sizeof err) == 0, "tight run: %s", err);
    CHECK(cs_run_scenario(&loose, 2, NULL, NULL, &rl, err, sizeof err) == 0, "loose run: %s", err);
    int W = rt.n_weeks;
    CHECK(rt.series[CS_M_rationing_level][W - 1] > 0, "a tight budget triggers rationing (level %.0f)",
          rt.series[CS_M_rationing_level][W - 1]);
    CHECK(total(&rl, CS_M_rationing_level) == 0, "a generous budget never rations (total level-weeks %.0f)", total(&rl, CS_M_rationing_level));
    CHECK(total(&rt, CS_M_eligibility_level) > total(&rl, CS_M_eligibility_level), "rationing tightens eligibility");
    CHECK(total(&rt, CS_M_waiting_list) > total(&rl, CS_M_waiting_list), "rationing lengthens the waiting list (%.0f vs %.0f)",
          total(&rt, CS_M_waiting_list) / W, total(&rl, CS_M_waiting_list) / W);
    CHECK(total(&rt, CS_M_unmet_need_hours) > total(&rl, CS_M_unmet_need_hours), "rationing raises unmet need (%.0f vs %.0f hours/week)",
          total(&rt, CS_M_unmet_need_hours) / W, total(&rl, CS_M_unmet_need_hours) / W);
    CHECK(total(&rt, CS_M_council_spend) < total(&rl, CS_M_council_spend), "rationing holds spend down");
    cs_results_free(&rt);
    cs_results_free(&rl);
}

/* Policy levers act from week 0 and the warm-up runs the status quo, so two
 * scenarios differing only in levers reach week 0 in the same state (the
 * budget of the "settled" rule, set from warm-up spend, is the same to the penny), while a
 * difference in the world itself (a non-lever) changes the warm-up too. */
static void status_quo_warmup(void)
{
    struct cs_scenario base, lever, world;
    small_scenario(&base, SOMERSET, 0.02, 1, 52);
    small_scenario(&lever, SOMERSET, 0.02, 1, 52);
    small_scenario(&world, SOMERSET, 0.02, 1, 52);
    /* the budget the spin-up settles at is the probe of its state */
    snprintf(base.p.budget_rule, sizeof base.p.budget_rule, "settled");
    base.sq = base.p;
    lever.p = world.p = base.p;
    lever.sq = world.sq = base.p;
    lever.p.wf_floor = 12.60;       /* fair pay: levers */
    lever.p.hc_price = 25.95;
    world.p.progress[0] *= 1.2;       /* not a lever */
    struct cs_results rb, rl, rw;
    char err[512];
    CHECK(cs_run_scenario(&base, 2, NULL, NULL, &rb, err, sizeof err) == 0, "base: %s", err);
    CHECK(cs_run_scenario(&lever, 2, NULL, NULL, &rl, err, sizeof err) == 0, "lever: %s", err);
    CHECK(cs_run_scenario(&world, 2, NULL, NULL, &rw, err, sizeof err) == 0, "world: %s", err);
    CHECK(rb.series[CS_M_council_budget][0] == rl.series[CS_M_council_budget][0],
          "levers leave the warm-up alone (budget %.2f vs %.2f)", rb.series[CS_M_council_budget][0],
          rl.series[CS_M_council_budget][0]);
    CHECK(rb.series[CS_M_council_budget][0] != rw.series[CS_M_council_budget][0],
          "a non-lever changes the warm-up (budget %.2f vs %.2f)", rb.series[CS_M_council_budget][0],
          rw.series[CS_M_council_budget][0]);
    int W = rb.n_weeks;
    CHECK(rl.series[CS_M_mean_hourly_pay][W - 1] > rb.series[CS_M_mean_hourly_pay][W - 1] + 0.5,
          "the levers act from week 0 (pay %.2f vs %.2f)", rl.series[CS_M_mean_hourly_pay][W - 1],
          rb.series[CS_M_mean_hourly_pay][W - 1]);
    cs_results_free(&rb);
    cs_results_free(&rl);
    cs_results_free(&rw);
}

/* A run of 20 weeks of place pl at 2% scale: every metric of every week. */
static void twenty_weeks(const struct cs_place *pl, const struct cs_demography *lt, double *m)
{
    struct cs_params p;
    cs_params_defaults(&p);
    p.scale = 0.02;
    p.warmup_weeks = 10;
    struct cs_sim s;
    char err[512];
    if (cs_sim_init(&s, &p, pl, lt, 0, 1, err, sizeof err)) { CHECK(0, "init: %s", err); return; }
    for (int w = 0; w < 20; w++) {
        cs_sim_step(&s);
        memcpy(m + (size_t)w * CS_N_METRICS, s.m, sizeof s.m);
    }
    cs_sim_free(&s);
}

/* A council's random streams are keyed on its stream key (places.csv), not
 * on its code: Somerset, E06000066 since April 2023, keeps the streams of its
 * 2021 code, so its results do not move with the recoding; and the key does
 * set the streams. */
static void streams_follow_the_key(void)
{
    static struct cs_place pl, other;
    struct cs_demography lt;
    if (test_load_seed(&pl, &lt, SOMERSET)) return;
    CHECK(!strcmp(pl.code, "E06000066") && !strcmp(pl.key, "E10000027"), "Somerset is E06000066 keyed on E10000027 "
          "(code %s, key %s)", pl.code, pl.key);
    static double a[20 * CS_N_METRICS], b[20 * CS_N_METRICS], c[20 * CS_N_METRICS];
    twenty_weeks(&pl, &lt, a);
    other = pl;
    snprintf(other.code, sizeof other.code, "E99999999");
    twenty_weeks(&other, &lt, b);
    CHECK(!memcmp(a, b, sizeof a), "another code with the same stream key: the same results, bit for bit");
    other = pl;
    snprintf(other.key, sizeof other.key, "E99999999");
    twenty_weeks(&other, &lt, c);
    CHECK(memcmp(a, c, sizeof a) != 0, "the same code with another stream key: other results");
}


/* Each council's own inputs come from its row of council_inputs.csv. Two
 * councils whose rows give budgets 1:3 get budgets 1:3 at the same scale (a
 * sample carrying its share, weighted back to the whole place); with the
 * "settled" rule the rows do not matter. A population is built with the
 * row's minority share and micro-enterprise density unless the scenario sets
 * its own. The rows are made up for the test. */
static void inputs_from_seeds(void)
{
    static const char *rows =
        "code,name,minority_share,micro_per_100k,micro_starts_per_100k,spend_share,budget_gbp,budget_basis,defaults\n"
        "E06000001,Hartlepool,0.4,10,2,0.003,300000000,own,micro_per_100k micro_starts_per_100k\n"
        "E06000066,Somerset,0.05,200,30,0.001,100000000,default,budget\n";
    char dir[64];
    if (test_seed_dir(dir, rows)) return;
    static struct cs_place pa, pb;
    struct cs_demography lt;
    char err[512];
    int ok = !cs_seed_load_place(dir, "E06000001", &pa, err, sizeof err) &&
             !cs_seed_load_place(dir, SOMERSET, &pb, err, sizeof err) &&
             !cs_seed_load_demography(dir, "2017-2019", &lt, err, sizeof err);
    CHECK(ok, "scratch seeds: %s", err);
    if (!ok) { test_seed_dir_free(dir); return; }
    CHECK(pa.in.defaults == (CS_IN_MICRO | CS_IN_MICRO_STARTS) && pb.in.defaults == CS_IN_BUDGET &&
              !strcmp(pb.in.budget_basis, "default"),
          "the defaults column is read (Hartlepool %#x, Somerset %#x)", pa.in.defaults, pb.in.defaults);

    double first[2][2];   /* [rule][place]: the first dated week's budget, GBP a year */
    for (int rule = 0; rule < 2; rule++)
        for (int k = 0; k < 2; k++) {
            struct cs_scenario sc;
            small_scenario(&sc, k ? SOMERSET : "E06000001", 0.02, 1, 13);
            snprintf(sc.p.budget_rule, sizeof sc.p.budget_rule, "%s", rule ? "settled" : "published");
            sc.sq = sc.p;
            struct cs_results r;
            first[rule][k] = NAN;
            if (cs_run_place(&sc, k ? &pb : &pa, &lt, 2, NULL, NULL, &r, err, sizeof err)) {
                CHECK(0, "run: %s", err);
                continue;
            }
            first[rule][k] = r.series[CS_M_council_budget][0] * 52;
            cs_results_free(&r);
        }
    CHECK(fabs(first[0][0] / 3e8 - 1) < 1e-9 && fabs(first[0][1] / 1e8 - 1) < 1e-9,
          "published: each place's budget is its row's (%.0f and %.0f GBP a year, rows 3e8 and 1e8)", first[0][0],
          first[0][1]);
    CHECK(fabs(first[1][0] / first[1][1] - 3) > 0.5,
          "settled: the rows do not set the budget (ratio %.3f)", first[1][0] / first[1][1]);

    /* minority share and micro-enterprises of the built population */
    for (int over = 0; over < 2; over++) {
        struct cs_params p;
        cs_params_defaults(&p);
        p.scale = 0.05;
        if (over) { p.minority_share = 0.1; p.mk_micro_init = 50; }
        struct cs_sim s;
        if (cs_sim_init(&s, &p, &pa, &lt, 0, 1, err, sizeof err)) { CHECK(0, "init: %s", err); break; }
        double minority = 0, micro = 0;
        for (uint32_t i = 0; i < s.pop.n; i++) minority += (s.pop.rec[i].flags & CS_F_MINORITY) != 0;
        for (int32_t j = 0; j < s.mk.n; j++) micro += s.mk.alive[j] && s.mk.type[j] == CS_PT_MICRO;
        minority /= s.pop.n;
        double want_m = over ? 0.1 : 0.4, want_k = (over ? 50 : 10) * s.initial_people / 1e5;
        /* binomial: 5 standard errors */
        CHECK(fabs(minority - want_m) < 5 * sqrt(want_m * (1 - want_m) / s.pop.n),
              "%s: minority share %.4f, want %.2f", over ? "the scenario's" : "the row's", minority, want_m);
        CHECK(fabs(micro - want_k) <= 1, "%s: %.0f micro-enterprises, want %.1f", over ? "the scenario's" : "the row's",
              micro, want_k);
        cs_sim_free(&s);
    }

    /* the output's table of inputs says which are national defaults, which
     * the place's own and which the scenario's */
    struct cs_params p;
    cs_params_defaults(&p);
    snprintf(p.place, sizeof p.place, "E06000001");
    p.minority_share = 0.2;
    char *t = cs_place_inputs_text(dir, &p, err, sizeof err);
    CHECK(t && strstr(t, "place,input,value,source\n") == t &&
              strstr(t, "E06000001,market.micro_per_100k,10,national default\n") &&
              strstr(t, "E06000001,market.micro_starts_per_100k,2,national default\n") &&
              strstr(t, "E06000001,population.minority_share,0.2,scenario\n") &&
              strstr(t, "E06000001,council.budget_gbp,300000000,seeds\n"),
          "Hartlepool's inputs: %s", t ? t : err);
    free(t);
    snprintf(p.place, sizeof p.place, "%s", SOMERSET);
    p.minority_share = -1;
    t = cs_place_inputs_text(dir, &p, err, sizeof err);
    CHECK(t && strstr(t, "E06000066,population.minority_share,0.05,seeds\n") &&
              strstr(t, "E06000066,market.micro_per_100k,200,seeds\n") &&
              strstr(t, "E06000066,council.budget_gbp,100000000,national default\n"),
          "Somerset's inputs: %s", t ? t : err);
    free(t);
    snprintf(p.place, sizeof p.place, "all");
    t = cs_place_inputs_text(dir, &p, err, sizeof err);
    CHECK(!t && strstr(err, "council_inputs.csv: no row for place E06000002"),
          "a national table needs every council's row: %s", t ? "made" : err);
    free(t);
    test_seed_dir_free(dir);
}

void test_model(void)
{
    inputs_from_seeds();
    status_quo_warmup();
    population_matches_seed();
    mortality_matches_life_table();
    conservation_and_threads();
    replicate_ranges();
    rationing_feedback();
    streams_follow_the_key();
}
