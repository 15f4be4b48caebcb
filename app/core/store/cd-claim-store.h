/* cd-claim-store.h — the claims repository: async reads over the workstation database.
 *
 * Reads run on a read-only connection of their own, so a long list or search never waits for a
 * write to finish. Claims are written only by the workflow (cd-workflow.h), which owns their
 * status. Every operation has an _async / _finish pair that does its work in a GTask worker
 * thread: the GTK main loop never waits on the disk.
 */
#pragma once

#include <gio/gio.h>

#include "cd-claim-list-model.h"
#include "cd-claim-row.h"
#include "cd-database.h"

G_BEGIN_DECLS

#define CD_STORE_ERROR (cd_store_error_quark ())

typedef enum
{
  CD_STORE_ERROR_NOT_FOUND,   /* no claim with that number */
} CdStoreError;

GQuark cd_store_error_quark (void);

#define CD_TYPE_CLAIM_STORE (cd_claim_store_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimStore, cd_claim_store, CD, CLAIM_STORE, GObject)

/* Reads the store at db_path through a read-only connection of its own. */
CdClaimStore     *cd_claim_store_new               (const char           *db_path,
                                                    GError              **error);
const char       *cd_claim_store_get_path          (CdClaimStore         *self);

/* How many claims are in the statuses of `status_mask` (a bit per CdClaimStatus; 0: every status)
 * and, when officer_id >= 0, that officer's. Blocking, on any connection. */
gboolean          cd_claim_store_count             (CdDatabase           *db,
                                                    guint                 status_mask,
                                                    gint64                officer_id,
                                                    gint64               *count,
                                                    GError              **error);

void              cd_claim_store_search_async      (CdClaimStore         *self,
                                                    const char           *query,
                                                    guint                 limit,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* A GPtrArray of CdSearchResult (cd-search.h). */
GPtrArray        *cd_claim_store_search_finish     (CdClaimStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void              cd_claim_store_get_claim_async   (CdClaimStore         *self,
                                                    const char           *number,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CdClaimRow       *cd_claim_store_get_claim_finish  (CdClaimStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void              cd_claim_store_list_async        (CdClaimStore         *self,
                                                    const CdClaimFilter  *filter,
                                                    CdClaimSort           sort,
                                                    gboolean              descending,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CdClaimListModel *cd_claim_store_list_finish       (CdClaimStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
