/* test-hsb-report.c — the quarterly statistics forms 22A-HSB and 22B-HSB (issue 18, item 2).
 *
 * A seeded store (the demo world's decided claims, frozen through the approval's own freeze), plus
 * a few decisions frozen by hand with the payload a rules run leaves (days, months, the base
 * salary, a long-term disease line), around the quarter's edges, and one superseded. The form's
 * figures are checked against a plain SQL recomputation written here, cell by cell; the CSV's
 * layout; the PDF read back with poppler; the command line.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <time.h>

#include "cd-hsb-report.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  CdDatabase *db;
  int         year;
  int         quarter;
  char       *first_day;   /* YYYY-MM-DD */
  char       *next_day;    /* the next quarter's first day */
} Fixture;

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (f->db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_database_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

/* A decision on the claim numbered by `claim_sql` (a subquery giving a claim id), frozen at `at`
 * with `lines` as its payload's evaluation lines. */
static void
freeze_by_hand (Fixture    *f,
                const char *claim_sql,
                const char *state,
                gint64      amount,
                const char *lines,
                const char *at)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO decisions (uuid, claim_id, state, amount, proposed_by, proposed_at, payload,"
      " payload_sha256, frozen_at)"
      " SELECT '%s', c.id, '%s', %" G_GINT64_FORMAT ", c.officer_id, '%s',"
      "   '{\"evaluation\":{\"lines\":%s}}', '%064d', '%s'"
      " FROM claims c WHERE c.id = (%s);"
      /* The claim as the freeze leaves it, or as a central refusal does. */
      "UPDATE claims SET status = %d"
      " WHERE id = (SELECT claim_id FROM decisions WHERE id = last_insert_rowid ())",
      uuid, state, amount, at, lines, 0, at, claim_sql,
      g_str_equal (state, "approved") ? 7 : 10);

  exec (f, sql);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *before = NULL;
  g_autofree char *sickness_claim = NULL;
  g_autofree char *birth_claim = NULL;

  f->dir = test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->db = cd_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_seed_run (f->db, 18, 600, 3000, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The quarter with the most decisions frozen in it. */
  stmt = cd_database_prepare (f->db,
                              "SELECT CAST (substr (frozen_at, 1, 4) AS INTEGER),"
                              "  (CAST (substr (frozen_at, 6, 2) AS INTEGER) + 2) / 3, count(*)"
                              " FROM decisions WHERE frozen_at IS NOT NULL AND state = 'approved'"
                              " GROUP BY 1, 2 ORDER BY 3 DESC, 1 DESC LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  f->year = cd_statement_get_int (stmt, 0);
  f->quarter = cd_statement_get_int (stmt, 1);
  g_assert_cmpint (cd_statement_get_int (stmt, 2), >, 50);
  f->first_day = g_strdup_printf ("%04d-%02d-01", f->year, f->quarter * 3 - 2);
  f->next_day = f->quarter == 4 ? g_strdup_printf ("%04d-01-01", f->year + 1)
                                : g_strdup_printf ("%04d-%02d-01", f->year, f->quarter * 3 + 1);

  /* What a rules run freezes, which the seeded world's decisions do not carry: the paid days (a
   * half day frozen as a decimal string), months, the base salary, the long-term disease. */
  inside = g_strdup_printf ("%sT00:00:00Z", f->first_day);
  sickness_claim = g_strdup ("SELECT id FROM claims WHERE benefit = 0 AND status = 0"
                             " ORDER BY id LIMIT 1");
  freeze_by_hand (f, sickness_claim, "approved", 4200000,
                  "[{\"base\":6000000,\"code\":\"sickness.long_term\",\"days\":\"2.50\","
                  "\"months\":0},{\"base\":6000000,\"code\":\"sickness.standard\",\"days\":3,"
                  "\"months\":0}]", inside);
  birth_claim = g_strdup ("SELECT id FROM claims WHERE benefit = 5 AND status = 0"
                          " ORDER BY id LIMIT 1");
  freeze_by_hand (f, birth_claim, "approved", 54000000,
                  "[{\"base\":9000000,\"code\":\"childbirth.mother\",\"days\":4,\"months\":6}]",
                  inside);
  /* The last second of the quarter before, and a superseded decision inside: neither counts. */
  {
    g_autoptr(GDateTime) first = g_date_time_new_utc (f->year, f->quarter * 3 - 2, 1, 0, 0, 0);
    g_autoptr(GDateTime) last = g_date_time_add_seconds (first, -1);

    before = g_date_time_format (last, "%Y-%m-%dT%H:%M:%SZ");
  }
  freeze_by_hand (f, "SELECT id FROM claims WHERE benefit = 5 AND status = 0"
                     " ORDER BY id LIMIT 1 OFFSET 1", "approved", 77000000,
                  "[{\"base\":11000000,\"code\":\"childbirth.mother\",\"days\":0,\"months\":7}]",
                  before);
  freeze_by_hand (f, "SELECT id FROM claims WHERE benefit = 3 AND status = 0"
                     " ORDER BY id LIMIT 1", "superseded", 1000000,
                  "[{\"base\":5000000,\"code\":\"prenatal.visit\",\"days\":1,\"months\":0}]",
                  inside);

  /* Births on the 20th birthday and on the eve of the 21st: both are 20, the youngest band. */
  exec (f, "UPDATE claims SET event_date = (SELECT date (p.birth_date, '+20 years') FROM persons p"
           "  WHERE p.id = claims.claimant_id)"
           " WHERE id = (SELECT id FROM claims WHERE benefit = 5 AND status = 1"
           "             ORDER BY id LIMIT 1 OFFSET 0);"
           "UPDATE claims SET event_date = (SELECT date (p.birth_date, '+21 years', '-1 day')"
           "  FROM persons p WHERE p.id = claims.claimant_id)"
           " WHERE id = (SELECT id FROM claims WHERE benefit = 5 AND status = 1"
           "             ORDER BY id LIMIT 1 OFFSET 1);");
  for (guint k = 0; k <= 1; k++)
    {
      /* The first is queued by its freeze: the second is then the first left. */
      g_autofree char *claim = g_strdup_printf ("SELECT id FROM claims WHERE benefit = 5"
                                                " AND status = 1 ORDER BY id LIMIT 1 /* %u */",
                                                k);

      freeze_by_hand (f, claim, "approved", 30000000,
                      "[{\"code\":\"childbirth.mother\",\"days\":0,\"months\":6}]", inside);
    }
}

/* A leave from 31 August with no base in its payload: the salary is the average of the six months
 * before, February to July (not March to July, which is what "31 August less six months" comes
 * to). */
static void
freeze_end_of_month_leave (Fixture *f)
{
  g_autofree char *inside = g_strdup_printf ("%sT00:00:00Z", f->first_day);

  exec (f, "UPDATE claims SET period_from = '2026-08-31', period_to = '2026-09-02'"
           " WHERE id = (SELECT id FROM claims WHERE benefit = 3 AND status = 0"
           "             ORDER BY id LIMIT 1 OFFSET 1);"
           "DELETE FROM contribution_months WHERE person_id = (SELECT claimant_id FROM claims"
           "  WHERE id = (SELECT id FROM claims WHERE benefit = 3 AND status = 0"
           "              ORDER BY id LIMIT 1 OFFSET 1));"
           "INSERT INTO contribution_months (person_id, month, si_salary, fetched_at)"
           " SELECT c.claimant_id, m.month, m.salary, '2026-09-01T00:00:00Z'"
           " FROM claims c, (SELECT '2026-01' AS month, 20000000 AS salary"
           "               UNION ALL SELECT '2026-02', 10000000 UNION ALL SELECT '2026-03', 5000000"
           "               UNION ALL SELECT '2026-04', 5000000 UNION ALL SELECT '2026-05', 5000000"
           "               UNION ALL SELECT '2026-06', 5000000 UNION ALL SELECT '2026-07', 5000000"
           "                 UNION ALL SELECT '2026-08', 40000000) m"
           " WHERE c.id = (SELECT id FROM claims WHERE benefit = 3 AND status = 0"
           "               ORDER BY id LIMIT 1 OFFSET 1)");
  freeze_by_hand (f, "SELECT id FROM claims WHERE benefit = 3 AND status = 0"
                     " ORDER BY id LIMIT 1 OFFSET 1", "approved", 400000,
                  "[{\"code\":\"prenatal.visit\",\"days\":1,\"months\":0}]", inside);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->first_day);
  g_free (f->next_day);
}

/* ---- the plain SQL recomputation ------------------------------------------------------------- */

/* One row per (row key, sex): the sums a cell is made of. Every decision frozen in [?1, ?2) that
 * still stands, of the form's family and its recovery case, once in the total and once in each
 * section. TZ=UTC here, so the office's quarter is the UTC one. */
static const char recompute_sql[] =
  "WITH t AS ("
  "  SELECT p.sex AS sex, b.name AS benefit, e.calendar_profile AS profile, d.amount AS amount,"
  "    CAST (strftime ('%Y', coalesce (c.event_date, c.period_from)) AS INTEGER)"
  "      - CAST (strftime ('%Y', p.birth_date) AS INTEGER)"
  "      - (strftime ('%m-%d', coalesce (c.event_date, c.period_from))"
  "         < strftime ('%m-%d', p.birth_date)) AS age,"
  "    (SELECT count(*) FROM contribution_months m WHERE m.person_id = p.id"
  "       AND m.month < strftime ('%Y-%m', c.period_from)) AS months,"
  "    coalesce (nullif (json_extract (d.payload, '$.evaluation.lines[0].base'), 0),"
  "              (SELECT CAST (round (avg (m.si_salary)) AS INTEGER) FROM contribution_months m"
  "                WHERE m.person_id = p.id"
  "                  AND m.month >= printf ('%04d-%02d', (12 * substr (c.period_from, 1, 4)"
  "                                             + substr (c.period_from, 6, 2) - 7) / 12,"
  "                                            (12 * substr (c.period_from, 1, 4)"
  "                                             + substr (c.period_from, 6, 2) - 7) % 12 + 1)"
  "                  AND m.month < strftime ('%Y-%m', c.period_from))) AS salary,"
  "    coalesce ((SELECT sum (0.0 + json_extract (l.value, '$.days')"
  "                      + 30 * coalesce (json_extract (l.value, '$.months'), 0))"
  "               FROM json_each (d.payload, '$.evaluation.lines') l"
  "               WHERE json_extract (l.value, '$.days') IS NOT NULL),"
  "              julianday (c.period_to) - julianday (c.period_from) + 1) AS days,"
  "    (d.payload LIKE '%sickness.long\\_term%' ESCAPE '\\') AS long_term"
  "  FROM decisions d, claims c, benefit_cases b, persons p"
  "  LEFT JOIN employers e ON e.id = coalesce (c.employer_id, p.employer_id)"
  "  WHERE c.id = d.claim_id AND b.code = c.benefit AND p.id = c.claimant_id"
  "    AND d.state = 'approved' AND d.frozen_at >= ?1 AND d.frozen_at < ?2"
  "    AND (b.family = ?3 OR b.name = ?4) AND c.status IN (7, 8)"
  "), keyed AS ("
  "  SELECT 'total' AS key, * FROM t"
  "  UNION ALL SELECT CASE profile WHEN 'public-sector' THEN 'public-sector'"
  "                                WHEN 'enterprise' THEN 'enterprise'"
  "                                ELSE 'no-employer' END, * FROM t"
  "  UNION ALL SELECT CASE WHEN age <= 20 THEN 'age_to_20' WHEN age <= 30 THEN 'age_21_30'"
  "                        WHEN age <= 40 THEN 'age_31_40' WHEN age <= 50 THEN 'age_41_50'"
  "                        WHEN age <= 60 THEN 'age_51_60' ELSE 'age_over_60' END, * FROM t"
  "  UNION ALL SELECT CASE WHEN benefit = 'sickness' AND long_term THEN 'sickness_long_term'"
  "                        ELSE benefit END, * FROM t"
  ")"
  " SELECT key, sex, count(*), sum (age), sum (months), count (salary), coalesce (sum (salary), 0),"
  "   sum (days), sum (amount)"
  " FROM keyed GROUP BY key, sex";

static void
assert_agrees_with_sql (Fixture           *f,
                        const CdHsbReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (f->db, recompute_sql, &error);
  g_autofree char *lower = g_strdup_printf ("%sT00:00:00Z", f->first_day);
  g_autofree char *upper = g_strdup_printf ("%sT00:00:00Z", f->next_day);
  gboolean sickness = report->form == CD_HSB_FORM_22A;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_cells = 0;
  CdStep step;

  g_assert_no_error (error);
  cd_statement_bind_text (stmt, 1, lower);
  cd_statement_bind_text (stmt, 2, upper);
  cd_statement_bind_text (stmt, 3, sickness ? "sickness" : "maternity");
  cd_statement_bind_text (stmt, 4, sickness ? "recovery_after_sickness"
                                            : "recovery_after_maternity");
  while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
    {
      const char *key = cd_statement_get_text (stmt, 0);
      int sex = g_str_equal (cd_statement_get_text (stmt, 1), "male") ? CD_HSB_MALE
                                                                       : CD_HSB_FEMALE;
      const CdHsbRow *row = cd_hsb_report_find_row (report, key);
      const CdHsbCell *cell;

      if (row == NULL)
        g_error ("SQL counts row “%s”, which form %s does not have", key,
                 cd_hsb_form_to_string (report->form));
      cell = &row->cells[sex];
      g_test_message ("%s/%s: %u turns", key, cd_statement_get_text (stmt, 1), cell->turns);
      g_assert_cmpint (cell->turns, ==, cd_statement_get_int64 (stmt, 2));
      g_assert_cmpint (cell->age_years, ==, cd_statement_get_int64 (stmt, 3));
      g_assert_cmpint (cell->contribution_months, ==, cd_statement_get_int64 (stmt, 4));
      g_assert_cmpint (cell->salary_turns, ==, cd_statement_get_int64 (stmt, 5));
      g_assert_cmpint (cell->salary, ==, cd_statement_get_int64 (stmt, 6));
      g_assert_cmpfloat_with_epsilon (cell->days, cd_statement_get_double (stmt, 7), 1e-6);
      g_assert_cmpint (cell->amount, ==, cd_statement_get_int64 (stmt, 8));
      g_hash_table_add (seen, g_strdup_printf ("%s/%d", key, sex));
      n_cells++;
    }
  g_assert_cmpint (step, ==, CD_STEP_DONE);
  g_assert_cmpuint (n_cells, >, 10);

  /* Every other cell of the form is empty. */
  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);

      for (int sex = 0; sex < CD_HSB_N_SEXES; sex++)
        {
          g_autofree char *name = g_strdup_printf ("%s/%d", row->key, sex);

          if (!g_hash_table_contains (seen, name))
            {
              g_assert_cmpuint (row->cells[sex].turns, ==, 0);
              g_assert_cmpint (row->cells[sex].amount, ==, 0);
            }
        }
    }
}

