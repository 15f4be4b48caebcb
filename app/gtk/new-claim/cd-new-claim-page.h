/* cd-new-claim-page.h — a new claim: personal ID → evidence from every source → the detected
 * case → a form prefilled from the documents → the evaluation, live → the claim saved.
 *
 * The page is a view of a CdClaimIntake, the new-claim flow in core, which it makes for its
 * context's writer, the evidence fetcher the context builds for the signed-in user and the trust
 * store, with the context's rule pack; the workflow opens the claim as that user. The page follows
 * the context (notify::database, notify::session) instead of being told, cancels its work when it
 * leaves its window and in dispose, and never reaches up to the window: it emits ::claim-created.
 *
 * The read-only properties :can-fetch and :can-create (with notify) say whether new-claim.fetch
 * and new-claim.create are enabled now.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-types.h"
#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_NEW_CLAIM_PAGE (cd_new_claim_page_get_type ())
G_DECLARE_FINAL_TYPE (CdNewClaimPage, cd_new_claim_page, CD, NEW_CLAIM_PAGE, GtkWidget)

GtkWidget  *cd_new_claim_page_new                (CdContext      *context);
CdContext  *cd_new_claim_page_get_context        (CdNewClaimPage *self);
/* Clears the page for the next claim. */
void        cd_new_claim_page_reset              (CdNewClaimPage *self);

/* State, for the window and the tests. */
const char *cd_new_claim_page_get_id_error       (CdNewClaimPage *self);
guint       cd_new_claim_page_get_sources_done   (CdNewClaimPage *self);
guint       cd_new_claim_page_get_sources_failed (CdNewClaimPage *self);
guint       cd_new_claim_page_get_n_cases        (CdNewClaimPage *self);
/* How many cross-check findings the page shows. */
guint       cd_new_claim_page_get_n_findings     (CdNewClaimPage *self);
CdBenefit   cd_new_claim_page_get_case_benefit   (CdNewClaimPage *self,
                                                  guint           index);
/* TRUE while evidence is being fetched, stored or read. */
gboolean    cd_new_claim_page_get_busy           (CdNewClaimPage *self);
/* The total of the latest evaluation, or -1 when there is none yet. */
gint64      cd_new_claim_page_get_total          (CdNewClaimPage *self);
/* The claim created by new-claim.create, or 0. */
gint64      cd_new_claim_page_get_claim_id       (CdNewClaimPage *self);
/* Sets one form field by its facts path ("case.leave_from"), as if typed. */
gboolean    cd_new_claim_page_set_field          (CdNewClaimPage *self,
                                                  const char     *path,
                                                  const char     *text);

G_END_DECLS
