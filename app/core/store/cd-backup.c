/* cd-backup.c — copying the office store out (backup), checking a copy, and copying it back in. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "cd-backup.h"
#include "cd-database-private.h"
#include "cd-format.h"
#include "cd-json-util.h"
#include "cd-settings.h"
#include "cd-statement.h"

/* 1 MiB of 4 KiB pages per step: the progress moves and a cancel is heard within a moment. */
#define PAGES_PER_STEP 256
/* The share of the progress bar the page copy takes; the check takes the rest. */
#define COPY_SHARE     0.7

/* ---- summaries ------------------------------------------------------------------------------ */

CdBackupSummary *
cd_backup_summary_copy (const CdBackupSummary *summary)
{
  CdBackupSummary *copy;

  g_return_val_if_fail (summary != NULL, NULL);

  copy = g_memdup2 (summary, sizeof *summary);
  copy->path = g_strdup (summary->path);
  copy->taken_at = g_strdup (summary->taken_at);
  copy->office_code = g_strdup (summary->office_code);
  copy->problem = g_strdup (summary->problem);
  return copy;
}

void
cd_backup_summary_free (CdBackupSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->path);
  g_free (summary->taken_at);
  g_free (summary->office_code);
  g_free (summary->problem);
  g_free (summary);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
cd_backup_summary_to_json (const CdBackupSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "file", summary->path);
  add_string_or_null (builder, "taken_at", summary->taken_at);
  add_string_or_null (builder, "office", summary->office_code);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, summary->schema_version);
  json_builder_set_member_name (builder, "claims");
  json_builder_add_int_value (builder, summary->n_claims);
  json_builder_set_member_name (builder, "decisions");
  json_builder_add_int_value (builder, summary->n_decisions);
  json_builder_set_member_name (builder, "users");
  json_builder_add_int_value (builder, summary->n_users);
  json_builder_set_member_name (builder, "audit_entries");
  json_builder_add_int_value (builder, summary->n_audit_entries);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The four counts a summary gives, in this order. */
static const char * const counted_tables[] = { "claims", "decisions", "users", "audit_log" };

static gint64 *
count_slot (CdBackupSummary *summary,
            guint            index)
{
  gint64 *slots[] = { &summary->n_claims, &summary->n_decisions, &summary->n_users,
                      &summary->n_audit_entries };

  g_assert (index < G_N_ELEMENTS (slots));
  return slots[index];
}

/* A file at an early schema version lacks the tables: it holds none of those rows. */
static gboolean
count_rows (CdDatabase       *db,
            CdBackupSummary  *summary,
            GError          **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (counted_tables); i++)
    {
      g_autoptr(CdStatement) exists = NULL;
      g_autoptr(CdStatement) count = NULL;
      g_autofree char *sql = NULL;
      CdStep step;

      exists = cd_database_prepare (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND "
                                        "name = ?1", error);
      if (exists == NULL)
        return FALSE;
      cd_statement_bind_text (exists, 1, counted_tables[i]);
      step = cd_statement_step (exists, error);
      if (step == CD_STEP_FAILED)
        return FALSE;
      *count_slot (summary, i) = 0;
      if (step == CD_STEP_DONE)
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s", counted_tables[i]);
      count = cd_database_prepare (db, sql, error);
      if (count == NULL || cd_statement_step (count, error) != CD_STEP_ROW)
        return FALSE;
      *count_slot (summary, i) = cd_statement_get_int64 (count, 0);
    }
  return TRUE;
}

/* The stamp a backup carries of itself (backup.summary), if it carries one. */
static gboolean
read_stamp (CdDatabase      *db,
            CdBackupSummary *summary)
{
  g_autofree char *text = cd_settings_dup_text (db, CD_SETTING_BACKUP_SUMMARY, NULL, NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  const char *json_names[] = { "claims", "decisions", "users", "audit_entries" };

  if (text == NULL)
    return FALSE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  g_free (summary->taken_at);
  summary->taken_at = g_strdup (cd_json_member_string (object, "taken_at"));
  g_free (summary->office_code);
  summary->office_code = g_strdup (cd_json_member_string (object, "office"));
  for (guint i = 0; i < G_N_ELEMENTS (json_names); i++)
    *count_slot (summary, i) = cd_json_member_int (object, json_names[i]);
  return TRUE;
}

static void
write_stamp (CdDatabase            *db,
             const CdBackupSummary *summary,
             GError               **error)
{
  g_autofree char *json = NULL;
  CdBackupSummary stamp = *summary;

  /* The file's own name is not part of it: a backup copied elsewhere is still the same backup. */
  stamp.path = NULL;
  json = cd_backup_summary_to_json (&stamp);
  cd_settings_set_text (db, CD_SETTING_BACKUP_SUMMARY, json, error);
}

static gboolean
file_size (const char *path,
           gint64     *size)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return FALSE;
  *size = buf.st_size;
  return TRUE;
}

