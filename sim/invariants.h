/*
 * invariants.h — the model's runtime invariants (invariants.c), on in debug
 * builds (CS_CHECKS) or with CARESIM_CHECKS=1 in the environment: quiet
 * records changed only through cs_touch, people in = out + alive, the
 * council's spending the sum of its categories, care hours within
 * capacity and need, nobody in two settings.
 */
#ifndef CS_INVARIANTS_H
#define CS_INVARIANTS_H

#include "person.h"

int  cs_checks_wanted(void);
/* Turn checks on for s (every quiet record as it is now is taken as kept):
 * with stop, a failure aborts the run with its message on stderr; without,
 * the first is kept for cs_checks_failure. 0, or -1 out of memory. */
int  cs_checks_on(struct cs_sim *s, int stop);
void cs_checks_free(struct cs_sim *s);
/* The first failure ("week W: ...") of a run whose checks do not stop, or NULL. */
const char *cs_checks_failure(const struct cs_sim *s);
/* Run the checks due after the people phases (CS_CHECK_PEOPLE) or at the
 * week's end (CS_CHECK_WEEK), as cs_checks_on said. */
enum { CS_CHECK_PEOPLE, CS_CHECK_WEEK };
void cs_checks_run(struct cs_sim *s, int when);
/* The scheduler made person i quiet, or changed their quiet record itself. */
/* The population grew (cs_pop_add): room for the new ids. */
void cs_checks_grow(struct cs_sim *s);
void cs_check_keep(struct cs_sim *s, uint32_t i);
/* The scheduler is waking quiet person i (cs_touch, a partner's news, their
 * wake-up week): their record must be as it was kept (else a failure). */
void cs_check_waking(struct cs_sim *s, uint32_t i);
/* Every quiet record as the scheduler left it: 0, or -1 naming the person and
 * the field that changed without cs_touch. */
int  cs_check_quiet(const struct cs_sim *s, char *err, size_t errlen);
/* After the people phases: cs_check_capacity and cs_check_care. 0, or -1
 * with a message. */
int  cs_check_people_phases(const struct cs_sim *s, char *err, size_t errlen);
/* No provider delivered more hours this week than its capacity. */
int  cs_check_capacity(const struct cs_sim *s, char *err, size_t errlen);
/* Nobody processed this week is in two settings (home care delivered in a
 * placement or hospital, a homesharer in a placement) or receives more hours
 * than they need. */
int  cs_check_care(const struct cs_sim *s, char *err, size_t errlen);
/* At the week's end: cs_check_quiet, people in = out + alive, the council's
 * spending the sum of its categories, nobody in two settings. 0 or -1. */
int  cs_check_week(const struct cs_sim *s, char *err, size_t errlen);

#endif
