/*
 * test_config.c — tests of the parameter table (sim/params.c) and of scenario
 * loading, validation and resolved text (sim/config.c).
 *
 * Fixtures live in tests/fixtures/config/ and are found relative to the current
 * directory, which must be the repository root. Files the tests write (the
 * resolved text, and one generated scenario per table row and kind of mistake,
 * so that rows the table gains later are covered too) go to a mkdtemp directory.
 */
#include "check.h"
#include "cs_config.h"
#include "cs_seed.h"
#include "test_seed.h"

#include <libconfig.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

void test_config(void);

#define FIX "tests/fixtures/config/"
#define ERRLEN 1024

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* Load a scenario that must fail; the message must start with where (file:line)
 * and contain what. */
static void expect_error(const char *file, const char *where, const char *what)
{
    struct cs_scenario sc;
    char err[ERRLEN];
    int rc = cs_scenario_load(file, &sc, err, sizeof err);
    CHECK(rc == -1, "%s: expected an error, but it loaded", file);
    CHECK(starts_with(err, where), "%s: expected the error at '%s', got: %s", file, where, err);
    CHECK(strstr(err, what) != NULL, "%s: expected '%s' in: %s", file, what, err);
}

static int load_ok(const char *file, struct cs_scenario *sc)
{
    char err[ERRLEN];
    int rc = cs_scenario_load(file, sc, err, sizeof err);
    CHECK(rc == 0, "%s: expected to load, got: %s", file, err);
    return rc;
}

/* load -> resolved text -> file -> load must give identical parameters. */
static void check_round_trip(const char *tmpdir, const char *file)
{
    struct cs_scenario a, b;
    char path[4096];

    if (load_ok(file, &a) != 0)
        return;
    char *text = cs_scenario_resolved_text(&a);
    CHECK(text != NULL, "%s: no resolved text", file);
    if (!text)
        return;
    snprintf(path, sizeof path, "%s/resolved.cfg", tmpdir);
    CHECK(write_text(path, text) == 0, "cannot write %s", path);
    if (load_ok(path, &b) == 0) {
        CHECK(memcmp(&a.p, &b.p, sizeof a.p) == 0, "%s: parameters differ after round trip:\n%s",
              file, text);
        struct cs_params wa, wb;
        cs_scenario_warmup_params(&a, &wa);
        cs_scenario_warmup_params(&b, &wb);
        CHECK(memcmp(&wa, &wb, sizeof wa) == 0, "%s: warm-up (status quo) parameters differ after "
              "round trip:\n%s", file, text);
        CHECK(strcmp(a.name, b.name) == 0, "%s: name '%s' became '%s'", file, a.name, b.name);
        CHECK(strcmp(a.description, b.description) == 0, "%s: description changed", file);
    }
    free(text);
    unlink(path);
}

/* "a.b.c" = v  as one line of nested groups: a = { b = { c = v; }; }; */
static void nested_line(char *out, size_t n, const char *path, const char *value)
{
    size_t used = 0;
    int groups = 0;
    const char *s = path;
    for (const char *dot; (dot = strchr(s, '.')) != NULL; s = dot + 1, groups++)
        used += (size_t)snprintf(out + used, n - used, "%.*s = { ", (int)(dot - s), s);
    used += (size_t)snprintf(out + used, n - used, "%s = %s;", s, value);
    while (groups-- > 0)
        used += (size_t)snprintf(out + used, n - used, " };");
    snprintf(out + used, n - used, "\n");
}

/* Write a scenario whose line 2 sets path = value, and expect an error on that
 * line whose text contains what. */
static void expect_gen_error(const char *tmpdir, const char *path, const char *value,
                             const char *what)
{
    char file[4096], where[4200], text[8192];
    snprintf(file, sizeof file, "%s/gen.cfg", tmpdir);
    snprintf(where, sizeof where, "%s:2: ", file);
    snprintf(text, sizeof text, "name = \"gen\";\n");
    nested_line(text + strlen(text), sizeof text - strlen(text), path, value);
    if (write_text(file, text) != 0) {
        CHECK(0, "cannot write %s", file);
        return;
    }
    expect_error(file, where, what);
    unlink(file);
}

static void num_text(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.17g", v);
    if (!strpbrk(buf, ".eE"))
        strncat(buf, ".0", n - strlen(buf) - 1);
}

