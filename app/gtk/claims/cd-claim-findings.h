/* cd-claim-findings.h — the claim view's section for the newest cross-check's findings.
 *
 * Shown, never fixed: the officer decides on them.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-section.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_FINDINGS (cd_claim_findings_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimFindings, cd_claim_findings, CD, CLAIM_FINDINGS, AdwBin)

G_END_DECLS
