/*
 * cs_homes.h — care homes (residential and nursing) as provider agents.
 *
 * Each home has a type (residential or nursing), a size in beds, a district,
 * residents (council-funded and self-funders) and reserves. Homes take
 * residents, earn fees, pay costs that rise with care pay, close under
 * sustained losses (displacing their residents), and new homes open where
 * beds are short. The module holds no people: the model keeps each resident's
 * home id, recounts occupied[] and council[] every week, and re-places the
 * residents of a closed home. Home ids are never reused, so a resident's id
 * stays valid; the arrays may move when a home opens (do not keep pointers).
 *
 * Units. Homes keep real sizes in beds, and residents are simulated people,
 * so at sampling fraction `scale` there are about `scale` times as many homes
 * as in the place. Money is per simulated home, like every other sum the model
 * keeps: weight it back by 1/scale for reporting.
 *
 * Notation. Type t is 0 residential, 1 nursing. Fees per week: residential
 * council.residential_fee (council) and council.private_residential_fee
 * (self-funder); nursing homes.nursing_council_fee and homes.nursing_private_fee.
 * Each fee is multiplied by fee_mult (its pay component and the council's
 * responses to closures: the model sets them, model.c cs_prices_week).
 * FNC = homes.fnc, paid by the NHS for every resident of a nursing home.
 * occ0 = homes.initial_occupancy, the "normal" occupancy.
 *   pay factor  pf = 1 − staff_share + staff_share × pay_index
 *   fixed cost per bed  fb = fixed_cost_per_bed × (small ? small_cost_ratio : 1)
 *                            × (nursing ? nursing_cost_ratio : 1) × pf
 *   cost per resident   vr = resident_cost × (nursing ? nursing_cost_ratio : 1) × pf
 *   unit cost   uc = fb / occ0 + vr      (cost per resident at normal occupancy)
 * pay_index is the last value given to cs_homes_week (1 before the first).
 * With the defaults, a large residential home at 88% occupancy with half its
 * residents council-funded earns about 7% on its revenue; a small one about
 * 4%; a 10% cut in the residential council fee leaves large residential
 * homes about 3% and small ones about 0% (see the parameter sources).
 *
 * Rules:
 *
 *  1. Initial stock (cs_homes_init). For each district d and type t with
 *     R residents at the start, homes are drawn one by one until their beds
 *     reach R / occ0 (none if R = 0): while at least a mean home's beds m are
 *     still needed, a home is added; then, with g beds still needed, one more
 *     home with probability g / m, else none (draw word 3), so the expected
 *     beds are R / occ0 at any scale. Each home is small with probability
 *     homes.small_share, with beds uniform in [max(1, small_beds/4),
 *     small_beds]; otherwise large, with beds uniform in [small_beds + 1,
 *     max(small_beds + 1, round(2 × large_mean_beds) − small_beds − 1)]; m is
 *     the mean of that mixture. Homes keep their drawn sizes (so the small
 *     share holds in a district of few residents). Reserves are uniform in
 *     [0, 2 × start_reserve_weeks] weeks of the home's cost at normal
 *     occupancy. occupied and council start at 0: the model admits the
 *     starting residents with cs_homes_admit, in id order.
 *  2. Admission (cs_homes_admit). A home has room if it is alive and
 *     occupied < beds. A self-funder is accepted by any home with room. A
 *     council-funded resident is accepted by a home with room if
 *       (a) its council fee (plus FNC) ≥ uc: the fee covers its costs; or
 *       (b) occupied < homes.accept_occupancy × beds: it would rather fill an
 *           empty bed at a loss than leave it empty; or
 *       (c) (council + 1) ≤ s_max × (occupied + 1), the council share after
 *           admission no higher than the mix at which average fees cover uc:
 *           s_max = (private − uc) / (private − council fee), fees plus FNC,
 *           clamped to [0, 1] (0 when private ≤ council fee).
 *     Candidates are searched in tiers, the first non-empty tier wins:
 *     right type in the person's district, right type anywhere, then for a
 *     residential person a nursing home in the district, then anywhere
 *     (a nursing person never goes to a residential home). Within the tier a
 *     home is drawn with probability proportional to its free beds
 *     (beds − occupied), from the draw (person, week, CS_P_HOMES, 0). The
 *     home's occupied (and council if council-funded) rise by one. Returns
 *     the home id, or -1 if no home anywhere accepts the person. A district
 *     outside [0, n_districts) means no district preference.
 *  3. Finances (cs_homes_week, after the model has written this week's
 *     recount into occupied[] and council[]). For each alive home with o
 *     residents, c of them council-funded (c clamped to [0, o]):
 *       revenue = c × council fee + (o − c) × private fee + (nursing ? o × FNC : 0)
 *       cost    = fb × max(beds, o) + vr × o
 *       reserves += revenue − cost
 *     A home charges its own type's fees to everyone in it (a residential
 *     person placed in a nursing home pays nursing fees and attracts FNC;
 *     cs_homes_fee gives the fee). Beds withdrawn by rule 6 cost nothing once
 *     empty; a withdrawn bed still occupied costs like an open one.
 *  4. Closures, after finances: a home closes if reserves < −exit_reserve_weeks
 *     × this week's cost, or else with weekly probability
 *     1 − exp(−closure_rate/52), from the draw (home id, week, CS_P_HOMES, 1).
 *     A home left with no beds and no residents by rule 6 closes too. A
 *     closing home gets alive = 0, beds = occupied = council = 0; its residents
 *     (counted in `displaced`) must be re-placed by the model.
 *  5. Entry, after closures, per type: demand = residents of that type's
 *     homes this week (including those displaced, who still need a bed) +
 *     waiting[t] (set by the model before the call, zeroed after); occupancy =
 *     demand / open beds of that type, at most 1.5 (1.5 with demand and no
 *     beds, 0 with neither); smoothed occ_smooth += (occupancy − occ_smooth) /
 *     homes.occupancy_smoothing_weeks (starting at occ0). If occ_smooth >
 *     homes.entry_occupancy, at least homes.entry_lag_weeks have passed since
 *     the last round of that type, and the private fee (plus FNC) covers the
 *     unit cost uc of a large home, a round of openings follows: with x =
 *     (smoothed demand / occ0 − open beds) / size, floor(x) large homes of
 *     size = round(large_mean_beds) beds (at least small_beds + 1) open, and
 *     one more with probability x − floor(x) (the draw (t, week, CS_P_HOMES,
 *     3)), so the expected new beds are the shortfall at any scale; with
 *     demand and no open beds of the type, at least one (smoothed demand =
 *     occ_smooth × open beds, or this week's demand if there are none). The
 *     round counts for the lag even if it opens none. Each opens in the
 *     district where that type's occupancy
 *     (residents / beds, counting the homes just opened) is highest (a
 *     district with residents and no beds first; ties to the lowest index),
 *     and starts with start_reserve_weeks weeks of its cost at normal
 *     occupancy. A round does not reset occ_smooth; the lag stops the next
 *     round until the new beds show in it.
 *  6. Decommissioning, first in cs_homes_week: at each reported year boundary
 *     (report_week > 0 and report_week % 52 == 0; never in warm-up) the
 *     council withdraws round(decommission_share × B) beds, B being the beds
 *     of alive residential homes, proportionally: each home loses
 *     floor(share × beds), and the remaining beds one each from the homes
 *     with the largest fractional remainders (ties to the lowest id).
 *     Residents stay: occupied may exceed beds, and no one is admitted there
 *     until occupied < beds.
 *  7. Determinism: every step is serial in home order; the only draws are
 *     those named above, plus the initial stock's (district × 2 + t, home
 *     sequence number j, CS_P_HOMES, 2) and
 *     entry's (type, week, CS_P_HOMES, 3). Same inputs, same outputs, bit for bit.
 */
