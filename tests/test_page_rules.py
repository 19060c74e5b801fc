"""Rules learnt from real pages, each shown on an invented page of the same shape.

The sentences here are made up; the shapes (where a headline hides, what a
preview glues before the body, how a site talks to its readers) are those of
real template-essay and doc-sharing pages.
"""

from __future__ import annotations

import pytest

from cleaning import clean_text
from cleaning.furniture import is_furniture_line, trim_inline_furniture
from cleaning.headline import find_headline, trim, unglue

TITLE = "青禾县教育局2023年工作总结"
OPENING = "2023年,青禾县教育局坚持立德树人根本任务,统筹推进城乡义务教育一体化发展,各项工作取得新进展。"
SECOND = "一、主要工作完成情况"
THIRD = "全县新建改扩建校舍四万平方米,新增学位三千个,城区大班额问题全面化解,家长满意度持续提升。"
BODY = [OPENING, SECOND, THIRD]


def page(*head: str, body: list[str] = BODY) -> str:
    return "\n".join([*head, *body]) + "\n"


# ---------------------------------------------------------------- headlines


@pytest.mark.parametrize(
    ("line", "raw"),
    [
        (f"{TITLE}.docx", TITLE),
        (f"{TITLE}.doc_第1页", TITLE),
        (f"{TITLE} 9页", TITLE),
        (f"{TITLE}(全文5321字)", TITLE),
        (f"[2023年工作总结]{TITLE}", TITLE),
        (f"20231218:{TITLE}", TITLE),
        (f"第1篇 {TITLE}", TITLE),
        (f"当前位置:首页 > 公文范文 > 工作总结 > {TITLE}", TITLE),
        (f"工作总结 | {TITLE}", TITLE),
        (f"【精品】{TITLE}", f"【精品】{TITLE}"),  # a decoration of the headline itself stays
        (f"{TITLE}【3篇】", f"{TITLE}【3篇】"),
    ],
)
def test_the_headline_loses_the_readers_trimmings_and_keeps_its_decorations(line, raw):
    assert trim(line) == raw
    assert clean_text(page(line)).title_raw == raw


@pytest.mark.parametrize(
    "not_a_headline",
    [
        "工作总结/工作汇报",  # a category path
        "欢迎来到文档平台! 工作总结 工作计划 心得体会 述职报告",  # a menu
        "2023 教育局 重点 工作总结",  # a tag line
        "优秀总结范文",  # a genre, not a document
    ],
)
def test_category_menu_and_tag_lines_are_never_the_headline(not_a_headline):
    doc = clean_text(page(not_a_headline, TITLE))
    assert doc.title_raw == TITLE


def test_a_headline_printed_twice_wins_over_a_line_printed_once():
    lines = ["教育局工作总结范文大全", "县教育局2023年工作要点", TITLE, "发布时间:2024-01-05", TITLE]
    assert find_headline(lines).raw == TITLE


def test_the_headline_over_a_subtitle_needs_no_document_word():
    headline = "凝心聚力 砥砺前行 奋力谱写教育高质量发展新篇章"
    doc = clean_text(page(headline, "2024-03-14 来源:本站 浏览数:", "——在2024年全县教育工作会议上的报告"))
    assert doc.title_raw == headline


@pytest.mark.parametrize(
    "lead_in",
    [
        f"《{TITLE}.docx》由会员分享,可在线阅读,更多相关文档请在本站搜索。",
        f"下面是小编为大家整理的{TITLE},供大家参考。",
        f"网友最近发表了一篇名为《{TITLE}》的范文,觉得应该跟大家分享。",
    ],
)
def test_a_lead_in_names_the_document_when_no_line_does(lead_in):
    doc = clean_text(page(lead_in))
    assert doc.title_raw == TITLE
    assert doc.paragraphs == BODY  # and is no part of the body


def test_a_headline_glued_to_the_first_sentence_is_found_and_cut():
    doc = clean_text(f"县教育局重点工作汇报按照县委的要求,现将各项重点工作汇报如下:\n{SECOND}\n{THIRD}\n")
    assert doc.title_raw == "县教育局重点工作汇报"
    assert doc.paragraphs[0] == "按照县委的要求,现将各项重点工作汇报如下:"


def test_a_sentence_that_names_a_summary_is_not_a_glued_headline():
    doc = clean_text("现将2023年工作总结如下:今年全县教育系统坚持稳中求进,各项工作有序推进,成效明显。\n")
    assert doc.title_raw is None


# ---------------------------------------------------------------- what a preview glues before the body


@pytest.mark.parametrize(
    "glued",
    [
        f"1、.docx{TITLE}{TITLE}",
        f"{TITLE}.doc_第2页{TITLE}.doc_第3页文档简介县教育局工作总结 ",
        f"【篇一】{TITLE}",
        "撰写人:___________ 日 期:___________ ",
        f"某某公文写作宝典:www.example.com{TITLE}",
        "县教育体育局2023年工作总结 ",  # the document's own title, spelled unlike the headline
    ],
)
def test_what_a_preview_glues_before_the_first_sentence_is_cut(glued):
    assert unglue(glued + OPENING, TITLE) == OPENING


