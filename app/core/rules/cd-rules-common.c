/* cd-rules-common.c — what the per-benefit rules share: parameters, working days, salary bases,
 * eligibility windows, lump sums and the building of lines. */
#include "cd-rules-private.h"

#include "cd-rules-error.h"

gboolean
cd_eval_invalid (GError     **error,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS, message);
  return FALSE;
}

gboolean
cd_eval_lookup (CdEval       *ev,
                const char   *name,
                CdDay         day,
                CdRational   *out,
                const char  **out_citation,
                GError      **error)
{
  CdDay ended;

  if (cd_rule_pack_lookup_opt (ev->pack, name, day, out, out_citation))
    return TRUE;
  /* A value that has run out (the pack was not renewed in time) is carried on only when the
   * caller asked for it, and the result says so; otherwise this is exit 3 as before. */
  if (ev->facts->assume_missing_parameter
      && cd_rule_pack_lookup_last (ev->pack, name, day, out, out_citation, &ended))
    {
      char buf[11];
      g_autofree char *note = NULL;

      cd_date_format (ended, buf);
      note = g_strdup_printf ("%s (%s)", name, buf);
      cd_result_add_assumption_note (ev->result, "policy.parameter_assumed", note);
      return TRUE;
    }
  return cd_rule_pack_lookup (ev->pack, name, day, out, out_citation, error);
}

gboolean
cd_eval_param (CdEval      *ev,
               const char  *name,
               CdDay        day,
               CdRational  *out,
               GError     **error)
{
  return cd_eval_lookup (ev, name, day, out, NULL, error);
}

gboolean
cd_eval_param_int (CdEval      *ev,
                   const char  *name,
                   CdDay        day,
                   int         *out,
                   GError     **error)
{
  CdRational value;

  if (!cd_eval_lookup (ev, name, day, &value, NULL, error))
    return FALSE;
  if (value.den != 1 || value.num > G_MAXINT)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK,
                   "parameter %s must be a whole number in rule pack %s", name,
                   cd_rule_pack_get_version (ev->pack));
      return FALSE;
    }
  *out = (int) value.num;
  return TRUE;
}

