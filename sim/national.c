/*
 * national.c — a national run (place "all"): every council of seeds/places.csv,
 * each with its own random streams (keyed on its stream key: its code, or
 * its 2021 code if renamed in 2023) and its own results, as if it had been
 * run alone, then national series combined from them.
 *
 * Councils are independent, so they run in parallel with each other: with T
 * threads, T councils at a time, each stepping with one thread (the step's own
 * parallel region then has a team of one). Councils are handed out largest
 * first (adults in the seed data), one at a time, so the large ones do not end
 * up running alone at the end; only T populations exist at once. Nothing a
 * council computes depends on which thread ran it or when, and the national
 * series are combined after every council has finished, in places.csv order,
 * so results do not depend on the thread count.
 */
#include "cs_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_seed.h"

static const int national_weight[CS_N_METRICS] = {
#define CS_N_ROW(m, w) [CS_M_##m] = CS_M_##w + 1,
    CS_NATIONAL_WEIGHT_TABLE(CS_N_ROW)
#undef CS_N_ROW
};

int cs_metric_national_weight(int k)
{
    if (k < 0 || k >= CS_N_METRICS || cs_metric_table[k].weighted) return -1;
    return national_weight[k] ? national_weight[k] - 1 : CS_M_people_alive;
}

int cs_national_combine(const struct cs_results *places, int n, struct cs_results *out)
{
    if (n < 1 || cs_results_alloc(out, places[0].n_reps, places[0].n_weeks)) return -1;
    out->policy_week = places[0].policy_week;
    size_t len = (size_t)out->n_reps * out->n_weeks;
    for (int p = 1; p < n; p++)
        if (places[p].n_reps != out->n_reps || places[p].n_weeks != out->n_weeks) { cs_results_free(out); return -1; }
    for (int k = 0; k < CS_N_METRICS; k++) {
        int wk = cs_metric_national_weight(k);
        double *y = out->series[k];
        for (size_t i = 0; i < len; i++) {
            double num = 0, den = 0;
            for (int p = 0; p < n; p++) {
                if (wk < 0) {
                    num += places[p].series[k][i];
                } else {
                    double w = places[p].series[wk][i];
                    num += places[p].series[k][i] * w;
                    den += w;
                }
            }
            y[i] = wk < 0 ? num : den > 0 ? num / den : 0;
        }
    }
    for (int p = 0; p < n; p++) {
        out->initial_people += places[p].initial_people;
        out->entrants += places[p].entrants;
        out->deaths += places[p].deaths;
        out->final_alive += places[p].final_alive;
        out->left += places[p].left;
        out->person_weeks += places[p].person_weeks;
        out->processed_weeks += places[p].processed_weeks;
    }
    return 0;
}

void cs_national_free(struct cs_national *nat)
{
    if (nat->place)
        for (int p = 0; p < nat->n_places; p++) cs_results_free(&nat->place[p]);
    free(nat->place);
    free(nat->code);
    free(nat->name);
    cs_results_free(&nat->total);
    memset(nat, 0, sizeof *nat);
}

/* Progress of the whole run, in person-weeks of the seed population: each
 * council reports its weeks done, weighted by its adults. */
struct nat_progress {
    const struct cs_progress *outer;
    long done, total;
    int places_done, n_places;
};
struct place_progress {
    struct nat_progress *np;
    long adults, last;
};

static void on_place_weeks(void *ctx, long done, long total)
{
    struct place_progress *pp = ctx;
    struct nat_progress *np = pp->np;
    (void)total;
    long d = (done - pp->last) * pp->adults;
    pp->last = done;
#pragma omp critical(cs_national_progress)
    {
        np->done += d;
        /* the end (done == total) is reported once every council has finished */
        if (np->outer && np->outer->fn) np->outer->fn(np->outer->ctx, np->done < np->total ? np->done : np->total - 1, np->total);
    }
}

static void on_place_done(struct nat_progress *np)
{
#pragma omp critical(cs_national_progress)
    {
        np->places_done++;
        if (np->outer && np->outer->places) np->outer->places(np->outer->ctx, np->places_done, np->n_places);
        if (np->places_done == np->n_places && np->outer && np->outer->fn) np->outer->fn(np->outer->ctx, np->total, np->total);
    }
}

