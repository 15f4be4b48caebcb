/* gw-central.c — the central social-security system (OURS): tokens and decision intake. */
#include "config.h"

#include "cd-bundle.h"
#include "gw-audit-anchors.h"
#include "gw-central.h"
#include "gw-rule-packs.h"

#define TOKEN_LIFETIME_S  3600
#define MAX_BATCH         500

typedef struct
{
  char   *officer;
  char   *credential_id;  /* the office credential it was asked with */
  gint64  expires_at;     /* monotonic, µs */
} Token;

typedef struct
{
  char    *id;
  char    *payload_hash;
  char    *receipt;
  char    *status;        /* "accepted" or "refused" */
  char    *reason;        /* why refused */
  guint    times_received;
  guint    conflicts;
} StoredDecision;

struct _GwCentral
{
  GwServer    *server;
  GwEnrolment *enrolment;
  GHashTable *tokens;      /* token → Token */
  GHashTable *decisions;   /* id → StoredDecision */
  GPtrArray  *order;       /* StoredDecision, in arrival order */
  GHashTable *attachments; /* sha256 → CdBundleAttachment, from file bundles */
  guint       next_receipt;
  GwAuditAnchors *anchors; /* each workstation's audit-log heads */
};

static void
token_free (Token *token)
{
  g_free (token->officer);
  g_free (token->credential_id);
  g_free (token);
}

static void
stored_decision_free (StoredDecision *decision)
{
  g_free (decision->id);
  g_free (decision->payload_hash);
  g_free (decision->receipt);
  g_free (decision->status);
  g_free (decision->reason);
  g_free (decision);
}

static char *
new_token (void)
{
  GString *token = g_string_new (NULL);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (token, "%08x", g_random_int ());
  return g_string_free (token, FALSE);
}

gboolean
gw_central_authorize (GwCentral         *self,
                      SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  GwFaultConfig faults;
  Token *token;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    {
      gw_reply_json (msg, SOUP_STATUS_UNAUTHORIZED, "{\"error\":\"unauthorized\"}");
      return FALSE;
    }

  token = g_hash_table_lookup (self->tokens, authorization + strlen ("Bearer "));
  if (token == NULL || g_get_monotonic_time () > token->expires_at)
    {
      gw_reply_json (msg, SOUP_STATUS_UNAUTHORIZED,
                     token == NULL ? "{\"error\":\"unauthorized\"}" : "{\"error\":\"token_expired\"}");
      return FALSE;
    }
  if (!gw_enrolment_check_not_revoked (self->enrolment, msg, token->credential_id, token->officer))
    return FALSE;

  /* With --expire-tokens a token serves exactly one request: the client must notice the 401 and
   * fetch a new one, as it must when a real token runs out in the middle of a sync. */
  gw_faults_get (gw_server_get_faults (self->server), &faults);
  if (faults.expire_tokens)
    token->expires_at = 0;
  return TRUE;
}

/* The office credential of a request gw_central_authorize let through. */
static const char *
authorized_credential (GwCentral         *self,
                       SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  Token *token = g_hash_table_lookup (self->tokens, authorization + strlen ("Bearer "));

  g_assert (token != NULL);
  return token->credential_id;
}

static void
add_anchor (JsonBuilder         *builder,
            const CdAuditAnchor *anchor)
{
  if (anchor == NULL)
    return;
  json_builder_set_member_name (builder, "audit_anchor");
  cd_audit_anchor_build (anchor, builder);
}

