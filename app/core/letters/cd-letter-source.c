/* cd-letter-source.c — reading what a decision letter shows from the store (see the header). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-claim-types.h"
#include "cd-date.h"
#include "cd-json-util.h"
#include "cd-letter-source.h"
#include "cd-settings.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-letter-source-error-quark, cd_letter_source_error)

/* Vietnam keeps UTC+7 all year: a decision frozen at 20:00Z is dated the next day in Hà Nội. */
#define VIETNAM_UTC_OFFSET (7 * 3600)

struct _CdLetterSource
{
  CdLetterData  data;      /* its pointers point into `strings`, `result` and `facts` */
  GPtrArray    *strings;
  JsonNode     *result;    /* an object: "claimdesk-result-1" */
  JsonNode     *facts;     /* the evaluation's facts, for their "case"; may be NULL */
  gint64        total;
};

/* What the queries found, before it becomes letter data. */
typedef struct
{
  const char *number;
  gint64      claim_id;
  char       *status;
  gint64      office_id;
  gint64      approved_id;    /* the frozen approved decision, or 0 */
  gint64      proposed_id;    /* else the newest proposed decision, or 0 */
  gint64      evaluation_id;  /* the evaluation of that decision, or 0 */
  gint64      proposer_id;
  char       *proposed_at;
  char       *frozen_at;
  char       *payload;
} Claim;

static void
claim_clear (Claim *claim)
{
  g_free (claim->status);
  g_free (claim->proposed_at);
  g_free (claim->frozen_at);
  g_free (claim->payload);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Claim, claim_clear)

/* ---- small helpers -------------------------------------------------------------------------- */

static const char *
keep (CdLetterSource *self,
      char           *owned)
{
  if (owned != NULL)
    g_ptr_array_add (self->strings, owned);
  return owned;
}

static const char *
keep_column (CdLetterSource *self,
             CdStatement    *stmt,
             int             column)
{
  const char *text = cd_statement_get_text (stmt, column);

  return text != NULL ? keep (self, g_strdup (text)) : NULL;
}

static gboolean
query_failed (GError       **error,
              const GError  *cause,
              const char    *claim_number)
{
  g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_QUERY,
               _("Cannot read claim %s from the store: %s"), claim_number, cause->message);
  return FALSE;
}

/* The statement, or NULL with the error naming the claim. */
static CdStatement *
prepare (CdDatabase  *db,
         const char  *sql,
         Claim       *claim,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStatement *stmt = cd_database_prepare (db, sql, &local_error);

  if (stmt == NULL)
    query_failed (error, local_error, claim->number);
  return stmt;
}

/* One step; CD_STEP_FAILED with the error naming the claim. */
static CdStep
step (CdStatement  *stmt,
      Claim        *claim,
      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStep result = cd_statement_step (stmt, &local_error);

  if (result == CD_STEP_FAILED)
    query_failed (error, local_error, claim->number);
  return result;
}

typedef enum
{
  STORED_PAYLOAD,
  STORED_RESULT,
  STORED_FACTS,
} Stored;

static gboolean
damaged (GError     **error,
         const char  *claim_number,
         Stored       what,
         const char  *detail)
{
  switch (what)
    {
    case STORED_PAYLOAD:
      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_DAMAGED,
                   _("The frozen decision of claim %s is damaged: %s"), claim_number, detail);
      break;
    case STORED_RESULT:
      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_DAMAGED,
                   _("The evaluation result of claim %s is damaged: %s"), claim_number, detail);
      break;
    case STORED_FACTS:
      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_DAMAGED,
                   _("The evaluation facts of claim %s are damaged: %s"), claim_number, detail);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* "2026-11-22T20:05:06Z" → the date in Vietnam, "2026-11-23"; a plain date stays as it is. */
static char *
local_date (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (timestamp == NULL)
    return NULL;
  if (strlen (timestamp) == 10)
    return g_strdup (timestamp);
  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return strlen (timestamp) > 10 ? g_strndup (timestamp, 10) : NULL;
  zone = g_time_zone_new_offset (VIETNAM_UTC_OFFSET);
  local = g_date_time_to_timezone (utc, zone);
  return cd_date_to_string (cd_date_from_date_time (local));
}

/* A JSON text that must be an object; NULL (with `error` set) otherwise. */
static JsonNode *
parse_object (const char  *text,
              const char  *claim_number,
              Stored       what,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      damaged (error, claim_number, what,
               local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      damaged (error, claim_number, what, _("it is not a JSON object"));
      return NULL;
    }
  return json_node_copy (root);
}

