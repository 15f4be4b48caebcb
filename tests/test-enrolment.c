/* test-enrolment.c — a workstation joins a real deployment: the reference gateway on loopback over
 * HTTPS (its TEST-ONLY CA), a one-time code exchanged for the office's credentials, central's
 * signed configuration document, tokens only for enrolled offices' officers, revocation of an
 * office or an officer (a clear error, nothing lost locally), and the connection check's reasons.
 */
#include <json-glib/json-glib.h>

#include "cd-central-client.h"
#include "cd-config-document.h"
#include "cd-connection-check.h"
#include "cd-data-dir.h"
#include "cd-enrolment.h"
#include "cd-gateway-process.h"
#include "cd-office-setup.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-sync-worker.h"
#include "cd-trust-anchor.h"
#include "test-util.h"

typedef struct
{
  CdGatewayProcess *gateway;
  CdHttpClient     *http;       /* trusts the test CA */
  const char       *url;        /* https://127.0.0.1:PORT */
  char             *dir;
} Fixture;

static CdGatewayProcess *
start_gateway (const char * const *more_args)
{
  g_autofree char *certificate = cd_gateway_tls_certificate_file ();
  g_autofree char *key = cd_gateway_tls_key_file ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CdGatewayProcess *gateway;

  g_ptr_array_add (args, (char *) "--tls-certificate");
  g_ptr_array_add (args, certificate);
  g_ptr_array_add (args, (char *) "--tls-key");
  g_ptr_array_add (args, key);
  g_ptr_array_add (args, (char *) "--people");
  g_ptr_array_add (args, (char *) "300");
  g_ptr_array_add (args, (char *) "--world-seed");
  g_ptr_array_add (args, (char *) "5");
  for (guint i = 0; more_args != NULL && more_args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) more_args[i]);
  g_ptr_array_add (args, NULL);
  gateway = cd_gateway_process_new ((const char * const *) args->pdata);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);
  return gateway;
}

static CdHttpClient *
trusting_client (void)
{
  g_autofree char *ca = cd_gateway_tls_ca_file ();
  CdHttpClient *http = cd_http_client_new ();
  CdHttpRetryPolicy fast = { 3, 5, 20 };

  cd_http_client_set_ca_file (http, ca);
  cd_http_client_set_retry_policy (http, &fast);
  return http;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->gateway = start_gateway (data);
  fixture->url = cd_gateway_process_get_base_url (fixture->gateway);
  g_assert_true (g_str_has_prefix (fixture->url, "https://127.0.0.1:"));
  fixture->http = trusting_client ();
  fixture->dir = test_tmpdir_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->gateway);
  test_tmpdir_free (fixture->dir);
}

