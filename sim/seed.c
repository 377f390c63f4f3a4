/*
 * seed.c — reading the seed CSV files (RFC-4180 style: fields may be quoted).
 * Formats are documented in seeds/README.md. A bad value or a missing row is
 * an error naming the file and line (or the file and place).
 */
#define _GNU_SOURCE
#include "cs_seed.h"

#include "cs_params.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FIELDS 128
#define LINE_MAX_LEN 8192

/* Split one CSV line in place. Returns the number of fields. */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max) return n;
        if (*p == '"') {
            char *w = ++p;
            f[n++] = w;
            for (;;) {
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p += 2; }
                else if (*p == '"') { p++; break; }
                else if (*p == '\0') break;
                else *w++ = *p++;
            }
            *w = '\0';
            while (*p && *p != ',') p++;
        } else {
            f[n++] = p;
            while (*p && *p != ',' && *p != '\n' && *p != '\r') p++;
        }
        if (*p == ',') { *p++ = '\0'; continue; }
        *p = '\0';
        return n;
    }
}

struct csv {
    FILE *fp;
    char path[PATH_MAX];
    char line[LINE_MAX_LEN];
    int lineno;
    char *f[MAX_FIELDS];
    int nf;
};

static int csv_open(struct csv *c, const char *dir, const char *name, char *err, size_t errlen)
{
    snprintf(c->path, sizeof c->path, "%s/%s", dir, name);
    c->lineno = 0;
    c->fp = fopen(c->path, "r");
    if (!c->fp) {
        snprintf(err, errlen, "%s: cannot open seed file: %s", c->path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Next data row (skips the header). 1 = row, 0 = EOF. */
static int csv_next(struct csv *c)
{
    while (fgets(c->line, sizeof c->line, c->fp)) {
        c->lineno++;
        if (c->lineno == 1) continue;
        if (c->line[0] == '\n' || c->line[0] == '\0') continue;
        c->nf = csv_split(c->line, c->f, MAX_FIELDS);
        return 1;
    }
    return 0;
}

static int need_fields(struct csv *c, int n, char *err, size_t errlen)
{
    if (c->nf >= n) return 0;
    snprintf(err, errlen, "%s:%d: expected %d fields, found %d", c->path, c->lineno, n, c->nf);
    return -1;
}

static int num(struct csv *c, int i, double *out, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    *out = strtod(c->f[i], &end);
    if (end == c->f[i] || *end != '\0' || errno) {
        snprintf(err, errlen, "%s:%d: field %d '%s' is not a number", c->path, c->lineno,
                 i + 1, c->f[i]);
        return -1;
    }
    return 0;
}

#define NUM(i, dst) do { double v_; if (num(&c, (i), &v_, err, errlen)) goto fail; (dst) = v_; } while (0)

const char *const cs_place_input_names[CS_N_INPUTS] = {"minority_share", "micro_per_100k", "micro_starts_per_100k",
                                                       "budget"};

/* Field i of c as a number in [lo, hi]. */
static int num_in(struct csv *c, int i, double lo, double hi, double *out, char *err, size_t errlen)
{
    static const char *const col[] = {"code", "name", "minority_share", "micro_per_100k", "micro_starts_per_100k",
                                      "spend_share", "budget_gbp"};
    if (num(c, i, out, err, errlen)) return -1;
    if (*out >= lo && *out <= hi) return 0;
    snprintf(err, errlen, "%s:%d: %s %g is outside %g..%g", c->path, c->lineno, col[i], *out, lo, hi);
    return -1;
}

/* The place's row of council_inputs.csv (seeds/build_inputs.py): exactly one. */
int cs_seed_load_inputs(const char *dir, const char *code, struct cs_place_inputs *in, char *err, size_t errlen)
{
    struct csv c;
    int found = 0;
    if (csv_open(&c, dir, "council_inputs.csv", err, errlen)) return -1;
    while (csv_next(&c)) {
        if (strcmp(c.f[0], code) != 0) continue;
        if (found) {
            snprintf(err, errlen, "%s:%d: a second row for place %s (line %d was the first)", c.path, c.lineno, code,
                     found);
            goto fail;
        }
        found = c.lineno;
        if (c.nf != 9) {
            snprintf(err, errlen, "%s:%d: expected 9 fields (code, name, minority_share, micro_per_100k, "
                     "micro_starts_per_100k, spend_share, budget_gbp, budget_basis, defaults), found %d",
                     c.path, c.lineno, c.nf);
            goto fail;
        }
        if (num_in(&c, 2, 0, 1, &in->minority_share, err, errlen) ||
            num_in(&c, 3, 0, 1000, &in->micro_per_100k, err, errlen) ||
            num_in(&c, 4, 0, 1000, &in->micro_starts_per_100k, err, errlen) ||
            num_in(&c, 5, 0, 1, &in->spend_share, err, errlen) ||
            num_in(&c, 6, 1, 1e11, &in->budget_gbp, err, errlen))
            goto fail;
        if (strcmp(c.f[7], "own") && strcmp(c.f[7], "apportioned") && strcmp(c.f[7], "default")) {
            snprintf(err, errlen, "%s:%d: budget_basis '%s' is not own, apportioned or default", c.path, c.lineno,
                     c.f[7]);
            goto fail;
        }
        snprintf(in->budget_basis, sizeof in->budget_basis, "%s", c.f[7]);
        in->defaults = 0;
        for (char *save = NULL, *t = strtok_r(c.f[8], " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            int k = 0;
            while (k < CS_N_INPUTS && strcmp(t, cs_place_input_names[k])) k++;
            if (k == CS_N_INPUTS) {
                snprintf(err, errlen, "%s:%d: '%s' in defaults is not an input (minority_share, micro_per_100k, "
                         "micro_starts_per_100k, budget)", c.path, c.lineno, t);
                goto fail;
            }
            in->defaults |= 1u << k;
        }
        if (!(in->defaults & CS_IN_BUDGET) != !!strcmp(in->budget_basis, "default")) {
            snprintf(err, errlen, "%s:%d: budget_basis is '%s' but defaults %s the budget", c.path, c.lineno,
                     in->budget_basis, in->defaults & CS_IN_BUDGET ? "lists" : "does not list");
            goto fail;
        }
    }
    fclose(c.fp);
    if (!found) {
        snprintf(err, errlen, "%s/council_inputs.csv: no row for place %s (rebuild it with seeds/build_inputs.py)",
                 dir, code);
        return -1;
    }
    return 0;
fail:
    fclose(c.fp);
    return -1;
}

const char *cs_seed_dir(void)
{
    static char dir[PATH_MAX + 16];
    const char *env = getenv("CARESIM_SEEDS");
    if (env && *env) return env;
    char exe[PATH_MAX - 16];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dir, sizeof dir, "%s/../seeds", exe);
            char probe[PATH_MAX + 32];
            snprintf(probe, sizeof probe, "%s/places.csv", dir);
            if (access(probe, R_OK) == 0) return dir;
        }
    }
    return "seeds";
}

int cs_seed_list_places(const char *dir, char (*codes)[16], int max, char *err, size_t errlen)
{
    struct csv c;
    if (csv_open(&c, dir, "places.csv", err, errlen)) return -1;
    int n = 0;
    while (csv_next(&c)) {
        if (n < max) snprintf(codes[n], 16, "%s", c.f[0]);
        n++;
    }
    fclose(c.fp);
    return n < max ? n : max;
}

int cs_seed_former_code(const char *dir, const char *code, char *to, size_t tolen,
                        char *msg, size_t msglen)
{
    struct csv c;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/former_codes.csv", dir);
    if (access(path, F_OK) != 0) return 0;
    if (csv_open(&c, dir, "former_codes.csv", msg, msglen)) return -1;
    char name[64] = "", succ[8][16], succ_name[8][64];
    int n = 0;
    while (csv_next(&c)) {
        if (strcmp(c.f[0], code) != 0) continue;
        if (need_fields(&c, 4, msg, msglen)) { fclose(c.fp); return -1; }
        if (n == 8) {
            snprintf(msg, msglen, "%s:%d: more than 8 successors of %s", c.path, c.lineno, code);
            fclose(c.fp);
            return -1;
        }
        snprintf(name, sizeof name, "%s", c.f[1]);
        snprintf(succ[n], sizeof succ[n], "%s", c.f[2]);
        snprintf(succ_name[n], sizeof succ_name[n], "%s", c.f[3]);
        n++;
    }
    fclose(c.fp);
    if (n == 0) return 0;
    if (n == 1) {
        snprintf(to, tolen, "%s", succ[0]);
        snprintf(msg, msglen, "note: place '%s' is the 2021 code of %s, %s (%s) since April 2023 "
                 "on the same area: running %s", code, name, succ[0], succ_name[0], succ[0]);
        return 1;
    }
    size_t k = (size_t)snprintf(msg, msglen, "place '%s' (%s) was split in April 2023 into", code, name);
    for (int i = 0; i < n && k < msglen; i++)
        k += (size_t)snprintf(msg + k, msglen - k, "%s %s (%s)", i == 0 ? "" : i == n - 1 ? " and" : ",",
                              succ[i], succ_name[i]);
    if (k < msglen) snprintf(msg + k, msglen - k, "; use one of those codes (see seeds/former_codes.csv)");
    return 2;
}

int cs_seed_load_place(const char *dir, const char *code, struct cs_place *pl,
                       char *err, size_t errlen)
{
    struct csv c;
    memset(pl, 0, sizeof *pl);
    int found = 0;

    if (csv_open(&c, dir, "places.csv", err, errlen)) return -1;
    while (csv_next(&c)) {
        if (strcmp(c.f[0], code) != 0) continue;
        if (need_fields(&c, 6, err, errlen)) goto fail;
        snprintf(pl->code, sizeof pl->code, "%s", c.f[0]);
        snprintf(pl->name, sizeof pl->name, "%s", c.f[1]);
        snprintf(pl->type, sizeof pl->type, "%s", c.f[2]);
        NUM(3, pl->adults);
        NUM(4, pl->imd_score);
        NUM(5, pl->rural_share);
        /* stream_key: absent in seeds made before 2023, when every key was the code */
        snprintf(pl->key, sizeof pl->key, "%s", c.nf > 6 && c.f[6][0] ? c.f[6] : c.f[0]);
        found = 1;
        break;
    }
    fclose(c.fp);
    if (!found) {
        snprintf(err, errlen, "unknown place '%s': not in %s/places.csv (use an ONS council code such as E06000066)",
                 code, dir);
        return -1;
    }

    if (csv_open(&c, dir, "population.csv", err, errlen)) return -1;
    int rows = 0;
    while (csv_next(&c)) {
        if (strcmp(c.f[0], code) != 0) continue;
        if (need_fields(&c, 2 + CS_AGE_MAX + 1, err, errlen)) goto fail;
        int sex = c.f[1][0] == 'f' ? 1 : 0;
        for (int a = 0; a <= CS_AGE_MAX; a++) NUM(2 + a, pl->pop[sex][a]);
        rows++;
    }
    fclose(c.fp);
    if (rows != 2) {
        snprintf(err, errlen, "%s/population.csv: place %s has %d rows, expected 2", dir, code, rows);
        return -1;
    }

    if (csv_open(&c, dir, "districts.csv", err, errlen)) return -1;
    while (csv_next(&c)) {
        if (strcmp(c.f[0], code) != 0) continue;
        if (need_fields(&c, 11, err, errlen)) goto fail;
        if (pl->n_districts == CS_MAX_DISTRICTS) {
            snprintf(err, errlen, "%s:%d: more than %d districts", c.path, c.lineno, CS_MAX_DISTRICTS);
            goto fail;
        }
        struct cs_district *d = &pl->d[pl->n_districts++];
        snprintf(d->code, sizeof d->code, "%s", c.f[1]);
        snprintf(d->name, sizeof d->name, "%s", c.f[2]);
        NUM(3, d->adults);
        NUM(4, d->imd_score);
        for (int q = 0; q < 5; q++) NUM(5 + q, d->q[q]);
        NUM(10, d->rural_share);
    }
    fclose(c.fp);
    if (pl->n_districts == 0) {
        snprintf(err, errlen, "%s/districts.csv: no districts for place %s", dir, code);
        return -1;
    }

    if (csv_open(&c, dir, "unpaid_care.csv", err, errlen)) return -1;
    found = 0;
    while (csv_next(&c)) {
        if (strcmp(c.f[0], code) != 0) continue;
        if (need_fields(&c, 6, err, errlen)) goto fail;
        NUM(1, pl->care_residents);
        NUM(2, pl->care_none);
        NUM(3, pl->care_h1_19);
        NUM(4, pl->care_h20_49);
        NUM(5, pl->care_h50plus);
        found = 1;
    }
    fclose(c.fp);
    if (!found) {
        snprintf(err, errlen, "%s/unpaid_care.csv: no row for place %s", dir, code);
        return -1;
    }
    return cs_seed_load_inputs(dir, code, &pl->in, err, errlen);
fail:
    fclose(c.fp);
    return -1;
}

double cs_place_input_value(const struct cs_place_inputs *in, const char *path)
{
    return !strcmp(path, "population.minority_share")      ? in->minority_share
           : !strcmp(path, "market.micro_per_100k")        ? in->micro_per_100k
           : !strcmp(path, "market.micro_starts_per_100k") ? in->micro_starts_per_100k
                                                            : NAN;
}

/* Append one row of the inputs table. */
static int put_row(char **buf, size_t *len, size_t *cap, const char *code, const char *input, double v,
                   const char *source)
{
    char row[256], num[32] = "";   /* no value: empty */
    if (!isnan(v)) snprintf(num, sizeof num, "%.9g", v);
    int n = snprintf(row, sizeof row, "%s,%s,%s,%s\n", code, input, num, source);
    if (*len + (size_t)n + 1 > *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        while (c < *len + (size_t)n + 1) c *= 2;
        char *b = realloc(*buf, c);
        if (!b) return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, row, (size_t)n + 1);
    *len += (size_t)n;
    return 0;
}

/* The rows of one place: where each of its inputs came from. */
static int place_rows(char **buf, size_t *len, size_t *cap, const struct cs_params *p, const char *code,
                      const struct cs_place_inputs *in)
{
    const struct { const char *path; double set, own; unsigned bit; } v[3] = {
        {"population.minority_share", p->minority_share, in->minority_share, CS_IN_MINORITY},
        {"market.micro_per_100k", p->mk_micro_init, in->micro_per_100k, CS_IN_MICRO},
        {"market.micro_starts_per_100k", p->mk_micro_starts, in->micro_starts_per_100k, CS_IN_MICRO_STARTS},
    };
    for (int k = 0; k < 3; k++)
        if (put_row(buf, len, cap, code, v[k].path, cs_place_value(v[k].set, v[k].own),
                    v[k].set >= 0 ? "scenario" : in->defaults & v[k].bit ? "national default" : "seeds"))
            return -1;
    /* the budget's level in 2023-24 (before budget_cover and growth) */
    if (p->budget_gbp > 0) return put_row(buf, len, cap, code, "council.budget_gbp", p->budget_gbp, "scenario");
    if (!strcmp(p->budget_rule, "settled"))
        return put_row(buf, len, cap, code, "council.budget_gbp", NAN, "settled in the spin-up");
    return put_row(buf, len, cap, code, "council.budget_gbp", in->budget_gbp,
                   in->defaults & CS_IN_BUDGET                ? "national default"
                   : !strcmp(in->budget_basis, "apportioned") ? "seeds (apportioned)"
                                                               : "seeds");
}

char *cs_place_inputs_text(const char *dir, const struct cs_params *p, char *err, size_t errlen)
{
    size_t cap = 4096, len;
    char *buf = malloc(cap);
    if (!buf) goto oom;
    len = (size_t)snprintf(buf, cap, "place,input,value,source\n");
    if (strcmp(p->place, "all") != 0) {
        struct cs_place_inputs in;
        if (cs_seed_load_inputs(dir, p->place, &in, err, errlen)) { free(buf); return NULL; }
        if (place_rows(&buf, &len, &cap, p, p->place, &in)) goto oom;
        return buf;
    }
    char (*codes)[16] = malloc(1024 * sizeof *codes);
    int n = codes ? cs_seed_list_places(dir, codes, 1024, err, errlen) : -1;
    if (!codes) snprintf(err, errlen, "out of memory");
    for (int k = 0; k < n; k++) {
        struct cs_place_inputs in;
        if (cs_seed_load_inputs(dir, codes[k], &in, err, errlen)) { n = -1; break; }
        if (place_rows(&buf, &len, &cap, p, codes[k], &in)) { snprintf(err, errlen, "out of memory"); n = -1; break; }
    }
    free(codes);
    if (n < 0) { free(buf); return NULL; }
    return buf;
oom:
    free(buf);
    snprintf(err, errlen, "out of memory");
    return NULL;
}

static const char *const lt_periods[CS_LT_PERIODS] = {"2017-2019", "2018-2020", "2019-2021", "2020-2022"};

static int load_lifetables(const char *dir, struct cs_demography *d, char *err, size_t errlen)
{
    struct csv c;
    static int seen[CS_LT_PERIODS][2][CS_LT_AGE_MAX + 1];
    memset(seen, 0, sizeof seen);
    if (csv_open(&c, dir, "lifetable.csv", err, errlen)) return -1;
    while (csv_next(&c)) {
        if (need_fields(&c, 5, err, errlen)) goto fail;
        int k = 0;
        while (k < CS_LT_PERIODS && strcmp(c.f[0], lt_periods[k]) != 0) k++;
        if (k == CS_LT_PERIODS) continue;   /* a period the model does not use */
        int sex = c.f[1][0] == 'f' ? 1 : 0;
        double age;
        NUM(2, age);
        if (age < 0 || age > CS_LT_AGE_MAX) continue;
        NUM(3, d->mx[k][sex][(int)age]);
        NUM(4, d->qx[k][sex][(int)age]);
        seen[k][sex][(int)age] = 1;
    }
    fclose(c.fp);
    for (int k = 0; k < CS_LT_PERIODS; k++)
        for (int s = 0; s < 2; s++)
            for (int a = 17; a <= CS_LT_AGE_MAX; a++)
                if (!seen[k][s][a]) {
                    snprintf(err, errlen, "%s/lifetable.csv: period '%s' lacks %s age %d", dir, lt_periods[k],
                             s ? "female" : "male", a);
                    return -1;
                }
    return 0;
fail:
    fclose(c.fp);
    return -1;
}

/* seeds/migration.csv: period (a model year CS_MIG_FIRST..CS_MIG_LAST, or
 * "projection"), sex (m/f), age (at mid-year, 17..90), net_rate. Every
 * cell must be there once. */
static int load_migration(const char *dir, struct cs_demography *d, char *err, size_t errlen)
{
    enum { ROWS = CS_MIG_LAST - CS_MIG_FIRST + 2, AGES = CS_AGE_MAX - CS_MIG_AGE0 + 1 };
    static int seen[ROWS][2][AGES];
    memset(seen, 0, sizeof seen);
    struct csv c;
    if (csv_open(&c, dir, "migration.csv", err, errlen)) return -1;
    while (csv_next(&c)) {
        if (need_fields(&c, 4, err, errlen)) goto fail;
        int row;
        if (!strcmp(c.f[0], "projection")) row = ROWS - 1;
        else {
            double y;
            NUM(0, y);
            if (y != (int)y || y < CS_MIG_FIRST || y > CS_MIG_LAST) {
                snprintf(err, errlen, "%s:%d: period '%s' is not a model year %d..%d or 'projection'", c.path,
                         c.lineno, c.f[0], CS_MIG_FIRST, CS_MIG_LAST);
                goto fail;
            }
            row = (int)y - CS_MIG_FIRST;
        }
        if (strcmp(c.f[1], "m") != 0 && strcmp(c.f[1], "f") != 0) {
            snprintf(err, errlen, "%s:%d: sex '%s' is not m or f", c.path, c.lineno, c.f[1]);
            goto fail;
        }
        int sex = c.f[1][0] == 'f';
        double age, rate;
        NUM(2, age);
        NUM(3, rate);
        if (age != (int)age || age < CS_MIG_AGE0 || age > CS_AGE_MAX) {
            snprintf(err, errlen, "%s:%d: age '%s' is not %d..%d", c.path, c.lineno, c.f[2], CS_MIG_AGE0, CS_AGE_MAX);
            goto fail;
        }
        /* a net rate below -1 would remove more people than there are */
        if (!(rate > -1 && rate < 1)) {
            snprintf(err, errlen, "%s:%d: net_rate %s is outside (-1, 1)", c.path, c.lineno, c.f[3]);
            goto fail;
        }
        int a = (int)age - CS_MIG_AGE0;
        if (seen[row][sex][a]++) {
            snprintf(err, errlen, "%s:%d: a second row for %s %s age %d", c.path, c.lineno, c.f[0], c.f[1], (int)age);
            goto fail;
        }
        d->mig[row][sex][a] = rate;
    }
    fclose(c.fp);
    for (int r = 0; r < ROWS; r++)
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < AGES; a++)
                if (!seen[r][s][a]) {
                    char per[16];
                    if (r == ROWS - 1) snprintf(per, sizeof per, "projection");
                    else snprintf(per, sizeof per, "%d", CS_MIG_FIRST + r);
                    snprintf(err, errlen, "%s/migration.csv: no row for period %s, sex %s, age %d", dir, per,
                             s ? "f" : "m", a + CS_MIG_AGE0);
                    return -1;
                }
    return 0;
fail:
    fclose(c.fp);
    return -1;
}

