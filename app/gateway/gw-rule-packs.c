/* gw-rule-packs.c — central's rule-pack updates: the signed packs it serves to offices. */
#include "config.h"

#include "gw-rule-packs.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-bundle.h"
#include "cd-rule-pack-file.h"
#include "gw-enrolment.h"
#include "gw-signing.h"

#define PACKS_PREFIX "/central/rule-packs"

typedef struct
{
  char   *id;
  char   *effective;
  char   *sha256;
  GBytes *bytes;
} Pack;

struct _GwRulePacks
{
  GwServer  *server;
  GPtrArray *packs;  /* Pack, in publication order */
};

static void
pack_free (Pack *pack)
{
  g_free (pack->id);
  g_free (pack->effective);
  g_free (pack->sha256);
  g_clear_pointer (&pack->bytes, g_bytes_unref);
  g_free (pack);
}

static Pack *
find_pack (GwRulePacks *self,
           const char  *id)
{
  for (guint i = 0; i < self->packs->len; i++)
    if (g_str_equal (((Pack *) self->packs->pdata[i])->id, id))
      return self->packs->pdata[i];
  return NULL;
}

static void
handle_packs (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwRulePacks *self = user_data;
  GwEnrolment *enrolment = gw_server_get_enrolment (self->server);

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  if (gw_enrolment_authorize_office (enrolment, msg) == NULL)
    return;

  if (g_str_equal (path, PACKS_PREFIX) || g_str_equal (path, PACKS_PREFIX "/"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "packs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->packs->len; i++)
        {
          Pack *pack = self->packs->pdata[i];
          g_autofree char *url = g_strconcat (PACKS_PREFIX "/", pack->id, NULL);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, pack->id);
          json_builder_set_member_name (builder, "effective");
          json_builder_add_string_value (builder, pack->effective);
          json_builder_set_member_name (builder, "sha256");
          json_builder_add_string_value (builder, pack->sha256);
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, url);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, root);
      return;
    }
  if (g_str_has_prefix (path, PACKS_PREFIX "/"))
    {
      Pack *pack = find_pack (self, path + strlen (PACKS_PREFIX "/"));

      if (pack == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such rule pack");
          return;
        }
      gw_server_respond (self->server, msg, SOUP_STATUS_OK, "application/xml; charset=utf-8",
                         pack->bytes, GW_BODY_XML);
      return;
    }
  gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
}

/* A folder holding the request's files, for the builder; removed by the caller. */
static char *
write_files (JsonObject  *files,
             GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-rule-pack-XXXXXX", error);
  g_autoptr(GList) members = NULL;

  if (dir == NULL)
    return NULL;
  members = json_object_get_members (files);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *text = json_object_get_string_member_with_default (files, name, NULL);
      g_autofree char *path = NULL;
      g_autofree char *parent = NULL;

      if (!cd_rule_pack_file_path_is_valid (name) || text == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "files.%s: not a file a rule pack carries, or not a string", name);
          return NULL;
        }
      path = g_build_filename (dir, name, NULL);
      parent = g_path_get_dirname (path);
      g_mkdir_with_parents (parent, 0700);
      if (!g_file_set_contents (path, text, -1, error))
        return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
remove_files (const char *dir)
{
  const char *folders[] = { "calendars", "golden", "" };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (dir, folders[i], NULL);
      g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
      const char *name;

      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (!g_file_test (child, G_FILE_TEST_IS_DIR))
            g_unlink (child);
        }
      g_rmdir (path);
    }
}

/* One base64 character of the first carried file changed after signing: the signature no longer
 * matches, as when a relay damages the file. */
static void
tamper (char *xml)
{
  char *file = strstr (xml, "<File ");
  char *content = file != NULL ? strchr (file, '>') : NULL;

  if (content != NULL && content[1] != '\0' && content[2] != '\0')
    content[2] = content[2] == 'A' ? 'B' : 'A';
}

/* The same file with its signature taken out. */
static void
strip_signature (GString *xml)
{
  char *start = strstr (xml->str, "<CHUKYDONVI");
  char *end = start != NULL ? strstr (start, "</CHUKYDONVI>") : NULL;

  if (end != NULL)
    g_string_erase (xml, start - xml->str, end + strlen ("</CHUKYDONVI>") - start);
}

