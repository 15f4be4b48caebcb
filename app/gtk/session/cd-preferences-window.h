/* cd-preferences-window.h — the workstation's settings: office, connections, claim defaults. */
#pragma once

#include <adwaita.h>

#include "cd-users.h"

G_BEGIN_DECLS

#define CD_TYPE_PREFERENCES_WINDOW (cd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, CD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

CdPreferencesWindow *cd_preferences_window_new (void);

/* The store whose office rules the window shows, and who is signed in (editable by an admin). */
void     cd_preferences_window_set_store         (CdPreferencesWindow *self,
                                                  const char          *db_path,
                                                  CdSession           *session);
void     cd_preferences_window_save_office       (CdPreferencesWindow *self);
gboolean cd_preferences_window_get_office_loaded (CdPreferencesWindow *self);

G_END_DECLS
