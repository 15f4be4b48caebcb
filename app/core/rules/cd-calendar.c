/* cd-calendar.c — holiday calendars per year and profile, and the working-day test. */
#include "cd-calendar.h"

#include "cd-json-source.h"
#include "cd-rule-texts.h"
#include "cd-rules-error.h"

typedef enum
{
  DAY_HOLIDAY,        /* public holiday, Tết or compensatory day: off */
  DAY_SWAPPED_REST,   /* a weekday off, made up on a Saturday: off (POLICY) */
  DAY_MADE_UP,        /* the Saturday that makes up a swapped day: working (POLICY) */
  DAY_POLICY_WORKING, /* a day whose status is unsettled; worked by POLICY */
} DayKind;

typedef struct
{
  DayKind     kind;
  const char *policy; /* assumption code, or NULL */
} DayEntry;

struct _CdCalendarYear
{
  int         year;
  CdDay       confirmed_until;
  GHashTable *days[CD_N_PROFILES]; /* CdDay → DayEntry */
  GStringChunk *strings;
};

static const char * const profile_names[CD_N_PROFILES] = { "public-sector", "enterprise" };

const char *
cd_profile_to_string (CdProfile profile)
{
  g_return_val_if_fail (profile < CD_N_PROFILES, NULL);
  return profile_names[profile];
}

gboolean
cd_profile_from_string (const char *text,
                        CdProfile  *out)
{
  for (guint i = 0; i < CD_N_PROFILES; i++)
    if (g_strcmp0 (text, profile_names[i]) == 0)
      {
        *out = (CdProfile) i;
        return TRUE;
      }
  return FALSE;
}

void
cd_calendar_year_free (CdCalendarYear *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < CD_N_PROFILES; i++)
    g_clear_pointer (&self->days[i], g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_free (self);
}

int
cd_calendar_year_get_year (CdCalendarYear *self)
{
  return self->year;
}

CdDay
cd_calendar_year_get_confirmed_until (CdCalendarYear *self)
{
  return self->confirmed_until;
}

static void
add_day (CdCalendarYear *self,
         GHashTable     *table,
         CdDay           day,
         DayKind         kind,
         const char     *policy)
{
  DayEntry *entry = g_new0 (DayEntry, 1);

  entry->kind = kind;
  entry->policy = policy != NULL ? g_string_chunk_insert_const (self->strings, policy) : NULL;
  g_hash_table_insert (table, GINT_TO_POINTER (day), entry);
}

/* Reads a date member of `object` that must fall in the calendar's year. */
static gboolean
read_day (CdJsonSource   *src,
          CdCalendarYear *self,
          JsonObject     *object,
          const char     *member,
          const char     *where,
          CdDay          *out,
          GError        **error)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  guint line = cd_json_source_member_line (src, object, member);

  if (text == NULL)
    {
      cd_json_source_fail (src, line, error, "%s.%s: a date YYYY-MM-DD is required", where, member);
      return FALSE;
    }
  if (!cd_date_parse (text, out))
    {
      cd_json_source_fail (src, line, error, "%s.%s: date %s does not exist", where, member, text);
      return FALSE;
    }
  if (cd_date_year (*out) != self->year)
    {
      cd_json_source_fail (src, line, error, "%s.%s: %s is not in %d", where, member, text,
                           self->year);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_entry (CdJsonSource   *src,
            CdCalendarYear *self,
            GHashTable     *table,
            JsonObject     *entry,
            const char     *where,
            GError        **error)
{
  const char *kind = json_object_get_string_member_with_default (entry, "kind", NULL);
  guint line = cd_json_source_member_line (src, entry, "kind");
  CdDay from, to;

  if (json_object_has_member (entry, "date"))
    {
      if (!read_day (src, self, entry, "date", where, &from, error))
        return FALSE;
      to = from;
    }
  else if (!read_day (src, self, entry, "from", where, &from, error)
           || !read_day (src, self, entry, "to", where, &to, error))
    return FALSE;
  if (to < from)
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, entry, "to"), error,
                           "%s: to is before from", where);
      return FALSE;
    }

  if (g_strcmp0 (kind, "holiday") == 0 || g_strcmp0 (kind, "tet") == 0
      || g_strcmp0 (kind, "compensatory") == 0)
    {
      /* A holiday that is the profile's default choice among several (the day next to National Day
       * for enterprises) is named as an assumption when it decides a count. */
      gboolean choice = json_object_get_boolean_member_with_default (entry, "employer_choice",
                                                                     FALSE);
      for (CdDay d = from; d <= to; d++)
        add_day (self, table, d, DAY_HOLIDAY, choice ? "policy.enterprise_default_holiday" : NULL);
    }
  else if (g_strcmp0 (kind, "swapped_rest") == 0)
    {
      CdDay made_up;
      if (!read_day (src, self, entry, "made_up_on", where, &made_up, error))
        return FALSE;
      for (CdDay d = from; d <= to; d++)
        add_day (self, table, d, DAY_SWAPPED_REST, "policy.swapped_rest_day");
      add_day (self, table, made_up, DAY_MADE_UP, "policy.swapped_rest_day");
    }
  else if (g_strcmp0 (kind, "policy_working") == 0)
    {
      const char *policy = json_object_get_string_member_with_default (entry, "policy", NULL);
      /* The code is named in results, so it must be one the engine can explain. */
      if (policy == NULL || !g_str_has_prefix (policy, "policy.")
          || cd_rule_text_find (policy) == NULL)
        {
          cd_json_source_fail (src, cd_json_source_member_line (src, entry, "policy"), error,
                               "%s.policy: “%s” is not a known policy.* code", where,
                               policy != NULL ? policy : "(missing)");
          return FALSE;
        }
      for (CdDay d = from; d <= to; d++)
        add_day (self, table, d, DAY_POLICY_WORKING, policy);
    }
  else
    {
      cd_json_source_fail (src, line, error,
                           "%s.kind: “%s” is not holiday, tet, compensatory, swapped_rest or "
                           "policy_working", where, kind != NULL ? kind : "(missing)");
      return FALSE;
    }
  return TRUE;
}

