/*
 * cs_params.h — every scenario parameter of caresim, in one table.
 *
 * The table below is the single source of truth for a parameter's config path,
 * type, default value, valid range (values outside it are rejected when a
 * scenario is loaded), plausible range (what sensitivity analysis samples),
 * units, meaning and source. The scenario loader (cs_config), the resolved
 * configuration written to each output file and docs/parameters.md are all
 * generated from it, so documentation cannot drift from the code.
 *
 * Each row is  P(kind, path, field, n, def, defs, min, max, lo, hi, units, desc, source)
 *   kind   INT | REAL | BOOL | STR | REALV (fixed-length array of reals)
 *   path   dotted libconfig path, e.g. "council.budget_growth"
 *   field  member name in struct cs_params
 *   n      number of elements (REALV), max string length (STR), else 1
 *   def    default for INT/REAL/BOOL
 *   defs   default for STR and REALV, as text ("1.0, 1.5, 2.0" for REALV)
 *   min,max valid range (inclusive); applies to every element of REALV
 *   lo,hi  plausible range for sensitivity analysis (0,0 = not an uncertain input).
 *          For REALV rows it is a multiplier applied to every element.
 *   units, desc, source   documentation; source "" means a structural choice
 */
#ifndef CS_PARAMS_H
#define CS_PARAMS_H

#include <stddef.h>

/* Module tables, same row format (kept in their own headers so modules can
 * grow independently). */
#include "cs_params_market.h"
#include "cs_params_community.h"
#include "cs_params_homes.h"
#include "cs_params_schemes.h"
#include "cs_params_nhs.h"
#include "cs_params_bizcase.h"

enum cs_param_kind { CS_INT, CS_REAL, CS_BOOL, CS_STR, CS_REALV };

/* Need levels (ordered). */
enum { CS_NEED_NONE, CS_NEED_LOW, CS_NEED_MODERATE, CS_NEED_SUBSTANTIAL,
       CS_NEED_CRITICAL, CS_NEED_LEVELS };

#define CS_PARAM_TABLE(P) \
/* ---- run */ \
P(STR, "place", place, 16, 0, "E06000066", 0, 0, 0, 0, "ONS code", \
  "Council simulated: ONS code of a council with adult social care responsibility since April 2023 (see seeds/places.csv; a replaced 2021 code with one successor runs it, see seeds/former_codes.csv)", \
  "") \
P(INT, "years", years, 1, 10, NULL, 1, 100, 0, 0, "years", \
  "Projected years after the policy start (calendar.policy_start), each 52 weekly steps; the dated history from 2020-07-01 to the policy start is simulated and reported too", \
  "") \
P(STR, "calendar.policy_start", policy_start, 16, 0, "2024-04-01", 0, 0, 0, 0, "date", \
  "Date the scenario's levers act from and the projection starts (YYYY-MM-DD, on or after 2020-07-01). Default: the first April after the last published year (ASC-FR 2023-24, ONS mid-2023 population), so 2024-25 is the first projected financial year", \
  "") \
P(INT, "seed", seed, 1, 1, NULL, 0, 2147483647, 0, 0, "", \
  "Base seed; replicate r of place P draws from the stream keyed on (seed, r, P)", \
  "") \
P(INT, "replicates", replicates, 1, 1, NULL, 1, 10000, 0, 0, "", \
  "Replicates, each with its own random stream", \
  "") \
P(REAL, "scale", scale, 1, 1.0, NULL, 1e-4, 1.0, 0, 0, "fraction", \
  "Sampling fraction of the adult population; counts and money are weighted back by 1/scale", \
  "") \
P(INT, "warmup_weeks", warmup_weeks, 1, 260, NULL, 0, 1040, 0, 0, "weeks", \
  "The spin-up: weeks simulated before 2020-07-01 and not reported, so the care system settles from its initial assignment while demography is held at mid-2020 (at the last week of each spin-up year every age and sex is brought back to its seed count). Under council.budget_rule = \"settled\" the budget is set from spend at its end", \
  "") \
/* ---- population */ \
P(INT, "population.neighbourhood_size", nbhd_size, 1, 8000, NULL, 500, 1000000, 0, 0, "adults", \
  "Target adults per neighbourhood; each district is split by deprivation quintile and rurality into neighbourhoods of about this size", \
  "") \
P(REAL, "population.minority_share", minority_share, 1, -1, NULL, -1, 1, 0.7, 1.1, "fraction", \
  "Share of adults in a minority ethnic group (non-White). -1: the place's own (seeds/council_inputs.csv: its districts' Census 2021 share, all ages); a value of 0 or more overrides it. Plausible range: a multiplier of the place's value (adults are less often non-White than all ages)", \
  "ONS Census 2021 TS021 by district (England 19.0% of all ages not White)") \
P(REALV, "population.minority_by_quintile", minority_q, 5, 0, "1.8, 1.3, 1.0, 0.8, 0.6", 0.01, 10, 0, 0, "relative", \
  "Relative likelihood of minority ethnicity by IMD quintile (most..least deprived); normalised to keep the overall share", \
  "MHCLG English Indices of Deprivation 2019 ethnicity analysis: minority groups over-represented in the most deprived neighbourhoods (approximate)") \
P(REALV, "population.partner_share", partner_share, 6, 0, "0.30, 0.65, 0.68, 0.68, 0.58, 0.35", 0, 1, 0, 0, "fraction", \
  "Share living with a partner by age band 18-34, 35-49, 50-64, 65-74, 75-84, 85+", \
  "ONS Families and households 2021 and Census 2021 living arrangements (approximate)") \
