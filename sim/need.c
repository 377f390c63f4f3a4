/*
 * need.c — need as a whole population carries it: the census of the living
 * by sex, age, need level and setting (cs_need.h). A read-only pass over the
 * records, taken by the tools (caresim drift) when they want it, so it costs
 * the weekly step nothing.
 */
#include "cs_need.h"

#include <string.h>

#include "cs_model.h"
#include "record.h"

void cs_need_census(const struct cs_sim *s, struct cs_census *c)
{
    memset(c, 0, sizeof *c);
    const struct cs_pop *pp = &s->pop;
    for (uint32_t i = 0; i < pp->n; i++) {
        const struct cs_person *r = &pp->rec[i];
        if (!(r->flags & CS_F_ALIVE)) continue;
        int sex = (r->flags & CS_F_FEMALE) ? 1 : 0;
        int a = r->age < CS_CENSUS_AGES ? r->age : CS_CENSUS_AGES - 1;
        c->n[sex][a][r->need][cs_in_care_home(pp, i) ? CS_IN_CARE_HOME : CS_AT_HOME]++;
    }
}

int cs_need_week(const struct cs_sim *s) { return cs_report_week(s); }
