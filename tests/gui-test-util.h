/* gui-test-util.h — helpers for the gui suite (run under Xvfb). */
#pragma once

#include <adwaita.h>

#include "cd-application.h"

G_BEGIN_DECLS

void           gui_test_init            (int        *argc,
                                         char     ***argv);
CdApplication *gui_test_registered_app  (void);
void           gui_test_iterate         (void);
/* Signs `login` in on `app` (if not NULL) against the store at db_path, giving the demo accounts
 * their password first and creating `login` with `role` if the store lacks it. */
CdSession     *gui_test_sign_in         (CdApplication *app,
                                         const char    *db_path,
                                         const char    *login,
                                         CdRole         role);
GtkWidget     *gui_test_find_widget     (GtkWidget  *root,
                                         GType       type);
GtkWidget     *gui_test_find_entry_row  (GtkWidget  *root,
                                         const char *title);

G_END_DECLS
