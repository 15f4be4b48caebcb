/* cd-world.c — the deterministic synthetic world: people, families, employers, contributions,
 * claims.
 *
 * Every draw is hash (seed, tag, a, b), never a running random generator, so any one person or
 * claim can be regenerated alone and in any order: the gateway answers for person 812,344 without
 * making the 812,343 before it.
 */
#include "config.h"

#include <string.h>

#include "cd-ascii.h"
#include "cd-date.h"
#include "cd-text-fold.h"
#include "cd-world.h"
#include "cd-world-names.h"

#define SERIAL_SPACE   1000000u       /* the 6 serial digits of a personal ID */
#define ID_SPACE       63000000u      /* 63 provinces x 10^6 serials */
#define ID_MULT        38294111u      /* coprime to 2, 3, 5 and 7: invertible modulo ID_SPACE */
#define SI_SPACE       100000000u     /* the last 8 digits of an SI code */
#define SI_MULT        48271937u      /* idem modulo 10^8 */
#define EVENT_SPACING  150            /* days between a household's successive events */

enum
{
  TAG_SEX = 1,
  TAG_BIRTH,
  TAG_NAME_FAMILY,
  TAG_NAME_MIDDLE,
  TAG_NAME_GIVEN,
  TAG_SPOUSE,
  TAG_CHILDREN,
  TAG_EMPLOYER,
  TAG_ADDRESS,
  TAG_EVENT_PICK,
  TAG_EVENT_DAY,
  TAG_EVENT_LEN,
  TAG_STATUS,
  TAG_CAREER,
  TAG_GAP,
  TAG_STAFF,
  TAG_EMPLOYER_KIND,
  TAG_EMPLOYER_NAME,
  TAG_DECLARED,
  TAG_OFFICER,
  TAG_OFFSET,
  TAG_SERIAL,
  TAG_INSURED,
  TAG_LARGE_EMPLOYER,
  TAG_BIRTH_FRAUD,
};

struct _CdWorld
{
  guint64  seed;
  guint32  n_people;
  guint32  n_employers;
  guint32  serial_offset;
  guint32  serial_inverse;
  guint32  si_offset;
  guint32  si_inverse;
  CdDay    reference_day;
  gint32   shift;           /* days from the default reference day to this world's */
  CdWorldWorkload workload;
  double   large_employer_share;  /* 0: every employer as large as the others */
  gint32   large_employer;        /* -1 while the share is 0 */
  char     officers[CD_WORLD_N_OFFICERS][96];
  char     supervisors[CD_WORLD_N_SUPERVISORS][96];
};

/* What one household looks like: computed from the hash each time it is needed. */
typedef struct
{
  gboolean  female;
  CdDay     birth_day;
  gboolean  has_spouse;
  CdDay     spouse_birth_day;
  guint     n_children;
  CdDay     child_birth_day[CD_WORLD_MAX_CHILDREN];
  CdBenefit benefit[CD_WORLD_EVENTS_PER_HOUSEHOLD];
  CdDay     event_day[CD_WORLD_EVENTS_PER_HOUSEHOLD];
  int       birth_event;       /* the event at which the youngest child arrives, or -1 */
  gint32    employer;
  gint32    spouse_employer;
} Household;

/* ---- hashing and dates --------------------------------------------------------------------- */

static inline guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

guint64
cd_world_hash (const CdWorld *world,
               guint64        tag,
               guint64        a,
               guint64        b)
{
  return mix64 (world->seed ^ mix64 ((tag << 56) ^ mix64 (a ^ mix64 (b + 0x51ed27))));
}

static inline double
unit (guint64 h)
{
  return (double) (h >> 11) * (1.0 / 9007199254740992.0);
}

static inline guint32
below (guint64 h,
       guint32 n)
{
  return (guint32) (((h >> 32) * (guint64) n) >> 32);
}

/* Modular inverse by the extended Euclidean algorithm; `a` must be coprime to `n`. */
static guint32
inverse_mod (guint32 a,
             guint32 n)
{
  gint64 t = 0, new_t = 1, r = n, new_r = a;

  while (new_r != 0)
    {
      gint64 q = r / new_r, tmp;
      tmp = t - q * new_t; t = new_t; new_t = tmp;
      tmp = r - q * new_r; r = new_r; new_r = tmp;
    }
  g_assert (r == 1);
  return (guint32) (t < 0 ? t + n : t);
}

/* ---- benefit cases: who can claim what ------------------------------------------------------- */

static gboolean
benefit_is_female_only (CdBenefit b)
{
  return b == CD_BENEFIT_PRENATAL_CHECKUP || b == CD_BENEFIT_PREGNANCY_LOSS
         || b == CD_BENEFIT_CHILDBIRTH || b == CD_BENEFIT_SURROGACY
         || b == CD_BENEFIT_COMMISSIONING_MOTHER || b == CD_BENEFIT_RECOVERY_AFTER_MATERNITY
         || b == CD_BENEFIT_VOLUNTARY_MATERNITY;
}

static gboolean
benefit_is_male_only (CdBenefit b)
{
  return b == CD_BENEFIT_FATHER_LEAVE || b == CD_BENEFIT_LUMP_SUM_FATHER
         || b == CD_BENEFIT_CHILDBIRTH_TAKEOVER;
}

/* A child arrives in the household at this event (born, adopted, received from a surrogate). */
static gboolean
benefit_brings_child (CdBenefit b)
{
  return b == CD_BENEFIT_CHILDBIRTH || b == CD_BENEFIT_CHILDBIRTH_TAKEOVER
         || b == CD_BENEFIT_FATHER_LEAVE || b == CD_BENEFIT_COMMISSIONING_MOTHER
         || b == CD_BENEFIT_ADOPTION || b == CD_BENEFIT_RECOVERY_AFTER_MATERNITY
         || b == CD_BENEFIT_LUMP_SUM_FATHER || b == CD_BENEFIT_VOLUNTARY_MATERNITY;
}

