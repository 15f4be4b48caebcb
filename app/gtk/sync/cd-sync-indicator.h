/* cd-sync-indicator.h — the header bar's sync state, and the sync log behind it.
 *
 * It owns the GUI's sync worker (loop mode: at once, when the network comes back, and on a retry
 * timer with backoff) and shows one of: syncing, N problems, offline with N queued, N queued, up
 * to date, or not connected (no central address). Clicking it opens the log: counts, the last
 * error, Sync Now, and the latest deliveries with their state and reason.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_SYNC_INDICATOR (cd_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CdSyncIndicator, cd_sync_indicator, CD, SYNC_INDICATOR, AdwBin)

GtkWidget  *cd_sync_indicator_new         (void);
/* Starts syncing db_path to central_url (NULL or "": not connected). Replaces any earlier one. */
void        cd_sync_indicator_set_backend (CdSyncIndicator *self,
                                           const char      *db_path,
                                           const char      *central_url);
/* The label as shown, for tests and the accessibility tree. */
const char *cd_sync_indicator_get_label   (CdSyncIndicator *self);
/* Number of rows the log shows now. */
guint       cd_sync_indicator_get_n_log_rows (CdSyncIndicator *self);
/* Reads the log again (in a thread); ::log-loaded follows. */
void        cd_sync_indicator_reload_log  (CdSyncIndicator *self);

G_END_DECLS
