/* cd-sync-error.h — the sync layer's error domain, shared by the worker, its run and the sync log.
 *
 * Its own header so that the log, which only reads the outbox, need not include the worker.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_SYNC_ERROR (cd_sync_error_quark ())

typedef enum
{
  CD_SYNC_ERROR_DATABASE,  /* the outbox could not be read or written */
  CD_SYNC_ERROR_BUSY,      /* another delivery of this worker is under way */
} CdSyncError;

GQuark cd_sync_error_quark (void);

/* Sets `error` to "The outbox: <cause>" and returns FALSE. A damaged store keeps its own domain
 * and code (CD_DATABASE_ERROR_CORRUPT), so that callers can leave it to the one report of the
 * damage; any other cause becomes CD_SYNC_ERROR_DATABASE. */
gboolean cd_sync_error_outbox (GError       **error,
                               const GError  *cause);

G_END_DECLS
