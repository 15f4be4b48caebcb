/* cd-application.c — the ClaimDesk application: command-line options, app.* actions, demo mode. */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-preferences-window.h"
#include "cd-resources.h"
#include "cd-window.h"

struct _CdApplication
{
  AdwApplication  parent_instance;

  gboolean        demo;
  char           *db_path;
  CdDemoSession  *demo_session;
  gboolean        demo_ready;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DEMO_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CdApplication *
cd_application_new (void)
{
  return g_object_new (CD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       /* The Devel profile has another app id but the same resources. */
                       "resource-base-path", "/org/claimdesk/ClaimDesk",
                       NULL);
}

gboolean
cd_application_get_demo (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), FALSE);
  return self->demo;
}

CdDemoSession *
cd_application_get_demo_session (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), NULL);
  return self->demo_session;
}

gboolean
cd_application_get_demo_ready (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), FALSE);
  return self->demo_ready;
}

static CdWindow *
get_main_window (CdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (cd_window_new (self));
      if (self->demo)
        cd_window_set_status (CD_WINDOW (window), _("Demo: starting…"));
    }
  return CD_WINDOW (window);
}

static void
show_error_dialog (CdApplication *self,
                   const char    *heading,
                   const char    *body)
{
  GtkWindow *parent = GTK_WINDOW (get_main_window (self));
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  CdWindow *window;

  if (!cd_demo_session_start_finish (CD_DEMO_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      cd_window_set_status (get_main_window (self), _("Demo: not started"));
      show_error_dialog (self, _("The Demo Could Not Start"), error->message);
      return;
    }

  self->demo_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_READY]);

  window = get_main_window (self);
  cd_window_set_status (window, _("Demo: sample data, private gateway"));
  {
    g_autofree char *message =
      g_strdup_printf (_("Demo ready: gateway at %s"),
                       cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)));
    cd_window_add_toast (window, message);
  }
}

static void
cd_application_activate (GApplication *app)
{
  CdApplication *self = CD_APPLICATION (app);
  CdWindow *window = get_main_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->demo && self->demo_session == NULL)
    {
      self->demo_session = cd_demo_session_new (self->db_path);
      cd_demo_session_start_async (self->demo_session, self->cancellable, on_demo_started,
                                   g_object_ref (self));
    }
}

static int
cd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CdApplication *self = CD_APPLICATION (app);
  const char *db_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("claimdesk %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "db", "^&ay", &db_path))
    self->db_path = g_strdup (db_path);

  if (self->db_path != NULL && !self->demo)
    {
      g_printerr ("claimdesk: %s\n", _("--db is only used with --demo for now"));
      return 2;
    }

  return -1;
}

/* A terminal's Ctrl+C or a session's SIGTERM goes through the same quit as the menu, so the demo
 * gateway is stopped and the temporary sample database removed. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
cd_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  /* Before the parent's startup, which loads style.css and the shortcuts window from them. */
  cd_resources_ensure ();
  G_APPLICATION_CLASS (cd_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);
  g_unix_signal_add (SIGINT, on_quit_signal, app);
  g_unix_signal_add (SIGTERM, on_quit_signal, app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
}

static void
cd_application_shutdown (GApplication *app)
{
  CdApplication *self = CD_APPLICATION (app);

  /* Stops the private gateway and removes the temporary sample database. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->demo_session);

  G_APPLICATION_CLASS (cd_application_parent_class)->shutdown (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CdApplication *self = user_data;
  static const char *developers[] = { "The ClaimDesk developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("ClaimDesk"),
                        "application-icon", APP_ID,
                        "developer-name", _("The ClaimDesk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Decide sickness, maternity and recovery benefit claims"),
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CdApplication *self = user_data;
  CdPreferencesWindow *preferences = cd_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CdApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (not destroying) lets each window save its state on the way out. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
cd_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CdApplication *self = CD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DEMO_READY:
      g_value_set_boolean (value, self->demo_ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_application_dispose (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->demo_session);

  G_OBJECT_CLASS (cd_application_parent_class)->dispose (object);
}

static void
cd_application_finalize (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (cd_application_parent_class)->finalize (object);
}

static void
cd_application_class_init (CdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = cd_application_get_property;
  object_class->dispose = cd_application_dispose;
  object_class->finalize = cd_application_finalize;

  app_class->activate = cd_application_activate;
  app_class->handle_local_options = cd_application_handle_local_options;
  app_class->startup = cd_application_startup;
  app_class->shutdown = cd_application_shutdown;

  properties[PROP_DEMO_READY] =
    g_param_spec_boolean ("demo-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_application_init (CdApplication *self)
{
  const GOptionEntry options[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start a private gateway and a sample database, with no set-up"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this database file (with --demo)"),
      N_("PATH") },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
