/* cd-review.c — a proposal's risk score, the office's review rule and the keyed draw. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cd-access.h"
#include "cd-audit-log.h"
#include "cd-office-settings.h"
#include "cd-review.h"
#include "cd-settings.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-review-error-quark, cd_review_error)

/* --- The rule --------------------------------------------------------------------------------- */

static guint
read_uint (CdDatabase *db,
           const char *key,
           guint       default_value,
           guint       maximum)
{
  gint64 value = cd_settings_get_int64 (db, key, default_value, NULL);

  if (value < 0)
    return default_value;
  return (guint) MIN (value, (gint64) maximum);
}

void
cd_review_rule_read (CdDatabase   *db,
                     CdReviewRule *out)
{
  g_autofree char *enabled = NULL;

  g_return_if_fail (CD_IS_DATABASE (db));
  g_return_if_fail (out != NULL);

  enabled = cd_settings_dup_text (db, CD_SETTING_REVIEW_ENABLED, NULL, NULL);
  out->enabled = enabled != NULL ? g_str_equal (enabled, "on") : CD_DEFAULT_REVIEW_ENABLED;
  out->new_officer_decisions = read_uint (db, CD_SETTING_REVIEW_NEW_DECISIONS,
                                          CD_DEFAULT_REVIEW_NEW_DECISIONS,
                                          CD_REVIEW_MAX_NEW_DECISIONS);
  out->new_officer_months = read_uint (db, CD_SETTING_REVIEW_NEW_MONTHS,
                                       CD_DEFAULT_REVIEW_NEW_MONTHS, CD_REVIEW_MAX_NEW_MONTHS);
  out->share_percent = read_uint (db, CD_SETTING_REVIEW_SHARE, CD_DEFAULT_REVIEW_SHARE, 100);
  out->score_threshold = read_uint (db, CD_SETTING_REVIEW_SCORE, CD_DEFAULT_REVIEW_SCORE, 100);
}

static char *
rule_to_json (const CdReviewRule *rule)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "review_enabled");
  json_builder_add_boolean_value (builder, rule->enabled);
  json_builder_set_member_name (builder, "review_new_officer_decisions");
  json_builder_add_int_value (builder, rule->new_officer_decisions);
  json_builder_set_member_name (builder, "review_new_officer_months");
  json_builder_add_int_value (builder, rule->new_officer_months);
  json_builder_set_member_name (builder, "review_share_percent");
  json_builder_add_int_value (builder, rule->share_percent);
  json_builder_set_member_name (builder, "review_score_threshold");
  json_builder_add_int_value (builder, rule->score_threshold);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
save_failed (GError       **error,
             const GError  *cause)
{
  g_set_error (error, CD_REVIEW_ERROR, CD_REVIEW_ERROR_FAILED,
               _("The review rule could not be saved: %s"), cause->message);
  return FALSE;
}

