/* cd-evaluation-view.h — what the rules made of a claim's facts: the total and whether the claimant
 * is eligible, each line with its rule text and citation, the reasons and assumptions, and the
 * documents the claim needs, present or missing. Or why the facts could not be evaluated.
 *
 * It shows a claimdesk result JSON (cd_result_to_json) as it is given; it evaluates nothing.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CD_TYPE_EVALUATION_VIEW (cd_evaluation_view_get_type ())
G_DECLARE_FINAL_TYPE (CdEvaluationView, cd_evaluation_view, CD, EVALUATION_VIEW,
                      AdwPreferencesGroup)

GtkWidget *cd_evaluation_view_new        (void);
/* Shows a result (a JSON object: total, eligible, lines, reasons, assumptions,
 * required_documents). */
void       cd_evaluation_view_set_result (CdEvaluationView *self,
                                          JsonNode         *result);
/* Shows why there is no result. */
void       cd_evaluation_view_set_error  (CdEvaluationView *self,
                                          const char       *message);
void       cd_evaluation_view_clear      (CdEvaluationView *self);
/* A spinner says an evaluation is under way. */
void       cd_evaluation_view_set_busy   (CdEvaluationView *self,
                                          gboolean          busy);
/* How many rows it shows (the total's among them). */
guint      cd_evaluation_view_get_n_rows (CdEvaluationView *self);

G_END_DECLS
