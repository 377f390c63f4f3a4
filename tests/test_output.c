/*
 * test_output.c — checks the HDF5 result file (sim/output.c): the temp-file
 * and rename contract, and that what was written reads back through the plain
 * HDF5 API exactly as docs/output.md promises.
 */
#include "check.h"
#include "cs_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

void test_output(void);

static int exists(const char *p) { return access(p, F_OK) == 0; }

/* A scalar string attribute or dataset as a malloc'd copy ("" on failure), so
 * checks can compare with strcmp whatever the stored form. */
static char *read_str(hid_t obj, const char *name, int is_attr)
{
    hid_t id = is_attr ? H5Aopen(obj, name, H5P_DEFAULT) : H5Dopen2(obj, name, H5P_DEFAULT);
    hid_t ft = -1, mt = -1;
    char *out = NULL;
    if (id < 0)
        goto done;
    ft = is_attr ? H5Aget_type(id) : H5Dget_type(id);
    if (ft < 0 || H5Tget_class(ft) != H5T_STRING)
        goto done;
    mt = H5Tcopy(H5T_C_S1);
    if (H5Tis_variable_str(ft) > 0) {
        char *v = NULL;
        H5Tset_size(mt, H5T_VARIABLE);
        if ((is_attr ? H5Aread(id, mt, &v) : H5Dread(id, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v)) >= 0 && v) {
            out = strdup(v);
            H5free_memory(v);
        }
    } else {
        size_t n = H5Tget_size(ft);
        out = calloc(n + 1, 1);
        H5Tset_size(mt, n + 1);
        if ((is_attr ? H5Aread(id, mt, out) : H5Dread(id, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, out)) < 0)
            out[0] = '\0';
    }
done:
    if (mt >= 0)
        H5Tclose(mt);
    if (ft >= 0)
        H5Tclose(ft);
    if (id >= 0)
        (void)(is_attr ? H5Aclose(id) : H5Dclose(id));
    return out ? out : strdup("");
}

static void check_str(hid_t obj, const char *name, int is_attr, const char *want)
{
    char *got = read_str(obj, name, is_attr);
    CHECK(strcmp(got, want) == 0, "%s: got '%s', want '%s'", name, got, want);
    free(got);
}

/* by_place of a national run: the place scale, place_name and one metric read
 * back with their shape, values and attached scales. */
