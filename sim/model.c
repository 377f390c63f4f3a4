/*
 * model.c — the weekly step of one council's population, and the only
 * place that knows the order of things: year-start ageing (sched.c),
 * entrants (population.c) and life-table normalisation (person.c); the
 * community's and placements' week; phase 1 (unpaid care available) and
 * phases 2a and 2b (each person's events, then the care they receive:
 * person.c) over the people due (sched.c), shared between the threads;
 * the reduction into the week's metrics; then the council (council.c),
 * placements and matching (placement.c, market.c) and the market's week.
 * It calls the mechanisms; none of them calls back (docs/architecture.md).
 */
#include "cs_model.h"
#include "cs_calendar.h"
#include "model_internal.h"
#include "cs_need.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif


/* Ask for the record of the person `ahead` places on in a list of due
 * people: they are spread over every id, so each record is a cache miss that
 * the loop would otherwise wait for. Always inlined: gcc finds a function
 * whose only effect is a prefetch "pure" and drops calls to it. */
#define PREFETCH static inline __attribute__((always_inline))
enum { AHEAD = 8 };
PREFETCH void prefetch_due(const struct cs_sim *s, const uint32_t *due, uint32_t k, uint32_t n)
{
    if (k + AHEAD < n) __builtin_prefetch(&s->pop.rec[due[k + AHEAD]]);
}

/* ... and their partner's (by then their own record has arrived) */
PREFETCH void prefetch_partner(const struct cs_sim *s, const uint32_t *due, uint32_t k, uint32_t n)
{
    if (k + AHEAD / 2 < n && s->pop.rec[due[k + AHEAD / 2]].partner >= 0)
        __builtin_prefetch(&s->pop.rec[s->pop.rec[due[k + AHEAD / 2]].partner]);
}

/* The people of ids [lo, hi) due this week (active, or at a quiet person's
 * wake-up week), their weekly draws in one batch, and phase 1 for them. */
static void collect_due(struct cs_sim *s, struct cs_thread_buf *tb, uint32_t lo, uint32_t hi)
{
    const uint16_t *wake = s->pop.wake;
    uint32_t week = (uint32_t)s->week, n = 0;
    if (tb->cap_due < hi - lo) {
        tb->cap_due = hi - lo;
        tb->due = cs_xrealloc(tb->due, (size_t)tb->cap_due * sizeof *tb->due);
    }
    uint32_t i = lo;
#ifdef __SSE2__
    /* sixteen wake-up weeks at a time (most blocks have nobody due): signed
     * 16-bit compares, both sides shifted by 2^15 to compare unsigned */
    const __m128i flip = _mm_set1_epi16((short)0x8000), wk = _mm_set1_epi16((short)(week ^ 0x8000u));
    for (; i + 16 <= hi; i += 16) {
        __m128i a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(wake + i)), flip);
        __m128i b = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(wake + i + 8)), flip);
        /* two mask bits per person, set when wake > week: keep one, flip */
        uint32_t later = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi16(a, wk)) |
                         (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi16(b, wk)) << 16;
        for (uint32_t m = ~later & 0x55555555u; m; m &= m - 1) tb->due[n++] = i + (uint32_t)__builtin_ctz(m) / 2;
    }
#endif
    for (; i < hi; i++) {
        tb->due[n] = i;
        n += wake[i] <= week;   /* branch-free: most people are not due */
    }
    tb->n_due = n;
    if (tb->cap_r < n) {
        tb->cap_r = n + n / 4;
        tb->r_week = cs_xrealloc(tb->r_week, (size_t)tb->cap_r * sizeof *tb->r_week);
        tb->r_cont = cs_xrealloc(tb->r_cont, (size_t)tb->cap_r * sizeof *tb->r_cont);
    }
    /* a draw costs a fraction of a single one in a batch, so even the draws
     * only some people use (home-care continuity) are cheaper done for
     * everyone due */
    cs_rng_draw4_batch(s->key, tb->due, n, week, CS_P_WEEK, 0, tb->r_week);
    if (tb->cap_cls < n) {
        tb->cap_cls = n + n / 4;
        tb->cls = cs_xrealloc(tb->cls, tb->cap_cls);
    }
    /* quiet people whose candidate brings nothing are done already; the rest
     * have phase 1 in the same pass (it reads partners' records, which change
     * only after the barrier that ends it) */
    uint32_t m = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = tb->due[k];
        prefetch_due(s, tb->due, k, n);
        prefetch_partner(s, tb->due, k, n);
        if ((s->pop.rec[i].ext & CS_X_QUIET) && cs_sched_reject(s, i, cs_u01(tb->r_week[k].v[0]))) continue;
        tb->due[m] = i;
        tb->r_week[m] = tb->r_week[k];
        tb->cls[m++] = cs_sched_partner_class(&s->pop, i);
        cs_person_carers(s, i);
    }
    tb->n_due = n = m;
    cs_rng_draw4_batch(s->key, tb->due, n, week, CS_P_WEEK, 2, tb->r_cont);
}

/* A thread's buffers at the start of the people phases. (The scheduler's
 * full redraw, just before, empties dq itself when it uses it.) */
