/* cd-data-dir.h — where the shipped data (rule packs, the test PKI) lives. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $CLAIMDESK_DATADIR when set (the build tree, tests, `meson devenv`), else the installed
 * PKGDATADIR. */
const char *cd_data_dir_get        (void);
/* Where the office store lives when an administrator has not said otherwise:
 * $XDG_DATA_HOME/claimdesk/office.db (~/.local/share/claimdesk/office.db). */
char       *cd_data_dir_office_store (void);
/* Where the daily backups go when an administrator has not said otherwise:
 * $XDG_DATA_HOME/claimdesk/backups. */
char       *cd_data_dir_backups      (void);
/* A path under the data dir: cd_data_dir_build ("pki", "trust", NULL). */
char       *cd_data_dir_build      (const char *first_element,
                                    ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
