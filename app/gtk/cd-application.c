/* cd-application.c — the ClaimDesk application: command-line options, app.* actions, demo mode. */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cd-application.h"
#include "cd-demo-accounts.h"
#include "cd-preferences-window.h"
#include "cd-resources.h"
#include "cd-screenshot.h"
#include "cd-window.h"

struct _CdApplication
{
  AdwApplication  parent_instance;

  gboolean        demo;
  char           *db_path;
  CdDemoSession  *demo_session;
  gboolean        demo_ready;
  GCancellable   *cancellable;

  /* --screenshot, --profile-startup, --profile-startup-bare */
  char           *screenshot_dir;
  gboolean        profile_startup;
  gboolean        profile_startup_bare;
  gboolean        first_data_seen;
  GdkFrameClock  *frame_clock;
  gulong          after_paint_id;
  int             exit_status;
  CdWindow       *main_window;   /* weak */

  CdContext      *context;
  GSettings      *settings;      /* the connection addresses, outside demo mode */
  double          first_frame_ms;  /* the main window's first frame; 0 until it is drawn */
  gulong          first_frame_id;
  GPtrArray      *after_first_frame;  /* AfterFrame: work that must not slow the first frame */
};

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

static void on_address_setting (CdApplication *self);

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

int
cd_application_get_exit_status (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), 1);
  return self->exit_status;
}

static void
quit_with_status (CdApplication *self,
                  int            status)
{
  if (status != 0)
    self->exit_status = status;
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

/* Milliseconds since this process was started, from the kernel's record of its start (jiffies,
 * so to 10 ms), or -1 where there is no /proc. */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;
  struct timespec now;
  long ticks = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (end = strrchr (stat, ')')) == NULL || ticks <= 0
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  /* After the command name come the fields from the third on; starttime is the 22nd. */
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 20)
    return -1;
  return (double) now.tv_sec * 1000.0 + (double) now.tv_nsec / 1e6
         - (double) g_ascii_strtoull (fields[19], NULL, 10) * 1000.0 / (double) ticks;
}

static void
watch_next_paint (CdApplication *self,
                  GtkWidget     *window,
                  GCallback      callback)
{
  g_assert (self->after_paint_id == 0);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  self->after_paint_id = g_signal_connect_swapped (self->frame_clock, "after-paint", callback,
                                                   self);
  gtk_widget_queue_draw (window);
}

static void
stop_watching_paint (CdApplication *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
on_bare_painted (CdApplication *self)
{
  stop_watching_paint (self);
  g_print ("%.0f\n", ms_since_process_start ());
  quit_with_status (self, 0);
}

typedef void (*AfterFrame) (CdApplication *self);

/* Runs `work` once the main window has drawn its first frame (at once if it has): the demo's
 * writer, its gateway and the Argon2id of a demo sign-in would otherwise share the two cores with
 * the first frame. */
static void
after_first_frame (CdApplication *self,
                   AfterFrame     work)
{
  if (self->first_frame_ms > 0)
    work (self);
  else
    g_ptr_array_add (self->after_first_frame, (gpointer) work);
}

static gboolean
run_after_first_frame (gpointer user_data)
{
  CdApplication *self = user_data;

  for (guint i = 0; i < self->after_first_frame->len; i++)
    ((AfterFrame) g_ptr_array_index (self->after_first_frame, i)) (self);
  g_ptr_array_set_size (self->after_first_frame, 0);
  return G_SOURCE_REMOVE;
}

/* --profile-startup's figure: the main window's first frame, whatever it shows (the sign-in page). */
static void
on_main_first_paint (GdkFrameClock *clock,
                     CdApplication *self)
{
  self->first_frame_ms = ms_since_process_start ();
  g_clear_signal_handler (&self->first_frame_id, clock);
  g_idle_add_full (G_PRIORITY_LOW, run_after_first_frame, g_object_ref (self), g_object_unref);
}

static void
on_main_realized (GtkWidget     *window,
                  CdApplication *self)
{
  self->first_frame_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                           G_CALLBACK (on_main_first_paint), self);
}

static void
on_bare_realized (GtkWidget     *window,
                  CdApplication *self)
{
  watch_next_paint (self, window, G_CALLBACK (on_bare_painted));
}

