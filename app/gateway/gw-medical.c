/* gw-medical.c — the health-insurance assessment portal: GIAMDINHHS envelopes and XML12.
 *
 * GET /medical/giamdinh?so_cccd=ID&tu_ngay=yyyyMMdd&den_ngay=yyyyMMdd answers one GIAMDINHHS
 * envelope: one HOSO per treatment episode of that person that began in the window, each with its
 * tables base64'd in NOIDUNGFILE, signed by the person's usual facility in CHUKYDONVI.
 * GET /medical/giamdinhyk?so_cccd=ID answers the medical assessment (XML12), sent on its own.
 */
#include "config.h"

#include "cd-date.h"
#include "gw-medical.h"
#include "gw-moh-docs.h"
#include "gw-signing.h"

typedef struct
{
  GwServer *server;
  GwWorld  *world;
} Medical;

/* Which episodes are this person's: the insured's own, and for the spouse the births of the
 * household (a father's leave is proven by the mother's birth records). */
static gboolean
episode_belongs_to (const CdWorldClaim  *claim,
                    const CdWorldPerson *person)
{
  gboolean father_case = claim->benefit == CD_BENEFIT_FATHER_LEAVE
                         || claim->benefit == CD_BENEFIT_LUMP_SUM_FATHER
                         || claim->benefit == CD_BENEFIT_CHILDBIRTH_TAKEOVER;

  if (person->role == CD_WORLD_ROLE_INSURED)
    return !father_case;
  if (person->role == CD_WORLD_ROLE_SPOUSE)
    return father_case;
  return FALSE;
}

static void
append_hoso (GString   *out,
             GPtrArray *documents)
{
  g_string_append (out, "<HOSO>");
  for (guint i = 0; i < documents->len; i++)
    {
      GwMohDocument *document = g_ptr_array_index (documents, i);
      g_autofree char *encoded = g_base64_encode ((const guchar *) document->text,
                                                  strlen (document->text));
      g_string_append_printf (out, "<FILEHOSO><LOAIHOSO>%s</LOAIHOSO><NOIDUNGFILE>%s</NOIDUNGFILE>"
                                   "</FILEHOSO>", document->kind, encoded);
    }
  g_string_append (out, "</HOSO>");
}

char *
gw_medical_envelope (GwWorld    *world,
                     const char *personal_id,
                     const char *from_compact,
                     const char *to_compact,
                     const char *facility_code_out)
{
  CdWorldPerson person;
  CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
  GString *hosos = g_string_new (NULL);
  GString *out;
  guint n, count = 0;
  char made_on[16];

  if (!gw_world_find_person (world, personal_id, &person))
    {
      g_string_free (hosos, TRUE);
      return NULL;
    }

  n = gw_world_household_claims (world, person.index, claims);
  for (guint i = 0; i < n; i++)
    {
      char event_c[9];
      g_autoptr(GPtrArray) documents = NULL;

      gw_compact_date (claims[i].event_date, event_c);
      if (!episode_belongs_to (&claims[i], &person)
          || strcmp (event_c, from_compact) < 0 || strcmp (event_c, to_compact) > 0)
        continue;

      documents = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_moh_document_free);
      gw_moh_episode_documents (world, &person, &claims[i], documents);
      append_hoso (hosos, documents);
      count++;
    }

  /* The answer is made on the world's reference day, as the portal's is made today. */
  g_snprintf (made_on, sizeof made_on, "%08u",
              cd_date_to_yyyymmdd (cd_world_get_reference_day (world->world)));
  out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<GIAMDINHHS>");
  g_string_append_printf (out, "<THONGTINDONVI><MACSKCB>%s</MACSKCB></THONGTINDONVI>",
                          facility_code_out);
  g_string_append_printf (out, "<THONGTINHOSO><NGAYLAP>%s</NGAYLAP><SOLUONGHOSO>%u</SOLUONGHOSO>"
                               "<DANHSACHHOSO>%s</DANHSACHHOSO></THONGTINHOSO>",
                          made_on, count, hosos->str);
  g_string_append (out, "<CHUKYDONVI/></GIAMDINHHS>\n");
  g_string_free (hosos, TRUE);
  return g_string_free (out, FALSE);
}

