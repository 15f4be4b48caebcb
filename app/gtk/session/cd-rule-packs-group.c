/* cd-rule-packs-group.c — Preferences' Rule Packs group: the packs this workstation has. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-rule-pack-install.h"
#include "cd-rule-packs-group.h"

struct _CdRulePacksGroup
{
  AdwPreferencesGroup   parent_instance;

  CdContext            *context;
  GCancellable         *cancellable;
  CdRulePackState      *state;       /* as last read */
  GPtrArray            *pack_rows;   /* AdwActionRow, the shipped pack first */
  AdwActionRow         *status_row;  /* the last install or refusal */
  GtkButton            *install_button;
  GtkFileChooserNative *chooser;
  char                 *status;
  gboolean              installing;
};

G_DEFINE_FINAL_TYPE (CdRulePacksGroup, cd_rule_packs_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  SIGNAL_TOAST,
  SIGNAL_REFRESHED,
  SIGNAL_INSTALLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh (CdRulePacksGroup *self);

/* ---- showing --------------------------------------------------------------------------------- */

static char *
format_day (CdDay day)
{
  char text[11];

  cd_date_format_display (day, text);
  return g_strdup (text);
}

static AdwActionRow *
add_pack_row (CdRulePacksGroup *self,
              const char       *title,
              const char       *subtitle,
              gboolean          active)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  if (active)
    {
      GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("In force today"), -1);
      adw_action_row_add_suffix (row, mark);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  g_ptr_array_add (self->pack_rows, row);
  return row;
}

static void
show_status (CdRulePacksGroup *self,
             const char       *text,
             gboolean          failed)
{
  g_free (self->status);
  self->status = g_strdup (text);
  adw_action_row_set_subtitle (self->status_row, text != NULL ? text : _("Nothing installed yet"));
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_row), "error");
}

static void
show_state (CdRulePacksGroup *self)
{
  CdRulePack *loaded = cd_context_get_rule_pack (self->context);
  CdDay today = cd_clock_get_today (cd_context_get_clock (self->context));
  const char *active = loaded != NULL
                         ? cd_rule_pack_get_version (cd_rule_pack_for_day (loaded, today)) : NULL;

  for (guint i = 0; i < self->pack_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->pack_rows->pdata[i]);
  g_ptr_array_set_size (self->pack_rows, 0);

  if (loaded != NULL)
    {
      gboolean in_force = g_strcmp0 (active, cd_rule_pack_get_version (loaded)) == 0;

      add_pack_row (self, cd_rule_pack_get_version (loaded),
                    in_force ? _("Shipped with ClaimDesk · In force today")
                             : _("Shipped with ClaimDesk"), in_force);
    }
  for (guint i = 0; self->state != NULL && i < self->state->installed->len; i++)
    {
      CdInstalledPack *pack = g_ptr_array_index (self->state->installed, i);
      g_autofree char *from = format_day (pack->effective);
      gboolean in_force = g_strcmp0 (active, pack->id) == 0;
      g_autofree char *subtitle = NULL;

      /* Translators: %s is the date the pack applies from (01/01/2027). */
      if (in_force)
        subtitle = g_strdup_printf (_("Applies from %s · In force today"), from);
      else if (pack->effective > today)
        subtitle = g_strdup_printf (_("Applies from %s · Not yet in force"), from);
      else
        subtitle = g_strdup_printf (_("Applies from %s · Replaced by a later pack"), from);
      add_pack_row (self, pack->id, subtitle, in_force);
    }
  if (self->state != NULL && self->state->log->len > 0)
    {
      CdRulePackLogEntry *last = g_ptr_array_index (self->state->log, 0);

      show_status (self, last->message, g_strcmp0 (last->outcome, "refused") == 0);
    }
  else
    show_status (self, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
on_state_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdRulePacksGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  CdRulePackState *state = cd_rule_pack_state_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->state, cd_rule_pack_state_free);
  self->state = state;
  show_state (self);
  g_signal_emit (self, signals[SIGNAL_REFRESHED], 0);
}

static void
refresh (CdRulePacksGroup *self)
{
  cd_rule_pack_state_read_async (cd_context_get_rule_packs_dir (self->context), self->cancellable,
                                 on_state_read, g_object_ref (self));
}

/* ---- installing ------------------------------------------------------------------------------ */

static void
update_actions (CdRulePacksGroup *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rule-packs.install-from-file",
                                 !self->installing);
}

static void
on_installed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdRulePacksGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdInstalledPack) pack = NULL;
  gboolean already = FALSE;
  g_autofree char *text = NULL;

  pack = cd_rule_pack_install_file_finish (result, &already, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->installing = FALSE;
  update_actions (self);
  if (pack == NULL)
    {
      show_status (self, error->message, TRUE);
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, _("The rule pack was not installed"));
      g_signal_emit (self, signals[SIGNAL_INSTALLED], 0, FALSE);
      refresh (self);
      return;
    }
  text = already ? g_strdup_printf (_("Rule pack %s is already installed"), pack->id)
                 : g_strdup_printf (_("Rule pack %s installed"), pack->id);
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
  /* The context's rules carry the new pack once reloaded; the list follows notify::rule-pack. */
  if (!already)
    cd_context_reload_rule_pack (self->context);
  refresh (self);
  g_signal_emit (self, signals[SIGNAL_INSTALLED], 0, TRUE);
}

