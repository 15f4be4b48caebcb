/* cd-audit-log.c — the append-only, hash-chained audit log in the workstation database. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-clock.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-audit-log-error-quark, cd_audit_log_error)

/* Keeps the store's words (which name the file) under the log's own domain. */
static void
set_store_error (GError     **error,
                 GError      *cause,
                 gboolean     writing)
{
  if (writing)
    g_set_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_QUERY,
                 _("The audit log could not be written: %s"), cause->message);
  else
    g_set_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_QUERY,
                 _("The audit log could not be read: %s"), cause->message);
}

char *
cd_audit_log_entry_json (const char *at,
                         gint64      user_id,
                         const char *action,
                         const char *entity,
                         gint64      entity_id,
                         const char *before,
                         const char *after)
{
  GString *out = g_string_sized_new (256);

  /* Keys in byte order; the seq is left out on purpose: a row moved to another seq keeps a valid
   * hash of its own, and is then found by its link to the previous hash — as reordered. */
  g_string_append (out, "{\"action\":");
  cd_canonical_json_append_string (out, action);
  g_string_append (out, ",\"after\":");
  g_string_append (out, after != NULL ? after : "null");
  g_string_append (out, ",\"at\":");
  cd_canonical_json_append_string (out, at);
  g_string_append (out, ",\"before\":");
  g_string_append (out, before != NULL ? before : "null");
  g_string_append (out, ",\"entity\":");
  cd_canonical_json_append_string (out, entity);
  g_string_append (out, ",\"entity_id\":");
  if (entity_id != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, entity_id);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"user_id\":");
  if (user_id != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "}", user_id);
  else
    g_string_append (out, "null}");
  return g_string_free (out, FALSE);
}

