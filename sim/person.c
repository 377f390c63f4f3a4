/*
 * person.c — one person's week: the mechanisms that act on a single record.
 * Their weekly chances (need arising, rising and falling, isolation, death
 * normalised to the life table, carer breakdown, emergency admission,
 * spending down, asking the council), the unpaid care available to them
 * (phase 1), their events and requests (phase 2a), and the care they
 * receive and what it does to their unmet need, their carer's strain and
 * their wellbeing, with what they add to the week's sums (phase 2b).
 *
 * Everything here reads the rest of the simulation (providers, homes,
 * neighbourhoods) but writes only person i's own record and the calling
 * thread's buffer, so the weekly step (model.c) can run it on any thread.
 * It never calls the scheduler or the weekly step: the scheduler (sched.c)
 * calls cs_care_received, cs_person_sums and the chances to work out what a
 * quiet person stands for, and model.c hands a quiet person's wake-up
 * (struct cs_thin) to cs_person_events.
 */
#include "person.h"

#include <stdlib.h>
#include <string.h>

static int quint_of(const struct cs_sim *s, uint32_t i) { return s->nbhd[s->pop.rec[i].nbhd].quintile; }

void cs_person_year_tables(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    /* mean need hazard ratio by sex and age among the living, so the population
     * average death rate equals the life table while need raises individual risk */
    enum { NA = 111 };
    typedef int64_t count_table[2][NA][CS_NEED_LEVELS][2];
    int T = s->n_threads;
    /* a table per thread, summed: exact; kept for the next quarter */
    if (!s->mort_counts) s->mort_counts = cs_xrealloc(NULL, (size_t)T * sizeof(count_table));
    count_table *tc = (count_table *)s->mort_counts;
    memset(tc, 0, (size_t)T * sizeof *tc);
    uint32_t n = s->pop.n;
#pragma omp parallel num_threads(T)
    {
        int t, nt;
        cs_omp_team(&t, &nt);
        count_table *c = &tc[t];
        for (uint32_t i = (uint32_t)((uint64_t)n * t / nt); i < (uint32_t)((uint64_t)n * (t + 1) / nt); i++) {
            if (!(s->pop.rec[i].flags & CS_F_ALIVE)) continue;
            int sex = (s->pop.rec[i].flags & CS_F_FEMALE) ? 1 : 0;
            int a = s->pop.rec[i].age < NA ? s->pop.rec[i].age : NA - 1;
            (*c)[sex][a][s->pop.rec[i].need][cs_in_care_home(&s->pop, i)]++;
        }
    }
    int64_t (*cnt)[NA][CS_NEED_LEVELS][2] = tc[0];
    for (int t = 1; t < T; t++)
        for (size_t k = 0; k < sizeof *tc / sizeof(int64_t); k++) (&cnt[0][0][0][0])[k] += (&tc[t][0][0][0][0])[k];
    for (int sex = 0; sex < 2; sex++)
        for (int a = 0; a < NA; a++) {
            double num = 0, den = 0;
            for (int l = 0; l < CS_NEED_LEVELS; l++)
                for (int r = 0; r < 2; r++) {
                    num += cnt[sex][a][l][r] * p->mort_need_hr[l] * (r ? p->mort_res_hr : 1.0);
                    den += cnt[sex][a][l][r];
                }
            double mean_hr = den > 0 ? num / den : 1.0;
            double qx = s->qx_year[sex][a <= CS_LT_AGE_MAX ? a : CS_LT_AGE_MAX];
            double pw = 1.0 - pow(1.0 - qx, 1.0 / 52.0);
            for (int l = 0; l < CS_NEED_LEVELS; l++)
                for (int r = 0; r < 2; r++) {
                    double v = pw * p->mort_need_hr[l] * (r ? p->mort_res_hr : 1.0) / mean_hr;
                    s->p_death[sex][a][l][r] = (float)(v < 1 ? v : 1);
                }
        }
}

void cs_person_tables(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    /* need postponed as death is, in the projected years (cs_demog_year) */
    const double yr = s->need_year_hr;
    for (int a = 0; a < 111; a++)
        for (int q = 0; q < 5; q++)
            for (int iso = 0; iso < 2; iso++)
                s->p_onset[a][q][iso] = (float)cs_weekly(
                    yr * p->onset75 * exp(p->onset_slope * (a - 75)) * pow(p->depr_hr, 2 - q) *
                    (iso ? p->iso_hr : 1.0));
    for (int l = 0; l < 3; l++)
        for (int c = 0; c < CS_C_N; c++)
            for (int q = 0; q < 5; q++)
                for (int iso = 0; iso < 2; iso++)
                    for (int un = 0; un < 2; un++)
                        s->p_prog[l][c][q][iso][un] = (float)cs_weekly(
                            yr * p->progress[l] * p->cond_hr[c] * pow(p->depr_hr, 2 - q) *
                            (iso ? p->iso_hr : 1.0) * (un ? p->unmet_hr : 1.0));
    s->p_recover[0] = 0;
    for (int l = 1; l < CS_NEED_LEVELS; l++) s->p_recover[l] = (float)cs_weekly(p->recover[l - 1]);
    for (int alone = 0; alone < 2; alone++)
        for (int nd = 0; nd < 2; nd++)
            for (int q = 0; q < 5; q++) {
                double piso = alone ? p->iso_alone : p->iso_others;
                double odds = piso / (1 - piso) * pow(p->iso_depr_or, 2 - q) * (nd ? p->iso_need_or : 1.0);
                s->p_iso_in[alone][nd][q] = (float)cs_weekly(p->iso_exit * odds);
            }
    s->p_iso_out = (float)cs_weekly(p->iso_exit);
    for (int k = 0; k < 256; k++) {
        double st = k / 255.0;
        s->p_break[k] = (float)cs_weekly(p->breakdown * st * st);
    }
    s->p_spend_down = (float)(1.0 - exp(-1.0 / p->spend_down));
    s->p_unmet_crisis = (float)cs_weekly(p->unmet_crisis);
    for (int l = 0; l < CS_NEED_LEVELS; l++) s->p_admit[l] = (float)cs_weekly(p->nhs_admit[l]);
    s->p_request_hi = (float)cs_weekly(p->request_rate);
    s->p_request_lo = (float)cs_weekly(p->low_request_rate);
    s->p_reassess = (float)cs_weekly(p->reassess_rate);
    s->p_carer_back = (float)(1.0 - exp(-1.0 / p->carer_back));
    s->p_comm_exit = (float)cs_weekly(p->comm_exit);
    s->p_hs_end = (float)cs_weekly(p->hs_end_rate);
}

