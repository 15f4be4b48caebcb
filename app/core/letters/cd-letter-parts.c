/* cd-letter-parts.c — what the printed documents share (private to the letters). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <cairo-pdf.h>
#include <unistd.h>

#include "cd-format.h"
#include "cd-letter-parts.h"

#define FONT_HEAD "DejaVu Serif 10"

char *
cd_letter_escape_or_blank (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_strdup ("………………");
  return g_markup_escape_text (text, -1);
}

char *
cd_letter_short_date (const char *iso_date)
{
  char *formatted = cd_format_date_vi (iso_date);

  return formatted != NULL ? formatted : cd_letter_escape_or_blank (iso_date);
}

void
cd_letter_add_heading (CdLetterLayout *layout,
                       gboolean        vi,
                       const char     *office_parent,
                       const char     *office_name,
                       double          left_width,
                       double          width,
                       const char     *number_markup,
                       const char     *date_markup)
{
  const double right_x = left_width + 5;
  const double right_width = width - right_x;
  g_autofree char *parent = g_utf8_strup (office_parent != NULL ? office_parent
                                          : vi ? "Bảo hiểm xã hội Việt Nam"
                                          : "Viet Nam Social Security", -1);
  g_autofree char *office = g_utf8_strup (office_name != NULL ? office_name : "………", -1);
  g_autofree char *parent_markup = g_markup_escape_text (parent, -1);
  g_autofree char *office_markup = g_markup_escape_text (office, -1);
  g_autofree char *issuer = g_strdup_printf ("%s\n<b>%s</b>", parent_markup, office_markup);
  CdLetterRow *row;

  row = cd_letter_layout_add_row (layout, 0);
  cd_letter_row_add_cell (row, 0, left_width, FONT_HEAD, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          issuer);
  cd_letter_row_set_rule (row, 60);
  cd_letter_row_add_cell (row, right_x, right_width, FONT_HEAD, PANGO_ALIGN_CENTER,
                          CD_LETTER_CELL_PLAIN,
                          vi ? "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>\n"
                               "<b>Độc lập - Tự do - Hạnh phúc</b>"
                             : "<b>SOCIALIST REPUBLIC OF VIET NAM</b>\n"
                               "<b>Independence - Freedom - Happiness</b>");
  cd_letter_row_set_rule (row, 150);

  row = cd_letter_layout_add_row (layout, 6);
  cd_letter_row_add_cell (row, 0, left_width, FONT_HEAD, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          number_markup);
  cd_letter_row_add_cell (row, right_x, right_width, FONT_HEAD, PANGO_ALIGN_CENTER,
                          CD_LETTER_CELL_PLAIN, date_markup);
}

char *
cd_letter_signer_markup (gboolean              vi,
                         const CdLetterSigner *signer,
                         const char           *heading,
                         const char           *role)
{
  g_autofree char *name = cd_letter_escape_or_blank (signer->name);
  g_autofree char *date = cd_letter_short_date (signer->date);
  g_autofree char *title = NULL;

  if (signer->title != NULL && *signer->title != '\0')
    {
      g_autofree char *upper = g_utf8_strup (signer->title, -1);
      title = g_markup_escape_text (upper, -1);
    }

  /* The blank lines leave room for the hand signature and the seal. */
  return g_strdup_printf ("<b>%s</b>\n<i>%s</i>\n<i>%s %s</i>\n\n\n\n\n<b>%s</b>",
                          title != NULL ? title : heading, role, vi ? "Ngày" : "Date:", date,
                          name);
}

void
cd_letter_draw_footer (CdLetterLayout *layout,
                       cairo_t        *cr,
                       double          x,
                       double          y,
                       double          width,
                       const char     *font,
                       const char     *left,
                       const char     *right)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_set_line_width (cr, 0.4);
  cairo_move_to (cr, x, y - 3);
  cairo_line_to (cr, x + width, y - 3);
  cairo_stroke (cr);
  cd_letter_layout_draw_text (layout, cr, x, y, width - 70, font, PANGO_ALIGN_LEFT, left);
  cd_letter_layout_draw_text (layout, cr, x + width - 70, y, 70, font, PANGO_ALIGN_RIGHT, right);
  cairo_restore (cr);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;   /* the first write error; cairo only knows "write error" */
} StreamSink;

static cairo_status_t
write_to_sink (void                *closure,
               const unsigned char *bytes,
               unsigned int         length)
{
  StreamSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, bytes, length, NULL, sink->cancellable,
                                  &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
cd_letter_pdf_to_stream (GOutputStream     *stream,
                         double             width,
                         double             height,
                         const char        *title,
                         const char        *author,
                         CdLetterDrawFunc   draw,
                         gpointer           user_data,
                         GCancellable      *cancellable,
                         GError           **error)
{
  StreamSink sink = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  surface = cairo_pdf_surface_create_for_stream (write_to_sink, &sink, width, height);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "ClaimDesk " PACKAGE_VERSION);
  cr = cairo_create (surface);

  draw (cr, user_data);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, CD_LETTER_ERROR, CD_LETTER_ERROR_RENDER,
                           cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_flush (stream, cancellable, error);
}

static void
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
}

gboolean
cd_letter_write_file (const char         *path,
                      CdLetterWriteFunc   write,
                      gpointer            user_data,
                      GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *temp_path = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  int fd;

  /* The file goes to a hidden name beside the target and is renamed over it only when complete, so
   * a failure (full disk, bad data, a crash) never leaves a half document that looks like a real
   * one. */
  temp_path = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, name);
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_errno_error (error, errno);
      return FALSE;
    }
  stream = g_unix_output_stream_new (fd, TRUE);

  if (!write (stream, user_data, error))
    goto failed;
  if (fsync (fd) != 0)
    {
      set_errno_error (error, errno);
      goto failed;
    }
  if (!g_output_stream_close (stream, NULL, error))
    goto failed;
  if (g_rename (temp_path, path) != 0)
    {
      set_errno_error (error, errno);
      goto failed;
    }
  return TRUE;

failed:
  g_output_stream_close (stream, NULL, NULL);
  g_unlink (temp_path);
  return FALSE;
}
