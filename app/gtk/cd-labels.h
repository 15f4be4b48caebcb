/* cd-labels.h — what the workstation calls the codes it shows.
 *
 * The stored codes of documents, sources, checks, decisions, audit entries and payout batches, in
 * words for the officer (translated). An unknown code is shown as it is, so a newer file never
 * shows a blank. Sentences core already gives in both languages are picked, not translated.
 * Rules knowledge is not here: proof kinds and the rules' sentences are core's (cd-rule-texts).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* documents.kind: "leave_certificate" → "Certificate of leave for social insurance (XML11)". */
const char *cd_label_document_kind       (const char *kind);
/* documents.source_system and verifications.source: "medical" → "Medical portal". */
const char *cd_label_source_system       (const char *source);
/* verifications.result: "mismatch" → "Mismatch". */
const char *cd_label_verification_result (const char *result);
/* decisions.state: "proposed" → "Proposed". */
const char *cd_label_decision_state      (const char *state);
/* audit_log.action of a claim: "return" → "Returned to the officer". */
const char *cd_label_audit_action        (const char *action);
/* payout_batches.state: "open" → "Open". */
const char *cd_label_payout_state        (const char *state);
/* A sentence core gives in both languages (a rule's, a finding's), in the user's: Vietnamese for a
 * Vietnamese desktop, else English; the other when one is missing, else `fallback` (its code). */
const char *cd_label_pick                (const char *vi,
                                          const char *en,
                                          const char *fallback);

G_END_DECLS