uint8_t cs_carer_cap(const struct cs_sim *s, uint32_t i, int week)
{
    const struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    int32_t pt = pp->rec[i].partner;
    double cap = 0;
    int coresident = 0;
    if (pp->rec[i].need && !cs_placed(pp, i) && pp->rec[i].carer_back <= week) {
        if (pt >= 0 && pp->rec[pt].need <= CS_NEED_LOW && !cs_placed(pp, (uint32_t)pt)) {
            cap = p->partner_hours * (pp->rec[pt].need == CS_NEED_LOW ? 0.5 : 1.0);
            coresident = 1;
        }
        if (cap == 0 && pp->rec[i].fam == CS_FAM_COHABIT) { cap = p->family_hours_co; coresident = 1; }
        if (cap == 0 && pp->rec[i].fam == CS_FAM_APART) cap = p->family_hours_apart;
    }
    long h = (long)cs_llround(cap);
    return (uint8_t)((h > 127 ? 127 : h) | (coresident && h > 0 ? CS_CAP_CORESIDENT : 0));
}

/* Phase 1 for one person: the unpaid care available to them this week. Reads
 * the partner's record, writes only the person's own. */
void cs_person_carers(struct cs_sim *s, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    int32_t pt = pp->rec[i].partner;
    if (pt >= 0 && !(pp->rec[pt].flags & CS_F_ALIVE)) {      /* widowed */
        pp->rec[i].partner = -1;
        pp->rec[i].household = CS_HH_ALONE;
    }
    pp->rec[i].carer_cap = cs_carer_cap(s, i, s->week);
}

/* Phase 1 for ids [lo, hi), everyone alive (the initial care decisions). */
void cs_phase_carers(struct cs_sim *s, uint32_t lo, uint32_t hi)
{
    for (uint32_t i = lo; i < hi; i++)
        if (s->pop.rec[i].flags & CS_F_ALIVE) cs_person_carers(s, i);
}

/* Self-funders arrange their own care when their need is eligible. */
static void self_arrange(struct cs_sim *s, uint32_t i, double u)
{
    struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    int need = pp->rec[i].need;
    double pres = CS_CAP_HOURS(pp->rec[i].carer_cap) ? p->res_with_carer : p->res_no_carer;
    if (need >= p->res_level && u < pres) {
        pp->rec[i].svc = CS_SVC_RES_SELF;   /* placed after the council (placement.c) */
        pp->rec[i].pkg = 0;
    } else {
        double h = p->need_hours[need] - CS_CAP_HOURS(pp->rec[i].carer_cap);
        pp->rec[i].svc = h > 0 ? CS_SVC_HOME_SELF : CS_SVC_NONE;
        pp->rec[i].pkg = (uint8_t)(h > 0 ? cs_llround(h) : 0);
    }
    pp->rec[i].assessed = (uint8_t)need;
}

void cs_count_community(const struct cs_sim *s, uint32_t i, int64_t sg, struct cs_psum *ps)
{
    const struct cs_pop *pp = &s->pop;
    int nb = pp->rec[i].nbhd;
    if (pp->rec[i].ext & CS_X_CONNECTED) ps->n_mem[nb] += sg;
    else if (pp->rec[i].flags & CS_F_ISOLATED) ps->n_iso[nb] += sg;
}

static void die(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    pp->rec[i].flags &= (uint8_t)~CS_F_ALIVE;
    pp->rec[i].svc = CS_SVC_NONE;
    pp->rec[i].home = -1;
    pp->rec[i].ext &= (uint8_t)~(CS_X_HOSP | CS_X_REABLE | CS_X_DREF | CS_X_HOMESHARE | CS_X_RESIDENT);
    pp->wake[i] = CS_WAKE_NEVER;
    tb->ps.acc[CS_M_deaths]++;
}

static int needs_home_care_match(const struct cs_sim *s, uint32_t i)
{
    const struct cs_pop *pp = &s->pop;
    int svc = pp->rec[i].svc;
    if (svc != CS_SVC_HOME_COUNCIL && svc != CS_SVC_HOME_SELF) return 0;
    return pp->rec[i].prov < 0 || !s->mk.alive[pp->rec[i].prov];
}

/* Someone whose care home closed or whose Shared Lives carer left loses their
 * place; anyone with a care-home or Shared Lives decision and no place asks to
 * be placed (serially, after the council). Returns 1 while they wait. */
