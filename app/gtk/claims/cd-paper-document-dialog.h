/* cd-paper-document-dialog.h — "Record Paper Document": the form an officer fills in from a paper
 * the sources could not give (cd-paper-document.h).
 *
 * The kind is an AdwComboRow; its fields (cd-paper-kinds.h) are a boxed list of AdwEntryRow, dates
 * typed as YYYY-MM-DD or DD/MM/YYYY; a scan may be attached. Save (Alt+S, or Enter in the last
 * field) checks every field: the invalid ones get the `error` style class and their reason under
 * the row and in its accessible description, and the form says why it refuses. Valid, the document
 * is saved as a job on the context's writer; ::saved tells the id and the window closes. Escape
 * and Cancel close it without saving.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_PAPER_DOCUMENT_DIALOG (cd_paper_document_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdPaperDocumentDialog, cd_paper_document_dialog, CD, PAPER_DOCUMENT_DIALOG,
                      AdwWindow)

/* For the person `personal_id`, linked to claim `claim_id` (0: none), saved through `context`'s
 * writer as its signed-in user. */
GtkWidget  *cd_paper_document_dialog_new           (CdContext             *context,
                                                    const char            *personal_id,
                                                    gint64                 claim_id);
/* The kind chosen (documents.kind), and choosing one (its fields replace the shown ones). */
const char *cd_paper_document_dialog_get_kind      (CdPaperDocumentDialog *self);
void        cd_paper_document_dialog_set_kind      (CdPaperDocumentDialog *self,
                                                    const char            *kind);
/* The entry row of field `name` (a MoH or civil-status name) of the kind shown, or NULL. */
GtkWidget  *cd_paper_document_dialog_get_field_row (CdPaperDocumentDialog *self,
                                                    const char            *name);
/* Why field `name` was refused at the last check, as shown under its row; NULL when it was not. */
const char *cd_paper_document_dialog_get_reason    (CdPaperDocumentDialog *self,
                                                    const char            *name);
/* The message above the form (why Save refused, or why saving failed); NULL when none is shown. */
const char *cd_paper_document_dialog_get_message   (CdPaperDocumentDialog *self);
/* Attaches the scan in `file` as the file chooser does: read off the main loop, checked by its
 * size and bytes. */
void        cd_paper_document_dialog_attach_scan   (CdPaperDocumentDialog *self,
                                                    GFile                 *file);
/* Whether a scan is attached (the last one chosen was read and accepted). */
gboolean    cd_paper_document_dialog_has_scan      (CdPaperDocumentDialog *self);

G_END_DECLS
