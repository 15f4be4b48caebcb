/* paper-fixture.h — paper documents for tests, written exactly as the paper document contract
 * says (docs/data-model.md, "Paper documents"), through the store's statements: the recording
 * form is another module's, and these tests must not depend on it. */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

/* {"table": TABLE, "root": ROOT, "records": [RECORD]}: a medical kind's fields. */
char   *paper_fixture_medical_fields (const char *table,
                                      const char *root,
                                      const char *record_json);
/* A documents row for a paper document of `kind` about `personal_id`, entered by `login`, linked
 * to `claim_id` (0: none), paper_state 'unverified'. Returns its id. */
gint64  paper_fixture_add            (CdDatabase *db,
                                      const char *personal_id,
                                      gint64      claim_id,
                                      const char *kind,
                                      const char *fields_json,
                                      const char *login);

G_END_DECLS
