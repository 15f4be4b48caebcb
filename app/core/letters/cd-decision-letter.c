/* cd-decision-letter.c — the decision letter as a PDF (cairo + pango).
 *
 * The layout follows the form of Vietnamese administrative decisions (Decree 30/2020/NĐ-CP): the
 * issuing office and the national motto side by side, number and place/date, the title, the legal
 * bases, the articles, the recipients and the signatures. The letter's fixed texts live here in
 * both languages, chosen by CdLetterData.language rather than by the process locale: an officer may
 * print a Vietnamese letter from an English desktop. Only error messages go through gettext.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-decision-letter.h"
#include "cd-format.h"
#include "cd-json-util.h"
#include "cd-letter-layout.h"
#include "cd-letter-parts.h"

/* A4 in points, and the margins of Decree 30/2020 (top/bottom 20–25 mm, left 30–35, right 15–20).
 */
#define PAGE_WIDTH      595.276
#define PAGE_HEIGHT     841.890
#define MM              (72.0 / 25.4)
#define MARGIN_LEFT     (30 * MM)
#define MARGIN_RIGHT    (15 * MM)
#define MARGIN_TOP      (20 * MM)
#define MARGIN_BOTTOM   (25 * MM)   /* the footer sits inside this */
#define CONTENT_WIDTH   (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_HEIGHT  (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)

#define FONT_BODY       "DejaVu Serif 10.5"
#define FONT_TITLE      "DejaVu Serif Bold 14"
#define FONT_SUBTITLE   "DejaVu Serif Bold 11.5"
#define FONT_SMALL      "DejaVu Serif 9"
#define FONT_TABLE      "DejaVu Sans 7.5"
#define FONT_FOOTER     "DejaVu Sans 7"

#define PARA_GAP        5.0
#define ARTICLE_GAP     9.0

typedef struct
{
  const CdLetterData *data;
  gboolean            vi;
  JsonObject         *result;
  const char         *benefit;
  CdLetterLayout     *layout;
  guint               article;   /* the number of the last article written */
} Letter;

/* ---- texts ---------------------------------------------------------------------------------- */

static const char *
pick (const Letter *letter,
      const char   *vi,
      const char   *en)
{
  return letter->vi ? vi : en;
}

typedef struct
{
  const char *key;        /* a benefit, or the first segment of a line code */
  const char *title_vi;   /* "Về việc giải quyết hưởng <title_vi>" */
  const char *title_en;
  const char *item_vi;    /* the table's "Nội dung" */
  const char *item_en;
} BenefitText;

static const BenefitText benefit_texts[] = {
  { "sickness", "chế độ ốm đau", "sickness benefit", "Nghỉ ốm đau", "Sickness leave" },
  { "child_sickness", "chế độ ốm đau khi con ốm đau", "sick-child care benefit",
    "Nghỉ chăm sóc con ốm", "Care of a sick child" },
  { "recovery_after_sickness", "chế độ dưỡng sức, phục hồi sức khỏe sau ốm đau",
    "recovery benefit after sickness", "Dưỡng sức, phục hồi sức khỏe", "Recovery leave" },
  { "prenatal_checkup", "chế độ thai sản khi khám thai", "maternity benefit for prenatal check-ups",
    "Nghỉ khám thai", "Prenatal check-up" },
  { "pregnancy_loss", "chế độ thai sản khi sẩy thai, phá thai, thai chết",
    "maternity benefit for a pregnancy loss", "Nghỉ do sẩy thai, phá thai, thai chết",
    "Pregnancy loss leave" },
  { "childbirth", "chế độ thai sản khi sinh con", "maternity benefit for childbirth",
    "Nghỉ sinh con", "Maternity leave" },
  { "childbirth_takeover", "chế độ thai sản hưởng thay người mẹ",
    "maternity benefit taken over from the mother", "Nghỉ chăm con thay người mẹ",
    "Leave taken over from the mother" },
  { "father_leave", "chế độ thai sản của lao động nam khi vợ sinh con",
    "paternity benefit", "Nghỉ khi vợ sinh con", "Father's leave" },
  { "surrogacy", "chế độ thai sản của lao động nữ mang thai hộ", "maternity benefit of a surrogate",
    "Nghỉ sinh con mang thai hộ", "Surrogate's leave" },
  { "commissioning_mother", "chế độ thai sản của người mẹ nhờ mang thai hộ",
    "maternity benefit of a commissioning mother", "Nghỉ của người mẹ nhờ mang thai hộ",
    "Commissioning mother's leave" },
  { "adoption", "chế độ thai sản khi nhận nuôi con nuôi", "maternity benefit for an adoption",
    "Nghỉ nhận nuôi con nuôi", "Adoption leave" },
  { "contraception", "chế độ thai sản khi thực hiện biện pháp tránh thai",
    "maternity benefit for contraception", "Nghỉ thực hiện biện pháp tránh thai",
    "Contraception leave" },
  { "recovery_after_maternity", "chế độ dưỡng sức, phục hồi sức khỏe sau thai sản",
    "recovery benefit after maternity", "Dưỡng sức, phục hồi sức khỏe", "Recovery leave" },
  { "lump_sum_father", "trợ cấp một lần khi sinh con", "childbirth lump sum",
    "Trợ cấp một lần khi sinh con", "Childbirth lump sum" },
  { "voluntary_maternity", "trợ cấp thai sản đối với người tham gia bảo hiểm xã hội tự nguyện",
    "maternity allowance under voluntary social insurance", "Trợ cấp thai sản",
    "Maternity allowance" },
  /* First segments of line codes that are not benefit names. */
  { "recovery", NULL, NULL, "Dưỡng sức, phục hồi sức khỏe", "Recovery leave" },
  { "maternity", NULL, NULL, "Thai sản", "Maternity" },
  { "prenatal", NULL, NULL, "Nghỉ khám thai", "Prenatal check-up" },
  { "father", NULL, NULL, "Nghỉ khi vợ sinh con", "Father's leave" },
};

static const BenefitText *
find_benefit_text (const char *key,
                   gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (benefit_texts); i++)
    if (strlen (benefit_texts[i].key) == length && strncmp (benefit_texts[i].key, key, length) == 0)
      return &benefit_texts[i];
  return NULL;
}

/* The legal documents a citation may name, by the abbreviation the rules engine uses. */
typedef struct
{
  const char *abbreviation;
  const char *name_vi;
  const char *name_en;
} LegalSource;

static const LegalSource legal_sources[] = {
  { "L41", "Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29 tháng 6 năm 2024",
    "the Law on Social Insurance No. 41/2024/QH15 of 29 June 2024" },
  { "L113", "Luật Dân số số 113/2025/QH15", "the Law on Population No. 113/2025/QH15" },
  { "L58", "Luật Bảo hiểm xã hội số 58/2014/QH13", "the Law on Social Insurance No. 58/2014/QH13" },
  { "BLLĐ", "Bộ luật Lao động số 45/2019/QH14", "the Labour Code No. 45/2019/QH14" },
  { "TT12", "Thông tư số 12/2025/TT-BNV của Bộ Nội vụ", "Circular No. 12/2025/TT-BNV of the Ministry of Home Affairs" },
  { "NĐ168", "Nghị định số 168/2026/NĐ-CP của Chính phủ", "Government Decree No. 168/2026/NĐ-CP" },
  { "Decree 161/2026", "Nghị định số 161/2026/NĐ-CP của Chính phủ",
    "Government Decree No. 161/2026/NĐ-CP" },
  { "Decree 73/2024", "Nghị định số 73/2024/NĐ-CP của Chính phủ", "Government Decree No. 73/2024/NĐ-CP" },
};

