/* cli-setup.c — the workstation's connection to central: `enrol` (a one-time code for the office's
 * credentials and central's configuration document), `connection-check`, `trust-anchors`; and the
 * office credentials and officer that `fetch` and `sync` act with. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "cd-config-document.h"
#include "cd-connection-check.h"
#include "cd-context.h"
#include "cd-enrolment.h"
#include "cd-office-setup.h"
#include "cd-secrets.h"
#include "cd-trust-anchor.h"
#include "cd-users.h"
#include "cli-common.h"

/* ---- shared with fetch and sync ------------------------------------------------------------ */

CdOfficeCredential *
cli_read_office_credential (const char *command,
                            const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  CdOfficeCredential *credential;

  if (g_strcmp0 (path, "-") == 0)
    {
      text = cli_read_secret_line ();
      if (text == NULL)
        {
          cli_fail (command, _("The office credentials (ID:SECRET) are expected on standard input"));
          return NULL;
        }
    }
  else if (!g_file_get_contents (path, &text, NULL, &error))
    {
      cli_fail (command, "%s", error->message);
      return NULL;
    }
  credential = cd_office_credential_parse (text, &error);
  memset (text, 0, strlen (text));
  if (credential == NULL)
    cli_fail (command, "%s: %s", path, error->message);
  return credential;
}

gboolean
cli_office_credential (const char          *command,
                       CdDatabase          *db,
                       const char          *credential_file,
                       CdOfficeCredential **credential)
{
  *credential = NULL;
  if (credential_file == NULL)
    return cli_keyring_office_credential (command, db, credential);
  *credential = cli_read_office_credential (command, credential_file);
  return *credential != NULL;
}

CdTrustStore *
cli_context_connect (const char *command,
                     CdContext  *context,
                     CdDatabase *db,
                     const char *officer,
                     const char *credential_file,
                     const char *ca_file,
                     const char *central_url,
                     const char *gateway_url,
                     const char *trust_dir)
{
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  CdTrustStore *trust;

  if (!cli_office_credential (command, db, credential_file, &credential))
    return NULL;
  cd_context_set_office_credential (context, credential);
  if (ca_file != NULL)
    cd_http_client_set_ca_file (cd_context_get_http_client (context), ca_file);
  cd_context_set_operator (context, officer);
  cd_context_set_addresses (context, central_url, gateway_url);
  if (trust_dir != NULL)
    {
      g_autoptr(CdTrustStore) anchors = cd_trust_store_new_from_dir (trust_dir, &error);

      if (anchors == NULL)
        {
          cli_fail (command, "%s", error->message);
          return NULL;
        }
      cd_context_set_trust_store (context, anchors);
    }
  trust = cd_context_get_trust_store (context, &error);
  if (trust == NULL)
    cli_fail (command, "%s", error->message);
  return trust;
}

