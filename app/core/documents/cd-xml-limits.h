/* cd-xml-limits.h — the caps on the work of reading one XML document (docs/documents.md, "Parser
 * limits"), shared by the byte pre-scan and the parse itself. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize max_bytes;            /* whole input */
  guint max_depth;            /* element nesting */
  guint max_nodes;            /* elements, comments and PIs; attributes, counted apart */
  gsize max_text;             /* one text node, CDATA included */
  guint max_attributes;       /* on one element, namespace declarations included */
  gsize max_attribute_bytes;  /* one attribute value */
} CdXmlLimits;

/* 16 MiB, depth 64, 200 000 nodes, 12 MiB of text in one node (a base64 inner document), 64
 * attributes on an element and 200 000 in the document, 64 KiB in one attribute value. */
const CdXmlLimits *cd_xml_limits_default (void);

G_END_DECLS
