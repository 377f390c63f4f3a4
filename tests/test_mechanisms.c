/*
 * test_mechanisms.c — each reform lever moves its causal chain in the direction
 * the evidence says, checked link by link on a small sample of Somerset with
 * common random numbers (every scenario uses the same seed and replicates, so
 * differences come from the lever, not from noise). Each link is checked on an
 * outcome the lever moves by several times its replicate noise; links too weak
 * to resolve here (measured with 12 replicates, paired) are named but not
 * checked, since a check that passes or fails by chance tests nothing. Plus conservation checks on
 * the care system: home-care hours delivered never exceed what the workers
 * could give, and nobody is in two settings.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "cs_config.h"
#include "cs_run.h"

static int run(struct cs_scenario *sc, struct cs_results *r)
{
    char err[512];
    int rc = cs_run_scenario(sc, 2, NULL, NULL, r, err, sizeof err);
    CHECK(rc == 0, "%s: %s", sc->name, rc ? err : "");
    return rc;
}

static double mean(const struct cs_results *r, int k)
{
    double s = 0;
    for (int i = 0; i < r->n_reps * r->n_weeks; i++) s += r->series[k][i];
    return s / (r->n_reps * r->n_weeks);
}

static int setup(struct cs_scenario *sc, const char *name)
{
    char err[512];
    if (cs_scenario_load("scenarios/baseline.cfg", sc, err, sizeof err)) {
        CHECK(0, "baseline: %s", err);
        return -1;
    }
    snprintf(sc->name, sizeof sc->name, "%s", name);
    /* a status quo on budget (the spend its spin-up settles at), so that what
     * a lever does to spend shows in rationing: on Somerset's published budget
     * the status quo already rations at its highest level */
    snprintf(sc->p.budget_rule, sizeof sc->p.budget_rule, "settled");
    snprintf(sc->sq.budget_rule, sizeof sc->sq.budget_rule, "settled");
    sc->p.scale = 0.05;
    sc->p.years = 3;
    /* levers from the first dated week, and no history before them: the
     * means below are over the years the levers act */
    snprintf(sc->p.policy_start, sizeof sc->p.policy_start, "2020-07-01");
    /* the default warm-up: shorter ones start the reported years off balance */
    sc->p.replicates = 4;
    return 0;
}

/* home-care hours delivered a week per person receiving home care */
static double per_client(const struct cs_results *r)
{
    return mean(r, CS_M_home_care_hours_delivered) / mean(r, CS_M_receiving_home_care);
}

#define LESS(a, b, k, what) \
    CHECK(mean(a, k) < mean(b, k), "%s: %s %.4g < %.4g", what, cs_metric_table[k].name, mean(a, k), mean(b, k))

/* Capacities a sample holds in proportion to its size (issue 22: answers that
 * do not depend on --scale), on a sample of Somerset small enough that the
 * expected capacity is a fraction of one: truncating or rounding it up would
 * give every replicate none, or one. */
static void scale_fractions(void)
{
    struct cs_scenario sc;
    struct cs_results r;
    /* reablement at about 0.34 places (1.5 per 100k of about 22.6k adults):
     * the place is there in about a third of replicates (each its own draw),
     * so in some of 8 people start it (in none with probability 0.04) */
    if (setup(&sc, "reablement_fraction")) return;
    sc.p.reab_places = 1.5;
    sc.p.years = 1;
    sc.p.replicates = 8;
    if (run(&sc, &r)) return;
    int some = 0;
    for (int k = 0; k < r.n_reps; k++)
        for (int w = 0; w < r.n_weeks; w++) some |= r.series[CS_M_reablement_started][(size_t)k * r.n_weeks + w] > 0;
    CHECK(some, "a sample with a third of a reablement place gives nobody reablement in 8 replicates");
    cs_results_free(&r);

    /* cooperatives at about 0.08 of one (1% of the starting home-care hours,
     * a cooperative taking 20 workers' hours): 8 replicates, each its own
     * draw, should start one in about 0.6 of them, not in every one */
    if (setup(&sc, "cooperative_fraction")) return;
    sc.p.mk_coop_share = 0.01;
    sc.p.years = 1;
    sc.p.warmup_weeks = 0;
    sc.p.replicates = 8;
    if (run(&sc, &r)) return;
    int with = 0;
    for (int k = 0; k < r.n_reps; k++) with += r.series[CS_M_cooperatives][(size_t)k * r.n_weeks] > 0;
    /* P(3 or more of 8 | p = 0.08) < 0.03 */
    CHECK(with <= 2, "%d of 8 samples started with a cooperative, expected about 0.08 each", with);
    cs_results_free(&r);
}

