/* gw-civil.c — the Ministry of Justice's civil-status system: birth and death registrations.
 *
 * GET /civil/births?so_giay_to=ID — the births registered with this person as mother or father.
 * GET /civil/deaths?so_giay_to=ID — the death registration of this person, if any.
 * Field names are the justice system's; dates are dd/MM/yyyy; the records are in ketQuaXuLy.
 */
#include "config.h"

#include "cd-date.h"
#include "cd-json-util.h"
#include "gw-civil.h"

#define TAG_REGISTRY 7200

typedef struct
{
  GwServer *server;
  GwWorld  *world;
} Civil;

/* "2026-09-08" → "08/09/2026" */
static char *
justice_date (const char *iso)
{
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static void
begin_envelope (JsonBuilder         *builder,
                const CdWorldPerson *person,
                const char          *module)
{
  g_autofree char *office = g_strdup_printf ("UBND-%s-%s", person->province_code,
                                             person->district_code);
  g_autofree char *request = g_strdup_printf ("HT%s%08u", module, person->index);

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "maDonVi", office);
  cd_json_add_string_member (builder, "maTinh", person->province_code);
  cd_json_add_string_member (builder, "module", module);
  cd_json_add_string_member (builder, "maHoSoLT", request);
  json_builder_set_member_name (builder, "trangThai");
  json_builder_add_int_value (builder, 1);
  cd_json_add_string_member (builder, "thoiGianThucHien", "20/11/2026 08:00:00");
  json_builder_set_member_name (builder, "ketQuaXuLy");
  json_builder_begin_array (builder);
}

static void
end_envelope_and_respond (Civil             *self,
                          SoupServerMessage *msg,
                          JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, root);
}

static void
add_birth (JsonBuilder         *builder,
           const GwWorld       *world,
           const CdWorldPerson *child,
           const CdWorldPerson *mother,
           const CdWorldPerson *father)
{
  g_autofree char *child_birth = justice_date (child->birth_date);
  g_autofree char *registered = NULL;
  g_autofree char *number = g_strdup_printf ("%u", 100 + (guint) (cd_world_hash (world->world,
                                             TAG_REGISTRY, child->index, child->role) % 900));
  /* The medical birth certificate (XML9 SO) this registration was based on. */
  g_autofree char *certificate = g_strdup_printf ("%06" G_GUINT64_FORMAT, child->code % 1000000);
  CdDay birth = CD_DAY_NONE;
  char registered_iso[11];

  /* Registered within 60 days of the birth, as the law asks. */
  cd_date_parse (child->birth_date, &birth);
  cd_date_format (birth + (CdDay) (3 + cd_world_hash (world->world, TAG_REGISTRY + 1, child->index,
                                                      child->role) % 50),
                  registered_iso);
  registered = justice_date (registered_iso);

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "soDinhDanh", child->personal_id);
  cd_json_add_string_member (builder, "nksHoTen", child->full_name);
  cd_json_add_string_member (builder, "nksGioiTinh", child->female ? "2" : "1");
  cd_json_add_string_member (builder, "nksNgaySinh", child_birth);
  cd_json_add_string_member (builder, "nksNoiSinh", child->address);
  if (mother != NULL)
    {
      g_autofree char *born = justice_date (mother->birth_date);
      cd_json_add_string_member (builder, "meHoTen", mother->full_name);
      cd_json_add_string_member (builder, "meNgaySinh", born);
      cd_json_add_string_member (builder, "meSoDDCN", mother->personal_id);
    }
  if (father != NULL)
    {
      g_autofree char *born = justice_date (father->birth_date);
      cd_json_add_string_member (builder, "chaHoTen", father->full_name);
      cd_json_add_string_member (builder, "chaNgaySinh", born);
      cd_json_add_string_member (builder, "chaSoDDCN", father->personal_id);
    }
  cd_json_add_string_member (builder, "soDangKy", number);
  cd_json_add_string_member (builder, "quyenSo", "01/2026");
  cd_json_add_string_member (builder, "trangSo", number);
  cd_json_add_string_member (builder, "ngayDangKy", registered);
  cd_json_add_string_member (builder, "maGCS", certificate);
  json_builder_end_object (builder);
}

