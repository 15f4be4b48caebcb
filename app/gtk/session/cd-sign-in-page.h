/* cd-sign-in-page.h — signing in, unlocking a locked session, creating the first administrator,
 * and replacing a one-time password.
 *
 * Everything is checked against the context's store, so it works offline. The slow part (Argon2id)
 * runs off the main loop; the first administrator is written on the context's writer. Signals:
 *   ::signed-in (CdSession *session)  a session for the user who just proved their password: a new
 *                                     sign-in (after any one-time password was replaced), the
 *                                     first administrator, or the proof of an unlock;
 *   ::sign-out ()                     the user of a locked session chose to sign out instead.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

typedef enum
{
  CD_SIGN_IN_MODE_SIGN_IN,
  CD_SIGN_IN_MODE_UNLOCK,
  CD_SIGN_IN_MODE_BOOTSTRAP,
  CD_SIGN_IN_MODE_CHANGE_PASSWORD,  /* signed in with a one-time password: choose one */
} CdSignInMode;

#define CD_TYPE_SIGN_IN_PAGE (cd_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (CdSignInPage, cd_sign_in_page, CD, SIGN_IN_PAGE, AdwBin)

GtkWidget    *cd_sign_in_page_new          (void);
/* Follows the context's store: reads it (off the main loop) to choose between signing in and
 * creating the first administrator, and again whenever the store changes. */
void          cd_sign_in_page_set_context  (CdSignInPage *self,
                                            CdContext    *context);
/* Reads the store again to choose the mode (after someone else made its first administrator). */
void          cd_sign_in_page_recheck      (CdSignInPage *self);
/* Asks the locked session's user for the password again. */
void          cd_sign_in_page_show_unlock  (CdSignInPage *self,
                                            const char   *login,
                                            const char   *full_name);
/* Back to a plain sign-in with empty fields (after sign-out). */
void          cd_sign_in_page_reset        (CdSignInPage *self);
CdSignInMode  cd_sign_in_page_get_mode     (CdSignInPage *self);
/* A line under the form, e.g. the demo accounts; NULL hides it. */
void          cd_sign_in_page_set_hint     (CdSignInPage *self,
                                            const char   *hint);
const char   *cd_sign_in_page_get_error    (CdSignInPage *self);
gboolean      cd_sign_in_page_get_busy     (CdSignInPage *self);

G_END_DECLS
