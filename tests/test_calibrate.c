/*
 * test_calibrate.c — `caresim calibrate` (validation/calibrate.c) and calibration
 * files in scenarios (sim/config.c): the search recovers a parameter whose
 * true value made the "published" figures; the written file loads back as a
 * calibration, reproduces the fitted figures, and cannot set a policy lever;
 * bad calibration files are reported with file and line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cs_calendar.h"
#include "cs_calibrate.h"
#include "cs_metrics.h"
#include "cs_run.h"

static char dir[64];

static void put(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f) { CHECK(0, "cannot write %s", p); return; }
    fputs(text, f);
    fclose(f);
}

static const char *SCENARIO =
    "name = \"fitme\";\nplace = \"E06000066\";\nscale = 0.02;\nwarmup_weeks = 52;\nyears = 1;\nseed = 3;\n"
    "calendar: { policy_start = \"2021-04-01\"; };\n";

/* The sum over financial year 2021-22 (the targets' run_year), the run's first
 * projected year (the scenario starts its policy on 1 April 2021: a run four
 * years long would leave common random numbers less to hold on to, as
 * replicates' paths part over the years, and the search a rougher surface). */
static double year_sum(const struct cs_results *r, int k)
{
    double s = 0;
    for (int w = cs_cal_fy_first_week(2021); w < cs_cal_fy_first_week(2022); w++) s += r->series[k][w];
    return s;
}

/* The figures a run with need.onset_rate_at_75 = 0.07 produces are the targets;
 * a search from the default 0.06 must come back near 0.07, since with common random numbers the
 * objective is exactly 0 there. */
/* Write NAME, the test scenario taking calibration file CAL plus the lines
 * EXTRA, and load it into sc (cs_scenario_load's return). */
static int load_calibrated(const char *name, const char *cal, const char *extra, struct cs_scenario *sc, char *err,
                           size_t errlen)
{
    char text[2048], path[128];
    snprintf(text, sizeof text, "%scalibration = \"%s\";\n%s", SCENARIO, cal, extra);
    put(name, text);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return cs_scenario_load(path, sc, err, errlen);
}

