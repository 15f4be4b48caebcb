/* cd-database.c — the workstation's SQLite file: opening, pragmas, migrations. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-database.h"

struct _CdDatabase
{
  GObject  parent_instance;
  char    *path;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (CdDatabase, cd_database, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-database-error-quark, cd_database_error)

/* Each entry moves the schema from version (index) to (index + 1). Never edit a released entry:
 * append a new one, so that every file ever written can be brought forward. */
static const char * const migrations[] = {
  /* 0 → 1: the settings table, so the file knows which office it belongs to. */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") STRICT;",
};

int
cd_database_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

void
cd_database_set_sqlite_error (GError     **error,
                              sqlite3     *db,
                              int          rc,
                              const char  *what)
{
  CdDatabaseError code;
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = CD_DATABASE_ERROR_FULL;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = CD_DATABASE_ERROR_READ_ONLY;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = CD_DATABASE_ERROR_CORRUPT;
      break;
    case SQLITE_CANTOPEN:
      code = CD_DATABASE_ERROR_OPEN;
      break;
    default:
      code = CD_DATABASE_ERROR_QUERY;
      break;
    }

  g_set_error (error, CD_DATABASE_ERROR, code, "%s: %s", what, detail);
}

gboolean
cd_database_exec (CdDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  char *message = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, self->db, rc, self->path);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
read_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
quick_check (CdDatabase  *self,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (verdict == NULL)
    {
      cd_database_set_sqlite_error (error, self->db, rc, self->path);
      return FALSE;
    }
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The database %s is damaged (%s). Restore it from a backup."),
                   self->path, verdict);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (CdDatabase  *self,
         GError     **error)
{
  int version = read_user_version (self->db);

  if (version > cd_database_get_latest_version ())
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_TOO_NEW,
                   _("The database %s has schema version %d, newer than this ClaimDesk understands (%d)."),
                   self->path, version, cd_database_get_latest_version ());
      return FALSE;
    }

  for (; version < cd_database_get_latest_version (); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);
      g_autoptr(GError) local_error = NULL;

      if (!cd_database_exec (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!cd_database_exec (self, migrations[version], &local_error)
          || !cd_database_exec (self, bump, &local_error)
          || !cd_database_exec (self, "COMMIT;", &local_error))
        {
          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_MIGRATION,
                       _("Could not upgrade %s from schema version %d: %s"),
                       self->path, version, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

CdDatabase *
cd_database_open (const char  *path,
                  GError     **error)
{
  g_autoptr(CdDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CD_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, self->db, rc, path);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!quick_check (self, error)
      || !cd_database_exec (self, "PRAGMA foreign_keys = ON;", error)
      || !cd_database_exec (self, "PRAGMA journal_mode = WAL;", error)
      || !cd_database_exec (self, "PRAGMA synchronous = FULL;", error)
      || !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
cd_database_get_path (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), NULL);
  return self->path;
}

sqlite3 *
cd_database_get_handle (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), NULL);
  return self->db;
}

int
cd_database_get_schema_version (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), -1);
  return read_user_version (self->db);
}

static void
cd_database_finalize (GObject *object)
{
  CdDatabase *self = CD_DATABASE (object);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cd_database_parent_class)->finalize (object);
}

static void
cd_database_class_init (CdDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_database_finalize;
}

static void
cd_database_init (CdDatabase *self)
{
}
