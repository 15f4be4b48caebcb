/* cd-cross-checks.h — what does not add up between the sources, shown to the officer, never fixed.
 *
 * Runs over the evidence stored for a person (so it works offline too): identity fields across the
 * medical, population and central records; a claimant dead in the register; a leave certificate
 * whose serial was used before; leave certificates that overlap; a child who is not the claimant's.
 * Each finding has a stable code, a severity and a sentence in Vietnamese and English, and is
 * recorded in the verifications table.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-database.h"

G_BEGIN_DECLS

typedef enum
{
  CD_FINDING_INFO,
  CD_FINDING_WARNING,
  CD_FINDING_ERROR,
} CdFindingSeverity;

typedef struct
{
  char              *code;        /* identity.name_mismatch, claimant.dead… (docs/interop.md) */
  CdFindingSeverity  severity;
  char              *message_vi;
  char              *message_en;
} CdFinding;

void        cd_finding_free              (CdFinding         *finding);
const char *cd_finding_severity_to_string (CdFindingSeverity severity);
/* Adds the finding to `builder` as {code, severity, message_vi, message_en}: the form the
 * verifications table keeps and `claimdesk-cli fetch --json` prints. */
void        cd_finding_to_json           (const CdFinding   *finding,
                                          JsonBuilder       *builder);

/* Findings (CdFinding) for the person, and for the claim when claim_id > 0 (its child). */
GPtrArray  *cd_cross_check               (CdDatabase        *db,
                                          const char        *personal_id,
                                          gint64             claim_id,
                                          GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdFinding, cd_finding_free)

G_END_DECLS
