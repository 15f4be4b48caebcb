/* test-central-client.c — decision intake against the real gateway: idempotent, conflicts named,
 * tokens refreshed, and every decision filed exactly once through a faulty line. */
#include <json-glib/json-glib.h>

#include "cd-canonical-json.h"
#include "cd-central-client.h"
#include "cd-gateway-process.h"
#include "test-util.h"

typedef struct
{
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
  CdCentralClient  *central;
  GPtrArray        *ids;        /* owned strings */
  GPtrArray        *payloads;
  GPtrArray        *hashes;
} Fixture;

static void
control_post (Fixture    *fixture,
              const char *path,
              const char *json)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway), path, NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->http, request, NULL, NULL);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 200);
}

static JsonArray *
stored_decisions (Fixture    *fixture,
                  JsonParser *parser)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway),
                                      "/_control/central/decisions", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, NULL);
  gsize length = 0;
  const char *data = g_bytes_get_data (response->body, &length);

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  return json_node_get_array (json_parser_get_root (parser));
}

static void
add_decision (Fixture *fixture,
              guint    n,
              gint64   total)
{
  g_autofree char *text = g_strdup_printf ("{\"claim\":\"OD-2026-%06u\",\"amount\":%"
                                           G_GINT64_FORMAT ",\"benefit\":\"sickness\"}", n, total);
  char *canonical = cd_canonical_json_from_text (text, NULL);

  g_ptr_array_add (fixture->ids, g_strdup_printf ("6f1c0000-0000-4000-8000-%012u", n));
  g_ptr_array_add (fixture->hashes, cd_sha256_hex (canonical, strlen (canonical)));
  g_ptr_array_add (fixture->payloads, canonical);
}

static GPtrArray *
submit (Fixture  *fixture,
        guint     first,
        guint     count,
        GError  **error)
{
  g_autofree CdOutboundDecision *batch = g_new0 (CdOutboundDecision, count);

  for (guint i = 0; i < count; i++)
    batch[i] = (CdOutboundDecision) { g_ptr_array_index (fixture->ids, first + i),
                                      g_ptr_array_index (fixture->hashes, first + i),
                                      g_ptr_array_index (fixture->payloads, first + i) };
  return cd_central_client_submit_decisions (fixture->central, batch, count, NULL, error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "11", NULL };
  g_autoptr(GError) error = NULL;
  CdHttpRetryPolicy fast = { 6, 5, 40 };

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  fixture->http = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->http, &fast);
  fixture->central = cd_central_client_new (fixture->http,
                                            cd_gateway_process_get_base_url (fixture->gateway),
                                            cd_gateway_process_get_office_credential (
                                              fixture->gateway, fixture->http, NULL),
                                            "cb01");
  fixture->ids = g_ptr_array_new_with_free_func (g_free);
  fixture->payloads = g_ptr_array_new_with_free_func (g_free);
  fixture->hashes = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->central);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  g_ptr_array_unref (fixture->ids);
  g_ptr_array_unref (fixture->payloads);
  g_ptr_array_unref (fixture->hashes);
}

static CdCentralResult *
result_at (GPtrArray *results,
           guint      i)
{
  return g_ptr_array_index (results, i);
}

static void
test_accepted_then_duplicate (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;

  for (guint i = 0; i < 3; i++)
    add_decision (fixture, i, 1406250 + i);

  first = submit (fixture, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (result_at (first, i)->outcome, ==, CD_CENTRAL_ACCEPTED);
      g_assert_nonnull (result_at (first, i)->receipt);
    }

  /* Sent again (its answer was lost, say): acknowledged again with the same receipt. */
  again = submit (fixture, 0, 3, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (result_at (again, i)->outcome, ==, CD_CENTRAL_DUPLICATE);
      g_assert_cmpstr (result_at (again, i)->receipt, ==, result_at (first, i)->receipt);
    }
}

