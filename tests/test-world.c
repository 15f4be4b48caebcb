/* test-world.c — the deterministic synthetic world. */
#include <stdlib.h>
#include <string.h>

#include "cd-text-fold.h"
#include "cd-world.h"
#include "cd-world-names.h"

static gboolean
is_digits (const char *s,
           gsize       n)
{
  for (gsize k = 0; k < n; k++)
    if (!g_ascii_isdigit (s[k]))
      return FALSE;
  return strlen (s) == n;
}

static void
test_same_seed_same_world (void)
{
  CdWorld *a = cd_world_new (42, 500);
  CdWorld *b = cd_world_new (42, 500);
  CdWorld *c = cd_world_new (43, 500);
  guint differ = 0;

  for (guint32 i = 0; i < 500; i++)
    {
      CdWorldPerson pa, pb, pc;
      CdWorldClaim ca, cb;

      g_assert_true (cd_world_get_person (a, i, 0, &pa));
      g_assert_true (cd_world_get_person (b, i, 0, &pb));
      g_assert_true (cd_world_get_person (c, i, 0, &pc));
      g_assert_cmpstr (pa.personal_id, ==, pb.personal_id);
      g_assert_cmpstr (pa.full_name, ==, pb.full_name);
      g_assert_cmpstr (pa.birth_date, ==, pb.birth_date);
      g_assert_true (cd_world_get_claim (a, i, &ca));
      g_assert_true (cd_world_get_claim (b, i, &cb));
      g_assert_cmpmem (&ca, sizeof ca, &cb, sizeof cb);
      if (!g_str_equal (pa.full_name, pc.full_name))
        differ++;
    }
  /* Another seed is another world. */
  g_assert_cmpuint (differ, >, 250);
  cd_world_free (a);
  cd_world_free (b);
  cd_world_free (c);
}

static void
test_identifiers_are_valid (void)
{
  CdWorld *world = cd_world_new (7, 2000);
  guint n_provinces;
  const CdWorldProvince *provinces = cd_world_provinces (&n_provinces);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint32 i = 0; i < 2000; i++)
    for (guint role = 0; role < CD_WORLD_ROLE_FIRST_CHILD + CD_WORLD_MAX_CHILDREN; role++)
      {
        CdWorldPerson p;
        int year, century_sex;
        gboolean province_ok = FALSE;
        guint32 index;
        guint found_role;

        if (!cd_world_get_person (world, i, role, &p))
          continue;
        g_assert_true (is_digits (p.personal_id, 12));
        g_assert_true (is_digits (p.si_code, 10));
        g_assert_cmpstr (p.si_code, !=, "0000000000");
        g_assert_cmpuint (strlen (p.health_card), ==, 15);
        g_assert_true (g_ascii_isupper (p.health_card[0]) && g_ascii_isupper (p.health_card[1]));
        g_assert_true (p.health_card[2] >= '1' && p.health_card[2] <= '5');
        g_assert_true (g_str_has_suffix (p.health_card, p.si_code));

        /* 3 province digits, century/sex, 2 birth-year digits, 6 serial digits. */
        for (guint k = 0; k < n_provinces; k++)
          if (strncmp (provinces[k].code, p.personal_id, 3) == 0)
            province_ok = TRUE;
        g_assert_true (province_ok);
        year = atoi (p.birth_date);
        century_sex = p.personal_id[3] - '0';
        g_assert_cmpint (century_sex, ==, (year / 100 - 19) * 2 + (p.female ? 1 : 0));
        g_assert_cmpint ((p.personal_id[4] - '0') * 10 + (p.personal_id[5] - '0'), ==, year % 100);

        g_assert_false (g_hash_table_contains (ids, p.personal_id));
        g_hash_table_add (ids, g_strdup (p.personal_id));

        /* The identifier leads back to the person, without any table. */
        g_assert_true (cd_world_lookup_personal_id (world, p.personal_id, &index, &found_role));
        g_assert_cmpuint (index, ==, i);
        g_assert_cmpuint (found_role, ==, role);
        g_assert_true (cd_world_lookup_si_code (world, p.si_code, &index, &found_role));
        g_assert_cmpuint (index, ==, i);
        g_assert_cmpuint (found_role, ==, role);
      }
  /* A valid-looking ID that the world never issued is not found. */
  {
    guint32 index;
    guint role;
    g_assert_false (cd_world_lookup_personal_id (world, "001000000000", &index, &role)
                    && index >= 2000);
    g_assert_false (cd_world_lookup_personal_id (world, "12345", &index, &role));
  }
  cd_world_free (world);
}

