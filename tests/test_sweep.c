/*
 * test_sweep.c — the model side of `caresim sweep` (analysis/sweep.c) and its file
 * (analysis/sweep_file.c): the factors' ranges (the table's, moved to a
 * scenario's own value, cut to the valid range; integer levels), which copy
 * of a parameter a point sets (p and the status quo; a reform's own choices
 * kept), the outcomes' units, a run's outcomes not depending on the threads
 * (and a parameter the model never reads changing nothing: common random
 * numbers), and the /sweep group read back as written.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cs_seed.h"
#include "cs_config.h"
#include "cs_sweep.h"
#include "cs_sweep_file.h"

static int load(const char *path, struct cs_scenario *sc)
{
    char err[1024];
    int rc = cs_scenario_load(path, sc, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    return rc;
}

static const struct cs_sweep_factor *find(const struct cs_sweep_factor *f, int k, const char *path)
{
    for (int i = 0; i < k; i++)
        if (!strcmp(f[i].pi->path, path)) return &f[i];
    return NULL;
}

static double get(const struct cs_params *p, const char *path) { return cs_param_get(cs_param_find(path), p); }

static void ranges(const struct cs_scenario *base)
{
    struct cs_sweep_factor *f;
    int k, n = 0;
    char err[512];
    for (int i = 0; i < cs_param_count; i++) n += cs_param_table[i].lo != 0 || cs_param_table[i].hi != 0;
    CHECK(cs_sweep_factors(base, NULL, NULL, &f, &k, err, sizeof err) == 0 && k == n, "all: %d of %d (%s)", k, n, err);
    /* a range contains its nominal value */
    int outside = 0;
    for (int i = 0; i < k; i++) outside += !(f[i].lo <= f[i].nominal && f[i].nominal <= f[i].hi);
    CHECK(!outside, "%d ranges do not contain the scenario's value", outside);
    /* a place input: the place's own value (its seeds row), the table's range a
     * multiplier of it (0.5..2) */
    struct cs_place_inputs in;
    char e2[512];
    const struct cs_sweep_factor *m = find(f, k, "market.micro_per_100k");
    CHECK(!cs_seed_load_inputs(cs_seed_dir(), base->p.place, &in, e2, sizeof e2), "inputs: %s", e2);
    CHECK(m && m->rescaled && m->nominal == in.micro_per_100k && fabs(m->lo - 0.5 * in.micro_per_100k) < 1e-9 &&
              fabs(m->hi - 2 * in.micro_per_100k) < 1e-9,
          "micro_per_100k %g..%g around the place's %g", m ? m->lo : NAN, m ? m->hi : NAN, in.micro_per_100k);
    /* contact shares up to 0.95: a multiplier above 1/0.95 would leave [0.1, 1] */
    const struct cs_sweep_factor *c = find(f, k, "market.contact_share");
    CHECK(c && c->clipped && fabs(c->hi - 1 / 0.95) < 1e-12 && c->lo == 0.9, "contact_share %g..%g", c ? c->lo : NAN,
          c ? c->hi : NAN);
    const struct cs_sweep_factor *w = find(f, k, "reablement.weeks");
    CHECK(w && w->lo == 4 && w->hi == 6, "reablement.weeks %g..%g", w ? w->lo : NAN, w ? w->hi : NAN);
    if (w) {
        CHECK(cs_sweep_value(w, 0.1) == 4 && cs_sweep_value(w, 0.5) == 5 && cs_sweep_value(w, 0.999) == 6,
              "integer levels %g %g %g", cs_sweep_value(w, 0.1), cs_sweep_value(w, 0.5), cs_sweep_value(w, 0.999));
        CHECK(cs_sweep_unit(w, 5) == 0.5, "unit of 5: %g", cs_sweep_unit(w, 5));
    }
    free(f);
    CHECK(cs_sweep_factors(base, NULL, "council.home_care_prise", &f, &k, err, sizeof err) == -1 &&
              strstr(err, "unknown parameter 'council.home_care_prise'") && strstr(err, "council.home_care_price"),
          "a misspelt name: %s", err);
    CHECK(cs_sweep_factors(base, NULL, "years", &f, &k, err, sizeof err) == -1 && strstr(err, "no plausible range"),
          "a parameter without a range: %s", err);
    CHECK(cs_sweep_factors(base, NULL, "need.hours,need.hours", &f, &k, err, sizeof err) == -1 && strstr(err, "twice"),
          "a repeat: %s", err);
    CHECK(cs_sweep_factors(base, NULL, "need.hours, nhs.bed_day_cost", &f, &k, err, sizeof err) == 0 && k == 2 &&
              f[0].pi == cs_param_find("need.hours") && f[1].pi == cs_param_find("nhs.bed_day_cost"),
          "a list in order: %s", err);
    free(f);
}

