/* cd-oversight-access.h — who may see the office's figures.
 *
 * The dashboard shows a supervisor and an administrator the whole office and an officer only their
 * own claims; the office view is refused to an officer. This is the one question the workstation
 * asks about it, kept apart so that the office's access rights (issue 18, item 5: officer,
 * supervisor, office head, administrator) can answer it instead without touching its callers.
 */
#pragma once

#include "cd-session.h"

G_BEGIN_DECLS

/* TRUE for a signed-in, unlocked supervisor or administrator; FALSE for an officer, a locked
 * session and nobody (NULL). */
gboolean cd_oversight_may_see_office (CdSession *session);

G_END_DECLS
