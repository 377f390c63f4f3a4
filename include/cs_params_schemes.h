/*
 * cs_params_schemes.h — parameters of Shared Lives and Homeshare
 * (sim/sharedlives.c, sim/homeshare.c), in the row format of cs_params.h
 * (included there into CS_PARAM_TABLE).
 *
 * Both schemes are small in England and little studied. The national counts
 * come from Shared Lives Plus and its Homeshare UK network; costs of Shared
 * Lives from one cost-benefit study (Social Finance 2013); most behavioural
 * parameters (matching, turnover, effects on isolation) are assumptions with
 * wide plausible ranges, and effect sizes include "no effect".
 */
#ifndef CS_PARAMS_SCHEMES_H
#define CS_PARAMS_SCHEMES_H

#define CS_PARAMS_SCHEMES(P) \
/* ---- Shared Lives */ \
P(REAL, "sharedlives.carers_per_100k", sl_carers, 1, 19, NULL, 0, 1000, 10, 30, "carers per 100k adults", \
  "Shared Lives carer households per 100,000 adults at the start, each offering long-term places (some real carers offer only short breaks or day support, which are not modelled)", \
  "Shared Lives Plus, State of the sector 2023-24: 10,081 carers in the UK (about 19 per 100,000 adults); use varies several-fold between areas") \
P(REALV, "sharedlives.places_mix", sl_places_mix, 3, 0, "0.55, 0.35, 0.10", 0, 1, 0, 0, "fraction", \
  "Share of carers approved for 1, 2 and 3 people living with them at once (normalised)", \
  "Shared Lives Plus: a carer may support up to three people at a time (some schemes limit it to two); split is an assumption (9,802 people supported by 10,081 carers in 2023-24, including short breaks and day support)") \
P(REALV, "sharedlives.suitability", sl_suit, 5, 0, "0.05, 0.10, 0.50, 0.40, 0.20", 0, 1, 0.5, 1.5, "fraction", \
  "Share of people who would otherwise enter a care home for whom Shared Lives is suitable, by condition group: frailty, dementia, learning disability, mental health, physical disability (applied by the model)", \
  "Assumption: Shared Lives Plus, Shared Lives in England 2019-20: 67% of people supported have a learning disability; mental ill health, autism, dementia and older age make up most of the rest. Range scales all groups") \
P(INT, "sharedlives.introductions", sl_intro, 1, 3, NULL, 1, 100, 2, 5, "carers", \
  "Most carers with a free place a person meets before going to the alternative (own district first, then others)", \
  "Assumption: schemes match by introductions and trial stays; a few introductions are typical") \
P(REAL, "sharedlives.mutual_choice", sl_mutual, 1, 0.5, NULL, 0, 1, 0.25, 0.75, "probability", \
  "Probability that an introduction leads to a placement: both the person and the carer choose each other (about 0.7 x 0.7)", \
  "Assumption: matching is by mutual choice after introductions and trial stays (Shared Lives Plus); no published acceptance rates found") \
P(REAL, "sharedlives.exit_rate", sl_exit, 1, 0.10, NULL, 0, 52, 0.05, 0.20, "per year", \
  "Annual rate at which a carer household stops being a Shared Lives carer (people living with it are then re-planned)", \
  "Assumption: many carers stay for years; carer numbers changed by only a few percent a year (Shared Lives Plus, 2021-22 to 2023-24); no published turnover rate found") \
P(REAL, "sharedlives.recruit_per_100k", sl_recruit, 1, -1, NULL, -1, 1000, 0, 0, "carers per 100k adults per year", \
  "Carers recruited a year per 100,000 adults in the status quo; negative = replace expected leavers exactly at the initial level (carers_per_100k x exit rate), so the carer count stays level on average", \
  "Structural choice: carer numbers have been roughly stable (Shared Lives Plus state of the sector reports)") \
P(REAL, "sharedlives.growth", sl_growth, 1, 0.0, NULL, -0.5, 1, 0, 0, "per year", \
  "Real growth in the number of carers per reported year, phased in weekly from week 0 (the Shared Lives growth scenario); not applied in warm-up", \
  "Structural lever; 0 in the status quo") \
P(REAL, "sharedlives.added_per_100k", sl_added, 1, 0.0, NULL, 0, 1000, 0, 0, "carers per 100k adults", \
  "Extra carers per 100,000 adults recruited over the first reported year (phased in weekly) and kept after (the Shared Lives expansion scenario)", \
  "Structural lever; 0 in the status quo") \
P(REAL, "sharedlives.recruit_cost", sl_recruit_cost, 1, 5000, NULL, 0, 1e6, 2000, 10000, "GBP per carer", \
  "Scheme development cost per carer added by growth or expansion (recruitment, assessment, approval panel, training); counted as reform investment", \
  "Assumption: carer assessment and approval take several months of scheme staff time; no published unit cost found; wide range") \
