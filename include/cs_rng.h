/*
 * cs_rng.h — counter-based random numbers (Philox4x32-10, Salmon et al. 2011).
 *
 * Why counter-based: a draw is a pure function of (key, counter), so it does not
 * depend on which thread, rank or order evaluates it. caresim keys every draw on
 *     key     = (seed, replicate, place)                 -> cs_rng_key()
 *     counter = (person id, week, purpose, draw index)   -> cs_rng_draw4()
 * so the same seed gives bit-identical results at any thread count, a person's
 * draws never shift when another part of the model changes (each purpose has
 * its own stream), and replicate k of two scenarios sees the same draws wherever
 * the scenarios do not differ (common random numbers).
 *
 * The hot path uses cs_rng_draw4()/cs_u01() directly. For GSL's distributions
 * (gsl_ran_*), cs_rng_gsl_alloc() gives a gsl_rng whose stream is positioned with
 * cs_rng_gsl_seek(); it then yields successive draw indices of that stream.
 */
#ifndef CS_RNG_H
#define CS_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

typedef struct { uint32_t k[2]; } cs_key;
typedef struct { uint32_t v[4]; } cs_ctr;

/* Draw purposes: one independent stream per model process. Never renumber an
 * existing purpose — that would change every result of that process. */
enum cs_purpose {
    CS_P_INIT = 1,        /* initial attributes of a person */
    CS_P_INIT_SETTING,    /* initial care arrangements */
    CS_P_WEEK,            /* the weekly competing-events draw */
    CS_P_COUNCIL,         /* council decisions about a person (assessment, review) */
    CS_P_ENTRANT,         /* attributes of a person entering at 18 */
    CS_P_PARTNER,         /* partner matching */
    CS_P_CARER_MIX,       /* fixed household factors of an unpaid carer */
    CS_P_WORKER,          /* care workers (turnover, contracts): keyed on worker id */
    CS_P_PROVIDER,        /* providers (recruitment): keyed on provider id */
    CS_P_MATCH,           /* matching a client to a provider */
    CS_P_NHS,             /* hospital stays and reablement */
    CS_P_SCHEMES,         /* Shared Lives and Homeshare: the sub-streams are in
                           * cs_sharedlives.h (CS_SL_S_*) and cs_homeshare.h (CS_HS_S_*) */
    CS_P_HOMES,           /* care homes: admissions (person id), closures (home id), initial stock */
    CS_P_SCHED,           /* a quiet person's wake-up week (sched.c) */
    CS_P_MIGRANT,         /* attributes of a person joining by migration or the spin-up's
                           * re-anchoring (demography.c) */
    CS_P_DEMOG,           /* demography's draws: rounding a year's counts, choosing who leaves */
    CS_P_TEST = 1000      /* reserved for tests */
};

/* The Philox4x32-10 bijection. */
cs_ctr cs_philox4x32_10(cs_ctr ctr, cs_key key);

/* Key for (seed, replicate, place code). The place code enters through a hash,
 * so a council's streams are the same in a national run and a run of it alone. */
cs_key cs_rng_key(uint64_t seed, uint32_t replicate, const char *place_code);

/* Four 32-bit draws for (person, week, purpose, index). */
static inline cs_ctr cs_rng_draw4(cs_key key, uint32_t person, uint32_t week,
                                  uint32_t purpose, uint32_t index)
{
    cs_ctr c = {{person, week, purpose, index}};
    return cs_philox4x32_10(c, key);
}

/* The draws cs_rng_draw4(key, person[j], week, purpose, index) for j < n, into
 * out[j]; several times faster per draw than one at a time. */
void cs_rng_draw4_batch(cs_key key, const uint32_t *person, uint32_t n, uint32_t week,
                        uint32_t purpose, uint32_t index, cs_ctr *out);

/* Map 32 random bits to a double strictly inside (0, 1). */
static inline double cs_u01(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* Index drawn from weights w[0..n) (need not be normalised) with uniform u. */
int cs_pick(const double *w, int n, double u);

/* A gsl_rng driven by Philox. Free with gsl_rng_free(). */
gsl_rng *cs_rng_gsl_alloc(void);
/* Position r at draw 0 of the stream (key; person, week, purpose). */
void cs_rng_gsl_seek(gsl_rng *r, cs_key key, uint32_t person, uint32_t week,
                     uint32_t purpose);

extern const gsl_rng_type *cs_gsl_rng_philox;

#endif
