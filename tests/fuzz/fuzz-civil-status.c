/* fuzz-civil-status.c — libFuzzer target: civil-status JSON. */
#include <stdint.h>

#include "cd-civil-status.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  CdCivilEvent event;
  g_autoptr(JsonNode) node = cd_civil_status_parse ((const char *) data, size, "fuzz", &event,
                                                    &error);

  g_assert ((node == NULL) != (error == NULL));
  return 0;
}
