/* cd-sync-worker.c — the outbox's delivery: batches, per-item states, backoff, crash recovery.
 *
 * Crash safety rests on three rules. Items are marked `sending` (attempts + 1) in a committed
 * transaction before the request leaves, so a crash leaves them visible; a run re-sends every item
 * it finds `sending`, which is safe because central intake is idempotent by id + payload hash; and
 * each answer is recorded in one transaction with the claim's status, so an item is never
 * acknowledged without its receipt or its claim.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-http-client.h"
#include "cd-sync-worker.h"
#include "cd-url-policy.h"

G_DEFINE_QUARK (cd-sync-error-quark, cd_sync_error)

/* An item that failed this many times goes alone in its batch, so a poison item (one that makes the
 * server or this process fail) can only ever take itself down. */
#define SUSPECT_ATTEMPTS 3
/* Two batches in a row that cannot reach central end the run: the line is down, not one batch. */
#define MAX_TRANSPORT_FAILURES_IN_A_ROW 2
#define MAX_BATCH 500

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

  GMutex           lock;          /* guards counts, last_error and running_once */
  CdSyncCounts     counts;
  char            *last_error;
  gboolean         running_once;

  GMutex           run_lock;      /* one delivery at a time; guards db */
  gint             busy;          /* atomic: a run (of any caller) is under way */
  CdDatabase      *db;            /* opened on the first run */
  GHashTable      *statements;    /* SQL text → prepared statement on db (a claims UPDATE takes
                                   * 0.5 ms to prepare: more than it takes to run) */

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

G_DEFINE_FINAL_TYPE (CdSyncWorker, cd_sync_worker, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64  outbox_id;
  guint   attempts;
  char   *claim_number;
  char   *uuid;
  char   *payload;
  char   *payload_sha256;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->claim_number);
  g_free (item->uuid);
  g_free (item->payload);
  g_free (item->payload_sha256);
}

/* ---- time and backoff ---------------------------------------------------------------------- */

static char *
time_text (gint64 offset_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, offset_ms * G_TIME_SPAN_MILLISECOND);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

guint
cd_sync_backoff_ms (guint   attempts,
                    guint   base_ms,
                    guint   max_ms,
                    guint32 random)
{
  guint64 delay = base_ms;
  guint64 half;

  for (guint i = 1; i < attempts && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) max_ms);
  /* "Equal jitter": half is fixed so a retry is never immediate, half is random so a whole office
   * coming back on line does not retry in step. */
  half = delay / 2;
  return (guint) (delay - half + (half * (guint64) random >> 32));
}

/* ---- the store ---------------------------------------------------------------------------- */

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s failed: %s"),
                   sql,
                   message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* A statement prepared once per connection. `sql` must be a string literal: its address is the
 * key. */
static sqlite3_stmt *
cached (CdSyncWorker  *self,
        const char    *sql,
        GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (!prepare (cd_database_get_handle (self->db), sql, &stmt, error))
        return NULL;
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  return stmt;
}

