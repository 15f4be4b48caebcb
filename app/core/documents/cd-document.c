/* cd-document.c — kind detection and the normalized representation of external documents. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-civil-status.h"
#include "cd-document.h"
#include "cd-moh-envelope.h"
#include "cd-moh-tables.h"
#include "cd-population-soap.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"

struct _CdDocument
{
  gatomicrefcount ref_count;
  CdDocumentKind  kind;
  char           *source;
  JsonObject     *content;
  xmlDocPtr       xml;
  xmlNodePtr      read;       /* the element the parser read: what a signature must cover */
  JsonObject     *signature;
};

static const struct
{
  CdDocumentKind kind;
  const char    *name;
} kind_names[] = {
  { CD_DOCUMENT_KIND_MOH_ENVELOPE, "moh-envelope" },
  { CD_DOCUMENT_KIND_MOH_XML1, "moh-xml1" },
  { CD_DOCUMENT_KIND_MOH_XML7, "moh-xml7" },
  { CD_DOCUMENT_KIND_MOH_XML8, "moh-xml8" },
  { CD_DOCUMENT_KIND_MOH_XML9, "moh-xml9" },
  { CD_DOCUMENT_KIND_MOH_XML10, "moh-xml10" },
  { CD_DOCUMENT_KIND_MOH_XML11, "moh-xml11" },
  { CD_DOCUMENT_KIND_MOH_XML12, "moh-xml12" },
  { CD_DOCUMENT_KIND_MOH_XML13, "moh-xml13" },
  { CD_DOCUMENT_KIND_CIVIL_BIRTH, "civil-birth" },
  { CD_DOCUMENT_KIND_CIVIL_DEATH, "civil-death" },
  { CD_DOCUMENT_KIND_POPULATION_LOOKUP, "population-lookup" },
  { CD_DOCUMENT_KIND_POPULATION_MATCH, "population-match" },
  { CD_DOCUMENT_KIND_POPULATION_STATUS, "population-status" },
  { CD_DOCUMENT_KIND_POPULATION_RELATIVES, "population-relatives" },
};

const char *
cd_document_kind_to_string (CdDocumentKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (kind_names[i].kind == kind)
      return kind_names[i].name;
  return "unknown";
}

gboolean
cd_document_kind_is_signed (CdDocumentKind kind)
{
  return kind == CD_DOCUMENT_KIND_MOH_ENVELOPE || kind == CD_DOCUMENT_KIND_MOH_XML12;
}

