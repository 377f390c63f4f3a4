/*
 * config.c — scenario files (libconfig) to struct cs_params, and back.
 *
 * Loading starts from the table defaults, applies the chain of  base = "..."
 * parents from the root-most one down, then the file's own settings, so each
 * file states only what differs from its parent. Every setting is checked
 * against the parameter table (cs_params.h) and the first problem is reported
 * as "file:line: message", because a scenario that silently ignores a typo
 * produces a plausible-looking but wrong run.
 *
 * The resolved text is the inverse: every parameter with its final value, in a
 * form that loads back bit-for-bit, so each output file can carry the exact
 * configuration that produced it.
 */
#include "cs_config.h"
#include "cs_calendar.h"
#include "cs_seed.h"

#include <libconfig.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A base chain this long is certainly a mistake even without a cycle. */
#define MAX_BASE_DEPTH 32
/* Longest dotted path we accept from a file; real paths are far shorter. */
#define MAX_KEY 512

/* One file of the base chain being loaded (the last one is the current file). */
struct chain_link {
    const char *path;   /* as given, or built from the naming file's directory */
    char *dir;          /* its directory ("" when the path has none); owned */
    dev_t dev;
    ino_t ino;
};

struct loader {
    char *err;
    size_t errlen;
    struct cs_params *p;
    struct cs_params *sq;    /* status-quo values of the levers */
    int in_sq;               /* applying a status_quo group: levers only */
    int in_calib;            /* applying a calibration file: no levers */
    char *note;              /* sc->note, or NULL */
    size_t notelen;
    struct chain_link chain[MAX_BASE_DEPTH];
    int depth;
};

/* ------------------------------------------------------------------------- */
/* Error reporting                                                            */

/* libconfig names settings from an @include'd file by the name written in the
 * @include, which it resolved against the include directory; print the
 * resolved name so that the user can open the file the message points at. */
static void verr(struct loader *L, int fixup, const char *file, int line, const char *fmt,
                 va_list ap)
{
    if (!L->err || L->errlen == 0)
        return;

    const struct chain_link *cur = L->depth > 0 ? &L->chain[L->depth - 1] : NULL;
    const char *dir = "", *sep = "";
    if (!file)
        file = cur ? cur->path : "?";
    else if (fixup && cur && file[0] != '/' && cur->dir[0] && strcmp(file, cur->path) != 0) {
        dir = cur->dir;
        sep = "/";
    }

    int k = line > 0 ? snprintf(L->err, L->errlen, "%s%s%s:%d: ", dir, sep, file, line)
                     : snprintf(L->err, L->errlen, "%s%s%s: ", dir, sep, file);
    if (k >= 0 && (size_t)k < L->errlen)
        vsnprintf(L->err + k, L->errlen - (size_t)k, fmt, ap);
}

/* Report at a setting's own file and line; always returns -1. */
static int err_at(struct loader *L, const config_setting_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, 1, s ? config_setting_source_file(s) : NULL,
         s ? (int)config_setting_source_line(s) : 0, fmt, ap);
    va_end(ap);
    return -1;
}

/* Report at a file and line named by libconfig (line 0: none); returns -1. */
static int err_line(struct loader *L, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, 1, file, line, fmt, ap);
    va_end(ap);
    return -1;
}

/* Report against a file exactly as named, with no line; returns -1. */
static int err_file(struct loader *L, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, 0, file, 0, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *type_name(int type)
{
    switch (type) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:  return "an integer";
    case CONFIG_TYPE_FLOAT:  return "a float";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL:   return "a boolean";
    case CONFIG_TYPE_ARRAY:  return "an array";
    case CONFIG_TYPE_LIST:   return "a list";
    case CONFIG_TYPE_GROUP:  return "a group";
    default:                 return "an unknown type";
    }
}

