/* cd-window-setup.c — the office's connection, outside demo mode.
 *
 * When the window's store opens, the enrolled office's addresses, trust anchors and credentials
 * are put into the context (cd-office-connection.h); what cannot be had (no keyring, no
 * credentials) is said in a toast and the workstation goes on offline. An office never enrolled
 * gets the set-up assistant as soon as an administrator signs in (once per window: "Set Up Later"
 * is respected), and win.setup-office opens it from the main menu at any time.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-office-connection.h"
#include "cd-setup-assistant.h"
#include "cd-window-private.h"

static gboolean
in_demo (CdWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return CD_IS_APPLICATION (app) && cd_application_get_demo (CD_APPLICATION (app));
}

static gboolean
admin_signed_in (CdWindow *self)
{
  return self->session != NULL && !cd_session_get_locked (self->session)
         && cd_session_get_role (self->session) == CD_ROLE_ADMIN;
}

gboolean
cd_window_setup_allowed (CdWindow *self)
{
  return admin_signed_in (self) && !in_demo (self) && cd_context_get_database (self->context)
                                                      != NULL;
}

static void
present_assistant (CdWindow *self)
{
  CdSetupAssistant *assistant = cd_setup_assistant_new (GTK_WINDOW (self), self->context);

  self->setup_offered = TRUE;
  gtk_window_present (GTK_WINDOW (assistant));
}

/* Offers the assistant if this office was never enrolled and an administrator is here. */
void
cd_window_setup_offer (CdWindow *self)
{
  if (self->setup_state == CD_WINDOW_SETUP_NOT_ENROLLED && !self->setup_offered
      && cd_window_setup_allowed (self))
    present_assistant (self);
}

static void
on_connection_loaded (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CdWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeConnection) connection = cd_office_connection_load_finish (result, &error);
  const char *problem;

  /* Cancelled, or the window went into demo mode meanwhile (the demo brings its own connection,
   * and its store may still be being made while this was read). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || in_demo (self))
    return;
  problem = connection != NULL ? connection->problem : error->message;
  if (connection != NULL)
    {
      if (connection->trust != NULL)
        cd_context_set_trust_store (self->context, connection->trust);
      if (connection->endpoints != NULL)
        cd_context_set_endpoints (self->context, connection->endpoints);
      if (connection->credential != NULL)
        cd_context_set_office_credential (self->context, connection->credential);
      self->setup_state = connection->enrolled ? CD_WINDOW_SETUP_ENROLLED
                                               : CD_WINDOW_SETUP_NOT_ENROLLED;
    }
  if (problem != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Working offline: %s"), problem);

      /* A state of the office, not a fault of the program: the toast tells the person. */
      g_message ("%s", message);
      cd_window_add_toast (self, message);
    }
  cd_window_update_actions (self);
  cd_window_setup_offer (self);
}

void
cd_window_setup_store_changed (CdWindow *self)
{
  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);
  self->setup_state = CD_WINDOW_SETUP_UNKNOWN;
  if (in_demo (self) || cd_context_get_db_path (self->context) == NULL)
    return;
  self->setup_cancellable = g_cancellable_new ();
  cd_office_connection_load_async (cd_context_get_db_path (self->context),
                                   self->setup_cancellable, on_connection_loaded, self);
}

void
cd_window_setup_dispose (CdWindow *self)
{
  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);
}

static void
setup_office_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  if (cd_window_setup_allowed (self))
    present_assistant (self);
}

void
cd_window_setup_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.setup-office", NULL, setup_office_action);
}