static void recovers_known_value(void)
{
    char err[1024], path[128], text[2048];
    put("fitme.cfg", SCENARIO);
    struct cs_scenario sc;
    snprintf(path, sizeof path, "%s/fitme.cfg", dir);
    if (cs_scenario_load(path, &sc, err, sizeof err)) { CHECK(0, "load: %s", err); return; }
    sc.p.onset75 = sc.sq.onset75 = 0.07;
    struct cs_results truth;
    if (cs_run_scenario(&sc, 2, NULL, NULL, &truth, err, sizeof err)) { CHECK(0, "truth run: %s", err); return; }
    snprintf(text, sizeof text,
             "key,label,published,unit,year,source,run,run_year,measure,tolerance,why\n"
             "need,people with need,%.17g,people,2021,test,fitme,2021-22,mean(people_with_need),2%%,test\n"
             "req,requests,%.17g,requests,2021,test,fitme,2021-22,sum(requests),10%%,test\n"
             "fee,fee,908,GBP,2021,test,fitme,2021-22,param(council.residential_fee),1%%,input\n",
             year_sum(&truth, CS_M_people_with_need) / 52, year_sum(&truth, CS_M_requests));
    cs_results_free(&truth);
    put("t.csv", text);
    put("calib.cfg", "scenario = \"fitme.cfg\";\ntargets = \"t.csv\";\noutput = \"out.cfg\";\nmax_evals = 24;\n"
                     "size_tol = 0.01;\nfree = ( { path = \"need.onset_rate_at_75\"; lo = 0.03; hi = 0.12; } );\n");
    struct cs_calib *c = malloc(sizeof *c);
    struct cs_calib_result *res = malloc(sizeof *res);
    snprintf(path, sizeof path, "%s/calib.cfg", dir);
    if (!c || !res || cs_calib_load(path, c, err, sizeof err)) { CHECK(0, "calibration file: %s", err); free(c); free(res); return; }
    CHECK(c->n_fit == 2 && c->n_free == 1 && c->fr[0].start == 0.06, "no 'fit': every series target of the run (%d), start at the scenario's value",
          c->n_fit);
    c->threads = 2;
    int rc = cs_calib_fit(c, NULL, NULL, NULL, res, err, sizeof err);
    CHECK(rc == 0, "fit: %s", err);
    if (rc == 0) {
        CHECK(res->evals <= 24 && res->evals >= 5, "the search stops within max_evals (%d runs)", res->evals);
        CHECK(fabs(res->theta_best[0] - 0.07) < 0.002, "onset_rate_at_75 recovered: %.4f (true 0.07, start 0.06; objective %.3g)",
              res->theta_best[0], res->f_best);
        CHECK(res->f_best < 0.05 * res->f_start, "objective falls from %.3g to %.3g", res->f_start, res->f_best);
        CHECK(cs_calib_within(c, 0, res->v_best[0]) && cs_calib_within(c, 1, res->v_best[1]), "fitted figures within tolerance");
        snprintf(path, sizeof path, "%s/out.cfg", dir);
        CHECK(cs_calib_write(c, res, path, "test", "none", "caresim calibrate calib.cfg", err, sizeof err) == 0, "write: %s", err);
        /* the written file, taken by a scenario, gives the fitted value and the fitted figures */
        struct cs_scenario use;
        if (load_calibrated("use.cfg", "out.cfg", "", &use, err, sizeof err) == 0) {
            CHECK(fabs(use.p.onset75 - res->theta_best[0]) <= 1e-9 * res->theta_best[0],
                  "the calibration file sets onset_rate_at_75 %.10g (fitted %.10g)", use.p.onset75, res->theta_best[0]);
            struct cs_results again;
            if (cs_run_scenario(&use, 1, NULL, NULL, &again, err, sizeof err) == 0) {
                CHECK(fabs(year_sum(&again, CS_M_requests) - res->v_best[1]) <= 1e-6 * res->v_best[1],
                      "a run with the calibration file reproduces the fitted requests (%.0f vs %.0f)",
                      year_sum(&again, CS_M_requests), res->v_best[1]);
                cs_results_free(&again);
            } else CHECK(0, "run with calibration: %s", err);
            /* the scenario's own setting still wins over the calibration */
            CHECK(load_calibrated("own.cfg", "out.cfg", "need: { onset_rate_at_75 = 0.05; };\n", &use, err, sizeof err) == 0 &&
                      use.p.onset75 == 0.05,
                  "a scenario's own setting overrides its calibration file");
        } else CHECK(0, "use.cfg: %s", err);
    }
    cs_calib_free(c);
    free(c);
    free(res);
}

/* Arrays (whose first need level is 0 hours) and groups written by
 * cs_calib_write load back as the values searched, without any run. */
static void writes_arrays(void)
{
    char err[1024], path[128];
    put("arr.cfg", "scenario = \"fitme.cfg\";\ntargets = \"t.csv\";\noutput = \"arr-out.cfg\";\n"
                   "free = ( { path = \"need.hours\"; lo = 0.5; hi = 1.5; },\n"
                   "         { path = \"carers.family_share\"; lo = 0.3; hi = 0.9; },\n"
                   "         { path = \"need.recovery_rate\"; lo = 0.5; hi = 2; } );\n");
    struct cs_calib *c = malloc(sizeof *c);
    struct cs_calib_result *res = calloc(1, sizeof *res);
    snprintf(path, sizeof path, "%s/arr.cfg", dir);
    if (!c || !res || cs_calib_load(path, c, err, sizeof err)) { CHECK(0, "arr.cfg: %s", err); free(c); free(res); return; }
    res->theta_best[0] = 0.75;
    res->theta_best[1] = 0.5;
    res->theta_best[2] = 1.25;
    snprintf(path, sizeof path, "%s/arr-out.cfg", dir);
    CHECK(cs_calib_write(c, res, path, "test", "none", "test", err, sizeof err) == 0, "write: %s", err);
    struct cs_scenario use;
    if (load_calibrated("arr-use.cfg", "arr-out.cfg", "", &use, err, sizeof err) == 0) {
        int ok = 1;
        for (int k = 0; k < CS_NEED_LEVELS; k++) ok &= fabs(use.p.need_hours[k] - 0.75 * c->ref.need_hours[k]) <= 1e-9 * c->ref.need_hours[k];
        CHECK(ok && use.p.need_hours[0] == 0, "need.hours written as 0.75 times the scenario's, its 0 kept");
        CHECK(use.p.family_share == 0.5, "a real of 0.5 written and read back");
        CHECK(fabs(use.p.recover[0] - 1.25 * c->ref.recover[0]) <= 1e-9, "a second array in the same group");
    } else CHECK(0, "a written calibration file does not load: %s", err);
    cs_calib_free(c);
    free(c);
    free(res);
}

