/* cd-rules-father.c — the husband's benefits at a birth: the father's leave in working days within
 * 60 days of the birth (L41 Art 53(2),(3); L113 Art 29(2)) and the lump sum when the mother is not
 * eligible (Art 58).
 */
#include "cd-rules-private.h"

static void
add_father_documents (CdEval *ev)
{
  const CdCase *c = &ev->facts->c;

  cd_result_add_document (ev->result, "birth_certificate", "L41 Art 61(2)");
  if (c->caesarean || (c->weeks_at_birth > 0 && c->weeks_at_birth < 32))
    cd_result_add_document (ev->result, "facility_paper",
                            "L41 Art 61(2) (if the birth certificate does not show a caesarean or "
                            "a birth under 32 weeks)");
  cd_result_add_document (ev->result, "spouse_link", "L41 Art 61(2) (population data)");
}

/* The father's working days for this birth. */
static gboolean
entitlement (CdEval  *ev,
             int     *out,
             GError **error)
{
  const CdCase *c = &ev->facts->c;
  CdDay birth = c->birth_date;
  int single, early, twins, caesarean_twins, extra, days;
  gboolean premature = c->weeks_at_birth > 0 && c->weeks_at_birth < 32;
  CdRational second;

  if (!cd_eval_param_int (ev, "father_wd_single", birth, &single, error)
      || !cd_eval_param_int (ev, "father_wd_caesarean_or_premature", birth, &early, error)
      || !cd_eval_param_int (ev, "father_wd_twins", birth, &twins, error)
      || !cd_eval_param_int (ev, "father_wd_caesarean_twins", birth, &caesarean_twins, error)
      || !cd_eval_param_int (ev, "father_wd_per_extra_child", birth, &extra, error))
    return FALSE;

  if (c->children == 1)
    days = c->caesarean || premature ? early : single;
  else if (c->caesarean)
    days = caesarean_twins + extra * (c->children - 2);
  else
    days = twins + extra * (c->children - 2);

  /* L113: a second child born from 2026-07-01 gives 10 WD; the larger entitlement wins. */
  if (cd_rule_pack_lookup_opt (ev->pack, "father_wd_second_child", birth, &second, NULL))
    {
      if (c->wife_living_children_before < 0)
        return cd_eval_invalid (error, "case.wife_living_children_before: required for a birth on "
                                "or after the second-child rule (L113) is in force");
      if (c->wife_living_children_before == 1)
        {
          if (c->caesarean && c->children == 1)
            cd_result_add_assumption (ev->result, "policy.father_caesarean_second_child");
          days = MAX (days, (int) second.num);
        }
    }
  *out = days;
  return TRUE;
}

gboolean
cd_rules_father_leave (CdEval  *ev,
                       GError **error)
{
  const CdCase *c = &ev->facts->c;
  int allowed = 0, window = 0, divisor = 0, used = 0;
  CdDay last_start;
  CdRational base, rate;
  gboolean have_base = FALSE;

  add_father_documents (ev);
  cd_eval_note_event (ev, c->birth_date);
  if (!cd_eval_require_insured (ev))
    return TRUE;
  if (!entitlement (ev, &allowed, error)
      || !cd_eval_param_int (ev, "father_window_days", c->birth_date, &window, error)
      || !cd_eval_param_int (ev, "divisor_wd", c->birth_date, &divisor, error)
      || !cd_eval_param (ev, "maternity_rate", c->birth_date, &rate, error))
    return FALSE;

  /* POLICY: within 60 days after the birth: the day after is day 1, so a part may start up to birth
   * + 60. A part may run past the window if it started inside it. */
  cd_result_add_assumption (ev->result, "policy.window_counting");
  last_start = c->birth_date + window;

  for (guint i = 0; i < c->parts->len; i++)
    {
      const CdPeriod *part = &g_array_index (c->parts, CdPeriod, i);
      CdDay start = MAX (part->from, c->birth_date);
      CdDay paid_from = CD_DAY_NONE, paid_to = CD_DAY_NONE;
      CdUnpaidRun unpaid = { NULL, 0, 0, 0 };
      int paid = 0;

      for (CdDay d = part->from; d <= part->to; d++)
        {
          gboolean working;

          if (!cd_eval_is_working_day (ev, d, &working, error))
            return FALSE;
          if (!working)
            continue;
          if (d < c->birth_date)
            cd_eval_unpaid_run_add (ev, &unpaid, "father_leave.before_birth", d);
          else if (start > last_start)
            cd_eval_unpaid_run_add (ev, &unpaid, "father_leave.outside_window", d);
          else if (used >= allowed)
            cd_eval_unpaid_run_add (ev, &unpaid, "father_leave.beyond_entitlement", d);
          else
            {
              if (paid_from == CD_DAY_NONE)
                paid_from = d;
              paid_to = d;
              paid++;
              used++;
            }
        }
      cd_eval_unpaid_run_flush (ev, &unpaid);
      if (paid == 0)
        continue;
      /* One base for the whole leave: the average before its first paid part. */
      if (!have_base)
        {
          if (!cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions",
                                          paid_from, &base, error))
            return FALSE;
          have_base = TRUE;
        }
      cd_eval_days_line (ev, "father_leave.part", paid_from, paid_to, paid * 2, CD_UNIT_WD, base,
                         rate, divisor);
    }
  return TRUE;
}

gboolean
cd_rules_lump_sum_father (CdEval  *ev,
                          GError **error)
{
  const CdCase *c = &ev->facts->c;
  int need;

  cd_result_add_document (ev->result, "birth_certificate", "L41 Art 61(1)");
  cd_result_add_document (ev->result, "spouse_link", "L41 Art 58 (population data)");
  cd_eval_note_event (ev, c->birth_date);
  if (c->mother_eligible)
    {
      cd_result_refuse (ev->result, "lump_sum.mother_eligible");
      return TRUE;
    }
  if (!cd_eval_param_int (ev, "maternity_min_months", c->birth_date, &need, error))
    return FALSE;
  if (cd_eval_months_in_window (ev->facts->contributions, c->birth_date, 12) < need)
    {
      cd_result_refuse (ev->result, "maternity.insufficient_months");
      return TRUE;
    }
  return cd_eval_lump_sum (ev, c->birth_date, c->children, &ev->result->lump_sum, error);
}