static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_sync_read_counts (sqlite3       *db,
                     CdSyncCounts  *counts,
                     GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL && counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  if (!prepare (db, "SELECT state, count(*) FROM outbox GROUP BY state", &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 0);
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      if (g_str_equal (state, "queued"))
        counts->queued = n;
      else if (g_str_equal (state, "sending"))
        counts->sending = n;
      else if (g_str_equal (state, "acknowledged"))
        counts->acknowledged = n;
      else if (g_str_equal (state, "refused"))
        counts->refused = n;
      else if (g_str_equal (state, "quarantined"))
        counts->quarantined = n;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* The claim's side of an answer. The workflow module owns these transitions
 * (cd_workflow_mark_synced / cd_workflow_refuse_by_central (db, claim_number, …), which also write
 * the audit entry and join the caller's transaction); until it is merged they are done here, in
 * these two functions only, with the same arguments after `self` (kept for the statement cache). */
static gboolean
sync_mark_claim_synced (CdSyncWorker  *self,
                        CdDatabase    *db,
                        const char    *claim_number,
                        const char    *receipt,
                        GError       **error)
{
  sqlite3_stmt *stmt = cached (self, "UPDATE claims SET status = ?, updated_at = ?"
                                     " WHERE number = ? AND status IN (?, ?)", error);
  g_autofree char *now = time_text (0);

  (void) receipt;  /* kept on the outbox item; the workflow will also cite it in the audit log */
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, CD_CLAIM_STATUS_SYNCED);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, claim_number, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, CD_CLAIM_STATUS_APPROVED);
  sqlite3_bind_int (stmt, 5, CD_CLAIM_STATUS_QUEUED);
  return step_done (cd_database_get_handle (db), stmt, error);
}

static gboolean
sync_mark_claim_refused_by_central (CdSyncWorker  *self,
                                    CdDatabase    *db,
                                    const char    *claim_number,
                                    const char    *reason,
                                    GError       **error)
{
  sqlite3_stmt *stmt = cached (self, "UPDATE claims SET status = ?, status_note = ?, updated_at = ?"
                                     " WHERE number = ? AND status IN (?, ?, ?)", error);
  g_autofree char *now = time_text (0);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, CD_CLAIM_STATUS_REOPENED);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, claim_number, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, CD_CLAIM_STATUS_APPROVED);
  sqlite3_bind_int (stmt, 6, CD_CLAIM_STATUS_QUEUED);
  sqlite3_bind_int (stmt, 7, CD_CLAIM_STATUS_REFUSED);
  return step_done (cd_database_get_handle (db), stmt, error);
}

/* Moves one item from state `from` to `state`. `receipt`, `error_text` and `next_at` may be NULL
 * (and then clear). Guarded by `from`: if another process (the GUI and a `sync` command on the same
 * store) settled the item meanwhile, it is left as that process recorded it and *moved is FALSE. */
static gboolean
set_item (CdSyncWorker  *self,
          gint64         outbox_id,
          const char    *from,
          const char    *state,
          const char    *receipt,
          const char    *error_text,
          const char    *next_at,
          gboolean      *moved,
          GError       **error)
{
  sqlite3_stmt *stmt = cached (self, "UPDATE outbox SET state = ?,"
                                     " central_receipt = coalesce (?, central_receipt),"
                                     " last_error = ?, next_attempt_at = ?, updated_at = ?"
                                     " WHERE id = ? AND state = ?", error);
  sqlite3 *db = cd_database_get_handle (self->db);
  g_autofree char *now = time_text (0);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, receipt, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, error_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, next_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, outbox_id);
  sqlite3_bind_text (stmt, 7, from, -1, SQLITE_STATIC);
  if (!step_done (db, stmt, error))
    return FALSE;
  *moved = sqlite3_changes (db) == 1;
  return TRUE;
}