/* The shortest decimal text that reads back as exactly v. */
static void fmt_num(char *buf, size_t n, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* ------------------------------------------------------------------------- */
/* Suggestions                                                                */

/* Optimal-string-alignment distance (Levenshtein plus adjacent transposition,
 * the commonest typo). Lengths beyond the buffers count as "far". */
static size_t osa_distance(const char *a, size_t la, const char *b, size_t lb)
{
    enum { W = 128 };
    size_t r0[W + 1], r1[W + 1], r2[W + 1];
    size_t *pp = r0, *pr = r1, *cur = r2;

    if (la > W || lb > W)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        pr[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = pr[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (pr[j - 1] + cost < d)
                d = pr[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = pp;
        pp = pr;
        pr = cur;
        cur = t;
    }
    return pr[lb];
}

static const char *leaf_of(const char *s, size_t len)
{
    for (size_t i = len; i > 0; i--)
        if (s[i - 1] == '.')
            return s + i;
    return s;
}

struct match {
    const char *s;   /* candidate text (not necessarily NUL-terminated) */
    size_t len;
    size_t score;
};

/* Two ways a key is plausibly meant as cand: a small edit of the whole dotted
 * path (which covers a typo in the leaf within the right group), or the right
 * leaf name put in the wrong group (or at top level), which no edit-distance
 * threshold would tolerate. */
static void consider(struct match *m, const char *key, const char *cand, size_t cand_len)
{
    size_t klen = strlen(key);
    size_t thr = klen / 3 > 2 ? klen / 3 : 2;
    size_t score = SIZE_MAX;

    size_t d = osa_distance(key, klen, cand, cand_len);
    if (d <= thr)
        score = d;

    const char *kl = leaf_of(key, klen), *cl = leaf_of(cand, cand_len);
    size_t kll = klen - (size_t)(kl - key), cll = cand_len - (size_t)(cl - cand);
    if (kll == cll && memcmp(kl, cl, kll) == 0 && score > 1)
        score = 1;

    if (score < m->score) {
        m->s = cand;
        m->len = cand_len;
        m->score = score;
    }
}

/* Closest parameter path (groups == 0) or group path (groups != 0) to key. */
static struct match suggest(const char *key, int groups)
{
    struct match m = { NULL, 0, SIZE_MAX };

    for (int i = 0; i < cs_param_count; i++) {
        const char *path = cs_param_table[i].path;
        if (!groups) {
            consider(&m, key, path, strlen(path));
            continue;
        }
        for (const char *dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.'))
            consider(&m, key, path, (size_t)(dot - path));
    }
    return m;
}

const char *cs_param_suggest(const char *key)
{
    if (!key)
        return NULL;
    /* Candidates are whole table paths here, so the match is NUL-terminated. */
    return suggest(key, 0).s;
}

/* ------------------------------------------------------------------------- */
/* Applying settings                                                          */

/* Whether path is a proper prefix (a group) of some parameter path. */
static int is_group_path(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < cs_param_count; i++) {
        const char *p = cs_param_table[i].path;
        if (strncmp(p, path, n) == 0 && p[n] == '.')
            return 1;
    }
    return 0;
}

static int unknown_setting(struct loader *L, const config_setting_t *s, const char *full,
                           int is_group)
{
    struct match m = suggest(full, is_group);
    if (m.s)
        return err_at(L, s, "unknown setting '%s' (did you mean '%.*s'?)", full,
                      (int)m.len, m.s);
    return err_at(L, s, "unknown setting '%s'", full);
}

static int out_of_range(struct loader *L, const config_setting_t *s,
                        const struct cs_param_info *pi, const char *what, double v)
{
    char vb[40], lo[40], hi[40];
    fmt_num(vb, sizeof vb, v);
    fmt_num(lo, sizeof lo, pi->min);
    fmt_num(hi, sizeof hi, pi->max);
    return err_at(L, s, "%s = %s is outside the valid range [%s, %s]", what, vb, lo, hi);
}

static int get_number(const config_setting_t *s, double *v)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        *v = (double)config_setting_get_int64(s);
        return 0;
    case CONFIG_TYPE_FLOAT:
        *v = config_setting_get_float(s);
        return 0;
    default:
        return -1;
    }
}

/* place = a 2021 council code replaced in April 2023 (seeds/former_codes.csv):
 * succ gets its successor (with a note at this setting's file and line), or ""
 * when code is not such a code. A split council is an error naming its
 * successors. 0, or -1 with the error set. */
static int former_place(struct loader *L, const config_setting_t *s, const char *code,
                        char succ[16])
{
    char msg[1024];
    if (L->note)        /* a later file's place replaces an earlier one's note */
        L->note[0] = '\0';
    int r = cs_seed_former_code(cs_seed_dir(), code, succ, 16, msg, sizeof msg);
    if (r == 0) {
        succ[0] = '\0';
        return 0;
    }
    if (r == 1) {
        /* the note is formatted as an error would be: "file:line: note: ..." */
        char *err = L->err;
        size_t errlen = L->errlen;
        L->err = L->note;
        L->errlen = L->note ? L->notelen : 0;
        err_at(L, s, "%s", msg);
        L->err = err;
        L->errlen = errlen;
        return 0;
    }
    succ[0] = '\0';
    return err_at(L, s, "%s", msg);   /* split (2), or former_codes.csv unreadable (-1) */
}

static int apply_param(struct loader *L, const config_setting_t *s,
                       const struct cs_param_info *pi)
{
    char *dst = (char *)L->p + pi->offset;
    const char *path = pi->path;
    int type = config_setting_type(s);
    char what[MAX_KEY + 32];

    if (L->in_sq && !cs_param_is_lever(pi))
        return err_at(L, s, "'%s' is not a policy lever, so it cannot have a separate "
                      "status_quo value (levers are marked in docs/parameters.md)", path);
    if (L->in_calib && cs_param_is_lever(pi))
        return err_at(L, s, "'%s' is a policy lever; a calibration file sets only the world a "
                      "policy acts in (levers are marked in docs/parameters.md)", path);

    snprintf(what, sizeof what, "'%s'", path);
    switch (pi->kind) {
    case CS_INT: {
        if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
            return err_at(L, s, "'%s' must be an integer, got %s", path, type_name(type));
        long long v = config_setting_get_int64(s);
        /* The field is an int, whatever range the table allows. */
        if (v < INT_MIN || v > INT_MAX || (double)v < pi->min || (double)v > pi->max)
            return out_of_range(L, s, pi, what, (double)v);
        *(int *)(void *)dst = (int)v;
        return 0;
    }
    case CS_REAL: {
        double v;
        if (get_number(s, &v) != 0)
            return err_at(L, s, "'%s' must be a number, got %s", path, type_name(type));
        if (!(v >= pi->min && v <= pi->max))
            return out_of_range(L, s, pi, what, v);
        *(double *)(void *)dst = v;
        return 0;
    }
    case CS_BOOL:
        if (type != CONFIG_TYPE_BOOL)
            return err_at(L, s, "'%s' must be true or false, got %s", path, type_name(type));
        *(int *)(void *)dst = config_setting_get_bool(s) ? 1 : 0;
        return 0;
    case CS_STR: {
        if (type != CONFIG_TYPE_STRING)
            return err_at(L, s, "'%s' must be a string, got %s", path, type_name(type));
        const char *v = config_setting_get_string(s);
        size_t n = strlen(v);
        if (n > (size_t)pi->n)
            return err_at(L, s, "'%s' is %zu characters long, at most %d allowed", path, n,
                          pi->n);
        if (strcmp(path, "council.budget_rule") == 0 && strcmp(v, "published") != 0 && strcmp(v, "settled") != 0)
            return err_at(L, s, "'%s' must be \"published\" (the place's share of published spending) or "
                          "\"settled\" (spend at the end of the spin-up), got \"%s\"", path, v);
        char succ[16] = "";   /* a 2021 council code's successor */
        if (strcmp(path, "place") == 0 && former_place(L, s, v, succ) != 0)
            return -1;
        if (succ[0]) {
            v = succ;
            n = strlen(v);
        }
        /* Zero the tail so that equal parameter sets compare equal with memcmp. */
        memset(dst, 0, (size_t)pi->n + 1);
        memcpy(dst, v, n);
        return 0;
    }
    case CS_REALV: {
        if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
            return err_at(L, s, "'%s' must be a list of %d numbers, e.g. [1.0, 2.0], got %s",
                          path, pi->n, type_name(type));
        int len = config_setting_length(s);
        if (len != pi->n)
            return err_at(L, s, "'%s' needs %d values, got %d", path, pi->n, len);
        double *out = (double *)(void *)dst;
        for (int i = 0; i < len; i++) {
            const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
            double v;
            if (get_number(e, &v) != 0)
                return err_at(L, e, "'%s' value %d must be a number, got %s", path, i + 1,
                              type_name(config_setting_type(e)));
            if (!(v >= pi->min && v <= pi->max)) {
                snprintf(what, sizeof what, "'%s' value %d", path, i + 1);
                return out_of_range(L, e, pi, what, v);
            }
        }
        /* Only commit once every element passed, so a rejected array leaves no trace. */
        for (int i = 0; i < len; i++) {
            double v = 0;
            get_number(config_setting_get_elem(s, (unsigned)i), &v);
            out[i] = v;
        }
        return 0;
    }
    }
    return err_at(L, s, "'%s' has an unsupported kind in the parameter table", path);
}

static const char *kind_name(enum cs_param_kind k)
{
    switch (k) {
    case CS_INT:   return "an integer";
    case CS_REAL:  return "a number";
    case CS_BOOL:  return "true or false";
    case CS_STR:   return "a string";
    case CS_REALV: return "a list of numbers";
    }
    return "a value";
}

/* Check and apply one setting found under the group path prefix ("" at the root). */
static int apply_setting(struct loader *L, const config_setting_t *s, const char *prefix)
{
    const char *name = config_setting_name(s);
    char full[MAX_KEY];
    int type = config_setting_type(s);

    if (!name)   /* only list elements are nameless, and they never get here */
        return err_at(L, s, "unexpected unnamed setting");
    int k = prefix[0] ? snprintf(full, sizeof full, "%s.%s", prefix, name)
                      : snprintf(full, sizeof full, "%s", name);
    if (k < 0 || (size_t)k >= sizeof full)
        return err_at(L, s, "setting name too long");

    const struct cs_param_info *pi = cs_param_find(full);
    if (pi) {
        if (type == CONFIG_TYPE_GROUP)
            return err_at(L, s, "'%s' must be %s, got a group", full, kind_name(pi->kind));
        return apply_param(L, s, pi);
    }

    int group = is_group_path(full);
    if (type == CONFIG_TYPE_GROUP) {
        if (!group)
            return unknown_setting(L, s, full, 1);
        int n = config_setting_length(s);
        for (int i = 0; i < n; i++)
            if (apply_setting(L, config_setting_get_elem(s, (unsigned)i), full) != 0)
                return -1;
        return 0;
    }
    if (group)
        return err_at(L, s, "'%s' must be a group of settings (%s = { ... };), got %s", full,
                      name, type_name(type));
    return unknown_setting(L, s, full, 0);
}

/* ------------------------------------------------------------------------- */
/* Files and the base chain                                                   */

static int valid_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
           || c == '_' || c == '-';
}

