/* cd-list-deadline.c — the statutory deadline of an employer's list, and the working days left. */
#include "cd-list-deadline.h"

#include "cd-calendar.h"
#include "cd-rules-error.h"

/* The office's own week: public-sector holidays, Saturday and Sunday rest, nothing declared. */
static const CdWorkSchedule office_schedule = {
  .known = TRUE,
  .profile = CD_PROFILE_PUBLIC_SECTOR,
  .rest_mask = (1u << G_DATE_SATURDAY) | (1u << G_DATE_SUNDAY),
};

/* Whether the office works on `day`. A day with no confirmed calendar is decided by the weekly
 * rest alone, and its year is reported in *assumed_year (the first such year only). */
static gboolean
office_works (CdRulePack *pack,
              CdDay       day,
              int        *assumed_year)
{
  const char *policy = NULL;
  gboolean working = FALSE;
  g_autoptr(GError) error = NULL;

  if (cd_calendar_is_working_day (cd_rule_pack_get_calendars (pack), &office_schedule, day,
                                  &working, &policy, &error))
    return working;
  if (*assumed_year == 0)
    *assumed_year = cd_date_year (day);
  return (office_schedule.rest_mask & (1u << cd_date_weekday (day))) == 0;
}

gboolean
cd_list_deadline_compute (CdRulePack      *pack,
                          CdDay            received_on,
                          CdListDeadline  *out,
                          GError         **error)
{
  CdRulePack *in_force;
  CdRational n;
  const char *citation = NULL;
  CdDay day = received_on;
  int assumed_year = 0;

  g_return_val_if_fail (pack != NULL, FALSE);
  g_return_val_if_fail (received_on != CD_DAY_NONE, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  in_force = cd_rule_pack_for_day (pack, received_on);
  if (!cd_rule_pack_lookup (in_force, "list_decision_wd", received_on, &n, &citation, error))
    return FALSE;
  if (n.den != 1 || n.num < 1 || n.num > 366)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK,
                   "rule pack %s: list_decision_wd must be a whole number of days from 1 to 366",
                   cd_rule_pack_get_version (in_force));
      return FALSE;
    }

  /* "The day after X is day 1": the day of receipt itself never counts, whatever its hour. */
  for (gint64 counted = 0; counted < n.num;)
    {
      day++;
      if (office_works (in_force, day, &assumed_year))
        counted++;
    }

  out->received_on = received_on;
  out->deadline = day;
  out->working_days = (int) n.num;
  out->citation = citation;
  out->assumed_year = assumed_year;
  out->assumption = assumed_year != 0 ? CD_LIST_DEADLINE_CALENDAR_ASSUMED : NULL;
  return TRUE;
}

int
cd_list_deadline_days_left (CdRulePack           *pack,
                            const CdListDeadline *deadline,
                            CdDay                 today,
                            gboolean             *out_assumed)
{
  CdRulePack *in_force;
  int assumed_year = 0;
  int count = 0;

  g_return_val_if_fail (pack != NULL, 0);
  g_return_val_if_fail (deadline != NULL, 0);

  in_force = cd_rule_pack_for_day (pack, deadline->received_on);
  if (today <= deadline->deadline)
    {
      for (CdDay day = today + 1; day <= deadline->deadline; day++)
        if (office_works (in_force, day, &assumed_year))
          count++;
    }
  else
    {
      CdDay day;

      /* A rest day after the deadline is as late as the next working day: the first day on which
       * the office could still act. */
      for (day = deadline->deadline + 1; day <= today; day++)
        if (office_works (in_force, day, &assumed_year))
          count++;
      for (day = today; !office_works (in_force, day, &assumed_year); day++)
        ;
      if (day != today)
        count++;
      count = -count;
    }
  if (out_assumed != NULL)
    *out_assumed = assumed_year != 0;
  return count;
}
