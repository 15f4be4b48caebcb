/* cd-password.h — local account passwords, hashed with Argon2id (libsodium).
 *
 * Sign-in must work offline, so the hash lives in the workstation's database; Argon2id makes a
 * stolen database expensive to attack. The stored string carries its own parameters, so the cost
 * can be raised later (cd_password_needs_rehash) without breaking old accounts.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_PASSWORD_ERROR (cd_password_error_quark ())

typedef enum
{
  CD_PASSWORD_ERROR_TOO_SHORT,
  CD_PASSWORD_ERROR_FAILED,      /* out of memory for the hash, or libsodium did not start */
  CD_PASSWORD_ERROR_WEAK,        /* a rule of cd-password-rules.h is not met */
} CdPasswordError;

#define CD_PASSWORD_MIN_LENGTH 8

GQuark    cd_password_error_quark  (void);
char     *cd_password_hash         (const char  *password,
                                    GError     **error);
gboolean  cd_password_verify       (const char  *stored_hash,
                                    const char  *password);
gboolean  cd_password_needs_rehash (const char  *stored_hash);

G_END_DECLS
