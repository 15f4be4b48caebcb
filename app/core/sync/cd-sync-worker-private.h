/* cd-sync-worker-private.h — what the worker object (cd-sync-worker.c) and its delivery run
 * (cd-sync-run.c) share. */
#pragma once

#include "cd-database.h"
#include "cd-statement.h"
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

/* ---- shared by the network run and the bundle import (cd-sync-answer.c) -------------------- */

/* Now + offset as ISO 8601 UTC, by the default clock. */
char        *cd_sync_time_text  (gint64        offset_ms);
/* The audit log's head as committed, taken now: the anchor a request or a bundle carries. */
CdAuditAnchor *cd_sync_read_audit_head (CdDatabase  *db,
                                        GError     **error);
/* A statement prepared once per connection; errors become the outbox's. */
CdStatement *cd_sync_cached     (CdDatabase   *db,
                                 const char   *sql,
                                 GError      **error);
/* Runs a write and clears its parameters for the next item. */
gboolean     cd_sync_run_write  (CdStatement  *stmt,
                                 GError      **error);
/* Moves one item from state `from` to `state`. `receipt`, `error_text` and `next_at` may be NULL
 * (and then clear; a receipt already held is kept). Guarded by `from`: if another process settled
 * the item meanwhile, it is left as that process recorded it and *moved is FALSE. */
gboolean     cd_sync_set_item   (CdDatabase   *db,
                                 gint64        outbox_id,
                                 const char   *from,
                                 const char   *state,
                                 const char   *receipt,
                                 const char   *error_text,
                                 const char   *next_at,
                                 gboolean     *moved,
                                 GError      **error);

typedef struct
{
  gint64      outbox_id;
  guint       attempts;       /* for the backoff of an answer that cannot be used */
  const char *claim_number;
  const char *uuid;
} CdSyncAnswerItem;

typedef enum
{
  CD_SYNC_ANSWER_ACKNOWLEDGED,  /* accepted or duplicate, with a receipt; claim synced */
  CD_SYNC_ANSWER_REFUSED,       /* refused; claim reopened with central's reason */
  CD_SYNC_ANSWER_QUARANTINED,   /* conflict or invalid: a human must look */
  CD_SYNC_ANSWER_DEFERRED,      /* no result, or filed without a receipt: queued with a backoff */
} CdSyncAnswerKind;

typedef struct
{
  CdSyncAnswerKind  kind;
  const char       *to;      /* the state the item was moved to (static) */
  gboolean          moved;   /* FALSE: the item had left `from` already and was left alone */
  char             *note;    /* for the run's last error, or NULL; the caller frees it */
} CdSyncAnswer;

/* Records central's answer (`result`, NULL if the answer did not mention the item) for an item in
 * state `from`, with the claim's side, inside the caller's open transaction. */
gboolean     cd_sync_record_answer (CdDatabase              *db,
                                    const CdSyncAnswerItem  *item,
                                    const char              *from,
                                    const CdCentralResult   *result,
                                    guint                    base_ms,
                                    guint                    max_ms,
                                    CdSyncAnswer            *answer,
                                    GError                 **error);

/* Emits "progress" on the worker's main context (at once if called there). */
void cd_sync_worker_emit_progress (CdSyncWorker *self);

G_END_DECLS
