/* test-central-lists.c — central (the real gateway) serves employers' 01B-HSB lists made from its
 * world: signed by the unit, readable by the parser, and wrong exactly where the gateway says it
 * planted wrong rows. */
#include <string.h>

#include "cd-central-lists.h"
#include "cd-data-dir.h"
#include "cd-date.h"
#include "cd-employer-list.h"
#include "cd-gateway-process.h"
#include "cd-world.h"

#define WORLD_SEED 7
#define WORLD_PEOPLE 2000
/* A world with one large employer: 90 % of 4,100 households work for it, enough undecided
 * sickness claims since the law of 2024 took effect for a list of 2,000 rows. */
#define LARGE_PEOPLE 4100
#define LARGE_SINCE "2025-07-01"
#define LARGE_SHARE "0.9"

typedef struct
{
  CdGatewayProcess         *gateway;
  CdHttpClient             *http;
  const CdOfficeCredential *credential;
  CdTrustStore             *trust;
  CdWorld                  *world;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean large = GPOINTER_TO_INT (data);
  const char *args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                         "--people", G_STRINGIFY (WORLD_PEOPLE), "--lists", "3", NULL, NULL };
  const char *large_args[] = { "--world-seed", G_STRINGIFY (WORLD_SEED),
                               "--people", G_STRINGIFY (LARGE_PEOPLE), "--lists", "0",
                               "--world-large-employer-share", LARGE_SHARE, NULL };
  CdHttpRetryPolicy fast = { 2, 5, 10 };
  g_autoptr(GError) error = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *trust = g_build_filename (pki, "trust", NULL);

  fixture->gateway = cd_gateway_process_new (large ? large_args : args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  fixture->http = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->http, &fast);
  fixture->credential = cd_gateway_process_get_office_credential (fixture->gateway,
                                                                  fixture->http, &error);
  g_assert_no_error (error);
  fixture->trust = cd_trust_store_new_from_dir (trust, &error);
  g_assert_no_error (error);
  fixture->world = cd_world_new (WORLD_SEED, large ? LARGE_PEOPLE : WORLD_PEOPLE);
  if (large)
    cd_world_set_large_employer_share (fixture->world, g_ascii_strtod (LARGE_SHARE, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cd_world_free (fixture->world);
  g_clear_object (&fixture->trust);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
}

static CdEmployerList *
fetch_list (Fixture    *fixture,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = cd_central_lists_fetch_envelope (fixture->http,
                                                             cd_gateway_process_get_base_url (
                                                               fixture->gateway),
                                                             fixture->credential, id, &url, NULL,
                                                             &error);
  CdEmployerList *list;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (url, id));
  list = cd_employer_list_parse (NULL, fixture->trust, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), url, &error);
  g_assert_no_error (error);
  return list;
}

