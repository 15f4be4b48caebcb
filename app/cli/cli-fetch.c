/* cli-fetch.c — `fetch`: ask every source about a person, store the answers, show what came back.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-ascii.h"
#include "cd-citizen-card.h"
#include "cd-claim-intake.h"
#include "cd-claim-store.h"
#include "cd-clock.h"
#include "cd-context.h"
#include "cli-common.h"

static char *db_path;
static char *central_url;
static char *gateway_url;
static char *person;
static char *from_date;
static char *to_date;
static char *officer;
static char *credential_file;
static char *ca_file;
static char *trust_dir;
static char *claim_number;
static char *card_qr;
static gboolean as_json;

static GOptionEntry fetch_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
  { "central", 0, 0, G_OPTION_ARG_STRING, &central_url, N_("The central system (and, unless --gateway is given, the other systems)"), N_("URL") },
  { "gateway", 0, 0, G_OPTION_ARG_STRING, &gateway_url, N_("The medical, civil-status and population systems"), N_("URL") },
  { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_("The person's 12-digit personal ID"), N_("ID") },
  { "from", 0, 0, G_OPTION_ARG_STRING, &from_date, N_("Start of the window (default: a year before --to)"), N_("YYYY-MM-DD") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &to_date, N_("End of the window (default: today)"), N_("YYYY-MM-DD") },
  { "officer", 0, 0, G_OPTION_ARG_STRING, &officer, N_("The officer the requests are made for"), N_("LOGIN") },
  { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &credential_file, N_("The office credentials (ID:SECRET) from this file, or - for standard input"), N_("FILE") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("CA certificates for the servers’ HTTPS certificates (default: the system’s)"), N_("FILE") },
  { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir, N_("CA certificates that signatures must chain to"), N_("DIR") },
  { "claim", 0, 0, G_OPTION_ARG_STRING, &claim_number, N_("Link the evidence to this claim and check it"), N_("NUMBER") },
  { "card-qr", 0, 0, G_OPTION_ARG_STRING, &card_qr,
    N_("The QR code of the person's chip-based ID card, as a scanner types it: its name and birth "
       "date are checked against the population register (--person may then be left out)"),
    N_("PAYLOAD") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
  { NULL }
};

/* YYYY-MM-DD, a real day between 1900 and 2100. */
static gboolean
valid_date (const char *text)
{
  CdDay day;

  return cd_date_parse (text, &day) && cd_date_year (day) >= 1900 && cd_date_year (day) <= 2100;
}

/* The claim's row id, checking that it is this person's claim; 0 and a message if not. */
static gint64
find_claim (CdDatabase *db,
            const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *claimant = NULL;
  gint64 id = 0;

  if (!cd_claim_store_find_by_number (db, number, &id, &claimant, &error))
    cli_fail ("fetch", "%s", error->message);
  else if (id == 0)
    cli_fail ("fetch", _("--claim %s: no such claim in %s"), number, cd_database_get_path (db));
  else if (g_strcmp0 (claimant, person) != 0)
    cli_fail ("fetch", _("--claim %s is not a claim of %s"), number, person);
  else
    return id;
  return 0;
}

/* A source that could not answer: the newest stored answer stands in, with its age. */
static char *
cached_note (CdDatabase       *db,
             CdEvidenceSource  source,
             GDateTime        *now,
             char            **cached_at)
{
  g_autoptr(GDateTime) fetched_at = NULL;

  if (!cd_evidence_store_latest (db, person, source, NULL, NULL, &fetched_at, NULL))
    return NULL;
  *cached_at = g_date_time_format_iso8601 (fetched_at);
  return cd_evidence_describe_age (fetched_at, now);
}

