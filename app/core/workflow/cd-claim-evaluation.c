/* cd-claim-evaluation.c — records an evaluation of a claim. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "cd-claim-evaluation.h"
#include "cd-claim-types.h"

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Saving the evaluation: %s"), message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gint64
cd_claim_evaluation_default_officer (CdDatabase *db)
{
  sqlite3 *handle = cd_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (handle,
                          "SELECT id FROM users WHERE role = 'officer' AND active = 1 ORDER BY id LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

gint64
cd_claim_evaluation_save (CdDatabase  *db,
                          gint64       claim_id,
                          JsonNode    *facts,
                          JsonNode    *result,
                          gint64       officer_id,
                          GError     **error)
{
  sqlite3 *handle;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *facts_text = NULL;
  g_autofree char *result_text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  JsonObject *object;
  gboolean eligible;
  gint64 total;
  const char *rulepack;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (claim_id > 0, 0);
  g_return_val_if_fail (result != NULL && JSON_NODE_HOLDS_OBJECT (result), 0);

  handle = cd_database_get_handle (db);
  object = json_node_get_object (result);
  eligible = json_object_get_boolean_member_with_default (object, "eligible", FALSE);
  total = json_object_get_int_member_with_default (object, "total", 0);
  rulepack = json_object_get_string_member_with_default (object, "rulepack", "");
  facts_text = json_to_string (facts, FALSE);
  result_text = json_to_string (result, FALSE);

  if (!exec (handle, "BEGIN IMMEDIATE", error))
    return 0;
  rc = sqlite3_prepare_v2 (handle,
                           "INSERT INTO evaluations (claim_id, facts, result, rulepack, eligible, total,"
                           "                         evaluated_by, evaluated_at)"
                           "  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, claim_id);
      sqlite3_bind_text (stmt, 2, facts_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, result_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, rulepack, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, eligible ? 1 : 0);
      sqlite3_bind_int64 (stmt, 6, total);
      if (officer_id > 0)
        sqlite3_bind_int64 (stmt, 7, officer_id);
      else
        sqlite3_bind_null (stmt, 7);
      sqlite3_bind_text (stmt, 8, stamp, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      id = sqlite3_last_insert_rowid (handle);
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_prepare_v2 (handle,
                             "UPDATE claims SET status = ?1, amount = ?2, updated_at = ?3 WHERE id = ?4",
                             -1, &stmt, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, CD_CLAIM_STATUS_EVALUATED);
      sqlite3_bind_int64 (stmt, 2, total);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, claim_id);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc == SQLITE_DONE && sqlite3_changes (handle) != 1)
        rc = SQLITE_NOTFOUND;
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Saving the evaluation: %s"),
                   sqlite3_errmsg (handle));
      exec (handle, "ROLLBACK", NULL);
      return 0;
    }
  if (!exec (handle, "COMMIT", error))
    {
      exec (handle, "ROLLBACK", NULL);
      return 0;
    }
  return id;
}
