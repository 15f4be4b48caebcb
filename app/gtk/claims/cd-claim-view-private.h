/* cd-claim-view-private.h — the claim view's state, shared by the files that make it up:
 *
 *   cd-claim-view.c          the view: loading the claim, handing it to its sections, the header
 *                            and the messages, following the context
 *   cd-claim-view-actions.c  the claim.* actions (the workflow's steps, their dialogs, the letter)
 *                            and what they allow now
 *
 * The parts of the claim itself are section widgets (cd-claim-section.h): overview, evidence,
 * verification, findings, computation and history.
 */
#pragma once

#include "cd-claim-view.h"
#include "cd-workflow.h"

G_BEGIN_DECLS

struct _CdClaimView
{
  GtkWidget             parent_instance;

  CdContext            *context;
  char                 *number;
  CdClaimDetails       *details;
  GCancellable         *cancellable;       /* everything; cancelled in dispose */
  GCancellable         *load_cancellable;  /* the load under way */
  gboolean              loading;
  gboolean              acting;
  CdWorkflowAction      action;            /* the one under way while acting */
  gboolean              busy;
  char                 *error_text;
  AdwMessageDialog     *dialog;
  GtkWindow            *paper_dialog;      /* Record Paper Document, while open */

  /* Template widgets */
  GtkWidget            *approve_button;
  GtkWidget            *computation_section;
  GtkLabel             *error_label;
  GtkRevealer          *error_revealer;
  GtkWidget            *evidence_section;
  AdwViewStackPage     *findings_page;
  GtkWidget            *findings_section;
  GtkWidget            *history_section;
  AdwStatusPage        *load_error_page;
  GtkLabel             *note_label;
  GtkWidget            *overview_section;
  GtkWidget            *print_button;
  GtkWidget            *propose_button;
  GtkWidget            *reject_button;
  GtkWidget            *return_button;
  GtkSpinner           *spinner;
  GtkStack             *state_stack;
  GtkWidget            *switcher_blank;
  AdwViewSwitcherBar   *switcher_bar;
  AdwSqueezer          *switcher_squeezer;
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *verification_section;
};

enum {
  CD_CLAIM_VIEW_SIGNAL_LOADED,
  CD_CLAIM_VIEW_SIGNAL_CHANGED,
  CD_CLAIM_VIEW_N_SIGNALS
};

extern guint cd_claim_view_signals[CD_CLAIM_VIEW_N_SIGNALS];

/* cd-claim-view.c */
/* Reads the claim again (or stops reading it when there is no claim or no store). */
void cd_claim_view_start_load             (CdClaimView    *self);
void cd_claim_view_update_busy            (CdClaimView    *self);
/* Core's refusal on show until dismissed, or none (NULL). */
void cd_claim_view_show_error             (CdClaimView    *self,
                                           const char     *message);

/* cd-claim-view-actions.c */
void cd_claim_view_actions_class_init     (GtkWidgetClass *widget_class);
/* Closes the comment or reason dialog, if open. */
void cd_claim_view_actions_dispose        (CdClaimView    *self);
/* The one place that decides what can be done now: the claim.* actions, the buttons and the
 * note beside them. */
void cd_claim_view_update_actions         (CdClaimView    *self);

G_END_DECLS
