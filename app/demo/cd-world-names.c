/* cd-world-names.c — the vocabulary the synthetic world draws Vietnamese names and places from.
 *
 * Weights follow the commonly quoted shares of Vietnamese family names (Nguyễn about 38 %, Trần 11
 * %, Lê 9.5 %…), so searches behave as they will in an office: "nguyen" matches a third of
 * everyone.
 */
#include "config.h"

#include "cd-world-names.h"

static const CdWorldWord family[] = {
  { "Nguyễn", 380 }, { "Trần", 110 }, { "Lê", 95 },    { "Phạm", 71 }, { "Hoàng", 31 },
  { "Huỳnh", 20 },   { "Phan", 45 },  { "Vũ", 22 },    { "Võ", 17 },   { "Đặng", 21 },
  { "Bùi", 20 },     { "Đỗ", 14 },    { "Hồ", 13 },    { "Ngô", 13 },  { "Dương", 10 },
  { "Lý", 5 },       { "Đinh", 6 },   { "Trương", 6 }, { "Lâm", 4 },   { "Đoàn", 4 },
  { "Mai", 3 },      { "Trịnh", 4 },  { "Cao", 3 },    { "Lương", 3 }, { "Tạ", 2 },
  { "Hà", 3 },       { "Tô", 2 },     { "Quách", 1 },  { "Thái", 2 },  { "Lưu", 2 },
  { "Châu", 1 },     { "Kiều", 1 },   { "Văn", 1 },    { "Đào", 3 },   { "Vương", 1 },
  { "Triệu", 1 },    { "La", 1 },     { "Khúc", 1 },
};

static const CdWorldWord middle_male[] = {
  { "Văn", 300 }, { "Đức", 80 }, { "Minh", 90 }, { "Quang", 60 }, { "Hữu", 60 }, { "Công", 50 },
  { "Thành", 40 }, { "Ngọc", 30 }, { "Xuân", 30 }, { "Đình", 40 }, { "Tiến", 20 }, { "Trọng", 25 },
  { "Thanh", 30 }, { "Anh", 20 }, { "Mạnh", 15 }, { "Gia", 20 }, { "Hoàng", 20 }, { "Bảo", 15 },
  { "Duy", 20 }, { "Việt", 15 }, { "Quốc", 25 }, { "Thế", 15 }, { "Đăng", 10 }, { "Tuấn", 10 },
};

static const CdWorldWord middle_female[] = {
  { "Thị", 400 }, { "Ngọc", 60 }, { "Thu", 40 }, { "Thanh", 40 }, { "Hồng", 30 }, { "Phương", 25 },
  { "Kim", 25 }, { "Minh", 20 }, { "Thùy", 25 }, { "Mai", 15 }, { "Bảo", 15 }, { "Khánh", 15 },
  { "Diệu", 10 }, { "Hoài", 10 }, { "Thị Thu", 20 }, { "Thị Ngọc", 20 }, { "Thị Hồng", 15 },
  { "Quỳnh", 10 }, { "Hải", 10 }, { "Lan", 5 }, { "Tuyết", 5 }, { "Bích", 10 }, { "Cẩm", 5 },
};

static const CdWorldWord given_male[] = {
  { "Anh", 40 }, { "Bình", 25 }, { "Cường", 25 }, { "Dũng", 35 }, { "Đức", 30 }, { "Hùng", 35 },
  { "Hải", 30 }, { "Hoàng", 20 }, { "Huy", 30 }, { "Khoa", 15 }, { "Long", 30 }, { "Minh", 40 },
  { "Nam", 35 }, { "Phong", 20 }, { "Phúc", 20 }, { "Quân", 25 }, { "Sơn", 30 }, { "Tuấn", 40 },
  { "Thắng", 25 }, { "Trung", 25 }, { "Việt", 15 }, { "Vinh", 20 }, { "Hiếu", 20 }, { "Khánh", 15 },
  { "Lâm", 10 }, { "Nghĩa", 15 }, { "Quang", 15 }, { "Tâm", 15 }, { "Thành", 25 }, { "Tùng", 20 },
  { "Đạt", 25 }, { "Định", 10 }, { "Đông", 10 }, { "Giang", 10 }, { "Hưng", 20 }, { "Kiên", 15 },
  { "Lộc", 10 }, { "Lực", 5 }, { "Nhân", 10 }, { "Phát", 10 }, { "Sang", 10 }, { "Tài", 15 },
  { "Thịnh", 10 }, { "Toàn", 15 }, { "Trí", 15 }, { "Tú", 10 }, { "Vũ", 15 }, { "Xuân", 5 },
  { "Bảo", 10 }, { "Chiến", 10 }, { "Công", 5 }, { "Duy", 15 }, { "Hậu", 10 }, { "Khôi", 10 },
};