static int check_name(struct loader *L, const config_setting_t *s, char *out)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return err_at(L, s, "'name' must be a string, got %s",
                      type_name(config_setting_type(s)));
    const char *v = config_setting_get_string(s);
    size_t n = strlen(v);
    if (n == 0)
        return err_at(L, s, "'name' must not be empty");
    if (n > CS_NAME_MAX - 1)
        return err_at(L, s, "'name' is %zu characters long, at most %d allowed", n,
                      CS_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if (!valid_name_char(v[i]))
            return err_at(L, s, "'name' may contain only letters, digits, '_' and '-'");
    if (out)
        memcpy(out, v, n + 1);
    return 0;
}

static int check_description(struct loader *L, const config_setting_t *s, char *out,
                             size_t outsz)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return err_at(L, s, "'description' must be a string, got %s",
                      type_name(config_setting_type(s)));
    const char *v = config_setting_get_string(s);
    size_t n = strlen(v);
    if (n >= outsz)
        return err_at(L, s, "'description' is %zu characters long, at most %zu allowed", n,
                      outsz - 1);
    if (out)
        memcpy(out, v, n + 1);
    return 0;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (slash && n == 0)
        n = 1;   /* "/x.cfg" lives in "/" */
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static int cycle_error(struct loader *L, const config_setting_t *from, int first,
                       const char *path)
{
    char chain[2048];
    size_t used = 0;
    chain[0] = '\0';
    for (int i = first; i < L->depth; i++) {
        int k = snprintf(chain + used, sizeof chain - used, "%s -> ", L->chain[i].path);
        if (k < 0 || (size_t)k >= sizeof chain - used)
            break;
        used += (size_t)k;
    }
    return err_at(L, from, "inheritance cycle: %s%s", chain, path);
}

