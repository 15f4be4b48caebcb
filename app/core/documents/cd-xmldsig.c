/* cd-xmldsig.c — XMLDSig with xmlsec1: verification against the trust store, and facility signing.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/valid.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <string.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/openssl/x509.h>

#include "cd-base64.h"
#include "cd-data-dir.h"
#include "cd-document-error.h"
#include "cd-x509.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"

#define SIGNATURE_PARENT "CHUKYDONVI"
#define DEFAULT_ROOT_ID  "claimdesk-signed"

struct _CdSigningKey
{
  GObject       parent_instance;
  GMutex        lock;     /* guards duplicating `key`; signing itself runs on the duplicate */
  xmlSecKeyPtr  key;
  char         *subject;
};

G_DEFINE_FINAL_TYPE (CdSigningKey, cd_signing_key, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-xmldsig-error-quark, cd_xmldsig_error)

/* ---- initialisation ---- */

/* xmlsec reports every failed check on stderr; the outcome is what we record, so stay quiet. */
static void
quiet_errors (const char *file,
              int         line,
              const char *func,
              const char *error_object,
              const char *error_subject,
              int         reason,
              const char *msg)
{
}

static gboolean
initialise (void)
{
  xmlInitParser ();
  if (xmlSecInit () < 0)
    return FALSE;
  if (xmlSecCheckVersion () != 1)
    return FALSE;
  if (xmlSecCryptoAppInit (NULL) < 0)
    return FALSE;
  if (xmlSecCryptoInit () < 0)
    return FALSE;
  xmlSecErrorsSetCallback (quiet_errors);
  return TRUE;
}

void
cd_xmldsig_init_early (void)
{
  OPENSSL_init_crypto (OPENSSL_INIT_NO_ATEXIT, NULL);
}

gboolean
cd_xmldsig_init (GError **error)
{
  static gsize state = 0;  /* 1 ready, 2 failed */

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, initialise () ? 1 : 2);
  if (state != 1)
    {
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_INIT,
                   _("The signature library (xmlsec1) could not be initialised"));
      return FALSE;
    }
  return TRUE;
}

const char *
cd_signature_status_to_string (CdSignatureStatus status)
{
  switch (status)
    {
    case CD_SIGNATURE_UNSIGNED: return "unsigned";
    case CD_SIGNATURE_VALID: return "valid";
    case CD_SIGNATURE_INVALID: return "invalid";
    case CD_SIGNATURE_UNTRUSTED: return "untrusted";
    default: return "unknown";
    }
}

const char *
cd_xmldsig_profile_to_string (CdXmldsigProfile profile)
{
  switch (profile)
    {
    case CD_XMLDSIG_PROFILE_ENVELOPED: return "enveloped";
    case CD_XMLDSIG_PROFILE_ID: return "id";
    default: return "unknown";
    }
}

void
cd_signature_result_free (CdSignatureResult *result)
{
  if (result == NULL)
    return;
  g_free (result->subject);
  g_free (result->reason);
  g_free (result);
}

/* ---- the shape a signature may take ---- */

/* Wrapping attacks move signed content to where the reader does not look and put unsigned content
 * where it does; they live on the freedoms XMLDSig allows. The formats here use none of them: one
 * Signature in a block element directly under the root, one Reference to the whole document (URI ""
 * or "#" the root's Id) with the enveloped-signature transform and at most a canonicalisation, and
 * nothing but SignedInfo, SignatureValue and KeyInfo. Anything else is refused before xmlsec runs,
 * so what it verifies is exactly the element the parsers read. */

typedef struct
{
  xmlNodePtr  signature;   /* the one ds:Signature, NULL when the document has none */
  xmlNodePtr  covered;     /* the element its Reference covers: the root */
  xmlAttrPtr  id;          /* the root's Id attribute the Reference names, or NULL for URI="" */
  GPtrArray  *signatures;  /* every ds:Signature, in document order */
  GHashTable *ids;         /* Id value → its attribute, for every attribute named Id, ID or id */
  char       *duplicate;   /* why the Ids are not unique, or NULL */
} Shape;

