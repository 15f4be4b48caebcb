/* gw-enrolment.c — central's side of enrolment: codes, credentials, configuration, revocation. */
#include "config.h"

#include <string.h>

#include "gw-enrolment.h"

#define CODE_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

typedef struct
{
  char     *code;
  GwOffice  office;
  gint64    expires_at;   /* monotonic, µs */
  gboolean  used;
} Code;

typedef struct
{
  char     *id;
  char     *secret_sha256;   /* a real central keeps no secret in the clear; nor does this one */
  GwOffice  office;
  gboolean  revoked;
} Credential;

struct _GwEnrolment
{
  GwServer   *server;
  GHashTable *codes;             /* code → Code */
  GHashTable *credentials;       /* id → Credential */
  GHashTable *revoked_offices;   /* office code → itself */
  GHashTable *revoked_officers;  /* "OFFICE/login", or "*" + "/login" for every office → itself */
  gint64      serial;            /* of the configuration document */
  char       *issued_at;
  char       *endpoints[4];      /* overrides by system, NULL: the gateway's own URL */
  char       *register_path;     /* where the register is kept across restarts, or NULL */
};

static const char * const system_names[] = { "central", "medical", "civil-status", "population" };

static void
office_clear (GwOffice *office)
{
  g_free (office->code);
  g_free (office->name);
  g_free (office->province);
}

static void
office_copy (GwOffice       *to,
             const GwOffice *from)
{
  to->code = g_strdup (from->code);
  to->name = g_strdup (from->name);
  to->province = g_strdup (from->province);
}

static void
code_free (Code *code)
{
  g_free (code->code);
  office_clear (&code->office);
  g_free (code);
}

static void
credential_free (Credential *credential)
{
  g_free (credential->id);
  g_free (credential->secret_sha256);
  office_clear (&credential->office);
  g_free (credential);
}

static const GwOffice default_office = {
  (char *) GW_DEFAULT_OFFICE_CODE, (char *) GW_DEFAULT_OFFICE_NAME,
  (char *) GW_DEFAULT_OFFICE_PROVINCE,
};

static char *
random_code (void)
{
  GString *code = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, CODE_ALPHABET[g_random_int_range (0, sizeof CODE_ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

static char *
random_hex (guint bytes)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < bytes; i++)
    g_string_append_printf (text, "%02x", g_random_int_range (0, 256));
  return g_string_free (text, FALSE);
}

gboolean
gw_enrolment_add_code (GwEnrolment     *self,
                       const char      *text,
                       const GwOffice  *office,
                       gint64           lifetime_s,
                       GError         **error)
{
  g_autofree char *upper = g_ascii_strup (text, -1);
  Code *code;

  if (*upper == '\0' || strspn (upper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen (upper))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "enrolment code %s: letters, digits and dashes only", text);
      return FALSE;
    }
  if (g_hash_table_contains (self->codes, upper))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "enrolment code %s: issued already", text);
      return FALSE;
    }
  code = g_new0 (Code, 1);
  code->code = g_steal_pointer (&upper);
  office_copy (&code->office, office != NULL ? office : &default_office);
  code->expires_at = g_get_monotonic_time () + lifetime_s * G_USEC_PER_SEC;
  g_hash_table_insert (self->codes, code->code, code);
  return TRUE;
}

static void
add_office (JsonBuilder    *builder,
            const char     *member,
            const GwOffice *office)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, office->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, office->name);
  json_builder_set_member_name (builder, "province");
  json_builder_add_string_value (builder, office->province);
  json_builder_end_object (builder);
}

/* The register: the enrolled offices' credentials and every revocation, as central keeps them
 * across restarts. Written whole, atomically, after each change; read once at start. */
