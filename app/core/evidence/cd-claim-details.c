/* cd-claim-details.c — everything known about one claim, read at once for the claim view. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-alerts.h"
#include "cd-claim-details.h"
#include "cd-date.h"
#include "cd-json-util.h"
#include "cd-rule-texts.h"
#include "cd-statement.h"
#include "cd-workflow.h"

G_DEFINE_QUARK (cd-claim-details-error-quark, cd_claim_details_error)

/* --- Freeing ---------------------------------------------------------------------------------- */

static void
document_free (CdDetailsDocument *d)
{
  g_free (d->kind);
  g_free (d->source_system);
  g_free (d->url);
  g_free (d->fetched_at);
  g_free (d->sha256);
  g_free (d->signature_status);
  g_free (d->signer);
  g_free (d->parse_status);
  g_free (d->parse_error);
  g_free (d->fields_json);
  g_free (d->paper_state);
  g_free (d->paper_checked_at);
  g_free (d->entered_by);
  g_free (d->entered_at);
  g_free (d->scan_sha256);
  g_free (d->scan_media_type);
  g_free (d->first_fetched_at);
  g_free (d);
}

static void
discrepancy_free (CdDetailsDiscrepancy *d)
{
  g_free (d->code);
  g_free (d->message_vi);
  g_free (d->message_en);
  g_free (d->severity);
  g_free (d);
}

static void
verification_free (CdDetailsVerification *v)
{
  g_free (v->source);
  g_free (v->result);
  g_free (v->checked_at);
  g_clear_pointer (&v->discrepancies, g_ptr_array_unref);
  g_free (v);
}

static void
line_free (CdDetailsLine *l)
{
  g_free (l->code);
  g_free (l->from);
  g_free (l->to);
  g_free (l->unit);
  g_free (l->rate);
  g_free (l->citation);
  g_free (l->message_vi);
  g_free (l->message_en);
  g_free (l);
}

static void
message_free (CdDetailsMessage *m)
{
  g_free (m->code);
  g_free (m->citation);
  g_free (m->message_vi);
  g_free (m->message_en);
  g_free (m);
}

static void
required_free (CdDetailsRequiredDocument *r)
{
  g_free (r->kind);
  g_free (r->why);
  g_free (r);
}

static void
evaluation_free (CdDetailsEvaluation *e)
{
  g_free (e->rulepack);
  g_free (e->evaluated_at);
  g_free (e->evaluated_by);
  g_free (e->result_json);
  g_clear_pointer (&e->lines, g_ptr_array_unref);
  g_clear_pointer (&e->unpaid, g_ptr_array_unref);
  g_clear_pointer (&e->reasons, g_ptr_array_unref);
  g_clear_pointer (&e->assumptions, g_ptr_array_unref);
  g_clear_pointer (&e->required, g_ptr_array_unref);
  g_free (e);
}

static void
approval_free (CdDetailsApproval *a)
{
  g_free (a->approver_name);
  g_free (a->approved_at);
  g_free (a);
}

static void
decision_free (CdDetailsDecision *d)
{
  g_free (d->uuid);
  g_free (d->state);
  g_free (d->proposed_by_name);
  g_free (d->proposed_at);
  g_free (d->comment);
  g_free (d->frozen_at);
  g_clear_pointer (&d->approvals, g_ptr_array_unref);
  g_free (d);
}

static void
audit_entry_free (CdDetailsAuditEntry *a)
{
  g_free (a->at);
  g_free (a->user_name);
  g_free (a->user_login);
  g_free (a->action);
  g_free (a->before_json);
  g_free (a->after_json);
  g_free (a);
}

void
cd_claim_details_free (CdClaimDetails *details)
{
  if (details == NULL)
    return;
  g_free (details->number);
  g_free (details->status_note);
  g_free (details->period_from);
  g_free (details->period_to);
  g_free (details->event_date);
  g_free (details->received_on);
  g_free (details->officer_name);
  g_free (details->employer_name);
  g_free (details->created_at);
  g_free (details->updated_at);
  g_free (details->claimant_name);
  g_free (details->personal_id);
  g_free (details->si_code);
  g_free (details->birth_date);
  g_free (details->sex);
  g_clear_pointer (&details->documents, g_ptr_array_unref);
  g_clear_pointer (&details->verifications, g_ptr_array_unref);
  g_clear_pointer (&details->findings, g_ptr_array_unref);
  g_clear_pointer (&details->evaluation, evaluation_free);
  g_clear_pointer (&details->decisions, g_ptr_array_unref);
  g_clear_pointer (&details->audit, g_ptr_array_unref);
  g_clear_pointer (&details->paper, g_ptr_array_unref);
  g_free (details);
}

