/* main.c — the claimdesk desktop application. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cd-application.h"
#include "cd-data-dir.h"
#include "cd-malloc-arenas.h"
#include "cd-renderer-choice.h"
#include "cd-xmldsig.h"

/* GLib finds the schema of a copy installed where it was configured to go (PREFIX/share is on
 * XDG_DATA_DIRS, or the packager put it there). An installed tree that was moved (`meson install
 * --destdir`, a copied prefix) finds its own, beside its executable; as does GSETTINGS_SCHEMA_DIR,
 * set here before anything reads a setting, which a developer's own setting overrides. */
static void
find_moved_schemas (void)
{
  g_autofree char *schemas = cd_data_dir_relocate (SCHEMADIR);
  g_autofree char *compiled = g_build_filename (schemas, "gschemas.compiled", NULL);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL && !g_str_equal (schemas, SCHEMADIR)
      && g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CdApplication) app = NULL;
  /* Translations come from the install (wherever it was moved), or from the build tree when run
   * through `meson devenv`. */
  g_autofree char *localedir = cd_data_dir_locale ();
  int status;

  cd_malloc_limit_arenas ();
  cd_crypto_keep_at_exit ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  find_moved_schemas ();
  cd_renderer_apply ();

  app = cd_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : cd_application_get_exit_status (app);
}
