/* cd-enrolment.c — a one-time code exchanged for the office's identity and credentials. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-enrolment.h"

#define MAX_CODE_LENGTH 64
#define MAX_ANSWER_BYTES (64 * 1024)

G_DEFINE_QUARK (cd-enrolment-error-quark, cd_enrolment_error)

CdEnrolment *
cd_enrolment_copy (const CdEnrolment *enrolment)
{
  CdEnrolment *copy;

  g_return_val_if_fail (enrolment != NULL, NULL);

  copy = g_new0 (CdEnrolment, 1);
  copy->central_url = g_strdup (enrolment->central_url);
  copy->office_code = g_strdup (enrolment->office_code);
  copy->office_name = g_strdup (enrolment->office_name);
  copy->province = g_strdup (enrolment->province);
  copy->credential = enrolment->credential != NULL
                     ? cd_office_credential_copy (enrolment->credential) : NULL;
  return copy;
}

void
cd_enrolment_free (CdEnrolment *enrolment)
{
  if (enrolment == NULL)
    return;
  g_free (enrolment->central_url);
  g_free (enrolment->office_code);
  g_free (enrolment->office_name);
  g_free (enrolment->province);
  g_clear_pointer (&enrolment->credential, cd_office_credential_free);
  g_free (enrolment);
}

/* Letters, digits and '-': what central prints; spaces around it are forgiven. */
static char *
normalize_code (const char  *code,
                GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (code));
  gsize length = strlen (trimmed);

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (trimmed[i]) && trimmed[i] != '-')
      length = 0;
  if (length == 0 || length > MAX_CODE_LENGTH)
    {
      g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_INVALID_CODE,
                   _("“%s” is not an enrolment code: central’s codes are letters, digits and "
                     "dashes"), code);
      return NULL;
    }
  return g_ascii_strup (trimmed, -1);
}

static const char *
member (JsonObject *object,
        const char *name)
{
  const char *value = object != NULL
                      ? json_object_get_string_member_with_default (object, name, NULL) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
refusal_error (CdHttpResponse  *response,
               JsonObject      *answer,
               const char      *code,
               GError         **error)
{
  const char *reason = member (answer, "error");

  if (g_strcmp0 (reason, "unknown_code") == 0)
    g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_UNKNOWN_CODE,
                 _("The central system at %s has issued no enrolment code %s; check the code, or "
                   "ask central for a new one"), response->url, code);
  else if (g_strcmp0 (reason, "code_used") == 0)
    g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_CODE_USED,
                 _("The enrolment code %s has already been used; each code enrols one "
                   "workstation once: ask central for a new one"), code);
  else if (g_strcmp0 (reason, "code_expired") == 0)
    g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_CODE_EXPIRED,
                 _("The enrolment code %s has expired; ask central for a new one"), code);
  else
    g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_REFUSED,
                 _("%s: the central system refused the enrolment (HTTP %u%s%s)"), response->url,
                 response->status, reason != NULL ? ": " : "", reason != NULL ? reason : "");
  return FALSE;
}

CdEnrolment *
cd_enrolment_exchange (CdHttpClient  *http,
                       const char    *central_url,
                       const char    *code,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CdHttpRequest) request = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *answer = NULL;
  JsonObject *office;
  JsonObject *credential;
  CdEnrolment *enrolment;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (central_url != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  normalized = normalize_code (code, error);
  if (normalized == NULL)
    return NULL;

  base = g_strdup (central_url);
  while (*base != '\0' && base[strlen (base) - 1] == '/')
    base[strlen (base) - 1] = '\0';
  url = g_strconcat (base, "/central/enrolment", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, normalized);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);
  length = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), length);

  request = cd_http_request_new ("POST", url);
  cd_http_request_set_body (request, "application/json", bytes);
  /* A one-time code: never sent twice (a POST is not retried unless marked idempotent). */
  cd_http_request_set_max_body (request, MAX_ANSWER_BYTES);
  response = cd_http_client_send (http, request, cancellable, error);
  if (response == NULL)
    return NULL;

  data = g_bytes_get_data (response->body, &length);
  if (data != NULL && json_parser_load_from_data (parser, data, (gssize) length, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    answer = json_node_get_object (json_parser_get_root (parser));

  if (response->status != 200)
    {
      refusal_error (response, answer, normalized, error);
      return NULL;
    }

  office = object_member (answer, "office");
  credential = object_member (answer, "credential");
  if (member (office, "code") == NULL || member (office, "name") == NULL
      || member (credential, "id") == NULL || member (credential, "secret") == NULL)
    {
      g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_BAD_ANSWER,
                   _("%s: the answer does not hold the office and its credentials"), url);
      return NULL;
    }

  enrolment = g_new0 (CdEnrolment, 1);
  {
    g_autofree char *joined = g_strconcat (member (credential, "id"), ":",
                                           member (credential, "secret"), NULL);

    enrolment->credential = cd_office_credential_parse (joined, NULL);
    memset (joined, 0, strlen (joined));
  }
  if (enrolment->credential == NULL)
    {
      cd_enrolment_free (enrolment);
      g_set_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_BAD_ANSWER,
                   _("%s: the office credentials in the answer are not well formed"), url);
      return NULL;
    }
  enrolment->central_url = g_steal_pointer (&base);
  enrolment->office_code = g_strdup (member (office, "code"));
  enrolment->office_name = g_strdup (member (office, "name"));
  enrolment->province = g_strdup (member (office, "province"));
  return enrolment;
}

typedef struct
{
  char *central_url;
  char *code;
} ExchangeData;

static void
exchange_data_free (ExchangeData *data)
{
  g_free (data->central_url);
  g_free (data->code);
  g_free (data);
}

static void
exchange_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ExchangeData *data = task_data;
  GError *error = NULL;
  CdEnrolment *enrolment = cd_enrolment_exchange (source_object, data->central_url, data->code,
                                                  cancellable, &error);

  if (enrolment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, enrolment, (GDestroyNotify) cd_enrolment_free);
}

void
cd_enrolment_exchange_async (CdHttpClient        *http,
                             const char          *central_url,
                             const char          *code,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExchangeData *data;

  g_return_if_fail (CD_IS_HTTP_CLIENT (http));
  g_return_if_fail (central_url != NULL);
  g_return_if_fail (code != NULL);

  task = g_task_new (http, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_enrolment_exchange_async);
  data = g_new0 (ExchangeData, 1);
  data->central_url = g_strdup (central_url);
  data->code = g_strdup (code);
  g_task_set_task_data (task, data, (GDestroyNotify) exchange_data_free);
  g_task_run_in_thread (task, exchange_thread);
}

CdEnrolment *
cd_enrolment_exchange_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_enrolment_exchange_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
