/* gui-test-util.h — helpers for the gui suite (run under Xvfb). */
#pragma once

#include <adwaita.h>

#include "cd-application.h"
#include "cd-gateway-process.h"

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
/* A context on the store at db_path, nobody signed in. */
CdContext     *gui_test_context_for     (const char *db_path);
/* A context on the store at db_path for `login` (signed in as gui_test_sign_in does), whose
 * sync worker keeps delivering to central_url, with the office's credentials, as the
 * workstation's does. */
CdContext     *gui_test_syncing_context (const char                *db_path,
                                         const char                *central_url,
                                         const CdOfficeCredential  *credential,
                                         const char                *login,
                                         CdRole                     role);
/* A context as the workstation has it once `session` signed in: the store at db's path, db its
 * writer, and the gateway at gateway_url serving central and the evidence sources alike, with
 * the office's credentials. */
CdContext     *gui_test_writer_context  (CdDatabase                *db,
                                         const char                *gateway_url,
                                         const CdOfficeCredential  *credential,
                                         CdSession                 *session);
/* The office credentials of a test gateway (enrolled with its code the first time, then kept). */
const CdOfficeCredential *gui_test_gateway_credential (CdGatewayProcess *gateway);
GtkWidget     *gui_test_find_widget     (GtkWidget  *root,
                                         GType       type);
GtkWidget     *gui_test_find_entry_row  (GtkWidget  *root,
                                         const char *title);
/* The first button under root bound to action_name, or NULL. */
GtkWidget     *gui_test_find_actionable (GtkWidget  *root,
                                         const char *action_name);
/* Whether the button under root bound to action_name can be pressed: GTK keeps it sensitive
 * exactly while the action is enabled. Fails the test if there is no such button. */
gboolean       gui_test_action_enabled  (GtkWidget  *root,
                                         const char *action_name);
/* Activates action_name on widget as a shortcut or a menu item would, that is only if it is
 * enabled, and says whether it ran. gtk_widget_activate_action() cannot tell: it returns TRUE
 * for any action that exists, enabled or not. */
gboolean       gui_test_activate_if_enabled (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *args);
/* Watches object: gui_test_assert_finalized fails unless it is finalized by then. */
void           gui_test_watch_finalize  (GPtrArray  *watches,
                                         gpointer    object,
                                         const char *what);
/* Watches every widget of ours (a Cd… type) under root, root included, each named by its type:
 * a page's sections and rows must go with it. */
void           gui_test_watch_finalize_tree (GPtrArray *watches,
                                             GtkWidget *root);
/* Iterates the main loop until every watched object is finalized, for at most a few seconds (work
 * a widget started must stop when its window closes), then asserts each is gone, naming any that
 * is not. Frees the watches. */
void           gui_test_assert_finalized (GPtrArray *watches);

G_END_DECLS
