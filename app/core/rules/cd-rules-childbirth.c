/* cd-rules-childbirth.c — the mother's childbirth leave (L41 Art 53(1), 59; L113 from 2026-07-01)
 * with the lump sum (Art 58), and the takeover by the father or carer (Art 53(5)–(7)).
 */
#include "cd-rules-private.h"

static void
add_birth_documents (CdEval *ev)
{
  const CdCase *c = &ev->facts->c;

  cd_result_add_document (ev->result, "birth_certificate",
                          "L41 Art 61(1) (birth registration or extract, or medical birth "
                          "certificate XML9)");
  if (c->infertility_treatment)
    cd_result_add_document (ev->result, "infertility_proof", "L41 Art 61(1), 50(4)");
  if (c->pregnancy_rest)
    cd_result_add_document (ev->result, "pregnancy_rest_certificate",
                            "L41 Art 61(1), 50(3) (XML10)");
  if (c->mother_died_on != CD_DAY_NONE)
    cd_result_add_document (ev->result, "mother_death_certificate", "L41 Art 61(1)");
  if (c->child_died_on != CD_DAY_NONE)
    cd_result_add_document (ev->result, "child_death_proof",
                            "L41 Art 61(1) (record summary, discharge paper or death notice)");
}

/* Months of childbirth leave: 6, or 7 for a second child born from 2026-07-01, plus 1 per extra
 * child. */
static gboolean
leave_months (CdEval      *ev,
              int         *out_months,
              const char **out_code,
              GError     **error)
{
  const CdCase *c = &ev->facts->c;
  CdRational second;
  int months;

  if (!cd_eval_param_int (ev, "childbirth_months", c->birth_date, &months, error))
    return FALSE;
  *out_code = "childbirth.mother";
  if (cd_rule_pack_lookup_opt (ev->pack, "childbirth_months_second_child", c->birth_date, &second,
                               NULL))
    {
      if (c->living_children_before < 0)
        return cd_eval_invalid (error, "case.living_children_before: required for a birth on or "
                                "after the second-child rule (L113) is in force");
      /* She already has exactly one living biological child at the birth. */
      if (c->living_children_before == 1)
        {
          months = (int) second.num;
          *out_code = "childbirth.mother_second_child";
          if (c->children > 1)
            cd_result_add_assumption (ev->result, "policy.second_birth_twins");
        }
    }
  *out_months = months + (c->children - 1);
  return TRUE;
}

gboolean
cd_rules_childbirth_period (CdEval       *ev,
                            CdDay        *out_start,
                            CdDay        *out_end,
                            const char  **out_code,
                            GError      **error)
{
  const CdCase *c = &ev->facts->c;
  int months = 0, prebirth = 0;
  CdDay earliest;

  if (!leave_months (ev, &months, out_code, error)
      || !cd_eval_param_int (ev, "childbirth_prebirth_max_months", c->birth_date, &prebirth, error))
    return FALSE;
  /* At most 2 months before the birth; earlier days are not maternity leave. */
  earliest = cd_date_add_months (c->birth_date, -prebirth);
  *out_start = MAX (c->leave_from, earliest);
  *out_end = cd_date_add_months (*out_start, months) - 1;
  return TRUE;
}

static gboolean
check_early_return (CdEval  *ev,
                    CdDay    start,
                    CdDay    end,
                    GError **error)
{
  const CdCase *c = &ev->facts->c;
  int min_months;

  if (c->early_return_on == CD_DAY_NONE)
    return TRUE;
  if (!cd_eval_param_int (ev, "childbirth_early_return_min_months", c->birth_date, &min_months,
                          error))
    return FALSE;
  /* The law allows an early return only after at least 4 months of leave: anything sooner is not a
   * fact the engine can evaluate. */
  if (c->early_return_on < cd_date_add_months (start, min_months))
    return cd_eval_invalid (error,
                            "case.early_return_on: a return before %d months of leave is not "
                            "allowed (L41 Art 53(1))", min_months);
  if (c->early_return_on > end)
    return cd_eval_invalid (error, "case.early_return_on: after the end of the leave");
  return TRUE;
}

