/*
 * cs_calendar.h — the model's calendar: which date and which financial year
 * a simulated week stands for.
 *
 * The seed population is ONS's mid-2020 estimate (30 June 2020), so week 0,
 * the first dated week, starts on 1 July 2020. Weeks before 0 are the
 * unreported spin-up, which has no date: demography is held at mid-2020
 * while the care system settles. A model year is 52 weeks, from 1 July to
 * 30 June, so a model week is 365.25 / 52 days (about 7.02): the calendar
 * never drifts from the mid-year on which ages, migration and the life
 * tables are defined, and a financial year (1 April to 31 March) is always
 * 52 weeks. A week belongs to the financial year its middle day falls in;
 * with week 0 on 1 July that puts each model year's weeks 39..51 and the
 * next year's 0..38 in one financial year (2021-22 is weeks 39..90).
 *
 * Financial years are named by the calendar year they start in: 2021 is
 * 2021-22. Every function here is pure arithmetic on these rules.
 */
#ifndef CS_CALENDAR_H
#define CS_CALENDAR_H

#include <stddef.h>

#define CS_CAL_ORIGIN "2020-07-01"   /* the first day of week 0 */
#define CS_CAL_YEAR0 2020            /* week 0 is in the model year mid-2020 to mid-2021 */

/* Days from 1 July 2020 to the start of week w (w may be negative). */
double cs_cal_days(int week);

/* The calendar date of day `day` after 1 July 2020 (day may be negative). */
void cs_cal_date_of_day(long day, int *y, int *m, int *d);

/* The date of the day in which week w starts (week 52 starts six hours
 * into 1 July 2021, so its date is 2021-07-01). */
void cs_cal_date(int week, int *y, int *m, int *d);

/* Days from 1 July 2020 to y-m-d (negative before it); -999999 for an
 * impossible date (month not 1..12, day not in the month). */
long cs_cal_day_of_date(int y, int m, int d);

/* The week whose span contains the start of day y-m-d. */
int cs_cal_week_of_date(int y, int m, int d);

/* Parse "YYYY-MM-DD" into y, m, d: 0, or -1 if it is not a real date. */
int cs_cal_parse(const char *s, int *y, int *m, int *d);

/* The financial year of week w (2021 for 2021-22). */
int cs_cal_fy(int week);

/* The first week of financial year fy (so fy runs to cs_cal_fy_first_week(fy + 1) - 1). */
int cs_cal_fy_first_week(int fy);

/* "2021-22" for 2021 into buf (at least 8 bytes). */
void cs_cal_fy_label(int fy, char *buf, size_t len);

/* The model year of week w: 2020 for weeks 0..51 (mid-2020 to mid-2021),
 * 2019 for spin-up weeks -52..-1. */
int cs_cal_model_year(int week);

#endif
