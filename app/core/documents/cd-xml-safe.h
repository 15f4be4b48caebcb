/* cd-xml-safe.h — reading XML from other systems without trusting it.
 *
 * Network off, no entity substitution, no DTD loading or validation, any DOCTYPE refused before
 * libxml2 sees it, UTF-8 only, and caps on input size, nesting depth, node count, text-node size,
 * attributes per element and attribute size, so that the work of a parse is bounded by the caps and
 * not only its memory. Every refusal is a CD_DOCUMENT_ERROR naming the source and the cap.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "cd-xml-limits.h"

G_BEGIN_DECLS


/* Parses `data`; `source` names the document in errors (a file name or URL). `limits` may be NULL.
 * The document keeps CDATA merged into text, whitespace as it was (signatures need it). */
xmlDocPtr  cd_xml_safe_parse           (const char         *data,
                                        gsize               length,
                                        const char         *source,
                                        const CdXmlLimits  *limits,
                                        GError            **error);

/* Skips a UTF-8 byte-order mark: returns the offset of the content after it (0 or 3). */
gsize      cd_xml_bom_length           (const char         *data,
                                        gsize               length);

/* Helpers for reading by local name, namespace-blind as the formats require. */
gboolean   cd_xml_node_is              (xmlNodePtr          node,
                                        const char         *local_name);
xmlNodePtr cd_xml_first_child_element  (xmlNodePtr          node);
/* For messages: "Envelope in the namespace urn:envelope", "Envelope in no namespace", "nothing". */
char      *cd_xml_describe_element     (xmlNodePtr          node);
xmlNodePtr cd_xml_next_element         (xmlNodePtr          node);
xmlNodePtr cd_xml_find_child           (xmlNodePtr          node,
                                        const char         *local_name);
/* The element's text (text and CDATA children), trimmed; NULL if it has element children. */
char      *cd_xml_node_text            (xmlNodePtr          node);
/* The attribute's value, trimmed; NULL when it is missing or blank. */
char      *cd_xml_attribute_text       (xmlNodePtr          node,
                                        const char         *name);

/* Guarded so that another header may offer the same cleanup without a redefinition. */
#ifndef CD_XMLDOC_AUTOPTR_DEFINED
#define CD_XMLDOC_AUTOPTR_DEFINED
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
#endif

G_END_DECLS
