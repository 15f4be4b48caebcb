/* cli-verify.c — `verify-paper`: deferred verification of paper documents, run once. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-ascii.h"
#include "cd-context.h"
#include "cd-json-util.h"
#include "cd-paper-verification.h"
#include "cd-users.h"
#include "cli-common.h"

static void
print_text (GPtrArray *checks)
{
  if (checks->len == 0)
    printf ("%s\n", _("No paper document is waiting for verification."));
  for (guint i = 0; i < checks->len; i++)
    {
      CdPaperCheck *check = g_ptr_array_index (checks, i);

      printf (_("paper document %lld (%s, serial %s) of %s: "), (long long) check->document_id,
              check->kind, check->serial != NULL ? check->serial : "—", check->personal_id);
      switch (check->outcome)
        {
        case CD_PAPER_OUTCOME_VERIFIED:
          printf ("%s\n", _("verified"));
          break;
        case CD_PAPER_OUTCOME_MISMATCH:
          printf ("%s", _("mismatch"));
          for (guint d = 0; d < check->discrepancies->len; d++)
            {
              CdPaperDiscrepancy *field = g_ptr_array_index (check->discrepancies, d);

              printf (_("%s %s: paper %s, electronic %s"), d == 0 ? ":" : ";", field->field,
                      field->paper, field->electronic);
            }
          printf ("\n");
          break;
        case CD_PAPER_OUTCOME_NOT_FOUND:
          printf ("%s\n", _("not found in the electronic records"));
          break;
        case CD_PAPER_OUTCOME_UNREACHABLE:
        default:
          printf (_("could not reach the source: %s\n"), check->message);
          break;
        }
    }
}

static void
print_json (GPtrArray *checks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    {
      CdPaperCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *discrepancies = cd_paper_check_discrepancies_json (check);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "document_id");
      json_builder_add_int_value (builder, check->document_id);
      cd_json_add_string_member (builder, "personal_id", check->personal_id);
      cd_json_add_string_member (builder, "kind", check->kind);
      cd_json_add_string_member (builder, "serial", check->serial);
      cd_json_add_string_member (builder, "outcome", cd_paper_outcome_to_string (check->outcome));
      json_builder_set_member_name (builder, "electronic_document_id");
      if (check->electronic_id > 0)
        json_builder_add_int_value (builder, check->electronic_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "discrepancies");
      json_builder_add_value (builder, json_from_string (discrepancies, NULL));
      cd_json_add_string_member (builder, "message", check->message);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_boolean_value (builder, check->changed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

int
cli_verify_paper (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *central_url = NULL;
  g_autofree char *gateway_url = NULL;
  g_autofree char *person = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *credential_file = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *trust_dir = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &central_url,
      N_("The central system (and, unless --gateway is given, the other systems)"), N_("URL") },
    { "gateway", 0, 0, G_OPTION_ARG_STRING, &gateway_url,
      N_("The medical, civil-status and population systems"), N_("URL") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &person,
      N_("Only this person (12-digit personal ID); default: everyone due"), N_("ID") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
      N_("The officer the requests are made for"), N_("LOGIN") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("CA certificates for the servers’ HTTPS certificates (default: the system’s)"),
      N_("FILE") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("CA certificates that signatures must chain to"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdUser) user = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  CdTrustStore *trust;
  guint unreachable = 0;

  if (!cli_parse (&argc, &argv, "verify-paper", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || central_url == NULL)
    {
      cli_fail ("verify-paper", _("--db PATH and --central URL are required"));
      return CLI_EXIT_USAGE;
    }
  if (person != NULL && !cd_ascii_is_digits (person, 12))
    {
      cli_fail ("verify-paper", _("--person %s: a personal ID has 12 digits"), person);
      return CLI_EXIT_USAGE;
    }

  context = cli_context_open ("verify-paper", db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (!cli_check_officer ("verify-paper", db, officer))
    return CLI_EXIT_USAGE;
  user = cd_users_lookup (db, officer, NULL);
  trust = cli_context_connect ("verify-paper", context, db, officer, credential_file, ca_file,
                               central_url, gateway_url, trust_dir);
  if (trust == NULL)
    return CLI_EXIT_FAILED;

  checks = cd_paper_verification_run_sync (db, cd_context_get_evidence_fetcher (context), trust,
                                           person, user != NULL ? user->id : 0, NULL, &error);
  if (checks == NULL)
    {
      cli_fail ("verify-paper", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (as_json)
    print_json (checks);
  else
    print_text (checks);
  for (guint i = 0; i < checks->len; i++)
    if (((CdPaperCheck *) checks->pdata[i])->outcome == CD_PAPER_OUTCOME_UNREACHABLE)
      unreachable++;
  /* Whatever was checked is recorded either way; 1 says some source could not be reached. */
  return unreachable == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}
