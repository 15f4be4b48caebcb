/* cli-audit.c — `verify-audit`: check the audit log's hash chain. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-audit-log.h"
#include "cd-database.h"
#include "cd-context.h"
#include "cli-common.h"

int
cli_verify_audit (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  CdAuditLogReport report = { 0 };

  if (!cli_parse (&argc, &argv, "verify-audit", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("verify-audit", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }

  /* A reader: checking must never write, nor need the file to be writable. */
  context = cli_context_open ("verify-audit", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (!cd_audit_log_verify (db, &report, &error))
    {
      cli_fail ("verify-audit", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (report.kind != CD_AUDIT_BREAK_NONE)
    {
      /* The first break is named by its seq; what follows it cannot be trusted either. */
      if (report.kind == CD_AUDIT_BREAK_DELETED)
        printf (_("Audit log broken at entry %lld: entries before it were deleted (expected entry "
                  "%lld).\n"),
                (long long) report.seq, (long long) report.expected_seq);
      else
        printf (_("Audit log broken at entry %lld: %s.\n"), (long long) report.seq,
                cd_audit_break_describe (report.kind));
      cd_audit_log_report_clear (&report);
      return CLI_EXIT_FAILED;
    }

  printf (_("Audit log intact: %llu entries, last hash %s\n"),
          (unsigned long long) report.n_entries,
          report.head_hash != NULL ? report.head_hash : CD_AUDIT_GENESIS_HASH);
  cd_audit_log_report_clear (&report);
  return CLI_EXIT_OK;
}
