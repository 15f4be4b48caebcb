/* fuzz-population-soap.c — libFuzzer target: the population SOAP replies and requests. */
#include <stdint.h>

#include "cd-population-request.h"
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

  g_autoptr(GError) request_error = NULL;
  g_auto(CdPopulationQuery) query = { 0 };
  gboolean parsed = cd_population_request_parse ((const char *) data, size, "fuzz", &reply, &query,
                                                 &request_error);

  g_assert ((node == NULL) != (error == NULL));
  g_assert (parsed == (request_error == NULL));
  if (parsed)
    {
      /* What parses must rebuild. */
      g_autofree char *rebuilt = cd_population_request_build (reply, &query, NULL);

      g_assert (rebuilt != NULL);
    }
  return 0;
}