/* --- Reading ---------------------------------------------------------------------------------- */

static gboolean
query_failed (GError       **error,
              const GError  *cause,
              const char    *number,
              const char    *what)
{
  /* `what` is the table, left untranslated: it is for whoever repairs the file. */
  g_set_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_QUERY,
               _("Claim %s could not be read from the database (%s): %s"), number, what,
               cause->message);
  return FALSE;
}

static CdStatement *
prepare (CdDatabase  *db,
         const char  *sql,
         const char  *number,
         const char  *what,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStatement *stmt = cd_database_prepare (db, sql, &local_error);

  if (stmt == NULL)
    query_failed (error, local_error, number, what);
  return stmt;
}

static gboolean
load_claim (CdDatabase      *db,
            const char      *number,
            CdClaimDetails  *out,
            gint64          *child_id,
            GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT c.id, c.number, c.benefit, c.status, c.status_note, c.period_from,"
                  " c.period_to, c.event_date, c.amount, c.received_on, c.officer_id, u.full_name,"
                  " e.name, c.created_at, c.updated_at, p.id, p.full_name, p.personal_id,"
                  " p.si_code, p.birth_date, p.sex, c.child_id"
                  " FROM claims c JOIN persons p ON p.id = c.claimant_id"
                  " LEFT JOIN users u ON u.id = c.officer_id"
                  " LEFT JOIN employers e ON e.id = c.employer_id"
                  " WHERE c.number = ?",
                  number, "claims", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, number);
  step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_ROW)
    {
      /* The column's CHECK bounds the number, not the day: 20260230 gets in, and reads as none. */
      CdDay received = cd_date_from_yyyymmdd ((guint32) cd_statement_get_int64 (stmt, 9));

      out->id = cd_statement_get_int64 (stmt, 0);
      out->number = cd_statement_dup_text (stmt, 1);
      out->benefit = (CdBenefit) cd_statement_get_int (stmt, 2);
      out->status = (CdClaimStatus) cd_statement_get_int (stmt, 3);
      out->status_note = cd_statement_dup_text (stmt, 4);
      out->period_from = cd_statement_dup_text (stmt, 5);
      out->period_to = cd_statement_dup_text (stmt, 6);
      out->event_date = cd_statement_dup_text (stmt, 7);
      out->amount = cd_statement_get_int64 (stmt, 8);
      out->received_on = received != CD_DAY_NONE ? cd_date_to_string (received) : NULL;
      out->officer_id = cd_statement_get_int64 (stmt, 10);
      out->officer_name = cd_statement_dup_text (stmt, 11);
      out->employer_name = cd_statement_dup_text (stmt, 12);
      out->created_at = cd_statement_dup_text (stmt, 13);
      out->updated_at = cd_statement_dup_text (stmt, 14);
      out->claimant_id = cd_statement_get_int64 (stmt, 15);
      out->claimant_name = cd_statement_dup_text (stmt, 16);
      out->personal_id = cd_statement_dup_text (stmt, 17);
      out->si_code = cd_statement_dup_text (stmt, 18);
      out->birth_date = cd_statement_dup_text (stmt, 19);
      out->sex = cd_statement_dup_text (stmt, 20);
      *child_id = cd_statement_get_int64 (stmt, 21);
    }
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_NOT_FOUND,
                   _("There is no claim %s."), number);
      return FALSE;
    }
  if (step != CD_STEP_ROW)
    return query_failed (error, local_error, number, "claims");
  if ((guint) out->status >= CD_N_CLAIM_STATUSES || (guint) out->benefit >= CD_N_BENEFITS)
    {
      g_set_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_QUERY,
                   _("Claim %s has an unknown status or benefit."), number);
      return FALSE;
    }
  return TRUE;
}

/* The claim's own documents and those of its claimant (and child), newest fetch first; the parts of
 * an envelope follow it.
 *
 * Every fetch stores what the sources answered, so a person asked about again has the same
 * document stored once per fetch. It is shown once, as its newest copy, with how many fetches
 * brought it and the first of them; otherwise the view's rows (and the memory they take) would
 * grow with every fetch. A copy is the same document when its kind, bytes (SHA-256), signature
 * and parse results are: a copy checked against other trust anchors stays apart. A paper is
 * never folded: each was typed in by someone, on a day. */
