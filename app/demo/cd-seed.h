/* cd-seed.h — filling a store from the synthetic world (cd-world.h).
 *
 * The seeded store holds what an office would have after some years: the household members with
 * their identifiers and family links, the employers and their declared days, the last twelve months
 * of contributions of every insured person, and the world's claims in every status — with
 * decisions, approvals and outbox items for the approved ones. It is all or nothing: one
 * transaction, so a full disk leaves the file as it was.
 */
#pragma once

#include "cd-database.h"
#include "cd-world.h"

G_BEGIN_DECLS

#define CD_SEED_ERROR (cd_seed_error_quark ())

typedef enum
{
  CD_SEED_ERROR_INVALID,      /* bad counts: more claims than the world has events, zero people */
  CD_SEED_ERROR_NOT_EMPTY,    /* the store already holds people or claims */
} CdSeedError;

GQuark cd_seed_error_quark (void);

/* The office head's account in a store seeded with the office workload. */
#define CD_SEED_HEAD_LOGIN "gd01"

/* Called now and then with the work done so far (people + claims) out of the total. */
typedef void (*CdSeedProgress) (guint64  done,
                                guint64  total,
                                gpointer user_data);

/* Seeds the world of `seed`, dated to its default day (CD_WORLD_REFERENCE_DATE), with the stress
 * workload. */
gboolean cd_seed_run       (CdDatabase      *db,
                            guint64          seed,
                            guint32          people,
                            guint64          claims,
                            CdSeedProgress   progress,
                            gpointer         user_data,
                            GError         **error);
/* The world a store is seeded with. */
typedef struct
{
  guint64         seed;
  guint32         people;
  guint64         claims;
  CdDay           reference_day;  /* the day it is dated to; CD_DAY_NONE: the default */
  CdWorldWorkload workload;
} CdSeedWorld;

/* As cd_seed_run, for any world (cd_world_set_reference_day, cd_world_set_workload): the same
 * world gives the same store. The seed, people, day and workload are kept in the store's settings
 * (world.*), for the gateway that serves it. */
gboolean cd_seed_run_world (CdDatabase        *db,
                            const CdSeedWorld *world,
                            CdSeedProgress     progress,
                            gpointer           user_data,
                            GError           **error);

G_END_DECLS
