/*
 * cs_h5read.h — reading a caresim result file back (for `caresim compare`,
 * `caresim report` and tests). The layout is the one cs_output.h writes and
 * docs/output.md documents.
 *
 * cs_rfile_open() refuses a file that is not a complete caresim result file
 * (no schema_version, a newer schema, or status other than "complete"), so no
 * tool ever reports numbers from a run that did not finish.
 */
#ifndef CS_H5READ_H
#define CS_H5READ_H

#include <stddef.h>

typedef struct cs_rfile cs_rfile;

/* Open for reading. NULL with a message in err on failure. */
cs_rfile *cs_rfile_open(const char *path, char *err, size_t errlen);
void cs_rfile_close(cs_rfile *f);

/* Scenarios in the file, in the order they were run when the file records it
 * (attribute scenario_order on /scenarios), else by name. */
int cs_rfile_n_scenarios(const cs_rfile *f);
const char *cs_rfile_scenario(const cs_rfile *f, int i);
/* Index of a scenario by name, or -1. */
int cs_rfile_find(const cs_rfile *f, const char *name);

/* One metric of a scenario as data[r * n_weeks + w] (caller frees), with its
 * shape. NULL with a message in err when absent or unreadable. */
double *cs_rfile_series(const cs_rfile *f, const char *scenario, const char *metric,
                        int *n_reps, int *n_weeks, char *err, size_t errlen);

/* A string attribute of the object at path (e.g. "/", "git_commit";
 * "/scenarios/x/timeseries/unmet_need_hours", "units"), or a scalar string
 * dataset when name is NULL (e.g. "/scenarios/x/config"). Caller frees; NULL
 * when absent. */
char *cs_rfile_string(const cs_rfile *f, const char *path, const char *name);

/* A numeric setting (e.g. "business_case.discount_rate") of the resolved
 * configuration stored with scenario in the file, into *v: 0; -1 when the
 * configuration cannot be read; -2 when it has no such numeric setting. */
int cs_rfile_setting(const cs_rfile *f, const char *scenario, const char *path, double *v);

/*
 * The projection window: the weeks that comparisons, the report and the
 * business case use. A file written with a calendar stores on each scenario's
 * timeseries group the attribute policy_start_week (the dated week the
 * policy starts: 195 = 2024-04-01 by default) beside the coordinate `week`
 * (dated weeks, 0 = 2020-07-01); the weeks before it are history. Year y
 * (1-based) of the window is weeks start + 52 (y - 1) .. start + 52 y - 1 of
 * the series, financial year first_fy + y - 1 when the policy starts on
 * 1 April (the default). A file without policy_start_week (written before the
 * calendar) keeps the old behaviour: the whole series is the window, and its
 * years are "year 1", "year 2", ... (first_fy 0).
 */
struct cs_window {
    int start;      /* index into the series of the first projected week */
    int n_weeks;    /* projected weeks (series length - start) */
    int n_years;    /* ceil(n_weeks / 52) */
    int first_fy;   /* financial year of year 1 (2024 for 2024-25); 0 without a calendar */
    int start_week; /* the dated week of the policy start (195 = 2024-04-01); -1 without a calendar */
};

/* The window of scenario's series, of series length n_weeks. Returns 0; 2
 * with a message in err when the file's policy start lies outside its series
 * (or the attribute cannot be read). */
int cs_rfile_window(const cs_rfile *f, const char *scenario, int n_weeks, struct cs_window *w,
                    char *err, size_t errlen);

/* The window of a series of n_weeks whose week `start` is dated week
 * `start_week` (the policy start; start_week < 0: no calendar). */
struct cs_window cs_window_make(int n_weeks, int start, int start_week);

/* The label of year y (1-based) of the window: "2024-25", or "year 1" without
 * a calendar. Writes into buf (at least 16 bytes); returns buf. */
const char *cs_window_label(const struct cs_window *w, int y, char *buf, size_t len);

/* 1 when an object (group or dataset) exists at path. */
int cs_rfile_exists(const cs_rfile *f, const char *path);

/* The underlying HDF5 file id, for readers of groups this module does not
 * cover (e.g. business_case). */
long long cs_rfile_hid(const cs_rfile *f);

#endif