/* Each section is a partition of the total. */
static void
assert_sections_add_up (const CdHsbReport *report)
{
  const CdHsbRow *total = cd_hsb_report_find_row (report, "total");

  g_assert_nonnull (total);
  for (CdHsbSection section = CD_HSB_SECTION_WORKPLACE; section <= CD_HSB_SECTION_BENEFIT;
       section++)
    for (int sex = 0; sex < CD_HSB_N_SEXES; sex++)
      {
        guint turns = 0;
        gint64 amount = 0;

        for (guint i = 0; i < report->rows->len; i++)
          {
            const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);

            if (row->section == section)
              {
                turns += row->cells[sex].turns;
                amount += row->cells[sex].amount;
              }
          }
        g_assert_cmpuint (turns, ==, total->cells[sex].turns);
        g_assert_cmpint (amount, ==, total->cells[sex].amount);
      }
}

static CdHsbReport *
build (Fixture   *f,
       CdHsbForm  form)
{
  g_autoptr(GError) error = NULL;
  CdHsbReport *report = cd_hsb_report_build (f->db, form, f->year, f->quarter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_maternity_agrees (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdHsbReport) before = build (f, CD_HSB_FORM_22B);
  g_autoptr(CdHsbReport) report = NULL;
  const CdHsbRow *total, *birth, *young;
  gint64 salary_before = cd_hsb_report_find_row (before, "prenatal_checkup")
                           ->cells[CD_HSB_FEMALE].salary;

  freeze_end_of_month_leave (f);
  report = build (f, CD_HSB_FORM_22B);
  total = cd_hsb_report_find_row (report, "total");
  birth = cd_hsb_report_find_row (report, "childbirth");
  /* (10 000 000 + 5 × 5 000 000) / 6, rounded. */
  g_assert_cmpint (cd_hsb_report_find_row (report, "prenatal_checkup")->cells[CD_HSB_FEMALE].salary
                   - salary_before, ==, 5833333);

  g_assert_cmpstr (report->from, ==, f->first_day);
  g_assert_cmpuint (total->cells[CD_HSB_FEMALE].turns, >, 10);
  g_assert_nonnull (birth);
  g_assert_null (cd_hsb_report_find_row (report, "sickness"));
  g_assert_nonnull (cd_hsb_report_find_row (report, "recovery_after_maternity"));
  g_assert_nonnull (cd_hsb_report_find_row (report, "father_leave"));
  assert_agrees_with_sql (f, report);
  assert_sections_add_up (report);
  young = cd_hsb_report_find_row (report, "age_to_20");
  g_assert_cmpuint (young->cells[CD_HSB_MALE].turns + young->cells[CD_HSB_FEMALE].turns, >=, 2);
  /* The same count, by the store's own tally of decisions: the quarter's edges are right. */
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT count(*) FROM decisions d JOIN claims c ON c.id = d.claim_id"
        " JOIN benefit_cases b ON b.code = c.benefit"
        " WHERE d.state = 'approved' AND d.frozen_at >= '%s' AND d.frozen_at < '%s'"
        " AND c.status IN (7, 8)"
        " AND (b.family = 'maternity' OR b.name = 'recovery_after_maternity')",
        f->first_day, f->next_day);

    g_assert_cmpint (total->cells[CD_HSB_MALE].turns + total->cells[CD_HSB_FEMALE].turns, ==,
                     query_int (f, sql));
  }
}

