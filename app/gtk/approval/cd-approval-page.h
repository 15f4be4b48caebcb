/* cd-approval-page.h — the supervisor's approval queue: the proposed decisions they may approve,
 * with bulk approve and bulk return, a progress bar and a cancel while a run works.
 *
 * The page works on its context: it reads the queue of the context's store on a reader of its own
 * (cd_approval_list_waiting_async), runs bulk decisions on the context's one writer
 * (CdApprovalRun) and follows the signed-in session; with no supervisor signed in the queue is
 * shown read-only. The page never reaches up to its window: it emits ::toast with a summary after
 * a run and ::changed when claims moved, and ::loaded after each reload.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_APPROVAL_PAGE (cd_approval_page_get_type ())
G_DECLARE_FINAL_TYPE (CdApprovalPage, cd_approval_page, CD, APPROVAL_PAGE, AdwBin)

GtkWidget         *cd_approval_page_new            (CdContext      *context);
void               cd_approval_page_reload         (CdApprovalPage *self);

/* State, for the window and the tests. */
gboolean           cd_approval_page_get_loading    (CdApprovalPage *self);
gboolean           cd_approval_page_get_running    (CdApprovalPage *self);
gboolean           cd_approval_page_get_read_only  (CdApprovalPage *self);
/* The rows: GtkStringObjects holding the claim numbers, in a GtkMultiSelection. */
GtkSelectionModel *cd_approval_page_get_selection  (CdApprovalPage *self);
/* The text on the progress bar ("2 of 5") while a run works. */
const char        *cd_approval_page_get_progress_text (CdApprovalPage *self);
/* How many claims of the last run were not done (refused), as listed on the page. */
guint              cd_approval_page_get_n_failures (CdApprovalPage *self);
/* The Evidence column's text of the row at `position` ("Paper, not yet verified", "Paper does
 * not match" or ""), and the office rule that applies to approving it (NULL if none). */
char              *cd_approval_page_dup_evidence_text (CdApprovalPage *self,
                                                       guint           position,
                                                       char          **rule);

/* The Review column's text of the row at `position` ("Needs review", "Needs review, opened" or
 * "" when it is not drawn or the session may not see it, CD_ACCESS_REVIEW_RISK), and why it was
 * drawn with the score's parts (NULL if not shown): its tooltip and accessible description. */
char              *cd_approval_page_dup_review_text   (CdApprovalPage *self,
                                                       guint           position,
                                                       char          **reasons);

G_END_DECLS
