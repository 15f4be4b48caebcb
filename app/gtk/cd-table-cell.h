/* cd-table-cell.h — the one cell every column view of the workstation shows its text in. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GtkInscription, not a GtkLabel: a cell's size never depends on its text, so the first frame
 * (a hundred rows of eight cells) costs no text measuring. Numbers are right-aligned in tabular
 * figures (the "numeric" style); the rest ellipsizes at its end. `min_chars` and `nat_chars` are
 * the width asked for, in characters. */
GtkWidget *cd_table_cell_new (gboolean numeric,
                              guint    min_chars,
                              guint    nat_chars);

G_END_DECLS
