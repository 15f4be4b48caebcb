/* cd-audit-log.c — the append-only, hash-chained audit log in the workstation database. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-clock.h"

G_DEFINE_QUARK (cd-audit-log-error-quark, cd_audit_log_error)

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  gboolean     writing)
{
  if (writing)
    g_set_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_QUERY,
                 _("The audit log could not be written: %s"), sqlite3_errmsg (db));
  else
    g_set_error (error, CD_AUDIT_LOG_ERROR, CD_AUDIT_LOG_ERROR_QUERY,
                 _("The audit log could not be read: %s"), sqlite3_errmsg (db));
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
  sqlite3      *db;
  sqlite3_stmt *head;
  sqlite3_stmt *insert;
  gint64        last_seq;   /* -1 until read */
  char         *last_hash;
};

CdAuditWriter *
cd_audit_writer_new (sqlite3  *db,
                     GError  **error)
{
  CdAuditWriter *w = g_new0 (CdAuditWriter, 1);

  w->db = db;
  w->last_seq = -1;
  if (sqlite3_prepare_v3 (db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1,
                          SQLITE_PREPARE_PERSISTENT, &w->head, NULL) != SQLITE_OK
      || sqlite3_prepare_v3 (db,
                             "INSERT INTO audit_log (seq, at, user_id, action, entity, entity_id,"
                             " before, after, prev_hash, hash)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             -1, SQLITE_PREPARE_PERSISTENT, &w->insert, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, FALSE);
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
  sqlite3_finalize (w->head);
  sqlite3_finalize (w->insert);
  g_free (w->last_hash);
  g_free (w);
}

static gboolean
read_head (CdAuditWriter  *w,
           GError        **error)
{
  int rc = sqlite3_step (w->head);

  g_clear_pointer (&w->last_hash, g_free);
  if (rc == SQLITE_ROW)
    {
      w->last_seq = sqlite3_column_int64 (w->head, 0);
      w->last_hash = g_strdup ((const char *) sqlite3_column_text (w->head, 1));
      rc = SQLITE_DONE;
    }
  else if (rc == SQLITE_DONE)
    {
      w->last_seq = 0;
      w->last_hash = g_strdup (CD_AUDIT_GENESIS_HASH);
    }
  sqlite3_reset (w->head);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, w->db, FALSE);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
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
  char *hash;
  const char *at;
  int rc;

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

  sqlite3_bind_int64 (w->insert, 1, w->last_seq + 1);
  sqlite3_bind_text (w->insert, 2, at, -1, SQLITE_STATIC);
  if (entry->user_id != 0)
    sqlite3_bind_int64 (w->insert, 3, entry->user_id);
  else
    sqlite3_bind_null (w->insert, 3);
  sqlite3_bind_text (w->insert, 4, entry->action, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert, 5, entry->entity, -1, SQLITE_STATIC);
  if (entry->entity_id != 0)
    sqlite3_bind_int64 (w->insert, 6, entry->entity_id);
  else
    sqlite3_bind_null (w->insert, 6);
  bind_text_or_null (w->insert, 7, before);
  bind_text_or_null (w->insert, 8, after);
  sqlite3_bind_text (w->insert, 9, w->last_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->insert, 10, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (w->insert);
  sqlite3_reset (w->insert);
  sqlite3_clear_bindings (w->insert);
  if (rc != SQLITE_DONE)
    {
      g_free (hash);
      /* The statement failed; the head may be anything now, so read it again next time. */
      w->last_seq = -1;
      set_sqlite_error (error, w->db, TRUE);
      return FALSE;
    }
  w->last_seq++;
  g_free (w->last_hash);
  w->last_hash = hash;
  return TRUE;
}

gboolean
cd_audit_log_append (sqlite3             *db,
                     const CdAuditEntry  *entry,
                     GError             **error)
{
  CdAuditWriter *w;
  gboolean ok;

  g_return_val_if_fail (db != NULL && entry != NULL, FALSE);

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
cd_audit_log_verify (sqlite3           *db,
                     CdAuditLogReport  *report,
                     GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  OwnedRecord previous = { 0 }, current = { 0 };
  gboolean have_previous = FALSE;
  int rc;

  g_return_val_if_fail (db != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->kind = CD_AUDIT_BREAK_NONE;

  /* Storage order is seq order (seq is the rowid); one row in memory at a time. */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT seq, at, user_id, action, entity, entity_id, before, after,"
                           " prev_hash, hash FROM audit_log ORDER BY seq",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, FALSE);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CdAuditBreak kind;

      current.record.seq = sqlite3_column_int64 (stmt, 0);
      current.entry_json = cd_audit_log_entry_json (
          (const char *) sqlite3_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
          (const char *) sqlite3_column_text (stmt, 3),
          (const char *) sqlite3_column_text (stmt, 4),
          sqlite3_column_int64 (stmt, 5), (const char *) sqlite3_column_text (stmt, 6),
          (const char *) sqlite3_column_text (stmt, 7));
      current.prev_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      current.hash = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
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
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      owned_record_clear (&previous);
      set_sqlite_error (error, db, FALSE);
      return FALSE;
    }
  if (report->kind == CD_AUDIT_BREAK_NONE && have_previous)
    report->head_hash = g_strdup (previous.hash);
  owned_record_clear (&previous);
  return TRUE;
}
