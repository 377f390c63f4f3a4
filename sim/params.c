/*
 * params.c — the parameter table of cs_params.h turned into data: one
 * cs_param_info row per parameter, the defaults, and lookup by dotted path.
 *
 * The defaults are checked against the table every time they are filled in: a
 * default that does not parse or lies outside its own valid range is a mistake
 * in cs_params.h, not in a user's scenario, so it aborts rather than reporting.
 */
#include "cs_params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CS_P_ROW(kind, path, field, n, def, defs, min, max, lo, hi, units, desc, src) \
    { CS_##kind, path, offsetof(struct cs_params, field), n, def, defs,            \
      min, max, lo, hi, units, desc, src },

const struct cs_param_info cs_param_table[] = {
    CS_PARAM_TABLE(CS_P_ROW)
};
#undef CS_P_ROW

const int cs_param_count = (int)(sizeof cs_param_table / sizeof cs_param_table[0]);

static void table_bug(const struct cs_param_info *pi, const char *what)
{
    fprintf(stderr, "caresim: parameter table error in '%s': %s\n", pi->path, what);
    abort();
}

static void check_range(const struct cs_param_info *pi, double v)
{
    /* Written so that NaN fails too. */
    if (!(v >= pi->min && v <= pi->max))
        table_bug(pi, "default outside the valid range [min, max]");
}

/* Parse "1.0, 1.3, 1.8" into exactly n numbers. */
static void parse_defs(const struct cs_param_info *pi, double *out)
{
    const char *s = pi->defs;
    int count = 0;

    if (!s)
        table_bug(pi, "REALV row has no default text");
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0')
            break;
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (end == s || errno == ERANGE)
            table_bug(pi, "default text is not a list of numbers");
        if (count >= pi->n)
            table_bug(pi, "default text has more numbers than n");
        check_range(pi, v);
        out[count++] = v;
        s = end;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == ',')
            s++;
        else if (*s != '\0')
            table_bug(pi, "default text is not a comma-separated list of numbers");
    }
    if (count != pi->n)
        table_bug(pi, "default text has fewer numbers than n");
}

void cs_params_defaults(struct cs_params *p)
{
    /* Zeroing first makes padding and the tails of strings deterministic, so
     * two parameter sets that hold the same values compare equal with memcmp. */
    memset(p, 0, sizeof *p);

    for (int i = 0; i < cs_param_count; i++) {
        const struct cs_param_info *pi = &cs_param_table[i];
        char *base = (char *)p + pi->offset;

        if (pi->min > pi->max)
            table_bug(pi, "min > max");
        switch (pi->kind) {
        case CS_INT:
            check_range(pi, pi->def);
            if (pi->def != (double)(int)pi->def)
                table_bug(pi, "INT default is not an integer");
            *(int *)(void *)base = (int)pi->def;
            break;
        case CS_BOOL:
            if (pi->def != 0 && pi->def != 1)
                table_bug(pi, "BOOL default must be 0 or 1");
            *(int *)(void *)base = (int)pi->def;
            break;
        case CS_REAL:
            check_range(pi, pi->def);
            *(double *)(void *)base = pi->def;
            break;
        case CS_STR: {
            const char *d = pi->defs ? pi->defs : "";
            if (pi->n < 1 || strlen(d) > (size_t)pi->n)
                table_bug(pi, "STR default longer than n");
            memcpy(base, d, strlen(d) + 1);
            break;
        }
        case CS_REALV:
            if (pi->n < 1)
                table_bug(pi, "REALV needs n >= 1");
            parse_defs(pi, (double *)(void *)base);
            break;
        default:
            table_bug(pi, "unknown kind");
        }
    }
}

const struct cs_param_info *cs_param_find(const char *path)
{
    if (!path)
        return NULL;
    for (int i = 0; i < cs_param_count; i++)
        if (strcmp(cs_param_table[i].path, path) == 0)
            return &cs_param_table[i];
    return NULL;
}

#define CS_LEVER_OFFSET(f) offsetof(struct cs_params, f),
static const size_t lever_offsets[] = { CS_LEVERS(CS_LEVER_OFFSET) };
#undef CS_LEVER_OFFSET

int cs_param_is_lever(const struct cs_param_info *pi)
{
    for (size_t k = 0; k < sizeof lever_offsets / sizeof lever_offsets[0]; k++)
        if (lever_offsets[k] == pi->offset)
            return 1;
    return 0;
}

size_t cs_param_size(const struct cs_param_info *pi)
{
    switch (pi->kind) {
    case CS_REAL: return sizeof(double);
    case CS_REALV: return (size_t)pi->n * sizeof(double);
    case CS_STR: return (size_t)pi->n + 1;
    default: return sizeof(int);
    }
}

void cs_params_copy_levers(struct cs_params *dst, const struct cs_params *src)
{
    for (int i = 0; i < cs_param_count; i++) {
        const struct cs_param_info *pi = &cs_param_table[i];
        if (cs_param_is_lever(pi))
            memcpy((char *)dst + pi->offset, (const char *)src + pi->offset, cs_param_size(pi));
    }
}

int cs_param_equal(const struct cs_param_info *pi, const struct cs_params *a,
                   const struct cs_params *b)
{
    return memcmp((const char *)a + pi->offset, (const char *)b + pi->offset,
                  cs_param_size(pi)) == 0;
}

double cs_param_get(const struct cs_param_info *pi, const struct cs_params *p)
{
    const char *at = (const char *)p + pi->offset;
    switch (pi->kind) {
    case CS_INT:
    case CS_BOOL: return *(const int *)(const void *)at;
    case CS_REAL:
    case CS_REALV: return *(const double *)(const void *)at;
    default: return NAN;
    }
}

int cs_param_set(const struct cs_param_info *pi, struct cs_params *p,
                 const struct cs_params *ref, double x)
{
    char *at = (char *)p + pi->offset;
    if (!(x == x)) return -1;
    switch (pi->kind) {
    case CS_INT:
    case CS_BOOL: {
        double r = floor(x + 0.5);
        if (r < pi->min || r > pi->max) return -1;
        *(int *)(void *)at = (int)r;
        return 0;
    }
    case CS_REAL:
        if (x < pi->min || x > pi->max) return -1;
        *(double *)(void *)at = x;
        return 0;
    case CS_REALV: {
        const double *from = (const double *)(const void *)((const char *)ref + pi->offset);
        for (int i = 0; i < pi->n; i++)
            if (!(from[i] * x >= pi->min && from[i] * x <= pi->max)) return -1;
        double v[pi->n];
        for (int i = 0; i < pi->n; i++) v[i] = from[i] * x;
        memcpy(at, v, sizeof v);
        return 0;
    }
    default:
        return -1;
    }
}
