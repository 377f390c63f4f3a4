/*
 * invariants.c — the model's runtime invariants, checked every week when checks
 * are on: in debug builds (make DEBUG=1 defines CS_CHECKS) and wherever the
 * environment has CARESIM_CHECKS=1. Off, they cost one pointer test in the
 * scheduler per person becoming quiet and one per week.
 *
 * Why: the event scheduler (sched.c) counts a quiet person through standing
 * sums worked out once, when they became quiet. Anything that changes a
 * quiet person's record without waking them first (cs_touch) leaves those
 * sums wrong, silently: results drift, nothing crashes. So every quiet
 * person's record is kept as it was when they became quiet (a shadow copy,
 * 64 bytes a person, only while checks are on), and at the week's end any
 * quiet record that differs from its copy is reported with the person and
 * the field; so is one found changed when the scheduler wakes them
 * (cs_check_waking: a change followed by a wake-up would otherwise take the
 * wrong share out of the sums, unseen). The scheduler's own changes to quiet
 * records (birthdays, paths rebased at a redraw) renew the copy
 * (cs_check_keep).
 *
 * The other invariants, each a statement of what the model means:
 *   - people: everyone who entered (the first population, the 18-year-olds
 *     of each year) is alive or has died, and the ids in use are exactly
 *     those;
 *   - money: the council's spending is the sum of its categories;
 *   - care hours: no provider delivers more contact hours in a week than its
 *     workers' contracted hours times its contact share (its capacity), and
 *     nobody receives more hours than they need;
 *   - settings: nobody is in two places at once: a placement (care home or
 *     Shared Lives) is held only by someone decided on one, in a home or
 *     with a carer that exists, and the dead hold nothing (every week's
 *     end); home care is delivered only to someone at home, not placed nor
 *     in hospital, and a homesharer lives only with someone not placed
 *     (everyone processed, after the people phases: the council's
 *     decisions after them take effect at the person's next week).
 * A broken invariant stops the run (cs_checks_run aborts with the message):
 * a result computed past one is not a result. Tests turn checks on without
 * stopping and read the first failure (cs_checks_failure).
 */
#include "invariants.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cs_checks {
    struct cs_person *shadow;   /* each quiet person's record as they became quiet */
    uint32_t cap;               /* records the shadow has room for */
    int stop;                   /* a failure aborts the run (else it is only kept) */
    char failure[512];          /* the first failure, or "" */
};

static void fail(struct cs_sim *s, const char *err);

/* On in debug builds unless CARESIM_CHECKS=0; elsewhere only when it is set
 * (to anything but 0). */
#ifdef CS_CHECKS
#define CHECKS_BY_DEFAULT 1
#else
#define CHECKS_BY_DEFAULT 0
#endif

int cs_checks_wanted(void)
{
    const char *e = getenv("CARESIM_CHECKS");
    return e && *e ? strcmp(e, "0") != 0 : CHECKS_BY_DEFAULT;
}

int cs_checks_on(struct cs_sim *s, int stop)
{
    if (s->chk) { s->chk->stop = stop; return 0; }
    struct cs_checks *c = calloc(1, sizeof *c);
    if (!c) return -1;
    c->stop = stop;
    c->cap = s->pop.cap ? s->pop.cap : 1;
    c->shadow = calloc(c->cap, sizeof *c->shadow);
    if (!c->shadow) { free(c); return -1; }
    /* anyone quiet already is taken as they are now */
    for (uint32_t i = 0; i < s->pop.n; i++) c->shadow[i] = s->pop.rec[i];
    s->chk = c;
    return 0;
}

void cs_checks_free(struct cs_sim *s)
{
    if (!s->chk) return;
    free(s->chk->shadow);
    free(s->chk);
    s->chk = NULL;
}

const char *cs_checks_failure(const struct cs_sim *s)
{
    return s->chk && s->chk->failure[0] ? s->chk->failure : NULL;
}

/* Keep the first failure; stop the run if asked to. Threads may fail at
 * once (a wake-up in the people phases). */
static void fail(struct cs_sim *s, const char *err)
{
#pragma omp critical(cs_check_fail)
    if (!s->chk->failure[0]) snprintf(s->chk->failure, sizeof s->chk->failure, "week %d: %s", s->week, err);
    if (!s->chk->stop) return;
    /* whatever follows a broken invariant is not a result; abort() leaves
     * any output file unfinished (its temporary name) */
    fprintf(stderr, "caresim: check failed (%s, week %d): %s\n", s->place->code, s->week, err);
    abort();
}