static void
shape_clear (Shape *shape)
{
  g_clear_pointer (&shape->signatures, g_ptr_array_unref);
  g_clear_pointer (&shape->ids, g_hash_table_unref);
  g_clear_pointer (&shape->duplicate, g_free);
}

static gboolean
is_dsig (xmlNodePtr  node,
         const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL
         && xmlStrEqual (node->ns->href, xmlSecDSigNs)
         && xmlStrEqual (node->name, BAD_CAST name);
}

/* Id, ID and id in any namespace (xml:id, wsu:Id): the names under which some processor or other
 * would resolve "#value", so one value on two elements is ambiguous to someone. */
static gboolean
is_id_attribute (xmlAttrPtr attr)
{
  return g_ascii_strcasecmp ((const char *) attr->name, "id") == 0;
}

static void
survey (Shape      *shape,
        xmlDocPtr   doc,
        xmlNodePtr  node,
        guint       depth)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (is_dsig (node, "Signature"))
        g_ptr_array_add (shape->signatures, node);
      for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
        {
          xmlChar *value;
          xmlAttrPtr first;

          if (!is_id_attribute (attr))
            continue;
          value = xmlNodeListGetString (doc, attr->children, 1);
          first = g_hash_table_lookup (shape->ids, value != NULL ? (char *) value : "");
          if (first == NULL)
            g_hash_table_insert (shape->ids, g_strdup (value != NULL ? (char *) value : ""), attr);
          else if (shape->duplicate == NULL)
            shape->duplicate = g_strdup_printf ("the Id “%s” is carried by two elements "
                                                "(%s and %s)",
                                                value != NULL ? (char *) value : "",
                                                (const char *) first->parent->name,
                                                (const char *) node->name);
          xmlFree (value);
        }
      /* The safe parser caps nesting far below this; the guard only keeps the stack bounded. */
      if (depth < 256)
        survey (shape, doc, node->children, depth + 1);
    }
}

static const char *const allowed_c14n[] = {
  "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
  "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
  "http://www.w3.org/2001/10/xml-exc-c14n#",
};

