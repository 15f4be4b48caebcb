/* test-rule-packs-fetch.c — rule packs from central over HTTP, from the real gateway: a good pack
 * for a future date is installed, a tampered, an untrusted and a failing one are refused, each
 * with its reason; by the core, by `claimdesk-cli rules fetch`, and by the context, whose rules
 * then carry the new pack (docs/rules.md, "Rule-pack updates"). */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-context.h"
#include "cd-data-dir.h"
#include "cd-gateway-process.h"
#include "cd-rule-pack-fetch.h"
#include "test-util.h"

#define GOOD_ID "vn-si-2024+2099.01"

typedef struct
{
  char             *dir;
  char             *packs_dir;
  char             *trust_dir;
  char             *credential_file;
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
  const CdOfficeCredential *credential;
  const char       *url;
} Fixture;

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (strstr (text, from));
  parts = g_strsplit (text, from, 2);
  return g_strjoinv (to, parts);
}

/* A copy of the shipped pack as version `id`; its first golden case's total is `total`. */
static char *
make_pack (Fixture    *fixture,
           const char *id,
           const char *total)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  char *dir = g_build_filename (fixture->dir, id, NULL);
  const char *folders[] = { "calendars", "golden" };
  g_autofree char *params = g_build_filename (shipped, "parameters.json", NULL);
  g_autofree char *text = read_text (params);
  g_autofree char *version = g_strdup_printf ("\"version\": \"%s\"", id);
  g_autofree char *renamed = replace (text, "\"version\": \"vn-si-2024+2026.07\"", version);
  g_autofree char *params_to = g_build_filename (dir, "parameters.json", NULL);

  write_text (params_to, renamed);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *from = g_build_filename (shipped, folders[i], NULL);
      g_autoptr(GDir) listing = g_dir_open (from, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *source = g_build_filename (from, name, NULL);
          g_autofree char *target = g_build_filename (dir, folders[i], name, NULL);
          g_autofree char *contents = read_text (source);

          if (g_str_equal (name, "01-sickness-outpatient.json"))
            {
              g_autofree char *edited = replace (contents, "\"total\": 1406250", total);
              write_text (target, edited);
            }
          else
            write_text (target, contents);
        }
    }
  return dir;
}

static void
publish (Fixture    *fixture,
         const char *id,
         const char *effective,
         const char *dir,
         const char *signature)
{
  g_autofree char *url = g_strconcat (fixture->url, "/_control/rule-packs", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "effective");
  json_builder_add_string_value (builder, effective);
  json_builder_set_member_name (builder, "dir");
  json_builder_add_string_value (builder, dir);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  body = g_bytes_new (json, strlen (json));
  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *good = NULL, *tampered = NULL, *untrusted = NULL, *failing = NULL;
  g_autofree char *text = NULL;

  fixture->dir = test_tmpdir_new ();
  fixture->packs_dir = g_build_filename (fixture->dir, "packs", NULL);
  fixture->trust_dir = g_build_filename (pki, "trust", NULL);
  fixture->gateway = cd_gateway_process_new (NULL);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  fixture->url = cd_gateway_process_get_base_url (fixture->gateway);
  fixture->http = cd_http_client_new ();
  fixture->credential = cd_gateway_process_get_office_credential (fixture->gateway, fixture->http,
                                                                  &error);
  g_assert_no_error (error);
  text = cd_office_credential_to_string (fixture->credential);
  fixture->credential_file = g_build_filename (fixture->dir, "office.credential", NULL);
  g_assert_true (g_file_set_contents_full (fixture->credential_file, text, -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));

  good = make_pack (fixture, GOOD_ID, "\"total\": 1406250");
  tampered = make_pack (fixture, "vn-si-2024+2099.02", "\"total\": 1406250");
  untrusted = make_pack (fixture, "vn-si-2024+2099.03", "\"total\": 1406250");
  failing = make_pack (fixture, "vn-si-2024+2099.04", "\"total\": 999");
  publish (fixture, GOOD_ID, "2099-01-01", good, "central");
  publish (fixture, "vn-si-2024+2099.02", "2099-02-01", tampered, "tampered");
  publish (fixture, "vn-si-2024+2099.03", "2099-03-01", untrusted, "untrusted");
  publish (fixture, "vn-si-2024+2099.04", "2099-04-01", failing, "central");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_free (fixture->packs_dir);
  g_free (fixture->trust_dir);
  g_free (fixture->credential_file);
  test_tmpdir_free (fixture->dir);
}

