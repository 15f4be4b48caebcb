/* test-claim-details.c — one claim's full picture, read from a seeded store, against SQL. */
#include <stdarg.h>
#include <string.h>

#include "cd-alerts.h"
#include "cd-claim-details.h"
#include "cd-office-settings.h"
#include "cd-workflow.h"
#include "claim-details-fixture.h"
#include "test-util.h"

static DetailsFixture fx;

static CdClaimDetails *
load (const char *number,
      CdSession  *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (fx.path, &error);
  CdClaimDetails *details;

  g_assert_no_error (error);
  details = cd_claim_details_load (reader, number, session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (details);
  return details;
}

static gint64 claim_int  (const char *format,
                         ...) G_GNUC_PRINTF (1, 2);
static char  *claim_text (const char *format,
                         ...) G_GNUC_PRINTF (1, 2);

/* One value from SQL with the claim number in it. */
static gint64
claim_int (const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return details_int (&fx, sql);
}

static char *
claim_text (const char *format,
            ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return details_text (&fx, sql);
}

static void
test_claim_and_claimant (void)
{
  const char *number = fx.evaluated[0];
  g_autoptr(CdClaimDetails) d = load (number, fx.officer);
  g_autofree char *from = claim_text ("SELECT period_from FROM claims WHERE number = '%s'", number);
  g_autofree char *to = claim_text ("SELECT period_to FROM claims WHERE number = '%s'", number);
  g_autofree char *officer = claim_text ("SELECT u.full_name FROM claims c JOIN users u"
                                         " ON u.id = c.officer_id WHERE c.number = '%s'", number);
  g_autofree char *name = claim_text ("SELECT p.full_name FROM claims c JOIN persons p"
                                      " ON p.id = c.claimant_id WHERE c.number = '%s'", number);
  g_autofree char *pid = claim_text ("SELECT p.personal_id FROM claims c JOIN persons p"
                                     " ON p.id = c.claimant_id WHERE c.number = '%s'", number);
  g_autofree char *si = claim_text ("SELECT p.si_code FROM claims c JOIN persons p"
                                    " ON p.id = c.claimant_id WHERE c.number = '%s'", number);
  g_autofree char *born = claim_text ("SELECT p.birth_date FROM claims c JOIN persons p"
                                      " ON p.id = c.claimant_id WHERE c.number = '%s'", number);
  g_autofree char *created = claim_text ("SELECT created_at FROM claims WHERE number = '%s'",
                                         number);
  gint64 received = claim_int ("SELECT received_on FROM claims WHERE number = '%s'", number);
  g_autofree char *received_iso = g_strdup_printf ("%04d-%02d-%02d", (int) (received / 10000),
                                                   (int) (received / 100 % 100),
                                                   (int) (received % 100));

  g_assert_cmpstr (d->number, ==, number);
  g_assert_cmpint (d->id, ==, claim_int ("SELECT id FROM claims WHERE number = '%s'", number));
  g_assert_cmpint (d->benefit, ==, CD_BENEFIT_SICKNESS);
  g_assert_cmpint (d->status, ==, CD_CLAIM_STATUS_EVALUATED);
  g_assert_cmpstr (d->period_from, ==, from);
  g_assert_cmpstr (d->period_to, ==, to);
  g_assert_cmpstr (d->officer_name, ==, officer);
  g_assert_cmpstr (d->created_at, ==, created);
  g_assert_cmpstr (d->received_on, ==, received_iso);
  /* The evaluation set the amount to the engine's total. */
  g_assert_cmpint (d->amount, ==, 1406250);
  g_assert_cmpstr (d->claimant_name, ==, name);
  g_assert_cmpstr (d->personal_id, ==, pid);
  g_assert_cmpstr (d->si_code, ==, si);
  g_assert_cmpstr (d->birth_date, ==, born);
  g_assert_cmpint (d->approval_threshold, ==, CD_DEFAULT_APPROVAL_THRESHOLD);
}

/* claims.received_on is a yyyymmdd number whose CHECK bounds the range, not the day: a leap day
 * reads as itself, and 30 February as no date rather than as "2026-02-30". */
static void
test_received_on_is_a_real_day (void)
{
  const char *number = fx.evaluated[1];
  gint64 kept = claim_int ("SELECT received_on FROM claims WHERE number = '%s'", number);
  const struct { guint32 stored; const char *shown; } cases[] = {
    { 20240229, "2024-02-29" },
    { 20260230, NULL },
    { 20261231, "2026-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE claims SET received_on = %u"
                                              " WHERE number = '%s'", cases[i].stored, number);
      g_autoptr(CdClaimDetails) d = NULL;

      g_assert_true (cd_database_exec (fx.db, sql, NULL));
      d = load (number, fx.officer);
      g_assert_cmpstr (d->received_on, ==, cases[i].shown);
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE claims SET received_on = %" G_GINT64_FORMAT
                                            " WHERE number = '%s'", kept, number);

    g_assert_true (cd_database_exec (fx.db, sql, NULL));
  }
}

