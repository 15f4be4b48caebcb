/* cd-list-view-triage.c — the list view's triage by keyboard (accept, refuse or return with a
 * written reason, open the row's claim) and a supervisor's approval of the list's proposals. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-list-jobs.h"
#include "cd-list-triage.h"
#include "cd-list-view-private.h"

/* ---- triage --------------------------------------------------------------------------------- */

typedef struct
{
  GWeakRef            view;
  CdListTriageAction  action;
  gboolean            bulk;
  guint               number;    /* the row's number in the list, for the summary */
} TriageJob;

static void
triage_job_free (TriageJob *job)
{
  g_weak_ref_clear (&job->view);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TriageJob, triage_job_free)

static void
triage_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TriageJob) job = user_data;
  g_autoptr(CdListView) self = cd_list_view_weak_ref_get (&job->view);
  g_autoptr(GError) error = NULL;
  guint done = 0, refused = 0;
  g_autofree char *message = NULL;

  cd_list_triage_act_finish (result, &done, &refused, &error);
  if (self == NULL)
    return;
  self->acting--;
  if (error != NULL)
    {
      /* TRANSLATORS: %s says why the row was not decided. */
      message = g_strdup_printf (_("Not done: %s"), error->message);
      cd_list_view_say (self, message, TRUE);
    }
  else if (job->bulk)
    {
      g_autofree char *accepted = g_strdup_printf (ngettext ("%u ready row accepted",
                                                             "%u ready rows accepted", done),
                                                   done);

      message = refused == 0 ? g_steal_pointer (&accepted)
                /* TRANSLATORS: "5 ready rows accepted, 1 refused by the workflow". */
                : g_strdup_printf (ngettext ("%s, %u refused by the workflow",
                                             "%s, %u refused by the workflow", refused),
                                   accepted, refused);
      cd_list_view_say (self, message, refused > 0);
    }
  else
    {
      message = g_strdup_printf (job->action == CD_LIST_TRIAGE_ACCEPT ? _("Row %u accepted")
                                 : job->action == CD_LIST_TRIAGE_REFUSE ? _("Row %u refused")
                                 : _("Row %u returned to the employer"), job->number);
      cd_list_view_say (self, message, FALSE);
      /* On to the next row: triage goes down the list. */
      if (self->keep_position + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->store)))
        gtk_single_selection_set_selected (self->selection, self->keep_position + 1);
    }
  cd_list_view_reload (self);
  g_signal_emit (self, cd_list_view_signals[CD_LIST_VIEW_SIGNAL_CHANGED], 0);
}

static void
act (CdListView         *self,
     CdListTriageAction  action,
     gboolean            bulk,
     const char         *reason)
{
  const CdStoredListRow *row = cd_list_view_selected_row (self);
  CdDatabase *db = cd_context_get_database (self->context);
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GError) error = NULL;
  TriageJob *job;

  if (cd_list_view_busy (self) || db == NULL || cd_list_view_session (self) == NULL
      || (!bulk && row == NULL))
    return;
  /* Here, at once: a session idle too long locks now, and the view says so. */
  if (!cd_session_begin_action (cd_list_view_session (self), &error))
    {
      cd_list_view_say (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->last_error, g_free);
  job = g_new0 (TriageJob, 1);
  g_weak_ref_init (&job->view, self);
  job->action = action;
  job->bulk = bulk;
  if (!bulk)
    {
      guint position = row->position;

      job->number = row->number;
      positions = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (positions, position);
      self->keep_position = gtk_single_selection_get_selected (self->selection);
    }
  self->acting++;
  cd_list_view_update_actions (self);
  cd_list_triage_act_async (db, cd_list_view_session (self), self->list_id,
                            bulk ? 1 : row->part, positions, action, reason, self->cancellable,
                            triage_done, job);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  act (CD_LIST_VIEW (widget), CD_LIST_TRIAGE_ACCEPT, FALSE, NULL);
}

static void
accept_ready_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  act (CD_LIST_VIEW (widget), CD_LIST_TRIAGE_ACCEPT, TRUE, NULL);
}