gboolean
cd_review_rule_write (CdDatabase          *database,
                      CdSession           *session,
                      const CdReviewRule  *rule,
                      GError             **error)
{
  CdReviewRule before = { 0 };
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autoptr(GError) local_error = NULL;
  CdAuditEntry entry = { 0 };

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (!cd_access_require (session, CD_ACCESS_REVIEW_RULE, error))
    return FALSE;
  if (rule->share_percent > 100 || rule->score_threshold > 100)
    {
      g_set_error (error, CD_REVIEW_ERROR, CD_REVIEW_ERROR_INVALID,
                   _("The review share and score must be at most 100, not %u and %u."),
                   rule->share_percent, rule->score_threshold);
      return FALSE;
    }
  if (rule->new_officer_decisions > CD_REVIEW_MAX_NEW_DECISIONS
      || rule->new_officer_months > CD_REVIEW_MAX_NEW_MONTHS)
    {
      g_set_error (error, CD_REVIEW_ERROR, CD_REVIEW_ERROR_INVALID,
                   _("A new officer is one with fewer than at most %d decisions or %d months, "
                     "not %u decisions or %u months."),
                   CD_REVIEW_MAX_NEW_DECISIONS, CD_REVIEW_MAX_NEW_MONTHS,
                   rule->new_officer_decisions, rule->new_officer_months);
      return FALSE;
    }

  if (!cd_database_begin_immediate (database, &local_error))
    return save_failed (error, local_error);
  cd_review_rule_read (database, &before);
  if (before.enabled == rule->enabled
      && before.new_officer_decisions == rule->new_officer_decisions
      && before.new_officer_months == rule->new_officer_months
      && before.share_percent == rule->share_percent
      && before.score_threshold == rule->score_threshold)
    {
      cd_database_rollback (database);
      return TRUE;
    }
  before_text = rule_to_json (&before);
  after_text = rule_to_json (rule);
  entry.user_id = cd_session_get_user_id (session);
  entry.action = "settings.change";
  entry.entity = "settings";
  entry.before = before_text;
  entry.after = after_text;
  if (!cd_settings_set_text (database, CD_SETTING_REVIEW_ENABLED, rule->enabled ? "on" : "off",
                             &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_REVIEW_NEW_DECISIONS,
                                 rule->new_officer_decisions, &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_REVIEW_NEW_MONTHS,
                                 rule->new_officer_months, &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_REVIEW_SHARE, rule->share_percent,
                                 &local_error)
      || !cd_settings_set_int64 (database, CD_SETTING_REVIEW_SCORE, rule->score_threshold,
                                 &local_error))
    {
      cd_database_rollback (database);
      return save_failed (error, local_error);
    }
  if (!cd_audit_log_append (database, &entry, error))
    {
      cd_database_rollback (database);
      return FALSE;
    }
  if (!cd_database_commit (database, &local_error))
    {
      cd_database_rollback (database);
      return save_failed (error, local_error);
    }
  return TRUE;
}

static void
fill_rule (CdDatabase *reader,
           gpointer    rule)
{
  cd_review_rule_read (reader, rule);
}

void
cd_review_rule_read_async (const char          *db_path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  cd_office_rules_read_async (db_path, sizeof (CdReviewRule), fill_rule,
                              cd_review_rule_read_async, cancellable, callback, user_data);
}

CdReviewRule *
cd_review_rule_read_finish (GAsyncResult  *result,
                            GError       **error)
{
  return cd_office_rules_read_finish (result, error);
}