# ---------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    "line",
    [
        "总结是对过去一段时间工作的回顾和思考,它能帮助我们发现不足、明确方向。写好一篇总结并不容易,"
        "下面是小编为大家精心整理的教育局工作总结范文,内容详实、结构清晰,欢迎大家阅读参考,希望对你有所帮助。",
        "计划能让工作有条不紊。如果你正在寻找计划范文,以下的案例或许能给你一些启发。",
        "格式:DOC 上传日期:2024-01-19 06:59:23",
        "推荐人: 来源: 阅读: 1.2W 次",
        "2024-03-14 来源:记者站 浏览数:",
        "( 市教育局局长讲话)",
        "(2024年3月5日)",
        "某某范文网:www.example.com",
        "24小时求稿热线:13000000000 王老师",
        "久久精品免费看,国产高清在线观看,一区二区视频",
        "经典文章",
        "稿子汇,范文学习文库",
        "3、",
    ],
)
def test_site_voice_fields_captions_watermarks_and_spam_are_furniture(line):
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        OPENING, SECOND, THIRD, "(一)加强党的建设。", "时间过半、任务过半。",
        # a speech speaks to 大家, a report cites 案例, a plan assigns its tasks
        "下面,我结合典型案例,和大家分享三点体会,希望大家认真抓好落实。",
        "以下是典型案例的主要做法:",
        "1.牵头单位:县教育局 责任单位:各中小学",
    ],
)  # fmt: skip
def test_the_documents_own_lines_are_not_furniture(line):
    assert not is_furniture_line(line)


def test_a_watermark_stuck_to_a_heading_is_cut_and_the_heading_kept():
    assert trim_inline_furniture(f"{SECOND} 某某汇 www.example.com") == SECOND


def test_a_blurb_that_copies_the_opening_is_dropped():
    blurb = f"{TITLE}{OPENING[:30]}"
    doc = clean_text(page(TITLE, blurb, f"{TITLE}{OPENING}", body=[SECOND, THIRD]))
    assert doc.paragraphs == BODY


def test_the_cut_off_last_line_of_a_preview_is_kept():
    doc = clean_text(page(TITLE, body=[*BODY, "(一)持续深化教育领域综合改"]))
    assert doc.paragraphs[-1] == "(一)持续深化教育领域综合改"


# ---------------------------------------------------------------- flagged, not dropped


def test_pinyin_obfuscated_text_is_kept_and_flagged():
    romanized = "2023nian,xianjiaoyujujianchilideshuren,tongchoutuijinchengxiangyiwujiaoyuyitihuafazhan,gexianggongzuoqudexinjinzhan"
    doc = clean_text(page(TITLE, body=[romanized, *BODY]))
    assert doc.paragraphs[0] == romanized
    assert "romanized" in doc.flags


def test_injected_symbols_are_flagged():
    doc = clean_text(page(TITLE, body=[OPENING.replace("立德", "立♕德"), SECOND, THIRD]))
    assert "injected_symbols" in doc.flags


def test_a_page_whose_every_line_looks_like_furniture_still_gives_its_best_block():
    # Each paragraph names downloads and members twice: every rule calls it the site's voice.
    noisy = [
        "本文档由会员上传下载,县教育局今年新建学校三所,新增学位一千二百个,会员下载本文档可获得全文。",
        "本文档由会员上传下载,全县教师培训覆盖率达到百分之百,会员下载本文档可获得全文内容。",
    ]
    doc = clean_text("菜单\n" + "\n".join(noisy) + "\n")
    assert doc.paragraphs == noisy
    assert "fallback_body" in doc.flags


def test_a_line_that_starts_over_keeps_its_last_start():
    blurb_and_text = f"{OPENING[:40]}{TITLE}本文内容:{TITLE}{OPENING}"
    doc = clean_text(page(TITLE, blurb_and_text, body=[SECOND, THIRD]))
    assert doc.paragraphs == BODY


def test_a_paragraph_that_begins_like_a_longer_one_is_kept():
    # A whole sentence the next paragraph opens with and goes on from: the document's own line.
    # (Cut mid-sentence with a full stop put on, the same line is a blurb: test_unseen_page_rules.)
    doc = clean_text(page(TITLE, body=[OPENING, OPENING + SECOND, THIRD]))
    assert doc.paragraphs == [OPENING, OPENING + SECOND, THIRD]


def test_lost_characters_are_flagged():
    doc = clean_text(page(TITLE, body=[OPENING.replace("教育局", "教?局"), SECOND, THIRD]))
    assert "lost_characters" in doc.flags


def test_a_reporters_byline_after_a_news_item_is_cut():
    assert trim_inline_furniture(f"{THIRD}(记者 张三 通讯员 李四)") == THIRD


def test_an_html_page_without_a_title_element_finds_its_headline_in_the_text():
    from cleaning import clean_html

    html = f"<html><body><div><p>{TITLE}</p>" + "".join(f"<p>{p}</p>" for p in BODY) + "</div></body></html>"
    doc = clean_html(html.encode("utf-8"))
    assert doc.title_raw == TITLE and doc.paragraphs == BODY