gboolean
cd_eval_is_working_day (CdEval    *ev,
                        CdDay      day,
                        gboolean  *out_working,
                        GError   **error)
{
  const char *policy = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!ev->facts->schedule.known)
    return cd_eval_invalid (error,
                            "employer: missing (the employer's calendar and weekly rest days "
                            "are needed to count working days)");
  if (!cd_calendar_is_working_day (cd_rule_pack_get_calendars (ev->pack), &ev->facts->schedule, day,
                                   out_working, &policy, &local_error))
    {
      g_autofree char *year = NULL;

      if (!ev->facts->assume_missing_calendar
          || !g_error_matches (local_error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* No confirmed holidays for this day: only the employer's own week decides, and the
       * result names the year so the officer knows to re-evaluate when the calendar arrives. */
      *out_working = (ev->facts->schedule.rest_mask & (1u << cd_date_weekday (day))) == 0;
      year = g_strdup_printf ("%d", cd_date_year (day));
      cd_result_add_assumption_note (ev->result, "policy.calendar_assumed", year);
    }
  if (policy != NULL)
    cd_result_add_assumption (ev->result, policy);
  if (ev->facts->schedule.rest_defaulted)
    cd_result_add_assumption (ev->result, "policy.weekly_rest_default");
  return TRUE;
}

gboolean
cd_eval_require_insured (CdEval *ev)
{
  if (ev->facts->insured)
    return TRUE;
  cd_result_refuse (ev->result, "claimant.not_insured");
  return FALSE;
}

void
cd_eval_note_event (CdEval *ev,
                    CdDay   day)
{
  /* Law 41 is in force from 1 July 2025. */
  if (day < cd_date_from_ymd (2025, 7, 1))
    cd_result_add_assumption (ev->result, "policy.pre_l41_event");
}

/* The SI salary of a month after the cap of 20 × RL in force in that month (L41 Art 31(1)(đ)). */
static gboolean
capped_salary (CdEval               *ev,
               const CdContribution *contribution,
               gint64               *out,
               GError              **error)
{
  CdDay first_day = cd_date_from_ymd (contribution->month / 12, contribution->month % 12 + 1, 1);
  CdRational rl, multiple;

  if (!cd_eval_param (ev, "reference_level", first_day, &rl, error)
      || !cd_eval_param (ev, "salary_cap_rl_multiple", first_day, &multiple, error))
    return FALSE;
  *out = MIN (contribution->salary, rl.num * multiple.num / (rl.den * multiple.den));
  return TRUE;
}

static gboolean
no_base_month (GError     **error,
               const char  *field,
               CdMonth      month)
{
  char buf[8];

  cd_month_format (month, buf);
  return cd_eval_invalid (error, "%s: no contributed month before %s (nor in it) to base the "
                          "benefit on", field, buf);
}

gboolean
cd_eval_sickness_base (CdEval      *ev,
                       CdDay        start,
                       CdDay        end,
                       CdRational  *out,
                       GError     **error)
{
  GArray *contributions = ev->facts->contributions;
  CdMonth month = cd_date_month (start);
  const CdContribution *chosen = NULL;
  gint64 salary;

  /* In the first month of participation (or of return) there is no earlier month: that month's
   * salary is the base (Art 45(1)). */
  if (ev->facts->first_month == month)
    {
      chosen = cd_facts_find_contribution (contributions, month);
      if (chosen == NULL)
        {
          char buf[8];
          cd_month_format (month, buf);
          return cd_eval_invalid (error,
                                  "claimant.contributions: no salary for %s, the first month "
                                  "of participation", buf);
        }
    }
  else
    {
      for (guint i = contributions->len; i > 0 && chosen == NULL; i--)
        if (g_array_index (contributions, CdContribution, i - 1).month < month)
          chosen = &g_array_index (contributions, CdContribution, i - 1);
      if (chosen == NULL)
        {
          chosen = cd_facts_find_contribution (contributions, month);
          if (chosen == NULL)
            return no_base_month (error, "claimant.contributions", month);
          cd_result_add_assumption (ev->result, "policy.sick_base_month");
        }
      /* POLICY: the most recent month *with a contribution*, one base for the whole episode. */
      if (chosen->month != month - 1 || cd_date_month (end) != month)
        cd_result_add_assumption (ev->result, "policy.sick_base_month");
    }

  if (!capped_salary (ev, chosen, &salary, error))
    return FALSE;
  *out = cd_rational_int (salary);
  return TRUE;
}

/* The average of the 6 most recent contributed months up to `last` (inclusive), for a leave that
 * starts on `start`. */
static gboolean
average_up_to (CdEval      *ev,
               GArray      *contributions,
               const char  *field,
               CdDay        start,
               CdMonth      last,
               CdRational  *out,
               GError     **error)
{
  CdMonth month = cd_date_month (start);
  gint64 sum = 0;
  int count = 0;

  if (ev->facts->first_month == month && contributions == ev->facts->contributions)
    {
      const CdContribution *first = cd_facts_find_contribution (contributions, month);
      if (first == NULL)
        return no_base_month (error, field, month);
      if (!capped_salary (ev, first, &sum, error))
        return FALSE;
      *out = cd_rational_int (sum);
      return TRUE;
    }

  /* The 6 most recent contributed months; gaps are skipped, so non-consecutive months accumulate
   * (Art 59(1)). */
  for (guint i = contributions->len; i > 0 && count < 6; i--)
    {
      const CdContribution *c = &g_array_index (contributions, CdContribution, i - 1);
      gint64 salary;

      if (c->month > last)
        continue;
      if (!capped_salary (ev, c, &salary, error))
        return FALSE;
      sum += salary;
      count++;
    }
  if (count == 0)
    {
      /* Joined in the leave's month without saying so: that month's salary. */
      const CdContribution *same = cd_facts_find_contribution (contributions, month);
      if (same == NULL)
        return no_base_month (error, field, month);
      if (!capped_salary (ev, same, &sum, error))
        return FALSE;
      count = 1;
    }
  *out = cd_rational_make (sum, count);
  return TRUE;
}

gboolean
cd_eval_maternity_average (CdEval      *ev,
                           GArray      *contributions,
                           const char  *field,
                           CdDay        start,
                           CdRational  *out,
                           GError     **error)
{
  return average_up_to (ev, contributions, field, start, cd_date_month (start) - 1, out, error);
}

gboolean
cd_eval_birth_average (CdEval      *ev,
                       CdDay        start,
                       CdDay        birth,
                       CdRational  *out,
                       GError     **error)
{
  CdMonth month = cd_date_month (start);
  CdMonth last = month - 1;
  int mday;

  /* A mother who works until a birth on or after the 15th of a contributed month has that month in
   * her 12-month window (TT12 Art 8(2)); it then counts among the 6 months of her average too. */
  cd_date_to_ymd (birth, NULL, NULL, &mday);
  if (cd_date_month (birth) == month && mday >= 15
      && cd_facts_find_contribution (ev->facts->contributions, month) != NULL)
    last = month;
  return average_up_to (ev, ev->facts->contributions, "claimant.contributions", start, last, out,
                        error);
}

int
cd_eval_months_in_window (GArray  *contributions,
                          CdDay    event,
                          int      window)
{
  CdMonth month = cd_date_month (event);
  int mday, count = 0;
  CdMonth last;

  cd_date_to_ymd (event, NULL, NULL, &mday);
  /* TT12 Art 8(2): an event on or after the 15th keeps its own month in the window when that month
   * was contributed; otherwise the window is the `window` months before the event's month. */
  if (mday >= 15 && cd_facts_find_contribution (contributions, month) != NULL)
    last = month;
  else
    last = month - 1;
  for (CdMonth m = last - window + 1; m <= last; m++)
    if (cd_facts_find_contribution (contributions, m) != NULL)
      count++;
  return count;
}

gboolean
cd_eval_birth_condition (CdEval    *ev,
                         CdDay      event,
                         gboolean   infertility_treatment,
                         gboolean   pregnancy_rest,
                         gboolean  *out_met,
                         GError   **error)
{
  GArray *contributions = ev->facts->contributions;
  int need, rest_need, rest_total, infertility_need;

  if (!cd_eval_param_int (ev, "maternity_min_months", event, &need, error)
      || !cd_eval_param_int (ev, "maternity_rest_min_months", event, &rest_need, error)
      || !cd_eval_param_int (ev, "maternity_rest_total_months", event, &rest_total, error)
      || !cd_eval_param_int (ev, "maternity_infertility_min_months", event, &infertility_need,
                             error))
    return FALSE;

  *out_met = cd_eval_months_in_window (contributions, event, 12) >= need;
  /* Pregnancy rest on a doctor's order, with 12 months of SI in total: 3 of the 12 are enough. */
  if (!*out_met && pregnancy_rest
      && MAX ((int) contributions->len, ev->facts->si_years * 12) >= rest_total
      && cd_eval_months_in_window (contributions, event, 12) >= rest_need)
    *out_met = TRUE;
  /* Stopped work for infertility treatment: 6 of the 24 months before the birth. */
  if (!*out_met && infertility_treatment
      && cd_eval_months_in_window (contributions, event, 24) >= infertility_need)
    *out_met = TRUE;
  return TRUE;
}

gboolean
cd_eval_lump_sum (CdEval   *ev,
                  CdDay     day,
                  int       children,
                  gint64   *out,
                  GError  **error)
{
  CdRational rl, multiple;
  CdDay first_day;
  int y, m;

  cd_date_to_ymd (day, &y, &m, NULL);
  first_day = cd_date_from_ymd (y, m, 1);
  /* "RL of the month of birth": the RL in force on the month's first day (it changes on a 1st). */
  if (!cd_eval_param (ev, "reference_level", first_day, &rl, error)
      || !cd_eval_param (ev, "lump_sum_rl_multiple", day, &multiple, error))
    return FALSE;
  *out = cd_money_line (rl, multiple, 1, cd_rational_int (children));
  return TRUE;
}

gboolean
cd_eval_months_line (CdEval      *ev,
                     const char  *code,
                     CdDay        from,
                     CdDay        to,
                     CdRational   base,
                     GError     **error)
{
  CdRational rate;
  int divisor, months, odd;
  CdLine line = { 0 };

  if (!cd_eval_param (ev, "maternity_rate", from, &rate, error)
      || !cd_eval_param_int (ev, "divisor_calendar", from, &divisor, error))
    return FALSE;
  cd_period_months (from, to, &months, &odd);
  cd_result_add_assumption (ev->result, "policy.maternity_month_counting");

  line.code = code;
  line.from = from;
  line.to = to;
  line.unit = CD_UNIT_MONTHS;
  line.months = months;
  line.day_halves = odd * 2;
  line.base = base;
  line.rate = rate;
  line.divisor = divisor;
  /* base × months + base ÷ 30 × odd days, as one exact sum rounded once. */
  line.amount = cd_money_line (base, rate, divisor,
                               cd_rational_int ((gint64) months * divisor + odd));
  cd_result_add_line (ev->result, &line);
  return TRUE;
}

void
cd_eval_days_line (CdEval     *ev,
                   const char *code,
                   CdDay       from,
                   CdDay       to,
                   int         day_halves,
                   CdUnit      unit,
                   CdRational  base,
                   CdRational  rate,
                   int         divisor)
{
  CdLine line = { 0 };

  line.code = code;
  line.from = from;
  line.to = to;
  line.unit = unit;
  line.day_halves = day_halves;
  line.base = base;
  line.rate = rate;
  line.divisor = divisor;
  line.amount = cd_money_line (base, rate, divisor, cd_rational_make (day_halves, 2));
  cd_result_add_line (ev->result, &line);
}

void
cd_eval_unpaid_run_flush (CdEval      *ev,
                          CdUnpaidRun *run)
{
  if (run->code != NULL)
    cd_result_add_unpaid (ev->result, run->code, run->from, run->to, run->day_halves, CD_UNIT_WD);
  run->code = NULL;
}

void
cd_eval_unpaid_run_add (CdEval      *ev,
                        CdUnpaidRun *run,
                        const char  *code,
                        CdDay        day)
{
  if (run->code != NULL && !g_str_equal (run->code, code))
    cd_eval_unpaid_run_flush (ev, run);
  if (run->code == NULL)
    {
      run->code = code;
      run->from = day;
      run->day_halves = 0;
    }
  run->to = day;
  run->day_halves += 2;
}