static void
print_text (CdDatabase          *db,
            const CdCitizenCard *card,
            GPtrArray           *responses,
            GPtrArray           *stored,
            GPtrArray           *findings)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  printf (_("Evidence for %s, %s to %s:\n"), person, from_date, to_date);
  if (card != NULL)
    /* TRANSLATORS: the name and birth date (YYYY-MM-DD) read off the citizen card's QR code */
    printf (_("  Citizen card: %s, born %s\n"), card->full_name, card->birth_date);
  for (guint i = 0; i < responses->len; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (responses, i);
      CdStoredEvidence *evidence = g_ptr_array_index (stored, i);

      printf ("  %-24s %-22s ", cd_evidence_source_get_system (response->source),
              cd_evidence_source_to_string (response->source));
      if (response->error != NULL)
        {
          g_autofree char *cached_at = NULL;
          g_autofree char *age = cached_note (db, response->source, now, &cached_at);

          printf (_("FAILED after %.0f ms: %s"), response->elapsed_us / 1000.0, response->error->message);
          if (age != NULL)
            printf (_(" — using the stored answer of %s (%s)"), cached_at, age);
          printf ("\n");
          continue;
        }
      printf (_("HTTP %u, %.0f ms, %u attempt(s), %lu bytes"), response->status,
              response->elapsed_us / 1000.0, response->attempts,
              (unsigned long) g_bytes_get_size (response->body));
      if (g_strcmp0 (evidence->signature_status, "not_applicable") != 0)
        printf (_(", signature %s%s%s"), evidence->signature_status,
                evidence->signer != NULL ? _(" by ") : "", evidence->signer != NULL ? evidence->signer : "");
      if (g_strcmp0 (evidence->parse_status, "parsed") == 0)
        {
          if (evidence->n_parts > 0)
            printf (_(", %u tables read"), evidence->n_parts);
          if (evidence->refused != NULL)
            printf (_(", TABLES REFUSED: %s"), evidence->refused);
        }
      else
        printf (_(", NOT READ: %s"), evidence->parse_error);
      printf ("\n");
    }

  if (findings->len == 0)
    printf (_("No discrepancies found.\n"));
  else
    {
      printf (_("Findings:\n"));
      for (guint i = 0; i < findings->len; i++)
        {
          CdFinding *finding = g_ptr_array_index (findings, i);
          printf ("  [%s] %s: %s\n", cd_finding_severity_to_string (finding->severity), finding->code,
                  g_str_has_prefix (g_getenv ("LANG") != NULL ? g_getenv ("LANG") : "", "vi")
                  ? finding->message_vi : finding->message_en);
        }
    }
}

