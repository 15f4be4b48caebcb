/* cd-secret-fence.h — libsecret, fenced to Debian 12's 0.20.5.
 *
 * GLib, GTK and libadwaita fence newer API with their *_VERSION_MAX_ALLOWED macros (meson.build);
 * libsecret has no such macros, so the API it added after 0.20.5 is poisoned here instead: a use
 * fails to compile even on a machine with a newer libsecret. Only cd-secrets.c includes libsecret,
 * and only through this header (tests/check-layers.sh checks both).
 */
#pragma once

#include <libsecret/secret.h>

/* 0.21.2 */
#pragma GCC poison secret_attributes_validate
