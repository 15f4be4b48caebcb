/* cd-claim-rows.c — the rows and formats the claim view's sections share. */
#include "config.h"

#include "cd-claim-rows.h"
#include "cd-format.h"
#include "cd-list-box.h"

void
cd_claim_rows_set_placeholder (GtkListBox *list,
                               const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

GtkWidget *
cd_claim_rows_action_row (const char *title,
                          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

GtkWidget *
cd_claim_rows_expander_row (const char *title,
                            const char *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  return row;
}

GtkWidget *
cd_claim_rows_suffix_label (const char *text,
                            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

void
cd_claim_rows_add_property (GtkListBox *list,
                            const char *title,
                            const char *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return;
  row = cd_claim_rows_action_row (title, value);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (list, row);
}

char *
cd_claim_rows_format_date (const char *iso)
{
  char *text = iso != NULL ? cd_format_date_vi (iso) : NULL;

  return text != NULL ? text : g_strdup (iso != NULL ? iso : "");
}

char *
cd_claim_rows_format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}
