/* cd-list-batch-row.c — one row of an employer's list worked in the store: its claim opened, its
 * case evaluated, the row compared with the evidence, and all of it recorded at once. The requests
 * and the workers are cd-list-batch.c's. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-case-detect.h"
#include "cd-clock.h"
#include "cd-cross-checks.h"
#include "cd-date.h"
#include "cd-evidence-store.h"
#include "cd-facts-builder.h"
#include "cd-facts.h"
#include "cd-json-util.h"
#include "cd-list-batch-private.h"
#include "cd-list-row-checks.h"
#include "cd-rules-engine.h"
#include "cd-statement.h"
#include "cd-workflow.h"

typedef struct
{
  GPtrArray *findings;     /* CdFinding */
  char      *facts_json;   /* NULL: not evaluated */
  char      *result_json;
  gint64     amount;
  gboolean   adjustment;   /* a Part 2 row: nothing to evaluate, the earlier decision is amended */
} RowOutcome;

static char *
query_text (CdDatabase          *db,
            const char          *sql,
            const char * const  *values,
            guint                n_values,
            gint64               number,
            GError             **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, error);

  if (select == NULL)
    return NULL;
  for (guint i = 0; i < n_values; i++)
    cd_statement_bind_text (select, (int) i + 1, values[i]);
  if (number != 0)
    cd_statement_bind_int64 (select, (int) n_values + 1, number);
  if (cd_statement_step (select, error) != CD_STEP_ROW)
    return NULL;
  return cd_statement_dup_text (select, 0);
}

/* The latest central record of the person (insured_person fields), or NULL. */
static JsonNode *
central_person (CdDatabase *db,
                const char *personal_id)
{
  g_autofree char *fields = NULL;
  gint64 id = 0;

  if (!cd_evidence_store_latest (db, personal_id, CD_EVIDENCE_CENTRAL_PERSON, &id, &fields, NULL,
                                 NULL) || fields == NULL)
    return NULL;
  return json_from_string (fields, NULL);
}

/* The proposal for the row: the case of the row's benefit whose period overlaps the row's most. */
static CdCaseProposal *
choose_proposal (GPtrArray  *proposals,
                 CdBenefit   benefit,
                 const char *from,
                 const char *to)
{
  CdCaseProposal *best = NULL;
  gint64 best_overlap = -1;
  CdDay row_from, row_to;

  if (!cd_date_parse (from, &row_from) || !cd_date_parse (to, &row_to))
    return NULL;
  for (guint i = 0; i < proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (proposals, i);
      CdDay p_from, p_to;
      gint64 overlap;

      if (proposal->benefit != benefit || proposal->from == NULL
          || !cd_date_parse (proposal->from, &p_from))
        continue;
      if (proposal->to == NULL || !cd_date_parse (proposal->to, &p_to))
        p_to = p_from;
      overlap = (gint64) MIN (p_to, row_to) - (gint64) MAX (p_from, row_from) + 1;
      /* A certificate a few days off the row is still the row's (the checks say how far off). */
      if (overlap < -7)
        continue;
      if (overlap > best_overlap)
        {
          best = proposal;
          best_overlap = overlap;
        }
    }
  return best;
}

/* The case a recovery rests on: the latest sickness or maternity ending before it starts. */
static CdCaseProposal *
recovery_basis (GPtrArray  *proposals,
                const char *from)
{
  CdCaseProposal *best = NULL;

  for (guint i = 0; i < proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (proposals, i);
      const char *end = proposal->to != NULL ? proposal->to : proposal->from;

      if (end == NULL || g_strcmp0 (end, from) >= 0)
        continue;
      if (proposal->benefit != CD_BENEFIT_SICKNESS && proposal->benefit != CD_BENEFIT_CHILDBIRTH
          && proposal->benefit != CD_BENEFIT_PREGNANCY_LOSS)
        continue;
      if (best == NULL || g_strcmp0 (end, best->to != NULL ? best->to : best->from) > 0)
        best = proposal;
    }
  return best;
}

