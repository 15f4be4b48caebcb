/* cd-employer-lists.c — employer_lists and employer_list_rows: raw first, then parsed. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "cd-claim-types.h"
#include "cd-date.h"
#include "cd-document-error.h"
#include "cd-employer-lists.h"
#include "cd-json-util.h"
#include "cd-statement.h"
#include "cd-workflow.h"

static const char *const row_states[CD_N_EMPLOYER_ROW_STATES] = {
  "new", "fetching", "evaluated", "ready", "findings", "accepted", "returned", "refused",
};

const char *
cd_employer_row_state_to_string (CdEmployerRowState state)
{
  g_return_val_if_fail (state < CD_N_EMPLOYER_ROW_STATES, NULL);
  return row_states[state];
}

void
cd_stored_list_free (CdStoredList *list)
{
  if (list == NULL)
    return;
  g_free (list->central_id);
  g_free (list->source);
  g_free (list->fetched_at);
  g_free (list->received_at);
  g_free (list->sha256);
  g_free (list->parse_state);
  g_free (list->parse_error);
  g_free (list->unit_code);
  g_free (list->unit_name);
  g_free (list->dossier_code);
  g_free (list->period);
  g_free (list->signature);
  g_free (list->signer);
  g_free (list);
}

void
cd_stored_list_row_free (CdStoredListRow *row)
{
  if (row == NULL)
    return;
  g_free (row->section);
  g_free (row->benefit);
  g_free (row->si_code);
  g_free (row->name);
  g_free (row->period_from);
  g_free (row->period_to);
  g_clear_pointer (&row->fields, json_node_unref);
  g_clear_pointer (&row->cells, json_node_unref);
  g_clear_pointer (&row->problems, json_node_unref);
  g_free (row->state);
  g_clear_pointer (&row->findings, json_node_unref);
  g_free (row->failure);
  g_free (row->reason);
  g_free (row->claim_number);
  g_free (row->claim_status);
  g_free (row);
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* The list already stored with these bytes or this central id: its id and parse state. */
static gboolean
find_existing (CdDatabase  *db,
               const char  *sha256,
               const char  *central_id,
               gint64      *out_id,
               char       **out_state,
               GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT id, parse_state FROM employer_lists WHERE sha256 = ?1"
        " OR (?2 IS NOT NULL AND central_id = ?2) ORDER BY id LIMIT 1", error);
  CdStep step;

  *out_id = 0;
  if (select == NULL)
    return FALSE;
  cd_statement_bind_text (select, 1, sha256);
  cd_statement_bind_text (select, 2, central_id);
  step = cd_statement_step (select, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (step == CD_STEP_ROW)
    {
      *out_id = cd_statement_get_int64 (select, 0);
      *out_state = cd_statement_dup_text (select, 1);
    }
  return TRUE;
}