static gboolean
is_allowed_c14n (const char *algorithm)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed_c14n); i++)
    if (g_strcmp0 (algorithm, allowed_c14n[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The Reference's transforms: the enveloped-signature transform first, then at most one
 * canonicalisation. XPath, XSLT, base64 and the rest could narrow what the digest covers. */
static gboolean
check_transforms (xmlNodePtr   reference,
                  char       **out_reason)
{
  xmlNodePtr transforms = NULL;
  guint n = 0;

  for (xmlNodePtr child = reference->children; child != NULL; child = child->next)
    if (is_dsig (child, "Transforms"))
      transforms = child;
  for (xmlNodePtr child = transforms != NULL ? transforms->children : NULL; child != NULL;
       child = child->next)
    {
      g_autofree char *algorithm = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      algorithm = (char *) xmlGetProp (child, BAD_CAST "Algorithm");
      if (!is_dsig (child, "Transform")
          || (n == 0 && g_strcmp0 (algorithm, (const char *) xmlSecHrefEnveloped) != 0)
          || (n == 1 && !is_allowed_c14n (algorithm)) || n >= 2)
        {
          const char *what = algorithm != NULL ? algorithm : (const char *) child->name;

          *out_reason = g_strdup_printf ("the transform “%s” is not accepted (only the "
                                         "enveloped-signature transform, then at most a "
                                         "canonicalisation)", what);
          return FALSE;
        }
      n++;
    }
  if (n == 0)
    {
      *out_reason = g_strdup ("the Reference lacks the enveloped-signature transform");
      return FALSE;
    }
  return TRUE;
}

/* The one Reference must name the root: URI="" (the document) or "#" the root's Id attribute. */
static gboolean
check_reference (Shape       *shape,
                 xmlNodePtr   root,
                 xmlNodePtr   reference,
                 char       **out_reason)
{
  g_autofree char *uri = (char *) xmlGetProp (reference, BAD_CAST "URI");
  xmlAttrPtr attr;

  if (uri != NULL && uri[0] == '\0')
    {
      shape->covered = root;
      return check_transforms (reference, out_reason);
    }
  if (uri == NULL || uri[0] != '#' || strchr (uri, '(') != NULL)
    {
      *out_reason = g_strdup_printf ("the reference URI “%s” is not accepted",
                                     uri != NULL ? uri : "(none)");
      return FALSE;
    }
  attr = g_hash_table_lookup (shape->ids, uri + 1);
  if (attr == NULL || attr->ns != NULL || !xmlStrEqual (attr->name, BAD_CAST "Id"))
    {
      *out_reason = g_strdup_printf ("the reference %s names no Id attribute", uri);
      return FALSE;
    }
  if (attr->parent != root)
    {
      *out_reason = g_strdup_printf ("the reference %s names a %s element, not the root: the rest "
                                     "of the document would be read unsigned",
                                     uri, (const char *) attr->parent->name);
      return FALSE;
    }
  shape->covered = root;
  shape->id = attr;
  return check_transforms (reference, out_reason);
}

/* Fills `shape` and answers whether its signature, if any, has the one shape allowed. `block` is
 * the element directly under the root that holds it (CHUKYDONVI), or NULL for any. */
static gboolean
check_shape (xmlDocPtr    doc,
             const char  *block,
             Shape       *shape,
             char       **out_reason)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlNodePtr parent, reference = NULL;
  guint n_references = 0;

  shape->signatures = g_ptr_array_new ();
  shape->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (root == NULL)
    return TRUE;
  survey (shape, doc, root, 0);
  if (shape->signatures->len == 0)
    return TRUE;  /* unsigned: Ids are then nobody's business here */

  shape->signature = g_ptr_array_index (shape->signatures, 0);
  if (shape->signatures->len > 1)
    {
      *out_reason = g_strdup_printf ("the document carries %u signatures where the format has one",
                                     shape->signatures->len);
      return FALSE;
    }
  parent = shape->signature->parent;
  if (parent == NULL || parent->type != XML_ELEMENT_NODE || parent->parent != root
      || (block != NULL && !xmlStrEqual (parent->name, BAD_CAST block)))
    {
      *out_reason = g_strdup_printf ("the signature sits in %s, not in %s directly under the root",
                                     parent != NULL && parent->type == XML_ELEMENT_NODE
                                       ? (const char *) parent->name : "the document",
                                     block != NULL ? block : "an element");
      return FALSE;
    }
  if (shape->duplicate != NULL)
    {
      *out_reason = g_strdup (shape->duplicate);
      return FALSE;
    }
  for (xmlNodePtr child = shape->signature->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (!is_dsig (child, "SignedInfo") && !is_dsig (child, "SignatureValue")
          && !is_dsig (child, "KeyInfo"))
        {
          *out_reason = g_strdup_printf ("the signature carries %s, which nothing here signs or "
                                         "reads", (const char *) child->name);
          return FALSE;
        }
      if (!is_dsig (child, "SignedInfo"))
        continue;
      for (xmlNodePtr item = child->children; item != NULL; item = item->next)
        if (is_dsig (item, "Reference"))
          {
            reference = reference != NULL ? reference : item;
            n_references++;
          }
    }
  if (n_references != 1)
    {
      *out_reason = g_strdup_printf ("the signature has %u Reference elements where the format "
                                     "has one", n_references);
      return FALSE;
    }
  return check_reference (shape, root, reference, out_reason);
}

gboolean
cd_xmldsig_check_shape (xmlDocPtr    doc,
                        const char  *block,
                        const char  *source,
                        GError     **error)
{
  Shape shape = { 0 };
  g_autofree char *reason = NULL;
  gboolean ok;

  g_return_val_if_fail (doc != NULL, FALSE);

  ok = check_shape (doc, block, &shape, &reason);
  shape_clear (&shape);
  if (!ok)
    g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_SIGNATURE,
                 /* TRANSLATORS: "FILE: the signature is refused: <reason in English>" */
                 _("%s: the signature is refused: %s"), source != NULL ? source : "document",
                 reason);
  return ok;
}

/* ---- verification ---- */

static gboolean
enable_transforms (xmlSecDSigCtxPtr ctx)
{
  /* Only what the two profiles use: no XPath, XSLT, base64 or remote retrieval. */
  return xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformEnvelopedId) >= 0
         && xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformInclC14NId) >= 0
         && xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformInclC14NWithCommentsId) >= 0
         && xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformExclC14NId) >= 0
         && xmlSecDSigCtxEnableReferenceTransform (ctx, xmlSecTransformSha256Id) >= 0
         && xmlSecDSigCtxEnableSignatureTransform (ctx, xmlSecTransformInclC14NId) >= 0
         && xmlSecDSigCtxEnableSignatureTransform (ctx, xmlSecTransformExclC14NId) >= 0
         && xmlSecDSigCtxEnableSignatureTransform (ctx, xmlSecTransformRsaSha256Id) >= 0;
}

