/* cd-gateway-process.h — runs a private claimdesk-gateway as a child process on a free loopback
 * port.
 *
 * Demo mode and the integration tests use it: the child is started with `--listen 127.0.0.1:0
 * --port-file FILE`, and is ready once it has written its base URL to FILE. It is stopped (SIGTERM)
 *             when this object is disposed, and on Linux it also dies with its parent.
 */
#pragma once

#include <gio/gio.h>

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
void              cd_gateway_process_stop          (CdGatewayProcess    *self);

G_END_DECLS