/* POST to the gateway's control side; returns the answer's JSON object (owned by `parser`). */
static JsonObject *
control (Fixture    *fixture,
         const char *path,
         const char *json,
         JsonParser *parser)
{
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (fixture->http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  data = g_bytes_get_data (response->body, &length);
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
issue_code (Fixture    *fixture,
            const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return g_strdup (json_object_get_string_member (control (fixture, "/_control/enrolment-codes",
                                                           json, parser), "code"));
}

static CdEnrolment *
enrol (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CdEnrolment *enrolment = cd_gateway_process_enrol (fixture->gateway, fixture->http, &error);

  g_assert_no_error (error);
  return enrolment;
}

/* ---- enrolment ----------------------------------------------------------------------------- */

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_enrolment_gives_office_and_credentials (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdEnrolment) enrolment = NULL;
  g_autofree char *lower = g_ascii_strdown (cd_gateway_process_get_enrolment_code (fixture->gateway),
                                            -1);

  /* As the assistant will, off the main loop; the code as typed, in lower case with spaces. */
  {
    g_autofree char *typed = g_strconcat ("  ", lower, " ", NULL);

    cd_enrolment_exchange_async (fixture->http, fixture->url, typed, NULL, on_result, &result);
  }
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  enrolment = cd_enrolment_exchange_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (enrolment->office_code, ==, "BHXH-079-BT");
  g_assert_cmpstr (enrolment->office_name, ==, "Bảo hiểm xã hội quận Bình Thạnh");
  g_assert_cmpstr (enrolment->province, ==, "079");
  g_assert_cmpstr (enrolment->central_url, ==, fixture->url);
  g_assert_true (g_str_has_prefix (enrolment->credential->id, "cred-"));
  g_assert_cmpuint (strlen (enrolment->credential->secret), >=, 32);
}

static void
test_used_unknown_and_expired_codes (Fixture       *fixture,
                                     gconstpointer  data)
{
  const char *code = cd_gateway_process_get_enrolment_code (fixture->gateway);
  g_autoptr(CdEnrolment) first = enrol (fixture);
  g_autofree char *expired = issue_code (fixture, "{\"expires_in\": 0}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdEnrolment) again = NULL;

  /* One code, one workstation, once. */
  again = cd_enrolment_exchange (fixture->http, fixture->url, code, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_CODE_USED);
  g_assert_nonnull (strstr (error->message, code));
  g_clear_error (&error);

  again = cd_enrolment_exchange (fixture->http, fixture->url, "ZZZZ-ZZZZ-ZZZZ", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);

  again = cd_enrolment_exchange (fixture->http, fixture->url, expired, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_CODE_EXPIRED);
  g_assert_nonnull (strstr (error->message, expired));
  g_clear_error (&error);

  /* Not a code at all: nothing is sent. */
  again = cd_enrolment_exchange (fixture->http, fixture->url, "mã số!", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CD_ENROLMENT_ERROR, CD_ENROLMENT_ERROR_INVALID_CODE);
}

static void
test_codes_for_another_office (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *code = issue_code (fixture, "{\"office\": {\"code\": \"BHXH-001-HK\", \"name\":"
                                               " \"Bảo hiểm xã hội quận Hoàn Kiếm\", \"province\":"
                                               " \"001\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdEnrolment) enrolment = cd_enrolment_exchange (fixture->http, fixture->url, code, NULL,
                                                            &error);

  g_assert_no_error (error);
  g_assert_cmpstr (enrolment->office_code, ==, "BHXH-001-HK");
  g_assert_cmpstr (enrolment->province, ==, "001");
}

/* HTTPS only, except on this computer: central on the network over plain HTTP is refused before
 * anything is sent. */
static void
test_plain_http_off_loopback_is_refused (void)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdEnrolment) enrolment = cd_enrolment_exchange (http, "http://central.bhxh.vn",
                                                            "ABCD-EFGH-JKLM", NULL, &error);

  g_assert_null (enrolment);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_REFUSED_URL);
  g_assert_nonnull (strstr (error->message, "only HTTPS"));
}

/* ---- the configuration document ------------------------------------------------------------ */

/* The TEST-ONLY CA, which issued central's configuration signer: a workstation trusts nothing
 * until its administrator says so, the tests trust what the demo does. */
static CdTrustStore *
shipped_anchors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *dir = g_build_filename (pki, "trust", NULL);
  CdTrustStore *trust = cd_trust_store_new_from_dir (dir, &error);

  g_assert_no_error (error);
  return trust;
}

static void
test_document_verified_and_applied (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = NULL;
  g_autofree char *db_path = g_build_filename (fixture->dir, "office.db", NULL);
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autofree char *ca_path = cd_data_dir_build ("pki", "trust", "claimdesk-test-ca.pem", NULL);
  g_autoptr(GPtrArray) expected = cd_trust_anchors_from_file (ca_path, NULL);

  document = cd_config_document_fetch (fixture->http, fixture->url, enrolment->credential, trust,
                                       NULL, &error);
  g_assert_no_error (error);
  /* The four systems are the gateway's own addresses; the anchor is the test CA. */
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    g_assert_cmpstr (cd_endpoints_get (document->endpoints, i), ==, fixture->url);
  g_assert_cmpstr (document->office_code, ==, "BHXH-079-BT");
  g_assert_cmpint (document->serial, ==, 1);
  g_assert_cmpuint (document->anchors->len, ==, 1);
  g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (document->anchors, 0))->sha256, ==,
                   ((CdTrustAnchor *) g_ptr_array_index (expected, 0))->sha256);
  g_assert_nonnull (strstr (document->signer, "TEST-ONLY central configuration"));

  db = cd_database_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_office_setup_record_enrolment (db, NULL, enrolment, &error));
  g_assert_true (cd_office_setup_apply_document (db, NULL, document, &error));
  g_assert_no_error (error);
  setup = cd_office_setup_read (db, &error);
  g_assert_true (cd_endpoints_equal (setup->endpoints, document->endpoints));
  g_assert_cmpstr (setup->credential_id, ==, enrolment->credential->id);
}

