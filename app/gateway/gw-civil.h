/* gw-civil.h — the Ministry of Justice's civil-status system: birth and death registrations. */
#pragma once

#include "gw-server.h"
#include "gw-world.h"

G_BEGIN_DECLS

void gw_civil_register (GwServer *server,
                        GwWorld  *world);

G_END_DECLS
