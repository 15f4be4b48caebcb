/* cd-claim-view.c — one claim: loading it, handing it to its sections, its header and messages;
 * the actions are in cd-claim-view-actions.c. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-approval.h"
#include "cd-claim-computation.h"
#include "cd-claim-evidence.h"
#include "cd-claim-findings.h"
#include "cd-claim-history.h"
#include "cd-claim-overview.h"
#include "cd-claim-verification.h"
#include "cd-claim-view-private.h"
#include "cd-resources.h"

G_DEFINE_FINAL_TYPE (CdClaimView, cd_claim_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint cd_claim_view_signals[CD_CLAIM_VIEW_N_SIGNALS];

/* ---- state -----------------------------------------------------------------------------------*/

void
cd_claim_view_update_busy (CdClaimView *self)
{
  gboolean busy = self->loading || self->acting;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
cd_claim_view_show_error (CdClaimView *self,
                          const char  *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  cd_claim_view_update_actions (self);
}

#define N_SECTIONS 6

/* The parts of the claim, in the order of the pages. */
static void
get_sections (CdClaimView    *self,
              CdClaimSection *sections[N_SECTIONS])
{
  GtkWidget *widgets[N_SECTIONS] = { self->overview_section, self->evidence_section,
                                     self->verification_section, self->findings_section,
                                     self->computation_section, self->history_section };

  for (guint i = 0; i < N_SECTIONS; i++)
    sections[i] = CD_CLAIM_SECTION (widgets[i]);
}

/* Every section shows its part of the claim; the findings' page counts them. */
static void
show_details (CdClaimView *self)
{
  CdClaimSection *sections[N_SECTIONS];
  const CdClaimDetails *d = self->details;

  get_sections (self, sections);
  for (guint i = 0; i < N_SECTIONS; i++)
    cd_claim_section_set_details (sections[i], d);
  adw_view_stack_page_set_badge_number (self->findings_page, d->findings->len);
  adw_view_stack_page_set_needs_attention (self->findings_page, d->findings->len > 0);
  gtk_stack_set_visible_child_name (self->state_stack, "claim");
}

static void
on_marked_reviewed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CdClaimView *self = user_data;
  g_autoptr(GError) error = NULL;

  /* The view gone: nothing to say. Recorded or not needed, nothing to show either. */
  if (!cd_approval_mark_reviewed_finish (result, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    cd_claim_view_show_error (self, error->message);
}

/* A supervisor or the office head sees a proposal: if it was drawn for review, core records that
 * they opened it, which lets a bulk approval take it (docs/workflow.md, "Review sampling"). */
static void
mark_reviewed (CdClaimView *self)
{
  CdSession *session = cd_context_get_session (self->context);
  CdDatabase *writer = cd_context_get_database (self->context);

  if (self->details->status != CD_CLAIM_STATUS_PROPOSED || session == NULL || writer == NULL
      || cd_session_get_locked (session)
      || (CD_ROLES_SUPERVISING & CD_ROLE_BIT (cd_session_get_role (session))) == 0)
    return;
  cd_approval_mark_reviewed_async (writer, session, self->details->number, self->cancellable,
                                   on_marked_reviewed, self);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdClaimView *self = user_data;
  g_autoptr(GError) error = NULL;
  CdClaimDetails *details = cd_claim_details_load_finish (result, &error);

  /* A newer load, or the view gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (details != NULL)
    {
      g_clear_pointer (&self->details, cd_claim_details_free);
      self->details = details;
      show_details (self);
      mark_reviewed (self);
    }
  else if (self->details != NULL && g_strcmp0 (self->details->number, self->number) == 0)
    /* A reload failed: keep what is shown and say why. */
    cd_claim_view_show_error (self, error->message);
  else
    {
      g_clear_pointer (&self->details, cd_claim_details_free);
      adw_status_page_set_description (self->load_error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
    }
  cd_claim_view_update_busy (self);
  cd_claim_view_update_actions (self);
  g_signal_emit (self, cd_claim_view_signals[CD_CLAIM_VIEW_SIGNAL_LOADED], 0);
}

void
cd_claim_view_start_load (CdClaimView *self)
{
  const char *db_path = cd_context_get_db_path (self->context);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->number == NULL || db_path == NULL)
    {
      self->loading = FALSE;
      cd_claim_view_update_busy (self);
      cd_claim_view_update_actions (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (self->details == NULL || g_strcmp0 (self->details->number, self->number) != 0)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "loading");
      gtk_spinner_set_spinning (self->spinner, TRUE);
    }
  cd_claim_view_update_busy (self);
  cd_claim_view_update_actions (self);
  cd_claim_details_load_async (db_path, self->number, cd_context_get_session (self->context),
                               self->load_cancellable, on_loaded, self);
}

/* Too narrow for either switcher at the top: the bar at the bottom takes over. */
static void
on_squeezed (CdClaimView *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_squeezer_get_visible_child (self->switcher_squeezer)
                                    == self->switcher_blank);
}

/* ---- public API ------------------------------------------------------------------------------*/

GtkWidget *
cd_claim_view_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_CLAIM_VIEW, "context", context, NULL);
}

/* Another store, another user or nobody: the claim is read again, as what may be done on it
 * depends on who is signed in. */
