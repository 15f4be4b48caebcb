/* cd-facts.c — the claim facts of evaluate-contract.md, parsed and checked. */
#include "cd-facts.h"

#include "cd-facts-private.h"
#include "cd-rules-error.h"


static const CdUsageYear empty_usage = { 0, 0, 0, NULL };

/* ---- sections ---- */

/* Whether the benefit asks about current participation: only then must the facts say. */
static gboolean
needs_insured (CdBenefit benefit)
{
  switch (benefit)
    {
    case CD_BENEFIT_SICKNESS:
    case CD_BENEFIT_CHILD_SICKNESS:
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_PRENATAL_CHECKUP:
    case CD_BENEFIT_PREGNANCY_LOSS:
    case CD_BENEFIT_CONTRACEPTION:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
    case CD_BENEFIT_FATHER_LEAVE:
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      return TRUE;
    case CD_BENEFIT_CHILDBIRTH:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_ADOPTION:
    case CD_BENEFIT_LUMP_SUM_FATHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
    case CD_N_BENEFITS:
    default:
      return FALSE;
    }
}

static gboolean
parse_claimant (CdFacts     *self,
                JsonObject  *root,
                GError     **error)
{
  static const char * const sexes[] = { "female", "male", NULL };
  JsonObject *claimant;
  JsonNode *first;
  int sex;

  /* A field the benefit does not use may be left out; one it uses may not: no silent default. */
  if (!cd_facts_get_object (root, NULL, "claimant", TRUE, &claimant, error)
      || !cd_facts_get_choice (claimant, "claimant", "sex", FALSE, sexes, -1, &sex, error)
      || !cd_facts_get_bool (claimant, "claimant", "insured", needs_insured (self->benefit),
                             &self->insured, error)
      || !cd_facts_get_small_int (claimant, "claimant", "si_years",
                                  self->benefit == CD_BENEFIT_SICKNESS, 0, 0,
                                  80, &self->si_years, error)
      || !cd_facts_get_bool (claimant, "claimant", "heavy_or_difficult", FALSE,
                             &self->heavy_or_difficult, error)
      || !cd_facts_get_bool (claimant, "claimant", "armed_forces_officer", FALSE,
                             &self->armed_forces_officer, error)
      || !cd_facts_get_contributions (claimant, "claimant", "contributions", FALSE,
                                      &self->contributions, error))
    return FALSE;
  /* A month absent from the list was not contributed: no list, no months. */
  if (self->contributions == NULL)
    self->contributions = g_array_new (FALSE, FALSE, sizeof (CdContribution));
  self->sex_known = sex >= 0;
  self->female = sex == 0;

  self->first_month = CD_MONTH_NONE;
  first = cd_facts_member (claimant, "first_month_of_participation");
  if (first != NULL
      && (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_STRING
          || !cd_month_parse (json_node_get_string (first), &self->first_month)))
    return cd_facts_fail (error, "claimant", "first_month_of_participation",
                          "a month YYYY-MM or null is required");
  return TRUE;
}

static gboolean
parse_employer (CdFacts     *self,
                JsonObject  *root,
                GError      **error)
{
  static const char * const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };
  JsonObject *employer;
  JsonArray *rest;
  JsonNode *calendar;

  /* Only working-day counts need the employer; the engine says so if one is missing then. */
  if (!cd_facts_get_object (root, NULL, "employer", FALSE, &employer, error))
    return FALSE;
  if (employer == NULL)
    return TRUE;
  self->schedule.known = TRUE;
  calendar = cd_facts_member (employer, "calendar");
  if (calendar == NULL)
    return cd_facts_fail (error, "employer", "calendar", "missing (public-sector or enterprise)");
  if (!JSON_NODE_HOLDS_VALUE (calendar) || json_node_get_value_type (calendar) != G_TYPE_STRING
      || !cd_profile_from_string (json_node_get_string (calendar), &self->schedule.profile))
    return cd_facts_fail (error, "employer", "calendar", "must be public-sector or enterprise");

  if (!cd_facts_get_array (employer, "employer", "weekly_rest", FALSE, &rest, error))
    return FALSE;
  if (rest == NULL)
    {
      self->schedule.rest_mask = (1u << G_DATE_SATURDAY) | (1u << G_DATE_SUNDAY);
      self->schedule.rest_defaulted = TRUE;
    }
  for (guint i = 0; rest != NULL && i < json_array_get_length (rest); i++)
    {
      JsonNode *node = json_array_get_element (rest, i);
      const char *text = JSON_NODE_HOLDS_VALUE (node)
                         && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      gboolean found = FALSE;

      for (int d = 0; text != NULL && days[d] != NULL; d++)
        if (g_str_equal (text, days[d]))
          {
            self->schedule.rest_mask |= 1u << (d + 1);
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *path = g_strdup_printf ("employer.weekly_rest[%u]", i);
          return cd_facts_fail (error, path, NULL, "a weekday mon … sun is required");
        }
    }
  if (self->schedule.rest_mask == 0xfe)
    return cd_facts_fail (error, "employer", "weekly_rest",
                          "a week with no working day is impossible");

  if (!cd_facts_get_day_set (employer, "employer", "holidays_extra", &self->schedule.holidays_extra,
                             error)
      || !cd_facts_get_day_set (employer, "employer", "working_days_extra",
                                &self->schedule.working_days_extra, error))
    return FALSE;

  /* A day declared both off and on is a contradiction, not something to settle by precedence. */
  if (self->schedule.holidays_extra != NULL && self->schedule.working_days_extra != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->schedule.holidays_extra);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_contains (self->schedule.working_days_extra, key))
          {
            char day[11];
            cd_date_format (GPOINTER_TO_INT (key), day);
            return cd_facts_fail (error, "employer", "working_days_extra",
                                  "%s is also in holidays_extra",
                                  day);
          }
    }
  return TRUE;
}