static gboolean
insert_raw (CdDatabase  *db,
            GBytes      *envelope,
            const char  *sha256,
            const char  *source,
            const char  *central_id,
            const char  *received_at,
            gint64      *out_id,
            GError     **error)
{
  g_autoptr(CdStatement) insert = cd_database_prepare (
    db, "INSERT INTO employer_lists (central_id, source, fetched_at, received_at, bytes, size,"
        " sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  g_autofree char *now = now_utc ();
  gsize size;
  gconstpointer data = g_bytes_get_data (envelope, &size);

  if (insert == NULL)
    return FALSE;
  cd_statement_bind_text (insert, 1, central_id);
  cd_statement_bind_text (insert, 2, source);
  cd_statement_bind_text (insert, 3, now);
  cd_statement_bind_text (insert, 4, received_at);
  cd_statement_bind_blob (insert, 5, data, size);
  cd_statement_bind_int64 (insert, 6, (gint64) size);
  cd_statement_bind_text (insert, 7, sha256);
  if (!cd_statement_run (insert, error))
    return FALSE;
  *out_id = cd_database_last_insert_rowid (db);
  return TRUE;
}

static gboolean
write_rows (CdDatabase      *db,
            gint64           list_id,
            CdEmployerList  *list,
            GError         **error)
{
  g_autoptr(CdStatement) insert = cd_database_prepare (
    db, "INSERT INTO employer_list_rows (list_id, part, position, number, section, benefit,"
        " si_code, name, period_from, period_to, fields, cells, problems, n_problems)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);

  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < list->rows->len; i++)
    {
      CdEmployerListRow *row = g_ptr_array_index (list->rows, i);
      g_autoptr(JsonNode) json = cd_employer_list_row_to_json (row);
      JsonNode *problems = json_object_get_member (json_node_get_object (json), "problems");
      g_autofree char *fields = object_to_string (row->fields);
      g_autofree char *cells = object_to_string (row->cells);
      g_autofree char *problems_text = json_to_string (problems, FALSE);

      cd_statement_bind_int64 (insert, 1, list_id);
      cd_statement_bind_int64 (insert, 2, row->part);
      cd_statement_bind_int64 (insert, 3, row->position);
      cd_statement_bind_int64 (insert, 4, row->number);
      cd_statement_bind_text (insert, 5, row->section);
      cd_statement_bind_text (insert, 6, row->benefit);
      cd_statement_bind_text (insert, 7, row->si_code);
      cd_statement_bind_text (insert, 8, row->name);
      cd_statement_bind_text (insert, 9, row->from);
      cd_statement_bind_text (insert, 10, row->to);
      cd_statement_bind_text (insert, 11, fields);
      cd_statement_bind_text (insert, 12, cells);
      cd_statement_bind_text (insert, 13, problems_text);
      cd_statement_bind_int64 (insert, 14, row->problems->len);
      if (!cd_statement_run (insert, error))
        return FALSE;
    }
  return TRUE;
}

/* Parses the stored bytes of `list_id` and records the outcome, in one transaction. */
static gboolean
parse_stored (CdDatabase    *db,
              gint64         list_id,
              GBytes        *envelope,
              const char    *source,
              CdTrustStore  *trust,
              GError       **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(CdEmployerList) list = NULL;
  g_autoptr(CdStatement) update = NULL;

  list = cd_employer_list_parse (NULL, trust, g_bytes_get_data (envelope, NULL),
                                 g_bytes_get_size (envelope), source, &parse_error);
  if (!cd_database_begin_immediate (db, error))
    return FALSE;
  if (list == NULL)
    {
      update = cd_database_prepare (db, "UPDATE employer_lists SET parse_state = 'refused',"
                                        " parse_error = ?2 WHERE id = ?1", error);
      if (update == NULL)
        goto failed;
      cd_statement_bind_int64 (update, 1, list_id);
      cd_statement_bind_text (update, 2, parse_error->message);
    }
  else
    {
      update = cd_database_prepare (
        db, "UPDATE employer_lists SET parse_state = 'parsed', unit_code = ?2, unit_name = ?3,"
            " dossier_code = ?4, period = ?5, batch = ?6, signature = ?7, signer = ?8,"
            " n_rows = ?9, n_problem_rows = ?10 WHERE id = ?1", error);
      if (update == NULL)
        goto failed;
      cd_statement_bind_int64 (update, 1, list_id);
      cd_statement_bind_text (update, 2, list->unit_code);
      cd_statement_bind_text (update, 3, list->unit_name);
      cd_statement_bind_text (update, 4, list->dossier_code);
      cd_statement_bind_text (update, 5, list->period);
      cd_statement_bind_int64 (update, 6, list->batch);
      cd_statement_bind_text (update, 7,
                              list->signature_checked
                              ? cd_signature_status_to_string (list->signature_status)
                              : "not_checked");
      cd_statement_bind_text (update, 8, list->signer);
      cd_statement_bind_int64 (update, 9, list->rows->len);
      cd_statement_bind_int64 (update, 10, cd_employer_list_count_problem_rows (list));
      if (!write_rows (db, list_id, list, error))
        goto failed;
    }
  if (!cd_statement_run (update, error) || !cd_database_commit (db, error))
    goto failed;
  return TRUE;

failed:
  cd_database_rollback (db);
  return FALSE;
}

gboolean
cd_employer_lists_store (CdDatabase    *db,
                         GBytes        *envelope,
                         const char    *source,
                         const char    *central_id,
                         const char    *received_at,
                         CdTrustStore  *trust,
                         gint64        *out_id,
                         gboolean      *out_added,
                         GError       **error)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *state = NULL;
  gint64 id = 0;
  gboolean added = FALSE;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (envelope != NULL && source != NULL, FALSE);

  if (g_bytes_get_size (envelope) == 0)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   _("%s: the list is empty"), source);
      return FALSE;
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, envelope);

  /* First the raw bytes, committed on their own. */
  if (!cd_database_begin_immediate (db, error))
    return FALSE;
  if (!find_existing (db, sha256, central_id, &id, &state, error))
    goto failed;
  if (id == 0)
    {
      if (!insert_raw (db, envelope, sha256, source, central_id, received_at, &id, error))
        goto failed;
      added = TRUE;
    }
  if (!cd_database_commit (db, error))
    goto failed;

  /* Then the parse: of this list, or of one a crash left unparsed. */
  if (added || g_strcmp0 (state, "stored") == 0)
    {
      g_autoptr(GBytes) stored = added ? g_bytes_ref (envelope)
                                       : cd_employer_lists_dup_bytes (db, id, error);

      if (stored == NULL || !parse_stored (db, id, stored, source, trust, error))
        return FALSE;
    }
  if (out_id != NULL)
    *out_id = id;
  if (out_added != NULL)
    *out_added = added;
  return TRUE;

