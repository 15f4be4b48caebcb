/* cli-payout.c — `payout create|show|export|approve`: payout batches from the command line.
 *
 * create and approve act as a signed-in supervisor (--as LOGIN, password on stdin); show and export
 * only read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-payout-alive.h"
#include "cd-payout.h"
#include "cd-context.h"
#include "cli-common.h"

typedef struct
{
  char    *db_path;
  char    *as;
  char    *output;
  gint64   batch;
  char    *central_url;
  char    *gateway_url;
  char    *credential_file;
  char    *ca_file;
  char    *trust_dir;
} Args;

static void
args_clear (Args *a)
{
  g_free (a->db_path);
  g_free (a->as);
  g_free (a->output);
  g_free (a->central_url);
  g_free (a->gateway_url);
  g_free (a->credential_file);
  g_free (a->ca_file);
  g_free (a->trust_dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

static int
open_and_sign_in (const char  *command,
                  Args        *a,
                  gboolean     needs_user,
                  gboolean     needs_batch,
                  CdDatabase **db,
                  CdSession  **session)
{
  g_autoptr(CdContext) context = NULL;

  if (a->db_path == NULL || (needs_user && a->as == NULL) || (needs_batch && a->batch <= 0))
    {
      cli_fail (command, needs_user ? _("--db PATH and --as LOGIN are required")
                : needs_batch ? _("--db PATH and --batch ID are required")
                : _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open (command, a->db_path, CLI_STORE_WRITE, db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (needs_user)
    {
      *session = cli_sign_in (command, *db, a->as);
      if (*session == NULL)
        return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}

static void
print_batch (const CdPayoutBatch *batch)
{
  printf (_("Payout batch %lld: %s, made by %s at %s\n"), (long long) batch->id, batch->state,
          batch->created_by, batch->created_at);
  if (batch->approved_by != NULL)
    printf (_("Approved by %s at %s\n"), batch->approved_by, batch->approved_at);
  for (guint i = 0; i < batch->totals->len; i++)
    {
      CdPayoutTotal *t = &g_array_index (batch->totals, CdPayoutTotal, i);

      printf ("  %-28s %6u  %20" G_GINT64_FORMAT "\n", cd_benefit_to_string (t->benefit), t->count,
              t->amount);
    }
  printf (_("  %-28s %6u  %20lld VND\n"), _("Total"), batch->items->len, (long long) batch->total);
}

static void
print_alive (GPtrArray *checks)
{
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      CdAliveCheck *check = g_ptr_array_index (checks, i);

      if (check->state == CD_ALIVE_REVERIFIED)
        printf (_("Re-verified alive: %s, %s (personal ID %s)\n"), check->claim_number,
                check->claimant, check->personal_id);
      else if (check->message != NULL)
        printf (_("Held back: %s: %s\n"), check->claim_number, check->message);
    }
}

/* An open batch: who its approval will re-verify alive, and who it will hold back, as things
 * stand (nothing is asked here). */
static void
print_pending_alive (CdDatabase *db,
                     gint64      batch_id)
{
  g_autoptr(GPtrArray) checks = cd_payout_alive_check (db, NULL, NULL, batch_id, NULL, NULL);

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      CdAliveCheck *check = g_ptr_array_index (checks, i);

      if (check->state == CD_ALIVE_DEAD)
        printf (_("Will be held back: %s: %s\n"), check->claim_number, check->message);
      else if (check->state == CD_ALIVE_UNVERIFIABLE)
        printf (_("To re-verify alive at approval: %s, %s (personal ID %s), last checked %s\n"),
                check->claim_number, check->claimant, check->personal_id,
                check->checked_at != NULL ? check->checked_at : _("never"));
    }
}

/* Approving re-verifies claimants alive first (cd-payout-alive.h): through central's addresses
 * when --central is given, else offline, where only recent checks count. */
