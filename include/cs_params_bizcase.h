/*
 * cs_params_bizcase.h — parameters of the business case (analysis/bizcase.c), in
 * the row format of cs_params.h (included there into CS_PARAM_TABLE). The
 * method is in docs/business_case.md. They change no simulated result: only
 * how `caresim run` (for a multi-scenario file) and `caresim compare` value
 * the differences between a scenario and the baseline.
 */
#ifndef CS_PARAMS_BIZCASE_H
#define CS_PARAMS_BIZCASE_H

#define CS_PARAMS_BIZCASE(P) \
P(REAL, "business_case.discount_rate", bc_discount_rate, 1, 0.035, NULL, 0, 0.5, 0.015, 0.06, "per year", \
  "Discount rate of the business case: a flow in week w (0 = first reported week) is worth (1 + rate)^(-(w + 0.5)/52) of the same flow now. A scenario's business case uses the rate of that scenario (usually inherited from the baseline file)", \
  "HM Treasury Green Book (2022): social time preference rate 3.5% a year for the first 30 years; range from its health (1.5%) and sensitivity rates")

#endif