static CdDetailsDocument *
find_document (CdClaimDetails *d,
               const char     *kind,
               const char     *signature)
{
  for (guint i = 0; i < d->documents->len; i++)
    {
      CdDetailsDocument *doc = d->documents->pdata[i];

      if (g_str_equal (doc->kind, kind) && g_str_equal (doc->signature_status, signature))
        return doc;
    }
  return NULL;
}

static void
test_documents (void)
{
  const char *number = fx.evaluated[0];
  g_autoptr(CdClaimDetails) d = load (number, fx.officer);
  gint64 expected = claim_int ("SELECT count(*) FROM documents d JOIN claims c ON c.number = '%s'"
                               " WHERE d.claim_id = c.id OR d.person_id = c.claimant_id", number);
  gint64 linked = claim_int ("SELECT count(*) FROM documents d JOIN claims c ON c.number = '%s'"
                             " WHERE d.claim_id = c.id", number);
  CdDetailsDocument *leave, *untrusted, *citizen;
  g_autoptr(CdDatabase) reader = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sha = NULL;
  guint n_linked = 0;

  /* Two envelopes (split into their tables) and the population reply. */
  g_assert_cmpint (expected, >=, 8);
  g_assert_cmpuint (d->documents->len, ==, (guint) expected);
  for (guint i = 0; i < d->documents->len; i++)
    n_linked += ((CdDetailsDocument *) d->documents->pdata[i])->linked_to_claim;
  g_assert_cmpuint (n_linked, ==, (guint) linked);
  g_assert_cmpuint (n_linked, <, d->documents->len);
  /* Newest fetch first. */
  for (guint i = 1; i < d->documents->len; i++)
    g_assert_cmpstr (((CdDetailsDocument *) d->documents->pdata[i - 1])->fetched_at, >=,
                     ((CdDetailsDocument *) d->documents->pdata[i])->fetched_at);

  /* The leave certificate (XML11) of the trusted envelope: signed by facility 01001, parsed. */
  leave = find_document (d, "leave_certificate", "valid");
  g_assert_nonnull (leave);
  /* Its dates are outside the seeded claim's period: it belongs to the person only. */
  g_assert_false (leave->linked_to_claim);
  g_assert_cmpstr (leave->source_system, ==, "medical");
  g_assert_nonnull (strstr (leave->signer, "01001"));
  g_assert_cmpstr (leave->parse_status, ==, "parsed");
  g_assert_nonnull (leave->fields_json);
  g_assert_cmpint (leave->parent_id, >, 0);
  sql = g_strdup_printf ("SELECT length(raw) FROM documents WHERE id = %" G_GINT64_FORMAT,
                         leave->id);
  g_assert_cmpint (leave->raw_length, ==, details_int (&fx, sql));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT sha256 FROM documents WHERE id = %" G_GINT64_FORMAT, leave->id);
  sha = details_text (&fx, sql);
  g_assert_cmpstr (leave->sha256, ==, sha);

  /* The raw text, as it came. */
  reader = cd_database_open_reader (fx.path, &error);
  g_assert_no_error (error);
  raw = cd_claim_details_read_raw (reader, leave->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) g_bytes_get_size (raw), ==, leave->raw_length);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw),
                                  "MA_LK"));
  g_clear_pointer (&raw, g_bytes_unref);
  raw = cd_claim_details_read_raw (reader, 987654321, &error);
  g_assert_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_NOT_FOUND);
  g_assert_null (raw);

  /* The other envelope's tables: signed by a CA we do not trust, linked by the person only. */
  untrusted = find_document (d, "envelope", "untrusted");
  g_assert_nonnull (untrusted);
  g_assert_false (untrusted->linked_to_claim);
  g_assert_null (find_document (d, "leave_certificate", "untrusted"));

  citizen = find_document (d, "citizen", "not_applicable");
  if (citizen == NULL)
    citizen = find_document (d, "citizen", "unsigned");
  g_assert_nonnull (citizen);
  g_assert_cmpstr (citizen->source_system, ==, "population");
  /* An undated record of the claimant: linked to the claim. */
  g_assert_true (citizen->linked_to_claim);
  g_assert_cmpuint (n_linked, >=, 1);
}

