/* cd-sync-run.c — one delivery run of the outbox: batches, per-item states, backoff, recovery.
 *
 * Crash safety rests on three rules. Items are marked `sending` (attempts + 1) in a committed
 * transaction before the request leaves, so a crash leaves them visible; a run re-sends every item
 * it finds `sending`, which is safe because central intake is idempotent by id + payload hash; and
 * each answer is recorded in one transaction with the claim's status, so an item is never
 * acknowledged without its receipt or its claim. docs/sync.md has the whole protocol.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-claim-types.h"
#include "cd-clock.h"
#include "cd-database.h"
#include "cd-http-client.h"
#include "cd-statement.h"
#include "cd-sync-worker-private.h"
#include "cd-workflow.h"

/* An item that failed this many times goes alone in its batch, so a poison item (one that makes the
 * server or this process fail) can only ever take itself down. */
#define SUSPECT_ATTEMPTS 3
/* Two batches in a row that cannot reach central end the run: the line is down, not one batch. */
#define MAX_TRANSPORT_FAILURES_IN_A_ROW 2

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

/* ---- backoff ---------------------------------------------------------------------- */

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
begin (CdDatabase  *db,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (cd_database_begin_immediate (db, &local_error))
    return TRUE;
  g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s failed: %s"),
               "BEGIN IMMEDIATE", local_error->message);
  return FALSE;
}

static gboolean
commit_or_rollback (CdDatabase  *db,
                    gboolean     ok,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ok && cd_database_commit (db, &local_error))
    return TRUE;
  if (local_error != NULL)
    g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s failed: %s"),
                 "COMMIT", local_error->message);
  cd_database_rollback (db);
  return FALSE;
}

gboolean
cd_sync_read_counts (CdDatabase    *db,
                     CdSyncCounts  *counts,
                     GError       **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (db) && counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  stmt = cd_database_prepare (db, "SELECT state, count(*) FROM outbox GROUP BY state",
                              &local_error);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      const char *state = cd_statement_get_text (stmt, 0);
      guint n = (guint) cd_statement_get_int64 (stmt, 1);

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
  if (step == CD_STEP_FAILED)
    return cd_sync_error_outbox (error, local_error);
  return TRUE;
}

/* ---- one run ------------------------------------------------------------------------------- */

typedef struct
{
  CdSyncWorker *self;
  CdDatabase   *db;
  CdSyncReport *report;
  GCancellable *cancellable;
  char         *last_error;
  CdSyncCounts  counts;       /* read at the start, then kept by move_item: a GROUP BY over a
                               * large outbox after every batch would cost more than the batch */
  gboolean      moved;        /* whether the last move_item changed the item (not another process) */
  gboolean      access_refused;  /* central refused the office or officer: no batch can go */
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

  if (!cd_sync_set_item (run->db, outbox_id, from, to, receipt, error_text, next_at, &moved,
                         error))
    return FALSE;
  run->moved = moved;
  if (!moved)
    return TRUE;
  if (*was > 0)
    (*was)--;
  (*count_slot (&run->counts, to))++;
  return TRUE;
}

static void
publish_progress (Run *run)
{
  g_mutex_lock (&run->self->lock);
  run->self->counts = run->counts;
  g_free (run->self->last_error);
  run->self->last_error = g_strdup (run->last_error);
  g_mutex_unlock (&run->self->lock);

  cd_sync_worker_emit_progress (run->self);
}

/* The ids to try this run, fixed at its start so an item that fails is not tried again in the same
 * run. Suspects come last, even when a crash left them `sending`: an item that kills the process
 * must not be the first thing every restart sends. Other `sending` leftovers come first. */
