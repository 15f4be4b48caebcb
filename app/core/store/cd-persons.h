/* cd-persons.h — the people the office knows (the persons table), found by their identifiers.
 *
 * Evidence, cross-checks, case detection and the new-claim page all start from a personal ID and
 * need the person's row; they ask here instead of each writing the query.
 */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

/* The row id of the person with this personal ID in *out_id, 0 when the office has nobody with it.
 * FALSE (with CD_DATABASE_ERROR) only when the database cannot be read. */
gboolean cd_persons_find_by_personal_id (CdDatabase  *db,
                                         const char  *personal_id,
                                         gint64      *out_id,
                                         GError     **error);

G_END_DECLS
