/* cd-central-lists.h — the employers' lists central holds for the office (docs/interop.md).
 *
 * GET /central/lists answers {"lists": [{"id", "unit_code", "unit_name", "dossier_code", "period",
 * "batch", "received_at", "rows"}]}; GET /central/lists/ID the signed I-VAN envelope as it was
 * filed. Both with the office's credentials (HTTP Basic), like /central/configuration. Blocking:
 * call from a worker thread or a command-line tool.
 */
#pragma once

#include "cd-http-client.h"
#include "cd-office-credential.h"

G_BEGIN_DECLS

typedef struct
{
  char  *id;            /* central's id of the list */
  char  *unit_code;
  char  *unit_name;     /* may be NULL */
  char  *dossier_code;
  char  *period;        /* YYYY-MM */
  char  *received_at;   /* ISO 8601, as central says */
  guint  rows;
} CdCentralListEntry;

void       cd_central_list_entry_free      (CdCentralListEntry        *entry);

/* The lists central holds for the office: CdCentralListEntry items. */
GPtrArray *cd_central_lists_fetch_index    (CdHttpClient              *http,
                                            const char                *central_url,
                                            const CdOfficeCredential  *credential,
                                            GCancellable              *cancellable,
                                            GError                   **error);
/* One list's envelope, at most 16 MiB; `out_url` (may be NULL) gets the URL it came from. */
GBytes    *cd_central_lists_fetch_envelope (CdHttpClient              *http,
                                            const char                *central_url,
                                            const CdOfficeCredential  *credential,
                                            const char                *id,
                                            char                     **out_url,
                                            GCancellable              *cancellable,
                                            GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCentralListEntry, cd_central_list_entry_free)

G_END_DECLS