static int check_placement(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    int svc = pp->rec[i].svc;
    int32_t h = pp->rec[i].home;
    if (!cs_svc_res(svc) && svc != CS_SVC_SHARED_LIVES) {
        pp->rec[i].home = -1;
        pp->rec[i].ext &= (uint8_t)~CS_X_RESIDENT;
        return 0;
    }
    if (h >= 0 && !(svc == CS_SVC_SHARED_LIVES ? s->sl.alive[h] : s->homes.alive[h])) {
        pp->rec[i].home = h = -1;
        tb->ps.acc[CS_M_residents_displaced]++;
    }
    if (h >= 0) return 0;
    cs_push_req(tb, i, CS_REQ_PLACE);
    return 1;
}

/* In the last week of treatment, a person whose need is now eligible and more
 * than was last assessed is referred for a discharge assessment (they jump
 * any community waiting list: the hospital lane comes first). */
static void hospital_referral(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    uint8_t fl = pp->rec[i].flags;
    if (cs_placed(pp, i) || pp->rec[i].need < s->elig_level) return;
    if ((fl & CS_F_KNOWN) && pp->rec[i].need <= pp->rec[i].assessed) return;
    cs_push_req(tb, i, CS_REQ_DISCHARGE);
    pp->rec[i].ext |= CS_X_DREF;
    pp->rec[i].flags = fl | CS_F_QUEUED;
    pp->rec[i].since = (uint16_t)s->week;
    tb->ps.acc[CS_M_requests]++;
    tb->ps.acc[CS_M_requests_65plus] += pp->rec[i].age >= CS_AGE_65;
    tb->ps.acc[CS_M_discharge_requests]++;
}

/* A week in hospital. Returns 0 when the person leaves hospital this week (the
 * rest of their week then runs as at home), 1 when they stay (or die). After
 * the last week of treatment they leave as soon as nothing they need is
 * missing: an assessment, a home-care provider with room; every week they
 * wait is seven delayed bed-days. */
static int hospital_week(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, double u)
{
    struct cs_pop *pp = &s->pop;
    int sex = (pp->rec[i].flags & CS_F_FEMALE) ? 1 : 0, age = pp->rec[i].age < 111 ? pp->rec[i].age : 110;
    if (u < s->p_death[sex][age][pp->rec[i].need][cs_in_care_home(pp, i)]) { die(s, tb, i); return 1; }
    int unplaced = check_placement(s, tb, i);
    pp->rec[i].ext &= (uint8_t)~CS_X_HOMESHARE;   /* the homesharer moves on */
    if (s->week > pp->rec[i].ep_end || (pp->rec[i].ext & CS_X_REABLE)) {
        /* someone already on the community waiting list goes home to wait */
        int no_provider = needs_home_care_match(s, i);
        if (!(pp->rec[i].ext & CS_X_DREF) && !no_provider && !unplaced) { pp->rec[i].ext &= (uint8_t)~CS_X_HOSP; return 0; }
        tb->ps.acc[CS_M_delayed_discharge_bed_days] += 7;
        if (no_provider) { pp->rec[i].prov = -1; cs_push_req(tb, i, CS_REQ_MATCH); }
    } else if (s->week == pp->rec[i].ep_end) {
        hospital_referral(s, tb, i);
    }
    tb->ps.acc[CS_M_in_hospital]++;
    cs_count_community(s, i, 1, &tb->ps);
    return 1;
}

/* An emergency admission: a stay drawn in days (costed exactly) occupying
 * whole weeks; some people who already had care needs leave hospital with
 * higher need (onset of need is left to the onset rates). */
static void admit_to_hospital(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, int *need)
{
    struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_NHS, 0);
    double days = -log(cs_u01(r.v[0])) * p->nhs_stay[*need];
    int weeks = (int)ceil(days / 7.0);
    if (weeks < 1) weeks = 1;
    tb->ps.acc[CS_M_hospital_admissions]++;
    tb->ps.acc[CS_M_hospital_bed_days] += cs_llround(days * 100);
    if (*need > 0 && *need < CS_NEED_CRITICAL && cs_u01(r.v[1]) < p->nhs_decline) {
        (*need)++;
        tb->ps.acc[CS_M_need_progressions]++;
    }
    pp->rec[i].ext = (uint8_t)((pp->rec[i].ext | CS_X_HOSP) & ~CS_X_REABLE);
    pp->rec[i].ep_end = (uint16_t)(s->week + weeks - 1);
}

/* Homeshare: someone cs_hs_ok() may be matched with a homesharer (the
 * programme's weekly chance); a match ends at homeshare.end_rate, or when the
 * householder's need rises above moderate or they move into a placement.
 * u_match is the match draw of a quiet person at their wake-up week (see
 * person_events), or negative to draw it here. */
static void homeshare(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, uint8_t fl, double u_match)
{
    struct cs_pop *pp = &s->pop;
    int ok = cs_hs_ok(s, i, fl);
    if (pp->rec[i].ext & CS_X_HOMESHARE) {
        cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_SCHEMES, CS_SCHEMES_INDEX(CS_HS_S_END, 0));
        if (!ok || cs_u01(r.v[0]) < s->p_hs_end) pp->rec[i].ext &= (uint8_t)~CS_X_HOMESHARE;
        return;
    }
    if (!ok || s->hs.match_p_eligible <= 0) { tb->ps.hs_elig += ok; return; }
    tb->ps.hs_elig++;
    if (u_match < 0) {
        cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_SCHEMES, CS_SCHEMES_INDEX(CS_HS_S_MATCH, 0));
        u_match = cs_u01(r.v[0]);
    }
    if (u_match < s->hs.match_p_eligible) {
        pp->rec[i].ext |= CS_X_HOMESHARE;
        tb->hs_new++;
    }
}

