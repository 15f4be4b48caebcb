/* test-gateway-health.c — the real claimdesk-gateway starts on a free loopback port and answers. */
#include <curl/curl.h>

#include "cd-gateway-process.h"
#include "test-util.h"

static size_t
collect (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  g_string_append_len (user_data, data, size * count);
  return size * count;
}

static long
http_get (const char  *url,
          GString     *body)
{
  CURL *curl = curl_easy_init ();
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 10L);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  return status;
}

static void
test_health_answers (void)
{
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *url = NULL;
  const char *base;
  guint64 port;

  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  base = cd_gateway_process_get_base_url (gateway);
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  g_assert_true (g_ascii_string_to_unsigned (base + strlen ("http://127.0.0.1:"), 10, 1, 65535,
                                             &port, NULL));

  url = g_strconcat (base, "/health", NULL);
  g_assert_cmpint (http_get (url, body), ==, 200);
  g_assert_nonnull (strstr (body->str, "\"status\":\"ok\""));

  g_string_truncate (body, 0);
  g_free (url);
  url = g_strconcat (base, "/no-such-thing", NULL);
  g_assert_cmpint (http_get (url, body), ==, 404);
}

static void
test_refuses_non_loopback (void)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_GATEWAY"), "--listen", "0.0.0.0:0", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "loopback"));
}

static void
test_unknown_flag_exits_2 (void)
{
  const char *argv[] = { g_getenv ("CLAIMDESK_GATEWAY"), "--frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
  g_assert_cmpuint (test_count_lines (err), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add_func ("/gateway/health-answers", test_health_answers);
  g_test_add_func ("/gateway/refuses-non-loopback", test_refuses_non_loopback);
  g_test_add_func ("/gateway/unknown-flag-exits-2", test_unknown_flag_exits_2);

  return g_test_run ();
}
