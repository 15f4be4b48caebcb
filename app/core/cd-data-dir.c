/* cd-data-dir.c — the data directory, overridable for the build tree. */
#include "config.h"

#include <stdarg.h>

#include "cd-data-dir.h"

const char *
cd_data_dir_get (void)
{
  const char *dir = g_getenv ("CLAIMDESK_DATADIR");

  return dir != NULL && dir[0] != '\0' ? dir : PKGDATADIR;
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
