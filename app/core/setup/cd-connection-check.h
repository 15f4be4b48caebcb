/* cd-connection-check.h — can this workstation reach each system, and if not, exactly why.
 *
 * One exchange per system, never retried: GET <base URL><status path> (cd_system_get_status_path).
 * For central it then asks for a token with the office's credentials for the officer, so the
 * answer also says whether central accepts them. Each system gets one result: reachable, or the
 * one reason it is not (the host name does not resolve, the connection is refused, the TLS
 * handshake fails, the certificate is untrusted / expired / for another name, an HTTP status, the
 * credentials are refused or revoked…), with a sentence for people.
 */
#pragma once

#include <gio/gio.h>

#include "cd-endpoints.h"
#include "cd-http-client.h"
#include "cd-office-credential.h"

G_BEGIN_DECLS

typedef enum
{
  CD_CONNECTION_OK,                  /* reachable, and for central the credentials are good */
  CD_CONNECTION_NOT_CONFIGURED,      /* no address for this system */
  CD_CONNECTION_INSECURE_URL,        /* the URL policy refuses the address (plain HTTP…) */
  CD_CONNECTION_DNS,                 /* the host name does not resolve */
  CD_CONNECTION_REFUSED,             /* nothing listens there */
  CD_CONNECTION_UNREACHABLE,         /* no route to the host, network down */
  CD_CONNECTION_TIMEOUT,             /* no answer in time */
  CD_CONNECTION_TLS_HANDSHAKE,       /* TLS could not be set up (not a certificate problem) */
  CD_CONNECTION_CERT_UNTRUSTED,      /* the server's certificate is not from a trusted CA */
  CD_CONNECTION_CERT_EXPIRED,        /* … is out of its validity period */
  CD_CONNECTION_CERT_NAME_MISMATCH,  /* … is for another host name */
  CD_CONNECTION_HTTP_STATUS,         /* the server answered, with an error status */
  CD_CONNECTION_NOT_ENROLLED,        /* central is reachable; the workstation has no credentials */
  CD_CONNECTION_CREDENTIALS_REFUSED, /* central does not know the office's credentials */
  CD_CONNECTION_REVOKED,             /* central revoked the office or the officer */
  CD_CONNECTION_FAILED,              /* anything else (reset, truncated, a bad answer) */
} CdConnectionStatus;

/* "ok", "not-configured", "insecure-url", "dns", "refused", "unreachable", "timeout",
 * "tls-handshake", "certificate-untrusted", "certificate-expired", "certificate-name-mismatch",
 * "http-status", "not-enrolled", "credentials-refused", "revoked", "failed". */
const char *cd_connection_status_to_string (CdConnectionStatus status);

typedef struct
{
  CdSystem            system;
  char               *url;           /* what was asked; NULL when not configured */
  CdConnectionStatus  status;
  guint               http_status;   /* the last status seen, 0 if none */
  char               *message;       /* for people (translated): reachable, or the exact reason */
  gint64              elapsed_us;
} CdConnectionResult;

void       cd_connection_result_free     (CdConnectionResult         *result);

/* Blocking (a worker thread, or the command line). Checks the systems one after the other and
 * returns one CdConnectionResult per system, in CdSystem order. `credential` and `officer` may be
 * NULL: central is then only checked for being reachable (CD_CONNECTION_NOT_ENROLLED when it is,
 * with no credentials). Fails only when cancelled. */
GPtrArray *cd_connection_check_run       (CdHttpClient               *http,
                                          const CdEndpoints          *endpoints,
                                          const CdOfficeCredential   *credential,
                                          const char                 *officer,
                                          GCancellable               *cancellable,
                                          GError                    **error);
void       cd_connection_check_run_async (CdHttpClient               *http,
                                          const CdEndpoints          *endpoints,
                                          const CdOfficeCredential   *credential,
                                          const char                 *officer,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data);
GPtrArray *cd_connection_check_run_finish (GAsyncResult              *result,
                                           GError                   **error);

G_END_DECLS