static CdDocumentKind
kind_for_table (CdMohTable table)
{
  switch (table)
    {
    case CD_MOH_TABLE_XML1: return CD_DOCUMENT_KIND_MOH_XML1;
    case CD_MOH_TABLE_XML7: return CD_DOCUMENT_KIND_MOH_XML7;
    case CD_MOH_TABLE_XML8: return CD_DOCUMENT_KIND_MOH_XML8;
    case CD_MOH_TABLE_XML9: return CD_DOCUMENT_KIND_MOH_XML9;
    case CD_MOH_TABLE_XML10: return CD_DOCUMENT_KIND_MOH_XML10;
    case CD_MOH_TABLE_XML11: return CD_DOCUMENT_KIND_MOH_XML11;
    case CD_MOH_TABLE_XML12: return CD_DOCUMENT_KIND_MOH_XML12;
    case CD_MOH_TABLE_XML13: return CD_DOCUMENT_KIND_MOH_XML13;
    case CD_MOH_TABLE_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
}

static CdDocumentKind
kind_for_reply (CdPopulationReply reply)
{
  switch (reply)
    {
    case CD_POPULATION_REPLY_LOOKUP: return CD_DOCUMENT_KIND_POPULATION_LOOKUP;
    case CD_POPULATION_REPLY_MATCH: return CD_DOCUMENT_KIND_POPULATION_MATCH;
    case CD_POPULATION_REPLY_STATUS: return CD_DOCUMENT_KIND_POPULATION_STATUS;
    case CD_POPULATION_REPLY_RELATIVES: return CD_DOCUMENT_KIND_POPULATION_RELATIVES;
    default:
      g_assert_not_reached ();
    }
}

static CdDocument *
document_new (CdDocumentKind  kind,
              const char     *source,
              JsonNode       *content,
              xmlDocPtr       xml)
{
  CdDocument *self = g_new0 (CdDocument, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->source = g_strdup (source);
  self->content = json_object_ref (json_node_get_object (content));
  self->xml = xml;
  self->read = xml != NULL ? xmlDocGetRootElement (xml) : NULL;
  json_node_unref (content);
  return self;
}

/* Documents that are not evidence, each named for what it is, so that the officer (or whoever sent
 * it) knows what to ask for instead. */
static void
refuse_other_root (xmlNodePtr   root,
                   const char  *source,
                   GError     **error)
{
  const char *name = (const char *) root->name;
  const char *code, *what;

  if (cd_moh_table_describe_unused (name, &code, &what))
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                 _("%s: %s is the MoH table %s (%s), which claims do not use"), source, name,
                 code, what);
  else if (g_str_equal (name, "HS"))
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                 _("%s: the root HS is a vendor's bundle of MoH tables without the GIAMDINHHS "
                   "envelope (no facility, no signature, dates written day first); it is not "
                   "read: ask for the facility's GIAMDINHHS export"), source);
  else if (g_str_equal (name, "HDon"))
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                 _("%s: HDon is an e-invoice, not evidence for a claim (claimdesk-cli "
                   "verify-signature checks its signature)"), source);
  else
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                 _("%s: the root element %s is not a document we read"), source, name);
}

static CdDocument *
parse_xml (const char  *data,
           gsize        length,
           const char  *source,
           GError     **error)
{
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (data, length, source, NULL, error);
  JsonNode *content;
  xmlNodePtr root;
  CdMohTable table;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);

  if (cd_xml_node_is (root, "GIAMDINHHS"))
    {
      content = cd_moh_envelope_read (doc, source, error);
      return content != NULL ? document_new (CD_DOCUMENT_KIND_MOH_ENVELOPE, source, content,
                                             g_steal_pointer (&doc))
                             : NULL;
    }
  if (cd_xml_node_is (root, "Envelope"))
    {
      CdPopulationReply reply = CD_POPULATION_REPLY_LOOKUP;

      content = cd_population_soap_read (doc, source, &reply, error);
      return content != NULL ? document_new (kind_for_reply (reply), source, content, NULL) : NULL;
    }
  table = cd_moh_table_from_root ((const char *) root->name);
  if (table != CD_MOH_TABLE_UNKNOWN)
    {
      if (!cd_xmldsig_check_shape (doc, "CHUKYDONVI", source, error))
        return NULL;
      content = cd_moh_table_read (table, doc, source, error);
      return content != NULL ? document_new (kind_for_table (table), source, content,
                                             g_steal_pointer (&doc))
                             : NULL;
    }

  refuse_other_root (root, source, error);
  return NULL;
}

CdDocument *
cd_document_parse (const char  *data,
                   gsize        length,
                   const char  *source,
                   GError     **error)
{
  gsize start;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (source == NULL)
    source = "document";

  /* The first meaningful byte decides: `{` or `[` is JSON, `<` is XML. */
  start = cd_xml_bom_length (data, length);
  while (start < length && g_ascii_isspace (data[start]))
    start++;
  if (start < length && (data[start] == '{' || data[start] == '['))
    {
      CdCivilEvent event = CD_CIVIL_EVENT_BIRTH;
      JsonNode *content = cd_civil_status_parse (data, length, source, &event, error);

      if (content == NULL)
        return NULL;
      return document_new (event == CD_CIVIL_EVENT_BIRTH ? CD_DOCUMENT_KIND_CIVIL_BIRTH
                                                         : CD_DOCUMENT_KIND_CIVIL_DEATH,
                           source, content, NULL);
    }
  if (start < length && data[start] == '<')
    return parse_xml (data, length, source, error);

  if (start == length)
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                 _("%s: the document is empty"), source);
  else
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                 _("%s: neither XML nor JSON"), source);
  return NULL;
}

