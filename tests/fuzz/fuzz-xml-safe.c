/* fuzz-xml-safe.c — libFuzzer target: the hardened XML reader on arbitrary bytes. */
#include <stdint.h>

#include "cd-xml-safe.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  xmlDocPtr doc = cd_xml_safe_parse ((const char *) data, size, "fuzz", NULL, &error);

  /* Exactly one of a document or an error, always. */
  g_assert ((doc == NULL) != (error == NULL));
  if (doc != NULL)
    {
      char *text = cd_xml_node_text (xmlDocGetRootElement (doc));

      g_free (text);
      xmlFreeDoc (doc);
    }
  return 0;
}