P(REALV, "population.alone_share", alone_share, 6, 0, "0.10, 0.13, 0.17, 0.24, 0.36, 0.55", 0, 1, 0, 0, "fraction", \
  "Share living alone by age band (the rest not with a partner live with family or others)", \
  "ONS Families and households 2021 (approximate)") \
P(REALV, "population.wealth_upper_share", wealth_upper, 5, 0, "0.12, 0.20, 0.28, 0.36, 0.45", 0, 1, 0.5, 1.5, "fraction", \
  "Share with assets above the upper capital limit excluding housing, by IMD quintile (most..least deprived)", \
  "Assumption consistent with about 1 in 4 older people above the limit (Care Act charging rules; IFS/Health Foundation wealth analyses); range scales all quintiles") \
P(REALV, "population.wealth_middle_share", wealth_middle, 5, 0, "0.08, 0.09, 0.10, 0.10, 0.10", 0, 1, 0, 0, "fraction", \
  "Share with assets between the lower and upper capital limits (tariff income; partial contribution), by IMD quintile", \
  "Assumption (Care Act charging rules: limits 14,250 and 23,250 GBP)") \
P(REALV, "population.homeowner_share", homeowner, 5, 0, "0.45, 0.60, 0.72, 0.80, 0.86", 0, 1, 0, 0, "fraction", \
  "Share of people 65+ owning their home, by IMD quintile; housing counts in the residential means test unless a partner still lives there", \
  "English Housing Survey 2021-22 (owner occupation about 75% at 65+), gradient assumed") \
/* ---- need */ \
P(REAL, "population.homeowner_under65_ratio", owner_young, 1, 0.6, NULL, 0, 2, 0.4, 0.8, "ratio", \
  "Home ownership under 65 relative to the 65+ share of the same quintile", \
  "English Housing Survey 2021-22: owner occupation lower among younger households (approximate)") \
P(REALV, "need.hours", need_hours, 5, 0, "0, 5, 12, 25, 50", 0, 168, 0.7, 1.3, "hours/week", \
  "Typical hours of help needed per week by need level none, low, moderate, substantial, critical", \
  "Assumption anchored on mean council home-care packages of about 14 hours a week (ASC-FR, Homecare Association); range scales all levels") \
P(REAL, "need.entry_prevalence", entry_prev, 1, 0.025, NULL, 0, 0.5, 0.01, 0.05, "fraction", \
  "Share of people turning 18 who have a care need as they join (lifelong: learning disability, physical disability, mental health); the start of the settled distribution, from which everyone made is drawn at their age (sim/need.c)", \
  "Assumption informed by PHE People with learning disabilities in England (about 2% of adults) and NHS England ASC-FR 2023-24 (about 300,000 people aged 18-64 on long-term support); wide range") \
P(REALV, "need.entry_level_mix", entry_mix, 4, 0, "0.40, 0.30, 0.20, 0.10", 0, 1, 0, 0, "fraction", \
  "Split of the need of people turning 18 across low, moderate, substantial, critical", \
  "Assumption") \
P(REAL, "need.settled_unmet_share", settle_unmet, 1, 0.1, NULL, 0, 1, 0.03, 0.25, "fraction", \
  "Share of people with need taken to have it largely unmet (less than half the hours covered: progression at need.unmet_hr, admissions at nhs.unmet_admission_hr) when the settled distribution of need by age is worked out (sim/need.c); in a run, who has unmet need follows the care they receive", \
  "Assumption below the model's own status quo, where about 18% of people with need have some hours uncovered (metric unmet_need_people, Somerset 2020s) and the flag needs half uncovered; wide range") \
P(INT, "need.settle_pilot_weeks", settle_pilot_w, 1, 156, NULL, 0, 1040, 0, 0, "weeks", \
  "Length of the settling pilot: before a run's people are made, a smaller run of the same place and seed goes this many weeks, and over its second half the events of need (rises, falls, deaths) are counted against what the settled distribution's own chances predict, by need level and age group; the ratios (care homes, reablement, hospital stays, the care received) then enter the settled distribution from which the run's people are drawn (sim/need.c, docs/model.md). 0: no pilot, the cohort's chances alone", \
  "Method choice (issue 22): long enough for care-home occupancy to settle from its start") \
P(INT, "need.settle_pilot_adults", settle_pilot_n, 1, 50000, NULL, 1000, 100000000, 0, 0, "people", \
  "Adults in the settling pilot: the whole place, or a sample of this many when the place has more, whatever the run's --scale (so the pilot, and what it gives the run, does not move with scale)", \
  "Method choice: cost against noise (a cell with few events is pulled towards its need level's ratio over all ages by 20 pseudo-events)") \
P(REAL, "need.onset_rate_at_75", onset75, 1, 0.06, NULL, 0, 1, 0.04, 0.10, "per year", \
  "Annual rate of onset of need at age 75 for a person with none, before risk multipliers", \
  "Assumption. caresim fit-need (validation/fitneed.c) fits 0.0777 to NHS Digital Health Survey for England 2021 (help needed with ADLs or IADLs at 65-69 and 80+, one or more and two or more; validation/README.md, Need), not yet the default: the service side is calibrated to the lower need of these values (with the fit, council spend is 81 bn against ASC-FR's 27 bn); range covers both") \
P(REAL, "need.onset_age_slope", onset_slope, 1, 0.085, NULL, 0, 0.5, 0.06, 0.11, "log/year", \
  "Log-rate change of onset per year of age", \
  "Assumption; caresim fit-need fits 0.0787 (as above)") \