/* The claimant's documents as a later fetch stores them again: the same bytes, fetched at @when;
 * @linked_id's copy linked to the claim. */
static void
store_again (const char *number,
             const char *when,
             gint64      linked_id)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO documents (claim_id, person_id, kind, source_system, url, fetched_at,"
    " window_from, window_to, raw, sha256, signature_status, signer, parse_status, parse_error,"
    " fields, parent_id, entered_by, scan_id, paper_state, paper_checked_at)"
    " SELECT CASE WHEN d.id = %" G_GINT64_FORMAT " THEN c.id ELSE d.claim_id END, d.person_id,"
    " d.kind, d.source_system, d.url, '%s', d.window_from, d.window_to, d.raw, d.sha256,"
    " d.signature_status, d.signer, d.parse_status, d.parse_error, d.fields, d.parent_id,"
    " d.entered_by, d.scan_id, d.paper_state, d.paper_checked_at"
    " FROM documents d JOIN claims c ON c.number = '%s'"
    " WHERE (d.claim_id = c.id OR d.person_id = c.claimant_id) AND d.fetched_at < '%s'",
    linked_id, when, number, when);

  g_assert_true (cd_database_exec (fx.db, sql, NULL));
}

/* Every fetch stores what the sources answered: a document fetched again is shown once, as its
 * newest copy, with the number of fetches and the first; linked if any copy is. A copy whose
 * signature reads otherwise (other trust anchors) is shown apart. */
static void
test_refetched_documents_shown_once (void)
{
  const char *number = fx.evaluated[0];
  const char *again = "2099-01-01T08:00:00Z";
  g_autoptr(CdClaimDetails) before = load (number, fx.officer);
  g_autoptr(CdClaimDetails) after = NULL;
  g_autoptr(CdClaimDetails) apart = NULL;
  CdDetailsDocument *leave = find_document (before, "leave_certificate", "valid");
  g_autofree char *first = NULL;
  g_autofree char *sql = NULL;
  gint64 n_paper = claim_int ("SELECT count(*) FROM documents d JOIN claims c ON c.number = '%s'"
                              " WHERE (d.claim_id = c.id OR d.person_id = c.claimant_id)"
                              " AND d.source_system = 'manual'", number);

  g_assert_nonnull (leave);
  g_assert_false (leave->linked_to_claim);
  for (guint i = 0; i < before->documents->len; i++)
    g_assert_cmpuint (((CdDetailsDocument *) before->documents->pdata[i])->n_fetches, ==, 1);
  first = g_strdup (leave->fetched_at);

  store_again (number, again, leave->id);
  after = load (number, fx.officer);
  /* A paper typed in twice is two papers. */
  g_assert_cmpuint (after->documents->len, ==, before->documents->len + (guint) n_paper);
  for (guint i = 0; i < after->documents->len; i++)
    {
      CdDetailsDocument *doc = after->documents->pdata[i];

      if (doc->paper)
        continue;
      g_assert_cmpuint (doc->n_fetches, ==, 2);
      g_assert_cmpstr (doc->fetched_at, ==, again);
      g_assert_cmpstr (doc->first_fetched_at, <, again);
    }
  leave = find_document (after, "leave_certificate", "valid");
  g_assert_cmpstr (leave->first_fetched_at, ==, first);
  /* The newer copy is the one linked to the claim. */
  g_assert_true (leave->linked_to_claim);
  g_assert_cmpint (leave->id, ==,
                   claim_int ("SELECT max(id) FROM documents WHERE kind = 'leave_certificate'"
                              " AND signature_status = 'valid' AND fetched_at = '%s'", again));

  sql = g_strdup_printf ("UPDATE documents SET signature_status = 'untrusted', signer = NULL"
                         " WHERE id = %" G_GINT64_FORMAT, leave->id);
  g_assert_true (cd_database_exec (fx.db, sql, NULL));
  apart = load (number, fx.officer);
  g_assert_cmpuint (apart->documents->len, ==, after->documents->len + 1);
  g_assert_cmpuint (find_document (apart, "leave_certificate", "valid")->n_fetches, ==, 1);
  g_assert_cmpuint (find_document (apart, "leave_certificate", "untrusted")->n_fetches, ==, 1);

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("DELETE FROM documents WHERE fetched_at = '%s'", again);
  g_assert_true (cd_database_exec (fx.db, sql, NULL));
}