/* ---- files ---------------------------------------------------------------------------------- */

/* A backup file, read-only: never written, never migrated, whatever its schema. */
static CdDatabase *
open_backup_file (const char  *path,
                  GError     **error)
{
  sqlite3 *db = NULL;
  GStatBuf info;
  guint64 expected = 0;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN, _("There is no backup file %s."),
                   path);
      return NULL;
    }
  if (g_stat (path, &info) == 0 && info.st_size == 0)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The backup file %s is empty: it is not a ClaimDesk backup."), path);
      return NULL;
    }
  if (cd_database_cut_short (path, &expected))
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The backup file %s is cut short: it holds %llu of its %llu "
                     "bytes; it is not a whole ClaimDesk backup."),
                   path, (unsigned long long) info.st_size,
                   (unsigned long long) expected);
      return NULL;
    }
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, db, rc, path);
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return cd_database_wrap_handle (db, path, TRUE);
}

/* A new, empty file readable by its owner only (it holds personal data), open for writing. */
static CdDatabase *
create_file (const char  *path,
             GError     **error)
{
  sqlite3 *db = NULL;
  int fd, rc;

  g_unlink (path);
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CD_DATABASE_ERROR,
                   saved == ENOSPC ? CD_DATABASE_ERROR_FULL
                   : (saved == EACCES || saved == EROFS || saved == EPERM)
                     ? CD_DATABASE_ERROR_READ_ONLY : CD_DATABASE_ERROR_OPEN,
                   _("Cannot write %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, db, rc, path);
      sqlite3_close_v2 (db);
      g_unlink (path);
      return NULL;
    }
  return cd_database_wrap_handle (db, path, FALSE);
}

/* What is written is on the disk before its name says it is there. */
static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN, _("Cannot write %s: %s"), path,
               g_strerror (saved));
  return FALSE;
}

static void
sync_folder_of (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  /* The rename's own durability: best effort, as some file systems refuse a folder's fsync. */
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
rename_into_place (const char  *from,
                   const char  *to,
                   GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved = errno;

      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN, _("Cannot write %s: %s"), to,
                   g_strerror (saved));
      return FALSE;
    }
  sync_folder_of (to);
  return TRUE;
}

/* ---- checks --------------------------------------------------------------------------------- */

/* PRAGMA integrity_check: every page, every index entry. NULL if sound, else what is wrong. */
static char *
find_damage (CdDatabase *db)
{
  sqlite3 *handle = cd_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  char *verdict = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    verdict = cd_database_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  if (verdict == NULL)
    return g_strdup (sqlite3_errmsg (handle));
  if (g_str_equal (verdict, "ok"))
    g_clear_pointer (&verdict, g_free);
  return verdict;
}

/* ---- copying -------------------------------------------------------------------------------- */

/* Every page of `source` into `target` through SQLite's backup API. */
static gboolean
copy_pages (CdDatabase            *source,
            CdDatabase            *target,
            double                 share,
            CdBackupProgressFunc   progress,
            gpointer               progress_data,
            GCancellable          *cancellable,
            GError               **error)
{
  sqlite3 *src = cd_database_get_handle (source);
  sqlite3 *dst = cd_database_get_handle (target);
  sqlite3_backup *backup;
  int rc = SQLITE_OK;

  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    {
      cd_database_set_sqlite_error (error, dst, sqlite3_errcode (dst),
                                    cd_database_get_path (target));
      return FALSE;
    }
  do
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      rc = sqlite3_backup_step (backup, PAGES_PER_STEP);
      if (progress != NULL && sqlite3_backup_pagecount (backup) > 0)
        progress (share * (1.0 - (double) sqlite3_backup_remaining (backup)
                                   / sqlite3_backup_pagecount (backup)),
                  progress_data);
      /* Another connection holds a lock the copy needs (a restore into a busy store): wait. */
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      /* A page that cannot be read is the source's damage; anything else is where it goes. */
      gboolean source_fault = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;

      cd_database_set_sqlite_error (error, source_fault ? src : NULL, rc,
                                    cd_database_get_path (source_fault ? source : target));
      return FALSE;
    }
  return TRUE;
}

