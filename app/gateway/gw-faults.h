/* gw-faults.h — faults on demand: the reference gateway misbehaves as a poor line and a careless
 * server would, so the workstation's client is tested against what offices really see.
 *
 * Set at start by flags (--latency-ms, --error-rate…) and at run time by POST /_control/faults with
 * a JSON object of the same names. Every decision is drawn from one seeded generator, so a test run
 * with the same seed and the same request order sees the same faults.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint    latency_ms;      /* added before every answer */
  guint    jitter_ms;       /* plus a uniform 0..jitter */
  double   error_rate;      /* HTTP 503 */
  double   reset_rate;      /* connection reset in the middle of the body */
  double   truncate_rate;   /* body shorter than its Content-Length, then a clean close */
  double   garbage_rate;    /* malformed XML or JSON, well framed */
  double   badsig_rate;     /* a byte changed after signing (signed documents only) */
  double   slow_rate;       /* body trickled out in small pieces */
  gboolean expire_tokens;   /* every bearer token is good for one request only */
  double   refuse_rate;     /* central refuses a decision (decided by its id, so stable) */
} GwFaultConfig;

typedef enum
{
  GW_BODY_XML,
  GW_BODY_JSON,
  GW_BODY_OTHER,
} GwBodyKind;

typedef struct _GwFaults GwFaults;

GwFaults     *gw_faults_new           (guint64              seed);
void          gw_faults_reseed        (GwFaults            *self,
                                       guint64              seed);
void          gw_faults_free          (GwFaults            *self);
GOptionGroup *gw_faults_option_group  (GwFaults            *self);
void          gw_faults_get           (GwFaults            *self,
                                       GwFaultConfig       *config);
gboolean      gw_faults_update_from_json (GwFaults         *self,
                                       JsonObject          *object,
                                       GError             **error);
char         *gw_faults_to_json       (GwFaults            *self);
gboolean      gw_faults_validate      (GwFaults            *self,
                                       GError             **error);

/* A draw against one of the rates. */
gboolean      gw_faults_roll          (GwFaults            *self,
                                       double               rate);
guint         gw_faults_random_int    (GwFaults            *self,
                                       guint                below);

/* Sends an answer through the fault layer: error, garbage, latency, then reset / truncate / slow.
 */
void          gw_faults_respond       (GwFaults            *self,
                                       SoupServerMessage   *msg,
                                       guint                status,
                                       const char          *content_type,
                                       GBytes              *body,
                                       GwBodyKind           kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwFaults, gw_faults_free)

G_END_DECLS