/* The frozen payload writes a half day as the text "2.50" (canonical JSON has no floats): the
 * letter's numbers are numbers again. */
static JsonNode *
thawed_copy (JsonNode *node)
{
  static const char * const numeric[] = { "amount", "base", "days", "divisor", "months", NULL };

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      g_autoptr(JsonArray) out = json_array_sized_new (json_array_get_length (in));

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, thawed_copy (json_array_get_element (in, i)));
      return json_node_init_array (json_node_alloc (), out);
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      g_autoptr(JsonObject) out = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, in);
      while (json_object_iter_next (&iter, &name, &member))
        {
          const char *text = JSON_NODE_HOLDS_VALUE (member)
                             && json_node_get_value_type (member) == G_TYPE_STRING
                             ? json_node_get_string (member) : NULL;
          char *end = NULL;
          double value = text != NULL ? g_ascii_strtod (text, &end) : 0;

          if (text != NULL && g_strv_contains (numeric, name) && end != text && *end == '\0')
            json_object_set_double_member (out, name, value);
          else
            json_object_set_member (out, name, thawed_copy (member));
        }
      return json_node_init_object (json_node_alloc (), out);
    }
  return json_node_copy (node);
}

/* ---- the queries ----------------------------------------------------------------------------- */

/* The claim, its claimant, employer and office: the parts every letter has. */
static gboolean
load_claim (CdLetterSource  *self,
            CdDatabase      *db,
            Claim           *claim,
            GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdLetterData *data = &self->data;
  CdStep result;

  stmt = prepare (db,
                  "SELECT c.id, s.name, b.name, p.full_name, p.sex, p.personal_id,"
                  " p.si_code, p.birth_date, coalesce (ce.name, pe.name), o.id, o.code,"
                  " o.name, pr.name"
                  " FROM claims c"
                  " JOIN claim_statuses s ON s.code = c.status"
                  " JOIN benefit_cases b ON b.code = c.benefit"
                  " JOIN persons p ON p.id = c.claimant_id"
                  " LEFT JOIN employers ce ON ce.id = c.employer_id"
                  " LEFT JOIN employers pe ON pe.id = p.employer_id"
                  " JOIN offices o ON o.id = c.office_id"
                  " LEFT JOIN provinces pr ON pr.code = o.province_code"
                  " WHERE c.number = ?",
                  claim, error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, claim->number);
  result = step (stmt, claim, error);
  if (result == CD_STEP_FAILED)
    return FALSE;
  if (result == CD_STEP_DONE)
    {
      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_UNKNOWN_CLAIM,
                   _("No claim numbered “%s” in this store"), claim->number);
      return FALSE;
    }
  claim->claim_id = cd_statement_get_int64 (stmt, 0);
  claim->status = cd_statement_dup_text (stmt, 1);
  data->benefit = keep_column (self, stmt, 2);
  data->claimant_name = keep_column (self, stmt, 3);
  data->claimant_sex = keep_column (self, stmt, 4);
  data->claimant_personal_id = keep_column (self, stmt, 5);
  data->claimant_si_code = keep_column (self, stmt, 6);
  data->claimant_birth_date = keep_column (self, stmt, 7);
  data->employer_name = keep_column (self, stmt, 8);
  claim->office_id = cd_statement_get_int64 (stmt, 9);
  data->office_code = keep_column (self, stmt, 10);
  data->office_name = keep_column (self, stmt, 11);
  data->office_place = keep_column (self, stmt, 12);

  /* The body the office answers to, read through the settings' one reader. */
  data->office_parent = keep (self, cd_settings_dup_text (db, CD_SETTING_OFFICE_PARENT, NULL,
                                                          &local_error));
  if (local_error != NULL)
    return query_failed (error, local_error, claim->number);
  return TRUE;
}

/* The frozen approved decision; else, for a proposed claim, the proposal. */
static gboolean
load_decision (CdDatabase  *db,
               Claim       *claim,
               GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep result;

  stmt = prepare (db,
                  "SELECT id, state, coalesce (evaluation_id, 0), proposed_by,"
                  " proposed_at, frozen_at, payload FROM decisions"
                  " WHERE claim_id = ?1"
                  " AND ((state = 'approved' AND frozen_at IS NOT NULL)"
                  "   OR (state = 'proposed' AND ?2))"
                  " ORDER BY state = 'approved' DESC, id DESC LIMIT 1",
                  claim, error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->claim_id);
  cd_statement_bind_int64 (stmt, 2, g_strcmp0 (claim->status, "proposed") == 0);
  result = step (stmt, claim, error);
  if (result == CD_STEP_ROW)
    {
      gint64 id = cd_statement_get_int64 (stmt, 0);

      if (g_strcmp0 (cd_statement_get_text (stmt, 1), "approved") == 0)
        claim->approved_id = id;
      else
        claim->proposed_id = id;
      claim->evaluation_id = cd_statement_get_int64 (stmt, 2);
      claim->proposer_id = cd_statement_get_int64 (stmt, 3);
      claim->proposed_at = cd_statement_dup_text (stmt, 4);
      claim->frozen_at = cd_statement_dup_text (stmt, 5);
      claim->payload = cd_statement_dup_text (stmt, 6);
    }
  return result != CD_STEP_FAILED;
}

