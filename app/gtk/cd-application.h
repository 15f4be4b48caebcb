/* cd-application.h — the ClaimDesk application: command-line options, app.* actions, demo mode. */
#pragma once

#include <adwaita.h>

#include "cd-context.h"
#include "cd-demo-session.h"

G_BEGIN_DECLS

#define CD_TYPE_APPLICATION (cd_application_get_type ())
G_DECLARE_FINAL_TYPE (CdApplication, cd_application, CD, APPLICATION, AdwApplication)

CdApplication *cd_application_new              (void);
gboolean       cd_application_get_demo         (CdApplication *self);
CdDemoSession *cd_application_get_demo_session (CdApplication *self);
gboolean       cd_application_get_demo_ready   (CdApplication *self);
/* What the whole application shares: the store, the clients, the sync worker and the signed-in
 * session. Made with the application; every window and widget gets this one. */
CdContext     *cd_application_get_context      (CdApplication *self);
/* Non-zero when --screenshot failed. */
int            cd_application_get_exit_status  (CdApplication *self);

G_END_DECLS