/* Every row gets every kind of mistake its kind allows. */
static void test_generated_errors(const char *tmpdir)
{
    char msg[1024], val[4096];

    for (int i = 0; i < cs_param_count; i++) {
        const struct cs_param_info *pi = &cs_param_table[i];
        const char *p = pi->path;

        snprintf(msg, sizeof msg, "'%s' must be", p);
        expect_gen_error(tmpdir, p, "{ zz = 1; }", msg);

        switch (pi->kind) {
        case CS_INT:
            snprintf(msg, sizeof msg, "'%s' must be an integer, got a string", p);
            expect_gen_error(tmpdir, p, "\"7\"", msg);
            snprintf(msg, sizeof msg, "'%s' must be an integer, got a float", p);
            expect_gen_error(tmpdir, p, "2.5", msg);
            snprintf(msg, sizeof msg, "'%s' must be an integer, got a boolean", p);
            expect_gen_error(tmpdir, p, "true", msg);
            snprintf(msg, sizeof msg, "'%s' = ", p);
            snprintf(val, sizeof val, "%.0fL", pi->max + 1);
            expect_gen_error(tmpdir, p, val, msg);
            snprintf(val, sizeof val, "%.0fL", pi->min - 1);
            expect_gen_error(tmpdir, p, val, "is outside the valid range");
            break;
        case CS_REAL:
            snprintf(msg, sizeof msg, "'%s' must be a number, got a string", p);
            expect_gen_error(tmpdir, p, "\"0.5\"", msg);
            snprintf(msg, sizeof msg, "'%s' must be a number, got an array", p);
            expect_gen_error(tmpdir, p, "[0.5]", msg);
            snprintf(msg, sizeof msg, "'%s' = ", p);
            num_text(val, sizeof val, pi->max + 1.0 + (pi->max < 0 ? -pi->max : pi->max));
            expect_gen_error(tmpdir, p, val, msg);
            num_text(val, sizeof val, pi->min - 1.0 - (pi->min < 0 ? -pi->min : pi->min));
            expect_gen_error(tmpdir, p, val, "is outside the valid range");
            break;
        case CS_BOOL: {
            snprintf(msg, sizeof msg, "'%s' must be true or false, got an integer", p);
            expect_gen_error(tmpdir, p, "1", msg);
            snprintf(msg, sizeof msg, "'%s' must be true or false, got a string", p);
            expect_gen_error(tmpdir, p, "\"true\"", msg);
            break;
        }
        case CS_STR: {
            snprintf(msg, sizeof msg, "'%s' must be a string, got an integer", p);
            expect_gen_error(tmpdir, p, "3", msg);
            size_t n = (size_t)pi->n + 1;
            val[0] = '"';
            memset(val + 1, 'a', n);
            snprintf(val + 1 + n, sizeof val - 1 - n, "\"");
            snprintf(msg, sizeof msg, "'%s' is %zu characters long, at most %d allowed", p, n,
                     pi->n);
            expect_gen_error(tmpdir, p, val, msg);
            break;
        }
        case CS_REALV: {
            snprintf(msg, sizeof msg, "'%s' must be a list of %d numbers", p, pi->n);
            expect_gen_error(tmpdir, p, "1.0", msg);
            /* One value too many, then a string among the right number. */
            size_t used = (size_t)snprintf(val, sizeof val, "[");
            for (int k = 0; k <= pi->n; k++) {
                char num[64];
                num_text(num, sizeof num, pi->min);
                used += (size_t)snprintf(val + used, sizeof val - used, "%s%s", k ? ", " : "",
                                         num);
            }
            snprintf(val + used, sizeof val - used, "]");
            snprintf(msg, sizeof msg, "'%s' needs %d values, got %d", p, pi->n, pi->n + 1);
            expect_gen_error(tmpdir, p, val, msg);
            used = (size_t)snprintf(val, sizeof val, "(");
            for (int k = 0; k < pi->n; k++)
                used += (size_t)snprintf(val + used, sizeof val - used, "%s%s", k ? ", " : "",
                                         k == pi->n - 1 ? "\"x\"" : "1");
            snprintf(val + used, sizeof val - used, ")");
            snprintf(msg, sizeof msg, "'%s' value %d must be a number, got a string", p, pi->n);
            expect_gen_error(tmpdir, p, val, msg);
            break;
        }
        }
    }
}

