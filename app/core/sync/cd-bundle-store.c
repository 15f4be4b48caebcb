/* cd-bundle-store.c — export the outbox to a bundle file, import central's receipts for it.
 *
 * Export holds the store's write lock from reading the items to recording the bundle, with the
 * file written and renamed into place in between: so no other writer can take the same number,
 * and a kill before the commit leaves the file unrecorded — the next export reuses its number and
 * items, and central, idempotent by decision id + payload hash, files nothing twice if both files
 * reach it. Import records each answer through cd_sync_record_answer, guarded by the state each
 * item is in, so an item the network settled first stays as it is.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cd-audit-log.h"
#include "cd-bundle-store.h"
#include "cd-statement.h"
#include "cd-sync-worker-private.h"

/* An answer without a receipt goes back to queued with the network run's item backoff. */
#define ITEM_BASE_MS  15000
#define ITEM_MAX_MS   (3600 * 1000)

void
cd_bundle_export_free (CdBundleExport *result)
{
  if (result == NULL)
    return;
  g_free (result->sha256);
  g_free (result->path);
  g_free (result);
}

static void
import_item_free (CdBundleImportItem *item)
{
  g_free (item->decision);
  g_free (item->claim_number);
  g_free (item->status);
  g_free (item->text);
  g_free (item);
}

void
cd_bundle_import_free (CdBundleImport *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->items);
  g_ptr_array_unref (result->payload_errors);
  cd_audit_anchor_free (result->audit_anchor);
  g_free (result);
}

void
cd_bundle_record_free (CdBundleRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->file_name);
  g_free (record->sha256);
  g_free (record->created_at);
  g_free (record->state);
  g_free (record->answered_at);
  g_free (record->receipts_sha256);
  g_free (record);
}

static gboolean
store_failed (GError       **error,
              const GError  *cause)
{
  if (g_error_matches (cause, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT))
    g_set_error (error, cause->domain, cause->code, _("File bundles: %s"), cause->message);
  else
    g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_DATABASE, _("File bundles: %s"),
                 cause->message);
  return FALSE;
}

static gboolean
exec_write (CdStatement  *stmt,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (cd_statement_run (stmt, &local_error))
    return TRUE;
  return store_failed (error, local_error);
}

/* ---- export --------------------------------------------------------------------------------- */

typedef struct
{
  gint64  outbox_id;
  gint64  claim_id;
} Taken;

/* Writes `bytes` at `path` durably: a temporary file beside it, fsync, rename, fsync of the
 * directory. A kill leaves either the old file (or none) or the whole new one, never a part. */
static gboolean
write_durably (const char  *path,
               GBytes      *bytes,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  int fd;

  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_IO, _("%s: cannot write the bundle: %s"),
                   path, local_error->message);
      return FALSE;
    }
  /* The rename itself is only durable once the directory is. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd >= 0)
    {
      if (fsync (fd) != 0)
        g_debug ("%s: fsync of the directory failed: %s", dir, g_strerror (errno));
      close (fd);
    }
  return TRUE;
}

static gint64
next_sequence (CdDatabase  *db,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, "SELECT coalesce (max (sequence), 0) + 1"
                                                         " FROM bundles", &local_error);

  if (stmt == NULL || cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    {
      store_failed (error, local_error);
      return 0;
    }
  return cd_statement_get_int64 (stmt, 0);
}

/* Reads the pending items into `bundle`, quarantining those whose frozen payload is missing or
 * damaged, as the network run does (cd-sync-run.c, take_batch). */