void cs_event_chances(const struct cs_sim *s, uint32_t i, double link, double h[CS_EV_N])
{
    const struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    uint8_t fl = pp->rec[i].flags;
    int sex = (fl & CS_F_FEMALE) ? 1 : 0, age = pp->rec[i].age < 111 ? pp->rec[i].age : 110;
    int need = pp->rec[i].need, q = quint_of(s, i), iso = (fl & CS_F_ISOLATED) ? 1 : 0;
    int residential = cs_in_care_home(pp, i), connected = (pp->rec[i].ext & CS_X_CONNECTED) ? 1 : 0;
    /* home care from many different workers: decline is noticed later and
     * regained ability less often (home-care clients are never quiet, so the
     * scheduler's bounds need not cover it) */
    double d = need > 0 ? cs_discontinuity(s, i) : 0.0;
    h[CS_EV_DEATH] = s->p_death[sex][age][need][residential];
    h[CS_EV_UP] = need == 0 ? s->p_onset[age][q][iso]
                : need < CS_NEED_CRITICAL ? s->p_prog[need - 1][pp->rec[i].cond][q][iso][(fl & CS_F_UNMET) ? 1 : 0] *
                                            (connected ? p->comm_prog_hr : 1.0) * (1.0 + (p->cont_prog_hr - 1.0) * d)
                : 0.0;
    h[CS_EV_DOWN] = s->p_recover[need] * (1.0 + (p->cont_rec_hr - 1.0) * d);
    h[CS_EV_ISO] = iso ? s->p_iso_out
                 : s->p_iso_in[pp->rec[i].household == CS_HH_ALONE][need > 0][q] * (connected ? p->comm_iso_hr : 1.0) *
                   ((pp->rec[i].ext & CS_X_HOMESHARE) ? p->hs_iso_hr : 1.0);
    /* community: an isolated person may be linked to a group (by a connector,
     * or unaided where there is room); members may drift away */
    h[CS_EV_LINK] = iso && !connected ? link : 0.0;
    h[CS_EV_LEAVE] = connected ? s->p_comm_exit : 0.0;
    h[CS_EV_BREAK] = (CS_CAP_HOURS(pp->rec[i].carer_cap) && pp->rec[i].strain) ? s->p_break[pp->rec[i].strain] : 0.0;
    h[CS_EV_ADMIT] = s->p_admit[need] * ((fl & CS_F_UNMET) ? p->nhs_unmet_hr : 1.0);
    h[CS_EV_SPEND] = pp->rec[i].svc == CS_SVC_RES_SELF && residential ? s->p_spend_down : 0.0;
    /* largely unmet eligible need at home (at the status quo's threshold, so
     * the chance stays put while rationing moves the council's) */
    h[CS_EV_CRISIS] = (fl & CS_F_UNMET) && need >= p->elig_level && !residential && !cs_placed(pp, i)
                    ? s->p_unmet_crisis : 0.0;
}

double cs_request_chance(const struct cs_sim *s, uint32_t i, int *branch)
{
    const struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    uint8_t fl = pp->rec[i].flags;
    int need = pp->rec[i].need, svc = pp->rec[i].svc;
    double ratio = (fl & CS_F_MINORITY) ? p->minority_request : 1.0;
    if (svc == CS_SVC_HOME_COUNCIL || ((fl & CS_F_KNOWN) && svc == CS_SVC_NONE && pp->rec[i].wealth != CS_W_UPPER)) {
        *branch = 1;   /* a reassessment, when need has risen since the last one */
        return need > pp->rec[i].assessed ? s->p_reassess * ratio : 0.0;
    }
    if (svc == CS_SVC_NONE) {
        *branch = 2;   /* a first request (or a self-funder arranging care) */
        return (need >= p->elig_level ? s->p_request_hi : s->p_request_lo) * ratio;
    }
    *branch = 0;
    return 0.0;
}

/* Phase 2a: one person's events and requests this week. */
void cs_person_events(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, cs_ctr r, const struct cs_thin *thin)
{
    struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    int64_t *acc = tb->ps.acc;
    uint8_t fl = pp->rec[i].flags;
    int age = pp->rec[i].age < 111 ? pp->rec[i].age : 110, need = pp->rec[i].need, iso = (fl & CS_F_ISOLATED) ? 1 : 0;
    int svc = pp->rec[i].svc, residential = cs_in_care_home(pp, i);

    /* r: the draw (i, week, CS_P_WEEK, 0); events, a request, a Homeshare match */
    double u = cs_u01(r.v[0]), u_req = cs_u01(r.v[1]), u_match = -1;
    int cand = thin != NULL;
    double x = 0, he = 0, hr = 0;
    if (cand) {
        /* a quiet person's wake-up week: a candidate, drawn at weekly chance
         * H >= events + request + match (bounds). x = u·H picks an event, or
         * a request, or the Homeshare match, or (beyond their actual chances)
         * nothing; after an event the week goes on as usual (below) */
        he = thin->he;
        hr = thin->hr;
        x = u * thin->h;
        u = x < he ? x : INFINITY;
    }
    if ((pp->rec[i].ext & CS_X_HOSP) && hospital_week(s, tb, i, u)) return;

    /* the end of a reablement episode: need is one level lower if it worked,
     * and the team hands over to the council for any long-term care */
    if ((pp->rec[i].ext & CS_X_REABLE) && s->week > pp->rec[i].ep_end) {
        pp->rec[i].ext &= (uint8_t)~CS_X_REABLE;
        cs_ctr rr = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_NHS, 2);
        if (need > 0 && cs_u01(rr.v[0]) < p->reab_success) pp->rec[i].need = (uint8_t)--need;
        cs_push_req(tb, i, CS_REQ_REABLED);
        fl |= CS_F_QUEUED;
    }

    /* competing events: at most one per person per week */
    int nb = pp->rec[i].nbhd;
    double h[CS_EV_N];
    cs_event_chances(s, i, s->comm.link_p[nb] + s->comm.join_p[nb], h);
    double h_death = h[CS_EV_DEATH], h_up = h[CS_EV_UP], h_down = h[CS_EV_DOWN], h_iso = h[CS_EV_ISO];
    double h_link = h[CS_EV_LINK], h_leave = h[CS_EV_LEAVE], h_break = h[CS_EV_BREAK], h_admit = h[CS_EV_ADMIT];
    double h_spend = h[CS_EV_SPEND], h_crisis = h[CS_EV_CRISIS];

    double c = h_death;
    if (u < c) { die(s, tb, i); return; }
    int crisis = 0, ask = 0;
    /* a second block of draws, only for the rarer branches that need them */
    cs_ctr r2 = {{0, 0, 0, 0}};
    int have_r2 = 0;
