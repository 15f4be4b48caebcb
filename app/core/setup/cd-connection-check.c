/* cd-connection-check.c — can this workstation reach each system, and if not, exactly why. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-central-client.h"
#include "cd-connection-check.h"

#define CHECK_TIMEOUT_MS 10000

static const char * const status_names[] = {
  [CD_CONNECTION_OK] = "ok",
  [CD_CONNECTION_NOT_CONFIGURED] = "not-configured",
  [CD_CONNECTION_INSECURE_URL] = "insecure-url",
  [CD_CONNECTION_DNS] = "dns",
  [CD_CONNECTION_REFUSED] = "refused",
  [CD_CONNECTION_UNREACHABLE] = "unreachable",
  [CD_CONNECTION_TIMEOUT] = "timeout",
  [CD_CONNECTION_TLS_HANDSHAKE] = "tls-handshake",
  [CD_CONNECTION_CERT_UNTRUSTED] = "certificate-untrusted",
  [CD_CONNECTION_CERT_EXPIRED] = "certificate-expired",
  [CD_CONNECTION_CERT_NAME_MISMATCH] = "certificate-name-mismatch",
  [CD_CONNECTION_HTTP_STATUS] = "http-status",
  [CD_CONNECTION_NOT_ENROLLED] = "not-enrolled",
  [CD_CONNECTION_CREDENTIALS_REFUSED] = "credentials-refused",
  [CD_CONNECTION_REVOKED] = "revoked",
  [CD_CONNECTION_FAILED] = "failed",
};

const char *
cd_connection_status_to_string (CdConnectionStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

void
cd_connection_result_free (CdConnectionResult *result)
{
  if (result == NULL)
    return;
  g_free (result->url);
  g_free (result->message);
  g_free (result);
}

static CdConnectionStatus
status_for_http_error (const GError *error)
{
  if (error->domain != CD_HTTP_ERROR)
    return CD_CONNECTION_FAILED;
  switch ((CdHttpError) error->code)
    {
    case CD_HTTP_ERROR_REFUSED_URL:
      return CD_CONNECTION_INSECURE_URL;
    case CD_HTTP_ERROR_RESOLVE:
      return CD_CONNECTION_DNS;
    case CD_HTTP_ERROR_CONNECT:
      return CD_CONNECTION_REFUSED;
    case CD_HTTP_ERROR_UNREACHABLE:
      return CD_CONNECTION_UNREACHABLE;
    case CD_HTTP_ERROR_TIMEOUT:
      return CD_CONNECTION_TIMEOUT;
    case CD_HTTP_ERROR_TLS:
      return CD_CONNECTION_TLS_HANDSHAKE;
    case CD_HTTP_ERROR_CERT_UNTRUSTED:
      return CD_CONNECTION_CERT_UNTRUSTED;
    case CD_HTTP_ERROR_CERT_EXPIRED:
      return CD_CONNECTION_CERT_EXPIRED;
    case CD_HTTP_ERROR_CERT_NAME:
      return CD_CONNECTION_CERT_NAME_MISMATCH;
    case CD_HTTP_ERROR_STATUS:
      return CD_CONNECTION_HTTP_STATUS;
    case CD_HTTP_ERROR_RESET:
    case CD_HTTP_ERROR_TRUNCATED:
    case CD_HTTP_ERROR_TOO_LARGE:
    case CD_HTTP_ERROR_FAILED:
    default:
      return CD_CONNECTION_FAILED;
    }
}

static CdConnectionStatus
status_for_central_error (const GError *error)
{
  if (error->domain != CD_CENTRAL_ERROR)
    return status_for_http_error (error);
  switch ((CdCentralError) error->code)
    {
    case CD_CENTRAL_ERROR_NOT_ENROLLED:
      return CD_CONNECTION_NOT_ENROLLED;
    case CD_CENTRAL_ERROR_CREDENTIALS:
      return CD_CONNECTION_CREDENTIALS_REFUSED;
    case CD_CENTRAL_ERROR_REVOKED:
      return CD_CONNECTION_REVOKED;
    /* The token request got an error status that says nothing of the credentials. */
    case CD_CENTRAL_ERROR_UNAUTHORIZED:
    case CD_CENTRAL_ERROR_REJECTED:
      return CD_CONNECTION_HTTP_STATUS;
    case CD_CENTRAL_ERROR_BAD_ANSWER:
    default:
      return CD_CONNECTION_FAILED;
    }
}

static void
set_result (CdConnectionResult *result,
            CdConnectionStatus  status,
            char               *message)
{
  result->status = status;
  g_free (result->message);
  result->message = message;
}

