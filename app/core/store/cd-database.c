/* cd-database.c — the workstation's SQLite file: opening, pragmas, migrations. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "cd-database-private.h"
#include "cd-schema.h"

struct _CdDatabase
{
  GObject           parent_instance;
  char             *path;
  sqlite3          *db;
  gboolean          read_only;
  GMutex            job_lock;   /* held by one cd_database_run_in_thread job at a time */
  CdStatementCache *statements; /* cd_database_prepare_cached's */
};

G_DEFINE_FINAL_TYPE (CdDatabase, cd_database, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-database-error-quark, cd_database_error)

int
cd_database_get_latest_version (void)
{
  guint n;

  cd_schema_get_migrations (&n);
  return (int) n;
}

void
cd_database_set_sqlite_error (GError     **error,
                              sqlite3     *db,
                              int          rc,
                              const char  *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* The failures an officer can fix get a sentence that says what to do; the others keep
   * SQLite's own words, which a maintainer needs. */
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (
          error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL,
          _("The disk holding %s is full; nothing was changed. Free some space and try again."),
          what);
      break;
    case SQLITE_IOERR:
      /* A read that fails is the medium's fault; every other I/O error is a write, a sync or a
       * resize refused, which a full disk or a folder gone read-only causes. */
      if (rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ)
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                     _("%s cannot be read (%s). Restore it from a backup with "
                       "“claimdesk-cli restore --db %s BACKUP”."),
                     what, detail, what);
      else
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL,
                     _("%s cannot be written: the disk is full or not writable (%s); nothing "
                       "was changed."),
                     what, detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (
          error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY,
          _("%s cannot be written (the file or its folder is read-only); nothing was changed."),
          what);
      break;
    case SQLITE_NOTADB:
      /* Most often a file given by mistake; a store overwritten with something else restores. */
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("%s is not a ClaimDesk database (%s). If it was one, restore it from a "
                     "backup with “claimdesk-cli restore --db %s BACKUP”."),
                   what, detail, what);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The database %s is damaged (%s). Restore it from a backup with "
                     "“claimdesk-cli restore --db %s BACKUP”."),
                   what, detail, what);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT, "%s: %s", what, detail);
      break;
    case SQLITE_CANTOPEN:
      /* Even a reader of a WAL database needs to create its -shm file beside it. */
      if (g_file_test (what, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *folder = g_path_get_dirname (what);

          if (g_access (folder, W_OK) != 0)
            {
              g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY,
                           _("Cannot open %s: its folder %s is read-only, and the database "
                             "needs to keep its journal beside it"),
                           what, folder);
              break;
            }
        }
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                   _("Cannot open %s: %s"), what, detail);
      break;
    default:
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY, "%s: %s", what, detail);
      break;
    }
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

static gboolean
is_identifier (const char *name)
{
  if (name == NULL || *name == '\0' || g_ascii_isdigit (*name))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
cd_database_begin (CdDatabase  *self,
                   GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);

  return cd_database_exec (self, "BEGIN", error);
}

gboolean
cd_database_begin_immediate (CdDatabase  *self,
                             GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);

  return cd_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
cd_database_commit (CdDatabase  *self,
                    GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);

  return cd_database_exec (self, "COMMIT", error);
}

void
cd_database_rollback (CdDatabase *self)
{
  g_return_if_fail (CD_IS_DATABASE (self));

  /* SQLite may already have rolled back on its own (a full disk, an interrupted statement);
   * then there is nothing left to undo, and the error it gives says only that. */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
cd_database_savepoint (CdDatabase  *self,
                       const char  *name,
                       GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (is_identifier (name), FALSE);

  sql = g_strconcat ("SAVEPOINT ", name, NULL);
  return cd_database_exec (self, sql, error);
}

gboolean
cd_database_release (CdDatabase  *self,
                     const char  *name,
                     GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (is_identifier (name), FALSE);

  sql = g_strconcat ("RELEASE ", name, NULL);
  return cd_database_exec (self, sql, error);
}

void
cd_database_rollback_to (CdDatabase *self,
                         const char *name)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (CD_IS_DATABASE (self));
  g_return_if_fail (is_identifier (name));

  if (sqlite3_get_autocommit (self->db))
    return;
  sql = g_strconcat ("ROLLBACK TO ", name, "; RELEASE ", name, NULL);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
cd_database_in_transaction (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), FALSE);

  return !sqlite3_get_autocommit (self->db);
}