#define R2(j) (have_r2 ? 0 : (r2 = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_WEEK, 1), have_r2 = 1), cs_u01(r2.v[j]))
    if (u < (c += h_up)) {
        if (need == 0) pp->rec[i].cond = (uint8_t)cs_pick(age < 65 ? p->cond_young : p->cond_old, CS_C_N, R2(0));
        need++;
        acc[CS_M_need_progressions]++;
        acc[CS_M_home_care_need_progressions] +=
            pp->rec[i].prov >= 0 && (svc == CS_SVC_HOME_COUNCIL || svc == CS_SVC_HOME_SELF);
    } else if (u < (c += h_down)) {
        need--;
    } else if (u < (c += h_iso)) {
        fl ^= CS_F_ISOLATED;
        iso ^= 1;
    } else if (u < (c += h_link)) {
        fl &= (uint8_t)~CS_F_ISOLATED;
        iso = 0;
        pp->rec[i].ext |= CS_X_CONNECTED;
    } else if (u < (c += h_leave)) {
        pp->rec[i].ext &= (uint8_t)~CS_X_CONNECTED;
    } else if (u < (c += h_break)) {
        acc[CS_M_carer_breakdowns]++;
        pp->rec[i].strain = 0;
        double back = -log(R2(1)) * p->carer_back;
        int wk = s->week + 1 + (int)back;
        pp->rec[i].carer_back = (uint16_t)(wk < 65535 ? wk : 65535);
        pp->rec[i].carer_cap = 0;
        crisis = 1;
    } else if (u < (c += h_admit)) {
        admit_to_hospital(s, tb, i, &need);
        pp->rec[i].need = (uint8_t)need;
        pp->rec[i].flags = fl;
        if (pp->rec[i].ep_end == s->week) hospital_referral(s, tb, i);
        acc[CS_M_in_hospital]++;
        cs_count_community(s, i, 1, &tb->ps);
        return;
    } else if (u < (c += h_spend)) {
        /* savings and any home spent down to the upper limit: the council takes over */
        pp->rec[i].wealth = CS_W_MIDDLE;
        fl &= (uint8_t)~CS_F_OWNER;
        ask = 1;
    } else if (u < (c += h_crisis)) {
        acc[CS_M_unmet_crises]++;
        crisis = 1;
    }
    pp->rec[i].need = (uint8_t)need;
    if (cand && !(u < c)) {   /* no event: a request, a match or nothing */
        u_req = x >= he && x < he + hr ? x - he : INFINITY;
        u_match = x >= he + hr ? x - he - hr : INFINITY;
    }

    /* self-funders at home adjust their own care as need changes */
    if (svc == CS_SVC_HOME_SELF || (svc == CS_SVC_NONE && pp->rec[i].wealth == CS_W_UPPER &&
                                     (fl & CS_F_KNOWN) && need != pp->rec[i].assessed)) {
        if (need != pp->rec[i].assessed) self_arrange(s, i, R2(2));
        svc = pp->rec[i].svc;
        residential = cs_in_care_home(pp, i);
    }

    /* requests for support; a carer breakdown makes a crisis even for someone
     * already on the waiting list (they move to the crisis lane) */
    if (crisis && need >= p->elig_level && !residential) {
        ask = 2;
    } else if (!(fl & CS_F_QUEUED) && !residential && need > 0) {
        int branch;
        pp->rec[i].flags = fl;   /* the chance reads the record */
        double chance = cs_request_chance(s, i, &branch);
        if (branch == 1) {
            if (u_req < chance) ask = 1;
        } else if (branch == 2 && u_req < chance) {
            if (pp->rec[i].wealth == CS_W_UPPER && need >= p->elig_level && cs_u01(r.v[2]) < p->self_arrange) {
                self_arrange(s, i, R2(3));
                fl |= CS_F_KNOWN;
                svc = pp->rec[i].svc;
                residential = cs_in_care_home(pp, i);
            } else {
                ask = 1;
            }
        }
    }