static gboolean
commit_or_rollback (sqlite3   *db,
                    gboolean   ok,
                    GError   **error)
{
  if (ok)
    return exec (db, "COMMIT", error);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* ---- one run ------------------------------------------------------------------------------- */

typedef struct
{
  CdSyncWorker *self;
  sqlite3      *db;
  CdSyncReport *report;
  GCancellable *cancellable;
  char         *last_error;
  CdSyncCounts  counts;       /* read at the start, then kept by move_item: a GROUP BY over a
                               * large outbox after every batch would cost more than the batch */
} Run;

typedef enum
{
  DELIVERED,     /* every item has an answer recorded (or was quarantined) */
  UNREACHABLE,   /* some items went back to queued after a transport failure */
  CANCELLED,
  STORE_FAILED,
} Delivery;

static void
run_note_error (Run        *run,
                const char *message)
{
  g_free (run->last_error);
  run->last_error = g_strdup (message);
}

static guint *
count_slot (CdSyncCounts *counts,
            const char   *state)
{
  if (g_str_equal (state, "queued"))
    return &counts->queued;
  if (g_str_equal (state, "sending"))
    return &counts->sending;
  if (g_str_equal (state, "acknowledged"))
    return &counts->acknowledged;
  if (g_str_equal (state, "refused"))
    return &counts->refused;
  g_assert (g_str_equal (state, "quarantined"));
  return &counts->quarantined;
}

/* set_item for an item known to be in state `from`, keeping the run's counts. */
static gboolean
move_item (Run         *run,
           gint64       outbox_id,
           const char  *from,
           const char  *to,
           const char  *receipt,
           const char  *error_text,
           const char  *next_at,
           GError     **error)
{
  guint *was = count_slot (&run->counts, from);
  gboolean moved = FALSE;

  if (!set_item (run->self, outbox_id, from, to, receipt, error_text, next_at, &moved, error))
    return FALSE;
  if (!moved)
    return TRUE;
  if (*was > 0)
    (*was)--;
  (*count_slot (&run->counts, to))++;
  return TRUE;
}

static void
emit_progress_now (CdSyncWorker *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
}

static gboolean
emit_progress_idle (gpointer data)
{
  emit_progress_now (data);
  return G_SOURCE_REMOVE;
}

static void
publish_progress (Run *run)
{
  g_mutex_lock (&run->self->lock);
  run->self->counts = run->counts;
  g_free (run->self->last_error);
  run->self->last_error = g_strdup (run->last_error);
  g_mutex_unlock (&run->self->lock);

  if (g_thread_self () == run->self->owner)
    emit_progress_now (run->self);
  else
    g_main_context_invoke_full (run->self->context, G_PRIORITY_DEFAULT, emit_progress_idle,
                                g_object_ref (run->self), g_object_unref);
}

/* The ids to try this run, fixed at its start so an item that fails is not tried again in the same
 * run. Items left `sending` by a crash come first; suspects last. */
static GArray *
pending_ids (Run          *run,
             CdSyncFlags   flags,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = time_text (0);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (run->db,
                "SELECT id FROM outbox WHERE state = 'sending' OR (state = 'queued' AND (?1 = 0"
                "  OR next_attempt_at IS NULL OR next_attempt_at <= ?2))"
                " ORDER BY state = 'queued', attempts >= ?3, id", &stmt, error))
    return NULL;
  sqlite3_bind_int (stmt, 1, (flags & CD_SYNC_DUE_ONLY) != 0);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, SUSPECT_ATTEMPTS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s"),
                   sqlite3_errmsg (run->db));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Loads the items of ids[first…] that are still pending, at most `max` of them, and marks them
 * `sending` with one more attempt, in one committed transaction. A suspect item is taken alone. An
 * item whose frozen payload is missing or does not match its hash is quarantined here: sending it
 * would only be refused as invalid, and it is our data that is damaged. */
