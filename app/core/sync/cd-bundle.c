/* cd-bundle.c — the `claimdesk-bundle-1` file format: build, write, read, authenticate.
 *
 * The MAC covers the canonical JSON (cd-canonical-json.h) of the whole document but "mac", so the
 * same content has one MAC whatever a text editor or another JSON library did to its spacing or
 * member order, and any change of a value — a receipt, a payload, a byte of a scan — breaks it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cd-bundle.h"
#include "cd-canonical-json.h"

G_DEFINE_QUARK (cd-bundle-error-quark, cd_bundle_error)

const char *
cd_bundle_direction_to_string (CdBundleDirection direction)
{
  return direction == CD_BUNDLE_RECEIPTS ? "receipts" : "outbox";
}

void
cd_bundle_attachment_free (CdBundleAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->sha256);
  g_free (attachment->media_type);
  g_free (attachment->file_name);
  g_free (attachment->claim_number);
  g_clear_pointer (&attachment->bytes, g_bytes_unref);
  g_free (attachment);
}

void
cd_bundle_payload_free (CdBundlePayload *payload)
{
  if (payload == NULL)
    return;
  g_free (payload->kind);
  g_free (payload->name);
  g_clear_pointer (&payload->bytes, g_bytes_unref);
  g_free (payload);
}

void
cd_bundle_decision_free (CdBundleDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->id);
  g_free (decision->payload_hash);
  g_free (decision->payload);
  g_free (decision);
}

CdBundle *
cd_bundle_new (CdBundleDirection  direction,
               const char        *office,
               const char        *credential_id,
               gint64             sequence,
               const char        *created_at)
{
  CdBundle *bundle = g_new0 (CdBundle, 1);

  bundle->direction = direction;
  bundle->office = g_strdup (office);
  bundle->credential_id = g_strdup (credential_id);
  bundle->sequence = sequence;
  bundle->created_at = g_strdup (created_at);
  bundle->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_bundle_decision_free);
  bundle->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_bundle_attachment_free);
  bundle->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_central_result_free);
  bundle->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_bundle_payload_free);
  return bundle;
}

void
cd_bundle_free (CdBundle *bundle)
{
  if (bundle == NULL)
    return;
  g_free (bundle->office);
  g_free (bundle->credential_id);
  g_free (bundle->created_at);
  g_free (bundle->answers_sha256);
  g_ptr_array_unref (bundle->decisions);
  g_ptr_array_unref (bundle->attachments);
  g_ptr_array_unref (bundle->results);
  g_ptr_array_unref (bundle->payloads);
  g_free (bundle->name);
  g_free (bundle->sha256);
  g_free (bundle->mac);
  g_free (bundle->signed_text);
  cd_audit_anchor_free (bundle->audit_head);
  cd_audit_anchor_free (bundle->audit_anchor);
  g_free (bundle);
}

void
cd_bundle_key_from_credential (const CdOfficeCredential *credential,
                               guint8                    key[CD_BUNDLE_KEY_SIZE])
{
  g_return_if_fail (credential != NULL && credential->secret != NULL);

  /* The raw digest whose hex central keeps (gw-enrolment.c): both sides hold it, none sends it. */
  crypto_hash_sha256 (key, (const guint8 *) credential->secret, strlen (credential->secret));
}

gboolean
cd_bundle_key_from_hex (const char *sha256_hex,
                        guint8      key[CD_BUNDLE_KEY_SIZE])
{
  size_t length = 0;

  g_return_val_if_fail (sha256_hex != NULL, FALSE);

  return strlen (sha256_hex) == 2 * CD_BUNDLE_KEY_SIZE
         && sodium_hex2bin (key, CD_BUNDLE_KEY_SIZE, sha256_hex, strlen (sha256_hex), NULL,
                            &length, NULL) == 0
         && length == CD_BUNDLE_KEY_SIZE;
}