static void
usage_year_free (gpointer data)
{
  CdUsageYear *usage = data;

  g_clear_pointer (&usage->child_wd_halves, g_hash_table_unref);
  g_free (usage);
}

static gboolean
parse_usage (CdFacts     *self,
             JsonObject  *root,
             GError     **error)
{
  JsonObject *usage;
  g_autoptr(GList) years = NULL;

  self->usage = g_hash_table_new_full (NULL, NULL, NULL, usage_year_free);
  if (!cd_facts_get_object (root, NULL, "usage", FALSE, &usage, error))
    return FALSE;
  if (usage == NULL)
    return TRUE;
  years = json_object_get_members (usage);
  for (GList *l = years; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = g_strdup_printf ("usage.%s", name);
      CdUsageYear *record;
      JsonObject *item, *children;
      guint64 year;

      if (!g_ascii_string_to_unsigned (name, 10, 1900, 2200, &year, NULL))
        return cd_facts_fail (error, "usage", name, "a year YYYY is required as the key");
      if (!cd_facts_get_object (usage, "usage", name, TRUE, &item, error))
        return FALSE;
      record = g_new0 (CdUsageYear, 1);
      g_hash_table_insert (self->usage, GINT_TO_POINTER ((int) year), record);
      if (!cd_facts_get_halves (item, path, "sickness_wd", &record->sickness_wd_halves, error)
          || !cd_facts_get_halves (item, path, "sickness_days", &record->sickness_days_halves,
                                   error)
          || !cd_facts_get_small_int (item, path, "recovery_days", FALSE, 0, 0, 366,
                                      &record->recovery_days, error)
          || !cd_facts_get_object (item, path, "child_wd", FALSE, &children, error))
        return FALSE;
      if (children != NULL)
        {
          g_autoptr(GList) keys = json_object_get_members (children);
          g_autofree char *child_path = g_strdup_printf ("%s.child_wd", path);

          record->child_wd_halves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (GList *k = keys; k != NULL; k = k->next)
            {
              int halves;
              if (!cd_facts_get_halves (children, child_path, k->data, &halves, error))
                return FALSE;
              g_hash_table_insert (record->child_wd_halves, g_strdup (k->data),
                                   GINT_TO_POINTER (halves));
            }
        }
    }
  return TRUE;
}

static gboolean
parse_options (CdFacts     *self,
               JsonObject  *root,
               GError     **error)
{
  JsonObject *options;

  if (!cd_facts_get_object (root, NULL, "options", FALSE, &options, error))
    return FALSE;
  if (options == NULL)
    return TRUE;
  return cd_facts_get_bool (options, "options", "assume_missing_calendar", FALSE,
                            &self->assume_missing_calendar, error)
         && cd_facts_get_bool (options, "options", "assume_missing_parameter", FALSE,
                               &self->assume_missing_parameter, error);
}

static gboolean
parse_documents (CdFacts     *self,
                 JsonObject  *root,
                 GError     **error)
{
  JsonArray *documents;

  if (!cd_facts_get_array (root, NULL, "documents", FALSE, &documents, error))
    return FALSE;
  if (documents == NULL)
    return TRUE;
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonNode *node = json_array_get_element (documents, i);
      const char *kind = NULL;

      /* Either "kind" or {"kind": "…"}. */
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        kind = json_node_get_string (node);
      else if (JSON_NODE_HOLDS_OBJECT (node))
        kind = json_object_get_string_member_with_default (json_node_get_object (node), "kind",
                                                           NULL);
      if (kind == NULL)
        {
          g_autofree char *path = g_strdup_printf ("documents[%u]", i);
          return cd_facts_fail (error, path, NULL, "a document kind is required");
        }
      g_hash_table_add (self->documents, g_strdup (kind));
    }
  return TRUE;
}

