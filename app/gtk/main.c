/* main.c — the claimdesk desktop application. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cd-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(CdApplication) app = NULL;
  const char *localedir = g_getenv ("CLAIMDESK_LOCALEDIR");

  /* Translations come from the install, or from the build tree when run through `meson devenv`. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  int status;

  app = cd_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : cd_application_get_exit_status (app);
}
