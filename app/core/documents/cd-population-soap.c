/* cd-population-soap.c — the four C06 replies, read namespace-checked at the body, by local name
 * below. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-identifiers.h"
#include "cd-population-soap.h"
#include "cd-xml-safe.h"

static const struct
{
  CdPopulationReply reply;
  const char       *element;
  const char       *name;
} replies[] = {
  { CD_POPULATION_REPLY_LOOKUP, "TraCuuThongTinCongDanResponse", "lookup" },
  { CD_POPULATION_REPLY_MATCH, "XacThucThongTinCongDanResponse", "match" },
  { CD_POPULATION_REPLY_STATUS, "XacMinhTinhTrangChetMatTichResponse", "status" },
  { CD_POPULATION_REPLY_RELATIVES, "XacMinhThongTinNhanThanResponse", "relatives" },
};

/* MaKetQua, ours: 0 answered, 1 no such citizen, 2 the request was refused, 9 the register failed.
 */
static const struct
{
  const char *code;
  const char *name;
} results[] = {
  { "0", "ok" },
  { "1", "not-found" },
  { "2", "invalid-request" },
  { "9", "error" },
};

const char *
cd_population_reply_to_string (CdPopulationReply reply)
{
  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    if (replies[i].reply == reply)
      return replies[i].name;
  return "unknown";
}

static gboolean
in_namespace (xmlNodePtr  node,
              const char *uri)
{
  return node->ns != NULL && node->ns->href != NULL
         && strcmp ((const char *) node->ns->href, uri) == 0;
}

static char *
child_text (xmlNodePtr  parent,
            const char *name)
{
  xmlNodePtr node = parent != NULL ? cd_xml_find_child (parent, name) : NULL;
  char *text = node != NULL ? cd_xml_node_text (node) : NULL;

  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
set_checked (JsonObject  *object,
             const char  *member,
             const char  *text,
             gboolean   (*check) (const char *text, GError **error),
             GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (check != NULL && !check (text, error))
    {
      g_prefix_error (error, "%s: ", member);
      return FALSE;
    }
  json_object_set_string_member (object, member, text);
  return TRUE;
}

static gboolean
check_personal_id (const char  *text,
                   GError     **error)
{
  return cd_identifier_check_personal_id (text, error);
}

static gboolean
set_date (JsonObject  *object,
          const char  *member,
          const char  *text,
          GError     **error)
{
  CdPartialDate date;
  g_autofree char *iso = NULL;

  if (text == NULL)
    return TRUE;
  /* A year alone (NgayThangNamSinh/Nam) is a date whose month and day are unknown. */
  if (strlen (text) == 4)
    {
      g_autofree char *padded = g_strconcat (text, "0000", NULL);

      if (!cd_date_parse_compact (padded, &date, error))
        goto fail;
    }
  else if (!cd_date_parse_compact (text, &date, error))
    goto fail;
  iso = cd_partial_date_to_iso (&date);
  json_object_set_string_member (object, member, iso);
  return TRUE;

fail:
  g_prefix_error (error, "%s: ", member);
  return FALSE;
}

/* HoVaTen is either {Ho, ChuDem, Ten} or plain text; both give "full" and the parts when known. */
static JsonObject *
read_name (xmlNodePtr node)
{
  JsonObject *name = json_object_new ();
  g_autofree char *plain = cd_xml_node_text (node);

  if (plain != NULL)
    {
      json_object_set_string_member (name, "full", plain);
      return name;
    }
  {
    g_autofree char *ho = child_text (node, "Ho");
    g_autofree char *chu_dem = child_text (node, "ChuDem");
    g_autofree char *ten = child_text (node, "Ten");
    g_autoptr(GString) full = g_string_new (NULL);
    const char *parts[] = { ho, chu_dem, ten };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      if (parts[i] != NULL)
        g_string_append_printf (full, "%s%s", full->len > 0 ? " " : "", parts[i]);
    if (ho != NULL)
      json_object_set_string_member (name, "Ho", ho);
    if (chu_dem != NULL)
      json_object_set_string_member (name, "ChuDem", chu_dem);
    if (ten != NULL)
      json_object_set_string_member (name, "Ten", ten);
    json_object_set_string_member (name, "full", full->str);
  }
  return name;
}

static gboolean
read_birth (JsonObject  *object,
            xmlNodePtr   parent,
            GError     **error)
{
  xmlNodePtr birth = cd_xml_find_child (parent, "NgayThangNamSinh");
  g_autofree char *direct = NULL;
  g_autofree char *full = NULL;
  g_autofree char *year = NULL;

  if (birth == NULL)
    return TRUE;
  direct = cd_xml_node_text (birth);
  if (direct != NULL && direct[0] != '\0')
    return set_date (object, "NgayThangNamSinh", direct, error);
  full = child_text (birth, "NgayThangNam");
  year = child_text (birth, "Nam");
  return set_date (object, "NgayThangNamSinh", full != NULL ? full : year, error);
}

static gboolean
read_person_ref (JsonObject  *object,
                 const char  *member,
                 xmlNodePtr   node,
                 GError     **error)
{
  g_autoptr(JsonObject) person = json_object_new ();
  g_autofree char *id = child_text (node, "SoDinhDanh");
  g_autofree char *relation = child_text (node, "QuanHe");
  xmlNodePtr name = cd_xml_find_child (node, "HoVaTen");

  if (!set_checked (person, "SoDinhDanh", id, check_personal_id, error))
    {
      g_prefix_error (error, "%s/", member);
      return FALSE;
    }
  if (name != NULL)
    json_object_set_object_member (person, "HoVaTen", read_name (name));
  if (relation != NULL)
    json_object_set_string_member (person, "QuanHe", relation);
  if (!read_birth (person, node, error))
    {
      g_prefix_error (error, "%s/", member);
      return FALSE;
    }
  json_object_set_object_member (object, member, g_steal_pointer (&person));
  return TRUE;
}

static JsonObject *
read_address (xmlNodePtr node)
{
  static const char *parts[] = { "MaTinhThanh", "MaQuanHuyen", "MaPhuongXa", "ChiTiet", "QuocGia" };
  JsonObject *address = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *text = child_text (node, parts[i]);

      if (text != NULL)
        json_object_set_string_member (address, parts[i], text);
    }
  return address;
}