gboolean
cd_rules_childbirth (CdEval  *ev,
                     GError **error)
{
  const CdCase *c = &ev->facts->c;
  const char *code;
  CdDay start, end, paid_end;
  CdRational base;
  gboolean met;

  add_birth_documents (ev);
  cd_eval_note_event (ev, c->birth_date);
  if (!cd_rules_childbirth_period (ev, &start, &end, &code, error)
      || !check_early_return (ev, start, end, error))
    return FALSE;

  if (!cd_eval_birth_condition (ev, c->birth_date, c->infertility_treatment, c->pregnancy_rest,
                                &met,
                                error))
    return FALSE;
  if (!met)
    {
      cd_result_refuse (ev->result, "maternity.insufficient_months");
      return TRUE;
    }

  if (start > c->leave_from)
    cd_result_add_unpaid (ev->result, "childbirth.before_prebirth_limit", c->leave_from, start - 1,
                          (start - c->leave_from) * 2, CD_UNIT_CALENDAR_DAYS);

  /* An early return keeps the benefit for the whole period; a child's death does not shorten it;
   * the mother's death ends her own leave (the rest goes to the father or carer). */
  paid_end = end;
  if (c->mother_died_on != CD_DAY_NONE && c->mother_died_on < end)
    paid_end = c->mother_died_on;
  if (paid_end < start)
    paid_end = start;

  if (!cd_eval_birth_average (ev, start, c->birth_date, &base, error)
      || !cd_eval_months_line (ev, code, start, paid_end, base, error))
    return FALSE;
  return cd_eval_lump_sum (ev, c->birth_date, c->children, &ev->result->lump_sum, error);
}

gboolean
cd_rules_childbirth_takeover (CdEval  *ev,
                              GError **error)
{
  const CdCase *c = &ev->facts->c;
  CdRational base;
  CdDay end;
  const char *code;

  add_birth_documents (ev);
  if (c->mother_died_on == CD_DAY_NONE)
    cd_result_add_document (ev->result, "mother_unfit_certificate", "L41 Art 53(7), 61(1)");
  cd_eval_note_event (ev, c->birth_date);

  if (c->mother_eligible)
    {
      CdDay start;
      const char *mother_code;

      /* Art 53(5): the remaining part of her leave, whether or not the carer is insured. */
      if (!cd_rules_childbirth_period (ev, &start, &end, &mother_code, error))
        return FALSE;
      code = "childbirth.takeover_remaining";
      if (c->takeover_from > end)
        {
          cd_result_refuse (ev->result, "takeover.nothing_remaining");
          return TRUE;
        }
      if (ev->facts->insured)
        {
          /* POLICY: an insured father uses his own average. */
          cd_result_add_assumption (ev->result, "policy.takeover_own_average");
          if (!cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions",
                                          MAX (c->takeover_from, start), &base, error))
            return FALSE;
        }
      else if (c->mother_contributions == NULL)
        return cd_eval_invalid (error, "case.mother_contributions: required when the carer is not "
                                "insured (the benefit is the mother's)");
      else if (!cd_eval_maternity_average (ev, c->mother_contributions, "case.mother_contributions",
                                           start, &base, error))
        return FALSE;
      return cd_eval_months_line (ev, code, MAX (c->takeover_from, start), end, base, error);
    }

  /* Art 53(6),(7): the mother was insured but not eligible, or only the father is insured: an
   * insured father has leave until the child is 6 months old. POLICY: he needs 6 of the 12 months
   * himself. */
  {
    int age_months, need;

    if (!cd_eval_require_insured (ev))
      return TRUE;
    cd_result_add_assumption (ev->result, "policy.takeover_father_condition");
    if (!cd_eval_param_int (ev, "maternity_min_months", c->birth_date, &need, error))
      return FALSE;
    if (cd_eval_months_in_window (ev->facts->contributions, c->birth_date, 12) < need)
      {
        cd_result_refuse (ev->result, "maternity.insufficient_months");
        return TRUE;
      }
    if (!cd_eval_param_int (ev, "child_age_limit_months", c->birth_date, &age_months, error))
      return FALSE;
    /* POLICY: "until 6 months old" ends the day before the 6-month birthday. */
    cd_result_add_assumption (ev->result, "policy.six_month_end");
    end = cd_date_add_months (c->birth_date, age_months) - 1;
    if (c->takeover_from > end)
      {
        cd_result_refuse (ev->result, "takeover.nothing_remaining");
        return TRUE;
      }
    code = "childbirth.takeover_until_6_months";
    if (!cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions",
                                    c->takeover_from, &base, error))
      return FALSE;
    return cd_eval_months_line (ev, code, c->takeover_from, end, base, error);
  }
}
