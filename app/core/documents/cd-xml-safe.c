/* cd-xml-safe.c — hardened libxml2 reading for documents from hundreds of vendors. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-xml-prescan.h"
#include "cd-xml-safe.h"

static const CdXmlLimits default_limits = {
  .max_bytes = 16 * 1024 * 1024,
  .max_depth = 64,
  .max_nodes = 200000,
  .max_text = 12 * 1024 * 1024,
  .max_attributes = 64,
  .max_attribute_bytes = 64 * 1024,
};

/* What the SAX wrappers track while libxml2 builds the tree. */
typedef struct
{
  const CdXmlLimits *limits;
  guint              depth;
  guint              nodes;
  gsize              text_run;
  int                refusal;  /* a CdDocumentError, or -1 */
  startElementNsSAX2Func start_element;
  endElementNsSAX2Func   end_element;
  charactersSAXFunc      characters;
  cdataBlockSAXFunc      cdata_block;
  commentSAXFunc         comment;
  processingInstructionSAXFunc processing_instruction;
} ParseGuard;

static gsize parser_ready;

const CdXmlLimits *
cd_xml_limits_default (void)
{
  return &default_limits;
}

gsize
cd_xml_bom_length (const char *data,
                   gsize       length)
{
  if (length >= 3 && (guchar) data[0] == 0xEF && (guchar) data[1] == 0xBB && (guchar) data[2] == 0xBF)
    return 3;
  return 0;
}

/* Where the XML starts: after a BOM, and after blank lines before an XML declaration, which some
 * exports write and libxml2 refuses ("XML declaration allowed only at the start"). Whitespace is
 * nothing a signature covers, so skipping it changes no meaning. */
static gsize
content_start (const char *data,
               gsize       length)
{
  gsize start = cd_xml_bom_length (data, length);
  gsize p = start;

  while (p < length && g_ascii_isspace (data[p]))
    p++;
  if (p > start && length - p >= 6 && memcmp (data + p, "<?xml", 5) == 0
      && g_ascii_isspace (data[p + 5]))
    return p;
  return start;
}

static void
refuse (xmlParserCtxtPtr ctxt,
        ParseGuard      *guard,
        CdDocumentError  code)
{
  if (guard->refusal < 0)
    guard->refusal = code;
  xmlStopParser (ctxt);
}

/* Comments and PIs are nodes of the tree too: without a count, 16 MiB of `<!---->` would build
 * two million of them. */
static gboolean
guard_count_node (xmlParserCtxtPtr ctxt)
{
  ParseGuard *guard = ctxt->_private;

  guard->text_run = 0;
  if (++guard->nodes > guard->limits->max_nodes)
    {
      refuse (ctxt, guard, CD_DOCUMENT_ERROR_TOO_MANY_NODES);
      return FALSE;
    }
  return TRUE;
}

static void
guard_start_element (void           *ctx,
                     const xmlChar  *localname,
                     const xmlChar  *prefix,
                     const xmlChar  *uri,
                     int             nb_namespaces,
                     const xmlChar **namespaces,
                     int             nb_attributes,
                     int             nb_defaulted,
                     const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseGuard *guard = ctxt->_private;

  if (++guard->depth > guard->limits->max_depth)
    {
      refuse (ctxt, guard, CD_DOCUMENT_ERROR_TOO_DEEP);
      return;
    }
  if (!guard_count_node (ctxt))
    return;
  guard->start_element (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                        nb_attributes, nb_defaulted, attributes);
}

static void
guard_end_element (void          *ctx,
                   const xmlChar *localname,
                   const xmlChar *prefix,
                   const xmlChar *uri)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseGuard *guard = ctxt->_private;

  guard->text_run = 0;
  if (guard->depth > 0)
    guard->depth--;
  guard->end_element (ctx, localname, prefix, uri);
}

static gboolean
guard_text (xmlParserCtxtPtr ctxt,
            int              length)
{
  ParseGuard *guard = ctxt->_private;

  guard->text_run += (gsize) MAX (length, 0);
  if (guard->text_run > guard->limits->max_text)
    {
      refuse (ctxt, guard, CD_DOCUMENT_ERROR_TEXT_TOO_LARGE);
      return FALSE;
    }
  return TRUE;
}

static void
guard_characters (void          *ctx,
                  const xmlChar *text,
                  int            length)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseGuard *guard = ctxt->_private;

  if (guard_text (ctxt, length))
    guard->characters (ctx, text, length);
}