/* Whether `citation` names `abbreviation` as a word of its own ("L41" but not inside "L410"). */
static gboolean
citation_names (const char *citation,
                const char *abbreviation)
{
  gsize length = strlen (abbreviation);

  for (const char *p = strstr (citation, abbreviation); p != NULL; p = strstr (p + 1, abbreviation))
    {
      gboolean starts = p == citation || !g_ascii_isalnum (p[-1]);
      gboolean ends = !g_ascii_isalnum (p[length]);

      if (starts && ends)
        return TRUE;
    }
  return FALSE;
}

/* ---- small helpers -------------------------------------------------------------------------- */

/* Escaped for pango markup; a missing value prints as the dotted blank of a paper form. */
static char *
escape_or_blank (const char *text)
{
  return cd_letter_escape_or_blank (text);
}

static char *
short_date (const char *iso_date)
{
  return cd_letter_short_date (iso_date);
}

static char *
long_date (const Letter *letter,
           const char   *iso_date)
{
  char *formatted = letter->vi ? cd_format_date_long_vi (iso_date) : cd_format_date_long_en (iso_date);

  if (formatted != NULL)
    return formatted;
  return letter->vi ? g_strdup ("ngày …… tháng …… năm ……") : g_strdup ("…………");
}

static char *
period_text (JsonObject *object)
{
  const char *from_iso = cd_json_member_string (object, "from");
  const char *to_iso = cd_json_member_string (object, "to");
  g_autofree char *from = short_date (from_iso);
  g_autofree char *to = short_date (to_iso);

  if (to_iso == NULL || g_strcmp0 (from_iso, to_iso) == 0)
    return g_steal_pointer (&from);
  return g_strconcat (from, " – ", to, NULL);
}

/* "3 ngày làm việc", "6 tháng 3 ngày", "2,5 working days". */
static char *
quantity_text (const Letter *letter,
               JsonObject   *line)
{
  const char *unit = cd_json_member_string (line, "unit");
  double days = cd_json_member_double (line, "days");
  gint64 months = cd_json_member_int (line, "months");
  g_autofree char *days_text = cd_format_quantity_vi (days);
  g_autofree char *days_en = g_strdup_printf ("%g", days);
  GString *out = g_string_new (NULL);

  if (g_strcmp0 (unit, "months") == 0 || months > 0)
    {
      if (letter->vi)
        g_string_append_printf (out, "%" G_GINT64_FORMAT " tháng", months);
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT " month%s", months, months == 1 ? "" : "s");
      if (days > 0)
        {
          if (letter->vi)
            g_string_append_printf (out, " %s ngày", days_text);
          else
            g_string_append_printf (out, " %s day%s", days_en, days == 1 ? "" : "s");
        }
      return g_string_free (out, FALSE);
    }

  if (letter->vi)
    g_string_append_printf (out, "%s %s", days_text,
                            g_strcmp0 (unit, "wd") == 0 ? "ngày làm việc" : "ngày");
  else
    g_string_append_printf (out, "%s %s%s", days_en,
                            g_strcmp0 (unit, "wd") == 0 ? "working day" : "calendar day",
                            days == 1 ? "" : "s");
  return g_string_free (out, FALSE);
}

/* "3/4" → "75%", "3/10" → "30%"; anything that is not an exact whole percentage prints as given. */
static char *
rate_text (JsonObject *line)
{
  JsonNode *node = json_object_has_member (line, "rate") ? json_object_get_member (line, "rate") : NULL;
  const char *text;
  guint64 numerator, denominator;
  char *end = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("—");
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      double value = json_node_get_double (node);
      return g_strdup_printf ("%g%%", value * 100);
    }

  text = json_node_get_string (node);
  numerator = g_ascii_strtoull (text, &end, 10);
  if (end == text)
    return g_markup_escape_text (text, -1);
  denominator = 1;
  if (*end == '/')
    {
      const char *rest = end + 1;
      denominator = g_ascii_strtoull (rest, &end, 10);
      if (end == rest)
        return g_markup_escape_text (text, -1);
    }
  if (*end != '\0' || denominator == 0 || (numerator * 100) % denominator != 0)
    return g_markup_escape_text (text, -1);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "%%", numerator * 100 / denominator);
}

static const char *
reason_message (const Letter *letter,
                const char   *code)
{
  JsonArray *reasons = cd_json_member_array (letter->result, "reasons");

  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = cd_json_array_get_object (reasons, i);

      if (reason != NULL && g_strcmp0 (cd_json_member_string (reason, "code"), code) == 0)
        return cd_json_member_string (reason, pick (letter, "message_vi", "message_en"));
    }
  return NULL;
}

static const char *
honorific (const Letter *letter)
{
  const char *sex = letter->data->claimant_sex;

  if (g_strcmp0 (sex, "female") == 0)
    return pick (letter, "Bà", "Ms");
  if (g_strcmp0 (sex, "male") == 0)
    return pick (letter, "Ông", "Mr");
  return pick (letter, "Ông/Bà", "");
}

/* "Bà Nguyễn Thị Hồng Nhung", escaped for markup. */
static char *
claimant_with_honorific (const Letter *letter)
{
  g_autofree char *name = escape_or_blank (letter->data->claimant_name);
  const char *title = honorific (letter);

  return *title != '\0' ? g_strconcat (title, " ", name, NULL) : g_steal_pointer (&name);
}

static const char *
benefit_title (const Letter *letter)
{
  const BenefitText *text = letter->benefit != NULL
                            ? find_benefit_text (letter->benefit, strlen (letter->benefit)) : NULL;

  if (text != NULL && text->title_vi != NULL)
    return pick (letter, text->title_vi, text->title_en);
  return pick (letter, "chế độ bảo hiểm xã hội", "social insurance benefit");
}

/* The table's "Nội dung" for a line: the benefit of its code's first segment (or of the claim),
 * refined by what the rest of the code says. */
static char *
line_item_text (const Letter *letter,
                const char   *code)
{
  const char *dot = code != NULL ? strchr (code, '.') : NULL;
  const BenefitText *text = NULL;
  GString *out = g_string_new (NULL);

  if (code != NULL)
    text = find_benefit_text (code, dot != NULL ? (gsize) (dot - code) : strlen (code));
  if (text == NULL && letter->benefit != NULL)
    text = find_benefit_text (letter->benefit, strlen (letter->benefit));
  g_string_append (out, text != NULL ? pick (letter, text->item_vi, text->item_en)
                                     : pick (letter, "Chế độ", "Benefit"));

  if (code != NULL && strstr (code, "long_term") != NULL)
    g_string_append (out, pick (letter, " (bệnh dài ngày)", " (long-term disease)"));
  else if (code != NULL && (strstr (code, "half") != NULL || strstr (code, "partial") != NULL))
    g_string_append (out, pick (letter, " (nghỉ không trọn ngày)", " (part day)"));
  else if (code != NULL && strstr (code, "odd_days") != NULL)
    g_string_append (out, pick (letter, " (ngày lẻ)", " (odd days)"));

  if (code != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (code, -1);
      /* The machine code stays visible so a reader can find the rule in docs/ and the audit log. */
      g_string_append_printf (out, "\n<span size=\"smaller\" foreground=\"#555555\">%s</span>", escaped);
    }
  return g_string_free (out, FALSE);
}