static void
row_outcome_clear (RowOutcome *outcome)
{
  g_clear_pointer (&outcome->findings, g_ptr_array_unref);
  g_clear_pointer (&outcome->facts_json, g_free);
  g_clear_pointer (&outcome->result_json, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowOutcome, row_outcome_clear)

static void
add_finding (RowOutcome        *outcome,
             const char        *code,
             CdFindingSeverity  severity,
             char              *message_vi,
             char              *message_en)
{
  g_ptr_array_add (outcome->findings, cd_finding_new (code, severity, message_vi, message_en));
}

/* Changes a row not worked yet (`new` or `fetching`: never one a run finished meanwhile). `set`
 * is the SET clause; ?4, when it has one, is bound to `text` (NULL binds NULL). */
static gboolean
update_pending_row (CdListBatchRun         *batch,
                    const CdStoredListRow  *row,
                    const char             *set,
                    const char             *text,
                    GError                **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE employer_list_rows SET %s"
                                          " WHERE list_id = ?1 AND part = ?2 AND position = ?3"
                                          " AND state IN ('new', 'fetching')", set);
  g_autoptr(CdStatement) update = cd_database_prepare (batch->db, sql, error);

  if (update == NULL)
    return FALSE;
  cd_statement_bind_int64 (update, 1, batch->list->id);
  cd_statement_bind_int64 (update, 2, row->part);
  cd_statement_bind_int64 (update, 3, row->position);
  if (strstr (set, "?4") != NULL)
    {
      if (text != NULL)
        cd_statement_bind_text (update, 4, text);
      else
        cd_statement_bind_null (update, 4);
    }
  return cd_statement_run (update, error);
}

gboolean
cd_list_batch_row_put_back (CdListBatchRun         *batch,
                            const CdStoredListRow  *row,
                            const char             *failure,
                            GError                **error)
{
  return update_pending_row (batch, row, "state = 'new', failure = ?4", failure, error);
}

gboolean
cd_list_batch_row_take (CdListBatchRun         *batch,
                        const CdStoredListRow  *row,
                        GError                **error)
{
  return update_pending_row (batch, row, "state = 'fetching', attempts = attempts + 1", NULL,
                             error);
}

static char *
findings_to_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    cd_finding_to_json (g_ptr_array_index (findings, i), builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The row worked: its evaluation on the claim and its state, findings and amount, in one
 * transaction. A row another run finished meanwhile is left alone. */
static gboolean
record_worked (CdListBatchRun         *batch,
               const CdStoredListRow  *row,
               gint64                  claim_id,
               RowOutcome             *outcome,
               gboolean               *out_ready,
               GError                **error)
{
  g_autoptr(CdStatement) update = NULL;
  g_autofree char *findings = findings_to_json (outcome->findings);
  g_autofree char *worked_at = NULL;
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_clock_get_default ());
  gboolean ready = (outcome->facts_json != NULL || outcome->adjustment)
                   && !cd_list_row_findings_block (outcome->findings);

  worked_at = g_date_time_format_iso8601 (now);
  if (!cd_database_begin_immediate (batch->db, error))
    return FALSE;

  if (claim_id != 0 && outcome->facts_json != NULL)
    {
      g_autoptr(CdStatement) claim = cd_database_prepare (
        batch->db, "SELECT c.number, s.name FROM claims c JOIN claim_statuses s"
                   " ON s.code = c.status WHERE c.id = ?1", error);
      g_autofree char *number = NULL, *status = NULL;
      CdStep step;

      if (claim == NULL)
        goto failed;
      cd_statement_bind_int64 (claim, 1, claim_id);
      step = cd_statement_step (claim, error);
      if (step != CD_STEP_ROW)
        {
          if (step == CD_STEP_DONE)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The claim of row %u is gone from the store"), row->number);
          goto failed;
        }
      number = cd_statement_dup_text (claim, 0);
      status = cd_statement_dup_text (claim, 1);
      if (g_str_equal (status, "draft")
          && !cd_workflow_complete_evidence (batch->db, batch->session, number, error))
        goto failed;
      if (!cd_workflow_record_evaluation (batch->db, batch->session, number, outcome->facts_json,
                                          outcome->result_json, error))
        goto failed;
    }

  update = cd_database_prepare (
    batch->db, "UPDATE employer_list_rows SET state = ?4, findings = ?5, amount = ?6,"
               " worked_at = ?7, failure = NULL"
               " WHERE list_id = ?1 AND part = ?2 AND position = ?3"
               " AND state IN ('new', 'fetching')", error);
  if (update == NULL)
    goto failed;
  cd_statement_bind_int64 (update, 1, batch->list->id);
  cd_statement_bind_int64 (update, 2, row->part);
  cd_statement_bind_int64 (update, 3, row->position);
  cd_statement_bind_text (update, 4, ready ? "ready" : "findings");
  cd_statement_bind_text (update, 5, findings);
  if (outcome->facts_json != NULL)
    cd_statement_bind_int64 (update, 6, outcome->amount);
  else
    cd_statement_bind_null (update, 6);
  cd_statement_bind_text (update, 7, worked_at);
  if (!cd_statement_run (update, error) || !cd_database_commit (batch->db, error))
    goto failed;
  *out_ready = ready;
  return TRUE;

failed:
  cd_database_rollback (batch->db);
  return FALSE;
}

