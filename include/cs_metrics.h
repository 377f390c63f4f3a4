/*
 * cs_metrics.h — the weekly outputs of a run, in one table.
 *
 * Each row is  M(name, weighted, units, description); weighted = 1 for counts,
 * hours and money, which are multiplied by 1/scale when a sample is simulated. A run records one value per metric
 * per week; they are written to /scenarios/<name>/timeseries/<name> with these
 * units and descriptions, and listed by  caresim --list-metrics.
 * Counts of people and money are weighted by 1/scale (see the 'scale' parameter).
 */
#ifndef CS_METRICS_H
#define CS_METRICS_H

#define CS_METRIC_TABLE(M) \
M(people_alive, 1, "people", "Adults alive at the end of the week") \
M(people_65plus, 1, "people", "Adults aged 65 or over alive at the end of the week") \
M(deaths, 1, "people/week", "Deaths during the week") \
M(entrants, 1, "people/week", "People turning 18 who joined the population this week (on their birthdays, spread over the year)") \
M(people_with_need, 1, "people", "Adults with any care need (level low or above)") \
M(people_65plus_with_need, 1, "people", "Adults aged 65 or over with any care need (part of people_with_need)") \
M(people_with_eligible_need, 1, "people", "Adults whose need meets the Care Act threshold in force this week (rises when rationing tightens it)") \
M(need_progressions, 1, "events/week", "People whose need rose by a level this week (onset included)") \
M(residential_admissions, 1, "people/week", "People moving into a care home this week (council-funded or self-funded)") \
M(residential_admissions_per_100k_65plus, 0, "per 100k 65+ per year", "Care-home admissions of people 65+ as an annual rate per 100,000 people aged 65+") \
M(requests, 1, "requests/week", "Requests for support reaching the council front door (new, crisis and reassessment)") \
M(requests_65plus, 1, "requests/week", "Requests from people aged 65 or over (part of requests)") \
M(crisis_requests, 1, "requests/week", "Crisis requests: from a carer breakdown, or a crisis with largely unmet need (handled before others)") \
M(unmet_crises, 1, "events/week", "Crises of people at home with largely unmet eligible need (council.unmet_crisis_rate); those with eligible need make crisis requests") \
M(assessments, 1, "assessments/week", "Care Act assessments completed") \
M(reviews, 1, "reviews/week", "Reviews of council-funded care plans completed") \
M(waiting_list, 1, "people", "People waiting for an assessment at the end of the week") \
M(wait_weeks_mean, 0, "weeks", "Mean time people now on the waiting list have waited") \
M(receiving_home_care, 1, "people", "People receiving home care (council-funded or self-funded)") \
M(council_home_care, 1, "people", "People receiving council-funded home care") \
M(in_residential_care, 1, "people", "People living in a care home, residential or nursing (council-funded or self-funded; not counting residents in hospital)") \
M(in_nursing_care, 1, "people", "People living in a nursing home (part of in_residential_care)") \
M(in_shared_lives, 1, "people", "People living with a Shared Lives carer") \
M(living_at_home, 1, "people", "People living in their own home this week (with or without care; including those waiting for a placement); with in_hospital, in_residential_care and in_shared_lives this covers everyone alive") \
M(awaiting_placement, 1, "people", "People the council or they themselves have decided should move to a care home or Shared Lives, still waiting for a bed or a match") \
M(council_residential, 1, "people", "People in a council-funded care-home place") \
M(long_term_support_ytd, 1, "people", "Distinct people on council-funded long-term support (home care, direct payments included; a care-home place; Shared Lives) at any time since the start of the reported year; its last week's value is the year's count (ASC-FR's 'during the year')") \
M(long_term_support_ytd_65plus, 1, "people", "The part of long_term_support_ytd aged 65 or over when first supported in the year") \
M(self_funders, 1, "people", "People paying for their own care (home or residential)") \
M(unmet_need_people, 1, "people", "People with care need whose needed hours are not fully covered by paid and unpaid care") \
M(unmet_need_hours, 1, "hours/week", "Hours of needed care not covered by paid or unpaid care") \
M(at_home_share, 0, "fraction", "Share of people with care needs who live at home (not in a care home)") \
M(unpaid_care_value, 1, "GBP/week", "Unpaid care hours valued at carers.replacement_cost") \
M(unpaid_carers, 1, "people", "Unpaid carers giving care this week (one main carer per person cared for)") \
M(unpaid_carers_20_49h, 1, "people", "Unpaid carers giving 20 to 49 hours this week (Census 2021 band)") \
M(unpaid_carers_50h, 1, "people", "Unpaid carers giving 50 or more hours this week (Census 2021 band)") \
M(unpaid_care_hours, 1, "hours/week", "Hours of unpaid care given, supervision by co-resident carers included") \
M(carer_strain_mean, 0, "0-1", "Mean strain of unpaid carers giving care") \
M(carer_breakdowns, 1, "events/week", "Unpaid carers breaking down under strain") \
M(isolated_share, 0, "fraction", "Share of adults who are socially isolated") \
M(wellbeing_mean, 0, "0-1", "Mean social-care-related quality of life of all adults") \
M(wellbeing_gap_deprivation, 0, "0-1", "Mean wellbeing in the most deprived IMD quintile minus the least deprived") \
M(wellbeing_gap_ethnicity, 0, "0-1", "Mean wellbeing of minority ethnic adults minus White adults") \
M(eligibility_level, 0, "need level", "Need level currently required for council support (2 = moderate)") \
M(rationing_level, 0, "level", "Council rationing level (0 = none)") \
M(council_budget, 1, "GBP/week", "Council budget for this week (annual budget / 52)") \
M(council_spend, 1, "GBP/week", "Council net spend this week: the sum of the council_spend_* categories") \
M(council_home_care_price, 0, "GBP/hour", "Price the council pays per hour of home care this week: council.home_care_price with its pay component (council.prices_follow_pay) and the council's responses to provider failures (council.price_response)") \
M(council_residential_fee, 0, "GBP/week", "Council fee for a residential care-home place this week: council.residential_fee with its pay component and the council's responses to closures (nursing fees move in proportion)") \
M(council_spend_home_care, 1, "GBP/week", "Council spend on home care, net of client charges") \
M(council_spend_residential, 1, "GBP/week", "Council spend on care-home places, net of client charges") \
M(council_spend_community, 1, "GBP/week", "Council spend on connectors and community investment") \
M(council_spend_assessment, 1, "GBP/week", "Cost of social workers doing assessments and reviews") \
M(client_charges, 1, "GBP/week", "Charges paid to the council by people between the capital limits (already netted from spend)") \
M(on_direct_payment, 1, "people", "Council-funded people taking their home care as a direct payment (employing a personal assistant)") \
M(home_care_hours_delivered, 1, "hours/week", "Hours of home care delivered (paid contact hours)") \
M(home_care_rushed_hours, 1, "hours/week", "Hours of home-care clients' planned contact time lost to rushed visits: a squeezed agency is paid for them (they are part of home_care_hours_delivered) but they meet no need (market.rushed_time_squeezed)") \
M(home_care_need_progressions, 1, "events/week", "People receiving home care whose need rose by a level this week (part of need_progressions; their chance rises with low continuity, need.low_continuity_progression_hr, and with unmet need)") \
M(home_care_capacity, 1, "hours/week", "Contact hours home-care workers could give this week") \
M(home_care_unplaced, 1, "people", "People with a home-care package but no provider with room to take them") \
M(workforce_headcount, 1, "workers", "Home-care workers employed (agencies, micro-enterprises, teams, cooperatives, personal assistants)") \
M(vacancy_rate, 0, "fraction", "Vacancies as a share of posts (filled plus vacant) in home care") \
M(turnover_rate, 0, "per year", "Leavers this week as an annual rate of the workforce") \
M(mean_hourly_pay, 0, "GBP/hour", "Mean hourly pay of home-care workers") \
M(continuity_distinct_workers, 0, "workers", "Mean distinct care workers a home-care client saw in the last complete 12-week window") \
M(providers_active, 1, "providers", "Home-care providers trading (personal assistants not counted)") \
M(micro_enterprises, 1, "providers", "Micro-enterprises trading") \
M(provider_entries, 1, "providers/week", "Providers starting to trade this week") \
M(provider_failures, 1, "providers/week", "Providers that stopped trading this week (losses, or a sole owner leaving)") \
M(community_capacity, 1, "places", "People community groups, volunteers and mutual aid can support at once") \
M(community_members, 1, "people", "People taking part in community groups") \
M(connector_caseload, 1, "people/week", "People connectors started working with this week") \
M(connect_before_assess, 1, "people/week", "Front-door requests resolved by connecting the person to community support, without a formal assessment") \
M(reform_investment, 1, "GBP/week", "Spending on reforms this week (added connectors, community investment, Shared Lives expansion, Homeshare programme, provider development); included in council spend") \
M(self_funder_spend, 1, "GBP/week", "Spend by people paying for their own care") \
M(hospital_admissions, 1, "admissions/week", "Emergency hospital admissions this week (rate by need level, higher when need is unmet)") \
M(in_hospital, 1, "people", "People in a hospital bed this week (being treated, or medically fit and waiting to leave)") \
M(hospital_bed_days, 1, "bed-days/week", "Bed-days of treatment of the stays that began this week") \
M(delayed_discharge_bed_days, 1, "bed-days/week", "Bed-days of people medically fit to leave but waiting for an assessment, a home-care provider or a care-home bed") \
M(discharge_requests, 1, "requests/week", "Requests reaching the council from hospital discharge (part of requests)") \
M(in_reablement, 1, "people", "People receiving reablement at home after a hospital stay") \
M(reablement_started, 1, "people/week", "Reablement episodes started") \
M(reablement_completed, 1, "people/week", "Reablement episodes ended") \
M(reablement_independent, 1, "people/week", "Reablement episodes ending with no long-term care needed (Oflog ASC5-like outcome)") \
M(council_spend_reablement, 1, "GBP/week", "Council spend on reablement") \
M(nhs_cost, 1, "GBP/week", "Cost to the NHS: bed-days of this week's emergency stays and of delayed discharges, plus NHS-funded nursing care in nursing homes (reported separately from council spend)") \
M(care_home_beds, 1, "beds", "Care-home beds open to admissions") \
M(care_home_occupancy, 0, "fraction", "Care-home residents (including those in hospital) as a share of open beds") \
M(care_home_openings, 1, "homes/week", "Care homes opening this week") \
M(care_home_closures, 1, "homes/week", "Care homes closing this week (sustained losses, or owners leaving)") \
M(care_home_small_share, 0, "fraction", "Share of open care homes that are small (at most homes.small_beds beds)") \
M(residents_displaced, 1, "people/week", "People whose care home closed or whose Shared Lives carer left this week, who must be placed again") \
M(shared_lives_carers, 1, "carers", "Shared Lives carer households approved and active") \
M(shared_lives_matches, 1, "people/week", "People matched with a Shared Lives carer this week") \
M(homeshare_matches, 1, "people", "Older householders living with a homesharer") \
M(council_spend_shared_lives, 1, "GBP/week", "Council spend on Shared Lives: carers' fees, the scheme's overhead and development") \
M(council_spend_provider_development, 1, "GBP/week", "Council spend on starting new providers (an expanded micro-enterprise programme, start-up support for self-managing teams and cooperatives), booked the week after the starts; reform investment") \
M(reform_grant, 1, "GBP/week", "Ring-fenced 'down payment' grant from central government to the council (reform.grant_*); part of council_budget") \
M(micro_exits, 1, "providers/week", "Micro-enterprises that stopped trading this week (part of provider_failures)") \
M(self_managing_teams, 1, "providers", "Self-managing home-care teams trading") \
M(cooperatives, 1, "providers", "Care cooperatives trading") \
M(team_failures, 1, "providers/week", "Self-managing teams and cooperatives that stopped trading this week, their reserves used up (part of provider_failures)") \
M(team_splits, 1, "providers/week", "Self-managing teams that split in two this week, having grown to market.max_workers with a full caseload (the new team is counted in provider_entries)") \
M(team_block_placements, 1, "people/week", "Council-funded home-care clients placed this week with a self-managing team or cooperative under its block contract (commissioning.team_block_share)") \
M(packages_retendered, 1, "packages/week", "Council home-care packages moved at review because lowest-cost tendering excludes their provider") \
M(long_term_spend_18_64, 1, "GBP/week", "Gross cost of council-funded home care (direct payments included) and care-home places for people aged 18-64, before client charges; Shared Lives fees are not split by age") \
M(long_term_spend_65plus, 1, "GBP/week", "As long_term_spend_18_64, for people aged 65 or over") \
M(people_75plus, 1, "people", "Adults aged 75 or over alive at the end of the week (part of people_65plus)") \
M(people_85plus, 1, "people", "Adults aged 85 or over alive at the end of the week (part of people_75plus)") \
M(people_75plus_with_need, 1, "people", "Adults aged 75 or over with any care need (part of people_65plus_with_need)") \
M(people_85plus_with_need, 1, "people", "Adults aged 85 or over with any care need (part of people_75plus_with_need)") \
M(immigrants, 1, "people/week", "Adults (18+) who moved into the place this week: net migration of their age and sex, where positive (demography.c)") \
M(emigrants, 1, "people/week", "Adults who left the place alive this week: net migration of their age and sex, where negative") \
M(at_home_65_69, 1, "people", "People aged 65-69 in private households (not resident in a care home), counted once a year at the start of the model year (a census, sim/need.c) and reported every week of it; with the next five, the Health Survey for England's populations (validation/README.md, Need)") \
M(at_home_65_69_with_need, 1, "people", "As at_home_65_69, with need of level low or above (HSE: needs help with at least one ADL or IADL)") \
M(at_home_65_69_moderate_need, 1, "people", "As at_home_65_69, with need of level moderate or above (HSE: needs help with two or more ADLs or IADLs)") \
M(at_home_80plus, 1, "people", "People aged 80 or over in private households, counted once a year as at_home_65_69") \
M(at_home_80plus_with_need, 1, "people", "As at_home_80plus, with need of level low or above") \
M(at_home_80plus_moderate_need, 1, "people", "As at_home_80plus, with need of level moderate or above") \
M(at_home_85plus, 1, "people", "People aged 85 or over in private households, counted once a year as at_home_65_69") \
M(at_home_85plus_with_need, 1, "people", "As at_home_85plus, with need of level low or above") \
M(at_home_men_65plus, 1, "people", "Men aged 65 or over in private households, counted once a year as at_home_65_69") \
M(at_home_men_65plus_with_need, 1, "people", "As at_home_men_65plus, with need of level low or above") \
M(at_home_women_65plus, 1, "people", "Women aged 65 or over in private households, counted once a year as at_home_65_69") \
M(at_home_women_65plus_with_need, 1, "people", "As at_home_women_65plus, with need of level low or above")