static const struct
{
  CdBenefit benefit;
  guint female_weight;
  guint male_weight;
} benefit_weights[] = {
  { CD_BENEFIT_SICKNESS, 340, 450 },
  { CD_BENEFIT_CHILD_SICKNESS, 150, 120 },
  { CD_BENEFIT_RECOVERY_AFTER_SICKNESS, 60, 80 },
  { CD_BENEFIT_PRENATAL_CHECKUP, 80, 0 },
  { CD_BENEFIT_PREGNANCY_LOSS, 30, 0 },
  { CD_BENEFIT_CHILDBIRTH, 120, 0 },
  { CD_BENEFIT_CHILDBIRTH_TAKEOVER, 0, 10 },
  { CD_BENEFIT_FATHER_LEAVE, 0, 150 },
  { CD_BENEFIT_SURROGACY, 8, 0 },
  { CD_BENEFIT_COMMISSIONING_MOTHER, 8, 0 },
  { CD_BENEFIT_ADOPTION, 15, 10 },
  { CD_BENEFIT_CONTRACEPTION, 40, 15 },
  { CD_BENEFIT_RECOVERY_AFTER_MATERNITY, 50, 0 },
  { CD_BENEFIT_LUMP_SUM_FATHER, 0, 40 },
  { CD_BENEFIT_VOLUNTARY_MATERNITY, 20, 0 },
};

static CdBenefit
pick_benefit (double   draw,
              gboolean female)
{
  guint total = 0;
  double target;

  for (guint i = 0; i < G_N_ELEMENTS (benefit_weights); i++)
    total += female ? benefit_weights[i].female_weight : benefit_weights[i].male_weight;
  target = draw * total;
  for (guint i = 0; i < G_N_ELEMENTS (benefit_weights); i++)
    {
      guint w = female ? benefit_weights[i].female_weight : benefit_weights[i].male_weight;
      if (target < w)
        return benefit_weights[i].benefit;
      target -= w;
    }
  return CD_BENEFIT_SICKNESS;
}

/* The first households carry one claim of every (benefit, status) pair, so that even a small seeded
 * store shows every case in every status. */
#define N_FORCED (CD_N_BENEFITS * CD_N_CLAIM_STATUSES)

static gboolean
forced_pair (const CdWorld *world,
             guint32        index,
             CdBenefit     *benefit,
             CdClaimStatus *status)
{
  if (index >= N_FORCED || world->n_people < N_FORCED)
    return FALSE;
  *benefit = (CdBenefit) (index % CD_N_BENEFITS);
  *status = (CdClaimStatus) (index / CD_N_BENEFITS);
  return TRUE;
}

/* ---- households ------------------------------------------------------------------------------ */

/* Days from an event to the next event of the same person, at least, for their leaves not to
 * overlap: the event's own leave (cd_world_get_claim's periods) and the month a birth leave may
 * start before the next event. */
static gint32
leave_span (CdBenefit benefit)
{
  switch (benefit)
    {
    case CD_BENEFIT_CHILDBIRTH:
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_ADOPTION:
      return 215;
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
      return 225;
    case CD_BENEFIT_PREGNANCY_LOSS:
      return 80;
    case CD_BENEFIT_SICKNESS:
    case CD_BENEFIT_CHILD_SICKNESS:
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_PRENATAL_CHECKUP:
    case CD_BENEFIT_FATHER_LEAVE:
    case CD_BENEFIT_CONTRACEPTION:
    case CD_BENEFIT_LUMP_SUM_FATHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
    case CD_N_BENEFITS:
    default:
      return 45;
    }
}

