/* gw-lists.c — employers' 01B-HSB lists made from the world, signed, served to the offices. */
#include "config.h"

#include <string.h>

#include "cd-data-dir.h"
#include "cd-date.h"
#include "cd-employer-list.h"
#include "gw-enrolment.h"
#include "gw-lists.h"

/* Tags of the lists' own draws, far from the world's and gw-world's. */
#define TAG_LIST_PLANT 7100
#define TAG_LIST_ACCOUNT 7200
#define TAG_LIST_OTHER 7300
/* Households scanned for a list's rows: enough for any demo world, bounded for a huge one. */
#define MAX_SCAN 200000
#define MAX_ROWS 2000

static const char *const plant_names[GW_N_LIST_PLANTS] = {
  [GW_LIST_PLANT_PERIOD] = "period",
  [GW_LIST_PLANT_OTHER_SI] = "other-si",
  [GW_LIST_PLANT_CHILD_AGE] = "child-age",
  [GW_LIST_PLANT_DUPLICATE] = "duplicate",
  [GW_LIST_PLANT_DECIDED] = "decided",
};

/* Rare by default, as in a real month: most rows are right. */
static const double default_rates[GW_N_LIST_PLANTS] = { 0.03, 0.02, 0.02, 0.02, 0.02 };

/* The order a row's draws are tried in: the first that fires and applies wins. */
static const GwListPlant plant_order[GW_N_LIST_PLANTS] = {
  GW_LIST_PLANT_DUPLICATE, GW_LIST_PLANT_DECIDED, GW_LIST_PLANT_OTHER_SI, GW_LIST_PLANT_PERIOD,
  GW_LIST_PLANT_CHILD_AGE,
};

typedef struct
{
  CdBenefit   benefit;
  const char *dossier;
  const char *section;
  gboolean    child;     /* column D holds the child's birth date */
} BenefitSection;

static const BenefitSection benefit_sections[] = {
  { CD_BENEFIT_SICKNESS, "630a", "A.I", FALSE },
  { CD_BENEFIT_CHILD_SICKNESS, "630a", "A.III", TRUE },
  { CD_BENEFIT_PRENATAL_CHECKUP, "630b", "B.I", FALSE },
  { CD_BENEFIT_PREGNANCY_LOSS, "630b", "B.II", FALSE },
  { CD_BENEFIT_CHILDBIRTH, "630b", "B.III", TRUE },
  { CD_BENEFIT_ADOPTION, "630b", "B.IV", TRUE },
  { CD_BENEFIT_SURROGACY, "630b", "B.V", TRUE },
  { CD_BENEFIT_FATHER_LEAVE, "630b", "B.VI", TRUE },
  { CD_BENEFIT_CONTRACEPTION, "630b", "B.VII", FALSE },
  { CD_BENEFIT_RECOVERY_AFTER_SICKNESS, "630c", "C", FALSE },
  { CD_BENEFIT_RECOVERY_AFTER_MATERNITY, "630c", "C", FALSE },
};

static const char *const banks[] = {
  "Vietcombank", "Agribank", "BIDV", "VietinBank", "Techcombank", "MB Bank",
};

typedef struct
{
  guint       number;
  int         plant;     /* GwListPlant, or -1 */
  guint       of_row;    /* a duplicate's original */
  guint32     household;
  char        section[8];
  char        cells[9][160];  /* A B 1 2 3 4 C D E */
} ListRow;

static const char *const columns[9] = { "A", "B", "1", "2", "3", "4", "C", "D", "E" };
enum { COL_A, COL_B, COL_1, COL_2, COL_3, COL_4, COL_C, COL_D, COL_E };

typedef struct
{
  char    *id;
  char     unit_code[12];
  char     unit_name[160];
  char     dossier[5];
  char     period[8];
  guint    batch;
  char    *received_at;
  GArray  *rows;       /* ListRow */
  GBytes  *envelope;   /* signed */
} GwList;