static void
handle_token (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  const char *officer;
  const char *credential_id;
  Token *token;
  char *token_text;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  /* Only an enrolled office's credentials get a token, and only for a named officer. */
  credential_id = gw_enrolment_authorize_office (self->enrolment, msg);
  if (credential_id == NULL)
    return;
  request = gw_parse_json_body (msg, &error);
  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request)
      || (officer = json_object_get_string_member_with_default (json_node_get_object (request),
                                                                 "officer", NULL)) == NULL
      || *officer == '\0')
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "expected {\"officer\": \"…\"}");
      return;
    }
  if (!gw_enrolment_check_not_revoked (self->enrolment, msg, credential_id, officer))
    return;

  token = g_new0 (Token, 1);
  token->officer = g_strdup (officer);
  token->credential_id = g_strdup (credential_id);
  token->expires_at = g_get_monotonic_time () + (gint64) TOKEN_LIFETIME_S * G_USEC_PER_SEC;
  token_text = new_token ();
  g_hash_table_insert (self->tokens, token_text, token);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token_text);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, TOKEN_LIFETIME_S);
  json_builder_set_member_name (builder, "officer");
  json_builder_add_string_value (builder, officer);
  json_builder_set_member_name (builder, "office");
  json_builder_add_string_value (builder, gw_enrolment_get_office (self->enrolment, credential_id)->code);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, answer);
}

/* A refusal that depends on the decision id only, so asking again gives the same answer. */
static gboolean
central_refuses (GwCentral  *self,
                 const char *id)
{
  GwFaultConfig faults;
  guint hash = g_str_hash (id);

  gw_faults_get (gw_server_get_faults (self->server), &faults);
  return faults.refuse_rate > 0 && (hash % 10000) < (guint) (faults.refuse_rate * 10000);
}

static void
add_result (JsonBuilder          *builder,
            const char           *id,
            const char           *status,
            const StoredDecision *stored,
            const char           *reason)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (stored != NULL && stored->receipt != NULL)
    {
      json_builder_set_member_name (builder, "receipt");
      json_builder_add_string_value (builder, stored->receipt);
    }
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
}

/* Checks the payload the way the central system would before it files a decision: a frozen decision
 * (docs/workflow.md) names its claim and the amount to pay. */
static char *
payload_problem (const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_data (parser, payload, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("payload is not a JSON object");
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_string_member_with_default (object, "claim", NULL) == NULL)
    return g_strdup ("payload has no claim");
  if (!json_object_has_member (object, "amount")
      || json_node_get_value_type (json_object_get_member (object, "amount")) != G_TYPE_INT64
      || json_object_get_int_member (object, "amount") < 0)
    return g_strdup ("payload has no valid amount");
  return NULL;
}

static void
receive_one (GwCentral   *self,
             JsonObject  *item,
             JsonBuilder *results)
{
  const char *id = json_object_get_string_member_with_default (item, "id", NULL);
  const char *hash = json_object_get_string_member_with_default (item, "payload_hash", NULL);
  const char *payload = json_object_get_string_member_with_default (item, "payload", NULL);
  g_autofree char *computed = NULL;
  g_autofree char *problem = NULL;
  StoredDecision *stored;

  if (id == NULL || hash == NULL || payload == NULL)
    {
      add_result (results, id != NULL ? id : "", "invalid", NULL,
                  "each decision needs id, payload_hash and payload");
      return;
    }

  computed = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
  if (g_ascii_strcasecmp (computed, hash) != 0)
    {
      add_result (results, id, "invalid", NULL, "payload_hash is not the SHA-256 of payload");
      return;
    }

  stored = g_hash_table_lookup (self->decisions, id);
  if (stored != NULL)
    {
      if (g_ascii_strcasecmp (stored->payload_hash, hash) == 0)
        {
          stored->times_received++;
          add_result (results, id, g_str_equal (stored->status, "accepted") ? "duplicate" : "refused",
                      stored, stored->reason);
        }
      else
        {
          stored->conflicts++;
          add_result (results, id, "conflict", stored,
                      "a decision with this id and a different payload was received before");
        }
      return;
    }

  stored = g_new0 (StoredDecision, 1);
  stored->id = g_strdup (id);
  stored->payload_hash = g_ascii_strdown (hash, -1);
  stored->times_received = 1;
  problem = payload_problem (payload);
  if (problem == NULL && central_refuses (self, id))
    problem = g_strdup ("Người hưởng không có tên trong danh sách tham gia bảo hiểm tại thời điểm hưởng");
  if (problem != NULL)
    {
      stored->status = g_strdup ("refused");
      stored->reason = g_steal_pointer (&problem);
    }
  else
    {
      stored->status = g_strdup ("accepted");
      stored->receipt = g_strdup_printf ("TW-2026-%08u", ++self->next_receipt);
    }
  g_hash_table_insert (self->decisions, stored->id, stored);
  g_ptr_array_add (self->order, stored);
  add_result (results, id, stored->status, stored, stored->reason);
}