static void clear_week(struct cs_sim *s, struct cs_thread_buf *tb)
{
    const struct cs_market *mk = &s->mk;
    cs_psum_clear(&tb->ps, s->n_nbhd);
    cs_psum_clear(&tb->dq, s->n_nbhd);
    tb->n_req = 0;
    tb->n_chunk = 0;   /* order_requests reads every thread's, even one not granted */
    tb->cont_sum = tb->cont_n = 0;
    tb->processed = 0;
    /* a closed provider's are zero already (cs_market_week) */
    for (int32_t k = 0; k < mk->n_live; k++) cs_tb_clear_provider(tb, mk->live[k]);
}

/* Phases 2a and 2b work on each person's own record and add to sums, so
 * any thread may do any person's: a thread done with its own people takes
 * chunks of another's not yet taken, and one held up (the VM deschedules
 * it, its block costs more this week) no longer keeps the other waiting at
 * the barrier. Only the requests of phase 2a have an order (order_requests).
 * For thread t of nt, the next chunk [k0, k1) of thread *u's list: its own
 * first, then the others' in turn (*v counts the lists done; start it at
 * 0); 0 when none is left. */
enum { CHUNK = 128 };
static int next_chunk(struct cs_sim *s, int t, int nt, int *v, int *u, uint32_t *k0, uint32_t *k1)
{
    for (; *v < nt; ++*v) {
        *u = (t + *v + s->share_others) % nt;
        uint32_t n = s->tb[*u].n_due, k;
#pragma omp atomic capture
        { k = s->claim[*u].next; s->claim[*u].next += CHUNK; }
        if (k < n) {
            *k0 = k;
            *k1 = n - k > CHUNK ? k + CHUNK : n;
            return 1;
        }
    }
    return 0;
}

/* Whether some thread did another's people in phase 2a this week. */
static int work_shared(const struct cs_sim *s)
{
    for (int t = 0; t < s->n_threads; t++)
        for (uint32_t c = 0; c < s->tb[t].n_chunk; c++)
            if (s->tb[t].chunk[c].owner != t) return 1;
    return 0;
}

/* Phase 2a's requests as if each thread had done its own people: each
 * thread's list, chunk by chunk, in order (with the requests of a chunk
 * where the thread that did it put them), so the council sees them in id
 * order, whoever did the work. */
static void order_requests(struct cs_sim *s)
{
    int T = s->n_threads;
    uint32_t total = 0, at[T], n[T];
    for (int t = 0; t < T; t++) total += s->tb[t].n_req;
    for (int u = 0; u < T; u++) {
        struct cs_thread_buf *ob = &s->tb[u];
        if (ob->cap_req_new < total || !ob->req_new) {
            ob->cap_req_new = total > 1024 ? total : 1024;
            ob->req_new = cs_xrealloc(ob->req_new, (size_t)ob->cap_req_new * sizeof *ob->req_new);
        }
        /* each thread's chunks of u's list are in order: merge them by k0 */
        n[u] = 0;
        for (int t = 0; t < T; t++) at[t] = 0;
        for (;;) {
            int best = -1;
            for (int t = 0; t < T; t++) {
                const struct cs_thread_buf *tb = &s->tb[t];
                while (at[t] < tb->n_chunk && tb->chunk[at[t]].owner != u) at[t]++;
                if (at[t] < tb->n_chunk && (best < 0 || tb->chunk[at[t]].k0 < s->tb[best].chunk[at[best]].k0))
                    best = t;
            }
            if (best < 0) break;
            const struct cs_thread_buf *tb = &s->tb[best];
            const struct cs_chunk *ch = &tb->chunk[at[best]++];
            memcpy(ob->req_new + n[u], tb->req + ch->req0, (size_t)(ch->req1 - ch->req0) * sizeof *ob->req_new);
            n[u] += ch->req1 - ch->req0;
        }
    }
    for (int u = 0; u < T; u++) {   /* every request copied: the ordered ones in */
        struct cs_thread_buf *ob = &s->tb[u];
        struct cs_request *r = ob->req;
        uint32_t c = ob->cap_req;
        ob->req = ob->req_new;
        ob->cap_req = ob->cap_req_new;
        ob->n_req = n[u];
        ob->req_new = r;
        ob->cap_req_new = c;
    }
}

static double wall_now(void)
{
#ifdef _OPENMP
    return omp_get_wtime();
#else
    return 0;
#endif
}

/* What thread u's block cost this week: its time, or its count of people
 * due (untimed). */
static double block_cost(const struct cs_sim *s, int u, int timed)
{
    return timed ? s->tb[u].busy : (double)s->tb[u].n_due;
}

/* Next week's blocks: split where this week's work divides evenly (it
 * changes slowly), taking each thread's people as costing alike, at what
 * its block cost a person this week: the cost of a person varies along the
 * ids (who is in a care home, who is old), so equal numbers of people left
 * one thread waiting at each barrier. Any contiguous split gives the same
 * results, so timings may steer it. Without timings (a build without
 * OpenMP, or nobody due) the people due divide evenly. */
static void balance(struct cs_sim *s)
{
    int T = s->n_threads;
    double total = 0;
    int timed = 1;
    for (int t = 0; t < T; t++) timed &= s->tb[t].busy > 0 && s->tb[t].n_due > 0;
    for (int t = 0; t < T; t++) total += block_cost(s, t, timed);
    s->split[0] = 0;
    for (int t = 1; t < T; t++) {
        double want = total * t / T, seen = 0;
        uint32_t at = s->split[t - 1];
        for (int u = 0; u < T; u++) {
            double c = block_cost(s, u, timed);
            if (seen + c > want && s->tb[u].n_due > 0) {
                uint32_t k = (uint32_t)((want - seen) / c * s->tb[u].n_due);
                at = s->tb[u].due[k < s->tb[u].n_due ? k : s->tb[u].n_due - 1];
                break;
            }
            seen += c;
        }
        s->split[t] = at > s->split[t - 1] ? at : s->split[t - 1];
    }
}

