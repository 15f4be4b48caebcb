/* cd-claim-history.h — the claim view's section for the claim's history.
 *
 * Every change of the claim from its audit entries, newest first: who, when, from which status
 * to which, and what the entry carries (a comment, a reason).
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-section.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_HISTORY (cd_claim_history_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimHistory, cd_claim_history, CD, CLAIM_HISTORY, AdwBin)

G_END_DECLS
