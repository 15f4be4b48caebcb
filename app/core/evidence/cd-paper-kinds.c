/* cd-paper-kinds.c — the paper documents an officer may record, and the fields of each.
 *
 * The fields are those the readers use (cd-case-detect.c, cd-facts-builder.c, cd-cross-checks.c,
 * cd_evidence_link_claim) and those deferred verification matches on (serial, facility, dates),
 * under the names of the MoH tables (cd-moh-tables.c) and civil-status records (cd-civil-status.c).
 * A paper medical document also carries the issuing facility (MA_CSKCB), and a paper leave
 * certificate or discharge paper the main diagnosis (MA_BENH_CHINH) and the patient (SO_CCCD):
 * electronically these come in the same envelope (its MACSKCB, its XML1), which paper lacks, and
 * the printed form shows them.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-paper-kinds.h"

#define REQUIRED TRUE
#define OPTIONAL FALSE

static const CdPaperField leave_fields[] = {
  { "SO_SERI", N_("Serial"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "SO_CT", N_("Certificate number"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "MA_CSKCB", N_("Issuing facility code"), CD_PAPER_FIELD_FACILITY, REQUIRED, 0 },
  { "MA_BS", N_("Doctor’s code"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "TU_NGAY", N_("From"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "DEN_NGAY", N_("To"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "SO_NGAY_NGHI", N_("Days of leave"), CD_PAPER_FIELD_NUMBER, REQUIRED, 30 },
  { "MA_BENH_CHINH", N_("Diagnosis code (ICD-10)"), CD_PAPER_FIELD_ICD10, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", N_("Diagnosis"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "SO_CCCD", N_("Patient’s personal ID (a sick child)"), CD_PAPER_FIELD_PERSONAL_ID, OPTIONAL,
    0 },
  { "HO_TEN_CHA", N_("Father’s name (a sick child)"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "HO_TEN_ME", N_("Mother’s name (a sick child)"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "MA_DINH_CHI_THAI", N_("Pregnancy ended"), CD_PAPER_FIELD_YES_NO, OPTIONAL, 0 },
  { "TUOI_THAI", N_("Weeks of pregnancy"), CD_PAPER_FIELD_NUMBER, OPTIONAL, 45 },
  { "NGAY_CT", N_("Issued on"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { NULL }
};

static const CdPaperField discharge_fields[] = {
  { "SO_LUU_TRU", N_("Record number"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "MA_CSKCB", N_("Issuing facility code"), CD_PAPER_FIELD_FACILITY, REQUIRED, 0 },
  { "NGAY_VAO", N_("Admitted on"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "NGAY_RA", N_("Discharged on"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "MA_BENH_CHINH", N_("Diagnosis code (ICD-10)"), CD_PAPER_FIELD_ICD10, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", N_("Diagnosis"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "MA_BS", N_("Doctor’s code"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "TEN_BS", N_("Doctor’s name"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "SO_CCCD", N_("Patient’s personal ID (a sick child)"), CD_PAPER_FIELD_PERSONAL_ID, OPTIONAL,
    0 },
  { "MA_DINH_CHI_THAI", N_("Pregnancy ended"), CD_PAPER_FIELD_YES_NO, OPTIONAL, 0 },
  { "TUOI_THAI", N_("Weeks of pregnancy"), CD_PAPER_FIELD_NUMBER, OPTIONAL, 45 },
  { "NGOAITRU_TUNGAY", N_("Outpatient rest from"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { "NGOAITRU_DENNGAY", N_("Outpatient rest to"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { "NGAY_CT", N_("Issued on"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { NULL }
};

static const CdPaperField birth_fields[] = {
  { "SO", N_("Certificate number"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "QUYEN_SO", N_("Book number"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "MA_CSKCB", N_("Issuing facility code"), CD_PAPER_FIELD_FACILITY, REQUIRED, 0 },
  { "HO_TEN_NND", N_("Mother’s name"), CD_PAPER_FIELD_TEXT, REQUIRED, 0 },
  { "SO_CCCD_NND", N_("Mother’s personal ID"), CD_PAPER_FIELD_PERSON_DOC, REQUIRED, 0 },
  { "NGAYSINH_NND", N_("Mother’s birth date"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { "HO_TEN_CHA", N_("Father’s name"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "NGAY_SINH_CON", N_("Child’s birth date"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "HO_TEN_CON", N_("Child’s name"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "GIOI_TINH_CON", N_("Child’s sex"), CD_PAPER_FIELD_SEX, OPTIONAL, 0 },
  { "SO_CON", N_("Children born"), CD_PAPER_FIELD_NUMBER, OPTIONAL, 20 },
  { "SINHCON_PHAUTHUAT", N_("Caesarean birth"), CD_PAPER_FIELD_YES_NO, OPTIONAL, 0 },
  { "SINHCON_DUOI32TUAN", N_("Born before 32 weeks"), CD_PAPER_FIELD_YES_NO, OPTIONAL, 0 },
  { "NGUOI_DO_DE", N_("Birth attendant"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "NGAY_CT", N_("Issued on"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { NULL }
};

static const CdPaperField rest_fields[] = {
  { "SO_SERI", N_("Serial"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "SO_CT", N_("Certificate number"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "MA_CSKCB", N_("Issuing facility code"), CD_PAPER_FIELD_FACILITY, REQUIRED, 0 },
  { "TU_NGAY", N_("From"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "DEN_NGAY", N_("To"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "SO_NGAY", N_("Days of rest"), CD_PAPER_FIELD_NUMBER, REQUIRED, 366 },
  { "CHAN_DOAN_RV", N_("Diagnosis"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "MA_BS", N_("Doctor’s code"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "TEN_BS", N_("Doctor’s name"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "NGAY_CT", N_("Issued on"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { NULL }
};

static const CdPaperField assessment_fields[] = {
  { "SO_BIEN_BAN", N_("Minutes number"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "NGAY_HOP", N_("Council met on"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "HO_TEN", N_("Assessed person’s name"), CD_PAPER_FIELD_TEXT, REQUIRED, 0 },
  { "SO_CCCD", N_("Assessed person’s personal ID"), CD_PAPER_FIELD_PERSON_DOC, OPTIONAL, 0 },
  { "NGAY_SINH", N_("Assessed person’s birth date"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { "MA_BHXH", N_("Social-insurance code"), CD_PAPER_FIELD_SI_CODE, OPTIONAL, 0 },
  { "NGUOI_CHU_TRI", N_("Chaired by"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "KET_QUA_KHAM", N_("Findings"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "TONG_TYLE_TTCT", N_("Total impairment (%)"), CD_PAPER_FIELD_NUMBER, OPTIONAL, 100 },
  { NULL }
};

static const CdPaperField birth_registration_fields[] = {
  { "soDangKy", N_("Registration number"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "quyenSo", N_("Book number"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "ngayDangKy", N_("Registered on"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "nksHoTen", N_("Child’s name"), CD_PAPER_FIELD_TEXT, REQUIRED, 0 },
  { "nksNgaySinh", N_("Child’s birth date"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "soDinhDanh", N_("Child’s personal ID"), CD_PAPER_FIELD_PERSONAL_ID, OPTIONAL, 0 },
  { "nksGioiTinh", N_("Child’s sex"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "meHoTen", N_("Mother’s name"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "meSoDDCN", N_("Mother’s personal ID"), CD_PAPER_FIELD_PERSON_DOC, OPTIONAL, 0 },
  { "chaHoTen", N_("Father’s name"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "chaSoDDCN", N_("Father’s personal ID"), CD_PAPER_FIELD_PERSON_DOC, OPTIONAL, 0 },
  { NULL }
};

static const CdPaperField death_registration_fields[] = {
  { "soDangKy", N_("Registration number"), CD_PAPER_FIELD_CODE, REQUIRED, 0 },
  { "quyenSo", N_("Book number"), CD_PAPER_FIELD_CODE, OPTIONAL, 0 },
  { "ngayDangKy", N_("Registered on"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "nktHoTen", N_("Deceased’s name"), CD_PAPER_FIELD_TEXT, REQUIRED, 0 },
  { "nktNgaySinh", N_("Deceased’s birth date"), CD_PAPER_FIELD_DATE, OPTIONAL, 0 },
  { "nktNgayChet", N_("Date of death"), CD_PAPER_FIELD_DATE, REQUIRED, 0 },
  { "nktNoiChet", N_("Place of death"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { "nktNguyenNhanChet", N_("Cause of death"), CD_PAPER_FIELD_TEXT, OPTIONAL, 0 },
  { NULL }
};

static const CdPaperKind kinds[] = {
  { "leave_certificate", N_("Leave certificate (XML11)"), "XML11",
    "CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI", NULL, "medical", "TU_NGAY",
    leave_fields },
  { "discharge_paper", N_("Discharge paper (XML7)"), "XML7", "CHI_TIEU_DU_LIEU_GIAY_RA_VIEN", NULL,
    "medical", "NGAY_RA", discharge_fields },
  { "birth_certificate", N_("Medical birth certificate (XML9)"), "XML9",
    "CHI_TIEU_DU_LIEU_GIAY_CHUNG_SINH", NULL, "medical", "NGAY_SINH_CON", birth_fields },
  { "pregnancy_rest", N_("Pregnancy-rest certificate (XML10)"), "XML10",
    "CHI_TIEU_DU_LIEU_GIAY_NGHI_DUONG_THAI", NULL, "medical", "TU_NGAY", rest_fields },
  { "medical_assessment", N_("Medical assessment (XML12)"), "XML12", "CHI_TIEU_GIAM_DINH_YKHOA",
    NULL, "medical", "NGAY_HOP", assessment_fields },
  { "birth_registration", N_("Birth registration (civil status)"), NULL, NULL, "birth",
    "civil_status", "nksNgaySinh", birth_registration_fields },
  { "death_registration", N_("Death registration (civil status)"), NULL, NULL, "death",
    "civil_status", "nktNgayChet", death_registration_fields },
};

const CdPaperKind *
cd_paper_kinds (guint *n_kinds)
{
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const CdPaperKind *
cd_paper_kind_find (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].kind, kind) == 0)
      return &kinds[i];
  return NULL;
}

const CdPaperField *
cd_paper_kind_find_field (const CdPaperKind *kind,
                          const char        *name)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (const CdPaperField *field = kind->fields; name != NULL && field->name != NULL; field++)
    if (strcmp (field->name, name) == 0)
      return field;
  return NULL;
}

guint
cd_paper_kind_n_fields (const CdPaperKind *kind)
{
  guint n = 0;

  g_return_val_if_fail (kind != NULL, 0);

  while (kind->fields[n].name != NULL)
    n++;
  return n;
}

const char *
cd_paper_kind_get_label (const CdPaperKind *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  return _(kind->label);
}

const char *
cd_paper_field_get_label (const CdPaperField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return _(field->label);
}

const char *
cd_paper_field_type_to_string (CdPaperFieldType type)
{
  switch (type)
    {
    case CD_PAPER_FIELD_TEXT: return "text";
    case CD_PAPER_FIELD_CODE: return "code";
    case CD_PAPER_FIELD_DATE: return "date";
    case CD_PAPER_FIELD_FACILITY: return "facility";
    case CD_PAPER_FIELD_ICD10: return "icd10";
    case CD_PAPER_FIELD_PERSONAL_ID: return "personal_id";
    case CD_PAPER_FIELD_PERSON_DOC: return "person_doc";
    case CD_PAPER_FIELD_SI_CODE: return "si_code";
    case CD_PAPER_FIELD_NUMBER: return "number";
    case CD_PAPER_FIELD_YES_NO: return "yes_no";
    case CD_PAPER_FIELD_SEX: return "sex";
    default: return "unknown";
    }
}

const char *
cd_paper_field_type_get_hint (CdPaperFieldType type)
{
  switch (type)
    {
    case CD_PAPER_FIELD_TEXT: return _("Text");
    case CD_PAPER_FIELD_CODE: return _("Letters, digits and . _ - /");
    case CD_PAPER_FIELD_DATE: return _("YYYY-MM-DD or DD/MM/YYYY");
    case CD_PAPER_FIELD_FACILITY: return _("5 digits or capital letters, e.g. 79001");
    case CD_PAPER_FIELD_ICD10: return _("ICD-10, e.g. J18.9");
    case CD_PAPER_FIELD_PERSONAL_ID: return _("12 digits");
    case CD_PAPER_FIELD_PERSON_DOC: return _("Personal ID, old ID or passport number");
    case CD_PAPER_FIELD_SI_CODE: return _("10 digits");
    case CD_PAPER_FIELD_NUMBER: return _("A whole number");
    case CD_PAPER_FIELD_YES_NO: return _("Yes or no");
    case CD_PAPER_FIELD_SEX: return _("Male, female or unknown");
    default: return "";
    }
}