static gboolean
take_batch (Run      *run,
            GArray   *ids,
            guint    *next,
            guint     max,
            GArray   *items,
            GError  **error)
{
  sqlite3_stmt *load = NULL;
  sqlite3_stmt *mark = NULL;
  gboolean ok = TRUE;

  if (!exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  load = cached (run->self, "SELECT o.attempts, d.id IS NOT NULL, d.uuid, c.number, d.payload,"
                            "  d.payload_sha256, o.state = 'sending'"
                            " FROM outbox o LEFT JOIN decisions d ON d.id = o.decision_id"
                            " LEFT JOIN claims c ON c.id = d.claim_id"
                            " WHERE o.id = ? AND o.state IN ('queued', 'sending')", error);
  mark = cached (run->self, "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
                            " updated_at = ? WHERE id = ?", error);
  ok = load != NULL && mark != NULL;

  while (ok && *next < ids->len && items->len < max)
    {
      gint64 outbox_id = g_array_index (ids, gint64, *next);
      Item item = { outbox_id, 0, NULL, NULL, NULL, NULL };
      const char *problem = NULL;
      const char *was = "queued";
      gboolean suspect;
      g_autofree char *now = time_text (0);

      sqlite3_bind_int64 (load, 1, outbox_id);
      if (sqlite3_step (load) != SQLITE_ROW)
        {
          sqlite3_reset (load);
          (*next)++;   /* no longer pending: another run delivered it */
          continue;
        }
      item.attempts = (guint) sqlite3_column_int (load, 0);
      suspect = item.attempts >= SUSPECT_ATTEMPTS;
      if (suspect && items->len > 0)
        {
          sqlite3_reset (load);
          break;       /* a suspect starts a batch of its own */
        }
      item.uuid = g_strdup ((const char *) sqlite3_column_text (load, 2));
      item.claim_number = g_strdup ((const char *) sqlite3_column_text (load, 3));
      item.payload = g_strdup ((const char *) sqlite3_column_text (load, 4));
      item.payload_sha256 = g_strdup ((const char *) sqlite3_column_text (load, 5));
      if (sqlite3_column_int (load, 6))
        was = "sending";
      if (sqlite3_column_int (load, 1) == 0)
        problem = _("local: the outbox item has no decision");
      sqlite3_reset (load);
      (*next)++;

      if (problem == NULL && (item.payload == NULL || item.payload_sha256 == NULL))
        problem = _("local: the decision was never frozen (no payload or hash)");
      if (problem == NULL)
        {
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, item.payload,
                                                                -1);
          if (g_ascii_strcasecmp (sha, item.payload_sha256) != 0)
            problem = _("local: the frozen payload does not match its SHA-256; it was changed "
                        "after approval and is not sent");
        }
      if (problem != NULL)
        {
          ok = move_item (run, outbox_id, was, "quarantined", NULL, problem, NULL, error);
          run->report->quarantined++;
          run_note_error (run, problem);
          item_clear (&item);
          continue;
        }

      sqlite3_bind_text (mark, 1, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (mark, 2, outbox_id);
      ok = step_done (run->db, mark, error);
      if (ok)
        {
          guint *slot = count_slot (&run->counts, was);

          *slot -= *slot > 0;
          run->counts.sending++;
        }
      item.attempts++;
      g_array_append_val (items, item);
      if (suspect)
        break;
    }
  return commit_or_rollback (run->db, ok, error);
}

/* Puts items back to queued after a failed exchange. A cancelled run is not their fault: they may
 * go again at once. */
static gboolean
requeue (Run           *run,
         Item          *items,
         guint          n,
         const char    *message,
         gboolean       backoff,
         GError       **error)
{
  gboolean ok;

  if (!exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < n; i++)
    {
      g_autofree char *next_at = NULL;

      if (backoff)
        next_at = time_text (cd_sync_backoff_ms (items[i].attempts, run->self->item_base_ms,
                                                 run->self->item_max_ms, g_random_int ()));
      ok = move_item (run, items[i].outbox_id, "sending", "queued", NULL, message, next_at, error);
    }
  if (backoff)
    run->report->deferred += n;
  return commit_or_rollback (run->db, ok, error);
}

static gboolean
record_one (Run                   *run,
            const Item            *item,
            const CdCentralResult *result,
            GError               **error)
{
  g_autofree char *text = NULL;

  if (result == NULL)
    {
      g_autofree char *next_at = time_text (cd_sync_backoff_ms (
          item->attempts, run->self->item_base_ms, run->self->item_max_ms, g_random_int ()));
      text = g_strdup (_("central: the answer had no result for this decision"));
      run->report->deferred++;
      run_note_error (run, text);
      return move_item (run, item->outbox_id, "sending", "queued", NULL, text, next_at, error);
    }

  switch (result->outcome)
    {
    case CD_CENTRAL_ACCEPTED:
    case CD_CENTRAL_DUPLICATE:
      if (result->receipt == NULL || *result->receipt == '\0')
        {
          g_autofree char *next_at = time_text (cd_sync_backoff_ms (
              item->attempts, run->self->item_base_ms, run->self->item_max_ms, g_random_int ()));
          text = g_strdup (_("central: the decision was filed but the answer had no receipt"));
          run->report->deferred++;
          run_note_error (run, text);
          return move_item (run, item->outbox_id, "sending", "queued", NULL, text, next_at, error);
        }
      run->report->acknowledged++;
      return move_item (run, item->outbox_id, "sending", "acknowledged", result->receipt, NULL,
                        NULL, error)
             && sync_mark_claim_synced (run->self, run->self->db, item->claim_number,
                                        result->receipt, error);

    case CD_CENTRAL_REFUSED:
      text = g_strdup (result->reason != NULL && *result->reason != '\0'
                       ? result->reason
                       : _("the central system refused the decision without a reason"));
      run->report->refused++;
      return move_item (run, item->outbox_id, "sending", "refused", NULL, text, NULL, error)
             && sync_mark_claim_refused_by_central (run->self, run->self->db,
                                                        item->claim_number, text, error);

    case CD_CENTRAL_CONFLICT:
      text = g_strdup_printf (_("conflict: the central system already holds decision %s with a "
                                "different payload (receipt %s); nothing was overwritten, a "
                                "supervisor must compare the two"),
                              item->uuid, result->receipt != NULL ? result->receipt : "—");
      run->report->quarantined++;
      run_note_error (run, text);
      return move_item (run, item->outbox_id, "sending", "quarantined", NULL, text, NULL, error);

    case CD_CENTRAL_INVALID:
    default:
      text = g_strdup_printf (_("invalid: the central system rejected the decision as malformed: "
                                "%s"), result->reason != NULL ? result->reason : "?");
      run->report->quarantined++;
      run_note_error (run, text);
      return move_item (run, item->outbox_id, "sending", "quarantined", NULL, text, NULL, error);
    }
}

static gboolean
record_results (Run        *run,
                Item       *items,
                guint       n,
                GPtrArray  *results,
                GError    **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = TRUE;

  for (guint i = 0; i < results->len; i++)
    {
      CdCentralResult *result = g_ptr_array_index (results, i);
      if (result->id != NULL)
        g_hash_table_insert (by_id, result->id, result);
    }

  if (!exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; ok && i < n; i++)
    ok = record_one (run, &items[i], g_hash_table_lookup (by_id, items[i].uuid), error);
  return commit_or_rollback (run->db, ok, error);
}

/* Sends items[0…n) and records the answers. A batch the server will not take as a whole (a 4xx, or
 * an answer that cannot be read) is split in halves until the item at fault stands alone; so one
 * malformed item costs log2 (n) extra requests and never holds the others back. */
static Delivery
deliver (Run      *run,
         Item     *items,
         guint     n,
         GError  **error)
{
  g_autofree CdOutboundDecision *outbound = g_new0 (CdOutboundDecision, n);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean whole_batch_refused;

  for (guint i = 0; i < n; i++)
    outbound[i] = (CdOutboundDecision) { items[i].uuid, items[i].payload_sha256, items[i].payload };

  run->report->sent += n;
  results = cd_central_client_submit_decisions (run->self->central, outbound, n, run->cancellable,
                                                &local_error);
  if (results != NULL)
    return record_results (run, items, n, results, error) ? DELIVERED : STORE_FAILED;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return requeue (run, items, n, NULL, FALSE, error) ? CANCELLED : STORE_FAILED;

  whole_batch_refused = g_error_matches (local_error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REJECTED);
  if (n > 1 && (whole_batch_refused
                || g_error_matches (local_error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER)))
    {
      Delivery first, second;

      run->report->sent -= n;   /* counted again in the halves */
      first = deliver (run, items, n / 2, error);
      if (first == STORE_FAILED || first == CANCELLED)
        {
          if (first == CANCELLED)
            requeue (run, items + n / 2, n - n / 2, NULL, FALSE, NULL);
          return first;
        }
      second = deliver (run, items + n / 2, n - n / 2, error);
      if (second != DELIVERED)
        return second;
      return first;
    }

  run_note_error (run, local_error->message);
  if (whole_batch_refused)
    {
      g_autofree char *text = g_strdup_printf (_("invalid: the central system would not take this "
                                                 "decision: %s"), local_error->message);
      gboolean ok;

      run->report->quarantined++;
      if (!exec (run->db, "BEGIN IMMEDIATE", error))
        return STORE_FAILED;
      ok = move_item (run, items[0].outbox_id, "sending", "quarantined", NULL, text, NULL, error);
      return commit_or_rollback (run->db, ok, error) ? DELIVERED : STORE_FAILED;
    }
  return requeue (run, items, n, local_error->message, TRUE, error) ? UNREACHABLE : STORE_FAILED;
}

static gboolean
ensure_database (CdSyncWorker  *self,
                 GError       **error)
{
  if (self->db != NULL)
    return TRUE;
  /* Not the full quick_check: the UI's connection has done it, and it reads every page. */
  self->db = cd_database_open_unchecked (self->db_path, error);
  if (self->db == NULL)
    return FALSE;
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, statement_free);
  return TRUE;
}

