/* cd-office-settings.c — the office's rules in the store, changed by an administrator, audited. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cd-audit-log.h"
#include "cd-office-settings.h"
#include "cd-settings.h"

G_DEFINE_QUARK (cd-office-settings-error-quark, cd_office_settings_error)

void
cd_office_settings_clear (CdOfficeSettings *settings)
{
  g_clear_pointer (&settings->office_code, g_free);
}

gint64
cd_office_settings_get_approval_threshold (CdDatabase *db)
{
  gint64 value;

  g_return_val_if_fail (CD_IS_DATABASE (db), CD_DEFAULT_APPROVAL_THRESHOLD);

  value = cd_settings_get_int64 (db, CD_SETTING_APPROVAL_THRESHOLD, CD_DEFAULT_APPROVAL_THRESHOLD,
                                 NULL);
  return value >= 0 ? value : CD_DEFAULT_APPROVAL_THRESHOLD;
}

guint
cd_office_settings_get_idle_lock_minutes (CdDatabase *db)
{
  gint64 value;

  g_return_val_if_fail (CD_IS_DATABASE (db), CD_DEFAULT_IDLE_LOCK_MINUTES);

  value = cd_settings_get_int64 (db, CD_SETTING_IDLE_LOCK_MINUTES, CD_DEFAULT_IDLE_LOCK_MINUTES,
                                 NULL);
  if (value < 0)
    return CD_DEFAULT_IDLE_LOCK_MINUTES;
  return (guint) MIN (value, CD_OFFICE_MAX_IDLE_LOCK_MINUTES);
}

char *
cd_office_settings_dup_office_code (CdDatabase  *db,
                                    GError     **error)
{
  g_autofree char *code = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  code = cd_settings_dup_text (db, CD_SETTING_OFFICE_CODE, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* No office has an empty code: cleared, the setting is unset. */
  if (code == NULL || *g_strstrip (code) == '\0')
    return g_strdup (CD_DEFAULT_OFFICE_CODE);
  return g_steal_pointer (&code);
}

gboolean
cd_office_settings_read (CdDatabase        *db,
                         CdOfficeSettings  *out,
                         GError           **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  out->office_code = cd_office_settings_dup_office_code (db, NULL);
  out->idle_lock_minutes = cd_office_settings_get_idle_lock_minutes (db);
  out->approval_threshold = cd_office_settings_get_approval_threshold (db);
  return TRUE;
}

static JsonNode *
to_json (const CdOfficeSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "office_code");
  json_builder_add_string_value (builder, settings->office_code);
  json_builder_set_member_name (builder, "idle_lock_minutes");
  json_builder_add_int_value (builder, settings->idle_lock_minutes);
  json_builder_set_member_name (builder, "approval_threshold");
  json_builder_add_int_value (builder, settings->approval_threshold);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
save_failed (GError       **error,
             const GError  *cause)
{
  g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_FAILED,
               _("The office settings could not be saved: %s"), cause->message);
  return FALSE;
}

gboolean
cd_office_settings_write (CdDatabase              *database,
                          CdSession               *admin,
                          const CdOfficeSettings  *settings,
                          GError                 **error)
{
  CdOfficeSettings before = { 0 };
  g_autoptr(JsonNode) before_json = NULL;
  g_autoptr(JsonNode) after_json = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) local_error = NULL;
  CdAuditEntry entry = { 0 };

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (settings != NULL && settings->office_code != NULL, FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("change the office rules"),
                                error))
    return FALSE;
  if (settings->idle_lock_minutes > CD_OFFICE_MAX_IDLE_LOCK_MINUTES)
    {
      g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_INVALID,
                   _("The idle time before locking must be at most %d minutes, not %u."),
                   CD_OFFICE_MAX_IDLE_LOCK_MINUTES, settings->idle_lock_minutes);
      return FALSE;
    }
  if (settings->approval_threshold < 0)
    {
      g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_INVALID,
                   _("The two-supervisor threshold cannot be negative."));
      return FALSE;
    }

  code = g_strstrip (g_strdup (settings->office_code));

  if (!cd_database_begin_immediate (database, &local_error))
    return save_failed (error, local_error);
  cd_office_settings_read (database, &before, NULL);
  if (g_strcmp0 (before.office_code, code) == 0
      && before.idle_lock_minutes == settings->idle_lock_minutes
      && before.approval_threshold == settings->approval_threshold)
    {
      cd_office_settings_clear (&before);
      cd_database_rollback (database);
      return TRUE;
    }
  before_json = to_json (&before);
  cd_office_settings_clear (&before);
  {
    CdOfficeSettings after = { code, settings->idle_lock_minutes, settings->approval_threshold };

    after_json = to_json (&after);
  }
  before_text = json_to_string (before_json, FALSE);
  after_text = json_to_string (after_json, FALSE);

  entry.user_id = cd_session_get_user_id (admin);
  entry.action = "settings.change";
  entry.entity = "settings";
  entry.before = before_text;
  entry.after = after_text;
  if (!cd_settings_set_text (database, CD_SETTING_OFFICE_CODE, code, &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_IDLE_LOCK_MINUTES,
                                 settings->idle_lock_minutes, &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_APPROVAL_THRESHOLD,
                                 settings->approval_threshold, &local_error))
    {
      cd_database_rollback (database);
      return save_failed (error, local_error);
    }
  if (!cd_audit_log_append (database, &entry, error))
    {
      cd_database_rollback (database);
      return FALSE;
    }
  if (!cd_database_commit (database, &local_error))
    {
      cd_database_rollback (database);
      return save_failed (error, local_error);
    }
  return TRUE;
}