static void
test_names_are_vietnamese (void)
{
  CdWorld *world = cd_world_new (3, 3000);
  guint with_marks = 0, nguyen = 0, with_d_stroke = 0;

  for (guint32 i = 0; i < 3000; i++)
    {
      CdWorldPerson p;
      g_autofree char *folded = NULL;

      cd_world_get_person (world, i, 0, &p);
      folded = cd_text_fold (p.full_name);
      if (!g_str_equal (folded, p.full_name))
        with_marks++;
      if (g_str_has_prefix (p.full_name, "Nguyễn "))
        nguyen++;
      if (strstr (p.full_name, "Đ") != NULL || strstr (p.full_name, "đ") != NULL)
        with_d_stroke++;
      /* Three or four words: family, middle (one or two), given. */
      {
        g_auto(GStrv) words = g_strsplit (p.full_name, " ", -1);
        g_assert_cmpuint (g_strv_length (words), >=, 3);
      }
      if (!p.female)
        g_assert_false (g_str_has_prefix (p.middle_name, "Thị"));
    }
  g_assert_cmpuint (with_marks, >, 2900);
  /* Nguyễn is about 38 % of Vietnamese. */
  g_assert_cmpuint (nguyen, >, 900);
  g_assert_cmpuint (nguyen, <, 1400);
  g_assert_cmpuint (with_d_stroke, >, 100);
  cd_world_free (world);
}

static void
test_families (void)
{
  CdWorld *world = cd_world_new (11, 2000);
  guint spouses = 0, with_children = 0, adult_children = 0, babies = 0;

  for (guint32 i = 0; i < 2000; i++)
    {
      CdWorldPerson insured, spouse;
      guint n = cd_world_get_n_children (world, i);

      cd_world_get_person (world, i, 0, &insured);
      if (cd_world_get_person (world, i, CD_WORLD_ROLE_SPOUSE, &spouse))
        {
          spouses++;
          g_assert_cmpint (spouse.female, !=, insured.female);
        }
      if (n > 0)
        with_children++;
      for (guint c = 0; c < n; c++)
        {
          CdWorldPerson child;
          g_assert_true (cd_world_get_person (world, i, CD_WORLD_ROLE_FIRST_CHILD + c, &child));
          /* Children are born after their parent. */
          g_assert_cmpstr (child.birth_date, >, insured.birth_date);
          if (strcmp (child.birth_date, "2008-11-20") < 0)
            adult_children++;
          if (strcmp (child.birth_date, "2025-11-20") > 0)
            babies++;
          g_assert_false (child.insured);
        }
      g_assert_false (cd_world_get_person (world, i, CD_WORLD_ROLE_FIRST_CHILD + n, &spouse));
    }
  g_assert_cmpuint (spouses, >, 1200);
  g_assert_cmpuint (with_children, >, 1000);
  /* Children of all ages. */
  g_assert_cmpuint (adult_children, >, 50);
  g_assert_cmpuint (babies, >, 50);
  cd_world_free (world);
}

