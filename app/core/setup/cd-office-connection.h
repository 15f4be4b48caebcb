/* cd-office-connection.h — what an enrolled office's workstation needs to talk to central, read
 * when its store opens outside demo mode: the addresses and trust anchors central's configuration
 * delivered (from the store) and the office's credentials (from the OS keyring). Whatever cannot
 * be had is said, never made up: without the keyring the workstation still works offline.
 */
#pragma once

#include <gio/gio.h>

#include "cd-endpoints.h"
#include "cd-office-credential.h"
#include "cd-trust-anchor.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean            enrolled;
  char               *office_code;  /* NULL when not enrolled */
  CdEndpoints        *endpoints;    /* NULL when no configuration was applied */
  CdTrustStore       *trust;        /* the workstation's own anchors and the office's */
  CdOfficeCredential *credential;   /* NULL when the keyring could not give it */
  char               *problem;      /* why something is missing (translated), or NULL */
} CdOfficeConnection;

void                cd_office_connection_free        (CdOfficeConnection *connection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdOfficeConnection, cd_office_connection_free)

/* Reads the store at `db_path`, then the keyring; fails only when the store cannot be read. */
void                cd_office_connection_load_async  (const char          *db_path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
CdOfficeConnection *cd_office_connection_load_finish (GAsyncResult        *result,
                                                      GError             **error);

/* What the workstation trusts for document signatures: its own anchors (the folder of
 * cd_trust_store_new_default, empty on a new workstation) and `anchors` (CdTrustAnchor: those
 * central delivered and those an administrator imported, kept in the office store). */
CdTrustStore       *cd_office_connection_trust_store (GPtrArray           *anchors,
                                                      GError             **error);

G_END_DECLS