struct _GwLists
{
  GwServer     *server;
  GwWorld      *world;
  CdSigningKey *key;
  double        rates[GW_N_LIST_PLANTS];
  GPtrArray    *lists;    /* GwList, in the order received */
  GHashTable   *used;     /* "dossier|employer" already given a list */
};

/* The TEST-ONLY key every employer of the world signs its lists with (data/pki/README.md). */
static CdSigningKey *
unit_signing_key (GError **error)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "units", "employer.key.pem", NULL);
  g_autofree char *cert_path = g_build_filename (pki, "units", "employer.cert.pem", NULL);

  return cd_signing_key_new_from_files (key_path, cert_path, error);
}

static void
gw_list_free (gpointer data)
{
  GwList *list = data;

  g_free (list->id);
  g_free (list->received_at);
  g_array_unref (list->rows);
  g_bytes_unref (list->envelope);
  g_free (list);
}

const char *
gw_list_plant_name (GwListPlant plant)
{
  g_return_val_if_fail (plant < GW_N_LIST_PLANTS, NULL);
  return plant_names[plant];
}

static const BenefitSection *
section_of (CdBenefit benefit)
{
  for (guint i = 0; i < G_N_ELEMENTS (benefit_sections); i++)
    if (benefit_sections[i].benefit == benefit)
      return &benefit_sections[i];
  return NULL;
}

static gboolean
is_decided (CdClaimStatus status)
{
  return status == CD_CLAIM_STATUS_APPROVED || status == CD_CLAIM_STATUS_QUEUED
         || status == CD_CLAIM_STATUS_SYNCED || status == CD_CLAIM_STATUS_REJECTED
         || status == CD_CLAIM_STATUS_REFUSED;
}

static double
draw (GwLists *self,
      guint64  tag,
      guint64  a,
      guint64  b)
{
  guint64 h = cd_world_hash (self->world->world, tag, a, b);

  return (double) (h >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53);
}

static void
display_date (CdDay  day,
              char  *out)
{
  cd_date_format_display (day, out);
}

/* Column 4: days under a month; "months-days" over. Sickness counts working days only. */
static void
total_days (CdDay       from,
            CdDay       to,
            gboolean    working_only,
            const char *weekly_rest,
            char       *out,
            gsize       size)
{
  static const char *const names[] = { NULL, "\"mon\"", "\"tue\"", "\"wed\"", "\"thu\"",
                                       "\"fri\"", "\"sat\"", "\"sun\"" };
  int days = 0;

  for (CdDay d = from; d <= to; d++)
    if (!working_only || strstr (weekly_rest, names[cd_date_weekday (d)]) == NULL)
      days++;
  if (working_only || to - from + 1 <= 30)
    g_snprintf (out, size, "%d", days);
  else
    {
      int months, odd;

      cd_period_months (from, to, &months, &odd);
      g_snprintf (out, size, "%d-%d", months, odd);
    }
}

/* "T2, T5, CN" when the unit's weekly rest is not Saturday and Sunday. */
static void
weekly_rest_note (const char *weekly_rest,
                  char       *out,
                  gsize       size)
{
  static const char *const json[] = { "\"mon\"", "\"tue\"", "\"wed\"", "\"thu\"", "\"fri\"",
                                      "\"sat\"", "\"sun\"" };
  static const char *const form[] = { "T2", "T3", "T4", "T5", "T6", "T7", "CN" };
  g_autoptr(GString) text = g_string_new (NULL);

  out[0] = '\0';
  if (strstr (weekly_rest, "\"sat\"") != NULL && strstr (weekly_rest, "\"sun\"") != NULL
      && strstr (weekly_rest, "\"mon\"") == NULL && strstr (weekly_rest, "\"fri\"") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (json); i++)
    if (strstr (weekly_rest, json[i]) != NULL)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", form[i]);
  g_strlcpy (out, text->str, size);
}

