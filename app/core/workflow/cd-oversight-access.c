/* cd-oversight-access.c — who may see the office's figures, by role. */
#include "config.h"

#include "cd-oversight-access.h"

gboolean
cd_oversight_may_see_office (CdSession *session)
{
  CdRole role;

  if (session == NULL || cd_session_get_locked (session))
    return FALSE;
  role = cd_session_get_role (session);
  return role == CD_ROLE_SUPERVISOR || role == CD_ROLE_ADMIN;
}