/* status_quo = { group: { lever = value; }; };  sets the warm-up value of
 * levers (cs_params.h, CS_LEVERS) where it is not the root file's value. */
static int apply_status_quo(struct loader *L, const config_setting_t *g)
{
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return err_at(L, g, "'status_quo' must be a group of settings (status_quo = { ... };), got %s",
                      type_name(config_setting_type(g)));
    struct cs_params *keep = L->p;
    int rc = 0;
    L->p = L->sq;
    L->in_sq = 1;
    int n = config_setting_length(g);
    for (int i = 0; i < n && rc == 0; i++)
        rc = apply_setting(L, config_setting_get_elem(g, (unsigned)i), "");
    L->in_sq = 0;
    L->p = keep;
    return rc;
}

/* A calibration file (calibration = "file.cfg"; see cs_config.h): parameter
 * settings only, applied beneath the naming file's own. Levers are refused, so
 * the status quo is untouched; the file is read like any other for errors. */
static int load_calibration(struct loader *L, const config_setting_t *from, const char *dir)
{
    if (config_setting_type(from) != CONFIG_TYPE_STRING)
        return err_at(L, from, "'calibration' must be a string (a calibration file), got %s",
                      type_name(config_setting_type(from)));
    const char *c = config_setting_get_string(from);
    if (!c[0])
        return err_at(L, from, "'calibration' must not be empty");
    size_t n = strlen(dir) + strlen(c) + 2;
    char *path = malloc(n);
    if (!path)
        return err_at(L, from, "out of memory");
    if (c[0] == '/' || !dir[0])
        snprintf(path, n, "%s", c);
    else
        snprintf(path, n, "%s/%s", dir, c);
    int rc = -1;
    config_t cfg;
    config_init(&cfg);
    char *cdir = dir_of(path);
    if (cdir && cdir[0])
        config_set_include_dir(&cfg, cdir);
    FILE *f = fopen(path, "r");
    if (!f) {
        err_at(L, from, "cannot open calibration file '%s': %s", path, strerror(errno));
        goto out;
    }
    fclose(f);
    if (!config_read_file(&cfg, path)) {
        const char *ef = config_error_file(&cfg);
        const char *text = config_error_text(&cfg);
        L->chain[L->depth++] = (struct chain_link){ path, cdir ? cdir : (char *)"", 0, 0 };
        err_line(L, ef ? ef : path, ef ? config_error_line(&cfg) : 0, "%s", text ? text : "cannot read file");
        L->depth--;
        goto out;
    }
    /* on the chain while it is read, so messages name it as given */
    if (L->depth == MAX_BASE_DEPTH) {
        err_at(L, from, "more than %d levels of base scenarios", MAX_BASE_DEPTH);
        goto out;
    }
    L->chain[L->depth++] = (struct chain_link){ path, cdir ? cdir : (char *)"", 0, 0 };
    const config_setting_t *root = config_root_setting(&cfg);
    int count = config_setting_length(root);
    L->in_calib = 1;
    rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(s);
        if (!strcmp(name, "base") || !strcmp(name, "name") || !strcmp(name, "description") ||
            !strcmp(name, "status_quo") || !strcmp(name, "calibration"))
            rc = err_at(L, s, "a calibration file holds parameter settings only, not '%s'", name);
        else
            rc = apply_setting(L, s, "");
    }
    L->in_calib = 0;
    L->depth--;