static void apply_rules(const struct cs_scenario *base, const struct cs_scenario *fair)
{
    /* a reform that sets a non-lever too */
    char cwd[1024], path[] = "/tmp/cs_sweep_reform_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp || !getcwd(cwd, sizeof cwd)) { CHECK(0, "temporary scenario"); return; }
    fprintf(fp, "base = \"%s/scenarios/fair_pay.cfg\";\nname = \"dearer_beds\";\nnhs: { bed_day_cost = 500.0; };\n", cwd);
    fclose(fp);
    struct cs_scenario *dear = malloc(sizeof *dear), *out = malloc(sizeof *out);
    struct cs_sweep_factor *f;
    int k;
    char err[512];
    if (load(path, dear) || cs_sweep_factors(base, dear, "council.home_care_price,need.hours,nhs.bed_day_cost", &f, &k,
                                             err, sizeof err)) {
        CHECK(0, "setup: %s", err);
        unlink(path);
        free(dear);
        free(out);
        return;
    }
    unlink(path);
    double x[] = {27, 1.2, 350};
    const struct cs_param_info *hours = cs_param_find("need.hours");
    /* the baseline: the world's value everywhere, status quo included */
    CHECK(cs_sweep_apply(f, k, x, base, base, out, err, sizeof err) == 0, "%s", err);
    CHECK(get(&out->p, "council.home_care_price") == 27 && get(&out->sq, "council.home_care_price") == 27,
          "baseline price %g, status quo %g", get(&out->p, "council.home_care_price"), get(&out->sq, "council.home_care_price"));
    CHECK(get(&out->p, "nhs.bed_day_cost") == 350, "baseline bed-day cost %g", get(&out->p, "nhs.bed_day_cost"));
    const double *h0 = (const double *)(const void *)((const char *)&base->p + hours->offset);
    const double *h1 = (const double *)(const void *)((const char *)&out->p + hours->offset);
    int wrong = 0;
    for (int i = 0; i < hours->n; i++) wrong += fabs(h1[i] - 1.2 * h0[i]) > 1e-12;
    CHECK(!wrong, "need.hours is not the baseline's list times 1.2");
    /* fair pay's price is its choice: kept; the status quo it leaves is the world */
    CHECK(cs_sweep_apply(f, k, x, fair, base, out, err, sizeof err) == 0, "%s", err);
    CHECK(get(&out->p, "council.home_care_price") == 25.95 && get(&out->sq, "council.home_care_price") == 27,
          "reform price %g (want its own 25.95), status quo %g (want 27)", get(&out->p, "council.home_care_price"),
          get(&out->sq, "council.home_care_price"));
    CHECK(get(&out->p, "nhs.bed_day_cost") == 350, "a world parameter the reform leaves: %g", get(&out->p, "nhs.bed_day_cost"));
    CHECK(!memcmp((const char *)&out->p + hours->offset, h1, hours->n * sizeof *h1),
          "need.hours differs between baseline and reform at the same point");
    /* a non-lever the reform sets itself is its choice too */
    CHECK(cs_sweep_apply(f, k, x, dear, base, out, err, sizeof err) == 0, "%s", err);
    CHECK(get(&out->p, "nhs.bed_day_cost") == 500, "the reform's own bed-day cost: %g", get(&out->p, "nhs.bed_day_cost"));
    x[0] = -1;
    CHECK(cs_sweep_apply(f, k, x, base, base, out, err, sizeof err) == -1 && strstr(err, "council.home_care_price"),
          "an invalid value: %s", err);
    free(f);
    free(dear);
    free(out);
}

