/* cd-gateway-process.h — runs a private claimdesk-gateway as a child process on a free loopback
 * port.
 *
 * Demo mode and the integration tests use it: the child is started with `--listen 127.0.0.1:0
 * --port-file FILE --enrolment-code CODE`, and is ready once it has written its base URL to FILE.
 * It is stopped (SIGTERM) when this object is disposed, and on Linux it also dies with its parent.
 * CODE is a fresh one-time enrolment code for the gateway's default office, so whoever started it
 * can enrol as a real workstation does (cd_gateway_process_enrol) and get the office's
 * credentials: central gives tokens to nobody else.
 */
#pragma once

#include <gio/gio.h>

#include "cd-enrolment.h"
#include "cd-http-client.h"

G_BEGIN_DECLS

#define CD_GATEWAY_PROCESS_ERROR (cd_gateway_process_error_quark ())

typedef enum
{
  CD_GATEWAY_PROCESS_ERROR_NOT_FOUND, /* no claimdesk-gateway executable could be found */
  CD_GATEWAY_PROCESS_ERROR_EXITED,    /* the child exited before it was ready */
  CD_GATEWAY_PROCESS_ERROR_TIMEOUT,   /* the child did not become ready in time */
} CdGatewayProcessError;

GQuark cd_gateway_process_error_quark (void);

#define CD_TYPE_GATEWAY_PROCESS (cd_gateway_process_get_type ())
G_DECLARE_FINAL_TYPE (CdGatewayProcess, cd_gateway_process, CD, GATEWAY_PROCESS, GObject)

char             *cd_gateway_find_executable       (void);

CdGatewayProcess *cd_gateway_process_new           (const char * const  *extra_args);
void              cd_gateway_process_start_async   (CdGatewayProcess    *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          cd_gateway_process_start_finish  (CdGatewayProcess    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
gboolean          cd_gateway_process_start_sync    (CdGatewayProcess    *self,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
const char       *cd_gateway_process_get_base_url  (CdGatewayProcess    *self);
/* The one-time enrolment code the child was started with. */
const char       *cd_gateway_process_get_enrolment_code (CdGatewayProcess *self);
/* Blocking: spends that code (cd_enrolment_exchange) and returns the office and its credentials.
 * `http` must trust the gateway's certificate when it serves HTTPS (the test CA). */
CdEnrolment      *cd_gateway_process_enrol         (CdGatewayProcess    *self,
                                                    CdHttpClient        *http,
                                                    GError             **error);
/* The same, once: the first call enrols (blocking) and keeps the credentials, later calls give
 * them again. NULL, with the error, if the enrolment failed. */
const CdOfficeCredential *cd_gateway_process_get_office_credential (CdGatewayProcess  *self,
                                                                    CdHttpClient      *http,
                                                                    GError           **error);
/* The TEST-ONLY TLS material of the data dir: pki/tls/gateway.{cert,key}.pem, and the test CA
 * that issued it (pki/trust/claimdesk-test-ca.pem) for the client's CA file. */
char             *cd_gateway_tls_certificate_file  (void);
char             *cd_gateway_tls_key_file          (void);
char             *cd_gateway_tls_ca_file           (void);
void              cd_gateway_process_stop          (CdGatewayProcess    *self);

G_END_DECLS
