/* cd-new-claim-page.h — a new claim: personal ID → evidence from every source → the detected
 * case → a form prefilled from the documents → the evaluation, live → the claim saved.
 *
 * Everything that touches the network or the disk runs off the main loop and stops when the page
 * is destroyed. The page never reaches up to its window: it emits ::claim-created.
 *
 * The read-only properties :can-fetch and :can-create (with notify) say whether new-claim.fetch
 * and new-claim.create are enabled now.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_TYPE_NEW_CLAIM_PAGE (cd_new_claim_page_get_type ())
G_DECLARE_FINAL_TYPE (CdNewClaimPage, cd_new_claim_page, CD, NEW_CLAIM_PAGE, GtkWidget)

GtkWidget  *cd_new_claim_page_new              (void);
/* Where evidence comes from and claims go. `central_url` may be NULL (the gateway serves it). */
void        cd_new_claim_page_set_backend      (CdNewClaimPage *self,
                                                CdDatabase     *db,
                                                const char     *gateway_url,
                                                const char     *central_url);
/* Clears the page for the next claim. */
void        cd_new_claim_page_reset            (CdNewClaimPage *self);

/* State, for the window and the tests. */
const char *cd_new_claim_page_get_id_error     (CdNewClaimPage *self);
guint       cd_new_claim_page_get_sources_done (CdNewClaimPage *self);
guint       cd_new_claim_page_get_sources_failed (CdNewClaimPage *self);
guint       cd_new_claim_page_get_n_cases      (CdNewClaimPage *self);
/* How many cross-check findings the page shows. */
guint       cd_new_claim_page_get_n_findings   (CdNewClaimPage *self);
CdBenefit   cd_new_claim_page_get_case_benefit (CdNewClaimPage *self,
                                                guint           index);
/* TRUE while evidence is being fetched, stored or read. */
gboolean    cd_new_claim_page_get_busy         (CdNewClaimPage *self);
/* The total of the latest evaluation, or -1 when there is none yet. */
gint64      cd_new_claim_page_get_total        (CdNewClaimPage *self);
/* The claim created by new-claim.create, or 0. */
gint64      cd_new_claim_page_get_claim_id     (CdNewClaimPage *self);
/* Sets one form field by its facts path ("case.leave_from"), as if typed. */
gboolean    cd_new_claim_page_set_field        (CdNewClaimPage *self,
                                                const char     *path,
                                                const char     *text);

/* The signed-in user, who opens the claims made here through the workflow; with NULL (nobody
 * signed in), or a locked session, or a role that may not open claims, new-claim.create is
 * disabled. */
void        cd_new_claim_page_set_session  (CdNewClaimPage *self,
                                            CdSession      *session);

G_END_DECLS
