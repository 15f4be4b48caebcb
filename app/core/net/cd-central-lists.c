/* cd-central-lists.c — GET /central/lists and /central/lists/ID with the office's credentials. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-central-client.h"
#include "cd-central-lists.h"
#include "cd-json-safe.h"
#include "cd-json-util.h"

#define MAX_INDEX_BYTES (4 * 1024 * 1024)
/* An entry per list of the office, some ten members each. */
#define MAX_INDEX_VALUES 200000
#define MAX_ENVELOPE_BYTES (16 * 1024 * 1024)

void
cd_central_list_entry_free (CdCentralListEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->unit_code);
  g_free (entry->unit_name);
  g_free (entry->dossier_code);
  g_free (entry->period);
  g_free (entry->received_at);
  g_free (entry);
}

static CdHttpResponse *
get (CdHttpClient              *http,
     const char                *central_url,
     const CdOfficeCredential  *credential,
     const char                *path,
     gsize                      max_body,
     char                     **out_url,
     GCancellable              *cancellable,
     GError                   **error)
{
  g_autofree char *base = g_strdup (central_url);
  g_autofree char *url = NULL;
  g_autofree char *authorization = cd_office_credential_to_basic_auth (credential);
  g_autoptr(CdHttpRequest) request = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  while (*base != '\0' && base[strlen (base) - 1] == '/')
    base[strlen (base) - 1] = '\0';
  url = g_strconcat (base, path, NULL);
  request = cd_http_request_new ("GET", url);
  cd_http_request_add_header (request, "Authorization", authorization);
  cd_http_request_set_max_body (request, max_body);
  response = cd_http_client_send (http, request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (!cd_central_check_access (response, NULL, error))
    return NULL;
  if (response->status != 200)
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REJECTED,
                   _("%s: the central system did not serve the list (HTTP %u)"), url,
                   response->status);
      return NULL;
    }
  if (out_url != NULL)
    *out_url = g_steal_pointer (&url);
  return g_steal_pointer (&response);
}

static gboolean
bad_answer (GError     **error,
            const char  *url)
{
  g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER,
               _("%s: the central system's list of lists is not what the protocol says"), url);
  return FALSE;
}

GPtrArray *
cd_central_lists_fetch_index (CdHttpClient              *http,
                              const char                *central_url,
                              const CdOfficeCredential  *credential,
                              GCancellable              *cancellable,
                              GError                   **error)
{
  g_autofree char *url = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) entries = NULL;
  JsonNode *root;
  JsonArray *lists;
  gsize length;
  const char *data;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (central_url != NULL && credential != NULL, NULL);

  response = get (http, central_url, credential, "/central/lists", MAX_INDEX_BYTES, &url,
                  cancellable, error);
  if (response == NULL)
    return NULL;
  data = g_bytes_get_data (response->body, &length);
  if (!cd_json_safe_check (data, length, url, MAX_INDEX_BYTES, 8, MAX_INDEX_VALUES, error)
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return bad_answer (error, url), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (lists = cd_json_member_array (json_node_get_object (root), "lists")) == NULL)
    return bad_answer (error, url), NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_central_list_entry_free);
  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonNode *node = json_array_get_element (lists, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      CdCentralListEntry *entry;
      const char *id = object != NULL
                       ? json_object_get_string_member_with_default (object, "id", NULL) : NULL;
      gint64 rows = object != NULL
                    ? json_object_get_int_member_with_default (object, "rows", -1) : -1;

      /* The id goes into a URL: plain letters, digits, '-' and '_' only. */
      if (id == NULL || id[0] == '\0' || strlen (id) > 64
          || strspn (id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
             != strlen (id)
          || rows < 0 || rows > G_MAXUINT)
        return bad_answer (error, url), NULL;
      entry = g_new0 (CdCentralListEntry, 1);
      entry->id = g_strdup (id);
      entry->unit_code = g_strdup (json_object_get_string_member_with_default (object,
                                                                               "unit_code", ""));
      entry->unit_name = g_strdup (json_object_get_string_member_with_default (object,
                                                                               "unit_name",
                                                                               NULL));
      entry->dossier_code = g_strdup (json_object_get_string_member_with_default (
                                        object, "dossier_code", ""));
      entry->period = g_strdup (json_object_get_string_member_with_default (object, "period",
                                                                            ""));
      entry->received_at = g_strdup (json_object_get_string_member_with_default (
                                       object, "received_at", ""));
      entry->rows = (guint) rows;
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

GBytes *
cd_central_lists_fetch_envelope (CdHttpClient              *http,
                                 const char                *central_url,
                                 const CdOfficeCredential  *credential,
                                 const char                *id,
                                 char                     **out_url,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  g_autofree char *path = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (central_url != NULL && credential != NULL && id != NULL, NULL);

  path = g_strconcat ("/central/lists/", id, NULL);
  response = get (http, central_url, credential, path, MAX_ENVELOPE_BYTES, out_url, cancellable,
                  error);
  if (response == NULL)
    return NULL;
  return g_bytes_ref (response->body);
}
