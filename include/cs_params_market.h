/*
 * cs_params_market.h — parameters of the paid workforce and the home-care
 * provider market, in the row format of cs_params.h (included there into
 * CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_MARKET_H
#define CS_PARAMS_MARKET_H

#define CS_PARAMS_MARKET(P) \
/* ---- home-care providers: per type [agency, micro-enterprise, self-managing team, cooperative, personal assistant] */ \
P(REALV, "market.overhead", mk_overhead, 5, 0, "0.25, 0.08, 0.12, 0.15, 0.02", 0, 1, 0.8, 1.2, "share of revenue", \
  "Management, travel, office and profit-independent overheads by provider type (agency, micro, self-managing team, cooperative, PA)", \
  "Homecare Association cost of care model (agency overheads about a quarter of the price); Community Catalysts reports for micro-enterprises (low overhead); assumption for the others") \
P(REALV, "market.contact_share", mk_contact, 5, 0, "0.78, 0.88, 0.85, 0.82, 0.95", 0.1, 1, 0.9, 1.1, "fraction", \
  "Share of paid worker hours spent with people (the rest is travel and gaps) by provider type", \
  "Homecare Association: travel and non-contact time of about a fifth of paid time for agencies; assumption for others") \
P(REALV, "market.worker_hours", mk_hours, 5, 0, "26, 30, 30, 28, 20", 1, 60, 0, 0, "hours/week", \
  "Contracted hours a week of a care worker by provider type", \
  "Skills for Care 2024: home care workers average about 27 contracted hours (approximate)") \
P(REALV, "market.zero_hours_share", mk_zero, 5, 0, "0.45, 0.05, 0.0, 0.10, 0.30", 0, 1, 0, 0, "fraction", \
  "Share of workers on zero-hours contracts by provider type", \
  "Skills for Care 2024: 37% of home-care staff on zero-hours contracts") \
P(REALV, "market.max_workers", mk_max, 5, 0, "400, 2, 12, 40, 1", 1, 10000, 0, 0, "workers", \
  "Largest workforce of one provider by type (micro-enterprises have 1-2 workers; self-managing teams are small)", \
  "Community Catalysts definition of micro-enterprise (8 or fewer, most 1-2); Buurtzorg teams of up to 12") \
P(REALV, "market.clients_extra_workers", mk_extra, 5, 0, "0.75, 0.03, 0.12, 0.20, 0.01", 0, 10, 0.5, 1.5, "workers/week", \
  "Mean number of workers new to a client in the current 12-week window who visit them in a week, besides their main worker (rota churn) by type", \
  "Assumption to match reports of 10 or more different carers in 12 weeks from large agencies (Healthwatch) and near-single-worker continuity for micro-enterprises (Community Catalysts)") \
P(REALV, "market.hours_per_client", mk_hour_factor, 5, 0, "1.0, 1.0, 0.6, 0.9, 1.0", 0.1, 2, 0, 0, "ratio", \
  "Hours delivered per hour of need-based package, by provider type: self-managing teams meet the same need in fewer hours", \
  "KPMG 2012 on Buurtzorg reported about half the hours per client (self-reported evaluations); range wide") \
P(REAL, "market.oncost", mk_oncost, 1, 0.20, NULL, 0, 1, 0.15, 0.25, "share of pay", \
  "Employer on-costs on pay (National Insurance, pension, holiday)", \
  "Homecare Association minimum price breakdown 2023-24 (approximate)") \
P(REAL, "market.margin", mk_margin, 1, 0.03, NULL, -0.5, 0.5, 0.01, 0.06, "share of revenue", \
  "Surplus a provider aims for when setting pay from its price", \
  "Homecare Association (approximate)") \
P(REAL, "market.unpaid_travel_share", mk_unpaid, 1, 0.2, NULL, 0, 0.9, 0.1, 0.3, "share of paid time", \
  "Share of paid time (mostly travel between visits) a fully squeezed agency stops paying for; workers' effective hourly pay falls by as much", \
  "HMRC National Minimum Wage enforcement and UNISON reports on unpaid travel time in home care; Homecare Association: travel is about a fifth of paid time") \
