/* cd-connection-state.h — what a person needs to read the offline state: since when central has
 * not answered, what waits, and when each system last answered.
 *
 * Read from what the store already records (no table of its own): the outbox (central's answers
 * and the transport failures kept on queued items) and the documents (the last successful fetch
 * per evidence source). Read through any connection; the UI reads it off the main loop.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"

G_BEGIN_DECLS

typedef struct
{
  char      *system;        /* "central", "medical", "civil_status", "population" */
  GDateTime *last_success;  /* UTC; NULL: never answered */
} CdSystemContact;

typedef struct
{
  /* The first failed contact with central after its last answer, if the latest contact failed;
   * NULL when central answered last (or was never tried). UTC. */
  GDateTime *offline_since;
  guint      waiting_decisions;  /* outbox items queued or sending */
  GPtrArray *systems;            /* CdSystemContact, central first, then the evidence sources */
  guint      waiting_bundles;    /* outbox bundles exported to a file, their receipts not back */
  guint      waiting_receipts;   /* of the waiting decisions, those in flight in such a bundle */
  guint      waiting_verifications; /* paper documents deferred verification has still to check */
  guint      waiting_fetches;    /* undecided claims whose evidence is to be fetched again (older
                                  * than the office's evidence.stale_days, or never fetched) */
} CdConnectionState;

void               cd_connection_state_free (CdConnectionState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdConnectionState, cd_connection_state_free)

/* The contact of `system`, or NULL if it is not one of the systems listed. */
const CdSystemContact *cd_connection_state_get_system (const CdConnectionState *state,
                                                       const char              *system);

/* NULL (and error) if the store cannot be read. */
CdConnectionState *cd_connection_state_read        (CdDatabase           *db,
                                                    GError              **error);

/* The same, off the main loop through a reader connection of its own on db_path. */
void               cd_connection_state_load_async  (const char           *db_path,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CdConnectionState *cd_connection_state_load_finish (GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
