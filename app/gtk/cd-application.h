/* cd-application.h — the ClaimDesk application: command-line options, app.* actions, demo mode. */
#pragma once

#include <adwaita.h>

#include "cd-demo-session.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_TYPE_APPLICATION (cd_application_get_type ())
G_DECLARE_FINAL_TYPE (CdApplication, cd_application, CD, APPLICATION, AdwApplication)

CdApplication *cd_application_new              (void);
gboolean       cd_application_get_demo         (CdApplication *self);
CdDemoSession *cd_application_get_demo_session (CdApplication *self);
gboolean       cd_application_get_demo_ready   (CdApplication *self);
/* The signed-in user, or NULL; "notify::session" follows sign-in, sign-out (and not locking: the
 * session's own "locked" state says that). */
CdSession     *cd_application_get_session      (CdApplication *self);
void           cd_application_set_session      (CdApplication *self,
                                                CdSession     *session);
/* Non-zero when --screenshot failed. */
int            cd_application_get_exit_status  (CdApplication *self);

G_END_DECLS
