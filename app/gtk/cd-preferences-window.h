/* cd-preferences-window.h — the workstation's settings: office, connections, claim defaults. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_PREFERENCES_WINDOW (cd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, CD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

CdPreferencesWindow *cd_preferences_window_new (void);

G_END_DECLS
