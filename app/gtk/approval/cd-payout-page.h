/* cd-payout-page.h — payout batches: the open and approved batches, a new batch from the approved
 * decisions not yet in one, a batch's totals per benefit and its decisions, the CSV for the bank,
 * and approval by a supervisor other than the batch's maker.
 *
 * The page works on its context: it reads the context's store (core's cd_payout_*_async calls,
 * on readers of their own), writes through the context's one writer, and follows the signed-in
 * session (nobody, or not a supervisor: read-only). The page never reaches up to its window: it
 * emits ::toast and ::changed, and ::loaded whenever an operation has finished.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"
#include "cd-payout.h"

G_BEGIN_DECLS

#define CD_TYPE_PAYOUT_PAGE (cd_payout_page_get_type ())
G_DECLARE_FINAL_TYPE (CdPayoutPage, cd_payout_page, CD, PAYOUT_PAGE, AdwBin)

GtkWidget           *cd_payout_page_new              (CdContext    *context);
void                 cd_payout_page_reload           (CdPayoutPage *self);
/* Shows a batch's detail (loaded off the main loop). */
void                 cd_payout_page_select_batch     (CdPayoutPage *self,
                                                      gint64        batch_id);
/* Writes the selected batch's CSV to `path` off the main loop (what the file chooser's answer
 * does). */
void                 cd_payout_page_export_to        (CdPayoutPage *self,
                                                      const char   *path);

/* State, for the window and the tests. */
gboolean             cd_payout_page_get_busy         (CdPayoutPage *self);
gboolean             cd_payout_page_get_read_only    (CdPayoutPage *self);
guint                cd_payout_page_get_n_batches    (CdPayoutPage *self);
/* The batch on show with its items and totals, or NULL. */
const CdPayoutBatch *cd_payout_page_get_batch        (CdPayoutPage *self);
/* The message of the last refused or failed operation, or NULL after one that worked. */
const char          *cd_payout_page_get_error        (CdPayoutPage *self);

G_END_DECLS
