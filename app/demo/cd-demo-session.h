/* cd-demo-session.h — everything `claimdesk --demo` needs: a private gateway and a sample database.
 *
 * The gateway serves HTTPS under the test CA (cd_demo_session_get_ca_file), and the session enrols
 * with it as a real workstation enrols with central: the office's credentials
 * (cd_demo_session_get_office_credential) are what the workstation's tokens are asked with.
 *
 * With no database path, the sample database lives in a fresh temporary directory that is removed
 * when the session is disposed; with a path, that file is used and kept.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-date.h"
#include "cd-office-credential.h"

G_BEGIN_DECLS

#define CD_TYPE_DEMO_SESSION (cd_demo_session_get_type ())
G_DECLARE_FINAL_TYPE (CdDemoSession, cd_demo_session, CD, DEMO_SESSION, GObject)

/* The sample world of a fresh demo database, shared with the private gateway so that every person
 * in the list is known to it too. */
#define CD_DEMO_WORLD_SEED   1
#define CD_DEMO_PEOPLE       2000
#define CD_DEMO_CLAIMS       6000

/* Signals, on the thread that started the session:
 *   ::progress (double fraction)  while a fresh database is being seeded;
 *   ::database-ready ()           once the database is open (and seeded), before the gateway. */
CdDemoSession *cd_demo_session_new              (const char          *db_path);
/* The world a fresh database gets: `seed`, dated to `day` (CD_DAY_NONE, the default: the day it
 * is seeded, so the sample office looks as it would today). Call it before starting. A database
 * already seeded keeps its own world, which the gateway then plays. */
void           cd_demo_session_set_world        (CdDemoSession       *self,
                                                 guint64              seed,
                                                 CdDay                day);
void           cd_demo_session_start_async      (CdDemoSession       *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       cd_demo_session_start_finish     (CdDemoSession       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
const char    *cd_demo_session_get_db_path      (CdDemoSession       *self);
CdDatabase    *cd_demo_session_get_database     (CdDemoSession       *self);
const char    *cd_demo_session_get_gateway_url  (CdDemoSession       *self);
/* Once started: the CA file the HTTP client must trust, and the demo office's credentials. */
const char    *cd_demo_session_get_ca_file      (CdDemoSession       *self);
const CdOfficeCredential *cd_demo_session_get_office_credential (CdDemoSession *self);
gboolean       cd_demo_session_get_is_temporary (CdDemoSession       *self);

G_END_DECLS
