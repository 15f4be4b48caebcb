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

/* A GtkListBox styled as libadwaita's boxed list, rows not selectable. */
GtkWidget *cd_boxed_list_new            (void);
/* Puts one row per CdConnectionResult of `results` in `list`, instead of what it showed. */
void       cd_connection_results_show   (GtkListBox               *list,
                                         GPtrArray                *results);

G_END_DECLS