gboolean
cli_keyring_office_credential (const char          *command,
                               CdDatabase          *db,
                               CdOfficeCredential **credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeSetup) setup = cd_office_setup_read (db, &error);
  g_autofree char *text = NULL;

  *credential = NULL;
  if (setup == NULL)
    {
      cli_fail (command, "%s", error->message);
      return FALSE;
    }
  if (!cd_office_setup_is_enrolled (setup))
    return TRUE;
  text = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, setup->central_url,
                                 setup->office_code, NULL, &error);
  if (text == NULL)
    {
      if (error != NULL)
        cli_fail (command, "%s", error->message);
      else
        cli_fail (command, _("The keyring holds no credentials for the office %s: enrol this "
                             "workstation again, or give --office-credential-file"),
                  setup->office_code);
      return FALSE;
    }
  *credential = cd_office_credential_parse (text, &error);
  memset (text, 0, strlen (text));
  if (*credential == NULL)
    {
      cli_fail (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_check_officer (const char *command,
                   CdDatabase *db,
                   const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdUser) user = NULL;

  if (login == NULL)
    {
      cli_fail (command, _("--officer LOGIN is required: central issues tokens to named officers "
                           "of the office only"));
      return FALSE;
    }
  user = cd_users_lookup (db, login, &error);
  if (user == NULL)
    {
      cli_fail (command, "%s", error->message);
      return FALSE;
    }
  if (!user->active)
    {
      cli_fail (command, _("The account %s is deactivated; it cannot act at central"), login);
      return FALSE;
    }
  return TRUE;
}

/* The anchors a document's signer must chain to: the shipped ones, or --trust-dir, and those
 * already in the store. */
static CdTrustStore *
verification_anchors (const char          *command,
                      const char          *trust_dir,
                      const CdOfficeSetup *setup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = trust_dir != NULL ? cd_trust_store_new_from_dir (trust_dir, &error)
                                                    : cd_trust_store_new_default (NULL);

  if (trust == NULL && trust_dir != NULL)
    {
      cli_fail (command, "%s", error->message);
      return NULL;
    }
  if (trust == NULL)
    trust = cd_trust_store_new ();
  for (guint i = 0; setup != NULL && i < setup->anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (setup->anchors, i);

      cd_trust_store_add_pem (trust, anchor->pem, strlen (anchor->pem), anchor->source, NULL);
    }
  return g_steal_pointer (&trust);
}

static char *
format_day (GDateTime *time)
{
  return time != NULL ? g_date_time_format (time, "%d/%m/%Y") : g_strdup ("?");
}

static void
print_anchor (const CdTrustAnchor *anchor)
{
  g_autofree char *from = format_day (anchor->not_before);
  g_autofree char *until = format_day (anchor->not_after);

  printf ("  %s\n", anchor->subject);
  printf ("    %s %s – %s\n", _("valid"), from, until);
  printf ("    SHA-256 %s\n", anchor->sha256);
  printf ("    %s %s\n", _("from"), anchor->source);
}

static void
add_anchor_json (JsonBuilder         *builder,
                 const CdTrustAnchor *anchor)
{
  g_autofree char *from = anchor->not_before != NULL ? g_date_time_format_iso8601 (anchor->not_before)
                                                     : NULL;
  g_autofree char *until = anchor->not_after != NULL ? g_date_time_format_iso8601 (anchor->not_after)
                                                     : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, anchor->subject);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, anchor->issuer);
  json_builder_set_member_name (builder, "not_before");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "not_after");
  json_builder_add_string_value (builder, until);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, anchor->sha256);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, anchor->source);
  json_builder_end_object (builder);
}

static CdHttpClient *
http_client_for (const char *ca_file)
{
  CdHttpClient *http = cd_http_client_new ();

  if (ca_file != NULL)
    cd_http_client_set_ca_file (http, ca_file);
  return http;
}

/* ---- enrol --------------------------------------------------------------------------------- */

