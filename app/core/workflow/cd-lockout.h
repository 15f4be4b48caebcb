/* cd-lockout.h — how long an account waits after wrong passwords.
 *
 * Four wrong passwords in a row are typing; the fifth makes the account wait a minute, and every
 * further one doubles the wait, up to an hour. Together with Argon2id's cost this makes guessing
 * a password at the workstation hopeless (a few dozen tries a day) while an officer who mistypes
 * waits a minute, and an administrator can lift the wait at once (cd_users_lift_lockout).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_LOCKOUT_FREE_ATTEMPTS 4
#define CD_LOCKOUT_MAX_WAIT      (60 * G_TIME_SPAN_MINUTE)

/* The wait after `failed` wrong passwords in a row: 0 for up to 4, then 1, 2, 4… minutes. */
GTimeSpan cd_lockout_wait (guint failed);

G_END_DECLS