static char *
mac_hex (const char   *text,
         const guint8 *key)
{
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];

  /* Picks libsodium's fastest implementations; the portable ones work without it, so a failure
   * (never seen) changes nothing here. */
  if (sodium_init () < 0)
    g_debug ("libsodium could not pick its fastest implementations");
  crypto_auth_hmacsha256 (mac, (const guint8 *) text, strlen (text), key);
  sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);
  return g_strdup (hex);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_base64 (JsonBuilder *builder,
            const char  *name,
            GBytes      *bytes)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = g_base64_encode (data, length);

  add_string (builder, name, text);
}

static JsonNode *
build_document (const CdBundle *bundle)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean outbox = bundle->direction == CD_BUNDLE_OUTBOX;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "header");
  json_builder_begin_object (builder);
  add_string (builder, "format", CD_BUNDLE_FORMAT);
  add_string (builder, "direction", cd_bundle_direction_to_string (bundle->direction));
  add_string (builder, "office", bundle->office);
  add_string (builder, "credential_id", bundle->credential_id);
  json_builder_set_member_name (builder, "sequence");
  json_builder_add_int_value (builder, bundle->sequence);
  add_string (builder, "created_at", bundle->created_at);
  json_builder_set_member_name (builder, "items");
  json_builder_add_int_value (builder, outbox ? bundle->decisions->len : bundle->results->len);
  json_builder_set_member_name (builder, "attachments");
  json_builder_add_int_value (builder, bundle->attachments->len);
  if (!outbox)
    add_string (builder, "answers_sha256", bundle->answers_sha256);
  /* In the header, so the MAC covers them like everything else. */
  if (outbox && bundle->audit_head != NULL)
    {
      json_builder_set_member_name (builder, "audit_head");
      cd_audit_anchor_build (bundle->audit_head, builder);
    }
  if (!outbox && bundle->audit_anchor != NULL)
    {
      json_builder_set_member_name (builder, "audit_anchor");
      cd_audit_anchor_build (bundle->audit_anchor, builder);
    }
  json_builder_end_object (builder);

  if (outbox)
    {
      json_builder_set_member_name (builder, "decisions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < bundle->decisions->len; i++)
        {
          const CdBundleDecision *decision = g_ptr_array_index (bundle->decisions, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", decision->id);
          add_string (builder, "payload_hash", decision->payload_hash);
          add_string (builder, "payload", decision->payload);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint i = 0; i < bundle->attachments->len; i++)
        {
          const CdBundleAttachment *attachment = g_ptr_array_index (bundle->attachments, i);

          json_builder_begin_object (builder);
          add_string (builder, "sha256", attachment->sha256);
          add_string (builder, "media_type", attachment->media_type);
          add_string (builder, "file_name", attachment->file_name);
          add_string (builder, "claim", attachment->claim_number);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, (gint64) g_bytes_get_size (attachment->bytes));
          add_base64 (builder, "data", attachment->bytes);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < bundle->results->len; i++)
        {
          const CdCentralResult *result = g_ptr_array_index (bundle->results, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", result->id);
          add_string (builder, "status", cd_central_outcome_to_string (result->outcome));
          if (result->receipt != NULL)
            add_string (builder, "receipt", result->receipt);
          if (result->reason != NULL)
            add_string (builder, "reason", result->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      /* Room for other signed payloads central sends back (rule packs): absent when none. */
      if (bundle->payloads->len > 0)
        {
          json_builder_set_member_name (builder, "payloads");
          json_builder_begin_array (builder);
          for (guint i = 0; i < bundle->payloads->len; i++)
            {
              const CdBundlePayload *payload = g_ptr_array_index (bundle->payloads, i);

              json_builder_begin_object (builder);
              add_string (builder, "kind", payload->kind);
              add_string (builder, "name", payload->name);
              add_base64 (builder, "data", payload->bytes);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

GBytes *
cd_bundle_to_bytes (CdBundle      *bundle,
                    const guint8  *key,
                    GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  GString *file;

  g_return_val_if_fail (bundle != NULL && key != NULL, NULL);

  root = build_document (bundle);
  text = cd_canonical_json (root, &local_error);
  if (text == NULL)
    {
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_INVALID,
                   _("Bundle %lld: cannot be written: %s"), (long long) bundle->sequence,
                   local_error->message);
      return NULL;
    }
  g_free (bundle->mac);
  bundle->mac = mac_hex (text, key);
  json_object_set_string_member (json_node_get_object (root), "mac", bundle->mac);
  g_free (text);
  text = cd_canonical_json (root, error);
  g_assert (text != NULL);   /* the same tree but one more string member */
  file = g_string_new (text);
  g_string_append_c (file, '\n');
  g_free (bundle->sha256);
  bundle->sha256 = cd_sha256_hex (file->str, file->len);
  return g_string_free_to_bytes (file);
}

static gboolean
invalid (GError     **error,
         const char  *name,
         const char  *problem)
{
  g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_INVALID,
               _("%s is not a ClaimDesk bundle (%s): %s"), name, CD_BUNDLE_FORMAT, problem);
  return FALSE;
}

static GBytes *
member_base64 (JsonObject *object,
               const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  guchar *data;
  gsize length = 0;

  if (text == NULL)
    return NULL;
  data = g_base64_decode (text, &length);
  return g_bytes_new_take (data, length);
}

static gboolean
read_outbox (CdBundle    *bundle,
             JsonObject  *document,
             GError     **error)
{
  JsonArray *decisions;
  JsonArray *attachments;

  if (!json_object_has_member (document, "decisions")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (document, "decisions")))
    return invalid (error, bundle->name, _("no decisions list"));
  decisions = json_object_get_array_member (document, "decisions");
  for (guint i = 0; i < json_array_get_length (decisions); i++)
    {
      JsonNode *node = json_array_get_element (decisions, i);
      JsonObject *item;
      CdBundleDecision *decision;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, bundle->name, _("a decision is not an object"));
      item = json_node_get_object (node);
      decision = g_new0 (CdBundleDecision, 1);
      decision->id = g_strdup (json_object_get_string_member_with_default (item, "id", NULL));
      decision->payload_hash = g_strdup (json_object_get_string_member_with_default (
        item, "payload_hash", NULL));
      decision->payload = g_strdup (json_object_get_string_member_with_default (item, "payload",
                                                                                NULL));
      g_ptr_array_add (bundle->decisions, decision);
    }

  if (!json_object_has_member (document, "attachments"))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (document, "attachments")))
    return invalid (error, bundle->name, _("attachments is not a list"));
  attachments = json_object_get_array_member (document, "attachments");
  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);
      JsonObject *item;
      CdBundleAttachment *attachment;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, bundle->name, _("an attachment is not an object"));
      item = json_node_get_object (node);
      attachment = g_new0 (CdBundleAttachment, 1);
      attachment->sha256 = g_strdup (json_object_get_string_member_with_default (item, "sha256",
                                                                                 NULL));
      attachment->media_type = g_strdup (json_object_get_string_member_with_default (
        item, "media_type", NULL));
      attachment->file_name = g_strdup (json_object_get_string_member_with_default (
        item, "file_name", NULL));
      attachment->claim_number = g_strdup (json_object_get_string_member_with_default (
        item, "claim", NULL));
      attachment->bytes = member_base64 (item, "data");
      g_ptr_array_add (bundle->attachments, attachment);
      if (attachment->sha256 == NULL || attachment->bytes == NULL)
        return invalid (error, bundle->name, _("an attachment has no sha256 or no data"));
    }
  return TRUE;
}