/* A BOOL row, if the table has one, accepts true and false. */
static void test_bool_values(const char *tmpdir)
{
    char file[4096], text[4096];
    snprintf(file, sizeof file, "%s/bool.cfg", tmpdir);
    for (int i = 0; i < cs_param_count; i++) {
        const struct cs_param_info *pi = &cs_param_table[i];
        if (pi->kind != CS_BOOL)
            continue;
        for (int v = 0; v <= 1; v++) {
            nested_line(text, sizeof text, pi->path, v ? "true" : "false");
            struct cs_scenario sc;
            if (write_text(file, text) != 0 || load_ok(file, &sc) != 0)
                continue;
            int got;
            memcpy(&got, (const char *)&sc.p + pi->offset, sizeof got);
            CHECK(got == v, "'%s' = %d read back as %d", pi->path, v, got);
        }
        unlink(file);
    }
}

static void test_table(void)
{
    struct cs_params a, b;

    CHECK(cs_param_count > 0, "empty parameter table");
    for (int i = 0; i < cs_param_count; i++) {
        const char *p = cs_param_table[i].path;
        CHECK(cs_param_find(p) == &cs_param_table[i], "cs_param_find('%s') is not row %d", p, i);
    }
    CHECK(cs_param_find("no_such_parameter") == NULL, "found a parameter that does not exist");
    CHECK(cs_param_find("mortality") == NULL, "a group is not a parameter");
    CHECK(cs_param_find(NULL) == NULL, "cs_param_find(NULL)");

    /* Defaults are deterministic down to padding, which the round trip relies on. */
    memset(&a, 0xAB, sizeof a);
    memset(&b, 0x5C, sizeof b);
    cs_params_defaults(&a);
    cs_params_defaults(&b);
    CHECK(memcmp(&a, &b, sizeof a) == 0, "defaults depend on prior memory contents");

    const struct cs_param_info *years = cs_param_find("years");
    CHECK(years && years->kind == CS_INT && a.years == (int)years->def, "years default");
    const struct cs_param_info *hr = cs_param_find("mortality.need_hazard_ratio");
    CHECK(hr && hr->kind == CS_REALV && hr->n == CS_NEED_LEVELS, "need_hazard_ratio row");
    {
        /* the parsed defaults equal the numbers written in the table's text */
        const char *t = hr ? hr->defs : "";
        int ok = 1;
        for (int k = 0; k < CS_NEED_LEVELS; k++) {
            char *end;
            double v = strtod(t, &end);
            ok &= end != t && a.mort_need_hr[k] == v;
            t = end;
            while (*t == ',' || *t == ' ') t++;
        }
        CHECK(ok, "need_hazard_ratio defaults parsed from text");
    }
    CHECK(strcmp(a.place, cs_param_find("place")->defs) == 0, "place default");

    /* numeric get and set, as sweeps and calibration use them */
    b = a;
    CHECK(cs_param_set(years, &b, &a, 4.6) == 0 && b.years == 5 && cs_param_get(years, &b) == 5,
          "an INT row is set to the nearest integer");
    CHECK(cs_param_set(years, &b, &a, 1e9) == -1 && b.years == 5, "an INT outside its valid range is refused");
    const struct cs_param_info *wage = cs_param_find("workforce.market_wage");
    CHECK(wage && cs_param_set(wage, &b, &a, 12.25) == 0 && cs_param_get(wage, &b) == 12.25, "a REAL row");
    CHECK(cs_param_set(wage, &b, &a, NAN) == -1 && b.wf_market == 12.25, "NaN is refused");
    CHECK(hr && cs_param_set(hr, &b, &a, 2.0) == 0 && b.mort_need_hr[CS_NEED_LEVELS - 1] == 2 * a.mort_need_hr[CS_NEED_LEVELS - 1]
          && cs_param_get(hr, &b) == 2 * a.mort_need_hr[0], "a REALV row is the reference times the multiplier");
    CHECK(hr && cs_param_set(hr, &b, &a, -1.0) == -1 && b.mort_need_hr[0] == 2 * a.mort_need_hr[0],
          "a REALV multiplier that leaves the valid range is refused, leaving the row");
    CHECK(cs_param_set(cs_param_find("place"), &b, &a, 1) == -1 && isnan(cs_param_get(cs_param_find("place"), &b)),
          "a STR row has no numeric value");
}