static void
test_verifications_and_findings (void)
{
  const char *number = fx.evaluated[0];
  g_autoptr(CdClaimDetails) d = load (number, fx.officer);
  gint64 expected = claim_int ("SELECT count(*) FROM verifications v JOIN claims c"
                               " ON c.number = '%s' WHERE v.claim_id = c.id"
                               " OR (v.claim_id IS NULL AND v.person_id = c.claimant_id)", number);
  gint64 n_findings = claim_int ("SELECT json_array_length(v.discrepancies) FROM verifications v"
                                 " JOIN claims c ON c.number = '%s' WHERE v.claim_id = c.id"
                                 " AND v.source = 'cross_check' ORDER BY v.id DESC LIMIT 1",
                                 number);
  g_autofree char *first_code = claim_text ("SELECT v.discrepancies ->> '$[0].code'"
                                            " FROM verifications v JOIN claims c"
                                            " ON c.number = '%s' WHERE v.claim_id = c.id"
                                            " ORDER BY v.id DESC LIMIT 1", number);
  g_autofree char *first_severity = claim_text ("SELECT v.discrepancies ->> '$[0].severity'"
                                                " FROM verifications v JOIN claims c"
                                                " ON c.number = '%s' WHERE v.claim_id = c.id"
                                                " ORDER BY v.id DESC LIMIT 1", number);
  CdDetailsVerification *check;
  CdFinding *finding;

  g_assert_cmpint (expected, >=, 1);
  g_assert_cmpuint (d->verifications->len, ==, (guint) expected);
  check = d->verifications->pdata[0];
  g_assert_cmpstr (check->source, ==, "cross_check");
  /* Its leave certificate's serial was filed for someone else. */
  g_assert_cmpstr (check->result, ==, "mismatch");
  g_assert_cmpint (n_findings, >=, 1);
  g_assert_cmpuint (check->discrepancies->len, ==, (guint) n_findings);
  g_assert_cmpuint (d->findings->len, ==, (guint) n_findings);
  finding = d->findings->pdata[0];
  g_assert_cmpstr (finding->code, ==, first_code);
  g_assert_cmpstr (finding->code, ==, "certificate.serial_reused");
  g_assert_cmpint (finding->severity, ==, CD_FINDING_ERROR);
  g_assert_cmpstr (cd_finding_severity_to_string (finding->severity), ==, first_severity);
  g_assert_true (finding->message_vi != NULL && finding->message_vi[0] != '\0');
  g_assert_true (finding->message_en != NULL && finding->message_en[0] != '\0');
}

