/* test-lists-cli.c — `claimdesk-cli lists fetch|open|show` against the real gateway and a store
 * seeded from the same world: the list central serves arrives once, and what the parser and the
 * store can tell already (a repeated row, an SI number of someone else) is where the gateway says
 * it planted it. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-database.h"
#include "cd-date.h"
#include "cd-gateway-process.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

#define WORLD_SEED 11
#define WORLD_PEOPLE 2000

typedef struct
{
  char             *dir;
  char             *db_path;
  char             *credential_path;
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--lists", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autofree char *credential = NULL;
  const CdOfficeCredential *office;

  fixture->dir = test_tmpdir_new ();
  fixture->db_path = g_build_filename (fixture->dir, "claims.db", NULL);
  db = cd_database_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, WORLD_SEED, WORLD_PEOPLE, 200, NULL, NULL, &error));
  g_assert_no_error (error);

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->http = cd_http_client_new ();
  office = cd_gateway_process_get_office_credential (fixture->gateway, fixture->http, &error);
  g_assert_no_error (error);
  credential = cd_office_credential_to_string (office);
  fixture->credential_path = g_build_filename (fixture->dir, "office.credential", NULL);
  g_assert_true (g_file_set_contents (fixture->credential_path, credential, -1, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_free (fixture->db_path);
  g_free (fixture->credential_path);
  g_clear_pointer (&fixture->dir, test_tmpdir_free);
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return test_run ((const char * const *) argv->pdata, out, err);
}

static JsonObject *
control_make_list (Fixture    *fixture,
                   JsonParser *parser)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/lists", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  static const char body[] = "{\"dossier\": \"630a\", \"rows\": 50, \"rates\": {"
                             "\"duplicate\": 0.12, \"other-si\": 0.12, \"period\": 0.1,"
                             " \"decided\": 0.05}}";
  g_autoptr(GBytes) request_body = g_bytes_new_static (body, strlen (body));
  g_autoptr(CdHttpResponse) response = NULL;
  gsize length;
  const char *text;

  cd_http_request_set_body (request, "application/json", request_body);
  response = cd_http_client_send (fixture->http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
  text = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static gint64
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) select = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (select, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (select, 0);
}

static void
test_fetch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *made = control_make_list (fixture, parser);
  g_autofree char *trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                             NULL);
  const char *fetch[] = { "lists", "fetch", "--db", fixture->db_path, "--central",
                          cd_gateway_process_get_base_url (fixture->gateway),
                          "--office-credential-file", fixture->credential_path, "--trust-dir",
                          trust, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *json = NULL, *json_err = NULL;
  g_autofree char *kinds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdStatement) rows = NULL;
  g_autoptr(JsonParser) shown = json_parser_new ();
  JsonArray *planted = json_object_get_array_member (made, "planted");
  gint64 n_rows = json_object_get_int_member (made, "rows");
  guint n_duplicates = 0, n_other = 0;
  CdStep step;

  /* One line per new list. */
  g_assert_cmpint (run_cli (fetch, &out, &err), ==, 0);
  g_assert_cmpuint (test_count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, json_object_get_string_member (made, "unit_code")));
  g_assert_nonnull (strstr (out, "630a"));
  g_assert_nonnull (strstr (out, "signature valid"));

  /* Again: nothing new, nothing added. */
  g_assert_cmpint (run_cli (fetch, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "No new lists"));

  db = cd_database_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_lists"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_list_rows"), ==, n_rows);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM employer_lists WHERE central_id = '"
                                  "L0001' AND parse_state = 'parsed' AND signature = 'valid'"),
                   ==, 1);

  /* The planted kinds by row number, as one string: kinds[n] is 'd', 'o', or '.'. */
  kinds = g_strnfill ((gsize) n_rows + 1, '.');
  for (guint i = 0; i < json_array_get_length (planted); i++)
    {
      JsonObject *plant = json_array_get_object_element (planted, i);
      const char *kind = json_object_get_string_member (plant, "kind");
      gint64 row = json_object_get_int_member (plant, "row");

      if (g_str_equal (kind, "duplicate"))
        kinds[row] = 'd', n_duplicates++;
      else if (g_str_equal (kind, "other-si"))
        kinds[row] = 'o', n_other++;
    }
  g_assert_cmpuint (n_duplicates, >, 0);
  g_assert_cmpuint (n_other, >, 0);

  /* Every SI number is one the store knows (the same world), the repeated rows are the parser's
   * problems, and someone else's SI number shows as a name that is not the person's. */
  rows = cd_database_prepare (db, "SELECT r.number, r.n_problems, p.full_name IS NULL,"
                                  " p.full_name = r.name FROM employer_list_rows r"
                                  " LEFT JOIN persons p ON p.si_code = r.si_code"
                                  " ORDER BY r.part, r.position", &error);
  g_assert_no_error (error);
  while ((step = cd_statement_step (rows, &error)) == CD_STEP_ROW)
    {
      gint64 number = cd_statement_get_int64 (rows, 0);
      char kind = kinds[number];

      g_assert_cmpint (cd_statement_get_int64 (rows, 2), ==, 0);
      g_assert_cmpint (cd_statement_get_int64 (rows, 1) > 0, ==, kind == 'd');
      if (kind != 'd')
        g_assert_cmpint (cd_statement_get_int64 (rows, 3), ==, kind != 'o');
    }
  g_assert_cmpint (step, ==, CD_STEP_DONE);

  /* lists show: the list, then its rows with their fields and problems. */
  {
    const char *show[] = { "lists", "show", "--db", fixture->db_path, "1", "--json", NULL };
    JsonObject *list;

    g_assert_cmpint (run_cli (show, &json, &json_err), ==, 0);
    g_assert_true (json_parser_load_from_data (shown, json, -1, NULL));
    list = json_node_get_object (json_parser_get_root (shown));
    g_assert_cmpstr (json_object_get_string_member (list, "central_id"), ==, "L0001");
    g_assert_cmpint (json_object_get_int_member (list, "problem_rows"), ==, n_duplicates);
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (list, "row_list")), ==,
                     n_rows);

    /* Its statutory deadline: on the day it came, all 7 working days are left; a month later it
     * is overdue. */
    {
      g_autofree char *received = g_strndup (json_object_get_string_member (list, "received_at"),
                                             10);
      g_autofree char *later = NULL;
      const char *on_receipt[] = { "lists", "show", "--db", fixture->db_path, "--today", NULL,
                                   "--json", NULL };
      g_autofree char *due_json = NULL, *due_err = NULL;
      g_autofree char *late_json = NULL, *late_err = NULL;
      g_autoptr(JsonParser) due_parser = json_parser_new ();
      g_autoptr(JsonParser) late_parser = json_parser_new ();
      JsonObject *first;
      CdDay day;

      g_assert_true (cd_date_parse (received, &day));
      later = cd_date_to_string (day + 31);
      on_receipt[5] = received;
      g_assert_cmpint (run_cli (on_receipt, &due_json, &due_err), ==, 0);
      g_assert_true (json_parser_load_from_data (due_parser, due_json, -1, NULL));
      first = json_array_get_object_element (json_node_get_array (
                json_parser_get_root (due_parser)), 0);
      g_assert_cmpint (json_object_get_int_member (first, "working_days_left"), ==, 7);
      g_assert_cmpstr (json_object_get_string_member (first, "deadline"), >, received);

      on_receipt[5] = later;
      g_assert_cmpint (run_cli (on_receipt, &late_json, &late_err), ==, 0);
      g_assert_true (json_parser_load_from_data (late_parser, late_json, -1, NULL));
      first = json_array_get_object_element (json_node_get_array (
                json_parser_get_root (late_parser)), 0);
      g_assert_cmpint (json_object_get_int_member (first, "working_days_left"), <, 0);
    }
  }
}

