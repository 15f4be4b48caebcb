/* cd-sync-error.c — the sync layer's error domain. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-database.h"
#include "cd-sync-error.h"

G_DEFINE_QUARK (cd-sync-error-quark, cd_sync_error)

gboolean
cd_sync_error_outbox (GError       **error,
                      const GError  *cause)
{
  if (g_error_matches (cause, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT))
    g_set_error (error, cause->domain, cause->code, _("The outbox: %s"), cause->message);
  else
    g_set_error (error, CD_SYNC_ERROR, CD_SYNC_ERROR_DATABASE, _("The outbox: %s"),
                 cause->message);
  return FALSE;
}