out:
    config_destroy(&cfg);
    free(cdir);
    free(path);
    return rc;
}

/* Load path and its bases into L->p. from is the  base  setting that named this
 * file (NULL for the file given by the user); sc receives name and description
 * only for the user's file, since each scenario names itself. */
static int load_file(struct loader *L, const char *path, const config_setting_t *from,
                     struct cs_scenario *sc)
{
    struct stat st;
    FILE *f = fopen(path, "r");
    int e = errno;
    if (f) {
        e = fstat(fileno(f), &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
        fclose(f);
    }
    if (!f || e) {
        if (from)
            return err_at(L, from, "cannot open base scenario '%s': %s", path, strerror(e));
        return err_file(L, path, "cannot open scenario file: %s", strerror(e));
    }

    for (int i = 0; i < L->depth; i++)
        if (L->chain[i].dev == st.st_dev && L->chain[i].ino == st.st_ino)
            return cycle_error(L, from, i, path);
    if (L->depth == MAX_BASE_DEPTH)
        return err_at(L, from, "more than %d levels of base scenarios", MAX_BASE_DEPTH);

    char *dir = dir_of(path);
    if (!dir)
        return from ? err_at(L, from, "out of memory") : err_file(L, path, "out of memory");
    L->chain[L->depth] = (struct chain_link){ path, dir, st.st_dev, st.st_ino };
    L->depth++;

    int rc = -1;
    char *base_path = NULL;
    config_t cfg;
    config_init(&cfg);
    if (dir[0])
        config_set_include_dir(&cfg, dir);

    if (!config_read_file(&cfg, path)) {
        const char *ef = config_error_file(&cfg);
        const char *text = config_error_text(&cfg);
        err_line(L, ef ? ef : path, ef ? config_error_line(&cfg) : 0, "%s",
                 text ? text : "cannot read file");
        goto out;
    }

    const config_setting_t *root = config_root_setting(&cfg);
    const config_setting_t *base = config_setting_get_member(root, "base");
    if (base) {
        if (config_setting_type(base) != CONFIG_TYPE_STRING) {
            err_at(L, base, "'base' must be a string (the parent scenario file), got %s",
                   type_name(config_setting_type(base)));
            goto out;
        }
        const char *b = config_setting_get_string(base);
        if (!b[0]) {
            err_at(L, base, "'base' must not be empty");
            goto out;
        }
        size_t n = strlen(dir) + strlen(b) + 2;
        base_path = malloc(n);
        if (!base_path) {
            err_at(L, base, "out of memory");
            goto out;
        }
        if (b[0] == '/' || !dir[0])
            snprintf(base_path, n, "%s", b);
        else
            snprintf(base_path, n, "%s/%s", dir, b);
        if (load_file(L, base_path, base, NULL) != 0)
            goto out;
    }

    /* calibrated values apply beneath this file's own settings */
    const config_setting_t *calib = config_setting_get_member(root, "calibration");
    if (calib && load_calibration(L, calib, dir) != 0)
        goto out;

    int count = config_setting_length(root);
    for (int i = 0; i < count; i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(s);
        if (strcmp(name, "base") == 0 || strcmp(name, "status_quo") == 0 || strcmp(name, "calibration") == 0)
            continue;
        if (strcmp(name, "name") == 0) {
            if (check_name(L, s, sc ? sc->name : NULL) != 0)
                goto out;
        } else if (strcmp(name, "description") == 0) {
            if (check_description(L, s, sc ? sc->description : NULL,
                                  sizeof sc->description) != 0)
                goto out;
        } else if (apply_setting(L, s, "") != 0) {
            goto out;
        }
    }
    /* the root of the chain defines the status quo of every lever */
    if (!base)
        *L->sq = *L->p;
    const config_setting_t *sqg = config_setting_get_member(root, "status_quo");
    if (sqg && apply_status_quo(L, sqg) != 0)
        goto out;
    rc = 0;

out:
    config_destroy(&cfg);
    free(base_path);
    L->depth--;
    free(L->chain[L->depth].dir);
    return rc;
}

/* The name a scenario gets when it does not state one: its file's base name
 * without ".cfg", with any character a name may not hold replaced by '_'. */
static void default_name(const char *path, char *out)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".cfg") == 0)
        n -= 4;
    if (n > CS_NAME_MAX - 1)
        n = CS_NAME_MAX - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = valid_name_char(b[i]) ? b[i] : '_';
    out[n] = '\0';
    if (n == 0)
        snprintf(out, CS_NAME_MAX, "scenario");
}

