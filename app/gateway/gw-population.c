/* gw-population.c — the National Population Database (C06), SOAP 1.1.
 *
 * POST /population/soap with a SOAP 1.1 envelope whose body element, in http://dancuquocgia.bca, is
 * one of TraCuuThongTinCongDan, XacThucThongTinCongDan, XacMinhTinhTrangChetMatTich,
 * XacMinhThongTinNhanThan. The reply is <Operation>Response with MaYeuCau, MaKetQua (0 ok, 1 not
 * found, 2 invalid request, 9 error), MoTaKetQua and the operation's data — the shapes defined in
 * docs/documents.md, which the workstation's parser reads.
 */
#include "config.h"

#include "cd-document-error.h"
#include "cd-population-request.h"
#include "gw-population.h"

#define NS      "http://dancuquocgia.bca"
#define SOAP_NS "http://schemas.xmlsoap.org/soap/envelope/"

typedef struct
{
  GwServer *server;
  GwWorld  *world;
} Population;

static void
element (GString    *out,
         const char *name,
         const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);
  g_string_append_printf (out, "<%s>%s</%s>", name, escaped, name);
}

static void
name_element (GString             *out,
              const CdWorldPerson *person)
{
  g_string_append (out, "<HoVaTen>");
  element (out, "Ho", person->family_name);
  element (out, "ChuDem", person->middle_name);
  element (out, "Ten", person->given_name);
  g_string_append (out, "</HoVaTen>");
}

static void
birth_element (GString             *out,
               const CdWorldPerson *person)
{
  char compact[9];

  gw_compact_date (person->birth_date, compact);
  g_string_append (out, "<NgayThangNamSinh>");
  element (out, "NgayThangNam", compact);
  g_string_append (out, "</NgayThangNamSinh>");
}

static void
person_ref (GString             *out,
            const char          *element_name,
            const char          *relation,
            const CdWorldPerson *person)
{
  g_string_append_printf (out, "<%s>", element_name);
  if (relation != NULL)
    element (out, "QuanHe", relation);
  element (out, "SoDinhDanh", person->personal_id);
  name_element (out, person);
  birth_element (out, person);
  g_string_append_printf (out, "</%s>", element_name);
}

static void
address_element (GString             *out,
                 const char          *name,
                 const CdWorldPerson *person)
{
  g_string_append_printf (out, "<%s>", name);
  element (out, "MaTinhThanh", person->province_code);
  element (out, "MaQuanHuyen", person->district_code);
  element (out, "MaPhuongXa", person->ward_code);
  element (out, "ChiTiet", person->address);
  element (out, "QuocGia", "VN");
  g_string_append_printf (out, "</%s>", name);
}

static gboolean
is_dead (const GwWorld       *world,
         const CdWorldPerson *person,
         char                *died_iso)
{
  if (person->role == CD_WORLD_ROLE_INSURED
      && gw_world_is_planted (world, GW_PLANT_DEAD, person->index))
    {
      gw_world_death_date (world, person->index, died_iso);
      return TRUE;
    }
  if (person->role == CD_WORLD_ROLE_SPOUSE)
    {
      CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
      guint n = gw_world_household_claims (world, person->index, claims);

      for (guint i = 0; i < n; i++)
        if (claims[i].benefit == CD_BENEFIT_CHILDBIRTH_TAKEOVER
            && gw_world_takeover_mother_died (world, person->index))
          {
            g_strlcpy (died_iso, claims[i].period_from, 11);
            return TRUE;
          }
    }
  return FALSE;
}

static void
lookup_body (GString             *out,
             const GwWorld       *world,
             const CdWorldPerson *person)
{
  CdWorldPerson spouse;
  char died[11];
  guint partner = person->role == CD_WORLD_ROLE_INSURED ? CD_WORLD_ROLE_SPOUSE : CD_WORLD_ROLE_INSURED;

  g_string_append (out, "<CongDan>");
  element (out, "SoDinhDanh", person->personal_id);
  name_element (out, person);
  element (out, "GioiTinh", person->female ? "2" : "1");
  birth_element (out, person);
  address_element (out, "QueQuan", person);
  address_element (out, "ThuongTru", person);
  address_element (out, "NoiOHienTai", person);
  if (person->role <= CD_WORLD_ROLE_SPOUSE
      && cd_world_get_person (world->world, person->index, partner, &spouse))
    person_ref (out, "VoChong", NULL, &spouse);
  element (out, "TrangThaiCongDan", is_dead (world, person, died) ? "DA_CHET" : "CON_SONG");
  g_string_append (out, "</CongDan>");
}

/* Does the identity tuple of the request match the register? Names compare exactly, as C06 does. */
static void
match_body (GString             *out,
            const CdWorldPerson *person,
            const char          *name,
            const char          *birth)
{
  char compact[9];
  gboolean name_ok = name == NULL || g_str_equal (name, person->full_name);
  gboolean birth_ok;

  gw_compact_date (person->birth_date, compact);
  birth_ok = birth == NULL || g_str_equal (birth, compact) || g_str_has_prefix (compact, birth);

  g_string_append (out, "<KetQuaXacThuc>");
  element (out, "Khop", name_ok && birth_ok ? "true" : "false");
  if (!name_ok)
    element (out, "TruongKhongKhop", "HoVaTen");
  if (!birth_ok)
    element (out, "TruongKhongKhop", "NgayThangNamSinh");
  g_string_append (out, "</KetQuaXacThuc>");
}

