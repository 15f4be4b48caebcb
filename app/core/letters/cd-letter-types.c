/* cd-letter-types.c — the letters' error domain. */
#include "cd-letter-types.h"

G_DEFINE_QUARK (cd-letter-error-quark, cd_letter_error)
