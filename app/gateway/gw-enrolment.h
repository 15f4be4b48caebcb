/* gw-enrolment.h — central's side of enrolment (OURS, docs/interop.md): one-time codes, the
 * offices' credentials, the signed configuration document, and revocation.
 *
 *   POST /central/enrolment         {"code"} → the office and its credentials (id + secret)
 *   GET  /central/configuration     with the office's credentials (HTTP Basic) → signed XML
 *   POST /_control/enrolment-codes  issue a code (for an office, with a lifetime)
 *   POST /_control/revocations      revoke a credential, a whole office, or an officer
 *   POST /_control/configuration    change the document's serial or an endpoint
 *   GET  /_control/enrolment        codes, credentials and revocations, for tests
 *
 * The token endpoint (gw-central.c) asks this module whether a request's office credentials are
 * good and whether its office or officer has been revoked.
 */
#pragma once

#include "gw-server.h"

G_BEGIN_DECLS

typedef struct _GwEnrolment GwEnrolment;

typedef struct
{
  char *code;       /* BHXH-079-BT */
  char *name;       /* Bảo hiểm xã hội quận Bình Thạnh */
  char *province;   /* 079 */
} GwOffice;

/* The office every code is for unless its issuer names another: the demo's and the seeder's. */
#define GW_DEFAULT_OFFICE_CODE      "BHXH-079-BT"
#define GW_DEFAULT_OFFICE_NAME      "Bảo hiểm xã hội quận Bình Thạnh"
#define GW_DEFAULT_OFFICE_PROVINCE  "079"
#define GW_DEFAULT_CODE_LIFETIME_S  (24 * 3600)

GwEnrolment *gw_enrolment_new          (GwServer     *server);
void         gw_enrolment_free         (GwEnrolment  *self);

/* Keeps the register of enrolled offices (credentials, revocations) in `path` across restarts, as a
 * real central does: reads it if it exists, then rewrites it after every change. Without it the
 * gateway forgets every enrolment when it stops. */
gboolean     gw_enrolment_set_register_file (GwEnrolment  *self,
                                             const char   *path,
                                             GError      **error);

/* A one-time code for `office` (NULL: the default office), good for `lifetime_s` seconds. */
gboolean     gw_enrolment_add_code     (GwEnrolment     *self,
                                        const char      *code,
                                        const GwOffice  *office,
                                        gint64           lifetime_s,
                                        GError         **error);

/* Checks the request's "Authorization: Basic" office credentials. On success returns the
 * credential's id (owned by this module); otherwise the 401 or 403 answer has been sent and NULL
 * is returned. */
const char  *gw_enrolment_authorize_office (GwEnrolment       *self,
                                            SoupServerMessage *msg);
const GwOffice *gw_enrolment_get_office    (GwEnrolment       *self,
                                            const char        *credential_id);
/* Whether the credential, its office or the officer has been revoked since; if so the 403
 * answer has been sent and FALSE is returned. */
gboolean     gw_enrolment_check_not_revoked (GwEnrolment       *self,
                                             SoupServerMessage *msg,
                                             const char        *credential_id,
                                             const char        *officer);

/* For a file bundle (gw-central.c), which carries no HTTP credentials: the office and the SHA-256
 * of the secret of credential `credential_id`, and whether it or its office is revoked. FALSE if
 * central never issued it. */
gboolean     gw_enrolment_lookup_credential (GwEnrolment       *self,
                                             const char        *credential_id,
                                             const GwOffice   **office,
                                             const char       **secret_sha256,
                                             gboolean          *revoked);

G_END_DECLS
