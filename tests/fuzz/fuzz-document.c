/* fuzz-document.c — libFuzzer target: kind detection and the normalized JSON of any document. */
#include <stdint.h>

#include "cd-document.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = cd_document_parse ((const char *) data, size, "fuzz", &error);

  g_assert ((document == NULL) != (error == NULL));
  if (document != NULL)
    {
      g_autofree char *json = cd_document_to_json (document, FALSE);

      g_assert (json != NULL);
    }
  return 0;
}
