/* fuzz-moh-envelope.c — libFuzzer target: the GIAMDINHHS envelope and its inner documents. */
#include <stdint.h>

#include "cd-base64.h"
#include "cd-moh-envelope.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = cd_moh_envelope_parse ((const char *) data, size, "fuzz", &error);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GBytes) decoded = cd_base64_decode_strict (text);

  g_assert ((node == NULL) != (error == NULL));
  return 0;
}