static gboolean
load_documents (CdDatabase      *db,
                CdClaimDetails  *out,
                gint64           child_id,
                GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT d.id, d.kind, d.source_system, d.url, d.fetched_at, d.sha256,"
                  " d.signature_status, d.signer, d.parse_status, d.parse_error, d.fields,"
                  " d.raw_length, d.parent_id, d.linked, d.source_system = 'manual',"
                  " d.paper_state, d.paper_checked_at, u.full_name, s.sha256, s.media_type,"
                  " d.n_fetches, d.first_fetched_at"
                  /* Not the raw bytes: the window sorts what it selects. */
                  " FROM (SELECT id, kind, source_system, url, fetched_at, sha256,"
                  "  signature_status, signer, parse_status, parse_error, fields,"
                  "  length(raw) AS raw_length, parent_id, paper_state, paper_checked_at,"
                  "  entered_by, scan_id,"
                  "  row_number () OVER copies AS copy,"
                  "  count (*) OVER copies AS n_fetches,"
                  "  min (fetched_at) OVER copies AS first_fetched_at,"
                  "  max (claim_id IS ?1) OVER copies AS linked"
                  "  FROM documents"
                  "  WHERE claim_id = ?1 OR person_id = ?2 OR (?3 > 0 AND person_id = ?3)"
                  "  WINDOW copies AS (PARTITION BY kind, sha256, signature_status, parse_status,"
                  "   CASE WHEN source_system = 'manual' THEN id END"
                  "   ORDER BY fetched_at DESC, id DESC"
                  "   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) d"
                  " LEFT JOIN users u ON u.id = d.entered_by"
                  " LEFT JOIN scans s ON s.id = d.scan_id"
                  " WHERE d.copy = 1"
                  " ORDER BY d.fetched_at DESC, coalesce(d.parent_id, d.id) DESC, d.id",
                  out->number, "documents", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, out->id);
  cd_statement_bind_int64 (stmt, 2, out->claimant_id);
  cd_statement_bind_int64 (stmt, 3, child_id);
  out->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdDetailsDocument *d = g_new0 (CdDetailsDocument, 1);

      d->id = cd_statement_get_int64 (stmt, 0);
      d->kind = cd_statement_dup_text (stmt, 1);
      d->source_system = cd_statement_dup_text (stmt, 2);
      d->url = cd_statement_dup_text (stmt, 3);
      d->fetched_at = cd_statement_dup_text (stmt, 4);
      d->sha256 = cd_statement_dup_text (stmt, 5);
      d->signature_status = cd_statement_dup_text (stmt, 6);
      d->signer = cd_statement_dup_text (stmt, 7);
      d->parse_status = cd_statement_dup_text (stmt, 8);
      d->parse_error = cd_statement_dup_text (stmt, 9);
      d->fields_json = cd_statement_dup_text (stmt, 10);
      d->raw_length = cd_statement_get_int64 (stmt, 11);
      d->parent_id = cd_statement_get_int64 (stmt, 12);
      d->linked_to_claim = cd_statement_get_int (stmt, 13) != 0;
      d->paper = cd_statement_get_int (stmt, 14) != 0;
      d->paper_state = cd_statement_dup_text (stmt, 15);
      d->paper_checked_at = cd_statement_dup_text (stmt, 16);
      d->entered_by = cd_statement_dup_text (stmt, 17);
      d->entered_at = d->paper ? g_strdup (d->fetched_at) : NULL;
      d->scan_sha256 = cd_statement_dup_text (stmt, 18);
      d->scan_media_type = cd_statement_dup_text (stmt, 19);
      d->n_fetches = (guint) cd_statement_get_int64 (stmt, 20);
      d->first_fetched_at = cd_statement_dup_text (stmt, 21);
      g_ptr_array_add (out->documents, d);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, out->number, "documents");
  return TRUE;
}

/* Each element of a verification's discrepancies: a finding object, or a field name. */
static GPtrArray *
parse_discrepancies (const char *text)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) discrepancy_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return list;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CdDetailsDiscrepancy *d = g_new0 (CdDetailsDiscrepancy, 1);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          d->code = g_strdup (cd_json_member_string (object, "code"));
          if (d->code == NULL)
            d->code = g_strdup (cd_json_member_string (object, "field"));
          d->severity = g_strdup (cd_json_member_string (object, "severity"));
          d->message_vi = g_strdup (cd_json_member_string (object, "message_vi"));
          d->message_en = g_strdup (cd_json_member_string (object, "message_en"));
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        d->code = g_strdup (json_node_get_string (node));
      if (d->code == NULL)
        d->code = g_strdup ("");
      g_ptr_array_add (list, d);
    }
  return list;
}

