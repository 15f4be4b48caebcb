/* cd-civil-status.h — birth and death registrations from the civil-status (hộ tịch) system.
 *
 * Input: {maDonVi, maTinh, module, maHoSoLT, trangThai, thoiGianThucHien, ketQuaXuLy} where
 * ketQuaXuLy is one registration object (or an array of them). Normalized as
 * {"event": "birth"|"death", "envelope": {…the string members…}, "records": [{…}]} with the justice
 * system's member names kept and dd/MM/yyyy dates turned into ISO dates.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_CIVIL_EVENT_BIRTH,
  CD_CIVIL_EVENT_DEATH,
} CdCivilEvent;

JsonNode   *cd_civil_status_parse          (const char    *data,
                                            gsize          length,
                                            const char    *source,
                                            CdCivilEvent  *out_event,
                                            GError       **error);
const char *cd_civil_event_to_string       (CdCivilEvent   event);

G_END_DECLS
