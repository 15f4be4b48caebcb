/* cd-finding.c — one thing that does not add up in a claimant's evidence. */
#include "config.h"

#include "cd-finding.h"

CdFinding *
cd_finding_new (const char        *code,
                CdFindingSeverity  severity,
                char              *message_vi,
                char              *message_en)
{
  CdFinding *finding;

  g_return_val_if_fail (code != NULL, NULL);

  finding = g_new0 (CdFinding, 1);
  finding->code = g_strdup (code);
  finding->severity = severity;
  finding->message_vi = message_vi;
  finding->message_en = message_en;
  return finding;
}

void
cd_finding_free (CdFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->code);
  g_free (finding->message_vi);
  g_free (finding->message_en);
  g_free (finding);
}

const char *
cd_finding_severity_to_string (CdFindingSeverity severity)
{
  switch (severity)
    {
    case CD_FINDING_INFO: return "info";
    case CD_FINDING_WARNING: return "warning";
    case CD_FINDING_ERROR: return "error";
    default: g_assert_not_reached ();
    }
}

void
cd_finding_to_json (const CdFinding *finding,
                    JsonBuilder     *builder)
{
  g_return_if_fail (finding != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, finding->code);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, cd_finding_severity_to_string (finding->severity));
  json_builder_set_member_name (builder, "message_vi");
  json_builder_add_string_value (builder, finding->message_vi);
  json_builder_set_member_name (builder, "message_en");
  json_builder_add_string_value (builder, finding->message_en);
  json_builder_end_object (builder);
}