/* Whether placements could touch a record that matching reads or writes
 * this week: a match request from someone whose placement may rewrite their
 * service, or a placement whose partner may be matched (placing wakes a
 * quiet partner, reading and writing the flags matching sets). Also counts
 * the match requests, in *n_match. */
static int tangled(const struct cs_sim *s, uint32_t *n_match)
{
    const struct cs_pop *pp = &s->pop;
    int bad = 0;
    *n_match = 0;
    for (int t = 0; t < s->n_threads; t++)
        for (uint32_t k = 0; k < s->tb[t].n_req; k++) {
            uint32_t i = s->tb[t].req[k].id;
            if (s->tb[t].req[k].kind == CS_REQ_MATCH) {
                ++*n_match;
                bad |= cs_svc_res(pp->rec[i].svc) || pp->rec[i].svc == CS_SVC_SHARED_LIVES;
            } else if (s->tb[t].req[k].kind == CS_REQ_PLACE) {
                int32_t pt = pp->rec[i].partner;
                bad |= pt >= 0 && pp->rec[pt].prov < 0 &&
                       (pp->rec[pt].svc == CS_SVC_HOME_COUNCIL || pp->rec[pt].svc == CS_SVC_HOME_SELF);
            }
        }
    return bad;
}

/* After the council's assessments: its books, placements and matching, and
 * the workers' turnover verdicts. Matching touches home-care clients waiting
 * for a provider, and providers' commitments; the council's books touch
 * the waiting list, and placements people going into care homes or Shared
 * Lives (and their quiet partners): different people and fields. So with
 * two threads matching runs beside the other two, and each thread then takes
 * turnover verdicts, which read neither (cs_market_turnover). Results are
 * those of the order of one thread (books, placements, matching), which a
 * week keeps when they are tangled (rare). */
static void place_and_match(struct cs_sim *s)
{
    uint32_t n_match;
    int apart = !tangled(s, &n_match) && s->n_threads > 1;
    cs_market_turnover_begin(s, n_match);
    if (!apart) {
        cs_council_close(s);
        cs_placement_match(s);
        cs_market_match(s);
    }
#pragma omp parallel num_threads(s->n_threads > 1 ? 2 : 1)
    {
        int t, nt;
        cs_omp_team(&t, &nt);
        /* the lead (who sets turnover's bounds) is whoever has the shorter work */
        int lead = nt == 1 || t == 1;
        if (apart && lead) {
            cs_council_close(s);
            cs_placement_match(s);
        }
        if (apart && t == 0) cs_market_match(s);
        cs_market_turnover(s, lead);
        /* matching is done (and the verdicts drawn): those of the
         * providers it changed again, shared */
#pragma omp barrier
        cs_market_reverdict(s);
    }
}

/* A mid-year (1 July): everyone a year older, then the year's life table
 * and its joiners and leavers (demography.c), then the chances. */
static void year_start(struct cs_sim *s)
{
    if (s->week > 0) cs_sched_birthdays(s);
    cs_demog_year(s);
    cs_person_year_tables(s);
}

/* This week's prices and fees (issue 23: prices and fees respond). The
 * care-pay index is the pay floor over the reference pay (never below 1);
 * with council.prices_follow_pay, home-care prices carry it by
 * council.price_pay_share and care-home fees by homes.staff_share (the share
 * of homes' costs that is pay), so a fair-pay floor raises what providers are
 * paid as it raises what they pay. At the end of each quarter from the policy
 * start, the council raises its home-care price by council.price_response if
 * a home-care provider failed on its finances in the quarter, and its
 * care-home fees if a care home closed, each up to council.price_response_cap
 * above where it started. */
static void prices_week(struct cs_sim *s)
{
    const struct cs_params *p = s->p;
    if (s->week % 13 == 0 && cs_policy_week(s) > 0) {
        double cap = 1 + p->price_resp_cap;
        if (s->failed_hc) s->resp_hc = fmin(cap, s->resp_hc * (1 + p->price_resp));
        if (s->failed_home) s->resp_fee = fmin(cap, s->resp_fee * (1 + p->price_resp));
        s->failed_hc = s->failed_home = 0;
    }
    double pay = p->wf_floor > p->hm_ref_pay ? p->wf_floor : p->hm_ref_pay;
    s->pay_index = pay / p->hm_ref_pay;
    double f_hc = 1, f_home = 1;
    if (p->prices_follow_pay) {
        f_hc = 1 - p->hc_pay_share + p->hc_pay_share * s->pay_index;
        f_home = 1 - p->hm_staff + p->hm_staff * s->pay_index;
    }
    s->price_hc = p->hc_price * f_hc * s->resp_hc;
    s->price_hc_private = p->hc_price_private * f_hc;
    s->price_pa = p->cm_pa_rate * f_hc;
    s->homes.fee_mult[0] = f_home;
    s->homes.fee_mult[1] = f_home * s->resp_fee;
}