P(REAL, "market.rushed_time_squeezed", mk_rush, 1, 0.15, NULL, 0, 0.9, 0.05, 0.3, "share of visit time", \
  "Share of each planned visit's contact time lost to rushing when an agency is fully squeezed (in proportion to its squeeze): unpaid travel and tight rotas cut visits short, so less of the client's need is met than the hours paid for", \
  "Assumption for the size. UNISON freedom-of-information survey (reported by Community Care, 23 Sept 2015): 15-minute visits were 14% of home-care visits and three quarters of councils commissioned them; NICE quality standard QS123 (2016): visits under 30 minutes risk being rushed and not meeting need") \
P(REAL, "market.squeeze_step", mk_squeeze_step, 1, 0.25, NULL, 0, 1, 0.1, 0.5, "per 4 weeks", \
  "How far an agency moves every four weeks towards cutting costs (unpaid travel, zero-hours hiring, tighter rotas) when its earned price does not cover its costs, and back when it does", \
  "Assumption") \
P(REAL, "market.reserve_weeks", mk_reserve, 1, 8, NULL, 0, 520, 4, 16, "weeks of revenue", \
  "Reserves a new provider starts with; micro-enterprises start with a quarter of this", \
  "Assumption; micro-enterprises are financially fragile (Community Catalysts)") \
P(REAL, "market.exit_weeks", mk_exit_weeks, 1, -4, NULL, -520, 0, -8, -2, "weeks of revenue", \
  "A provider exits when its reserves fall below this many weeks of revenue (negative: it can run at a loss for a while)", \
  "Assumption; CQC market oversight reports exits under sustained losses") \
P(REAL, "market.self_funder_micro_preference", mk_sf_micro, 1, 3.0, NULL, 0, 100, 1.5, 5, "relative weight", \
  "How much more likely a self-funder is to choose a micro-enterprise than an agency with room, per unit of spare capacity", \
  "Somerset micro-enterprise network: about 72% of people supported are self-funders") \
P(REAL, "market.rural_reach_agency", mk_rural_reach, 1, 0.5, NULL, 0, 1, 0.3, 0.8, "probability", \
  "Probability an agency with room takes on a client in a rural neighbourhood (travel makes rural rounds uneconomic)", \
  "Assumption (Somerset Panorama and TLAP reports on rural home-care gaps)") \
P(REAL, "market.agency_entry_weeks", mk_entry_weeks, 1, 8, NULL, 1, 520, 4, 16, "weeks", \
  "Weeks of unmatched home-care demand (at a price that covers costs) before a new agency enters", \
  "Assumption") \
P(INT, "market.agency_entry_size", mk_entry_size, 1, 20, NULL, 1, 1000, 0, 0, "workers", \
  "Workers a new agency starts with (afterwards it recruits for the hours it is committed to)", \
  "Assumption") \
P(REAL, "market.micro_starts_per_100k", mk_micro_starts, 1, -1, NULL, -1, 1000, 0.5, 2, "per year per 100k adults", \
  "New micro-enterprises started each year per 100,000 adults (a development programme such as Community Catalysts raises this). -1: the place's own (seeds/council_inputs.csv: Somerset 30, elsewhere the national default 2); a value of 0 or more overrides it. Plausible range: a multiplier of the place's value", \
  "Somerset grew from 253 (2019) to 1,128 (2023) micro-enterprises with a programme (Somerset provider network / Community Catalysts), its start rate an assumption; national default 2 (1..4) an assumption: most places have far fewer") \
P(REAL, "market.micro_per_100k", mk_micro_init, 1, -1, NULL, -1, 1000, 0.5, 2, "per 100k adults", \
  "Micro-enterprises at the start per 100,000 adults. -1: the place's own (seeds/council_inputs.csv: Somerset 249 from its published count, elsewhere the national default 10); a value of 0 or more overrides it. Plausible range: a multiplier of the place's value", \
  "Somerset: 1,128 in March 2023 (Somerset provider network / Community Catalysts) over its mid-2020 adults; elsewhere Community Catalysts national estimates (10 per 100k, 5..20)") \
