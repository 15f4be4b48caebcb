/* cd-rule-packs-group.h — Preferences' Rule Packs group: the packs this workstation has.
 *
 * The shipped pack and each installed update (docs/rules.md, "Rule-pack updates") with the date
 * it applies from and which one is in force today; the last install or refusal from the packs'
 * log; and Install From File… (a signed pack from a USB stick), installed off the main loop by
 * cd_rule_pack_install_file_async against the context's trust anchors, the result or the
 * refusal's reason shown in the group and told through ::toast. After an install the context
 * reloads its rules.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_RULE_PACKS_GROUP (cd_rule_packs_group_get_type ())
G_DECLARE_FINAL_TYPE (CdRulePacksGroup, cd_rule_packs_group, CD, RULE_PACKS_GROUP,
                      AdwPreferencesGroup)

GtkWidget  *cd_rule_packs_group_new          (void);
void        cd_rule_packs_group_set_context  (CdRulePacksGroup *self,
                                              CdContext        *context);
/* What choosing a file does: installs it; ::installed (gboolean ok) follows. */
void        cd_rule_packs_group_install_file (CdRulePacksGroup *self,
                                              const char       *path);
/* The packs listed (the shipped one first) and the row of the one at `index`. */
guint       cd_rule_packs_group_get_n_packs  (CdRulePacksGroup *self);
AdwActionRow *cd_rule_packs_group_get_pack_row (CdRulePacksGroup *self,
                                                guint             index);
/* The last install's outcome as shown (the refusal's reason when refused), or NULL. */
const char *cd_rule_packs_group_get_status   (CdRulePacksGroup *self);

G_END_DECLS