static void test_by_place(const char *dir, const struct cs_provenance *prov)
{
    enum { R = 2, W = 3, P = 4 };
    static const char *const codes[P] = {"E06000001", "E06000002", "E10000027", "E09000001"};
    static const char *const names[P] = {"Hartlepool", "Middlesbrough", "Somerset", "City of London"};
    double data[R * W * P], back[R * W * P], ts[R * W];
    char target[512], err[1024];
    for (int i = 0; i < R * W * P; i++) data[i] = i * 1.5 - 7;
    for (int i = 0; i < R * W; i++) ts[i] = i;
    snprintf(target, sizeof target, "%s/national.h5", dir);
    cs_out *o = cs_out_create(target, prov, err, sizeof err);
    CHECK(o != NULL, "create: %s", err);
    if (!o) return;
    CHECK(cs_out_scenario(o, "nat", "place = \"all\";", R, W, 0, "2020-07-01") == 0, "scenario: %s", cs_out_errmsg(o));
    CHECK(cs_out_series(o, "nat", "people_alive", "people", "d", ts, R, W) == 0, "series: %s", cs_out_errmsg(o));
    CHECK(cs_out_place_series(o, "nat", "people_alive", "people", "d", data, R, W, P) != 0,
          "by_place series accepted before the places");
    CHECK(cs_out_places(o, "nosuch", P, codes, names) != 0, "places of an unknown scenario accepted");
    CHECK(cs_out_places(o, "nat", P, codes, names) == 0, "places: %s", cs_out_errmsg(o));
    CHECK(cs_out_places(o, "nat", P, codes, names) != 0, "places twice accepted");
    CHECK(cs_out_place_series(o, "nat", "people_alive", "people", "Adults alive", data, R, W, P) == 0,
          "by_place series: %s", cs_out_errmsg(o));
    CHECK(cs_out_place_series(o, "nat", "people_alive", "people", "again", data, R, W, P) != 0,
          "by_place metric twice accepted");
    CHECK(cs_out_place_series(o, "nat", "wrong", "x", "x", data, R, W, P - 1) != 0,
          "by_place shape mismatch accepted");
    CHECK(cs_out_place_series(o, "nat", "place", "x", "x", data, R, W, P) != 0,
          "by_place metric named like the scale accepted");
    CHECK(cs_out_place_series(o, "nat", "week", "x", "x", data, R, W, P) != 0,
          "by_place metric named like a coordinate accepted");
    CHECK(cs_out_open_ids(o) == 0, "%d HDF5 identifiers leaked", cs_out_open_ids(o));
    CHECK(cs_out_finish(o, err, sizeof err) == 0, "finish: %s", err);

    hid_t f = H5Fopen(target, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f >= 0, "cannot reopen %s", target);
    if (f < 0) return;
    hid_t d = H5Dopen2(f, "/scenarios/nat/by_place/people_alive", H5P_DEFAULT);
    hid_t pl = H5Dopen2(f, "/scenarios/nat/by_place/place", H5P_DEFAULT);
    hid_t pn = H5Dopen2(f, "/scenarios/nat/by_place/place_name", H5P_DEFAULT);
    /* by_place's own time scale, a copy of timeseries's */
    hid_t wk = H5Dopen2(f, "/scenarios/nat/by_place/time", H5P_DEFAULT);
    CHECK(d >= 0 && pl >= 0 && pn >= 0 && wk >= 0, "by_place datasets missing");
    if (d >= 0 && pl >= 0 && pn >= 0 && wk >= 0) {
        hid_t sp = H5Dget_space(d);
        hsize_t dims[3] = {0, 0, 0};
        CHECK(H5Sget_simple_extent_ndims(sp) == 3, "rank %d", H5Sget_simple_extent_ndims(sp));
        H5Sget_simple_extent_dims(sp, dims, NULL);
        CHECK(dims[0] == R && dims[1] == W && dims[2] == P, "shape [%llu, %llu, %llu]",
              (unsigned long long)dims[0], (unsigned long long)dims[1], (unsigned long long)dims[2]);
        H5Sclose(sp);
        CHECK(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0 &&
              memcmp(back, data, sizeof data) == 0, "by_place values differ");
        check_str(d, "units", 1, "people");
        check_str(d, "description", 1, "Adults alive");
        CHECK(H5DSis_scale(pl) > 0, "place is not a dimension scale");
        CHECK(H5DSis_attached(d, pl, 2) > 0, "place not attached to dimension 2");
        CHECK(H5DSis_attached(d, wk, 1) > 0, "time not attached to dimension 1");
        check_str(d, "coordinates", 1, "week financial_year place_name");
        /* a warm-up of 260 weeks: 1820 days after 2020-07-01 */
        check_str(wk, "units", 1, "days since 2020-07-01");
        {
            hid_t rp = H5Dopen2(f, "/scenarios/nat/by_place/replicate", H5P_DEFAULT);
            hid_t bw = H5Dopen2(f, "/scenarios/nat/by_place/week", H5P_DEFAULT);
            CHECK(rp >= 0 && H5DSis_attached(d, rp, 0) > 0, "by_place/replicate not attached to dimension 0");
            CHECK(bw >= 0 && H5DSis_attached(bw, wk, 0) > 0, "by_place/time not attached to by_place/week");
            if (bw >= 0) H5Dclose(bw);
            if (rp >= 0) H5Dclose(rp);
        }
        CHECK(H5DSis_attached(pn, pl, 0) > 0, "place not attached to place_name");
        hid_t t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, H5T_VARIABLE);
        char *got[P] = {0};
        CHECK(H5Dread(pl, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0, "cannot read place");
        for (int i = 0; i < P; i++)
            CHECK(got[i] && strcmp(got[i], codes[i]) == 0, "place[%d] = '%s'", i, got[i] ? got[i] : "");
        for (int i = 0; i < P; i++) { H5free_memory(got[i]); got[i] = NULL; }
        CHECK(H5Dread(pn, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0, "cannot read place_name");
        for (int i = 0; i < P; i++)
            CHECK(got[i] && strcmp(got[i], names[i]) == 0, "place_name[%d] = '%s'", i, got[i] ? got[i] : "");
        for (int i = 0; i < P; i++) H5free_memory(got[i]);
        H5Tclose(t);
    }
    CHECK(H5Lexists(f, "/scenarios/nat/by_place/wrong", H5P_DEFAULT) == 0, "rejected by_place metric left behind");
    if (wk >= 0) H5Dclose(wk);
    if (pn >= 0) H5Dclose(pn);
    if (pl >= 0) H5Dclose(pl);
    if (d >= 0) H5Dclose(d);
    H5Fclose(f);
    unlink(target);
}

/* The *_rows writers (an MPI run's ranks each write their own replicates):
 * rows given land in place, the others read 0, and rows outside the
 * replicates are refused. */
static void test_rows(const char *dir, const struct cs_provenance *prov)
{
    enum { R = 4, W = 3, P = 2 };
    static const char *const codes[P] = {"E06000001", "E06000002"};
    double ts[2 * W], bp[2 * W * P], back[R * W * P];
    char target[512], err[1024];
    for (int i = 0; i < 2 * W; i++) ts[i] = 10 + i;
    for (int i = 0; i < 2 * W * P; i++) bp[i] = 100 + i;
    snprintf(target, sizeof target, "%s/rows.h5", dir);
    cs_out *o = cs_out_create(target, prov, err, sizeof err);
    CHECK(o != NULL, "create: %s", err);
    if (!o) return;
    CHECK(cs_out_scenario(o, "s", "", R, W, 0, "2020-07-01") == 0, "scenario: %s", cs_out_errmsg(o));
    CHECK(cs_out_series_rows(o, "s", "m", "u", "d", ts, R, W, 1, 2) == 0, "rows 1-2: %s", cs_out_errmsg(o));
    CHECK(cs_out_series_rows(o, "s", "late", "u", "d", ts, R, W, 3, 2) != 0, "rows 3-4 of 4 accepted");
    CHECK(cs_out_series_rows(o, "s", "none", "u", "d", NULL, R, W, 0, 0) == 0, "no rows: %s", cs_out_errmsg(o));
    CHECK(cs_out_series_rows(o, "s", "nodata", "u", "d", NULL, R, W, 0, 1) != 0, "a row without data accepted");
    CHECK(cs_out_places(o, "s", P, codes, codes) == 0, "places: %s", cs_out_errmsg(o));
    CHECK(cs_out_place_series_rows(o, "s", "m", "u", "d", bp, R, W, P, 2, 2) == 0, "by_place rows 2-3: %s",
          cs_out_errmsg(o));
    CHECK(cs_out_place_series_rows(o, "s", "neg", "u", "d", bp, R, W, P, -1, 2) != 0, "row -1 accepted");
    CHECK(cs_out_finish(o, err, sizeof err) == 0, "finish: %s", err);
    hid_t f = H5Fopen(target, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f >= 0, "cannot reopen %s", target);
    if (f < 0) return;
    int ok = H5LTread_dataset_double(f, "/scenarios/s/timeseries/m", back) >= 0;
    for (int i = 0; ok && i < R * W; i++) ok = back[i] == (i >= W && i < 3 * W ? ts[i - W] : 0);
    CHECK(ok, "timeseries rows 1-2 not where written, or other rows not 0");
    ok = H5LTread_dataset_double(f, "/scenarios/s/by_place/m", back) >= 0;
    for (int i = 0; ok && i < R * W * P; i++) ok = back[i] == (i >= 2 * W * P ? bp[i - 2 * W * P] : 0);
    CHECK(ok, "by_place rows 2-3 not where written, or other rows not 0");
    ok = H5LTread_dataset_double(f, "/scenarios/s/timeseries/none", back) >= 0;
    for (int i = 0; ok && i < R * W; i++) ok = back[i] == 0;
    CHECK(ok, "a metric written with no rows does not read as zeros");
    CHECK(H5Lexists(f, "/scenarios/s/timeseries/late", H5P_DEFAULT) == 0, "refused metric left behind");
    H5Fclose(f);
    unlink(target);
}

void test_output(void)
{
    char dir_tmpl[] = "/tmp/cs_test_output_XXXXXX";
    char *dir = mkdtemp(dir_tmpl);
    char target[512], part[600], bad[600], err[1024];
    const char *config = "name = \"baseline\";\npopulation = { size = 10000; };\n"
                         "# long text survives\n";
    enum { R = 3, W = 5 };
    double data[R * W], back[R * W];
    struct cs_provenance prov = {"0.1.0", "abc123", "gcc 11", "caresim -o x.h5 baseline.cfg",
                                 UINT64_C(18446744073709551557)};
    cs_out *o;

    CHECK(dir != NULL, "mkdtemp failed");
    if (!dir)
        return;
    for (int i = 0; i < R * W; i++)
        data[i] = 1000.0 + i * 0.125 - (i % 2) * 1e-9;

    /* --- a normal run --- */
    snprintf(target, sizeof target, "%s/run.h5", dir);
    o = cs_out_create(target, &prov, err, sizeof err);
    CHECK(o != NULL, "create: %s", err);
    if (!o)
        return;
    snprintf(part, sizeof part, "%s.part-%ld", target, (long)getpid());
    CHECK(strcmp(cs_out_temp_path(o), part) == 0, "temp path '%s'", cs_out_temp_path(o));
    CHECK(!exists(target), "target exists while the file is open");
    CHECK(exists(part), "no .part file while open");

    CHECK(cs_out_scenario(o, "baseline", config, R, W, 0, "2020-07-01") == 0, "scenario: %s", cs_out_errmsg(o));
    CHECK(cs_out_scenario(o, "baseline", config, R, W, 0, "2020-07-01") != 0, "scenario twice accepted");
    CHECK(cs_out_series(o, "baseline", "people_alive", "persons", "people alive at week end",
                        data, R, W) == 0, "series: %s", cs_out_errmsg(o));
    CHECK(cs_out_series(o, "baseline", "people_alive", "persons", "again", data, R, W) != 0,
          "same metric twice accepted");
    CHECK(strstr(cs_out_errmsg(o), "people_alive") != NULL, "twice message: %s",
          cs_out_errmsg(o));
    CHECK(cs_out_series(o, "baseline", "wrong_shape", "x", "x", data, R, W - 1) != 0,
          "shape mismatch accepted");
    CHECK(cs_out_series(o, "nosuch", "m", "x", "x", data, R, W) != 0, "unknown scenario accepted");
    CHECK(cs_out_series(o, "baseline", "week", "x", "x", data, R, W) != 0,
          "metric named like a coordinate accepted");
    CHECK(cs_out_series(o, "baseline", "time", "x", "x", data, R, W) != 0,
          "metric named like the time scale accepted");
    CHECK(cs_out_series(o, "baseline", "a/b", "x", "x", data, R, W) != 0, "'/' in name accepted");
    CHECK(cs_out_open_ids(o) == 0, "%d HDF5 identifiers leaked", cs_out_open_ids(o));
    CHECK(!exists(target), "target exists before finish");

    CHECK(cs_out_finish(o, err, sizeof err) == 0, "finish: %s", err);
    CHECK(exists(target), "target missing after finish");
    CHECK(!exists(part), ".part left after finish");
    CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0, "HDF5 objects still open: %ld",
          (long)H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL));

    /* --- read back --- */
    {
        hid_t f = H5Fopen(target, H5F_ACC_RDONLY, H5P_DEFAULT);
        CHECK(f >= 0, "cannot reopen %s", target);
        if (f >= 0) {
            int ver = 0;
            uint64_t seed = 0;
            hid_t a, d, wk, rp, tm, dcpl, sp;
            hsize_t dims[2] = {0, 0}, chunk[2] = {0, 0};
            char *created;

            check_str(f, "status", 1, "complete");
            check_str(f, "caresim_version", 1, "0.1.0");
            check_str(f, "git_commit", 1, "abc123");
            check_str(f, "compiler", 1, "gcc 11");
            check_str(f, "command_line", 1, "caresim -o x.h5 baseline.cfg");
            created = read_str(f, "created", 1);
            CHECK(strlen(created) == 20 && created[4] == '-' && created[10] == 'T' &&
                  created[19] == 'Z', "created '%s' not ISO-8601 UTC", created);
            free(created);

            a = H5Aopen(f, "schema_version", H5P_DEFAULT);
            CHECK(a >= 0 && H5Aread(a, H5T_NATIVE_INT, &ver) >= 0 && ver == 3 &&
                  ver == CS_SCHEMA_VERSION, "schema_version %d", ver);
            if (a >= 0)
                H5Aclose(a);
            a = H5Aopen(f, "seed", H5P_DEFAULT);
            CHECK(a >= 0 && H5Aread(a, H5T_NATIVE_UINT64, &seed) >= 0 && seed == prov.seed,
                  "seed %llu", (unsigned long long)seed);
            if (a >= 0)
                H5Aclose(a);

            check_str(f, "scenarios/baseline/config", 0, config);

            d = H5Dopen2(f, "scenarios/baseline/timeseries/people_alive", H5P_DEFAULT);
            CHECK(d >= 0, "people_alive missing");
            if (d >= 0) {
                memset(back, 0, sizeof back);
                sp = H5Dget_space(d);
                CHECK(H5Sget_simple_extent_dims(sp, dims, NULL) == 2 && dims[0] == R &&
                      dims[1] == W, "shape [%llu, %llu]", (unsigned long long)dims[0],
                      (unsigned long long)dims[1]);
                H5Sclose(sp);
                CHECK(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0,
                      "read people_alive");
                CHECK(memcmp(back, data, sizeof data) == 0, "values differ after round trip");
                check_str(d, "units", 1, "persons");
                check_str(d, "description", 1, "people alive at week end");

                dcpl = H5Dget_create_plist(d);
                CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED && H5Pget_chunk(dcpl, 2, chunk) == 2 &&
                      chunk[0] * chunk[1] * sizeof(double) <= 1024 * 1024, "chunking");
                CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, NULL, NULL, NULL, 0, NULL,
                                           NULL) >= 0, "no deflate filter");
                CHECK(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_SHUFFLE, NULL, NULL, NULL, 0, NULL,
                                           NULL) >= 0, "no shuffle filter");
                H5Pclose(dcpl);

                check_str(d, "coordinates", 1, "week financial_year");
                tm = H5Dopen2(f, "scenarios/baseline/timeseries/time", H5P_DEFAULT);
                wk = H5Dopen2(f, "scenarios/baseline/timeseries/week", H5P_DEFAULT);
                rp = H5Dopen2(f, "scenarios/baseline/timeseries/replicate", H5P_DEFAULT);
                CHECK(tm >= 0 && H5DSis_scale(tm) > 0, "time is not a dimension scale");
                CHECK(wk >= 0 && H5DSis_scale(wk) == 0, "week is a dimension scale");
                CHECK(rp >= 0 && H5DSis_scale(rp) > 0, "replicate is not a dimension scale");
                CHECK(H5DSis_attached(d, rp, 0) > 0, "replicate scale not attached to dim 0");
                CHECK(H5DSis_attached(d, tm, 1) > 0, "time scale not attached to dim 1");
                if (tm >= 0 && wk >= 0) {
                    int weeks[W] = {0}, days[W] = {0};
                    CHECK(H5DSis_attached(wk, tm, 0) > 0, "time not attached to week");
                    CHECK(H5Dread(wk, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, weeks) >= 0 &&
                          weeks[0] == 0 && weeks[W - 1] == W - 1, "week values");
                    CHECK(H5Dread(tm, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, days) >= 0 &&
                          days[0] == 0 && days[1] == 7 && days[W - 1] == 7 * (W - 1), "time values");
                    /* the model's calendar: week 0 starts 2020-07-01, weeks of 365.25/52 days */
                    check_str(tm, "units", 1, "days since 2020-07-01");
                    hid_t fy = H5Dopen2(f, "scenarios/baseline/timeseries/financial_year", H5P_DEFAULT);
                    int fys[W];
                    CHECK(fy >= 0 && H5DSis_attached(fy, tm, 0) > 0 &&
                          H5Dread(fy, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, fys) >= 0 && fys[0] == 2020,
                          "financial_year along time, 2020 (2020-21) at week 0");
                    if (fy >= 0)
                        H5Dclose(fy);
                    check_str(tm, "calendar", 1, "standard");
                }
                if (wk >= 0)
                    H5Dclose(wk);
                if (tm >= 0)
                    H5Dclose(tm);
                if (rp >= 0)
                    H5Dclose(rp);
                H5Dclose(d);
            }
            CHECK(H5Lexists(f, "scenarios/baseline/timeseries/wrong_shape", H5P_DEFAULT) == 0,
                  "rejected metric left behind");
            CHECK(H5Fget_obj_count(f, H5F_OBJ_ALL) == 1, "test leaked HDF5 identifiers");
            H5Fclose(f);
        }
    }

    /* --- abort --- */
    snprintf(target, sizeof target, "%s/aborted.h5", dir);
    o = cs_out_create(target, &prov, err, sizeof err);
    CHECK(o != NULL, "create for abort: %s", err);
    if (o) {
        snprintf(part, sizeof part, "%s", cs_out_temp_path(o));
        cs_out_scenario(o, "s", "x = 1;", 2, 2, 0, "2020-07-01");
        cs_out_series(o, "s", "m", "u", "d", data, 2, 2);
        CHECK(exists(part), ".part missing before abort");
        cs_out_abort(o);
        CHECK(!exists(part), ".part left after abort");
        CHECK(!exists(target), "target created by abort");
    }

    /* --- a directory that does not exist --- */
    snprintf(bad, sizeof bad, "%s/no/such/dir/out.h5", dir);
    err[0] = '\0';
    o = cs_out_create(bad, &prov, err, sizeof err);
    CHECK(o == NULL, "create in a missing directory succeeded");
    CHECK(strstr(err, bad) != NULL, "message lacks the path: '%s'", err);
    if (o)
        cs_out_abort(o);

    test_by_place(dir, &prov);
    test_rows(dir, &prov);
    CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0, "HDF5 files left open");

    snprintf(target, sizeof target, "%s/run.h5", dir);
    unlink(target);
    CHECK(rmdir(dir) == 0, "temporary directory not empty at the end");
}
