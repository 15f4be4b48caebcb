/* cd-table-export.c — lists on screen out as CSV or on paper, each export audited. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-date.h"
#include "cd-format.h"
#include "cd-table-export.h"

/* ---- a column view's text -------------------------------------------------------------------- */

typedef struct
{
  CdTableTextFunc func;
  gpointer        user_data;
} ColumnText;

void
cd_table_export_set_column_text (GtkColumnViewColumn *column,
                                 CdTableTextFunc      func,
                                 gpointer             user_data)
{
  ColumnText *text;

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));
  g_return_if_fail (func != NULL);

  text = g_new0 (ColumnText, 1);
  text->func = func;
  text->user_data = user_data;
  g_object_set_data_full (G_OBJECT (column), "cd-table-text", text, g_free);
}

CdCsvTable *
cd_table_export_from_column_view (GtkColumnView *view,
                                  const char    *title)
{
  GListModel *columns;
  GListModel *model;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  CdCsvTable *table;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (!gtk_column_view_column_get_visible (column)
          || g_object_get_data (G_OBJECT (column), "cd-table-text") == NULL)
        continue;
      g_ptr_array_add (headers, (gpointer) gtk_column_view_column_get_title (column));
      g_ptr_array_add (shown, g_steal_pointer (&column));
    }
  g_return_val_if_fail (shown->len > 0, NULL);
  g_ptr_array_add (headers, NULL);
  table = cd_csv_table_new (title, (const char * const *) headers->pdata);

  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  for (guint r = 0; model != NULL && r < g_list_model_get_n_items (model); r++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, r);
      GStrv cells = g_new0 (char *, shown->len + 1);

      for (guint c = 0; c < shown->len; c++)
        {
          ColumnText *text = g_object_get_data (shown->pdata[c], "cd-table-text");

          cells[c] = text->func (item, text->user_data);
          if (cells[c] == NULL)
            cells[c] = g_strdup ("");
        }
      cd_csv_table_take_row (table, cells);
    }
  return table;
}

/* ---- recording ------------------------------------------------------------------------------- */

static gboolean
can_record (CdContext   *context,
            const char  *list_id,
            GError     **error)
{
  if (cd_context_get_session (context) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("Sign in to export a list: every export is recorded in your name."));
      return FALSE;
    }
  if (cd_context_get_database (context) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The store is not open yet, so the export cannot be recorded."));
      return FALSE;
    }
  /* Refused before anything is written. */
  return cd_export_audit_check (cd_context_get_session (context), list_id, error);
}

/* ---- CSV ------------------------------------------------------------------------------------- */

typedef struct
{
  CdContext  *context;
  char       *list_id;
  CdCsvTable *table;
  char       *path;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->context);
  g_free (job->list_id);
  cd_csv_table_free (job->table);
  g_free (job->path);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!cd_csv_table_write (job->table, job->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_unrecorded_removed (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error))
    g_warning ("An export that was not recorded is still at %s: %s",
               ((SaveJob *) g_task_get_task_data (task))->path, error->message);
  g_task_return_error (task, g_object_steal_data (G_OBJECT (task), "cd-error"));
}