/* --- Paper rules ------------------------------------------------------------------------------ */

static guint
read_days (CdDatabase *db,
           const char *key,
           guint       default_value)
{
  gint64 value = cd_settings_get_int64 (db, key, default_value, NULL);

  if (value < 0)
    return default_value;
  return (guint) MIN (value, CD_OFFICE_MAX_DAYS);
}

void
cd_office_settings_read_paper_rules (CdDatabase   *db,
                                     CdPaperRules *out)
{
  g_autofree char *approval = NULL;
  gint64 threshold;

  g_return_if_fail (CD_IS_DATABASE (db));
  g_return_if_fail (out != NULL);

  /* Anything but the word "allow" refuses: a value nobody could save reads as the safe one. */
  approval = cd_settings_dup_text (db, CD_SETTING_PAPER_APPROVAL, NULL, NULL);
  out->allow_unverified = approval != NULL ? g_str_equal (approval, "allow")
                                           : CD_DEFAULT_PAPER_ALLOW_UNVERIFIED;
  threshold = cd_settings_get_int64 (db, CD_SETTING_PAPER_THRESHOLD, CD_DEFAULT_PAPER_THRESHOLD,
                                     NULL);
  out->second_threshold = threshold >= 0 ? threshold : CD_DEFAULT_PAPER_THRESHOLD;
  out->payout_alive_days = read_days (db, CD_SETTING_PAYOUT_ALIVE_DAYS,
                                      CD_DEFAULT_PAYOUT_ALIVE_DAYS);
  out->stale_days = read_days (db, CD_SETTING_EVIDENCE_STALE_DAYS, CD_DEFAULT_EVIDENCE_STALE_DAYS);
}

static char *
paper_rules_to_json (const CdPaperRules *rules)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "paper_unverified_approval");
  json_builder_add_string_value (builder, rules->allow_unverified ? "allow" : "refuse");
  json_builder_set_member_name (builder, "paper_second_supervisor_threshold");
  json_builder_add_int_value (builder, rules->second_threshold);
  json_builder_set_member_name (builder, "payout_alive_max_age_days");
  json_builder_add_int_value (builder, rules->payout_alive_days);
  json_builder_set_member_name (builder, "evidence_stale_days");
  json_builder_add_int_value (builder, rules->stale_days);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
cd_office_settings_write_paper_rules (CdDatabase          *database,
                                      CdSession           *admin,
                                      const CdPaperRules  *rules,
                                      GError             **error)
{
  CdPaperRules before = { 0 };
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autoptr(GError) local_error = NULL;
  CdAuditEntry entry = { 0 };

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("change the office rules"),
                                error))
    return FALSE;
  if (rules->second_threshold < 0)
    {
      g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_INVALID,
                   _("The second-supervisor threshold for paper evidence cannot be negative."));
      return FALSE;
    }
  if (rules->payout_alive_days > CD_OFFICE_MAX_DAYS || rules->stale_days > CD_OFFICE_MAX_DAYS)
    {
      g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_INVALID,
                   _("A number of days must be at most %d, not %u."), CD_OFFICE_MAX_DAYS,
                   MAX (rules->payout_alive_days, rules->stale_days));
      return FALSE;
    }

  if (!cd_database_begin_immediate (database, &local_error))
    return save_failed (error, local_error);
  cd_office_settings_read_paper_rules (database, &before);
  if (before.allow_unverified == rules->allow_unverified
      && before.second_threshold == rules->second_threshold
      && before.payout_alive_days == rules->payout_alive_days
      && before.stale_days == rules->stale_days)
    {
      cd_database_rollback (database);
      return TRUE;
    }
  before_text = paper_rules_to_json (&before);
  after_text = paper_rules_to_json (rules);
  entry.user_id = cd_session_get_user_id (admin);
  entry.action = "settings.change";
  entry.entity = "settings";
  entry.before = before_text;
  entry.after = after_text;
  if (!cd_settings_set_text (database, CD_SETTING_PAPER_APPROVAL,
                             rules->allow_unverified ? "allow" : "refuse", &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_PAPER_THRESHOLD, rules->second_threshold,
                                 &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_PAYOUT_ALIVE_DAYS, rules->payout_alive_days,
                                 &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_EVIDENCE_STALE_DAYS, rules->stale_days,
                                 &local_error))
    {
      cd_database_rollback (database);
      return save_failed (error, local_error);
    }
  if (!cd_audit_log_append (database, &entry, error))
    {
      cd_database_rollback (database);
      return FALSE;
    }
  if (!cd_database_commit (database, &local_error))
    {
      cd_database_rollback (database);
      return save_failed (error, local_error);
    }
  return TRUE;
}
