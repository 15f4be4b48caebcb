/* bundle-fixture.h — what the file-bundle integration tests share: a seeded store, the real
 * gateway playing central with the office enrolled, the CLI, and what central holds. */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-gateway-process.h"
#include "cd-http-client.h"

G_BEGIN_DECLS

typedef struct
{
  char             *dir;
  char             *db_path;
  CdGatewayProcess *gateway;
  CdHttpClient     *http;
  char             *credential_file;
} BundleFixture;

void        bundle_fixture_set_up     (BundleFixture       *fixture,
                                       gconstpointer        data);
void        bundle_fixture_tear_down  (BundleFixture       *fixture,
                                       gconstpointer        data);
void        bundle_fixture_seed       (BundleFixture       *fixture,
                                       const char          *claims);
void        bundle_fixture_start_gateway (BundleFixture    *fixture,
                                          const char * const *args);
/* `claimdesk-cli bundle VERB --db … --office-credential-file … ARGS`: its exit status. */
int         bundle_fixture_cli        (BundleFixture       *fixture,
                                       const char          *verb,
                                       const char * const  *args,
                                       char               **out,
                                       char               **err);
/* Central's operator files the bundle at `path`: POST /central/bundles. Returns the HTTP status;
 * on 200 the receipts are written to `receipts_path`. */
guint       bundle_fixture_post       (BundleFixture       *fixture,
                                       const char          *path,
                                       const char          *receipts_path,
                                       char               **answer);
/* id → central's JSON object for it (owned by `parser`); asserts each id appears once. */
GHashTable *bundle_fixture_central    (BundleFixture       *fixture,
                                       JsonParser          *parser);
gint64      bundle_fixture_query_int  (BundleFixture       *fixture,
                                       const char          *sql);
void        bundle_fixture_control_post (BundleFixture     *fixture,
                                         const char        *path,
                                         const char        *json);

G_END_DECLS
