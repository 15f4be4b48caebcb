/* cd-setup-rows.h — rows the set-up assistant and Preferences both show: a trust anchor (subject,
 * validity, SHA-256 fingerprint, where it came from), a system's address, and one system's
 * connection check result (reachable, or the exact reason).
 */
#pragma once

#include <adwaita.h>

#include "cd-connection-check.h"
#include "cd-endpoints.h"
#include "cd-trust-anchor.h"

G_BEGIN_DECLS

GtkWidget *cd_trust_anchor_row_new      (const CdTrustAnchor      *anchor,
                                         GDateTime                *now);
GtkWidget *cd_endpoint_row_new          (CdSystem                  system,
                                         const char               *url);
GtkWidget *cd_connection_result_row_new (const CdConnectionResult *result);

G_END_DECLS