void
cd_list_view_decide_selected (CdListView *self,
                              gboolean    refuse,
                              const char *reason)
{
  g_return_if_fail (CD_IS_LIST_VIEW (self));

  act (self, refuse ? CD_LIST_TRIAGE_REFUSE : CD_LIST_TRIAGE_RETURN, FALSE, reason);
}

/* The article an officer most often cites refusing this benefit: the conditions of its regime in
 * the Law on Social Insurance 41/2024. The officer completes the sentence. */
static const char *
article_hint (const CdStoredListRow *row)
{
  CdBenefit benefit;

  if (row->benefit == NULL || !cd_benefit_from_string (row->benefit, &benefit))
    return "42";
  if (benefit == CD_BENEFIT_SICKNESS || benefit == CD_BENEFIT_CHILD_SICKNESS)
    return "42";
  if (benefit == CD_BENEFIT_RECOVERY_AFTER_SICKNESS)
    return "46";
  if (benefit == CD_BENEFIT_RECOVERY_AFTER_MATERNITY)
    return "60";
  /* Every maternity benefit: its conditions (Art 50). */
  return "50";
}

static void
on_reason_changed (AdwMessageDialog *dialog,
                   GtkEditable      *entry)
{
  const char *hint = g_object_get_data (G_OBJECT (dialog), "cd-hint");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *bare_hint = g_strstrip (g_strdup (hint));

  /* The hint alone is not a reason: the officer writes why. */
  adw_message_dialog_set_response_enabled (dialog, "decide",
                                           text[0] != '\0' && !g_str_equal (text, bare_hint));
}

static void
on_reason_response (CdListView       *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean refuse = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cd-refuse"));

  if (g_str_equal (response, "decide") && reason[0] != '\0')
    cd_list_view_decide_selected (self, refuse, reason);
}

static void
ask_reason (CdListView *self,
            gboolean    refuse)
{
  const CdStoredListRow *row = cd_list_view_selected_row (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  g_autofree char *hint = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (row == NULL)
    return;
  heading = g_strdup_printf (refuse ? _("Refuse Row %u?") : _("Return Row %u to the Employer?"),
                             row->number);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   refuse ? _("The reason is printed on the decision list. Cite "
                                              "the article the claim fails.")
                                          : _("The employer sees this reason and corrects the "
                                              "row. A reason is required."));
  entry = gtk_entry_new ();
  if (refuse)
    {
      /* TRANSLATORS: the start of a refusal's reason; %s is the article's number. */
      hint = g_strdup_printf (_("Not eligible under Article %s of the Law on Social Insurance "
                                "2024: "), article_hint (row));
      gtk_editable_set_text (GTK_EDITABLE (entry), hint);
    }
  else
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What the employer must correct"));
  g_object_set_data_full (G_OBJECT (dialog), "cd-hint", g_strdup (hint != NULL ? hint : ""),
                          g_free);
  g_object_set_data (G_OBJECT (dialog), "cd-refuse", GINT_TO_POINTER (refuse));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "decide", refuse ? _("_Refuse") : _("_Return"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "decide",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "decide");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "decide", FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_reason_changed), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reason_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  /* At the end of the hint, where the officer goes on writing. */
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
refuse_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (CD_LIST_VIEW (widget), TRUE);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (CD_LIST_VIEW (widget), FALSE);
}

static void
open_claim_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const CdStoredListRow *row = cd_list_view_selected_row (CD_LIST_VIEW (widget));

  /* As the claim list does: the window shows it. */
  if (row != NULL && row->claim_number != NULL)
    gtk_widget_activate_action (widget, "win.open-claim", "s", row->claim_number);
}

static void
on_row_activated (CdListView *self,
                  guint       position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "list.open-claim", NULL);
}

/* ---- approval ------------------------------------------------------------------------------- */

