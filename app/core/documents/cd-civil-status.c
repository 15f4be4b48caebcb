/* cd-civil-status.c — JSON birth and death registrations, read with json-glib. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-civil-status.h"
#include "cd-document-error.h"
#include "cd-identifiers.h"
#include "cd-json-safe.h"

#define MAX_BYTES (4 * 1024 * 1024)
#define MAX_DEPTH 16
/* A reply holds a handful of records of some thirty members each. */
#define MAX_VALUES 50000
#define MAX_TEXT  2000

typedef enum
{
  C_TEXT,
  C_DATE,         /* dd/MM/yyyy */
  C_PERSONAL_ID,  /* 12 digits */
  C_PERSON_DOC,   /* personal ID, old ID or passport */
} CivilType;

typedef struct
{
  const char *name;
  CivilType   type;
  gboolean    required;
} CivilField;

static const CivilField birth_fields[] = {
  { "soDinhDanh", C_PERSONAL_ID, FALSE },
  { "nksHoTen", C_TEXT, TRUE },
  { "nksGioiTinh", C_TEXT, FALSE },
  { "nksNgaySinh", C_DATE, TRUE },
  { "nksNoiSinh", C_TEXT, FALSE },
  { "meHoTen", C_TEXT, FALSE },
  { "meNgaySinh", C_DATE, FALSE },
  { "meSoGiayTo", C_TEXT, FALSE },
  { "meSoDDCN", C_PERSON_DOC, FALSE },
  { "chaHoTen", C_TEXT, FALSE },
  { "chaNgaySinh", C_DATE, FALSE },
  { "chaSoGiayTo", C_TEXT, FALSE },
  { "chaSoDDCN", C_PERSON_DOC, FALSE },
  { "soDangKy", C_TEXT, TRUE },
  { "quyenSo", C_TEXT, FALSE },
  { "trangSo", C_TEXT, FALSE },
  { "ngayDangKy", C_DATE, TRUE },
  { "maGCS", C_TEXT, FALSE },
  { NULL }
};

static const CivilField death_fields[] = {
  { "nktHoTen", C_TEXT, TRUE },
  { "nktNgaySinh", C_DATE, FALSE },
  { "nktSoGiayTo", C_TEXT, FALSE },
  { "nktNgayChet", C_DATE, TRUE },
  { "nktGioPhutChet", C_TEXT, FALSE },
  { "nktNoiChet", C_TEXT, FALSE },
  { "nktNguyenNhanChet", C_TEXT, FALSE },
  { "maGBT", C_TEXT, FALSE },
  { "soDangKy", C_TEXT, TRUE },
  { "quyenSo", C_TEXT, FALSE },
  { "ngayDangKy", C_DATE, TRUE },
  { NULL }
};

/* The reply's own members, kept as written but in one type each, whichever the sender used
 * (the samples write `"maTinh": "79"`, a typed gateway `"maTinh": 79`). */
static const struct
{
  const char *name;
  gboolean    number;
} envelope_members[] = {
  { "maDonVi", FALSE }, { "maTinh", FALSE }, { "module", FALSE }, { "maHoSoLT", FALSE },
  { "trangThai", TRUE }, { "thoiGianThucHien", FALSE },
};

static void
copy_envelope_member (JsonObject *from,
                      JsonObject *to,
                      const char *name,
                      gboolean    number)
{
  JsonNode *member = json_object_get_member (from, name);
  g_autofree char *text = NULL;
  gint64 value = 0;

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return;
  if (json_node_get_value_type (member) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
  else if (json_node_get_value_type (member) == G_TYPE_STRING)
    text = g_strstrip (g_strdup (json_node_get_string (member)));
  else
    return;
  if (number && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    json_object_set_int_member (to, name, value);
  else
    json_object_set_string_member (to, name, text);
}

const char *
cd_civil_event_to_string (CdCivilEvent event)
{
  switch (event)
    {
    case CD_CIVIL_EVENT_BIRTH: return "birth";
    case CD_CIVIL_EVENT_DEATH: return "death";
    default: return "unknown";
    }
}

static JsonNode *
read_value (const CivilField  *field,
            const char        *text,
            GError           **error)
{
  switch (field->type)
    {
    case C_TEXT:
      if (g_utf8_strlen (text, -1) > MAX_TEXT)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("the text is longer than %d characters"), MAX_TEXT);
          return NULL;
        }
      return json_node_init_string (json_node_alloc (), text);
    case C_DATE:
      {
        CdPartialDate date;
        g_autofree char *iso = NULL;

        if (!cd_date_parse_dmy (text, &date, error))
          return NULL;
        iso = cd_partial_date_to_iso (&date);
        return json_node_init_string (json_node_alloc (), iso);
      }
    case C_PERSONAL_ID:
      if (!cd_identifier_check_personal_id (text, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);
    case C_PERSON_DOC:
      if (!cd_identifier_check_person_doc (text, NULL, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);
    default:
      g_assert_not_reached ();
    }
}

static JsonObject *
read_record (const CivilField  *fields,
             JsonObject        *input,
             GError           **error)
{
  g_autoptr(JsonObject) record = json_object_new ();

  for (const CivilField *field = fields; field->name != NULL; field++)
    {
      JsonNode *member = json_object_get_member (input, field->name);
      g_autofree char *text = NULL;
      JsonNode *value;

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
        {
          /* The justice system's own samples write codes as numbers ("nksGioiTinh": 1): a whole
           * number is read as its digits. A fraction, a boolean, an object or an array is not a
           * value of any field. */
          if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
          else if (JSON_NODE_HOLDS_VALUE (member)
                   && json_node_get_value_type (member) == G_TYPE_STRING)
            text = g_strstrip (g_strdup (json_node_get_string (member)));
          else
            {
              g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                           _("%s must be a string or a whole number"), field->name);
              return NULL;
            }
        }
      if (text == NULL || text[0] == '\0')
        {
          if (field->required)
            {
              g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                           _("the required field %s is missing or empty"), field->name);
              return NULL;
            }
          continue;
        }
      value = read_value (field, text, error);
      if (value == NULL)
        {
          g_prefix_error (error, "%s: ", field->name);
          return NULL;
        }
      json_object_set_member (record, field->name, value);
    }
  return g_steal_pointer (&record);
}