gboolean
cd_sync_worker_run_once (CdSyncWorker  *self,
                         CdSyncFlags    flags,
                         CdSyncReport  *report,
                         GCancellable  *cancellable,
                         GError       **error)
{
  CdSyncReport local_report = { 0 };
  Run run = { self, NULL, report != NULL ? report : &local_report, cancellable, NULL };
  g_autoptr(GArray) ids = NULL;
  guint next = 0;
  guint failures_in_a_row = 0;
  gboolean ok = TRUE;
  CdSyncCounts counts;

  g_return_val_if_fail (CD_IS_SYNC_WORKER (self), FALSE);

  memset (run.report, 0, sizeof *run.report);
  if (!g_mutex_trylock (&self->run_lock))
    {
      g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_BUSY,
                   _("A delivery of the outbox is already under way"));
      return FALSE;
    }
  if (!ensure_database (self, error))
    {
      g_mutex_unlock (&self->run_lock);
      return FALSE;
    }
  run.db = cd_database_get_handle (self->db);
  if (!cd_sync_read_counts (run.db, &run.counts, error))
    {
      g_mutex_unlock (&self->run_lock);
      return FALSE;
    }
  g_atomic_int_set (&self->busy, 1);

  ids = pending_ids (&run, flags, error);
  ok = ids != NULL;
  while (ok && next < ids->len)
    {
      g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (Item));
      Delivery delivery;

      g_array_set_clear_func (batch, (GDestroyNotify) item_clear);
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!take_batch (&run, ids, &next, self->batch_size, batch, error))
        {
          ok = FALSE;
          break;
        }
      if (batch->len == 0)
        continue;

      delivery = deliver (&run, (Item *) (void *) batch->data, batch->len, error);
      publish_progress (&run);
      if (delivery == STORE_FAILED)
        ok = FALSE;
      else if (delivery == CANCELLED)
        break;
      else if (delivery == UNREACHABLE && ++failures_in_a_row >= MAX_TRANSPORT_FAILURES_IN_A_ROW)
        {
          run.report->unreachable = TRUE;
          break;
        }
      else if (delivery == DELIVERED)
        failures_in_a_row = 0;
    }

  /* Its last exchange failed for want of a line, whether or not the run had more to try. */
  if (failures_in_a_row > 0)
    run.report->unreachable = TRUE;
  /* Counted again at the end: another process may have worked on the outbox meanwhile. */
  if (cd_sync_read_counts (run.db, &counts, NULL))
    run.counts = counts;
  run.report->remaining = run.counts.queued + run.counts.sending;
  /* Also clears a last error that this run, going well, made stale. */
  publish_progress (&run);
  g_free (run.last_error);
  g_atomic_int_set (&self->busy, 0);
  g_mutex_unlock (&self->run_lock);
  return ok;
}

