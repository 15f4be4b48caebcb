/* cd-rules-surrogacy.c — births for someone else and adoption: the surrogate (L41 Art 54), the
 * commissioning mother (Art 55), the adopter of a child under 6 months (Art 56), with the lump sum
 * of Art 58 and its surrogacy cascade; and the voluntary-SI maternity allowance (Art 95).
 */
#include "cd-rules-private.h"

gboolean
cd_rules_surrogacy (CdEval  *ev,
                    GError **error)
{
  const CdCase *c = &ev->facts->c;
  int months, prebirth, min_days;
  CdDay start, max_end, floor_end, end;
  CdRational base;
  gboolean met;

  cd_result_add_document (ev->result, "birth_certificate", "L41 Art 61(1)");
  cd_result_add_document (ev->result, "handover_record", "L41 Art 54, 61(3)");
  if (c->child_died_on != CD_DAY_NONE)
    cd_result_add_document (ev->result, "child_death_proof", "L41 Art 54, 61(1)");
  cd_eval_note_event (ev, c->birth_date);

  if (!cd_eval_birth_condition (ev, c->birth_date, FALSE, FALSE, &met, error))
    return FALSE;
  if (!met)
    {
      cd_result_refuse (ev->result, "maternity.insufficient_months");
      return TRUE;
    }
  if (!cd_eval_param_int (ev, "childbirth_months", c->birth_date, &months, error)
      || !cd_eval_param_int (ev, "childbirth_prebirth_max_months", c->birth_date, &prebirth, error)
      || !cd_eval_param_int (ev, "surrogate_min_days", c->birth_date, &min_days, error))
    return FALSE;

  start = MAX (c->leave_from, cd_date_add_months (c->birth_date, -prebirth));
  if (start > c->leave_from)
    cd_result_add_unpaid (ev->result, "childbirth.before_prebirth_limit", c->leave_from, start - 1,
                          (start - c->leave_from) * 2, CD_UNIT_CALENDAR_DAYS);
  /* Until the handover (POLICY: the handover day included), at most the Art 53(1) period, and at
   * least 60 days from the birth (POLICY: birth … birth + 59). */
  cd_result_add_assumption (ev->result, "policy.six_month_end");
  max_end = cd_date_add_months (start, months + c->children - 1) - 1;
  floor_end = c->birth_date + min_days - 1;
  end = c->handover_date;
  /* A child who dies before the handover ends the leave as the handover would. */
  if (c->child_died_on != CD_DAY_NONE && c->child_died_on < end)
    end = c->child_died_on;
  if (end < floor_end)
    {
      cd_result_add_assumption (ev->result, "policy.duration_counting");
      end = floor_end;
    }
  end = MIN (end, max_end);

  if (!cd_eval_birth_average (ev, start, c->birth_date, &base, error)
      || !cd_eval_months_line (ev, "surrogacy.surrogate", start, end, base, error))
    return FALSE;
  /* The lump sum goes first to an eligible surrogate. */
  return cd_eval_lump_sum (ev, c->birth_date, c->children, &ev->result->lump_sum, error);
}

gboolean
cd_rules_commissioning_mother (CdEval  *ev,
                               GError **error)
{
  const CdCase *c = &ev->facts->c;
  int age_months, need;
  CdRational base;
  CdDay end;

  cd_result_add_document (ev->result, "birth_certificate", "L41 Art 61(1)");
  cd_result_add_document (ev->result, "handover_record", "L41 Art 55, 61(3)");
  cd_eval_note_event (ev, c->receipt_date);
  if (!cd_eval_param_int (ev, "maternity_min_months", c->receipt_date, &need, error)
      || !cd_eval_param_int (ev, "child_age_limit_months", c->receipt_date, &age_months, error))
    return FALSE;
  if (cd_eval_months_in_window (ev->facts->contributions, c->receipt_date, 12) < need)
    {
      cd_result_refuse (ev->result, "maternity.insufficient_months");
      return TRUE;
    }

  /* From receipt until the child is 6 months old (the day before), +1 month per extra child. */
  cd_result_add_assumption (ev->result, "policy.six_month_end");
  end = cd_date_add_months (c->child_birth_date, age_months + c->children - 1) - 1;
  if (c->receipt_date > end)
    {
      cd_result_refuse (ev->result, "commissioning_mother.child_too_old");
      return TRUE;
    }
  if (!cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions",
                                  c->receipt_date, &base, error)
      || !cd_eval_months_line (ev, "commissioning_mother.leave", c->receipt_date, end, base, error))
    return FALSE;

  /* Cascade: surrogate → commissioning mother → … */
  if (c->surrogate_eligible)
    {
      cd_result_add_reason (ev->result, "lump_sum.paid_to_surrogate");
      return TRUE;
    }
  return cd_eval_lump_sum (ev, c->receipt_date, c->children, &ev->result->lump_sum, error);
}

gboolean
cd_rules_adoption (CdEval  *ev,
                   GError **error)
{
  const CdCase *c = &ev->facts->c;
  int age_months, need;
  CdRational base;
  CdDay end;

  cd_result_add_document (ev->result, "adoption_certificate", "L41 Art 61(4)");
  cd_result_add_document (ev->result, "handover_record", "L41 Art 61(4)");
  cd_eval_note_event (ev, c->handover_date);
  if (!cd_eval_param_int (ev, "child_age_limit_months", c->handover_date, &age_months, error)
      || !cd_eval_param_int (ev, "maternity_min_months", c->handover_date, &need, error))
    return FALSE;

  cd_result_add_assumption (ev->result, "policy.six_month_end");
  end = cd_date_add_months (c->child_birth_date, age_months) - 1;
  if (c->handover_date > end)
    {
      cd_result_refuse (ev->result, "adoption.child_too_old");
      return TRUE;
    }
  if (cd_eval_months_in_window (ev->facts->contributions, c->handover_date, 12) < need)
    {
      cd_result_refuse (ev->result, "maternity.insufficient_months");
      return TRUE;
    }

  if (c->other_adopter_takes_leave)
    cd_result_add_reason (ev->result, "adoption.other_adopter_on_leave");
  else if (!cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions",
                                       c->handover_date, &base, error)
           || !cd_eval_months_line (ev, "adoption.leave", c->handover_date, end, base, error))
    return FALSE;
  return cd_eval_lump_sum (ev, c->handover_date, c->children, &ev->result->lump_sum, error);
}

gboolean
cd_rules_voluntary_maternity (CdEval  *ev,
                              GError **error)
{
  const CdCase *c = &ev->facts->c;
  CdRational allowance;
  int need;

  cd_result_add_document (ev->result, "birth_certificate", "L41 Art 95(1)");
  if (!cd_eval_param (ev, "voluntary_maternity_allowance", c->birth_date, &allowance, error)
      || !cd_eval_param_int (ev, "maternity_min_months", c->birth_date, &need, error))
    return FALSE;
  if (c->voluntary_months_in_window < need)
    {
      cd_result_refuse (ev->result, "voluntary.insufficient_months");
      return TRUE;
    }
  ev->result->lump_sum = cd_money_line (allowance, cd_rational_int (1), 1,
                                        cd_rational_int (c->children));
  return TRUE;
}
