/* cd-moh-envelope.c — GIAMDINHHS: facility, episodes, base64 inner documents. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-base64.h"
#include "cd-document-error.h"
#include "cd-identifiers.h"
#include "cd-moh-envelope.h"
#include "cd-moh-tables.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"

/* An inner table is some KiB (a long stay's drug table a few hundred); 8 MiB of base64 bounds the
 * decoding and the inner parse that follows well above any real one. */
#define MAX_INNER_BASE64 (8 * 1024 * 1024)
/* Some fifteen tables per episode, a person's episodes of some years: each file costs a decode and
 * a parse of its own, so their number is bounded, not only the envelope's size. */
#define MAX_FILES 1000

static char *
child_text (xmlNodePtr  parent,
            const char *name)
{
  xmlNodePtr node = cd_xml_find_child (parent, name);

  return node != NULL ? cd_xml_node_text (node) : NULL;
}

/* One FILEHOSO as the envelope reports it: {"type", "file", …} plus what became of it. */
static JsonObject *
file_entry (const char *type,
            guint       index)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "type", type != NULL ? type : "");
  json_object_set_int_member (entry, "file", index);
  return entry;
}

/* A table refused on its own: the envelope's other tables are still read. `problems` (taken) lists
 * every fault found; a fault of the file as a whole is its only problem. */
static JsonNode *
refused_entry (JsonObject *entry,
               GError     *error,
               JsonArray  *problems)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (problems == NULL)
    {
      JsonObject *problem = json_object_new ();

      problems = json_array_new ();
      json_object_set_string_member (problem, "reason", error->message);
      json_array_add_object_element (problems, problem);
    }
  json_object_set_boolean_member (entry, "refused", TRUE);
  json_object_set_string_member (entry, "code", cd_document_error_to_string (error->code));
  json_object_set_string_member (entry, "message", error->message);
  json_object_set_array_member (entry, "problems", problems);
  json_node_take_object (node, entry);
  return node;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* The inner table written as XML inside NOIDUNGFILE (some vendors' envelopes, pretty-printed)
 * rather than as base64: its one element child. NULL when NOIDUNGFILE holds no element. */
static xmlNodePtr
inline_table (xmlNodePtr   content,
              const char  *inner_source,
              GError     **error)
{
  xmlNodePtr table = cd_xml_first_child_element (content);

  if (table == NULL)
    return NULL;
  for (xmlNodePtr child = content->children; child != NULL; child = child->next)
    {
      const char *text = (const char *) child->content;

      if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) && text != NULL
          && strspn (text, " \t\r\n") != strlen (text))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                       _("%s: NOIDUNGFILE mixes text with the inline table %s"), inner_source,
                       (const char *) table->name);
          return NULL;
        }
    }
  if (cd_xml_next_element (table) != NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   _("%s: NOIDUNGFILE holds more than one inline table (%s, then %s)"),
                   inner_source, (const char *) table->name,
                   (const char *) cd_xml_next_element (table)->name);
      return NULL;
    }
  return table;
}

/* Reads one FILEHOSO. Never fails the envelope: what cannot be read becomes a refused entry naming
 * the file and every problem, so that one bad table (often the billing summary) does not hide the
 * discharge paper or birth certificate beside it. */
