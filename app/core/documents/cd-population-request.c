/* cd-population-request.c — building and reading C06 SOAP requests. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-identifiers.h"
#include "cd-population-request.h"
#include "cd-xml-safe.h"

static const struct
{
  CdPopulationReply operation;
  const char       *name;
} operations[] = {
  { CD_POPULATION_REPLY_LOOKUP, "TraCuuThongTinCongDan" },
  { CD_POPULATION_REPLY_MATCH, "XacThucThongTinCongDan" },
  { CD_POPULATION_REPLY_STATUS, "XacMinhTinhTrangChetMatTich" },
  { CD_POPULATION_REPLY_RELATIVES, "XacMinhThongTinNhanThan" },
};

const char *
cd_population_operation_name (CdPopulationReply operation)
{
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    if (operations[i].operation == operation)
      return operations[i].name;
  return NULL;
}

void
cd_population_query_clear (CdPopulationQuery *query)
{
  g_clear_pointer (&query->request_id, g_free);
  g_clear_pointer (&query->service_code, g_free);
  g_clear_pointer (&query->integration_code, g_free);
  g_clear_pointer (&query->officer, g_free);
  g_clear_pointer (&query->personal_id, g_free);
  g_clear_pointer (&query->old_id, g_free);
  g_clear_pointer (&query->full_name, g_free);
  g_clear_pointer (&query->birth_date, g_free);
}

/* The rules both sides apply: a request id, one identifier, and well-formed values. */
static gboolean
check_query (const CdPopulationQuery  *query,
             GError                  **error)
{
  if (query->request_id == NULL || query->request_id[0] == '\0')
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("the required field %s is missing or empty"), "MaYeuCau");
      return FALSE;
    }
  if (query->personal_id != NULL)
    {
      if (!cd_identifier_check_personal_id (query->personal_id, error))
        {
          g_prefix_error (error, "SoDinhDanh: ");
          return FALSE;
        }
    }
  else if (query->old_id != NULL)
    {
      CdPersonDocType type = CD_PERSON_DOC_PASSPORT;

      if (!cd_identifier_check_person_doc (query->old_id, &type, error)
          || type == CD_PERSON_DOC_PASSPORT)
        {
          g_clear_error (error);
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("“%s” is not valid: %s"), query->old_id,
                       _("SoCMND is a 9-digit or 12-digit number"));
          return FALSE;
        }
    }
  else
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("the required field %s is missing or empty"), "SoDinhDanh/SoCMND");
      return FALSE;
    }
  if (query->birth_date != NULL)
    {
      CdPartialDate date;
      g_autofree char *padded = strlen (query->birth_date) == 4
                                  ? g_strconcat (query->birth_date, "0000", NULL) : NULL;

      if ((padded == NULL && strlen (query->birth_date) != 8)
          || !cd_date_parse_compact (padded != NULL ? padded : query->birth_date, &date, error))
        {
          g_clear_error (error);
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("“%s” is not valid: %s"), query->birth_date,
                       _("a birth date is yyyyMMdd or yyyy"));
          return FALSE;
        }
    }
  return TRUE;
}

