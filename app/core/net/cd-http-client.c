/* cd-http-client.c — the workstation's HTTP client (libcurl), shared by every source. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <openssl/x509_vfy.h>
#include <string.h>

#include "cd-http-client.h"
#include "cd-url-policy.h"

#define DEFAULT_TIMEOUT_MS        15000
#define MAX_CONNECT_TIMEOUT_MS    10000
#define DEFAULT_MAX_BODY          (64 * 1024 * 1024)

G_DEFINE_QUARK (cd-http-error-quark, cd_http_error)

/* ---- Requests -------------------------------------------------------------------------------- */

struct _CdHttpRequest
{
  gatomicrefcount  ref_count;
  char            *method;
  char            *url;
  char            *content_type;
  GBytes          *body;
  GPtrArray       *headers;      /* "Name: value" */
  gboolean         idempotent;
  gboolean         single_attempt;
  guint            timeout_ms;
  gsize            max_body;
};

CdHttpRequest *
cd_http_request_new (const char *method,
                     const char *url)
{
  CdHttpRequest *request = g_new0 (CdHttpRequest, 1);

  g_return_val_if_fail (method != NULL && url != NULL, NULL);

  g_atomic_ref_count_init (&request->ref_count);
  request->method = g_ascii_strup (method, -1);
  request->url = g_strdup (url);
  request->headers = g_ptr_array_new_with_free_func (g_free);
  request->idempotent = g_str_equal (request->method, "GET") || g_str_equal (request->method, "HEAD");
  request->timeout_ms = DEFAULT_TIMEOUT_MS;
  request->max_body = DEFAULT_MAX_BODY;
  return request;
}

