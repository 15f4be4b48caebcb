/* cd-letter-layout.c — a small flow layout for printed documents (private to the letters). */
#include "config.h"

#include "cd-letter-layout.h"

#define CELL_PADDING_BOXED 2.5
#define RULE_GAP 2.0
#define BORDER_WIDTH 0.5

typedef struct
{
  PangoLayout       *layout;
  double             x;
  double             width;
  CdLetterCellFlags  flags;
  double             rule_width;
} Cell;

struct _CdLetterRow
{
  PangoContext *context;       /* the layout's, borrowed */
  GArray      *cells;          /* of Cell */
  double       space_before;   /* dropped at the top of a page */
  double       height;         /* computed when a cell is added */
  gboolean     keep_with_next;
  CdLetterRow *table_header;   /* repeated above this row when it opens a page */
  gboolean     unkerned;       /* the layout's kerning choice when the row was added */
};

typedef struct
{
  CdLetterRow *row;
  guint        page;
  double       y;
} Placement;

struct _CdLetterLayout
{
  PangoFontMap *font_map;
  PangoContext *context;
  double        width;
  GPtrArray    *rows;        /* of CdLetterRow, owned */
  GArray       *placements;  /* of Placement, filled by paginate */
  gboolean      unkerned;
};

static void
row_free (CdLetterRow *row)
{
  for (guint i = 0; i < row->cells->len; i++)
    g_object_unref (g_array_index (row->cells, Cell, i).layout);
  g_array_unref (row->cells);
  g_free (row);
}

