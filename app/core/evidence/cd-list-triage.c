/* cd-list-triage.c — the officer's accept, refuse and return on a worked list row. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-clock.h"
#include "cd-list-triage.h"
#include "cd-statement.h"
#include "cd-workflow.h"

G_DEFINE_QUARK (cd-list-triage-error-quark, cd_list_triage_error)

typedef struct
{
  char   *state;
  gint64  claim_id;
  char   *number;        /* the claim's, or NULL */
  char   *status;        /* the claim's status, or NULL */
  guint   row_number;    /* column A */
  char   *adjustment;    /* a Part 2 row's reason (column 3), or NULL */
} RowNow;

static void
row_now_clear (RowNow *row)
{
  g_free (row->state);
  g_free (row->number);
  g_free (row->status);
  g_free (row->adjustment);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowNow, row_now_clear)

static gboolean
read_row (CdDatabase  *db,
          gint64       list_id,
          int          part,
          guint        position,
          RowNow      *out,
          GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT r.state, r.claim_id, c.number, s.name, r.number,"
        " CASE WHEN r.part = 2 THEN json_extract (r.fields, '$.reason') END"
        " FROM employer_list_rows r"
        " LEFT JOIN claims c ON c.id = r.claim_id LEFT JOIN claim_statuses s ON s.code = c.status"
        " WHERE r.list_id = ?1 AND r.part = ?2 AND r.position = ?3", error);
  CdStep step;

  if (select == NULL)
    return FALSE;
  cd_statement_bind_int64 (select, 1, list_id);
  cd_statement_bind_int64 (select, 2, part);
  cd_statement_bind_int64 (select, 3, position);
  step = cd_statement_step (select, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (step == CD_STEP_DONE)
    {
      g_autofree char *list = g_strdup_printf ("%" G_GINT64_FORMAT, list_id);

      g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_NOT_FOUND,
                   _("List %s has no row %u in part %d"), list, position, part);
      return FALSE;
    }
  out->state = cd_statement_dup_text (select, 0);
  out->claim_id = cd_statement_get_int64 (select, 1);
  out->number = cd_statement_dup_text (select, 2);
  out->status = cd_statement_dup_text (select, 3);
  out->row_number = (guint) cd_statement_get_int64 (select, 4);
  out->adjustment = cd_statement_dup_text (select, 5);
  return TRUE;
}

/* "Điều 42", "Art 48", "Article 62(1)": a written refusal must say which article it rests on. */
static gboolean
cites_article (const char *reason)
{
  static const char *const words[] = { "điều ", "điều", "article ", "art ", "art. " };
  g_autofree char *lower = g_utf8_strdown (reason, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      const char *at = lower;

      while ((at = strstr (at, words[i])) != NULL)
        {
          const char *after = at + strlen (words[i]);

          while (*after == ' ')
            after++;
          if (g_ascii_isdigit (*after))
            return TRUE;
          at = after;
        }
    }
  return FALSE;
}

/* The claim's latest evaluation recorded again as the officer's refusal: not eligible, nothing
 * paid, the officer's reason first. */
static gboolean
record_refusal (CdDatabase  *db,
                CdSession   *session,
                const RowNow *row,
                const char  *reason,
                GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT facts, result FROM evaluations WHERE claim_id = ?1 ORDER BY id DESC LIMIT 1",
    error);
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *facts = NULL, *text = NULL;
  JsonObject *object, *first;
  JsonArray *reasons, *kept;

  if (select == NULL)
    return FALSE;
  cd_statement_bind_int64 (select, 1, row->claim_id);
  if (cd_statement_step (select, error) != CD_STEP_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_STATE,
                     _("Claim %s has no evaluation to refuse"), row->number);
      return FALSE;
    }
  facts = cd_statement_dup_text (select, 0);
  result = json_from_string (cd_statement_get_text (select, 1), error);
  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    return FALSE;
  object = json_node_get_object (result);
  json_object_set_boolean_member (object, "eligible", FALSE);
  json_object_set_array_member (object, "lines", json_array_new ());
  json_object_set_int_member (object, "lump_sum", 0);
  json_object_set_int_member (object, "total", 0);
  first = json_object_new ();
  json_object_set_string_member (first, "code", "officer.refused");
  json_object_set_string_member (first, "message_vi", reason);
  json_object_set_string_member (first, "message_en", reason);
  kept = json_array_new ();
  json_array_add_object_element (kept, first);
  reasons = json_object_has_member (object, "reasons")
            && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "reasons"))
            ? json_object_get_array_member (object, "reasons") : NULL;
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    json_array_add_element (kept, json_node_copy (json_array_get_element (reasons, i)));
  json_object_set_array_member (object, "reasons", kept);
  text = json_to_string (result, FALSE);
  return cd_workflow_record_evaluation (db, session, row->number, facts, text, error);
}