/* The decision frozen by hand counts with its months as 30 days, its own base and its amount. */
static void
test_payload_figures (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CdHsbReport) before = NULL;
  g_autoptr(CdHsbReport) after = NULL;
  const CdHsbRow *long_term;
  g_autofree char *claim = NULL;
  g_autofree char *at = g_strdup_printf ("%sT08:00:00Z", f->first_day);
  g_autofree char *sql = NULL;
  gint64 sex_is_male;
  int sex;

  before = build (f, CD_HSB_FORM_22B);
  /* The fixture's own have left the drafts: this is one nobody decided. */
  claim = g_strdup ("SELECT id FROM claims WHERE benefit = 5 AND status = 0"
                    " ORDER BY id LIMIT 1");
  sql = g_strdup_printf ("SELECT p.sex = 'male' FROM claims c JOIN persons p"
                         " ON p.id = c.claimant_id WHERE c.id = (%s)", claim);
  sex_is_male = query_int (f, sql);
  sex = sex_is_male ? CD_HSB_MALE : CD_HSB_FEMALE;
  freeze_by_hand (f, claim, "approved", 12345678,
                  "[{\"base\":8765432,\"code\":\"childbirth.mother\",\"days\":\"1.50\","
                  "\"months\":2}]", at);
  after = build (f, CD_HSB_FORM_22B);
  {
    const CdHsbCell *was = &cd_hsb_report_find_row (before, "childbirth")->cells[sex];
    const CdHsbCell *now = &cd_hsb_report_find_row (after, "childbirth")->cells[sex];

    g_assert_cmpuint (now->turns, ==, was->turns + 1);
    g_assert_cmpint (now->amount - was->amount, ==, 12345678);
    g_assert_cmpint (now->salary - was->salary, ==, 8765432);
    g_assert_cmpuint (now->salary_turns, ==, was->salary_turns + 1);
    g_assert_cmpfloat_with_epsilon (now->days - was->days, 61.5, 1e-9);
  }

  /* The sickness decision frozen by hand is a long-term disease: 2.5 + 3 days on a 6 M base. */
  {
    g_autoptr(CdHsbReport) sickness = build (f, CD_HSB_FORM_22A);

    long_term = cd_hsb_report_find_row (sickness, "sickness_long_term");
    g_assert_nonnull (long_term);
    g_assert_cmpuint (long_term->cells[CD_HSB_MALE].turns
                      + long_term->cells[CD_HSB_FEMALE].turns, ==, 1);
    g_assert_cmpfloat_with_epsilon (long_term->cells[CD_HSB_MALE].days
                                    + long_term->cells[CD_HSB_FEMALE].days, 5.5, 1e-9);
    g_assert_cmpint (long_term->cells[CD_HSB_MALE].salary
                     + long_term->cells[CD_HSB_FEMALE].salary, ==, 6000000);
  }
}