P(REALV, "need.progression_rate", progress, 3, 0, "0.12, 0.15, 0.15", 0, 5, 0.6, 1.4, "per year", \
  "Annual rate of moving up one level from low, moderate, substantial", \
  "Assumption; range for sensitivity (ELSA disability transitions): a multiplier of 0.6-1.4 on every level. caresim fit-need fits 2.94 times these (0.3528, 0.4410, 0.4410: HSE's two-or-more share needs most people with need above the lowest level), beyond that range (as above)") \
P(REALV, "need.recovery_rate", recover, 4, 0, "0.18, 0.10, 0.06, 0.03", 0, 5, 0.5, 1.5, "per year", \
  "Annual rate of moving down one level from low, moderate, substantial, critical", \
  "Assumption; range scales all levels") \
P(REAL, "need.deprivation_hr", depr_hr, 1, 1.12, NULL, 1, 3, 1.05, 1.20, "ratio per quintile", \
  "Onset and progression hazard multiplier per IMD quintile step towards the most deprived", \
  "Marmot Review 10 years on (2020): disability-free life expectancy gap of about 17 years between most and least deprived") \
P(REAL, "need.isolation_hr", iso_hr, 1, 1.3, NULL, 1, 5, 1.1, 1.6, "ratio", \
  "Onset and progression hazard multiplier for socially isolated people", \
  "Shankar et al. 2017 (ELSA): isolation associated with ADL decline; Holt-Lunstad 2015 mortality meta-analysis for scale") \
P(REAL, "need.unmet_hr", unmet_hr, 1, 1.5, NULL, 1, 5, 1.2, 2.0, "ratio", \
  "Progression hazard multiplier when need is largely unmet (less than half the hours covered)", \
  "Assumption (Age UK Unmet Need 2019: unmet need linked to deterioration); range for sensitivity") \
P(REAL, "need.continuity_ref_workers", cont_ref, 1, 10, NULL, 2, 100, 6, 15, "workers", \
  "Distinct care workers in a home-care client's last complete 12-week window at which the low-continuity effects below act in full: they act in proportion to (workers - 1) / (this - 1), none with one worker, up to twice the full effect", \
  "Assumption, scaled to Healthwatch reports of 10 or more different carers in 12 weeks from large agencies (the reference used for market.clients_extra_workers)") \
P(REAL, "need.low_continuity_progression_hr", cont_prog_hr, 1, 1.15, NULL, 1, 5, 1.0, 1.4, "ratio", \
  "Progression hazard multiplier for a home-care client at the reference count of workers (need.continuity_ref_workers): care from workers who do not know the person misses early signs of decline", \
  "Assumption for the size. Direction: Reckrey et al. 2024, Innovation in Aging 8(3) igae024 (doi 10.1093/geroni/igae024; 3,864 Medicaid home-care clients): higher home-care worker continuity associated with functional improvement or stabilisation and fewer falls") \
P(REAL, "need.low_continuity_recovery_hr", cont_rec_hr, 1, 0.85, NULL, 0, 1, 0.7, 1.0, "ratio", \
  "Recovery hazard multiplier for a home-care client at the reference count of workers (need.continuity_ref_workers)", \
  "Visiting Nurse Service of New York study of over 16,000 home-care clients (Home Health Management & Practice 2013, reported by PHI, phinational.org, 25 April 2013): clients with low aide continuity 14-15% less likely to improve in ADLs than those with high continuity") \
P(REALV, "need.condition_mix_under65", cond_young, 5, 0, "0.0, 0.05, 0.35, 0.30, 0.30", 0, 1, 0, 0, "fraction", \
  "Primary condition at onset under 65: frailty, dementia, learning disability, mental health, physical disability", \
  "ASC-FR 2023-24 primary support reason, 18-64 (approximate)") \
P(REALV, "need.condition_mix_65plus", cond_old, 5, 0, "0.50, 0.25, 0.02, 0.05, 0.18", 0, 1, 0, 0, "fraction", \
  "Primary condition at onset 65+: frailty, dementia, learning disability, mental health, physical disability", \
  "ASC-FR 2023-24 primary support reason, 65+ (personal care support dominant), approximate") \
P(REALV, "need.condition_progression_hr", cond_hr, 5, 0, "1.0, 1.6, 0.5, 0.8, 1.0", 0, 10, 0, 0, "ratio", \
  "Progression hazard multiplier by condition group", \
  "Assumption: dementia progresses faster; lifelong conditions more stable") \
/* ---- mortality */ \
P(STR, "mortality.life_table", mort_period, 16, 0, "calendar", 0, 0, 0, 0, "period", \
  "Which ONS national life table serves each year: \"calendar\" (2019-2021 for mid-2020 to mid-2021 and the spin-up, 2020-2022 for mid-2021 to mid-2023, then 2017-2019 improved by demography.mortality_improvement a year), or one period (2017-2019 .. 2020-2022) for every year", \
  "ONS National life tables, UK, 2017-2019 to 2020-2022") \
P(REAL, "demography.mortality_improvement", mort_improve, 1, 0.01, NULL, -0.05, 0.1, 0.0, 0.025, "per year", \
  "Annual fall in death rates at every age in the projection (from mid-2023), applied to the last pre-COVID life table (2017-2019) from its centre year 2018", \
  "Assumption (wide range): long-run improvement in England of roughly 1% a year before 2011, slower in the 2010s") \
