/*
 * cs_bizcase.h — the business case of a scenario S against a baseline B, per
 * budget holder, from the weekly series of both (method: docs/business_case.md;
 * stored layout: docs/output.md, "Business case").
 *
 * Budget holders and the weekly cost (GBP/week) each bears, from the metrics:
 *   council             council_spend - reform_grant
 *   nhs                 nhs_cost
 *   self_funders        self_funder_spend
 *   unpaid_carers       unpaid_care_value
 *   central_government  reform_grant   (0 when a file has no such metric)
 * The saving of holder h in week w is cost_h(B) - cost_h(S), replicate by
 * replicate (replicate r of every scenario shares its random numbers). The net
 * benefit of a week is the sum over holders, so the grant, a transfer from
 * central government to the council, cancels out of it. The investment of a
 * week is reform_investment(S) - reform_investment(B); it is already part of
 * council_spend, so it is not subtracted again: it is reported for the ROI.
 *
 * Only the projection window counts (cs_h5read.h: the weeks from the policy
 * start; the weeks before it are history, the same in every scenario).
 * Discounting: a flow in week w of the window (0 = the policy start's week)
 * is multiplied by (1 + rate)^(-(w + 0.5) / 52), i.e. valued at the policy
 * start with every week's flow placed mid-week. Years are 52-week years of the
 * window: financial years from the policy start (2024-25, ...).
 *   NPV            = sum over weeks of the discounted net benefit
 *   PV investment  = sum over weeks of the discounted investment
 *   ROI            = NPV / PV investment (net return per pound invested; NaN
 *                    when the PV investment is 0)
 *   payback year   = the first year y (1-based) at whose end the cumulative
 *                    discounted net benefit is >= 0 and stays >= 0 at the end
 *                    of every later year of the horizon; NaN when none
 * Each is computed per replicate, then summarised as a mean with a t interval
 * over replicates (payback year: over the replicates that paid back, with
 * share_paid_back the share that did).
 */
#ifndef CS_BIZCASE_H
#define CS_BIZCASE_H

#include <stddef.h>

#include "cs_h5read.h"
#include "cs_stats.h"

/* Budget holders, in the order of the stored holder dataset. */
enum { CS_BC_COUNCIL, CS_BC_NHS, CS_BC_SELF_FUNDERS, CS_BC_UNPAID_CARERS,
       CS_BC_CENTRAL_GOVERNMENT, CS_BC_N_HOLDERS };
extern const char *const cs_bc_holder_name[CS_BC_N_HOLDERS];

/* The weekly metrics a business case reads (all GBP/week). */
enum { CS_BC_IN_COUNCIL_SPEND, CS_BC_IN_REFORM_GRANT, CS_BC_IN_NHS_COST,
       CS_BC_IN_SELF_FUNDER_SPEND, CS_BC_IN_UNPAID_CARE_VALUE,
       CS_BC_IN_REFORM_INVESTMENT, CS_BC_N_INPUTS };
extern const char *const cs_bc_input_metric[CS_BC_N_INPUTS];
/* Only reform_grant may be missing (read as 0); the others are required. */
#define CS_BC_INPUT_OPTIONAL(i) ((i) == CS_BC_IN_REFORM_GRANT)

/* Summary measures, in the order of the stored measure dataset:
 * npv, pv_investment, roi, payback_year, pv_savings_<holder> for each holder,
 * share_paid_back. */
enum { CS_BC_NPV, CS_BC_PV_INVESTMENT, CS_BC_ROI, CS_BC_PAYBACK_YEAR, CS_BC_PV_SAVINGS,
       CS_BC_SHARE_PAID_BACK = CS_BC_PV_SAVINGS + CS_BC_N_HOLDERS, CS_BC_N_MEASURES };
extern const char *const cs_bc_measure_name[CS_BC_N_MEASURES];
extern const char *const cs_bc_measure_units[CS_BC_N_MEASURES];   /* "GBP", "GBP/GBP", "year", "fraction" */