/* Load the calibration file text; expect an error containing want. */
static void calib_error(const char *text, const char *want)
{
    char err[1024], path[128];
    put("bad.cfg", text);
    snprintf(path, sizeof path, "%s/bad.cfg", dir);
    struct cs_calib *c = malloc(sizeof *c);
    int rc = cs_calib_load(path, c, err, sizeof err);
    CHECK(rc == -1 && strstr(err, want) && strstr(err, "bad.cfg"), "'%s' rejected with '%s' (got %d: %s)", text, want, rc,
          rc ? err : "accepted");
    if (rc == 0) cs_calib_free(c);
    free(c);
}

static void scenario_error(const char *calib_text, const char *want)
{
    char err[1024];
    put("cal.cfg", calib_text);
    struct cs_scenario sc;
    int rc = load_calibrated("s.cfg", "cal.cfg", "", &sc, err, sizeof err);
    CHECK(rc == -1 && strstr(err, want), "calibration '%s' rejected with '%s' (got: %s)", calib_text, want, rc ? err : "accepted");
}

static void bad_files(void)
{
    /* each body follows the same three lines (scenario, targets, output) */
    static const struct { const char *body, *want; } bad[] = {
        {"free = ( { path = \"council.eligibility_level\"; lo = 1; hi = 4; } );\n", "bad.cfg:4: "},
        {"free = ( { path = \"council.home_care_price\"; lo = 20; hi = 30; } );\n", "policy lever"},
        {"free = ( { path = \"council.request_rat\"; lo = 0.1; hi = 2; } );\n", "did you mean 'council.request_rate'"},
        {"free = ( { path = \"council.request_rate\"; lo = 2; hi = 1; } );\n", "lo must be below hi"},
        {"free = ( { path = \"council.request_rate\"; lo = 0.7; hi = 2; } );\n", "starts at 0.6, outside"},
        {"fit = [\"nosuch\"];\nfree = ( { path = \"council.request_rate\"; lo = 0.1; hi = 2; } );\n", "no target 'nosuch'"},
        {"fit = [\"fee\"];\nfree = ( { path = \"council.request_rate\"; lo = 0.1; hi = 2; } );\n", "model input"},
        {"free = ( { path = \"need.hours\"; lo = 0.5; hi = 1e9; } );\n", "valid range"},
        {"max_evals = 0;\nfree = ( { path = \"council.request_rate\"; lo = 0.1; hi = 2; } );\n", "'max_evals' = 0 is outside"},
        {"free = ( { path = \"council.request_rate\"; lo = 0.1; hi = 2; } );\nfre = 1;\n", "unknown setting 'fre'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char t[1024];
        snprintf(t, sizeof t, "scenario = \"fitme.cfg\";\ntargets = \"t.csv\";\noutput = \"o.cfg\";\n%s", bad[i].body);
        calib_error(t, bad[i].want);
    }
    calib_error("targets = \"t.csv\";\noutput = \"o.cfg\";\nfree = ();\n", "'scenario' is missing");

    scenario_error("council: { home_care_price = 25.0; };\n", "policy lever");
    scenario_error("council: { request_rate = 0.5; };\nname = \"x\";\n", "parameter settings only");
    scenario_error("council: {\n  request_rate = \"high\";\n};\n", "cal.cfg:2");
    scenario_error("council: { request_rte = 0.5; };\n", "request_rte");
    char err[512];
    struct cs_scenario sc;
    CHECK(load_calibrated("m.cfg", "missing.cfg", "", &sc, err, sizeof err) == -1 && strstr(err, "missing.cfg") &&
              strstr(err, "m.cfg:"),
          "a missing calibration file is reported where it is named: %s", err);
}

void test_calibrate(void)
{
    strcpy(dir, "/tmp/cs_calib_XXXXXX");
    if (!mkdtemp(dir)) { CHECK(0, "mkdtemp"); return; }
    recovers_known_value();
    writes_arrays();
    bad_files();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) fprintf(stderr, "could not remove %s\n", dir);
}