static void
handle_decisions (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GwCentral *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (!gw_central_authorize (self, msg))
    return;

  if (method == SOUP_METHOD_POST && g_str_equal (path, "/central/decisions"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) request = gw_parse_json_body (msg, &error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(CdAuditAnchor) held = NULL;
      JsonArray *batch;

      if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request)
          || !json_object_has_member (json_node_get_object (request), "decisions")
          || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (request),
                                                             "decisions")))
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "expected {\"decisions\": [ … ]}");
          return;
        }
      batch = json_object_get_array_member (json_node_get_object (request), "decisions");
      if (json_array_get_length (batch) > MAX_BATCH)
        {
          gw_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "at most 500 decisions a batch");
          return;
        }
      /* The head is never a reason to refuse the decisions: they carry their own hashes, and a
       * claimant's payment should not wait on an audit question. A refused head is flagged. */
      held = gw_audit_anchors_receive (self->anchors, authorized_credential (self, msg),
                                       json_object_get_member (json_node_get_object (request),
                                                               "audit_head"), "sync");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < json_array_get_length (batch); i++)
        {
          JsonNode *node = json_array_get_element (batch, i);
          if (JSON_NODE_HOLDS_OBJECT (node))
            receive_one (self, json_node_get_object (node), builder);
          else
            add_result (builder, "", "invalid", NULL, "each decision must be an object");
        }
      json_builder_end_array (builder);
      add_anchor (builder, held);
      json_builder_end_object (builder);
      answer = json_builder_get_root (builder);
      gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, answer);
      return;
    }

  if (method == SOUP_METHOD_GET && g_str_has_prefix (path, "/central/decisions/"))
    {
      const char *id = path + strlen ("/central/decisions/");
      StoredDecision *stored = g_hash_table_lookup (self->decisions, id);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) answer = NULL;

      if (stored == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no decision with this id");
          return;
        }
      add_result (builder, stored->id, stored->status, stored, stored->reason);
      answer = json_builder_get_root (builder);
      gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, answer);
      return;
    }

  gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "POST /central/decisions or GET /central/decisions/ID");
}

/* ---- file bundles ---------------------------------------------------------------------------- */

static void
reply_bundle_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *code,
                    const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  gw_reply_json (msg, status, json);
}

/* The results JsonBuilder of receive_one, read back as the receipts bundle's results. */
static void
take_results (JsonNode  *root,
              GPtrArray *results)
{
  JsonArray *array = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      CdCentralResult *result = g_new0 (CdCentralResult, 1);
      gboolean known = FALSE;

      result->id = g_strdup (json_object_get_string_member (item, "id"));
      result->outcome = cd_central_outcome_from_string (
        json_object_get_string_member (item, "status"), &known);
      g_assert (known);
      result->receipt = g_strdup (json_object_get_string_member_with_default (item, "receipt",
                                                                              NULL));
      result->reason = g_strdup (json_object_get_string_member_with_default (item, "reason",
                                                                             NULL));
      g_ptr_array_add (results, result);
    }
}

/* POST /central/bundles: central's operator files an office's outbox bundle brought on a USB
 * stick. The bundle's MAC, keyed with the SHA-256 of the office secret central keeps, is its only
 * credential. Each decision goes through receive_one, exactly as POST /central/decisions, so a
 * replayed bundle files nothing twice and gets the same answers; the receipts come back as a
 * bundle MACed the same way. */