static JsonNode *
register_to_json (GwEnrolment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "credentials");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->credentials);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Credential *credential = value;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, credential->id);
      json_builder_set_member_name (builder, "secret_sha256");
      json_builder_add_string_value (builder, credential->secret_sha256);
      add_office (builder, "office", &credential->office);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, credential->revoked);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  for (guint t = 0; t < 2; t++)
    {
      GHashTable *set = t == 0 ? self->revoked_offices : self->revoked_officers;

      json_builder_set_member_name (builder, t == 0 ? "revoked_offices" : "revoked_officers");
      json_builder_begin_array (builder);
      g_hash_table_iter_init (&iter, set);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        json_builder_add_string_value (builder, key);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
register_save (GwEnrolment *self)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->register_path == NULL)
    return;
  root = register_to_json (self);
  text = json_to_string (root, TRUE);
  /* A failed write is loud but not fatal: the answer already given stands for this run. */
  if (!g_file_set_contents_full (self->register_path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_printerr ("claimdesk-gateway: register %s: %s\n", self->register_path, error->message);
}

static const char *
member_or_empty (JsonObject *object,
                 const char *member)
{
  return json_object_get_string_member_with_default (object, member, "");
}

static gboolean
register_load (GwEnrolment  *self,
               const char   *path,
               GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *credentials;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || !json_object_has_member (root = json_node_get_object (json_parser_get_root (parser)),
                                  "credentials"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not a gateway register (no \"credentials\")", path);
      return FALSE;
    }
  credentials = json_object_get_array_member (root, "credentials");
  for (guint i = 0; credentials != NULL && i < json_array_get_length (credentials); i++)
    {
      JsonObject *item = json_array_get_object_element (credentials, i);
      JsonObject *office = item != NULL
                           ? json_object_get_object_member (item, "office") : NULL;
      Credential *credential;

      if (office == NULL || json_object_get_string_member_with_default (item, "id", NULL) == NULL
          || json_object_get_string_member_with_default (item, "secret_sha256", NULL) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: credential %u is incomplete", path, i + 1);
          return FALSE;
        }
      credential = g_new0 (Credential, 1);
      credential->id = g_strdup (json_object_get_string_member (item, "id"));
      credential->secret_sha256 = g_strdup (json_object_get_string_member (item, "secret_sha256"));
      credential->office.code = g_strdup (member_or_empty (office, "code"));
      credential->office.name = g_strdup (member_or_empty (office, "name"));
      credential->office.province = g_strdup (member_or_empty (office, "province"));
      credential->revoked = json_object_get_boolean_member_with_default (item, "revoked", FALSE);
      g_hash_table_replace (self->credentials, credential->id, credential);
    }
  for (guint t = 0; t < 2; t++)
    {
      const char *member = t == 0 ? "revoked_offices" : "revoked_officers";
      JsonArray *array = json_object_has_member (root, member)
                         ? json_object_get_array_member (root, member) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        g_hash_table_add (t == 0 ? self->revoked_offices : self->revoked_officers,
                          g_strdup (json_array_get_string_element (array, i)));
    }
  return TRUE;
}

gboolean
gw_enrolment_set_register_file (GwEnrolment  *self,
                                const char   *path,
                                GError      **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !register_load (self, path, error))
    return FALSE;
  g_free (self->register_path);
  self->register_path = g_strdup (path);
  register_save (self);
  return TRUE;
}

static void
reply_refused (SoupServerMessage *msg,
               const char        *reason)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":\"%s\"}", reason);

  gw_reply_json (msg, SOUP_STATUS_FORBIDDEN, json);
}

static void
handle_enrol (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwEnrolment *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *suffix = NULL;
  const char *text;
  Credential *credential;
  Code *code;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  request = gw_parse_json_body (msg, &error);
  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request)
      || (text = json_object_get_string_member_with_default (json_node_get_object (request), "code",
                                                             NULL)) == NULL)
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "expected {\"code\": \"…\"}");
      return;
    }
  upper = g_ascii_strup (text, -1);
  code = g_hash_table_lookup (self->codes, upper);
  if (code == NULL)
    {
      reply_refused (msg, "unknown_code");
      return;
    }
  if (code->used)
    {
      reply_refused (msg, "code_used");
      return;
    }
  if (g_get_monotonic_time () >= code->expires_at)
    {
      reply_refused (msg, "code_expired");
      return;
    }

  /* Spent now, whatever happens to the answer on its way back. */
  code->used = TRUE;
  credential = g_new0 (Credential, 1);
  suffix = random_hex (6);
  credential->id = g_strconcat ("cred-", suffix, NULL);
  secret = random_hex (24);
  credential->secret_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
  office_copy (&credential->office, &code->office);
  g_hash_table_insert (self->credentials, credential->id, credential);
  register_save (self);

  json_builder_begin_object (builder);
  add_office (builder, "office", &credential->office);
  json_builder_set_member_name (builder, "credential");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, credential->id);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "configuration");
  json_builder_add_string_value (builder, "/central/configuration");
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, answer);
}

