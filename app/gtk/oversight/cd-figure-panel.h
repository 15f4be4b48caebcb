/* cd-figure-panel.h — one of the dashboard's figures: a heading, a chart and the same figures as
 * a table, with a "Chart / Table" switch, and the table's export.
 *
 * The table is a GtkColumnView of the panel's CdCsvTable (cd-csv.h), so what is exported or
 * printed is what the table shows. A panel without a chart (the overdue claims) shows only its
 * table. The panel offers table.export-csv and table.print (cd-table-export.h) for its table, in
 * its own name (`list-id`, e.g. "dashboard.by-benefit"), and says the result through ::toast.
 */
#pragma once

#include <gtk/gtk.h>

#include "cd-chart.h"
#include "cd-context.h"
#include "cd-csv.h"

G_BEGIN_DECLS

#define CD_TYPE_FIGURE_PANEL (cd_figure_panel_get_type ())
G_DECLARE_FINAL_TYPE (CdFigurePanel, cd_figure_panel, CD, FIGURE_PANEL, GtkWidget)

/* `chart` may be NULL: a table alone. */
GtkWidget     *cd_figure_panel_new            (CdContext     *context,
                                               const char    *list_id,
                                               const char    *title,
                                               CdChart       *chart);
const char    *cd_figure_panel_get_list_id    (CdFigurePanel *self);
const char    *cd_figure_panel_get_title      (CdFigurePanel *self);
/* The figures (taken) as the table shows them; `numeric` (may be NULL) marks the columns whose
 * cells are right-aligned figures, one gboolean per column. */
void           cd_figure_panel_set_table      (CdFigurePanel *self,
                                               CdCsvTable    *table,
                                               const gboolean *numeric);
CdChart       *cd_figure_panel_get_chart      (CdFigurePanel *self);
GtkColumnView *cd_figure_panel_get_column_view (CdFigurePanel *self);
/* The table's text at (row, column). */
const char    *cd_figure_panel_get_cell       (CdFigurePanel *self,
                                               guint          row,
                                               guint          column);
guint          cd_figure_panel_get_n_rows     (CdFigurePanel *self);
/* Shows the table (TRUE) or the chart, as the switch does. */
void           cd_figure_panel_show_table     (CdFigurePanel *self,
                                               gboolean       table);
gboolean       cd_figure_panel_get_showing_table (CdFigurePanel *self);

G_END_DECLS
