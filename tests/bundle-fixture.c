/* bundle-fixture.c — see bundle-fixture.h. */
#include <stdlib.h>
#include <string.h>

#include "bundle-fixture.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "test-util.h"

void
bundle_fixture_set_up (BundleFixture *fixture,
                       gconstpointer  data)
{
  fixture->dir = test_tmpdir_new ();
  fixture->db_path = g_build_filename (fixture->dir, "office.db", NULL);
}

void
bundle_fixture_tear_down (BundleFixture *fixture,
                          gconstpointer  data)
{
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_free (fixture->db_path);
  g_free (fixture->credential_file);
  test_tmpdir_free (fixture->dir);
}

void
bundle_fixture_seed (BundleFixture *fixture,
                     const char    *claims)
{
  /* Enough people for the claims: the seeder needs about one for every seven claims. */
  g_autofree char *people = g_strdup_printf ("%d", MAX (1500, atoi (claims) / 7));
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"), "seed", "--db", fixture->db_path, "--people",
                         people, "--claims", claims, "--seed", "6", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
}

void
bundle_fixture_start_gateway (BundleFixture      *fixture,
                              const char * const *args)
{
  g_autoptr(GError) error = NULL;
  const CdOfficeCredential *credential;
  g_autofree char *text = NULL;

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  fixture->http = cd_http_client_new ();
  /* The office enrols as a workstation does; the CLI reads the credentials from a file. */
  credential = cd_gateway_process_get_office_credential (fixture->gateway, fixture->http, &error);
  g_assert_no_error (error);
  text = cd_office_credential_to_string (credential);
  fixture->credential_file = g_build_filename (fixture->dir, "office.credential", NULL);
  g_assert_true (g_file_set_contents_full (fixture->credential_file, text, -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
}

int
bundle_fixture_cli (BundleFixture      *fixture,
                    const char         *verb,
                    const char * const *args,
                    char              **out,
                    char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *local_out = NULL;
  g_autofree char *local_err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  g_ptr_array_add (argv, (gpointer) "bundle");
  g_ptr_array_add (argv, (gpointer) verb);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db_path);
  g_ptr_array_add (argv, (gpointer) "--office-credential-file");
  g_ptr_array_add (argv, fixture->credential_file);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  status = test_run ((const char * const *) argv->pdata, &local_out, &local_err);
  if (status != 0)
    g_test_message ("bundle %s: %s %s", verb, local_out, local_err);
  if (out != NULL)
    *out = g_steal_pointer (&local_out);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return status;
}

guint
bundle_fixture_post (BundleFixture  *fixture,
                     const char     *path,
                     const char     *receipts_path,
                     char          **answer)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/central/bundles", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  {
    g_autoptr(GBytes) body = g_bytes_new_take (contents, length);
    cd_http_request_set_body (request, "application/json", body);
  }
  response = cd_http_client_send (fixture->http, request, NULL, &error);
  g_assert_no_error (error);
  if (response->status == 200 && receipts_path != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (response->body, &size);

      g_assert_true (g_file_set_contents (receipts_path, data, (gssize) size, &error));
    }
  if (answer != NULL)
    *answer = g_strndup (g_bytes_get_data (response->body, NULL),
                         g_bytes_get_size (response->body));
  return response->status;
}

GHashTable *
bundle_fixture_central (BundleFixture *fixture,
                        JsonParser    *parser)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/decisions", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, NULL);
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gsize length = 0;
  const char *data;
  JsonArray *array;

  g_assert_nonnull (response);
  data = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (item, "id");

      g_assert_false (g_hash_table_contains (by_id, id));   /* exactly once */
      g_hash_table_insert (by_id, (gpointer) id, item);
    }
  return by_id;
}

gint64
bundle_fixture_query_int (BundleFixture *fixture,
                          const char    *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (fixture->db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

void
bundle_fixture_control_post (BundleFixture *fixture,
                             const char    *path,
                             const char    *json)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway), path,
                                      NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
}
