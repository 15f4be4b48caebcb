/* test-list-deadline.c — the statutory deadline of an employer's list (issue 17 item 5).
 *
 * Counted on the shipped pack's public-sector calendars: across Tết 2026, across 30/4–1/5, across
 * a weekend, a swapped rest day, receipt on a Saturday, overdue, a year with no confirmed
 * calendar; and the number of days read from the pack, not from the code.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-list-deadline.h"
#include "cd-rules-error.h"
#include "test-util.h"

static CdRulePack *pack;

static CdDay
day_of (const char *text)
{
  CdDay day = CD_DAY_NONE;

  g_assert_true (cd_date_parse (text, &day));
  return day;
}

static void
assert_deadline (CdRulePack *with,
                 const char *received,
                 const char *expected)
{
  CdListDeadline deadline;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  g_assert_true (cd_list_deadline_compute (with, day_of (received), &deadline, &error));
  g_assert_no_error (error);
  got = cd_date_to_string (deadline.deadline);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpint (deadline.received_on, ==, day_of (received));
}

static void
test_across_tet (void)
{
  CdListDeadline deadline;

  /* Fri 13 Feb 2026: the weekend, Tết 16–20 Feb, the weekend; day 1 is Mon 23 Feb. */
  assert_deadline (pack, "2026-02-13", "2026-03-03");
  g_assert_true (cd_list_deadline_compute (pack, day_of ("2026-02-13"), &deadline, NULL));
  g_assert_cmpint (deadline.working_days, ==, 7);
  g_assert_null (deadline.assumption);
  g_assert_cmpint (deadline.assumed_year, ==, 0);
}

static void
test_across_30_april (void)
{
  /* Fri 24 Apr 2026: Mon 27 is the compensatory Hùng Kings day, Thu 30 Apr and Fri 1 May are
   * off. */
  assert_deadline (pack, "2026-04-24", "2026-05-08");
  assert_deadline (pack, "2026-04-29", "2026-05-12");
}

static void
test_across_weekend (void)
{
  assert_deadline (pack, "2026-06-10", "2026-06-19");
  assert_deadline (pack, "2026-06-11", "2026-06-22");
  /* The swapped rest day 31 Aug and its made-up Saturday 22 Aug, then National Day 1–2 Sep. */
  assert_deadline (pack, "2026-08-21", "2026-09-03");
}

static void
test_received_on_rest_day (void)
{
  /* Saturday and Sunday receipts count from Monday, like a Friday one: day 1 is Mon 15 Jun. */
  assert_deadline (pack, "2026-06-12", "2026-06-23");
  assert_deadline (pack, "2026-06-13", "2026-06-23");
  assert_deadline (pack, "2026-06-14", "2026-06-23");
  /* Received on a holiday: day 1 is the first working day after it. */
  assert_deadline (pack, "2026-04-30", "2026-05-12");
}

static int
left (const CdListDeadline *deadline,
      const char           *today)
{
  return cd_list_deadline_days_left (pack, deadline, day_of (today), NULL);
}

static void
test_days_left_and_overdue (void)
{
  CdListDeadline deadline;
  gboolean assumed = TRUE;

  g_assert_true (cd_list_deadline_compute (pack, day_of ("2026-06-10"), &deadline, NULL));
  g_assert_cmpint (deadline.deadline, ==, day_of ("2026-06-19"));   /* a Friday */
  g_assert_cmpint (cd_list_deadline_days_left (pack, &deadline, day_of ("2026-06-10"), &assumed),
                   ==, 7);
  g_assert_false (assumed);
  g_assert_cmpint (left (&deadline, "2026-06-13"), ==, 5);
  g_assert_cmpint (left (&deadline, "2026-06-18"), ==, 1);
  g_assert_cmpint (left (&deadline, "2026-06-19"), ==, 0);
  /* Overdue: the weekend after a Friday deadline is as late as Monday. */
  g_assert_cmpint (left (&deadline, "2026-06-20"), ==, -1);
  g_assert_cmpint (left (&deadline, "2026-06-21"), ==, -1);
  g_assert_cmpint (left (&deadline, "2026-06-22"), ==, -1);
  g_assert_cmpint (left (&deadline, "2026-06-24"), ==, -3);

  /* Holidays do not count as days left: from Fri 24 Apr to the deadline Fri 8 May. */
  g_assert_true (cd_list_deadline_compute (pack, day_of ("2026-04-24"), &deadline, NULL));
  g_assert_cmpint (left (&deadline, "2026-04-29"), ==, 5);
}

static void
test_uncovered_year (void)
{
  CdListDeadline deadline;
  gboolean assumed = FALSE;
  g_autoptr(GError) error = NULL;

  /* No calendar for 2028: weekly rest only, and the assumption is named. */
  g_assert_true (cd_list_deadline_compute (pack, day_of ("2028-03-01"), &deadline, &error));
  g_assert_no_error (error);
  g_assert_cmpint (deadline.deadline, ==, day_of ("2028-03-10"));
  g_assert_cmpstr (deadline.assumption, ==, "policy.calendar_assumed");
  g_assert_cmpint (deadline.assumed_year, ==, 2028);
  g_assert_cmpint (cd_list_deadline_days_left (pack, &deadline, day_of ("2028-03-09"), &assumed),
                   ==, 1);
  g_assert_true (assumed);

  /* 2027 is confirmed only to 31 Jan: a count that runs past it is assumed from then on. */
  g_assert_true (cd_list_deadline_compute (pack, day_of ("2027-01-29"), &deadline, NULL));
  g_assert_cmpint (deadline.deadline, ==, day_of ("2027-02-09"));
  g_assert_cmpint (deadline.assumed_year, ==, 2027);
  /* …and one that stays inside it is not. */
  g_assert_true (cd_list_deadline_compute (pack, day_of ("2027-01-14"), &deadline, NULL));
  g_assert_cmpint (deadline.deadline, ==, day_of ("2027-01-25"));
  g_assert_null (deadline.assumption);
}

