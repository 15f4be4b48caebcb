/* cd-world.h — the deterministic synthetic world: people, families, employers, contributions,
 * claims.
 *
 * Everything is a pure function of (seed, index): no table is built and nothing is remembered, so
 * the store's seeder and the reference gateway regenerate exactly the same person, family,
 * employer, contribution month or claim without sharing a database. Each household index i has one
 * insured person (role 0), maybe a spouse (role 1) and up to four children (roles 2–5); a person's
 * "code" is i * 8 + role. The 6 serial digits of a personal ID and the last 8 digits of an SI code
 * are an invertible permutation of that code, so an identifier leads back to its person without any
 * index (cd_world_lookup_personal_id). Dates are relative to a reference day: 2026-11-20 unless
 * the world is dated to another (cd_world_set_reference_day; the demo dates it to the day it is
 * seeded), so that the same seed on the same day gives the same world.
 */
#pragma once

#include <glib.h>

#include "cd-claim-types.h"
#include "cd-date.h"

G_BEGIN_DECLS

#define CD_WORLD_REFERENCE_DATE   "2026-11-20"
#define CD_WORLD_MAX_CHILDREN     4
#define CD_WORLD_EVENTS_PER_HOUSEHOLD 8
#define CD_WORLD_N_OFFICERS       12
#define CD_WORLD_N_SUPERVISORS    3

typedef enum
{
  CD_WORLD_ROLE_INSURED = 0,
  CD_WORLD_ROLE_SPOUSE = 1,
  CD_WORLD_ROLE_FIRST_CHILD = 2,
} CdWorldRole;

typedef struct _CdWorld CdWorld;

/* How far the world's claims have gone on its reference day. */
typedef enum
{
  /* Every status in volume — a third of the recent claims queued, refused or open whatever their
   * age — so that tests and benchmarks have hundreds of outbox items, refusals and undecided
   * claims to work on. The default. */
  CD_WORLD_WORKLOAD_STRESS,
  /* An office that keeps up, as the demo shows it: the last days' claims open, a few overdue,
   * a handful refused, the rest delivered (cd-world.c, status_for_age). */
  CD_WORLD_WORKLOAD_OFFICE,
} CdWorldWorkload;

const char *cd_world_workload_to_string   (CdWorldWorkload  workload);
gboolean    cd_world_workload_from_string (const char      *name,
                                           CdWorldWorkload *out);

typedef struct
{
  guint32     index;             /* the household */
  guint       role;              /* CdWorldRole, or FIRST_CHILD + n */
  guint64     code;              /* index * 8 + role */
  char        personal_id[13];
  char        si_code[11];
  char        health_card[16];
  const char *family_name;
  const char *middle_name;
  const char *given_name;
  char        full_name[128];
  gboolean    female;
  char        birth_date[11];    /* YYYY-MM-DD */
  const char *province_code;     /* residence (the household's), 3 digits */
  char        district_code[4];
  char        ward_code[6];
  char        address[160];
  gint32      employer;          /* employer index, or -1 */
  gboolean    insured;           /* a compulsory-SI participant now */
} CdWorldPerson;

typedef struct
{
  guint32     index;
  char        code[12];
  char        name[160];
  const char *province_code;
  const char *calendar_profile;  /* "public-sector" or "enterprise" */
  const char *weekly_rest;       /* JSON array, e.g. ["sat","sun"] */
  guint       n_declared;
  char        declared_day[2][11];
  const char *declared_kind[2];  /* "holiday" or "working_day" */
} CdWorldEmployer;

typedef struct
{
  char        month[8];          /* YYYY-MM */
  gint64      salary;            /* SI salary, VND */
  gint32      employer;
  const char *job_conditions;    /* "normal", "heavy_or_hazardous" */
} CdWorldContribution;

typedef struct
{
  guint64       claim_index;     /* = event * n_people + household */
  guint32       index;           /* the claimant's household; the claimant is its role 0 */
  guint         event;
  CdBenefit     benefit;
  CdClaimStatus status;
  char          number[24];
  char          event_date[11];
  char          period_from[11];
  char          period_to[11];
  int           child_role;      /* the child the claim is about, or -1 */
  gboolean      has_spouse;
  gint64        amount;          /* VND; 0 until evaluated */
  guint32       received_on;     /* yyyymmdd */
  guint         officer;         /* 0 .. CD_WORLD_N_OFFICERS - 1 */
  guint         approver;        /* 0 .. CD_WORLD_N_SUPERVISORS - 1 */
} CdWorldClaim;