static void
test_index (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) index = cd_central_lists_fetch_index (fixture->http,
                                                             cd_gateway_process_get_base_url (
                                                               fixture->gateway),
                                                             fixture->credential, NULL, &error);
  g_autoptr(CdOfficeCredential) wrong = cd_office_credential_new ("cred-nobody", "secret");
  g_autoptr(GPtrArray) refused = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (index->len, ==, 3);
  for (guint i = 0; i < index->len; i++)
    {
      CdCentralListEntry *entry = g_ptr_array_index (index, i);
      g_autoptr(CdEmployerList) list = fetch_list (fixture, entry->id);

      g_assert_cmpstr (entry->dossier_code, ==, i == 0 ? "630a" : i == 1 ? "630b" : "630c");
      g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_VALID);
      g_assert_cmpstr (list->unit_code, ==, entry->unit_code);
      g_assert_cmpstr (list->dossier_code, ==, entry->dossier_code);
      g_assert_cmpstr (list->period, ==, entry->period);
      g_assert_cmpuint (list->rows->len, ==, entry->rows);
      g_assert_cmpuint (list->rows->len, >, 0);
    }

  /* Only an enrolled office sees the lists. */
  refused = cd_central_lists_fetch_index (fixture->http,
                                          cd_gateway_process_get_base_url (fixture->gateway),
                                          wrong, NULL, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

/* Does the world have a claim of this household for exactly this period? */
static const CdWorldClaim *
world_claim (Fixture            *fixture,
             guint32             household,
             const char         *from,
             const char         *to,
             CdWorldClaim       *out)
{
  for (guint j = 0; j < CD_WORLD_EVENTS_PER_HOUSEHOLD; j++)
    if (cd_world_get_claim (fixture->world,
                            (guint64) j * cd_world_get_n_people (fixture->world) + household,
                            out)
        && g_strcmp0 (out->period_from, from) == 0 && g_strcmp0 (out->period_to, to) == 0)
      return out;
  return NULL;
}

static gboolean
has_problem (CdEmployerListRow *row,
             const char        *column)
{
  for (guint i = 0; i < row->problems->len; i++)
    if (g_str_equal (((CdEmployerListProblem *) g_ptr_array_index (row->problems, i))->column,
                     column))
      return TRUE;
  return FALSE;
}

/* POSTs `body` to make a list; its summary, with the planted rows. */
static JsonObject *
make_list (Fixture    *fixture,
           const char *body)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/lists", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text;
  gsize length;

  cd_http_request_set_body (request, "application/json", request_body);
  response = cd_http_client_send (fixture->http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
  text = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Every row of `list` is what the world says, except where the gateway says it planted a wrong
 * row, and then wrong in the way it says; counts[] gets the kinds planted. */
static void
check_rows (Fixture        *fixture,
            CdEmployerList *list,
            JsonObject     *answer,
            guint          *counts)
{
  g_autofree int *planted = g_new (int, list->rows->len + 1);
  JsonArray *plants;

  for (guint i = 0; i <= list->rows->len; i++)
    planted[i] = -1;
  plants = json_object_get_array_member (answer, "planted");
  for (guint i = 0; i < json_array_get_length (plants); i++)
    {
      JsonObject *plant = json_array_get_object_element (plants, i);
      const char *kind = json_object_get_string_member (plant, "kind");
      static const char *const kinds[] = { "period", "other-si", "child-age", "duplicate",
                                           "decided" };
      guint row = (guint) json_object_get_int_member (plant, "row");

      g_assert_cmpuint (row, >=, 1);
      g_assert_cmpuint (row, <=, list->rows->len);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (g_str_equal (kind, kinds[k]))
          planted[row] = (int) k, counts[k]++;
      g_assert_cmpint (planted[row], >=, 0);
    }

  for (guint i = 0; i < list->rows->len; i++)
    {
      CdEmployerListRow *row = g_ptr_array_index (list->rows, i);
      CdWorldPerson person;
      CdWorldClaim claim;
      guint32 household;
      guint role;
      int kind = planted[row->number];

      g_assert_cmpuint (row->number, ==, i + 1);
      /* What the parser can tell already: the repeated rows, and only those. */
      g_assert_cmpint (has_problem (row, "1"), ==, kind == 3);
      if (kind == 3)
        {
          CdEmployerListRow *before = g_ptr_array_index (list->rows, i - 1);

          /* A copy of the row before: the same person and period. */
          g_assert_cmpstr (row->si_code, ==, before->si_code);
          g_assert_cmpstr (row->from, ==, before->from);
          continue;
        }
      g_assert_nonnull (row->si_code);
      g_assert_true (cd_world_lookup_si_code (fixture->world, row->si_code, &household, &role));
      g_assert_true (cd_world_get_person (fixture->world, household, role, &person));
      /* Another person's SI number: the name is not that person's. */
      g_assert_cmpint (g_str_equal (person.full_name, row->name), ==, kind != 1);
      if (kind == 1)
        continue;
      /* The person works for the unit that filed the list. */
      {
        CdWorldEmployer employer;

        g_assert_cmpint (person.employer, >=, 0);
        cd_world_get_employer (fixture->world, (guint32) person.employer, &employer);
        g_assert_cmpstr (employer.code, ==, list->unit_code);
      }
      /* The period agrees with a claim (a certificate) of the person unless it was shifted. */
      g_assert_cmpint (world_claim (fixture, household, row->from, row->to, &claim) != NULL, ==,
                       kind != 0);
      if (kind == 0)
        continue;
      /* An earlier batch decided the claim already. */
      g_assert_cmpint (claim.status == CD_CLAIM_STATUS_APPROVED
                       || claim.status == CD_CLAIM_STATUS_QUEUED
                       || claim.status == CD_CLAIM_STATUS_SYNCED
                       || claim.status == CD_CLAIM_STATUS_REJECTED
                       || claim.status == CD_CLAIM_STATUS_REFUSED, ==, kind == 4);
      if (row->benefit != NULL && g_str_equal (row->benefit, "child_sickness"))
        {
          JsonObject *case_data = json_object_get_object_member (row->fields, "case_data");
          const char *birth = json_object_get_string_member (case_data, "child_birth_date");
          CdDay born, from;

          g_assert_true (cd_date_parse (birth, &born) && cd_date_parse (row->from, &from));
          g_assert_cmpint (cd_date_age_years (born, from) >= 7, ==, kind == 2);
        }
      else
        g_assert_cmpint (kind, !=, 2);
    }
}

static void
test_planted (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) answer = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 50,"
                                            " \"rates\": {\"duplicate\": 0.1, \"decided\": 0.1,"
                                            " \"other-si\": 0.1, \"period\": 0.1,"
                                            " \"child-age\": 0.5}}");
  g_autoptr(CdEmployerList) list = NULL;
  guint counts[5] = { 0 };

  list = fetch_list (fixture, json_object_get_string_member (answer, "id"));
  g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_VALID);
  /* A unit of ~25 households has some 30 to 45 undecided sickness claims: the list holds them
   * all, up to the 50 asked for. */
  g_assert_cmpuint (list->rows->len, ==, json_object_get_int_member (answer, "rows"));
  g_assert_cmpuint (list->rows->len, >=, 30);
  g_assert_cmpuint (list->rows->len, <=, 50);
  check_rows (fixture, list, answer, counts);
  /* At these rates every kind shows up at least once in a list of this size. */
  for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
    g_assert_cmpuint (counts[k], >, 0);
}

