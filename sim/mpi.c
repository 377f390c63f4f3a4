/*
 * mpi.c — `caresim run` across the ranks of an Open MPI job (cs_mpi.h; built
 * only with make MPI=1). README.md ("Running on a cluster") says how to run it,
 * docs/output.md ("Files written by MPI runs") what differs in the file, and
 * docs/performance.md ("MPI") how it scales.
 *
 * Work units. A scenario's work is replicates x councils (one council for a
 * single-place run). Unit (r, p) draws only from streams keyed on (seed, r, p),
 * so it gives the same numbers on any rank, with any threads. The units are
 * shared out before anything runs, largest first: in order of the council's
 * adults (every unit runs the same weeks, so a unit's cost is close to
 * proportional to them), each goes to the rank with the least work so far.
 * Every rank computes the same assignment from the seed data, so handing out
 * work takes no messages and no rank is kept back to do it, which on a node
 * of a few cores would cost a core; and with many units per rank (153
 * councils x replicates x scenarios) largest-first leaves little to even out.
 * What a static assignment cannot see (councils whose people need more care
 * cost more per adult; a busy node) is the price; docs/performance.md
 * measures it.
 *
 * Within a rank, a national run runs its units side by side, one thread each,
 * largest first (as sim/national.c runs councils); a single-council run runs
 * its replicates one after another with all the threads of the weekly step.
 *
 * Results. Rank q owns replicate rows R*q/P .. R*(q+1)/P-1 (P ranks). Each
 * unit's series go to the owner of its row (one MPI_Alltoallv), which combines
 * the councils of its rows with cs_national_combine in places.csv order, the
 * arithmetic of the serial run, and writes its rows of every dataset in
 * collective writes to one file opened by all ranks through parallel HDF5
 * (cs_out_create_mpi). The inputs of the business case (which every rank
 * writes alike) are then gathered on every rank, and for the summary every
 * series on rank 0.
 *
 * Failure. Every rank makes the same MPI calls in the same order whatever
 * happens: after loading and after running each scenario the ranks agree on
 * whether any failed (MPI_Allreduce); if one did, all remove the file together
 * and exit 1 (130 when interrupted), the failing rank having printed its
 * error with its number. Once the ranks write together an error on one could
 * leave the others waiting in a collective call, so it ends the job with
 * MPI_Abort; the .part file then stays, marked incomplete.
 */
#include "cs_mpi.h"

#include <mpi.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cs_bizcase.h"
#include "cs_metrics.h"
#include "cs_seed.h"

static int g_rank, g_size = 1, g_started, g_agreed;

int cs_mpi_start(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "caresim: MPI_Init_thread failed\n");
        return -1;
    }
    g_started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    /* OpenMP threads run while MPI is idle; only the main thread calls MPI */
    if (provided < MPI_THREAD_FUNNELED) {
        fprintf(stderr, "caresim: rank %d: this MPI library does not support threads (MPI_THREAD_FUNNELED)\n", g_rank);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return 0;
}

int cs_mpi_rank(void) { return g_rank; }
int cs_mpi_size(void) { return g_size; }

int cs_mpi_agree(int rc)
{
    int all = rc;
    if (!g_started || g_agreed) return rc;
    g_agreed = 1;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (all != 0 && rc == 0 && g_rank == 0)
        fprintf(stderr, "caresim: another rank could not start the run (its message is above); nothing written\n");
    return all;
}

int cs_mpi_end(int rc)
{
    if (!g_started) return rc;
    if (!g_agreed) rc = cs_mpi_agree(rc);
    MPI_Finalize();
    return rc;
}

/* ---- helpers ------------------------------------------------------------- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Outcomes a rank reports, worst last: MPI_MAX over ranks picks the worst. */
enum { OK = 0, STOPPED = 1, FAILED = 2 };