static void
household_compute (const CdWorld *world,
                   guint32        i,
                   Household     *hh)
{
  CdBenefit forced_benefit = CD_BENEFIT_SICKNESS;
  CdClaimStatus forced_status = CD_CLAIM_STATUS_DRAFT;
  gboolean forced = forced_pair (world, i, &forced_benefit, &forced_status);
  gboolean wants_child = FALSE;
  CdDay mother_birth;
  int birth_year;

  memset (hh, 0, sizeof *hh);
  hh->birth_event = -1;

  hh->female = unit (cd_world_hash (world, TAG_SEX, i, 0)) < 0.5;
  if (forced && benefit_is_female_only (forced_benefit))
    hh->female = TRUE;
  else if (forced && benefit_is_male_only (forced_benefit))
    hh->female = FALSE;

  /* Events first: they decide whether a young child must exist, which bounds the parents' ages. */
  for (guint j = 0; j < CD_WORLD_EVENTS_PER_HOUSEHOLD; j++)
    {
      CdBenefit b = pick_benefit (unit (cd_world_hash (world, TAG_EVENT_PICK, i, j)), hh->female);

      if (j == 0 && forced)
        b = forced_benefit;
      hh->event_day[j]
          = world->reference_day - 5 - (gint32)j * EVENT_SPACING
            - (gint32)below (cd_world_hash (world, TAG_EVENT_DAY, i, j), EVENT_SPACING - 20);
      /* A household gets one arrival in the window; later picks of that kind become sickness. */
      if (benefit_brings_child (b))
        {
          if (hh->birth_event < 0)
            hh->birth_event = (int) j;
          else
            b = CD_BENEFIT_SICKNESS;
        }
      hh->benefit[j] = b;
      if (b == CD_BENEFIT_CHILD_SICKNESS)
        wants_child = TRUE;
    }

  /* An office's claimant takes one leave at a time: each event waits for the leave before it to
   * end (the stress workload keeps the overlaps its tests have). */
  if (world->workload == CD_WORLD_WORKLOAD_OFFICE)
    for (guint j = 1; j < CD_WORLD_EVENTS_PER_HOUSEHOLD; j++)
      hh->event_day[j] = MIN (hh->event_day[j],
                              hh->event_day[j - 1] - leave_span (hh->benefit[j]));

  if (hh->birth_event >= 0 || wants_child)
    birth_year = 1984 + (int) below (cd_world_hash (world, TAG_BIRTH, i, 0), 16);
  else
    birth_year = 1966 + (int) below (cd_world_hash (world, TAG_BIRTH, i, 0), 38);
  /* Moved with the reference day, so that a world dated to another day has the same people at
   * the same ages, and so the same events. */
  hh->birth_day = cd_date_from_ymd (birth_year, 1, 1) + world->shift
                  + (gint32) below (cd_world_hash (world, TAG_BIRTH, i, 1), 365);

  hh->has_spouse = hh->birth_event >= 0 || unit (cd_world_hash (world, TAG_SPOUSE, i, 0)) < 0.72;
  if (hh->has_spouse)
    {
      /* Husbands are a few years older, on average. */
      gint32 gap = (gint32) below (cd_world_hash (world, TAG_SPOUSE, i, 1), 6 * 365);
      hh->spouse_birth_day = hh->female ? hh->birth_day - gap : hh->birth_day + gap / 2;
    }

  mother_birth = hh->female || !hh->has_spouse ? hh->birth_day : hh->spouse_birth_day;

  /* Children: older ones from the mother's 21st year on, a year apart at least; the youngest is the
   * one who arrives at the birth event (or a toddler, when only a sick-child claim needs one). */
  {
    guint64 h = cd_world_hash (world, TAG_CHILDREN, i, 0);
    double d = unit (h);
    guint older = d < 0.2 ? 0 : d < 0.5 ? 1 : d < 0.88 ? 2 : 3;
    CdDay youngest = CD_DAY_NONE;
    CdDay day = mother_birth + 21 * 365 + (gint32) below (mix64 (h), 4 * 365);

    if (!hh->has_spouse && unit (mix64 (h + 1)) < 0.6)
      older = 0;
    /* Recovery after maternity comes six months after the birth it follows. */
    if (hh->birth_event >= 0)
      youngest = hh->event_day[hh->birth_event]
                 - (hh->benefit[hh->birth_event] == CD_BENEFIT_RECOVERY_AFTER_MATERNITY ? 190 : 0);
    else if (wants_child)
      youngest = hh->event_day[0] - 700;

    for (guint c = 0; c < older && hh->n_children < CD_WORLD_MAX_CHILDREN - 1; c++)
      {
        CdDay limit = youngest != CD_DAY_NONE ? youngest - 400 : world->reference_day - 30;
        if (day > limit)
          break;
        hh->child_birth_day[hh->n_children++] = day;
        day += 400 + (gint32) below (mix64 (h + 10 + c), 5 * 365);
      }
    if (youngest != CD_DAY_NONE)
      hh->child_birth_day[hh->n_children++] = youngest;
  }

  /* Sick-child claims need a child under 7 on the day; otherwise they are the claimant's own. */
  for (guint j = 0; j < CD_WORLD_EVENTS_PER_HOUSEHOLD; j++)
    if (hh->benefit[j] == CD_BENEFIT_CHILD_SICKNESS)
      {
        gboolean ok = FALSE;
        for (guint c = 0; c < hh->n_children; c++)
          if (hh->child_birth_day[c] < hh->event_day[j]
              && hh->event_day[j] - hh->child_birth_day[c] < 7 * 365)
            ok = TRUE;
        if (!ok)
          hh->benefit[j] = CD_BENEFIT_SICKNESS;
      }

  hh->employer = (gint32) below (cd_world_hash (world, TAG_EMPLOYER, i, 0), world->n_employers);
  hh->spouse_employer
      = unit (cd_world_hash (world, TAG_INSURED, i, 1)) < 0.6
            ? (gint32)below (cd_world_hash (world, TAG_EMPLOYER, i, 1), world->n_employers)
            : -1;
  /* Drawn with a tag of its own and only when asked for: with the share at 0 (the default) no
   * household changes employer, so every seeded store and gateway answer stays as it was. */
  if (world->large_employer_share > 0.0
      && unit (cd_world_hash (world, TAG_LARGE_EMPLOYER, i, 0)) < world->large_employer_share)
    hh->employer = world->large_employer;
}

/* ---- identifiers ----------------------------------------------------------------------------- */

static void
make_ids (const CdWorld *world,
          guint64        code,
          gboolean       female,
          CdDay          birth_day,
          CdWorldPerson *out)
{
  guint n_provinces;
  const CdWorldProvince *provinces = cd_world_provinces (&n_provinces);
  /* An affine permutation of the (province, serial) space: neighbours in the world get unrelated
   * IDs, and the ID still leads back to its code. */
  guint64 scrambled = ((code % ID_SPACE) * ID_MULT + world->serial_offset) % ID_SPACE;
  const CdWorldProvince *birth_province = &provinces[scrambled % n_provinces];
  guint32 serial = (guint32) (scrambled / n_provinces);
  guint32 si_tail = (guint32)((code % SI_SPACE) * SI_MULT % SI_SPACE + world->si_offset) % SI_SPACE;
  int year = cd_date_year (birth_day);
  int century_sex = (year / 100 - 19) * 2 + (female ? 1 : 0);

  g_snprintf (out->personal_id, sizeof out->personal_id, "%s%d%02d%06u",
              birth_province->code, century_sex, year % 100, serial);
  /* SI codes start with the issuing province's two digits: never all zeros. */
  g_snprintf (out->si_code, sizeof out->si_code, "%s%08u", birth_province->code + 1, si_tail);
}

static const char *
card_prefix (const CdWorldPerson *person,
             const CdWorld       *world,
             CdDay                birth_day,
             guint               *level)
{
  int age = (world->reference_day - birth_day) / 365;

  *level = 4;
  if (person->role >= CD_WORLD_ROLE_FIRST_CHILD)
    {
      if (age < 6)
        {
          *level = 1;
          return "TE";
        }
      return age < 18 ? "HS" : "GD";
    }
  if (person->employer < 0)
    return "GD";
  {
    CdWorldEmployer employer;
    cd_world_get_employer (world, (guint32) person->employer, &employer);
    return g_str_equal (employer.calendar_profile, "public-sector") ? "HC" : "DN";
  }
}

/* ---- public API ------------------------------------------------------------------------------ */

static CdDay
default_reference_day (void)
{
  CdDay day = CD_DAY_NONE;

  cd_date_parse (CD_WORLD_REFERENCE_DATE, &day);
  return day;
}

