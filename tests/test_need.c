/*
 * test_need.c — the settled distribution of need (sim/need.c) and the census:
 * the people a run is made of carry need as the model's own rates leave it.
 * Each check moves one rate and looks for its footprint in the distribution
 * or in the people drawn from it, so removing the mechanism (a draw that
 * ignores a rate, a chain without death by need level) fails a check; and a
 * run started from it holds its age-standardised prevalence.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_seed.h"
#include "cs_config.h"
#include "cs_model.h"
#include "cs_need.h"

static const char *SOMERSET = "E06000066";

/* Share of the settled distribution at (sex, q, alone, age) with need of
 * level lvl or above. */
static double share_at_least(const struct cs_need_settled *t, int female, int q, int alone, int age, int lvl)
{
    const float *c = t->cum[female][q][alone][age];
    return 1.0 - c[cs_settle_state(lvl - 1, lvl - 1 ? CS_C_N - 1 : 0, 1)];
}

static int make(struct cs_sim *s, const struct cs_params *p, const struct cs_place *pl, const struct cs_demography *lt)
{
    char err[512];
    if (cs_sim_init(s, p, pl, lt, 0, 2, err, sizeof err)) { CHECK(0, "init: %s", err); return -1; }
    return 0;
}

/* Share of people aged lo..hi (in quintile q, or any when q < 0) with need. */
static double drawn_share(const struct cs_sim *s, int lo, int hi, int q)
{
    double n = 0, k = 0;
    for (uint32_t i = 0; i < s->pop.n; i++) {
        const struct cs_person *r = &s->pop.rec[i];
        if (r->age < lo || r->age > hi || (q >= 0 && s->nbhd[r->nbhd].quintile != q)) continue;
        n++;
        k += r->need > 0;
    }
    return n > 0 ? k / n : NAN;
}

/* The onset rate, death by need level, deprivation and the entry state each
 * leave their mark on the settled distribution and on the people drawn. */
static void rates_drive_the_draw(void)
{
    static struct cs_place pl;
    struct cs_demography lt;
    if (test_load_seed(&pl, &lt, SOMERSET)) return;
    struct cs_params p, q;
    cs_params_defaults(&p);
    p.scale = 0.1;
    p.settle_pilot_w = 0;   /* the cohort's chances alone (the pilot: below) */
    struct cs_sim a, b;
    if (make(&a, &p, &pl, &lt)) return;

    /* onset: half as much again at every age raises need at 75 and among those drawn */
    q = p;
    q.onset75 = 1.5 * p.onset75;
    if (make(&b, &q, &pl, &lt)) { cs_sim_free(&a); return; }
    double s0 = share_at_least(a.need_settled, 1, 2, 0, 75, 1), s1 = share_at_least(b.need_settled, 1, 2, 0, 75, 1);
    CHECK(s1 > 1.2 * s0, "onset x1.5 raises the settled share with need at 75 (%.4f to %.4f)", s0, s1);
    double d0 = drawn_share(&a, 65, 110, -1), d1 = drawn_share(&b, 65, 110, -1);
    CHECK(d1 > 1.15 * d0, "and the share of people 65+ drawn with need (%.4f to %.4f)", d0, d1);
    cs_sim_free(&b);

    /* death by need level: with no excess mortality, more people of 90 live
     * with substantial or critical need */
    q = p;
    for (int l = 0; l < CS_NEED_LEVELS; l++) q.mort_need_hr[l] = 1.0;
    if (make(&b, &q, &pl, &lt)) { cs_sim_free(&a); return; }
    s0 = share_at_least(a.need_settled, 1, 2, 0, 90, CS_NEED_SUBSTANTIAL);
    s1 = share_at_least(b.need_settled, 1, 2, 0, 90, CS_NEED_SUBSTANTIAL);
    CHECK(s1 > 1.1 * s0, "death by need level thins severe need at 90 (%.4f with it, %.4f without)", s0, s1);
    /* normalised to the life table: at 40 hardly anyone dies, so nothing changes */
    double y0 = share_at_least(a.need_settled, 1, 2, 0, 40, 1), y1 = share_at_least(b.need_settled, 1, 2, 0, 40, 1);
    CHECK(fabs(y1 / y0 - 1) < 0.02, "but hardly moves need at 40 (%.4f, %.4f)", y0, y1);
    cs_sim_free(&b);

    /* deprivation: onset and progression are higher in deprived quintiles,
     * so the people drawn there have more need */
    double dq0 = drawn_share(&a, 65, 110, 0), dq4 = drawn_share(&a, 65, 110, 4);
    CHECK(dq0 > 1.25 * dq4, "people 65+ drawn in the most deprived quintile have more need (%.4f vs %.4f)", dq0, dq4);

    /* the settled distribution rises with age, and someone turning 18 joins with the entry prevalence */
    int rising = 1;
    for (int age = 50; age <= 95; age += 5)
        rising &= share_at_least(a.need_settled, 0, 2, 0, age, 1) > share_at_least(a.need_settled, 0, 2, 0, age - 5, 1);
    CHECK(rising, "need rises with age from 45 to 95");
    double e = 1.0 - a.need_settled->entry[2][0][1];
    CHECK(fabs(e - p.entry_prev) < 1e-6, "the entry state has need.entry_prevalence (%.6f vs %.6f)", e, p.entry_prev);
    cs_sim_free(&a);
}

/* Age-standardised share of people aged lo..hi with need (all settings),
 * weights w (people by sex and age at the start). */