static void
guard_cdata_block (void          *ctx,
                   const xmlChar *text,
                   int            length)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseGuard *guard = ctxt->_private;

  if (guard_text (ctxt, length))
    guard->cdata_block (ctx, text, length);
}

static void
guard_comment (void          *ctx,
               const xmlChar *value)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseGuard *guard = ctxt->_private;

  if (guard_count_node (ctxt) && guard->comment != NULL)
    guard->comment (ctx, value);
}

static void
guard_processing_instruction (void          *ctx,
                              const xmlChar *target,
                              const xmlChar *data)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseGuard *guard = ctxt->_private;

  if (guard_count_node (ctxt) && guard->processing_instruction != NULL)
    guard->processing_instruction (ctx, target, data);
}

/* Entity declarations can only come with a DOCTYPE, which we refuse up front; these handlers make
 * sure that, should one ever get through, nothing is declared or resolved. */
static void
guard_entity_decl (void          *ctx,
                   const xmlChar *name,
                   int            type,
                   const xmlChar *public_id,
                   const xmlChar *system_id,
                   xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;

  refuse (ctxt, ctxt->_private, CD_DOCUMENT_ERROR_FORBIDDEN);
}

static void
guard_internal_subset (void          *ctx,
                       const xmlChar *name,
                       const xmlChar *external_id,
                       const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;

  refuse (ctxt, ctxt->_private, CD_DOCUMENT_ERROR_FORBIDDEN);
}

static xmlParserInputPtr
guard_resolve_entity (void          *ctx,
                      const xmlChar *public_id,
                      const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;

  refuse (ctxt, ctxt->_private, CD_DOCUMENT_ERROR_FORBIDDEN);
  return NULL;
}

static gboolean
skip_prefix (const char **p,
             const char  *end,
             const char  *prefix)
{
  gsize n = strlen (prefix);

  if ((gsize) (end - *p) >= n && memcmp (*p, prefix, n) == 0)
    {
      *p += n;
      return TRUE;
    }
  return FALSE;
}

/* Reads the prolog (XML declaration, comments, PIs, whitespace) up to the root element. A DOCTYPE
 * can only appear there, so refusing it here is exact and happens before any entity is declared. */
static gboolean
check_prolog (const char  *data,
              gsize        length,
              const char  *source,
              GError     **error)
{
  const char *p = data;
  const char *end = data + length;

  if (skip_prefix (&p, end, "<?xml") && p < end && g_ascii_isspace (*p))
    {
      const char *decl_end = cd_xml_skip_past (p, end, "?>");
      g_autofree char *decl = NULL;
      const char *enc;

      if (decl_end == NULL)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                       _("%s: the XML declaration is not closed"), source);
          return FALSE;
        }
      decl = g_strndup (p, decl_end - p);
      enc = strstr (decl, "encoding");
      if (enc != NULL)
        {
          char quote;
          const char *value;
          const char *value_end;
          g_autofree char *name = NULL;

          enc += strlen ("encoding");
          while (*enc == ' ' || *enc == '=' || *enc == '\t')
            enc++;
          quote = *enc;
          value = enc + 1;
          value_end = (quote == '"' || quote == '\'') ? strchr (value, quote) : NULL;
          name = value_end != NULL ? g_strndup (value, value_end - value) : g_strdup ("");
          if (g_ascii_strcasecmp (name, "UTF-8") != 0 && g_ascii_strcasecmp (name, "UTF8") != 0)
            {
              g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_ENCODING,
                           _("%s: only UTF-8 documents are accepted, the declaration says “%s”"),
                           source, name);
              return FALSE;
            }
        }
      p = decl_end;
    }
  else
    p = data;

  while (p < end)
    {
      if (g_ascii_isspace (*p))
        p++;
      else if (skip_prefix (&p, end, "<!--"))
        p = cd_xml_skip_past (p, end, "-->");
      else if (skip_prefix (&p, end, "<?"))
        p = cd_xml_skip_past (p, end, "?>");
      else if (skip_prefix (&p, end, "<!"))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_FORBIDDEN,
                       _("%s: DOCTYPE and entity declarations are not accepted"), source);
          return FALSE;
        }
      else
        break;
      if (p == NULL)
        break;  /* unterminated; libxml2 reports it as malformed */
    }
  return TRUE;
}