static void
on_save_recorded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cd_export_audit_record_finish (CD_DATABASE (object), result, &error))
    {
      g_autoptr(GFile) file = g_file_new_for_path (job->path);
      GError *told = g_error_new (error->domain, error->code,
                                  _("The export could not be recorded in the audit log, so the "
                                    "file was removed: %s"), error->message);

      g_object_set_data (G_OBJECT (task), "cd-error", told);
      g_file_delete_async (file, G_PRIORITY_DEFAULT, NULL, on_unrecorded_removed,
                           g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_strdup (job->path), g_free);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!can_record (job->context, job->list_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Written: the record follows whatever happens to the caller. */
  cd_export_audit_record_async (cd_context_get_database (job->context),
                                cd_context_get_session (job->context), job->list_id,
                                job->table->title, CD_EXPORT_CSV, job->table->rows->len,
                                job->path, NULL, on_save_recorded, g_steal_pointer (&task));
}

static void
start_save (GTask *task)
{
  SaveJob *job = g_task_get_task_data (task);
  g_autoptr(GTask) write = g_task_new (NULL, g_task_get_cancellable (task), on_written,
                                       g_object_ref (task));

  g_task_set_source_tag (write, start_save);
  g_task_set_task_data (write, job, NULL);
  g_task_run_in_thread (write, write_thread);
}

static GTask *
new_save_task (CdContext           *context,
               const char          *list_id,
               CdCsvTable          *table,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SaveJob *job = g_new0 (SaveJob, 1);

  job->context = g_object_ref (context);
  job->list_id = g_strdup (list_id);
  job->table = table;
  g_task_set_source_tag (task, cd_table_export_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  return task;
}

void
cd_table_export_save_async (CdContext           *context,
                            const char          *list_id,
                            CdCsvTable          *table,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (list_id != NULL && table != NULL && path != NULL);

  task = new_save_task (context, list_id, table, cancellable, callback, user_data);
  ((SaveJob *) g_task_get_task_data (task))->path = g_strdup (path);
  /* Refused before anything is written: an export that cannot be recorded does not happen. */
  if (!can_record (context, list_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  start_save (task);
}

char *
cd_table_export_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_table_export_save_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  job->path = file != NULL ? g_file_get_path (file) : NULL;
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (job->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The list was not exported."));
      return;
    }
  start_save (task);
}

/* "Hồ sơ quá hạn.csv": the title, without what a file name cannot hold. */
static char *
file_name_for (const char *title)
{
  g_autofree char *name = g_strdup (title != NULL && *title != '\0' ? title : _("List"));

  g_strdelimit (name, "/\\:*?\"<>|", '-');
  return g_strconcat (name, ".csv", NULL);
}

void
cd_table_export_save_with_dialog (GtkWidget           *parent,
                                  CdContext           *context,
                                  const char          *list_id,
                                  CdCsvTable          *table,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  GtkRoot *root;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  GError *error = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (list_id != NULL && table != NULL);

  task = new_save_task (context, list_id, table, cancellable, callback, user_data);
  if (!can_record (context, list_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  name = file_name_for (table->title);
  root = gtk_widget_get_root (parent);
  chooser = gtk_file_chooser_native_new (_("Export the List as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response),
                    g_steal_pointer (&task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- printing -------------------------------------------------------------------------------- */

#define PRINT_FONT       "Sans 8"
#define PRINT_TITLE_FONT "Sans Bold 12"
#define CELL_PADDING     4.0

typedef struct
{
  CdContext         *context;
  GtkPrintOperation *operation;   /* kept while the dialog is open */
  char              *list_id;
  CdCsvTable        *table;
  char              *printed_on;    /* dd/mm/yyyy, the context's today */
  double            *widths;        /* per column, in the print context's units */
  double             row_height;
  double             title_height;
  guint              rows_per_page;
  guint              n_pages;
  gboolean           finished;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->context);
  g_clear_object (&job->operation);
  g_free (job->list_id);
  cd_csv_table_free (job->table);
  g_free (job->printed_on);
  g_free (job->widths);
  g_free (job);
}

static PangoLayout *
cell_layout (GtkPrintContext *context,
             const char      *font,
             const char      *text)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (GtkPrintContext *context,
            const char      *font,
            const char      *text)
{
  g_autoptr(PangoLayout) layout = cell_layout (context, font, text);
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) width / PANGO_SCALE;
}

/* Columns as wide as their widest text (the first rows are enough to judge), shrunk to the page
 * in proportion; a row as high as one line; as many rows on a page as fit under the title. */
static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  CdCsvTable *table = job->table;
  guint n_columns = cd_csv_table_get_n_columns (table);
  double page_width = gtk_print_context_get_width (context);
  double page_height = gtk_print_context_get_height (context);
  double total = 0;
  g_autoptr(PangoLayout) probe = cell_layout (context, PRINT_FONT, "Ág");
  g_autoptr(PangoLayout) title = cell_layout (context, PRINT_TITLE_FONT, "Ág");
  int w, h;

  job->widths = g_new0 (double, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      job->widths[c] = text_width (context, PRINT_TITLE_FONT, table->columns[c]) * 0.8;
      for (guint r = 0; r < MIN (table->rows->len, 200); r++)
        {
          const char *cell = ((char **) g_ptr_array_index (table->rows, r))[c];

          job->widths[c] = MAX (job->widths[c], text_width (context, PRINT_FONT, cell));
        }
      job->widths[c] = MIN (job->widths[c], page_width / 2) + 2 * CELL_PADDING;
      total += job->widths[c];
    }
  for (guint c = 0; c < n_columns && total > page_width; c++)
    job->widths[c] *= page_width / total;

  pango_layout_get_size (probe, &w, &h);
  job->row_height = (double) h / PANGO_SCALE + 2 * CELL_PADDING;
  pango_layout_get_size (title, &w, &h);
  job->title_height = 2 * ((double) h / PANGO_SCALE) + job->row_height;
  /* The title block on top, the header row, and one row's height for the page number below. */
  job->rows_per_page = (guint) MAX (1.0, (page_height - job->title_height - 2 * job->row_height)
                                           / job->row_height);
  job->n_pages = MAX (1u, (table->rows->len + job->rows_per_page - 1) / job->rows_per_page);
  gtk_print_operation_set_n_pages (operation, (int) job->n_pages);
}

static void
show_cell (cairo_t         *cr,
           GtkPrintContext *context,
           const char      *font,
           const char      *text,
           double           x,
           double           y,
           double           width)
{
  g_autoptr(PangoLayout) layout = cell_layout (context, font, text);

  pango_layout_set_width (layout, (int) ((width - 2 * CELL_PADDING) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x + CELL_PADDING, y + CELL_PADDING);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_row (cairo_t            *cr,
          GtkPrintContext    *context,
          PrintJob           *job,
          const char * const *cells,
          const char         *font,
          double              y)
{
  double x = 0;
  guint n_columns = cd_csv_table_get_n_columns (job->table);

  for (guint c = 0; c < n_columns; c++)
    {
      show_cell (cr, context, font, cells[c], x, y, job->widths[c]);
      x += job->widths[c];
    }
  cairo_move_to (cr, 0, y + job->row_height);
  cairo_line_to (cr, x, y + job->row_height);
  cairo_stroke (cr);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  CdCsvTable *table = job->table;
  double width = gtk_print_context_get_width (context);
  double y = 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *page = NULL;
  g_autofree char *rows = cd_format_integer_vi (table->rows->len);
  g_autoptr(PangoLayout) title = cell_layout (context, PRINT_TITLE_FONT, table->title);
  g_autoptr(PangoLayout) sub = NULL;
  g_autoptr(PangoLayout) number = NULL;
  int w, h;
  guint first = (guint) page_nr * job->rows_per_page;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.3);
  pango_layout_set_width (title, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);
  pango_layout_get_size (title, &w, &h);
  y += (double) h / PANGO_SCALE;

  /* TRANSLATORS: under a printed list's title: the day it was printed and its row count. */
  subtitle = g_strdup_printf (_("Printed on %s · %s rows"), job->printed_on, rows);
  sub = cell_layout (context, PRINT_FONT, subtitle);
  cairo_move_to (cr, 0, y);
  pango_cairo_show_layout (cr, sub);
  y = job->title_height;

  draw_row (cr, context, job, (const char * const *) table->columns, "Sans Bold 8", y);
  y += job->row_height;
  for (guint r = first; r < table->rows->len && r < first + job->rows_per_page; r++)
    {
      draw_row (cr, context, job, g_ptr_array_index (table->rows, r), PRINT_FONT, y);
      y += job->row_height;
    }

  /* TRANSLATORS: the foot of a printed page: "Page 2 of 5". */
  page = g_strdup_printf (_("Page %d of %u"), page_nr + 1, job->n_pages);
  number = cell_layout (context, PRINT_FONT, page);
  pango_layout_get_size (number, &w, &h);
  cairo_move_to (cr, width - (double) w / PANGO_SCALE,
                 gtk_print_context_get_height (context) - (double) h / PANGO_SCALE);
  pango_cairo_show_layout (cr, number);
}

static void
on_print_recorded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cd_export_audit_record_finish (CD_DATABASE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, job->n_pages);
}

static void on_print_done (GtkPrintOperation       *operation,
                           GtkPrintOperationResult  result,
                           GTask                   *task);

static void
print_finished (GTask                   *task,
                GtkPrintOperation       *operation,
                GtkPrintOperationResult  result)
{
  /* The handler's reference may be the last one: held until the task has returned. */
  g_autoptr(GTask) hold = g_object_ref (task);
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->finished)
    return;
  job->finished = TRUE;
  /* The operation's "done" held the task (and so the operation, through the job): let go. */
  g_signal_handlers_disconnect_by_func (operation, on_print_done, task);
  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      if (!can_record (job->context, job->list_id, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      cd_export_audit_record_async (cd_context_get_database (job->context),
                                    cd_context_get_session (job->context), job->list_id,
                                    job->table->title, CD_EXPORT_PRINT, job->table->rows->len,
                                    NULL, NULL, on_print_recorded, g_object_ref (task));
      return;

    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (operation, &error);
      g_task_return_error (task, error != NULL ? error
                           : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                  _("The list could not be printed.")));
      return;

    case GTK_PRINT_OPERATION_RESULT_CANCEL:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The list was not printed."));
      return;
    }
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GTask                   *task)
{
  print_finished (task, operation, result);
}

void
cd_table_export_print_async (GtkWidget           *parent,
                             CdContext           *context,
                             const char          *list_id,
                             CdCsvTable          *table,
                             const char          *pdf_path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  GtkRoot *root;
  PrintJob *job;
  char day[11];
  GError *error = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (list_id != NULL && table != NULL);

  job = g_new0 (PrintJob, 1);
  job->context = g_object_ref (context);
  job->list_id = g_strdup (list_id);
  job->table = table;
  cd_date_format_display (cd_clock_get_today (cd_context_get_clock (context)), day);
  job->printed_on = g_strdup (day);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_table_export_print_async);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  if (!can_record (context, list_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  operation = gtk_print_operation_new ();
  job->operation = g_object_ref (operation);
  gtk_print_operation_set_job_name (operation, table->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  {
    g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
    g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

    gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
    /* A wide list reads better across the page. */
    if (cd_csv_table_get_n_columns (table) > 5)
      gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
    gtk_print_operation_set_default_page_setup (operation, setup);
  }
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_print_done), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  root = gtk_widget_get_root (parent);
  if (pdf_path != NULL)
    gtk_print_operation_set_export_filename (operation, pdf_path);
  else
    gtk_print_operation_set_allow_async (operation, TRUE);
  result = gtk_print_operation_run (operation,
                                    pdf_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                    : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      job->finished = TRUE;
      g_task_return_error (task, error);
      return;
    }
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    print_finished (task, operation, result);
}

guint
cd_table_export_print_finish (GAsyncResult  *result,
                              GError       **error)
{
  gssize pages;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_table_export_print_async,
                        0);
  pages = g_task_propagate_int (G_TASK (result), error);
  return pages > 0 ? (guint) pages : 0;
}

/* ---- for the pages --------------------------------------------------------------------------- */

char *
cd_table_export_describe (CdExportFormat  format,
                          const char     *path,
                          guint           n_pages,
                          const GError   *error)
{
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  if (error != NULL)
    return g_strdup (error->message);
  if (format == CD_EXPORT_CSV)
    return g_strdup_printf (_("List exported to %s"), path);
  return g_strdup_printf (ngettext ("List printed: %u page", "List printed: %u pages", n_pages),
                          n_pages);
}

static void
toast (GtkWidget  *page,
       const char *message)
{
  if (message != NULL)
    g_signal_emit_by_name (page, "toast", message);
}

static void
on_action_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cd_table_export_save_finish (result, &error);
  g_autofree char *message = cd_table_export_describe (CD_EXPORT_CSV, path, 0, error);

  toast (page, message);
}

static void
on_action_printed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GError) error = NULL;
  guint pages = cd_table_export_print_finish (result, &error);
  g_autofree char *message = cd_table_export_describe (CD_EXPORT_PRINT, NULL, pages, error);

  toast (page, message);
}

void
cd_table_export_run_action (GtkWidget    *page,
                            CdContext    *context,
                            const char   *list_id,
                            CdCsvTable   *table,
                            const char   *action_name,
                            GVariant     *parameter,
                            GCancellable *cancellable)
{
  const char *path;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (g_signal_lookup ("toast", G_OBJECT_TYPE (page)) != 0);
  g_return_if_fail (table != NULL && action_name != NULL);
  g_return_if_fail (parameter != NULL && g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING));

  path = g_variant_get_string (parameter, NULL);
  if (g_str_equal (action_name, "table.print"))
    cd_table_export_print_async (page, context, list_id, table, *path != '\0' ? path : NULL,
                                 cancellable, on_action_printed, g_object_ref (page));
  else if (*path != '\0')
    cd_table_export_save_async (context, list_id, table, path, cancellable, on_action_saved,
                                g_object_ref (page));
  else
    cd_table_export_save_with_dialog (page, context, list_id, table, cancellable,
                                      on_action_saved, g_object_ref (page));
}

void
cd_table_export_install_actions (GtkWidgetClass              *widget_class,
                                 GtkWidgetActionActivateFunc  activate)
{
  gtk_widget_class_install_action (widget_class, "table.export-csv", "s", activate);
  gtk_widget_class_install_action (widget_class, "table.print", "s", activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "table.export-csv",
                                       "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "table.print",
                                       "s", "");
}
