/* cd-rule-pack.h — a versioned rule pack: dated parameters and holiday calendars, read from data
 * files.
 *
 * A pack is a directory (data/rules/vn-si-2024/) holding parameters.json and calendars/YYYY.json.
 * Every file is validated when the pack is loaded; a broken file fails with
 * CD_RULES_ERROR_RULE_PACK naming the file and the line. Values are looked up by name and date: a
 * date with no value in force is CD_RULES_ERROR_CANNOT_APPLY, never a guess.
 */
#pragma once

#include <gio/gio.h>

#include "cd-date.h"
#include "cd-money.h"

G_BEGIN_DECLS

#define CD_RULE_PACK_DEFAULT "vn-si-2024"

typedef struct _CdRulePack CdRulePack;

/* The pack directory used when none is given: $CLAIMDESK_DATADIR/rules/PACK, else
 * PKGDATADIR/rules/PACK. */
char        *cd_rule_pack_default_dir  (void);

CdRulePack  *cd_rule_pack_load         (const char  *dir,
                                        GError     **error);
/* The same, read in a worker thread so the GUI's main loop never waits on the disk. */
void         cd_rule_pack_load_async   (const char          *dir,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* Also finishes cd_rule_pack_load_with_installed_async. */
CdRulePack  *cd_rule_pack_load_finish  (GAsyncResult        *result,
                                        GError             **error);
/* The shipped pack in `dir` with the packs installed under `packs_dir` (NULL: the workstation's,
 * cd_data_dir_rule_packs) attached: cd_rules_evaluate then uses, for each claim, the newest
 * installed pack whose effective date is on or before the claim's decided_on, else the shipped
 * pack (cd_rule_pack_for_day). An installed pack that no longer loads is left out with a
 * warning. */
CdRulePack  *cd_rule_pack_load_with_installed (const char  *dir,
                                               const char  *packs_dir,
                                               GError     **error);
void         cd_rule_pack_load_with_installed_async (const char          *dir,
                                                     const char          *packs_dir,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The pack in force on `day` (transfer none): the newest attached installed pack with an
 * effective date on or before it, else `self`. CD_DAY_NONE gives `self`. */
CdRulePack  *cd_rule_pack_for_day      (CdRulePack  *self,
                                        CdDay        day);
/* CD_DAY_NONE for a pack loaded from a folder; the manifest's date for an installed one. */
CdDay        cd_rule_pack_get_effective (CdRulePack *self);
CdRulePack  *cd_rule_pack_ref          (CdRulePack  *self);
void         cd_rule_pack_unref        (CdRulePack  *self);

const char  *cd_rule_pack_get_version  (CdRulePack  *self);
CdDay        cd_rule_pack_get_review_by (CdRulePack *self);
/* TRUE when `today` is after the pack's review_by date: its parameters may be out of date (the
 * same test as the engine's policy.review_by_passed). The review day itself is still in time. */
gboolean     cd_rule_pack_is_past_review (CdRulePack *self,
                                          CdDay       today);
/* year → CdCalendarYear, for cd_calendar_is_working_day. */
GHashTable  *cd_rule_pack_get_calendars (CdRulePack *self);

/* The value of parameter `name` in force on `day`. */
gboolean     cd_rule_pack_lookup       (CdRulePack  *self,
                                        const char  *name,
                                        CdDay        day,
                                        CdRational  *out_value,
                                        const char **out_citation,
                                        GError     **error);
/* Like cd_rule_pack_lookup for parameters that only exist from some date on (a rule that starts
 * later): returns FALSE, with no error, when none is in force. */
gboolean     cd_rule_pack_lookup_opt   (CdRulePack  *self,
                                        const char  *name,
                                        CdDay        day,
                                        CdRational  *out_value,
                                        const char **out_citation);

/* For a `day` after the last dated value of `name` has ended (its "to" is past): that last value,
 * and the first day it no longer covers. FALSE when a value is in force on `day`, when `day` is
 * before the first one, or when the name is unknown. The engine uses it only under the facts'
 * options.assume_missing_parameter, and names the assumption. */
gboolean     cd_rule_pack_lookup_last  (CdRulePack  *self,
                                        const char  *name,
                                        CdDay        day,
                                        CdRational  *out_value,
                                        const char **out_citation,
                                        CdDay       *out_ended);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRulePack, cd_rule_pack_unref)

G_END_DECLS
