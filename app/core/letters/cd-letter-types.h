/* cd-letter-types.h — what every printed document of the letters layer shares: its error domain
 * and the signer of a signature block. The decision letter and the decision list both use them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_LETTER_ERROR (cd_letter_error_quark ())

typedef enum
{
  CD_LETTER_ERROR_INVALID_DATA,  /* a required field is missing or malformed */
  CD_LETTER_ERROR_WRITE,         /* the file or stream cannot be written */
  CD_LETTER_ERROR_RENDER,        /* cairo could not produce the PDF */
} CdLetterError;

GQuark cd_letter_error_quark (void);

/* Someone who signs: the proposing officer or an approving supervisor. */
typedef struct
{
  const char *name;
  const char *title;   /* optional, e.g. "Phó Giám đốc"; the block's heading is used when NULL */
  const char *date;    /* YYYY-MM-DD */
} CdLetterSigner;

G_END_DECLS