static void
test_tampered_document_is_refused (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* A relay changes an endpoint on the way (the gateway's badsig fault for this document). */
  control (fixture, "/_control/faults", "{\"badsig-rate\": 1.0}", parser);
  document = cd_config_document_fetch (fixture->http, fixture->url, enrolment->credential, trust,
                                       NULL, &error);
  g_assert_null (document);
  g_assert_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "/central/configuration"));
  g_clear_error (&error);

  /* Signed by someone the workstation has no anchor for: refused as well. */
  control (fixture, "/_control/faults", "{\"badsig-rate\": 0}", parser);
  {
    g_autofree char *untrusted_ca = cd_data_dir_build ("pki", "untrusted", "ca.cert.pem", NULL);
    g_autoptr(GPtrArray) anchors = cd_trust_anchors_from_file (untrusted_ca, &error);
    g_autoptr(CdTrustStore) other = cd_trust_anchors_to_store (anchors, &error);

    g_assert_no_error (error);
    document = cd_config_document_fetch (fixture->http, fixture->url, enrolment->credential, other,
                                         NULL, &error);
    g_assert_null (document);
    g_assert_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_UNTRUSTED_SIGNER);
  }
}

static void
test_document_needs_office_credentials (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdOfficeCredential) wrong = cd_office_credential_new (enrolment->credential->id,
                                                                  "not-the-secret");
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = cd_config_document_fetch (fixture->http, fixture->url,
                                                                   wrong, trust, NULL, &error);

  g_assert_null (document);
  g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_CREDENTIALS);
}

/* ---- tokens and revocation ----------------------------------------------------------------- */

static void
test_tokens_need_office_credentials (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdOfficeCredential) wrong = cd_office_credential_new (enrolment->credential->id,
                                                                  "not-the-secret");
  g_autoptr(CdCentralClient) nobody = cd_central_client_new (fixture->http, fixture->url, NULL,
                                                             "cb01");
  g_autoptr(CdCentralClient) impostor = cd_central_client_new (fixture->http, fixture->url, wrong,
                                                               "cb01");
  g_autoptr(CdCentralClient) officer = cd_central_client_new (fixture->http, fixture->url,
                                                              enrolment->credential, "cb01");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  /* Not enrolled: nothing is even asked. */
  g_assert_false (cd_central_client_authenticate (nobody, NULL, &error));
  g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_NOT_ENROLLED);
  g_assert_nonnull (strstr (error->message, "one-time code"));
  g_clear_error (&error);

  g_assert_false (cd_central_client_authenticate (impostor, NULL, &error));
  g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_CREDENTIALS);
  g_clear_error (&error);

  g_assert_true (cd_central_client_authenticate (officer, NULL, &error));
  g_assert_no_error (error);
  response = cd_central_client_get (officer, "/central/status", &root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
test_revoked_officer_and_office (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdCentralClient) cb01 = cd_central_client_new (fixture->http, fixture->url,
                                                           enrolment->credential, "cb01");
  g_autoptr(CdCentralClient) cb02 = cd_central_client_new (fixture->http, fixture->url,
                                                           enrolment->credential, "cb02");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *revoke_office = NULL;

  g_assert_true (cd_central_client_authenticate (cb01, NULL, &error));
  g_assert_true (cd_central_client_authenticate (cb02, NULL, &error));

  /* The officer: refused from the next call on, even with the token already held. */
  control (fixture, "/_control/revocations", "{\"officer\": \"cb01\"}", parser);
  {
    g_autoptr(CdHttpResponse) response = cd_central_client_get (cb01, "/central/status", NULL, NULL,
                                                                &error);

    g_assert_null (response);
    g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED);
    g_assert_nonnull (strstr (error->message, "officer cb01"));
    g_assert_nonnull (strstr (error->message, "Nothing stored on this workstation is lost"));
    g_clear_error (&error);
  }
  g_assert_false (cd_central_client_authenticate (cb01, NULL, &error));
  g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED);
  g_clear_error (&error);
  /* The office's other officers go on. */
  g_assert_true (cd_central_client_authenticate (cb02, NULL, &error));
  g_assert_no_error (error);

  /* The office's credentials: nobody of the office gets anything any more. */
  revoke_office = g_strdup_printf ("{\"credential\": \"%s\"}", enrolment->credential->id);
  control (fixture, "/_control/revocations", revoke_office, parser);
  {
    g_autoptr(CdHttpResponse) response = cd_central_client_get (cb02, "/central/status", NULL, NULL,
                                                                &error);

    g_assert_null (response);
    g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED);
    g_assert_nonnull (strstr (error->message, "this office’s credentials"));
    g_assert_nonnull (strstr (error->message, "enrol the workstation again"));
    g_clear_error (&error);
  }
  {
    g_autoptr(CdTrustStore) trust = shipped_anchors ();
    g_autoptr(CdConfigDocument) document = cd_config_document_fetch (fixture->http, fixture->url,
                                                                     enrolment->credential, trust,
                                                                     NULL, &error);

    g_assert_null (document);
    g_assert_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED);
  }
}

