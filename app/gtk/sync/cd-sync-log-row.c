/* cd-sync-log-row.c — an outbox item as a list row. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-sync-log-row.h"

const char *
cd_sync_log_state_label (const char *state)
{
  g_return_val_if_fail (state != NULL, NULL);

  if (g_str_equal (state, "queued"))
    return _("Queued");
  if (g_str_equal (state, "sending"))
    return _("Sending");
  if (g_str_equal (state, "acknowledged"))
    return _("Delivered");
  if (g_str_equal (state, "refused"))
    return _("Refused by central");
  if (g_str_equal (state, "quarantined"))
    return _("Set aside");
  return state;
}

GtkWidget *
cd_sync_log_row_new (const CdSyncLogItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (item->updated_at, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *date = local != NULL ? g_date_time_format (local, "%d/%m/%Y %H:%M") : NULL;
  g_autofree char *title = g_strdup_printf ("%s — %s", item->claim_number,
                                            cd_sync_log_state_label (item->state));
  g_autofree char *subtitle = NULL;
  const char *when = date != NULL ? date : item->updated_at;

  if (item->last_error != NULL)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u attempt · %s",
                                             "%s · %u attempts · %s", item->attempts),
                                when, item->attempts, item->last_error);
  else if (item->receipt != NULL)
    subtitle = g_strdup_printf (_("%s · receipt %s"), when, item->receipt);
  else
    subtitle = g_strdup (when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  if (cd_sync_log_item_is_problem (item))
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "claim-number", g_strdup (item->claim_number), g_free);
  return row;
}
