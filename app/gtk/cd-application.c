/* cd-application.c — the ClaimDesk application: options, start-up, the context, the main window.
 *
 * The application makes the one CdContext of the workstation and keeps its connection addresses
 * (the administrator's settings, or the demo's private gateway); the main window and every page
 * work on that context. Demo mode, the screenshot tour, the start-up probe and the app.* actions
 * live in files of their own (cd-application-private.h lists them).
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "cd-application-private.h"
#include "cd-date.h"
#include "cd-demo-session.h"
#include "cd-resources.h"

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DEMO_READY,
  PROP_DEMO_EVIDENCE_DONE,
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

int
cd_application_get_exit_status (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), 1);
  return self->exit_status;
}

CdContext *
cd_application_get_context (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), NULL);
  return self->context;
}

void
cd_application_quit_with_status (CdApplication *self,
                                 int            status)
{
  if (status != 0)
    self->exit_status = status;
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

CdWindow *
cd_application_get_main_window (CdApplication *self)
{
  GtkWindow *window = GTK_WINDOW (self->main_window);

  if (window == NULL)
    {
      window = GTK_WINDOW (cd_window_new (self));
      self->main_window = CD_WINDOW (window);
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->main_window);
      if (self->demo)
        cd_window_set_status (CD_WINDOW (window), _("Demo: starting…"));
    }
  return CD_WINDOW (window);
}

void
cd_application_show_error (CdApplication *self,
                           const char    *heading,
                           const char    *body)
{
  GtkWindow *parent = GTK_WINDOW (cd_application_get_main_window (self));
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cd_application_notify_demo_ready (CdApplication *self)
{
  self->demo_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_READY]);
}

void
cd_application_notify_demo_evidence_done (CdApplication *self)
{
  self->demo_evidence_done = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_EVIDENCE_DONE]);
}

/* Outside demo mode the connections are where the administrator set them. */
static void
on_address_setting (CdApplication *self)
{
  g_autofree char *central = NULL;
  g_autofree char *sources = NULL;

  if (self->demo)
    return;
  central = g_settings_get_string (self->settings, "central-url");
  sources = g_settings_get_string (self->settings, "gateway-url");
  cd_context_set_addresses (self->context, central, sources);
}

static void
cd_application_activate (GApplication *app)
{
  CdApplication *self = CD_APPLICATION (app);
  CdWindow *window;

  if (self->profile_startup_bare)
    {
      cd_application_present_bare_window (self);
      return;
    }

  g_debug ("Activated after %.0f ms", cd_startup_ms_since_start ());
  if (self->demo)
    cd_application_prepare_demo (self);
  window = cd_application_get_main_window (self);
  if (self->screenshot_dir != NULL || self->profile_startup)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
      cd_application_watch_list (self, window);
    }
  cd_application_watch_first_frame (self, window);
  if (self->demo)
    cd_application_start_demo (self, window);
  else
    cd_application_open_office_store (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

/* --seed and --demo-date: which sample world the demo seeds a fresh store with. */
static gboolean
parse_demo_world (CdApplication *self,
                  GVariantDict  *options)
{
  const char *day_text = NULL;
  gint64 seed = CD_DEMO_WORLD_SEED;

  self->demo_world_seed = CD_DEMO_WORLD_SEED;
  self->demo_world_day = CD_DAY_NONE;
  if (g_variant_dict_lookup (options, "seed", "x", &seed))
    {
      if (seed < 0)
        {
          g_printerr ("claimdesk: %s\n", _("--seed must not be negative"));
          return FALSE;
        }
      self->demo_world_seed = (guint64) seed;
    }
  if (g_variant_dict_lookup (options, "demo-date", "&s", &day_text)
      && !cd_date_parse (day_text, &self->demo_world_day))
    {
      g_printerr ("claimdesk: ");
      g_printerr (_("--demo-date %s: expected a day as YYYY-MM-DD"), day_text);
      g_printerr ("\n");
      return FALSE;
    }
  if ((g_variant_dict_contains (options, "seed") || day_text != NULL) && !self->demo)
    {
      g_printerr ("claimdesk: %s\n", _("--seed and --demo-date need --demo"));
      return FALSE;
    }
  return TRUE;
}

static int
cd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CdApplication *self = CD_APPLICATION (app);
  const char *db_path = NULL;
  const char *screenshot_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("claimdesk %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "db", "^&ay", &db_path))
    self->db_path = g_strdup (db_path);
  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &screenshot_dir))
    self->screenshot_dir = g_strdup (screenshot_dir);
  self->profile_startup = g_variant_dict_contains (options, "profile-startup");
  self->profile_startup_bare = g_variant_dict_contains (options, "profile-startup-bare");

  if (!parse_demo_world (self, options))
    return 2;
  if ((self->screenshot_dir != NULL || self->profile_startup) && !self->demo)
    {
      g_printerr ("claimdesk: %s\n", _("--screenshot and --profile-startup need --demo"));
      return 2;
    }
  if (self->screenshot_dir != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) dir = g_file_new_for_path (self->screenshot_dir);

      if (!g_file_make_directory_with_parents (dir, NULL, &error)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_printerr ("claimdesk: %s\n", error->message);
          return 1;
        }
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
  CdApplication *self = CD_APPLICATION (app);
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

  self->settings = g_settings_new (BASE_APP_ID);
  g_signal_connect_object (self->settings, "changed::central-url",
                           G_CALLBACK (on_address_setting), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::gateway-url",
                           G_CALLBACK (on_address_setting), self, G_CONNECT_SWAPPED);
  on_address_setting (self);
}

static void
cd_application_shutdown (GApplication *app)
{
  CdApplication *self = CD_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  cd_application_stop_demo (self);
  cd_application_close_office_store (self);

  G_APPLICATION_CLASS (cd_application_parent_class)->shutdown (app);
}

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

    case PROP_DEMO_EVIDENCE_DONE:
      g_value_set_boolean (value, self->demo_evidence_done);
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
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  cd_application_stop_watching_paint (self);

  G_OBJECT_CLASS (cd_application_parent_class)->dispose (object);
}

static void
cd_application_finalize (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->after_first_frame, g_ptr_array_unref);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->screenshot_dir, g_free);

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
  /* The open claims' evidence has been fetched (or could not be), in demo mode. */
  properties[PROP_DEMO_EVIDENCE_DONE] =
    g_param_spec_boolean ("demo-evidence-done", NULL, NULL, FALSE,
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
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open this office store (made on first run); with --demo, keep the sample store here"),
      N_("PATH") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, NULL,
      N_("With --demo: the sample world's seed (default 1); the same seed and day give the same "
         "office"),
      N_("S") },
    { "demo-date", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --demo: the day the sample office is dated to (default today)"),
      N_("YYYY-MM-DD") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Save pictures of the main screens in this folder and quit (with --demo)"), N_("DIR") },
    { "profile-startup", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the milliseconds to the main window's first frame, say when the claim list was "
         "drawn (demo officer signed in), and quit (with --demo)"),
      NULL },
    { "profile-startup-bare", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the milliseconds to the first frame of an empty window and quit"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  self->after_first_frame = g_ptr_array_new ();
  /* The workstation keeps its outbox moving whenever someone is signed in. */
  self->context = cd_context_new ();
  cd_context_set_background_sync (self->context, TRUE);
  /* And checks the paper recorded while offline once the sources answer again. */
  cd_context_set_background_verification (self->context, TRUE);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  cd_application_add_actions (self);
}
