/* test-clock.c — "now" and "today" from the system, or stopped for a test. */
#include "cd-clock.h"

/* A fixed clock answers its moment in UTC, and its today in the moment's own zone: early morning
 * in Vietnam is already the next day there, while UTC is still on the day before. */
static void
test_fixed (void)
{
  g_autoptr(GTimeZone) vietnam = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) moment = g_date_time_new (vietnam, 2026, 11, 21, 6, 30, 0);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (moment);
  g_autoptr(GDateTime) now = cd_clock_get_now (clock);
  g_autofree char *text = g_date_time_format_iso8601 (now);

  g_assert_cmpstr (text, ==, "2026-11-20T23:30:00Z");
  g_assert_cmpint (cd_clock_get_today (clock), ==, cd_date_from_ymd (2026, 11, 21));
  g_assert_true (cd_clock_get_default () != clock);
}

/* The system clock: today in the local zone, now in UTC, both moving with the system's time. */
static void
test_default (void)
{
  CdClock *clock = cd_clock_get_default ();
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  CdDay today = cd_clock_get_today (clock);
  g_autoptr(GDateTime) now = cd_clock_get_now (clock);
  g_autoptr(GDateTime) after = g_date_time_new_now_local ();

  g_assert_true (clock == cd_clock_get_default ());
  g_assert_cmpint (today, >=, cd_date_from_date_time (before));
  g_assert_cmpint (today, <=, cd_date_from_date_time (after));
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 0);
  g_assert_cmpint (g_date_time_compare (before, now), <=, 0);
  g_assert_cmpint (g_date_time_compare (now, after), <=, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/fixed", test_fixed);
  g_test_add_func ("/clock/default", test_default);

  return g_test_run ();
}
