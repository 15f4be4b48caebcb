/* cd-rule-pack-fetch.c — fetching the rule packs central offers that this workstation lacks. */
#include "config.h"

#include "cd-rule-pack-fetch.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-central-client.h"
#include "cd-data-dir.h"

#define MAX_LIST_BYTES (256 * 1024)
#define MAX_PACK_BYTES (8 * 1024 * 1024)

void
cd_rule_pack_fetch_report_free (CdRulePackFetchReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->installed, g_ptr_array_unref);
  g_clear_pointer (&report->refused, g_ptr_array_unref);
  g_free (report);
}

static CdHttpResponse *
get (CdHttpClient              *http,
     const char                *url,
     const CdOfficeCredential  *credential,
     gsize                      max_body,
     GCancellable              *cancellable,
     GError                   **error)
{
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autofree char *authorization = cd_office_credential_to_basic_auth (credential);
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_request_add_header (request, "Authorization", authorization);
  cd_http_request_set_max_body (request, max_body);
  response = cd_http_client_send (http, request, cancellable, error);
  if (response == NULL || !cd_central_check_access (response, NULL, error))
    return NULL;
  if (response->status != 200)
    {
      g_set_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS,
                   _("%s: the central system did not serve it (HTTP %u)"), url, response->status);
      return NULL;
    }
  return g_steal_pointer (&response);
}

CdRulePackFetchReport *
cd_rule_pack_fetch (CdHttpClient              *http,
                    const char                *central_url,
                    const CdOfficeCredential  *credential,
                    CdTrustStore              *trust,
                    const char                *packs_dir,
                    GCancellable              *cancellable,
                    GError                   **error)
{
  g_autoptr(CdRulePackFetchReport) report = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *base = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *default_dir = NULL;
  JsonNode *root;
  JsonArray *packs = NULL;
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (central_url != NULL, NULL);
  g_return_val_if_fail (credential != NULL, NULL);
  g_return_val_if_fail (CD_IS_TRUST_STORE (trust), NULL);

  if (packs_dir == NULL)
    packs_dir = default_dir = cd_data_dir_rule_packs ();
  base = g_strdup (central_url);
  while (*base != '\0' && base[strlen (base) - 1] == '/')
    base[strlen (base) - 1] = '\0';
  list_url = g_strconcat (base, "/central/rule-packs", NULL);
  response = get (http, list_url, credential, MAX_LIST_BYTES, cancellable, error);
  if (response == NULL)
    return NULL;
  data = g_bytes_get_data (response->body, &length);
  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) length, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "packs")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "packs"))
      || (packs = json_object_get_array_member (json_node_get_object (root), "packs")) == NULL)
    {
      g_set_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS,
                   _("%s: the answer is not a list of rule packs {\"packs\": […]}"), list_url);
      return NULL;
    }

  report = g_new0 (CdRulePackFetchReport, 1);
  report->installed = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_installed_pack_free);
  report->refused = g_ptr_array_new_with_free_func (g_free);
  report->listed = json_array_get_length (packs);
  for (guint i = 0; i < json_array_get_length (packs); i++)
    {
      JsonNode *node = json_array_get_element (packs, i);
      JsonObject *pack = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = pack != NULL ? json_object_get_string_member_with_default (pack, "id", NULL)
                                    : NULL;
      const char *url = pack != NULL ? json_object_get_string_member_with_default (pack, "url",
                                                                                   NULL)
                                     : NULL;
      g_autofree char *target = NULL;
      g_autofree char *manifest = NULL;
      g_autofree char *pack_url = NULL;
      g_autoptr(CdHttpResponse) file = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(CdInstalledPack) info = NULL;
      gboolean already = FALSE;

      if (!cd_installed_pack_id_is_valid (id) || url == NULL)
        {
          g_ptr_array_add (report->refused,
                           g_strdup_printf (_("%s: entry %u names no valid pack id and url"),
                                            list_url, i));
          continue;
        }
      /* Only what this workstation does not have: an installed id is never fetched again. */
      target = g_build_filename (packs_dir, id, NULL);
      manifest = g_build_filename (target, CD_INSTALLED_PACK_MANIFEST, NULL);
      if (g_file_test (manifest, G_FILE_TEST_EXISTS))
        continue;
      /* A path on central itself: the office's credentials go nowhere else. */
      if (url[0] != '/')
        {
          g_ptr_array_add (report->refused,
                           g_strdup_printf (_("%s: the url of pack %s is not a path on central"),
                                            list_url, id));
          continue;
        }
      pack_url = g_strconcat (base, url, NULL);
      file = get (http, pack_url, credential, MAX_PACK_BYTES, cancellable, &local_error);
      if (file == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_ptr_array_add (report->refused, g_strdup (local_error->message));
          continue;
        }
      if (!cd_rule_pack_install_bytes (file->body, pack_url, trust, packs_dir, &info, &already,
                                       &local_error))
        {
          g_ptr_array_add (report->refused, g_strdup (local_error->message));
          continue;
        }
      if (!already)
        g_ptr_array_add (report->installed, g_steal_pointer (&info));
    }
  return g_steal_pointer (&report);
}

typedef struct
{
  char               *central_url;
  CdOfficeCredential *credential;
  CdTrustStore       *trust;
  char               *packs_dir;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->central_url);
  cd_office_credential_free (data->credential);
  g_clear_object (&data->trust);
  g_free (data->packs_dir);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  GError *error = NULL;
  CdRulePackFetchReport *report = cd_rule_pack_fetch (source_object, data->central_url,
                                                      data->credential, data->trust,
                                                      data->packs_dir, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) cd_rule_pack_fetch_report_free);
}

void
cd_rule_pack_fetch_async (CdHttpClient              *http,
                          const char                *central_url,
                          const CdOfficeCredential  *credential,
                          CdTrustStore              *trust,
                          const char                *packs_dir,
                          GCancellable              *cancellable,
                          GAsyncReadyCallback        callback,
                          gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (CD_IS_HTTP_CLIENT (http));
  g_return_if_fail (central_url != NULL);
  g_return_if_fail (credential != NULL);
  g_return_if_fail (CD_IS_TRUST_STORE (trust));

  task = g_task_new (http, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_rule_pack_fetch_async);
  data = g_new0 (FetchData, 1);
  data->central_url = g_strdup (central_url);
  data->credential = cd_office_credential_copy (credential);
  data->trust = g_object_ref (trust);
  data->packs_dir = g_strdup (packs_dir);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

CdRulePackFetchReport *
cd_rule_pack_fetch_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
