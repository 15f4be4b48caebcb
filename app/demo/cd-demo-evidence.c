/* cd-demo-evidence.c — fetching the sample office's open claims' evidence (cd-demo-evidence.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-alerts.h"
#include "cd-claim-intake.h"
#include "cd-claim-types.h"
#include "cd-date.h"
#include "cd-demo-evidence.h"
#include "cd-statement.h"

/* Fetches under way at once: the gateway answers each in milliseconds, and the writer stores one
 * at a time anyway. */
#define IN_FLIGHT 4

typedef struct
{
  gint64  claim_id;
  char   *personal_id;
  char   *from;       /* the window: 1 January of the year before the leave, as a new claim's */
  char   *to;
} OpenClaim;

typedef struct
{
  CdDatabase           *writer;
  CdEvidenceFetcher    *fetcher;
  CdTrustStore         *trust;    /* or NULL */
  GPtrArray            *claims;   /* OpenClaim */
  guint                 next;     /* the next claim to fetch */
  guint                 running;
  gboolean              scanning;
  CdDemoEvidenceReport *report;
} Gather;

static void
open_claim_free (OpenClaim *claim)
{
  g_free (claim->personal_id);
  g_free (claim->from);
  g_free (claim->to);
  g_free (claim);
}

void
cd_demo_evidence_report_free (CdDemoEvidenceReport *report)
{
  if (report == NULL)
    return;
  g_free (report->problem);
  g_free (report);
}

static void
gather_free (Gather *gather)
{
  g_clear_object (&gather->writer);
  g_clear_object (&gather->fetcher);
  g_clear_object (&gather->trust);
  g_clear_pointer (&gather->claims, g_ptr_array_unref);
  cd_demo_evidence_report_free (gather->report);
  g_free (gather);
}

/* The open claims past the draft (their evidence would have been fetched) that have no document,
 * the latest received first. Runs on the writer's thread. */
static void
select_claims_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  CdDatabase *db = source_object;
  guint limit = GPOINTER_TO_UINT (task_data);
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func ((GDestroyNotify) open_claim_free);
  g_autoptr(CdStatement) stmt = NULL;
  GError *error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (db,
                              "SELECT c.id, p.personal_id, c.period_from, c.period_to"
                              "  FROM claims AS c JOIN persons AS p ON p.id = c.claimant_id"
                              " WHERE c.status IN (?1, ?2, ?3, ?4, ?5, ?6)"
                              "   AND NOT EXISTS (SELECT 1 FROM documents AS d"
                              "                    WHERE d.claim_id = c.id)"
                              " ORDER BY c.received_on DESC, c.id DESC LIMIT ?7",
                              &error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, CD_CLAIM_STATUS_EVIDENCE_COMPLETE);
      cd_statement_bind_int64 (stmt, 2, CD_CLAIM_STATUS_EVALUATED);
      cd_statement_bind_int64 (stmt, 3, CD_CLAIM_STATUS_PROPOSED);
      cd_statement_bind_int64 (stmt, 4, CD_CLAIM_STATUS_APPROVED);
      cd_statement_bind_int64 (stmt, 5, CD_CLAIM_STATUS_RETURNED);
      cd_statement_bind_int64 (stmt, 6, CD_CLAIM_STATUS_QUEUED);
      cd_statement_bind_int64 (stmt, 7, limit);
    }
  while (stmt != NULL && (step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
    {
      OpenClaim *claim = g_new0 (OpenClaim, 1);
      CdDay from = CD_DAY_NONE;

      claim->claim_id = cd_statement_get_int64 (stmt, 0);
      claim->personal_id = cd_statement_dup_text (stmt, 1);
      if (cd_date_parse (cd_statement_get_text (stmt, 2), &from))
        claim->from = cd_date_to_string (cd_date_from_ymd (cd_date_year (from) - 1, 1, 1));
      claim->to = cd_statement_dup_text (stmt, 3);
      if (claim->from == NULL || claim->to == NULL)
        open_claim_free (claim);
      else
        g_ptr_array_add (claims, claim);
    }
  if (stmt == NULL || step == CD_STEP_FAILED)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&claims), (GDestroyNotify) g_ptr_array_unref);
}