CdHttpRequest *
cd_http_request_ref (CdHttpRequest *request)
{
  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

/* A request to send again with other headers (a fresh token). */
CdHttpRequest *
cd_http_request_copy (CdHttpRequest *request)
{
  CdHttpRequest *copy = cd_http_request_new (request->method, request->url);

  cd_http_request_set_body (copy, request->content_type, request->body);
  for (guint i = 0; i < request->headers->len; i++)
    g_ptr_array_add (copy->headers, g_strdup (g_ptr_array_index (request->headers, i)));
  copy->idempotent = request->idempotent;
  copy->single_attempt = request->single_attempt;
  copy->timeout_ms = request->timeout_ms;
  copy->max_body = request->max_body;
  return copy;
}

void
cd_http_request_unref (CdHttpRequest *request)
{
  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;
  g_free (request->method);
  g_free (request->url);
  g_free (request->content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_ptr_array_unref (request->headers);
  g_free (request);
}

void
cd_http_request_set_body (CdHttpRequest *request,
                          const char    *content_type,
                          GBytes        *body)
{
  g_free (request->content_type);
  request->content_type = g_strdup (content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
cd_http_request_add_header (CdHttpRequest *request,
                            const char    *name,
                            const char    *value)
{
  g_ptr_array_add (request->headers, g_strdup_printf ("%s: %s", name, value));
}

void
cd_http_request_set_idempotent (CdHttpRequest *request,
                                gboolean       idempotent)
{
  request->idempotent = idempotent;
}

void
cd_http_request_set_timeout_ms (CdHttpRequest *request,
                                guint          timeout_ms)
{
  request->timeout_ms = timeout_ms;
}

void
cd_http_request_set_max_body (CdHttpRequest *request,
                              gsize          max_bytes)
{
  request->max_body = max_bytes;
}

void
cd_http_request_set_single_attempt (CdHttpRequest *request,
                                    gboolean       single_attempt)
{
  request->single_attempt = single_attempt;
}

const char *
cd_http_request_get_url (CdHttpRequest *request)
{
  return request->url;
}

const char *
cd_http_request_get_method (CdHttpRequest *request)
{
  return request->method;
}

void
cd_http_response_free (CdHttpResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->url);
  g_free (response);
}

/* ---- The client ------------------------------------------------------------------------------ */

struct _CdHttpClient
{
  GObject            parent_instance;

  CURLSH            *share;
  GMutex             share_locks[CURL_LOCK_DATA_LAST];
  GMutex             lock;           /* guards ca_file and retry */
  char              *ca_file;
  CdHttpRetryPolicy  retry;
  gint               connections_opened;  /* atomic */
};

G_DEFINE_FINAL_TYPE (CdHttpClient, cd_http_client, G_TYPE_OBJECT)

static void
ensure_curl_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }
}

static void
share_lock (CURL             *handle,
            curl_lock_data    data,
            curl_lock_access  access,
            void             *user_data)
{
  CdHttpClient *self = user_data;
  g_mutex_lock (&self->share_locks[data]);
}

static void
share_unlock (CURL           *handle,
              curl_lock_data  data,
              void           *user_data)
{
  CdHttpClient *self = user_data;
  g_mutex_unlock (&self->share_locks[data]);
}

CdHttpClient *
cd_http_client_new (void)
{
  return g_object_new (CD_TYPE_HTTP_CLIENT, NULL);
}

void
cd_http_client_set_ca_file (CdHttpClient *self,
                            const char   *ca_file)
{
  g_return_if_fail (CD_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_mutex_unlock (&self->lock);
}

void
cd_http_client_set_retry_policy (CdHttpClient            *self,
                                 const CdHttpRetryPolicy *policy)
{
  g_return_if_fail (CD_IS_HTTP_CLIENT (self));
  g_return_if_fail (policy->max_attempts >= 1);

  g_mutex_lock (&self->lock);
  self->retry = *policy;
  g_mutex_unlock (&self->lock);
}

void
cd_http_client_get_retry_policy (CdHttpClient      *self,
                                 CdHttpRetryPolicy *policy)
{
  g_return_if_fail (CD_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  *policy = self->retry;
  g_mutex_unlock (&self->lock);
}

guint
cd_http_client_get_connections_opened (CdHttpClient *self)
{
  g_return_val_if_fail (CD_IS_HTTP_CLIENT (self), 0);
  return (guint) g_atomic_int_get (&self->connections_opened);
}

/* One transfer's state, handed to libcurl's callbacks. */
typedef struct
{
  GByteArray   *body;
  gsize         max_body;
  gboolean      too_large;
  GCancellable *cancellable;
} Transfer;

static size_t
on_body_data (char   *data,
              size_t  size,
              size_t  count,
              void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length = size * count;

  if (transfer->body->len + length > transfer->max_body)
    {
      transfer->too_large = TRUE;
      return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (transfer->body, (const guint8 *) data, length);
  return length;
}

static int
on_progress (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  download_now,
             curl_off_t  upload_total,
             curl_off_t  upload_now)
{
  Transfer *transfer = user_data;
  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

typedef enum
{
  OUTCOME_DONE,        /* a response to give back */
  OUTCOME_TRANSIENT,   /* worth another attempt, if the request is idempotent */
  OUTCOME_FATAL,       /* an error to give back now */
} Outcome;

static gboolean
status_is_transient (long status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/* What went wrong, as precisely as libcurl tells it: the code, the system's errno for a failed
 * connection, OpenSSL's verdict on the certificate, and libcurl's own words for the rest. */
typedef struct
{
  CURLcode    code;
  long        os_errno;
  long        verify_result;   /* X509_V_OK or an X509_V_ERR_… */
  const char *detail;          /* libcurl's error buffer, may be "" */
  const char *host;
} CurlFailure;

static CdHttpError
classify_curl_error (const CurlFailure *failure)
{
  switch ((int) failure->code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return CD_HTTP_ERROR_RESOLVE;
    case CURLE_COULDNT_CONNECT:
      return failure->os_errno == ECONNREFUSED ? CD_HTTP_ERROR_CONNECT : CD_HTTP_ERROR_UNREACHABLE;
    case CURLE_OPERATION_TIMEDOUT:
      return CD_HTTP_ERROR_TIMEOUT;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return CD_HTTP_ERROR_RESET;
    case CURLE_PARTIAL_FILE:
      return CD_HTTP_ERROR_TRUNCATED;
    case CURLE_PEER_FAILED_VERIFICATION:
      switch (failure->verify_result)
        {
        case X509_V_ERR_CERT_HAS_EXPIRED:
        case X509_V_ERR_CERT_NOT_YET_VALID:
          return CD_HTTP_ERROR_CERT_EXPIRED;
        /* No verdict on the chain was recorded (libcurl starts from X509_V_ERR_UNSPECIFIED and
         * records OpenSSL's result only when the chain is refused): the chain was accepted, and
         * libcurl's own check of the host name refused the certificate. */
        case X509_V_OK:
        case X509_V_ERR_UNSPECIFIED:
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH:
          return CD_HTTP_ERROR_CERT_NAME;
        default:
          return CD_HTTP_ERROR_CERT_UNTRUSTED;
        }
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return CD_HTTP_ERROR_TLS;
    default:
      return CD_HTTP_ERROR_FAILED;
    }
}

/* One sentence after "METHOD URL: ", saying what failed and, where it helps, libcurl's words. */
static char *
describe_curl_error (const CurlFailure *failure,
                     CdHttpError        kind)
{
  const char *detail = failure->detail != NULL && *failure->detail != '\0'
                       ? failure->detail : curl_easy_strerror (failure->code);

  switch (kind)
    {
    case CD_HTTP_ERROR_RESOLVE:
      return g_strdup_printf (_("the host name %s could not be resolved (DNS)"), failure->host);
    case CD_HTTP_ERROR_CONNECT:
      return g_strdup (_("the connection was refused (nothing is listening at that address and port)"));
    case CD_HTTP_ERROR_UNREACHABLE:
      return g_strdup_printf (_("no connection could be made (%s)"),
                              failure->os_errno != 0 ? g_strerror ((int) failure->os_errno) : detail);
    case CD_HTTP_ERROR_TIMEOUT:
      return g_strdup (_("no complete answer in time"));
    case CD_HTTP_ERROR_RESET:
      return g_strdup (_("the connection was reset during the exchange"));
    case CD_HTTP_ERROR_TRUNCATED:
      return g_strdup (_("the answer was cut short (truncated body)"));
    case CD_HTTP_ERROR_CERT_EXPIRED:
      return g_strdup_printf (_("the server’s certificate is out of its validity period (%s)"),
                              X509_verify_cert_error_string (failure->verify_result));
    case CD_HTTP_ERROR_CERT_NAME:
      return g_strdup_printf (_("the server’s certificate is not issued for %s"), failure->host);
    case CD_HTTP_ERROR_CERT_UNTRUSTED:
      return g_strdup_printf (_("the server’s certificate is not issued by a trusted authority (%s)"),
                              X509_verify_cert_error_string (failure->verify_result));
    case CD_HTTP_ERROR_TLS:
      return g_strdup_printf (_("the secure connection (TLS) could not be set up: %s"), detail);
    case CD_HTTP_ERROR_REFUSED_URL:
    case CD_HTTP_ERROR_STATUS:
    case CD_HTTP_ERROR_TOO_LARGE:
    case CD_HTTP_ERROR_FAILED:
    default:
      return g_strdup (detail);
    }
}

static gboolean
error_is_transient (CdHttpError code)
{
  return code == CD_HTTP_ERROR_CONNECT || code == CD_HTTP_ERROR_RESOLVE
         || code == CD_HTTP_ERROR_UNREACHABLE || code == CD_HTTP_ERROR_TIMEOUT
         || code == CD_HTTP_ERROR_RESET || code == CD_HTTP_ERROR_TRUNCATED;
}

static Outcome
attempt_once (CdHttpClient     *self,
              CdHttpRequest    *request,
              const char       *ca_file,
              GCancellable     *cancellable,
              CdHttpResponse  **response_out,
              GError          **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  Transfer transfer = { body, request->max_body, FALSE, cancellable };
  struct curl_slist *headers = NULL;
  g_autofree char *content_type_header = NULL;
  char error_buffer[CURL_ERROR_SIZE] = "";
  CURL *curl = curl_easy_init ();
  CURLcode code;
  long status = 0;
  long new_connections = 0;
  char *content_type = NULL;
  Outcome outcome;

  curl_easy_setopt (curl, CURLOPT_URL, request->url);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt (curl, CURLOPT_SHARE, self->share);
  /* Room for every source of a claim at once, so their connections survive for the next claim. */
  curl_easy_setopt (curl, CURLOPT_MAXCONNECTS, 32L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, ca_file);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) request->timeout_ms);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS,
                    (long) MIN (request->timeout_ms, MAX_CONNECT_TIMEOUT_MS));
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "ClaimDesk/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body_data);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);

  if (g_str_equal (request->method, "HEAD"))
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (!g_str_equal (request->method, "GET"))
    curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, request->method);

  if (request->body != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (request->body, &length);

      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, data);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) length);
      content_type_header = g_strdup_printf ("Content-Type: %s",
                                             request->content_type != NULL
                                             ? request->content_type : "application/octet-stream");
      headers = curl_slist_append (headers, content_type_header);
    }
  /* No "Expect: 100-continue" round trip on a slow line. */
  headers = curl_slist_append (headers, "Expect:");
  for (guint i = 0; i < request->headers->len; i++)
    headers = curl_slist_append (headers, g_ptr_array_index (request->headers, i));
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  code = curl_easy_perform (curl);

  curl_easy_getinfo (curl, CURLINFO_NUM_CONNECTS, &new_connections);
  if (new_connections > 0)
    {
      /* Counted for the connection-reuse test and the fetch benchmark. */
      g_atomic_int_add (&self->connections_opened, (gint) new_connections);
    }

  if (code == CURLE_ABORTED_BY_CALLBACK || g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s %s: cancelled"),
                   request->method, request->url);
      outcome = OUTCOME_FATAL;
    }
  else if (transfer.too_large)
    {
      g_set_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_TOO_LARGE,
                   _("%s %s: the answer is larger than %lu bytes"),
                   request->method, request->url, (unsigned long) request->max_body);
      outcome = OUTCOME_FATAL;
    }
  else if (code != CURLE_OK)
    {
      g_autoptr(GUri) uri = g_uri_parse (request->url, G_URI_FLAGS_NONE, NULL);
      CurlFailure failure = { code, 0, X509_V_OK, error_buffer,
                              uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "?" };
      g_autofree char *description = NULL;
      CdHttpError kind;

      curl_easy_getinfo (curl, CURLINFO_OS_ERRNO, &failure.os_errno);
      curl_easy_getinfo (curl, CURLINFO_SSL_VERIFYRESULT, &failure.verify_result);
      kind = classify_curl_error (&failure);
      description = describe_curl_error (&failure, kind);
      g_set_error (error, CD_HTTP_ERROR, kind, "%s %s: %s", request->method, request->url,
                   description);
      outcome = error_is_transient (kind) ? OUTCOME_TRANSIENT : OUTCOME_FATAL;
    }
  else
    {
      CdHttpResponse *response = g_new0 (CdHttpResponse, 1);

      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_getinfo (curl, CURLINFO_CONTENT_TYPE, &content_type);
      response->status = (guint) status;
      response->content_type = g_strdup (content_type);
      response->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
      response->url = g_strdup (request->url);
      *response_out = response;

      if (status_is_transient (status) && !request->single_attempt)
        {
          g_set_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS,
                       _("%s %s: the server answered %ld"), request->method, request->url, status);
          outcome = OUTCOME_TRANSIENT;
        }
      else
        outcome = OUTCOME_DONE;
    }

  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return outcome;
}