/* The first certificate in KeyInfo/X509Data, as the signer claims it, for reporting a bad
 * signature. */
static char *
signer_subject (xmlNodePtr signature)
{
  xmlNodePtr node;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) der = NULL;
  const unsigned char *p;
  gsize size = 0;
  X509 *cert;
  char *subject;

  node = xmlSecFindNode (signature, xmlSecNodeX509Certificate, xmlSecDSigNs);
  if (node == NULL)
    return NULL;
  text = (char *) xmlNodeGetContent (node);
  der = text != NULL ? cd_base64_decode_strict (text) : NULL;
  if (der == NULL)
    return NULL;
  p = g_bytes_get_data (der, &size);
  cert = d2i_X509 (NULL, &p, (long) size);
  if (cert == NULL)
    return NULL;
  subject = cd_x509_dup_subject (cert);
  X509_free (cert);
  return subject;
}

static void
keys_manager_free (gpointer manager)
{
  xmlSecKeysMngrDestroy (manager);
}

/* xmlsec needs a keys manager to read X509Data, and creating one loads the system TLS bundle (tens
 * of milliseconds), so each thread keeps one. Its trust is never used: certificates are not
 * verified by xmlsec (DONT_VERIFY_CERTS) but against our own trust store afterwards. */
static GPrivate thread_manager = G_PRIVATE_INIT (keys_manager_free);

static xmlSecKeysMngrPtr
get_thread_manager (void)
{
  xmlSecKeysMngrPtr manager = g_private_get (&thread_manager);

  if (manager != NULL)
    return manager;
  manager = xmlSecKeysMngrCreate ();
  if (manager == NULL || xmlSecCryptoAppDefaultKeysMngrInit (manager) < 0)
    {
      g_clear_pointer (&manager, xmlSecKeysMngrDestroy);
      return NULL;
    }
  g_private_set (&thread_manager, manager);
  return manager;
}

