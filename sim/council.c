/*
 * council.c — the council's weekly cycle: requests reach the front door, wait
 * for an assessment limited by social-worker hours (crisis cases first), are
 * assessed against the eligibility threshold in force, means-tested, and given
 * a care plan; council-funded plans are reviewed. Spend is tracked against the
 * budget, and an explicit rationing rule (cs_params rationing.*) tightens the
 * threshold, withdraws assessment capacity and trims packages when projected
 * spend exceeds the budget, and relaxes them when it falls back.
 * Runs serially, in a fixed order, so it is deterministic.
 */
#include "cs_model.h"
#include "model_internal.h"
#include "cs_calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, uint32_t *cap, size_t elem, uint32_t head, uint32_t len)
{
    /* unroll the circular buffer into a larger one */
    uint32_t nc = *cap ? *cap * 2 : 1024;
    char *q = malloc((size_t)nc * elem);
    if (!q) { perror("caresim: out of memory"); exit(3); }
    for (uint32_t k = 0; k < len; k++)
        memcpy(q + (size_t)k * elem, (char *)p + (size_t)((head + k) % *cap) * elem, elem);
    free(p);
    *cap = nc;
    return q;
}

static void q_push(struct cs_sim *s, struct cs_request r)
{
    if (s->q_len == s->q_cap) {
        s->queue = grow(s->queue, &s->q_cap, sizeof *s->queue, s->q_head, s->q_len);
        s->q_head = 0;
    }
    s->queue[(s->q_head + s->q_len++) % s->q_cap] = r;
}

static void lane_push(struct cs_lane *l, uint32_t id)
{
    if (l->len == l->cap) {
        l->id = grow(l->id, &l->cap, sizeof *l->id, l->head, l->len);
        l->head = 0;
    }
    l->id[(l->head + l->len++) % l->cap] = id;
}

static uint32_t lane_pop(struct cs_lane *l)
{
    uint32_t id = l->id[l->head];
    l->head = (l->head + 1) % l->cap;
    l->len--;
    return id;
}

void cs_council_assess(struct cs_sim *s, uint32_t i, int how)
{
    const struct cs_params *p = s->p;
    struct cs_person *rec = cs_touch(s, i);   /* (someone quiet on the waiting list) */
    int need = rec->need;
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_COUNCIL, 0);
    rec->flags |= CS_F_KNOWN;
    rec->flags &= (uint8_t)~CS_F_QUEUED;
    rec->assessed = (uint8_t)need;
    rec->review_at = (uint16_t)(s->week + p->review_weeks);
    if (how & CS_ASSESS_COUNTED) s->m[CS_M_assessments]++;

    if (need < s->elig_level) {
        /* not eligible: information and advice; council-funded care ends */
        if (rec->svc == CS_SVC_HOME_COUNCIL) { rec->svc = CS_SVC_NONE; rec->pkg = 0; }
        if ((rec->flags & CS_F_ISOLATED) && cs_u01(r.v[2]) < p->advice_connect)
            rec->flags &= (uint8_t)~CS_F_ISOLATED;
        return;
    }
    int owner_counts = (rec->flags & CS_F_OWNER) && rec->partner < 0;
    /* the home counts unless a partner lives in it; a spent-down resident
     * no longer owns it (see the spend-down event) */
    int self = rec->wealth == CS_W_UPPER || owner_counts;
    double pres = CS_CAP_HOURS(rec->carer_cap) ? p->res_with_carer : p->res_no_carer;
    /* a council over budget holds back the places it would pay for */
    if (!self) pres *= fmax(0.0, 1.0 - p->ration_res_cut * s->ration_level);
    /* decided in a crisis, a care home more often */
    if (how & CS_ASSESS_CRISIS) pres = fmin(1.0, pres * p->crisis_res_hr);
    int was_res = cs_svc_res(rec->svc) || rec->svc == CS_SVC_SHARED_LIVES;
    if (was_res || (need >= p->res_level && cs_u01(r.v[0]) < pres)) {
        /* a Shared Lives placement stays council-arranged */
        if (rec->svc != CS_SVC_SHARED_LIVES) rec->svc = self ? CS_SVC_RES_SELF : CS_SVC_RES_COUNCIL;
        rec->pkg = 0;
        return;
    }
    double h = p->need_hours[need] - CS_CAP_HOURS(rec->carer_cap);
    if (h <= 0) { rec->svc = CS_SVC_NONE; rec->pkg = 0; return; }  /* carer covers it */
    if (rec->wealth == CS_W_UPPER) {
        rec->svc = CS_SVC_HOME_SELF;
        rec->pkg = (uint8_t)lround(h);
        return;
    }
    double cut = 1.0 - p->ration_pkg_cut * s->ration_level;
    h *= cut > 0 ? cut : 0;
    long hours = lround(h);
    rec->svc = hours > 0 ? CS_SVC_HOME_COUNCIL : CS_SVC_NONE;
    rec->pkg = (uint8_t)(hours > 255 ? 255 : hours);
}