/* Another row of this list, earlier, for the same person and an overlapping period. */
static guint
duplicate_of (CdListBatchRun        *batch,
              const CdStoredListRow *row)
{
  for (guint i = 0; i < batch->rows->len; i++)
    {
      CdStoredListRow *other = g_ptr_array_index (batch->rows, i);

      if (other->part != row->part || other->position >= row->position)
        continue;
      if (g_strcmp0 (other->si_code, row->si_code) == 0
          && g_strcmp0 (other->benefit, row->benefit) == 0
          && g_strcmp0 (other->period_from, row->period_to) <= 0
          && g_strcmp0 (row->period_from, other->period_to) <= 0)
        return other->number;
    }
  return 0;
}

/* A claim of the same person and benefit over an overlapping period, other than the row's own,
 * already decided or on its way to be: its number, or NULL. */
static char *
decided_claim (CdListBatchRun  *batch,
               const char      *personal_id,
               CdBenefit        benefit,
               const char      *from,
               const char      *to,
               gint64           own_claim,
               GError         **error)
{
  g_autoptr(CdStatement) select = cd_database_prepare (
    batch->db, "SELECT c.number FROM claims c JOIN persons p ON p.id = c.claimant_id"
               " JOIN benefit_cases b ON b.code = c.benefit"
               " JOIN claim_statuses s ON s.code = c.status"
               " WHERE p.personal_id = ?1 AND b.name = ?2 AND c.id <> ?5"
               " AND c.period_from <= ?4 AND c.period_to >= ?3"
               " AND s.name IN ('proposed', 'approved', 'queued', 'synced')"
               " ORDER BY c.id LIMIT 1", error);

  if (select == NULL)
    return NULL;
  cd_statement_bind_text (select, 1, personal_id);
  cd_statement_bind_text (select, 2, cd_benefit_to_string (benefit));
  cd_statement_bind_text (select, 3, from);
  cd_statement_bind_text (select, 4, to);
  cd_statement_bind_int64 (select, 5, own_claim);
  if (cd_statement_step (select, error) != CD_STEP_ROW)
    return NULL;
  return cd_statement_dup_text (select, 0);
}

/* Column E's regional allowance coefficient, or 0. */
static double
row_regional_allowance (const CdStoredListRow *row)
{
  JsonObject *fields = JSON_NODE_HOLDS_OBJECT (row->fields) ? json_node_get_object (row->fields)
                                                           : NULL;
  JsonObject *notes = fields != NULL ? cd_json_member_object (fields, "notes") : NULL;

  return notes != NULL ? json_object_get_double_member_with_default (notes, "regional_allowance",
                                                                     0)
                       : 0;
}