static void test_loading(void)
{
    struct cs_scenario sc;
    struct cs_params def;
    cs_params_defaults(&def);

    /* Only a name: everything else is the default. */
    if (load_ok(FIX "only_name.cfg", &sc) == 0) {
        CHECK(memcmp(&sc.p, &def, sizeof def) == 0, "only_name.cfg differs from defaults");
        CHECK(strcmp(sc.name, "only_name") == 0, "name '%s'", sc.name);
        CHECK(sc.description[0] == '\0', "description not empty");
        CHECK(strcmp(sc.path, FIX "only_name.cfg") == 0, "path '%s'", sc.path);
    }

    if (load_ok(FIX "parent.cfg", &sc) == 0) {
        CHECK(sc.p.years == 20 && sc.p.seed == 7, "parent values");
        CHECK(strcmp(sc.name, "parent") == 0 && strcmp(sc.description, "the parent") == 0,
              "parent name/description");
    }

    /* The child overrides seed, inherits years and life_table, not the name. */
    if (load_ok(FIX "child.cfg", &sc) == 0) {
        CHECK(sc.p.seed == 9, "child seed %d", sc.p.seed);
        CHECK(sc.p.years == 20, "child did not inherit years (%d)", sc.p.years);
        CHECK(strcmp(sc.p.mort_period, "2018-2020") == 0, "child life_table '%s'",
              sc.p.mort_period);
        CHECK(sc.p.scale == def.scale, "child scale is not the default");
        CHECK(strcmp(sc.name, "child") == 0, "child name '%s' (inherited?)", sc.name);
        CHECK(sc.description[0] == '\0', "description was inherited");
    }

    /* Two levels, the base named relative to a subdirectory. */
    if (load_ok(FIX "sub/grandchild.cfg", &sc) == 0) {
        CHECK(sc.p.seed == 9 && sc.p.years == 20, "grandchild inherited values");
        CHECK(sc.p.mort_need_hr[1] == 1.1 && sc.p.mort_need_hr[4] == 1.4, "grandchild ratios");
        CHECK(strcmp(sc.name, "grandchild") == 0, "grandchild name '%s'", sc.name);
    }

    /* @include relative to the including file; lists may mix ints and floats. */
    if (load_ok(FIX "with_include.cfg", &sc) == 0) {
        CHECK(sc.p.years == 30, "years from with_include.cfg");
        int ok = 1;
        for (int i = 0; i < CS_NEED_LEVELS; i++)
            ok &= sc.p.mort_need_hr[i] == (double)(i + 1);
        CHECK(ok, "need_hazard_ratio from the included file");
    }

    if (load_ok(FIX "roundtrip.cfg", &sc) == 0) {
        CHECK(strcmp(sc.p.place, "a\"b\\c") == 0, "escaped string '%s'", sc.p.place);
        CHECK(sc.p.seed == INT_MAX, "seed %d", sc.p.seed);
        CHECK(strchr(sc.description, '\n') && strchr(sc.description, '\t'), "description escapes");
    }
}

static void test_errors(void)
{
    char err[ERRLEN];
    struct cs_scenario sc;

    expect_error(FIX "bad_type.cfg", FIX "bad_type.cfg:3: ",
                 "'years' must be an integer, got a string");
    expect_error(FIX "include_bad.cfg", FIX "parts/bad_part.cfg:3: ",
                 "'years' must be an integer, got a float");
    expect_error(FIX "bad_range.cfg", FIX "bad_range.cfg:3: ",
                 "'scale' = 7.5 is outside the valid range [0.0001, 1]");
    expect_error(FIX "bad_range_vec.cfg", FIX "bad_range_vec.cfg:3: ",
                 "'mortality.need_hazard_ratio' value 4 = 60 is outside the valid range [0.1, 50]");
    expect_error(FIX "bad_length.cfg", FIX "bad_length.cfg:4: ",
                 "'mortality.need_hazard_ratio' needs 5 values, got 4");
    expect_error(FIX "group_for_value.cfg", FIX "group_for_value.cfg:2: ",
                 "'years' must be an integer, got a group");
    expect_error(FIX "value_for_group.cfg", FIX "value_for_group.cfg:3: ",
                 "'mortality' must be a group of settings (mortality = { ... };), got a float");
    expect_error(FIX "typo.cfg", FIX "typo.cfg:3: ",
                 "unknown setting 'mortality.life_tabel' (did you mean 'mortality.life_table'?)");
    expect_error(FIX "typo_group.cfg", FIX "typo_group.cfg:3: ",
                 "unknown setting 'mortalty' (did you mean 'mortality'?)");
    expect_error(FIX "wrong_group.cfg", FIX "wrong_group.cfg:2: ",
                 "unknown setting 'need_hazard_ratio' (did you mean "
                 "'mortality.need_hazard_ratio'?)");
    expect_error(FIX "far_key.cfg", FIX "far_key.cfg:3: ",
                 "unknown setting 'completely_unrelated_setting'");
    cs_scenario_load(FIX "far_key.cfg", &sc, err, sizeof err);
    CHECK(strstr(err, "did you mean") == NULL, "suggestion for a far-off key: %s", err);

    expect_error(FIX "cycle_a.cfg", FIX "cycle_b.cfg:2: ",
                 "inheritance cycle: " FIX "cycle_a.cfg -> " FIX "cycle_b.cfg -> " FIX
                 "cycle_a.cfg");
    expect_error(FIX "self_base.cfg", FIX "self_base.cfg:2: ",
                 "inheritance cycle: " FIX "self_base.cfg -> " FIX "self_base.cfg");

    char msg[256];
    snprintf(msg, sizeof msg, "cannot open scenario file: %s", strerror(ENOENT));
    expect_error(FIX "no_such_file.cfg", FIX "no_such_file.cfg: ", msg);
    snprintf(msg, sizeof msg, "cannot open scenario file: %s", strerror(EISDIR));
    expect_error(FIX "sub", FIX "sub: ", msg);
    snprintf(msg, sizeof msg, "cannot open base scenario '" FIX "no_such_parent.cfg': %s",
             strerror(ENOENT));
    expect_error(FIX "missing_base.cfg", FIX "missing_base.cfg:3: ", msg);

    expect_error(FIX "parse_error.cfg", FIX "parse_error.cfg:3: ", "syntax error");
    expect_error(FIX "bad_name.cfg", FIX "bad_name.cfg:2: ",
                 "'name' may contain only letters, digits, '_' and '-'");
    expect_error(FIX "bad_base_type.cfg", FIX "bad_base_type.cfg:2: ",
                 "'base' must be a string");

    /* A tiny or absent error buffer is not overrun. */
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(cs_scenario_load(FIX "bad_type.cfg", &sc, small, sizeof small) == -1
              && small[sizeof small - 1] == '\0',
          "small error buffer");
    CHECK(cs_scenario_load(FIX "bad_type.cfg", &sc, NULL, 0) == -1, "NULL error buffer");
}