/* Assess, and arrange a new home-care package straight away: the match is
 * tried this week (the market runs after the council) rather than next. The
 * request goes at the end of the last thread's list, which is the same list
 * position whatever the thread count. */
static void arrange(struct cs_sim *s, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    int svc = pp->rec[i].svc;
    if ((svc == CS_SVC_HOME_COUNCIL || svc == CS_SVC_HOME_SELF) && pp->rec[i].prov < 0)
        cs_push_req(&s->tb[s->n_threads - 1], i, CS_REQ_MATCH);
    if ((cs_svc_res(svc) || svc == CS_SVC_SHARED_LIVES) && pp->rec[i].home < 0)
        cs_push_req(&s->tb[s->n_threads - 1], i, CS_REQ_PLACE);
}

static void assess_and_arrange(struct cs_sim *s, uint32_t i, int how)
{
    cs_council_assess(s, i, CS_ASSESS_COUNTED | how);
    arrange(s, i);
}

/* Someone medically fit to leave hospital with new or higher need: reablement
 * first when a place is free (free to the person, whatever their means), so
 * they can go home next week; otherwise a Care Act assessment, and they wait in
 * hospital until what it arranges is in place. */
static void discharge_assess(struct cs_sim *s, uint32_t i)
{
    const struct cs_params *p = s->p;
    struct cs_pop *pp = &s->pop;
    int svc = pp->rec[i].svc;
    /* The places are a whole number: the fraction of a place is there with
     * probability equal to it (one draw a run), so a sample's expected places
     * are its share of the place's at any scale (truncating gave a small
     * council's sample none at all). A draw a week instead would let people
     * admitted in a week with the extra place stay on in weeks without it:
     * with demand beyond the places, 1.6 times the expected use. */
    double x = p->reab_places * s->initial_people / 1e5;
    cs_ctr rp = cs_rng_draw4(s->key, UINT32_MAX, 0, CS_P_NHS, 3);
    int places = (int)floor(x) + (cs_u01(rp.v[0]) < x - floor(x));
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_NHS, 1);
    if (s->reab_used + 1 <= places && cs_u01(r.v[0]) < p->reab_offer &&
        svc == CS_SVC_NONE && pp->rec[i].need > 0) {
        s->reab_used += 1;
        struct cs_person *rec = cs_touch(s, i);
        rec->ext |= CS_X_REABLE;
        rec->ep_end = (uint16_t)(s->week + p->reab_weeks);   /* home next week for reab_weeks */
        rec->flags = (uint8_t)((rec->flags | CS_F_KNOWN) & ~CS_F_QUEUED);
        rec->assessed = rec->need;
        s->m[CS_M_assessments]++;
        s->m[CS_M_reablement_started]++;
        return;
    }
    assess_and_arrange(s, i, 0);
}

/* The reablement team's own assessment at the end of an episode (no social
 * worker time): long-term care if need remains, none if it does not. */
static void end_reablement(struct cs_sim *s, uint32_t i)
{
    struct cs_pop *pp = &s->pop;
    if (!(pp->rec[i].flags & CS_F_ALIVE)) return;
    cs_council_assess(s, i, 0);   /* also takes them off the waiting list */
    s->m[CS_M_reablement_completed]++;
    if (pp->rec[i].svc == CS_SVC_NONE) s->m[CS_M_reablement_independent]++;
    arrange(s, i);
}

/* People with eligible need known to the council at the start are given the
 * care an assessment would give them, without using this week's capacity. */
void cs_council_init(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    struct cs_pop *pp = &s->pop;
    s->elig_level = p->elig_level;
    s->ration_level = 0;
    s->budget_year = p->budget_gbp * p->scale;   /* a sample carries its share */
    cs_phase_carers(s, 0, pp->n);   /* carer availability for the initial decisions */
    for (uint32_t i = 0; i < pp->n; i++) {
        if (pp->rec[i].need < p->elig_level) continue;
        cs_ctr r = cs_rng_draw4(s->key, i, 0, CS_P_INIT_SETTING, 0);
        if (cs_u01(r.v[0]) >= p->init_known) continue;
        cs_council_assess(s, i, 0);
        /* spread first reviews over the year */
        cs_touch(s, i)->review_at = (uint16_t)(r.v[1] % (uint32_t)p->review_weeks);
    }
}