static char *
decision_number_text (const Letter *letter)
{
  const CdLetterData *data = letter->data;
  g_autofree char *number = escape_or_blank (data->decision_number);
  g_autofree char *code = NULL;

  if (data->decision_number == NULL || strchr (data->decision_number, '/') != NULL)
    return g_steal_pointer (&number);
  code = g_markup_escape_text (data->office_code != NULL && *data->office_code != '\0'
                               ? data->office_code : "BHXH", -1);
  return g_strconcat (number, "/QĐ-", code, NULL);
}

/* ---- sections ------------------------------------------------------------------------------- */

static void
add_heading (Letter *letter)
{
  const CdLetterData *data = letter->data;
  g_autofree char *number = decision_number_text (letter);
  g_autofree char *number_line = g_strconcat (pick (letter, "Số: ", "No. "), number, NULL);
  g_autofree char *date = long_date (letter, data->decision_date);
  g_autofree char *place = data->office_place != NULL ? g_markup_escape_text (data->office_place, -1)
                                                      : NULL;
  g_autofree char *place_line = NULL;

  if (place != NULL)
    place_line = g_strdup_printf ("<i>%s, %s</i>", place, date);
  else
    place_line = g_strdup_printf ("<i>%s%s</i>", letter->vi ? "" : "Date: ", date);

  cd_letter_add_heading (letter->layout, letter->vi, data->office_parent, data->office_name, 200,
                         CONTENT_WIDTH, number_line, place_line);
}

static gboolean
is_refusal (const Letter *letter)
{
  JsonNode *node = json_object_has_member (letter->result, "eligible")
                   ? json_object_get_member (letter->result, "eligible") : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && !json_node_get_boolean (node);
}

static void
add_title (Letter *letter)
{
  const CdLetterData *data = letter->data;
  g_autofree char *subject = NULL;
  g_autofree char *office = g_utf8_strup (data->office_name != NULL ? data->office_name : "………", -1);
  g_autofree char *office_markup = g_markup_escape_text (office, -1);
  g_autofree char *authority = NULL;
  CdLetterRow *row;

  if (letter->vi)
    subject = g_strdup_printf ("Về việc %s hưởng %s", is_refusal (letter) ? "từ chối giải quyết"
                                                                          : "giải quyết",
                               benefit_title (letter));
  else
    subject = g_strdup_printf ("On %s the %s", is_refusal (letter) ? "refusing" : "settling",
                               benefit_title (letter));

  if (data->draft)
    cd_letter_layout_add_paragraph (letter->layout, 18, 0, FONT_SUBTITLE, PANGO_ALIGN_CENTER,
                                    pick (letter, "DỰ THẢO — CHƯA PHÊ DUYỆT",
                                          "DRAFT — NOT APPROVED"));
  cd_letter_layout_add_paragraph (letter->layout, data->draft ? 6 : 24, 0, FONT_TITLE,
                                  PANGO_ALIGN_CENTER, pick (letter, "QUYẾT ĐỊNH", "DECISION"));
  /* Narrower than the page, so a long benefit name wraps into a balanced block under the title. */
  row = cd_letter_layout_add_row (letter->layout, 2);
  cd_letter_row_add_cell (row, 40, CONTENT_WIDTH - 80, FONT_SUBTITLE, PANGO_ALIGN_CENTER,
                          CD_LETTER_CELL_PLAIN, subject);
  row = cd_letter_layout_add_row (letter->layout, 0);
  cd_letter_row_add_cell (row, 0, CONTENT_WIDTH, FONT_SMALL, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          "");
  cd_letter_row_set_rule (row, 70);

  if (letter->vi)
    authority = g_strdup_printf ("<b>GIÁM ĐỐC %s</b>", office_markup);
  else
    authority = g_strdup_printf ("<b>THE DIRECTOR OF %s</b>", office_markup);
  cd_letter_layout_add_paragraph (letter->layout, 14, 0, FONT_BODY, PANGO_ALIGN_CENTER, authority);
}

/* Every citation of the result, once each, in the order they appear. */
static GPtrArray *
collect_citations (const Letter *letter)
{
  GPtrArray *citations = g_ptr_array_new ();
  const char *lists[] = { "lines", "unpaid", "reasons" };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *array = cd_json_member_array (letter->result, lists[l]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *citation = cd_json_member_string (cd_json_array_get_object (array, i),
                                                        "citation");

          if (citation != NULL && !g_ptr_array_find_with_equal_func (citations, citation,
                                                                      g_str_equal, NULL))
            g_ptr_array_add (citations, (gpointer) citation);
        }
    }
  return citations;
}

static void
add_bases (Letter *letter)
{
  const CdLetterData *data = letter->data;
  g_autoptr(GPtrArray) citations = collect_citations (letter);
  g_autofree char *claimant = claimant_with_honorific (letter);
  g_autofree char *claim = escape_or_blank (data->claim_number);
  g_autofree char *proposer = escape_or_blank (data->proposer.name);
  g_autofree char *request = NULL;
  g_autofree char *proposal = NULL;

  /* The law itself always; every other document only when a figure of this decision cites it.
   * Each basis names the abbreviation the table's citations use. */
  for (guint s = 0; s < G_N_ELEMENTS (legal_sources); s++)
    {
      const LegalSource *source = &legal_sources[s];
      gboolean cited = s == 0;
      g_autofree char *markup = NULL;

      for (guint c = 0; !cited && c < citations->len; c++)
        cited = citation_names (g_ptr_array_index (citations, c), source->abbreviation);
      if (!cited)
        continue;

      if (letter->vi)
        markup = g_strdup_printf ("<i>Căn cứ %s (viết tắt: %s);</i>", source->name_vi,
                                  source->abbreviation);
      else
        markup = g_strdup_printf ("<i>Having regard to %s (cited as %s);</i>", source->name_en,
                                  source->abbreviation);
      cd_letter_layout_add_paragraph (letter->layout, s == 0 ? 8 : 2, 0, FONT_BODY,
                                      PANGO_ALIGN_LEFT, markup);
    }

  /* The rule pack the figures were computed under, as the decision froze it: its version string is
   * "<pack id>+<version>" (vn-si-2024+2026.07), shown as the pack and its version. */
  if (cd_json_member_string (letter->result, "rulepack") != NULL)
    {
      const char *rulepack = cd_json_member_string (letter->result, "rulepack");
      const char *plus = strchr (rulepack, '+');
      g_autofree char *pack_id = g_markup_escape_text (rulepack, plus != NULL ? plus - rulepack : -1);
      g_autofree char *pack_version = plus != NULL ? g_markup_escape_text (plus + 1, -1) : NULL;
      g_autofree char *markup = NULL;

      if (letter->vi)
        markup = pack_version != NULL
                 ? g_strdup_printf ("<i>Căn cứ bộ quy tắc tính hưởng %s phiên bản %s;</i>", pack_id,
                                    pack_version)
                 : g_strdup_printf ("<i>Căn cứ bộ quy tắc tính hưởng %s;</i>", pack_id);
      else
        markup = pack_version != NULL
                 ? g_strdup_printf ("<i>Having regard to the benefit rule pack %s version %s;</i>",
                                    pack_id, pack_version)
                 : g_strdup_printf ("<i>Having regard to the benefit rule pack %s;</i>", pack_id);
      cd_letter_layout_add_paragraph (letter->layout, 2, 0, FONT_BODY, PANGO_ALIGN_LEFT, markup);
    }

  if (letter->vi)
    {
      request = g_strdup_printf ("<i>Căn cứ hồ sơ đề nghị giải quyết hưởng %s của %s, số hồ sơ %s;</i>",
                                 benefit_title (letter), claimant, claim);
      proposal = g_strdup_printf ("<i>Theo đề nghị của cán bộ thụ lý hồ sơ %s,</i>", proposer);
    }
  else
    {
      request = g_strdup_printf ("<i>Having regard to the claim for the %s lodged by %s, claim number %s;</i>",
                                 benefit_title (letter), claimant, claim);
      proposal = g_strdup_printf ("<i>On the proposal of the case officer %s,</i>", proposer);
    }
  cd_letter_layout_add_paragraph (letter->layout, 2, 0, FONT_BODY, PANGO_ALIGN_LEFT, request);
  cd_letter_layout_add_paragraph (letter->layout, 2, 0, FONT_BODY, PANGO_ALIGN_LEFT, proposal);

  cd_letter_row_set_keep_with_next (
    cd_letter_layout_add_paragraph (letter->layout, 12, 0, FONT_BODY, PANGO_ALIGN_CENTER,
                                    pick (letter, "<b>QUYẾT ĐỊNH:</b>", "<b>DECIDES:</b>")),
    TRUE);
}

