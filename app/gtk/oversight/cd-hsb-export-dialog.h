/* cd-hsb-export-dialog.h — "Statistics Forms": the quarterly forms 22A-HSB and 22B-HSB saved as
 * PDF or CSV (cd-hsb-report.h, docs/oversight.md).
 *
 * The form and the quarter are AdwComboRows (the current quarter and the seven before it, by the
 * context's clock); Save as PDF… and Save as CSV… ask where (GtkFileChooserNative) and then count
 * and write the form off the main loop, on a reader of the context's store. A toast says where it
 * was saved or why it was not. The dashboard opens it; it reaches up to nothing.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"
#include "cd-hsb-report.h"

G_BEGIN_DECLS

#define CD_TYPE_HSB_EXPORT_DIALOG (cd_hsb_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdHsbExportDialog, cd_hsb_export_dialog, CD, HSB_EXPORT_DIALOG, AdwWindow)

GtkWidget *cd_hsb_export_dialog_new     (CdContext         *context);
/* A new dialog, modal over `parent`, shown; returned (owned by GTK) for whoever watches it. */
GtkWidget *cd_hsb_export_dialog_present (GtkWindow         *parent,
                                         CdContext         *context);

/* The form and quarter chosen; choosing one (FALSE when the quarter is not offered). */
CdHsbForm  cd_hsb_export_dialog_get_form    (CdHsbExportDialog *self);
void       cd_hsb_export_dialog_get_quarter (CdHsbExportDialog *self,
                                             int               *year,
                                             int               *quarter);
gboolean   cd_hsb_export_dialog_select      (CdHsbExportDialog *self,
                                             CdHsbForm          form,
                                             int                year,
                                             int                quarter);
/* What the file chooser does once a file is chosen: counts and writes the chosen form there.
 * ::finished follows. */
void       cd_hsb_export_dialog_save_to     (CdHsbExportDialog *self,
                                             GFile             *file,
                                             CdHsbFormat        format);
/* The text of the last toast, or NULL. */
const char *cd_hsb_export_dialog_get_message (CdHsbExportDialog *self);

G_END_DECLS