typedef struct
{
  CdRulePacksGroup *self;
  char             *path;
} InstallRequest;

static void
on_trust_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  InstallRequest *request = user_data;
  g_autoptr(CdRulePacksGroup) self = request->self;
  g_autofree char *path = request->path;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = NULL;

  g_free (request);
  trust = cd_context_load_trust_store_finish (CD_CONTEXT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (trust == NULL)
    {
      self->installing = FALSE;
      update_actions (self);
      show_status (self, error->message, TRUE);
      g_signal_emit (self, signals[SIGNAL_INSTALLED], 0, FALSE);
      return;
    }
  cd_rule_pack_install_file_async (path, trust, cd_context_get_rule_packs_dir (self->context),
                                   self->cancellable, on_installed, g_object_ref (self));
}

void
cd_rule_packs_group_install_file (CdRulePacksGroup *self,
                                  const char       *path)
{
  InstallRequest *request;

  g_return_if_fail (CD_IS_RULE_PACKS_GROUP (self));
  g_return_if_fail (path != NULL);

  if (self->installing)
    return;
  self->installing = TRUE;
  update_actions (self);
  request = g_new0 (InstallRequest, 1);
  request->self = g_object_ref (self);
  request->path = g_strdup (path);
  cd_context_load_trust_store_async (self->context, self->cancellable, on_trust_loaded, request);
}

static void
on_chooser_response (CdRulePacksGroup *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  g_clear_object (&self->chooser);
  if (path != NULL)
    cd_rule_packs_group_install_file (self, path);
}

static void
install_from_file (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdRulePacksGroup *self = CD_RULE_PACKS_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Install Rule Pack"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Install"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Signed rule packs (XML)"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- the object ------------------------------------------------------------------------------ */

GtkWidget *
cd_rule_packs_group_new (void)
{
  return g_object_new (CD_TYPE_RULE_PACKS_GROUP, NULL);
}

void
cd_rule_packs_group_set_context (CdRulePacksGroup *self,
                                 CdContext        *context)
{
  g_return_if_fail (CD_IS_RULE_PACKS_GROUP (self));
  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::rule-pack", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

guint
cd_rule_packs_group_get_n_packs (CdRulePacksGroup *self)
{
  g_return_val_if_fail (CD_IS_RULE_PACKS_GROUP (self), 0);
  return self->pack_rows->len;
}

AdwActionRow *
cd_rule_packs_group_get_pack_row (CdRulePacksGroup *self,
                                  guint             index)
{
  g_return_val_if_fail (CD_IS_RULE_PACKS_GROUP (self), NULL);
  g_return_val_if_fail (index < self->pack_rows->len, NULL);
  return self->pack_rows->pdata[index];
}

const char *
cd_rule_packs_group_get_status (CdRulePacksGroup *self)
{
  g_return_val_if_fail (CD_IS_RULE_PACKS_GROUP (self), NULL);
  return self->status;
}

static void
cd_rule_packs_group_dispose (GObject *object)
{
  CdRulePacksGroup *self = CD_RULE_PACKS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (cd_rule_packs_group_parent_class)->dispose (object);
}

static void
cd_rule_packs_group_finalize (GObject *object)
{
  CdRulePacksGroup *self = CD_RULE_PACKS_GROUP (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state, cd_rule_pack_state_free);
  g_clear_pointer (&self->pack_rows, g_ptr_array_unref);
  g_free (self->status);
  G_OBJECT_CLASS (cd_rule_packs_group_parent_class)->finalize (object);
}

static void
cd_rule_packs_group_class_init (CdRulePacksGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_rule_packs_group_dispose;
  object_class->finalize = cd_rule_packs_group_finalize;

  /* ::toast (const char *message): a result to show briefly. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /* ::refreshed after each reading of the installed packs. */
  signals[SIGNAL_REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* ::installed (gboolean ok) after each install from a file. */
  signals[SIGNAL_INSTALLED] =
    g_signal_new ("installed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "rule-packs.install-from-file", NULL,
                                   install_from_file);
}

static void
cd_rule_packs_group_init (CdRulePacksGroup *self)
{
  GtkWidget *button;

  self->cancellable = g_cancellable_new ();
  self->pack_rows = g_ptr_array_new ();
  /* Hidden until the packs have been read, as the Backups group is until it knows the user:
   * AdwPreferencesWindow keeps a group that is visible when the window is built alive after
   * the window closes. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Rule Packs"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Parameters and holiday calendars signed by central. "
                                           "A pack applies to claims decided from its date."));
  button = gtk_button_new_with_mnemonic (_("Install From _File…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "rule-packs.install-from-file");
  self->install_button = GTK_BUTTON (button);
  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Last Change"));
  adw_action_row_add_suffix (self->status_row, button);
  adw_action_row_set_activatable_widget (self->status_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->status_row));
  show_status (self, NULL, FALSE);
}