/* Checks the signer's certificate (and any intermediates sent along) against the store. */
static CdSignatureStatus
check_signer (CdTrustStore      *store,
              xmlSecKeyPtr       key,
              char             **out_subject,
              char             **out_reason)
{
  xmlSecKeyDataPtr data = key != NULL ? xmlSecKeyGetData (key, xmlSecOpenSSLKeyDataX509Id) : NULL;
  X509 *leaf = data != NULL ? xmlSecOpenSSLKeyDataX509GetKeyCert (data) : NULL;
  STACK_OF (X509) *chain;
  CdSignatureStatus status;

  if (leaf == NULL)
    {
      *out_reason = g_strdup ("the signature carries no signer certificate");
      return CD_SIGNATURE_INVALID;
    }
  *out_subject = cd_x509_dup_subject (leaf);
  if (store == NULL)
    {
      *out_reason = g_strdup ("no trust store to check the signer against");
      return CD_SIGNATURE_UNTRUSTED;
    }

  chain = sk_X509_new_null ();
  for (xmlSecSize i = 0; i < xmlSecOpenSSLKeyDataX509GetCertsSize (data); i++)
    {
      X509 *cert = xmlSecOpenSSLKeyDataX509GetCert (data, i);

      if (cert != NULL && cert != leaf)
        sk_X509_push (chain, cert);
    }
  status = cd_trust_store_verify_chain (store, leaf, chain, out_reason) ? CD_SIGNATURE_VALID
                                                                         : CD_SIGNATURE_UNTRUSTED;
  sk_X509_free (chain);  /* the certificates belong to the key */
  return status;
}

CdSignatureResult *
cd_xmldsig_verify (CdTrustStore *store,
                   xmlDocPtr     doc)
{
  g_autoptr(GError) error = NULL;
  CdSignatureResult *result;
  Shape shape = { 0 };
  xmlSecKeysMngrPtr manager;
  xmlSecDSigCtxPtr ctx = NULL;
  xmlSecDSigReferenceCtxPtr reference;

  g_return_val_if_fail (store == NULL || CD_IS_TRUST_STORE (store), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  result = g_new0 (CdSignatureResult, 1);
  result->status = CD_SIGNATURE_INVALID;
  if (!check_shape (doc, NULL, &shape, &result->reason))
    goto out;
  if (shape.signature == NULL)
    {
      result->status = CD_SIGNATURE_UNSIGNED;
      goto out;
    }
  if (!cd_xmldsig_init (&error))
    {
      result->reason = g_strdup (error->message);
      goto out;
    }

  /* xmlsec resolves "#id" through the document's ID table: the root's Id is the one entry it may
   * find, and since Ids are unique nothing else can answer to that value. */
  if (shape.id != NULL)
    {
      xmlChar *value = xmlNodeListGetString (doc, shape.id->children, 1);
      xmlAttrPtr known = value != NULL ? xmlGetID (doc, value) : NULL;

      if (value != NULL && known == NULL)
        known = xmlAddID (NULL, doc, value, shape.id) != NULL ? shape.id : NULL;
      xmlFree (value);
      if (known == NULL || known->parent != shape.covered)
        {
          result->reason = g_strdup ("the reference does not resolve to the root element");
          goto out;
        }
    }

  manager = get_thread_manager ();
  ctx = manager != NULL ? xmlSecDSigCtxCreate (manager) : NULL;
  if (ctx == NULL || !enable_transforms (ctx))
    {
      result->reason = g_strdup ("the signature context could not be prepared");
      goto out;
    }
  ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument;
  ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS;
  ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;

  /* First the mathematics, then that xmlsec checked the one Reference the shape allowed, then
   * whom the certificate belongs to. */
  reference = NULL;
  if (xmlSecDSigCtxVerify (ctx, shape.signature) < 0)
    result->reason = g_strdup ("the signature cannot be processed (structure, algorithm or key)");
  else if (ctx->status != xmlSecDSigStatusSucceeded)
    result->reason = g_strdup ("the signature does not match the document (changed after signing)");
  else if (xmlSecPtrListGetSize (&ctx->signedInfoReferences) != 1
           || (reference = xmlSecPtrListGetItem (&ctx->signedInfoReferences, 0)) == NULL
           || reference->status != xmlSecDSigStatusSucceeded)
    result->reason = g_strdup ("the signature's one Reference was not the one verified");
  else
    {
      result->profile = shape.id != NULL ? CD_XMLDSIG_PROFILE_ID : CD_XMLDSIG_PROFILE_ENVELOPED;
      result->status = check_signer (store, ctx->signKey, &result->subject, &result->reason);
      if (result->status != CD_SIGNATURE_INVALID)
        result->covered = shape.covered;
    }

out:
  /* Also for a refused shape: whom the signature claims to be from, for the record. */
  if (result->subject == NULL && shape.signature != NULL)
    result->subject = signer_subject (shape.signature);
  g_clear_pointer (&ctx, xmlSecDSigCtxDestroy);
  shape_clear (&shape);
  return result;
}

/* ---- signing ---- */

static void
cd_signing_key_finalize (GObject *object)
{
  CdSigningKey *self = CD_SIGNING_KEY (object);

  g_clear_pointer (&self->key, xmlSecKeyDestroy);
  g_free (self->subject);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cd_signing_key_parent_class)->finalize (object);
}

