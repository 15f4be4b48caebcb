/* cd-claim-store.h — the claims repository: async reads and writes over the workstation database.
 *
 * One writer connection (the CdDatabase given at construction) takes every write, each in its own
 * transaction; reads run on a separate read-only connection, so a long list or search never waits
 * for a write to finish. Every operation has an _async / _finish pair that does its work in a GTask
 * worker thread: the GTK main loop never waits on the disk.
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
  CD_STORE_ERROR_NOT_FOUND,   /* no claim with that number or id */
} CdStoreError;

GQuark cd_store_error_quark (void);

#define CD_TYPE_CLAIM_STORE (cd_claim_store_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimStore, cd_claim_store, CD, CLAIM_STORE, GObject)

CdClaimStore     *cd_claim_store_new               (CdDatabase           *writer,
                                                    GError              **error);
CdDatabase       *cd_claim_store_get_database      (CdClaimStore         *self);

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

/* A new claim as an officer opens it. Strings are copied. */
typedef struct
{
  const char *number;             /* unique, e.g. HS-2026-00001234 */
  CdBenefit   benefit;
  const char *claimant_id; /* the claimant's 12-digit personal ID; the person must be known */
  const char *child_id;           /* personal ID of the child the claim is about, or NULL */
  const char *period_from;        /* YYYY-MM-DD */
  const char *period_to;          /* YYYY-MM-DD */
  const char *event_date;         /* YYYY-MM-DD or NULL */
  gint64      officer_id;         /* users.id */
  guint32     received_on;        /* yyyymmdd */
} CdClaimDraft;

/* Inserts a claim in status draft; returns its id, or 0 on error. CD_STORE_ERROR_NOT_FOUND for an
 * unknown person or officer; a CD_DATABASE_ERROR for anything the database refuses (duplicate
 * number, bad dates, a full disk, a read-only file), in which case nothing is written. */
void              cd_claim_store_create_claim_async  (CdClaimStore         *self,
                                                      const CdClaimDraft   *draft,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gint64            cd_claim_store_create_claim_finish (CdClaimStore         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Sets a claim's workflow status (the workflow issue decides which moves are legal). */
void              cd_claim_store_set_status_async  (CdClaimStore         *self,
                                                    gint64                claim_id,
                                                    CdClaimStatus         status,
                                                    const char           *note,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          cd_claim_store_set_status_finish (CdClaimStore         *self,
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
