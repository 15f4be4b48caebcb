/* cd-claim-store.c — the claims repository: async reads and writes over the workstation database.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-claim-store.h"
#include "cd-clock.h"
#include "cd-search.h"

struct _CdClaimStore
{
  GObject     parent_instance;
  CdDatabase *writer;
  CdDatabase *reader;
  GMutex      write_lock;  /* one transaction at a time on the writer connection */
};

G_DEFINE_FINAL_TYPE (CdClaimStore, cd_claim_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-store-error-quark, cd_store_error)

CdClaimStore *
cd_claim_store_new (CdDatabase  *writer,
                    GError     **error)
{
  g_autoptr(CdClaimStore) self = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (writer), NULL);

  self = g_object_new (CD_TYPE_CLAIM_STORE, NULL);
  self->writer = g_object_ref (writer);
  self->reader = cd_database_open_reader (cd_database_get_path (writer), error);
  if (self->reader == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

CdDatabase *
cd_claim_store_get_database (CdClaimStore *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_STORE (self), NULL);
  return self->writer;
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
      = cd_search_run (cd_database_get_handle (self->reader), data->query, data->limit, &error);

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

/* ---- writing ----------------------------------------------------------------------------------
 */

typedef struct
{
  gint64        claim_id;
  CdClaimStatus status;
  char         *note;
} StatusData;

static void
status_data_free (StatusData *data)
{
  g_free (data->note);
  g_free (data);
}

static void
set_status_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CdClaimStore *self = source_object;
  StatusData *data = task_data;
  sqlite3 *db = cd_database_get_handle (self->writer);
  const char *path = cd_database_get_path (self->writer);
  sqlite3_stmt *stmt = NULL;
  GError *error = NULL;
  int rc, changed = 0;

  /* One transaction: on a full disk or a read-only file the claim keeps its old status. */
  g_mutex_lock (&self->write_lock);
  if (!cd_database_exec (self->writer, "BEGIN IMMEDIATE;", &error))
    {
      g_mutex_unlock (&self->write_lock);
      g_task_return_error (task, error);
      return;
    }
  rc = sqlite3_prepare_v2 (db, "UPDATE claims SET status = ?2, status_note = ?3,"
                               " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, data->claim_id);
      sqlite3_bind_int (stmt, 2, data->status);
      if (data->note != NULL)
        sqlite3_bind_text (stmt, 3, data->note, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      changed = sqlite3_changes (db);
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE && changed == 0)
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      g_mutex_unlock (&self->write_lock);
      g_task_return_new_error (task, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                               _("There is no claim with id %lld."), (long long) data->claim_id);
      return;
    }
  if (rc != SQLITE_DONE)
    {
      cd_database_set_sqlite_error (&error, db, rc, path);
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      g_mutex_unlock (&self->write_lock);
      g_task_return_error (task, error);
      return;
    }
  if (!cd_database_exec (self->writer, "COMMIT;", &error))
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      g_mutex_unlock (&self->write_lock);
      g_task_return_error (task, error);
      return;
    }
  g_mutex_unlock (&self->write_lock);
  g_task_return_boolean (task, TRUE);
}

void
cd_claim_store_set_status_async (CdClaimStore        *self,
                                 gint64               claim_id,
                                 CdClaimStatus        status,
                                 const char          *note,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StatusData *data;

  g_return_if_fail (CD_IS_CLAIM_STORE (self));
  g_return_if_fail ((guint) status < CD_N_CLAIM_STATUSES);

  data = g_new0 (StatusData, 1);
  data->claim_id = claim_id;
  data->status = status;
  data->note = g_strdup (note);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_store_set_status_async);
  g_task_set_task_data (task, data, (GDestroyNotify) status_data_free);
  /* Writes go one at a time through the single writer connection, in order. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, set_status_thread);
}

gboolean
cd_claim_store_set_status_finish (CdClaimStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- a new claim ------------------------------------------------------------------------------
 */

typedef struct
{
  char     *number;
  CdBenefit benefit;
  char     *claimant_id;
  char     *child_id;
  char     *period_from;
  char     *period_to;
  char     *event_date;
  gint64    officer_id;
  guint32   received_on;
} DraftData;

static void
draft_data_free (DraftData *d)
{
  g_free (d->number);
  g_free (d->claimant_id);
  g_free (d->child_id);
  g_free (d->period_from);
  g_free (d->period_to);
  g_free (d->event_date);
  g_free (d);
}

