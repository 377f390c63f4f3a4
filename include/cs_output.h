/*
 * cs_output.h — the HDF5 result file.
 *
 * Layout (documented for users in docs/output.md):
 *   /                       attributes schema_version, caresim_version, git_commit,
 *                           compiler, created, command_line, seed, status
 *   /scenarios/<name>/config                 string dataset: resolved configuration
 *   /scenarios/<name>/place_inputs           string dataset: CSV, where each place input
 *                                            came from (seeds, national default, scenario)
 *   /scenarios/<name>/timeseries/<metric>    float64 [replicate, time], chunked, deflated,
 *                                            attributes units, description, coordinates
 *                                            ("week"); the dimension scales replicate and
 *                                            time of the same group attached
 *   /scenarios/<name>/timeseries/{replicate,time,week}   coordinates: scales replicate
 *                                            (0..n-1) and time (CF days since the date of
 *                                            week 0, calendar standard), int32 week along time
 *   /scenarios/<name>/by_place/<metric>      national runs only: float64 [replicate, time,
 *                                            place], each council's own series; by_place's
 *                                            own replicate, time and place (codes) scales
 *                                            attached; coordinates "week place_name"
 *   /scenarios/<name>/business_case/         against the baseline, when a run had
 *                                            several scenarios (cs_out_business_case)
 *
 * Crash safety: the file is created under a temporary name beside the target
 * (TARGET.part-PID), the status attribute is "incomplete" until cs_out_finish()
 * writes "complete" as the very last thing, closes the file and renames it onto
 * the target. cs_out_abort() closes and deletes the temporary file. A run killed
 * outright leaves at most the .part file, never a file under the target name.
 */
#ifndef CS_OUTPUT_H
#define CS_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

/* Bumped whenever the layout above changes in a way readers must know about
 * (by_place was added without a bump: readers that do not know it ignore it).
 * 2: the coordinates time (a new dataset in timeseries, beside the metrics) and
 * week (no longer a dimension scale), and by_place's own replicate, time and week.
 * 3: the model's calendar: week 0 starts 2020-07-01 (the dated history, then
 * the projection from the group attribute policy_start_week), time in days of
 * 365.25/52-day weeks, and the coordinate financial_year. */
#define CS_SCHEMA_VERSION 3

typedef struct cs_out cs_out;

struct cs_provenance {
    const char *caresim_version;
    const char *git_commit;
    const char *compiler;
    const char *command_line;
    uint64_t seed;
};

/* Create the temporary file and write the root attributes (status="incomplete").
 * Returns NULL and fills err on failure (e.g. directory does not exist). */
cs_out *cs_out_create(const char *target_path, const struct cs_provenance *prov,
                      char *err, size_t errlen);

/* Create /scenarios/<name> with its config text and the coordinates of its
 * timeseries: replicate, time, week and financial_year, on the model's
 * calendar (cs_calendar.h; docs/output.md, "Coordinates"): week 0 starts
 * 2020-07-01; policy_week is the first week of the projection, whose date
 * policy_start (the scenario's calendar.policy_start) is stored with it. */
int cs_out_scenario(cs_out *o, const char *name, const char *config_text,
                    int n_reps, int n_weeks, int policy_week, const char *policy_start);

/* Write /scenarios/<name>/place_inputs (after cs_out_scenario): a string, the
 * CSV text of cs_place_inputs_text (cs_seed.h), which says which of the
 * places' inputs are their own, national defaults or the scenario's. */
int cs_out_place_inputs(cs_out *o, const char *name, const char *csv_text);

/* Write one metric, data[r * n_weeks + w], float64 [n_reps, n_weeks]. */
int cs_out_series(cs_out *o, const char *scenario, const char *metric,
                  const char *units, const char *description,
                  const double *data, int n_reps, int n_weeks);

/* Mark complete, close, rename to the target. Returns 0 on success. */
int cs_out_finish(cs_out *o, char *err, size_t errlen);

/* Close and delete the temporary file (safe to call from normal code after a
 * failure or interrupt, not from a signal handler). */
void cs_out_abort(cs_out *o);

/* Path of the temporary file (for the signal handler to unlink). */
const char *cs_out_temp_path(const cs_out *o);

/*
 * Additions, with notes on the calls above:
 *  - cs_out_finish() and cs_out_abort() always release o. When finish fails
 *    before the rename the temporary file is deleted; when only the rename
 *    fails the complete file is left under the temporary name and err says so.
 *  - The string from cs_out_temp_path() is freed with o: a signal handler
 *    should keep its own copy (e.g. in a static buffer) and unlink() that.
 *  - Names of scenarios and metrics must be non-empty, contain no '/' and not
 *    start with '.'; the metric names "replicate", "time" and "week" are
 *    taken by the coordinates.
 */

