/* gw-population.h — the National Population Database (C06), SOAP 1.1. */
#pragma once

#include "gw-server.h"
#include "gw-world.h"

G_BEGIN_DECLS

void gw_population_register (GwServer *server,
                             GwWorld  *world);

G_END_DECLS
