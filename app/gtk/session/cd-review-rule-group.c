/* cd-review-rule-group.c — Preferences' Review Sampling group: the office's review rule. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-access.h"
#include "cd-resources.h"
#include "cd-review-rule-group.h"

#define SAVE_DELAY_MS 700

struct _CdReviewRuleGroup
{
  AdwPreferencesGroup  parent_instance;

  CdContext           *context;
  CdSession           *session;      /* the context's; followed for notify::locked */
  GCancellable        *cancellable;  /* the reading; cancelled on another store or session */
  gboolean             loaded;       /* the rows show the store's rule: edits may be saved */
  gboolean             showing;      /* the rows are being set from the store, not edited */
  guint                save_timeout;

  /* Template widgets */
  GtkSwitch           *enabled_switch;
  GtkSpinButton       *new_decisions_spin;
  GtkSpinButton       *new_months_spin;
  GtkSpinButton       *score_spin;
  GtkSpinButton       *share_spin;
};

G_DEFINE_FINAL_TYPE (CdReviewRuleGroup, cd_review_rule_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  SIGNAL_LOADED,
  SIGNAL_SAVED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
cd_review_rule_group_get_editable (CdReviewRuleGroup *self)
{
  g_return_val_if_fail (CD_IS_REVIEW_RULE_GROUP (self), FALSE);

  return self->loaded && self->session != NULL && !cd_session_get_locked (self->session)
         && cd_access_allows (self->session, CD_ACCESS_REVIEW_RULE);
}

static void
update_rows (CdReviewRuleGroup *self)
{
  gboolean editable = cd_review_rule_group_get_editable (self);
  GtkWidget *rows[] = { GTK_WIDGET (self->enabled_switch), GTK_WIDGET (self->new_decisions_spin),
                        GTK_WIDGET (self->new_months_spin), GTK_WIDGET (self->share_spin),
                        GTK_WIDGET (self->score_spin) };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], editable);
  /* Shown to those who work with the sample or set it; an officer is not told how their
   * proposals are drawn (docs/workflow.md, "Access rights"). */
  gtk_widget_set_visible (GTK_WIDGET (self),
                          cd_access_allows (self->session, CD_ACCESS_REVIEW_RULE)
                          || cd_access_allows (self->session, CD_ACCESS_REVIEW_RISK));
}

void
cd_review_rule_group_get_rule (CdReviewRuleGroup *self,
                               CdReviewRule      *out)
{
  g_return_if_fail (CD_IS_REVIEW_RULE_GROUP (self));
  g_return_if_fail (out != NULL);

  out->enabled = gtk_switch_get_active (self->enabled_switch);
  out->new_officer_decisions = (guint) gtk_spin_button_get_value_as_int (self->new_decisions_spin);
  out->new_officer_months = (guint) gtk_spin_button_get_value_as_int (self->new_months_spin);
  out->share_percent = (guint) gtk_spin_button_get_value_as_int (self->share_spin);
  out->score_threshold = (guint) gtk_spin_button_get_value_as_int (self->score_spin);
}

static void
show_rule (CdReviewRuleGroup  *self,
           const CdReviewRule *rule)
{
  gtk_switch_set_active (self->enabled_switch, rule->enabled);
  gtk_spin_button_set_value (self->new_decisions_spin, rule->new_officer_decisions);
  gtk_spin_button_set_value (self->new_months_spin, rule->new_officer_months);
  gtk_spin_button_set_value (self->share_spin, rule->share_percent);
  gtk_spin_button_set_value (self->score_spin, rule->score_threshold);
}

void
cd_review_rule_group_set_rule (CdReviewRuleGroup  *self,
                               const CdReviewRule *rule)
{
  g_return_if_fail (CD_IS_REVIEW_RULE_GROUP (self));
  g_return_if_fail (rule != NULL);

  show_rule (self, rule);
}

