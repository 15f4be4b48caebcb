/* cd-facts-case.c — the `case` object of the facts, one reader per benefit (evaluate-contract.md).
 *
 * Impossible cases are rejected here (a leave that ends before it starts, a handover before the
 * birth); what earns a benefit is left to the rules.
 */
#include "cd-facts-private.h"

static gboolean
parse_partial_days (CdCase      *c,
                    JsonObject  *object,
                    GError     **error)
{
  JsonArray *array;

  c->partial_days = g_array_new (FALSE, FALSE, sizeof (CdPartialDay));
  if (!cd_facts_get_array (object, "case", "partial_days", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("case.partial_days[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      CdPartialDay day;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return cd_facts_fail (error, path, NULL,
                              "an object {date, hours_absent, hours_scheduled} is required");
      item = json_node_get_object (node);
      if (!cd_facts_get_date (item, path, "date", TRUE, &day.date, error)
          || !cd_facts_get_minutes (item, path, "hours_absent", &day.minutes_absent, error)
          || !cd_facts_get_minutes (item, path, "hours_scheduled", &day.minutes_scheduled, error))
        return FALSE;
      if (day.minutes_absent > day.minutes_scheduled)
        return cd_facts_fail (error, path, "hours_absent",
                              "more than the hours scheduled that day");
      for (guint l = 0; l < c->leave->len; l++)
        {
          const CdPeriod *leave = &g_array_index (c->leave, CdPeriod, l);
          if (day.date >= leave->from && day.date <= leave->to)
            return cd_facts_fail (error, path, "date",
                                  "falls inside case.leave[%u]; a partial day is a "
                                  "leave of its own", l);
        }
      for (guint k = 0; k < c->partial_days->len; k++)
        if (g_array_index (c->partial_days, CdPartialDay, k).date == day.date)
          return cd_facts_fail (error, path, "date", "the same day is listed twice");
      g_array_append_val (c->partial_days, day);
    }
  return TRUE;
}

static gboolean
parse_excluded (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  static const char * const reasons[] = { "annual", "personal", "unpaid", "full_pay", "maternity",
                                          "recovery", NULL };
  JsonArray *array;

  if (!cd_facts_get_periods (object, "case", "excluded", FALSE, &c->excluded, error)
      || !cd_facts_get_array (object, "case", "excluded", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("case.excluded[%u]", i);
      int reason;

      if (!cd_facts_get_choice (json_node_get_object (json_array_get_element (array, i)), path,
                                "reason",
                                FALSE, reasons, 0, &reason, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_sick_leave (CdCase      *c,
                  JsonObject  *object,
                  GError     **error)
{
  if (!cd_facts_get_periods (object, "case", "leave", FALSE, &c->leave, error)
      || !cd_facts_check_no_overlap (c->leave, "case.leave", error)
      || !parse_partial_days (c, object, error)
      || !parse_excluded (c, object, error))
    return FALSE;
  if (c->leave->len == 0 && c->partial_days->len == 0)
    return cd_facts_fail (error, "case", "leave",
                          "no leave and no partial day: nothing to evaluate");
  return TRUE;
}

static gboolean
parse_sickness (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  static const char * const causes[] = { "illness", "accident", "commuting_accident", "relapse",
                                         "organ_donation", "self_inflicted", "narcotics",
                                         "work_accident_first", NULL };
  int cause;

  if (!parse_sick_leave (c, object, error)
      || !cd_facts_get_choice (object, "case", "cause", FALSE, causes, 0, &cause, error)
      || !cd_facts_get_bool (object, "case", "long_term_disease", FALSE, &c->long_term_disease,
                             error)
      || !cd_facts_get_bool (object, "case", "surgery", FALSE, &c->surgery, error)
      || !cd_facts_get_bool (object, "case", "inpatient", FALSE, &c->inpatient, error))
    return FALSE;
  c->cause = (CdCause) cause;
  return TRUE;
}

static gboolean
parse_child_sickness (CdCase      *c,
                      JsonObject  *object,
                      GError     **error)
{
  JsonObject *child;
  JsonNode *key;

  if (!cd_facts_get_object (object, "case", "child", TRUE, &child, error))
    return FALSE;
  key = cd_facts_member (child, "key");
  if (key == NULL || !JSON_NODE_HOLDS_VALUE (key) || json_node_get_value_type (key) != G_TYPE_STRING
      || *json_node_get_string (key) == '\0')
    return cd_facts_fail (error, "case.child", "key", "a non-empty string is required");
  c->child_key = g_strdup (json_node_get_string (key));
  return cd_facts_get_date (child, "case.child", "birth_date", TRUE, &c->child_birth_date, error)
         && parse_sick_leave (c, object, error)
         && cd_facts_get_bool (object, "case", "inpatient", FALSE, &c->inpatient, error);
}

static gboolean
get_recovery (CdCase      *c,
              JsonObject  *object,
              GError     **error)
{
  JsonObject *recovery;

  return cd_facts_get_object (object, "case", "recovery", TRUE, &recovery, error)
         && cd_facts_get_date (recovery, "case.recovery", "from", TRUE, &c->recovery_from, error)
         && cd_facts_get_small_int (recovery, "case.recovery", "days", TRUE, 0, 1, 366,
                                    &c->recovery_days, error);
}

static gboolean
parse_recovery_after_sickness (CdCase      *c,
                               JsonObject  *object,
                               GError     **error)
{
  static const char * const kinds[] = { "long_term", "surgery", "other", NULL };
  JsonObject *last;
  int kind;

  if (!cd_facts_get_object (object, "case", "last_sickness", TRUE, &last, error)
      || !cd_facts_get_date (last, "case.last_sickness", "ended_on", TRUE,
                             &c->last_sickness_ended_on, error)
      || !cd_facts_get_choice (last, "case.last_sickness", "kind", TRUE, kinds, 0, &kind, error)
      || !get_recovery (c, object, error))
    return FALSE;
  c->last_sickness_kind = (CdSicknessKind) kind;
  if (c->recovery_from <= c->last_sickness_ended_on)
    return cd_facts_fail (error, "case.recovery", "from",
                          "recovery cannot start before the sickness leave has ended");
  return TRUE;
}

static gboolean
parse_recovery_after_maternity (CdCase      *c,
                                JsonObject  *object,
                                GError     **error)
{
  static const char * const kinds[] = { "multiple_birth", "caesarean", "other", NULL };
  int kind;

  if (!cd_facts_get_date (object, "case", "maternity_leave_ended_on", TRUE,
                          &c->maternity_leave_ended_on, error)
      || !cd_facts_get_choice (object, "case", "kind", TRUE, kinds, 0, &kind, error)
      || !cd_facts_get_bool (object, "case", "early_return", FALSE, &c->early_return, error)
      || !get_recovery (c, object, error))
    return FALSE;
  c->maternity_kind = (CdMaternityKind) kind;
  if (c->recovery_from <= c->maternity_leave_ended_on)
    return cd_facts_fail (error, "case.recovery", "from",
                          "recovery cannot start before the maternity leave has ended");
  return TRUE;
}

static gboolean
parse_prenatal (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  if (!cd_facts_get_periods (object, "case", "visits", TRUE, &c->visits, error)
      || !cd_facts_check_no_overlap (c->visits, "case.visits", error)
      || !cd_facts_get_small_int (object, "case", "visits_before", FALSE, 0, 0, 50,
                                  &c->visits_before, error))
    return FALSE;
  if (c->visits->len == 0)
    return cd_facts_fail (error, "case", "visits", "at least one visit is required");
  return TRUE;
}

static gboolean
get_children (CdCase      *c,
              JsonObject  *object,
              GError     **error)
{
  return cd_facts_get_small_int (object, "case", "children", FALSE, 1, 1, 12, &c->children, error);
}

static gboolean
parse_pregnancy_loss (CdCase      *c,
                      JsonObject  *object,
                      GError     **error)
{
  JsonObject *gestation, *leave;

  if (!cd_facts_get_date (object, "case", "event_date", TRUE, &c->event_date, error)
      || !cd_facts_get_object (object, "case", "gestation", TRUE, &gestation, error)
      || !cd_facts_get_small_int (gestation, "case.gestation", "weeks", TRUE, 0, 0, 45,
                                  &c->gestation_weeks, error)
      || !cd_facts_get_small_int (gestation, "case.gestation", "days", FALSE, 0, 0, 6,
                                  &c->gestation_days, error)
      || !cd_facts_get_object (object, "case", "leave", TRUE, &leave, error)
      || !cd_facts_get_date (leave, "case.leave", "from", TRUE, &c->leave_from, error)
      || !cd_facts_get_small_int (leave, "case.leave", "days", TRUE, 0, 1, 400, &c->leave_days,
                                  error)
      || !cd_facts_get_bool (object, "case", "infertility_treatment", FALSE,
                             &c->infertility_treatment, error)
      || !cd_facts_get_bool (object, "case", "pregnancy_rest", FALSE, &c->pregnancy_rest, error))
    return FALSE;
  c->children = 1;
  if (c->leave_from < c->event_date)
    return cd_facts_fail (error, "case.leave", "from",
                          "the leave for a pregnancy loss cannot start before the event");
  return TRUE;
}

static gboolean
parse_birth_fields (CdCase      *c,
                    JsonObject  *object,
                    gboolean     leave_from_required,
                    GError     **error)
{
  if (!cd_facts_get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
      || !cd_facts_get_date (object, "case", "leave_from", leave_from_required, &c->leave_from,
                             error)
      || !get_children (c, object, error)
      || !cd_facts_get_small_int (object, "case", "living_children_before", FALSE, -1, 0, 30,
                                  &c->living_children_before, error)
      || !cd_facts_get_bool (object, "case", "caesarean", FALSE, &c->caesarean, error)
      || !cd_facts_get_small_int (object, "case", "weeks_at_birth", FALSE, 0, 20, 45,
                                  &c->weeks_at_birth, error)
      || !cd_facts_get_bool (object, "case", "infertility_treatment", FALSE,
                             &c->infertility_treatment, error)
      || !cd_facts_get_bool (object, "case", "pregnancy_rest", FALSE, &c->pregnancy_rest, error)
      || !cd_facts_get_date (object, "case", "early_return_on", FALSE, &c->early_return_on, error)
      || !cd_facts_get_date (object, "case", "child_died_on", FALSE, &c->child_died_on, error)
      || !cd_facts_get_date (object, "case", "mother_died_on", FALSE, &c->mother_died_on, error))
    return FALSE;
  if (c->child_died_on != CD_DAY_NONE && c->child_died_on < c->birth_date)
    return cd_facts_fail (error, "case", "child_died_on", "before the birth");
  if (c->mother_died_on != CD_DAY_NONE && c->mother_died_on < c->birth_date)
    return cd_facts_fail (error, "case", "mother_died_on",
                          "before the birth (this is not a birth case)");
  if (c->leave_from != CD_DAY_NONE && c->leave_from > c->birth_date)
    return cd_facts_fail (error, "case", "leave_from",
                          "the mother's leave cannot start after the birth");
  return TRUE;
}

static gboolean
parse_takeover (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  /* The mother's leave start matters only when the carer takes over the rest of her leave. */
  if (!parse_birth_fields (c, object, FALSE, error)
      || !cd_facts_get_bool (object, "case", "mother_insured", TRUE, &c->mother_insured, error)
      || !cd_facts_get_bool (object, "case", "mother_eligible", TRUE, &c->mother_eligible, error)
      || !cd_facts_get_date (object, "case", "takeover_from", TRUE, &c->takeover_from, error)
      || !cd_facts_get_contributions (object, "case", "mother_contributions", FALSE,
                                      &c->mother_contributions, error))
    return FALSE;
  if (c->mother_eligible && !c->mother_insured)
    return cd_facts_fail (error, "case", "mother_eligible",
                          "a mother who is not insured cannot be eligible");
  if (c->mother_eligible && c->leave_from == CD_DAY_NONE)
    return cd_facts_fail (error, "case", "leave_from",
                          "missing (the start of the mother's leave decides what remains of it)");
  if (c->takeover_from < c->birth_date)
    return cd_facts_fail (error, "case", "takeover_from", "before the birth");
  if (c->mother_died_on != CD_DAY_NONE && c->takeover_from <= c->mother_died_on)
    return cd_facts_fail (error, "case", "takeover_from",
                          "the takeover starts after the mother's death");
  return TRUE;
}

static gboolean
parse_father_leave (CdCase      *c,
                    JsonObject  *object,
                    GError     **error)
{
  if (!cd_facts_get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
      || !get_children (c, object, error)
      || !cd_facts_get_bool (object, "case", "caesarean", FALSE, &c->caesarean, error)
      || !cd_facts_get_small_int (object, "case", "weeks_at_birth", FALSE, 0, 20, 45,
                                  &c->weeks_at_birth, error)
      || !cd_facts_get_small_int (object, "case", "wife_living_children_before", FALSE, -1, 0, 30,
                                  &c->wife_living_children_before, error)
      || !cd_facts_get_periods (object, "case", "parts", TRUE, &c->parts, error)
      || !cd_facts_check_no_overlap (c->parts, "case.parts", error))
    return FALSE;
  if (c->parts->len == 0)
    return cd_facts_fail (error, "case", "parts", "at least one part is required");
  g_array_sort (c->parts, cd_facts_compare_period);
  return TRUE;
}

static gboolean
parse_surrogacy (CdCase      *c,
                 JsonObject  *object,
                 GError     **error)
{
  if (!cd_facts_get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
      || !cd_facts_get_date (object, "case", "handover_date", TRUE, &c->handover_date, error)
      || !get_children (c, object, error)
      || !cd_facts_get_date (object, "case", "leave_from", TRUE, &c->leave_from, error)
      || !cd_facts_get_date (object, "case", "child_died_on", FALSE, &c->child_died_on, error))
    return FALSE;
  if (c->child_died_on != CD_DAY_NONE && c->child_died_on < c->birth_date)
    return cd_facts_fail (error, "case", "child_died_on", "before the birth");
  if (c->handover_date < c->birth_date)
    return cd_facts_fail (error, "case", "handover_date", "before the birth");
  if (c->leave_from > c->birth_date)
    return cd_facts_fail (error, "case", "leave_from",
                          "the surrogate's leave cannot start after the birth");
  return TRUE;
}

static gboolean
parse_commissioning (CdCase      *c,
                     JsonObject  *object,
                     GError     **error)
{
  if (!cd_facts_get_date (object, "case", "receipt_date", TRUE, &c->receipt_date, error)
      || !cd_facts_get_date (object, "case", "child_birth_date", TRUE, &c->child_birth_date, error)
      || !get_children (c, object, error)
      || !cd_facts_get_bool (object, "case", "surrogate_eligible", TRUE, &c->surrogate_eligible,
                             error))
    return FALSE;
  if (c->receipt_date < c->child_birth_date)
    return cd_facts_fail (error, "case", "receipt_date", "before the child's birth");
  return TRUE;
}

static gboolean
parse_adoption (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  if (!cd_facts_get_date (object, "case", "child_birth_date", TRUE, &c->child_birth_date, error)
      || !cd_facts_get_date (object, "case", "handover_date", TRUE, &c->handover_date, error)
      || !get_children (c, object, error)
      || !cd_facts_get_bool (object, "case", "other_adopter_takes_leave", FALSE,
                             &c->other_adopter_takes_leave, error))
    return FALSE;
  if (c->handover_date < c->child_birth_date)
    return cd_facts_fail (error, "case", "handover_date", "before the child's birth");
  return TRUE;
}

static gboolean
parse_contraception (CdCase      *c,
                     JsonObject  *object,
                     GError     **error)
{
  static const char * const methods[] = { "iud", "sterilisation", NULL };
  int method;

  if (!cd_facts_get_choice (object, "case", "method", TRUE, methods, 0, &method, error)
      || !cd_facts_get_date (object, "case", "from", TRUE, &c->leave_from, error)
      || !cd_facts_get_small_int (object, "case", "days", TRUE, 0, 1, 366, &c->leave_days, error))
    return FALSE;
  c->method = (CdContraception) method;
  return TRUE;
}

static gboolean
parse_lump_sum_father (CdCase      *c,
                       JsonObject  *object,
                       GError     **error)
{
  return cd_facts_get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
         && get_children (c, object, error)
         && cd_facts_get_bool (object, "case", "mother_eligible", TRUE, &c->mother_eligible, error);
}

static gboolean
parse_voluntary (CdCase      *c,
                 JsonObject  *object,
                 GError     **error)
{
  return cd_facts_get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
         && get_children (c, object, error)
         && cd_facts_get_small_int (object, "case", "voluntary_months_in_window", TRUE, 0, 0, 12,
                                    &c->voluntary_months_in_window, error);
}

gboolean
cd_facts_parse_case (CdFacts     *self,
                     JsonObject  *root,
                     GError     **error)
{
  JsonObject *object;
  CdCase *c = &self->c;

  c->living_children_before = -1;
  c->wife_living_children_before = -1;
  c->children = 1;
  if (!cd_facts_get_object (root, NULL, "case", TRUE, &object, error))
    return FALSE;

  switch (self->benefit)
    {
    case CD_BENEFIT_SICKNESS:
      return parse_sickness (c, object, error);
    case CD_BENEFIT_CHILD_SICKNESS:
      return parse_child_sickness (c, object, error);
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
      return parse_recovery_after_sickness (c, object, error);
    case CD_BENEFIT_PRENATAL_CHECKUP:
      return parse_prenatal (c, object, error);
    case CD_BENEFIT_PREGNANCY_LOSS:
      return parse_pregnancy_loss (c, object, error);
    case CD_BENEFIT_CHILDBIRTH:
      return parse_birth_fields (c, object, TRUE, error);
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      return parse_takeover (c, object, error);
    case CD_BENEFIT_FATHER_LEAVE:
      return parse_father_leave (c, object, error);
    case CD_BENEFIT_SURROGACY:
      return parse_surrogacy (c, object, error);
    case CD_BENEFIT_COMMISSIONING_MOTHER:
      return parse_commissioning (c, object, error);
    case CD_BENEFIT_ADOPTION:
      return parse_adoption (c, object, error);
    case CD_BENEFIT_CONTRACEPTION:
      return parse_contraception (c, object, error);
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
      return parse_recovery_after_maternity (c, object, error);
    case CD_BENEFIT_LUMP_SUM_FATHER:
      return parse_lump_sum_father (c, object, error);
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
      return parse_voluntary (c, object, error);
    case CD_N_BENEFITS:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Who may claim what: a man does not give birth, a woman does not take the father's leave. */