static gboolean
save_screenshot (CdApplication *self,
                 GtkWidget     *widget,
                 const char    *name)
{
  g_autofree char *path = g_build_filename (self->screenshot_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!cd_screenshot_save (widget, path, &error))
    {
      g_printerr ("claimdesk: %s\n", error->message);
      quit_with_status (self, 1);
      return FALSE;
    }
  g_print ("%s\n", path);
  return TRUE;
}

static void
on_preferences_painted (CdApplication *self)
{
  GtkWidget *preferences = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self)));

  stop_watching_paint (self);
  if (save_screenshot (self, preferences, "preferences.png"))
    quit_with_status (self, 0);
}

/* The screenshot tour signs demo accounts in as it goes (see sign_in_demo_user below). */
typedef void (*SignedInNext) (CdApplication *self);

static void show_approval_queue (CdApplication *self);
static void sign_in_demo_user   (CdApplication *self,
                                 const char    *login,
                                 SignedInNext   next);

static void
on_search_painted (CdApplication *self)
{
  GtkWindow *window = GTK_WINDOW (self->main_window);

  stop_watching_paint (self);
  if (!save_screenshot (self, GTK_WIDGET (window), "search.png"))
    return;
  /* The approval queue is a supervisor's: sign the demo supervisor in. */
  sign_in_demo_user (self, CD_DEMO_SUPERVISOR_LOGIN, show_approval_queue);
}

static void
show_preferences (CdApplication *self)
{
  GtkWindow *window = GTK_WINDOW (self->main_window);
  CdPreferencesWindow *preferences;

  preferences = cd_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
  watch_next_paint (self, GTK_WIDGET (preferences), G_CALLBACK (on_preferences_painted));
}

static void
on_approval_painted (CdApplication *self)
{
  stop_watching_paint (self);
  if (save_screenshot (self, GTK_WIDGET (self->main_window), "approval.png"))
    show_preferences (self);
}

static void
on_approval_loaded (GtkWidget     *page,
                    CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (page, on_approval_loaded, self);
  watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_approval_painted));
}

static void
show_approval_queue (CdApplication *self)
{
  GtkWidget *page;

  cd_window_search (self->main_window, "");
  cd_window_select_queue (self->main_window, "awaiting-approval");
  page = cd_window_get_approval_page (self->main_window);
  if (page == NULL)
    {
      quit_with_status (self, 1);
      return;
    }
  g_signal_connect (page, "loaded", G_CALLBACK (on_approval_loaded), self);
}

static void
on_search_finished (CdWindow      *window,
                    guint          n_results,
                    CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (window, on_search_finished, self);
  watch_next_paint (self, GTK_WIDGET (window), G_CALLBACK (on_search_painted));
}

static void
on_new_claim_painted (CdApplication *self)
{
  CdWindow *window = self->main_window;

  stop_watching_paint (self);
  if (!save_screenshot (self, GTK_WIDGET (window), "new-claim.png"))
    return;
  /* An unaccented, lower-case query finds the accented names. */
  g_signal_connect (window, "search-finished", G_CALLBACK (on_search_finished), self);
  cd_window_search (window, "nguyen");
}

static void
on_claim_painted (CdApplication *self)
{
  CdWindow *window = self->main_window;

  stop_watching_paint (self);
  if (!save_screenshot (self, GTK_WIDGET (window), "claim.png"))
    return;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-claim", NULL);
  watch_next_paint (self, GTK_WIDGET (window), G_CALLBACK (on_new_claim_painted));
}

static void
on_claim_loaded (GtkWidget     *view,
                 CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (view, on_claim_loaded, self);
  watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_claim_painted));
}

/* The claim view of the list's first claim, as the officer would open it. */
static void
open_first_claim (CdApplication *self)
{
  CdWindow *window = self->main_window;
  CdClaimListModel *model = cd_claim_list_get_model (cd_window_get_claim_list (window));
  g_autoptr(CdClaimRow) row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  GtkWidget *view;

  if (row == NULL || cd_claim_row_get_number (row) == NULL)
    {
      g_printerr ("claimdesk: %s\n", _("The claim list has no claim to show"));
      quit_with_status (self, 1);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-claim", "s",
                              cd_claim_row_get_number (row));
  view = cd_window_get_claim_view (window);
  g_signal_connect (view, "loaded", G_CALLBACK (on_claim_loaded), self);
}