CdWorld *
cd_world_new (guint64 seed,
              guint32 n_people)
{
  CdWorld *world = g_new0 (CdWorld, 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  world->seed = seed;
  world->n_people = MAX (n_people, 1);
  world->n_employers = MAX (8, world->n_people / 25);
  world->serial_offset = below (cd_world_hash (world, TAG_OFFSET, 0, 0), ID_SPACE);
  world->si_offset = below (cd_world_hash (world, TAG_OFFSET, 1, 0), SI_SPACE);
  world->serial_inverse = inverse_mod (ID_MULT, ID_SPACE);
  world->si_inverse = inverse_mod (SI_MULT, SI_SPACE);
  world->reference_day = default_reference_day ();
  world->large_employer = -1;

  /* Staff names, sorted by their folded form so that user ids follow the officers' name order. */
  for (guint s = 0; s < 2; s++)
    {
      guint count = s == 0 ? CD_WORLD_N_OFFICERS : CD_WORLD_N_SUPERVISORS;
      g_ptr_array_set_size (names, 0);
      for (guint n = 0; n < count; n++)
        {
          guint nf, nm, ng;
          gboolean female = unit (cd_world_hash (world, TAG_STAFF, s * 100 + n, 0)) < 0.55;
          const CdWorldWord *fam = cd_world_names_family (&nf);
          const CdWorldWord *mid = cd_world_names_middle (female, &nm);
          const CdWorldWord *giv = cd_world_names_given (female, &ng);
          g_ptr_array_add (
              names, g_strdup_printf (
                         "%s %s %s",
                         cd_world_pick_weighted (
                             fam, nf, unit (cd_world_hash (world, TAG_STAFF, s * 100 + n, 1))),
                         cd_world_pick_weighted (
                             mid, nm, unit (cd_world_hash (world, TAG_STAFF, s * 100 + n, 2))),
                         cd_world_pick_weighted (
                             giv, ng, unit (cd_world_hash (world, TAG_STAFF, s * 100 + n, 3)))));
        }
      /* Insertion sort by folded name: a dozen entries. */
      for (guint a = 1; a < names->len; a++)
        for (guint b = a; b > 0; b--)
          {
            g_autofree char *fa = cd_text_fold (names->pdata[b - 1]);
            g_autofree char *fb = cd_text_fold (names->pdata[b]);
            gpointer tmp;
            if (strcmp (fa, fb) <= 0)
              break;
            tmp = names->pdata[b - 1];
            names->pdata[b - 1] = names->pdata[b];
            names->pdata[b] = tmp;
          }
      for (guint n = 0; n < count; n++)
        g_strlcpy (s == 0 ? world->officers[n] : world->supervisors[n], names->pdata[n], 96);
    }
  return world;
}

void
cd_world_free (CdWorld *world)
{
  g_free (world);
}

guint64
cd_world_get_seed (const CdWorld *world)
{
  return world->seed;
}

guint32
cd_world_get_n_people (const CdWorld *world)
{
  return world->n_people;
}

guint32
cd_world_get_n_employers (const CdWorld *world)
{
  return world->n_employers;
}

void
cd_world_set_reference_day (CdWorld *world,
                            CdDay    day)
{
  g_return_if_fail (world != NULL);

  world->reference_day = day != CD_DAY_NONE ? day : default_reference_day ();
  world->shift = world->reference_day - default_reference_day ();
}

CdDay
cd_world_get_reference_day (const CdWorld *world)
{
  return world->reference_day;
}

void
cd_world_set_workload (CdWorld         *world,
                       CdWorldWorkload  workload)
{
  g_return_if_fail (world != NULL);
  g_return_if_fail (workload == CD_WORLD_WORKLOAD_STRESS || workload == CD_WORLD_WORKLOAD_OFFICE);

  world->workload = workload;
}

CdWorldWorkload
cd_world_get_workload (const CdWorld *world)
{
  return world->workload;
}

static const char * const workload_names[] = { "stress", "office" };

const char *
cd_world_workload_to_string (CdWorldWorkload workload)
{
  g_return_val_if_fail ((guint) workload < G_N_ELEMENTS (workload_names), NULL);
  return workload_names[workload];
}

gboolean
cd_world_workload_from_string (const char      *name,
                               CdWorldWorkload *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (workload_names); i++)
    if (g_str_equal (name, workload_names[i]))
      {
        *out = (CdWorldWorkload) i;
        return TRUE;
      }
  return FALSE;
}

void
cd_world_set_large_employer_share (CdWorld *world,
                                   double   share)
{
  g_return_if_fail (world != NULL && share >= 0.0 && share <= 1.0);

  world->large_employer_share = share;
  world->large_employer = -1;
  if (share == 0.0)
    return;
  /* An industrial-park factory, not a primary school: the first enterprise among the employers
   * (seven in ten are), or employer 0 in the unlikely world without one in its first hundred. */
  world->large_employer = 0;
  for (guint32 e = 0; e < MIN (world->n_employers, 100); e++)
    {
      CdWorldEmployer employer;

      cd_world_get_employer (world, e, &employer);
      if (g_str_equal (employer.calendar_profile, "enterprise"))
        {
          world->large_employer = (gint32) e;
          break;
        }
    }
}

double
cd_world_get_large_employer_share (const CdWorld *world)
{
  return world->large_employer_share;
}

gint32
cd_world_get_large_employer (const CdWorld *world)
{
  return world->large_employer;
}

guint64
cd_world_get_max_claims (const CdWorld *world)
{
  return (guint64) world->n_people * CD_WORLD_EVENTS_PER_HOUSEHOLD;
}

void
cd_world_get_staff_name (const CdWorld *world,
                         gboolean       supervisor,
                         guint          n,
                         char          *out,
                         gsize          out_size)
{
  g_return_if_fail (n < (supervisor ? CD_WORLD_N_SUPERVISORS : CD_WORLD_N_OFFICERS));
  g_strlcpy (out, supervisor ? world->supervisors[n] : world->officers[n], out_size);
}

guint
cd_world_get_n_children (const CdWorld *world,
                         guint32        index)
{
  Household hh;

  household_compute (world, index, &hh);
  return hh.n_children;
}

gboolean
cd_world_has_spouse (const CdWorld *world,
                     guint32        index)
{
  Household hh;

  household_compute (world, index, &hh);
  return hh.has_spouse;
}

