/* cd-payout-alive.c — claimants re-verified alive before a payout batch pays them. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-date.h"
#include "cd-evidence-store.h"
#include "cd-json-util.h"
#include "cd-office-settings.h"
#include "cd-payout-alive.h"
#include "cd-payout.h"
#include "cd-statement.h"

const char *
cd_alive_state_to_string (CdAliveState state)
{
  static const char * const names[] = { "current", "reverified", "dead", "unverifiable" };

  g_return_val_if_fail (state <= CD_ALIVE_UNVERIFIABLE, NULL);
  return names[state];
}

void
cd_alive_check_free (CdAliveCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->claim_number);
  g_free (check->claimant);
  g_free (check->personal_id);
  g_free (check->checked_at);
  g_free (check->message);
  g_free (check);
}

/* The newest stored population-register answer about the person's vital status. */
static gboolean
latest_status (CdDatabase  *db,
               const char  *personal_id,
               char       **fetched_at,
               char       **status,
               char       **died,
               GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  *fetched_at = *status = *died = NULL;
  stmt = cd_database_prepare (db,
                              "SELECT d.fetched_at, json_extract(d.fields, '$.status'),"
                              " json_extract(d.fields, '$.NgayChet') FROM documents d"
                              " JOIN persons p ON p.id = d.person_id WHERE p.personal_id = ?"
                              " AND d.kind = 'vital_status' AND d.parse_status = 'parsed'"
                              " ORDER BY d.fetched_at DESC, d.id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, personal_id);
  step = cd_statement_step (stmt, error);
  if (step == CD_STEP_ROW)
    {
      *fetched_at = cd_statement_dup_text (stmt, 0);
      *status = cd_statement_dup_text (stmt, 1);
      *died = cd_statement_dup_text (stmt, 2);
    }
  return step != CD_STEP_FAILED;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Asks the register again and stores its answer; the source's own error when it did not answer. */
static gboolean
ask_again (CdDatabase         *db,
           CdEvidenceFetcher  *fetcher,
           CdTrustStore       *trust,
           const char         *personal_id,
           GCancellable       *cancellable,
           char              **why_not,
           GError            **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) fetch_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
  g_autofree char *from = g_date_time_format (year_ago, "%Y-%m-%d");
  CdEvidenceResponse *response;

  g_main_context_push_thread_default (context);
  cd_evidence_fetcher_fetch_sources_async (fetcher, personal_id, from, to,
                                           1u << CD_EVIDENCE_POPULATION_STATUS, cancellable,
                                           NULL, NULL, on_fetched, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  responses = cd_evidence_fetcher_fetch_finish (fetcher, result, &fetch_error);
  g_main_context_pop_thread_default (context);
  if (responses == NULL)
    {
      *why_not = g_strdup (fetch_error->message);
      return TRUE;
    }
  response = g_ptr_array_index (responses, CD_EVIDENCE_POPULATION_STATUS);
  if (response->error != NULL)
    *why_not = g_strdup (response->error->message);
  stored = cd_evidence_store_save (db, personal_id, from, to, 0, responses, trust, error);
  return stored != NULL;
}

static gboolean
is_recent (const char *fetched_at,
           guint       days)
{
  g_autoptr(GDateTime) at = fetched_at != NULL ? g_date_time_new_from_iso8601 (fetched_at, NULL)
                                               : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return at != NULL && g_date_time_difference (now, at) < (GTimeSpan) days * G_TIME_SPAN_DAY;
}

static void
judge (CdAliveCheck *check,
       const char   *status,
       const char   *died,
       gboolean      asked,
       const char   *why_not,
       guint         days)
{
  if (g_strcmp0 (status, "dead") == 0 || g_strcmp0 (status, "missing") == 0)
    {
      check->state = CD_ALIVE_DEAD;
      if (g_strcmp0 (status, "dead") == 0)
        check->message = g_strdup_printf (_("%s (personal ID %s) is dead according to the "
                                            "population register (died %s); not paid."),
                                          check->claimant, check->personal_id,
                                          died != NULL ? died : "?");
      else
        check->message = g_strdup_printf (_("%s (personal ID %s) is missing according to the "
                                            "population register; not paid."),
                                          check->claimant, check->personal_id);
      return;
    }
  if (status != NULL && is_recent (check->checked_at, days))
    {
      check->state = asked ? CD_ALIVE_REVERIFIED : CD_ALIVE_CURRENT;
      return;
    }
  check->state = CD_ALIVE_UNVERIFIABLE;
  if (check->checked_at == NULL)
    check->message = g_strdup_printf (_("%s (personal ID %s) has never been checked in the "
                                        "population register, and it cannot be reached now (%s); "
                                        "not paid until it can."),
                                      check->claimant, check->personal_id,
                                      why_not != NULL ? why_not : _("offline"));
  else
    check->message = g_strdup_printf (_("%s (personal ID %s) was last confirmed alive on %s, more "
                                        "than %u days ago, and the population register cannot be "
                                        "reached to check again (%s); not paid until it can."),
                                      check->claimant, check->personal_id, check->checked_at, days,
                                      why_not != NULL ? why_not : _("offline"));
}

GPtrArray *
cd_payout_alive_check (CdDatabase         *db,
                       CdEvidenceFetcher  *fetcher,
                       CdTrustStore       *trust,
                       gint64              batch_id,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(CdPayoutBatch) batch = NULL;
  g_autoptr(GPtrArray) out = NULL;
  CdPaperRules rules;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (fetcher == NULL || CD_IS_EVIDENCE_FETCHER (fetcher), NULL);

  batch = cd_payout_load (db, batch_id, error);
  if (batch == NULL)
    return NULL;
  cd_office_settings_read_paper_rules (db, &rules);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_alive_check_free);
  for (guint i = 0; i < batch->items->len; i++)
    {
      CdPayoutItem *item = g_ptr_array_index (batch->items, i);
      CdAliveCheck *check = g_new0 (CdAliveCheck, 1);
      g_autofree char *status = NULL;
      g_autofree char *died = NULL;
      g_autofree char *why_not = NULL;
      gboolean asked = FALSE;

      check->claim_number = g_strdup (item->claim_number);
      check->claimant = g_strdup (item->claimant);
      check->personal_id = g_strdup (item->personal_id);
      g_ptr_array_add (out, check);
      /* The rule off: nobody is asked again, but a death on record still holds the payment. */
      if (!latest_status (db, item->personal_id, &check->checked_at, &status, &died, error))
        return NULL;
      if (rules.payout_alive_days == 0)
        {
          if (g_strcmp0 (status, "dead") == 0 || g_strcmp0 (status, "missing") == 0)
            judge (check, status, died, FALSE, NULL, 0);
          else
            check->state = CD_ALIVE_CURRENT;
          continue;
        }
      /* A recent answer stands, whatever it says: a claimant seen dead last week is not asked
       * about again for the next item of theirs. */
      if (status == NULL || !is_recent (check->checked_at, rules.payout_alive_days))
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (fetcher == NULL)
            why_not = g_strdup (_("no connection to the population register"));
          else if (!ask_again (db, fetcher, trust, item->personal_id, cancellable, &why_not,
                               error))
            return NULL;
          asked = why_not == NULL;
          g_clear_pointer (&check->checked_at, g_free);
          g_clear_pointer (&status, g_free);
          g_clear_pointer (&died, g_free);
          if (!latest_status (db, item->personal_id, &check->checked_at, &status, &died, error))
            return NULL;
        }
      judge (check, status, died, asked, why_not, rules.payout_alive_days);
    }
  return g_steal_pointer (&out);
}

