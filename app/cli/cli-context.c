/* cli-context.c — the CdContext a subcommand works through, as the workstation's widgets do. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-context.h"
#include "cli-common.h"

static gboolean
file_is_empty (const char *path)
{
  GStatBuf info;

  return g_stat (path, &info) == 0 && info.st_size == 0;
}

gboolean
cli_store_is_new (const char *db_path)
{
  return !g_file_test (db_path, G_FILE_TEST_EXISTS) || file_is_empty (db_path);
}

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
      /* A mistyped path must not quietly become a new, empty store that the command then works
       * on (and reports nothing in); only the commands that start a store create one. */
      if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
        {
          cli_fail (command, _("%s does not exist (“claimdesk-cli init --db %s” creates a store)"),
                    db_path, db_path);
          return NULL;
        }
      if (g_file_test (db_path, G_FILE_TEST_IS_REGULAR) && file_is_empty (db_path))
        {
          cli_fail (command, _("%s is empty: it is not a ClaimDesk database"), db_path);
          return NULL;
        }
      G_GNUC_FALLTHROUGH;
    case CLI_STORE_CREATE:
      if (cd_context_open_database (context, access != CLI_STORE_WRITE_UNCHECKED, &error))
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
