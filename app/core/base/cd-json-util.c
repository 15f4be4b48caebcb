/* cd-json-util.c — members of a JSON object that may be missing or of another type. */
#include "config.h"

#include "cd-json-util.h"

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/* A scalar of the given type, or NULL. */
static JsonNode *
value_member (JsonObject *object,
              const char *name,
              GType       type)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (type != G_TYPE_INVALID && json_node_get_value_type (node) != type))
    return NULL;
  return node;
}

gboolean
cd_json_has_member (JsonObject *object,
                    const char *name)
{
  return member (object, name) != NULL;
}

const char *
cd_json_member_string (JsonObject *object,
                       const char *name)
{
  JsonNode *node = value_member (object, name, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

JsonObject *
cd_json_member_object (JsonObject *object,
                       const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
cd_json_member_array (JsonObject *object,
                      const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
cd_json_member_get_int (JsonObject *object,
                        const char *name,
                        gint64     *out)
{
  JsonNode *node = value_member (object, name, G_TYPE_INT64);

  g_return_val_if_fail (out != NULL, FALSE);

  if (node == NULL)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

gint64
cd_json_member_int (JsonObject *object,
                    const char *name)
{
  JsonNode *node = value_member (object, name, G_TYPE_INVALID);

  if (node == NULL)
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  /* Floats are truncated, booleans count as 0 and 1. */
  return json_node_get_int (node);
}

double
cd_json_member_double (JsonObject *object,
                       const char *name)
{
  JsonNode *node = value_member (object, name, G_TYPE_INVALID);

  if (node == NULL)
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtod (json_node_get_string (node), NULL);
  return json_node_get_double (node);
}

JsonObject *
cd_json_array_get_object (JsonArray *array,
                          guint      index)
{
  JsonNode *node;

  g_return_val_if_fail (array != NULL, NULL);

  node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

void
cd_json_add_string_member (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
