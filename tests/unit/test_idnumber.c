/* Unit tests of GB 11643 ID numbers read from OCR text. */
#include "checks/idnumber.h"
#include "harness.h"

static const struct icp_date TODAY = {2026, 11, 24};

static void test_known_good(void)
{
    /* 11010519491231002X: born 1949-12-31, 17th digit 2 → female */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("11010519491231002X", TODAY, &id), 0);
    STR_EQ(id.number, "11010519491231002X");
    INT_EQ(id.birth.y, 1949);
    INT_EQ(id.birth.m, 12);
    INT_EQ(id.birth.d, 31);
    INT_EQ(id.sex, 'F');
    INT_EQ(id.error, ICP_IDNUMBER_OK);
    OK(!id.repaired);
    /* 440308199901010012: 1999-01-01, 17th digit 1 → male */
    INT_EQ(icp_idnumber_parse("440308199901010012", TODAY, &id), 0);
    INT_EQ(id.birth.y, 1999);
    INT_EQ(id.sex, 'M');
}

static void test_label_and_spaces(void)
{
    /* OCR line with the label and Tesseract's spaces */
    struct icp_idnumber id;
    INT_EQ(
        icp_idnumber_parse("公民身份号码 4403 0819 9901 0100 12", TODAY, &id),
        0);
    STR_EQ(id.number, "440308199901010012");
    INT_EQ(
        icp_idnumber_parse("公民身份号码：３２０５８３１９８８０８０８１２３７",
                           TODAY, &id),
        0);
    STR_EQ(id.number, "320583198808081237");
}

static void test_lookalikes_repaired(void)
{
    /* lower-case x, O for 0, l for 1, B for 8 → repaired and valid */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("11010519491231002x", TODAY, &id), 0);
    STR_EQ(id.number, "11010519491231002X");
    OK(id.repaired);
    INT_EQ(icp_idnumber_parse("44O3O8l999OlOlOOl2", TODAY, &id), 0);
    STR_EQ(id.number, "440308199901010012");
    INT_EQ(icp_idnumber_parse("3205B3198808081237", TODAY, &id), 0);
    INT_EQ(icp_idnumber_parse("11010519491231002×", TODAY, &id), 0);
}

static void test_check_char_fails(void)
{
    /* last character changed: X → 5 */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("110105194912310025", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_CHECK);
    INT_EQ(id.birth.y, 1949);
}