/* A "label: value" line of the claimant block; `value` is markup. */
static void
add_field (Letter     *letter,
           const char *label,
           const char *value)
{
  const double indent = 14;
  const double label_width = 175;
  CdLetterRow *row = cd_letter_layout_add_row (letter->layout, 1.5);

  cd_letter_row_add_cell (row, indent, label_width, FONT_BODY, PANGO_ALIGN_LEFT,
                          CD_LETTER_CELL_PLAIN, label);
  cd_letter_row_add_cell (row, indent + label_width, CONTENT_WIDTH - indent - label_width, FONT_BODY,
                          PANGO_ALIGN_LEFT, CD_LETTER_CELL_PLAIN, value);
}

static void
add_date_field (Letter     *letter,
                const char *label,
                const char *iso_date)
{
  g_autofree char *date = short_date (iso_date);

  add_field (letter, label, date);
}

static void
add_claimant (Letter *letter)
{
  const CdLetterData *data = letter->data;
  JsonObject *facts = data->benefit_case;
  g_autofree char *name = escape_or_blank (data->claimant_name);
  g_autofree char *bold_name = g_strconcat ("<b>", name, "</b>", NULL);
  g_autofree char *personal_id = escape_or_blank (data->claimant_personal_id);
  g_autofree char *si_code = escape_or_blank (data->claimant_si_code);
  g_autofree char *employer = escape_or_blank (data->employer_name);
  g_autofree char *claim = escape_or_blank (data->claim_number);
  JsonArray *leave = cd_json_member_array (facts, "leave");
  JsonObject *child = NULL;

  add_field (letter, pick (letter, "Họ và tên:", "Full name:"), bold_name);
  add_date_field (letter, pick (letter, "Ngày sinh:", "Date of birth:"), data->claimant_birth_date);
  add_field (letter, pick (letter, "Số định danh cá nhân:", "Personal ID number:"), personal_id);
  add_field (letter, pick (letter, "Mã số bảo hiểm xã hội:", "Social insurance code:"), si_code);
  add_field (letter, pick (letter, "Đơn vị công tác:", "Employer:"), employer);
  add_field (letter, pick (letter, "Số hồ sơ:", "Claim number:"), claim);

  /* A few facts of the case that identify the event, when the caller passed the case. */
  if (leave != NULL && json_array_get_length (leave) > 0)
    {
      GString *periods = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (leave); i++)
        {
          g_autofree char *period = period_text (cd_json_array_get_object (leave, i));

          if (i > 0)
            g_string_append (periods, "; ");
          g_string_append (periods, period);
        }
      add_field (letter, pick (letter, "Thời gian nghỉ theo chứng từ:", "Certified leave:"),
                 periods->str);
      g_string_free (periods, TRUE);
    }
  if (facts != NULL && json_object_has_member (facts, "child")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (facts, "child")))
    child = json_object_get_object_member (facts, "child");
  if (cd_json_member_string (facts, "birth_date") != NULL)
    add_date_field (letter, pick (letter, "Ngày sinh con:", "Date of birth of the child:"),
                    cd_json_member_string (facts, "birth_date"));
  else if (cd_json_member_string (facts, "child_birth_date") != NULL)
    add_date_field (letter, pick (letter, "Ngày sinh của con:", "Child's date of birth:"),
                    cd_json_member_string (facts, "child_birth_date"));
  else if (cd_json_member_string (child, "birth_date") != NULL)
    add_date_field (letter, pick (letter, "Ngày sinh của con:", "Child's date of birth:"),
                    cd_json_member_string (child, "birth_date"));
  if (cd_json_member_int (facts, "children") > 0)
    {
      g_autofree char *children = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   cd_json_member_int (facts, "children"));
      add_field (letter, pick (letter, "Số con:", "Number of children:"), children);
    }
  if (cd_json_member_string (facts, "event_date") != NULL)
    add_date_field (letter, pick (letter, "Ngày xảy ra sự kiện:", "Date of the event:"),
                    cd_json_member_string (facts, "event_date"));
  if (cd_json_member_string (facts, "handover_date") != NULL)
    add_date_field (letter, pick (letter, "Ngày nhận con:", "Date of handover:"),
                    cd_json_member_string (facts, "handover_date"));
  else if (cd_json_member_string (facts, "receipt_date") != NULL)
    add_date_field (letter, pick (letter, "Ngày nhận con:", "Date of receipt of the child:"),
                    cd_json_member_string (facts, "receipt_date"));
}

/* ---- the table of benefit lines ------------------------------------------------------------- */

typedef enum
{
  COL_NUMBER,
  COL_ITEM,
  COL_PERIOD,
  COL_QUANTITY,
  COL_BASE,
  COL_RATE,
  COL_DIVISOR,
  COL_AMOUNT,
  COL_CITATION,
  N_COLUMNS
} Column;

typedef struct
{
  double          width;
  PangoAlignment  alignment;
  const char     *title_vi;
  const char     *title_en;
} ColumnSpec;

/* The widths add up to the content width (467.7 pt); the citation column takes what is left. */
static const ColumnSpec columns[N_COLUMNS] = {
  [COL_NUMBER] = { 20, PANGO_ALIGN_CENTER, "STT", "No." },
  [COL_ITEM] = { 82, PANGO_ALIGN_LEFT, "Nội dung", "Item" },
  [COL_PERIOD] = { 60, PANGO_ALIGN_CENTER, "Thời gian", "Period" },
  [COL_QUANTITY] = { 50, PANGO_ALIGN_CENTER, "Số ngày / tháng", "Days / months" },
  [COL_BASE] = { 56, PANGO_ALIGN_RIGHT, "Mức làm căn cứ (đồng)", "Base (VND)" },
  [COL_RATE] = { 32, PANGO_ALIGN_CENTER, "Tỷ lệ hưởng", "Rate" },
  [COL_DIVISOR] = { 28, PANGO_ALIGN_CENTER, "Chia cho", "Divided by" },
  [COL_AMOUNT] = { 60, PANGO_ALIGN_RIGHT, "Số tiền (đồng)", "Amount (VND)" },
  [COL_CITATION] = { 0, PANGO_ALIGN_LEFT, "Căn cứ", "Citation" },
};

