/* cd-rule-pack.c — a versioned rule pack: dated parameters and holiday calendars, read from data
 * files. */
#include "config.h"

#include "cd-data-dir.h"
#include "cd-rule-pack.h"

#include <string.h>

#include "cd-calendar.h"
#include "cd-installed-pack.h"
#include "cd-json-source.h"
#include "cd-rules-error.h"

typedef struct
{
  CdDay       from;
  CdDay       to;       /* inclusive; G_MAXINT32 when open */
  CdRational  value;
  char       *citation;
} ParamValue;

struct _CdRulePack
{
  gatomicrefcount ref_count;
  char       *dir;
  char       *version;
  CdDay       review_by;
  GHashTable *params;    /* name → GArray of ParamValue, sorted by from */
  GHashTable *calendars; /* year → CdCalendarYear */
  CdDay       effective; /* CD_DAY_NONE for the shipped pack: it applies from the start */
  GPtrArray  *updates;   /* installed packs (CdRulePack), by effective date; NULL when none */
};

/* Every parameter the engine reads. A pack must define each, and nothing else: a misspelt name is
 * caught when the file is loaded, with its line, not when a claim first needs it. */
static const char * const known_parameters[] = {
  "reference_level", "salary_cap_rl_multiple", "sickness_rate", "sickness_rate_armed_forces",
  "long_term_rate_ge30", "long_term_rate_15to30", "long_term_rate_lt15", "maternity_rate",
  "recovery_rate_rl", "lump_sum_rl_multiple", "voluntary_maternity_allowance", "divisor_wd",
  "divisor_calendar", "sickness_limit_normal_lt15", "sickness_limit_normal_15to30",
  "sickness_limit_normal_ge30", "sickness_limit_heavy_lt15", "sickness_limit_heavy_15to30",
  "sickness_limit_heavy_ge30", "child_sickness_limit_under_3", "child_sickness_limit_3_to_7",
  "recovery_min_sickness_days", "recovery_window_days", "recovery_max_long_term",
  "recovery_max_surgery", "recovery_max_other",
  "recovery_maternity_max_multiple", "recovery_maternity_max_caesarean",
  "recovery_maternity_max_other", "prenatal_visits", "prenatal_days_per_visit", "loss_days_lt5w",
  "loss_days_5to13w", "loss_days_13to22w", "loss_days_ge22w", "childbirth_months",
  "childbirth_months_second_child", "childbirth_prebirth_max_months",
  "childbirth_early_return_min_months", "child_age_limit_months", "father_wd_single",
  "father_wd_caesarean_or_premature", "father_wd_twins", "father_wd_caesarean_twins",
  "father_wd_per_extra_child", "father_wd_second_child", "father_window_days",
  "surrogate_min_days", "contraception_days_iud", "contraception_days_sterilisation",
  "maternity_min_months", "maternity_rest_min_months", "maternity_rest_total_months",
  "maternity_infertility_min_months", "list_decision_wd",
};

static gboolean
is_known_parameter (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_parameters); i++)
    if (g_str_equal (known_parameters[i], name))
      return TRUE;
  return FALSE;
}

char *
cd_rule_pack_default_dir (void)
{
  return cd_data_dir_build ("rules", CD_RULE_PACK_DEFAULT, NULL);
}

static void
param_values_free (gpointer data)
{
  GArray *values = data;

  for (guint i = 0; i < values->len; i++)
    g_free (g_array_index (values, ParamValue, i).citation);
  g_array_unref (values);
}

