/* cd-decision-letter.h — the decision letter: one PDF per decided claim, in Vietnamese or English.
 *
 * The letter renders an evaluation result (the "claimdesk-result-1" object of the evaluate
 * contract) as a Vietnamese administrative decision: national motto, office, number and date,
 * "QUYẾT ĐỊNH", legal bases, the claimant, a table of benefit lines with their citations, unpaid
 * periods with their reasons, the lump sum, the total in figures and words, the assumptions (POLICY
 * items) applied, and the signature block. See docs/letters.md.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cd-letter-types.h"

G_BEGIN_DECLS

#define CD_LETTER_MAX_APPROVERS 2

/* Everything a letter shows. All pointers are borrowed; NULL optional fields print as a dotted
 * blank, as on a paper form. Required: claimant_name and result. */
typedef struct
{
  const char     *language;            /* "vi" (default when NULL) or "en" */
  gboolean        draft;               /* not yet approved: "DỰ THẢO" above the title and in the
                                        * footer of every page */

  const char     *office_parent;       /* optional; "BẢO HIỂM XÃ HỘI VIỆT NAM" when NULL */
  const char     *office_name;         /* "Bảo hiểm xã hội cơ sở Ba Đình" */
  const char     *office_code;         /* "BĐ" — printed in the decision number's suffix */
  const char     *office_place;        /* optional; "Hà Nội" in "Hà Nội, ngày …" */

  const char     *decision_number;     /* "125" or a full "125/QĐ-BHXH"; the suffix is added if absent */
  const char     *decision_date;       /* YYYY-MM-DD */
  const char     *claim_number;

  const char     *claimant_name;
  const char     *claimant_sex;        /* optional: "female" / "male" chooses "Bà" / "Ông" */
  const char     *claimant_personal_id;
  const char     *claimant_si_code;
  const char     *claimant_birth_date; /* YYYY-MM-DD */
  const char     *employer_name;

  const char     *benefit;             /* optional; the result's "benefit" when NULL */
  JsonObject     *benefit_case;        /* optional: the facts' "case" (dates of birth, event…) */
  JsonObject     *result;              /* the evaluation result, "claimdesk-result-1" */

  CdLetterSigner  proposer;
  CdLetterSigner  approvers[CD_LETTER_MAX_APPROVERS];  /* unused ones have name NULL */
} CdLetterData;

gboolean cd_letter_data_init_from_json      (CdLetterData        *data,
                                             JsonObject          *object,
                                             GError             **error);

gboolean cd_decision_letter_render_pdf      (const CdLetterData  *data,
                                             const char          *path,
                                             GError             **error);

gboolean cd_decision_letter_render_to_stream (const CdLetterData  *data,
                                              GOutputStream       *stream,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_END_DECLS