static gboolean
valid_compact_date (const char *text)
{
  guint64 value;

  if (text == NULL || strlen (text) != 8
      || !g_ascii_string_to_unsigned (text, 10, 19000101, 21001231, &value, NULL))
    return FALSE;
  return cd_date_from_yyyymmdd ((guint32) value) != CD_DAY_NONE;
}

static void
respond_signed (Medical           *self,
                SoupServerMessage *msg,
                char              *xml,
                const char        *facility,
                GwSignatureProfile profile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_xml = gw_signing_sign (gw_server_get_signing (self->server), xml, facility,
                                                 profile, &error);
  GwFaultConfig faults;
  g_autoptr(GBytes) body = NULL;

  if (signed_xml == NULL)
    {
      gw_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }

  /* A tampered document: one byte of content changed after the signature was made. */
  gw_faults_get (gw_server_get_faults (self->server), &faults);
  if (gw_faults_roll (gw_server_get_faults (self->server), faults.badsig_rate))
    gw_signing_tamper (signed_xml);

  body = g_bytes_new_take (g_steal_pointer (&signed_xml), strlen (signed_xml));
  gw_server_respond (self->server, msg, SOUP_STATUS_OK, "application/xml; charset=utf-8", body,
                     GW_BODY_XML);
}

static void
handle_envelope (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Medical *self = user_data;
  const char *id = query != NULL ? g_hash_table_lookup (query, "so_cccd") : NULL;
  const char *from = query != NULL ? g_hash_table_lookup (query, "tu_ngay") : NULL;
  const char *to = query != NULL ? g_hash_table_lookup (query, "den_ngay") : NULL;
  CdWorldPerson person;
  const GwFacility *facility;
  g_autofree char *xml = NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  if (id == NULL || strlen (id) != 12)
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "so_cccd: expected a 12-digit personal ID");
      return;
    }
  if ((from != NULL && !valid_compact_date (from)) || (to != NULL && !valid_compact_date (to)))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "tu_ngay, den_ngay: expected yyyyMMdd");
      return;
    }
  if (!gw_world_find_person (self->world, id, &person))
    {
      gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no health-insurance record for this personal ID");
      return;
    }

  facility = gw_facility_for (self->world, person.index, 0);
  xml = gw_medical_envelope (self->world, id, from != NULL ? from : "19000101",
                             to != NULL ? to : "21001231", facility->code);
  respond_signed (self, msg, g_steal_pointer (&xml), facility->code, GW_SIGNATURE_ENVELOPED);
}

static void
handle_assessment (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Medical *self = user_data;
  const char *id = query != NULL ? g_hash_table_lookup (query, "so_cccd") : NULL;
  CdWorldPerson person;
  char *xml;

  if (id == NULL || !gw_world_find_person (self->world, id, &person))
    {
      gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no health-insurance record for this personal ID");
      return;
    }

  xml = gw_moh_assessment (self->world, &person);
  if (xml == NULL)
    {
      static const char none[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                 "<CHI_TIEU_GIAM_DINH_YKHOA><DSACH_GIAM_DINH_YKHOA/>"
                                 "</CHI_TIEU_GIAM_DINH_YKHOA>\n";
      g_autoptr(GBytes) body = g_bytes_new_static (none, sizeof none - 1);
      gw_server_respond (self->server, msg, SOUP_STATUS_OK, "application/xml; charset=utf-8", body,
                         GW_BODY_XML);
      return;
    }
  /* The assessment council signs its record by Id, the field's second profile. */
  respond_signed (self, msg, xml, gw_facility_for (self->world, person.index, 0)->code,
                  GW_SIGNATURE_BY_ID);
}

void
gw_medical_register (GwServer *server,
                     GwWorld  *world)
{
  Medical *self = g_new0 (Medical, 1);

  self->server = server;
  self->world = world;
  soup_server_add_handler (gw_server_get_soup (server), "/medical/giamdinh", handle_envelope, self,
                           g_free);
  soup_server_add_handler (gw_server_get_soup (server), "/medical/giamdinhyk", handle_assessment,
                           self, NULL);
}
