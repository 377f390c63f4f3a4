/*
 * placement.c — where people live when they cannot stay at home: care homes
 * (cs_homes.h) and Shared Lives carers (cs_sharedlives.h); and the Homeshare
 * programme (cs_homeshare.h). This file wires those modules to the people:
 * setting them up from the initial population, handing them the weekly
 * recounts the parallel people phase makes, and placing, serially and in
 * request order, everyone the council (or they themselves) decided should
 * move: Shared Lives first for a council-funded person it suits, then a care
 * home of the kind they need.
 */
#include "cs_model.h"
#include "model_internal.h"

#include <string.h>

/* Needing nursing care is a fixed trait of a person at critical need. */
static int needs_nursing(const struct cs_sim *s, uint32_t i)
{
    cs_ctr r = cs_rng_draw4(s->key, i, 0, CS_P_HOMES, 3);
    return s->pop.rec[i].need >= CS_NEED_CRITICAL && cs_u01(r.v[0]) < s->p->hm_nursing_share;
}

static int district_of(const struct cs_sim *s, uint32_t i) { return s->nbhd[s->pop.rec[i].nbhd].district; }

/* Shared Lives suits a share of people by condition group: a fixed trait. */
static int sl_suits(const struct cs_sim *s, uint32_t i)
{
    cs_ctr r = cs_rng_draw4(s->key, i, 0, CS_P_SCHEMES, CS_SCHEMES_INDEX(CS_SL_S_SUITABLE, 0));
    return cs_u01(r.v[0]) < s->p->sl_suit[s->pop.rec[i].cond];
}

/* Find person i a place. Returns 1 if placed. */
static int place(struct cs_sim *s, uint32_t i, int counted)
{
    const struct cs_params *p = s->p;
    struct cs_person *rec = cs_touch(s, i);
    int svc = rec->svc;
    if (svc == CS_SVC_RES_COUNCIL || svc == CS_SVC_SHARED_LIVES) {
        if (sl_suits(s, i)) {
            int32_t c = cs_sl_match(&s->sl, p, s->key, i, s->week, district_of(s, i));
            if (c >= 0) {
                rec->svc = CS_SVC_SHARED_LIVES;
                rec->home = c;
                if (counted) s->m[CS_M_shared_lives_matches]++;
                return 1;
            }
        }
        svc = rec->svc = CS_SVC_RES_COUNCIL;   /* no carer: a care home instead */
    }
    int nursing = needs_nursing(s, i);
    int32_t h = cs_homes_admit(&s->homes, p, s->key, i, s->week, nursing, svc == CS_SVC_RES_COUNCIL,
                               district_of(s, i));
    rec->home = h;
    if (h < 0) { s->homes.waiting[nursing]++; return 0; }
    /* an admission is counted when the person moves in, not when it is
     * decided, and not again when a closure makes them move */
    if (counted && !(rec->ext & CS_X_RESIDENT)) {
        s->m[CS_M_residential_admissions]++;
        if (rec->age >= 65) s->m[CS_M_residential_admissions_per_100k_65plus]++;
    }
    rec->ext |= CS_X_RESIDENT;
    return 1;
}

int cs_placement_init(struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_params *p = s->p;
    struct cs_pop *pp = &s->pop;
    int nd = s->place->n_districts;
    int32_t *res = calloc((size_t)nd * 2, sizeof *res);
    double *adults = calloc((size_t)nd, sizeof *adults);
    if (!res || !adults) { free(res); free(adults); snprintf(err, errlen, "out of memory"); return -1; }
    for (uint32_t i = 0; i < pp->n; i++) {
        adults[district_of(s, i)] += 1;
        if (cs_svc_res(pp->rec[i].svc)) res[2 * district_of(s, i) + needs_nursing(s, i)]++;
    }
    int rc = cs_homes_init(&s->homes, p, s->key, nd, res, err, errlen);
    if (!rc) rc = cs_sl_init(&s->sl, p, s->key, nd, adults, err, errlen);
    if (!rc) rc = cs_hs_init(&s->hs, p, (double)pp->n, err, errlen);
    free(res);
    free(adults);
    if (rc) return -1;
    /* the starting residents, in id order; Shared Lives starts with the
     * people its carers support today, drawn from those it suits */
    for (uint32_t i = 0; i < pp->n; i++)
        if (cs_svc_res(pp->rec[i].svc)) place(s, i, 0);
    memset(s->homes.waiting, 0, sizeof s->homes.waiting);
    return 0;
}