static void
fill_person (const CdWorld   *world,
             guint32          index,
             guint            role,
             const Household *hh,
             CdWorldPerson   *out)
{
  guint n_provinces, nf, nm, ng, n_streets;
  const CdWorldProvince *provinces = cd_world_provinces (&n_provinces);
  const CdWorldWord *fam = cd_world_names_family (&nf);
  const char * const *streets = cd_world_names_streets (&n_streets);
  gboolean father_family_from_insured;
  CdDay birth_day;
  guint64 who = (guint64) index * 8 + role;
  guint level;

  memset (out, 0, sizeof *out);
  out->index = index;
  out->role = role;
  out->code = who;

  if (role == CD_WORLD_ROLE_INSURED)
    {
      out->female = hh->female;
      birth_day = hh->birth_day;
      out->employer = hh->employer;
      out->insured = TRUE;
    }
  else if (role == CD_WORLD_ROLE_SPOUSE)
    {
      out->female = !hh->female;
      birth_day = hh->spouse_birth_day;
      out->employer = hh->spouse_employer;
      out->insured = hh->spouse_employer >= 0;
    }
  else
    {
      out->female = unit (cd_world_hash (world, TAG_SEX, index, role)) < 0.49;
      birth_day = hh->child_birth_day[role - CD_WORLD_ROLE_FIRST_CHILD];
      out->employer = -1;
      out->insured = FALSE;
    }

  /* Children carry their father's family name: the insured's if he is the man, else the spouse's.
   */
  father_family_from_insured = !hh->female || !hh->has_spouse;
  if (role >= CD_WORLD_ROLE_FIRST_CHILD)
    out->family_name = cd_world_pick_weighted (fam, nf,
      unit (cd_world_hash (world, TAG_NAME_FAMILY, index, father_family_from_insured ? 0 : 1)));
  else
    out->family_name = cd_world_pick_weighted (
        fam, nf, unit (cd_world_hash (world, TAG_NAME_FAMILY, index, role)));
  {
    const CdWorldWord *mid = cd_world_names_middle (out->female, &nm);
    const CdWorldWord *giv = cd_world_names_given (out->female, &ng);
    out->middle_name = cd_world_pick_weighted (
        mid, nm, unit (cd_world_hash (world, TAG_NAME_MIDDLE, index, role)));
    out->given_name = cd_world_pick_weighted (
        giv, ng, unit (cd_world_hash (world, TAG_NAME_GIVEN, index, role)));
    /* "Nguyễn Hồng Hồng" does not happen: draw the given name again. */
    for (guint k = 1; k < 8 && g_str_has_suffix (out->middle_name, out->given_name); k++)
      out->given_name = cd_world_pick_weighted (
          giv, ng, unit (cd_world_hash (world, TAG_NAME_GIVEN, index, role + 16 * k)));
  }
  g_snprintf (out->full_name, sizeof out->full_name, "%s %s %s",
              out->family_name, out->middle_name, out->given_name);

  cd_date_format (birth_day, out->birth_date);
  make_ids (world, who, out->female, birth_day, out);

  /* The household lives where the insured person's ID was issued, mostly. */
  {
    guint64 h = cd_world_hash (world, TAG_ADDRESS, index, 0);
    const CdWorldProvince *home = &provinces[((guint64) index * 8) % n_provinces];
    out->province_code = home->code;
    g_snprintf (out->district_code, sizeof out->district_code, "%03u", 1 + below (h, 30));
    g_snprintf (out->ward_code, sizeof out->ward_code, "%05u", below (mix64 (h), 30000));
    g_snprintf (out->address, sizeof out->address, "Số %u, đường %s, %s",
                1 + below (mix64 (h + 1), 300), streets[below (mix64 (h + 2), n_streets)],
                home->name);
  }

  {
    const char *prefix = card_prefix (out, world, birth_day, &level);
    g_snprintf (out->health_card, sizeof out->health_card, "%s%u%.2s%s",
                prefix, level, out->province_code + 1, out->si_code);
  }
}

gboolean
cd_world_get_person (const CdWorld *world,
                     guint32        index,
                     guint          role,
                     CdWorldPerson *out)
{
  Household hh;

  g_return_val_if_fail (world != NULL && out != NULL, FALSE);

  if (index >= world->n_people || role >= CD_WORLD_ROLE_FIRST_CHILD + CD_WORLD_MAX_CHILDREN)
    return FALSE;
  household_compute (world, index, &hh);
  if (role == CD_WORLD_ROLE_SPOUSE && !hh.has_spouse)
    return FALSE;
  if (role >= CD_WORLD_ROLE_FIRST_CHILD && role - CD_WORLD_ROLE_FIRST_CHILD >= hh.n_children)
    return FALSE;
  fill_person (world, index, role, &hh, out);
  return TRUE;
}

static gboolean
check_code (const CdWorld *world,
            guint64        code,
            const char    *id,
            gboolean       is_si,
            guint32       *index,
            guint         *role)
{
  CdWorldPerson person;

  if (code / 8 >= world->n_people)
    return FALSE;
  if (!cd_world_get_person (world, (guint32) (code / 8), (guint) (code % 8), &person))
    return FALSE;
  if (!g_str_equal (is_si ? person.si_code : person.personal_id, id))
    return FALSE;
  *index = person.index;
  *role = person.role;
  return TRUE;
}

gboolean
cd_world_lookup_personal_id (const CdWorld *world,
                             const char    *personal_id,
                             guint32       *index,
                             guint         *role)
{
  guint n_provinces, p;
  const CdWorldProvince *provinces = cd_world_provinces (&n_provinces);
  guint64 scrambled, code;

  g_return_val_if_fail (world != NULL && personal_id != NULL, FALSE);

  if (!cd_ascii_is_digits (personal_id, 12))
    return FALSE;
  for (p = 0; p < n_provinces; p++)
    if (strncmp (provinces[p].code, personal_id, 3) == 0)
      break;
  if (p == n_provinces)
    return FALSE;
  scrambled = g_ascii_strtoull (personal_id + 6, NULL, 10) * n_provinces + p;
  code
      = (scrambled + ID_SPACE - world->serial_offset) % ID_SPACE * world->serial_inverse % ID_SPACE;
  return check_code (world, code, personal_id, FALSE, index, role);
}