static void
test_sickness_agrees (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CdHsbReport) report = build (f, CD_HSB_FORM_22A);
  const CdHsbRow *total = cd_hsb_report_find_row (report, "total");

  g_assert_cmpuint (total->cells[CD_HSB_MALE].turns + total->cells[CD_HSB_FEMALE].turns, >, 10);
  g_assert_null (cd_hsb_report_find_row (report, "childbirth"));
  g_assert_nonnull (cd_hsb_report_find_row (report, "child_sickness"));
  g_assert_nonnull (cd_hsb_report_find_row (report, "recovery_after_sickness"));
  assert_agrees_with_sql (f, report);
  assert_sections_add_up (report);
}

/* A quarter with nothing frozen in it is a form of zeros, not an error. */
static void
test_empty_quarter (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHsbReport) report = cd_hsb_report_build (f->db, CD_HSB_FORM_22B, 1999, 1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);

      g_assert_cmpuint (row->cells[0].turns + row->cells[1].turns, ==, 0);
      g_assert_cmpfloat (cd_hsb_cell_average_age (&row->cells[0]), ==, 0);
    }
  g_assert_null (cd_hsb_report_build (f->db, CD_HSB_FORM_22B, 2026, 5, &error));
  g_assert_error (error, CD_HSB_REPORT_ERROR, CD_HSB_REPORT_ERROR_INVALID);
}

