/* cd-card-check.h — whether a scanned citizen card names the person the population register does.
 *
 * When the officer scans the QR code of the claimant's chip-based ID card (cd-citizen-card), the
 * fetch takes the personal ID from it and checks the card's full name and birth date against the
 * National Population Database's identity for that ID. A card that disagrees is someone else's,
 * older than a change of name, or misread: the officer must see it before deciding anything.
 *
 * Names compare NFC, case-folded, with runs of white space made one: "NGUYỄN  VĂN AN" is
 * "Nguyễn Văn An". Many scanners cannot type Vietnamese and drop every accent (and type đ as d);
 * a card name with no accent at all that is the registered name with its accents removed is the
 * same name, not a mismatch. A name that keeps some accents must match them all: An, Ân and Ấn are
 * different names. The birth date must be the same day; a register that knows only the year (or
 * the year and month) of a birth agrees with a card date in it.
 */
#pragma once

#include "cd-citizen-card.h"
#include "cd-finding.h"

G_BEGIN_DECLS

/* The card disagrees with the register on the name, the birth date or both (an error). */
#define CD_FINDING_CARD_IDENTITY_MISMATCH "card.identity_mismatch"
/* No identity of the population register is stored for the person: nothing to check the card
 * against (a warning, so that a silence is never read as a match). */
#define CD_FINDING_CARD_NOT_CHECKED       "card.not_checked"

gboolean   cd_card_name_matches       (const char          *card_name,
                                       const char          *registered_name);
/* `registered_birth` is YYYY-MM-DD, or YYYY-MM / YYYY when the register knows no more. */
gboolean   cd_card_birth_date_matches (const char          *card_birth,
                                       const char          *registered_birth);
/* The finding about the card, or NULL when it agrees with the register. `registered_name` NULL:
 * there is no population identity to check against; `registered_birth` NULL: the register gives
 * no birth date, so only the name is compared. */
CdFinding *cd_card_check              (const CdCitizenCard *card,
                                       const char          *registered_name,
                                       const char          *registered_birth);

G_END_DECLS