static void
on_backend_changed (CdClaimView *self)
{
  cd_claim_view_update_actions (self);
  if (self->number != NULL)
    cd_claim_view_start_load (self);
}

void
cd_claim_view_load (CdClaimView *self,
                    const char  *claim_number)
{
  g_return_if_fail (CD_IS_CLAIM_VIEW (self));
  g_return_if_fail (claim_number != NULL);

  if (g_strcmp0 (self->number, claim_number) != 0)
    {
      g_free (self->number);
      self->number = g_strdup (claim_number);
      cd_claim_view_show_error (self, NULL);
      gtk_stack_set_visible_child_name (GTK_STACK (self->state_stack), "loading");
    }
  cd_claim_view_start_load (self);
}

const char *
cd_claim_view_get_claim_number (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->number;
}

const CdClaimDetails *
cd_claim_view_get_details (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->details;
}

gboolean
cd_claim_view_get_busy (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), FALSE);
  return self->busy;
}

const char *
cd_claim_view_get_error (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->error_text;
}

const char *
cd_claim_view_get_note (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
         ? gtk_label_get_text (self->note_label) : NULL;
}

/* The list called `name`, from whichever section has it. */
static GtkListBox *
list_by_name (CdClaimView *self,
              const char  *name)
{
  CdClaimSection *sections[N_SECTIONS];

  get_sections (self, sections);
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      GtkListBox *list = cd_claim_section_get_list (sections[i], name);

      if (list != NULL)
        return list;
    }
  g_return_val_if_reached (NULL);
}

guint
cd_claim_view_count_rows (CdClaimView *self,
                          const char  *list)
{
  GtkListBox *box;
  guint n = 0;

  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), 0);
  box = list_by_name (self, list);
  while (box != NULL && gtk_list_box_get_row_at_index (box, (int) n) != NULL)
    n++;
  return n;
}

GtkWidget *
cd_claim_view_get_row (CdClaimView *self,
                       const char  *list,
                       guint        index)
{
  GtkListBox *box;

  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  box = list_by_name (self, list);
  return box != NULL ? GTK_WIDGET (gtk_list_box_get_row_at_index (box, (int) index)) : NULL;
}

char *
cd_claim_view_get_raw_text (CdClaimView *self,
                            guint        index)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return cd_claim_evidence_get_raw_text (CD_CLAIM_EVIDENCE (self->evidence_section), index);
}

AdwMessageDialog *
cd_claim_view_get_dialog (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->dialog;
}

/* ---- GObject ---------------------------------------------------------------------------------*/

static void
cd_claim_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_view_constructed (GObject *object)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  G_OBJECT_CLASS (cd_claim_view_parent_class)->constructed (object);

  /* Made without one (a template test's), the view has a context of its own: no store, nobody. */
  if (self->context == NULL)
    self->context = cd_context_new ();
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::db-path", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database",
                           G_CALLBACK (cd_claim_view_update_actions), self, G_CONNECT_SWAPPED);
  /* Raw documents are read where the claim is. */
  g_object_bind_property (self->context, "db-path", self->evidence_section, "db-path",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->context, "clock", self->evidence_section, "clock",
                          G_BINDING_SYNC_CREATE);
  cd_claim_view_update_actions (self);
}

static void
cd_claim_view_dispose (GObject *object)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  cd_claim_view_actions_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_CLAIM_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_claim_view_parent_class)->dispose (object);
}

static void
cd_claim_view_finalize (GObject *object)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->details, cd_claim_details_free);
  g_free (self->number);
  g_free (self->error_text);

  G_OBJECT_CLASS (cd_claim_view_parent_class)->finalize (object);
}

static void
cd_claim_view_class_init (CdClaimViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_claim_view_get_property;
  object_class->set_property = cd_claim_view_set_property;
  object_class->constructed = cd_claim_view_constructed;
  object_class->dispose = cd_claim_view_dispose;
  object_class->finalize = cd_claim_view_finalize;

  /* Reading the claim or running an action. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where the claim is read and written, and who acts on it: the view follows the context's
   * store and session. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdClaimView::loaded:
   *
   * A load finished, with the claim shown or the reason it could not be.
   */
  cd_claim_view_signals[CD_CLAIM_VIEW_SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * CdClaimView::changed:
   *
   * An action changed the claim (its status, its decision): lists and counts are stale.
   */
  cd_claim_view_signals[CD_CLAIM_VIEW_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* The sections, built by the template. */
  g_type_ensure (CD_TYPE_CLAIM_COMPUTATION);
  g_type_ensure (CD_TYPE_CLAIM_EVIDENCE);
  g_type_ensure (CD_TYPE_CLAIM_FINDINGS);
  g_type_ensure (CD_TYPE_CLAIM_HISTORY);
  g_type_ensure (CD_TYPE_CLAIM_OVERVIEW);
  g_type_ensure (CD_TYPE_CLAIM_VERIFICATION);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "claimview");
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, computation_section);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, evidence_section);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, findings_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, findings_section);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, history_section);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, load_error_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, note_label);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, overview_section);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, print_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, propose_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, reject_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, return_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, switcher_blank);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, verification_section);
  gtk_widget_class_bind_template_callback (widget_class, on_squeezed);

  cd_claim_view_actions_class_init (widget_class);
}

static void
cd_claim_view_init (CdClaimView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