static void outcomes(void)
{
    struct cs_sweep_outcome *o;
    int m;
    char err[256];
    CHECK(cs_sweep_outcomes(NULL, &o, &m, err, sizeof err) == 0 && m == 6, "defaults: %d (%s)", m, err);
    if (m == 6) {
        CHECK(o[0].metric == CS_M_council_spend && o[0].per_year == 52 && !strcmp(o[0].units, "GBP/year"),
              "council_spend: x%g %s", o[0].per_year, o[0].units);
        CHECK(o[4].metric == CS_M_wellbeing_mean && o[4].per_year == 1 && !strcmp(o[4].units, "0-1"), "wellbeing: x%g %s",
              o[4].per_year, o[4].units);
    }
    struct cs_results r;
    cs_results_alloc(&r, 2, 4);
    for (int i = 0; i < 8; i++) r.series[CS_M_council_spend][i] = i;   /* mean 3.5 */
    CHECK(cs_sweep_outcome_value(&r, &o[0]) == 3.5 * 52, "outcome %g", cs_sweep_outcome_value(&r, &o[0]));
    /* from a policy start at week 2 only weeks 2 and 3 of each replicate count
     * (2, 3, 6, 7: mean 4.5); the history before it does not */
    r.policy_week = 2;
    r.series[CS_M_council_spend][0] = r.series[CS_M_council_spend][5] = 1e9;
    CHECK(cs_sweep_outcome_value(&r, &o[0]) == 4.5 * 52, "outcome from the policy start %g",
          cs_sweep_outcome_value(&r, &o[0]));
    cs_results_free(&r);
    free(o);
    CHECK(cs_sweep_outcomes("council_spend,nonsense", &o, &m, err, sizeof err) == -1 && strstr(err, "nonsense"), "%s", err);
    CHECK(cs_sweep_outcomes("nhs_cost,nhs_cost", &o, &m, err, sizeof err) == -1 && strstr(err, "twice"), "%s", err);
}

/* Two points and the noise row, on 1 and on 2 threads: the same outcomes to
 * the bit; a parameter no simulated mechanism reads leaves them unchanged. */
static void runs(struct cs_scenario *base, struct cs_scenario *fair)
{
    for (struct cs_scenario *s = base; s; s = s == base ? fair : NULL) {
        s->p.scale = 0.005;
        s->p.years = 1;
        s->p.warmup_weeks = 52;
    }
    struct cs_sweep_factor *f;
    struct cs_sweep_outcome *o;
    int k, m;
    char err[512];
    if (cs_sweep_factors(base, fair, "need.hours,business_case.discount_rate", &f, &k, err, sizeof err) ||
        cs_sweep_outcomes(NULL, &o, &m, err, sizeof err)) {
        CHECK(0, "%s", err);
        return;
    }
    double x[] = {1.0, 0.035, 1.2, 0.035, 1.0, 0.05, 1.0, 0.035};
    int noise[] = {0, 0, 0, 1};
    struct cs_sweep_job job = {base, fair, f, k, o, m, 4, x, noise};
    double y1[4 * 6], r1[4 * 6], y2[4 * 6], r2[4 * 6];
    CHECK(cs_sweep_run(&job, 1, NULL, NULL, y1, r1, err, sizeof err) == 0, "1 thread: %s", err);
    CHECK(cs_sweep_run(&job, 2, NULL, NULL, y2, r2, err, sizeof err) == 0, "2 threads: %s", err);
    CHECK(!memcmp(y1, y2, sizeof y1) && !memcmp(r1, r2, sizeof r1), "outcomes depend on the threads");
    CHECK(!memcmp(y1, y1 + 2 * m, (size_t)m * sizeof *y1), "the discount rate (read by no mechanism) moved the run");
    CHECK(memcmp(y1, y1 + m, (size_t)m * sizeof *y1), "need hours x1.2 changed nothing");
    CHECK(memcmp(y1, y1 + 3 * m, (size_t)m * sizeof *y1), "the noise row's other seed changed nothing");
    CHECK(memcmp(y1, r1, (size_t)m * sizeof *y1), "fair pay's outcomes equal the baseline's");
    free(f);
    free(o);
}