static double
column_x (Column column)
{
  double x = 0;

  for (guint i = 0; i < column; i++)
    x += columns[i].width;
  return x;
}

static double
column_width (Column column)
{
  return column == COL_CITATION ? CONTENT_WIDTH - column_x (COL_CITATION) : columns[column].width;
}

/* One table row; `cells` holds N_COLUMNS markup strings (NULL for an empty cell). */
static CdLetterRow *
add_table_row (Letter             *letter,
               CdLetterRow        *header,
               const char * const *cells,
               CdLetterCellFlags   extra_flags)
{
  CdLetterRow *row = cd_letter_layout_add_row (letter->layout, 0);

  for (Column c = COL_NUMBER; c < N_COLUMNS; c++)
    cd_letter_row_add_cell (row, column_x (c), column_width (c), FONT_TABLE,
                            header == NULL ? PANGO_ALIGN_CENTER : columns[c].alignment,
                            CD_LETTER_CELL_BOXED | extra_flags, cells[c] != NULL ? cells[c] : "");
  cd_letter_row_set_table_header (row, header);
  return row;
}

/* A summary row: a label across the first columns, the amount, an optional citation. */
static void
add_table_sum_row (Letter      *letter,
                   CdLetterRow *header,
                   const char  *label,
                   gint64       amount,
                   const char  *citation)
{
  CdLetterRow *row = cd_letter_layout_add_row (letter->layout, 0);
  g_autofree char *amount_text = cd_format_integer_vi (amount);
  g_autofree char *amount_markup = g_strconcat ("<b>", amount_text, "</b>", NULL);
  g_autofree char *citation_markup = citation != NULL ? g_markup_escape_text (citation, -1) : NULL;

  cd_letter_row_add_cell (row, 0, column_x (COL_AMOUNT), FONT_TABLE, PANGO_ALIGN_LEFT,
                          CD_LETTER_CELL_BOXED, label);
  cd_letter_row_add_cell (row, column_x (COL_AMOUNT), column_width (COL_AMOUNT), FONT_TABLE,
                          PANGO_ALIGN_RIGHT, CD_LETTER_CELL_BOXED, amount_markup);
  cd_letter_row_add_cell (row, column_x (COL_CITATION), column_width (COL_CITATION), FONT_TABLE,
                          PANGO_ALIGN_LEFT, CD_LETTER_CELL_BOXED,
                          citation_markup != NULL ? citation_markup : "");
  cd_letter_row_set_table_header (row, header);
}

static const char *
lump_sum_citation (const Letter *letter)
{
  return g_strcmp0 (letter->benefit, "voluntary_maternity") == 0 ? "L41 Art 95(1)" : "L41 Art 58";
}

