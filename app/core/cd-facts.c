/* cd-facts.c — the claim facts of evaluate-contract.md, parsed and checked. */
#include "cd-facts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-rules-error.h"

static const char * const benefit_names[CD_N_BENEFITS] = {
  "sickness", "child_sickness", "recovery_after_sickness", "prenatal_checkup", "pregnancy_loss",
  "childbirth", "childbirth_takeover", "father_leave", "surrogacy", "commissioning_mother",
  "adoption", "contraception", "recovery_after_maternity", "lump_sum_father", "voluntary_maternity",
};

static const CdUsageYear empty_usage = { 0, 0, 0, NULL };

const char *
cd_benefit_to_string (CdBenefit benefit)
{
  g_return_val_if_fail (benefit < CD_N_BENEFITS, NULL);
  return benefit_names[benefit];
}

/* ---- error helpers: every message starts with the field path ---- */

static gboolean G_GNUC_PRINTF (4, 5)
fail (GError    **error,
      const char *parent,
      const char *member,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (member != NULL)
    g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS, "%s%s%s: %s",
                 parent != NULL ? parent : "", parent != NULL ? "." : "", member, message);
  else
    g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS, "%s: %s", parent, message);
  return FALSE;
}

static JsonNode *
member_node (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
get_object (JsonObject  *object,
            const char  *parent,
            const char  *member,
            gboolean     required,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = member_node (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? fail (error, parent, member, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, parent, member, "an object is required");
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *parent,
           const char  *member,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = member_node (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? fail (error, parent, member, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, parent, member, "a list is required");
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
parse_date_node (JsonNode    *node,
                 const char  *parent,
                 const char  *member,
                 CdDay       *out,
                 GError     **error)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, parent, member, "a date YYYY-MM-DD is required");
  text = json_node_get_string (node);
  if (!cd_date_parse (text, out))
    {
      int y, m, d;
      /* "does not exist" for a well-shaped impossible day, "is not a date" for anything else. */
      if (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
        return fail (error, parent, member, "date %s does not exist", text);
      return fail (error, parent, member, "“%s” is not a date YYYY-MM-DD", text);
    }
  return TRUE;
}

static gboolean
get_date (JsonObject  *object,
          const char  *parent,
          const char  *member,
          gboolean     required,
          CdDay       *out,
          GError     **error)
{
  JsonNode *node = member_node (object, member);

  *out = CD_DAY_NONE;
  if (node == NULL)
    return required ? fail (error, parent, member, "missing") : TRUE;
  return parse_date_node (node, parent, member, out, error);
}

static gboolean
get_int (JsonObject  *object,
         const char  *parent,
         const char  *member,
         gboolean     required,
         gint64       fallback,
         gint64       min,
         gint64       max,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = member_node (object, member);
  gint64 value;

  *out = fallback;
  if (node == NULL)
    return required ? fail (error, parent, member, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, parent, member, "a whole number is required");
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (error, parent, member, "%" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
                 " to %" G_GINT64_FORMAT ")", value, min, max);
  *out = value;
  return TRUE;
}

static gboolean
get_small_int (JsonObject  *object,
               const char  *parent,
               const char  *member,
               gboolean     required,
               int          fallback,
               int          min,
               int          max,
               int         *out,
               GError     **error)
{
  gint64 value;

  if (!get_int (object, parent, member, required, fallback, min, max, &value, error))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *parent,
          const char  *member,
          gboolean     required,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = member_node (object, member);

  *out = FALSE;
  if (node == NULL)
    return required ? fail (error, parent, member, "missing (true or false)") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, parent, member, "true or false is required");
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A string that must be one of `choices` (NULL-terminated); *out is its index. */
static gboolean
get_choice (JsonObject         *object,
            const char         *parent,
            const char         *member,
            gboolean            required,
            const char * const *choices,
            int                 fallback,
            int                *out,
            GError            **error)
{
  JsonNode *node = member_node (object, member);
  g_autofree char *list = NULL;
  const char *text;

  *out = fallback;
  if (node == NULL)
    return required ? fail (error, parent, member, "missing") : TRUE;
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  for (int i = 0; text != NULL && choices[i] != NULL; i++)
    if (g_str_equal (text, choices[i]))
      {
        *out = i;
        return TRUE;
      }
  list = g_strjoinv (", ", (char **) choices);
  return fail (error, parent, member, "“%s” is not one of %s",
               text != NULL ? text : "(not a string)",
               list);
}

/* Half-day quantities (usage counts) may be x.5. */
static gboolean
get_halves (JsonObject  *object,
            const char  *parent,
            const char  *member,
            int         *out,
            GError     **error)
{
  JsonNode *node = member_node (object, member);
  double value;

  *out = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return fail (error, parent, member, "a number of days is required");
  value = json_node_get_double (node);
  if (value < 0 || value > 10000 || floor (value * 2) != value * 2)
    return fail (error, parent, member, "a non-negative number of days in half-day steps is "
                 "required");
  *out = (int) (value * 2);
  return TRUE;
}

/* Hours as minutes: an absence may be 2.5 hours. Only compared, never paid, so rounding to the
 * minute is safe. */
static gboolean
get_minutes (JsonObject  *object,
             const char  *parent,
             const char  *member,
             int         *out,
             GError     **error)
{
  JsonNode *node = member_node (object, member);
  double value;

  if (node == NULL)
    return fail (error, parent, member, "missing");
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return fail (error, parent, member, "a number of hours is required");
  value = json_node_get_double (node);
  if (value <= 0 || value > 24)
    return fail (error, parent, member, "must be more than 0 and at most 24 hours");
  *out = (int) lround (value * 60);
  return TRUE;
}

/* ---- compound fields ---- */

static gboolean
get_period_list (JsonObject  *object,
                 const char  *parent,
                 const char  *member,
                 gboolean     required,
                 GArray     **out,
                 GError     **error)
{
  JsonArray *array;

  *out = g_array_new (FALSE, FALSE, sizeof (CdPeriod));
  if (!get_array (object, parent, member, required, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent, member, i);
      JsonNode *node = json_array_get_element (array, i);
      CdPeriod period;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, path, NULL, "an object {from, to} is required");
      item = json_node_get_object (node);
      if (!get_date (item, path, "from", TRUE, &period.from, error)
          || !get_date (item, path, "to", TRUE, &period.to, error))
        return FALSE;
      if (period.to < period.from)
        {
          char a[11], b[11];
          cd_date_format (period.from, a);
          cd_date_format (period.to, b);
          return fail (error, path, "to", "%s is before from %s", b, a);
        }
      g_array_append_val (*out, period);
    }
  return TRUE;
}

static int
compare_period (gconstpointer a,
                gconstpointer b)
{
  const CdPeriod *pa = a, *pb = b;
  return pa->from < pb->from ? -1 : pa->from > pb->from;
}

/* Periods of one list may not overlap: the same day cannot be claimed twice. */
static gboolean
check_no_overlap (GArray      *periods,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GArray) sorted = g_array_copy (periods);

  g_array_sort (sorted, compare_period);
  for (guint i = 1; i < sorted->len; i++)
    if (g_array_index (sorted, CdPeriod, i).from <= g_array_index (sorted, CdPeriod, i - 1).to)
      {
        char day[11];
        cd_date_format (g_array_index (sorted, CdPeriod, i).from, day);
        return fail (error, path, NULL, "two periods overlap on %s", day);
      }
  return TRUE;
}

static int
compare_contribution (gconstpointer a,
                      gconstpointer b)
{
  const CdContribution *ca = a, *cb = b;
  return ca->month < cb->month ? -1 : ca->month > cb->month;
}

static gboolean
get_contributions (JsonObject  *object,
                   const char  *parent,
                   const char  *member,
                   gboolean     required,
                   GArray     **out,
                   GError     **error)
{
  JsonArray *array;

  *out = NULL;
  if (!get_array (object, parent, member, required, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  *out = g_array_new (FALSE, FALSE, sizeof (CdContribution));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent, member, i);
      JsonNode *node = json_array_get_element (array, i);
      CdContribution contribution;
      JsonNode *month;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, path, NULL, "an object {month, salary} is required");
      item = json_node_get_object (node);
      month = member_node (item, "month");
      if (month == NULL)
        return fail (error, path, "month", "missing");
      if (!JSON_NODE_HOLDS_VALUE (month) || json_node_get_value_type (month) != G_TYPE_STRING
          || !cd_month_parse (json_node_get_string (month), &contribution.month))
        return fail (error, path, "month", "a month YYYY-MM is required");
      if (!get_int (item, path, "salary", TRUE, 0, 0, G_GINT64_CONSTANT (1000000000000),
                    &contribution.salary, error))
        return FALSE;
      g_array_append_val (*out, contribution);
    }
  g_array_sort (*out, compare_contribution);
  for (guint i = 1; i < (*out)->len; i++)
    if (g_array_index (*out, CdContribution, i).month
        == g_array_index (*out, CdContribution, i - 1).month)
      {
        char month[8];
        cd_month_format (g_array_index (*out, CdContribution, i).month, month);
        return fail (error, parent, member, "month %s is listed twice", month);
      }
  return TRUE;
}

