/* cd-office-connection-page.h — the Office Connection page of Preferences: the enrolled office,
 * central's configuration in force (its number, date and signer, the four addresses), the trust
 * anchors with their fingerprints, and a connection check on demand. An administrator runs the
 * set-up assistant again from here (a new enrolment code, a new configuration, more anchors).
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_OFFICE_CONNECTION_PAGE (cd_office_connection_page_get_type ())
G_DECLARE_FINAL_TYPE (CdOfficeConnectionPage, cd_office_connection_page, CD,
                      OFFICE_CONNECTION_PAGE, AdwPreferencesPage)

CdOfficeConnectionPage *cd_office_connection_page_new     (CdContext              *context);
/* TRUE once what is shown is the store's as it is now, and no check runs. */
gboolean                cd_office_connection_page_is_idle (CdOfficeConnectionPage *self);

G_END_DECLS