static void
reply_invalid_client (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                "Basic realm=\"central\"");
  gw_reply_json (msg, SOUP_STATUS_UNAUTHORIZED, "{\"error\":\"invalid_client\"}");
}

static gboolean
office_revoked (GwEnrolment      *self,
                const Credential *credential)
{
  return credential->revoked || g_hash_table_contains (self->revoked_offices, credential->office.code);
}

static void
reply_office_revoked (SoupServerMessage *msg,
                      const char        *office)
{
  g_autofree char *escaped = g_strescape (office, NULL);
  g_autofree char *json = g_strdup_printf ("{\"error\":\"revoked\",\"what\":\"office\",\"office\":\"%s\"}",
                                           escaped);

  gw_reply_json (msg, SOUP_STATUS_FORBIDDEN, json);
}

const char *
gw_enrolment_authorize_office (GwEnrolment       *self,
                               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *hash = NULL;
  gsize length = 0;
  Credential *credential;
  char *colon;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Basic "))
    {
      reply_invalid_client (msg);
      return NULL;
    }
  decoded = g_base64_decode (authorization + strlen ("Basic "), &length);
  pair = g_strndup ((const char *) decoded, length);
  colon = strchr (pair, ':');
  if (colon == NULL)
    {
      reply_invalid_client (msg);
      return NULL;
    }
  *colon = '\0';
  credential = g_hash_table_lookup (self->credentials, pair);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, colon + 1, -1);
  if (credential == NULL || g_strcmp0 (hash, credential->secret_sha256) != 0)
    {
      reply_invalid_client (msg);
      return NULL;
    }
  if (office_revoked (self, credential))
    {
      reply_office_revoked (msg, credential->office.code);
      return NULL;
    }
  return credential->id;
}

const GwOffice *
gw_enrolment_get_office (GwEnrolment *self,
                         const char  *credential_id)
{
  Credential *credential = g_hash_table_lookup (self->credentials, credential_id);

  return credential != NULL ? &credential->office : NULL;
}

