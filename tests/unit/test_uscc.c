/* Unit tests of GB 32100 unified social credit codes read from OCR text. */
#include "checks/uscc.h"
#include "harness.h"

static void test_known_good(void)
{
    /* both RULES.md specimens pass both checks */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("91110108MA01EBFH9B", &u), 0);
    STR_EQ(u.code, "91110108MA01EBFH9B");
    INT_EQ(u.error, ICP_USCC_OK);
    OK(!u.repaired);
    INT_EQ(icp_uscc_parse("91350100M000100Y43", &u), 0);
}

static void test_label_spaces_fullwidth(void)
{
    /* the label, spaces, full width and lower case fall away */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("统一社会信用代码 9111 0108 MA01 EBFH 9B", &u), 0);
    STR_EQ(u.code, "91110108MA01EBFH9B");
    INT_EQ(icp_uscc_parse(
               "统一社会信用代码：９１１１０１０８ｍａ０１ｅｂｆｈ９ｂ", &u),
           0);
    STR_EQ(u.code, "91110108MA01EBFH9B");
}

static void test_charset_lookalikes(void)
{
    /* O I Z S are not in the charset: read as 0 1 2 5 */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("9111O1O8MAO1EBFH9B", &u), 0);
    STR_EQ(u.code, "91110108MA01EBFH9B");
    OK(u.repaired);
    INT_EQ(icp_uscc_parse("9I350I00M000I00Y43", &u), 0);
    STR_EQ(u.code, "91350100M000100Y43");
}

static void test_digit_positions(void)
{
    /* B and G in the division code (positions 2-8) are 8 and 6 */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("911101O8MA01EBFH9B", &u), 0);
    INT_EQ(icp_uscc_parse("9111010BMA01EBFH9B", &u), 0);
    STR_EQ(u.code, "91110108MA01EBFH9B");
}

static void test_v_resolved_by_checks(void)
{
    /* V is not in the charset; only Y makes both checks hold here */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("91350100M000100V43", &u), 0);
    STR_EQ(u.code, "91350100M000100Y43");
    OK(u.repaired);
}

static void test_check_fails(void)
{
    /* last character changed B → C */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("91110108MA01EBFH9C", &u), -1);
    INT_EQ(u.error, ICP_USCC_CHECK);
}

static void test_org_code_fails(void)
{
    /* the organisation-code check changed but the overall check recomputed:
     * 91110108MA01EBFH8 + its GB 32100 check character */
    char code[19] = "91110108MA01EBFH8?";
    code[17] = icp_uscc_check_char(code);
    OK(code[17] != 0);
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse(code, &u), -1);
    INT_EQ(u.error, ICP_USCC_ORG_CODE);
}

static void test_old_registration_number(void)
{
    /* 15 digits: an old 注册号, also with look-alikes */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("注册号 110108012345678", &u), -1);
    INT_EQ(u.error, ICP_USCC_OLD_REGNO);
    STR_EQ(u.code, "110108012345678");
    INT_EQ(icp_uscc_parse("11O1O8012345678", &u), -1);
    INT_EQ(u.error, ICP_USCC_OLD_REGNO);
    STR_EQ(u.code, "110108012345678");
}

static void test_length_and_charset(void)
{
    /* 17 and 19 characters; an unrepairable character */
    struct icp_uscc u;
    INT_EQ(icp_uscc_parse("91110108MA01EBFH9", &u), -1);
    INT_EQ(u.error, ICP_USCC_LENGTH);
    INT_EQ(icp_uscc_parse("91110108MA01EBFH9BB", &u), -1);
    INT_EQ(u.error, ICP_USCC_LENGTH);
    INT_EQ(icp_uscc_parse(NULL, &u), -1);
    INT_EQ(u.error, ICP_USCC_LENGTH);
    INT_EQ(icp_uscc_parse("", &u), -1);
    /* a 15-character code with a letter is neither */
    INT_EQ(icp_uscc_parse("11010801234567A", &u), -1);
    INT_EQ(u.error, ICP_USCC_LENGTH);
}

