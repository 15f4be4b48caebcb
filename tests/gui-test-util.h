/* gui-test-util.h — helpers for the gui suite (run under Xvfb). */
#pragma once

#include <adwaita.h>

#include "cd-application.h"

G_BEGIN_DECLS

void           gui_test_init            (int        *argc,
                                         char     ***argv);
CdApplication *gui_test_registered_app  (void);
void           gui_test_iterate         (void);
GtkWidget     *gui_test_find_widget     (GtkWidget  *root,
                                         GType       type);
GtkWidget     *gui_test_find_entry_row  (GtkWidget  *root,
                                         const char *title);

G_END_DECLS
