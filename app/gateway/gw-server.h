/* gw-server.h — the reference gateway's HTTP server: listening, routing, shared helpers. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _GwServer GwServer;

GwServer   *gw_server_new         (void);
void        gw_server_free        (GwServer            *self);
gboolean    gw_server_listen      (GwServer            *self,
                                   const char          *listen,
                                   GError             **error);
char       *gw_server_get_base_url (GwServer           *self);

void        gw_reply_json         (SoupServerMessage   *msg,
                                   guint                status,
                                   const char          *json);
void        gw_reply_error        (SoupServerMessage   *msg,
                                   guint                status,
                                   const char          *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwServer, gw_server_free)

G_END_DECLS
