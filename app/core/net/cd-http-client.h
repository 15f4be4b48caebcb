/* cd-http-client.h — the workstation's HTTP client (libcurl), shared by every source.
 *
 * One client per process: it shares connections, DNS and TLS sessions between requests, so that
 * the requests of one claim reuse the same few connections. Requests are blocking (call them from a
 * worker thread) or async (GTask on the client's thread pool). TLS verification is always on; plain
 * HTTP is accepted only for loopback addresses (cd-url-policy). Idempotent requests are retried on
 * transient failures with exponential backoff and jitter; others are sent once.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_HTTP_ERROR (cd_http_error_quark ())

typedef enum
{
  CD_HTTP_ERROR_REFUSED_URL,   /* the URL policy refused the address */
  CD_HTTP_ERROR_CONNECT,       /* the connection was refused (nothing listens there) */
  CD_HTTP_ERROR_TIMEOUT,       /* no complete answer within the request's timeout */
  CD_HTTP_ERROR_RESET,         /* the connection broke while the answer was coming */
  CD_HTTP_ERROR_TRUNCATED,     /* the body is shorter than announced */
  CD_HTTP_ERROR_TLS,           /* the TLS handshake failed (not a certificate problem) */
  CD_HTTP_ERROR_STATUS,        /* the server answered with an error status */
  CD_HTTP_ERROR_TOO_LARGE,     /* the body is larger than the request allows */
  CD_HTTP_ERROR_FAILED,        /* anything else */
  CD_HTTP_ERROR_RESOLVE,       /* the host name could not be resolved (DNS) */
  CD_HTTP_ERROR_UNREACHABLE,   /* no connection could be made (no route, network down) */
  CD_HTTP_ERROR_CERT_UNTRUSTED, /* the server's certificate does not chain to a trusted CA */
  CD_HTTP_ERROR_CERT_EXPIRED,  /* the server's certificate has expired (or is not yet valid) */
  CD_HTTP_ERROR_CERT_NAME,     /* the server's certificate is for another host name */
} CdHttpError;

GQuark cd_http_error_quark (void);

typedef struct _CdHttpRequest CdHttpRequest;

CdHttpRequest *cd_http_request_new              (const char     *method,
                                                 const char     *url);
CdHttpRequest *cd_http_request_ref              (CdHttpRequest  *request);
CdHttpRequest *cd_http_request_copy             (CdHttpRequest  *request);
void           cd_http_request_unref            (CdHttpRequest  *request);
void           cd_http_request_set_body         (CdHttpRequest  *request,
                                                 const char     *content_type,
                                                 GBytes         *body);
void           cd_http_request_add_header       (CdHttpRequest  *request,
                                                 const char     *name,
                                                 const char     *value);
/* GET and HEAD are idempotent by default; a POST that only reads (a SOAP look-up) or that the
 * server deduplicates (decision intake by id + hash) may be marked so, and is then retried too. */
void           cd_http_request_set_idempotent   (CdHttpRequest  *request,
                                                 gboolean        idempotent);
void           cd_http_request_set_timeout_ms   (CdHttpRequest  *request,
                                                 guint           timeout_ms);
void           cd_http_request_set_max_body     (CdHttpRequest  *request,
                                                 gsize           max_bytes);
/* Sent once, never retried, and every status (5xx and 429 included) comes back as a response: for
 * the connection check, which reports what one exchange gave. */
void           cd_http_request_set_single_attempt (CdHttpRequest *request,
                                                   gboolean       single_attempt);
const char    *cd_http_request_get_url          (CdHttpRequest  *request);
const char    *cd_http_request_get_method       (CdHttpRequest  *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdHttpRequest, cd_http_request_unref)

typedef struct
{
  guint   status;
  char   *content_type;
  GBytes *body;
  guint   attempts;      /* 1 when no retry was needed */
  gint64  elapsed_us;    /* from the first attempt to the end of the last */
  char   *url;           /* the URL that was asked */
} CdHttpResponse;

void            cd_http_response_free           (CdHttpResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdHttpResponse, cd_http_response_free)

typedef struct
{
  guint max_attempts;    /* including the first; 1 = no retry */
  guint base_delay_ms;   /* the first backoff; doubles each retry */
  guint max_delay_ms;    /* cap on one backoff */
} CdHttpRetryPolicy;

#define CD_TYPE_HTTP_CLIENT (cd_http_client_get_type ())
G_DECLARE_FINAL_TYPE (CdHttpClient, cd_http_client, CD, HTTP_CLIENT, GObject)

CdHttpClient   *cd_http_client_new              (void);
void            cd_http_client_set_ca_file      (CdHttpClient             *self,
                                                 const char               *ca_file);
void            cd_http_client_set_retry_policy (CdHttpClient             *self,
                                                 const CdHttpRetryPolicy  *policy);
void            cd_http_client_get_retry_policy (CdHttpClient             *self,
                                                 CdHttpRetryPolicy        *policy);
guint           cd_http_client_get_connections_opened (CdHttpClient       *self);

/* Blocking. A status ≥ 400 is returned as a response, not an error, unless it was retried to the
 * end (5xx / 429) — then the error says so. Cancellation gives G_IO_ERROR_CANCELLED. */
CdHttpResponse *cd_http_client_send             (CdHttpClient             *self,
                                                 CdHttpRequest            *request,
                                                 GCancellable             *cancellable,
                                                 GError                  **error);
void            cd_http_client_send_async       (CdHttpClient             *self,
                                                 CdHttpRequest            *request,
                                                 GCancellable             *cancellable,
                                                 GAsyncReadyCallback       callback,
                                                 gpointer                  user_data);
CdHttpResponse *cd_http_client_send_finish      (CdHttpClient             *self,
                                                 GAsyncResult             *result,
                                                 GError                  **error);
/* Runs `func` for `task` (as g_task_run_in_thread does) on the process's pool for network work:
 * for a blocking request made round the client (cd_central_client_get…), so that requests waiting
 * on a slow link never fill GLib's shared pool of ten threads (the async send uses it too). */
void            cd_http_client_run_in_thread    (GTask                    *task,
                                                 GTaskThreadFunc           func);

G_END_DECLS