static gboolean
detect_event (JsonObject   *record,
              CdCivilEvent *out_event)
{
  if (json_object_has_member (record, "nksHoTen") || json_object_has_member (record, "nksNgaySinh"))
    *out_event = CD_CIVIL_EVENT_BIRTH;
  else if (json_object_has_member (record, "nktHoTen")
           || json_object_has_member (record, "nktNgayChet"))
    *out_event = CD_CIVIL_EVENT_DEATH;
  else
    return FALSE;
  return TRUE;
}

JsonNode *
cd_civil_status_parse (const char    *data,
                       gsize          length,
                       const char    *source,
                       CdCivilEvent  *out_event,
                       GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(JsonArray) records = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
  CdCivilEvent event = CD_CIVIL_EVENT_BIRTH;
  JsonNode *root, *outcome, *node;
  JsonObject *object;
  gsize bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (source == NULL)
    source = "document";
  if (!cd_json_safe_check (data, length, source, MAX_BYTES, MAX_DEPTH, MAX_VALUES, error))
    return NULL;
  bom = (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data + bom, (gssize) (length - bom), &local_error))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   _("%s: not well-formed JSON: %s"), source, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                   _("%s: expected a JSON object with ketQuaXuLy"), source);
      return NULL;
    }
  object = json_node_get_object (root);
  outcome = json_object_get_member (object, "ketQuaXuLy");
  if (outcome == NULL || JSON_NODE_HOLDS_NULL (outcome))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: ketQuaXuLy is missing"), source);
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (outcome))
    g_ptr_array_add (inputs, json_node_get_object (outcome));
  else if (JSON_NODE_HOLDS_ARRAY (outcome))
    {
      JsonArray *array = json_node_get_array (outcome);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                           _("%s: ketQuaXuLy item %u is not an object"), source, i + 1);
              return NULL;
            }
          g_ptr_array_add (inputs, json_node_get_object (item));
        }
    }
  if (inputs->len == 0)
    {
      /* "Nothing registered" is an answer too: the module says which register was asked. */
      const char *module = json_object_get_string_member_with_default (object, "module", NULL);

      if (g_strcmp0 (module, "KS") == 0)
        event = CD_CIVIL_EVENT_BIRTH;
      else if (g_strcmp0 (module, "KT") == 0)
        event = CD_CIVIL_EVENT_DEATH;
      else
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                       _("%s: ketQuaXuLy holds no registration"), source);
          return NULL;
        }
    }
  else if (!detect_event (inputs->pdata[0], &event))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                   _("%s: ketQuaXuLy is neither a birth (nks…) nor a death (nkt…) registration"),
                   source);
      return NULL;
    }

  records = json_array_new ();
  for (guint i = 0; i < inputs->len; i++)
    {
      CdCivilEvent this_event;
      JsonObject *record;

      if (!detect_event (inputs->pdata[i], &this_event) || this_event != event)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("%s: registration %u is not of the same kind as the first"), source, i + 1);
          return NULL;
        }
      record = read_record (event == CD_CIVIL_EVENT_BIRTH ? birth_fields : death_fields,
                            inputs->pdata[i], error);
      if (record == NULL)
        {
          g_prefix_error (error, _("%s: registration %u: "), source, i + 1);
          return NULL;
        }
      json_array_add_object_element (records, record);
    }

  envelope = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (envelope_members); i++)
    copy_envelope_member (object, envelope, envelope_members[i].name,
                          envelope_members[i].number);

  result = json_object_new ();
  json_object_set_string_member (result, "event", cd_civil_event_to_string (event));
  json_object_set_object_member (result, "envelope", g_steal_pointer (&envelope));
  json_object_set_array_member (result, "records", g_steal_pointer (&records));
  if (out_event != NULL)
    *out_event = event;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  return node;
}