gboolean
cd_payout_approve_alive (CdDatabase         *db,
                         CdSession          *session,
                         CdEvidenceFetcher  *fetcher,
                         CdTrustStore       *trust,
                         gint64              batch_id,
                         GPtrArray         **checks,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db) && CD_IS_SESSION (session), FALSE);

  if (!cd_session_require_role (session, CD_ROLES_SUPERVISING,
                                _("approve payout batches"), error))
    return FALSE;
  results = cd_payout_alive_check (db, fetcher, trust, batch_id, cancellable, error);
  if (results == NULL)
    return FALSE;
  holds = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_payout_hold_free);
  for (guint i = 0; i < results->len; i++)
    {
      CdAliveCheck *check = g_ptr_array_index (results, i);
      CdPayoutHold *hold;

      if (check->state != CD_ALIVE_DEAD && check->state != CD_ALIVE_UNVERIFIABLE)
        continue;
      hold = g_new0 (CdPayoutHold, 1);
      hold->claim_number = g_strdup (check->claim_number);
      hold->reason = g_strdup (check->message);
      g_ptr_array_add (holds, hold);
    }
  ok = cd_payout_approve_holding (db, session, batch_id, holds, error);
  if (checks != NULL)
    *checks = g_steal_pointer (&results);
  return ok;
}