CdCalendarYear *
cd_calendar_year_load (const char  *path,
                       GError     **error)
{
  g_autoptr(CdJsonSource) src = cd_json_source_load (path, error);
  g_autoptr(CdCalendarYear) self = NULL;
  JsonObject *root, *profiles;
  const char *format;
  gint64 year;

  if (src == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (cd_json_source_get_root (src)))
    {
      cd_json_source_fail (src, 1, error, "a calendar must be a JSON object");
      return NULL;
    }
  root = json_node_get_object (cd_json_source_get_root (src));
  format = json_object_get_string_member_with_default (root, "format", NULL);
  if (g_strcmp0 (format, "claimdesk-calendar-1") != 0)
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, root, "format"), error,
                           "format: expected “claimdesk-calendar-1”");
      return NULL;
    }

  self = g_new0 (CdCalendarYear, 1);
  self->strings = g_string_chunk_new (64);
  year = json_object_get_int_member_with_default (root, "year", 0);
  if (year < 2000 || year > 2200)
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, root, "year"), error,
                           "year: a year between 2000 and 2200 is required");
      return NULL;
    }
  self->year = (int) year;
  if (!read_day (src, self, root, "confirmed_until", "calendar", &self->confirmed_until, error))
    return NULL;

  profiles = json_object_get_object_member (root, "profiles");
  if (profiles == NULL)
    {
      cd_json_source_fail (src, 1, error, "profiles: an object with public-sector and enterprise "
                           "is required");
      return NULL;
    }
  for (guint p = 0; p < CD_N_PROFILES; p++)
    {
      JsonNode *node = json_object_get_member (profiles, profile_names[p]);
      JsonArray *entries;

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        {
          cd_json_source_fail (src, cd_json_source_member_line (src, profiles, profile_names[p]),
                               error, "profiles.%s: a list of days is required", profile_names[p]);
          return NULL;
        }
      self->days[p] = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      entries = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonNode *element = json_array_get_element (entries, i);
          g_autofree char *where = g_strdup_printf ("profiles.%s[%u]", profile_names[p], i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              cd_json_source_fail (src, cd_json_source_element_line (src, entries, i), error,
                                   "%s: an object is required", where);
              return NULL;
            }
          if (!load_entry (src, self, self->days[p], json_node_get_object (element), where, error))
            return NULL;
        }
    }
  return g_steal_pointer (&self);
}

gboolean
cd_calendar_is_working_day (GHashTable           *calendars,
                            const CdWorkSchedule *schedule,
                            CdDay                 day,
                            gboolean             *out_working,
                            const char          **out_policy,
                            GError              **error)
{
  int year = cd_date_year (day);
  CdCalendarYear *cal = g_hash_table_lookup (calendars, GINT_TO_POINTER (year));
  const DayEntry *entry;

  *out_policy = NULL;

  /* The employer's own declarations win over the profile; they need no published calendar. */
  if (schedule->holidays_extra != NULL
      && g_hash_table_contains (schedule->holidays_extra, GINT_TO_POINTER (day)))
    {
      *out_working = FALSE;
      return TRUE;
    }
  if (schedule->working_days_extra != NULL
      && g_hash_table_contains (schedule->working_days_extra, GINT_TO_POINTER (day)))
    {
      *out_working = TRUE;
      return TRUE;
    }

  if (cal == NULL || day > cal->confirmed_until)
    {
      char buf[11];
      cd_date_format (day, buf);
      if (cal == NULL)
        g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY,
                     "no %s holiday calendar for %d: cannot count working days on %s",
                     cd_profile_to_string (schedule->profile), year, buf);
      else
        {
          char until[11];
          cd_date_format (cal->confirmed_until, until);
          g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY,
                       "the %d %s holiday calendar is confirmed only until %s: cannot count "
                       "working days on %s", year, cd_profile_to_string (schedule->profile),
                       until, buf);
        }
      return FALSE;
    }

  entry = g_hash_table_lookup (cal->days[schedule->profile], GINT_TO_POINTER (day));
  if (entry != NULL)
    {
      *out_policy = entry->policy;
      switch (entry->kind)
        {
        case DAY_HOLIDAY:
        case DAY_SWAPPED_REST:
          *out_working = FALSE;
          return TRUE;
        case DAY_MADE_UP:
          *out_working = TRUE;
          return TRUE;
        case DAY_POLICY_WORKING:
          /* Worked by POLICY unless it is a weekly rest day anyway. */
          break;
        default:
          g_assert_not_reached ();
        }
    }

  *out_working = (schedule->rest_mask & (1u << cd_date_weekday (day))) == 0;
  if (!*out_working && entry != NULL && entry->kind == DAY_POLICY_WORKING)
    *out_policy = NULL;
  return TRUE;
}
