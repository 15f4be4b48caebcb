/* cd-xmldsig-foreign.c — verifying the signatures of documents from outside (e-invoices, interop
 * samples) with xmlsec1, under a written algorithm policy. Our own profiles are cd-xmldsig.c. */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/valid.h>
#include <string.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>

#include "cd-moh-tables.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig-foreign.h"
#include "cd-xmldsig-private.h"

#define XPATH_HREF   "http://www.w3.org/TR/1999/REC-xpath-19991116"
#define XPATH2_HREF  "http://www.w3.org/2002/06/xmldsig-filter2"

/* ---- the algorithm policy (docs/documents.md, "Signatures on documents from outside") ---- */

typedef struct
{
  const xmlChar *href;
  const char    *name;
  gboolean       sha1;     /* accepted only under the TT78 rule */
  gboolean       refused;  /* known, never accepted */
} Algorithm;

static const Algorithm signature_methods[] = {
  { xmlSecHrefRsaSha256, "rsa-sha256", FALSE, FALSE },
  { xmlSecHrefRsaSha384, "rsa-sha384", FALSE, FALSE },
  { xmlSecHrefRsaSha512, "rsa-sha512", FALSE, FALSE },
  { xmlSecHrefRsaSha1, "rsa-sha1", TRUE, FALSE },
  { xmlSecHrefDsaSha1, "dsa-sha1", FALSE, TRUE },
  { xmlSecHrefDsaSha256, "dsa-sha256", FALSE, TRUE },
};

static const Algorithm digest_methods[] = {
  { xmlSecHrefSha256, "sha256", FALSE, FALSE },
  { xmlSecHrefSha384, "sha384", FALSE, FALSE },
  { xmlSecHrefSha512, "sha512", FALSE, FALSE },
  { xmlSecHrefSha1, "sha1", TRUE, FALSE },
};

static const Algorithm *
find_algorithm (const Algorithm *table,
                gsize            n,
                const char      *href)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (href, (const char *) table[i].href) == 0)
      return &table[i];
  return NULL;
}

/* The TT78 rule: a Vietnamese e-invoice (Thông tư 78/2021/TT-BTC, root element HDon in no
 * namespace, the General Department of Taxation's XML format) is still signed with RSA-SHA1 and
 * SHA-1 digests by its issuers' software, and an applicant's invoice must be checkable. Nowhere
 * else is SHA-1 accepted: its collisions are practical. */
static gboolean
sha1_allowed (xmlNodePtr root)
{
  return root != NULL && root->ns == NULL && xmlStrEqual (root->name, BAD_CAST "HDon");
}

/* Our own signed formats, by root, and the command that checks each under its strict profile
 * (docs/documents.md, "Signature wrapping"): one signature, enveloped, covering the root. The
 * looser rules here would let such a document, or one holding it, pass for signed when that
 * profile refuses it, so the foreign verifier sends them there. The MoH tables are
 * cd_moh_table_from_root's. */
static const struct
{
  const char *root;
  const char *command;
} own_formats[] = {
  { "GIAMDINHHS", "claimdesk-cli parse-document --verify" },
  { "ClaimDeskRulePack", "claimdesk-cli rules install" },
  { "ClaimDeskConfiguration", "claimdesk-cli enrol (central's configuration)" },
  { "Hoso", "claimdesk-cli lists open" },
};

static const char *
own_format_command (xmlNodePtr node)
{
  if (node->type != XML_ELEMENT_NODE)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (own_formats); i++)
    if (cd_xml_node_is (node, own_formats[i].root))
      return own_formats[i].command;
  if (cd_moh_table_from_root ((const char *) node->name) != CD_MOH_TABLE_UNKNOWN)
    return "claimdesk-cli parse-document --verify";
  return NULL;
}

/* The first element of ours at or under `node`, in document order. */
static xmlNodePtr
find_own_format (xmlNodePtr node,
                 guint      depth)
{
  for (; node != NULL; node = node->next)
    {
      xmlNodePtr found;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (own_format_command (node) != NULL)
        return node;
      /* The safe parser caps nesting far below this; the guard only keeps the stack bounded. */
      if (depth < 256 && (found = find_own_format (node->children, depth + 1)) != NULL)
        return found;
    }
  return NULL;
}

