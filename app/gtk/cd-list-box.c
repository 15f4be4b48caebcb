/* cd-list-box.c — what GTK 4.8's GtkListBox lacks and every page needs. */
#include "config.h"

#include "cd-list-box.h"

void
cd_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