#ifndef CS_HOMES_H
#define CS_HOMES_H

#include <stddef.h>
#include <stdint.h>

#include "cs_params.h"
#include "cs_rng.h"

enum { CS_HOME_RES, CS_HOME_NURSING, CS_HOME_TYPES };

struct cs_homes {
    int32_t n, cap;          /* homes ever opened (ids 0..n-1), allocated slots */
    uint8_t *alive;
    uint8_t *nursing;        /* 1 = nursing home, 0 = residential */
    uint8_t *small;          /* small home (beds at opening <= homes.small_beds) */
    uint8_t *district;
    int32_t *beds;           /* beds open to admissions */
    int32_t *occupied;       /* residents: the model overwrites this every week
                              * with a recount; cs_homes_admit adds one */
    int32_t *council;        /* council-funded residents among occupied (same) */
    double *reserves;        /* GBP */
    double *revenue, *cost;  /* GBP this week, per home (0 for homes closed before
                              * this week; a home closing this week keeps them) */
    int32_t waiting[CS_HOME_TYPES]; /* input the model may set before each
                              * cs_homes_week: people waiting for a bed of each
                              * type (rule 5); the week reads it, then zeroes it */

    int n_districts;
    double pay_index;                   /* last pay_index given (rule 2 uses it) */
    double fee_mult[2];                 /* fees in force over the parameters': [0] self-funders',
                                         * [1] the council's (set by the model each week; 1 at the start) */
    double occ_smooth[CS_HOME_TYPES];   /* smoothed occupancy by type (rule 5) */
    int last_entry[CS_HOME_TYPES];      /* week of the last opening by type */
    double *frac;                       /* private scratch (rule 6) */

