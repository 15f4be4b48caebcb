/* cd-facts-builder.h — the claimdesk-facts-1 JSON of evaluate-contract.md, built from evidence.
 *
 * For a case the officer chose (cd-case-detect.h), reads the stored documents of the claimant and
 * fills every fact the evidence gives: the claimant and the employer from the central person, the
 * SI history from the contributions, the year's usage, and the case fields from the medical
 * documents. It says where each fact came from and which facts no document gives (filled with a
 * safe default the officer must confirm), so a form can mark them.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-case-detect.h"
#include "cd-database.h"

G_BEGIN_DECLS

typedef struct
{
  char   *path;          /* "claimant.si_years", "case.leave" … */
  gint64  document_id;   /* the document it was read from */
  char   *kind;          /* that document's kind */
} CdFactSource;

typedef struct
{
  JsonNode  *facts;      /* the claimdesk-facts-1 object */
  GPtrArray *sources;    /* CdFactSource */
  GPtrArray *missing;    /* char *: paths no document gives (a default stands in) */
} CdFactsDraft;

void          cd_facts_draft_free       (CdFactsDraft       *draft);
/* The document a path was read from (0 when none). */
gint64        cd_facts_draft_source_of  (CdFactsDraft       *draft,
                                         const char         *path);
gboolean      cd_facts_draft_is_missing (CdFactsDraft       *draft,
                                         const char         *path);

/* Builds from already loaded documents (cd_stored_documents_load). `decided_on` is YYYY-MM-DD. */
CdFactsDraft *cd_facts_build_documents  (GPtrArray            *documents,
                                         const char           *personal_id,
                                         const CdCaseProposal *proposal,
                                         const char           *decided_on);
/* Loads the claimant's stored documents and builds; NULL with an error only when the database
 * cannot be read. */
CdFactsDraft *cd_facts_build            (CdDatabase           *db,
                                         const char           *personal_id,
                                         const CdCaseProposal *proposal,
                                         const char           *decided_on,
                                         GError              **error);

/* Reading and editing a facts tree by dotted path ("case.leave_from", "claimant.si_years");
 * the setter creates missing objects. */
JsonNode     *cd_facts_json_get         (JsonNode             *facts,
                                         const char           *path);
void          cd_facts_json_set         (JsonNode             *facts,
                                         const char           *path,
                                         JsonNode             *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdFactsDraft, cd_facts_draft_free)

G_END_DECLS