static double std_share(const struct cs_census *c, const struct cs_census *w, int lo, int hi)
{
    double num = 0, den = 0;
    for (int sex = 0; sex < 2; sex++)
        for (int a = lo; a <= hi; a++) {
            double n = 0, k = 0, ww = 0;
            for (int l = 0; l < CS_NEED_LEVELS; l++)
                for (int r = 0; r < 2; r++) {
                    n += (double)c->n[sex][a][l][r];
                    ww += (double)w->n[sex][a][l][r];
                    if (l) k += (double)c->n[sex][a][l][r];
                }
            if (n > 0) { num += ww * k / n; den += ww; }
        }
    return den > 0 ? num / den : NAN;
}

/* A run started from the settled distribution holds the age-standardised
 * prevalence of its people 65+ over five years after a year's warm-up (the
 * former draw from a fixed prevalence curve lost a fifth of it in ten). */
static void start_holds(void)
{
    static struct cs_place pl;
    struct cs_demography lt;
    if (test_load_seed(&pl, &lt, SOMERSET)) return;
    struct cs_params p;
    cs_params_defaults(&p);
    p.scale = 0.25;
    p.warmup_weeks = 52;
    p.years = 5;
    struct cs_sim s;
    if (make(&s, &p, &pl, &lt)) return;
    struct cs_census *c0 = malloc(sizeof *c0), *c1 = malloc(sizeof *c1);
    for (int w = 0; w < 52; w++) cs_sim_step(&s);
    cs_need_census(&s, c0);
    for (int w = 0; w < 5 * 52; w++) cs_sim_step(&s);
    cs_need_census(&s, c1);
    double a = std_share(c0, c0, 65, 110), b = std_share(c1, c0, 65, 110);
    CHECK(fabs(b / a - 1) < 0.05, "age-standardised need 65+ after five years within 5%% of the start (%.4f to %.4f)", a, b);
    /* the census counts everyone alive, once */
    int64_t n = 0;
    for (int sex = 0; sex < 2; sex++)
        for (int age = 0; age < CS_CENSUS_AGES; age++)
            for (int l = 0; l < CS_NEED_LEVELS; l++) n += c1->n[sex][age][l][0] + c1->n[sex][age][l][1];
    CHECK(n == (int64_t)cs_sim_alive(&s), "the census counts the living (%lld vs %u)", (long long)n, cs_sim_alive(&s));
    free(c0);
    free(c1);
    cs_sim_free(&s);
}

/* The settling pilot measures what the care system does to the events of
 * need and the settled distribution takes it in: reablement shows as extra
 * recovery (and goes when reablement never works), care homes as extra
 * deaths at critical need, and the people drawn carry less severe need in
 * old age than the cohort's chances alone would give them. */
static void pilot_settles_the_care_system(void)
{
    static struct cs_place pl;
    struct cs_demography lt;
    if (test_load_seed(&pl, &lt, SOMERSET)) return;
    struct cs_params p, q;
    cs_params_defaults(&p);
    p.scale = 0.25;
    struct cs_sim a, b;
    if (make(&a, &p, &pl, &lt)) return;
    CHECK(a.need_factors != NULL, "a run has the pilot's factors");
    if (!a.need_factors) { cs_sim_free(&a); return; }
    const struct cs_need_factors *f = a.need_factors;
    double down = 0, death = 0;
    for (int g = 2; g < CS_SETTLE_GROUPS; g++) {
        down += f->down[CS_NEED_SUBSTANTIAL][g] / 3;
        death += f->death[CS_NEED_CRITICAL][g] / 3;
    }
    CHECK(down > 1.15, "reablement: falls from substantial need 65+ above the cohort's chances (x%.3f)", down);
    CHECK(death > 1.08, "care homes: deaths at critical need 65+ above the cohort's chances at home (x%.3f)", death);

    q = p;
    q.settle_pilot_w = 0;
    if (make(&b, &q, &pl, &lt)) { cs_sim_free(&a); return; }
    CHECK(b.need_factors == NULL, "need.settle_pilot_weeks = 0: no pilot");
    double s0 = share_at_least(b.need_settled, 1, 2, 0, 80, CS_NEED_SUBSTANTIAL);
    double s1 = share_at_least(a.need_settled, 1, 2, 0, 80, CS_NEED_SUBSTANTIAL);
    CHECK(s1 < 0.97 * s0, "the settled share with substantial need at 80 falls with the pilot (%.4f to %.4f)", s0, s1);
    double d0 = drawn_share(&b, 65, 110, -1), d1 = drawn_share(&a, 65, 110, -1);
    CHECK(d1 < d0, "and the share of people 65+ drawn with need (%.4f to %.4f)", d0, d1);
    cs_sim_free(&b);

    q = p;
    q.reab_success = 0;
    if (make(&b, &q, &pl, &lt)) { cs_sim_free(&a); return; }
    double down0 = 0;
    for (int g = 2; g < CS_SETTLE_GROUPS; g++) down0 += b.need_factors->down[CS_NEED_SUBSTANTIAL][g] / 3;
    CHECK(down0 < down - 0.1 && fabs(down0 - 1) < 0.12,
          "reablement that never works: falls from substantial need at the cohort's chances (x%.3f, was x%.3f)", down0, down);
    cs_sim_free(&b);
    cs_sim_free(&a);
}

void test_need(void)
{
    rates_drive_the_draw();
    start_holds();
    pilot_settles_the_care_system();
}