static gboolean
set_row_decided (CdDatabase  *db,
                 CdSession   *session,
                 gint64       list_id,
                 int          part,
                 guint        position,
                 const char  *state,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(CdStatement) update = cd_database_prepare (
    db, "UPDATE employer_list_rows SET state = ?4, reason = ?5, decided_by = ?6,"
        " decided_at = ?7 WHERE list_id = ?1 AND part = ?2 AND position = ?3", error);
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_clock_get_default ());
  g_autofree char *at = g_date_time_format_iso8601 (now);

  if (update == NULL)
    return FALSE;
  cd_statement_bind_int64 (update, 1, list_id);
  cd_statement_bind_int64 (update, 2, part);
  cd_statement_bind_int64 (update, 3, position);
  cd_statement_bind_text (update, 4, state);
  if (reason != NULL)
    cd_statement_bind_text (update, 5, reason);
  else
    cd_statement_bind_null (update, 5);
  cd_statement_bind_int64 (update, 6, cd_session_get_user_id (session));
  cd_statement_bind_text (update, 7, at);
  return cd_statement_run (update, error);
}

static gboolean
act_in_transaction (CdDatabase          *db,
                    CdSession           *session,
                    gint64               list_id,
                    int                  part,
                    guint                position,
                    CdListTriageAction   action,
                    const char          *reason,
                    GError             **error)
{
  g_auto(RowNow) row = { NULL };
  gboolean worked;

  if (!read_row (db, list_id, part, position, &row, error))
    return FALSE;
  worked = g_str_equal (row.state, "ready") || g_str_equal (row.state, "findings");
  if (!worked)
    {
      g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_STATE,
                   g_str_equal (row.state, "new") || g_str_equal (row.state, "fetching")
                   ? _("Row %u has not been worked yet: run the batch on the list first")
                   : _("Row %u has already been decided"), row.row_number);
      return FALSE;
    }

  switch (action)
    {
    case CD_LIST_TRIAGE_ACCEPT:
      if (part == 2)
        {
          /* An adjustment accepted: the earlier decision is reopened with the employer's reason,
           * to be evaluated and decided again. */
          g_autofree char *note = NULL;

          if (row.number == NULL || g_strcmp0 (row.status, "synced") != 0)
            {
              g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_STATE,
                           _("Row %u adjusts no decision central has: refuse it or return it to "
                             "the employer"), row.row_number);
              return FALSE;
            }
          note = g_strdup_printf (_("Adjustment from the employer's list: %s"),
                                  row.adjustment != NULL ? row.adjustment : "");
          return cd_workflow_amend (db, session, row.number, note, error)
                 && set_row_decided (db, session, list_id, part, position, "accepted", NULL,
                                     error);
        }
      if (row.number == NULL || g_strcmp0 (row.status, "evaluated") != 0)
        {
          g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_STATE,
                       _("Row %u has no evaluated claim to accept: refuse it or return it to "
                         "the employer"), row.row_number);
          return FALSE;
        }
      return cd_workflow_propose (db, session, row.number, NULL, error)
             && set_row_decided (db, session, list_id, part, position, "accepted", NULL, error);

    case CD_LIST_TRIAGE_REFUSE:
      /* A row without an evaluated claim (a duplicate, nobody by that SI number) is refused on
       * the list alone; the decision list still prints it with its reason. */
      if (part == 1 && g_strcmp0 (row.status, "evaluated") == 0
          && (!record_refusal (db, session, &row, reason, error)
              || !cd_workflow_propose (db, session, row.number, reason, error)))
        return FALSE;
      return set_row_decided (db, session, list_id, part, position, "refused", reason, error);

    case CD_LIST_TRIAGE_RETURN:
      return set_row_decided (db, session, list_id, part, position, "returned", reason, error);

    default:
      g_assert_not_reached ();
    }
}

gboolean
cd_list_triage_act (CdDatabase          *db,
                    CdSession           *session,
                    gint64               list_id,
                    int                  part,
                    guint                position,
                    CdListTriageAction   action,
                    const char          *reason,
                    GError             **error)
{
  g_autofree char *trimmed = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);

  if (action != CD_LIST_TRIAGE_ACCEPT && (trimmed == NULL || *trimmed == '\0'))
    {
      g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_REASON,
                   action == CD_LIST_TRIAGE_REFUSE
                   ? _("A refusal needs a written reason that cites the article it rests on")
                   : _("Returning a row to the employer needs a written reason"));
      return FALSE;
    }
  if (action == CD_LIST_TRIAGE_REFUSE && !cites_article (trimmed))
    {
      g_set_error (error, CD_LIST_TRIAGE_ERROR, CD_LIST_TRIAGE_ERROR_REASON,
                   _("The reason “%s” cites no article: write which one the refusal rests on, "
                     "e.g. “Điều 42 Luật BHXH 2024”"), trimmed);
      return FALSE;
    }
  if (!cd_database_begin_immediate (db, error))
    return FALSE;
  if (act_in_transaction (db, session, list_id, part, position, action,
                          action == CD_LIST_TRIAGE_ACCEPT ? NULL : trimmed, error)
      && cd_database_commit (db, error))
    return TRUE;
  cd_database_rollback (db);
  return FALSE;
}

