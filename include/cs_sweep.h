/*
 * cs_sweep.h — running the model over a sensitivity design (`caresim sweep`):
 * which parameters vary and over what range, how a point of the unit cube
 * becomes a scenario, running every point (and the reform at the same point)
 * in parallel, and the outcomes each run is summarised by. The designs and
 * estimators are in cs_sensitivity.h; the file in analysis/sweep_file.c; the
 * command in analysis/sweep_cli.c; the reasoning in docs/sensitivity.md.
 *
 * Ranges. The table's lo..hi is the plausible range of a parameter's default
 * (for a list, REALV, a multiplier of the list). A scenario that sets its own
 * value (Somerset's micro-enterprises per 100,000, its minority share) keeps
 * the same relative uncertainty around that value: the range is the table's
 * times value/default. Ranges are then cut to the valid range (a list's
 * multiplier so that no element leaves it); both facts are recorded.
 *
 * Which copy of a parameter is set. An uncertain parameter describes the
 * world, so it takes the sampled value in the run (p) and, for a policy
 * lever, in the status quo (sq) the warm-up runs. A value a scenario chose
 * itself is a decision, not an uncertainty, and is kept: a lever whose value
 * in p differs from the status quo (the reform's new price, say), and in the
 * reform any other parameter it sets differently from the baseline. So the
 * reform's effect is measured at the same uncertain world as the baseline,
 * with the reform's own choices held.
 */
#ifndef CS_SWEEP_H
#define CS_SWEEP_H

#include <signal.h>
#include <stddef.h>

#include "cs_config.h"
#include "cs_run.h"

struct cs_sweep_factor {
    const struct cs_param_info *pi;
    double lo, hi;      /* the range sampled: the value, or for a list its multiplier */
    double nominal;     /* the baseline's status-quo value (1 for a list) */
    int rescaled;       /* 1: the table's range moved to the scenario's own value */
    int clipped;        /* 1: cut to the valid range */
};

struct cs_sweep_outcome {
    int metric;         /* index into cs_metric_table */
    double per_year;    /* 52 for a weekly flow (units X/week), else 1 */
    char units[64];     /* the summary's units (X/year for a flow) */
};

/* The default outcomes, comma-separated metric names. */
#define CS_SWEEP_OUTCOMES "council_spend,unmet_need_hours,waiting_list,nhs_cost,wellbeing_mean,carer_strain_mean"

/* The factors named in list (comma-separated parameter paths; NULL or "" for
 * every parameter with a plausible range), with their ranges around the
 * baseline's values, valid for base and for reform (NULL for none). *f is
 * allocated. 0, or -1 with a message in err (an unknown name, with a
 * suggestion; one without a range; a repeat; a range with no room). */
int cs_sweep_factors(const struct cs_scenario *base, const struct cs_scenario *reform, const char *list,
                     struct cs_sweep_factor **f, int *k, char *err, size_t errlen);

/* The outcomes named in list (metric names; NULL for CS_SWEEP_OUTCOMES). */
int cs_sweep_outcomes(const char *list, struct cs_sweep_outcome **o, int *m, char *err, size_t errlen);

/* The value of factor f at u in [0, 1): lo + u (hi - lo), for an integer
 * parameter one of its whole values lo..hi, each an equal share of [0, 1). */
double cs_sweep_value(const struct cs_sweep_factor *f, double u);
/* Where value x lies in the range, (x - lo) / (hi - lo): for an integer
 * parameter the design's step as it was really taken. */
double cs_sweep_unit(const struct cs_sweep_factor *f, double x);

/* The scenario run at values x[0..k-1] of the factors: sc (the baseline, or
 * the reform) with each factor set as the rules above say, relative to the
 * baseline base's values. 0, or -1 with a message in err. */
int cs_sweep_apply(const struct cs_sweep_factor *f, int k, const double *x, const struct cs_scenario *sc,
                   const struct cs_scenario *base, struct cs_scenario *out, char *err, size_t errlen);

/* An outcome of a run: the metric's mean over replicates and the weeks of the
 * projection window (from r->policy_week; the history before it is left
 * out), times per_year. */
double cs_sweep_outcome_value(const struct cs_results *r, const struct cs_sweep_outcome *o);

/* The seed of a design's noise row: another seed, as far from the base
 * seed's streams as independent streams are (caresim run --independent-streams). */
long cs_sweep_noise_seed(long seed);

/* Everything a sweep runs. */
struct cs_sweep_job {
    const struct cs_scenario *base, *reform;   /* reform NULL: the baseline only */
    const struct cs_sweep_factor *f;
    int k;
    const struct cs_sweep_outcome *o;
    int m;
    int runs;
    const double *x;      /* runs x k: the factors' values at each point */
    const int *noise;     /* runs: 1 where the point runs with cs_sweep_noise_seed */
};

/* Run every point of job (and the reform at it), n_threads runs at a time,
 * each on one thread: y_base[run * m + j] (and y_reform, when job->reform)
 * get the outcomes. A run's results depend only on its point, never on the
 * threads. prog is called with runs done of the total. Polls *stop; returns
 * 1 when it was set, 0 when done, -1 with a message in err. */
int cs_sweep_run(const struct cs_sweep_job *job, int n_threads, const struct cs_progress *prog,
                 volatile sig_atomic_t *stop, double *y_base, double *y_reform, char *err, size_t errlen);

#endif
