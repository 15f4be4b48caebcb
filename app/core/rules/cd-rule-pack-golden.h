/* cd-rule-pack-golden.h — a rule pack's own golden cases, run through the engine.
 *
 * A pack carries golden/NAME.json: claim facts (evaluate-contract.md) and the result they must
 * give.
 * A pack is installed only if every case gives that result on this workstation, with this engine
 * (docs/rules.md, "Golden cases"), so a pack written for another engine version, or damaged, is
 * refused before any claim is decided with it.
 *
 *   {"format": "claimdesk-golden-1", "name": "…", "facts": {…},
 *    "expect": {"eligible": true, "total": 1406250, "lines": [{"code": "…", "days": 3}],
 *               "reasons": ["…"], "assumptions": ["…"], "rulepack": "…"}}
 *
 * `expect` is matched as a subset of the result: every member it names must be equal; an array
 * must have the same length, element by element; a code string matches an object with that code.
 * `"expect": {"error": "cannot_apply"}` (or "invalid_facts") expects that refusal instead.
 */
#pragma once

#include "cd-rule-pack.h"

G_BEGIN_DECLS

/* Runs every golden/NAME.json under `golden_dir` (in name order) with `pack`. FALSE with
 * CD_RULES_ERROR_GOLDEN naming the first failing case and what differed
 * ("golden/sick-3.json: total: expected 1406250, got 1400000"), or CD_RULES_ERROR_RULE_PACK for
 * a case file that is not one. *out_count is the number of cases run. A missing folder runs
 * none. */
gboolean cd_rule_pack_check_golden (CdRulePack  *pack,
                                    const char  *golden_dir,
                                    guint       *out_count,
                                    GError     **error);

G_END_DECLS