gboolean
gw_enrolment_check_not_revoked (GwEnrolment       *self,
                                SoupServerMessage *msg,
                                const char        *credential_id,
                                const char        *officer)
{
  Credential *credential = g_hash_table_lookup (self->credentials, credential_id);
  g_autofree char *for_office = NULL;
  g_autofree char *for_any = NULL;

  if (credential == NULL || office_revoked (self, credential))
    {
      reply_office_revoked (msg, credential != NULL ? credential->office.code : "?");
      return FALSE;
    }
  for_office = g_strconcat (credential->office.code, "/", officer, NULL);
  for_any = g_strconcat ("*/", officer, NULL);
  if (g_hash_table_contains (self->revoked_officers, for_office)
      || g_hash_table_contains (self->revoked_officers, for_any))
    {
      g_autofree char *escaped = g_strescape (officer, NULL);
      g_autofree char *json = g_strdup_printf ("{\"error\":\"revoked\",\"what\":\"officer\","
                                               "\"officer\":\"%s\"}", escaped);

      gw_reply_json (msg, SOUP_STATUS_FORBIDDEN, json);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_enrolment_lookup_credential (GwEnrolment       *self,
                                const char        *credential_id,
                                const GwOffice   **office,
                                const char       **secret_sha256,
                                gboolean          *revoked)
{
  Credential *credential = g_hash_table_lookup (self->credentials, credential_id);

  if (credential == NULL)
    return FALSE;
  *office = &credential->office;
  *secret_sha256 = credential->secret_sha256;
  *revoked = office_revoked (self, credential);
  return TRUE;
}

/* ---- the configuration document ------------------------------------------------------------ */

static void
append_element (GString    *xml,
                const char *indent,
                const char *name,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (xml, "%s<%s>%s</%s>\n", indent, name, escaped, name);
}

/* The URL's last digit changed: a relay sending the workstation elsewhere. */
static void
tamper_configuration (char *xml)
{
  char *endpoint = strstr (xml, "<Endpoint ");
  char *end = endpoint != NULL ? strstr (endpoint, "</Endpoint>") : NULL;

  if (end != NULL && g_ascii_isdigit (end[-1]))
    end[-1] = end[-1] == '9' ? '8' : (char) (end[-1] + 1);
}

static void
handle_configuration (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  GwEnrolment *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *anchors = NULL;
  g_autofree char *signed_xml = NULL;
  g_autoptr(GBytes) body = NULL;
  const GwOffice *office;
  const char *credential_id;
  GwFaultConfig faults;
  GString *xml;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  credential_id = gw_enrolment_authorize_office (self, msg);
  if (credential_id == NULL)
    return;
  office = gw_enrolment_get_office (self, credential_id);
  anchors = gw_signing_dup_trust_anchors (gw_server_get_signing (self->server), &error);
  if (anchors == NULL)
    {
      gw_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  base_url = gw_server_get_base_url (self->server);

  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (xml, "<ClaimDeskConfiguration version=\"1\">\n");
  append_element (xml, "  ", "Issued", self->issued_at);
  g_string_append_printf (xml, "  <Serial>%" G_GINT64_FORMAT "</Serial>\n", self->serial);
  {
    g_autofree char *code = g_markup_escape_text (office->code, -1);
    g_autofree char *province = g_markup_escape_text (office->province, -1);
    g_autofree char *name = g_markup_escape_text (office->name, -1);

    g_string_append_printf (xml, "  <Office code=\"%s\" province=\"%s\">%s</Office>\n", code,
                            province, name);
  }
  g_string_append (xml, "  <Endpoints>\n");
  for (guint i = 0; i < G_N_ELEMENTS (system_names); i++)
    {
      g_autofree char *url = g_markup_escape_text (self->endpoints[i] != NULL ? self->endpoints[i]
                                                                               : base_url, -1);

      g_string_append_printf (xml, "    <Endpoint system=\"%s\">%s</Endpoint>\n", system_names[i],
                              url);
    }
  g_string_append (xml, "  </Endpoints>\n  <TrustAnchors>\n");
  append_element (xml, "    ", "TrustAnchor", anchors);
  g_string_append (xml, "  </TrustAnchors>\n</ClaimDeskConfiguration>\n");

  signed_xml = gw_signing_sign_configuration (gw_server_get_signing (self->server),
                                              g_string_free (xml, FALSE), &error);
  if (signed_xml == NULL)
    {
      gw_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  gw_faults_get (gw_server_get_faults (self->server), &faults);
  if (gw_faults_roll (gw_server_get_faults (self->server), faults.badsig_rate))
    tamper_configuration (signed_xml);
  body = g_bytes_new (signed_xml, strlen (signed_xml));
  gw_server_respond (self->server, msg, SOUP_STATUS_OK, "application/xml; charset=utf-8", body,
                     GW_BODY_XML);
}

/* ---- control ------------------------------------------------------------------------------- */

static gboolean
read_office (JsonObject  *object,
             GwOffice    *office)
{
  JsonNode *node = json_object_get_member (object, "office");
  JsonObject *given;

  if (node == NULL)
    {
      office_copy (office, &default_office);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  given = json_node_get_object (node);
  office->code = g_strdup (json_object_get_string_member_with_default (given, "code", NULL));
  office->name = g_strdup (json_object_get_string_member_with_default (given, "name", NULL));
  office->province = g_strdup (json_object_get_string_member_with_default (given, "province", ""));
  return office->code != NULL && office->name != NULL;
}

static void
handle_control_codes (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  GwEnrolment *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *json = NULL;
  g_autofree char *code = NULL;
  GwOffice office = { 0 };
  JsonObject *object;
  gint64 lifetime;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  request = gw_parse_json_body (msg, &error);
  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "expected a JSON object");
      return;
    }
  object = json_node_get_object (request);
  if (!read_office (object, &office))
    {
      office_clear (&office);
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "office: expected {\"code\", \"name\", \"province\"}");
      return;
    }
  lifetime = json_object_get_int_member_with_default (object, "expires_in", GW_DEFAULT_CODE_LIFETIME_S);
  code = g_strdup (json_object_get_string_member_with_default (object, "code", NULL));
  if (code == NULL)
    code = random_code ();
  if (!gw_enrolment_add_code (self, code, &office, lifetime, &error))
    {
      office_clear (&office);
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  {
    g_autofree char *upper = g_ascii_strup (code, -1);
    json_builder_add_string_value (builder, upper);
  }
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, lifetime);
  add_office (builder, "office", &office);
  json_builder_end_object (builder);
  office_clear (&office);
  answer = json_builder_get_root (builder);
  json = json_to_string (answer, FALSE);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

static void
handle_control_revocations (SoupServer        *soup,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data)
{
  GwEnrolment *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  JsonObject *object;
  const char *credential_id;
  const char *office;
  const char *officer;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  request = gw_parse_json_body (msg, &error);
  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "expected a JSON object");
      return;
    }
  object = json_node_get_object (request);
  credential_id = json_object_get_string_member_with_default (object, "credential", NULL);
  office = json_object_get_string_member_with_default (object, "office", NULL);
  officer = json_object_get_string_member_with_default (object, "officer", NULL);

  if (officer != NULL)
    {
      char *key = g_strconcat (office != NULL ? office : "*", "/", officer, NULL);
      g_hash_table_add (self->revoked_officers, key);
    }
  else if (credential_id != NULL)
    {
      Credential *credential = g_hash_table_lookup (self->credentials, credential_id);

      if (credential == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such credential");
          return;
        }
      credential->revoked = TRUE;
    }
  else if (office != NULL)
    g_hash_table_add (self->revoked_offices, g_strdup (office));
  else
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                      "expected {\"credential\"}, {\"office\"} or {\"officer\"[, \"office\"]}");
      return;
    }
  register_save (self);
  gw_reply_json (msg, SOUP_STATUS_OK, "{\"revoked\":true}");
}