static CdFindingSeverity
severity_from_string (const char *text)
{
  if (g_strcmp0 (text, "error") == 0)
    return CD_FINDING_ERROR;
  if (g_strcmp0 (text, "warning") == 0)
    return CD_FINDING_WARNING;
  return CD_FINDING_INFO;
}

/* The claim's checks, and the person's made before the claim existed (the new-claim page checks
 * the evidence before it files the claim). */
static gboolean
load_verifications (CdDatabase      *db,
                    CdClaimDetails  *out,
                    GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT id, source, result, checked_at, document_id, discrepancies"
                  " FROM verifications"
                  " WHERE claim_id = ?1 OR (claim_id IS NULL AND person_id = ?2)"
                  " ORDER BY checked_at DESC, id DESC",
                  out->number, "verifications", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, out->id);
  cd_statement_bind_int64 (stmt, 2, out->claimant_id);
  out->verifications = g_ptr_array_new_with_free_func ((GDestroyNotify) verification_free);
  out->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdDetailsVerification *v = g_new0 (CdDetailsVerification, 1);

      v->id = cd_statement_get_int64 (stmt, 0);
      v->source = cd_statement_dup_text (stmt, 1);
      v->result = cd_statement_dup_text (stmt, 2);
      v->checked_at = cd_statement_dup_text (stmt, 3);
      v->document_id = cd_statement_get_int64 (stmt, 4);
      v->discrepancies = parse_discrepancies (cd_statement_get_text (stmt, 5));
      g_ptr_array_add (out->verifications, v);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, out->number, "verifications");

  /* The findings are those of the newest cross-check: older ones were about older evidence. */
  for (guint i = 0; i < out->verifications->len; i++)
    {
      CdDetailsVerification *v = out->verifications->pdata[i];

      if (!g_str_equal (v->source, "cross_check"))
        continue;
      for (guint j = 0; j < v->discrepancies->len; j++)
        {
          CdDetailsDiscrepancy *d = v->discrepancies->pdata[j];
          CdFinding *finding = g_new0 (CdFinding, 1);

          finding->code = g_strdup (d->code);
          finding->severity = severity_from_string (d->severity);
          finding->message_vi = g_strdup (d->message_vi != NULL ? d->message_vi : d->code);
          finding->message_en = g_strdup (d->message_en != NULL ? d->message_en : d->code);
          g_ptr_array_add (out->findings, finding);
        }
      break;
    }
  return TRUE;
}

/* Which stored document kinds prove each proof kind of docs/rules.md. */
static const struct
{
  const char *proof;
  const char *sources[4];
} proof_sources[] = {
  { "leave_certificate", { "leave_certificate", NULL } },
  { "discharge_paper", { "discharge_paper", "record_summary", NULL } },
  { "birth_certificate", { "birth_certificate", "birth_registration", NULL } },
  { "parenthood_proof", { "relatives", "birth_registration", "birth_certificate", NULL } },
  { "pregnancy_rest_certificate", { "pregnancy_rest", NULL } },
  { "mother_death_certificate", { "death_registration", NULL } },
  { "mother_unfit_certificate", { "medical_assessment", NULL } },
  { "child_death_proof", { "death_registration", NULL } },
  { "spouse_link", { "relatives", NULL } },
};

const char * const *
cd_claim_details_proof_sources (const char *proof_kind)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (proof_kind != NULL, none);
  for (guint i = 0; i < G_N_ELEMENTS (proof_sources); i++)
    if (g_str_equal (proof_sources[i].proof, proof_kind))
      return proof_sources[i].sources;
  return none;
}

static gboolean
proof_present (const char *proof_kind,
               GPtrArray  *documents)
{
  const char * const *sources = cd_claim_details_proof_sources (proof_kind);

  for (guint i = 0; sources[i] != NULL; i++)
    for (guint j = 0; j < documents->len; j++)
      {
        CdDetailsDocument *d = documents->pdata[j];

        /* A document whose parser refused it proves nothing. */
        if (g_str_equal (d->kind, sources[i]) && g_strcmp0 (d->parse_status, "rejected") != 0)
          return TRUE;
      }
  return FALSE;
}

