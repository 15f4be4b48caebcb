/* cd-moh-envelope.h — the GIAMDINHHS envelope of the health-insurance assessment portal.
 *
 * Normalized as {"facility": "79001", "created": "2024-03-05", "episodes": [{"documents":
 * [<table>…]}]} where each <table> is what cd_moh_table_read gives (plus "type": the LOAIHOSO), or,
 * for a LOAIHOSO the claims do not use, {"type": "XML2", "interpreted": false, "bytes": N}; each
 * carries "file", its place in the episode. Inner tables may be base64 or written inline as XML.
 *
 * Each inner table is accepted or refused on its own: a refused one is {"type", "file",
 * "refused": true, "code", "message", "problems": [{"record"?, "field"?, "value"?, "reason"}]} and
 * is also listed in the envelope's "refused": [{"episode", "file", "type", "message"}]; an empty
 * NOIDUNGFILE is {"type", "file", "empty": true}. Only faults of the envelope itself (its root,
 * facility, signature shape, NGAYLAP, THONGTINHOSO, an episode list or episode that is empty, the
 * episode count, caps) refuse the whole envelope.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

JsonNode *cd_moh_envelope_read       (xmlDocPtr     doc,
                                      const char   *source,
                                      GError      **error);
JsonNode *cd_moh_envelope_parse      (const char   *data,
                                      gsize         length,
                                      const char   *source,
                                      GError      **error);

/* Building envelopes (the reference gateway): episodes of base64-encoded inner documents, with an
 * empty CHUKYDONVI ready for cd_xmldsig_sign_bytes. */
typedef struct _CdMohEnvelopeBuilder CdMohEnvelopeBuilder;

CdMohEnvelopeBuilder *cd_moh_envelope_builder_new           (const char            *facility,
                                                             const char            *created);
void                  cd_moh_envelope_builder_begin_episode (CdMohEnvelopeBuilder  *self);
/* Adds FILEHOSO LOAIHOSO=`type` to the current episode (one is begun if none is open). */
void                  cd_moh_envelope_builder_add_file      (CdMohEnvelopeBuilder  *self,
                                                             const char            *type,
                                                             const char            *data,
                                                             gsize                  length);
/* The envelope (UTF-8 XML); the builder may not be used afterwards except to free it. */
GBytes               *cd_moh_envelope_builder_end           (CdMohEnvelopeBuilder  *self);
void                  cd_moh_envelope_builder_free          (CdMohEnvelopeBuilder  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdMohEnvelopeBuilder, cd_moh_envelope_builder_free)

G_END_DECLS
