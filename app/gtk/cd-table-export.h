/* cd-table-export.h — any list on screen out of the workstation, as CSV or on paper, audited.
 *
 * A list becomes a CdCsvTable (cd-csv.h: its title, the headers and the texts of its visible
 * columns, as shown), either from a GtkColumnView whose columns were given their cell text here,
 * or built by its page (the claim list reads every row off the main loop). The table is then
 * written as CSV (UTF-8 with a BOM, in a worker thread) or printed (GtkPrintOperation: an A4 table
 * with the title, the date and page numbers, repeated headers); either way a `list.export` entry
 * goes into the audit log for the signed-in user (cd-export-audit.h). A CSV whose export cannot be
 * recorded is removed again: nothing leaves unaudited.
 *
 * The pages offer it as two actions taking a path: `table.export-csv` ("": ask where, Ctrl+Shift+E)
 * and `table.print` ("": the print dialog, Ctrl+P; a path: a PDF written without asking), and say
 * the result through their ::toast.
 */
#pragma once

#include <gtk/gtk.h>

#include "cd-context.h"
#include "cd-csv.h"
#include "cd-export-audit.h"

G_BEGIN_DECLS

/* The text a cell of `column` shows for `item` (an item of the view's model). */
typedef char *(*CdTableTextFunc) (gpointer item,
                                  gpointer user_data);

void        cd_table_export_set_column_text  (GtkColumnViewColumn *column,
                                              CdTableTextFunc      func,
                                              gpointer             user_data);
/* The visible columns that have a text, in the view's order, and every row of its model. */
CdCsvTable *cd_table_export_from_column_view (GtkColumnView       *view,
                                              const char          *title);

/* Writes `table` (taken) as CSV to `path` in a worker thread, then records the export on the
 * context's writer for its session. Fails without a session or a writer (nothing is written). */
void        cd_table_export_save_async    (CdContext           *context,
                                           const char          *list_id,
                                           CdCsvTable          *table,
                                           const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The path written, or NULL with the error (G_IO_ERROR_CANCELLED: the person changed their mind
 * in the file chooser). */
char       *cd_table_export_save_finish   (GAsyncResult        *result,
                                           GError             **error);
/* Asks where first (a file chooser over `parent`'s window, "<title>.csv" in Documents), then as
 * cd_table_export_save_async; finished by cd_table_export_save_finish. */
void        cd_table_export_save_with_dialog (GtkWidget           *parent,
                                              CdContext           *context,
                                              const char          *list_id,
                                              CdCsvTable          *table,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Prints `table` (taken): with `pdf_path` NULL through the print dialog over `parent`'s window,
 * else written to that PDF without asking. Recorded once printed. */
void        cd_table_export_print_async   (GtkWidget           *parent,
                                           CdContext           *context,
                                           const char          *list_id,
                                           CdCsvTable          *table,
                                           const char          *pdf_path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The number of pages printed, or 0 with the error (G_IO_ERROR_CANCELLED: not printed). */
guint       cd_table_export_print_finish  (GAsyncResult        *result,
                                           GError             **error);

/* The toast for a finished export or print (NULL: cancelled, say nothing). */
char       *cd_table_export_describe      (CdExportFormat       format,
                                           const char          *path,
                                           guint                n_pages,
                                           const GError        *error);

/* What a page's handler of table.export-csv / table.print does with its table (taken): the export
 * or print `action_name` asks for, to the path in `parameter` or asking (""). The outcome goes out
 * as the page's ::toast (const char *) signal, which the page must have; a cancel says nothing. */
void        cd_table_export_run_action      (GtkWidget           *page,
                                             CdContext           *context,
                                             const char          *list_id,
                                             CdCsvTable          *table,
                                             const char          *action_name,
                                             GVariant            *parameter,
                                             GCancellable        *cancellable);

/* The actions a page offers, installed on its class: table.export-csv and table.print, each with
 * a string (a path or "") and the shortcuts Ctrl+Shift+E and Ctrl+P. `activate` is the page's
 * handler for both (it tells them apart by name). */
void        cd_table_export_install_actions (GtkWidgetClass              *widget_class,
                                             GtkWidgetActionActivateFunc  activate);

G_END_DECLS
