/* cd-facts-read.c — reading typed JSON fields of the facts, each error naming the field's path. */
#include "cd-facts-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-rules-error.h"

gboolean
cd_facts_fail (GError    **error,
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

JsonNode *
cd_facts_member (JsonObject *object,
                 const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

gboolean
cd_facts_get_object (JsonObject  *object,
                     const char  *parent,
                     const char  *member,
                     gboolean     required,
                     JsonObject **out,
                     GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? cd_facts_fail (error, parent, member, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return cd_facts_fail (error, parent, member, "an object is required");
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
cd_facts_get_array (JsonObject  *object,
                    const char  *parent,
                    const char  *member,
                    gboolean     required,
                    JsonArray  **out,
                    GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);

  *out = NULL;
  if (node == NULL)
    return required ? cd_facts_fail (error, parent, member, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return cd_facts_fail (error, parent, member, "a list is required");
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
cd_facts_date_node (JsonNode    *node,
                    const char  *parent,
                    const char  *member,
                    CdDay       *out,
                    GError     **error)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return cd_facts_fail (error, parent, member, "a date YYYY-MM-DD is required");
  text = json_node_get_string (node);
  if (!cd_date_parse (text, out))
    {
      int y, m, d;
      /* "does not exist" for a well-shaped impossible day, "is not a date" for anything else. */
      if (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
        return cd_facts_fail (error, parent, member, "date %s does not exist", text);
      return cd_facts_fail (error, parent, member, "“%s” is not a date YYYY-MM-DD", text);
    }
  return TRUE;
}

gboolean
cd_facts_get_date (JsonObject  *object,
                   const char  *parent,
                   const char  *member,
                   gboolean     required,
                   CdDay       *out,
                   GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);

  *out = CD_DAY_NONE;
  if (node == NULL)
    return required ? cd_facts_fail (error, parent, member, "missing") : TRUE;
  return cd_facts_date_node (node, parent, member, out, error);
}

gboolean
cd_facts_get_int (JsonObject  *object,
                  const char  *parent,
                  const char  *member,
                  gboolean     required,
                  gint64       fallback,
                  gint64       min,
                  gint64       max,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);
  gint64 value;

  *out = fallback;
  if (node == NULL)
    return required ? cd_facts_fail (error, parent, member, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return cd_facts_fail (error, parent, member, "a whole number is required");
  value = json_node_get_int (node);
  if (value < min || value > max)
    return cd_facts_fail (error, parent, member,
                          "%" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
                          " to %" G_GINT64_FORMAT ")", value, min, max);
  *out = value;
  return TRUE;
}

gboolean
cd_facts_get_small_int (JsonObject  *object,
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

  if (!cd_facts_get_int (object, parent, member, required, fallback, min, max, &value, error))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

gboolean
cd_facts_get_bool (JsonObject  *object,
                   const char  *parent,
                   const char  *member,
                   gboolean     required,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);

  *out = FALSE;
  if (node == NULL)
    return required ? cd_facts_fail (error, parent, member, "missing (true or false)") : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return cd_facts_fail (error, parent, member, "true or false is required");
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A string that must be one of `choices` (NULL-terminated); *out is its index. */
gboolean
cd_facts_get_choice (JsonObject         *object,
                     const char         *parent,
                     const char         *member,
                     gboolean            required,
                     const char * const *choices,
                     int                 fallback,
                     int                *out,
                     GError            **error)
{
  JsonNode *node = cd_facts_member (object, member);
  g_autofree char *list = NULL;
  const char *text;

  *out = fallback;
  if (node == NULL)
    return required ? cd_facts_fail (error, parent, member, "missing") : TRUE;
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  for (int i = 0; text != NULL && choices[i] != NULL; i++)
    if (g_str_equal (text, choices[i]))
      {
        *out = i;
        return TRUE;
      }
  list = g_strjoinv (", ", (char **) choices);
  return cd_facts_fail (error, parent, member, "“%s” is not one of %s",
                        text != NULL ? text : "(not a string)", list);
}

/* Half-day quantities (usage counts) may be x.5. */
gboolean
cd_facts_get_halves (JsonObject  *object,
                     const char  *parent,
                     const char  *member,
                     int         *out,
                     GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);
  double value;

  *out = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return cd_facts_fail (error, parent, member, "a number of days is required");
  value = json_node_get_double (node);
  if (value < 0 || value > 10000 || floor (value * 2) != value * 2)
    return cd_facts_fail (error, parent, member,
                          "a non-negative number of days in half-day steps is required");
  *out = (int) (value * 2);
  return TRUE;
}

/* Hours as minutes: an absence may be 2.5 hours. Only compared, never paid, so rounding to the
 * minute is safe. */
gboolean
cd_facts_get_minutes (JsonObject  *object,
                      const char  *parent,
                      const char  *member,
                      int         *out,
                      GError     **error)
{
  JsonNode *node = cd_facts_member (object, member);
  double value;

  if (node == NULL)
    return cd_facts_fail (error, parent, member, "missing");
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return cd_facts_fail (error, parent, member, "a number of hours is required");
  value = json_node_get_double (node);
  if (value <= 0 || value > 24)
    return cd_facts_fail (error, parent, member, "must be more than 0 and at most 24 hours");
  *out = (int) lround (value * 60);
  return TRUE;
}

/* ---- compound fields ---- */

gboolean
cd_facts_get_periods (JsonObject  *object,
                      const char  *parent,
                      const char  *member,
                      gboolean     required,
                      GArray     **out,
                      GError     **error)
{
  JsonArray *array;

  *out = g_array_new (FALSE, FALSE, sizeof (CdPeriod));
  if (!cd_facts_get_array (object, parent, member, required, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent, member, i);
      JsonNode *node = json_array_get_element (array, i);
      CdPeriod period;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return cd_facts_fail (error, path, NULL, "an object {from, to} is required");
      item = json_node_get_object (node);
      if (!cd_facts_get_date (item, path, "from", TRUE, &period.from, error)
          || !cd_facts_get_date (item, path, "to", TRUE, &period.to, error))
        return FALSE;
      if (period.to < period.from)
        {
          char a[11], b[11];
          cd_date_format (period.from, a);
          cd_date_format (period.to, b);
          return cd_facts_fail (error, path, "to", "%s is before from %s", b, a);
        }
      g_array_append_val (*out, period);
    }
  return TRUE;
}

int
cd_facts_compare_period (gconstpointer a,
                         gconstpointer b)
{
  const CdPeriod *pa = a, *pb = b;
  return pa->from < pb->from ? -1 : pa->from > pb->from;
}

/* Periods of one list may not overlap: the same day cannot be claimed twice. */
gboolean
cd_facts_check_no_overlap (GArray      *periods,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GArray) sorted = g_array_copy (periods);

  g_array_sort (sorted, cd_facts_compare_period);
  for (guint i = 1; i < sorted->len; i++)
    if (g_array_index (sorted, CdPeriod, i).from <= g_array_index (sorted, CdPeriod, i - 1).to)
      {
        char day[11];
        cd_date_format (g_array_index (sorted, CdPeriod, i).from, day);
        return cd_facts_fail (error, path, NULL, "two periods overlap on %s", day);
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

gboolean
cd_facts_get_contributions (JsonObject  *object,
                            const char  *parent,
                            const char  *member,
                            gboolean     required,
                            GArray     **out,
                            GError     **error)
{
  JsonArray *array;

  *out = NULL;
  if (!cd_facts_get_array (object, parent, member, required, &array, error))
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
        return cd_facts_fail (error, path, NULL, "an object {month, salary} is required");
      item = json_node_get_object (node);
      month = cd_facts_member (item, "month");
      if (month == NULL)
        return cd_facts_fail (error, path, "month", "missing");
      if (!JSON_NODE_HOLDS_VALUE (month) || json_node_get_value_type (month) != G_TYPE_STRING
          || !cd_month_parse (json_node_get_string (month), &contribution.month))
        return cd_facts_fail (error, path, "month", "a month YYYY-MM is required");
      if (!cd_facts_get_int (item, path, "salary", TRUE, 0, 0, G_GINT64_CONSTANT (1000000000000),
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
        return cd_facts_fail (error, parent, member, "month %s is listed twice", month);
      }
  return TRUE;
}

gboolean
cd_facts_get_day_set (JsonObject   *object,
                      const char   *parent,
                      const char   *member,
                      GHashTable  **out,
                      GError      **error)
{
  JsonArray *array;

  *out = NULL;
  if (!cd_facts_get_array (object, parent, member, FALSE, &array, error))
    return FALSE;
  if (array == NULL || json_array_get_length (array) == 0)
    return TRUE;
  *out = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent, member, i);
      CdDay day;

      if (!cd_facts_date_node (json_array_get_element (array, i), path, NULL, &day, error))
        return FALSE;
      g_hash_table_add (*out, GINT_TO_POINTER (day));
    }
  return TRUE;
}

