/* test-http-client.c — the libcurl client against the real gateway, through every fault kind. */
#include <json-glib/json-glib.h>

#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "cd-world.h"
#include "test-util.h"

typedef struct
{
  CdGatewayProcess   *gateway;
  CdHttpClient       *client;
  const char         *base;
  CdOfficeCredential *credential;  /* the gateway's office's: the token endpoint needs them */
} Fixture;

static void
set_faults (Fixture    *fixture,
            const char *json)
{
  g_autofree char *url = g_strconcat (fixture->base, "/_control/faults", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--fault-seed", "7", NULL };
  g_autoptr(GError) error = NULL;
  CdHttpRetryPolicy fast = { 3, 10, 40 };

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  fixture->base = cd_gateway_process_get_base_url (fixture->gateway);
  fixture->client = cd_http_client_new ();
  cd_http_client_set_retry_policy (fixture->client, &fast);
  {
    g_autoptr(CdEnrolment) enrolment = cd_gateway_process_enrol (fixture->gateway, fixture->client,
                                                                 &error);

    g_assert_no_error (error);
    fixture->credential = g_steal_pointer (&enrolment->credential);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->gateway);
  g_clear_pointer (&fixture->credential, cd_office_credential_free);
}

/* The token endpoint is a faulted endpoint of the played central system. */
static CdHttpRequest *
token_request (Fixture  *fixture,
               gboolean  idempotent)
{
  static const char json[] = "{\"officer\":\"cb01\"}";
  g_autofree char *url = g_strconcat (fixture->base, "/central/token", NULL);
  g_autofree char *authorization = cd_office_credential_to_basic_auth (fixture->credential);
  CdHttpRequest *request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static (json, sizeof json - 1);

  cd_http_request_set_body (request, "application/json", body);
  cd_http_request_add_header (request, "Authorization", authorization);
  cd_http_request_set_idempotent (request, idempotent);
  return request;
}

static void
assert_json_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
}

static void
test_clean_line (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->client, request, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (response->attempts, ==, 1);
  g_assert_true (g_str_has_prefix (response->content_type, "application/json"));
  assert_json_object (response->body);
}

static void
test_errors_are_retried_then_reported (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  set_faults (fixture, "{\"error-rate\": 1.0}");
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "503"));
  g_assert_nonnull (strstr (error->message, "after 3 attempts"));
  g_assert_nonnull (strstr (error->message, cd_http_request_get_url (request)));
}

/* GET a civil-status path about a person of the gateway's default world (seed 1). */
static CdHttpResponse *
get_civil (Fixture     *fixture,
           const char  *path,
           GError     **error)
{
  CdWorld *world = cd_world_new (1, 1000);
  CdWorldPerson person;
  g_autofree char *url = NULL;
  g_autoptr(CdHttpRequest) request = NULL;

  g_assert_true (cd_world_get_person (world, 0, 0, &person));
  cd_world_free (world);
  url = g_strdup_printf ("%s%s?so_giay_to=%s", fixture->base, path, person.personal_id);
  request = cd_http_request_new ("GET", url);
  return cd_http_client_send (fixture->client, request, NULL, error);
}

/* One path fails, whatever the rates; the path next to it answers; "" puts it right. */
static void
test_fail_path_fails_that_path_only (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) deaths = NULL;
  g_autoptr(CdHttpResponse) births = NULL;
  g_autoptr(CdHttpResponse) again = NULL;

  set_faults (fixture, "{\"fail-path\": \"/civil/deaths\"}");
  deaths = get_civil (fixture, "/civil/deaths", &error);
  g_assert_null (deaths);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "503"));
  g_clear_error (&error);
  births = get_civil (fixture, "/civil/births", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (births->status, ==, 200);

  set_faults (fixture, "{\"fail-path\": \"\"}");
  again = get_civil (fixture, "/civil/deaths", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->status, ==, 200);
}

static void
test_non_idempotent_is_sent_once (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  set_faults (fixture, "{\"error-rate\": 1.0}");
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS);
  g_assert_null (strstr (error->message, "attempts"));
}

static void
test_some_errors_recovered_by_retry (Fixture       *fixture,
                                     gconstpointer  data)
{
  CdHttpRetryPolicy patient = { 8, 5, 20 };
  guint retried = 0;

  cd_http_client_set_retry_policy (fixture->client, &patient);
  set_faults (fixture, "{\"error-rate\": 0.5}");
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(CdHttpRequest) request = token_request (fixture, TRUE);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->client, request, NULL,
                                                                &error);
      g_assert_no_error (error);
      g_assert_cmpuint (response->status, ==, 200);
      retried += response->attempts > 1;
    }
  /* With half the answers failing, ten requests without a single retry would be a broken fault. */
  g_assert_cmpuint (retried, >, 0);
}

static void
test_reset_mid_body (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  set_faults (fixture, "{\"reset-rate\": 1.0}");
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_null (response);
  g_assert_true (g_error_matches (error, CD_HTTP_ERROR, CD_HTTP_ERROR_RESET)
                 || g_error_matches (error, CD_HTTP_ERROR, CD_HTTP_ERROR_TRUNCATED));
  g_assert_nonnull (strstr (error->message, "/central/token"));
}

static void
test_truncated_body (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  set_faults (fixture, "{\"truncate-rate\": 1.0}");
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_TRUNCATED);
}