static void
fill_row (GwLists               *self,
          const CdWorldEmployer *employer,
          const CdWorldClaim    *claim,
          const BenefitSection  *section,
          ListRow               *row)
{
  CdWorld *world = self->world->world;
  CdWorldPerson person, child;
  CdDay from = CD_DAY_NONE, to = CD_DAY_NONE;
  gboolean sickness = section->section[0] == 'A';
  char rest[64];

  cd_world_get_person (world, claim->index, CD_WORLD_ROLE_INSURED, &person);
  cd_date_parse (claim->period_from, &from);
  cd_date_parse (claim->period_to, &to);
  row->household = claim->index;
  g_strlcpy (row->section, section->section, sizeof row->section);
  g_strlcpy (row->cells[COL_B], person.full_name, sizeof row->cells[COL_B]);
  g_strlcpy (row->cells[COL_1], person.si_code, sizeof row->cells[COL_1]);
  display_date (from, row->cells[COL_2]);
  display_date (to, row->cells[COL_3]);
  total_days (from, to, sickness, employer->weekly_rest, row->cells[COL_4],
              sizeof row->cells[COL_4]);
  if (draw (self, TAG_LIST_ACCOUNT, claim->claim_index, 0) < 0.7)
    g_snprintf (row->cells[COL_C], sizeof row->cells[COL_C], "%012" G_GUINT64_FORMAT ", %s",
                cd_world_hash (world, TAG_LIST_ACCOUNT, claim->index, 1) % 1000000000000u,
                banks[cd_world_hash (world, TAG_LIST_ACCOUNT, claim->index, 2)
                      % G_N_ELEMENTS (banks)]);

  if (section->child && claim->child_role >= 0
      && cd_world_get_person (world, claim->index, (guint) claim->child_role, &child))
    {
      CdDay birth = CD_DAY_NONE;

      cd_date_parse (child.birth_date, &birth);
      display_date (birth, row->cells[COL_D]);
      if (claim->benefit == CD_BENEFIT_ADOPTION)
        {
          char adopted[11];

          display_date (from, adopted);
          g_strlcat (row->cells[COL_D], "; ", sizeof row->cells[COL_D]);
          g_strlcat (row->cells[COL_D], adopted, sizeof row->cells[COL_D]);
        }
      if (claim->benefit == CD_BENEFIT_CHILD_SICKNESS)
        g_strlcpy (row->cells[COL_E], child.health_card, sizeof row->cells[COL_E]);
    }
  else if (section->section[0] == 'C')
    display_date (to + 1, row->cells[COL_D]);  /* back at work the day after */

  weekly_rest_note (employer->weekly_rest, rest, sizeof rest);
  if (sickness && rest[0] != '\0')
    {
      if (row->cells[COL_E][0] != '\0')
        g_strlcat (row->cells[COL_E], "; ", sizeof row->cells[COL_E]);
      g_strlcat (row->cells[COL_E], rest, sizeof row->cells[COL_E]);
    }
}

static gboolean
row_has_child (const ListRow *row)
{
  return row->cells[COL_D][0] != '\0' && row->section[0] != 'C';
}

/* Plants one wrong row over `row` when its draw fires and the plant applies; the row was made from
 * a claim the certificate agrees with. */