static CdDetailsLine *
parse_line (JsonObject *object)
{
  CdDetailsLine *l = g_new0 (CdDetailsLine, 1);
  const CdRuleText *text;

  l->code = g_strdup (cd_json_member_string (object, "code"));
  l->from = g_strdup (cd_json_member_string (object, "from"));
  l->to = g_strdup (cd_json_member_string (object, "to"));
  l->days = cd_json_member_double (object, "days");
  l->unit = g_strdup (cd_json_member_string (object, "unit"));
  l->months = cd_json_member_int (object, "months");
  l->base = cd_json_member_int (object, "base");
  l->rate = g_strdup (cd_json_member_string (object, "rate"));
  l->divisor = cd_json_member_int (object, "divisor");
  l->amount = cd_json_member_int (object, "amount");
  l->citation = g_strdup (cd_json_member_string (object, "citation"));
  l->message_vi = g_strdup (cd_json_member_string (object, "message_vi"));
  l->message_en = g_strdup (cd_json_member_string (object, "message_en"));
  text = l->code != NULL ? cd_rule_text_find (l->code) : NULL;
  if (text != NULL)
    {
      if (l->message_vi == NULL)
        l->message_vi = g_strdup (text->message_vi);
      if (l->message_en == NULL)
        l->message_en = g_strdup (text->message_en);
      if (l->citation == NULL)
        l->citation = g_strdup (text->citation);
    }
  return l;
}

static GPtrArray *
parse_messages (JsonObject *result,
                const char *name)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  JsonArray *array = cd_json_member_array (result, name);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = cd_json_array_get_object (array, i);
      CdDetailsMessage *m;
      const CdRuleText *text;

      if (object == NULL)
        continue;
      m = g_new0 (CdDetailsMessage, 1);
      m->code = g_strdup (cd_json_member_string (object, "code"));
      m->citation = g_strdup (cd_json_member_string (object, "citation"));
      m->message_vi = g_strdup (cd_json_member_string (object, "message_vi"));
      m->message_en = g_strdup (cd_json_member_string (object, "message_en"));
      text = m->code != NULL ? cd_rule_text_find (m->code) : NULL;
      if (text != NULL && m->message_vi == NULL)
        m->message_vi = g_strdup (text->message_vi);
      if (text != NULL && m->message_en == NULL)
        m->message_en = g_strdup (text->message_en);
      if (text != NULL && m->citation == NULL)
        m->citation = g_strdup (text->citation);
      if (m->code == NULL)
        m->code = g_strdup ("");
      g_ptr_array_add (list, m);
    }
  return list;
}

static GPtrArray *
parse_lines (JsonObject *result,
             const char *name)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  JsonArray *array = cd_json_member_array (result, name);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = cd_json_array_get_object (array, i);

      if (object != NULL)
        g_ptr_array_add (list, parse_line (object));
    }
  return list;
}

static gboolean
parse_result (CdDetailsEvaluation  *e,
              GPtrArray            *documents,
              const char           *number,
              GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  JsonArray *required;

  if (!json_parser_load_from_data (parser, e->result_json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_QUERY,
                   _("The stored evaluation of claim %s is not a JSON object."), number);
      return FALSE;
    }
  result = json_node_get_object (json_parser_get_root (parser));
  e->lump_sum = cd_json_member_int (result, "lump_sum");
  e->lines = parse_lines (result, "lines");
  e->unpaid = parse_lines (result, "unpaid");
  e->reasons = parse_messages (result, "reasons");
  e->assumptions = parse_messages (result, "assumptions");
  e->required = g_ptr_array_new_with_free_func ((GDestroyNotify) required_free);
  required = cd_json_member_array (result, "required_documents");
  for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
    {
      JsonObject *object = cd_json_array_get_object (required, i);
      CdDetailsRequiredDocument *r;

      if (cd_json_member_string (object, "kind") == NULL)
        continue;
      r = g_new0 (CdDetailsRequiredDocument, 1);
      r->kind = g_strdup (cd_json_member_string (object, "kind"));
      r->why = g_strdup (cd_json_member_string (object, "why"));
      r->present = proof_present (r->kind, documents);
      g_ptr_array_add (e->required, r);
    }
  return TRUE;
}

