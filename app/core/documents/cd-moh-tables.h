/* cd-moh-tables.h — the MoH 130/4750 tables the claims need, read into normalized JSON.
 *
 * Each table becomes {"table": "XML11", "root": "<root element>", "records": [{FIELD: value…}…]};
 * field names stay the MoH names, values are normalized (ISO dates, numbers, booleans, arrays for
 * the `;`-separated multi-values); optional fields that are missing, empty or self-closed are
 * omitted.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef enum
{
  CD_MOH_TABLE_UNKNOWN,
  CD_MOH_TABLE_XML1,   /* TONG_HOP: visit summary */
  CD_MOH_TABLE_XML7,   /* discharge paper */
  CD_MOH_TABLE_XML8,   /* summary of the medical record */
  CD_MOH_TABLE_XML9,   /* medical birth certificates, one record per baby */
  CD_MOH_TABLE_XML10,  /* pregnancy-rest certificate */
  CD_MOH_TABLE_XML11,  /* certificate of leave for social insurance (CT07) */
  CD_MOH_TABLE_XML12,  /* medical assessment council, sent on its own */
  CD_MOH_TABLE_XML13,  /* referral paper */
} CdMohTable;

CdMohTable  cd_moh_table_from_code   (const char  *code);
CdMohTable  cd_moh_table_from_root   (const char  *root_local_name);
const char *cd_moh_table_to_code     (CdMohTable   table);
/* Whether `root_local_name` is the root of a table of the export the claims do not use (XML2–6,
 * XML14, XML15); then its code and what it holds, translated. */
gboolean    cd_moh_table_describe_unused (const char  *root_local_name,
                                          const char **code,
                                          const char **what);

/* Reads the table whose root element is `root`: a document of its own, or a table written inline
 * in an envelope's NOIDUNGFILE. Every problem of the table is reported, not only the first: on
 * refusal `error` lists them all ("<source>: XML9: record 1: SO_CON: …; MA_THE_TAM: …") and
 * `problems`, when not NULL, receives them as [{"record"?, "field"?, "value"?, "reason"}]. A value
 * read leniently (a placeholder, a remark, a serial in the wrong field) is listed in the table's
 * "notes": [{"record"?, "field", "value", "read_as"}]. */
JsonNode   *cd_moh_table_read_element (CdMohTable   table,
                                       xmlNodePtr   root,
                                       const char  *source,
                                       JsonArray  **problems,
                                       GError     **error);
/* Reads an already safely-parsed document; checks the root belongs to `table`. */
JsonNode   *cd_moh_table_read        (CdMohTable   table,
                                      xmlDocPtr    doc,
                                      const char  *source,
                                      GError     **error);
/* Parses bytes (BOM tolerated) with cd_xml_safe_parse, then reads them. */
JsonNode   *cd_moh_table_parse       (CdMohTable   table,
                                      const char  *data,
                                      gsize        length,
                                      const char  *source,
                                      GError     **error);

G_END_DECLS