static gboolean
collect_items (CdDatabase      *db,
               CdBundle        *bundle,
               GArray          *taken,
               CdBundleExport  *result,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (db, "SELECT o.id, o.state, d.id IS NOT NULL, d.uuid, d.payload,"
                                  "  d.payload_sha256, d.claim_id"
                                  " FROM outbox o LEFT JOIN decisions d ON d.id = o.decision_id"
                                  " WHERE o.state IN ('queued', 'sending') ORDER BY o.id",
                              &local_error);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      gint64 outbox_id = cd_statement_get_int64 (stmt, 0);
      const char *payload = cd_statement_get_text (stmt, 4);
      const char *sha = cd_statement_get_text (stmt, 5);
      const char *problem = NULL;

      if (cd_statement_get_int (stmt, 2) == 0)
        problem = _("local: the outbox item has no decision");
      else if (payload == NULL || sha == NULL)
        problem = _("local: the decision was never frozen (no payload or hash)");
      else
        {
          g_autofree char *computed = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload,
                                                                     -1);
          if (g_ascii_strcasecmp (computed, sha) != 0)
            problem = _("local: the frozen payload does not match its SHA-256; it was changed "
                        "after approval and is not sent");
        }

      if (problem != NULL)
        {
          gboolean moved = FALSE;
          g_autofree char *from = cd_statement_dup_text (stmt, 1);

          if (!cd_sync_set_item (db, outbox_id, from, "quarantined", NULL, problem, NULL, &moved,
                                 error))
            return FALSE;
          result->n_quarantined++;
          continue;
        }

      {
        CdBundleDecision *decision = g_new0 (CdBundleDecision, 1);
        Taken item = { outbox_id, cd_statement_get_int64 (stmt, 6) };

        decision->id = cd_statement_dup_text (stmt, 3);
        decision->payload_hash = g_ascii_strdown (sha, -1);
        decision->payload = g_strdup (payload);
        g_ptr_array_add (bundle->decisions, decision);
        g_array_append_val (taken, item);
      }
    }
  if (step == CD_STEP_FAILED)
    return store_failed (error, local_error);
  return TRUE;
}

/* The scans of the paper documents of the exported claims, once each by content. */
static gboolean
collect_scans (CdDatabase  *db,
               CdBundle    *bundle,
               GArray      *taken,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  stmt = cd_database_prepare (db, "SELECT s.sha256, s.media_type, s.file_name, s.bytes, c.number"
                                  " FROM documents d JOIN scans s ON s.id = d.scan_id"
                                  " JOIN claims c ON c.id = d.claim_id"
                                  " WHERE d.claim_id = ? ORDER BY s.id", &local_error);
  if (stmt == NULL)
    return store_failed (error, local_error);
  for (guint i = 0; i < taken->len; i++)
    {
      CdStep step;

      cd_statement_bind_int64 (stmt, 1, g_array_index (taken, Taken, i).claim_id);
      while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
        {
          CdBundleAttachment *attachment;
          const char *sha = cd_statement_get_text (stmt, 0);

          if (g_hash_table_contains (seen, sha))
            continue;
          g_hash_table_add (seen, g_strdup (sha));
          attachment = g_new0 (CdBundleAttachment, 1);
          attachment->sha256 = g_strdup (sha);
          attachment->media_type = cd_statement_dup_text (stmt, 1);
          attachment->file_name = cd_statement_dup_text (stmt, 2);
          attachment->bytes = cd_statement_dup_bytes (stmt, 3);
          attachment->claim_number = cd_statement_dup_text (stmt, 4);
          g_ptr_array_add (bundle->attachments, attachment);
        }
      if (step == CD_STEP_FAILED)
        return store_failed (error, local_error);
      cd_statement_reset (stmt);
    }
  return TRUE;
}

static gboolean
record_export (CdDatabase  *db,
               CdBundle    *bundle,
               GArray      *taken,
               const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) insert = NULL;
  g_autoptr(CdStatement) member = NULL;
  g_autoptr(CdStatement) mark = NULL;
  g_autofree char *now = cd_sync_time_text (0);

  insert = cd_database_prepare (db, "INSERT INTO bundles (sequence, sha256, file_name, created_at,"
                                    " n_items, n_attachments) VALUES (?, ?, ?, ?, ?, ?)",
                                &local_error);
  member = insert == NULL ? NULL
           : cd_database_prepare (db, "INSERT INTO bundle_items (sequence, outbox_id)"
                                      " VALUES (?, ?)", &local_error);
  /* As a network batch would: the items are in flight until central's answer is recorded. */
  mark = member == NULL ? NULL
         : cd_database_prepare (db, "UPDATE outbox SET state = 'sending',"
                                    " attempts = attempts + 1, updated_at = ?"
                                    " WHERE id = ? AND state IN ('queued', 'sending')",
                                &local_error);
  if (mark == NULL)
    return store_failed (error, local_error);

  cd_statement_bind_int64 (insert, 1, bundle->sequence);
  cd_statement_bind_text (insert, 2, bundle->sha256);
  cd_statement_bind_text (insert, 3, path);
  cd_statement_bind_text (insert, 4, bundle->created_at);
  cd_statement_bind_int64 (insert, 5, bundle->decisions->len);
  cd_statement_bind_int64 (insert, 6, bundle->attachments->len);
  if (!exec_write (insert, error))
    return FALSE;
  for (guint i = 0; i < taken->len; i++)
    {
      gint64 outbox_id = g_array_index (taken, Taken, i).outbox_id;

      cd_statement_bind_int64 (member, 1, bundle->sequence);
      cd_statement_bind_int64 (member, 2, outbox_id);
      cd_statement_bind_text (mark, 1, now);
      cd_statement_bind_int64 (mark, 2, outbox_id);
      if (!exec_write (member, error) || !exec_write (mark, error))
        return FALSE;
    }
  return TRUE;
}