CdDocument *
cd_document_parse_file (const char  *path,
                        GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  base = g_path_get_basename (path);
  return cd_document_parse (g_mapped_file_get_contents (file) != NULL
                              ? g_mapped_file_get_contents (file) : "",
                            g_mapped_file_get_length (file), base, error);
}

CdDocument *
cd_document_ref (CdDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cd_document_unref (CdDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->source);
  g_clear_pointer (&self->content, json_object_unref);
  g_clear_pointer (&self->signature, json_object_unref);
  g_clear_pointer (&self->xml, xmlFreeDoc);
  g_free (self);
}

CdDocumentKind
cd_document_get_kind (CdDocument *self)
{
  return self->kind;
}

const char *
cd_document_get_source (CdDocument *self)
{
  return self->source;
}

JsonObject *
cd_document_get_content (CdDocument *self)
{
  return self->content;
}

xmlDocPtr
cd_document_get_xml (CdDocument *self)
{
  return self->xml;
}

void
cd_document_set_signature (CdDocument *self,
                           const char *status,
                           const char *subject,
                           const char *reason)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (status != NULL);

  g_clear_pointer (&self->signature, json_object_unref);
  self->signature = json_object_new ();
  json_object_set_string_member (self->signature, "status", status);
  if (subject != NULL)
    json_object_set_string_member (self->signature, "subject", subject);
  if (reason != NULL)
    json_object_set_string_member (self->signature, "reason", reason);
}

CdSignatureStatus
cd_document_verify (CdDocument   *self,
                    CdTrustStore *store)
{
  g_autoptr(CdSignatureResult) result = NULL;

  g_return_val_if_fail (self != NULL, CD_SIGNATURE_INVALID);

  if (self->xml == NULL)
    {
      cd_document_set_signature (self, cd_signature_status_to_string (CD_SIGNATURE_UNSIGNED),
                                 NULL, NULL);
      return CD_SIGNATURE_UNSIGNED;
    }
  result = cd_xmldsig_verify (store, self->xml);
  /* The verifier says which element it covered; it must be the very node the parser read, by
   * pointer, not another element found again by its name. */
  if ((result->status == CD_SIGNATURE_VALID || result->status == CD_SIGNATURE_UNTRUSTED)
      && result->covered != self->read)
    {
      result->status = CD_SIGNATURE_INVALID;
      g_free (result->reason);
      result->reason = g_strdup_printf ("the signature covers %s, not the %s that was read",
                                        result->covered != NULL
                                          ? (const char *) result->covered->name : "nothing",
                                        self->read != NULL ? (const char *) self->read->name
                                                           : "document");
    }
  cd_document_set_signature (self, cd_signature_status_to_string (result->status),
                             result->subject, result->reason);
  if (result->status != CD_SIGNATURE_UNSIGNED && result->status != CD_SIGNATURE_INVALID)
    json_object_set_string_member (self->signature, "profile",
                                   cd_xmldsig_profile_to_string (result->profile));
  return result->status;
}

char *
cd_document_to_json (CdDocument *self,
                     gboolean    pretty)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (self != NULL, NULL);

  json_object_set_string_member (object, "kind", cd_document_kind_to_string (self->kind));
  json_object_set_string_member (object, "source", self->source);
  json_object_set_object_member (object, "content", json_object_ref (self->content));
  if (self->signature != NULL)
    json_object_set_object_member (object, "signature", json_object_ref (self->signature));
  json_node_set_object (node, object);
  return json_to_string (node, pretty);
}
