/* cd-hsb-report-pdf.c — the forms 22A-HSB and 22B-HSB printed: A4 landscape, as the paper form.
 *
 * The title block (the office under the body above it, beside the national motto; the form's
 * number), the title and the quarter, one table — STT, the row's label, then the six measures,
 * each over two columns, men and women — and the three signature blocks the agency's statistics
 * forms carry: the preparer, the head of the benefits department, the director. Drawn with the
 * letters' own layout and parts, like the decision list.
 */
#include "config.h"

#include "cd-hsb-report-private.h"

#define PAGE_WIDTH      841.890
#define PAGE_HEIGHT     595.276
#define MM              (72.0 / 25.4)
#define MARGIN_LEFT     (15 * MM)
#define MARGIN_RIGHT    (12 * MM)
#define MARGIN_TOP      (12 * MM)
#define MARGIN_BOTTOM   (16 * MM)   /* the footer sits inside this */
#define CONTENT_WIDTH   (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_HEIGHT  (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)

#define FONT_BODY       "DejaVu Serif 10"
#define FONT_TITLE      "DejaVu Serif Bold 13"
#define FONT_SUBTITLE   "DejaVu Serif Italic 10"
#define FONT_TABLE      "DejaVu Sans 7"
#define FONT_FOOTER     "DejaVu Sans 7"

#define NUMBER_WIDTH    24.0
#define LABEL_WIDTH     (CONTENT_WIDTH - NUMBER_WIDTH - 2 * TABLE_FIGURES)

/* The width of one sex's column of each measure: money needs room for a quarter's hundreds of
 * billions of đồng ("123.456.789.000"), an average age only for "34,5". */
static const double measure_widths[CD_HSB_N_MEASURES] = { 36, 36, 36, 56, 38, 80 };
#define TABLE_FIGURES   (36 + 36 + 36 + 56 + 38 + 80)

typedef struct
{
  const CdHsbReport *report;
  CdLetterLayout    *layout;
  CdLetterRow       *header;   /* repeated at the top of each page the table continues on */
} Doc;

static const char * const roman[] = { "I", "II", "III", "IV" };

/* Column `column` of the figures: measure column / 2, men then women. */
static double
figure_x (guint column)
{
  double x = NUMBER_WIDTH + LABEL_WIDTH;

  for (guint c = 0; c < column; c++)
    x += measure_widths[c / 2];
  return x;
}

static double
figure_width (guint column)
{
  return measure_widths[column / 2];
}

static void
add_heading (Doc *doc)
{
  const CdHsbReport *report = doc->report;
  g_autofree char *number = g_strdup_printf ("Mẫu số: <b>%s</b>",
                                             cd_hsb_form_to_string (report->form));
  g_autofree char *place = report->office_place != NULL
                           ? g_markup_escape_text (report->office_place, -1) : NULL;
  g_autofree char *date = g_strdup_printf ("<i>%s, ngày …… tháng …… năm ……</i>",
                                           place != NULL ? place : "……………");

  cd_letter_add_heading (doc->layout, TRUE, report->office_parent, report->office_name, 260,
                         CONTENT_WIDTH, number, date);
}

static void
add_title (Doc *doc)
{
  const CdHsbReport *report = doc->report;
  g_autofree char *from = cd_letter_short_date (report->from);
  g_autofree char *to = cd_letter_short_date (report->to);
  g_autofree char *quarter = g_strdup_printf ("Quý %s năm %d (từ ngày %s đến ngày %s)",
                                              roman[report->quarter - 1], report->year, from, to);

  cd_letter_layout_add_paragraph (doc->layout, 14, 0, FONT_TITLE, PANGO_ALIGN_CENTER,
                                  report->form == CD_HSB_FORM_22A
                                  ? "THỐNG KÊ ĐỐI TƯỢNG GIẢI QUYẾT HƯỞNG\n"
                                    "CHẾ ĐỘ TRỢ CẤP ỐM ĐAU"
                                  : "THỐNG KÊ ĐỐI TƯỢNG GIẢI QUYẾT HƯỞNG\n"
                                    "CHẾ ĐỘ TRỢ CẤP THAI SẢN");
  cd_letter_layout_add_paragraph (doc->layout, 4, 0, FONT_SUBTITLE, PANGO_ALIGN_CENTER, quarter);
  cd_letter_layout_add_paragraph (doc->layout, 2, 0, FONT_SUBTITLE, PANGO_ALIGN_RIGHT,
                                  "Đơn vị tiền: đồng");
}

