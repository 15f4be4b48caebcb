/* cd-review-rule-group.h — Preferences' Review Sampling group, for the office head and the
 * administrator.
 *
 * The office's rule of which proposals a supervisor must open before approving them in bulk
 * (cd-review.h): on or off, who is a new officer (all their proposals), the share of the others
 * drawn, and the risk score at which a proposal is always reviewed. Read from the context's store
 * on a reader, written on its writer as the signed-in session (CD_ACCESS_REVIEW_RULE), audited by
 * core. A supervisor sees the rule, insensitive; the group is hidden from an officer and without a
 * session.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"
#include "cd-review.h"

G_BEGIN_DECLS

#define CD_TYPE_REVIEW_RULE_GROUP (cd_review_rule_group_get_type ())
G_DECLARE_FINAL_TYPE (CdReviewRuleGroup, cd_review_rule_group, CD, REVIEW_RULE_GROUP,
                      AdwPreferencesGroup)

GtkWidget *cd_review_rule_group_new        (void);
/* Once: whose rule the group shows, and who is signed in to change it. */
void       cd_review_rule_group_set_context (CdReviewRuleGroup *self,
                                             CdContext         *context);
/* The store's rule is on show (::loaded follows each reading). */
gboolean   cd_review_rule_group_get_loaded (CdReviewRuleGroup *self);
/* The signed-in session may change it, and it is loaded. */
gboolean   cd_review_rule_group_get_editable (CdReviewRuleGroup *self);
/* The rule as the rows show it. */
void       cd_review_rule_group_get_rule   (CdReviewRuleGroup *self,
                                            CdReviewRule      *out);
/* Shows `rule` in the rows (an edit: it is saved after a short delay, as typing would be). */
void       cd_review_rule_group_set_rule   (CdReviewRuleGroup  *self,
                                            const CdReviewRule *rule);
/* Saves what is shown now instead of waiting for the delay; ::saved (gboolean ok) follows. */
void       cd_review_rule_group_save_now   (CdReviewRuleGroup *self);

G_END_DECLS
