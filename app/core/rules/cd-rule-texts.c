/* cd-rule-texts.c — codes of lines, reasons and assumptions with their citation and sentences. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-rule-texts.h"

static const CdRuleText texts[] = {
  /* ---- benefit lines ---- */
  { "sickness.standard", "L41 Art 45(2),(5)",
    "Nghỉ ốm đau được hưởng 75% tiền lương tháng đóng bảo hiểm xã hội, chia 24 rồi nhân với số "
    "ngày làm việc được nghỉ.",
    "Sickness leave paid at 75% of the monthly SI salary, divided by 24, per working day off." },
  { "sickness.armed_forces", "L41 Art 43(3), 45(4),(5)",
    "Sĩ quan, quân nhân thuộc lực lượng vũ trang nghỉ ốm đau (bản thân ốm) được hưởng 100% tiền "
    "lương tháng đóng bảo hiểm xã hội, chia 24 rồi nhân với số ngày làm việc được nghỉ; thời gian "
    "hưởng theo thời gian điều trị, không giới hạn theo năm.",
    "Armed-forces officers on sickness leave for their own illness are paid 100% of the monthly "
    "SI salary, divided by 24, per working day off, for as long as the treatment lasts (no annual "
    "limit)." },
  { "sickness.armed_forces_months", "Decree 157/2025/NĐ-CP Art 11; TT 88/2025/TT-BCA Art 5(1); "
    "L41 Art 45(4)",
    "Sĩ quan, quân nhân nghỉ ốm liên tục từ một tháng trở lên: mỗi tháng trọn được hưởng bằng "
    "100% tiền lương tháng đóng bảo hiểm xã hội; những ngày lẻ còn lại tính theo ngày làm việc, "
    "chia 24.",
    "Armed-forces officers on continuous sickness leave of a month or more: each whole month is "
    "paid one month's SI salary (100%); the odd days left over are paid per working day at ÷ 24." },
  { "sickness.long_term", "L41 Art 43(2), 45(3)",
    "Bệnh thuộc Danh mục bệnh cần chữa trị dài ngày: sau khi hết thời gian hưởng trong năm, "
    "người lao động tiếp tục được hưởng với mức thấp hơn theo số năm đóng bảo hiểm xã hội.",
    "Listed long-term disease: once the annual limit is used, the leave continues at the "
    "reduced rate set by the years of SI." },
  { "child_sickness.standard", "L41 Art 44, 45(2),(5); TT 88/2025/TT-BCA Art 5(2)",
    "Nghỉ việc để chăm sóc con dưới 7 tuổi bị ốm đau được hưởng 75% tiền lương tháng đóng bảo "
    "hiểm xã hội, chia 24 rồi nhân với số ngày làm việc được nghỉ.",
    "Leave to care for a sick child under 7 paid at 75% of the monthly SI salary, divided by "
    "24, per working day off (armed-forces officers included)." },
  { "recovery.sickness", "L41 Art 46(3)",
    "Nghỉ dưỡng sức, phục hồi sức khỏe sau ốm đau: mỗi ngày được hưởng 30% mức tham chiếu.",
    "Recovery leave after sickness: each day is paid 30% of the reference level." },
  { "recovery.maternity", "L41 Art 60(3)",
    "Nghỉ dưỡng sức, phục hồi sức khỏe sau thai sản: mỗi ngày được hưởng 30% mức tham chiếu.",
    "Recovery leave after maternity: each day is paid 30% of the reference level." },
  { "prenatal.visit", "L41 Art 51, 59(2)",
    "Nghỉ đi khám thai được hưởng mức bình quân tiền lương 6 tháng đóng bảo hiểm xã hội gần "
    "nhất, chia 24 rồi nhân với số ngày làm việc được nghỉ.",
    "Prenatal check-up leave paid at the 6-month average SI salary, divided by 24, per working "
    "day off." },
  { "pregnancy_loss.leave", "L41 Art 52(1), 59(3)",
    "Nghỉ khi sẩy thai, nạo, hút thai, thai chết trong tử cung hoặc phá thai bệnh lý được hưởng "
    "mức bình quân tiền lương 6 tháng, chia 30 rồi nhân với số ngày nghỉ theo lịch.",
    "Pregnancy-loss leave paid at the 6-month average SI salary, divided by 30, per calendar "
    "day." },
  { "pregnancy_loss.as_birth", "L41 Art 52(2), 53(1), 59(2)",
    "Thai từ 22 tuần tuổi trở lên và người mẹ đủ điều kiện như khi sinh con: được hưởng chế độ "
    "như lao động nữ sinh con.",
    "A loss at 22 weeks or more, with the mother meeting a birth condition, is treated as a "
    "birth." },
  { "childbirth.mother", "L41 Art 53(1), 59(2)",
    "Lao động nữ sinh con được nghỉ 6 tháng (thêm 1 tháng cho mỗi con từ con thứ hai trong lần "
    "sinh), hưởng 100% mức bình quân tiền lương 6 tháng cho mỗi tháng nghỉ.",
    "A mother giving birth has 6 months of leave (one more per child from the second of a "
    "multiple birth), paid at 100% of the 6-month average salary per month." },
  { "childbirth.mother_second_child", "L113 Art 14(1)(a), 29(1); NĐ168; L41 Art 59(2)",
    "Lao động nữ sinh con thứ hai từ ngày 01/7/2026 được nghỉ 7 tháng (thêm 1 tháng cho mỗi con "
    "từ con thứ hai trong lần sinh), hưởng 100% mức bình quân tiền lương 6 tháng.",
    "A mother giving birth to her second child on or after 1 Jul 2026 has 7 months of leave "
    "(one more per extra child), paid at 100% of the 6-month average salary." },
  { "childbirth.takeover_remaining", "L41 Art 53(5), 59",
    "Mẹ chết sau khi sinh con: cha hoặc người trực tiếp nuôi dưỡng được hưởng chế độ thai sản "
    "cho thời gian còn lại của người mẹ.",
    "The mother died after the birth: the father or carer receives the remaining part of her "
    "leave." },
  { "childbirth.takeover_until_6_months", "L41 Art 53(6),(7), 59",
    "Cha hoặc người trực tiếp nuôi dưỡng được nghỉ hưởng chế độ thai sản cho đến khi con đủ 6 "
    "tháng tuổi.",
    "The father or carer receives maternity leave until the child is 6 months old." },
  { "father_leave.part", "L41 Art 53(2),(3), 59(2)",
    "Lao động nam có vợ sinh con được nghỉ việc hưởng chế độ thai sản, tính theo ngày làm việc, "
    "mức bình quân tiền lương 6 tháng chia 24.",
    "Father's leave at the birth, counted in working days, paid at the 6-month average salary ÷ "
    "24." },
  { "surrogacy.surrogate", "L41 Art 54, 59(2)",
    "Lao động nữ mang thai hộ được hưởng chế độ thai sản đến khi giao đứa trẻ, không quá thời "
    "gian nghỉ sinh con và ít nhất 60 ngày.",
    "The surrogate is paid until the handover of the child, at most the childbirth period and "
    "at least 60 days." },
  { "commissioning_mother.leave", "L41 Art 55, 59(2)",
    "Người mẹ nhờ mang thai hộ được nghỉ từ khi nhận con đến khi con đủ 6 tháng tuổi.",
    "The commissioning mother has leave from receipt of the child until it is 6 months old." },
  { "adoption.leave", "L41 Art 56, 59(2)",
    "Người nhận nuôi con nuôi dưới 6 tháng tuổi được nghỉ từ ngày nhận con đến khi con đủ 6 "
    "tháng tuổi.",
    "An adopter of a child under 6 months has leave from the handover until the child is 6 "
    "months old." },
  { "contraception.leave", "L41 Art 57, 59(3)",
    "Nghỉ khi thực hiện biện pháp tránh thai được hưởng mức bình quân tiền lương 6 tháng, chia "
    "30 rồi nhân với số ngày nghỉ theo lịch.",
    "Contraception leave paid at the 6-month average salary, divided by 30, per calendar day." },

  /* ---- reasons for unpaid days and refusals ---- */
  { "claimant.not_insured", "L41 Art 42(1), 50(1)",
    "Người lao động không đang tham gia bảo hiểm xã hội bắt buộc tại thời điểm nghỉ việc hoặc "
    "xảy ra sự kiện.",
    "The claimant was not a compulsory SI participant at the time of the leave or event." },
  { "sickness.limit_reached", "L41 Art 43(1)",
    "Đã hết thời gian tối đa hưởng chế độ ốm đau trong năm; bệnh không thuộc Danh mục bệnh cần "
    "chữa trị dài ngày nên các ngày còn lại không được hưởng.",
    "The annual sickness limit is used up and the disease is not on the long-term list: the "
    "remaining days are unpaid." },
  { "sickness.excluded_overlap", "L41 Art 42(2)(d)",
    "Những ngày trùng với nghỉ hằng năm, nghỉ việc riêng, nghỉ không hưởng lương, nghỉ hưởng "
    "nguyên lương theo luật khác hoặc đang nghỉ thai sản, dưỡng sức thì không được hưởng chế độ "
    "ốm đau.",
    "Days overlapping annual, personal, unpaid or full-pay leave, or maternity or recovery "
    "leave, earn no sickness benefit." },
  { "sickness.excluded_cause", "L41 Art 42(2)",
    "Ốm đau, tai nạn do tự hủy hoại sức khỏe, do sử dụng chất ma túy hoặc lần đầu nghỉ do tai "
    "nạn lao động thì không được hưởng chế độ ốm đau.",
    "Self-inflicted injury, narcotics use, or the first period off after a work accident give "
    "no sickness benefit." },
  { "child_sickness.limit_reached", "L41 Art 44(1)",
    "Đã hết số ngày tối đa trong năm được nghỉ chăm sóc con ốm (20 ngày làm việc nếu con dưới 3 "
    "tuổi, 15 ngày nếu con từ 3 đến dưới 7 tuổi).",
    "The yearly days for caring for this sick child are used up (20 working days under 3, 15 "
    "from 3 to under 7)." },
  { "child_sickness.child_too_old", "L41 Art 44(1)",
    "Con đã đủ 7 tuổi vào ngày đầu nghỉ nên không thuộc diện hưởng chế độ khi con ốm đau.",
    "The child was 7 or older on the first day of the leave: no sick-child benefit." },
  { "recovery.insufficient_sickness_days", "L41 Art 46(1)",
    "Chưa hưởng đủ 30 ngày chế độ ốm đau trong năm nên không được nghỉ dưỡng sức, phục hồi sức "
    "khỏe.",
    "Fewer than 30 days of sickness benefit in the year: no recovery leave." },
  { "recovery.late_start", "L41 Art 46(1), 60(1)",
    "Thời gian nghỉ dưỡng sức phải bắt đầu trong vòng 30 ngày kể từ khi hết thời gian nghỉ "
    "hưởng chế độ.",
    "Recovery leave must start within 30 days after the end of the leave it follows." },
  { "recovery.beyond_maximum", "L41 Art 46(2), 60(2)",
    "Số ngày nghỉ dưỡng sức vượt quá mức tối đa cho trường hợp này.",
    "Recovery days beyond the maximum for this case." },
  { "recovery.annual_limit", "L41 Art 46(2); TT 88/2025/TT-BCA Art 6",
    "Đã hết số ngày nghỉ dưỡng sức, phục hồi sức khỏe tối đa trong năm (10, 7 hoặc 5 ngày theo "
    "loại ốm đau lần cuối), tính cả những ngày đã nghỉ trước đó trong năm.",
    "The recovery days allowed in the calendar year (10, 7 or 5 by the kind of the last "
    "sickness) are used up, counting the days already taken in the year." },
  { "recovery.after_early_return", "L41 Art 60(4)",
    "Lao động nữ đi làm trước khi hết thời gian nghỉ sinh con thì không được nghỉ dưỡng sức, "
    "phục hồi sức khỏe.",
    "A mother who returned to work early gets no recovery leave." },
  { "maternity.insufficient_months", "L41 Art 50(2),(3),(4)",
    "Chưa đóng đủ số tháng bảo hiểm xã hội bắt buộc trong thời gian trước khi sinh con, nhận "
    "con hoặc nhận nuôi con nuôi.",
    "Not enough contributed months in the window before the birth, receipt or adoption." },
  { "prenatal.visit_limit", "L41 Art 51(1)",
    "Đã hưởng đủ 5 lần khám thai trong thai kỳ.",
    "The 5 paid prenatal check-ups of this pregnancy are used." },
  { "prenatal.visit_too_long", "L41 Art 51(1)",
    "Mỗi lần khám thai được nghỉ tối đa 2 ngày làm việc.",
    "Each prenatal check-up is paid for at most 2 working days." },
  { "pregnancy_loss.beyond_maximum", "L41 Art 52(1)",
    "Số ngày nghỉ vượt quá mức tối đa theo tuổi thai.",
    "Days beyond the maximum for the gestational age." },
  { "childbirth.before_prebirth_limit", "L41 Art 53(1)",
    "Thời gian nghỉ trước khi sinh tối đa không quá 2 tháng; những ngày nghỉ sớm hơn không được "
    "hưởng.",
    "At most 2 months of leave may come before the birth; earlier days are unpaid." },
  { "takeover.not_entitled", "L41 Art 53(5),(6),(7)",
    "Người cha hoặc người trực tiếp nuôi dưỡng không thuộc trường hợp được hưởng tiếp chế độ "
    "thai sản.",
    "The father or carer is not in a case that takes over the maternity leave." },
  { "takeover.nothing_remaining", "L41 Art 53(5),(6),(7)",
    "Không còn thời gian nghỉ nào để người cha hoặc người trực tiếp nuôi dưỡng hưởng tiếp.",
    "No part of the leave is left for the father or carer to take over." },
  { "father_leave.outside_window", "L41 Art 53(3)",
    "Lần nghỉ bắt đầu sau 60 ngày kể từ ngày vợ sinh con nên không được hưởng.",
    "This part starts after the 60-day window that follows the birth: unpaid." },
  { "father_leave.before_birth", "L41 Art 53(3)",
    "Chế độ khi vợ sinh con chỉ tính từ ngày vợ sinh con.",
    "The father's leave counts only from the day of the birth." },
  { "father_leave.beyond_entitlement", "L41 Art 53(2)",
    "Số ngày làm việc vượt quá số ngày lao động nam được nghỉ khi vợ sinh con.",
    "Working days beyond the father's entitlement for this birth." },
  { "commissioning_mother.child_too_old", "L41 Art 55",
    "Con đã đủ 6 tháng tuổi khi người mẹ nhờ mang thai hộ nhận con nên không còn thời gian "
    "nghỉ.",
    "The child was already 6 months old at receipt: no leave remains." },
  { "adoption.child_too_old", "L41 Art 50(1), 56",
    "Chỉ người nhận nuôi con nuôi dưới 6 tháng tuổi mới được hưởng chế độ thai sản.",
    "Only the adoption of a child under 6 months gives maternity benefit." },
  { "adoption.other_adopter_on_leave", "L41 Art 56",
    "Cả hai người nhận nuôi con nuôi đều tham gia bảo hiểm xã hội: chỉ một người được nghỉ, "
    "người còn lại chỉ nhận trợ cấp một lần.",
    "Both adopters are insured: only one takes the leave; the other receives only the lump sum." },
  { "contraception.beyond_maximum", "L41 Art 57",
    "Số ngày nghỉ vượt quá mức tối đa của biện pháp tránh thai (7 ngày đặt vòng, 15 ngày triệt "
    "sản).",
    "Days beyond the maximum for the method (7 for an IUD, 15 for sterilisation)." },
  { "lump_sum.mother_eligible", "L41 Art 58",
    "Người mẹ đủ điều kiện hưởng trợ cấp một lần nên người cha không được hưởng.",
    "The mother is eligible for the lump sum, so the father is not paid it." },
  { "lump_sum.paid_to_surrogate", "L41 Art 58",
    "Người mang thai hộ đủ điều kiện nên trợ cấp một lần được trả cho người mang thai hộ.",
    "The surrogate is eligible, so the lump sum is paid to her." },
  { "voluntary.insufficient_months", "L41 Art 95(1)",
    "Chưa đóng đủ 6 tháng bảo hiểm xã hội tự nguyện trong 12 tháng trước khi sinh con.",
    "Fewer than 6 months of voluntary SI in the 12 months before the birth." },

  /* ---- assumptions: the POLICY defaults of benefit-rules.md, named when they touch a case ---- */
  { "policy.review_by_passed", NULL,
    "Quyết định được lập sau ngày cần rà soát bộ tham số; các tham số có thể đã lỗi thời.",
    "The claim is decided after the rule pack's review date: parameters may be out of date." },
  { "policy.calendar_assumed", NULL,
    "Chưa có lịch nghỉ lễ chính thức cho năm {}: chỉ tính các ngày nghỉ hằng tuần của đơn vị; "
    "cần tính lại khi nhận được lịch năm {} từ trung ương.",
    "No confirmed holiday calendar for {}: counted the employer's weekly rest days only; "
    "re-evaluate when central sends the {} calendar." },
  { "policy.parameter_assumed", NULL,
    "Chưa có giá trị tham số áp dụng cho {}: đã giả định giá trị gần nhất vẫn còn hiệu lực; "
    "cần tính lại khi nhận được bộ quy tắc mới từ trung ương.",
    "No parameter value is in force for {}: the last known value was assumed; re-evaluate when "
    "central sends a new rule pack." },
  { "policy.pre_l41_event", NULL,
    "Sự kiện xảy ra trước ngày 01/7/2025; đã áp dụng quy định của Luật 41/2024/QH15, chưa xét "
    "quy định chuyển tiếp của Luật 58/2014/QH13.",
    "The event is before 1 Jul 2025; Law 41/2024 rules were applied without the transition "
    "rules of Law 58/2014." },
  { "policy.swapped_rest_day", NULL,
    "Ngày nghỉ hoán đổi được tính là ngày nghỉ; ngày thứ Bảy làm bù được tính là ngày làm việc.",
    "A swapped rest day counts as a rest day; the Saturday that makes it up counts as a working "
    "day." },
  { "policy.holiday_2026_11_24", NULL,
    "Ngày 24/11/2026 được tính là ngày làm việc vì tư cách ngày nghỉ có hưởng lương chưa được "
    "xác lập.",
    "24 Nov 2026 is counted as a working day: its status as a paid holiday is not settled." },
  { "policy.enterprise_default_holiday", NULL,
    "Doanh nghiệp chưa khai báo ngày nghỉ liền kề Quốc khánh nên áp dụng ngày mặc định của hồ "
    "sơ lịch.",
    "The employer declared no choice for the day next to National Day: the profile's default "
    "applies." },
  { "policy.weekly_rest_default", NULL,
    "Không có thông tin ngày nghỉ hằng tuần của đơn vị nên coi thứ Bảy và Chủ nhật là ngày "
    "nghỉ.",
    "The employer's weekly rest days are not given: Saturday and Sunday are assumed." },
  { "policy.window_counting", NULL,
    "Thời hạn \"trong vòng N ngày sau sự kiện\" tính ngày liền sau sự kiện là ngày thứ nhất.",
    "A window \"within N days after an event\" counts the day after the event as day 1." },
  { "policy.duration_counting", NULL,
    "Thời gian nghỉ N ngày bắt đầu từ ngày D kết thúc vào ngày D + N − 1.",
    "A leave of N days from day D ends on day D + N − 1." },
  { "policy.six_month_end", NULL,
    "\"Đến khi con đủ 6 tháng tuổi\" kết thúc vào ngày liền trước ngày con tròn 6 tháng tuổi.",
    "\"Until the child is 6 months old\" ends the day before the child's 6-month birthday." },
  { "policy.armed_forces_month_counting", NULL,
    "Thời gian nghỉ liên tục gồm các ngày liền nhau có giấy nghỉ (kể cả ngày nghỉ hằng tuần, lễ, "
    "tết), không trùng thời gian nghỉ bị loại trừ; tháng trọn tính từ ngày đầu như tháng nghỉ "
    "thai sản, ngày lẻ là những ngày làm việc còn lại.",
    "A continuous leave is a run of consecutive days covered by leave certificates (rest days and "
    "holidays included) overlapping no excluded leave; its whole months are counted from its "
    "first day like maternity months, and the odd days are the working days left over." },
  { "policy.maternity_month_counting", NULL,
    "Một tháng nghỉ tính từ ngày D đến ngày liền trước ngày D của tháng sau; số ngày lẻ còn lại "
    "được tính theo mức chia 30.",
    "A leave month runs from day D to the day before day D of the next month; leftover days are "
    "paid at ÷ 30." },
  { "policy.sick_child_age_band", NULL,
    "Tuổi của con vào ngày đầu tiên nghỉ quyết định số ngày tối đa được nghỉ.",
    "The child's age on the first day of the leave decides the yearly maximum." },
  { "policy.sick_base_month", NULL,
    "Căn cứ tính hưởng là tiền lương của tháng gần nhất có đóng bảo hiểm xã hội trước tháng "
    "nghỉ, dùng một mức cho cả đợt nghỉ.",
    "The base is the SI salary of the most recent contributed month before the leave, one base "
    "for the whole episode." },
  { "policy.recovery_own_sickness_days", NULL,
    "Điều kiện 30 ngày chỉ tính những ngày người lao động tự mình ốm đau đã được hưởng, ở bất "
    "kỳ mức hưởng nào; không tính ngày chăm con ốm.",
    "The 30 days are the worker's own paid sickness days at any rate; sick-child days do not "
    "count." },
  { "policy.recovery_rl_first_day", NULL,
    "Mức tham chiếu áp dụng là mức có hiệu lực vào ngày đầu tiên nghỉ dưỡng sức.",
    "The reference level is the one in force on the first day of the recovery leave." },
  { "policy.second_birth_twins", NULL,
    "Sinh đôi ở lần sinh con thứ hai: 7 tháng cộng thêm 1 tháng.",
    "Twins at a second birth: 7 months plus 1." },
  { "policy.father_caesarean_second_child", NULL,
    "Vợ sinh con thứ hai bằng phẫu thuật: áp dụng mức cao hơn là 10 ngày làm việc.",
    "Second child born by caesarean: the larger entitlement, 10 working days, applies." },
  { "policy.takeover_own_average", NULL,
    "Người cha hưởng tiếp chế độ sau khi mẹ chết được tính theo mức bình quân tiền lương của "
    "chính mình vì đang tham gia bảo hiểm xã hội.",
    "The insured father who takes over after the mother's death is paid on his own average "
    "salary." },
  { "policy.takeover_father_condition", NULL,
    "Người cha nghỉ đến khi con đủ 6 tháng tuổi phải đóng bảo hiểm xã hội từ đủ 6 tháng trong "
    "12 tháng trước khi sinh con.",
    "A father on leave until the child is 6 months old needs 6 contributed months in the 12 "
    "before the birth." },
  { "policy.no_lump_sum_loss_birth", NULL,
    "Không có trợ cấp một lần khi thai từ 22 tuần trở lên chết được xử lý như sinh con.",
    "No lump sum for a single loss at 22 weeks or more treated as a birth." },
};