gboolean
cd_list_triage_accept_ready (CdDatabase  *db,
                             CdSession   *session,
                             gint64       list_id,
                             guint       *out_accepted,
                             guint       *out_refused,
                             GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT part, position FROM employer_list_rows WHERE list_id = ?1 AND state = 'ready'"
        " ORDER BY part, position", error);
  g_autoptr(GArray) ready = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint accepted = 0, refused = 0;
  CdStep step;

  if (select == NULL)
    return FALSE;
  cd_statement_bind_int64 (select, 1, list_id);
  while ((step = cd_statement_step (select, error)) == CD_STEP_ROW)
    {
      gint64 key = cd_statement_get_int64 (select, 0) << 32 | cd_statement_get_int64 (select, 1);

      g_array_append_val (ready, key);
    }
  if (step == CD_STEP_FAILED)
    return FALSE;
  g_clear_pointer (&select, cd_statement_free);

  for (guint i = 0; i < ready->len; i++)
    {
      gint64 key = g_array_index (ready, gint64, i);
      g_autoptr(GError) local_error = NULL;

      if (cd_list_triage_act (db, session, list_id, (int) (key >> 32), (guint) (key & 0xffffffff),
                              CD_LIST_TRIAGE_ACCEPT, NULL, &local_error))
        accepted++;
      else if (local_error->domain == CD_LIST_TRIAGE_ERROR
               || local_error->domain == CD_WORKFLOW_ERROR)
        refused++;
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (out_accepted != NULL)
    *out_accepted = accepted;
  if (out_refused != NULL)
    *out_refused = refused;
  return TRUE;
}

/* ---- on the shared writer ------------------------------------------------------------------- */

typedef struct
{
  CdSession          *session;
  gint64              list_id;
  int                 part;
  GArray             *positions;   /* guint; NULL: every ready row */
  CdListTriageAction  action;
  char               *reason;
  guint               done;
  guint               refused;
} ActJob;

static void
act_job_free (ActJob *job)
{
  g_clear_object (&job->session);
  g_clear_pointer (&job->positions, g_array_unref);
  g_free (job->reason);
  g_free (job);
}

static void
act_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  ActJob *job = task_data;
  CdDatabase *db = CD_DATABASE (source_object);
  GError *error = NULL;

  if (job->positions == NULL)
    {
      if (!cd_list_triage_accept_ready (db, job->session, job->list_id, &job->done,
                                        &job->refused, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }
  for (guint i = 0; i < job->positions->len; i++)
    {
      if (!cd_list_triage_act (db, job->session, job->list_id, job->part,
                               g_array_index (job->positions, guint, i), job->action, job->reason,
                               &error))
        {
          g_task_return_error (task, error);
          return;
        }
      job->done++;
    }
  g_task_return_boolean (task, TRUE);
}

void
cd_list_triage_act_async (CdDatabase          *db,
                          CdSession           *session,
                          gint64               list_id,
                          int                  part,
                          GArray              *positions,
                          CdListTriageAction   action,
                          const char          *reason,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ActJob *job;

  g_return_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session));
  g_return_if_fail (positions != NULL || action == CD_LIST_TRIAGE_ACCEPT);

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_list_triage_act_async);
  job = g_new0 (ActJob, 1);
  job->session = g_object_ref (session);
  job->list_id = list_id;
  job->part = part;
  job->positions = positions != NULL ? g_array_ref (positions) : NULL;
  job->action = action;
  job->reason = g_strdup (reason);
  g_task_set_task_data (task, job, (GDestroyNotify) act_job_free);
  /* A locked session is refused at once, here, as every workflow action is. */
  if (cd_session_get_locked (session))
    {
      g_task_return_new_error (task, CD_WORKFLOW_ERROR, CD_WORKFLOW_ERROR_NOT_ALLOWED,
                               _("The session is locked: unlock it first"));
      return;
    }
  cd_database_run_in_thread (db, task, act_thread);
}

gboolean
cd_list_triage_act_finish (GAsyncResult  *result,
                           guint         *out_done,
                           guint         *out_refused,
                           GError       **error)
{
  ActJob *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_list_triage_act_async,
                        FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_done != NULL)
    *out_done = job->done;
  if (out_refused != NULL)
    *out_refused = job->refused;
  return g_task_propagate_boolean (G_TASK (result), error);
}

GStrv
cd_list_triage_dup_proposed (CdDatabase  *db,
                             gint64       list_id,
                             GError     **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    db, "SELECT c.number FROM employer_list_rows r JOIN claims c ON c.id = r.claim_id"
        " JOIN claim_statuses s ON s.code = c.status"
        " WHERE r.list_id = ?1 AND s.name = 'proposed' ORDER BY r.part, r.position", error);
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  CdStep step;

  if (select == NULL)
    return NULL;
  cd_statement_bind_int64 (select, 1, list_id);
  while ((step = cd_statement_step (select, error)) == CD_STEP_ROW)
    g_strv_builder_add (numbers, cd_statement_get_text (select, 0));
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_strv_builder_end (numbers);
}