static void
handle_bundles (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(CdBundle) bundle = NULL;
  g_autoptr(CdBundle) receipts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const GwOffice *office = NULL;
  const char *secret_sha256 = NULL;
  gboolean revoked = FALSE;
  guint8 key[CD_BUNDLE_KEY_SIZE];

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  bundle = cd_bundle_parse (body, "the bundle", &error);
  if (bundle == NULL)
    {
      reply_bundle_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", error->message);
      return;
    }
  if (bundle->direction != CD_BUNDLE_OUTBOX)
    {
      reply_bundle_error (msg, SOUP_STATUS_BAD_REQUEST, "direction",
                          "the bundle holds receipts; central files outbox bundles");
      return;
    }
  if (!gw_enrolment_lookup_credential (self->enrolment, bundle->credential_id, &office,
                                       &secret_sha256, &revoked))
    {
      reply_bundle_error (msg, SOUP_STATUS_FORBIDDEN, "unknown_credential",
                          "central never issued the office credentials the bundle names");
      return;
    }
  if (revoked)
    {
      reply_bundle_error (msg, SOUP_STATUS_FORBIDDEN, "revoked",
                          "central has revoked the credentials of the office that made the "
                          "bundle");
      return;
    }
  if (bundle->office != NULL && g_strcmp0 (bundle->office, office->code) != 0)
    {
      reply_bundle_error (msg, SOUP_STATUS_FORBIDDEN, "office",
                          "the bundle names another office than its credentials' office");
      return;
    }
  if (!cd_bundle_key_from_hex (secret_sha256, key) || !cd_bundle_check_mac (bundle, key, &error))
    {
      memset (key, 0, sizeof key);
      reply_bundle_error (msg, SOUP_STATUS_FORBIDDEN, "mac",
                          error != NULL ? error->message : "no key for these credentials");
      return;
    }

  for (guint i = 0; i < bundle->attachments->len; i++)
    {
      CdBundleAttachment *attachment = g_ptr_array_index (bundle->attachments, i);
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (attachment->bytes, &length);
      g_autofree char *computed = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);

      if (g_ascii_strcasecmp (computed, attachment->sha256) != 0)
        {
          memset (key, 0, sizeof key);
          reply_bundle_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid",
                              "an attachment's data does not match its sha256");
          return;
        }
    }
  /* Kept once by content, whatever bundle brings a scan again. */
  for (guint i = 0; i < bundle->attachments->len; i++)
    {
      CdBundleAttachment *attachment = g_ptr_array_index (bundle->attachments, i);

      if (!g_hash_table_contains (self->attachments, attachment->sha256))
        {
          g_hash_table_insert (self->attachments, attachment->sha256, attachment);
          g_ptr_array_index (bundle->attachments, i) = NULL;
        }
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < bundle->decisions->len; i++)
    {
      CdBundleDecision *decision = g_ptr_array_index (bundle->decisions, i);
      g_autoptr(JsonObject) item = json_object_new ();

      if (decision->id != NULL)
        json_object_set_string_member (item, "id", decision->id);
      if (decision->payload_hash != NULL)
        json_object_set_string_member (item, "payload_hash", decision->payload_hash);
      if (decision->payload != NULL)
        json_object_set_string_member (item, "payload", decision->payload);
      receive_one (self, item, builder);
    }
  json_builder_end_array (builder);
  results = json_builder_get_root (builder);

  receipts = cd_bundle_new (CD_BUNDLE_RECEIPTS, office->code, bundle->credential_id,
                            bundle->sequence, created_at);
  receipts->answers_sha256 = g_strdup (bundle->sha256);
  /* The stick's head is checked as a request's would be; a replayed stick brings the same head,
   * which changes nothing. */
  {
    g_autoptr(JsonBuilder) head_builder = json_builder_new ();
    g_autoptr(JsonNode) head = NULL;

    if (bundle->audit_head != NULL)
      {
        cd_audit_anchor_build (bundle->audit_head, head_builder);
        head = json_builder_get_root (head_builder);
      }
    receipts->audit_anchor = gw_audit_anchors_receive (self->anchors, bundle->credential_id, head,
                                                       "bundle");
  }
  take_results (results, receipts->results);
  /* Central's signed rule packs travel back with the receipts (docs/rules.md): the office
   * installs the ones it lacks, as it would fetch them over the network. */
  if (gw_server_get_rule_packs (self->server) != NULL)
    {
      g_autoptr(GPtrArray) packs = gw_rule_packs_payloads (gw_server_get_rule_packs (self->server));

      for (guint i = 0; i < packs->len; i++)
        g_ptr_array_add (receipts->payloads, g_steal_pointer (&packs->pdata[i]));
    }
  answer = cd_bundle_to_bytes (receipts, key, &error);
  memset (key, 0, sizeof key);
  if (answer == NULL)
    {
      reply_bundle_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }
  gw_server_respond (self->server, msg, SOUP_STATUS_OK, "application/json", answer, GW_BODY_JSON);
}