int cs_scenario_load(const char *path, struct cs_scenario *sc, char *err, size_t errlen)
{
    struct loader L = { .err = err, .errlen = errlen, .p = &sc->p, .sq = &sc->sq, .depth = 0,
                        .note = sc->note, .notelen = sizeof sc->note };

    if (err && errlen)
        err[0] = '\0';
    memset(sc, 0, sizeof *sc);
    cs_params_defaults(&sc->p);

    if (!path || !path[0])
        return err_file(&L, "(none)", "cannot open scenario file: no file name given");
    if (strlen(path) >= sizeof sc->path)
        return err_file(&L, path, "cannot open scenario file: path too long");
    memcpy(sc->path, path, strlen(path) + 1);

    if (load_file(&L, path, NULL, sc) != 0)
        return -1;
    /* the calendar's settings, which only make sense together (cs_calendar.h) */
    int y, m, d;
    if (cs_cal_parse(sc->p.policy_start, &y, &m, &d) != 0 || cs_cal_day_of_date(y, m, d) < 0 ||
        cs_cal_week_of_date(y, m, d) > 52 * 60)
        return err_file(&L, path, "calendar.policy_start = \"%s\": not a date YYYY-MM-DD from 2020-07-01 "
                        "(when the dated simulation starts) to 2080", sc->p.policy_start);
    if (!sc->name[0])
        default_name(path, sc->name);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Resolved text                                                              */

struct sbuf {
    char *s;
    size_t len, cap;
    int failed;
};

static void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return;
    va_list ap2;
    va_copy(ap2, ap);
    int k = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap2);
    va_end(ap2);
    if (k < 0) {
        b->failed = 1;
        return;
    }
    if (!b->s || b->len + (size_t)k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + (size_t)k + 1)
            cap *= 2;
        char *t = realloc(b->s, cap);
        if (!t) {
            b->failed = 1;
            return;
        }
        b->s = t;
        b->cap = cap;
        vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    }
    b->len += (size_t)k;
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