static GArray *
pending_ids (Run          *run,
             CdSyncFlags   flags,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = cd_sync_time_text (0);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (run->db,
                              "SELECT id FROM outbox WHERE state = 'sending' OR (state = 'queued'"
                              "  AND (?1 = 0 OR next_attempt_at IS NULL OR next_attempt_at <= ?2))"
                              " ORDER BY attempts >= ?3, state = 'queued', id",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, (flags & CD_SYNC_DUE_ONLY) != 0);
      cd_statement_bind_text (stmt, 2, now);
      cd_statement_bind_int64 (stmt, 3, SUSPECT_ATTEMPTS);
    }
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      gint64 id = cd_statement_get_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (step == CD_STEP_FAILED)
    {
      cd_sync_error_outbox (error, local_error);
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
  g_autoptr(CdStatement) load = NULL;
  g_autoptr(CdStatement) mark = NULL;
  gboolean ok = TRUE;

  if (!begin (run->db, error))
    return FALSE;
  load = cd_sync_cached (run->db,
                         "SELECT o.attempts, d.id IS NOT NULL, d.uuid, c.number, d.payload,"
                         "  d.payload_sha256, o.state = 'sending'"
                         " FROM outbox o LEFT JOIN decisions d ON d.id = o.decision_id"
                         " LEFT JOIN claims c ON c.id = d.claim_id"
                         " WHERE o.id = ? AND o.state IN ('queued', 'sending')", error);
  mark = cd_sync_cached (run->db, "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
                                  " updated_at = ? WHERE id = ?", error);
  ok = load != NULL && mark != NULL;

  while (ok && *next < ids->len && items->len < max)
    {
      gint64 outbox_id = g_array_index (ids, gint64, *next);
      Item item = { outbox_id, 0, NULL, NULL, NULL, NULL };
      const char *problem = NULL;
      const char *was = "queued";
      gboolean suspect;
      g_autofree char *now = cd_sync_time_text (0);
      g_autoptr(GError) local_error = NULL;
      CdStep step;

      cd_statement_bind_int64 (load, 1, outbox_id);
      step = cd_statement_step (load, &local_error);
      if (step == CD_STEP_FAILED)
        {
          ok = cd_sync_error_outbox (error, local_error);
          break;
        }
      if (step == CD_STEP_DONE)
        {
          cd_statement_reset (load);
          (*next)++;   /* no longer pending: another run delivered it */
          continue;
        }
      item.attempts = (guint) cd_statement_get_int (load, 0);
      suspect = item.attempts >= SUSPECT_ATTEMPTS;
      if (suspect && items->len > 0)
        {
          cd_statement_reset (load);
          break;       /* a suspect starts a batch of its own */
        }
      item.uuid = cd_statement_dup_text (load, 2);
      item.claim_number = cd_statement_dup_text (load, 3);
      item.payload = cd_statement_dup_text (load, 4);
      item.payload_sha256 = cd_statement_dup_text (load, 5);
      if (cd_statement_get_int (load, 6))
        was = "sending";
      if (cd_statement_get_int (load, 1) == 0)
        problem = _("local: the outbox item has no decision");
      cd_statement_reset (load);
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

      cd_statement_bind_text (mark, 1, now);
      cd_statement_bind_int64 (mark, 2, outbox_id);
      ok = cd_sync_run_write (mark, error);
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

  if (!begin (run->db, error))
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < n; i++)
    {
      g_autofree char *next_at = NULL;

      if (backoff)
        next_at = cd_sync_time_text (cd_sync_backoff_ms (items[i].attempts,
                                                         run->self->item_base_ms,
                                                         run->self->item_max_ms, g_random_int ()));
      ok = move_item (run, items[i].outbox_id, "sending", "queued", NULL, message, next_at, error);
    }
  if (backoff)
    run->report->deferred += n;
  return commit_or_rollback (run->db, ok, error);
}

/* Records one answer through cd_sync_record_answer, the same code a receipts bundle goes through,
 * and keeps the run's counts and report. */
static gboolean
record_one (Run                   *run,
            const Item            *item,
            const CdCentralResult *result,
            GError               **error)
{
  CdSyncAnswerItem answer_item = { item->outbox_id, item->attempts, item->claim_number,
                                   item->uuid };
  CdSyncAnswer answer;
  gboolean ok;

  ok = cd_sync_record_answer (run->db, &answer_item, "sending", result, run->self->item_base_ms,
                              run->self->item_max_ms, &answer, error);
  if (answer.note != NULL)
    run_note_error (run, answer.note);
  g_free (answer.note);
  switch (answer.kind)
    {
    case CD_SYNC_ANSWER_ACKNOWLEDGED:
      run->report->acknowledged++;
      break;
    case CD_SYNC_ANSWER_REFUSED:
      run->report->refused++;
      break;
    case CD_SYNC_ANSWER_QUARANTINED:
      run->report->quarantined++;
      break;
    case CD_SYNC_ANSWER_DEFERRED:
    default:
      run->report->deferred++;
      break;
    }
  run->moved = answer.moved;
  if (ok && answer.moved)
    {
      guint *was = count_slot (&run->counts, "sending");

      if (*was > 0)
        (*was)--;
      (*count_slot (&run->counts, answer.to))++;
    }
  return ok;
}