static void
handle_control (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  GwRulePacks *self = user_data;
  GwSigning *signing = gw_server_get_signing (self->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(CdSigningKey) untrusted = NULL;
  g_autoptr(GBytes) built = NULL;
  g_autofree char *files_dir = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GString) xml = NULL;
  JsonObject *object, *files;
  const char *id, *effective, *dir, *signature;
  CdSigningKey *key;
  CdDay day;
  Pack *pack;

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
  id = json_object_get_string_member_with_default (object, "id", NULL);
  effective = json_object_get_string_member_with_default (object, "effective", NULL);
  dir = json_object_get_string_member_with_default (object, "dir", NULL);
  files = json_object_has_member (object, "files")
            && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "files"))
          ? json_object_get_object_member (object, "files") : NULL;
  signature = json_object_get_string_member_with_default (object, "signature", "central");
  if (id == NULL || effective == NULL || !cd_date_parse (effective, &day)
      || (dir == NULL) == (files == NULL))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                      "expected {\"id\", \"effective\": \"YYYY-MM-DD\", \"dir\" | \"files\": "
                      "{\"parameters.json\": \"…\", …}, \"signature\"?: \"central\" | "
                      "\"untrusted\" | \"tampered\" | \"unsigned\"}");
      return;
    }
  if (g_str_equal (signature, "untrusted"))
    {
      g_autofree char *key_path = g_build_filename (gw_signing_get_pki_dir (signing), "untrusted",
                                                    "facilities", "99001.key.pem", NULL);
      g_autofree char *cert_path = g_build_filename (gw_signing_get_pki_dir (signing),
                                                     "untrusted", "facilities", "99001.cert.pem",
                                                     NULL);

      key = untrusted = cd_signing_key_new_from_files (key_path, cert_path, &error);
    }
  else
    key = gw_signing_get_central_key (signing, &error);
  if (key == NULL)
    {
      gw_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  if (files != NULL)
    {
      files_dir = write_files (files, &error);
      if (files_dir == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }
  built = cd_rule_pack_file_build (files_dir != NULL ? files_dir : dir, id, day, key, &error);
  if (files_dir != NULL)
    remove_files (files_dir);
  if (built == NULL)
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  xml = g_string_new_len (g_bytes_get_data (built, NULL), g_bytes_get_size (built));
  if (g_str_equal (signature, "tampered"))
    tamper (xml->str);
  else if (g_str_equal (signature, "unsigned"))
    strip_signature (xml);

  pack = find_pack (self, id);
  if (pack == NULL)
    {
      pack = g_new0 (Pack, 1);
      pack->id = g_strdup (id);
      g_ptr_array_add (self->packs, pack);
    }
  g_free (pack->effective);
  pack->effective = g_strdup (effective);
  g_clear_pointer (&pack->bytes, g_bytes_unref);
  g_free (pack->sha256);
  pack->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) xml->str,
                                              xml->len);
  pack->bytes = g_bytes_new (xml->str, xml->len);
  json = g_strdup_printf ("{\"id\":\"%s\",\"effective\":\"%s\",\"sha256\":\"%s\","
                          "\"url\":\"" PACKS_PREFIX "/%s\"}", id, effective, pack->sha256, id);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

GwRulePacks *
gw_rule_packs_new (GwServer *server)
{
  GwRulePacks *self = g_new0 (GwRulePacks, 1);
  SoupServer *soup = gw_server_get_soup (server);

  self->server = server;
  self->packs = g_ptr_array_new_with_free_func ((GDestroyNotify) pack_free);
  soup_server_add_handler (soup, PACKS_PREFIX, handle_packs, self, NULL);
  soup_server_add_handler (soup, "/_control/rule-packs", handle_control, self, NULL);
  return self;
}

void
gw_rule_packs_free (GwRulePacks *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->packs);
  g_free (self);
}

GPtrArray *
gw_rule_packs_payloads (GwRulePacks *self)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_bundle_payload_free);

  for (guint i = 0; i < self->packs->len; i++)
    {
      Pack *pack = self->packs->pdata[i];
      CdBundlePayload *payload = g_new0 (CdBundlePayload, 1);

      payload->kind = g_strdup ("rule_pack");
      payload->name = g_strdup (pack->id);
      payload->bytes = g_bytes_ref (pack->bytes);
      g_ptr_array_add (payloads, payload);
    }
  return payloads;
}