/* Sleeps, but wakes at once when the request is cancelled. */
static void
cancellable_sleep (GCancellable *cancellable,
                   guint         delay_ms)
{
  GPollFD pollfd;

  if (cancellable == NULL || !g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_usleep ((gulong) delay_ms * 1000);
      return;
    }
  g_poll (&pollfd, 1, (int) delay_ms);
  g_cancellable_release_fd (cancellable);
}

/* Exponential backoff with "equal jitter": half the delay is fixed, half is random, so that the
 * workstations of an office that lost the line together do not come back in lockstep. */
static guint
backoff_delay_ms (const CdHttpRetryPolicy *policy,
                  guint                    retry)
{
  guint64 delay = policy->base_delay_ms;

  for (guint i = 1; i < retry && delay < policy->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, policy->max_delay_ms);
  return (guint) (delay / 2 + (delay > 1 ? g_random_int_range (0, (gint32) (delay / 2) + 1) : 0));
}

CdHttpResponse *
cd_http_client_send (CdHttpClient   *self,
                     CdHttpRequest  *request,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autofree char *ca_file = NULL;
  g_autoptr(GError) policy_error = NULL;
  CdHttpRetryPolicy policy;
  gint64 started = g_get_monotonic_time ();
  guint max_attempts;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!cd_url_policy_check (request->url, &policy_error))
    {
      g_set_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_REFUSED_URL, "%s", policy_error->message);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  ca_file = g_strdup (self->ca_file);
  policy = self->retry;
  g_mutex_unlock (&self->lock);
  max_attempts = request->idempotent && !request->single_attempt ? policy.max_attempts : 1;

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) attempt_error = NULL;
      CdHttpResponse *response = NULL;
      Outcome outcome = attempt_once (self, request, ca_file, cancellable, &response,
                                      &attempt_error);

      if (outcome == OUTCOME_DONE)
        {
          response->attempts = attempt;
          response->elapsed_us = g_get_monotonic_time () - started;
          return response;
        }
      cd_http_response_free (response);

      if (outcome == OUTCOME_FATAL || attempt >= max_attempts)
        {
          if (attempt > 1 && attempt_error->domain == CD_HTTP_ERROR)
            g_prefix_error (&attempt_error, _("after %u attempts: "), attempt);
          g_propagate_error (error, g_steal_pointer (&attempt_error));
          return NULL;
        }

      g_debug ("%s; retrying", attempt_error->message);
      cancellable_sleep (cancellable, backoff_delay_ms (&policy, attempt));
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
}

