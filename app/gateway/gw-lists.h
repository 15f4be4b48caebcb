/* gw-lists.h — central as the channel employers file their 01B-HSB lists through (OURS).
 *
 * The lists are made from the gateway's world: one employer (unit), one dossier code (630a, 630b,
 * 630c), rows from the claims of that unit's employees (the same treatment episodes and births the
 * medical portal serves certificates for), signed with the units' TEST-ONLY key. Wrong rows are
 * planted at known rates, decided per (list, row) by the world's hash, and reported by _control so
 * that a test knows which rows are wrong and why.
 */
#pragma once

#include "gw-server.h"
#include "gw-world.h"

G_BEGIN_DECLS

typedef enum
{
  GW_LIST_PLANT_PERIOD,        /* the period disagrees with the certificate (shifted two days) */
  GW_LIST_PLANT_OTHER_SI,      /* the SI number is another person's */
  GW_LIST_PLANT_CHILD_AGE,     /* the child is too old for the benefit (born eight years before) */
  GW_LIST_PLANT_DUPLICATE,     /* the row repeats the row before it */
  GW_LIST_PLANT_DECIDED,       /* a claim already decided in an earlier batch */
  GW_N_LIST_PLANTS
} GwListPlant;

typedef struct
{
  char *rate_texts[GW_N_LIST_PLANTS];
  int   n_lists;                      /* lists central holds at start; -1 for the default */
} GwListsOptions;

/* GwLists is declared in gw-server.h. */

GwLists      *gw_lists_new           (GwServer        *server,
                                      GwWorld         *world);
void          gw_lists_free          (GwLists         *self);
/* --list-period-rate … --list-decided-rate, --lists N. */
GOptionGroup *gw_lists_option_group  (GwListsOptions  *options);
/* Applies the options and makes the starting lists. */
gboolean      gw_lists_configure     (GwLists         *self,
                                      GwListsOptions  *options,
                                      GError         **error);
const char   *gw_list_plant_name     (GwListPlant      plant);

G_END_DECLS