static gboolean
refused_with (GPtrArray  *refused,
              const char *id,
              const char *reason)
{
  for (guint i = 0; i < refused->len; i++)
    if (strstr (refused->pdata[i], id) != NULL && strstr (refused->pdata[i], reason) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_fetch_installs_good_refuses_bad (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = cd_trust_store_new_from_dir (fixture->trust_dir, &error);
  g_autoptr(CdRulePackFetchReport) report = NULL;
  g_autoptr(CdRulePackFetchReport) again = NULL;
  g_autoptr(GPtrArray) installed = NULL;
  CdInstalledPack *pack;

  g_assert_no_error (error);
  report = cd_rule_pack_fetch (fixture->http, fixture->url, fixture->credential, trust,
                               fixture->packs_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->listed, ==, 4);
  g_assert_cmpuint (report->installed->len, ==, 1);
  pack = g_ptr_array_index (report->installed, 0);
  g_assert_cmpstr (pack->id, ==, GOOD_ID);
  g_assert_cmpint (pack->effective, ==, cd_date_from_ymd (2099, 1, 1));
  g_assert_true (g_str_has_suffix (pack->source, "/central/rule-packs/" GOOD_ID));
  g_assert_cmpuint (report->refused->len, ==, 3);
  g_assert_true (refused_with (report->refused, "2099.02", "does not match its content"));
  g_assert_true (refused_with (report->refused, "2099.03", "no trust anchor"));
  g_assert_true (refused_with (report->refused, "2099.04",
                               "golden/01-sickness-outpatient.json: total: expected 999"));
  installed = cd_installed_packs_list (fixture->packs_dir);
  g_assert_cmpuint (installed->len, ==, 1);

  /* What is installed is not fetched again. */
  again = cd_rule_pack_fetch (fixture->http, fixture->url, fixture->credential, trust,
                              fixture->packs_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->installed->len, ==, 0);
  g_assert_cmpuint (again->refused->len, ==, 3);
}

static void
test_fetch_needs_office_credentials (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = cd_trust_store_new_from_dir (fixture->trust_dir, &error);
  g_autoptr(CdOfficeCredential) wrong = cd_office_credential_new ("nobody", "not-a-secret");
  g_autoptr(CdRulePackFetchReport) report = NULL;

  report = cd_rule_pack_fetch (fixture->http, fixture->url, wrong, trust, fixture->packs_dir,
                               NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_CREDENTIALS);
}

static void
test_cli_fetch (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "office.db", NULL);
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  const char *init_argv[] = { cli, "init", "--db", db, NULL };
  const char *fetch_argv[] = { cli, "rules", "fetch", "--db", db, "--central", fixture->url,
                               "--office-credential-file", fixture->credential_file,
                               "--trust-dir", fixture->trust_dir, "--packs-dir",
                               fixture->packs_dir, NULL };
  const char *list_argv[] = { cli, "rules", "list", "--packs-dir", fixture->packs_dir, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (test_run (init_argv, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Refusals make the exit status 1, each with its reason on stderr. */
  g_assert_cmpint (test_run (fetch_argv, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "Central offers 4 rule packs; 1 newly installed, 3 refused."));
  g_assert_nonnull (strstr (out, "Installed rule pack " GOOD_ID));
  g_assert_cmpuint (test_count_lines (err), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (list_argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, GOOD_ID ", from 2099-01-01"));
  g_assert_nonnull (strstr (out, "not yet in force"));
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The context fetches with its own address, credentials and anchors, then reloads its rules. */
static void
test_context_fetch_reloads_rules (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(CdRulePackFetchReport) report = NULL;
  CdRulePack *reloaded;

  cd_context_set_addresses (context, fixture->url, fixture->url);
  cd_context_set_office_credential (context, fixture->credential);
  cd_context_set_trust_dir (context, fixture->trust_dir);
  cd_context_set_rule_packs_dir (context, fixture->packs_dir);
  cd_context_load_rule_pack_async (context, NULL, on_done, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  pack = cd_context_load_rule_pack_finish (context, loaded, &error);
  g_assert_no_error (error);
  g_assert_true (cd_rule_pack_for_day (pack, cd_date_from_ymd (2099, 6, 1)) == pack);

  cd_context_fetch_rule_packs_async (context, NULL, on_done, &fetched);
  while (fetched == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = cd_context_fetch_rule_packs_finish (context, fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->installed->len, ==, 1);
  /* The reload replaces the context's pack when it is read. */
  while (cd_context_get_rule_pack (context) == pack)
    g_main_context_iteration (NULL, TRUE);
  reloaded = cd_context_get_rule_pack (context);
  g_assert_cmpstr (cd_rule_pack_get_version (cd_rule_pack_for_day (reloaded,
                                                                   cd_date_from_ymd (2099, 6,
                                                                                     1))),
                   ==, GOOD_ID);
  g_assert_cmpstr (cd_rule_pack_get_version (cd_rule_pack_for_day (reloaded,
                                                                   cd_date_from_ymd (2026, 12,
                                                                                     6))),
                   ==, "vn-si-2024+2026.07");
}

static gboolean
one_installed (const char *packs_dir)
{
  g_autoptr(GPtrArray) installed = cd_installed_packs_list (packs_dir);

  return installed->len == 1;
}

/* The natural moment: a sync run that went without error means central is reachable, and the
 * context fetches the packs it lacks by itself, then reloads its rules. */
static void
test_fetch_after_sync_run (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "office.db", NULL);
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  const char *init_argv[] = { cli, "init", "--db", db, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(GError) error = NULL;
  CdRulePack *reloaded;
  gint64 deadline;

  g_assert_cmpint (test_run (init_argv, &out, &err), ==, 0);
  cd_context_set_addresses (context, fixture->url, fixture->url);
  cd_context_set_office_credential (context, fixture->credential);
  cd_context_set_trust_dir (context, fixture->trust_dir);
  cd_context_set_rule_packs_dir (context, fixture->packs_dir);
  cd_context_set_operator (context, "officer");
  cd_context_load_rule_pack_async (context, NULL, on_done, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  pack = cd_context_load_rule_pack_finish (context, loaded, &error);
  g_assert_no_error (error);
  g_assert_false (one_installed (fixture->packs_dir));

  cd_context_set_db_path (context, db);
  cd_context_set_background_sync (context, TRUE);
  deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while (cd_context_get_rule_pack (context) == pack && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (one_installed (fixture->packs_dir));
  g_assert_true (cd_context_get_rule_pack (context) != pack);
  reloaded = cd_context_get_rule_pack (context);
  g_assert_cmpstr (cd_rule_pack_get_version (cd_rule_pack_for_day (reloaded,
                                                                   cd_date_from_ymd (2099, 1, 1))),
                   ==, GOOD_ID);
  cd_context_set_background_sync (context, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rule-packs-fetch/core", test_fetch_installs_good_refuses_bad);
  ADD ("/rule-packs-fetch/office-credentials", test_fetch_needs_office_credentials);
  ADD ("/rule-packs-fetch/cli", test_cli_fetch);
  ADD ("/rule-packs-fetch/context", test_context_fetch_reloads_rules);
  ADD ("/rule-packs-fetch/after-sync-run", test_fetch_after_sync_run);
#undef ADD
  return g_test_run ();
}