/*
 * National aggregation (a national run, place "all": docs/output.md). A metric
 * with weighted = 1 (a count, hours or money) is the sum over councils. Every
 * metric with weighted = 0 (a rate, share, mean or level) has a row here,
 * N(metric, weight): the weighted metric whose value, council by council and
 * week by week, weights it. The national value is
 *     sum over councils p of (value_p * weight_p) / sum over p of weight_p
 * (0 when every weight is 0), summed in the order of seeds/places.csv. Where the
 * weight is the metric's own denominator the result is the national figure
 * itself (e.g. isolated_share); otherwise it is a weighted mean of councils'
 * figures (the wellbeing gaps, levels, vacancy_rate, continuity, small share).
 * A test checks that every unweighted metric has a row.
 */
#define CS_NATIONAL_WEIGHT_TABLE(N) \
N(residential_admissions_per_100k_65plus, people_65plus) \
N(wait_weeks_mean, waiting_list) \
N(at_home_share, people_with_need) \
N(carer_strain_mean, unpaid_carers) \
N(isolated_share, people_alive) \
N(wellbeing_mean, people_alive) \
N(wellbeing_gap_deprivation, people_alive) \
N(wellbeing_gap_ethnicity, people_alive) \
N(eligibility_level, people_alive) \
N(rationing_level, people_alive) \
N(vacancy_rate, workforce_headcount) \
N(turnover_rate, workforce_headcount) \
N(mean_hourly_pay, workforce_headcount) \
N(continuity_distinct_workers, receiving_home_care) \
N(council_home_care_price, council_home_care) \
N(council_residential_fee, council_residential) \
N(care_home_occupancy, care_home_beds) \
N(care_home_small_share, care_home_beds)

enum cs_metric {
#define CS_M_ENUM(name, w, units, desc) CS_M_##name,
    CS_METRIC_TABLE(CS_M_ENUM)
#undef CS_M_ENUM
    CS_N_METRICS
};

struct cs_metric_info { const char *name; int weighted; const char *units, *desc; };
extern const struct cs_metric_info cs_metric_table[CS_N_METRICS];

/* The metric that weights metric k in national aggregation (CS_NATIONAL_WEIGHT_TABLE),
 * or -1 when k is summed over councils (weighted = 1). An unweighted metric
 * missing from the table is weighted by people_alive (a test flags it). */
int cs_metric_national_weight(int k);

#endif