static void
add_lines_table (Letter *letter)
{
  JsonArray *lines = cd_json_member_array (letter->result, "lines");
  guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  gint64 lump_sum = cd_json_member_int (letter->result, "lump_sum");
  const char *titles[N_COLUMNS];
  CdLetterRow *header;
  gint64 lines_sum = 0;

  if (n_lines == 0 && lump_sum == 0)
    return;

  cd_letter_row_set_keep_with_next (
    cd_letter_layout_add_paragraph (letter->layout, 8, 14, FONT_BODY, PANGO_ALIGN_LEFT,
                                    pick (letter, "Chi tiết mức hưởng:", "Benefit details:")),
    TRUE);

  for (Column c = COL_NUMBER; c < N_COLUMNS; c++)
    titles[c] = pick (letter, columns[c].title_vi, columns[c].title_en);
  header = add_table_row (letter, NULL, titles, CD_LETTER_CELL_SHADED);
  cd_letter_row_set_keep_with_next (header, TRUE);

  for (guint i = 0; i < n_lines; i++)
    {
      JsonObject *line = cd_json_array_get_object (lines, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *item = line_item_text (letter, cd_json_member_string (line, "code"));
      g_autofree char *period = period_text (line);
      /* A line frozen without its working (seeded, or the first format) shows a dash, not 0. */
      g_autofree char *quantity = cd_json_has_member (line, "days")
                                  || cd_json_has_member (line, "months")
                                  ? quantity_text (letter, line) : g_strdup ("—");
      g_autofree char *base = cd_json_has_member (line, "base")
                              ? cd_format_integer_vi (cd_json_member_int (line, "base"))
                              : g_strdup ("—");
      g_autofree char *rate = rate_text (line);
      gint64 divisor_value = cd_json_member_int (line, "divisor");
      g_autofree char *divisor = divisor_value > 1 ? g_strdup_printf ("%" G_GINT64_FORMAT,
                                                                     divisor_value)
                                                  : g_strdup ("—");
      g_autofree char *amount = cd_format_integer_vi (cd_json_member_int (line, "amount"));
      g_autofree char *citation = escape_or_blank (cd_json_member_string (line, "citation"));
      const char *cells[N_COLUMNS] = {
        [COL_NUMBER] = number, [COL_ITEM] = item, [COL_PERIOD] = period,
        [COL_QUANTITY] = quantity, [COL_BASE] = base, [COL_RATE] = rate,
        [COL_DIVISOR] = divisor, [COL_AMOUNT] = amount, [COL_CITATION] = citation,
      };

      if (line == NULL)
        continue;
      lines_sum += cd_json_member_int (line, "amount");
      add_table_row (letter, header, cells, CD_LETTER_CELL_PLAIN);
    }

  if (lump_sum != 0)
    {
      if (n_lines > 0)
        add_table_sum_row (letter, header, pick (letter, "<b>Cộng tiền nghỉ hưởng chế độ</b>",
                                                 "<b>Subtotal of the leave</b>"),
                           lines_sum, NULL);
      add_table_sum_row (letter, header,
                         g_strcmp0 (letter->benefit, "voluntary_maternity") == 0
                         ? pick (letter, "<b>Trợ cấp thai sản (bảo hiểm xã hội tự nguyện)</b>",
                                 "<b>Maternity allowance (voluntary social insurance)</b>")
                         : pick (letter, "<b>Trợ cấp một lần khi sinh con hoặc nhận con</b>",
                                 "<b>Lump sum for the birth or the child received</b>"),
                         lump_sum, lump_sum_citation (letter));
    }
  add_table_sum_row (letter, header, pick (letter, "<b>Tổng cộng</b>", "<b>Total</b>"),
                     cd_json_member_int (letter->result, "total"), NULL);

  cd_letter_layout_add_paragraph (letter->layout, 3, 0, FONT_TABLE, PANGO_ALIGN_LEFT,
                                  pick (letter,
                                        "<i>Ghi chú: trong cột “Căn cứ”, “Art 45(2),(5)” là khoản 2 và "
                                        "khoản 5 Điều 45; “Art 43(1)(a)” là điểm a khoản 1 Điều 43.</i>",
                                        "<i>Note: in the “Citation” column, “Art 45(2),(5)” means "
                                        "Article 45, clauses 2 and 5; “Art 43(1)(a)” means Article 43, "
                                        "clause 1, point a.</i>"));
}

static void
add_total (Letter *letter)
{
  gint64 total = cd_json_member_int (letter->result, "total");
  g_autofree char *figures = cd_format_money_vnd (total);
  g_autofree char *words = cd_format_money_in_words_vi (total);
  g_autofree char *sentence = NULL;
  g_autofree char *in_words = NULL;

  if (letter->vi)
    {
      sentence = g_strdup_printf ("Tổng số tiền được hưởng: <b>%s</b>", figures);
      in_words = g_strdup_printf ("<i>(Bằng chữ: %s)</i>", words);
    }
  else
    {
      sentence = g_strdup_printf ("Total amount granted: <b>%s</b>", figures);
      /* The amount in Vietnamese words stays: it is what a bank or a court reads on a copy. */
      in_words = g_strdup_printf ("<i>(In Vietnamese words: %s)</i>", words);
    }
  cd_letter_row_set_keep_with_next (
    cd_letter_layout_add_paragraph (letter->layout, 8, 14, FONT_BODY, PANGO_ALIGN_LEFT, sentence),
    TRUE);
  cd_letter_layout_add_paragraph (letter->layout, 2, 14, FONT_BODY, PANGO_ALIGN_LEFT, in_words);
}

/* ---- articles ------------------------------------------------------------------------------- */

static CdLetterRow *
add_article_heading (Letter     *letter,
                     const char *text)
{
  g_autofree char *markup = NULL;
  CdLetterRow *row;

  letter->article++;
  if (letter->vi)
    markup = g_strdup_printf ("<b>Điều %u.</b> %s", letter->article, text);
  else
    markup = g_strdup_printf ("<b>Article %u.</b> %s", letter->article, text);
  row = cd_letter_layout_add_paragraph (letter->layout, ARTICLE_GAP, 0, FONT_BODY, PANGO_ALIGN_LEFT,
                                        markup);
  cd_letter_row_set_keep_with_next (row, TRUE);
  return row;
}

static void
add_bullet (Letter     *letter,
            const char *markup)
{
  gsize length = strlen (markup);
  gboolean ended = length > 0 && strchr (".;:!?", markup[length - 1]) != NULL;
  /* Each item closes with a full stop, as the engine's messages come without one. */
  g_autofree char *text = g_strconcat ("– ", markup, ended ? "" : ".", NULL);

  cd_letter_layout_add_paragraph (letter->layout, 2, 14, FONT_BODY, PANGO_ALIGN_LEFT, text);
}

static void
add_grant_article (Letter *letter)
{
  g_autofree char *claimant = claimant_with_honorific (letter);
  g_autofree char *text = NULL;

  if (letter->vi)
    text = g_strdup_printf ("Giải quyết hưởng %s cho %s, cụ thể như sau:", benefit_title (letter),
                            claimant);
  else
    text = g_strdup_printf ("The %s is granted to %s as follows:", benefit_title (letter), claimant);
  add_article_heading (letter, text);
  add_claimant (letter);
  add_lines_table (letter);
  add_total (letter);
}

static void
add_refusal_article (Letter *letter)
{
  JsonArray *reasons = cd_json_member_array (letter->result, "reasons");
  g_autofree char *claimant = claimant_with_honorific (letter);
  g_autofree char *text = NULL;

  if (letter->vi)
    text = g_strdup_printf ("Không giải quyết hưởng %s đối với %s:", benefit_title (letter), claimant);
  else
    text = g_strdup_printf ("The %s is not granted to %s:", benefit_title (letter), claimant);
  add_article_heading (letter, text);
  add_claimant (letter);

  cd_letter_row_set_keep_with_next (
    cd_letter_layout_add_paragraph (letter->layout, 6, 14, FONT_BODY, PANGO_ALIGN_LEFT,
                                    pick (letter, "Lý do:", "Reasons:")),
    TRUE);
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = cd_json_array_get_object (reasons, i);
      g_autofree char *message = escape_or_blank (
          cd_json_member_string (reason, pick (letter, "message_vi", "message_en")));
      g_autofree char *citation = escape_or_blank (cd_json_member_string (reason, "citation"));
      g_autofree char *item = g_strdup_printf ("%s (%s).", message, citation);

      add_bullet (letter, item);
    }
}

static gboolean
is_unpaid_code (const Letter *letter,
                const char   *code)
{
  JsonArray *unpaid = cd_json_member_array (letter->result, "unpaid");

  for (guint i = 0; unpaid != NULL && i < json_array_get_length (unpaid); i++)
    if (g_strcmp0 (cd_json_member_string (cd_json_array_get_object (unpaid, i), "code"), code) == 0)
      return TRUE;
  return FALSE;
}

/* Days outside an entitlement, each with its reason; then any other reason the engine gave. */
static void
add_unpaid_article (Letter *letter)
{
  JsonArray *unpaid = cd_json_member_array (letter->result, "unpaid");
  JsonArray *reasons = cd_json_member_array (letter->result, "reasons");
  guint n_unpaid = unpaid != NULL ? json_array_get_length (unpaid) : 0;
  GPtrArray *others = g_ptr_array_new ();

  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = cd_json_array_get_object (reasons, i);

      if (reason != NULL && !is_unpaid_code (letter, cd_json_member_string (reason, "code")))
        g_ptr_array_add (others, reason);
    }

  if (n_unpaid > 0 || others->len > 0)
    add_article_heading (letter, pick (letter,
                                       "Những ngày nghỉ không được hưởng chế độ và lý do:",
                                       "Days not paid, and the reasons:"));

  for (guint i = 0; i < n_unpaid; i++)
    {
      JsonObject *item = cd_json_array_get_object (unpaid, i);
      g_autofree char *from = short_date (cd_json_member_string (item, "from"));
      g_autofree char *to = short_date (cd_json_member_string (item, "to"));
      g_autofree char *quantity = quantity_text (letter, item);
      const char *message = reason_message (letter, cd_json_member_string (item, "code"));
      g_autofree char *reason = escape_or_blank (message != NULL ? message
                                                 : cd_json_member_string (item, "code"));
      g_autofree char *citation = escape_or_blank (cd_json_member_string (item, "citation"));
      g_autofree char *text = NULL;

      if (letter->vi)
        text = g_strdup_printf ("Từ ngày %s đến ngày %s (%s): %s (%s).", from, to, quantity, reason,
                                citation);
      else
        text = g_strdup_printf ("From %s to %s (%s): %s (%s).", from, to, quantity, reason, citation);
      add_bullet (letter, text);
    }

  for (guint i = 0; i < others->len; i++)
    {
      JsonObject *reason = g_ptr_array_index (others, i);
      g_autofree char *message = escape_or_blank (
          cd_json_member_string (reason, pick (letter, "message_vi", "message_en")));
      g_autofree char *citation = escape_or_blank (cd_json_member_string (reason, "citation"));
      g_autofree char *text = g_strdup_printf ("%s (%s).", message, citation);

      add_bullet (letter, text);
    }
  g_ptr_array_unref (others);
}

