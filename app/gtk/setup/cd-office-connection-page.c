/* cd-office-connection-page.c — the office's connection, as Preferences shows it. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-connection-check.h"
#include "cd-list-box.h"
#include "cd-office-connection-page.h"
#include "cd-office-setup.h"
#include "cd-setup-assistant.h"
#include "cd-setup-rows.h"

struct _CdOfficeConnectionPage
{
  AdwPreferencesPage   parent_instance;

  CdContext           *context;
  GCancellable        *cancellable;
  guint                busy;
  CdOfficeSetup       *setup;

  AdwPreferencesGroup *office_group;
  AdwActionRow        *office_row;
  AdwPreferencesGroup *document_group;
  GtkListBox          *endpoint_list;
  GtkListBox          *anchor_list;
  GtkListBox          *result_list;
};

G_DEFINE_FINAL_TYPE (CdOfficeConnectionPage, cd_office_connection_page,
                     ADW_TYPE_PREFERENCES_PAGE)

static gboolean
is_admin (CdOfficeConnectionPage *self)
{
  CdSession *session = cd_context_get_session (self->context);

  return session != NULL && !cd_session_get_locked (session)
         && cd_session_get_role (session) == CD_ROLE_ADMIN;
}

static void
update_actions (CdOfficeConnectionPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.set-up",
                                 is_admin (self) && cd_context_get_database (self->context) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.check",
                                 self->busy == 0 && self->setup != NULL
                                 && self->setup->endpoints != NULL);
}

static void
show_setup (CdOfficeConnectionPage *self)
{
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_context_get_clock (self->context));
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;

  cd_list_box_remove_all (self->endpoint_list);
  cd_list_box_remove_all (self->anchor_list);
  if (self->setup == NULL || !cd_office_setup_is_enrolled (self->setup))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->office_row),
                                     _("Not enrolled"));
      adw_action_row_set_subtitle (self->office_row,
                                   _("This workstation works offline until an administrator "
                                     "enrols it with a code from central."));
    }
  else
    {
      subtitle = g_strdup_printf (_("Code %s · province %s · %s · enrolled %s"),
                                  self->setup->office_code, self->setup->province,
                                  self->setup->central_url, self->setup->enrolled_at);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->office_row),
                                     self->setup->office_name);
      adw_action_row_set_subtitle (self->office_row, subtitle);
    }
  if (self->setup != NULL && self->setup->endpoints != NULL)
    {
      g_autofree char *serial = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 self->setup->document_serial);

      for (CdSystem system = 0; system < CD_N_SYSTEMS; system++)
        gtk_list_box_append (self->endpoint_list,
                             cd_endpoint_row_new (system, cd_endpoints_get (self->setup->endpoints,
                                                                            system)));
      description = g_strdup_printf (_("Configuration no. %s, issued %s, signed by %s."),
                                     serial,
                                     self->setup->document_issued_at,
                                     self->setup->document_signer);
    }
  adw_preferences_group_set_description (self->document_group,
                                         description != NULL
                                           ? description
                                           : _("No configuration from central yet."));
  for (guint i = 0; self->setup != NULL && i < self->setup->anchors->len; i++)
    gtk_list_box_append (self->anchor_list,
                         cd_trust_anchor_row_new (g_ptr_array_index (self->setup->anchors, i),
                                                  now));
  update_actions (self);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdOfficeConnectionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CdOfficeSetup *setup = cd_office_setup_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  g_clear_pointer (&self->setup, cd_office_setup_free);
  self->setup = setup;
  if (setup == NULL)
    adw_action_row_set_subtitle (self->office_row, error->message);
  show_setup (self);
}

static void
reload (CdOfficeConnectionPage *self)
{
  const char *db_path = cd_context_get_db_path (self->context);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  update_actions (self);
  if (db_path == NULL)
    return;
  self->busy++;
  cd_office_setup_read_async (db_path, self->cancellable, on_read, g_object_ref (self));
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CdOfficeConnectionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_connection_check_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  update_actions (self);
  if (results == NULL)
    return;
  cd_connection_results_show (self->result_list, results);
}

static void
check_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdOfficeConnectionPage *self = CD_OFFICE_CONNECTION_PAGE (widget);
  CdSession *session = cd_context_get_session (self->context);

  if (self->setup == NULL || self->setup->endpoints == NULL)
    return;
  self->busy++;
  update_actions (self);
  cd_connection_check_run_async (cd_context_get_http_client (self->context),
                                 self->setup->endpoints,
                                 cd_context_get_office_credential (self->context),
                                 session != NULL ? cd_session_get_login (session) : NULL,
                                 self->cancellable, on_checked, g_object_ref (self));
}

static void
set_up_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdOfficeConnectionPage *self = CD_OFFICE_CONNECTION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  CdSetupAssistant *assistant = cd_setup_assistant_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                        self->context);

  /* What the assistant saved is shown once it closes. */
  g_signal_connect_object (assistant, "destroy", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (assistant));
}

