/* cd-renderer-choice.c — cairo on machines without a GPU, GTK's choice elsewhere. */
#include "config.h"

#include <gio/gio.h>

#include "cd-renderer-choice.h"

CdRenderer
cd_renderer_choose (const char *setting,
                    gboolean    has_render_node)
{
  if (g_strcmp0 (setting, "cairo") == 0)
    return CD_RENDERER_CAIRO;
  if (g_strcmp0 (setting, "gl") == 0)
    return CD_RENDERER_DEFAULT;
  return has_render_node ? CD_RENDERER_DEFAULT : CD_RENDERER_CAIRO;
}

gboolean
cd_renderer_has_gpu (const char *dri_dir)
{
  g_autoptr(GDir) dir = g_dir_open (dri_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

void
cd_renderer_apply (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *setting = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* A developer's or an administrator's own choice in the environment is kept as it is. */
  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL)
    return;
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE);
  if (schema != NULL)
    {
      settings = g_settings_new (BASE_APP_ID);
      setting = g_settings_get_string (settings, "renderer");
    }
  if (cd_renderer_choose (setting, cd_renderer_has_gpu ("/dev/dri")) != CD_RENDERER_CAIRO)
    return;
  /* Both: cairo draws, and GDK does not set GL up at all (a tenth of the start-up on llvmpipe). */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}