gboolean
cd_world_lookup_si_code (const CdWorld *world,
                         const char    *si_code,
                         guint32       *index,
                         guint         *role)
{
  guint32 tail;
  guint64 code;

  g_return_val_if_fail (world != NULL && si_code != NULL, FALSE);

  if (!cd_ascii_is_digits (si_code, 10))
    return FALSE;
  tail = (guint32) g_ascii_strtoull (si_code + 2, NULL, 10);
  code = (guint64) ((tail + SI_SPACE - world->si_offset) % SI_SPACE) * world->si_inverse % SI_SPACE;
  return check_code (world, code, si_code, TRUE, index, role);
}

void
cd_world_get_employer (const CdWorld   *world,
                       guint32          employer,
                       CdWorldEmployer *out)
{
  guint n_provinces, n_brands, n_trades, n_streets;
  const CdWorldProvince *provinces = cd_world_provinces (&n_provinces);
  const char * const *brands = cd_world_names_brands (&n_brands);
  const char * const *trades = cd_world_names_trades (&n_trades);
  const char * const *streets = cd_world_names_streets (&n_streets);
  guint64 h = cd_world_hash (world, TAG_EMPLOYER_KIND, employer, 0);
  guint64 hn = cd_world_hash (world, TAG_EMPLOYER_NAME, employer, 0);
  gboolean public_sector = unit (h) < 0.3;

  memset (out, 0, sizeof *out);
  out->index = employer;
  out->province_code = provinces[below (mix64 (h), n_provinces)].code;
  g_snprintf (out->code, sizeof out->code, "%s%06u", public_sector ? "HC" : "DN", employer + 1);

  if (public_sector)
    {
      static const char * const kinds[] = {
        "Trường Tiểu học", "Trường THCS", "Ủy ban nhân dân phường", "Trạm Y tế xã",
        "Chi cục Thuế khu vực", "Trường Mầm non",
      };
      g_snprintf (out->name, sizeof out->name, "%s %s", kinds[below (hn, G_N_ELEMENTS (kinds))],
                  streets[below (mix64 (hn), n_streets)]);
      out->calendar_profile = "public-sector";
      out->weekly_rest = "[\"sat\",\"sun\"]";
    }
  else
    {
      static const char *const forms[]
          = { "Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân" };
      g_snprintf (out->name, sizeof out->name, "%s %s %s", forms[below (hn, G_N_ELEMENTS (forms))],
                  trades[below (mix64 (hn), n_trades)], brands[below (mix64 (hn + 1), n_brands)]);
      out->calendar_profile = "enterprise";
      /* Factories often work six days a week. */
      out->weekly_rest = unit (mix64 (h + 1)) < 0.4 ? "[\"sun\"]" : "[\"sat\",\"sun\"]";

      /* Some declare a bridge day off for Tết and work a Saturday in exchange. */
      if (unit (cd_world_hash (world, TAG_DECLARED, employer, 0)) < 0.3)
        {
          out->n_declared = 2;
          g_strlcpy (out->declared_day[0], "2026-02-23", sizeof out->declared_day[0]);
          out->declared_kind[0] = "holiday";
          g_strlcpy (out->declared_day[1], "2026-03-07", sizeof out->declared_day[1]);
          out->declared_kind[1] = "working_day";
        }
    }
}

/* Whether the person (`role` of household `index`) claims a leave touching month `m`. */
static gboolean
on_leave_in_month (const CdWorld *world,
                   guint32        index,
                   guint          role,
                   int            m)
{
  if (role != CD_WORLD_ROLE_INSURED)
    return FALSE;
  for (guint j = 0; j < CD_WORLD_EVENTS_PER_HOUSEHOLD; j++)
    {
      CdWorldClaim claim;
      CdDay from, to;

      if (cd_world_get_claim (world, (guint64) j * world->n_people + index, &claim)
          && cd_date_parse (claim.period_from, &from) && cd_date_parse (claim.period_to, &to)
          && cd_date_month (from) <= m && m <= cd_date_month (to))
        return TRUE;
    }
  return FALSE;
}

typedef enum
{
  BIRTH_FRAUD_NONE,
  BIRTH_FRAUD_LATE_START,
  BIRTH_FRAUD_SALARY_JUMP,
} BirthFraud;

/* The office workload plants two of the patterns the agency lists (procedure-2026.md §3.1) in a
 * few mothers of a childbirth claim, so that the demo office has them to find
 * (contributions.start_before_birth, contributions.salary_jump): 2.5 % start contributing four
 * months before the birth, 2.5 % have their salary raised then. The stress workload plants none. */
static BirthFraud
office_birth_fraud (const CdWorld *world,
                    guint32        index,
                    guint          role,
                    int           *birth_month)
{
  Household hh;
  double u;

  if (world->workload != CD_WORLD_WORKLOAD_OFFICE || role != CD_WORLD_ROLE_INSURED)
    return BIRTH_FRAUD_NONE;
  household_compute (world, index, &hh);
  if (hh.birth_event < 0 || hh.benefit[hh.birth_event] != CD_BENEFIT_CHILDBIRTH)
    return BIRTH_FRAUD_NONE;
  *birth_month = cd_date_month (hh.child_birth_day[hh.n_children - 1]);
  u = unit (cd_world_hash (world, TAG_BIRTH_FRAUD, index, 0));
  return u < 0.025 ? BIRTH_FRAUD_LATE_START : u < 0.05 ? BIRTH_FRAUD_SALARY_JUMP : BIRTH_FRAUD_NONE;
}

