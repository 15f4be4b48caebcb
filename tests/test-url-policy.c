/* test-url-policy.c — HTTPS everywhere, plain HTTP only on loopback. */
#include "cd-url-policy.h"

typedef struct
{
  const char *url;
  gboolean    accepted;
  int         code;  /* when refused */
} UrlCase;

static const UrlCase cases[] = {
  { "https://central.baohiemxahoi.gov.vn/api", TRUE, 0 },
  { "HTTPS://gateway.example.vn:8443/", TRUE, 0 },
  { "http://127.0.0.1:8088", TRUE, 0 },
  { "http://127.5.6.7/", TRUE, 0 },
  { "http://localhost:1234/health", TRUE, 0 },
  { "http://[::1]:8080/", TRUE, 0 },
  { "http://central.example.vn/", FALSE, CD_URL_POLICY_ERROR_INSECURE },
  { "http://10.0.0.5/", FALSE, CD_URL_POLICY_ERROR_INSECURE },
  { "http://127.0.0.1.evil.example/", FALSE, CD_URL_POLICY_ERROR_INSECURE },
  { "ftp://127.0.0.1/", FALSE, CD_URL_POLICY_ERROR_SCHEME },
  { "central.example.vn", FALSE, CD_URL_POLICY_ERROR_MALFORMED },
  { "https://", FALSE, CD_URL_POLICY_ERROR_MALFORMED },
  { "", FALSE, CD_URL_POLICY_ERROR_MALFORMED },
};

static void
test_url_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean accepted = cd_url_policy_check (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (accepted, ==, cases[i].accepted);
      if (cases[i].accepted)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, CD_URL_POLICY_ERROR, cases[i].code);
          /* The message names the address, so the officer sees which one is wrong. */
          g_assert_nonnull (strstr (error->message, cases[i].url));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/url-policy/cases", test_url_cases);
  return g_test_run ();
}