static gint64
query_int (CdDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

/* A revoked office syncing: the run stops at the first refusal with the clear message, every item
 * is still in the outbox, queued, its decision and claim untouched; central filed nothing. */
static void
test_revocation_loses_nothing_locally (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autofree char *db_path = g_build_filename (fixture->dir, "office.db", NULL);
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *revoke = g_strdup_printf ("{\"credential\": \"%s\"}", enrolment->credential->id);
  g_autofree char *last_error = NULL;
  CdSyncReport report;
  gint64 items, queued, synced;

  db = cd_database_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 5, 300, 300, NULL, NULL, &error));
  g_assert_no_error (error);
  items = query_int (db, "SELECT count(*) FROM outbox");
  queued = query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'");
  synced = query_int (db, "SELECT count(*) FROM claims WHERE status = 8");
  g_assert_cmpint (queued, >, 0);

  control (fixture, "/_control/revocations", revoke, parser);
  central = cd_central_client_new (fixture->http, fixture->url, enrolment->credential, "cb01");
  worker = cd_sync_worker_new (db_path, central);
  cd_sync_worker_set_batch_size (worker, 10);
  g_assert_true (cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error));
  g_assert_no_error (error);

  /* One batch was tried, then the run stopped: the others would be refused the same way. */
  g_assert_cmpuint (report.sent, ==, 10);
  g_assert_true (report.unreachable);
  g_assert_cmpuint (report.remaining, ==, (guint) queued);
  last_error = cd_sync_worker_dup_last_error (worker);
  g_assert_nonnull (strstr (last_error, "revoked this office’s credentials"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox"), ==, items);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==, queued);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM claims WHERE status = 8"), ==, synced);
  {
    g_autofree char *url = g_strconcat (fixture->url, "/_control/central/decisions", NULL);
    g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
    g_autoptr(CdHttpResponse) response = cd_http_client_send (fixture->http, request, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                     "[]", 2);
  }
}

/* ---- the connection check ------------------------------------------------------------------ */

static CdConnectionResult *
result_for (GPtrArray *results,
            CdSystem   system)
{
  CdConnectionResult *result = g_ptr_array_index (results, system);

  g_assert_cmpint (result->system, ==, system);
  return result;
}

static GPtrArray *
check (CdHttpClient              *http,
       const CdEndpoints         *endpoints,
       const CdOfficeCredential  *credential,
       const char                *officer)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = cd_connection_check_run (http, endpoints, credential, officer, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, CD_N_SYSTEMS);
  return results;
}

static void
test_check_all_reachable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdEndpoints) endpoints = cd_endpoints_new_two (fixture->url, NULL);
  g_autoptr(GPtrArray) results = check (fixture->http, endpoints, enrolment->credential, "cb01");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    {
      CdConnectionResult *one = result_for (results, i);

      g_assert_cmpint (one->status, ==, CD_CONNECTION_OK);
      g_assert_cmpuint (one->http_status, ==, 200);
      g_assert_true (g_str_has_prefix (one->url, fixture->url));
    }
  g_assert_nonnull (strstr (result_for (results, CD_SYSTEM_CENTRAL)->message, "cb01"));

  /* Off the main loop, as the assistant runs it; without credentials central says so. */
  cd_connection_check_run_async (fixture->http, endpoints, NULL, NULL, NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  again = cd_connection_check_run_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result_for (again, CD_SYSTEM_CENTRAL)->status, ==, CD_CONNECTION_NOT_ENROLLED);
  g_assert_cmpint (result_for (again, CD_SYSTEM_MEDICAL)->status, ==, CD_CONNECTION_OK);
}