static void
on_first_data_painted (CdApplication *self)
{
  g_debug ("First frame with the claim list drawn after %.0f ms", ms_since_process_start ());
  CdWindow *window = self->main_window;

  stop_watching_paint (self);
  if (self->profile_startup)
    {
      /* stdout: the first frame of the main window, as the bare window is measured; stderr: when
       * the claim list itself was drawn, the demo officer's sign-in (Argon2id) included. */
      g_print ("%.0f\n", self->first_frame_ms);
      g_autofree char *detail =
        g_strdup_printf (_("first frame after %.0f ms; the claim list drawn, signed in, after "
                           "%.0f ms"), self->first_frame_ms, ms_since_process_start ());

      g_printerr ("claimdesk: %s\n", detail);
      quit_with_status (self, 0);
      return;
    }

  if (!save_screenshot (self, GTK_WIDGET (window), "list.png"))
    return;
  open_first_claim (self);
}

typedef struct
{
  char         *db_path;
  char         *login;
  SignedInNext  next;
} DemoSignIn;

static void
demo_sign_in_free (DemoSignIn *job)
{
  g_free (job->db_path);
  g_free (job->login);
  g_free (job);
}

static void
sign_in_demo_user_in_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  DemoSignIn *job = task_data;
  GError *error = NULL;
  CdSession *session = cd_demo_accounts_sign_in (job->db_path, job->login, &error);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
on_demo_user_signed_in (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  CdApplication *self = CD_APPLICATION (object);
  DemoSignIn *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (session == NULL)
    {
      g_printerr ("claimdesk: %s\n", error->message);
      quit_with_status (self, 1);
      return;
    }
  g_debug ("Demo user %s signed in after %.0f ms", job->login, ms_since_process_start ());
  cd_context_set_session (self->context, session);
  if (self->main_window != NULL)
    job->next (self);
}

/* Signs a demo account in without typing (screenshots, the start-up probe), then runs `next`. */
static void
sign_in_demo_user (CdApplication *self,
                   const char    *login,
                   SignedInNext   next)
{
  g_autoptr(GTask) task = NULL;
  DemoSignIn *job;

  if (cd_context_get_db_path (self->context) == NULL)
    {
      g_printerr ("claimdesk: %s\n", _("There is no claims store to sign in to"));
      quit_with_status (self, 1);
      return;
    }
  task = g_task_new (self, self->cancellable, on_demo_user_signed_in, NULL);
  job = g_new0 (DemoSignIn, 1);

  job->db_path = g_strdup (cd_context_get_db_path (self->context));
  job->login = g_strdup (login);
  job->next = next;
  g_task_set_task_data (task, job, (GDestroyNotify) demo_sign_in_free);
  g_task_run_in_thread (task, sign_in_demo_user_in_thread);
}

static void
watch_list_frame (CdApplication *self)
{
  watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_first_data_painted));
}

static void
sign_in_demo_officer (CdApplication *self)
{
  sign_in_demo_user (self, CD_DEMO_OFFICER_LOGIN, watch_list_frame);
}

static void
on_sign_in_painted (CdApplication *self)
{
  stop_watching_paint (self);
  if (save_screenshot (self, GTK_WIDGET (self->main_window), "sign-in.png"))
    sign_in_demo_officer (self);
}

/* Screenshots and the start-up probe show the list as the demo officer sees it once signed in:
 * the sign-in page is saved first, then the officer is signed in without typing. */
static void
on_list_loaded (CdClaimList   *list,
                CdApplication *self)
{
  CdClaimListModel *model = cd_claim_list_get_model (list);

  if (self->first_data_seen || model == NULL
      || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return;
  self->first_data_seen = TRUE;
  g_debug ("Claim list loaded after %.0f ms", ms_since_process_start ());
  if (cd_context_get_session (self->context) != NULL)
    watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_first_data_painted));
  else if (self->screenshot_dir != NULL)
    watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_sign_in_painted));
  else
    after_first_frame (self, sign_in_demo_officer);
}