gboolean
cd_review_rule_group_get_loaded (CdReviewRuleGroup *self)
{
  g_return_val_if_fail (CD_IS_REVIEW_RULE_GROUP (self), FALSE);
  return self->loaded;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdReviewRuleGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree CdReviewRule *rule = cd_review_rule_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rule == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }
  self->showing = TRUE;
  show_rule (self, rule);
  self->showing = FALSE;
  self->loaded = TRUE;
  update_rows (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

/* A save keeps what it needs and only a weak reference to the group, which may be gone (the
 * window closed) before the writer has run it. */
typedef struct
{
  CdContext    *context;
  CdSession    *session;
  CdReviewRule  rule;
  GWeakRef      group;
} Save;

static void
save_free (Save *save)
{
  g_object_unref (save->context);
  g_object_unref (save->session);
  g_weak_ref_clear (&save->group);
  g_free (save);
}

static void
save_done (Save         *save,
           const GError *error)
{
  g_autoptr(CdReviewRuleGroup) self = g_weak_ref_get (&save->group);

  if (self == NULL)
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, error == NULL);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;

  cd_review_rule_write_finish (result, &error);
  save_done (save, error);
  save_free (save);
}

static void
save_write (Save *save)
{
  /* Not cancelled with the group: a rule the head has set is saved even if the window closes. */
  cd_review_rule_write_async (cd_context_get_database (save->context), save->session,
                              &save->rule, NULL, on_saved, save);
}

static void
on_writer_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_context_open_database_finish (CD_CONTEXT (object), result, &error))
    {
      save_done (save, error);
      save_free (save);
      return;
    }
  save_write (save);
}

void
cd_review_rule_group_save_now (CdReviewRuleGroup *self)
{
  Save *save;

  g_return_if_fail (CD_IS_REVIEW_RULE_GROUP (self));

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (!cd_review_rule_group_get_editable (self))
    return;
  save = g_new0 (Save, 1);
  save->context = g_object_ref (self->context);
  save->session = g_object_ref (self->session);
  cd_review_rule_group_get_rule (self, &save->rule);
  g_weak_ref_init (&save->group, self);
  if (cd_context_get_database (save->context) != NULL)
    save_write (save);
  else
    cd_context_open_database_async (save->context, NULL, on_writer_opened, save);
}

static gboolean
on_save_timeout (gpointer user_data)
{
  CdReviewRuleGroup *self = user_data;

  self->save_timeout = 0;
  cd_review_rule_group_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_value_changed (CdReviewRuleGroup *self)
{
  if (self->showing || !cd_review_rule_group_get_editable (self))
    return;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, on_save_timeout, self);
}

/* Another store or another session: the rule is read again. */
static void
follow_context (CdReviewRuleGroup *self)
{
  const char *db_path = cd_context_get_db_path (self->context);

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, cd_context_get_session (self->context));
  if (self->session != NULL)
    g_signal_connect_object (self->session, "notify::locked", G_CALLBACK (update_rows), self,
                             G_CONNECT_SWAPPED);
  self->loaded = FALSE;
  update_rows (self);
  if (db_path != NULL)
    cd_review_rule_read_async (db_path, self->cancellable, on_read, g_object_ref (self));
}

GtkWidget *
cd_review_rule_group_new (void)
{
  return g_object_new (CD_TYPE_REVIEW_RULE_GROUP, NULL);
}

void
cd_review_rule_group_set_context (CdReviewRuleGroup *self,
                                  CdContext         *context)
{
  g_return_if_fail (CD_IS_REVIEW_RULE_GROUP (self));
  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::db-path", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::session", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  follow_context (self);
}

static void
cd_review_rule_group_dispose (GObject *object)
{
  CdReviewRuleGroup *self = CD_REVIEW_RULE_GROUP (object);

  /* An edit still waiting for its delay is saved, not lost. */
  if (self->save_timeout != 0)
    cd_review_rule_group_save_now (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_REVIEW_RULE_GROUP);

  G_OBJECT_CLASS (cd_review_rule_group_parent_class)->dispose (object);
}

static void
cd_review_rule_group_class_init (CdReviewRuleGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_review_rule_group_dispose;

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ::saved (gboolean ok) after each write. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-review-rule-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CdReviewRuleGroup, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, CdReviewRuleGroup, new_decisions_spin);
  gtk_widget_class_bind_template_child (widget_class, CdReviewRuleGroup, new_months_spin);
  gtk_widget_class_bind_template_child (widget_class, CdReviewRuleGroup, score_spin);
  gtk_widget_class_bind_template_child (widget_class, CdReviewRuleGroup, share_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
}

static void
cd_review_rule_group_init (CdReviewRuleGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