void cs_council_free(struct cs_sim *s)
{
    free(s->queue);
    free(s->crisis.id);
    free(s->hospital.id);
    s->queue = NULL;
    memset(&s->crisis, 0, sizeof s->crisis);
    memset(&s->hospital, 0, sizeof s->hospital);
}

static void rationing(struct cs_sim *s, int64_t week_spend_p)
{
    const struct cs_params *p = s->p;
    int rw = cs_report_week(s);
    if (!p->ration_on || rw < 0 || s->budget_year <= 0) return;
    if (rw % p->ration_period != 0) return;
    int weeks_left = cs_cal_fy_first_week(cs_cal_fy(rw) + 1) - 1 - rw;   /* after this one */
    double projected = s->spend_ytd_p / 100.0 + week_spend_p / 100.0 * weeks_left;
    if (projected > s->budget_year * (1 + p->ration_trigger) && s->ration_level < p->ration_max)
        s->ration_level++;
    else if (projected < s->budget_year * (1 - p->ration_release) && s->ration_level > 0)
        s->ration_level--;
    int e = p->elig_level + (s->ration_level >= p->ration_thr_level ? 1 : 0);
    s->elig_level = e > CS_NEED_CRITICAL ? CS_NEED_CRITICAL : e;
}

/* Community Connect: a conversation about community support before any formal
 * assessment, for people below substantial need. It links the person to a
 * community group where one has a place; only someone who is linked (now or
 * before) can have their request resolved by it, at the share whose need that
 * support meets (issue 23: it resolves only what it resolves). Returns 1 when
 * the request is resolved without joining the waiting list; the others stay
 * on it, and anyone whose need later rises asks again. */
static int connect_first(struct cs_sim *s, uint32_t i)
{
    const struct cs_params *p = s->p;
    struct cs_pop *pp = &s->pop;
    if (p->connect_first <= 0 || pp->rec[i].need >= CS_NEED_SUBSTANTIAL) return 0;
    cs_ctr r = cs_rng_draw4(s->key, i, (uint32_t)s->week, CS_P_COUNCIL, 1);
    if (cs_u01(r.v[0]) >= p->connect_first) return 0;
    int nb = pp->rec[i].nbhd;
    if (!(pp->rec[i].ext & CS_X_CONNECTED) && s->comm.spare[nb] >= 1) {
        struct cs_person *rec = cs_touch(s, i);   /* (quiet since asking this week) */
        s->comm.spare[nb] -= 1;   /* the place is taken until next week's count */
        rec->ext |= CS_X_CONNECTED;
        rec->flags &= (uint8_t)~CS_F_ISOLATED;
    }
    if (!(pp->rec[i].ext & CS_X_CONNECTED) || cs_u01(r.v[1]) >= p->connect_resolve) return 0;
    struct cs_person *rec = cs_touch(s, i);
    rec->flags &= (uint8_t)~CS_F_QUEUED;
    rec->flags |= CS_F_KNOWN;
    rec->assessed = rec->need;
    s->m[CS_M_connect_before_assess]++;
    return 1;
}

/* Reviews due this week (left in the thread lists by phase 2, in id order),
 * half an assessment each, resuming at (*t, *k). Returns capacity left. */
static double do_reviews(struct cs_sim *s, double cap, uint32_t *t, uint32_t *k)
{
    struct cs_pop *pp = &s->pop;
    for (; *t < (uint32_t)s->n_threads; (*t)++, *k = 0) {
        struct cs_thread_buf *tb = &s->tb[*t];
        for (; *k < tb->n_req; (*k)++) {
            if (cap < 0.5) return cap;
            if (tb->req[*k].kind != CS_REQ_REVIEW) continue;
            uint32_t id = tb->req[*k].id;
            if (!(pp->rec[id].flags & CS_F_ALIVE) || (pp->rec[id].flags & CS_F_QUEUED)) continue;
            cs_council_assess(s, id, 0);
            /* lowest-cost tendering re-tenders a package at its review: a
             * provider whose cost is above the price loses it */
            int32_t pr = pp->rec[id].prov;
            if (pp->rec[id].svc == CS_SVC_HOME_COUNCIL && pr >= 0 && s->mk.alive[pr] &&
                !cs_market_council_ok(s, pr)) {
                cs_touch(s, id)->prov = -1;
                s->m[CS_M_packages_retendered]++;
                arrange(s, id);
            }
            s->m[CS_M_reviews]++;
            cap -= 0.5;
        }
    }
    return cap;
}