/* Where an element sits: "/HDon/DLHDon", the names as written (prefix included), with "[n]" where
 * siblings share the name. A local name alone would not tell the signed DLHDon from one moved
 * into DSCKS with a forged one put in its place (docs/documents.md, "What is covered"). */
static char *
element_path (xmlNodePtr node)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  GString *path = g_string_new (NULL);

  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    {
      guint position = 0, count = 0;
      g_autofree char *name = node->ns != NULL && node->ns->prefix != NULL
                              ? g_strdup_printf ("%s:%s", node->ns->prefix, node->name)
                              : g_strdup ((const char *) node->name);

      for (xmlNodePtr sibling = node->parent != NULL ? node->parent->children : node;
           sibling != NULL; sibling = sibling->next)
        if (sibling->type == XML_ELEMENT_NODE && xmlStrEqual (sibling->name, node->name)
            && (sibling->ns == NULL) == (node->ns == NULL)
            && (sibling->ns == NULL || xmlStrEqual (sibling->ns->href, node->ns->href)))
          {
            count++;
            if (sibling == node)
              position = count;
          }
      if (count > 1)
        g_ptr_array_add (steps, g_strdup_printf ("%s[%u]", name, position));
      else
        g_ptr_array_add (steps, g_steal_pointer (&name));
    }
  for (guint i = steps->len; i > 0; i--)
    g_string_append_printf (path, "/%s", (const char *) g_ptr_array_index (steps, i - 1));
  return g_string_free (path, FALSE);
}

const char *
cd_foreign_signature_status_to_string (CdForeignSignatureStatus status)
{
  switch (status)
    {
    case CD_FOREIGN_SIGNATURE_VALID: return "valid";
    case CD_FOREIGN_SIGNATURE_UNTRUSTED: return "untrusted";
    case CD_FOREIGN_SIGNATURE_INVALID: return "invalid";
    case CD_FOREIGN_SIGNATURE_REFUSED: return "refused";
    default: return "unknown";
    }
}

static void
reference_free (gpointer data)
{
  CdForeignReference *reference = data;

  g_free (reference->uri);
  g_free (reference->digest);
  g_free (reference->element);
  g_free (reference);
}

void
cd_foreign_signature_result_free (CdForeignSignatureResult *result)
{
  if (result == NULL)
    return;
  g_free (result->root);
  g_clear_pointer (&result->references, g_ptr_array_unref);
  g_free (result->signature_algorithm);
  g_free (result->subject);
  g_free (result->reason);
  g_free (result);
}

static CdForeignSignatureResult *
result_new (void)
{
  CdForeignSignatureResult *result = g_new0 (CdForeignSignatureResult, 1);

  result->status = CD_FOREIGN_SIGNATURE_REFUSED;
  result->references = g_ptr_array_new_with_free_func (reference_free);
  return result;
}

/* ---- what the document holds ---- */

typedef struct
{
  GPtrArray  *signatures;  /* every ds:Signature, in document order */
  GHashTable *ids;         /* Id value → GPtrArray of the attributes (Id, ID, id) carrying it */
} Survey;

static void
survey_clear (Survey *survey)
{
  g_clear_pointer (&survey->signatures, g_ptr_array_unref);
  g_clear_pointer (&survey->ids, g_hash_table_unref);
}

static void
survey_tree (Survey     *survey,
             xmlDocPtr   doc,
             xmlNodePtr  node,
             guint       depth)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (cd_xmldsig_is_dsig (node, "Signature"))
        g_ptr_array_add (survey->signatures, node);
      for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
        {
          xmlChar *value;
          GPtrArray *holders;

          if (!cd_xmldsig_is_id_attribute (attr))
            continue;
          value = xmlNodeListGetString (doc, attr->children, 1);
          holders = g_hash_table_lookup (survey->ids, value != NULL ? (char *) value : "");
          if (holders == NULL)
            {
              holders = g_ptr_array_new ();
              g_hash_table_insert (survey->ids, g_strdup (value != NULL ? (char *) value : ""),
                                   holders);
            }
          g_ptr_array_add (holders, attr);
          xmlFree (value);
        }
      /* The safe parser caps nesting far below this; the guard only keeps the stack bounded. */
      if (depth < 256)
        survey_tree (survey, doc, node->children, depth + 1);
    }
}