failed:
  cd_database_rollback (db);
  return FALSE;
}

static const char list_columns[] =
  "id, central_id, source, fetched_at, received_at, sha256, parse_state, parse_error, unit_code,"
  " unit_name, dossier_code, period, batch, signature, signer, n_rows, n_problem_rows";

static CdStoredList *
read_list (CdStatement *select)
{
  CdStoredList *list = g_new0 (CdStoredList, 1);

  list->id = cd_statement_get_int64 (select, 0);
  list->central_id = cd_statement_dup_text (select, 1);
  list->source = cd_statement_dup_text (select, 2);
  list->fetched_at = cd_statement_dup_text (select, 3);
  list->received_at = cd_statement_dup_text (select, 4);
  list->sha256 = cd_statement_dup_text (select, 5);
  list->parse_state = cd_statement_dup_text (select, 6);
  list->parse_error = cd_statement_dup_text (select, 7);
  list->unit_code = cd_statement_dup_text (select, 8);
  list->unit_name = cd_statement_dup_text (select, 9);
  list->dossier_code = cd_statement_dup_text (select, 10);
  list->period = cd_statement_dup_text (select, 11);
  list->batch = cd_statement_get_int64 (select, 12);
  list->signature = cd_statement_dup_text (select, 13);
  list->signer = cd_statement_dup_text (select, 14);
  list->n_rows = (guint) cd_statement_get_int64 (select, 15);
  list->n_problem_rows = (guint) cd_statement_get_int64 (select, 16);
  return list;
}

GPtrArray *
cd_employer_lists_list (CdDatabase  *db,
                        GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM employer_lists ORDER BY id DESC",
                                          list_columns);
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, error);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_stored_list_free);
  CdStep step;

  if (select == NULL)
    return NULL;
  while ((step = cd_statement_step (select, error)) == CD_STEP_ROW)
    g_ptr_array_add (lists, read_list (select));
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&lists);
}

CdStoredList *
cd_employer_lists_get (CdDatabase  *db,
                       gint64       id,
                       GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM employer_lists WHERE id = ?1",
                                          list_columns);
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, error);
  CdStep step;

  if (select == NULL)
    return NULL;
  cd_statement_bind_int64 (select, 1, id);
  step = cd_statement_step (select, error);
  if (step == CD_STEP_ROW)
    return read_list (select);
  if (step == CD_STEP_DONE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No employer list %s"), number);
    }
  return NULL;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

