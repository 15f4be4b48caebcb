/* gui-test-util.c — helpers for the gui suite (run under Xvfb). */
#include "config.h"

#include <execinfo.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <unistd.h>

#include "cd-demo-accounts.h"
#include "gui-test-util.h"

/* A warning or critical is fatal in the tests (G_DEBUG=fatal-warnings), and a rare one (a race
 * between a window closing and a worker) may happen once in many runs: its message comes with
 * the stack that logged it, so one CI log is enough to find it. Addresses in our own static
 * functions read as "test-gui-x(+0x…)": addr2line -f -e build/tests/test-gui-x 0x… names them. */
static GLogWriterOutput
write_with_backtrace (GLogLevelFlags   log_level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_default (log_level, fields, n_fields, user_data);

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0
      && written == G_LOG_WRITER_HANDLED)
    {
      void *frames[64];
      int n = backtrace (frames, G_N_ELEMENTS (frames));

      g_printerr ("The stack that logged it:\n");
      backtrace_symbols_fd (frames, n, STDERR_FILENO);
    }
  return written;
}

void
gui_test_init (int    *argc,
               char ***argv)
{
  const char *localedir = g_getenv ("CLAIMDESK_LOCALEDIR");

  /* As main() does, so the tests see the strings a user would. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (write_with_backtrace, NULL, NULL);
  gtk_init ();
  adw_init ();
}

/* A registered (but not running) application, as windows need one for their actions. */
CdApplication *
gui_test_registered_app (void)
{
  CdApplication *app = cd_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

CdSession *
gui_test_sign_in (CdApplication *app,
                  const char    *db_path,
                  const char    *login,
                  CdRole         role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);
  g_autoptr(CdSession) admin = NULL;
  CdSession *session;

  g_assert_no_error (error);
  /* The demo's own accounts path: a known password for the seed's cb01, gs01, gs02. */
  g_assert_true (cd_demo_accounts_ensure (db, &error));
  g_assert_no_error (error);
  session = cd_users_sign_in (db, login, CD_DEMO_PASSWORD, NULL);
  if (session == NULL)
    {
      admin = cd_users_sign_in (db, CD_DEMO_ADMIN_LOGIN, CD_DEMO_PASSWORD, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cd_users_add (db, admin, login, login, role, CD_DEMO_PASSWORD,
                                     CD_PASSWORD_KEEP, &error), >, 0);
      g_assert_no_error (error);
      session = cd_users_sign_in (db, login, CD_DEMO_PASSWORD, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (cd_session_get_role (session), ==, role);
  if (app != NULL)
    cd_context_set_session (cd_application_get_context (app), session);
  return session;
}

CdContext *
gui_test_context_for (const char *db_path)
{
  CdContext *context = cd_context_new ();

  cd_context_set_db_path (context, db_path);
  return context;
}

CdContext *
gui_test_syncing_context (const char               *db_path,
                          const char               *central_url,
                          const CdOfficeCredential *credential,
                          const char               *login,
                          CdRole                    role)
{
  CdContext *context = cd_context_new ();
  g_autoptr(CdSession) session = gui_test_sign_in (NULL, db_path, login, role);

  cd_context_set_db_path (context, db_path);
  cd_context_set_office_credential (context, credential);
  cd_context_set_addresses (context, central_url, NULL);
  cd_context_set_session (context, session);
  cd_context_set_background_sync (context, TRUE);
  return context;
}

CdContext *
gui_test_writer_context (CdDatabase               *db,
                         const char               *gateway_url,
                         const CdOfficeCredential *credential,
                         CdSession                *session)
{
  CdContext *context = cd_context_new ();

  cd_context_set_database (context, db);
  cd_context_set_office_credential (context, credential);
  cd_context_set_addresses (context, gateway_url, gateway_url);
  cd_context_set_session (context, session);
  return context;
}

const CdOfficeCredential *
gui_test_gateway_credential (CdGatewayProcess *gateway)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(GError) error = NULL;
  const CdOfficeCredential *credential = cd_gateway_process_get_office_credential (gateway, http,
                                                                                   &error);

  g_assert_no_error (error);
  return credential;
}

void
gui_test_iterate (void)
{
  gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

GtkWidget *
gui_test_find_widget (GtkWidget *root,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gui_test_find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
gui_test_find_entry_row (GtkWidget  *root,
                         const char *title)
{
  if (ADW_IS_ENTRY_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gui_test_find_entry_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
gui_test_find_actionable (GtkWidget  *root,
                          const char *action_name)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gui_test_find_actionable (child, action_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
gui_test_action_enabled (GtkWidget  *root,
                         const char *action_name)
{
  GtkWidget *button = gui_test_find_actionable (root, action_name);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

gboolean
gui_test_activate_if_enabled (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *args)
{
  g_autoptr(GtkShortcutAction) action = gtk_named_action_new (action_name);

  /* A named shortcut action looks the action up in the widget's muxer and runs it only when it
   * is enabled, returning FALSE otherwise: the check a key press or a menu item gets. */
  return gtk_shortcut_action_activate (action, 0, widget, args);
}

#define FINALIZE_TIMEOUT_S 5

typedef struct
{
  GObject *object;   /* a weak pointer: NULL once finalized */
  char    *what;
} Watch;

static void
watch_free (Watch *watch)
{
  if (watch->object != NULL)
    g_object_remove_weak_pointer (watch->object, (gpointer *) &watch->object);
  g_free (watch->what);
  g_free (watch);
}

void
gui_test_watch_finalize (GPtrArray  *watches,
                         gpointer    object,
                         const char *what)
{
  Watch *watch = g_new0 (Watch, 1);

  g_assert_true (G_IS_OBJECT (object));
  watch->object = object;
  watch->what = g_strdup (what);
  g_object_add_weak_pointer (watch->object, (gpointer *) &watch->object);
  g_ptr_array_add (watches, watch);
}

void
gui_test_watch_finalize_tree (GPtrArray *watches,
                              GtkWidget *root)
{
  if (g_str_has_prefix (G_OBJECT_TYPE_NAME (root), "Cd"))
    gui_test_watch_finalize (watches, root, G_OBJECT_TYPE_NAME (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gui_test_watch_finalize_tree (watches, child);
}

static gboolean
all_finalized (GPtrArray *watches)
{
  for (guint i = 0; i < watches->len; i++)
    if (((Watch *) g_ptr_array_index (watches, i))->object != NULL)
      return FALSE;
  return TRUE;
}

void
gui_test_assert_finalized (GPtrArray *watches)
{
  gint64 deadline = g_get_monotonic_time () + FINALIZE_TIMEOUT_S * G_TIME_SPAN_SECOND;
  gboolean alive = FALSE;

  while (!all_finalized (watches) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  for (guint i = 0; i < watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (watches, i);

      if (watch->object == NULL)
        continue;
      g_test_message ("%s (%s) is alive with %u references %d s after its window closed",
                      watch->what, G_OBJECT_TYPE_NAME (watch->object),
                      watch->object->ref_count, FINALIZE_TIMEOUT_S);
      alive = TRUE;
    }
  for (guint i = 0; i < watches->len; i++)
    watch_free (g_ptr_array_index (watches, i));
  g_ptr_array_unref (watches);
  g_assert_false (alive);
}