/* Per-thread recount arrays sized for every home and carer that exists. */
void cs_placement_prepare_week(struct cs_sim *s)
{
    for (int t = 0; t < s->n_threads; t++) {
        struct cs_thread_buf *tb = &s->tb[t];
        if (tb->h_cap < s->homes.n || !tb->h_occ) {
            tb->h_cap = s->homes.n + 64;
            tb->h_occ = cs_xrealloc(tb->h_occ, (size_t)tb->h_cap * sizeof *tb->h_occ);
            tb->h_council = cs_xrealloc(tb->h_council, (size_t)tb->h_cap * sizeof *tb->h_council);
        }
        if (tb->sl_cap < s->sl.n || !tb->sl_used) {
            tb->sl_cap = s->sl.n + 64;
            tb->sl_used = cs_xrealloc(tb->sl_used, (size_t)tb->sl_cap * sizeof *tb->sl_used);
        }
        memset(tb->h_occ, 0, (size_t)s->homes.n * sizeof *tb->h_occ);
        memset(tb->h_council, 0, (size_t)s->homes.n * sizeof *tb->h_council);
        memset(tb->sl_used, 0, (size_t)s->sl.n * sizeof *tb->sl_used);
        tb->hs_new = 0;
    }
}

/* After the people phase: the recounts go to the modules, which then do
 * their week (finances, closures, openings; carers leaving and joining). */
void cs_placement_week(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    struct cs_homes *h = &s->homes;
    int64_t hs_new = 0;
    for (int32_t k = 0; k < h->n; k++) {
        int32_t o = 0, c = 0;
        for (int t = 0; t < s->n_threads; t++) { o += s->tb[t].h_occ[k]; c += s->tb[t].h_council[k]; }
        h->occupied[k] = o;
        h->council[k] = c;
    }
    for (int32_t k = 0; k < s->sl.n; k++) {
        int32_t u = 0;
        for (int t = 0; t < s->n_threads; t++) u += s->tb[t].sl_used[k];
        s->sl.used[k] = (uint8_t)(u > 255 ? 255 : u);
    }
    for (int t = 0; t < s->n_threads; t++) hs_new += s->tb[t].hs_new;
    s->hs_elig_last = s->hs_elig_week;
    s->hs_new_last = hs_new;
    /* care homes' staff are paid at least the pay floor: the week's care-pay
     * index (model.c prices_week), which their fees follow too */
    cs_homes_week(h, p, s->key, s->week, cs_policy_week(s), s->pay_index);
    cs_sl_week(&s->sl, p, s->key, s->week, cs_policy_week(s));

    int small = 0, open = 0;
    for (int32_t k = 0; k < h->n; k++)
        if (h->alive[k]) { open++; small += h->small[k]; }
    s->m[CS_M_care_home_beds] = h->beds_total;
    s->m[CS_M_care_home_occupancy] = h->beds_total > 0 ? (double)h->occupied_total / h->beds_total : 0;
    s->m[CS_M_care_home_openings] = h->openings;
    s->m[CS_M_care_home_closures] = h->closures;
    s->m[CS_M_care_home_small_share] = open ? (double)small / open : 0;
    s->m[CS_M_shared_lives_carers] = s->sl.carers_active;
    s->m[CS_M_council_spend_shared_lives] = s->sl.cost_week;
    s->m[CS_M_nhs_cost] += h->fnc_week;
}

/* Before the people phase: the Homeshare programme's chance of a match this
 * week, from last week's counts. */
void cs_placement_homeshare(struct cs_sim *s, int64_t active)
{
    cs_hs_week(&s->hs, s->p, s->hs_elig_last, s->hs_new_last, active, cs_policy_week(s));
}

/* After the council: place everyone who asked this week, in request order
 * (thread lists in thread order are in id order; the council's own requests
 * follow at the end of the last list). */
void cs_placement_match(struct cs_sim *s)
{
    struct cs_pop *pp = &s->pop;
    for (int t = 0; t < s->n_threads; t++) {
        const struct cs_thread_buf *tb = &s->tb[t];
        for (uint32_t k = 0; k < tb->n_req; k++) {
            if (tb->req[k].kind != CS_REQ_PLACE) continue;
            uint32_t i = tb->req[k].id;
            int svc = pp->rec[i].svc;
            if (!(pp->rec[i].flags & CS_F_ALIVE) || pp->rec[i].home >= 0 || (!cs_svc_res(svc) && svc != CS_SVC_SHARED_LIVES))
                continue;
            place(s, i, 1);
            cs_sched_placed(s, i);
        }
    }
}

void cs_placement_free(struct cs_sim *s)
{
    cs_homes_free(&s->homes);
    cs_sl_free(&s->sl);
    cs_hs_free(&s->hs);
    for (int t = 0; t < s->n_threads && s->tb; t++) {
        free(s->tb[t].h_occ);
        free(s->tb[t].h_council);
        free(s->tb[t].sl_used);
    }
}