CdBundleExport *
cd_bundle_store_export (CdDatabase               *db,
                        const char               *path,
                        const char               *office,
                        const CdOfficeCredential *credential,
                        GError                  **error)
{
  g_autoptr(CdBundleExport) result = g_new0 (CdBundleExport, 1);
  g_autoptr(CdBundle) bundle = NULL;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (Taken));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = cd_sync_time_text (0);
  guint8 key[CD_BUNDLE_KEY_SIZE];
  gint64 sequence;
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db) && path != NULL, NULL);
  g_return_val_if_fail (credential != NULL, NULL);

  if (!cd_database_begin_immediate (db, &local_error))
    {
      store_failed (error, local_error);
      return NULL;
    }
  sequence = next_sequence (db, error);
  ok = sequence > 0;
  if (ok)
    {
      bundle = cd_bundle_new (CD_BUNDLE_OUTBOX, office, credential->id, sequence, now);
      /* Read in the export's transaction, which writes no audit entry: the head the file carries
       * is committed, whether or not this export is. */
      bundle->audit_head = cd_sync_read_audit_head (db, error);
      ok = bundle->audit_head != NULL && collect_items (db, bundle, taken, result, error)
           && collect_scans (db, bundle, taken, error);
    }
  if (ok && bundle->decisions->len == 0)
    {
      /* Items quarantined on the way are committed: they are damaged whether or not we export. */
      if (!cd_database_commit (db, &local_error))
        {
          store_failed (error, local_error);
          cd_database_rollback (db);
          return NULL;
        }
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_EMPTY,
                   _("Nothing to export: no decision of the outbox waits for the central system"));
      return NULL;
    }
  if (ok)
    {
      cd_bundle_key_from_credential (credential, key);
      bytes = cd_bundle_to_bytes (bundle, key, error);
      memset (key, 0, sizeof key);
      ok = bytes != NULL && write_durably (path, bytes, error)
           && record_export (db, bundle, taken, path, error);
    }
  if (!ok || !cd_database_commit (db, &local_error))
    {
      if (ok)
        store_failed (error, local_error);
      cd_database_rollback (db);
      return NULL;
    }

  result->sequence = sequence;
  result->n_items = bundle->decisions->len;
  result->n_attachments = bundle->attachments->len;
  result->size = g_bytes_get_size (bytes);
  result->sha256 = g_strdup (bundle->sha256);
  result->path = g_strdup (path);
  return g_steal_pointer (&result);
}

/* ---- import --------------------------------------------------------------------------------- */

static void
add_item (CdBundleImport *report,
          const char     *decision,
          const char     *claim_number,
          const char     *status,
          const char     *text)
{
  CdBundleImportItem *item = g_new0 (CdBundleImportItem, 1);

  item->decision = g_strdup (decision);
  item->claim_number = g_strdup (claim_number);
  item->status = g_strdup (status);
  item->text = g_strdup (text);
  g_ptr_array_add (report->items, item);
}

/* Whether bundle `sequence` was exported here, and the receipts SHA-256 it was answered with. */
static gboolean
find_exported (CdDatabase  *db,
               gint64       sequence,
               gboolean    *found,
               char       **receipts_sha256,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, "SELECT receipts_sha256 FROM bundles"
                                                         " WHERE sequence = ?", &local_error);
  CdStep step;

  if (stmt == NULL)
    return store_failed (error, local_error);
  cd_statement_bind_int64 (stmt, 1, sequence);
  step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_FAILED)
    return store_failed (error, local_error);
  *found = step == CD_STEP_ROW;
  *receipts_sha256 = *found ? cd_statement_dup_text (stmt, 0) : NULL;
  return TRUE;
}

static const char *
answer_status (const CdSyncAnswer    *answer,
               const CdCentralResult *result)
{
  switch (answer->kind)
    {
    case CD_SYNC_ANSWER_ACKNOWLEDGED:
      return result->outcome == CD_CENTRAL_DUPLICATE ? "duplicate" : "accepted";
    case CD_SYNC_ANSWER_REFUSED:
      return "refused";
    case CD_SYNC_ANSWER_QUARANTINED:
      return "quarantined";
    case CD_SYNC_ANSWER_DEFERRED:
    default:
      return "deferred";
    }
}