static gboolean
read_receipts (CdBundle    *bundle,
               JsonObject  *document,
               GError     **error)
{
  JsonArray *results;

  if (!json_object_has_member (document, "results")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (document, "results")))
    return invalid (error, bundle->name, _("no results list"));
  results = json_object_get_array_member (document, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *item;
      CdCentralResult *result;
      gboolean known = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, bundle->name, _("a result is not an object"));
      item = json_node_get_object (node);
      result = g_new0 (CdCentralResult, 1);
      result->id = g_strdup (json_object_get_string_member_with_default (item, "id", ""));
      /* An unknown status reads as invalid, as over the network (cd-central-client.c). */
      result->outcome = cd_central_outcome_from_string (
        json_object_get_string_member_with_default (item, "status", NULL), &known);
      result->receipt = g_strdup (json_object_get_string_member_with_default (item, "receipt",
                                                                              NULL));
      result->reason = g_strdup (json_object_get_string_member_with_default (
        item, "reason", known ? NULL : _("the central system gave an unknown status")));
      g_ptr_array_add (bundle->results, result);
    }

  if (json_object_has_member (document, "payloads"))
    {
      JsonArray *payloads;

      if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (document, "payloads")))
        return invalid (error, bundle->name, _("payloads is not a list"));
      payloads = json_object_get_array_member (document, "payloads");
      for (guint i = 0; i < json_array_get_length (payloads); i++)
        {
          JsonNode *node = json_array_get_element (payloads, i);
          CdBundlePayload *payload;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return invalid (error, bundle->name, _("a payload is not an object"));
          payload = g_new0 (CdBundlePayload, 1);
          payload->kind = g_strdup (json_object_get_string_member_with_default (
            json_node_get_object (node), "kind", NULL));
          payload->name = g_strdup (json_object_get_string_member_with_default (
            json_node_get_object (node), "name", NULL));
          payload->bytes = member_base64 (json_node_get_object (node), "data");
          g_ptr_array_add (bundle->payloads, payload);
          if (payload->kind == NULL || payload->bytes == NULL)
            return invalid (error, bundle->name, _("a payload has no kind or no data"));
        }
    }
  return TRUE;
}

