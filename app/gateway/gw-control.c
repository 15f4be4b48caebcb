/* gw-control.c — GET /_control/faults shows the faults in force; POST sets some of them. */
#include "config.h"

#include "gw-control.h"

static void
handle_faults (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GwServer *server = user_data;
  GwFaults *faults = gw_server_get_faults (server);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *json = NULL;

  if (method == SOUP_METHOD_POST)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = gw_parse_json_body (msg, &error);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                          error != NULL ? error->message : "expected a JSON object of faults");
          return;
        }
      if (!gw_faults_update_from_json (faults, json_node_get_object (root), &error))
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }
  else if (method != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET or POST");
      return;
    }

  json = gw_faults_to_json (faults);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

void
gw_control_register (GwServer *server)
{
  soup_server_add_handler (gw_server_get_soup (server), "/_control/faults", handle_faults, server,
                           NULL);
}
