/* test-tls.c — the client verifies TLS: the gateway's HTTPS certificate (issued by the TEST-ONLY CA)
 * is refused by default and accepted only with that CA as the client's CA file. */
#include "cd-data-dir.h"
#include "cd-gateway-process.h"
#include "cd-http-client.h"
#include "test-util.h"

typedef struct
{
  CdGatewayProcess *gateway;
  char             *health;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *certificate = cd_data_dir_build ("pki", "tls", "gateway.cert.pem", NULL);
  g_autofree char *key = cd_data_dir_build ("pki", "tls", "gateway.key.pem", NULL);
  const char *args[] = { "--tls-certificate", certificate, "--tls-key", key, NULL };
  g_autoptr(GError) error = NULL;

  fixture->gateway = cd_gateway_process_new (args);
  g_assert_true (cd_gateway_process_start_sync (fixture->gateway, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cd_gateway_process_get_base_url (fixture->gateway), "https://127.0.0.1:"));
  fixture->health = g_strconcat (cd_gateway_process_get_base_url (fixture->gateway), "/health", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->gateway);
  g_free (fixture->health);
}

static void
test_untrusted_certificate_is_refused (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(CdHttpClient) client = cd_http_client_new ();
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", fixture->health);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = cd_http_client_send (client, request, NULL, &error);

  /* The system's CAs do not know the test CA: no answer, an untrusted certificate, named with the
   * address. */
  g_assert_null (response);
  g_assert_error (error, CD_HTTP_ERROR, CD_HTTP_ERROR_CERT_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, "trusted authority"));
  g_assert_nonnull (strstr (error->message, fixture->health));
}

static void
test_configured_ca_is_trusted (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *ca = cd_data_dir_build ("pki", "trust", "claimdesk-test-ca.pem", NULL);
  g_autoptr(CdHttpClient) client = cd_http_client_new ();
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", fixture->health);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  cd_http_client_set_ca_file (client, ca);
  response = cd_http_client_send (client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/tls/untrusted-certificate-is-refused", test_untrusted_certificate_is_refused);
  ADD ("/tls/configured-ca-is-trusted", test_configured_ca_is_trusted);

  return g_test_run ();
}
