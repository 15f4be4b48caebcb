/* gw-medical.h — the health-insurance assessment portal: GIAMDINHHS envelopes and XML12. */
#pragma once

#include "gw-server.h"
#include "gw-world.h"

G_BEGIN_DECLS

void gw_medical_register (GwServer *server,
                          GwWorld  *world);

/* Builds the envelope for a person and window (yyyyMMdd, inclusive); NULL when the person is
 * unknown. Exposed for tests and the benchmark. */
char *gw_medical_envelope (GwWorld    *world,
                           const char *personal_id,
                           const char *from_compact,
                           const char *to_compact,
                           const char *facility_code_out);

G_END_DECLS
