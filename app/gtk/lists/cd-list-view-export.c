/* cd-list-view-export.c — the list view's export: the decision list written as PDF or CSV to a
 * file the officer chooses, its data read and the file written off the main loop. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-list-decision.h"
#include "cd-list-view-private.h"

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  gboolean ok = cd_decision_list_export_finish (result, &error);

  if (self == NULL)
    return;
  self->acting--;
  path = g_steal_pointer (&self->export_path);
  if (ok)
    {
      g_free (self->exported_path);
      self->exported_path = g_strdup (path);
      /* TRANSLATORS: %s is the file the decision list was written to. */
      message = g_strdup_printf (_("Decision list saved to %s"), path);
    }
  else
    /* TRANSLATORS: %s says why the decision list was not written. */
    message = g_strdup_printf (_("The decision list was not saved: %s"), error->message);
  cd_list_view_say (self, message, !ok);
  cd_list_view_update_actions (self);
}

/* The list's data read (evidence), the file is written (letters), both off the main loop. */
static void
export_data_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = cd_list_decision_data_finish (result, &error);
  g_autofree char *message = NULL;

  if (self == NULL)
    return;
  if (data == NULL)
    {
      self->acting--;
      g_clear_pointer (&self->export_path, g_free);
      message = g_strdup_printf (_("The decision list was not saved: %s"), error->message);
      cd_list_view_say (self, message, TRUE);
      cd_list_view_update_actions (self);
      return;
    }
  cd_decision_list_export_async (data, self->export_format, self->export_path, self->cancellable,
                                 export_done, cd_list_view_weak_ref_new (self));
}

void
cd_list_view_export (CdListView           *self,
                     CdDecisionListFormat  format,
                     const char           *path)
{
  char today[11];

  g_return_if_fail (CD_IS_LIST_VIEW (self));
  g_return_if_fail (path != NULL);

  if (cd_list_view_busy (self) || cd_context_get_db_path (self->context) == NULL)
    return;
  g_clear_pointer (&self->last_error, g_free);
  cd_date_format (cd_clock_get_today (cd_context_get_clock (self->context)), today);
  self->acting++;
  cd_list_view_update_actions (self);
  g_free (self->export_path);
  self->export_path = g_strdup (path);
  self->export_format = format;
  /* A decision list is an official document in the office's language; the deadline it prints
   * comes from the rules, when they are loaded. */
  cd_list_decision_data_async (cd_context_get_db_path (self->context), self->list_id,
                               cd_context_get_rule_pack (self->context), "vi", today,
                               self->cancellable, export_data_read,
                               cd_list_view_weak_ref_new (self));
}

static void
on_export_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdListView      *self)
{
  CdDecisionListFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser),
                                                                  "cd-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        cd_list_view_export (self, format, path);
    }
  g_object_unref (chooser);
}

static void
choose_export (CdListView           *self,
               CdDecisionListFormat  format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *name = g_strdup_printf ("DS-%" G_GINT64_FORMAT ".%s", self->list_id,
                                           format == CD_DECISION_LIST_PDF ? "pdf" : "csv");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Decision List"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (format == CD_DECISION_LIST_PDF)
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("CSV spreadsheets"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_object_set_data (G_OBJECT (chooser), "cd-format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response), self,
                           0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_export (CD_LIST_VIEW (widget), CD_DECISION_LIST_PDF);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_export (CD_LIST_VIEW (widget), CD_DECISION_LIST_CSV);
}

void
cd_list_view_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "list.export-csv", NULL, export_csv_action);
}
