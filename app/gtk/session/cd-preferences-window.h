/* cd-preferences-window.h — the workstation's settings: office, connections, claim defaults,
 * backups. */
#pragma once

#include <adwaita.h>

#include "cd-backups-group.h"
#include "cd-review-rule-group.h"
#include "cd-context.h"
#include "cd-rule-packs-group.h"

G_BEGIN_DECLS

#define CD_TYPE_PREFERENCES_WINDOW (cd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, CD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Shows the office rules of the context's store, editable while an administrator is signed in,
 * and, to an administrator, its backups. */
CdPreferencesWindow *cd_preferences_window_new (CdContext *context);

void     cd_preferences_window_save_office       (CdPreferencesWindow *self);
gboolean cd_preferences_window_get_office_loaded (CdPreferencesWindow *self);
/* The rules on paper evidence: saved now (tests), and whether the store's values are shown. */
void     cd_preferences_window_save_paper_rules  (CdPreferencesWindow *self);
gboolean cd_preferences_window_get_paper_loaded  (CdPreferencesWindow *self);
/* Review Sampling (the office head's rule), after the paper rules. */
CdReviewRuleGroup   *cd_preferences_window_get_review_rule_group (CdPreferencesWindow *self);
CdBackupsGroup *cd_preferences_window_get_backups_group (CdPreferencesWindow *self);
CdRulePacksGroup *cd_preferences_window_get_rule_packs_group (CdPreferencesWindow *self);

G_END_DECLS