P(REAL, "market.micro_added_starts_per_100k", mk_micro_added, 1, 0.0, NULL, 0, 1000, 0, 0, "per year per 100k adults", \
  "Extra micro-enterprise starts a year per 100,000 adults from an expanded development programme (a reform lever; its cost is reform investment)", \
  "") \
P(REAL, "market.micro_start_cost", mk_micro_cost, 1, 2000, NULL, 0, 1e6, 1000, 5000, "GBP per enterprise", \
  "Development programme cost of each extra micro-enterprise started (a development worker's time, training, registration help)", \
  "Assumption: about one development worker (40,000 GBP a year) per 20 starts a year; no published unit cost found") \
P(REAL, "market.team_starts_per_100k", mk_team_starts, 1, 0.0, NULL, 0, 100, 0, 0, "per year per 100k adults", \
  "New self-managing home-care teams (Buurtzorg / Wellbeing Teams) started each year per 100,000 adults; each starts with 4 workers and recruits towards its caseload (a reform lever)", \
  "") \
P(REAL, "market.coop_starts_per_100k", mk_coop_starts, 1, 0.0, NULL, 0, 100, 0, 0, "per year per 100k adults", \
  "New care cooperatives started each year per 100,000 adults, each with 4 worker-members (a reform lever)", \
  "") \
P(REAL, "market.team_start_cost", mk_team_cost, 1, 60000, NULL, 0, 1e7, 30000, 120000, "GBP per team", \
  "Start-up support for each new self-managing team or cooperative (coaching, recruitment, the first months before a full caseload); reform investment, paid into the new provider's reserves, so it fails only once losses have used it up", \
  "Assumption; no published unit cost found") \
P(REAL, "market.smt_share", mk_smt_share, 1, 0.0, NULL, 0, 1, 0, 0, "fraction", \
  "Share of council-commissioned home-care capacity in self-managing teams at the start (a reform lever)", \
  "") \
P(REAL, "market.coop_share", mk_coop_share, 1, 0.01, NULL, 0, 1, 0, 0.03, "fraction", \
  "Share of home-care capacity in care cooperatives at the start", \
  "Co-operatives UK (a few dozen care co-ops in England; approximate)") \
/* ---- workforce */ \
P(REAL, "workforce.market_wage", wf_market, 1, 11.60, NULL, 1, 100, 11, 12.5, "GBP/hour", \
  "Hourly pay in competing local jobs (retail, hospitality)", \
  "ONS ASHE 2023 (approximate); National Living Wage 11.44 GBP from April 2024") \
P(REAL, "workforce.pay_floor", wf_floor, 1, 11.00, NULL, 0, 100, 10.4, 11.5, "GBP/hour", \
  "Lowest hourly pay providers offer (the legal minimum in the status quo; fair-pay scenarios raise it)", \
  "Skills for Care: care worker median 11.00 GBP (Dec 2023); National Living Wage 10.42 (2023-24)") \
P(REAL, "workforce.base_turnover", wf_turnover, 1, 0.19, NULL, 0, 5, 0.14, 0.24, "per year", \
  "Annual turnover of a worker paid the market wage with average workload, autonomy and tenure, before the multipliers below; chosen so overall turnover is near the published rate", \
  "Calibrated to Skills for Care 2024: turnover 24.2% a year") \
P(REAL, "workforce.pay_elasticity", wf_pay_el, 1, 3.0, NULL, 0, 20, 1.5, 5, "per unit pay ratio", \
  "Turnover falls by exp(-e x (pay/market wage - 1)): 10% better pay cuts turnover by about a quarter at e = 3", \
  "Skills for Care: lower turnover where pay is higher (approximate); range for sensitivity") \
