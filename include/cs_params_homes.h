/*
 * cs_params_homes.h — parameters of care homes (residential and nursing, small and large; sim/homes.c), in the row format of cs_params.h
 * (included there into CS_PARAM_TABLE).
 */
#ifndef CS_PARAMS_HOMES_H
#define CS_PARAMS_HOMES_H

#define CS_PARAMS_HOMES(P) \
/* ---- care homes: stock */ \
P(REAL, "homes.initial_occupancy", hm_occ0, 1, 0.88, NULL, 0.3, 1, 0.85, 0.92, "fraction", \
  "Share of beds the starting residents fill: each district gets enough homes of each type for its residents at this occupancy. Also the normal occupancy at which homes judge their cost per resident", \
  "LaingBuisson Care Homes for Older People: occupancy of roughly 87-89% in 2023-24, after a pandemic dip to about 80% (approximate)") \
P(INT, "homes.small_beds", hm_small_beds, 1, 20, NULL, 1, 200, 0, 0, "beds", \
  "Largest size of a small home; small homes have between a quarter of this and this many beds (uniform)", \
  "Structural choice; CMA care homes market study 2017 reports higher costs per bed in smaller homes") \
P(REAL, "homes.small_share", hm_small_share, 1, 0.35, NULL, 0, 1, 0.25, 0.45, "fraction of homes", \
  "Share of homes that are small (many homes, few beds)", \
  "CQC care directory: about 15,000 residential and nursing services with roughly 30 beds on average, a large minority of them small (approximate; many small homes serve people with learning disabilities)") \
P(REAL, "homes.large_mean_beds", hm_large_beds, 1, 50, NULL, 2, 1000, 40, 65, "beds", \
  "Mean size of a large home; sizes are uniform from small_beds + 1 up to twice this less small_beds + 1. New homes have this size", \
  "LaingBuisson: homes for older people average about 40-50 beds, new-build homes 60 or more (approximate)") \
/* ---- care homes: fees (residential fees are council.residential_fee and council.private_residential_fee) */ \
P(REAL, "homes.nursing_council_fee", hm_nfee, 1, 1225, NULL, 100, 5000, 1100, 1400, "GBP/week", \
  "Council fee per week for a nursing-home place, excluding NHS Funded Nursing Care", \
  "LaingBuisson 2024-25: 1,225 GBP council, 1,594 GBP self-funder (treated here as net of FNC; published nursing fees sometimes include it)") \
P(REAL, "homes.nursing_private_fee", hm_nfee_private, 1, 1594, NULL, 100, 5000, 1400, 1800, "GBP/week", \
  "Self-funder fee per week for a nursing-home place, excluding NHS Funded Nursing Care", \
  "LaingBuisson 2024-25 (as above)") \
P(REAL, "homes.fnc", hm_fnc, 1, 235.88, NULL, 0, 2000, 219.71, 254, "GBP/week", \
  "NHS Funded Nursing Care paid to a nursing home for each resident (an NHS cost, not the council's)", \
  "DHSC: FNC standard weekly rate 235.88 GBP in 2024-25 (219.71 in 2023-24)") \
/* ---- care homes: costs */ \
P(REAL, "homes.fixed_cost_per_bed", hm_fixed, 1, 420, NULL, 0, 5000, 380, 500, "GBP/week per bed", \
  "Weekly cost of an open bed in a large residential home whether filled or not (premises, capital, management, night and core staff, catering base), at baseline pay", \
  "Calibrated with homes.resident_cost so a 50-bed residential home at 88% occupancy, half council-funded, earns a margin of about 7% at 2024-25 fees (a small home about 4%; a 10% cut in the council fee leaves about 3% and 0%); the fixed/variable split is an assumption (CMA care homes market study 2017 cost structure)") \
P(REAL, "homes.resident_cost", hm_var, 1, 540, NULL, 0, 5000, 480, 640, "GBP/week per resident", \
  "Weekly cost of each resident in a large residential home (care staff hours, food, consumables), at baseline pay", \
  "As above") \
P(REAL, "homes.staff_share", hm_staff, 1, 0.6, NULL, 0, 1, 0.5, 0.7, "fraction", \
  "Share of both cost components that is pay and scales with the care-pay index", \
  "CMA care homes market study 2017 and LaingBuisson cost models: staff costs roughly 55-65% of operating costs (approximate)") \