static void
run_once_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CdSyncWorker *self = source_object;
  CdSyncFlags flags = GPOINTER_TO_UINT (task_data);
  CdSyncReport *report = g_new0 (CdSyncReport, 1);
  GError *error = NULL;

  if (cd_sync_worker_run_once (self, flags, report, cancellable, &error))
    g_task_return_pointer (task, report, g_free);
  else
    {
      g_free (report);
      g_task_return_error (task, error);
    }
}

void
cd_sync_worker_run_once_async (CdSyncWorker        *self,
                               CdSyncFlags          flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_SYNC_WORKER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_sync_worker_run_once_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  /* Cancellation is handled inside (items go back to queued), so the result is the run's own. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_once_thread);
}

gboolean
cd_sync_worker_run_once_finish (CdSyncWorker  *self,
                                GAsyncResult  *result,
                                CdSyncReport  *report,
                                GError       **error)
{
  g_autofree CdSyncReport *answer = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;
  if (report != NULL)
    *report = *answer;
  return TRUE;
}

/* ---- loop mode ---------------------------------------------------------------------------- */

static void schedule_run (CdSyncWorker *self, guint delay_ms);

static gboolean
central_is_loopback (CdSyncWorker *self)
{
  const char *url = cd_central_client_get_base_url (self->central);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL
         && cd_url_host_is_loopback (g_uri_get_host (uri));
}

static gboolean
network_is_up (CdSyncWorker *self)
{
  /* A loopback central (demo, tests) needs no network; the monitor would say "down" in a sandbox
   * without a default route. */
  return g_network_monitor_get_network_available (self->monitor) || central_is_loopback (self);
}

static void
loop_run_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdSyncWorker *self = CD_SYNC_WORKER (source);
  g_autoptr(GError) error = NULL;
  CdSyncReport report = { 0 };
  guint delay;

  self->in_flight = FALSE;
  if (!cd_sync_worker_run_once_finish (self, result, &report, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->looping)
        return;
      g_warning ("sync: %s", error->message);
      report.unreachable = TRUE;
      report.remaining = 1;
    }
  if (!self->looping)
    return;

  if (report.unreachable || report.deferred > 0)
    {
      self->failed_runs++;
      delay = cd_sync_backoff_ms (self->failed_runs, self->timer_base_ms, self->timer_max_ms,
                                  g_random_int ());
    }
  else
    {
      self->failed_runs = 0;
      delay = self->idle_period_ms;
    }
  schedule_run (self, delay);
}

