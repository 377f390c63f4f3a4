/*
 * cs_sensitivity.h — the mathematics of `caresim sweep`, apart from the model:
 * sampling designs on the unit cube and the estimators that turn one output
 * per design row into sensitivity indices. Nothing here knows about
 * parameters, scenarios or files (analysis/sweep.c maps the unit cube onto the
 * parameter table's plausible ranges; docs/sensitivity.md explains the
 * choices).
 *
 * Morris screening (elementary effects), radial one-at-a-time design
 * (Campolongo, Saltelli & Cariboni 2011): r base points a from a randomly
 * shifted Sobol sequence; from each, every factor in turn is moved alone, to
 * a_i + 1/2 (a_i < 1/2) or a_i - 1/2, so every step is half the factor's
 * range (a continuous form of Morris's grid step; a random step length would
 * divide the model's stochastic noise by steps that can be tiny). GSL's Sobol
 * generator has at most 40 dimensions, so more factors are split into blocks
 * of at most 40, each a Sobol sequence with its own random shift
 * (Cranley-Patterson rotation) and, from the second block on, its own random
 * order of the r points (Latin supercube sampling, Owen 1998): each block
 * keeps its Sobol spread, and the blocks are not tied to one another.
 *
 * Sobol indices (first order S1 and total ST) for at most 20 factors: the
 * Saltelli (2010) design, A and B the first and last k coordinates of a
 * shifted 2k-dimensional Sobol sequence, AB_i = A with column i from B;
 * S1 by Saltelli (2010), ST by Jansen (1999).
 */
#ifndef CS_SENSITIVITY_H
#define CS_SENSITIVITY_H

#include <stddef.h>

enum { CS_SENS_MORRIS, CS_SENS_SOBOL };

#define CS_SENS_MAX_QRNG_DIM 40   /* gsl_qrng_sobol's limit */
#define CS_SENS_SOBOL_MAX_K 20    /* A and B together use 2k dimensions */
#define CS_SENS_STEP 0.5          /* the Morris step, a share of each range */

/* What a design row is: a factor index i >= 0 is the row where factor i alone
 * moved from the group's base row; else one of these. */
enum {
    CS_SENS_ROW_BASE = -1,   /* Morris base point a; Sobol's A row */
    CS_SENS_ROW_B = -2,      /* Sobol's B row */
    CS_SENS_ROW_NOISE = -3,  /* Morris: the base point again with other random
                              * numbers (the runner changes the seed); its
                              * "effect" is the model's noise, a dummy factor */
};

struct cs_sens_design {
    int method, k;     /* CS_SENS_*, number of factors */
    int n;             /* groups: Morris trajectories r, Sobol samples N */
    int per_group;     /* rows per group: Morris k + 1 (+ 1 with noise), Sobol k + 2 */
    int runs;          /* rows: n * per_group */
    int noise;         /* Morris: 1 when each group ends with a noise row */
    double *u;         /* runs x k, row-major, every value in [0, 1) */
    int *moved;        /* per row: a factor index or CS_SENS_ROW_* */
};

/* Morris radial design of r trajectories of k factors (noise: add a noise row
 * to each), reproducible from seed. 0, or -1 with a message in err. */
int cs_sens_morris_design(int k, int r, int noise, unsigned long seed, struct cs_sens_design *d,
                          char *err, size_t errlen);

/* Saltelli design of N samples of k <= CS_SENS_SOBOL_MAX_K factors. */
int cs_sens_sobol_design(int k, int n, unsigned long seed, struct cs_sens_design *d, char *err,
                         size_t errlen);

void cs_sens_design_free(struct cs_sens_design *d);

/* Elementary effects of one factor (or of the noise row), in output units
 * per whole range: EE = (y(moved) - y(base)) / (u_moved - u_base), u as the
 * design holds it (the runner may have snapped it to an integer parameter's
 * levels; a step that snapped to zero is left out, so n can be < r). For the
 * noise row the step is taken as CS_SENS_STEP. lo, hi: a percentile bootstrap
 * interval of mu_star over the trajectories. */
struct cs_sens_ee {
    double mu, mu_star, sigma;   /* mean EE, mean |EE|, sample s.d. of EE */
    double lo, hi;
    int n;                       /* elementary effects used */
};

/* From outputs y[run] of a Morris design: out[i] for i < k, and out[k] for
 * the noise row when d->noise. n_boot bootstrap resamples (0: lo = hi =
 * mu_star) at the two-sided level, reproducible from seed. 0, or -1 when an
 * output is not finite. */
int cs_sens_morris(const struct cs_sens_design *d, const double *y, int n_boot, double level,
                   unsigned long seed, struct cs_sens_ee *out);

/* Sobol indices of one factor, with percentile bootstrap intervals. */
struct cs_sens_si {
    double s1, st;
    double s1_lo, s1_hi, st_lo, st_hi;
};

/* From outputs y[run] of a Sobol design: out[i], i < k. 0, or -1 when an
 * output is not finite or the outputs do not vary (no variance to share). */
int cs_sens_sobol(const struct cs_sens_design *d, const double *y, int n_boot, double level,
                  unsigned long seed, struct cs_sens_si *out);

/* idx[0..n-1]: the indices of v in decreasing order of v (ties, and NaNs
 * last, in index order). */
void cs_sens_order(const double *v, int n, int *idx);

#endif
