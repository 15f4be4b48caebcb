/* cd-source-row.h — one evidence source of a fetch, as a row: the system asked, a spinner while it
 * works, then the time it took and the signature of its answer, or its error with a Retry.
 *
 * Retry activates new-claim.retry-source with the row's source; the page that shows the rows
 * installs that action.
 */
#pragma once

#include <adwaita.h>

#include "cd-evidence-fetcher.h"

G_BEGIN_DECLS

#define CD_TYPE_SOURCE_ROW (cd_source_row_get_type ())
G_DECLARE_FINAL_TYPE (CdSourceRow, cd_source_row, CD, SOURCE_ROW, AdwActionRow)

GtkWidget        *cd_source_row_new           (CdEvidenceSource          source);
CdEvidenceSource  cd_source_row_get_source    (CdSourceRow              *self);
/* Back to "working", for a source asked (again). */
void              cd_source_row_set_working   (CdSourceRow              *self);
/* The source answered or failed. */
void              cd_source_row_set_response  (CdSourceRow              *self,
                                               const CdEvidenceResponse *response);
/* The signature of its stored answer ("valid", "unsigned", "invalid", "untrusted"; NULL or
 * "not_applicable": no badge) and who signed. */
void              cd_source_row_set_signature (CdSourceRow              *self,
                                               const char               *status,
                                               const char               *signer);
/* Whether the source has answered or failed since it was last asked. */
gboolean          cd_source_row_get_done      (CdSourceRow              *self);
/* Whether it failed. */
gboolean          cd_source_row_get_failed    (CdSourceRow              *self);

G_END_DECLS