static void
status_body (GString             *out,
             const GwWorld       *world,
             const CdWorldPerson *person)
{
  char died[11];

  element (out, "SoDinhDanh", person->personal_id);
  if (is_dead (world, person, died))
    {
      char compact[9];
      gw_compact_date (died, compact);
      element (out, "TinhTrang", "DA_CHET");
      element (out, "NgayChet", compact);
    }
  else
    element (out, "TinhTrang", "CON_SONG");
}

static void
relatives_body (GString             *out,
                const GwWorld       *world,
                const CdWorldPerson *person)
{
  CdWorldPerson other;

  element (out, "SoDinhDanh", person->personal_id);
  g_string_append (out, "<DanhSachNhanThan>");
  if (person->role <= CD_WORLD_ROLE_SPOUSE)
    {
      guint partner = person->role == CD_WORLD_ROLE_INSURED ? CD_WORLD_ROLE_SPOUSE
                                                             : CD_WORLD_ROLE_INSURED;
      if (cd_world_get_person (world->world, person->index, partner, &other))
        person_ref (out, "NhanThan", other.female ? "VO" : "CHONG", &other);
      for (guint c = 0; c < cd_world_get_n_children (world->world, person->index); c++)
        if (cd_world_get_person (world->world, person->index, CD_WORLD_ROLE_FIRST_CHILD + c, &other))
          person_ref (out, "NhanThan", "CON", &other);
    }
  else
    {
      /* A child: its parents. */
      for (guint parent = CD_WORLD_ROLE_INSURED; parent <= CD_WORLD_ROLE_SPOUSE; parent++)
        if (cd_world_get_person (world->world, person->index, parent, &other))
          person_ref (out, "NhanThan", other.female ? "ME" : "CHA", &other);
    }
  g_string_append (out, "</DanhSachNhanThan>");
}

static void
respond (Population        *self,
         SoupServerMessage *msg,
         const char        *operation,
         const char        *request_id,
         const char        *code,
         const char        *description,
         const char        *data)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                               "<soap:Envelope xmlns:soap=\"" SOAP_NS "\"><soap:Body>");
  g_autoptr(GBytes) body = NULL;
  gsize length;

  g_string_append_printf (out, "<%sResponse xmlns=\"" NS "\">", operation);
  element (out, "MaYeuCau", request_id);
  element (out, "MaKetQua", code);
  element (out, "MoTaKetQua", description);
  g_string_append (out, data);
  g_string_append_printf (out, "</%sResponse></soap:Body></soap:Envelope>\n", operation);
  length = out->len;
  body = g_bytes_new_take (g_string_free (out, FALSE), length);
  gw_server_respond (self->server, msg, SOUP_STATUS_OK, "text/xml; charset=utf-8", body, GW_BODY_XML);
}

static void
soap_fault (SoupServerMessage *msg,
            const char        *reason)
{
  g_autofree char *escaped = g_markup_escape_text (reason, -1);
  g_autofree char *xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                          "<soap:Envelope xmlns:soap=\"" SOAP_NS "\"><soap:Body>"
                                          "<soap:Fault><faultcode>soap:Client</faultcode>"
                                          "<faultstring>%s</faultstring></soap:Fault>"
                                          "</soap:Body></soap:Envelope>\n", escaped);

  soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_COPY, xml,
                                    strlen (xml));
}

static void
handle_soap (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query_table,
             gpointer           user_data)
{
  Population *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CdPopulationQuery) query = { NULL };
  g_autoptr(GString) data = g_string_new (NULL);
  CdPopulationReply operation;
  const char *operation_name;
  CdWorldPerson person;
  gsize length = 0;
  const char *text;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST with a SOAP 1.1 envelope");
      return;
    }

  /* The request is read with the same definition the workstation writes it with. */
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_bytes_get_data (bytes, &length);
  if (!cd_population_request_parse (text != NULL ? text : "", length, "request", &operation, &query,
                                    &error))
    {
      if (g_error_matches (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD)
          || g_error_matches (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD))
        respond (self, msg, cd_population_operation_name (operation), query.request_id, "2",
                 error->message, "");
      else
        soap_fault (msg, error->message);
      return;
    }

  operation_name = cd_population_operation_name (operation);
  if (query.personal_id == NULL || !gw_world_find_person (self->world, query.personal_id, &person))
    {
      respond (self, msg, operation_name, query.request_id, "1", "Không tìm thấy công dân", "");
      return;
    }

  switch (operation)
    {
    case CD_POPULATION_REPLY_LOOKUP:
      lookup_body (data, self->world, &person);
      break;
    case CD_POPULATION_REPLY_MATCH:
      match_body (data, &person, query.full_name, query.birth_date);
      break;
    case CD_POPULATION_REPLY_STATUS:
      status_body (data, self->world, &person);
      break;
    case CD_POPULATION_REPLY_RELATIVES:
      relatives_body (data, self->world, &person);
      break;
    default:
      g_assert_not_reached ();
    }
  respond (self, msg, operation_name, query.request_id, "0", "Thành công", data->str);
}

void
gw_population_register (GwServer *server,
                        GwWorld  *world)
{
  Population *self = g_new0 (Population, 1);

  self->server = server;
  self->world = world;
  soup_server_add_handler (gw_server_get_soup (server), "/population/soap", handle_soap, self, g_free);
}
