/* cd-list-box.h — what GTK 4.8's GtkListBox lacks and every page needs. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Removes every row (gtk_list_box_remove_all arrived in GTK 4.12). */
void cd_list_box_remove_all (GtkListBox *list);

G_END_DECLS
