/* cd-backup.h — copying the office store out (backup), checking a copy, and copying it back in
 * (restore).
 *
 * A backup is an ordinary SQLite file made with SQLite's online backup API from one read snapshot
 * of the store, on a connection of its own: in WAL mode a reader never blocks the writers, so the
 * workstation keeps working while it is made. It is written to `<name>.partial`, stamped with its
 * summary (the settings key backup.summary: when it was taken, the office, the schema version and
 * how many claims, decisions, users and audit entries it holds), checked — PRAGMA integrity_check,
 * the schema version, and those four row counts against the snapshot it was copied from — synced
 * to disk, and only then renamed to its name: a failed backup never leaves a file that looks like
 * one. Its summary can be read without opening it as a store (cd_backup_read_summary).
 *
 * What is done with backups — the daily schedule, the folder, how many are kept, the audit
 * entries — is workflow/cd-store-backup.h's. This module only copies files and reads them.
 */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

/* Called from the thread doing the copy, with how much of it is done (0 to 1). */
typedef void (*CdBackupProgressFunc) (double   fraction,
                                      gpointer user_data);

/* What a backup holds, read from the file. */
typedef struct
{
  char   *path;             /* the file */
  char   *taken_at;         /* ISO 8601 UTC; NULL if the file does not say (a copy made by hand) */
  char   *office_code;      /* the office it was taken for; NULL if unknown */
  int     schema_version;
  gint64  n_claims;
  gint64  n_decisions;
  gint64  n_users;
  gint64  n_audit_entries;
  gint64  size;             /* bytes on disk */
  char   *problem;          /* cd_backup_list only: why the file could not be read, else NULL */
} CdBackupSummary;

CdBackupSummary *cd_backup_summary_copy    (const CdBackupSummary *summary);
void             cd_backup_summary_free    (CdBackupSummary       *summary);
/* The summary as a JSON object's text (the audit entries quote it): file, taken_at, office,
 * schema_version, claims, decisions, users, audit_entries. */
char            *cd_backup_summary_to_json (const CdBackupSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdBackupSummary, cd_backup_summary_free)

/* Copies the store behind `source` (any connection on it; a reader of its own is best, as the copy
 * reads every page) to `dest`, replacing it, as described above. `taken_at` (NULL: now) and
 * `office_code` (NULL: not recorded) go into the copy's summary, which `summary` (may be NULL)
 * gets. Cancelling stops between batches of pages and removes the partial file. */
gboolean         cd_backup_copy            (CdDatabase            *source,
                                            const char            *dest,
                                            GDateTime             *taken_at,
                                            const char            *office_code,
                                            CdBackupProgressFunc   progress,
                                            gpointer               progress_data,
                                            CdBackupSummary      **summary,
                                            GCancellable          *cancellable,
                                            GError               **error);
/* The same, taken now, without an office code or progress (claimdesk-cli backup DEST). */
gboolean         cd_backup_to_file         (CdDatabase            *db,
                                            const char            *dest,
                                            GError               **error);

/* The summary the file carries (counted from the file when it carries none), without checking
 * every page: quick enough for a list. Fails, naming the file, if it is not a ClaimDesk database. */
CdBackupSummary *cd_backup_read_summary    (const char            *path,
                                            GError               **error);
/* Everything a restore needs to know first: every page is sound (PRAGMA integrity_check), the
 * schema version is one this program can open, and the file holds the rows its summary says.
 * CD_DATABASE_ERROR_CORRUPT or _TOO_NEW with a message naming the file otherwise. */
CdBackupSummary *cd_backup_verify          (const char            *path,
                                            GError               **error);

/* Copies the backup `from` into the open store `store` through SQLite's backup API, in one write
 * transaction: every connection on the store (this process's readers, the sync worker's, another
 * program's) sees either the old store or the restored one, never a mix, and nobody's file is
 * swapped underneath. `store` must be a writer with no transaction open; the caller checks `from`
 * first (cd_backup_verify). Its summary stamp comes along; the caller removes it. */
gboolean         cd_backup_restore_into    (CdDatabase            *store,
                                            const char            *from,
                                            CdBackupProgressFunc   progress,
                                            gpointer               progress_data,
                                            GError               **error);
/* Replaces the database file at `path` with the backup `from`, after checking that `from` is a
 * sound ClaimDesk database no newer than this program. No connection may have `path` open: this is
 * for a store nothing can open any more (claimdesk-cli restore). */
gboolean         cd_backup_restore         (const char            *path,
                                            const char            *from,
                                            GError               **error);
/* A copy of the store at `store_path` as it is now, kept before a restore replaces it: a backup
 * when the store can still be read (`summary` then says what it holds), else the file's bytes as
 * they are (with its write-ahead log beside it, and `summary` NULL), so even a damaged store is
 * kept. */
gboolean         cd_backup_safety_copy     (const char            *store_path,
                                            const char            *dest,
                                            CdBackupSummary      **summary,
                                            GError               **error);

/* Backups in a folder. A daily backup is named claimdesk-<office>-YYYYMMDD-HHMMSS.db (local time;
 * the office code with anything but letters, digits and '-' made '_'); `suffix` (may be NULL)
 * goes before ".db", e.g. "-before-restore" for the safety copy a restore keeps. */
char            *cd_backup_file_name       (const char            *office_code,
                                            GDateTime             *taken_at,
                                            const char            *suffix);
/* Every claimdesk-*.db in `folder`, newest first, each with its summary (or its `problem`). A
 * folder that does not exist (or is not a folder) has none. */
GPtrArray       *cd_backup_list            (const char            *folder,
                                            GError               **error);
/* Removes the oldest daily backups of `office_code` in `folder` beyond the newest `keep`. Only
 * files named exactly as cd_backup_file_name names them (no suffix) are touched: a copy made by
 * hand or a restore's safety copy stays. `n_removed` (may be NULL) gets how many went. */
gboolean         cd_backup_rotate          (const char            *folder,
                                            const char            *office_code,
                                            guint                  keep,
                                            guint                 *n_removed,
                                            GError               **error);

G_END_DECLS