gint64
cd_database_changes (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), 0);

  return sqlite3_changes64 (self->db);
}

gint64
cd_database_last_insert_rowid (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), 0);

  return sqlite3_last_insert_rowid (self->db);
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

gboolean
cd_database_quick_check (sqlite3     *db,
                         const char  *path,
                         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  /* Pages that cannot even be read are damage too, as far as the officer can tell: the way out
   * is the same restore. */
  if (verdict == NULL && (rc & 0xff) == SQLITE_IOERR)
    verdict = g_strdup (sqlite3_errmsg (db));
  if (verdict == NULL)
    {
      cd_database_set_sqlite_error (error, db, rc, path);
      return FALSE;
    }
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The database %s is damaged (%s). Restore it from a backup with "
                     "“claimdesk-cli restore --db %s BACKUP”."),
                   path, verdict, path);
      return FALSE;
    }
  return TRUE;
}

static gboolean migrate_steps (CdDatabase          *self,
                               int                  version,
                               int                  target,
                               const char * const  *migrations,
                               GError             **error);

static gboolean
migrate (CdDatabase  *self,
         int          target,
         GError     **error)
{
  int version = read_user_version (self->db);
  gboolean ok;
  guint n_migrations;
  const char * const *migrations = cd_schema_get_migrations (&n_migrations);

  if (version > (int) n_migrations)
    {
      g_set_error (
          error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_TOO_NEW,
          _("The database %s has schema version %d, newer than this ClaimDesk understands (%d)."),
          self->path, version, (int)n_migrations);
      return FALSE;
    }

  if (version >= target)
    return TRUE;

  /* SQLite's procedure for a schema change its ALTER TABLE cannot make (a table rebuilt under
   * the same name): foreign keys off outside the transaction (the pragma does nothing inside one),
   * PRAGMA foreign_key_check before the COMMIT, and on again afterwards. Every migration runs so,
   * whether or not it rebuilds a table: the check is as strict as the constraints were. */
  if (!cd_database_exec (self, "PRAGMA foreign_keys = OFF;", error))
    return FALSE;
  ok = migrate_steps (self, version, target, migrations, error);
  if (!cd_database_exec (self, "PRAGMA foreign_keys = ON;", ok ? error : NULL))
    return FALSE;
  return ok;
}