static void
test_check_transport_reasons (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CdEndpoints) endpoints = cd_endpoints_new ();
  g_autofree char *not_found = g_strconcat (fixture->url, "/nothing-here", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  CdConnectionResult *one;

  /* central: a port nobody listens on; medical: a wrong path; civil status: the system fails;
   * population: a name that cannot resolve (.invalid never does). */
  cd_endpoints_set (endpoints, CD_SYSTEM_CENTRAL, "https://127.0.0.1:1");
  cd_endpoints_set (endpoints, CD_SYSTEM_MEDICAL, not_found);
  cd_endpoints_set (endpoints, CD_SYSTEM_CIVIL_STATUS, fixture->url);
  cd_endpoints_set (endpoints, CD_SYSTEM_POPULATION, "https://claimdesk-check.invalid");
  control (fixture, "/_control/faults", "{\"fail-path\": \"/civil/status\"}", parser);
  results = check (fixture->http, endpoints, NULL, NULL);

  one = result_for (results, CD_SYSTEM_CENTRAL);
  g_assert_cmpint (one->status, ==, CD_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (one->message, "refused"));
  one = result_for (results, CD_SYSTEM_MEDICAL);
  g_assert_cmpint (one->status, ==, CD_CONNECTION_HTTP_STATUS);
  g_assert_cmpuint (one->http_status, ==, 404);
  g_assert_nonnull (strstr (one->message, "404"));
  one = result_for (results, CD_SYSTEM_CIVIL_STATUS);
  g_assert_cmpint (one->status, ==, CD_CONNECTION_HTTP_STATUS);
  g_assert_cmpuint (one->http_status, ==, 503);
  one = result_for (results, CD_SYSTEM_POPULATION);
  g_assert_cmpint (one->status, ==, CD_CONNECTION_DNS);
  g_assert_nonnull (strstr (one->message, "claimdesk-check.invalid"));
  g_assert_cmpstr (cd_connection_status_to_string (one->status), ==, "dns");
}

/* A server that is not one: whatever comes, it answers in plain HTTP and hangs up. */
static gboolean
answer_in_plain_http (GSocketService    *service,
                      GSocketConnection *connection,
                      GObject           *source,
                      gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_check_certificate_reasons (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CdHttpClient) system_cas = cd_http_client_new ();
  g_autoptr(CdEndpoints) endpoints = cd_endpoints_new_two (fixture->url, NULL);
  g_autoptr(GPtrArray) untrusted = check (system_cas, endpoints, NULL, NULL);
  const char * const other_address[] = { "--listen", "127.0.0.2:0", NULL };
  g_autoptr(CdGatewayProcess) elsewhere = start_gateway (other_address);
  g_autoptr(GError) error = NULL;

  /* The system's CAs do not know the test CA. */
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    g_assert_cmpint (result_for (untrusted, i)->status, ==, CD_CONNECTION_CERT_UNTRUSTED);
  g_assert_nonnull (strstr (result_for (untrusted, CD_SYSTEM_MEDICAL)->message, "trusted"));

  /* https:// to a server that answers in plain HTTP at once: the handshake itself fails. */
  {
    g_autoptr(GSocketService) service = g_socket_service_new ();
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(CdEndpoints) mixed = cd_endpoints_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) results = NULL;
    g_autofree char *url = NULL;

    g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port,
                                                  G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                  NULL, &bound, &error));
    g_signal_connect (service, "incoming", G_CALLBACK (answer_in_plain_http), NULL);
    g_socket_service_start (service);
    url = g_strdup_printf ("https://127.0.0.1:%u",
                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    cd_endpoints_set (mixed, CD_SYSTEM_MEDICAL, url);
    cd_connection_check_run_async (fixture->http, mixed, NULL, NULL, NULL, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    results = cd_connection_check_run_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result_for (results, CD_SYSTEM_MEDICAL)->status, ==,
                     CD_CONNECTION_TLS_HANDSHAKE);
    g_assert_nonnull (strstr (result_for (results, CD_SYSTEM_MEDICAL)->message, "TLS"));
    g_assert_cmpint (result_for (results, CD_SYSTEM_CENTRAL)->status, ==,
                     CD_CONNECTION_NOT_CONFIGURED);
    g_socket_service_stop (service);
    g_socket_listener_close (G_SOCKET_LISTENER (service));
  }

  /* The certificate names 127.0.0.1, ::1 and localhost, not 127.0.0.2. */
  g_assert_true (g_str_has_prefix (cd_gateway_process_get_base_url (elsewhere),
                                   "https://127.0.0.2:"));
  {
    g_autoptr(CdEndpoints) misnamed = cd_endpoints_new_two (cd_gateway_process_get_base_url (elsewhere),
                                                            NULL);
    g_autoptr(GPtrArray) results = check (fixture->http, misnamed, NULL, NULL);

    g_assert_cmpint (result_for (results, CD_SYSTEM_CIVIL_STATUS)->status, ==,
                     CD_CONNECTION_CERT_NAME_MISMATCH);
    g_assert_nonnull (strstr (result_for (results, CD_SYSTEM_CIVIL_STATUS)->message, "127.0.0.2"));
  }

  /* A certificate from the test CA, but only for January 2025. */
  {
    g_autofree char *certificate = cd_data_dir_build ("pki", "tls", "expired.cert.pem", NULL);
    g_autofree char *key = cd_data_dir_build ("pki", "tls", "expired.key.pem", NULL);
    const char * const expired_args[] = { "--tls-certificate", certificate, "--tls-key", key, NULL };
    g_autoptr(CdGatewayProcess) stale = cd_gateway_process_new (expired_args);
    g_autoptr(CdEndpoints) old = NULL;
    g_autoptr(GPtrArray) results = NULL;

    g_assert_true (cd_gateway_process_start_sync (stale, NULL, &error));
    g_assert_no_error (error);
    old = cd_endpoints_new_two (cd_gateway_process_get_base_url (stale), NULL);
    results = check (fixture->http, old, NULL, NULL);
    g_assert_cmpint (result_for (results, CD_SYSTEM_POPULATION)->status, ==,
                     CD_CONNECTION_CERT_EXPIRED);
    g_assert_nonnull (strstr (result_for (results, CD_SYSTEM_POPULATION)->message, "validity"));
  }

  /* Plain HTTP to the network is refused before any connection. */
  {
    g_autoptr(CdEndpoints) insecure = cd_endpoints_new_two ("http://central.bhxh.vn", NULL);
    g_autoptr(GPtrArray) results = check (fixture->http, insecure, NULL, NULL);

    g_assert_cmpint (result_for (results, CD_SYSTEM_CENTRAL)->status, ==,
                     CD_CONNECTION_INSECURE_URL);
  }
}

