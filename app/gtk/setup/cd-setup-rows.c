/* cd-setup-rows.c — trust anchor, address and connection rows. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-list-box.h"
#include "cd-setup-rows.h"

static char *
format_day (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%d/%m/%Y");
}

GtkWidget *
cd_trust_anchor_row_new (const CdTrustAnchor *anchor,
                         GDateTime           *now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *from = format_day (anchor->not_before);
  g_autofree char *to = format_day (anchor->not_after);
  g_autofree char *validity = NULL;
  g_autofree char *subtitle = NULL;
  const char *source = g_strcmp0 (anchor->source, "central") == 0 ? _("delivered by central")
                                                                  : anchor->source;

  if (cd_trust_anchor_is_valid_at (anchor, now))
    validity = g_strdup_printf (_("Valid from %s to %s"), from, to);
  else
    validity = g_strdup_printf (_("Not valid now (from %s to %s)"), from, to);
  /* The fingerprint is what an administrator reads out to central to compare. */
  subtitle = g_strdup_printf ("%s · %s\nSHA-256 %s", validity, source, anchor->sha256);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), anchor->subject);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, anchor->sha256);
  if (!cd_trust_anchor_is_valid_at (anchor, now))
    gtk_widget_add_css_class (row, "error");
  return row;
}

GtkWidget *
cd_endpoint_row_new (CdSystem    system,
                     const char *url)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cd_system_get_name (system));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url != NULL ? url : _("Not configured"));
  return row;
}

GtkWidget *
cd_connection_result_row_new (const CdConnectionResult *result)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean ok = result->status == CD_CONNECTION_OK;
  GtkWidget *icon = gtk_image_new_from_icon_name (ok ? "emblem-ok-symbolic"
                                                     : "dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cd_system_get_name (result->system));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), result->message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, ok ? "success" : "warning");
  /* The icon says it for those who see it; the message says it for a screen reader too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ok ? _("Reachable") : _("Not reachable"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_name (row, cd_system_to_string (result->system));
  /* What the row says, in the check's own words ("ok", "dns"…), for a test or a screen reader. */
  g_object_set_data (G_OBJECT (row), "cd-connection-status",
                     (gpointer) cd_connection_status_to_string (result->status));
  return row;
}

GtkWidget *
cd_boxed_list_new (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

void
cd_connection_results_show (GtkListBox *list,
                            GPtrArray  *results)
{
  cd_list_box_remove_all (list);
  for (guint i = 0; i < results->len; i++)
    gtk_list_box_append (list, cd_connection_result_row_new (g_ptr_array_index (results, i)));
}
