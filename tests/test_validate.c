/*
 * test_validate.c — the checker behind `caresim validate` (validation/validate.c):
 * reading a targets file, with every malformed row reported as file:line;
 * computing a measure from series (sum, mean, end of a year; ratios); and the
 * pass/fail verdict at the edge of the tolerance. The exit statuses are
 * checked on a real run by tests/cli.sh.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cs_metrics.h"
#include "cs_validate.h"

static const char *HDR = "key,label,published,unit,year,source,run,run_year,measure,tolerance,why\n";

/* Load text as a targets file; 0 or -1 with the message in err. */
static int load_text(const char *text, struct cs_targets *ts, char *path, char *err, size_t errlen)
{
    strcpy(path, "/tmp/cs_targets_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) { CHECK(0, "mkstemp"); return -2; }
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    int rc = cs_targets_load(path, ts, err, errlen);
    unlink(path);
    return rc;
}

static void parsing(void)
{
    struct cs_targets ts;
    char err[512], path[64];
    CHECK(cs_targets_load("tests/fixtures/validate/pass.csv", &ts, err, sizeof err) == 0, "pass.csv: %s", err);
    if (ts.n == 3) {
        const struct cs_target *a = &ts.t[0], *fee = &ts.t[1], *nm = &ts.t[2];
        CHECK(a->kind == CS_VK_SERIES && a->num.agg == CS_VAGG_MEAN && a->num.n == 1 &&
              a->num.metric[0] == CS_M_people_alive && !a->has_den, "mean(people_alive) parsed");
        CHECK(a->tol_rel && fabs(a->tol - 0.5) < 1e-12 && !strcmp(a->run_year, "mid-2021") && a->week0 == 52 &&
              a->n_weeks == 1 && a->published == 450000, "50%% tolerance, run year mid-2021 (week 52), published value");
        CHECK(!strcmp(fee->run_year, "2024-25") && fee->week0 == 195 && fee->n_weeks == 52,
              "run year 2024-25: weeks 195 .. 246 (%d, %d)", fee->week0, fee->n_weeks);
        CHECK(fee->kind == CS_VK_PARAM && !strcmp(fee->param, "council.residential_fee") &&
              !strcmp(fee->label, "council fee, residential"), "param(...) and a quoted label with a comma");
        CHECK(nm->kind == CS_VK_NONE, "not modelled");
    } else CHECK(0, "pass.csv has 3 targets, got %d", ts.n);
    cs_targets_free(&ts);

    char text[2048];
    snprintf(text, sizeof text, "# comment\n%sr,share,0.79,f,2023,src,england,2023-24,"
             "sum(council_spend_home_care + client_charges) / sum(council_spend),0.05,why\n", HDR);
    CHECK(load_text(text, &ts, path, err, sizeof err) == 0, "ratio: %s", err);
    if (ts.n == 1)
        CHECK(ts.t[0].has_den && ts.t[0].num.n == 2 && ts.t[0].den.metric[0] == CS_M_council_spend &&
              !ts.t[0].tol_rel && ts.t[0].tol == 0.05, "a ratio of sums with an absolute tolerance");
    cs_targets_free(&ts);

    /* each bad row: the error names the file and the line (line 3: after a comment and the header) */
    static const struct { const char *row, *word; } bad[] = {
        {"a,b,1,u,y,s,r,2023-24,mean(no_such_metric),5%,w", "no_such_metric"},
        {"a,b,1,u,y,s,r,2023-24,median(deaths),5%,w", "measure"},
        {"a,b,1,u,y,s,r,2023-24,sum(deaths,5%,w", "')'"},
        {"a,b,1,u,y,s,r,2023-24,sum(deaths),five,w", "tolerance"},
        {"a,b,1,u,y,s,r,2023-24,sum(deaths),-5%,w", "tolerance"},
        {"a,b,lots,u,y,s,r,2023-24,sum(deaths),5%,w", "not a number"},
        {"a,b,1,u,y,s,r,0,sum(deaths),5%,w", "run_year"},
        {"a,b,1,u,y,s,r,1,sum(deaths),5%,w", "financial year (2023-24) or a mid-year"},
        {"a,b,1,u,y,s,r,2023-25,sum(deaths),5%,w", "run_year '2023-25'"},
        {"a,b,1,u,y,s,r,mid-21,sum(deaths),5%,w", "run_year 'mid-21'"},
        {"a,b,1,u,y,s,r,2023-24x,sum(deaths),5%,w", "run_year"},
        {"a,b,1,u,y,s,,2023-24,sum(deaths),5%,w", "no run"},
        {"a,b,1,u,y,,r,2023-24,sum(deaths),5%,w", "no source"},
        {"a,b,1,u,y,s,r,2023-24,sum(deaths),5%", "10 columns"},
        {"a,b,1,u,y,s,r,2023-24,sum(deaths),5%,w,extra", "more than"},
        {"a,\"b,1,u,y,s,r,2023-24,sum(deaths),5%,w", "quote"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "# c\n%s%s\n", HDR, bad[i].row);
        int rc = load_text(text, &ts, path, err, sizeof err);
        char loc[80];
        snprintf(loc, sizeof loc, "%s:3: ", path);
        CHECK(rc == -1 && !strncmp(err, loc, strlen(loc)) && strstr(err, bad[i].word),
              "bad row %zu is reported at %s with '%s' (got '%s')", i, loc, bad[i].word, err);
    }
    snprintf(text, sizeof text, "%sa,b,1,u,y,s,r,2023-24,sum(deaths),5%%,w\na,c,1,u,y,s,r,2023-24,sum(deaths),5%%,w\n", HDR);
    CHECK(load_text(text, &ts, path, err, sizeof err) == -1 && strstr(err, ":3: key 'a' is also on line 2"),
          "a repeated key is an error (%s)", err);
    CHECK(load_text("key,label,value\n", &ts, path, err, sizeof err) == -1 && strstr(err, ":1: expected the header"),
          "a wrong header is an error (%s)", err);
    CHECK(load_text("# only a comment\n", &ts, path, err, sizeof err) == -1 && strstr(err, "no header"),
          "an empty file is an error (%s)", err);
    CHECK(cs_targets_load("tests/fixtures/validate/none.csv", &ts, err, sizeof err) == -1 &&
          strstr(err, "none.csv: cannot open"), "a missing file is an error (%s)", err);
}

/* a fake run "r": 2 replicates x 200 dated weeks (0 = 2020-07-01); metric k in
 * replicate i, week w is (k + 1) * (i + 1) + w */
enum { FW = 200 };
static double fake[CS_N_METRICS][2 * FW];

static const double *fake_series(void *ctx, const char *run, int k, int *R, int *W, char *err, size_t errlen)
{
    (void)ctx;
    if (strcmp(run, "r")) { snprintf(err, errlen, "no run '%s'", run); return NULL; }
    *R = 2;
    *W = FW;
    return fake[k];
}

static int fake_param(void *ctx, const char *run, const char *path, double *v, char *err, size_t errlen)
{
    (void)ctx; (void)run;
    if (strcmp(path, "council.residential_fee")) { snprintf(err, errlen, "no '%s'", path); return -1; }
    *v = 908;
    return 0;
}

static void measures_and_verdicts(void)
{
    for (int k = 0; k < CS_N_METRICS; k++)
        for (int i = 0; i < 2; i++)
            for (int w = 0; w < FW; w++) fake[k][i * FW + w] = (k + 1) * (i + 1) + w;
    struct cs_vsource src = {fake_series, fake_param, NULL};
    struct cs_targets ts;
    char err[512], path[64], text[2048];
    snprintf(text, sizeof text, "%s"
             "s,s,1,u,y,src,r,2022-23,sum(deaths),5%%,w\n"
             "m,m,1,u,y,src,r,2021-22,mean(deaths+people_alive),5%%,w\n"
             "e,e,1,u,y,src,r,2022-23,end(deaths),5%%,w\n"
             "q,q,1,u,y,src,r,2021-22,end(deaths)/end(people_alive),5%%,w\n"
             "late,late,1,u,y,src,r,2024-25,sum(deaths),5%%,w\n"
             "other,other,1,u,y,src,nope,2021-22,sum(deaths),5%%,w\n"
             "p,p,908,u,y,src,r,2021-22,param(council.residential_fee),1%%,w\n"
             "mid,mid,1,u,y,src,r,mid-2022,mean(deaths),5%%,w\n"
             "early,early,1,u,y,src,r,2020-21,sum(deaths),5%%,w\n", HDR);
    if (load_text(text, &ts, path, err, sizeof err)) { CHECK(0, "targets: %s", err); return; }
    double v[4], d = CS_M_deaths + 1, a = CS_M_people_alive + 1;
    /* 2022-23 = dated weeks 91..142: the sum of d (i + 1) + w */
    CHECK(cs_target_values(&ts.t[0], &src, v, 4, err, sizeof err) == 2 && v[0] == 52 * d + 6058 &&
          v[1] == 104 * d + 6058, "sum over 2022-23 (%g, %g)", v[0], v[1]);
    /* 2021-22 = weeks 39..90, mean week 64.5 */
    CHECK(cs_target_values(&ts.t[1], &src, v, 4, err, sizeof err) == 2 && fabs(v[0] - (d + a + 129)) < 1e-9,
          "mean of a sum over 2021-22 (%g)", v[0]);
    CHECK(cs_target_values(&ts.t[2], &src, v, 4, err, sizeof err) == 2 && v[1] == 2 * d + 142, "end of 2022-23 (%g)", v[1]);
    CHECK(cs_target_values(&ts.t[3], &src, v, 4, err, sizeof err) == 2 && fabs(v[0] - (d + 90) / (a + 90)) < 1e-12,
          "a ratio, replicate by replicate (%g)", v[0]);
    CHECK(cs_target_values(&ts.t[4], &src, v, 4, err, sizeof err) == -1 && strstr(err, "do not cover 2024-25"),
          "a year beyond the run is an error (%s)", err);
    CHECK(cs_target_values(&ts.t[5], &src, v, 4, err, sizeof err) == -1 && strstr(err, "nope"),
          "an unknown run is an error (%s)", err);
    CHECK(cs_target_values(&ts.t[6], &src, v, 4, err, sizeof err) == 1 && v[0] == 908, "a parameter");
    /* mid-2022: the one week starting 1 July 2022, dated week 104 */
    CHECK(cs_target_values(&ts.t[7], &src, v, 4, err, sizeof err) == 2 && v[0] == d + 104 && v[1] == 2 * d + 104,
          "mid-2022 is week 104 (%g, %g)", v[0], v[1]);
    CHECK(cs_target_values(&ts.t[8], &src, v, 4, err, sizeof err) == -1 && strstr(err, "do not cover 2020-21"),
          "a year starting before week 0 is an error (%s)", err);

    /* verdicts: published 100, tolerance 10% (and absolute 10) */
    struct cs_target t = ts.t[0];
    struct cs_ci ci;
    t.published = 100;
    t.tol = 0.1;
    double in[3] = {95, 105, 100}, edge[2] = {110, 110}, out[3] = {120, 110, 115}, lo[1] = {89.9};
    CHECK(cs_target_judge(&t, in, 3, 0.95, &ci) == CS_VS_PASS && ci.mean == 100 && ci.lo < 100 && ci.hi > 100,
          "within the tolerance passes, with an interval around the mean");
    CHECK(cs_target_judge(&t, edge, 2, 0.95, &ci) == CS_VS_PASS, "on the edge passes");
    CHECK(cs_target_judge(&t, out, 3, 0.95, &ci) == CS_VS_FAIL, "a mean outside the tolerance fails (%g)", ci.mean);
    CHECK(cs_target_judge(&t, lo, 1, 0.95, &ci) == CS_VS_FAIL && ci.lo == ci.hi, "below fails; one replicate has no interval");
    t.tol_rel = 0;
    t.tol = 10;
    CHECK(cs_target_judge(&t, edge, 2, 0.95, &ci) == CS_VS_PASS && cs_target_judge(&t, out, 3, 0.95, &ci) == CS_VS_FAIL,
          "an absolute tolerance");
    t.kind = CS_VK_PARAM;
    CHECK(cs_target_judge(&t, in, 1, 0.95, &ci) == CS_VS_INPUT && cs_target_judge(&t, lo, 1, 0.95, &ci) == CS_VS_FAIL,
          "a parameter is an input when it matches, a failure when it does not");
    t.kind = CS_VK_NONE;
    CHECK(cs_target_judge(&t, NULL, 0, 0.95, &ci) == CS_VS_NM, "not modelled");
    cs_targets_free(&ts);
}

void test_validate(void)
{
    parsing();
    measures_and_verdicts();
}