GArray *
cd_world_get_contributions (const CdWorld *world,
                            guint32        index,
                            guint          role,
                            const char    *from_month,
                            const char    *to_month)
{
  GArray *months = g_array_new (FALSE, TRUE, sizeof (CdWorldContribution));
  CdWorldPerson person;
  CdMonth from, to;
  CdDay birth;
  int start, now;
  guint64 who, hc;
  double base, growth;
  gboolean heavy;
  BirthFraud birth_fraud;
  int birth_month = 0;

  if (!cd_month_parse (from_month, &from) || !cd_month_parse (to_month, &to)
      || !cd_world_get_person (world, index, role, &person) || !person.insured
      || !cd_date_parse (person.birth_date, &birth))
    return months;

  who = (guint64) index * 8 + role;
  hc = cd_world_hash (world, TAG_CAREER, who, 0);
  start = (cd_date_year (birth) + 18 + (int) below (hc, 7)) * 12 + (int) below (mix64 (hc), 12);
  start = MAX (start, 1995 * 12);
  now = cd_date_month (world->reference_day);
  /* Salaries start between 4.5 and 9 million VND and grow 3–9 % a year. */
  base = 4500000.0 + unit (mix64 (hc + 1)) * 4500000.0;
  growth = 0.03 + unit (mix64 (hc + 2)) * 0.06;
  heavy = unit (mix64 (hc + 3)) < 0.05;

  birth_fraud = office_birth_fraud (world, index, role, &birth_month);
  /* Insured only from a few months before the birth, to be paid for it. */
  if (birth_fraud == BIRTH_FRAUD_LATE_START)
    start = MAX (start, birth_month - 4);

  for (int m = MAX (from, start); m <= MIN (to, now); m++)
    {
      int year = m / 12;
      guint64 hg = cd_world_hash (world, TAG_GAP, who, (guint64) year);
      int gap_start = (int) below (hg, 12);
      int gap_length = unit (mix64 (hg)) < 0.15 ? 1 + (int) below (mix64 (hg + 1), 5) : 0;
      CdWorldContribution c = { 0 };
      double years = (m - start) / 12.0;
      double salary = base;

      /* Unemployment or unpaid leave: a few months in some years have no contribution — in an
       * office's world never a month the person is on paid leave. */
      if (m % 12 >= gap_start && m % 12 < gap_start + gap_length
          && !(world->workload == CD_WORLD_WORKLOAD_OFFICE
               && on_leave_in_month (world, index, role, m)))
        continue;
      for (int y = 0; y < (int) years; y++)
        salary *= 1.0 + growth;
      g_snprintf (c.month, sizeof c.month, "%04d-%02d", year, m % 12 + 1);
      /* Or a salary raised two and a half times, for a benefit paid on it. */
      if (birth_fraud == BIRTH_FRAUD_SALARY_JUMP && m >= birth_month - 4)
        salary *= 2.5;
      c.salary = ((gint64) salary / 10000) * 10000;
      c.employer = person.employer;
      c.job_conditions = heavy ? "heavy_or_hazardous" : "normal";
      g_array_append_val (months, c);
    }
  return months;
}

static gboolean
status_is_open (CdClaimStatus status)
{
  return status <= CD_CLAIM_STATUS_RETURNED || status == CD_CLAIM_STATUS_QUEUED;
}

/* The office workload: how far a claim received `age` days before the reference day has gone, as
 * in an office that
 * keeps its deadline: the last days' claims are being gathered and evaluated, the week's proposed
 * and approved, older ones delivered (a few rejected) — and a few percent of those received two
 * to three weeks ago still open, the overdue ones the dashboard lists. Refusals by central come
 * from the forced pairs alone (cd-world.c's N_FORCED), a handful as an office has. */
static CdClaimStatus
status_for_age (guint64 hash,
                gint32  age)
{
  double u = unit (mix64 (hash + 2));

  if (age <= 1)
    return u < 0.4 ? CD_CLAIM_STATUS_DRAFT
           : u < 0.7 ? CD_CLAIM_STATUS_EVIDENCE_COMPLETE : CD_CLAIM_STATUS_EVALUATED;
  if (age <= 4)
    return u < 0.1 ? CD_CLAIM_STATUS_EVIDENCE_COMPLETE
           : u < 0.4 ? CD_CLAIM_STATUS_EVALUATED
           : u < 0.8 ? CD_CLAIM_STATUS_PROPOSED
           : u < 0.9 ? CD_CLAIM_STATUS_APPROVED : CD_CLAIM_STATUS_QUEUED;
  if (age <= 9)
    return u < 0.05 ? CD_CLAIM_STATUS_EVALUATED
           : u < 0.25 ? CD_CLAIM_STATUS_PROPOSED
           : u < 0.35 ? CD_CLAIM_STATUS_APPROVED
           : u < 0.5 ? CD_CLAIM_STATUS_QUEUED
           : u < 0.95 ? CD_CLAIM_STATUS_SYNCED : CD_CLAIM_STATUS_REJECTED;
  if (age <= 20)
    return u < 0.01 ? CD_CLAIM_STATUS_EVALUATED
           : u < 0.04 ? CD_CLAIM_STATUS_PROPOSED
           : u < 0.06 ? CD_CLAIM_STATUS_QUEUED
           : u < 0.95 ? CD_CLAIM_STATUS_SYNCED : CD_CLAIM_STATUS_REJECTED;
  return u < 0.96 ? CD_CLAIM_STATUS_SYNCED : CD_CLAIM_STATUS_REJECTED;
}

static gint32
period_length (const CdWorld *world,
               guint32        i,
               guint          j,
               guint32        lo,
               guint32        hi)
{
  return (gint32) (lo + below (cd_world_hash (world, TAG_EVENT_LEN, i, j), hi - lo + 1));
}