char *
cd_audit_log_now (void)
{
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_clock_get_default ());

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
canonical_or_null (const char  *text,
                   char       **out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (text == NULL)
    return TRUE;
  *out = cd_canonical_json_from_text (text, &local_error);
  if (*out == NULL)
    {
      g_set_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_INVALID,
                   _("An audit entry’s before or after is not exact JSON: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

struct _CdAuditWriter
{
  CdStatement *head;
  CdStatement *insert;
  gint64       last_seq;   /* -1 until read */
  char        *last_hash;
};

CdAuditWriter *
cd_audit_writer_new (CdDatabase  *db,
                     GError     **error)
{
  CdAuditWriter *w;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  w = g_new0 (CdAuditWriter, 1);
  w->last_seq = -1;
  /* Cached: every audited change makes a writer, and preparing costs more than appending. */
  w->head = cd_database_prepare_cached (db,
                                        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                                        &local_error);
  if (w->head != NULL)
    w->insert = cd_database_prepare_cached (db,
                                            "INSERT INTO audit_log (seq, at, user_id, action,"
                                            " entity, entity_id, before, after, prev_hash, hash)"
                                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                            &local_error);
  if (w->insert == NULL)
    {
      set_store_error (error, local_error, FALSE);
      cd_audit_writer_free (w);
      return NULL;
    }
  return w;
}

void
cd_audit_writer_free (CdAuditWriter *w)
{
  if (w == NULL)
    return;
  g_clear_pointer (&w->head, cd_statement_free);
  g_clear_pointer (&w->insert, cd_statement_free);
  g_free (w->last_hash);
  g_free (w);
}

static gboolean
read_head (CdAuditWriter  *w,
           GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStep step = cd_statement_step (w->head, &local_error);

  g_clear_pointer (&w->last_hash, g_free);
  if (step == CD_STEP_ROW)
    {
      w->last_seq = cd_statement_get_int64 (w->head, 0);
      w->last_hash = cd_statement_dup_text (w->head, 1);
    }
  else if (step == CD_STEP_DONE)
    {
      w->last_seq = 0;
      w->last_hash = g_strdup (CD_AUDIT_GENESIS_HASH);
    }
  cd_statement_reset (w->head);
  if (step == CD_STEP_FAILED)
    {
      set_store_error (error, local_error, FALSE);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_audit_writer_append (CdAuditWriter       *w,
                        const CdAuditEntry  *entry,
                        gboolean             trusted_canonical,
                        GError             **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;
  char *hash;
  const char *at;
  gboolean ok;

  g_return_val_if_fail (w != NULL && entry != NULL, FALSE);
  g_return_val_if_fail (entry->action != NULL && entry->entity != NULL, FALSE);

  if (trusted_canonical)
    {
      before = g_strdup (entry->before);
      after = g_strdup (entry->after);
    }
  else if (!canonical_or_null (entry->before, &before, error)
           || !canonical_or_null (entry->after, &after, error))
    return FALSE;
  at = entry->at;
  if (at == NULL)
    at = now = cd_audit_log_now ();

  /* The head is read once per writer; the writer lives inside one transaction, in which nobody
   * else can append. */
  if (w->last_seq < 0 && !read_head (w, error))
    return FALSE;

  json = cd_audit_log_entry_json (at, entry->user_id, entry->action, entry->entity,
                                  entry->entity_id, before, after);
  hash = cd_audit_chain_hash (w->last_hash, json);

  /* Without copies (the seeder appends one entry per claim): every string outlives the step, and
   * the bindings are cleared right after it. */
  cd_statement_bind_int64 (w->insert, 1, w->last_seq + 1);
  cd_statement_bind_text_static (w->insert, 2, at);
  if (entry->user_id != 0)
    cd_statement_bind_int64 (w->insert, 3, entry->user_id);
  else
    cd_statement_bind_null (w->insert, 3);
  cd_statement_bind_text_static (w->insert, 4, entry->action);
  cd_statement_bind_text_static (w->insert, 5, entry->entity);
  if (entry->entity_id != 0)
    cd_statement_bind_int64 (w->insert, 6, entry->entity_id);
  else
    cd_statement_bind_null (w->insert, 6);
  cd_statement_bind_text_static (w->insert, 7, before);
  cd_statement_bind_text_static (w->insert, 8, after);
  cd_statement_bind_text_static (w->insert, 9, w->last_hash);
  cd_statement_bind_text_static (w->insert, 10, hash);
  ok = cd_statement_run (w->insert, &local_error);
  cd_statement_clear_bindings (w->insert);
  if (!ok)
    {
      g_free (hash);
      /* The statement failed; the head may be anything now, so read it again next time. */
      w->last_seq = -1;
      set_store_error (error, local_error, TRUE);
      return FALSE;
    }
  w->last_seq++;
  g_free (w->last_hash);
  w->last_hash = hash;
  return TRUE;
}

gboolean
cd_audit_log_append (CdDatabase          *db,
                     const CdAuditEntry  *entry,
                     GError             **error)
{
  CdAuditWriter *w;
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db) && entry != NULL, FALSE);

  w = cd_audit_writer_new (db, error);
  if (w == NULL)
    return FALSE;
  ok = cd_audit_writer_append (w, entry, FALSE, error);
  cd_audit_writer_free (w);
  return ok;
}

void
cd_audit_log_report_clear (CdAuditLogReport *report)
{
  g_clear_pointer (&report->head_hash, g_free);
}

typedef struct
{
  CdAuditRecord record;
  char         *prev_hash;
  char         *hash;
  char         *entry_json;
} OwnedRecord;

static void
owned_record_clear (OwnedRecord *r)
{
  g_clear_pointer (&r->prev_hash, g_free);
  g_clear_pointer (&r->hash, g_free);
  g_clear_pointer (&r->entry_json, g_free);
}

gboolean
cd_audit_log_verify (CdDatabase        *db,
                     CdAuditLogReport  *report,
                     GError           **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  OwnedRecord previous = { 0 }, current = { 0 };
  gboolean have_previous = FALSE;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db) && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->kind = CD_AUDIT_BREAK_NONE;

  /* Storage order is seq order (seq is the rowid); one row in memory at a time. */
  stmt = cd_database_prepare (db,
                              "SELECT seq, at, user_id, action, entity, entity_id, before, after,"
                              " prev_hash, hash FROM audit_log ORDER BY seq",
                              &local_error);
  if (stmt == NULL)
    {
      set_store_error (error, local_error, FALSE);
      return FALSE;
    }
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdAuditBreak kind;

      current.record.seq = cd_statement_get_int64 (stmt, 0);
      current.entry_json = cd_audit_log_entry_json (
          cd_statement_get_text (stmt, 1), cd_statement_get_int64 (stmt, 2),
          cd_statement_get_text (stmt, 3), cd_statement_get_text (stmt, 4),
          cd_statement_get_int64 (stmt, 5), cd_statement_get_text (stmt, 6),
          cd_statement_get_text (stmt, 7));
      current.prev_hash = cd_statement_dup_text (stmt, 8);
      current.hash = cd_statement_dup_text (stmt, 9);
      current.record.prev_hash = current.prev_hash;
      current.record.hash = current.hash;
      current.record.entry_json = current.entry_json;

      kind = cd_audit_chain_check_next (have_previous ? &previous.record : NULL, &current.record);
      report->n_entries++;
      if (kind != CD_AUDIT_BREAK_NONE)
        {
          report->kind = kind;
          report->seq = current.record.seq;
          report->expected_seq = have_previous ? previous.record.seq + 1 : 1;
          owned_record_clear (&current);
          break;
        }
      owned_record_clear (&previous);
      previous = current;
      memset (&current, 0, sizeof current);
      have_previous = TRUE;
    }
  if (step == CD_STEP_FAILED)
    {
      owned_record_clear (&previous);
      set_store_error (error, local_error, FALSE);
      return FALSE;
    }
  if (report->kind == CD_AUDIT_BREAK_NONE && have_previous)
    report->head_hash = g_strdup (previous.hash);
  owned_record_clear (&previous);
  return TRUE;
}

gboolean
cd_audit_log_read_head (CdDatabase  *db,
                        gint64      *seq,
                        char       **hash,
                        GError     **error)
{
  CdAuditWriter *w;
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db) && seq != NULL && hash != NULL, FALSE);

  /* The writer's own read of the head, so the anchor is the entry the next append chains to. */
  w = cd_audit_writer_new (db, error);
  if (w == NULL)
    return FALSE;
  ok = read_head (w, error);
  if (ok)
    {
      *seq = w->last_seq;
      *hash = g_steal_pointer (&w->last_hash);
    }
  cd_audit_writer_free (w);
  return ok;
}