static void
test_contributions_have_gaps_and_growth (void)
{
  CdWorld *world = cd_world_new (5, 300);
  guint with_gap = 0;

  for (guint32 i = 0; i < 300; i++)
    {
      g_autoptr(GArray) months = cd_world_get_contributions (world, i, 0, "2016-01", "2026-10");
      CdWorldContribution *first, *last;

      if (months->len < 2)
        continue;
      first = &g_array_index (months, CdWorldContribution, 0);
      last = &g_array_index (months, CdWorldContribution, months->len - 1);
      g_assert_cmpint (first->salary, >=, 4500000);
      g_assert_cmpint (last->salary, >=, first->salary);
      g_assert_cmpint (last->salary % 10000, ==, 0);
      if (months->len < 130 && strcmp (first->month, "2016-01") == 0)
        with_gap++;
    }
  g_assert_cmpuint (with_gap, >, 30);
  cd_world_free (world);
}

static void
test_every_case_in_every_status (void)
{
  CdWorld *world = cd_world_new (9, 400);
  gboolean seen[CD_N_BENEFITS][CD_N_CLAIM_STATUSES] = { { FALSE } };

  for (guint64 k = 0; k < 400; k++)
    {
      CdWorldClaim claim;
      CdWorldPerson claimant;

      g_assert_true (cd_world_get_claim (world, k, &claim));
      seen[claim.benefit][claim.status] = TRUE;
      g_assert_cmpstr (claim.period_to, >=, claim.period_from);
      cd_world_get_person (world, claim.index, 0, &claimant);
      /* Who can claim what. */
      if (claim.benefit == CD_BENEFIT_CHILDBIRTH || claim.benefit == CD_BENEFIT_PRENATAL_CHECKUP)
        g_assert_true (claimant.female);
      if (claim.benefit == CD_BENEFIT_FATHER_LEAVE)
        g_assert_false (claimant.female);
      if (claim.benefit == CD_BENEFIT_CHILDBIRTH || claim.benefit == CD_BENEFIT_CHILD_SICKNESS
          || claim.benefit == CD_BENEFIT_FATHER_LEAVE)
        {
          CdWorldPerson child;
          g_assert_cmpint (claim.child_role, >=, CD_WORLD_ROLE_FIRST_CHILD);
          g_assert_true (cd_world_get_person (world, claim.index, (guint)claim.child_role, &child));
          if (claim.benefit == CD_BENEFIT_CHILDBIRTH)
            g_assert_cmpstr (child.birth_date, ==, claim.event_date);
        }
      if (claim.status == CD_CLAIM_STATUS_DRAFT)
        g_assert_cmpint (claim.amount, ==, 0);
    }
  for (guint b = 0; b < CD_N_BENEFITS; b++)
    for (guint s = 0; s < CD_N_CLAIM_STATUSES; s++)
      if (!seen[b][s])
        g_error ("no claim of %s in status %s", cd_benefit_to_string (b),
                 cd_claim_status_to_string (s));
  g_assert_false (
      cd_world_get_claim (world, cd_world_get_max_claims (world), &(CdWorldClaim){ 0 }));
  cd_world_free (world);
}

static void
test_household_claims_by_window (void)
{
  CdWorld *world = cd_world_new (13, 50);
  g_autoptr(GArray) all = cd_world_get_household_claims (world, 7, "2000-01-01", "2099-12-31");
  g_autoptr(GArray) recent = cd_world_get_household_claims (world, 7, "2026-01-01", "2026-12-31");

  /* Every event of the household, oldest first, each the world's claim of the same index. */
  g_assert_cmpuint (all->len, ==, CD_WORLD_EVENTS_PER_HOUSEHOLD);
  for (guint k = 0; k < all->len; k++)
    {
      CdWorldClaim *c = &g_array_index (all, CdWorldClaim, k);
      CdWorldClaim again;
      g_assert_cmpuint (c->index, ==, 7);
      g_assert_cmpuint (c->claim_index % 50, ==, 7);
      g_assert_true (cd_world_get_claim (world, c->claim_index, &again));
      g_assert_cmpstr (again.number, ==, c->number);
      if (k > 0)
        g_assert_cmpstr (g_array_index (all, CdWorldClaim, k - 1).period_from, <=, c->period_from);
    }
  g_assert_cmpuint (recent->len, >, 0);
  g_assert_cmpuint (recent->len, <, all->len);
  for (guint k = 0; k < recent->len; k++)
    g_assert_cmpstr (g_array_index (recent, CdWorldClaim, k).period_to, >=, "2026-01-01");
  cd_world_free (world);
}

