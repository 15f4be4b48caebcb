/* cd-rules-engine.h — applies benefit-rules.md to claim facts.
 *
 * One entry point serves the GUI, the command line, the tests and the benchmark. The engine is
 * pure: facts and a rule pack in, a result out; it reads no file and keeps no state, so evaluations
 * may run in parallel on one pack.
 */
#pragma once

#include "cd-facts.h"
#include "cd-result.h"
#include "cd-rule-pack.h"
#include "cd-rules-error.h"

G_BEGIN_DECLS

/* Uses cd_rule_pack_for_day (pack, facts->decided_on): a pack loaded with its installed updates
 * evaluates each claim with the pack in force on the day it is decided.
 * NULL with CD_RULES_ERROR_INVALID_FACTS (exit 2) or CD_RULES_ERROR_CANNOT_APPLY (exit 3). */
CdResult *cd_rules_evaluate (CdRulePack     *pack,
                             const CdFacts  *facts,
                             GError        **error);

G_END_DECLS