static void
test_before_l41 (void)
{
  CdListDeadline deadline;

  /* Before 1 Jul 2025 the office had 6 working days (QĐ 166). */
  g_assert_true (cd_list_deadline_compute (pack, day_of ("2025-06-02"), &deadline, NULL));
  g_assert_cmpint (deadline.working_days, ==, 6);
  g_assert_cmpint (deadline.deadline, ==, day_of ("2025-06-10"));
  g_assert_nonnull (strstr (deadline.citation, "QĐ 166"));
}

/* A copy of the shipped pack with list_decision_wd's text replaced (or removed). */
static char *
pack_with_parameter (const char *replacement)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  g_autofree char *dir = g_dir_make_tmp ("list-deadline-XXXXXX", NULL);
  g_autofree char *calendars = g_build_filename (dir, "calendars", NULL);
  g_autofree char *from = g_build_filename (shipped, "parameters.json", NULL);
  g_autofree char *to = g_build_filename (dir, "parameters.json", NULL);
  g_autofree char *text = NULL;
  const char *years[] = { "2025.json", "2026.json", "2027.json" };
  const char *original = ",\n    \"list_decision_wd\": [\n      { \"from\": \"2024-07-01\", "
                         "\"to\": \"2025-06-30\", \"value\": 6,";
  char *at;
  GString *edited;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir (calendars, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autofree char *cal_from = g_build_filename (shipped, "calendars", years[i], NULL);
      g_autofree char *cal_to = g_build_filename (calendars, years[i], NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (cal_from, &contents, NULL, NULL));
      g_assert_true (g_file_set_contents (cal_to, contents, -1, NULL));
    }
  g_assert_true (g_file_get_contents (from, &text, NULL, NULL));
  at = strstr (text, original);
  g_assert_nonnull (at);
  edited = g_string_new_len (text, at - text);
  /* The parameter runs to the closing "]" of its array. */
  g_string_append (edited, replacement);
  g_string_append (edited, strchr (at, ']') + 1);
  g_assert_true (g_file_set_contents (to, edited->str, -1, NULL));
  g_string_free (edited, TRUE);
  return g_steal_pointer (&dir);
}

static void
remove_tree (const char *dir)
{
  g_autofree char *params = g_build_filename (dir, "parameters.json", NULL);
  g_autofree char *calendars = g_build_filename (dir, "calendars", NULL);
  const char *years[] = { "2025.json", "2026.json", "2027.json" };

  g_unlink (params);
  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autofree char *path = g_build_filename (calendars, years[i], NULL);
      g_unlink (path);
    }
  g_rmdir (calendars);
  g_rmdir (dir);
}

/* The number of days is the pack's, with its citation: a pack that says 5 gives 5. This does not
 * go through the golden cases, which know nothing of lists. */
static void
test_days_from_pack (void)
{
  CdRational n;
  const char *citation = NULL;
  g_autofree char *five = pack_with_parameter (
    ",\n    \"list_decision_wd\": [ { \"from\": \"2024-07-01\", \"value\": 5, "
    "\"citation\": \"test\" } ]");
  g_autofree char *none = pack_with_parameter ("");
  g_autoptr(CdRulePack) five_pack = NULL;
  g_autoptr(CdRulePack) none_pack = NULL;
  g_autoptr(GError) error = NULL;
  CdListDeadline deadline;

  g_assert_true (cd_rule_pack_lookup (pack, "list_decision_wd", day_of ("2026-01-05"), &n,
                                      &citation, NULL));
  g_assert_cmpint (n.num, ==, 7);
  g_assert_cmpint (n.den, ==, 1);
  g_assert_cmpstr (citation, ==, "L41 Art 48, 62");

  five_pack = cd_rule_pack_load (five, &error);
  g_assert_no_error (error);
  g_assert_true (cd_list_deadline_compute (five_pack, day_of ("2026-06-10"), &deadline, &error));
  g_assert_cmpint (deadline.working_days, ==, 5);
  g_assert_cmpint (deadline.deadline, ==, day_of ("2026-06-17"));
  g_assert_cmpstr (deadline.citation, ==, "test");

  /* Every pack must carry it: the loader names it when it is missing. */
  none_pack = cd_rule_pack_load (none, &error);
  g_assert_null (none_pack);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK);
  g_assert_nonnull (strstr (error->message, "parameters.list_decision_wd: missing"));

  remove_tree (five);
  remove_tree (none);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pack_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pack_dir = cd_rule_pack_default_dir ();
  pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);

  g_test_add_func ("/list-deadline/across-tet", test_across_tet);
  g_test_add_func ("/list-deadline/across-30-april", test_across_30_april);
  g_test_add_func ("/list-deadline/across-weekend", test_across_weekend);
  g_test_add_func ("/list-deadline/received-on-rest-day", test_received_on_rest_day);
  g_test_add_func ("/list-deadline/days-left-and-overdue", test_days_left_and_overdue);
  g_test_add_func ("/list-deadline/uncovered-year", test_uncovered_year);
  g_test_add_func ("/list-deadline/before-l41", test_before_l41);
  g_test_add_func ("/list-deadline/days-from-pack", test_days_from_pack);

  status = g_test_run ();
  cd_rule_pack_unref (pack);
  return status;
}