static void
send_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  CdHttpResponse *response = cd_http_client_send (source_object, task_data, cancellable, &error);

  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) cd_http_response_free);
}

/* Network work runs on a pool of its own, not on GLib's shared GTask pool: that one has ten
 * threads, which ten requests waiting 200 ms on a slow link fill, and every other job the process
 * runs in a thread (a store reader for the window, an evaluation) would queue behind them. A
 * thread here mostly waits, so there can be many; one pool for the process, as there is one
 * client. */
#define NETWORK_THREADS 32

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} NetworkJob;

static void
network_job_run (gpointer data,
                 gpointer user_data)
{
  NetworkJob *job = data;

  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

void
cd_http_client_run_in_thread (GTask           *task,
                              GTaskThreadFunc  func)
{
  static GThreadPool *pool;
  NetworkJob *job;

  g_return_if_fail (G_IS_TASK (task) && func != NULL);

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (network_job_run, NULL, NETWORK_THREADS, FALSE,
                                                 NULL));
  job = g_new (NetworkJob, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool, job, NULL);
}

void
cd_http_client_send_async (CdHttpClient        *self,
                           CdHttpRequest       *request,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_HTTP_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_http_client_send_async);
  g_task_set_task_data (task, cd_http_request_ref (request), (GDestroyNotify) cd_http_request_unref);
  cd_http_client_run_in_thread (task, send_in_thread);
}

