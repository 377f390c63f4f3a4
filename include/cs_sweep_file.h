/*
 * cs_sweep_file.h — a sensitivity analysis as it is kept: in memory, in its
 * HDF5 file (analysis/sweep_file.c) and in the report (analysis/sweep_report.c).
 *
 * The file is an ordinary caresim result file (cs_output.h: temporary name
 * and rename, status "complete" written last, provenance on the root) whose
 * /scenarios group is empty and which holds one group /sweep (docs/output.md,
 * "Sensitivity analysis"):
 *   attributes   method ("morris" | "sobol"), samples, runs, design_seed,
 *                noise_row, step, baseline, reform ("" for none), place,
 *                scale, years, replicates, warmup_weeks, outcome_summary
 *   config_baseline, config_reform     resolved configurations (strings)
 *   factors/     name, kind ("value" | "multiplier"), units [k] (strings);
 *                lo, hi (the range sampled), nominal, table_lo, table_hi [k];
 *                rescaled, clipped [k] (0/1)
 *   outcomes/    name, units [m] (strings)
 *   design/      u, x [runs, k] (unit cube; the values set); moved [runs]
 *                (factor moved, or -1 base, -2 Sobol's B, -3 noise row)
 *   baseline/    y [runs, m]: each run's outcomes
 *   effect/      y [runs, m]: reform minus baseline at the same point;
 *                reform_y [runs, m] (the reform's own outcomes)
 *   baseline/ and effect/, Morris: mu, mu_star, sigma, mu_star_lo,
 *                mu_star_hi [m, k], n [m, k]; noise_mu_star, noise_sigma,
 *                noise_lo, noise_hi [m] when noise_row is 1
 *   baseline/ and effect/, Sobol: s1, st, s1_lo, s1_hi, st_lo, st_hi [m, k]
 */
#ifndef CS_SWEEP_FILE_H
#define CS_SWEEP_FILE_H

#include <stdio.h>

#include "cs_h5read.h"
#include "cs_output.h"
#include "cs_sensitivity.h"

#define CS_SWEEP_NAME 96   /* longest factor, outcome or unit name kept, + 1 */

/* The comparisons: the baseline's outcomes, and the reform's effect. */
enum { CS_SWEEP_BASELINE, CS_SWEEP_EFFECT, CS_SWEEP_N_CMP };

struct cs_sweep_data {
    int method, n, runs, k, m, noise, has_reform;
    unsigned long design_seed;
    char baseline[64], reform[64], place[32];
    double scale;
    int years, reps, warmup;
    char (*factor)[CS_SWEEP_NAME], (*kind)[CS_SWEEP_NAME], (*factor_units)[CS_SWEEP_NAME];
    double *lo, *hi, *nominal, *table_lo, *table_hi;
    int *rescaled, *clipped;
    char (*outcome)[CS_SWEEP_NAME], (*outcome_units)[CS_SWEEP_NAME];
    double *u, *x;                        /* runs x k */
    int *moved;                           /* runs */
    double *y[CS_SWEEP_N_CMP];            /* runs x m; y[EFFECT] when has_reform */
    double *y_reform;                     /* runs x m, when has_reform */
    struct cs_sens_ee *ee[CS_SWEEP_N_CMP];    /* Morris: m x (k + noise), outcome j's at j * (k + noise) */
    struct cs_sens_si *si[CS_SWEEP_N_CMP];    /* Sobol: m x k */
    char *config[CS_SWEEP_N_CMP];         /* the baseline's and the reform's resolved text */
};

/* Allocate every array of d for its method, runs, k, m, noise and has_reform
 * (set by the caller); 0, or -1 (d freed). */
int cs_sweep_data_alloc(struct cs_sweep_data *d);
void cs_sweep_data_free(struct cs_sweep_data *d);

/* idx[0..k-1]: the factors of outcome j in comparison c from the most to the
 * least influential, by mu* (Morris) or ST (Sobol). */
void cs_sweep_ranked(const struct cs_sweep_data *d, int c, int j, int *idx);

/* Write d as /sweep of the open result file o. 0, or -1 with err. */
int cs_sweep_write(cs_out *o, const struct cs_sweep_data *d, char *err, size_t errlen);

/* 1 when the result file f holds a sensitivity analysis. */
int cs_sweep_in_file(const cs_rfile *f);

/* Read /sweep of f into d (allocated here). 0, or -1 with err. */
int cs_sweep_read(const cs_rfile *f, struct cs_sweep_data *d, char *err, size_t errlen);

/* The report's sections for a sweep file: the method, the settings and the
 * top-ten charts of each outcome, for the baseline and the reform's effect
 * (analysis/sweep_report.c). 0, or -1 with a message on stderr. */
int cs_sweep_report(FILE *o, const cs_rfile *f);

#endif