/* A libconfig string literal that reads back as exactly s. */
static void sb_quoted(struct sbuf *b, const char *s)
{
    sb_printf(b, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"':  sb_printf(b, "\\\""); break;
        case '\\': sb_printf(b, "\\\\"); break;
        case '\n': sb_printf(b, "\\n"); break;
        case '\t': sb_printf(b, "\\t"); break;
        case '\r': sb_printf(b, "\\r"); break;
        case '\f': sb_printf(b, "\\f"); break;
        default:
            if (*c < 0x20 || *c == 0x7f)
                sb_printf(b, "\\x%02x", *c);
            else
                sb_printf(b, "%c", *c);
        }
    }
    sb_printf(b, "\"");
}

/* A real that libconfig reads as a float (never as an integer) and that
 * converts back to the same double. */
static void sb_real(struct sbuf *b, double v)
{
    char buf[48];
    fmt_num(buf, sizeof buf, v);
    if (!strpbrk(buf, ".eE"))
        strcat(buf, ".0");
    sb_printf(b, "%s", buf);
}

static void sb_indent(struct sbuf *b, int depth)
{
    sb_printf(b, "%*s", 2 * depth, "");
}

static void emit_param(struct sbuf *b, const struct cs_param_info *pi, const char *leaf,
                       int depth, const struct cs_params *p)
{
    const char *src = (const char *)p + pi->offset;

    sb_indent(b, depth);
    sb_printf(b, "%s = ", leaf);
    switch (pi->kind) {
    case CS_INT:
        sb_printf(b, "%d", *(const int *)(const void *)src);
        break;
    case CS_BOOL:
        sb_printf(b, "%s", *(const int *)(const void *)src ? "true" : "false");
        break;
    case CS_REAL:
        sb_real(b, *(const double *)(const void *)src);
        break;
    case CS_STR:
        sb_quoted(b, src);
        break;
    case CS_REALV:
        sb_printf(b, "[");
        for (int i = 0; i < pi->n; i++) {
            if (i)
                sb_printf(b, ", ");
            sb_real(b, ((const double *)(const void *)src)[i]);
        }
        sb_printf(b, "]");
        break;
    }
    sb_printf(b, ";");
    if (pi->units && pi->units[0])
        sb_printf(b, "  # %s", pi->units);
    sb_printf(b, "\n");
}