/* The newest evaluation, the one a proposal decides on (same order as cd-workflow-actions.c). */
static gboolean
load_evaluation (CdDatabase      *db,
                 CdClaimDetails  *out,
                 GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdDetailsEvaluation *e = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT e.id, e.rulepack, e.eligible, e.total, e.evaluated_at, u.full_name,"
                  " e.result FROM evaluations e LEFT JOIN users u ON u.id = e.evaluated_by"
                  " WHERE e.claim_id = ? ORDER BY e.evaluated_at DESC, e.id DESC LIMIT 1",
                  out->number, "evaluations", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, out->id);
  step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_ROW)
    {
      e = g_new0 (CdDetailsEvaluation, 1);
      e->id = cd_statement_get_int64 (stmt, 0);
      e->rulepack = cd_statement_dup_text (stmt, 1);
      e->eligible = cd_statement_get_int (stmt, 2) != 0;
      e->total = cd_statement_get_int64 (stmt, 3);
      e->evaluated_at = cd_statement_dup_text (stmt, 4);
      e->evaluated_by = cd_statement_dup_text (stmt, 5);
      e->result_json = cd_statement_dup_text (stmt, 6);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, out->number, "evaluations");
  if (e == NULL)
    return TRUE;
  if (!parse_result (e, out->documents, out->number, error))
    {
      evaluation_free (e);
      return FALSE;
    }
  out->evaluation = e;
  return TRUE;
}

static gboolean
load_approvals (CdDatabase         *db,
                const char         *number,
                CdDetailsDecision  *d,
                GError            **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT a.approver_id, u.full_name, a.approved_at FROM approvals a"
                  " LEFT JOIN users u ON u.id = a.approver_id WHERE a.decision_id = ?"
                  " ORDER BY a.approved_at, a.approver_id",
                  number, "approvals", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, d->id);
  d->approvals = g_ptr_array_new_with_free_func ((GDestroyNotify) approval_free);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdDetailsApproval *a = g_new0 (CdDetailsApproval, 1);

      a->approver_id = cd_statement_get_int64 (stmt, 0);
      a->approver_name = cd_statement_dup_text (stmt, 1);
      a->approved_at = cd_statement_dup_text (stmt, 2);
      g_ptr_array_add (d->approvals, a);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, number, "approvals");
  return TRUE;
}

static gboolean
load_decisions (CdDatabase      *db,
                CdClaimDetails  *out,
                GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT d.id, d.uuid, d.state, d.amount, d.proposed_by, u.full_name,"
                  " d.proposed_at, d.comment, d.frozen_at FROM decisions d"
                  " LEFT JOIN users u ON u.id = d.proposed_by WHERE d.claim_id = ?"
                  " ORDER BY d.proposed_at DESC, d.id DESC",
                  out->number, "decisions", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, out->id);
  out->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_free);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdDetailsDecision *d = g_new0 (CdDetailsDecision, 1);

      d->id = cd_statement_get_int64 (stmt, 0);
      d->uuid = cd_statement_dup_text (stmt, 1);
      d->state = cd_statement_dup_text (stmt, 2);
      d->amount = cd_statement_get_int64 (stmt, 3);
      d->proposed_by = cd_statement_get_int64 (stmt, 4);
      d->proposed_by_name = cd_statement_dup_text (stmt, 5);
      d->proposed_at = cd_statement_dup_text (stmt, 6);
      d->comment = cd_statement_dup_text (stmt, 7);
      d->frozen_at = cd_statement_dup_text (stmt, 8);
      g_ptr_array_add (out->decisions, d);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, out->number, "decisions");
  for (guint i = 0; i < out->decisions->len; i++)
    if (!load_approvals (db, out->number, out->decisions->pdata[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
load_audit (CdDatabase      *db,
            CdClaimDetails  *out,
            GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT a.seq, a.at, a.user_id, u.full_name, u.login, a.action, a.before, a.after"
                  " FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
                  " WHERE a.entity = 'claim' AND a.entity_id = ? ORDER BY a.seq DESC",
                  out->number, "audit_log", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, out->id);
  out->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_entry_free);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdDetailsAuditEntry *a = g_new0 (CdDetailsAuditEntry, 1);

      a->seq = cd_statement_get_int64 (stmt, 0);
      a->at = cd_statement_dup_text (stmt, 1);
      a->user_id = cd_statement_get_int64 (stmt, 2);
      a->user_name = cd_statement_dup_text (stmt, 3);
      a->user_login = cd_statement_dup_text (stmt, 4);
      a->action = cd_statement_dup_text (stmt, 5);
      a->before_json = cd_statement_dup_text (stmt, 6);
      a->after_json = cd_statement_dup_text (stmt, 7);
      g_ptr_array_add (out->audit, a);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, out->number, "audit_log");
  return TRUE;
}