static void
test_check_credential_reasons (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CdEnrolment) enrolment = enrol (fixture);
  g_autoptr(CdOfficeCredential) wrong = cd_office_credential_new (enrolment->credential->id,
                                                                  "not-the-secret");
  g_autoptr(CdEndpoints) endpoints = cd_endpoints_new_two (fixture->url, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *revoke_office = g_strdup_printf ("{\"credential\": \"%s\"}",
                                                    enrolment->credential->id);

  {
    g_autoptr(GPtrArray) results = check (fixture->http, endpoints, wrong, "cb01");

    g_assert_cmpint (result_for (results, CD_SYSTEM_CENTRAL)->status, ==,
                     CD_CONNECTION_CREDENTIALS_REFUSED);
    g_assert_cmpint (result_for (results, CD_SYSTEM_MEDICAL)->status, ==, CD_CONNECTION_OK);
  }
  control (fixture, "/_control/revocations", "{\"officer\": \"cb01\"}", parser);
  {
    g_autoptr(GPtrArray) results = check (fixture->http, endpoints, enrolment->credential, "cb01");

    g_assert_cmpint (result_for (results, CD_SYSTEM_CENTRAL)->status, ==, CD_CONNECTION_REVOKED);
    g_assert_nonnull (strstr (result_for (results, CD_SYSTEM_CENTRAL)->message, "officer cb01"));
  }
  control (fixture, "/_control/revocations", revoke_office, parser);
  {
    g_autoptr(GPtrArray) results = check (fixture->http, endpoints, enrolment->credential, "cb02");

    g_assert_cmpint (result_for (results, CD_SYSTEM_CENTRAL)->status, ==, CD_CONNECTION_REVOKED);
    g_assert_nonnull (strstr (result_for (results, CD_SYSTEM_CENTRAL)->message, "office"));
  }
}

/* ---- the command line ---------------------------------------------------------------------- */

