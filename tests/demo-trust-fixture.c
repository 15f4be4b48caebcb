/* demo-trust-fixture.c — the trust store of the TEST-ONLY CA, for the signature tests. */
#include "cd-data-dir.h"
#include "demo-trust-fixture.h"

CdTrustStore *
demo_trust_store (void)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *dir = g_build_filename (pki, "trust", NULL);
  g_autoptr(GError) error = NULL;
  CdTrustStore *store = cd_trust_store_new_from_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cd_trust_store_get_n_certificates (store), ==, 1);
  return store;
}