static void
cd_signing_key_class_init (CdSigningKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_signing_key_finalize;
}

static void
cd_signing_key_init (CdSigningKey *self)
{
  g_mutex_init (&self->lock);
}

/* The key and certificate must belong together, or every signature would be useless. */
static gboolean
check_pair (const char  *key_pem,
            gsize        key_length,
            const char  *cert_pem,
            gsize        cert_length,
            char       **out_subject,
            GError     **error)
{
  BIO *key_bio = BIO_new_mem_buf (key_pem, (int) key_length);
  BIO *cert_bio = BIO_new_mem_buf (cert_pem, (int) cert_length);
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey (key_bio, NULL, NULL, NULL);
  X509 *cert = PEM_read_bio_X509 (cert_bio, NULL, NULL, NULL);
  gboolean ok = FALSE;

  if (pkey == NULL)
    g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY,
                 _("The signing key is not a PEM private key"));
  else if (cert == NULL)
    g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY,
                 _("The signing certificate is not a PEM certificate"));
  else if (X509_check_private_key (cert, pkey) != 1)
    g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY,
                 _("The signing key does not match the certificate"));
  else
    {
      *out_subject = cd_x509_dup_subject (cert);
      ok = TRUE;
    }
  EVP_PKEY_free (pkey);
  X509_free (cert);
  BIO_free (key_bio);
  BIO_free (cert_bio);
  return ok;
}

CdSigningKey *
cd_signing_key_new_from_pem (const char  *key_pem,
                             gsize        key_length,
                             const char  *cert_pem,
                             gsize        cert_length,
                             GError     **error)
{
  g_autoptr(CdSigningKey) self = NULL;
  g_autofree char *subject = NULL;
  xmlSecKeyPtr key;

  g_return_val_if_fail (key_pem != NULL && cert_pem != NULL, NULL);

  if (!cd_xmldsig_init (error))
    return NULL;
  if (key_length > G_MAXINT || cert_length > G_MAXINT
      || !check_pair (key_pem, key_length, cert_pem, cert_length, &subject, error))
    return NULL;

  key = xmlSecCryptoAppKeyLoadMemory ((const xmlSecByte *) key_pem, (xmlSecSize) key_length,
                                      xmlSecKeyDataFormatPem, NULL, NULL, NULL);
  if (key == NULL)
    {
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY,
                   _("The signing key is not a PEM private key"));
      return NULL;
    }
  if (xmlSecCryptoAppKeyCertLoadMemory (key, (const xmlSecByte *) cert_pem,
                                        (xmlSecSize) cert_length, xmlSecKeyDataFormatPem) < 0)
    {
      xmlSecKeyDestroy (key);
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY,
                   _("The signing certificate is not a PEM certificate"));
      return NULL;
    }

  self = g_object_new (CD_TYPE_SIGNING_KEY, NULL);
  self->key = key;
  self->subject = g_steal_pointer (&subject);
  return g_steal_pointer (&self);
}