static void
count_status (CdBundleImport *report,
              const char     *status)
{
  if (g_str_equal (status, "accepted"))
    report->accepted++;
  else if (g_str_equal (status, "duplicate"))
    report->duplicate++;
  else if (g_str_equal (status, "refused"))
    report->refused++;
  else if (g_str_equal (status, "quarantined"))
    report->quarantined++;
  else if (g_str_equal (status, "deferred"))
    report->deferred++;
  else if (g_str_equal (status, "unchanged"))
    report->unchanged++;
  else
    report->unknown++;
}

/* Records every answer of `bundle` inside the open transaction. */
static gboolean
record_receipts (CdDatabase      *db,
                 const CdBundle  *bundle,
                 CdBundleImport  *report,
                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) find = NULL;
  g_autoptr(CdStatement) missing = NULL;
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);
  CdStep step;

  find = cd_database_prepare (db, "SELECT o.id, o.attempts, o.state, c.number, o.central_receipt,"
                                  "  o.last_error"
                                  " FROM decisions d JOIN outbox o ON o.decision_id = d.id"
                                  " JOIN claims c ON c.id = d.claim_id WHERE d.uuid = ?",
                              &local_error);
  if (find == NULL)
    return store_failed (error, local_error);

  for (guint i = 0; i < bundle->results->len; i++)
    {
      const CdCentralResult *result = g_ptr_array_index (bundle->results, i);
      g_autofree char *claim_number = NULL;
      g_autofree char *state = NULL;
      g_autofree char *kept = NULL;
      CdSyncAnswerItem item = { 0 };
      CdSyncAnswer answer;
      const char *status;

      g_hash_table_add (answered, result->id);
      cd_statement_bind_text (find, 1, result->id);
      step = cd_statement_step (find, &local_error);
      if (step == CD_STEP_FAILED)
        return store_failed (error, local_error);
      if (step == CD_STEP_DONE)
        {
          cd_statement_reset (find);
          add_item (report, result->id, NULL, "unknown",
                    _("this store holds no such decision in its outbox"));
          report->unknown++;
          continue;
        }
      item.outbox_id = cd_statement_get_int64 (find, 0);
      item.attempts = (guint) cd_statement_get_int (find, 1);
      state = cd_statement_dup_text (find, 2);
      claim_number = cd_statement_dup_text (find, 3);
      kept = cd_statement_dup_text (find, g_str_equal (state, "acknowledged") ? 4 : 5);
      cd_statement_reset (find);
      item.claim_number = claim_number;
      item.uuid = result->id;

      if (!g_str_equal (state, "queued") && !g_str_equal (state, "sending"))
        {
          /* Settled already, over the network or by an earlier import: its answer stands. */
          add_item (report, result->id, claim_number, "unchanged", kept);
          report->unchanged++;
          continue;
        }
      if (!cd_sync_record_answer (db, &item, state, result, ITEM_BASE_MS, ITEM_MAX_MS, &answer,
                                  error))
        {
          g_free (answer.note);
          return FALSE;
        }
      status = answer.moved ? answer_status (&answer, result) : "unchanged";
      add_item (report, result->id, claim_number, status,
                answer.kind == CD_SYNC_ANSWER_ACKNOWLEDGED ? result->receipt
                : answer.note != NULL ? answer.note : result->reason);
      count_status (report, status);
      g_free (answer.note);
    }

  /* Items of the bundle central did not answer stay as they are (`sending`): the next export or
   * network run sends them again. */
  missing = cd_database_prepare (db, "SELECT d.uuid FROM bundle_items b"
                                     " JOIN outbox o ON o.id = b.outbox_id"
                                     " JOIN decisions d ON d.id = o.decision_id"
                                     " WHERE b.sequence = ?", &local_error);
  if (missing == NULL)
    return store_failed (error, local_error);
  cd_statement_bind_int64 (missing, 1, bundle->sequence);
  while ((step = cd_statement_step (missing, &local_error)) == CD_STEP_ROW)
    report->missing += !g_hash_table_contains (answered, cd_statement_get_text (missing, 0));
  if (step == CD_STEP_FAILED)
    return store_failed (error, local_error);
  return TRUE;
}