static int
run_cli (const char * const  *args,
         char               **out,
         char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("CLAIMDESK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  return test_run ((const char * const *) argv->pdata, out, err);
}

static void
test_cli_enrol_and_check (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "office.db", NULL);
  g_autofree char *credential_path = g_build_filename (fixture->dir, "credential", NULL);
  g_autofree char *ca = cd_gateway_tls_ca_file ();
  const char *code = cd_gateway_process_get_enrolment_code (fixture->gateway);
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;

  {
    const char *seed[] = { "seed", "--db", db_path, "--people", "50", "--claims", "20", "--seed",
                           "5", NULL };
    g_assert_cmpint (run_cli (seed, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    g_autofree char *pki = cd_data_dir_demo_pki ();
    g_autofree char *trust = g_build_filename (pki, "trust", NULL);
    const char *enrol_args[] = { "enrol", "--central", fixture->url, "--code", code, "--db", db_path,
                                 "--ca-file", ca, "--trust-dir", trust, "--print-credential", NULL };

    g_assert_cmpint (run_cli (enrol_args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "BHXH-079-BT"));
    g_assert_nonnull (strstr (out, "SHA-256 39:4F:BE:53"));
    lines = g_strsplit (out, "\n", -1);
    /* The second line is the credential, ID:SECRET, as the keyring will keep it. */
    g_assert_true (g_str_has_prefix (lines[1], "cred-"));
    g_assert_true (g_file_set_contents (credential_path, lines[1], -1, NULL));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* The code is spent: one line, saying so, exit 1. */
    const char *again[] = { "enrol", "--central", fixture->url, "--code", code, "--ca-file", ca,
                            "--print-credential", NULL };

    g_assert_cmpint (run_cli (again, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "already been used"));
    g_assert_cmpuint (test_count_lines (err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* From the store's configuration, with the credentials, for a real officer. */
    const char *check_args[] = { "connection-check", "--db", db_path, "--ca-file", ca, "--officer",
                                 "cb01", "--office-credential-file", credential_path, "--json",
                                 NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *results;

    g_assert_cmpint (run_cli (check_args, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    results = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (results), ==, 4);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                      "status"), ==, "ok");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Central syncs for that officer, with those credentials. */
    const char *sync[] = { "sync", "--db", db_path, "--central", fixture->url, "--once", "--ca-file",
                           ca, "--officer", "cb01", "--office-credential-file", credential_path,
                           NULL };

    g_assert_cmpint (run_cli (sync, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* No officer named: refused, no invented one. */
    const char *sync[] = { "sync", "--db", db_path, "--central", fixture->url, "--once", NULL };

    g_assert_cmpint (run_cli (sync, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--officer"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *anchors[] = { "trust-anchors", "--db", db_path, "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *anchor;

    g_assert_cmpint (run_cli (anchors, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    anchor = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
    g_assert_cmpstr (json_object_get_string_member (anchor, "source"), ==, "central");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (anchor, "sha256"),
                                     "39:4F:BE:53"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (anchor, "not_after"), "2047-"));
  }
}

static void
test_cli_check_reports_failures (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *args[] = { "connection-check", "--central", "https://127.0.0.1:1", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *central;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  central = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (central, "system"), ==, "central");
  g_assert_cmpstr (json_object_get_string_member (central, "status"), ==, "refused");
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/enrolment/gives-office-and-credentials", test_enrolment_gives_office_and_credentials);
  ADD ("/enrolment/used-unknown-and-expired-codes", test_used_unknown_and_expired_codes);
  ADD ("/enrolment/codes-for-another-office", test_codes_for_another_office);
  g_test_add_func ("/enrolment/plain-http-off-loopback-is-refused",
                   test_plain_http_off_loopback_is_refused);
  ADD ("/configuration/verified-and-applied", test_document_verified_and_applied);
  ADD ("/configuration/tampered-is-refused", test_tampered_document_is_refused);
  ADD ("/configuration/needs-office-credentials", test_document_needs_office_credentials);
  ADD ("/tokens/need-office-credentials", test_tokens_need_office_credentials);
  ADD ("/revocation/officer-and-office", test_revoked_officer_and_office);
  ADD ("/revocation/loses-nothing-locally", test_revocation_loses_nothing_locally);
  ADD ("/connection-check/all-reachable", test_check_all_reachable);
  ADD ("/connection-check/transport-reasons", test_check_transport_reasons);
  ADD ("/connection-check/certificate-reasons", test_check_certificate_reasons);
  ADD ("/connection-check/credential-reasons", test_check_credential_reasons);
  ADD ("/cli/enrol-and-check", test_cli_enrol_and_check);
  ADD ("/cli/check-reports-failures", test_cli_check_reports_failures);

  return g_test_run ();
}
