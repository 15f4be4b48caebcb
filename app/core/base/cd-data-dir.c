/* cd-data-dir.c — the data directory, overridable for the build tree. */
#include "config.h"

#include <stdarg.h>

#include "cd-data-dir.h"

/* $CLAIMDESK_DATADIR, else the installed data, else — for a program run straight from an
 * uninstalled build tree — the source tree's data/ folder it was built from. */
const char *
cd_data_dir_get (void)
{
  static gsize fallback = 0;
  const char *dir = g_getenv ("CLAIMDESK_DATADIR");

  if (dir != NULL && dir[0] != '\0')
    return dir;
  if (g_once_init_enter (&fallback))
    {
      const char *found = g_file_test (PKGDATADIR, G_FILE_TEST_IS_DIR) ? PKGDATADIR : SOURCE_DATADIR;
      g_once_init_leave (&fallback, (gsize) found);
    }
  return (const char *) fallback;
}

char *
cd_data_dir_build (const char *first_element,
                   ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *element;
  va_list args;

  g_ptr_array_add (parts, (gpointer) cd_data_dir_get ());
  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) element);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

char *
cd_data_dir_office_store (void)
{
  return g_build_filename (g_get_user_data_dir (), "claimdesk", "office.db", NULL);
}

char *
cd_data_dir_backups (void)
{
  return g_build_filename (g_get_user_data_dir (), "claimdesk", "backups", NULL);
}
