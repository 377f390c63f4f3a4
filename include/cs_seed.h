/*
 * cs_seed.h — the seed data of a place: population by sex and single year of
 * age, its districts (deprivation and rurality), unpaid care from the Census,
 * and the national life table. Read from the CSV files under seeds/ (made by
 * seeds/build_seeds.py from published ONS/MHCLG tables; see seeds/README.md).
 */
#ifndef CS_SEED_H
#define CS_SEED_H

#include <stddef.h>

#define CS_AGE_MAX 90          /* seed ages 0..89 and 90 meaning 90+ */
#define CS_LT_AGE_MAX 100      /* life table ages 0..100 */
#define CS_MAX_DISTRICTS 16

struct cs_district {
    char code[16];
    char name[64];
    long adults;
    double imd_score;
    double q[5];               /* population share in national IMD quintile 1 (most deprived)..5 */
    double rural_share;
};

struct cs_place {
    char code[16];             /* ONS code of the council (April 2023 geography) */
    char key[16];              /* the code its random streams are keyed on: places.csv
                                * stream_key (a council recoded in 2023 on the same area
                                * keeps its 2021 code, so its results do not change) */
    char name[64];
    char type[32];
    long adults;               /* residents 18+ at mid-2020 */
    double imd_score, rural_share;
    long pop[2][CS_AGE_MAX + 1];   /* [sex: 0 male, 1 female][age] */
    int n_districts;
    struct cs_district d[CS_MAX_DISTRICTS];
    /* Census 2021 TS039: residents 5+ by unpaid care given per week */
    long care_residents, care_none, care_h1_19, care_h20_49, care_h50plus;
};

struct cs_lifetable {
    char period[16];
    double qx[2][CS_LT_AGE_MAX + 1];   /* annual probability of death */
};

/* The seeds directory: $CARESIM_SEEDS, else <dir of executable>/../seeds, else ./seeds. */
const char *cs_seed_dir(void);

/* Load one place by ONS code. Returns 0, or -1 with a message in err. */
int cs_seed_load_place(const char *dir, const char *code, struct cs_place *pl,
                       char *err, size_t errlen);

/* Is code a council code replaced in the April 2023 reorganisation
 * (seeds/former_codes.csv)? 0: no (or the file is absent); 1: it has one
 * successor, copied to to, and msg says so; 2: it was split, and msg names
 * every successor; -1: the file cannot be read (msg says why). */
int cs_seed_former_code(const char *dir, const char *code, char *to, size_t tolen,
                        char *msg, size_t msglen);

/* All place codes in seeds/places.csv, in file order. Returns the count (<= max)
 * or -1 with a message. */
int cs_seed_list_places(const char *dir, char (*codes)[16], int max, char *err, size_t errlen);

/* Load the life table of a period (e.g. "2017-2019"). */
int cs_seed_load_lifetable(const char *dir, const char *period, struct cs_lifetable *lt,
                           char *err, size_t errlen);

#endif
