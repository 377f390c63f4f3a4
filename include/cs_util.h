/*
 * cs_util.h — two helpers every model module needs: turning an annual rate
 * into a weekly probability, and growing an array during a run (where running
 * out of memory cannot be recovered from, so it ends the program).
 */
#ifndef CS_UTIL_H
#define CS_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Weekly probability of an event with annual rate r. */
static inline double cs_weekly(double rate) { return 1.0 - exp(-rate / 52.0); }

/* realloc that never returns NULL: out of memory mid-run exits with status 3. */
static inline void *cs_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { perror("caresim: out of memory"); exit(3); }
    return q;
}

#endif
