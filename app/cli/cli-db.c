/* cli-db.c — `init` and `info`: create, upgrade and describe a database file. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-database.h"
#include "cd-context.h"
#include "cli-common.h"

static char *db_path;

static GOptionEntry db_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
  { NULL }
};

/* Opens the --db file; on failure *status says why (usage or failure) and the message is printed.
 */
static CdDatabase *
open_from_args (const char  *command,
                int         *argc,
                char      ***argv,
                int         *status)
{
  g_autoptr(CdContext) context = NULL;
  CdDatabase *db = NULL;

  *status = CLI_EXIT_USAGE;
  if (!cli_parse (argc, argv, command, "", db_entries, 0, 0))
    return NULL;
  if (db_path == NULL)
    {
      cli_fail (command, _("--db PATH is required"));
      return NULL;
    }

  *status = CLI_EXIT_FAILED;
  /* init starts a store; info describes one that must be there. */
  context = cli_context_open (command, db_path,
                              g_str_equal (command, "init") ? CLI_STORE_CREATE : CLI_STORE_WRITE,
                              &db);
  if (context != NULL)
    *status = CLI_EXIT_OK;
  return db;
}

int
cli_init (int    argc,
          char **argv)
{
  int status;
  g_autoptr(CdDatabase) db = open_from_args ("init", &argc, &argv, &status);

  if (db == NULL)
    return status;

  printf (_("%s is at schema version %d\n"), cd_database_get_path (db),
          cd_database_get_schema_version (db));
  return CLI_EXIT_OK;
}

int
cli_info (int    argc,
          char **argv)
{
  int status;
  g_autoptr(CdDatabase) db = open_from_args ("info", &argc, &argv, &status);

  if (db == NULL)
    return status;

  printf ("path: %s\n", cd_database_get_path (db));
  printf ("schema_version: %d\n", cd_database_get_schema_version (db));
  printf ("latest_schema_version: %d\n", cd_database_get_latest_version ());
  return CLI_EXIT_OK;
}
