/* cd-settings.c — the `settings` table, read and written by key. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-settings.h"
#include "cd-statement.h"

/* The value, or NULL (and no error) when the key is not set. */
static char *
read_value (CdDatabase  *db,
            const char  *key,
            GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  char *value = NULL;

  stmt = cd_database_prepare_cached (db, "SELECT value FROM settings WHERE key = ?1",
                                     &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, key);
      if (cd_statement_step (stmt, &local_error) == CD_STEP_ROW)
        value = cd_statement_dup_text (stmt, 0);
    }
  if (local_error != NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("The setting “%s”: "), key);
  return value;
}

char *
cd_settings_dup_text (CdDatabase  *db,
                      const char  *key,
                      const char  *default_value,
                      GError     **error)
{
  char *value;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = read_value (db, key, error);
  return value != NULL ? value : g_strdup (default_value);
}

gint64
cd_settings_get_int64 (CdDatabase  *db,
                       const char  *key,
                       gint64       default_value,
                       GError     **error)
{
  g_autofree char *text = NULL;
  gint64 value;

  g_return_val_if_fail (CD_IS_DATABASE (db), default_value);
  g_return_val_if_fail (key != NULL, default_value);

  text = read_value (db, key, error);
  if (text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return value;
  return default_value;
}

gboolean
cd_settings_set_text (CdDatabase  *db,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  stmt = cd_database_prepare_cached (db,
                                     "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                     &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, key);
      cd_statement_bind_text (stmt, 2, value);
      if (cd_statement_run (stmt, &local_error))
        return TRUE;
    }
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("The setting “%s”: "), key);
  return FALSE;
}

gboolean
cd_settings_set_int64 (CdDatabase  *db,
                       const char  *key,
                       gint64       value,
                       GError     **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return cd_settings_set_text (db, key, text, error);
}

gboolean
cd_settings_unset (CdDatabase  *db,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = cd_database_prepare_cached (db, "DELETE FROM settings WHERE key = ?1", &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, key);
      if (cd_statement_run (stmt, &local_error))
        return TRUE;
    }
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("The setting “%s”: "), key);
  return FALSE;
}