static gboolean
lookup (Civil              *self,
        SoupServerMessage  *msg,
        GHashTable         *query,
        CdWorldPerson      *person)
{
  const char *id = query != NULL ? g_hash_table_lookup (query, "so_giay_to") : NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return FALSE;
    }
  if (id == NULL || strlen (id) != 12)
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "so_giay_to: expected a 12-digit personal ID");
      return FALSE;
    }
  if (!gw_world_find_person (self->world, id, person))
    {
      gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no civil-status record for this personal ID");
      return FALSE;
    }
  return TRUE;
}

static void
handle_births (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Civil *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  CdWorldPerson person, partner;
  gboolean has_partner = FALSE;

  if (!lookup (self, msg, query, &person))
    return;

  begin_envelope (builder, &person, "KS");
  if (person.role == CD_WORLD_ROLE_INSURED || person.role == CD_WORLD_ROLE_SPOUSE)
    {
      guint partner_role = person.role == CD_WORLD_ROLE_INSURED ? CD_WORLD_ROLE_SPOUSE
                                                                  : CD_WORLD_ROLE_INSURED;
      has_partner = cd_world_get_person (self->world->world, person.index, partner_role, &partner);

      for (guint c = 0; c < cd_world_get_n_children (self->world->world, person.index); c++)
        {
          CdWorldPerson child;
          const CdWorldPerson *mother = person.female ? &person : has_partner ? &partner : NULL;
          const CdWorldPerson *father = !person.female ? &person : has_partner ? &partner : NULL;

          if (cd_world_get_person (self->world->world, person.index, CD_WORLD_ROLE_FIRST_CHILD + c,
                                   &child))
            add_birth (builder, self->world, &child, mother, father);
        }
    }
  end_envelope_and_respond (self, msg, builder);
}

static void
add_death (JsonBuilder         *builder,
           const CdWorldPerson *person,
           const char          *died_iso)
{
  g_autofree char *born = justice_date (person->birth_date);
  g_autofree char *died = justice_date (died_iso);
  g_autofree char *notice = g_strdup_printf ("GBT%06u", person->index % 1000000);

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "nktHoTen", person->full_name);
  cd_json_add_string_member (builder, "nktNgaySinh", born);
  cd_json_add_string_member (builder, "nktSoGiayTo", person->personal_id);
  cd_json_add_string_member (builder, "nktNgayChet", died);
  cd_json_add_string_member (builder, "nktGioPhutChet", "14:30");
  cd_json_add_string_member (builder, "nktNoiChet", person->address);
  cd_json_add_string_member (builder, "nktNguyenNhanChet", "Bệnh");
  cd_json_add_string_member (builder, "maGBT", notice);
  cd_json_add_string_member (builder, "soDangKy", "57");
  cd_json_add_string_member (builder, "quyenSo", "01/2026");
  cd_json_add_string_member (builder, "ngayDangKy", died);
  json_builder_end_object (builder);
}

static void
handle_deaths (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Civil *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  CdWorldPerson person;
  char died[11];

  if (!lookup (self, msg, query, &person))
    return;

  begin_envelope (builder, &person, "KT");
  if (person.role == CD_WORLD_ROLE_INSURED
      && gw_world_is_planted (self->world, GW_PLANT_DEAD, person.index))
    {
      gw_world_death_date (self->world, person.index, died);
      add_death (builder, &person, died);
    }
  else if (person.role == CD_WORLD_ROLE_SPOUSE)
    {
      CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
      guint n = gw_world_household_claims (self->world, person.index, claims);

      /* A father took over because the mother died after the birth. */
      for (guint i = 0; i < n; i++)
        if (claims[i].benefit == CD_BENEFIT_CHILDBIRTH_TAKEOVER
            && gw_world_takeover_mother_died (self->world, person.index))
          {
            add_death (builder, &person, claims[i].period_from);
            break;
          }
    }
  end_envelope_and_respond (self, msg, builder);
}

void
gw_civil_register (GwServer *server,
                   GwWorld  *world)
{
  Civil *self = g_new0 (Civil, 1);

  self->server = server;
  self->world = world;
  soup_server_add_handler (gw_server_get_soup (server), "/civil/births", handle_births, self, g_free);
  soup_server_add_handler (gw_server_get_soup (server), "/civil/deaths", handle_deaths, self, NULL);
}