static void
create_claim_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CdClaimStore *self = source_object;
  DraftData *d = task_data;
  sqlite3 *db = cd_database_get_handle (self->writer);
  sqlite3_stmt *stmt = NULL;
  GError *error = NULL;
  gint64 id = 0;
  int rc;

  g_mutex_lock (&self->write_lock);
  if (!cd_database_exec (self->writer, "BEGIN IMMEDIATE;", &error))
    {
      g_mutex_unlock (&self->write_lock);
      g_task_return_error (task, error);
      return;
    }

  /* The claimant, the child and the officer are looked up inside the insert: one statement, so an
   * unknown one inserts nothing. */
  rc = sqlite3_prepare_v2 (
      db,
      "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, child_id,"
      " spouse_id, employer_id, office_id, officer_id, period_from, period_to, event_date,"
      " received_on, created_at,"
      " updated_at)"
      " SELECT ?1, ?2, 0, p.id, p.name_folded, (SELECT id FROM persons WHERE personal_id = ?3),"
      "  (SELECT relative_id FROM family_links"
      "   WHERE person_id = p.id AND relation = 'spouse' LIMIT 1),"
      "  p.employer_id, u.office_id, u.id, ?5, ?6, ?7, ?8, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
      "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
      " FROM persons AS p, users AS u WHERE p.personal_id = ?4 AND u.id = ?9"
      "  AND (?3 IS NULL OR EXISTS (SELECT 1 FROM persons WHERE personal_id = ?3))",
      -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, d->number, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, d->benefit);
      if (d->child_id != NULL)
        sqlite3_bind_text (stmt, 3, d->child_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, d->claimant_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, d->period_from, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, d->period_to, -1, SQLITE_STATIC);
      if (d->event_date != NULL)
        sqlite3_bind_text (stmt, 7, d->event_date, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, d->received_on);
      sqlite3_bind_int64 (stmt, 9, d->officer_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE && sqlite3_changes (db) == 1)
        id = sqlite3_last_insert_rowid (db);
    }
  if (rc != SQLITE_DONE)
    cd_database_set_sqlite_error (&error, db, rc, cd_database_get_path (self->writer));
  sqlite3_finalize (stmt);

  if (error == NULL && id == 0 && d->child_id != NULL)
    g_set_error (&error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                 _("Cannot open claim %s: there is no person %s or %s, or no user %lld."),
                 d->number, d->claimant_id, d->child_id, (long long)d->officer_id);
  else if (error == NULL && id == 0)
    g_set_error (&error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                 _("Cannot open claim %s: there is no person %s, or no user %lld."), d->number,
                 d->claimant_id, (long long) d->officer_id);
  if (error == NULL)
    cd_database_exec (self->writer, "COMMIT;", &error);
  if (error != NULL)
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      g_mutex_unlock (&self->write_lock);
      g_task_return_error (task, error);
      return;
    }
  g_mutex_unlock (&self->write_lock);
  g_task_return_int (task, id);
}

void
cd_claim_store_create_claim_async (CdClaimStore        *self,
                                   const CdClaimDraft  *draft,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DraftData *d;

  g_return_if_fail (CD_IS_CLAIM_STORE (self));
  g_return_if_fail (draft != NULL && draft->number != NULL && draft->claimant_id != NULL);
  g_return_if_fail ((guint) draft->benefit < CD_N_BENEFITS);

  d = g_new0 (DraftData, 1);
  d->number = g_strdup (draft->number);
  d->benefit = draft->benefit;
  d->claimant_id = g_strdup (draft->claimant_id);
  d->child_id = g_strdup (draft->child_id);
  d->period_from = g_strdup (draft->period_from);
  d->period_to = g_strdup (draft->period_to);
  d->event_date = g_strdup (draft->event_date);
  d->officer_id = draft->officer_id;
  d->received_on = draft->received_on;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_store_create_claim_async);
  g_task_set_task_data (task, d, (GDestroyNotify) draft_data_free);
  g_task_run_in_thread (task, create_claim_thread);
}

gint64
cd_claim_store_create_claim_finish (CdClaimStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? (gint64) id : 0;
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
  cd_claim_list_model_new_async (cd_database_get_path (self->writer), filter, sort, descending,
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
  g_clear_object (&self->writer);
  g_mutex_clear (&self->write_lock);

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
  g_mutex_init (&self->write_lock);
}
