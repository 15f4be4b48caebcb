/* cd-claim-row.h — one line of the claim list: the columns an officer sees, as GObject properties.
 *
 * A row is handed out before its page has been read (so a list can show a placeholder at once); it
 * is filled in place when the page arrives, and then notifies :loaded and every column.
 */
#pragma once

#include <glib-object.h>

#include "cd-claim-types.h"
#include "cd-date.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_ROW (cd_claim_row_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimRow, cd_claim_row, CD, CLAIM_ROW, GObject)

typedef struct
{
  gint64        id;
  const char   *number;
  const char   *claimant;
  CdBenefit     benefit;
  const char   *period_from;
  const char   *period_to;
  gint64        amount;
  CdClaimStatus status;
  const char   *officer;
  guint32       received_on;   /* yyyymmdd */
} CdClaimRowData;

/* `today` is the day the row's age (days since received_on) is counted to. */

CdClaimRow   *cd_claim_row_new             (void);
/* A row made with its data: loaded from the start, nothing notified (no one can be listening). */
CdClaimRow   *cd_claim_row_new_filled      (const CdClaimRowData *data,
                                            CdDay                 today);
void          cd_claim_row_set_data        (CdClaimRow           *self,
                                            const CdClaimRowData *data,
                                            CdDay                 today);
/* Counts the age again to another day; a row not loaded yet gets it with its data. */
void          cd_claim_row_set_today       (CdClaimRow           *self,
                                            CdDay                 today);

gboolean      cd_claim_row_get_loaded      (CdClaimRow *self);
gint64        cd_claim_row_get_id          (CdClaimRow *self);
const char   *cd_claim_row_get_number      (CdClaimRow *self);
const char   *cd_claim_row_get_claimant    (CdClaimRow *self);
CdBenefit     cd_claim_row_get_benefit     (CdClaimRow *self);
const char   *cd_claim_row_get_period_from (CdClaimRow *self);
const char   *cd_claim_row_get_period_to   (CdClaimRow *self);
gint64        cd_claim_row_get_amount      (CdClaimRow *self);
CdClaimStatus cd_claim_row_get_status      (CdClaimRow *self);
const char   *cd_claim_row_get_officer     (CdClaimRow *self);
const char   *cd_claim_row_get_received_on (CdClaimRow *self);
int           cd_claim_row_get_age_days    (CdClaimRow *self);

G_END_DECLS