static gboolean
foreign_keys_hold (CdDatabase  *self,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT,
                   _("row %lld of table %s points at a missing row of %s"),
                   (long long) sqlite3_column_int64 (stmt, 1),
                   (const char *) sqlite3_column_text (stmt, 0),
                   (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      cd_database_set_sqlite_error (error, self->db, rc, self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate_steps (CdDatabase          *self,
               int                  version,
               int                  target,
               const char * const  *migrations,
               GError             **error)
{
  for (; version < target; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);
      g_autoptr(GError) local_error = NULL;

      if (!cd_database_exec (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!cd_database_exec (self, migrations[version], &local_error)
          || !foreign_keys_hold (self, &local_error)
          || !cd_database_exec (self, bump, &local_error)
          || !cd_database_exec (self, "COMMIT;", &local_error))
        {
          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          /* A full disk or a read-only file keeps its own clear message and code. */
          if (g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL)
              || g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_MIGRATION,
                         _("Could not upgrade %s from schema version %d: %s"),
                         self->path, version, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* CLAIMDESK_TRACE_SQL=1: every statement on stderr with its thread and time, to find what a
 * start-up or a page reads (a developer's tool; statements only, never their values). */
static int
trace_statement (unsigned  type,
                 void     *context,
                 void     *statement,
                 void     *nanoseconds)
{
  g_printerr ("sql %p %8.1f %7.1f ms %s\n", (gpointer) g_thread_self (),
              (double) g_get_monotonic_time () / 1000.0,
              (double) *(sqlite3_int64 *) nanoseconds / 1e6, sqlite3_sql (statement));
  return 0;
}

/* FALSE with CD_DATABASE_ERROR_READ_ONLY when the existing `path`, or its folder, cannot be
 * written. access() is asked, not the mode bits: it knows a read-only mount, even for root. */
static gboolean
writable (const char  *path,
          GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_access (path, W_OK) != 0 && errno != ENOENT)
    {
      g_set_error (
          error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY,
          _("%s cannot be written (the file or its folder is read-only); nothing was changed."),
          path);
      return FALSE;
    }
  if (g_access (folder, W_OK) != 0)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY,
                   _("%s cannot be written: its folder %s is read-only, and the database keeps "
                     "its journal beside it; nothing was changed."),
                   path, folder);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_database_cut_short (const char *path,
                       guint64    *expected)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal_path = g_strconcat (path, "-journal", NULL);
  guint8 header[100];
  GStatBuf info, wal_info;
  guint64 page_size, n_pages;
  gssize length;
  int fd;

  if ((g_stat (wal_path, &wal_info) == 0 && wal_info.st_size > 0)
      || g_file_test (journal_path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (g_stat (path, &info) != 0 || info.st_size < 100
      || (fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return FALSE;
  length = read (fd, header, sizeof header);
  close (fd);
  if (length != sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    return FALSE;  /* not SQLite at all: SQLite says so, in cd_database_set_sqlite_error's words */

  /* The header's page count is valid only while its change counter matches (offsets 24, 92). */
  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = ((guint64) header[28] << 24) | (header[29] << 16) | (header[30] << 8) | header[31];
  *expected = page_size * n_pages;
  return memcmp (header + 24, header + 92, 4) == 0 && *expected > (guint64) info.st_size;
}

/* What a look at the file itself can tell before SQLite opens it, so the message names the real
 * problem rather than SQLite's "unable to open database file". A writer may create the file; a
 * reader never does; a file cut short (cd_database_cut_short) is refused. */
static gboolean
check_file (const char  *path,
            gboolean     read_only,
            GError     **error)
{
  GStatBuf info;
  guint64 expected = 0;

  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT && !read_only)
        return TRUE;  /* the writer creates it */
      if (saved_errno == ENOENT)
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_NOT_STORE,
                     _("%s does not exist"), path);
      else
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN, _("Cannot open %s: %s"),
                     path, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISDIR (info.st_mode))
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_NOT_STORE,
                   _("%s is a folder, not a ClaimDesk database"), path);
      return FALSE;
    }
  /* SQLite would open a read-only file for reading only, and fail on a read-only folder with
   * "unable to open database file" (it cannot make the -wal and -shm files there): say which. */
  if (!read_only && !writable (path, error))
    return FALSE;
  if (info.st_size == 0)
    {
      if (!read_only)
        return TRUE;  /* a store about to be created, as open_internal itself makes it */
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_NOT_STORE,
                   _("%s is empty: it is not a ClaimDesk database"), path);
      return FALSE;
    }

  if (cd_database_cut_short (path, &expected))
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The database %s is cut short: it holds %llu of its %llu "
                     "bytes. Restore it from a backup with "
                     "“claimdesk-cli restore --db %s BACKUP”."),
                   path, (unsigned long long) info.st_size,
                   (unsigned long long) expected, path);
      return FALSE;
    }
  return TRUE;
}

/* Refuses, before anything is written to it, an SQLite file that is not a ClaimDesk store: one of
 * another program (its own tables, user_version 0, or no settings table), or one from a newer
 * ClaimDesk. Migrating into either would change a file that is not ours to change. */
static gboolean
check_is_store (CdDatabase  *self,
                gboolean     may_be_new,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int n_objects = -1;
  int has_settings = 0;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT (SELECT count(*) FROM sqlite_master),"
                           " (SELECT count(*) FROM sqlite_master"
                           "  WHERE type = 'table' AND name = 'settings'),"
                           " (SELECT user_version FROM pragma_user_version)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_objects = sqlite3_column_int (stmt, 0);
      has_settings = sqlite3_column_int (stmt, 1);
      version = sqlite3_column_int (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (version < 0)
    {
      cd_database_set_sqlite_error (error, self->db, rc, self->path);
      return FALSE;
    }

  if (version == 0 && n_objects == 0 && may_be_new)
    return TRUE;
  if (version == 0 || !has_settings)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_NOT_STORE,
                   n_objects == 0 ? _("%s holds no ClaimDesk store: it is an empty database")
                                  : _("%s is an SQLite database of another program, not a "
                                      "ClaimDesk store; it was left as it is"),
                   self->path);
      return FALSE;
    }
  if (version > cd_database_get_latest_version ())
    {
      g_set_error (
          error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_TOO_NEW,
          _("The database %s has schema version %d, newer than this ClaimDesk understands (%d)."),
          self->path, version, cd_database_get_latest_version ());
      return FALSE;
    }
  return TRUE;
}

