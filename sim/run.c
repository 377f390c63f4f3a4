/*
 * run.c — one scenario for one place: load the seed data, then for each
 * replicate build the population, run the spin-up weeks unrecorded, then the
 * dated weeks from 2020-07-01 recorded: the status quo's levers until the
 * policy start (calendar.policy_start), the scenario's from it, through the
 * projected years; counts and money weighted by 1/scale.
 * cs_run_replicates does the work for a place already loaded, for a range of
 * replicates (an MPI run hands out single replicates: sim/mpi.c); cs_run_place
 * runs all of them (a national run calls it for every council: sim/national.c);
 * cs_run_scenario loads the scenario's place and calls it.
 */
#include "cs_run.h"
#include "cs_calendar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_model.h"
#include "cs_seed.h"

const struct cs_metric_info cs_metric_table[CS_N_METRICS] = {
#define CS_M_ROW(name, w, units, desc) {#name, w, units, desc},
    CS_METRIC_TABLE(CS_M_ROW)
#undef CS_M_ROW
};

void cs_results_free(struct cs_results *res)
{
    for (int k = 0; k < CS_N_METRICS; k++) free(res->series[k]);
    memset(res, 0, sizeof *res);
}

int cs_results_alloc(struct cs_results *res, int n_reps, int n_weeks)
{
    memset(res, 0, sizeof *res);
    res->n_reps = n_reps;
    res->n_weeks = n_weeks;
    for (int k = 0; k < CS_N_METRICS; k++) {
        res->series[k] = calloc((size_t)n_reps * n_weeks, sizeof(double));
        if (!res->series[k]) { cs_results_free(res); return -1; }
    }
    return 0;
}

int cs_run_weeks(const struct cs_params *p, int *policy_week)
{
    int y, m, d, pw = 0;
    if (cs_cal_parse(p->policy_start, &y, &m, &d) == 0) pw = cs_cal_week_of_date(y, m, d);
    if (pw < 0) pw = 0;
    if (policy_week) *policy_week = pw;
    return pw + 52 * p->years;
}

int cs_run_replicates(const struct cs_scenario *sc, const struct cs_place *pl, const struct cs_demography *lt,
                      int r0, int r1, int n_threads, const struct cs_progress *prog,
                      volatile sig_atomic_t *stop, struct cs_results *res, char *err, size_t errlen)
{
    const struct cs_params *p = &sc->p;
    int pw, W = cs_run_weeks(p, &pw);
    if (r0 < 0 || r1 <= r0) { snprintf(err, errlen, "replicates %d..%d: none to run", r0, r1 - 1); return -1; }
    if (cs_results_alloc(res, r1 - r0, W)) { snprintf(err, errlen, "out of memory"); return -1; }
    res->policy_week = pw;
    long total = (long)(r1 - r0) * (W + p->warmup_weeks), done = 0;
    double weight = 1.0 / p->scale;
    int stopped = 0;
    /* the spin-up and the dated history run the status quo; the scenario's
     * levers act from the policy start */
    struct cs_params *warm = malloc(sizeof *warm);
    if (!warm) { snprintf(err, errlen, "out of memory"); cs_results_free(res); return -1; }
    cs_scenario_warmup_params(sc, warm);
    for (int r = r0; r < r1 && !stopped; r++) {
        struct cs_sim sim;
        /* the replicate number, not the row, keys the random streams */
        if (cs_sim_init(&sim, warm, pl, lt, (uint32_t)r, n_threads, err, errlen)) {
            free(warm);
            cs_results_free(res);
            return -1;
        }
        size_t row = (size_t)(r - r0);
        int64_t entrants_warm = 0, deaths_warm = 0, left_warm = 0;
        if (sim.pop.cap > res->peak_people) res->peak_people = sim.pop.cap;
        for (int w = -p->warmup_weeks; w < W; w++) {
            if (stop && *stop) { stopped = 1; break; }
            if (w == pw) cs_sim_set_params(&sim, p);
            if (w == 0) {
                /* the reported population starts on 2020-07-01 */
                entrants_warm = sim.total_entrants;
                deaths_warm = sim.total_deaths;
                left_warm = sim.total_left;
                res->initial_people += cs_sim_alive(&sim) * weight;
            }
            cs_sim_step(&sim);
            res->person_weeks += sim.m[CS_M_people_alive];
            if (w >= 0)
                for (int k = 0; k < CS_N_METRICS; k++)
                    res->series[k][row * W + w] =
                        sim.m[k] * (cs_metric_table[k].weighted ? weight : 1.0);
            done++;
            if (prog && prog->fn && (done % 4 == 0 || done == total)) prog->fn(prog->ctx, done, total);
        }
        res->processed_weeks += (double)sim.sched_processed;
        if (sim.pop.cap > res->peak_people) res->peak_people = sim.pop.cap;
        if (!stopped) {
            res->entrants += (sim.total_entrants - entrants_warm) * weight;
            res->deaths += (sim.total_deaths - deaths_warm) * weight;
            res->left += (sim.total_left - left_warm) * weight;
            res->final_alive += cs_sim_alive(&sim) * weight;
        }
        cs_sim_free(&sim);
    }
    free(warm);
    return stopped ? 1 : 0;
}

int cs_run_place(const struct cs_scenario *sc, const struct cs_place *pl, const struct cs_demography *lt,
                 int n_threads, const struct cs_progress *prog, volatile sig_atomic_t *stop,
                 struct cs_results *res, char *err, size_t errlen)
{
    return cs_run_replicates(sc, pl, lt, 0, sc->p.replicates, n_threads, prog, stop, res, err, errlen);
}

int cs_run_scenario(const struct cs_scenario *sc, int n_threads, const struct cs_progress *prog,
                    volatile sig_atomic_t *stop, struct cs_results *res, char *err, size_t errlen)
{
    const struct cs_params *p = &sc->p;
    const char *dir = cs_seed_dir();
    struct cs_place *pl = malloc(sizeof *pl);
    struct cs_demography lt;
    memset(res, 0, sizeof *res);
    if (!pl) { snprintf(err, errlen, "out of memory"); return -1; }
    if (cs_seed_load_place(dir, p->place, pl, err, errlen) ||
        cs_seed_load_demography(dir, p->mort_period, &lt, err, errlen)) {
        free(pl);
        return -1;
    }
    int rc = cs_run_place(sc, pl, &lt, n_threads, prog, stop, res, err, errlen);
    free(pl);
    return rc;
}

int cs_team_skip(struct cs_team *tm, volatile sig_atomic_t *stop)
{
    int failed, stopped;
#pragma omp atomic read
    failed = tm->failed;
#pragma omp atomic read
    stopped = tm->stopped;
    return failed || stopped || (stop && *stop);
}

int cs_team_record(struct cs_team *tm, int r, char *err, size_t errlen, const char *fmt, ...)
{
    if (r < 0) {
#pragma omp critical(cs_team_error)
        if (!tm->failed) {
            if (err && errlen) {
                va_list ap;
                va_start(ap, fmt);
                vsnprintf(err, errlen, fmt, ap);
                va_end(ap);
            }
#pragma omp atomic write
            tm->failed = 1;
        }
    } else if (r > 0) {
#pragma omp atomic write
        tm->stopped = 1;
    }
    return r;
}