P(REAL, "demography.need_improvement", need_improve, 1, 0.0, NULL, 0, 0.1, 0.0, 0.02, "per year", \
  "Annual fall in the rates of onset and progression of need in the projection (from mid-2023, from the same centre year 2018 as demography.mortality_improvement): need postponed as death is postponed. 0: need's rates fixed, so that falling death rates lengthen life with need (severe need at 85+ expands)", \
  "Assumption, for sensitivity: no published series in shared data measures it (HSE 2014, 2017, 2021 show the share of people 65+ at home needing help with an ADL flat for men, 24%, 23%, 24%, and falling for women, 33%, 28%, 28%, while the 65+ aged, so need has not expanded at a given age; NHS Digital). In Somerset's status quo (caresim drift, 10 years) 0.01 lowers age-standardised need by 7-14% a band and 0.005 by 1-8%; 0 holds every band within 3% but 85+ moderate or above (+7.6%)") \
P(REAL, "demography.migration_scale", mig_scale, 1, 1.0, NULL, 0, 5, 0.5, 1.5, "ratio", \
  "Multiplier of net migration per head: the observed rates for mid-2020 to mid-2023 and the projection schedule after (seeds/migration.csv; national rates per head applied to each council); 0 = no migration", \
  "Rates: residual method on ONS mid-year estimates (Census-consistent series, Table 11) and ONS life tables (seeds/README.md); the scale is an assumption") \
P(REALV, "mortality.need_hazard_ratio", mort_need_hr, 5, 0, "1.0, 1.4, 2.2, 3.5, 6.0", 0.1, 50, 0.7, 1.3, "ratio", \
  "Death hazard relative to no need, by need level; rescaled by age and sex so the population average stays on the life table", \
  "Assumption informed by ADL-disability mortality gradients (ELSA); range scales the excess") \
P(REAL, "mortality.care_home_hr", mort_res_hr, 1, 2.0, NULL, 0.1, 20, 1.5, 3.0, "ratio", \
  "Death hazard of a care-home resident relative to a person of the same need at home (frailty beyond the need level); included in the rescaling to the life table", \
  "Shah et al. 2013 (Age and Ageing): care-home residents' mortality several times community rates; set so mean stays are 2-3 years (Forder and Fernandez 2011, PSSRU)") \
/* ---- isolation */ \
P(REAL, "isolation.share_alone", iso_alone, 1, 0.20, NULL, 0, 1, 0.12, 0.30, "fraction", \
  "Equilibrium share of people living alone who are socially isolated", \
  "ONS Opinions and Lifestyle Survey 2020-21: chronic loneliness 7% overall, about three times as common living alone") \
P(REAL, "isolation.share_with_others", iso_others, 1, 0.05, NULL, 0, 1, 0.03, 0.08, "fraction", \
  "Equilibrium share of people living with others who are socially isolated", \
  "As above") \
P(REAL, "isolation.need_or", iso_need_or, 1, 1.8, NULL, 1, 10, 1.3, 2.5, "odds ratio", \
  "Odds of isolation for a person with care need relative to none", \
  "Assumption (ELSA: functional limitation and isolation co-occur)") \
P(REAL, "isolation.deprivation_or", iso_depr_or, 1, 1.10, NULL, 1, 3, 1.0, 1.25, "odds ratio per quintile", \
  "Odds of isolation per IMD quintile step towards the most deprived", \
  "Assumption (Community Life Survey: loneliness higher in deprived areas)") \
P(REAL, "isolation.exit_rate", iso_exit, 1, 0.5, NULL, 0.01, 10, 0.25, 1.0, "per year", \
  "Annual rate at which an isolated person reconnects without help (entry rate follows from the equilibrium shares)", \
  "Assumption: loneliness spells typically last 1-3 years (ONS longitudinal)") \
/* ---- carers */ \
P(REAL, "carers.partner_hours", partner_hours, 1, 50, NULL, 0, 168, 20, 50, "hours/week", \
  "Most hours of care a partner without care needs of their own gives", \
  "Census 2021 TS039: 30% of unpaid carers give 50+ hours; spouses give the most") \
P(REAL, "carers.family_share", family_share, 1, 0.60, NULL, 0, 1, 0.4, 0.8, "fraction", \
  "Probability that a person with need and no partner has a family carer (linked record)", \
  "Census 2021 TS039 (4.7 million unpaid carers aged 5+ in England); assumption for the split") \
P(REAL, "carers.family_hours_cohabit", family_hours_co, 1, 25, NULL, 0, 168, 15, 40, "hours/week", \
  "Most hours a family carer living in the same household gives", \
  "Census 2021 TS039 hours bands (assumption for the mapping)") \
P(REAL, "carers.family_hours_apart", family_hours_apart, 1, 8, NULL, 0, 168, 4, 15, "hours/week", \
  "Most hours a family carer living elsewhere gives", \
  "Census 2021 TS039: half of carers give 19 hours or less") \
P(REALV, "carers.supervision_hours", supervision, 5, 0, "0, 10, 40, 50, 60", 0, 168, 0.5, 1.5, "hours/week", \
  "Hours a co-resident carer spends supervising or on call, by the need level of the person cared for (counted in hours given and strain, not in task hours that meet need)", \
  "Census 2021 TS039 counts all looking after, help and support; 30% of carers report 50+ hours, beyond typical task hours (assumption for the split)") \
P(REAL, "carers.supervision_spread", supervision_spread, 1, 0.5, NULL, 0, 1, 0.25, 0.75, "fraction", \
  "Households differ: each co-resident carer's supervision hours are the level's value times a factor drawn once, uniform in 1 +/- this spread", \
  "Assumption; spreads carers across the Census hours bands") \
P(REAL, "carers.replacement_cost", carer_value, 1, 23.0, NULL, 0, 200, 15, 30, "GBP/hour", \
  "Value of an hour of unpaid care, by what paid home care would cost to replace it (the business case values carers' time at this rate)", \
  "Replacement-cost method of Carers UK / Petrillo and Bennett 2023 (Valuing Carers); default equal to the council home-care price") \
