/* cd-backup.c — copying the workstation database out (backup) and back in (restore). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "cd-backup.h"
#include "cd-database-private.h"

/* Copies all of `source` into the new file `dest_tmp`, then checks it and renames it to `dest`. */
static gboolean
copy_database (sqlite3     *source,
               const char  *dest,
               GError     **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".partial", NULL);
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (tmp);
  rc = sqlite3_open_v2 (tmp, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, target, rc, dest);
      sqlite3_close_v2 (target);
      return FALSE;
    }

  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    {
      cd_database_set_sqlite_error (error, target, sqlite3_errcode (target), dest);
      sqlite3_close_v2 (target);
      g_unlink (tmp);
      return FALSE;
    }
  /* Pages in batches, yielding to writers when the source is busy. */
  do
    {
      rc = sqlite3_backup_step (backup, 4096);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      cd_database_set_sqlite_error (error, NULL, rc, dest);
      sqlite3_close_v2 (target);
      g_unlink (tmp);
      return FALSE;
    }
  /* A backup is a single self-contained file, in rollback-journal mode. */
  sqlite3_exec (target, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
  if (!cd_database_quick_check (target, dest, error))
    {
      sqlite3_close_v2 (target);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close_v2 (target);

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN, _("Cannot write %s: %s"), dest,
                   g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_backup_to_file (CdDatabase  *db,
                   const char  *dest,
                   GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  return copy_database (cd_database_get_handle (db), dest, error);
}

gboolean
cd_backup_restore (const char  *path,
                   const char  *from,
                   GError     **error)
{
  sqlite3 *source = NULL;
  int rc, version = -1;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (path != NULL && from != NULL, FALSE);

  rc = sqlite3_open_v2 (from, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, source, rc, from);
      sqlite3_close_v2 (source);
      return FALSE;
    }
  if (!cd_database_quick_check (source, from, error))
    {
      sqlite3_close_v2 (source);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (source, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version < 1 || version > cd_database_get_latest_version ())
    {
      g_set_error (error, CD_DATABASE_ERROR,
                   version < 1 ? CD_DATABASE_ERROR_CORRUPT : CD_DATABASE_ERROR_TOO_NEW,
                   _("%s is not a ClaimDesk backup this version can restore (schema version %d)."),
                   from, version);
      sqlite3_close_v2 (source);
      return FALSE;
    }

  if (!copy_database (source, path, error))
    {
      sqlite3_close_v2 (source);
      return FALSE;
    }
  sqlite3_close_v2 (source);

  /* The damaged file's write-ahead log belongs to the old file: it must not be replayed over the
   * restored one. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  return TRUE;
}