CdBundle *
cd_bundle_parse (GBytes      *data,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CdBundle) bundle = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) unsigned_copy = NULL;
  JsonObject *document;
  JsonObject *header;
  const char *format;
  const char *direction;
  const char *mac;
  gsize length = 0;
  const char *text;

  g_return_val_if_fail (data != NULL && name != NULL, NULL);

  text = g_bytes_get_data (data, &length);
  if (!json_parser_load_from_data (parser, text != NULL ? text : "", (gssize) length,
                                   &local_error))
    {
      invalid (error, name, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      invalid (error, name, _("not a JSON object"));
      return NULL;
    }
  document = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (document, "header")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (document, "header")))
    {
      invalid (error, name, _("no header"));
      return NULL;
    }
  header = json_object_get_object_member (document, "header");
  format = json_object_get_string_member_with_default (header, "format", NULL);
  if (g_strcmp0 (format, CD_BUNDLE_FORMAT) != 0)
    {
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_INVALID,
                   _("%s has the format “%s”; this version of ClaimDesk reads %s only"), name,
                   format != NULL ? format : "?", CD_BUNDLE_FORMAT);
      return NULL;
    }
  direction = json_object_get_string_member_with_default (header, "direction", NULL);
  if (g_strcmp0 (direction, "outbox") != 0 && g_strcmp0 (direction, "receipts") != 0)
    {
      invalid (error, name, _("the direction is neither outbox nor receipts"));
      return NULL;
    }
  if (!json_object_has_member (header, "sequence")
      || json_node_get_value_type (json_object_get_member (header, "sequence")) != G_TYPE_INT64
      || json_object_get_string_member_with_default (header, "credential_id", NULL) == NULL)
    {
      invalid (error, name, _("the header has no sequence or no credential id"));
      return NULL;
    }
  mac = json_object_get_string_member_with_default (document, "mac", NULL);
  if (mac == NULL)
    {
      invalid (error, name, _("it has no MAC"));
      return NULL;
    }

  bundle = cd_bundle_new (g_str_equal (direction, "receipts") ? CD_BUNDLE_RECEIPTS
                                                              : CD_BUNDLE_OUTBOX,
                          json_object_get_string_member_with_default (header, "office", NULL),
                          json_object_get_string_member (header, "credential_id"),
                          json_object_get_int_member (header, "sequence"),
                          json_object_get_string_member_with_default (header, "created_at",
                                                                      NULL));
  bundle->name = g_strdup (name);
  bundle->mac = g_strdup (mac);
  bundle->sha256 = cd_sha256_hex (text, length);
  bundle->answers_sha256 = g_strdup (json_object_get_string_member_with_default (
    header, "answers_sha256", NULL));
  /* Both optional: bundles written before the audit anchor have neither. */
  if (json_object_has_member (header, "audit_head")
      || json_object_has_member (header, "audit_anchor"))
    {
      const char *member = json_object_has_member (header, "audit_head") ? "audit_head"
                                                                          : "audit_anchor";
      CdAuditAnchor *anchor = cd_audit_anchor_from_json (json_object_get_member (header, member),
                                                         member, &local_error);

      if (anchor == NULL)
        {
          invalid (error, name, local_error->message);
          return NULL;
        }
      if (g_str_equal (member, "audit_head"))
        bundle->audit_head = anchor;
      else
        bundle->audit_anchor = anchor;
    }

  /* What the MAC covers: the document as read, without "mac", canonical. */
  unsigned_copy = json_node_copy (json_parser_get_root (parser));
  json_object_remove_member (json_node_get_object (unsigned_copy), "mac");
  bundle->signed_text = cd_canonical_json (unsigned_copy, &local_error);
  if (bundle->signed_text == NULL)
    {
      invalid (error, name, local_error->message);
      return NULL;
    }

  if (bundle->direction == CD_BUNDLE_OUTBOX ? !read_outbox (bundle, document, error)
                                            : !read_receipts (bundle, document, error))
    return NULL;
  return g_steal_pointer (&bundle);
}

