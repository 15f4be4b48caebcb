/* cli-rules.c — `rules build|install|list|fetch`: signed rule-pack updates (docs/rules.md,
 * "Rule-pack updates").
 *
 *   rules build --dir PACKDIR --id ID --effective DATE --key FILE --cert FILE --out FILE
 *   rules install FILE [--trust-dir DIR | --db PATH] [--packs-dir DIR]
 *   rules list [--packs-dir DIR] [--json]
 *   rules fetch --db PATH [--central URL] [--office-credential-file FILE] [--trust-dir DIR]
 *               [--packs-dir DIR] [--ca-file FILE]
 *
 * install and fetch exit 1 when a pack is refused, with the reason on stderr.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "cd-context.h"
#include "cd-data-dir.h"
#include "cd-installed-pack.h"
#include "cd-office-setup.h"
#include "cd-rule-pack-fetch.h"
#include "cd-rule-pack-file.h"
#include "cd-rule-pack-install.h"
#include "cd-rule-pack.h"
#include "cd-trust-anchor.h"
#include "cli-common.h"

/* The anchors a pack's signer must chain to: --trust-dir, else the workstation's own and those
 * central's configuration delivered to the store at --db. */
CdTrustStore *
cli_pack_anchors (const char *command,
                  const char *trust_dir,
                  CdDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = NULL;

  if (trust_dir != NULL)
    {
      trust = cd_trust_store_new_from_dir (trust_dir, &error);
      if (trust == NULL)
        cli_fail (command, "%s", error->message);
      return g_steal_pointer (&trust);
    }
  trust = cd_trust_store_new_default (NULL);
  if (trust == NULL)
    trust = cd_trust_store_new ();
  if (db != NULL)
    {
      g_autoptr(CdOfficeSetup) setup = cd_office_setup_read (db, &error);

      if (setup == NULL)
        {
          cli_fail (command, "%s", error->message);
          return NULL;
        }
      for (guint i = 0; i < setup->anchors->len; i++)
        {
          CdTrustAnchor *anchor = g_ptr_array_index (setup->anchors, i);

          cd_trust_store_add_pem (trust, anchor->pem, strlen (anchor->pem), anchor->source, NULL);
        }
    }
  return g_steal_pointer (&trust);
}

static void
print_installed (const CdInstalledPack *info,
                 gboolean               already)
{
  char day[11];

  cd_date_format (info->effective, day);
  if (already)
    printf (_("Rule pack %s is already installed (applies from %s); nothing to do.\n"), info->id,
            day);
  else
    printf (_("Installed rule pack %s, signed by %s; it applies to claims decided from %s.\n"),
            info->id, info->signer != NULL ? info->signer : "?", day);
}