CdSigningKey *
cd_signing_key_new_from_files (const char  *key_path,
                               const char  *cert_path,
                               GError     **error)
{
  g_autofree char *key_pem = NULL;
  g_autofree char *cert_pem = NULL;
  gsize key_length = 0, cert_length = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (key_path != NULL && cert_path != NULL, NULL);

  if (!g_file_get_contents (key_path, &key_pem, &key_length, &local_error)
      || !g_file_get_contents (cert_path, &cert_pem, &cert_length, &local_error))
    {
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY,
                   _("Cannot read the signing key: %s"), local_error->message);
      return NULL;
    }
  return cd_signing_key_new_from_pem (key_pem, key_length, cert_pem, cert_length, error);
}

CdSigningKey *
cd_signing_key_new_for_test_facility (const char  *facility_code,
                                      GError     **error)
{
  g_autofree char *key_name = g_strconcat (facility_code, ".key.pem", NULL);
  g_autofree char *cert_name = g_strconcat (facility_code, ".cert.pem", NULL);
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "facilities", key_name, NULL);
  g_autofree char *cert_path = g_build_filename (pki, "facilities", cert_name, NULL);

  g_return_val_if_fail (facility_code != NULL, NULL);

  return cd_signing_key_new_from_files (key_path, cert_path, error);
}

const char *
cd_signing_key_get_subject (CdSigningKey *self)
{
  g_return_val_if_fail (CD_IS_SIGNING_KEY (self), NULL);

  return self->subject;
}

/* The root's Id for the Id profile, set when absent and registered as an ID. */
static char *
ensure_root_id (xmlDocPtr doc)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlAttrPtr attr = xmlHasProp (root, BAD_CAST "Id");
  xmlChar *value;
  char *id;

  if (attr == NULL)
    attr = xmlSetProp (root, BAD_CAST "Id", BAD_CAST DEFAULT_ROOT_ID);
  value = xmlNodeListGetString (doc, attr->children, 1);
  id = g_strdup (value != NULL ? (const char *) value : "");
  if (value != NULL && xmlGetID (doc, value) == NULL)
    xmlAddID (NULL, doc, value, attr);
  xmlFree (value);
  return id;
}

gboolean
cd_xmldsig_sign (CdSigningKey      *key,
                 xmlDocPtr          doc,
                 xmlNodePtr         parent,
                 CdXmldsigProfile   profile,
                 GError           **error)
{
  g_autofree char *uri = NULL;
  xmlNodePtr signature, reference, key_info, x509;
  xmlSecDSigCtxPtr ctx;
  int status;

  g_return_val_if_fail (CD_IS_SIGNING_KEY (key), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  if (parent == NULL || parent->doc != doc || parent->type != XML_ELEMENT_NODE
      || xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_DOCUMENT,
                   _("The signature needs an element of the document to sit in"));
      return FALSE;
    }

  if (profile == CD_XMLDSIG_PROFILE_ID)
    {
      g_autofree char *id = ensure_root_id (doc);

      uri = g_strconcat ("#", id, NULL);
    }
  else
    uri = g_strdup ("");

  signature = xmlSecTmplSignatureCreateNsPref (doc, xmlSecTransformInclC14NId,
                                               xmlSecTransformRsaSha256Id, NULL, BAD_CAST "ds");
  if (signature == NULL)
    goto template_failed;
  xmlAddChild (parent, signature);
  reference = xmlSecTmplSignatureAddReference (signature, xmlSecTransformSha256Id, NULL,
                                               BAD_CAST uri, NULL);
  key_info = xmlSecTmplSignatureEnsureKeyInfo (signature, NULL);
  x509 = key_info != NULL ? xmlSecTmplKeyInfoAddX509Data (key_info) : NULL;
  if (reference == NULL || xmlSecTmplReferenceAddTransform (reference, xmlSecTransformEnvelopedId) == NULL
      || x509 == NULL || xmlSecTmplX509DataAddCertificate (x509) == NULL)
    {
      xmlUnlinkNode (signature);
      xmlFreeNode (signature);
      goto template_failed;
    }

  ctx = xmlSecDSigCtxCreate (NULL);
  if (ctx != NULL)
    {
      g_mutex_lock (&key->lock);
      ctx->signKey = xmlSecKeyDuplicate (key->key);
      g_mutex_unlock (&key->lock);
    }
  status = ctx != NULL && ctx->signKey != NULL ? xmlSecDSigCtxSign (ctx, signature) : -1;
  g_clear_pointer (&ctx, xmlSecDSigCtxDestroy);
  if (status < 0)
    {
      xmlUnlinkNode (signature);
      xmlFreeNode (signature);
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_SIGN, _("Signing the document failed"));
      return FALSE;
    }
  return TRUE;

