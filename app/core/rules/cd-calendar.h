/* cd-calendar.h — holiday calendars per year and profile, and the working-day test.
 *
 * A calendar year file (data/rules/PACK/calendars/YYYY.json) lists, for each employer profile, the
 * days that are not ordinary: holidays, Tết, compensatory days, swapped rest days with the Saturday
 * that makes them up, and days the product treats as working by POLICY. It carries
 * `confirmed_until`: a day after it cannot be classified, and a working-day count that needs it is
 * refused (exit 3), never guessed.
 */
#pragma once

#include <glib.h>

#include "cd-date.h"

G_BEGIN_DECLS

typedef enum
{
  CD_PROFILE_PUBLIC_SECTOR,
  CD_PROFILE_ENTERPRISE,
  CD_N_PROFILES,
} CdProfile;

typedef struct _CdCalendarYear CdCalendarYear;

/* The employer's week and its declared exceptions, from the facts. */
typedef struct
{
  gboolean    known;              /* FALSE when the facts name no employer */
  CdProfile   profile;
  guint8      rest_mask;          /* bit w set = weekday w (1 Mon … 7 Sun) is a weekly rest day */
  gboolean    rest_defaulted;     /* weekly_rest was not given: Saturday and Sunday */
  GHashTable *holidays_extra;     /* CdDay → present: declared off */
  GHashTable *working_days_extra; /* CdDay → present: declared on */
} CdWorkSchedule;

const char     *cd_profile_to_string       (CdProfile        profile);
gboolean        cd_profile_from_string     (const char      *text,
                                            CdProfile       *out);

CdCalendarYear *cd_calendar_year_load      (const char      *path,
                                            GError         **error);
void            cd_calendar_year_free      (CdCalendarYear  *self);
int             cd_calendar_year_get_year  (CdCalendarYear  *self);
CdDay           cd_calendar_year_get_confirmed_until (CdCalendarYear *self);

/* Whether `day` is a working day for this schedule. `calendars` maps year → CdCalendarYear. On a
 * day with no calendar, or past its confirmed_until, fails with CD_RULES_ERROR_CANNOT_APPLY.
 * *out_policy is set to the assumption code that decided the day, if a POLICY did (else NULL). */
gboolean        cd_calendar_is_working_day (GHashTable           *calendars,
                                            const CdWorkSchedule *schedule,
                                            CdDay                 day,
                                            gboolean             *out_working,
                                            const char          **out_policy,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCalendarYear, cd_calendar_year_free)

G_END_DECLS