static int worst(int mine)
{
    int all;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

/* An error while the ranks write together (see the top of the file). */
static void write_failed(const char *what, const char *path)
{
    fprintf(stderr, "caresim: rank %d: %s; ending the job (%s.part-* is left, marked incomplete)\n", g_rank, what,
            path);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

/* FNV-1a over bytes: a check that every rank read the same seed data */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 1099511628211ULL;
    return h;
}

/* Rows of rank q: r0 .. r0+n-1 of R. */
static void rows_of(int R, int q, int *r0, int *n)
{
    *r0 = (int)((long)R * q / g_size);
    *n = (int)((long)R * (q + 1) / g_size) - *r0;
}

struct unit {
    int rep, place, rank;
    long cost;
};

/* largest first; ties by place, then replicate, so every rank sorts alike */
static int by_cost(const void *a, const void *b)
{
    const struct unit *x = *(const struct unit *const *)a, *y = *(const struct unit *const *)b;
    if (x->cost != y->cost) return (x->cost < y->cost) - (x->cost > y->cost);
    if (x->place != y->place) return (x->place > y->place) - (x->place < y->place);
    return (x->rep > y->rep) - (x->rep < y->rep);
}

/* Give every unit a rank: largest first, each to the least loaded rank (the
 * lowest on ties). Returns the units in that order (NULL when out of memory). */
static struct unit **assign(struct unit *u, int n)
{
    struct unit **order = malloc((size_t)n * sizeof *order);
    double *load = calloc((size_t)g_size, sizeof *load);
    if (!order || !load) { free(order); free(load); return NULL; }
    for (int j = 0; j < n; j++) order[j] = &u[j];
    qsort(order, (size_t)n, sizeof *order, by_cost);
    for (int j = 0; j < n; j++) {
        int best = 0;
        for (int q = 1; q < g_size; q++)
            if (load[q] < load[best]) best = q;
        order[j]->rank = best;
        load[best] += (double)order[j]->cost;
    }
    free(load);
    return order;
}

/* The councils of a national run, loaded once for all scenarios. */
struct nation {
    int n;
    struct cs_place *pl;
};

/* Rank 0 reads every council's seed data and sends it to the others: a
 * thousand ranks each opening the seed files 450 times would load a cluster's
 * file system for nothing. Collective. Returns 0, or -1 with a message in err
 * on rank 0 ("" on the others, which rank 0 speaks for). */
static int load_nation(struct nation *nat, const char *out_path, char *err, size_t errlen)
{
    int n = -1;
    err[0] = '\0';
    if (g_rank == 0) {
        const char *dir = cs_seed_dir();
        char (*codes)[16] = malloc(CS_NATIONAL_MAX_PLACES * sizeof *codes);
        n = codes ? cs_seed_list_places(dir, codes, CS_NATIONAL_MAX_PLACES, err, errlen) : -1;
        if (!codes) snprintf(err, errlen, "out of memory");
        if (n == 0 || n >= CS_NATIONAL_MAX_PLACES) {
            snprintf(err, errlen, "%s/places.csv lists %s places", dir, n ? "too many" : "no");
            n = -1;
        }
        if (n > 0 && !(nat->pl = calloc((size_t)n, sizeof *nat->pl))) {
            snprintf(err, errlen, "out of memory");
            n = -1;
        }
        for (int p = 0; p < n; p++)
            if (cs_seed_load_place(dir, codes[p], &nat->pl[p], err, errlen)) n = -1;
        free(codes);
    }
    MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (n > 0 && g_rank != 0 && !(nat->pl = calloc((size_t)n, sizeof *nat->pl)))
        write_failed("out of memory for the councils' seed data", out_path);
    if (n > 0) MPI_Bcast(nat->pl, n * (int)sizeof *nat->pl, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (n < 0) { free(nat->pl); nat->pl = NULL; return -1; }
    nat->n = n;
    return 0;
}

/* ---- one scenario ------------------------------------------------------- */

struct scen {
    const struct cs_mpi_job *job;
    const struct cs_scenario *s;
    int R, W, PW, NP, national;   /* PW: the policy start week */
    const struct cs_place *pl;      /* NP places */
    struct cs_demography lt;
    struct unit *u;                 /* R * NP, index rep * NP + place */
    struct cs_results *res;         /* res[j]: this rank's unit j, one row */
    int *owner;                     /* owner[r]: the rank that writes row r */
    int r0, nrows;                  /* this rank's rows */
    struct cs_results *own;         /* own[p]: council p's series of this rank's rows */
    struct cs_results tot;          /* this rank's rows of the scenario's series */
    struct cs_results full;         /* every row of the scenario's series */
    double person_weeks, processed_weeks, peak_people;
};

static void scen_free(struct scen *c)
{
    for (int j = 0; c->res && j < c->R * c->NP; j++) cs_results_free(&c->res[j]);
    for (int p = 0; c->own && p < c->NP; p++) cs_results_free(&c->own[p]);
    if (c->NP > 1) cs_results_free(&c->tot);   /* else it is own[0]'s */
    cs_results_free(&c->full);
    free(c->res);
    free(c->own);
    free(c->owner);
    free(c->u);
}

/* Load what the scenario needs and share out its units. Collective (a
 * national run's seed data come from rank 0). Returns OK or FAILED (message
 * in err, "" when rank 0 has the message). */
static int prepare(struct scen *c, struct nation *nat, struct cs_place *single, char *err, size_t errlen)
{
    const struct cs_params *p = &c->s->p;
    const char *dir = cs_seed_dir();
    err[0] = '\0';
    c->R = p->replicates;
    c->W = cs_run_weeks(p, &c->PW);
    c->national = strcmp(p->place, "all") == 0;
    if (c->national) {
        if (!nat->pl && load_nation(nat, c->job->out_path, err, errlen)) return FAILED;
        c->pl = nat->pl;
        c->NP = nat->n;
    } else {
        if (cs_seed_load_place(dir, p->place, single, err, errlen)) return FAILED;
        c->pl = single;
        c->NP = 1;
    }
    if (cs_seed_load_demography(dir, p->mort_period, &c->lt, err, errlen)) return FAILED;
    int n = c->R * c->NP;
    c->u = calloc((size_t)n, sizeof *c->u);
    c->res = calloc((size_t)n, sizeof *c->res);
    c->owner = malloc((size_t)c->R * sizeof *c->owner);
    c->own = calloc((size_t)c->NP, sizeof *c->own);
    if (!c->u || !c->res || !c->owner || !c->own) { snprintf(err, errlen, "out of memory"); return FAILED; }
    for (int r = 0; r < c->R; r++)
        for (int q = 0; q < c->NP; q++)
            c->u[r * c->NP + q] = (struct unit){r, q, 0, c->pl[q].adults};
    for (int q = 0; q < g_size; q++) {
        int r0, nr;
        rows_of(c->R, q, &r0, &nr);
        for (int r = r0; r < r0 + nr; r++) c->owner[r] = q;
    }
    rows_of(c->R, g_rank, &c->r0, &c->nrows);
    return OK;
}

/* Run this rank's units. Returns OK, STOPPED or FAILED (message in err). */
static int compute(struct scen *c, char *err, size_t errlen)
{
    int n = c->R * c->NP, n_mine = 0;
    struct cs_team tm = {0, 0};
    struct unit **order = assign(c->u, n);
    int *mine = malloc((size_t)n * sizeof *mine);
    if (!order || !mine) { free(order); free(mine); snprintf(err, errlen, "out of memory"); return FAILED; }
    for (int j = 0; j < n; j++)
        if (order[j]->rank == g_rank) mine[n_mine++] = (int)(order[j] - c->u);
    free(order);
    int T = c->job->threads < 1 ? 1 : c->job->threads;
    int side_by_side = c->national, at_once = side_by_side ? (T < n_mine ? T : n_mine) : 1;
    if (at_once < 1) at_once = 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(at_once)
    for (int i = 0; i < n_mine; i++) {
        int j = mine[i];
        /* an interrupt: the units not yet started are not built at all */
        if (cs_team_skip(&tm, c->job->stop)) continue;
        const struct unit *u = &c->u[j];
        char e[1024];
        int r = cs_run_replicates(c->s, &c->pl[u->place], &c->lt, u->rep, u->rep + 1, side_by_side ? 1 : T, NULL,
                                  c->job->stop, &c->res[j], e, sizeof e);
        cs_team_record(&tm, r, err, errlen, "%s (%s), replicate %d: %s", c->pl[u->place].code,
                       c->pl[u->place].name, u->rep, e);
    }
    /* units skipped after an interrupt have no results */
    if (c->job->stop && *c->job->stop) tm.stopped = 1;
    for (int i = 0; i < n_mine; i++) {
        const struct cs_results *r = &c->res[mine[i]];
        c->person_weeks += r->person_weeks;
        c->processed_weeks += r->processed_weeks;
        if (r->peak_people > c->peak_people) c->peak_people = r->peak_people;
    }
    free(mine);
    return tm.failed ? FAILED : tm.stopped ? STOPPED : OK;
}

/* Send every unit's series to the owner of its row and build this rank's
 * rows: own[p] per council, tot combined. Collective. Returns 0, or -1 with a
 * message in err (the same on every rank for a size limit; out of memory is
 * this rank's alone, and the caller ends the job). */
static int exchange(struct scen *c, char *err, size_t errlen)
{
    const int K = CS_N_METRICS, W = c->W, n = c->R * c->NP;
    int *cnt = calloc((size_t)g_size * 4, sizeof *cnt), rc = -1;
    int *sc = cnt, *sd = cnt + g_size, *rcv = cnt + 2 * g_size, *rd = cnt + 3 * g_size;
    long *pos = calloc((size_t)g_size, sizeof *pos);
    double *sbuf = NULL, *rbuf = NULL;
    long s_total = 0, r_total = 0, len = (long)K * W;
    if (!cnt || !pos) goto oom;
    {
        long *sl = calloc((size_t)g_size * 2, sizeof *sl), *rl;
        if (!sl) goto oom;
        rl = sl + g_size;
        for (int j = 0; j < n; j++) {
            const struct unit *u = &c->u[j];
            if (u->rank == g_rank) sl[c->owner[u->rep]] += len;
            if (c->owner[u->rep] == g_rank) rl[u->rank] += len;
        }
        for (int q = 0; q < g_size; q++) {
            s_total += sl[q];
            r_total += rl[q];
        }
        /* MPI counts and displacements are ints */
        if (s_total > INT_MAX || r_total > INT_MAX) {
            free(sl);
            snprintf(err, errlen, "a rank's share of the results (%ld values) is too large for one exchange; "
                     "use more ranks", s_total > r_total ? s_total : r_total);
            goto out;
        }
        for (int q = 0, s = 0, r = 0; q < g_size; q++) {
            sc[q] = (int)sl[q];
            sd[q] = s;
            rcv[q] = (int)rl[q];
            rd[q] = r;
            s += sc[q];
            r += rcv[q];
        }
        free(sl);
    }
    sbuf = malloc((size_t)(s_total ? s_total : 1) * sizeof *sbuf);
    rbuf = malloc((size_t)(r_total ? r_total : 1) * sizeof *rbuf);
    if (!sbuf || !rbuf) goto oom;
    /* units in index order, on both sides */
    for (int j = 0; j < n; j++) {
        const struct unit *u = &c->u[j];
        if (u->rank != g_rank) continue;
        int q = c->owner[u->rep];
        for (int k = 0; k < K; k++, pos[q] += W) memcpy(sbuf + sd[q] + pos[q], c->res[j].series[k], (size_t)W * sizeof *sbuf);
        cs_results_free(&c->res[j]);
    }
    MPI_Alltoallv(sbuf, sc, sd, MPI_DOUBLE, rbuf, rcv, rd, MPI_DOUBLE, MPI_COMM_WORLD);
    free(sbuf);
    sbuf = NULL;
    if (c->nrows > 0) {
        for (int p = 0; p < c->NP; p++)
            if (cs_results_alloc(&c->own[p], c->nrows, W)) goto oom;
        memset(pos, 0, (size_t)g_size * sizeof *pos);
        for (int j = 0; j < n; j++) {
            const struct unit *u = &c->u[j];
            if (c->owner[u->rep] != g_rank) continue;
            int q = u->rank;
            for (int k = 0; k < K; k++, pos[q] += W)
                memcpy(c->own[u->place].series[k] + (size_t)(u->rep - c->r0) * W, rbuf + rd[q] + pos[q],
                       (size_t)W * sizeof *rbuf);
        }
        if (c->NP > 1) {
            if (cs_national_combine(c->own, c->NP, &c->tot)) goto oom;
        } else {
            c->tot = c->own[0];
        }
    }
    rc = 0;
    goto out;
oom:
    snprintf(err, errlen, "out of memory collecting the results");
out:
    free(rbuf);
    free(sbuf);
    free(pos);
    free(cnt);
    return rc;
}

/* Write this rank's rows of the scenario's datasets (collective). Returns 0,
 * or -1 with a message in err. */
static int write_rows(struct scen *c, cs_out *o, char *err, size_t errlen)
{
    const char *name = c->s->name;
    const int R = c->R, W = c->W, NP = c->NP, nr = c->nrows;
    char *text = cs_scenario_resolved_text(c->s);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = cs_out_scenario(o, name, text, R, W, c->PW, c->s->p.policy_start);
    free(text);
    /* which of the places' inputs are their own, national defaults or the scenario's */
    text = rc == 0 ? cs_place_inputs_text(cs_seed_dir(), &c->s->p, err, errlen) : NULL;
    if (rc == 0 && !text) return -1;
    if (rc == 0) rc = cs_out_place_inputs(o, name, text);
    free(text);
    for (int k = 0; k < CS_N_METRICS && rc == 0; k++) {
        const struct cs_metric_info *mi = &cs_metric_table[k];
        rc = cs_out_series_rows(o, name, mi->name, mi->units, mi->desc, nr ? c->tot.series[k] : NULL, R, W, c->r0, nr);
    }
    if (rc == 0 && c->national) {
        const char **codes = malloc((size_t)NP * sizeof *codes), **names = malloc((size_t)NP * sizeof *names);
        double *buf = malloc(((size_t)nr * W * NP + 1) * sizeof *buf);
        if (!codes || !names || !buf) {
            free(codes); free(names); free(buf);
            snprintf(err, errlen, "out of memory writing the councils' series");
            return -1;
        }
        for (int p = 0; p < NP; p++) { codes[p] = c->pl[p].code; names[p] = c->pl[p].name; }
        rc = cs_out_places(o, name, NP, codes, names);
        for (int k = 0; k < CS_N_METRICS && rc == 0; k++) {
            const struct cs_metric_info *mi = &cs_metric_table[k];
            for (int p = 0; p < NP; p++)
                for (size_t i = 0; i < (size_t)nr * W; i++) buf[i * NP + p] = c->own[p].series[k][i];
            rc = cs_out_place_series_rows(o, name, mi->name, mi->units, mi->desc, nr ? buf : NULL, R, W, NP, c->r0, nr);
        }
        free(buf);
        free(names);
        free(codes);
    }
    if (rc) snprintf(err, errlen, "%s", cs_out_errmsg(o));
    return rc;
}

/* Every row of the scenario's series where needed (collective): the business
 * case's inputs on every rank when it will be written (every rank writes it),
 * every metric on rank 0 when it prints the summary; full.series[k] stays
 * NULL where not needed. Gathering all 95 metrics on a thousand ranks would
 * move gigabytes for nothing. Returns 0, or -1 (out of memory on this rank). */
static int gather(struct scen *c, int bizcase, int summary)
{
    static double none;   /* what a rank with no rows sends */
    int *cnt = malloc((size_t)g_size * 2 * sizeof *cnt), *disp = cnt + g_size, rc = 0;
    if (!cnt) return -1;
    memset(&c->full, 0, sizeof c->full);
    c->full.n_reps = c->R;
    c->full.n_weeks = c->W;
    c->full.policy_week = c->PW;
    for (int q = 0; q < g_size; q++) {
        int r0, nr;
        rows_of(c->R, q, &r0, &nr);
        cnt[q] = nr * c->W;
        disp[q] = r0 * c->W;
    }
    for (int k = 0; k < CS_N_METRICS; k++) {
        int everywhere = 0;
        for (int j = 0; bizcase && j < CS_BC_N_INPUTS; j++) everywhere |= !strcmp(cs_metric_table[k].name, cs_bc_input_metric[j]);
        if (!everywhere && !summary) continue;
        const double *mine = c->nrows ? c->tot.series[k] : &none;
        if (everywhere || g_rank == 0) {
            c->full.series[k] = malloc((size_t)c->R * c->W * sizeof(double));
            if (!c->full.series[k]) rc = -1;   /* ends the job: see the caller */
        }
        if (rc) break;
        if (everywhere)
            MPI_Allgatherv(mine, cnt[g_rank], MPI_DOUBLE, c->full.series[k], cnt, disp, MPI_DOUBLE, MPI_COMM_WORLD);
        else
            MPI_Gatherv(mine, cnt[g_rank], MPI_DOUBLE, c->full.series[k], cnt, disp, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
    free(cnt);
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

int cs_mpi_run(const struct cs_mpi_job *job, struct cs_mpi_stats *st)
{
    char err[2048];
    int status = 0;
    double sim_s = 0, write_s = 0, pw = 0, processed = 0, peak = 0, busy = 0;
    int n_places_max = 0;
    struct nation nat = {0, NULL};
    struct cs_place *single = malloc(sizeof *single);
    cs_bc_runset *bcs = cs_bc_runset_new(job->n_sc);
    if (worst(!single || !bcs ? FAILED : OK) != OK) {
        if (!single || !bcs) fprintf(stderr, "caresim: rank %d: out of memory\n", g_rank);
        free(single);
        cs_bc_runset_free(bcs);
        return 1;
    }
    cs_out *o = cs_out_create_mpi(job->out_path, job->prov, MPI_COMM_WORLD, err, sizeof err);
    if (!o) {
        /* collective: every rank has the same failure */
        if (g_rank == 0) fprintf(stderr, "caresim: %s\n", err);
        free(single);
        cs_bc_runset_free(bcs);
        return 1;
    }

    for (int i = 0; i < job->n_sc && status == 0; i++) {
        struct scen c;
        memset(&c, 0, sizeof c);
        c.job = job;
        c.s = &job->sc[i];
        double t0 = now();
        int mine = prepare(&c, &nat, single, err, sizeof err);
        /* the same seed data everywhere, or the ranks' units would not match */
        uint64_t h = 14695981039346656037ULL;
        for (int p = 0; mine == OK && p < c.NP; p++) {
            h = fnv(h, c.pl[p].code, strlen(c.pl[p].code));
            h = fnv(h, &c.pl[p].adults, sizeof c.pl[p].adults);
        }
        if (mine != OK && err[0]) fprintf(stderr, "caresim: rank %d: %s: %s\n", g_rank, c.s->path, err);
        unsigned long long hs[2] = {mine == OK ? h : 0, mine == OK ? ~h : 0};
        MPI_Allreduce(MPI_IN_PLACE, hs, 2, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
        int all = worst(mine);
        if (all == OK && hs[0] != (unsigned long long)~hs[1]) {
            if (g_rank == 0) fprintf(stderr, "caresim: %s: the ranks read different seed data (%s)\n", c.s->path, cs_seed_dir());
            all = FAILED;
        }
        if (all == OK) {
            double b0 = now();
            mine = compute(&c, err, sizeof err);
            busy += now() - b0;
            if (mine == FAILED) fprintf(stderr, "caresim: rank %d: %s: %s\n", g_rank, c.s->path, err);
            all = worst(mine);
        }
        sim_s += now() - t0;
        pw += c.person_weeks;
        processed += c.processed_weeks;
        if (c.peak_people > peak) peak = c.peak_people;
        if (all != OK) {
            status = all == FAILED ? 1 : 130;
            scen_free(&c);
            break;
        }
        t0 = now();
        if (exchange(&c, err, sizeof err)) write_failed(err, job->out_path);
        if (write_rows(&c, o, err, sizeof err)) write_failed(err, job->out_path);
        if (gather(&c, job->n_sc > 1, !job->quiet))
            write_failed("out of memory gathering the national series", job->out_path);
        if (job->n_sc > 1 &&
            cs_bc_runset_keep(bcs, i, c.s->name, c.s->p.bc_discount_rate, c.full.series, c.R, c.W, c.PW))
            write_failed("out of memory keeping results for the business case", job->out_path);
        write_s += now() - t0;
        if (c.national && c.NP > n_places_max) n_places_max = c.NP;
        if (g_rank == 0 && !job->quiet && job->summary) job->summary(c.s, &c.full, c.national ? c.NP : 0);
        scen_free(&c);
    }
    /* an interrupt that came while writing */
    if (status == 0) {
        int all = worst(job->stop && *job->stop ? STOPPED : OK);
        if (all != OK) status = 130;
    }
    if (status == 0) {
        double t0 = now();
        if (job->n_sc > 1 && cs_bc_runset_write(bcs, job->base_i, o, err, sizeof err)) write_failed(err, job->out_path);
        if (cs_out_finish(o, err, sizeof err)) {
            if (g_rank == 0) fprintf(stderr, "caresim: %s\n", err);
            status = 1;
        }
        write_s += now() - t0;
    } else {
        cs_out_abort(o);
        if (status == 130 && g_rank == 0) fprintf(stderr, "\ncaresim: interrupted; no output written\n");
    }
    cs_bc_runset_free(bcs);
    free(nat.pl);
    free(single);

    /* statistics, summed over the ranks on rank 0 */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    double sums[3] = {pw, processed, cpu}, maxs[3] = {peak, ru.ru_maxrss * 1024.0, busy}, tot[3], mx[3], mn;
    MPI_Reduce(sums, tot, 3, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(maxs, mx, 3, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    MPI_Reduce(&busy, &mn, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    if (g_rank == 0 && st)
        *st = (struct cs_mpi_stats){tot[0], tot[1], mx[0], sim_s, write_s, tot[2], mx[1], mx[2], mn, n_places_max};
    return status;
}