CdHttpResponse *
cd_http_client_send_finish (CdHttpClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cd_http_client_finalize (GObject *object)
{
  CdHttpClient *self = CD_HTTP_CLIENT (object);

  curl_share_cleanup (self->share);
  for (guint i = 0; i < G_N_ELEMENTS (self->share_locks); i++)
    g_mutex_clear (&self->share_locks[i]);
  g_mutex_clear (&self->lock);
  g_free (self->ca_file);

  G_OBJECT_CLASS (cd_http_client_parent_class)->finalize (object);
}

static void
cd_http_client_class_init (CdHttpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_http_client_finalize;
}

static void
cd_http_client_init (CdHttpClient *self)
{
  ensure_curl_initialized ();

  for (guint i = 0; i < G_N_ELEMENTS (self->share_locks); i++)
    g_mutex_init (&self->share_locks[i]);
  g_mutex_init (&self->lock);

  self->retry.max_attempts = 4;
  self->retry.base_delay_ms = 200;
  self->retry.max_delay_ms = 5000;

  self->share = curl_share_init ();
  curl_share_setopt (self->share, CURLSHOPT_LOCKFUNC, share_lock);
  curl_share_setopt (self->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
  curl_share_setopt (self->share, CURLSHOPT_USERDATA, self);
  curl_share_setopt (self->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt (self->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt (self->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}
