/* gw-central-people.h — the central system's view of insured people (OURS): identity, employer and
 * calendar, contribution months, benefit days already used. */
#pragma once

#include "gw-central.h"
#include "gw-world.h"

G_BEGIN_DECLS

void gw_central_people_register (GwServer  *server,
                                 GwCentral *central,
                                 GwWorld   *world);

G_END_DECLS
