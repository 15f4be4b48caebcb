/* cd-data-dir.c — the data directory, overridable for the build tree, and relocatable. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "cd-data-dir.h"

/* The prefix of the installed tree this executable runs from, when its directory is the
 * configured bindir under some prefix; NULL for a build tree (or without /proc). */
static const char *
installed_prefix (void)
{
  static gsize found = 0;

  if (g_once_init_enter (&found))
    {
      g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
      char *prefix = NULL;
      gsize prefix_length = strlen (PREFIX);

      /* BINDIR is PREFIX/bin (or another folder under PREFIX): its part after PREFIX is what the
       * executable's directory must end with. */
      if (self_exe != NULL && g_str_has_prefix (BINDIR, PREFIX) && BINDIR[prefix_length] == '/')
        {
          g_autofree char *exe_dir = g_path_get_dirname (self_exe);
          const char *bindir_tail = &BINDIR[prefix_length];
          gsize exe_dir_length = strlen (exe_dir);
          gsize tail_length = strlen (bindir_tail);

          if (exe_dir_length > tail_length
              && g_str_equal (exe_dir + exe_dir_length - tail_length, bindir_tail))
            prefix = g_strndup (exe_dir, exe_dir_length - tail_length);
        }
      g_once_init_leave (&found, (gsize) (prefix != NULL ? prefix : (char *) ""));
    }
  return *(const char *) found != '\0' ? (const char *) found : NULL;
}

char *
cd_data_dir_relocate (const char *configured)
{
  const char *prefix = installed_prefix ();
  gsize prefix_length = strlen (PREFIX);

  g_return_val_if_fail (configured != NULL, NULL);

  if (prefix == NULL || g_str_equal (prefix, PREFIX) || !g_str_has_prefix (configured, PREFIX)
      || configured[prefix_length] != '/')
    return g_strdup (configured);
  return g_strconcat (prefix, configured + prefix_length, NULL);
}

/* $CLAIMDESK_DATADIR, else the installed data, else — for a program run straight from an
 * uninstalled build tree — the source tree's data/ folder it was built from. An installed program
 * never falls back to the sources: what it does not find in its own tree is missing. */
const char *
cd_data_dir_get (void)
{
  static gsize fallback = 0;
  const char *dir = g_getenv ("CLAIMDESK_DATADIR");

  if (dir != NULL && dir[0] != '\0')
    return dir;
  if (g_once_init_enter (&fallback))
    {
      char *installed = cd_data_dir_relocate (PKGDATADIR);

      if (installed_prefix () == NULL && !g_file_test (installed, G_FILE_TEST_IS_DIR))
        {
          g_free (installed);
          installed = g_strdup (SOURCE_DATADIR);
        }
      g_once_init_leave (&fallback, (gsize) installed);
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
cd_data_dir_locale (void)
{
  const char *dir = g_getenv ("CLAIMDESK_LOCALEDIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);
  return cd_data_dir_relocate (LOCALEDIR);
}

char *
cd_data_dir_demo_pki (void)
{
  g_autofree char *installed = g_build_filename (cd_data_dir_get (), "demo", "pki", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_build_filename (cd_data_dir_get (), "pki", NULL);
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

char *
cd_data_dir_rule_packs (void)
{
  return g_build_filename (g_get_user_data_dir (), "claimdesk", "rules", NULL);
}

char *
cd_data_dir_trust_anchors (void)
{
  return g_build_filename (g_get_user_data_dir (), "claimdesk", "trust", NULL);
}