/* --- Off the main loop ------------------------------------------------------------------------ */

typedef struct
{
  CdDatabase         *writer;
  char               *db_path;
  CdSession          *session;
  CdEvidenceFetcher  *fetcher;
  CdTrustStore     *(*load_trust) (gpointer, GError **);
  gpointer            load_trust_data;
  gint64              batch_id;
  GPtrArray          *checks;
  GPtrArray          *holds;
} AliveJob;

static void
alive_job_free (AliveJob *job)
{
  g_clear_object (&job->writer);
  g_free (job->db_path);
  g_clear_object (&job->session);
  g_clear_object (&job->fetcher);
  g_clear_pointer (&job->checks, g_ptr_array_unref);
  g_clear_pointer (&job->holds, g_ptr_array_unref);
  g_free (job);
}

static void
approve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AliveJob *job = task_data;
  GError *error = NULL;

  if (cd_payout_approve_holding (job->writer, job->session, job->batch_id, job->holds, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_approved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AliveJob *job = task_data;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  GError *error = NULL;

  db = cd_database_open (job->db_path, &error);
  if (db != NULL && job->fetcher != NULL && job->load_trust != NULL)
    {
      trust = job->load_trust (job->load_trust_data, &error);
      if (trust == NULL)
        g_clear_object (&db);
    }
  if (db != NULL)
    job->checks = cd_payout_alive_check (db, job->fetcher, trust, job->batch_id, cancellable,
                                         &error);
  if (job->checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  AliveJob *job = g_task_get_task_data (outer);
  GError *error = NULL;
  GTask *approve;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  job->holds = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_payout_hold_free);
  for (guint i = 0; i < job->checks->len; i++)
    {
      CdAliveCheck *check = g_ptr_array_index (job->checks, i);
      CdPayoutHold *hold;

      if (check->state != CD_ALIVE_DEAD && check->state != CD_ALIVE_UNVERIFIABLE)
        continue;
      hold = g_new0 (CdPayoutHold, 1);
      hold->claim_number = g_strdup (check->claim_number);
      hold->reason = g_strdup (check->message);
      g_ptr_array_add (job->holds, hold);
    }
  approve = g_task_new (job->writer, NULL, on_approved, g_steal_pointer (&outer));
  g_task_set_source_tag (approve, approve_thread);
  g_task_set_task_data (approve, job, NULL);
  /* A job on the shared writer: never beside another writer's transaction there. The job data
   * belongs to the outer task, which this one keeps alive until it reports. */
  cd_database_run_in_thread (job->writer, approve, approve_thread);
  g_object_unref (approve);
}

void
cd_payout_approve_alive_async (CdDatabase          *writer,
                               CdSession           *session,
                               CdEvidenceFetcher   *fetcher,
                               CdTrustStore      *(*load_trust) (gpointer   data,
                                                                 GError   **error),
                               gpointer             load_trust_data,
                               gint64               batch_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) check = NULL;
  GError *error = NULL;
  AliveJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer) && CD_IS_SESSION (session));

  outer = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cd_payout_approve_alive_async);
  if (!cd_session_begin_action (session, &error)
      || !cd_session_require_role (session, CD_ROLES_SUPERVISING,
                                   _("approve payout batches"), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  job = g_new0 (AliveJob, 1);
  job->writer = g_object_ref (writer);
  job->db_path = g_strdup (cd_database_get_path (writer));
  job->session = g_object_ref (session);
  job->fetcher = fetcher != NULL ? g_object_ref (fetcher) : NULL;
  job->load_trust = load_trust;
  job->load_trust_data = load_trust_data;
  job->batch_id = batch_id;
  g_task_set_task_data (outer, job, (GDestroyNotify) alive_job_free);
  check = g_task_new (NULL, cancellable, on_checked, g_steal_pointer (&outer));
  g_task_set_task_data (check, job, NULL);
  g_task_run_in_thread (check, check_thread);
}

gboolean
cd_payout_approve_alive_finish (GAsyncResult  *result,
                                GPtrArray    **checks,
                                GError       **error)
{
  AliveJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (checks != NULL)
    *checks = job != NULL && job->checks != NULL ? g_ptr_array_ref (job->checks) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}
