/* cli-backup.c — `backup` and `restore`: copy the store out, list and check copies, and put one
 * back after damage.
 *
 *   backup --db PATH DEST                 a checked copy at DEST (as ever)
 *   backup --db PATH [--to DIR] [--keep N] a daily backup: into the backup folder (the store's
 *                                         setting, or DIR), rotated, audited as the system
 *   backup --list [--db PATH | --to DIR]  the backups in that folder, newest first
 *   backup --verify FILE                  every check a restore makes, and what FILE holds
 *   restore --db PATH FROM                FROM checked, the store kept beside it, then replaced
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-backup.h"
#include "cd-clock.h"
#include "cd-context.h"
#include "cd-data-dir.h"
#include "cd-database.h"
#include "cd-store-backup.h"
#include "cli-common.h"

static void
print_summary (const CdBackupSummary *summary)
{
  printf ("file: %s\n", summary->path);
  printf ("taken_at: %s\n", summary->taken_at != NULL ? summary->taken_at : "-");
  printf ("office: %s\n", summary->office_code != NULL ? summary->office_code : "-");
  printf ("schema_version: %d\n", summary->schema_version);
  printf ("claims: %" G_GINT64_FORMAT "\n", summary->n_claims);
  printf ("decisions: %" G_GINT64_FORMAT "\n", summary->n_decisions);
  printf ("users: %" G_GINT64_FORMAT "\n", summary->n_users);
  printf ("audit_entries: %" G_GINT64_FORMAT "\n", summary->n_audit_entries);
}

static int
verify (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBackupSummary) summary = cd_backup_verify (path, &error);

  if (summary == NULL)
    {
      cli_fail ("backup", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  print_summary (summary);
  printf ("verified: yes\n");
  return CLI_EXIT_OK;
}

/* The folder to list: --to, else the store's setting, else the default one. */
static int
list (const char *db_path,
      const char *folder)
{
  g_autofree char *where = g_strdup (folder);
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;

  if (where == NULL && db_path != NULL)
    {
      g_autoptr(CdDatabase) db = NULL;
      g_autoptr(CdContext) context = cli_context_open ("backup", db_path, CLI_STORE_READ, &db);
      CdStoreBackupSettings settings = { 0 };

      if (context == NULL)
        return CLI_EXIT_FAILED;
      if (!cd_store_backup_read_settings (db, &settings, &error))
        {
          cli_fail ("backup", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      where = g_steal_pointer (&settings.folder);
      cd_store_backup_settings_clear (&settings);
    }
  if (where == NULL)
    where = cd_data_dir_backups ();
  backups = cd_backup_list (where, &error);
  if (backups == NULL)
    {
      cli_fail ("backup", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (backups->len == 0)
    {
      g_printerr (_("No backups in %s\n"), where);
      return CLI_EXIT_OK;
    }
  printf ("# taken_at\tschema_version\tclaims\tdecisions\tusers\taudit_entries\tfile\n");
  for (guint i = 0; i < backups->len; i++)
    {
      CdBackupSummary *backup = g_ptr_array_index (backups, i);

      if (backup->problem != NULL)
        printf ("-\t-\t-\t-\t-\t-\t%s\t%s\n", backup->path, backup->problem);
      else
        printf ("%s\t%d\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%"
                G_GINT64_FORMAT "\t%s\n",
                backup->taken_at != NULL ? backup->taken_at : "-", backup->schema_version,
                backup->n_claims, backup->n_decisions, backup->n_users, backup->n_audit_entries,
                backup->path);
    }
  return CLI_EXIT_OK;
}

/* A daily backup, as the workstation makes it. */
static int
daily (const char *db_path,
       const char *folder,
       int         keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBackupSummary) summary = NULL;
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_clock_get_default ());

  if (!cd_store_backup_run (db_path, NULL, now, folder, (guint) keep, NULL, NULL, &summary, NULL,
                            &error))
    {
      cli_fail ("backup", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Backed up %s to %s\n"), db_path, summary->path);
  print_summary (summary);
  return CLI_EXIT_OK;
}

int
cli_backup (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *to_verify = NULL;
  gboolean list_them = FALSE;
  int keep = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &folder,
      N_("Without DEST: the backup folder (default: the store’s setting)"), N_("DIR") },
    { "keep", 0, 0, G_OPTION_ARG_INT, &keep,
      N_("Without DEST: daily backups to keep (default: the store’s setting, else 7)"), "N" },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list_them,
      N_("List the backups in the folder, newest first"), NULL },
    { "verify", 0, 0, G_OPTION_ARG_FILENAME, &to_verify,
      N_("Check a backup as a restore would, and show what it holds"), N_("FILE") },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  if (!cli_parse (&argc, &argv, "backup", _("[DEST]"), entries, 0, 1))
    return CLI_EXIT_USAGE;
  if (to_verify != NULL)
    return verify (to_verify);
  if (list_them)
    return list (db_path, folder);
  if (db_path == NULL)
    {
      cli_fail ("backup", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (keep < 0 || keep > CD_BACKUP_MAX_KEEP)
    {
      cli_fail ("backup", _("--keep must be from 1 to %d"), CD_BACKUP_MAX_KEEP);
      return CLI_EXIT_USAGE;
    }
  if (argc < 2)
    return daily (db_path, folder, keep);

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
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_clock_get_default ());
  g_autoptr(CdDatabase) live = NULL;
  CdStoreRestore restore = { 0 };

  if (!cli_parse (&argc, &argv, "restore", _("FROM"), entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("restore", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  /* A store that still opens is restored in place, safe beside a workstation that has it open;
   * only a file that is no database at all is replaced. */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    live = cd_database_open_unchecked (db_path, NULL);
  if (!cd_store_backup_restore (db_path, live, argv[1], NULL, now, NULL, NULL, NULL, &restore,
                                &error))
    {
      cli_fail ("restore", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Restored %s from %s\n"), db_path, argv[1]);
  if (restore.safety_copy != NULL)
    printf (_("The store it replaced was kept as %s\n"), restore.safety_copy);
  cd_store_restore_clear (&restore);
  return CLI_EXIT_OK;
}
