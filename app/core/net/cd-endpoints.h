/* cd-endpoints.h — the four systems the workstation talks to, and where each one is.
 *
 * Each system is reached at a base URL under which its paths of docs/interop.md live
 * (`/central/…`, `/medical/…`, `/civil/…`, `/population/soap`). A deployment takes them from
 * central's signed configuration document (cd-config-document); the demo and the tests point all
 * four at one reference gateway.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_SYSTEM_CENTRAL,
  CD_SYSTEM_MEDICAL,
  CD_SYSTEM_CIVIL_STATUS,
  CD_SYSTEM_POPULATION,
  CD_N_SYSTEMS
} CdSystem;

/* "central", "medical", "civil-status", "population": the names of the configuration document,
 * the connection check's JSON and the settings. */
const char *cd_system_to_string     (CdSystem     system);
gboolean    cd_system_from_string   (const char  *text,
                                     CdSystem    *out);
/* For people: "Central social security", "Medical portal"… (translated). */
const char *cd_system_get_name      (CdSystem     system);
/* The path, under the system's base URL, that answers 200 when the system is up (OURS): what the
 * connection check asks. */
const char *cd_system_get_status_path (CdSystem   system);

typedef struct
{
  char *urls[CD_N_SYSTEMS];  /* NULL: not configured; never with a trailing '/' */
} CdEndpoints;

CdEndpoints *cd_endpoints_new         (void);
/* `central_url` for central, `sources_url` for the other three; either may stand for both when
 * the other is NULL or "" (one gateway serving every system). */
CdEndpoints *cd_endpoints_new_two     (const char         *central_url,
                                       const char         *sources_url);
CdEndpoints *cd_endpoints_copy        (const CdEndpoints  *endpoints);
void         cd_endpoints_free        (CdEndpoints        *endpoints);
gboolean     cd_endpoints_equal       (const CdEndpoints  *a,
                                       const CdEndpoints  *b);
const char  *cd_endpoints_get         (const CdEndpoints  *endpoints,
                                       CdSystem            system);
/* Trailing slashes are dropped; NULL or "" unsets. */
void         cd_endpoints_set         (CdEndpoints        *endpoints,
                                       CdSystem            system,
                                       const char         *url);
/* Every system has an address the URL policy accepts (HTTPS, or plain HTTP on loopback). The error
 * names the system and why. */
gboolean     cd_endpoints_check       (const CdEndpoints  *endpoints,
                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdEndpoints, cd_endpoints_free)

G_END_DECLS
