/* cd-world-names.h — the vocabulary the synthetic world draws Vietnamese names and places from. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *text;
  guint       weight;  /* relative frequency, roughly as in the population */
} CdWorldWord;

typedef struct
{
  const char *code;    /* the 3-digit code the personal ID starts with */
  const char *name;
} CdWorldProvince;

const CdWorldWord     *cd_world_names_family      (guint *n);
const CdWorldWord     *cd_world_names_middle      (gboolean female, guint *n);
const CdWorldWord     *cd_world_names_given       (gboolean female, guint *n);
const char * const    *cd_world_names_streets     (guint *n);
const char * const    *cd_world_names_brands      (guint *n);
const char * const    *cd_world_names_trades      (guint *n);
const CdWorldProvince *cd_world_provinces         (guint *n);

/* Picks an entry by weight from a uniform draw in [0, 1). */
const char            *cd_world_pick_weighted     (const CdWorldWord *words,
                                                   guint              n,
                                                   double             draw);

G_END_DECLS