void cs_sim_step(struct cs_sim *s)
{
    memset(s->m, 0, sizeof s->m);
    int rw = cs_report_week(s);
    if (rw % 52 == 0) year_start(s);   /* the dated weeks fix the mid-years (negative in the spin-up) */
    if (cs_cal_fy(rw) != cs_cal_fy(rw - 1)) {
        /* a new financial year (long-term support "during the year" is
         * counted by financial year, as ASC-FR does) */
        s->lts_stamp = (uint8_t)(s->lts_stamp % 255 + 1);
        s->lts_ytd = s->lts_ytd_65 = 0;
    }
    /* need and care-home moves shift the mix within a year: rescale quarterly */
    else if (s->week > 0 && s->week % 13 == 0) cs_person_year_tables(s);
    cs_need_metrics(s);   /* the year's census of people at home (need.c) */

    const struct cs_params *p = s->p;
    prices_week(s);
    /* care-home fees depend on the home (cs_homes_fee) */
    const int64_t price[4] = {PENCE(s->price_hc), PENCE(s->price_hc_private), PENCE(s->price_pa),
                              PENCE(p->reab_cost)};
    struct cs_market *mk = &s->mk;
    uint32_t n = s->pop.n;
    int T = s->n_threads;
    cs_community_week(&s->comm, p, s->comm_iso, s->comm_mem, cs_policy_week(s));
    cs_placement_prepare_week(s);
    cs_placement_homeshare(s, s->hs_active_last);
    cs_sched_week(s);

    /* Each thread owns one contiguous block of ids and builds its list of
     * people due (phase 1); in phases 2a and 2b the threads share out what
     * is left of the lists (next_chunk), and the requests are put back in
     * id order after (order_requests). */
#pragma omp parallel num_threads(T)
    {
        int t, nt;
        cs_omp_team(&t, &nt);
        /* each thread empties its own buffers (and those of any thread asked
         * for but not granted, which the sums below still read) */
        for (int u = t; u < T; u += nt) clear_week(s, &s->tb[u]);
        /* blocks of about equal work (last week's: balance()); with fewer
         * threads than asked, the blocks still cover every id */
        uint32_t lo = nt == T ? s->split[t] : (uint32_t)((uint64_t)n * t / nt);
        uint32_t hi = nt == T && t + 1 < T ? s->split[t + 1] : nt == T ? n : (uint32_t)((uint64_t)n * (t + 1) / nt);
        struct cs_thread_buf *tb = &s->tb[t];
        double t0 = wall_now();
        collect_due(s, tb, lo, hi);
        s->claim[t].next = 0;   /* nobody takes from it before the barriers below */
        const uint32_t *due = tb->due, nd = tb->n_due;
        double busy = wall_now() - t0;
#pragma omp barrier
        t0 = wall_now();
        int v = 0, u;
        uint32_t k0, k1;
        while (next_chunk(s, t, nt, &v, &u, &k0, &k1)) {
            struct cs_thread_buf *ob = &s->tb[u];
            if (tb->n_chunk == tb->cap_chunk) {
                tb->cap_chunk = tb->cap_chunk ? 2 * tb->cap_chunk : 256;
                tb->chunk = cs_xrealloc(tb->chunk, (size_t)tb->cap_chunk * sizeof *tb->chunk);
            }
            struct cs_chunk *ch = &tb->chunk[tb->n_chunk++];
            ch->k0 = k0;
            ch->owner = u;
            ch->req0 = tb->n_req;
            for (uint32_t k = k0; k < k1; k++) {
                prefetch_due(s, ob->due, k, ob->n_due);
                uint32_t i = ob->due[k];
                struct cs_thin th;
                cs_person_events(s, tb, i, ob->r_week[k], cs_sched_due(s, tb, i, &th));
                /* whether their standing as a partner moved, while their
                 * record is at hand (only their own events change it) */
                ob->cls[k] = cs_sched_partner_class(&s->pop, ob->due[k]) != ob->cls[k];
            }
            ch->req1 = tb->n_req;
        }
        tb->processed = nd;
        busy += wall_now() - t0;
#pragma omp barrier
        s->claim[t].next = 0;   /* for phase 2b, after the barrier below */
        t0 = wall_now();
        /* partners' news, while nobody is becoming quiet (the barrier after
         * the providers' loop ends it before phase 2b); few have any */
        for (uint32_t k = 0; k < nd; k++)
            if (tb->cls[k]) cs_sched_partner_news(s, tb, due[k]);
        busy += wall_now() - t0;
        /* each provider delivers its commitments as far as its workers allow
         * (each its own: any thread) */
#pragma omp for schedule(static)
        for (int32_t k = 0; k < mk->n_live; k++) {
            int32_t pr = mk->live[k];
            int64_t c = 0;
            for (int u = 0; u < T; u++) c += s->tb[u].p_commit[pr];
            mk->committed[pr] = c / 100.0;
            cs_market_set_ratio(mk, pr);
        }
        t0 = wall_now();
        /* its own people first, then any other thread's not yet taken */
        v = 0;
        while (next_chunk(s, t, nt, &v, &u, &k0, &k1)) {
            const struct cs_thread_buf *ob = &s->tb[u];
            for (uint32_t k = k0; k < k1; k++) {
                uint32_t i = ob->due[k];
                prefetch_due(s, ob->due, k, ob->n_due);
                if (!(s->pop.rec[i].flags & CS_F_ALIVE)) continue;
                struct cs_care c;
                int settled = cs_person_care(s, tb, i, price, &ob->r_cont[k], &c);
                cs_sched_after(s, tb, i, settled ? &c : NULL);
            }
        }
        tb->busy = busy + (wall_now() - t0);
        /* each provider's revenue, hours and clients from every thread's
         * sums, once all are in (each provider its own: any thread) */
#pragma omp barrier
#pragma omp for schedule(static)
        for (int32_t k = 0; k < mk->n_live; k++) {
            int32_t pr = mk->live[k];
            int64_t rev = 0, hrs = 0, cl = 0;
            for (int u = 0; u < T; u++) { rev += s->tb[u].p_rev[pr]; hrs += s->tb[u].p_hours[pr]; cl += s->tb[u].p_clients[pr]; }
            mk->revenue[pr] = rev / 100.0;
            mk->hours_avg[pr] = 0.9 * mk->hours_avg[pr] + 0.1 * (hrs / 100.0);
            mk->clients[pr] = (int32_t)cl;
        }
    }

    if (work_shared(s)) order_requests(s);
    balance(s);
    if (s->chk) cs_checks_run(s, CS_CHECK_PEOPLE);

    /* reduce (integers: exact whatever the thread count); the quiet people
     * count as they stood at the start of the week, then the week's changes
     * to who is quiet apply from next week */
    struct cs_psum *sum = &s->tb[0].ps;
    int64_t cont_sum = 0, cont_n = 0;
    for (int t = 0; t < T; t++) {
        if (t) cs_psum_add(sum, &s->tb[t].ps, s->n_nbhd);
        cont_sum += s->tb[t].cont_sum;
        cont_n += s->tb[t].cont_n;
        s->sched_processed += s->tb[t].processed;
    }
    cs_sched_glide(s);
    cs_psum_add(sum, &s->quiet, s->n_nbhd);
    for (int t = 0; t < T; t++) cs_psum_add(&s->quiet, &s->tb[t].dq, s->n_nbhd);
    int64_t *acc = sum->acc, ss = sum->strain_sum, sn = sum->strain_n;
    for (int l = 1; l < CS_NEED_LEVELS; l++) acc[CS_M_people_with_need] += sum->by_need[l];
    for (int l = s->elig_level; l < CS_NEED_LEVELS; l++) acc[CS_M_people_with_eligible_need] += sum->by_need[l];
    int64_t (*wb)[2] = sum->wb_sum, minority_n = sum->minority_n, minority_wb = sum->minority_wb;
    s->hs_elig_week = sum->hs_elig;
    int64_t members = 0;
    for (int nb = 0; nb < s->n_nbhd; nb++) {
        s->comm_iso[nb] = sum->n_iso[nb];
        s->comm_mem[nb] = sum->n_mem[nb];
        members += sum->n_mem[nb];
    }
    double capsum = 0;
    for (int nb = 0; nb < s->n_nbhd; nb++) capsum += s->comm.capacity[nb];
    s->m[CS_M_community_capacity] = capsum;
    s->m[CS_M_community_members] = (double)members;
    s->m[CS_M_connector_caseload] = s->comm.allocated_total;
    s->total_deaths += acc[CS_M_deaths];
    double alive = (double)acc[CS_M_people_alive];
    int64_t wb_all = acc[CS_M_wellbeing_mean];
    for (int k = 0; k < CS_N_METRICS; k++) s->m[k] += (double)acc[k];
    s->m[CS_M_unmet_need_hours] = acc[CS_M_unmet_need_hours] / 100.0;
    s->m[CS_M_unpaid_care_hours] = acc[CS_M_unpaid_care_hours] / 100.0;
    s->m[CS_M_home_care_hours_delivered] = acc[CS_M_home_care_hours_delivered] / 100.0;
    s->m[CS_M_home_care_rushed_hours] = acc[CS_M_home_care_rushed_hours] / 100.0;
    s->m[CS_M_hospital_bed_days] = acc[CS_M_hospital_bed_days] / 100.0;
    s->m[CS_M_nhs_cost] = (s->m[CS_M_hospital_bed_days] + s->m[CS_M_delayed_discharge_bed_days]) * p->nhs_bed_day;
    s->reab_used = (double)acc[CS_M_in_reablement];
    s->m[CS_M_unpaid_care_value] = s->m[CS_M_unpaid_care_hours] * p->carer_value;
    s->m[CS_M_at_home_share] = acc[CS_M_people_with_need] > 0
        ? 1.0 - (double)acc[CS_M_in_residential_care] / (double)acc[CS_M_people_with_need] : 0;
    s->m[CS_M_continuity_distinct_workers] = cont_n ? (double)cont_sum / cont_n : 0;
    s->m[CS_M_isolated_share] = alive > 0 ? acc[CS_M_isolated_share] / alive : 0;
    s->m[CS_M_wellbeing_mean] = alive > 0 ? wb_all / 255.0 / alive : 0;
    s->m[CS_M_wellbeing_gap_deprivation] =
        (wb[0][1] && wb[1][1]) ? ((double)wb[0][0] / wb[0][1] - (double)wb[1][0] / wb[1][1]) / 255.0 : 0;
    int64_t white_n = acc[CS_M_people_alive] - minority_n, white_wb = wb_all - minority_wb;
    s->m[CS_M_wellbeing_gap_ethnicity] =
        (minority_n && white_n) ? ((double)minority_wb / minority_n - (double)white_wb / white_n) / 255.0 : 0;
    s->m[CS_M_carer_strain_mean] = sn ? (double)ss / sn / 255.0 : 0;

    /* money: accumulated in pence */
    int64_t home = acc[CS_M_council_spend_home_care], res = acc[CS_M_council_spend_residential];
    int64_t reab = acc[CS_M_council_spend_reablement];
    s->m[CS_M_council_spend_reablement] = reab / 100.0;
    s->m[CS_M_council_spend_home_care] = home / 100.0;
    s->m[CS_M_council_spend_residential] = res / 100.0;
    s->m[CS_M_client_charges] = acc[CS_M_client_charges] / 100.0;
    s->m[CS_M_self_funder_spend] = acc[CS_M_self_funder_spend] / 100.0;
    s->m[CS_M_long_term_spend_18_64] = acc[CS_M_long_term_spend_18_64] / 100.0;
    s->m[CS_M_long_term_spend_65plus] = acc[CS_M_long_term_spend_65plus] / 100.0;
    s->m[CS_M_long_term_support_ytd] = (double)(s->lts_ytd += acc[CS_M_long_term_support_ytd]);
    s->m[CS_M_long_term_support_ytd_65plus] = (double)(s->lts_ytd_65 += acc[CS_M_long_term_support_ytd_65plus]);
    /* connectors and community investment are council spending too */
    cs_placement_week(s);
    s->hs_active_last = acc[CS_M_homeshare_matches];
    /* connectors, community investment and any Homeshare programme are
     * council spending too; so are Shared Lives carers' fees */
    int64_t comm_p = (int64_t)llround((s->comm.cost_week + s->hs.cost_week) * 100);
    int64_t sl_p = (int64_t)llround(s->sl.cost_week * 100);
    int64_t dev_p = (int64_t)llround(mk->dev_cost * 100);   /* last week's market step */
    s->m[CS_M_council_spend_community] = comm_p / 100.0;
    s->m[CS_M_council_spend_shared_lives] = sl_p / 100.0;
    s->m[CS_M_council_spend_provider_development] = dev_p / 100.0;
    s->m[CS_M_reform_investment] = s->comm.cost_reform_week + s->hs.reform_week + s->sl.reform_week +
                                   dev_p / 100.0;
    s->last_week_spend_p = home + res + reab + comm_p + sl_p + dev_p;   /* the council adds assessment cost */

    /* capacity the workers had this week (before this week's leavers and hires) */
    double capw = 0;
    for (int32_t k = 0; k < mk->n_live; k++) if (mk->alive[mk->live[k]]) capw += mk->capacity[mk->live[k]];
    s->m[CS_M_home_care_capacity] = capw;

    cs_council_week(s);
    place_and_match(s);
    s->m[CS_M_residential_admissions_per_100k_65plus] =
        s->m[CS_M_people_65plus] > 0 ? s->m[CS_M_residential_admissions_per_100k_65plus] * 52 * 1e5 / s->m[CS_M_people_65plus] : 0;
    cs_market_week(s);
    int providers = 0, by_type[CS_PT_N] = {0};
    for (int32_t k = 0; k < mk->n_live; k++) {
        int32_t pr = mk->live[k];
        if (!mk->alive[pr] || mk->type[pr] == CS_PT_PA) continue;
        providers++;
        by_type[mk->type[pr]]++;
    }
    s->m[CS_M_providers_active] = providers;
    s->m[CS_M_micro_enterprises] = by_type[CS_PT_MICRO];
    s->m[CS_M_self_managing_teams] = by_type[CS_PT_SMT];
    s->m[CS_M_cooperatives] = by_type[CS_PT_COOP];
    s->m[CS_M_micro_exits] = mk->micro_exits;
    s->m[CS_M_provider_entries] = mk->entries;
    s->m[CS_M_provider_failures] = mk->failures;
    s->failed_hc |= mk->fin_failures > 0;
    s->failed_home |= s->homes.closures > 0;
    s->m[CS_M_council_home_care_price] = s->price_hc;
    s->m[CS_M_council_residential_fee] = p->res_fee * s->homes.fee_mult[1];
    s->m[CS_M_team_failures] = mk->team_failures;
    s->m[CS_M_team_splits] = mk->team_splits;
    s->m[CS_M_team_block_placements] = mk->block_placed;
    s->m[CS_M_workforce_headcount] = mk->headcount;
    s->m[CS_M_vacancy_rate] = mk->headcount + mk->vacancies > 0 ? mk->vacancies / (mk->headcount + mk->vacancies) : 0;
    s->m[CS_M_turnover_rate] = mk->headcount > 0 ? mk->leavers * 52.0 / mk->headcount : 0;
    s->m[CS_M_mean_hourly_pay] = mk->headcount > 0 ? mk->pay_sum / mk->headcount : 0;
    /* the week's 18-year-olds and migrants (or, at the end of a spin-up
     * year, the re-anchoring to mid-2020): due from next week */
    cs_demog_week_end(s);
    if (s->chk) cs_checks_run(s, CS_CHECK_WEEK);
    s->week++;
}

