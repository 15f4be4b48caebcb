/* claimdesk-cli — the command line over libclaimdesk-core. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-data-dir.h"
#include "cd-xmldsig.h"
#include "cli-common.h"

static const CliCommand commands[] = {
  { "info", "--db PATH", N_("Show the schema version and contents of a database") , cli_info },
  { "init", "--db PATH", N_("Create a database, or bring an existing one to the current schema"), cli_init },
  { "seed", "--db PATH --people N --claims M --seed S", N_("Fill an empty database from the synthetic world"), cli_seed },
  { "enrol", "--central URL --code CODE [--db PATH] [--print-credential]",
    N_("Enrol this workstation with central using a one-time code"), cli_enrol },
  { "connection-check", "[--db PATH] [--central URL] [--json]",
    N_("Say for each system whether it is reachable, or exactly why not"), cli_connection_check },
  { "trust-anchors", "--db PATH [--import FILE] [--remove SHA256] [--json]",
    N_("List, import or remove the trust anchors for document signatures"), cli_trust_anchors },
  { "fetch", "--db PATH --central URL --person ID [--from D --to D] [--claim N]",
    N_("Ask every source about a person, store the answers and show what came back"), cli_fetch },
  { "evaluate", "FILE|-", N_("Apply the benefit rules to claim facts (JSON) and print the result"),
    cli_evaluate },
  { "parse-document", "[--verify | --trust-dir DIR] FILE",
    N_("Detect a document's kind and print it as normalized JSON"), cli_parse_document },
  { "sign-document", "(--facility CODE | --key FILE --cert FILE) [--profile id] FILE",
    N_("Sign an XML document inside CHUKYDONVI and print it"), cli_sign_document },
  { "verify-signature", "[--verify | --trust-dir DIR] [--json] FILE",
    N_("Verify the XML signature of a document from outside (an e-invoice)"),
    cli_verify_signature },
  { "search", "--db PATH [--json] [--limit N] QUERY", N_("Find people and claims by name or number"), cli_search },
  { "queue", "--db PATH [--json]", N_("List the outbox: each decision's delivery state"), cli_queue },
  { "sync", "--db PATH --central URL [--once] [--officer ID]",
    N_("Deliver the outbox to the central system (until stopped, or --once)"), cli_sync },
  { "lists", "fetch --db PATH --central URL [--office-credential-file F] [--trust-dir D] | "
    "open --db PATH FILE | show --db PATH [ID] [--json] | "
    "work ID --db PATH --central URL --officer LOGIN [--parallel N] | "
    "decisions --db PATH --list ID (--output FILE.pdf|FILE.csv | --json) [--lang vi|en] "
    "[--date YYYY-MM-DD] | payments --db PATH --list ID --output FILE.csv",
    N_("Employers’ lists (01B-HSB): fetch them from central or open a file, store and show "
       "them, work every row in the background, write the decision list and the payments"),
    cli_lists },
  { "bundle", "export --db PATH --out FILE | import --db PATH FILE | list --db PATH [--json]",
    N_("Carry the outbox to central on a file, and its receipts back"), cli_bundle },
  { "backup", "--db PATH DEST | --db PATH [--to DIR] [--keep N] | --list | --verify FILE",
    N_("Copy the database while it is in use: to DEST, or as a daily backup into the backup "
       "folder (rotated, audited); list or check backups"), cli_backup },
  { "restore", "--db PATH FROM",
    N_("Replace the database with the checked backup FROM, keeping the old one beside it"),
    cli_restore },
  { "user", "add|list|password|change-password|deactivate|reactivate|role|unlock --db PATH …",
    N_("Local accounts: add, list and administer them (passwords on stdin)"), cli_user },
  { "secret", "store|lookup|clear --kind K --central URL --account A",
    N_("Keep the office’s credentials and officers’ tokens in the keyring (secret on stdin)"),
    cli_secret },
  { "verify-audit", "--db PATH", N_("Check the audit log’s hash chain; name the first broken entry"),
    cli_verify_audit },
  { "verify-paper", "--db PATH --central URL --officer LOGIN [--person ID] [--json]",
    N_("Check paper documents against the electronic records, now that the sources answer"),
    cli_verify_paper },
  { "payout", "create|show|export|approve --db PATH …",
    N_("Make, show, export (CSV) and approve payout batches"), cli_payout },
  { "paper", "add|list|kinds …",
    N_("Record a paper document (add --db PATH --user LOGIN --person ID --kind KIND [--claim "
       "NUMBER] [--scan FILE] FIELD=VALUE…), list a person’s (list --db PATH --person ID "
       "[--json]), or show the kinds and their fields (kinds [--json])"), cli_paper },
  { "oversight", "deadlines|stats --db PATH [--from D] [--to D] [--today D] [--officer LOGIN] "
                 "[--json] | hsb22a|hsb22b --db PATH --quarter YYYY-QN [--pdf FILE] [--csv FILE] "
                 "[--json]",
    N_("Processing time against the 7-working-day deadline: on time, overdue, by week, benefit "
       "and officer (deadlines); the dashboard’s figures: claims and amounts by benefit, status, "
       "officer, employer and week, the outbox and the paper backlog (stats)"), cli_oversight },
  { "bench", "store --db PATH", N_("Time seeding, search and the claim list at a million claims"), cli_bench },
  { "letter", "--db PATH CLAIM_NUMBER --output FILE.pdf [--lang vi|en]",
    N_("Write the decision letter (PDF) of a claim: its approved decision, or a draft"), cli_letter },
  { "rules", "build|install|list|fetch …",
    N_("Build, install, list and fetch signed rule-pack updates"), cli_rules },
  { "render-letter", "--data FILE --output FILE", N_("Write a decision letter PDF from letter data (for developers)"),
    cli_render_letter },
  { "render-decision-list", "--data FILE --output FILE.pdf|FILE.csv [--lang vi|en]",
    N_("Write a decision list (PDF or CSV) from list data (for developers)"),
    cli_render_decision_list },
  { "alerts", "scan --db PATH [--json] | list --db PATH [--state S] [--lang vi|en] [--json] | "
    "set-state --db PATH --officer LOGIN --state S [--note TEXT] ID | "
    "set-norm --db PATH --officer ADMIN [--doctor] N",
    N_("Anomaly alerts: scan the store, list them, set an alert’s state (password on stdin), "
       "or the norm of leave certificates per facility (or doctor) and day"),
    cli_alerts },
  { "review", "rule --db PATH | set-rule --db PATH --officer LOGIN [--on|--off] "
    "[--new-officer-decisions N] [--new-officer-months N] [--share N] [--score N]",
    N_("The review sampling rule: show it, or set it as the office head or an administrator "
       "(password on stdin)"),
    cli_review },
};

void
cli_fail (const char *command,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message held, so scripts can read it. */
  g_strdelimit (message, "\n", ' ');
  if (command != NULL)
    g_printerr ("claimdesk-cli %s: %s\n", command, message);
  else
    g_printerr ("claimdesk-cli: %s\n", message);
}

