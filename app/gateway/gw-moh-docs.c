/* gw-moh-docs.c — the MoH 130/4750 documents of one treatment episode, as hospitals write them. */
#include "config.h"

#include <string.h>

#include "cd-date.h"
#include "gw-moh-docs.h"

#define TAG_FACILITY   7100
#define TAG_INPATIENT  7101
#define TAG_DIAGNOSIS  7102
#define TAG_SERIAL     7103
#define TAG_REFERRAL   7104
#define TAG_WEIGHT     7105

/* Test facilities: codes match the test PKI's per-facility keys (data/pki). */
static const GwFacility facilities[] = {
  { "01001", "Bệnh viện Bạch Mai" },
  { "01002", "Bệnh viện Hữu nghị Việt Đức" },
  { "79001", "Bệnh viện Chợ Rẫy" },
  { "92001", "Bệnh viện Đa khoa Trung ương Cần Thơ" },
  { "48001", "Bệnh viện Đa khoa Đà Nẵng" },
  { "31001", "Bệnh viện Việt Tiệp Hải Phòng" },
};

const GwFacility *
gw_facilities (guint *n_facilities)
{
  *n_facilities = G_N_ELEMENTS (facilities);
  return facilities;
}

const GwFacility *
gw_facility_for (const GwWorld *world,
                 guint32        household,
                 guint          event)
{
  /* A household mostly goes to the same hospital. */
  guint64 h = cd_world_hash (world->world, TAG_FACILITY, household, event > 0 && event % 3 == 0);
  return &facilities[h % G_N_ELEMENTS (facilities)];
}

const GwFacility *
gw_facility_other_than (const GwFacility *facility)
{
  guint i = (guint) (facility - facilities);
  return &facilities[(i + 1) % G_N_ELEMENTS (facilities)];
}

void
gw_moh_document_free (GwMohDocument *document)
{
  g_free (document->kind);
  g_free (document->text);
  g_free (document);
}

/* ---- Writing the XML ------------------------------------------------------------------------- */

static void
element (GString    *out,
         const char *name,
         const char *value)
{
  if (value == NULL || *value == '\0')
    {
      /* Empty and self-closed elements mean the same; hospitals' software writes both. */
      g_string_append_printf (out, "<%s/>", name);
      return;
    }
  {
    g_autofree char *escaped = g_markup_escape_text (value, -1);
    g_string_append_printf (out, "<%s>%s</%s>", name, escaped, name);
  }
}

static void
element_int (GString    *out,
             const char *name,
             gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  element (out, name, text);
}

static GString *
begin_document (const char *root)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  g_string_append_printf (out, "<%s>", root);
  return out;
}

static void
add_document (GPtrArray  *documents,
              const char *kind,
              GString    *out,
              const char *root)
{
  GwMohDocument *document = g_new0 (GwMohDocument, 1);

  g_string_append_printf (out, "</%s>\n", root);
  document->kind = g_strdup (kind);
  document->text = g_string_free (out, FALSE);
  g_ptr_array_add (documents, document);
}

/* ---- One episode ----------------------------------------------------------------------------- */

typedef struct
{
  const char *icd;
  const char *diagnosis;
} Diagnosis;

static const Diagnosis sickness_diagnoses[] = {
  { "J18.9", "Viêm phổi, không đặc hiệu" },
  { "J06.9", "Nhiễm trùng đường hô hấp trên cấp" },
  { "A09", "Tiêu chảy và viêm dạ dày ruột do nhiễm trùng" },
  { "K35.8", "Viêm ruột thừa cấp" },
  { "S82.2", "Gãy thân xương chày" },
  { "M54.5", "Đau thắt lưng" },
};

static const Diagnosis child_diagnoses[] = {
  { "J20.9", "Viêm phế quản cấp" },
  { "A09", "Tiêu chảy và viêm dạ dày ruột do nhiễm trùng" },
  { "B05.9", "Sởi không biến chứng" },
};