/* The threads' buffers, the people phases' blocks, the scheduler, and the
 * week's chances (cs_person_tables, cs_person_year_tables). */
static void prepare(struct cs_sim *s)
{
    cs_person_tables(s);
    s->tb = calloc((size_t)s->n_threads, sizeof *s->tb);
    for (int t = 0; t < s->n_threads; t++) {
        s->tb[t].cap_req = 1024;
        s->tb[t].req = malloc(s->tb[t].cap_req * sizeof *s->tb[t].req);
        if (cs_psum_init(&s->tb[t].ps, s->n_nbhd) || cs_psum_init(&s->tb[t].dq, s->n_nbhd)) {
            fprintf(stderr, "caresim: out of memory\n");
            exit(1);
        }
    }
    s->comm_iso = calloc((size_t)s->n_nbhd, sizeof(int64_t));
    s->comm_mem = calloc((size_t)s->n_nbhd, sizeof(int64_t));
    s->split = calloc((size_t)s->n_threads + 1, sizeof *s->split);
    for (int t = 0; s->split && t <= s->n_threads; t++) s->split[t] = (uint32_t)((uint64_t)s->pop.n * t / s->n_threads);
    s->claim = aligned_alloc(64, (size_t)s->n_threads * sizeof *s->claim);
    const char *e = getenv("CARESIM_SHARE");
    s->share_others = e && !strcmp(e, "others");
    if (!s->split || !s->claim || cs_sched_init(s)) {
        fprintf(stderr, "caresim: out of memory\n");
        exit(1);
    }
    cs_person_year_tables(s);
}

