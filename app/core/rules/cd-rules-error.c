/* cd-rules-error.c — the error domain of the benefit rules engine. */
#include "cd-rules-error.h"

G_DEFINE_QUARK (cd-rules-error-quark, cd_rules_error)