/* The copy in `target` (at `tmp`) is made a self-contained file, stamped, checked against
 * `expected` (the snapshot it came from) and closed. */
static gboolean
finish_copy (CdDatabase             *target,
             const CdBackupSummary  *expected,
             gboolean                stamp,
             GError                **error)
{
  const char *path = cd_database_get_path (target);
  g_autofree char *damage = NULL;
  CdBackupSummary counted = { 0 };

  /* One file, in rollback-journal mode: a backup has no write-ahead log beside it. */
  if (!cd_database_exec (target, "PRAGMA journal_mode = DELETE;", error))
    return FALSE;
  if (stamp && expected->schema_version >= 1)
    {
      g_autoptr(GError) local_error = NULL;

      write_stamp (target, expected, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  damage = find_damage (target);
  if (damage != NULL)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The copy written to %s did not pass its check (%s)."), path, damage);
      return FALSE;
    }
  if (cd_database_get_schema_version (target) != expected->schema_version
      || !count_rows (target, &counted, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                     _("The copy written to %s is not at the store's schema version %d."), path,
                     expected->schema_version);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (counted_tables); i++)
    if (*count_slot (&counted, i) != *count_slot ((CdBackupSummary *) expected, i))
      {
        g_autofree char *found = cd_format_integer_vi (*count_slot (&counted, i));
        g_autofree char *wanted =
          cd_format_integer_vi (*count_slot ((CdBackupSummary *) expected, i));

        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                     _("The copy written to %s holds %s rows of %s, not %s as the store did."),
                     path, found, counted_tables[i], wanted);
        return FALSE;
      }
  return TRUE;
}

/* Copies `source` to `dest` by way of `dest`.partial, checking the copy; with `stamp`, the copy
 * carries its summary. `summary` gets what it holds. */
static gboolean
write_copy (CdDatabase            *source,
            const char            *dest,
            GDateTime             *taken_at,
            const char            *office_code,
            gboolean               stamp,
            CdBackupProgressFunc   progress,
            gpointer               progress_data,
            CdBackupSummary      **summary,
            GCancellable          *cancellable,
            GError               **error)
{
  sqlite3 *src = cd_database_get_handle (source);
  g_autofree char *tmp = g_strconcat (dest, ".partial", NULL);
  g_autoptr(CdDatabase) target = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(CdBackupSummary) snapshot = g_new0 (CdBackupSummary, 1);
  gboolean began = FALSE;
  gboolean ok;

  /* One read transaction for the counts and the pages alike: the copy is of one moment, and in
   * WAL mode nobody's writes wait for it. */
  if (sqlite3_get_autocommit (src))
    {
      if (!cd_database_begin (source, error))
        return FALSE;
      began = TRUE;
    }
  ok = count_rows (source, snapshot, error);
  if (ok)
    {
      snapshot->schema_version = cd_database_get_schema_version (source);
      if (taken_at == NULL)
        taken_at = now = g_date_time_new_now_utc ();
      {
        g_autoptr(GDateTime) utc = g_date_time_to_utc (taken_at);
        snapshot->taken_at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      }
      snapshot->office_code = office_code != NULL
                                ? g_strdup (office_code)
                                : cd_settings_dup_text (source, CD_SETTING_OFFICE_CODE, NULL,
                                                        NULL);
      target = create_file (tmp, error);
      ok = target != NULL
           && copy_pages (source, target, COPY_SHARE, progress, progress_data, cancellable,
                          error);
    }
  if (began)
    cd_database_rollback (source);

  if (ok && progress != NULL)
    progress (COPY_SHARE, progress_data);
  ok = ok && finish_copy (target, snapshot, stamp, error);
  /* Closed before it is synced and renamed. */
  g_clear_object (&target);
  ok = ok && sync_file (tmp, error) && rename_into_place (tmp, dest, error);
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (progress != NULL)
    progress (1.0, progress_data);
  if (summary != NULL)
    {
      g_free (snapshot->path);
      snapshot->path = g_strdup (dest);
      file_size (dest, &snapshot->size);
      *summary = g_steal_pointer (&snapshot);
    }
  return TRUE;
}

