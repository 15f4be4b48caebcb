/* cd-date.h — calendar dates as day numbers, and the period arithmetic of the benefit rules.
 *
 * A CdDay is the GDate Julian day number (1 = 0001-01-01), so that periods are plain integer ranges
 * and counting calendar days is a subtraction. Months are numbered year * 12 + (month - 1).
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
