/*
 * rng.c — Philox4x32-10 and its adaptor to GSL's gsl_rng interface.
 * See cs_rng.h for why caresim uses counter-based streams.
 */
#include "cs_rng.h"

#include <string.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u   /* golden ratio */
#define PHILOX_W1 0xBB67AE85u   /* sqrt(3) - 1 */

static inline void philox_round(uint32_t v[4], const uint32_t k[2])
{
    uint64_t p0 = (uint64_t)PHILOX_M0 * v[0];
    uint64_t p1 = (uint64_t)PHILOX_M1 * v[2];
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    uint32_t n0 = hi1 ^ v[1] ^ k[0];
    uint32_t n2 = hi0 ^ v[3] ^ k[1];
    v[0] = n0; v[1] = lo1; v[2] = n2; v[3] = lo0;
}

cs_ctr cs_philox4x32_10(cs_ctr ctr, cs_key key)
{
    uint32_t k[2] = {key.k[0], key.k[1]};
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k[0] += PHILOX_W0; k[1] += PHILOX_W1; }
        philox_round(ctr.v, k);
    }
    return ctr;
}

/* Many people's draws for one (week, purpose, index). With AVX2, eight people
 * at once: the same rounds as philox_round on 32-bit lanes, the 32x32->64-bit
 * products of even and odd lanes taken separately (vpmuludq) and blended back.
 * Integer arithmetic only, so every draw equals cs_rng_draw4's on any CPU. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx2")))
static inline void mul_hilo(__m256i a, __m256i m, __m256i *hi, __m256i *lo)
{
    __m256i pe = _mm256_mul_epu32(a, m);                        /* lanes 0, 2, 4, 6 */
    __m256i po = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m); /* lanes 1, 3, 5, 7 */
    *lo = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
}

__attribute__((target("avx2")))
static void draw4_batch_avx2(cs_key key, const uint32_t *person, uint32_t n, uint32_t week,
                             uint32_t purpose, uint32_t index, cs_ctr *out)
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M0), m1 = _mm256_set1_epi32((int)PHILOX_M1);
    uint32_t b = 0;
    for (; b + 8 <= n; b += 8) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(person + b));
        __m256i v1 = _mm256_set1_epi32((int)week), v2 = _mm256_set1_epi32((int)purpose);
        __m256i v3 = _mm256_set1_epi32((int)index);
        uint32_t k0 = key.k[0], k1 = key.k[1];
        for (int r = 0; r < 10; r++) {
            if (r > 0) { k0 += PHILOX_W0; k1 += PHILOX_W1; }
            __m256i hi0, lo0, hi1, lo1;
            mul_hilo(v0, m0, &hi0, &lo0);
            mul_hilo(v2, m1, &hi1, &lo1);
            v0 = _mm256_xor_si256(_mm256_xor_si256(hi1, v1), _mm256_set1_epi32((int)k0));
            v2 = _mm256_xor_si256(_mm256_xor_si256(hi0, v3), _mm256_set1_epi32((int)k1));
            v1 = lo1;
            v3 = lo0;
        }
        uint32_t w[4][8];
        _mm256_storeu_si256((__m256i *)w[0], v0);
        _mm256_storeu_si256((__m256i *)w[1], v1);
        _mm256_storeu_si256((__m256i *)w[2], v2);
        _mm256_storeu_si256((__m256i *)w[3], v3);
        for (int j = 0; j < 8; j++)
            for (int c = 0; c < 4; c++) out[b + j].v[c] = w[c][j];
    }
    for (; b < n; b++) out[b] = cs_rng_draw4(key, person[b], week, purpose, index);
}
#endif

void cs_rng_draw4_batch(cs_key key, const uint32_t *person, uint32_t n, uint32_t week,
                        uint32_t purpose, uint32_t index, cs_ctr *out)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2")) { draw4_batch_avx2(key, person, n, week, purpose, index, out); return; }
#endif
    for (uint32_t b = 0; b < n; b++) out[b] = cs_rng_draw4(key, person[b], week, purpose, index);
}

/* SplitMix64 finaliser: spreads seed bits so nearby seeds give unrelated keys. */
static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

cs_key cs_rng_key(uint64_t seed, uint32_t replicate, const char *place_code)
{
    uint64_t h = 0xCBF29CE484222325ull;             /* FNV-1a of the place code */
    for (const char *s = place_code ? place_code : ""; *s; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001B3ull;
    uint64_t z = mix64(mix64(seed) ^ mix64(h + replicate));
    cs_key k = {{(uint32_t)z, (uint32_t)(z >> 32)}};
    return k;
}

/* ---- gsl_rng adaptor ---------------------------------------------------- */

struct philox_state {
    cs_key key;
    cs_ctr ctr;       /* v[3] is the draw index within the stream */
    cs_ctr out;
    int used;         /* words of out already returned */
};

static void philox_gsl_set(void *vs, unsigned long seed)
{
    struct philox_state *s = vs;
    memset(s, 0, sizeof *s);
    s->key = cs_rng_key(seed, 0, "");
    s->used = 4;
}

static unsigned long philox_gsl_get(void *vs)
{
    struct philox_state *s = vs;
    if (s->used == 4) {
        s->out = cs_philox4x32_10(s->ctr, s->key);
        s->ctr.v[3]++;
        s->used = 0;
    }
    return s->out.v[s->used++];
}

static double philox_gsl_get_double(void *vs)
{
    return cs_u01((uint32_t)philox_gsl_get(vs));
}

static const gsl_rng_type philox_type = {
    "caresim-philox4x32-10", 0xFFFFFFFFul, 0, sizeof(struct philox_state),
    philox_gsl_set, philox_gsl_get, philox_gsl_get_double
};

const gsl_rng_type *cs_gsl_rng_philox = &philox_type;

gsl_rng *cs_rng_gsl_alloc(void)
{
    return gsl_rng_alloc(cs_gsl_rng_philox);
}

void cs_rng_gsl_seek(gsl_rng *r, cs_key key, uint32_t person, uint32_t week,
                     uint32_t purpose)
{
    struct philox_state *s = r->state;
    s->key = key;
    s->ctr.v[0] = person; s->ctr.v[1] = week; s->ctr.v[2] = purpose; s->ctr.v[3] = 0;
    s->used = 4;
}

int cs_pick(const double *w, int n, double u)
{
    double tot = 0;
    for (int i = 0; i < n; i++) tot += w[i];
    double x = u * tot, c = 0;
    for (int i = 0; i < n; i++) {
        c += w[i];
        if (x < c) return i;
    }
    return n - 1;
}
