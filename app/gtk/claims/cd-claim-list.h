/* cd-claim-list.h — the claims of a work queue: a GtkColumnView over the lazy CdClaimListModel.
 *
 * Sorting by a column header asks the model for a new SQL order; nothing is sorted in memory. A row
 * activates `win.open-claim` with the claim's number.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-list-model.h"
#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_LIST (cd_claim_list_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimList, cd_claim_list, CD, CLAIM_LIST, AdwBin)

CdClaimList      *cd_claim_list_new         (void);
/* Shows the claims of the context's store, whichever it is from now on. */
void              cd_claim_list_set_context (CdClaimList          *self,
                                             CdContext            *context);
/* What an export of the list (table.export-csv, table.print: every row of the queue, the visible
 * columns) is recorded as and titled: "claims.all-claims", "All Claims". */
void              cd_claim_list_set_export_name (CdClaimList      *self,
                                                 const char       *list_id,
                                                 const char       *title);
void              cd_claim_list_set_filter  (CdClaimList          *self,
                                             const CdClaimFilter  *filter);
void              cd_claim_list_set_sort    (CdClaimList          *self,
                                             CdClaimSort           sort,
                                             gboolean              descending);
CdClaimSort       cd_claim_list_get_sort    (CdClaimList          *self,
                                             gboolean             *descending);
void              cd_claim_list_reload      (CdClaimList          *self);
/* Shows the loading page with a progress bar (while the demo seeds its database, say); fraction < 0
 * hides the bar. */
void              cd_claim_list_show_progress (CdClaimList        *self,
                                               const char         *title,
                                               double              fraction);
/* Shows the error page, saying why there is nothing to list (the store could not be opened). */
void              cd_claim_list_show_error  (CdClaimList          *self,
                                             const char           *message);
/* The model on show, or NULL while the first one loads. */
CdClaimListModel *cd_claim_list_get_model   (CdClaimList          *self);
gboolean          cd_claim_list_get_loading (CdClaimList          *self);
/* The text a cell shows, for tests and screen readers' sake: column is a CdClaimSort. */
char             *cd_claim_list_format_cell (CdClaimRow           *row,
                                             CdClaimSort           column);

G_END_DECLS
