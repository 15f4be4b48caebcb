/* cd-date.c — calendar dates as day numbers, and the period arithmetic of the benefit rules. */
#include "cd-date.h"

#include <stdio.h>
#include <string.h>

static gboolean
read_digits (const char *text,
             int         count,
             int        *out)
{
  int value = 0;

  for (int i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* Strict YYYY-MM-DD: exactly that shape, and a day that exists (2026-02-30 does not). */
gboolean
cd_date_parse (const char *text,
               CdDay      *out_day)
{
  int year, month, mday;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (!read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month)
      || !read_digits (text + 8, 2, &mday))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy (mday, month, year))
    return FALSE;
  *out_day = cd_date_from_ymd (year, month, mday);
  return TRUE;
}

gboolean
cd_month_parse (const char *text,
                CdMonth    *out_month)
{
  int year, month;

  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  if (!read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month))
    return FALSE;
  if (year < 1 || month < 1 || month > 12)
    return FALSE;
  *out_month = year * 12 + month - 1;
  return TRUE;
}

CdDay
cd_date_from_ymd (int year,
                  int month,
                  int mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, mday, month, year);
  return (CdDay) g_date_get_julian (&date);
}

void
cd_date_to_ymd (CdDay  day,
                int   *year,
                int   *month,
                int   *mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) day);
  if (year != NULL)
    *year = g_date_get_year (&date);
  if (month != NULL)
    *month = g_date_get_month (&date);
  if (mday != NULL)
    *mday = g_date_get_day (&date);
}

int
cd_date_year (CdDay day)
{
  int year;

  cd_date_to_ymd (day, &year, NULL, NULL);
  return year;
}

CdMonth
cd_date_month (CdDay day)
{
  int year, month;

  cd_date_to_ymd (day, &year, &month, NULL);
  return year * 12 + month - 1;
}

int
cd_date_weekday (CdDay day)
{
  /* Julian day 1 (0001-01-01) was a Monday in the proleptic Gregorian calendar GDate uses. */
  return (int) ((day - 1) % 7) + 1;
}

void
cd_date_format (CdDay day,
                char  buf[11])
{
  int year, month, mday;

  cd_date_to_ymd (day, &year, &month, &mday);
  g_snprintf (buf, 11, "%04d-%02d-%02d", year, month, mday);
}

char *
cd_date_to_string (CdDay day)
{
  char buf[11];

  cd_date_format (day, buf);
  return g_strdup (buf);
}

void
cd_month_format (CdMonth month,
                 char    buf[8])
{
  g_snprintf (buf, 8, "%04d-%02d", month / 12, month % 12 + 1);
}

CdDay
cd_date_from_yyyymmdd (guint32 yyyymmdd)
{
  guint32 year = yyyymmdd / 10000, month = yyyymmdd / 100 % 100, mday = yyyymmdd % 100;

  if (year < 1 || year > G_MAXUINT16 || !g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month,
                                                           (GDateYear) year))
    return CD_DAY_NONE;
  return cd_date_from_ymd ((int) year, (int) month, (int) mday);
}

guint32
cd_date_to_yyyymmdd (CdDay day)
{
  int year, month, mday;

  cd_date_to_ymd (day, &year, &month, &mday);
  return (guint32) (year * 10000 + month * 100 + mday);
}

/* One or two digits, then `separator`; *text moves past both. */
static gboolean
read_short_number (const char **text,
                   char         separator,
                   int         *out)
{
  const char *p = *text;
  int count = 0;

  while (g_ascii_isdigit (p[count]) && count < 3)
    count++;
  if (count < 1 || count > 2 || p[count] != separator)
    return FALSE;
  read_digits (p, count, out);
  *text = p + count + 1;
  return TRUE;
}

gboolean
cd_date_parse_display (const char *text,
                       CdDay      *out_day)
{
  const char *p = text;
  int year, month, mday;

  if (text == NULL)
    return FALSE;
  if (cd_date_parse (text, out_day))
    return TRUE;
  if (!read_short_number (&p, '/', &mday) || !read_short_number (&p, '/', &month)
      || strlen (p) != 4 || !read_digits (p, 4, &year))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy (mday, month, year))
    return FALSE;
  *out_day = cd_date_from_ymd (year, month, mday);
  return TRUE;
}

void
cd_date_format_display (CdDay day,
                        char  buf[11])
{
  int year, month, mday;

  cd_date_to_ymd (day, &year, &month, &mday);
  g_snprintf (buf, 11, "%02d/%02d/%04d", mday, month, year);
}

CdDay
cd_date_from_date_time (GDateTime *datetime)
{
  int year, month, mday;

  g_return_val_if_fail (datetime != NULL, CD_DAY_NONE);

  g_date_time_get_ymd (datetime, &year, &month, &mday);
  return cd_date_from_ymd (year, month, mday);
}

CdDay
cd_date_add_months (CdDay day,
                    int   months)
{
  int year, month, mday, index, last;

  cd_date_to_ymd (day, &year, &month, &mday);
  index = year * 12 + month - 1 + months;
  year = index / 12;
  month = index % 12 + 1;
  last = g_date_get_days_in_month (month, year);
  return cd_date_from_ymd (year, month, MIN (mday, last));
}

void
cd_period_months (CdDay  from,
                  CdDay  to,
                  int   *out_months,
                  int   *out_odd_days)
{
  int months = 0;

  /* Month k of the leave ends the day before from + k months; count the months that fit whole. */
  while (cd_date_add_months (from, months + 1) - 1 <= to)
    months++;
  *out_months = months;
  *out_odd_days = to - cd_date_add_months (from, months) + 1;
  if (*out_odd_days < 0)
    *out_odd_days = 0;
}

int
cd_date_age_years (CdDay birth,
                   CdDay day)
{
  int by, bm, bd, y, m, d, age;

  cd_date_to_ymd (birth, &by, &bm, &bd);
  cd_date_to_ymd (day, &y, &m, &d);
  age = y - by;
  if (m < bm || (m == bm && d < bd))
    age--;
  return age;
}