template_failed:
  g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_SIGN,
               _("The signature template could not be built"));
  return FALSE;
}

GBytes *
cd_xmldsig_sign_bytes (CdSigningKey      *key,
                       const char        *data,
                       gsize              length,
                       CdXmldsigProfile   profile,
                       GError           **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  xmlNodePtr root, parent, child, next;
  xmlChar *buffer = NULL;
  int size = 0;

  g_return_val_if_fail (CD_IS_SIGNING_KEY (key), NULL);

  doc = cd_xml_safe_parse (data, length, "document to sign", NULL, &local_error);
  if (doc == NULL)
    {
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_DOCUMENT, "%s", local_error->message);
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  parent = cd_xml_find_child (root, SIGNATURE_PARENT);
  if (parent == NULL)
    parent = xmlNewChild (root, root->ns, BAD_CAST SIGNATURE_PARENT, NULL);
  for (child = parent->children; child != NULL; child = next)
    {
      next = child->next;
      if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, xmlSecNodeSignature))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
    }
  if (!cd_xmldsig_sign (key, doc, parent, profile, error))
    return NULL;

  xmlDocDumpMemoryEnc (doc, &buffer, &size, "UTF-8");
  if (buffer == NULL)
    {
      g_set_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_SIGN,
                   _("The signed document could not be written"));
      return NULL;
    }
  {
    /* NUL-terminated beyond its size, so callers may treat it as a string. */
    GBytes *bytes = g_bytes_new_take (g_strndup ((const char *) buffer, size), size);

    xmlFree (buffer);
    return bytes;
  }
}

char *
cd_xmldsig_require_trusted (CdTrustStore              *store,
                            xmlDocPtr                  doc,
                            const char                *source,
                            const CdTrustedSignature  *expect,
                            GError                   **error)
{
  g_autoptr(CdSignatureResult) result = NULL;

  g_return_val_if_fail (doc != NULL && source != NULL && expect != NULL, NULL);

  result = cd_xmldsig_verify (store, doc);
  switch (result->status)
    {
    case CD_SIGNATURE_VALID:
      return g_strdup (result->subject != NULL ? result->subject : "");
    case CD_SIGNATURE_UNSIGNED:
      /* TRANSLATORS: "FILE: the rule pack is not signed, so it is not installed" */
      g_set_error (error, expect->domain, expect->unsigned_code, _("%s: %s is not signed, %s"),
                   source, expect->what, expect->consequence);
      return NULL;
    case CD_SIGNATURE_UNTRUSTED:
      g_set_error (error, expect->domain, expect->untrusted_code,
                   _("%s: %s is signed by “%s”, whom no trust anchor of this workstation vouches "
                     "for, %s"),
                   source, expect->what, result->subject != NULL ? result->subject : "?",
                   expect->consequence);
      return NULL;
    case CD_SIGNATURE_INVALID:
    default:
      g_set_error (error, expect->domain, expect->bad_signature_code,
                   _("%s: the signature of %s does not match its content (%s), %s"), source,
                   expect->what, result->reason != NULL ? result->reason : "?",
                   expect->consequence);
      return NULL;
    }
}