static void fetch_more (GTask *task);

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Gather *gather = g_task_get_task_data (task);
  CdAlertScan scan = { 0 };
  GError *error = NULL;

  if (!cd_alerts_scan_finish (result, &scan, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  gather->report->alerts = scan.n_found;
  g_task_return_pointer (task, g_steal_pointer (&gather->report),
                         (GDestroyNotify) cd_demo_evidence_report_free);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Gather *gather = g_task_get_task_data (task);
  g_autoptr(CdIntakeResult) fetched = NULL;
  g_autoptr(GError) error = NULL;

  gather->running--;
  fetched = cd_claim_intake_fetch_finish (CD_CLAIM_INTAKE (object), result, &error);
  if (fetched != NULL && cd_intake_result_get_n_failed (fetched) == 0)
    gather->report->fetched++;
  else
    {
      gather->report->failed++;
      if (gather->report->problem == NULL)
        gather->report->problem = g_strdup (error != NULL ? error->message
                                                          : _("A source did not answer."));
    }
  fetch_more (g_steal_pointer (&task));
}

/* Keeps IN_FLIGHT fetches going; once all are in, scans for anomalies. Takes the task's ref. */
static void
fetch_more (GTask *task)
{
  Gather *gather = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_cancellable_is_cancelled (cancellable))
    {
      if (gather->running == 0)
        g_task_return_error_if_cancelled (task);
      g_object_unref (task);
      return;
    }
  /* An intake per claim: an intake runs one fetch at a time (a new one cancels the last). */
  while (gather->running < IN_FLIGHT && gather->next < gather->claims->len)
    {
      OpenClaim *claim = g_ptr_array_index (gather->claims, gather->next++);
      g_autoptr(CdClaimIntake) intake = cd_claim_intake_new (gather->writer, gather->fetcher,
                                                             gather->trust);

      gather->running++;
      cd_claim_intake_fetch_async (intake, claim->personal_id, claim->from, claim->to,
                                   claim->claim_id, NULL, CD_EVIDENCE_ALL_SOURCES, cancellable,
                                   on_fetched, g_object_ref (task));
    }
  if (gather->running == 0 && !gather->scanning)
    {
      gather->scanning = TRUE;
      cd_alerts_scan_async (gather->writer, cancellable, on_scanned, g_object_ref (task));
    }
  g_object_unref (task);
}

static void
on_selected (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Gather *gather = g_task_get_task_data (task);
  GError *error = NULL;

  gather->claims = g_task_propagate_pointer (G_TASK (result), &error);
  if (gather->claims == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  gather->report->claims = gather->claims->len;
  fetch_more (task);
}

void
cd_demo_evidence_gather_async (CdDatabase          *writer,
                               CdEvidenceFetcher   *fetcher,
                               CdTrustStore        *trust,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) select = NULL;
  GTask *task;
  Gather *gather;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher));

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_demo_evidence_gather_async);
  gather = g_new0 (Gather, 1);
  gather->writer = g_object_ref (writer);
  gather->fetcher = g_object_ref (fetcher);
  gather->trust = trust != NULL ? g_object_ref (trust) : NULL;
  gather->report = g_new0 (CdDemoEvidenceReport, 1);
  g_task_set_task_data (task, gather, (GDestroyNotify) gather_free);

  select = g_task_new (writer, cancellable, on_selected, task);
  g_task_set_task_data (select, GUINT_TO_POINTER (limit), NULL);
  cd_database_run_in_thread (writer, select, select_claims_in_thread);
}

CdDemoEvidenceReport *
cd_demo_evidence_gather_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_demo_evidence_gather_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
