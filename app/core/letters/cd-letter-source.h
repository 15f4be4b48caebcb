/* cd-letter-source.h — everything a decision letter shows, read from the store for one claim.
 *
 * cd_letter_source_load reads, for a claim number: the claimant (persons), the employer, the office
 * (offices, provinces, the `office.parent` setting), the benefit, the evaluation result, the facts'
 * "case" object, the proposer and the approvers, the decision's number and date. It owns every
 * string and JSON tree it read and exposes them as a CdLetterData (cd-decision-letter.h) to render:
 *
 *   g_autoptr(CdLetterSource) source = cd_letter_source_load (db, number, "vi", &error);
 *   if (source == NULL || !cd_decision_letter_render_pdf (cd_letter_source_get_data (source),
 *                                                         path, &error))
 *     …
 *
 * Which result it shows:
 * - a claim with an approved (frozen) decision: the decision's frozen payload — its lines, lump
 *   sum, total, eligibility and rule pack, the claimant's frozen name and IDs, its approvers, its
 *   date. What the payload does not hold (unpaid periods, reasons, assumptions, the case) comes
 *   from the evaluation the decision was proposed from, when it has one;
 * - a claim in `proposed` without one: the proposal's evaluation (else the claim's newest
 *   evaluation), rendered as a draft ("DỰ THẢO" above the title and in every footer), without a
 *   number, a date or approvers;
 * - anything else is refused (CD_LETTER_SOURCE_ERROR_NO_DECISION), naming the claim.
 *
 * The call is synchronous, only reads (one read transaction, so every part comes from the same
 * snapshot) and is safe on a worker thread with that thread's own connection
 * (cd_database_open_reader on the store's path); the returned source shares nothing with the
 * connection and may be handed back to the main thread. See docs/letters.md.
 */
#pragma once

#include "cd-database.h"
#include "cd-decision-letter.h"

G_BEGIN_DECLS

#define CD_LETTER_SOURCE_ERROR (cd_letter_source_error_quark ())

typedef enum
{
  CD_LETTER_SOURCE_ERROR_UNKNOWN_CLAIM,  /* no claim has this number */
  CD_LETTER_SOURCE_ERROR_NO_DECISION,    /* no approved decision, no proposal with an evaluation */
  CD_LETTER_SOURCE_ERROR_DAMAGED,        /* a stored payload, result or facts cannot be read */
  CD_LETTER_SOURCE_ERROR_LANGUAGE,       /* a language other than "vi" or "en" */
  CD_LETTER_SOURCE_ERROR_QUERY,          /* SQLite failed */
} CdLetterSourceError;

GQuark cd_letter_source_error_quark (void);

typedef struct _CdLetterSource CdLetterSource;

/* `language`: "vi" or "en" (NULL: "vi"). */
CdLetterSource     *cd_letter_source_load        (CdDatabase      *db,
                                                  const char      *claim_number,
                                                  const char      *language,
                                                  GError         **error);
/* Valid as long as the source; every pointer in it points into the source. */
const CdLetterData *cd_letter_source_get_data    (CdLetterSource  *self);
/* TRUE when the letter is a draft from a proposed evaluation, not an approved decision. */
gboolean            cd_letter_source_is_draft    (CdLetterSource  *self);
/* The total in VND the letter shows (the frozen one for an approved decision). */
gint64              cd_letter_source_get_total   (CdLetterSource  *self);
void                cd_letter_source_free        (CdLetterSource  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdLetterSource, cd_letter_source_free)

G_END_DECLS
