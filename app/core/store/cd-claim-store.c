/* cd-claim-store.c — reading the claims table for those who do not own it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-claim-store.h"
#include "cd-database-private.h"

gboolean
cd_claim_store_count (CdDatabase  *db,
                      guint        status_mask,
                      gint64       officer_id,
                      gint64      *count,
                      GError     **error)
{
  sqlite3 *handle = cd_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* claim_counts keeps a count per (status, benefit, officer): no claim row is read. A bit per
   * status in the mask: status_mask 0 counts every status. */
  rc = sqlite3_prepare_v2 (handle,
                           "SELECT coalesce(sum(n), 0) FROM claim_counts"
                           " WHERE (?1 = 0 OR (?1 >> status) & 1)"
                           "   AND (?2 < 0 OR officer_id = ?2)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, status_mask);
      sqlite3_bind_int64 (stmt, 2, officer_id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        *count = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      cd_database_set_sqlite_error (error, handle, rc, cd_database_get_path (db));
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_claim_store_find_by_number (CdDatabase  *db,
                               const char  *number,
                               gint64      *out_id,
                               char       **out_claimant_personal_id,
                               GError     **error)
{
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  *out_id = 0;
  if (out_claimant_personal_id != NULL)
    *out_claimant_personal_id = NULL;
  handle = cd_database_get_handle (db);
  rc = sqlite3_prepare_v2 (handle,
                           "SELECT c.id, p.personal_id FROM claims c"
                           " JOIN persons p ON p.id = c.claimant_id WHERE c.number = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_id = sqlite3_column_int64 (stmt, 0);
          if (out_claimant_personal_id != NULL)
            *out_claimant_personal_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY,
                   _("Looking up claim %s: %s"), number, sqlite3_errmsg (handle));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}