/* The pilot is a function of the place, the life tables, the replicate and
 * the parameters alone, so its factors are kept for the process's later runs
 * of the same (the scenarios of an ensemble share their status quo's pilot;
 * tests build the same place many times): a 64-bit hash of all of it, in a
 * small ring. A hash that differs only misses. */
enum { PILOT_CACHE = 32 };
static struct { uint64_t h; int used; struct cs_need_factors f; } pilot_cache[PILOT_CACHE];
static int pilot_cache_next;

static uint64_t fnv(uint64_t h, const void *b, size_t n)
{
    const unsigned char *c = b;
    for (size_t k = 0; k < n; k++) h = (h ^ c[k]) * 1099511628211ULL;
    return h;
}

static uint64_t pilot_key(const struct cs_params *p, const struct cs_place *pl, const struct cs_demography *lt,
                          uint32_t rep, int weeks)
{
    uint64_t h = 14695981039346656037ULL;
    for (int i = 0; i < cs_param_count; i++) {
        const struct cs_param_info *pi = &cs_param_table[i];
        h = fnv(h, (const char *)p + pi->offset, cs_param_size(pi));
    }
    h = fnv(h, pl, sizeof *pl);
    h = fnv(h, lt, sizeof *lt);
    h = fnv(h, &weeks, sizeof weeks);
    return fnv(h, &rep, sizeof rep);
}