static JsonNode *
read_file (xmlNodePtr   file,
           const char  *source,
           guint        episode,
           guint        index)
{
  g_autofree char *type = child_text (file, "LOAIHOSO");
  g_autofree char *inner_source = NULL;
  g_autofree char *table_source = NULL;
  g_autofree char *content = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(xmlDoc) inner = NULL;
  JsonArray *problems = NULL;
  JsonObject *entry = file_entry (type, index);
  xmlNodePtr content_node, table_root;
  CdMohTable table;
  JsonNode *node;

  if (type == NULL || type[0] == '\0')
    {
      g_set_error (&error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: HOSO %u FILEHOSO %u has no LOAIHOSO"), source, episode, index);
      return refused_entry (entry, error, NULL);
    }
  inner_source = g_strdup_printf ("%s HOSO %u %s", source, episode, type);
  table = cd_moh_table_from_code (type);
  content_node = cd_xml_find_child (file, "NOIDUNGFILE");
  if (content_node == NULL)
    {
      g_set_error (&error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: FILEHOSO has no NOIDUNGFILE"), inner_source);
      return refused_entry (entry, error, NULL);
    }

  table_root = inline_table (content_node, inner_source, &error);
  if (error != NULL)
    return refused_entry (entry, error, NULL);
  if (table_root == NULL)
    {
      content = cd_xml_node_text (content_node);
      if (content == NULL || content[0] == '\0')
        {
          /* Systems send a slot for every table of an episode, the unused ones empty. */
          json_object_set_boolean_member (entry, "empty", TRUE);
          return object_node (entry);
        }
      if (strlen (content) > MAX_INNER_BASE64)
        {
          g_set_error (&error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_LARGE,
                       _("%s: NOIDUNGFILE holds %lu bytes of base64, more than the %lu accepted"),
                       inner_source, (unsigned long) strlen (content),
                       (unsigned long) MAX_INNER_BASE64);
          return refused_entry (entry, error, NULL);
        }
      bytes = cd_base64_decode_strict (content);
      if (bytes == NULL)
        {
          g_set_error (&error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_BAD_BASE64,
                       _("%s: NOIDUNGFILE is neither valid base64 nor an inline XML table"),
                       inner_source);
          return refused_entry (entry, error, NULL);
        }
    }
  else
    json_object_set_boolean_member (entry, "inline", TRUE);

  if (table == CD_MOH_TABLE_UNKNOWN)
    {
      /* Tables the claims do not use (drugs, services, lab results) are kept as counted bytes. */
      json_object_set_boolean_member (entry, "interpreted", FALSE);
      if (bytes != NULL)
        json_object_set_int_member (entry, "bytes", (gint64) g_bytes_get_size (bytes));
      return object_node (entry);
    }

  if (table_root == NULL)
    {
      inner = cd_xml_safe_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 inner_source, NULL, &error);
      if (inner == NULL)
        return refused_entry (entry, error, NULL);
      table_root = xmlDocGetRootElement (inner);
    }
  /* The table's reader names the table itself: "<source> HOSO 1: XML7: NGAY_RA: …". */
  table_source = g_strdup_printf ("%s HOSO %u", source, episode);
  node = cd_moh_table_read_element (table, table_root, table_source, &problems, &error);
  if (node == NULL)
    return refused_entry (entry, error, problems);
  json_object_set_string_member (json_node_get_object (node), "type", type);
  json_object_set_int_member (json_node_get_object (node), "file", index);
  if (json_object_has_member (entry, "inline"))
    json_object_set_boolean_member (json_node_get_object (node), "inline", TRUE);
  json_object_unref (entry);
  return node;
}

/* Adds the refused files of an episode to the envelope's summary of them. */
static void
list_refused (JsonArray *documents,
              guint      episode,
              JsonArray *refused)
{
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonObject *document = json_array_get_object_element (documents, i);
      JsonObject *summary;

      if (!json_object_get_boolean_member_with_default (document, "refused", FALSE))
        continue;
      summary = json_object_new ();
      json_object_set_int_member (summary, "episode", episode);
      json_object_set_int_member (summary, "file", json_object_get_int_member (document, "file"));
      json_object_set_string_member (summary, "type",
                                     json_object_get_string_member (document, "type"));
      json_object_set_string_member (summary, "message",
                                     json_object_get_string_member (document, "message"));
      json_array_add_object_element (refused, summary);
    }
}

static JsonNode *
read_episode (xmlNodePtr   hoso,
              const char  *source,
              guint        episode,
              JsonArray   *refused,
              GError     **error)
{
  g_autoptr(JsonArray) documents = json_array_new ();
  JsonObject *object;
  guint index = 0;

  /* FILEHOSO may sit directly in HOSO or in a DANHSACHFILEHOSO list, depending on the vendor. */
  xmlNodePtr list = cd_xml_find_child (hoso, "DANHSACHFILEHOSO");
  xmlNodePtr parent = list != NULL ? list : hoso;

  for (xmlNodePtr file = cd_xml_first_child_element (parent); file != NULL;
       file = cd_xml_next_element (file))
    {
      if (!cd_xml_node_is (file, "FILEHOSO"))
        continue;
      json_array_add_element (documents, read_file (file, source, episode, ++index));
    }
  if (index == 0)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: HOSO %u has no FILEHOSO"), source, episode);
      return NULL;
    }
  list_refused (documents, episode, refused);

  object = json_object_new ();
  json_object_set_array_member (object, "documents", g_steal_pointer (&documents));
  return object_node (object);
}

