/* cd-window.h — the main window: work queues in the sidebar, the selected queue in the content. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _CdApplication CdApplication;

#define CD_TYPE_WINDOW (cd_window_get_type ())
G_DECLARE_FINAL_TYPE (CdWindow, cd_window, CD, WINDOW, AdwApplicationWindow)

CdWindow   *cd_window_new              (CdApplication *application);
void        cd_window_add_toast        (CdWindow      *self,
                                        const char    *message);
void        cd_window_set_status       (CdWindow      *self,
                                        const char    *status);
const char *cd_window_get_status       (CdWindow      *self);
const char *cd_window_get_queue        (CdWindow      *self);
void        cd_window_select_queue     (CdWindow      *self,
                                        const char    *queue_id);
/* The new-claim page once win.new-claim has shown it, else NULL. */
GtkWidget  *cd_window_get_new_claim_page (CdWindow    *self);

G_END_DECLS
