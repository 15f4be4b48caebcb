/* cd-statement.c — one SQL statement on a CdDatabase, and the per-connection statement cache. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-database-private.h"
#include "cd-statement.h"

struct _CdStatement
{
  CdDatabase   *db;         /* a reference while the statement is held */
  sqlite3_stmt *stmt;
  int           bind_rc;    /* the first failed bind since the bindings were last cleared */
  int           bind_index;
  guint         cached : 1;
  guint         in_use : 1; /* cached only: a caller holds it */
};

struct _CdStatementCache
{
  GMutex      lock;
  GHashTable *statements;   /* SQL text → CdStatement */
};

/* Only for statements that never reached a caller (the cache's own, at the end). */
static void
statement_destroy (gpointer data)
{
  CdStatement *self = data;

  sqlite3_finalize (self->stmt);
  g_free (self);
}

CdStatementCache *
cd_statement_cache_new (void)
{
  CdStatementCache *cache = g_new0 (CdStatementCache, 1);

  g_mutex_init (&cache->lock);
  cache->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_destroy);
  return cache;
}

void
cd_statement_cache_free (CdStatementCache *cache)
{
  GHashTableIter iter;
  gpointer value;

  if (cache == NULL)
    return;
  /* Every cached statement holds a reference to its database while a caller has it, so none can
   * be in use once the database is being finalized. */
  g_hash_table_iter_init (&iter, cache->statements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert (!((CdStatement *) value)->in_use);
  g_hash_table_unref (cache->statements);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/* SQLite's words with the file, and for the failures that are not the officer's to fix (a
 * mistake in the SQL, a missing table) the statement too: what a maintainer needs first. */
static void
set_error (GError       **error,
           CdDatabase    *db,
           int            rc,
           const char    *sql)
{
  g_autoptr(GError) local_error = NULL;

  cd_database_set_sqlite_error (&local_error, cd_database_get_handle (db), rc,
                                cd_database_get_path (db));
  if (g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY) && sql != NULL)
    {
      g_autofree char *shown = g_utf8_substring (sql, 0, MIN (g_utf8_strlen (sql, -1), 80));

      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY, "%s (in “%s%s”)",
                   local_error->message, shown, g_utf8_strlen (sql, -1) > 80 ? "…" : "");
      return;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
}

static CdStatement *
prepare (CdDatabase   *db,
         const char   *sql,
         gboolean      persistent,
         GError      **error)
{
  sqlite3 *handle = cd_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  CdStatement *self;
  int rc;

  rc = sqlite3_prepare_v3 (handle, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt,
                           NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, db, rc, sql);
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (stmt == NULL)
    {
      /* Only whitespace or a comment: nothing SQLite could run. */
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY,
                   "%s: no statement in “%s”", cd_database_get_path (db), sql);
      return NULL;
    }
  self = g_new0 (CdStatement, 1);
  self->stmt = stmt;
  return self;
}

CdStatement *
cd_database_prepare (CdDatabase  *db,
                     const char  *sql,
                     GError     **error)
{
  CdStatement *self;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  self = prepare (db, sql, FALSE, error);
  if (self != NULL)
    self->db = g_object_ref (db);
  return self;
}

CdStatement *
cd_database_prepare_cached (CdDatabase  *db,
                            const char  *sql,
                            GError     **error)
{
  CdStatementCache *cache;
  CdStatement *self;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  cache = cd_database_get_statement_cache (db);
  g_mutex_lock (&cache->lock);
  self = g_hash_table_lookup (cache->statements, sql);
  if (self != NULL && self->in_use)
    {
      /* Held by a caller further up (a loop over its rows, say): this one gets its own. */
      g_mutex_unlock (&cache->lock);
      return cd_database_prepare (db, sql, error);
    }
  if (self == NULL)
    {
      self = prepare (db, sql, TRUE, error);
      if (self == NULL)
        {
          g_mutex_unlock (&cache->lock);
          return NULL;
        }
      self->cached = TRUE;
      g_hash_table_insert (cache->statements, g_strdup (sql), self);
    }
  self->in_use = TRUE;
  self->db = g_object_ref (db);
  g_mutex_unlock (&cache->lock);
  return self;
}

void
cd_statement_free (CdStatement *self)
{
  CdDatabase *db;

  if (self == NULL)
    return;
  db = g_steal_pointer (&self->db);
  if (self->cached)
    {
      CdStatementCache *cache = cd_database_get_statement_cache (db);

      /* Reset now, not at the next use: a statement left mid-read holds a read transaction. */
      sqlite3_reset (self->stmt);
      sqlite3_clear_bindings (self->stmt);
      self->bind_rc = SQLITE_OK;
      g_mutex_lock (&cache->lock);
      self->in_use = FALSE;
      g_mutex_unlock (&cache->lock);
    }
  else
    {
      sqlite3_finalize (self->stmt);
      g_free (self);
    }
  /* Last: the database may go with this reference, and its cache with it. */
  g_object_unref (db);
}

/* --- Parameters ------------------------------------------------------------------------------- */

