/* cd-claim-store.c — reading the claims table for those who do not own it. */
#include "config.h"

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
