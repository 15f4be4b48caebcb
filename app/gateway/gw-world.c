/* gw-world.c — the synthetic population the gateway plays the national systems over. */
#include "config.h"

#include <gio/gio.h>

#include "cd-date.h"
#include "gw-world.h"

/* Tags of the gateway's own draws, far from the world's. */
#define TAG_PLANT 7000

static const char * const plant_names[GW_N_PLANTS] = {
  [GW_PLANT_IDENTITY_MISMATCH] = "mismatch-rate",
  [GW_PLANT_DEAD] = "dead-rate",
  [GW_PLANT_REUSED_SERIAL] = "reused-serial-rate",
  [GW_PLANT_OVERLAP] = "overlap-rate",
};

/* Known default rates: rare enough that most demo claims are clean, common enough that a few dozen
 * claims show each problem. */
static const double default_rates[GW_N_PLANTS] = { 0.03, 0.01, 0.02, 0.02 };

GwWorld *
gw_world_new (guint64 seed,
              guint32 n_people)
{
  GwWorld *self = g_new0 (GwWorld, 1);

  self->world = cd_world_new (seed, n_people);
  memcpy (self->rates, default_rates, sizeof self->rates);
  return self;
}

void
gw_world_free (GwWorld *self)
{
  if (self == NULL)
    return;
  cd_world_free (self->world);
  g_free (self);
}

const char *
gw_plant_name (GwPlant plant)
{
  g_return_val_if_fail (plant < GW_N_PLANTS, NULL);
  return plant_names[plant];
}

GOptionGroup *
gw_world_option_group (char **rate_texts)
{
  GOptionEntry entries[GW_N_PLANTS + 1] = { { NULL } };
  GOptionGroup *group = g_option_group_new ("data", "Planted data problems:",
                                            "Show the planted data problem options", NULL, NULL);
  static const char * const descriptions[GW_N_PLANTS] = {
    "Share of people whose medical record spells their identity differently (default 0.03)",
    "Share of claimants dead in the population register (default 0.01)",
    "Share of leave certificates reusing another's serial (default 0.02)",
    "Share of people with overlapping certificates from two facilities (default 0.02)",
  };

  for (guint i = 0; i < GW_N_PLANTS; i++)
    entries[i] = (GOptionEntry) { plant_names[i], 0, 0, G_OPTION_ARG_STRING, &rate_texts[i],
                                  descriptions[i], "RATE" };
  g_option_group_add_entries (group, entries);
  return group;
}

gboolean
gw_world_set_rate (GwWorld     *self,
                   const char  *name,
                   const char  *text,
                   GError     **error)
{
  for (guint i = 0; i < GW_N_PLANTS; i++)
    if (g_str_equal (name, plant_names[i]))
      {
        char *end = NULL;
        double value = g_ascii_strtod (text, &end);

        if (end == text || *end != '\0' || !(value >= 0.0 && value <= 1.0))
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "--%s %s: expected a rate between 0 and 1", name, text);
            return FALSE;
          }
        self->rates[i] = value;
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION, "no such rate: %s", name);
  return FALSE;
}

gboolean
gw_world_is_planted (const GwWorld *self,
                     GwPlant        plant,
                     guint32        household)
{
  guint64 h = cd_world_hash (self->world, TAG_PLANT + plant, household, 0);

  return (double) (h >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53) < self->rates[plant];
}

gboolean
gw_world_find_person (const GwWorld *self,
                      const char    *identifier,
                      CdWorldPerson *person)
{
  guint32 index;
  guint role;

  if (identifier == NULL)
    return FALSE;
  if (!cd_world_lookup_personal_id (self->world, identifier, &index, &role)
      && !cd_world_lookup_si_code (self->world, identifier, &index, &role))
    return FALSE;
  return cd_world_get_person (self->world, index, role, person);
}

guint
gw_world_household_claims (const GwWorld *self,
                           guint32        household,
                           CdWorldClaim  *claims)
{
  guint n = 0;
  guint32 n_people = cd_world_get_n_people (self->world);

  for (guint j = 0; j < CD_WORLD_EVENTS_PER_HOUSEHOLD; j++)
    if (cd_world_get_claim (self->world, (guint64) j * n_people + household, &claims[n]))
      n++;
  return n;
}

gboolean
gw_world_takeover_mother_died (const GwWorld *self,
                               guint32        household)
{
  return cd_world_hash (self->world, TAG_PLANT + 50, household, 0) % 2 == 0;
}

void
gw_world_death_date (const GwWorld *self,
                     guint32        household,
                     char          *out)
{
  /* Within the last four months before the world's reference day. */
  CdDay day = cd_world_get_reference_day (self->world)
              - (CdDay) (1 + cd_world_hash (self->world, TAG_PLANT + 51, household, 0) % 120);

  cd_date_format (day, out);
}

void
gw_compact_date (const char *iso,
                 char       *out)
{
  guint k = 0;

  for (const char *p = iso; *p != '\0' && k < 8; p++)
    if (g_ascii_isdigit (*p))
      out[k++] = *p;
  out[k] = '\0';
}