static gboolean
mark_answered (CdDatabase      *db,
               const CdBundle  *bundle,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *now = cd_sync_time_text (0);

  stmt = cd_database_prepare (db, "UPDATE bundles SET state = 'answered',"
                                  " answered_at = coalesce (answered_at, ?), receipts_sha256 = ?"
                                  " WHERE sequence = ?", &local_error);
  if (stmt == NULL)
    return store_failed (error, local_error);
  cd_statement_bind_text (stmt, 1, now);
  cd_statement_bind_text (stmt, 2, bundle->sha256);
  cd_statement_bind_int64 (stmt, 3, bundle->sequence);
  return exec_write (stmt, error);
}

CdBundleImport *
cd_bundle_store_import_receipts (CdDatabase               *db,
                                 GBytes                   *data,
                                 const char               *name,
                                 const char               *office,
                                 const CdOfficeCredential *credential,
                                 CdBundlePayloadFunc       payload_func,
                                 gpointer                  user_data,
                                 GError                  **error)
{
  g_autoptr(CdBundle) bundle = NULL;
  g_autoptr(CdBundleImport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *receipts_sha256 = NULL;
  guint8 key[CD_BUNDLE_KEY_SIZE];
  gboolean found = FALSE;
  gboolean mac_ok;

  g_return_val_if_fail (CD_IS_DATABASE (db) && data != NULL && name != NULL, NULL);
  g_return_val_if_fail (credential != NULL, NULL);

  bundle = cd_bundle_parse (data, name, error);
  if (bundle == NULL)
    return NULL;
  /* The header first, for a message that says what is wrong; then the MAC, before anything of the
   * content is believed. */
  if (!cd_bundle_check_sender (bundle, CD_BUNDLE_RECEIPTS, office, credential->id, error))
    return NULL;
  cd_bundle_key_from_credential (credential, key);
  mac_ok = cd_bundle_check_mac (bundle, key, error);
  memset (key, 0, sizeof key);
  if (!mac_ok)
    return NULL;

  if (!cd_database_begin_immediate (db, &local_error))
    {
      store_failed (error, local_error);
      return NULL;
    }
  if (!find_exported (db, bundle->sequence, &found, &receipts_sha256, error))
    {
      cd_database_rollback (db);
      return NULL;
    }
  if (!found)
    {
      cd_database_rollback (db);
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_UNKNOWN,
                   _("%s answers outbox bundle %lld, which this store never exported (another "
                     "workstation’s, or a store restored from an older backup). Nothing was "
                     "imported."), name, (long long) bundle->sequence);
      return NULL;
    }

  report = g_new0 (CdBundleImport, 1);
  report->items = g_ptr_array_new_with_free_func ((GDestroyNotify) import_item_free);
  report->payload_errors = g_ptr_array_new_with_free_func (g_free);
  report->sequence = bundle->sequence;
  report->already_imported = g_strcmp0 (receipts_sha256, bundle->sha256) == 0;
  if (bundle->audit_anchor != NULL)
    report->audit_anchor = cd_audit_anchor_copy (bundle->audit_anchor);
  if (!record_receipts (db, bundle, report, error) || !mark_answered (db, bundle, error)
      || (bundle->audit_anchor != NULL
          && !cd_audit_log_record_anchor (db, bundle->audit_anchor->seq,
                                          bundle->audit_anchor->hash, "bundle",
                                          bundle->audit_anchor->status, error)))
    {
      cd_database_rollback (db);
      return NULL;
    }
  if (!cd_database_commit (db, &local_error))
    {
      store_failed (error, local_error);
      cd_database_rollback (db);
      return NULL;
    }

  for (guint i = 0; payload_func != NULL && i < bundle->payloads->len; i++)
    {
      const CdBundlePayload *payload = g_ptr_array_index (bundle->payloads, i);
      g_autoptr(GError) payload_error = NULL;

      report->payloads++;
      if (!payload_func (payload, user_data, &payload_error))
        g_ptr_array_add (report->payload_errors,
                         g_strdup_printf ("%s: %s", payload->name != NULL ? payload->name
                                                                          : payload->kind,
                                          payload_error != NULL ? payload_error->message : "?"));
    }
  return g_steal_pointer (&report);
}

/* ---- list ----------------------------------------------------------------------------------- */