typedef struct
{
  CdDatabase   *db;
  CdSession    *session;
  CdReviewRule  rule;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_object_unref (job->db);
  g_object_unref (job->session);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (cd_review_rule_write (job->db, job->session, &job->rule, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_review_rule_write_async (CdDatabase          *writer,
                            CdSession           *session,
                            const CdReviewRule  *rule,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_SESSION (session));
  g_return_if_fail (rule != NULL);

  job = g_new0 (WriteJob, 1);
  job->db = g_object_ref (writer);
  job->session = g_object_ref (session);
  job->rule = *rule;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_review_rule_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  cd_database_run_in_thread (writer, task, write_thread);
}

gboolean
cd_review_rule_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- The score -------------------------------------------------------------------------------- */

/* Points of the score (docs/workflow.md). An open alert weighs most: it names this claim in a
 * pattern the office has not explained. A finding that is an error (a dead claimant, a serial
 * used twice) weighs more than a warning. The amount counts against the office's own "large"
 * amount, its two-supervisor threshold. A new officer's work carries more risk of mistakes. */
#define ALERT_POINTS       30
#define ALERT_MAX          60
#define ERROR_POINTS       20
#define WARNING_POINTS      5
#define FINDING_MAX        40
#define LARGE_POINTS       20
#define HALF_LARGE_POINTS  10
#define FEW_DECISIONS_POINTS 15
#define YOUNG_ACCOUNT_POINTS 10

static gboolean
is_new_by_decisions (const CdReviewRule *rule,
                     const CdRiskScore  *score)
{
  return rule->new_officer_decisions > 0 && score->officer_decisions < rule->new_officer_decisions;
}

static gboolean
is_new_by_months (const CdReviewRule *rule,
                  const CdRiskScore  *score)
{
  return rule->new_officer_months > 0 && score->officer_months < rule->new_officer_months;
}

void
cd_risk_score_compute (CdRiskScore        *score,
                       const CdReviewRule *rule)
{
  g_return_if_fail (score != NULL && rule != NULL);

  score->alert_points = MIN (score->n_alerts * ALERT_POINTS, ALERT_MAX);
  score->finding_points = MIN (score->n_finding_errors * ERROR_POINTS
                               + score->n_finding_warnings * WARNING_POINTS, FINDING_MAX);
  if (score->large_amount > 0 && score->amount >= score->large_amount)
    score->amount_points = LARGE_POINTS;
  else if (score->large_amount > 0 && score->amount >= score->large_amount / 2)
    score->amount_points = HALF_LARGE_POINTS;
  else
    score->amount_points = 0;
  score->experience_points = (is_new_by_decisions (rule, score) ? FEW_DECISIONS_POINTS : 0)
                             + (is_new_by_months (rule, score) ? YOUNG_ACCOUNT_POINTS : 0);
  score->score = MIN (score->alert_points + score->finding_points + score->amount_points
                      + score->experience_points, 100);
}

static gboolean
read_failed (GError     **error,
             GError      *cause,
             gint64       claim_id)
{
  g_set_error (error, CD_REVIEW_ERROR, CD_REVIEW_ERROR_FAILED,
               _("The risk of claim %lld could not be read: %s"), (long long) claim_id,
               cause != NULL ? cause->message : "");
  g_clear_error (&cause);
  return FALSE;
}

/* Runs `sql` with ?1 = a and, when it has one, ?2 = b (text when b_text is set), and reads up to
 * two integers. */
static gboolean
read_ints (CdDatabase  *db,
           const char  *sql,
           gint64       a,
           gboolean     has_b,
           gint64       b,
           const char  *b_text,
           gint64      *x,
           gint64      *y,
           GError     **error)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, error);
  CdStep step;

  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, a);
  if (has_b && b_text != NULL)
    cd_statement_bind_text (stmt, 2, b_text);
  else if (has_b)
    cd_statement_bind_int64 (stmt, 2, b);
  step = cd_statement_step (stmt, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  *x = step == CD_STEP_ROW ? cd_statement_get_int64 (stmt, 0) : 0;
  if (y != NULL)
    *y = step == CD_STEP_ROW ? cd_statement_get_int64 (stmt, 1) : 0;
  return TRUE;
}

