/*
 * need.c — need as a whole population carries it.
 *
 * The settled distribution (cs_need_settle): the share of people at each age
 * in each need state that the model's own rates imply, so that the people a
 * run starts with, and everyone who joins it, arrive as the rates would have
 * left them and nothing drifts for want of settling (issue 22). It follows a
 * cohort from 18, week by week, with the weekly chances the events use
 * (person.c), rather than reading any target prevalence: the published
 * prevalence by age is something the rates are fitted to (validation/), not
 * an input of a run.
 *
 * The census (cs_need_census): the living by sex, age, need level and
 * setting; a read-only pass over the records taken by the tools (caresim
 * drift) when they want it, so it costs the weekly step nothing.
 */
#include "cs_need.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "person.h"
#include "record.h"

void cs_need_census(const struct cs_sim *s, struct cs_census *c)
{
    memset(c, 0, sizeof *c);
    const struct cs_pop *pp = &s->pop;
    for (uint32_t i = 0; i < pp->n; i++) {
        const struct cs_person *r = &pp->rec[i];
        if (!(r->flags & CS_F_ALIVE)) continue;
        int sex = (r->flags & CS_F_FEMALE) ? 1 : 0;
        int a = r->age < CS_CENSUS_AGES ? r->age : CS_CENSUS_AGES - 1;
        c->n[sex][a][r->need][cs_in_care_home(pp, i) ? CS_IN_CARE_HOME : CS_AT_HOME]++;
    }
}

/* The at_home_* metrics: ages lo..hi, sex (-1 both), need level at least lvl. */
static const struct { int metric, lo, hi, sex, lvl; } census_metric[] = {
    {CS_M_at_home_65_69, 65, 69, -1, 0},
    {CS_M_at_home_65_69_with_need, 65, 69, -1, CS_NEED_LOW},
    {CS_M_at_home_65_69_moderate_need, 65, 69, -1, CS_NEED_MODERATE},
    {CS_M_at_home_80plus, 80, CS_CENSUS_AGES - 1, -1, 0},
    {CS_M_at_home_80plus_with_need, 80, CS_CENSUS_AGES - 1, -1, CS_NEED_LOW},
    {CS_M_at_home_80plus_moderate_need, 80, CS_CENSUS_AGES - 1, -1, CS_NEED_MODERATE},
    {CS_M_at_home_85plus, 85, CS_CENSUS_AGES - 1, -1, 0},
    {CS_M_at_home_85plus_with_need, 85, CS_CENSUS_AGES - 1, -1, CS_NEED_LOW},
    {CS_M_at_home_men_65plus, 65, CS_CENSUS_AGES - 1, 0, 0},
    {CS_M_at_home_men_65plus_with_need, 65, CS_CENSUS_AGES - 1, 0, CS_NEED_LOW},
    {CS_M_at_home_women_65plus, 65, CS_CENSUS_AGES - 1, 1, 0},
    {CS_M_at_home_women_65plus_with_need, 65, CS_CENSUS_AGES - 1, 1, CS_NEED_LOW},
};
_Static_assert(sizeof census_metric / sizeof census_metric[0] == sizeof ((struct cs_sim *)0)->need_census_m /
                   sizeof(double), "one slot a census metric");

void cs_need_metrics(struct cs_sim *s)
{
    enum { K = sizeof census_metric / sizeof census_metric[0] };
    if (!s->need_census_set || cs_report_week(s) % 52 == 0) {
        /* once a year: a pass over every record, not a weekly sum the
         * scheduler would have to keep for quiet people across birthdays */
        struct cs_census *c = malloc(sizeof *c);
        if (!c) { fprintf(stderr, "caresim: out of memory\n"); exit(1); }
        cs_need_census(s, c);
        for (int k = 0; k < K; k++) {
            int64_t n = 0;
            for (int sex = 0; sex < 2; sex++) {
                if (census_metric[k].sex >= 0 && census_metric[k].sex != sex) continue;
                for (int a = census_metric[k].lo; a <= census_metric[k].hi; a++)
                    for (int l = census_metric[k].lvl; l < CS_NEED_LEVELS; l++) n += c->n[sex][a][l][CS_AT_HOME];
            }
            s->need_census_m[k] = (double)n;
        }
        free(c);
        s->need_census_set = 1;
    }
    for (int k = 0; k < K; k++) s->m[census_metric[k].metric] = s->need_census_m[k];
}