/* One evaluation (by id; 0: the claim's newest): its result and facts texts. */
static gboolean
load_evaluation (CdDatabase  *db,
                 Claim       *claim,
                 gint64       evaluation_id,
                 char       **result,
                 char       **facts,
                 GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep stepped;

  stmt = prepare (db,
                  "SELECT result, facts FROM evaluations"
                  " WHERE (?1 <> 0 AND id = ?1) OR (?1 = 0 AND claim_id = ?2)"
                  " ORDER BY evaluated_at DESC, id DESC LIMIT 1",
                  claim, error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, evaluation_id);
  cd_statement_bind_int64 (stmt, 2, claim->claim_id);
  stepped = step (stmt, claim, error);
  if (stepped == CD_STEP_ROW)
    {
      *result = cd_statement_dup_text (stmt, 0);
      *facts = cd_statement_dup_text (stmt, 1);
    }
  return stepped != CD_STEP_FAILED;
}

/* The proposer's name, from users. */
static gboolean
load_proposer (CdLetterSource  *self,
               CdDatabase      *db,
               Claim           *claim,
               GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep result;

  stmt = prepare (db, "SELECT full_name FROM users WHERE id = ?", claim, error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->proposer_id);
  result = step (stmt, claim, error);
  if (result == CD_STEP_FAILED)
    return FALSE;
  if (result == CD_STEP_ROW)
    self->data.proposer.name = keep_column (self, stmt, 0);
  self->data.proposer.date = keep (self, local_date (claim->proposed_at));
  return TRUE;
}

/* The approvers from the approvals table, for a payload that does not name them. */
static gboolean
load_approvals (CdLetterSource  *self,
                CdDatabase      *db,
                Claim           *claim,
                GError         **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  guint n = 0;
  CdStep result = CD_STEP_FAILED;

  stmt = prepare (db,
                  "SELECT u.full_name, a.approved_at FROM approvals a"
                  " JOIN users u ON u.id = a.approver_id"
                  " WHERE a.decision_id = ? ORDER BY a.approved_at, a.approver_id",
                  claim, error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim->approved_id);
  while (n < CD_LETTER_MAX_APPROVERS && (result = step (stmt, claim, error)) == CD_STEP_ROW)
    {
      self->data.approvers[n].name = keep_column (self, stmt, 0);
      self->data.approvers[n].date = keep (self, local_date (cd_statement_get_text (stmt, 1)));
      n++;
    }
  return result != CD_STEP_FAILED;
}

/* ---- the frozen payload ---------------------------------------------------------------------- */

/* The letter's result from a frozen payload, with what only the evaluation knows (unpaid periods,
 * reasons, assumptions, required documents) added from `evaluation` when there is one. */
