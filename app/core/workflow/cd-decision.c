/* cd-decision.c — freezing an approved decision. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-decision.h"
#include "cd-json-util.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-decision-error-quark, cd_decision_error)

char *
cd_decision_new_uuid (void)
{
  /* g_uuid_string_random is version 4 from a cryptographic-quality source. */
  return g_uuid_string_random ();
}

/* Canonical JSON has no floats; the only non-whole number an evaluation has is a half day, which
 * is frozen as the text "2.5" so its value stays exact. Whole doubles become integers. */
static JsonNode *
exact_copy (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *in = json_node_get_object (node);
        g_autoptr(JsonObject) out = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, in);
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (out, name, exact_copy (member));
        return json_node_init_object (json_node_alloc (), out);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *in = json_node_get_array (node);
        g_autoptr(JsonArray) out = json_array_sized_new (json_array_get_length (in));

        for (guint i = 0; i < json_array_get_length (in); i++)
          json_array_add_element (out, exact_copy (json_array_get_element (in, i)));
        return json_node_init_array (json_node_alloc (), out);
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double value = json_node_get_double (node);
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          if (value == (double) (gint64) value)
            return json_node_init_int (json_node_alloc (), (gint64) value);
          return json_node_init_string (json_node_alloc (),
                                        g_ascii_formatd (text, sizeof text, "%.2f", value));
        }
      return json_node_copy (node);
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* The evaluation object of the payload, canonical, from a rules result (evaluate-contract.md). */
char *
cd_decision_evaluation_json (const char  *result_json,
                             const char  *claim_number,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *result;
  char *canonical;

  if (result_json == NULL || !json_parser_load_from_data (parser, result_json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || !json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "lines"))
    {
      g_set_error (error, CD_DECISION_ERROR, CD_DECISION_ERROR_INVALID,
                   _("The evaluation of claim %s cannot be frozen: it has no result lines."),
                   claim_number);
      return NULL;
    }
  result = json_node_get_object (json_parser_get_root (parser));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "eligible");
  json_builder_add_boolean_value (builder, json_object_get_boolean_member_with_default (
                                               result, "eligible", TRUE));
  json_builder_set_member_name (builder, "lines");
  json_builder_add_value (builder, exact_copy (json_object_get_member (result, "lines")));
  json_builder_set_member_name (builder, "lump_sum");
  json_builder_add_int_value (builder,
                              json_object_get_int_member_with_default (result, "lump_sum", 0));
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder,
                              json_object_get_int_member_with_default (result, "total", 0));
  cd_json_add_string_member (builder, "rulepack",
                             json_object_get_string_member_with_default (result, "rulepack", NULL));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  canonical = cd_canonical_json (root, &local_error);
  if (canonical == NULL)
    g_set_error (error, CD_DECISION_ERROR, CD_DECISION_ERROR_INVALID,
                 _("The decision on claim %s cannot be frozen: %s"), claim_number,
                 local_error->message);
  return canonical;
}

