/* cd-claim-overview.h — the claim view's section for the claim, its claimant and its decisions.
 *
 * The decisions come with their approvals and freeze, and say when two supervisors must approve.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-section.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_OVERVIEW (cd_claim_overview_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimOverview, cd_claim_overview, CD, CLAIM_OVERVIEW, AdwBin)

G_END_DECLS
