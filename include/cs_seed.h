/*
 * cs_seed.h — the seed data of a place: population by sex and single year of
 * age, its districts (deprivation and rurality), unpaid care from the Census,
 * its own inputs (minority-ethnic share, micro-enterprises, budget), and the
 * national life table. Read from the CSV files under seeds/ (made by
 * seeds/build_seeds.py and seeds/build_inputs.py from published ONS, MHCLG and
 * NHS Digital tables; see seeds/README.md).
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
    /* the place's own inputs (seeds/council_inputs.csv, made by
     * seeds/build_inputs.py): a scenario's population.minority_share,
     * market.micro_per_100k and market.micro_starts_per_100k left at -1, and
     * council.budget_rule "published", read these */
    struct cs_place_inputs {
        double minority_share;         /* non-White share, Census 2021 TS021 */
        double micro_per_100k;         /* micro-enterprises per 100k adults at the start */
        double micro_starts_per_100k;  /* starts a year per 100k adults */
        double spend_share;            /* share of England's ASC gross current expenditure 2016-17 */
        double budget_gbp;             /* budget in 2023-24 prices, whole place */
        char budget_basis[16];         /* own | apportioned | default */
        unsigned defaults;             /* CS_IN_* bits: inputs that are national defaults */
    } in;
};

/* The place inputs, as bits of cs_place_inputs.defaults and in the order of
 * cs_place_input_names. */
enum { CS_IN_MINORITY = 1u << 0, CS_IN_MICRO = 1u << 1, CS_IN_MICRO_STARTS = 1u << 2, CS_IN_BUDGET = 1u << 3,
       CS_N_INPUTS = 4 };
/* The names used in council_inputs.csv's defaults column: "minority_share",
 * "micro_per_100k", "micro_starts_per_100k", "budget". */
extern const char *const cs_place_input_names[CS_N_INPUTS];

/* A scenario's value of a place input: its own when it set one (>= 0), else
 * the place's (a parameter left at -1). */
static inline double cs_place_value(double scenario, double place) { return scenario >= 0 ? scenario : place; }

/* The demography a run reads (seeds/lifetable.csv, seeds/migration.csv;
 * seeds/README.md "Demography"): ONS national life tables by period, and
 * England's net migration per head by model year, sex and age at mid-year,
 * derived by the residual method. */
#define CS_LT_PERIODS 4                 /* 2017-2019 .. 2020-2022 */
#define CS_MIG_FIRST 2011               /* first model year of seeds/migration.csv */
#define CS_MIG_LAST 2022                /* last observed model year (mid-2022 to mid-2023) */
#define CS_MIG_AGE0 17                  /* the cohort that turns 18 during the year */
struct cs_demography {
    char period[16];                    /* "calendar", or the one period every year uses */
    int fixed;                          /* index of that period, -1 for "calendar" */
    char periods[CS_LT_PERIODS][16];
    double mx[CS_LT_PERIODS][2][CS_LT_AGE_MAX + 1];   /* central death rate */
    double qx[CS_LT_PERIODS][2][CS_LT_AGE_MAX + 1];   /* annual probability of death */
    /* net migrants over model year y per head at mid-y, [y - CS_MIG_FIRST]
     * (the last row: the projection schedule) [sex][age - CS_MIG_AGE0] */
    double mig[CS_MIG_LAST - CS_MIG_FIRST + 2][2][CS_AGE_MAX - CS_MIG_AGE0 + 1];
};

/* Which life table serves model year y (mid-y to mid-(y+1)), written to
 * qx: with a fixed period, that period's; otherwise 2019-2021 for 2020 and
 * earlier (the spin-up holds mid-2020), 2020-2022 for 2021 and 2022 (the
 * latest published), and from 2023 the last pre-COVID table, 2017-2019,
 * with its death rates falling by `improvement` a year from its centre:
 * mx (1 - improvement)^(y + 0.5 - 2018). */
void cs_demog_year_qx(const struct cs_demography *d, double improvement, int y,
                      double qx[2][CS_LT_AGE_MAX + 1]);

/* Net migration per head over model year y of people of sex (0 male, 1
 * female) aged age at mid-y (17 = the cohort turning 18; 90 and over read
 * the 90+ rate): the observed year's, or from 2023 the projection schedule. */
double cs_demog_migration(const struct cs_demography *d, int y, int sex, int age);

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

/* Only the place's own inputs (its row of council_inputs.csv). 0, or -1 with
 * a message in err. */
int cs_seed_load_inputs(const char *dir, const char *code, struct cs_place_inputs *in, char *err, size_t errlen);

/* For a place input's parameter path (population.minority_share,
 * market.micro_per_100k, market.micro_starts_per_100k): its value in in;
 * NaN for any other path. */
double cs_place_input_value(const struct cs_place_inputs *in, const char *path);

struct cs_params;
/* Where each place input of a scenario's run comes from, as CSV text (caller
 * frees): header "place,input,value,source", then for the place p->place (or
 * every council, for "all") a row for population.minority_share,
 * market.micro_per_100k, market.micro_starts_per_100k and council.budget_gbp
 * (the level in 2023-24 prices before budget_cover and growth; empty under the
 * "settled" rule, whose budget is known only once the spin-up has run).
 * source is "seeds", "seeds (apportioned)", "national default", "scenario"
 * or "settled in the spin-up". NULL with a message in err. */
char *cs_place_inputs_text(const char *dir, const struct cs_params *p, char *err, size_t errlen);

/* Load the demography: every life-table period, with `period` ("calendar"
 * or one of them) saying which serve the years, and the migration rates.
 * Returns 0, or -1 with a message naming file and line. */
int cs_seed_load_demography(const char *dir, const char *period, struct cs_demography *lt,
                            char *err, size_t errlen);

#endif