static gboolean
read_value_day (CdJsonSource  *src,
                JsonObject    *object,
                const char    *member,
                const char    *where,
                CdDay         *out,
                GError       **error)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);

  if (text == NULL || !cd_date_parse (text, out))
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, object, member), error,
                           "%s.%s: a date YYYY-MM-DD that exists is required", where, member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_value (CdJsonSource  *src,
            JsonObject    *object,
            const char    *where,
            CdRational    *out,
            GError       **error)
{
  JsonNode *node = json_object_get_member (object, "value");
  guint line = cd_json_source_member_line (src, object, "value");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0)
    {
      *out = cd_rational_int (json_node_get_int (node));
      return TRUE;
    }
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING
      && cd_rational_parse (json_node_get_string (node), out))
    return TRUE;
  cd_json_source_fail (src, line, error,
                       "%s.value: a non-negative integer or a fraction \"a/b\" is required "
                       "(money and rates are never decimals)", where);
  return FALSE;
}

static gboolean
load_parameter (CdRulePack    *self,
                CdJsonSource  *src,
                JsonObject    *params,
                const char    *name,
                GError       **error)
{
  JsonNode *node = json_object_get_member (params, name);
  g_autoptr(GArray) values = NULL;
  JsonArray *list;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, params, name), error,
                           "parameters.%s: a non-empty list of dated values is required", name);
      return FALSE;
    }
  list = json_node_get_array (node);
  values = g_array_new (FALSE, TRUE, sizeof (ParamValue));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      g_autofree char *where = g_strdup_printf ("parameters.%s[%u]", name, i);
      ParamValue value = { 0, G_MAXINT32, { 0, 1 }, NULL };
      JsonObject *object;
      const char *citation;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          cd_json_source_fail (src, cd_json_source_element_line (src, list, i), error,
                               "%s: an object {from, to, value, citation} is required", where);
          return FALSE;
        }
      object = json_node_get_object (element);
      if (!read_value_day (src, object, "from", where, &value.from, error))
        return FALSE;
      if (json_object_has_member (object, "to") && !json_object_get_null_member (object, "to")
          && !read_value_day (src, object, "to", where, &value.to, error))
        return FALSE;
      if (value.to < value.from)
        {
          cd_json_source_fail (src, cd_json_source_member_line (src, object, "to"), error,
                               "%s.to: before its from", where);
          return FALSE;
        }
      if (!read_value (src, object, where, &value.value, error))
        return FALSE;
      citation = json_object_get_string_member_with_default (object, "citation", NULL);
      if (citation == NULL || *citation == '\0')
        {
          cd_json_source_fail (src, cd_json_source_element_line (src, list, i), error,
                               "%s.citation: every value must cite its source", where);
          return FALSE;
        }
      /* Values must not overlap: one value in force per day, or a lookup would be a guess. */
      if (values->len > 0 && g_array_index (values, ParamValue, values->len - 1).to >= value.from)
        {
          cd_json_source_fail (src, cd_json_source_member_line (src, object, "from"), error,
                               "%s.from: overlaps the previous value (list them in date order "
                               "and close the earlier one with \"to\")", where);
          return FALSE;
        }
      value.citation = g_strdup (citation);
      g_array_append_val (values, value);
    }
  g_hash_table_insert (self->params, g_strdup (name), g_steal_pointer (&values));
  return TRUE;
}

