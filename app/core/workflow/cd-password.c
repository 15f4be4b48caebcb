/* cd-password.c — local account passwords, hashed with Argon2id (libsodium). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cd-password.h"

G_DEFINE_QUARK (cd-password-error-quark, cd_password_error)

/* The "interactive" limits (64 MiB, 2 passes) keep sign-in under a second on the offices' old PCs.
 */
#define OPS_LIMIT crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE
#define MEM_LIMIT crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE

/* libsodium fails to start only when the system gives it no randomness. That is no reason to end
 * the program (an officer may have unsaved work): hashing reports it, and checking a password
 * says no. */
static gboolean
ensure_sodium (GError **error)
{
  enum { READY = 1, BROKEN = 2 };
  static gsize state = 0;

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, sodium_init () < 0 ? BROKEN : READY);
  if (state == READY)
    return TRUE;
  g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_FAILED,
               _("The password library (libsodium) could not be started, so no password can be "
                 "set or checked."));
  return FALSE;
}

char *
cd_password_hash (const char  *password,
                  GError     **error)
{
  char stored[crypto_pwhash_argon2id_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);
  if (!ensure_sodium (error))
    return NULL;

  if (g_utf8_strlen (password, -1) < CD_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_TOO_SHORT,
                   _("A password needs at least %d characters"), CD_PASSWORD_MIN_LENGTH);
      return NULL;
    }

  if (crypto_pwhash_argon2id_str (stored, password, strlen (password), OPS_LIMIT, MEM_LIMIT) != 0)
    {
      g_set_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_FAILED,
                   _("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (stored);
}

gboolean
cd_password_verify (const char *stored_hash,
                    const char *password)
{
  g_return_val_if_fail (stored_hash != NULL && password != NULL, FALSE);
  if (!ensure_sodium (NULL))
    return FALSE;

  if (!g_str_has_prefix (stored_hash, crypto_pwhash_argon2id_STRPREFIX))
    return FALSE;
  return crypto_pwhash_argon2id_str_verify (stored_hash, password, strlen (password)) == 0;
}

gboolean
cd_password_needs_rehash (const char *stored_hash)
{
  g_return_val_if_fail (stored_hash != NULL, TRUE);
  /* Nothing could hash it again anyway. */
  if (!ensure_sodium (NULL))
    return FALSE;
  return crypto_pwhash_argon2id_str_needs_rehash (stored_hash, OPS_LIMIT, MEM_LIMIT) != 0;
}
