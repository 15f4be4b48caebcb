/* cd-window-actions.c — the main window's win.* actions, and what they allow now. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-view.h"
#include "cd-letter-export.h"
#include "cd-new-claim-page.h"
#include "cd-search-result-item.h"
#include "cd-table-export.h"
#include "cd-window-private.h"

/* The one place that says which of the window's actions can be done now. */
void
cd_window_update_actions (CdWindow *self)
{
  gboolean signed_in = self->session != NULL;
  gboolean locked = signed_in && cd_session_get_locked (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in && !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-claim", signed_in && !locked);
  /* Every export is recorded in the signed-in user's name. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-list", signed_in && !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-list", signed_in && !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.setup-office",
                                 cd_window_setup_allowed (self));
}

/* ---- claims --------------------------------------------------------------------------------- */

static void
on_claim_changed (CdWindow *self)
{
  cd_window_refresh_counts (self);
  cd_claim_list_reload (self->claim_list);
}

/* win.open-claim (number): the claim view takes the content area. It works on the window's
 * context: its store, its writer, and its session (without one it is read-only). */
static void
open_claim_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  const char *number = g_variant_get_string (parameter, NULL);

  if (self->claim_view == NULL)
    {
      self->claim_view = cd_claim_view_new (self->context);
      gtk_widget_set_vexpand (self->claim_view, TRUE);
      g_signal_connect_object (self->claim_view, "changed", G_CALLBACK (on_claim_changed), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, self->claim_view, "claim");
    }
  cd_claim_view_load (CD_CLAIM_VIEW (self->claim_view), number);
  gtk_stack_set_visible_child_name (self->content_stack, "claim");
  adw_window_title_set_title (self->content_title, number);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_claim_created (CdWindow       *self,
                  gint64          claim_id,
                  CdNewClaimPage *page)
{
  cd_window_add_toast (self, _("Claim created"));
  cd_window_refresh_counts (self);
}

/* win.new-claim: the new-claim page takes the content area. It follows the context itself: where
 * evidence comes from, where claims go and who opens them. */
static void
new_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  if (self->new_claim_page == NULL)
    {
      self->new_claim_page = cd_new_claim_page_new (self->context);
      gtk_widget_set_vexpand (self->new_claim_page, TRUE);
      g_signal_connect_object (self->new_claim_page, "claim-created",
                               G_CALLBACK (on_claim_created), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, self->new_claim_page, "new-claim");
    }
  cd_new_claim_page_reset (CD_NEW_CLAIM_PAGE (self->new_claim_page));
  gtk_list_box_unselect_all (self->queue_list);
  gtk_stack_set_visible_child_name (self->content_stack, "new-claim");
  adw_window_title_set_title (self->content_title, _("New Claim"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* ---- navigation ----------------------------------------------------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_person_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cd_window_show_person (CD_WINDOW (widget), 0, NULL);
}

static void
show_queues_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- decision letters ----------------------------------------------------------------------- */

/* The letter is written whether or not the window stays open (the officer asked for it); the job
 * holds only a weak reference to the window, to say where it went if it is still there. */
typedef struct
{
  GWeakRef  window;
  char     *pdf_path;
} LetterJob;

static void
letter_job_free (LetterJob *job)
{
  g_weak_ref_clear (&job->window);
  g_free (job->pdf_path);
  g_free (job);
}

static void
on_letter_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LetterJob *job = user_data;
  g_autoptr(CdWindow) self = g_weak_ref_get (&job->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (cd_letter_export_finish (result, &error))
    message = g_strdup_printf (_("Letter saved to %s"), job->pdf_path);
  else
    message = g_strdup_printf (_("The letter was not saved: %s"), error->message);
  if (self != NULL)
    {
      cd_window_add_toast (self, message);
      g_signal_emit (self, cd_window_signals[CD_WINDOW_SIGNAL_LETTER_SAVED], 0, error == NULL,
                     message);
    }
  else if (error != NULL)
    g_warning ("%s", message);
  letter_job_free (job);
}

static void
save_letter (CdWindow   *self,
             const char *claim_number,
             const char *pdf_path)
{
  const char *db_path = cd_context_get_db_path (self->context);
  LetterJob *job;

  if (db_path == NULL)
    return;
  job = g_new0 (LetterJob, 1);
  g_weak_ref_init (&job->window, self);
  job->pdf_path = g_strdup (pdf_path);
  cd_letter_export_async (db_path, claim_number, pdf_path, NULL, on_letter_saved, job);
}

/* win.save-letter (claim number, PDF path): no question asked. */
static void
save_letter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *claim_number, *pdf_path;

  g_variant_get (parameter, "(&s&s)", &claim_number, &pdf_path);
  save_letter (CD_WINDOW (widget), claim_number, pdf_path);
}

static void
on_letter_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdWindow        *self)
{
  const char *claim_number = g_object_get_data (G_OBJECT (chooser), "claim-number");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        save_letter (self, claim_number, path);
    }
  g_object_unref (chooser);
}

