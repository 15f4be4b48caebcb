/* cd-office-connection.h — puts an enrolled office's connection into the context when its store
 * opens outside demo mode: the addresses and trust anchors central's configuration delivered (read
 * from the store), and the office's credentials (read from the OS keyring). Whatever cannot be had
 * is reported, never made up: without the keyring the workstation still works offline.
 */
#pragma once

#include <gio/gio.h>

#include "cd-context.h"
#include "cd-trust-anchor.h"

G_BEGIN_DECLS

/* Reads the store at the context's db path; finishes with FALSE and an error naming what is
 * missing (the keyring, the credentials) while still applying everything else it found. Finishes
 * with TRUE and *enrolled FALSE for an office that was never enrolled. */
void     cd_office_connection_load_async  (CdContext            *context,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean cd_office_connection_load_finish (CdContext            *context,
                                           GAsyncResult         *result,
                                           gboolean             *enrolled,
                                           GError              **error);

/* What the workstation trusts for document signatures: its own anchors (the folder of
 * cd_trust_store_new_default, empty on a new workstation) and `anchors` (CdTrustAnchor: those
 * central delivered and those an administrator imported, kept in the office store). */
CdTrustStore *cd_office_connection_trust_store (GPtrArray  *anchors,
                                               GError    **error);

G_END_DECLS