/* FILEHOSO in the whole list, counted before any is decoded. */
static guint
count_files (xmlNodePtr list)
{
  guint files = 0;

  for (xmlNodePtr hoso = cd_xml_first_child_element (list); hoso != NULL;
       hoso = cd_xml_next_element (hoso))
    {
      xmlNodePtr inner = cd_xml_find_child (hoso, "DANHSACHFILEHOSO");

      if (!cd_xml_node_is (hoso, "HOSO"))
        continue;
      for (xmlNodePtr file = cd_xml_first_child_element (inner != NULL ? inner : hoso);
           file != NULL; file = cd_xml_next_element (file))
        files += cd_xml_node_is (file, "FILEHOSO") ? 1 : 0;
    }
  return files;
}

JsonNode *
cd_moh_envelope_read (xmlDocPtr    doc,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonArray) episodes = json_array_new ();
  g_autoptr(JsonArray) refused = json_array_new ();
  g_autofree char *facility = NULL;
  g_autofree char *created = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GError) local_error = NULL;
  xmlNodePtr root, info, list;
  guint n_episodes = 0;
  JsonNode *node;

  g_return_val_if_fail (doc != NULL, NULL);

  if (source == NULL)
    source = "document";
  root = xmlDocGetRootElement (doc);
  if (!cd_xml_node_is (root, "GIAMDINHHS"))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                   _("%s: expected a GIAMDINHHS envelope, found %s"), source,
                   root != NULL ? (const char *) root->name : "nothing");
      return NULL;
    }
  /* Before reading: a signature must sit where it can only cover this root (signature wrapping). */
  if (!cd_xmldsig_check_shape (doc, "CHUKYDONVI", source, error))
    return NULL;

  facility = child_text (cd_xml_find_child (root, "THONGTINDONVI"), "MACSKCB");
  if (facility == NULL || facility[0] == '\0')
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: THONGTINDONVI/MACSKCB is missing or empty"), source);
      return NULL;
    }
  if (!cd_identifier_check_facility (facility, &local_error))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   "%s: MACSKCB: %s", source, local_error->message);
      return NULL;
    }

  info = cd_xml_find_child (root, "THONGTINHOSO");
  if (info == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: THONGTINHOSO is missing"), source);
      return NULL;
    }
  created = child_text (info, "NGAYLAP");
  if (created != NULL && created[0] != '\0')
    {
      CdPartialDate date;
      g_autofree char *iso = NULL;

      if (!cd_date_parse_compact (created, &date, &local_error))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       "%s: NGAYLAP: %s", source, local_error->message);
          return NULL;
        }
      iso = cd_partial_date_to_iso (&date);
      json_object_set_string_member (result, "created", iso);
    }

  list = cd_xml_find_child (info, "DANHSACHHOSO");
  if (count_files (list) > MAX_FILES)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_MANY_NODES,
                   _("%s: the envelope holds more than %u FILEHOSO"), source, MAX_FILES);
      return NULL;
    }
  for (xmlNodePtr hoso = cd_xml_first_child_element (list); hoso != NULL;
       hoso = cd_xml_next_element (hoso))
    {
      JsonNode *episode;

      if (!cd_xml_node_is (hoso, "HOSO"))
        continue;
      episode = read_episode (hoso, source, ++n_episodes, refused, error);
      if (episode == NULL)
        return NULL;
      json_array_add_element (episodes, episode);
    }
  if (n_episodes == 0)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                   _("%s: DANHSACHHOSO has no HOSO"), source);
      return NULL;
    }

  /* A count that disagrees with what arrived means the envelope lost episodes on the way. */
  count = child_text (info, "SOLUONGHOSO");
  if (count != NULL && count[0] != '\0')
    {
      guint64 declared = 0;

      if (!g_ascii_string_to_unsigned (count, 10, 0, G_MAXUINT, &declared, NULL)
          || declared != n_episodes)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("%s: SOLUONGHOSO says “%s” but the envelope holds %u HOSO"), source,
                       count, n_episodes);
          return NULL;
        }
    }

  json_object_set_string_member (result, "facility", facility);
  json_object_set_array_member (result, "episodes", g_steal_pointer (&episodes));
  json_object_set_array_member (result, "refused", g_steal_pointer (&refused));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  return node;
}

