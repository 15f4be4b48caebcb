/* gw-server.h — the reference gateway's HTTP server: listening, routing, shared state and helpers.
 *
 * Each played system registers its routes from its own file (gw-central.c, gw-control.c…). Answers
 * of the played systems go through gw_server_respond, and so through the fault layer; the gateway's
 * own endpoints (/health, /_control/…) answer directly and are never faulted.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gw-faults.h"
#include "gw-signing.h"
#include "gw-world.h"

G_BEGIN_DECLS

typedef struct _GwServer GwServer;
typedef struct _GwCentral GwCentral;
typedef struct _GwEnrolment GwEnrolment;

/* Takes ownership of all three. */
GwServer   *gw_server_new            (GwFaults            *faults,
                                      GwWorld             *world,
                                      GwSigning           *signing);
void        gw_server_free           (GwServer            *self);
gboolean    gw_server_listen         (GwServer            *self,
                                      const char          *listen,
                                      GError             **error);
char       *gw_server_get_base_url   (GwServer            *self);
/* Serve HTTPS with this certificate (before gw_server_listen). */
gboolean    gw_server_set_tls        (GwServer            *self,
                                      const char          *certificate_file,
                                      const char          *key_file,
                                      GError             **error);
SoupServer *gw_server_get_soup       (GwServer            *self);
GwFaults   *gw_server_get_faults     (GwServer            *self);
GwSigning  *gw_server_get_signing    (GwServer            *self);
GwEnrolment *gw_server_get_enrolment (GwServer            *self);
typedef struct _GwRulePacks GwRulePacks;
GwRulePacks *gw_server_get_rule_packs (GwServer           *self);
typedef struct _GwLists GwLists;
GwLists    *gw_server_get_lists      (GwServer            *self);

void        gw_server_respond        (GwServer            *self,
                                      SoupServerMessage   *msg,
                                      guint                status,
                                      const char          *content_type,
                                      GBytes              *body,
                                      GwBodyKind           kind);
void        gw_server_respond_json   (GwServer            *self,
                                      SoupServerMessage   *msg,
                                      guint                status,
                                      JsonNode            *root);

/* Unfaulted answers, for the gateway's own endpoints and for refusing a request. */
void        gw_reply_json            (SoupServerMessage   *msg,
                                      guint                status,
                                      const char          *json);
void        gw_reply_error           (SoupServerMessage   *msg,
                                      guint                status,
                                      const char          *reason);
JsonNode   *gw_parse_json_body       (SoupServerMessage   *msg,
                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwServer, gw_server_free)

G_END_DECLS
