/* cd-office-settings.c — the office's rules in the store, changed by an administrator, audited. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cd-audit-log.h"
#include "cd-office-settings.h"
#include "cd-workflow.h"

G_DEFINE_QUARK (cd-office-settings-error-quark, cd_office_settings_error)

void
cd_office_settings_clear (CdOfficeSettings *settings)
{
  g_clear_pointer (&settings->office_code, g_free);
}

static char *
read_text (sqlite3    *db,
           const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = ?", -1, &stmt, NULL)
      == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return value;
}

static gint64
read_int (sqlite3    *db,
          const char *key,
          gint64      fallback)
{
  g_autofree char *text = read_text (db, key);
  gint64 value;

  if (text != NULL && g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
    return value;
  return fallback;
}

gboolean
cd_office_settings_read (CdDatabase        *database,
                         CdOfficeSettings  *out,
                         GError           **error)
{
  sqlite3 *db;
  char *code;

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  db = cd_database_get_handle (database);
  code = read_text (db, "office.code");
  out->office_code = code != NULL ? code : g_strdup ("");
  out->idle_lock_minutes = (guint) CLAMP (read_int (db, "idle_lock_minutes",
                                                    CD_DEFAULT_IDLE_LOCK_MINUTES),
                                          0, CD_OFFICE_MAX_IDLE_LOCK_MINUTES);
  out->approval_threshold = read_int (db, "approval_threshold", CD_DEFAULT_APPROVAL_THRESHOLD);
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
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_FAILED,
               _("The office settings could not be saved: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
put (sqlite3     *db,
     const char  *key,
     const char  *value,
     GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "INSERT INTO settings (key, value) VALUES (?, ?)"
                                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, CD_OFFICE_SETTINGS_ERROR, CD_OFFICE_SETTINGS_ERROR_FAILED,
               _("The office settings could not be saved: %s"), sqlite3_errmsg (db));
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
  g_autofree char *idle = NULL;
  g_autofree char *threshold = NULL;
  g_autofree char *code = NULL;
  CdAuditEntry entry = { 0 };
  sqlite3 *db;

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

  db = cd_database_get_handle (database);
  code = g_strstrip (g_strdup (settings->office_code));
  idle = g_strdup_printf ("%u", settings->idle_lock_minutes);
  threshold = g_strdup_printf ("%" G_GINT64_FORMAT, settings->approval_threshold);

  if (!exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  cd_office_settings_read (database, &before, NULL);
  if (g_strcmp0 (before.office_code, code) == 0
      && before.idle_lock_minutes == settings->idle_lock_minutes
      && before.approval_threshold == settings->approval_threshold)
    {
      cd_office_settings_clear (&before);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
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
  if (!put (db, "office.code", code, error)
      || !put (db, "idle_lock_minutes", idle, error)
      || !put (db, "approval_threshold", threshold, error)
      || !cd_audit_log_append (db, &entry, error)
      || !exec (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}