static void
print_json (CdDatabase          *db,
            const CdCitizenCard *card,
            GPtrArray           *responses,
            GPtrArray           *stored,
            GPtrArray           *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "person");
  json_builder_add_string_value (builder, person);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from_date);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to_date);
  if (claim_number != NULL)
    {
      json_builder_set_member_name (builder, "claim");
      json_builder_add_string_value (builder, claim_number);
    }
  if (card != NULL)
    {
      json_builder_set_member_name (builder, "card");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "personal_id");
      json_builder_add_string_value (builder, card->personal_id);
      json_builder_set_member_name (builder, "full_name");
      json_builder_add_string_value (builder, card->full_name);
      json_builder_set_member_name (builder, "birth_date");
      json_builder_add_string_value (builder, card->birth_date);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < responses->len; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (responses, i);
      CdStoredEvidence *evidence = g_ptr_array_index (stored, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, cd_evidence_source_to_string (response->source));
      json_builder_set_member_name (builder, "system");
      json_builder_add_string_value (builder, cd_evidence_source_get_system (response->source));
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, response->url);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, response->status);
      json_builder_set_member_name (builder, "elapsed_ms");
      json_builder_add_int_value (builder, response->elapsed_us / 1000);
      json_builder_set_member_name (builder, "attempts");
      json_builder_add_int_value (builder, response->attempts);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, response->error == NULL);
      if (response->error != NULL)
        {
          g_autofree char *cached_at = NULL;
          g_autofree char *age = cached_note (db, response->source, now, &cached_at);

          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, response->error->message);
          if (age != NULL)
            {
              json_builder_set_member_name (builder, "cached_at");
              json_builder_add_string_value (builder, cached_at);
            }
        }
      else
        {
          json_builder_set_member_name (builder, "document_id");
          json_builder_add_int_value (builder, evidence->document_id);
          json_builder_set_member_name (builder, "signature");
          json_builder_add_string_value (builder, evidence->signature_status);
          if (evidence->signer != NULL)
            {
              json_builder_set_member_name (builder, "signer");
              json_builder_add_string_value (builder, evidence->signer);
            }
          json_builder_set_member_name (builder, "parse");
          json_builder_add_string_value (builder, evidence->parse_status);
          if (evidence->parse_error != NULL)
            {
              json_builder_set_member_name (builder, "parse_error");
              json_builder_add_string_value (builder, evidence->parse_error);
            }
          json_builder_set_member_name (builder, "parts");
          json_builder_add_int_value (builder, evidence->n_parts);
          if (evidence->refused != NULL)
            {
              json_builder_set_member_name (builder, "tables_refused");
              json_builder_add_string_value (builder, evidence->refused);
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    cd_finding_to_json (g_ptr_array_index (findings, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);
  printf ("%s\n", json);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

int
cli_fetch (int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  CdTrustStore *trust;
  g_autoptr(CdClaimIntake) intake = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(CdIntakeResult) result = NULL;
  g_autoptr(CdCitizenCard) card = NULL;
  gint64 claim_id = 0;

  if (!cli_parse (&argc, &argv, "fetch", "", fetch_entries, 0, 0))
    return CLI_EXIT_USAGE;
  /* A scanned card names its holder: --person is then the card's ID, or must be. */
  if (card_qr != NULL)
    {
      card = cd_citizen_card_parse_qr (card_qr, &error);
      if (card == NULL)
        {
          cli_fail ("fetch", "--card-qr: %s", error->message);
          return CLI_EXIT_USAGE;
        }
      if (person == NULL)
        person = g_strdup (card->personal_id);
      else if (g_strcmp0 (person, card->personal_id) != 0)
        {
          cli_fail ("fetch", _("--person %s is not the holder of the card given by --card-qr (%s)"),
                    person, card->personal_id);
          return CLI_EXIT_USAGE;
        }
    }
  if (db_path == NULL || central_url == NULL || person == NULL)
    {
      cli_fail ("fetch", _("--db PATH, --central URL and --person ID are required"));
      return CLI_EXIT_USAGE;
    }
  if (!cd_ascii_is_digits (person, 12))
    {
      cli_fail ("fetch", _("--person %s: a personal ID has 12 digits"), person);
      return CLI_EXIT_USAGE;
    }
  if (to_date == NULL)
    to_date = cd_date_to_string (cd_clock_get_today (cd_clock_get_default ()));
  if (from_date == NULL)
    {
      CdDay to;

      /* A year back; 29 February falls back to the 28th. */
      if (cd_date_parse (to_date, &to))
        from_date = cd_date_to_string (cd_date_add_months (to, -12));
    }
  if (!valid_date (from_date) || !valid_date (to_date) || strcmp (from_date, to_date) > 0)
    {
      cli_fail ("fetch", _("--from %s --to %s: expected two dates YYYY-MM-DD, the first not after the second"),
                from_date != NULL ? from_date : "?", to_date);
      return CLI_EXIT_USAGE;
    }

  context = cli_context_open ("fetch", db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (claim_number != NULL && (claim_id = find_claim (db, claim_number)) == 0)
    return CLI_EXIT_FAILED;
  /* The requests are made for the officer named (an account of the store, never an invented
   * name), with the office's credentials, to the addresses given. */
  if (!cli_check_officer ("fetch", db, officer))
    return CLI_EXIT_USAGE;
  trust = cli_context_connect ("fetch", context, db, officer, credential_file, ca_file,
                               central_url, gateway_url, trust_dir);
  if (trust == NULL)
    return CLI_EXIT_FAILED;

  /* The new-claim intake: fetch, store, verify, cross-check (and detect, which is not shown here).
   */
  intake = cd_claim_intake_new (db, cd_context_get_evidence_fetcher (context), trust);
  cd_claim_intake_fetch_async (intake, person, from_date, to_date, claim_id, card,
                               CD_EVIDENCE_ALL_SOURCES, NULL, on_fetched, &fetched);
  while (fetched == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = cd_claim_intake_fetch_finish (intake, fetched, &error);
  if (result == NULL)
    {
      cli_fail ("fetch", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (result->findings_error != NULL)
    {
      cli_fail ("fetch", "%s", result->findings_error->message);
      return CLI_EXIT_FAILED;
    }

  if (as_json)
    print_json (db, card, result->responses, result->stored, result->findings);
  else
    print_text (db, card, result->responses, result->stored, result->findings);

  /* Everything that did answer is stored either way; 1 says some source did not. */
  return cd_intake_result_get_n_failed (result) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}