/* With ref, only the levers whose value in p differs from ref are emitted
 * (the status_quo group). */
static int emitted(int i, const struct cs_params *p, const struct cs_params *ref)
{
    const struct cs_param_info *pi = &cs_param_table[i];
    return !ref || (cs_param_is_lever(pi) && !cs_param_equal(pi, p, ref));
}

/* Emit every row under the group path prefix (plen chars, ending in '.', or
 * empty for the root) that emitted() allows. Subgroups appear where their
 * first such row appears, so the output follows table order even if a group's
 * rows are not contiguous. */

static void emit_level(struct sbuf *b, const char *prefix, size_t plen, int depth,
                       const struct cs_params *p, const struct cs_params *ref)
{
    for (int i = 0; i < cs_param_count; i++) {
        const char *path = cs_param_table[i].path;
        if (strncmp(path, prefix, plen) != 0 || !emitted(i, p, ref))
            continue;
        const char *rest = path + plen;
        const char *dot = strchr(rest, '.');
        if (!dot) {
            emit_param(b, &cs_param_table[i], rest, depth, p);
            continue;
        }
        size_t glen = (size_t)(dot - path) + 1;   /* the subgroup's prefix, with its dot */
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = strncmp(cs_param_table[j].path, path, glen) == 0 && emitted(j, p, ref);
        if (seen)
            continue;
        if (depth == 0)
            sb_printf(b, "\n");
        sb_indent(b, depth);
        sb_printf(b, "%.*s = {\n", (int)(dot - rest), rest);
        emit_level(b, path, glen, depth + 1, p, ref);
        sb_indent(b, depth);
        sb_printf(b, "};\n");
    }
}

char *cs_scenario_resolved_text(const struct cs_scenario *sc)
{
    struct sbuf b = { NULL, 0, 0, 0 };

    sb_printf(&b, "# caresim resolved scenario: every parameter with its final value\n"
                  "# (table defaults, base scenarios and overrides applied). Loading this\n"
                  "# file reproduces the same parameters exactly.\n"
                  "# Scenario file: ");
    /* The path goes in a comment, so a newline in it must not end the comment. */
    for (const char *c = sc->path; *c; c++)
        sb_printf(&b, "%c", (unsigned char)*c < 0x20 ? '?' : *c);
    sb_printf(&b, "\n\nname = ");
    sb_quoted(&b, sc->name);
    sb_printf(&b, ";\n");
    if (sc->description[0]) {
        sb_printf(&b, "description = ");
        sb_quoted(&b, sc->description);
        sb_printf(&b, ";\n");
    }
    sb_printf(&b, "\n");
    emit_level(&b, "", 0, 0, &sc->p, NULL);
    int differs = 0;
    for (int i = 0; i < cs_param_count && !differs; i++)
        differs = emitted(i, &sc->sq, &sc->p);
    if (differs) {
        sb_printf(&b, "\n# Policy levers whose value in the warm-up (the status quo) differs\n"
                      "# from the value above, which applies from week 0.\nstatus_quo = {\n");
        emit_level(&b, "", 0, 1, &sc->sq, &sc->p);
        sb_printf(&b, "};\n");
    }

    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

void cs_scenario_warmup_params(const struct cs_scenario *sc, struct cs_params *out)
{
    *out = sc->p;
    cs_params_copy_levers(out, &sc->sq);
}