static int
rules_build (int    argc,
             char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *id = NULL;
  g_autofree char *effective = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      N_("The pack folder (parameters.json, calendars/, golden/)"), N_("DIR") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, N_("The pack’s id: its parameters.json version"),
      N_("ID") },
    { "effective", 0, 0, G_OPTION_ARG_STRING, &effective,
      N_("The first decision day it applies to"), N_("YYYY-MM-DD") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, N_("Central’s signing key (PEM)"),
      N_("FILE") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path, N_("Its certificate (PEM)"), N_("FILE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Where to write the signed file"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CdDay day;

  if (!cli_parse (&argc, &argv, "rules build", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (dir == NULL || id == NULL || effective == NULL || key_path == NULL || cert_path == NULL
      || out == NULL)
    {
      cli_fail ("rules build", _("--dir, --id, --effective, --key, --cert and --out are required"));
      return CLI_EXIT_USAGE;
    }
  if (!cd_date_parse (effective, &day))
    {
      cli_fail ("rules build", _("--effective %s: a date YYYY-MM-DD that exists is required"),
                effective);
      return CLI_EXIT_USAGE;
    }
  key = cd_signing_key_new_from_files (key_path, cert_path, &error);
  if (key == NULL)
    {
      cli_fail_signing_key ("rules build", key_path, cert_path, error->message);
      return CLI_EXIT_FAILED;
    }
  bytes = cd_rule_pack_file_build (dir, id, day, key, &error);
  if (bytes == NULL
      || !g_file_set_contents (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               &error))
    {
      cli_fail ("rules build", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Wrote rule pack %s (from %s), signed by %s, to %s\n"), id, effective,
          cd_signing_key_get_subject (key), out);
  return CLI_EXIT_OK;
}

static int
rules_install (int    argc,
               char **argv)
{
  g_autofree char *trust_dir = NULL;
  g_autofree char *packs_dir = NULL;
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("CA certificates the pack’s signer must chain to (default: this workstation’s)"),
      N_("DIR") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("Also trust the anchors central’s configuration gave this store"), N_("PATH") },
    { "packs-dir", 0, 0, G_OPTION_ARG_FILENAME, &packs_dir,
      N_("Where packs are installed (default: the workstation’s)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  g_autoptr(CdInstalledPack) info = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  gboolean already = FALSE;

  if (!cli_parse (&argc, &argv, "rules install", "FILE", entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (db_path != NULL)
    {
      context = cli_context_open ("rules install", db_path, CLI_STORE_READ, &db);
      if (context == NULL)
        return CLI_EXIT_FAILED;
    }
  trust = cli_pack_anchors ("rules install", trust_dir, db);
  if (trust == NULL)
    return CLI_EXIT_FAILED;
  if (!cd_rule_pack_install_file (argv[1], trust, packs_dir, &info, &already, &error))
    {
      cli_fail ("rules install", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  print_installed (info, already);
  return CLI_EXIT_OK;
}

static int
rules_list (int    argc,
            char **argv)
{
  g_autofree char *packs_dir = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "packs-dir", 0, 0, G_OPTION_ARG_FILENAME, &packs_dir,
      N_("Where packs are installed (default: the workstation’s)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *shipped_dir = cd_rule_pack_default_dir ();
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  CdDay today = cd_date_from_date_time (now);
  CdRulePack *active;

  if (!cli_parse (&argc, &argv, "rules list", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (packs_dir == NULL)
    packs_dir = cd_data_dir_rule_packs ();
  pack = cd_rule_pack_load_with_installed (shipped_dir, packs_dir, &error);
  if (pack == NULL)
    {
      cli_fail ("rules list", _("Rule pack unusable: %s"), error->message);
      return CLI_EXIT_FAILED;
    }
  active = cd_rule_pack_for_day (pack, today);
  installed = cd_installed_packs_list (packs_dir);
  log = cd_rule_pack_install_log_read (packs_dir, 20);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "shipped");
      json_builder_add_string_value (builder, cd_rule_pack_get_version (pack));
      json_builder_set_member_name (builder, "active");
      json_builder_add_string_value (builder, cd_rule_pack_get_version (active));
      json_builder_set_member_name (builder, "installed");
      json_builder_begin_array (builder);
      for (guint i = 0; i < installed->len; i++)
        {
          CdInstalledPack *info = g_ptr_array_index (installed, i);
          char day[11];

          cd_date_format (info->effective, day);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, info->id);
          json_builder_set_member_name (builder, "effective");
          json_builder_add_string_value (builder, day);
          json_builder_set_member_name (builder, "sha256");
          json_builder_add_string_value (builder, info->sha256);
          json_builder_set_member_name (builder, "installed_at");
          json_builder_add_string_value (builder, info->installed_at);
          json_builder_set_member_name (builder, "signer");
          json_builder_add_string_value (builder, info->signer);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, info->source);
          json_builder_set_member_name (builder, "active");
          json_builder_add_boolean_value (builder, g_strcmp0 (info->id,
                                                              cd_rule_pack_get_version (active))
                                                   == 0);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "log");
      json_builder_begin_array (builder);
      for (guint i = 0; i < log->len; i++)
        {
          CdRulePackLogEntry *entry = g_ptr_array_index (log, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "at");
          json_builder_add_string_value (builder, entry->at);
          json_builder_set_member_name (builder, "outcome");
          json_builder_add_string_value (builder, entry->outcome);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, entry->id);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, entry->source);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, entry->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
      return CLI_EXIT_OK;
    }

  printf (_("Shipped: %s%s\n"), cd_rule_pack_get_version (pack),
          active == pack ? _(" (active today)") : "");
  for (guint i = 0; i < installed->len; i++)
    {
      CdInstalledPack *info = g_ptr_array_index (installed, i);
      char day[11];

      cd_date_format (info->effective, day);
      printf (_("Installed: %s, from %s, signed by %s%s\n"), info->id, day,
              info->signer != NULL ? info->signer : "?",
              g_strcmp0 (info->id, cd_rule_pack_get_version (active)) == 0
                ? _(" (active today)")
                : info->effective > today ? _(" (not yet in force)") : "");
    }
  return CLI_EXIT_OK;
}

static int
rules_fetch (int    argc,
             char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *central_url = NULL;
  g_autofree char *credential_file = NULL;
  g_autofree char *trust_dir = NULL;
  g_autofree char *packs_dir = NULL;
  g_autofree char *ca_file = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The office store"), N_("PATH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &central_url,
      N_("The central system (default: where the store enrolled)"), N_("URL") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("CA certificates the pack’s signer must chain to (default: this workstation’s)"),
      N_("DIR") },
    { "packs-dir", 0, 0, G_OPTION_ARG_FILENAME, &packs_dir,
      N_("Where packs are installed (default: the workstation’s)"), N_("DIR") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("CA certificates for central’s HTTPS certificate (default: the system’s)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  g_autoptr(CdHttpClient) http = NULL;
  g_autoptr(CdRulePackFetchReport) report = NULL;

  if (!cli_parse (&argc, &argv, "rules fetch", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("rules fetch", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open ("rules fetch", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  setup = cd_office_setup_read (db, &error);
  if (setup == NULL)
    {
      cli_fail ("rules fetch", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (central_url == NULL)
    central_url = g_strdup (setup->central_url);
  if (central_url == NULL)
    {
      cli_fail ("rules fetch", _("This store never enrolled with central: give --central URL"));
      return CLI_EXIT_USAGE;
    }
  if (!cli_office_credential ("rules fetch", db, credential_file, &credential))
    return CLI_EXIT_FAILED;
  if (credential == NULL)
    {
      if (credential_file == NULL)
        cli_fail ("rules fetch", _("No office credentials: enrol first, or give "
                                   "--office-credential-file FILE"));
      return CLI_EXIT_FAILED;
    }
  trust = cli_pack_anchors ("rules fetch", trust_dir, db);
  if (trust == NULL)
    return CLI_EXIT_FAILED;
  http = cd_http_client_new ();
  if (ca_file != NULL)
    cd_http_client_set_ca_file (http, ca_file);
  report = cd_rule_pack_fetch (http, central_url, credential, trust, packs_dir, NULL, &error);
  if (report == NULL)
    {
      cli_fail ("rules fetch", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Central offers %u rule packs; %u newly installed, %u refused.\n"), report->listed,
          report->installed->len, report->refused->len);
  for (guint i = 0; i < report->installed->len; i++)
    print_installed (g_ptr_array_index (report->installed, i), FALSE);
  for (guint i = 0; i < report->refused->len; i++)
    cli_fail ("rules fetch", "%s", (char *) g_ptr_array_index (report->refused, i));
  return report->refused->len > 0 ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int
cli_rules (int    argc,
           char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "build"))
    return rules_build (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "install"))
    return rules_install (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return rules_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "fetch"))
    return rules_fetch (argc - 1, argv + 1);
  cli_fail ("rules", _("Expected “build”, “install”, “list” or “fetch”"));
  return CLI_EXIT_USAGE;
}
