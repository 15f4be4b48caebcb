/* cd-claim-store.c — the claims repository: async reads over the workstation database. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-claim-store.h"
#include "cd-clock.h"
#include "cd-database-private.h"
#include "cd-search.h"

struct _CdClaimStore
{
  GObject     parent_instance;
  CdDatabase *reader;
};

G_DEFINE_FINAL_TYPE (CdClaimStore, cd_claim_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-store-error-quark, cd_store_error)

CdClaimStore *
cd_claim_store_new (const char  *db_path,
                    GError     **error)
{
  g_autoptr(CdClaimStore) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (CD_TYPE_CLAIM_STORE, NULL);
  self->reader = cd_database_open_reader (db_path, error);
  if (self->reader == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
cd_claim_store_get_path (CdClaimStore *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_STORE (self), NULL);
  return cd_database_get_path (self->reader);
}

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

/* ---- search -----------------------------------------------------------------------------------
 */

typedef struct
{
  char  *query;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CdClaimStore *self = source_object;
  SearchData *data = task_data;
  GError *error = NULL;
  GPtrArray *results
      = cd_search_run (self->reader, data->query, data->limit, &error);

  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_claim_store_search_async (CdClaimStore        *self,
                             const char          *query,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  g_return_if_fail (CD_IS_CLAIM_STORE (self));
  g_return_if_fail (query != NULL);

  data = g_new0 (SearchData, 1);
  data->query = g_strdup (query);
  data->limit = limit;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_store_search_async);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
cd_claim_store_search_finish (CdClaimStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- one claim --------------------------------------------------------------------------------
 */

static void
get_claim_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CdClaimStore *self = source_object;
  const char *number = task_data;
  sqlite3 *db = cd_database_get_handle (self->reader);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (
      db,
      "SELECT c.id, c.number, p.full_name, c.benefit, c.period_from, c.period_to,"
      " c.amount, c.status, u.full_name, c.received_on FROM claims AS c"
      " JOIN persons AS p ON p.id = c.claimant_id"
      " JOIN users AS u ON u.id = c.officer_id WHERE c.number = ?1",
      -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      CdClaimRow *row = cd_claim_row_new ();
      CdClaimRowData data = {
        sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2), (CdBenefit) sqlite3_column_int (stmt, 3),
        (const char *) sqlite3_column_text (stmt, 4), (const char *) sqlite3_column_text (stmt, 5),
        sqlite3_column_int64 (stmt, 6), (CdClaimStatus) sqlite3_column_int (stmt, 7),
        (const char *) sqlite3_column_text (stmt, 8), (guint32) sqlite3_column_int64 (stmt, 9),
      };
      cd_claim_row_set_data (row, &data, cd_clock_get_today (cd_clock_get_default ()));
      g_task_return_pointer (task, row, g_object_unref);
    }
  else if (rc == SQLITE_DONE)
    g_task_return_new_error (task, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                             _("There is no claim numbered %s."), number);
  else
    {
      GError *error = NULL;
      cd_database_set_sqlite_error (&error, db, rc, cd_database_get_path (self->reader));
      g_task_return_error (task, error);
    }
  sqlite3_finalize (stmt);
}

void
cd_claim_store_get_claim_async (CdClaimStore        *self,
                                const char          *number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_CLAIM_STORE (self));
  g_return_if_fail (number != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_store_get_claim_async);
  g_task_set_task_data (task, g_strdup (number), g_free);
  g_task_run_in_thread (task, get_claim_thread);
}

CdClaimRow *
cd_claim_store_get_claim_finish (CdClaimStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the list ---------------------------------------------------------------------------------
 */

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CdClaimListModel *model = cd_claim_list_model_new_finish (result, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
cd_claim_store_list_async (CdClaimStore        *self,
                           const CdClaimFilter *filter,
                           CdClaimSort          sort,
                           gboolean             descending,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CD_IS_CLAIM_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_store_list_async);
  cd_claim_list_model_new_async (cd_database_get_path (self->reader), filter, sort, descending,
                                 cancellable, list_done, task);
}

CdClaimListModel *
cd_claim_store_list_finish (CdClaimStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cd_claim_store_finalize (GObject *object)
{
  CdClaimStore *self = CD_CLAIM_STORE (object);

  g_clear_object (&self->reader);

  G_OBJECT_CLASS (cd_claim_store_parent_class)->finalize (object);
}

static void
cd_claim_store_class_init (CdClaimStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_claim_store_finalize;
}

static void
cd_claim_store_init (CdClaimStore *self)
{
}