static gboolean
get_day_set (JsonObject   *object,
             const char   *parent,
             const char   *member,
             GHashTable  **out,
             GError      **error)
{
  JsonArray *array;

  *out = NULL;
  if (!get_array (object, parent, member, FALSE, &array, error))
    return FALSE;
  if (array == NULL || json_array_get_length (array) == 0)
    return TRUE;
  *out = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent, member, i);
      CdDay day;

      if (!parse_date_node (json_array_get_element (array, i), path, NULL, &day, error))
        return FALSE;
      g_hash_table_add (*out, GINT_TO_POINTER (day));
    }
  return TRUE;
}

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
  if (!get_object (root, NULL, "claimant", TRUE, &claimant, error)
      || !get_choice (claimant, "claimant", "sex", FALSE, sexes, -1, &sex, error)
      || !get_bool (claimant, "claimant", "insured", needs_insured (self->benefit), &self->insured,
                    error)
      || !get_small_int (claimant, "claimant", "si_years", self->benefit == CD_BENEFIT_SICKNESS,
                         0, 0,
                         80, &self->si_years, error)
      || !get_bool (claimant, "claimant", "heavy_or_difficult", FALSE, &self->heavy_or_difficult,
                    error)
      || !get_bool (claimant, "claimant", "armed_forces_officer", FALSE,
                    &self->armed_forces_officer, error)
      || !get_contributions (claimant, "claimant", "contributions", FALSE, &self->contributions,
                             error))
    return FALSE;
  /* A month absent from the list was not contributed: no list, no months. */
  if (self->contributions == NULL)
    self->contributions = g_array_new (FALSE, FALSE, sizeof (CdContribution));
  self->sex_known = sex >= 0;
  self->female = sex == 0;

  self->first_month = CD_MONTH_NONE;
  first = member_node (claimant, "first_month_of_participation");
  if (first != NULL
      && (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_STRING
          || !cd_month_parse (json_node_get_string (first), &self->first_month)))
    return fail (error, "claimant", "first_month_of_participation", "a month YYYY-MM or null is "
                 "required");
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
  if (!get_object (root, NULL, "employer", FALSE, &employer, error))
    return FALSE;
  if (employer == NULL)
    return TRUE;
  self->schedule.known = TRUE;
  calendar = member_node (employer, "calendar");
  if (calendar == NULL)
    return fail (error, "employer", "calendar", "missing (public-sector or enterprise)");
  if (!JSON_NODE_HOLDS_VALUE (calendar) || json_node_get_value_type (calendar) != G_TYPE_STRING
      || !cd_profile_from_string (json_node_get_string (calendar), &self->schedule.profile))
    return fail (error, "employer", "calendar", "must be public-sector or enterprise");

  if (!get_array (employer, "employer", "weekly_rest", FALSE, &rest, error))
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
          return fail (error, path, NULL, "a weekday mon … sun is required");
        }
    }
  if (self->schedule.rest_mask == 0xfe)
    return fail (error, "employer", "weekly_rest", "a week with no working day is impossible");

  if (!get_day_set (employer, "employer", "holidays_extra", &self->schedule.holidays_extra, error)
      || !get_day_set (employer, "employer", "working_days_extra",
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
            return fail (error, "employer", "working_days_extra", "%s is also in holidays_extra",
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
  if (!get_object (root, NULL, "usage", FALSE, &usage, error))
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
        return fail (error, "usage", name, "a year YYYY is required as the key");
      if (!get_object (usage, "usage", name, TRUE, &item, error))
        return FALSE;
      record = g_new0 (CdUsageYear, 1);
      g_hash_table_insert (self->usage, GINT_TO_POINTER ((int) year), record);
      if (!get_halves (item, path, "sickness_wd", &record->sickness_wd_halves, error)
          || !get_halves (item, path, "sickness_days", &record->sickness_days_halves, error)
          || !get_small_int (item, path, "recovery_days", FALSE, 0, 0, 366, &record->recovery_days,
                             error)
          || !get_object (item, path, "child_wd", FALSE, &children, error))
        return FALSE;
      if (children != NULL)
        {
          g_autoptr(GList) keys = json_object_get_members (children);
          g_autofree char *child_path = g_strdup_printf ("%s.child_wd", path);

          record->child_wd_halves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (GList *k = keys; k != NULL; k = k->next)
            {
              int halves;
              if (!get_halves (children, child_path, k->data, &halves, error))
                return FALSE;
              g_hash_table_insert (record->child_wd_halves, g_strdup (k->data),
                                   GINT_TO_POINTER (halves));
            }
        }
    }
  return TRUE;
}

static gboolean
parse_documents (CdFacts     *self,
                 JsonObject  *root,
                 GError     **error)
{
  JsonArray *documents;

  if (!get_array (root, NULL, "documents", FALSE, &documents, error))
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
          return fail (error, path, NULL, "a document kind is required");
        }
      g_hash_table_add (self->documents, g_strdup (kind));
    }
  return TRUE;
}