struct cs_bizcase {
    struct cs_window win;      /* the window of the series the case is over */
    int n_reps, n_weeks;       /* weeks of the window */
    int n_years;               /* ceil(n_weeks / 52); year y (0-based here) holds the window's weeks 52y .. 52y+51 */
    double discount_rate;      /* per year */
    double level;              /* of the intervals in summary, e.g. 0.95 */
    double *savings;           /* [(r * n_years + y) * CS_BC_N_HOLDERS + h], undiscounted GBP */
    double *investment;        /* [r * n_years + y], undiscounted GBP */
    double *npv, *pv_investment, *roi, *payback_year;   /* [r]; payback NaN when not reached */
    double *pv_savings;        /* [r * CS_BC_N_HOLDERS + h], discounted GBP */
    struct cs_ci summary[CS_BC_N_MEASURES];   /* share_paid_back: mean = lo = hi = the share */
};

/* The discount factor of week w: (1 + rate)^(-(w + 0.5) / 52). */
double cs_bc_discount(double rate, int week);

/* The business case of S against B from their weekly input series, each
 * x[r * n_weeks + w] and indexed by CS_BC_IN_*; a NULL series is read as 0;
 * over the window win of the series (NULL: all of it, years "year 1", ...).
 * Fills bc (free it with cs_bizcase_free). Returns 0, or -1 when out of memory,
 * the shape is empty or win does not fit n_weeks. */
int cs_bizcase_compute(const double *const base[CS_BC_N_INPUTS],
                       const double *const scen[CS_BC_N_INPUTS], int n_reps, int n_weeks,
                       const struct cs_window *win, double rate, double level, struct cs_bizcase *bc);
void cs_bizcase_free(struct cs_bizcase *bc);

/* Mean and interval over replicates of an undiscounted yearly amount: the
 * savings of holder h (0 .. CS_BC_N_HOLDERS-1), the net benefit (all holders,
 * h = CS_BC_N_HOLDERS) or the investment (h = -1), in year y (1-based). */
struct cs_ci cs_bizcase_year_ci(const struct cs_bizcase *bc, int h, int y);

/* The same from the series of two scenarios in a result file. Returns 0; 1
 * when a series cannot be read; 2 when the input is unusable (a scenario or a
 * required metric missing, or the two scenarios differ in replicates or
 * weeks), with a message in err. */
int cs_bizcase_from_file(const cs_rfile *f, const char *baseline, const char *scenario,
                         double rate, double level, struct cs_bizcase *bc, char *err,
                         size_t errlen);

/* The discount rate of a scenario in a file: business_case.discount_rate of
 * its stored configuration, or the parameter table's default when the file
 * predates that parameter. */
double cs_bizcase_file_rate(const cs_rfile *f, const char *scenario);

/* Write bc as /scenarios/<scenario>/business_case of the result file o, against
 * baseline (cs_out_business_case, with this module's names of the holders and
 * measures). Returns 0, or -1 with cs_out_errmsg(o) set. */
struct cs_out;
int cs_bizcase_write(struct cs_out *o, const char *scenario, const char *baseline, const struct cs_bizcase *bc);

/*
 * For `caresim run`: keep each scenario's inputs as it finishes (a copy of six
 * series), then compute and write every scenario's business case against the
 * baseline before the file is finished.
 */
typedef struct cs_bc_runset cs_bc_runset;
/* NULL when out of memory. */
cs_bc_runset *cs_bc_runset_new(int n_scenarios);
/* Keep scenario i (its name, its discount rate, and its series indexed like
 * cs_metric_table, as in struct cs_results, from dated week 0; policy_week:
 * the first week of the projection, from which the case is made). Returns 0,
 * or -1 when out of memory. */
int cs_bc_runset_keep(cs_bc_runset *s, int i, const char *name, double rate,
                      double *const *series, int n_reps, int n_weeks, int policy_week);
/* Write the business case of every kept scenario other than the baseline (index
 * baseline) with cs_bizcase_write. Returns 0, or -1 with a message in err. */
int cs_bc_runset_write(cs_bc_runset *s, int baseline, struct cs_out *o, char *err,
                       size_t errlen);
void cs_bc_runset_free(cs_bc_runset *s);

#endif