JsonNode *
cd_moh_envelope_parse (const char  *data,
                       gsize        length,
                       const char  *source,
                       GError     **error)
{
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (data, length, source, NULL, error);

  if (doc == NULL)
    return NULL;
  return cd_moh_envelope_read (doc, source, error);
}

/* ---- building ---- */

struct _CdMohEnvelopeBuilder
{
  xmlDocPtr  doc;
  xmlNodePtr list;     /* DANHSACHHOSO */
  xmlNodePtr count;    /* SOLUONGHOSO, filled in at the end */
  xmlNodePtr episode;  /* the open HOSO, or NULL */
  guint      episodes;
};

CdMohEnvelopeBuilder *
cd_moh_envelope_builder_new (const char *facility,
                             const char *created)
{
  CdMohEnvelopeBuilder *self = g_new0 (CdMohEnvelopeBuilder, 1);
  xmlNodePtr root, unit, info;

  g_return_val_if_fail (facility != NULL, NULL);

  self->doc = xmlNewDoc (BAD_CAST "1.0");
  root = xmlNewDocNode (self->doc, NULL, BAD_CAST "GIAMDINHHS", NULL);
  xmlDocSetRootElement (self->doc, root);
  unit = xmlNewChild (root, NULL, BAD_CAST "THONGTINDONVI", NULL);
  xmlNewTextChild (unit, NULL, BAD_CAST "MACSKCB", BAD_CAST facility);
  info = xmlNewChild (root, NULL, BAD_CAST "THONGTINHOSO", NULL);
  if (created != NULL)
    xmlNewTextChild (info, NULL, BAD_CAST "NGAYLAP", BAD_CAST created);
  self->count = xmlNewChild (info, NULL, BAD_CAST "SOLUONGHOSO", NULL);
  self->list = xmlNewChild (info, NULL, BAD_CAST "DANHSACHHOSO", NULL);
  xmlNewChild (root, NULL, BAD_CAST "CHUKYDONVI", NULL);
  return self;
}

void
cd_moh_envelope_builder_begin_episode (CdMohEnvelopeBuilder *self)
{
  g_return_if_fail (self != NULL && self->doc != NULL);

  self->episode = xmlNewChild (self->list, NULL, BAD_CAST "HOSO", NULL);
  self->episodes++;
}

void
cd_moh_envelope_builder_add_file (CdMohEnvelopeBuilder *self,
                                  const char           *type,
                                  const char           *data,
                                  gsize                 length)
{
  g_autofree char *encoded = NULL;
  xmlNodePtr file;

  g_return_if_fail (self != NULL && self->doc != NULL);
  g_return_if_fail (type != NULL && (data != NULL || length == 0));

  if (self->episode == NULL)
    cd_moh_envelope_builder_begin_episode (self);
  encoded = g_base64_encode ((const guchar *) data, length);
  file = xmlNewChild (self->episode, NULL, BAD_CAST "FILEHOSO", NULL);
  xmlNewTextChild (file, NULL, BAD_CAST "LOAIHOSO", BAD_CAST type);
  xmlNewTextChild (file, NULL, BAD_CAST "NOIDUNGFILE", BAD_CAST encoded);
}

GBytes *
cd_moh_envelope_builder_end (CdMohEnvelopeBuilder *self)
{
  g_autofree char *count = NULL;
  xmlChar *buffer = NULL;
  int size = 0;
  GBytes *bytes;

  g_return_val_if_fail (self != NULL && self->doc != NULL, NULL);

  count = g_strdup_printf ("%u", self->episodes);
  xmlNodeSetContent (self->count, BAD_CAST count);
  xmlDocDumpFormatMemoryEnc (self->doc, &buffer, &size, "UTF-8", 1);
  bytes = g_bytes_new_take (g_strndup ((const char *) buffer, size), size);  /* NUL-terminated */
  xmlFree (buffer);
  g_clear_pointer (&self->doc, xmlFreeDoc);
  return bytes;
}

void
cd_moh_envelope_builder_free (CdMohEnvelopeBuilder *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_free (self);
}