/* After a reachable central: the office's credentials, for the officer, then an authorized call. */
static void
check_central_access (CdConnectionResult        *result,
                      CdHttpClient              *http,
                      const char                *base_url,
                      const CdOfficeCredential  *credential,
                      const char                *officer,
                      GCancellable              *cancellable)
{
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (credential == NULL)
    {
      set_result (result, CD_CONNECTION_NOT_ENROLLED,
                  g_strdup (_("Reachable, but this workstation is not enrolled: it has no office "
                              "credentials")));
      return;
    }
  if (officer == NULL || *officer == '\0')
    {
      /* Central issues tokens per officer: with nobody to act for, reachable is all one knows. */
      set_result (result, CD_CONNECTION_OK,
                  g_strdup (_("Reachable; the office’s credentials were not checked, as no "
                              "officer was named")));
      return;
    }

  central = cd_central_client_new (http, base_url, credential, officer);
  if (!cd_central_client_authenticate (central, cancellable, &error))
    {
      set_result (result, status_for_central_error (error), g_strdup (error->message));
      return;
    }
  response = cd_central_client_get (central, cd_system_get_status_path (CD_SYSTEM_CENTRAL), NULL,
                                    cancellable, &error);
  if (response == NULL)
    {
      set_result (result, status_for_central_error (error), g_strdup (error->message));
      return;
    }
  result->http_status = response->status;
  if (response->status != 200)
    {
      set_result (result, CD_CONNECTION_HTTP_STATUS,
                  g_strdup_printf (_("The server answered HTTP %u at %s"), response->status,
                                   response->url));
      return;
    }
  set_result (result, CD_CONNECTION_OK,
              g_strdup_printf (_("Reachable; central accepts the office’s credentials for officer "
                                 "%s"), officer));
}

static CdConnectionResult *
check_one (CdHttpClient              *http,
           CdSystem                   system,
           const char                *base_url,
           const CdOfficeCredential  *credential,
           const char                *officer,
           GCancellable              *cancellable,
           GError                   **error)
{
  g_autoptr(CdHttpRequest) request = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) local_error = NULL;
  CdConnectionResult *result = g_new0 (CdConnectionResult, 1);
  gint64 started = g_get_monotonic_time ();

  result->system = system;
  if (base_url == NULL || *base_url == '\0')
    {
      set_result (result, CD_CONNECTION_NOT_CONFIGURED, g_strdup (_("No address is configured")));
      return result;
    }
  result->url = g_strconcat (base_url, cd_system_get_status_path (system), NULL);
  request = cd_http_request_new ("GET", result->url);
  cd_http_request_set_single_attempt (request, TRUE);
  cd_http_request_set_timeout_ms (request, CHECK_TIMEOUT_MS);
  cd_http_request_set_max_body (request, 64 * 1024);

  response = cd_http_client_send (http, request, cancellable, &local_error);
  if (response == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          cd_connection_result_free (result);
          return NULL;
        }
      set_result (result, status_for_http_error (local_error), g_strdup (local_error->message));
    }
  else
    {
      result->http_status = response->status;
      /* Central's status needs a token: a 401 without one says it is there and listening. */
      if (response->status == 200 || (system == CD_SYSTEM_CENTRAL && response->status == 401))
        {
          if (system == CD_SYSTEM_CENTRAL)
            check_central_access (result, http, base_url, credential, officer, cancellable);
          else
            set_result (result, CD_CONNECTION_OK, g_strdup (_("Reachable")));
        }
      else
        set_result (result, CD_CONNECTION_HTTP_STATUS,
                    g_strdup_printf (_("The server answered HTTP %u at %s"), response->status,
                                     result->url));
    }
  result->elapsed_us = g_get_monotonic_time () - started;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      cd_connection_result_free (result);
      return NULL;
    }
  return result;
}

GPtrArray *
cd_connection_check_run (CdHttpClient              *http,
                         const CdEndpoints         *endpoints,
                         const CdOfficeCredential  *credential,
                         const char                *officer,
                         GCancellable              *cancellable,
                         GError                   **error)
{
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (endpoints != NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_connection_result_free);
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    {
      CdConnectionResult *result = check_one (http, i, cd_endpoints_get (endpoints, i), credential,
                                              officer, cancellable, error);

      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

typedef struct
{
  CdEndpoints        *endpoints;
  CdOfficeCredential *credential;
  char               *officer;
} CheckData;

static void
check_data_free (CheckData *data)
{
  cd_endpoints_free (data->endpoints);
  cd_office_credential_free (data->credential);
  g_free (data->officer);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;
  GPtrArray *results = cd_connection_check_run (source_object, data->endpoints, data->credential,
                                                data->officer, cancellable, &error);

  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_connection_check_run_async (CdHttpClient              *http,
                               const CdEndpoints         *endpoints,
                               const CdOfficeCredential  *credential,
                               const char                *officer,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (CD_IS_HTTP_CLIENT (http));
  g_return_if_fail (endpoints != NULL);

  task = g_task_new (http, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_connection_check_run_async);
  data = g_new0 (CheckData, 1);
  data->endpoints = cd_endpoints_copy (endpoints);
  data->credential = credential != NULL ? cd_office_credential_copy (credential) : NULL;
  data->officer = g_strdup (officer);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

GPtrArray *
cd_connection_check_run_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_connection_check_run_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
