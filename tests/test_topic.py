"""The topic filter keeps education bureaus' work documents and nothing else."""

import json

import pytest

from cleaning.topic import link_priority, off_topic_reason, topic_score
from tests.shared_sets import REALDEV, needs_realdev

BUREAU_BODY = "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全县教育系统各项工作稳步推进。"


@pytest.mark.parametrize(
    "title",
    [
        "高台县教育局2023年工作总结和2024年工作计划",
        "市教育局2024年第三季度工作总结",
        "区教育和体育局上半年工作汇报",
        "县教体局2022年工作要点",
        "市教育科技局局长述职报告",
        "区教育委员会2021年自查报告",
    ],
)
def test_bureau_documents_are_kept(title):
    assert off_topic_reason(title, BUREAU_BODY) is None


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("县卫健局2023年工作总结", "off_topic:other_issuer"),
        ("实验小学2023年工作总结", "off_topic:other_issuer"),
        ("教育局干部学习心得体会", "off_topic:genre"),
        ("小学语文《秋天》教案", "off_topic:genre"),
        ("我的家乡作文", "off_topic:genre"),
        ("关于开展安全检查的通知", "off_topic:not_work_document"),
    ],
)
def test_other_pages_are_rejected_with_a_reason(title, reason):
    assert off_topic_reason(title, BUREAU_BODY) == reason


def test_untitled_text_dump_is_judged_by_its_voice():
    body = "教育局2023年工作总结\n" + BUREAU_BODY
    assert off_topic_reason(None, body) is None
    assert off_topic_reason(None, "2023年，我院坚持以人民健康为中心，医疗服务水平不断提高，工作总结如下。") is not None


def test_score_ranks_bureau_summaries_above_others():
    bureau = topic_score("县教育局2023年工作总结", BUREAU_BODY)
    other = topic_score("县财政局2023年工作总结", "2023年，我局坚持稳中求进，财政收入稳步增长。")
    assert 0 <= other < bureau <= 1


def test_link_priority_orders_the_frontier():
    best = link_priority("县教育局2023年工作总结", "/zongjie/1.html")
    summary = link_priority("财政局工作总结", "/zongjie/2.html")
    plain = link_priority("关于我们", "/about.html")
    lesson = link_priority("小学语文教案", "/jiaoan/3.html")
    assert best > summary > plain > lesson


# ---------------------------------------------------------------- general rules

SCHOOL_BODY = (
    "一学年来,学校在县教育局的正确领导下,全面落实教学常规,学生行为习惯明显好转,"
    "教师专业水平不断提升,教育教学质量稳步提高。" * 4
)
CULTURE_BODY = (
    "按照县委的要求,现将各项重点工作进展情况汇报如下:一是巩固文化先进县创建成果,"
    "组织送戏下乡演出120场;二是图书馆免费开放,接待读者3万人次;三是开展扫黄打非,"
    "检查网吧和娱乐场所86家次,文化市场秩序良好。" * 3
)


def test_a_bureau_title_over_a_body_about_something_else_is_rejected():
    assert off_topic_reason("县教育局重点工作汇报", CULTURE_BODY) == "off_topic:not_education_subject"


def test_a_school_speaking_is_rejected_without_a_title():
    assert off_topic_reason(None, SCHOOL_BODY) == "off_topic:other_voice"
    assert off_topic_reason("第二中学2023年工作总结", SCHOOL_BODY) == "off_topic:other_issuer"


@pytest.mark.parametrize(
    "title",
    ["县教科体局2020年工作总结", "县教育科技体育局工作汇报", "市教文体局2019年工作要点", "县教育部门年度工作计划"],
)
def test_short_and_compound_bureau_names_are_education(title):
    assert off_topic_reason(title, BUREAU_BODY) is None


@pytest.mark.parametrize(
    "title", ["县统计局2021年上半年工作汇报", "区卫生局上半年工作总结", "区人民政府履行教育职责自评报告"]
)
def test_any_other_bureau_or_a_government_is_another_issuer(title):
    assert off_topic_reason(title, BUREAU_BODY) == "off_topic:other_issuer"


def test_traditional_titles_are_judged_in_simplified():
    assert off_topic_reason("縣教育局2023年工作總結(jié)", BUREAU_BODY) is None
    assert off_topic_reason("實驗小學2023年工作總結", BUREAU_BODY) == "off_topic:other_issuer"
    assert off_topic_reason("2024年下學期國小工作總結", BUREAU_BODY) == "off_topic:other_issuer"  # 国小: a school


def test_a_country_before_schools_is_no_school_writing():
    assert off_topic_reason("某县教育局关于全国小学生运动会筹备工作的总结", BUREAU_BODY) is None


def test_a_menu_line_is_not_taken_for_the_title():
    menu = "首页 工作总结 工作计划 读后感 发言稿 心得体会 述职报告"
    assert off_topic_reason(menu, BUREAU_BODY) is None
    assert off_topic_reason("教育局干部学习心得体会", BUREAU_BODY) == "off_topic:genre"


def test_a_speech_at_the_work_conference_is_a_work_report():
    body = "同志们:今天我们召开全市教育工作会议,总结去年工作,部署今年任务。" + BUREAU_BODY
    assert off_topic_reason("在全市教育工作会议上的讲话稿", body) is None
    assert off_topic_reason("在开学典礼上的讲话稿", body) == "off_topic:genre"


def test_speaking_for_the_county_government_is_another_voice():
    body = "尊敬的各位领导:我代表县委、县政府对各位领导莅临表示欢迎。全县共有学校60所,教育工作……" * 3
    assert off_topic_reason(None, body) == "off_topic:other_voice"


def test_an_untitled_text_in_a_places_voice_about_education_is_kept():
    body = (
        "2022年,在县委、县政府的坚强领导下,全面提升教育教学质量,改善学校办学条件,"
        "建强教师队伍,学前教育普惠发展,义务教育优质均衡。" * 3
    )
    assert off_topic_reason(None, body) is None


def test_score_weights_come_from_the_data_file():
    from cleaning.topic import topic_rules

    weights = topic_rules().score
    assert topic_score("县教育局2023年工作总结", "") == pytest.approx(
        weights["issuer_in_title"] + weights["work_document_in_title"]
    )


# ---------------------------------------------------------------- real pages



@pytest.fixture(scope="module")
def realdev_scores():
    from cleaning.evaluate import evaluate, load_cases, run_cleaning

    cases = load_cases(REALDEV)
    return {gold: evaluate(cases, run_cleaning, topic_from_gold=gold)[0] for gold in (False, True)}


@needs_realdev
@pytest.mark.parametrize("from_gold", [False, True], ids=["cleaned", "gold"])
def test_realdev_topic_judgement(realdev_scores, from_gold):
    scores = [s for s in realdev_scores[from_gold] if s.kind_ok is not None]
    accuracy = sum(s.kind_ok for s in scores) / len(scores)
    assert accuracy >= 0.97
    wrong = [s.name for s in scores if not s.kind_ok]
    assert not [n for n in wrong if realdev_kind(n) == "education"], "education pages rejected"


@needs_realdev
def test_realdev_other_pages_are_rejected_with_a_reason(realdev_scores):
    others = [s for s in realdev_scores[False] if realdev_kind(s.name) == "other"]
    assert others
    assert all(s.reject_reason and s.reject_reason.startswith("off_topic:") for s in others)


def realdev_kind(name: str) -> str:
    gold = json.loads((REALDEV / f"{name}.gold.json").read_text(encoding="utf-8"))
    return gold["kind"]