/* The quarter is one range of decisions_frozen; each decision's claim, claimant and employer a
 * key lookup, its months a range of their key: no scan of the office's history. */
static void
test_query_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", cd_hsb_report_get_query (), NULL);
  g_autoptr(CdStatement) stmt = cd_database_prepare (f->db, sql, &error);
  g_autoptr(GString) plan = g_string_new (NULL);
  CdStep step;

  g_assert_no_error (error);
  cd_statement_bind_text (stmt, 1, "2026-07-01T00:00:00Z");
  cd_statement_bind_text (stmt, 2, "2026-10-01T00:00:00Z");
  cd_statement_bind_text (stmt, 3, "maternity");
  cd_statement_bind_text (stmt, 4, "recovery_after_maternity");
  cd_statement_bind_int64 (stmt, 5, 7);
  cd_statement_bind_int64 (stmt, 6, 8);
  while ((step = cd_statement_step (stmt, &error)) == CD_STEP_ROW)
    g_string_append_printf (plan, "%s\n", cd_statement_get_text (stmt, 3));
  g_assert_cmpint (step, ==, CD_STEP_DONE);
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "SEARCH d USING INDEX decisions_frozen (frozen_at>? AND "
                                       "frozen_at<?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH p USING INTEGER PRIMARY KEY (rowid=?)"));
  g_assert_nonnull (strstr (plan->str, "SEARCH m USING PRIMARY KEY (person_id=? AND month<?)"));
  g_assert_null (strstr (plan->str, "SCAN d"));
  g_assert_null (strstr (plan->str, "SCAN c"));
  g_assert_null (strstr (plan->str, "SCAN p"));
  g_assert_null (strstr (plan->str, "SCAN m"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

/* ---- the CSV --------------------------------------------------------------------------------- */

static void
test_csv_layout (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CdHsbReport) report = build (f, CD_HSB_FORM_22B);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "22b.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) total = NULL;
  const CdHsbRow *row = cd_hsb_report_find_row (report, "total");
  g_autofree char *turns = g_strdup_printf ("%u", row->cells[CD_HSB_FEMALE].turns);
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, row->cells[CD_HSB_FEMALE].amount);
  guint n_lines;

  g_assert_true (cd_hsb_report_write_csv (report, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "STT,Chỉ tiêu,Mã,Tổng số lượt người,,"
                                         "Tuổi đời bình quân,,Số năm đóng BHXH bình quân,,"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  lines = g_strsplit (text, "\r\n", -1);
  n_lines = g_strv_length (lines) - 1;
  /* Two heading lines, the total, then each section's heading and its rows. */
  g_assert_cmpuint (n_lines, ==, 2 + report->rows->len + 3);
  g_assert_cmpstr (lines[1], ==, ",,,Nam,Nữ,Nam,Nữ,Nam,Nữ,Nam,Nữ,Nam,Nữ,Nam,Nữ");
  total = g_strsplit (lines[2], ",", -1);
  g_assert_cmpuint (g_strv_length (total), ==, 3 + 12);
  g_assert_cmpstr (total[1], ==, "Tổng số");
  g_assert_cmpstr (total[2], ==, "total");
  g_assert_cmpstr (total[4], ==, turns);
  g_assert_cmpstr (total[14], ==, amount);
  g_assert_cmpstr (lines[3], ==, "I,Theo loại hình đơn vị");
  g_assert_true (g_str_has_prefix (lines[4], "1,\"Cơ quan hành chính, sự nghiệp, Đảng, đoàn thể\","
                                             "public-sector,"));
  g_assert_nonnull (strstr (text, "\r\nII,Theo độ tuổi\r\n1,Từ 20 tuổi trở xuống,age_to_20,"));
  g_assert_nonnull (strstr (text, "\r\nIII,Theo chế độ\r\n1,Khám thai,prenatal_checkup,"));
  for (guint i = 2; i < n_lines; i++)
    if (!g_str_has_prefix (lines[i], "I,") && !g_str_has_prefix (lines[i], "II,")
        && !g_str_has_prefix (lines[i], "III,"))
      {
        /* Row lines: quoted labels hold commas, so count from the end. */
        g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
        guint n = g_strv_length (fields);

        g_assert_cmpuint (n, >=, 15);
        g_assert_true (g_ascii_isdigit (fields[n - 1][0]));
      }
}

/* ---- the PDF --------------------------------------------------------------------------------- */

/* All whitespace runs as one space, so text wrapped in a cell compares with its source. */
static char *
squash (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
run_tool (const char *tool,
          const char *first,
          const char *path)
{
  g_autofree char *program = g_find_program_in_path (tool);
  const char *argv[] = { program, first, path, "-", NULL };
  const char *info_argv[] = { program, path, NULL };
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (first != NULL ? argv : info_argv, &out, &err), ==, 0);
  return out;
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(CdHsbReport) report = build (f, CD_HSB_FORM_22B);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "22b.pdf", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  static const char * const quarters[] = { "I", "II", "III", "IV" };
  g_autofree char *quarter = g_strdup_printf ("Quý %s năm %d", quarters[f->quarter - 1],
                                              f->year);
  const CdHsbRow *total = cd_hsb_report_find_row (report, "total");
  g_autofree char *women = g_strdup_printf ("%u", total->cells[CD_HSB_FEMALE].turns);
  gsize length;

  g_assert_true (cd_hsb_report_render_pdf (report, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  g_assert_cmpuint (length, >, 2000);

  if (pdftotext == NULL || pdfinfo == NULL)
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are not installed: the PDF was only "
                   "checked to be one");
      return;
    }
  info = run_tool ("pdfinfo", NULL, path);
  g_assert_nonnull (strstr (info, "841.89 x 595.276 pts (A4)"));
  {
    const char *pages = strstr (info, "Pages:");

    g_assert_nonnull (pages);
    g_assert_cmpuint (g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10), >=, 1);
    g_assert_cmpuint (g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10), <=, 3);
  }
  {
    g_autofree char *raw = run_tool ("pdftotext", "-raw", path);

    text = squash (raw);
  }
  g_test_message ("%s", text);
  for (const char * const *expected = (const char * const[]) {
         "Mẫu số: 22B-HSB", "THỐNG KÊ ĐỐI TƯỢNG GIẢI QUYẾT HƯỞNG", "CHẾ ĐỘ TRỢ CẤP THAI SẢN",
         "Tổng số lượt người", "Tuổi đời bình quân", "Số năm đóng BHXH bình quân",
         "Số ngày hưởng bình quân một lượt", "Nam", "Nữ", "Theo loại hình đơn vị", "Theo độ tuổi",
         "Theo chế độ", "Sinh con", "Khám thai", "NGƯỜI LẬP BIỂU", "TRƯỞNG PHÒNG", "GIÁM ĐỐC",
         "(Ký, ghi rõ họ tên, đóng dấu)", NULL };
       *expected != NULL; expected++)
    if (strstr (text, *expected) == NULL)
      g_error ("The PDF does not say “%s”", *expected);
  g_assert_nonnull (strstr (text, quarter));
  g_assert_nonnull (strstr (text, women));
}