CdWorld  *cd_world_new                 (guint64              seed,
                                        guint32              n_people);
void      cd_world_free                (CdWorld             *world);
guint64   cd_world_get_seed            (const CdWorld       *world);
guint32   cd_world_get_n_people        (const CdWorld       *world);
guint32   cd_world_get_n_employers     (const CdWorld       *world);

/* Dates the world to `day`: events, receipts, contributions and the claims' progress lead up to
 * it. CD_DAY_NONE keeps the default (CD_WORLD_REFERENCE_DATE). Call it right after cd_world_new,
 * before anything is read. */
void      cd_world_set_reference_day   (CdWorld             *world,
                                        CdDay                day);
CdDay     cd_world_get_reference_day   (const CdWorld       *world);
/* The workload (default CD_WORLD_WORKLOAD_STRESS). Call it right after cd_world_new. */
void      cd_world_set_workload        (CdWorld             *world,
                                        CdWorldWorkload      workload);
CdWorldWorkload cd_world_get_workload  (const CdWorld       *world);

/* Large employers, as industrial-park factories with thousands of workers are: `share` (0 to 1)
 * of the households, drawn by the hash, have their insured person work for one employer
 * (cd_world_get_large_employer: the first enterprise), the others keep theirs. 0, the default,
 * changes nothing: every household's employer stays what it is in the world without this call.
 * Call it right after cd_world_new, before any person is read. */
void      cd_world_set_large_employer_share (CdWorld        *world,
                                             double          share);
double    cd_world_get_large_employer_share (const CdWorld  *world);
/* The employer index that share works for, or -1 while the share is 0. */
gint32    cd_world_get_large_employer  (const CdWorld       *world);

/* Fills `out` for (household, role); FALSE if that household has no such member. */
gboolean  cd_world_get_person          (const CdWorld       *world,
                                        guint32              index,
                                        guint                role,
                                        CdWorldPerson       *out);
guint     cd_world_get_n_children      (const CdWorld       *world,
                                        guint32              index);
gboolean  cd_world_has_spouse          (const CdWorld       *world,
                                        guint32              index);
/* Inverse of the identifiers: the (household, role) a personal ID or SI code belongs to. */
gboolean  cd_world_lookup_personal_id  (const CdWorld       *world,
                                        const char          *personal_id,
                                        guint32             *index,
                                        guint               *role);
gboolean  cd_world_lookup_si_code      (const CdWorld       *world,
                                        const char          *si_code,
                                        guint32             *index,
                                        guint               *role);

void      cd_world_get_employer        (const CdWorld       *world,
                                        guint32              employer,
                                        CdWorldEmployer     *out);

/* The months (inclusive, "YYYY-MM") this person contributed in; an empty array if none. */
GArray   *cd_world_get_contributions   (const CdWorld       *world,
                                        guint32              index,
                                        guint                role,
                                        const char          *from_month,
                                        const char          *to_month);

/* Claim k of the world: household k % n_people, its event k / n_people. FALSE past the last event.
 */
gboolean  cd_world_get_claim           (const CdWorld       *world,
                                        guint64              claim_index,
                                        CdWorldClaim        *out);
guint64   cd_world_get_max_claims      (const CdWorld       *world);
/* The events of one household (its treatment episodes, births, adoptions…) whose period meets
 * [from, to] ("YYYY-MM-DD", inclusive), as claims, oldest first: what the gateway serves for a
 * person and a date window. Event e of household i is claim e * n_people + i. */
GArray   *cd_world_get_household_claims (const CdWorld      *world,
                                         guint32             index,
                                         const char         *from,
                                         const char         *to);

/* Officer / supervisor names, sorted by folded name so that user ids follow name order. */
void      cd_world_get_staff_name      (const CdWorld       *world,
                                        gboolean             supervisor,
                                        guint                n,
                                        char                *out,
                                        gsize                out_size);

/* Deterministic 64-bit draws, exposed for the seeder's UUIDs. */
guint64   cd_world_hash                (const CdWorld       *world,
                                        guint64              tag,
                                        guint64              a,
                                        guint64              b);

G_END_DECLS
