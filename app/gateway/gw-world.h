/* gw-world.h — the synthetic population the gateway plays the national systems over.
 *
 * The same CdWorld (seed, people) as `claimdesk-cli seed`, so a seeded person exists here too. On
 * top of it, data problems are planted at known rates, decided per household by the world's hash so
 * that every source and every request tells the same story about the same person.
 */
#pragma once

#include <glib.h>

#include "cd-world.h"

G_BEGIN_DECLS

typedef enum
{
  GW_PLANT_IDENTITY_MISMATCH,  /* the medical record spells the name / birth date differently */
  GW_PLANT_DEAD,               /* the claimant is dead in the population register */
  GW_PLANT_REUSED_SERIAL,      /* a leave certificate reuses another certificate's serial */
  GW_PLANT_OVERLAP,            /* a second leave certificate from another facility overlaps */
  GW_N_PLANTS
} GwPlant;

typedef struct
{
  CdWorld *world;
  double   rates[GW_N_PLANTS];
} GwWorld;

GwWorld    *gw_world_new            (guint64         seed,
                                     guint32         n_people);
void        gw_world_free           (GwWorld        *self);
/* Flags for the planted rates, written as text into rate_texts[GW_N_PLANTS]; apply them with
 * gw_world_set_rate once the world exists. */
GOptionGroup *gw_world_option_group (char          **rate_texts);
gboolean    gw_world_set_rate       (GwWorld        *self,
                                     const char     *name,
                                     const char     *text,
                                     GError        **error);
gboolean    gw_world_is_planted     (const GwWorld  *self,
                                     GwPlant         plant,
                                     guint32         household);
const char *gw_plant_name           (GwPlant         plant);

/* The person an identifier names: a 12-digit personal ID (or a 10-digit SI code). */
gboolean    gw_world_find_person    (const GwWorld  *self,
                                     const char     *identifier,
                                     CdWorldPerson  *person);

/* The claims of a household, in event order (at most CD_WORLD_EVENTS_PER_HOUSEHOLD). */
guint       gw_world_household_claims (const GwWorld *self,
                                     guint32         household,
                                     CdWorldClaim   *claims);

/* For a father's takeover: did the mother die (TRUE), or was she certified unfit (FALSE)? */
gboolean    gw_world_takeover_mother_died (const GwWorld *self,
                                     guint32         household);

/* The day a planted dead claimant died, "YYYY-MM-DD". */
void        gw_world_death_date     (const GwWorld  *self,
                                     guint32         household,
                                     char           *out);

/* "2026-09-08" → "20260908"; out must hold 9 bytes. */
void        gw_compact_date         (const char     *iso,
                                     char           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWorld, gw_world_free)

G_END_DECLS