gboolean
cd_audit_log_check_anchor (CdDatabase          *db,
                           gint64               seq,
                           const char          *hash,
                           CdAuditAnchorMatch  *match,
                           gint64              *last_seq,
                           GError             **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (db) && seq >= 0 && hash != NULL && match != NULL,
                        FALSE);

  /* The last seq comes along so a message can say where a cut-back log now ends. */
  stmt = cd_database_prepare (db,
                              "SELECT (SELECT hash FROM audit_log WHERE seq = ?),"
                              " (SELECT count (*) FROM audit_log WHERE seq = ?),"
                              " coalesce ((SELECT max (seq) FROM audit_log), 0)",
                              &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, seq);
      cd_statement_bind_int64 (stmt, 2, seq);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step != CD_STEP_ROW)
    {
      set_store_error (error, local_error, FALSE);
      return FALSE;
    }
  if (last_seq != NULL)
    *last_seq = cd_statement_get_int64 (stmt, 2);
  if (seq == 0)
    /* An anchor of the empty log: every log still begins there. */
    *match = g_str_equal (hash, CD_AUDIT_GENESIS_HASH) ? CD_AUDIT_ANCHOR_HOLDS
                                                       : CD_AUDIT_ANCHOR_REWRITTEN;
  else if (cd_statement_get_int64 (stmt, 1) == 0)
    *match = CD_AUDIT_ANCHOR_TRUNCATED;
  else if (g_ascii_strcasecmp (cd_statement_get_text (stmt, 0), hash) != 0)
    *match = CD_AUDIT_ANCHOR_REWRITTEN;
  else
    *match = CD_AUDIT_ANCHOR_HOLDS;
  return TRUE;
}

gboolean
cd_audit_log_record_anchor (CdDatabase  *db,
                            gint64       seq,
                            const char  *hash,
                            const char  *via,
                            const char  *central_status,
                            GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = cd_audit_log_now ();

  g_return_val_if_fail (CD_IS_DATABASE (db) && seq >= 0 && hash != NULL && via != NULL, FALSE);

  stmt = cd_database_prepare_cached (db,
                                     "INSERT INTO audit_anchors (seq, hash, via, central_status,"
                                     " acknowledged_at) SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS"
                                     " (SELECT 1 FROM audit_anchors WHERE seq = ?1 AND hash = ?2)",
                                     &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, seq);
      cd_statement_bind_text (stmt, 2, hash);
      cd_statement_bind_text (stmt, 3, via);
      if (central_status != NULL)
        cd_statement_bind_text (stmt, 4, central_status);
      else
        cd_statement_bind_null (stmt, 4);
      cd_statement_bind_text (stmt, 5, now);
    }
  if (stmt == NULL || !cd_statement_run (stmt, &local_error))
    {
      set_store_error (error, local_error, TRUE);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_audit_log_read_anchor (CdDatabase  *db,
                          gint64      *seq,
                          char       **hash,
                          GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (db) && seq != NULL && hash != NULL, FALSE);

  *seq = -1;
  *hash = NULL;
  stmt = cd_database_prepare (db, "SELECT seq, hash FROM audit_anchors ORDER BY seq DESC, id DESC"
                                  " LIMIT 1", &local_error);
  if (stmt != NULL)
    step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_FAILED)
    {
      set_store_error (error, local_error, FALSE);
      return FALSE;
    }
  if (step == CD_STEP_ROW)
    {
      *seq = cd_statement_get_int64 (stmt, 0);
      *hash = cd_statement_dup_text (stmt, 1);
    }
  return TRUE;
}