static void test_name_limits(const char *tmpdir)
{
    char file[4096], text[2048];
    struct cs_scenario sc;
    char name[CS_NAME_MAX + 1];

    snprintf(file, sizeof file, "%s/names.cfg", tmpdir);

    memset(name, 'n', CS_NAME_MAX - 1);
    name[CS_NAME_MAX - 1] = '\0';
    snprintf(text, sizeof text, "name = \"%s\";\n", name);
    if (write_text(file, text) == 0 && load_ok(file, &sc) == 0)
        CHECK(strcmp(sc.name, name) == 0, "longest name");

    memset(name, 'n', CS_NAME_MAX);
    name[CS_NAME_MAX] = '\0';
    snprintf(text, sizeof text, "\nname = \"%s\";\n", name);
    if (write_text(file, text) == 0) {
        char where[4200];
        snprintf(where, sizeof where, "%s:2: ", file);
        expect_error(file, where, "'name' is 64 characters long, at most 63 allowed");
    }

    char desc[600];
    memset(desc, 'd', sizeof desc - 1);
    desc[sizeof desc - 1] = '\0';
    snprintf(text, sizeof text, "description = \"%s\";\n", desc);
    if (write_text(file, text) == 0) {
        char where[4200];
        snprintf(where, sizeof where, "%s:1: ", file);
        expect_error(file, where, "'description' is 599 characters long");
    }
    unlink(file);

    /* A file name that is not a valid scenario name still gives a valid one. */
    snprintf(file, sizeof file, "%s/my scenario.v2.cfg", tmpdir);
    if (write_text(file, "years = 3;\n") == 0 && load_ok(file, &sc) == 0)
        CHECK(strcmp(sc.name, "my_scenario_v2") == 0, "default name '%s'", sc.name);
    unlink(file);
}

static void test_suggest(void)
{
    const char *s;

    s = cs_param_suggest("mortality.life_tabel");
    CHECK(s && strcmp(s, "mortality.life_table") == 0, "suggest life_tabel: %s", s ? s : "-");
    s = cs_param_suggest("council.budgt_growth");
    CHECK(s && strcmp(s, "council.budget_growth") == 0, "suggest budgt_growth: %s",
          s ? s : "-");
    s = cs_param_suggest("yeras");
    CHECK(s && strcmp(s, "years") == 0, "suggest yeras: %s", s ? s : "-");
    s = cs_param_suggest("replicate");
    CHECK(s && strcmp(s, "replicates") == 0, "suggest replicate: %s", s ? s : "-");
    s = cs_param_suggest("need_hazard_ratio");
    CHECK(s && strcmp(s, "mortality.need_hazard_ratio") == 0, "suggest misplaced leaf: %s",
          s ? s : "-");
    s = cs_param_suggest("years");
    CHECK(s && strcmp(s, "years") == 0, "an exact path suggests itself");
    s = cs_param_suggest("completely_unrelated_setting");
    CHECK(s == NULL, "suggestion for a far-off key: %s", s ? s : "-");
    s = cs_param_suggest("qq");
    CHECK(s == NULL, "suggestion for a short far-off key: %s", s ? s : "-");
    CHECK(cs_param_suggest(NULL) == NULL, "cs_param_suggest(NULL)");
}