static gboolean
check_bytes (const char         *data,
             gsize               length,
             const char         *source,
             const CdXmlLimits  *limits,
             GError            **error)
{
  const char *bad = NULL;

  if (length > limits->max_bytes)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_LARGE,
                   _("%s: the document is %lu bytes, more than the %lu accepted"), source,
                   (unsigned long) length, (unsigned long) limits->max_bytes);
      return FALSE;
    }
  if (length == 0)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   _("%s: the document is empty"), source);
      return FALSE;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_ENCODING,
                   _("%s: the document contains NUL bytes"), source);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, length, &bad))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_ENCODING,
                   _("%s: invalid UTF-8 at byte %lu"), source,
                   (unsigned long) (bad - data));
      return FALSE;
    }
  return TRUE;
}

static void
set_refusal (GError          **error,
             CdDocumentError   code,
             const char       *source,
             const CdXmlLimits *limits)
{
  switch (code)
    {
    case CD_DOCUMENT_ERROR_TOO_DEEP:
      g_set_error (error, CD_DOCUMENT_ERROR, code,
                   _("%s: elements are nested deeper than %u levels"), source, limits->max_depth);
      break;
    case CD_DOCUMENT_ERROR_TOO_MANY_NODES:
      g_set_error (error, CD_DOCUMENT_ERROR, code,
                   _("%s: the document has more than %u elements, comments and processing "
                     "instructions"), source, limits->max_nodes);
      break;
    case CD_DOCUMENT_ERROR_TEXT_TOO_LARGE:
      g_set_error (error, CD_DOCUMENT_ERROR, code,
                   _("%s: a text node is larger than %lu bytes"), source,
                   (unsigned long) limits->max_text);
      break;
    case CD_DOCUMENT_ERROR_FORBIDDEN:
    case CD_DOCUMENT_ERROR_TOO_LARGE:
    case CD_DOCUMENT_ERROR_ENCODING:
    case CD_DOCUMENT_ERROR_MALFORMED:
    case CD_DOCUMENT_ERROR_WRONG_ROOT:
    case CD_DOCUMENT_ERROR_WRONG_NAMESPACE:
    case CD_DOCUMENT_ERROR_BAD_BASE64:
    case CD_DOCUMENT_ERROR_MISSING_FIELD:
    case CD_DOCUMENT_ERROR_INVALID_FIELD:
    case CD_DOCUMENT_ERROR_UNKNOWN_KIND:
    case CD_DOCUMENT_ERROR_SOAP_FAULT:
    case CD_DOCUMENT_ERROR_IO:
    case CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES:
    case CD_DOCUMENT_ERROR_SIGNATURE:
    default:
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_FORBIDDEN,
                   _("%s: DOCTYPE and entity declarations are not accepted"), source);
      break;
    }
}

