/*
 * cs_run.h — running a scenario: every replicate of one place, warm-up then the
 * reported weeks, collecting each metric as a [replicate, week] series; or, for
 * a national run (place "all"), every council of seeds/places.csv, each into its
 * own results, combined into national series afterwards.
 */
#ifndef CS_RUN_H
#define CS_RUN_H

#include <signal.h>

#include "cs_config.h"
#include "cs_metrics.h"

/* The smallest sampling fraction whose results match larger samples' (measured:
 * validation/README.md, "Scale"); below it caresim run warns. */
#define CS_SCALE_RELIABLE 0.05

struct cs_progress {
    void (*fn)(void *ctx, long done, long total);
    void *ctx;
    /* optional, national runs: called as each council finishes */
    void (*places)(void *ctx, int done, int total);
};

struct cs_results {
    int n_reps, n_weeks;             /* dated weeks: 0 starts 2020-07-01 (cs_calendar.h) */
    int policy_week;                 /* the first week of the projection (calendar.policy_start) */
    double *series[CS_N_METRICS];    /* series[k][rep * n_weeks + week] */
    /* conservation totals over the reported weeks, summed over replicates */
    double initial_people, entrants, deaths, left, final_alive;   /* entrants: everyone who joined;
                                     * left: who left alive (migration) */
    double person_weeks;             /* simulated (unweighted) person-weeks, warm-up included */
    double processed_weeks;          /* ... of which people were processed (sched.c), the rest quiet */
    double peak_people;              /* largest population array allocated */
};

/* The dated weeks a run of p records (2020-07-01 to the end of its
 * projected years), and in *policy_week (if not NULL) the week its levers
 * act from. p's calendar.policy_start is assumed valid (cs_scenario_load). */
int cs_run_weeks(const struct cs_params *p, int *policy_week);

/* Allocate res's series (zeroed) for n_reps x n_weeks; 0, or -1 when out of memory. */
int cs_results_alloc(struct cs_results *res, int n_reps, int n_weeks);

struct cs_place;
struct cs_demography;
/* Run every replicate of sc for the place pl (loaded by the caller; sc->p.place
 * is not read) with n_threads, into res (allocated here). The place's random
 * streams are keyed on pl->key (its code, or the 2021 code of a council
 * renamed in 2023 on the same area), so its results do not depend on which other
 * places run. Polls *stop between weeks and returns 1 if it was set.
 * Returns 0 on success, -1 on error (message in err, res freed). */
int cs_run_place(const struct cs_scenario *sc, const struct cs_place *pl, const struct cs_demography *lt,
                 int n_threads, const struct cs_progress *prog, volatile sig_atomic_t *stop,
                 struct cs_results *res, char *err, size_t errlen);

/* As cs_run_place, for replicates r0 .. r1-1 only, into rows 0 .. r1-r0-1 of
 * res (allocated here with r1-r0 replicates). Replicate r draws from streams
 * keyed on (seed, r, place), so each row equals row r of cs_run_place's
 * results, whichever range it was run in. */
int cs_run_replicates(const struct cs_scenario *sc, const struct cs_place *pl, const struct cs_demography *lt,
                      int r0, int r1, int n_threads, const struct cs_progress *prog,
                      volatile sig_atomic_t *stop, struct cs_results *res, char *err, size_t errlen);

/* The outcome of runs shared out over an OpenMP team (the councils of a
 * national run, a sweep's points, an MPI rank's units): whether one failed,
 * with the first failure's message, or was stopped by an interrupt. Zero it
 * before the loop. */
struct cs_team { int failed, stopped; };

/* 1 when a run not yet started should not start: one has failed, or stopped,
 * or *stop is set. Any thread. */
int cs_team_skip(struct cs_team *tm, volatile sig_atomic_t *stop);

/* Record one run's return r (as cs_run_replicates': < 0 failed, > 0 stopped,
 * 0 done); the team's first failure writes fmt's message into err (when not
 * NULL). Returns r.
 * Any thread. */
int cs_team_record(struct cs_team *tm, int r, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Run sc (its place sc->p.place) with n_threads. Polls *stop between weeks and returns 1 if it was set.
 * Returns 0 on success, -1 on error (message in err). */
int cs_run_scenario(const struct cs_scenario *sc, int n_threads, const struct cs_progress *prog,
                    volatile sig_atomic_t *stop, struct cs_results *res, char *err, size_t errlen);
void cs_results_free(struct cs_results *res);

/* ---- national runs (place "all"; sim/national.c) ------------------------ */

#define CS_NATIONAL_MAX_PLACES 1024   /* rows of seeds/places.csv a national run accepts, less one */

struct cs_national {
    int n_places;
    char (*code)[16];            /* ONS codes, in seeds/places.csv order */
    char (*name)[64];            /* council names, same order */
    struct cs_results *place;    /* place[p]: council p's results, exactly those of a
                                  * run of that council alone with the same settings */
    struct cs_results total;     /* national series (cs_national_combine) and totals;
                                  * total.peak_people: the population arrays that
                                  * existed at once (the at_once largest councils) */
    int at_once;                 /* councils run at the same time (the threads) */
    double people_all;           /* population arrays of all councils, summed */
};

/* Run sc for every council in seeds/places.csv (sc->p.place is not read), T =
 * n_threads councils at a time, each with one thread, largest first; then
 * combine. Polls *stop between weeks and returns 1 if it was set (nat then
 * holds only total.person_weeks). Returns 0, or -1 with a message in err
 * (nat freed, as for 1). */
int cs_run_national(const struct cs_scenario *sc, int n_threads, const struct cs_progress *prog,
                    volatile sig_atomic_t *stop, struct cs_national *nat, char *err, size_t errlen);
void cs_national_free(struct cs_national *nat);

/* National series from n councils' results of the same shape, into out
 * (allocated here): weighted metrics (counts, hours, money) summed, the others
 * averaged with the weights of cs_metric_national_weight() (0 when all weights
 * are 0); sums run over councils in the given order. Conservation totals and
 * person_weeks are summed. Returns 0, or -1 (out of memory, shapes differ). */
int cs_national_combine(const struct cs_results *places, int n, struct cs_results *out);

#endif