static void
note_bind (CdStatement *self,
           int          index,
           int          rc)
{
  if (rc != SQLITE_OK && self->bind_rc == SQLITE_OK)
    {
      self->bind_rc = rc;
      self->bind_index = index;
    }
}

void
cd_statement_bind_text (CdStatement *self,
                        int          index,
                        const char  *value)
{
  g_return_if_fail (self != NULL);

  note_bind (self, index,
             value != NULL ? sqlite3_bind_text (self->stmt, index, value, -1, SQLITE_TRANSIENT)
                           : sqlite3_bind_null (self->stmt, index));
}

void
cd_statement_bind_text_static (CdStatement *self,
                               int          index,
                               const char  *value)
{
  g_return_if_fail (self != NULL);

  note_bind (self, index,
             value != NULL ? sqlite3_bind_text (self->stmt, index, value, -1, SQLITE_STATIC)
                           : sqlite3_bind_null (self->stmt, index));
}

void
cd_statement_bind_int64 (CdStatement *self,
                         int          index,
                         gint64       value)
{
  g_return_if_fail (self != NULL);

  note_bind (self, index, sqlite3_bind_int64 (self->stmt, index, value));
}

void
cd_statement_bind_double (CdStatement *self,
                          int          index,
                          double       value)
{
  g_return_if_fail (self != NULL);

  note_bind (self, index, sqlite3_bind_double (self->stmt, index, value));
}

void
cd_statement_bind_null (CdStatement *self,
                        int          index)
{
  g_return_if_fail (self != NULL);

  note_bind (self, index, sqlite3_bind_null (self->stmt, index));
}

void
cd_statement_bind_blob (CdStatement   *self,
                        int            index,
                        gconstpointer  data,
                        gsize          length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  /* An empty blob is a blob, not NULL: SQLite would bind NULL for a NULL pointer. */
  note_bind (self, index,
             sqlite3_bind_blob64 (self->stmt, index, data != NULL ? data : "", length,
                                  SQLITE_TRANSIENT));
}

void
cd_statement_clear_bindings (CdStatement *self)
{
  g_return_if_fail (self != NULL);

  sqlite3_clear_bindings (self->stmt);
  self->bind_rc = SQLITE_OK;
}

/* --- Running ---------------------------------------------------------------------------------- */

CdStep
cd_statement_step (CdStatement  *self,
                   GError      **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, CD_STEP_FAILED);

  if (self->bind_rc != SQLITE_OK)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY,
                   "%s: cannot bind parameter %d of “%s”: %s", cd_database_get_path (self->db),
                   self->bind_index, sqlite3_sql (self->stmt), sqlite3_errstr (self->bind_rc));
      return CD_STEP_FAILED;
    }
  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_ROW)
    return CD_STEP_ROW;
  if (rc == SQLITE_DONE)
    return CD_STEP_DONE;
  set_error (error, self->db, rc, sqlite3_sql (self->stmt));
  /* A failed statement must be reset before it can run again; the bindings stay. */
  sqlite3_reset (self->stmt);
  return CD_STEP_FAILED;
}

gboolean
cd_statement_run (CdStatement  *self,
                  GError      **error)
{
  CdStep step;

  g_return_val_if_fail (self != NULL, FALSE);

  while ((step = cd_statement_step (self, error)) == CD_STEP_ROW)
    ;
  sqlite3_reset (self->stmt);
  return step == CD_STEP_DONE;
}

void
cd_statement_reset (CdStatement *self)
{
  g_return_if_fail (self != NULL);

  sqlite3_reset (self->stmt);
}

const char *
cd_statement_get_sql (CdStatement *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return sqlite3_sql (self->stmt);
}

/* --- Columns ---------------------------------------------------------------------------------- */

gboolean
cd_statement_is_null (CdStatement *self,
                      int          column)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

gint64
cd_statement_get_int64 (CdStatement *self,
                        int          column)
{
  g_return_val_if_fail (self != NULL, 0);

  return sqlite3_column_int64 (self->stmt, column);
}

int
cd_statement_get_int (CdStatement *self,
                      int          column)
{
  g_return_val_if_fail (self != NULL, 0);

  return sqlite3_column_int (self->stmt, column);
}

double
cd_statement_get_double (CdStatement *self,
                         int          column)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return sqlite3_column_double (self->stmt, column);
}

const char *
cd_statement_get_text (CdStatement *self,
                       int          column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *) sqlite3_column_text (self->stmt, column);
}

char *
cd_statement_dup_text (CdStatement *self,
                       int          column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup ((const char *) sqlite3_column_text (self->stmt, column));
}

int
cd_statement_get_n_columns (CdStatement *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sqlite3_column_count (self->stmt);
}

GBytes *
cd_statement_dup_bytes (CdStatement *self,
                        int          column)
{
  const void *data;
  int length;

  g_return_val_if_fail (self != NULL, NULL);

  if (sqlite3_column_type (self->stmt, column) == SQLITE_NULL)
    return NULL;
  data = sqlite3_column_blob (self->stmt, column);
  length = sqlite3_column_bytes (self->stmt, column);
  return g_bytes_new (data, (gsize) length);
}