static gboolean
load_parameters (CdRulePack  *self,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(CdJsonSource) src = cd_json_source_load (path, error);
  g_autoptr(GList) members = NULL;
  JsonObject *root, *params;
  const char *text;

  if (src == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (cd_json_source_get_root (src)))
    {
      cd_json_source_fail (src, 1, error, "the parameters file must be a JSON object");
      return FALSE;
    }
  root = json_node_get_object (cd_json_source_get_root (src));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL),
                 "claimdesk-rulepack-1") != 0)
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, root, "format"), error,
                           "format: expected “claimdesk-rulepack-1”");
      return FALSE;
    }
  text = json_object_get_string_member_with_default (root, "version", NULL);
  if (text == NULL || *text == '\0')
    {
      cd_json_source_fail (src, cd_json_source_member_line (src, root, "version"), error,
                           "version: the pack's version string is required");
      return FALSE;
    }
  self->version = g_strdup (text);
  if (!read_value_day (src, root, "review_by", "pack", &self->review_by, error))
    return FALSE;

  params = json_object_get_object_member (root, "parameters");
  if (params == NULL)
    {
      cd_json_source_fail (src, 1, error, "parameters: an object of named parameters is required");
      return FALSE;
    }
  members = json_object_get_members (params);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!is_known_parameter (l->data))
        {
          cd_json_source_fail (src, cd_json_source_member_line (src, params, l->data), error,
                               "parameters.%s: not a parameter this engine uses", (char *) l->data);
          return FALSE;
        }
      if (!load_parameter (self, src, params, l->data, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (known_parameters); i++)
    if (!g_hash_table_contains (self->params, known_parameters[i]))
      {
        cd_json_source_fail (src, cd_json_source_member_line (src, root, "parameters"), error,
                             "parameters.%s: missing", known_parameters[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
load_calendars (CdRulePack  *self,
                const char  *dir,
                GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  listing = g_dir_open (dir, 0, &local_error);
  if (listing == NULL)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "%s: %s", dir,
                   local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      CdCalendarYear *cal;
      guint64 file_year;
      g_autofree char *stem = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      cal = cd_calendar_year_load (path, error);
      if (cal == NULL)
        return FALSE;
      stem = g_strndup (name, strlen (name) - 5);
      if (!g_ascii_string_to_unsigned (stem, 10, 0, 9999, &file_year, NULL)
          || (int) file_year != cd_calendar_year_get_year (cal))
        {
          g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK,
                       "%s:1: a calendar file must be named after its year (%d.json)", path,
                       cd_calendar_year_get_year (cal));
          cd_calendar_year_free (cal);
          return FALSE;
        }
      g_hash_table_insert (self->calendars, GINT_TO_POINTER (cd_calendar_year_get_year (cal)), cal);
    }
  return TRUE;
}

CdRulePack *
cd_rule_pack_load (const char  *dir,
                   GError     **error)
{
  g_autoptr(CdRulePack) self = g_new0 (CdRulePack, 1);
  g_autofree char *params_path = NULL;
  g_autofree char *calendars_dir = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->dir = g_strdup (dir);
  self->effective = CD_DAY_NONE;
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, param_values_free);
  self->calendars = g_hash_table_new_full (NULL, NULL, NULL,
                                           (GDestroyNotify) cd_calendar_year_free);

  params_path = g_build_filename (dir, "parameters.json", NULL);
  if (!load_parameters (self, params_path, error))
    return NULL;
  calendars_dir = g_build_filename (dir, "calendars", NULL);
  if (!load_calendars (self, calendars_dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

CdRulePack *
cd_rule_pack_load_with_installed (const char  *dir,
                                  const char  *packs_dir,
                                  GError     **error)
{
  g_autoptr(CdRulePack) self = cd_rule_pack_load (dir, error);
  g_autofree char *default_packs = NULL;
  g_autoptr(GPtrArray) installed = NULL;

  if (self == NULL)
    return NULL;
  if (packs_dir == NULL)
    packs_dir = default_packs = cd_data_dir_rule_packs ();
  installed = cd_installed_packs_list (packs_dir);
  for (guint i = 0; i < installed->len; i++)
    {
      CdInstalledPack *info = g_ptr_array_index (installed, i);
      g_autoptr(GError) local_error = NULL;
      CdRulePack *update = cd_rule_pack_load (info->dir, &local_error);

      /* It passed its checks when installed; a folder damaged since must not stop every
       * evaluation, so the pack before it stays in use and the log says why. */
      if (update == NULL)
        {
          g_warning ("Installed rule pack %s is not used: %s", info->id, local_error->message);
          continue;
        }
      update->effective = info->effective;
      if (self->updates == NULL)
        self->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_rule_pack_unref);
      g_ptr_array_add (self->updates, update);
    }
  return g_steal_pointer (&self);
}

CdRulePack *
cd_rule_pack_for_day (CdRulePack *self,
                      CdDay       day)
{
  CdRulePack *chosen = self;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->updates == NULL || day == CD_DAY_NONE)
    return self;
  /* Sorted by effective date: the last one already in force wins. */
  for (guint i = 0; i < self->updates->len; i++)
    {
      CdRulePack *update = g_ptr_array_index (self->updates, i);
      if (update->effective <= day)
        chosen = update;
    }
  return chosen;
}

CdDay
cd_rule_pack_get_effective (CdRulePack *self)
{
  g_return_val_if_fail (self != NULL, CD_DAY_NONE);
  return self->effective;
}

typedef struct
{
  char     *dir;
  char     *packs_dir;
  gboolean  with_installed;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->dir);
  g_free (data->packs_dir);
  g_free (data);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  CdRulePack *pack = data->with_installed
                       ? cd_rule_pack_load_with_installed (data->dir, data->packs_dir, &error)
                       : cd_rule_pack_load (data->dir, &error);

  if (pack == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pack, (GDestroyNotify) cd_rule_pack_unref);
}

void
cd_rule_pack_load_async (const char          *dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_rule_pack_load_async);
  data = g_new0 (LoadData, 1);
  data->dir = g_strdup (dir);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

void
cd_rule_pack_load_with_installed_async (const char          *dir,
                                        const char          *packs_dir,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_rule_pack_load_async);
  data = g_new0 (LoadData, 1);
  data->dir = g_strdup (dir);
  data->packs_dir = g_strdup (packs_dir);
  data->with_installed = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

CdRulePack *
cd_rule_pack_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

CdRulePack *
cd_rule_pack_ref (CdRulePack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cd_rule_pack_unref (CdRulePack *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->dir);
  g_free (self->version);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->calendars, g_hash_table_unref);
  g_clear_pointer (&self->updates, g_ptr_array_unref);
  g_free (self);
}

