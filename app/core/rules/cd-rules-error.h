/* cd-rules-error.h — the error domain of the benefit rules engine.
 *
 * The codes are a contract with the command line: INVALID_FACTS is exit 2 (the input is malformed
 * or impossible), CANNOT_APPLY is exit 3 (the rules cannot be applied honestly: a calendar is not
 * confirmed or no parameter is in force), RULE_PACK is a broken or missing rule-pack file (also
 * exit 3: nothing can be evaluated with it).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_RULES_ERROR (cd_rules_error_quark ())

typedef enum
{
  CD_RULES_ERROR_INVALID_FACTS, /* message starts with the field path, e.g. "case.leave[0].to: …" */
  CD_RULES_ERROR_CANNOT_APPLY,  /* a missing calendar day or parameter; the message names it */
  CD_RULES_ERROR_RULE_PACK,     /* a rule-pack file is unreadable or invalid; "FILE:LINE: …" */
  CD_RULES_ERROR_GOLDEN,        /* a pack's golden case gives another result on this machine */
} CdRulesError;

GQuark cd_rules_error_quark (void);

G_END_DECLS