/* Builds the facts of the row's case and evaluates them; a failure is a finding. */
static void
evaluate_row (CdListBatchRun        *batch,
              const CdStoredListRow *row,
              GPtrArray             *documents,
              const char            *personal_id,
              const CdCaseProposal  *proposal,
              CdCaseProposal        *recovery,
              RowOutcome            *outcome)
{
  g_autoptr(CdFactsDraft) draft = cd_facts_build_documents (documents, personal_id, proposal,
                                                            batch->today);
  g_autoptr(CdFacts) facts = NULL;
  g_autoptr(CdResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (recovery != NULL)
    {
      /* Recovery is listed by the employer alone: its days are the row's; what it follows is in
       * the evidence. */
      JsonObject *total = cd_json_member_object (json_node_get_object (row->fields), "total");
      gint64 days = total != NULL ? json_object_get_int_member_with_default (total, "days", 0) : 0;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      const char *ended = recovery->to != NULL ? recovery->to : recovery->from;

      json_builder_begin_object (builder);
      if (proposal->benefit == CD_BENEFIT_RECOVERY_AFTER_SICKNESS)
        {
          json_builder_set_member_name (builder, "last_sickness");
          json_builder_begin_object (builder);
          cd_json_add_string_member (builder, "ended_on", ended);
          cd_json_add_string_member (builder, "kind", "other");
          json_builder_end_object (builder);
        }
      else
        {
          cd_json_add_string_member (builder, "maternity_leave_ended_on", ended);
          cd_json_add_string_member (builder, "kind", "other");
          json_builder_set_member_name (builder, "early_return");
          json_builder_add_boolean_value (builder, FALSE);
        }
      json_builder_set_member_name (builder, "recovery");
      json_builder_begin_object (builder);
      cd_json_add_string_member (builder, "from", row->period_from);
      json_builder_set_member_name (builder, "days");
      json_builder_add_int_value (builder, days);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      cd_facts_json_set (draft->facts, "case", g_steal_pointer (&node));
    }

  if (g_strcmp0 (row->section, "A.II") == 0 && proposal->benefit == CD_BENEFIT_SICKNESS)
    {
      /* No document says a disease is on the long-term list; the employer's section does (the
       * officer sees it in the facts and the certificate's diagnosis beside it). */
      g_autoptr(JsonNode) yes = json_node_new (JSON_NODE_VALUE);

      json_node_set_boolean (yes, TRUE);
      cd_facts_json_set (draft->facts, "case.long_term_disease", g_steal_pointer (&yes));
    }

  if (proposal->benefit == CD_BENEFIT_SICKNESS && row_regional_allowance (row) >= 0.7)
    {
      /* Column E's "PCKV 0,7": working where the regional allowance is 0.7 or more counts as an
       * especially difficult area for the yearly limit (L41 Art 43(1)). Only the employer says
       * so. */
      g_autoptr(JsonNode) yes = json_node_new (JSON_NODE_VALUE);

      json_node_set_boolean (yes, TRUE);
      cd_facts_json_set (draft->facts, "claimant.heavy_or_difficult", g_steal_pointer (&yes));
    }

  facts = cd_facts_parse_node (draft->facts, &error);
  if (facts != NULL)
    result = cd_rules_evaluate (batch->pack, facts, &error);
  if (result == NULL)
    {
      add_finding (outcome, "list.not_evaluated", CD_FINDING_ERROR,
                   g_strdup_printf ("Không tính được từ chứng từ: %s", error->message),
                   g_strdup_printf ("Could not be evaluated from the evidence: %s",
                                    error->message));
      return;
    }
  outcome->facts_json = json_to_string (draft->facts, FALSE);
  outcome->result_json = cd_result_to_string (result, facts->documents, FALSE);
  outcome->amount = cd_result_get_total (result);
  if (!result->eligible)
    {
      g_autoptr(GString) reasons = g_string_new (NULL);

      for (guint i = 0; i < result->reasons->len; i++)
        g_string_append_printf (reasons, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (result->reasons, i));

      add_finding (outcome, "list.not_eligible", CD_FINDING_WARNING,
                   g_strdup_printf ("Theo quy định, không đủ điều kiện hưởng (%s).",
                                    reasons->str),
                   g_strdup_printf ("Not eligible under the rules (%s).", reasons->str));
    }
}

/* Everything a row needs from the store once its evidence is there. Holding the run's db lock. */
gboolean
cd_list_batch_row_work (CdListBatchRun         *batch,
                        const CdStoredListRow  *row,
                        const char             *personal_id,
                        gboolean               *out_ready,
                        GError                **error)
{
  g_auto(RowOutcome) outcome = { g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free) };
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(GPtrArray) cross = NULL;
  g_autoptr(CdStoredListRow) current = NULL;
  g_autoptr(JsonNode) person = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *claim_reason = NULL, *decided = NULL, *child_birth = NULL;
  g_autoptr(CdCaseProposal) recovery_case = NULL;
  CdCaseProposal *proposal = NULL, *recovery = NULL;
  const char *child_id = NULL;
  CdListRowEvidence evidence = { 0 };
  JsonObject *person_object, *employer;
  CdBenefit benefit;
  gint64 claim_id;

  if (!cd_benefit_from_string (row->benefit, &benefit))
    benefit = CD_N_BENEFITS;
  documents = cd_stored_documents_load (batch->db, personal_id, error);
  if (documents == NULL)
    return FALSE;
  proposals = cd_case_detect_documents (documents, personal_id);

  if (benefit == CD_BENEFIT_RECOVERY_AFTER_SICKNESS || benefit == CD_BENEFIT_RECOVERY_AFTER_MATERNITY)
    {
      recovery = recovery_basis (proposals, row->period_from);
      if (recovery != NULL)
        benefit = recovery->benefit == CD_BENEFIT_SICKNESS ? CD_BENEFIT_RECOVERY_AFTER_SICKNESS
                                                           : CD_BENEFIT_RECOVERY_AFTER_MATERNITY;
    }
  else if (benefit < CD_N_BENEFITS)
    proposal = choose_proposal (proposals, benefit, row->period_from, row->period_to);

  /* The row's claim: opened once; a later run finds it linked. */
  current = cd_employer_lists_get_row (batch->db, batch->list->id, row->part, row->position,
                                       error);
  if (current == NULL)
    return FALSE;
  claim_id = current->claim_id;
  if (claim_id == 0 && proposal != NULL && proposal->child_id != NULL)
    {
      /* The child the evidence names, known from the register's relatives answer. */
      gboolean known = FALSE;

      if (!cd_evidence_store_ensure_child (batch->db, personal_id, proposal->child_id, &known,
                                           error))
        return FALSE;
      if (known)
        child_id = proposal->child_id;
    }
  if (claim_id == 0 && !cd_employer_lists_open_row_claim (batch->db, batch->session, batch->list,
                                                          current, benefit, child_id, &claim_id,
                                                          &claim_reason, error))
    return FALSE;
  if (claim_id == 0)
    add_finding (&outcome, "list.claim_not_opened", CD_FINDING_ERROR,
                 g_strdup_printf ("Không lập được hồ sơ: %s", claim_reason),
                 g_strdup_printf ("No claim could be opened: %s", claim_reason));
  else
    cd_evidence_link_claim (batch->db, claim_id, NULL);

  cross = cd_cross_check (batch->db, personal_id, claim_id, NULL, &local_error);
  for (guint i = 0; cross != NULL && i < cross->len; i++)
    g_ptr_array_add (outcome.findings, g_steal_pointer (&g_ptr_array_index (cross, i)));

  /* What the row is compared with. */
  person = central_person (batch->db, personal_id);
  person_object = person != NULL && JSON_NODE_HOLDS_OBJECT (person) ? json_node_get_object (person)
                                                                    : NULL;
  employer = person_object != NULL ? cd_json_member_object (person_object, "employer") : NULL;
  evidence.person_name = person_object != NULL
                         ? json_object_get_string_member_with_default (person_object, "full_name",
                                                                       NULL)
                         : NULL;
  evidence.needs_certificate = recovery == NULL && benefit != CD_BENEFIT_RECOVERY_AFTER_SICKNESS
                               && benefit != CD_BENEFIT_RECOVERY_AFTER_MATERNITY;
  evidence.has_case = proposal != NULL || recovery != NULL;
  if (proposal != NULL && (benefit == CD_BENEFIT_SICKNESS || benefit == CD_BENEFIT_CHILD_SICKNESS))
    {
      evidence.certificate_from = proposal->from;
      evidence.certificate_to = proposal->to != NULL ? proposal->to : proposal->from;
    }
  if (proposal != NULL && benefit == CD_BENEFIT_CHILDBIRTH)
    evidence.birth_date = proposal->event_date;
  if (proposal != NULL && (benefit == CD_BENEFIT_PRENATAL_CHECKUP
                           || benefit == CD_BENEFIT_PREGNANCY_LOSS
                           || benefit == CD_BENEFIT_CONTRACEPTION))
    evidence.event_from = proposal->from;
  if (employer != NULL && json_object_has_member (employer, "weekly_rest")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (employer, "weekly_rest")))
    evidence.weekly_rest = json_object_get_array_member (employer, "weekly_rest");
  if (claim_id != 0)
    {
      const char *values[] = { NULL };

      child_birth = query_text (batch->db,
                                "SELECT p.birth_date FROM claims c JOIN persons p"
                                " ON p.id = c.child_id WHERE c.id = ?1", values, 0, claim_id,
                                NULL);
    }
  if (child_birth == NULL && proposal != NULL && proposal->event_date != NULL
      && benefit == CD_BENEFIT_CHILDBIRTH)
    child_birth = g_strdup (proposal->event_date);
  evidence.child_birth_date = child_birth;
  evidence.duplicate_of = duplicate_of (batch, row);
  if (benefit < CD_N_BENEFITS)
    {
      decided = decided_claim (batch, personal_id, benefit, row->period_from, row->period_to,
                               claim_id, &local_error);
      if (decided == NULL && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  evidence.decided_claim = decided;
  {
    g_autoptr(GPtrArray) checks = cd_list_row_check (current, &evidence);

    for (guint i = 0; i < checks->len; i++)
      g_ptr_array_add (outcome.findings, g_steal_pointer (&g_ptr_array_index (checks, i)));
  }

  /* Evaluated when there is a claim to record it on and a case to evaluate. */
  if (recovery != NULL)
    {
      recovery_case = cd_case_proposal_copy (recovery);
      recovery_case->benefit = benefit;
      g_free (recovery_case->from);
      g_free (recovery_case->to);
      recovery_case->from = g_strdup (row->period_from);
      recovery_case->to = g_strdup (row->period_to);
      proposal = recovery_case;
    }
  else if (benefit == CD_BENEFIT_RECOVERY_AFTER_SICKNESS
           || benefit == CD_BENEFIT_RECOVERY_AFTER_MATERNITY)
    add_finding (&outcome, "list.no_prior_case", CD_FINDING_ERROR,
                 g_strdup ("Không có chứng từ ốm đau hoặc thai sản trước thời gian dưỡng sức."),
                 g_strdup ("No sickness or maternity document before the recovery period."));
  if (claim_id != 0 && proposal != NULL)
    evaluate_row (batch, current, documents, personal_id, proposal, recovery, &outcome);

  return record_worked (batch, current, claim_id, &outcome, out_ready, error);
}

/* A row whose SI number names nobody: worked, with that finding; no claim. */
gboolean
cd_list_batch_row_unknown_person (CdListBatchRun         *batch,
                                  const CdStoredListRow  *row,
                                  const char             *why,
                                  GError                **error)
{
  g_auto(RowOutcome) outcome = { g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free) };
  gboolean ready = FALSE;

  add_finding (&outcome, "list.unknown_si", CD_FINDING_ERROR,
               g_strdup_printf ("Mã số BHXH %s không thuộc người tham gia nào: %s", row->si_code,
                                why),
               g_strdup_printf ("SI number %s names no insured person: %s", row->si_code, why));
  return record_worked (batch, row, 0, &outcome, &ready, error);
}

