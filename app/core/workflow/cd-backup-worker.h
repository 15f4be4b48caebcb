/* cd-backup-worker.h — the workstation's daily backup, and the state the header bar shows.
 *
 * One worker per store (the context makes it, as it makes the sync worker). Started, it checks
 * soon and then every hour whether the last good backup is a day old, by the clock it was given
 * (the context's, which tests replace), and if so makes one (cd_store_backup_run) in a worker
 * thread: the main loop only keeps the timer. cd_backup_worker_run_async makes one now ("Back Up
 * Now", "Try Again"). A run asked for while one is under way shares that run's result.
 *
 * What it says — running, how far, the last good backup, the last failure — are properties,
 * notified on the main context the worker was made in. A failure stays until a backup succeeds.
 */
#pragma once

#include <gio/gio.h>

#include "cd-clock.h"
#include "cd-session.h"
#include "cd-store-backup.h"

G_BEGIN_DECLS

/* The first check after start (the workstation's start-up is busy enough), then the period. */
#define CD_BACKUP_FIRST_CHECK_SECONDS 30
#define CD_BACKUP_CHECK_SECONDS       3600

#define CD_TYPE_BACKUP_WORKER (cd_backup_worker_get_type ())
G_DECLARE_FINAL_TYPE (CdBackupWorker, cd_backup_worker, CD, BACKUP_WORKER, GObject)

CdBackupWorker  *cd_backup_worker_new             (const char          *db_path,
                                                   CdClock             *clock);
const char      *cd_backup_worker_get_db_path     (CdBackupWorker      *self);

/* Checks after CD_BACKUP_FIRST_CHECK_SECONDS, then every CD_BACKUP_CHECK_SECONDS, on the
 * thread-default main context; stop cancels a backup under way. */
void             cd_backup_worker_start           (CdBackupWorker      *self);
void             cd_backup_worker_stop            (CdBackupWorker      *self);
gboolean         cd_backup_worker_get_started     (CdBackupWorker      *self);

/* Makes a backup now, as `by` (NULL: the system) in the audit log. Finishes with what it holds. */
void             cd_backup_worker_run_async       (CdBackupWorker      *self,
                                                   CdSession           *by,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CdBackupSummary *cd_backup_worker_run_finish      (CdBackupWorker      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* What the timer does: reads when the last good backup was taken and, if one is due by the clock
 * (cd_store_backup_is_due), makes one as the system. `ran` says whether it did. */
void             cd_backup_worker_check_async     (CdBackupWorker      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean         cd_backup_worker_check_finish    (CdBackupWorker      *self,
                                                   GAsyncResult        *result,
                                                   gboolean            *ran,
                                                   GError             **error);

gboolean         cd_backup_worker_get_running     (CdBackupWorker      *self);
/* How far the run under way is, 0 to 1. */
double           cd_backup_worker_get_fraction    (CdBackupWorker      *self);
/* Why the last backup failed; NULL once one has succeeded (and before any failed). */
const char      *cd_backup_worker_get_last_error  (CdBackupWorker      *self);
/* When the last good backup was taken (ISO 8601 UTC), as far as this worker knows; NULL if none. */
const char      *cd_backup_worker_get_last_backup (CdBackupWorker      *self);

G_END_DECLS
