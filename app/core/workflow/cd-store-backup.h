/* cd-store-backup.h — the office's backups: where they go, how many are kept, when one is due,
 * and making or restoring one, each in the audit log.
 *
 * The copying itself is store/cd-backup.h's. This module adds what the office decides and what it
 * must be able to account for: the folder and the number of daily backups kept are settings of the
 * store (table settings), changed only by an administrator, as a `settings.change` audit entry; a
 * backup is due when the last good one is 24 hours old; each backup made is a `store.backup` audit
 * entry and moves `backup.last_at`; a restore is refused unless the backup passes every check,
 * keeps a safety copy of the store it replaces, and is recorded as a `store.restore` entry written
 * into the restored store afterwards, so the log it now continues says so.
 */
#pragma once

#include "cd-backup.h"
#include "cd-database.h"
#include "cd-session.h"

G_BEGIN_DECLS

#define CD_STORE_BACKUP_ERROR (cd_store_backup_error_quark ())

typedef enum
{
  CD_STORE_BACKUP_ERROR_INVALID,  /* a setting out of range, or a folder that is not a full path */
  CD_STORE_BACKUP_ERROR_FOLDER,   /* the backup folder cannot be made or written */
  CD_STORE_BACKUP_ERROR_FAILED,   /* the copy, the check or the store failed; the message says */
} CdStoreBackupError;

GQuark cd_store_backup_error_quark (void);

#define CD_BACKUP_DEFAULT_KEEP     7
#define CD_BACKUP_MAX_KEEP         365
#define CD_BACKUP_INTERVAL_HOURS   24

typedef struct
{
  char     *folder;             /* never NULL once read: the default when none is set */
  gboolean  folder_is_default;  /* no folder is set: $XDG_DATA_HOME/claimdesk/backups */
  guint     keep;               /* daily backups kept, 1 to CD_BACKUP_MAX_KEEP */
  char     *last_at;            /* ISO 8601 UTC of the last good backup; NULL if none */
} CdStoreBackupSettings;

void     cd_store_backup_settings_clear (CdStoreBackupSettings  *settings);
/* Missing or unusable values read as the defaults. */
gboolean cd_store_backup_read_settings  (CdDatabase             *db,
                                         CdStoreBackupSettings  *out,
                                         GError                **error);
/* Admin only; one transaction with its `settings.change` audit entry (before and after). `folder`
 * NULL or "" goes back to the default. Unchanged values are not rewritten. */
gboolean cd_store_backup_write_settings (CdDatabase             *db,
                                         CdSession              *admin,
                                         const char             *folder,
                                         guint                   keep,
                                         GError                **error);

/* Whether the daily backup is due at `now`, the last good one having been taken at `last_at`
 * (NULL: never): when it is CD_BACKUP_INTERVAL_HOURS old, or from more than an hour in the future
 * (the clock was put back). */
gboolean cd_store_backup_is_due         (const char             *last_at,
                                         GDateTime              *now);

/* Makes a backup of the store at `db_path` (blocking: call it in a worker thread): into `folder`
 * (NULL: the setting), named for the office and `now`, checked, and then keeping the newest `keep`
 * daily backups (0: the setting). It is recorded on a writer connection of its own as a
 * `store.backup` audit entry by `by` (NULL: the system, for the schedule and the CLI), which moves
 * `backup.last_at` to `now`. `summary` (may be NULL) gets what the backup holds. */
gboolean cd_store_backup_run            (const char             *db_path,
                                         CdSession              *by,
                                         GDateTime              *now,
                                         const char             *folder,
                                         guint                   keep,
                                         CdBackupProgressFunc    progress,
                                         gpointer                progress_data,
                                         CdBackupSummary       **summary,
                                         GCancellable           *cancellable,
                                         GError                **error);

/* What a restore did. */
typedef struct
{
  CdBackupSummary *restored;     /* the backup the store now holds */
  char            *safety_copy;  /* where the store it replaced was kept; NULL if there was none */
  CdDatabase      *writer;       /* a writer on the restored store, migrated to this schema */
  gboolean         by_kept;      /* the restoring user's account is in the restored store, as it
                                  * was: the session may go on */
} CdStoreRestore;

void     cd_store_restore_clear         (CdStoreRestore         *restore);

/* Restores the store at `db_path` from the backup file `backup` (blocking). The backup is checked
 * whole first (cd_backup_verify) and refused, naming the file, if anything is wrong with it. The
 * store as it is now is then kept in `safety_folder` (NULL: the store's own folder) as
 * claimdesk-<office>-<now>-before-restore.db. With `live` (the store's writer, idle), the backup
 * is copied into the open store, so every connection on it sees the restored store; without, the
 * file is replaced, which is only for a store nothing has open (claimdesk-cli restore). Last, a
 * `store.restore` audit entry by `by` (an administrator; NULL: the system) is written into the
 * restored store, naming the backup and the safety copy; if `by` has no account there, the entry
 * is the system's and names the login. */
gboolean cd_store_backup_restore        (const char             *db_path,
                                         CdDatabase             *live,
                                         const char             *backup,
                                         CdSession              *by,
                                         GDateTime              *now,
                                         const char             *safety_folder,
                                         CdBackupProgressFunc    progress,
                                         gpointer                progress_data,
                                         CdStoreRestore         *out,
                                         GError                **error);

/* Off the main loop for Preferences: the settings and the backups in their folder, read through
 * a reader of its own (free the array with g_ptr_array_unref, the settings with
 * cd_store_backup_settings_clear); a folder that cannot be read is one entry whose `problem`
 * says why. The settings are written on the shared writer. */
void       cd_store_backup_list_async            (const char             *db_path,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
GPtrArray *cd_store_backup_list_finish           (GAsyncResult           *result,
                                                  CdStoreBackupSettings  *settings,
                                                  GError                **error);
void       cd_store_backup_write_settings_async  (CdDatabase             *writer,
                                                  CdSession              *admin,
                                                  const char             *folder,
                                                  guint                   keep,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean   cd_store_backup_write_settings_finish (CdDatabase             *writer,
                                                  GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