/* ---- the case, per benefit ---- */

static gboolean
parse_partial_days (CdCase      *c,
                    JsonObject  *object,
                    GError     **error)
{
  JsonArray *array;

  c->partial_days = g_array_new (FALSE, FALSE, sizeof (CdPartialDay));
  if (!get_array (object, "case", "partial_days", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("case.partial_days[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      CdPartialDay day;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, path, NULL,
                     "an object {date, hours_absent, hours_scheduled} is required");
      item = json_node_get_object (node);
      if (!get_date (item, path, "date", TRUE, &day.date, error)
          || !get_minutes (item, path, "hours_absent", &day.minutes_absent, error)
          || !get_minutes (item, path, "hours_scheduled", &day.minutes_scheduled, error))
        return FALSE;
      if (day.minutes_absent > day.minutes_scheduled)
        return fail (error, path, "hours_absent", "more than the hours scheduled that day");
      for (guint l = 0; l < c->leave->len; l++)
        {
          const CdPeriod *leave = &g_array_index (c->leave, CdPeriod, l);
          if (day.date >= leave->from && day.date <= leave->to)
            return fail (error, path, "date", "falls inside case.leave[%u]; a partial day is a "
                         "leave of its own", l);
        }
      for (guint k = 0; k < c->partial_days->len; k++)
        if (g_array_index (c->partial_days, CdPartialDay, k).date == day.date)
          return fail (error, path, "date", "the same day is listed twice");
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

  if (!get_period_list (object, "case", "excluded", FALSE, &c->excluded, error)
      || !get_array (object, "case", "excluded", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("case.excluded[%u]", i);
      int reason;

      if (!get_choice (json_node_get_object (json_array_get_element (array, i)), path, "reason",
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
  if (!get_period_list (object, "case", "leave", FALSE, &c->leave, error)
      || !check_no_overlap (c->leave, "case.leave", error)
      || !parse_partial_days (c, object, error)
      || !parse_excluded (c, object, error))
    return FALSE;
  if (c->leave->len == 0 && c->partial_days->len == 0)
    return fail (error, "case", "leave", "no leave and no partial day: nothing to evaluate");
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
      || !get_choice (object, "case", "cause", FALSE, causes, 0, &cause, error)
      || !get_bool (object, "case", "long_term_disease", FALSE, &c->long_term_disease, error)
      || !get_bool (object, "case", "surgery", FALSE, &c->surgery, error)
      || !get_bool (object, "case", "inpatient", FALSE, &c->inpatient, error))
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

  if (!get_object (object, "case", "child", TRUE, &child, error))
    return FALSE;
  key = member_node (child, "key");
  if (key == NULL || !JSON_NODE_HOLDS_VALUE (key) || json_node_get_value_type (key) != G_TYPE_STRING
      || *json_node_get_string (key) == '\0')
    return fail (error, "case.child", "key", "a non-empty string is required");
  c->child_key = g_strdup (json_node_get_string (key));
  return get_date (child, "case.child", "birth_date", TRUE, &c->child_birth_date, error)
         && parse_sick_leave (c, object, error)
         && get_bool (object, "case", "inpatient", FALSE, &c->inpatient, error);
}

static gboolean
get_recovery (CdCase      *c,
              JsonObject  *object,
              GError     **error)
{
  JsonObject *recovery;

  return get_object (object, "case", "recovery", TRUE, &recovery, error)
         && get_date (recovery, "case.recovery", "from", TRUE, &c->recovery_from, error)
         && get_small_int (recovery, "case.recovery", "days", TRUE, 0, 1, 366, &c->recovery_days,
                           error);
}

static gboolean
parse_recovery_after_sickness (CdCase      *c,
                               JsonObject  *object,
                               GError     **error)
{
  static const char * const kinds[] = { "long_term", "surgery", "other", NULL };
  JsonObject *last;
  int kind;

  if (!get_object (object, "case", "last_sickness", TRUE, &last, error)
      || !get_date (last, "case.last_sickness", "ended_on", TRUE, &c->last_sickness_ended_on, error)
      || !get_choice (last, "case.last_sickness", "kind", TRUE, kinds, 0, &kind, error)
      || !get_recovery (c, object, error))
    return FALSE;
  c->last_sickness_kind = (CdSicknessKind) kind;
  if (c->recovery_from <= c->last_sickness_ended_on)
    return fail (error, "case.recovery", "from", "recovery cannot start before the sickness leave "
                 "has ended");
  return TRUE;
}

static gboolean
parse_recovery_after_maternity (CdCase      *c,
                                JsonObject  *object,
                                GError     **error)
{
  static const char * const kinds[] = { "multiple_birth", "caesarean", "other", NULL };
  int kind;

  if (!get_date (object, "case", "maternity_leave_ended_on", TRUE, &c->maternity_leave_ended_on,
                 error)
      || !get_choice (object, "case", "kind", TRUE, kinds, 0, &kind, error)
      || !get_bool (object, "case", "early_return", FALSE, &c->early_return, error)
      || !get_recovery (c, object, error))
    return FALSE;
  c->maternity_kind = (CdMaternityKind) kind;
  if (c->recovery_from <= c->maternity_leave_ended_on)
    return fail (error, "case.recovery", "from", "recovery cannot start before the maternity leave "
                 "has ended");
  return TRUE;
}

static gboolean
parse_prenatal (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  if (!get_period_list (object, "case", "visits", TRUE, &c->visits, error)
      || !check_no_overlap (c->visits, "case.visits", error)
      || !get_small_int (object, "case", "visits_before", FALSE, 0, 0, 50, &c->visits_before,
                         error))
    return FALSE;
  if (c->visits->len == 0)
    return fail (error, "case", "visits", "at least one visit is required");
  return TRUE;
}

static gboolean
get_children (CdCase      *c,
              JsonObject  *object,
              GError     **error)
{
  return get_small_int (object, "case", "children", FALSE, 1, 1, 12, &c->children, error);
}

static gboolean
parse_pregnancy_loss (CdCase      *c,
                      JsonObject  *object,
                      GError     **error)
{
  JsonObject *gestation, *leave;

  if (!get_date (object, "case", "event_date", TRUE, &c->event_date, error)
      || !get_object (object, "case", "gestation", TRUE, &gestation, error)
      || !get_small_int (gestation, "case.gestation", "weeks", TRUE, 0, 0, 45, &c->gestation_weeks,
                         error)
      || !get_small_int (gestation, "case.gestation", "days", FALSE, 0, 0, 6, &c->gestation_days,
                         error)
      || !get_object (object, "case", "leave", TRUE, &leave, error)
      || !get_date (leave, "case.leave", "from", TRUE, &c->leave_from, error)
      || !get_small_int (leave, "case.leave", "days", TRUE, 0, 1, 400, &c->leave_days, error)
      || !get_bool (object, "case", "infertility_treatment", FALSE, &c->infertility_treatment,
                    error)
      || !get_bool (object, "case", "pregnancy_rest", FALSE, &c->pregnancy_rest, error))
    return FALSE;
  c->children = 1;
  if (c->leave_from < c->event_date)
    return fail (error, "case.leave", "from", "the leave for a pregnancy loss cannot start before "
                 "the event");
  return TRUE;
}

static gboolean
parse_birth_fields (CdCase      *c,
                    JsonObject  *object,
                    gboolean     leave_from_required,
                    GError     **error)
{
  if (!get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
      || !get_date (object, "case", "leave_from", leave_from_required, &c->leave_from, error)
      || !get_children (c, object, error)
      || !get_small_int (object, "case", "living_children_before", FALSE, -1, 0, 30,
                         &c->living_children_before, error)
      || !get_bool (object, "case", "caesarean", FALSE, &c->caesarean, error)
      || !get_small_int (object, "case", "weeks_at_birth", FALSE, 0, 20, 45, &c->weeks_at_birth,
                         error)
      || !get_bool (object, "case", "infertility_treatment", FALSE, &c->infertility_treatment,
                    error)
      || !get_bool (object, "case", "pregnancy_rest", FALSE, &c->pregnancy_rest, error)
      || !get_date (object, "case", "early_return_on", FALSE, &c->early_return_on, error)
      || !get_date (object, "case", "child_died_on", FALSE, &c->child_died_on, error)
      || !get_date (object, "case", "mother_died_on", FALSE, &c->mother_died_on, error))
    return FALSE;
  if (c->child_died_on != CD_DAY_NONE && c->child_died_on < c->birth_date)
    return fail (error, "case", "child_died_on", "before the birth");
  if (c->mother_died_on != CD_DAY_NONE && c->mother_died_on < c->birth_date)
    return fail (error, "case", "mother_died_on", "before the birth (this is not a birth case)");
  if (c->leave_from != CD_DAY_NONE && c->leave_from > c->birth_date)
    return fail (error, "case", "leave_from", "the mother's leave cannot start after the birth");
  return TRUE;
}

static gboolean
parse_takeover (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  /* The mother's leave start matters only when the carer takes over the rest of her leave. */
  if (!parse_birth_fields (c, object, FALSE, error)
      || !get_bool (object, "case", "mother_insured", TRUE, &c->mother_insured, error)
      || !get_bool (object, "case", "mother_eligible", TRUE, &c->mother_eligible, error)
      || !get_date (object, "case", "takeover_from", TRUE, &c->takeover_from, error)
      || !get_contributions (object, "case", "mother_contributions", FALSE,
                             &c->mother_contributions, error))
    return FALSE;
  if (c->mother_eligible && !c->mother_insured)
    return fail (error, "case", "mother_eligible",
                 "a mother who is not insured cannot be eligible");
  if (c->mother_eligible && c->leave_from == CD_DAY_NONE)
    return fail (error, "case", "leave_from", "missing (the start of the mother's leave decides "
                 "what remains of it)");
  if (c->takeover_from < c->birth_date)
    return fail (error, "case", "takeover_from", "before the birth");
  if (c->mother_died_on != CD_DAY_NONE && c->takeover_from <= c->mother_died_on)
    return fail (error, "case", "takeover_from", "the takeover starts after the mother's death");
  return TRUE;
}

static gboolean
parse_father_leave (CdCase      *c,
                    JsonObject  *object,
                    GError     **error)
{
  if (!get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
      || !get_children (c, object, error)
      || !get_bool (object, "case", "caesarean", FALSE, &c->caesarean, error)
      || !get_small_int (object, "case", "weeks_at_birth", FALSE, 0, 20, 45, &c->weeks_at_birth,
                         error)
      || !get_small_int (object, "case", "wife_living_children_before", FALSE, -1, 0, 30,
                         &c->wife_living_children_before, error)
      || !get_period_list (object, "case", "parts", TRUE, &c->parts, error)
      || !check_no_overlap (c->parts, "case.parts", error))
    return FALSE;
  if (c->parts->len == 0)
    return fail (error, "case", "parts", "at least one part is required");
  g_array_sort (c->parts, compare_period);
  return TRUE;
}

static gboolean
parse_surrogacy (CdCase      *c,
                 JsonObject  *object,
                 GError     **error)
{
  if (!get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
      || !get_date (object, "case", "handover_date", TRUE, &c->handover_date, error)
      || !get_children (c, object, error)
      || !get_date (object, "case", "leave_from", TRUE, &c->leave_from, error)
      || !get_date (object, "case", "child_died_on", FALSE, &c->child_died_on, error))
    return FALSE;
  if (c->child_died_on != CD_DAY_NONE && c->child_died_on < c->birth_date)
    return fail (error, "case", "child_died_on", "before the birth");
  if (c->handover_date < c->birth_date)
    return fail (error, "case", "handover_date", "before the birth");
  if (c->leave_from > c->birth_date)
    return fail (error, "case", "leave_from", "the surrogate's leave cannot start after the birth");
  return TRUE;
}

static gboolean
parse_commissioning (CdCase      *c,
                     JsonObject  *object,
                     GError     **error)
{
  if (!get_date (object, "case", "receipt_date", TRUE, &c->receipt_date, error)
      || !get_date (object, "case", "child_birth_date", TRUE, &c->child_birth_date, error)
      || !get_children (c, object, error)
      || !get_bool (object, "case", "surrogate_eligible", TRUE, &c->surrogate_eligible, error))
    return FALSE;
  if (c->receipt_date < c->child_birth_date)
    return fail (error, "case", "receipt_date", "before the child's birth");
  return TRUE;
}

static gboolean
parse_adoption (CdCase      *c,
                JsonObject  *object,
                GError     **error)
{
  if (!get_date (object, "case", "child_birth_date", TRUE, &c->child_birth_date, error)
      || !get_date (object, "case", "handover_date", TRUE, &c->handover_date, error)
      || !get_children (c, object, error)
      || !get_bool (object, "case", "other_adopter_takes_leave", FALSE,
                    &c->other_adopter_takes_leave, error))
    return FALSE;
  if (c->handover_date < c->child_birth_date)
    return fail (error, "case", "handover_date", "before the child's birth");
  return TRUE;
}

static gboolean
parse_contraception (CdCase      *c,
                     JsonObject  *object,
                     GError     **error)
{
  static const char * const methods[] = { "iud", "sterilisation", NULL };
  int method;

  if (!get_choice (object, "case", "method", TRUE, methods, 0, &method, error)
      || !get_date (object, "case", "from", TRUE, &c->leave_from, error)
      || !get_small_int (object, "case", "days", TRUE, 0, 1, 366, &c->leave_days, error))
    return FALSE;
  c->method = (CdContraception) method;
  return TRUE;
}

static gboolean
parse_lump_sum_father (CdCase      *c,
                       JsonObject  *object,
                       GError     **error)
{
  return get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
         && get_children (c, object, error)
         && get_bool (object, "case", "mother_eligible", TRUE, &c->mother_eligible, error);
}

static gboolean
parse_voluntary (CdCase      *c,
                 JsonObject  *object,
                 GError     **error)
{
  return get_date (object, "case", "birth_date", TRUE, &c->birth_date, error)
         && get_children (c, object, error)
         && get_small_int (object, "case", "voluntary_months_in_window", TRUE, 0, 0, 12,
                           &c->voluntary_months_in_window, error);
}

static gboolean
parse_case (CdFacts     *self,
            JsonObject  *root,
            GError     **error)
{
  JsonObject *object;
  CdCase *c = &self->c;

  c->living_children_before = -1;
  c->wife_living_children_before = -1;
  c->children = 1;
  if (!get_object (root, NULL, "case", TRUE, &object, error))
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
        return fail (error, "claimant", "sex", "benefit %s is for a woman",
                     benefit_names[self->benefit]);
      return TRUE;
    case CD_BENEFIT_FATHER_LEAVE:
    case CD_BENEFIT_LUMP_SUM_FATHER:
      if (self->female)
        return fail (error, "claimant", "sex", "benefit %s is for the husband",
                     benefit_names[self->benefit]);
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

  node = member_node (root, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || g_strcmp0 (json_node_get_string (node), "claimdesk-facts-1") != 0)
    {
      fail (error, NULL, "format", "expected “claimdesk-facts-1”");
      return NULL;
    }
  node = member_node (root, "benefit");
  text = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  for (guint i = 0; text != NULL && i < CD_N_BENEFITS; i++)
    if (g_str_equal (text, benefit_names[i]))
      {
        self->benefit = (CdBenefit) i;
        found = TRUE;
      }
  if (!found)
    {
      fail (error, NULL, "benefit", "“%s” is not a benefit this engine knows",
            text != NULL ? text : "(missing)");
      return NULL;
    }

  if (!get_date (root, NULL, "decided_on", FALSE, &self->decided_on, error)
      || !parse_claimant (self, root, error)
      || !parse_employer (self, root, error)
      || !parse_usage (self, root, error)
      || !parse_documents (self, root, error)
      || !parse_case (self, root, error)
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