CdLetterLayout *
cd_letter_layout_new (cairo_t *cr,
                      double   width)
{
  CdLetterLayout *self = g_new0 (CdLetterLayout, 1);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* A font map of the letter's own rather than the thread's default: the fonts it loads are freed
   * with the letter instead of staying cached for the life of the thread (or looking leaked to
   * LeakSanitizer, as the default map's are at exit). */
  self->font_map = pango_cairo_font_map_new ();
  self->context = pango_font_map_create_context (self->font_map);
  pango_cairo_update_context (cr, self->context);
  /* One PDF point per unit, and unhinted metrics: the text must measure the same as it prints. */
  pango_cairo_context_set_resolution (self->context, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);

  self->width = width;
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  return self;
}

void
cd_letter_layout_free (CdLetterLayout *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_array_unref (self->placements);
  g_object_unref (self->context);
  g_object_unref (self->font_map);
  g_free (self);
}

void
cd_letter_layout_set_kerning (CdLetterLayout *self,
                              gboolean        kerning)
{
  self->unkerned = !kerning;
}

CdLetterRow *
cd_letter_layout_add_row (CdLetterLayout *self,
                          double          space_before)
{
  CdLetterRow *row = g_new0 (CdLetterRow, 1);

  row->context = self->context;
  row->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  row->space_before = space_before;
  row->unkerned = self->unkerned;
  g_ptr_array_add (self->rows, row);
  return row;
}

static double
cell_padding (const Cell *cell)
{
  return (cell->flags & CD_LETTER_CELL_BOXED) ? CELL_PADDING_BOXED : 0.0;
}

static double
cell_height (const Cell *cell)
{
  int width, height;

  pango_layout_get_size (cell->layout, &width, &height);
  return (double) height / PANGO_SCALE + 2 * cell_padding (cell)
         + (cell->rule_width > 0 ? RULE_GAP + BORDER_WIDTH : 0.0);
}

void
cd_letter_row_add_cell (CdLetterRow       *row,
                        double             x,
                        double             width,
                        const char        *font,
                        PangoAlignment     alignment,
                        CdLetterCellFlags  flags,
                        const char        *markup)
{
  Cell cell = { NULL, x, width, flags, 0.0 };
  PangoFontDescription *description = pango_font_description_from_string (font);

  cell.layout = pango_layout_new (row->context);
  pango_layout_set_font_description (cell.layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (cell.layout, pango_units_from_double (width - 2 * cell_padding (&cell)));
  pango_layout_set_wrap (cell.layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (cell.layout, alignment);
  pango_layout_set_markup (cell.layout, markup, -1);
  if (row->unkerned)
    {
      PangoAttrList *attrs = pango_layout_get_attributes (cell.layout);

      attrs = attrs != NULL ? pango_attr_list_copy (attrs) : pango_attr_list_new ();
      pango_attr_list_insert_before (attrs, pango_attr_font_features_new ("kern 0"));
      pango_layout_set_attributes (cell.layout, attrs);
      pango_attr_list_unref (attrs);
    }

  g_array_append_val (row->cells, cell);
  row->height = MAX (row->height, cell_height (&cell));
}

void
cd_letter_row_set_rule (CdLetterRow *row,
                        double       rule_width)
{
  Cell *cell;

  g_return_if_fail (row->cells->len > 0);

  cell = &g_array_index (row->cells, Cell, row->cells->len - 1);
  cell->rule_width = rule_width;
  row->height = MAX (row->height, cell_height (cell));
}

void
cd_letter_row_set_keep_with_next (CdLetterRow *row,
                                  gboolean     keep)
{
  row->keep_with_next = keep;
}

void
cd_letter_row_set_table_header (CdLetterRow *row,
                                CdLetterRow *header)
{
  row->table_header = header;
}

CdLetterRow *
cd_letter_layout_add_paragraph (CdLetterLayout *self,
                                double          space_before,
                                double          indent,
                                const char     *font,
                                PangoAlignment  alignment,
                                const char     *markup)
{
  CdLetterRow *row = cd_letter_layout_add_row (self, space_before);

  cd_letter_row_add_cell (row, indent, self->width - indent, font, alignment, CD_LETTER_CELL_PLAIN,
                          markup);
  return row;
}

static void
place (CdLetterLayout *self,
       CdLetterRow    *row,
       guint           page,
       double          y)
{
  Placement placement = { row, page, y };

  g_array_append_val (self->placements, placement);
}

/* The height a row needs below `y`: its spacing counts only when something is above it. */
static double
row_extent (const CdLetterRow *row,
            double             y)
{
  return (y > 0 ? row->space_before : 0.0) + row->height;
}

guint
cd_letter_layout_paginate (CdLetterLayout *self,
                           double          page_height)
{
  guint page = 0;
  double y = 0;

  g_array_set_size (self->placements, 0);

  for (guint i = 0; i < self->rows->len; i++)
    {
      CdLetterRow *row = g_ptr_array_index (self->rows, i);
      double chain = row_extent (row, y);

      /* A row that must stay with the next ones moves with them; a chain longer than a page cannot
       * be kept and falls back to the row alone. */
      for (guint j = i; j + 1 < self->rows->len; j++)
        {
          CdLetterRow *current = g_ptr_array_index (self->rows, j);
          CdLetterRow *next = g_ptr_array_index (self->rows, j + 1);

          if (!current->keep_with_next)
            break;
          chain += next->space_before + next->height;
        }
      if (chain > page_height)
        chain = row_extent (row, y);

      if (y > 0 && y + chain > page_height)
        {
          page++;
          y = 0;
        }

      if (y == 0 && page > 0 && row->table_header != NULL && row->table_header != row)
        {
          place (self, row->table_header, page, 0);
          y = row->table_header->height;
        }

      y += y > 0 ? row->space_before : 0.0;
      place (self, row, page, y);
      y += row->height;
    }

  return page + 1;
}

static void
draw_row (const CdLetterRow *row,
          cairo_t           *cr,
          double             y)
{
  for (guint i = 0; i < row->cells->len; i++)
    {
      const Cell *cell = &g_array_index (row->cells, Cell, i);
      double padding = cell_padding (cell);

      if (cell->flags & CD_LETTER_CELL_SHADED)
        {
          cairo_save (cr);
          cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
          cairo_rectangle (cr, cell->x, y, cell->width, row->height);
          cairo_fill (cr);
          cairo_restore (cr);
        }

      cairo_move_to (cr, cell->x + padding, y + padding);
      pango_cairo_show_layout (cr, cell->layout);

      if (cell->flags & CD_LETTER_CELL_BOXED)
        {
          cairo_set_line_width (cr, BORDER_WIDTH);
          cairo_rectangle (cr, cell->x, y, cell->width, row->height);
          cairo_stroke (cr);
        }

      if (cell->rule_width > 0)
        {
          int text_width, text_height;
          double rule_y;

          pango_layout_get_size (cell->layout, &text_width, &text_height);
          rule_y = y + padding + (double) text_height / PANGO_SCALE + RULE_GAP;
          cairo_set_line_width (cr, BORDER_WIDTH);
          cairo_move_to (cr, cell->x + (cell->width - cell->rule_width) / 2, rule_y);
          cairo_rel_line_to (cr, cell->rule_width, 0);
          cairo_stroke (cr);
        }
    }
}

void
cd_letter_layout_draw_page (CdLetterLayout *self,
                            cairo_t        *cr,
                            guint           page,
                            double          x,
                            double          y)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < self->placements->len; i++)
    {
      const Placement *placement = &g_array_index (self->placements, Placement, i);

      if (placement->page == page)
        draw_row (placement->row, cr, placement->y);
    }
  cairo_restore (cr);
}

void
cd_letter_layout_draw_text (CdLetterLayout *self,
                            cairo_t        *cr,
                            double          x,
                            double          y,
                            double          width,
                            const char     *font,
                            PangoAlignment  alignment,
                            const char     *markup)
{
  PangoLayout *layout = pango_layout_new (self->context);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_markup (layout, markup, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}
