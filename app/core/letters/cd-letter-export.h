/* cd-letter-export.h — writes a claim's decision letter to a PDF file, off the main loop.
 *
 * The window's win.print-letter asks where to save it (GtkFileChooserNative) and then calls this;
 * win.save-letter does the same without asking, for scripts and tests.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      cd_letter_export_async  (const char          *db_path,
                                   const char          *claim_number,
                                   const char          *pdf_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* TRUE once the PDF is complete at pdf_path; a failure names the claim or the file. */
gboolean  cd_letter_export_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
