/* cd-rule-texts.h — the stable codes of lines, reasons and assumptions, with their citation and
 * their sentence in Vietnamese and English.
 *
 * These sentences are part of the decision (an officer reads them to the claimant, a refusal quotes
 * them), so they are data of the rule set, not user-interface strings: they are not run through
 * gettext, and both languages are always in the result. docs/rules.md lists every code.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *code;
  const char *citation;   /* NULL for assumptions that are POLICY, not law */
  const char *message_vi;
  const char *message_en;
} CdRuleText;

/* The text of a code; a code with no text is a programming error (asserted). */
const CdRuleText *cd_rule_text_lookup (const char *code);

/* The text of a code, or NULL when there is none (for codes that come from data files). */
const CdRuleText *cd_rule_text_find   (const char *code);

/* Every text, for documentation and tests; *out_count is set. */
const CdRuleText *cd_rule_text_all    (guint      *out_count);

/* Whether an assumption code means the result may change when central sends a newer rule pack
 * (policy.calendar_assumed, policy.parameter_assumed, policy.review_by_passed): the claim's
 * screens show it as a warning, not as a plain reading of the law. */
gboolean          cd_rule_text_is_provisional (const char *code);

/* What a proof kind of docs/rules.md (leave_certificate, parenthood_proof…) is called on the
 * officer's screen, translated: unlike the sentences above it is part of the interface, not of
 * the decision. An unknown kind is returned as it is ("" for NULL). */
const char       *cd_proof_kind_label (const char *kind);

G_END_DECLS