static void
test_open_and_show (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "lists",
                                                 "list-630b-part2.xml", NULL);
  const char *open_file[] = { "lists", "open", "--db", fixture->db_path, file, NULL };
  const char *show_all[] = { "lists", "show", "--db", fixture->db_path, NULL };
  const char *show_one[] = { "lists", "show", "--db", fixture->db_path, "1", NULL };
  const char *show_none[] = { "lists", "show", "--db", fixture->db_path, "7", NULL };
  const char *bad_verb[] = { "lists", "eat", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *all = NULL, *all_err = NULL, *one = NULL, *one_err = NULL;
  g_autofree char *none = NULL, *none_err = NULL, *bad = NULL, *bad_err = NULL;

  g_assert_cmpint (run_cli (open_file, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "630b"));
  g_assert_cmpint (run_cli (open_file, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "Already stored as list 1"));
  g_assert_cmpint (run_cli (show_all, &all, &all_err), ==, 0);
  g_assert_cmpuint (test_count_lines (all), ==, 1);
  g_assert_cmpint (run_cli (show_one, &one, &one_err), ==, 0);
  g_assert_nonnull (strstr (one, "Trần Thị Bình"));
  g_assert_nonnull (strstr (one, "2.1"));
  g_assert_cmpint (run_cli (show_none, &none, &none_err), ==, 1);
  g_assert_nonnull (strstr (none_err, "7"));
  g_assert_cmpint (run_cli (bad_verb, &bad, &bad_err), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/lists-cli/fetch", Fixture, NULL, fixture_set_up, test_fetch, fixture_tear_down);
  g_test_add ("/lists-cli/open-and-show", Fixture, NULL, fixture_set_up, test_open_and_show,
              fixture_tear_down);
  return g_test_run ();
}