static const CdWorldWord given_female[] = {
  { "Anh", 40 },    { "Chi", 20 },   { "Dung", 20 },  { "Giang", 20 },  { "Hà", 30 },
  { "Hạnh", 20 },   { "Hằng", 25 },  { "Hoa", 25 },   { "Hương", 35 },  { "Lan", 30 },
  { "Linh", 40 },   { "Mai", 30 },   { "Ngọc", 20 },  { "Nhung", 15 },  { "Oanh", 10 },
  { "Phương", 25 }, { "Quỳnh", 20 }, { "Thảo", 30 },  { "Trang", 40 },  { "Uyên", 10 },
  { "Vân", 15 },    { "Yến", 20 },   { "Huyền", 25 }, { "Hiền", 20 },   { "Loan", 15 },
  { "Ly", 15 },     { "My", 15 },    { "Nga", 20 },   { "Nhi", 20 },    { "Nhàn", 10 },
  { "Thủy", 25 },   { "Thư", 15 },   { "Trinh", 10 }, { "Tuyết", 10 },  { "Vy", 15 },
  { "Xuân", 10 },   { "Đào", 5 },    { "Diệp", 5 },   { "Duyên", 15 },  { "Gấm", 5 },
  { "Hồng", 15 },   { "Liên", 15 },  { "Lệ", 10 },    { "Nguyệt", 10 }, { "Phượng", 10 },
  { "Quyên", 10 },  { "Tâm", 10 },   { "Thoa", 10 },
};

static const char * const streets[] = {
  "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
  "Nguyễn Huệ", "Phan Đình Phùng", "Điện Biên Phủ", "Hùng Vương", "Lê Duẩn", "Võ Thị Sáu",
  "Nguyễn Du", "Bà Triệu", "Đinh Tiên Hoàng", "Phạm Ngũ Lão", "Trường Chinh", "Cách Mạng Tháng Tám",
  "Nguyễn Văn Cừ", "Tôn Đức Thắng", "Hoàng Diệu", "Chu Văn An", "Ngô Quyền", "Lạc Long Quân",
};

static const char * const brands[] = {
  "Hoà Phát", "Minh Long", "Thành Công", "Phú Quý", "An Bình", "Đại Việt", "Sao Mai", "Hưng Thịnh",
  "Trường Sơn", "Hồng Hà", "Thiên Long", "Phương Nam", "Việt Tiến", "Bình Minh", "Kim Ngân",
  "Tân Phát", "Đông Á", "Hải Âu", "Mê Kông", "Ánh Dương", "Toàn Cầu", "Nam Việt", "Lam Sơn",
};

static const char * const trades[] = {
  "May mặc", "Xây dựng", "Thương mại", "Dịch vụ", "Thực phẩm", "Cơ khí", "Điện tử", "Vận tải",
  "Dược phẩm", "Giày da", "Nhựa", "Bao bì", "Chế biến gỗ", "Thủy sản", "Phần mềm", "Logistics",
};