static void
survey_run (Survey    *survey,
            xmlDocPtr  doc)
{
  survey->signatures = g_ptr_array_new ();
  survey->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  survey_tree (survey, doc, xmlDocGetRootElement (doc), 0);
}

static xmlNodePtr
dsig_child (xmlNodePtr  node,
            const char *name)
{
  for (xmlNodePtr child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    if (cd_xmldsig_is_dsig (child, name))
      return child;
  return NULL;
}

static char *
algorithm_of (xmlNodePtr node)
{
  return node != NULL ? (char *) xmlGetProp (node, BAD_CAST "Algorithm") : NULL;
}

static gboolean
is_ancestor_or_self (xmlNodePtr ancestor,
                     xmlNodePtr node)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

/* ---- one signature ---- */

typedef struct
{
  CdForeignSignatureStatus  status;
  char                     *reason;
  char                     *algorithm;
  char                     *subject;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->reason, g_free);
  g_clear_pointer (&outcome->algorithm, g_free);
  g_clear_pointer (&outcome->subject, g_free);
}

/* Keeps the first reason: the References are all listed, but the first refusal is the one told. */
static void G_GNUC_PRINTF (2, 3)
refuse (Outcome    *outcome,
        const char *format,
        ...)
{
  va_list args;

  if (outcome->reason != NULL)
    return;
  va_start (args, format);
  outcome->reason = g_strdup_vprintf (format, args);
  va_end (args);
  outcome->status = CD_FOREIGN_SIGNATURE_REFUSED;
}

/* Resolves a Reference's URI to the element it covers, registering a "#id" as an ID of `doc` — the
 * only IDs xmlsec can then find, as with xmlsec1 --id-attr — and refusing what it cannot name
 * unambiguously. */
static xmlNodePtr
resolve_uri (Outcome    *outcome,
             xmlDocPtr   doc,
             Survey     *survey,
             const char *uri)
{
  GPtrArray *holders;
  xmlAttrPtr attr, known;
  const char *id;

  if (uri[0] == '\0')
    return xmlDocGetRootElement (doc);
  if (uri[0] != '#')
    {
      refuse (outcome, "the Reference “%s” points outside the document: only same-document "
              "references (\"\" or \"#id\") are followed", uri);
      return NULL;
    }
  id = uri + 1;
  if (id[0] == '\0' || strchr (id, '(') != NULL)
    {
      refuse (outcome, "the Reference “%s” is not accepted: XPointer expressions are not "
              "followed, only \"#id\"", uri);
      return NULL;
    }
  holders = g_hash_table_lookup (survey->ids, id);
  if (holders == NULL)
    {
      refuse (outcome, "the Reference “%s” names no element (no Id, ID or id attribute has that "
              "value)", uri);
      return NULL;
    }
  if (holders->len > 1)
    {
      xmlAttrPtr first = g_ptr_array_index (holders, 0);
      xmlAttrPtr second = g_ptr_array_index (holders, 1);

      refuse (outcome, "the Id “%s” is carried by two elements (%s and %s), so the Reference “%s” "
              "is ambiguous", id, (const char *) first->parent->name,
              (const char *) second->parent->name, uri);
      return NULL;
    }
  attr = g_ptr_array_index (holders, 0);
  known = xmlGetID (doc, BAD_CAST id);
  if (known == NULL && xmlAddID (NULL, doc, BAD_CAST id, attr) != NULL)
    known = attr;
  if (known != attr)
    {
      refuse (outcome, "the Reference “%s” cannot be registered as an ID", uri);
      return NULL;
    }
  return attr->parent;
}

/* Enveloped-signature and canonicalisations only: XPath and XSLT run a program chosen by the signer
 * over the document and can leave out of the digest the very part a reader looks at; base64 and
 * the rest no document here needs. Answers whether the enveloped-signature transform is there. */
