/* cd-rule-pack-fetch.h — fetching the rule packs central offers that this workstation lacks.
 *
 * GET <central>/central/rule-packs with the office's credentials lists the packs central serves
 * ({"packs": [{"id", "effective", "sha256", "url"}]}); each whose id is not installed yet is
 * fetched from its url (the signed file) and installed with cd_rule_pack_install_bytes, which
 * checks it and logs the outcome. A refused pack does not stop the others (docs/interop.md).
 */
#pragma once

#include <gio/gio.h>

#include "cd-http-client.h"
#include "cd-office-credential.h"
#include "cd-rule-pack-install.h"

G_BEGIN_DECLS

typedef struct
{
  guint      listed;     /* packs central lists */
  GPtrArray *installed;  /* CdInstalledPack: newly installed by this fetch */
  GPtrArray *refused;    /* char *: why each refused pack was refused */
} CdRulePackFetchReport;

void                   cd_rule_pack_fetch_report_free (CdRulePackFetchReport *report);

/* Blocking. Fails (nothing installed) only when the list itself cannot be had: transport
 * (CD_HTTP_ERROR), credentials or revocation (CD_CENTRAL_ERROR), a bad answer. `packs_dir` NULL:
 * cd_data_dir_rule_packs. */
CdRulePackFetchReport *cd_rule_pack_fetch        (CdHttpClient              *http,
                                                  const char                *central_url,
                                                  const CdOfficeCredential  *credential,
                                                  CdTrustStore              *trust,
                                                  const char                *packs_dir,
                                                  GCancellable              *cancellable,
                                                  GError                   **error);
void                   cd_rule_pack_fetch_async  (CdHttpClient              *http,
                                                  const char                *central_url,
                                                  const CdOfficeCredential  *credential,
                                                  CdTrustStore              *trust,
                                                  const char                *packs_dir,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
CdRulePackFetchReport *cd_rule_pack_fetch_finish (GAsyncResult              *result,
                                                  GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRulePackFetchReport, cd_rule_pack_fetch_report_free)

G_END_DECLS
