/* fuzz-population-soap.c — libFuzzer target: the population SOAP replies. */
#include <stdint.h>

#include "cd-population-soap.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  CdPopulationReply reply;
  g_autoptr(JsonNode) node = cd_population_soap_parse ((const char *) data, size, "fuzz", &reply,
                                                       &error);

  g_assert ((node == NULL) != (error == NULL));
  return 0;
}