/* Lowest-cost tendering => squeezed agencies' clients see more workers =>
 * their need progresses faster (need.low_continuity_progression_hr). At the
 * default ratio (1.15) the rise among all home-care clients is about 1% (5
 * replicates at scale 0.1: +0.9%, se 0.5%), too little to resolve here; with
 * a strong effect (3.0) both runs show the link, +17% (se 2.5%), which the
 * squeeze's own unmet need (the unmet_hr flag) could not give: without the
 * continuity link the difference is under 1%. */
static void continuity_chain(void)
{
    struct cs_scenario base, low;
    if (setup(&base, "strong_continuity") || setup(&low, "strong_continuity_lowest_cost")) return;
    base.p.cont_prog_hr = low.p.cont_prog_hr = 3.0;
    low.p.cm_lowest = 1;
    low.p.hc_price = 20.0;
    struct cs_results rb, rl;
    if (run(&base, &rb)) return;
    if (run(&low, &rl)) { cs_results_free(&rb); return; }
    LESS(&rb, &rl, CS_M_continuity_distinct_workers, "lowest cost: worse continuity");
    double pb = mean(&rb, CS_M_home_care_need_progressions) / mean(&rb, CS_M_receiving_home_care);
    double pl = mean(&rl, CS_M_home_care_need_progressions) / mean(&rl, CS_M_receiving_home_care);
    CHECK(pl > 1.05 * pb, "lowest cost: need progresses faster among home-care clients through low continuity "
          "(%.5f vs %.5f a client a week)", pl, pb);
    cs_results_free(&rb);
    cs_results_free(&rl);
}

/* Prices and fees respond (issue 23). A fair-pay floor raises care homes'
 * costs; with prices and fees following pay (council.prices_follow_pay) it
 * raises their fees by as much, so homes do not close for it, where with
 * fees held (the old model) they close (Somerset, scale 0.1, 4 replicates:
 * closures +0.125 a week, se 0.018, against +0.01, se 0.03). And a council
 * that raises its price when home-care providers fail (council.price_response)
 * pays more under lowest-cost tendering's failures, up to its cap. */
static void prices_respond(void)
{
    struct cs_scenario follow, fixed, low, resp;
    if (setup(&follow, "fair_fees_follow") || setup(&fixed, "fair_fees_fixed") || setup(&low, "lowest_cost_fixed") ||
        setup(&resp, "lowest_cost_responding"))
        return;
    follow.p.wf_floor = fixed.p.wf_floor = 12.60;
    follow.p.budget_cover = fixed.p.budget_cover = 1.15;
    fixed.p.prices_follow_pay = 0;
    low.p.cm_lowest = resp.p.cm_lowest = 1;
    low.p.hc_price = resp.p.hc_price = 20.0;
    resp.p.price_resp = 0.05;
    struct cs_results rf, rx, rl, rr;
    if (run(&follow, &rf) || run(&fixed, &rx) || run(&low, &rl) || run(&resp, &rr)) return;
    double index = 12.60 / follow.p.hm_ref_pay, fee = follow.p.res_fee * (1 - follow.p.hm_staff + follow.p.hm_staff * index);
    CHECK(fabs(mean(&rf, CS_M_council_residential_fee) - fee) < 1e-6 &&
              mean(&rx, CS_M_council_residential_fee) == follow.p.res_fee,
          "fair pay raises the council's care-home fee by its pay share (%.2f, want %.2f; held: %.2f)",
          mean(&rf, CS_M_council_residential_fee), fee, mean(&rx, CS_M_council_residential_fee));
    LESS(&rx, &rf, CS_M_council_home_care_price, "fair pay raises the home-care price with pay");
    /* (closures are too few to compare here: a handful in 3 years at this
     * scale; measured above at 0.1 over 5 years) */
    LESS(&rl, &rr, CS_M_council_home_care_price, "a council responding to failures raises its price");
    double most = 0;
    for (int i = 0; i < rr.n_reps * rr.n_weeks; i++) most = fmax(most, rr.series[CS_M_council_home_care_price][i]);
    CHECK(most <= 20.0 * (1 + resp.p.price_resp_cap) + 1e-9 && mean(&rl, CS_M_council_home_care_price) == 20.0,
          "the response stops at its cap (%.2f, cap %.2f); without it the price stays at 20", most,
          20.0 * (1 + resp.p.price_resp_cap));
    cs_results_free(&rf);
    cs_results_free(&rx);
    cs_results_free(&rl);
    cs_results_free(&rr);
}