const char *
cd_rule_pack_get_version (CdRulePack *self)
{
  return self->version;
}

CdDay
cd_rule_pack_get_review_by (CdRulePack *self)
{
  return self->review_by;
}

gboolean
cd_rule_pack_is_past_review (CdRulePack *self,
                             CdDay       today)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (today != CD_DAY_NONE, FALSE);
  return today > self->review_by;
}

GHashTable *
cd_rule_pack_get_calendars (CdRulePack *self)
{
  return self->calendars;
}

gboolean
cd_rule_pack_lookup_opt (CdRulePack  *self,
                         const char  *name,
                         CdDay        day,
                         CdRational  *out_value,
                         const char **out_citation)
{
  GArray *values;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  values = g_hash_table_lookup (self->params, name);
  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    {
      const ParamValue *value = &g_array_index (values, ParamValue, i);
      if (day >= value->from && day <= value->to)
        {
          *out_value = value->value;
          if (out_citation != NULL)
            *out_citation = value->citation;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
cd_rule_pack_lookup (CdRulePack  *self,
                     const char  *name,
                     CdDay        day,
                     CdRational  *out_value,
                     const char **out_citation,
                     GError     **error)
{
  char buf[11];

  if (cd_rule_pack_lookup_opt (self, name, day, out_value, out_citation))
    return TRUE;
  cd_date_format (day, buf);
  g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY,
               "no parameter %s is in force on %s in rule pack %s", name, buf, self->version);
  return FALSE;
}

gboolean
cd_rule_pack_lookup_last (CdRulePack  *self,
                          const char  *name,
                          CdDay        day,
                          CdRational  *out_value,
                          const char **out_citation,
                          CdDay       *out_ended)
{
  GArray *values;
  const ParamValue *last;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  values = g_hash_table_lookup (self->params, name);
  if (values == NULL || values->len == 0)
    return FALSE;
  last = &g_array_index (values, ParamValue, values->len - 1);
  if (last->to == G_MAXINT32 || day <= last->to)
    return FALSE;
  *out_value = last->value;
  if (out_citation != NULL)
    *out_citation = last->citation;
  if (out_ended != NULL)
    *out_ended = last->to + 1;
  return TRUE;
}
