/*
 * cs_util.h — two helpers every model module needs: turning an annual rate
 * into a weekly probability (and testing a draw against it), and growing an
 * array during a run (where running out of memory cannot be recovered from,
 * so it ends the program); and one the readers of result files share: a
 * message into a caller's buffer.
 */
#ifndef CS_UTIL_H
#define CS_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Weekly probability of an event with annual rate r. */
static inline double cs_weekly(double rate) { return 1.0 - exp(-rate / 52.0); }

/* u < cs_weekly(rate), the same verdict for every u, with no exp() for most
 * u: 1 - exp(-y) < y, and the computed value exceeds the exact one by less
 * than 1e-15 (exp() is within an ulp, and 1 - e is exact for e near 1). */
static inline int cs_weekly_hit(double u, double rate)
{
    if (u > rate / 52.0 * (1 + 1e-12) + 1e-15) return 0;
    return u < cs_weekly(rate);
}

/* llround(x) for |x| < 2^53 (pence, hundredths of hours), the same result
 * without a call into libm: the fraction x - trunc(x) is exact in binary
 * floating point, so the comparison with one half decides as llround does. */
static inline long long cs_llround(double x)
{
    long long t = (long long)x;
    double f = x - (double)t;
    return t + (f >= 0.5) - (f <= -0.5);
}

/* realloc that never returns NULL: out of memory mid-run exits with status 3. */
static inline void *cs_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { perror("caresim: out of memory"); exit(3); }
    return q;
}

/* printf into err (errlen bytes); nothing when err is NULL. */
static inline void cs_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void cs_errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

#endif
