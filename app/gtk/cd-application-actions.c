/* cd-application-actions.c — app.about, app.preferences and app.quit. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application-private.h"
#include "cd-preferences-window.h"

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
  CdPreferencesWindow *preferences = cd_preferences_window_new (self->context);

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

void
cd_application_add_actions (CdApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