P(REAL, "carers.strain_threshold", strain_thr, 1, 20, NULL, 0, 168, 10, 35, "hours/week", \
  "Hours of care a week above which carer strain builds", \
  "Carers UK State of Caring 2023: strain rises steeply beyond 20 hours a week (approximate)") \
P(REAL, "carers.strain_gain", strain_gain, 1, 0.0015, NULL, 0, 1, 0.0008, 0.003, "per hour-week", \
  "Strain added each week per hour of care above the threshold (strain is 0..1)", \
  "Assumption; calibrates breakdown rates") \
P(REAL, "carers.strain_recovery", strain_rec, 1, 0.02, NULL, 0, 1, 0.01, 0.05, "per week", \
  "Strain relieved each week when caring at or below the threshold", \
  "Assumption") \
P(REAL, "carers.breakdown_rate", breakdown, 1, 0.8, NULL, 0, 20, 0.4, 1.5, "per year", \
  "Annual breakdown hazard of a carer at full strain (proportional to strain squared)", \
  "Assumption; carer breakdown is a classic route to crisis admission (Carers UK)") \
P(REAL, "carers.recovery_weeks", carer_back, 1, 26, NULL, 1, 520, 13, 52, "weeks", \
  "Mean weeks before a carer (partner or family) who broke down can care again", \
  "Assumption") \
/* ---- wellbeing */ \
P(REAL, "wellbeing.base", wb_base, 1, 0.92, NULL, 0, 1, 0, 0, "score", \
  "Social-care-related quality of life (0-1) of a person with no need, connected", \
  "ASCOT population norms (Netten et al. 2012), approximate") \
P(REAL, "wellbeing.need_penalty", wb_need, 1, 0.03, NULL, 0, 1, 0, 0, "per level", \
  "Loss per need level when need is fully met", \
  "ASCOF 1A: service users average about 0.79 of the maximum score") \
P(REAL, "wellbeing.unmet_penalty", wb_unmet, 1, 0.25, NULL, 0, 1, 0.15, 0.35, "score", \
  "Loss when all needed hours are unmet (proportional to the unmet share)", \
  "Assumption (ASCOT gain from services, Forder et al. 2016)") \
P(REAL, "wellbeing.isolation_penalty", wb_iso, 1, 0.10, NULL, 0, 1, 0.05, 0.15, "score", \
  "Loss when socially isolated", \
  "ASCOT social participation domain (assumption for size)") \
P(REAL, "wellbeing.low_continuity_penalty", wb_cont, 1, 0.03, NULL, 0, 1, 0, 0.08, "score", \
  "Loss for a home-care client at the reference count of workers (need.continuity_ref_workers), in proportion as for progression", \
  "Assumption for the size. Direction: Reckrey et al. 2024 (Innovation in Aging, doi 10.1093/geroni/igae024): higher home-care worker continuity associated with fewer depressive symptoms") \
P(REAL, "wellbeing.residential_penalty", wb_res, 1, 0.04, NULL, 0, 1, 0, 0.08, "score", \
  "Loss from living in a care home rather than at home, need equal", \
  "Assumption (ASCOT control and occupation domains)") \
/* ---- council */ \
P(STR, "council.budget_rule", budget_rule, 16, 0, "published", 0, 0, 0, 0, "", \
  "Where the budget comes from: \"published\", the place's share of England's 2016-17 spending applied to England's 2023-24 spending on the lines the model represents, net of client income, in 2023-24 prices (seeds/council_inputs.csv budget_gbp; scope in docs/model.md, Budget); or \"settled\", the spend the care system settles at in the spin-up (annualised over its last 13 weeks). Either is multiplied by budget_cover; budget_gbp, when set, replaces both", \
  "NHS Digital ASC-FR 2016-17 by council; NHS England ASC-FR 2023-24 (England)") \
P(REAL, "council.budget_gbp", budget_gbp, 1, 0, NULL, 0, 1e11, 0, 0, "GBP/year", \
  "Budget of the whole place for long-term care, reablement, assessment and community support in the first dated year and every financial year to 2023-24, in 2023-24 prices; 0 = by budget_rule", \
  "") \
P(REAL, "council.budget_cover", budget_cover, 1, 1.0, NULL, 0.1, 3, 0, 0, "fraction", \
  "The budget as a share of what budget_rule gives (a funded price rise, a tighter or looser budget)", \
  "") \
P(REAL, "council.budget_growth", budget_growth, 1, 0.02, NULL, -0.5, 0.5, 0, 0, "per year", \
  "Real-terms growth of the budget in each financial year after 2023-24 (the funding scenario); the status quo's keeps pace with demographic pressure", \
  "Assumption (plausible -0.02..0.04): England's 65+ grow about 1.5-2% a year (ONS projections), and real-terms ASC funding has broadly tracked that pressure") \
P(REAL, "council.request_rate", request_rate, 1, 0.6, NULL, 0, 52, 0.3, 1.0, "per year", \
  "Annual rate at which a person with need at or above eligibility, not known to the council, asks for support", \
  "ASC-FR 2023-24: 2.09 million requests from new clients a year (about 1.5 per person)") \
P(REAL, "council.reassess_request_rate", reassess_rate, 1, 2.4, NULL, 0, 52, 1.0, 5.0, "per year", \
  "Annual rate at which a council-funded person whose need has risen since their last assessment asks to be reassessed", \
  "Assumption: people already known to the council ask sooner than first-time requesters") \
P(REAL, "council.low_need_request_rate", low_request_rate, 1, 0.10, NULL, 0, 52, 0.05, 0.2, "per year", \
  "Annual rate at which a person with need below eligibility asks for support (they get information and advice)", \
  "ASC-FR 2023-24: most requests end in no service or universal services") \
