/*
 * cs_params_nhs.h — parameters of the NHS interface (hospital admission,
 * length of stay, discharge that waits for care, reablement), in the row format
 * of cs_params.h (included there into CS_PARAM_TABLE). The mechanism is in
 * sim/model.c (admission, stay, discharge) and sim/council.c (the hospital
 * lane and reablement places); see docs/model.md, "The NHS interface".
 */
#ifndef CS_PARAMS_NHS_H
#define CS_PARAMS_NHS_H

#define CS_PARAMS_NHS(P) \
P(REALV, "nhs.admission_rate", nhs_admit, 5, 1, "0.07, 0.25, 0.35, 0.5, 0.7", 0, 5, 0.7, 1.4, "per year", \
  "Emergency hospital admissions a year by need level (none, low, moderate, substantial, critical)", \
  "HES Admitted Patient Care 2022-23: about 6.3 million emergency admissions in England, about 0.12 per adult a year; linked health and care data (Health Foundation / Nuffield Trust) show people with care needs admitted several times as often. Gradient by need approximate") \
P(REAL, "nhs.unmet_admission_hr", nhs_unmet_hr, 1, 1.3, NULL, 1, 5, 1.0, 1.6, "ratio", \
  "Hazard ratio on admission for a person whose needed hours were less than half covered last week (falls, dehydration, missed medication)", \
  "Assumption informed by Age UK 2019 (unmet need and avoidable admissions); range includes no effect") \
P(REALV, "nhs.stay_days", nhs_stay, 5, 1, "4, 6, 8, 10, 12", 0.5, 60, 0.7, 1.3, "days", \
  "Mean length of an emergency stay until the person is medically fit to leave, by need level (drawn exponentially; a stay occupies whole weeks in the model, the days are costed exactly)", \
  "NHS England Hospital Episode Statistics 2022-23: mean emergency stay about 5 days overall and 8-10 days for people aged 75+ (approximate)") \
P(REAL, "nhs.decline_share", nhs_decline, 1, 0.15, NULL, 0, 1, 0.05, 0.3, "fraction", \
  "Share of admissions of people who already have care needs after which their need is one level higher (deconditioning in hospital). Overlaps the general progression rates, which were set without it: recalibrate both together", \
  "Gill et al. 2004 and NHS Improvement 2018 ('end PJ paralysis'): functional decline during a stay is common among older patients; value approximate") \
P(REAL, "nhs.bed_day_cost", nhs_bed_day, 1, 400, NULL, 0, 5000, 300, 550, "GBP/day", \
  "Cost to the NHS of one acute bed-day, used for stays and for delayed-discharge days", \
  "NHS National Cost Collection 2021-22: non-elective excess bed-day costs about 350-450 GBP (approximate)") \
P(REAL, "reablement.places_per_100k", reab_places, 1, 50, NULL, 0, 10000, 30, 80, "places per 100k adults", \
  "Reablement places (people supported at once) per 100,000 adults", \
  "ASC-FR 2023-24: reablement spend 0.53 bn GBP; at about 2,900 GBP per episode (PSSRU 2010 cost 2,088 uprated) and 6 weeks each, about 200k episodes a year, about 50 places per 100k adults") \
P(INT, "reablement.weeks", reab_weeks, 1, 6, NULL, 1, 26, 4, 6, "weeks", \
  "Length of a reablement episode (free to the person under the Care Act for up to six weeks)", \
  "Care and Support (Charging) Regulations 2014: intermediate care and reablement free for up to six weeks") \
P(REAL, "reablement.cost_week", reab_cost, 1, 480, NULL, 0, 5000, 350, 650, "GBP/week", \
  "Council cost of one person in reablement for a week", \
  "Glendinning et al. 2010 (SPRU York / PSSRU): 2,088 GBP per episode at 2008-09 prices, about 2,900 GBP uprated, over six weeks") \
P(REAL, "reablement.success", reab_success, 1, 0.55, NULL, 0, 1, 0.35, 0.75, "fraction", \
  "Share of reablement episodes after which the person's need is one level lower", \
  "Glendinning et al. 2010: reablement users' later social care costs about 60% lower; Oflog ASC5 (2022-23): about 75% of short-term service users need no further or lower-level support. Value approximate") \
P(REAL, "reablement.offer_share", reab_offer, 1, 1.0, NULL, 0, 1, 0.7, 1.0, "fraction", \
  "Share of people leaving hospital with new or higher eligible need who are offered reablement first, when a place is free", \
  "Policy lever; NHS England hospital discharge guidance (discharge to assess, pathway 1)")

#endif
