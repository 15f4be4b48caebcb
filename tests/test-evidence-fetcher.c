/* test-evidence-fetcher.c — every source asked for one person, each with its own answer or error. */
#include "cd-evidence-fetcher.h"
#include "cd-gateway-process.h"
#include "cd-world.h"
#include "test-util.h"

#define WORLD_SEED   "3"
#define WORLD_PEOPLE "200"

typedef struct
{
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
  CdCentralClient  *central;
  char              personal_id[13];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--world-seed", WORLD_SEED, "--people", WORLD_PEOPLE, NULL };
  CdHttpRetryPolicy fast = { 2, 5, 10 };
  g_autoptr(GError) error = NULL;
  CdWorld *world = cd_world_new (3, 200);
  CdWorldPerson person;

  g_assert_true (cd_world_get_person (world, 0, 0, &person));
  memcpy (fixture->personal_id, person.personal_id, sizeof fixture->personal_id);
  cd_world_free (world);

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->http = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->http, &fast);
  fixture->central = cd_central_client_new (fixture->http,
                                            cd_gateway_process_get_base_url (fixture->gateway),
                                            cd_gateway_process_get_office_credential (
                                              fixture->gateway, fixture->http, NULL),
                                            "cb01");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->central);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
}

static gboolean
body_contains (const CdEvidenceResponse *response,
               const char               *needle)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (response->body, &length);
  g_autofree char *text = g_strndup (data, length);

  return strstr (text, needle) != NULL;
}

static void
count_progress (const CdEvidenceResponse *response,
                gpointer                  user_data)
{
  guint *seen = user_data;
  *seen |= 1u << response->source;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray **out = user_data;
  *out = cd_evidence_fetcher_fetch_finish (CD_EVIDENCE_FETCHER (object), result, NULL);
}

static void
test_every_source_answers (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CdEvidenceFetcher) fetcher =
    cd_evidence_fetcher_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                             fixture->central, "cb01");
  g_autoptr(GPtrArray) responses = NULL;
  guint seen = 0;

  cd_evidence_fetcher_fetch_async (fetcher, fixture->personal_id, "2020-01-01", "2026-11-20", NULL,
                                   count_progress, &seen, on_fetched, &responses);
  while (responses == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (responses->len, ==, CD_N_EVIDENCE_SOURCES);
  g_assert_cmpuint (seen, ==, (1u << CD_N_EVIDENCE_SOURCES) - 1);
  for (guint i = 0; i < responses->len; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (responses, i);

      g_test_message ("%s: %s", cd_evidence_source_to_string (i), response->url);
      g_assert_no_error (response->error);
      g_assert_cmpint (response->source, ==, i);
      g_assert_cmpuint (response->status, ==, 200);
      g_assert_nonnull (response->fetched_at);
      g_assert_cmpuint (g_bytes_get_size (response->body), >, 0);
    }

  g_assert_true (body_contains (g_ptr_array_index (responses, CD_EVIDENCE_MEDICAL), "<GIAMDINHHS>"));
  g_assert_true (body_contains (g_ptr_array_index (responses, CD_EVIDENCE_CIVIL_BIRTHS),
                                "\"ketQuaXuLy\""));
  g_assert_true (body_contains (g_ptr_array_index (responses, CD_EVIDENCE_POPULATION_IDENTITY),
                                "<MaKetQua>0</MaKetQua>"));
  g_assert_true (body_contains (g_ptr_array_index (responses, CD_EVIDENCE_POPULATION_RELATIVES),
                                "<DanhSachNhanThan>"));
  g_assert_true (body_contains (g_ptr_array_index (responses, CD_EVIDENCE_CENTRAL_PERSON),
                                fixture->personal_id));
  g_assert_true (body_contains (g_ptr_array_index (responses, CD_EVIDENCE_CENTRAL_CONTRIBUTIONS),
                                "\"months\""));
}

static void
test_one_dead_system_does_not_stop_the_others (Fixture       *fixture,
                                               gconstpointer  data)
{
  /* The medical, civil and population systems are unreachable; the central one is up. */
  g_autoptr(CdEvidenceFetcher) fetcher =
    cd_evidence_fetcher_new (fixture->http, "http://127.0.0.1:1", fixture->central, "cb01");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) responses =
    cd_evidence_fetcher_fetch_sync (fetcher, fixture->personal_id, "2026-01-01", "2026-11-20", NULL,
                                    &error);

  g_assert_no_error (error);
  for (guint i = 0; i < responses->len; i++)
    {
      CdEvidenceResponse *response = g_ptr_array_index (responses, i);
      gboolean central = i == CD_EVIDENCE_CENTRAL_PERSON || i == CD_EVIDENCE_CENTRAL_CONTRIBUTIONS
                         || i == CD_EVIDENCE_CENTRAL_USAGE;

      if (central)
        {
          g_assert_no_error (response->error);
          g_assert_cmpuint (response->status, ==, 200);
        }
      else
        {
          g_assert_error (response->error, CD_HTTP_ERROR, CD_HTTP_ERROR_CONNECT);
          /* The message names the system and the address that failed. */
          g_assert_nonnull (strstr (response->error->message,
                                    cd_evidence_source_get_system (i)));
          g_assert_nonnull (strstr (response->error->message, "http://127.0.0.1:1/"));
          g_assert_null (response->body);
        }
    }
}

static void
test_unknown_person_is_an_error_per_source (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(CdEvidenceFetcher) fetcher =
    cd_evidence_fetcher_new (fixture->http, cd_gateway_process_get_base_url (fixture->gateway),
                             fixture->central, "cb01");
  g_autoptr(GPtrArray) responses =
    cd_evidence_fetcher_fetch_sync (fetcher, "001099999999", "2026-01-01", "2026-11-20", NULL, NULL);
  CdEvidenceResponse *medical = g_ptr_array_index (responses, CD_EVIDENCE_MEDICAL);
  CdEvidenceResponse *identity = g_ptr_array_index (responses, CD_EVIDENCE_POPULATION_IDENTITY);

  g_assert_error (medical->error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS);
  g_assert_cmpuint (medical->status, ==, 404);
  /* The population database answers "not found" inside a successful SOAP reply. */
  g_assert_no_error (identity->error);
  g_assert_true (body_contains (identity, "<MaKetQua>1</MaKetQua>"));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/evidence-fetcher/every-source-answers", test_every_source_answers);
  ADD ("/evidence-fetcher/one-dead-system-does-not-stop-the-others",
       test_one_dead_system_does_not_stop_the_others);
  ADD ("/evidence-fetcher/unknown-person-is-an-error-per-source",
       test_unknown_person_is_an_error_per_source);

  return g_test_run ();
}
