/* cd-result.c — the evaluation result, built by the engine, written as JSON. */
#include "cd-result.h"

#include "cd-rule-texts.h"

CdResult *
cd_result_new (CdBenefit   benefit,
               const char *rulepack)
{
  CdResult *self = g_new0 (CdResult, 1);

  self->benefit = benefit;
  self->eligible = TRUE;
  self->lines = g_array_new (FALSE, TRUE, sizeof (CdLine));
  self->unpaid = g_array_new (FALSE, TRUE, sizeof (CdUnpaid));
  self->reasons = g_ptr_array_new ();
  self->assumptions = g_ptr_array_new ();
  self->notes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->documents = g_array_new (FALSE, TRUE, sizeof (CdDocument));
  self->rulepack = g_strdup (rulepack);
  return self;
}

void
cd_result_free (CdResult *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lines);
  g_array_unref (self->unpaid);
  g_ptr_array_unref (self->reasons);
  g_ptr_array_unref (self->assumptions);
  g_hash_table_unref (self->notes);
  g_array_unref (self->documents);
  g_free (self->rulepack);
  g_free (self);
}

void
cd_result_add_line (CdResult     *self,
                    const CdLine *line)
{
  g_assert (cd_rule_text_lookup (line->code) != NULL);
  g_array_append_val (self->lines, *line);
}

static void
add_code_once (GPtrArray  *codes,
               const char *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_str_equal (codes->pdata[i], code))
      return;
  g_assert (cd_rule_text_lookup (code) != NULL);
  g_ptr_array_add (codes, (gpointer) code);
}

void
cd_result_add_unpaid_cited (CdResult   *self,
                            const char *code,
                            const char *citation,
                            CdDay       from,
                            CdDay       to,
                            int         day_halves,
                            CdUnit      unit)
{
  CdUnpaid unpaid = { code, from, to, day_halves, unit, citation };

  g_array_append_val (self->unpaid, unpaid);
  add_code_once (self->reasons, code);
}

void
cd_result_add_unpaid (CdResult   *self,
                      const char *code,
                      CdDay       from,
                      CdDay       to,
                      int         day_halves,
                      CdUnit      unit)
{
  cd_result_add_unpaid_cited (self, code, NULL, from, to, day_halves, unit);
}

void
cd_result_add_reason (CdResult   *self,
                      const char *code)
{
  add_code_once (self->reasons, code);
}

void
cd_result_add_assumption (CdResult   *self,
                          const char *code)
{
  add_code_once (self->assumptions, code);
}

void
cd_result_add_assumption_note (CdResult   *self,
                               const char *code,
                               const char *note)
{
  GPtrArray *notes;

  add_code_once (self->assumptions, code);
  notes = g_hash_table_lookup (self->notes, code);
  if (notes == NULL)
    {
      notes = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->notes, (gpointer) code, notes);
    }
  if (!g_ptr_array_find_with_equal_func (notes, note, g_str_equal, NULL))
    g_ptr_array_add (notes, g_strdup (note));
}

void
cd_result_add_document (CdResult   *self,
                        const char *kind,
                        const char *why)
{
  CdDocument document = { kind, why };

  for (guint i = 0; i < self->documents->len; i++)
    if (g_str_equal (g_array_index (self->documents, CdDocument, i).kind, kind))
      return;
  g_array_append_val (self->documents, document);
}

void
cd_result_refuse (CdResult   *self,
                  const char *code)
{
  self->eligible = FALSE;
  g_array_set_size (self->lines, 0);
  self->lump_sum = 0;
  add_code_once (self->reasons, code);
}

gint64
cd_result_get_total (CdResult *self)
{
  gint64 total = 0;

  if (!self->eligible)
    return 0;
  for (guint i = 0; i < self->lines->len; i++)
    total += g_array_index (self->lines, CdLine, i).amount;
  return total + self->lump_sum;
}

static const char *
unit_name (CdUnit unit)
{
  switch (unit)
    {
    case CD_UNIT_WD:
      return "wd";
    case CD_UNIT_CALENDAR_DAYS:
      return "calendar_days";
    case CD_UNIT_MONTHS:
      return "months";
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          CdDay        day)
{
  char buf[11];

  cd_date_format (day, buf);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, buf);
}

static void
add_days (JsonBuilder *builder,
          int          halves)
{
  json_builder_set_member_name (builder, "days");
  /* Whole days print as integers; only sickness half days are x.5 (exact in binary). */
  if (halves % 2 == 0)
    json_builder_add_int_value (builder, halves / 2);
  else
    json_builder_add_double_value (builder, halves / 2.0);
}

static void
add_texts (JsonBuilder *builder,
           const char  *code,
           gboolean     with_citation)
{
  const CdRuleText *text = cd_rule_text_lookup (code);

  if (with_citation && text->citation != NULL)
    {
      json_builder_set_member_name (builder, "citation");
      json_builder_add_string_value (builder, text->citation);
    }
  json_builder_set_member_name (builder, "message_vi");
  json_builder_add_string_value (builder, text->message_vi);
  json_builder_set_member_name (builder, "message_en");
  json_builder_add_string_value (builder, text->message_en);
}