static GtkWidget *
header_button (const char *mnemonic,
               const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GtkWidget *
group (CdOfficeConnectionPage *self,
       const char             *title,
       GtkWidget              *child)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (child != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), child);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
  return group;
}

CdOfficeConnectionPage *
cd_office_connection_page_new (CdContext *context)
{
  CdOfficeConnectionPage *self;

  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);

  self = g_object_new (CD_TYPE_OFFICE_CONNECTION_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::db-path", G_CALLBACK (reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::database", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::session", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  reload (self);
  return self;
}

gboolean
cd_office_connection_page_is_idle (CdOfficeConnectionPage *self)
{
  g_return_val_if_fail (CD_IS_OFFICE_CONNECTION_PAGE (self), FALSE);
  return self->busy == 0;
}

static void
cd_office_connection_page_dispose (GObject *object)
{
  CdOfficeConnectionPage *self = CD_OFFICE_CONNECTION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_pointer (&self->setup, cd_office_setup_free);

  G_OBJECT_CLASS (cd_office_connection_page_parent_class)->dispose (object);
}

static void
cd_office_connection_page_class_init (CdOfficeConnectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_office_connection_page_dispose;
  gtk_widget_class_install_action (widget_class, "connection.set-up", NULL, set_up_activated);
  gtk_widget_class_install_action (widget_class, "connection.check", NULL, check_activated);
}

static void
cd_office_connection_page_init (CdOfficeConnectionPage *self)
{
  GtkWidget *office_list = cd_boxed_list_new ();

  self->cancellable = g_cancellable_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Office Connection"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "network-server-symbolic");

  self->office_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_action_row_set_subtitle_lines (self->office_row, 0);
  gtk_list_box_append (GTK_LIST_BOX (office_list), GTK_WIDGET (self->office_row));
  self->office_group = ADW_PREFERENCES_GROUP (group (self, _("Office"), office_list));
  adw_preferences_group_set_header_suffix (self->office_group,
                                           header_button (_("_Set Up Again…"),
                                                          "connection.set-up"));

  self->endpoint_list = GTK_LIST_BOX (cd_boxed_list_new ());
  self->document_group = ADW_PREFERENCES_GROUP (group (self, _("Addresses"),
                                                       GTK_WIDGET (self->endpoint_list)));

  self->anchor_list = GTK_LIST_BOX (cd_boxed_list_new ());
  group (self, _("Trust Anchors for Document Signatures"), GTK_WIDGET (self->anchor_list));

  self->result_list = GTK_LIST_BOX (cd_boxed_list_new ());
  adw_preferences_group_set_header_suffix (
    ADW_PREFERENCES_GROUP (group (self, _("Connection Check"), GTK_WIDGET (self->result_list))),
    header_button (_("_Check Now"), "connection.check"));
}
