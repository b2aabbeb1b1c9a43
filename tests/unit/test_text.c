/* Unit tests of OCR text normalisation and keyword search. */
#include <stdlib.h>

#include "core/text.h"
#include "harness.h"

static void norm_is(const char *in, const char *want)
{
    char *got = icp_text_normalize(in);
    STR_EQ(got, want);
    free(got);
}

static void test_fullwidth_digits_and_letters(void)
{
    /* ２０１６．０５．１２ → 2016.05.12, ＡＢＣ → ABC */
    norm_is("２０１６．０５．１２", "2016.05.12");
    norm_is("ＡＢＣｘｙｚ", "ABCxyz");
}

static void test_fullwidth_punctuation(void)
{
    /* －：（），／ fold to ASCII; the space next to ： goes (CJK/punct) */
    norm_is("有效期限：２０１６．０５．１２－２０３６．０５．１２",
            "有效期限:2016.05.12-2036.05.12");
    norm_is("（副本）", "(副本)");
    norm_is("１，２／３", "1,2/3");
}

static void test_dashes_between_digits(void)
{
    /* em, en dash and minus always; ~ ～ 一 only in a digit range */
    norm_is("2016.05.12—2036.05.12", "2016.05.12-2036.05.12");
    norm_is("2016.05.12–2036.05.12", "2016.05.12-2036.05.12");
    norm_is("2016.05.12～2036.05.12", "2016.05.12-2036.05.12");
    norm_is("2016.05.12~2036.05.12", "2016.05.12-2036.05.12");
    norm_is("2016.05.12一2036.05.12", "2016.05.12-2036.05.12");
    norm_is("2016.05.12一长期", "2016.05.12-长期");
    norm_is("一二三", "一二三"); /* 一 as a word stays */
    norm_is("a~b", "a~b");
}

static void test_spaces_between_cjk_removed(void)
{
    /* Tesseract's "居 民 身 份 证" → 居民身份证 */
    norm_is("居 民 身 份 证", "居民身份证");
    norm_is("中华人民共和国　居民身份证", "中华人民共和国居民身份证");
    norm_is("长 期", "长期");
}

static void test_spaces_in_digit_runs_removed(void)
{
    /* "2016 .05. 12" → "2016.05.12"; "4403 0819 99" → "4403081999" */
    norm_is("2016 .05. 12", "2016.05.12");
    norm_is("4403 0819 99", "4403081999");
    norm_is("  12 ", "12");
}

static void test_spaces_between_words_kept(void)
{
    /* Latin words keep one space; a line break stays a line break */
    norm_is("ERIKSSON   ANNA", "ERIKSSON ANNA");
    norm_is("P<UTO  \n  L898", "P<UTO\nL898");
    norm_is("No. A12", "No. A12");
}

static void test_invalid_utf8_dropped(void)
{
    /* the stray 0xFF byte disappears, the rest survives */
    norm_is("20\xff"
            "16",
            "2016");
    norm_is("", "");
    OK(icp_text_normalize(NULL) == NULL);
}

static void test_fix_digits(void)
{
    /* O o D Q→0, l I | i→1, S s→5, B→8, Z z→2, G→6, g→9: all 15 replaced */
    char s[] = "OoDQlI|iSsBZzGg";
    INT_EQ(icp_text_fix_digits(s), 15);
    STR_EQ(s, "000011115582269");
    char t[] = "2O16.O5.l2";
    INT_EQ(icp_text_fix_digits(t), 3);
    STR_EQ(t, "2016.05.12");
    char u[] = "X-长";
    INT_EQ(icp_text_fix_digits(u), 0);
    STR_EQ(u, "X-长");
    INT_EQ(icp_text_fix_digits(NULL), 0);
}

static void test_digit_of(void)
{
    /* 'O' → '0', '7' → '7', 'X' → 0 (not a look-alike) */
    INT_EQ(icp_text_digit_of('O'), '0');
    INT_EQ(icp_text_digit_of('7'), '7');
    INT_EQ(icp_text_digit_of('X'), 0);
    INT_EQ(icp_text_digit_of('\0'), 0);
}

static void test_contains_exact_and_spaced(void)
{
    /* spaces on either side do not matter */
    OK(icp_text_contains("中华人民共和国 居 民 身 份 证", "居民身份证"));
    OK(icp_text_contains("有效期限 2016.05.12", "有 效 期 限"));
    OK(icp_text_contains("公民身份号码１１０", "公民身份号码"));
}

static void test_contains_one_confusion(void)
{
    /* one wrong glyph allowed for ≥4 characters: 有效朝限, 居民身份讧 */
    OK(icp_text_contains("有效朝限 2016", "有效期限"));
    OK(icp_text_contains("居民身份讧", "居民身份证"));
    /* two wrong glyphs are not */
    OK(!icp_text_contains("有交朝限", "有效期限"));
}

static void test_contains_short_keyword_exact(void)
{
    /* 3 characters or fewer must match exactly */
    OK(icp_text_contains("签发机关", "机关"));
    OK(!icp_text_contains("签发机美", "机关"));
    OK(!icp_text_contains("长朝", "长期"));
}

static void test_contains_edge_cases(void)
{
    /* NULL, empty, keyword longer than text */
    OK(!icp_text_contains(NULL, "a"));
    OK(!icp_text_contains("a", NULL));
    OK(!icp_text_contains("a", ""));
    OK(!icp_text_contains("居民", "居民身份证"));
}

int main(void)
{
    RUN(test_fullwidth_digits_and_letters);
    RUN(test_fullwidth_punctuation);
    RUN(test_dashes_between_digits);
    RUN(test_spaces_between_cjk_removed);
    RUN(test_spaces_in_digit_runs_removed);
    RUN(test_spaces_between_words_kept);
    RUN(test_invalid_utf8_dropped);
    RUN(test_fix_digits);
    RUN(test_digit_of);
    RUN(test_contains_exact_and_spaced);
    RUN(test_contains_one_confusion);
    RUN(test_contains_short_keyword_exact);
    RUN(test_contains_edge_cases);
    return TEST_DONE();
}
