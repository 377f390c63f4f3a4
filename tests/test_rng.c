/*
 * test_rng.c — Philox known answers (Random123 kat_vectors), stream
 * independence and uniformity, and the GSL adaptor.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "check.h"
#include "cs_rng.h"

static void kat(void)
{
    static const uint32_t v[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
         0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
         0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
    };
    for (int t = 0; t < 3; t++) {
        cs_ctr c = {{v[t][0], v[t][1], v[t][2], v[t][3]}};
        cs_key k = {{v[t][4], v[t][5]}};
        cs_ctr o = cs_philox4x32_10(c, k);
        CHECK(memcmp(o.v, &v[t][6], sizeof o.v) == 0, "Philox4x32-10 known answer %d: %08x %08x %08x %08x",
              t, o.v[0], o.v[1], o.v[2], o.v[3]);
    }
}

/* Chi-square test of 32 equal bins over n uniforms; p-value must not be extreme. */
static double chisq_p(const double *u, int n)
{
    int bins[32] = {0};
    for (int i = 0; i < n; i++) bins[(int)(u[i] * 32)]++;
    double e = n / 32.0, x = 0;
    for (int b = 0; b < 32; b++) x += (bins[b] - e) * (bins[b] - e) / e;
    return gsl_cdf_chisq_Q(x, 31);
}

static void uniformity_and_independence(void)
{
    enum { N = 200000 };
    static double a[N], b[N];
    cs_key k = cs_rng_key(42, 0, "E10000027");
    for (int i = 0; i < N; i++) {
        a[i] = cs_u01(cs_rng_draw4(k, (uint32_t)i, 7, CS_P_WEEK, 0).v[0]);
        b[i] = cs_u01(cs_rng_draw4(k, (uint32_t)i, 7, CS_P_COUNCIL, 0).v[0]);
    }
    double pa = chisq_p(a, N), pb = chisq_p(b, N);
    CHECK(pa > 1e-4, "purpose WEEK uniform over persons (chi-square p = %g)", pa);
    CHECK(pb > 1e-4, "purpose COUNCIL uniform over persons (chi-square p = %g)", pb);
    /* two purposes of the same person/week are uncorrelated */
    double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < N; i++) { sa += a[i]; sb += b[i]; sab += a[i] * b[i]; saa += a[i] * a[i]; sbb += b[i] * b[i]; }
    double r = (sab - sa * sb / N) / sqrt((saa - sa * sa / N) * (sbb - sb * sb / N));
    CHECK(fabs(r) < 4.0 / sqrt(N), "streams of two purposes uncorrelated (r = %g)", r);
    /* consecutive weeks of one person are uncorrelated */
    for (int i = 0; i < N; i++) b[i] = cs_u01(cs_rng_draw4(k, 12345, (uint32_t)i, CS_P_WEEK, 0).v[0]);
    sa = sb = sab = saa = sbb = 0;
    for (int i = 0; i + 1 < N; i++) { sa += b[i]; sb += b[i + 1]; sab += b[i] * b[i + 1]; saa += b[i] * b[i]; sbb += b[i + 1] * b[i + 1]; }
    r = (sab - sa * sb / (N - 1)) / sqrt((saa - sa * sa / (N - 1)) * (sbb - sb * sb / (N - 1)));
    CHECK(fabs(r) < 4.0 / sqrt(N), "a person's weeks uncorrelated (lag-1 r = %g)", r);
    double pw = chisq_p(b, N);
    CHECK(pw > 1e-4, "one person's weekly stream uniform (p = %g)", pw);
}

static void keys(void)
{
    cs_key a = cs_rng_key(1, 0, "E10000027"), b = cs_rng_key(1, 0, "E10000027");
    CHECK(memcmp(&a, &b, sizeof a) == 0, "same (seed, rep, place) gives the same key");
    cs_key c = cs_rng_key(2, 0, "E10000027"), d = cs_rng_key(1, 1, "E10000027"), e = cs_rng_key(1, 0, "E06000001");
    CHECK(memcmp(&a, &c, sizeof a) != 0, "seed changes the key");
    CHECK(memcmp(&a, &d, sizeof a) != 0, "replicate changes the key");
    CHECK(memcmp(&a, &e, sizeof a) != 0, "place changes the key");
    /* a draw is a pure function of its coordinates */
    cs_ctr x = cs_rng_draw4(a, 99, 3, CS_P_WEEK, 0), y = cs_rng_draw4(a, 99, 3, CS_P_WEEK, 0);
    CHECK(memcmp(&x, &y, sizeof x) == 0, "draws are reproducible");
}

static void gsl_adaptor(void)
{
    gsl_rng *r = cs_rng_gsl_alloc();
    cs_key k = cs_rng_key(7, 0, "X");
    cs_rng_gsl_seek(r, k, 5, 9, CS_P_TEST);
    uint32_t first = (uint32_t)gsl_rng_get(r);
    CHECK(first == cs_rng_draw4(k, 5, 9, CS_P_TEST, 0).v[0], "gsl stream starts at draw index 0");
    for (int i = 0; i < 3; i++) gsl_rng_get(r);
    CHECK((uint32_t)gsl_rng_get(r) == cs_rng_draw4(k, 5, 9, CS_P_TEST, 1).v[0], "5th value is index 1, word 0");
    /* reseeking gives the same sequence */
    cs_rng_gsl_seek(r, k, 5, 9, CS_P_TEST);
    CHECK((uint32_t)gsl_rng_get(r) == first, "seek rewinds the stream");
    /* a GSL distribution through the adaptor: Poisson mean */
    cs_rng_gsl_seek(r, k, 1, 1, CS_P_TEST);
    double s = 0;
    int n = 100000;
    for (int i = 0; i < n; i++) s += gsl_ran_poisson(r, 3.0);
    CHECK(fabs(s / n - 3.0) < 4 * sqrt(3.0 / n), "gsl_ran_poisson mean %g ~ 3", s / n);
    double u = gsl_rng_uniform(r);
    CHECK(u > 0 && u < 1, "gsl_rng_uniform in (0,1)");
    gsl_rng_free(r);
}

void test_rng(void)
{
    kat();
    keys();
    uniformity_and_independence();
    gsl_adaptor();
}