char *
cd_decision_payload (const CdDecisionFacts  *facts,
                     GError                **error)
{
  g_autofree char *evaluation = NULL;
  GString *out;

  g_return_val_if_fail (facts != NULL, NULL);

  if (facts->evaluation_json == NULL)
    {
      evaluation = cd_decision_evaluation_json (facts->result_json, facts->claim_number, error);
      if (evaluation == NULL)
        return NULL;
    }

  /* Written canonical directly, keys in byte order: a million seeded decisions go through here and
   * a JSON tree per decision costs as much as the rest of the seed. The tests check the result is
   * its own canonical form. */
  out = g_string_sized_new (768);
  g_string_append_printf (out, "{\"amount\":%" G_GINT64_FORMAT ",\"approvers\":[", facts->amount);
  for (guint i = 0; i < facts->n_approvers; i++)
    {
      g_string_append (out, i == 0 ? "{\"approved_at\":" : ",{\"approved_at\":");
      cd_canonical_json_append_string (out, facts->approvers[i].approved_at);
      g_string_append (out, ",\"login\":");
      cd_canonical_json_append_string (out, facts->approvers[i].login);
      g_string_append (out, ",\"name\":");
      cd_canonical_json_append_string (out, facts->approvers[i].full_name);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"benefit\":");
  cd_canonical_json_append_string (out, facts->benefit);
  g_string_append (out, ",\"claim\":");
  cd_canonical_json_append_string (out, facts->claim_number);
  g_string_append (out, ",\"claimant\":{\"name\":");
  cd_canonical_json_append_string (out, facts->claimant_name);
  g_string_append (out, ",\"personal_id\":");
  cd_canonical_json_append_string (out, facts->personal_id);
  g_string_append (out, ",\"si_code\":");
  cd_canonical_json_append_string (out, facts->si_code);
  g_string_append (out, "},\"decided_at\":");
  cd_canonical_json_append_string (out, facts->decided_at);
  g_string_append (out, ",\"evaluation\":");
  g_string_append (out, evaluation != NULL ? evaluation : facts->evaluation_json);
  g_string_append (out, ",\"format\":\"claimdesk-decision-2\",\"id\":");
  cd_canonical_json_append_string (out, facts->uuid);
  g_string_append (out, ",\"office\":");
  cd_canonical_json_append_string (out, facts->office_code);
  g_string_append (out, ",\"period\":{\"from\":");
  cd_canonical_json_append_string (out, facts->period_from);
  g_string_append (out, ",\"to\":");
  cd_canonical_json_append_string (out, facts->period_to);
  g_string_append (out, "},\"proposed_by\":");
  cd_canonical_json_append_string (out, facts->proposed_by);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

struct _CdFreezer
{
  CdDatabase    *db;
  CdStatement   *freeze;
  CdStatement   *queue_claim;
  CdStatement   *outbox;
  CdAuditWriter *audit;
};

CdFreezer *
cd_freezer_new (CdDatabase  *db,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CdFreezer *f;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  f = g_new0 (CdFreezer, 1);
  f->db = db;
  /* Cached: one approval freezes once, the seeder thousands of times in a row. */
  if ((f->freeze = cd_database_prepare_cached (db,
                                               "UPDATE decisions SET state = 'approved',"
                                               " payload = ?, payload_sha256 = ?, frozen_at = ?"
                                               " WHERE id = ? AND frozen_at IS NULL",
                                               &local_error)) == NULL
      || (f->queue_claim = cd_database_prepare_cached (db,
                                                       "UPDATE claims SET status = 7,"
                                                       " status_note = NULL, updated_at = ?"
                                                       " WHERE id = ?",
                                                       &local_error)) == NULL
      || (f->outbox = cd_database_prepare_cached (db,
                                                  "INSERT INTO outbox (decision_id, state,"
                                                  " attempts, created_at, updated_at)"
                                                  " VALUES (?1, 'queued', 0, ?2, ?2)",
                                                  &local_error)) == NULL)
    {
      g_set_error (error, CD_DECISION_ERROR, CD_DECISION_ERROR_QUERY,
                   _("The approval could not be prepared: %s"), local_error->message);
      cd_freezer_free (f);
      return NULL;
    }
  f->audit = cd_audit_writer_new (db, error);
  if (f->audit == NULL)
    {
      cd_freezer_free (f);
      return NULL;
    }
  return f;
}

void
cd_freezer_free (CdFreezer *f)
{
  if (f == NULL)
    return;
  g_clear_pointer (&f->freeze, cd_statement_free);
  g_clear_pointer (&f->queue_claim, cd_statement_free);
  g_clear_pointer (&f->outbox, cd_statement_free);
  cd_audit_writer_free (f->audit);
  g_free (f);
}

CdAuditWriter *
cd_freezer_get_audit_writer (CdFreezer *f)
{
  return f->audit;
}

static gboolean
run (CdStatement  *stmt,
     const char   *number,
     GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = cd_statement_run (stmt, &local_error);

  cd_statement_clear_bindings (stmt);
  if (!ok)
    {
      g_set_error (error, CD_DECISION_ERROR, CD_DECISION_ERROR_QUERY,
                   _("The approval of claim %s could not be saved; nothing was changed: %s"),
                   number, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_freezer_freeze (CdFreezer              *f,
                   gint64                  decision_id,
                   gint64                  claim_id,
                   const CdDecisionFacts  *facts,
                   gint64                  user_id,
                   const char             *status_before,
                   GError                **error)
{
  g_autofree char *payload = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdAuditEntry entry = { 0 };
  const char *number = facts->claim_number;

  payload = cd_decision_payload (facts, error);
  if (payload == NULL)
    return FALSE;
  sha = cd_sha256_hex (payload, strlen (payload));

  /* Without copies (the seeder freezes a decision per approved claim): run () clears the
   * bindings before any of these strings goes. */
  cd_statement_bind_text_static (f->freeze, 1, payload);
  cd_statement_bind_text_static (f->freeze, 2, sha);
  cd_statement_bind_text_static (f->freeze, 3, facts->decided_at);
  cd_statement_bind_int64 (f->freeze, 4, decision_id);
  if (!run (f->freeze, number, error))
    return FALSE;
  if (cd_database_changes (f->db) != 1)
    {
      g_set_error (error, CD_DECISION_ERROR, CD_DECISION_ERROR_QUERY,
                   _("The decision on claim %s is already frozen."), number);
      return FALSE;
    }
  cd_statement_bind_text_static (f->queue_claim, 1, facts->decided_at);
  cd_statement_bind_int64 (f->queue_claim, 2, claim_id);
  if (!run (f->queue_claim, number, error))
    return FALSE;
  /* The outbox item is born here, in the approval's transaction, so a frozen decision is never
   * without its delivery; from `queued` on, its state is the sync layer's (docs/data-model.md). */
  cd_statement_bind_int64 (f->outbox, 1, decision_id);
  cd_statement_bind_text_static (f->outbox, 2, facts->decided_at);
  if (!run (f->outbox, number, error))
    return FALSE;

  /* Keys in byte order, as the payload. */
  {
    GString *text = g_string_sized_new (200);

    g_string_append_printf (text, "{\"amount\":%" G_GINT64_FORMAT ",\"approvers\":[",
                            facts->amount);
    for (guint i = 0; i < facts->n_approvers; i++)
      {
        if (i > 0)
          g_string_append_c (text, ',');
        cd_canonical_json_append_string (text, facts->approvers[i].login);
      }
    g_string_append (text, "],\"decision\":");
    cd_canonical_json_append_string (text, facts->uuid);
    g_string_append_printf (text, ",\"payload_sha256\":\"%s\",\"status\":\"queued\"}", sha);
    after = g_string_free (text, FALSE);
  }
  /* Status names are plain ASCII words: this is already canonical. */
  before = g_strdup_printf ("{\"status\":\"%s\"}", status_before);

  entry.at = facts->decided_at;
  entry.user_id = user_id;
  entry.action = "approve";
  entry.entity = "claim";
  entry.entity_id = claim_id;
  entry.before = before;
  entry.after = after;
  return cd_audit_writer_append (f->audit, &entry, TRUE, error);
}

gboolean
cd_decision_freeze (CdDatabase             *db,
                    gint64                  decision_id,
                    gint64                  claim_id,
                    const CdDecisionFacts  *facts,
                    gint64                  user_id,
                    const char             *status_before,
                    GError                **error)
{
  CdFreezer *f = cd_freezer_new (db, error);
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = cd_freezer_freeze (f, decision_id, claim_id, facts, user_id, status_before, error);
  cd_freezer_free (f);
  return ok;
}