P(REAL, "council.minority_request_ratio", minority_request, 1, 0.8, NULL, 0, 2, 0.6, 1.0, "ratio", \
  "Relative rate of asking for support among minority ethnic groups (access barriers)", \
  "Assumption (Healthwatch and TLAP reports on unequal access)") \
P(REAL, "council.self_arrange_share", self_arrange, 1, 0.7, NULL, 0, 1, 0.5, 0.9, "fraction", \
  "Share of people above the upper capital limit who arrange and pay for care without a council assessment", \
  "LaingBuisson: about 37% of care-home residents self-fund; Somerset micro-enterprises mostly serve self-funders") \
P(REAL, "council.sw_per_100k", sw_per_100k, 1, 26, NULL, 0, 1000, 18, 34, "FTE per 100k adults", \
  "Social-worker (assessor) full-time equivalents per 100,000 adults", \
  "Skills for Care 2024: about 17,500 social worker FTE in councils for 45 million adults (39 per 100k), about two-thirds on assessment and review") \
P(REAL, "council.sw_hours", sw_hours, 1, 37, NULL, 1, 80, 0, 0, "hours/week", \
  "Contracted hours of a full-time social worker", \
  "NJC terms") \
P(REAL, "council.sw_productive", sw_productive, 1, 0.6, NULL, 0, 1, 0.5, 0.7, "fraction", \
  "Share of social-worker hours available for assessment and review work", \
  "Assumption") \
P(REAL, "council.assessment_hours", assess_hours, 1, 7, NULL, 0.5, 100, 5, 12, "hours", \
  "Social-worker hours per Care Act assessment (a review takes half)", \
  "Assumption (PSSRU Unit Costs: 4-8 hours direct and indirect)") \
P(REAL, "council.sw_annual_cost", sw_cost, 1, 62000, NULL, 0, 1e6, 0, 0, "GBP/year", \
  "Employer cost of one social-worker FTE", \
  "PSSRU Unit Costs of Health and Social Care 2023 (approximate)") \
P(INT, "council.eligibility_level", elig_level, 1, 2, NULL, 1, 4, 0, 0, "need level", \
  "Lowest need level that meets the Care Act eligibility criteria (2 = moderate: unable to achieve two or more outcomes)", \
  "Care Act 2014 (Eligibility Criteria) Regulations 2015") \
P(REAL, "council.review_share", review_share, 1, 0.25, NULL, 0, 1, 0.1, 0.4, "fraction", \
  "Share of assessment capacity kept for reviews of council-funded care plans before new assessments (unused review time goes to assessments)", \
  "Assumption; councils report large backlogs of overdue reviews (LGA/ADASS 2023)") \
P(INT, "council.review_weeks", review_weeks, 1, 52, NULL, 4, 520, 0, 0, "weeks", \
  "Interval between reviews of a council-funded care plan", \
  "Care Act statutory guidance: review at least every 12 months") \
P(BOOL, "council.prices_follow_pay", prices_follow_pay, 1, 1, NULL, 0, 1, 0, 0, "", \
  "Whether home-care prices (council, private, direct-payment rate) and care-home fees (council and self-funder) carry their pay component: each moves with the care-pay index max(workforce.pay_floor, homes.reference_pay) / homes.reference_pay, home care by council.price_pay_share, care homes by homes.staff_share (as their costs do). The council pays its prices and fees from its budget (so a fair-pay floor needs the budget to match: council.budget_cover); self-funders pay theirs. false: prices and fees stay as set for the whole run", \
  "") \
P(REAL, "council.price_pay_share", hc_pay_share, 1, 0.66, NULL, 0, 1, 0.55, 0.75, "fraction", \
  "Share of a home-care hour's price that is care workers' pay and on-costs, which moves with the care-pay index (council.prices_follow_pay)", \
  "Homecare Association, minimum price for homecare 2023-24 (25.95 GBP): care workers' pay, on-costs and paid travel make up about two thirds (approximate)") \
P(REAL, "council.price_response", price_resp, 1, 0, NULL, 0, 1, 0, 0, "share per quarter", \
  "How far the council raises its home-care price at the end of a quarter in which a home-care provider (not a personal assistant or a micro-enterprise owner leaving) failed on its finances, and its care-home fees at the end of a quarter in which a care home closed, up to council.price_response_cap above where they started (a lever; 0: prices do not respond to failures)", \
  "") \
P(REAL, "council.price_response_cap", price_resp_cap, 1, 0.25, NULL, 0, 5, 0, 0, "fraction", \
  "Most the council's responses to failures (council.price_response) raise its home-care price and its care-home fees, as a share of their level before any response", \
  "Assumption") \
P(REAL, "council.home_care_price", hc_price, 1, 23.0, NULL, 5, 100, 20, 29, "GBP/hour", \
  "Price the council pays per hour of home care at the reference pay (homes.reference_pay); with council.prices_follow_pay it moves with the care-pay index, and with council.price_response it rises when providers fail", \
  "Homecare Association minimum price 25.95 GBP (2023-24); councils paid about 23 GBP on average (approximate)") \
P(REAL, "council.private_home_care_price", hc_price_private, 1, 28.0, NULL, 5, 100, 25, 32, "GBP/hour", \
  "Price a self-funder pays per hour of home care", \
  "Homecare Association 2023-24 (approximate)") \
P(REAL, "council.residential_fee", res_fee, 1, 908, NULL, 100, 5000, 800, 1100, "GBP/week", \
  "Council fee per week for a residential care-home place", \
  "LaingBuisson 2024-25: 908 GBP council, 1,278 GBP self-funder") \