/* The crisis chain (issue 23), each link on its own, the budget binding
 * (the settled budget rule): more carer breakdowns (carers.breakdown_rate
 * doubled) => more crisis requests => more care-home admissions; more crises
 * of people with largely unmet need (council.unmet_crisis_rate) => more
 * crisis requests; and, under a funding cut, rationing
 * that holds back council-funded places (rationing.residential_cut) => fewer
 * council-funded residents. A cut's net effect on admissions is the sum of
 * these and is not asserted (docs/model.md, The crisis chain). */
static void crisis_chain(void)
{
    struct cs_scenario base, brk, unmet, cut0, cut;
    if (setup(&base, "chain_base") || setup(&brk, "more_breakdowns") || setup(&unmet, "more_unmet_crises") ||
        setup(&cut0, "cut_places_kept") || setup(&cut, "cut_places_held_back"))
        return;
    brk.p.breakdown *= 2;
    unmet.p.unmet_crisis *= 3;
    cut0.p.budget_cover = cut.p.budget_cover = 0.8;
    cut0.p.ration_res_cut = 0;
    cut.p.ration_res_cut = 0.25;
    struct cs_results rb, rk, ru, r0, rc;
    if (run(&base, &rb) || run(&brk, &rk) || run(&unmet, &ru) || run(&cut0, &r0) || run(&cut, &rc)) return;
    LESS(&rb, &rk, CS_M_carer_breakdowns, "more breakdowns");
    LESS(&rb, &rk, CS_M_crisis_requests, "breakdowns make crisis requests");
    LESS(&rb, &rk, CS_M_residential_admissions, "breakdowns lead to care-home admissions");
    LESS(&rb, &ru, CS_M_unmet_crises, "more crises with unmet need");
    LESS(&rb, &ru, CS_M_crisis_requests, "crises with unmet need make crisis requests");
    /* (their admissions are not checked: a crisis is assessed at once, and
     * the care it brings prevents as many admissions as the crisis decisions
     * add: 9.5 against 7.8 a week here. The decision itself is checked on
     * records: test_behaviour.c crisis_decisions) */
    CHECK(mean(&r0, CS_M_rationing_level) > 0, "the cut rations (level %.2f)", mean(&r0, CS_M_rationing_level));
    LESS(&rc, &r0, CS_M_council_residential, "rationing holds back council-funded care-home places");
    cs_results_free(&rb);
    cs_results_free(&rk);
    cs_results_free(&ru);
    cs_results_free(&r0);
    cs_results_free(&rc);
}

/* Community Connect resolves only what it resolves (issue 23): with
 * conversations for every request below substantial need, requests are
 * resolved without an assessment where community groups have places, and
 * none where there are no groups to link anyone to. */