void cs_checks_run(struct cs_sim *s, int when)
{
    char err[400];
    int rc = when == CS_CHECK_PEOPLE ? cs_check_people_phases(s, err, sizeof err) : cs_check_week(s, err, sizeof err);
    if (rc) fail(s, err);
}

void cs_checks_grow(struct cs_sim *s)
{
    struct cs_checks *c = s->chk;
    if (!c || s->pop.cap <= c->cap) return;
    struct cs_person *n = realloc(c->shadow, (size_t)s->pop.cap * sizeof *n);
    if (!n) { perror("caresim: out of memory for the runtime checks"); exit(3); }
    c->shadow = n;
    c->cap = s->pop.cap;
}

void cs_check_keep(struct cs_sim *s, uint32_t i)
{
    s->chk->shadow[i] = s->pop.rec[i];
}

/* The fields of a person's record, for naming the one that changed (and
 * whether its type is signed, for printing its values). */
#define F(name) {#name, offsetof(struct cs_person, name), sizeof ((struct cs_person *)0)->name, \
                 _Generic(((struct cs_person *)0)->name, int16_t: 1, int32_t: 1, default: 0)}
static const struct { const char *name; size_t off, size; int is_signed; } fields[] = {
    F(partner), F(prov), F(home), F(primary), F(nbhd), F(review_at), F(since), F(carer_back),
    F(ep_end), F(flags), F(age), F(household), F(wealth), F(need), F(cond), F(svc), F(fam),
    F(strain), F(wellbeing), F(assessed), F(pkg), F(carer_cap), F(cont), F(cont_last),
    F(lts_year), F(ext), F(mix), F(wb_from), F(st_step), F(wb_to), F(spare_),
};
#undef F

/* The value of field k (1, 2 or 4 bytes; 0 for the spare bytes). */
static long long field_value(const struct cs_person *r, size_t k)
{
    const unsigned char *b = (const unsigned char *)r + fields[k].off;
    int sg = fields[k].is_signed;
    switch (fields[k].size) {
    case 1: return *(const uint8_t *)b;
    case 2: { uint16_t v; memcpy(&v, b, 2); return sg ? (int16_t)v : (long long)v; }
    case 4: { uint32_t v; memcpy(&v, b, 4); return sg ? (int32_t)v : (long long)v; }
    default: return 0;
    }
}

/* Person i's record against the copy kept when they became quiet: 0, or -1
 * naming the field that changed. */
static int quiet_diff(const struct cs_sim *s, uint32_t i, char *err, size_t errlen)
{
    const struct cs_person *now = &s->pop.rec[i], *was = &s->chk->shadow[i];
    if (!memcmp(now, was, sizeof *now)) return 0;
    if (!(was->ext & CS_X_QUIET)) {
        snprintf(err, errlen, "person %u was made quiet without the scheduler (cs_sched_after)", i);
        return -1;
    }
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        if (!memcmp((const char *)now + fields[k].off, (const char *)was + fields[k].off, fields[k].size)) continue;
        snprintf(err, errlen, "quiet person %u's record changed without cs_touch: field %s, %lld -> %lld "
                 "(the scheduler's standing sums still count the old record)",
                 i, fields[k].name, field_value(was, k), field_value(now, k));
        return -1;
    }
    return -1;
}

int cs_check_quiet(const struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_pop *pp = &s->pop;
    for (uint32_t i = 0; i < pp->n; i++)
        if ((pp->rec[i].ext & CS_X_QUIET) && quiet_diff(s, i, err, errlen)) return -1;
    return 0;
}

void cs_check_waking(struct cs_sim *s, uint32_t i)
{
    char err[400];
    if (!quiet_diff(s, i, err, sizeof err)) return;
    fail(s, err);
}

int cs_check_capacity(const struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_market *mk = &s->mk;
    /* each provider's delivered hours (hundredths, summed per client from
     * rounded hours: at most half a hundredth each over) within capacity */
    for (int32_t k = 0; k < mk->n_live; k++) {
        int32_t pr = mk->live[k];
        int64_t hrs = 0, clients = 0;
        for (int t = 0; t < s->n_threads; t++) { hrs += s->tb[t].p_hours[pr]; clients += s->tb[t].p_clients[pr]; }
        if (hrs > mk->capacity[pr] * 100.0 + 0.5 * (double)clients + 1e-6) {
            snprintf(err, errlen, "provider %d delivered %.2f hours this week, over its capacity of %.2f "
                     "(workers' contracted hours times its contact share)", pr, hrs / 100.0, mk->capacity[pr]);
            return -1;
        }
    }
    return 0;
}