static CdWindow *
get_main_window (CdApplication *self)
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
      g_printerr ("claimdesk: %s\n", error->message);
      cd_window_set_status (get_main_window (self), _("Demo: not started"));
      show_error_dialog (self, _("The Demo Could Not Start"), error->message);
      return;
    }

  self->demo_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_READY]);

  window = get_main_window (self);
  cd_window_set_status (window, _("Demo: sample data, private gateway"));
  /* The private gateway plays every system, central too: evidence comes from it and approved
   * decisions sync to it. */
  cd_context_set_addresses (self->context,
                            cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)),
                            cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)));
  cd_window_accounts_changed (window);
  {
    g_autofree char *message =
      g_strdup_printf (_("Demo ready: gateway at %s"),
                       cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)));
    cd_window_add_toast (window, message);
  }
}

static void
on_demo_progress (CdDemoSession *session,
                  double         fraction,
                  CdApplication *self)
{
  if (self->main_window != NULL)
    cd_window_show_progress (self->main_window, _("Preparing the Sample Data…"), fraction);
}

static void
on_demo_database_ready (CdDemoSession *session,
                        CdApplication *self)
{
  CdWindow *window = self->main_window;
  const char *path = cd_demo_session_get_db_path (session);
  gboolean same_file = g_strcmp0 (cd_context_get_db_path (self->context), path) == 0;
  CdClaimListModel *model;

  /* The demo's writer is the workstation's. */
  cd_context_set_database (self->context, cd_demo_session_get_database (session));
  if (window == NULL || !same_file)
    return;
  /* The list was already reading an existing file; it was empty (and is now seeded) or not a
   * current database (and is now migrated): read it again. */
  model = cd_claim_list_get_model (cd_window_get_claim_list (window));
  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    {
      cd_claim_list_reload (cd_window_get_claim_list (window));
      cd_window_refresh_counts (window);
    }
}

static void
start_demo_session (CdApplication *self)
{
  if (self->demo_session != NULL)
    return;
  self->demo_session = cd_demo_session_new (self->db_path);
  g_signal_connect_object (self->demo_session, "progress", G_CALLBACK (on_demo_progress), self, 0);
  g_signal_connect_object (self->demo_session, "database-ready",
                           G_CALLBACK (on_demo_database_ready), self, 0);
  cd_demo_session_start_async (self->demo_session, self->cancellable, on_demo_started,
                               g_object_ref (self));
}

static void
on_first_list_loaded (CdClaimList   *list,
                      CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (list, on_first_list_loaded, self);
  after_first_frame (self, start_demo_session);
}

static void
cd_application_activate (GApplication *app)
{
  CdApplication *self = CD_APPLICATION (app);
  CdWindow *window;

  if (self->profile_startup_bare)
    {
      GtkWidget *bare = adw_application_window_new (GTK_APPLICATION (self));

      gtk_window_set_default_size (GTK_WINDOW (bare), 1280, 760);
      g_signal_connect (bare, "realize", G_CALLBACK (on_bare_realized), self);
      gtk_window_present (GTK_WINDOW (bare));
      return;
    }

  g_debug ("Activated after %.0f ms", ms_since_process_start ());
  window = get_main_window (self);
  if (self->screenshot_dir != NULL || self->profile_startup)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
      g_signal_connect_object (cd_window_get_claim_list (window), "loaded",
                               G_CALLBACK (on_list_loaded), self, 0);
    }
  g_signal_connect (window, "realize", G_CALLBACK (on_main_realized), self);
  if (self->demo && self->demo_session == NULL)
    {
      /* An existing file is read at once through a reader connection, in a worker thread, before
       * the window is shown: the first page is usually in before the first frame. The writer's
       * integrity check (seconds at a million claims) and the gateway wait until the list has
       * been drawn. */
      if (self->db_path != NULL && g_file_test (self->db_path, G_FILE_TEST_IS_REGULAR))
        {
          g_signal_connect_object (cd_window_get_claim_list (window), "loaded",
                                   G_CALLBACK (on_first_list_loaded), self, 0);
          cd_context_set_db_path (self->context, self->db_path);
        }
      else
        start_demo_session (self);
    }

  gtk_window_present (GTK_WINDOW (window));
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
  if (self->main_window != NULL)
    cd_preferences_window_set_store (preferences, cd_context_get_db_path (self->context),
                                     cd_context_get_session (self->context));
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

CdContext *
cd_application_get_context (CdApplication *self)
{
  g_return_val_if_fail (CD_IS_APPLICATION (self), NULL);
  return self->context;
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
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  stop_watching_paint (self);

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
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
