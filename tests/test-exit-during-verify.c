/* test-exit-during-verify.c — a process may exit while worker threads still verify signatures.
 *
 * The desktop app exits when its window closes (or --screenshot is done) even if an evidence fetch
 * is still verifying envelopes on the thread pool. OpenSSL's at-exit cleanup then freed the
 * provider state under those threads, and the exit crashed now and then (seen in CI as a
 * segfault of `claimdesk --demo --screenshot`). cd_crypto_keep_at_exit, called first in main(),
 * keeps OpenSSL alive to the end. Each child here does what the app does: verifies on threads and
 * exits under them; every child must exit cleanly.
 */
#include <stdlib.h>

#include "cd-data-dir.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"

#define N_CHILDREN 24
#define N_THREADS  3

static char   *envelope;
static gsize   envelope_length;
static CdTrustStore *trust;

static gpointer
verify_forever (gpointer data)
{
  for (;;)
    {
      g_autoptr(xmlDoc) doc = cd_xml_safe_parse (envelope, envelope_length, "envelope", NULL,
                                                 NULL);
      g_autoptr(CdSignatureResult) result = cd_xmldsig_verify (trust, doc);

      g_assert (result->status == CD_SIGNATURE_VALID);
    }
  return NULL;
}

/* The child: as main() does, then threads verifying, then exit() under them. */
static void
run_child (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                 "signed-envelope-79001.xml", NULL);
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *trust_dir = g_build_filename (pki, "trust", NULL);

  if (!g_test_subprocess ())
    return;  /* run only as the parent's child */
  cd_crypto_keep_at_exit ();
  g_assert_true (cd_xmldsig_init (NULL));
  g_assert_true (g_file_get_contents (path, &envelope, &envelope_length, NULL));
  trust = cd_trust_store_new_from_dir (trust_dir, NULL);
  g_assert_nonnull (trust);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_unref (g_thread_new ("verify", verify_forever, NULL));
  g_usleep (30 * 1000);
  exit (0);
}

static void
test_exit_under_verifying_threads (void)
{
  for (guint i = 0; i < N_CHILDREN; i++)
    {
      g_test_trap_subprocess ("/exit-during-verify/child", 60 * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/exit-during-verify/exit-under-verifying-threads",
                   test_exit_under_verifying_threads);
  g_test_add_func ("/exit-during-verify/child", run_child);

  return g_test_run ();
}
