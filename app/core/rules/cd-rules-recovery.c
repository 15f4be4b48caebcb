/* cd-rules-recovery.c — recovery leave (dưỡng sức, phục hồi sức khỏe) after sickness (L41 Art 46)
 * and after maternity (Art 60): calendar days at 30 % of the reference level.
 */
#include "cd-rules-private.h"

/* Pays days [from, from + days − 1] up to `allowed`; the days after `max_per_leave` are beyond the
 * maximum, the others beyond what the year has left. */
static gboolean
pay_recovery (CdEval      *ev,
              const char  *code,
              int          max_per_leave,
              int          allowed,
              GError     **error)
{
  const CdCase *c = &ev->facts->c;
  CdDay from = c->recovery_from;
  CdDay to = from + c->recovery_days - 1;
  int paid = CLAMP (allowed, 0, c->recovery_days);
  CdRational rl, rate;

  cd_result_add_assumption (ev->result, "policy.duration_counting");
  /* POLICY: the RL in force on the first day of the recovery leave. */
  cd_result_add_assumption (ev->result, "policy.recovery_rl_first_day");
  if (!cd_eval_param (ev, "reference_level", from, &rl, error)
      || !cd_eval_param (ev, "recovery_rate_rl", from, &rate, error))
    return FALSE;

  if (paid > 0)
    cd_eval_days_line (ev, code, from, from + paid - 1, paid * 2, CD_UNIT_CALENDAR_DAYS, rl, rate,
                       1);
  if (paid < c->recovery_days)
    {
      /* Days between the year's remainder and the per-leave maximum are refused for the year's
       * total; days past the per-leave maximum for the maximum. */
      int limit_end = MIN (max_per_leave, c->recovery_days);
      if (limit_end > paid)
        cd_result_add_unpaid (ev->result, "recovery.annual_limit", from + paid,
                              from + limit_end - 1,
                              (limit_end - paid) * 2, CD_UNIT_CALENDAR_DAYS);
      if (c->recovery_days > MAX (limit_end, paid))
        {
          int first = MAX (limit_end, paid);
          cd_result_add_unpaid (ev->result, "recovery.beyond_maximum", from + first, to,
                                (c->recovery_days - first) * 2, CD_UNIT_CALENDAR_DAYS);
        }
    }
  return TRUE;
}

static gboolean
within_window (CdEval  *ev,
               CdDay    ended_on,
               gboolean *out_ok,
               GError  **error)
{
  int window;

  /* POLICY: "within 30 days after X": the day after X is day 1, so X + 30 is the last start
   * allowed. */
  cd_result_add_assumption (ev->result, "policy.window_counting");
  if (!cd_eval_param_int (ev, "recovery_window_days", ended_on, &window, error))
    return FALSE;
  *out_ok = ev->facts->c.recovery_from <= ended_on + window;
  return TRUE;
}

gboolean
cd_rules_recovery_after_sickness (CdEval  *ev,
                                  GError **error)
{
  const CdCase *c = &ev->facts->c;
  int year_of_sickness = cd_date_year (c->last_sickness_ended_on);
  /* A recovery leave that crosses a year end counts wholly for the year it starts in. */
  int year = cd_date_year (c->recovery_from);
  int min_days, max_per_year, left, sick_halves;
  const char *max_name;
  gboolean in_window;

  cd_eval_note_event (ev, c->recovery_from);
  if (!cd_eval_require_insured (ev))
    return TRUE;

  /* POLICY: the 30 days are the worker's own paid sickness days, at any rate. */
  cd_result_add_assumption (ev->result, "policy.recovery_own_sickness_days");
  sick_halves = cd_facts_get_usage (ev->facts, year_of_sickness)->sickness_days_halves;
  if (!cd_eval_param_int (ev, "recovery_min_sickness_days", c->recovery_from, &min_days, error))
    return FALSE;
  if (sick_halves < min_days * 2)
    {
      cd_result_refuse (ev->result, "recovery.insufficient_sickness_days");
      return TRUE;
    }
  if (!within_window (ev, c->last_sickness_ended_on, &in_window, error))
    return FALSE;
  if (!in_window)
    {
      cd_result_refuse (ev->result, "recovery.late_start");
      return TRUE;
    }

  switch (c->last_sickness_kind)
    {
    case CD_SICKNESS_KIND_LONG_TERM:
      max_name = "recovery_max_long_term";
      break;
    case CD_SICKNESS_KIND_SURGERY:
      max_name = "recovery_max_surgery";
      break;
    case CD_SICKNESS_KIND_OTHER:
    default:
      max_name = "recovery_max_other";
      break;
    }
  /* The maximum is the year's in total, set by the kind of the last sickness: days already taken
   * in the year count against it (after 5 days, a surgery case has 2 left: TT 88/2025/TT-BCA
   * Art 6, as TT 59/2015 Ví dụ 11). None left is no recovery leave at all. */
  if (!cd_eval_param_int (ev, max_name, c->recovery_from, &max_per_year, error))
    return FALSE;
  left = max_per_year - cd_facts_get_usage (ev->facts, year)->recovery_days;
  if (left <= 0)
    {
      cd_result_refuse (ev->result, "recovery.annual_limit");
      return TRUE;
    }
  return pay_recovery (ev, "recovery.sickness", max_per_year, left, error);
}

gboolean
cd_rules_recovery_after_maternity (CdEval  *ev,
                                   GError **error)
{
  const CdCase *c = &ev->facts->c;
  int max_per_leave;
  const char *max_name;
  gboolean in_window;

  cd_eval_note_event (ev, c->recovery_from);
  if (!cd_eval_require_insured (ev))
    return TRUE;
  if (c->early_return)
    {
      cd_result_refuse (ev->result, "recovery.after_early_return");
      return TRUE;
    }
  if (!within_window (ev, c->maternity_leave_ended_on, &in_window, error))
    return FALSE;
  if (!in_window)
    {
      cd_result_refuse (ev->result, "recovery.late_start");
      return TRUE;
    }

  switch (c->maternity_kind)
    {
    case CD_MATERNITY_KIND_MULTIPLE_BIRTH:
      max_name = "recovery_maternity_max_multiple";
      break;
    case CD_MATERNITY_KIND_CAESAREAN:
      max_name = "recovery_maternity_max_caesarean";
      break;
    case CD_MATERNITY_KIND_OTHER:
    default:
      max_name = "recovery_maternity_max_other";
      break;
    }
  if (!cd_eval_param_int (ev, max_name, c->recovery_from, &max_per_leave, error))
    return FALSE;
  return pay_recovery (ev, "recovery.maternity", max_per_leave, max_per_leave, error);
}