/* A row the parser found wrong is worked at once: its problems are its findings. */
gboolean
cd_list_batch_row_problems (CdListBatchRun         *batch,
                            const CdStoredListRow  *row,
                            GError                **error)
{
  g_auto(RowOutcome) outcome = { g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free) };
  JsonArray *problems = json_node_get_array (row->problems);
  guint duplicate = duplicate_of (batch, row);
  gboolean ready = FALSE;

  if (duplicate > 0)
    add_finding (&outcome, "list.duplicate_row", CD_FINDING_ERROR,
                 g_strdup_printf ("Trùng với dòng %u của danh sách này (cùng người, cùng thời "
                                  "gian).", duplicate),
                 g_strdup_printf ("The same as row %u of this list (the same person and period).",
                                  duplicate));
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);
      const char *column = json_object_get_string_member_with_default (problem, "column", "?");
      const char *message = json_object_get_string_member_with_default (problem, "message", "");

      if (g_str_equal (column, "claim"))
        continue;
      add_finding (&outcome, "list.row_problem", CD_FINDING_ERROR,
                   g_strdup_printf ("Cột %s: %s", column, message),
                   g_strdup_printf ("Column %s: %s", column, message));
    }
  return record_worked (batch, row, 0, &outcome, &ready, error);
}

/* A Part 2 row adjusts a decision of an earlier list of the unit: found by the list's batch and
 * period and the row's SI number, linked, and the row is ready when that decision has reached
 * central (it is then amended on acceptance, cd-list-triage.h). */