/* The rows of a list, or its one row at `position` of `part` (part 0: every row). */
static GPtrArray *
read_rows (CdDatabase  *db,
           gint64       list_id,
           int          part,
           guint        position,
           GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT r.part, r.position, r.number, r.section, r.benefit, r.si_code, r.name,"
        " r.period_from, r.period_to, r.fields, r.cells, r.problems, r.state, r.claim_id,"
        " r.findings, r.amount, r.failure, r.attempts, r.reason, c.number, s.name"
        " FROM employer_list_rows r LEFT JOIN claims c ON c.id = r.claim_id"
        " LEFT JOIN claim_statuses s ON s.code = c.status"
        " WHERE r.list_id = ?1 AND (?2 = 0 OR (r.part = ?2 AND r.position = ?3))"
        " ORDER BY r.part, r.position", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_stored_list_row_free);
  CdStep step;

  if (select == NULL)
    return NULL;
  cd_statement_bind_int64 (select, 1, list_id);
  cd_statement_bind_int64 (select, 2, part);
  cd_statement_bind_int64 (select, 3, position);
  while ((step = cd_statement_step (select, error)) == CD_STEP_ROW)
    {
      CdStoredListRow *row = g_new0 (CdStoredListRow, 1);

      row->part = cd_statement_get_int (select, 0);
      row->position = (guint) cd_statement_get_int64 (select, 1);
      row->number = (guint) cd_statement_get_int64 (select, 2);
      row->section = cd_statement_dup_text (select, 3);
      row->benefit = cd_statement_dup_text (select, 4);
      row->si_code = cd_statement_dup_text (select, 5);
      row->name = cd_statement_dup_text (select, 6);
      row->period_from = cd_statement_dup_text (select, 7);
      row->period_to = cd_statement_dup_text (select, 8);
      row->fields = parse_json (cd_statement_get_text (select, 9));
      row->cells = parse_json (cd_statement_get_text (select, 10));
      row->problems = parse_json (cd_statement_get_text (select, 11));
      row->state = cd_statement_dup_text (select, 12);
      row->claim_id = cd_statement_get_int64 (select, 13);
      row->findings = parse_json (cd_statement_get_text (select, 14));
      row->amount = cd_statement_is_null (select, 15) ? -1 : cd_statement_get_int64 (select, 15);
      row->failure = cd_statement_dup_text (select, 16);
      row->attempts = (guint) cd_statement_get_int64 (select, 17);
      row->reason = cd_statement_dup_text (select, 18);
      row->claim_number = cd_statement_dup_text (select, 19);
      row->claim_status = cd_statement_dup_text (select, 20);
      g_ptr_array_add (rows, row);
    }
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
cd_employer_lists_get_rows (CdDatabase  *db,
                            gint64       list_id,
                            GError     **error)
{
  return read_rows (db, list_id, 0, 0, error);
}

