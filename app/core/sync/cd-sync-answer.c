/* cd-sync-answer.c — what one answer of central does to an outbox item and its claim.
 *
 * One function for both ways an answer arrives: the network run (cd-sync-run.c) and a receipts
 * bundle carried back on a USB stick (cd-bundle-store.c). Whatever way it came, an item is
 * acknowledged only with its receipt and its claim synced, refused only with its claim reopened,
 * and every move is guarded by the state it leaves, so an answer recorded first stands.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-clock.h"
#include "cd-statement.h"
#include "cd-sync-worker-private.h"
#include "cd-workflow.h"

char *
cd_sync_time_text (gint64 offset_ms)
{
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_clock_get_default ());
  g_autoptr(GDateTime) then = g_date_time_add (now, offset_ms * G_TIME_SPAN_MILLISECOND);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

CdAuditAnchor *
cd_sync_read_audit_head (CdDatabase  *db,
                         GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  gint64 seq = 0;

  if (!cd_audit_log_read_head (db, &seq, &hash, error))
    return NULL;
  now = cd_sync_time_text (0);
  return cd_audit_anchor_new (seq, hash, now);
}

CdStatement *
cd_sync_cached (CdDatabase  *db,
                const char  *sql,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStatement *stmt = cd_database_prepare_cached (db, sql, &local_error);

  if (stmt == NULL)
    cd_sync_error_outbox (error, local_error);
  return stmt;
}

gboolean
cd_sync_run_write (CdStatement  *stmt,
                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = cd_statement_run (stmt, &local_error);

  cd_statement_clear_bindings (stmt);
  if (!ok)
    return cd_sync_error_outbox (error, local_error);
  return TRUE;
}

gboolean
cd_sync_set_item (CdDatabase  *db,
                  gint64       outbox_id,
                  const char  *from,
                  const char  *state,
                  const char  *receipt,
                  const char  *error_text,
                  const char  *next_at,
                  gboolean    *moved,
                  GError     **error)
{
  g_autoptr(CdStatement) stmt = cd_sync_cached (db,
                                                "UPDATE outbox SET state = ?,"
                                                " central_receipt = coalesce (?, central_receipt),"
                                                " last_error = ?, next_attempt_at = ?,"
                                                " updated_at = ? WHERE id = ? AND state = ?",
                                                error);
  g_autofree char *now = cd_sync_time_text (0);

  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, state);
  cd_statement_bind_text (stmt, 2, receipt);
  cd_statement_bind_text (stmt, 3, error_text);
  cd_statement_bind_text (stmt, 4, next_at);
  cd_statement_bind_text (stmt, 5, now);
  cd_statement_bind_int64 (stmt, 6, outbox_id);
  cd_statement_bind_text (stmt, 7, from);
  if (!cd_sync_run_write (stmt, error))
    return FALSE;
  *moved = cd_database_changes (db) == 1;
  return TRUE;
}

/* The claim's side of an answer, through the workflow so the transition is checked and audited
 * (recorded as the system). Both join the caller's open transaction as a savepoint, so the item
 * and its claim commit together. A claim that is no longer `queued` (an officer reopened it, or it
 * was settled by an earlier answer) keeps its status: the outbox item still records central's
 * answer, and the mismatch is noted rather than blocking every later item. */
