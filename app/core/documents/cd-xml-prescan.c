/* cd-xml-prescan.c — bounding libxml2's per-element work with a byte scan. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-xml-prescan.h"

const char *
cd_xml_skip_past (const char *p,
                  const char *end,
                  const char *needle)
{
  gsize n = strlen (needle);

  while ((gsize) (end - p) >= n)
    {
      const char *hit = memchr (p, needle[0], (gsize) (end - p) - n + 1);

      if (hit == NULL)
        return NULL;
      if (memcmp (hit, needle, n) == 0)
        return hit + n;
      p = hit + 1;
    }
  return NULL;
}

static gboolean
starts_with (const char *p,
             const char *end,
             const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

/* Counted only when refusing, so the pass stays a single sweep for documents that are fine. */
static guint
line_of (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* Scans one start tag from just after its '<' and sets `next` to where the tag ends (or where
 * scanning must stop); FALSE with `error` set when a cap is passed. */
static gboolean
scan_start_tag (const char         *data,
                const char         *tag,
                const char         *end,
                const char         *source,
                const CdXmlLimits  *limits,
                guint              *in_document,
                const char        **next,
                GError            **error)
{
  const char *p = tag;
  guint attributes = 0;

  *next = end;

  while (p < end)
    {
      char c = *p;

      if (c == '"' || c == '\'')
        {
          const char *close = memchr (p + 1, c, (gsize) (end - p - 1));

          if (close == NULL)
            return TRUE;  /* unterminated: libxml2 says so */
          if ((gsize) (close - p - 1) > limits->max_attribute_bytes)
            {
              g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TEXT_TOO_LARGE,
                           _("%s: an attribute value at line %u is larger than %lu bytes"),
                           source, line_of (data, p), (unsigned long) limits->max_attribute_bytes);
              return FALSE;
            }
          p = close + 1;
          continue;
        }
      if (c == '=' && ++attributes > limits->max_attributes)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES,
                       _("%s: an element at line %u has more than %u attributes"), source,
                       line_of (data, tag), limits->max_attributes);
          return FALSE;
        }
      /* Every attribute is two nodes of the tree (the attribute and its text): bounded with the
       * elements' own cap, or 16 MiB of `a="" ` would build millions. */
      if (c == '=' && ++*in_document > limits->max_nodes)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES,
                       _("%s: the document has more than %u attributes"), source,
                       limits->max_nodes);
          return FALSE;
        }
      if (c == '>' || c == '<')
        {
          *next = p;
          return TRUE;
        }
      p++;
    }
  return TRUE;
}

gboolean
cd_xml_prescan (const char         *data,
                gsize               length,
                const char         *source,
                const CdXmlLimits  *limits,
                GError            **error)
{
  const char *end = data + length;
  const char *p = data;
  guint attributes = 0;

  while (p < end)
    {
      const char *open = memchr (p, '<', (gsize) (end - p));

      if (open == NULL)
        break;
      p = open + 1;
      /* Markup that holds no attributes, skipped whole so that a '=' or quote inside it is not
       * taken for one. End tags hold no '<' either, so the next search finds what follows. */
      if (starts_with (p, end, "!--"))
        p = cd_xml_skip_past (p + 3, end, "-->");
      else if (starts_with (p, end, "![CDATA["))
        p = cd_xml_skip_past (p + 8, end, "]]>");
      else if (starts_with (p, end, "?"))
        p = cd_xml_skip_past (p + 1, end, "?>");
      else if (starts_with (p, end, "!") || starts_with (p, end, "/"))
        continue;
      else if (!scan_start_tag (data, p, end, source, limits, &attributes, &p, error))
        return FALSE;
      if (p == NULL)
        break;  /* an unterminated comment, CDATA section or PI: libxml2 says so */
    }
  return TRUE;
}
