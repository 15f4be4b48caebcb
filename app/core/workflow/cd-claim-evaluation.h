/* cd-claim-evaluation.h — records an evaluation of a claim: the facts, the engine's result, and the
 * claim moved to status evaluated with the proposed amount, in one transaction.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-database.h"

G_BEGIN_DECLS

/* `officer_id` may be 0 (unknown). Blocking: call it from a worker thread. */
gint64   cd_claim_evaluation_save   (CdDatabase  *db,
                                     gint64       claim_id,
                                     JsonNode    *facts,
                                     JsonNode    *result,
                                     gint64       officer_id,
                                     GError     **error);
/* The first active officer of the database, for a workstation nobody has signed in to yet; 0 when
 * there is none. */
gint64   cd_claim_evaluation_default_officer (CdDatabase *db);

G_END_DECLS