static gboolean
result_from_payload (CdLetterSource  *self,
                     CdDatabase      *db,
                     Claim           *claim,
                     JsonObject      *payload,
                     JsonObject      *evaluation,
                     GError         **error)
{
  static const char * const explained[] = { "unpaid", "reasons", "assumptions",
                                            "required_documents" };
  const char *format = cd_json_member_string (payload, "format");
  g_autoptr(JsonObject) result = json_object_new ();
  JsonObject *claimant = cd_json_member_object (payload, "claimant");
  gint64 total = 0, lump_sum = 0;

  json_object_set_string_member (result, "format", "claimdesk-result-1");
  if (cd_json_member_string (payload, "benefit") != NULL)
    json_object_set_string_member (result, "benefit", cd_json_member_string (payload, "benefit"));

  if (g_strcmp0 (format, "claimdesk-decision-2") == 0)
    {
      JsonObject *frozen = cd_json_member_object (payload, "evaluation");
      JsonNode *lines = frozen != NULL && json_object_has_member (frozen, "lines")
                        ? json_object_get_member (frozen, "lines") : NULL;
      JsonArray *approvers = cd_json_member_array (payload, "approvers");

      if (lines == NULL || !JSON_NODE_HOLDS_ARRAY (lines)
          || !cd_json_member_get_int (frozen, "total", &total))
        return damaged (error, claim->number, STORED_PAYLOAD,
                        _("its evaluation has no lines or no total"));
      cd_json_member_get_int (frozen, "lump_sum", &lump_sum);
      json_object_set_member (result, "lines", thawed_copy (lines));
      if (json_object_has_member (frozen, "eligible"))
        json_object_set_member (result, "eligible",
                                json_node_copy (json_object_get_member (frozen, "eligible")));
      if (cd_json_member_string (frozen, "rulepack") != NULL)
        json_object_set_string_member (result, "rulepack",
                                       cd_json_member_string (frozen, "rulepack"));

      for (guint i = 0; approvers != NULL && i < json_array_get_length (approvers)
                        && i < CD_LETTER_MAX_APPROVERS; i++)
        {
          JsonObject *approver = cd_json_array_get_object (approvers, i);
          const char *name = cd_json_member_string (approver, "name");
          const char *approved_at = cd_json_member_string (approver, "approved_at");

          if (name == NULL)
            return damaged (error, claim->number, STORED_PAYLOAD,
                            _("an approver has no name"));
          self->data.approvers[i].name = keep (self, g_strdup (name));
          self->data.approvers[i].date = keep (self, local_date (approved_at));
        }
      self->data.decision_date = keep (self, local_date (cd_json_member_string (payload,
                                                                                "decided_at")));
      if (self->data.approvers[0].name == NULL && !load_approvals (self, db, claim, error))
        return FALSE;
    }
  else if (g_strcmp0 (format, "claimdesk-decision-1") == 0)
    {
      /* The first format froze the amount only: one line carries it, over the claim's period. */
      JsonObject *period = cd_json_member_object (payload, "period");
      g_autoptr(JsonObject) line = json_object_new ();
      g_autoptr(JsonArray) lines = json_array_new ();

      if (!cd_json_member_get_int (payload, "total", &total))
        return damaged (error, claim->number, STORED_PAYLOAD, _("it has no total"));
      json_object_set_string_member (line, "code",
                                     cd_json_member_string (payload, "benefit") != NULL
                                     ? cd_json_member_string (payload, "benefit")
                                     : self->data.benefit);
      if (cd_json_member_string (period, "from") != NULL)
        json_object_set_string_member (line, "from", cd_json_member_string (period, "from"));
      if (cd_json_member_string (period, "to") != NULL)
        json_object_set_string_member (line, "to", cd_json_member_string (period, "to"));
      json_object_set_int_member (line, "amount", total);
      json_array_add_object_element (lines, g_steal_pointer (&line));
      json_object_set_array_member (result, "lines", g_steal_pointer (&lines));
      json_object_set_boolean_member (result, "eligible", TRUE);
      if (cd_json_member_string (payload, "rulepack") != NULL)
        json_object_set_string_member (result, "rulepack",
                                       cd_json_member_string (payload, "rulepack"));
      self->data.decision_date = keep (self, local_date (cd_json_member_string (payload,
                                                                                "decided_on")));
      if (!load_approvals (self, db, claim, error))
        return FALSE;
    }
  else
    {
      g_autofree char *detail = g_strdup_printf (_("its format “%s” is not one this version reads"),
                                                 format != NULL ? format : "");
      return damaged (error, claim->number, STORED_PAYLOAD, detail);
    }

  json_object_set_int_member (result, "lump_sum", lump_sum);
  json_object_set_int_member (result, "total", total);
  self->total = total;

  for (guint i = 0; evaluation != NULL && i < G_N_ELEMENTS (explained); i++)
    if (json_object_has_member (evaluation, explained[i]))
      json_object_set_member (result, explained[i],
                              json_node_copy (json_object_get_member (evaluation, explained[i])));

  /* The name and IDs as they were frozen: a later correction of the person does not rewrite it. */
  if (cd_json_member_string (claimant, "name") != NULL)
    self->data.claimant_name = keep (self, g_strdup (cd_json_member_string (claimant, "name")));
  if (cd_json_member_string (claimant, "personal_id") != NULL)
    self->data.claimant_personal_id = keep (self, g_strdup (cd_json_member_string (claimant,
                                                                                   "personal_id")));
  if (cd_json_member_string (claimant, "si_code") != NULL)
    self->data.claimant_si_code = keep (self, g_strdup (cd_json_member_string (claimant,
                                                                               "si_code")));

  if (self->data.decision_date == NULL)
    self->data.decision_date = keep (self, local_date (claim->frozen_at));
  self->result = json_node_init_object (json_node_alloc (), result);
  return TRUE;
}