gboolean
cd_risk_score_read (CdDatabase          *db,
                    gint64               claim_id,
                    gint64               officer_id,
                    gint64               amount,
                    const char          *at,
                    const CdReviewRule  *rule,
                    CdRiskScore         *out,
                    GError             **error)
{
  GError *local_error = NULL;
  gint64 alerts = 0, errors = 0, warnings = 0, decisions = 0, months = 0;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (at != NULL && rule != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  /* An alert names its claims by number (alerts.claims); one explained is answered. */
  if (!read_ints (db,
                  "SELECT count(*) FROM alerts a WHERE a.state <> 'explained' AND EXISTS"
                  " (SELECT 1 FROM json_each (a.claims) j"
                  "  WHERE j.value = (SELECT number FROM claims WHERE id = ?1))",
                  claim_id, FALSE, 0, NULL, &alerts, NULL, &local_error)
      /* The findings of the newest cross-check, as the claim view shows them: the claim's, or
       * the claimant's made before the claim existed. */
      || !read_ints (db,
                     "SELECT coalesce (sum (json_extract (j.value, '$.severity') = 'error'), 0),"
                     " coalesce (sum (json_extract (j.value, '$.severity') = 'warning'), 0)"
                     " FROM (SELECT v.discrepancies FROM verifications v, claims c"
                     "       WHERE c.id = ?1 AND v.source = 'cross_check'"
                     "       AND (v.claim_id = c.id"
                     "            OR (v.claim_id IS NULL AND v.person_id = c.claimant_id))"
                     "       ORDER BY v.checked_at DESC, v.id DESC LIMIT 1) x,"
                     " json_each (x.discrepancies) j",
                     claim_id, FALSE, 0, NULL, &errors, &warnings, &local_error)
      || !read_ints (db,
                     "SELECT count (DISTINCT claim_id) FROM decisions"
                     " WHERE proposed_by = ?1 AND claim_id <> ?2",
                     officer_id, TRUE, claim_id, NULL, &decisions, NULL, &local_error)
      || !read_ints (db,
                     "SELECT CAST ((julianday (?2) - julianday (created_at)) / 30.436875"
                     " AS INTEGER) FROM users WHERE id = ?1",
                     officer_id, TRUE, 0, at, &months, NULL, &local_error))
    return read_failed (error, local_error, claim_id);

  out->n_alerts = (guint) CLAMP (alerts, 0, G_MAXUINT);
  out->n_finding_errors = (guint) CLAMP (errors, 0, G_MAXUINT);
  out->n_finding_warnings = (guint) CLAMP (warnings, 0, G_MAXUINT);
  out->amount = amount;
  out->large_amount = cd_office_settings_get_approval_threshold (db);
  out->officer_decisions = (guint) CLAMP (decisions, 0, G_MAXUINT);
  out->officer_months = (guint) CLAMP (months, 0, G_MAXUINT);
  cd_risk_score_compute (out, rule);
  return TRUE;
}

static const struct
{
  const char *name;
  gsize       offset;
  gboolean    is_int64;
} score_fields[] = {
  { "alerts", G_STRUCT_OFFSET (CdRiskScore, n_alerts), FALSE },
  { "finding_errors", G_STRUCT_OFFSET (CdRiskScore, n_finding_errors), FALSE },
  { "finding_warnings", G_STRUCT_OFFSET (CdRiskScore, n_finding_warnings), FALSE },
  { "amount", G_STRUCT_OFFSET (CdRiskScore, amount), TRUE },
  { "large_amount", G_STRUCT_OFFSET (CdRiskScore, large_amount), TRUE },
  { "officer_decisions", G_STRUCT_OFFSET (CdRiskScore, officer_decisions), FALSE },
  { "officer_months", G_STRUCT_OFFSET (CdRiskScore, officer_months), FALSE },
  { "alert_points", G_STRUCT_OFFSET (CdRiskScore, alert_points), FALSE },
  { "finding_points", G_STRUCT_OFFSET (CdRiskScore, finding_points), FALSE },
  { "amount_points", G_STRUCT_OFFSET (CdRiskScore, amount_points), FALSE },
  { "experience_points", G_STRUCT_OFFSET (CdRiskScore, experience_points), FALSE },
  { "score", G_STRUCT_OFFSET (CdRiskScore, score), FALSE },
};

char *
cd_risk_score_to_json (const CdRiskScore *score)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (score != NULL, NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (score_fields); i++)
    {
      const guint8 *field = (const guint8 *) score + score_fields[i].offset;

      json_builder_set_member_name (builder, score_fields[i].name);
      json_builder_add_int_value (builder, score_fields[i].is_int64 ? *(const gint64 *) field
                                                                    : *(const guint *) field);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
cd_risk_score_from_json (const char  *json,
                         CdRiskScore *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (score_fields); i++)
    {
      guint8 *field = (guint8 *) out + score_fields[i].offset;
      gint64 value = json_object_get_int_member_with_default (object, score_fields[i].name, 0);

      if (score_fields[i].is_int64)
        *(gint64 *) field = value;
      else
        *(guint *) field = (guint) CLAMP (value, 0, G_MAXUINT);
    }
  return TRUE;
}

/* --- The draw and the sample ------------------------------------------------------------------ */

guint
cd_review_draw (const guint8 *key,
                gsize         key_len,
                const char   *claim_number)
{
  guint8 hash[8];
  guint64 value = 0;

  g_return_val_if_fail (key != NULL && key_len >= crypto_generichash_KEYBYTES_MIN
                        && key_len <= crypto_generichash_KEYBYTES_MAX, 0);
  g_return_val_if_fail (claim_number != NULL, 0);

  crypto_generichash (hash, sizeof hash, (const guint8 *) claim_number, strlen (claim_number), key,
                      key_len);
  for (guint i = 0; i < sizeof hash; i++)
    value = value << 8 | hash[i];
  /* 2^64 is so much larger than 10,000 that the remainder is as good as uniform. */
  return (guint) (value % 10000);
}

CdReviewReasons
cd_review_rule_sample (const CdReviewRule *rule,
                       const CdRiskScore  *score,
                       guint               draw)
{
  CdReviewReasons reasons = CD_REVIEW_REASON_NONE;

  g_return_val_if_fail (rule != NULL && score != NULL, CD_REVIEW_REASON_NONE);

  if (!rule->enabled)
    return CD_REVIEW_REASON_NONE;
  if (is_new_by_decisions (rule, score) || is_new_by_months (rule, score))
    reasons |= CD_REVIEW_REASON_NEW_OFFICER;
  if (rule->score_threshold > 0 && score->score >= rule->score_threshold)
    reasons |= CD_REVIEW_REASON_SCORE;
  if (!(reasons & CD_REVIEW_REASON_NEW_OFFICER) && draw < rule->share_percent * 100)
    reasons |= CD_REVIEW_REASON_DRAWN;
  return reasons;
}

static const struct
{
  CdReviewReasons  reason;
  const char      *name;
} reason_names[] = {
  { CD_REVIEW_REASON_NEW_OFFICER, "new_officer" },
  { CD_REVIEW_REASON_SCORE, "score" },
  { CD_REVIEW_REASON_DRAWN, "drawn" },
};

char *
cd_review_reasons_to_json (CdReviewReasons reasons)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < G_N_ELEMENTS (reason_names); i++)
    if (reasons & reason_names[i].reason)
      g_string_append_printf (text, "%s\"%s\"", text->len > 1 ? "," : "", reason_names[i].name);
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

