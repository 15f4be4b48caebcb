/* gw-control.h — the gateway's own control endpoints: /_control/faults. */
#pragma once

#include "gw-server.h"

G_BEGIN_DECLS

void gw_control_register (GwServer *server);

G_END_DECLS