static void
handle_control_configuration (SoupServer        *soup,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              gpointer           user_data)
{
  GwEnrolment *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  JsonObject *object;
  JsonNode *endpoints;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  request = gw_parse_json_body (msg, &error);
  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "expected a JSON object");
      return;
    }
  object = json_node_get_object (request);
  self->serial = json_object_get_int_member_with_default (object, "serial", self->serial);
  endpoints = json_object_get_member (object, "endpoints");
  if (endpoints != NULL && JSON_NODE_HOLDS_OBJECT (endpoints))
    for (guint i = 0; i < G_N_ELEMENTS (system_names); i++)
      {
        JsonObject *given = json_node_get_object (endpoints);

        if (json_object_has_member (given, system_names[i]))
          {
            g_free (self->endpoints[i]);
            self->endpoints[i] = g_strdup (json_object_get_string_member_with_default (given,
                                                                                     system_names[i],
                                                                                     NULL));
          }
      }
  gw_reply_json (msg, SOUP_STATUS_OK, "{\"changed\":true}");
}

static void
handle_control_state (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  GwEnrolment *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  GHashTableIter iter;
  gpointer value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Code *code = value;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code->code);
      json_builder_set_member_name (builder, "office");
      json_builder_add_string_value (builder, code->office.code);
      json_builder_set_member_name (builder, "used");
      json_builder_add_boolean_value (builder, code->used);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "credentials");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->credentials);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Credential *credential = value;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, credential->id);
      json_builder_set_member_name (builder, "office");
      json_builder_add_string_value (builder, credential->office.code);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, office_revoked (self, credential));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

GwEnrolment *
gw_enrolment_new (GwServer *server)
{
  GwEnrolment *self = g_new0 (GwEnrolment, 1);
  SoupServer *soup = gw_server_get_soup (server);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->server = server;
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) code_free);
  self->credentials = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) credential_free);
  self->revoked_offices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->revoked_officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->serial = 1;
  self->issued_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  soup_server_add_handler (soup, "/central/enrolment", handle_enrol, self, NULL);
  soup_server_add_handler (soup, "/central/configuration", handle_configuration, self, NULL);
  soup_server_add_handler (soup, "/_control/enrolment-codes", handle_control_codes, self, NULL);
  soup_server_add_handler (soup, "/_control/revocations", handle_control_revocations, self, NULL);
  soup_server_add_handler (soup, "/_control/configuration", handle_control_configuration, self,
                           NULL);
  soup_server_add_handler (soup, "/_control/enrolment", handle_control_state, self, NULL);
  return self;
}

void
gw_enrolment_free (GwEnrolment *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->codes);
  g_hash_table_unref (self->credentials);
  g_hash_table_unref (self->revoked_offices);
  g_hash_table_unref (self->revoked_officers);
  g_free (self->issued_at);
  g_free (self->register_path);
  for (guint i = 0; i < G_N_ELEMENTS (self->endpoints); i++)
    g_free (self->endpoints[i]);
  g_free (self);
}
