/* cd-finding.h — one thing that does not add up in a claimant's evidence, as the officer sees it.
 *
 * A finding has a stable code (the list is in docs/new-claim.md), a severity and its sentence in
 * Vietnamese and English; it is shown, never fixed. The cross-checks between the sources and the
 * check of a scanned citizen card both make findings, so the type has a module of its own below
 * them both.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_FINDING_INFO,
  CD_FINDING_WARNING,
  CD_FINDING_ERROR,
} CdFindingSeverity;

typedef struct
{
  char              *code;        /* identity.name_mismatch, claimant.dead… (docs/new-claim.md) */
  CdFindingSeverity  severity;
  char              *message_vi;
  char              *message_en;
} CdFinding;

/* Takes the two messages. */
CdFinding  *cd_finding_new               (const char        *code,
                                          CdFindingSeverity  severity,
                                          char              *message_vi,
                                          char              *message_en);
void        cd_finding_free              (CdFinding         *finding);
const char *cd_finding_severity_to_string (CdFindingSeverity severity);
/* Adds the finding to `builder` as {code, severity, message_vi, message_en}: the form the
 * verifications table keeps and `claimdesk-cli fetch --json` prints. */
void        cd_finding_to_json           (const CdFinding   *finding,
                                          JsonBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdFinding, cd_finding_free)

G_END_DECLS
