/* cd-evidence-fetcher.h — asks every source about one person and date window, all at once.
 *
 * One request per source runs concurrently on the shared HTTP client; each finishes on its own,
 * with its own answer or its own error (naming the source, the URL and what went wrong), so one
 * failing source never stops the others. Answers are returned raw, with their provenance, to be
 * stored before anything parses them.
 */
#pragma once

#include <gio/gio.h>

#include "cd-central-client.h"
#include "cd-endpoints.h"
#include "cd-http-client.h"

G_BEGIN_DECLS

typedef enum
{
  CD_EVIDENCE_MEDICAL,               /* GIAMDINHHS envelope for the window */
  CD_EVIDENCE_MEDICAL_ASSESSMENT,    /* XML12 */
  CD_EVIDENCE_CIVIL_BIRTHS,
  CD_EVIDENCE_CIVIL_DEATHS,
  CD_EVIDENCE_POPULATION_IDENTITY,   /* TraCuuThongTinCongDan */
  CD_EVIDENCE_POPULATION_STATUS,     /* XacMinhTinhTrangChetMatTich */
  CD_EVIDENCE_POPULATION_RELATIVES,  /* XacMinhThongTinNhanThan */
  CD_EVIDENCE_CENTRAL_PERSON,
  CD_EVIDENCE_CENTRAL_CONTRIBUTIONS,
  CD_EVIDENCE_CENTRAL_USAGE,
  CD_N_EVIDENCE_SOURCES
} CdEvidenceSource;

const char *cd_evidence_source_to_string  (CdEvidenceSource source);
/* The system behind the source, for people: "Medical portal", "Civil status"… (translated). */
const char *cd_evidence_source_get_system (CdEvidenceSource source);

typedef struct
{
  CdEvidenceSource  source;
  char             *url;
  char             *method;
  GDateTime        *fetched_at;
  gint64            elapsed_us;
  guint             attempts;
  guint             status;        /* HTTP status; 0 when no answer */
  char             *content_type;
  GBytes           *body;          /* NULL when no answer */
  GError           *error;         /* NULL on success */
} CdEvidenceResponse;

void cd_evidence_response_free (CdEvidenceResponse *response);

/* Called on the caller's main context as each source finishes, in whatever order they finish. */
typedef void (*CdEvidenceProgressFunc) (const CdEvidenceResponse *response,
                                        gpointer                  user_data);

#define CD_TYPE_EVIDENCE_FETCHER (cd_evidence_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (CdEvidenceFetcher, cd_evidence_fetcher, CD, EVIDENCE_FETCHER, GObject)

/* `gateway_url` serves the medical, civil-status and population systems; `central` the central one.
 */
CdEvidenceFetcher *cd_evidence_fetcher_new          (CdHttpClient           *http,
                                                     const char             *gateway_url,
                                                     CdCentralClient        *central,
                                                     const char             *officer);
/* Each system at its own address (the configuration document's); central's is the client's. */
CdEvidenceFetcher *cd_evidence_fetcher_new_for_endpoints (CdHttpClient      *http,
                                                          const CdEndpoints *endpoints,
                                                          CdCentralClient   *central,
                                                          const char        *officer);
void               cd_evidence_fetcher_fetch_async  (CdEvidenceFetcher      *self,
                                                     const char             *personal_id,
                                                     const char             *from_iso,
                                                     const char             *to_iso,
                                                     GCancellable           *cancellable,
                                                     CdEvidenceProgressFunc  progress,
                                                     gpointer                progress_data,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);
/* The same for some sources only (a bit per CdEvidenceSource: 1 << source), to retry the ones
 * that failed. The result still has one item per source; a source not asked has neither body nor
 * error, so storing it keeps the newest stored answer of that source. */
void               cd_evidence_fetcher_fetch_sources_async (CdEvidenceFetcher      *self,
                                                            const char             *personal_id,
                                                            const char             *from_iso,
                                                            const char             *to_iso,
                                                            guint                   wanted,
                                                            GCancellable           *cancellable,
                                                            CdEvidenceProgressFunc  progress,
                                                            gpointer                progress_data,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
#define CD_EVIDENCE_ALL_SOURCES ((1u << CD_N_EVIDENCE_SOURCES) - 1)
/* CdEvidenceResponse items, one per source, in source order. */
GPtrArray         *cd_evidence_fetcher_fetch_finish (CdEvidenceFetcher      *self,
                                                     GAsyncResult           *result,
                                                     GError                **error);
GPtrArray         *cd_evidence_fetcher_fetch_sync   (CdEvidenceFetcher      *self,
                                                     const char             *personal_id,
                                                     const char             *from_iso,
                                                     const char             *to_iso,
                                                     GCancellable           *cancellable,
                                                     GError                **error);

/* The personal ID of the insured person whose SI number (mã số BHXH) is `si_code`, asked of
 * central (blocking: call from a worker thread). An employer's list names people by SI number
 * only; a store that has never fetched them cannot look them up itself. NULL with
 * G_IO_ERROR_NOT_FOUND when central has no such person, or the request's error. */
char              *cd_evidence_fetcher_find_insured (CdEvidenceFetcher      *self,
                                                     const char             *si_code,
                                                     GCancellable           *cancellable,
                                                     GError                **error);

G_END_DECLS
