/* cd-sync-worker-private.h — what the worker object (cd-sync-worker.c) and its delivery run
 * (cd-sync-run.c) share. */
#pragma once

#include "cd-database.h"
#include "cd-sync-worker.h"

G_BEGIN_DECLS

#define CD_SYNC_MAX_BATCH 500

struct _CdSyncWorker
{
  GObject          parent_instance;

  char            *db_path;
  CdCentralClient *central;
  guint            batch_size;
  guint            item_base_ms;
  guint            item_max_ms;
  guint            timer_base_ms;
  guint            timer_max_ms;
  guint            idle_period_ms;

  GMainContext    *context;       /* where "progress" is emitted */
  GThread         *owner;

  GMutex           lock;          /* guards counts and last_error */
  CdSyncCounts     counts;
  char            *last_error;

  GMutex           run_lock;      /* one delivery at a time; guards db */
  gint             busy;          /* atomic: a run (of any caller) is under way */
  CdDatabase      *db;            /* opened on the first run; its statements are cached on it
                                   * (cd_database_prepare_cached) */

  /* Loop mode (owner thread only). */
  gboolean         looping;
  gboolean         in_flight;
  CdSyncFlags      next_flags;    /* the first run and a run when the network returns try all */
  guint            failed_runs;
  guint            timer_id;
  gulong           network_handler;
  GNetworkMonitor *monitor;
  GCancellable    *loop_cancellable;
};

/* Emits "progress" on the worker's main context (at once if called there). */
void cd_sync_worker_emit_progress (CdSyncWorker *self);

G_END_DECLS