static void
test_slow_body_arrives_whole (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  set_faults (fixture, "{\"slow-rate\": 1.0}");
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  assert_json_object (response->body);
}

static void
test_garbage_is_well_framed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *body;

  set_faults (fixture, "{\"garbage-rate\": 1.0}");
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  body = g_bytes_get_data (response->body, &length);
  g_assert_false (json_parser_load_from_data (parser, body, (gssize) length, NULL));
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  set_faults (fixture, "{\"latency-ms\": 2000}");
  cd_http_request_set_timeout_ms (request, 200);
  response = cd_http_client_send (fixture->client, request, NULL, &error);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_TIMEOUT);
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;
  CdHttpResponse *response = cd_http_client_send_finish (CD_HTTP_CLIENT (object), result, error);

  g_assert_null (response);
  g_assert_nonnull (*error);
}

static void
test_cancellation (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 started;

  set_faults (fixture, "{\"latency-ms\": 10000}");
  started = g_get_monotonic_time ();
  cd_http_client_send_async (fixture->client, request, cancellable, on_sent, &error);
  g_timeout_add (100, cancel_soon, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled long before the 10 s answer: cancellation does not wait for the server. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_connections_are_reused (Fixture       *fixture,
                             gconstpointer  data)
{
  guint before = cd_http_client_get_connections_opened (fixture->client);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(CdHttpRequest) request = token_request (fixture, FALSE);
      g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->client, request, NULL, NULL);
      g_assert_nonnull (response);
    }
  /* One connection at most: the enrolment of the fixture may have opened the one reused here. */
  g_assert_cmpuint (cd_http_client_get_connections_opened (fixture->client) - before, <=, 1);
  g_assert_cmpuint (cd_http_client_get_connections_opened (fixture->client), ==, 1);
}

static void
test_insecure_url_is_refused (void)
{
  g_autoptr(CdHttpClient) client = cd_http_client_new ();
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", "http://192.0.2.10/health");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = cd_http_client_send (client, request, NULL, &error);

  g_assert_null (response);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_REFUSED_URL);
  /* Refused before any connection was attempted. */
  g_assert_cmpuint (cd_http_client_get_connections_opened (client), ==, 0);
}

static void
test_connection_refused_names_url (void)
{
  g_autoptr(CdHttpClient) client = cd_http_client_new ();
  CdHttpRetryPolicy fast = { 2, 1, 2 };
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", "http://127.0.0.1:1/health");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_client_set_retry_policy (client, &fast);
  response = cd_http_client_send (client, request, NULL, &error);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "http://127.0.0.1:1/health"));
}

typedef struct
{
  guint answered;          /* requests answered so far */
  guint answered_before;   /* ... when the other job ran; G_MAXUINT until it has */
} Crowd;

static void
on_crowd_sent (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Crowd *crowd = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = cd_http_client_send_finish (CD_HTTP_CLIENT (object),
                                                                   result, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  crowd->answered++;
}

static void
other_job (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  g_task_return_boolean (task, TRUE);
}

static void
on_other_job_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Crowd *crowd = user_data;

  crowd->answered_before = crowd->answered;
}

/* Two dozen requests waiting on a slow link leave GLib's shared thread pool (ten threads) to the
 * process's other jobs: the job runs while they all still wait. */
static void
test_waiting_requests_leave_the_pool (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (
      (GDestroyNotify) cd_http_request_unref);
  g_autoptr(GTask) task = NULL;
  Crowd crowd = { 0, G_MAXUINT };
  gint64 until;

  set_faults (fixture, "{\"latency-ms\": 1500}");
  for (guint i = 0; i < 24; i++)
    {
      g_ptr_array_add (requests, token_request (fixture, FALSE));
      cd_http_client_send_async (fixture->client, g_ptr_array_index (requests, i), NULL,
                                 on_crowd_sent, &crowd);
    }
  /* Long enough for every request to be on the wire, far short of the answers. */
  until = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (crowd.answered, ==, 0);

  task = g_task_new (NULL, NULL, on_other_job_done, &crowd);
  g_task_run_in_thread (task, other_job);
  while (crowd.answered < 24 || crowd.answered_before == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (crowd.answered_before, ==, 0);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/http-client/clean-line", test_clean_line);
  ADD ("/http-client/errors-are-retried-then-reported", test_errors_are_retried_then_reported);
  ADD ("/http-client/non-idempotent-is-sent-once", test_non_idempotent_is_sent_once);
  ADD ("/http-client/fail-path-fails-that-path-only", test_fail_path_fails_that_path_only);
  ADD ("/http-client/some-errors-recovered-by-retry", test_some_errors_recovered_by_retry);
  ADD ("/http-client/reset-mid-body", test_reset_mid_body);
  ADD ("/http-client/truncated-body", test_truncated_body);
  ADD ("/http-client/slow-body-arrives-whole", test_slow_body_arrives_whole);
  ADD ("/http-client/garbage-is-well-framed", test_garbage_is_well_framed);
  ADD ("/http-client/timeout", test_timeout);
  ADD ("/http-client/cancellation", test_cancellation);
  ADD ("/http-client/connections-are-reused", test_connections_are_reused);
  ADD ("/http-client/waiting-requests-leave-the-pool", test_waiting_requests_leave_the_pool);
  g_test_add_func ("/http-client/insecure-url-is-refused", test_insecure_url_is_refused);
  g_test_add_func ("/http-client/connection-refused-names-url", test_connection_refused_names_url);

  return g_test_run ();
}