CdStoredListRow *
cd_employer_lists_get_row (CdDatabase  *db,
                           gint64       list_id,
                           int          part,
                           guint        position,
                           GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (part == 1 || part == 2, NULL);

  rows = read_rows (db, list_id, part, position, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_autofree char *list = g_strdup_printf ("%" G_GINT64_FORMAT, list_id);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("List %s has no row %u in part %d"), list, position, part);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

typedef struct
{
  char   *db_path;
  gint64  list_id;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;
  GPtrArray *items = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  if (reader != NULL)
    items = job->list_id == 0 ? cd_employer_lists_list (reader, &error)
                              : cd_employer_lists_get_rows (reader, job->list_id, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_employer_lists_read_async (const char          *db_path,
                              gint64               list_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadJob *job;

  g_return_if_fail (db_path != NULL);

  job = g_new0 (ReadJob, 1);
  job->db_path = g_strdup (db_path);
  job->list_id = list_id;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_employer_lists_read_async);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

GPtrArray *
cd_employer_lists_read_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_employer_lists_read_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
cd_employer_lists_dup_bytes (CdDatabase  *db,
                             gint64       list_id,
                             GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT bytes FROM employer_lists WHERE id = ?1", error);
  CdStep step;

  if (select == NULL)
    return NULL;
  cd_statement_bind_int64 (select, 1, list_id);
  step = cd_statement_step (select, error);
  if (step == CD_STEP_ROW)
    return cd_statement_dup_bytes (select, 0);
  if (step == CD_STEP_DONE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, list_id);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No employer list %s"), number);
    }
  return NULL;
}

GPtrArray *
cd_employer_lists_fetch (CdDatabase               *db,
                         CdHttpClient             *http,
                         const char               *central_url,
                         const CdOfficeCredential *credential,
                         CdTrustStore             *trust,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  g_autoptr(GPtrArray) index = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_stored_list_free);
  g_autoptr(CdStatement) known = NULL;

  index = cd_central_lists_fetch_index (http, central_url, credential, cancellable, error);
  if (index == NULL)
    return NULL;
  known = cd_database_prepare (db, "SELECT 1 FROM employer_lists WHERE central_id = ?1", error);
  if (known == NULL)
    return NULL;

  for (guint i = 0; i < index->len; i++)
    {
      CdCentralListEntry *entry = g_ptr_array_index (index, i);
      g_autofree char *url = NULL;
      g_autoptr(GBytes) envelope = NULL;
      gboolean was_added = FALSE;
      gint64 id = 0;
      CdStep step;

      /* Already here: not asked for again. */
      cd_statement_reset (known);
      cd_statement_bind_text (known, 1, entry->id);
      step = cd_statement_step (known, error);
      if (step == CD_STEP_FAILED)
        return NULL;
      if (step == CD_STEP_ROW)
        continue;
      cd_statement_reset (known);

      envelope = cd_central_lists_fetch_envelope (http, central_url, credential, entry->id, &url,
                                                  cancellable, error);
      if (envelope == NULL)
        return NULL;
      if (!cd_employer_lists_store (db, envelope, url, entry->id, entry->received_at, trust, &id,
                                    &was_added, error))
        return NULL;
      if (was_added)
        {
          CdStoredList *list = cd_employer_lists_get (db, id, error);

          if (list == NULL)
            return NULL;
          g_ptr_array_add (added, list);
        }
    }
  return g_steal_pointer (&added);
}

/* ---- one claim per row ---- */

/* The first column of the first row, the SQL's n_values parameters bound to `values`. */
static char *
lookup_text (CdDatabase          *db,
             const char          *sql,
             const char * const  *values,
             guint                n_values,
             GError             **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, error);

  if (select == NULL)
    return NULL;
  for (guint i = 0; i < n_values; i++)
    cd_statement_bind_text (select, (int) i + 1, values[i]);
  if (cd_statement_step (select, error) != CD_STEP_ROW)
    return NULL;
  return cd_statement_dup_text (select, 0);
}

/* The row's problems without an earlier "claim" one, plus `message` (NULL: none). */
static char *
replace_claim_problem (JsonNode   *problems,
                       const char *message,
                       guint      *out_count)
{
  g_autoptr(JsonArray) kept = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *old = JSON_NODE_HOLDS_ARRAY (problems) ? json_node_get_array (problems) : NULL;

  for (guint i = 0; old != NULL && i < json_array_get_length (old); i++)
    {
      JsonObject *problem = json_array_get_object_element (old, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (problem, "column", ""),
                     "claim") != 0)
        json_array_add_object_element (kept, json_object_ref (problem));
    }
  if (message != NULL)
    {
      JsonObject *problem = json_object_new ();

      json_object_set_string_member (problem, "column", "claim");
      json_object_set_string_member (problem, "message", message);
      json_array_add_object_element (kept, problem);
    }
  *out_count = json_array_get_length (kept);
  json_node_set_array (node, kept);
  return json_to_string (node, FALSE);
}