static void test_check_functions(void)
{
    /* raw check characters, and 0 for a character outside the set */
    INT_EQ(icp_uscc_check_char("91110108MA01EBFH9"), 'B');
    INT_EQ(icp_uscc_check_char("91350100M000100Y4"), '3');
    INT_EQ(icp_uscc_check_char("91350100M000100V4"), 0);
    INT_EQ(icp_uscc_org_check_char("MA01EBFH"), '9');
    INT_EQ(icp_uscc_org_check_char("M000100Y"), '4');
    INT_EQ(icp_uscc_org_check_char("M000100-"), 0);
}

/* The print compared place by place with the QR's code. */
static void test_match_settled(void)
{
    struct icp_uscc_match m;
    icp_uscc_match_init(&m, "91450219MAGF7J8L2C");
    OK(!icp_uscc_match_settled(&m));
    /* a check character printed E: twice is not yet settled */
    OK(icp_uscc_match_add(&m, "91450219MAGF7J8L2E", 3));
    OK(icp_uscc_match_add(&m, "91450219MAGF7J8L2E", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_DIFFERS);
    OK(!icp_uscc_match_settled(&m));
    OK(icp_uscc_match_add(&m, "91450219MAGF7J8L2E", 3));
    OK(icp_uscc_match_settled(&m));
    /* read once as the QR has it: no longer settled */
    OK(icp_uscc_match_add(&m, "91450219MAGF7J8L2C", 3));
    OK(!icp_uscc_match_settled(&m));
    /* a look-alike (6 read G) alike three times settles nothing */
    icp_uscc_match_init(&m, "91450219MAGF7J8L26");
    for (int i = 0; i < 3; i++)
        OK(icp_uscc_match_add(&m, "91450219MAGF7J8L2G", 3));
    OK(!icp_uscc_match_settled(&m));
}

static void test_match_qr(void)
{
    const char *qr = "91110108MA01EBFH9B";
    struct icp_uscc_match m;
    char printed[19];
    /* Read exactly once: the same code. */
    icp_uscc_match_init(&m, qr);
    OK(icp_uscc_match_add(&m, "统一社会信用代码 91110108MA01EBFH9B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_SAME);
    /* A misread place (B as 8) is unsure until a reading has it right. */
    icp_uscc_match_init(&m, qr);
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH98", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
    OK(icp_uscc_match_add(&m, "9111O1O8MA01EBFH9B", 3)); /* O as 0 */
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_SAME);
    /* A place printed otherwise, read so twice: a wrongly printed code,
     * however near the QR's. */
    icp_uscc_match_init(&m, qr);
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH9C", 3));
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH9C|", 3));
    INT_EQ(icp_uscc_match_verdict(&m, printed), ICP_USCC_MATCH_DIFFERS);
    STR_EQ(printed, "91110108MA01EBFH9C");
    /* Read right once, at another preparation, against twice otherwise:
     * unsure (the print is read on its own); right once more: the same. */
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH9B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH9B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_SAME);
    /* A misprinted check character read five times as printed, and once
     * as the QR's by a garbled reading with a place lost: no proof. */
    icp_uscc_match_init(&m, "91330903MAYR3T5P52");
    for (int i = 0; i < 5; i++)
        OK(icp_uscc_match_add(&m, "91330903MAYR3T5P5T", 3));
    OK(icp_uscc_match_add(&m, "91330903MAYR3TP5T2", 3));
    OK(icp_uscc_match_verdict(&m, NULL) != ICP_USCC_MATCH_SAME);
    /* A look-alike read otherwise at every preparation is no proof. */
    icp_uscc_match_init(&m, "91360407MA6LYB4G91");
    OK(icp_uscc_match_add(&m, "91360407MAGLYB4G91", 3));
    OK(icp_uscc_match_add(&m, "91360407MAGLYB4G914", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
    /* 6 read as E on every reading (the look-alike study; a valid licence
     * of seed 9844): no proof either. 7 read as E is. */
    icp_uscc_match_init(&m, "91360407MA6LYB4G91");
    for (int i = 0; i < 3; i++)
        OK(icp_uscc_match_add(&m, "91360407MAELYB4G91", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
    icp_uscc_match_init(&m, "91620720MAQNM59W87");
    OK(icp_uscc_match_add(&m, "91620720MAQNM59W8E", 3));
    OK(icp_uscc_match_add(&m, "91620720MAQNM59W8E", 3));
    INT_EQ(icp_uscc_match_verdict(&m, printed), ICP_USCC_MATCH_DIFFERS);
    STR_EQ(printed, "91620720MAQNM59W8E");
    /* V is in no code: read for U, it is a misread. */
    icp_uscc_match_init(&m, "91110108MA01EBFU9B");
    OK(icp_uscc_match_add(&m, "91110108MA01EBFV9B", 3));
    OK(icp_uscc_match_add(&m, "91110108MA01EBFV9B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
    /* A character lost: the reading counted with that place unvoted. */
    icp_uscc_match_init(&m, qr);
    OK(icp_uscc_match_add(&m, "9111108MA01EBFH9B", 3));
    STR_EQ(m.last, "9111_108MA01EBFH9B");
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH9B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_SAME);
    /* A misprinted check character read twice with the 0 before it lost
     * (a blurred print): still a wrongly printed code. */
    icp_uscc_match_init(&m, "91410918MAQUFEUN0T");
    OK(icp_uscc_match_add(&m, "91410918MAQUFEUNL", 3));
    OK(icp_uscc_match_add(&m, "91410918MAQUFEUNL", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_DIFFERS);
    /* One glyph read as two (6 as G6): the reading of 19 counted without
     * the one too many, so that a misprinted check character read so and
     * read plainly once more is a wrongly printed code. */
    icp_uscc_match_init(&m, "91350701MA6LR0BM4W");
    OK(icp_uscc_match_add(&m, "91350701MAG6LR0BM4B", 3));
    STR_EQ(m.last, "91350701MA6LR0BM4B");
    OK(icp_uscc_match_add(&m, "91350701MAGLR0BM4B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, printed), ICP_USCC_MATCH_DIFFERS);
    STR_EQ(printed, "91350701MA6LR0BM4B");
    /* A character after the code is no character too many: the whole
     * alignment stands, and the print read twice right is the QR's. */
    icp_uscc_match_init(&m, qr);
    OK(icp_uscc_match_add(&m, "91110108MA01EBFH9B4", 3));
    STR_EQ(m.last, "91110108MA01EBFH9B");
    OK(icp_uscc_match_add(&m, "9111O1O8MA01EBFH9B", 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_SAME);
    /* Other text, or a reading two characters short, is not counted. */
    icp_uscc_match_init(&m, qr);
    OK(!icp_uscc_match_add(&m, "911108MA01EBFH9B", 3));
    OK(!icp_uscc_match_add(&m, "911101O8MA0lEBXXXX", 3));
    OK(!icp_uscc_match_add(&m, NULL, 3));
    INT_EQ(icp_uscc_match_verdict(&m, NULL), ICP_USCC_MATCH_UNSURE);
}

int main(void)
{
    RUN(test_known_good);
    RUN(test_label_spaces_fullwidth);
    RUN(test_charset_lookalikes);
    RUN(test_digit_positions);
    RUN(test_v_resolved_by_checks);
    RUN(test_check_fails);
    RUN(test_org_code_fails);
    RUN(test_old_registration_number);
    RUN(test_length_and_charset);
    RUN(test_check_functions);
    RUN(test_match_qr);
    RUN(test_match_settled);
    return TEST_DONE();
}