int cs_need_week(const struct cs_sim *s) { return cs_report_week(s); }

static int age_band6(int age)
{
    return age < 35 ? 0 : age < 50 ? 1 : age < 65 ? 2 : age < 75 ? 3 : age < 85 ? 4 : 5;
}

/* Someone turning 18 in quintile q, living alone or not: need from
 * need.entry_prevalence and need.entry_level_mix, condition from the
 * under-65 mix, isolation at its equilibrium odds (as population.c drew it
 * before: the odds of the household, deprivation and need). */
static void entry_state(const struct cs_params *p, int q, int alone, double *d)
{
    memset(d, 0, CS_SETTLE_STATES * sizeof *d);
    double mix_tot = 0, cond_tot = 0;
    for (int l = 0; l < CS_NEED_LEVELS - 1; l++) mix_tot += p->entry_mix[l];
    for (int c = 0; c < CS_C_N; c++) cond_tot += p->cond_young[c];
    double piso = alone ? p->iso_alone : p->iso_others;
    for (int l = 0; l < CS_NEED_LEVELS; l++) {
        double odds = piso / (1 - piso) * pow(p->iso_depr_or, 2 - q) * (l ? p->iso_need_or : 1.0);
        double pi = odds / (1 + odds);
        for (int c = 0; c < (l ? CS_C_N : 1); c++) {
            double m = l == 0 ? 1.0 - p->entry_prev
                              : p->entry_prev * (mix_tot > 0 ? p->entry_mix[l - 1] / mix_tot : 0.25) *
                                    (cond_tot > 0 ? p->cond_young[c] / cond_tot : 1.0 / CS_C_N);
            d[cs_settle_state(l, c, 0)] += m * (1 - pi);
            d[cs_settle_state(l, c, 1)] += m * pi;
        }
    }
}

/* The cohort's weekly chance of a rise of need from level l (condition c,
 * quintile q, isolated or not, age a): onset, or progression with need
 * largely unmet for need.settled_unmet_share of them; an emergency admission
 * leaves some a level higher. */
static double settle_up(const struct cs_sim *s, int l, int c, int q, int iso, int a)
{
    const struct cs_params *p = s->p;
    const double us = p->settle_unmet;
    if (l == 0) return s->p_onset[a][q][iso];
    if (l >= CS_NEED_CRITICAL) return 0.0;
    return (1 - us) * s->p_prog[l - 1][c][q][iso][0] + us * s->p_prog[l - 1][c][q][iso][1] +
           s->p_admit[l] * ((1 - us) + us * p->nhs_unmet_hr) * p->nhs_decline;
}

int cs_need_tally_look(const struct cs_sim *s, struct cs_need_tally *t)
{
    const struct cs_pop *pp = &s->pop;
    if (t->cap < pp->n) {
        uint8_t *w = realloc(t->was, pp->n);
        if (!w) return -1;
        t->was = w;
        t->cap = pp->n;
    }
    t->n = pp->n;
    t->left0 = s->total_left;
    memset(t->pend, 0, sizeof t->pend);
    for (uint32_t i = 0; i < pp->n; i++) {
        const struct cs_person *r = &pp->rec[i];
        t->was[i] = 0;
        if (!(r->flags & CS_F_ALIVE) || r->age < 18) continue;
        int sex = (r->flags & CS_F_FEMALE) ? 1 : 0, a = r->age < CS_CENSUS_AGES ? r->age : CS_CENSUS_AGES - 1;
        int l = r->need, g = cs_settle_group(a), iso = (r->flags & CS_F_ISOLATED) ? 1 : 0;
        int q = s->nbhd[r->nbhd].quintile;
        t->was[i] = (uint8_t)(1 + l + CS_NEED_LEVELS * g);
        t->pend[0][l][g] += settle_up(s, l, l ? r->cond : 0, q, iso, a);
        t->pend[1][l][g] += s->p_recover[l];
        t->pend[2][l][g] += s->p_death[sex][a][l][0];   /* at home: the rest is the care system's */
    }
    return 0;
}

