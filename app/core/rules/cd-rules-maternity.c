/* cd-rules-maternity.c — the short maternity leaves of a current participant: prenatal check-ups
 * (L41 Art 51), pregnancy loss (Art 52) and contraception (Art 57).
 */
#include "cd-rules-private.h"

static void
add_medical_documents (CdEval *ev)
{
  cd_result_add_document (ev->result, "leave_certificate",
                          "L41 Art 61 (outpatient: XML11; inpatient: discharge paper or summary)");
}

gboolean
cd_rules_prenatal_checkup (CdEval  *ev,
                           GError **error)
{
  const CdCase *c = &ev->facts->c;
  g_autoptr(GArray) visits = g_array_copy (c->visits);

  add_medical_documents (ev);
  cd_eval_note_event (ev, g_array_index (visits, CdPeriod, 0).from);
  if (!cd_eval_require_insured (ev))
    return TRUE;

  for (guint i = 0; i < visits->len; i++)
    {
      const CdPeriod *visit = &g_array_index (visits, CdPeriod, i);
      int max_visits, max_days, divisor, number = c->visits_before + (int) i + 1, counted = 0;
      CdDay paid_from = CD_DAY_NONE, paid_to = CD_DAY_NONE;
      CdUnpaidRun unpaid = { NULL, 0, 0, 0 };
      CdRational base, rate;

      if (!cd_eval_param_int (ev, "prenatal_visits", visit->from, &max_visits, error)
          || !cd_eval_param_int (ev, "prenatal_days_per_visit", visit->from, &max_days, error)
          || !cd_eval_param_int (ev, "divisor_wd", visit->from, &divisor, error)
          || !cd_eval_param (ev, "maternity_rate", visit->from, &rate, error))
        return FALSE;

      for (CdDay d = visit->from; d <= visit->to; d++)
        {
          gboolean working;

          if (!cd_eval_is_working_day (ev, d, &working, error))
            return FALSE;
          if (!working)
            continue;
          if (number > max_visits)
            cd_eval_unpaid_run_add (ev, &unpaid, "prenatal.visit_limit", d);
          else if (counted >= max_days)
            cd_eval_unpaid_run_add (ev, &unpaid, "prenatal.visit_too_long", d);
          else
            {
              if (paid_from == CD_DAY_NONE)
                paid_from = d;
              paid_to = d;
              counted++;
            }
        }
      cd_eval_unpaid_run_flush (ev, &unpaid);
      if (counted == 0)
        continue;
      if (!cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions",
                                      visit->from, &base, error))
        return FALSE;
      cd_eval_days_line (ev, "prenatal.visit", paid_from, paid_to, counted * 2, CD_UNIT_WD, base,
                         rate, divisor);
    }
  return TRUE;
}

/* Pays a prescribed calendar-day leave up to `max_days` at base ÷ 30; later days are unpaid. */
static gboolean
pay_calendar_leave (CdEval      *ev,
                    const char  *code,
                    const char  *beyond_code,
                    CdDay        from,
                    int          days,
                    int          max_days,
                    GError     **error)
{
  int paid = MIN (days, max_days), divisor;
  CdRational base, rate;

  /* POLICY: a duration of N days from D is D … D + N − 1. */
  cd_result_add_assumption (ev->result, "policy.duration_counting");
  if (!cd_eval_param_int (ev, "divisor_calendar", from, &divisor, error)
      || !cd_eval_param (ev, "maternity_rate", from, &rate, error)
      || !cd_eval_maternity_average (ev, ev->facts->contributions, "claimant.contributions", from,
                                     &base, error))
    return FALSE;
  cd_eval_days_line (ev, code, from, from + paid - 1, paid * 2, CD_UNIT_CALENDAR_DAYS, base, rate,
                     divisor);
  if (days > paid)
    cd_result_add_unpaid (ev->result, beyond_code, from + paid, from + days - 1, (days - paid) * 2,
                          CD_UNIT_CALENDAR_DAYS);
  return TRUE;
}

gboolean
cd_rules_pregnancy_loss (CdEval  *ev,
                         GError **error)
{
  const CdCase *c = &ev->facts->c;
  int weeks = c->gestation_weeks, max_days, months;
  const char *band;

  add_medical_documents (ev);
  cd_eval_note_event (ev, c->event_date);
  if (!cd_eval_require_insured (ev))
    return TRUE;

  /* Bands by completed weeks: 13w+0d is in 13 to under 22, 22w+0d is 22 or more. */
  band = weeks < 5 ? "loss_days_lt5w" : weeks < 13 ? "loss_days_5to13w"
         : weeks < 22 ? "loss_days_13to22w" : "loss_days_ge22w";

  if (weeks >= 22)
    {
      gboolean met;

      if (!cd_eval_birth_condition (ev, c->event_date, c->infertility_treatment, c->pregnancy_rest,
                                    &met, error))
        return FALSE;
      if (met)
        {
          CdRational base;
          CdDay end;

          /* Treated as a birth (Art 52(2)): the 6-month childbirth leave, never the second-child
           * 7 months, and POLICY: no lump sum. */
          if (!cd_eval_param_int (ev, "childbirth_months", c->event_date, &months, error)
              || !cd_eval_birth_average (ev, c->leave_from, c->event_date, &base, error))
            return FALSE;
          end = cd_date_add_months (c->leave_from, months) - 1;
          cd_result_add_assumption (ev->result, "policy.no_lump_sum_loss_birth");
          return cd_eval_months_line (ev, "pregnancy_loss.as_birth", c->leave_from, end, base,
                                      error);
        }
    }

  if (!cd_eval_param_int (ev, band, c->event_date, &max_days, error))
    return FALSE;
  return pay_calendar_leave (ev, "pregnancy_loss.leave", "pregnancy_loss.beyond_maximum",
                             c->leave_from, c->leave_days, max_days, error);
}

gboolean
cd_rules_contraception (CdEval  *ev,
                        GError **error)
{
  const CdCase *c = &ev->facts->c;
  int max_days;

  add_medical_documents (ev);
  cd_eval_note_event (ev, c->leave_from);
  if (!cd_eval_require_insured (ev))
    return TRUE;
  if (!cd_eval_param_int (ev, c->method == CD_CONTRACEPTION_IUD ? "contraception_days_iud"
                                                               : "contraception_days_sterilisation",
                          c->leave_from, &max_days, error))
    return FALSE;
  return pay_calendar_leave (ev, "contraception.leave", "contraception.beyond_maximum",
                             c->leave_from, c->leave_days, max_days, error);
}