int cs_seed_load_demography(const char *dir, const char *period, struct cs_demography *d,
                            char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    snprintf(d->period, sizeof d->period, "%s", period);
    for (int k = 0; k < CS_LT_PERIODS; k++) snprintf(d->periods[k], sizeof d->periods[k], "%s", lt_periods[k]);
    d->fixed = -1;
    if (strcmp(period, "calendar") != 0) {
        for (int k = 0; k < CS_LT_PERIODS; k++)
            if (!strcmp(period, lt_periods[k])) d->fixed = k;
        if (d->fixed < 0) {
            snprintf(err, errlen, "mortality.life_table = \"%s\": not \"calendar\" or a period 2017-2019 .. 2020-2022",
                     period);
            return -1;
        }
    }
    if (load_lifetables(dir, d, err, errlen)) return -1;
    return load_migration(dir, d, err, errlen);
}

void cs_demog_year_qx(const struct cs_demography *d, double improvement, int y,
                      double qx[2][CS_LT_AGE_MAX + 1])
{
    int k = d->fixed >= 0 ? d->fixed : y <= 2020 ? 2 : y <= 2022 ? 3 : 0;
    int improve = d->fixed < 0 && y >= 2023;
    double f = improve ? pow(1.0 - improvement, y + 0.5 - 2018) : 1.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a <= CS_LT_AGE_MAX; a++)
            qx[s][a] = improve ? 1.0 - exp(-d->mx[k][s][a] * f) : d->qx[k][s][a];
}

double cs_demog_migration(const struct cs_demography *d, int y, int sex, int age)
{
    int row = y >= CS_MIG_FIRST && y <= CS_MIG_LAST ? y - CS_MIG_FIRST : CS_MIG_LAST - CS_MIG_FIRST + 1;
    int a = age < CS_MIG_AGE0 ? CS_MIG_AGE0 : age > CS_AGE_MAX ? CS_AGE_MAX : age;
    return d->mig[row][sex][a - CS_MIG_AGE0];
}