/* A large employer (an industrial park's factory) is an option: off, the world is the one every
 * seeded store and test was made from; on, a share of the households works for it, and everything
 * said about those people (their card, their contributions) says the same. */
static void
test_large_employer (void)
{
  /* Employers of households 0–5 of world (7, 2000), as the world has always made them, and a
   * fingerprint of all 2,000. */
  static const gint32 known[] = { 24, 30, 40, 25, 55, 61 };
  guint64 fingerprint = 0;
  CdWorld *plain = cd_world_new (7, 2000);
  CdWorld *same = cd_world_new (7, 2000);
  CdWorld *large = cd_world_new (7, 2000);
  CdWorldEmployer factory;
  gint32 big;
  guint moved = 0;

  g_assert_cmpint (cd_world_get_large_employer (plain), ==, -1);
  g_assert_cmpfloat (cd_world_get_large_employer_share (plain), ==, 0.0);
  cd_world_set_large_employer_share (same, 0.0);
  cd_world_set_large_employer_share (large, 0.6);
  g_assert_cmpint (cd_world_get_large_employer (same), ==, -1);
  big = cd_world_get_large_employer (large);
  g_assert_cmpint (big, >=, 0);
  cd_world_get_employer (large, (guint32) big, &factory);
  g_assert_cmpstr (factory.calendar_profile, ==, "enterprise");

  for (guint32 i = 0; i < G_N_ELEMENTS (known); i++)
    {
      CdWorldPerson person;

      g_assert_true (cd_world_get_person (plain, i, 0, &person));
      g_assert_cmpint (person.employer, ==, known[i]);
    }
  for (guint32 i = 0; i < 2000; i++)
    {
      CdWorldPerson a, b, c;
      CdWorldClaim ca, cb;

      g_assert_true (cd_world_get_person (plain, i, 0, &a));
      g_assert_true (cd_world_get_person (same, i, 0, &b));
      g_assert_true (cd_world_get_person (large, i, 0, &c));
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
      fingerprint = fingerprint * 31 + (guint64) (a.employer + 1);
      g_assert_true (cd_world_get_claim (plain, i, &ca));
      g_assert_true (cd_world_get_claim (large, i, &cb));
      /* The large employer changes who pays the salary, not who the person is or what happened. */
      g_assert_cmpstr (a.personal_id, ==, c.personal_id);
      g_assert_cmpstr (a.full_name, ==, c.full_name);
      g_assert_cmpmem (&ca, sizeof ca, &cb, sizeof cb);
      if (c.employer != a.employer)
        {
          g_autoptr(GArray) months = cd_world_get_contributions (large, i, 0, "2026-01", "2026-10");

          g_assert_cmpint (c.employer, ==, big);
          g_assert_true (g_str_has_prefix (c.health_card, "DN"));
          for (guint k = 0; k < months->len; k++)
            g_assert_cmpint (g_array_index (months, CdWorldContribution, k).employer, ==, big);
          moved++;
        }
    }
  g_assert_cmpuint (fingerprint, ==, G_GUINT64_CONSTANT (10109587644600337819));
  /* 60 % drawn, less the few who worked there already. */
  g_assert_cmpuint (moved, >, 1100);
  g_assert_cmpuint (moved, <, 1300);
  cd_world_free (plain);
  cd_world_free (same);
  cd_world_free (large);
}

