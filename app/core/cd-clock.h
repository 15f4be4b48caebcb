/* cd-clock.h — what "now" and "today" are, asked of one object that a test can stop.
 *
 * Claim ages, default fetch windows and decision dates all depend on the day. Asking a CdClock
 * instead of the system makes them testable: the default clock reads the system's, a fixed clock
 * always answers the same moment (GNOME Calendar's GcalClock plays the same part). A clock never
 * changes after it is made, so it may be used from any thread.
 */
#pragma once

#include <glib-object.h>

#include "cd-date.h"

G_BEGIN_DECLS

#define CD_TYPE_CLOCK (cd_clock_get_type ())
G_DECLARE_FINAL_TYPE (CdClock, cd_clock, CD, CLOCK, GObject)

/* The system clock, shared by the whole process: not to be unreferenced. */
CdClock   *cd_clock_get_default (void);
/* A clock stopped at `now`. Its today is the date of `now` in `now`'s own time zone, so a test
 * gets the same day whatever TZ says. */
CdClock   *cd_clock_new_fixed   (GDateTime *now);

/* The moment, in UTC. */
GDateTime *cd_clock_get_now     (CdClock   *self);
/* Today's date, in the local time zone (the office's, for the system clock). */
CdDay      cd_clock_get_today   (CdClock   *self);

G_END_DECLS