static gboolean
settle_claim (CdDatabase    *db,
              gint64         outbox_id,
              const char    *claim_number,
              gboolean       accepted,
              const char    *text,
              CdSyncAnswer  *answer,
              GError       **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  ok = accepted
       ? cd_workflow_mark_synced (db, claim_number, text, &local)
       : cd_workflow_refuse_by_central (db, claim_number, text, &local);
  if (ok)
    return TRUE;
  if (g_error_matches (local, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_ILLEGAL)
      || g_error_matches (local, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_FOUND))
    {
      g_autofree char *note = g_strdup_printf (_("claim %s: %s"), claim_number, local->message);
      g_autoptr(CdStatement) stmt = cd_sync_cached (db,
                                                    "UPDATE outbox SET last_error = ? WHERE id = ?",
                                                    error);

      g_free (answer->note);
      answer->note = g_strdup (note);
      /* Kept on the item too, so the sync log shows it afterwards: central holds a decision for a
       * claim this office has moved on from. */
      if (stmt == NULL)
        return FALSE;
      cd_statement_bind_text (stmt, 1, note);
      cd_statement_bind_int64 (stmt, 2, outbox_id);
      return cd_sync_run_write (stmt, error);
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
defer (CdDatabase              *db,
       const CdSyncAnswerItem  *item,
       const char              *from,
       char                    *text,
       guint                    base_ms,
       guint                    max_ms,
       CdSyncAnswer            *answer,
       GError                 **error)
{
  g_autofree char *next_at = cd_sync_time_text (cd_sync_backoff_ms (item->attempts, base_ms,
                                                                    max_ms, g_random_int ()));

  answer->kind = CD_SYNC_ANSWER_DEFERRED;
  answer->to = "queued";
  answer->note = text;
  return cd_sync_set_item (db, item->outbox_id, from, "queued", NULL, text, next_at,
                           &answer->moved, error);
}

gboolean
cd_sync_record_answer (CdDatabase              *db,
                       const CdSyncAnswerItem  *item,
                       const char              *from,
                       const CdCentralResult   *result,
                       guint                    base_ms,
                       guint                    max_ms,
                       CdSyncAnswer            *answer,
                       GError                 **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db) && item != NULL && from != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);

  memset (answer, 0, sizeof *answer);
  if (result == NULL)
    return defer (db, item, from, g_strdup (_("central: the answer had no result for this "
                                              "decision")), base_ms, max_ms, answer, error);

  switch (result->outcome)
    {
    case CD_CENTRAL_ACCEPTED:
    case CD_CENTRAL_DUPLICATE:
      if (result->receipt == NULL || *result->receipt == '\0')
        return defer (db, item, from, g_strdup (_("central: the decision was filed but the "
                                                  "answer had no receipt")),
                      base_ms, max_ms, answer, error);
      answer->kind = CD_SYNC_ANSWER_ACKNOWLEDGED;
      answer->to = "acknowledged";
      return cd_sync_set_item (db, item->outbox_id, from, "acknowledged", result->receipt, NULL,
                               NULL, &answer->moved, error)
             && (!answer->moved || settle_claim (db, item->outbox_id, item->claim_number, TRUE,
                                                 result->receipt, answer, error));

    case CD_CENTRAL_REFUSED:
      text = g_strdup (result->reason != NULL && *result->reason != '\0'
                       ? result->reason
                       : _("the central system refused the decision without a reason"));
      answer->kind = CD_SYNC_ANSWER_REFUSED;
      answer->to = "refused";
      return cd_sync_set_item (db, item->outbox_id, from, "refused", NULL, text, NULL,
                               &answer->moved, error)
             && (!answer->moved || settle_claim (db, item->outbox_id, item->claim_number, FALSE,
                                                 text, answer, error));

    case CD_CENTRAL_CONFLICT:
      text = g_strdup_printf (_("conflict: the central system already holds decision %s with a "
                                "different payload (receipt %s); nothing was overwritten, a "
                                "supervisor must compare the two"),
                              item->uuid, result->receipt != NULL ? result->receipt : "—");
      answer->kind = CD_SYNC_ANSWER_QUARANTINED;
      answer->to = "quarantined";
      answer->note = g_strdup (text);
      return cd_sync_set_item (db, item->outbox_id, from, "quarantined", NULL, text, NULL,
                               &answer->moved, error);

    case CD_CENTRAL_INVALID:
    default:
      text = g_strdup_printf (_("invalid: the central system rejected the decision as malformed: "
                                "%s"), result->reason != NULL ? result->reason : "?");
      answer->kind = CD_SYNC_ANSWER_QUARANTINED;
      answer->to = "quarantined";
      answer->note = g_strdup (text);
      return cd_sync_set_item (db, item->outbox_id, from, "quarantined", NULL, text, NULL,
                               &answer->moved, error);
    }
}
