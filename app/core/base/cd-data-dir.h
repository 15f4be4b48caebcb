/* cd-data-dir.h — where the shipped data (rule packs, translations, the demo's PKI) and the
 * workstation's own files live. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $CLAIMDESK_DATADIR when set (the build tree, tests, `meson devenv`), else the installed
 * PKGDATADIR (found beside the executable when the installed tree was moved: see
 * cd_data_dir_relocate), else — only for a program run from an uninstalled build tree — the
 * source tree's data/. */
const char *cd_data_dir_get          (void);
/* A path under the data dir: cd_data_dir_build ("rules", "2026", NULL). */
char       *cd_data_dir_build        (const char *first_element,
                                      ...) G_GNUC_NULL_TERMINATED;

/* `configured`, a path under the configured prefix (PKGDATADIR, LOCALEDIR…), for this program's
 * own installation: when the executable runs from <P>/<bindir> of an installed tree whose prefix P
 * is not the configured one (`meson install --destdir`, a copied tree), the same path under P;
 * otherwise `configured` itself. */
char       *cd_data_dir_relocate     (const char *configured);
/* The translations: $CLAIMDESK_LOCALEDIR, else the installed LOCALEDIR (relocated). */
char       *cd_data_dir_locale       (void);

/* The folder of the TEST-ONLY PKI of the demo, the reference gateway and the tests
 * (data/pki/README.md): <data dir>/demo/pki in an installed copy, data/pki in the source tree.
 * Only the demo and test tools read it; nothing a production workstation trusts comes from
 * there. */
char       *cd_data_dir_demo_pki     (void);

/* The workstation's own files, under the user's data dir ($XDG_DATA_HOME/claimdesk,
 * ~/.local/share/claimdesk): the office store when an administrator has not said otherwise, and
 * the trust anchors for document signatures (a folder of CA certificates, empty until an
 * administrator fills it). */
char       *cd_data_dir_office_store (void);
char       *cd_data_dir_trust_anchors (void);
/* Where the daily backups go when an administrator has not said otherwise:
 * $XDG_DATA_HOME/claimdesk/backups. */
char       *cd_data_dir_backups      (void);
/* Where the rule packs central sent are installed, one folder per pack:
 * $XDG_DATA_HOME/claimdesk/rules (docs/rules.md). */
char       *cd_data_dir_rule_packs   (void);

G_END_DECLS
