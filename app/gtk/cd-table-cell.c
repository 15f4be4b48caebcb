/* cd-table-cell.c — the one cell every column view of the workstation shows its text in. */
#include "config.h"

#include "cd-table-cell.h"

GtkWidget *
cd_table_cell_new (gboolean numeric,
                   guint    min_chars,
                   guint    nat_chars)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), numeric ? 1.0 : 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  if (numeric)
    gtk_widget_add_css_class (cell, "numeric");
  return cell;
}