/* The sentences of an assumption about named things, with "{}" replaced by them. */
static void
add_noted_texts (JsonBuilder *builder,
                 const char  *code,
                 GPtrArray   *notes)
{
  const CdRuleText *text = cd_rule_text_lookup (code);
  g_autofree char *joined = NULL;
  g_auto(GStrv) vi = NULL;
  g_auto(GStrv) en = NULL;
  g_autofree char *message_vi = NULL;
  g_autofree char *message_en = NULL;

  g_ptr_array_add (notes, NULL);
  joined = g_strjoinv (", ", (char **) notes->pdata);
  g_ptr_array_remove_index (notes, notes->len - 1);
  vi = g_strsplit (text->message_vi, "{}", -1);
  en = g_strsplit (text->message_en, "{}", -1);
  message_vi = g_strjoinv (joined, vi);
  message_en = g_strjoinv (joined, en);
  json_builder_set_member_name (builder, "message_vi");
  json_builder_add_string_value (builder, message_vi);
  json_builder_set_member_name (builder, "message_en");
  json_builder_add_string_value (builder, message_en);
  json_builder_set_member_name (builder, "about");
  json_builder_begin_array (builder);
  for (guint i = 0; i < notes->len; i++)
    json_builder_add_string_value (builder, notes->pdata[i]);
  json_builder_end_array (builder);
}

static void
add_line (JsonBuilder  *builder,
          const CdLine *line)
{
  g_autofree char *rate = cd_rational_to_string (line->rate);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, line->code);
  add_date (builder, "from", line->from);
  add_date (builder, "to", line->to);
  add_days (builder, line->day_halves);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit_name (line->unit));
  json_builder_set_member_name (builder, "months");
  json_builder_add_int_value (builder, line->months);
  json_builder_set_member_name (builder, "base");
  json_builder_add_int_value (builder, cd_money_round (line->base));
  if (!cd_rational_is_int (line->base))
    {
      /* An average that is not whole đồng: the exact value the amount was computed from. */
      g_autofree char *exact = cd_rational_to_string (line->base);
      json_builder_set_member_name (builder, "base_exact");
      json_builder_add_string_value (builder, exact);
    }
  json_builder_set_member_name (builder, "rate");
  json_builder_add_string_value (builder, rate);
  json_builder_set_member_name (builder, "divisor");
  json_builder_add_int_value (builder, line->divisor);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, line->amount);
  add_texts (builder, line->code, TRUE);
  json_builder_end_object (builder);
}

JsonNode *
cd_result_to_json (CdResult   *self,
                   GHashTable *documents_present)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "claimdesk-result-1");
  json_builder_set_member_name (builder, "benefit");
  json_builder_add_string_value (builder, cd_benefit_to_string (self->benefit));
  json_builder_set_member_name (builder, "eligible");
  json_builder_add_boolean_value (builder, self->eligible);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; self->eligible && i < self->lines->len; i++)
    add_line (builder, &g_array_index (self->lines, CdLine, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "unpaid");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->unpaid->len; i++)
    {
      const CdUnpaid *unpaid = &g_array_index (self->unpaid, CdUnpaid, i);
      json_builder_begin_object (builder);
      add_date (builder, "from", unpaid->from);
      add_date (builder, "to", unpaid->to);
      add_days (builder, unpaid->day_halves);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, unit_name (unpaid->unit));
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, unpaid->code);
      json_builder_set_member_name (builder, "citation");
      json_builder_add_string_value (builder, unpaid->citation != NULL
                                              ? unpaid->citation
                                              : cd_rule_text_lookup (unpaid->code)->citation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "lump_sum");
  json_builder_add_int_value (builder, self->eligible ? self->lump_sum : 0);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, cd_result_get_total (self));

  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->reasons->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, self->reasons->pdata[i]);
      add_texts (builder, self->reasons->pdata[i], TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "assumptions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->assumptions->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      GPtrArray *notes = g_hash_table_lookup (self->notes, self->assumptions->pdata[i]);

      json_builder_add_string_value (builder, self->assumptions->pdata[i]);
      if (notes != NULL)
        add_noted_texts (builder, self->assumptions->pdata[i], notes);
      else
        add_texts (builder, self->assumptions->pdata[i], FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "required_documents");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->documents->len; i++)
    {
      const CdDocument *document = &g_array_index (self->documents, CdDocument, i);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, document->kind);
      json_builder_set_member_name (builder, "why");
      json_builder_add_string_value (builder, document->why);
      if (documents_present != NULL)
        {
          json_builder_set_member_name (builder, "present");
          json_builder_add_boolean_value (builder,
                                          g_hash_table_contains (documents_present,
                                                                 document->kind));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rulepack");
  json_builder_add_string_value (builder, self->rulepack);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
cd_result_to_string (CdResult   *self,
                     GHashTable *documents_present,
                     gboolean    pretty)
{
  g_autoptr(JsonNode) root = cd_result_to_json (self, documents_present);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}