/* largest first; ties in file order */
struct by_size { long adults; int place; };
static int by_adults_desc(const void *a, const void *b)
{
    const struct by_size *x = a, *y = b;
    return x->adults != y->adults ? (x->adults < y->adults) - (x->adults > y->adults)
                                  : (x->place > y->place) - (x->place < y->place);
}

int cs_run_national(const struct cs_scenario *sc, int n_threads, const struct cs_progress *prog,
                    volatile sig_atomic_t *stop, struct cs_national *nat, char *err, size_t errlen)
{
    const char *dir = cs_seed_dir();
    memset(nat, 0, sizeof *nat);
    char (*codes)[16] = malloc(CS_NATIONAL_MAX_PLACES * sizeof *codes);
    struct cs_demography *lt = malloc(sizeof *lt);
    struct cs_place *pl = NULL;
    int *order = NULL, rc = -1;
    struct by_size *size = NULL;
    if (!codes || !lt) { snprintf(err, errlen, "out of memory"); goto out; }
    int n = cs_seed_list_places(dir, codes, CS_NATIONAL_MAX_PLACES, err, errlen);
    if (n < 0) goto out;
    if (n == 0 || n >= CS_NATIONAL_MAX_PLACES) {
        snprintf(err, errlen, "%s/places.csv lists %s places", dir, n ? "too many" : "no");
        goto out;
    }
    if (cs_seed_load_demography(dir, sc->p.mort_period, lt, err, errlen)) goto out;
    pl = calloc((size_t)n, sizeof *pl);
    order = malloc((size_t)n * sizeof *order);
    size = malloc((size_t)n * sizeof *size);
    nat->place = calloc((size_t)n, sizeof *nat->place);
    nat->code = calloc((size_t)n, sizeof *nat->code);
    nat->name = calloc((size_t)n, sizeof *nat->name);
    if (!pl || !order || !size || !nat->place || !nat->code || !nat->name) { snprintf(err, errlen, "out of memory"); goto out; }
    nat->n_places = n;
    /* every place is loaded before anything runs (the seed reader is not
     * meant for threads, and a bad row should stop the run at once) */
    long adults_all = 0;
    for (int p = 0; p < n; p++) {
        if (cs_seed_load_place(dir, codes[p], &pl[p], err, errlen)) goto out;
        memcpy(nat->code[p], pl[p].code, sizeof nat->code[p]);
        memcpy(nat->name[p], pl[p].name, sizeof nat->name[p]);
        adults_all += pl[p].adults;
        size[p] = (struct by_size){pl[p].adults, p};
    }
    qsort(size, (size_t)n, sizeof *size, by_adults_desc);
    for (int i = 0; i < n; i++) order[i] = size[i].place;

    int T = n_threads < 1 ? 1 : n_threads > n ? n : n_threads;
    nat->at_once = T;
    struct nat_progress np = {prog, 0, (long)sc->p.replicates * ((long)cs_run_weeks(&sc->p, NULL) + sc->p.warmup_weeks) * adults_all,
                              0, n};
    struct cs_team tm = {0, 0};
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
    for (int i = 0; i < n; i++) {
        int p = order[i];
        if (cs_team_skip(&tm, stop)) continue;
        char e[1024];
        struct place_progress pp = {&np, pl[p].adults, 0};
        struct cs_progress sub = {on_place_weeks, &pp, NULL};
        int r = cs_run_place(sc, &pl[p], lt, 1, &sub, stop, &nat->place[p], e, sizeof e);
        if (cs_team_record(&tm, r, err, errlen, "%s (%s): %s", pl[p].code, pl[p].name, e) == 0) on_place_done(&np);
    }
    if (tm.failed) goto out;
    if (tm.stopped || (stop && *stop)) { rc = 1; goto out; }
    if (cs_national_combine(nat->place, n, &nat->total)) { snprintf(err, errlen, "out of memory"); goto out; }
    /* the largest population arrays that existed at once: the T largest
     * councils', which start together */
    for (int i = 0; i < n; i++) {
        double people = nat->place[order[i]].peak_people;
        nat->people_all += people;
        if (i < T) nat->total.peak_people += people;
    }
    rc = 0;
out:
    if (rc != 0) {
        /* keep the counts of what was simulated, for --stats */
        double pw = 0;
        for (int p = 0; nat->place && p < nat->n_places; p++) pw += nat->place[p].person_weeks;
        cs_national_free(nat);
        nat->total.person_weeks = pw;
    }
    free(size);
    free(order);
    free(pl);
    free(lt);
    free(codes);
    return rc;
}