static void
add_header (Doc *doc)
{
  CdLetterRow *top = cd_letter_layout_add_row (doc->layout, 6);
  CdLetterRow *sexes;
  const CdLetterCellFlags head = CD_LETTER_CELL_BOXED | CD_LETTER_CELL_SHADED;

  cd_letter_row_add_cell (top, 0, NUMBER_WIDTH, FONT_TABLE, PANGO_ALIGN_CENTER, head,
                          "<b>STT</b>");
  cd_letter_row_add_cell (top, NUMBER_WIDTH, LABEL_WIDTH, FONT_TABLE, PANGO_ALIGN_CENTER, head,
                          "<b>Chỉ tiêu</b>");
  for (guint m = 0; m < CD_HSB_N_MEASURES; m++)
    {
      g_autofree char *escaped = g_markup_escape_text (cd_hsb_measure_headings[m], -1);
      g_autofree char *markup = g_strdup_printf ("<b>%s</b>", escaped);

      cd_letter_row_add_cell (top, figure_x (m * 2), 2 * measure_widths[m], FONT_TABLE,
                              PANGO_ALIGN_CENTER, head, markup);
    }
  /* The measures' headings never end a page without the sexes under them. */
  cd_letter_row_set_keep_with_next (top, TRUE);

  sexes = cd_letter_layout_add_row (doc->layout, 0);
  cd_letter_row_add_cell (sexes, 0, NUMBER_WIDTH, FONT_TABLE, PANGO_ALIGN_CENTER, head, "A");
  cd_letter_row_add_cell (sexes, NUMBER_WIDTH, LABEL_WIDTH, FONT_TABLE, PANGO_ALIGN_CENTER, head,
                          "B");
  for (guint c = 0; c < CD_HSB_N_MEASURES * CD_HSB_N_SEXES; c++)
    {
      g_autofree char *markup = g_strdup_printf ("<b>%s</b> (%u)", c % 2 == 0 ? "Nam" : "Nữ",
                                                 c + 1);

      cd_letter_row_add_cell (sexes, figure_x (c), figure_width (c), FONT_TABLE,
                              PANGO_ALIGN_CENTER, head, markup);
    }
  cd_letter_row_set_keep_with_next (sexes, TRUE);
  doc->header = sexes;
}

static void
add_section (Doc          *doc,
             CdHsbSection  section)
{
  CdLetterRow *row = cd_letter_layout_add_row (doc->layout, 0);
  g_autofree char *number = g_strdup_printf ("<b>%s</b>", roman[section - 1]);
  g_autofree char *label = g_strdup_printf ("<b>%s</b>", cd_hsb_section_label (section));

  cd_letter_row_add_cell (row, 0, NUMBER_WIDTH, FONT_TABLE, PANGO_ALIGN_CENTER,
                          CD_LETTER_CELL_BOXED, number);
  cd_letter_row_add_cell (row, NUMBER_WIDTH, CONTENT_WIDTH - NUMBER_WIDTH, FONT_TABLE,
                          PANGO_ALIGN_LEFT, CD_LETTER_CELL_BOXED, label);
  cd_letter_row_set_table_header (row, doc->header);
  /* A section's heading goes with its first row. */
  cd_letter_row_set_keep_with_next (row, TRUE);
}

static void
add_row (Doc            *doc,
         const CdHsbRow *row,
         const char     *number)
{
  CdLetterRow *line = cd_letter_layout_add_row (doc->layout, 0);
  gboolean total = row->section == CD_HSB_SECTION_TOTAL;
  g_autofree char *escaped = g_markup_escape_text (row->label_vi, -1);
  g_autofree char *label = total ? g_strdup_printf ("<b>%s</b>", escaped) : g_strdup (escaped);

  cd_letter_row_add_cell (line, 0, NUMBER_WIDTH, FONT_TABLE, PANGO_ALIGN_CENTER,
                          CD_LETTER_CELL_BOXED, number);
  cd_letter_row_add_cell (line, NUMBER_WIDTH, LABEL_WIDTH, FONT_TABLE, PANGO_ALIGN_LEFT,
                          CD_LETTER_CELL_BOXED, label);
  for (guint m = 0; m < CD_HSB_N_MEASURES; m++)
    for (guint s = 0; s < CD_HSB_N_SEXES; s++)
      {
        g_autofree char *figure = cd_hsb_cell_figure (&row->cells[s], m, FALSE);
        g_autofree char *markup = total ? g_strdup_printf ("<b>%s</b>", figure)
                                        : g_strdup (figure);

        cd_letter_row_add_cell (line, figure_x (m * 2 + s), figure_width (m * 2 + s), FONT_TABLE,
                                PANGO_ALIGN_RIGHT, CD_LETTER_CELL_BOXED, markup);
      }
  cd_letter_row_set_table_header (line, doc->header);
}