static gboolean
check_transforms (Outcome    *outcome,
                  xmlNodePtr  reference,
                  const char *uri)
{
  xmlNodePtr transforms = dsig_child (reference, "Transforms");
  gboolean enveloped = FALSE;

  for (xmlNodePtr child = transforms != NULL ? transforms->children : NULL; child != NULL;
       child = child->next)
    {
      g_autofree char *algorithm = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      algorithm = algorithm_of (child);
      if (!cd_xmldsig_is_dsig (child, "Transform") || algorithm == NULL)
        refuse (outcome, "the Reference “%s” has a transform without an algorithm", uri);
      else if (g_strcmp0 (algorithm, (const char *) xmlSecHrefEnveloped) == 0)
        enveloped = TRUE;
      else if (cd_xmldsig_is_allowed_c14n (algorithm))
        continue;
      else if (g_strcmp0 (algorithm, XPATH_HREF) == 0 || g_strcmp0 (algorithm, XPATH2_HREF) == 0)
        refuse (outcome, "the Reference “%s” uses the XPath transform (%s), which is not "
                "accepted: an expression chosen by the signer decides what is signed", uri,
                algorithm);
      else if (g_strcmp0 (algorithm, (const char *) xmlSecHrefXslt) == 0)
        refuse (outcome, "the Reference “%s” uses the XSLT transform (%s), which is not accepted: "
                "a program chosen by the signer decides what is signed", uri, algorithm);
      else
        refuse (outcome, "the Reference “%s” uses the transform “%s”, which is not accepted (only "
                "enveloped-signature and canonicalisation)", uri, algorithm);
    }
  return enveloped;
}

static void
check_digest (Outcome    *outcome,
              xmlNodePtr  reference,
              const char *uri,
              gboolean    sha1_ok,
              const char *root_name)
{
  g_autofree char *href = algorithm_of (dsig_child (reference, "DigestMethod"));
  const Algorithm *digest = find_algorithm (digest_methods, G_N_ELEMENTS (digest_methods), href);

  if (digest == NULL)
    refuse (outcome, "the Reference “%s” uses the digest “%s”, which is not accepted (SHA-256 or "
            "stronger)", uri, href != NULL ? href : "(none)");
  else if (digest->sha1 && !sha1_ok)
    refuse (outcome, "the Reference “%s” uses a SHA-1 digest (sha1), accepted only on a TT78 "
            "e-invoice (root HDon), not on %s", uri, root_name);
}

/* A ds:Object of this very signature, named by "#id" with the enveloped-signature transform: the
 * TT78 e-invoice's time stamp. By the standard that transform removes the whole Signature, the
 * Object with it, so the digest would cover nothing (xmlsec1 reports a mismatch); the issuers'
 * software digests the Object whole, as .NET's SignedXml does. That reading signs more, never
 * less, so we take it: in our working copy the Object moves out to follow its Signature, keeping
 * the namespace and xml:* attributes it inherited there, and xmlsec then digests exactly the
 * Object. */
static void
move_object_out (xmlDocPtr  work,
                 xmlNodePtr signature,
                 xmlNodePtr object)
{
  xmlUnlinkNode (object);
  for (xmlNsPtr ns = signature->nsDef; ns != NULL; ns = ns->next)
    {
      gboolean declared = FALSE;

      for (xmlNsPtr own = object->nsDef; own != NULL; own = own->next)
        declared = declared || xmlStrEqual (own->prefix, ns->prefix);
      if (!declared)
        xmlNewNs (object, ns->href, ns->prefix);
    }
  for (xmlAttrPtr attr = signature->properties; attr != NULL; attr = attr->next)
    if (attr->ns != NULL && xmlStrEqual (attr->ns->href, XML_XML_NAMESPACE)
        && xmlHasNsProp (object, attr->name, XML_XML_NAMESPACE) == NULL)
      {
        xmlChar *value = xmlNodeListGetString (work, attr->children, 1);

        xmlSetNsProp (object, attr->ns, attr->name, value);
        xmlFree (value);
      }
  xmlAddNextSibling (signature, object);
  xmlReconciliateNs (work, object);
}

/* Reads the References: lists each in `references`, registers the Ids they name, and refuses
 * (first reason kept) what the policy does not accept. Fills `objects` with the time-stamp
 * Objects to move out (move_object_out). */
