/* cd-list-deadline.h — the statutory deadline of an employer's list, and the working days left.
 *
 * The office decides an employer's list (01B-HSB) within N working days of receiving it (L41 Art
 * 48, 62: N = 7; the rule pack's `list_decision_wd`). Counting follows the rules' window policy
 * (benefit-rules.md §2, "the day after X is day 1"): day 1 is the first working day after the day
 * of receipt, so a list received on a rest day or after office hours gets the same deadline as one
 * received that morning (docs/workflow.md, "Deadline of an employer's list"). Working days are the
 * office's: the public-sector calendar of the rule pack in force on the day of receipt, Saturday
 * and Sunday rest. Pure computation: no store, no clock.
 */
#pragma once

#include "cd-rule-pack.h"

G_BEGIN_DECLS

/* The assumption code named when a day had no confirmed calendar (cd-rule-texts.c). */
#define CD_LIST_DEADLINE_CALENDAR_ASSUMED "policy.calendar_assumed"

typedef struct
{
  CdDay       received_on;
  CdDay       deadline;        /* the last day on which the decision is in time */
  int         working_days;    /* N, from the pack in force on received_on */
  const char *citation;        /* N's citation; owned by the pack */
  const char *assumption;      /* CD_LIST_DEADLINE_CALENDAR_ASSUMED or NULL */
  int         assumed_year;    /* the first year counted on weekly rest only, else 0 */
} CdListDeadline;

/* The deadline of a list received on `received_on`. A day past the confirmed calendars is counted
 * on the weekly rest days only and named in out->assumption, never refused. Fails
 * (CD_RULES_ERROR_CANNOT_APPLY) only when the pack has no `list_decision_wd` in force that day. */
gboolean cd_list_deadline_compute   (CdRulePack           *pack,
                                     CdDay                 received_on,
                                     CdListDeadline       *out,
                                     GError              **error);

/* Working days left on `today`: the office's working days after `today` up to and including the
 * deadline (0 on the deadline itself). Overdue is negative: minus the working days after the
 * deadline up to `today`, where a rest day counts as the working day that follows it (the Saturday
 * after a Friday deadline is −1). *out_assumed (may be NULL) is set when a day in between had no
 * confirmed calendar. */
int      cd_list_deadline_days_left (CdRulePack           *pack,
                                     const CdListDeadline *deadline,
                                     CdDay                 today,
                                     gboolean             *out_assumed);

G_END_DECLS
