/* cd-claim-view.h — one claim: its evidence, checks, findings, computation and history, and the
 * workflow actions the signed-in user may take on it.
 *
 * The view works on its context: the claim is read from the context's store with
 * cd_claim_details_load_async and handed to the view's sections (cd-claim-section.h), one per
 * page; actions (`claim.propose`, `claim.approve`, `claim.return`, `claim.reject`) run through
 * cd_workflow_act_async on the context's one writer. It follows the signed-in session: without
 * one everything is shown read-only. Core's refusals are shown in the view; after a change the
 * view reloads and emits ::changed. `claim.print-letter` activates the window's
 * `win.print-letter` with the claim number.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-details.h"
#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_VIEW (cd_claim_view_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimView, cd_claim_view, CD, CLAIM_VIEW, GtkWidget)

GtkWidget            *cd_claim_view_new            (CdContext    *context);
/* Reads the claim in a worker thread; ::loaded follows. */
void                  cd_claim_view_load           (CdClaimView  *self,
                                                    const char   *claim_number);
const char           *cd_claim_view_get_claim_number (CdClaimView *self);
/* The details on show, or NULL before the first load. */
const CdClaimDetails *cd_claim_view_get_details    (CdClaimView  *self);
/* TRUE while reading the claim or running an action. */
gboolean              cd_claim_view_get_busy       (CdClaimView  *self);
/* The message of core's last refusal on show, or NULL. */
const char           *cd_claim_view_get_error      (CdClaimView  *self);
/* The note beside the actions ("Sign in to act on this claim"), or NULL when hidden. */
const char           *cd_claim_view_get_note       (CdClaimView  *self);

/* For tests and screen readers: the rows of one list of the view, by name: "claim", "claimant",
 * "decisions", "evidence", "verification", "findings", "lines", "unpaid", "reasons",
 * "assumptions", "required", "history". Placeholders are not counted. */
guint                 cd_claim_view_count_rows     (CdClaimView  *self,
                                                    const char   *list);
GtkWidget            *cd_claim_view_get_row        (CdClaimView  *self,
                                                    const char   *list,
                                                    guint         index);
/* The raw text of the index-th evidence document: expands its expander (which starts reading it)
 * and returns the text shown, or NULL until it is read. */
char                 *cd_claim_view_get_raw_text   (CdClaimView  *self,
                                                    guint         index);
/* The comment or reason dialog while it is open, else NULL. */
AdwMessageDialog     *cd_claim_view_get_dialog     (CdClaimView  *self);

G_END_DECLS