void cs_need_tally_see(const struct cs_sim *s, struct cs_need_tally *t)
{
    const struct cs_pop *pp = &s->pop;
    /* a week in which people left the place (the spin-up's re-anchoring)
     * is not counted: a leaver would look like a death */
    if (s->total_left != t->left0) { t->n = 0; return; }
    for (int e = 0; e < 3; e++)
        for (int l = 0; l < CS_NEED_LEVELS; l++)
            for (int g = 0; g < CS_SETTLE_GROUPS; g++) t->exp[e][l][g] += t->pend[e][l][g];
    for (uint32_t i = 0; i < t->n; i++) {
        if (!t->was[i]) continue;
        int l = (t->was[i] - 1) % CS_NEED_LEVELS, g = (t->was[i] - 1) / CS_NEED_LEVELS;
        const struct cs_person *r = &pp->rec[i];
        if (!(r->flags & CS_F_ALIVE)) t->obs[2][l][g]++;
        else if (r->need > l) t->obs[0][l][g]++;
        else if (r->need < l) t->obs[1][l][g]++;
    }
    t->n = 0;
}

void cs_need_tally_factors(const struct cs_need_tally *t, struct cs_need_factors *f)
{
    const double k = CS_SETTLE_PRIOR;
    double (*out[3])[CS_SETTLE_GROUPS] = {f->up, f->down, f->death};
    for (int e = 0; e < 3; e++)
        for (int l = 0; l < CS_NEED_LEVELS; l++) {
            /* the level's ratio over all ages, itself pulled towards 1 */
            double o = 0, x = 0;
            for (int g = 0; g < CS_SETTLE_GROUPS; g++) { o += t->obs[e][l][g]; x += t->exp[e][l][g]; }
            double all = (o + k) / (x + k);
            for (int g = 0; g < CS_SETTLE_GROUPS; g++)
                out[e][l][g] = (t->obs[e][l][g] + k * all) / (t->exp[e][l][g] + k);
        }
}

void cs_need_tally_free(struct cs_need_tally *t)
{
    free(t->was);
    memset(t, 0, sizeof *t);
}

static void to_cum(const double *d, float *cum)
{
    double tot = 0, c = 0;
    for (int k = 0; k < CS_SETTLE_STATES; k++) tot += d[k];
    for (int k = 0; k < CS_SETTLE_STATES; k++) {
        c += d[k];
        cum[k] = (float)(tot > 0 ? c / tot : (k + 1.0) / CS_SETTLE_STATES);
    }
    cum[CS_SETTLE_STATES - 1] = 1.0f;
}

struct cs_need_settled *cs_need_settle(struct cs_sim *s, const double *nbhd_cum, const struct cs_need_factors *f)
{
    const struct cs_params *p = s->p;
    struct cs_need_settled *t = malloc(sizeof *t);
    if (!t) return NULL;
    cs_person_tables(s);   /* the weekly chances the events use */

    /* the place's adults by quintile: the normalisation to the life table
     * averages over them, as cs_person_year_tables averages over the living */
    double qs[5] = {0}, qtot = 0;
    for (int k = 0; k < s->n_nbhd; k++) {
        double w = nbhd_cum[k] - (k ? nbhd_cum[k - 1] : 0);
        qs[s->nbhd[k].quintile] += w;
        qtot += w;
    }
    for (int q = 0; q < 5; q++) qs[q] = qtot > 0 ? qs[q] / qtot : 0.2;

    double cond_tot[2] = {0, 0};
    for (int c = 0; c < CS_C_N; c++) { cond_tot[0] += p->cond_young[c]; cond_tot[1] += p->cond_old[c]; }