static void
test_evaluation (void)
{
  g_autoptr(CdClaimDetails) d = load (fx.evaluated[0], fx.officer);
  g_autoptr(CdClaimDetails) bare = load (fx.evaluated[1], fx.officer);
  CdDetailsEvaluation *e = d->evaluation;
  CdDetailsLine *line;
  CdDetailsRequiredDocument *required;

  g_assert_nonnull (e);
  g_assert_true (e->eligible);
  g_assert_cmpint (e->total, ==, 1406250);
  g_assert_cmpstr (e->rulepack, ==, "vn-si-2024+2026.07");
  g_assert_cmpstr (e->evaluated_by, ==, "Võ Thị Cẩm Vân");
  g_assert_cmpuint (e->lines->len, ==, 1);
  line = e->lines->pdata[0];
  g_assert_cmpstr (line->code, ==, "sickness.standard");
  g_assert_cmpstr (line->from, ==, "2026-09-08");
  g_assert_cmpstr (line->to, ==, "2026-09-10");
  g_assert_cmpfloat (line->days, ==, 3.0);
  g_assert_cmpstr (line->unit, ==, "wd");
  g_assert_cmpint (line->base, ==, 15000000);
  g_assert_cmpstr (line->rate, ==, "3/4");
  g_assert_cmpint (line->divisor, ==, 24);
  g_assert_cmpint (line->amount, ==, 1406250);
  g_assert_cmpstr (line->citation, ==, "L41 Art 45(2),(5)");
  g_assert_nonnull (strstr (line->message_en, "75%"));
  g_assert_nonnull (line->message_vi);
  g_assert_cmpuint (e->unpaid->len, ==, 0);
  g_assert_cmpuint (e->reasons->len, ==, 0);

  /* A leave certificate is required; the first claim has one stored, the second none. */
  g_assert_cmpuint (e->required->len, ==, 1);
  required = e->required->pdata[0];
  g_assert_cmpstr (required->kind, ==, "leave_certificate");
  g_assert_nonnull (strstr (required->why, "L41 Art 47(2)"));
  g_assert_true (required->present);
  g_assert_nonnull (bare->evaluation);
  g_assert_cmpuint (bare->documents->len, ==, 0);
  g_assert_false (((CdDetailsRequiredDocument *) bare->evaluation->required->pdata[0])->present);
}

static void
test_seeded_decision (void)
{
  g_autoptr(CdClaimDetails) d = load (fx.queued, fx.officer);
  gint64 n_audit = claim_int ("SELECT count(*) FROM audit_log a JOIN claims c ON c.number = '%s'"
                              " WHERE a.entity = 'claim' AND a.entity_id = c.id", fx.queued);
  g_autofree char *approver = claim_text ("SELECT u.full_name FROM approvals a JOIN decisions d"
                                          " ON d.id = a.decision_id JOIN claims c"
                                          " ON c.id = d.claim_id JOIN users u"
                                          " ON u.id = a.approver_id WHERE c.number = '%s'",
                                          fx.queued);
  g_autofree char *proposer = claim_text ("SELECT u.full_name FROM decisions d JOIN claims c"
                                          " ON c.id = d.claim_id JOIN users u"
                                          " ON u.id = d.proposed_by WHERE c.number = '%s'",
                                          fx.queued);
  CdDetailsDecision *decision;
  CdDetailsAuditEntry *entry;

  g_assert_cmpint (d->status, ==, CD_CLAIM_STATUS_QUEUED);
  g_assert_null (d->evaluation);
  g_assert_cmpuint (d->decisions->len, ==, 1);
  decision = d->decisions->pdata[0];
  g_assert_cmpstr (decision->state, ==, "approved");
  g_assert_nonnull (decision->frozen_at);
  g_assert_cmpint (decision->amount, ==, d->amount);
  g_assert_cmpstr (decision->proposed_by_name, ==, proposer);
  g_assert_cmpuint (decision->approvals->len, ==, 1);
  g_assert_cmpstr (((CdDetailsApproval *) decision->approvals->pdata[0])->approver_name, ==,
                   approver);

  /* The seeder's approval entry names the approver. */
  g_assert_cmpint (n_audit, >=, 1);
  g_assert_cmpuint (d->audit->len, ==, (guint) n_audit);
  entry = d->audit->pdata[d->audit->len - 1];
  g_assert_cmpstr (entry->action, ==, "approve");
  g_assert_nonnull (strstr (entry->after_json, "queued"));

  /* A frozen decision: the letter may be printed, nothing else. */
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_PRINT_LETTER);
}

