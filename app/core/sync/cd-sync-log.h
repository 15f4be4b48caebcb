/* cd-sync-log.h — what the sync log shows: the outbox items, newest change first.
 *
 * Read through any connection (the UI uses a reader in a worker thread). Problems are the items a
 * person must look at (cd_sync_log_item_is_problem).
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  outbox_id;
  char   *claim_number;
  char   *state;        /* queued, sending, acknowledged, refused, quarantined */
  guint   attempts;
  char   *last_error;   /* NULL when none */
  char   *receipt;      /* the central receipt, once acknowledged */
  char   *updated_at;   /* ISO 8601, UTC */
  gboolean problem;     /* a person must look at it: see cd_sync_log_item_is_problem */
  char   *decision;     /* the frozen decision's UUID */
  char   *next_attempt_at; /* when a queued item may go again; NULL: at once */
} CdSyncLogItem;

void       cd_sync_log_item_free (CdSyncLogItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdSyncLogItem, cd_sync_log_item_free)

/* At most `limit` items, newest change first; with problems_only, only those a person must see.
 * NULL (and error) if the store cannot be read. */
GPtrArray *cd_sync_log_read      (CdDatabase  *db,
                                  gboolean     problems_only,
                                  guint        limit,
                                  GError     **error);

/* Every item, oldest first (outbox order): the whole queue, as `claimdesk-cli queue` lists it. */
GPtrArray *cd_sync_log_read_queue (CdDatabase  *db,
                                   GError     **error);

/* TRUE if the item needs a person: refused, quarantined, or acknowledged by central for a claim
 * this office had meanwhile moved on from (the note says which). An item queued again after a
 * transport error is retrying, not a problem. */
gboolean   cd_sync_log_item_is_problem (const CdSyncLogItem *item);

/* How many items are problems now, by the same rule. */
gboolean   cd_sync_log_count_problems  (CdDatabase  *db,
                                        gint64      *count,
                                        GError     **error);

typedef enum
{
  CD_SYNC_LOG_PROBLEMS_ONLY,   /* the Sync Problems queue */
  CD_SYNC_LOG_PROBLEMS_FIRST,  /* the sync log: problems whatever their age, then the latest */
} CdSyncLogView;

/* The same, read off the main loop through a reader connection of its own on db_path. */
void       cd_sync_log_load_async      (const char          *db_path,
                                        CdSyncLogView        view,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *cd_sync_log_load_finish     (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
