/* cd-cross-checks.h — what does not add up between the sources, shown to the officer, never fixed.
 *
 * Runs over the evidence stored for a person (so it works offline too): identity fields across the
 * medical, population and central records; a claimant dead in the register; a leave certificate
 * whose serial was used before; leave certificates that overlap; a child who is not the claimant's;
 * and, when the officer scanned the claimant's citizen card, the card against the population
 * register (cd-card-check).
 * Each finding has a stable code, a severity and a sentence in Vietnamese and English, and is
 * recorded in the verifications table.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-citizen-card.h"
#include "cd-database.h"
#include "cd-finding.h"

G_BEGIN_DECLS

/* Findings (CdFinding) for the person, for the claim when claim_id > 0 (its child), and for the
 * card scanned for this person when `card` is not NULL (its personal ID is the person's). */
GPtrArray  *cd_cross_check               (CdDatabase           *db,
                                          const char           *personal_id,
                                          gint64                claim_id,
                                          const CdCitizenCard  *card,
                                          GError              **error);

G_END_DECLS
