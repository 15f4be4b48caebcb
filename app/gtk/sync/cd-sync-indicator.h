/* cd-sync-indicator.h — the header bar's sync state, and the sync log behind it.
 *
 * It shows the context's sync worker (which keeps syncing: at once, when the network comes back,
 * and on a retry timer with backoff) as one of: syncing, N problems, offline with N queued, N
 * queued, up to date, or not connected (no central address, or nobody signed in). Clicking it
 * opens the log: counts, the last error, Sync Now, and the latest deliveries with their state and
 * reason. Without a line, the popover also writes the outbox to a file for a USB stick and reads
 * central's receipts back (docs/sync.md, "File bundles").
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_SYNC_INDICATOR (cd_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CdSyncIndicator, cd_sync_indicator, CD, SYNC_INDICATOR, AdwBin)

GtkWidget  *cd_sync_indicator_new         (void);
/* Shows the sync worker of `context`, whichever it has from now on. */
void        cd_sync_indicator_set_context (CdSyncIndicator *self,
                                           CdContext       *context);
/* The label as shown, for tests and the accessibility tree. */
const char *cd_sync_indicator_get_label   (CdSyncIndicator *self);
/* Number of rows the log shows now. */
guint       cd_sync_indicator_get_n_log_rows (CdSyncIndicator *self);
/* Reads the log and the connection state again (in threads); ::log-loaded and
 * ::connection-loaded follow. */
void        cd_sync_indicator_reload_log  (CdSyncIndicator *self);
/* The connection state as shown, one line each: offline since (when offline), what waits, and
 * each system's last contact. For tests. */
char       *cd_sync_indicator_dup_connection_text (CdSyncIndicator *self);

/* "Export Outbox to File…" and "Import Receipts…" once a file is chosen (the actions
 * sync.export-bundle and sync.import-receipts ask for it): the work runs in a thread, the popover
 * shows progress, then the result (also in a dialog); ::bundle-done follows. */
void        cd_sync_indicator_export_bundle   (CdSyncIndicator *self,
                                               GFile           *file);
void        cd_sync_indicator_import_receipts (CdSyncIndicator *self,
                                               GFile           *file);
/* The last bundle result or progress as shown; NULL before any. For tests. */
const char *cd_sync_indicator_get_bundle_text (CdSyncIndicator *self);

G_END_DECLS