static void
start_run (CdSyncWorker *self)
{
  if (self->in_flight || !self->looping)
    return;
  if (!network_is_up (self))
    {
      /* network-changed starts the next run; the timer still looks now and then, in case the
       * monitor is wrong (a proxy, a VPN it does not see). */
      schedule_run (self, self->idle_period_ms);
      return;
    }
  self->in_flight = TRUE;
  cd_sync_worker_run_once_async (self, self->next_flags, self->loop_cancellable, loop_run_done,
                                 NULL);
  self->next_flags = CD_SYNC_DUE_ONLY;
}

static gboolean
timer_fired (gpointer data)
{
  CdSyncWorker *self = data;

  self->timer_id = 0;
  start_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_run (CdSyncWorker *self,
              guint         delay_ms)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add (delay_ms, timer_fired, self);
}

static void
network_changed (GNetworkMonitor *monitor,
                 gboolean         available,
                 gpointer         user_data)
{
  CdSyncWorker *self = user_data;

  if (available && self->looping && !self->in_flight)
    {
      /* Back on line: try at once, and forget the backoff of the outage. */
      self->failed_runs = 0;
      self->next_flags = CD_SYNC_ALL_PENDING;
      schedule_run (self, 0);
    }
}

void
cd_sync_worker_start (CdSyncWorker *self)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));

  if (self->looping)
    return;
  self->looping = TRUE;
  self->failed_runs = 0;
  g_clear_object (&self->loop_cancellable);
  self->loop_cancellable = g_cancellable_new ();
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed), self);
  /* Starting (the application, or `sync`) is a moment to try everything, backoff or not. */
  self->next_flags = CD_SYNC_ALL_PENDING;
  schedule_run (self, 0);
}

