/* fuzz-moh-tables.c — libFuzzer target: every MoH table reader; the first byte picks the table. */
#include <stdint.h>

#include "cd-moh-tables.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const CdMohTable tables[] = {
    CD_MOH_TABLE_XML1, CD_MOH_TABLE_XML7, CD_MOH_TABLE_XML8, CD_MOH_TABLE_XML9,
    CD_MOH_TABLE_XML10, CD_MOH_TABLE_XML11, CD_MOH_TABLE_XML12, CD_MOH_TABLE_XML13,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  CdMohTable table;

  if (size == 0)
    return 0;
  /* Seeds start with '<'; let the selector byte be anything and still try every table. */
  table = tables[data[0] % G_N_ELEMENTS (tables)];
  node = cd_moh_table_parse (table, (const char *) data, size, "fuzz", &error);
  g_assert ((node == NULL) != (error == NULL));
  return 0;
}