static void
plant (GwLists               *self,
       GwList                *list,
       guint64                list_key,
       ListRow               *row,
       const double          *rates,
       GArray                *decided,
       guint                 *next_decided,
       const CdWorldEmployer *employer)
{
  row->plant = -1;
  for (guint k = 0; k < GW_N_LIST_PLANTS; k++)
    {
      GwListPlant p = plant_order[k];

      if (draw (self, TAG_LIST_PLANT + p, list_key, row->number) >= rates[p])
        continue;
      switch (p)
        {
        case GW_LIST_PLANT_DUPLICATE:
          {
            const ListRow *before;

            if (list->rows->len == 0)
              continue;
            before = &g_array_index (list->rows, ListRow, list->rows->len - 1);
            memcpy (row->cells, before->cells, sizeof row->cells);
            g_strlcpy (row->section, before->section, sizeof row->section);
            row->household = before->household;
            /* A copy of a copy repeats the first row of the run. */
            row->of_row = before->plant == GW_LIST_PLANT_DUPLICATE ? before->of_row
                                                                   : before->number;
          }
          break;
        case GW_LIST_PLANT_DECIDED:
          {
            const CdWorldClaim *claim;

            if (*next_decided >= decided->len)
              continue;
            claim = &g_array_index (decided, CdWorldClaim, (*next_decided)++);
            memset (row->cells, 0, sizeof row->cells);
            fill_row (self, employer, claim, section_of (claim->benefit), row);
          }
          break;
        case GW_LIST_PLANT_OTHER_SI:
          {
            guint32 n = cd_world_get_n_people (self->world->world);
            guint32 other = (row->household + 1
                             + (guint32) (cd_world_hash (self->world->world, TAG_LIST_OTHER,
                                                         list_key, row->number) % 97)) % n;
            CdWorldPerson person;

            if (other == row->household
                || !cd_world_get_person (self->world->world, other, 0, &person))
              continue;
            g_strlcpy (row->cells[COL_1], person.si_code, sizeof row->cells[COL_1]);
          }
          break;
        case GW_LIST_PLANT_PERIOD:
          {
            CdDay from, to;

            if (!cd_date_parse_display (row->cells[COL_2], &from)
                || !cd_date_parse_display (row->cells[COL_3], &to))
              continue;
            display_date (from + 2, row->cells[COL_2]);
            display_date (to + 2, row->cells[COL_3]);
          }
          break;
        case GW_LIST_PLANT_CHILD_AGE:
          {
            CdDay from, birth;
            char rest[160];
            const char *semicolon;

            if (!row_has_child (row) || !cd_date_parse_display (row->cells[COL_2], &from))
              continue;
            birth = cd_date_add_months (from, -96);
            semicolon = strchr (row->cells[COL_D], ';');
            g_strlcpy (rest, semicolon != NULL ? semicolon : "", sizeof rest);
            display_date (birth, row->cells[COL_D]);
            g_strlcat (row->cells[COL_D], rest, sizeof row->cells[COL_D]);
          }
          break;
        case GW_N_LIST_PLANTS:
        default:
          g_assert_not_reached ();
        }
      row->plant = (int) p;
      return;
    }
}

static char *
build_body (const GwList          *list,
            const CdWorldEmployer *employer)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<M01B-HSB>\n");
  g_autofree char *name = g_markup_escape_text (employer->name, -1);
  const char *open = NULL;

  g_string_append_printf (xml, "  <DonVi><TenDonVi>%s</TenDonVi><MaDonVi>%s</MaDonVi></DonVi>\n",
                          name, employer->code);
  g_string_append_printf (xml, "  <Dot>%u</Dot><Thang>%.2s</Thang><Nam>%.4s</Nam>\n  <Phan1>\n",
                          list->batch, list->period + 5, list->period);
  for (guint i = 0; i < list->rows->len; i++)
    {
      const ListRow *row = &g_array_index (list->rows, ListRow, i);

      if (g_strcmp0 (open, row->section) != 0)
        {
          if (open != NULL)
            g_string_append (xml, "    </Nhom>\n");
          g_string_append_printf (xml, "    <Nhom Ma=\"%s\">\n", row->section);
          open = row->section;
        }
      g_string_append (xml, "      <Dong>");
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          g_autofree char *text = NULL;

          if (c == COL_A)
            {
              g_string_append_printf (xml, "<O Cot=\"A\">%u</O>", row->number);
              continue;
            }
          if (row->cells[c][0] == '\0')
            continue;
          text = g_markup_escape_text (row->cells[c], -1);
          g_string_append_printf (xml, "<O Cot=\"%s\">%s</O>", columns[c], text);
        }
      g_string_append (xml, "</Dong>\n");
    }
  if (open != NULL)
    g_string_append (xml, "    </Nhom>\n");
  g_string_append (xml, "  </Phan1>\n  <Cky/>\n</M01B-HSB>\n");
  return g_string_free (xml, FALSE);
}