static void test_length_fails(void)
{
    /* 17 and 19 characters, empty, NULL, a 15-digit old number */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("11010519491231002", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_LENGTH);
    INT_EQ(icp_idnumber_parse("11010519491231002X1", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_LENGTH);
    INT_EQ(icp_idnumber_parse("", TODAY, &id), -1);
    INT_EQ(icp_idnumber_parse(NULL, TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_LENGTH);
    INT_EQ(icp_idnumber_parse("110105491231002", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_LENGTH);
}

static void test_charset_fails(void)
{
    /* an X in the middle is not a look-alike; K at the end is not X */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("1101051949X231002X", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_CHARSET);
    INT_EQ(icp_idnumber_parse("11010519491231002K", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_CHARSET);
}

static void test_province_fails(void)
{
    /* 99 is no province, even with a correct check character */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("990101199001010019", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_PROVINCE);
}

static void test_birth_fails(void)
{
    /* 1990-02-30 is no date; 2030-01-01 is after today */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("11010519900230001X", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_BIRTH);
    INT_EQ(icp_idnumber_parse("110101203001010014", TODAY, &id), -1);
    INT_EQ(id.error, ICP_IDNUMBER_FUTURE);
    INT_EQ(id.birth.y, 2030);
}

static void test_leap_day_birth(void)
{
    /* 2020-02-29 is real */
    struct icp_idnumber id;
    INT_EQ(icp_idnumber_parse("510101202002290046", TODAY, &id), 0);
    INT_EQ(id.birth.d, 29);
}

static void test_check_char_function(void)
{
    /* 17 digits → check character; non-digit → 0 */
    INT_EQ(icp_idnumber_check_char("11010519491231002"), 'X');
    INT_EQ(icp_idnumber_check_char("44030819990101001"), '2');
    INT_EQ(icp_idnumber_check_char("4403081999010100A"), 0);
}

static void test_province_list(void)
{
    /* RULES.md §2 boundaries */
    OK(icp_idnumber_province_ok(11));
    OK(icp_idnumber_province_ok(15));
    OK(!icp_idnumber_province_ok(16));
    OK(icp_idnumber_province_ok(46));
    OK(!icp_idnumber_province_ok(47));
    OK(icp_idnumber_province_ok(71));
    OK(!icp_idnumber_province_ok(72));
    OK(icp_idnumber_province_ok(82));
    OK(!icp_idnumber_province_ok(83));
    OK(!icp_idnumber_province_ok(10));
}

static void test_province_of_address(void)
{
    INT_EQ(icp_idnumber_province_of("上海市长安区人民路12号"), 31);
    INT_EQ(icp_idnumber_province_of("广西壮族自治区南宁市和平区"), 45);
    INT_EQ(icp_idnumber_province_of("陕西省西安市雁塔区"), 61);
    INT_EQ(icp_idnumber_province_of("山 西 省太原市"), 14);
    INT_EQ(icp_idnumber_province_of("黑龙江省哈尔滨市"), 23);
    /* a street named after another province is not the address's */
    INT_EQ(icp_idnumber_province_of("福建省福州市山东路3号"), 35);
    INT_EQ(icp_idnumber_province_of("某某市某某区四川路"), 0);
    INT_EQ(icp_idnumber_province_of(""), 0);
    INT_EQ(icp_idnumber_province_of(NULL), 0);
}

static void test_arbitrate(void)
{
    struct icp_idnumber read, out;
    struct icp_date none = {0, 0, 0}, born = {1985, 3, 7};
    /* 310105198503070016 with its 3 read as 5: the address says 上海 */
    icp_idnumber_parse("510105198503070016", TODAY, &read);
    INT_EQ(read.error, ICP_IDNUMBER_CHECK);
    INT_EQ(icp_idnumber_arbitrate(&read, 31, none, TODAY, &out), 0);
    STR_EQ(out.number, "310105198503070016");
    OK(out.repaired);
    /* 350102199005120028 with 35 read 55 (no such province) */
    icp_idnumber_parse("550102199005120028", TODAY, &read);
    INT_EQ(read.error, ICP_IDNUMBER_PROVINCE);
    INT_EQ(icp_idnumber_arbitrate(&read, 35, none, TODAY, &out), 0);
    STR_EQ(out.number, "350102199005120028");
    /* a birth digit misread, settled by the printed 出生 */
    icp_idnumber_parse("310105198508070016", TODAY, &read);
    INT_EQ(icp_idnumber_arbitrate(&read, 0, born, TODAY, &out), 0);
    STR_EQ(out.number, "310105198503070016");
    /* a holder who moved from 北京 (11) to 四川 (51), with a digit misread
     * elsewhere: putting 51 first would pass the check by chance, but OCR
     * does not confuse 1 and 5, so the reading is not changed */
    icp_idnumber_parse("110105198503070101", TODAY, &read);
    INT_EQ(read.error, ICP_IDNUMBER_CHECK);
    INT_EQ(icp_idnumber_arbitrate(&read, 51, none, TODAY, &out), -1);
    /* a card printed with a wrong check character stays wrong */
    icp_idnumber_parse("310105198503070017", TODAY, &read);
    INT_EQ(read.error, ICP_IDNUMBER_CHECK);
    INT_EQ(icp_idnumber_arbitrate(&read, 31, born, TODAY, &out), -1);
    /* nothing known beside the number: no change */
    icp_idnumber_parse("510105198503070016", TODAY, &read);
    INT_EQ(icp_idnumber_arbitrate(&read, 0, none, TODAY, &out), -1);
    /* a change that still fails, or too many changes */
    INT_EQ(icp_idnumber_arbitrate(&read, 44, none, TODAY, &out), -1);
    icp_idnumber_parse("510105199912310016", TODAY, &read);
    INT_EQ(icp_idnumber_arbitrate(&read, 31, born, TODAY, &out), -1);
    /* a valid or short reading is not arbitrated */
    icp_idnumber_parse("310105198503070016", TODAY, &read);
    INT_EQ(icp_idnumber_arbitrate(&read, 35, none, TODAY, &out), -1);
    icp_idnumber_parse("3101051985030700", TODAY, &read);
    INT_EQ(icp_idnumber_arbitrate(&read, 31, born, TODAY, &out), -1);
}

static void test_disagrees(void)
{
    struct icp_idnumber n;
    struct icp_date none = {0, 0, 0}, born = {1985, 3, 7};
    icp_idnumber_parse("310105198503070016", TODAY, &n);
    INT_EQ(n.error, ICP_IDNUMBER_OK);
    OK(!icp_idnumber_disagrees(&n, 31, born));
    OK(!icp_idnumber_disagrees(&n, 0, none));
    /* a misread first digit (or a holder who moved): read again */
    OK(icp_idnumber_disagrees(&n, 51, none));
    /* the printed 出生 is not the number's */
    OK(icp_idnumber_disagrees(&n, 31, (struct icp_date){1985, 3, 8}));
    /* nothing to compare */
    icp_idnumber_parse("3101051985030700", TODAY, &n);
    OK(!icp_idnumber_disagrees(&n, 51, born));
}

int main(void)
{
    RUN(test_disagrees);
    RUN(test_province_of_address);
    RUN(test_arbitrate);
    RUN(test_known_good);
    RUN(test_label_and_spaces);
    RUN(test_lookalikes_repaired);
    RUN(test_check_char_fails);
    RUN(test_length_fails);
    RUN(test_charset_fails);
    RUN(test_province_fails);
    RUN(test_birth_fails);
    RUN(test_leap_day_birth);
    RUN(test_check_char_function);
    RUN(test_province_list);
    return TEST_DONE();
}