gboolean
cd_list_batch_row_adjustment (CdListBatchRun         *batch,
                              const CdStoredListRow  *row,
                              gboolean               *out_ready,
                              GError                **error)
{
  g_auto(RowOutcome) outcome = { g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free) };
  JsonObject *fields = json_node_get_object (row->fields);
  JsonObject *earlier = cd_json_member_object (fields, "earlier_list");
  const char *reason = json_object_get_string_member_with_default (fields, "reason", "");
  g_autoptr(CdStatement) select = NULL;
  g_autofree char *period = NULL, *number = NULL, *status = NULL;
  gint64 earlier_batch = 0, claim_id = 0;
  CdStep step;

  if (earlier != NULL)
    {
      earlier_batch = json_object_get_int_member_with_default (earlier, "batch", 0);
      period = g_strdup_printf ("%04" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (earlier, "year", 0),
                                json_object_get_int_member_with_default (earlier, "month", 0));
    }
  select = cd_database_prepare (
    batch->db, "SELECT r.claim_id, c.number, s.name FROM employer_list_rows r"
               " JOIN employer_lists l ON l.id = r.list_id JOIN claims c ON c.id = r.claim_id"
               " JOIN claim_statuses s ON s.code = c.status"
               " WHERE l.unit_code = ?1 AND l.batch = ?2 AND l.period = ?3 AND r.si_code = ?4"
               " AND r.part = 1 AND l.id <> ?5 ORDER BY l.id DESC, r.position LIMIT 1", error);
  if (select == NULL)
    return FALSE;
  cd_statement_bind_text (select, 1, batch->list->unit_code);
  cd_statement_bind_int64 (select, 2, earlier_batch);
  cd_statement_bind_text (select, 3, period);
  cd_statement_bind_text (select, 4, row->si_code);
  cd_statement_bind_int64 (select, 5, batch->list->id);
  step = cd_statement_step (select, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (step == CD_STEP_ROW)
    {
      claim_id = cd_statement_get_int64 (select, 0);
      number = cd_statement_dup_text (select, 1);
      status = cd_statement_dup_text (select, 2);
    }

  outcome.adjustment = TRUE;
  if (claim_id == 0)
    add_finding (&outcome, "list.no_earlier_decision", CD_FINDING_ERROR,
                 g_strdup_printf ("Không tìm thấy hồ sơ của mã số BHXH %s trong đợt %" G_GINT64_FORMAT
                                  " kỳ %s của đơn vị.", row->si_code, earlier_batch,
                                  period != NULL ? period : "-"),
                 g_strdup_printf ("No claim of SI number %s in the unit's batch %" G_GINT64_FORMAT
                                  " of %s.", row->si_code, earlier_batch,
                                  period != NULL ? period : "-"));
  else
    {
      add_finding (&outcome, "list.adjustment", CD_FINDING_INFO,
                   g_strdup_printf ("Điều chỉnh hồ sơ %s (đợt %" G_GINT64_FORMAT " kỳ %s): %s",
                                    number, earlier_batch, period, reason),
                   g_strdup_printf ("Adjusts claim %s (batch %" G_GINT64_FORMAT " of %s): %s",
                                    number, earlier_batch, period, reason));
      if (!g_str_equal (status, "synced"))
        add_finding (&outcome, "list.adjustment_not_synced", CD_FINDING_WARNING,
                     g_strdup_printf ("Quyết định của hồ sơ %s chưa được trung ương ghi nhận (%s): "
                                      "chỉ điều chỉnh được sau khi đã ghi nhận.", number, status),
                     g_strdup_printf ("The decision of claim %s has not reached central yet (%s):"
                                      " it can be amended once it has.", number, status));
    }

  if (claim_id != 0)
    {
      g_autoptr(CdStatement) link = cd_database_prepare (
        batch->db, "UPDATE employer_list_rows SET claim_id = ?4"
                   " WHERE list_id = ?1 AND part = ?2 AND position = ?3", error);

      if (link == NULL)
        return FALSE;
      cd_statement_bind_int64 (link, 1, batch->list->id);
      cd_statement_bind_int64 (link, 2, row->part);
      cd_statement_bind_int64 (link, 3, row->position);
      cd_statement_bind_int64 (link, 4, claim_id);
      if (!cd_statement_run (link, error))
        return FALSE;
    }
  return record_worked (batch, row, 0, &outcome, out_ready, error);
}

char *
cd_list_batch_row_find_claimant (CdListBatchRun         *batch,
                                 const CdStoredListRow  *row,
                                 GError                **error)
{
  return query_text (batch->db, "SELECT personal_id FROM persons WHERE si_code = ?1",
                     (const char *[]) { row->si_code }, 1, 0, error);
}