P(REAL, "homes.small_cost_ratio", hm_small_cost, 1, 1.06, NULL, 0.5, 3, 1.0, 1.2, "ratio", \
  "Fixed cost per bed of a small home relative to a large one (lost economies of scale): small homes break even only just at default fees and go under first when fees fall", \
  "CMA care homes market study 2017: costs per bed higher in small homes; the size of the premium is an assumption") \
P(REAL, "homes.nursing_cost_ratio", hm_nurse_cost, 1, 1.5, NULL, 0.5, 5, 1.35, 1.65, "ratio", \
  "Costs of a nursing home (both components) relative to a residential home of the same size (registered nurses on every shift)", \
  "Assumption: set so nursing homes earn a margin like residential homes at 2024-25 fees plus FNC") \
/* ---- care homes: behaviour */ \
P(REAL, "homes.accept_occupancy", hm_accept_occ, 1, 0.90, NULL, 0, 1, 0.85, 0.95, "fraction", \
  "Occupancy below which a home takes a council-funded resident whatever the fee (the fee is above the marginal cost of a resident); above it, only while its council share stays affordable", \
  "Assumption; CMA care homes market study 2017: self-funders cross-subsidise council-funded residents and homes manage their mix") \
P(REAL, "homes.start_reserve_weeks", hm_reserve0, 1, 4, NULL, 0, 520, 2, 8, "weeks of cost", \
  "Reserves a new home starts with; homes at the start draw theirs uniformly between 0 and twice this", \
  "Assumption") \
P(REAL, "homes.exit_reserve_weeks", hm_exit, 1, 4, NULL, 0, 520, 2, 8, "weeks of cost", \
  "A home closes when its reserves fall below minus this many weeks of its cost (sustained losses)", \
  "Assumption; CQC market oversight reports closures after sustained losses") \
P(REAL, "homes.closure_rate", hm_close_rate, 1, 0.02, NULL, 0, 1, 0.01, 0.04, "per year", \
  "Background hazard of a home closing for other reasons (owner retirement, premises, regulation)", \
  "CQC registration data: a few % of care homes leave the register each year, many replaced by new registrations (approximate)") \
P(REAL, "homes.entry_occupancy", hm_entry_occ, 1, 0.95, NULL, 0.3, 1, 0.92, 0.98, "fraction", \
  "Smoothed occupancy of all open beds of a type above which a new large home of that type opens, if self-funder fees cover its costs", \
  "Assumption: new homes are built where beds are short and self-funders can pay (LaingBuisson)") \
P(REAL, "homes.entry_lag_weeks", hm_entry_lag, 1, 26, NULL, 1, 520, 13, 52, "weeks", \
  "Fewest weeks between two openings of homes of the same type (building or converting takes time)", \
  "Assumption") \
P(REAL, "homes.occupancy_smoothing_weeks", hm_smooth, 1, 13, NULL, 1, 520, 4, 26, "weeks", \
  "Time constant of the smoothed occupancy that entry looks at (weight 1/this on each new week)", \
  "Assumption") \
P(REAL, "homes.decommission_share", hm_decom, 1, 0.0, NULL, 0, 1, 0, 0, "fraction per year", \
  "Share of residential (not nursing) beds the council withdraws from use at each reported year boundary", \
  "Structural lever; 0 in the status quo") \
P(REAL, "homes.nursing_share", hm_nursing_share, 1, 0.35, NULL, 0, 1, 0.25, 0.45, "fraction", \
  "Share of people moving into a care home (at critical need) who need nursing care; a fixed trait of the person", \
  "King's Fund Social care 360 (from ASC-FR 2023-24): councils spent 2.4 bn GBP on nursing and 4.5 bn on residential care for people 65+, about 30% of council-funded residents at the council fees; self-funders somewhat more often in nursing homes (LaingBuisson). Approximate") \
P(REAL, "homes.reference_pay", hm_ref_pay, 1, 11.00, NULL, 1, 100, 10.4, 12.0, "GBP/hour", \
  "Care-home care workers' hourly pay at which homes.fixed_cost_per_bed and homes.resident_cost apply; the staff part of costs scales with max(workforce.pay_floor, this) / this, so a fair-pay floor raises care homes' costs too", \
  "Skills for Care: care worker median pay 11.00 GBP (Dec 2023)") \
P(REAL, "homes.small_wellbeing_ratio", hm_small_wb, 1, 0.7, NULL, 0, 2, 0.5, 1.0, "ratio", \
  "Multiplier on wellbeing.residential_penalty for residents of small homes", \
  "CQC State of Care: smaller care homes are more often rated good or outstanding; the size of any wellbeing effect is an assumption, range includes none")

#endif
