/* cd-payout.h — payout batches: a supervisor gathers the approved decisions not yet paid, checks
 * the totals per benefit, exports the list for the bank (CSV) and approves the batch. An approved
 * batch never changes: its items and its own row are locked by triggers in the database.
 */
#pragma once

#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_PAYOUT_ERROR (cd_payout_error_quark ())

typedef enum
{
  CD_PAYOUT_ERROR_EMPTY,       /* no approved decision waits for a batch */
  CD_PAYOUT_ERROR_NOT_FOUND,   /* no such batch */
  CD_PAYOUT_ERROR_APPROVED,    /* the batch is approved and cannot change */
  CD_PAYOUT_ERROR_IO,          /* the CSV file could not be written */
  CD_PAYOUT_ERROR_FAILED,      /* the database refused; nothing was changed */
  CD_PAYOUT_ERROR_SEGREGATION, /* the supervisor who made the batch tried to approve it */
} CdPayoutError;

GQuark cd_payout_error_quark (void);

typedef struct
{
  char      *claim_number;
  char      *claimant;
  char      *personal_id;
  CdBenefit  benefit;
  gint64     amount;
} CdPayoutItem;

typedef struct
{
  CdBenefit benefit;
  guint     count;
  gint64    amount;
} CdPayoutTotal;

typedef struct
{
  gint64     id;
  char      *state;        /* "open", "approved" or "exported" */
  char      *created_by;   /* login */
  char      *created_at;
  char      *approved_by;  /* login or NULL */
  char      *approved_at;
  GPtrArray *items;        /* CdPayoutItem, by claim number */
  GArray    *totals;       /* CdPayoutTotal, by benefit */
  gint64     total;
  guint      n_items;
} CdPayoutBatch;

void           cd_payout_batch_free   (CdPayoutBatch  *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPayoutBatch, cd_payout_batch_free)

/* A supervisor puts every approved decision (claim queued or synced) that is in no batch yet into a
 * new open batch. Returns its id, 0 on error. */
gint64         cd_payout_create       (CdDatabase     *db,
                                       CdSession      *session,
                                       GError        **error);
CdPayoutBatch *cd_payout_load         (CdDatabase     *db,
                                       gint64          batch_id,
                                       GError        **error);
/* Every batch, newest first, without items (`items` empty; `totals` empty; `total` and
 * `n_items` summed). */
GPtrArray     *cd_payout_list         (CdDatabase     *db,
                                       GError        **error);
/* How many batches are still open (not approved). */
gboolean       cd_payout_count_open   (CdDatabase     *db,
                                       gint64         *count,
                                       GError        **error);
/* UTF-8 CSV with a header: claim_number,claimant,personal_id,benefit,amount. */
char          *cd_payout_to_csv       (const CdPayoutBatch *batch);
gboolean       cd_payout_export_csv   (CdDatabase     *db,
                                       gint64          batch_id,
                                       const char     *path,
                                       GError        **error);
/* A different supervisor from the batch's creator approves it (segregation of duties; the database
 * refuses it too, trigger payout_batches_segregation). */
gboolean       cd_payout_approve      (CdDatabase     *db,
                                       CdSession      *session,
                                       gint64          batch_id,
                                       GError        **error);

/* An item held back from a batch at its approval: the claim and why (for people, naming the
 * claimant, their personal ID and the reason). */
typedef struct
{
  char *claim_number;
  char *reason;
} CdPayoutHold;

void           cd_payout_hold_free    (CdPayoutHold   *hold);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPayoutHold, cd_payout_hold_free)

/* cd_payout_approve, holding back `holds` (CdPayoutHold; may be NULL): in the same transaction
 * those items leave the batch (their decisions stay approved, waiting for a later batch), and the
 * audit entry lists them with their reasons. Refused with CD_PAYOUT_ERROR_EMPTY when nothing would
 * be left to pay. */
gboolean       cd_payout_approve_holding (CdDatabase  *db,
                                          CdSession   *session,
                                          gint64       batch_id,
                                          GPtrArray   *holds,
                                          GError     **error);

/* The same off the main loop. Making and approving a batch are jobs on the shared writer `db`
 * (cd_database_run_in_thread), so they never run beside another writer's transaction there; a
 * locked session is refused at once, on the caller's thread. Listing, loading and exporting read on
 * a connection of their own, opened on `db_path` in a worker thread. Cancelled before it starts, a
 * call does nothing; one that has started runs to its end (a write is one transaction), and
 * _finish still reports G_IO_ERROR_CANCELLED. */
void           cd_payout_create_async      (CdDatabase           *db,
                                            CdSession            *session,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* The new batch's id, 0 on error. */
gint64         cd_payout_create_finish     (GAsyncResult         *result,
                                            GError              **error);
void           cd_payout_approve_async     (CdDatabase           *db,
                                            CdSession            *session,
                                            gint64                batch_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       cd_payout_approve_finish    (GAsyncResult         *result,
                                            GError              **error);
void           cd_payout_list_async        (const char           *db_path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray     *cd_payout_list_finish       (GAsyncResult         *result,
                                            GError              **error);
void           cd_payout_load_async        (const char           *db_path,
                                            gint64                batch_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
CdPayoutBatch *cd_payout_load_finish       (GAsyncResult         *result,
                                            GError              **error);
void           cd_payout_export_csv_async  (const char           *db_path,
                                            gint64                batch_id,
                                            const char           *path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       cd_payout_export_csv_finish (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
