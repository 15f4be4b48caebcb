/* fuzz-employer-list.c — libFuzzer target: the I-VAN envelope and the 01B-HSB form inside it, read
 * with the shipped layout (data/lists/01b-hsb.json, found through CLAIMDESK_DATADIR) and checked
 * against the test trust store. */
#include <stdint.h>

#include "cd-data-dir.h"
#include "cd-employer-list.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CdTrustStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdEmployerList) list = NULL;

  if (store == NULL)
    {
      g_autofree char *pki = cd_data_dir_demo_pki ();
      g_autofree char *dir = g_build_filename (pki, "trust", NULL);

      store = cd_trust_store_new_from_dir (dir, NULL);
      g_assert (store != NULL);
      g_assert (cd_employer_list_layout_get_default (NULL) != NULL);
    }
  list = cd_employer_list_parse (NULL, store, (const char *) data, size, "fuzz", &error);
  g_assert ((list == NULL) != (error == NULL));
  if (list != NULL)
    {
      g_autoptr(JsonNode) node = cd_employer_list_to_json (list);

      g_assert (node != NULL);
    }
  return 0;
}