static JsonObject *
read_citizen (xmlNodePtr   node,
              GError     **error)
{
  static const char *addresses[] = { "QueQuan", "ThuongTru", "NoiOHienTai" };
  static const char *relatives[] = { "Cha", "Me", "VoChong", "ChuHo" };
  g_autoptr(JsonObject) citizen = json_object_new ();
  g_autofree char *id = child_text (node, "SoDinhDanh");
  g_autofree char *sex = child_text (node, "GioiTinh");
  g_autofree char *state = child_text (node, "TrangThaiCongDan");
  xmlNodePtr name = cd_xml_find_child (node, "HoVaTen");

  if (id == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("the required field %s is missing or empty"), "CongDan/SoDinhDanh");
      return NULL;
    }
  if (!set_checked (citizen, "SoDinhDanh", id, check_personal_id, error))
    return NULL;
  if (name == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("the required field %s is missing or empty"), "CongDan/HoVaTen");
      return NULL;
    }
  json_object_set_object_member (citizen, "HoVaTen", read_name (name));
  if (sex != NULL)
    {
      if (strcmp (sex, "1") != 0 && strcmp (sex, "2") != 0 && strcmp (sex, "3") != 0)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("GioiTinh: “%s” is not valid: %s"), sex,
                       _("expected 1 (male), 2 (female) or 3 (unknown)"));
          return NULL;
        }
      json_object_set_string_member (citizen, "GioiTinh",
                                     sex[0] == '1' ? "male" : sex[0] == '2' ? "female" : "unknown");
    }
  if (!read_birth (citizen, node, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      xmlNodePtr address = cd_xml_find_child (node, addresses[i]);

      if (address != NULL)
        json_object_set_object_member (citizen, addresses[i], read_address (address));
    }
  for (guint i = 0; i < G_N_ELEMENTS (relatives); i++)
    {
      xmlNodePtr relative = cd_xml_find_child (node, relatives[i]);

      if (relative != NULL && !read_person_ref (citizen, relatives[i], relative, error))
        return NULL;
    }
  if (state != NULL)
    json_object_set_string_member (citizen, "TrangThaiCongDan", state);
  return g_steal_pointer (&citizen);
}

