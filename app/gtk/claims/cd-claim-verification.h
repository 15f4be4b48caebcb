/* cd-claim-verification.h — the claim view's section for the checks across the sources.
 *
 * Each check made on the claim or its claimant, with what did not match.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-section.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_VERIFICATION (cd_claim_verification_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimVerification, cd_claim_verification, CD, CLAIM_VERIFICATION, AdwBin)

G_END_DECLS