static void connect_resolves_only_with_support(void)
{
    struct cs_scenario with, none;
    if (setup(&with, "connect_with_groups") || setup(&none, "connect_without_groups")) return;
    with.p.connect_first = none.p.connect_first = 1.0;
    none.p.comm_capacity = 0;
    with.p.years = none.p.years = 1;
    struct cs_results rw, rn;
    if (run(&with, &rw)) return;
    if (!run(&none, &rn)) {
        CHECK(mean(&rw, CS_M_connect_before_assess) > 0 && mean(&rn, CS_M_community_members) == 0 &&
                  mean(&rn, CS_M_connect_before_assess) == 0,
              "Community Connect resolves requests only by linking people to support (%.3g a week with groups, %.3g "
              "without)", mean(&rw, CS_M_connect_before_assess), mean(&rn, CS_M_connect_before_assess));
        cs_results_free(&rn);
    }
    cs_results_free(&rw);
}

void test_mechanisms(void)
{
    scale_fractions();
    connect_resolves_only_with_support();
    crisis_chain();
    continuity_chain();
    prices_respond();
    struct cs_scenario base, conn, fair, high, cut, low, noreab, sl;
    if (setup(&base, "base") || setup(&conn, "connectors") || setup(&fair, "fair_pay") || setup(&high, "high_pay") ||
        setup(&cut, "cut") || setup(&low, "lowest_cost") || setup(&noreab, "no_reablement") ||
        setup(&sl, "shared_lives"))
        return;
    noreab.p.reab_places = 0;
    sl.p.sl_added = 150;                    /* Shared Lives expansion over the first year */
    low.p.cm_lowest = 1;                    /* lowest-cost tendering ... */
    low.p.hc_price = 20.0;                  /* ... at a price below agencies' unsqueezed cost */
    conn.p.conn_added_fte = 25;                 /* ten times the connectors, from week 0 */
    fair.p.wf_floor = 12.60;                /* a real living wage floor, prices following it ... */
    fair.p.budget_cover = 1.15;             /* and the budget to buy at those prices */
    high.p.wf_floor = 16.0;                 /* a floor well above market pay, to resolve turnover */
    high.p.budget_cover = 1.3;
    cut.p.budget_cover = 0.8;

    struct cs_results rb, rc, rf, rh, rx, rl, rr, rs;
    if (run(&base, &rb) || run(&conn, &rc) || run(&fair, &rf) || run(&high, &rh) || run(&cut, &rx) || run(&low, &rl) ||
        run(&noreab, &rr) || run(&sl, &rs))
        return;

    /* more Shared Lives carers => more people matched and living with them =>
     * fewer moving into care homes => less council spend on care homes */
    LESS(&rb, &rs, CS_M_shared_lives_carers, "Shared Lives expansion recruits carers");
    LESS(&rb, &rs, CS_M_shared_lives_matches, "Shared Lives expansion");
    LESS(&rb, &rs, CS_M_in_shared_lives, "Shared Lives expansion");
    LESS(&rs, &rb, CS_M_residential_admissions, "Shared Lives expansion");
    LESS(&rs, &rb, CS_M_council_residential, "Shared Lives expansion");
    LESS(&rs, &rb, CS_M_council_spend_residential, "Shared Lives expansion");
    LESS(&rb, &rs, CS_M_reform_investment, "Shared Lives expansion is reform investment");

    /* more connectors => fewer isolated => slower progression of need =>
     * fewer care-home admissions: the last two links are too weak to resolve
     * here. Need progressions: -0.2%, se 0.4% (8 replicates, paired) since
     * people are drawn from the settled distribution of need (sim/need.c);
     * -1.4%, se 0.3%, when they were drawn from a fixed prevalence curve and
     * need was still falling towards what the rates sustain. Care-home
     * admissions: +0.5%, se 1.8%, over 12 replicates */
    LESS(&rc, &rb, CS_M_isolated_share, "connectors");
    CHECK(mean(&rc, CS_M_community_members) > mean(&rb, CS_M_community_members), "connectors: more people in community groups");

    /* fair pay => lower turnover and vacancies => more hours delivered => less
     * unmet need. At the real living wage, pay rises 4% on average (most pay
     * is above the floor already), and turnover falls by about its noise
     * (-0.011, se 0.011, 16 replicates, paired), as do vacancies (-0.003, se
     * 0.003): a floor of 16 GBP resolves both (turnover -0.068, se 0.007;
     * vacancies -0.028, se 0.002), though its dearer hours leave more need
     * unmet (+15%, se 3%) where the real living wage leaves less (-16%, se 2%) */
    LESS(&rb, &rf, CS_M_mean_hourly_pay, "fair pay raises pay");
    LESS(&rh, &rb, CS_M_turnover_rate, "a high pay floor");
    LESS(&rh, &rb, CS_M_vacancy_rate, "a high pay floor");
    LESS(&rb, &rf, CS_M_home_care_hours_delivered, "fair pay delivers more");
    LESS(&rf, &rb, CS_M_unmet_need_hours, "fair pay");

    /* lowest-cost procurement => agencies squeeze costs (unpaid travel, zero-hours,
     * tighter rotas) => higher turnover and vacancies => worse continuity and
     * fewer hours delivered */
    LESS(&rb, &rl, CS_M_turnover_rate, "lowest cost");
    LESS(&rb, &rl, CS_M_vacancy_rate, "lowest cost");
    LESS(&rb, &rl, CS_M_continuity_distinct_workers, "lowest cost: more distinct workers (worse continuity)");
    /* ... and cuts visits short: time paid for goes on the road, and less
     * of the client's need is met (issue 23: the squeeze reaches the person) */
    LESS(&rb, &rl, CS_M_home_care_rushed_hours, "lowest cost: rushed visits");
    LESS(&rb, &rl, CS_M_unmet_need_hours, "lowest cost leaves more need unmet");
    /* per client (-3.5%, se 0.3%): the saving also buys more packages, so the
     * total delivered barely moves (-0.2%, se 0.5%) */
    CHECK(per_client(&rl) < per_client(&rb), "lowest cost delivers less per client: %.4g < %.4g", per_client(&rl),
          per_client(&rb));
    /* ... and squeezes small providers out: their council packages are
     * re-tendered at review, micro-enterprise owners earn less from the hours
     * left and more of them stop trading */
    CHECK(mean(&rb, CS_M_packages_retendered) == 0, "no re-tendering in the status quo");
    LESS(&rb, &rl, CS_M_packages_retendered, "lowest cost re-tenders packages at review");
    LESS(&rb, &rl, CS_M_micro_exits, "lowest cost: more micro-enterprises stop trading");
    LESS(&rl, &rb, CS_M_micro_enterprises, "lowest cost: fewer micro-enterprises");

    /* ... and more people wait for a provider. That this reaches the NHS as
     * delayed discharges is not checked: since the settling pilot (issue 22)
     * the difference is noise (-5 bed-days a week, se 47, 16 replicates
     * paired, this setting), because the unplaced wait at home rather than
     * in hospital; issue 23 (lowest cost's harm reaching people) takes it up.
     * (The NHS's total cost also counts admissions: +1.0, se 0.6, a week.) */
    LESS(&rb, &rl, CS_M_home_care_unplaced, "lowest cost leaves more packages unplaced");
    CHECK(mean(&rb, CS_M_hospital_admissions) > 0 && mean(&rb, CS_M_delayed_discharge_bed_days) > 0,
          "baseline has admissions and some delayed discharges");

    /* no reablement after discharge => nobody regains independence that way =>
     * more people on long-term council home care (+2.1%, se 0.3%) => more
     * home-care spend (the number with any need barely moves: +0.01%, se
     * 0.04%, as reablement mostly lowers need by one level) */
    CHECK(mean(&rr, CS_M_reablement_started) == 0 && mean(&rb, CS_M_reablement_independent) > 0,
          "reablement: none without places, some people independent after it at baseline");
    LESS(&rb, &rr, CS_M_council_home_care, "without reablement");
    LESS(&rb, &rr, CS_M_council_spend_home_care, "without reablement");

    /* a funding cut => longer waiting list and more unmet need => more carer
     * breakdowns (the last link below, with more replicates) */
    LESS(&rb, &rx, CS_M_rationing_level, "cut rations more");
    LESS(&rb, &rx, CS_M_waiting_list, "cut lengthens the list");
    LESS(&rb, &rx, CS_M_unmet_need_hours, "cut leaves more need unmet");

    /* conservation in every run and week */
    struct cs_results *all[7] = {&rb, &rc, &rf, &rx, &rl, &rr, &rs};
    int ok_hours = 1, ok_setting = 1, ok_one = 1, ok_nursing = 1;
    for (int a = 0; a < 7; a++)
        for (int i = 0; i < all[a]->n_reps * all[a]->n_weeks; i++) {
            double d = all[a]->series[CS_M_home_care_hours_delivered][i];
            double c = all[a]->series[CS_M_home_care_capacity][i];
            /* per-client hundredths of an hour are rounded: allow that much */
            ok_hours &= d <= c + 0.01 * all[a]->series[CS_M_receiving_home_care][i] + 1e-9;
            ok_setting &= all[a]->series[CS_M_receiving_home_care][i] + all[a]->series[CS_M_in_residential_care][i] <=
                          all[a]->series[CS_M_people_alive][i];
            /* every person in exactly one setting: the four are counted in
             * different places in the code (hospital in the events phase) */
            double four = all[a]->series[CS_M_living_at_home][i] + all[a]->series[CS_M_in_hospital][i] +
                          all[a]->series[CS_M_in_residential_care][i] + all[a]->series[CS_M_in_shared_lives][i];
            ok_one &= fabs(four - all[a]->series[CS_M_people_alive][i]) < 1e-6;
            ok_nursing &= all[a]->series[CS_M_in_nursing_care][i] <= all[a]->series[CS_M_in_residential_care][i];
        }
    CHECK(ok_one, "every person alive is in exactly one setting (home, hospital, care home, Shared Lives) every week");
    CHECK(ok_nursing, "nursing-home residents are a subset of care-home residents");
    CHECK(ok_hours, "home-care hours delivered never exceed workers' contact hours");
    CHECK(ok_setting, "nobody is counted both at home with care and in a care home");
    /* Somerset's market is mostly micro-enterprises, whose staff leave less
     * (workforce.autonomy_hr), so its turnover sits well below England's 24%
     * (0.124 with the calibrated baseline); England's figure itself is checked
     * by make validate (0.221, a pass). Here: a plausible band only. */
    CHECK(mean(&rb, CS_M_turnover_rate) > 0.08 && mean(&rb, CS_M_turnover_rate) < 0.35,
          "baseline turnover %.3f in a plausible band", mean(&rb, CS_M_turnover_rate));
    CHECK(mean(&rb, CS_M_vacancy_rate) > 0.02 && mean(&rb, CS_M_vacancy_rate) < 0.15,
          "baseline vacancy rate %.3f near the published 8%%", mean(&rb, CS_M_vacancy_rate));

    cs_results_free(&rb);
    cs_results_free(&rc);
    cs_results_free(&rf);
    cs_results_free(&rh);
    cs_results_free(&rx);
    cs_results_free(&rl);
    cs_results_free(&rr);
    cs_results_free(&rs);

    /* ... => more carer breakdowns: +1.4 a week on 83 (16 replicates, paired:
     * se 0.5; a replicate's own difference has sd 1.9), too little for 4
     * replicates (se about 1: it failed on one draw of the scheduler), so
     * base and cut again with 24 (se about 0.4) */
    struct cs_scenario base24, cut24;
    if (setup(&base24, "base24") || setup(&cut24, "cut24")) return;
    base24.p.replicates = cut24.p.replicates = 24;
    cut24.p.budget_cover = cut.p.budget_cover;
    struct cs_results r24b, r24x;
    if (run(&base24, &r24b)) return;
    if (!run(&cut24, &r24x)) {
        LESS(&r24b, &r24x, CS_M_carer_breakdowns, "cut breaks more carers (24 replicates)");
        cs_results_free(&r24x);
    }
    cs_results_free(&r24b);
}