/* Walk the resolved text line by line, tracking group nesting, and check that
 * every table row appears exactly once, at its full path, with a units comment
 * exactly when it has units. */
static void check_text_structure(const char *t)
{
    int *seen = calloc((size_t)cs_param_count, sizeof *seen);
    char group[1024] = "";
    const char *line = t;

    if (!seen)
        return;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char buf[512];
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, line, len);
        buf[len] = '\0';
        line += len + (nl ? 1 : 0);

        char *s = buf;
        while (*s == ' ')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        if (strcmp(s, "};") == 0) {
            char *dot = strrchr(group, '.');
            CHECK(group[0] != '\0', "unbalanced '};' in resolved text");
            if (dot)
                *dot = '\0';
            else
                group[0] = '\0';
            continue;
        }
        char *eq = strstr(s, " = ");
        CHECK(eq != NULL, "unexpected line in resolved text: %s", buf);
        if (!eq)
            continue;
        *eq = '\0';
        const char *value = eq + 3;
        if (strcmp(value, "{") == 0) {
            size_t g = strlen(group);
            snprintf(group + g, sizeof group - g, "%s%s", g ? "." : "", s);
            continue;
        }
        if (!group[0] && (strcmp(s, "name") == 0 || strcmp(s, "description") == 0))
            continue;
        char full[1600];
        snprintf(full, sizeof full, "%s%s%s", group, group[0] ? "." : "", s);
        const struct cs_param_info *pi = cs_param_find(full);
        CHECK(pi != NULL, "resolved text has '%s', which is not a parameter", full);
        if (!pi)
            continue;
        seen[pi - cs_param_table]++;
        const char *hash = strstr(value, ";  # ");
        if (pi->units[0])
            CHECK(hash && strcmp(hash + 5, pi->units) == 0, "'%s' lacks '# %s': %s", full,
                  pi->units, value);
        else
            CHECK(!hash && value[strlen(value) - 1] == ';', "'%s' has a stray comment: %s",
                  full, value);
    }
    CHECK(group[0] == '\0', "group '%s' not closed in resolved text", group);
    for (int i = 0; i < cs_param_count; i++)
        CHECK(seen[i] == 1, "'%s' appears %d times in the resolved text",
              cs_param_table[i].path, seen[i]);
    free(seen);
}