/* The settling pilot (issue 22; need.settle_pilot_weeks): the settled
 * distribution follows a cohort with the chances of the events of need, but
 * a run adds what the care system does to them: residents of care homes die
 * faster, reablement lowers need, a week in hospital stops the clock, care
 * received slows progression. So before the run's people are made, a pilot
 * run of the same place, seed and replicate (the whole place, or a sample of
 * need.settle_pilot_adults whatever the run's scale) goes
 * need.settle_pilot_weeks weeks, and over the second half counts each event against the chances the settled distribution gave it
 * (cs_need_tally_*); the ratios, by need level and age group, enter the
 * settled distribution the run's people are drawn from. The pilot is itself
 * a deterministic run, so the run's numbers stay the same at any thread or
 * rank count. Writes s->need_factors (NULL when there is no pilot). */
static int settle_pilot(struct cs_sim *s, const struct cs_params *p, const struct cs_place *pl,
                        const struct cs_demography *lt, uint32_t rep, int n_threads, char *err, size_t errlen)
{
    s->need_factors = NULL;
    if (p->settle_pilot_w <= 0) return 0;
    double adults = 0;
    for (int sex = 0; sex < 2; sex++)
        for (int a = 18; a <= CS_AGE_MAX; a++) adults += (double)pl->pop[sex][a];
    struct cs_params *pp = malloc(sizeof *pp);
    struct cs_sim *ps = malloc(sizeof *ps);
    struct cs_need_tally *t = calloc(1, sizeof *t);
    struct cs_need_factors *f = malloc(sizeof *f);
    int rc = -1, hit = 0;
    if (!pp || !ps || !t || !f) { snprintf(err, errlen, "out of memory for the settling pilot"); goto out; }
    *pp = *p;
    pp->settle_pilot_w = 0;   /* the pilot's own people: the cohort's chances alone */
    /* the same pilot whatever the run's --scale: the whole place, or a
     * sample of settle_pilot_n adults (factors from a smaller pilot would be
     * pulled further towards their prior, and results would move with scale) */
    pp->scale = adults > p->settle_pilot_n ? p->settle_pilot_n / adults : 1.0;
    uint64_t key = pilot_key(pp, pl, lt, rep, p->settle_pilot_w);
#pragma omp critical(cs_pilot_cache)
    for (int k = 0; k < PILOT_CACHE && !hit; k++)
        if (pilot_cache[k].used && pilot_cache[k].h == key) { *f = pilot_cache[k].f; hit = 1; }
    if (!hit) {
        if (cs_sim_init(ps, pp, pl, lt, rep, n_threads, err, errlen)) goto out;
        int half = p->settle_pilot_w / 2;
        for (int w = 0; w < p->settle_pilot_w; w++) {
            int look = w >= half;
            if (look && cs_need_tally_look(ps, t)) {
                snprintf(err, errlen, "out of memory for the settling pilot");
                cs_sim_free(ps);
                goto out;
            }
            cs_sim_step(ps);
            if (look) cs_need_tally_see(ps, t);
        }
        cs_sim_free(ps);
        cs_need_tally_factors(t, f);
#pragma omp critical(cs_pilot_cache)
        {
            pilot_cache[pilot_cache_next].h = key;
            pilot_cache[pilot_cache_next].f = *f;
            pilot_cache[pilot_cache_next].used = 1;
            pilot_cache_next = (pilot_cache_next + 1) % PILOT_CACHE;
        }
    }
    s->need_factors = f;
    f = NULL;
    rc = 0;
out:
    if (t) cs_need_tally_free(t);
    free(t); free(f); free(ps); free(pp);
    return rc;
}