/* ---- the whole ------------------------------------------------------------------------------- */

static gboolean
load_all (CdLetterSource  *self,
          CdDatabase      *db,
          Claim           *claim,
          GError         **error)
{
  g_autofree char *result_text = NULL;
  g_autofree char *facts_text = NULL;
  g_autoptr(JsonNode) evaluation = NULL;

  if (!load_claim (self, db, claim, error) || !load_decision (db, claim, error))
    return FALSE;

  if (claim->approved_id == 0 && claim->proposed_id == 0)
    {
      CdClaimStatus status;
      const char *label = cd_claim_status_from_string (claim->status, &status)
                          ? cd_claim_status_get_label (status) : claim->status;

      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_NO_DECISION,
                   _("Claim %s has no approved decision and no proposal to write a letter from "
                     "(it is “%s”)"), claim->number, label);
      return FALSE;
    }

  /* A frozen decision without an evaluation (a seeded one) still has its payload; a proposal
   * without its own falls back to the claim's newest evaluation. */
  if ((claim->evaluation_id != 0 || claim->approved_id == 0)
      && !load_evaluation (db, claim, claim->evaluation_id, &result_text, &facts_text, error))
    return FALSE;
  if (result_text != NULL)
    {
      evaluation = parse_object (result_text, claim->number, STORED_RESULT, error);
      if (evaluation == NULL)
        return FALSE;
    }
  if (facts_text != NULL)
    {
      self->facts = parse_object (facts_text, claim->number, STORED_FACTS, error);
      if (self->facts == NULL)
        return FALSE;
      self->data.benefit_case = cd_json_member_object (json_node_get_object (self->facts), "case");
    }

  if (!load_proposer (self, db, claim, error))
    return FALSE;

  if (claim->approved_id != 0)
    {
      g_autoptr(JsonNode) payload = parse_object (claim->payload, claim->number,
                                                  STORED_PAYLOAD, error);

      if (payload == NULL
          || !result_from_payload (self, db, claim, json_node_get_object (payload),
                                   evaluation != NULL ? json_node_get_object (evaluation) : NULL,
                                   error))
        return FALSE;
      self->data.decision_number = keep (self, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                                claim->approved_id));
      return TRUE;
    }

  if (evaluation == NULL)
    {
      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_NO_DECISION,
                   _("Claim %s is proposed but has no evaluation to write a draft letter from"),
                   claim->number);
      return FALSE;
    }
  /* The draft: no number, no date, no approvers yet; the total is the evaluation's. */
  self->data.draft = TRUE;
  self->result = g_steal_pointer (&evaluation);
  cd_json_member_get_int (json_node_get_object (self->result), "total", &self->total);
  return TRUE;
}

CdLetterSource *
cd_letter_source_load (CdDatabase  *db,
                       const char  *claim_number,
                       const char  *language,
                       GError     **error)
{
  g_autoptr(CdLetterSource) self = NULL;
  g_auto(Claim) claim = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction;
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (claim_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (language == NULL)
    language = "vi";
  if (g_strcmp0 (language, "vi") != 0 && g_strcmp0 (language, "en") != 0)
    {
      g_set_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_LANGUAGE,
                   _("Unknown letter language “%s” (expected vi or en)"), language);
      return NULL;
    }

  self = g_new0 (CdLetterSource, 1);
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->data.language = language[0] == 'e' ? "en" : "vi";
  self->data.claim_number = keep (self, g_strdup (claim_number));
  claim.number = self->data.claim_number;

  /* One read transaction, so the claim, its decision and its evaluation are one snapshot. Inside
   * a transaction the caller already has open, that one serves. */
  own_transaction = !cd_database_in_transaction (db);
  if (own_transaction && !cd_database_begin (db, &local_error))
    {
      query_failed (error, local_error, claim_number);
      return NULL;
    }
  ok = load_all (self, db, &claim, error);
  if (own_transaction)
    cd_database_commit (db, NULL);
  if (!ok)
    return NULL;

  self->data.result = json_node_get_object (self->result);
  return g_steal_pointer (&self);
}

const CdLetterData *
cd_letter_source_get_data (CdLetterSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->data;
}

gboolean
cd_letter_source_is_draft (CdLetterSource *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->data.draft;
}

gint64
cd_letter_source_get_total (CdLetterSource *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total;
}

void
cd_letter_source_free (CdLetterSource *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_pointer (&self->facts, json_node_unref);
  g_ptr_array_unref (self->strings);
  g_free (self);
}