static void test_resolved_text(const char *tmpdir)
{
    struct cs_scenario sc;

    if (load_ok(FIX "only_name.cfg", &sc) == 0) {
        /* Values chosen to exercise formatting: whole reals keep a decimal point. */
        sc.p.scale = 1.0;
        for (int i = 0; i < CS_NEED_LEVELS; i++)
            sc.p.mort_need_hr[i] = i + 1 + (i % 2) * 0.5;
        char *t = cs_scenario_resolved_text(&sc);
        CHECK(t != NULL, "resolved text");
        if (t) {
            CHECK(t[0] == '#', "header comment");
            CHECK(strstr(t, "\nname = \"only_name\";\n") != NULL, "name line");
            CHECK(strstr(t, "description") == NULL, "empty description is omitted");
            CHECK(strstr(t, "\nmortality = {\n") != NULL, "group block");
            CHECK(strstr(t, "\n  need_hazard_ratio = [1.0, 2.5, 3.0, 4.5, 5.0];") != NULL,
                  "array inside its group:\n%s", t);
            CHECK(strstr(t, "\nscale = 1.0;") != NULL, "a whole real keeps its decimal point");
            check_text_structure(t);
            free(t);
        }
    }

    const char *files[] = { FIX "only_name.cfg", FIX "parent.cfg", FIX "child.cfg",
                            FIX "sub/grandchild.cfg", FIX "with_include.cfg",
                            FIX "roundtrip.cfg" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        check_round_trip(tmpdir, files[i]);
}

/* Levers: the status quo is the root file's value unless a status_quo group
 * says otherwise; only levers may appear there; the resolved text keeps it. */
static void test_status_quo(const char *tmpdir)
{
    char root[4096], child[4096], grand[4096], bad[4096];
    snprintf(root, sizeof root, "%s/sq_root.cfg", tmpdir);
    snprintf(child, sizeof child, "%s/sq_child.cfg", tmpdir);
    snprintf(grand, sizeof grand, "%s/sq_grand.cfg", tmpdir);
    snprintf(bad, sizeof bad, "%s/sq_bad.cfg", tmpdir);
    write_text(root, "workforce: { pay_floor = 11.5; };\n");
    write_text(child, "base = \"sq_root.cfg\";\nworkforce: { pay_floor = 12.6; };\n"
                      "carers: { breakdown_rate = 0.05; };\n");
    write_text(grand, "base = \"sq_child.cfg\";\nstatus_quo = { workforce: { pay_floor = 12.0; }; };\n");
    write_text(bad, "base = \"sq_root.cfg\";\n\nstatus_quo = {\n  carers: { breakdown_rate = 0.05; };\n};\n");
    struct cs_scenario sc;
    struct cs_params w;
    if (load_ok(child, &sc) == 0) {
        cs_scenario_warmup_params(&sc, &w);
        CHECK(sc.p.wf_floor == 12.6 && w.wf_floor == 11.5, "a lever's status quo is the root's value "
              "(%g, warm-up %g)", sc.p.wf_floor, w.wf_floor);
        CHECK(w.breakdown == 0.05, "a non-lever applies in the warm-up too (%g)", w.breakdown);
        char *t = cs_scenario_resolved_text(&sc);
        CHECK(t && strstr(t, "\nstatus_quo = {\n  workforce = {\n    pay_floor = 11.5;"),
              "resolved text states the status quo:\n%s", t ? t : "(null)");
        free(t);
    }
    if (load_ok(grand, &sc) == 0) {
        cs_scenario_warmup_params(&sc, &w);
        CHECK(sc.p.wf_floor == 12.6 && w.wf_floor == 12.0, "a status_quo group sets the warm-up value "
              "(%g, warm-up %g)", sc.p.wf_floor, w.wf_floor);
    }
    if (load_ok(root, &sc) == 0) {
        cs_scenario_warmup_params(&sc, &w);
        CHECK(memcmp(&w, &sc.p, sizeof w) == 0, "a file without a base is its own status quo");
        char *t = cs_scenario_resolved_text(&sc);
        CHECK(t && !strstr(t, "status_quo"), "no status_quo group when nothing differs");
        free(t);
    }
    char where[4200];
    snprintf(where, sizeof where, "%s:4:", bad);
    expect_error(bad, where, "'carers.breakdown_rate' is not a policy lever");
    check_round_trip(tmpdir, child);
    check_round_trip(tmpdir, grand);
    unlink(root); unlink(child); unlink(grand); unlink(bad);
}

/* The shipped scenario library: every file loads, opens with a comment saying
 * what it represents, and (all but the baseline) builds on a base and sets
 * only values that differ from that base's. */
static void test_library(void)
{
    const char *names[] = {"baseline", "funding_cut", "funding_uplift", "community_assets",
                           "micro_enterprises", "self_managing_teams", "shared_lives",
                           "direct_payments", "fair_pay", "lowest_cost_procurement",
                           "community_connect", "pioneer_place", "cooperatives", "homeshare"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "scenarios/%s.cfg", names[i]);
        struct cs_scenario sc;
        if (load_ok(path, &sc) != 0) continue;
        CHECK(strcmp(sc.name, names[i]) == 0, "%s: named '%s'", path, sc.name);
        FILE *f = fopen(path, "r");
        char first[256] = "";
        if (f) { if (!fgets(first, sizeof first, f)) first[0] = 0; fclose(f); }
        CHECK(first[0] == '#' && strlen(first) > 20, "%s: starts with a header comment", path);
        config_t cfg;
        config_init(&cfg);
        CHECK(config_read_file(&cfg, path) == CONFIG_TRUE, "%s: libconfig reads it", path);
        const char *base = NULL;
        int has_base = config_lookup_string(&cfg, "base", &base) == CONFIG_TRUE;
        CHECK(has_base == (i > 0), "%s: %s", path, i ? "builds on a base" : "the baseline has no base");
        if (has_base) {
            char bpath[512];
            snprintf(bpath, sizeof bpath, "scenarios/%s", base);
            struct cs_scenario b;
            if (load_ok(bpath, &b) == 0) {
                /* each parameter the file sets must differ from the base's value */
                int same = 0, set = 0;
                for (int k = 0; k < cs_param_count; k++) {
                    if (!config_lookup(&cfg, cs_param_table[k].path)) continue;
                    set++;
                    if (cs_param_equal(&cs_param_table[k], &sc.p, &b.p)) {
                        same++;
                        CHECK(0, "%s: '%s' is set to its base's value", path, cs_param_table[k].path);
                    }
                }
                CHECK(set > 0 && same == 0, "%s: states only what differs (%d settings)", path, set);
            }
        }
        config_destroy(&cfg);
    }
}