#undef R2
    if (ask == 2 || (ask && !(fl & CS_F_QUEUED))) {
        cs_push_req(tb, i, ask == 2 ? CS_REQ_CRISIS : CS_REQ_NEW);
        fl |= CS_F_QUEUED;
        pp->rec[i].since = (uint16_t)s->week;
        acc[CS_M_requests]++;
        acc[CS_M_requests_65plus] += pp->rec[i].age >= CS_AGE_65;
        if (ask == 2) acc[CS_M_crisis_requests]++;
    } else if ((svc == CS_SVC_HOME_COUNCIL || svc == CS_SVC_RES_COUNCIL || svc == CS_SVC_SHARED_LIVES) &&
               !(fl & CS_F_QUEUED) && pp->rec[i].review_at <= s->week) {
        cs_push_req(tb, i, CS_REQ_REVIEW);
    }

    /* home care: a client without a provider (a new package, or their provider
     * closed) asks to be matched; the others commit their provider's hours */
    if (svc == CS_SVC_HOME_COUNCIL || svc == CS_SVC_HOME_SELF) {
        int32_t pr = pp->rec[i].prov;
        if (pr >= 0 && !s->mk.alive[pr]) { pr = -1; pp->rec[i].prov = -1; }
        if (pr < 0) cs_push_req(tb, i, CS_REQ_MATCH);
        else tb->p_commit[pr] += cs_llround(pp->rec[i].pkg * p->mk_hour_factor[s->mk.type[pr]] * 100);
    } else if (pp->rec[i].prov >= 0) {
        pp->rec[i].prov = -1;
        pp->rec[i].ext &= (uint8_t)~CS_X_DP;
    }
    check_placement(s, tb, i);
    homeshare(s, tb, i, fl, u_match);
    pp->rec[i].flags = fl;
    cs_count_community(s, i, 1, &tb->ps);
}

double cs_discontinuity(const struct cs_sim *s, uint32_t i)
{
    const struct cs_person *r = &s->pop.rec[i];
    if (r->prov < 0 || r->cont_last == 0 || (r->ext & CS_X_HOSP) ||
        (r->svc != CS_SVC_HOME_COUNCIL && r->svc != CS_SVC_HOME_SELF))
        return 0.0;
    /* linear in the workers beyond the first, not capped at the reference:
     * a status-quo agency client already sees about ten (market.clients_extra_workers),
     * and a squeeze adds more; capped at twice the reference's effect */
    double d = (r->cont_last - 1) / (s->p->cont_ref - 1);
    return d < 0 ? 0 : d > 2 ? 2 : d;
}

/* Small Poisson draw by inversion (mean lam, a few at most). */
static int poisson_small(double lam, double u)
{
    double pk = exp(-lam), c = pk;
    int k = 0;
    while (u > c && k < 50) { k++; pk *= lam / k; c += pk; }
    return k;
}

/* The care person i receives this week (phase 2b, once every provider's
 * delivery ratio is known) and what it does to them: their provider's
 * delivery ratio, a homesharer's help, their unpaid carer, carer strain and
 * wellbeing, and where strain and wellbeing are heading (person_care writes
 * the results; the scheduler follows them while the person is quiet). */
void cs_care_received(const struct cs_sim *s, uint32_t i, struct cs_care *c)
{
    const struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    const struct cs_market *mk = &s->mk;
    int need = pp->rec[i].need, svc = pp->rec[i].svc, placed = cs_placed(pp, i);
    /* in a placement, in hospital or in reablement, the care home, the Shared
     * Lives carer, the NHS or the reablement team meets need; a home-care
     * package is held but not delivered while in hospital */
    int hosp = (pp->rec[i].ext & CS_X_HOSP) != 0, reable = (pp->rec[i].ext & CS_X_REABLE) != 0;
    int home = !hosp && (svc == CS_SVC_HOME_COUNCIL || svc == CS_SVC_HOME_SELF);
    int32_t pr = home ? pp->rec[i].prov : -1;
    c->pr = pr;
    c->hosp = hosp;
    c->placed = placed;

    double hneed = p->need_hours[need];
    double formal = placed || hosp || reable ? hneed : 0.0, paid = 0;
    c->rushed = 0;
    if (pr >= 0) {
        double r = mk->ratio[pr];
        /* a squeezed agency's visits are cut short: it is paid for the
         * hours, and part of the time meant for need goes on the road */
        double planned = (pp->rec[i].pkg < hneed ? pp->rec[i].pkg : hneed) * r;
        c->rushed = planned * p->mk_rush * mk->squeeze[pr];
        formal = planned - c->rushed;
        paid = pp->rec[i].pkg * p->mk_hour_factor[mk->type[pr]] * r;
    }
    /* a homesharer's help comes before the family's, and strains nobody */
    if ((pp->rec[i].ext & CS_X_HOMESHARE) && hneed > formal)
        formal += hneed - formal < p->hs_hours ? hneed - formal : p->hs_hours;
    double unpaid = 0, cap = hosp ? 0 : CS_CAP_HOURS(pp->rec[i].carer_cap);
    if (!placed && hneed > formal) {
        unpaid = hneed - formal;
        if (unpaid > cap) unpaid = cap;
    }
    double unmet = hneed - formal - unpaid;
    /* a carer living with the person also supervises and is on call: hours given
     * (and strain) include it, task hours that meet need do not */
    double given = unpaid;
    if (!placed && cap > 0 && (pp->rec[i].carer_cap & CS_CAP_CORESIDENT) && p->supervision[need] > 0) {
        /* the household's own factor: the same draw every week */
        double mixu = cs_u01(pp->rec[i].mix);
        given += p->supervision[need] * (1.0 + p->supervision_spread * (2.0 * mixu - 1.0));
    }
    c->paid = paid;
    c->unmet = unmet;
    c->given = given;
    c->unmet_flag = unmet * 2 > hneed && hneed > 0 ? CS_F_UNMET : 0;

    /* carer strain builds above the threshold and eases below it */
    long long step = given > p->strain_thr ? cs_llround(255 * p->strain_gain * (given - p->strain_thr))
                                           : -cs_llround(255 * p->strain_rec);
    c->strain_step = step < -255 ? -255 : step > 255 ? 255 : (int)step;   /* the same at the ends */
    int st = pp->rec[i].strain + c->strain_step;
    c->strain = st < 0 ? 0 : st > 255 ? 255 : st;

    /* wellbeing drifts towards the level this week's circumstances support */
    int iso = (pp->rec[i].flags & CS_F_ISOLATED) ? 1 : 0, residential = cs_in_care_home(pp, i);
    double target = p->wb_base - p->wb_need * need - (hneed > 0 ? p->wb_unmet * unmet / hneed : 0) -
                    p->wb_iso * iso - (pr >= 0 ? p->wb_cont * cs_discontinuity(s, i) : 0) -
                    (residential ? p->wb_res * (s->homes.small[pp->rec[i].home] ? p->hm_small_wb : 1.0) : 0);
    int tw = (int)cs_llround(255 * (target < 0 ? 0 : target > 1 ? 1 : target));
    c->wb_target = tw;
    c->wellbeing = cs_wb_step(pp->rec[i].wellbeing, tw);
}