gboolean
cd_bundle_check_mac (const CdBundle  *bundle,
                     const guint8    *key,
                     GError         **error)
{
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  size_t length = 0;

  g_return_val_if_fail (bundle != NULL && bundle->signed_text != NULL && key != NULL, FALSE);

  if (strlen (bundle->mac) != 2 * sizeof mac
      || sodium_hex2bin (mac, sizeof mac, bundle->mac, strlen (bundle->mac), NULL, &length,
                         NULL) != 0
      || length != sizeof mac
      || crypto_auth_hmacsha256_verify (mac, (const guint8 *) bundle->signed_text,
                                        strlen (bundle->signed_text), key) != 0)
    {
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_MAC,
                   _("%s fails its authentication (HMAC-SHA256): it was changed after it was "
                     "made, or made with other office credentials. Nothing was imported."),
                   bundle->name != NULL ? bundle->name : "?");
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_bundle_check_sender (const CdBundle     *bundle,
                        CdBundleDirection   direction,
                        const char         *office,
                        const char         *credential_id,
                        GError            **error)
{
  const char *name;

  g_return_val_if_fail (bundle != NULL && credential_id != NULL, FALSE);

  name = bundle->name != NULL ? bundle->name : "?";
  if (bundle->direction != direction)
    {
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_DIRECTION,
                   direction == CD_BUNDLE_RECEIPTS
                   ? _("%s is an outbox bundle, not central’s receipts: import here the file "
                       "central gave back")
                   : _("%s holds central’s receipts, not an outbox to file"), name);
      return FALSE;
    }
  if ((office != NULL && g_strcmp0 (bundle->office, office) != 0)
      || g_strcmp0 (bundle->credential_id, credential_id) != 0)
    {
      g_set_error (error, CD_BUNDLE_ERROR, CD_BUNDLE_ERROR_OFFICE,
                   _("%s is for another office (%s, credentials %s), not this one (%s, "
                     "credentials %s). Nothing was imported."), name,
                   bundle->office != NULL ? bundle->office : "?", bundle->credential_id,
                   office != NULL ? office : "?", credential_id);
      return FALSE;
    }
  return TRUE;
}
