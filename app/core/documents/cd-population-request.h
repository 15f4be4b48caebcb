/* cd-population-request.h — the SOAP 1.1 requests to the National Population Database (C06).
 *
 * One definition of the request shape for both sides: the fetch client builds requests with it, the
 * reference gateway parses them with it. Body element = the operation name, in
 * http://dancuquocgia.bca, children in this order: MaYeuCau, MaDVC, MaTichHop, MaCanBo, SoDinhDanh
 * | SoCMND, HoVaTen, NgayThangNamSinh/NgayThangNam (yyyyMMdd) | NgayThangNamSinh/Nam (yyyy).
 * SOAPAction is "http://dancuquocgia.bca/<operation>".
 */
#pragma once

#include <glib.h>

#include "cd-population-soap.h"

G_BEGIN_DECLS

typedef struct
{
  char *request_id;        /* MaYeuCau (required) */
  char *service_code;      /* MaDVC */
  char *integration_code;  /* MaTichHop */
  char *officer;           /* MaCanBo */
  char *personal_id;       /* SoDinhDanh, 12 digits */
  char *old_id;            /* SoCMND, 9 digits: used when personal_id is NULL */
  char *full_name;         /* HoVaTen */
  char *birth_date;        /* yyyyMMdd, or yyyy when only the year is known */
} CdPopulationQuery;

/* The operation name for a reply kind: TraCuuThongTinCongDan, XacThucThongTinCongDan, … */
const char        *cd_population_operation_name     (CdPopulationReply         operation);
/* The request document (UTF-8), or NULL with CD_DOCUMENT_ERROR_INVALID_FIELD / MISSING_FIELD when
 * the query breaks the identifier or date rules. */
char              *cd_population_request_build      (CdPopulationReply         operation,
                                                     const CdPopulationQuery  *query,
                                                     GError                  **error);
/* Parses a request; fills `out_query` (free with cd_population_query_clear). */
gboolean           cd_population_request_parse      (const char               *data,
                                                     gsize                     length,
                                                     const char               *source,
                                                     CdPopulationReply        *out_operation,
                                                     CdPopulationQuery        *out_query,
                                                     GError                  **error);
void               cd_population_query_clear        (CdPopulationQuery        *query);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CdPopulationQuery, cd_population_query_clear)

G_END_DECLS
