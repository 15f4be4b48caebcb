/* cd-sync-worker.h — delivers the outbox of frozen decisions to the central system.
 *
 * Each outbox item has its own state (queued → sending → acknowledged / refused / quarantined),
 * attempts, last error and next attempt time; docs/sync.md describes the protocol. The worker has
 * its own SQLite connection to the store, used only on the thread that runs a delivery, so the UI's
 * connection is never shared across threads.
 *
 * Two ways to run it: cd_sync_worker_run_once (blocking; or the _async pair, on a GTask thread)
 * drains what it can now; cd_sync_worker_start keeps syncing, when GNetworkMonitor says the network
 * is up and on a retry timer with exponential backoff, until cd_sync_worker_stop. The "progress"
 * signal is emitted on the main context the worker was created in; the UI's indicator then reads
 * cd_sync_worker_get_counts and cd_sync_worker_dup_last_error.
 */
#pragma once

#include <gio/gio.h>

#include "cd-central-client.h"
#include "cd-database.h"
#include "cd-sync-error.h"

G_BEGIN_DECLS

/* How many outbox items are in each state now. */
typedef struct
{
  guint queued;
  guint sending;
  guint acknowledged;
  guint refused;
  guint quarantined;
} CdSyncCounts;

/* What one delivery run did. */
typedef struct
{
  guint    sent;          /* items handed to the central system (a re-sent split counts once) */
  guint    acknowledged;  /* accepted, or a duplicate of one filed before */
  guint    refused;       /* refused by central: the claim was reopened with the reason */
  guint    quarantined;   /* conflict, invalid, or locally damaged: a human must look */
  guint    deferred;      /* back to queued after a transport failure, with a backoff */
  guint    remaining;     /* queued or sending when the run ended */
  gboolean unreachable;   /* the run's last exchange could not reach the central system */
} CdSyncReport;

typedef enum
{
  CD_SYNC_ALL_PENDING = 0,      /* every queued item now, whatever its backoff (a user's "sync") */
  CD_SYNC_DUE_ONLY    = 1 << 0  /* only items whose next attempt time has come (the retry timer) */
} CdSyncFlags;

#define CD_TYPE_SYNC_WORKER (cd_sync_worker_get_type ())
G_DECLARE_FINAL_TYPE (CdSyncWorker, cd_sync_worker, CD, SYNC_WORKER, GObject)

CdSyncWorker *cd_sync_worker_new              (const char           *db_path,
                                               CdCentralClient      *central);
void          cd_sync_worker_set_batch_size   (CdSyncWorker         *self,
                                               guint                 batch_size);
/* The per-item backoff after a transport failure: base · 2^(attempts−1), capped, equal jitter. */
void          cd_sync_worker_set_item_backoff (CdSyncWorker         *self,
                                               guint                 base_ms,
                                               guint                 max_ms);
/* The loop's retry timer after a run that could not reach central, and its idle period. */
void          cd_sync_worker_set_retry_timer  (CdSyncWorker         *self,
                                               guint                 base_ms,
                                               guint                 max_ms,
                                               guint                 idle_period_ms);

/* Blocking: call from a worker thread (or a CLI). FALSE only when the store itself failed; a
 * central system that cannot be reached is reported in `report`, not as an error. */
gboolean      cd_sync_worker_run_once         (CdSyncWorker         *self,
                                               CdSyncFlags           flags,
                                               CdSyncReport         *report,
                                               GCancellable         *cancellable,
                                               GError              **error);
void          cd_sync_worker_run_once_async   (CdSyncWorker         *self,
                                               CdSyncFlags           flags,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      cd_sync_worker_run_once_finish  (CdSyncWorker         *self,
                                               GAsyncResult         *result,
                                               CdSyncReport         *report,
                                               GError              **error);

/* Loop mode on the thread-default main context: runs at once, then whenever the network comes up
 * and on the retry timer. cd_sync_worker_stop cancels a run under way (its items go back to
 * queued). */
void          cd_sync_worker_start            (CdSyncWorker         *self);
void          cd_sync_worker_stop             (CdSyncWorker         *self);
/* TRUE while a delivery runs (loop mode's, or any run_once): the UI greys "Sync now" meanwhile. */
gboolean      cd_sync_worker_is_running       (CdSyncWorker         *self);

/* The indicator's data: counts as of the last progress, and the last delivery error (NULL if the
 * last run had none). */
void          cd_sync_worker_get_counts       (CdSyncWorker         *self,
                                               CdSyncCounts         *counts);
char         *cd_sync_worker_dup_last_error   (CdSyncWorker         *self);

/* Reads the outbox's counts through any connection. */
gboolean      cd_sync_read_counts             (CdDatabase           *db,
                                               CdSyncCounts         *counts,
                                               GError              **error);

/* Backoff in milliseconds for an item tried `attempts` times: the full delay d = min (max, base ·
 * 2^(attempts−1)), of which half is fixed and half drawn from `random` (0 ≤ random < 2^32). */
guint         cd_sync_backoff_ms              (guint                 attempts,
                                               guint                 base_ms,
                                               guint                 max_ms,
                                               guint32               random);

G_END_DECLS
