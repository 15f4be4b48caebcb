/* fuzz-xmldsig.c — libFuzzer target: signature verification of arbitrary (safely parsed) XML, by
 * our own profiles and by the verifier of documents from outside. */
#include <stdint.h>

#include "cd-data-dir.h"
#include "cd-trust-store.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig-foreign.h"
#include "cd-xmldsig.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CdTrustStore *store;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(CdSignatureResult) result = NULL;
  CdForeignSignatureResult *foreign;
  gboolean shape_ok;

  if (store == NULL)
    {
      /* The test CA (needs CLAIMDESK_DATADIR); a NULL store works too. */
      g_autofree char *pki = cd_data_dir_demo_pki ();
      g_autofree char *trust = g_build_filename (pki, "trust", NULL);

      store = cd_trust_store_new_from_dir (trust, NULL);
    }
  doc = cd_xml_safe_parse ((const char *) data, size, "fuzz", NULL, NULL);
  if (doc == NULL)
    return 0;
  shape_ok = cd_xmldsig_check_shape (doc, NULL, "fuzz", NULL);
  result = cd_xmldsig_verify (store, doc);
  g_assert (result != NULL);
  g_assert (result->status != CD_SIGNATURE_VALID || result->subject != NULL);
  /* A shape the parsers refuse never verifies, and what verifies covers the root. */
  g_assert (shape_ok || result->status == CD_SIGNATURE_INVALID);
  g_assert (result->status != CD_SIGNATURE_VALID || result->covered == xmlDocGetRootElement (doc));

  /* The outside verifier answers every input, never trusts an unnamed signer, says why when it
   * does not verify, and leaves the document as it was (it works on a copy). */
  foreign = cd_xmldsig_verify_foreign (store, doc);
  g_assert (foreign != NULL);
  g_assert (foreign->status != CD_FOREIGN_SIGNATURE_VALID || foreign->subject != NULL);
  g_assert (foreign->status == CD_FOREIGN_SIGNATURE_VALID || foreign->reason != NULL);
  cd_foreign_signature_result_free (foreign);
  return 0;
}