static Diagnosis
diagnosis_for (const GwWorld      *world,
               const CdWorldClaim *claim)
{
  guint64 h = cd_world_hash (world->world, TAG_DIAGNOSIS, claim->index, claim->event);

  switch (claim->benefit)
    {
    case CD_BENEFIT_SICKNESS:
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
      return sickness_diagnoses[h % G_N_ELEMENTS (sickness_diagnoses)];
    case CD_BENEFIT_CHILD_SICKNESS:
      return child_diagnoses[h % G_N_ELEMENTS (child_diagnoses)];
    case CD_BENEFIT_PREGNANCY_LOSS:
      return (Diagnosis) { "O03.9", "Sẩy thai tự nhiên, hoàn toàn hoặc không đặc hiệu" };
    case CD_BENEFIT_CHILDBIRTH:
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
    case CD_BENEFIT_FATHER_LEAVE:
    case CD_BENEFIT_LUMP_SUM_FATHER:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
      return h % 3 == 0 ? (Diagnosis) { "O82", "Đẻ mổ lấy thai" }
                        : (Diagnosis) { "O80", "Đẻ thường một thai" };
    case CD_BENEFIT_PRENATAL_CHECKUP:
      return (Diagnosis) { "Z34.9", "Khám thai định kỳ" };
    case CD_BENEFIT_CONTRACEPTION:
      return h % 2 == 0 ? (Diagnosis) { "Z30.1", "Đặt dụng cụ tử cung" }
                        : (Diagnosis) { "Z30.2", "Triệt sản" };
    case CD_BENEFIT_ADOPTION:
    case CD_N_BENEFITS:
    default:
      return (Diagnosis) { "Z00.0", "Khám sức khỏe tổng quát" };
    }
}

static gboolean
is_birth (CdBenefit benefit)
{
  return benefit == CD_BENEFIT_CHILDBIRTH || benefit == CD_BENEFIT_FATHER_LEAVE
         || benefit == CD_BENEFIT_LUMP_SUM_FATHER || benefit == CD_BENEFIT_CHILDBIRTH_TAKEOVER
         || benefit == CD_BENEFIT_VOLUNTARY_MATERNITY;
}

static gboolean
is_inpatient (const GwWorld      *world,
              const CdWorldClaim *claim,
              const Diagnosis    *diagnosis)
{
  guint64 h = cd_world_hash (world->world, TAG_INPATIENT, claim->index, claim->event);

  if (is_birth (claim->benefit))
    return TRUE;
  if (claim->benefit == CD_BENEFIT_PREGNANCY_LOSS)
    return h % 2 == 0;
  if (claim->benefit == CD_BENEFIT_SICKNESS)
    return g_str_equal (diagnosis->icd, "K35.8") || g_str_equal (diagnosis->icd, "S82.2")
           || h % 4 == 0;
  return FALSE;
}

static int
days_between (const char *from_iso,
              const char *to_iso)
{
  CdDay from, to;

  if (!cd_date_parse (from_iso, &from) || !cd_date_parse (to_iso, &to))
    return 0;
  return to - from + 1;
}

static void
iso_plus_days (const char *iso,
               int         days,
               char       *out)
{
  CdDay day = CD_DAY_NONE;

  cd_date_parse (iso, &day);
  cd_date_format (day + days, out);
}

/* Identity as this facility wrote it: for a planted mismatch, the name without its diacritics and
 * the birth year off by one, as a careless data entry would leave it. */
static void
identity_as_written (const GwWorld       *world,
                     const CdWorldPerson *person,
                     char               **name,
                     char                *birth_compact)
{
  gw_compact_date (person->birth_date, birth_compact);
  if (person->role == CD_WORLD_ROLE_INSURED
      && gw_world_is_planted (world, GW_PLANT_IDENTITY_MISMATCH, person->index))
    {
      *name = g_str_to_ascii (person->full_name, "C");
      birth_compact[3] = (char) ('0' + (birth_compact[3] - '0' + 1) % 10);
      return;
    }
  *name = g_strdup (person->full_name);
}