int cs_sim_init(struct cs_sim *s, const struct cs_params *p, const struct cs_place *pl,
                const struct cs_demography *lt, uint32_t rep, int n_threads,
                char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->p = p;
    s->place = pl;
    s->lt = lt;
    s->key = cs_rng_key((uint64_t)p->seed, rep, pl->key);
    s->n_threads = n_threads < 1 ? 1 : n_threads;
    s->week = 0;
    s->need_year_hr = 1.0;   /* until the projection (cs_demog_year) */
    s->resp_hc = s->resp_fee = 1.0;
    s->failed_hc = s->failed_home = 0;
    {
        int y, m, d;
        if (cs_cal_parse(p->policy_start, &y, &m, &d)) {
            snprintf(err, errlen, "calendar.policy_start = \"%s\" is not a date YYYY-MM-DD", p->policy_start);
            return -1;
        }
        s->policy_week = cs_cal_week_of_date(y, m, d);
    }
    if (settle_pilot(s, p, pl, lt, rep, n_threads, err, errlen)) return -1;

    if (cs_pop_build(s, err, errlen)) return -1;
    cs_demog_year(s);   /* the first year's life table, for prepare() */
    prepare(s);
    {
        /* community assets sized on the simulated adults of each neighbourhood */
        uint8_t *qn = malloc((size_t)s->n_nbhd), *rn = malloc((size_t)s->n_nbhd);
        double *an = calloc((size_t)s->n_nbhd, sizeof *an);
        for (int k = 0; k < s->n_nbhd; k++) { qn[k] = s->nbhd[k].quintile; rn[k] = s->nbhd[k].rural; }
        for (uint32_t i = 0; i < s->pop.n; i++) an[s->pop.rec[i].nbhd] += 1;
        int rc = cs_community_init(&s->comm, p, s->n_nbhd, qn, rn, an, (double)s->pop.n, err, errlen);
        free(qn); free(rn); free(an);
        if (rc) return -1;
    }
    cs_council_init(s);
    if (cs_placement_init(s, err, errlen)) return -1;
    prices_week(s);   /* the starting providers' pay follows the prices */
    if (cs_market_init(s, err, errlen)) return -1;
    /* place the initial home-care caseload with the initial providers */
    for (uint32_t i = 0; i < s->pop.n; i++)
        if (s->pop.rec[i].svc == CS_SVC_HOME_COUNCIL || s->pop.rec[i].svc == CS_SVC_HOME_SELF) {
            cs_push_req(&s->tb[0], i, CS_REQ_MATCH);
        }
    cs_market_match(s);
    s->tb[0].n_req = 0;
    if (cs_checks_wanted() && cs_checks_on(s, 1)) {
        snprintf(err, errlen, "out of memory for the runtime checks");
        return -1;
    }
    return 0;
}


void cs_sim_set_params(struct cs_sim *s, const struct cs_params *p)
{
    s->p = p;
    s->resched = 1;   /* the bounds may depend on levers (Homeshare) */
}

uint32_t cs_sim_alive(const struct cs_sim *s)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < s->pop.n; i++) k += s->pop.rec[i].flags & CS_F_ALIVE;
    return k;
}

void cs_sim_free(struct cs_sim *s)
{
    free(s->mort_counts);
    cs_demog_free(s);
    cs_checks_free(s);
    cs_council_free(s);
    cs_placement_free(s);
    cs_market_free(&s->mk);
    for (int t = 0; t < s->n_threads && s->tb; t++) {
        free(s->tb[t].req);
        free(s->tb[t].p_commit);
        free(s->tb[t].p_hours);
        free(s->tb[t].p_rev);
        free(s->tb[t].p_clients);
        cs_psum_free(&s->tb[t].ps);
        cs_psum_free(&s->tb[t].dq);
        free(s->tb[t].cls);
        free(s->tb[t].chunk);
        free(s->tb[t].req_new);
        free(s->tb[t].due);
        free(s->tb[t].r_week);
        free(s->tb[t].r_cont);
    }
    free(s->comm_iso);
    free(s->comm_mem);
    cs_sched_free(s);
    free(s->split);
    free(s->claim);
    cs_community_free(&s->comm);
    free(s->tb);
    free(s->nbhd);
    free(s->nbhd_cum);
    free(s->need_settled);
    free(s->need_factors);
    cs_pop_free(&s->pop);
    memset(s, 0, sizeof *s);
}
