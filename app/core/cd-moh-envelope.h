/* cd-moh-envelope.h — the GIAMDINHHS envelope of the health-insurance assessment portal.
 *
 * Normalized as {"facility": "79001", "created": "2024-03-05", "episodes": [{"documents": [<table>…]}]}
 * where each <table> is what cd_moh_table_read gives (plus "type": the LOAIHOSO), or, for a LOAIHOSO
 * the claims do not use, {"type": "XML2", "interpreted": false, "bytes": N}. Every inner document is
 * decoded and checked: one bad inner document fails the whole envelope.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

JsonNode *cd_moh_envelope_read       (xmlDocPtr     doc,
                                      const char   *source,
                                      GError      **error);
JsonNode *cd_moh_envelope_parse      (const char   *data,
                                      gsize         length,
                                      const char   *source,
                                      GError      **error);

/* Strict base64: the alphabet, `=` padding only at the end, whitespace ignored; NULL if anything else. */
GBytes   *cd_base64_decode_strict    (const char   *text);

G_END_DECLS