static const CdWorldProvince provinces[] = {
  { "001", "Hà Nội" },
  { "002", "Hà Giang" },
  { "004", "Cao Bằng" },
  { "006", "Bắc Kạn" },
  { "008", "Tuyên Quang" },
  { "010", "Lào Cai" },
  { "011", "Điện Biên" },
  { "012", "Lai Châu" },
  { "014", "Sơn La" },
  { "015", "Yên Bái" },
  { "017", "Hoà Bình" },
  { "019", "Thái Nguyên" },
  { "020", "Lạng Sơn" },
  { "022", "Quảng Ninh" },
  { "024", "Bắc Giang" },
  { "025", "Phú Thọ" },
  { "026", "Vĩnh Phúc" },
  { "027", "Bắc Ninh" },
  { "030", "Hải Dương" },
  { "031", "Hải Phòng" },
  { "033", "Hưng Yên" },
  { "034", "Thái Bình" },
  { "035", "Hà Nam" },
  { "036", "Nam Định" },
  { "037", "Ninh Bình" },
  { "038", "Thanh Hoá" },
  { "040", "Nghệ An" },
  { "042", "Hà Tĩnh" },
  { "044", "Quảng Bình" },
  { "045", "Quảng Trị" },
  { "046", "Thừa Thiên Huế" },
  { "048", "Đà Nẵng" },
  { "049", "Quảng Nam" },
  { "051", "Quảng Ngãi" },
  { "052", "Bình Định" },
  { "054", "Phú Yên" },
  { "056", "Khánh Hoà" },
  { "058", "Ninh Thuận" },
  { "060", "Bình Thuận" },
  { "062", "Kon Tum" },
  { "064", "Gia Lai" },
  { "066", "Đắk Lắk" },
  { "067", "Đắk Nông" },
  { "068", "Lâm Đồng" },
  { "070", "Bình Phước" },
  { "072", "Tây Ninh" },
  { "074", "Bình Dương" },
  { "075", "Đồng Nai" },
  { "077", "Bà Rịa – Vũng Tàu" },
  { "079", "Hồ Chí Minh" },
  { "080", "Long An" },
  { "082", "Tiền Giang" },
  { "083", "Bến Tre" },
  { "084", "Trà Vinh" },
  { "086", "Vĩnh Long" },
  { "087", "Đồng Tháp" },
  { "089", "An Giang" },
  { "091", "Kiên Giang" },
  { "092", "Cần Thơ" },
  { "093", "Hậu Giang" },
  { "094", "Sóc Trăng" },
  { "095", "Bạc Liêu" },
  { "096", "Cà Mau" },
};

const CdWorldWord *
cd_world_names_family (guint *n)
{
  *n = G_N_ELEMENTS (family);
  return family;
}

const CdWorldWord *
cd_world_names_middle (gboolean  female,
                       guint    *n)
{
  *n = female ? G_N_ELEMENTS (middle_female) : G_N_ELEMENTS (middle_male);
  return female ? middle_female : middle_male;
}

const CdWorldWord *
cd_world_names_given (gboolean  female,
                      guint    *n)
{
  *n = female ? G_N_ELEMENTS (given_female) : G_N_ELEMENTS (given_male);
  return female ? given_female : given_male;
}

const char * const *
cd_world_names_streets (guint *n)
{
  *n = G_N_ELEMENTS (streets);
  return streets;
}

const char * const *
cd_world_names_brands (guint *n)
{
  *n = G_N_ELEMENTS (brands);
  return brands;
}

const char * const *
cd_world_names_trades (guint *n)
{
  *n = G_N_ELEMENTS (trades);
  return trades;
}

const CdWorldProvince *
cd_world_provinces (guint *n)
{
  *n = G_N_ELEMENTS (provinces);
  return provinces;
}

const char *
cd_world_pick_weighted (const CdWorldWord *words,
                        guint              n,
                        double             draw)
{
  guint total = 0;
  double target;

  for (guint i = 0; i < n; i++)
    total += words[i].weight;
  target = draw * total;
  for (guint i = 0; i < n; i++)
    {
      if (target < words[i].weight)
        return words[i].text;
      target -= words[i].weight;
    }
  return words[n - 1].text;
}