/* A business case as the writer stores it (layout in docs/output.md,
 * "Business case"). The engine does not compute business cases: the caller
 * (analysis/bizcase.c, cs_bizcase_write) fills this from its own results and
 * passes the names of the holders and measures, so this module needs nothing
 * from analysis/. */
struct cs_out_bc {
    int n_reps, n_years, n_holders, n_measures;
    const char *const *holder_names;    /* [n_holders] */
    const char *const *measure_names;   /* [n_measures] */
    double discount_rate;               /* per year */
    double level;                       /* of the intervals in summary */
    const double *savings;              /* [(r * n_years + y) * n_holders + h], GBP */
    const double *investment;           /* [r * n_years + y], GBP */
    const double *npv, *pv_investment, *roi, *payback_year;   /* [r] */
    const double *summary;              /* [m * 3 + j]: mean, ci_low, ci_high of measure m */
};

/* Write /scenarios/<scenario>/business_case from bc, against the named
 * baseline. The scenario must have been created; once per scenario.
 * Returns 0, or -1 with cs_out_errmsg() set. */
int cs_out_business_case(cs_out *o, const char *scenario, const char *baseline,
                         const struct cs_out_bc *bc);

/* National runs (place "all"; docs/output.md, "by_place"). Create
 * /scenarios/<scenario>/by_place with copies of the timeseries coordinates
 * (replicate, time, week), the dimension scale place (the council codes,
 * variable-length UTF-8 strings) and the dataset place_name (their names,
 * with place attached). After cs_out_scenario; once per scenario.
 * Returns 0, or -1 with cs_out_errmsg() set. */
int cs_out_places(cs_out *o, const char *scenario, int n_places, const char *const *codes,
                  const char *const *names);

/* Write one metric of every council, data[(r * n_weeks + w) * n_places + p],
 * as /scenarios/<scenario>/by_place/<metric>: float64 [n_reps, n_weeks,
 * n_places], chunked (one replicate, all places, up to 1 MiB), shuffled and
 * deflated, with units, description and coordinates = "week place_name", and
 * by_place's scales replicate, time and place attached to dimensions 0, 1
 * and 2. After cs_out_places. The names of by_place's coordinates are taken.
 * Returns 0, or -1 with cs_out_errmsg() set. */
int cs_out_place_series(cs_out *o, const char *scenario, const char *metric,
                        const char *units, const char *description,
                        const double *data, int n_reps, int n_weeks, int n_places);

/* The underlying HDF5 file id, for writers of groups this module does not
 * cover (caresim sweep's /sweep, analysis/sweep_file.c); -1 when none. */
long long cs_out_hid(const cs_out *o);

/* As cs_out_series and cs_out_place_series, writing only replicates r0 ..
 * r0+n_rows-1 (data holds just those rows; NULL when n_rows is 0). In a
 * serial file the other rows read as 0; in a parallel file each rank passes
 * its own rows (none, if it has none) in the same call, which is collective. */
int cs_out_series_rows(cs_out *o, const char *scenario, const char *metric,
                       const char *units, const char *description,
                       const double *data, int n_reps, int n_weeks, int r0, int n_rows);
int cs_out_place_series_rows(cs_out *o, const char *scenario, const char *metric,
                             const char *units, const char *description,
                             const double *data, int n_reps, int n_weeks, int n_places, int r0, int n_rows);

#ifdef CS_MPI
#include <mpi.h>
/* MPI build only: a file written through parallel HDF5 (MPI-IO) by every rank
 * of comm. Collective: every rank calls this and every function above with
 * the same arguments (the *_rows writers with each rank's own rows), in the
 * same order; the temporary name carries rank 0's pid. cs_out_finish is
 * collective too: after the parallel close, rank 0 reopens the file serially
 * to write the variable-length strings that parallel HDF5 1.10 cannot (the
 * datasets config, place, place_name and the business case's string scales,
 * created in the parallel phase), then marks it complete and renames it; every
 * rank gets rank 0's result. cs_out_abort is collective (rank 0 deletes). */
cs_out *cs_out_create_mpi(const char *target_path, const struct cs_provenance *prov, MPI_Comm comm,
                          char *err, size_t errlen);
#endif

/* Message describing the last failure of cs_out_scenario()/cs_out_series()
 * ("" when none). Valid until the next call on o. */
const char *cs_out_errmsg(const cs_out *o);

/* Number of HDF5 identifiers (datasets, groups, attributes, types) still open
 * in the file besides the file itself; 0 between calls unless something leaks.
 * For tests. */
int cs_out_open_ids(const cs_out *o);

#endif
