"""Cleaning: decoding through clean_html, furniture, normalisation, paragraphs, title, flags, CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleaning import clean_html, clean_text
from cleaning.evaluate import Case, comparable, load_cases, run_evaluate, score_case
from cleaning.furniture import drop_furniture_lines, is_furniture_line, trim_to_core
from cleaning.normalize import remove_pinyin
from cleaning.paragraphs import join_broken_lines, split_blob

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "clean"

PARA_1 = "今年以来,县教育局坚持以提升质量为核心,全面推进各项工作,新建学校三所,新增学位一千二百个。"
PARA_2 = "二、存在的问题"
PARA_3 = "一是城乡资源配置仍不均衡。二是教师队伍结构性缺编问题依然存在,部分学科专任教师不足。"
TITLE = "青禾县教育局2023年工作总结"


def page(charset: str | None, title: str = TITLE, paragraphs: tuple[str, ...] = (PARA_1, PARA_2, PARA_3)) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head>{meta}<title>{title}_范文示例网</title></head><body>"
        f'<div class="nav"><a href="/">首页</a> | <a href="/z">工作总结</a> | <a href="/j">工作计划</a></div>'
        f"<h1>{title}</h1><div>发布时间:2024-01-06 来源:网友投稿 浏览:321次</div>"
        f'<div class="content">{body}</div>'
        f"<div>版权所有 范文示例网 京ICP备12345678号</div></body></html>"
    )


def assert_clean_body(doc, expected: tuple[str, ...] = (PARA_1, PARA_2, PARA_3)) -> None:
    assert doc.paragraphs == list(expected)


# ---------------------------------------------------------------- decoding through clean_html


@pytest.mark.parametrize(
    ("declared", "codec"),
    [("utf-8", "utf-8"), ("gbk", "gbk"), ("gb18030", "gb18030"), ("gb2312", "gbk"), (None, "gbk"), (None, "utf-8")],
)
def test_simplified_pages_decode_in_every_encoding(declared: str | None, codec: str) -> None:
    doc = clean_html(page(declared).encode(codec))
    assert_clean_body(doc)
    assert doc.title == TITLE


def test_wrong_declared_charset_is_overruled_by_the_bytes() -> None:
    gbk_declared_utf8 = clean_html(page("utf-8").encode("gbk"))
    utf8_declared_gbk = clean_html(page("gbk").encode("utf-8"))
    assert_clean_body(gbk_declared_utf8)
    assert_clean_body(utf8_declared_gbk)
    assert utf8_declared_gbk.encoding == "utf-8"


def test_http_header_charset_lie_is_overruled() -> None:
    doc = clean_html(page(None).encode("gbk"), headers={"Content-Type": "text/html; charset=utf-8"})
    assert_clean_body(doc)


def test_gbk_only_characters_under_a_gb2312_label() -> None:
    text = "邀请王喆、李堃两位专家开展专题讲座,参训教师普遍反映收获很大。"
    doc = clean_html(page("gb2312", paragraphs=(PARA_1, text)).encode("gbk"))
    assert text in doc.paragraphs


@pytest.mark.parametrize("declared", ["big5", None])
def test_big5_traditional_page_becomes_simplified(declared: str | None) -> None:
    trad = ("今年以來,縣教育局堅持以提升質量為核心,全面推進各項工作,新建學校三所,新增學位一千二百個。",)
    doc = clean_html(page(declared, title="青禾縣教育局2023年工作總結", paragraphs=trad).encode("big5", "xmlcharrefreplace"))
    assert doc.paragraphs == [PARA_1]
    assert doc.title == TITLE
    assert doc.traditional_source and "traditional_source" in doc.flags
    assert doc.body_original == trad[0]


# ---------------------------------------------------------------- furniture on every page style


def tune_cases() -> list[Case]:
    return load_cases(CASES / "tune") if (CASES / "tune").is_dir() else []


@pytest.mark.parametrize("case", tune_cases(), ids=lambda c: c.name)
def test_each_page_style_is_cleaned(case: Case) -> None:
    doc = clean_html(case.source.read_bytes()) if case.source.suffix == ".html" else clean_text(
        case.source.read_text(encoding="utf-8")
    )
    score = score_case(case, doc.title, doc.body, doc)
    assert score.furniture == []
    assert score.recall >= 0.99 and score.precision >= 0.99
    assert score.title_ok is not False


def test_labelled_set_has_every_encoding_and_enough_cases() -> None:
    cases = list((CASES / "tune").glob("*.gold.json")) + list((CASES / "heldout").glob("*.gold.json"))
    assert len(cases) >= 40
    assert len(list((CASES / "heldout").glob("*.gold.json"))) >= 15


@pytest.mark.parametrize(
    "line",
    [
        "您现在的位置:首页 > 总结报告 > 教育",
        "发布时间:2023-04-05 来源:本站原创 点击:88次",
        "以下是小编精心整理的教育局工作总结,供大家参考。",
        "本文来源于网络,如有侵权请联系我们删除",
        "Copyright 2008-2024 某某范文网 版权所有 粤ICP备000000号",
        "《县教育局2023年工作总结》由会员分享,可在线阅读,更多相关内容请在某某文库上搜索。",
        "已阅读3页,还剩12页未读,继续免费阅读",
        "下载文档需要5金币 立即下载",
        "上一篇:某校2022年安全工作总结",
        "相关文章推荐",
        "扫一扫关注我们的公众号",
        "撰写人:________ 日期:________",
        "第 3 页 共 12 页",
        "2/24",
    ],
)
def test_unseen_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        PARA_1,
        PARA_3,
        "(三)加强交流分享",
        "2.组织开展网络安全宣传周活动,相关推文浏览量达1.2万次,参与师生三千余人。",
        "一、主要工作",
    ],
)
def test_body_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_download_tip_list_goes_as_a_whole() -> None:
    lines = [
        "1、本站资源下载后可编辑,下载前请确认金币余额。",
        "2、PDF文件下载后可能被浏览器打开,请另存。",
        "3、试题类文档如果标题没有写明有答案则视为没有答案,请知晓。",
        PARA_1,
    ]
    assert drop_furniture_lines(lines) == [PARA_1]


def test_page_around_the_core_is_trimmed_but_signature_kept() -> None:
    lines = ["工作总结", "热门范文排行", PARA_1, PARA_3, "青禾县教育局", "2024年1月5日", "最近更新", "网站地图"]
    assert trim_to_core(lines) == [PARA_1, PARA_3, "青禾县教育局", "2024年1月5日"]


# ---------------------------------------------------------------- normalisation


def test_pinyin_artifacts_are_removed() -> None:
    assert remove_pinyin("構(gòu)建發(fā)展") == "構建發展"
    assert remove_pinyin("投入(含追加)资金") == "投入(含追加)资金"
    assert remove_pinyin("(一)加强党建") == "(一)加强党建"


def test_traditional_text_dump_with_pinyin() -> None:
    text = "縣教育局2023年工作總結\n今年以來,我局堅持改革發(fā)展,努力構(gòu)建高質量教育體系,各項工作取得新進展。\n"
    doc = clean_text(text)
    assert doc.paragraphs == ["今年以来,我局坚持改革发展,努力构建高质量教育体系,各项工作取得新进展。"]
    assert doc.title == "县教育局2023年工作总结"
    assert doc.traditional_source
    assert "發(fā)展" in doc.body_original


def test_full_width_spaces_and_nbsp_are_cleaned() -> None:
    doc = clean_text(f"{TITLE}\n\u3000\u3000{PARA_1}\u00a0\n")
    assert doc.paragraphs == [PARA_1]


# ---------------------------------------------------------------- paragraphs


def test_preview_blob_is_split_at_outline_markers_only() -> None:
    blob = (
        "一、工作开展情况(一)推进学前教育发展。一是增加普惠性学位,新增幼儿园11所。二是提升2.0版本平台,"
        "完成1.5亿元投资。(二)推进义务教育均衡。一是加快项目建设,新增校舍13.8万平米。"
    ) * 5
    pieces = split_blob(blob)
    assert "".join(pieces) == blob
    assert pieces[0] == "一、工作开展情况"
    assert pieces[1].startswith("(一)推进学前教育发展。")
    assert all(not p.startswith(("0", "5亿", "8万")) for p in pieces)
    assert len(pieces) >= 15


def test_hard_wrapped_lines_are_joined() -> None:
    paragraph = PARA_1 + PARA_3
    wrapped = [paragraph[i : i + 20] for i in range(0, len(paragraph), 20)]
    heading = "三、下一步工作打算"
    assert join_broken_lines([*wrapped, heading, *wrapped]) == [paragraph, heading, paragraph]


def test_chunk_numbers_cutting_a_sentence_are_removed() -> None:
    lines = ["今年以来,县教育局坚持以提升质量为核心,全面推进各项工作,加快推进教育现", "2、代化建设,取得明显成效。"]
    assert join_broken_lines(lines) == ["今年以来,县教育局坚持以提升质量为核心,全面推进各项工作,加快推进教育现代化建设,取得明显成效。"]


def test_real_list_items_keep_their_numbers() -> None:
    lines = ["(一)加强队伍建设", "1、开展教师培训十二期,培训教师八百人次。", "2、新招聘教师五十名。"]
    assert join_broken_lines(lines) == lines


# ---------------------------------------------------------------- title


def test_title_glued_to_the_first_sentence_is_cut() -> None:
    text = f"某某文档网\n{TITLE}.docx\n{TITLE}{PARA_1}\n{PARA_3}\n"
    doc = clean_text(text)
    assert doc.title == TITLE
    assert doc.paragraphs[0] == PARA_1


def test_title_repeated_mid_body_and_retitled_is_dropped() -> None:
    text = f"{TITLE}\n下面是小编为大家整理的范文。\n青禾县教育局2022年工作总结\n{PARA_1}\n{TITLE}\n{PARA_3}\n"
    doc = clean_text(text)
    assert doc.paragraphs == [PARA_1, PARA_3]


def test_title_from_h1_without_site_suffix_and_date_from_time_line() -> None:
    doc = clean_html(page("utf-8").encode("utf-8"))
    assert doc.title == TITLE
    assert doc.published == "2024-01-06"
    assert doc.site == "范文示例网"


# ---------------------------------------------------------------- flags


def test_flags_for_what_cleaning_cannot_fix() -> None:
    text = (
        f"{TITLE}\n"
        "xxxx年,我局在**领导下,发挥集团化办学、特约教研员弓I领作用,已有1()所学校启动创建工作,推进计划2.()。\n"
        "已阅读2页,还剩3页未读\n"
    )
    doc = clean_text(text)
    assert {"placeholders", "ocr_debris", "truncated_preview"} <= set(doc.flags)
    assert "traditional_source" not in doc.flags
    assert "弓I领" in doc.body  # flagged, not guessed at


def test_a_compilation_becomes_one_part_per_text_each_with_its_title() -> None:
    second = "2022年,县教育局聚焦课后服务,义务教育学校实现全覆盖,家长满意度明显提升,群众反映良好。"
    third_title = "青禾县教育局2022年工作计划"
    text = (
        f"{TITLE}(精选3篇)\n{TITLE}篇1\n{PARA_1}\n{PARA_3}\n"
        f"【篇二】\n{second}\n第3篇 {third_title}\n{PARA_2}\n上一篇:青禾县教育局2022年工作计划\n"
    )
    doc = clean_text(text)
    assert [part.paragraphs for part in doc.parts] == [[PARA_1, PARA_3], [second], [PARA_2]]
    # A bare 【篇二】 names nothing: the text goes by the page's headline.
    assert [part.title for part in doc.parts] == [TITLE, TITLE, third_title]
    assert [part.title_raw for part in doc.parts] == [f"{TITLE}篇1", "【篇二】", f"第3篇 {third_title}"]
    assert doc.parts[2].doc_type == "工作计划" and doc.parts[0].doc_type == "工作总结"
    # The top level is the page (its headline) showing its first text.
    assert doc.title_raw == f"{TITLE}(精选3篇)" and doc.body == doc.parts[0].body
    assert "compilation" in doc.flags and doc.texts == doc.parts


def test_a_table_of_contents_before_the_first_text_is_no_text() -> None:
    text = f"{TITLE}(2篇)\n目录\n篇一 工作总结\n篇二 工作计划\n{TITLE}篇一\n{PARA_1}\n【篇二】\n{PARA_3}\n"
    doc = clean_text(text)
    assert [part.paragraphs for part in doc.parts] == [[PARA_1], [PARA_3]]


def test_a_marker_glued_inside_a_line_starts_a_text() -> None:
    text = f"1、{TITLE}二篇{TITLE}二篇【篇一】{PARA_1}\n{PARA_2}【篇二】{PARA_3}\n"
    doc = clean_text(text)
    assert [part.paragraphs for part in doc.parts] == [[PARA_1, PARA_2], [PARA_3]]


def test_clean_document_has_no_flags() -> None:
    assert clean_text(f"{TITLE}\n{PARA_1}\n").flags == []


def test_metadata_fields_are_filled() -> None:
    doc = clean_text(f"{TITLE}\n{PARA_1}\n{PARA_3}\n")
    assert doc.issuer is not None and doc.doc_type is not None


# ---------------------------------------------------------------- CLI


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaning", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_cli_clean_reports_a_broken_file_and_writes_the_others(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "good.html").write_bytes(page("gbk").encode("gbk"))
    (src / "dump.txt").write_text(f"{TITLE}\n{PARA_1}\n", encoding="utf-8")
    (src / "broken.txt").write_bytes(b"\xff\xfe\xfa not utf-8 \x81")
    (src / "empty.html").write_bytes(b"<html><body><div>\xe7\x99\xbb\xe5\xbd\x95</div></body></html>")
    result = run_cli("clean", str(src), str(out))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "broken.txt" in errors[0] and "empty.html" in errors[1] and "no document text" in errors[1]
    assert not (out / "empty.txt").exists()
    assert (out / "good.txt").read_text(encoding="utf-8").strip() == "\n".join([PARA_1, PARA_2, PARA_3])
    assert json.loads((out / "dump.json").read_text(encoding="utf-8"))["title"] == TITLE
    assert not (out / "broken.txt").exists()


def write_case(folder: Path, name: str, body: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_bytes(page("utf-8").encode("utf-8"))
    (folder / f"{name}.gold.json").write_text(json.dumps({"title": TITLE, "body": body}, ensure_ascii=False))


def test_evaluate_exit_codes(tmp_path: Path) -> None:
    write_case(tmp_path / "good", "a", [PARA_1, PARA_2, PARA_3])
    assert run_evaluate([tmp_path / "good"], min_f1=0.99) == 0
    write_case(tmp_path / "bad", "b", ["一段与页面完全无关的金标准文字,用来确认评测能够失败。"])
    assert run_evaluate([tmp_path / "bad"], min_f1=0.5) == 1
    (tmp_path / "empty").mkdir()
    assert run_evaluate([tmp_path / "empty"]) == 2


def test_evaluate_cli_prints_scores_and_baseline(tmp_path: Path) -> None:
    write_case(tmp_path, "a", [PARA_1, PARA_2, PARA_3])
    result = run_cli("evaluate", str(tmp_path), "--baseline", "--min-f1", "0.99")
    assert result.returncode == 0, result.stderr
    assert "OVERALL cleaning" in result.stdout and "OVERALL baseline" in result.stdout
    assert run_cli("evaluate", str(tmp_path), "--min-f1", "1.5").returncode == 1


def test_furniture_left_in_output_is_counted() -> None:
    case = Case("x", Path("x.txt"), TITLE, [PARA_1])
    score = score_case(case, TITLE, PARA_1 + "\n上一篇:某某总结 版权所有", None)
    assert "上一篇" in score.furniture and "版权所有" in score.furniture
    assert score.precision < 1.0 and score.recall == 1.0
    assert comparable("發(fā)展 a") == "发展a"


# ---------------------------------------------------------------- generalisation: structure, not strings


def test_reader_comments_after_a_removed_header_are_not_body() -> None:
    text = f"{TITLE}\n{PARA_1}\n{PARA_3}\n青禾县教育局\n网友评论\n写得真好,学习了!\n谢谢分享,很有启发。\n"
    assert clean_text(text).paragraphs == [PARA_1, PARA_3, "青禾县教育局"]


def test_signature_after_an_inline_notice_is_kept() -> None:
    text = f"{TITLE}\n{PARA_1}\n{PARA_3}\n(本文来源:网络整理)\n青禾县教育局\n2024年1月5日\n"
    assert clean_text(text).paragraphs == [PARA_1, PARA_3, "青禾县教育局", "2024年1月5日"]


def test_short_structured_lines_of_a_document_are_kept() -> None:
    lines = ["教学目标:", "1.掌握立定跳远的动作要领", "2.发展下肢力量", "教学重点:掌握动作要领。", "板书设计:略",
             "一、激趣导入", "教学反思:本课学生参与度较高,但个别学生理解仍有困难,下节课继续巩固。"]
    text = "某某教案网 > 教案 > 体育\n下面是小编为大家整理的教案,供大家参考。\n" + "\n".join(lines) + "\n上一篇:跳绳教案\n"
    assert clean_text(text).paragraphs == lines


def test_government_disclosure_table_is_furniture() -> None:
    for line in ["索引号:", "发布机构:", "主题分类:综合政务", "成文日期:2023-02-08"]:
        assert is_furniture_line(line)


def test_decorated_title_is_cleaned_and_unglued() -> None:
    text = f"【精选推荐】{TITLE}.doc\n{TITLE}{PARA_1}\n{PARA_3}\n"
    doc = clean_text(text)
    assert doc.title == TITLE
    assert doc.paragraphs[0] == PARA_1


def test_taiwan_usage_becomes_mainland_simplified() -> None:
    doc = clean_text("媽媽笑著點頭,我們將著力構建高質量教育體系,成績顯著,各項工作取得新進展。\n")
    assert doc.paragraphs == ["妈妈笑着点头,我们将着力构建高质量教育体系,成绩显著,各项工作取得新进展。"]


def test_lost_hyphen_in_a_year_range_is_flagged() -> None:
    doc = clean_text(f"{TITLE}\n制定了老年教育发展规划(20212025),新建老年教育场所8个,新增床位124张。\n")
    assert "ocr_debris" in doc.flags


def test_long_reader_comments_after_the_article_end_are_dropped() -> None:
    comment = "写得很好,我们学校也在推进类似的工作,尤其是课后服务方面,值得借鉴,感谢作者的整理。"
    text = f"{TITLE}\n{PARA_1}\n{PARA_2}\n{PARA_3}\n{PARA_1}\n网友评论(2)\n{comment}\n{comment}\n"
    assert clean_text(text).paragraphs == [PARA_1, PARA_2, PARA_3, PARA_1]


def test_inline_recommendation_mid_article_does_not_cut_it() -> None:
    text = f"{TITLE}\n{PARA_1}\n相关文章\n某校工作总结\n某园工作计划\n{PARA_2}\n{PARA_3}\n"
    assert clean_text(text).paragraphs == [PARA_1, PARA_2, PARA_3]


def test_autolinked_keywords_stay_inside_their_sentence() -> None:
    body = (
        "<p>今年以来,<span><a href='/t/1'>县教育局</a></span>坚持以提升质量为核心,"
        "全面推进<a href='/t/2'>各项工作</a>,新建学校三所。</p>"
        "<p><a href='/t/3'>教育局</a>加强队伍建设,新招聘教师五十名,培训教师八百人次。</p>"
    )
    html = page("utf-8").replace('<div class="content">', f'<div class="content">{body}')
    paragraphs = clean_html(html.encode("utf-8")).paragraphs
    assert paragraphs[:2] == [
        "今年以来,县教育局坚持以提升质量为核心,全面推进各项工作,新建学校三所。",
        "教育局加强队伍建设,新招聘教师五十名,培训教师八百人次。",
    ]


def test_neutral_tone_pinyin_is_removed_but_latin_words_stay() -> None:
    assert remove_pinyin("我們(men)的工作") == "我們的工作"
    assert remove_pinyin("人工智能(AI)课程和方案(A)") == "人工智能(AI)课程和方案(A)"


def test_heading_naming_site_words_is_not_a_prompt() -> None:
    assert not is_furniture_line("(三)加强网站建设和文档管理")
    assert is_furniture_line("建议使用电脑自带浏览器下载,不支持迅雷等下载工具。")


def test_make_evaluate_scores_folders_that_hold_cases() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    folders = re.findall(r"cleaning evaluate (tests/\S+)", makefile)
    assert folders
    for folder in folders:
        assert list((ROOT / folder).glob("*.gold.json")), folder
