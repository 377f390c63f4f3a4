/*
 * cs_config.h — loading scenario files into struct cs_params.
 *
 * A scenario is a libconfig file. It may name a parent with  base = "other.cfg";
 * (resolved relative to the file's own directory) and then states only what
 * differs; libconfig's own  @include "file"  also works. Every setting is checked
 * against the parameter table (cs_params.h): an unknown key (with a "did you
 * mean" suggestion), a wrong type, a wrong array length, a value outside the
 * valid range, a missing file and a cycle of bases are all errors.
 *
 * Policy levers take effect from week 0; during the warm-up they hold their
 * status-quo value: the value in the root file of the base chain (the one
 * with no base), or the value a  status_quo = { ... };  group gives (only
 * levers may appear there). The resolved text writes such a group for every
 * lever whose status quo differs, so it reproduces the run on its own.
 *
 * A file may also name a calibration file with  calibration = "calibrated.cfg";
 * (relative to its own directory): parameter settings only, typically written
 * by  caresim calibrate , applied after the file's base and before the file's
 * own settings, so the file can still override a calibrated value. A
 * calibration file may not set policy levers (it describes the world, not a
 * policy), so status-quo values are not affected.
 *
 * place  may name a 2021 council code replaced in April 2023
 * (seeds/former_codes.csv): one with a single successor on the same area is
 * replaced by it, with a note in sc->note; one that was split is an error that
 * names its successors.
 *
 * Errors are reported as  "file:line: message"  into the caller's buffer; the
 * caller prints them and exits with status 2 before creating any output.
 */
#ifndef CS_CONFIG_H
#define CS_CONFIG_H

#include "cs_params.h"

#define CS_NAME_MAX 64

struct cs_scenario {
    char name[CS_NAME_MAX];        /* from  name = "...";  or the file's base name */
    char path[4096];               /* the file given on the command line */
    char description[512];         /* optional  description = "...";  */
    char note[4608];               /* "file:line: note: ..." when place gave a 2021 code
                                    * that has one successor (replaced by it; the caller
                                    * prints this), else "" */
    struct cs_params p;            /* fully resolved parameters */
    struct cs_params sq;           /* the status quo: only its levers are used, as the
                                    * values in force during the warm-up */
};

/* The parameters in force during the warm-up: sc->p with every policy lever
 * (cs_params.h, CS_LEVERS) at its status-quo value. */
void cs_scenario_warmup_params(const struct cs_scenario *sc, struct cs_params *out);

/* Load and validate a scenario file (following base = chains).
 * Returns 0 on success; on failure returns -1 and writes "file:line: message"
 * (or "file: message" when there is no line) into err. */
int cs_scenario_load(const char *path, struct cs_scenario *sc, char *err, size_t errlen);

/* The fully resolved configuration as libconfig text: every parameter of the
 * table with its final value, in table order, grouped by section. The result
 * parses back (with cs_scenario_load) to identical parameters. Caller frees. */
char *cs_scenario_resolved_text(const struct cs_scenario *sc);

/* Levenshtein-based suggestion: the parameter path closest to key, or NULL when
 * nothing is close enough to be a plausible typo. */
const char *cs_param_suggest(const char *key);

#endif