    /* this week (cs_homes_week) */
    int openings, closures;
    int32_t displaced;         /* residents of homes that closed this week */
    int32_t decommissioned;    /* beds withdrawn this week (rule 6) */
    int32_t beds_total;        /* open beds after this week's changes */
    int32_t occupied_total;    /* residents of homes open this week (finance basis) */
    int32_t nursing_occupied;  /* of them in nursing homes (FNC is paid for them) */
    int32_t beds_by_type[CS_HOME_TYPES], occupied_by_type[CS_HOME_TYPES];
    double revenue_week, cost_week;
    double fnc_week;           /* NHS Funded Nursing Care paid this week (GBP): an
                                * NHS cost, included in revenue_week */
};

/* Build the initial stock (rule 1) for n_districts (1..255) districts;
 * residents[2*d + t] is the number of type-t residents in district d at the
 * start. Returns 0, or -1 with a message in err (h is then left freed). */
int cs_homes_init(struct cs_homes *h, const struct cs_params *p, cs_key key, int n_districts,
                  const int32_t *residents, char *err, size_t errlen);

/* Place one person (rule 2): nursing = needs a nursing home; district = the
 * person's district. Returns the home id, or -1 if no home accepts them. */
int32_t cs_homes_admit(struct cs_homes *h, const struct cs_params *p, cs_key key,
                       uint32_t person, int week, int nursing, int council_funded, int district);

/* The weekly step, once a week, serially, after the model has written this
 * week's recount into occupied[] and council[] (rules 6, 3, 4, 5 in that
 * order). week: absolute step; report_week < 0 in warm-up; pay_index: mean
 * care-worker pay / its baseline (1.0 at baseline). */
void cs_homes_week(struct cs_homes *h, const struct cs_params *p, cs_key key, int week,
                   int report_week, double pay_index);

/* Weekly fee home charges a resident (council or self-funded), excluding FNC. */
double cs_homes_fee(const struct cs_homes *h, const struct cs_params *p, int32_t home,
                    int council_funded);

/* Cost per resident of home at normal occupancy and the current pay_index (uc). */
double cs_homes_unit_cost(const struct cs_homes *h, const struct cs_params *p, int32_t home);

/* Free everything h owns; h is zeroed, so freeing twice is harmless. */
void cs_homes_free(struct cs_homes *h);

#endif
