/*
 * cs_calibrate.h — fitting the model's free parameters to published figures
 * (`caresim calibrate`, validation/calibrate.c; validation/README.md, "Calibration").
 *
 * A calibration file (libconfig) names the run to fit, the targets it is
 * judged against and the free parameters with their search ranges:
 *
 *     scenario  = "england.cfg";            # relative to this file
 *     targets   = "targets.csv";            # format in cs_validate.h
 *     output    = "../scenarios/calibrated.cfg";
 *     scale = 0.02; replicates = 1; seed = 1;
 *     max_evals = 150;                      # model runs at most
 *     fit = [ "requests_new_clients", ... ];   # target keys; all the run's series targets if absent
 *     free = ( { path = "council.request_rate"; lo = 0.2; hi = 2.0; },
 *              { path = "need.hours"; lo = 0.5; hi = 1.3; } );   # arrays: multipliers
 *
 * Objective: the mean over fitted targets of ((simulated - published) /
 * tolerance)^2, the simulated value being the mean over replicates of the
 * target's measure: 1 means "on average at the edge of tolerance". Every
 * evaluation uses the same seed (common random numbers), so two parameter
 * points differ only through the model, which keeps the surface smooth enough
 * for a simplex search. Parameters are searched on a logit scale between lo
 * and hi, so every evaluation stays inside the ranges. For an array parameter
 * (REALV) the value searched is a multiplier of the parameter table's defaults
 * (so a scenario that already takes a calibration starts where it left off,
 * within the same ranges), and lo, hi and start are multipliers too. A search
 * starts at the scenario's values unless a free parameter gives 'start'. Policy levers cannot be free: calibration
 * describes the world a policy acts in.
 *
 * The result is a calibration file (parameter settings only, with its
 * provenance in comments) that scenarios take with  calibration = "...";
 * (cs_config.h).
 */
#ifndef CS_CALIBRATE_H
#define CS_CALIBRATE_H

#include <signal.h>
#include <stddef.h>

#include "cs_config.h"
#include "cs_validate.h"

#define CS_CALIB_MAX_FREE 24
#define CS_CALIB_MAX_FIT 64

struct cs_calib_param {
    const struct cs_param_info *pi;
    double lo, hi, start;            /* search range and start (multipliers for REALV) */
};

struct cs_calib {
    char path[4096];                 /* the calibration file */
    char scenario_path[4096], targets_path[4096], output[4096];
    struct cs_scenario sc;           /* the run, with scale, replicates, seed and years set */
    struct cs_params ref;            /* the scenario as loaded */
    struct cs_params def;            /* the table's defaults: REALV multipliers apply to them */
    struct cs_targets ts;
    int n_free, n_fit;
    struct cs_calib_param fr[CS_CALIB_MAX_FREE];
    int fit[CS_CALIB_MAX_FIT];       /* indexes into ts.t */
    int max_evals, threads;
    double step;                     /* initial simplex step, logit units */
    double size_tol;                 /* stop when the simplex is this small (logit units) */
};

/* Read a calibration file and everything it names; checks every setting, free
 * parameter and target. 0, or -1 with "file:line: message" in err. */
int cs_calib_load(const char *path, struct cs_calib *c, char *err, size_t errlen);
void cs_calib_free(struct cs_calib *c);

/* The parameters at point theta (n_free values, in the parameters' own units or
 * multipliers) applied to a copy of the scenario, run, and measured: vals gets
 * each fitted target's simulated value (mean over replicates). Returns the
 * objective, or NAN with a message in err (a failed run; *stopped set to 1 when
 * *stop was raised). */
double cs_calib_eval(const struct cs_calib *c, const double *theta, double *vals, volatile sig_atomic_t *stop,
                     int *stopped, char *err, size_t errlen);

struct cs_calib_result {
    int evals;
    double f_start, f_best;
    double theta_start[CS_CALIB_MAX_FREE], theta_best[CS_CALIB_MAX_FREE];
    double v_start[CS_CALIB_MAX_FIT], v_best[CS_CALIB_MAX_FIT];
};

/* Nelder-Mead (GSL nmsimplex2) from the start point until the simplex is
 * smaller than size_tol or max_evals runs are spent. progress, if given, is
 * called after every evaluation. 0, 1 when stopped by *stop, -1 on error. */
int cs_calib_fit(const struct cs_calib *c, void (*progress)(void *ctx, int eval, double f, double best), void *ctx,
                 volatile sig_atomic_t *stop, struct cs_calib_result *res, char *err, size_t errlen);

/* Write the fitted values as a calibration file at path (through a temporary
 * file, so an interrupted write leaves any earlier file whole), with the
 * provenance (version, commit, compiler, date, command line, settings, each
 * target and parameter at the start and fitted) in comments. 0 or -1 (err). */
int cs_calib_write(const struct cs_calib *c, const struct cs_calib_result *res, const char *path,
                   const char *version, const char *commit, const char *cmdline, char *err, size_t errlen);

/* 1 when fitted target j (0..n_fit-1) with simulated value v is within its tolerance. */
int cs_calib_within(const struct cs_calib *c, int j, double v);

#endif
