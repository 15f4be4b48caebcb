/* cd-claim-list-model.h — the claim list as a lazy GListModel.
 *
 * n_items comes from a count (the claim_counts table, or an index range for a date filter); rows
 * are read a page at a time, in a worker thread on the model's own reader connection, only when
 * asked for. A page is found by keyset from a neighbouring page ((key, id) > (last key, last id) on
 * the sort column's index), so scrolling never uses OFFSET and a page is one index seek; a jump far
 * from any page already seen counts its way there inside the covering index, never reading claim
 * rows.
 *
 * A row object is made only when asked for (a page is read for the dozen rows on screen); rows
 * handed out before their page arrives are placeholders, filled in place, after which the model
 * emits ::rows-loaded (guint position, guint n_rows) once for the page.
 */
#pragma once

#include <gio/gio.h>

#include "cd-claim-row.h"

G_BEGIN_DECLS

#define CD_CLAIM_LIST_PAGE_SIZE 200

typedef enum
{
  CD_CLAIM_SORT_NUMBER,
  CD_CLAIM_SORT_CLAIMANT,
  CD_CLAIM_SORT_BENEFIT,
  CD_CLAIM_SORT_PERIOD,
  CD_CLAIM_SORT_AMOUNT,
  CD_CLAIM_SORT_STATUS,
  CD_CLAIM_SORT_OFFICER,
  CD_CLAIM_SORT_AGE,       /* youngest first when ascending */
  CD_N_CLAIM_SORTS
} CdClaimSort;

typedef struct
{
  int     status;          /* a CdClaimStatus, or -1 for any */
  int     benefit;         /* a CdBenefit, or -1 for any */
  gint64  officer_id;      /* users.id, or 0 for any */
  guint32 received_from;   /* yyyymmdd, inclusive; 0 for open */
  guint32 received_to;     /* yyyymmdd, inclusive; 0 for open */
  guint   status_mask;     /* 1 << CdClaimStatus per status wanted, or 0; when status is -1 */
  gint64  claimant_id;     /* persons.id, or 0 for any; counted through claims_claimant */
} CdClaimFilter;

void cd_claim_filter_init (CdClaimFilter *filter);

#define CD_TYPE_CLAIM_LIST_MODEL (cd_claim_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimListModel, cd_claim_list_model, CD, CLAIM_LIST_MODEL, GObject)

/* Opens a reader connection on `db_path`, counts, and reads the first page: blocking, for worker
 * threads and the command line. */
CdClaimListModel *cd_claim_list_model_new          (const char           *db_path,
                                                    const CdClaimFilter  *filter,
                                                    CdClaimSort           sort,
                                                    gboolean              descending,
                                                    GError              **error);
void              cd_claim_list_model_new_async    (const char           *db_path,
                                                    const CdClaimFilter  *filter,
                                                    CdClaimSort           sort,
                                                    gboolean              descending,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CdClaimListModel *cd_claim_list_model_new_finish   (GAsyncResult         *result,
                                                    GError              **error);

/* The day ages are counted to; by default today on the system clock, in local time (the day
 * claims are received on). Rows already read (the first page is read by the constructor) count
 * again to the new day. */
void              cd_claim_list_model_set_today    (CdClaimListModel     *self,
                                                    CdDay                 today);
/* Rows read from the database so far, and index entries stepped over by scans. */
void              cd_claim_list_model_get_stats    (CdClaimListModel     *self,
                                                    guint64              *rows_read,
                                                    guint64              *index_steps);
/* Row objects made so far: only the rows the list asked for, not every row of every page read. */
guint64           cd_claim_list_model_get_rows_made (CdClaimListModel    *self);
/* How many pages have a load in flight: tests and benchmarks wait for 0. */
guint             cd_claim_list_model_get_pending  (CdClaimListModel     *self);
/* Called with each row of the list, in its order. */
typedef void (*CdClaimRowFunc) (CdClaimRow *row,
                                gpointer    user_data);
/* Reads every row of the list, a page after another by keyset from the last (never OFFSET), on
 * the model's reader, and calls `func` with each: blocking, for a worker thread that owns the
 * model (an export of the whole list). The model's own pages are left alone. Stops with
 * G_IO_ERROR_CANCELLED between pages when `cancellable` is cancelled. */
gboolean          cd_claim_list_model_foreach      (CdClaimListModel     *self,
                                                    CdClaimRowFunc        func,
                                                    gpointer              user_data,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
/* EXPLAIN QUERY PLAN of the keyset page query, one step a line. */
char             *cd_claim_list_model_explain      (CdClaimListModel     *self);

G_END_DECLS