int
cli_enrol (int    argc,
           char **argv)
{
  g_autofree char *central_url = NULL;
  g_autofree char *code = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *trust_dir = NULL;
  gboolean print_credential = FALSE;
  GOptionEntry entries[] = {
    { "central", 0, 0, G_OPTION_ARG_STRING, &central_url, N_("The central system (https://…)"),
      N_("URL") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The one-time enrolment code central issued"),
      N_("CODE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("Record the office and central’s configuration document in this database"), N_("PATH") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("CA certificates for central’s HTTPS certificate (default: the system’s)"), N_("FILE") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("CA certificates the configuration document’s signer must chain to"), N_("DIR") },
    { "print-credential", 0, 0, G_OPTION_ARG_NONE, &print_credential,
      N_("Print the office credentials (ID:SECRET) on standard output, for tests and scripts"),
      NULL },
    { NULL }
  };
  g_autoptr(CdHttpClient) http = NULL;
  g_autoptr(CdEnrolment) enrolment = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  if (!cli_parse (&argc, &argv, "enrol", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (central_url == NULL || code == NULL)
    {
      cli_fail ("enrol", _("--central URL and --code CODE are required"));
      return CLI_EXIT_USAGE;
    }
  if (db_path != NULL)
    {
      /* Opened first: a code is spent by the exchange, so nothing that can fail afterwards should
       * be found out only then. */
      context = cli_context_open ("enrol", db_path,
                                  cli_store_is_new (db_path) ? CLI_STORE_CREATE
                                                             : CLI_STORE_WRITE_UNCHECKED,
                                  &db);
      if (context == NULL)
        return CLI_EXIT_FAILED;
    }

  /* The keyring is asked first: a code is spent by the exchange, and credentials with nowhere to
   * be kept would be lost with it. */
  if (!print_credential)
    {
      g_autofree char *probe = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL,
                                                       central_url, "keyring-probe", NULL,
                                                       &error);

      if (error != NULL)
        {
          cli_fail ("enrol", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
    }
  http = http_client_for (ca_file);
  enrolment = cd_enrolment_exchange (http, central_url, code, NULL, &error);
  if (enrolment == NULL)
    {
      cli_fail ("enrol", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Enrolled for office %s — %s (province %s)\n"), enrolment->office_code,
          enrolment->office_name, enrolment->province != NULL ? enrolment->province : "?");
  if (print_credential)
    {
      g_autofree char *text = cd_office_credential_to_string (enrolment->credential);

      printf ("%s\n", text);
      memset (text, 0, strlen (text));
    }
  else
    {
      g_autofree char *text = cd_office_credential_to_string (enrolment->credential);
      g_autofree char *label = g_strdup_printf (_("ClaimDesk: credentials of the office %s"),
                                                enrolment->office_code);
      gboolean stored = cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL,
                                               enrolment->central_url, enrolment->office_code,
                                               label, text, NULL, &error);

      memset (text, 0, strlen (text));
      if (!stored)
        {
          cli_fail ("enrol", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      printf (_("The office credentials (id %s) are kept in this workstation’s keyring.\n"),
              enrolment->credential->id);
    }
  fflush (stdout);

  if (db != NULL)
    {
      g_autoptr(CdOfficeSetup) setup = NULL;
      g_autoptr(CdTrustStore) trust = NULL;
      g_autoptr(CdConfigDocument) document = NULL;

      if (!cd_office_setup_record_enrolment (db, NULL, enrolment, &error)
          || (setup = cd_office_setup_read (db, &error)) == NULL)
        {
          cli_fail ("enrol", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      trust = verification_anchors ("enrol", trust_dir, setup);
      if (trust == NULL)
        return CLI_EXIT_FAILED;
      document = cd_config_document_fetch (http, central_url, enrolment->credential, trust, NULL,
                                           &error);
      if (document == NULL || !cd_office_setup_apply_document (db, NULL, document, &error))
        {
          cli_fail ("enrol", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      {
        g_autofree char *serial = g_strdup_printf ("%" G_GINT64_FORMAT, document->serial);

        printf (_("Configuration document %s of %s, signed by %s:\n"), serial,
                document->issued_at, document->signer);
      }
      for (guint i = 0; i < CD_N_SYSTEMS; i++)
        printf ("  %-28s %s\n", cd_system_get_name (i), cd_endpoints_get (document->endpoints, i));
      printf (_("Trust anchors for document signatures:\n"));
      for (guint i = 0; i < document->anchors->len; i++)
        print_anchor (g_ptr_array_index (document->anchors, i));
    }
  return CLI_EXIT_OK;
}

/* ---- connection-check ---------------------------------------------------------------------- */

int
cli_connection_check (int    argc,
                      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *central_url = NULL;
  g_autofree char *gateway_url = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *credential_file = NULL;
  g_autofree char *ca_file = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("Check the systems this database’s configuration names"), N_("PATH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &central_url,
      N_("The central system (and, unless --gateway is given, the other systems)"), N_("URL") },
    { "gateway", 0, 0, G_OPTION_ARG_STRING, &gateway_url,
      N_("The medical, civil-status and population systems"), N_("URL") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
      N_("Check central’s credentials for this officer"), N_("LOGIN") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("CA certificates for the servers’ HTTPS certificates (default: the system’s)"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the results as a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(CdEndpoints) endpoints = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(CdHttpClient) http = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean all_ok = TRUE;

  if (!cli_parse (&argc, &argv, "connection-check", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path != NULL)
    {
      g_autoptr(CdContext) context = NULL;
      g_autoptr(CdDatabase) db = NULL;
      g_autoptr(CdOfficeSetup) setup = NULL;

      context = cli_context_open ("connection-check", db_path, CLI_STORE_READ, &db);
      if (context == NULL)
        return CLI_EXIT_FAILED;
      setup = cd_office_setup_read (db, &error);
      if (setup == NULL)
        {
          cli_fail ("connection-check", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      if (setup->endpoints != NULL)
        endpoints = cd_endpoints_copy (setup->endpoints);
      else if (setup->central_url != NULL)
        endpoints = cd_endpoints_new_two (setup->central_url, NULL);
      if (officer != NULL && !cli_check_officer ("connection-check", db, officer))
        return CLI_EXIT_FAILED;
      if (credential_file == NULL && cd_office_setup_is_enrolled (setup)
          && !cli_keyring_office_credential ("connection-check", db, &credential))
        return CLI_EXIT_FAILED;
    }
  /* The addresses given override the store's: --central for central (and for the others it does
   * not know), --gateway for the other three. */
  if (central_url != NULL || gateway_url != NULL)
    {
      if (endpoints == NULL)
        endpoints = cd_endpoints_new ();
      if (central_url != NULL)
        cd_endpoints_set (endpoints, CD_SYSTEM_CENTRAL, central_url);
      for (guint i = CD_SYSTEM_MEDICAL; i < CD_N_SYSTEMS; i++)
        if (gateway_url != NULL)
          cd_endpoints_set (endpoints, i, gateway_url);
        else if (cd_endpoints_get (endpoints, i) == NULL)
          cd_endpoints_set (endpoints, i, central_url);
    }
  if (endpoints == NULL)
    {
      cli_fail ("connection-check", _("Nothing to check: give --db PATH of an enrolled workstation, "
                                      "or --central URL"));
      return CLI_EXIT_USAGE;
    }
  if (credential_file != NULL)
    {
      credential = cli_read_office_credential ("connection-check", credential_file);
      if (credential == NULL)
        return CLI_EXIT_FAILED;
    }

  http = http_client_for (ca_file);
  results = cd_connection_check_run (http, endpoints, credential, officer, NULL, &error);
  if (results == NULL)
    {
      cli_fail ("connection-check", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len; i++)
        {
          CdConnectionResult *result = g_ptr_array_index (results, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "system");
          json_builder_add_string_value (builder, cd_system_to_string (result->system));
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, result->url);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, cd_connection_status_to_string (result->status));
          json_builder_set_member_name (builder, "http_status");
          if (result->http_status != 0)
            json_builder_add_int_value (builder, result->http_status);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, result->message);
          json_builder_set_member_name (builder, "elapsed_ms");
          json_builder_add_int_value (builder, result->elapsed_us / 1000);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  for (guint i = 0; i < results->len; i++)
    {
      CdConnectionResult *result = g_ptr_array_index (results, i);

      all_ok &= result->status == CD_CONNECTION_OK;
      if (!json)
        printf ("%-28s %-26s %s\n", cd_system_get_name (result->system),
                cd_connection_status_to_string (result->status), result->message);
    }
  return all_ok ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}

/* ---- trust-anchors ------------------------------------------------------------------------- */

int
cli_trust_anchors (int    argc,
                   char **argv)
{
  g_autofree char *db_path = NULL;
  g_auto(GStrv) import_files = NULL;
  g_autofree char *remove = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "import", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &import_files,
      N_("Add the CA certificates of this PEM file (repeatable)"), N_("FILE") },
    { "remove", 0, 0, G_OPTION_ARG_STRING, &remove,
      N_("Remove the anchor with this SHA-256 fingerprint"), N_("SHA256") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the anchors as a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changes = FALSE;

  if (!cli_parse (&argc, &argv, "trust-anchors", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("trust-anchors", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  changes = import_files != NULL || remove != NULL;
  /* Central's certificate is the first thing a new workstation's store gets (docs/setup.md). */
  context = cli_context_open ("trust-anchors", db_path,
                              !changes                   ? CLI_STORE_READ
                              : cli_store_is_new (db_path) ? CLI_STORE_CREATE
                                                           : CLI_STORE_WRITE_UNCHECKED,
                              &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  for (guint i = 0; import_files != NULL && import_files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) anchors = NULL;
      GStatBuf info;

      if (g_stat (import_files[i], &info) == 0 && info.st_size == 0)
        {
          cli_fail ("trust-anchors", _("%s is empty: it holds no certificate"), import_files[i]);
          return CLI_EXIT_FAILED;
        }
      anchors = cd_trust_anchors_from_file (import_files[i], &error);
      if (anchors == NULL)
        {
          cli_fail_file ("trust-anchors", import_files[i], error->message);
          return CLI_EXIT_FAILED;
        }
      if (!cd_office_setup_import_anchors (db, NULL, anchors, &error))
        {
          cli_fail ("trust-anchors", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
    }
  if (remove != NULL && !cd_office_setup_remove_anchor (db, NULL, remove, &error))
    {
      cli_fail ("trust-anchors", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  setup = cd_office_setup_read (db, &error);
  if (setup == NULL)
    {
      cli_fail ("trust-anchors", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < setup->anchors->len; i++)
        add_anchor_json (builder, g_ptr_array_index (setup->anchors, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else if (setup->anchors->len == 0)
    printf ("%s\n", _("No trust anchors are stored: the shipped ones are used."));
  else
    for (guint i = 0; i < setup->anchors->len; i++)
      print_anchor (g_ptr_array_index (setup->anchors, i));
  return CLI_EXIT_OK;
}