static void
test_same_id_other_payload_is_conflict (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *stored;

  add_decision (fixture, 7, 1000000);
  add_decision (fixture, 8, 2000000);
  /* The second payload under the first one's id. */
  g_free (g_ptr_array_index (fixture->ids, 1));
  fixture->ids->pdata[1] = g_strdup (g_ptr_array_index (fixture->ids, 0));

  first = submit (fixture, 0, 1, &error);
  g_assert_no_error (error);
  second = submit (fixture, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result_at (second, 0)->outcome, ==, CD_CENTRAL_CONFLICT);
  g_assert_nonnull (result_at (second, 0)->reason);

  /* Not overwritten: the central side still holds the first payload. */
  stored = stored_decisions (fixture, parser);
  g_assert_cmpuint (json_array_get_length (stored), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 0),
                                                  "payload_hash"), ==,
                   g_ptr_array_index (fixture->hashes, 0));
}

static void
test_refusal_carries_reason (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  control_post (fixture, "/_control/faults", "{\"refuse-rate\": 1.0}");
  add_decision (fixture, 3, 500000);
  results = submit (fixture, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result_at (results, 0)->outcome, ==, CD_CENTRAL_REFUSED);
  g_assert_null (result_at (results, 0)->receipt);
  g_assert_nonnull (result_at (results, 0)->reason);
}

static void
test_expired_tokens_are_renewed (Fixture       *fixture,
                                 gconstpointer  data)
{
  control_post (fixture, "/_control/faults", "{\"expire-tokens\": true}");
  for (guint i = 0; i < 4; i++)
    add_decision (fixture, 20 + i, 100000 * (i + 1));

  /* Each token serves one request: every batch after the first needs a new one. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = submit (fixture, i, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result_at (results, 0)->outcome, ==, CD_CENTRAL_ACCEPTED);
    }
}

static void
test_exactly_once_through_faults (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) receipts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *stored;
  const guint n = 60, batch = 6;
  gint64 resent = 0;

  control_post (fixture, "/_control/faults",
                "{\"error-rate\": 0.2, \"reset-rate\": 0.15, \"truncate-rate\": 0.1}");
  for (guint i = 0; i < n; i++)
    add_decision (fixture, 100 + i, 10000 * (i + 1));

  for (guint first = 0; first < n; first += batch)
    {
      /* A batch that fails even after the client's retries is sent again, as the sync does. */
      for (guint round = 0; ; round++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) results = submit (fixture, first, batch, &error);

          if (results != NULL)
            {
              for (guint i = 0; i < results->len; i++)
                {
                  CdCentralResult *result = result_at (results, i);
                  g_assert_true (result->outcome == CD_CENTRAL_ACCEPTED
                                 || result->outcome == CD_CENTRAL_DUPLICATE);
                  g_hash_table_replace (receipts, g_strdup (result->id), g_strdup (result->receipt));
                }
              break;
            }
          g_assert_cmpuint (round, <, 20);
        }
    }

  stored = stored_decisions (fixture, parser);
  g_assert_cmpuint (json_array_get_length (stored), ==, n);
  g_assert_cmpuint (g_hash_table_size (receipts), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (stored, i);
      const char *id = json_object_get_string_member (entry, "id");

      resent += json_object_get_int_member (entry, "times_received") - 1;

      /* One stored entry per decision, its receipt the one we were given. */
      g_assert_cmpstr (json_object_get_string_member (entry, "receipt"), ==,
                       g_hash_table_lookup (receipts, id));
      g_assert_cmpint (json_object_get_int_member (entry, "conflicts"), ==, 0);
    }
  /* The faults did make some batches arrive twice: the test exercised the deduplication. */
  g_assert_cmpint (resent, >, 0);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/central-client/accepted-then-duplicate", test_accepted_then_duplicate);
  ADD ("/central-client/same-id-other-payload-is-conflict", test_same_id_other_payload_is_conflict);
  ADD ("/central-client/refusal-carries-reason", test_refusal_carries_reason);
  ADD ("/central-client/expired-tokens-are-renewed", test_expired_tokens_are_renewed);
  ADD ("/central-client/exactly-once-through-faults", test_exactly_once_through_faults);

  return g_test_run ();
}
