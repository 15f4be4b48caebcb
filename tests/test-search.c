/* test-search.c — one query over people and claims, accent- and case-insensitive. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-database.h"
#include "cd-search.h"
#include "cd-seed.h"
#include "test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  CdDatabase *db;
} Fixture;

/* A seeded store plus two people whose names differ only by marks and đ, to check folding. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "search.db", NULL);
  f->db = cd_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (f->db, 5, 400, 1200, NULL, NULL, &error));
  g_assert_true (cd_database_exec (
      f->db,
      "INSERT INTO persons (personal_id, si_code, health_card, full_name, family_name,"
      " middle_name, given_name,"
      " name_folded, sex, birth_date, updated_at) VALUES"
      " ('079088001234', '7999000001', 'DN4797999000001', 'Nguyễn Văn Đức', 'Nguyễn', 'Văn', 'Đức',"
      "  'nguyen van duc', 'male', '1988-03-02', 'x'),"
      " ('001195004321', '0199000002', NULL, 'Đoàn Thị Ánh Tuyết', 'Đoàn', 'Thị Ánh', 'Tuyết',"
      "  'doan thi anh tuyet', 'female', '1995-07-30', 'x');"
      "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, office_id,"
      " officer_id,"
      " period_from, period_to, received_on, created_at, updated_at)"
      " SELECT 'HS-2026-99990001', 0, 0, id, name_folded, 1, 1, '2026-11-02', '2026-11-04',"
      " 20261105, 'x', 'x'"
      " FROM persons WHERE personal_id = '001195004321';",
      &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->path);
  test_tmpdir_free (f->dir);
}

static GPtrArray *
run (Fixture    *f,
     const char *query,
     guint       limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = cd_search_run (f->db, query, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static gboolean
finds (GPtrArray  *results,
       const char *id)
{
  for (guint k = 0; k < results->len; k++)
    if (g_str_equal (((CdSearchResult *) results->pdata[k])->id, id))
      return TRUE;
  return FALSE;
}

static void
test_accents_and_case (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const queries[] = {
    "nguyen van duc", "NGUYEN VAN DUC", "Nguyễn Văn Đức", "nguyễn văn đức", "Nguyen Van Duc",
    "NGUYỄN VĂN ĐỨC", "duc nguyen van",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) results = run (f, queries[q], 100);
      g_assert_true (finds (results, "079088001234"));
    }
  {
    g_autoptr(GPtrArray) results = run (f, "doan thi anh tuyet", 10);
    CdSearchResult *top = results->pdata[0];
    g_assert_cmpstr (top->id, ==, "001195004321");
    g_assert_cmpstr (top->name, ==, "Đoàn Thị Ánh Tuyết");
  }
}

static void
test_prefix_while_typing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) partial = run (f, "nguyen van d", 500);
  g_autoptr(GPtrArray) initials = run (f, "ng v du", 500);
  g_autoptr(GPtrArray) none = run (f, "zzqx", 10);

  g_assert_true (finds (partial, "079088001234"));
  g_assert_true (finds (initials, "079088001234"));
  g_assert_cmpuint (none->len, ==, 0);

  /* Every person found by name matches every typed prefix. */
  for (guint k = 0; k < partial->len; k++)
    {
      CdSearchResult *r = partial->pdata[k];
      if (r->kind != CD_SEARCH_KIND_PERSON)
        continue;
      g_assert_true (g_str_has_prefix (r->name, "Nguyễn") || strstr (r->name, " Nguyễn") != NULL
                     || strstr (r->name, "Văn") != NULL);
    }
}

static void
test_ranking_and_claims (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) results = run (f, "nguyen van duc", 20);
  g_autoptr(GPtrArray) tuyet = run (f, "doan thi anh tuyet", 20);
  CdSearchResult *top = results->pdata[0];
  CdSearchResult *second = tuyet->pdata[1];

  /* The full match outranks people who only share "Nguyễn Văn". */
  g_assert_cmpint (top->kind, ==, CD_SEARCH_KIND_PERSON);
  g_assert_cmpstr (top->name, ==, "Nguyễn Văn Đức");
  g_assert_cmpuint (results->len, <=, 20);

  /* The claims of the people found come right after them. */
  g_assert_cmpint (second->kind, ==, CD_SEARCH_KIND_CLAIM);
  g_assert_cmpstr (second->id, ==, "HS-2026-99990001");
  g_assert_cmpstr (second->name, ==, "Đoàn Thị Ánh Tuyết");
}