static gint
compare_sections (gconstpointer a,
                  gconstpointer b)
{
  const CdWorldClaim *x = a, *y = b;
  const BenefitSection *sx = section_of (x->benefit), *sy = section_of (y->benefit);
  int by_section = strcmp (sx->section, sy->section);

  if (by_section != 0)
    return by_section;
  return x->claim_index < y->claim_index ? -1 : x->claim_index > y->claim_index;
}

/* Makes a list of (at most) n_rows rows for the unit with the most undecided claims of the dossier
 * that has not had one yet; with `since` ("YYYY-MM-DD"), of the claims whose leave ended on or
 * after that day only (a large unit's list of recent leave, not of the world's three years). */
static GwList *
make_list (GwLists       *self,
           const char    *dossier,
           guint          n_rows,
           const double  *rates,
           const char    *since,
           GError       **error)
{
  CdWorld *world = self->world->world;
  guint32 n_people = MIN (cd_world_get_n_people (world), MAX_SCAN);
  guint32 n_employers = cd_world_get_n_employers (world);
  g_autofree guint *counts = g_new0 (guint, n_employers);
  /* Each scanned household's employer, so that the second pass regenerates only the chosen
   * unit's households: a world with a large employer is scanned at request time. */
  g_autofree gint32 *employer_of = g_new (gint32, n_people);
  g_autoptr(GArray) good = g_array_new (FALSE, TRUE, sizeof (CdWorldClaim));
  g_autoptr(GArray) decided = g_array_new (FALSE, TRUE, sizeof (CdWorldClaim));
  g_autofree char *body = NULL;
  g_autoptr(GBytes) unsigned_envelope = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CdWorldEmployer employer;
  CdEmployerListEnvelope info = { 0 };
  gint64 best = -1;
  guint next_decided = 0;
  guint64 list_key;
  char reference_day[11];
  GwList *list;

  /* Which unit: the one with the most undecided claims of this dossier not yet listed. */
  for (guint32 i = 0; i < n_people; i++)
    {
      CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
      CdWorldPerson person;
      guint n;

      employer_of[i] = -1;
      if (!cd_world_get_person (world, i, CD_WORLD_ROLE_INSURED, &person) || person.employer < 0)
        continue;
      employer_of[i] = person.employer;
      n = gw_world_household_claims (self->world, i, claims);
      for (guint j = 0; j < n; j++)
        {
          const BenefitSection *section = section_of (claims[j].benefit);

          if (section != NULL && g_str_equal (section->dossier, dossier)
              && !is_decided (claims[j].status)
              && (since == NULL || strcmp (claims[j].period_to, since) >= 0))
            counts[person.employer]++;
        }
    }
  for (guint32 e = 0; e < n_employers; e++)
    {
      g_autofree char *key = g_strdup_printf ("%s|%u", dossier, e);

      if (!g_hash_table_contains (self->used, key) && (best < 0 || counts[e] > counts[best]))
        best = e;
    }
  if (best < 0 || counts[best] == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no unit of the world has undecided %s claims left to list", dossier);
      return NULL;
    }
  g_hash_table_add (self->used, g_strdup_printf ("%s|%u", dossier, (guint) best));
  cd_world_get_employer (world, (guint32) best, &employer);

  for (guint32 i = 0; i < n_people; i++)
    {
      CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
      guint n;

      if (employer_of[i] != best)
        continue;
      n = gw_world_household_claims (self->world, i, claims);
      for (guint j = 0; j < n; j++)
        {
          const BenefitSection *section = section_of (claims[j].benefit);

          if (section == NULL || !g_str_equal (section->dossier, dossier)
              || (since != NULL && strcmp (claims[j].period_to, since) < 0))
            continue;
          g_array_append_val (is_decided (claims[j].status) ? decided : good, claims[j]);
        }
    }
  g_array_sort (good, compare_sections);

  list = g_new0 (GwList, 1);
  list->rows = g_array_new (FALSE, TRUE, sizeof (ListRow));
  list->id = g_strdup_printf ("L%04u", self->lists->len + 1);
  g_strlcpy (list->unit_code, employer.code, sizeof list->unit_code);
  g_strlcpy (list->unit_name, employer.name, sizeof list->unit_name);
  g_strlcpy (list->dossier, dossier, sizeof list->dossier);
  /* The month of the world's reference day, YYYY-MM. */
  cd_date_format (cd_world_get_reference_day (self->world->world), reference_day);
  g_strlcpy (list->period, reference_day, sizeof list->period);
  list->received_at = g_date_time_format_iso8601 (now);
  for (guint i = 0; i < self->lists->len; i++)
    list->batch += g_str_equal (((GwList *) g_ptr_array_index (self->lists, i))->unit_code,
                                list->unit_code);
  list->batch++;
  list_key = cd_world_hash (world, TAG_LIST_PLANT, self->lists->len + 1, 0);

  for (guint g = 0; g < good->len && list->rows->len < n_rows; g++)
    {
      const CdWorldClaim *claim = &g_array_index (good, CdWorldClaim, g);
      ListRow row = { 0 };

      row.number = list->rows->len + 1;
      fill_row (self, &employer, claim, section_of (claim->benefit), &row);
      plant (self, list, list_key, &row, rates, decided, &next_decided, &employer);
      g_array_append_val (list->rows, row);
      if (row.plant == GW_LIST_PLANT_DUPLICATE)
        g--;  /* the claim the duplicate stood in for still gets its own row */
    }

  body = build_body (list, &employer);
  info.unit_code = employer.code;
  info.unit_name = employer.name;
  info.signer_name = "Giám đốc";
  info.dossier_code = dossier;
  info.period = list->period;
  info.created = "2026-11-18";
  unsigned_envelope = cd_employer_list_build_envelope (&info, "01B-HSB", body, strlen (body));
  list->envelope = cd_employer_list_sign (self->key, unsigned_envelope, error);
  if (list->envelope == NULL)
    {
      gw_list_free (list);
      return NULL;
    }
  g_ptr_array_add (self->lists, list);
  return list;
}