static void
handle_control_attachments (SoupServer        *soup,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  GHashTableIter iter;
  CdBundleAttachment *attachment;

  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->attachments);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &attachment))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, attachment->sha256);
      json_builder_set_member_name (builder, "media_type");
      json_builder_add_string_value (builder, attachment->media_type);
      json_builder_set_member_name (builder, "claim");
      json_builder_add_string_value (builder, attachment->claim_number);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) g_bytes_get_size (attachment->bytes));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

/* What the connection check asks: a token that works, for an office and officer in good standing.
 */
static void
handle_status (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  if (!gw_central_authorize (self, msg))
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "system");
  json_builder_add_string_value (builder, "central");
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, answer);
}

/* GET /central/audit-anchor: what central holds of the caller's workstation's audit log, for the
 * auditor's `verify-audit --central`. */
static void
handle_audit_anchor (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  const char *credential_id;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  if (!gw_central_authorize (self, msg))
    return;
  credential_id = authorized_credential (self, msg);
  gw_audit_anchors_build (self->anchors, credential_id,
                          gw_enrolment_get_office (self->enrolment, credential_id)->code, builder);
  answer = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, answer);
}

/* GET /_control/central/audit-anchors: every workstation's record, for the tests. */
static void
handle_control_audit_anchors (SoupServer        *soup,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ids = gw_audit_anchors_list (self->anchors);
  g_autofree char *json = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const GwOffice *office = gw_enrolment_get_office (self->enrolment, id);

      gw_audit_anchors_build (self->anchors, id, office != NULL ? office->code : NULL, builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

static void
handle_control_decisions (SoupServer        *soup,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  GwCentral *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < self->order->len; i++)
    {
      StoredDecision *stored = g_ptr_array_index (self->order, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, stored->id);
      json_builder_set_member_name (builder, "payload_hash");
      json_builder_add_string_value (builder, stored->payload_hash);
      json_builder_set_member_name (builder, "times_received");
      json_builder_add_int_value (builder, stored->times_received);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, stored->conflicts);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, stored->status);
      if (stored->receipt != NULL)
        {
          json_builder_set_member_name (builder, "receipt");
          json_builder_add_string_value (builder, stored->receipt);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

GwCentral *
gw_central_new (GwServer    *server,
                GwEnrolment *enrolment)
{
  GwCentral *self = g_new0 (GwCentral, 1);
  SoupServer *soup = gw_server_get_soup (server);

  self->server = server;
  self->enrolment = enrolment;
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) token_free);
  self->decisions = g_hash_table_new (g_str_hash, g_str_equal);
  self->order = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_decision_free);
  self->attachments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) cd_bundle_attachment_free);
  self->anchors = gw_audit_anchors_new ();

  soup_server_add_handler (soup, "/central/token", handle_token, self, NULL);
  soup_server_add_handler (soup, "/central/decisions", handle_decisions, self, NULL);
  soup_server_add_handler (soup, "/central/status", handle_status, self, NULL);
  soup_server_add_handler (soup, "/_control/central/decisions", handle_control_decisions, self, NULL);
  soup_server_add_handler (soup, "/central/bundles", handle_bundles, self, NULL);
  soup_server_add_handler (soup, "/_control/central/attachments", handle_control_attachments, self,
                           NULL);
  soup_server_add_handler (soup, "/central/audit-anchor", handle_audit_anchor, self, NULL);
  soup_server_add_handler (soup, "/_control/central/audit-anchors", handle_control_audit_anchors,
                           self, NULL);
  return self;
}

void
gw_central_free (GwCentral *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->decisions);
  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->attachments);
  gw_audit_anchors_free (self->anchors);
  g_free (self);
}