static void
check_references (Outcome    *outcome,
                  xmlDocPtr   work,
                  Survey     *survey,
                  xmlNodePtr  signature,
                  xmlNodePtr  signed_info,
                  GPtrArray  *references,
                  GPtrArray  *objects)
{
  xmlNodePtr root = xmlDocGetRootElement (work);
  gboolean sha1_ok = sha1_allowed (root);
  g_autoptr(GPtrArray) covered = g_ptr_array_new ();
  gboolean invoice_data = FALSE;
  guint n = 0;

  for (xmlNodePtr reference = signed_info->children; reference != NULL;
       reference = reference->next)
    {
      g_autofree char *uri = NULL;
      g_autofree char *digest_href = NULL;
      const Algorithm *digest;
      CdForeignReference *entry;
      xmlNodePtr target = NULL;
      gboolean enveloped;

      if (!cd_xmldsig_is_dsig (reference, "Reference"))
        continue;
      n++;
      uri = (char *) xmlGetProp (reference, BAD_CAST "URI");
      digest_href = algorithm_of (dsig_child (reference, "DigestMethod"));
      digest = find_algorithm (digest_methods, G_N_ELEMENTS (digest_methods), digest_href);
      entry = g_new0 (CdForeignReference, 1);
      entry->uri = g_strdup (uri);
      entry->digest = g_strdup (digest != NULL ? digest->name : digest_href);
      g_ptr_array_add (references, entry);

      if (uri == NULL)
        {
          refuse (outcome, "a Reference has no URI: what it signs would have to be supplied from "
                  "elsewhere");
          continue;
        }
      target = resolve_uri (outcome, work, survey, uri);
      if (target != NULL)
        entry->element = element_path (target);
      enveloped = check_transforms (outcome, reference, uri);
      check_digest (outcome, reference, uri, sha1_ok, (const char *) root->name);
      if (target == NULL)
        continue;
      /* The signature itself and what is inside it are no part of the document a reader looks
       * at: with the enveloped-signature transform the Signature digests as nothing at all, and
       * an enveloping signature's Object is content no document of ours carries. Only the TT78
       * time stamp is read there, and it must come with a Reference to the document. */
      if (target == signature)
        refuse (outcome, "the Reference “%s” points at the signature itself, which signs nothing "
                "of the document", uri);
      else if (is_ancestor_or_self (signature, target))
        {
          if (enveloped && target->parent == signature && cd_xmldsig_is_dsig (target, "Object"))
            g_ptr_array_add (objects, target);
          else
            refuse (outcome, "the Reference “%s” points inside the signature, at its %s", uri,
                    (const char *) target->name);
        }
      else
        {
          g_ptr_array_add (covered, target);
          if (target->parent == root && target->ns == NULL
              && xmlStrEqual (target->name, BAD_CAST "DLHDon"))
            invoice_data = TRUE;
        }
    }
  if (n == 0)
    refuse (outcome, "the signature has no Reference");
  else if (covered->len == 0)
    refuse (outcome, "the signature signs nothing of the document: no Reference covers an "
            "element outside the signature");

  /* Moving an Object out of the Signature changes what a Reference to the Signature itself or to
   * an element around it digests: then no reading makes both hold. */
  if (objects->len > 0 && signature->parent != NULL
      && signature->parent->type == XML_ELEMENT_NODE)
    {
      for (guint i = 0; i < covered->len; i++)
        if (is_ancestor_or_self (g_ptr_array_index (covered, i), signature))
          refuse (outcome, "the signature signs its own ds:Object with the enveloped-signature "
                  "transform and also the signature or an element around it: the two cannot "
                  "both hold");
    }
  else if (objects->len > 0)
    refuse (outcome, "the signature signs its own ds:Object with the enveloped-signature "
            "transform, which leaves nothing of it signed");

  /* The TT78 rule: an invoice is read from HDon/DLHDon, so that is what must be signed. An Id
   * alone may sit anywhere: the signed DLHDon moved into DSCKS, a forged one in its place, would
   * verify just the same. */
  if (sha1_allowed (root))
    {
      guint n_data = 0;

      for (xmlNodePtr child = root->children; child != NULL; child = child->next)
        n_data += child->type == XML_ELEMENT_NODE && child->ns == NULL
                  && xmlStrEqual (child->name, BAD_CAST "DLHDon") ? 1 : 0;
      if (n_data > 1)
        refuse (outcome, "the e-invoice holds %u DLHDon under HDon: which one is the invoice "
                "would depend on the reader", n_data);
      else if (!invoice_data)
        refuse (outcome, "under the TT78 rule a signature on an e-invoice must sign the invoice "
                "data, /HDon/DLHDon, the DLHDon directly under the root; no Reference covers it");
    }
}