P(REAL, "council.private_residential_fee", res_fee_private, 1, 1278, NULL, 100, 5000, 1100, 1500, "GBP/week", \
  "Self-funder fee per week for a residential place", \
  "LaingBuisson 2024-25") \
P(REAL, "council.crisis_residential_hr", crisis_res_hr, 1, 1.5, NULL, 1, 10, 1.0, 2.5, "ratio", \
  "Multiplier on the chance that an assessment decides on a care home (council.residential_share_*, at most 1) when it is made in a crisis (the crisis lane: a carer's breakdown or a crisis with unmet need)", \
  "Assumption for the size. Direction: NHS England and ADASS guidance (Think Home First, discharge to assess) on long-term care-home decisions made in crisis being more frequent than needed; no English estimate of the ratio found") \
P(REAL, "council.unmet_crisis_rate", unmet_crisis, 1, 0.3, NULL, 0, 52, 0.1, 0.6, "per year", \
  "Annual rate at which a person at home with need at or above council.eligibility_level that is largely unmet (more than half the hours) has a crisis (a fall, a safeguarding concern, a carer or neighbour raising the alarm) that reaches the council as a crisis request, assessed before others as a carer's breakdown is", \
  "Assumption (Age UK, Unmet need for care, 2019: people with unmet need more often fall and reach services in an emergency); wide range for sensitivity") \
P(INT, "council.residential_level", res_level, 1, 4, NULL, 2, 4, 0, 0, "need level", \
  "Need level at which residential care is considered when home care and unpaid care cannot meet need", \
  "Assumption") \
P(REAL, "council.residential_share_no_carer", res_no_carer, 1, 0.6, NULL, 0, 1, 0.4, 0.8, "fraction", \
  "Probability residential care is chosen at that level when no unpaid carer is available", \
  "Assumption") \
P(REAL, "council.residential_share_with_carer", res_with_carer, 1, 0.15, NULL, 0, 1, 0.05, 0.3, "fraction", \
  "Probability residential care is chosen at that level when an unpaid carer is available", \
  "Assumption") \
P(REAL, "council.middle_contribution", contribution, 1, 0.5, NULL, 0, 1, 0.3, 0.7, "fraction", \
  "Share of the cost paid by a council-funded person between the capital limits", \
  "Care Act charging rules (tariff income), approximate") \
P(REAL, "council.spend_down_weeks", spend_down, 1, 208, NULL, 4, 1040, 104, 312, "weeks", \
  "Mean weeks until a self-funder in residential care spends down to the upper capital limit and turns to the council", \
  "Assumption: about four years of self-funder fees (1,278 GBP/week) from a typical older owner's home and savings (Dilnot Commission 2011 on spend-down). Check: ONS (2023) estimates 37% of care-home residents in England were self-funders in 2022-23") \
P(REAL, "council.advice_connect_share", advice_connect, 1, 0.0, NULL, 0, 1, 0, 0, "fraction", \
  "Share of people with need below eligibility whose isolation ends through information and advice at the front door", \
  "Structural lever (Community Connect); 0 in the status quo") \
/* ---- rationing */ \
P(REAL, "council.initial_known_share", init_known, 1, 0.5, NULL, 0, 1, 0.4, 0.8, "fraction", \
  "Share of people with eligible need already known to the council (assessed and supported) at the start, before warm-up", \
  "ASC-FR 2023-24: about 860,000 people on long-term support during the year, fewer than the number with eligible need") \
P(REAL, "council.connect_before_assess", connect_first, 1, 0.0, NULL, 0, 1, 0, 0, "fraction", \
  "Share of new requests from people below substantial need that get a conversation about community support before any formal assessment (Community Connect)", \
  "Structural lever; 0 in the status quo") \
P(REAL, "council.connect_resolve_share", connect_resolve, 1, 0.4, NULL, 0, 1, 0.2, 0.6, "fraction", \
  "Share of those conversations, among people it links to community support (a group with a place, or one they already belong to), after which that support meets their need and they no longer ask for a formal assessment; people it cannot link stay on the waiting list", \
  "Assumption informed by Somerset Community Connect reports (self-published; small numbers)") \
P(BOOL, "rationing.enabled", ration_on, 1, 1, NULL, 0, 1, 0, 0, "", \
  "Councils ration when projected spend exceeds the budget (explicit rule below)", \
  "") \
P(REAL, "rationing.trigger", ration_trigger, 1, 0.01, NULL, 0, 1, 0, 0, "fraction", \
  "Projected overspend (share of budget) that raises the rationing level by one", \
  "ADASS spring surveys: councils tighten when overspend is projected") \
P(REAL, "rationing.release", ration_release, 1, 0.02, NULL, 0, 1, 0, 0, "fraction", \
  "Projected underspend (share of budget) that lowers the rationing level by one", \
  "") \
P(INT, "rationing.max_level", ration_max, 1, 3, NULL, 0, 10, 0, 0, "level", \
  "Highest rationing level", \
  "") \
P(INT, "rationing.review_weeks", ration_period, 1, 4, NULL, 1, 52, 0, 0, "weeks", \
  "Weeks between rationing decisions", \
  "") \
P(INT, "rationing.threshold_step_level", ration_thr_level, 1, 2, NULL, 1, 10, 0, 0, "level", \
  "Rationing level at which the eligibility threshold rises by one need level", \
  "ADASS 2023: councils report tightening thresholds under pressure") \
P(REAL, "rationing.assessment_cut", ration_assess_cut, 1, 0.15, NULL, 0, 1, 0.05, 0.3, "fraction per level", \
  "Share of assessment capacity withdrawn per rationing level (vacancies held, staff redeployed): the waiting list lengthens", \
  "ADASS 2023 waiting-list surveys (approximate)") \