CdReviewReasons
cd_review_reasons_from_json (const char *json)
{
  CdReviewReasons reasons = CD_REVIEW_REASON_NONE;

  for (guint i = 0; json != NULL && i < G_N_ELEMENTS (reason_names); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", reason_names[i].name);

      if (strstr (json, quoted) != NULL)
        reasons |= reason_names[i].reason;
    }
  return reasons;
}

char *
cd_review_describe (CdReviewReasons     reasons,
                    const CdRiskScore  *score)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (score != NULL, NULL);

  if (reasons & CD_REVIEW_REASON_NEW_OFFICER)
    g_string_append_printf (text, _("A new officer’s proposal (%u earlier proposals, account "
                                    "%u months old): all of them are reviewed."),
                            score->officer_decisions, score->officer_months);
  if (reasons & CD_REVIEW_REASON_SCORE)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                            _("Its risk score is at or above the office’s review score."));
  if (reasons & CD_REVIEW_REASON_DRAWN)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                            _("Drawn in the office’s review share."));
  g_string_append_printf (text, "%s", text->len > 0 ? "\n" : "");
  g_string_append_printf (text, _("Risk score %u of 100: open alerts %u (%u points), findings "
                                  "%u errors and %u warnings (%u points), amount (%u points), "
                                  "experience (%u points)."),
                          score->score, score->n_alerts, score->alert_points,
                          score->n_finding_errors, score->n_finding_warnings,
                          score->finding_points, score->amount_points, score->experience_points);
  return g_string_free (text, FALSE);
}

/* --- At a proposal ---------------------------------------------------------------------------- */

/* The office's key, made at random on first use: a key in the store rather than in the code, so
 * that nobody can compute which claims a share draws without the office's file. */