/* A council's own inputs (seeds/council_inputs.csv): a bad or missing row is
 * an error naming the file and line (or the file and the place), and a good
 * one loads. Each case is a scratch seeds directory with its own file. */
static void test_place_inputs(void)
{
    static const char *H =
        "code,name,minority_share,micro_per_100k,micro_starts_per_100k,spend_share,budget_gbp,budget_basis,defaults\n";
    static const char *OTHER = "E06000001,Hartlepool,0.04,10,2,0.002,44000000,own,micro_per_100k\n";
    static const struct { const char *row, *want; } cases[] = {
        {"E06000066,Somerset,0.04,249,30,0.01,210000000,own,\n", NULL},
        {"", "council_inputs.csv: no row for place E06000066"},
        {"E06000066,Somerset,x,249,30,0.01,210000000,own,\n", "council_inputs.csv:3: field 3 'x' is not a number"},
        {"E06000066,Somerset,1.5,249,30,0.01,210000000,own,\n", "council_inputs.csv:3: minority_share 1.5 is outside 0..1"},
        {"E06000066,Somerset,0.04,249,30,0.01,0,own,\n", "council_inputs.csv:3: budget_gbp 0 is outside"},
        {"E06000066,Somerset,0.04,249,30,0.01,210000000,own\n", "council_inputs.csv:3: expected 9 fields"},
        {"E06000066,Somerset,0.04,249,30,0.01,210000000,guessed,\n", "council_inputs.csv:3: budget_basis 'guessed'"},
        {"E06000066,Somerset,0.04,249,30,0.01,210000000,own,wealth\n", "council_inputs.csv:3: 'wealth' in defaults"},
        {"E06000066,Somerset,0.04,249,30,0.01,210000000,own,budget\n",
         "council_inputs.csv:3: budget_basis is 'own' but defaults lists the budget"},
        {"E06000066,Somerset,0.04,249,30,0.01,210000000,own,\nE06000066,Somerset,0.04,249,30,0.01,1,own,\n",
         "council_inputs.csv:4: a second row for place E06000066 (line 3 was the first)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[1024], dir[64], err[1024] = "";
        snprintf(text, sizeof text, "%s%s%s", H, OTHER, cases[k].row);
        if (test_seed_dir(dir, text)) return;
        static struct cs_place pl;
        int rc = cs_seed_load_place(dir, "E06000066", &pl, err, sizeof err);
        if (!cases[k].want)
            CHECK(rc == 0 && fabs(pl.in.budget_gbp - 2.1e8) < 1e-6 && pl.in.defaults == 0 &&
                      fabs(pl.in.micro_per_100k - 249) < 1e-12,
                  "a good row loads: %s", err);
        else
            CHECK(rc == -1 && strstr(err, cases[k].want) && strstr(err, dir), "case %zu: want '%s' with the directory, "
                  "got '%s'", k, cases[k].want, err);
        test_seed_dir_free(dir);
    }
    /* no file at all */
    char dir[64], err[1024] = "", path[128];
    if (test_seed_dir(dir, H)) return;
    snprintf(path, sizeof path, "%s/council_inputs.csv", dir);
    unlink(path);
    static struct cs_place pl;
    CHECK(cs_seed_load_place(dir, "E06000066", &pl, err, sizeof err) == -1 && strstr(err, "council_inputs.csv: cannot open"),
          "a missing file: %s", err);
    test_seed_dir_free(dir);
}

void test_config(void)
{
    char tmpdir[] = "/tmp/caresim_test_config_XXXXXX";
    int have_tmp = mkdtemp(tmpdir) != NULL;
    CHECK(have_tmp, "mkdtemp: %s", strerror(errno));

    test_table();
    test_loading();
    test_errors();
    test_suggest();
    test_library();
    test_place_inputs();
    if (have_tmp) {
        test_name_limits(tmpdir);
        test_resolved_text(tmpdir);
        test_generated_errors(tmpdir);
        test_bool_values(tmpdir);
        test_status_quo(tmpdir);
        CHECK(rmdir(tmpdir) == 0, "temp dir %s not empty: %s", tmpdir, strerror(errno));
    }
}