static void
add_table (Doc *doc)
{
  const CdHsbReport *report = doc->report;
  CdHsbSection section = CD_HSB_SECTION_TOTAL;
  guint in_section = 0;

  add_header (doc);
  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);
      g_autofree char *number = NULL;

      if (row->section != section)
        {
          section = row->section;
          in_section = 0;
          add_section (doc, section);
        }
      number = row->section == CD_HSB_SECTION_TOTAL ? g_strdup ("")
                                                    : g_strdup_printf ("%u", ++in_section);
      add_row (doc, row, number);
    }
}

static void
add_signatures (Doc *doc)
{
  const double width = CONTENT_WIDTH / 3;
  const CdLetterSigner blank = { NULL, NULL, NULL };
  g_autofree char *preparer = cd_letter_signer_markup (TRUE, &blank, "NGƯỜI LẬP BIỂU",
                                                       "(Ký, ghi rõ họ tên)");
  g_autofree char *head = cd_letter_signer_markup (TRUE, &blank,
                                                   "TRƯỞNG PHÒNG/PHỤ TRÁCH",
                                                   "(Ký, ghi rõ họ tên)");
  g_autofree char *director = cd_letter_signer_markup (TRUE, &blank, "GIÁM ĐỐC",
                                                       "(Ký, ghi rõ họ tên, đóng dấu)");
  CdLetterRow *row = cd_letter_layout_add_row (doc->layout, 14);

  cd_letter_row_add_cell (row, 0, width, FONT_BODY, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          preparer);
  cd_letter_row_add_cell (row, width, width, FONT_BODY, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          head);
  cd_letter_row_add_cell (row, 2 * width, width, FONT_BODY, PANGO_ALIGN_CENTER,
                          CD_LETTER_CELL_PLAIN, director);
}

static void
draw_pages (cairo_t  *cr,
            gpointer  user_data)
{
  Doc *doc = user_data;
  const CdHsbReport *report = doc->report;
  g_autofree char *office = cd_letter_escape_or_blank (report->office_code);
  guint n_pages;

  doc->layout = cd_letter_layout_new (cr, CONTENT_WIDTH);
  /* Kerning off: text copied or searched out of the PDF keeps its words whole. */
  cd_letter_layout_set_kerning (doc->layout, FALSE);
  add_heading (doc);
  add_title (doc);
  add_table (doc);
  add_signatures (doc);

  n_pages = cd_letter_layout_paginate (doc->layout, CONTENT_HEIGHT);
  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *left = g_strdup_printf ("Mẫu %s · Quý %s/%d · %s",
                                               cd_hsb_form_to_string (report->form),
                                               roman[report->quarter - 1], report->year, office);
      g_autofree char *right = g_strdup_printf ("Trang %u/%u", page + 1, n_pages);

      cd_letter_layout_draw_page (doc->layout, cr, page, MARGIN_LEFT, MARGIN_TOP);
      cd_letter_draw_footer (doc->layout, cr, MARGIN_LEFT, PAGE_HEIGHT - MARGIN_BOTTOM + 12,
                             CONTENT_WIDTH, FONT_FOOTER, left, right);
      cairo_show_page (cr);
    }
  g_clear_pointer (&doc->layout, cd_letter_layout_free);
}

static gboolean
write_pdf (GOutputStream  *stream,
           gpointer        user_data,
           GError        **error)
{
  const CdHsbReport *report = user_data;
  Doc doc = { report, NULL, NULL };
  g_autofree char *title = g_strdup_printf ("%s %d-Q%d", cd_hsb_form_to_string (report->form),
                                            report->year, report->quarter);

  return cd_letter_pdf_to_stream (stream, PAGE_WIDTH, PAGE_HEIGHT, title, report->office_name,
                                  draw_pages, &doc, NULL, error);
}

gboolean
cd_hsb_report_render_pdf (const CdHsbReport  *report,
                          const char         *path,
                          GError            **error)
{
  return cd_hsb_report_write_to_path (report, path, write_pdf, error);
}
