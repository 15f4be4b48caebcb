/* cd-fact-form.h — the facts of a claim as the officer confirms them: one row per fact of the
 * benefit's form (cd-fact-schema), prefilled from the documents, each saying which document it
 * came from or that no document gives it.
 *
 * The officer types dates as 20/11/2026 and whole numbers as digits; a row whose text does not
 * read gets the `error` class and says why, and the facts keep its last good value. A refusal of
 * the rules engine names the fact at fault first; cd_fact_form_mark_refusal marks that row.
 * ::changed follows every edit; the form evaluates nothing.
 */
#pragma once

#include <adwaita.h>

#include "cd-claim-types.h"
#include "cd-facts-builder.h"

G_BEGIN_DECLS

#define CD_TYPE_FACT_FORM (cd_fact_form_get_type ())
G_DECLARE_FINAL_TYPE (CdFactForm, cd_fact_form, CD, FACT_FORM, AdwPreferencesGroup)

GtkWidget *cd_fact_form_new            (void);
/* Shows `draft` (taken) as `benefit`'s form. */
void       cd_fact_form_set_draft      (CdFactForm   *self,
                                        CdBenefit     benefit,
                                        CdFactsDraft *draft);
void       cd_fact_form_clear          (CdFactForm   *self);
/* The facts as the rows have them now (the form's own: copy to keep), or NULL without a draft. */
JsonNode  *cd_fact_form_get_facts      (CdFactForm   *self);
/* Whether the text of every row reads. */
gboolean   cd_fact_form_get_valid      (CdFactForm   *self);
/* Marks the row whose fact `message` starts with ("claimant.sex: …", "case.leave[0].to: …");
 * FALSE when it names none of them. */
gboolean   cd_fact_form_mark_refusal   (CdFactForm   *self,
                                        const char   *message);
/* Takes the engine's marks away (the facts were evaluated). */
void       cd_fact_form_clear_refusals (CdFactForm   *self);
/* Types `text` into the first text row of the fact at `path` ("case.leave" gives the leave's
 * start), as the officer would. FALSE when the form has no such row. */
gboolean   cd_fact_form_set_text       (CdFactForm   *self,
                                        const char   *path,
                                        const char   *text);

G_END_DECLS