char *
cd_population_request_build (CdPopulationReply         operation,
                             const CdPopulationQuery  *query,
                             GError                  **error)
{
  const char *name = cd_population_operation_name (operation);
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr envelope, body, request, birth;
  xmlNsPtr soap_ns;
  xmlChar *buffer = NULL;
  int size = 0;
  char *result;
  const struct { const char *element; const char *value; } fields[] = {
    { "MaYeuCau", query->request_id },
    { "MaDVC", query->service_code },
    { "MaTichHop", query->integration_code },
    { "MaCanBo", query->officer },
    { "SoDinhDanh", query->personal_id },
    { "SoCMND", query->personal_id == NULL ? query->old_id : NULL },
    { "HoVaTen", query->full_name },
  };

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!check_query (query, error))
    return NULL;

  doc = xmlNewDoc (BAD_CAST "1.0");
  envelope = xmlNewDocNode (doc, NULL, BAD_CAST "Envelope", NULL);
  xmlDocSetRootElement (doc, envelope);
  soap_ns = xmlNewNs (envelope, BAD_CAST CD_SOAP11_ENV_NS, BAD_CAST "soap");
  xmlSetNs (envelope, soap_ns);
  body = xmlNewChild (envelope, soap_ns, BAD_CAST "Body", NULL);
  request = xmlNewChild (body, NULL, BAD_CAST name, NULL);
  xmlSetNs (request, xmlNewNs (request, BAD_CAST CD_POPULATION_NS, NULL));

  /* xmlNewTextChild escapes the values; names may hold any character. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value != NULL)
      xmlNewTextChild (request, request->ns, BAD_CAST fields[i].element, BAD_CAST fields[i].value);
  if (query->birth_date != NULL)
    {
      birth = xmlNewChild (request, request->ns, BAD_CAST "NgayThangNamSinh", NULL);
      xmlNewTextChild (birth, request->ns,
                       BAD_CAST (strlen (query->birth_date) == 4 ? "Nam" : "NgayThangNam"),
                       BAD_CAST query->birth_date);
    }

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &size, "UTF-8", 1);
  result = g_strndup ((const char *) buffer, size);
  xmlFree (buffer);
  return result;
}

static char *
child_text (xmlNodePtr  parent,
            const char *name)
{
  xmlNodePtr node = cd_xml_find_child (parent, name);
  char *text = node != NULL ? cd_xml_node_text (node) : NULL;

  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
in_namespace (xmlNodePtr  node,
              const char *uri)
{
  return node->ns != NULL && node->ns->href != NULL
         && strcmp ((const char *) node->ns->href, uri) == 0;
}

gboolean
cd_population_request_parse (const char         *data,
                             gsize               length,
                             const char         *source,
                             CdPopulationReply  *out_operation,
                             CdPopulationQuery  *out_query,
                             GError            **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_auto(CdPopulationQuery) query = { 0 };
  xmlNodePtr envelope, body, request, birth;
  gboolean known = FALSE;
  CdPopulationReply operation = CD_POPULATION_REPLY_LOOKUP;

  g_return_val_if_fail (out_query != NULL, FALSE);

  if (source == NULL)
    source = "request";
  doc = cd_xml_safe_parse (data, length, source, NULL, error);
  if (doc == NULL)
    return FALSE;
  envelope = xmlDocGetRootElement (doc);
  if (!cd_xml_node_is (envelope, "Envelope") || !in_namespace (envelope, CD_SOAP11_ENV_NS))
    {
      g_autofree char *found = cd_xml_describe_element (envelope);

      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                   _("%s: expected a SOAP 1.1 Envelope in the namespace %s, found %s"), source,
                   CD_SOAP11_ENV_NS, found);
      return FALSE;
    }
  body = cd_xml_find_child (envelope, "Body");
  request = cd_xml_first_child_element (body);
  if (body == NULL || !in_namespace (body, CD_SOAP11_ENV_NS) || request == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: the SOAP Body is missing or empty"), source);
      return FALSE;
    }
  if (!in_namespace (request, CD_POPULATION_NS))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_NAMESPACE,
                   _("%s: %s is in namespace “%s”, not %s"), source, (const char *) request->name,
                   request->ns != NULL && request->ns->href != NULL
                     ? (const char *) request->ns->href : "",
                   CD_POPULATION_NS);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (operations) && !known; i++)
    if (cd_xml_node_is (request, operations[i].name))
      {
        operation = operations[i].operation;
        known = TRUE;
      }
  if (!known)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_UNKNOWN_KIND,
                   _("%s: %s is not a population operation we know"), source,
                   (const char *) request->name);
      return FALSE;
    }

  query.request_id = child_text (request, "MaYeuCau");
  query.service_code = child_text (request, "MaDVC");
  query.integration_code = child_text (request, "MaTichHop");
  query.officer = child_text (request, "MaCanBo");
  query.personal_id = child_text (request, "SoDinhDanh");
  query.old_id = child_text (request, "SoCMND");
  query.full_name = child_text (request, "HoVaTen");
  birth = cd_xml_find_child (request, "NgayThangNamSinh");
  if (birth != NULL)
    {
      query.birth_date = child_text (birth, "NgayThangNam");
      if (query.birth_date == NULL)
        query.birth_date = child_text (birth, "Nam");
    }
  if (!check_query (&query, error))
    {
      g_prefix_error (error, "%s: %s: ", source, (const char *) request->name);
      return FALSE;
    }

  if (out_operation != NULL)
    *out_operation = operation;
  *out_query = query;
  memset (&query, 0, sizeof query);
  return TRUE;
}
