/* cd-clock.c — what "now" and "today" are, asked of one object that a test can stop. */
#include "config.h"

#include "cd-clock.h"

struct _CdClock
{
  GObject    parent_instance;

  GDateTime *fixed;  /* NULL for the system clock */
};

G_DEFINE_FINAL_TYPE (CdClock, cd_clock, G_TYPE_OBJECT)

static void
cd_clock_finalize (GObject *object)
{
  CdClock *self = CD_CLOCK (object);

  g_clear_pointer (&self->fixed, g_date_time_unref);

  G_OBJECT_CLASS (cd_clock_parent_class)->finalize (object);
}

static void
cd_clock_class_init (CdClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_clock_finalize;
}

static void
cd_clock_init (CdClock *self)
{
}

CdClock *
cd_clock_get_default (void)
{
  static CdClock *system_clock;

  if (g_once_init_enter (&system_clock))
    g_once_init_leave (&system_clock, g_object_new (CD_TYPE_CLOCK, NULL));
  return system_clock;
}

CdClock *
cd_clock_new_fixed (GDateTime *now)
{
  CdClock *self;

  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (CD_TYPE_CLOCK, NULL);
  self->fixed = g_date_time_ref (now);
  return self;
}

GDateTime *
cd_clock_get_now (CdClock *self)
{
  g_return_val_if_fail (CD_IS_CLOCK (self), NULL);

  if (self->fixed != NULL)
    return g_date_time_to_utc (self->fixed);
  return g_date_time_new_now_utc ();
}

CdDay
cd_clock_get_today (CdClock *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (CD_IS_CLOCK (self), CD_DAY_NONE);

  if (self->fixed != NULL)
    return cd_date_from_date_time (self->fixed);
  now = g_date_time_new_now_local ();
  return cd_date_from_date_time (now);
}
