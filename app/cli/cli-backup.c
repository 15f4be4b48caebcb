/* cli-backup.c — `backup` and `restore`: copy the database out, and back in after damage. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-backup.h"
#include "cd-database.h"
#include "cd-context.h"
#include "cli-common.h"

int
cli_backup (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  if (!cli_parse (&argc, &argv, "backup", _("DEST"), entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("backup", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open ("backup", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (!cd_backup_to_file (db, argv[1], &error))
    {
      cli_fail ("backup", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Backed up %s to %s\n"), db_path, argv[1]);
  return CLI_EXIT_OK;
}

int
cli_restore (int    argc,
             char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file to replace"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!cli_parse (&argc, &argv, "restore", _("FROM"), entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("restore", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (!cd_backup_restore (db_path, argv[1], &error))
    {
      cli_fail ("restore", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Restored %s from %s\n"), db_path, argv[1]);
  return CLI_EXIT_OK;
}