CdClaimActions
cd_claim_details_actions_for (CdClaimStatus status,
                              CdRole        role,
                              gboolean      has_final_decision)
{
  static const struct
  {
    CdWorkflowAction action;
    CdClaimActions   bit;
  } map[] = {
    { CD_WORKFLOW_ACTION_PROPOSE, CD_CLAIM_ACTION_PROPOSE },
    { CD_WORKFLOW_ACTION_APPROVE, CD_CLAIM_ACTION_APPROVE },
    { CD_WORKFLOW_ACTION_RETURN, CD_CLAIM_ACTION_RETURN },
    { CD_WORKFLOW_ACTION_REJECT, CD_CLAIM_ACTION_REJECT },
  };
  CdClaimActions actions = CD_CLAIM_ACTION_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (cd_workflow_can (status, map[i].action, role))
      actions |= map[i].bit;
  /* The people of the claim workflow print its letters; an administrator has no part in it. */
  if (has_final_decision && (CD_ROLES_WORKING & CD_ROLE_BIT (role)) != 0)
    actions |= CD_CLAIM_ACTION_PRINT_LETTER;
  return actions;
}

static void
paper_field_free (CdDetailsPaperField *f)
{
  g_free (f->field);
  g_free (f->paper);
  g_free (f->electronic);
  g_free (f);
}

static void
paper_free (CdDetailsPaper *p)
{
  g_free (p->kind);
  g_free (p->paper_state);
  g_free (p->checked_at);
  g_free (p->entered_at);
  g_free (p->entered_by);
  g_clear_pointer (&p->fields, g_ptr_array_unref);
  g_free (p);
}

static char *
member_json (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("null");
}

/* Paper documents deferred verification has not confirmed, each with its newest verification's
 * fields side by side (docs/deferred-verification.md). */
static gboolean
load_paper (CdDatabase      *db,
            CdClaimDetails  *out,
            GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  stmt = prepare (db,
                  "SELECT d.id, d.kind, d.paper_state, d.paper_checked_at, d.fetched_at,"
                  " u.full_name, v.discrepancies FROM documents d"
                  " LEFT JOIN users u ON u.id = d.entered_by"
                  " LEFT JOIN verifications v ON v.id = (SELECT max(id) FROM verifications"
                  "  WHERE document_id = d.id)"
                  " WHERE d.source_system = 'manual' AND d.paper_state IS NOT NULL"
                  " AND d.paper_state <> 'verified'"
                  " AND (d.claim_id = ?1 OR (d.claim_id IS NULL AND d.person_id = ?2))"
                  " ORDER BY d.id",
                  out->number, "documents", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, out->id);
  cd_statement_bind_int64 (stmt, 2, out->claimant_id);
  out->paper = g_ptr_array_new_with_free_func ((GDestroyNotify) paper_free);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdDetailsPaper *p = g_new0 (CdDetailsPaper, 1);
      g_autoptr(JsonNode) list = NULL;

      p->document_id = cd_statement_get_int64 (stmt, 0);
      p->kind = cd_statement_dup_text (stmt, 1);
      p->paper_state = cd_statement_dup_text (stmt, 2);
      p->checked_at = cd_statement_dup_text (stmt, 3);
      p->entered_at = cd_statement_dup_text (stmt, 4);
      p->entered_by = cd_statement_dup_text (stmt, 5);
      p->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) paper_field_free);
      if (g_strcmp0 (p->paper_state, "mismatch") == 0 && cd_statement_get_text (stmt, 6) != NULL)
        list = json_from_string (cd_statement_get_text (stmt, 6), NULL);
      for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list)
                        && i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (list), i);
          JsonObject *object;
          CdDetailsPaperField *f;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          f = g_new0 (CdDetailsPaperField, 1);
          f->field = g_strdup (cd_json_member_string (object, "field"));
          f->paper = member_json (object, "paper");
          f->electronic = member_json (object, "electronic");
          if (f->field == NULL)
            f->field = g_strdup ("?");
          g_ptr_array_add (p->fields, f);
        }
      g_ptr_array_add (out->paper, p);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, local_error, out->number, "documents");
  return TRUE;
}