static void
add_assumptions_article (Letter *letter)
{
  JsonArray *assumptions = cd_json_member_array (letter->result, "assumptions");
  guint n = assumptions != NULL ? json_array_get_length (assumptions) : 0;

  if (n == 0)
    return;
  add_article_heading (letter, pick (letter,
                                     "Khi giải quyết, cơ quan bảo hiểm xã hội áp dụng các nguyên tắc "
                                     "sau đối với những nội dung pháp luật chưa quy định cụ thể:",
                                     "Where the law is not specific, this decision applies the "
                                     "following rules:"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *message =
        escape_or_blank (cd_json_member_string (cd_json_array_get_object (assumptions, i),
                                        pick (letter, "message_vi", "message_en")));
      add_bullet (letter, message);
    }
}

static void
add_effect_article (Letter *letter)
{
  CdLetterRow *row = add_article_heading (letter,
    pick (letter,
          "Quyết định này có hiệu lực kể từ ngày ký. Người có tên tại Điều 1, đơn vị sử dụng lao "
          "động và các bộ phận có liên quan chịu trách nhiệm thi hành Quyết định này. Trường hợp "
          "không đồng ý, người lao động có quyền khiếu nại hoặc khởi kiện theo quy định của pháp "
          "luật.",
          "This decision takes effect on the date of signature. The person named in Article 1, the "
          "employer and the units concerned are responsible for carrying it out. A person who "
          "disagrees may complain or bring proceedings as the law provides."));

  /* The last article travels with the signatures, so no signature page stands alone. */
  cd_letter_row_set_keep_with_next (row, TRUE);
}

/* ---- signatures ----------------------------------------------------------------------------- */

static char *
signer_markup (const Letter         *letter,
               const CdLetterSigner *signer,
               const char           *heading,
               const char           *role)
{
  return cd_letter_signer_markup (letter->vi, signer, heading, role);
}

static void
add_signatures (Letter *letter)
{
  const CdLetterData *data = letter->data;
  const CdLetterSigner *approvers[CD_LETTER_MAX_APPROVERS];
  guint n_approvers = 0;
  guint n_columns;
  double width;
  CdLetterRow *row;
  g_autofree char *proposer = NULL;

  for (guint i = 0; i < CD_LETTER_MAX_APPROVERS; i++)
    if (data->approvers[i].name != NULL && *data->approvers[i].name != '\0')
      approvers[n_approvers++] = &data->approvers[i];

  n_columns = 1 + MAX (n_approvers, 1);
  width = CONTENT_WIDTH / n_columns;
  row = cd_letter_layout_add_row (letter->layout, 18);
  proposer = signer_markup (letter, &data->proposer, pick (letter, "NGƯỜI ĐỀ XUẤT", "PROPOSED BY"),
                            pick (letter, "(Cán bộ thụ lý hồ sơ)", "(Case officer)"));
  cd_letter_row_add_cell (row, 0, width, FONT_BODY, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          proposer);

  if (n_approvers == 0)
    {
      /* Not yet approved: the block is still printed, blank, for a draft to be signed on paper. */
      CdLetterSigner blank = { NULL, NULL, NULL };
      g_autofree char *markup = signer_markup (letter, &blank,
                                               pick (letter, "NGƯỜI PHÊ DUYỆT", "APPROVED BY"),
                                               pick (letter, "(Ký, ghi rõ họ tên, đóng dấu)",
                                                     "(Signature, full name, seal)"));
      cd_letter_row_add_cell (row, width, width, FONT_BODY, PANGO_ALIGN_CENTER,
                              CD_LETTER_CELL_PLAIN, markup);
    }
  for (guint i = 0; i < n_approvers; i++)
    {
      g_autofree char *heading = NULL;
      g_autofree char *markup = NULL;

      if (n_approvers == 1)
        heading = g_strdup (pick (letter, "NGƯỜI PHÊ DUYỆT", "APPROVED BY"));
      else if (letter->vi)
        heading = g_strdup_printf ("NGƯỜI PHÊ DUYỆT (%u)", i + 1);
      else
        heading = g_strdup_printf ("APPROVED BY (%u)", i + 1);
      markup = signer_markup (letter, approvers[i], heading,
                              pick (letter, "(Ký, ghi rõ họ tên, đóng dấu)",
                                    "(Signature, full name, seal)"));
      cd_letter_row_add_cell (row, width * (i + 1), width, FONT_BODY, PANGO_ALIGN_CENTER,
                              CD_LETTER_CELL_PLAIN, markup);
    }
  cd_letter_row_set_keep_with_next (row, TRUE);
}

static void
add_recipients (Letter *letter)
{
  g_autofree char *claim = escape_or_blank (letter->data->claim_number);
  g_autofree char *text = NULL;

  if (letter->vi)
    text = g_strdup_printf ("<b><i>Nơi nhận:</i></b>\n- Như Điều %u;\n- Người lao động;\n"
                            "- Đơn vị sử dụng lao động;\n- Lưu: VT, hồ sơ %s.",
                            letter->article, claim);
  else
    text = g_strdup_printf ("<b><i>Recipients:</i></b>\n- As in Article %u;\n- The insured person;\n"
                            "- The employer;\n- File: registry, claim %s.", letter->article, claim);
  cd_letter_layout_add_paragraph (letter->layout, 10, 0, FONT_SMALL, PANGO_ALIGN_LEFT, text);
}

/* The page footer: what the letter is, on the left; the page number, on the right. */
static void
draw_footer (const Letter *letter,
             cairo_t      *cr,
             guint         page,
             guint         n_pages)
{
  g_autofree char *number = decision_number_text (letter);
  g_autofree char *claim = escape_or_blank (letter->data->claim_number);
  g_autofree char *rulepack = escape_or_blank (cd_json_member_string (letter->result, "rulepack"));
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  double y = PAGE_HEIGHT - MARGIN_BOTTOM + 14;

  if (letter->vi)
    {
      left = g_strdup_printf ("%sQuyết định số %s · Hồ sơ %s · Bộ quy tắc %s",
                              letter->data->draft ? "<b>DỰ THẢO</b> · " : "", number, claim,
                              rulepack);
      right = g_strdup_printf ("Trang %u/%u", page + 1, n_pages);
    }
  else
    {
      left = g_strdup_printf ("%sDecision No. %s · Claim %s · Rule pack %s",
                              letter->data->draft ? "<b>DRAFT</b> · " : "", number, claim,
                              rulepack);
      right = g_strdup_printf ("Page %u of %u", page + 1, n_pages);
    }

  cd_letter_draw_footer (letter->layout, cr, MARGIN_LEFT, y, CONTENT_WIDTH, FONT_FOOTER, left,
                         right);
}

/* ---- rendering ------------------------------------------------------------------------------ */

static gboolean
validate (const CdLetterData  *data,
          GError             **error)
{
  const char *format;

  if (data->language != NULL && g_strcmp0 (data->language, "vi") != 0
      && g_strcmp0 (data->language, "en") != 0)
    {
      g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                   _("Unknown letter language “%s” (expected vi or en)"), data->language);
      return FALSE;
    }
  if (data->result == NULL)
    {
      g_set_error_literal (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                           _("The decision letter has no evaluation result to show"));
      return FALSE;
    }
  format = cd_json_member_string (data->result, "format");
  if (format != NULL && g_strcmp0 (format, "claimdesk-result-1") != 0)
    {
      g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                   _("The evaluation result has the format “%s”; the letter reads claimdesk-result-1"),
                   format);
      return FALSE;
    }
  if (data->claimant_name == NULL || *data->claimant_name == '\0')
    {
      g_set_error_literal (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                           _("The decision letter needs the claimant’s full name"));
      return FALSE;
    }
  return TRUE;
}

