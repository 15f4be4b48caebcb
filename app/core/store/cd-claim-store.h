/* cd-claim-store.h — reading the claims table for those who do not own it.
 *
 * Claims are written only by the workflow (cd-workflow.h), which owns their status; the list
 * (cd-claim-list-model.h) and the search (cd-search.h) read them for the window. What is left for
 * everyone else is here: how many claims a queue holds, and which claim a number names. Both are
 * blocking and take any connection; a caller on the main loop runs them in a worker with a reader
 * of its own (cd_context_open_reader).
 */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

/* How many claims are in the statuses of `status_mask` (a bit per CdClaimStatus; 0: every status)
 * and, when officer_id >= 0, that officer's. */
gboolean cd_claim_store_count          (CdDatabase  *db,
                                        guint        status_mask,
                                        gint64       officer_id,
                                        gint64      *count,
                                        GError     **error);

/* The row id of the claim numbered `number` in *out_id, 0 when the store has none, and its
 * claimant's personal ID in *out_claimant_personal_id (NULL when there is no such claim; may be
 * NULL if not wanted). FALSE (with CD_DATABASE_ERROR) only when the database cannot be read. */
gboolean cd_claim_store_find_by_number (CdDatabase  *db,
                                        const char  *number,
                                        gint64      *out_id,
                                        char       **out_claimant_personal_id,
                                        GError     **error);

G_END_DECLS
