/* cd-claim-view-actions.c — the claim view's claim.* actions: the workflow's steps through core,
 * the dialogs that ask for a comment or a reason, the letter, reload. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-view-private.h"
#include "cd-paper-document-dialog.h"

/* The one place that decides what can be done now. */
void
cd_claim_view_update_actions (CdClaimView *self)
{
  CdSession *session = cd_context_get_session (self->context);
  CdClaimActions allowed = CD_CLAIM_ACTION_NONE;
  CdClaimActions shown;
  GtkWidget *widget = GTK_WIDGET (self);
  const char *note = NULL;

  if (self->details != NULL && session != NULL && !self->busy)
    allowed = self->details->actions;
  /* The workflow's steps write: they wait for the context's writer. */
  if (cd_context_get_database (self->context) == NULL)
    allowed &= CD_CLAIM_ACTION_PRINT_LETTER;

  gtk_widget_action_set_enabled (widget, "claim.propose", allowed & CD_CLAIM_ACTION_PROPOSE);
  gtk_widget_action_set_enabled (widget, "claim.approve", allowed & CD_CLAIM_ACTION_APPROVE);
  gtk_widget_action_set_enabled (widget, "claim.return", allowed & CD_CLAIM_ACTION_RETURN);
  gtk_widget_action_set_enabled (widget, "claim.reject", allowed & CD_CLAIM_ACTION_REJECT);
  gtk_widget_action_set_enabled (widget, "claim.print-letter",
                                 allowed & CD_CLAIM_ACTION_PRINT_LETTER);
  gtk_widget_action_set_enabled (widget, "claim.primary",
                                 allowed & (CD_CLAIM_ACTION_PROPOSE | CD_CLAIM_ACTION_APPROVE));
  gtk_widget_action_set_enabled (widget, "claim.reload",
                                 self->number != NULL
                                 && cd_context_get_db_path (self->context) != NULL && !self->busy);
  gtk_widget_action_set_enabled (widget, "claim.dismiss-error", self->error_text != NULL);
  /* Paper evidence is recorded by those who handle claims, through the writer. */
  gtk_widget_action_set_enabled (widget, "claim.record-paper",
                                 self->details != NULL && session != NULL && !self->busy
                                 && cd_context_get_database (self->context) != NULL
                                 && (CD_ROLES_WORKING
                                     & CD_ROLE_BIT (cd_session_get_role (session))) != 0);

  /* Only the steps open to this user on this claim are offered; while busy they stay in place,
   * disabled. */
  shown = self->details != NULL && session != NULL ? self->details->actions
                                                    : CD_CLAIM_ACTION_NONE;
  gtk_widget_set_visible (self->propose_button, shown & CD_CLAIM_ACTION_PROPOSE);
  gtk_widget_set_visible (self->approve_button, shown & CD_CLAIM_ACTION_APPROVE);
  gtk_widget_set_visible (self->return_button, shown & CD_CLAIM_ACTION_RETURN);
  gtk_widget_set_visible (self->reject_button, shown & CD_CLAIM_ACTION_REJECT);
  gtk_widget_set_visible (self->print_button, shown & CD_CLAIM_ACTION_PRINT_LETTER);

  if (session == NULL)
    note = _("Sign in to act on this claim");
  else if (self->details != NULL && self->details->actions == CD_CLAIM_ACTION_NONE)
    note = _("Nothing on this claim is yours to do in its present state.");
  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

static void
on_acted (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdClaimView *self = user_data;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;
  const char *message = NULL;

  if (!cd_workflow_act_finish (result, &outcome, &error))
    {
      /* The view is gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->acting = FALSE;
      cd_claim_view_update_busy (self);
      /* Segregation of duties, a second supervisor, an illegal step, a locked session: core's
       * words, kept on screen until dismissed. */
      cd_claim_view_show_error (self, error->message);
      return;
    }
  /* Straight into the reload: busy all along. */
  self->acting = FALSE;

  switch (self->action)
    {
    case CD_WORKFLOW_ACTION_PROPOSE:
      message = _("Decision proposed; a supervisor will approve it");
      break;

    case CD_WORKFLOW_ACTION_APPROVE:
      message = outcome == CD_WORKFLOW_APPROVAL_NEEDS_SECOND
                ? _("Approval recorded; a second supervisor must approve as well")
                : _("Approved and queued for the central system");
      break;

    case CD_WORKFLOW_ACTION_RETURN:
      message = _("Claim returned to the officer");
      break;

    case CD_WORKFLOW_ACTION_REJECT:
      message = _("Claim rejected");
      break;

    case CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE:
    case CD_WORKFLOW_ACTION_EVALUATE:
    case CD_WORKFLOW_ACTION_QUEUE:
    case CD_WORKFLOW_ACTION_MARK_SYNCED:
    case CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL:
    case CD_WORKFLOW_ACTION_REOPEN:
    case CD_WORKFLOW_ACTION_OPEN:
    case CD_WORKFLOW_ACTION_AMEND:   /* from an employer's list (cd-list-triage.h) */
    case CD_N_WORKFLOW_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  cd_claim_view_start_load (self);
  g_signal_emit (self, cd_claim_view_signals[CD_CLAIM_VIEW_SIGNAL_CHANGED], 0);
}

/* The step runs in core, on the context's one writer; the view waits for its answer. */
static void
run_action (CdClaimView      *self,
            CdWorkflowAction  action,
            const char       *text)
{
  CdSession *session = cd_context_get_session (self->context);
  CdDatabase *db = cd_context_get_database (self->context);

  if (session == NULL || db == NULL || self->number == NULL || self->busy)
    return;

  cd_claim_view_show_error (self, NULL);
  self->action = action;
  self->acting = TRUE;
  cd_claim_view_update_busy (self);
  cd_claim_view_update_actions (self);
  cd_workflow_act_async (db, session, self->number, action, text, self->cancellable, on_acted,
                         self);
}

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_action (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_PROPOSE, NULL);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_action (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_APPROVE, NULL);
}

/* Ctrl+Enter: the step forward the claim is waiting for. */
static void
primary_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdClaimView *self = CD_CLAIM_VIEW (widget);
  CdClaimActions allowed = self->details != NULL ? self->details->actions : CD_CLAIM_ACTION_NONE;

  if (allowed & CD_CLAIM_ACTION_PROPOSE)
    run_action (self, CD_WORKFLOW_ACTION_PROPOSE, NULL);
  else if (allowed & CD_CLAIM_ACTION_APPROVE)
    run_action (self, CD_WORKFLOW_ACTION_APPROVE, NULL);
}