static void
check_algorithms (Outcome    *outcome,
                  xmlNodePtr  root,
                  xmlNodePtr  signed_info)
{
  g_autofree char *c14n = algorithm_of (dsig_child (signed_info, "CanonicalizationMethod"));
  g_autofree char *href = algorithm_of (dsig_child (signed_info, "SignatureMethod"));
  const Algorithm *method = find_algorithm (signature_methods, G_N_ELEMENTS (signature_methods),
                                            href);

  outcome->algorithm = g_strdup (method != NULL ? method->name : href);
  if (method == NULL)
    refuse (outcome, "the signature algorithm “%s” is not accepted (RSA with SHA-256 or stronger)",
            href != NULL ? href : "(none)");
  else if (method->refused)
    refuse (outcome, "the signature algorithm %s is not accepted: DSA is used by none of the "
            "documents we read, and its 1024-bit SHA-1 keys are no longer safe", method->name);
  else if (method->sha1 && !sha1_allowed (root))
    refuse (outcome, "the signature algorithm rsa-sha1 (SHA-1) is accepted only on a TT78 "
            "e-invoice (root HDon), not on %s", (const char *) root->name);
  if (!cd_xmldsig_is_allowed_c14n (c14n))
    refuse (outcome, "the canonicalisation “%s” is not accepted", c14n != NULL ? c14n : "(none)");
}

/* The key must come with the signature: a certificate, or a bare RSA key. A KeyName, an X509Digest
 * or a subject name only points at a key held elsewhere, and RetrievalMethod would fetch one. */
static void
check_key_info (Outcome    *outcome,
                xmlNodePtr  signature)
{
  xmlNodePtr key_info = dsig_child (signature, "KeyInfo");
  gboolean has_key = FALSE;

  for (xmlNodePtr child = key_info != NULL ? key_info->children : NULL; child != NULL;
       child = child->next)
    {
      if (cd_xmldsig_is_dsig (child, "RetrievalMethod"))
        {
          refuse (outcome, "KeyInfo asks to fetch the key (RetrievalMethod), which is not done");
          return;
        }
      if (cd_xmldsig_is_dsig (child, "X509Data")
          && dsig_child (child, "X509Certificate") != NULL)
        has_key = TRUE;
      if (cd_xmldsig_is_dsig (child, "KeyValue") && dsig_child (child, "RSAKeyValue") != NULL)
        has_key = TRUE;
    }
  if (!has_key)
    refuse (outcome, "KeyInfo carries no key (an X509Certificate or an RSAKeyValue): a KeyName, "
            "X509Digest or subject name points at a key this workstation does not hold");
}

static gboolean
enable_transforms (xmlSecDSigCtxPtr ctx,
                   gboolean         sha1_ok)
{
  const xmlSecTransformId reference[] = {
    xmlSecTransformEnvelopedId, xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId,
    xmlSecTransformExclC14NId, xmlSecTransformSha256Id, xmlSecTransformSha384Id,
    xmlSecTransformSha512Id,
  };
  const xmlSecTransformId signature[] = {
    xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId, xmlSecTransformExclC14NId,
    xmlSecTransformRsaSha256Id, xmlSecTransformRsaSha384Id, xmlSecTransformRsaSha512Id,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (reference); i++)
    if (xmlSecDSigCtxEnableReferenceTransform (ctx, reference[i]) < 0)
      return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (signature); i++)
    if (xmlSecDSigCtxEnableSignatureTransform (ctx, signature[i]) < 0)
      return FALSE;
  return !sha1_ok
         || (xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformSha1Id) >= 0
             && xmlSecDSigCtxEnableSignatureTransform (ctx, xmlSecTransformRsaSha1Id) >= 0);
}