P(REAL, "sharedlives.fee_week", sl_fee, 1, 550, NULL, 0, 5000, 400, 800, "GBP/week", \
  "Weekly payment for a long-term placement (to the carer, for support and accommodation), paid by the council", \
  "Social Finance 2013 (Investing in Shared Lives): about 34,000 GBP a year per person with a learning disability and 20,000 with mental health needs (alternatives about 60,000 and 28,000); default is that cost less the scheme overhead, for a mix mostly of learning disability; 2013 prices (uprating to 2023-24 would add about a third, within the range)") \
P(REAL, "sharedlives.overhead_week", sl_overhead, 1, 60, NULL, 0, 5000, 30, 120, "GBP/week per carer", \
  "Scheme cost per approved carer a week (scheme staff who recruit, approve, train, support and monitor carers and make matches)", \
  "Assumption: about a tenth of the Social Finance 2013 cost per person; Shared Lives Plus 2023-24 counts 961 non-carer scheme staff for 10,081 carers (about one per 10)") \
/* ---- Homeshare */ \
P(INT, "homeshare.min_age", hs_min_age, 1, 70, NULL, 18, 110, 0, 0, "years", \
  "Youngest age at which a householder is eligible (with own home, living alone, need at most moderate, not in a care home)", \
  "Homeshare International (UK page): householders are typically in their 80s, ages ranging from 70 to well over 90") \
P(REAL, "homeshare.sharers_per_100k", hs_sharers, 1, 0.3, NULL, 0, 1000, 0.1, 1.5, "sharers per 100k adults per year", \
  "Homesharers registering with a programme a year per 100,000 adults, in the status quo", \
  "Approximate, from Homeshare UK State of the sector 2023-24: 17 reporting organisations supported 59 matches over 13 months, with 54 homesharers and 23 householders waiting; the programme is very small. Wide range") \
P(REAL, "homeshare.sharer_exit_rate", hs_sharer_exit, 1, 2, NULL, 0, 52, 1, 4, "per year", \
  "Annual rate at which a homesharer waiting for a match gives up", \
  "Assumption (mean wait before giving up about six months); with the inflow it reproduces the order of magnitude of sharers waiting in Homeshare UK 2023-24") \
P(REAL, "homeshare.register_share", hs_register, 1, 1e-5, NULL, 0, 1, 3e-6, 5e-5, "fraction", \
  "Share of eligible householders registered with a programme and waiting for a match at any time", \
  "Approximate: about 23 householders waiting across the Homeshare UK network in 2023-24 against roughly two million owner-occupiers aged 70+ living alone in England; wide range") \
P(REAL, "homeshare.match_weeks", hs_match_weeks, 1, 12, NULL, 1, 520, 6, 26, "weeks", \
  "Mean weeks from registration to moving in for a householder when sharers are plentiful (interviews, references, DBS checks, introductions, trial period)", \
  "Assumption from programme descriptions of the process (Homeshare UK; Evaluation of the Homeshare pilots, Traverse for SCIE, 2018)") \
P(REAL, "homeshare.match_success", hs_success, 1, 0.5, NULL, 0, 1, 0.3, 0.7, "probability", \
  "Probability that an introduction between a registered householder and a waiting sharer leads to a match (both choose each other)", \
  "Assumption; no published rates found") \
P(REAL, "homeshare.hours", hs_hours, 1, 10, NULL, 0, 40, 5, 12, "hours/week", \
  "Hours of practical help and company a homesharer gives a week (no personal care)", \
  "Homeshare UK: around 10 hours of practical support a week in exchange for accommodation (some schemes 10-15)") \
P(REAL, "homeshare.end_rate", hs_end_rate, 1, 0.6, NULL, 0, 52, 0.5, 1.0, "per year", \
  "Annual rate at which a match ends for reasons other than the householder's death, care-home entry or rising need (mean length about 1.7 years)", \
  "Assumption: matches are typically described as lasting one to two years; no systematic UK data found") \
P(REAL, "homeshare.iso_hr", hs_iso_hr, 1, 0.7, NULL, 0.01, 5, 0.4, 1.0, "ratio", \
  "Isolation-entry hazard multiplier for a householder while matched", \
  "Weak evidence: interviews in the Evaluation of the Homeshare pilots (Traverse for SCIE, 2018) report householders feeling less lonely; no controlled studies. Range includes no effect") \
P(REAL, "homeshare.programme_gbp", hs_programme, 1, 0.0, NULL, 0, 1e10, 0, 0, "GBP/year", \
  "Annual funding of Homeshare for the whole place from week 0, buying programme_gbp / cost_per_match extra homesharers a year (counted as reform investment); none in warm-up", \
  "Structural lever; 0 in the status quo (programmes are paid for by participants' fees)") \
P(REAL, "homeshare.cost_per_match", hs_cost_match, 1, 5000, NULL, 1, 1e6, 2500, 10000, "GBP per sharer", \
  "Cost to a funded programme of recruiting, vetting and supporting one extra homesharer into a match", \
  "Approximate: Homeshare UK 2023-24 reports 4 full-time and 13 part-time staff across 12 organisations for 59 matches, i.e. several matches a year per coordinator at roughly 35,000 GBP a year each (assumed); wide range")

#endif