static void
test_identifiers (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const queries[] = {
    "079088001234", "079 088 001 234", "7999000001", "DN4797999000001", "dn4797999000001",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) results = run (f, queries[q], 5);
      CdSearchResult *top;
      g_assert_cmpuint (results->len, >=, 1);
      top = results->pdata[0];
      /* An exact identifier comes first. */
      g_assert_cmpstr (top->id, ==, "079088001234");
      g_assert_true (top->exact);
    }
  {
    g_autoptr(GPtrArray) claim = run (f, "HS-2026-99990001", 5);
    g_autoptr(GPtrArray) prefix = run (f, "0790880", 5);
    CdSearchResult *top = claim->pdata[0];
    g_assert_cmpint (top->kind, ==, CD_SEARCH_KIND_CLAIM);
    g_assert_cmpstr (top->name, ==, "Đoàn Thị Ánh Tuyết");
    g_assert_true (top->exact);
    g_assert_true (finds (prefix, "079088001234"));
  }
}

static void
test_hostile_queries (Fixture       *f,
                      gconstpointer  data)
{
  static const char *const queries[] = {
    "\"", "nguyen\" OR \"", "*",   "NEAR(a b)", "a:b", "-- ;DROP TABLE persons",
    "'",  "\xff\xfe",       "   ",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr (GPtrArray) results
          = cd_search_run (f->db, queries[q], 10, &error);
      g_assert_no_error (error);
      g_assert_nonnull (results);
    }
}

static void
test_cli_json (Fixture       *f,
               gconstpointer  data)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_CLI"),
                         "search",
                         "--db",
                         f->path,
                         "--json",
                         "--limit",
                         "5",
                         "NGUYEN",
                         "VAN",
                         "DUC",
                         NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), >=, 1);
  g_assert_cmpuint (json_array_get_length (array), <=, 5);
  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      JsonObject *o = json_array_get_object_element (array, k);
      g_assert_true (json_object_has_member (o, "kind"));
      g_assert_true (json_object_has_member (o, "id"));
      g_assert_true (json_object_has_member (o, "name"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "Nguyễn Văn Đức");
}

static void
on_searched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GPtrArray *
search_async (Fixture       *f,
              const char    *query,
              guint          limit,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_search_async (f->path, query, limit, cancellable, on_searched, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cd_search_finish (result, error);
}

/* Off the main loop on a reader of its own, the same answer as on the caller's connection, cut at
 * the limit; a search the caller gave up on answers nothing. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = run (f, "nguyen", 7);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  results = search_async (f, "nguyen", 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 7);
  g_assert_cmpuint (results->len, ==, expected->len);
  for (guint k = 0; k < results->len; k++)
    {
      CdSearchResult *got = results->pdata[k], *want = expected->pdata[k];

      g_assert_cmpint (got->kind, ==, want->kind);
      g_assert_cmpstr (got->id, ==, want->id);
      g_assert_cmpstr (got->name, ==, want->name);
    }

  g_cancellable_cancel (cancellable);
  none = search_async (f, "nguyen", 7, cancellable, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/accents-and-case", Fixture, NULL, fixture_set_up, test_accents_and_case,
              fixture_tear_down);
  g_test_add ("/search/prefix-while-typing", Fixture, NULL, fixture_set_up,
              test_prefix_while_typing, fixture_tear_down);
  g_test_add ("/search/ranking-and-claims", Fixture, NULL, fixture_set_up, test_ranking_and_claims,
              fixture_tear_down);
  g_test_add ("/search/identifiers", Fixture, NULL, fixture_set_up, test_identifiers,
              fixture_tear_down);
  g_test_add ("/search/hostile-queries", Fixture, NULL, fixture_set_up, test_hostile_queries,
              fixture_tear_down);
  g_test_add ("/search/cli-json", Fixture, NULL, fixture_set_up, test_cli_json, fixture_tear_down);
  g_test_add ("/search/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);

  return g_test_run ();
}
