/* cd-population-soap.h — replies of the National Population Database (C06), SOAP 1.1.
 *
 * The body element must be in http://dancuquocgia.bca. The reply shapes (result codes, the match
 * flag, the life status, the relatives list) are ours — docs/documents.md defines them. Normalized
 * as {"operation": "...", "request_id": "...", "result":
 * "ok"|"not-found"|"invalid-request"|"error", …}.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define CD_POPULATION_NS  "http://dancuquocgia.bca"
#define CD_SOAP11_ENV_NS  "http://schemas.xmlsoap.org/soap/envelope/"

typedef enum
{
  CD_POPULATION_REPLY_LOOKUP,     /* TraCuuThongTinCongDanResponse */
  CD_POPULATION_REPLY_MATCH,      /* XacThucThongTinCongDanResponse */
  CD_POPULATION_REPLY_STATUS,     /* XacMinhTinhTrangChetMatTichResponse */
  CD_POPULATION_REPLY_RELATIVES,  /* XacMinhThongTinNhanThanResponse */
} CdPopulationReply;

JsonNode   *cd_population_soap_read          (xmlDocPtr           doc,
                                              const char         *source,
                                              CdPopulationReply  *out_reply,
                                              GError            **error);
JsonNode   *cd_population_soap_parse         (const char         *data,
                                              gsize               length,
                                              const char         *source,
                                              CdPopulationReply  *out_reply,
                                              GError            **error);
const char *cd_population_reply_to_string    (CdPopulationReply   reply);

G_END_DECLS