/* ---- the command line ------------------------------------------------------------------------ */

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(CdHsbReport) report = build (f, CD_HSB_FORM_22B);
  g_autofree char *quarter = g_strdup_printf ("%d-Q%d", f->year, f->quarter);
  g_autofree char *pdf = g_build_filename (f->dir, "cli.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "cli.csv", NULL);
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  const CdHsbRow *total = cd_hsb_report_find_row (report, "total");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *expected_csv = cd_hsb_report_to_csv (report);
  JsonObject *root, *row;
  JsonArray *rows;

  g_assert_nonnull (cli);
  {
    const char *argv[] = { cli, "oversight", "hsb22b", "--db", f->path, "--quarter", quarter,
                           "--pdf", pdf, "--csv", csv, "--json", NULL };

    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  }
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "form"), ==, "22B-HSB");
  g_assert_cmpstr (json_object_get_string_member (root, "quarter"), ==, quarter);
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, report->rows->len);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "total");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "female"),
                                               "turns"), ==, total->cells[CD_HSB_FEMALE].turns);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "female"),
                                               "amount"), ==, total->cells[CD_HSB_FEMALE].amount);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_cmpstr (csv_text, ==, expected_csv);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* A quarter that is not one, and a form that is not one: usage errors that name the input. */
  {
    const char *argv[] = { cli, "oversight", "hsb22a", "--db", f->path, "--quarter", "2026-Q5",
                           NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "2026-Q5"));
  }
  {
    const char *argv[] = { cli, "oversight", "hsb22a", "--db", f->path, "--quarter", quarter,
                           NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "22A-HSB"));
    g_assert_nonnull (strstr (out, "sickness_long_term"));
  }
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Off the main loop, on a reader of its own: the same form, the same file. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CdHsbReport) report = build (f, CD_HSB_FORM_22A);
  g_autoptr(CdHsbReport) counted = NULL;
  g_autoptr(GAsyncResult) built = NULL;
  g_autoptr(GAsyncResult) exported = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "async.csv", NULL);
  g_autofree char *expected = cd_hsb_report_to_csv (report);
  g_autofree char *text = NULL;
  g_autofree char *counted_csv = NULL;

  cd_hsb_report_build_async (f->path, CD_HSB_FORM_22A, f->year, f->quarter, NULL, on_done,
                             &built);
  counted = cd_hsb_report_build_finish (wait_for (&built), &error);
  g_assert_no_error (error);
  counted_csv = cd_hsb_report_to_csv (counted);
  g_assert_cmpstr (counted_csv, ==, expected);

  cd_hsb_report_export_async (f->path, CD_HSB_FORM_22A, f->year, f->quarter, CD_HSB_FORMAT_CSV,
                              path, NULL, on_done, &exported);
  g_assert_true (cd_hsb_report_export_finish (wait_for (&exported), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected);

  g_cancellable_cancel (cancellable);
  cd_hsb_report_export_async (f->path, CD_HSB_FORM_22A, f->year, f->quarter, CD_HSB_FORMAT_PDF,
                              path, cancellable, on_done, &cancelled);
  g_assert_false (cd_hsb_report_export_finish (wait_for (&cancelled), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The quarter is the office's: at UTC+7 a decision frozen at 21:00 UTC on the quarter's eve is
 * frozen at 04:00 on its first day, and counts in it; one frozen at 17:30 UTC on its last day
 * (00:30 the next day) counts in the next quarter. */
static void
test_local_quarter (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CdHsbReport) utc = build (f, CD_HSB_FORM_22B);
  g_autoptr(CdHsbReport) local = NULL;
  g_autoptr(GDateTime) first = g_date_time_new_utc (f->year, f->quarter * 3 - 2, 1, 0, 0, 0);
  g_autoptr(GDateTime) eve = g_date_time_add_hours (first, -3);
  g_autoptr(GDateTime) next = g_date_time_add_months (first, 3);
  g_autoptr(GDateTime) late = g_date_time_add_minutes (next, -(6 * 60 + 30));
  g_autofree char *eve_text = g_date_time_format (eve, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *late_text = g_date_time_format (late, "%Y-%m-%dT%H:%M:%SZ");
  guint utc_turns, local_turns, moved_turns;

  freeze_by_hand (f, "SELECT id FROM claims WHERE benefit = 10 AND status = 0"
                     " ORDER BY id LIMIT 1", "approved", 1000000,
                  "[{\"code\":\"adoption.leave\",\"days\":0,\"months\":6}]", eve_text);
  freeze_by_hand (f, "SELECT id FROM claims WHERE benefit = 11 AND status = 0"
                     " ORDER BY id LIMIT 1", "approved", 500000,
                  "[{\"code\":\"contraception.leave\",\"days\":7,\"months\":0}]",
                  late_text);
  /* Counted in UTC, the eve's is before the quarter and the last evening's in it: one more. */
  {
    g_autoptr(CdHsbReport) again = build (f, CD_HSB_FORM_22B);
    const CdHsbRow *total = cd_hsb_report_find_row (again, "total");
    const CdHsbRow *was = cd_hsb_report_find_row (utc, "total");

    utc_turns = total->cells[0].turns + total->cells[1].turns;
    g_assert_cmpuint (utc_turns, ==, was->cells[0].turns + was->cells[1].turns + 1);
  }

  g_setenv ("TZ", "ICT-7", TRUE);
  tzset ();
  local = build (f, CD_HSB_FORM_22B);
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  {
    const CdHsbRow *total = cd_hsb_report_find_row (local, "total");
    const CdHsbRow *adoption = cd_hsb_report_find_row (local, "adoption");
    const CdHsbRow *adoption_utc = cd_hsb_report_find_row (utc, "adoption");

    local_turns = total->cells[0].turns + total->cells[1].turns;
    /* The eve's decision comes in, the last evening's goes out; every other one moves only if
     * it was frozen within seven hours of an edge. */
    g_assert_cmpuint (adoption->cells[0].turns + adoption->cells[1].turns, >=,
                      adoption_utc->cells[0].turns + adoption_utc->cells[1].turns + 1);
  }
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT count(*) FROM decisions d JOIN claims c ON c.id = d.claim_id"
        " JOIN benefit_cases b ON b.code = c.benefit"
        " WHERE d.state = 'approved' AND c.status IN (7, 8)"
        " AND d.frozen_at >= strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', '%s', '-7 hours')"
        " AND d.frozen_at < strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', '%s', '-7 hours')"
        " AND (b.family = 'maternity' OR b.name = 'recovery_after_maternity')",
        f->first_day, f->next_day);

    moved_turns = (guint) query_int (f, sql);
    g_assert_cmpuint (local_turns, ==, moved_turns);
  }
}

static void
test_parse (void)
{
  int year = 0, quarter = 0;
  CdHsbForm form = CD_HSB_FORM_22B;

  g_assert_true (cd_hsb_quarter_parse ("2026-Q3", &year, &quarter));
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (quarter, ==, 3);
  g_assert_true (cd_hsb_quarter_parse ("q1-2027", &year, &quarter));
  g_assert_cmpint (year, ==, 2027);
  g_assert_cmpint (quarter, ==, 1);
  for (const char * const *bad = (const char * const[]) { "2026-Q5", "2026-Q0", "2026", "Q3",
                                                          "2026-Q3x", "", NULL };
       *bad != NULL; bad++)
    g_assert_false (cd_hsb_quarter_parse (*bad, &year, &quarter));
  g_assert_true (cd_hsb_form_from_string ("hsb22a", &form));
  g_assert_cmpint (form, ==, CD_HSB_FORM_22A);
  g_assert_true (cd_hsb_form_from_string ("22B-HSB", &form));
  g_assert_cmpint (form, ==, CD_HSB_FORM_22B);
  g_assert_false (cd_hsb_form_from_string ("hsb22c", &form));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hsb/parse", test_parse);
  g_test_add ("/hsb/22b/agrees-with-sql", Fixture, NULL, fixture_set_up, test_maternity_agrees,
              fixture_tear_down);
  g_test_add ("/hsb/22a/agrees-with-sql", Fixture, NULL, fixture_set_up, test_sickness_agrees,
              fixture_tear_down);
  g_test_add ("/hsb/payload-figures", Fixture, NULL, fixture_set_up, test_payload_figures,
              fixture_tear_down);
  g_test_add ("/hsb/empty-quarter", Fixture, NULL, fixture_set_up, test_empty_quarter,
              fixture_tear_down);
  g_test_add ("/hsb/query-plan", Fixture, NULL, fixture_set_up, test_query_plan,
              fixture_tear_down);
  g_test_add ("/hsb/csv", Fixture, NULL, fixture_set_up, test_csv_layout, fixture_tear_down);
  g_test_add ("/hsb/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/hsb/local-quarter", Fixture, NULL, fixture_set_up, test_local_quarter,
              fixture_tear_down);
  g_test_add ("/hsb/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/hsb/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