static gboolean
read_match (JsonObject  *result,
            xmlNodePtr   body,
            GError     **error)
{
  xmlNodePtr outcome = cd_xml_find_child (body, "KetQuaXacThuc");
  g_autofree char *flag = child_text (outcome, "Khop");
  g_autoptr(JsonArray) mismatches = json_array_new ();

  if (flag == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("the required field %s is missing or empty"), "KetQuaXacThuc/Khop");
      return FALSE;
    }
  if (strcmp (flag, "true") != 0 && strcmp (flag, "false") != 0
      && strcmp (flag, "1") != 0 && strcmp (flag, "0") != 0)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   _("Khop: “%s” is not valid: %s"), flag, _("expected true or false"));
      return FALSE;
    }
  json_object_set_boolean_member (result, "match", flag[0] == 't' || flag[0] == '1');
  for (xmlNodePtr child = cd_xml_first_child_element (outcome); child != NULL;
       child = cd_xml_next_element (child))
    {
      g_autofree char *text = NULL;

      if (!cd_xml_node_is (child, "TruongKhongKhop"))
        continue;
      text = cd_xml_node_text (child);
      if (text != NULL && text[0] != '\0')
        json_array_add_string_element (mismatches, text);
    }
  json_object_set_array_member (result, "mismatched", g_steal_pointer (&mismatches));
  return TRUE;
}

static gboolean
read_status (JsonObject  *result,
             xmlNodePtr   body,
             GError     **error)
{
  static const struct { const char *code; const char *name; } states[] = {
    { "CON_SONG", "alive" }, { "DA_CHET", "dead" }, { "MAT_TICH", "missing" },
  };
  g_autofree char *state = child_text (body, "TinhTrang");
  g_autofree char *id = child_text (body, "SoDinhDanh");
  g_autofree char *died = child_text (body, "NgayChet");
  g_autofree char *missing = child_text (body, "NgayMatTich");

  if (!set_checked (result, "SoDinhDanh", id, check_personal_id, error))
    return FALSE;
  if (state == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("the required field %s is missing or empty"), "TinhTrang");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (strcmp (state, states[i].code) == 0)
      {
        json_object_set_string_member (result, "status", states[i].name);
        return set_date (result, "NgayChet", died, error)
               && set_date (result, "NgayMatTich", missing, error);
      }
  g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
               _("TinhTrang: “%s” is not valid: %s"), state,
               _("expected CON_SONG, DA_CHET or MAT_TICH"));
  return FALSE;
}

static gboolean
read_relatives (JsonObject  *result,
                xmlNodePtr   body,
                GError     **error)
{
  static const char *relations[] = { "CHA", "ME", "VO", "CHONG", "CON" };
  xmlNodePtr list = cd_xml_find_child (body, "DanhSachNhanThan");
  g_autoptr(JsonArray) people = json_array_new ();
  g_autofree char *id = child_text (body, "SoDinhDanh");
  guint index = 0;

  if (!set_checked (result, "SoDinhDanh", id, check_personal_id, error))
    return FALSE;
  for (xmlNodePtr child = cd_xml_first_child_element (list); child != NULL;
       child = cd_xml_next_element (child))
    {
      g_autoptr(JsonObject) holder = json_object_new ();
      JsonObject *person;
      g_autofree char *relation = NULL;
      gboolean known = FALSE;

      if (!cd_xml_node_is (child, "NhanThan"))
        continue;
      index++;
      relation = child_text (child, "QuanHe");
      for (guint i = 0; relation != NULL && i < G_N_ELEMENTS (relations); i++)
        known = known || strcmp (relation, relations[i]) == 0;
      if (!known)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("NhanThan %u: QuanHe “%s” is not one of CHA, ME, VO, CHONG, CON"), index,
                       relation != NULL ? relation : "");
          return FALSE;
        }
      if (!read_person_ref (holder, "NhanThan", child, error))
        return FALSE;
      person = json_object_get_object_member (holder, "NhanThan");
      if (!json_object_has_member (person, "HoVaTen"))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                       _("NhanThan %u: the required field %s is missing or empty"), index,
                       "HoVaTen");
          return FALSE;
        }
      json_array_add_object_element (people, json_object_ref (person));
    }
  json_object_set_array_member (result, "relatives", g_steal_pointer (&people));
  return TRUE;
}

