/* cd-screenshot.h — a widget as GTK draws it, saved as a PNG (for `claimdesk --screenshot`). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean cd_screenshot_save (GtkWidget   *widget,
                             const char  *path,
                             GError     **error);

G_END_DECLS
