/* cd-date.h — calendar dates as day numbers, and the period arithmetic of the benefit rules.
 *
 * A CdDay is the GDate Julian day number (1 = 0001-01-01), so that periods are plain integer ranges
 * and counting calendar days is a subtraction: day + n is n days later. Months are numbered
 * year * 12 + (month - 1). This is the one day arithmetic of ClaimDesk: the rules, the sample
 * world, the claim list and the forms all count days here, so two modules never disagree on a date.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint32 CdDay;
typedef gint32 CdMonth;

#define CD_DAY_NONE   0
#define CD_MONTH_NONE G_MININT32

/* Weekdays as GDateWeekday: 1 = Monday … 7 = Sunday. */

gboolean cd_date_parse        (const char *text,
                               CdDay      *out_day);
gboolean cd_month_parse       (const char *text,
                               CdMonth    *out_month);
CdDay    cd_date_from_ymd     (int         year,
                               int         month,
                               int         day);
void     cd_date_to_ymd       (CdDay       day,
                               int        *year,
                               int        *month,
                               int        *mday);
int      cd_date_year         (CdDay       day);
CdMonth  cd_date_month        (CdDay       day);
int      cd_date_weekday      (CdDay       day);
void     cd_date_format       (CdDay       day,
                               char        buf[11]);
char    *cd_date_to_string    (CdDay       day);
void     cd_month_format      (CdMonth     month,
                               char        buf[8]);

/* The integer yyyymmdd form that claims.received_on keeps. CD_DAY_NONE for a day that does not
 * exist (20260230) or a value that is not a date. */
CdDay    cd_date_from_yyyymmdd (guint32    yyyymmdd);
guint32  cd_date_to_yyyymmdd   (CdDay      day);

/* dd/mm/yyyy, as officers read and type dates. Parsing takes one or two digits for the day and the
 * month and four for the year ("5/3/2026"), or an ISO date, and refuses a day that does not exist.
 */
gboolean cd_date_parse_display  (const char *text,
                                 CdDay      *out_day);
void     cd_date_format_display (CdDay       day,
                                 char        buf[11]);

/* The calendar date of a moment in the moment's own time zone: convert it first
 * (g_date_time_to_local, g_date_time_to_timezone) to choose whose date it is. */
CdDay    cd_date_from_date_time (GDateTime  *datetime);

/* Day D + n months, clamped to the end of the target month (31 Jan + 1 month = 28/29 Feb). */
CdDay    cd_date_add_months   (CdDay       day,
                               int         months);

/* Cuts [from, to] into whole maternity months counted from `from` (section 2: a month runs from day
 * D to the day before day D of the next month) and the odd days left over. */
void     cd_period_months     (CdDay       from,
                               CdDay       to,
                               int        *out_months,
                               int        *out_odd_days);

/* Whole years between birth and day (age on that day). */
int      cd_date_age_years    (CdDay       birth,
                               CdDay       day);

G_END_DECLS