static int
approve_alive (const char *command,
               Args       *a,
               CdDatabase *db,
               CdSession  *session)
{
  g_autoptr(CdContext) context = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  CdEvidenceFetcher *fetcher = NULL;
  CdTrustStore *trust = NULL;

  if (a->central_url != NULL)
    {
      context = cd_context_new ();
      cd_context_set_db_path (context, cd_database_get_path (db));
      trust = cli_context_connect (command, context, db, a->as, a->credential_file, a->ca_file,
                                   a->central_url, a->gateway_url, a->trust_dir);
      if (trust == NULL)
        return CLI_EXIT_FAILED;
      fetcher = cd_context_get_evidence_fetcher (context);
    }
  if (!cd_payout_approve_alive (db, session, fetcher, trust, a->batch, &checks, NULL, &error))
    {
      print_alive (checks);
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  print_alive (checks);
  return CLI_EXIT_OK;
}

int
cli_payout (int    argc,
            char **argv)
{
  g_auto(Args) a = { 0 };
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
          { "as", 0, 0, G_OPTION_ARG_STRING, &a.as,
            N_("The supervisor doing it (password on stdin)"), "LOGIN" },
          { "batch", 0, 0, G_OPTION_ARG_INT64, &a.batch, N_("The payout batch"), "ID" },
          { "output", 0, 0, G_OPTION_ARG_FILENAME, &a.output, N_("The CSV file to write"),
            N_("FILE.csv") },
          { "central", 0, 0, G_OPTION_ARG_STRING, &a.central_url,
            N_("approve: the central system, to re-verify in the population register that "
               "claimants are alive (without it, claimants not checked recently are held back)"),
            N_("URL") },
          { "gateway", 0, 0, G_OPTION_ARG_STRING, &a.gateway_url,
            N_("The medical, civil-status and population systems"), N_("URL") },
          { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &a.credential_file,
            N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
            N_("FILE") },
          { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &a.ca_file,
            N_("CA certificates for the servers’ HTTPS certificates (default: the system’s)"),
            N_("FILE") },
          { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.trust_dir,
            N_("CA certificates that signatures must chain to"), N_("DIR") },
          { NULL } };
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdPayoutBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : "";
  g_autofree char *command = g_strdup_printf ("payout %s", verb);
  int status;

  if (!g_str_equal (verb, "create") && !g_str_equal (verb, "show")
      && !g_str_equal (verb, "export") && !g_str_equal (verb, "approve"))
    {
      cli_fail ("payout", _("Expected create, show, export or approve"));
      return CLI_EXIT_USAGE;
    }
  argc--;
  argv++;
  if (!cli_parse (&argc, &argv, command, "", entries, 0, 0))
    return CLI_EXIT_USAGE;

  if (g_str_equal (verb, "create"))
    {
      gint64 id;

      if ((status = open_and_sign_in (command, &a, TRUE, FALSE, &db, &session)) != CLI_EXIT_OK)
        return status;
      id = cd_payout_create (db, session, &error);
      if (id != 0)
        batch = cd_payout_load (db, id, &error);
    }
  else if (g_str_equal (verb, "approve"))
    {
      if ((status = open_and_sign_in (command, &a, TRUE, TRUE, &db, &session)) != CLI_EXIT_OK)
        return status;
      if ((status = approve_alive (command, &a, db, session)) != CLI_EXIT_OK)
        return status;
      batch = cd_payout_load (db, a.batch, &error);
    }
  else
    {
      if (g_str_equal (verb, "export") && a.output == NULL)
        {
          cli_fail (command, _("--output FILE.csv is required"));
          return CLI_EXIT_USAGE;
        }
      if ((status = open_and_sign_in (command, &a, FALSE, TRUE, &db, &session)) != CLI_EXIT_OK)
        return status;
      if (g_str_equal (verb, "export"))
        {
          if (!cd_payout_export_csv (db, a.batch, a.output, &error))
            {
              cli_fail (command, "%s", error->message);
              return CLI_EXIT_FAILED;
            }
          printf (_("Wrote %s\n"), a.output);
          return CLI_EXIT_OK;
        }
      batch = cd_payout_load (db, a.batch, &error);
      if (batch != NULL && g_str_equal (batch->state, "open"))
        print_pending_alive (db, a.batch);
    }

  if (batch == NULL)
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  print_batch (batch);
  return CLI_EXIT_OK;
}