gboolean
cd_backup_copy (CdDatabase            *source,
                const char            *dest,
                GDateTime             *taken_at,
                const char            *office_code,
                CdBackupProgressFunc   progress,
                gpointer               progress_data,
                CdBackupSummary      **summary,
                GCancellable          *cancellable,
                GError               **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (source), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  return write_copy (source, dest, taken_at, office_code, TRUE, progress, progress_data, summary,
                     cancellable, error);
}

gboolean
cd_backup_to_file (CdDatabase  *db,
                   const char  *dest,
                   GError     **error)
{
  return cd_backup_copy (db, dest, NULL, NULL, NULL, NULL, NULL, NULL, error);
}

/* ---- reading and checking a backup ---------------------------------------------------------- */

static gboolean
not_a_backup (const char  *path,
              CdDatabase  *db,
              int          version,
              GError     **error)
{
  if (version < 0)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("%s is not a ClaimDesk backup (%s)."), path,
                   sqlite3_errmsg (cd_database_get_handle (db)));
      return TRUE;
    }
  if (version < 1)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("%s is not a ClaimDesk backup (it has no ClaimDesk tables)."), path);
      return TRUE;
    }
  return FALSE;
}

static CdBackupSummary *
summarize (CdDatabase  *db,
           const char  *path,
           gboolean     recount,
           GError     **error)
{
  g_autoptr(CdBackupSummary) summary = g_new0 (CdBackupSummary, 1);
  CdBackupSummary counted = { 0 };
  gboolean stamped;
  int version = cd_database_get_schema_version (db);

  if (not_a_backup (path, db, version, error))
    return NULL;
  summary->path = g_strdup (path);
  summary->schema_version = version;
  file_size (path, &summary->size);
  stamped = read_stamp (db, summary);
  if (stamped && !recount)
    return g_steal_pointer (&summary);

  if (!count_rows (db, &counted, error))
    return NULL;
  if (stamped)
    for (guint i = 0; i < G_N_ELEMENTS (counted_tables); i++)
      if (*count_slot (&counted, i) != *count_slot (summary, i))
        {
          g_autofree char *found = cd_format_integer_vi (*count_slot (&counted, i));
          g_autofree char *written = cd_format_integer_vi (*count_slot (summary, i));

          g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                       _("The backup %s is damaged: it holds %s rows of %s, but was written "
                         "with %s; it cannot be restored."),
                       path, found, counted_tables[i], written);
          return NULL;
        }
  for (guint i = 0; i < G_N_ELEMENTS (counted_tables); i++)
    *count_slot (summary, i) = *count_slot (&counted, i);
  return g_steal_pointer (&summary);
}

CdBackupSummary *
cd_backup_read_summary (const char  *path,
                        GError     **error)
{
  g_autoptr(CdDatabase) db = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  db = open_backup_file (path, error);
  return db != NULL ? summarize (db, path, FALSE, error) : NULL;
}

CdBackupSummary *
cd_backup_verify (const char  *path,
                  GError     **error)
{
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdBackupSummary) summary = NULL;
  g_autofree char *damage = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  db = open_backup_file (path, error);
  if (db == NULL || not_a_backup (path, db, cd_database_get_schema_version (db), error))
    return NULL;
  damage = find_damage (db);
  if (damage != NULL)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT,
                   _("The backup %s is damaged (%s); it cannot be restored."), path, damage);
      return NULL;
    }
  summary = summarize (db, path, TRUE, error);
  if (summary == NULL)
    return NULL;
  if (summary->schema_version > cd_database_get_latest_version ())
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_TOO_NEW,
                   _("The backup %s has schema version %d, newer than this ClaimDesk understands "
                     "(%d)."),
                   path, summary->schema_version, cd_database_get_latest_version ());
      return NULL;
    }
  return g_steal_pointer (&summary);
}

