/* cd-claim-computation.h — the claim view's section for the newest evaluation.
 *
 * Its benefit lines (with the day rate each pays), unpaid days, reasons, assumptions and the
 * documents the rules require, present or missing.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-section.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_COMPUTATION (cd_claim_computation_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimComputation, cd_claim_computation, CD, CLAIM_COMPUTATION, AdwBin)

G_END_DECLS