static void
on_text_changed (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *response = g_object_get_data (G_OBJECT (dialog), "cd-response");

  adw_message_dialog_set_response_enabled (dialog, response, text[0] != '\0');
}

static void
on_text_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CdClaimView      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  CdWorkflowAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cd-action"));

  /* Answered (or closed, which answers "cancel"): no longer this view's dialog. */
  if (self->dialog == dialog)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  if (g_str_equal (response, g_object_get_data (G_OBJECT (dialog), "cd-response"))
      && text[0] != '\0')
    run_action (self, action, text);
}

/* Return needs a comment, reject a reason: asked for in a dialog whose OK stays off while empty. */
static void
ask_text (CdClaimView      *self,
          CdWorkflowAction  action)
{
  gboolean returning = action == CD_WORKFLOW_ACTION_RETURN;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading =
    g_strdup_printf (returning ? _("Return Claim %s?") : _("Reject Claim %s?"), self->number);
  const char *response = returning ? "return" : "reject";
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading,
                                                       returning
                                                       ? _("Tell the officer what to correct. "
                                                           "The comment is kept in the claim's "
                                                           "history.")
                                                       : _("The reason is kept in the claim's "
                                                           "history and the claim is closed.")));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), returning ? _("Comment") : _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  returning ? _("Comment for the officer")
                                            : _("Reason for the rejection"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response,
                                    returning ? _("_Return") : _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (dialog, response,
                                              returning ? ADW_RESPONSE_SUGGESTED
                                                        : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, response, FALSE);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-response", g_strdup (response), g_free);
  g_object_set_data (G_OBJECT (dialog), "cd-action", GINT_TO_POINTER (action));
  g_signal_connect (entry, "changed", G_CALLBACK (on_text_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_text_response), self, 0);

  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_text (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_RETURN);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_text (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_REJECT);
}

/* The letter is the window's business: the view only asks for it. */
static void
print_letter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdClaimView *self = CD_CLAIM_VIEW (widget);

  if (self->number != NULL
      && !gtk_widget_activate_action (widget, "win.print-letter", "s", self->number))
    cd_claim_view_show_error (self, _("Letters cannot be printed from this window yet."));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cd_claim_view_start_load (CD_CLAIM_VIEW (widget));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cd_claim_view_show_error (CD_CLAIM_VIEW (widget), NULL);
}

static void
on_paper_saved (CdPaperDocumentDialog *dialog,
                gint64                 document_id,
                CdClaimView           *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Paper document recorded, not yet verified")));
  cd_claim_view_start_load (self);
  g_signal_emit (self, cd_claim_view_signals[CD_CLAIM_VIEW_SIGNAL_CHANGED], 0);
}

/* The form for a paper about the claimant, linked to this claim. */
static void
record_paper_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdClaimView *self = CD_CLAIM_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->details == NULL)
    return;
  if (self->paper_dialog != NULL)
    {
      gtk_window_present (self->paper_dialog);
      return;
    }
  dialog = cd_paper_document_dialog_new (self->context, self->details->personal_id,
                                         self->details->id);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_paper_saved), self, 0);
  self->paper_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->paper_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cd_claim_view_actions_dispose (CdClaimView *self)
{
  AdwMessageDialog *dialog = self->dialog;

  if (self->paper_dialog != NULL)
    {
      GtkWindow *paper = self->paper_dialog;

      g_object_remove_weak_pointer (G_OBJECT (paper), (gpointer *) &self->paper_dialog);
      self->paper_dialog = NULL;
      gtk_window_destroy (paper);
    }

  if (dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
cd_claim_view_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "claim.propose", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "claim.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "claim.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "claim.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "claim.print-letter", NULL,
                                   print_letter_action);
  gtk_widget_class_install_action (widget_class, "claim.primary", NULL, primary_action);
  gtk_widget_class_install_action (widget_class, "claim.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "claim.dismiss-error", NULL,
                                   dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "claim.record-paper", NULL, record_paper_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "claim.primary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "claim.primary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "claim.reload", NULL);
}