static void
leave_certificate (GPtrArray           *documents,
                   const GwWorld       *world,
                   const CdWorldPerson *patient,
                   const CdWorldClaim  *claim,
                   const Diagnosis     *diagnosis,
                   const GwFacility    *facility,
                   const char          *from_iso,
                   int                  days,
                   const char          *serial,
                   const CdWorldPerson *sick_child)
{
  GString *out = begin_document ("CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI");
  char to_iso[11], from_c[9], to_c[9], issued_c[9];
  g_autofree char *so_ct = g_strdup_printf ("%s/%s", serial, facility->code);

  iso_plus_days (from_iso, days - 1, to_iso);
  gw_compact_date (from_iso, from_c);
  gw_compact_date (to_iso, to_c);
  gw_compact_date (from_iso, issued_c);

  element (out, "SO_CT", so_ct);
  element (out, "SO_SERI", serial);
  element (out, "SO_KCB", claim->number);
  element (out, "DON_VI", facility->name);
  element (out, "MA_BHXH", patient->si_code);
  element (out, "MA_THE_BHYT", (sick_child != NULL ? sick_child : patient)->health_card);
  element (out, "CHAN_DOAN_RV", diagnosis->diagnosis);
  element (out, "MA_DINH_CHI_THAI", claim->benefit == CD_BENEFIT_PREGNANCY_LOSS ? "1" : "0");
  element (out, "TUOI_THAI", claim->benefit == CD_BENEFIT_PREGNANCY_LOSS ? "10" : NULL);
  element_int (out, "SO_NGAY_NGHI", days);
  element (out, "TU_NGAY", from_c);
  element (out, "DEN_NGAY", to_c);
  if (sick_child != NULL)
    {
      /* A sick child's certificate names the parents; the child is the patient. */
      element (out, patient->female ? "HO_TEN_ME" : "HO_TEN_CHA", patient->full_name);
      element (out, patient->female ? "HO_TEN_CHA" : "HO_TEN_ME", NULL);
    }
  else
    {
      element (out, "HO_TEN_CHA", NULL);
      element (out, "HO_TEN_ME", NULL);
    }
  element (out, "NGAY_CT", issued_c);
  element (out, "MAU_SO", "CT07");
  add_document (documents, "XML11",
                out, "CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI");
}

static void
certificate_serial (const GwWorld      *world,
                    guint32             household,
                    guint               event,
                    char               *out)
{
  guint64 h = cd_world_hash (world->world, TAG_SERIAL, household, event);
  g_snprintf (out, 12, "%07" G_GUINT64_FORMAT, h % 10000000);
}

