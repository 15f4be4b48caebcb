/* cd-letter-parts.h — what the printed documents share (private to the letters).
 *
 * The decision letter and the decision list are different documents with the same administrative
 * furniture: the issuing office beside the national motto, signature blocks with room for ink and
 * a seal, a ruled page footer, dotted blanks for missing values, a PDF written through cairo to a
 * stream, and a file that appears only once it is complete. Both draw these through here, so the
 * two never drift apart.
 */
#pragma once

#include <gio/gio.h>

#include "cd-letter-types.h"
#include "cd-letter-layout.h"

G_BEGIN_DECLS

/* Escaped for pango markup; NULL or "" is the dotted blank of a paper form. */
char     *cd_letter_escape_or_blank (const char           *text);
/* dd/mm/yyyy of an ISO date; anything else escaped or blank. */
char     *cd_letter_short_date      (const char           *iso_date);

/* The issuing office (parent body above, the office in bold with a rule under it) in a column of
 * `left_width` at the left, the national motto at the right, and a second row with
 * `number_markup` under the office and `date_markup` under the motto. */
void      cd_letter_add_heading     (CdLetterLayout       *layout,
                                     gboolean              vi,
                                     const char           *office_parent,
                                     const char           *office_name,
                                     double                left_width,
                                     double                width,
                                     const char           *number_markup,
                                     const char           *date_markup);

/* One signature block: heading (or the signer's title), role, date, blank lines, name. */
char     *cd_letter_signer_markup   (gboolean              vi,
                                     const CdLetterSigner *signer,
                                     const char           *heading,
                                     const char           *role);

/* A grey rule across [x, x + width] at `y` − 3, `left` under it and `right` at its right
 * end. */
void      cd_letter_draw_footer     (CdLetterLayout       *layout,
                                     cairo_t              *cr,
                                     double                x,
                                     double                y,
                                     double                width,
                                     const char           *font,
                                     const char           *left,
                                     const char           *right);

/* Draws every page of a document on `cr` (cairo_show_page after each). */
typedef void (*CdLetterDrawFunc) (cairo_t  *cr,
                                  gpointer  user_data);

/* A PDF of `width` × `height` points written to `stream`. On failure: the stream's own error when
 * writing failed, else CD_LETTER_ERROR_RENDER with cairo's reason; the caller words the message. */
gboolean  cd_letter_pdf_to_stream   (GOutputStream        *stream,
                                     double                width,
                                     double                height,
                                     const char           *title,
                                     const char           *author,
                                     CdLetterDrawFunc      draw,
                                     gpointer              user_data,
                                     GCancellable         *cancellable,
                                     GError              **error);

/* Writes through `write` to a hidden file beside `path`, synced, and renames it over `path` only
 * when complete: a failure leaves `path` untouched and no partial file. The error is the one
 * `write` or the file system gave, unworded. */
typedef gboolean (*CdLetterWriteFunc) (GOutputStream  *stream,
                                       gpointer        user_data,
                                       GError        **error);

gboolean  cd_letter_write_file      (const char           *path,
                                     CdLetterWriteFunc     write,
                                     gpointer              user_data,
                                     GError              **error);

G_END_DECLS