/* What person i adds, times sg, to the week's sums of people, need, unmet
 * need, unpaid care, isolation and wellbeing, after their care c has been
 * written to their record. */
void cs_person_sums(const struct cs_sim *s, uint32_t i, const struct cs_care *c, int64_t sg, struct cs_psum *ps)
{
    const struct cs_pop *pp = &s->pop;
    uint8_t fl = pp->rec[i].flags;
    int64_t w = c->wellbeing;
    int q = s->nbhd[pp->rec[i].nbhd].quintile;
    int64_t *acc = ps->acc;
    acc[CS_M_people_alive] += sg;
    if (pp->rec[i].age >= CS_AGE_65) {
        int need = pp->rec[i].need != 0, age = pp->rec[i].age;
        acc[CS_M_people_65plus] += sg;
        acc[CS_M_people_65plus_with_need] += sg * need;
        if (age >= CS_AGE_75) {
            acc[CS_M_people_75plus] += sg;
            acc[CS_M_people_75plus_with_need] += sg * need;
            if (age >= CS_AGE_85) {
                acc[CS_M_people_85plus] += sg;
                acc[CS_M_people_85plus_with_need] += sg * need;
            }
        }
    }
    ps->by_need[pp->rec[i].need] += sg;   /* with need, and eligible: at the reduction */
    if (c->unmet > 0) {
        acc[CS_M_unmet_need_people] += sg;
        acc[CS_M_unmet_need_hours] += sg * (int64_t)cs_llround(c->unmet * 100);
    }
    if (c->given > 0) {
        acc[CS_M_unpaid_carers] += sg;
        if (c->given >= 50) acc[CS_M_unpaid_carers_50h] += sg;
        else if (c->given >= 20) acc[CS_M_unpaid_carers_20_49h] += sg;
        acc[CS_M_unpaid_care_hours] += sg * (int64_t)cs_llround(c->given * 100);
        ps->strain_sum += sg * c->strain;
        ps->strain_n += sg;
    }
    if (fl & CS_F_ISOLATED) acc[CS_M_isolated_share] += sg;
    acc[CS_M_wellbeing_mean] += sg * w;
    if (q == 0) { ps->wb_sum[0][0] += sg * w; ps->wb_sum[0][1] += sg; }
    if (q == 4) { ps->wb_sum[1][0] += sg * w; ps->wb_sum[1][1] += sg; }
    if (fl & CS_F_MINORITY) { ps->minority_wb += sg * w; ps->minority_n += sg; }
    if (!c->hosp && !c->placed) acc[CS_M_living_at_home] += sg;
}

/* Returns 1 when this week's care left the person's unmet need as it was,
 * with that care in *out (their wellbeing and their carer's strain may still
 * be on their way to where the same care leads: sched.c follows them while
 * they are quiet). */