static void
add_list_summary (JsonBuilder  *builder,
                  const GwList *list,
                  gboolean      with_plants)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, list->id);
  json_builder_set_member_name (builder, "unit_code");
  json_builder_add_string_value (builder, list->unit_code);
  json_builder_set_member_name (builder, "unit_name");
  json_builder_add_string_value (builder, list->unit_name);
  json_builder_set_member_name (builder, "dossier_code");
  json_builder_add_string_value (builder, list->dossier);
  json_builder_set_member_name (builder, "period");
  json_builder_add_string_value (builder, list->period);
  json_builder_set_member_name (builder, "batch");
  json_builder_add_int_value (builder, list->batch);
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_string_value (builder, list->received_at);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, list->rows->len);
  if (with_plants)
    {
      json_builder_set_member_name (builder, "planted");
      json_builder_begin_array (builder);
      for (guint i = 0; i < list->rows->len; i++)
        {
          const ListRow *row = &g_array_index (list->rows, ListRow, i);

          if (row->plant < 0)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "row");
          json_builder_add_int_value (builder, row->number);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, plant_names[row->plant]);
          if (row->plant == GW_LIST_PLANT_DUPLICATE)
            {
              json_builder_set_member_name (builder, "of_row");
              json_builder_add_int_value (builder, row->of_row);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static GwList *
find_list (GwLists    *self,
           const char *id)
{
  for (guint i = 0; i < self->lists->len; i++)
    {
      GwList *list = g_ptr_array_index (self->lists, i);

      if (g_str_equal (list->id, id))
        return list;
    }
  return NULL;
}

/* GET /central/lists and GET /central/lists/ID, with the office's credentials. */
static void
handle_lists (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  GwLists *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *rest = path + strlen ("/central/lists");

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  if (gw_enrolment_authorize_office (gw_server_get_enrolment (self->server), msg) == NULL)
    return;

  if (rest[0] == '/' && rest[1] != '\0')
    {
      GwList *list = find_list (self, rest + 1);

      if (list == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such list");
          return;
        }
      gw_server_respond (self->server, msg, SOUP_STATUS_OK, "application/xml", list->envelope,
                         GW_BODY_XML);
      return;
    }
  if (rest[0] != '\0' && !g_str_equal (rest, "/"))
    {
      gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such list");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lists");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->lists->len; i++)
    add_list_summary (builder, g_ptr_array_index (self->lists, i), FALSE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, root);
}