static gboolean
check_sex (CdFacts  *self,
           GError  **error)
{
  if (!self->sex_known)
    return TRUE;
  switch (self->benefit)
    {
    case CD_BENEFIT_PRENATAL_CHECKUP:
    case CD_BENEFIT_PREGNANCY_LOSS:
    case CD_BENEFIT_CHILDBIRTH:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
      if (!self->female)
        return cd_facts_fail (error, "claimant", "sex", "benefit %s is for a woman",
                              cd_benefit_to_string (self->benefit));
      return TRUE;
    case CD_BENEFIT_FATHER_LEAVE:
    case CD_BENEFIT_LUMP_SUM_FATHER:
      if (self->female)
        return cd_facts_fail (error, "claimant", "sex", "benefit %s is for the husband",
                              cd_benefit_to_string (self->benefit));
      return TRUE;
    case CD_BENEFIT_SICKNESS:
    case CD_BENEFIT_CHILD_SICKNESS:
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
    case CD_BENEFIT_ADOPTION:
    case CD_BENEFIT_CONTRACEPTION:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
    case CD_N_BENEFITS:
    default:
      return TRUE;
    }
}

CdFacts *
cd_facts_parse_node (JsonNode  *root_node,
                     GError   **error)
{
  g_autoptr(CdFacts) self = g_new0 (CdFacts, 1);
  JsonObject *root;
  JsonNode *node;
  const char *text;
  gboolean found = FALSE;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS,
                   "facts: a JSON object is required");
      return NULL;
    }
  root = json_node_get_object (root_node);

  node = cd_facts_member (root, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || g_strcmp0 (json_node_get_string (node), "claimdesk-facts-1") != 0)
    {
      cd_facts_fail (error, NULL, "format", "expected “claimdesk-facts-1”");
      return NULL;
    }
  node = cd_facts_member (root, "benefit");
  text = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  found = text != NULL && cd_benefit_from_string (text, &self->benefit);
  if (!found)
    {
      cd_facts_fail (error, NULL, "benefit", "“%s” is not a benefit this engine knows",
                     text != NULL ? text : "(missing)");
      return NULL;
    }

  if (!cd_facts_get_date (root, NULL, "decided_on", FALSE, &self->decided_on, error)
      || !parse_claimant (self, root, error)
      || !parse_employer (self, root, error)
      || !parse_usage (self, root, error)
      || !parse_documents (self, root, error)
      || !parse_options (self, root, error)
      || !cd_facts_parse_case (self, root, error)
      || !check_sex (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

CdFacts *
cd_facts_parse_data (const char  *data,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS, "facts: not valid JSON: %s",
                   local_error->message);
      return NULL;
    }
  return cd_facts_parse_node (json_parser_get_root (parser), error);
}

void
cd_facts_free (CdFacts *self)
{
  CdCase *c;

  if (self == NULL)
    return;
  c = &self->c;
  g_clear_pointer (&self->contributions, g_array_unref);
  g_clear_pointer (&self->schedule.holidays_extra, g_hash_table_unref);
  g_clear_pointer (&self->schedule.working_days_extra, g_hash_table_unref);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&c->leave, g_array_unref);
  g_clear_pointer (&c->partial_days, g_array_unref);
  g_clear_pointer (&c->excluded, g_array_unref);
  g_clear_pointer (&c->visits, g_array_unref);
  g_clear_pointer (&c->parts, g_array_unref);
  g_clear_pointer (&c->mother_contributions, g_array_unref);
  g_free (c->child_key);
  g_free (self);
}

const CdUsageYear *
cd_facts_get_usage (const CdFacts *self,
                    int            year)
{
  const CdUsageYear *usage = self->usage != NULL
                             ? g_hash_table_lookup (self->usage, GINT_TO_POINTER (year)) : NULL;

  return usage != NULL ? usage : &empty_usage;
}

const CdContribution *
cd_facts_find_contribution (GArray  *contributions,
                            CdMonth  month)
{
  guint lo = 0, hi;

  if (contributions == NULL)
    return NULL;
  hi = contributions->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const CdContribution *c = &g_array_index (contributions, CdContribution, mid);
      if (c->month == month)
        return c;
      if (c->month < month)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}