/* The k-th id waiting in lane l: the hospital (0) and crisis (1) lanes, or
 * the queue of new requests (2); k is below the lane's length, so the ring
 * wraps at most once (a subtraction, where a division cost more than the
 * rest of the count). */
static uint32_t waiting_id(const struct cs_sim *s, const struct cs_lane *ln, int l, uint32_t k)
{
    uint32_t cap = l < 2 ? ln->cap : s->q_cap, at = (l < 2 ? ln->head : s->q_head) + k;
    at -= at >= cap ? cap : 0;
    return l < 2 ? ln->id[at] : s->queue[at].id;
}

/* Social workers in post this week (FTE): rationing holds posts vacant,
 * which cuts capacity and cost. */
static double sw_fte(const struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    double cut = 1.0 - p->ration_assess_cut * s->ration_level;
    if (cut < 0) cut = 0;
    return p->sw_per_100k * s->initial_people / 1e5 * cut;
}

/* The cost of fte of them for a week, in pence. */
static int64_t assess_pence(const struct cs_sim *s, double fte)
{
    return (int64_t)llround(fte * s->p->sw_cost / 52.0 * 100.0);
}

/* The financial year whose real-terms budget the published rule stands on
 * (2023-24: ASC-FR's latest national figures, the model's price base). */
#define BUDGET_FY 2023

/* A financial year's budget (or, at week 0, the rest of the first dated
 * one's). The level is the rule's: the place's published budget (a sample
 * carries its share), the spend the spin-up settled at, or budget_gbp; it
 * holds its 2023-24 real value in every year up to 2023-24 and grows by
 * budget_growth in each one after, with the growth in force in that year (a
 * lever: the status quo's, then the scenario's); budget_cover scales it. Every
 * lever is read afresh each year, so a scenario's take effect from the first
 * financial year they are in force. */
static void budget_year_start(struct cs_sim *s, int rw, int64_t assess_p)
{
    const struct cs_params *p = s->p;
    int fy = cs_cal_fy(rw);
    if (rw == 0) {
        int w = p->warmup_weeks < 13 ? p->warmup_weeks : 13;
        double weekly = w > 0 ? s->warmup_spend_p / 100.0 / w : (s->last_week_spend_p + assess_p) / 100.0;
        s->budget_settled = weekly * 52;
        s->budget_grown = 1;
    } else if (fy > BUDGET_FY) {
        s->budget_grown *= 1 + p->budget_growth;
    }
    double level = p->budget_gbp > 0                     ? p->budget_gbp * p->scale
                   : strcmp(p->budget_rule, "settled") == 0 ? s->budget_settled
                                                           : s->place->in.budget_gbp * p->scale;
    s->budget_core = level * s->budget_grown * p->budget_cover;
    /* the down-payment grant tops the budget up for its first grant_years
     * financial years, counted from the first with a grant (a lever: the
     * scenario's first) */
    if (p->grant_gbp > 0 && s->grant_fy0 == 0) s->grant_fy0 = fy;
    s->grant_year = p->grant_gbp > 0 && fy - s->grant_fy0 < p->grant_years ? p->grant_gbp * p->scale : 0;
    s->budget_year = s->budget_core + s->grant_year;
}