/* xmlsec on the one signature, then the signer against the store. */
static void
run_xmlsec (Outcome      *outcome,
            CdTrustStore *store,
            xmlDocPtr     work,
            xmlNodePtr    signature,
            guint         n_references)
{
  xmlSecKeysMngrPtr manager = cd_xmldsig_thread_manager ();
  xmlSecDSigCtxPtr ctx = manager != NULL ? xmlSecDSigCtxCreate (manager) : NULL;
  CdSignatureStatus signer;
  g_autofree char *subject = NULL;
  g_autofree char *reason = NULL;

  outcome->status = CD_FOREIGN_SIGNATURE_INVALID;
  if (ctx == NULL || !enable_transforms (ctx, sha1_allowed (xmlDocGetRootElement (work))))
    {
      outcome->status = CD_FOREIGN_SIGNATURE_REFUSED;
      outcome->reason = g_strdup ("the signature context could not be prepared");
      goto out;
    }
  ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument;
  ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS;
  ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;

  if (xmlSecDSigCtxVerify (ctx, signature) < 0)
    {
      outcome->reason = g_strdup ("the signature cannot be processed (structure, encoding or "
                                  "key)");
      goto out;
    }
  if (ctx->status != xmlSecDSigStatusSucceeded)
    {
      /* xmlsec stops at the first Reference whose digest differs; none: the value itself. */
      for (xmlSecSize i = 0; i < xmlSecPtrListGetSize (&ctx->signedInfoReferences); i++)
        {
          xmlSecDSigReferenceCtxPtr reference = xmlSecPtrListGetItem (&ctx->signedInfoReferences,
                                                                      i);

          if (reference != NULL && reference->status != xmlSecDSigStatusSucceeded)
            {
              outcome->reason = g_strdup_printf ("the digest of the Reference “%s” does not match: "
                                                 "what it covers changed after signing",
                                                 reference->uri != NULL
                                                   ? (const char *) reference->uri : "");
              goto out;
            }
        }
      outcome->reason = g_strdup ("the signature value does not match SignedInfo (changed after "
                                  "signing, or made with another key)");
      goto out;
    }
  if (xmlSecPtrListGetSize (&ctx->signedInfoReferences) != n_references)
    {
      outcome->reason = g_strdup ("xmlsec did not check every Reference");
      goto out;
    }

  signer = cd_xmldsig_check_signer (store, ctx->signKey, &subject, &reason);
  if (signer == CD_SIGNATURE_VALID)
    outcome->status = CD_FOREIGN_SIGNATURE_VALID;
  else if (signer == CD_SIGNATURE_UNTRUSTED)
    {
      outcome->status = CD_FOREIGN_SIGNATURE_UNTRUSTED;
      outcome->reason = g_strdup_printf ("the signer is not chained to the trust store: %s",
                                         reason != NULL ? reason : "?");
    }
  else
    {
      outcome->status = CD_FOREIGN_SIGNATURE_UNTRUSTED;
      outcome->reason = g_strdup ("the key is given bare (KeyValue): the signed content is "
                                  "unchanged, but no certificate names the signer");
    }
  g_free (outcome->subject);
  outcome->subject = g_steal_pointer (&subject);

out:
  g_clear_pointer (&ctx, xmlSecDSigCtxDestroy);
}

/* The `index`-th signature of `doc`, on a copy of its own: the Ids it registers and the Object it
 * may move must not change what another signature of the document sees. */
static void
verify_one (Outcome      *outcome,
            CdTrustStore *store,
            xmlDocPtr     doc,
            guint         index,
            GPtrArray    *references)
{
  g_autoptr(xmlDoc) work = xmlCopyDoc (doc, 1);
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  Survey survey = { 0 };
  xmlNodePtr signature, signed_info;
  guint n_references = 0;

  if (work == NULL)
    {
      refuse (outcome, "the document could not be copied");
      return;
    }
  survey_run (&survey, work);
  g_assert (index < survey.signatures->len);
  signature = g_ptr_array_index (survey.signatures, index);
  outcome->subject = cd_xmldsig_signer_subject (signature);

  signed_info = cd_xml_first_child_element (signature);
  if (!cd_xmldsig_is_dsig (signed_info, "SignedInfo"))
    {
      refuse (outcome, "the signature does not start with SignedInfo");
      goto out;
    }
  for (xmlNodePtr child = signed_info->children; child != NULL; child = child->next)
    n_references += cd_xmldsig_is_dsig (child, "Reference") ? 1 : 0;

  /* The first reason is the one told: what kind of signature, then what it signs, then the key. */
  check_algorithms (outcome, xmlDocGetRootElement (work), signed_info);
  check_references (outcome, work, &survey, signature, signed_info, references, objects);
  check_key_info (outcome, signature);
  if (outcome->reason != NULL)
    goto out;

  for (guint i = 0; i < objects->len; i++)
    move_object_out (work, signature, g_ptr_array_index (objects, i));
  run_xmlsec (outcome, store, work, signature, n_references);

out:
  survey_clear (&survey);
}