static void file_roundtrip(void)
{
    struct cs_sweep_data d = {.method = CS_SENS_MORRIS, .n = 2, .runs = 8, .k = 2, .m = 2, .noise = 1, .has_reform = 1,
                              .design_seed = 42, .scale = 0.01, .years = 3, .reps = 1, .warmup = 260};
    CHECK(cs_sweep_data_alloc(&d) == 0, "alloc");
    snprintf(d.baseline, sizeof d.baseline, "baseline");
    snprintf(d.reform, sizeof d.reform, "fair_pay");
    snprintf(d.place, sizeof d.place, "E06000066");
    for (int i = 0; i < 2; i++) {
        snprintf(d.factor[i], CS_SWEEP_NAME, "factor.%d", i);
        snprintf(d.kind[i], CS_SWEEP_NAME, "value");
        snprintf(d.factor_units[i], CS_SWEEP_NAME, "GBP");
        snprintf(d.outcome[i], CS_SWEEP_NAME, "outcome_%d", i);
        snprintf(d.outcome_units[i], CS_SWEEP_NAME, "people");
        d.lo[i] = i;
        d.hi[i] = i + 1.5;
        d.nominal[i] = i + 0.5;
        d.clipped[i] = i;
    }
    for (int i = 0; i < 16; i++) {
        d.u[i] = i / 16.0;
        d.x[i] = i * 3.0;
        d.y[0][i] = i + 0.25;
        d.y[1][i] = -i;
        d.y_reform[i] = 2 * i;
    }
    for (int r = 0; r < 8; r++) d.moved[r] = r % 4 - 1 == 2 ? CS_SENS_ROW_NOISE : r % 4 - 1;
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 6; i++) d.ee[c][i] = (struct cs_sens_ee){c + i, 10 + i, 20 + i, 5 + i, 30 + i, 2};
    d.config[0] = strdup("name = \"baseline\";\n");
    d.config[1] = strdup("name = \"fair_pay\";\n");
    char path[] = "/tmp/cs_sweep_file_XXXXXX", err[512];
    int fd = mkstemp(path);
    close(fd);
    struct cs_provenance prov = {"0", "test", "cc", "test", 1};
    cs_out *o = cs_out_create(path, &prov, err, sizeof err);
    CHECK(o && cs_sweep_write(o, &d, err, sizeof err) == 0, "write: %s", err);
    CHECK(o && cs_out_open_ids(o) == 0, "the writer leaves %d HDF5 ids open", o ? cs_out_open_ids(o) : -1);
    CHECK(o && cs_out_finish(o, err, sizeof err) == 0, "finish: %s", err);
    cs_rfile *f = cs_rfile_open(path, err, sizeof err);
    struct cs_sweep_data e;
    CHECK(f && cs_sweep_in_file(f) && cs_sweep_read(f, &e, err, sizeof err) == 0, "read: %s", err);
    if (f && e.k == 2) {
        CHECK(e.method == CS_SENS_MORRIS && e.n == 2 && e.runs == 8 && e.m == 2 && e.noise == 1 && e.has_reform &&
                  e.design_seed == 42 && e.scale == 0.01 && e.years == 3 && e.warmup == 260,
              "settings read back differ");
        CHECK(!strcmp(e.reform, "fair_pay") && !strcmp(e.place, "E06000066") && !strcmp(e.factor[1], "factor.1") &&
                  !strcmp(e.outcome_units[0], "people") && !strcmp(e.config[1], d.config[1]),
              "names read back differ");
        CHECK(!memcmp(e.u, d.u, 16 * sizeof *e.u) && !memcmp(e.y[1], d.y[1], 16 * sizeof *e.y[1]) &&
                  !memcmp(e.y_reform, d.y_reform, 16 * sizeof *e.y_reform) && !memcmp(e.moved, d.moved, 8 * sizeof *e.moved) &&
                  e.hi[1] == 2.5 && e.clipped[1] == 1,
              "arrays read back differ");
        int same = 1;
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 6; i++) {
                int noise = i % 3 == 2;
                same &= e.ee[c][i].mu_star == d.ee[c][i].mu_star && e.ee[c][i].hi == d.ee[c][i].hi &&
                        (noise || (e.ee[c][i].mu == d.ee[c][i].mu && e.ee[c][i].n == 2));
            }
        CHECK(same, "indices read back differ");
        cs_sweep_data_free(&e);
    }
    if (f) cs_rfile_close(f);
    unlink(path);
    cs_sweep_data_free(&d);
}

void test_sweep(void)
{
    struct cs_scenario *sc = calloc(2, sizeof *sc);
    if (sc && load("scenarios/baseline.cfg", &sc[0]) == 0 && load("scenarios/fair_pay.cfg", &sc[1]) == 0) {
        /* a reform that also chooses its price (the Homecare Association's
         * minimum): fair_pay.cfg itself lets its price follow pay */
        sc[1].p.hc_price = 25.95;
        ranges(&sc[0]);
        apply_rules(&sc[0], &sc[1]);
        runs(&sc[0], &sc[1]);
    }
    free(sc);
    outcomes();
    file_roundtrip();
}