static gboolean
update_row (CdDatabase             *db,
            gint64                  list_id,
            const CdStoredListRow  *row,
            gint64                  claim_id,
            const char             *problem,
            GError                **error)
{
  g_autoptr(CdStatement) update = cd_database_prepare (
    db, "UPDATE employer_list_rows SET claim_id = ?4, problems = ?5, n_problems = ?6"
        " WHERE list_id = ?1 AND part = ?2 AND position = ?3", error);
  guint n_problems = 0;
  g_autofree char *problems = replace_claim_problem (row->problems, problem, &n_problems);

  if (update == NULL)
    return FALSE;
  cd_statement_bind_int64 (update, 1, list_id);
  cd_statement_bind_int64 (update, 2, row->part);
  cd_statement_bind_int64 (update, 3, row->position);
  if (claim_id != 0)
    cd_statement_bind_int64 (update, 4, claim_id);
  else
    cd_statement_bind_null (update, 4);
  cd_statement_bind_text (update, 5, problems);
  cd_statement_bind_int64 (update, 6, n_problems);
  return cd_statement_run (update, error);
}

gboolean
cd_stored_list_row_has_parse_problems (const CdStoredListRow *row)
{
  JsonArray *problems = JSON_NODE_HOLDS_ARRAY (row->problems)
                        ? json_node_get_array (row->problems) : NULL;

  for (guint i = 0; problems != NULL && i < json_array_get_length (problems); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (
                     json_array_get_object_element (problems, i), "column", ""), "claim") != 0)
      return TRUE;
  return FALSE;
}

/* Who the row's claim is for, or the reason (translated) it cannot be opened. */
static char *
draft_for_row (CdDatabase             *db,
               const CdStoredList     *list,
               const CdStoredListRow  *row,
               const char             *child_id,
               CdClaimDraft           *draft,
               char                  **claimant,
               char                  **child,
               char                  **event_date,
               GError                **error)
{
  JsonObject *fields = JSON_NODE_HOLDS_OBJECT (row->fields) ? json_node_get_object (row->fields)
                                                           : NULL;
  JsonObject *case_data = fields != NULL ? cd_json_member_object (fields, "case_data")
                                         : NULL;
  JsonObject *notes = fields != NULL ? cd_json_member_object (fields, "notes") : NULL;
  const char *birth = case_data != NULL
                      ? json_object_get_string_member_with_default (case_data,
                                                                    "child_birth_date", NULL)
                      : NULL;
  const char *card = notes != NULL
                     ? json_object_get_string_member_with_default (notes, "health_card", NULL)
                     : NULL;
  CdBenefit benefit;

  if (row->benefit == NULL || !cd_benefit_from_string (row->benefit, &benefit))
    return g_strdup (_("the row's section names no benefit"));
  *claimant = lookup_text (db, "SELECT personal_id FROM persons WHERE si_code = ?1",
                           (const char *[]) { row->si_code }, 1, error);
  if (*claimant == NULL)
    return *error != NULL ? NULL
                          : g_strdup_printf (_("no insured person with SI number %s in this "
                                               "store"), row->si_code);
  if (child_id != NULL)
    *child = g_strdup (child_id);  /* the evidence has named the child */
  else if (birth != NULL || card != NULL)
    {
      /* The claimant's child: by the card when column E gives one, else by the birth date. */
      *child = lookup_text (db,
                            "SELECT c.personal_id FROM persons p"
                            " JOIN family_links f ON f.person_id = p.id AND f.relation = 'child'"
                            " JOIN persons c ON c.id = f.relative_id"
                            " WHERE p.personal_id = ?1 AND (c.health_card = ?2"
                            "   OR (?2 IS NULL AND c.birth_date = ?3))"
                            " ORDER BY c.id LIMIT 1",
                            (const char *[]) { *claimant, card, birth }, 3, error);
      if (*error != NULL)
        return NULL;
    }
  if (*child == NULL && (benefit == CD_BENEFIT_CHILD_SICKNESS || card != NULL
                         || (birth != NULL && benefit != CD_BENEFIT_CHILDBIRTH
                             && benefit != CD_BENEFIT_ADOPTION
                             && benefit != CD_BENEFIT_SURROGACY
                             && benefit != CD_BENEFIT_FATHER_LEAVE)))
    return g_strdup_printf (_("no child of %s with card %s or born %s in this store"), *claimant,
                            card != NULL ? card : "-", birth != NULL ? birth : "-");
  if (benefit == CD_BENEFIT_CHILDBIRTH && birth != NULL)
    *event_date = g_strdup (birth);

  draft->benefit = benefit;
  draft->claimant_id = *claimant;
  draft->child_id = *child;
  draft->period_from = row->period_from;
  draft->period_to = row->period_to;
  draft->event_date = *event_date;
  {
    CdDay received = CD_DAY_NONE;
    g_autofree char *day = g_strndup (list->fetched_at, 10);

    draft->received_on = cd_date_parse (day, &received) ? cd_date_to_yyyymmdd (received) : 0;
  }
  return NULL;
}

