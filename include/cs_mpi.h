/*
 * cs_mpi.h — `caresim run` across the ranks of an Open MPI job (make MPI=1
 * only; sim/mpi.c, README.md "Running on a cluster"). Only sim/main.c calls
 * it, and only when built with -DCS_MPI; the serial build never sees mpi.h.
 *
 * Every rank parses the same command line and loads the same scenarios; then
 * the work units of each scenario, (replicate, council) (one council for a
 * single-place run), are shared out largest first, each rank runs its own
 * with its OpenMP threads, and all ranks write one HDF5 file together through
 * parallel HDF5. Results are bit-identical to the serial run with the same
 * seed, whatever the number of ranks and threads.
 */
#ifndef CS_MPI_H
#define CS_MPI_H

#include <signal.h>

#include "cs_config.h"
#include "cs_output.h"
#include "cs_run.h"

/* MPI_Init (threads funnelled: only the main thread calls MPI). Returns 0, or
 * -1 with a message printed. */
int cs_mpi_start(int *argc, char ***argv);

/* This rank's number and the number of ranks (0 and 1 before cs_mpi_start). */
int cs_mpi_rank(void);
int cs_mpi_size(void);

/* The check that every rank got through the command line and the scenarios:
 * collective, called once by every rank, either just before the run with
 * rc = 0 or on its way out with its exit status (cs_mpi_end does it for a rank
 * that returns early). Returns the largest status over the ranks, so one rank
 * that cannot read its scenario stops them all before any output exists. */
int cs_mpi_agree(int rc);

/* End of the process: cs_mpi_agree(rc) if this rank has not taken part yet,
 * then MPI_Finalize. Returns the exit status. */
int cs_mpi_end(int rc);

/* Statistics of a run for --stats, summed (maxima for peaks) over the ranks,
 * on rank 0. */
struct cs_mpi_stats {
    double person_weeks, processed_weeks, peak_people;
    double sim_seconds, write_seconds;     /* rank 0's wall time in each phase */
    double cpu_seconds;                    /* CPU time of all ranks */
    double peak_rss_bytes;                 /* the largest rank's */
    /* seconds the busiest and the least busy rank spent running its units
     * (waiting for the others not counted): how even the work was shared */
    double busy_max, busy_min;
    int n_places_max;
};

struct cs_mpi_job {
    const struct cs_scenario *sc;
    int n_sc, base_i, threads, quiet;
    const char *out_path;
    const struct cs_provenance *prov;
    volatile sig_atomic_t *stop;
    /* rank 0 prints each scenario's summary with this (n_places 0: one council) */
    void (*summary)(const struct cs_scenario *sc, const struct cs_results *r, int n_places);
};

/* Run every scenario of job and write job->out_path. Collective. Returns the
 * exit status, the same on every rank: 0, 1 (an error: the rank that had it
 * prints "caresim: rank N: ..."; no file is left under the target name), or
 * 130 (interrupted). An error while the ranks write the file together ends
 * the job with MPI_Abort (the .part file is left, marked incomplete), since
 * the ranks could no longer make the same calls. Fills *st on rank 0. */
int cs_mpi_run(const struct cs_mpi_job *job, struct cs_mpi_stats *st);

#endif