    enum { NQ = 5, NS = CS_SETTLE_STATES };
    double d[NQ][2][NS], nd[NQ][2][NS], acc[NQ][2][NS];   /* a few kB: on the stack (councils build on many threads at once) */
    for (int q = 0; q < NQ; q++)
        for (int al = 0; al < 2; al++) {
            entry_state(p, q, al, d[q][al]);
            to_cum(d[q][al], t->entry[q][al]);
        }
    for (int sex = 0; sex < 2; sex++) {
        for (int q = 0; q < NQ; q++)
            for (int al = 0; al < 2; al++) entry_state(p, q, al, d[q][al]);
        /* ages under 18: nobody is made there; the entry state */
        for (int a = 0; a < 18; a++)
            for (int q = 0; q < NQ; q++)
                for (int al = 0; al < 2; al++) memcpy(t->cum[sex][q][al][a], t->entry[q][al], sizeof t->entry[q][al]);
        for (int a = 18; a < CS_CENSUS_AGES; a++) {
            memset(acc, 0, sizeof acc);
            /* the cohorts' history before 2020: the last pre-COVID table
             * (or the run's one fixed table) */
            double qx = s->lt->qx[s->lt->fixed >= 0 ? s->lt->fixed : 0][sex][a <= CS_LT_AGE_MAX ? a : CS_LT_AGE_MAX];
            double pw = 1.0 - pow(1.0 - qx, 1.0 / 52.0);
            double alone = p->alone_share[age_band6(a)], wal[2] = {1 - alone, alone};
            /* the care system's factors at this age (1 without a pilot) */
            double fu[CS_NEED_LEVELS], fr[CS_NEED_LEVELS], fd[CS_NEED_LEVELS];
            const int g = cs_settle_group(a);
            for (int l = 0; l < CS_NEED_LEVELS; l++) {
                fu[l] = f ? f->up[l][g] : 1.0;
                fr[l] = f ? f->down[l][g] : 1.0;
                fd[l] = f ? f->death[l][g] : 1.0;
            }
            const double *cmix = a < 65 ? p->cond_young : p->cond_old;
            double ctot = cond_tot[a < 65 ? 0 : 1];
            for (int wk = 0; wk < 52; wk++) {
                /* the living, each cohort as shares; their mean death hazard ratio */
                double num = 0, den = 0;
                for (int q = 0; q < NQ; q++)
                    for (int al = 0; al < 2; al++) {
                        double tot = 0;
                        for (int k = 0; k < NS; k++) tot += d[q][al][k];
                        for (int k = 0; k < NS; k++) {
                            d[q][al][k] = tot > 0 ? d[q][al][k] / tot : 0;
                            acc[q][al][k] += d[q][al][k];
                            int l, c, iso;
                            cs_settle_unpack(k, &l, &c, &iso);
                            num += qs[q] * wal[al] * d[q][al][k] * p->mort_need_hr[l] * fd[l];
                        }
                        den += qs[q] * wal[al];
                    }
                double mean_hr = den > 0 && num > 0 ? num / den : 1.0;
                memset(nd, 0, sizeof nd);
                for (int q = 0; q < NQ; q++)
                    for (int al = 0; al < 2; al++)
                        for (int k = 0; k < NS; k++) {
                            double m = d[q][al][k];
                            if (m <= 0) continue;
                            int l, c, iso;
                            cs_settle_unpack(k, &l, &c, &iso);
                            /* the week's competing events, as cs_event_chances
                             * slices one draw: death, a rise, a fall, isolation */
                            double v = pw * p->mort_need_hr[l] * fd[l] / mean_hr;
                            double h[4];
                            h[0] = (float)(v < 1 ? v : 1);
                            h[1] = settle_up(s, l, c, q, iso, a) * fu[l];
                            h[2] = s->p_recover[l] * fr[l];
                            h[3] = iso ? s->p_iso_out : s->p_iso_in[al][l > 0][q];
                            double used = 0;
                            for (int e = 0; e < 4; e++) {
                                if (h[e] > 1 - used) h[e] = 1 - used;
                                used += h[e];
                            }
                            nd[q][al][k] += m * (1 - used);
                            if (h[1] > 0) {
                                if (l == 0)
                                    for (int c2 = 0; c2 < CS_C_N; c2++)
                                        nd[q][al][cs_settle_state(1, c2, iso)] += m * h[1] * cmix[c2] / ctot;
                                else nd[q][al][cs_settle_state(l + 1, c, iso)] += m * h[1];
                            }
                            if (h[2] > 0) nd[q][al][l == 1 ? cs_settle_state(0, 0, iso) : cs_settle_state(l - 1, c, iso)] += m * h[2];
                            nd[q][al][cs_settle_state(l, c, 1 - iso)] += m * h[3];
                        }
                memcpy(d, nd, sizeof d);
            }
            for (int q = 0; q < NQ; q++)
                for (int al = 0; al < 2; al++) to_cum(acc[q][al], t->cum[sex][q][al][a]);
        }
    }
    return t;
}

static int pick_cum(const float *cum, double u)
{
    int lo = 0, hi = CS_SETTLE_STATES - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (u < cum[mid]) hi = mid; else lo = mid + 1;
    }
    return lo;
}

int cs_need_draw(const struct cs_need_settled *t, int female, int q, int alone, int age, int entrant, double u)
{
    int a = age < 0 ? 0 : age < CS_CENSUS_AGES ? age : CS_CENSUS_AGES - 1;
    return pick_cum(entrant ? t->entry[q][alone != 0] : t->cum[female != 0][q][alone != 0][a], u);
}