/* Keeps the anchor central answered with, in the answers' transaction. A head central refused
 * (the log went back, or disagrees with what central holds) is the run's error for a person to
 * see; the decisions themselves were filed, since they carry their own hashes. The log is also
 * checked against the anchor central holds: central orders heads by this workstation's clock, so a
 * log cut back with the clock turned back is "older" there, but not here. */
static gboolean
record_anchor (Run                  *run,
               const CdAuditAnchor  *held,
               GError              **error)
{
  CdAuditAnchorMatch match = CD_AUDIT_ANCHOR_HOLDS;
  gint64 last_seq = 0;

  if (held == NULL)
    return TRUE;
  if (cd_audit_anchor_is_refused (held))
    {
      g_autofree char *text = g_strdup_printf (_("The central system refused this workstation’s "
                                                 "audit log head (%s): %s"),
                                               held->status,
                                               held->message != NULL ? held->message : "");
      run_note_error (run, text);
    }
  if (!cd_audit_log_check_anchor (run->db, held->seq, held->hash, &match, &last_seq, error))
    return FALSE;
  if (match != CD_AUDIT_ANCHOR_HOLDS)
    {
      g_autofree char *text = g_strdup_printf (_("This workstation’s audit log no longer holds "
                                                 "entry %lld as the central system anchored it: "
                                                 "it was cut back or rewritten (it ends at entry "
                                                 "%lld). Run claimdesk-cli verify-audit."),
                                               (long long) held->seq, (long long) last_seq);
      run_note_error (run, text);
    }
  return cd_audit_log_record_anchor (run->db, held->seq, held->hash, "sync", held->status, error);
}

static gboolean
record_results (Run                  *run,
                Item                 *items,
                guint                 n,
                GPtrArray            *results,
                const CdAuditAnchor  *held,
                GError              **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = TRUE;

  for (guint i = 0; i < results->len; i++)
    {
      CdCentralResult *result = g_ptr_array_index (results, i);
      if (result->id != NULL)
        g_hash_table_insert (by_id, result->id, result);
    }

  if (!begin (run->db, error))
    return FALSE;
  for (guint i = 0; ok && i < n; i++)
    ok = record_one (run, &items[i], g_hash_table_lookup (by_id, items[i].uuid), error);
  if (ok)
    ok = record_anchor (run, held, error);
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
  g_autoptr(CdAuditAnchor) head = NULL;
  g_autoptr(CdAuditAnchor) held = NULL;
  gboolean whole_batch_refused;

  for (guint i = 0; i < n; i++)
    outbound[i] = (CdOutboundDecision) { items[i].uuid, items[i].payload_sha256, items[i].payload };

  /* Every request carries the audit log's head, read from what is committed, so central can keep
   * it where nobody with this database can cut it back (docs/workflow.md). */
  head = cd_sync_read_audit_head (run->db, error);
  if (head == NULL)
    return STORE_FAILED;

  run->report->sent += n;
  results = cd_central_client_submit_decisions_with_head (run->self->central, outbound, n, head,
                                                          &held, run->cancellable, &local_error);
  if (results != NULL)
    return record_results (run, items, n, results, held, error) ? DELIVERED : STORE_FAILED;

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
  /* Not enrolled, unknown credentials, or a revoked office or officer: every other batch would be
   * refused the same way. The items go back to queued, untouched but for the attempt, and wait
   * for an administrator; nothing is lost. */
  if (g_error_matches (local_error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED)
      || g_error_matches (local_error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_CREDENTIALS)
      || g_error_matches (local_error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_NOT_ENROLLED))
    run->access_refused = TRUE;
  if (whole_batch_refused)
    {
      g_autofree char *text = g_strdup_printf (_("invalid: the central system would not take this "
                                                 "decision: %s"), local_error->message);
      gboolean ok;

      run->report->quarantined++;
      if (!begin (run->db, error))
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
  return self->db != NULL;
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
  run.db = self->db;
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
      else if (delivery == UNREACHABLE && run.access_refused)
        {
          run.report->unreachable = TRUE;
          break;
        }
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