const CdRuleText *
cd_rule_text_find (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (strcmp (texts[i].code, code) == 0)
      return &texts[i];
  return NULL;
}

const CdRuleText *
cd_rule_text_lookup (const char *code)
{
  const CdRuleText *text = cd_rule_text_find (code);

  g_assert (text != NULL);
  return text;
}

const CdRuleText *
cd_rule_text_all (guint *out_count)
{
  *out_count = G_N_ELEMENTS (texts);
  return texts;
}

const char *
cd_proof_kind_label (const char *kind)
{
  static const struct
  {
    const char *kind;
    const char *label;  /* N_() */
  } labels[] = {
    { "leave_certificate", N_("Certificate of leave for social insurance (XML11)") },
    { "discharge_paper", N_("Discharge paper or summary of the medical record") },
    { "parenthood_proof", N_("Proof of parenthood") },
    { "birth_certificate", N_("Birth certificate or birth registration") },
    { "infertility_proof", N_("Proof of infertility treatment") },
    { "pregnancy_rest_certificate", N_("Pregnancy rest certificate (XML10)") },
    { "mother_death_certificate", N_("Mother's death certificate") },
    { "mother_unfit_certificate", N_("Medical assessment of the mother (XML12)") },
    { "child_death_proof", N_("Proof of the child's death") },
    { "facility_paper", N_("Health facility paper (caesarean or under 32 weeks)") },
    { "spouse_link", N_("Proof of marriage (population data)") },
    { "handover_record", N_("Handover record") },
    { "adoption_certificate", N_("Adoption certificate") },
  };

  if (kind == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].kind, kind))
      return _(labels[i].label);
  return kind;
}

gboolean
cd_rule_text_is_provisional (const char *code)
{
  return g_strcmp0 (code, "policy.calendar_assumed") == 0
         || g_strcmp0 (code, "policy.parameter_assumed") == 0
         || g_strcmp0 (code, "policy.review_by_passed") == 0;
}
