/* cd-sync-log-row.h — one outbox item as a row: the claim, its delivery state, and why. Shared by
 * the sync indicator's log and the Sync Problems page. */
#pragma once

#include <adwaita.h>

#include "cd-sync-log.h"

G_BEGIN_DECLS

const char *cd_sync_log_state_label (const char          *state);
/* An AdwActionRow; the claim number is kept on it as "claim-number". */
GtkWidget  *cd_sync_log_row_new     (const CdSyncLogItem *item);

G_END_DECLS