static void
test_actions_follow_workflow (void)
{
  const char *number = fx.evaluated[4];
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;
  CdClaimDetails *d;
  CdDetailsAuditEntry *entry;

  /* Evaluated: anyone working may propose; no session, nothing. */
  d = load (number, fx.officer);
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_PROPOSE);
  g_assert_cmpuint (d->audit->len, ==, 1);
  g_assert_cmpstr (((CdDetailsAuditEntry *) d->audit->pdata[0])->action, ==, "evaluate");
  g_assert_cmpuint (d->decisions->len, ==, 0);
  cd_claim_details_free (d);
  d = load (number, fx.sup1);
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_PROPOSE);
  cd_claim_details_free (d);
  d = load (number, NULL);
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_NONE);
  cd_claim_details_free (d);

  /* Proposed by the officer: a supervisor approves, returns or rejects. */
  cd_workflow_propose (fx.db, fx.officer, number, "Đủ hồ sơ", &error);
  g_assert_no_error (error);
  d = load (number, fx.officer);
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_NONE);
  g_assert_cmpuint (d->decisions->len, ==, 1);
  g_assert_cmpstr (((CdDetailsDecision *) d->decisions->pdata[0])->state, ==, "proposed");
  g_assert_cmpstr (((CdDetailsDecision *) d->decisions->pdata[0])->comment, ==, "Đủ hồ sơ");
  g_assert_cmpstr (((CdDetailsDecision *) d->decisions->pdata[0])->proposed_by_name, ==,
                   "Võ Thị Cẩm Vân");
  /* History: newest first, with the user. */
  g_assert_cmpuint (d->audit->len, ==, 2);
  entry = d->audit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "propose");
  g_assert_cmpstr (entry->user_name, ==, "Võ Thị Cẩm Vân");
  g_assert_cmpstr (entry->user_login, ==, "cv01");
  g_assert_nonnull (strstr (entry->before_json, "evaluated"));
  g_assert_nonnull (strstr (entry->after_json, "proposed"));
  g_assert_cmpint (entry->seq, >, ((CdDetailsAuditEntry *) d->audit->pdata[1])->seq);
  cd_claim_details_free (d);
  d = load (number, fx.sup1);
  g_assert_cmpint (d->actions, ==,
                   CD_CLAIM_ACTION_APPROVE | CD_CLAIM_ACTION_RETURN | CD_CLAIM_ACTION_REJECT);
  cd_claim_details_free (d);

  /* Approved (below the threshold: one supervisor): frozen and queued, the letter printable. */
  cd_workflow_approve (fx.db, fx.sup1, number, &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, CD_WORKFLOW_APPROVAL_FINAL);
  d = load (number, fx.officer);
  g_assert_cmpint (d->status, ==, CD_CLAIM_STATUS_QUEUED);
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_PRINT_LETTER);
  g_assert_cmpuint (((CdDetailsDecision *) d->decisions->pdata[0])->approvals->len, ==, 1);
  g_assert_cmpstr (((CdDetailsApproval *) ((CdDetailsDecision *) d->decisions->pdata[0])
                    ->approvals->pdata[0])->approver_name, ==, "Lý Văn Giang");
  g_assert_cmpstr (((CdDetailsAuditEntry *) d->audit->pdata[0])->user_name, ==, "Lý Văn Giang");
  cd_claim_details_free (d);
}