/* Which outcome the document's answer is: a change proven anywhere first, then a refusal. */
static int
severity (CdForeignSignatureStatus status)
{
  switch (status)
    {
    case CD_FOREIGN_SIGNATURE_VALID: return 0;
    case CD_FOREIGN_SIGNATURE_UNTRUSTED: return 1;
    case CD_FOREIGN_SIGNATURE_REFUSED: return 2;
    case CD_FOREIGN_SIGNATURE_INVALID: return 3;
    default: return 3;
    }
}

CdForeignSignatureResult *
cd_xmldsig_verify_foreign (CdTrustStore *store,
                           xmlDocPtr     doc)
{
  g_autoptr(GError) error = NULL;
  CdForeignSignatureResult *result;
  xmlNodePtr root, own;
  Survey survey = { 0 };

  g_return_val_if_fail (store == NULL || CD_IS_TRUST_STORE (store), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  result = result_new ();
  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      result->reason = g_strdup ("the document has no root element");
      return result;
    }
  result->root = g_strdup ((const char *) root->name);
  own = find_own_format (root, 0);
  if (own != NULL)
    {
      g_autofree char *path = element_path (own);

      if (own == root)
        result->reason = g_strdup_printf ("%s is one of ClaimDesk's own signed formats, whose "
                                          "signature is checked only under its strict profile: "
                                          "use %s", (const char *) root->name,
                                          own_format_command (own));
      else
        result->reason = g_strdup_printf ("the document holds %s, one of ClaimDesk's own signed "
                                          "formats, at %s: its signature is checked only under "
                                          "its strict profile, on the document alone: use %s",
                                          (const char *) own->name, path,
                                          own_format_command (own));
      return result;
    }
  if (!cd_xmldsig_init (&error))
    {
      result->reason = g_strdup (error->message);
      return result;
    }

  survey_run (&survey, doc);
  result->n_signatures = survey.signatures->len;
  survey_clear (&survey);
  if (result->n_signatures == 0)
    {
      result->reason = g_strdup ("the document carries no ds:Signature");
      return result;
    }

  result->status = CD_FOREIGN_SIGNATURE_VALID;
  for (guint i = 0; i < result->n_signatures; i++)
    {
      Outcome outcome = { CD_FOREIGN_SIGNATURE_VALID, NULL, NULL, NULL };

      verify_one (&outcome, store, doc, i, result->references);
      if (i == 0)
        {
          result->signature_algorithm = g_steal_pointer (&outcome.algorithm);
          result->subject = g_steal_pointer (&outcome.subject);
        }
      if (severity (outcome.status) > severity (result->status))
        {
          result->status = outcome.status;
          g_free (result->reason);
          result->reason = g_steal_pointer (&outcome.reason);
        }
      else if (result->reason == NULL && outcome.status == result->status)
        result->reason = g_steal_pointer (&outcome.reason);
      outcome_clear (&outcome);
    }
  return result;
}

CdForeignSignatureResult *
cd_xmldsig_verify_foreign_data (CdTrustStore *store,
                                const char   *data,
                                gsize         length,
                                const char   *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  CdForeignSignatureResult *result;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  doc = cd_xml_safe_parse (data, length, source, NULL, &error);
  if (doc == NULL)
    {
      result = result_new ();
      result->reason = g_strdup (error->message);
      return result;
    }
  return cd_xmldsig_verify_foreign (store, doc);
}