P(REALV, "workforce.autonomy_hr", wf_autonomy, 5, 0, "1.15, 0.55, 0.6, 0.75, 0.85", 0, 10, 0.8, 1.2, "ratio", \
  "Turnover multiplier by provider type (autonomy, relationships, morale): agency, micro, self-managing team, cooperative, PA", \
  "Skills for Care (PA turnover 20%); Buurtzorg and Wellbeing Teams report better retention (self-reported); assumption") \
P(REAL, "workforce.zero_hours_hr", wf_zero_hr, 1, 1.3, NULL, 1, 5, 1.1, 1.5, "ratio", \
  "Turnover multiplier for zero-hours contracts", \
  "Skills for Care 2024: turnover higher among zero-hours staff (approximate)") \
P(REAL, "workforce.new_starter_hr", wf_new_hr, 1, 1.8, NULL, 1, 5, 1.4, 2.2, "ratio", \
  "Turnover multiplier in a worker's first year", \
  "Skills for Care: most leavers leave within their first year") \
P(REAL, "workforce.workload_hr", wf_load_hr, 1, 1.0, NULL, 0, 10, 0.5, 1.5, "per unit overload", \
  "Extra turnover per unit of demand above a provider's capacity", \
  "Assumption") \
P(REAL, "workforce.recruit_rate", wf_recruit, 1, 4.0, NULL, 0, 52, 2, 6, "per year", \
  "Annual rate at which a vacancy is filled when the provider pays the market wage", \
  "Skills for Care: vacancy rate 8.3% with high turnover implies fills within a few months (approximate)") \
P(REAL, "workforce.recruit_pay_elasticity", wf_recruit_el, 1, 3.0, NULL, 0, 20, 1.5, 5, "per unit pay ratio", \
  "Recruitment rises by exp(e x (pay/market wage - 1))", \
  "Assumption") \
P(REAL, "workforce.vacancy_buffer", wf_buffer, 1, 0.05, NULL, 0, 1, 0, 0.1, "fraction", \
  "Providers recruit for demand plus this margin", \
  "Assumption") \
/* ---- commissioning */ \
P(REAL, "commissioning.small_share", cm_small, 1, 0.05, NULL, 0, 1, 0, 0, "fraction", \
  "Share of council home-care placements offered first to small and innovative providers (micro-enterprises, self-managing teams, cooperatives)", \
  "Structural lever") \
P(REAL, "commissioning.team_block_share", cm_block, 1, 0.8, NULL, 0, 1, 0.5, 1.0, "share of contact capacity", \
  "Block contract with each self-managing team and cooperative: while its caseload is below this share of its workers' contact hours, a council-funded client who needs a provider goes to it first (the first such provider in id order with room enough; not if lowest-cost tendering rules it out). So a new team fills from the council's referrals and pays its salaried staff, and one whose clients leave is referred more, as a commissioned patch would be", \
  "Assumption: English self-managing team pilots (Buurtzorg Britain, Wellbeing Teams) were commissioned for a patch; no published share found") \
P(REAL, "commissioning.direct_payment_share", cm_dp, 1, 0.25, NULL, 0, 1, 0.2, 0.3, "fraction", \
  "Share of council-funded home-care clients who take their package as a direct payment and employ a personal assistant (a standing personal choice, drawn once per person)", \
  "ASC-FR 2023-24: 25.5% of community long-term clients on direct payments") \
P(REAL, "commissioning.pa_rate", cm_pa_rate, 1, 16.0, NULL, 1, 100, 14, 19, "GBP/hour", \
  "Direct-payment rate per hour for a personal assistant", \
  "Skills for Care PA pay 10.50 plus on-costs and employer costs (approximate)") \
P(BOOL, "commissioning.lowest_cost", cm_lowest, 1, 0, NULL, 0, 1, 0, 0, "", \
  "Lowest-cost tendering: council placements go only to providers whose own cost per hour is at or below the council price (small providers, with dearer hours, lose council work)", \
  "Structural lever")

#endif
