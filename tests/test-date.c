/* test-date.c — the one day arithmetic: day numbers and the forms dates are written in. */
#include "cd-date.h"

/* Day numbers are GDate's Julian days; the sample world and the rules count on the same ones. */
static void
test_day_numbers (void)
{
  CdDay day;

  g_assert_cmpint (cd_date_from_ymd (1, 1, 1), ==, 1);
  g_assert_cmpint (cd_date_from_ymd (1970, 1, 1), ==, 719163);
  g_assert_true (cd_date_parse ("2026-11-20", &day));
  g_assert_cmpint (day, ==, cd_date_from_ymd (2026, 11, 20));
  g_assert_cmpint (day + 11, ==, cd_date_from_ymd (2026, 12, 1));
  g_assert_cmpint (cd_date_from_ymd (2024, 3, 1) - cd_date_from_ymd (2024, 2, 28), ==, 2);
  g_assert_cmpint (cd_date_from_ymd (2026, 3, 1) - cd_date_from_ymd (2026, 2, 28), ==, 1);
  g_assert_cmpint (cd_date_year (day), ==, 2026);
}

static void
test_yyyymmdd (void)
{
  static const struct
  {
    guint32 value;
    int     year, month, mday;  /* 0 when not a date */
  } cases[] = {
    { 20261120, 2026, 11, 20 },
    { 20240229, 2024, 2, 29 },
    { 19660101, 1966, 1, 1 },
    { 20250229, 0, 0, 0 },
    { 20261301, 0, 0, 0 },
    { 20261100, 0, 0, 0 },
    { 1120, 0, 0, 0 },
    { 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CdDay day = cd_date_from_yyyymmdd (cases[i].value);

      if (cases[i].year == 0)
        {
          g_assert_cmpint (day, ==, CD_DAY_NONE);
          continue;
        }
      g_assert_cmpint (day, ==, cd_date_from_ymd (cases[i].year, cases[i].month, cases[i].mday));
      g_assert_cmpuint (cd_date_to_yyyymmdd (day), ==, cases[i].value);
    }
}

static void
test_display (void)
{
  static const struct
  {
    const char *text;
    const char *iso;  /* NULL when refused */
  } cases[] = {
    { "20/11/2026", "2026-11-20" },
    { "5/3/2026", "2026-03-05" },
    { "05/3/2026", "2026-03-05" },
    { "29/02/2024", "2024-02-29" },
    { "2026-11-20", "2026-11-20" },
    { "31/02/2026", NULL },
    { "29/02/2025", NULL },
    { "20/11/26", NULL },
    { "20/11/02026", NULL },
    { "020/11/2026", NULL },
    { "20/11/2026x", NULL },
    { " 20/11/2026", NULL },
    { "20-11-2026", NULL },
    { "2026-2-28", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CdDay day = CD_DAY_NONE;
      gboolean ok = cd_date_parse_display (cases[i].text, &day);

      g_assert_cmpint (ok, ==, cases[i].iso != NULL);
      if (ok)
        {
          char iso[11];

          cd_date_format (day, iso);
          g_assert_cmpstr (iso, ==, cases[i].iso);
        }
    }
  g_assert_false (cd_date_parse_display (NULL, NULL));

  {
    char text[11];

    cd_date_format_display (cd_date_from_ymd (2026, 3, 5), text);
    g_assert_cmpstr (text, ==, "05/03/2026");
    cd_date_format_display (cd_date_from_ymd (987, 12, 31), text);
    g_assert_cmpstr (text, ==, "31/12/0987");
  }
}

/* Whose date it is depends on the zone the moment is given in: 20:00 UTC is already tomorrow in
 * Vietnam. */
static void
test_from_date_time (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 ("2026-11-20T20:00:00Z", NULL);
  g_autoptr(GTimeZone) vietnam = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, vietnam);

  g_assert_cmpint (cd_date_from_date_time (utc), ==, cd_date_from_ymd (2026, 11, 20));
  g_assert_cmpint (cd_date_from_date_time (local), ==, cd_date_from_ymd (2026, 11, 21));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/day-numbers", test_day_numbers);
  g_test_add_func ("/date/yyyymmdd", test_yyyymmdd);
  g_test_add_func ("/date/display", test_display);
  g_test_add_func ("/date/from-date-time", test_from_date_time);

  return g_test_run ();
}