static void
test_actions_table (void)
{
  /* Every status and role against the workflow's own table. */
  for (int s = 0; s < CD_N_CLAIM_STATUSES; s++)
    for (int r = CD_ROLE_OFFICER; r <= CD_ROLE_ADMIN; r++)
      {
        CdClaimActions actions = cd_claim_details_actions_for (s, r, FALSE);

        g_assert_cmpint ((actions & CD_CLAIM_ACTION_PROPOSE) != 0, ==,
                         cd_workflow_can (s, CD_WORKFLOW_ACTION_PROPOSE, r));
        g_assert_cmpint ((actions & CD_CLAIM_ACTION_APPROVE) != 0, ==,
                         cd_workflow_can (s, CD_WORKFLOW_ACTION_APPROVE, r));
        g_assert_cmpint ((actions & CD_CLAIM_ACTION_RETURN) != 0, ==,
                         cd_workflow_can (s, CD_WORKFLOW_ACTION_RETURN, r));
        g_assert_cmpint ((actions & CD_CLAIM_ACTION_REJECT) != 0, ==,
                         cd_workflow_can (s, CD_WORKFLOW_ACTION_REJECT, r));
        g_assert_false (actions & CD_CLAIM_ACTION_PRINT_LETTER);
        g_assert_cmpint ((cd_claim_details_actions_for (s, r, TRUE)
                          & CD_CLAIM_ACTION_PRINT_LETTER) != 0, ==, r != CD_ROLE_ADMIN);
      }
  g_assert_cmpint (cd_claim_details_actions_for (CD_CLAIM_STATUS_PROPOSED, CD_ROLE_OFFICER, FALSE),
                   ==, CD_CLAIM_ACTION_NONE);
  g_assert_cmpint (cd_claim_details_actions_for (CD_CLAIM_STATUS_RETURNED, CD_ROLE_OFFICER, FALSE),
                   ==, CD_CLAIM_ACTION_PROPOSE);
  g_assert_cmpstr (cd_claim_details_proof_sources ("discharge_paper")[1], ==, "record_summary");
  g_assert_null (cd_claim_details_proof_sources ("adoption_certificate")[0]);
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (fx.path, &error);
  g_autoptr(CdClaimDetails) d = NULL;

  g_assert_no_error (error);
  d = cd_claim_details_load (reader, "HS-9999-NOPE", fx.officer, &error);
  g_assert_null (d);
  g_assert_error (error, CD_CLAIM_DETAILS_ERROR, CD_CLAIM_DETAILS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "HS-9999-NOPE"));
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CdClaimDetails) d = NULL;
  g_autoptr(CdClaimDetails) none = NULL;
  g_autoptr(GError) error = NULL;

  cd_claim_details_load_async (fx.path, fx.evaluated[0], fx.sup2, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  d = cd_claim_details_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->number, ==, fx.evaluated[0]);
  g_assert_cmpint (d->actions, ==, CD_CLAIM_ACTION_PROPOSE);
  g_assert_cmpuint (d->documents->len, >, 0);

  g_cancellable_cancel (cancellable);
  cd_claim_details_load_async (fx.path, fx.evaluated[0], NULL, cancellable, on_loaded,
                               &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  none = cd_claim_details_load_finish (cancelled_result, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The claim's findings say how many anomaly alerts name it: none before a scan. */
static void
test_alerts (void)
{
  const char *number = fx.evaluated[0];
  g_autoptr(CdClaimDetails) before = load (number, fx.officer);
  g_autoptr(CdClaimDetails) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) writer = cd_database_open (fx.path, &error);
  gint64 expected;

  g_assert_no_error (error);
  g_assert_cmpint (before->n_alerts, ==, 0);
  g_assert_true (cd_alerts_scan (writer, NULL, &error));
  g_assert_no_error (error);
  /* Its certificate's serial was filed for someone else: the scan says so too. */
  expected = claim_int ("SELECT count (*) FROM alerts a WHERE EXISTS (SELECT 1 FROM json_each"
                        " (a.claims) WHERE value = '%s')", number);
  g_assert_cmpint (expected, >=, 1);
  after = load (number, fx.officer);
  g_assert_cmpint (after->n_alerts, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  details_fixture_init (&fx);

  g_test_add_func ("/claim-details/claim-and-claimant", test_claim_and_claimant);
  g_test_add_func ("/claim-details/received-on-is-a-real-day", test_received_on_is_a_real_day);
  g_test_add_func ("/claim-details/documents", test_documents);
  g_test_add_func ("/claim-details/refetched-documents-shown-once",
                   test_refetched_documents_shown_once);
  g_test_add_func ("/claim-details/verifications-and-findings", test_verifications_and_findings);
  g_test_add_func ("/claim-details/evaluation", test_evaluation);
  g_test_add_func ("/claim-details/seeded-decision", test_seeded_decision);
  g_test_add_func ("/claim-details/actions-follow-workflow", test_actions_follow_workflow);
  g_test_add_func ("/claim-details/actions-table", test_actions_table);
  g_test_add_func ("/claim-details/not-found", test_not_found);
  g_test_add_func ("/claim-details/async", test_async);
  g_test_add_func ("/claim-details/alerts", test_alerts);

  status = g_test_run ();
  details_fixture_clear (&fx);
  return status;
}
