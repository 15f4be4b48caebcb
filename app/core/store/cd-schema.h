/* cd-schema.h — the SQL that builds the workstation database, one migration per schema version.
 *
 * docs/data-model.md explains every table. Entry N moves a file from user_version N to N + 1; a
 * released entry is never edited, only appended to, so every file ever written can be brought
 * forward.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char * const *cd_schema_get_migrations (guint *n_migrations);

/* SQL that recounts the office dashboard's running counts (the claim_stats_* tables) from the
 * claims, decisions and outbox, for a bulk load that drops their triggers meanwhile (the seed). */
const char         *cd_schema_get_claim_stats_rebuild (void);

G_END_DECLS