gboolean
cd_world_get_claim (const CdWorld *world,
                    guint64        claim_index,
                    CdWorldClaim  *out)
{
  Household hh;
  guint32 i;
  guint j;
  CdDay d, from, to, received;
  CdBenefit forced_benefit;
  CdClaimStatus forced_status;
  guint64 hs;
  double salary;

  g_return_val_if_fail (world != NULL && out != NULL, FALSE);

  if (claim_index >= cd_world_get_max_claims (world))
    return FALSE;
  i = (guint32) (claim_index % world->n_people);
  j = (guint) (claim_index / world->n_people);
  household_compute (world, i, &hh);

  memset (out, 0, sizeof *out);
  out->claim_index = claim_index;
  out->index = i;
  out->event = j;
  out->benefit = hh.benefit[j];
  out->child_role = -1;
  out->has_spouse = hh.has_spouse;
  d = hh.event_day[j];

  if ((int) j == hh.birth_event)
    {
      out->child_role = CD_WORLD_ROLE_FIRST_CHILD + (int) hh.n_children - 1;
      d = hh.child_birth_day[hh.n_children - 1];
    }
  else if (out->benefit == CD_BENEFIT_CHILD_SICKNESS)
    {
      for (guint c = 0; c < hh.n_children; c++)
        if (hh.child_birth_day[c] < d && d - hh.child_birth_day[c] < 7 * 365)
          out->child_role = CD_WORLD_ROLE_FIRST_CHILD + (int) c;
    }

  switch (out->benefit)
    {
    case CD_BENEFIT_SICKNESS:
      from = d; to = d + period_length (world, i, j, 1, 14) - 1; break;
    case CD_BENEFIT_CHILD_SICKNESS:
      from = d; to = d + period_length (world, i, j, 1, 7) - 1; break;
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
      from = out->benefit == CD_BENEFIT_RECOVERY_AFTER_MATERNITY ? d + 183 : d;
      to = from + period_length (world, i, j, 5, 10) - 1; break;
    case CD_BENEFIT_PRENATAL_CHECKUP:
      from = d; to = d + period_length (world, i, j, 1, 2) - 1; break;
    case CD_BENEFIT_PREGNANCY_LOSS:
      from = d; to = d + period_length (world, i, j, 10, 50) - 1; break;
    case CD_BENEFIT_CHILDBIRTH:
      from = d - period_length (world, i, j, 0, 30); to = from + 182; break;
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      from = d + period_length (world, i, j, 10, 60); to = d + 182; break;
    case CD_BENEFIT_FATHER_LEAVE:
      from = d; to = d + period_length (world, i, j, 5, 14) - 1; break;
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_ADOPTION:
      from = d; to = d + 182; break;
    case CD_BENEFIT_CONTRACEPTION:
      from = d; to = d + period_length (world, i, j, 7, 15) - 1; break;
    case CD_BENEFIT_LUMP_SUM_FATHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
    case CD_N_BENEFITS:
    default:
      from = d; to = d; break;
    }

  hs = cd_world_hash (world, TAG_STATUS, i, j);
  received = MIN (from + 3 + (gint32) below (mix64 (hs + 1), 38), world->reference_day);
  if (j == 0 && forced_pair (world, i, &forced_benefit, &forced_status))
    {
      out->status = forced_status;
      /* In an office, a claim still being worked on was received in the last days. */
      if (world->workload == CD_WORLD_WORKLOAD_OFFICE && status_is_open (forced_status))
        received = MAX (received, world->reference_day - 6);
    }
  else if (world->workload == CD_WORLD_WORKLOAD_OFFICE)
    out->status = status_for_age (hs, world->reference_day - received);
  /* The stress workload: the recent events in any status, older ones mostly delivered. */
  else if (j == 0 || (j == 1 && unit (hs) < 0.5))
    out->status = (CdClaimStatus) below (mix64 (hs), CD_N_CLAIM_STATUSES);
  else if (unit (hs) < 0.85)
    out->status = CD_CLAIM_STATUS_SYNCED;
  else
    out->status = (CdClaimStatus) below (mix64 (hs), CD_N_CLAIM_STATUSES);
  cd_date_format (d, out->event_date);
  cd_date_format (from, out->period_from);
  cd_date_format (to, out->period_to);
  out->received_on = cd_date_to_yyyymmdd (received);
  out->officer = below (cd_world_hash (world, TAG_OFFICER, i, j), CD_WORLD_N_OFFICERS);
  out->approver = below (mix64 (cd_world_hash (world, TAG_OFFICER, i, j)), CD_WORLD_N_SUPERVISORS);
  g_snprintf (out->number, sizeof out->number, "HS-%04u-%08" G_GUINT64_FORMAT,
              out->received_on / 10000, claim_index + 1);

  /* A plausible amount once the claim has been evaluated: the daily or monthly salary times the
   * period, at the usual rates; exact figures are the rules engine's business, not the world's. */
  if (out->status == CD_CLAIM_STATUS_DRAFT || out->status == CD_CLAIM_STATUS_EVIDENCE_COMPLETE)
    return TRUE;
  salary = 4500000.0 + unit (cd_world_hash (world, TAG_CAREER, (guint64) i * 8, 9)) * 16000000.0;
  switch (out->benefit)
    {
    case CD_BENEFIT_SICKNESS:
    case CD_BENEFIT_CHILD_SICKNESS:
      out->amount = (gint64) (salary / 24.0 * 0.75 * (to - from + 1) * 5 / 7); break;
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
      out->amount = (gint64) (2340000 * 0.3) * (to - from + 1); break;
    case CD_BENEFIT_CHILDBIRTH:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_ADOPTION:
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      out->amount = (gint64) (salary * 6) + 2 * 2340000; break;
    case CD_BENEFIT_LUMP_SUM_FATHER:
      out->amount = 2 * 2340000; break;
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
      out->amount = 2000000; break;
    case CD_BENEFIT_PRENATAL_CHECKUP:
    case CD_BENEFIT_PREGNANCY_LOSS:
    case CD_BENEFIT_FATHER_LEAVE:
    case CD_BENEFIT_CONTRACEPTION:
    case CD_N_BENEFITS:
    default:
      out->amount = (gint64) (salary / 24.0 * (to - from + 1) * 5 / 7); break;
    }
  out->amount = (out->amount / 1000) * 1000;
  if (out->status == CD_CLAIM_STATUS_REJECTED)
    out->amount = 0;
  return TRUE;
}

GArray *
cd_world_get_household_claims (const CdWorld *world,
                               guint32        index,
                               const char    *from,
                               const char    *to)
{
  GArray *claims = g_array_new (FALSE, TRUE, sizeof (CdWorldClaim));

  g_return_val_if_fail (world != NULL && from != NULL && to != NULL, claims);

  if (index >= world->n_people)
    return claims;
  /* Events go back in time as their number grows: walk from the oldest to keep the answer in order.
   */
  for (guint e = CD_WORLD_EVENTS_PER_HOUSEHOLD; e-- > 0;)
    {
      CdWorldClaim claim;

      cd_world_get_claim (world, (guint64) e * world->n_people + index, &claim);
      if (strcmp (claim.period_to, from) >= 0 && strcmp (claim.period_from, to) <= 0)
        g_array_append_val (claims, claim);
    }
  return claims;
}