int cs_check_care(const struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_pop *pp = &s->pop;
    /* nobody processed this week lives in two settings or receives more than
     * they need */
    for (int t = 0; t < s->n_threads; t++)
        for (uint32_t k = 0; k < s->tb[t].n_due; k++) {
            uint32_t i = s->tb[t].due[k];
            if (!(pp->rec[i].flags & CS_F_ALIVE)) continue;
            struct cs_care c;
            cs_care_received(s, i, &c);
            /* one setting: home care is delivered only at home; a homesharer
             * lives only with someone at home. (A provider's id may stay on
             * the record of someone placed, or in hospital, until the week
             * they are next processed: nothing is delivered or billed.) */
            const char *two = c.pr >= 0 && (c.placed || c.hosp) ? "receives home care while in a placement or in hospital"
                            : (pp->rec[i].ext & CS_X_HOMESHARE) && cs_placed(pp, i) ? "has a homesharer while living in a placement"
                            : NULL;
            if (two) {
                snprintf(err, errlen, "person %u (service %d, place %d, provider %d, ext 0x%02x) %s", i, pp->rec[i].svc,
                         pp->rec[i].home, pp->rec[i].prov, pp->rec[i].ext, two);
                return -1;
            }
            if (c.unmet < -1e-9) {
                snprintf(err, errlen, "person %u receives %.3f hours more than the %.1f they need", i, -c.unmet,
                         s->p->need_hours[pp->rec[i].need]);
                return -1;
            }
        }
    return 0;
}

int cs_check_people_phases(const struct cs_sim *s, char *err, size_t errlen)
{
    return cs_check_capacity(s, err, errlen) || cs_check_care(s, err, errlen) ? -1 : 0;
}

int cs_check_week(const struct cs_sim *s, char *err, size_t errlen)
{
    const struct cs_pop *pp = &s->pop;
    if (cs_check_quiet(s, err, errlen)) return -1;

    /* people in = people out + alive */
    int64_t alive = 0;
    for (uint32_t i = 0; i < pp->n; i++) alive += pp->rec[i].flags & CS_F_ALIVE;
    if (s->initial_people + s->total_entrants != s->total_deaths + s->total_left + alive ||
        (int64_t)pp->n != s->initial_people + s->total_entrants + s->total_holes) {
        snprintf(err, errlen, "people: %lld at the start + %lld joined != %lld deaths + %lld left + %lld alive "
                 "(%u ids in use, %lld kept empty)", (long long)s->initial_people, (long long)s->total_entrants,
                 (long long)s->total_deaths, (long long)s->total_left, (long long)alive, pp->n, (long long)s->total_holes);
        return -1;
    }

    /* money: the council's spending is the sum of its categories (pence) */
    static const int cat[] = {CS_M_council_spend_home_care, CS_M_council_spend_residential,
                              CS_M_council_spend_reablement, CS_M_council_spend_community,
                              CS_M_council_spend_shared_lives, CS_M_council_spend_provider_development,
                              CS_M_council_spend_assessment};
    int64_t parts = 0;
    for (size_t k = 0; k < sizeof cat / sizeof cat[0]; k++) parts += cs_llround(s->m[cat[k]] * 100);
    if (parts != cs_llround(s->m[CS_M_council_spend] * 100)) {
        snprintf(err, errlen, "money: council spending %.2f is not the sum of its categories, %.2f",
                 s->m[CS_M_council_spend], parts / 100.0);
        return -1;
    }

    /* settings */
    for (uint32_t i = 0; i < pp->n; i++) {
        const struct cs_person *r = &pp->rec[i];
        const char *why = NULL;
        if (!(r->flags & CS_F_ALIVE)) {
            if (r->svc != CS_SVC_NONE || r->home >= 0 ||
                (r->ext & (CS_X_HOSP | CS_X_REABLE | CS_X_DREF | CS_X_HOMESHARE | CS_X_RESIDENT | CS_X_QUIET)))
                why = "dead, but still holding a service, a place, a hospital bed or a homesharer";
        } else if (r->home >= 0 && !cs_svc_res(r->svc) && r->svc != CS_SVC_SHARED_LIVES) {
            why = "holds a placement without a care-home or Shared Lives decision";
        } else if (r->home >= 0 && r->home >= (r->svc == CS_SVC_SHARED_LIVES ? s->sl.n : s->homes.n)) {
            why = "placed with a care home or Shared Lives carer that does not exist";
        }
        if (why) {
            snprintf(err, errlen, "person %u (service %d, place %d, provider %d, flags 0x%02x, ext 0x%02x): %s",
                     i, r->svc, r->home, r->prov, r->flags, r->ext, why);
            return -1;
        }
    }
    return 0;
}