int cs_person_care(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t i, const int64_t *price,
                       const cs_ctr *r_cont, struct cs_care *out)
{
    struct cs_pop *pp = &s->pop;
    const struct cs_params *p = s->p;
    const struct cs_market *mk = &s->mk;
    int64_t *acc = tb->ps.acc;
    int svc = pp->rec[i].svc, residential = cs_in_care_home(pp, i);
    struct cs_care c;
    cs_care_received(s, i, &c);
    int hosp = c.hosp, placed = c.placed, reable = (pp->rec[i].ext & CS_X_REABLE) != 0;
    int32_t pr = c.pr;
    double paid = c.paid;
    int settled = c.unmet_flag == (pp->rec[i].flags & CS_F_UNMET);
    *out = c;
    pp->rec[i].strain = (uint8_t)c.strain;
    pp->rec[i].wellbeing = (uint8_t)c.wellbeing;
    pp->rec[i].flags = (uint8_t)((pp->rec[i].flags & ~CS_F_UNMET) | c.unmet_flag);
    cs_person_sums(s, i, &c, 1, &tb->ps);

    /* continuity: distinct workers seen in 12-week windows */
    if (pr >= 0) {
        cs_ctr r = *r_cont;
        if (s->week % 12 == 0) { pp->rec[i].cont_last = pp->rec[i].cont; pp->rec[i].cont = 0; }
        int seen = pp->rec[i].cont;
        const struct cs_plist *st = &mk->staff[pr];
        if (pp->rec[i].primary < 0 || mk->w_prov[pp->rec[i].primary] != pr || seen == 0) {
            if (st->n > 0) {
                pp->rec[i].primary = st->w[(uint32_t)(cs_u01(r.v[0]) * st->n)];
                seen++;
            } else {
                pp->rec[i].primary = -1;
            }
        }
        /* rota churn, tighter where an agency is squeezing costs */
        if (st->n > 1)
            seen += poisson_small(p->mk_extra[mk->type[pr]] * mk->ratio[pr] * (1 + mk->squeeze[pr]), cs_u01(r.v[1]));
        pp->rec[i].cont = (uint8_t)(seen > 255 ? 255 : seen);
        if (pp->rec[i].cont_last) { tb->cont_sum += pp->rec[i].cont_last; tb->cont_n++; }
    }

    if (pp->rec[i].ext & CS_X_HOMESHARE) acc[CS_M_homeshare_matches]++;
    if (reable) {
        acc[CS_M_in_reablement]++;
        acc[CS_M_council_spend_reablement] += price[3];
    }
    int64_t cost, charge, hp = pr >= 0 ? (int64_t)cs_llround(paid * 100) : 0;
    /* a placement is kept and paid for while its resident is in hospital (and
     * counted in its home's or carer's recount); someone still waiting for a
     * bed or a match pays nothing yet */
    int bill = hosp && !placed ? CS_SVC_NONE : svc;
    int32_t h = pp->rec[i].home;
    if (placed) {
        if (svc == CS_SVC_SHARED_LIVES) tb->sl_used[h]++;
        else { tb->h_occ[h]++; tb->h_council[h] += svc == CS_SVC_RES_COUNCIL; }
    } else if (cs_svc_res(svc) || svc == CS_SVC_SHARED_LIVES) {
        acc[CS_M_awaiting_placement]++;
        bill = CS_SVC_NONE;
    }
    int nursing = residential && s->homes.nursing[h];
    /* council-funded long-term support: counted once a reported year per person */
    int aged65 = pp->rec[i].age >= CS_AGE_65;
    if ((bill == CS_SVC_HOME_COUNCIL || bill == CS_SVC_RES_COUNCIL || bill == CS_SVC_SHARED_LIVES) &&
        pp->rec[i].lts_year != s->lts_stamp) {
        pp->rec[i].lts_year = s->lts_stamp;
        acc[CS_M_long_term_support_ytd]++;
        acc[CS_M_long_term_support_ytd_65plus] += aged65;
    }
    int by_age = aged65 ? CS_M_long_term_spend_65plus : CS_M_long_term_spend_18_64;
    switch (bill) {
    case CS_SVC_HOME_COUNCIL:
        acc[CS_M_receiving_home_care]++;
        acc[CS_M_council_home_care]++;
        if (pr < 0) { acc[CS_M_home_care_unplaced]++; break; }
        if (pp->rec[i].ext & CS_X_DP) acc[CS_M_on_direct_payment]++;
        cost = hp * price[(pp->rec[i].ext & CS_X_DP) ? 2 : 0] / 100;
        acc[by_age] += cost;
        charge = pp->rec[i].wealth == CS_W_MIDDLE ? (int64_t)cs_llround(cost * p->contribution) : 0;
        acc[CS_M_council_spend_home_care] += cost - charge;
        acc[CS_M_client_charges] += charge;
        acc[CS_M_home_care_hours_delivered] += hp;
        acc[CS_M_home_care_rushed_hours] += cs_llround(c.rushed * 100);
        tb->p_rev[pr] += cost;
        tb->p_hours[pr] += hp;
        tb->p_clients[pr]++;
        break;
    case CS_SVC_HOME_SELF:
        acc[CS_M_receiving_home_care]++;
        acc[CS_M_self_funders]++;
        if (pr < 0) { acc[CS_M_home_care_unplaced]++; break; }
        cost = hp * price[1] / 100;
        acc[CS_M_self_funder_spend] += cost;
        acc[CS_M_home_care_hours_delivered] += hp;
        acc[CS_M_home_care_rushed_hours] += cs_llround(c.rushed * 100);
        tb->p_rev[pr] += cost;
        tb->p_hours[pr] += hp;
        tb->p_clients[pr]++;
        break;
    case CS_SVC_RES_COUNCIL:
        if (!hosp) { acc[CS_M_in_residential_care]++; acc[CS_M_in_nursing_care] += nursing; }
        acc[CS_M_council_residential]++;
        cost = PENCE(cs_homes_fee(&s->homes, p, h, 1));
        acc[by_age] += cost;
        charge = pp->rec[i].wealth == CS_W_MIDDLE ? (int64_t)cs_llround(cost * p->contribution) : 0;
        acc[CS_M_council_spend_residential] += cost - charge;
        acc[CS_M_client_charges] += charge;
        break;
    case CS_SVC_RES_SELF:
        if (!hosp) { acc[CS_M_in_residential_care]++; acc[CS_M_in_nursing_care] += nursing; }
        acc[CS_M_self_funders]++;
        acc[CS_M_self_funder_spend] += PENCE(cs_homes_fee(&s->homes, p, h, 0));
        break;
    case CS_SVC_SHARED_LIVES:
        /* the council pays the carer's fee through the scheme (module cost) */
        if (!hosp) acc[CS_M_in_shared_lives]++;
        break;
    default:
        break;
    }
    return settled;
}