JsonNode *
cd_population_soap_read (xmlDocPtr           doc,
                         const char         *source,
                         CdPopulationReply  *out_reply,
                         GError            **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *request_id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  xmlNodePtr envelope, body, reply;
  const char *result_name = NULL;
  CdPopulationReply kind = CD_POPULATION_REPLY_LOOKUP;
  gboolean known = FALSE;
  gboolean ok = TRUE;
  JsonNode *node;

  g_return_val_if_fail (doc != NULL, NULL);

  if (source == NULL)
    source = "document";
  envelope = xmlDocGetRootElement (doc);
  if (!cd_xml_node_is (envelope, "Envelope") || !in_namespace (envelope, CD_SOAP11_ENV_NS))
    {
      g_autofree char *found = cd_xml_describe_element (envelope);

      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                   _("%s: expected a SOAP 1.1 Envelope in the namespace %s, found %s"), source,
                   CD_SOAP11_ENV_NS, found);
      return NULL;
    }
  body = cd_xml_find_child (envelope, "Body");
  reply = cd_xml_first_child_element (body);
  if (body == NULL || !in_namespace (body, CD_SOAP11_ENV_NS) || reply == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: the SOAP Body is missing or empty"), source);
      return NULL;
    }
  if (cd_xml_node_is (reply, "Fault") && in_namespace (reply, CD_SOAP11_ENV_NS))
    {
      g_autofree char *fault = child_text (reply, "faultstring");

      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_SOAP_FAULT,
                   _("%s: the population service answered with a fault: %s"), source,
                   fault != NULL ? fault : "?");
      return NULL;
    }
  if (!in_namespace (reply, CD_POPULATION_NS))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_NAMESPACE,
                   _("%s: %s is in namespace “%s”, not %s"), source, (const char *) reply->name,
                   reply->ns != NULL && reply->ns->href != NULL ? (const char *) reply->ns->href : "",
                   CD_POPULATION_NS);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (replies) && !known; i++)
    if (cd_xml_node_is (reply, replies[i].element))
      {
        kind = replies[i].reply;
        known = TRUE;
      }
  if (!known)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                   _("%s: %s is not a population reply we know"), source,
                   (const char *) reply->name);
      return NULL;
    }

  request_id = child_text (reply, "MaYeuCau");
  code = child_text (reply, "MaKetQua");
  message = child_text (reply, "MoTaKetQua");
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (results); i++)
    if (strcmp (code, results[i].code) == 0)
      result_name = results[i].name;
  /* The result codes are ours; the register's real reply may carry only its data. A reply without
   * MaKetQua is read as answered, so its data must be there (CongDan…, each reader requires its
   * own) and a reply with neither is refused for the data it lacks. */
  if (code == NULL)
    result_name = "ok";
  if (result_name == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, code == NULL ? CD_DOCUMENT_ERROR_MISSING_FIELD
                                                          : CD_DOCUMENT_ERROR_INVALID_FIELD,
                   _("%s: MaKetQua “%s” is not 0, 1, 2 or 9"), source, code != NULL ? code : "");
      return NULL;
    }

  json_object_set_string_member (result, "operation", cd_population_reply_to_string (kind));
  if (request_id != NULL)
    json_object_set_string_member (result, "request_id", request_id);
  json_object_set_string_member (result, "result", result_name);
  if (message != NULL)
    json_object_set_string_member (result, "message", message);

  /* Only an answered request carries data; the others say why not. */
  if (strcmp (result_name, "ok") == 0)
    {
      switch (kind)
        {
        case CD_POPULATION_REPLY_LOOKUP:
          {
            xmlNodePtr citizen_node = cd_xml_find_child (reply, "CongDan");
            JsonObject *citizen;

            if (citizen_node == NULL)
              {
                g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                             _("the required field %s is missing or empty"), "CongDan");
                ok = FALSE;
                break;
              }
            citizen = read_citizen (citizen_node, error);
            ok = citizen != NULL;
            if (ok)
              json_object_set_object_member (result, "citizen", citizen);
          }
          break;
        case CD_POPULATION_REPLY_MATCH:
          ok = read_match (result, reply, error);
          break;
        case CD_POPULATION_REPLY_STATUS:
          ok = read_status (result, reply, error);
          break;
        case CD_POPULATION_REPLY_RELATIVES:
          ok = read_relatives (result, reply, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        {
          g_prefix_error (error, "%s: %s: ", source, (const char *) reply->name);
          return NULL;
        }
    }

  if (out_reply != NULL)
    *out_reply = kind;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  return node;
}

JsonNode *
cd_population_soap_parse (const char         *data,
                          gsize               length,
                          const char         *source,
                          CdPopulationReply  *out_reply,
                          GError            **error)
{
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (data, length, source, NULL, error);

  if (doc == NULL)
    return NULL;
  return cd_population_soap_read (doc, source, out_reply, error);
}
