/*
 * calendar.c — dates and financial years of simulated weeks
 * (include/cs_calendar.h has the rules and why a week is 365.25/52 days).
 */
#include "cs_calendar.h"

#include <math.h>
#include <stdio.h>

/* Days since 1970-01-01 of a proleptic Gregorian date: the usual era
 * arithmetic (400-year eras of 146097 days, years counted from March so
 * the leap day ends the year). */
static long civil_days(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

static int days_in_month(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return n[m - 1] + (m == 2 && leap);
}

#define ORIGIN civil_days(2020, 7, 1)
#define WEEK_DAYS (365.25 / 52.0)

double cs_cal_days(int week) { return week * WEEK_DAYS; }

void cs_cal_date_of_day(long day, int *y, int *m, int *d) { civil_from_days(ORIGIN + day, y, m, d); }

void cs_cal_date(int week, int *y, int *m, int *d)
{
    cs_cal_date_of_day((long)floor(cs_cal_days(week) + 1e-9), y, m, d);
}

long cs_cal_day_of_date(int y, int m, int d)
{
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -999999;
    return civil_days(y, m, d) - ORIGIN;
}

int cs_cal_week_of_date(int y, int m, int d)
{
    long day = cs_cal_day_of_date(y, m, d);
    return (int)floor(day / WEEK_DAYS + 1e-9);
}

int cs_cal_parse(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3) return -1;
    return cs_cal_day_of_date(*y, *m, *d) == -999999 ? -1 : 0;
}

int cs_cal_fy(int week)
{
    int y, m, d;
    cs_cal_date_of_day((long)floor(cs_cal_days(week) + WEEK_DAYS / 2), &y, &m, &d);
    return m >= 4 ? y : y - 1;
}

int cs_cal_fy_first_week(int fy)
{
    /* 1 April falls in the week that starts the year or the one before */
    int w = cs_cal_week_of_date(fy, 4, 1) - 1;
    while (cs_cal_fy(w) < fy) w++;
    return w;
}

void cs_cal_fy_label(int fy, char *buf, size_t len) { snprintf(buf, len, "%04d-%02d", fy, (fy + 1) % 100); }

int cs_cal_model_year(int week) { return CS_CAL_YEAR0 + (int)floor(week / 52.0); }