static void
approval_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_approval_run_finish (CD_APPROVAL_RUN (source), result,
                                                         &error);
  guint counts[CD_APPROVAL_OUTCOME_NOT_RUN + 1] = { 0 };
  g_autoptr(GString) text = NULL;
  g_autofree char *summary = NULL;

  /* Abandoned: the view is gone. */
  if (self == NULL)
    return;
  g_clear_object (&self->run);
  if (results == NULL)
    {
      cd_list_view_say (self, error->message, TRUE);
      cd_list_view_update_actions (self);
      return;
    }
  for (guint i = 0; i < results->len; i++)
    counts[((CdApprovalResult *) results->pdata[i])->outcome]++;
  /* TRANSLATORS: the outcome of approving a list: "5 approved, 1 needs a second approval,
   * 2 not done". */
  summary = g_strdup_printf (_("%u approved, %u need a second approval, %u not done"),
                             counts[CD_APPROVAL_OUTCOME_APPROVED],
                             counts[CD_APPROVAL_OUTCOME_NEEDS_SECOND],
                             counts[CD_APPROVAL_OUTCOME_REFUSED]
                             + counts[CD_APPROVAL_OUTCOME_NOT_RUN]);
  text = g_string_new (summary);
  /* Why each was not done, in the workflow's words: a supervisor's own proposal among them. */
  for (guint i = 0; i < results->len; i++)
    {
      CdApprovalResult *r = results->pdata[i];

      if (r->outcome == CD_APPROVAL_OUTCOME_REFUSED)
        g_string_append_printf (text, "\n%s: %s", r->claim_number, r->message);
    }
  g_free (self->approval_text);
  self->approval_text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_label_set_text (self->approval_label, self->approval_text);
  gtk_revealer_set_reveal_child (self->approval_revealer, TRUE);
  if (counts[CD_APPROVAL_OUTCOME_REFUSED] > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->approval_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->approval_label), "error");
  cd_list_view_say (self, summary, counts[CD_APPROVAL_OUTCOME_REFUSED] > 0);
  cd_list_view_reload (self);
  g_signal_emit (self, cd_list_view_signals[CD_LIST_VIEW_SIGNAL_CHANGED], 0);
}

static void
on_approval_progress (CdListView    *self,
                      guint          done,
                      guint          total,
                      CdApprovalRun *run)
{
  cd_list_view_set_progress (self, done, total, 0);
}

static void
proposed_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) numbers = cd_list_jobs_dup_proposed_finish (result, &error);
  CdDatabase *db;

  if (self == NULL)
    return;
  db = cd_context_get_database (self->context);
  self->acting--;
  if (numbers == NULL || db == NULL || cd_list_view_session (self) == NULL)
    {
      if (error != NULL)
        cd_list_view_say (self, error->message, TRUE);
      cd_list_view_update_actions (self);
      return;
    }
  if (numbers[0] == NULL)
    {
      cd_list_view_say (self, _("No claim of this list waits for approval"), FALSE);
      cd_list_view_update_actions (self);
      return;
    }
  self->run = cd_approval_run_new (db, cd_list_view_session (self), CD_APPROVAL_ACTION_APPROVE,
                                   (const char * const *) numbers, NULL);
  g_signal_connect_object (self->run, "progress", G_CALLBACK (on_approval_progress), self,
                           G_CONNECT_SWAPPED);
  cd_list_view_set_progress (self, 0, cd_approval_run_get_total (self->run), 0);
  cd_list_view_update_actions (self);
  cd_approval_run_start (self->run, self->cancellable, approval_done,
                         cd_list_view_weak_ref_new (self));
}

void
cd_list_view_approve_list (CdListView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CD_IS_LIST_VIEW (self));

  if (cd_list_view_busy (self) || !cd_list_view_can_approve (self))
    return;
  if (!cd_session_begin_action (cd_list_view_session (self), &error))
    {
      cd_list_view_say (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->last_error, g_free);
  gtk_revealer_set_reveal_child (self->approval_revealer, FALSE);
  self->acting++;
  cd_list_view_update_actions (self);
  cd_list_jobs_dup_proposed_async (self->context, self->list_id, self->cancellable, proposed_read,
                                   cd_list_view_weak_ref_new (self));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cd_list_view_approve_list (CD_LIST_VIEW (widget));
}

void
cd_list_view_triage_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "list.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "list.accept-ready", NULL, accept_ready_action);
  gtk_widget_class_install_action (widget_class, "list.refuse", NULL, refuse_action);
  gtk_widget_class_install_action (widget_class, "list.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "list.open-claim", NULL, open_claim_action);
  gtk_widget_class_install_action (widget_class, "list.approve", NULL, approve_action);
}
