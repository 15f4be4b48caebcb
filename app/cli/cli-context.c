/* cli-context.c — the CdContext a subcommand works through, as the workstation's widgets do. */
#include "config.h"

#include "cd-context.h"
#include "cli-common.h"

CdContext *
cli_context_open (const char      *command,
                  const char      *db_path,
                  CliStoreAccess   access,
                  CdDatabase     **db)
{
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) opened = NULL;

  cd_context_set_db_path (context, db_path);
  switch (access)
    {
    case CLI_STORE_READ:
      /* A reader never writes, nor needs the file to be writable, nor creates it. */
      opened = cd_context_open_reader (context, &error);
      break;

    case CLI_STORE_WRITE:
    case CLI_STORE_WRITE_UNCHECKED:
      if (cd_context_open_database (context, access == CLI_STORE_WRITE, &error))
        opened = g_object_ref (cd_context_get_database (context));
      break;

    default:
      g_assert_not_reached ();
    }
  if (opened == NULL)
    {
      cli_fail (command, "%s", error->message);
      return NULL;
    }
  if (db != NULL)
    *db = g_steal_pointer (&opened);
  return g_steal_pointer (&context);
}