static gboolean
office_key (CdDatabase  *db,
            guint8       key[CD_REVIEW_KEY_SIZE],
            GError     **error)
{
  g_autofree char *hex = cd_settings_dup_text (db, CD_SETTING_REVIEW_KEY, NULL, NULL);

  if (hex != NULL && strlen (hex) == 2 * CD_REVIEW_KEY_SIZE
      && sodium_hex2bin (key, CD_REVIEW_KEY_SIZE, hex, strlen (hex), NULL, NULL, NULL) == 0)
    return TRUE;

  {
    char fresh[2 * CD_REVIEW_KEY_SIZE + 1];

    randombytes_buf (key, CD_REVIEW_KEY_SIZE);
    sodium_bin2hex (fresh, sizeof fresh, key, CD_REVIEW_KEY_SIZE);
    return cd_settings_set_text (db, CD_SETTING_REVIEW_KEY, fresh, error);
  }
}

gboolean
cd_review_record_proposal (CdDatabase  *db,
                           gint64       decision_id,
                           gint64       claim_id,
                           const char  *claim_number,
                           gint64       officer_id,
                           gint64       amount,
                           const char  *at,
                           GError     **error)
{
  CdReviewRule rule = { 0 };
  CdRiskScore score = { 0 };
  CdReviewReasons reasons;
  guint8 key[CD_REVIEW_KEY_SIZE];
  guint draw;
  g_autofree char *parts = NULL;
  g_autofree char *rule_json = NULL;
  g_autofree char *reasons_json = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (claim_number != NULL && at != NULL, FALSE);

  cd_review_rule_read (db, &rule);
  if (!cd_risk_score_read (db, claim_id, officer_id, amount, at, &rule, &score, error))
    return FALSE;
  if (!office_key (db, key, &local_error))
    return read_failed (error, local_error, claim_id);
  draw = cd_review_draw (key, sizeof key, claim_number);
  sodium_memzero (key, sizeof key);
  reasons = cd_review_rule_sample (&rule, &score, draw);

  parts = cd_risk_score_to_json (&score);
  rule_json = rule_to_json (&rule);
  reasons_json = cd_review_reasons_to_json (reasons);
  stmt = cd_database_prepare (db,
                              "INSERT INTO decision_risk (decision_id, score, parts, draw, rule,"
                              " sampled, reasons, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              &local_error);
  if (stmt == NULL)
    return read_failed (error, local_error, claim_id);
  cd_statement_bind_int64 (stmt, 1, decision_id);
  cd_statement_bind_int64 (stmt, 2, score.score);
  cd_statement_bind_text (stmt, 3, parts);
  cd_statement_bind_int64 (stmt, 4, draw);
  cd_statement_bind_text (stmt, 5, rule_json);
  cd_statement_bind_int64 (stmt, 6, reasons != CD_REVIEW_REASON_NONE);
  cd_statement_bind_text (stmt, 7, reasons_json);
  cd_statement_bind_text (stmt, 8, at);
  if (!cd_statement_run (stmt, &local_error))
    return read_failed (error, local_error, claim_id);
  return TRUE;
}

gboolean
cd_review_read_state (CdDatabase     *db,
                      gint64          decision_id,
                      CdReviewState  *out,
                      GError        **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = cd_database_prepare (db,
                              "SELECT parts, draw, sampled, reasons FROM decision_risk"
                              " WHERE decision_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, decision_id);
  step = cd_statement_step (stmt, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (step == CD_STEP_DONE)
    return TRUE;
  out->scored = TRUE;
  cd_risk_score_from_json (cd_statement_get_text (stmt, 0), &out->score);
  out->draw = (guint) cd_statement_get_int (stmt, 1);
  out->sampled = cd_statement_get_int (stmt, 2) != 0;
  out->reasons = cd_review_reasons_from_json (cd_statement_get_text (stmt, 3));
  return TRUE;
}

gboolean
cd_review_was_opened (CdDatabase  *db,
                      gint64       decision_id,
                      gint64       user_id,
                      gboolean    *opened,
                      GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (opened != NULL, FALSE);

  stmt = cd_database_prepare (db,
                              "SELECT 1 FROM decision_reviews"
                              " WHERE decision_id = ? AND user_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, decision_id);
  cd_statement_bind_int64 (stmt, 2, user_id);
  step = cd_statement_step (stmt, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  *opened = step == CD_STEP_ROW;
  return TRUE;
}
