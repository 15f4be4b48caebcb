/* cd-url-policy.h — which server addresses the workstation may talk to.
 *
 * Production talks HTTPS only; plain HTTP is accepted for loopback addresses (the reference gateway
 * in demo mode and tests), never for anything on the network.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_URL_POLICY_ERROR (cd_url_policy_error_quark ())

typedef enum
{
  CD_URL_POLICY_ERROR_MALFORMED,   /* not an absolute URL with a host */
  CD_URL_POLICY_ERROR_SCHEME,      /* neither https nor http */
  CD_URL_POLICY_ERROR_INSECURE,    /* plain http to a host that is not loopback */
} CdUrlPolicyError;

GQuark   cd_url_policy_error_quark  (void);
gboolean cd_url_policy_check        (const char  *url,
                                     GError     **error);
gboolean cd_url_host_is_loopback    (const char  *host);

G_END_DECLS
