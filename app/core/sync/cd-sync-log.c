/* cd-sync-log.c — the outbox, as the sync log lists it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-database.h"
#include "cd-sync-log.h"
#include "cd-sync-worker.h"

void
cd_sync_log_item_free (CdSyncLogItem *item)
{
  if (item == NULL)
    return;
  g_free (item->claim_number);
  g_free (item->state);
  g_free (item->last_error);
  g_free (item->receipt);
  g_free (item->updated_at);
  g_free (item);
}

gboolean
cd_sync_log_item_is_problem (const CdSyncLogItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);

  return g_str_equal (item->state, "refused") || g_str_equal (item->state, "quarantined")
         || (g_str_equal (item->state, "acknowledged") && item->last_error != NULL);
}

GPtrArray *
cd_sync_log_read (sqlite3   *db,
                  gboolean   problems_only,
                  guint      limit,
                  GError   **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (
      (GDestroyNotify) cd_sync_log_item_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT o.id, c.number, o.state, o.attempts, o.last_error,"
                           " o.central_receipt, o.updated_at"
                           " FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                           " JOIN claims c ON c.id = d.claim_id"
                           " WHERE ?1 = 0 OR o.state IN ('refused', 'quarantined')"
                           " OR (o.state = 'acknowledged' AND o.last_error IS NOT NULL)"
                           " ORDER BY o.updated_at DESC, o.id DESC LIMIT ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, problems_only ? 1 : 0);
      sqlite3_bind_int64 (stmt, 2, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CdSyncLogItem *item = g_new0 (CdSyncLogItem, 1);

          item->outbox_id = sqlite3_column_int64 (stmt, 0);
          item->claim_number = cd_database_column_dup (stmt, 1);
          item->state = cd_database_column_dup (stmt, 2);
          item->attempts = (guint) sqlite3_column_int (stmt, 3);
          item->last_error = cd_database_column_dup (stmt, 4);
          item->receipt = cd_database_column_dup (stmt, 5);
          item->updated_at = cd_database_column_dup (stmt, 6);
          g_ptr_array_add (items, item);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s"),
                   sqlite3_errmsg (db));
      return NULL;
    }
  return g_steal_pointer (&items);
}