void
cli_fail_file (const char *command,
               const char *path,
               const char *message)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *base_prefix = g_strconcat (base, ": ", NULL);

  /* Lower layers name a document by its base name ("input: the document is empty"); an officer
   * with several such files needs the path they typed. */
  if (strstr (message, path) != NULL)
    cli_fail (command, "%s", message);
  else if (g_str_has_prefix (message, base_prefix))
    cli_fail (command, "%s: %s", path, message + strlen (base_prefix));
  else
    cli_fail (command, "%s: %s", path, message);
}

void
cli_fail_signing_key (const char *command,
                      const char *key_path,
                      const char *cert_path,
                      const char *message)
{
  GStatBuf info;

  /* The key's loader does not say which of the two files it could not use, nor where they are. */
  if (g_stat (key_path, &info) == 0 && info.st_size == 0)
    cli_fail (command, _("%s is empty: it holds no signing key"), key_path);
  else if (g_stat (cert_path, &info) == 0 && info.st_size == 0)
    cli_fail (command, _("%s is empty: it holds no certificate"), cert_path);
  else if (strstr (message, key_path) != NULL || strstr (message, cert_path) != NULL)
    cli_fail (command, "%s", message);
  else
    cli_fail (command, "%s (--key %s, --cert %s)", message, key_path, cert_path);
}

gboolean
cli_parse (int            *argc,
           char         ***argv,
           const char     *command,
           const char     *parameter_string,
           GOptionEntry   *entries,
           int             positional_min,
           int             positional_max)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  int positional;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      cli_fail (command, "%s", error->message);
      return FALSE;
    }

  positional = *argc - 1;
  if (positional < positional_min || (positional_max >= 0 && positional > positional_max))
    {
      if (positional > 0 && (*argv)[1][0] == '-')
        cli_fail (command, _("Unknown option %s"), (*argv)[1]);
      else
        cli_fail (command, _("Expected %s"), parameter_string != NULL && *parameter_string != '\0'
                                              ? parameter_string : _("no arguments"));
      return FALSE;
    }
  return TRUE;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: claimdesk-cli COMMAND [OPTIONS]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, commands[i].synopsis);

      /* A long synopsis gets its own line, so the summaries stay in one column. */
      if (strlen (usage) > 34)
        fprintf (out, "  %s\n  %-34s %s\n", usage, "", _(commands[i].summary));
      else
        fprintf (out, "  %-34s %s\n", usage, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Run “claimdesk-cli COMMAND --help” for the options of one command."));
}

int
main (int    argc,
      char **argv)
{
  /* The installed translations (wherever the installed tree was moved), or $CLAIMDESK_LOCALEDIR. */
  g_autofree char *localedir = cd_data_dir_locale ();

  cd_crypto_keep_at_exit ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("claimdesk-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  if (argv[1][0] == '-')
    cli_fail (NULL, _("Unknown option %s (try --help)"), argv[1]);
  else
    cli_fail (NULL, _("Unknown command “%s” (try --help)"), argv[1]);
  return CLI_EXIT_USAGE;
}
