/*
 * cs_cli.h — entry points of caresim's subcommands other than run.
 *
 * Each takes the arguments from the subcommand's name on (argv[0] is the
 * subcommand, as getopt expects) and returns the process exit status.
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The build passes the version and commit (build/version.h); these keep a
 * bare compile working. */
#ifndef CS_VERSION
#define CS_VERSION "0.1.0"
#endif
#ifndef CS_GIT_COMMIT
#define CS_GIT_COMMIT "unknown"
#endif

/* Exit status of every subcommand for a bad command line or unusable input. */
#define EXIT_USAGE 2

/* Send SIGINT and SIGTERM to handler, which asks the long commands (run,
 * sweep) to stop at their next step and write nothing. */
static inline void cs_cli_catch_stop(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Seconds since t0 (CLOCK_MONOTONIC), for progress lines and summaries. */
static inline double cs_cli_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Create the directory an output path names (one level), if it is missing.
 * 0, or -1 with errno set. */
static inline int cs_cli_mkdir_for(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return 0;
    *slash = '\0';
    return mkdir(dir, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

/* caresim compare FILE [--baseline NAME] [--csv | --json] [--level L]
 * [--discount R] (analysis/compare.c): 0 success, 1 the file cannot be opened or
 * read (or output fails), 2 a bad command line or unusable input. */
int cs_cmd_compare(int argc, char **argv);

/* caresim report FILE [-o report.html] [--baseline NAME] [--title T]
 * (analysis/report.c): 0 written, 1 the file cannot be read or the report cannot be
 * written, 2 a bad command line or an unknown baseline. */
int cs_cmd_report(int argc, char **argv);

/* caresim validate TARGETS FILE... [--level L] (validation/validate.c): 0 no
 * published figure failed, 1 at least one failed, 2 a bad command line,
 * targets file or result file. */
int cs_cmd_validate(int argc, char **argv);

/* caresim calibrate CALIBRATION.cfg [-o OUT] [--max-evals N] [--threads N] [-q]
 * (validation/calibrate.c): 0 written, 1 a run or the output failed, 2 a bad command
 * line or calibration file, 130 interrupted. version and commit go into the
 * written file's provenance. */
int cs_cmd_calibrate(int argc, char **argv, const char *version, const char *commit);
/* caresim sweep BASELINE [--compare REFORM] [options] (analysis/sweep_cli.c):
 * sensitivity analysis; 0 done, 1 a run or the output failed, 2 a bad command
 * line, scenario or parameter, 130 interrupted. */
int cs_cmd_sweep(int argc, char **argv);

#endif
