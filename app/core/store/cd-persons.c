/* cd-persons.c — the people the office knows, found by their identifiers. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-database-private.h"
#include "cd-persons.h"

gboolean
cd_persons_find_by_personal_id (CdDatabase  *db,
                                const char  *personal_id,
                                gint64      *out_id,
                                GError     **error)
{
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (personal_id != NULL, FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  *out_id = 0;
  handle = cd_database_get_handle (db);
  rc = sqlite3_prepare_v2 (handle, "SELECT id FROM persons WHERE personal_id = ?1", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, personal_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *out_id = sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY,
                   _("Looking up the person with personal ID %s: %s"), personal_id,
                   sqlite3_errmsg (handle));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}
