/* cd-letter-layout.h — a small flow layout for printed documents (private to the letters).
 *
 * A document is a list of rows; a row holds cells of pango markup placed at fixed x offsets. Rows
 * are measured once, paginated (a row never splits; "keep with next" chains stay together; a
 * table's header row is repeated at the top of each page its rows continue on), then drawn page by
 * page. All units are PDF points.
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef struct _CdLetterLayout CdLetterLayout;
typedef struct _CdLetterRow    CdLetterRow;

typedef enum
{
  CD_LETTER_CELL_PLAIN = 0,
  CD_LETTER_CELL_BOXED = 1 << 0,   /* a table cell: a thin border around the whole row height */
  CD_LETTER_CELL_SHADED = 1 << 1,  /* a light grey background (table headers) */
} CdLetterCellFlags;

CdLetterLayout *cd_letter_layout_new          (cairo_t            *cr,
                                               double              width);
void            cd_letter_layout_free         (CdLetterLayout     *self);

/* Kerning for the rows added from now on (on by default). Off, glyphs sit at their plain
 * advances, so text copied out of the PDF keeps its words whole: kerned pairs such as "Tr" come out
 * of pdftotext and PDF viewers as "T r", which breaks searching a list for a name. */
void            cd_letter_layout_set_kerning  (CdLetterLayout     *self,
                                               gboolean            kerning);
CdLetterRow    *cd_letter_layout_add_row      (CdLetterLayout     *self,
                                               double              space_before);
void            cd_letter_row_add_cell        (CdLetterRow        *row,
                                               double              x,
                                               double              width,
                                               const char         *font,
                                               PangoAlignment      alignment,
                                               CdLetterCellFlags   flags,
                                               const char         *markup);
/* A short centred rule under the text of the row's last cell (the motto and the office name). */
void            cd_letter_row_set_rule        (CdLetterRow        *row,
                                               double              rule_width);
void            cd_letter_row_set_keep_with_next (CdLetterRow     *row,
                                                  gboolean         keep);
void            cd_letter_row_set_table_header   (CdLetterRow     *row,
                                                  CdLetterRow     *header);

/* One paragraph across the full width (less `indent`), as a row of one cell. */
CdLetterRow    *cd_letter_layout_add_paragraph (CdLetterLayout    *self,
                                                double             space_before,
                                                double             indent,
                                                const char        *font,
                                                PangoAlignment     alignment,
                                                const char        *markup);

guint           cd_letter_layout_paginate     (CdLetterLayout     *self,
                                               double              page_height);
void            cd_letter_layout_draw_page    (CdLetterLayout     *self,
                                               cairo_t            *cr,
                                               guint               page,
                                               double              x,
                                               double              y);

/* Draws one block of markup outside the flow (page footers), measured like the rows. */
void            cd_letter_layout_draw_text    (CdLetterLayout     *self,
                                               cairo_t            *cr,
                                               double              x,
                                               double              y,
                                               double              width,
                                               const char         *font,
                                               PangoAlignment      alignment,
                                               const char         *markup);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdLetterLayout, cd_letter_layout_free)

G_END_DECLS