/* With the large employer, a list of 2,000 rows of recent leave, as consistent as a small one, at
 * the default rates of wrong rows (the gateway's --list-*-rate defaults). */
static void
test_large_employer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) answer = make_list (fixture, "{\"dossier\": \"630a\", \"rows\": 2000,"
                                            " \"since\": \"" LARGE_SINCE "\","
                                            " \"rates\": {\"period\": 0.03, \"other-si\": 0.02,"
                                            " \"child-age\": 0.02, \"duplicate\": 0.02,"
                                            " \"decided\": 0.02}}");
  g_autoptr(CdEmployerList) list = NULL;
  CdWorldEmployer factory;
  guint counts[5] = { 0 }, sick_children = 0;

  cd_world_get_employer (fixture->world,
                         (guint32) cd_world_get_large_employer (fixture->world), &factory);
  g_assert_cmpstr (json_object_get_string_member (answer, "unit_code"), ==, factory.code);
  g_assert_cmpint (json_object_get_int_member (answer, "rows"), ==, 2000);

  list = fetch_list (fixture, json_object_get_string_member (answer, "id"));
  g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_VALID);
  g_assert_cmpstr (list->unit_code, ==, factory.code);
  g_assert_cmpuint (list->rows->len, ==, 2000);
  check_rows (fixture, list, answer, counts);
  for (guint i = 0; i < list->rows->len; i++)
    {
      CdEmployerListRow *row = g_ptr_array_index (list->rows, i);

      sick_children += g_strcmp0 (row->benefit, "child_sickness") == 0;
      /* Recent leave only (a shifted period ends later still). */
      g_assert_cmpstr (row->to, >=, LARGE_SINCE);
    }
  g_test_message ("planted: %u period, %u other-si, %u child-age, %u duplicate, %u decided;"
                  " %u sick-child rows", counts[0], counts[1], counts[2], counts[3], counts[4],
                  sick_children);
  /* Both sections of the dossier, and every kind of wrong row but the sick child's age, which
   * only the sick-child rows can carry. */
  g_assert_cmpuint (sick_children, >, 0);
  for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
    if (k != 2)
      g_assert_cmpuint (counts[k], >, 10);

  /* A day that is not one is refused, and says which member. */
  {
    static const char bad[] = "{\"dossier\": \"630b\", \"rows\": 10, \"since\": \"2025-13-01\"}";
    g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                        "/_control/central/lists", NULL);
    g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
    g_autoptr(GBytes) body = g_bytes_new_static (bad, sizeof bad - 1);
    g_autoptr(CdHttpResponse) response = NULL;

    cd_http_request_set_body (request, "application/json", body);
    response = cd_http_client_send (fixture->http, request, NULL, NULL);
    g_assert_nonnull (response);
    g_assert_cmpuint (response->status, ==, 400);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (response->body, NULL),
                                    (gssize) g_bytes_get_size (response->body), "since"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/central-lists/index", Fixture, NULL, fixture_set_up, test_index,
              fixture_tear_down);
  g_test_add ("/central-lists/planted", Fixture, NULL, fixture_set_up, test_planted,
              fixture_tear_down);
  g_test_add ("/central-lists/large-employer", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_large_employer, fixture_tear_down);
  return g_test_run ();
}