static gboolean
rates_from_json (JsonObject  *object,
                 double      *rates,
                 GError     **error)
{
  GList *members = object != NULL ? json_object_get_members (object) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      guint p;

      for (p = 0; p < GW_N_LIST_PLANTS; p++)
        if (g_str_equal (l->data, plant_names[p]))
          break;
      if (p == GW_N_LIST_PLANTS || !JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) == G_TYPE_STRING
          || !(json_node_get_double (node) >= 0.0 && json_node_get_double (node) <= 1.0))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "rates.%s: expected one of period, other-si, child-age, duplicate, decided "
                       "with a rate between 0 and 1", (const char *) l->data);
          g_list_free (members);
          return FALSE;
        }
      rates[p] = json_node_get_double (node);
    }
  g_list_free (members);
  return TRUE;
}

/* GET: every list with its planted rows. POST {"dossier": "630a", "rows": 50, "rates": {"period":
 * 0.1, …}, "since": "2025-07-01"}: a new list (rates not given are 0; since: any leave when not
 * given), answered with its planted rows. */
static void
handle_control_lists (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  GwLists *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *json = NULL;
  const char *method = soup_server_message_get_method (msg);

  if (method == SOUP_METHOD_POST)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = gw_parse_json_body (msg, &error);
      JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                           ? json_node_get_object (root) : NULL;
      double rates[GW_N_LIST_PLANTS] = { 0 };
      const char *dossier;
      const char *since;
      gint64 rows;
      CdDay day;
      GwList *list;

      if (object == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                          error != NULL ? error->message : "expected a JSON object");
          return;
        }
      dossier = json_object_get_string_member_with_default (object, "dossier", "630a");
      rows = json_object_get_int_member_with_default (object, "rows", 10);
      if ((!g_str_equal (dossier, "630a") && !g_str_equal (dossier, "630b")
           && !g_str_equal (dossier, "630c")) || rows < 1 || rows > MAX_ROWS)
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                          "expected dossier 630a, 630b or 630c and 1 to 2000 rows");
          return;
        }
      since = json_object_get_string_member_with_default (object, "since", NULL);
      if ((json_object_has_member (object, "since") && since == NULL)
          || (since != NULL && !cd_date_parse (since, &day)))
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "since: expected a day YYYY-MM-DD");
          return;
        }
      if (json_object_has_member (object, "rates")
          && !rates_from_json (json_object_get_object_member (object, "rates"), rates, &error))
        {
          gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
      list = make_list (self, dossier, (guint) rows, rates, since, &error);
      if (list == NULL)
        {
          gw_reply_error (msg, SOUP_STATUS_CONFLICT, error->message);
          return;
        }
      add_list_summary (builder, list, TRUE);
    }
  else if (method == SOUP_METHOD_GET)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lists");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->lists->len; i++)
        add_list_summary (builder, g_ptr_array_index (self->lists, i), TRUE);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  else
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET or POST");
      return;
    }
  answer = json_builder_get_root (builder);
  json = json_to_string (answer, FALSE);
  gw_reply_json (msg, SOUP_STATUS_OK, json);
}

