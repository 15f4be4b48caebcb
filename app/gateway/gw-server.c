/* gw-server.c — the reference gateway's HTTP server: listening, routing, shared helpers. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "gw-server.h"

#include "gw-central-people.h"
#include "gw-central.h"
#include "gw-civil.h"
#include "gw-control.h"
#include "gw-enrolment.h"
#include "gw-lists.h"
#include "gw-medical.h"
#include "gw-population.h"
#include "gw-rule-packs.h"

struct _GwServer
{
  SoupServer *soup;
  GwFaults   *faults;     /* owned */
  GwWorld    *world;      /* owned */
  GwSigning  *signing;    /* owned */
  GwEnrolment *enrolment;
  GwCentral  *central;
  GwRulePacks *rule_packs;
  GwLists    *lists;
};

GwLists *
gw_server_get_lists (GwServer *self)
{
  return self->lists;
}

GwRulePacks *
gw_server_get_rule_packs (GwServer *self)
{
  return self->rule_packs;
}

GwEnrolment *
gw_server_get_enrolment (GwServer *self)
{
  return self->enrolment;
}

GwSigning *
gw_server_get_signing (GwServer *self)
{
  return self->signing;
}

SoupServer *
gw_server_get_soup (GwServer *self)
{
  return self->soup;
}

GwFaults *
gw_server_get_faults (GwServer *self)
{
  return self->faults;
}

void
gw_server_respond (GwServer          *self,
                   SoupServerMessage *msg,
                   guint              status,
                   const char        *content_type,
                   GBytes            *body,
                   GwBodyKind         kind)
{
  gw_faults_respond (self->faults, msg, status, content_type, body, kind);
}

void
gw_server_respond_json (GwServer          *self,
                        SoupServerMessage *msg,
                        guint              status,
                        JsonNode          *root)
{
  gsize length = 0;
  char *json = json_to_string (root, FALSE);
  g_autoptr(GBytes) body = NULL;

  length = strlen (json);
  body = g_bytes_new_take (json, length);
  gw_server_respond (self, msg, status, "application/json", body, GW_BODY_JSON);
}

JsonNode *
gw_parse_json_body (SoupServerMessage  *msg,
                    GError            **error)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) length, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

void
gw_reply_json (SoupServerMessage *msg,
               guint              status,
               const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

void
gw_reply_error (SoupServerMessage *msg,
                guint              status,
                const char        *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  gw_reply_json (msg, status, json);
}

static void
handle_health (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autofree char *json = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "only GET is allowed here");
      return;
    }
  json = g_strdup_printf ("{\"status\":\"ok\",\"service\":\"claimdesk-gateway\",\"version\":\"%s\"}",
                          PACKAGE_VERSION);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

/* GET /medical/status, /civil/status, /population/status: the played system is up (OURS, for the
 * connection check). Answered through the fault layer, like the system's other answers. */
static void
handle_system_status (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  GwServer *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *system = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "only GET is allowed here");
      return;
    }
  /* "/medical/status" → "medical"; "/civil/status" names the civil-status system. */
  system = g_strndup (path + 1, strchr (path + 1, '/') - (path + 1));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "system");
  json_builder_add_string_value (builder, g_str_equal (system, "civil") ? "civil-status" : system);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  gw_server_respond_json (self, msg, SOUP_STATUS_OK, answer);
}

static void
handle_not_found (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  g_autofree char *reason = g_strdup_printf ("no such endpoint: %s", path);
  gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, reason);
}

GwServer *
gw_server_new (GwFaults  *faults,
               GwWorld   *world,
               GwSigning *signing)
{
  GwServer *self = g_new0 (GwServer, 1);

  self->soup = soup_server_new ("server-header", "claimdesk-gateway/" PACKAGE_VERSION, NULL);
  self->faults = faults;
  self->world = world;
  self->signing = signing;
  soup_server_add_handler (self->soup, NULL, handle_not_found, self, NULL);
  soup_server_add_handler (self->soup, "/health", handle_health, self, NULL);
  soup_server_add_handler (self->soup, "/medical/status", handle_system_status, self, NULL);
  soup_server_add_handler (self->soup, "/civil/status", handle_system_status, self, NULL);
  soup_server_add_handler (self->soup, "/population/status", handle_system_status, self, NULL);
  gw_control_register (self);
  self->enrolment = gw_enrolment_new (self);
  self->central = gw_central_new (self, self->enrolment);
  self->rule_packs = gw_rule_packs_new (self);
  gw_central_people_register (self, self->central, world);
  gw_medical_register (self, world);
  gw_civil_register (self, world);
  gw_population_register (self, world);
  self->lists = gw_lists_new (self, world);
  return self;
}

void
gw_server_free (GwServer *self)
{
  if (self == NULL)
    return;
  soup_server_disconnect (self->soup);
  g_clear_pointer (&self->central, gw_central_free);
  g_clear_pointer (&self->lists, gw_lists_free);
  g_clear_pointer (&self->rule_packs, gw_rule_packs_free);
  g_clear_pointer (&self->enrolment, gw_enrolment_free);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->faults, gw_faults_free);
  g_clear_pointer (&self->world, gw_world_free);
  g_clear_pointer (&self->signing, gw_signing_free);
  g_free (self);
}

/* Accepts HOST:PORT or [HOST]:PORT. The gateway plays national systems with synthetic data and has
 * no authentication of its own, so it only ever listens on a loopback address. */
gboolean
gw_server_listen (GwServer    *self,
                  const char  *listen,
                  GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon = strrchr (listen, ':');
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen %s: expected HOST:PORT, e.g. 127.0.0.1:0", listen);
      return FALSE;
    }
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *bare = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = bare;
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen %s: the gateway listens on loopback addresses only", listen);
      return FALSE;
    }

  address = g_inet_socket_address_new (inet, (guint16) port);
  return soup_server_listen (self->soup, address,
                             soup_server_get_tls_certificate (self->soup) != NULL
                             ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

gboolean
gw_server_set_tls (GwServer    *self,
                   const char  *certificate_file,
                   const char  *key_file,
                   GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (certificate_file, key_file,
                                                                             error);
  if (certificate == NULL)
    return FALSE;
  g_object_set (self->soup, "tls-certificate", certificate, NULL);
  return TRUE;
}

char *
gw_server_get_base_url (GwServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  g_autofree char *url = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);
      const char *scheme = g_uri_get_scheme (uri);

      if (strchr (host, ':') != NULL)
        url = g_strdup_printf ("%s://[%s]:%d", scheme, host, g_uri_get_port (uri));
      else
        url = g_strdup_printf ("%s://%s:%d", scheme, host, g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&url);
}