/* The demo's world: 2,000 households, 6,000 claims (cd-demo-session.h). */
#define OFFICE_PEOPLE 2000
#define OFFICE_CLAIMS 6000

static gboolean
is_open (CdClaimStatus status)
{
  return status <= CD_CLAIM_STATUS_RETURNED || status == CD_CLAIM_STATUS_QUEUED;
}

/* Dated to another day, the world (either workload) is the same world moved in time: every claim
 * keeps its status, amount and age on the reference day; only its dates move, by the days between
 * the two. */
static void
test_dated_world_moves_in_time (void)
{
  CdWorld *plain = cd_world_new (1, OFFICE_PEOPLE);
  CdWorld *dated = cd_world_new (1, OFFICE_PEOPLE);
  CdDay default_day, day;

  g_assert_true (cd_date_parse (CD_WORLD_REFERENCE_DATE, &default_day));
  g_assert_cmpint (cd_world_get_reference_day (plain), ==, default_day);
  g_assert_true (cd_date_parse ("2027-03-15", &day));
  cd_world_set_reference_day (dated, day);
  cd_world_set_workload (plain, CD_WORLD_WORKLOAD_OFFICE);
  cd_world_set_workload (dated, CD_WORLD_WORKLOAD_OFFICE);
  g_assert_cmpint (cd_world_get_reference_day (dated), ==, day);

  for (guint64 k = 0; k < OFFICE_CLAIMS; k++)
    {
      CdWorldClaim a, b;
      CdDay from_a, from_b;

      g_assert_true (cd_world_get_claim (plain, k, &a));
      g_assert_true (cd_world_get_claim (dated, k, &b));
      g_assert_cmpint (a.status, ==, b.status);
      g_assert_cmpint (a.benefit, ==, b.benefit);
      g_assert_cmpint (a.amount, ==, b.amount);
      g_assert_cmpint (cd_date_from_yyyymmdd (b.received_on) - day, ==,
                       cd_date_from_yyyymmdd (a.received_on) - default_day);
      g_assert_true (cd_date_parse (a.period_from, &from_a));
      g_assert_true (cd_date_parse (b.period_from, &from_b));
      g_assert_cmpint (from_b - from_a, ==, day - default_day);
    }
  /* CD_DAY_NONE puts the default back. */
  cd_world_set_reference_day (dated, CD_DAY_NONE);
  g_assert_cmpint (cd_world_get_reference_day (dated), ==, default_day);
  cd_world_free (plain);
  cd_world_free (dated);
}

/* The office on its reference day looks like an office that keeps up: the claims still open were
 * received in the last three weeks, a few of them past the deadline; a handful were refused by
 * central; the weeks before were delivered. */