static gboolean
has_final_decision (CdClaimDetails *details)
{
  for (guint i = 0; i < details->decisions->len; i++)
    {
      CdDetailsDecision *d = details->decisions->pdata[i];

      if (g_str_equal (d->state, "approved") || g_str_equal (d->state, "rejected"))
        return TRUE;
    }
  return FALSE;
}

static CdClaimDetails *
load_with_role (CdDatabase  *database,
                const char  *claim_number,
                gboolean     has_session,
                CdRole       role,
                GError     **error)
{
  g_autoptr(CdClaimDetails) details = g_new0 (CdClaimDetails, 1);
  gint64 child_id = 0;
  gboolean ok;

  /* One read transaction: every part from the same moment of the file. */
  if (!cd_database_begin (database, error))
    return NULL;
  ok = load_claim (database, claim_number, details, &child_id, error)
       && load_documents (database, details, child_id, error)
       && load_verifications (database, details, error)
       && load_evaluation (database, details, error)
       && load_decisions (database, details, error)
       && load_audit (database, details, error)
       && load_paper (database, details, error)
       && (details->n_alerts = cd_alerts_count_for_claim (database, details->number, error)) >= 0;
  if (ok)
    details->approval_threshold = cd_workflow_get_approval_threshold (database);
  cd_database_commit (database, NULL);
  if (!ok)
    return NULL;

  details->actions = has_session
                     ? cd_claim_details_actions_for (details->status, role,
                                                     has_final_decision (details))
                     : CD_CLAIM_ACTION_NONE;
  return g_steal_pointer (&details);
}

CdClaimDetails *
cd_claim_details_load (CdDatabase  *db,
                       const char  *claim_number,
                       CdSession   *session,
                       GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (claim_number != NULL, NULL);
  g_return_val_if_fail (session == NULL || CD_IS_SESSION (session), NULL);

  return load_with_role (db, claim_number, session != NULL,
                         session != NULL ? cd_session_get_role (session) : CD_ROLE_OFFICER, error);
}

/* --- Async ------------------------------------------------------------------------------------ */

typedef struct
{
  char     *db_path;
  char     *claim_number;
  gboolean  has_session;
  CdRole    role;
  gint64    document_id;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->db_path);
  g_free (job->claim_number);
  g_free (job);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  CdClaimDetails *details;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  details = load_with_role (reader, job->claim_number, job->has_session, job->role, &error);
  if (details == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, details, (GDestroyNotify) cd_claim_details_free);
}

void
cd_claim_details_load_async (const char          *db_path,
                             const char          *claim_number,
                             CdSession           *session,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (db_path != NULL && claim_number != NULL);
  g_return_if_fail (session == NULL || CD_IS_SESSION (session));

  job = g_new0 (LoadJob, 1);
  job->db_path = g_strdup (db_path);
  job->claim_number = g_strdup (claim_number);
  /* The role never changes in a session: read it here, not from the worker. */
  job->has_session = session != NULL;
  job->role = session != NULL ? cd_session_get_role (session) : CD_ROLE_OFFICER;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_details_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_in_thread);
}

CdClaimDetails *
cd_claim_details_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_claim_details_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
cd_claim_details_read_raw (CdDatabase  *database,
                           gint64       document_id,
                           GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);

  stmt = cd_database_prepare (database, "SELECT raw FROM documents WHERE id = ?", &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, document_id);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_ROW)
    {
      GBytes *bytes = cd_statement_dup_bytes (stmt, 0);

      return bytes != NULL ? bytes : g_bytes_new (NULL, 0);
    }
  if (step == CD_STEP_DONE)
    g_set_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_NOT_FOUND,
                 _("There is no document %lld."), (long long) document_id);
  else
    g_set_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_QUERY,
                 _("Document %lld could not be read: %s"), (long long) document_id,
                 local_error->message);
  return NULL;
}

static void
read_raw_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GBytes *bytes;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  bytes = reader != NULL ? cd_claim_details_read_raw (reader, job->document_id, &error) : NULL;
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
cd_claim_details_read_raw_async (const char          *db_path,
                                 gint64               document_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (db_path != NULL);

  job = g_new0 (LoadJob, 1);
  job->db_path = g_strdup (db_path);
  job->document_id = document_id;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_details_read_raw_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, read_raw_in_thread);
}

GBytes *
cd_claim_details_read_raw_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_claim_details_read_raw_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
