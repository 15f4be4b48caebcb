/* cd-screenshot-tour.c — `claimdesk --demo --screenshot DIR`: pictures of the main screens.
 *
 * Once the claim list is drawn, the tour saves the sign-in page, signs the demo officer in, then
 * saves the list, a claim, the new-claim page and a search; signs the demo supervisor in for the
 * approval queue; and ends with the preferences. Each picture is taken after the frame that shows
 * it. The start-up probe (--profile-startup) waits for the same drawn list.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application-private.h"
#include "cd-demo-accounts.h"
#include "cd-preferences-window.h"
#include "cd-screenshot.h"

static void show_approval_queue (CdApplication *self);

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
      cd_application_quit_with_status (self, 1);
      return FALSE;
    }
  g_print ("%s\n", path);
  return TRUE;
}

static void
on_demo_ready_at_end (CdApplication *self,
                      GParamSpec    *pspec,
                      gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (self, on_demo_ready_at_end, NULL);
  cd_application_quit_with_status (self, 0);
}

static void
on_preferences_painted (CdApplication *self)
{
  GtkWidget *preferences = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self)));

  cd_application_stop_watching_paint (self);
  if (!save_screenshot (self, preferences, "preferences.png"))
    return;
  /* The tour ends with the whole demo up, its private gateway too (which a demo that cannot start
   * ends with status 1, cd-demo-mode.c): an installed copy's tour shows all of it was found. */
  if (self->demo_ready)
    cd_application_quit_with_status (self, 0);
  else
    g_signal_connect (self, "notify::demo-ready", G_CALLBACK (on_demo_ready_at_end), NULL);
}

static void
on_search_painted (CdApplication *self)
{
  GtkWindow *window = GTK_WINDOW (self->main_window);

  cd_application_stop_watching_paint (self);
  if (!save_screenshot (self, GTK_WIDGET (window), "search.png"))
    return;
  /* The approval queue is a supervisor's: sign the demo supervisor in. */
  cd_application_sign_in_demo_user (self, CD_DEMO_SUPERVISOR_LOGIN, show_approval_queue);
}

static void
show_preferences (CdApplication *self)
{
  GtkWindow *window = GTK_WINDOW (self->main_window);
  CdPreferencesWindow *preferences;

  preferences = cd_preferences_window_new (self->context);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
  cd_application_watch_next_paint (self, GTK_WIDGET (preferences), G_CALLBACK (on_preferences_painted));
}

static void
on_approval_painted (CdApplication *self)
{
  cd_application_stop_watching_paint (self);
  if (save_screenshot (self, GTK_WIDGET (self->main_window), "approval.png"))
    show_preferences (self);
}

static void
on_approval_loaded (GtkWidget     *page,
                    CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (page, on_approval_loaded, self);
  cd_application_watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_approval_painted));
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
      g_printerr ("claimdesk: %s\n", _("The approval queue could not be shown"));
      cd_application_quit_with_status (self, 1);
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
  cd_application_watch_next_paint (self, GTK_WIDGET (window), G_CALLBACK (on_search_painted));
}

static void
on_new_claim_painted (CdApplication *self)
{
  CdWindow *window = self->main_window;

  cd_application_stop_watching_paint (self);
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

  cd_application_stop_watching_paint (self);
  if (!save_screenshot (self, GTK_WIDGET (window), "claim.png"))
    return;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-claim", NULL);
  cd_application_watch_next_paint (self, GTK_WIDGET (window), G_CALLBACK (on_new_claim_painted));
}

static void
on_claim_loaded (GtkWidget     *view,
                 CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (view, on_claim_loaded, self);
  cd_application_watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_claim_painted));
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
      cd_application_quit_with_status (self, 1);
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
  CdWindow *window = self->main_window;

  g_debug ("First frame with the claim list drawn after %.0f ms", cd_startup_ms_since_start ());
  cd_application_stop_watching_paint (self);
  if (self->profile_startup)
    {
      cd_application_report_startup (self);
      return;
    }
  if (!save_screenshot (self, GTK_WIDGET (window), "list.png"))
    return;
  open_first_claim (self);
}

static void
watch_list_frame (CdApplication *self)
{
  cd_application_watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_first_data_painted));
}

static void
sign_in_demo_officer (CdApplication *self)
{
  cd_application_sign_in_demo_user (self, CD_DEMO_OFFICER_LOGIN, watch_list_frame);
}

static void
on_sign_in_painted (CdApplication *self)
{
  cd_application_stop_watching_paint (self);
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
  g_debug ("Claim list loaded after %.0f ms", cd_startup_ms_since_start ());
  if (cd_context_get_session (self->context) != NULL)
    cd_application_watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_first_data_painted));
  else if (self->screenshot_dir != NULL)
    cd_application_watch_next_paint (self, GTK_WIDGET (self->main_window), G_CALLBACK (on_sign_in_painted));
  else
    cd_application_after_first_frame (self, sign_in_demo_officer);
}

void
cd_application_watch_list (CdApplication *self,
                           CdWindow      *window)
{
  g_signal_connect_object (cd_window_get_claim_list (window), "loaded",
                           G_CALLBACK (on_list_loaded), self, 0);
}
