/*
 * cs_params_community.h — parameters of community assets and connectors, in the
 * row format of cs_params.h (included there into CS_PARAM_TABLE).
 *
 * Community assets (groups, volunteers, mutual aid) are a number of supported
 * places per neighbourhood; connectors (Village Agents, local area coordinators,
 * social prescribing link workers) link isolated people to those places. The
 * mechanism is in sim/community.c and docs/model.md ("Community assets and
 * connectors"). Effect sizes for connected people come from small, mostly
 * uncontrolled or self-published evaluations, so their plausible ranges are wide
 * and include "no effect" (a hazard ratio of 1).
 */
#ifndef CS_PARAMS_COMMUNITY_H
#define CS_PARAMS_COMMUNITY_H

#define CS_PARAMS_COMMUNITY(P) \
/* ---- community assets */ \
P(REAL, "community.capacity_per_1000", comm_capacity, 1, 25, NULL, 0, 1000, 12, 50, "places per 1,000 adults", \
  "People that community groups, volunteers and mutual aid in a middle-deprivation urban neighbourhood can support at once, per 1,000 adults", \
  "Assumption: Community Life Survey 2021/22 has 16% of adults volunteering formally at least monthly; taken as about one supported place per six regular volunteers. Wide range") \
P(REAL, "community.deprivation_gradient", comm_depr_grad, 1, 0.85, NULL, 0.1, 2, 0.75, 0.95, "ratio per quintile", \
  "Capacity multiplier per IMD quintile step towards the most deprived (applied as ratio^(2 - quintile)), so deprived places start with fewer assets", \
  "Community Life Survey 2021/22: formal volunteering is less common in the most deprived areas; Scottish Household Survey 2019 gives 16% vs 33% between the most and least deprived quintiles (about 0.83 per step)") \
P(REAL, "community.rural_multiplier", comm_rural_mult, 1, 1.2, NULL, 0.1, 5, 1.0, 1.4, "ratio", \
  "Capacity multiplier for rural neighbourhoods", \
  "DEFRA Statistical Digest of Rural England (Community Life Survey 2021/22): about 3 in 5 rural and 1 in 2 urban residents volunteered in the year; lower end allows for distance limiting whom groups can reach") \
P(REAL, "community.growth", comm_growth, 1, 0.0, NULL, -0.5, 1, 0, 0, "per year", \
  "Real growth of community capacity at each reported year boundary (the community-asset growth scenario); not applied in warm-up", \
  "Structural lever; 0 in the status quo") \
P(REAL, "community.investment_gbp", comm_invest, 1, 0.0, NULL, 0, 1e10, 0, 0, "GBP/year", \
  "Annual investment in community capacity for the whole place, from week 0; buys investment/cost_per_place extra places, phased in evenly over the first reported year and kept while it is paid", \
  "Structural lever; 0 in the status quo") \
P(REAL, "community.cost_per_place", comm_cost_place, 1, 500, NULL, 1, 1e6, 250, 1500, "GBP/year", \
  "Annual cost of sustaining one additional supported place (volunteer coordination, venues, transport, small grants)", \
  "Assumption: published costings of befriending and community-group schemes (e.g. LSE PSSRU economic analyses of loneliness interventions) vary several-fold; wide range") \
P(REAL, "community.membership_exit_rate", comm_exit, 1, 0.5, NULL, 0, 52, 0.25, 1.0, "per year", \
  "Annual rate at which a connected person stops taking part in a group", \
  "Assumption: reviews of social prescribing (Husk et al. 2020, realist review) report widely varying and often short engagement; mean of about two years") \
P(REAL, "community.connected_iso_hr", comm_iso_hr, 1, 0.6, NULL, 0.01, 5, 0.4, 1.0, "ratio", \
  "Isolation-entry hazard multiplier for connected people (taking part in a group)", \
  "Weak evidence: uncontrolled social prescribing evaluations (e.g. British Red Cross Connecting Communities, Foster et al. 2021) report less loneliness; reviews (Drinkwater et al. 2019, BMJ) find controlled evidence thin. Range includes no effect") \
P(REAL, "community.connected_progression_hr", comm_prog_hr, 1, 0.9, NULL, 0.01, 5, 0.75, 1.0, "ratio", \
  "Need-progression hazard multiplier for connected people, on top of not being isolated", \
  "Assumption: social participation is associated with slower functional decline in observational cohorts (ELSA), which is confounded; trials of social prescribing show no clear effect on function. Range includes no effect") \
P(REAL, "community.self_join_rate", comm_self_join, 1, 0.1, NULL, 0, 52, 0.05, 0.25, "per year", \
  "Annual rate at which an isolated person joins a group without a connector, when the neighbourhood has spare capacity (damped as capacity fills)", \
  "Assumption; range for sensitivity") \
/* ---- connectors */ \
P(REAL, "connectors.fte_per_100k", conn_fte, 1, 2.5, NULL, 0, 1000, 1, 5, "FTE per 100k adults", \
  "Connector full-time equivalents per 100,000 adults in the status quo, working from the start of warm-up", \
  "NHS England: about 3,000 social prescribing link workers in primary care networks by 2023 (about 7 per 100k adults), assumed to spend about a third of their time linking isolated people to community groups") \
P(REAL, "connectors.added_fte_per_100k", conn_added_fte, 1, 0.0, NULL, 0, 1000, 0, 0, "FTE per 100k adults", \
  "Extra connector FTE per 100,000 adults from week 0 (a reform; its cost counts as reform investment)", \
  "Structural lever (Village Agents, Community Connect); 0 in the status quo") \
P(REAL, "connectors.caseload", conn_caseload, 1, 40, NULL, 1, 1000, 25, 50, "people", \
  "People a full-time connector works with at a time", \
  "NHS England social prescribing guidance: a link worker supports 200-250 people a year over 6-12 contacts (with weeks_per_person this gives about 208 a year)") \
P(REAL, "connectors.weeks_per_person", conn_weeks, 1, 10, NULL, 1, 104, 6, 16, "weeks", \
  "Weeks of a connector's work per person linked", \
  "As above: 6-12 contacts, typically over two to three months") \
P(REAL, "connectors.success", conn_success, 1, 0.5, NULL, 0, 1, 0.3, 0.7, "fraction", \
  "Share of people a connector works with who end up taking part in a group, when there is a place for them", \
  "Assumption from small, mostly self-published social prescribing evaluations reporting that roughly 40-60% of referred people take up an activity; wide range") \
P(BOOL, "connectors.rural_first", conn_rural_first, 1, 0, NULL, 0, 1, 0, 0, "", \
  "Connector time goes to rural neighbourhoods first (in proportion to their isolated people), the rest to urban ones, as with Somerset's Village Agents", \
  "Structural lever; false in the status quo (all neighbourhoods in proportion to isolated people)") \
P(REAL, "connectors.annual_cost", conn_cost, 1, 40000, NULL, 0, 1e6, 34000, 46000, "GBP/year", \
  "Employer cost of one connector FTE, including on-costs and expenses", \
  "NHS ARRS maximum reimbursement for a social prescribing link worker (Agenda for Change band 5 with on-costs), about 40,000 GBP in 2023-24")

#endif