gboolean
cd_employer_lists_open_row_claim (CdDatabase             *db,
                                  CdSession              *session,
                                  const CdStoredList     *list,
                                  const CdStoredListRow  *row,
                                  CdBenefit               benefit,
                                  const char             *child_id,
                                  gint64                 *out_claim_id,
                                  char                  **out_reason,
                                  GError                **error)
{
  g_autofree char *claimant = NULL, *child = NULL, *event_date = NULL, *reason = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) local_error = NULL;
  CdClaimDraft draft = { 0 };
  gint64 claim_id;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);

  *out_claim_id = 0;
  *out_reason = NULL;
  reason = draft_for_row (db, list, row, child_id, &draft, &claimant, &child, &event_date,
                          &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (benefit < CD_N_BENEFITS)
    draft.benefit = benefit;
  number = g_strdup_printf ("DS-%06" G_GINT64_FORMAT "-%03u", list->id, row->position);
  draft.number = number;

  if (reason == NULL)
    {
      /* The claim and its link to the row, together: the savepoint of the workflow's
       * transaction nests in this one. */
      if (!cd_database_begin_immediate (db, error))
        return FALSE;
      claim_id = cd_workflow_open_claim (db, session, &draft, &local_error);
      if (claim_id != 0 && update_row (db, list->id, row, claim_id, NULL, error)
          && cd_database_commit (db, error))
        {
          *out_claim_id = claim_id;
          return TRUE;
        }
      cd_database_rollback (db);
      if (local_error == NULL)
        return FALSE;  /* the store failed while linking */
      reason = g_strdup (local_error->message);
    }

  if (!update_row (db, list->id, row, 0, reason, error))
    return FALSE;
  *out_reason = g_steal_pointer (&reason);
  return TRUE;
}

gboolean
cd_employer_lists_open_claims (CdDatabase  *db,
                               CdSession   *session,
                               gint64       list_id,
                               guint       *out_opened,
                               guint       *out_refused,
                               GError     **error)
{
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint opened = 0, refused = 0;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);

  list = cd_employer_lists_get (db, list_id, error);
  if (list == NULL || (rows = cd_employer_lists_get_rows (db, list_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);
      g_autofree char *reason = NULL;
      gint64 claim_id = 0;

      if (row->part != CD_EMPLOYER_LIST_PART_NEW || row->claim_id != 0
          || cd_stored_list_row_has_parse_problems (row))
        continue;
      if (!cd_employer_lists_open_row_claim (db, session, list, row, CD_N_BENEFITS, NULL,
                                             &claim_id, &reason, error))
        return FALSE;
      if (claim_id != 0)
        opened++;
      else
        refused++;
    }
  if (out_opened != NULL)
    *out_opened = opened;
  if (out_refused != NULL)
    *out_refused = refused;
  return TRUE;
}