/* ---- restoring ------------------------------------------------------------------------------ */

static int
page_size (CdDatabase *db)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, "PRAGMA page_size", NULL);

  return stmt != NULL && cd_statement_step (stmt, NULL) == CD_STEP_ROW
           ? cd_statement_get_int (stmt, 0) : -1;
}

gboolean
cd_backup_restore_into (CdDatabase            *store,
                        const char            *from,
                        CdBackupProgressFunc   progress,
                        gpointer               progress_data,
                        GError               **error)
{
  g_autoptr(CdDatabase) source = NULL;
  int from_pages, store_pages;

  g_return_val_if_fail (CD_IS_DATABASE (store), FALSE);
  g_return_val_if_fail (!cd_database_is_read_only (store), FALSE);
  g_return_val_if_fail (!cd_database_in_transaction (store), FALSE);
  g_return_val_if_fail (from != NULL, FALSE);

  source = open_backup_file (from, error);
  if (source == NULL)
    return FALSE;
  /* A store in WAL mode takes only pages of its own size. */
  from_pages = page_size (source);
  store_pages = page_size (store);
  if (from_pages != store_pages)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY,
                   _("The backup %s has pages of %d bytes and the store %s of %d: it cannot be "
                     "copied into the open store."),
                   from, from_pages, cd_database_get_path (store), store_pages);
      return FALSE;
    }
  return copy_pages (source, store, 1.0, progress, progress_data, NULL, error);
}

gboolean
cd_backup_restore (const char  *path,
                   const char  *from,
                   GError     **error)
{
  g_autoptr(CdBackupSummary) summary = NULL;
  g_autoptr(CdDatabase) source = NULL;

  g_return_val_if_fail (path != NULL && from != NULL, FALSE);

  summary = cd_backup_verify (from, error);
  if (summary == NULL)
    return FALSE;
  source = open_backup_file (from, error);
  if (source == NULL || !write_copy (source, path, NULL, NULL, FALSE, NULL, NULL, NULL, NULL, error))
    return FALSE;

  /* The replaced file's write-ahead log belongs to it: it must not be replayed over the restored
   * one. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  return TRUE;
}

/* The file's bytes as they are, and its write-ahead log beside the copy. */
static gboolean
copy_bytes (const char  *store_path,
            const char  *dest,
            GError     **error)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (store_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (dest, suffixes[i], NULL);
      g_autofree char *tmp = g_strconcat (to, ".partial", NULL);
      g_autoptr(GFile) source = g_file_new_for_path (from);
      g_autoptr(GFile) target = g_file_new_for_path (tmp);
      g_autoptr(GError) local_error = NULL;

      if (i > 0 && !g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error)
          || g_chmod (tmp, 0600) != 0)
        {
          g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                       _("Cannot keep a copy of %s in %s: %s"), from, to,
                       local_error != NULL ? local_error->message : g_strerror (errno));
          g_unlink (tmp);
          return FALSE;
        }
      if (!sync_file (tmp, error) || !rename_into_place (tmp, to, error))
        {
          g_unlink (tmp);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cd_backup_safety_copy (const char       *store_path,
                       const char       *dest,
                       CdBackupSummary **summary,
                       GError          **error)
{
  g_autoptr(CdDatabase) reader = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (store_path != NULL && dest != NULL, FALSE);

  if (summary != NULL)
    *summary = NULL;
  reader = cd_database_open_reader (store_path, &local_error);
  if (reader == NULL && g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_BEHIND))
    {
      /* An earlier schema is still a store a reader of its own can copy. */
      sqlite3 *db = NULL;

      g_clear_error (&local_error);
      if (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL)
          == SQLITE_OK)
        reader = cd_database_wrap_handle (db, store_path, TRUE);
      else
        sqlite3_close_v2 (db);
    }
  if (reader != NULL
      && cd_backup_copy (reader, dest, NULL, NULL, NULL, NULL, summary, NULL, &local_error))
    return TRUE;
  /* A store too damaged to copy page by page is still kept, as it is. */
  g_debug ("Keeping %s byte for byte: %s", store_path,
           local_error != NULL ? local_error->message : "");
  return copy_bytes (store_path, dest, error);
}