void
cd_sync_worker_stop (CdSyncWorker *self)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));

  if (!self->looping)
    return;
  self->looping = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_cancellable_cancel (self->loop_cancellable);
}

gboolean
cd_sync_worker_is_running (CdSyncWorker *self)
{
  g_return_val_if_fail (CD_IS_SYNC_WORKER (self), FALSE);

  return self->in_flight || g_atomic_int_get (&self->busy);
}

/* ---- the object --------------------------------------------------------------------------- */

void
cd_sync_worker_get_counts (CdSyncWorker *self,
                           CdSyncCounts *counts)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (counts != NULL);

  g_mutex_lock (&self->lock);
  *counts = self->counts;
  g_mutex_unlock (&self->lock);
}

char *
cd_sync_worker_dup_last_error (CdSyncWorker *self)
{
  char *text;

  g_return_val_if_fail (CD_IS_SYNC_WORKER (self), NULL);

  g_mutex_lock (&self->lock);
  text = g_strdup (self->last_error);
  g_mutex_unlock (&self->lock);
  return text;
}

void
cd_sync_worker_set_batch_size (CdSyncWorker *self,
                               guint         batch_size)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (batch_size > 0);

  self->batch_size = MIN (batch_size, MAX_BATCH);
}

void
cd_sync_worker_set_item_backoff (CdSyncWorker *self,
                                 guint         base_ms,
                                 guint         max_ms)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms);

  self->item_base_ms = base_ms;
  self->item_max_ms = max_ms;
}

void
cd_sync_worker_set_retry_timer (CdSyncWorker *self,
                                guint         base_ms,
                                guint         max_ms,
                                guint         idle_period_ms)
{
  g_return_if_fail (CD_IS_SYNC_WORKER (self));
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms && idle_period_ms > 0);

  self->timer_base_ms = base_ms;
  self->timer_max_ms = max_ms;
  self->idle_period_ms = idle_period_ms;
}

static void
cd_sync_worker_dispose (GObject *object)
{
  CdSyncWorker *self = CD_SYNC_WORKER (object);

  cd_sync_worker_stop (self);
  g_clear_object (&self->loop_cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->central);
  G_OBJECT_CLASS (cd_sync_worker_parent_class)->dispose (object);
}

static void
cd_sync_worker_finalize (GObject *object)
{
  CdSyncWorker *self = CD_SYNC_WORKER (object);

  /* The statements first: a connection with live statements does not close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->db);
  g_free (self->db_path);
  g_free (self->last_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->run_lock);
  G_OBJECT_CLASS (cd_sync_worker_parent_class)->finalize (object);
}

static void
cd_sync_worker_class_init (CdSyncWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_sync_worker_dispose;
  object_class->finalize = cd_sync_worker_finalize;

  /* Emitted on the worker's main context after each batch and at the end of each run. */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cd_sync_worker_init (CdSyncWorker *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->run_lock);
  self->batch_size = 100;
  self->item_base_ms = 15 * 1000;
  self->item_max_ms = 60 * 60 * 1000;
  self->timer_base_ms = 2 * 1000;
  self->timer_max_ms = 5 * 60 * 1000;
  self->idle_period_ms = 30 * 1000;
}

CdSyncWorker *
cd_sync_worker_new (const char      *db_path,
                    CdCentralClient *central)
{
  CdSyncWorker *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (central), NULL);

  self = g_object_new (CD_TYPE_SYNC_WORKER, NULL);
  self->db_path = g_strdup (db_path);
  self->central = g_object_ref (central);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  return self;
}