static void
test_office_looks_current (void)
{
  CdWorld *world = cd_world_new (1, OFFICE_PEOPLE);
  CdDay today = cd_world_get_reference_day (world);
  guint stress_refused = 0;
  guint open = 0, open_late = 0, refused = 0, last_four_weeks = 0, delivered_old = 0, old = 0;

  /* The stress workload, the default, refuses one claim in ten of the recent ones. */
  for (guint64 k = 0; k < OFFICE_CLAIMS; k++)
    {
      CdWorldClaim claim;

      g_assert_true (cd_world_get_claim (world, k, &claim));
      stress_refused += claim.status == CD_CLAIM_STATUS_REFUSED;
    }
  g_assert_cmpuint (stress_refused, >, 100);

  cd_world_set_workload (world, CD_WORLD_WORKLOAD_OFFICE);
  g_assert_cmpint (cd_world_get_workload (world), ==, CD_WORLD_WORKLOAD_OFFICE);
  for (guint64 k = 0; k < OFFICE_CLAIMS; k++)
    {
      CdWorldClaim claim;
      gint32 age;

      g_assert_true (cd_world_get_claim (world, k, &claim));
      age = today - cd_date_from_yyyymmdd (claim.received_on);
      g_assert_cmpint (age, >=, 0);
      last_four_weeks += age < 28;
      if (claim.status == CD_CLAIM_STATUS_REFUSED || claim.status == CD_CLAIM_STATUS_REOPENED)
        refused++;
      if (is_open (claim.status))
        {
          /* Nothing forgotten for months. */
          if (age > 21)
            g_error ("claim %s (%s) received %d days ago is still open", claim.number,
                     cd_claim_status_to_string (claim.status), age);
          open++;
          /* Seven working days are at least nine days. */
          open_late += age >= 10;
        }
      if (age > 60)
        {
          old++;
          delivered_old += claim.status == CD_CLAIM_STATUS_SYNCED;
        }
    }
  g_assert_cmpuint (last_four_weeks, >, 300);
  g_assert_cmpuint (open, >, 150);
  g_assert_cmpuint (open_late, >, 0);
  g_assert_cmpuint (open_late, <, open / 10);
  /* The forced pairs' refusals and reopenings, one of each per benefit, and no more. */
  g_assert_cmpuint (refused, <=, 2 * CD_N_BENEFITS);
  g_assert_cmpuint (delivered_old * 100, >, old * 90);

  /* One leave at a time, and contributions through it: no anomaly the world did not mean. */
  for (guint32 i = 0; i < 300; i++)
    {
      g_autoptr(GArray) claims = cd_world_get_household_claims (world, i, "2000-01-01",
                                                                 "2099-12-31");
      g_autoptr(GArray) months = cd_world_get_contributions (world, i, CD_WORLD_ROLE_INSURED,
                                                             "2000-01", "2099-12");

      for (guint a = 0; a < claims->len; a++)
        for (guint b = a + 1; b < claims->len; b++)
          {
            const CdWorldClaim *x = &g_array_index (claims, CdWorldClaim, a);
            const CdWorldClaim *y = &g_array_index (claims, CdWorldClaim, b);

            if (strcmp (x->period_from, y->period_to) <= 0
                && strcmp (y->period_from, x->period_to) <= 0)
              g_error ("%s (%s – %s) overlaps %s (%s – %s)", x->number, x->period_from,
                       x->period_to, y->number, y->period_from, y->period_to);
          }
      for (guint a = 0; a < claims->len && months->len > 0; a++)
        {
          const CdWorldClaim *x = &g_array_index (claims, CdWorldClaim, a);
          const CdWorldContribution *first = &g_array_index (months, CdWorldContribution, 0);
          gboolean found = FALSE;

          /* A leave before the career began, or in the future, has no month to look for. */
          if (strncmp (x->period_from, first->month, 7) < 0
              || strncmp (x->period_from, CD_WORLD_REFERENCE_DATE, 7) > 0)
            continue;
          for (guint m = 0; m < months->len && !found; m++)
            found = strncmp (g_array_index (months, CdWorldContribution, m).month,
                             x->period_from, 7) == 0;
          if (!found)
            g_error ("%s begins in %.7s, a month without contribution", x->number,
                     x->period_from);
        }
    }
  cd_world_free (world);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/world/same-seed-same-world", test_same_seed_same_world);
  g_test_add_func ("/world/identifiers-are-valid", test_identifiers_are_valid);
  g_test_add_func ("/world/names-are-vietnamese", test_names_are_vietnamese);
  g_test_add_func ("/world/families", test_families);
  g_test_add_func ("/world/contributions", test_contributions_have_gaps_and_growth);
  g_test_add_func ("/world/every-case-in-every-status", test_every_case_in_every_status);
  g_test_add_func ("/world/household-claims-by-window", test_household_claims_by_window);
  g_test_add_func ("/world/large-employer", test_large_employer);
  g_test_add_func ("/world/dated-world-moves-in-time", test_dated_world_moves_in_time);
  g_test_add_func ("/world/office-looks-current", test_office_looks_current);

  return g_test_run ();
}