static CdDatabase *
open_file (const char  *path,
           gboolean     read_only,
           gboolean     check,
           int          target_version,
           gboolean    *created,
           GError     **error)
{
  g_autoptr(CdDatabase) self = NULL;
  int flags = SQLITE_OPEN_FULLMUTEX;
  int rc;

  self = g_object_new (CD_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;

  flags |= read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  /* A new store holds personal data from its first claim: readable by its user only. SQLite
   * gives its -wal and -shm files the same mode. */
  if (!check_file (path, read_only, error))
    return NULL;
  if (!read_only && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          close (fd);
          *created = TRUE;
        }
      else if (errno != EEXIST)
        {
          int saved_errno = errno;

          if (saved_errno == EROFS || saved_errno == EACCES || saved_errno == EPERM)
            g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_READ_ONLY,
                         _("Cannot create %s: its folder is read-only"), path);
          else if (saved_errno == ENOSPC || saved_errno == EDQUOT)
            g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_FULL,
                         _("Cannot create %s: the disk is full"), path);
          else
            g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                         _("Cannot create %s: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
    }
  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, self->db, rc, path);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  if (g_getenv ("CLAIMDESK_TRACE_SQL") != NULL)
    sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, trace_statement, NULL);
  /* cd_database_open_at_version (…, 0) asks for a file before any ClaimDesk schema (tests that
   * build one by hand): there is nothing to check it against. */
  if (target_version != 0 && !check_is_store (self, !read_only, error))
    return NULL;

  if (read_only)
    {
      /* Readers skip quick_check: it reads the whole file (seconds at a million claims), and the
       * writer connection has already checked it when the application started. A reader on a file
       * that is not a database still fails here, on its first read. A reader never migrates: it
       * must find the schema it was built for. */
      sqlite3_stmt *stmt = NULL;
      int version = -1;

      rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (version < 0)
        {
          cd_database_set_sqlite_error (error, self->db, rc, path);
          return NULL;
        }
      if (version != cd_database_get_latest_version ())
        {
          g_set_error (
              error, CD_DATABASE_ERROR,
              version < cd_database_get_latest_version () ? CD_DATABASE_ERROR_BEHIND
                                                          : CD_DATABASE_ERROR_TOO_NEW,
              _("The database %s is at schema version %d, not %d; open it for writing once to "
                "upgrade it."),
              path, version, cd_database_get_latest_version ());
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  if ((check && !cd_database_quick_check (self->db, path, error))
      || !cd_database_exec (self, "PRAGMA foreign_keys = ON;", error))
    return NULL;

  /* SQLite quietly falls back to read-only when the file cannot be written; the writer connection
   * must know at once, not at the first decision it tries to save. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      cd_database_set_sqlite_error (error, self->db, SQLITE_READONLY, path);
      return NULL;
    }

  if (!cd_database_exec (self, "PRAGMA journal_mode = WAL;", error)
      || !cd_database_exec (self, "PRAGMA synchronous = FULL;", error)
      || !migrate (self, target_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* A store this call created and could not finish (a full disk, a folder gone read-only) is
 * removed again: an empty or half-made file would be taken for a store the next time. */
static CdDatabase *
open_internal (const char  *path,
               gboolean     read_only,
               gboolean     check,
               int          target_version,
               GError     **error)
{
  gboolean created = FALSE;
  CdDatabase *self = open_file (path, read_only, check, target_version, &created, error);

  if (self == NULL && created)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (wal);
      g_unlink (shm);
      g_unlink (path);
    }
  return self;
}

CdDatabase *
cd_database_open (const char  *path,
                  GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_internal (path, FALSE, TRUE, cd_database_get_latest_version (), error);
}

CdDatabase *
cd_database_open_reader (const char  *path,
                         GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_internal (path, TRUE, FALSE, -1, error);
}

CdDatabase *
cd_database_open_at_version (const char  *path,
                             int          version,
                             GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= cd_database_get_latest_version (), NULL);

  return open_internal (path, FALSE, TRUE, version, error);
}