static void
build (Letter *letter)
{
  add_heading (letter);
  add_title (letter);
  add_bases (letter);
  if (is_refusal (letter))
    add_refusal_article (letter);
  else
    add_grant_article (letter);
  add_unpaid_article (letter);
  add_assumptions_article (letter);
  add_effect_article (letter);
  add_signatures (letter);
  add_recipients (letter);
}

static void
draw_pages (cairo_t  *cr,
            gpointer  user_data)
{
  Letter *letter = user_data;
  guint n_pages;

  letter->layout = cd_letter_layout_new (cr, CONTENT_WIDTH);
  build (letter);
  n_pages = cd_letter_layout_paginate (letter->layout, CONTENT_HEIGHT);
  for (guint page = 0; page < n_pages; page++)
    {
      cd_letter_layout_draw_page (letter->layout, cr, page, MARGIN_LEFT, MARGIN_TOP);
      draw_footer (letter, cr, page, n_pages);
      cairo_show_page (cr);
    }
  g_clear_pointer (&letter->layout, cd_letter_layout_free);
}

gboolean
cd_decision_letter_render_to_stream (const CdLetterData  *data,
                                     GOutputStream       *stream,
                                     GCancellable        *cancellable,
                                     GError             **error)
{
  Letter letter = { 0 };
  g_autofree char *title = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate (data, error))
    return FALSE;

  letter.data = data;
  letter.vi = data->language == NULL || g_str_equal (data->language, "vi");
  letter.result = data->result;
  letter.benefit = data->benefit != NULL ? data->benefit
                                         : cd_json_member_string (data->result, "benefit");

  title = g_strdup_printf ("%s %s", pick (&letter, "Quyết định", "Decision"),
                           data->decision_number != NULL ? data->decision_number : "");
  if (cd_letter_pdf_to_stream (stream, PAGE_WIDTH, PAGE_HEIGHT, title, data->office_name,
                               draw_pages, &letter, cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, CD_LETTER_ERROR, CD_LETTER_ERROR_RENDER))
    g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_RENDER,
                 _("Cannot draw the decision letter: %s"), local_error->message);
  else
    g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE,
                 _("Cannot write the decision letter: %s"), local_error->message);
  return FALSE;
}

static void
set_path_error (GError     **error,
                const char  *path,
                const char  *reason)
{
  g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE,
               _("Cannot write the decision letter to “%s”: %s"), path, reason);
}

static gboolean
write_letter (GOutputStream  *stream,
              gpointer        user_data,
              GError        **error)
{
  return cd_decision_letter_render_to_stream (user_data, stream, NULL, error);
}

gboolean
cd_decision_letter_render_pdf (const CdLetterData  *data,
                               const char          *path,
                               GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Bad data fails before anything touches the disk. */
  if (!validate (data, error))
    return FALSE;

  if (cd_letter_write_file (path, write_letter, (gpointer) data, &local_error))
    return TRUE;
  if (local_error->domain == CD_LETTER_ERROR && local_error->code != CD_LETTER_ERROR_WRITE)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    set_path_error (error, path, local_error->message);
  return FALSE;
}

/* ---- loading the letter data from JSON ------------------------------------------------------ */

/* A string member of `object`, or NULL when absent or null; a member of another type is an error.
 */
static gboolean
read_string (JsonObject   *object,
             const char   *name,
             const char   *where,
             const char  **out,
             GError      **error)
{
  JsonNode *node;

  *out = NULL;
  if (object == NULL || !json_object_has_member (object, name))
    return TRUE;
  node = json_object_get_member (object, name);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                   _("%s%s: expected a string"), where, name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

/* An object member, or NULL when absent; a member of another type is an error. */
static gboolean
read_object (JsonObject   *object,
             const char   *name,
             JsonObject  **out,
             GError      **error)
{
  JsonNode *node;

  *out = NULL;
  if (!json_object_has_member (object, name))
    return TRUE;
  node = json_object_get_member (object, name);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                   _("%s: expected an object"), name);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_signer (JsonObject      *object,
             const char      *where,
             CdLetterSigner  *signer,
             GError         **error)
{
  return read_string (object, "name", where, &signer->name, error)
         && read_string (object, "title", where, &signer->title, error)
         && read_string (object, "date", where, &signer->date, error);
}

gboolean
cd_letter_data_init_from_json (CdLetterData  *data,
                               JsonObject    *object,
                               GError       **error)
{
  JsonObject *office, *decision, *claimant, *proposer;
  JsonArray *approvers = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  memset (data, 0, sizeof *data);
  if (!read_object (object, "office", &office, error)
      || !read_object (object, "decision", &decision, error)
      || !read_object (object, "claimant", &claimant, error)
      || !read_object (object, "proposer", &proposer, error)
      || !read_object (object, "case", &data->benefit_case, error)
      || !read_object (object, "result", &data->result, error))
    return FALSE;

  if (json_object_has_member (object, "approvers"))
    {
      JsonNode *node = json_object_get_member (object, "approvers");

      if (!JSON_NODE_HOLDS_ARRAY (node)
          || json_array_get_length (json_node_get_array (node)) > CD_LETTER_MAX_APPROVERS)
        {
          g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                       _("approvers: expected an array of at most %d signers"),
                       CD_LETTER_MAX_APPROVERS);
          return FALSE;
        }
      approvers = json_node_get_array (node);
    }

  if (!read_string (object, "language", "", &data->language, error)
      || !read_string (object, "claim_number", "", &data->claim_number, error)
      || !read_string (object, "benefit", "", &data->benefit, error)
      || !read_string (office, "parent", "office.", &data->office_parent, error)
      || !read_string (office, "name", "office.", &data->office_name, error)
      || !read_string (office, "code", "office.", &data->office_code, error)
      || !read_string (office, "place", "office.", &data->office_place, error)
      || !read_string (decision, "number", "decision.", &data->decision_number, error)
      || !read_string (decision, "date", "decision.", &data->decision_date, error)
      || !read_string (claimant, "full_name", "claimant.", &data->claimant_name, error)
      || !read_string (claimant, "sex", "claimant.", &data->claimant_sex, error)
      || !read_string (claimant, "personal_id", "claimant.", &data->claimant_personal_id, error)
      || !read_string (claimant, "si_code", "claimant.", &data->claimant_si_code, error)
      || !read_string (claimant, "birth_date", "claimant.", &data->claimant_birth_date, error)
      || !read_string (claimant, "employer", "claimant.", &data->employer_name, error)
      || !read_signer (proposer, "proposer.", &data->proposer, error))
    return FALSE;

  if (json_object_has_member (object, "draft"))
    {
      JsonNode *node = json_object_get_member (object, "draft");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                               _("draft: expected true or false"));
          return FALSE;
        }
      data->draft = json_node_get_boolean (node);
    }

  for (guint i = 0; approvers != NULL && i < json_array_get_length (approvers); i++)
    {
      JsonNode *node = json_array_get_element (approvers, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA,
                       _("approvers[%u]: expected an object"), i);
          return FALSE;
        }
      if (!read_signer (json_node_get_object (node), "approvers[].", &data->approvers[i], error))
        return FALSE;
    }

  return validate (data, error);
}