GwLists *
gw_lists_new (GwServer *server,
              GwWorld  *world)
{
  GwLists *self = g_new0 (GwLists, 1);
  SoupServer *soup = gw_server_get_soup (server);

  self->server = server;
  self->world = world;
  memcpy (self->rates, default_rates, sizeof self->rates);
  self->lists = g_ptr_array_new_with_free_func (gw_list_free);
  self->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soup_server_add_handler (soup, "/central/lists", handle_lists, self, NULL);
  soup_server_add_handler (soup, "/_control/central/lists", handle_control_lists, self, NULL);
  return self;
}

void
gw_lists_free (GwLists *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->key);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->used, g_hash_table_unref);
  g_free (self);
}

GOptionGroup *
gw_lists_option_group (GwListsOptions *options)
{
  static const char *const flags[GW_N_LIST_PLANTS] = {
    "list-period-rate", "list-other-si-rate", "list-child-age-rate", "list-duplicate-rate",
    "list-decided-rate",
  };
  static const char *const descriptions[GW_N_LIST_PLANTS] = {
    "Share of list rows whose period disagrees with the certificate (default 0.03)",
    "Share of list rows with another person's SI number (default 0.02)",
    "Share of list rows whose child is too old (default 0.02)",
    "Share of list rows repeating the row before (default 0.02)",
    "Share of list rows already decided in an earlier batch (default 0.02)",
  };
  GOptionEntry entries[GW_N_LIST_PLANTS + 2] = { { NULL } };
  GOptionGroup *group = g_option_group_new ("lists", "Employers' lists:",
                                            "Show the employers' list options", NULL, NULL);

  options->n_lists = -1;
  for (guint i = 0; i < GW_N_LIST_PLANTS; i++)
    entries[i] = (GOptionEntry) { flags[i], 0, 0, G_OPTION_ARG_STRING, &options->rate_texts[i],
                                  descriptions[i], "RATE" };
  entries[GW_N_LIST_PLANTS] = (GOptionEntry) { "lists", 0, 0, G_OPTION_ARG_INT, &options->n_lists,
                                               "Lists central holds at start, one per dossier "
                                               "code in turn, 20 rows each (default 3)", "N" };
  g_option_group_add_entries (group, entries);
  return group;
}

gboolean
gw_lists_configure (GwLists         *self,
                    GwListsOptions  *options,
                    GError         **error)
{
  static const char *const dossiers[] = { "630a", "630b", "630c" };
  int n_lists = options->n_lists >= 0 ? options->n_lists : 3;

  for (guint i = 0; i < GW_N_LIST_PLANTS; i++)
    {
      char *end = NULL;
      double value;

      if (options->rate_texts[i] == NULL)
        continue;
      value = g_ascii_strtod (options->rate_texts[i], &end);
      if (end == options->rate_texts[i] || *end != '\0' || !(value >= 0.0 && value <= 1.0))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--list-%s-rate %s: expected a rate between 0 and 1", plant_names[i],
                       options->rate_texts[i]);
          return FALSE;
        }
      self->rates[i] = value;
    }
  if (n_lists > 100)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--lists %d: expected 0 to 100", n_lists);
      return FALSE;
    }

  self->key = unit_signing_key (error);
  if (self->key == NULL)
    return FALSE;
  for (int i = 0; i < n_lists; i++)
    {
      g_autoptr(GError) local_error = NULL;

      /* A small world may run out of units for a dossier: the lists made so far stand. */
      if (make_list (self, dossiers[i % 3], 20, self->rates, NULL, &local_error) == NULL)
        g_debug ("list %d: %s", i + 1, local_error->message);
    }
  return TRUE;
}
