/* cd-claim-evidence.h — the claim view's section for the stored documents: every answer stored
 * for the claim or its people, newest first, with its source, time, signature and parsed fields;
 * a document's raw bytes are read (from `db-path`) the first time its expander opens. */
#pragma once

#include <adwaita.h>

#include "cd-claim-section.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_EVIDENCE (cd_claim_evidence_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimEvidence, cd_claim_evidence, CD, CLAIM_EVIDENCE, AdwBin)

/* The raw text of the index-th document: opens its expander (which starts reading it) and
 * returns the text shown, or NULL until it is read. */
char *cd_claim_evidence_get_raw_text (CdClaimEvidence *self,
                                      guint            index);
/* How old the claim's newest evidence is, as shown ("Fetched 3 days ago"). */
const char *cd_claim_evidence_get_freshness (CdClaimEvidence *self);

G_END_DECLS