CdDatabase *
cd_database_open_unchecked (const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_internal (path, FALSE, FALSE, cd_database_get_latest_version (), error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CdDatabase *self = source_object;
  sqlite3 *db = NULL;
  GError *error = NULL;
  int rc;

  /* Its own read-only connection: the writer goes on working while every page is read. */
  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    cd_database_set_sqlite_error (&error, db, rc, self->path);
  else
    cd_database_quick_check (db, self->path, &error);
  sqlite3_close_v2 (db);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_database_check_async (CdDatabase          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_DATABASE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_database_check_async);
  g_task_run_in_thread (task, check_thread);
}

gboolean
cd_database_check_finish (CdDatabase    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
cd_database_get_path (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), NULL);
  return self->path;
}

void
cd_database_get_memory_in_use (gint64 *now,
                               gint64 *peak)
{
  sqlite3_int64 current = 0, highwater = 0;

  sqlite3_status64 (SQLITE_STATUS_MEMORY_USED, &current, &highwater, FALSE);
  if (now != NULL)
    *now = current;
  if (peak != NULL)
    *peak = highwater;
}

sqlite3 *
cd_database_get_handle (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), NULL);
  return self->db;
}

CdDatabase *
cd_database_wrap_handle (sqlite3    *db,
                         const char *path,
                         gboolean    read_only)
{
  CdDatabase *self;

  g_return_val_if_fail (db != NULL, NULL);

  self = g_object_new (CD_TYPE_DATABASE, NULL);
  self->db = db;
  self->path = g_strdup (path);
  self->read_only = read_only;
  sqlite3_extended_result_codes (db, 1);
  return self;
}

CdStatementCache *
cd_database_get_statement_cache (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), NULL);
  return self->statements;
}

gboolean
cd_database_is_read_only (CdDatabase *self)
{
  g_return_val_if_fail (CD_IS_DATABASE (self), TRUE);
  return self->read_only;
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

  /* Statements before their connection. */
  g_clear_pointer (&self->statements, cd_statement_cache_free);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->job_lock);

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
  g_mutex_init (&self->job_lock);
  self->statements = cd_statement_cache_new ();
}

/* --- Jobs on a shared connection ------------------------------------------------------------- */

typedef struct
{
  CdDatabase      *db;
  GTaskThreadFunc  func;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->db);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = g_object_get_data (G_OBJECT (task), "cd-database-job");

  g_mutex_lock (&job->db->job_lock);
  if (!g_task_return_error_if_cancelled (task))
    job->func (task, source_object, task_data, cancellable);
  g_mutex_unlock (&job->db->job_lock);
}

void
cd_database_run_in_thread (CdDatabase      *self,
                           GTask           *task,
                           GTaskThreadFunc  func)
{
  Job *job;

  g_return_if_fail (CD_IS_DATABASE (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->db = g_object_ref (self);
  job->func = func;
  g_object_set_data_full (G_OBJECT (task), "cd-database-job", job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

char *
cd_database_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}