void
gw_moh_episode_documents (const GwWorld       *world,
                          const CdWorldPerson *patient,
                          const CdWorldClaim  *claim,
                          GPtrArray           *documents)
{
  Diagnosis diagnosis = diagnosis_for (world, claim);
  const GwFacility *facility = gw_facility_for (world, claim->index, claim->event);
  gboolean inpatient = is_inpatient (world, claim, &diagnosis);
  gboolean birth = is_birth (claim->benefit);
  CdWorldPerson child = { 0 };
  gboolean has_child = claim->child_role >= 0
                       && cd_world_get_person (world->world, claim->index, (guint) claim->child_role,
                                               &child);
  const CdWorldPerson *subject = claim->benefit == CD_BENEFIT_CHILD_SICKNESS && has_child
                                 ? &child : patient;
  g_autofree char *written_name = NULL;
  char birth_c[9], in_c[13], out_c[13], from_c[9];
  char admitted[11], discharged[11];
  g_autofree char *ma_lk = g_strdup_printf ("%s.%u", claim->number, claim->event);
  int stay;
  GString *out;

  /* The stay: a birth from the event day, an inpatient illness for part of the leave. */
  g_strlcpy (admitted, birth ? claim->event_date : claim->period_from, sizeof admitted);
  stay = inpatient ? (birth ? 3 : MAX (1, days_between (claim->period_from, claim->period_to) / 2)) : 1;
  iso_plus_days (admitted, stay - 1, discharged);

  identity_as_written (world, subject, &written_name, birth_c);
  gw_compact_date (admitted, from_c);
  g_snprintf (in_c, sizeof in_c, "%s0800", from_c);
  gw_compact_date (discharged, out_c);
  g_strlcat (out_c, "1000", sizeof out_c);

  /* XML1: the visit summary, always. */
  out = begin_document ("TONG_HOP");
  element (out, "MA_LK", ma_lk);
  element (out, "HO_TEN", written_name);
  element (out, "SO_CCCD", subject->personal_id);
  {
    g_autofree char *birth_time = g_strconcat (birth_c, "0000", NULL);
    element (out, "NGAY_SINH", birth_time);
  }
  element (out, "GIOI_TINH", subject->female ? "2" : "1");
  element (out, "MA_THE_BHYT", subject->health_card);
  element (out, "MA_BENH_CHINH", diagnosis.icd);
  element (out, "NGAY_VAO", in_c);
  element (out, "NGAY_RA", out_c);
  element (out, "KET_QUA_DTRI", "1");
  element (out, "MA_LOAI_RV", "1");
  element (out, "MA_LOAI_KCB", inpatient ? "03" : "01");
  element (out, "MA_PTTT_QT", g_str_equal (diagnosis.icd, "O82") || g_str_equal (diagnosis.icd, "K35.8")
                              ? "0405" : NULL);
  element (out, "MA_CSKCB", facility->code);
  add_document (documents, "XML1", out, "TONG_HOP");

  if (inpatient)
    {
      char rest_from[11], rest_to[11], rest_from_c[9], rest_to_c[9], issued_c[9];
      int rest_days = MAX (0, days_between (discharged, claim->period_to) - 1);

      iso_plus_days (discharged, 1, rest_from);
      iso_plus_days (discharged, rest_days, rest_to);
      gw_compact_date (rest_from, rest_from_c);
      gw_compact_date (rest_to, rest_to_c);
      gw_compact_date (discharged, issued_c);

      /* XML7: the discharge paper, with the outpatient rest that follows the stay. */
      out = begin_document ("CHI_TIEU_DU_LIEU_GIAY_RA_VIEN");
      element (out, "MA_LK", ma_lk);
      element (out, "NGAY_VAO", in_c);
      element (out, "NGAY_RA", out_c);
      element (out, "MA_DINH_CHI_THAI", claim->benefit == CD_BENEFIT_PREGNANCY_LOSS ? "1" : "0");
      element (out, "TUOI_THAI", claim->benefit == CD_BENEFIT_PREGNANCY_LOSS ? "16" : NULL);
      element (out, "CHAN_DOAN_RV", diagnosis.diagnosis);
      element (out, "PP_DIEUTRI", birth ? "Theo dõi sau sinh" : "Điều trị nội khoa");
      element (out, "NGAY_CT", issued_c);
      element_int (out, "SO_NGAY_NGHI", birth ? 0 : rest_days);
      element (out, "NGOAITRU_TUNGAY", !birth && rest_days > 0 ? rest_from_c : NULL);
      element (out, "NGOAITRU_DENNGAY", !birth && rest_days > 0 ? rest_to_c : NULL);
      element (out, "MA_CHA", NULL);
      element (out, "MA_ME", NULL);
      element (out, "HO_TEN_CHA", NULL);
      element (out, "HO_TEN_ME", NULL);
      add_document (documents, "XML7", out, "CHI_TIEU_DU_LIEU_GIAY_RA_VIEN");

      /* XML13: now and then the patient came on a referral from a district hospital. */
      if (!birth && cd_world_hash (world->world, TAG_REFERRAL, claim->index, claim->event) % 5 == 0)
        {
          g_autofree char *referral = g_strdup_printf ("CT%06u", claim->index % 1000000);
          out = begin_document ("CHI_TIEU_GIAYCHUYENTUYEN");
          element (out, "MA_LK", ma_lk);
          element (out, "SO_CHUYENTUYEN", referral);
          element (out, "MA_NOI_DI", gw_facility_other_than (facility)->code);
          element (out, "MA_NOI_DEN", facility->code);
          element (out, "HO_TEN", written_name);
          element (out, "NGAY_SINH", birth_c);
          element (out, "NGAY_VAO", in_c);
          element (out, "NGAY_RA", out_c);
          element (out, "MA_BENH_CHINH", diagnosis.icd);
          element (out, "MA_LYDO_CT", "1");
          add_document (documents, "XML13", out, "CHI_TIEU_GIAYCHUYENTUYEN");
        }
    }

  if (birth && has_child)
    {
      char child_birth_c[9], issued_c[9];
      CdWorldPerson father = { 0 };
      gboolean has_father = cd_world_get_person (world->world, claim->index,
                                                 patient->role == CD_WORLD_ROLE_INSURED
                                                 ? CD_WORLD_ROLE_SPOUSE : CD_WORLD_ROLE_INSURED,
                                                 &father);
      guint64 weight = 2600 + cd_world_hash (world->world, TAG_WEIGHT, claim->index, 0) % 1400;
      g_autofree char *weight_text = g_strdup_printf ("%" G_GUINT64_FORMAT, weight);
      g_autofree char *number = g_strdup_printf ("%06" G_GUINT64_FORMAT, child.code % 1000000);

      gw_compact_date (child.birth_date, child_birth_c);
      gw_compact_date (discharged, issued_c);

      /* XML8: the summary of the birth's medical record. */
      out = begin_document ("CHI_TIEU_DU_LIEU_TOM_TAT_HO_SO_BENH_AN");
      element (out, "MA_LK", ma_lk);
      element (out, "MA_LOAI_KCB", "03");
      element (out, "NGAY_VAO", in_c);
      element (out, "NGAY_RA", out_c);
      element (out, "CHAN_DOAN_RV", diagnosis.diagnosis);
      element (out, "PP_DIEUTRI", g_str_equal (diagnosis.icd, "O82") ? "Mổ lấy thai" : "Đẻ thường");
      element (out, "NGAY_SINHCON", child_birth_c);
      element (out, "NGAY_CONCHET", NULL);
      element (out, "SO_CONCHET", "0");
      element (out, "KET_QUA_DTRI", "1");
      element (out, "DON_VI", facility->name);
      add_document (documents, "XML8", out, "CHI_TIEU_DU_LIEU_TOM_TAT_HO_SO_BENH_AN");

      /* XML9: the medical birth certificate, one record per baby. */
      out = begin_document ("CHI_TIEU_DU_LIEU_GIAY_CHUNG_SINH");
      g_string_append (out, "<DSACH_GIAYCHUNGSINH><DU_LIEU_GIAY_CHUNG_SINH>");
      element (out, "MA_BHXH_NND", patient->si_code);
      element (out, "HO_TEN_NND", patient->full_name);
      element (out, "SO_CCCD_NND", patient->personal_id);
      element (out, "NGAYSINH_NND", birth_c);
      element (out, "HO_TEN_CHA", has_father ? father.full_name : NULL);
      element (out, "HO_TEN_CON", child.full_name);
      element (out, "GIOI_TINH_CON", child.female ? "2" : "1");
      element (out, "SO_CON", "1");
      element (out, "SO_CON_SONG", "1");
      element (out, "CAN_NANG_CON", weight_text);
      element (out, "NGAY_SINH_CON", child_birth_c);
      element (out, "SINHCON_PHAUTHUAT", g_str_equal (diagnosis.icd, "O82") ? "1" : "0");
      element (out, "SINHCON_DUOI32TUAN", "0");
      element (out, "SO", number);
      element (out, "QUYEN_SO", "01");
      element (out, "NGAY_CT", issued_c);
      g_string_append (out, "</DU_LIEU_GIAY_CHUNG_SINH></DSACH_GIAYCHUNGSINH>");
      add_document (documents, "XML9", out, "CHI_TIEU_DU_LIEU_GIAY_CHUNG_SINH");
    }

  if (!inpatient && !birth && claim->benefit != CD_BENEFIT_ADOPTION
      && claim->benefit != CD_BENEFIT_SURROGACY && claim->benefit != CD_BENEFIT_COMMISSIONING_MOTHER
      && claim->benefit != CD_BENEFIT_RECOVERY_AFTER_MATERNITY
      && claim->benefit != CD_BENEFIT_RECOVERY_AFTER_SICKNESS)
    {
      int days = MIN (30, days_between (claim->period_from, claim->period_to));
      char serial[12];

      /* XML11 (CT07): the outpatient leave certificate, at most 30 days. A planted reuse takes the
       * serial of the household before this one; a planted overlap adds a second certificate from
       * another facility over the same days. */
      certificate_serial (world, claim->index, claim->event, serial);
      if (gw_world_is_planted (world, GW_PLANT_REUSED_SERIAL, claim->index) && claim->index > 0)
        certificate_serial (world, claim->index - 1, claim->event, serial);
      leave_certificate (documents, world, patient, claim, &diagnosis, facility, claim->period_from,
                         days, serial, subject != patient ? subject : NULL);

      if (gw_world_is_planted (world, GW_PLANT_OVERLAP, claim->index))
        {
          char later[11], other_serial[12];
          iso_plus_days (claim->period_from, days / 2, later);
          certificate_serial (world, claim->index, claim->event + 100, other_serial);
          leave_certificate (documents, world, patient, claim, &diagnosis,
                             gw_facility_other_than (facility), later, days, other_serial,
                             subject != patient ? subject : NULL);
        }
    }
}