GPtrArray *
cd_bundle_store_list (CdDatabase  *db,
                      GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_bundle_record_free);
  stmt = cd_database_prepare (db, "SELECT sequence, file_name, sha256, created_at, n_items,"
                                  "  n_attachments, state, answered_at, receipts_sha256"
                                  " FROM bundles ORDER BY sequence", &local_error);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdBundleRecord *record = g_new0 (CdBundleRecord, 1);

      record->sequence = cd_statement_get_int64 (stmt, 0);
      record->file_name = cd_statement_dup_text (stmt, 1);
      record->sha256 = cd_statement_dup_text (stmt, 2);
      record->created_at = cd_statement_dup_text (stmt, 3);
      record->n_items = (guint) cd_statement_get_int64 (stmt, 4);
      record->n_attachments = (guint) cd_statement_get_int64 (stmt, 5);
      record->state = cd_statement_dup_text (stmt, 6);
      record->answered_at = cd_statement_dup_text (stmt, 7);
      record->receipts_sha256 = cd_statement_dup_text (stmt, 8);
      g_ptr_array_add (records, record);
    }
  if (step == CD_STEP_FAILED)
    {
      store_failed (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gboolean
cd_bundle_store_count_waiting (CdDatabase  *db,
                               guint       *bundles,
                               guint       *items,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStatement) stmt = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);

  /* Items still in flight of bundles not answered yet: what the stick has yet to bring back. */
  stmt = cd_database_prepare (db, "SELECT (SELECT count (*) FROM bundles WHERE state = 'exported'),"
                                  " (SELECT count (DISTINCT b.outbox_id) FROM bundle_items b"
                                  "  JOIN bundles s ON s.sequence = b.sequence"
                                  "  JOIN outbox o ON o.id = b.outbox_id"
                                  "  WHERE s.state = 'exported' AND o.state = 'sending')",
                              &local_error);
  if (stmt == NULL || cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    return store_failed (error, local_error);
  if (bundles != NULL)
    *bundles = (guint) cd_statement_get_int64 (stmt, 0);
  if (items != NULL)
    *items = (guint) cd_statement_get_int64 (stmt, 1);
  return TRUE;
}

/* ---- in a worker thread --------------------------------------------------------------------- */

typedef struct
{
  char               *db_path;
  char               *path;
  char               *office;
  CdOfficeCredential *credential;
  CdBundlePayloadFunc payload_func;     /* import: called in the worker thread */
  gpointer            payload_data;
  GDestroyNotify      payload_destroy;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->path);
  g_free (job->office);
  g_clear_pointer (&job->credential, cd_office_credential_free);
  if (job->payload_destroy != NULL)
    job->payload_destroy (job->payload_data);
  g_free (job);
}

static Job *
job_new (const char               *db_path,
         const char               *path,
         const char               *office,
         const CdOfficeCredential *credential)
{
  Job *job = g_new0 (Job, 1);

  job->db_path = g_strdup (db_path);
  job->path = g_strdup (path);
  job->office = g_strdup (office);
  job->credential = cd_office_credential_copy (credential);
  return job;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_unchecked (job->db_path, &error);
  CdBundleExport *result = NULL;

  if (db != NULL)
    result = cd_bundle_store_export (db, job->path, job->office, job->credential, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cd_bundle_export_free);
}

void
cd_bundle_store_export_async (const char               *db_path,
                              const char               *path,
                              const char               *office,
                              const CdOfficeCredential *credential,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL && path != NULL && credential != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_bundle_store_export_async);
  g_task_set_task_data (task, job_new (db_path, path, office, credential),
                        (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

CdBundleExport *
cd_bundle_store_export_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autofree char *name = g_path_get_basename (job->path);
  CdBundleImport *result = NULL;

  file = g_mapped_file_new (job->path, FALSE, &error);
  if (file == NULL)
    {
      g_task_return_new_error (task, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_IO, "%s", error->message);
      return;
    }
  data = g_mapped_file_get_bytes (file);
  db = cd_database_open_unchecked (job->db_path, &error);
  if (db != NULL)
    result = cd_bundle_store_import_receipts (db, data, name, job->office, job->credential,
                                              job->payload_func, job->payload_data, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cd_bundle_import_free);
}

void
cd_bundle_store_import_receipts_async (const char               *db_path,
                                       const char               *path,
                                       const char               *office,
                                       const CdOfficeCredential *credential,
                                       CdBundlePayloadFunc       payload_func,
                                       gpointer                  payload_data,
                                       GDestroyNotify            payload_destroy,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (db_path != NULL && path != NULL && credential != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_bundle_store_import_receipts_async);
  job = job_new (db_path, path, office, credential);
  job->payload_func = payload_func;
  job->payload_data = payload_data;
  job->payload_destroy = payload_destroy;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, import_thread);
}

CdBundleImport *
cd_bundle_store_import_receipts_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