void cs_council_week(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    struct cs_pop *pp = &s->pop;
    int rw = cs_report_week(s);
    double fte = sw_fte(s);
    int64_t assess_p = assess_pence(s, fte);

    /* the budget year is the financial year: spending starts again at each
     * one's first week (the spin-up's last weeks stand for April to June 2020,
     * the start of the first dated financial year), and its budget is set then
     * and at the first dated week */
    int new_fy = cs_cal_fy(rw) != cs_cal_fy(rw - 1);
    if (new_fy) s->spend_ytd_p = 0;
    if (rw == 0 || (rw > 0 && new_fy)) budget_year_start(s, rw, assess_p);

    /* front door: requests in id order (each thread's list is in id order and
     * threads own consecutive blocks) */
    for (int t = 0; t < s->n_threads; t++) {
        struct cs_thread_buf *tb = &s->tb[t];
        for (uint32_t k = 0; k < tb->n_req; k++) {
            struct cs_request r = tb->req[k];
            if (r.kind == CS_REQ_DISCHARGE) lane_push(&s->hospital, r.id);
            else if (r.kind == CS_REQ_CRISIS) lane_push(&s->crisis, r.id);
            else if (r.kind == CS_REQ_REABLED) end_reablement(s, r.id);
            else if (r.kind == CS_REQ_NEW && !connect_first(s, r.id)) q_push(s, r);
            /* reviews stay in the thread lists and use what capacity is left */
        }
    }

    /* assessment capacity this week, with the fractional part carried over */
    double cap = fte * p->sw_hours * p->sw_productive / p->assess_hours + s->capacity_carry;
    while (cap >= 1 && s->hospital.len) {
        uint32_t id = lane_pop(&s->hospital);
        if (!(pp->rec[id].flags & CS_F_ALIVE) || !(pp->rec[id].ext & CS_X_DREF)) continue;
        cs_touch(s, id)->ext &= (uint8_t)~CS_X_DREF;
        discharge_assess(s, id);
        cap -= 1;
    }
    while (cap >= 1 && s->crisis.len) {
        uint32_t id = lane_pop(&s->crisis);
        if (!(pp->rec[id].flags & CS_F_ALIVE)) continue;
        assess_and_arrange(s, id, CS_ASSESS_CRISIS);
        cap -= 1;
    }
    /* reviews first up to their reserved share, then new requests, then any
     * further reviews with what is left */
    double review_cap = cap * p->review_share;
    cap -= review_cap;
    uint32_t rt = 0, rk = 0;   /* position in the review lists */
    review_cap = do_reviews(s, review_cap, &rt, &rk);
    cap += review_cap;
    while (cap >= 1 && s->q_len) {
        struct cs_request r = s->queue[s->q_head];
        s->q_head = (s->q_head + 1) % s->q_cap;
        s->q_len--;
        if (!(pp->rec[r.id].flags & CS_F_ALIVE)) continue;
        if (!(pp->rec[r.id].flags & CS_F_QUEUED)) continue;   /* already assessed in another lane */
        assess_and_arrange(s, r.id, 0);
        cap -= 1;
    }
    cap = do_reviews(s, cap, &rt, &rk);
    /* unused capacity is not banked beyond a week's worth of fractions */
    s->capacity_carry = cap < 1 ? cap : 0;
}

void cs_council_close(struct cs_sim *s)
{
    const struct cs_pop *pp = &s->pop;
    int rw = cs_report_week(s);
    int64_t assess_p = assess_pence(s, sw_fte(s));   /* as in the week: rationing comes below */

    /* waiting list: thousands of people scattered over the population, so
     * each record is asked for well ahead of its use (a miss per person was
     * most of the council's week); the weeks waited are whole numbers, summed
     * exactly */
    int64_t wait = 0;
    uint32_t waiting = 0;
    for (int l = 0; l < 3; l++) {
        const struct cs_lane *ln = l == 0 ? &s->hospital : &s->crisis;
        uint32_t len = l < 2 ? ln->len : s->q_len;
        enum { AHEAD = 16 };
        for (uint32_t k = 0; k < len; k++) {
            if (k + AHEAD < len) __builtin_prefetch(&pp->rec[waiting_id(s, ln, l, k + AHEAD)]);
            uint32_t id = waiting_id(s, ln, l, k);
            if ((pp->rec[id].flags & CS_F_ALIVE) && (pp->rec[id].flags & CS_F_QUEUED)) { wait += s->week - pp->rec[id].since; waiting++; }
        }
    }
    s->m[CS_M_waiting_list] = waiting;
    s->m[CS_M_wait_weeks_mean] = waiting ? (double)wait / waiting : 0;

    /* money */
    s->m[CS_M_council_spend_assessment] = assess_p / 100.0;
    int64_t week_spend = s->last_week_spend_p + assess_p;
    s->m[CS_M_council_spend] = week_spend / 100.0;
    if (rw < 0 && rw >= -13) s->warmup_spend_p += week_spend;
    s->spend_ytd_p += week_spend;   /* reset at each financial year's start */
    rationing(s, week_spend);
    s->m[CS_M_council_budget] = s->budget_year / 52.0;
    s->m[CS_M_reform_grant] = rw >= 0 ? s->grant_year / 52.0 : 0;
    s->m[CS_M_eligibility_level] = s->elig_level;
    s->m[CS_M_rationing_level] = s->ration_level;
}