P(REAL, "rationing.residential_cut", ration_res_cut, 1, 0.1, NULL, 0, 1, 0, 0.25, "fraction per level", \
  "Share by which the chance that an assessment decides on a council-funded care-home place (council.residential_share_*) falls per rationing level: a council over budget holds back its dearest placements and supports people at home longer. Self-funders' decisions are not rationed", \
  "Assumption for the size. Direction: Nuffield Trust QualityWatch, Admissions to care homes (2022, from ASCOF 2A): council-supported admissions of people 65+ fell from 659 to 584 per 100,000 between 2014-15 and 2019-20, years of budget pressure") \
P(REAL, "rationing.package_cut", ration_pkg_cut, 1, 0.08, NULL, 0, 1, 0.03, 0.15, "fraction per level", \
  "Share by which new and reviewed home-care packages are cut per rationing level", \
  "Assumption") \
P(REAL, "reform.grant_gbp", grant_gbp, 1, 0.0, NULL, 0, 1e10, 0, 0, "GBP/year", \
  "A ring-fenced, time-limited grant from central government (the 'down payment' on reform) added to the council's budget in each of the first grant_years reported years; the council spends it through the model's own budget and rationing rules", \
  "") \
P(INT, "reform.grant_years", grant_years, 1, 0, NULL, 0, 100, 0, 0, "years", \
  "Number of reported years the reform grant is paid", \
  "") \
CS_PARAMS_MARKET(P) \
CS_PARAMS_COMMUNITY(P) \
CS_PARAMS_HOMES(P) \
CS_PARAMS_SCHEMES(P) \
CS_PARAMS_NHS(P) \
CS_PARAMS_BIZCASE(P)

struct cs_params {
#define CS_P_FIELD_INT(f, n)   int f;
#define CS_P_FIELD_BOOL(f, n)  int f;
#define CS_P_FIELD_REAL(f, n)  double f;
#define CS_P_FIELD_STR(f, n)   char f[(n) + 1];
#define CS_P_FIELD_REALV(f, n) double f[n];
#define CS_P_FIELD(kind, path, field, n, def, defs, min, max, lo, hi, units, desc, src) \
    CS_P_FIELD_##kind(field, n)
    CS_PARAM_TABLE(CS_P_FIELD)
#undef CS_P_FIELD
};

/*
 * Policy levers: the parameters a reform changes. The warm-up always runs the
 * status quo, and a scenario's levers take effect from week 0, so every
 * scenario built on the same base starts its reported years from the same
 * state (and the same automatic budget): a difference between scenarios is
 * the policy's doing. The status-quo value of a lever is its value in the
 * root of the scenario's base chain (the file with no base), unless a
 * status_quo = { ... }; group says otherwise (cs_config.h). Rows not listed
 * here are the world the policy acts in, and apply from the first warm-up week.
 */
#define CS_LEVERS(X) \
    X(budget_gbp) X(budget_cover) X(budget_growth) X(budget_rule) X(grant_gbp) X(grant_years) \
    X(sw_per_100k) X(elig_level) X(hc_price) X(res_fee) X(advice_connect) \
    X(connect_first) X(connect_resolve) \
    X(comm_growth) X(comm_invest) X(conn_added_fte) X(conn_rural_first) \
    X(mk_micro_starts) X(mk_micro_added) X(mk_team_starts) X(mk_coop_starts) \
    X(wf_floor) X(cm_small) X(cm_dp) X(cm_pa_rate) X(cm_lowest) \
    X(hm_decom) X(sl_growth) X(sl_added) X(hs_register) X(hs_programme) \
    X(reab_places) X(reab_offer)

/* One row of the table, for code that walks it (config loader, docs, sweeps). */
struct cs_param_info {
    enum cs_param_kind kind;
    const char *path;
    size_t offset;   /* offsetof(struct cs_params, field) */
    int n;
    double def;
    const char *defs;
    double min, max, lo, hi;
    const char *units, *desc, *source;
};

extern const struct cs_param_info cs_param_table[];
extern const int cs_param_count;

/* Fill p with the defaults of the table. */
void cs_params_defaults(struct cs_params *p);
/* Look a row up by its dotted path; NULL if none. */
const struct cs_param_info *cs_param_find(const char *path);
/* 1 when the row is a policy lever (CS_LEVERS). */
int cs_param_is_lever(const struct cs_param_info *pi);
/* Size in bytes of a row's value in struct cs_params. */
size_t cs_param_size(const struct cs_param_info *pi);
/* Copy the value of every lever from src into dst, leaving the rest of dst. */
void cs_params_copy_levers(struct cs_params *dst, const struct cs_params *src);
/* 1 when row pi holds the same value in a and b. */
int cs_param_equal(const struct cs_param_info *pi, const struct cs_params *a,
                   const struct cs_params *b);

/* Numeric value of row pi in p, for code that varies parameters (sweeps,
 * calibration): the value of an INT, BOOL or REAL row; for a REALV row its
 * first element; NaN for a STR row. */
double cs_param_get(const struct cs_param_info *pi, const struct cs_params *p);
/* Set row pi of p to x: an INT or BOOL row to x rounded to the nearest integer,
 * a REAL row to x, a REALV row to every element of ref multiplied by x (the
 * table's lo..hi of a REALV row is such a multiplier). Returns 0, or -1 (p
 * unchanged) for a STR row or when a value would fall outside the row's valid
 * range. */
int cs_param_set(const struct cs_param_info *pi, struct cs_params *p,
                 const struct cs_params *ref, double x);

#endif