/* win.print-letter (claim number): asks where, then writes the PDF to print or file. */
static void
print_letter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  const char *claim_number = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("QD-%s.pdf", claim_number);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  chooser = gtk_file_chooser_native_new (_("Save the Decision Letter"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_object_set_data_full (G_OBJECT (chooser), "claim-number", g_strdup (claim_number), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_letter_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- lists out: CSV and print ---------------------------------------------------------------- */

static void
on_results_saved (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cd_table_export_save_finish (result, &error);
  g_autofree char *message = cd_table_export_describe (CD_EXPORT_CSV, path, 0, error);

  if (message != NULL)
    cd_window_add_toast (self, message);
}

static void
on_results_printed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint pages = cd_table_export_print_finish (result, &error);
  g_autofree char *message = cd_table_export_describe (CD_EXPORT_PRINT, NULL, pages, error);

  if (message != NULL)
    cd_window_add_toast (self, message);
}

/* The search results as listed: each row's title and its line of details. */
static CdCsvTable *
results_table (CdWindow *self)
{
  const char *columns[] = { _("Name"), _("Details"), NULL };
  g_autofree char *title = g_strdup_printf (_("Search results for “%s”"),
                                            gtk_editable_get_text (GTK_EDITABLE (
                                                self->search_entry)));
  CdCsvTable *table = cd_csv_table_new (title, columns);
  GListModel *results = G_LIST_MODEL (self->results);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(CdSearchResultItem) item = g_list_model_get_item (results, i);
      const char *cells[] = {
        cd_search_result_item_get_title (item),
        cd_search_result_item_get_subtitle (item),
      };

      cd_csv_table_add_row (table, cells);
    }
  return table;
}

/* win.export-list / win.print-list (a path, or "" to ask): the list on show, whichever page it
 * is on. The search results are the window's own; a page's list is its table.* action's. */
static void
list_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  gboolean print = g_str_equal (action_name, "win.print-list");
  const char *path = g_variant_get_string (parameter, NULL);
  const char *shown = gtk_stack_get_visible_child_name (self->content_stack);
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  if (g_strcmp0 (shown, "results") == 0)
    {
      CdCsvTable *table = results_table (self);

      if (print)
        cd_table_export_print_async (widget, self->context, "search.results", table,
                                     *path != '\0' ? path : NULL, NULL, on_results_printed,
                                     g_object_ref (self));
      else if (*path != '\0')
        cd_table_export_save_async (self->context, "search.results", table, path, NULL,
                                    on_results_saved, g_object_ref (self));
      else
        cd_table_export_save_with_dialog (widget, self->context, "search.results", table, NULL,
                                          on_results_saved, g_object_ref (self));
      return;
    }
  if (page == NULL
      || !gtk_widget_activate_action_variant (page, print ? "table.print" : "table.export-csv",
                                              parameter))
    cd_window_add_toast (self, _("This page has no list to export or print."));
}

void
cd_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.clear-person", NULL, clear_person_action);
  gtk_widget_class_install_action (widget_class, "win.open-claim", "s", open_claim_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-queues", NULL, show_queues_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.show-queues", NULL);
  gtk_widget_class_install_action (widget_class, "win.print-letter", "s", print_letter_action);
  gtk_widget_class_install_action (widget_class, "win.save-letter", "(ss)", save_letter_action);
  gtk_widget_class_install_action (widget_class, "win.new-claim", NULL, new_claim_action);
  gtk_widget_class_install_action (widget_class, "win.export-list", "s", list_action);
  gtk_widget_class_install_action (widget_class, "win.print-list", "s", list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-list",
                                       "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.print-list", "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-claim", NULL);
}