xmlDocPtr
cd_xml_safe_parse (const char         *data,
                   gsize               length,
                   const char         *source,
                   const CdXmlLimits  *limits,
                   GError            **error)
{
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  ParseGuard guard = { 0 };
  gsize start;
  int options;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (source == NULL)
    source = "document";
  if (limits == NULL)
    limits = &default_limits;
  /* libxml2 must be initialised once before parsers run on several threads. */
  if (g_once_init_enter (&parser_ready))
    {
      xmlInitParser ();
      g_once_init_leave (&parser_ready, 1);
    }
  if (!check_bytes (data, length, source, limits, error))
    return NULL;
  start = content_start (data, length);
  if (!check_prolog (data + start, length - start, source, error))
    return NULL;
  if (!cd_xml_prescan (data + start, length - start, source, limits, error))
    return NULL;
  if (length > G_MAXINT)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_LARGE,
                   _("%s: the document is too large"), source);
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   _("%s: the XML parser could not be created"), source);
      return NULL;
    }

  guard.limits = limits;
  guard.refusal = -1;
  guard.start_element = ctxt->sax->startElementNs;
  guard.end_element = ctxt->sax->endElementNs;
  guard.characters = ctxt->sax->characters;
  guard.cdata_block = ctxt->sax->cdataBlock;
  guard.comment = ctxt->sax->comment;
  guard.processing_instruction = ctxt->sax->processingInstruction;
  ctxt->_private = &guard;
  ctxt->sax->startElementNs = guard_start_element;
  ctxt->sax->endElementNs = guard_end_element;
  ctxt->sax->characters = guard_characters;
  ctxt->sax->cdataBlock = guard_cdata_block;
  ctxt->sax->comment = guard_comment;
  ctxt->sax->processingInstruction = guard_processing_instruction;
  ctxt->sax->entityDecl = guard_entity_decl;
  ctxt->sax->internalSubset = guard_internal_subset;
  ctxt->sax->externalSubset = guard_internal_subset;
  ctxt->sax->resolveEntity = guard_resolve_entity;

  /* Deliberately absent: XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD,
   * XML_PARSE_DTDVALID, XML_PARSE_DTDATTR, XML_PARSE_XINCLUDE, XML_PARSE_HUGE (keeps libxml2's own
   * limits too). */
  options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA
            | XML_PARSE_NOXINCNODE;
  doc = xmlCtxtReadMemory (ctxt, data + start, (int) (length - start), NULL, "UTF-8", options);

  if (guard.refusal >= 0)
    {
      set_refusal (error, guard.refusal, source, limits);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc == NULL || !ctxt->wellFormed || doc->intSubset != NULL || doc->extSubset != NULL)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);
      g_autofree char *reason = NULL;

      if (xerr != NULL && xerr->message != NULL)
        reason = g_strstrip (g_strdup (xerr->message));
      if (xerr != NULL && xerr->line > 0)
        g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                     _("%s: not well-formed XML at line %d: %s"), source, xerr->line,
                     reason != NULL ? reason : "?");
      else
        g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                     _("%s: not well-formed XML: %s"), source, reason != NULL ? reason : "?");
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED,
                   _("%s: the document has no root element"), source);
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  ctxt->_private = NULL;
  xmlFreeParserCtxt (ctxt);
  return doc;
}

gboolean
cd_xml_node_is (xmlNodePtr  node,
                const char *local_name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && g_strcmp0 ((const char *) node->name, local_name) == 0;
}

xmlNodePtr
cd_xml_next_element (xmlNodePtr node)
{
  for (node = node != NULL ? node->next : NULL; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE)
      return node;
  return NULL;
}

xmlNodePtr
cd_xml_first_child_element (xmlNodePtr node)
{
  xmlNodePtr child;

  if (node == NULL)
    return NULL;
  for (child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

xmlNodePtr
cd_xml_find_child (xmlNodePtr  node,
                   const char *local_name)
{
  for (xmlNodePtr child = cd_xml_first_child_element (node); child != NULL;
       child = cd_xml_next_element (child))
    if (cd_xml_node_is (child, local_name))
      return child;
  return NULL;
}

char *
cd_xml_node_text (xmlNodePtr node)
{
  GString *text = g_string_new (NULL);

  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content != NULL)
            g_string_append (text, (const char *) child->content);
          break;
        case XML_ELEMENT_NODE:
        case XML_ENTITY_REF_NODE:
        case XML_ENTITY_NODE:
          g_string_free (text, TRUE);
          return NULL;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
        case XML_ATTRIBUTE_NODE:
        case XML_DOCUMENT_NODE:
        case XML_DOCUMENT_TYPE_NODE:
        case XML_DOCUMENT_FRAG_NODE:
        case XML_NOTATION_NODE:
        case XML_HTML_DOCUMENT_NODE:
        case XML_DTD_NODE:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
        case XML_ENTITY_DECL:
        case XML_NAMESPACE_DECL:
        case XML_XINCLUDE_START:
        case XML_XINCLUDE_END:
        case XML_DOCB_DOCUMENT_NODE:
        default:
          break;
        }
    }
  return g_strstrip (g_string_free (text, FALSE));
}

char *
cd_xml_attribute_text (xmlNodePtr  node,
                       const char *name)
{
  xmlChar *value;
  char *copy;

  g_return_val_if_fail (node != NULL && name != NULL, NULL);

  value = xmlGetProp (node, BAD_CAST name);
  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

char *
cd_xml_describe_element (xmlNodePtr node)
{
  if (node == NULL)
    return g_strdup (_("nothing"));
  if (node->ns == NULL || node->ns->href == NULL)
    return g_strdup_printf (_("%s in no namespace"), (const char *) node->name);
  return g_strdup_printf (_("%s in the namespace %s"), (const char *) node->name,
                          (const char *) node->ns->href);
}