char *
gw_moh_assessment (const GwWorld       *world,
                   const CdWorldPerson *person)
{
  CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
  guint n = gw_world_household_claims (world, person->index, claims);
  GString *out = NULL;

  /* The council sits for a mother certified unfit to care for her baby (the father takes over). */
  for (guint i = 0; i < n; i++)
    if (claims[i].benefit == CD_BENEFIT_CHILDBIRTH_TAKEOVER && person->role == CD_WORLD_ROLE_SPOUSE
        && !gw_world_takeover_mother_died (world, person->index))
      {
        char birth_c[9], meeting_c[9];
        g_autofree char *minutes = g_strdup_printf ("GĐYK-%06u", person->index % 1000000);

        gw_compact_date (person->birth_date, birth_c);
        gw_compact_date (claims[i].period_from, meeting_c);
        out = begin_document ("CHI_TIEU_GIAM_DINH_YKHOA");
        g_string_append (out, "<DSACH_GIAM_DINH_YKHOA><GIAM_DINH_YKHOA>");
        element (out, "HO_TEN", person->full_name);
        element (out, "NGAY_SINH", birth_c);
        element (out, "SO_CCCD", person->personal_id);
        element (out, "MA_BHXH", person->si_code);
        element (out, "MA_DOI_TUONG", "TS");
        element (out, "SO_BIEN_BAN", minutes);
        element (out, "NGAY_HOP", meeting_c);
        element (out, "KET_QUA_KHAM", "Không đủ sức khỏe để chăm sóc con sau khi sinh");
        element (out, "TYLE_TTCT_MOI", "61");
        element (out, "DE_NGHI", "Người chồng nghỉ việc chăm sóc con");
        g_string_append (out, "</GIAM_DINH_YKHOA></DSACH_GIAM_DINH_YKHOA>");
        g_string_append (out, "<CHUKYDONVI/></CHI_TIEU_GIAM_DINH_YKHOA>\n");
        return g_string_free (out, FALSE);
      }
  return NULL;
}