/* ---- folders -------------------------------------------------------------------------------- */

static char *
file_name_code (const char *office_code)
{
  char *code = g_strdup (office_code != NULL && *office_code != '\0' ? office_code : "LOCAL");

  for (char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      *p = '_';
  return code;
}

char *
cd_backup_file_name (const char *office_code,
                     GDateTime  *taken_at,
                     const char *suffix)
{
  g_autofree char *code = file_name_code (office_code);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (taken_at != NULL, NULL);

  local = g_date_time_to_local (taken_at);
  stamp = g_date_time_format (local, "%Y%m%d-%H%M%S");
  return g_strdup_printf ("claimdesk-%s-%s%s.db", code, stamp, suffix != NULL ? suffix : "");
}

static gboolean
is_backup_name (const char *name)
{
  return g_str_has_prefix (name, "claimdesk-") && g_str_has_suffix (name, ".db");
}

typedef struct
{
  CdBackupSummary *summary;
  char            *sort_key;  /* taken_at, else the file's modification time, as ISO 8601 UTC */
} Listed;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Listed *x = a;
  const Listed *y = b;
  int by_time = g_strcmp0 (y->sort_key, x->sort_key);

  return by_time != 0 ? by_time : g_strcmp0 (y->summary->path, x->summary->path);
}

static char *
modified_at (const char *path)
{
  GStatBuf buf;
  g_autoptr(GDateTime) when = NULL;

  if (g_stat (path, &buf) != 0)
    return g_strdup ("");
  when = g_date_time_new_from_unix_utc (buf.st_mtime);
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

GPtrArray *
cd_backup_list (const char  *folder,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (Listed));
  GPtrArray *backups;
  const char *name;

  g_return_val_if_fail (folder != NULL, NULL);

  backups = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_backup_summary_free);
  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
          || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        return backups;
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                   _("Cannot read the backup folder %s: %s"), folder, local_error->message);
      g_ptr_array_unref (backups);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) read_error = NULL;
      Listed item;

      if (!is_backup_name (name))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      item.summary = cd_backup_read_summary (path, &read_error);
      if (item.summary == NULL)
        {
          item.summary = g_new0 (CdBackupSummary, 1);
          item.summary->path = g_strdup (path);
          item.summary->problem = g_strdup (read_error->message);
          file_size (path, &item.summary->size);
        }
      item.sort_key = item.summary->taken_at != NULL ? g_strdup (item.summary->taken_at)
                                                     : modified_at (path);
      g_array_append_val (listed, item);
    }
  g_array_sort (listed, compare_newest_first);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *item = &g_array_index (listed, Listed, i);

      g_ptr_array_add (backups, item->summary);
      g_free (item->sort_key);
    }
  return backups;
}

/* claimdesk-<code>-YYYYMMDD-HHMMSS.db, exactly. */
static gboolean
is_daily_name (const char *name,
               const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;
  rest = name + strlen (prefix);
  if (strlen (rest) != strlen ("YYYYMMDD-HHMMSS.db") || !g_str_has_suffix (rest, ".db"))
    return FALSE;
  for (guint i = 0; i < 15; i++)
    if (i == 8 ? rest[i] != '-' : !g_ascii_isdigit (rest[i]))
      return FALSE;
  return TRUE;
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) b, *(const char * const *) a);
}

gboolean
cd_backup_rotate (const char  *folder,
                  const char  *office_code,
                  guint        keep,
                  guint       *n_removed,
                  GError     **error)
{
  g_autofree char *code = file_name_code (office_code);
  g_autofree char *prefix = g_strdup_printf ("claimdesk-%s-", code);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (folder != NULL, FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                   _("Cannot read the backup folder %s: %s"), folder, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_daily_name (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  /* The time in the name sorts as the time does. Never none: the newest always stays. */
  g_ptr_array_sort (names, compare_names_newest_first);
  for (guint i = MAX (keep, 1); i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) != 0)
        {
          int saved = errno;

          g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                       _("Cannot remove the old backup %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      removed++;
    }
  if (n_removed != NULL)
    *n_removed = removed;
  return TRUE;
}
