/* cd-base64.h — strict base64 for what arrives from outside: MoH inner documents, X.509
 * certificates.
 *
 * g_base64_decode skips any byte outside the alphabet, so a vendor's garbage decodes to something;
 * inputs that cross a trust boundary must fail instead, so they are checked here first.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Strict base64: the alphabet, `=` padding only at the end, whitespace ignored; NULL if anything
 * else. */
GBytes *cd_base64_decode_strict (const char *text);

G_END_DECLS
