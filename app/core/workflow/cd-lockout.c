/* cd-lockout.c — how long an account waits after wrong passwords. */
#include "config.h"

#include "cd-lockout.h"

GTimeSpan
cd_lockout_wait (guint failed)
{
  GTimeSpan wait = G_TIME_SPAN_MINUTE;

  if (failed <= CD_LOCKOUT_FREE_ATTEMPTS)
    return 0;
  for (guint n = CD_LOCKOUT_FREE_ATTEMPTS + 1; n < failed && wait < CD_LOCKOUT_MAX_WAIT; n++)
    wait *= 2;
  return MIN (wait, CD_LOCKOUT_MAX_WAIT);
}
