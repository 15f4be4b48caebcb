/* cd-citizen-card.h — what the QR code of a chip-based citizen ID card says, read.
 *
 * The QR code on the front of a chip-based citizen ID card (CCCD gắn chip) holds seven fields
 * separated by "|":
 *
 *   personal ID | old ID | full name | birth date | sex | address | issue date
 *   001090012345|123456789|Nguyễn Văn An|01011990|Nam|Số 12, Ngõ 3, …, Hà Nội|15082021
 *
 * with dates as ddMMyyyy and the old ID empty when the holder never had one. A USB barcode scanner
 * types it into whatever has the focus, as keystrokes, and ends with Enter. The reader is tolerant
 * of what scanners really do — a trailing CR, LF or tab, white space around the payload or a field,
 * decomposed (NFD) accents, a trailing "|" — and strict where it matters: exactly seven fields, the
 * personal ID a valid one (cd_identifier_check_personal_id), both dates real days and the birth in
 * the year the personal ID says, the name present.
 * Failures are CD_DOCUMENT_ERROR with a message that names the field and quotes its value.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longer than any card's payload: a scan this long is something else. */
#define CD_CITIZEN_CARD_QR_MAX_LENGTH 1024

typedef struct
{
  char *personal_id;  /* 12 digits, checked */
  char *old_id;       /* the old 9-digit (or 12-digit) identity card number; NULL when empty */
  char *full_name;    /* NFC, runs of white space made one space */
  char *birth_date;   /* YYYY-MM-DD */
  char *sex;          /* as printed ("Nam", "Nữ"), NFC; may be empty */
  char *address;      /* as printed, NFC; may be empty */
  char *issue_date;   /* YYYY-MM-DD */
} CdCitizenCard;

/* Whether typed text is a card's QR payload rather than an ID typed by hand: only a payload has
 * a "|". */
gboolean       cd_citizen_card_is_qr_payload (const char          *text);
/* Reads a QR payload; NULL and CD_DOCUMENT_ERROR when it is not a card's. */
CdCitizenCard *cd_citizen_card_parse_qr      (const char          *payload,
                                              GError             **error);
CdCitizenCard *cd_citizen_card_copy          (const CdCitizenCard *card);
void           cd_citizen_card_free          (CdCitizenCard       *card);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCitizenCard, cd_citizen_card_free)

G_END_DECLS
